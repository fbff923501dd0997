package contact

import (
	"slices"
	"strings"
)

// Diff lists what changed between two versions of a contact, one Change per
// scalar field and one per multi-valued entry added or removed (a kept
// vCard property counts as an entry of vcard_extra), for the change log. The Action, User and time are left for the caller.
func Diff(old, new *Contact) []Change {
	var out []Change
	for _, f := range fields {
		if o, n := f.get(old), f.get(new); o != n {
			out = append(out, Change{Field: f.Name, Old: o, New: n})
		}
	}
	out = diffList(out, "phone", old.Phones, new.Phones, phoneEntry)
	out = diffList(out, "email", old.Emails, new.Emails, emailEntry)
	out = diffList(out, "address", old.Addresses, new.Addresses, FormatAddress)
	out = diffList(out, "social", old.Socials, new.Socials, socialEntry)
	out = diffList(out, "url", old.URLs, new.URLs, urlEntry)
	out = diffList(out, "tag", old.Tags, new.Tags, tagEntry)
	keys := map[string]bool{}
	for k := range old.Attributes {
		keys[k] = true
	}
	for k := range new.Attributes {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		o, n := old.Attributes[k], new.Attributes[k]
		// An attribute an older rolo stored empty, removed (edit --attr
		// k=, --rm-attr k), is a change too, logged as removed "".
		_, had := old.Attributes[k]
		_, has := new.Attributes[k]
		if o != n || (had && !has) {
			out = append(out, Change{Field: "attr." + k, Old: o, New: n})
		}
	}
	out = diffList(out, "vcard_extra", vcardLines(old.VCardExtra), vcardLines(new.VCardExtra), vcardEntry)
	if old.Visibility != new.Visibility {
		out = append(out, Change{Field: "visibility", Old: old.Visibility, New: new.Visibility})
	}
	return out
}

// vcardLines are the lines of a VCardExtra, the vCard properties rolo
// keeps without modelling them, one entry each as the change log writes
// them (field "vcard_extra", the JSON key that holds them).
func vcardLines(extra string) []string {
	var out []string
	for _, l := range strings.Split(extra, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// How the change log writes a value of each list: "work=+1 415 555 0123".
func phoneEntry(p Phone) string   { return p.Label + "=" + p.Number }
func emailEntry(e Email) string   { return e.Label + "=" + e.Address }
func socialEntry(s Social) string { return s.Network + "=" + s.Handle }
func urlEntry(u URL) string       { return u.Label + "=" + u.URL }
func tagEntry(t string) string    { return t }
func vcardEntry(l string) string  { return l }

// diffList reports entries removed (Old set) and added (New set), by their
// rendering, in the order they appear. The entries are looked up in sets:
// a contact's vCard properties are not bounded in number as its phones or
// tags are, and comparing each with each took minutes for a card of
// 100,000 properties on every edit, tag, merge or import update.
func diffList[T any](out []Change, field string, old, new []T, render func(T) string) []Change {
	o := make([]string, len(old))
	inOld := make(map[string]bool, len(old))
	for i, v := range old {
		o[i] = render(v)
		inOld[o[i]] = true
	}
	n := make([]string, len(new))
	inNew := make(map[string]bool, len(new))
	for i, v := range new {
		n[i] = render(v)
		inNew[n[i]] = true
	}
	for _, s := range o {
		if !inNew[s] {
			out = append(out, Change{Field: field, Old: s})
		}
	}
	for _, s := range n {
		if !inOld[s] {
			out = append(out, Change{Field: field, New: s})
		}
	}
	return out
}

// FormatAddress renders an address the way `--address` takes it:
// LABEL=street;city;state;zip;country, a ";" or a backslash inside a
// part escaped as \; or \\ (as rolo's CSV writes addresses), so that
// ParseAddress reads back any stored address (an imported street may hold
// a ";").
func FormatAddress(a Address) string {
	return a.Label + "=" + AddressParts(a)
}

// AddressParts writes a's parts as street;city;state;zip;country, a ";"
// inside a part as \; and a backslash as \\, as ParseAddress and rolo's CSV
// read them.
func AddressParts(a Address) string {
	parts := []string{a.Street, a.City, a.State, a.Zip, a.Country}
	for i, p := range parts {
		parts[i] = addressEscaper.Replace(p)
	}
	return strings.Join(parts, ";")
}

var addressEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`)

// SplitAddressParts splits street;city;state;zip;country (as AddressParts
// writes it) at each ";" that is not escaped, undoing the escapes: \; is a
// ";" inside a part and \\ a backslash; any other backslash is itself.
func SplitAddressParts(s string) []string {
	var parts []string
	var part strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && (s[i+1] == ';' || s[i+1] == '\\'):
			i++
			part.WriteByte(s[i])
		case s[i] == ';':
			parts = append(parts, part.String())
			part.Reset()
		default:
			part.WriteByte(s[i])
		}
	}
	return append(parts, part.String())
}

// ParseAddress reads LABEL=street;city;state;zip;country (the label and
// trailing parts are optional), where \; is a ";" inside a part and \\ a
// backslash; any other backslash is itself.
func ParseAddress(s string) (Address, error) {
	var a Address
	label, rest, ok := strings.Cut(s, "=")
	if ok && !strings.Contains(label, ";") {
		a.Label = label
	} else {
		rest = s
	}
	parts := SplitAddressParts(rest)
	if len(parts) > 5 {
		return a, invalidField("address", s, "has more than 5 parts (street;city;state;zip;country)")
	}
	for len(parts) < 5 {
		parts = append(parts, "")
	}
	a.Street, a.City, a.State, a.Zip, a.Country = parts[0], parts[1], parts[2], parts[3], parts[4]
	return a, nil
}

// ParseLabeled splits "[LABEL=]VALUE" as --phone and --email take it. A
// label is only recognised when it is one of labels, so that a value
// containing "=" is not cut in two.
func ParseLabeled(s string, labels []string) (label, value string) {
	s = noEmptyLabel(s)
	if l, v, ok := strings.Cut(s, "="); ok && slices.Contains(labels, strings.ToLower(strings.TrimSpace(l))) {
		return strings.ToLower(strings.TrimSpace(l)), strings.TrimSpace(v)
	}
	return "", strings.TrimSpace(s)
}
