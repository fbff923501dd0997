package sqlite

import "time"

// Since schema 31 a contact's type, level, visibility, creation time and
// display name, and a note's time, are columns generated from smaller
// stored ones (migrations/0031_contact_words_and_times_coded.sql): reads
// name the generated columns as before, and writes, which SQLite refuses
// on a generated column, name the stored ones with the values these make.

// The stored codes of the words, in SQL: each reads its word from one
// parameter, and a word it does not know is NULL, which the NOT NULL
// column refuses as the CHECK on the words did.
const (
	typeCodeSQL  = `CASE ? WHEN 'lead' THEN 0 WHEN 'prospect' THEN 1 WHEN 'customer' THEN 2 WHEN 'other' THEN 3 END`
	levelCodeSQL = `CASE ? WHEN 'primary' THEN 0 WHEN 'secondary' THEN 1 WHEN 'tertiary' THEN 2 END`
	publicSQL    = `CASE ? WHEN 'private' THEN 0 WHEN 'public' THEN 1 END`
)

// storedTime is the value the column created holds for the time s: its
// seconds since 1970 where s is written as rolo writes times (timeLayout,
// years 0 to 9999, which SQLite's strftime writes back the same), and s
// itself otherwise.
func storedTime(s string) any {
	if len(s) != len(timeLayout) {
		return s
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil || t.Format(timeLayout) != s {
		return s
	}
	return t.Unix()
}

// createdColumn reads the column created into a time: seconds as they
// are, and a text as parseTime reads the generated created_at (the same
// text). It spares a read of many contacts SQLite's strftime and the
// parse of its text.
type createdColumn struct{ t time.Time }

func (c *createdColumn) Scan(v any) error {
	switch v := v.(type) {
	case int64:
		c.t = time.Unix(v, 0).UTC()
	case string:
		c.t = parseTime(v)
	case []byte:
		c.t = parseTime(string(v))
	default:
		c.t = time.Time{}
	}
	return nil
}

// storedDisplayName is the value the column display_name_set holds for
// a contact of that display name and first and last names: NULL where the
// display name is the two names with a space between them, which the
// generated display_name makes of them.
func storedDisplayName(name, first, last string) any {
	if name == first+" "+last {
		return nil
	}
	return name
}
