package reliability

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// exported is what the concurrency test reads back from an export.
type exported struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Emails []struct {
		Address string `json:"address"`
	} `json:"emails"`
	Tags []string `json:"tags"`
}

// checkExport reads a JSON export and checks that it is whole: a JSON
// array of contacts in ascending ID order, each at most once, with at most
// one title set by the bulk editor (a bulk edit is all or nothing).
func checkExport(data []byte) ([]exported, error) {
	var cs []exported
	if err := json.Unmarshal(data, &cs); err != nil {
		return nil, fmt.Errorf("not a complete JSON array (%d bytes): %v", len(data), err)
	}
	titles := map[string]bool{}
	for i, c := range cs {
		if i > 0 && c.ID <= cs[i-1].ID {
			return nil, fmt.Errorf("contact %d after %d: not in ID order", c.ID, cs[i-1].ID)
		}
		if len(c.Emails) != 1 {
			return nil, fmt.Errorf("contact %d has %d emails", c.ID, len(c.Emails))
		}
		if c.Title != "" {
			titles[c.Title] = true
		}
	}
	if len(titles) > 1 {
		return nil, fmt.Errorf("a bulk edit was seen half-applied: titles %v", titles)
	}
	return cs, nil
}

// TestConcurrentWriters is several teammates' scripts on one database: 8
// processes each add contacts one `rolo add` at a time, while one process
// exports in a loop (atomically to a file that another reader keeps
// reading, and to stdout, with a `rolo backup` now and then) and one runs
// bulk edits (`edit --where --set`, `tag --where`). Every add must land
// exactly once, no command may fail with "database is locked", every export
// must be complete and one consistent snapshot, every backup sound.
func TestConcurrentWriters(t *testing.T) {
	const writers = 8
	perWriter := pick(25, 250)
	dir := t.TempDir()
	db := filepath.Join(dir, "team.db")
	environ := env(t, db)
	ctx, cancel := context.WithTimeout(context.Background(), 9*time.Minute)
	defer cancel()
	roloBinary(t)

	var (
		mu                          sync.Mutex
		adds, exports, edits, reads int
		backups                     int
		failures                    []string
		lockedFailures              int
		badExports                  []string
		exportTimes                 []time.Duration
	)
	fail := func(r result) {
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, r.String())
		if r.locked() {
			lockedFailures++
		}
	}
	badExport := func(what string, err error) {
		mu.Lock()
		defer mu.Unlock()
		badExports = append(badExports, what+": "+err.Error())
	}

	start := time.Now()
	var writersWG, othersWG sync.WaitGroup
	done := make(chan struct{})
	for w := 0; w < writers; w++ {
		writersWG.Add(1)
		go func(w int) {
			defer writersWG.Done()
			for i := 0; i < perWriter; i++ {
				r := rolo(ctx, t, environ, "", "-q", "add", "--first", fmt.Sprintf("W%d", w), "--last", fmt.Sprintf("N%04d", i),
					"--email", fmt.Sprintf("w%d.n%d@example.com", w, i), "--phone", fmt.Sprintf("+1415%03d%04d", 200+w, i),
					"--tag", "conc", "--public")
				if r.code != 0 {
					fail(r)
					continue
				}
				mu.Lock()
				adds++
				mu.Unlock()
			}
		}(w)
	}

	// The exporter: to a file with --out, to stdout, and backups.
	outFile := filepath.Join(dir, "export.json")
	othersWG.Add(1)
	go func() {
		defer othersWG.Done()
		last := 0
		for k := 0; ; k++ {
			select {
			case <-done:
				return
			default:
			}
			if _, err := os.Stat(db); err != nil {
				// A read command refuses a database that is not there
				// yet: it starts once the first writer has made the file
				// (still empty at first, which it must wait for).
				k--
				time.Sleep(time.Millisecond)
				continue
			}
			if k%5 == 4 {
				// A backup taken while everyone writes is a sound
				// database with every contact of one moment.
				backup := filepath.Join(dir, "backup.db")
				r := rolo(ctx, t, environ, "", "-q", "backup", backup)
				if r.code != 0 {
					fail(r)
					continue
				}
				if bad := healthy(t, backup); len(bad) > 0 {
					badExport("backup", fmt.Errorf("%s", strings.Join(bad, "; ")))
				}
				mu.Lock()
				backups++
				mu.Unlock()
				continue
			}
			var data []byte
			var r result
			if k%2 == 0 {
				r = rolo(ctx, t, environ, "", "-q", "export", "--format", "json", "--out", outFile)
				if r.code == 0 {
					var err error
					if data, err = os.ReadFile(outFile); err != nil {
						badExport("read "+outFile, err)
						continue
					}
				}
			} else {
				r = rolo(ctx, t, environ, "", "-q", "export", "--format", "json")
				data = []byte(r.stdout)
			}
			if r.code != 0 {
				// Before the first add, the database may hold no contact.
				if !strings.Contains(r.stderr, "no contact") {
					fail(r)
				}
				continue
			}
			cs, err := checkExport(data)
			if err != nil {
				badExport(fmt.Sprintf("export %d", k), err)
				continue
			}
			if len(cs) < last {
				badExport(fmt.Sprintf("export %d", k), fmt.Errorf("%d contacts after %d: contacts went missing", len(cs), last))
			}
			last = len(cs)
			mu.Lock()
			exports++
			exportTimes = append(exportTimes, r.elapsed)
			mu.Unlock()
		}
	}()

	// A reader of the export file: whatever moment it reads, the file is a
	// whole export (the rename is atomic).
	othersWG.Add(1)
	go func() {
		defer othersWG.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
			data, err := os.ReadFile(outFile)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				badExport("reader", err)
				continue
			}
			if _, err := checkExport(data); err != nil {
				badExport("reader", err)
			}
			mu.Lock()
			reads++
			mu.Unlock()
		}
	}()

	// The bulk editor.
	othersWG.Add(1)
	go func() {
		defer othersWG.Done()
		for k := 0; ; k++ {
			select {
			case <-done:
				return
			default:
			}
			if _, err := os.Stat(db); err != nil {
				// As the exporter: a command that changes what is there
				// already refuses a database that is not there yet.
				k--
				time.Sleep(time.Millisecond)
				continue
			}
			var r result
			switch k % 3 {
			case 0:
				r = rolo(ctx, t, environ, "", "-q", "--yes", "edit", "--where", "tag:conc", "--set", fmt.Sprintf("title=round-%d", k))
			case 1:
				r = rolo(ctx, t, environ, "", "-q", "--yes", "tag", "--where", "tag:conc", "--add", "bulk")
			case 2:
				r = rolo(ctx, t, environ, "", "-q", "--yes", "tag", "--where", "tag:conc", "--rm", "bulk")
			}
			if r.code != 0 {
				if !strings.Contains(r.stderr, "no contact matches") {
					fail(r)
				}
				continue
			}
			mu.Lock()
			edits++
			mu.Unlock()
		}
	}()

	writersWG.Wait()
	close(done)
	othersWG.Wait()
	elapsed := time.Since(start)

	// Every add landed exactly once.
	r := rolo(ctx, t, environ, "", "export", "--format", "json")
	if r.code != 0 {
		t.Fatal(r)
	}
	final, err := checkExport([]byte(r.stdout))
	if err != nil {
		t.Fatalf("final export: %v", err)
	}
	seen := map[string]int{}
	for _, c := range final {
		seen[c.Emails[0].Address]++
	}
	lost, duplicated := 0, 0
	for w := 0; w < writers; w++ {
		for i := 0; i < perWriter; i++ {
			switch n := seen[fmt.Sprintf("w%d.n%d@example.com", w, i)]; {
			case n == 0:
				lost++
			case n > 1:
				duplicated += n - 1
			}
		}
	}
	bad := healthy(t, db)

	var slowest time.Duration
	for _, d := range exportTimes {
		slowest = max(slowest, d)
	}
	t.Logf("concurrency: %d writers x %d adds, %d exports (%d file reads), %d backups, %d bulk edits in %s (slowest export %s)",
		writers, perWriter, exports, reads, backups, edits, elapsed.Round(time.Millisecond), slowest.Round(time.Millisecond))
	t.Logf("concurrency: operations attempted %d; failures %d; \"database is locked\" failures %d; incomplete exports %d; lost rows %d; duplicated rows %d; integrity failures %d",
		writers*perWriter+exports+backups+edits, len(failures), lockedFailures, len(badExports), lost, duplicated, len(bad))

	for _, f := range failures {
		t.Errorf("failed: %s", f)
	}
	for _, b := range badExports {
		t.Errorf("export: %s", b)
	}
	if adds != writers*perWriter || len(final) != writers*perWriter || lost > 0 || duplicated > 0 {
		t.Errorf("%d adds succeeded, %d contacts in the database, %d lost, %d duplicated; want %d, each once", adds, len(final), lost, duplicated, writers*perWriter)
	}
	if exports == 0 || edits == 0 {
		t.Errorf("%d exports and %d bulk edits ran; want some of each", exports, edits)
	}
	for _, b := range bad {
		t.Errorf("doctor: %s", b)
	}
}
