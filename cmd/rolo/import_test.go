package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/gen"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// testNow is the clock of every command the tests run (clitest's).
var testNow = clitest.Now

type runResult struct {
	code        int
	out, errOut string
}

// runIn runs one rolo command line in-process on the database db, as
// alice, with the clock fixed, in a home of its own under dir.
func runIn(t *testing.T, dir, db string, args ...string) runResult {
	t.Helper()
	r := clitest.Runner{Dir: dir, DB: db}.Run(args...)
	return runResult{r.Code, r.Out, r.Err}
}

// sourceDB builds a database of n generated contacts, with some blocked,
// some with recent activity and notes by a second teammate, as alice.
func sourceDB(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Region: "US", Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ds := gen.Generate(20260615, n)
	for start := 0; start < n; start += 5000 {
		if err := db.ImportContacts(ctx, ds.Contacts[start:min(start+5000, n)]); err != nil {
			t.Fatal(err)
		}
	}
	var blocked []int64
	for id := int64(1); id <= int64(n); id += 97 {
		blocked = append(blocked, id)
	}
	until := testNow.Add(30 * 24 * time.Hour)
	if _, err := db.Block(ctx, contact.BlockTargets{ContactIDs: blocked[:len(blocked)/2]}, nil, "spam calls, twice"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Block(ctx, contact.BlockTargets{ContactIDs: blocked[len(blocked)/2:]}, &until, "on holiday"); err != nil {
		t.Fatal(err)
	}
	for id := int64(5); id <= int64(n); id += 211 {
		it := &contact.Interaction{ContactID: id, Channel: "call", Direction: "in", At: testNow.Add(-time.Duration(id) * time.Minute), Summary: "asked for a quote"}
		if _, err := db.LogInteraction(ctx, it, nil); err != nil {
			t.Fatal(err)
		}
		if id%2 == 0 {
			it := &contact.Interaction{ContactID: id, Channel: "sms", Direction: "out", At: testNow.Add(-time.Duration(id) * time.Hour),
				Summary: "Sent the price list, \"v2\";\nsecond line", DurationSeconds: 90}
			if _, err := db.LogInteraction(ctx, it, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.AddNote(ctx, []int64{2, 3, 5, 8}, "Met at the fair; follow up in Q3.\nSecond line."); err != nil {
		t.Fatal(err)
	}
}

// addContactsIn adds contacts to a database as `add` would in a profile of
// region (their numbers without + are read there), and returns how many.
func addContactsIn(t *testing.T, path, region string, cs ...*contact.Contact) int {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Region: region, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range cs {
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatalf("add in region %s: %v", region, err)
		}
	}
	return len(cs)
}

// contactsJSON returns every contact of a database the way `list -o json`
// gives them, by ID, each as a JSON object without its ID and its notes'
// IDs (a database's own numbers), with its whole interaction history as
// `show -o json` gives the latest (without their IDs and contact IDs).
func contactsJSON(t *testing.T, path string) []map[string]any {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Options{Actor: "alice", Region: "US", Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cs, err := db.FindContacts(ctx, contact.Filter{Sort: []string{"id"}})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, len(cs))
	for i, c := range cs {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "id")
		if notes, ok := m["notes"].([]any); ok {
			for _, n := range notes {
				delete(n.(map[string]any), "id")
			}
		}
		its, err := db.Interactions(ctx, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		b, err = json.Marshal(its)
		if err != nil {
			t.Fatal(err)
		}
		var list []any
		if err := json.Unmarshal(b, &list); err != nil {
			t.Fatal(err)
		}
		for _, it := range list {
			delete(it.(map[string]any), "id")
			delete(it.(map[string]any), "contact_id")
		}
		m["interactions"] = list
		out[i] = m
	}
	return out
}

// TestRoundTrip exports a generated database of 10,000 contacts in each
// lossless format, imports the file into an empty database, and compares
// every contact field by field (IDs aside), its interactions included.
// Besides the generated contacts, the source has numbers entered without +
// by teammates in regions GB and DE, which the import (region US) must
// read as the same numbers and keep as entered, and contacts with no name
// part, whose display name (a phone, an email, a nickname, a company) must
// not come back as a name.
func TestRoundTrip(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "source.db")
	sourceDB(t, src, n)
	n += addContactsIn(t, src, "GB",
		&contact.Contact{FirstName: "Brit", Phones: []contact.Phone{{Label: "mobile", Number: "020 7946 0958"},
			{Label: "home", Number: "07700 900123 ext. 12"}, {Label: "work", Number: "+1 415 555 0199"}}},
		&contact.Contact{FirstName: "Lon", LastName: "Don", Phones: []contact.Phone{{Label: "work", Number: "020 7946 0000"}},
			Addresses: []contact.Address{{Label: "work", Street: "1 Fleet St", City: "London", Country: "GB"}}},
		&contact.Contact{Phones: []contact.Phone{{Label: "mobile", Number: "020 7946 0999"}}})
	n += addContactsIn(t, src, "DE",
		&contact.Contact{Company: "Berlin Werke", Phones: []contact.Phone{{Label: "work", Number: "030 1234567"}}})
	n += addContactsIn(t, src, "US",
		&contact.Contact{Phones: []contact.Phone{{Label: "mobile", Number: "+1 415 555 0142"}}},
		&contact.Contact{Emails: []contact.Email{{Label: "work", Address: "only@example.com"}}},
		&contact.Contact{Nickname: "Bobby"})
	all := contactsJSON(t, src)
	if len(all) != n {
		t.Fatalf("source has %d contacts, want %d", len(all), n)
	}
	withInteractions := 0
	for _, c := range all {
		if len(c["interactions"].([]any)) > 0 {
			withInteractions++
		}
	}
	if withInteractions == 0 {
		t.Fatal("no source contact has an interaction")
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"csv", []string{"--format", "csv"}},
		{"json", []string{"--format", "json"}},
		{"ndjson", []string{"--format", "ndjson"}},
		{"vcard3", []string{"--format", "vcard", "--vcard-version", "3.0"}},
		{"vcard4", []string{"--format", "vcard", "--vcard-version", "4.0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, "export-"+tc.name)
			r := runIn(t, dir, src, append([]string{"export", "--out", file}, tc.args...)...)
			if r.code != 0 {
				t.Fatalf("export: exit %d: %s", r.code, r.errOut)
			}
			if !strings.Contains(r.errOut, fmt.Sprintf("Exported %d contacts to %s", n, file)) {
				t.Errorf("export said %q", r.errOut)
			}
			dst := filepath.Join(dir, "dest-"+tc.name+".db")
			r = runIn(t, dir, dst, "import", file)
			if r.code != 0 {
				t.Fatalf("import: exit %d: %s", r.code, r.errOut)
			}
			summary := fmt.Sprintf("%d of %d records imported, 0 failed, 0 duplicates skipped", n, n)
			if !strings.Contains(r.errOut, summary) {
				t.Errorf("import said %q, want %q", r.errOut, summary)
			}
			if r.out != "" {
				t.Errorf("import printed on stdout: %q", r.out)
			}
			got := contactsJSON(t, dst)
			want := all
			if len(got) != len(want) {
				t.Fatalf("%d contacts after the round trip, want %d", len(got), len(want))
			}
			diffs := 0
			for i := range want {
				for _, k := range sortedKeys(want[i], got[i]) {
					if !reflect.DeepEqual(want[i][k], got[i][k]) {
						if diffs++; diffs <= 10 {
							w, _ := json.Marshal(want[i][k])
							g, _ := json.Marshal(got[i][k])
							t.Errorf("contact %d (%v): %s = %s, want %s", i+1, want[i]["uid"], k, g, w)
						}
					}
				}
			}
			if diffs > 10 {
				t.Errorf("... %d differences in all", diffs)
			}
		})
	}
}

func sortedKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// digestDB renders every row of every table of a database (the search
// indexes through their own content), so that two states can be compared.
func digestDB(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		r, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := r.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var lines []string
		for r.Next() {
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%v", vals))
		}
		r.Close()
		sort.Strings(lines)
		fmt.Fprintf(&b, "%s: %d rows\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

// TestImportKilled starts the real rolo on a large CSV, kills it with
// SIGKILL in the middle of the import, and checks that the database is
// exactly as it was before: one transaction, never committed early.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large file")
	}
	bin, err := exec.LookPath("rolo") // testscript.Main puts this test binary on PATH as rolo
	if err != nil {
		t.Skip("rolo is not on PATH: ", err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "rolo.db")
	if r := runIn(t, dir, db, "add", "--first", "Before", "--email", "before@example.com", "--tag", "old"); r.code != 0 {
		t.Fatalf("add: %s", r.errOut)
	}
	csvPath := filepath.Join(dir, "big.csv")
	writeGeneratedCSV(t, csvPath, 200000)
	before := digestDB(t, db)

	home := filepath.Join(dir, "home")
	cmd := exec.Command(bin, "--db", db, "import", csvPath)
	cmd.Env = processEnv(home)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it in the middle: once it has read half the file (records are
	// written a chunk behind the reading), well before it can finish.
	fi, err := os.Stat(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(120 * time.Second)
	for {
		read, err := bytesRead(cmd.Process.Pid)
		if err != nil {
			cmd.Process.Kill()
			t.Skipf("cannot follow the import's progress: %v", err)
		}
		if read > fi.Size()/2 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the import did not get halfway in 2 minutes; stderr: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if wal, err := os.Stat(db + "-wal"); err == nil {
		t.Logf("killing the import with %d bytes in the WAL", wal.Size())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("rolo was not killed (%v); it finished too soon: %s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "records imported") {
		t.Fatalf("the import finished before the kill: %s", stderr.String())
	}
	// The next rolo recovers the database from its WAL as SQLite does.
	if r := runIn(t, dir, db, "list", "-o", "ids"); r.code != 0 || strings.TrimSpace(r.out) != "1" {
		t.Fatalf("after the kill, list: exit %d %q %s", r.code, r.out, r.errOut)
	}
	if after := digestDB(t, db); after != before {
		t.Fatalf("the killed import changed the database:\nbefore:\n%.2000s\nafter:\n%.2000s", before, after)
	}
	if r := runIn(t, dir, db, "import", "list", "-o", "json"); strings.TrimSpace(r.out) != "[]" {
		t.Fatalf("import list after the kill: %q", r.out)
	}
}

// bytesRead is how much a process has read, from /proc/PID/io.
func bytesRead(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "rchar: "); ok {
			return strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		}
	}
	return 0, fmt.Errorf("no rchar in /proc/%d/io", pid)
}

// writeGeneratedCSV writes n generated contacts in rolo's template format.
func writeGeneratedCSV(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := gen.WriteCSV(f, 20260615, n); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// corpusDir is the shared import corpus, beside the repository. Without it
// the test is skipped, or fails when ROLO_REQUIRE_CORPUS is set (as CI
// sets it), so that a run cannot pass without the real files.
func corpusDir(t *testing.T) string {
	dir := os.Getenv("ROLO_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "SOURCES.md")); err != nil {
		msg := fmt.Sprintf("import corpus not found at %s (set ROLO_CORPUS to its directory to run this test)", dir)
		if os.Getenv("ROLO_REQUIRE_CORPUS") != "" {
			t.Fatal(msg + "; ROLO_REQUIRE_CORPUS is set")
		}
		t.Skip(msg)
	}
	return dir
}

// corpusImports says what `rolo import FILE` does with every file of the
// corpus, in a fresh database as alice (region US): the contacts created,
// the records rejected (exit 5) or, for a file rejected whole, the exit
// code and a word of the message; and a query that must find a contact.
var corpusImports = map[string]struct {
	imported, failed, skipped int
	exit                      int
	message                   string
	find                      []string
}{
	"csv/generic-no-header-thunderbird.csv":                         {exit: 2, message: "no column is a name, company, phone or email"},
	"csv/generic-semicolon-thunderbird.csv":                         {imported: 2},
	"csv/generic-tab-comma-mixed-malformed-thunderbird.csv":         {exit: 2, message: "no column is a name, company, phone or email"},
	"csv/google-exported-as-outlook-csv-folkerkinzel.csv":           {imported: 1},
	"csv/google-legacy-2021-escalate.csv":                           {imported: 2, find: []string{"tag:Mittelschule", "4917012345", "doe@gmail.com"}},
	"csv/google-legacy-multiline-crlf-tine20.csv":                   {imported: 5, find: []string{"tag:kunden"}},
	"csv/google-legacy-multivalue-folkerkinzel.csv":                 {imported: 1},
	"csv/google-new-2024-escalate.csv":                              {imported: 2, find: []string{"John"}},
	"csv/macos-addressbook-de-tab-separated-tine20.csv":             {imported: 1},
	"csv/outlook2007-de-mojibake-malformed-tine20.csv":              {imported: 2},
	"csv/outlook2013-de-windows1252-tine20.csv":                     {imported: 2, find: []string{"Weiß", "Baumann Hamburg"}},
	"csv/outlook365-en-windows1252-folkerkinzel.csv":                {imported: 6, find: []string{"Mustermann", "company:Contoso"}},
	"csv/outlook365-web-en-bom-folkerkinzel.csv":                    {imported: 1},
	"csv/thunderbird-de-windows1252-folkerkinzel.csv":               {imported: 1, find: []string{"Mustermann"}},
	"csv/thunderbird-en-export-embedded-newlines.csv":               {imported: 2},
	"csv/thunderbird-en-shiftjis.csv":                               {imported: 1, find: []string{"名無し"}},
	"csv/thunderbird-en-utf16le-bom.csv":                            {imported: 1},
	"csv/thunderbird-en-variant-invalid-bday-bom-folkerkinzel.csv":  {imported: 1},
	"csv/windows-live-mail-de-semicolon-bom-folkerkinzel.csv":       {imported: 1},
	"vcard/aosp-adr-backslash-continuation-malformed-v21.vcf":       {imported: 1},
	"vcard/aosp-backslash-escapes-v21.vcf":                          {imported: 1},
	"vcard/aosp-base64-no-blank-line-v21.vcf":                       {imported: 1},
	"vcard/aosp-comment-lines-malformed-v21.vcf":                    {imported: 1},
	"vcard/aosp-complicated-v21-qp.vcf":                             {imported: 1, find: []string{"Forrest Gump", "4045551212"}},
	"vcard/aosp-ios613-v30-double-cr-photo.vcf":                     {imported: 1},
	"vcard/aosp-japanese-shiftjis-qp-v21.vcf":                       {imported: 1, find: []string{"安藤"}},
	"vcard/aosp-malformed-photo-v21.vcf":                            {imported: 1},
	"vcard/aosp-nested-vcard-malformed-v21.vcf":                     {imported: 3},
	"vcard/aosp-no-version-malformed.vcf":                           {imported: 1},
	"vcard/aosp-quoted-param-colon-v30.vcf":                         {imported: 1},
	"vcard/aosp-sort-as-v40-japanese.vcf":                           {imported: 1},
	"vcard/aosp-winmo65-v21-agent.vcf":                              {imported: 1},
	"vcard/ezvcard-cardme-android-v21-qp-multi.vcf":                 {imported: 6, find: []string{"bob@company.com"}},
	"vcard/ezvcard-cardme-blackberry-v21-photo.vcf":                 {imported: 1},
	"vcard/ezvcard-cardme-evolution-v30.vcf":                        {imported: 1},
	"vcard/ezvcard-cardme-gmail-v30-itemlabels.vcf":                 {imported: 1},
	"vcard/ezvcard-cardme-iphone-ios5-v30-photo.vcf":                {imported: 1},
	"vcard/ezvcard-cardme-macos-addressbook-v30-photo.vcf":          {imported: 1},
	"vcard/ezvcard-cardme-ms-outlook-v21-photo.vcf":                 {imported: 1},
	"vcard/ezvcard-fullcontact-v40.vcf":                             {imported: 1},
	"vcard/ezvcard-issue114-v40-rfc6868-label.vcf":                  {imported: 1},
	"vcard/ezvcard-outlook-2003-v21-key.vcf":                        {imported: 1},
	"vcard/ezvcard-rfc6350-example-v40.vcf":                         {imported: 1, find: []string{"Perreault"}},
	"vcard/ezvcard-thunderbird-mffab-v30-photo.vcf":                 {imported: 1},
	"vcard/folkerkinzel-1000-contacts-v30.vcf":                      {imported: 1000, find: []string{"Kasey Schmitt", "Florine Stehr"}},
	"vcard/folkerkinzel-cardbook-v40-invalid-bday.vcf":              {imported: 2},
	"vcard/folkerkinzel-cropped-qp-malformed-v21.vcf":               {imported: 0, failed: 1, exit: 5},
	"vcard/folkerkinzel-empty-bom-only-malformed.vcf":               {imported: 0},
	"vcard/folkerkinzel-outlook-v21-windows1252-qp-cardpicture.vcf": {imported: 1},
	"vcard/folkerkinzel-ukrainian-windows1251-nocharset-v21.vcf":    {imported: 1, find: []string{"Кличко"}},
	"vcard/folkerkinzel-utf16le-bom-v30.vcf":                        {imported: 2},
	"vcard/folkerkinzel-utf8-bom-chinese-v21.vcf":                   {imported: 1},
	"vcard/ical4j-begin-trailing-space-malformed-v21.vcf":           {imported: 1},
	"vcard/ical4j-kde-kontact-v30-version-last.vcf":                 {imported: 1},
	"vcard/ical4j-lowercase-v21-version-late.vcf":                   {imported: 1},
	"vcard/ical4j-macos-sap-v30-latin1-30contacts.vcf":              {imported: 30, find: []string{"Töcken"}},
	"vcard/ical4j-outlook2003-v21-valueurl-qp-latin2.vcf":           {imported: 1},
	"vcard/ical4j-outlook2007-v21-ms-cardpicture.vcf":               {imported: 1},
	"vcard/ical4j-version4-no-fn-malformed.vcf":                     {imported: 0, failed: 1, exit: 5},
	"vcard/khard-altid-v40.vcf":                                     {imported: 1},
	"vcard/khard-photo-b64-png-v30.vcf":                             {imported: 1},
	"vcard/khard-photo-data-uri-v40.vcf":                            {imported: 1},
	"vcard/khard-text-bday-v40.vcf":                                 {imported: 1},
	"vcard/khard-unterminated-malformed-v40.vcf":                    {imported: 0, failed: 1, exit: 5},
	"vcard/radicale-cardbook-bday-1604-v30.vcf":                     {imported: 1},
	"vcard/radicale-photo-data-uri-in-v30.vcf":                      {imported: 1},
	"vcard/radicale-sogo-missing-n-fn-malformed-v30.vcf":            {imported: 1},
	"vcard/roundcube-apple-v30-photo-crlf.vcf":                      {imported: 1},
	"vcard/roundcube-apple-v30-utf16be-nobom.vcf":                   {imported: 1},
	"vcard/roundcube-charset-windows1252-v21.vcf":                   {imported: 1, find: []string{"Doë"}},
	"vcard/roundcube-thebat-v21-qp-latin2-nocharset.vcf":            {imported: 1},
	"vcard/sabre-issue64-v21-photo-only-no-name.vcf":                {imported: 0, failed: 1, exit: 5},
	"vcard/thunderbird-export-v40.vcf":                              {imported: 2},
	"vcard/thunderbird-photo-data-uri-jpeg-v40.vcf":                 {imported: 1},
	"vcard/tine20-emclient-v30.vcf":                                 {imported: 1},
	"vcard/tine20-junk-before-begin-malformed-v30.vcf":              {imported: 2},
	"vcard/tine20-latin1-label-unfolded-malformed-v30.vcf":          {imported: 1},
	"vcard/tine20-sogo-connector-v30-no-final-newline.vcf":          {imported: 1},
	"vcard/tine20-webdav-collaborator-outlook-v30-agent.vcf":        {imported: 1},
}

func TestImportCorpus(t *testing.T) {
	dir := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(files) == 0 {
		t.Fatalf("no files in %s", dir)
	}
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			want, ok := corpusImports[rel]
			if !ok {
				t.Fatalf("corpus file %s has no expected outcome in corpusImports", rel)
			}
			work := t.TempDir()
			db := filepath.Join(work, "rolo.db")
			// The error file goes beside the database, not into the corpus.
			args := []string{"import", path, "--errors", filepath.Join(work, "errors")}
			r := runIn(t, work, db, args...)
			if r.code != want.exit {
				t.Fatalf("exit %d, want %d\n%s", r.code, want.exit, r.errOut)
			}
			if want.message != "" && !strings.Contains(r.errOut, want.message) {
				t.Errorf("stderr %q lacks %q", r.errOut, want.message)
			}
			if want.exit == 0 || want.exit == 5 {
				total := want.imported + want.failed + want.skipped
				summary := fmt.Sprintf("%d of %d records imported, %d failed, %d duplicates skipped", want.imported, total, want.failed, want.skipped)
				if !strings.Contains(r.errOut, summary) {
					t.Errorf("stderr %q lacks %q", r.errOut, summary)
				}
			}
			l := runIn(t, work, db, "list", "-o", "ids")
			if got := len(strings.Fields(l.out)); got != want.imported {
				t.Errorf("list shows %d contacts, want %d", got, want.imported)
			}
			for _, q := range want.find {
				if f := runIn(t, work, db, "list", q, "-o", "ids"); len(strings.Fields(f.out)) == 0 {
					t.Errorf("list %s finds nothing (exit %d %s)", q, f.code, f.errOut)
				}
			}
			if _, err := os.Stat(filepath.Join(work, "errors")); (err == nil) != (want.failed > 0) {
				t.Errorf("error file written: %v, want %v", err == nil, want.failed > 0)
			}
		})
	}
}

// TestImportCorpusNoHeader imports the corpus's CSV without a header row
// the way its error message says: columns mapped by number.
func TestImportCorpusNoHeader(t *testing.T) {
	path := filepath.Join(corpusDir(t), "csv", "generic-no-header-thunderbird.csv")
	work := t.TempDir()
	db := filepath.Join(work, "rolo.db")
	r := runIn(t, work, db, "import", path, "--map", "1=skip,2=first,3=last,4=email", "--errors", filepath.Join(work, "errors"))
	if r.code != 0 || !strings.Contains(r.errOut, "2 of 2 records imported, 0 failed, 0 duplicates skipped") {
		t.Fatalf("exit %d: %s", r.code, r.errOut)
	}
	if l := runIn(t, work, db, "list", "email:john@doe.invalid", "first:John", "-o", "ids"); strings.TrimSpace(l.out) == "" {
		t.Errorf("John Doe is not there: %s", l.errOut)
	}
}

// TestImportProgressStdin: reading standard input, whose size is unknown,
// the bar is a spinner with the records so far ("importing 1 record",
// "importing 4001 records") and, after a second, their rate: no
// progressbar "1/-" count, and no rate above what was read in that time
// (the first rate was one record over a few microseconds).
func TestImportProgressStdin(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "people.csv")
	writeGeneratedCSV(t, csvPath, 5000)
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	// Stderr is a terminal; no ROLO_DB: the profile's database.
	r := clitest.Runner{Dir: dir, Stdin: bytes.NewReader(data), StderrTTY: true}.Run(
		"import", "-", "--errors", filepath.Join(dir, "rejected.csv"))
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	stderr := r.Err
	// "importing 1 record " or, on a machine so busy that the first
	// record came after a second, "importing 1 record, 1/s".
	if !regexp.MustCompile(`importing 1 record[ ,]`).MatchString(stderr) {
		t.Errorf("no count of records on stderr: %q", stderr)
	}
	if strings.Contains(stderr, "/-") {
		t.Errorf("an unknown total shown as \"/-\": %q", stderr)
	}
	for _, m := range regexp.MustCompile(`importing (\d+) records?, (\d+)/s`).FindAllStringSubmatch(stderr, -1) {
		if n, rate := atoi(t, m[1]), atoi(t, m[2]); rate > n {
			t.Errorf("%d records at %d/s, shown after a second or more: %q", n, rate, m[0])
		}
	}
	if !strings.Contains(stderr, " of 5000 records imported") {
		t.Errorf("no summary: %q", stderr)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportProgressBar: on a terminal, a progress bar goes to stderr and
// is gone before the summary; nothing goes to stdout. Without a terminal
// (every other test), there is no bar.
func TestImportProgressBar(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "people.csv")
	// Enough rows to take well over the half second before the bar shows
	// (about 2 s on a quiet machine).
	writeGeneratedCSV(t, csvPath, 20000)
	// Stderr is a terminal; no ROLO_DB: the profile's database.
	r := clitest.Runner{Dir: dir, StderrTTY: true}.Run("import", csvPath)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	if r.Out != "" {
		t.Errorf("stdout: %q", r.Out)
	}
	stderr := r.Err
	if !strings.Contains(stderr, "importing") || !strings.Contains(stderr, "%") {
		t.Errorf("no progress bar on stderr: %q", stderr)
	}
	// The summary starts a line of its own, after the bar was cleared.
	i := strings.Index(stderr, " of 20000 records imported")
	if i < 0 {
		t.Fatalf("no summary: %q", stderr)
	}
	line := stderr[strings.LastIndexAny(stderr[:i], "\r\n")+1 : i]
	if _, err := strconv.Atoi(line); err != nil {
		t.Errorf("the summary shares its line with the bar: %q", line)
	}
}

// processEnv is the environment of a rolo process a test starts: this
// one's, with home as HOME and the XDG directories under it, alice as the
// user and rolo's clock fixed.
func processEnv(home string) []string {
	return append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"), "USER=alice", "ROLO_NOW=2026-06-15T12:00:00Z")
}
