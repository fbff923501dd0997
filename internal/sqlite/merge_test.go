package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/dupes"
	"github.com/rolo-cli/rolo/internal/gen"
	"github.com/rolo-cli/rolo/internal/output"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// showJSON is what `rolo show ID -o json` prints for the store's actor.
func showJSON(t *testing.T, db *sqlite.DB, id int64) string {
	t.Helper()
	ctx := context.Background()
	c, err := db.Contact(ctx, id)
	if err != nil {
		t.Fatalf("Contact(%d): %v", id, err)
	}
	ch, err := db.Changes(ctx, id, 5)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(output.ContactDetail{Contact: c, Changes: ch}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// without drops keys from a JSON object.
func without(t *testing.T, s string, keys ...string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		delete(m, k)
	}
	return m
}

func mustCreate(t *testing.T, db *sqlite.DB, c *contact.Contact) *contact.Contact {
	t.Helper()
	if err := db.CreateContact(context.Background(), c); err != nil {
		t.Fatalf("CreateContact: %v", err)
	}
	return c
}

// threeOfAKind makes three entries of one person, each with phones,
// emails, tags, attributes, notes and interactions; the second is a
// favorite, shared and blocked; each gets its own change-log rows.
func threeOfAKind(t *testing.T, db *sqlite.DB, path string, clk *clock) (a, b, c *contact.Contact) {
	t.Helper()
	ctx := context.Background()
	a = mustCreate(t, db, &contact.Contact{FirstName: "Robert", LastName: "Smith", Company: "Acme", Title: "CTO",
		Phones: []contact.Phone{{Number: "(415) 555-0123"}}, Emails: []contact.Email{{Address: "bob@acme.example"}},
		Tags: []string{"vip"}, Attributes: map[string]string{"source": "webinar"}, Notes: []contact.Note{{Text: "First entry"}},
		Visibility: contact.Public})
	clk.advance(time.Minute)
	b = mustCreate(t, db, &contact.Contact{FirstName: "Bob", LastName: "Smith", Company: "Acme Inc.",
		Phones:    []contact.Phone{{Number: "+1 415 555 0123"}, {Label: "home", Number: "+1 415 555 0188"}},
		Emails:    []contact.Email{{Address: "BOB@acme.example"}, {Label: "home", Address: "bob@home.example"}},
		Addresses: []contact.Address{{City: "Boston", Country: "US"}}, Socials: []contact.Social{{Network: "linkedin", Handle: "bobsmith"}},
		Tags: []string{"gold", "VIP"}, Attributes: map[string]string{"source": "referral", "crm_id": "SF-2"},
		Notes: []contact.Note{{Text: "Second entry"}}, Birthday: "1970-03-04", Visibility: contact.Private})
	clk.advance(time.Minute)
	c = mustCreate(t, db, &contact.Contact{FirstName: "R.", LastName: "Smith", URLs: []contact.URL{{URL: "https://bob.example"}},
		Emails: []contact.Email{{Address: "r.smith@else.example"}}, Tags: []string{"partner"},
		Attributes: map[string]string{"segment": "smb"}, Visibility: contact.Private})
	clk.advance(time.Minute)
	for _, id := range []int64{a.ID, b.ID, c.ID} {
		if _, err := db.LogInteraction(ctx, &contact.Interaction{ContactID: id, Channel: "call", Direction: "in", Summary: fmt.Sprintf("call %d", id)}, nil); err != nil {
			t.Fatal(err)
		}
		clk.advance(time.Minute)
	}
	if _, err := db.AddNote(ctx, []int64{c.ID}, "Third entry"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetFavorite(ctx, []int64{b.ID}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Block(ctx, contact.BlockTargets{ContactIDs: []int64{b.ID}}, nil, "spam calls"); err != nil {
		t.Fatal(err)
	}
	addUser(t, path, "bob", "member")
	mustExec(t, rawDB(t, path), `INSERT INTO shares (contact_id, user_id, created_by, created_at)
		SELECT ?, id, 1, '2026-06-15T12:30:00Z' FROM users WHERE login = 'bob'`, b.ID)
	clk.advance(time.Minute)
	return a, b, c
}

// TestMergeThenUnmergeRestoresExactly is the "must show": merging
// three contacts and undoing the merge gives each original back exactly as
// `show -o json` printed it before, same IDs and UIDs. KEEP differs only in
// updated_at and in its change log, which records the merge and unmerge.
func TestMergeThenUnmergeRestoresExactly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "merge.db")
	clk := newClock()
	db := openAs(t, path, "alice", clk)
	a, b, c := threeOfAKind(t, db, path, clk)
	before := map[int64]string{}
	for _, id := range []int64{a.ID, b.ID, c.ID} {
		before[id] = showJSON(t, db, id)
	}

	res, err := db.Merge(ctx, a.ID, []int64{b.ID, c.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	m := res.Contact
	if res.ID == 0 || !reflect.DeepEqual(res.Sources, []int64{b.ID, c.ID}) {
		t.Errorf("merge result: id %d, sources %v", res.ID, res.Sources)
	}
	if m.FirstName != "Robert" || m.Company != "Acme" || m.Birthday != "1970-03-04" || m.Visibility != contact.Public {
		t.Errorf("merged scalars: %q %q %q %q; want KEEP's values, the birthday only b had, public", m.FirstName, m.Company, m.Birthday, m.Visibility)
	}
	if got := e164s(m); !reflect.DeepEqual(got, []string{"+14155550123", "+14155550188"}) {
		t.Errorf("phones %v: want the union by E.164", got)
	}
	if !reflect.DeepEqual(m.Tags, []string{"gold", "partner", "vip"}) {
		t.Errorf("tags %v: want the union without case duplicates", m.Tags)
	}
	if m.Attributes["source"] != "webinar" || m.Attributes[fmt.Sprintf("source.%d", b.ID)] != "referral" || m.Attributes["crm_id"] != "SF-2" || m.Attributes["segment"] != "smb" {
		t.Errorf("attributes %v: want every value, the losing one under source.%d", m.Attributes, b.ID)
	}
	// b's share with bob does not move: the merged contact is public, and
	// a public one is shared with nobody (as publish leaves it); unmerge
	// gives b its share back (below).
	if len(m.Notes) != 3 || !m.Favorite || m.Blocked == nil || len(m.SharedWith) != 0 {
		t.Errorf("merged: %d notes, favorite %v, blocked %v, shared %v; want 3 notes, the favorite, the block and no share", len(m.Notes), m.Favorite, m.Blocked, m.SharedWith)
	}
	for _, id := range []int64{b.ID, c.ID} {
		if _, err := db.Contact(ctx, id); contact.ErrorCode(err) != contact.ENOTFOUND {
			t.Errorf("contact %d after the merge: %v, want it gone", id, err)
		}
	}
	// The search index follows: the others' words find KEEP alone.
	if cs, err := db.FindContacts(ctx, contact.Filter{Query: "partner"}); err != nil || len(cs) != 1 || cs[0].ID != a.ID {
		t.Errorf("search after merge: %v %v", idsOf(cs), err)
	}

	clk.advance(time.Hour)
	un, err := db.Unmerge(ctx, res.ID)
	if err != nil {
		t.Fatalf("Unmerge: %v", err)
	}
	if len(un.Restored) != 2 || un.Restored[0].ID != b.ID || un.Restored[1].ID != c.ID {
		t.Errorf("restored %v", idsOf(un.Restored))
	}
	for _, id := range []int64{b.ID, c.ID} {
		if got := showJSON(t, db, id); got != before[id] {
			t.Errorf("contact %d after unmerge differs from before:\n%s\nwant\n%s", id, got, before[id])
		}
	}
	if got, want := without(t, showJSON(t, db, a.ID), "updated_at", "changes"), without(t, before[a.ID], "updated_at", "changes"); !reflect.DeepEqual(got, want) {
		t.Errorf("KEEP after unmerge:\n%v\nwant\n%v", got, want)
	}
	if cs, _ := db.FindContacts(ctx, contact.Filter{Query: "partner"}); len(cs) != 1 || cs[0].ID != c.ID {
		t.Errorf("search after unmerge: partner finds %v, want only %d", idsOf(cs), c.ID)
	}
	if again, err := db.Unmerge(ctx, res.ID); err != nil || !again.AlreadyUndone || len(again.Restored) != 0 {
		t.Errorf("second unmerge: %+v, %v; want no change", again, err)
	}

	// History tells both sides.
	evs, err := db.History(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) < 2 || evs[0].Kind != contact.EventUnmerge || evs[1].Kind != contact.EventMerge {
		t.Errorf("history of %d starts %v, want the unmerge then the merge", b.ID, kinds(evs))
	}
	evs, _ = db.History(ctx, a.ID)
	if !slices.Contains(kinds(evs), contact.EventMerge) || !slices.Contains(kinds(evs), contact.EventUnmerge) {
		t.Errorf("history of KEEP: %v", kinds(evs))
	}
}

func kinds(evs []contact.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

func e164s(c *contact.Contact) []string {
	var out []string
	for _, p := range c.Phones {
		out = append(out, p.E164)
	}
	return out
}

func idsOf(cs []*contact.Contact) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// TestUnmergeKeepsLaterEdits: what was done to KEEP after the merge stays
// on KEEP; what came from the others leaves.
func TestUnmergeKeepsLaterEdits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "edits.db")
	clk := newClock()
	db := openAs(t, path, "alice", clk)
	a := mustCreate(t, db, &contact.Contact{FirstName: "Ada", Company: "Acme", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}})
	b := mustCreate(t, db, &contact.Contact{FirstName: "Ada", LastName: "Lovelace", Title: "CEO", Tags: []string{"from-b"},
		Phones: []contact.Phone{{Number: "+1 415 555 0199"}}})
	res, err := db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{Picks: map[string]int64{"first": b.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Contact.LastName != "Lovelace" || res.Contact.Title != "CEO" {
		t.Fatalf("merged %+v", res.Contact)
	}
	clk.advance(time.Minute)
	if _, _, err := db.UpdateContact(ctx, a.ID, func(c *contact.Contact) error {
		c.Title = "CTO"                                  // changed after the merge: stays
		c.Tags = append(c.Tags, "later")                 // added after: stays
		c.Phones = append(c.Phones[:0], c.Phones[1:]...) // KEEP's own phone removed after: stays removed
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Minute)
	if _, err := db.LogInteraction(ctx, &contact.Interaction{ContactID: a.ID, Channel: "sms", Direction: "out"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Unmerge(ctx, res.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Contact(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "CTO" || got.LastName != "" || !reflect.DeepEqual(got.Tags, []string{"later"}) || len(got.Phones) != 0 {
		t.Errorf("KEEP after unmerge: title %q last %q tags %v phones %v; want the later edits and nothing of b", got.Title, got.LastName, got.Tags, e164s(got))
	}
	if got.LastActivityAt == nil || got.LastChannel != "sms" {
		t.Errorf("KEEP's last activity %v %q: want the sms logged after the merge", got.LastActivityAt, got.LastChannel)
	}
	back, err := db.Contact(ctx, b.ID)
	if err != nil || back.UID != b.UID || back.Title != "CEO" {
		t.Errorf("b restored: %+v %v", back, err)
	}
}

// An edit after the merge that gives KEEP back a value the merge brought
// (a tag taken off and put on again, the merged phone relabelled, a title
// changed and changed back) is an edit, and stays when the merge is undone;
// what nobody touched since leaves.
func TestUnmergeKeepsValuesGivenBackSince(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "given.db")
	clk := newClock()
	db := openAs(t, path, "alice", clk)
	a := mustCreate(t, db, &contact.Contact{FirstName: "Max", LastName: "Keep", Phones: []contact.Phone{{Number: "+1 415 555 0401"}}})
	b := mustCreate(t, db, &contact.Contact{FirstName: "Max", LastName: "Other", Title: "CEO", Tags: []string{"vip"},
		Phones:     []contact.Phone{{Label: "mobile", Number: "+1 415 555 0402"}},
		Emails:     []contact.Email{{Address: "max@other.example"}},
		Attributes: map[string]string{"plan": "pro"}})
	res, err := db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range []func(c *contact.Contact){
		func(c *contact.Contact) { c.Tags = nil; c.Title = "CTO"; delete(c.Attributes, "plan") },
		func(c *contact.Contact) {
			c.Tags = []string{"vip"}
			c.Title = "CEO"
			c.Attributes["plan"] = "pro"
			for i := range c.Phones {
				if c.Phones[i].Label == "mobile" && strings.HasSuffix(c.Phones[i].E164, "0402") {
					c.Phones[i].Label = "work"
				}
			}
		},
	} {
		clk.advance(time.Minute)
		if _, _, err := db.UpdateContact(ctx, a.ID, func(c *contact.Contact) error { edit(c); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Unmerge(ctx, res.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Contact(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var phones []string
	for _, p := range got.Phones {
		phones = append(phones, p.Label+"="+p.E164)
	}
	if got.Title != "CEO" || !reflect.DeepEqual(got.Tags, []string{"vip"}) || got.Attributes["plan"] != "pro" ||
		!reflect.DeepEqual(phones, []string{"mobile=+14155550401", "work=+14155550402"}) {
		t.Errorf("KEEP after unmerge: title %q tags %v attributes %v phones %v; want the values given back since", got.Title, got.Tags, got.Attributes, phones)
	}
	if len(got.Emails) != 0 || got.LastName != "Keep" {
		t.Errorf("KEEP after unmerge: emails %v, last name %q; want the merged email gone and its own name", got.Emails, got.LastName)
	}
	if back, err := db.Contact(ctx, b.ID); err != nil || back.Title != "CEO" || !reflect.DeepEqual(back.Tags, []string{"vip"}) || len(back.Phones) != 1 {
		t.Errorf("the merged contact restored: %+v, %v", back, err)
	}
}

// TestMergeNeverLosesAValue is a property test: random pairs of generated
// contacts (with colliding attribute keys) are merged, and every phone,
// email, tag, attribute value and note of both is on the result; then the
// merge is undone and both come back as they were.
func TestMergeNeverLosesAValue(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "property.db")
	db := openAs(t, path, "alice", newClock())
	const n = 400
	ds := gen.Generate(7, n)
	if err := db.ImportContacts(ctx, ds.Contacts); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	alive := make([]int64, n)
	for i := range alive {
		alive[i] = int64(i + 1)
	}
	for round := 0; round < 60; round++ {
		i, j := r.IntN(len(alive)), r.IntN(len(alive)-1)
		if j >= i {
			j++
		}
		keepID, otherID := alive[i], alive[j]
		keep, err := db.Contact(ctx, keepID)
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.Contact(ctx, otherID)
		if err != nil {
			t.Fatal(err)
		}
		beforeOther := showJSON(t, db, otherID)
		opts := contact.MergeOptions{}
		if r.IntN(2) == 0 {
			opts.Prefer = contact.PreferOther
		}
		res, err := db.Merge(ctx, keepID, []int64{otherID}, opts)
		if err != nil {
			t.Fatalf("round %d: Merge(%d, %d): %v", round, keepID, otherID, err)
		}
		stored, err := db.Contact(ctx, keepID)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []*contact.Contact{keep, other} {
			assertHolds(t, fmt.Sprintf("round %d: merge of %d into %d", round, otherID, keepID), stored, in)
		}
		// Every other round, undo it; else the merged contact goes on.
		if round%2 == 0 {
			if _, err := db.Unmerge(ctx, res.ID); err != nil {
				t.Fatalf("round %d: Unmerge: %v", round, err)
			}
			if got := showJSON(t, db, otherID); got != beforeOther {
				t.Fatalf("round %d: contact %d not restored exactly:\n%s\nwant\n%s", round, otherID, got, beforeOther)
			}
			back, err := db.Contact(ctx, keepID)
			if err != nil {
				t.Fatal(err)
			}
			if other.Visibility == contact.Public {
				keep.Visibility = contact.Public // public -> private never is
			}
			if got, want := without(t, mustJSON(t, back), "updated_at"), without(t, mustJSON(t, keep), "updated_at"); !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: KEEP %d not restored:\n%v\nwant\n%v", round, keepID, got, want)
			}
		} else {
			alive = slices.Delete(alive, j, j+1)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// assertHolds checks that merged has every phone, email, tag, attribute
// value and note of in.
func assertHolds(t *testing.T, what string, merged, in *contact.Contact) {
	t.Helper()
	for _, p := range in.Phones {
		if !slices.ContainsFunc(merged.Phones, func(q contact.Phone) bool { return q.E164 == p.E164 }) {
			t.Errorf("%s: lost phone %s of %d", what, p.E164, in.ID)
		}
	}
	for _, e := range in.Emails {
		if !slices.ContainsFunc(merged.Emails, func(f contact.Email) bool { return f.Address == e.Address }) {
			t.Errorf("%s: lost email %s of %d", what, e.Address, in.ID)
		}
	}
	for _, tag := range in.Tags {
		if !slices.ContainsFunc(merged.Tags, func(u string) bool { return strings.EqualFold(u, tag) }) {
			t.Errorf("%s: lost tag %s of %d", what, tag, in.ID)
		}
	}
	for k, v := range in.Attributes {
		found := false
		for mk, mv := range merged.Attributes {
			if mv == v && (mk == k || strings.HasPrefix(mk, k+".")) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: lost attribute %s=%s of %d (have %v)", what, k, v, in.ID, merged.Attributes)
		}
	}
	for _, n := range in.Notes {
		if !slices.ContainsFunc(merged.Notes, func(m contact.Note) bool { return m.ID == n.ID && m.Text == n.Text }) {
			t.Errorf("%s: lost note %d of %d", what, n.ID, in.ID)
		}
	}
}

// TestMergePermissions: SPEC section 1. A member may not merge a
// teammate's public contact (EPERM); a teammate's private contact does not
// exist (ENOTFOUND, and its name is never in the message); a manager may
// merge public contacts of others; nothing is written when refused.
func TestMergePermissions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "perm.db")
	clk := newClock()
	alice := openAs(t, path, "alice", clk)
	addUser(t, path, "bob", "member")
	addUser(t, path, "mia", "manager")
	bob := openAs(t, path, "bob", clk)
	mia := openAs(t, path, "mia", clk)
	pub1 := mustCreate(t, alice, &contact.Contact{FirstName: "Ada", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}, Visibility: contact.Public})
	pub2 := mustCreate(t, alice, &contact.Contact{FirstName: "Ada", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}, Visibility: contact.Public})
	secret := mustCreate(t, alice, &contact.Contact{FirstName: "Secretname", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}})
	own := mustCreate(t, bob, &contact.Contact{FirstName: "Ada", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}})

	_, err := bob.Merge(ctx, pub1.ID, []int64{pub2.ID}, contact.MergeOptions{})
	wantCode(t, "member merging alice's public contacts", err, contact.EPERM)
	_, err = bob.Merge(ctx, own.ID, []int64{pub1.ID}, contact.MergeOptions{})
	wantCode(t, "member merging alice's public contact into his own", err, contact.EPERM)
	_, err = bob.Merge(ctx, own.ID, []int64{secret.ID}, contact.MergeOptions{})
	wantCode(t, "member merging alice's private contact", err, contact.ENOTFOUND)
	if err != nil && strings.Contains(err.Error(), "Secretname") {
		t.Errorf("the error names the hidden contact: %v", err)
	}
	_, err = bob.MergeConflicts(ctx, own.ID, []int64{secret.ID}, contact.MergeOptions{})
	wantCode(t, "conflicts with a hidden contact", err, contact.ENOTFOUND)
	_, err = mia.Merge(ctx, pub1.ID, []int64{secret.ID}, contact.MergeOptions{})
	wantCode(t, "manager merging a private contact of alice", err, contact.ENOTFOUND)
	if n := count(t, rawDB(t, path), `SELECT count(*) FROM merges`); n != 0 {
		t.Errorf("%d merges written by refused calls", n)
	}

	// Duplicates never show a contact the user may not see.
	var seen []int64
	if err := bob.MatchRecords(ctx, "", func(r *contact.MatchRecord) error { seen = append(seen, r.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(seen, secret.ID) {
		t.Errorf("bob's match records include alice's private contact: %v", seen)
	}

	res, err := mia.Merge(ctx, pub1.ID, []int64{pub2.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatalf("manager merging public contacts: %v", err)
	}
	// Unmerge follows the same rule, and a merge of contacts one cannot
	// see does not exist.
	_, err = bob.Unmerge(ctx, res.ID)
	wantCode(t, "member undoing a merge of alice's public contact", err, contact.EPERM)
	res2, err := alice.Merge(ctx, secret.ID, []int64{}, contact.MergeOptions{})
	wantCode(t, "merge with no OTHER", err, contact.EINVALID)
	_ = res2
	_, err = alice.Merge(ctx, pub1.ID, []int64{pub1.ID}, contact.MergeOptions{})
	wantCode(t, "merge of a contact into itself", err, contact.EINVALID)
	if _, err := alice.Unmerge(ctx, res.ID); err != nil {
		t.Fatal(err)
	}
	priv2 := mustCreate(t, alice, &contact.Contact{FirstName: "Other"})
	hidden, err := alice.Merge(ctx, secret.ID, []int64{priv2.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bob.Unmerge(ctx, hidden.ID)
	wantCode(t, "unmerge of a merge of hidden contacts", err, contact.ENOTFOUND)
	_, err = bob.FindMerge(ctx, fmt.Sprint(hidden.ID))
	wantCode(t, "finding a merge of hidden contacts", err, contact.ENOTFOUND)
}

// TestMergeOptions: --prefer, --pick and their mistakes.
func TestMergeOptions(t *testing.T) {
	ctx := context.Background()
	db := openAs(t, filepath.Join(t.TempDir(), "opts.db"), "alice", newClock())
	a := mustCreate(t, db, &contact.Contact{FirstName: "Ada", Company: "Acme", Title: "CEO"})
	b := mustCreate(t, db, &contact.Contact{FirstName: "Ada", Company: "Globex", Title: "CTO", Department: "R&D"})
	c := mustCreate(t, db, &contact.Contact{FirstName: "Ada", Company: "Initech"})

	conflicts, err := db.MergeConflicts(ctx, a.ID, []int64{b.ID, c.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, cf := range conflicts {
		fields = append(fields, cf.Field)
	}
	if !reflect.DeepEqual(fields, []string{"company", "title"}) || len(conflicts[0].Values) != 3 || conflicts[0].Chosen != a.ID {
		t.Errorf("conflicts %+v", conflicts)
	}

	dry, err := db.Merge(ctx, a.ID, []int64{b.ID, c.ID}, contact.MergeOptions{Prefer: contact.PreferOther, Picks: map[string]int64{"company": c.ID}, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := dry.Contact; got.Company != "Initech" || got.Title != "CTO" || got.Department != "R&D" || dry.ID != 0 {
		t.Errorf("dry run with --prefer other --pick company=%d: %q %q %q (id %d)", c.ID, got.Company, got.Title, got.Department, dry.ID)
	}
	if _, err := db.Contact(ctx, b.ID); err != nil {
		t.Errorf("dry run removed b: %v", err)
	}
	_, err = db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{Picks: map[string]int64{"company": c.ID}})
	wantCode(t, "--pick naming a contact outside the merge", err, contact.EINVALID)
	_, err = db.Merge(ctx, a.ID, []int64{c.ID}, contact.MergeOptions{Picks: map[string]int64{"title": c.ID}})
	wantCode(t, "--pick of an empty value", err, contact.EINVALID)
	_, err = db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{Picks: map[string]int64{"colour": b.ID}})
	wantCode(t, "--pick of an unknown field", err, contact.EINVALID)
	_, err = db.Merge(ctx, a.ID, []int64{999}, contact.MergeOptions{})
	wantCode(t, "merge of a missing contact", err, contact.ENOTFOUND)
}

// TestUnmergeChainedMerges: a contact kept by one merge and merged away by
// a later one; the later merge is undone first, then the earlier.
func TestUnmergeChainedMerges(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chain.db")
	db := openAs(t, path, "alice", newClock())
	a := mustCreate(t, db, &contact.Contact{FirstName: "A", Tags: []string{"a"}})
	b := mustCreate(t, db, &contact.Contact{FirstName: "B", Tags: []string{"b"}})
	c := mustCreate(t, db, &contact.Contact{FirstName: "C", Tags: []string{"c"}})
	before := map[int64]string{a.ID: showJSON(t, db, a.ID), b.ID: showJSON(t, db, b.ID)}
	m1, err := db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := db.Merge(ctx, c.ID, []int64{a.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Contact(ctx, c.ID); !reflect.DeepEqual(got.Tags, []string{"a", "b", "c"}) {
		t.Errorf("tags after both merges: %v", got.Tags)
	}
	_, err = db.Unmerge(ctx, m1.ID)
	wantCode(t, "undoing the earlier merge first", err, contact.ECONFLICT)
	if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("unmerge %d first", m2.ID)) {
		t.Errorf("the error does not say which merge to undo first: %v", err)
	}
	// The UID of a contact merged away finds its merge.
	if id, err := db.FindMerge(ctx, a.UID); err != nil || id != m2.ID {
		t.Errorf("FindMerge(uid of a) = %d, %v; want %d", id, err, m2.ID)
	}
	if _, err := db.Unmerge(ctx, m2.ID); err != nil {
		t.Fatal(err)
	}
	if id, err := db.FindMerge(ctx, fmt.Sprint(a.ID)); err != nil || id != int64(a.ID) && id != m1.ID {
		t.Logf("FindMerge(%d) = %d, %v", a.ID, id, err)
	}
	if _, err := db.Unmerge(ctx, m1.ID); err != nil {
		t.Fatal(err)
	}
	for id, want := range before {
		if id == a.ID {
			if !reflect.DeepEqual(without(t, showJSON(t, db, id), "updated_at", "changes"), without(t, want, "updated_at", "changes")) {
				t.Errorf("a after both unmerges differs")
			}
			continue
		}
		if got := showJSON(t, db, id); got != want {
			t.Errorf("contact %d after both unmerges:\n%s\nwant\n%s", id, got, want)
		}
	}
	if got, _ := db.Contact(ctx, c.ID); !reflect.DeepEqual(got.Tags, []string{"c"}) {
		t.Errorf("c's tags after both unmerges: %v", got.Tags)
	}
}

// TestUnmergeRefusesATakenUID: a contact created since with a merged
// contact's UID (a re-import) must be dealt with first; nothing changes.
// A merge frees the merged contact's UID; when a contact took it since,
// perhaps one the unmerging user cannot see, the merged contact comes back
// with a new UID, and the holder is neither changed nor named.
func TestUnmergeGivesANewUIDWhenTaken(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "uid.db")
	db := openAs(t, path, "alice", newClock())
	a := mustCreate(t, db, &contact.Contact{FirstName: "A", Visibility: contact.Public})
	b := mustCreate(t, db, &contact.Contact{FirstName: "B", Visibility: contact.Public})
	m, err := db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "bob", "Bob", contact.RoleMember); err != nil {
		t.Fatal(err)
	}
	bob := openAs(t, path, "bob", newClock())
	holder := mustCreate(t, bob, &contact.Contact{FirstName: "Bob's own", UID: b.UID, Visibility: contact.Private})
	res, err := db.Unmerge(ctx, m.ID)
	if err != nil {
		t.Fatalf("unmerge onto a taken UID: %v", err)
	}
	// alice cannot see bob's contact: nothing says the UID was taken.
	if len(res.NewUID) != 0 || len(res.Restored) != 1 || res.Restored[0].UID == b.UID || res.Restored[0].FirstName != "B" {
		t.Fatalf("unmerge result: new UID %v, restored %+v", res.NewUID, res.Restored)
	}
	if got, err := bob.Contact(ctx, holder.ID); err != nil || got.UID != b.UID || got.FirstName != "Bob's own" {
		t.Errorf("the UID's holder changed: %+v, %v", got, err)
	}
	if got, _ := db.Contact(ctx, a.ID); got.FirstName != "A" {
		t.Errorf("a: %+v", got)
	}
	// A holder alice sees is said.
	m2, err := db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	restored := res.Restored[0]
	mustCreate(t, db, &contact.Contact{FirstName: "Alice's own", UID: restored.UID})
	res, err = db.Unmerge(ctx, m2.ID)
	if err != nil || !slices.Equal(res.NewUID, []int64{b.ID}) {
		t.Fatalf("unmerge onto a UID alice sees: %v, new UID %v", err, res.NewUID)
	}
}

// TestUnmergeForgetsAPrivateContactsValues: a private contact merged into a
// public one and unmerged is private again; the teammates who see the
// public contact no longer read its values or its ID in that contact's
// history and change log. Its owner still sees the merge as it was.
func TestUnmergeForgetsAPrivateContactsValues(t *testing.T) {
	ctx := context.Background()
	_, alice, bob := aliceAndBob(t)
	keep := mustCreate(t, alice, &contact.Contact{FirstName: "Ada", LastName: "L", Visibility: contact.Public})
	other := mustCreate(t, alice, &contact.Contact{FirstName: "Ada", LastName: "L", Company: "SecretCo",
		Emails: []contact.Email{{Address: "secret@example.com"}}, Visibility: contact.Private})
	m, err := alice.Merge(ctx, keep.ID, []int64{other.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	secret := regexp.MustCompile(`SecretCo|secret@|#` + strconv.FormatInt(other.ID, 10) + `\b`)
	events, err := bob.History(ctx, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := bob.Changes(ctx, keep.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var merged bool
	for _, e := range events {
		b, _ := json.Marshal(e)
		if secret.Match(b) {
			t.Errorf("bob reads the private contact in the history: %s", b)
		}
		merged = merged || e.Summary == fmt.Sprintf("merged another contact into this contact (merge %d)", m.ID)
	}
	if !merged {
		t.Errorf("bob's history does not show the merge itself: %+v", events)
	}
	for _, ch := range changes {
		if b, _ := json.Marshal(ch); secret.Match(b) {
			t.Errorf("bob reads the private contact in the change log: %s", b)
		}
	}
	events, err = alice.History(ctx, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("merged #%d into this contact (merge %d)", other.ID, m.ID)
	if !slices.ContainsFunc(events, func(e contact.Event) bool { return e.Summary == want }) {
		t.Errorf("alice's history lacks %q: %+v", want, events)
	}
}

// An unmerge between two private contacts of one owner hides nothing from
// anyone: the change log keeps what the merge and the unmerge did. A
// contact shared with a teammate, merged into a private one and unmerged,
// does not name the private one in its history to the teammate. A public
// contact merged into a private one leaves it public for good, teammates
// seeing it.
func TestUnmergeLogsWhatNobodyMustNotSee(t *testing.T) {
	ctx := context.Background()
	_, alice, bob := aliceAndBob(t)
	keep := mustCreate(t, alice, &contact.Contact{FirstName: "Ada", Visibility: contact.Private})
	other := mustCreate(t, alice, &contact.Contact{FirstName: "Ada", Company: "KeptCo", Visibility: contact.Private})
	m, err := alice.Merge(ctx, keep.ID, []int64{other.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	changes, err := alice.Changes(ctx, keep.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(changes, func(ch contact.Change) bool { return ch.Field == "company" && ch.New == "KeptCo" }) {
		t.Errorf("the merge's company row is gone from alice's own contact: %+v", changes)
	}

	// Shared after the merge: bob sees KEEP now, and must not read what
	// the private contact brought.
	keep2 := mustCreate(t, alice, &contact.Contact{FirstName: "Cy", Visibility: contact.Private})
	other2 := mustCreate(t, alice, &contact.Contact{FirstName: "Cy", Company: "Spy", Visibility: contact.Private})
	m3, err := alice.Merge(ctx, keep2.ID, []int64{other2.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Share(ctx, []int64{keep2.ID}, []string{"bob"}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Unmerge(ctx, m3.ID); err != nil {
		t.Fatal(err)
	}
	seen, err := bob.Changes(ctx, keep2.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range seen {
		if ch.New == "Spy" || ch.Old == "Spy" {
			t.Errorf("bob, shared KEEP after the merge, reads the private contact's company: %+v", ch)
		}
	}

	pub := mustCreate(t, bob, &contact.Contact{FirstName: "Bo", Visibility: contact.Public})
	priv := mustCreate(t, alice, &contact.Contact{FirstName: "Bo", Visibility: contact.Private})
	m2, err := alice.Merge(ctx, priv.ID, []int64{pub.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := alice.Unmerge(ctx, m2.ID); err != nil || !res.StaysPublic {
		t.Fatalf("unmerge of a public contact from a private one: %+v, %v; want it to stay public", res, err)
	}
	if c, err := bob.Contact(ctx, priv.ID); err != nil || c.Visibility != contact.Public {
		t.Errorf("the contact the merge made public, after the unmerge, for bob: %+v, %v; want public", c, err)
	}

	sh := mustCreate(t, alice, &contact.Contact{FirstName: "Di", Visibility: contact.Private})
	if _, err := alice.Share(ctx, []int64{sh.ID}, []string{"bob"}); err != nil {
		t.Fatal(err)
	}
	priv = mustCreate(t, alice, &contact.Contact{FirstName: "Di", Visibility: contact.Private})
	m4, err := alice.Merge(ctx, priv.ID, []int64{sh.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := alice.Unmerge(ctx, m4.ID); err != nil || res.StaysPublic {
		t.Fatalf("unmerge of two private contacts: %+v, %v", res, err)
	}
	events, err := bob.History(ctx, sh.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		b, _ := json.Marshal(e)
		if strings.Contains(string(b), fmt.Sprintf("contact %d", priv.ID)) || strings.Contains(string(b), fmt.Sprintf(`"keep_id":%d`, priv.ID)) {
			t.Errorf("bob reads alice's private contact in the history: %s", b)
		}
	}
}

// TestDupesFromTheStore runs duplicate detection on a generated address
// book loaded into a database: the records the store streams find the
// known duplicates, as the in-memory test does.
func TestDupesFromTheStore(t *testing.T) {
	ctx := context.Background()
	db := openAs(t, filepath.Join(t.TempDir(), "dupes.db"), "alice", newClock())
	const n = 3000
	ds := gen.Generate(11, n)
	if err := db.ImportContacts(ctx, ds.Contacts); err != nil {
		t.Fatal(err)
	}
	f := dupes.NewFinder()
	if err := db.MatchRecords(ctx, "", func(r *contact.MatchRecord) error { f.Add(r); return nil }); err != nil {
		t.Fatal(err)
	}
	if f.Len() != n {
		t.Fatalf("streamed %d records, want %d", f.Len(), n)
	}
	res := f.Find(dupes.Options{})
	truth := map[[2]int64]bool{}
	for _, p := range ds.Duplicates {
		truth[[2]int64{int64(p[0] + 1), int64(p[1] + 1)}] = true
	}
	tp, fp := 0, 0
	for _, g := range res.Groups {
		for _, p := range g.Pairs {
			if truth[[2]int64{p.A, p.B}] {
				tp++
			} else {
				fp++
				t.Logf("false pair %d-%d: %v", p.A, p.B, p.Reasons)
			}
		}
	}
	if len(truth) == 0 || tp < len(truth)*9/10 || fp*20 > tp {
		t.Errorf("%d known pairs: %d found, %d false", len(truth), tp, fp)
	}
	// A query narrows the contacts compared.
	var some int
	if err := db.MatchRecords(ctx, "tag:vip", func(*contact.MatchRecord) error { some++; return nil }); err != nil {
		t.Fatal(err)
	}
	if some == 0 || some >= n {
		t.Errorf("tag:vip streamed %d of %d records", some, n)
	}
}

// A private contact merged into another, which was then merged into a
// third: once both merges are undone, the teammates who see the third (a
// public contact) no longer read the private contact's values in its
// history (the second merge carried them there, and an edit made to the
// third while it held them), and purging the private
// contact leaves none of them in the file, whoever saw the other two.
func TestUnmergeForgetsCarriedPrivateValues(t *testing.T) {
	for _, vis := range []string{contact.Public, contact.Private} {
		t.Run("the others "+vis, func(t *testing.T) { unmergeCarried(t, vis) })
	}
}

func unmergeCarried(t *testing.T, vis string) {
	ctx := context.Background()
	path, alice, bob := aliceAndBob(t)
	first := mustCreate(t, alice, &contact.Contact{FirstName: "Pub", LastName: "One", Visibility: vis,
		Emails: []contact.Email{{Address: "one@example.com"}}})
	secret := mustCreate(t, alice, &contact.Contact{FirstName: "Sec", LastName: "Two", Visibility: contact.Private,
		Emails: []contact.Email{{Address: "secret@hiddenhost.example"}}, Phones: []contact.Phone{{Number: "+1 415 555 0402"}}})
	third := mustCreate(t, alice, &contact.Contact{FirstName: "Pub", LastName: "Three", Visibility: vis,
		Emails: []contact.Email{{Address: "three@example.com"}}})
	m1, err := alice.Merge(ctx, first.ID, []int64{secret.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := alice.Merge(ctx, third.ID, []int64{first.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// An edit to the third while it holds them takes the private
	// contact's email off: its log row has the address as the old value.
	if _, _, err := alice.UpdateContact(ctx, third.ID, func(c *contact.Contact) error {
		c.Emails = slices.DeleteFunc(c.Emails, func(e contact.Email) bool { return strings.Contains(e.Address, "hiddenhost") })
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []int64{m2.ID, m1.ID} {
		if _, err := alice.Unmerge(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	raw := rawDB(t, path)
	if vis == contact.Public {
		leak := regexp.MustCompile(`hiddenhost|4155550402|Sec\b|Two\b`)
		for _, id := range []int64{first.ID, third.ID} {
			events, err := bob.History(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if b, _ := json.Marshal(e); leak.Match(b) {
					t.Errorf("bob reads the private contact in contact %d's history: %s", id, b)
				}
			}
			changes, err := bob.Changes(ctx, id, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range changes {
				if b, _ := json.Marshal(ch); leak.Match(b) {
					t.Errorf("bob reads the private contact in contact %d's change log: %s", id, b)
				}
			}
		}
	} else if n := count(t, raw, `SELECT count(*) FROM changes WHERE contact_id = ? AND field <> '' AND action IN ('merge', 'unmerge')`, third.ID); n == 0 {
		t.Fatal("among alice's own contacts, the second merge and its undoing logged no values on the third")
	}
	// The log cannot tell whose a value was: the first contact's own
	// values go from the third's log too, but the rows marking the second
	// merge and its undoing stay.
	if err := alice.PurgeContacts(ctx, []int64{secret.ID}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, raw, `SELECT count(*) FROM changes WHERE contact_id = ? AND field = '' AND action IN ('merge', 'unmerge')`, third.ID); n != 2 {
		t.Errorf("%d rows mark the second merge and its undoing in the third's log, want 2", n)
	}
	mustExec(t, raw, `PRAGMA wal_checkpoint(TRUNCATE)`)
	for _, left := range fileHolds(t, path, []string{secret.UID, "hiddenhost", "4155550402"}) {
		t.Errorf("%s of the purged contact", left)
	}
	for _, c := range []*contact.Contact{first, third} {
		got, err := alice.Contact(ctx, c.ID)
		if err != nil || got.Name != c.Name || len(got.Emails) != 1 || got.Emails[0].Address != c.Emails[0].Address {
			t.Errorf("contact %d after the purge: %+v, %v", c.ID, got, err)
		}
	}
}

// The UID of a private contact merged into a public one names the merge to
// its owner only: to a teammate who never saw it, it is no contact at all
// (not "may not unmerge" a merge they should not know of).
func TestFindMergeByAHiddenUID(t *testing.T) {
	ctx := context.Background()
	_, alice, bob := aliceAndBob(t)
	keep := mustCreate(t, alice, &contact.Contact{FirstName: "Pub", LastName: "Keep", Visibility: contact.Public})
	hidden := mustCreate(t, alice, &contact.Contact{FirstName: "Sec", LastName: "Ret", Visibility: contact.Private})
	shown := mustCreate(t, alice, &contact.Contact{FirstName: "Open", LastName: "Book", Visibility: contact.Public})
	m, err := alice.Merge(ctx, keep.ID, []int64{hidden.ID, shown.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if id, err := alice.FindMerge(ctx, hidden.UID); err != nil || id != m.ID {
		t.Errorf("alice: FindMerge(the private contact's UID) = %d, %v; want %d", id, err, m.ID)
	}
	_, err = bob.FindMerge(ctx, hidden.UID)
	wantCode(t, "bob: FindMerge(the private contact's UID)", err, contact.ENOTFOUND)
	if id, err := bob.FindMerge(ctx, shown.UID); err != nil || id != m.ID {
		t.Errorf("bob: FindMerge(the public contact's UID) = %d, %v; want %d", id, err, m.ID)
	}
}

// A merge made before schema 14 holds a Polish number in the E.164 form an
// older rolo gave it (+480634272482), which the contacts no longer have:
// its unmerge still takes the merged number back from KEEP and restores
// the merged contact with the number as rolo reads it now.
func TestUnmergeOfAMergeBeforeTrunkZeroFix(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pl.db")
	db := openAs(t, path, "alice", newClock())
	a := mustCreate(t, db, &contact.Contact{FirstName: "A", Phones: []contact.Phone{{Number: "+48 634 272 481"}}})
	b := mustCreate(t, db, &contact.Contact{FirstName: "B", Phones: []contact.Phone{{Number: "+48 634 272 482"}}})
	m, err := db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, rawDB(t, path), `UPDATE merges SET snapshot = replace(snapshot, '"+4863427248', '"+48063427248')`)
	if _, err := db.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64]string{a.ID: "+48634272481", b.ID: "+48634272482"} {
		c, err := db.Contact(ctx, id)
		if err != nil || len(c.Phones) != 1 || c.Phones[0].E164 != want {
			t.Errorf("contact %d after the unmerge: %+v, %v; want one phone, %s", id, c.Phones, err, want)
		}
	}
}

// A merge made before schema 14 may hold a merged contact with a number
// given twice, once with the trunk 0 its country does not dial: its
// unmerge restores the contact with the number once, with its first
// label, as schema 20 keeps the contacts' numbers.
func TestUnmergeOfAMergeWithANumberTwice(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pl.db")
	db := openAs(t, path, "alice", newClock())
	a := mustCreate(t, db, &contact.Contact{FirstName: "A", Phones: []contact.Phone{{Number: "+48 634 272 481"}}})
	b := mustCreate(t, db, &contact.Contact{FirstName: "B", Phones: []contact.Phone{
		{Label: "mobile", Number: "+48 0634 272 482"}, {Label: "work", Number: "+48 634 272 483"}}})
	m, err := db.Merge(ctx, a.ID, []int64{b.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The merge as an older rolo made it, upgraded: its snapshot holds the
	// two E.164 forms an older rolo gave, KEEP the number once.
	raw := rawDB(t, path)
	mustExec(t, raw, `UPDATE merges SET snapshot = replace(replace(snapshot, '"+48634272482"', '"+480634272482"'),
		'"+48634272483"', '"+48634272482"')`)
	mustExec(t, raw, `DELETE FROM contact_phones WHERE e164 = '+48634272483'`)
	if _, err := db.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64][]contact.Phone{
		a.ID: {{Label: "mobile", Number: "+48 634 272 481", E164: "+48634272481"}},
		b.ID: {{Label: "mobile", Number: "+48 0634 272 482", E164: "+48634272482"}},
	} {
		c, err := db.Contact(ctx, id)
		if err != nil || !slices.Equal(c.Phones, want) {
			t.Errorf("contact %d after the unmerge: phones %+v, %v; want %+v", id, c.Phones, err, want)
		}
	}
}

// A merge made by an older rolo holds the contacts as that rolo stored
// them, which schemas 8, 15 and 18 rewrote in the contacts but not in the
// snapshot: text in NFD (as macOS writes it), a URL label of two words, a
// prefix alone as the display name, a vcard_extra line of no value. Its
// unmerge takes back from KEEP all that the merged contact brought, also
// the accented values; restores that contact as the upgrades store it
// (found by attr.city:zürich); and an unrelated edit of it then logs only
// itself.
func TestUnmergeOfAMergeBeforeTheTextUpgrades(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := openAs(t, path, "alice", newClock())
	keep := mustCreate(t, db, &contact.Contact{FirstName: "Jan", LastName: "Nowak", Visibility: contact.Public,
		Emails: []contact.Email{{Address: "j1@example.com"}}})
	other := mustCreate(t, db, &contact.Contact{Prefix: "Dr", Company: "Société", Visibility: contact.Public,
		Emails: []contact.Email{{Address: "j2@example.com"}}, Tags: []string{"łódź"}, Attributes: map[string]string{"city": "Zürich"},
		URLs: []contact.URL{{Label: "home-page", URL: "https://c.example"}}, VCardExtra: "X-KEPT:yes"})
	m, err := db.Merge(ctx, keep.ID, []int64{other.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, rawDB(t, path), `UPDATE merges SET snapshot = replace(replace(replace(replace(replace(replace(replace(snapshot,
		'"display_name":"Société"', '"display_name":"Dr"'), '"name":"Société"', '"name":"Dr"'),
		'Société', ?), 'łódź', ?), 'Zürich', ?), '"home-page"', '"home page"'), '"X-KEPT:yes"', '"X-EMPTY:\nX-KEPT:yes"')`,
		norm.NFD.String("Société"), norm.NFD.String("łódź"), norm.NFD.String("Zürich"))
	if _, err := db.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	k, err := db.Contact(ctx, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k.Name != "Jan Nowak" || k.Company != "" || len(k.Tags) != 0 || len(k.Attributes) != 0 || len(k.URLs) != 0 || k.VCardExtra != "" {
		t.Errorf("KEEP after the unmerge: %q, company %q, tags %q, attributes %q, urls %q, vcard_extra %q; want Jan Nowak and nothing of the merged contact",
			k.Name, k.Company, k.Tags, k.Attributes, k.URLs, k.VCardExtra)
	}
	o, err := db.Contact(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantURLs := []contact.URL{{Label: "home-page", URL: "https://c.example"}}
	if o.Name != "Société" || o.Company != "Société" || !slices.Equal(o.Tags, []string{"łódź"}) || o.Attributes["city"] != "Zürich" ||
		!slices.Equal(o.URLs, wantURLs) || o.VCardExtra != "X-KEPT:yes" {
		t.Errorf("the merged contact restored: %q, company %q, tags %q, attributes %q, urls %q, vcard_extra %q; want Société in NFC, home-page, X-KEPT:yes",
			o.Name, o.Company, o.Tags, o.Attributes, o.URLs, o.VCardExtra)
	}
	if found, err := db.FindContacts(ctx, contact.Filter{Query: "attr.city:zürich"}); err != nil || !slices.Equal(idsOf(found), []int64{other.ID}) {
		t.Errorf("attr.city:zürich after the unmerge finds %v, %v; want [%d]", idsOf(found), err, other.ID)
	}
	editLogsOnly(t, db, other.ID, "title", func(c *contact.Contact) { c.Title = "CEO" })
}

// A teammate an older rolo removed while a merge was in force is still in
// its snapshot, with a share and a star of the contact merged away: the
// unmerge leaves them out, so that team add does not bring them back.
func TestUnmergeLeavesOutATeammateRemovedByAnOlderRolo(t *testing.T) {
	ctx := context.Background()
	path, alice, _ := aliceAndBob(t)
	keep := mustCreate(t, alice, &contact.Contact{FirstName: "Keep", Visibility: contact.Private})
	other := mustCreate(t, alice, &contact.Contact{FirstName: "Other", Visibility: contact.Private})
	raw := rawDB(t, path)
	mustExec(t, raw, `INSERT INTO shares (contact_id, user_id, created_by, created_at) SELECT ?, id, 1, '2026-06-15T12:00:00Z' FROM users WHERE login = 'bob'`, other.ID)
	mustExec(t, raw, `INSERT INTO favorites (user_id, contact_id, created_at) SELECT id, ?, '2026-06-15T12:00:00Z' FROM users WHERE login = 'bob'`, other.ID)
	m, err := alice.Merge(ctx, keep.ID, []int64{other.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// team rm as an older rolo did it: the snapshot keeps bob.
	mustExec(t, raw, `DELETE FROM shares WHERE user_id = (SELECT id FROM users WHERE login = 'bob')`)
	mustExec(t, raw, `DELETE FROM favorites WHERE user_id = (SELECT id FROM users WHERE login = 'bob')`)
	mustExec(t, raw, `UPDATE users SET removed_at = '2026-06-15T12:00:00Z' WHERE login = 'bob'`)
	if _, err := alice.Unmerge(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"shares", "favorites"} {
		if n := count(t, raw, `SELECT count(*) FROM `+table+` WHERE contact_id = ?`, other.ID); n != 0 {
			t.Errorf("the unmerge gave the removed teammate %d %s of the contact merged away", n, table)
		}
	}
}

// TestUnmergeReadsOldLastChannels: a merge made before schema 23 holds
// the last channels an older import stored as given ("SMS", "Fax", one
// beside no last activity); the unmerge puts them back as schema 23 reads
// them (sms, other, none), so that channel:sms finds the contact and its
// export imports back.
func TestUnmergeReadsOldLastChannels(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "channels.db")
	clk := newClock()
	db := openAs(t, path, "alice", clk)
	a := mustCreate(t, db, &contact.Contact{FirstName: "Ada", Emails: []contact.Email{{Address: "a1@x.example"}}})
	b := mustCreate(t, db, &contact.Contact{FirstName: "Ada", Emails: []contact.Email{{Address: "a2@x.example"}}})
	c := mustCreate(t, db, &contact.Contact{FirstName: "Ada", Emails: []contact.Email{{Address: "a3@x.example"}}})
	raw := rawDB(t, path)
	mustExec(t, raw, `UPDATE contacts SET last_activity_at = '2026-01-02T10:00:00Z', last_channel = ' SMS ' WHERE id = ?`, a.ID)
	mustExec(t, raw, `UPDATE contacts SET last_activity_at = '2026-01-01T10:00:00Z', last_channel = 'Fax' WHERE id = ?`, b.ID)
	mustExec(t, raw, `UPDATE contacts SET last_channel = 'call' WHERE id = ?`, c.ID)
	res, err := db.Merge(ctx, a.ID, []int64{b.ID, c.ID}, contact.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Unmerge(ctx, res.ID); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		id      int64
		channel string
	}{{a.ID, "sms"}, {b.ID, "other"}, {c.ID, ""}} {
		got, err := db.Contact(ctx, want.id)
		if err != nil {
			t.Fatal(err)
		}
		if got.LastChannel != want.channel {
			t.Errorf("contact %d after the unmerge: last channel %q, want %q", want.id, got.LastChannel, want.channel)
		}
	}
}
