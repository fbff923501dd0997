package codec

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"

	"github.com/rolo-cli/rolo/internal/contact"
)

// maxCardBytes bounds the size of one card (photos included), so that a
// file without END:VCARD cannot make the decoder hold the whole input;
// the bound of a CSV record (16 MiB): a card near it peaks at about
// 180 MB while it is unfolded, decoded and checked.
const maxCardBytes = 16 << 20

// physLine is one line of the input as read, without its line ending.
type physLine struct {
	text []byte
	num  int
}

// rawCard is the lines between BEGIN:VCARD and END:VCARD.
type rawCard struct {
	lines     []physLine
	index     int // the card's place in the input, counting BEGIN:VCARD lines
	start     int
	size      int
	nestedAt  int  // the line of the first card nested inside this one, or 0
	truncated bool // the input ended before END:VCARD
}

func (rc *rawCard) text() string {
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\r\n")
	for _, l := range rc.lines {
		b.Write(l.text)
		b.WriteString("\r\n")
	}
	if !rc.truncated {
		b.WriteString("END:VCARD\r\n")
	}
	return b.String()
}

// VCardDecoder reads vCard 2.1, 3.0 and 4.0 files one card at a time. It
// tolerates what real exporters write: folded and unfolded lines, 2.1
// quoted-printable soft breaks, per-property CHARSET, undeclared 8-bit
// text, UTF-16, \r\r\n line endings, comments, junk before the first card,
// nested cards and cards without VERSION.
type VCardDecoder struct {
	br         *bufio.Reader
	crOnly     bool     // lines end in a bare CR (classic Mac OS)
	crLines    [][]byte // the rest of a line of bare-CR lines (see splitCRLines)
	line       int
	override   encoding.Encoding
	transcoded bool
	opts       Options

	stack     []*rawCard
	pending   []*rawCard
	eof       bool
	begun     int // the BEGIN:VCARD lines read
	seenBegin bool
	junk      bool
	notices   []string
}

// NewVCardDecoder returns a decoder reading vCards from r.
func NewVCardDecoder(r io.Reader, opts Options) (*VCardDecoder, error) {
	d := &VCardDecoder{opts: opts}
	// A card in memory (one kept property, round-tripped for every line
	// of a contact's vcard_extra) gets a buffer of its size, which holds
	// all that is sniffed, rather than 64 KiB to allocate and clear each
	// time: 200,000 of them for a card of 100,000 properties.
	size := sniffSize
	if s, ok := r.(*strings.Reader); ok && s.Len() < size {
		size = max(s.Len(), 16)
	}
	br := bufio.NewReaderSize(r, size)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	var src io.Reader = br
	order, bom := utf16Order(head)
	if opts.Encoding != "" {
		enc, err := lookupEncoding(opts.Encoding)
		if err != nil {
			return nil, err
		}
		if name, _ := htmlindex.Name(enc); strings.HasPrefix(name, "utf-16") {
			if bom {
				br.Discard(2)
			}
			src, d.transcoded = transform.NewReader(br, enc.NewDecoder()), true
		} else {
			d.override = enc
		}
	} else if order != "" {
		if bom {
			br.Discard(2)
		}
		src, d.transcoded = transform.NewReader(br, utf16Encoding(order).NewDecoder()), true
		if !bom {
			d.notices = append(d.notices, "input has no byte-order mark: read as utf-16"+order)
		}
	}
	if d.transcoded {
		d.br = bufio.NewReaderSize(src, sniffSize)
		head, _ = d.br.Peek(sniffSize)
	} else {
		d.br = br
	}
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		d.br.Discard(3)
		head = head[3:]
	}
	d.crOnly = bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0
	return d, nil
}

// Notices implements Decoder.
func (d *VCardDecoder) Notices() []string { return d.notices }

// readLine returns the next physical line without its line ending (any
// number of CRs before the LF are dropped: iOS writes \r\r\n).
func (d *VCardDecoder) readLine() ([]byte, error) {
	if len(d.crLines) > 0 {
		line := d.crLines[0]
		d.crLines = d.crLines[1:]
		d.line++
		return line, nil
	}
	delim := byte('\n')
	if d.crOnly {
		delim = '\r'
	}
	var line []byte
	for {
		chunk, err := d.br.ReadSlice(delim)
		line = append(line, chunk...)
		if len(line) > maxCardBytes {
			return nil, contact.Errorf(contact.EINVALID, "line %d: a line longer than %d MiB; this is not a vCard file", d.line+1, maxCardBytes>>20)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && (err != io.EOF || len(line) == 0) {
			return nil, err
		}
		d.line++
		line = bytes.TrimRight(line, "\r\n")
		if d.crOnly {
			// The LF of a CRLF file joined after this one (cat a.vcf b.vcf).
			line = bytes.TrimPrefix(line, []byte("\n"))
		} else if lines := splitCRLines(line); lines != nil {
			d.crLines = lines[1:]
			line = lines[0]
		}
		return line, nil
	}
}

// splitCRLines splits a line that holds lines ending in a bare CR, a
// classic Mac OS file's joined to one of LF or CRLF lines (cat a.vcf
// b.vcf), told by a BEGIN:VCARD or END:VCARD among them; read as one line,
// its cards were ignored as text outside a card, or made the file no vCard
// at all. A CR inside a value (Thunderbird writes one) is no line end.
func splitCRLines(line []byte) [][]byte {
	if bytes.IndexByte(line, '\r') < 0 {
		return nil
	}
	lines := bytes.Split(line, []byte("\r"))
	for _, l := range lines {
		if t := cardLine(l); bytes.EqualFold(t, []byte("BEGIN:VCARD")) || bytes.EqualFold(t, []byte("END:VCARD")) {
			return lines
		}
	}
	return nil
}

// Next implements Decoder.
func (d *VCardDecoder) Next() (*Record, error) {
	for {
		if len(d.pending) > 0 {
			rc := d.pending[0]
			d.pending = d.pending[1:]
			return d.decodeCard(rc), nil
		}
		if d.eof {
			if len(d.stack) > 0 {
				for _, rc := range d.stack {
					rc.truncated = true
				}
				d.pending, d.stack = d.stack, nil
				continue
			}
			if !d.seenBegin && d.junk {
				return nil, contact.Errorf(contact.EINVALID, "no BEGIN:VCARD found: this is not a vCard file")
			}
			return nil, io.EOF
		}
		line, err := d.readLine()
		if err == io.EOF {
			d.eof = true
			continue
		}
		if err != nil {
			return nil, err
		}
		t := cardLine(line)
		if rest, ok := joinedCards(t); ok {
			d.end()
			t = rest
		}
		switch {
		case bytes.EqualFold(t, []byte("BEGIN:VCARD")):
			d.begun++
			if top := len(d.stack) - 1; top >= 0 && d.stack[top].nestedAt == 0 {
				d.stack[top].nestedAt = d.line
			}
			// Cards are numbered in the order they begin, as the user
			// counts them, though a nested card is read before the card
			// around it.
			d.stack = append(d.stack, &rawCard{index: d.begun, start: d.line})
			d.seenBegin = true
		case bytes.EqualFold(t, []byte("END:VCARD")):
			d.end()
		case len(d.stack) == 0:
			if len(t) > 0 && !d.junk {
				d.junk = true
				d.notices = append(d.notices, "line "+strconv.Itoa(d.line)+": text outside BEGIN:VCARD...END:VCARD ignored")
			}
		default:
			top := d.stack[len(d.stack)-1]
			top.lines = append(top.lines, physLine{text: line, num: d.line})
			top.size += len(line)
			if top.size > maxCardBytes {
				return nil, contact.Errorf(contact.EINVALID, "card starting at line %d is larger than %d MiB", top.start, maxCardBytes>>20)
			}
		}
	}
}

// end closes the card being read, at its END:VCARD.
func (d *VCardDecoder) end() {
	if n := len(d.stack); n > 0 {
		d.pending = append(d.pending, d.stack[n-1])
		d.stack = d.stack[:n-1]
	}
}

// cardLine is a line as BEGIN:VCARD and END:VCARD are told: without the
// blanks around it, nor the byte-order mark that begins a file joined to
// another (cat a.vcf b.vcf), which makes its BEGIN:VCARD a line inside
// the input.
func cardLine(line []byte) []byte {
	return bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(line), []byte("\xEF\xBB\xBF")))
}

// joinedCards tells an END:VCARD followed on its line by a BEGIN:VCARD, as
// joining a file that does not end with a line break to another makes
// (cat a.vcf b.vcf): it returns the BEGIN:VCARD. Read as a line of the
// card, it made the next card part of this one: two people one contact.
func joinedCards(t []byte) ([]byte, bool) {
	const end = "END:VCARD"
	if len(t) <= len(end) || !bytes.EqualFold(t[:len(end)], []byte(end)) {
		return nil, false
	}
	rest := cardLine(t[len(end):])
	return rest, bytes.EqualFold(rest, []byte("BEGIN:VCARD"))
}

// vparam is one property parameter; bare 2.1 parameters ("WORK",
// "QUOTED-PRINTABLE") are stored under TYPE or ENCODING.
type vparam struct {
	key    string // upper case
	values []string
}

// vprop is one logical content line.
type vprop struct {
	group  string
	name   string // as written
	key    string // upper case
	params []vparam
	value  []byte // raw: unfolded, soft breaks joined, not decoded
	line   int
}

func (p *vprop) param(key string) []string {
	var out []string
	for _, pr := range p.params {
		if pr.key == key {
			out = append(out, pr.values...)
		}
	}
	return out
}

func (p *vprop) first(key string) string {
	if v := p.param(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

// types returns the TYPE values, lower-cased, without "pref".
func (p *vprop) types() []string {
	var out []string
	for _, t := range p.param("TYPE") {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && t != "pref" {
			out = append(out, t)
		}
	}
	return out
}

func (p *vprop) encoding() string {
	return strings.ToUpper(strings.TrimSpace(p.first("ENCODING")))
}

func (p *vprop) isQP() bool { return p.encoding() == "QUOTED-PRINTABLE" }

func (p *vprop) isBase64() bool {
	e := p.encoding()
	return e == "B" || e == "BASE64"
}

var bareEncodings = map[string]bool{"QUOTED-PRINTABLE": true, "BASE64": true, "B": true, "8BIT": true, "7BIT": true}

// logicalLines joins a card's physical lines into content lines: RFC
// folding (a line starting with a space or tab continues the previous
// one), 2.1 quoted-printable soft breaks (a QP line ending in "="
// continues on the next line whatever it starts with), and, for broken
// exporters, lines that cannot start a property (an unfolded label, an
// address continued after a trailing backslash) are appended to the
// previous value with a line break. Comment lines starting with "#" are
// dropped. Whether a line starts a property is decided on its name and
// parameters unfolded: RFC folding may fall anywhere, rolo's own export
// folds inside long parameter lists, and the first physical line of such
// a property has no ":".
func logicalLines(lines []physLine) []*vprop {
	type rawLine struct {
		b    []byte
		line int
		qp   bool
	}
	var raws []*rawLine
	var cur *rawLine
	soft, blank := false, false
	endSoft := func() bool {
		// Blanks after the "=" are not the value's: RFC 2045 has a
		// decoder drop a line's trailing blanks, which a mail system or
		// editor may have added.
		if t := bytes.TrimRight(cur.b, " \t"); cur.qp && bytes.HasSuffix(t, []byte("=")) {
			cur.b = t[:len(t)-1]
			return true
		}
		return false
	}
	for i := 0; i < len(lines); i++ {
		pl := lines[i]
		l := pl.text
		if soft && blank && len(l) > 0 && l[0] != '=' && parseProp(l) != nil {
			// A soft break, a blank line, then a property: the exporter
			// ended the value with a stray "=" (Android).
			soft = false
		}
		switch {
		case cur != nil && soft:
			cur.b = append(cur.b, l...)
			blank = len(l) == 0
			if !blank {
				soft = endSoft()
			}
		case len(l) > 0 && (l[0] == ' ' || l[0] == '\t'):
			if cur != nil {
				cur.b = append(cur.b, l[1:]...)
				soft = endSoft()
			}
		case len(bytes.TrimSpace(l)) == 0, l[0] == '#':
		default:
			head, folds := unfoldHead(lines[i:])
			if p := parseProp(head); p != nil {
				cur = &rawLine{b: head, line: pl.num, qp: p.isQP()}
				raws = append(raws, cur)
				i += folds
				soft = endSoft()
			} else if cur != nil {
				cur.b = bytes.TrimSuffix(cur.b, []byte(`\`))
				cur.b = append(cur.b, '\n')
				cur.b = append(cur.b, l...)
			}
		}
	}
	props := make([]*vprop, 0, len(raws))
	for _, r := range raws {
		if p := parseProp(r.b); p != nil {
			p.line = r.line
			props = append(props, p)
		}
	}
	return props
}

// unfoldHead returns the first line joined with the folded lines (starting
// with a space or tab) that follow it, up to the one holding the ":" that
// ends the name and parameters, and how many folded lines it took. The
// value's own folds are left to the caller, which knows about
// quoted-printable soft breaks.
func unfoldHead(lines []physLine) ([]byte, int) {
	head := append([]byte(nil), lines[0].text...)
	n := 0
	for !headComplete(head) && n+1 < len(lines) {
		next := lines[n+1].text
		if len(next) == 0 || (next[0] != ' ' && next[0] != '\t') {
			break
		}
		head = append(head, next[1:]...)
		n++
	}
	return head, n
}

// headComplete reports whether l holds a ":" outside double-quoted
// parameter values, with parseProp's quoting rule.
func headComplete(l []byte) bool {
	quoted, valueStart := false, false
	for _, c := range l {
		if c == '"' && (quoted || valueStart) {
			quoted = !quoted
		} else if !quoted && c == ':' {
			return true
		}
		valueStart = c == '=' || c == ','
	}
	return false
}

func isNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '/'
}

// parseProp parses "[group.]NAME[;PARAM...]:VALUE"; it returns nil for a
// line that cannot be a property.
func parseProp(l []byte) *vprop {
	i := 0
	letter := false
	for i < len(l) && isNameByte(l[i]) {
		if c := l[i] | 0x20; c >= 'a' && c <= 'z' {
			letter = true
		}
		i++
	}
	if i == 0 || !letter || i == len(l) || (l[i] != ':' && l[i] != ';' && l[i] != ',') {
		return nil
	}
	p := &vprop{name: string(l[:i])}
	if g, n, ok := strings.Cut(p.name, "."); ok && g != "" && n != "" {
		p.group, p.name = g, n
	}
	p.key = strings.ToUpper(p.name)
	if l[i] == ':' {
		p.value = append([]byte(nil), l[i+1:]...)
		return p
	}
	// Parameters: ";"-separated (a "," right after the name is a common
	// typo for ";"), values may be double-quoted and then contain ";" ":"
	// and ",".
	pos := i + 1
	for {
		start := pos
		quoted := false
		valueStart := false
		for pos < len(l) {
			c := l[pos]
			if c == '"' && (quoted || valueStart) {
				quoted = !quoted
			} else if !quoted && (c == ';' || c == ':') {
				break
			}
			valueStart = c == '=' || c == ','
			pos++
		}
		if pos >= len(l) {
			// No ":" outside quotes: fall back to the first ":".
			j := bytes.IndexByte(l[i:], ':')
			if j < 0 {
				return nil
			}
			p.params = nil
			p.addParams(l[i+1 : i+j])
			p.value = append([]byte(nil), l[i+j+1:]...)
			return p
		}
		p.addParam(l[start:pos])
		if l[pos] == ':' {
			p.value = append([]byte(nil), l[pos+1:]...)
			break
		}
		pos++
	}
	p.fixUnquotedLabel()
	return p
}

func (p *vprop) addParams(b []byte) {
	for _, s := range bytes.Split(b, []byte(";")) {
		p.addParam(s)
	}
}

func (p *vprop) addParam(b []byte) {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return
	}
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		k, v = "TYPE", s
		if bareEncodings[strings.ToUpper(s)] {
			k = "ENCODING"
		}
	}
	k = strings.ToUpper(strings.TrimSpace(k))
	vs := splitQuoted(v, k == "TYPE")
	for i := range vs {
		vs[i] = unquoteParam(vs[i])
	}
	p.params = append(p.params, vparam{key: k, values: vs})
}

// splitQuoted splits a parameter value on commas outside double quotes and
// removes the quotes; lists (TYPE) are also split inside quotes
// (TYPE="work,voice"). addParam then undoes the RFC 6868 escapes (^^ ^n
// ^') of each value, which quoteParam writes: every parameter value is
// held as it is meant, and written back through quoteParam.
func splitQuoted(v string, list bool) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && (!quoted || list):
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(out, b.String())
}

// fixUnquotedLabel repairs an ADR whose LABEL parameter holds an unquoted
// ":" (ez-vcard issue 114): the value is taken after the last ":" that
// still leaves all seven address components in it.
func (p *vprop) fixUnquotedLabel() {
	if p.key != "ADR" || len(p.param("LABEL")) == 0 || bytes.IndexByte(p.value, ':') < 0 {
		return
	}
	want := len(splitUnescaped(string(p.value), ';'))
	v := p.value
	for {
		j := bytes.IndexByte(v, ':')
		if j < 0 || len(splitUnescaped(string(v[j+1:]), ';')) < want {
			break
		}
		v = v[j+1:]
	}
	p.value = v
}

// splitUnescaped splits s on sep where sep is not escaped with a backslash;
// the escapes are kept.
func splitUnescaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// unescapeText undoes vCard 3.0/4.0 text escaping (\n \, \; \\), and the
// over-escaping some exporters add (http\://, \"). In 2.1 only \; is an
// escape.
func unescapeText(s, version string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		n := s[i+1]
		switch {
		case version == "2.1":
			if n == ';' {
				b.WriteByte(';')
				i++
			} else {
				b.WriteByte(c)
			}
		case n == 'n' || n == 'N':
			b.WriteByte('\n')
			i++
		case n == '\\' || n == ',' || n == ';' || n == ':' || n == '"' || n == '\'':
			b.WriteByte(n)
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// qpDecode decodes quoted-printable bytes; malformed escapes are kept as
// they are.
func qpDecode(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '=' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
			continue
		}
		if c == '=' && i == len(b)-1 {
			continue
		}
		out = append(out, c)
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
