package contact

import (
	"strings"
	"unicode"
)

// The textual forms below are shared by the command flags (--phone,
// --social, --attr...), the $EDITOR form and the change log, so that a value
// is written the same way everywhere.

// ParsePhone reads [LABEL=]NUMBER. A number never contains "=", so any word
// before one is taken as the label, and Normalize refuses an unknown label
// instead of storing "pager=+1..." as the number.
func ParsePhone(s string) Phone {
	s = noEmptyLabel(s)
	if l, v, ok := strings.Cut(s, "="); ok && strings.TrimSpace(l) != "" && !strings.ContainsAny(l, "+0123456789") {
		return Phone{Label: strings.ToLower(strings.TrimSpace(l)), Number: strings.TrimSpace(v)}
	}
	l, v := ParseLabeled(s, PhoneLabels)
	return Phone{Label: l, Number: v}
}

// ParseEmail reads [LABEL=]ADDRESS. "=" may be part of an address, but a
// single word before one, followed by an address, is taken as a label, so
// that Normalize refuses a mistyped one (pager=ada@example.com) instead of
// storing it as part of the address; work=a=b@example.com stores a=b@...
func ParseEmail(s string) Email {
	s = noEmptyLabel(s)
	if l, v, ok := strings.Cut(s, "="); ok && isWord(strings.TrimSpace(l)) && strings.Contains(v, "@") {
		return Email{Label: strings.ToLower(strings.TrimSpace(l)), Address: strings.TrimSpace(v)}
	}
	l, v := ParseLabeled(s, EmailLabels)
	return Email{Label: l, Address: v}
}

// noEmptyLabel drops the "=" of an empty label ([LABEL=]VALUE written
// "=VALUE", as a spreadsheet's empty label column joined to its value
// gives), which would otherwise be stored as part of the value.
func noEmptyLabel(s string) string {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "=") {
		return t[1:]
	}
	return s
}

// isWord reports whether s is letters only, and some.
func isWord(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}

// ParseSocial reads NETWORK=HANDLE.
func ParseSocial(s string) (Social, error) {
	n, h, ok := strings.Cut(s, "=")
	if !ok {
		return Social{}, invalidField("social", s, "must be NETWORK=HANDLE (example: linkedin=ada-lovelace)")
	}
	return Social{Network: strings.TrimSpace(n), Handle: strings.TrimSpace(h)}, nil
}

// ParseURL reads [LABEL=]URL; a label is a single word before "=" that is
// not part of the URL: one holding a urlLabelStops character is.
func ParseURL(s string) URL {
	s = noEmptyLabel(s)
	if l, v, ok := strings.Cut(s, "="); ok && !strings.ContainsAny(l, urlLabelStops) && l != "" {
		return URL{Label: strings.TrimSpace(l), URL: strings.TrimSpace(v)}
	}
	return URL{URL: strings.TrimSpace(s)}
}

// urlLabelStops are the characters that ParseURL takes for part of a URL
// before its "=" (example.com/?a=b), so that no label holds one.
const urlLabelStops = ":/?&. "

// urlLabelWord is a URL label as stored: one word that each format reads
// back as the label it is. A run of urlLabelStops characters in it (an
// import's "Home Page", a JSON "x:y"), of "=" (which ends a label before
// the URL) or of "," (which separates a vCard TYPE's labels), becomes "-":
// home-page, x-y.
func urlLabelWord(l string) string {
	if !strings.ContainsAny(l, urlLabelStops+"=,") {
		return l
	}
	return strings.Join(strings.FieldsFunc(l, func(r rune) bool { return strings.ContainsRune(urlLabelStops+"=,", r) }), "-")
}

// ParseAttr reads KEY=VALUE.
func ParseAttr(s string) (key, value string, err error) {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return "", "", invalidField("attribute", s, "must be KEY=VALUE")
	}
	return strings.TrimSpace(k), v, nil
}
