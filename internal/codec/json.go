package codec

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/rolo-cli/rolo/internal/contact"
)

// JSONDecoder reads rolo's own JSON: an array of contact objects (`list -o
// json`), one object (`show -o json`), or one object per line (NDJSON). It
// streams the elements of an array one at a time.
type JSONDecoder struct {
	dec     *json.Decoder
	lines   *lineCounter // the line ends read, for the line of a syntax error
	array   bool
	started bool
	done    bool
	n       int
	region  string // the profile's region, to read a name's phone (isOtherValue)
	notices []string
}

// NewJSONDecoder returns a decoder of JSON or NDJSON contacts.
func NewJSONDecoder(r io.Reader, opts Options) (*JSONDecoder, error) {
	in, err := openText(r, opts.Encoding)
	if err != nil {
		return nil, err
	}
	d := &JSONDecoder{region: opts.Region}
	if n := in.notice(); n != "" {
		d.notices = append(d.notices, n)
	}
	br := bufio.NewReader(in.r)
	d.lines = &lineCounter{r: br}
	for {
		b, err := br.Peek(1)
		if err != nil {
			d.done = true // empty input: no records
			break
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' {
			if b[0] == '\n' {
				d.lines.n++
			}
			br.Discard(1)
			continue
		}
		d.array = b[0] == '['
		if b[0] != '[' && b[0] != '{' {
			return nil, contact.Errorf(contact.EINVALID, "input is not JSON contacts: it starts with %q, not [ or {", b[0])
		}
		break
	}
	d.dec = json.NewDecoder(d.lines)
	return d, nil
}

// lineCounter counts the line ends read through it.
type lineCounter struct {
	r io.Reader
	n int
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// Notices implements Decoder.
func (d *JSONDecoder) Notices() []string { return d.notices }

// Next implements Decoder.
func (d *JSONDecoder) Next() (*Record, error) {
	if d.done {
		return nil, io.EOF
	}
	if d.array && !d.started {
		d.started = true
		if _, err := d.dec.Token(); err != nil {
			return nil, d.syntax(err)
		}
	}
	if d.array && !d.dec.More() {
		d.done = true
		if _, err := d.dec.Token(); err != nil {
			return nil, d.syntax(err)
		}
		// Only blanks may follow the array: a second array (two exports
		// joined, cat a.json b.json) or anything else after it would
		// otherwise be dropped without a word.
		line, err := d.afterArray()
		if err != nil {
			return nil, err
		}
		if line > 0 {
			return nil, contact.Errorf(contact.EINVALID, "line %d: the input goes on after the array of contacts has ended (two files joined? import each, or join them with jq -s add)", line)
		}
		return nil, io.EOF
	}
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) && !d.array {
			d.done = true
			return nil, io.EOF
		}
		if rec := d.badLine(err); rec != nil {
			return rec, nil
		}
		return nil, d.syntax(err)
	}
	d.n++
	raw, unwrapped := unwrapRejected(raw)
	rec := &Record{Index: d.n, Text: string(raw)}
	if unwrapped && !json.Valid(raw) {
		// An error file's line whose text, in its string, is still
		// broken: said as the line was.
		msg := "unexpected end of JSON input"
		var se *json.SyntaxError
		if err := json.Unmarshal(raw, new(json.RawMessage)); errors.As(err, &se) {
			msg = se.Error()
		}
		rec.Err = recordError("record %d: not valid JSON: %s", d.n, syntaxProblem(msg, raw, syntaxAt(raw), false))
		return rec, nil
	}
	c, unknown, err := decodeContact(raw)
	if err != nil {
		rec.Err = recordError("record %d: %s", d.n, jsonProblem(err, raw))
		return rec, nil
	}
	if problem := offsetPast2359(raw); problem != "" {
		rec.Err = recordError("record %d: %s", d.n, problem)
		return rec, nil
	}
	if len(unknown) > 0 {
		what := "key " + unknown[0] + " is not a contact field"
		if len(unknown) > 1 {
			what = "keys " + strings.Join(unknown, ", ") + " are not contact fields"
		}
		rec.LeftOut = what
		rec.Warnings = append(rec.Warnings, fmt.Sprintf("record %d: %s; left out", d.n, what))
	}
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	// A name without name parts beside it (a script's {"name": "Ada
	// Lovelace"}) is split into them, as a CSV name column or the FN of a
	// vCard without N is, unless it is the value contact.DisplayName fell
	// back to (rolo's own export writes a name for every contact): the
	// nickname, company, a phone or an email the record has. It was left
	// out without a word, as a key the decoder reads past.
	// One that says more than the name parts beside it ("Ada Lovelace"
	// beside first_name Ada) is kept as an attribute, as a CSV display
	// name column is, rather than lost.
	if c.FirstName == "" && c.MiddleName == "" && c.LastName == "" && strings.TrimSpace(c.Name) != "" && !isOtherValue(c, c.Name, d.region) {
		if rest := withoutAffixes(c.Name, c.Prefix, c.Suffix); rest != "" {
			c.FirstName, c.LastName = splitName(rest)
			rec.NameSplit = true
		}
	} else if saysMore(c.Name, c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix) && !isOtherValue(c, c.Name, d.region) {
		k := addAttr(c, "display_name", strings.TrimSpace(c.Name))
		rec.Warnings = append(rec.Warnings, fmt.Sprintf("record %d: \"name\" says more than the name parts: kept as attribute %s", d.n, k))
	}
	c.Birthday, c.Anniversary = noYear(strings.TrimSpace(c.Birthday)), noYear(strings.TrimSpace(c.Anniversary))
	c.Notes = dropBlankNotes(c.Notes)
	rec.Contact = c
	return rec, nil
}

// unwrapRejected is the record an error file's line holds: a record that
// was no JSON object ("a string", 42, a list) is written there as
// {"record": ..., "error": ...} (RejectWriter), and is that value again,
// so that, imported as it is, it is rejected for what it is, and once
// made an object is that contact. A line of NDJSON that was not valid
// JSON is written there as a string, its text: once that text is fixed
// (an object again), the record is that object. Any other value is
// itself; ok says raw was such a line.
func unwrapRejected(raw json.RawMessage) (rec json.RawMessage, ok bool) {
	var obj map[string]json.RawMessage
	// Most records are contacts: parsed again only when one may be such a
	// line.
	if !bytes.Contains(raw, []byte(`"record"`)) || json.Unmarshal(raw, &obj) != nil || len(obj) != 2 || obj["record"] == nil || obj["error"] == nil {
		return raw, false
	}
	var text string
	if json.Unmarshal(obj["record"], &text) == nil {
		// Still broken, it is rejected for what is wrong with it.
		if t := strings.TrimSpace(text); strings.HasPrefix(t, "{") {
			return json.RawMessage(t), true
		}
	}
	return obj["record"], true
}

// badLine rejects alone a line of NDJSON, one object a line, that is not
// valid JSON, and goes on at the next line, as a bad row of a CSV file is
// rejected alone: nil when err is no syntax error within one line (a
// break in an array, or in an object over several lines, such as show -o
// json prints, stops the import).
func (d *JSONDecoder) badLine(err error) *Record {
	var se *json.SyntaxError
	if d.array || !errors.As(err, &se) {
		return nil
	}
	rest, _ := io.ReadAll(d.dec.Buffered())
	k := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n"))
	at := syntaxAt(rest)
	if at < k || bytes.IndexByte(rest[k:at], '\n') >= 0 {
		return nil
	}
	before := d.lines.n - bytes.Count(rest, []byte{'\n'}) + bytes.Count(rest[:k], []byte{'\n'})
	problem := syntaxProblem(se.Error(), rest[k:], at-k, false)
	// The line is the rest of what the decoder holds up to a line end,
	// and what follows it from the input when it holds none; the next
	// decoder reads what is left of both. io.MultiReader flattens the
	// readers of one bad line before, so that many do not nest.
	var line []byte
	src := d.lines.r
	if i := bytes.IndexByte(rest[k:], '\n'); i >= 0 {
		line, rest = rest[k:k+i+1], rest[k+i+1:]
	} else {
		line, rest = rest[k:], nil
		buf := make([]byte, 32<<10)
		for {
			n, rerr := src.Read(buf)
			if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
				line = append(line, buf[:i+1]...)
				rest = append(rest, buf[i+1:n]...)
				break
			}
			line = append(line, buf[:n]...)
			if errors.Is(rerr, io.EOF) {
				break
			}
			if rerr != nil {
				return nil
			}
		}
	}
	d.n++
	d.lines = &lineCounter{r: io.MultiReader(bytes.NewReader(rest), src), n: before + bytes.Count(line, []byte{'\n'})}
	d.dec = json.NewDecoder(d.lines)
	text := strings.TrimRight(string(line), "\r\n")
	return &Record{Index: d.n, Text: text, Err: recordError("record %d: line %d: not valid JSON: %s", d.n, before+1, problem)}
}

// afterArray reads what follows the closing ] of the array: the line of
// the first character that is not a blank, or 0 when only blanks follow.
func (d *JSONDecoder) afterArray() (int, error) {
	buf, _ := io.ReadAll(d.dec.Buffered())
	line := 1 + d.lines.n - bytes.Count(buf, []byte{'\n'})
	r := bufio.NewReader(io.MultiReader(bytes.NewReader(buf), d.lines))
	for {
		b, err := r.ReadByte()
		if errors.Is(err, io.EOF) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		switch b {
		case '\n':
			line++
		case ' ', '\t', '\r':
		default:
			return line, nil
		}
	}
}

// syntax words an error that ends the input: the line and record where
// the JSON breaks, and how, in plain words rather than encoding/json's.
func (d *JSONDecoder) syntax(err error) error {
	d.done = true
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return contact.Errorf(contact.EINVALID, "record %d: the JSON input ends early (truncated file?)", d.n+1)
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return contact.Errorf(contact.EINVALID, "record %d: invalid JSON: %v", d.n+1, err)
	}
	// What the decoder holds from the record that broke on, and the
	// lines read beyond the break, which are not its.
	rest, _ := io.ReadAll(d.dec.Buffered())
	at := syntaxAt(rest)
	line := 1 + d.lines.n - bytes.Count(rest[at:], []byte{'\n'})
	// Between the elements of an array the decoder takes the comma before
	// the value it fails on; in NDJSON or at the top level there is none.
	afterComma := d.array && d.n > 0
	return contact.Errorf(contact.EINVALID, "line %d (record %d): not valid JSON: %s", line, d.n+1, syntaxProblem(se.Error(), rest, at, afterComma))
}

// syntaxAt is where in rest, what a decoder holds from the value that did
// not decode, the JSON breaks: encoding/json's offsets count from
// different places for different errors, so rest is scanned again.
func syntaxAt(rest []byte) int {
	k := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n"))
	var v json.RawMessage
	var se *json.SyntaxError
	if errors.As(json.NewDecoder(bytes.NewReader(rest[k:])).Decode(&v), &se) && se.Offset > 0 {
		return min(k+int(se.Offset)-1, len(rest))
	}
	return k // a comma missing before the value
}

// syntaxProblem says in plain words what encoding/json's syntax error msg
// means, with what was found at data[at]. afterComma says that a comma,
// not in data, came just before it (one the decoder took).
func syntaxProblem(msg string, data []byte, at int, afterComma bool) string {
	at = max(0, min(at, len(data)))
	literal := strings.Contains(msg, "in literal") // true, false or null misspelt
	number := strings.Contains(msg, "numeric literal")
	if (literal || number) && at > 0 && (at == len(data) || !isWordByte(data[at])) {
		at-- // "nul}", "1.}": the word, not the brace
	}
	found := "the end"
	if at < len(data) {
		found = strconv.Quote(jsonWord(data, at))
	}
	bare := literal || at < len(data) && isWordByte(data[at])
	switch {
	case msg == "unexpected end of JSON input":
		return "it ends early"
	case msg == "expected comma after array element":
		return "a comma is missing before " + found
	case msg == "expected colon after object key":
		return "a colon is missing after the key, before " + found
	case !strings.HasPrefix(msg, "invalid character "):
		return msg
	case strings.HasSuffix(msg, "looking for beginning of object key string"):
		return "expected a key in double quotes, found " + found + commaTooMany(data, at, afterComma)
	case number:
		return found + " is not a valid number"
	case bare && (literal || strings.HasSuffix(msg, "looking for beginning of value")):
		return found + " is not a JSON value (text must be in double quotes)"
	case strings.HasSuffix(msg, "looking for beginning of value"):
		return "expected a value, found " + found + commaTooMany(data, at, afterComma)
	case strings.HasSuffix(msg, "after object key"):
		return "a colon is missing after the key, before " + found
	case strings.HasSuffix(msg, "after object key:value pair"):
		return "expected a comma or } after a value, found " + found
	case strings.HasSuffix(msg, "after array element"):
		return "expected a comma or ] after a value, found " + found
	case strings.HasSuffix(msg, "after top-level value"):
		return found + " after the end of the value"
	case strings.HasSuffix(msg, "in string literal"):
		return "a control character " + found + " inside text in double quotes (write a line break as \\n, a tab as \\t)"
	case strings.Contains(msg, "escape") && at < len(data):
		r, _ := utf8.DecodeRune(data[at:])
		return `a backslash escape JSON does not have (\` + string(r) + `)`
	}
	return msg
}

// commaTooMany is a hint for a closing bracket found where a value or a
// key should be: after a comma (in data, or the one the decoder took when
// afterComma and nothing comes before it in data), the comma is one too
// many. Where no comma comes before it (a stray bracket), there is no hint.
func commaTooMany(data []byte, at int, afterComma bool) string {
	if at >= len(data) || data[at] != ']' && data[at] != '}' {
		return ""
	}
	before := bytes.TrimRight(data[:at], " \t\r\n")
	if len(before) == 0 && afterComma || len(before) > 0 && before[len(before)-1] == ',' {
		return " (a comma too many before it?)"
	}
	return ""
}

// jsonWord is what a message shows of data at i: the word around it (the
// letters and digits of a bare word or a number), else its character.
func jsonWord(data []byte, i int) string {
	if !isWordByte(data[i]) {
		r, _ := utf8.DecodeRune(data[i:])
		return string(r)
	}
	start, end := i, i
	for start > 0 && isWordByte(data[start-1]) && i-start < 40 {
		start--
	}
	for end < len(data) && isWordByte(data[end]) && end-i < 40 {
		end++
	}
	return string(data[start:end])
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '+' || c == '.' || c >= 0x80
}

// JSONEncoder writes contacts as a JSON array (indented as `list -o json`
// prints it) or as NDJSON, one contact at a time.
type JSONEncoder struct {
	w      io.Writer
	lines  bool
	n      int
	buf    bytes.Buffer
	closed bool
}

// NewJSONEncoder returns an encoder of a JSON array, or of NDJSON when
// lines is true.
func NewJSONEncoder(w io.Writer, lines bool) *JSONEncoder {
	return &JSONEncoder{w: w, lines: lines}
}

// Write implements Encoder.
func (e *JSONEncoder) Write(c *contact.Contact) error {
	e.buf.Reset()
	enc := json.NewEncoder(&e.buf)
	enc.SetEscapeHTML(false)
	if !e.lines {
		enc.SetIndent("  ", "  ")
		if e.n == 0 {
			e.buf.WriteString("[\n  ")
		} else {
			e.buf.WriteString(",\n  ")
		}
	}
	if err := enc.Encode(c); err != nil {
		return err
	}
	out := e.buf.Bytes()
	if !e.lines {
		out = bytes.TrimSuffix(out, []byte("\n"))
	}
	e.n++
	_, err := e.w.Write(out)
	return err
}

// Close implements Encoder.
func (e *JSONEncoder) Close() error {
	if e.lines || e.closed {
		return nil
	}
	e.closed = true
	tail := "\n]\n"
	if e.n == 0 {
		tail = "[]\n"
	}
	_, err := io.WriteString(e.w, tail)
	return err
}

// decodeContact decodes one record, and names (quoted) the keys it has
// that are no contact field (unknownKeys). Most records hold contact keys
// only and are decoded once; one with other keys is decoded again, and as
// a map. A block is decoded by its own UnmarshalJSON, which the strict
// decoder does not make strict: a record with one is looked at as a map.
func decodeContact(raw []byte) (*contact.Contact, []string, error) {
	c := &contact.Contact{}
	strict := json.NewDecoder(bytes.NewReader(raw))
	strict.DisallowUnknownFields()
	err := strict.Decode(c)
	if err == nil && c.Blocked == nil {
		return c, nil, nil
	}
	if err != nil {
		c = &contact.Contact{}
		if err := json.Unmarshal(raw, c); err != nil {
			if bare, ok := withoutIDs(raw, err); ok {
				return decodeContact(bare)
			}
			return nil, nil, err
		}
	}
	return noBlock(c), unknownKeys(raw), nil
}

// ignoredIDs are the keys, as encoding/json names a field in its errors,
// of the IDs an import ignores: they belong to the database that wrote
// the record (a contact's, a note's, an interaction's and its contact's).
var ignoredIDs = map[string]bool{"id": true, "notes.id": true, "interactions.id": true, "interactions.contact_id": true}

// withoutIDs returns raw, a record, without the IDs an import ignores,
// when err says one of them is not a whole number (a script's own "C-17",
// 1e2, a number past int64): such an ID, ignored as any other, rejected
// the record. ok is false for any other error.
func withoutIDs(raw []byte, err error) (bare []byte, ok bool) {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || !ignoredIDs[strings.ToLower(te.Field)] {
		return nil, false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return nil, false
	}
	dropped := false
	drop := func(obj map[string]json.RawMessage, keys ...string) {
		for k := range obj {
			if slices.Contains(keys, strings.ToLower(k)) {
				delete(obj, k)
				dropped = true
			}
		}
	}
	drop(top, "id")
	for k, v := range top {
		var list []json.RawMessage
		if lk := strings.ToLower(k); lk != "notes" && lk != "interactions" || json.Unmarshal(v, &list) != nil {
			continue
		}
		for i, e := range list {
			var o map[string]json.RawMessage
			if json.Unmarshal(e, &o) != nil || o == nil {
				continue
			}
			drop(o, "id", "contact_id")
			if list[i], err = json.Marshal(o); err != nil {
				return nil, false
			}
		}
		if top[k], err = json.Marshal(list); err != nil {
			return nil, false
		}
	}
	if !dropped {
		return nil, false // nothing to drop: the error stands
	}
	bare, err = json.Marshal(top)
	return bare, err == nil
}

// unknownKeys names, quoted, the keys of raw, a record, that are no
// contact field: at the top ("lable"), in an object ("blocked.untill")
// or in the objects of a list ("phones[0].lable"). A key that several
// objects of a list have is named at the first, with how many more.
func unknownKeys(raw []byte) []string {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return nil
	}
	var unknown []string
	for _, k := range slices.Sorted(maps.Keys(top)) {
		lk := strings.ToLower(k)
		if !contactKeys()[lk] {
			unknown = append(unknown, strconv.Quote(k))
			continue
		}
		known, nested := nestedKeys()[lk]
		if !nested {
			continue
		}
		var obj map[string]json.RawMessage
		var list []map[string]json.RawMessage
		switch {
		case json.Unmarshal(top[k], &obj) == nil:
			for _, sub := range slices.Sorted(maps.Keys(obj)) {
				if !known[strings.ToLower(sub)] {
					unknown = append(unknown, strconv.Quote(k+"."+sub))
				}
			}
		case json.Unmarshal(top[k], &list) == nil:
			var subs []string
			first, count := map[string]int{}, map[string]int{}
			for i, o := range list {
				for _, sub := range slices.Sorted(maps.Keys(o)) {
					if known[strings.ToLower(sub)] {
						continue
					}
					if _, seen := first[sub]; !seen {
						first[sub] = i
						subs = append(subs, sub)
					}
					count[sub]++
				}
			}
			for _, sub := range subs {
				name := strconv.Quote(fmt.Sprintf("%s[%d].%s", k, first[sub], sub))
				if more := count[sub] - 1; more > 0 {
					name += fmt.Sprintf(" (and in %d more)", more)
				}
				unknown = append(unknown, name)
			}
		}
	}
	return unknown
}

// nestedKeys are the JSON keys of the objects a contact holds, by the key
// that holds them (or a list of them): phones' label, number and e164,
// blocked's until, reason..., in lower case as contactKeys.
var nestedKeys = sync.OnceValue(func() map[string]map[string]bool {
	own := reflect.TypeOf(contact.Contact{}).PkgPath()
	nested := map[string]map[string]bool{}
	t := reflect.TypeOf(contact.Contact{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		et := t.Field(i).Type
		if et.Kind() == reflect.Slice || et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if name == "" || name == "-" || et.Kind() != reflect.Struct || et.PkgPath() != own {
			continue // a time, text, a list of text, the attributes' map
		}
		keys := map[string]bool{}
		for j := 0; j < et.NumField(); j++ {
			if k, _, _ := strings.Cut(et.Field(j).Tag.Get("json"), ","); k != "" && k != "-" && et.Field(j).IsExported() {
				keys[strings.ToLower(k)] = true
			}
		}
		nested[strings.ToLower(name)] = keys
	}
	return nested
})

// noBlock drops c's block when its until says there is none
// ("blocked": {"until": "no"}: contact.Block.None), and returns c.
func noBlock(c *contact.Contact) *contact.Contact {
	if c.Blocked != nil && c.Blocked.None() {
		c.Blocked = nil
	}
	return c
}

// contactKeys are the JSON keys of a contact (SPEC section 6), and those
// an import reads past in silence: show -o json's history, and the reason
// an error file gives each record; in lower case, as encoding/json
// matches keys whatever their case.
var contactKeys = sync.OnceValue(func() map[string]bool {
	keys := map[string]bool{"interactions": true, "changes": true, "error": true}
	t := reflect.TypeOf(contact.Contact{})
	for i := 0; i < t.NumField(); i++ {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			keys[strings.ToLower(name)] = true
		}
	}
	return keys
})

// jsonProblem says what is wrong with a record that does not decode into a
// contact, in the JSON's terms: the key, what it holds and what it should.
func jsonProblem(err error, raw json.RawMessage) string {
	var ce *contact.Error
	if errors.As(err, &ce) {
		return ce.Message // one that names its key (contact.ReadBlock)
	}
	var pe *time.ParseError
	if errors.As(err, &pe) {
		return timeProblem(pe.Value, raw)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		te.Field = elementKey(raw, te.Field, te.Value)
	}
	if te == nil {
		// time.Time says only "input is not a JSON string", of a time
		// given as a number, true or false, an object or a list.
		if key, kind := timeNotText(raw); key != "" {
			return fmt.Sprintf("%s: a JSON %s where an RFC 3339 time (text) is expected", key, kind)
		}
		return "not a contact object: " + err.Error()
	}
	want := "a value of another kind"
	switch te.Type.Kind() {
	case reflect.Slice, reflect.Array:
		want = "a list"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		want = "an object"
	case reflect.String:
		want = "text"
	case reflect.Bool:
		want = "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64:
		want = "a number"
		if lit, ok := strings.CutPrefix(te.Value, "number "); ok && te.Field != "" {
			// A number, but not one the field holds.
			if _, err := strconv.ParseFloat(lit, 64); err == nil && te.Type.Kind() != reflect.Float64 && strings.ContainsAny(lit, ".eE") {
				return fmt.Sprintf("%s: %s where a whole number is expected", te.Field, lit)
			}
			return fmt.Sprintf("%s: %s is out of range", te.Field, lit)
		}
	}
	if te.Field == "" {
		return fmt.Sprintf("not a contact object: a JSON %s where %s is expected", te.Value, want)
	}
	return fmt.Sprintf("%s: a JSON %s where %s is expected", te.Field, te.Value, want)
}

// elementKey is field, a key as encoding/json names it in a list
// ("phones.number"), with the index of the first element of the list in
// raw whose key holds JSON of the kind value says ("number", "number
// 1e400", "string"...): "phones[1].number". Other keys are as they are.
func elementKey(raw json.RawMessage, field, value string) string {
	list, sub, ok := strings.Cut(field, ".")
	kind, _, _ := strings.Cut(value, " ")
	if !ok || strings.Contains(sub, ".") {
		return field
	}
	key := findKey(raw, func(k, in string, v json.RawMessage, listed bool) bool {
		return listed && strings.EqualFold(k, list) && strings.EqualFold(in, sub) && jsonKind(v) == kind
	})
	open, end := strings.IndexByte(key, '['), strings.IndexByte(key, ']')
	if open < 0 || end < open {
		return field
	}
	// Named as encoding/json names the field, with the element's index.
	return list + key[open:end+1] + "." + sub
}

// timeProblem names the key of a time that does not parse: encoding/json
// says only which text failed, so the key is the one that holds that text,
// at the top (created_at) or in a list (interactions[0].at).
func timeProblem(value string, raw json.RawMessage) string {
	key := timeKey(raw, func(v json.RawMessage) bool {
		var text string
		return json.Unmarshal(v, &text) == nil && text == value
	})
	if key == "" {
		key = "a time"
	}
	return fmt.Sprintf("%s: %q is not an RFC 3339 time (such as 2026-06-15T12:00:00Z)", key, value)
}

// offsetPast2359 names a time of raw, a record, whose offset is past
// 23:59, which encoding/json takes (contact.OffsetPast2359) and a time of
// no other text is; "" when none is.
func offsetPast2359(raw json.RawMessage) string {
	if !mayHoldOffsetPast2359(raw) {
		return ""
	}
	var value string
	key := timeKey(raw, func(v json.RawMessage) bool {
		var text string
		if json.Unmarshal(v, &text) != nil || !contact.OffsetPast2359(text) {
			return false
		}
		_, err := time.Parse(time.RFC3339, text)
		value = text
		return err == nil
	})
	if key == "" {
		return ""
	}
	return fmt.Sprintf("%s: %q is not an RFC 3339 time: its offset is past 23:59", key, value)
}

// mayHoldOffsetPast2359 says whether raw, JSON, may hold a text that ends
// in an offset past 23:59 ("...+24:00"): one whose last five characters,
// HH:MM before its closing quote, say an hour past 23 or a minute past
// 59, or any text with a \u escape, which may spell those characters.
// Most records hold none, and are then spared offsetPast2359's parsing of
// the record again, key by key, which took twice as long as reading it.
func mayHoldOffsetPast2359(raw []byte) bool {
	if bytes.Contains(raw, []byte(`\u`)) {
		return true
	}
	digits := func(b []byte) bool { return b[0] >= '0' && b[0] <= '9' && b[1] >= '0' && b[1] <= '9' }
	for i := 5; i < len(raw); i++ {
		if raw[i] != '"' || raw[i-3] != ':' {
			continue
		}
		hh, mm := raw[i-5:i-3], raw[i-2:i]
		if digits(hh) && digits(mm) && (string(hh) > "23" || string(mm) > "59") {
			return true
		}
	}
	return false
}

// timeNotText names the key of a time that is not JSON text, and the kind
// of JSON it is (number, bool, object, array), as encoding/json names
// kinds; "" when no time key holds one.
func timeNotText(raw json.RawMessage) (key, kind string) {
	key = timeKey(raw, func(v json.RawMessage) bool {
		k := jsonKind(v)
		if k == "string" || k == "null" {
			return false
		}
		kind = k
		return true
	})
	return key, kind
}

// jsonKind is the kind of the JSON value v, in encoding/json's words.
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// timeKey is the first key of raw, a record, that holds a time and whose
// value holds says yes to: at the top (created_at), in a list
// (interactions[0].at) or in an object (blocked.until); "" when none does.
// The changes that show -o json adds, which an import reads past, are not
// looked at.
func timeKey(raw json.RawMessage, holds func(json.RawMessage) bool) string {
	// Only keys that hold times: created_at, until, interactions' at...
	isTime := func(k string) bool { return k == "at" || k == "until" || strings.HasSuffix(k, "_at") }
	return findKey(raw, func(k, sub string, v json.RawMessage, _ bool) bool {
		if sub != "" {
			k = sub
		}
		return isTime(strings.ToLower(k)) && holds(v)
	})
}

// findKey is the first key of raw, a record, in the order of its names,
// whose value is says yes to: one at the top (created_at, with sub ""),
// a key of an object in a list (interactions[0].at, listed) or of an
// object (blocked.until); "" when none is. The changes that show -o json
// adds, which an import reads past, are not looked at.
func findKey(raw json.RawMessage, is func(k, sub string, v json.RawMessage, listed bool) bool) string {
	var top map[string]json.RawMessage
	_ = json.Unmarshal(raw, &top)
	for _, k := range slices.Sorted(maps.Keys(top)) {
		if strings.EqualFold(k, "changes") {
			continue
		}
		var list []map[string]json.RawMessage
		var obj map[string]json.RawMessage
		switch v := top[k]; {
		case is(k, "", v, false):
			return k
		case json.Unmarshal(v, &list) == nil:
			for i, o := range list {
				for _, sub := range slices.Sorted(maps.Keys(o)) {
					if is(k, sub, o[sub], true) {
						return fmt.Sprintf("%s[%d].%s", k, i, sub)
					}
				}
			}
		case json.Unmarshal(v, &obj) == nil:
			for _, sub := range slices.Sorted(maps.Keys(obj)) {
				if is(k, sub, obj[sub], false) {
					return k + "." + sub
				}
			}
		}
	}
	return ""
}
