package sqlite

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/query"
)

// buildWhere turns a filter into one SQL condition with bound parameters
// only: no value from the user is ever written into the SQL text.
func (d *DB) buildWhere(f contact.Filter) (string, []any, error) {
	q, err := query.Parse(f.Query)
	if err != nil {
		return "", nil, err
	}
	var (
		conds         []string
		args          []any
		wantsDeleted  bool
		wantsArchived = f.IncludeArchived
	)
	for _, t := range q.Terms {
		if t.Key == "is" && !t.Negate {
			for _, v := range t.Values {
				switch strings.ToLower(v) {
				case "deleted":
					wantsDeleted = true
				case "archived":
					wantsArchived = true
				}
			}
		}
		cond, targs, err := d.termSQL(t)
		if err != nil {
			return "", nil, err
		}
		if t.Negate {
			cond = "NOT (" + cond + ")"
		}
		conds = append(conds, cond)
		args = append(args, targs...)
	}
	if !wantsDeleted {
		switch f.Scope {
		case contact.ScopeDeleted:
			conds = append(conds, "c.deleted_at IS NOT NULL")
		case contact.ScopeActive:
			conds = append(conds, "c.deleted_at IS NULL")
		}
	}
	if !wantsArchived && f.Scope != contact.ScopeDeleted {
		conds = append(conds, "c.archived_at IS NULL")
	}
	if len(f.IDs) > 0 {
		conds = append(conds, "c.id IN ("+placeholders(len(f.IDs))+")")
		args = append(args, int64Args(f.IDs)...)
	}
	if len(conds) == 0 {
		return "1", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// likeArg escapes a value for a LIKE '%...%' match.
func likeArg(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(v) + "%"
}

// anyOf ORs one condition over a term's comma-separated values.
func anyOf(values []string, cond func(v string) (string, []any, error)) (string, []any, error) {
	var parts []string
	var args []any
	for _, v := range values {
		c, a, err := cond(v)
		if err != nil {
			return "", nil, err
		}
		parts = append(parts, c)
		args = append(args, a...)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args, nil
}

func like(col string) func(v string) (string, []any, error) {
	return func(v string) (string, []any, error) {
		return col + ` LIKE ? ESCAPE '\'`, []any{likeArg(v)}, nil
	}
}

func equalFold(col string) func(v string) (string, []any, error) {
	return func(v string) (string, []any, error) {
		return col + ` = ? COLLATE NOCASE`, []any{v}, nil
	}
}

func invalidTerm(t query.Term, why string) error {
	return contact.Errorf(contact.EINVALID, "query: %q %s", t.Raw, why)
}

func (d *DB) termSQL(t query.Term) (string, []any, error) {
	if t.Key != "" && t.Op != ":" && !comparable(t.Key) {
		return "", nil, invalidTerm(t, "does not take a comparison ("+t.Op+"); only created, updated and activity do")
	}
	switch t.Key {
	case "":
		return freeWord(t.Values[0])
	case "tag":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			return `c.id IN (SELECT contact_id FROM contact_tags WHERE tag = ? COLLATE NOCASE)`, []any{v}, nil
		})
	case "type", "level":
		allowed := contact.Types
		if t.Key == "level" {
			allowed = contact.Levels
		}
		return anyOf(t.Values, func(v string) (string, []any, error) {
			v = strings.ToLower(v)
			for _, a := range allowed {
				if a == v {
					return "c." + t.Key + " = ?", []any{v}, nil
				}
			}
			return "", nil, invalidTerm(t, "must be one of "+strings.Join(allowed, ", "))
		})
	case "owner":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			if v == "me" {
				return "c.owner_id = ?", []any{d.actor.ID}, nil
			}
			return `c.owner_id IN (SELECT id FROM users WHERE login = ?)`, []any{v}, nil
		})
	case "company", "name":
		col := map[string]string{"company": "c.company", "name": "c.display_name"}[t.Key]
		return anyOf(t.Values, like(col))
	case "city", "country":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			if t.Key == "country" {
				if code, err := contact.NormalizeCountry(v); err == nil {
					v = code
				}
				return `c.id IN (SELECT contact_id FROM contact_addresses WHERE country = ? COLLATE NOCASE)`, []any{v}, nil
			}
			return `c.id IN (SELECT contact_id FROM contact_addresses WHERE city LIKE ? ESCAPE '\')`, []any{likeArg(v)}, nil
		})
	case "lang":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			return `(c.language = ? COLLATE NOCASE OR c.language LIKE ? ESCAPE '\')`, []any{v, strings.ReplaceAll(v, "%", "") + "-%"}, nil
		})
	case "channel":
		return anyOf(t.Values, equalFold("c.last_channel"))
	case "email":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			return `c.id IN (SELECT contact_id FROM contact_emails WHERE address LIKE ? ESCAPE '\')`, []any{likeArg(strings.ToLower(v))}, nil
		})
	case "phone":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			digits := contact.Digits(v)
			if digits == "" {
				return "", nil, invalidTerm(t, "needs digits")
			}
			return `c.id IN (SELECT contact_id FROM contact_phones WHERE digits LIKE ?)`, []any{"%" + digits + "%"}, nil
		})
	case "id":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return "", nil, invalidTerm(t, "needs a numeric ID")
			}
			return "c.id = ?", []any{id}, nil
		})
	case "uid":
		return anyOf(t.Values, func(v string) (string, []any, error) { return "c.uid = ?", []any{v}, nil })
	case "is":
		return anyOf(t.Values, func(v string) (string, []any, error) { return d.isSQL(t, strings.ToLower(v)) })
	case "has":
		return anyOf(t.Values, func(v string) (string, []any, error) { return hasSQL(t, strings.ToLower(v)) })
	case "created", "updated", "activity":
		return timeSQL(t, d.now())
	case "birthday":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			norm, err := contact.ParseDate("birthday", v)
			if err != nil {
				return "", nil, invalidTerm(t, "needs a date (YYYY-MM-DD or --MM-DD)")
			}
			if strings.HasPrefix(norm, "--") {
				return "substr(c.birthday, -5) = ?", []any{norm[2:]}, nil
			}
			return "c.birthday = ?", []any{norm}, nil
		})
	case "field":
		return anyOf(t.Values, func(v string) (string, []any, error) {
			name, val, ok := strings.Cut(v, "=")
			f, known := contact.LookupField(name)
			if !ok || !known {
				return "", nil, invalidTerm(t, "needs FIELD=VALUE with a field among "+strings.Join(contact.FieldNames(), ", "))
			}
			return like("c." + f.Key)(val)
		})
	}
	if strings.HasPrefix(t.Key, "attr.") {
		key := strings.TrimPrefix(t.Key, "attr.")
		return anyOf(t.Values, func(v string) (string, []any, error) {
			if v == "*" {
				return `c.id IN (SELECT contact_id FROM contact_attributes WHERE key = ? COLLATE NOCASE)`, []any{key}, nil
			}
			return `c.id IN (SELECT contact_id FROM contact_attributes WHERE key = ? COLLATE NOCASE AND value LIKE ? ESCAPE '\')`, []any{key, likeArg(v)}, nil
		})
	}
	if f, ok := contact.LookupField(t.Key); ok {
		return anyOf(t.Values, like("c."+f.Key))
	}
	return "", nil, invalidTerm(t, "is not a known qualifier")
}

func comparable(key string) bool {
	return key == "created" || key == "updated" || key == "activity"
}

// freeWord matches a word anywhere a person would look for it: names,
// company, title, emails, tags, attributes, notes, and phone digits.
func freeWord(w string) (string, []any, error) {
	l := likeArg(w)
	cond := `(c.display_name LIKE ? ESCAPE '\' OR c.nickname LIKE ? ESCAPE '\' OR c.company LIKE ? ESCAPE '\'
		OR c.title LIKE ? ESCAPE '\' OR c.department LIKE ? ESCAPE '\'
		OR c.id IN (SELECT contact_id FROM contact_emails WHERE address LIKE ? ESCAPE '\')
		OR c.id IN (SELECT contact_id FROM contact_tags WHERE tag LIKE ? ESCAPE '\')
		OR c.id IN (SELECT contact_id FROM contact_attributes WHERE value LIKE ? ESCAPE '\')
		OR c.id IN (SELECT contact_id FROM notes WHERE body LIKE ? ESCAPE '\')`
	args := []any{l, l, l, l, l, l, l, l, l}
	if digits := contact.Digits(w); len(digits) >= 3 {
		cond += ` OR c.id IN (SELECT contact_id FROM contact_phones WHERE digits LIKE ?)`
		args = append(args, "%"+digits+"%")
	}
	return cond + ")", args, nil
}

func (d *DB) isSQL(t query.Term, v string) (string, []any, error) {
	switch v {
	case "favorite", "favourite", "starred":
		return `c.id IN (SELECT contact_id FROM favorites WHERE user_id = ?)`, []any{d.actor.ID}, nil
	case "blocked":
		return `c.id IN (SELECT contact_id FROM blocks WHERE contact_id IS NOT NULL AND lifted_at IS NULL AND (until IS NULL OR until > ?))`, []any{d.nowText()}, nil
	case "archived":
		return "c.archived_at IS NOT NULL", nil, nil
	case "deleted":
		return "c.deleted_at IS NOT NULL", nil, nil
	case "public", "private":
		return "c.visibility = ?", []any{v}, nil
	case "shared":
		return `c.id IN (SELECT contact_id FROM shares)`, nil, nil
	}
	return "", nil, invalidTerm(t, "needs one of favorite, blocked, archived, public, private, shared, deleted")
}

func hasSQL(t query.Term, v string) (string, []any, error) {
	switch v {
	case "phone":
		return `c.id IN (SELECT contact_id FROM contact_phones)`, nil, nil
	case "email":
		return `c.id IN (SELECT contact_id FROM contact_emails)`, nil, nil
	case "birthday":
		return `c.birthday <> ''`, nil, nil
	case "notes", "note":
		return `c.id IN (SELECT contact_id FROM notes)`, nil, nil
	case "address":
		return `c.id IN (SELECT contact_id FROM contact_addresses)`, nil, nil
	case "tags", "tag":
		return `c.id IN (SELECT contact_id FROM contact_tags)`, nil, nil
	}
	return "", nil, invalidTerm(t, "needs one of phone, email, birthday, notes, address, tags")
}

var ageRE = regexp.MustCompile(`^(\d+)(h|d|w|mo|y)$`)

// timeSQL handles created:/updated:/activity: with an absolute date or a
// relative age. With an age the comparison reads as "more/less than N ago":
// activity:>30d is a last interaction more than 30 days ago.
func timeSQL(t query.Term, now time.Time) (string, []any, error) {
	col := map[string]string{"created": "c.created_at", "updated": "c.updated_at", "activity": "c.last_activity_at"}[t.Key]
	if len(t.Values) != 1 {
		return "", nil, invalidTerm(t, "takes one date or age, not a list")
	}
	v := strings.ToLower(t.Values[0])
	if m := ageRE.FindStringSubmatch(v); m != nil {
		n, _ := strconv.Atoi(m[1])
		var at time.Time
		switch m[2] {
		case "h":
			at = now.Add(-time.Duration(n) * time.Hour)
		case "d":
			at = now.AddDate(0, 0, -n)
		case "w":
			at = now.AddDate(0, 0, -7*n)
		case "mo":
			at = now.AddDate(0, -n, 0)
		case "y":
			at = now.AddDate(-n, 0, 0)
		}
		bound := at.UTC().Format(timeLayout)
		switch t.Op {
		case ">": // older than
			return col + " < ?", []any{bound}, nil
		case ">=":
			return col + " <= ?", []any{bound}, nil
		case "<": // newer than
			return col + " > ?", []any{bound}, nil
		case "<=":
			return col + " >= ?", []any{bound}, nil
		}
		return col + " >= ?", []any{bound}, nil
	}
	day, err := time.Parse("2006-01-02", v)
	if err != nil {
		return "", nil, invalidTerm(t, "needs a date (YYYY-MM-DD) or an age such as 30d, 2w, 6mo, 1y")
	}
	start := day.UTC().Format(timeLayout)
	next := day.AddDate(0, 0, 1).UTC().Format(timeLayout)
	switch t.Op {
	case ">":
		return col + " >= ?", []any{next}, nil
	case ">=":
		return col + " >= ?", []any{start}, nil
	case "<":
		return col + " < ?", []any{start}, nil
	case "<=":
		return col + " < ?", []any{next}, nil
	}
	return "(" + col + " >= ? AND " + col + " < ?)", []any{start, next}, nil
}

// sortColumns maps the names --sort takes to SQL.
var sortColumns = map[string]string{
	"id": "c.id", "name": "c.display_name COLLATE NOCASE", "first": "c.first_name COLLATE NOCASE",
	"last": "c.last_name COLLATE NOCASE", "company": "c.company COLLATE NOCASE", "title": "c.title COLLATE NOCASE",
	"type": "c.type", "level": "c.level", "birthday": "c.birthday", "created": "c.created_at",
	"updated": "c.updated_at", "activity": "c.last_activity_at", "deleted": "c.deleted_at", "owner": "u.login", "visibility": "c.visibility",
}

func orderBy(fields []string) (string, error) {
	if len(fields) == 0 {
		return "c.display_name COLLATE NOCASE, c.id", nil
	}
	var parts []string
	for _, f := range fields {
		f = strings.TrimSpace(f)
		desc := strings.HasPrefix(f, "-")
		name := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(f, "-"), "+"))
		col, ok := sortColumns[name]
		if !ok {
			keys := make([]string, 0, len(sortColumns))
			for k := range sortColumns {
				keys = append(keys, k)
			}
			sortStrings(keys)
			return "", contact.Errorf(contact.EINVALID, "sort: unknown field %q (use %s)", f, strings.Join(keys, ", "))
		}
		if desc {
			col += " DESC"
		}
		parts = append(parts, col)
	}
	return strings.Join(parts, ", ") + ", c.id", nil
}
