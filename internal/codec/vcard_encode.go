package codec

import (
	"bufio"
	"encoding/base64"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-vcard"

	"github.com/rolo-cli/rolo/internal/contact"
)

// VCardEncoder writes vCard 3.0 (RFC 2426) or 4.0 (RFC 6350): CRLF line
// endings, lines folded at 75 octets, one card per contact. Fields vCard
// has no property for (type, level, attributes, visibility...) are written
// as X-ROLO-* properties, which the decoder reads back; the properties kept
// in VCardExtra are written back after them.
type VCardEncoder struct {
	w       *bufio.Writer
	version string
	v4      bool
	wrote   map[string]bool // the VCardSecondValue properties written for this card (secondValueSlot)
}

// NewVCardEncoder returns an encoder of vCard version "3.0" (the default)
// or "4.0".
func NewVCardEncoder(w io.Writer, version string) (*VCardEncoder, error) {
	switch version {
	case "", "3", "3.0":
		version = "3.0"
	case "4", "4.0":
		version = "4.0"
	default:
		return nil, contact.Errorf(contact.EINVALID, "--vcard-version: %q is not 3.0 or 4.0", version)
	}
	return &VCardEncoder{w: bufio.NewWriter(w), version: version, v4: version == "4.0", wrote: map[string]bool{}}, nil
}

// Close implements Encoder.
func (e *VCardEncoder) Close() error { return e.w.Flush() }

// vparams is an ordered list of parameters to write.
type vparams [][2]string

func (e *VCardEncoder) typ(v string) string {
	if e.v4 {
		return strings.ToLower(v)
	}
	if isASCII(v) {
		// Its capitals read back as it.
		return strings.ToUpper(v)
	}
	// 3.0 types are written in capitals, but a label whose capitals read
	// back, lower-cased as the decoder reads a type, as another (the URL
	// label ς is Σ, which is σ; ı is I, which is i) is written as it is.
	if u := strings.ToUpper(v); strings.ToLower(u) == strings.ToLower(v) {
		return u
	}
	return v
}

// line writes one content line, folded.
func (e *VCardEncoder) line(name string, params vparams, value string) {
	var b strings.Builder
	// One allocation for the line (a card has a dozen or more).
	n := len(name) + 1 + len(value)
	for _, p := range params {
		n += 2 + len(p[0]) + len(p[1])
	}
	b.Grow(n)
	b.WriteString(name)
	if slot := secondValueSlot(name); slot != "" {
		e.wrote[slot] = true
	}
	for _, p := range params {
		if p[1] == "" {
			continue
		}
		b.WriteByte(';')
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(p[1])
	}
	b.WriteByte(':')
	b.WriteString(value)
	e.raw(b.String())
}

// raw writes a prepared content line, folded at 75 octets without
// splitting a UTF-8 character.
func (e *VCardEncoder) raw(l string) {
	limit := 75
	for len(l) > limit {
		cut := limit
		for cut > limit-utf8.UTFMax && !utf8.RuneStart(l[cut]) {
			cut--
		}
		e.w.WriteString(l[:cut])
		e.w.WriteString("\r\n ")
		l = l[cut:]
		limit = 74
	}
	e.w.WriteString(l)
	e.w.WriteString("\r\n")
}

// escText escapes a text value: a backslash, a comma and a semicolon
// with a backslash, a line end (CRLF, LF or CR) as \n. Written out rather
// than with a strings.Replacer, which took a fifth of a vCard export's
// time.
func escText(s string) string {
	i := strings.IndexAny(s, "\\\r\n,;")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ',', ';':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// escURI writes a URI value (URL). RFC 6350 does not escape one, and other
// programs read a "," or ";" in it as it is, so those go out unescaped;
// but the decoder unescapes a URL as text, since real exporters write
// "http\://" and "\," in them: a backslash is doubled, and reads back as
// itself ("https://x.test/a\,b" would come back without it).
func escURI(s string) string { return strings.ReplaceAll(s, `\`, `\\`) }

func structured(parts ...string) string {
	for i := range parts {
		parts[i] = escText(parts[i])
	}
	return strings.Join(parts, ";")
}

// vcardDate writes YYYY-MM-DD or --MM-DD in the version's form. vCard 3.0
// has no date without a year; Apple's X-APPLE-OMIT-YEAR convention is used.
func (e *VCardEncoder) date(name, d string) {
	if d == "" {
		return
	}
	if strings.HasPrefix(d, "--") {
		if e.v4 {
			e.line(name, nil, "--"+strings.ReplaceAll(d[2:], "-", ""))
		} else {
			e.line(name, vparams{{"X-APPLE-OMIT-YEAR", "1604"}}, "1604-"+d[2:])
		}
		return
	}
	if e.v4 {
		d = strings.ReplaceAll(d, "-", "")
	}
	e.line(name, nil, d)
}

func vtime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// phoneTypes are the TEL types of rolo's phone labels. "other" is not a
// standard type: VOICE beside it tells every reader that the number is a
// voice line, not a mobile.
var phoneTypes = map[string][]string{"mobile": {"cell"}, "work": {"work", "voice"}, "home": {"home", "voice"}, "fax": {"fax"}, "other": {"other", "voice"}}

func (e *VCardEncoder) types(vs ...string) string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v != "" {
			out = append(out, quoteParam(e.typ(v)))
		}
	}
	return strings.Join(out, ",")
}

// Write implements Encoder.
func (e *VCardEncoder) Write(c *contact.Contact) error {
	clear(e.wrote)
	e.raw("BEGIN:VCARD")
	e.line(vcard.FieldVersion, nil, e.version)
	e.line(vcard.FieldProductID, nil, roloProductID)
	if c.UID != "" {
		e.line(vcard.FieldUID, nil, escText(c.UID))
	}
	extra, labels := linkedLabels(c.VCardExtra)
	name := c.Name
	if name == "" {
		name = c.DisplayName()
	}
	if _, fn := labels.take("N", nameLink(c)); fn != "" {
		// The imported card's own FN, for the same name parts.
		e.raw(fn)
	} else {
		e.line(vcard.FieldFormattedName, nil, escText(name))
	}
	e.line(vcard.FieldName, nil, structured(c.LastName, c.FirstName, c.MiddleName, c.Prefix, c.Suffix))
	if c.Nickname != "" {
		e.line(vcard.FieldNickname, nil, escText(c.Nickname))
	}
	switch {
	case c.Department != "":
		e.line(vcard.FieldOrganization, nil, structured(c.Company, c.Department))
	case c.Company != "":
		e.line(vcard.FieldOrganization, nil, structured(c.Company))
	}
	if c.Title != "" {
		e.line(vcard.FieldTitle, nil, escText(c.Title))
	}
	e.date(vcard.FieldBirthday, c.Birthday)
	if e.v4 {
		e.date(vcard.FieldAnniversary, c.Anniversary)
	} else {
		e.date("X-ANNIVERSARY", c.Anniversary)
	}
	for _, p := range c.Phones {
		name, label := labels.take("TEL", p.E164)
		// The value is one every program can dial wherever it is read: a
		// number entered without + goes out in international form, as
		// entered in X-ROLO-NUMBER, which the decoder reads back.
		ps := vparams{{"TYPE", e.types(phoneTypes[p.Label]...)}}
		value := p.International()
		if value != p.Number {
			ps = append(ps, [2]string{numberParam, quoteParam(p.Number)})
		}
		e.line(name, ps, escText(value))
		e.label(label)
	}
	for _, m := range c.Emails {
		t := e.types(m.Label)
		if !e.v4 {
			t = e.types("internet", m.Label)
		}
		name, label := labels.take("EMAIL", m.Address)
		e.line(name, vparams{{"TYPE", t}}, escText(m.Address))
		e.label(label)
	}
	for _, a := range c.Addresses {
		name, label := labels.take("ADR", addressLink(a))
		e.line(name, vparams{{"TYPE", e.types(a.Label)}}, structured("", "", a.Street, a.City, a.State, a.Zip, countryName(a.Country)))
		e.label(label)
	}
	for _, u := range c.URLs {
		e.line(vcard.FieldURL, vparams{{"TYPE", e.types(u.Label)}}, escURI(u.URL))
	}
	for _, s := range c.Socials {
		name, label := labels.take("X-SOCIALPROFILE", s.Handle)
		e.line(name, vparams{{"TYPE", quoteParam(s.Network)}}, escText(s.Handle))
		e.label(label)
	}
	if len(c.Tags) > 0 {
		tags := make([]string, len(c.Tags))
		for i, t := range c.Tags {
			tags[i] = escText(t)
		}
		e.line(vcard.FieldCategories, nil, strings.Join(tags, ","))
	}
	for _, n := range c.Notes {
		var ps vparams
		if n.Author != "" {
			ps = append(ps, [2]string{"X-ROLO-AUTHOR", quoteParam(n.Author)})
		}
		if !n.CreatedAt.IsZero() {
			ps = append(ps, [2]string{"X-ROLO-CREATED", quoteParam(formatTime(&n.CreatedAt))})
		}
		e.line(vcard.FieldNote, ps, escText(n.Text))
	}
	if c.Language != "" {
		if e.v4 {
			e.line(vcard.FieldLanguage, nil, escText(c.Language))
		} else {
			// 3.0 has no LANG: a kept second LANG follows this one.
			e.line("X-ROLO-LANGUAGE", nil, escText(c.Language))
			e.wrote[vcard.FieldLanguage] = true
		}
	}
	if c.Timezone != "" {
		e.line(vcard.FieldTimezone, vparams{{"VALUE", "text"}}, escText(c.Timezone))
	}
	e.rolo(c)
	for _, l := range extra {
		e.extra(l)
	}
	e.raw("END:VCARD")
	return e.w.Flush()
}

// linkedLabel is a custom X-ABLabel kept from an imported card for the
// phone, email or address it labelled, or the card's FN kept for its name
// parts (kind N; see linkParam).
type linkedLabel struct {
	kind, value, group string
	line               string // the line without the link
	used               bool
}

type linkedLabelList []*linkedLabel

// linkedLabels splits the kept lines into the labels linked to a value
// and the rest.
func linkedLabels(vcardExtra string) ([]string, linkedLabelList) {
	var rest []string
	var labels linkedLabelList
	for _, l := range strings.Split(vcardExtra, "\n") {
		l = strings.TrimRight(l, "\r")
		p := parseProp([]byte(l))
		if p == nil || !(p.key == "X-ABLABEL" && p.group != "" || p.key == "FN") || p.first(linkParam) == "" {
			rest = append(rest, l)
			continue
		}
		kind, value, _ := strings.Cut(p.first(linkParam), ":")
		params := p.params[:0:0]
		for _, pr := range p.params {
			if pr.key != linkParam {
				params = append(params, pr)
			}
		}
		bare := &vprop{group: p.group, name: p.name, key: p.key, params: params}
		labels = append(labels, &linkedLabel{kind: kind, value: value, group: p.group, line: formatExtra(bare, string(p.value))})
	}
	return rest, labels
}

// take returns the property name to write a value of kind with (in its
// label's group when a kept label is linked to it) and that label line.
// A label whose value is gone (edited, deleted) is not written: it would
// label nothing.
func (ls linkedLabelList) take(kind, value string) (name, line string) {
	for _, l := range ls {
		if !l.used && l.kind == kind && sameLinkedValue(kind, l.value, value) {
			l.used = true
			return l.group + "." + kind, l.line
		}
	}
	return kind, ""
}

// sameLinkedValue compares a linked value with a stored one: emails
// without case, phones as the store tells numbers apart: the link is the
// number as the card wrote it, which is the stored phone (v, its E.164
// form) if it reads as it in the number's own country ("030 1234567" for
// +49301234567), digits of any script included.
func sameLinkedValue(kind, linked, v string) bool {
	// The link is the value as the card had it (decomposed accents, a zero
	// width space...); the stored value is in the form Normalize stores.
	linked, v = contact.CleanText(linked), contact.CleanText(v)
	switch kind {
	case "EMAIL":
		return strings.EqualFold(linked, v)
	case "TEL":
		return v != "" && contact.ReadsAs(linked, v, contact.CallingCodeRegion(v))
	}
	return linked == v
}

// label writes a kept X-ABLabel line after the value it labels.
func (e *VCardEncoder) label(line string) {
	if line != "" {
		e.raw(line)
	}
}

// rolo writes the fields vCard has no property for.
func (e *VCardEncoder) rolo(c *contact.Contact) {
	text := func(name, v string) {
		if v != "" {
			e.line(name, nil, escText(v))
		}
	}
	if c.ID != 0 {
		text("X-ROLO-ID", strconv.FormatInt(c.ID, 10))
	}
	text("X-ROLO-TYPE", c.Type)
	text("X-ROLO-LEVEL", c.Level)
	for _, k := range c.SortedAttributeKeys() {
		e.line("X-ROLO-ATTR", vparams{{"KEY", quoteParam(k)}}, escText(c.Attributes[k]))
	}
	text("X-ROLO-VISIBILITY", c.Visibility)
	text("X-ROLO-OWNER", c.Owner)
	if len(c.SharedWith) > 0 {
		sw := make([]string, len(c.SharedWith))
		for i, u := range c.SharedWith {
			sw[i] = escText(u)
		}
		e.line("X-ROLO-SHARED-WITH", nil, strings.Join(sw, ","))
	}
	if c.Favorite {
		text("X-ROLO-FAVORITE", "true")
	}
	if b := c.Blocked; b != nil {
		until := "forever"
		if b.Until != nil {
			until = formatTime(b.Until)
		}
		ps := vparams{{"REASON", quoteParam(b.Reason)}, {"BY", quoteParam(b.By)}}
		if !b.CreatedAt.IsZero() {
			ps = append(ps, [2]string{"CREATED", quoteParam(formatTime(&b.CreatedAt))})
		}
		e.line("X-ROLO-BLOCKED", ps, until)
	}
	switch {
	case c.ArchivedAt != nil:
		text("X-ROLO-ARCHIVED", formatTime(c.ArchivedAt))
	case c.Archived:
		text("X-ROLO-ARCHIVED", "true")
	}
	switch {
	case c.DeletedAt != nil:
		text("X-ROLO-DELETED", formatTime(c.DeletedAt))
	case c.Deleted:
		text("X-ROLO-DELETED", "true")
	}
	if !c.CreatedAt.IsZero() {
		text("X-ROLO-CREATED", formatTime(&c.CreatedAt))
	}
	if !c.UpdatedAt.IsZero() {
		e.line(vcard.FieldRevision, nil, vtime(c.UpdatedAt))
	}
	if c.LastActivityAt != nil {
		text("X-ROLO-LAST-ACTIVITY", formatTime(c.LastActivityAt))
	}
	text("X-ROLO-LAST-CHANNEL", c.LastChannel)
	// The interaction history, newest first as it is read: the summary is
	// the value, the rest parameters (a database's own IDs are left out,
	// as a note's are).
	for _, it := range c.Interactions {
		duration := ""
		if it.DurationSeconds != 0 {
			duration = strconv.FormatInt(it.DurationSeconds, 10)
		}
		e.line("X-ROLO-INTERACTION", vparams{{"CHANNEL", quoteParam(it.Channel)}, {"DIRECTION", quoteParam(it.Direction)},
			{"AT", quoteParam(formatTime(&it.At))}, {"DURATION", duration}, {"USER", quoteParam(it.User)},
			{"CREATED", quoteParam(formatTime(&it.CreatedAt))}}, escText(it.Summary))
	}
}

// extra writes back one property kept from an imported card. Photos and
// other binary data are stored as data: URIs (the 4.0 form); 3.0 gets them
// as ENCODING=b with a TYPE.
func (e *VCardEncoder) extra(l string) {
	p := parseProp([]byte(l))
	if p == nil {
		return
	}
	// Defence in depth (contact.Normalize refuses such lines): a kept line
	// never adds to or overrides what rolo writes itself.
	if contact.VCardOwnProperty(p.key) {
		return
	}
	// A second value follows rolo's own; where the contact has none (its
	// title unset since), the first kept one is the card's own, as the
	// decoder reads it back, if it is a value of that field: one that is
	// not (a BDAY that is no date) would have the card rejected. A TZ
	// that is no time zone name (an offset such as -05:00) is no second
	// value: the decoder keeps it whatever the contact's time zone.
	if slot := secondValueSlot(p.key); slot != "" && !e.wrote[slot] &&
		!(p.key == "TZ" && !contact.IsTimezone(strings.TrimSpace(unescapeText(string(p.value), "4.0")))) {
		if !e.readsAsField(l) {
			return
		}
		e.wrote[slot] = true
	}
	switch p.key {
	case "LABEL":
		// vCard 4.0 has no LABEL property: an address label is the LABEL
		// parameter of an ADR, here one without address parts, which the
		// decoder keeps as a LABEL again.
		if e.v4 {
			params := slices.DeleteFunc(slices.Clone(p.params), func(pr vparam) bool { return pr.key == "LABEL" })
			label := vparam{key: "LABEL", values: []string{unescapeText(string(p.value), "4.0")}}
			e.raw(formatExtra(&vprop{group: p.group, name: "ADR", params: append(params, label)}, ";;;;;;"))
			return
		}
	case "AGENT", "RELATED":
		// vCard 4.0's AGENT is a RELATED of TYPE agent.
		if l, ok := agentForm(p, e.v4); ok {
			e.raw(l)
			return
		}
	case "GEO":
		// 4.0 writes a position as a geo: URI, 3.0 as "lat;lon": a kept
		// one is written in the form of the version exported, with its
		// TYPE (TYPE=work).
		if g, ok := geoForm(string(p.value), e.v4); ok {
			e.raw(formatExtra(p, g, "VALUE"))
			return
		}
	case "TZ":
		// A UTC offset is -05:00 in 3.0, -0500 with VALUE=utc-offset in
		// 4.0 (where a TZ is text unless it says so).
		if l, ok := tzForm(p, e.v4); ok {
			e.raw(l)
			return
		}
	}
	mt, data, ok := inlineData(p)
	switch {
	case !binaryProps[p.key] || !ok || e.v4 && !p.isBase64():
		// Not inline data (a link, text), or a data: URI written in 4.0.
		e.raw(l)
		return
	case e.v4:
		// 3.0's ENCODING=b, as a vcard_extra given in JSON or CSV may
		// hold it: a data: URI, as the decoder keeps one.
		e.raw(formatExtra(p, "data:"+mt+";base64,"+data, "ENCODING", "CHARSET", "TYPE", "VALUE", "MEDIATYPE"))
		return
	case !validBase64(data):
		// Data cut short (kept so from a truncated card): as ENCODING=b
		// a reader that decodes it fails on the card, or on the whole
		// file (Python's vobject); as the data: URI it is kept in, a
		// URI value, which 3.0 readers keep as it is, and so does rolo.
		params := slices.DeleteFunc(slices.Clone(p.params), func(pr vparam) bool { return pr.key == "VALUE" })
		e.raw(formatExtra(&vprop{group: p.group, name: p.name, params: append([]vparam{{key: "VALUE", values: []string{"uri"}}}, params...)},
			"data:"+mt+";base64,"+data, "ENCODING", "CHARSET", "TYPE", "MEDIATYPE"))
		return
	}
	typ := mt
	if sub, ok := strings.CutPrefix(mt, "image/"); ok {
		typ = strings.ToUpper(sub)
	}
	var b strings.Builder
	if p.group != "" {
		b.WriteString(p.group + ".")
	}
	b.WriteString(p.name + ";ENCODING=b;TYPE=" + quoteParam(typ))
	for _, pr := range p.params {
		if pr.key != "VALUE" && pr.key != "TYPE" && pr.key != "ENCODING" && pr.key != "MEDIATYPE" && pr.key != "CHARSET" {
			b.WriteString(";" + pr.key + "=" + strings.Join(quoteAll(pr.values), ","))
		}
	}
	b.WriteString(":" + data)
	e.raw(b.String())
}

// validBase64 reports whether data decodes as standard base64.
func validBase64(data string) bool {
	_, err := base64.StdEncoding.DecodeString(data)
	return err == nil
}

// inlineData reads the base64 data a kept property holds inline, in
// either form it may be stored in: a data: URI, as the decoder keeps it,
// or 3.0's ENCODING=b with a TYPE (JPEG), as a vcard_extra given in JSON
// or CSV may hold it. ok is false for anything else (a link, text).
func inlineData(p *vprop) (mt, data string, ok bool) {
	v := string(p.value)
	if p.isBase64() {
		data = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, v)
		return mediaType(p.key, p.first("TYPE"), p.first("MEDIATYPE")), data, data != ""
	}
	if !strings.HasPrefix(strings.ToLower(v), "data:") {
		return "", "", false
	}
	meta, data, ok := strings.Cut(v[len("data:"):], ",")
	mt, isB64 := strings.CutSuffix(meta, ";base64")
	if !ok || !isB64 {
		return "", "", false
	}
	return mt, data, true
}

// secondValueSlot is the field whose further values a kept property
// named key is (contact.VCardSecondValue), named by a property of it: the
// anniversary's X-ANNIVERSARY (3.0) and ANNIVERSARY (4.0) are one. It is
// "" for other properties.
func secondValueSlot(key string) string {
	switch {
	case !contact.VCardSecondValue[key]:
		return ""
	case anniversaryProps[key]:
		return "ANNIVERSARY"
	}
	return key
}

// readsAsField reports whether the kept line l, the first of its
// property on a card that has none of rolo's own, is read back into its
// field (a TITLE into the title) of a contact that is valid: a card of
// that line alone is decoded and checked as import --strict does (not
// moving a value the field cannot hold to an attribute).
func (e *VCardEncoder) readsAsField(l string) bool {
	card := "BEGIN:VCARD\r\nVERSION:" + e.version + "\r\nFN:x\r\nN:;x;;;\r\n" + l + "\r\nEND:VCARD\r\n"
	d, err := NewVCardDecoder(strings.NewReader(card), Options{Strict: true})
	if err != nil {
		return false
	}
	rec, err := d.Next()
	if err != nil || rec.Err != nil || rec.Contact == nil {
		return false
	}
	c := rec.Contact
	return c.VCardExtra == "" && contact.Normalize(c, "US") == nil
}

// geoForm converts a GEO value to the form of the version written: a
// geo:LAT,LON URI in 4.0, LAT;LON in 3.0. vCard 2.1's LAT,LON is read as
// a position too. ok is false when v is already in that form or is none
// of these.
func geoForm(v string, v4 bool) (string, bool) {
	num := func(s string) bool { _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); return err == nil }
	if rest, ok := strings.CutPrefix(strings.ToLower(v), "geo:"); ok {
		lat, lon, ok := strings.Cut(rest, ",")
		lon, _, _ = strings.Cut(lon, ";") // ;u=uncertainty, ;crs=...
		if v4 || !ok || !num(lat) || !num(lon) {
			return "", false
		}
		return strings.TrimSpace(lat) + ";" + strings.TrimSpace(lon), true
	}
	lat, lon, ok := strings.Cut(v, ";")
	v21 := !ok
	if v21 {
		lat, lon, ok = strings.Cut(v, ",")
	}
	if !ok || !num(lat) || !num(lon) || !v4 && !v21 {
		return "", false
	}
	if !v4 {
		return strings.TrimSpace(lat) + ";" + strings.TrimSpace(lon), true
	}
	return "geo:" + strings.TrimSpace(lat) + "," + strings.TrimSpace(lon), true
}

// tzForm writes a kept TZ that is a UTC offset in the form of the version
// written. ok is false for any other TZ.
func tzForm(p *vprop, v4 bool) (string, bool) {
	sign, hh, mm, ok := utcOffset(strings.TrimSpace(unescapeText(string(p.value), "4.0")))
	if !ok {
		return "", false
	}
	if !v4 {
		return formatExtra(p, sign+hh+":"+mm, "VALUE"), true
	}
	offset := *p
	offset.params = append([]vparam{{key: "VALUE", values: []string{"utc-offset"}}},
		slices.DeleteFunc(slices.Clone(p.params), func(pr vparam) bool { return pr.key == "VALUE" })...)
	return formatExtra(&offset, sign+hh+mm), true
}

// agentForm converts an AGENT (3.0) to a RELATED;TYPE=agent (4.0) and
// back: the value is text unless VALUE says uri in 3.0, a URI unless
// VALUE says text in 4.0. ok is false when p is already in the form of
// the version written, or is a RELATED of another type.
func agentForm(p *vprop, v4 bool) (string, bool) {
	value := strings.ToLower(p.first("VALUE"))
	var types []string
	for _, t := range p.param("TYPE") {
		if !strings.EqualFold(t, "agent") {
			types = append(types, t)
		}
	}
	rest := slices.DeleteFunc(slices.Clone(p.params), func(pr vparam) bool { return pr.key == "VALUE" || pr.key == "TYPE" })
	var params []vparam
	switch {
	case v4 && p.key == "AGENT":
		params = append([]vparam{{key: "TYPE", values: append([]string{"agent"}, types...)}}, rest...)
		if value != "uri" && value != "url" {
			params = append(params, vparam{key: "VALUE", values: []string{"text"}})
		}
		p = &vprop{group: p.group, name: "RELATED", params: params, value: p.value}
	case !v4 && p.key == "RELATED" && len(types) < len(p.param("TYPE")):
		if value != "text" {
			params = []vparam{{key: "VALUE", values: []string{"uri"}}}
		}
		if len(types) > 0 {
			params = append(params, vparam{key: "TYPE", values: types})
		}
		p = &vprop{group: p.group, name: "AGENT", params: append(params, rest...), value: p.value}
	default:
		return "", false
	}
	return formatExtra(p, string(p.value)), true
}

// utcOffset reads a UTC offset as vCards write it: -05:00, -0500 or -05.
func utcOffset(v string) (sign, hh, mm string, ok bool) {
	two := func(s string) bool { return len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' }
	if len(v) < 3 || v[0] != '+' && v[0] != '-' || !two(v[1:3]) {
		return "", "", "", false
	}
	switch rest := v[3:]; {
	case rest == "":
		mm = "00"
	case two(rest):
		mm = rest
	case len(rest) == 3 && rest[0] == ':' && two(rest[1:]):
		mm = rest[1:]
	default:
		return "", "", "", false
	}
	return v[:1], v[1:3], mm, true
}

func quoteAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = quoteParam(v)
	}
	return out
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
