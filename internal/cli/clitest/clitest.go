// Package clitest runs rolo command lines in-process for tests, the one
// harness every command test uses: buffers for the streams, a home and XDG
// directories of the test's own, a user and a fixed clock, so that two tests
// differ only in what they say they differ in. Only tests import it.
package clitest

import (
	"context"
	"io"
	"path/filepath"
	"time"

	"github.com/rolo-cli/rolo/internal/cli"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// Now is the clock of a Runner that names none: the ROLO_NOW of the
// testscripts, so that in-process tests and scripts agree on "today".
var Now = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// Runner describes one in-process command line's surroundings.
type Runner struct {
	// Dir holds the home directory (Dir/home, with XDG_CONFIG_HOME and
	// XDG_DATA_HOME inside it).
	Dir string
	// DB is ROLO_DB; "" leaves it unset, so the profile's database in
	// XDG_DATA_HOME is used.
	DB string
	// User is USER, the login rolo acts as; "" is alice.
	User string
	// Env adds or overrides environment variables (ROLO_USER, ...).
	Env map[string]string
	// Now is the clock; the zero time is Now.
	Now time.Time
	// Stdin is standard input; nil is empty.
	Stdin io.Reader
	// Out, when set, receives stdout instead of Result.Out.
	Out io.Writer
	// StdinTTY, StdoutTTY and StderrTTY say which streams claim to be a
	// terminal.
	StdinTTY, StdoutTTY, StderrTTY bool
	// Ctx is the command's context (an interrupt cancels it); nil is
	// context.Background().
	Ctx context.Context
}

// Result is what a command line did: its exit code, stdout (unless
// Runner.Out took it) and stderr.
type Result struct {
	Code     int
	Out, Err string
}

// Run runs one command line, as `rolo args...`, and closes the store after
// it.
func (r Runner) Run(args ...string) Result {
	ios, _, out, errOut := iostreams.Test()
	if r.Stdin != nil {
		ios.In = r.Stdin
	}
	if r.Out != nil {
		ios.Out = r.Out
	}
	ios.SetTTY(r.StdinTTY, r.StdoutTTY, r.StderrTTY)
	user := r.User
	if user == "" {
		user = "alice"
	}
	home := filepath.Join(r.Dir, "home")
	env := map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "XDG_DATA_HOME": filepath.Join(home, ".local", "share"),
		"ROLO_DB": r.DB, "USER": user, "NO_COLOR": "1",
	}
	for k, v := range r.Env {
		env[k] = v
	}
	now := r.Now
	if now.IsZero() {
		now = Now
	}
	f := &factory.Factory{IO: ios, Env: func(k string) string { return env[k] }, Now: func() time.Time { return now }}
	defer f.Close()
	ctx := r.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	code := cli.Run(ctx, f, args)
	return Result{Code: code, Out: out.String(), Err: errOut.String()}
}
