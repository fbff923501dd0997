package sqlite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// The block list read a page at a time (blocked) is the list read at
// once: the same blocks in the same order (newest first, ties by block),
// the same page of --limit and --offset, with --all too, and for a
// teammate without the blocks of another's private contacts.
func TestEachBlockIsBlocksInPages(t *testing.T) {
	alice, bob, clk := openTeam(t)
	var ids, shared, private, timed, lifted, trashed []int64
	for i := range 30 {
		c := &contact.Contact{FirstName: fmt.Sprintf("Caller%02d", i),
			Phones: []contact.Phone{{Number: fmt.Sprintf("+1 415 555 %04d", i)}}}
		if i%2 == 0 {
			c.Visibility = contact.Public
		}
		addContact(t, alice, c)
		ids = append(ids, c.ID)
		switch {
		case i%2 == 0:
		case i%5 == 1:
			shared = append(shared, c.ID)
		default:
			private = append(private, c.ID)
		}
		switch i % 6 {
		case 2:
			timed = append(timed, c.ID)
		case 3:
			lifted = append(lifted, c.ID)
		case 4:
			trashed = append(trashed, c.ID)
		}
	}
	mustOK(alice.Share(bg(), shared, []string{"bob"}))(t)
	// One bulk block: 30 blocks made at the same second.
	mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: ids}, nil, "spam"))(t)
	clk.advance(time.Minute)
	var raw []contact.Handle
	for i := range 6 {
		raw = append(raw, contact.Handle{E164: fmt.Sprintf("+1212555%04d", i)}, contact.Handle{Email: fmt.Sprintf("junk%d@example.com", i)})
	}
	mustOK(bob.Block(bg(), contact.BlockTargets{Handles: raw}, nil, "robocalls"))(t)
	clk.advance(time.Minute)
	hour := clk.t.Add(time.Hour)
	mustOK(alice.Block(bg(), contact.BlockTargets{ContactIDs: timed}, &hour, "for an hour"))(t)
	clk.advance(time.Minute)
	mustOK(alice.Unblock(bg(), contact.BlockTargets{ContactIDs: lifted}))(t)
	if err := alice.DeleteContacts(bg(), trashed); err != nil {
		t.Fatal(err)
	}
	clk.advance(2 * time.Hour) // the timed blocks have expired

	// In force: 30 contacts' blocks less the lifted and the expired (the
	// trashed still screen), and the 12 raw ones; bob has neither alice's
	// private contacts' blocks.
	inForce := 30 - len(lifted) - len(timed) + len(raw)
	wantLen := map[string]int{"alice": inForce, "bob": inForce - countIn(private, ids, lifted, timed)}
	crossed := false
	for _, st := range []struct {
		who string
		db  *DB
	}{{"alice", alice}, {"bob", bob}} {
		for _, all := range []bool{false, true} {
			whole := mustOK(st.db.Blocks(bg(), all, 0, 0))(t)
			if !all && len(whole) != wantLen[st.who] {
				t.Errorf("%s: %d blocks in force, want %d", st.who, len(whole), wantLen[st.who])
			}
			for _, b := range whole {
				if st.who == "bob" && b.ContactID != nil && slices.Contains(private, *b.ContactID) {
					t.Errorf("bob sees the block on alice's private contact %d", *b.ContactID)
				}
			}
			for _, lo := range [][2]int{{0, 0}, {5, 0}, {7, 3}, {0, 11}, {40, 2}, {4, 100}} {
				limit, offset := lo[0], lo[1]
				want := whole[min(offset, len(whole)):]
				if limit > 0 {
					want = want[:min(limit, len(want))]
				}
				for _, size := range []int{1, 4, 7, 1000} {
					var got []contact.BlockRecord
					pages := 0
					err := st.db.EachBlock(bg(), all, limit, offset, size, func(bs []contact.BlockRecord) error {
						if len(bs) == 0 || len(bs) > size {
							t.Errorf("%s all=%v limit %d offset %d, pages of %d: a page of %d", st.who, all, limit, offset, size, len(bs))
						}
						pages++
						got = append(got, bs...)
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
					crossed = crossed || pages > 2
					if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
						t.Errorf("%s all=%v limit %d offset %d, pages of %d: %d blocks %v, want %d %v",
							st.who, all, limit, offset, size, len(got), blockIDs(got), len(want), blockIDs(want))
					}
				}
				if got := mustOK(st.db.Blocks(bg(), all, limit, offset))(t); len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
					t.Errorf("%s Blocks(all=%v, %d, %d) = %v, want %v", st.who, all, limit, offset, blockIDs(got), blockIDs(want))
				}
			}
		}
	}
	if !crossed {
		t.Error("no listing crossed more than two pages")
	}

	// An error from fn (a closed pipe) ends the listing there.
	stop := errors.New("stop")
	calls := 0
	err := alice.EachBlock(bg(), true, 0, 0, 4, func([]contact.BlockRecord) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("EachBlock after fn's error: %v, %d calls; want the error after 1", err, calls)
	}
}

// countIn counts the IDs of ids that are in set and in none of the others.
func countIn(set, ids []int64, others ...[]int64) int {
	n := 0
	for _, id := range ids {
		if !slices.Contains(set, id) {
			continue
		}
		out := false
		for _, o := range others {
			out = out || slices.Contains(o, id)
		}
		if !out {
			n++
		}
	}
	return n
}

func blockIDs(bs []contact.BlockRecord) []int64 {
	out := make([]int64, len(bs))
	for i, b := range bs {
		out[i] = b.ID
	}
	return out
}

// Blocks is the whole block list EachBlock gives a page at a time.
func (d *DB) Blocks(ctx context.Context, all bool, limit, offset int) ([]contact.BlockRecord, error) {
	out := []contact.BlockRecord{}
	err := d.EachBlock(ctx, all, limit, offset, 0, func(bs []contact.BlockRecord) error {
		out = append(out, bs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
