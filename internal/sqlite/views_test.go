package sqlite_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// Saving over a view says so and keeps, of the old view, the settings keep
// names (what the user did not give again). Views are the account's: a
// teammate's save of the same name replaces it for everyone, and is then
// its saver.
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
	v, replaced := save(contact.View{Name: "hot", Query: "tag:gold", Sort: []string{"name"}}, contact.ViewKeep{Columns: true})
	if !replaced {
		t.Error("saving over hot does not say it replaced it")
	}
	want := contact.View{Name: "hot", Query: "tag:gold", Columns: []string{"id", "name"}, Sort: []string{"name"}, By: "alice"}
	got, err := alice.View(ctx, "hot")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []*contact.View{v, got} {
		if g.Query != want.Query || !reflect.DeepEqual(g.Columns, want.Columns) || !reflect.DeepEqual(g.Sort, want.Sort) || g.By != want.By {
			t.Errorf("after replacing: %+v, want query %q, columns %v, sort %v, by %s", g, want.Query, want.Columns, want.Sort, want.By)
		}
	}
	// A bad query or sort changes nothing.
	for _, bad := range []contact.View{{Name: "hot", Query: "is:nonsense"}, {Name: "hot", Query: "tag:x", Sort: []string{"shoe"}}} {
		_, err := alice.SaveView(ctx, &bad, contact.ViewKeep{})
		wantCode(t, "SaveView "+bad.Query, err, contact.EINVALID)
	}
	if got, err := alice.View(ctx, "hot"); err != nil || got.Query != "tag:gold" || !reflect.DeepEqual(got.Columns, want.Columns) {
		t.Errorf("after refused saves: %+v, %v; want it as it was", got, err)
	}

	// bob sees alice's view, and his save replaces it for both.
	if b, err := bob.View(ctx, "hot"); err != nil || b.Query != "tag:gold" || b.By != "alice" {
		t.Errorf("bob's hot: %+v, %v; want alice's, tag:gold", b, err)
	}
	replaced, err = bob.SaveView(ctx, &contact.View{Name: "hot", Query: "tag:bob"}, contact.ViewKeep{Columns: true, Sort: true})
	if err != nil || !replaced {
		t.Fatalf("bob's save over hot: replaced %v, %v", replaced, err)
	}
	vs, err := alice.Views(ctx)
	if err != nil || len(vs) != 1 || vs[0].Query != "tag:bob" || vs[0].By != "bob" || !reflect.DeepEqual(vs[0].Columns, want.Columns) {
		t.Errorf("alice's views after bob's save: %+v, %v; want one hot, tag:bob by bob, columns kept", vs, err)
	}
}

// Any teammate removes any view, as any may replace one; an unknown name
// removes nothing.
func TestDeleteViewsAnyTeammate(t *testing.T) {
	ctx := context.Background()
	_, alice, bob := aliceAndBob(t)
	for _, s := range []struct {
		by   *sqlite.DB
		name string
	}{{alice, "a1"}, {alice, "a2"}, {bob, "b1"}} {
		if _, err := s.by.SaveView(ctx, &contact.View{Name: s.name, Query: "tag:x"}, contact.ViewKeep{}); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, "bob removes nope", bob.DeleteViews(ctx, []string{"b1", "nope"}), contact.ENOTFOUND)
	if vs, _ := bob.Views(ctx); len(vs) != 3 {
		t.Errorf("after a refused removal, %d views; want all 3", len(vs))
	}
	if err := bob.DeleteViews(ctx, []string{"b1", "a1"}); err != nil {
		t.Errorf("bob removes his b1 and alice's a1: %v", err)
	}
	vs, _ := alice.Views(ctx)
	if len(vs) != 1 || vs[0].Name != "a2" {
		t.Errorf("views left: %+v; want a2", vs)
	}
}
