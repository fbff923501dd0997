package contact

import (
	"sort"
	"strings"
)

// Field is a scalar field of a contact that can be set, unset and queried by
// name (`edit --set FIELD=VALUE`, `field:VALUE`).
type Field struct {
	Name string // the name users type: "first", "company", ...
	Key  string // the JSON key and database column: "first_name", ...
	get  func(*Contact) string
	set  func(*Contact, string)
}

// Get returns the field's value on c.
func (f *Field) Get(c *Contact) string { return f.get(c) }

// Set assigns v to the field on c; validation happens later, on the whole
// contact.
func (f *Field) Set(c *Contact, v string) { f.set(c, v) }

// saysLess reports whether v, a value of the field, says less than have
// of the same thing, so that an import or a merge keeps have: a birthday
// or anniversary without a year (--12-31, as a card that omits the year
// gives it) of the same day as a dated one (1990-12-31). Both are
// normalized.
func (f *Field) saysLess(v, have string) bool {
	if f.Name != "birthday" && f.Name != "anniversary" {
		return false
	}
	// --MM-DD and YYYY-MM-DD: the same -MM-DD after the year.
	return strings.HasPrefix(v, "--") && len(have) == len("2006-01-02") && have[4:] == v[1:]
}

var fields = []*Field{
	{"prefix", "prefix", func(c *Contact) string { return c.Prefix }, func(c *Contact, v string) { c.Prefix = v }},
	{"first", "first_name", func(c *Contact) string { return c.FirstName }, func(c *Contact, v string) { c.FirstName = v }},
	{"middle", "middle_name", func(c *Contact) string { return c.MiddleName }, func(c *Contact, v string) { c.MiddleName = v }},
	{"last", "last_name", func(c *Contact) string { return c.LastName }, func(c *Contact, v string) { c.LastName = v }},
	{"suffix", "suffix", func(c *Contact) string { return c.Suffix }, func(c *Contact, v string) { c.Suffix = v }},
	{"nickname", "nickname", func(c *Contact) string { return c.Nickname }, func(c *Contact, v string) { c.Nickname = v }},
	{"company", "company", func(c *Contact) string { return c.Company }, func(c *Contact, v string) { c.Company = v }},
	{"title", "title", func(c *Contact) string { return c.Title }, func(c *Contact, v string) { c.Title = v }},
	{"department", "department", func(c *Contact) string { return c.Department }, func(c *Contact, v string) { c.Department = v }},
	{"type", "type", func(c *Contact) string { return c.Type }, func(c *Contact, v string) { c.Type = v }},
	{"level", "level", func(c *Contact) string { return c.Level }, func(c *Contact, v string) { c.Level = v }},
	{"birthday", "birthday", func(c *Contact) string { return c.Birthday }, func(c *Contact, v string) { c.Birthday = v }},
	{"anniversary", "anniversary", func(c *Contact) string { return c.Anniversary }, func(c *Contact, v string) { c.Anniversary = v }},
	{"language", "language", func(c *Contact) string { return c.Language }, func(c *Contact, v string) { c.Language = v }},
	{"timezone", "timezone", func(c *Contact) string { return c.Timezone }, func(c *Contact, v string) { c.Timezone = v }},
}

var fieldsByName = func() map[string]*Field {
	m := make(map[string]*Field)
	for _, f := range fields {
		m[f.Name] = f
		m[f.Key] = f
	}
	m["lang"] = m["language"]
	m["tz"] = m["timezone"]
	m["org"] = m["company"]
	return m
}()

// Fields returns the scalar fields in display order.
func Fields() []*Field { return fields }

// LookupField finds a scalar field by its name, JSON key or alias,
// case-insensitively.
func LookupField(name string) (*Field, bool) {
	f, ok := fieldsByName[strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), "-", "_"))]
	return f, ok
}

// FieldNames lists the names accepted by LookupField's canonical form, for
// error messages and completion.
func FieldNames() []string {
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}
