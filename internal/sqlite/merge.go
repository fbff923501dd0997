package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/shield"
)

// A merge is recorded in the merges table with a snapshot (JSON) that holds
// everything unmerge needs to put the contacts back exactly: every column
// of every contact's row, its multi-valued fields, per-user state (all
// users' favorites, shares) and the IDs of the rows that moved to KEEP
// (notes, interactions, change log, blocks, earlier merges it kept).

// snapshotVersion is the layout of mergeSnapshot; unmerge refuses others.
const snapshotVersion = 1

type mergeSnapshot struct {
	Version int            `json:"version"`
	Keep    *snapContact   `json:"keep"`
	Others  []*snapContact `json:"others"`
	// After is KEEP as the merge left it: unmerge compares it with KEEP as
	// it is then, to keep edits made after the merge.
	After *contact.Contact `json:"after"`
	// AddedFavorites and AddedShares are the users whose favorite or share
	// of KEEP came from an OTHER.
	AddedFavorites []int64 `json:"added_favorites"`
	AddedShares    []int64 `json:"added_shares"`
	// InteractionSeq is the highest interaction ID at the merge: later
	// ones were logged on KEEP after it.
	InteractionSeq int64 `json:"interaction_seq"`
	// LogFrom and LogTo bound the IDs of the change-log rows the merge
	// wrote on KEEP (LogFrom < id <= LogTo): the values an OTHER brought,
	// which leave with it when a private OTHER is unmerged. Zero in
	// snapshots written before they were recorded.
	LogFrom int64 `json:"log_from,omitempty"`
	LogTo   int64 `json:"log_to,omitempty"`
	// UndoLogFrom and UndoLogTo bound likewise the rows the unmerge wrote
	// on KEEP, set in the stored snapshot when the merge is undone (zero
	// for merges undone before they were recorded).
	UndoLogFrom int64 `json:"undo_log_from,omitempty"`
	UndoLogTo   int64 `json:"undo_log_to,omitempty"`
}

// snapContact is one contact before the merge.
type snapContact struct {
	Row     contactRow       `json:"row"`
	Contact *contact.Contact `json:"contact"`
	// Favorites and Shares are the rows of every user.
	Favorites []favoriteRow `json:"favorites"`
	Shares    []shareRow    `json:"shares"`
	// The rows an OTHER had that moved to KEEP.
	Notes        []int64 `json:"notes,omitempty"`
	Interactions []int64 `json:"interactions,omitempty"`
	Changes      []int64 `json:"changes,omitempty"`
	Blocks       []int64 `json:"blocks,omitempty"`
	KeptMerges   []int64 `json:"kept_merges,omitempty"`
}

// contactRow is every column of a contacts row.
type contactRow struct {
	ID             int64   `json:"id"`
	UID            string  `json:"uid"`
	DisplayName    string  `json:"display_name"`
	Prefix         string  `json:"prefix"`
	FirstName      string  `json:"first_name"`
	MiddleName     string  `json:"middle_name"`
	LastName       string  `json:"last_name"`
	Suffix         string  `json:"suffix"`
	Nickname       string  `json:"nickname"`
	Company        string  `json:"company"`
	Title          string  `json:"title"`
	Department     string  `json:"department"`
	Type           string  `json:"type"`
	Level          string  `json:"level"`
	Birthday       string  `json:"birthday"`
	Anniversary    string  `json:"anniversary"`
	Language       string  `json:"language"`
	Timezone       string  `json:"timezone"`
	Visibility     string  `json:"visibility"`
	OwnerID        int64   `json:"owner_id"`
	CreatedBy      int64   `json:"created_by"`
	CreatedAt      string  `json:"created_at"`
	UpdatedAt      string  `json:"updated_at"`
	LastActivityAt *string `json:"last_activity_at"`
	LastChannel    string  `json:"last_channel"`
	ArchivedAt     *string `json:"archived_at"`
	DeletedAt      *string `json:"deleted_at"`
	ImportBatchID  *int64  `json:"import_batch_id"`
	VCardExtra     string  `json:"vcard_extra"`
}

const contactRowColumns = `id, uid, display_name, prefix, first_name, middle_name, last_name, suffix, nickname, company,
	title, department, type, level, birthday, anniversary, language, timezone, visibility, owner_id, created_by,
	created_at, updated_at, last_activity_at, last_channel, archived_at, deleted_at, import_batch_id, vcard_extra`

// contactRowStored are the stored columns that hold contactRowColumns,
// in the same order (see coded.go): restoreSnapshot writes a row back.
const contactRowStored = `id, uid, display_name_set, prefix, first_name, middle_name, last_name, suffix, nickname, company,
	title, department, type_code, level_code, birthday, anniversary, language, timezone, public, owner_id, created_by,
	created, updated_at, last_activity_at, last_channel, archived_at, deleted_at, import_batch_id, vcard_extra`

// contactRowSelect reads contactRowColumns of the contact aliased c, its
// UID as text (uidSQL); restoreSnapshot stores it back as it was
// (storedUID).
var contactRowSelect = strings.Replace(contactRowColumns, "id, uid,", "id, "+uidSQL("c")+",", 1)

func (r *contactRow) fields() []any {
	return []any{&r.ID, &r.UID, &r.DisplayName, &r.Prefix, &r.FirstName, &r.MiddleName, &r.LastName, &r.Suffix,
		&r.Nickname, &r.Company, &r.Title, &r.Department, &r.Type, &r.Level, &r.Birthday, &r.Anniversary, &r.Language,
		&r.Timezone, &r.Visibility, &r.OwnerID, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &r.LastActivityAt,
		&r.LastChannel, &r.ArchivedAt, &r.DeletedAt, &r.ImportBatchID, &r.VCardExtra}
}

type favoriteRow struct {
	UserID    int64  `json:"user_id"`
	CreatedAt string `json:"created_at"`
}

type shareRow struct {
	UserID    int64  `json:"user_id"`
	CreatedBy int64  `json:"created_by"`
	CreatedAt string `json:"created_at"`
}

// mayMerge is the merge rule of SPEC section 1, the delete rule: a private
// contact only by its owner; a public one by its owner or an owner/manager.
// Unmerge has the same rule; verb ("merge" or "unmerge") is the refusal's.
func (d *DB) mayMerge(c *contact.Contact, verb string) error { return d.mayOwnerOrManager(c, verb) }

// checkMergeIDs refuses a merge with nothing to merge or a contact named
// twice.
func checkMergeIDs(keepID int64, otherIDs []int64) error {
	if len(otherIDs) == 0 {
		return contact.Errorf(contact.EINVALID, "merge: give KEEP and at least one OTHER contact to merge into it")
	}
	seen := map[int64]bool{keepID: true}
	for _, id := range otherIDs {
		if seen[id] {
			return contact.Errorf(contact.EINVALID, "merge: contact %d is named twice", id)
		}
		seen[id] = true
	}
	return nil
}

// MergeConflicts loads KEEP and the OTHERs as merge would (visible, not in
// the trash, mergeable by the actor) and lists the fields they disagree on.
func (d *DB) MergeConflicts(ctx context.Context, keepID int64, otherIDs []int64, opts contact.MergeOptions) ([]contact.Conflict, error) {
	if err := checkMergeIDs(keepID, otherIDs); err != nil {
		return nil, err
	}
	keep, others, err := d.mergeInputs(ctx, d.db, keepID, otherIDs)
	if err != nil {
		return nil, err
	}
	return contact.MergeConflicts(keep, others, opts)
}

func (d *DB) mergeInputs(ctx context.Context, q querier, keepID int64, otherIDs []int64) (*contact.Contact, []*contact.Contact, error) {
	all, err := d.contactsByIDs(ctx, q, append([]int64{keepID}, otherIDs...), contact.ScopeActive)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range all {
		if err := d.mayMerge(c, "merge"); err != nil {
			return nil, nil, err
		}
	}
	return all[0], all[1:], nil
}

// Merge merges the OTHERs into KEEP in one transaction (the rules are
// contact.MergeContacts'): KEEP takes their values, their notes,
// interactions, change log, favorites, shares and blocks; the OTHERs are
// removed. Every contact must be visible and not in the trash (else
// ENOTFOUND) and mergeable by the actor (else EPERM). With opts.DryRun it
// returns the result and changes nothing.
func (d *DB) Merge(ctx context.Context, keepID int64, otherIDs []int64, opts contact.MergeOptions) (*contact.MergeResult, error) {
	if err := checkMergeIDs(keepID, otherIDs); err != nil {
		return nil, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	keep, others, err := d.mergeInputs(ctx, tx, keepID, otherIDs)
	if err != nil {
		return nil, err
	}
	merged, err := contact.MergeContacts(keep, others, opts)
	if err != nil {
		return nil, err
	}
	aside := contact.SetAsideStored(merged, append([]*contact.Contact{keep}, others...)...)
	if err := contact.Normalize(merged, d.region); err != nil {
		return nil, err
	}
	aside.PutBack(merged)
	res := &contact.MergeResult{Contact: merged, Sources: slices.Clone(otherIDs)}
	if opts.DryRun {
		emptyLists(merged)
		return res, nil
	}

	// Each contact's creation is read from its row while it has none in
	// the change log; the OTHERs' rows go, and their history moves to
	// KEEP, which would then have creations in its log but not its own.
	if err := d.logCreation(ctx, tx, append([]int64{keepID}, otherIDs...)); err != nil {
		return nil, err
	}
	snap := &mergeSnapshot{Version: snapshotVersion, After: merged}
	if snap.Keep, err = d.snapshot(ctx, tx, keep, false); err != nil {
		return nil, err
	}
	for _, o := range others {
		s, err := d.snapshot(ctx, tx, o, true)
		if err != nil {
			return nil, err
		}
		snap.Others = append(snap.Others, s)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM interactions`).Scan(&snap.InteractionSeq); err != nil {
		return nil, dbError(err)
	}

	now := d.nowText()
	var activity any
	if merged.LastActivityAt != nil {
		activity = formatTime(*merged.LastActivityAt)
	}
	if err := d.writeScalars(ctx, tx, merged, activity, now); err != nil {
		return nil, err
	}
	if err := d.writeRelated(ctx, tx, merged); err != nil {
		return nil, err
	}
	favorites, shares := idSet(snap.Keep.Favorites, nil), idSet(nil, snap.Keep.Shares)
	public := merged.Visibility == contact.Public
	if public {
		// A public contact has no shares, as publish leaves it: every
		// teammate sees it. The snapshot keeps KEEP's and the OTHERs'.
		if err := d.dropShares(ctx, tx, keepID); err != nil {
			return nil, err
		}
	}
	for _, o := range snap.Others {
		if err := d.moveToKeep(ctx, tx, o, keepID); err != nil {
			return nil, err
		}
		for _, f := range o.Favorites {
			if !favorites[f.UserID] {
				favorites[f.UserID] = true
				snap.AddedFavorites = append(snap.AddedFavorites, f.UserID)
				if _, err := tx.ExecContext(ctx, `INSERT INTO favorites (user_id, contact_id, created_at) VALUES (?, ?, ?)`, f.UserID, keepID, f.CreatedAt); err != nil {
					return nil, dbError(err)
				}
			}
		}
		for _, s := range o.Shares {
			if !public && !shares[s.UserID] && s.UserID != snap.Keep.Row.OwnerID {
				shares[s.UserID] = true
				snap.AddedShares = append(snap.AddedShares, s.UserID)
				if _, err := tx.ExecContext(ctx, `INSERT INTO shares (contact_id, user_id, created_by, created_at) VALUES (?, ?, ?, ?)`, keepID, s.UserID, s.CreatedBy, s.CreatedAt); err != nil {
					return nil, dbError(err)
				}
			}
		}
	}
	// Made public, or shared with an OTHER's teammates: KEEP's earlier
	// undone merges may hold values its new audience may not see.
	if err := d.forgetExposedMerges(ctx, tx, []int64{keepID}); err != nil {
		return nil, err
	}
	// The OTHERs go; their rows cascade away and leave the search index by
	// trigger. What unmerge needs is in the snapshot.
	if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE id IN (`+placeholders(len(otherIDs))+`)`, int64Args(otherIDs)...); err != nil {
		return nil, dbError(err)
	}
	// One row marks the merge (history shows it from the merges table),
	// then one per value KEEP gained or changed.
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM changes`).Scan(&snap.LogFrom); err != nil {
		return nil, dbError(err)
	}
	changes := append([]contact.Change{{New: idList(sorted(otherIDs))}}, contact.Diff(keep, merged)...)
	if err := d.logChanges(ctx, tx, keepID, contact.ActionMerge, changes); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM changes`).Scan(&snap.LogTo); err != nil {
		return nil, dbError(err)
	}
	body, err := json.Marshal(snap)
	if err != nil {
		return nil, contact.Errorf(contact.EINTERNAL, "merge: %v", err)
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO merges (keep_id, user_id, created_at, snapshot) VALUES (?, ?, ?, ?)`, keepID, d.actor.ID, now, string(body))
	if err != nil {
		return nil, dbError(err)
	}
	if res.ID, err = r.LastInsertId(); err != nil {
		return nil, dbError(err)
	}
	for _, o := range snap.Others {
		if _, err := tx.ExecContext(ctx, `INSERT INTO merge_sources (merge_id, contact_id, uid) VALUES (?, ?, ?)`, res.ID, o.Row.ID, o.Row.UID); err != nil {
			return nil, dbError(err)
		}
	}
	if err := d.reindex(ctx, tx, keepID); err != nil {
		return nil, err
	}
	if res.Contact, err = d.contactByID(ctx, tx, keepID, contact.ScopeAny); err != nil {
		return nil, err
	}
	return res, dbError(shield.Commit(tx.Commit))
}

// sorted returns the IDs in ascending order, as history lists merge
// sources.
func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func idSet(fs []favoriteRow, ss []shareRow) map[int64]bool {
	m := map[int64]bool{}
	for _, f := range fs {
		m[f.UserID] = true
	}
	for _, s := range ss {
		m[s.UserID] = true
	}
	return m
}

// writeScalars writes a contact's scalar fields, visibility, vCard extras,
// last activity and updated_at.
func (d *DB) writeScalars(ctx context.Context, tx *sql.Tx, c *contact.Contact, activity any, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE contacts SET display_name_set = ?, prefix = ?, first_name = ?, middle_name = ?,
		last_name = ?, suffix = ?, nickname = ?, company = ?, title = ?, department = ?, type_code = `+typeCodeSQL+`,
		level_code = `+levelCodeSQL+`, birthday = ?, anniversary = ?, language = ?, timezone = ?, public = `+publicSQL+`,
		vcard_extra = ?, last_activity_at = ?, last_channel = ?, updated_at = ? WHERE id = ?`,
		storedDisplayName(c.Name, c.FirstName, c.LastName), c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix, c.Nickname, c.Company, c.Title,
		c.Department, c.Type, c.Level, c.Birthday, c.Anniversary, c.Language, c.Timezone, c.Visibility, c.VCardExtra,
		activity, c.LastChannel, now, c.ID)
	return dbError(err)
}

// movedTables are the tables whose rows of an OTHER move to KEEP, with the
// snapshot list that records their IDs.
var movedTables = []struct {
	table string
	ids   func(*snapContact) *[]int64
}{
	{"notes", func(s *snapContact) *[]int64 { return &s.Notes }},
	{"interactions", func(s *snapContact) *[]int64 { return &s.Interactions }},
	{"changes", func(s *snapContact) *[]int64 { return &s.Changes }},
	{"blocks", func(s *snapContact) *[]int64 { return &s.Blocks }},
}

// snapshot reads everything about c that a merge may change; for an OTHER
// (moving) also the IDs of its rows that will move to KEEP.
func (d *DB) snapshot(ctx context.Context, tx *sql.Tx, c *contact.Contact, moving bool) (*snapContact, error) {
	s := &snapContact{Contact: c}
	if err := tx.QueryRowContext(ctx, `SELECT `+contactRowSelect+` FROM contacts c WHERE id = ?`, c.ID).Scan(s.Row.fields()...); err != nil {
		return nil, dbError(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT user_id, created_at FROM favorites WHERE contact_id = ? ORDER BY user_id`, c.ID)
	if err != nil {
		return nil, dbError(err)
	}
	for rows.Next() {
		var f favoriteRow
		if err := rows.Scan(&f.UserID, &f.CreatedAt); err != nil {
			rows.Close()
			return nil, dbError(err)
		}
		s.Favorites = append(s.Favorites, f)
	}
	if err := rows.Close(); err != nil {
		return nil, dbError(err)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT user_id, created_by, created_at FROM shares WHERE contact_id = ? ORDER BY user_id`, c.ID)
	if err != nil {
		return nil, dbError(err)
	}
	for rows.Next() {
		var sh shareRow
		if err := rows.Scan(&sh.UserID, &sh.CreatedBy, &sh.CreatedAt); err != nil {
			rows.Close()
			return nil, dbError(err)
		}
		s.Shares = append(s.Shares, sh)
	}
	if err := rows.Close(); err != nil {
		return nil, dbError(err)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	if !moving {
		return s, nil
	}
	for _, m := range movedTables {
		ids, err := queryIDs(ctx, tx, `SELECT id FROM `+m.table+` WHERE contact_id = ? ORDER BY id`, c.ID)
		if err != nil {
			return nil, err
		}
		*m.ids(s) = ids
	}
	if s.KeptMerges, err = queryIDs(ctx, tx, `SELECT id FROM merges WHERE keep_id = ? ORDER BY id`, c.ID); err != nil {
		return nil, err
	}
	return s, nil
}

// moveToKeep gives KEEP an OTHER's notes, interactions, change log, blocks
// and the earlier merges it kept.
func (d *DB) moveToKeep(ctx context.Context, tx *sql.Tx, o *snapContact, keepID int64) error {
	for _, m := range movedTables {
		if _, err := tx.ExecContext(ctx, `UPDATE `+m.table+` SET contact_id = ? WHERE contact_id = ?`, keepID, o.Row.ID); err != nil {
			return dbError(err)
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE merges SET keep_id = ? WHERE keep_id = ?`, keepID, o.Row.ID)
	return dbError(err)
}

// moveBack returns to a restored OTHER the rows that moved from it to
// KEEP and are still there.
func (d *DB) moveBack(ctx context.Context, tx *sql.Tx, o *snapContact, keepID int64) error {
	for _, m := range movedTables {
		if err := updateIDs(ctx, tx, `UPDATE `+m.table+` SET contact_id = ? WHERE contact_id = ? AND id IN `, o.Row.ID, keepID, *m.ids(o)); err != nil {
			return err
		}
	}
	return updateIDs(ctx, tx, `UPDATE merges SET keep_id = ? WHERE keep_id = ? AND id IN `, o.Row.ID, keepID, o.KeptMerges)
}

func updateIDs(ctx context.Context, tx *sql.Tx, prefix string, to, from int64, ids []int64) error {
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := append([]any{to, from}, int64Args(part)...)
		if _, err := tx.ExecContext(ctx, prefix+`(`+placeholders(len(part))+`)`, args...); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// mergeRow is a merges row with its parsed snapshot.
type mergeRow struct {
	id, keepID int64
	createdAt  string
	undone     sql.NullString
	snap       mergeSnapshot
}

func (d *DB) loadMerge(ctx context.Context, q querier, id int64) (*mergeRow, error) {
	m := &mergeRow{id: id}
	var body string
	err := q.QueryRowContext(ctx, `SELECT keep_id, created_at, undone_at, snapshot FROM merges WHERE id = ?`, id).Scan(&m.keepID, &m.createdAt, &m.undone, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, contact.Errorf(contact.ENOTFOUND, "no merge with ID %d", id)
	} else if err != nil {
		return nil, dbError(err)
	}
	// A merge whose contact the actor cannot see does not exist for them.
	if err := d.seeContact(ctx, q, m.keepID, contact.ScopeAny); err != nil {
		if contact.ErrorCode(err) == contact.ENOTFOUND {
			return nil, contact.Errorf(contact.ENOTFOUND, "no merge with ID %d", id)
		}
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &m.snap); err != nil || m.snap.Version != snapshotVersion || m.snap.Keep == nil || (m.snap.After == nil && !m.undone.Valid) {
		return nil, contact.Errorf(contact.EINTERNAL, "merge %d: its snapshot cannot be read by this rolo", id)
	}
	m.snap.upgrade()
	return m, nil
}

// upgrade gives the snapshot's contacts the form the schema upgrades gave
// the contacts stored beside it. A merge made by an older rolo holds them
// as that rolo stored them, and unmerge restores the merged contacts from
// it and compares KEEP as the merge left it with KEEP as it is now: a
// value held in another form there is an edit made since, which stays
// (a Société in NFD, which KEEP holds in NFC since schema 8, stayed on
// KEEP). Each step is an upgrade's, and changes nothing in a snapshot
// written since:
//
//   - schema 8: text in normal form C (as rolo_nfc), where an email or a
//     tag that is then another's is kept once;
//   - schema 14: phones in the E.164 form rolo reads them in now (a
//     Polish 0634 272 451 was +480634272451), and schema 20: a number
//     held twice then is kept once, with its first label;
//   - schema 15: a prefix or suffix alone is no display name;
//   - schema 18: URL labels of one word, no vcard_extra line of no value.
func (s *mergeSnapshot) upgrade() {
	upgradeContact(s.After)
	for _, sc := range append([]*snapContact{s.Keep}, s.Others...) {
		upgradeContact(sc.Contact)
		r := &sc.Row
		for _, v := range []*string{&r.UID, &r.DisplayName, &r.Prefix, &r.FirstName, &r.MiddleName, &r.LastName,
			&r.Suffix, &r.Nickname, &r.Company, &r.Title, &r.Department} {
			*v = norm.NFC.String(*v)
		}
		r.VCardExtra = contact.StoredVCardExtra(r.VCardExtra)
		parts := &contact.Contact{Prefix: r.Prefix, FirstName: r.FirstName, MiddleName: r.MiddleName, LastName: r.LastName,
			Suffix: r.Suffix, Nickname: r.Nickname, Company: r.Company}
		if sc.Contact != nil {
			parts.Phones, parts.Emails = sc.Contact.Phones, sc.Contact.Emails
		}
		r.DisplayName = upgradedName(parts, r.DisplayName)
	}
}

// upgradeContact is upgrade of one contact of a snapshot (nil for none).
func upgradeContact(c *contact.Contact) {
	if c == nil {
		return
	}
	for _, f := range contact.Fields() {
		f.Set(c, norm.NFC.String(f.Get(c)))
	}
	c.UID, c.Name = norm.NFC.String(c.UID), norm.NFC.String(c.Name)
	phones := c.Phones[:0]
	seen := map[string]bool{}
	for _, p := range c.Phones {
		if p.E164 = contact.FixE164(p.E164); !seen[p.E164] {
			seen[p.E164] = true
			phones = append(phones, p)
		}
	}
	c.Phones = phones
	emails := c.Emails[:0]
	seen = map[string]bool{}
	for _, e := range c.Emails {
		if e.Address = norm.NFC.String(e.Address); !seen[e.Address] {
			seen[e.Address] = true
			emails = append(emails, e)
		}
	}
	c.Emails = emails
	for i := range c.Addresses {
		a := &c.Addresses[i]
		a.Street, a.City, a.State, a.Zip = norm.NFC.String(a.Street), norm.NFC.String(a.City), norm.NFC.String(a.State), norm.NFC.String(a.Zip)
	}
	for i := range c.Socials {
		c.Socials[i].Handle = norm.NFC.String(c.Socials[i].Handle)
	}
	for i := range c.URLs {
		c.URLs[i].URL, c.URLs[i].Label = norm.NFC.String(c.URLs[i].URL), contact.StoredURLLabel(c.URLs[i].Label)
	}
	for i := range c.Tags {
		c.Tags[i] = norm.NFC.String(c.Tags[i])
	}
	slices.Sort(c.Tags)
	c.Tags = slices.Compact(c.Tags)
	for k, v := range c.Attributes {
		c.Attributes[k] = norm.NFC.String(v)
	}
	for i := range c.Notes {
		c.Notes[i].Text = norm.NFC.String(c.Notes[i].Text)
	}
	if c.Blocked != nil {
		c.Blocked.Reason = norm.NFC.String(c.Blocked.Reason)
	}
	c.VCardExtra = contact.StoredVCardExtra(c.VCardExtra)
	c.Name = upgradedName(c, c.Name)
}

// upgradedName is the display name name of c as schema 15 rewrote it: a
// prefix or suffix alone is no name (contact.DisplayName), and one with
// nothing else to show keeps it.
func upgradedName(c *contact.Contact, name string) string {
	if c.PartsName() == "" && (c.Prefix != "" || c.Suffix != "") {
		if n := c.DisplayName(); n != "" {
			return n
		}
	}
	return name
}

// FindMerge resolves what unmerge is given: a merge ID; or a contact (a
// UID, including one of a contact merged away, or a query) whose newest
// merge not yet undone is meant.
func (d *DB) FindMerge(ctx context.Context, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	if id, ok := contact.ParseID(ref); ok && id > 0 {
		if _, err := d.loadMerge(ctx, d.db, id); err != nil {
			if contact.ErrorCode(err) == contact.ENOTFOUND {
				return 0, contact.Errorf(contact.ENOTFOUND, "no merge with ID %d (a number is a merge ID; name a contact by its UID or name)", id)
			}
			return 0, err
		}
		return id, nil
	}
	if ref == "" {
		return 0, contact.Errorf(contact.EINVALID, "unmerge: give a merge ID or a contact")
	}
	// The UID of a contact merged away names the merge that took it, for
	// those who saw that contact: to others it does not exist. A UUID is
	// the same in any case.
	where, args := uidIs("s.uid", ref)
	ids, err := queryIDs(ctx, d.db, `SELECT m.id FROM merges m JOIN merge_sources s ON s.merge_id = m.id
		WHERE `+where+` AND m.undone_at IS NULL ORDER BY m.id DESC`, args...)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		m, err := d.loadMerge(ctx, d.db, id)
		if err != nil {
			continue
		}
		i := slices.IndexFunc(m.snap.Others, func(o *snapContact) bool { return contact.UIDKey(o.Row.UID) == contact.UIDKey(ref) })
		if i < 0 || d.sawMerged(m.snap.Others[i]) {
			return id, nil
		}
	}
	c, err := d.ResolveRef(ctx, ref, contact.ScopeAny)
	if err != nil {
		return 0, err
	}
	ids, err = queryIDs(ctx, d.db, `SELECT id FROM merges WHERE keep_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`, c.ID)
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, contact.Errorf(contact.ENOTFOUND, "contact %d (%s) has no merge to undo", c.ID, c.Name)
	}
	return ids[0], nil
}

// UndoableMerges lists, newest first and at most limit, the merges the
// actor may undo now: not undone, the newest in force into their KEEP
// (an older one is refused until it is; a merge whose KEEP was merged
// into another contact since has that merge, a newer one, on the same
// KEEP), with KEEP visible to the actor and theirs to merge. A merged
// contact the actor never saw is not named.
func (d *DB) UndoableMerges(ctx context.Context, limit int) ([]contact.UndoableMerge, error) {
	ids, err := queryIDs(ctx, d.db, `SELECT m.id FROM merges m WHERE m.undone_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM merges l WHERE l.keep_id = m.keep_id AND l.id > m.id AND l.undone_at IS NULL)
		ORDER BY m.id DESC`)
	if err != nil {
		return nil, err
	}
	var out []contact.UndoableMerge
	for _, id := range ids {
		if len(out) >= limit {
			break
		}
		m, err := d.loadMerge(ctx, d.db, id)
		if err != nil {
			continue // not the actor's to see, or unreadable: unmerge would refuse it
		}
		keep, err := d.contactByID(ctx, d.db, m.keepID, contact.ScopeAny)
		if err != nil || d.mayMerge(keep, "unmerge") != nil {
			continue
		}
		u := contact.UndoableMerge{ID: id, KeepID: keep.ID, Keep: keep.Name}
		hidden := false
		for _, o := range m.snap.Others {
			if o.Contact == nil || !d.sawMerged(o) {
				hidden = true
				continue
			}
			u.Merged = append(u.Merged, "#"+strconv.FormatInt(o.Row.ID, 10)+" "+o.Contact.Name)
		}
		if hidden {
			u.Merged = append(u.Merged, "another contact")
		}
		out = append(out, u)
	}
	return out, nil
}

// Unmerge undoes a merge in one transaction: each merged contact comes back
// exactly as it was (same ID, UID, fields, related rows, per-user state)
// with its notes, interactions, change log and blocks; KEEP loses what came
// from them and keeps every edit made to it since the merge, and stays
// public if the merge made it so. Merges into one KEEP are undone newest
// first (else ECONFLICT). The actor must see KEEP and may merge it.
func (d *DB) Unmerge(ctx context.Context, mergeID int64) (*contact.UnmergeResult, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	m, err := d.loadMerge(ctx, tx, mergeID)
	if err != nil {
		return nil, err
	}
	snap := &m.snap
	keepID := snap.Keep.Row.ID
	if m.undone.Valid {
		return &contact.UnmergeResult{ID: mergeID, KeepID: keepID, Restored: []*contact.Contact{},
			AlreadyUndone: true, UndoneAt: m.undone.String}, nil
	}
	// Permission first (the contact the merge's KEEP is now, itself or
	// what it was merged into since): someone who may not unmerge is told
	// so (exit 4), not which merge to undo first.
	now, err := d.contactByID(ctx, tx, m.keepID, contact.ScopeAny)
	if err != nil {
		return nil, err
	}
	if err := d.mayMerge(now, "unmerge"); err != nil {
		return nil, err
	}
	if m.keepID != keepID {
		// KEEP itself was merged into another contact later: that merge
		// must be undone first.
		later, _ := queryIDs(ctx, tx, `SELECT m.id FROM merges m JOIN merge_sources s ON s.merge_id = m.id
			WHERE s.contact_id = ? AND m.undone_at IS NULL ORDER BY m.id DESC LIMIT 1`, keepID)
		if len(later) > 0 {
			return nil, contact.Errorf(contact.ECONFLICT, "merge %d: contact %d was merged into contact %d since (merge %d); unmerge %d first", mergeID, keepID, m.keepID, later[0], later[0])
		}
		return nil, contact.Errorf(contact.ECONFLICT, "merge %d: contact %d was merged into contact %d since; unmerge that first", mergeID, keepID, m.keepID)
	}
	// A later merge into KEEP still in force must be undone first: this
	// merge's snapshot cannot tell the values KEEP holds for that merge's
	// contacts from its own, and would strip them.
	later, err := queryIDs(ctx, tx, `SELECT id FROM merges WHERE keep_id = ? AND id > ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`, keepID, mergeID)
	if err != nil {
		return nil, err
	}
	if len(later) > 0 {
		return nil, contact.Errorf(contact.ECONFLICT, "merge %d: contact %d took another merge since (merge %d); unmerge %d first", mergeID, keepID, later[0], later[0])
	}
	var newUID []int64
	for _, o := range snap.Others {
		var idTaken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contacts WHERE id = ?`, o.Row.ID).Scan(&idTaken); err != nil {
			return nil, dbError(err)
		}
		if idTaken > 0 {
			return nil, contact.Errorf(contact.ECONFLICT, "merge %d: the ID of merged contact %d is in use by another contact now", mergeID, o.Row.ID)
		}
		uidTaken, err := uidHeld(ctx, tx, o.Row.UID, false)
		if err != nil {
			return nil, err
		}
		if uidTaken {
			// The merge freed the UID and a contact took it since (an
			// import, add --uid; a UUID in any case): the merged contact
			// comes back with a new one. That is said only when the actor can see the holder;
			// a contact they cannot see must not be revealed (as
			// uidConflict does for a new contact).
			visible, err := d.uidTaken(ctx, tx, o.Row.UID)
			if err != nil {
				return nil, err
			}
			u, err := uuid.NewV7()
			if err != nil {
				return nil, contact.Errorf(contact.EINTERNAL, "uid: %v", err)
			}
			o.Row.UID = u.String()
			if o.Contact != nil {
				o.Contact.UID = o.Row.UID
			}
			if visible {
				newUID = append(newUID, o.Row.ID)
			}
		}
	}

	// The merged contacts come back first, then take back their rows. A
	// public one whose owner has left the team since is the actor's now,
	// as team rm would have made it someone's; a private one stays its
	// owner's, as team rm leaves it.
	var reowned []int64
	leavers := map[int64]string{} // the login of each reowned contact's owner who left
	for _, o := range snap.Others {
		var left sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT max(login) FROM users WHERE id = ? AND removed_at IS NOT NULL`, o.Row.OwnerID).Scan(&left); err != nil {
			return nil, dbError(err)
		}
		if left.Valid && o.Row.Visibility == contact.Public {
			o.Row.OwnerID = d.actor.ID
			reowned = append(reowned, o.Row.ID)
			leavers[o.Row.ID] = left.String
		}
	}
	restored := make([]int64, 0, len(snap.Others))
	for _, o := range snap.Others {
		if err := d.restoreSnapshot(ctx, tx, o); err != nil {
			return nil, err
		}
		if err := d.moveBack(ctx, tx, o, keepID); err != nil {
			return nil, err
		}
		restored = append(restored, o.Row.ID)
	}

	// KEEP: what the merge changed and nobody changed since goes back.
	before := snap.Keep.Contact
	given, err := givenSince(ctx, tx, keepID, m)
	if err != nil {
		return nil, err
	}
	after := contact.UnmergeContact(before, snap.After, now, given)
	aside := contact.SetAsideStored(after, before, snap.After)
	if err := contact.Normalize(after, d.region); err != nil {
		return nil, err
	}
	aside.PutBack(after)
	activity, channel, err := d.activityAfterUnmerge(ctx, tx, snap)
	if err != nil {
		return nil, err
	}
	after.LastChannel = channel
	if err := d.writeScalars(ctx, tx, after, activity, d.nowText()); err != nil {
		return nil, err
	}
	if err := d.writeRelated(ctx, tx, after); err != nil {
		return nil, err
	}
	if err := deleteUsers(ctx, tx, `DELETE FROM favorites WHERE contact_id = ? AND user_id IN `, keepID, snap.AddedFavorites); err != nil {
		return nil, err
	}
	if err := deleteUsers(ctx, tx, `DELETE FROM shares WHERE contact_id = ? AND user_id IN `, keepID, snap.AddedShares); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE merges SET undone_at = ?, undone_by = ? WHERE id = ?`, d.nowText(), d.actor.ID, mergeID); err != nil {
		return nil, dbError(err)
	}
	changes := []contact.Change{{Old: idList(sorted(restored))}}
	// KEEP as it is now, shared or transferred since the merge perhaps.
	var keepOwner int64
	if err := tx.QueryRowContext(ctx, `SELECT owner_id FROM contacts WHERE id = ?`, keepID).Scan(&keepOwner); err != nil {
		return nil, dbError(err)
	}
	keepShares, err := queryIDs(ctx, tx, `SELECT user_id FROM shares WHERE contact_id = ?`, keepID)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(snap.Others, func(o *snapContact) bool { return exposes(after.Visibility, keepOwner, keepShares, o) }) {
		// A private contact is private again: the values it brought must
		// not stay readable in KEEP's history by those who may see KEEP
		// but not it. The merge's value rows go (the log does not say
		// which contact each value came from), so do those values from
		// the edits made since, and the unmerge logs no values.
		if err := d.forgetMergeValues(ctx, tx, m, keepID); err != nil {
			return nil, err
		}
		// And those of the merges that took KEEP, holding them, into a
		// third contact since (undone first, or this would be refused).
		carried, err := d.carriers(ctx, tx, m.id, keepID, 0, map[int64]bool{})
		if err != nil {
			return nil, err
		}
		for _, c := range carried {
			if err := d.forgetUndone(ctx, tx, c, false); err != nil {
				return nil, err
			}
		}
	} else {
		changes = append(changes, contact.Diff(now, after)...)
	}
	var logFrom, logTo int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM changes`).Scan(&logFrom); err != nil {
		return nil, dbError(err)
	}
	if err := d.logChanges(ctx, tx, keepID, contact.ActionUnmerge, changes); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM changes`).Scan(&logTo); err != nil {
		return nil, dbError(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE merges SET snapshot = json_set(snapshot, '$.undo_log_from', ?, '$.undo_log_to', ?) WHERE id = ?`,
		logFrom, logTo, mergeID); err != nil {
		return nil, dbError(err)
	}
	// A contact that came back as the actor's is in its change log as
	// handed over, as team rm logs the contacts it hands over.
	for _, id := range reowned {
		if err := d.logChanges(ctx, tx, id, contact.ActionTransfer, []contact.Change{transferChange(leavers[id], d.actor)}); err != nil {
			return nil, err
		}
	}
	if err := d.unlogCreation(ctx, tx, append([]int64{keepID}, restored...)); err != nil {
		return nil, err
	}
	if err := d.reindex(ctx, tx, append([]int64{keepID}, restored...)...); err != nil {
		return nil, err
	}
	res := &contact.UnmergeResult{ID: mergeID, KeepID: keepID, Restored: []*contact.Contact{}, Reowned: reowned,
		StaysPublic: before.Visibility == contact.Private && snap.After.Visibility == contact.Public && after.Visibility == contact.Public}
	// Only what the actor may see is reported.
	visible, err := d.selectContacts(ctx, tx, `c.id IN (`+placeholders(len(restored))+`)`, int64Args(restored), "c.id", 0, 0)
	if err != nil {
		return nil, err
	}
	res.Restored = append(res.Restored, visible...)
	for _, c := range visible {
		if slices.Contains(newUID, c.ID) {
			res.NewUID = append(res.NewUID, c.ID)
		}
	}
	return res, dbError(tx.Commit())
}

// givenSince returns what edits gave KEEP after merge m: the values of its
// change-log rows after the merge's own (for a merge recorded before those
// were bounded, after its time), in normal form C as the snapshot
// (upgrade) and KEEP hold them, also those an older rolo logged. Rows of
// other merges and their undoing are not edits: what they gave, they took
// back.
func givenSince(ctx context.Context, tx *sql.Tx, keepID int64, m *mergeRow) (contact.Given, error) {
	after, args := `id > ?`, []any{keepID, m.snap.LogTo}
	if m.snap.LogTo == 0 {
		after, args = `at > ?`, []any{keepID, m.createdAt}
	}
	given := contact.Given{}
	rows, err := tx.QueryContext(ctx, `SELECT field, new_value FROM changes WHERE contact_id = ? AND `+after+`
		AND field <> '' AND new_value <> '' AND action NOT IN ('`+contact.ActionMerge+`', '`+contact.ActionUnmerge+`')`, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var field, value string
		if err := rows.Scan(&field, &value); err != nil {
			return nil, dbError(err)
		}
		given.Add(field, norm.NFC.String(value))
	}
	return given, dbError(rows.Err())
}

// sawMergedSQL is sawMerged in SQL, of the merged contact o.value of a
// merge's snapshot (json_each(m.snapshot, '$.others') o), with the
// actor's user ID as its two arguments.
const sawMergedSQL = `(json_extract(o.value, '$.row.visibility') = 'public' OR json_extract(o.value, '$.row.owner_id') = ?
	OR EXISTS (SELECT 1 FROM json_each(o.value, '$.shares') sh WHERE json_extract(sh.value, '$.user_id') = ?))`

// sawMerged reports whether the actor could see a contact before it was
// merged away: it was public, or theirs, or shared with them.
func (d *DB) sawMerged(o *snapContact) bool {
	return o.Row.Visibility == contact.Public || o.Row.OwnerID == d.actor.ID ||
		slices.ContainsFunc(o.Shares, func(s shareRow) bool { return s.UserID == d.actor.ID })
}

// exposes reports whether someone who may see KEEP (its visibility,
// owner and shares after the unmerge) may not see the restored o: o is
// private, and KEEP is public, or another's, or shared with someone o is
// not.
func exposes(visibility string, owner int64, shares []int64, o *snapContact) bool {
	if o.Row.Visibility != contact.Private {
		return false
	}
	if visibility != contact.Private || owner != o.Row.OwnerID {
		return true
	}
	may := map[int64]bool{o.Row.OwnerID: true}
	for _, s := range o.Shares {
		may[s.UserID] = true
	}
	for _, u := range shares {
		if !may[u] {
			return true
		}
	}
	return false
}

// forgetMergeValues deletes the change-log rows of the values merge m
// wrote on KEEP, keeping the row that marks the merge, once the edits
// made to KEEP since no longer hold those values (maskMergedValues).
func (d *DB) forgetMergeValues(ctx context.Context, tx *sql.Tx, m *mergeRow, keepID int64) error {
	if err := d.maskMergedValues(ctx, tx, m.id, keepID, m.snap.LogFrom, m.snap.LogTo, m.createdAt, 0, ""); err != nil {
		return err
	}
	return forgetValues(ctx, tx, keepID, contact.ActionMerge, m.snap.LogFrom, m.snap.LogTo, m.createdAt)
}

// mergedValue is what KEEP's change log holds, in the edits made to it
// while a merge was in force, in place of a value the merge had brought,
// once that merge's values are forgotten.
const mergedValue = "(a merged contact's value)"

// labelled are the fields whose change-log values are LABEL=VALUE: a value
// relabelled by an edit is still the value the merge brought.
var labelled = map[string]bool{"phone": true, "email": true, "address": true, "social": true, "url": true}

// maskMergedValues writes mergedValue in place of each old or new value,
// in the rows of the edits made to KEEP while merge mergeID was in force,
// that the merge brought: one of its value rows (IDs in (from, to], or for
// a merge recorded before those were kept, those of its time at) has it as
// the new value of that field (a labelled one with any label, and in any
// letter case), or it is the block of a merged contact (mergedBlocks),
// which a merge moves to KEEP without a value row. The edits are the rows
// after the merge's (after its time) up to row until, or with until 0 up
// to the time untilAt, or with neither all of them. The rows stay, saying
// who changed which field when; the rows of merges and their undoing are
// not edits. Visibility is not a contact's text and stays.
func (d *DB) maskMergedValues(ctx context.Context, tx *sql.Tx, mergeID, keepID, from, to int64, at string, until int64, untilAt string) error {
	key := func(field, value string) string {
		if _, v, ok := strings.Cut(value, "="); ok && labelled[field] {
			value = v
		}
		return field + "\x00" + strings.ToLower(value)
	}
	mergeRows, args := `id > ? AND id <= ?`, []any{keepID, from, to}
	if to == 0 {
		mergeRows, args = `at = ?`, []any{keepID, at}
	}
	brought := map[string]bool{}
	err := d.rowsEachIn(ctx, tx, `SELECT field, new_value FROM changes WHERE contact_id = ? AND action = '`+contact.ActionMerge+`'
		AND field NOT IN ('', 'visibility') AND new_value <> '' AND `+mergeRows, args, func(r *sql.Rows) error {
		var field, value string
		if err := r.Scan(&field, &value); err != nil {
			return err
		}
		brought[key(field, value)] = true
		return nil
	})
	if err != nil {
		return err
	}
	blocks, err := d.mergedBlocks(ctx, tx, mergeID)
	if err != nil {
		return err
	}
	for _, b := range blocks {
		brought[key("blocked", b)] = true
	}
	if len(brought) == 0 {
		return nil
	}
	edits, args := `id > ?`, []any{keepID, to}
	if to == 0 {
		edits, args = `at >= ?`, []any{keepID, at}
	}
	switch {
	case until > 0:
		edits, args = edits+` AND id <= ?`, append(args, until)
	case untilAt != "":
		edits, args = edits+` AND at <= ?`, append(args, untilAt)
	}
	type edit struct {
		id       int64
		old, new string
	}
	var masked []edit
	err = d.rowsEachIn(ctx, tx, `SELECT id, field, old_value, new_value FROM changes WHERE contact_id = ? AND `+edits+`
		AND field NOT IN ('', 'visibility') AND action NOT IN ('`+contact.ActionMerge+`', '`+contact.ActionUnmerge+`')`, args, func(r *sql.Rows) error {
		var e edit
		var field string
		if err := r.Scan(&e.id, &field, &e.old, &e.new); err != nil {
			return err
		}
		hit := false
		for _, v := range []*string{&e.old, &e.new} {
			if *v != "" && brought[key(field, *v)] {
				*v, hit = mergedValue, true
			}
		}
		if hit {
			masked = append(masked, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range masked {
		if _, err := tx.ExecContext(ctx, `UPDATE changes SET old_value = ?, new_value = ? WHERE id = ?`, e.old, e.new, e.id); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// mergedBlocks describes, as the change log does, the blocks merge mergeID
// brought KEEP: each merged contact's block when it was merged away (which
// its snapshot holds), but one KEEP had itself before the merge. Block and
// unblock on KEEP log the block that governs it, which may be one of
// those. A snapshot whose merged contacts were erased holds none.
func (d *DB) mergedBlocks(ctx context.Context, tx *sql.Tx, mergeID int64) ([]string, error) {
	var out []string
	err := d.rowsEachIn(ctx, tx, `SELECT coalesce(json_extract(m.snapshot, '$.keep.contact.blocked'), 'null'), json_extract(o.value, '$.contact.blocked')
		FROM merges m, json_each(m.snapshot, '$.others') o
		WHERE m.id = ? AND json_type(o.value, '$.contact.blocked') = 'object'`, []any{mergeID}, func(r *sql.Rows) error {
		var keepText, otherText string
		if err := r.Scan(&keepText, &otherText); err != nil {
			return err
		}
		var keep, other *contact.Block
		if err := json.Unmarshal([]byte(keepText), &keep); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(otherText), &other); err != nil {
			return err
		}
		b := contact.DescribeBlock(other.Until, other.Reason)
		if keep == nil || contact.DescribeBlock(keep.Until, keep.Reason) != b {
			out = append(out, b)
		}
		return nil
	})
	return out, err
}

// forgetValues deletes the change-log rows of the values a merge or an
// unmerge (action) wrote on KEEP, keeping the row that marks it: those
// with IDs in (from, to], or, in snapshots from before the range was
// recorded (to is 0), those it wrote at its time.
func forgetValues(ctx context.Context, tx *sql.Tx, keepID int64, action string, from, to int64, at string) error {
	var err error
	if to > 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM changes WHERE contact_id = ? AND action = ? AND field <> '' AND id > ? AND id <= ?`,
			keepID, action, from, to)
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM changes WHERE contact_id = ? AND action = ? AND field <> '' AND at = ?`,
			keepID, action, at)
	}
	return dbError(err)
}

// undoneMerge is what erasing needs of an undone merge: its KEEP, and
// where the rows it and its undoing wrote are in KEEP's change log.
type undoneMerge struct {
	id, keepID                 int64
	at, undoneAt               string
	from, to, undoFrom, undoTo int64
}

// undoneMerges returns the undone merges the condition (on merges m)
// selects.
func (d *DB) undoneMerges(ctx context.Context, tx *sql.Tx, cond string, args []any) ([]undoneMerge, error) {
	var ms []undoneMerge
	err := d.rowsEachIn(ctx, tx, `SELECT m.id, m.keep_id, m.created_at, m.undone_at,
			coalesce(json_extract(m.snapshot, '$.log_from'), 0), coalesce(json_extract(m.snapshot, '$.log_to'), 0),
			coalesce(json_extract(m.snapshot, '$.undo_log_from'), 0), coalesce(json_extract(m.snapshot, '$.undo_log_to'), 0)
		FROM merges m WHERE m.undone_at IS NOT NULL AND `+cond+` ORDER BY m.id`,
		args, func(r *sql.Rows) error {
			var m undoneMerge
			if err := r.Scan(&m.id, &m.keepID, &m.at, &m.undoneAt, &m.from, &m.to, &m.undoFrom, &m.undoTo); err != nil {
				return err
			}
			ms = append(ms, m)
			return nil
		})
	return ms, dbError(err)
}

// forgetExposedMerges is unmerge's forgetting (see exposes) for contacts
// whose audience has grown since: shared, published, transferred or made
// public by an edit or an import. An undone merge into one of them that
// brought a private contact's values, which someone who now sees the
// contact may not see, loses those values from its change log (and the
// edits made while it was in force read mergedValue), as it would have
// had that someone seen the contact when it was undone. The merges whose
// values are forgotten already have nothing left to forget.
func (d *DB) forgetExposedMerges(ctx context.Context, tx *sql.Tx, ids []int64) error {
	return d.forgetExposed(ctx, tx, ids, func(in string) string { return `m.keep_id IN ` + in })
}

// forgetRestoredMerges is forgetExposedMerges for the undone merges that
// restored one of the contacts ids, whose own audience has shrunk since
// (unshared, transferred): someone who sees their KEEP may no longer see
// them.
func (d *DB) forgetRestoredMerges(ctx context.Context, tx *sql.Tx, ids []int64) error {
	return d.forgetExposed(ctx, tx, ids, func(in string) string {
		return `m.id IN (SELECT merge_id FROM merge_sources WHERE contact_id IN ` + in + `)`
	})
}

// forgetExposed is forgetExposedMerges for the undone merges that cond,
// given a parenthesized list of IDs, selects.
func (d *DB) forgetExposed(ctx context.Context, tx *sql.Tx, ids []int64, cond func(in string) string) error {
	for start := 0; start < len(ids); start += lookupChunk {
		part := ids[start:min(start+lookupChunk, len(ids))]
		ms, err := d.undoneMerges(ctx, tx, cond(`(`+placeholders(len(part))+`)`)+` AND json_extract(m.snapshot, '$.others') IS NOT NULL`, int64Args(part))
		if err != nil {
			return err
		}
		for _, m := range ms {
			var visibility, body string
			var owner int64
			if err := tx.QueryRowContext(ctx, `SELECT c.visibility, c.owner_id, m.snapshot FROM contacts c, merges m WHERE c.id = ? AND m.id = ?`,
				m.keepID, m.id).Scan(&visibility, &owner, &body); err != nil {
				return dbError(err)
			}
			shares, err := queryIDs(ctx, tx, `SELECT user_id FROM shares WHERE contact_id = ?`, m.keepID)
			if err != nil {
				return err
			}
			var snap struct {
				Others []*snapContact `json:"others"`
			}
			if err := json.Unmarshal([]byte(body), &snap); err != nil {
				return contact.Errorf(contact.EINTERNAL, "merge %d: its snapshot cannot be read by this rolo", m.id)
			}
			for _, o := range snap.Others {
				if err := currentAudience(ctx, tx, o); err != nil {
					return err
				}
			}
			if slices.ContainsFunc(snap.Others, func(o *snapContact) bool { return exposes(visibility, owner, shares, o) }) {
				if err := d.forgetUndone(ctx, tx, m, false); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// currentAudience gives o, a contact an undone merge restored, the
// visibility, owner and shares it has now rather than at the merge: who may
// see it has changed since if it was shared, unshared, published or
// transferred. One no longer there (merged away again) keeps its
// snapshot's.
func currentAudience(ctx context.Context, tx *sql.Tx, o *snapContact) error {
	var visibility string
	var owner int64
	err := tx.QueryRowContext(ctx, `SELECT visibility, owner_id FROM contacts WHERE id = ?`, o.Row.ID).Scan(&visibility, &owner)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return dbError(err)
	}
	users, err := queryIDs(ctx, tx, `SELECT user_id FROM shares WHERE contact_id = ?`, o.Row.ID)
	if err != nil {
		return err
	}
	o.Row.Visibility, o.Row.OwnerID, o.Shares = visibility, owner, make([]shareRow, len(users))
	for i, u := range users {
		o.Shares[i].UserID = u
	}
	return nil
}

// carriers returns the undone merges that carried on what a merge had
// brought into keepID: those that merged keepID into another contact
// after that merge (its ID is after) and before it was undone (its undoing
// began at change-log row until; 0 while it is being undone now), and, in
// turn, those that carried on what each of them brought. seen holds the
// merges already counted.
func (d *DB) carriers(ctx context.Context, tx *sql.Tx, after, keepID, until int64, seen map[int64]bool) ([]undoneMerge, error) {
	cond := `m.id > ? AND m.id IN (SELECT merge_id FROM merge_sources WHERE contact_id = ?)`
	args := []any{after, keepID}
	if until > 0 {
		cond += ` AND coalesce(json_extract(m.snapshot, '$.log_to'), 0) <= ?`
		args = append(args, until)
	}
	ms, err := d.undoneMerges(ctx, tx, cond, args)
	if err != nil {
		return nil, err
	}
	var out []undoneMerge
	for _, m := range ms {
		if seen[m.id] {
			continue
		}
		seen[m.id] = true
		more, err := d.carriers(ctx, tx, m.id, m.keepID, m.undoFrom, seen)
		if err != nil {
			return nil, err
		}
		out = append(append(out, m), more...)
	}
	return out, nil
}

// forgetUndone deletes the value rows an undone merge and its undoing wrote
// in KEEP's change log, keeping the rows that mark them, and the values
// the merge brought from the edits made to KEEP while it was in force
// (maskMergedValues); with snapshot also what its snapshot holds of the
// merged contacts and of KEEP as the merge left it.
func (d *DB) forgetUndone(ctx context.Context, tx *sql.Tx, m undoneMerge, snapshot bool) error {
	if err := d.maskMergedValues(ctx, tx, m.id, m.keepID, m.from, m.to, m.at, m.undoFrom, m.undoneAt); err != nil {
		return err
	}
	if err := forgetValues(ctx, tx, m.keepID, contact.ActionMerge, m.from, m.to, m.at); err != nil {
		return err
	}
	if err := forgetValues(ctx, tx, m.keepID, contact.ActionUnmerge, m.undoFrom, m.undoTo, m.undoneAt); err != nil {
		return err
	}
	if !snapshot {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE merges SET snapshot = json_remove(snapshot, '$.others', '$.after') WHERE id = ?`, m.id)
	return dbError(err)
}

// eraseUndoneMerges takes out of the undone merges that had merged
// contacts being erased (purged, or their import undone) into another
// what they still held of them: the merged contacts as they were and KEEP
// as the merge left it (the snapshot's others and after), the UIDs of the
// erased, and the values the merge gave KEEP and the unmerge took back in
// KEEP's change log (the log does not say which contact each value came
// from, so those of the merge's other contacts go too). The same goes for
// the undone merges that carried those values on (KEEP merged into a third
// contact while it held them: carriers). The merge stays in the history of
// the contacts it joined, naming them by ID, as do the rows that mark it
// and its undoing, and an unmerge of it is still no change. Merges in
// force are not touched: a contact merged away is not there to erase.
func (d *DB) eraseUndoneMerges(ctx context.Context, tx *sql.Tx, ids []int64) error {
	var ms []undoneMerge
	for start := 0; start < len(ids); start += lookupChunk {
		part := ids[start:min(start+lookupChunk, len(ids))]
		in := placeholders(len(part))
		direct, err := d.undoneMerges(ctx, tx, `m.id IN (SELECT merge_id FROM merge_sources WHERE contact_id IN (`+in+`))`, int64Args(part))
		if err != nil {
			return err
		}
		ms = append(ms, direct...)
		if _, err := tx.ExecContext(ctx, `UPDATE merge_sources SET uid = '' WHERE contact_id IN (`+in+`)
			AND merge_id IN (SELECT id FROM merges WHERE undone_at IS NOT NULL)`, int64Args(part)...); err != nil {
			return dbError(err)
		}
	}
	seen := map[int64]bool{}
	for _, m := range ms {
		seen[m.id] = true
	}
	for _, m := range ms {
		carried, err := d.carriers(ctx, tx, m.id, m.keepID, m.undoFrom, seen)
		if err != nil {
			return err
		}
		ms = append(ms, carried...)
	}
	for _, m := range ms {
		if err := d.forgetUndone(ctx, tx, m, true); err != nil {
			return err
		}
	}
	return nil
}

// dropFromMerges takes the teammates removed from the team out of what
// the merges in force hold for unmerge: their favorites and shares of the
// contacts merged away, which unmerge would give back (team rm removes
// them, and team add does not bring them back), and their place in the
// lists of KEEP's favorites and shares that came from those contacts,
// which unmerge would take off KEEP even when it was starred or shared
// with them again since. team rm runs it once the teammate is marked
// removed. Its statement is migration 17's, which did the same for the
// teammates an older rolo had removed, and is read from it so that the
// two stay one.
func dropFromMerges(ctx context.Context, tx *sql.Tx) error {
	body, err := migrationFS.ReadFile(dropFromMergesMigration)
	if err != nil {
		return contact.Errorf(contact.EINTERNAL, "team rm: %v", err)
	}
	_, err = tx.ExecContext(ctx, string(body))
	return dbError(err)
}

// unshareMerged logs, for team rm of u, the unshare of each contact
// merged away (by a merge in force) that was shared with u, in that
// contact's change log, which KEEP holds while it is merged: the row goes
// to its snapshot's rows, so that unmerge gives it back with the
// contact's "shared with" row, as dropFromMerges takes u out of the shares
// it gives back. The unshare team rm logged on KEEP (rows after since)
// for a share that came only from the merged contacts is the first such
// contact's; another gets a row of its own. A KEEP merged away itself
// since holds no row of its own to give: it is left as it is.
func (d *DB) unshareMerged(ctx context.Context, tx *sql.Tx, u *contact.User, since int64) error {
	type hit struct {
		merge, keep int64
		other       int
		added       bool
	}
	var hits []hit
	err := d.rowsEachIn(ctx, tx, `SELECT m.id, m.keep_id, o.key,
			EXISTS (SELECT 1 FROM json_each(m.snapshot, '$.added_shares') a WHERE a.value = ?)
		FROM merges m, json_each(m.snapshot, '$.others') o
		WHERE m.undone_at IS NULL AND EXISTS (SELECT 1 FROM contacts c WHERE c.id = m.keep_id)
			AND EXISTS (SELECT 1 FROM json_each(o.value, '$.shares') sh WHERE json_extract(sh.value, '$.user_id') = ?)
		ORDER BY m.id, o.key`, []any{u.ID, u.ID}, func(r *sql.Rows) error {
		var h hit
		if err := r.Scan(&h.merge, &h.keep, &h.other, &h.added); err != nil {
			return err
		}
		hits = append(hits, h)
		return nil
	})
	if err != nil {
		return err
	}
	taken := map[int64]bool{}
	for _, h := range hits {
		var id int64
		if h.added && !taken[h.merge] {
			taken[h.merge] = true
			var logged sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT max(id) FROM changes WHERE contact_id = ? AND id > ? AND action = ? AND field = ? AND old_value = ?`,
				h.keep, since, contact.ActionUnshare, contact.FieldSharedWith, u.Login).Scan(&logged); err != nil {
				return dbError(err)
			}
			id = logged.Int64
		}
		if id == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO changes (contact_id, user_id, at, action, field, old_value) VALUES (?, ?, ?, ?, ?, ?)`,
				h.keep, d.actor.ID, d.nowText(), contact.ActionUnshare, contact.FieldSharedWith, u.Login)
			if err != nil {
				return dbError(err)
			}
			if id, err = res.LastInsertId(); err != nil {
				return dbError(err)
			}
		}
		path := "$.others[" + strconv.Itoa(h.other) + "].changes"
		if _, err := tx.ExecContext(ctx, `UPDATE merges SET snapshot = json_set(snapshot, ?,
				json_insert(coalesce(json_extract(snapshot, ?), json('[]')), '$[#]', ?)) WHERE id = ?`,
			path, path, id, h.merge); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// dropFromMergesMigration is the migration whose statement dropFromMerges
// runs.
const dropFromMergesMigration = "migrations/0017_removed_teammates_out_of_merges.sql"

// restoreSnapshot inserts a merged contact back as it was: its row (same
// ID and UID), multi-valued fields, favorites and, a private one, shares.
func (d *DB) restoreSnapshot(ctx context.Context, tx *sql.Tx, o *snapContact) error {
	r := o.Row
	// An import batch undone since leaves the contact without one, as the
	// schema does for contacts that stayed.
	_, err := tx.ExecContext(ctx, `INSERT INTO contacts (`+contactRowStored+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
		`+typeCodeSQL+`, `+levelCodeSQL+`, ?, ?, ?, ?, `+publicSQL+`, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM import_batches WHERE id = ?), ?)`,
		r.ID, storedUID(r.ID, r.UID), storedDisplayName(r.DisplayName, r.FirstName, r.LastName), r.Prefix, r.FirstName, r.MiddleName, r.LastName, r.Suffix, r.Nickname, r.Company,
		r.Title, r.Department, r.Type, r.Level, r.Birthday, r.Anniversary, r.Language, r.Timezone, r.Visibility,
		r.OwnerID, r.CreatedBy, storedTime(r.CreatedAt), r.UpdatedAt, r.LastActivityAt, snapChannel(r.LastChannel, r.LastActivityAt), r.ArchivedAt, r.DeletedAt,
		r.ImportBatchID, r.VCardExtra)
	if err != nil {
		return dbError(err)
	}
	c := o.Contact.Clone()
	c.ID = r.ID
	if err := d.writeRelated(ctx, tx, c); err != nil {
		return err
	}
	// team rm and the upgrade to schema 17 take a removed teammate out of
	// the snapshots (dropFromMerges); one still in it is left out while
	// removed all the same.
	for _, f := range o.Favorites {
		if _, err := tx.ExecContext(ctx, `INSERT INTO favorites (user_id, contact_id, created_at)
			SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE id = ? AND `+activeUserSQL+`)`, f.UserID, r.ID, f.CreatedAt, f.UserID); err != nil {
			return dbError(err)
		}
	}
	for _, s := range o.Shares {
		if r.Visibility == contact.Public {
			// A public contact is shared with nobody (schema 24): the
			// snapshot of a merge made before then may hold shares of
			// one that an older merge had left shared.
			break
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO shares (contact_id, user_id, created_by, created_at)
			SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE id = ? AND `+activeUserSQL+`)`, r.ID, s.UserID, s.CreatedBy, s.CreatedAt, s.UserID); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// activityAfterUnmerge is KEEP's last activity once the interactions that
// came from the merged contacts have left: its own from before the merge,
// or a later one logged on it since.
func (d *DB) activityAfterUnmerge(ctx context.Context, tx *sql.Tx, snap *mergeSnapshot) (any, string, error) {
	keep := snap.Keep.Row
	var at, channel sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT at, channel FROM interactions WHERE contact_id = ? AND id > ? ORDER BY at DESC, id DESC LIMIT 1`,
		keep.ID, snap.InteractionSeq).Scan(&at, &channel)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, "", dbError(err)
	}
	if at.Valid && (keep.LastActivityAt == nil || at.String >= *keep.LastActivityAt) {
		return at.String, channel.String, nil
	}
	if keep.LastActivityAt == nil {
		return nil, "", nil
	}
	return *keep.LastActivityAt, snapChannel(keep.LastChannel, keep.LastActivityAt), nil
}

// snapChannel is the last channel of a snapshot's row as schema 23 reads
// a stored one (migrations/0023_last_channel_known.sql): a merge made
// before it holds the channel an older import stored as given ("SMS",
// "Fax", or one beside no last activity), which an unmerge would
// otherwise put back where channel: cannot find it and an export does not
// import back.
func snapChannel(ch string, activity *string) string {
	k, known := contact.ReadChannel(ch)
	switch {
	case ch == "" || activity == nil:
		return ""
	case known:
		return k
	}
	return "other"
}

func deleteUsers(ctx context.Context, tx *sql.Tx, prefix string, contactID int64, users []int64) error {
	if len(users) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, prefix+`(`+placeholders(len(users))+`)`, append([]any{contactID}, int64Args(users)...)...)
	return dbError(err)
}
