// Package cli runs rolo: it builds the command tree, executes it and turns
// the outcome into an exit code. This is the one place where errors become
// exit codes (SPEC section 7).
package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rolo-cli/rolo/internal/atomicfile"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/cmd/root"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/iostreams"
	"github.com/rolo-cli/rolo/internal/shield"
)

// Exit codes (SPEC section 7).
const (
	ExitOK       = 0
	ExitFailure  = 1
	ExitUsage    = 2
	ExitNotFound = 3
	ExitPerm     = 4
	ExitPartial  = 5
	// ExitBrokenPipe is the status of a command whose output's reader
	// went away (rolo export --out /dev/stdout | head): the status a
	// shell gives a program that SIGPIPE ended, as it ends one writing
	// standard output itself, with nothing said.
	ExitBrokenPipe = 128 + int(syscall.SIGPIPE)
)

// Version is set at build time with -ldflags.
var Version = "dev"

// Main runs rolo with the process's arguments and returns the exit code.
func Main() int {
	f := factory.New()
	defer f.Close()
	return Run(context.Background(), f, os.Args[1:])
}

// Run executes one command line with a factory, for main and for tests.
func Run(ctx context.Context, f *factory.Factory, args []string) int {
	shield.Reset()
	cmd := root.NewCmdRootFor(f, Version, args)
	args = root.SeparateQueryArgs(cmd, root.CompletionArgs(cmd, args))
	cmd.SetArgs(args)
	// Only commands marked factory.Interruptible catch Ctrl-C: catching
	// it costs every process about 2.5 ms (os/signal's watcher keeps a
	// thread, and the database driver watches a context that can be
	// cancelled with a goroutine per statement).
	stop := func() {}
	if target, _, err := cmd.Find(args); err == nil && target.Annotations[factory.Interruptible] != "" {
		ctx, stop = notifyInterrupt(ctx, f.IO.ErrOut)
	}
	cmd.SetIn(f.IO.In)
	cobraOut := &stickyWriter{w: f.IO.Out}
	cmd.SetOut(cobraOut)
	cmd.SetErr(f.IO.ErrOut)
	err := Interrupted(ctx, cmd.ExecuteContext(ctx))
	stop() // the command has returned: it says what happened itself
	if err == nil {
		// Help is printed by cobra, which drops write errors; help lost to
		// a full disk fails as any other output does.
		err = cobraOut.err
	}
	if err == nil {
		return ExitOK
	}
	if contact.ErrorCode(err) == contact.ENOTHING {
		f.Infof("%s", contact.ErrorMessage(err))
		return ExitOK
	}
	err = f.NameDatabase(err)
	code := ExitCode(err)
	if code != ExitBrokenPipe {
		printError(f.IO.ErrOut, err, code)
	}
	return code
}

// interruptGrace is how long an interrupted command has to return, rolled
// back, before the process ends without it.
var interruptGrace = time.Second

// interruptedMessage is what an interrupted command says.
const interruptedMessage = "rolo: interrupted; nothing was changed by the unfinished command"

// interruptedAfterSaving is what a command says that is ended after it
// saved its change, while it finished (see notifyInterrupt).
const interruptedAfterSaving = "rolo: interrupted after the change was saved; the rest of the command was not done"

// exit ends the process; tests replace it.
var exit = os.Exit

// notifyInterrupt returns a context that Ctrl-C, SIGTERM or SIGHUP
// cancels, which the command sees between records and in every SQL
// statement. A command waiting where no cancellation reaches (opening a
// named pipe nobody opens, reading a pipe whose writer is silent, writing
// one whose reader is not reading) would keep the signal for ever, as
// os/signal has taken over its default action: if it has not returned
// within interruptGrace, or at a second signal, the process ends here,
// with the same message and exit 1, after removing the temporary files it
// was writing. An open transaction is rolled back by the process ending,
// as after kill -9 (SQLite's journal); no file is renamed into place.
// stop, called when the command has returned, ends the watch.
func notifyInterrupt(ctx context.Context, errOut io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	shield.Reset()
	// Read here, not by the watch, which may outlive a test that sets them.
	grace, exit := interruptGrace, exit
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	// Held by whichever ends first: the command (stop) or the watch,
	// which then ends the process.
	var ending sync.Mutex
	go func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		cancel()
		select {
		case <-sigs:
		case <-time.After(grace):
		case <-done:
			return
		}
		// Not inside a commit. After one, the command has saved a change
		// and is given as long again (or until another signal) to finish
		// and say so: what keeps it then (an error file written to a
		// pipe nobody reads) must not keep it for ever.
		message := interruptedMessage
		saved, release := shield.Hold()
		if saved {
			release()
			select {
			case <-sigs:
			case <-time.After(grace):
			case <-done:
				return
			}
			message = interruptedAfterSaving
			_, release = shield.Hold()
		}
		defer release()
		ending.Lock()
		select {
		case <-done:
			ending.Unlock()
			return
		default:
		}
		atomicfile.RemoveHeld()
		fmt.Fprintln(errOut, message)
		exit(ExitFailure)
		ending.Unlock() // only where a test's exit returns
	}()
	return ctx, func() {
		ending.Lock()
		close(done)
		ending.Unlock()
		signal.Stop(sigs)
		cancel()
	}
}

// closedByCancel are database/sql's errors for a transaction, statement or
// rows it closed itself when the command's context was cancelled.
var closedByCancel = []string{
	"sql: transaction has already been committed or rolled back",
	"sql: Rows are closed",
	"sql: statement is closed",
	"sql: database is closed",
	"sql: connection is already closed",
}

// Interrupted returns context.Canceled for an error that ctx's
// cancellation (Ctrl-C, SIGTERM, SIGHUP) caused, however it surfaced: a
// transaction that database/sql rolled back on the cancellation makes the
// next statement fail with one of its own errors, which would read as a
// failure of the database rather than an interrupt. Other errors are
// returned as they are.
func Interrupted(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil || errors.Is(err, context.Canceled) {
		return err
	}
	if errors.Is(err, sql.ErrTxDone) || errors.Is(err, sql.ErrConnDone) {
		return context.Canceled
	}
	for _, m := range closedByCancel {
		if strings.Contains(err.Error(), m) {
			return context.Canceled
		}
	}
	return err
}

// stickyWriter keeps the first error of its writer.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

// ExitCode maps an error to its exit code.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, context.Canceled) {
		return ExitFailure
	}
	if errors.Is(err, syscall.EPIPE) {
		return ExitBrokenPipe
	}
	var ue *root.UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	switch contact.ErrorCode(err) {
	case contact.EINVALID:
		return ExitUsage
	case contact.ENOTFOUND, contact.EAMBIGUOUS:
		return ExitNotFound
	case contact.EPERM:
		return ExitPerm
	case contact.EPARTIAL:
		return ExitPartial
	case contact.ENOTHING:
		return ExitOK
	}
	return ExitFailure
}

func printError(w io.Writer, err error, code int) {
	if errors.Is(err, context.Canceled) {
		// A command that commits more than once (dupes --merge, a group
		// at a time) has kept what it committed before the interrupt.
		if shield.Saved() {
			fmt.Fprintln(w, interruptedAfterSaving)
			return
		}
		fmt.Fprintln(w, interruptedMessage)
		return
	}
	var ue *root.UsageError
	if errors.As(err, &ue) {
		fmt.Fprint(w, iostreams.Printable(fmt.Sprintf("rolo: %s\nRun '%s --help' for usage.\n", ue.Err, ue.Command)))
		return
	}
	fmt.Fprint(w, iostreams.Printable("rolo: "+contact.ErrorMessage(err)+"\n"))
}
