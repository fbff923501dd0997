package contact

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Merge preferences: which side a scalar field takes when the contacts of
// a merge disagree and no --pick says otherwise.
const (
	PreferKeep  = "keep"
	PreferOther = "other"
)

// MergeOptions say how a merge resolves conflicting values.
type MergeOptions struct {
	// Prefer is PreferKeep (the default) or PreferOther: for each scalar
	// field, whose non-empty value the result takes.
	Prefer string
	// Picks name, by field, the contact whose value the result takes:
	// "company" -> 12. A key is a scalar field name (as LookupField reads
	// it) or "attr.KEY" for a custom attribute.
	Picks map[string]int64
	// DryRun computes the result and changes nothing.
	DryRun bool
}

// MergeResult is what a merge did (or, dry, would do).
type MergeResult struct {
	// ID is the merge's ID, for unmerge; 0 on a dry run.
	ID int64 `json:"merge_id"`
	// Contact is KEEP as it is (or would be) after the merge.
	Contact *Contact `json:"contact"`
	// Sources are the IDs of the contacts merged into KEEP and removed.
	Sources []int64 `json:"sources"`
}

// UndoableMerge is a merge that unmerge may undo now, as completion
// offers it: a number given to unmerge is a merge ID, so completion names
// merges, not contacts.
type UndoableMerge struct {
	ID int64
	// KeepID and Keep are the contact kept and its name now.
	KeepID int64
	Keep   string
	// Merged are the contacts merged into it, "#ID name" each, then
	// "another contact" for those the actor never saw.
	Merged []string
}

// UnmergeResult is what an unmerge restored.
type UnmergeResult struct {
	ID     int64 `json:"merge_id"`
	KeepID int64 `json:"keep_id"`
	// Restored are the contacts brought back, as the acting user sees them
	// (a restored contact the actor may not see is not listed).
	Restored []*Contact `json:"restored"`
	// NewUID lists the restored contacts (by ID) that came back with a new
	// UID, their old one being another contact's now, one the actor sees.
	NewUID []int64 `json:"new_uid,omitempty"`
	// Reowned lists the restored public contacts whose owner has left the
	// team since: as team rm does, they are handed over, to the actor.
	Reowned []int64 `json:"reowned,omitempty"`
	// StaysPublic says that KEEP, private before the merge and made public
	// by it, stays public: a public contact is never made private again.
	StaysPublic bool `json:"stays_public,omitempty"`
	// AlreadyUndone says that the merge was undone before (at UndoneAt):
	// nothing was changed.
	AlreadyUndone bool   `json:"already_undone,omitempty"`
	UndoneAt      string `json:"undone_at,omitempty"`
}

// Conflict is a scalar field, or an attribute, on which the contacts of a
// merge hold different non-empty values.
type Conflict struct {
	// Field is the field's name ("company") or "attr.KEY".
	Field string `json:"field"`
	// Values holds each distinct value once, with the first contact (in
	// merge order: KEEP, then the OTHERs) that has it.
	Values []ConflictValue `json:"values"`
	// Chosen is the contact whose value the result takes under the options.
	Chosen int64 `json:"chosen"`
}

// ConflictValue is one of the values of a conflict.
type ConflictValue struct {
	ContactID int64  `json:"contact_id"`
	Value     string `json:"value"`
}

// MergeConflicts lists the fields on which keep and others disagree, with
// the value opts choose for each. It checks opts.Picks as MergeContacts
// does.
func MergeConflicts(keep *Contact, others []*Contact, opts MergeOptions) ([]Conflict, error) {
	picks, err := checkPicks(keep, others, opts)
	if err != nil {
		return nil, err
	}
	all := append([]*Contact{keep}, others...)
	var out []Conflict
	for _, f := range fields {
		if c, ok := conflict(f.Name, all, mergeGet(f, all), opts.Prefer, picks); ok {
			out = append(out, c)
		}
	}
	for _, k := range mergeKeys(all) {
		get := func(c *Contact) string { return c.Attributes[c.AttrKey(k)] }
		if c, ok := conflict("attr."+k, all, get, opts.Prefer, picks); ok {
			out = append(out, c)
		}
	}
	return out, nil
}

func conflict(name string, all []*Contact, get func(*Contact) string, prefer string, picks map[string]int64) (Conflict, bool) {
	c := Conflict{Field: name}
	for _, x := range all {
		v := get(x)
		if v == "" || slices.ContainsFunc(c.Values, func(cv ConflictValue) bool { return cv.Value == v }) {
			continue
		}
		c.Values = append(c.Values, ConflictValue{ContactID: x.ID, Value: v})
	}
	if len(c.Values) < 2 {
		return Conflict{}, false
	}
	c.Chosen = chooseSource(all, get, prefer, picks[PickKey(name)])
	return c, true
}

// mergeGet is how a merge reads field f of the contacts all: as stored,
// except that a date without a year that another of them has with one
// (--12-31 beside 1990-12-31) counts as none, so that the year is kept
// whichever side is preferred, and the two are no conflict to ask about.
// A --pick of the contact with --12-31 still takes --12-31.
func mergeGet(f *Field, all []*Contact) func(*Contact) string {
	return func(c *Contact) string {
		v := f.get(c)
		if slices.ContainsFunc(all, func(o *Contact) bool { return f.saysLess(v, f.get(o)) }) {
			return ""
		}
		return v
	}
}

// chooseSource returns the ID of the contact whose value of a field the
// merge takes: the picked one, else the first with a value in preference
// order (KEEP first, or the OTHERs first with PreferOther).
func chooseSource(all []*Contact, get func(*Contact) string, prefer string, picked int64) int64 {
	if picked != 0 {
		return picked
	}
	order := all
	if prefer == PreferOther && len(all) > 1 {
		order = append(slices.Clone(all[1:]), all[0])
	}
	for _, x := range order {
		if get(x) != "" {
			return x.ID
		}
	}
	return all[0].ID
}

// checkPicks validates --prefer and --pick against the contacts of a merge
// and returns the picks keyed by canonical field name.
func checkPicks(keep *Contact, others []*Contact, opts MergeOptions) (map[string]int64, error) {
	switch opts.Prefer {
	case "", PreferKeep, PreferOther:
	default:
		return nil, invalidField("--prefer", opts.Prefer, "must be keep or other")
	}
	all := append([]*Contact{keep}, others...)
	out := make(map[string]int64, len(opts.Picks))
	for name, id := range opts.Picks {
		var (
			canon string
			get   func(*Contact) string
		)
		if k, ok := strings.CutPrefix(name, "attr."); ok && k != "" {
			canon, get = name, func(c *Contact) string { return c.Attributes[c.AttrKey(k)] }
		} else if f, ok := LookupField(name); ok {
			canon, get = f.Name, f.get
		} else {
			return nil, invalidField("--pick", name, "is not a field (use "+strings.Join(FieldNames(), ", ")+" or attr.KEY)")
		}
		i := slices.IndexFunc(all, func(c *Contact) bool { return c.ID == id })
		if i < 0 {
			return nil, invalidField("--pick", name+"="+strconv.FormatInt(id, 10), "names a contact that is not part of this merge")
		}
		if get(all[i]) == "" {
			return nil, invalidField("--pick", name+"="+strconv.FormatInt(id, 10), "contact "+strconv.FormatInt(id, 10)+" has no "+canon)
		}
		out[PickKey(canon)] = id
	}
	return out, nil
}

// pickKey is the key of a field's pick: its name, an attribute's key in
// lower case (keys match in any case: attr.plan picks Plan).
func PickKey(name string) string {
	if k, ok := strings.CutPrefix(name, "attr."); ok {
		return "attr." + strings.ToLower(k)
	}
	return name
}

// MergeContacts returns KEEP as it is after merging others into it, without
// losing a value:
//   - each scalar field takes the picked contact's value, else the
//     preferred side's (KEEP's unless PreferOther), else the first non-empty
//     value of the others; a birthday or anniversary without a year that
//     another has with one (--12-31, 1990-12-31) counts as none there;
//   - phones, emails, addresses, socials, URLs and tags are unioned, KEEP's
//     first, each value once by its normalized form (E.164, lower-case
//     address, case-insensitive text);
//   - the vCard properties rolo does not model (a photo, X-* fields, the
//     custom labels of phones) are unioned as an import's merge unions
//     them (JoinVCardExtra);
//   - attributes are unioned by key; when contacts hold different values
//     for a key, the chosen one stays under the key and each other value is
//     kept under "KEY.ID", ID being the contact it came from;
//   - the result is public if any input is public (never public->private);
//   - notes, favorites, shares, blocks and the last activity are those of
//     all the inputs together, as they will be once moved to KEEP.
//
// The inputs must be normalized (as stored); they are not changed.
func MergeContacts(keep *Contact, others []*Contact, opts MergeOptions) (*Contact, error) {
	picks, err := checkPicks(keep, others, opts)
	if err != nil {
		return nil, err
	}
	all := append([]*Contact{keep}, others...)
	byID := make(map[int64]*Contact, len(all))
	for _, c := range all {
		if byID[c.ID] != nil {
			return nil, Errorf(EINVALID, "merge: contact %d is named twice", c.ID)
		}
		byID[c.ID] = c
	}
	out := keep.Clone()
	for _, f := range fields {
		src := chooseSource(all, mergeGet(f, all), opts.Prefer, picks[f.Name])
		f.set(out, f.get(byID[src]))
	}
	for _, c := range others {
		if c.Visibility == Public {
			out.Visibility = Public
		}
		out.Phones = unionBy(out.Phones, c.Phones, func(p Phone) string { return p.E164 })
		out.Emails = unionBy(out.Emails, c.Emails, func(e Email) string { return strings.ToLower(e.Address) })
		out.Addresses = unionBy(out.Addresses, c.Addresses, AddressKey)
		out.Socials = unionBy(out.Socials, c.Socials, func(s Social) string { return s.Network + "\x00" + strings.ToLower(s.Handle) })
		out.URLs = unionBy(out.URLs, c.URLs, func(u URL) string { return URLKey(u.URL) })
		out.Tags = unionBy(out.Tags, c.Tags, strings.ToLower)
		out.VCardExtra = JoinVCardExtra(out.VCardExtra, c.VCardExtra)
		out.Notes = append(out.Notes, c.Notes...)
		out.SharedWith = unionBy(out.SharedWith, c.SharedWith, func(s string) string { return s })
		out.Favorite = out.Favorite || c.Favorite
		// Every block moves to KEEP; the one that ends last governs.
		if c.Blocked != nil && (out.Blocked == nil || EndsLater(c.Blocked, out.Blocked)) {
			b := *c.Blocked
			out.Blocked = &b
		}
		if c.LastActivityAt != nil && (out.LastActivityAt == nil || c.LastActivityAt.After(*out.LastActivityAt)) {
			t := *c.LastActivityAt
			out.LastActivityAt, out.LastChannel = &t, c.LastChannel
		}
	}
	sort.Strings(out.Tags)
	out.SharedWith = slices.DeleteFunc(out.SharedWith, func(s string) bool { return s == out.Owner })
	if out.Visibility == Public {
		// A public contact is shared with nobody, as publish leaves it.
		out.SharedWith = out.SharedWith[:0]
	}
	sort.Strings(out.SharedWith)
	sort.SliceStable(out.Notes, func(i, j int) bool {
		if !out.Notes[i].CreatedAt.Equal(out.Notes[j].CreatedAt) {
			return out.Notes[i].CreatedAt.After(out.Notes[j].CreatedAt)
		}
		return out.Notes[i].ID > out.Notes[j].ID
	})
	mergeAttributes(out, all, opts.Prefer, picks)
	out.Name = out.DisplayName()
	return out, nil
}

// mergeAttributes sets out.Attributes to the union of all's, conflicts
// resolved as MergeContacts says.
func mergeAttributes(out *Contact, all []*Contact, prefer string, picks map[string]int64) {
	attrs := make(map[string]string)
	keys := mergeKeys(all)
	for _, k := range keys {
		get := func(c *Contact) string { return c.Attributes[c.AttrKey(k)] }
		chosen := chooseSource(all, get, prefer, picks[PickKey("attr."+k)])
		var v string
		for _, c := range all {
			if c.ID == chosen {
				v = get(c)
			}
		}
		attrs[k] = v
	}
	// The values that lost, each under KEY.ID, after every plain key is in
	// place so that a derived key never hides one; a key in another case
	// is the same key.
	for _, k := range keys {
		for _, c := range all {
			for _, have := range c.AttrKeys(k) {
				v := c.Attributes[have]
				if v == "" || v == attrs[k] || attrsHold(attrs, k, v) {
					continue
				}
				key := k + "." + strconv.FormatInt(c.ID, 10)
				for attrs[key] != "" && attrs[key] != v {
					key += "." + strconv.FormatInt(c.ID, 10)
				}
				if !ValidAttrKey(key) {
					// A fourth .ID on a key over MaxKeyLen bytes, which an
					// import refuses (and a vCard import renames): the
					// merged contact's own export would not import it back.
					// The value goes under the key it was made from instead.
					base := mergeBaseKey(k)
					if attrsHold(attrs, base, v) {
						continue
					}
					if alt := mergeKeyUnder(attrs, base, c.ID, v); alt != "" {
						key = alt
					}
				}
				attrs[key] = v
			}
		}
	}
	out.Attributes = attrs
}

// mergeBaseKey is k without the ".ID" a merge added to it
// (ValidAttrKey), as long as it is longer than MaxKeyLen: the key of at
// most MaxKeyLen bytes it was made from.
func mergeBaseKey(k string) string {
	for len(k) > MaxKeyLen {
		i := strings.LastIndexByte(k, '.')
		if i < 0 || !isContactID(k[i+1:]) {
			break
		}
		k = k[:i]
	}
	return k
}

// mergeKeyUnder is the first of base.ID, base.ID.ID and base.ID.ID.ID that
// is free or holds v already, or "" when none is.
func mergeKeyUnder(attrs map[string]string, base string, id int64, v string) string {
	key := base
	for range maxMergeSuffixes {
		key += "." + strconv.FormatInt(id, 10)
		if !ValidAttrKey(key) {
			return ""
		}
		if attrs[key] == "" || attrs[key] == v {
			return key
		}
	}
	return ""
}

// attrsHold reports whether v is already kept for key k, under k or one of
// its derived keys.
func attrsHold(attrs map[string]string, k, v string) bool {
	for key, val := range attrs {
		if val == v && (key == k || strings.HasPrefix(key, k+".")) {
			return true
		}
	}
	return false
}

// attributeKeys lists the attribute keys of all contacts, sorted.
func attributeKeys(all []*Contact) []string {
	seen := map[string]bool{}
	var keys []string
	for _, c := range all {
		for k := range c.Attributes {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// mergeKeys lists the attribute keys of all contacts, sorted, a key held
// in several cases once ("Plan" and "plan" are one attribute), spelled as
// the first contact of all that holds it spells it (KEEP first).
func mergeKeys(all []*Contact) []string {
	var keys []string
	seen := map[string]bool{}
	for _, c := range all {
		for _, k := range c.SortedAttributeKeys() {
			if l := strings.ToLower(k); !seen[l] {
				seen[l] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// unionBy appends to dst the values of src whose key is not yet in dst.
func unionBy[T any](dst, src []T, key func(T) string) []T {
	seen := make(map[string]bool, len(dst)+len(src))
	for _, v := range dst {
		seen[key(v)] = true
	}
	out := slices.Clone(dst)
	for _, v := range src {
		if k := key(v); !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// AddressKey is the normalized form by which two postal addresses are the
// same: every part compared without case and surrounding space.
func AddressKey(a Address) string {
	parts := []string{a.Street, a.City, a.State, a.Zip, a.Country}
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.Join(strings.Fields(p), " "))
	}
	return strings.Join(parts, "\x00")
}

// URLKey is the normalized form by which two URLs are the same: no case
// difference, no trailing slash.
func URLKey(u string) string {
	return strings.TrimRight(strings.ToLower(strings.TrimSpace(u)), "/")
}

// URLForm is the form in which two URLs are one web address as the web
// has it (RFC 3986 6.2.2, 6.2.3): the scheme and host in any case, and an
// empty path the same as "/". The path, query and fragment are told apart
// by case (/Docs, /docs), which URLKey, by which an edit, an import and a
// merge find a URL the contact has, folds too.
func URLForm(u string) string {
	u = strings.TrimSpace(u)
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	host, path := rest[:end], strings.TrimPrefix(rest[end:], "/")
	return strings.ToLower(scheme+"://"+host) + "/" + path
}

// Given is what edits gave a contact after some point of its change log:
// each field with each value it was set to or each entry added to it, as
// the log writes them (Change.Field and Change.New).
type Given map[string]bool

// Add records that field was given value.
func (g Given) Add(field, value string) { g[field+"\x00"+value] = true }

func (g Given) has(field, value string) bool { return g[field+"\x00"+value] }

// UnmergeContact computes what KEEP becomes when a merge is undone. before
// is KEEP as it was before the merge, after as the merge left it, now as it
// is, and given what edits gave it since the merge: every value the merge
// changed and nobody changed since goes back to its value before; every
// value that came from the merged contacts leaves; edits made to KEEP
// after the merge stay, also one that gave back a value the merge had
// brought (a tag taken off and put back on, a phone relabelled).
// Visibility is the exception: it stays as it is now, so a KEEP the merge
// made public stays public (public -> private never is: teammates may have
// worked on it since).
func UnmergeContact(before, after, now *Contact, given Given) *Contact {
	out := now.Clone()
	for _, f := range fields {
		if v := f.get(now); v == f.get(after) && !given.has(f.Name, v) {
			f.set(out, f.get(before))
		}
	}
	out.Phones = takeBack(before.Phones, after.Phones, now.Phones, func(p Phone) string { return p.E164 }, givenTo(given, "phone", phoneEntry))
	out.Emails = takeBack(before.Emails, after.Emails, now.Emails, func(e Email) string { return strings.ToLower(e.Address) }, givenTo(given, "email", emailEntry))
	out.Addresses = takeBack(before.Addresses, after.Addresses, now.Addresses, AddressKey, givenTo(given, "address", FormatAddress))
	out.Socials = takeBack(before.Socials, after.Socials, now.Socials, func(s Social) string { return s.Network + "\x00" + strings.ToLower(s.Handle) }, givenTo(given, "social", socialEntry))
	out.URLs = takeBack(before.URLs, after.URLs, now.URLs, func(u URL) string { return URLKey(u.URL) }, givenTo(given, "url", urlEntry))
	out.Tags = takeBack(before.Tags, after.Tags, now.Tags, strings.ToLower, givenTo(given, "tag", tagEntry))
	extra := takeBack(strings.Split(before.VCardExtra, "\n"), strings.Split(after.VCardExtra, "\n"), strings.Split(now.VCardExtra, "\n"),
		func(l string) string { return l }, givenTo(given, "vcard_extra", vcardEntry))
	out.VCardExtra = strings.Join(extra, "\n")
	attrs := make(map[string]string, len(now.Attributes))
	for k, v := range now.Attributes {
		attrs[k] = v
	}
	for _, k := range attributeKeys([]*Contact{before, after}) {
		nv, nok := now.Attributes[k]
		av, aok := after.Attributes[k]
		if nok != aok || nv != av || nok && given.has("attr."+k, nv) {
			continue // changed since the merge: the later edit stays
		}
		if bv, ok := before.Attributes[k]; ok {
			attrs[k] = bv
		} else {
			delete(attrs, k)
		}
	}
	out.Attributes = attrs
	out.Name = out.DisplayName()
	return out
}

// givenTo reports whether a list value was given since, written by entry.
func givenTo[T any](given Given, field string, entry func(T) string) func(T) bool {
	return func(v T) bool { return given.has(field, entry(v)) }
}

// takeBack returns now without the values the merge added (those in after
// but not in before) and nobody gave it since, keeping now's order.
func takeBack[T any](before, after, now []T, key func(T) string, given func(T) bool) []T {
	had := make(map[string]bool, len(before))
	for _, v := range before {
		had[key(v)] = true
	}
	added := make(map[string]bool)
	for _, v := range after {
		if k := key(v); !had[k] {
			added[k] = true
		}
	}
	out := make([]T, 0, len(now))
	for _, v := range now {
		if !added[key(v)] || given(v) {
			out = append(out, v)
		}
	}
	return out
}

// MatchRecord is what duplicate detection needs of a contact, and no more,
// so that a million of them fit in memory: its names, company, cities,
// E.164 phones, lower-case emails and UID.
type MatchRecord struct {
	ID         int64
	UID        string
	Name       string // the display name
	First      string
	Middle     string
	Last       string
	Nickname   string
	Company    string
	Cities     []string
	Phones     []string // E.164
	Emails     []string // lower-case
	Visibility string
}

// MatchRecordOf returns the match record of a (normalized) contact.
func MatchRecordOf(c *Contact) *MatchRecord {
	r := &MatchRecord{ID: c.ID, UID: c.UID, Name: c.Name, First: c.FirstName, Middle: c.MiddleName, Last: c.LastName,
		Nickname: c.Nickname, Company: c.Company, Visibility: c.Visibility}
	for _, a := range c.Addresses {
		if a.City != "" && !slices.Contains(r.Cities, a.City) {
			r.Cities = append(r.Cities, a.City)
		}
	}
	for _, p := range c.Phones {
		r.Phones = append(r.Phones, p.E164)
	}
	for _, e := range c.Emails {
		r.Emails = append(r.Emails, strings.ToLower(e.Address))
	}
	return r
}

// EndsLater reports whether block a ends after b: forever after any time.
func EndsLater(a, b *Block) bool {
	switch {
	case b.Until == nil:
		return false
	case a.Until == nil:
		return true
	}
	return a.Until.After(*b.Until)
}
