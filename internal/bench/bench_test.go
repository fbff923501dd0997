package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/gen"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// bigN contacts make the large database; seed makes them.
const (
	bigN      = 100_000
	seed      = 20260615
	batchSize = 5000
	actor     = "alice"
)

// workDir holds what the benchmarks build once per run (the rolo binary and
// the databases); TestMain removes it.
var (
	workOnce sync.Once
	workDir  string
	workErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if workDir != "" {
		os.RemoveAll(workDir)
	}
	os.Exit(code)
}

func work(tb testing.TB) string {
	tb.Helper()
	workOnce.Do(func() { workDir, workErr = os.MkdirTemp("", "rolo-bench-") })
	if workErr != nil {
		tb.Fatal(workErr)
	}
	return workDir
}

// once runs build the first time a benchmark asks for it in this run, and
// remembers its result (or failure) for every later call.
type once[T any] struct {
	sync.Once
	v   T
	err error
}

func (o *once[T]) get(tb testing.TB, build func() (T, error)) T {
	tb.Helper()
	o.Do(func() { o.v, o.err = build() })
	if o.err != nil {
		tb.Fatal(o.err)
	}
	return o.v
}

// bigDB is the database of bigN generated contacts, built once per run with
// the bulk loader, and a contact in it worth showing.
type bigDB struct {
	path   string
	showID int64
}

var big once[bigDB]

func bigDatabase(tb testing.TB) bigDB {
	return big.get(tb, func() (bigDB, error) {
		out := bigDB{path: filepath.Join(work(tb), "big.db")}
		start := time.Now()
		ctx := context.Background()
		db, err := sqlite.Open(ctx, out.path, sqlite.Options{Actor: actor, Region: "US"})
		if err != nil {
			return out, err
		}
		defer db.Close()
		batch := make([]*contact.Contact, 0, batchSize)
		i := 0
		gen.Contacts(seed, bigN, func(c *contact.Contact) bool {
			i++
			// Show a contact with everything: the worst case for show.
			if out.showID == 0 && i > bigN/2 && len(c.Phones) > 1 && len(c.Emails) > 0 &&
				len(c.Addresses) > 0 && len(c.Notes) > 0 && len(c.Tags) > 0 && len(c.Attributes) > 0 {
				out.showID = int64(i)
			}
			batch = append(batch, c)
			if len(batch) == batchSize || i == bigN {
				if err = db.ImportContacts(ctx, batch); err != nil {
					return false
				}
				batch = batch[:0]
			}
			return true
		})
		if err != nil {
			return out, err
		}
		if err := db.Close(); err != nil {
			return out, err
		}
		fi, err := os.Stat(out.path)
		if err != nil {
			return out, err
		}
		tb.Logf("built %d contacts in %s (%.0f µs each), %d MB", bigN, time.Since(start).Round(time.Millisecond),
			float64(time.Since(start).Microseconds())/bigN, fi.Size()>>20)
		return out, nil
	})
}

// copyOf returns a copy of the big database for a benchmark that writes.
func copyOf(tb testing.TB, name string) string {
	dst := filepath.Join(work(tb), name)
	copyFile(tb, bigDatabase(tb).path, dst)
	return dst
}

// copyFile copies the file src to dst.
func copyFile(tb testing.TB, src, dst string) {
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

var binary once[string]

// roloBinary builds rolo once per run as a release does (the Makefile's
// tags, -trimpath, -s -w and a static link), so that startup is measured as
// users get it.
func roloBinary(tb testing.TB) string {
	return binary.get(tb, func() (string, error) {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		bin := filepath.Join(work(tb), "rolo")
		cmd := exec.Command(goCmd, "build", "-tags", "sqlite_fts5 sqlite_omit_load_extension netgo osusergo", "-trimpath",
			"-ldflags", "-s -w -linkmode external -extldflags -static", "-o", bin, "github.com/rolo-cli/rolo/cmd/rolo")
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build: %v\n%s", err, out)
		}
		return bin, nil
	})
}

// roloEnv is a clean environment: no config file, nothing from the
// developer's ROLO_* variables, acting as the database's owner.
func roloEnv(tb testing.TB) []string {
	home := filepath.Join(work(tb), "home")
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"), "USER=" + actor, "NO_COLOR=1"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "ROLO_"), k == "HOME", k == "USER", strings.HasPrefix(k, "XDG_"), k == "NO_COLOR":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// rolo runs the binary once and returns its stdout; it fails the benchmark
// with stderr when rolo fails.
func rolo(tb testing.TB, env []string, args ...string) string {
	tb.Helper()
	cmd := exec.Command(roloBinary(tb), args...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("rolo %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// runProcess times whole rolo processes: fork, exec, runtime and package
// initialisation, config, the command, exit. Output goes to /dev/null, as
// the cheapest sink, after a first checked run.
func runProcess(b *testing.B, env []string, check func(stdout string) error, args func(i int) []string) {
	bin := roloBinary(b)
	if check != nil {
		if err := check(rolo(b, env, args(-1)...)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, args(i)...)
		cmd.Env = env
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				b.Fatalf("rolo %s: exit %d", strings.Join(args(i), " "), ee.ExitCode())
			}
			b.Fatal(err)
		}
	}
}

// BenchmarkVersion is `rolo --version`: the floor every command pays.
// Target: under 10 ms.
func BenchmarkVersion(b *testing.B) {
	runProcess(b, roloEnv(b), func(out string) error {
		if !strings.HasPrefix(out, "rolo ") {
			return fmt.Errorf("rolo --version printed %q", out)
		}
		return nil
	}, func(int) []string { return []string{"--version"} })
}

// BenchmarkShowProcess100k is `rolo show ID` on 100,000 contacts.
// Target: under 15 ms.
func BenchmarkShowProcess100k(b *testing.B) {
	db := bigDatabase(b)
	id := strconv.FormatInt(db.showID, 10)
	runProcess(b, roloEnv(b), func(out string) error {
		if !strings.Contains(out, "\n") || !strings.Contains(out, id) {
			return fmt.Errorf("rolo show %s printed %q", id, out)
		}
		return nil
	}, func(int) []string { return []string{"--db", db.path, "show", id} })
}

// BenchmarkAddProcess is `rolo add` with a phone and an email, on a copy of
// the database of 100,000 contacts.
func BenchmarkAddProcess(b *testing.B) {
	path := copyOf(b, "add.db")
	runProcess(b, roloEnv(b), func(out string) error {
		if _, err := strconv.ParseInt(strings.TrimSpace(out), 10, 64); err != nil {
			return fmt.Errorf("rolo add printed %q, not an ID", out)
		}
		return nil
	}, func(i int) []string {
		return []string{"--db", path, "-q", "add", "--first", "Bench", "--last", "Mark" + strconv.Itoa(i),
			"--phone", fmt.Sprintf("(415) 555-%04d", (i+1)%10000), "--email", fmt.Sprintf("bench%d@example.com", i+1)}
	})
}

// BenchmarkShow100k is what show asks of the store: resolve the REF and
// read the last changes, on 100,000 contacts.
func BenchmarkShow100k(b *testing.B) {
	big := bigDatabase(b)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, big.path, sqlite.Options{Actor: actor, Region: "US"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ref := strconv.FormatInt(big.showID, 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := db.ResolveRef(ctx, ref, contact.ScopeAny)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Changes(ctx, c.ID, 5); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateContact is one CreateContact (validation, one
// transaction, read back) of a generated contact on a fresh database.
func BenchmarkCreateContact(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "create.db"), sqlite.Options{Actor: actor, Region: "US"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cs := gen.Generate(seed, b.N).Contacts
	b.ResetTimer()
	for _, c := range cs {
		if err := db.CreateContact(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportContacts is the bulk loader, per contact, in batches of
// 5,000 on a fresh database: what building the 100k database costs.
func BenchmarkImportContacts(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "import.db"), sqlite.Options{Actor: actor, Region: "US"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cs := gen.Generate(seed, b.N).Contacts
	b.ResetTimer()
	for start := 0; start < len(cs); start += batchSize {
		if err := db.ImportContacts(ctx, cs[start:min(start+batchSize, len(cs))]); err != nil {
			b.Fatal(err)
		}
	}
}
