package sqlite

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// openTrio opens one database as alice (owner), bob (manager) and carol
// (member).
func openTrio(t *testing.T) (alice, bob, carol *DB) {
	t.Helper()
	clk := newTeamClock()
	path := filepath.Join(t.TempDir(), "rolo.db")
	open := func(login string) *DB {
		d := mustOK(Open(bg(), path, Options{Actor: login, Region: "US", Now: clk.now}))(t)
		t.Cleanup(func() { d.Close() })
		return d
	}
	alice = open("alice")
	mustOK(alice.CreateUser(bg(), "bob", "Bob", contact.RoleManager))(t)
	mustOK(alice.CreateUser(bg(), "carol", "Carol", contact.RoleMember))(t)
	return alice, open("bob"), open("carol")
}

func lastChange(t *testing.T, d *DB, id int64) contact.Change {
	t.Helper()
	chs := mustOK(d.Changes(bg(), id, 1))(t)
	if len(chs) == 0 {
		t.Fatalf("contact %d has no change log", id)
	}
	return chs[0]
}

func TestShareUnshare(t *testing.T) {
	alice, bob, carol := openTrio(t)
	secret := addContact(t, alice, &contact.Contact{FirstName: "Secret", Visibility: contact.Private})
	pub := addContact(t, alice, &contact.Contact{FirstName: "Pub", Visibility: contact.Public})

	// Hidden from carol: not found, before any question of permission.
	_, err := carol.Share(bg(), []int64{secret.ID}, []string{"carol"})
	wantErrCode(t, err, contact.ENOTFOUND)

	if n := mustOK(alice.Share(bg(), []int64{secret.ID}, []string{"carol", "carol", "alice"}))(t); n != 1 {
		t.Fatalf("Share changed %d, want 1", n)
	}
	if got := findIDs(t, carol, "Secret"); !slices.Equal(got, []int64{secret.ID}) {
		t.Fatalf("carol sees %v after the share, want [%d]", got, secret.ID)
	}
	c := mustOK(carol.Contact(bg(), secret.ID))(t)
	if !slices.Equal(c.SharedWith, []string{"carol"}) || c.Owner != "alice" {
		t.Fatalf("shared contact: owner %q shared_with %v", c.Owner, c.SharedWith)
	}
	ch := lastChange(t, alice, secret.ID)
	if ch.Action != contact.ActionShare || ch.Field != contact.FieldSharedWith || ch.New != "carol" || ch.User != "alice" {
		t.Fatalf("change log %+v", ch)
	}
	// Again: nothing changes. A public contact: nothing to share.
	if n := mustOK(alice.Share(bg(), []int64{secret.ID, pub.ID}, []string{"carol"}))(t); n != 0 {
		t.Fatalf("second share changed %d", n)
	}
	// Carol, who may edit it, may not share it further, even with herself,
	// and bob cannot see it at all.
	_, err = carol.Share(bg(), []int64{secret.ID}, []string{"bob"})
	wantErrCode(t, err, contact.EPERM)
	_, err = carol.Unshare(bg(), []int64{secret.ID}, []string{"carol"})
	wantErrCode(t, err, contact.EPERM)
	_, err = bob.Unshare(bg(), []int64{secret.ID}, []string{"carol"})
	wantErrCode(t, err, contact.ENOTFOUND)
	_, err = alice.Share(bg(), []int64{secret.ID}, []string{"zed"})
	wantErrCode(t, err, contact.ENOTFOUND)

	if n := mustOK(alice.Unshare(bg(), []int64{secret.ID}, []string{"carol", "bob"}))(t); n != 1 {
		t.Fatalf("Unshare changed %d, want 1", n)
	}
	if got := findIDs(t, carol, "Secret"); len(got) != 0 {
		t.Fatalf("carol still sees %v after unshare", got)
	}
	if ch := lastChange(t, alice, secret.ID); ch.Action != contact.ActionUnshare || ch.Old != "carol" {
		t.Fatalf("change log %+v", ch)
	}
}

func TestPublishIsOneWay(t *testing.T) {
	alice, bob, carol := openTrio(t)
	secret := addContact(t, alice, &contact.Contact{FirstName: "Secret", Visibility: contact.Private})
	mustOK(alice.Share(bg(), []int64{secret.ID}, []string{"carol"}))(t)

	_, err := carol.Publish(bg(), []int64{secret.ID})
	wantErrCode(t, err, contact.EPERM)
	_, err = bob.Publish(bg(), []int64{secret.ID})
	wantErrCode(t, err, contact.ENOTFOUND)
	// Carol may edit it but not make it public through an edit either.
	_, _, err = carol.UpdateContact(bg(), secret.ID, func(c *contact.Contact) error { c.Visibility = contact.Public; return nil })
	wantErrCode(t, err, contact.EPERM)

	if n := mustOK(alice.Publish(bg(), []int64{secret.ID}))(t); n != 1 {
		t.Fatalf("Publish changed %d", n)
	}
	c := mustOK(bob.Contact(bg(), secret.ID))(t)
	if c.Visibility != contact.Public || len(c.SharedWith) != 0 {
		t.Fatalf("published: visibility %q shared_with %v", c.Visibility, c.SharedWith)
	}
	if ch := lastChange(t, bob, secret.ID); ch.Action != contact.ActionPublish || ch.Old != "private" || ch.New != "public" {
		t.Fatalf("change log %+v", ch)
	}
	if n := mustOK(alice.Publish(bg(), []int64{secret.ID}))(t); n != 0 {
		t.Fatalf("publishing again changed %d", n)
	}
	before := mustOK(alice.Changes(bg(), secret.ID, 0))(t)
	for _, d := range []*DB{alice, bob, carol} {
		_, _, err = d.UpdateContact(bg(), secret.ID, func(c *contact.Contact) error {
			c.Visibility = contact.Private
			c.Company = "Renamed"
			return nil
		})
		wantErrCode(t, err, contact.EPERM)
	}
	after := mustOK(alice.Contact(bg(), secret.ID))(t)
	if after.Visibility != contact.Public || after.Company != "" || len(mustOK(alice.Changes(bg(), secret.ID, 0))(t)) != len(before) {
		t.Fatalf("a refused public -> private changed the contact: %+v", after)
	}
}

func TestTransfer(t *testing.T) {
	alice, bob, carol := openTrio(t)
	secret := addContact(t, alice, &contact.Contact{FirstName: "Secret", Visibility: contact.Private})
	pub := addContact(t, alice, &contact.Contact{FirstName: "Pub", Visibility: contact.Public})
	mustOK(alice.Share(bg(), []int64{secret.ID}, []string{"carol"}))(t)

	// Private: the owner only. Public: the owner or an owner/manager.
	_, err := carol.Transfer(bg(), []int64{secret.ID}, "carol")
	wantErrCode(t, err, contact.EPERM)
	_, err = bob.Transfer(bg(), []int64{secret.ID}, "bob")
	wantErrCode(t, err, contact.ENOTFOUND)
	_, err = carol.Transfer(bg(), []int64{pub.ID}, "carol")
	wantErrCode(t, err, contact.EPERM)
	_, err = alice.Transfer(bg(), []int64{pub.ID}, "nobody")
	wantErrCode(t, err, contact.ENOTFOUND)
	if n := mustOK(bob.Transfer(bg(), []int64{pub.ID}, "carol"))(t); n != 1 {
		t.Fatalf("manager's transfer changed %d", n)
	}
	if c := mustOK(alice.Contact(bg(), pub.ID))(t); c.Owner != "carol" {
		t.Fatalf("owner %q after transfer", c.Owner)
	}
	if ch := lastChange(t, alice, pub.ID); ch.Action != contact.ActionTransfer || ch.Field != contact.FieldOwner ||
		ch.Old != "alice" || ch.New != "carol" || ch.User != "bob" {
		t.Fatalf("change log %+v", ch)
	}

	// Handing the shared private contact to carol drops her now useless
	// share; alice no longer sees it.
	mustOK(alice.Transfer(bg(), []int64{secret.ID}, "carol"))(t)
	c := mustOK(carol.Contact(bg(), secret.ID))(t)
	if c.Owner != "carol" || len(c.SharedWith) != 0 {
		t.Fatalf("after transfer: owner %q shared_with %v", c.Owner, c.SharedWith)
	}
	_, err = alice.Contact(bg(), secret.ID)
	wantErrCode(t, err, contact.ENOTFOUND)
	// Now carol may delete it, publish it, share it.
	mustOK(carol.Share(bg(), []int64{secret.ID}, []string{"alice"}))(t)
	if got := findIDs(t, alice, "Secret"); !slices.Equal(got, []int64{secret.ID}) {
		t.Fatalf("alice sees %v after carol shared back", got)
	}
}

// A UID that only a contact the actor cannot see holds must not reveal
// that contact: the new contact gets a UID of its own. One the actor can
// see is a conflict as before.
func TestHiddenUIDDoesNotLeak(t *testing.T) {
	alice, _, carol := openTrio(t)
	addContact(t, alice, &contact.Contact{FirstName: "Secret", UID: "secret-uid", Visibility: contact.Private})
	addContact(t, alice, &contact.Contact{FirstName: "Pub", UID: "pub-uid", Visibility: contact.Public})

	c := addContact(t, carol, &contact.Contact{FirstName: "Mine", UID: "secret-uid", Visibility: contact.Private})
	if c.UID == "secret-uid" || c.UID == "" {
		t.Fatalf("carol's contact got UID %q", c.UID)
	}
	err := carol.CreateContact(bg(), &contact.Contact{FirstName: "Again", UID: "pub-uid", Attributes: map[string]string{}})
	wantErrCode(t, err, contact.ECONFLICT)
	if s := mustOK(alice.Contact(bg(), 1))(t); s.FirstName != "Secret" || s.UID != "secret-uid" {
		t.Fatalf("alice's contact changed: %+v", s)
	}
}

func TestSetRole(t *testing.T) {
	alice, bob, carol := openTrio(t)
	_, err := carol.SetRole(bg(), "carol", contact.RoleManager)
	wantErrCode(t, err, contact.EPERM)
	_, err = alice.SetRole(bg(), "carol", "admin")
	wantErrCode(t, err, contact.EINVALID)
	_, err = alice.SetRole(bg(), "zed", contact.RoleMember)
	wantErrCode(t, err, contact.ENOTFOUND)
	// A manager manages members and managers, not the owner role.
	_, err = bob.SetRole(bg(), "carol", contact.RoleOwner)
	wantErrCode(t, err, contact.EPERM)
	_, err = bob.SetRole(bg(), "alice", contact.RoleMember)
	wantErrCode(t, err, contact.EPERM)
	if ok := mustOK(bob.SetRole(bg(), "carol", contact.RoleManager))(t); !ok {
		t.Fatal("SetRole reported no change")
	}
	if ok := mustOK(bob.SetRole(bg(), "carol", "Manager"))(t); ok {
		t.Fatal("SetRole to the same role reported a change")
	}
	// The last owner is never demoted, not even by themselves.
	_, err = alice.SetRole(bg(), "alice", contact.RoleManager)
	wantErrCode(t, err, contact.EPERM)
	mustOK(alice.SetRole(bg(), "bob", contact.RoleOwner))(t)
	mustOK(alice.SetRole(bg(), "alice", contact.RoleMember))(t)
	_, err = bob.SetRole(bg(), "bob", contact.RoleMember)
	wantErrCode(t, err, contact.EPERM)
	roles := map[string]string{}
	for _, u := range mustOK(bob.Users(bg()))(t) {
		roles[u.Login] = u.Role
	}
	if roles["alice"] != "member" || roles["bob"] != "owner" || roles["carol"] != "manager" {
		t.Fatalf("roles %v", roles)
	}
}

func TestRemoveUser(t *testing.T) {
	alice, bob, carol := openTrio(t)
	pub := addContact(t, carol, &contact.Contact{FirstName: "CarolPub", Visibility: contact.Public})
	secret := addContact(t, carol, &contact.Contact{FirstName: "CarolSecret", Visibility: contact.Private})
	shared := addContact(t, alice, &contact.Contact{FirstName: "AliceShared", Visibility: contact.Private})
	mustOK(alice.Share(bg(), []int64{shared.ID}, []string{"carol"}))(t)
	mustOK(carol.SetFavorite(bg(), []int64{pub.ID}, true))(t)
	mustOK(carol.AddNote(bg(), []int64{pub.ID}, "carol was here"))(t)

	_, err := carol.RemoveUser(bg(), "bob", "")
	wantErrCode(t, err, contact.EPERM)
	_, err = bob.RemoveUser(bg(), "alice", "bob")
	wantErrCode(t, err, contact.EPERM) // the last owner
	_, err = alice.RemoveUser(bg(), "alice", "bob")
	wantErrCode(t, err, contact.EPERM)
	sharedSecret := addContact(t, carol, &contact.Contact{FirstName: "CarolToBob", Visibility: contact.Private})
	mustOK(carol.Share(bg(), []int64{sharedSecret.ID}, []string{"bob"}))(t)
	_, err = bob.RemoveUser(bg(), "carol", "carol")
	wantErrCode(t, err, contact.EINVALID)
	_, err = bob.RemoveUser(bg(), "carol", "zed")
	wantErrCode(t, err, contact.ENOTFOUND)
	if got := findIDs(t, carol, ""); !slices.Equal(got, []int64{pub.ID, secret.ID, shared.ID, sharedSecret.ID}) {
		t.Fatalf("a refused removal changed what carol sees: %v", got)
	}

	// Only carol's public contact changes hands: her private ones stay
	// hers, seen only by those they were shared with.
	to := mustOK(bob.RemoveUser(bg(), "carol", "bob"))(t)
	if to != "bob" {
		t.Fatalf("RemoveUser moved contacts to %q", to)
	}
	if got := findIDs(t, bob, "owner:bob"); !slices.Equal(got, []int64{pub.ID}) {
		t.Fatalf("bob owns %v, want carol's public contact only", got)
	}
	if got := findIDs(t, bob, ""); !slices.Equal(got, []int64{pub.ID, sharedSecret.ID}) {
		t.Fatalf("bob sees %v, want carol's public contact and the one she shared with him", got)
	}
	if got := findIDs(t, alice, ""); !slices.Equal(got, []int64{pub.ID, shared.ID}) {
		t.Fatalf("alice sees %v after carol left", got)
	}
	if ch := lastChange(t, bob, pub.ID); ch.Action != contact.ActionTransfer || ch.Old != "carol" || ch.New != "bob" || ch.User != "bob" {
		t.Fatalf("change log %+v", ch)
	}
	if c := mustOK(alice.Contact(bg(), shared.ID))(t); len(c.SharedWith) != 0 {
		t.Fatalf("the removed teammate keeps a share: %v", c.SharedWith)
	}
	// The share's end is in the contact's change log, as an unshare's is,
	// so its history does not say it is still shared.
	if ch := lastChange(t, alice, shared.ID); ch.Action != contact.ActionUnshare || ch.Field != contact.FieldSharedWith || ch.Old != "carol" || ch.User != "bob" {
		t.Fatalf("the last change of a contact shared with the removed teammate: %+v", ch)
	}
	for _, u := range mustOK(alice.Users(bg()))(t) {
		if u.Login != "alice" && u.Login != "bob" {
			t.Fatalf("team still lists %q", u.Login)
		}
	}
	// Carol cannot act any more, and says why; her note keeps its author.
	_, err = Open(bg(), alice.Path(), Options{Actor: "carol"})
	wantErrCode(t, err, contact.ENOTFOUND)
	if msg := contact.ErrorMessage(err); !strings.Contains(msg, "was removed") {
		t.Fatalf("opening as a removed teammate: %q", msg)
	}
	evs := mustOK(bob.History(bg(), pub.ID))(t)
	if !slices.ContainsFunc(evs, func(e contact.Event) bool { return e.Kind == contact.EventNote && e.User == "carol (removed)" }) {
		t.Fatalf("history lost the removed teammate's note: %+v", evs)
	}
	// The login is free again, and carol's private contacts come back with
	// her; a second removal gets its own mark.
	mustOK(alice.CreateUser(bg(), "carol", "", ""))(t)
	back := mustOK(Open(bg(), alice.Path(), Options{Actor: "carol"}))(t)
	defer back.Close()
	if got := findIDs(t, back, "owner:me"); !slices.Equal(got, []int64{secret.ID, sharedSecret.ID}) {
		t.Fatalf("carol, back, owns %v", got)
	}
	mustOK(alice.RemoveUser(bg(), "carol", ""))(t)
	_, err = alice.RemoveUser(bg(), "carol", "")
	wantErrCode(t, err, contact.ENOTFOUND)
}

func TestUpdateUser(t *testing.T) {
	alice, _, carol := openTrio(t)
	u := mustOK(carol.UpdateUser(bg(), "carol", func(u *contact.User) error {
		u.Email, u.Phone = "Carol@Example.com", "(415) 555-0100"
		return nil
	}))(t)
	if u.Email != "carol@example.com" || u.Phone != "(415) 555-0100" {
		t.Fatalf("details %+v", u)
	}
	_, err := carol.UpdateUser(bg(), "alice", func(u *contact.User) error { u.Name = "X"; return nil })
	wantErrCode(t, err, contact.EPERM)
	_, err = alice.UpdateUser(bg(), "carol", func(u *contact.User) error { u.Email = "not-an-email"; return nil })
	wantErrCode(t, err, contact.EINVALID)
	_, err = alice.UpdateUser(bg(), "carol", func(u *contact.User) error { u.Phone = "12"; return nil })
	wantErrCode(t, err, contact.EINVALID)
}

// An older rolo kept the first user's login as $USER spelled it (Alice):
// removed and added again (team add alice, as logins are now written),
// that teammate comes back as the same user, with the private contacts
// they own, and a login that was never theirs gets none of them.
func TestRemovedLoginOfAnOlderRoloComesBack(t *testing.T) {
	alice, bob, _ := openTrio(t)
	secret := addContact(t, alice, &contact.Contact{FirstName: "AliceSecret", Visibility: contact.Private})
	if _, err := alice.db.ExecContext(bg(), `UPDATE users SET login = 'Alice' WHERE login = 'alice'`); err != nil {
		t.Fatal(err)
	}
	mustOK(alice.SetRole(bg(), "bob", contact.RoleOwner))(t)
	bob.Close()
	bob = mustOK(Open(bg(), alice.Path(), Options{Actor: "bob", Region: "US"}))(t)
	defer bob.Close()
	mustOK(bob.RemoveUser(bg(), "alice", ""))(t)
	_, err := Open(bg(), alice.Path(), Options{Actor: "alice"})
	if msg := contact.ErrorMessage(err); !strings.Contains(msg, "was removed") {
		t.Fatalf("opening as the removed teammate: %q", msg)
	}
	u := mustOK(bob.CreateUser(bg(), "alice", "", ""))(t)
	if u.Login != "Alice" {
		t.Errorf("team add alice brought back %q, want the same user, Alice", u.Login)
	}
	back := mustOK(Open(bg(), alice.Path(), Options{Actor: "alice"}))(t)
	defer back.Close()
	if got := findIDs(t, back, "owner:me"); !slices.Equal(got, []int64{secret.ID}) {
		t.Fatalf("alice, back, owns %v, want her private contact %d", got, secret.ID)
	}
	if us := mustOK(bob.Users(bg()))(t); len(us) != 3 {
		t.Fatalf("team of %d after alice came back, want 3", len(us))
	}
}

// A command acts as its user is when it writes, not as they were when it
// opened the database: a teammate demoted while rolo asked "Move ... to
// the trash?" (or $EDITOR was open) may no longer delete another's public
// contact, one promoted may, and one removed meanwhile changes nothing.
func TestActorAsTheyAreWhenWriting(t *testing.T) {
	alice, bob, carol := openTrio(t)
	pub := addContact(t, carol, &contact.Contact{FirstName: "CarolPub", Visibility: contact.Public})
	mustOK(alice.SetRole(bg(), "bob", contact.RoleMember))(t)
	wantErrCode(t, bob.DeleteContacts(bg(), []int64{pub.ID}), contact.EPERM)
	_, err := bob.RemoveUser(bg(), "carol", "")
	wantErrCode(t, err, contact.EPERM)
	_, err = bob.CreateUser(bg(), "dora", "", "")
	wantErrCode(t, err, contact.EPERM)
	mustOK(alice.SetRole(bg(), "bob", contact.RoleManager))(t)
	if err := bob.DeleteContacts(bg(), []int64{pub.ID}); err != nil {
		t.Fatalf("bob, a manager again, deleting a public contact: %v", err)
	}

	mustOK(alice.RemoveUser(bg(), "carol", "alice"))(t)
	_, err = carol.AddNote(bg(), []int64{pub.ID}, "after I left")
	wantErrCode(t, err, contact.ENOTFOUND)
	if msg := contact.ErrorMessage(err); !strings.Contains(msg, `"carol" was removed`) {
		t.Fatalf("a removed teammate writing: %q", msg)
	}
	err = carol.CreateContact(bg(), &contact.Contact{FirstName: "Late", Attributes: map[string]string{}})
	wantErrCode(t, err, contact.ENOTFOUND)
	if got := findIDs(t, alice, "Late"); len(got) != 0 {
		t.Fatalf("a removed teammate added contacts %v", got)
	}
}

// share and transfer look their teammate up again once they hold the
// write lock: one that a team rm removed while they waited for it gets no
// share (which would come back with them) and no contact.
func TestShareWithATeammateRemovedWhileWaiting(t *testing.T) {
	alice, _, _ := openTrio(t)
	secret := addContact(t, alice, &contact.Contact{FirstName: "Secret", Visibility: contact.Private})
	again := mustOK(Open(bg(), alice.Path(), Options{Actor: "alice", Region: "US"}))(t)
	defer again.Close()
	for _, act := range []func() error{
		func() error { _, err := again.Share(bg(), []int64{secret.ID}, []string{"carol"}); return err },
		func() error { _, err := again.Transfer(bg(), []int64{secret.ID}, "bob"); return err },
	} {
		// A team rm, in a transaction that holds the write lock.
		tx := mustOK(alice.db.BeginTx(bg(), nil))(t)
		if _, err := tx.ExecContext(bg(), `UPDATE users SET removed_at = '2026-06-15T12:00:00Z' WHERE login IN ('carol', 'bob')`); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- act() }()
		time.Sleep(300 * time.Millisecond)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		wantErrCode(t, <-done, contact.ENOTFOUND)
		if _, err := alice.db.ExecContext(bg(), `UPDATE users SET removed_at = NULL`); err != nil {
			t.Fatal(err)
		}
	}
	c := mustOK(alice.Contact(bg(), secret.ID))(t)
	if len(c.SharedWith) != 0 || c.Owner != "alice" {
		t.Fatalf("after share and transfer to removed teammates: owner %s, shared with %v", c.Owner, c.SharedWith)
	}
}

// A user the database no longer has at all (a restore-backup put back a
// team without them while $EDITOR was open) writes nothing, and is told
// so, not "sql: no rows in result set".
func TestActorGoneFromTheDatabase(t *testing.T) {
	alice, _, carol := openTrio(t)
	pub := addContact(t, alice, &contact.Contact{FirstName: "AlicePub", Visibility: contact.Public})
	if _, err := alice.db.ExecContext(bg(), `DELETE FROM users WHERE login = 'carol'`); err != nil {
		t.Fatal(err)
	}
	_, err := carol.AddNote(bg(), []int64{pub.ID}, "after the restore")
	wantErrCode(t, err, contact.ENOTFOUND)
	if msg := contact.ErrorMessage(err); !strings.Contains(msg, `"carol" is not a teammate`) {
		t.Fatalf("a user the database does not have writing: %q", msg)
	}
}
