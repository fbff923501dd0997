package codec

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-vcard"

	"github.com/rolo-cli/rolo/internal/contact"
)

// roloProductID is the PRODID of rolo's vCard export, which tells its
// own cards from other programs'.
const roloProductID = "-//rolo//rolo//EN"

// cardDecoder decodes the properties of one card.
type cardDecoder struct {
	d        *VCardDecoder
	version  string
	own      bool // the card is rolo's export (its PRODID)
	c        *contact.Contact
	extra    []string
	labelAt  map[int]string // index in extra of a kept X-ABLabel -> its group
	warnings []string
	err      error // a property that rejects the card
	// nameSplit says the name parts were split from the FN of a card
	// without them (Record.NameSplit).
	nameSplit bool
}

func (d *VCardDecoder) decodeCard(rc *rawCard) *Record {
	rec := &Record{Index: rc.index, Line: rc.start, Text: rc.text()}
	switch {
	case rc.truncated && rc.nestedAt > 0:
		// Likely not a nested card but the next one, after a card without
		// its END:VCARD.
		rec.Err = recordError("card %d (line %d): the input ends before END:VCARD (is it missing before the BEGIN:VCARD at line %d?)",
			rec.Index, rc.start, rc.nestedAt)
		return rec
	case rc.truncated:
		rec.Err = recordError("card %d (line %d): the input ends before END:VCARD (truncated file?)", rec.Index, rc.start)
		return rec
	}
	if strings.ContainsRune(rec.Text, 0) {
		rec.Err = recordError("card %d (line %d): holds a NUL byte: it is not vCard text", rec.Index, rc.start)
		return rec
	}
	props := logicalLines(rc.lines)
	cd := &cardDecoder{d: d, c: &contact.Contact{Attributes: map[string]string{}}, labelAt: map[int]string{}}
	for _, p := range props {
		switch p.key {
		case vcard.FieldVersion:
			if cd.version == "" {
				cd.version = strings.TrimSpace(string(p.value))
			}
		case vcard.FieldProductID:
			cd.own = cd.own || strings.TrimSpace(string(p.value)) == roloProductID
		}
	}
	switch {
	case cd.version == "":
		cd.version = "2.1"
		cd.warnings = append(cd.warnings, "no VERSION: read as vCard 2.1")
	case strings.HasPrefix(cd.version, "4"):
		cd.version = "4.0"
	case strings.HasPrefix(cd.version, "3"):
		cd.version = "3.0"
	default:
		cd.version = "2.1"
	}
	if rc.nestedAt > 0 {
		cd.warnings = append(cd.warnings, "a vCard nested inside this one was read as a separate card")
	}
	cd.mapProps(props)
	if cd.err != nil {
		rec.Err = cd.err
		return rec
	}
	c := cd.c
	c.VCardExtra = strings.Join(cd.extra, "\n")
	if !d.opts.Strict {
		cd.warnings = append(cd.warnings, salvage(c, d.opts)...)
	}
	rec.Contact, rec.Warnings, rec.NameSplit = c, cd.warnings, cd.nameSplit
	return rec
}

// raw returns the value bytes, quoted-printable decoded when the property
// says so.
func (cd *cardDecoder) raw(p *vprop) []byte {
	if p.isQP() {
		return qpDecode(p.value)
	}
	if p.isBase64() && textProp(p) {
		// vCard 2.1 allows BASE64 for any value, and some phones write
		// a name or note so (N;CHARSET=UTF-8;ENCODING=BASE64:TcO8bGxlcg==).
		data := bytes.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, p.value)
		// Text that only looks like base64 beside a stray ENCODING
		// ("Anna") decodes to control bytes or, with no CHARSET, to no
		// UTF-8: it is kept as written.
		if b, err := base64.StdEncoding.DecodeString(string(data)); err == nil && !bytes.ContainsFunc(b, func(r rune) bool {
			return r < ' ' && r != '\n' && r != '\r' && r != '\t' || r == 0x7f
		}) && (p.first("CHARSET") != "" || utf8.Valid(b)) {
			return b
		}
	}
	return p.value
}

// textProp reports whether p is a property of text, rather than binary
// data (PHOTO, KEY...) or an X- property, kept as the data it may be.
func textProp(p *vprop) bool {
	return !binaryProps[p.key] && !strings.HasPrefix(p.key, "X-")
}

// str returns the value as UTF-8, still escaped: CHARSET decides, then
// --encoding, then a guess (UTF-8, else Windows-1251/1252).
func (cd *cardDecoder) str(p *vprop) string {
	b := cd.raw(p)
	var s string
	switch cs := p.first("CHARSET"); {
	case cd.d.transcoded && !p.isQP() && !(p.isBase64() && textProp(p)):
		// A UTF-16 file's text is UTF-8 by now, whatever its CHARSET
		// says; quoted-printable or base64 bytes are still in that
		// CHARSET.
		s = string(b)
	case cs != "" && cd.d.override == nil && utf8Instead(b, cs):
		s = string(b)
		cd.warnings = append(cd.warnings, fmt.Sprintf("%s names CHARSET=%s but is UTF-8: read as UTF-8", p.key, cs))
	case cs != "" && cd.d.override == nil && namesUTF8(cs) && !utf8CutShort(b):
		// Declared UTF-8 and is not (a file saved again in Latin-1 or
		// Windows-1252 keeps its parameters): read as undeclared text
		// rather than each such letter becoming U+FFFD. A value that
		// is UTF-8 up to a letter cut off at its end (a phone's length
		// limit) is still read as UTF-8.
		var guess string
		s, guess = decodeUndeclared(b)
		cd.warnings = append(cd.warnings, fmt.Sprintf("%s names CHARSET=%s but is not UTF-8: read as %s", p.key, cs, guess))
	case cs != "" && decodeOK(b, cs, &s):
	case cd.d.override != nil:
		out, err := cd.d.override.NewDecoder().Bytes(b)
		if err != nil {
			out = b
		}
		s = string(out)
	default:
		var guess string
		if s, guess = decodeUndeclared(b); guess != "" {
			if cs != "" {
				cd.warnings = append(cd.warnings, fmt.Sprintf("%s names CHARSET=%s, which rolo does not know, and is not UTF-8: read as %s", p.key, cs, guess))
			} else {
				cd.warnings = append(cd.warnings, fmt.Sprintf("%s is not UTF-8 and names no CHARSET: read as %s", p.key, guess))
			}
		}
	}
	if strings.Contains(s, "\r") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s
}

func decodeOK(b []byte, charset string, out *string) bool {
	s, ok := decodeCharset(b, charset)
	if ok {
		*out = s
	}
	return ok
}

// text returns the value unescaped.
func (cd *cardDecoder) text(p *vprop) string {
	return strings.TrimSpace(unescapeText(cd.str(p), cd.version))
}

// parts returns the components of a structured value (N, ADR, ORG).
func (cd *cardDecoder) parts(p *vprop, n int) []string {
	ps := cd.rawParts(p, n)
	for i := range ps {
		ps[i] = strings.TrimSpace(unescapeText(ps[i], cd.version))
	}
	return ps
}

// rawParts returns the components of a structured value, still escaped.
func (cd *cardDecoder) rawParts(p *vprop, n int) []string {
	ps := splitUnescaped(cd.str(p), ';')
	for len(ps) < n {
		ps = append(ps, "")
	}
	return ps
}

// extraParts keeps the components of a structured value past the n its
// property has (N:Lee;Ann;;;PhD;Jr. from a ";" left unescaped) as the
// attribute key, and says so: they have no field to go to, and dropped
// they would be lost. Empty ones (N:Doe;John;;;;) are nothing. With
// --strict they reject the card.
func (cd *cardDecoder) extraParts(p *vprop, ps []string, n int, key string) {
	if len(ps) <= n {
		return
	}
	var rest []string
	for _, x := range ps[n:] {
		rest = append(rest, strings.TrimSpace(unescapeText(x, cd.version)))
	}
	for len(rest) > 0 && rest[len(rest)-1] == "" {
		rest = rest[:len(rest)-1]
	}
	if len(rest) == 0 {
		return
	}
	v := strings.Join(rest, ";")
	if cd.d.opts.Strict {
		if cd.err == nil {
			cd.err = recordError("%s has %d components where %d are read: %q", p.key, len(ps), n, v)
		}
		return
	}
	k := addAttr(cd.c, key, v)
	cd.warnings = append(cd.warnings, fmt.Sprintf("%s has %d components where %d are read: %q kept as attribute %s", p.key, len(ps), n, v, k))
}

// list returns the values of a comma-separated list (CATEGORIES,
// NICKNAME). In 2.1 a comma is not a separator.
func (cd *cardDecoder) list(p *vprop) []string {
	s := cd.str(p)
	var out []string
	items := []string{s}
	if cd.version != "2.1" {
		items = splitUnescaped(s, ',')
	}
	for _, it := range items {
		if it = strings.TrimSpace(unescapeText(it, cd.version)); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// keep stores p, which rolo does not model, in VCardExtra.
func (cd *cardDecoder) keep(p *vprop) {
	if binaryProps[p.key] || p.isBase64() && !textProp(p) {
		cd.keepBinary(p)
		return
	}
	v := cd.str(p)
	if strings.TrimSpace(v) == "" {
		return
	}
	v = strings.ReplaceAll(v, "\n", `\n`)
	cd.extra = append(cd.extra, formatExtra(p, v, "ENCODING", "CHARSET"))
}

// binaryProps are the properties whose value is inline binary data or a
// URI to it.
var binaryProps = map[string]bool{"PHOTO": true, "LOGO": true, "SOUND": true, "KEY": true, "X-MS-CARDPICTURE": true}

// keepBinary stores a photo, logo, sound or key as a 4.0-style line: a
// data: URI for inline data, VALUE=uri for a link. The vCard encoder turns
// it back into the form of the version it writes.
func (cd *cardDecoder) keepBinary(p *vprop) {
	v := strings.TrimSpace(cd.str(p))
	if !p.isBase64() || strings.HasPrefix(strings.ToLower(v), "data:") {
		v = unescapeText(v, "4.0")
		if v == "" {
			return
		}
		if strings.HasPrefix(strings.ToLower(v), "data:") {
			// The URI says the media type; a TYPE beside it in 4.0 is
			// not one (KEY;TYPE=PGP, PHOTO;TYPE=work) and is kept.
			drop := []string{"ENCODING", "CHARSET", "TYPE", "VALUE", "MEDIATYPE"}
			if cd.version == "4.0" {
				drop = slices.DeleteFunc(drop, func(k string) bool { return k == "TYPE" })
			}
			cd.extra = append(cd.extra, formatExtra(p, v, drop...))
			return
		}
		if !strings.Contains(v, ":") {
			// Not a link: text, such as the phonetic name Japanese phones
			// write in SOUND;X-IRMC-N.
			cd.extra = append(cd.extra, formatExtra(p, strings.ReplaceAll(cd.str(p), "\n", `\n`), "ENCODING", "CHARSET"))
			return
		}
		link := &vprop{group: p.group, name: p.name, params: []vparam{{key: "VALUE", values: []string{"uri"}}}}
		for _, pr := range p.params {
			if !slices.Contains([]string{"ENCODING", "CHARSET", "TYPE", "VALUE", "MEDIATYPE"}, pr.key) {
				link.params = append(link.params, pr)
			}
		}
		cd.extra = append(cd.extra, formatExtra(link, v))
		return
	}
	data := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	if data == "" {
		return
	}
	// Data with characters outside the base64 alphabet is dropped; data
	// that is only cut short (a truncated export) is kept as it was written.
	if strings.ContainsFunc(data, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '=')
	}) {
		cd.warnings = append(cd.warnings, fmt.Sprintf("%s: not valid base64 data: dropped", p.name))
		return
	}
	if _, err := base64.StdEncoding.DecodeString(data); err != nil {
		cd.warnings = append(cd.warnings, fmt.Sprintf("%s: base64 data is cut short: kept as it is", p.name))
	}
	uri := "data:" + mediaType(p.key, p.first("TYPE"), p.first("MEDIATYPE")) + ";base64," + data
	cd.extra = append(cd.extra, formatExtra(p, uri, "ENCODING", "CHARSET", "TYPE", "VALUE", "MEDIATYPE"))
}

// mediaType turns a 2.1/3.0 TYPE (JPEG, PNG, image/jpeg, X509) into a
// media type.
func mediaType(prop, typ, mt string) string {
	if mt != "" {
		return strings.ToLower(mt)
	}
	t := strings.ToLower(strings.TrimSpace(typ))
	if strings.Contains(t, "/") {
		return t
	}
	switch prop {
	case "SOUND":
		switch t {
		case "wave", "wav", "":
			return "audio/wav"
		case "mp3", "mpeg":
			return "audio/mpeg"
		}
		return "audio/" + t
	case "KEY":
		switch t {
		case "pgp", "gpg":
			return "application/pgp-keys"
		case "x509", "":
			return "application/pkix-cert"
		}
		return "application/" + t
	}
	switch t {
	case "jpg", "jpeg", "":
		return "image/jpeg"
	case "tif":
		return "image/tiff"
	}
	return "image/" + t
}

// formatExtra writes p back as one content line with value v, without the
// parameters named in drop.
func formatExtra(p *vprop, v string, drop ...string) string {
	var b strings.Builder
	if p.group != "" {
		b.WriteString(p.group)
		b.WriteByte('.')
	}
	b.WriteString(p.name)
	for _, pr := range p.params {
		if slices.Contains(drop, pr.key) {
			continue
		}
		vals := pr.values[:0:0]
		for _, pv := range pr.values {
			if pv != "" {
				vals = append(vals, pv)
			}
		}
		if len(vals) == 0 {
			continue
		}
		b.WriteByte(';')
		b.WriteString(pr.key)
		b.WriteByte('=')
		for i, pv := range vals {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteParam(pv))
		}
	}
	b.WriteByte(':')
	b.WriteString(v)
	return b.String()
}

// quoteParam quotes a parameter value that holds a separator, with RFC
// 6868 escapes for quotes and line breaks.
func quoteParam(v string) string {
	if !strings.ContainsAny(v, ";:,\"\n^ ") {
		return v
	}
	return `"` + paramEscaper.Replace(v) + `"`
}

// paramEscaper writes RFC 6868's escapes (quoteParam).
var paramEscaper = strings.NewReplacer("^", "^^", "\n", "^n", `"`, "^'")

// unquoteParam undoes RFC 6868 escapes.
func unquoteParam(v string) string {
	if !strings.Contains(v, "^") {
		return v
	}
	return strings.NewReplacer("^^", "^", "^n", "\n", "^N", "\n", "^'", `"`).Replace(v)
}

var imProps = map[string]string{
	"X-AIM": "aim", "X-ICQ": "icq", "X-JABBER": "jabber", "X-MSN": "msn", "X-YAHOO": "yahoo",
	"X-SKYPE": "skype", "X-SKYPE-USERNAME": "skype", "X-GADUGADU": "gadugadu", "X-GOOGLE-TALK": "googletalk",
	"X-GTALK": "googletalk", "X-TWITTER": "twitter", "X-QQ": "qq", "X-WECHAT": "wechat", "X-WHATSAPP": "whatsapp",
	"X-TELEGRAM": "telegram", "X-LINKEDIN": "linkedin", "X-FACEBOOK": "facebook", "X-MS-IMADDRESS": "im",
}

var anniversaryProps = map[string]bool{"ANNIVERSARY": true, "X-ANNIVERSARY": true, "X-MS-ANNIVERSARY": true, "X-EVOLUTION-ANNIVERSARY": true, "X-KADDRESSBOOK-X-ANNIVERSARY": true}

// modeledInGroup are the properties whose item-group label (X-ABLabel)
// becomes the rolo label.
var modeledInGroup = map[string]bool{"TEL": true, "EMAIL": true, "URL": true, "ADR": true, "IMPP": true, "X-SOCIALPROFILE": true}

func (cd *cardDecoder) mapProps(props []*vprop) {
	c := cd.c
	labels := map[string]string{}
	abadr := map[string]string{} // Apple's country code of a grouped ADR
	modeled := map[string]bool{}
	hasADR := false
	// The card of an organisation or a group (KIND, Apple's
	// X-ADDRESSBOOKSERVER-KIND in 3.0), whose FN is no person's name.
	org := false
	for _, p := range props {
		g := strings.ToLower(p.group)
		switch {
		case p.key == "KIND" || p.key == "X-ADDRESSBOOKSERVER-KIND":
			k := strings.ToLower(strings.TrimSpace(cd.text(p)))
			org = k == "org" || k == "group"
		case p.key == "X-ABLABEL" && g != "":
			labels[g] = cd.text(p)
		case p.key == "X-ABADR" && g != "":
			abadr[g] = cd.text(p)
		case modeledInGroup[p.key] && g != "":
			modeled[g] = true
		}
		hasADR = hasADR || p.key == "ADR"
	}
	// Android's custom label is a parameter of its value (TEL;X-Car phone
	// in 2.1, TYPE=X-...; some phones' X-CUSTOM(CHARSET=...,Label)): read
	// as Apple's label of an item group, so that it is kept as one.
	used := map[string]bool{}
	for _, p := range props {
		used[strings.ToLower(p.group)] = true
	}
	for _, p := range props {
		if p.key != "TEL" && p.key != "EMAIL" && p.key != "ADR" || labels[strings.ToLower(p.group)] != "" {
			continue
		}
		l := cd.customLabel(p)
		if l == "" {
			continue
		}
		if p.group == "" {
			for n := 1; p.group == "" || used[p.group]; n++ {
				p.group = fmt.Sprintf("item%d", n)
			}
			used[p.group] = true
		}
		g := strings.ToLower(p.group)
		labels[g], modeled[g] = l, true
		props = append(props, &vprop{group: p.group, name: "X-ABLabel", key: "X-ABLABEL", value: []byte(escText(l))})
	}
	groupLabel := func(p *vprop) string { return labels[strings.ToLower(p.group)] }
	// A custom label of a phone, email or address ("Car phone", "School")
	// that rolo's labels cannot say is kept, linked to its value, so that
	// a vCard export writes it back on that value (see linkLabel).
	links := map[string]string{}
	var labelProps []*vprop
	link := func(p *vprop, kind, value string, known []string) {
		g := strings.ToLower(p.group)
		if g != "" && labels[g] != "" && !labelKnown(labels[g], known) {
			links[g] = kind + ":" + value
		}
	}
	altSeen := map[string]bool{}
	consumed := map[string]bool{} // groups whose label became a rolo field
	var fn, role string
	var fnProp *vprop
	haveN := false
	for _, p := range props {
		if alt := p.first("ALTID"); alt != "" {
			k := p.key + "\x00" + alt
			if altSeen[k] {
				continue // another representation of a value already read
			}
			altSeen[k] = true
		}
		g := strings.ToLower(p.group)
		switch key := p.key; {
		case key == "BEGIN" || key == "END" || key == "VERSION" || key == "PRODID" || key == "X-ROLO-ERROR":
		case key == "FN":
			if fn == "" {
				fn, fnProp = cd.text(p), p
			}
		case key == "N":
			if haveN {
				cd.keep(p)
				continue
			}
			haveN = true
			n := cd.rawParts(p, 5)
			cd.extraParts(p, n, 5, "name_extra")
			c.LastName, c.FirstName, c.MiddleName = cd.listJoin(n[0], " "), cd.listJoin(n[1], " "), cd.listJoin(n[2], " ")
			c.Prefix, c.Suffix = cd.listJoin(n[3], ", "), cd.listJoin(n[4], ", ")
		case key == "NICKNAME":
			if c.Nickname != "" {
				cd.keep(p)
				continue
			}
			c.Nickname = strings.Join(cd.list(p), ", ")
		case key == "ORG":
			if c.Company != "" || c.Department != "" {
				cd.keep(p)
				continue
			}
			o := cd.parts(p, 1)
			c.Company = o[0]
			var units []string
			for _, u := range o[1:] {
				if u != "" {
					units = append(units, u)
				}
			}
			c.Department = strings.Join(units, ", ")
		case key == "TITLE":
			if c.Title != "" {
				cd.keep(p)
				continue
			}
			c.Title = cd.text(p)
		case key == "ROLE":
			if role == "" {
				role = cd.text(p)
			}
			cd.keep(p)
		case key == "BDAY":
			if c.Birthday != "" {
				cd.keep(p)
				continue
			}
			c.Birthday = cd.date(p)
		case anniversaryProps[key]:
			if c.Anniversary != "" {
				cd.keep(p)
				continue
			}
			c.Anniversary = cd.date(p)
		case key == "X-ABDATE" && c.Anniversary == "" && strings.Contains(strings.ToLower(groupLabel(p)), "anniversary"):
			c.Anniversary = cd.date(p)
			consumed[g] = true
		case key == "TEL":
			num := cd.text(p)
			if strings.EqualFold(p.first("VALUE"), "uri") || strings.HasPrefix(strings.ToLower(num), "tel:") {
				num = contact.FromTelURI(num)
			}
			if num != "" {
				ph := contact.Phone{Label: phoneLabel(append(p.types(), groupLabel(p))...), Number: num}
				// rolo's own export: the number as entered beside its
				// E.164 (or, with an extension, international) form; a
				// value changed since (by another program) wins over it.
				if typed := strings.TrimSpace(p.first(numberParam)); typed != "" {
					if e164 := givenE164(typed, num, cd.d.opts.Region); e164 != "" {
						ph.Number, ph.E164 = typed, e164
					}
				}
				c.Phones = append(c.Phones, ph)
				link(p, "TEL", ph.Number, phoneLabelWords)
			}
		case key == "EMAIL":
			if a := cd.text(p); a != "" {
				c.Emails = append(c.Emails, contact.Email{Label: emailLabel(append(p.types(), groupLabel(p))...), Address: a})
				link(p, "EMAIL", a, emailLabelWords)
			}
		case key == "ADR":
			a := cd.parts(p, 7)
			cd.extraParts(p, cd.rawParts(p, 7), 7, "address_"+addressLabel(append(p.types(), groupLabel(p))...)+"_extra")
			street := joinNonEmpty(", ", a[2], a[1], a[0])
			if a[6] == "" {
				a[6] = abadr[g] // Apple writes the country code beside the address
			}
			if street != "" || a[3] != "" || a[4] != "" || a[5] != "" || a[6] != "" {
				adr := contact.Address{Label: addressLabel(append(p.types(), groupLabel(p))...),
					Street: street, City: a[3], State: a[4], Zip: a[5], Country: a[6]}
				c.Addresses = append(c.Addresses, adr)
				link(p, "ADR", addressLink(adr), addressLabelWords)
			} else if label := p.param("LABEL"); len(label) > 0 {
				// 4.0's form of a label without address parts (3.0's
				// LABEL property, as rolo's 4.0 export writes it): kept as
				// that LABEL.
				kept := &vprop{group: p.group, name: "LABEL", params: slices.DeleteFunc(slices.Clone(p.params),
					func(pr vparam) bool { return pr.key == "LABEL" })}
				if v := escText(strings.Join(label, ",")); strings.TrimSpace(v) != "" {
					cd.extra = append(cd.extra, formatExtra(kept, v, "ENCODING", "CHARSET"))
				}
			}
		case key == "LABEL":
			if !hasADR {
				cd.keep(p)
			}
		case key == "URL":
			if u := cd.text(p); u != "" {
				l := groupLabel(p)
				if l == "" && len(p.types()) > 0 {
					l = p.types()[0]
				}
				c.URLs = append(c.URLs, contact.URL{Label: urlLabel(l), URL: u})
			}
		case key == "X-SOCIALPROFILE":
			if h := cd.text(p); h != "" {
				net := p.first("X-SERVICE-TYPE")
				if net == "" && len(p.types()) > 0 {
					net = p.types()[0]
				}
				if net == "" {
					net = groupLabel(p)
				} else {
					// A social profile has no label in rolo: its item
					// group's label is kept, unless it named the network.
					link(p, "X-SOCIALPROFILE", h, nil)
				}
				c.Socials = append(c.Socials, contact.Social{Network: socialNetwork(net), Handle: h})
			}
		case key == "IMPP":
			v := cd.text(p)
			scheme, handle, ok := strings.Cut(v, ":")
			if !ok {
				scheme, handle = "", v
			}
			net := p.first("X-SERVICE-TYPE")
			if net == "" {
				net = scheme
			}
			if handle != "" {
				c.Socials = append(c.Socials, contact.Social{Network: networkName(net), Handle: handle})
				link(p, "X-SOCIALPROFILE", handle, nil)
			}
		case imProps[key] != "":
			if h := cd.text(p); h != "" {
				c.Socials = append(c.Socials, contact.Social{Network: imProps[key], Handle: h})
			}
		case strings.HasPrefix(key, "X-MESSAGING/"):
			if h := cd.text(p); h != "" {
				net := strings.TrimSuffix(strings.TrimPrefix(key, "X-MESSAGING/"), "-ALL")
				c.Socials = append(c.Socials, contact.Social{Network: networkName(net), Handle: h})
			}
		case key == "CATEGORIES":
			for _, t := range cd.list(p) {
				for _, part := range strings.Split(t, ",") {
					if part = strings.TrimSpace(part); part != "" {
						c.Tags = append(c.Tags, part)
					}
				}
			}
		case key == "NOTE":
			if t := strings.TrimSpace(unescapeText(cd.str(p), cd.version)); t != "" {
				n := contact.Note{Text: t, Author: p.first("X-ROLO-AUTHOR")}
				if at, ok := parseTime(p.first("X-ROLO-CREATED")); ok {
					n.CreatedAt = at
				}
				c.Notes = append(c.Notes, n)
			}
		case key == "UID":
			if c.UID == "" {
				c.UID = cd.text(p)
			}
		case key == "LANG" || key == "X-ROLO-LANGUAGE":
			if c.Language == "" {
				c.Language = cd.text(p)
			} else if key == "LANG" {
				cd.keep(p)
			}
		case key == "TZ":
			// The first time zone name is the contact's; an offset
			// (-05:00) is kept, as a further TZ is. A name rolo does not
			// know (posixrules, a zone of another database) is kept too,
			// and said: the contact has no time zone from it. The other
			// forms vCard has for a TZ (a URI, 3.0's text of several
			// components, Z) are kept without a word, as offsets are. rolo's own
			// card says nothing new: it wrote back a line it kept so,
			// which its import said.
			text := cd.text(p)
			tz, ok := contact.CanonicalTimezone(text)
			if c.Timezone == "" && ok {
				c.Timezone = tz
				continue
			}
			if !ok && zoneName(text) && !strings.EqualFold(p.first("VALUE"), "uri") && !cd.own {
				cd.warnings = append(cd.warnings, fmt.Sprintf("TZ %s is not an IANA time zone: kept in the card as written, not the contact's timezone", contact.Quote(text)))
			}
			cd.keep(p)
		case key == "REV":
			cd.rev(p)
		case strings.HasPrefix(key, "X-ROLO-"):
			cd.roloProp(p)
		case key == "X-ABLABEL" && modeled[g]:
			// The label became the rolo label of the grouped property; one
			// rolo's labels cannot say is kept below.
			labelProps = append(labelProps, p)
		case key == "X-ABADR" && modeled[g]:
			// the country of the grouped ADR
		case key == "X-ABLABEL" && g != "":
			n := len(cd.extra)
			cd.keep(p)
			if len(cd.extra) > n {
				cd.labelAt[n] = g
			}
		default:
			cd.keep(p)
		}
	}
	for _, p := range labelProps {
		if l, ok := links[strings.ToLower(p.group)]; ok {
			kept := *p
			kept.params = append(slices.Clip(p.params), vparam{key: linkParam, values: []string{l}})
			cd.keep(&kept)
		}
	}
	if len(consumed) > 0 {
		kept := cd.extra[:0]
		for i, l := range cd.extra {
			if g, ok := cd.labelAt[i]; !ok || !consumed[g] {
				kept = append(kept, l)
			}
		}
		cd.extra = kept
	}
	noParts := c.FirstName == "" && c.LastName == "" && c.MiddleName == ""
	if org && noParts && c.Company == "" {
		// RFC 6350: the FN of an organisation's card is its name.
		c.Company = fn
	}
	// An FN that says more than the name parts ("Joe Due" for N:Gump;Forrest,
	// a family name first), or than the ORG of an organisation's card, is
	// kept, linked to the N it came with: the vCard export writes it back
	// as long as the name parts are the same.
	if built := c.PartsName(); fn != "" && (built != "" &&
		strings.Join(strings.Fields(fn), " ") != strings.Join(strings.Fields(built), " ") ||
		built == "" && org && !cd.fnIsNoName(fn)) {
		kept := *fnProp
		kept.params = append(slices.Clip(fnProp.params), vparam{key: linkParam, values: []string{"N:" + nameLink(c)}})
		// The FN, which the export writes into a 3.0 or 4.0 card, is kept
		// escaped as those versions escape text, whatever the card's own
		// escaping was (2.1 escapes only ";", some 3.0 exporters no ","),
		// so that other programs read it there as it was.
		cd.extra = append(cd.extra, formatExtra(&kept, escText(unescapeText(cd.str(fnProp), cd.version)), "ENCODING", "CHARSET"))
	}
	if noParts && !org && fn != "" && !cd.fnIsNoName(fn) {
		// The N's prefix or suffix is often written in the FN too
		// (N:;;;Dr.; beside FN:Dr. Who): the rest of the FN is the name.
		if rest := withoutAffixes(fn, c.Prefix, c.Suffix); rest != "" {
			c.FirstName, c.LastName = splitName(rest)
			cd.nameSplit = true
		}
	}
}

// withoutAffixes returns fn without prefix at its start and suffix at its
// end (whole words, in any case; a comma before the suffix goes with it).
func withoutAffixes(fn, prefix, suffix string) string {
	words := strings.Fields(fn)
	if p := strings.Fields(prefix); len(p) > 0 && len(p) <= len(words) &&
		strings.EqualFold(strings.Join(words[:len(p)], " "), strings.Join(p, " ")) {
		words = words[len(p):]
	}
	if s := strings.Fields(suffix); len(s) > 0 && len(s) <= len(words) &&
		strings.EqualFold(strings.Join(words[len(words)-len(s):], " "), strings.Join(s, " ")) {
		words = words[:len(words)-len(s)]
		if n := len(words); n > 0 {
			words[n-1] = strings.TrimSuffix(words[n-1], ",")
		}
	}
	return strings.Join(words, " ")
}

// fnIsNoName reports whether a card without name parts has as its FN one
// of its other values: its nickname, company, an email or a phone number
// (the same number in any formatting). rolo's own export writes such an
// FN for a contact with no name (contact.DisplayName), and so do phones
// for a number saved without a name; it is not a name to split into first
// and last ("+1 415 555 0142" is not Mr "0142").
func (cd *cardDecoder) fnIsNoName(fn string) bool {
	return isOtherValue(cd.c, fn, cd.d.opts.Region)
}

// isOtherValue reports whether a name written for c (a vCard FN, a CSV display
// name) is one of c's other values: its nickname, company, an email or a
// phone number in any formatting (read in region).
func isOtherValue(c *contact.Contact, fn, region string) bool {
	fn = strings.Join(strings.Fields(fn), " ")
	same := func(v string) bool { return strings.EqualFold(fn, strings.Join(strings.Fields(v), " ")) }
	if same(c.Nickname) || same(c.Company) {
		return true
	}
	for _, e := range c.Emails {
		if same(e.Address) {
			return true
		}
	}
	// A number that does not read in region is kept as an attribute, and
	// the contact may have nothing else: its FN is split as before.
	for _, p := range c.Phones {
		e164 := p.E164
		if e164 == "" {
			e164, _ = contact.NormalizePhone(p.Number, region)
		}
		if e164 != "" && contact.ReadsAs(fn, e164, region) {
			return true
		}
	}
	return false
}

// customLabel returns the label an Android phone writes as a parameter of
// a phone, email or address its user labelled: "X-" and the label as a
// type (AOSP's TEL;X-Boat, TYPE=X-Boat in 3.0), or X-CUSTOM(CHARSET=UTF-8,
// ENCODING=QUOTED-PRINTABLE,LABEL). Evolution's own X-EVOLUTION- types
// (X-EVOLUTION-CALLBACK) name the kind after the prefix.
func (cd *cardDecoder) customLabel(p *vprop) string {
	for _, pr := range p.params {
		if strings.HasPrefix(pr.key, "X-CUSTOM(") {
			raw := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(pr.key, "X-CUSTOM(")+"="+strings.Join(pr.values, ",")), ")")
			parts := strings.Split(raw, ",")
			label := &vprop{key: "X-ABLABEL", value: []byte(parts[len(parts)-1])}
			for _, a := range parts[:len(parts)-1] {
				if k, v, ok := strings.Cut(a, "="); ok {
					label.params = append(label.params, vparam{key: strings.ToUpper(strings.TrimSpace(k)), values: []string{strings.TrimSpace(v)}})
				}
			}
			return strings.TrimSpace(cd.str(label))
		}
	}
	for _, t := range p.param("TYPE") {
		t = strings.TrimSpace(t)
		if len(t) > 2 && strings.EqualFold(t[:2], "X-") {
			t = t[2:]
			if len(t) > len("EVOLUTION-") && strings.EqualFold(t[:len("EVOLUTION-")], "EVOLUTION-") {
				t = t[len("EVOLUTION-"):]
			}
			return t
		}
	}
	return ""
}

// linkParam is the parameter of a kept X-ABLabel that names the value it
// labels: TEL:NUMBER, EMAIL:ADDRESS, ADR:STREET|CITY|ZIP or
// X-SOCIALPROFILE:HANDLE (the vCard
// encoder writes the label back in a group with that value), and of a
// kept FN the name parts it goes with: N:LAST|FIRST|MIDDLE|PREFIX|SUFFIX.
const linkParam = "X-ROLO-FOR"

// numberParam is the TEL parameter of rolo's vCard export that holds a
// number as entered without +, the value being its international form.
const numberParam = "X-ROLO-NUMBER"

// The label words rolo's labels say as well; any other X-ABLabel of a
// phone, email or address is kept.
var (
	phoneLabelWords   = []string{"mobile", "cell", "work", "home", "fax", "workfax", "homefax", "other", "voice", "pref"}
	emailLabelWords   = []string{"work", "home", "other", "internet", "pref"}
	addressLabelWords = []string{"work", "home", "other"}
)

// labelKnown reports whether an X-ABLabel (Apple's "_$!<HomeFAX>!$_" or a
// word) is one of words.
func labelKnown(label string, words []string) bool {
	l := strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(label), ">!$_"), "_$!<")
	return slices.Contains(words, strings.ToLower(strings.ReplaceAll(l, " ", "")))
}

// nameLink is how a kept FN names the name parts it goes with.
func nameLink(c *contact.Contact) string {
	return strings.Join([]string{c.LastName, c.FirstName, c.MiddleName, c.Prefix, c.Suffix}, "|")
}

// addressLink is how a kept label names its address.
func addressLink(a contact.Address) string {
	return a.Street + "|" + a.City + "|" + a.Zip
}

// date reads a BDAY-like value; a value that is not a date is kept as it
// is (salvage moves it to an attribute).
func (cd *cardDecoder) date(p *vprop) string {
	v := cd.text(p)
	if d, ok := normDate(v, cd.d.opts.today()); ok {
		if strings.EqualFold(p.first("X-APPLE-OMIT-YEAR"), v[:min(4, len(v))]) && len(d) == 10 {
			return "--" + d[5:]
		}
		return d
	}
	return v
}

// listJoin turns a still-escaped vCard list component ("ing. jr,M.Sc.")
// into text; an escaped comma ("Richter\, James") stays a comma.
func (cd *cardDecoder) listJoin(v, sep string) string {
	var out []string
	for _, p := range splitUnescaped(v, ',') {
		if p = strings.TrimSpace(unescapeText(p, cd.version)); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func joinNonEmpty(sep string, vs ...string) string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, sep)
}

// parseTime reads RFC 3339 and the vCard basic timestamp form. An offset
// past 23:59, which Go's parser takes (up to +24:59) and RFC 3339 does
// not, makes no time, as for block --until (contact.OffsetPast2359): each
// caller treats it as any other text that is no time.
func parseTime(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{time.RFC3339Nano, "20060102T150405Z", "20060102T150405Z0700", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			if contact.OffsetPast2359(v) {
				break
			}
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// rev reads REV, when the card was last changed, as the contact's
// updated_at. In another program's card it is that program's
// bookkeeping, not the contact: one the import would refuse (more than
// contact.ClockSkew ahead of the import's clock, or before 1900) is
// dropped with a warning rather than rejecting the contact, as a REV that
// does not parse is ignored. rolo's own card keeps its REV, which the
// import checks as it checks the updated_at of rolo's JSON.
func (cd *cardDecoder) rev(p *vprop) {
	v := cd.text(p)
	t, ok := parseTime(v)
	if !ok {
		return
	}
	if !cd.own {
		switch {
		case t.After(cd.d.opts.today().Add(contact.ClockSkew)):
			cd.warnings = append(cd.warnings, fmt.Sprintf("REV %q is more than a day in the future: dropped", v))
			return
		case t.Year() < contact.FirstInteractionYear:
			cd.warnings = append(cd.warnings, fmt.Sprintf("REV %q is before %d: dropped", v, contact.FirstInteractionYear))
			return
		}
	}
	cd.c.UpdatedAt = t
}

// roloProp reads the X-ROLO-* properties rolo's own vCard export writes
// for the fields vCard has no property for.
func (cd *cardDecoder) roloProp(p *vprop) {
	c := cd.c
	v := cd.text(p)
	switch p.key {
	case "X-ROLO-ID":
		c.ID, _ = strconv.ParseInt(v, 10, 64)
	case "X-ROLO-TYPE":
		c.Type = v
	case "X-ROLO-LEVEL":
		c.Level = v
	case "X-ROLO-TIMEZONE":
		c.Timezone = v
	case "X-ROLO-ATTR":
		if k := p.first("KEY"); k != "" {
			c.Attributes[k] = v
		}
	case "X-ROLO-VISIBILITY":
		c.Visibility = v
	case "X-ROLO-OWNER":
		c.Owner = v
	case "X-ROLO-SHARED-WITH":
		c.SharedWith = append(c.SharedWith, cd.list(p)...)
	case "X-ROLO-FAVORITE":
		c.Favorite = yesNo(p.key, v, &cd.warnings)
	case "X-ROLO-BLOCKED":
		b, err := contact.ReadBlock(p.key, v, p.key+";REASON", p.first("REASON"))
		if err != nil {
			if cd.err == nil {
				cd.err = err
			}
			return
		}
		if b == nil {
			return
		}
		b.By = p.first("BY")
		if t, ok := parseTime(p.first("CREATED")); ok {
			b.CreatedAt = t
		}
		c.Blocked = b
	case "X-ROLO-ARCHIVED":
		c.Archived = true
		if t, ok := parseTime(v); ok {
			c.ArchivedAt = &t
		}
	case "X-ROLO-DELETED":
		c.Deleted = true
		if t, ok := parseTime(v); ok {
			c.DeletedAt = &t
		}
	case "X-ROLO-CREATED":
		if t, ok := parseTime(v); ok {
			c.CreatedAt = t
		}
	case "X-ROLO-LAST-ACTIVITY":
		if t, ok := parseTime(v); ok {
			c.LastActivityAt = &t
		}
	case "X-ROLO-LAST-CHANNEL":
		c.LastChannel = v
	case "X-ROLO-INTERACTION":
		cd.interaction(p, v)
	default:
		// rolo's own namespace is never kept (contact.VCardOwnProperty):
		// a property of another rolo version is said and dropped.
		cd.warnings = append(cd.warnings, p.name+": not a property this version of rolo reads: dropped")
	}
}

// interaction reads an X-ROLO-INTERACTION property: the summary is the
// value, the rest parameters. A time or duration that does not parse
// rejects the card, naming the interaction and key as a JSON import does
// (interactions[0].at); the channel and direction are checked on import.
func (cd *cardDecoder) interaction(p *vprop, summary string) {
	i := len(cd.c.Interactions)
	it := contact.Interaction{Channel: p.first("CHANNEL"), Direction: p.first("DIRECTION"),
		User: p.first("USER"), Summary: summary}
	bad := func(key, v, want string) {
		if cd.err == nil {
			cd.err = recordError("interactions[%d].%s: %q is not %s", i, key, v, want)
		}
	}
	for _, t := range []struct {
		param, key string
		to         *time.Time
	}{{"AT", "at", &it.At}, {"CREATED", "created_at", &it.CreatedAt}} {
		if v := p.first(t.param); v != "" {
			if tm, ok := parseTime(v); ok {
				*t.to = tm
			} else {
				bad(t.key, v, "an RFC 3339 time (such as 2026-06-15T12:00:00Z)")
			}
		}
	}
	if v := strings.TrimSpace(p.first("DURATION")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			bad("duration_seconds", v, "a number of seconds")
		}
		it.DurationSeconds = n
	}
	cd.c.Interactions = append(cd.c.Interactions, it)
}

// yesNo reads a yes or no of field, as rolo writes one (true, false) or
// another word for it (contact.BoolWord); other text is no, and warn
// says it was ignored.
func yesNo(field, v string, warn *[]string) bool {
	b, ok := contact.BoolWord(v)
	if !ok && strings.TrimSpace(v) != "" {
		*warn = append(*warn, fmt.Sprintf("%s: %q is not a yes or no: ignored", field, v))
	}
	return b
}

// zoneName reports whether a TZ's text reads as the name of a time zone
// (posixrules, Mars/Olympus): one word of letters, digits and _+-/ that
// begins with a letter, and not Z (UTC).
func zoneName(text string) bool {
	text = strings.TrimSpace(text)
	if text == "" || strings.EqualFold(text, "Z") || !unicode.IsLetter(rune(text[0])) {
		return false
	}
	return !strings.ContainsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_+-/", r)
	})
}
