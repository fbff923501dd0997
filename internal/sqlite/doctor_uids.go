package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

// CheckUIDs is the doctor check that every UUID names one contact.
const CheckUIDs = "uids"

// maxUIDGroups bounds how many UUIDs held by several contacts the check
// names; the count is always given.
const maxUIDGroups = 3

// checkUIDs warns of the contacts that hold one UUID in different cases,
// as rolo before schema 19 let them (add --uid, an import): a UUID is one
// UID in any case now, so their UID names both (a REF of it is ambiguous),
// and an import or an unmerge takes them for one contact. Nothing is
// damaged, and no repair can tell which UID to change: the warning names
// them, for the user to merge them if they are one contact. Other UIDs
// are text, different in another case, and are not looked at.
func (h *Health) checkUIDs(ctx context.Context, q querier) {
	// Of two spellings, one has a capital: those UIDs alone (read from the
	// index of the UIDs with a capital) are looked up, each in small
	// letters as written and among those with a capital (uuidIs), or,
	// before schema 19, in one scan. Grouping every contact by the UIDs in
	// small letters instead read each contact's row: 6 s for 300,000,
	// against under 1 s.
	rows, err := q.QueryContext(ctx, `WITH capital (uid) AS MATERIALIZED (SELECT lower(uid) FROM contacts WHERE `+uidCapitalsSQL("uid")+`)
		SELECT lower(uid), group_concat(id, ' ') FROM contacts WHERE `+uuidIs("uid", `IN (SELECT uid FROM capital)`)+`
		GROUP BY lower(uid) HAVING count(*) > 1`)
	if err != nil {
		h.add(CheckUIDs, CheckSkipped, "cannot read the UIDs: %s", sqliteMessage(err))
		return
	}
	defer rows.Close()
	var groups []uidGroup
	for rows.Next() {
		var g uidGroup
		var ids string
		if err := rows.Scan(&g.uid, &ids); err != nil {
			h.add(CheckUIDs, CheckSkipped, "cannot read the UIDs: %s", sqliteMessage(err))
			return
		}
		if !contact.IsUUID(g.uid) {
			continue
		}
		for _, f := range strings.Fields(ids) {
			id, _ := strconv.ParseInt(f, 10, 64)
			g.ids = append(g.ids, id)
		}
		slices.Sort(g.ids)
		groups = append(groups, g)
	}
	if err := rows.Err(); err != nil {
		h.add(CheckUIDs, CheckSkipped, "cannot read the UIDs: %s", sqliteMessage(err))
		return
	}
	rows.Close()
	// A private contact is named to no one but those who see it (SPEC
	// section 1): of each group, only the contacts the asker can see, and
	// only the groups of which they see two or more, in which the UID
	// names more than one contact for them.
	groups, err = h.visibleGroups(ctx, q, groups)
	if err != nil {
		h.add(CheckUIDs, CheckSkipped, "cannot read the UIDs: %s", sqliteMessage(err))
		return
	}
	if len(groups) == 0 {
		h.add(CheckUIDs, CheckOK, "every UUID names one contact")
		return
	}
	slices.SortFunc(groups, func(a, b uidGroup) int { return cmp.Compare(a.ids[0], b.ids[0]) })
	var named []string
	for _, g := range groups[:min(len(groups), maxUIDGroups)] {
		named = append(named, fmt.Sprintf("%s (%s)", idWords(g.ids), g.uid))
	}
	if len(groups) > maxUIDGroups {
		named = append(named, fmt.Sprintf("%d more", len(groups)-maxUIDGroups))
	}
	merge := "rolo merge KEEP OTHER"
	if len(groups) == 1 {
		merge = "rolo merge " + strings.Trim(fmt.Sprint(groups[0].ids), "[]")
	}
	h.add(CheckUIDs, CheckWarning, "contacts %s hold one UUID in different cases, as an older rolo let them: "+
		"their UID names them all (name each by its ID); %s if they are one contact, "+
		"else an import of their export gives all but the first a UID of its own", strings.Join(named, "; "), merge)
}

// uidGroup is a UUID and the contacts that hold it in different cases.
type uidGroup struct {
	uid string
	ids []int64
}

// visibleGroups keeps, of each group, the contacts that h.login can see,
// and the groups of which two or more are left. A login that names no
// teammate (or one removed from the team) sees the public contacts.
func (h *Health) visibleGroups(ctx context.Context, q querier, groups []uidGroup) ([]uidGroup, error) {
	if len(groups) == 0 {
		return nil, nil
	}
	var removable int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('users') WHERE name = 'removed_at'`).Scan(&removable); err != nil {
		return nil, err
	}
	active := ""
	if removable > 0 {
		active = ` AND ` + activeUserSQL
	}
	var actor int64
	err := q.QueryRowContext(ctx, `SELECT id FROM users WHERE login = ? COLLATE NOCASE`+active, strings.TrimSpace(h.login)).Scan(&actor)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var kept []uidGroup
	for _, g := range groups {
		ids, err := queryIDs(ctx, q, `SELECT c.id FROM contacts c WHERE c.id IN (`+placeholders(len(g.ids))+`) AND `+visibleSQL+` ORDER BY c.id`,
			append(int64Args(g.ids), actor, actor)...)
		if err != nil {
			return nil, err
		}
		if len(ids) > 1 {
			kept = append(kept, uidGroup{uid: g.uid, ids: ids})
		}
	}
	return kept, nil
}

// idWords writes IDs as a list: "1 and 2", "1, 2 and 3".
func idWords(ids []int64) string {
	words := make([]string, len(ids))
	for i, id := range ids {
		words[i] = strconv.FormatInt(id, 10)
	}
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
