package sqlite_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Saving over a view says so and keeps, of the old view, the settings keep
// names (what the user did not give again); the other user's view of the
// same name is another view.
func TestSaveViewReplacesAndKeeps(t *testing.T) {
	ctx := context.Background()
	_, alice, bob := aliceAndBob(t)
	save := func(v contact.View, keep contact.ViewKeep) (*contact.View, bool) {
		t.Helper()
		replaced, err := alice.SaveView(ctx, &v, keep)
		if err != nil {
			t.Fatalf("SaveView(%+v): %v", v, err)
		}
		return &v, replaced
	}
	if _, replaced := save(contact.View{Name: "hot", Query: "tag:vip", Columns: []string{"id", "name"}, Sort: []string{"-name"}}, contact.ViewKeep{Columns: true, Sort: true}); replaced {
		t.Error("the first save of hot says it replaced a view")
	}
	if _, err := bob.SaveView(ctx, &contact.View{Name: "hot", Query: "tag:bob"}, contact.ViewKeep{}); err != nil {
		t.Fatal(err)
	}
	v, replaced := save(contact.View{Name: "hot", Query: "tag:gold", Sort: []string{"name"}}, contact.ViewKeep{Columns: true})
	if !replaced {
		t.Error("saving over hot does not say it replaced it")
	}
	want := contact.View{Name: "hot", Query: "tag:gold", Columns: []string{"id", "name"}, Sort: []string{"name"}}
	got, err := alice.View(ctx, "hot")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []*contact.View{v, got} {
		if g.Query != want.Query || !reflect.DeepEqual(g.Columns, want.Columns) || !reflect.DeepEqual(g.Sort, want.Sort) {
			t.Errorf("after replacing: %+v, want query %q, columns %v, sort %v", g, want.Query, want.Columns, want.Sort)
		}
	}
	if b, err := bob.View(ctx, "hot"); err != nil || b.Query != "tag:bob" {
		t.Errorf("bob's hot: %+v, %v; want his own, tag:bob", b, err)
	}
	// A bad query or sort changes nothing.
	for _, bad := range []contact.View{{Name: "hot", Query: "is:nonsense"}, {Name: "hot", Query: "tag:x", Sort: []string{"shoe"}}} {
		_, err := alice.SaveView(ctx, &bad, contact.ViewKeep{})
		wantCode(t, "SaveView "+bad.Query, err, contact.EINVALID)
	}
	if got, err := alice.View(ctx, "hot"); err != nil || got.Query != "tag:gold" || !reflect.DeepEqual(got.Columns, want.Columns) {
		t.Errorf("after refused saves: %+v, %v; want it as it was", got, err)
	}
}
