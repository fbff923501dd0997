package contact

import (
	"maps"
	"slices"
	"strings"

	"github.com/rolo-cli/rolo/internal/lazyre"
)

// GoogleForm is v as rolo's Google export writes it: Google's CSV
// separates the values of a cell with " ::: " and cannot escape it, and
// its import splits on ":::" with or without spaces, so a run of three or
// more colons is written as one (" ::: " as " : ", "a:::b" as "a:b").
func GoogleForm(v string) string {
	if !strings.Contains(v, ":::") {
		return v
	}
	return googleSeparator().ReplaceAllString(v, ":")
}

var googleSeparator = lazyre.New(`:{3,}`)

// OutlookCategory is a tag as rolo's Outlook export writes it, in its
// Categories: ";" separates them, and cannot be escaped, so a run of ";"
// and the spaces around it is one space ("x;y" as "x y"); a tag of
// nothing else is "".
func OutlookCategory(t string) string {
	if !strings.Contains(t, ";") {
		return t
	}
	return strings.TrimSpace(categorySeparator().ReplaceAllString(t, " "))
}

var categorySeparator = lazyre.New(`\s*;[\s;]*`)

// writtenBack returns rec, a record read from a file of format, with each
// value that is one of old's as that format had to write it (GoogleForm,
// OutlookCategory; fromWritten) replaced by old's: read back from the
// contact's own export, such a value says nothing the contact does not
// hold. rec is copied before anything is replaced.
func writtenBack(old, rec *Contact, format string) *Contact {
	switch format {
	case "google":
		return fromGoogle(old, rec)
	case "outlook":
		out := *rec
		out.Tags = fromWritten(old.Tags, rec.Tags, OutlookCategory, TagKey)
		return &out
	}
	return rec
}

// fromGoogle is writtenBack of a Google file, which writes every value
// but a note in GoogleForm.
func fromGoogle(old, rec *Contact) *Contact {
	out := *rec
	for _, f := range fields {
		if have := f.get(old); f.get(rec) != have && f.get(rec) == GoogleForm(have) {
			f.set(&out, have)
		}
	}
	out.Tags = fromWritten(old.Tags, rec.Tags, GoogleForm, TagKey)
	out.Emails = fromWritten(old.Emails, rec.Emails, func(e Email) Email { e.Address = GoogleForm(e.Address); return e },
		func(e Email) string { return strings.ToLower(e.Address) })
	out.URLs = fromWritten(old.URLs, rec.URLs, func(u URL) URL { u.URL = GoogleForm(u.URL); return u },
		func(u URL) string { return URLKey(u.URL) })
	out.Socials = fromWritten(old.Socials, rec.Socials, func(s Social) Social { s.Handle = GoogleForm(s.Handle); return s },
		func(s Social) string { return s.Network + "\x00" + strings.ToLower(s.Handle) })
	out.Addresses = fromWritten(old.Addresses, rec.Addresses, func(a Address) Address {
		a.Street, a.City, a.State, a.Zip = GoogleForm(a.Street), GoogleForm(a.City), GoogleForm(a.State), GoogleForm(a.Zip)
		return a
	}, AddressKey)
	cloned := false
	for k, v := range rec.Attributes {
		have, ok := old.Attributes[old.AttrKey(k)]
		if !ok || v == have || v != GoogleForm(have) {
			continue
		}
		if !cloned {
			out.Attributes, cloned = maps.Clone(rec.Attributes), true
		}
		out.Attributes[k] = have
	}
	return &out
}

// fromWritten returns got with each value that is one of have's as
// written (form), and not that value itself, replaced by that value of
// have; got itself when there is none.
func fromWritten[T any](have, got []T, form func(T) T, key func(T) string) []T {
	written := map[string]T{}
	for _, h := range have {
		if w := key(form(h)); w != key(h) {
			written[w] = h
		}
	}
	if len(written) == 0 {
		return got
	}
	var out []T
	for i, g := range got {
		if h, ok := written[key(g)]; ok {
			if out == nil {
				out = slices.Clone(got)
			}
			out[i] = h
		}
	}
	if out == nil {
		return got
	}
	return out
}
