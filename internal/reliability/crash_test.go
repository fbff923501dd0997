package reliability

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // to read what the killed processes left

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// crashSeed is the default seed of the crash test; ROLO_CRASH_SEED picks
// another. The seed draws the operations, their sizes and the kill delays;
// where a kill lands in an operation also depends on the machine's speed.
const crashSeed = 20260615

// crashOp is one kind of operation the crash test runs and kills.
type crashOp struct {
	name   string
	weight int
	// run starts the operation (k numbers it) and returns how to check the
	// database afterwards: check is told whether the process succeeded and
	// returns what is wrong with the database ("" when all is well), and
	// the contacts the operation added (for the row count).
	run func(k int) (args []string, check func(ok bool) (problem string, added int))
}

// crashStats are the figures make reliability prints.
type crashStats struct {
	ops, kills, completed map[string]int
	integrityFailures     int
	partial               int
	lost, duplicated      int
	locked, otherFailures int
	problems              []string
	elapsedByOp           map[string]time.Duration
}

// TestCrashConsistency kills rolo with SIGKILL at random points of imports,
// bulk edits, bulk tags, adds, merges, backups and restores, and checks
// after each one that
// SQLite finds the file sound, that the search indexes agree with the
// tables (doctor's checks), that the operation was applied entirely or not
// at all, and that no contact was lost or duplicated.
func TestCrashConsistency(t *testing.T) {
	seed := uint64(crashSeed)
	if s := os.Getenv("ROLO_CRASH_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("ROLO_CRASH_SEED=%q: %v", s, err)
		}
		seed = v
	}
	wantKills := pick(10, 150)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	dir := t.TempDir()
	db := filepath.Join(dir, "crash.db")
	environ := env(t, db)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	roloBinary(t)

	const baseN, poolN = 300, 120
	seedDatabase(t, db, baseN, poolN)
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=rw&_busy_timeout=30000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	one := func(q string, args ...any) int {
		var n int
		if err := raw.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	strs := func(q string, args ...any) []string {
		rows, err := raw.Query(q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	withTag := func(tag string) int {
		return one(`SELECT count(*) FROM contact_tags WHERE tag = ?`, tag)
	}
	lastTitle := ""
	backupFile := filepath.Join(dir, "backup.db")
	backupFP := "" // the contents of the last backup that completed

	ops := []crashOp{
		{name: "import", weight: 3, run: func(k int) ([]string, func(bool) (string, int)) {
			rows := 150 + rng.IntN(600)
			file := filepath.Join(dir, fmt.Sprintf("import-%d.csv", k))
			var b strings.Builder
			b.WriteString("first,last,company,email,phone,notes\n")
			for i := 0; i < rows; i++ {
				fmt.Fprintf(&b, "Imp%d,Row%d,Acme %d,imp%d.%d@example.com,+1 212 %03d %04d,imported in batch %d\n", k, i, i%7, k, i, 200+k%800, i, k)
			}
			if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			tag := fmt.Sprintf("imp-%d", k)
			return []string{"-q", "import", file, "--tag", tag}, func(ok bool) (string, int) {
				n := withTag(tag)
				batches := one(`SELECT count(*) FROM import_batches WHERE source LIKE ?`, "%"+filepath.Base(file))
				switch {
				case ok && n != rows:
					return fmt.Sprintf("import %d finished but %d of %d rows are in", k, n, rows), n
				case n != 0 && n != rows:
					return fmt.Sprintf("import %d left %d of %d rows", k, n, rows), n
				case (n == 0) != (batches == 0):
					return fmt.Sprintf("import %d: %d rows but %d batches", k, n, batches), n
				}
				return "", n
			}
		}},
		{name: "bulk edit", weight: 3, run: func(k int) ([]string, func(bool) (string, int)) {
			title := fmt.Sprintf("edit-%d", k)
			return []string{"-q", "--yes", "edit", "--where", "tag:base", "--set", "title=" + title}, func(ok bool) (string, int) {
				got := strs(`SELECT DISTINCT c.title FROM contacts c JOIN contact_tags t ON t.contact_id = c.id AND t.tag = 'base' ORDER BY 1`)
				switch {
				case len(got) != 1:
					return fmt.Sprintf("bulk edit %d left base contacts with titles %q", k, got), 0
				case ok && got[0] != title:
					return fmt.Sprintf("bulk edit %d finished but the title is %q", k, got[0]), 0
				case got[0] != title && got[0] != lastTitle:
					return fmt.Sprintf("bulk edit %d: title %q, neither %q nor the one before (%q)", k, got[0], title, lastTitle), 0
				}
				lastTitle = got[0]
				return "", 0
			}
		}},
		{name: "bulk tag", weight: 2, run: func(k int) ([]string, func(bool) (string, int)) {
			tag := fmt.Sprintf("t-%d", k)
			return []string{"-q", "--yes", "tag", "--where", "tag:base", "--add", tag}, func(ok bool) (string, int) {
				n := withTag(tag)
				if (ok && n != baseN) || (n != 0 && n != baseN) {
					return fmt.Sprintf("bulk tag %d is on %d of %d contacts", k, n, baseN), 0
				}
				return "", 0
			}
		}},
		{name: "add", weight: 2, run: func(k int) ([]string, func(bool) (string, int)) {
			email := fmt.Sprintf("add%d@example.com", k)
			return []string{"-q", "add", "--first", "Crash", "--last", fmt.Sprintf("Add%d", k), "--email", email,
					"--phone", fmt.Sprintf("+1 646 555 %04d", k%10000), "--tag", "added", "--note", "added before a crash"},
				func(ok bool) (string, int) {
					n := one(`SELECT count(*) FROM contact_emails WHERE address = ?`, email)
					if (ok && n != 1) || n > 1 {
						return fmt.Sprintf("add %d: %d contacts with its email", k, n), n
					}
					return "", n
				}
		}},
		{name: "merge", weight: 2, run: func(k int) ([]string, func(bool) (string, int)) {
			alive := strs(`SELECT c.id FROM contacts c JOIN contact_tags t ON t.contact_id = c.id AND t.tag = 'pool' ORDER BY c.id`)
			if len(alive) < 2 {
				return nil, nil
			}
			i := rng.IntN(len(alive))
			j := (i + 1 + rng.IntN(len(alive)-1)) % len(alive)
			keep, other := alive[i], alive[j]
			otherEmails := strs(`SELECT address FROM contact_emails WHERE contact_id = ?`, other)
			return []string{"-q", "--yes", "merge", keep, other}, func(ok bool) (string, int) {
				gone := one(`SELECT count(*) FROM contacts WHERE id = ?`, other) == 0
				recorded := one(`SELECT count(*) FROM merge_sources s JOIN merges m ON m.id = s.merge_id WHERE s.contact_id = ? AND m.keep_id = ?`, other, keep) > 0
				moved := 0
				for _, e := range otherEmails {
					moved += one(`SELECT count(*) FROM contact_emails WHERE contact_id = ? AND address = ?`, keep, e)
				}
				applied := gone && recorded && moved == len(otherEmails)
				untouched := !gone && !recorded && moved == 0
				switch {
				case ok && !applied:
					return fmt.Sprintf("merge %s into %s finished but gone=%v recorded=%v moved=%d", other, keep, gone, recorded, moved), 0
				case !applied && !untouched:
					return fmt.Sprintf("merge %s into %s half-done: gone=%v recorded=%v moved=%d of %d", other, keep, gone, recorded, moved, len(otherEmails)), 0
				case applied:
					return "", -1
				}
				return "", 0
			}
		}},
		{name: "backup", weight: 1, run: func(k int) ([]string, func(bool) (string, int)) {
			now := contentsOf(raw)
			return []string{"-q", "backup", backupFile}, func(ok bool) (string, int) {
				if _, err := os.Stat(backupFile); err != nil {
					if ok || backupFP != "" {
						return fmt.Sprintf("backup %d: no backup file after it (%v)", k, err), 0
					}
					return "", 0
				}
				if bad := healthy(t, backupFile); len(bad) > 0 {
					return fmt.Sprintf("backup %d left a damaged backup: %s", k, strings.Join(bad, "; ")), 0
				}
				b, err := sql.Open("sqlite3", "file:"+backupFile+"?mode=ro")
				if err != nil {
					t.Fatal(err)
				}
				got := contentsOf(b)
				b.Close()
				switch {
				case got == now:
					backupFP = got
				case ok:
					return fmt.Sprintf("backup %d finished but does not hold the database", k), 0
				case got != backupFP:
					return fmt.Sprintf("backup %d left a backup of neither the database nor the last backup", k), 0
				}
				return "", 0
			}
		}},
		{name: "restore", weight: 1, run: func(k int) ([]string, func(bool) (string, int)) {
			if backupFP == "" {
				return nil, nil
			}
			before, count := contentsOf(raw), one(`SELECT count(*) FROM contacts`)
			return []string{"-q", "--yes", "restore-backup", backupFile}, func(ok bool) (string, int) {
				got := contentsOf(raw)
				if (ok && got != backupFP) || (got != backupFP && got != before) {
					return fmt.Sprintf("restore %d (finished %v) left neither the database as it was nor the backup", k, ok), 0
				}
				if titles := strs(`SELECT DISTINCT c.title FROM contacts c JOIN contact_tags t ON t.contact_id = c.id AND t.tag = 'base'`); len(titles) == 1 {
					lastTitle = titles[0]
				}
				return "", one(`SELECT count(*) FROM contacts`) - count
			}
		}},
	}
	total := 0
	for _, op := range ops {
		total += op.weight
	}
	choose := func() crashOp {
		n := rng.IntN(total)
		for _, op := range ops {
			if n < op.weight {
				return op
			}
			n -= op.weight
		}
		return ops[0]
	}

	st := crashStats{ops: map[string]int{}, kills: map[string]int{}, completed: map[string]int{}, elapsedByOp: map[string]time.Duration{}}
	estimate := map[string]time.Duration{}
	expected := one(`SELECT count(*) FROM contacts`)
	start := time.Now()
	for k := 1; st.total(st.kills) < wantKills; k++ {
		if ctx.Err() != nil {
			t.Fatalf("out of time after %d operations", k)
		}
		op := choose()
		args, check := op.run(k)
		if args == nil {
			continue
		}
		// Kill most runs at a random point of the time this kind of
		// operation takes; let some finish, to check those too.
		after := time.Duration(-1)
		if est, ok := estimate[op.name]; ok && rng.IntN(10) < 8 {
			after = time.Duration(rng.Int64N(int64(est)*11/10) + 1)
		}
		r := roloKill(ctx, t, environ, "", after, args...)
		st.ops[op.name]++
		switch {
		case r.killed:
			st.kills[op.name]++
		case r.code == 0:
			st.completed[op.name]++
			st.elapsedByOp[op.name] += r.elapsed
			estimate[op.name] = st.elapsedByOp[op.name] / time.Duration(st.completed[op.name])
		case r.locked():
			st.locked++
			st.problems = append(st.problems, r.String())
		default:
			st.otherFailures++
			st.problems = append(st.problems, r.String())
		}
		if bad := healthy(t, db); len(bad) > 0 {
			st.integrityFailures++
			st.problems = append(st.problems, fmt.Sprintf("after %s %d (killed %v): %s", op.name, k, r.killed, strings.Join(bad, "; ")))
		}
		problem, added := check(r.code == 0 && !r.killed)
		if problem != "" {
			st.partial++
			st.problems = append(st.problems, fmt.Sprintf("%s (killed %v after %s)", problem, r.killed, r.elapsed.Round(time.Millisecond)))
		}
		expected += added
		if got := one(`SELECT count(*) FROM contacts`); got != expected {
			if got < expected {
				st.lost += expected - got
			} else {
				st.duplicated += got - expected
			}
			st.problems = append(st.problems, fmt.Sprintf("after %s %d: %d contacts, want %d", op.name, k, got, expected))
			expected = got
		}
	}
	elapsed := time.Since(start)

	var kinds []string
	for name := range st.ops {
		kinds = append(kinds, fmt.Sprintf("%s %d (%d killed, %d completed)", name, st.ops[name], st.kills[name], st.completed[name]))
	}
	sort.Strings(kinds)
	t.Logf("crash: seed %d, %s: %s", seed, elapsed.Round(time.Millisecond), strings.Join(kinds, ", "))
	t.Logf("crash: operations attempted %d; kills %d; integrity failures %d; half-applied operations %d; lost rows %d; duplicated rows %d; \"database is locked\" failures %d; other failures %d",
		st.total(st.ops), st.total(st.kills), st.integrityFailures, st.partial, st.lost, st.duplicated, st.locked, st.otherFailures)
	for _, p := range st.problems {
		t.Error(p)
	}
	if st.total(st.completed) == 0 {
		t.Error("no operation ran to the end")
	}
}

// contentsOf sums up what a backup or a restore copies: every contact's
// ID, update time, title, tags, emails and note count.
func contentsOf(db *sql.DB) string {
	rows, err := db.Query(`SELECT c.id, c.updated_at, c.title,
		coalesce((SELECT group_concat(tag, ',') FROM (SELECT tag FROM contact_tags WHERE contact_id = c.id ORDER BY tag)), ''),
		coalesce((SELECT group_concat(address, ',') FROM (SELECT address FROM contact_emails WHERE contact_id = c.id ORDER BY address)), ''),
		(SELECT count(*) FROM notes WHERE contact_id = c.id)
		FROM contacts c ORDER BY c.id`)
	if err != nil {
		return "error: " + err.Error()
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var id, notes int64
		var updated, title, tags, emails string
		if err := rows.Scan(&id, &updated, &title, &tags, &emails, &notes); err != nil {
			return "error: " + err.Error()
		}
		fmt.Fprintf(h, "%d|%s|%s|%s|%s|%d\n", id, updated, title, tags, emails, notes)
	}
	if err := rows.Err(); err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func (s crashStats) total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// seedDatabase creates the database with base contacts (the target of the
// bulk edits) and a pool of contacts to merge.
func seedDatabase(t *testing.T, path string, baseN, poolN int) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Region: "US"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cs []*contact.Contact
	for i := 0; i < baseN; i++ {
		cs = append(cs, &contact.Contact{FirstName: "Base", LastName: fmt.Sprintf("B%04d", i), Company: "Initech",
			Emails: []contact.Email{{Address: fmt.Sprintf("base%d@example.com", i)}},
			Phones: []contact.Phone{{Number: fmt.Sprintf("+1 415 555 %04d", i)}},
			Tags:   []string{"base"}, Notes: []contact.Note{{Text: "a base contact"}}})
	}
	for i := 0; i < poolN; i++ {
		cs = append(cs, &contact.Contact{FirstName: "Pool", LastName: fmt.Sprintf("P%04d", i),
			Emails: []contact.Email{{Address: fmt.Sprintf("pool%d@example.com", i)}},
			Phones: []contact.Phone{{Number: fmt.Sprintf("+1 718 555 %04d", i)}},
			Tags:   []string{"pool"}, Attributes: map[string]string{"pool": strconv.Itoa(i)}})
	}
	if err := db.ImportContacts(ctx, cs); err != nil {
		t.Fatal(err)
	}
}
