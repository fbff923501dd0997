package factory

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/gen"
	"github.com/rolo-cli/rolo/internal/iostreams"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// bulkStore opens a database of n generated contacts as alice.
func bulkStore(t *testing.T, n int) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "rolo.db"), sqlite.Options{Actor: "alice", Region: "US"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var cs []*contact.Contact
	gen.Contacts(7, n, func(c *contact.Contact) bool {
		cs = append(cs, c)
		return true
	})
	if err := st.ImportContacts(ctx, cs); err != nil {
		t.Fatal(err)
	}
	return st
}

// heldBy returns the bytes of heap that resolve leaves in use, with what
// it returned still held.
func heldBy(t *testing.T, resolve func() (*Targets, error)) (*Targets, int64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tg, err := resolve()
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(tg)
	return tg, int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// A bulk command holds what --where or stdin selects as IDs, not as
// contacts read in full to take their IDs (at 100,000 contacts that was
// 170-425 MB before anything changed): a few bytes a contact, whatever
// the contacts hold.
func TestResolveBulkHoldsIDsOnly(t *testing.T) {
	const n = 3000
	st := bulkStore(t, n)
	ctx := context.Background()
	io, in, _, _ := iostreams.Test()
	f := &Factory{IO: io, Globals: Globals{Yes: true}}

	tg, held := heldBy(t, func() (*Targets, error) { return f.ResolveBulk(ctx, st, nil, "-tag:nosuchtag", "retag") })
	if tg.Len() != n {
		t.Fatalf("--where resolved %d targets, want %d", tg.Len(), n)
	}
	t.Logf("--where: %d bytes a contact", held/n)
	if per := held / n; per > 150 {
		t.Errorf("--where holds %d bytes a contact (%d KB for %d), want IDs only", per, held>>10, n)
	}

	// stdin: every line, in the order given, a chunk at a time.
	var ids strings.Builder
	for id := n; id >= 1; id-- {
		fmt.Fprintln(&ids, id)
	}
	in.WriteString(ids.String())
	tg, held = heldBy(t, func() (*Targets, error) { return f.ResolveBulk(ctx, st, []string{"-"}, "", "retag") })
	if tg.Len() != n || tg.IDs[0] != n || tg.IDs[n-1] != 1 {
		t.Fatalf("stdin resolved %d targets from %d to %d, want %d from %d to 1", tg.Len(), tg.IDs[0], tg.IDs[len(tg.IDs)-1], n, n)
	}
	t.Logf("stdin: %d bytes a contact", held/n)
	if per := held / n; per > 150 {
		t.Errorf("stdin holds %d bytes a contact (%d KB for %d), want IDs only", per, held>>10, n)
	}
}

// IDs on stdin are checked a chunk at a time, yet each keeps its place
// and its message: one in the trash, past the first chunk, is the "No
// change" of delete in its turn; one not found is the error it always
// was, before a line that is no ID further on.
func TestResolveStdinAcrossChunks(t *testing.T) {
	const n = idChunk + 200
	st := bulkStore(t, n)
	ctx := context.Background()
	trashed := int64(idChunk + 50)
	if err := st.DeleteContacts(ctx, []int64{trashed}); err != nil {
		t.Fatal(err)
	}
	name := mustContact(t, st, trashed).Name

	io, in, _, errOut := iostreams.Test()
	f := &Factory{IO: io, Globals: Globals{Yes: true}}
	for id := 1; id <= n; id++ {
		fmt.Fprintf(in, "%d\tsomething\n", id)
	}
	all, err := f.ResolveRefsOr(ctx, st, []string{"-"}, "", contact.ScopeActive, contact.ScopeActive)
	if err != nil {
		t.Fatal(err)
	}
	if all.Len() != n {
		t.Fatalf("resolved %d, want %d", all.Len(), n)
	}
	kept, err := f.KeepChanging(ctx, st, all, "", func(c *contact.Contact) bool { return !c.Deleted },
		func(*contact.Contact) string { return "it is already in the trash" })
	if err != nil {
		t.Fatal(err)
	}
	if kept.Len() != n-1 || slices.Contains(kept.IDs, trashed) {
		t.Errorf("kept %d, want %d without %d", kept.Len(), n-1, trashed)
	}
	if want := fmt.Sprintf("No change to %s (%d): it is already in the trash.\n", name, trashed); errOut.String() != want {
		t.Errorf("said %q, want %q", errOut.String(), want)
	}

	in.Reset()
	fmt.Fprintf(in, "1\n%d\n999999\nnot-an-id\n", trashed)
	_, err = f.ResolveRefs(ctx, st, []string{"-"}, "", contact.ScopeActive)
	if want := fmt.Sprintf("contact %d (%s) is in the trash (rolo restore %d)", trashed, name, trashed); contact.ErrorMessage(err) != want {
		t.Errorf("error %v, want %q", err, want)
	}
	in.Reset()
	in.WriteString("1\n2\nnot-an-id\n")
	_, err = f.ResolveRefs(ctx, st, []string{"-"}, "", contact.ScopeActive)
	if want := `stdin line 3: "not-an-id" is not a contact ID`; contact.ErrorMessage(err) != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

func mustContact(t *testing.T, st contact.Store, id int64) *contact.Contact {
	t.Helper()
	c, err := st.Contact(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
