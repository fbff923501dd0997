package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// teamClock is a settable clock for stores under test.
type teamClock struct{ t time.Time }

func (c *teamClock) now() time.Time          { return c.t }
func (c *teamClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newTeamClock() *teamClock               { return &teamClock{t: time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)} }
func bg() context.Context                    { return context.Background() }

// mustOK(f())(t) is f's value, failing t when f returned an error.
func mustOK[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// openTeam opens one database file as alice (its owner) and as bob (a member
// alice adds), sharing a clock.
func openTeam(t *testing.T) (alice, bob *DB, clk *teamClock) {
	t.Helper()
	clk = newTeamClock()
	path := filepath.Join(t.TempDir(), "rolo.db")
	alice = mustOK(Open(bg(), path, Options{Actor: "alice", Region: "US", Now: clk.now}))(t)
	t.Cleanup(func() { alice.Close() })
	mustOK(alice.CreateUser(bg(), "bob", "Bob", contact.RoleMember))(t)
	bob = mustOK(Open(bg(), path, Options{Actor: "bob", Region: "US", Now: clk.now}))(t)
	t.Cleanup(func() { bob.Close() })
	return alice, bob, clk
}

func addContact(t *testing.T, d *DB, c *contact.Contact) *contact.Contact {
	t.Helper()
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	if err := d.CreateContact(bg(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func idsOf(cs []*contact.Contact) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func findIDs(t *testing.T, d *DB, q string) []int64 {
	t.Helper()
	return idsOf(mustOK(d.FindContacts(bg(), contact.Filter{Query: q, Sort: []string{"id"}}))(t))
}

func wantErrCode(t *testing.T, err error, code string) {
	t.Helper()
	if contact.ErrorCode(err) != code {
		t.Fatalf("error %v (code %q), want code %q", err, contact.ErrorCode(err), code)
	}
}

func TestFavoritesArePerUser(t *testing.T) {
	alice, bob, _ := openTeam(t)
	ada := addContact(t, alice, &contact.Contact{FirstName: "Ada", Visibility: contact.Public})
	if n := mustOK(alice.SetFavorite(bg(), []int64{ada.ID}, true))(t); n != 1 {
		t.Fatalf("alice starred %d, want 1", n)
	}
	if got := findIDs(t, bob, "is:favorite"); len(got) != 0 {
		t.Errorf("bob sees alice's star: %v", got)
	}
	if c := mustOK(bob.Contact(bg(), ada.ID))(t); c.Favorite {
		t.Error("bob's view of Ada says favorite")
	}
	if n := mustOK(bob.SetFavorite(bg(), []int64{ada.ID}, true))(t); n != 1 {
		t.Fatalf("bob starred %d, want 1", n)
	}
	if n := mustOK(alice.SetFavorite(bg(), []int64{ada.ID}, false))(t); n != 1 {
		t.Fatalf("alice unstarred %d, want 1", n)
	}
	if got := findIDs(t, bob, "is:favorite"); !slices.Equal(got, []int64{ada.ID}) {
		t.Errorf("bob's favorites after alice unstarred: %v, want [%d]", got, ada.ID)
	}
	if got := findIDs(t, alice, "is:favorite"); len(got) != 0 {
		t.Errorf("alice's favorites: %v, want none", got)
	}
	if n := mustOK(alice.SetFavorite(bg(), []int64{ada.ID}, false))(t); n != 0 {
		t.Errorf("unstarring again changed %d, want 0", n)
	}
}

func TestPrivateContactsCannotBeTouchedByOthers(t *testing.T) {
	alice, bob, _ := openTeam(t)
	secret := addContact(t, alice, &contact.Contact{FirstName: "Secret", Phones: []contact.Phone{{Number: "+14155550100"}}})
	id := []int64{secret.ID}
	_, err := bob.SetFavorite(bg(), id, true)
	wantErrCode(t, err, contact.ENOTFOUND)
	_, err = bob.SetArchived(bg(), id, true)
	wantErrCode(t, err, contact.ENOTFOUND)
	_, err = bob.Tag(bg(), id, []string{"x"}, nil)
	wantErrCode(t, err, contact.ENOTFOUND)
	_, err = bob.AddNote(bg(), id, "hi")
	wantErrCode(t, err, contact.ENOTFOUND)
	_, err = bob.Block(bg(), contact.BlockTargets{ContactIDs: id}, nil, "")
	wantErrCode(t, err, contact.ENOTFOUND)
	_, err = bob.LogInteraction(bg(), &contact.Interaction{ContactID: secret.ID, Channel: "call", Direction: "in"}, nil)
	wantErrCode(t, err, contact.ENOTFOUND)
	_, err = bob.History(bg(), secret.ID)
	wantErrCode(t, err, contact.ENOTFOUND)
	// Nor is it found by its number, nor is its block visible.
	mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: id}, nil, "private reason"))(t)
	r := mustOK(bob.Lookup(bg(), contact.Handle{E164: "+14155550100"}))(t)
	if len(r.Contacts) != 0 || r.Block != nil {
		t.Errorf("bob's lookup reveals alice's private contact: %+v", r)
	}
	if bs := mustOK(bob.Blocks(bg(), true, 0, 0))(t); len(bs) != 0 {
		t.Errorf("bob sees blocks of alice's private contact: %+v", bs)
	}
	if got := findIDs(t, bob, "is:blocked"); len(got) != 0 {
		t.Errorf("bob's is:blocked: %v", got)
	}
}

func TestBulkIsAllOrNothing(t *testing.T) {
	alice, _, _ := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "A"})
	_, err := alice.SetArchived(bg(), []int64{a.ID, 999}, true)
	wantErrCode(t, err, contact.ENOTFOUND)
	if c := mustOK(alice.Contact(bg(), a.ID))(t); c.Archived {
		t.Error("a failed bulk archive still archived the first contact")
	}
	_, err = alice.Tag(bg(), []int64{a.ID, 999}, []string{"x"}, nil)
	wantErrCode(t, err, contact.ENOTFOUND)
	if c := mustOK(alice.Contact(bg(), a.ID))(t); len(c.Tags) != 0 {
		t.Errorf("a failed bulk tag left tags %v", c.Tags)
	}
}

func TestArchive(t *testing.T) {
	alice, _, clk := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "Ann", Tags: []string{"old"}})
	b := addContact(t, alice, &contact.Contact{FirstName: "Ben", Tags: []string{"old"}})
	clk.advance(time.Hour)
	if n := mustOK(alice.SetArchived(bg(), []int64{a.ID, b.ID}, true))(t); n != 2 {
		t.Fatalf("archived %d, want 2", n)
	}
	if got := findIDs(t, alice, ""); len(got) != 0 {
		t.Errorf("list shows archived contacts: %v", got)
	}
	if got := findIDs(t, alice, "is:archived tag:old"); !slices.Equal(got, []int64{a.ID, b.ID}) {
		t.Errorf("is:archived = %v", got)
	}
	if n := mustOK(alice.SetArchived(bg(), []int64{a.ID}, true))(t); n != 0 {
		t.Errorf("archiving again changed %d", n)
	}
	if n := mustOK(alice.SetArchived(bg(), []int64{a.ID}, false))(t); n != 1 {
		t.Errorf("unarchive changed %d", n)
	}
	if got := findIDs(t, alice, ""); !slices.Equal(got, []int64{a.ID}) {
		t.Errorf("list after unarchive = %v", got)
	}
	evs := mustOK(alice.History(bg(), a.ID))(t)
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, e.Summary)
	}
	if want := []string{"unarchived", "archived", "created"}; !slices.Equal(kinds, want) {
		t.Errorf("history = %q, want %q", kinds, want)
	}
}

func TestTag(t *testing.T) {
	alice, _, _ := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "Ann", Tags: []string{"vip", "old"}})
	b := addContact(t, alice, &contact.Contact{FirstName: "Ben"})
	n := mustOK(alice.Tag(bg(), []int64{a.ID, b.ID}, []string{"VIP", "gold"}, []string{"OLD"}))(t)
	if n != 2 {
		t.Errorf("changed %d, want 2", n)
	}
	if c := mustOK(alice.Contact(bg(), a.ID))(t); !slices.Equal(c.Tags, []string{"gold", "vip"}) {
		t.Errorf("Ann's tags = %v, want [gold vip]", c.Tags)
	}
	if c := mustOK(alice.Contact(bg(), b.ID))(t); !slices.Equal(c.Tags, []string{"VIP", "gold"}) {
		t.Errorf("Ben's tags = %v, want [VIP gold]", c.Tags)
	}
	if n := mustOK(alice.Tag(bg(), []int64{a.ID}, []string{"gold"}, []string{"nope"}))(t); n != 0 {
		t.Errorf("a no-op retag changed %d", n)
	}
	if _, err := alice.Tag(bg(), []int64{a.ID}, []string{"a,b"}, nil); contact.ErrorCode(err) != contact.EINVALID {
		t.Errorf("a tag with a comma: %v", err)
	}
	// The search index follows: the new tag finds the contact.
	if got := findIDs(t, alice, "gold"); !slices.Equal(got, []int64{a.ID, b.ID}) {
		t.Errorf("free word gold = %v", got)
	}
}

func TestNotes(t *testing.T) {
	alice, _, _ := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "Ann"})
	if n := mustOK(alice.AddNote(bg(), []int64{a.ID}, "  Wants the blue widget \n"))(t); n != 1 {
		t.Fatalf("AddNote = %d", n)
	}
	c := mustOK(alice.Contact(bg(), a.ID))(t)
	if len(c.Notes) != 1 || c.Notes[0].Text != "Wants the blue widget" || c.Notes[0].Author != "alice" {
		t.Errorf("notes = %+v", c.Notes)
	}
	if got := findIDs(t, alice, "widget"); !slices.Equal(got, []int64{a.ID}) {
		t.Errorf("free word from the note = %v", got)
	}
	_, err := alice.AddNote(bg(), []int64{a.ID}, "   ")
	wantErrCode(t, err, contact.EINVALID)
}

func TestBlockExpiresWhenRead(t *testing.T) {
	alice, _, clk := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "Ann", Phones: []contact.Phone{{Number: "(415) 555-0123"}, {Number: "+44 20 7946 0958"}},
		Emails: []contact.Email{{Address: "ann@example.com"}}})
	until := clk.t.Add(time.Hour)
	if n := mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: []int64{a.ID}}, &until, "spam"))(t); n != 1 {
		t.Fatalf("Block = %d", n)
	}
	// Every number and email of a blocked contact is blocked.
	for _, h := range []contact.Handle{{E164: "+14155550123"}, {E164: "+442079460958"}, {Email: "ann@example.com"}} {
		r := mustOK(alice.Lookup(bg(), h))(t)
		if len(r.Contacts) != 1 || r.Block == nil || r.Block.Reason != "spam" || !r.Block.Until.Equal(until) {
			t.Errorf("Lookup(%s) = %+v, want Ann blocked until %s", h, r, until)
		}
	}
	if got := findIDs(t, alice, "is:blocked"); !slices.Equal(got, []int64{a.ID}) {
		t.Errorf("is:blocked = %v", got)
	}
	clk.advance(time.Hour) // until is exclusive: at that instant it is over
	if r := mustOK(alice.Lookup(bg(), contact.Handle{E164: "+14155550123"}))(t); r.Block != nil {
		t.Errorf("still blocked after expiry: %+v", r.Block)
	}
	if c := mustOK(alice.Contact(bg(), a.ID))(t); c.Blocked != nil {
		t.Errorf("contact still blocked: %+v", c.Blocked)
	}
	if bs := mustOK(alice.Blocks(bg(), false, 0, 0))(t); len(bs) != 0 {
		t.Errorf("blocks in force after expiry: %+v", bs)
	}
	if bs := mustOK(alice.Blocks(bg(), true, 0, 0))(t); len(bs) != 1 || bs[0].InForce(clk.t) {
		t.Errorf("all blocks: %+v", bs)
	}
	evs := mustOK(alice.History(bg(), a.ID))(t)
	if evs[0].Kind != contact.EventUnblock || evs[0].Summary != "block expired" || !evs[0].At.Equal(until) {
		t.Errorf("newest event = %+v, want the expiry", evs[0])
	}
	if evs[1].Kind != contact.EventBlock || evs[1].Block.Reason != "spam" {
		t.Errorf("second event = %+v, want the block", evs[1])
	}
}

func TestBlockAgainReplaces(t *testing.T) {
	alice, _, clk := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "Ann"})
	target := contact.BlockTargets{ContactIDs: []int64{a.ID}}
	mustOK(alice.Block(bg(), target, nil, "forever"))(t)
	if n := mustOK(alice.Block(bg(), target, nil, "forever"))(t); n != 0 {
		t.Errorf("the same block again changed %d", n)
	}
	clk.advance(time.Minute)
	short := clk.t.Add(time.Hour)
	if n := mustOK(alice.Block(bg(), target, &short, "shorter"))(t); n != 1 {
		t.Errorf("a new block changed %d", n)
	}
	clk.advance(2 * time.Hour)
	if c := mustOK(alice.Contact(bg(), a.ID))(t); c.Blocked != nil {
		t.Errorf("the replaced forever block is still in force: %+v", c.Blocked)
	}
	var got []string
	for _, e := range mustOK(alice.History(bg(), a.ID))(t) {
		got = append(got, e.Kind+": "+e.Summary)
	}
	want := []string{
		"unblock: block expired",
		"block: blocked until 2026-06-15T13:01:00Z: shorter (replacing the earlier block)",
		"block: blocked forever: forever",
		"change: created",
	}
	if !slices.Equal(got, want) {
		t.Errorf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, err := alice.Block(bg(), target, &short, "") // now in the past
	wantErrCode(t, err, contact.EINVALID)
}

func TestRawBlocksAndUnblock(t *testing.T) {
	alice, bob, _ := openTeam(t)
	h := contact.Handle{E164: "+12125550000"}
	if n := mustOK(alice.Block(bg(), contact.BlockTargets{Handles: []contact.Handle{h}}, nil, "robocalls"))(t); n != 1 {
		t.Fatalf("Block = %d", n)
	}
	// A raw block belongs to the account: every teammate sees it.
	r := mustOK(bob.Lookup(bg(), h))(t)
	if len(r.Contacts) != 0 || r.Block == nil || r.Block.Reason != "robocalls" || r.Block.By != "alice" {
		t.Errorf("bob's lookup = %+v", r)
	}
	bs := mustOK(bob.Blocks(bg(), false, 0, 0))(t)
	if len(bs) != 1 || bs[0].ContactID != nil || bs[0].E164 != h.E164 || bs[0].Who() != h.E164 {
		t.Errorf("blocks = %+v", bs)
	}
	// Unblocking a contact lifts raw blocks on its own numbers too.
	c := addContact(t, alice, &contact.Contact{FirstName: "Now Known", Phones: []contact.Phone{{Number: "212-555-0000"}}})
	if r := mustOK(alice.Lookup(bg(), h))(t); r.Block == nil || len(r.Contacts) != 1 {
		t.Errorf("the raw block no longer applies once a contact has the number: %+v", r)
	}
	if n := mustOK(alice.Unblock(bg(), contact.BlockTargets{ContactIDs: []int64{c.ID}}))(t); n != 1 {
		t.Errorf("Unblock = %d", n)
	}
	if r := mustOK(alice.Lookup(bg(), h))(t); r.Block != nil {
		t.Errorf("still blocked: %+v", r.Block)
	}
	if n := mustOK(alice.Unblock(bg(), contact.BlockTargets{Handles: []contact.Handle{h}}))(t); n != 0 {
		t.Errorf("unblocking what is not blocked changed %d", n)
	}
	all := mustOK(alice.Blocks(bg(), true, 0, 0))(t)
	if len(all) != 1 || all[0].LiftedAt == nil || all[0].LiftedBy != "alice" {
		t.Errorf("past blocks = %+v", all)
	}
}

// Blocking contacts, a chunk apart, leaves the raw blocks on their numbers
// and emails in force, for a teammate's contact with the number too;
// RawBlocksOf lists them, each once, and none of a contact the actor
// cannot see.
func TestBlockingContactsLeavesRawBlocks(t *testing.T) {
	alice, bob, clk := openTeam(t)
	number, email := contact.Handle{E164: "+14155550100"}, contact.Handle{Email: "spam@example.com"}
	mustOK(alice.Block(bg(), contact.BlockTargets{Handles: []contact.Handle{number, email}}, nil, "spam"))(t)
	dee := addContact(t, bob, &contact.Contact{FirstName: "Dee", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}, Visibility: contact.Private})
	cee := addContact(t, alice, &contact.Contact{FirstName: "Cee", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}, Visibility: contact.Public})
	fillers := manyContacts(t, alice, bulkChunk, contact.Public)
	em := addContact(t, alice, &contact.Contact{FirstName: "Em", Phones: []contact.Phone{{Number: "+1 415 555 0100"}}, Emails: []contact.Email{{Address: "spam@example.com"}}})
	hour := clk.t.Add(time.Hour)
	ids := slices.Concat([]int64{cee.ID}, fillers, []int64{em.ID})
	if n := mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: ids}, &hour, "short"))(t); n != len(ids) {
		t.Errorf("Block = %d, want %d", n, len(ids))
	}
	raws := mustOK(alice.RawBlocksOf(bg(), ids))(t)
	if len(raws) != 2 || raws[0].E164 != number.E164 || raws[1].Email != email.Email || raws[0].Until != nil || raws[0].Reason != "spam" {
		t.Errorf("RawBlocksOf = %+v, want the blocks on %s and %s, forever", raws, number, email)
	}
	if r := mustOK(bob.Lookup(bg(), number))(t); r.Block == nil || r.Block.Until != nil || r.Block.Reason != "spam" {
		t.Errorf("bob's lookup = %+v, want Dee blocked forever by the number's block", r.Block)
	}
	if raws := mustOK(alice.RawBlocksOf(bg(), []int64{dee.ID}))(t); len(raws) != 0 {
		t.Errorf("RawBlocksOf bob's private contact = %+v, want none", raws)
	}
	if b := mustOK(bob.RawBlock(bg(), number))(t); b == nil || b.By != "alice" {
		t.Errorf("RawBlock = %+v, want alice's", b)
	}
}

func TestLookupBestMatch(t *testing.T) {
	alice, bob, clk := openTeam(t)
	old := addContact(t, alice, &contact.Contact{FirstName: "Old", Phones: []contact.Phone{{Number: "+14155550123"}}, Visibility: contact.Public})
	recent := addContact(t, alice, &contact.Contact{FirstName: "Recent", Phones: []contact.Phone{{Number: "(415) 555-0123"}}, Visibility: contact.Public})
	addContact(t, bob, &contact.Contact{FirstName: "BobsPrivate", Phones: []contact.Phone{{Number: "415.555.0123"}}})
	mustOK(alice.LogInteraction(bg(), &contact.Interaction{ContactID: recent.ID, Channel: "call", Direction: "in"}, nil))(t)
	r := mustOK(alice.Lookup(bg(), contact.Handle{E164: "+14155550123"}))(t)
	if got := idsOf(r.Contacts); !slices.Equal(got, []int64{recent.ID, old.ID}) {
		t.Errorf("matches = %v, want [recent old] = [%d %d]", got, recent.ID, old.ID)
	}
	clk.advance(time.Minute)
	mustOK(alice.SetArchived(bg(), []int64{recent.ID}, true))(t)
	r = mustOK(alice.Lookup(bg(), contact.Handle{E164: "+14155550123"}))(t)
	if got := idsOf(r.Contacts); !slices.Equal(got, []int64{old.ID, recent.ID}) {
		t.Errorf("with the recent one archived: %v, want the active one first", got)
	}
	if r := mustOK(alice.Lookup(bg(), contact.Handle{E164: "+19995550123"}))(t); len(r.Contacts) != 0 || r.Block != nil {
		t.Errorf("unknown number: %+v", r)
	}
}

// Of several blocks on a number, lookup tells the one that ends last, with
// its contact: a shorter block of a more recent contact does not hide that
// the number stays blocked (forever, or by a contact in the trash).
func TestLookupBlockThatEndsLast(t *testing.T) {
	alice, _, clk := openTeam(t)
	h := contact.Handle{E164: "+14155550123"}
	old := addContact(t, alice, &contact.Contact{FirstName: "Old", Phones: []contact.Phone{{Number: "+14155550123"}}, Visibility: contact.Public})
	recent := addContact(t, alice, &contact.Contact{FirstName: "Recent", Phones: []contact.Phone{{Number: "(415) 555-0123"}}, Visibility: contact.Public})
	mustOK(alice.LogInteraction(bg(), &contact.Interaction{ContactID: recent.ID, Channel: "call", Direction: "in"}, nil))(t)
	hour, day := clk.t.Add(time.Hour), clk.t.Add(24*time.Hour)
	mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: []int64{old.ID}}, nil, "forever"))(t)
	mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: []int64{recent.ID}}, &hour, "an hour"))(t)
	r := mustOK(alice.Lookup(bg(), h))(t)
	if r.Block == nil || r.Block.Until != nil || r.Block.Reason != "forever" {
		t.Errorf("block = %+v, want the one forever", r.Block)
	}
	if got := idsOf(r.Contacts); !slices.Equal(got, []int64{old.ID, recent.ID}) {
		t.Errorf("matches = %v, want the contact blocked forever first: [%d %d]", got, old.ID, recent.ID)
	}
	// A contact in the trash blocked for a day outlasts the hour.
	mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: []int64{old.ID}}, &day, "a day"))(t)
	if err := alice.DeleteContacts(bg(), []int64{old.ID}); err != nil {
		t.Fatal(err)
	}
	r = mustOK(alice.Lookup(bg(), h))(t)
	if r.Block == nil || r.Block.Reason != "a day" {
		t.Errorf("with the day's block in the trash: block = %+v, want a day", r.Block)
	}
	if got := idsOf(r.Contacts); !slices.Equal(got, []int64{old.ID, recent.ID}) {
		t.Errorf("with the day's block in the trash: matches = %v, want [%d %d]", got, old.ID, recent.ID)
	}
	// Blocks that end alike: the best contact's is told.
	mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: []int64{recent.ID}}, &day, "also a day"))(t)
	if r = mustOK(alice.Lookup(bg(), h))(t); r.Block == nil || r.Block.Reason != "also a day" || r.Contacts[0].ID != recent.ID {
		t.Errorf("blocks ending alike: %+v, first %d, want the recent contact's", r.Block, r.Contacts[0].ID)
	}
}

func TestLogInteraction(t *testing.T) {
	alice, _, clk := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "Ann"})
	it := &contact.Interaction{ContactID: a.ID, Channel: "Call", Direction: "out", Summary: "quote", DurationSeconds: 90}
	c := mustOK(alice.LogInteraction(bg(), it, nil))(t)
	if c.LastChannel != "call" || c.LastActivityAt == nil || !c.LastActivityAt.Equal(clk.t) {
		t.Errorf("after a call: channel %q, activity %v", c.LastChannel, c.LastActivityAt)
	}
	if it.ID == 0 || it.User != "alice" || it.Channel != "call" {
		t.Errorf("interaction = %+v", it)
	}
	// An older interaction does not move the last activity back.
	clk.advance(time.Hour)
	c = mustOK(alice.LogInteraction(bg(), &contact.Interaction{ContactID: a.ID, Channel: "sms", Direction: "in", At: clk.t.Add(-3 * time.Hour)}, nil))(t)
	if c.LastChannel != "call" || !c.LastActivityAt.Equal(clk.t.Add(-time.Hour)) {
		t.Errorf("after an older sms: channel %q, activity %v", c.LastChannel, c.LastActivityAt)
	}
	if got := findIDs(t, alice, "channel:call activity:<2h"); !slices.Equal(got, []int64{a.ID}) {
		t.Errorf("channel:call activity:<2h = %v", got)
	}
	_, err := alice.LogInteraction(bg(), &contact.Interaction{ContactID: a.ID, Channel: "call", Direction: "in", At: clk.t.Add(time.Hour)}, nil)
	wantErrCode(t, err, contact.EINVALID)
	_, err = alice.LogInteraction(bg(), &contact.Interaction{ContactID: a.ID, Channel: "pigeon", Direction: "in"}, nil)
	wantErrCode(t, err, contact.EINVALID)

	// No contact: one is created in the same transaction.
	n := &contact.Contact{Phones: []contact.Phone{{Number: "(650) 555-0100"}}, Attributes: map[string]string{}}
	c = mustOK(alice.LogInteraction(bg(), &contact.Interaction{Channel: "call", Direction: "in"}, n))(t)
	if c.ID == 0 || c.Name != "(650) 555-0100" || c.LastChannel != "call" || len(c.Phones) != 1 || c.Phones[0].E164 != "+16505550100" {
		t.Errorf("created contact = %+v", c)
	}
	// A failing log creates nothing.
	before := len(findIDs(t, alice, ""))
	n = &contact.Contact{Emails: []contact.Email{{Address: "new@example.com"}}, Attributes: map[string]string{}}
	_, err = alice.LogInteraction(bg(), &contact.Interaction{Channel: "call", Direction: "up"}, n)
	wantErrCode(t, err, contact.EINVALID)
	if after := len(findIDs(t, alice, "")); after != before {
		t.Errorf("a failed log created a contact: %d -> %d", before, after)
	}
}

// A number or email that no contact had when log looked it up, but that
// one has by the time its transaction begins (two caller-ID hooks logging
// the same new caller at once), gets no second contact: the log fails with
// ErrHandleTaken behind its error, creating nothing, for log to look
// again. A teammate's private contact that has it, which the actor cannot
// see, is no reason not to create one.
func TestLogInteractionHandleTakenMeanwhile(t *testing.T) {
	alice, bob, _ := openTeam(t)
	other := mustOK(Open(bg(), alice.Path(), Options{Actor: "alice", Region: "US", Now: alice.now}))(t)
	t.Cleanup(func() { other.Close() })
	phone := func() *contact.Contact {
		return &contact.Contact{Phones: []contact.Phone{{Number: "(650) 555-0100"}}, Attributes: map[string]string{}}
	}
	email := func() *contact.Contact {
		return &contact.Contact{Emails: []contact.Email{{Address: "New@Example.com"}}, Attributes: map[string]string{}}
	}
	for _, n := range []func() *contact.Contact{phone, email} {
		mustOK(other.LogInteraction(bg(), &contact.Interaction{Channel: "call", Direction: "in"}, n()))(t)
		before := findIDs(t, alice, "")
		_, err := alice.LogInteraction(bg(), &contact.Interaction{Channel: "call", Direction: "in"}, n())
		if !errors.Is(err, contact.ErrHandleTaken) {
			t.Fatalf("log of a number a contact has now: %v, want ErrHandleTaken", err)
		}
		if after := findIDs(t, alice, ""); !slices.Equal(after, before) {
			t.Errorf("contacts %v -> %v: a second contact for the number", before, after)
		}
	}
	mustOK(bob.LogInteraction(bg(), &contact.Interaction{Channel: "sms", Direction: "in"},
		&contact.Contact{Phones: []contact.Phone{{Number: "(650) 555-0111"}}, Attributes: map[string]string{}}))(t)
	c := mustOK(alice.LogInteraction(bg(), &contact.Interaction{Channel: "call", Direction: "in"},
		&contact.Contact{Phones: []contact.Phone{{Number: "(650) 555-0111"}}, Attributes: map[string]string{}}))(t)
	if c.Owner != "alice" {
		t.Errorf("created contact owned by %q, want alice's own", c.Owner)
	}
}

// An interaction logged at a time in another zone is stored as the same
// instant: it reads back equal, orders among the others by the instant
// and moves the last activity as a UTC time would.
func TestLogInteractionInAnotherZone(t *testing.T) {
	alice, _, clk := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "Ann"})
	pdt := time.FixedZone("PDT", -7*3600)
	at := time.Date(2026, 6, 15, 4, 30, 0, 0, pdt) // 11:30 UTC, half an hour before the clock
	mustOK(alice.LogInteraction(bg(), &contact.Interaction{ContactID: a.ID, Channel: "call", Direction: "in", At: at}, nil))(t)
	// An earlier one in UTC (11:00) is not the last activity.
	c := mustOK(alice.LogInteraction(bg(), &contact.Interaction{ContactID: a.ID, Channel: "sms", Direction: "out", At: clk.t.Add(-time.Hour)}, nil))(t)
	if c.LastChannel != "call" || c.LastActivityAt == nil || !c.LastActivityAt.Equal(at) {
		t.Errorf("last activity: %q at %v, want call at %v", c.LastChannel, c.LastActivityAt, at.UTC())
	}
	its := mustOK(alice.Interactions(bg(), a.ID, 0))(t)
	if len(its) != 2 || its[0].Channel != "call" || !its[0].At.Equal(at) {
		t.Errorf("interactions = %+v, want the call at %v first", its, at.UTC())
	}
}

func TestHistoryNewestFirst(t *testing.T) {
	alice, bob, clk := openTeam(t)
	a := addContact(t, alice, &contact.Contact{FirstName: "Ann", Visibility: contact.Public})
	clk.advance(time.Minute)
	mustOK(bob.AddNote(bg(), []int64{a.ID}, "first note"))(t)
	clk.advance(time.Minute)
	mustOK(alice.LogInteraction(bg(), &contact.Interaction{ContactID: a.ID, Channel: "meeting", Direction: "out", DurationSeconds: 3600, Summary: "kickoff"}, nil))(t)
	clk.advance(time.Minute)
	mustOK(alice.Tag(bg(), []int64{a.ID}, []string{"vip"}, nil))(t)
	clk.advance(time.Minute)
	mustOK(bob.Block(bg(), contact.BlockTargets{ContactIDs: []int64{a.ID}}, nil, "rude"))(t)
	clk.advance(time.Minute)
	mustOK(alice.Unblock(bg(), contact.BlockTargets{ContactIDs: []int64{a.ID}}))(t)
	var got []string
	for _, e := range mustOK(alice.History(bg(), a.ID))(t) {
		got = append(got, e.At.Format("15:04")+" "+e.Kind+" "+e.User+" "+e.Summary)
	}
	want := []string{
		"12:05 unblock alice unblocked",
		"12:04 block bob blocked forever: rude",
		`12:03 change alice update tag: added "vip"`,
		"12:02 interaction alice outbound meeting (1h): kickoff",
		"12:01 note bob note: first note",
		"12:00 change alice created",
	}
	if !slices.Equal(got, want) {
		t.Errorf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCreateUser(t *testing.T) {
	alice, bob, _ := openTeam(t)
	_, err := bob.CreateUser(bg(), "carl", "", "")
	wantErrCode(t, err, contact.EPERM)
	_, err = alice.CreateUser(bg(), "bob", "", "")
	wantErrCode(t, err, contact.ECONFLICT)
	for _, bad := range []string{"", "Bob 2", "a b", "-x", "é"} {
		_, err = alice.CreateUser(bg(), bad, "", "")
		wantErrCode(t, err, contact.EINVALID)
	}
	_, err = alice.CreateUser(bg(), "dora", "", "admin")
	wantErrCode(t, err, contact.EINVALID)
	u := mustOK(alice.CreateUser(bg(), "carl.m", "Carl M", "manager"))(t)
	if u.Login != "carl.m" || u.Role != contact.RoleManager || u.Name != "Carl M" {
		t.Errorf("created %+v", u)
	}
	// Any case names the same login, as --as does: Dee is dee.
	if u := mustOK(alice.CreateUser(bg(), "Dee", "", ""))(t); u.Login != "dee" {
		t.Errorf("CreateUser(Dee) made login %q, want dee", u.Login)
	}
	if us := mustOK(alice.Users(bg()))(t); len(us) != 4 {
		t.Errorf("users = %d, want 4", len(us))
	}
}

// TestEachDated checks what rolo birthdays reads: the birthdays and
// anniversaries, one a row, on the days asked for, of contacts the user
// may see, neither archived nor in the trash, in the order of the year
// from the day given, a page at a time.
func TestEachDated(t *testing.T) {
	alice, bob, _ := openTeam(t)
	add := func(d *DB, first, birthday, anniversary, vis string) int64 {
		return addContact(t, d, &contact.Contact{FirstName: first, Birthday: birthday, Anniversary: anniversary, Visibility: vis}).ID
	}
	ada := add(alice, "Ada", "1990-06-20", "", contact.Public)
	bea := add(alice, "Bea", "", "--06-21", contact.Public)
	add(alice, "Cy", "1990-06-22", "", contact.Public)  // not on a day asked for
	add(alice, "Di", "1990-06-20", "", contact.Private) // Alice's alone
	eve := add(alice, "Eve", "1985-06-20", "", contact.Public)
	fay := add(alice, "Fay", "--06-20", "", contact.Public)
	add(alice, "Gil", "", "", contact.Public)
	hal := add(alice, "Hal", "2000-01-02", "2020-06-21", contact.Public)
	mustOK(alice.SetArchived(bg(), []int64{eve}, true))(t)
	if err := alice.DeleteContacts(bg(), []int64{fay}); err != nil {
		t.Fatal(err)
	}
	read := func(d *DB, days []string, from string, pageSize int) (all []contact.Dated, pages []int) {
		t.Helper()
		err := d.EachDated(bg(), days, from, pageSize, func(page []contact.Dated) error {
			all = append(all, page...)
			pages = append(pages, len(page))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return all, pages
	}
	// From 06-20: 06-20, 06-21, then 01-02 of the next year; Hal twice,
	// a row for each date.
	got, pages := read(bob, []string{"01-02", "06-20", "06-21"}, "06-20", 2)
	want := []contact.Dated{{ID: ada, Name: "Ada", Birthday: "1990-06-20"}, {ID: bea, Name: "Bea", Anniversary: "--06-21"},
		{ID: hal, Name: "Hal", Anniversary: "2020-06-21"}, {ID: hal, Name: "Hal", Birthday: "2000-01-02"}}
	if len(got) == 4 && got[1].ID > got[2].ID { // one day's rows come in no set order
		got[1], got[2] = got[2], got[1]
	}
	if !reflect.DeepEqual(got, want) || !slices.Equal(pages, []int{2, 2}) {
		t.Errorf("Bob's dates on 06-20, 06-21 and 01-02 from 06-20, pages of 2:\n%+v %v\nwant\n%+v [2 2]", got, pages, want)
	}
	// From 06-21, 06-20 is a year away: last.
	if got, _ := read(bob, []string{"01-02", "06-20", "06-21"}, "06-21", 0); len(got) != 4 || got[2].ID != hal || got[2].Birthday == "" || got[3].ID != ada {
		t.Errorf("Bob's dates from 06-21: %+v, want the 06-21 ones, Hal's 01-02, then Ada's 06-20", got)
	}
	if got, _ := read(alice, []string{"06-20"}, "01-01", 0); len(got) != 2 || got[0].Name == got[1].Name {
		t.Errorf("Alice's dates on 06-20: %+v, want Ada and Di", got)
	}
	if got, pages := read(alice, nil, "01-01", 0); len(got) != 0 || len(pages) != 0 {
		t.Errorf("no days asked for: %+v, want nothing", got)
	}
}
