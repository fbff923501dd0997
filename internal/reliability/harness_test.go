package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/sqlite"
)

// long reports whether the full tests were asked for (make reliability).
func long() bool { return os.Getenv("ROLO_RELIABILITY") == "long" }

// pick returns the short or the long figure.
func pick(short, full int) int {
	if long() {
		return full
	}
	return short
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	workDir   string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if workDir != "" {
		os.RemoveAll(workDir)
	}
	os.Exit(code)
}

// roloBinary builds rolo once per run, as a release does (same tags), so
// that the tests kill and race real processes.
func roloBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		workDir, buildErr = os.MkdirTemp("", "rolo-reliability-")
		if buildErr != nil {
			return
		}
		goCmd, err := exec.LookPath("go")
		if err != nil {
			goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		binPath = filepath.Join(workDir, "rolo")
		cmd := exec.Command(goCmd, "build", "-tags", "sqlite_fts5 sqlite_omit_load_extension netgo osusergo", "-o", binPath, "github.com/rolo-cli/rolo/cmd/rolo")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// env is a clean environment for rolo: no config file, nothing from the
// developer's ROLO_* variables, acting as alice, the database at db.
func env(t testing.TB, db string) []string {
	home := filepath.Join(t.TempDir(), "home")
	out := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"), "USER=alice", "NO_COLOR=1", "ROLO_DB=" + db}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "ROLO_"), k == "HOME", k == "USER", strings.HasPrefix(k, "XDG_"), k == "NO_COLOR":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// result is what one rolo process did.
type result struct {
	args           []string
	code           int  // exit code; -1 when killed
	killed         bool // ended by our SIGKILL
	stdout, stderr string
	elapsed        time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("rolo %s: exit %d\n%s", strings.Join(r.args, " "), r.code, r.stderr)
}

// locked reports whether the process failed because the database was
// locked: the failure rolo must never have.
func (r result) locked() bool {
	s := strings.ToLower(r.stderr)
	return r.code != 0 && (strings.Contains(s, "database is locked") || strings.Contains(s, "busy"))
}

// rolo runs one rolo process to the end.
func rolo(ctx context.Context, t testing.TB, environ []string, stdin string, args ...string) result {
	return roloKill(ctx, t, environ, stdin, -1, args...)
}

// roloKill runs rolo and, when after >= 0, kills it with SIGKILL after that
// long if it is still running.
func roloKill(ctx context.Context, t testing.TB, environ []string, stdin string, after time.Duration, args ...string) result {
	cmd := exec.CommandContext(ctx, roloBinary(t), args...)
	cmd.Env = environ
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start rolo: %v", err)
	}
	var timer *time.Timer
	if after >= 0 {
		timer = time.AfterFunc(after, func() { cmd.Process.Signal(syscall.SIGKILL) })
	}
	err := cmd.Wait()
	if timer != nil {
		timer.Stop()
	}
	r := result{args: args, stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			r.killed = true
		}
	default:
		t.Fatalf("rolo %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// healthy runs doctor's checks on the database and returns what failed.
func healthy(t testing.TB, path string) []string {
	t.Helper()
	h, err := sqlite.Doctor(context.Background(), path, sqlite.DoctorOptions{})
	if err != nil {
		return []string{err.Error()}
	}
	var bad []string
	for _, c := range h.Checks {
		if c.Status == sqlite.CheckError {
			bad = append(bad, c.Name+": "+c.Detail)
		}
	}
	return bad
}
