package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// LogInteraction records an interaction. With it.ContactID 0 it first
// creates newContact (as CreateContact would), in the same transaction, so
// that a failure leaves neither behind; when a visible contact has
// newContact's number or email by then (another process logged it since
// the caller looked), it creates none and fails with ErrHandleTaken behind
// its error, for the caller to look again. The contact's last activity and
// last channel move to this interaction unless a later one is recorded.
func (d *DB) LogInteraction(ctx context.Context, it *contact.Interaction, newContact *contact.Contact) (*contact.Contact, error) {
	if err := it.Normalize(); err != nil {
		return nil, err
	}
	if it.At.IsZero() {
		it.At = d.now()
	}
	it.At = it.At.UTC().Truncate(time.Second)
	if it.At.After(d.now()) {
		return nil, contact.Errorf(contact.EINVALID, "--at: %s is in the future", it.At.Format(time.RFC3339))
	}
	if it.ContactID == 0 {
		if newContact == nil {
			return nil, contact.Errorf(contact.EINVALID, "log: no contact given")
		}
		if err := contact.Normalize(newContact, d.region); err != nil {
			return nil, err
		}
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	if it.ContactID == 0 {
		if err := d.handleFree(ctx, tx, newContact); err != nil {
			return nil, err
		}
		if err := d.createContact(ctx, tx, newContact); err != nil {
			return nil, err
		}
		it.ContactID = newContact.ID
	} else if err := d.seeContact(ctx, tx, it.ContactID, contact.ScopeActive); err != nil {
		return nil, err
	}
	at, now := formatTime(it.At), d.nowText()
	res, err := tx.ExecContext(ctx, `INSERT INTO interactions (contact_id, user_id, channel, direction, at, summary, duration_seconds, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, it.ContactID, d.actor.ID, it.Channel, it.Direction, at, it.Summary, it.DurationSeconds, now)
	if err != nil {
		return nil, dbError(err)
	}
	if it.ID, err = res.LastInsertId(); err != nil {
		return nil, dbError(err)
	}
	it.User, it.CreatedAt = d.actor.Login, parseTime(now)
	if _, err := tx.ExecContext(ctx, `UPDATE contacts SET last_activity_at = ?, last_channel = ?
		WHERE id = ? AND (last_activity_at IS NULL OR last_activity_at <= ?)`, at, it.Channel, it.ContactID, at); err != nil {
		return nil, dbError(err)
	}
	if err := d.logChanges(ctx, tx, it.ContactID, contact.ActionLog, []contact.Change{{Field: "interaction", New: it.Describe()}}); err != nil {
		return nil, err
	}
	c, err := d.contactByID(ctx, tx, it.ContactID, contact.ScopeAny)
	if err != nil {
		return nil, err
	}
	return c, dbError(tx.Commit())
}

// handleFree fails with ErrHandleTaken behind its error when a visible,
// non-trashed contact has the number or email newContact is created for,
// as the write transaction tx sees it: the caller looked before tx began.
func (d *DB) handleFree(ctx context.Context, tx *sql.Tx, newContact *contact.Contact) error {
	var h contact.Handle
	switch {
	case len(newContact.Phones) > 0:
		h.E164 = newContact.Phones[0].E164
	case len(newContact.Emails) > 0:
		h.Email = newContact.Emails[0].Address
	}
	if h.String() == "" {
		return nil
	}
	cs, err := d.contactsWith(ctx, tx, h)
	if err != nil || len(cs) == 0 {
		return err
	}
	return &contact.Error{Code: contact.ECONFLICT, Message: fmt.Sprintf("log: %s has a contact now (%d)", h, cs[0].ID), Err: contact.ErrHandleTaken}
}

// History returns one timeline of a visible contact (trashed ones too):
// notes, interactions, blocks (made, lifted, expired), merges and the
// change log, newest first. Change-log rows that only record an event
// shown from its own table (a note, an interaction, a block, a whole
// merge) are left out so that nothing appears twice, but they still order
// events of the same second in the order they happened.
func (d *DB) History(ctx context.Context, id int64) ([]contact.Event, error) {
	c, err := d.contactByID(ctx, d.db, id, contact.ScopeAny)
	if err != nil {
		return nil, err
	}
	tl := &timeline{logged: map[string][]int64{}, values: map[int64]string{}, first: map[string]int64{}}
	for _, load := range []func(context.Context, *contact.Contact, *timeline) error{
		d.changeEvents, d.noteEvents, d.interactionEvents, d.blockEvents, d.mergeEvents,
	} {
		if err := load(ctx, c, tl); err != nil {
			return nil, err
		}
	}
	sort.Stable(tl)
	if tl.events == nil {
		return []contact.Event{}, nil
	}
	return tl.events, nil
}

// timeline collects events with a sequence number (see seq), so that
// events of the same second sort in the order they happened: times are
// stored to the second, change-log IDs grow with every operation.
type timeline struct {
	events []contact.Event
	seqs   []int64
	// logged holds the IDs, ascending, of the change-log rows not shown
	// themselves, by action and time, for seq to hand out in order.
	logged map[string][]int64
	// values are the new values of the note rows in logged, by ID.
	values map[int64]string
	// first is the ID of the first change-log row of each second.
	first map[string]int64
}

func (tl *timeline) add(ev contact.Event, seq int64) {
	tl.events = append(tl.events, ev)
	tl.seqs = append(tl.seqs, seq)
}

// seq is the order of an event within its second: twice the ID of the
// next change-log row that action wrote at time at. An event that wrote
// none (a note given to add) comes just after the first operation of its
// second (for add --note, the creation), or first when there was none.
func (tl *timeline) seq(action string, at time.Time) int64 {
	second := formatTime(at)
	key := action + "|" + second
	ids := tl.logged[key]
	if len(ids) == 0 {
		return 2*tl.first[second] + 1
	}
	tl.logged[key] = ids[1:]
	return 2 * ids[0]
}

// noteSeq is seq for a note: the change-log row of its second that holds
// its text, the newest one not taken, so that each note is ordered by the
// row `note` wrote for it, not by another's. A note that wrote none (one
// given to add or imported with a new contact) is ordered as seq orders
// it. noteEvents asks for the newest notes first, which are the ones that
// wrote a row when two notes of one second say the same.
func (tl *timeline) noteSeq(at time.Time, text string) int64 {
	second := formatTime(at)
	key := contact.ActionNote + "|" + second
	ids := tl.logged[key]
	for i := len(ids) - 1; i >= 0; i-- {
		if tl.values[ids[i]] == text {
			tl.logged[key] = slices.Delete(slices.Clone(ids), i, i+1)
			return 2 * ids[i]
		}
	}
	return 2*tl.first[second] + 1
}

func (tl *timeline) Len() int { return len(tl.events) }
func (tl *timeline) Less(i, j int) bool {
	if a, b := tl.events[i].At, tl.events[j].At; !a.Equal(b) {
		return a.After(b)
	}
	return tl.seqs[i] > tl.seqs[j]
}
func (tl *timeline) Swap(i, j int) {
	tl.events[i], tl.events[j] = tl.events[j], tl.events[i]
	tl.seqs[i], tl.seqs[j] = tl.seqs[j], tl.seqs[i]
}

// rowsEach runs a query and calls scan for every row.
func (d *DB) rowsEach(ctx context.Context, q string, args []any, scan func(*sql.Rows) error) error {
	return d.rowsEachIn(ctx, d.db, q, args, scan)
}

// rowsEachIn is rowsEach in a transaction (or any querier).
func (d *DB) rowsEachIn(ctx context.Context, db querier, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return dbError(err)
		}
	}
	return dbError(rows.Err())
}

// noteEvents are the contact's notes, newest first (the order show lists
// them in, which the timeline's stable sort keeps among notes of one
// second that wrote no change-log row).
func (d *DB) noteEvents(ctx context.Context, c *contact.Contact, tl *timeline) error {
	return d.rowsEach(ctx, `SELECT n.id, `+userLabel("u")+`, n.body, n.created_at FROM notes n JOIN users u ON u.id = n.user_id
		WHERE n.contact_id = ? ORDER BY n.id DESC`, []any{c.ID}, func(r *sql.Rows) error {
		n := &contact.Note{}
		var at string
		if err := r.Scan(&n.ID, &n.Author, &n.Text, &at); err != nil {
			return err
		}
		n.CreatedAt = parseTime(at)
		tl.add(contact.Event{At: n.CreatedAt, Kind: contact.EventNote, User: n.Author, Summary: "note: " + oneLine(n.Text), Note: n},
			tl.noteSeq(n.CreatedAt, n.Text))
		return nil
	})
}

func (d *DB) interactionEvents(ctx context.Context, c *contact.Contact, tl *timeline) error {
	return d.rowsEach(ctx, interactionsSQL+` ORDER BY i.id`, []any{c.ID},
		func(r *sql.Rows) error {
			it, err := scanInteraction(r)
			if err != nil {
				return err
			}
			tl.add(contact.Event{At: it.At, Kind: contact.EventInteraction, User: it.User, Summary: it.Describe(), Interaction: it},
				tl.seq(contact.ActionLog, it.CreatedAt))
			return nil
		})
}

// interactionsSQL selects a contact's interactions, as scanInteraction
// reads them.
var interactionsSQL = `SELECT i.id, i.contact_id, ` + userLabel("u") + `, i.channel, i.direction, i.at, i.summary, i.duration_seconds, i.created_at
	FROM interactions i JOIN users u ON u.id = i.user_id WHERE i.contact_id = ?`

func scanInteraction(r *sql.Rows) (*contact.Interaction, error) {
	it := &contact.Interaction{}
	var at, created string
	if err := r.Scan(&it.ID, &it.ContactID, &it.User, &it.Channel, &it.Direction, &at, &it.Summary, &it.DurationSeconds, &created); err != nil {
		return nil, err
	}
	it.At, it.CreatedAt = parseTime(at), parseTime(created)
	return it, nil
}

// loadInteractions fills the Interactions of cs, visible contacts, with
// their whole history, newest first as show lists them, one query per
// chunk of contacts. The user is named as a note's author is (userLabel),
// which an import reads back.
func (d *DB) loadInteractions(ctx context.Context, q querier, cs []*contact.Contact) error {
	byID := make(map[int64]*contact.Contact, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
		c.Interactions = []contact.Interaction{}
	}
	for start := 0; start < len(cs); start += lookupChunk {
		span, ids := idSpan(cs[start:min(start+lookupChunk, len(cs))])
		err := d.rowsEachIn(ctx, q, `SELECT i.id, i.contact_id, `+userLabel("u")+`, i.channel, i.direction, i.at, i.summary, i.duration_seconds, i.created_at
			FROM interactions i JOIN users u ON u.id = i.user_id WHERE i.contact_id `+span+`
			ORDER BY i.contact_id, i.at DESC, i.id DESC`, ids, func(r *sql.Rows) error {
			it, err := scanInteraction(r)
			if err != nil {
				return err
			}
			// A contact in the span but not in cs (idSpan) is left out.
			if c := byID[it.ContactID]; c != nil {
				c.Interactions = append(c.Interactions, *it)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Tags returns the tags of the visible contacts in scope that start with
// prefix. Spellings of one tag (VIP and vip: contact.TagKey), which tag:
// finds together, are one tag, counted once, in the spelling most of its
// contacts have.
func (d *DB) Tags(ctx context.Context, scope contact.Scope, prefix string, limit int) ([]contact.TagCount, error) {
	out := []contact.TagCount{}
	args := append([]any{likePrefix(prefix, "")}, d.visibleArgs()...)
	err := d.rowsEach(ctx, tagsSQL(scope), append(args, limit), func(r *sql.Rows) error {
		var tc contact.TagCount
		var most int
		if err := r.Scan(&tc.Tag, &tc.Count, &most); err != nil {
			return err
		}
		out = append(out, tc)
		return nil
	})
	return out, err
}

// tagsSQL is Tags' query: its arguments are the prefix's LIKE pattern,
// visibleArgs and the limit. max(n) makes tag the spelling of the group's
// largest count (SQLite's bare column of a max()).
func tagsSQL(scope contact.Scope) string {
	from := `contact_tags t JOIN contacts c ON c.id = t.contact_id`
	if scope == contact.ScopeDeleted {
		// The trash has an index of its own (contacts_deleted): its
		// tags are read from its contacts, not by looking up the
		// contact of every tag row (on a million contacts, 932,000 rows
		// read for the 115 in the trash: 0.4-0.6 s for restore --where
		// tag:<TAB>).
		from = `contacts c CROSS JOIN contact_tags t ON t.contact_id = c.id`
	}
	return `SELECT tag, sum(n), max(n) FROM (
			SELECT t.tag AS tag, count(*) AS n FROM ` + from + `
			WHERE t.tag LIKE ? ESCAPE '\' AND ` + scopeSQL(scope) + ` AND ` + visibleSQL + `
			GROUP BY t.tag ORDER BY t.tag)
		GROUP BY rolo_tagkey(tag) ORDER BY sum(n) DESC, tag LIMIT ?`
}

// Interactions returns the latest interactions with a visible contact
// (trashed ones too), by the time they happened, newest first.
func (d *DB) Interactions(ctx context.Context, id int64, limit int) ([]contact.Interaction, error) {
	if err := d.seeContact(ctx, d.db, id, contact.ScopeAny); err != nil {
		return nil, err
	}
	q := interactionsSQL + ` ORDER BY i.at DESC, i.id DESC`
	args := []any{id}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	out := []contact.Interaction{}
	err := d.rowsEach(ctx, q, args, func(r *sql.Rows) error {
		it, err := scanInteraction(r)
		if err != nil {
			return err
		}
		out = append(out, *it)
		return nil
	})
	return out, err
}

// blockEvents turns the contact's blocks into events: one when a block was
// made, one when it was lifted (unless a new block replaced it at that
// moment, which the new block's event says) and one when it expired. They
// are the blocks made on the contact and the raw blocks on its numbers and
// emails (made when no contact had them), which block the contact too
// (contactBlocksSQL) and which unblock of the contact lifts; raw blocks
// are the team's, as blocked lists them to everyone. Their events name the
// number or email.
func (d *DB) blockEvents(ctx context.Context, c *contact.Contact, tl *timeline) error {
	type row struct {
		at, lifted time.Time
		until      *time.Time
		by, liftBy string
		reason     string
		isLifted   bool
		on         contact.Handle // a raw block's number or email
	}
	var rows []row
	err := d.rowsEach(ctx, `SELECT `+userLabel("u")+`, b.created_at, b.until, b.reason, b.lifted_at, coalesce(`+userLabel("lu")+`, ''),
			CASE WHEN b.contact_id IS NULL THEN b.e164 ELSE '' END, CASE WHEN b.contact_id IS NULL THEN b.email ELSE '' END
		FROM blocks b JOIN users u ON u.id = b.user_id LEFT JOIN users lu ON lu.id = b.lifted_by
		WHERE b.contact_id = ?
			OR `+rawPhoneBlockSQL+`b.e164 AND b.e164 IN (SELECT e164 FROM contact_phones WHERE contact_id = ?)
			OR `+rawEmailBlockSQL+`b.email AND b.email IN (SELECT address FROM contact_emails WHERE contact_id = ?)
		ORDER BY b.id`, []any{c.ID, c.ID, c.ID}, func(r *sql.Rows) error {
		var b row
		var at string
		var until, lifted sql.NullString
		if err := r.Scan(&b.by, &at, &until, &b.reason, &lifted, &b.liftBy, &b.on.E164, &b.on.Email); err != nil {
			return err
		}
		b.at, b.until = parseTime(at), parseTimePtr(until)
		if l := parseTimePtr(lifted); l != nil {
			b.lifted, b.isLifted = *l, true
		}
		rows = append(rows, b)
		return nil
	})
	if err != nil {
		return err
	}
	now := d.now()
	// prev and next are the blocks before and after each, on the same
	// target (the contact, or one number or email).
	last := map[contact.Handle]int{}
	prev := make([]int, len(rows))
	next := make([]int, len(rows))
	for i, b := range rows {
		prev[i], next[i] = -1, -1
		if p, ok := last[b.on]; ok {
			prev[i], next[p] = p, i
		}
		last[b.on] = i
	}
	// A raw block wrote no change-log row when it was made: made when no
	// contact you see had its number, it comes before the other operations
	// of its second. Lifted with the contact (unblock), it shares the
	// contact's row with the contact's own block lifted at the same time.
	liftedAt := map[time.Time]int64{}
	liftSeq := func(at time.Time) int64 {
		if len(tl.logged[contact.ActionUnblock+"|"+formatTime(at)]) == 0 {
			if seq, ok := liftedAt[at]; ok {
				return seq
			}
		}
		liftedAt[at] = tl.seq(contact.ActionUnblock, at)
		return liftedAt[at]
	}
	for i := range rows {
		b := rows[i]
		block := &contact.Block{Until: b.until, Reason: b.reason, By: b.by, CreatedAt: b.at, E164: b.on.E164, Email: b.on.Email}
		on := ""
		if h := b.on.String(); h != "" {
			on = " " + h
		}
		summary := "blocked" + on + " " + contact.DescribeBlock(b.until, b.reason)
		replaced := next[i] >= 0 && b.isLifted && rows[next[i]].at.Equal(b.lifted)
		if p := prev[i]; p >= 0 && rows[p].isLifted && rows[p].lifted.Equal(b.at) {
			summary += " (replacing the earlier block)"
		}
		seq := 2*tl.first[formatTime(b.at)] - 1
		if on == "" {
			seq = tl.seq(contact.ActionBlock, b.at)
		}
		tl.add(contact.Event{At: b.at, Kind: contact.EventBlock, User: b.by, Summary: summary, Block: block}, seq)
		switch {
		case b.isLifted && !replaced:
			tl.add(contact.Event{At: b.lifted, Kind: contact.EventUnblock, User: b.liftBy, Summary: "unblocked" + on, Block: block},
				liftSeq(b.lifted))
		case !b.isLifted && b.until != nil && !b.until.After(now):
			expired := "block expired"
			if on != "" {
				expired = "block on" + on + " expired"
			}
			tl.add(contact.Event{At: *b.until, Kind: contact.EventUnblock, Summary: expired, Block: block},
				tl.seq("", *b.until))
		}
	}
	return nil
}

// mergeEvents lists the merges this contact took part in: as the contact
// kept, or as one merged into another, and their undoing.
func (d *DB) mergeEvents(ctx context.Context, c *contact.Contact, tl *timeline) error {
	type merge struct {
		ev       contact.MergeEvent
		by       string
		at       time.Time
		undone   *time.Time
		undoneBy string
	}
	var ms []*merge
	err := d.rowsEach(ctx, `SELECT m.id, m.keep_id, `+userLabel("u")+`, m.created_at, m.undone_at, coalesce(`+userLabel("uu")+`, '')
		FROM merges m JOIN users u ON u.id = m.user_id LEFT JOIN users uu ON uu.id = m.undone_by
		WHERE m.keep_id = ? OR m.id IN (SELECT merge_id FROM merge_sources WHERE contact_id = ?) ORDER BY m.id`,
		[]any{c.ID, c.ID}, func(r *sql.Rows) error {
			m := &merge{}
			var at string
			var undone sql.NullString
			if err := r.Scan(&m.ev.ID, &m.ev.KeepID, &m.by, &at, &undone, &m.undoneBy); err != nil {
				return err
			}
			m.at, m.undone = parseTime(at), parseTimePtr(undone)
			ms = append(ms, m)
			return nil
		})
	if err != nil {
		return err
	}
	used := map[int64]bool{}
	for _, m := range ms {
		m.ev.Sources = []int64{}
		err := d.rowsEach(ctx, `SELECT contact_id FROM merge_sources WHERE merge_id = ? ORDER BY contact_id`, []any{m.ev.ID}, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			m.ev.Sources = append(m.ev.Sources, id)
			return nil
		})
		if err != nil {
			return err
		}
		ev := m.ev
		sources := ev.Sources
		var summary, undone string
		if ev.KeepID == c.ID {
			hidden, err := d.hiddenContacts(ctx, d.db, sources)
			if err != nil {
				return err
			}
			ev.Sources = slices.DeleteFunc(slices.Clone(sources), func(id int64) bool { return hidden[id] })
			shown := shownIDList(sources, hidden)
			summary = fmt.Sprintf("merged %s into this contact (merge %d)", shown, ev.ID)
			undone = fmt.Sprintf("merge %d undone: %s restored", ev.ID, shown)
		} else {
			// The contact kept may be one the reader cannot see (private
			// again since): then it is not named.
			hidden, err := d.hiddenContacts(ctx, d.db, []int64{ev.KeepID})
			if err != nil {
				return err
			}
			if hidden[ev.KeepID] {
				ev.KeepID = 0
				summary = fmt.Sprintf("merged into another contact (merge %d)", ev.ID)
				undone = fmt.Sprintf("merge %d undone: restored from another contact", ev.ID)
			} else {
				summary = fmt.Sprintf("merged into contact %d (merge %d)", ev.KeepID, ev.ID)
				undone = fmt.Sprintf("merge %d undone: restored from contact %d", ev.ID, ev.KeepID)
			}
		}
		mergeSeq, err := d.mergeMarkerSeq(ctx, tl, contact.ActionMerge, m.at, sources, used)
		if err != nil {
			return err
		}
		tl.add(contact.Event{At: m.at, Kind: contact.EventMerge, User: m.by, Summary: summary, Merge: &ev}, mergeSeq)
		if m.undone != nil {
			seq, err := d.mergeMarkerSeq(ctx, tl, contact.ActionUnmerge, *m.undone, sources, used)
			if err != nil {
				return err
			}
			tl.add(contact.Event{At: *m.undone, Kind: contact.EventUnmerge, User: m.undoneBy, Summary: undone, Merge: &ev}, seq)
		}
	}
	return nil
}

// mergeMarkerSeq orders a merge or unmerge event among the others of its
// second by the change-log row it wrote on the contact kept (action, no
// field, the sorted source IDs as value), wherever that row is now: a
// contact merged away and restored has no row of it. Each row serves one
// event.
func (d *DB) mergeMarkerSeq(ctx context.Context, tl *timeline, action string, at time.Time, sources []int64, used map[int64]bool) (int64, error) {
	col := "new_value"
	if action == contact.ActionUnmerge {
		col = "old_value"
	}
	var seq int64
	err := d.rowsEach(ctx, `SELECT id FROM changes WHERE action = ? AND field = '' AND at = ? AND `+col+` = ? ORDER BY id`,
		[]any{action, formatTime(at), idList(sources)}, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			if seq == 0 && !used[id] {
				used[id] = true
				seq = 2 * id
			}
			return nil
		})
	if err != nil || seq != 0 {
		return seq, err
	}
	return tl.seq(action, at), nil
}

// hiddenContacts returns which of ids are contacts the actor may not see.
// A merge names the contacts merged away by ID; once one is unmerged and
// private again, whoever sees the contact kept must no longer read it.
func (d *DB) hiddenContacts(ctx context.Context, q querier, ids []int64) (map[int64]bool, error) {
	hidden := map[int64]bool{}
	if len(ids) == 0 {
		return hidden, nil
	}
	invisible, err := queryIDs(ctx, q, `SELECT c.id FROM contacts c WHERE c.id IN (`+placeholders(len(ids))+`) AND NOT `+visibleSQL,
		append(int64Args(ids), d.visibleArgs()...)...)
	for _, id := range invisible {
		hidden[id] = true
	}
	return hidden, err
}

// shownIDList is idList without the hidden IDs, which become "another
// contact" (however many they are).
func shownIDList(ids []int64, hidden map[int64]bool) string {
	var shown []int64
	for _, id := range ids {
		if !hidden[id] {
			shown = append(shown, id)
		}
	}
	switch {
	case len(shown) == len(ids):
		return idList(ids)
	case len(shown) == 0:
		return "another contact"
	}
	return idList(shown) + " and another contact"
}

// parseIDList reads idList's "#2, #3" back.
func parseIDList(s string) ([]int64, bool) {
	var ids []int64
	for _, p := range strings.Split(s, ", ") {
		id, err := strconv.ParseInt(strings.TrimPrefix(p, "#"), 10, 64)
		if err != nil || !strings.HasPrefix(p, "#") {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

func idList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = "#" + strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ", ")
}

// createSeq is the sequence (timeline.seq) of a contact's creation: the
// first event of its second, before what the command that created it
// wrote with it (add --note's note, which has no change-log row) and
// what came after in the same second. A contact that others were merged
// into has their creations too, in the order of their rows.
const createSeq = -1 << 50

// changeEvents are the change-log rows, less those that only record an
// event shown from its own table; those are kept in tl.logged for seq.
// A contact whose log has no row of its creation has it from its own row
// (createdChange).
func (d *DB) changeEvents(ctx context.Context, c *contact.Contact, tl *timeline) error {
	created := map[string]bool{}
	add := func(ch *contact.Change, seq int64) {
		tl.add(contact.Event{At: ch.At, Kind: contact.EventChange, User: ch.User, Summary: ch.Describe(), Change: ch}, seq)
	}
	err := d.rowsEach(ctx, changeRowsSQL+ownStarsSQL+` ORDER BY ch.id`, append([]any{c.ID}, d.ownStarsArgs()...),
		func(r *sql.Rows) error {
			ch, at, err := scanChange(r)
			if err != nil {
				return err
			}
			if ch.Action == contact.ActionCreate {
				if !created[at] {
					created[at] = true
					tl.first[at] = createSeq/2 + ch.ID
				}
				add(ch, createSeq+2*ch.ID)
				return nil
			}
			if _, ok := tl.first[at]; !ok {
				tl.first[at] = ch.ID
			}
			shownElsewhere := false
			switch ch.Action {
			case contact.ActionNote, contact.ActionLog, contact.ActionBlock, contact.ActionUnblock:
				shownElsewhere = true
			case contact.ActionMerge, contact.ActionUnmerge:
				shownElsewhere = ch.Field == ""
			}
			if shownElsewhere {
				key := ch.Action + "|" + at
				tl.logged[key] = append(tl.logged[key], ch.ID)
				if ch.Action == contact.ActionNote {
					tl.values[ch.ID] = ch.New
				}
				return nil
			}
			add(ch, 2*ch.ID)
			return nil
		})
	if err != nil || len(created) > 0 {
		return err
	}
	ch, err := d.createdChange(ctx, d.db, c.ID)
	if err != nil {
		return err
	}
	tl.first[formatTime(ch.At)] = createSeq / 2
	add(ch, createSeq)
	return nil
}

// changeRowsSQL selects a contact's change-log rows as scanChange reads
// them, each user named as history names them ("LOGIN (removed)" for a
// teammate who has left); its argument is the contact's ID.
var changeRowsSQL = `SELECT ch.id, ch.contact_id, ` + userLabel("u") + `, ch.at, ch.action, ch.field, ch.old_value, ch.new_value
	FROM changes ch JOIN users u ON u.id = ch.user_id WHERE ch.contact_id = ?`

// scanChange reads a row of changeRowsSQL, and its time as stored.
func scanChange(r *sql.Rows) (*contact.Change, string, error) {
	ch := &contact.Change{}
	var at string
	if err := r.Scan(&ch.ID, &ch.ContactID, &ch.User, &at, &ch.Action, &ch.Field, &ch.Old, &ch.New); err != nil {
		return nil, "", err
	}
	ch.At = parseTime(at)
	return ch, at, nil
}

// createdChange is the creation of a contact whose change log has no row
// of it, as its row records it: when (created_at) and by whom
// (created_by). rolo writes no such row when it creates a contact (add,
// import), as it has its row's, but one when the row says otherwise (an
// import of rolo's own export keeps the contact's first creation time),
// and for the contacts a merge joins (logCreation), whose logs then go
// to one contact. The change has no ID (0) and no value: the name a
// contact had when created is not kept once it changes.
func (d *DB) createdChange(ctx context.Context, q querier, id int64) (*contact.Change, error) {
	ch := &contact.Change{ContactID: id, Action: contact.ActionCreate}
	var at string
	err := q.QueryRowContext(ctx, `SELECT `+userLabel("u")+`, c.created_at FROM contacts c JOIN users u ON u.id = c.created_by
		WHERE c.id = ?`, id).Scan(&ch.User, &at)
	if err != nil {
		return nil, dbError(err)
	}
	ch.At = parseTime(at)
	return ch, nil
}

// logCreation writes the change-log row of the creation of each of ids
// that has none, as createdChange reads it.
func (d *DB) logCreation(ctx context.Context, tx *sql.Tx, ids []int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO changes (contact_id, user_id, at, action)
		SELECT c.id, c.created_by, c.created_at, ? FROM contacts c WHERE c.id IN (`+placeholders(len(ids))+`)
		AND NOT EXISTS (SELECT 1 FROM changes ch WHERE ch.contact_id = c.id AND ch.action = ?) ORDER BY c.id`,
		append(append([]any{contact.ActionCreate}, int64Args(ids)...), contact.ActionCreate)...)
	return dbError(err)
}

// unlogCreation removes, of each of ids, the row of its creation that
// says no more than its row (as logCreation writes it) when its log holds
// no other creation: an unmerge gives each contact its own log back, and
// its change log is then as before the merge.
func (d *DB) unlogCreation(ctx context.Context, tx *sql.Tx, ids []int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM changes WHERE id IN (
		SELECT ch.id FROM changes ch JOIN contacts c ON c.id = ch.contact_id
		WHERE ch.contact_id IN (`+placeholders(len(ids))+`) AND ch.action = ? AND ch.field = '' AND ch.old_value = ''
		AND ch.new_value = '' AND ch.at = c.created_at AND ch.user_id = c.created_by
		AND NOT EXISTS (SELECT 1 FROM changes x WHERE x.contact_id = ch.contact_id AND x.action = ? AND x.id <> ch.id))`,
		append(append(int64Args(ids), contact.ActionCreate), contact.ActionCreate)...)
	return dbError(err)
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// removedMark follows the login of a teammate who has left, wherever rolo
// names who did something.
const removedMark = " (removed)"

// userLabel is how rolo names a user (alias a) who did something: in
// history, show, blocked and the contact object (a note's author, a
// block's by), the login, marked removedMark for a teammate who has left.
// An import reads the mark back (inserter.userID).
func userLabel(a string) string {
	return a + `.login || CASE WHEN ` + a + `.removed_at IS NOT NULL THEN '` + removedMark + `' ELSE '' END`
}
