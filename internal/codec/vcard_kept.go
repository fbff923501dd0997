package codec

import (
	"slices"
	"strconv"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

// KeptVCard is what a contact keeps of the vCard it was imported from
// (its VCardExtra), read for a person: the custom labels of its phones,
// emails and addresses ("Car phone"), and the other properties.
type KeptVCard struct {
	labels linkedLabelList
	// Props are the kept properties other than the labels, in order.
	Props []KeptProperty
}

// KeptProperty is a kept property as show lists it: its name and a
// one-line form of its value; inline data (a photo) is only its size.
type KeptProperty struct {
	Name, Value string
}

// ReadKeptVCard reads a contact's VCardExtra.
func ReadKeptVCard(vcardExtra string) *KeptVCard {
	k := &KeptVCard{}
	if vcardExtra == "" {
		return k
	}
	rest, labels := linkedLabels(vcardExtra)
	for _, l := range labels {
		if l.kind == "N" {
			// The card's own FN, written back for its name parts.
			rest = append(rest, l.line)
			continue
		}
		k.labels = append(k.labels, l)
	}
	for _, l := range rest {
		if p := parseProp([]byte(l)); p != nil {
			k.Props = append(k.Props, KeptProperty{Name: p.name, Value: keptValue(p)})
		}
	}
	return k
}

// PhoneLabel is the custom label kept for a phone number, given by its
// E.164 form (as the vCard encoder links them, see sameLinkedValue), or
// "". Each label is given once, to the first value it names, as a vCard
// export writes it.
func (k *KeptVCard) PhoneLabel(e164 string) string { return k.label("TEL", e164) }

// EmailLabel is PhoneLabel for an email address.
func (k *KeptVCard) EmailLabel(address string) string { return k.label("EMAIL", address) }

// AddressLabel is PhoneLabel for an address.
func (k *KeptVCard) AddressLabel(a contact.Address) string { return k.label("ADR", addressLink(a)) }

func (k *KeptVCard) label(kind, value string) string {
	_, line := k.labels.take(kind, value)
	p := parseProp([]byte(line))
	if p == nil {
		return ""
	}
	return labelWords(p)
}

// labelWords is the text of a kept label line p, Apple's own labels
// (_$!<Assistant>!$_) as their word.
func labelWords(p *vprop) string {
	v := strings.TrimSpace(unescapeText(string(p.value), "4.0"))
	if s, ok := strings.CutPrefix(v, "_$!<"); ok {
		v, _ = strings.CutSuffix(s, ">!$_")
	}
	return v
}

// KeptLabelsAsStored returns got, the VCardExtra of a Google record (the
// labels rolo's labels cannot say, each linked to its value: see
// keepLabel), with each label that have, the VCardExtra of the contact it
// duplicates, gives the same value in the same words replaced by have's
// line (its group, Apple's _$!<School>!$_ form): a contact's own Google
// export, whose Other slots write those labels, brings nothing new to it.
func KeptLabelsAsStored(have, got string) string {
	if have == "" || got == "" || have == got {
		return got
	}
	type label struct{ kind, value, words string }
	read := func(l string) (label, bool) {
		p := parseProp([]byte(l))
		if p == nil || p.key != "X-ABLABEL" || p.group == "" || p.first(linkParam) == "" {
			return label{}, false
		}
		kind, value, _ := strings.Cut(p.first(linkParam), ":")
		return label{kind, value, labelWords(p)}, true
	}
	lines := strings.Split(have, "\n")
	used := make([]bool, len(lines))
	out := strings.Split(got, "\n")
	changed := false
	for i, g := range out {
		gl, ok := read(g)
		if !ok {
			continue
		}
		stored := gl.value // the value as the contact stores it, a phone's E.164 form
		if gl.kind == "TEL" {
			stored, _ = contact.NormalizePhone(gl.value, "US")
		}
		for j, h := range lines {
			if hl, ok := read(h); ok && !used[j] && hl.kind == gl.kind && hl.words == gl.words && sameLinkedValue(hl.kind, hl.value, stored) {
				out[i], used[j], changed = h, true, changed || h != g
				break
			}
		}
	}
	if !changed {
		return got
	}
	return strings.Join(out, "\n")
}

// keptValue is a kept value on one line: inline data (a data: URI, or
// 3.0's ENCODING=b) as its size, text unescaped.
func keptValue(p *vprop) string {
	v := string(p.value)
	_, data, b64 := inlineData(p)
	if b64 || strings.HasPrefix(strings.ToLower(v), "data:") {
		size := len(v)
		if b64 {
			size = len(data)*3/4 - (len(data) - len(strings.TrimRight(data, "="))) // less the padding
		}
		if size < 1024 {
			return "(" + strconv.Itoa(size) + " bytes)"
		}
		return "(" + strconv.Itoa((size+1023)/1024) + " KB)"
	}
	return strings.Join(strings.Fields(unescapeText(v, "4.0")), " ")
}

// KeptAsStored returns got, the VCardExtra of a vCard record, with each
// line that is one of have's (a contact's VCardExtra) as a vCard export
// writes it and an import reads it back (a TZ offset, GEO, LABEL, AGENT or
// photo in the other version's form) replaced by that line of have: an
// import of a contact's own vCard export, of either version, brings
// nothing new to it, as one of the version it was imported from does.
func KeptAsStored(have, got string) string {
	if have == "" || got == "" || have == got {
		return got
	}
	lines := strings.Split(have, "\n")
	own := make(map[string]string, 2*len(lines))
	for _, h := range lines {
		if h == "" {
			continue
		}
		for _, version := range []string{"3.0", "4.0"} {
			if back, ok := keptRoundTrip(h, version); ok && back != h {
				if _, taken := own[back]; !taken {
					own[back] = h
				}
			}
		}
	}
	if len(own) == 0 {
		return got
	}
	out := strings.Split(got, "\n")
	changed := false
	for i, g := range out {
		if h, ok := own[g]; ok && !slices.Contains(lines, g) {
			out[i], changed = h, true
		}
	}
	if !changed {
		return got
	}
	return strings.Join(out, "\n")
}

// keptRoundTrip is the kept line l of a contact as an import stores it
// back from the contact's vCard export of version: ok is false when it
// does not come back as one line.
func keptRoundTrip(l, version string) (string, bool) {
	var b strings.Builder
	enc, err := NewVCardEncoder(&b, version)
	if err != nil {
		return "", false
	}
	if err := enc.Write(&contact.Contact{FirstName: "x", VCardExtra: l}); err != nil || enc.Close() != nil {
		return "", false
	}
	dec, err := NewVCardDecoder(strings.NewReader(b.String()), Options{})
	if err != nil {
		return "", false
	}
	rec, err := dec.Next()
	if err != nil || rec == nil || rec.Err != nil || rec.Contact == nil {
		return "", false
	}
	back := rec.Contact.VCardExtra
	if back == "" || strings.Contains(back, "\n") {
		return "", false
	}
	return back, true
}
