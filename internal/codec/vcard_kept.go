package codec

import (
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
	// Apple writes its own labels as _$!<Assistant>!$_.
	v := strings.TrimSpace(unescapeText(string(p.value), "4.0"))
	if s, ok := strings.CutPrefix(v, "_$!<"); ok {
		v, _ = strings.CutSuffix(s, ">!$_")
	}
	return v
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
