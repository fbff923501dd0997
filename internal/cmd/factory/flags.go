package factory

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rolo-cli/rolo/internal/contact"
)

// StringArrayVar defines a flag that may be repeated, each use adding one
// value (pflag's StringArrayVar, with the same type name in help and
// completion).
func StringArrayVar(fs *pflag.FlagSet, p *[]string, name, usage string) {
	fs.VarPF(&repeatable{p: p}, name, "", usage).DefValue = ""
}

// StringSliceVar defines a flag that may be repeated, each use adding one
// or more comma-separated values (pflag's StringSliceVar).
func StringSliceVar(fs *pflag.FlagSet, p *[]string, name, usage string) {
	fs.VarPF(&repeatable{p: p, split: true}, name, "", usage).DefValue = ""
}

// TagsVar defines a flag of tags that may be repeated, each use adding one
// or more comma-separated tags. A tag cannot hold a comma, so the value is
// split on every comma, with no CSV quoting: a tag may hold a quote. An
// empty or blank tag (--add "$TAG" with the variable unset, "vip,") is
// refused, as an empty --db or --note is: dropping it would report "No
// change" for a tag never given.
func TagsVar(fs *pflag.FlagSet, p *[]string, name, usage string) {
	fs.VarPF(&repeatable{p: p, split: true, plain: true, what: "tag"}, name, "", usage).DefValue = ""
}

// LoginsVar defines a flag of teammates' logins that may be repeated or
// comma-separated. An empty login (--with "bob," or "$WHO" unset) is
// refused, as an empty tag is, rather than dropped.
func LoginsVar(fs *pflag.FlagSet, p *[]string, name, usage string) {
	fs.VarPF(&repeatable{p: p, split: true, what: "login"}, name, "", usage).DefValue = ""
}

// repeatable is the value of a repeatable string flag. pflag's own types
// format their empty defaults through a CSV writer when they are declared:
// 4 KB of fresh memory per flag (rolo has over 30), which every process
// paid for whatever its command. This one formats only when asked.
type repeatable struct {
	p       *[]string
	split   bool   // values are comma-separated (CSV, as pflag's stringSlice)
	plain   bool   // split on every comma, without CSV quoting
	what    string // when set, what a value is ("tag"): none may be blank
	changed bool
}

func (r *repeatable) Set(val string) error {
	vals := []string{val}
	if r.split {
		vals = nil
		if r.plain {
			vals = strings.Split(val, ",")
		} else if val != "" {
			var err error
			if vals, err = csv.NewReader(strings.NewReader(val)).Read(); err != nil {
				return err
			}
		}
	}
	if r.what != "" && slices.ContainsFunc(vals, func(v string) bool { return strings.TrimSpace(v) == "" }) {
		return fmt.Errorf("an empty %s (an unset variable, or a comma too many?)", r.what)
	}
	if !r.changed {
		*r.p = vals
		r.changed = true
	} else {
		*r.p = append(*r.p, vals...)
	}
	return nil
}

func (r *repeatable) Type() string {
	if r.split {
		return "stringSlice"
	}
	return "stringArray"
}

func (r *repeatable) String() string {
	if len(*r.p) == 0 {
		return "[]"
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(*r.p)
	w.Flush()
	return "[" + strings.TrimSuffix(b.String(), "\n") + "]"
}

// NonBlankStringVar defines a string flag that, when given, must not be
// empty or blank: `--db "$BACKUP_DB"` with the variable unset is a mistake
// (exit 2), not the default database. what names the value in the error
// ("path", "login").
func NonBlankStringVar(fs *pflag.FlagSet, p *string, name, what, usage string) {
	fs.Var(&nonBlank{p: p, what: what}, name, usage)
}

type nonBlank struct {
	p    *string
	what string
}

func (n *nonBlank) Set(val string) error {
	if strings.TrimSpace(val) == "" {
		return errors.New("empty " + n.what + " (an unset variable?)")
	}
	*n.p = val
	return nil
}

func (n *nonBlank) Type() string   { return "string" }
func (n *nonBlank) String() string { return *n.p }

// OnceStringVar defines a string flag of one value, as a contact's field
// holds one: given again with another value (--first Bob --first Rob) it is
// refused rather than the last replacing the first without a word, as edit
// refuses --set first=Bob --set first=Rob. The same value again is no
// second one (cobra reads a command line twice to complete it).
func OnceStringVar(fs *pflag.FlagSet, p *string, name, usage string) {
	fs.Var(&onceValue{p: p}, name, usage)
}

type onceValue struct {
	p   *string
	set bool
}

func (o *onceValue) Set(val string) error {
	if o.set && val != *o.p {
		return fmt.Errorf("given twice, first as %q: give one", *o.p)
	}
	o.set, *o.p = true, val
	return nil
}

func (o *onceValue) Type() string   { return "string" }
func (o *onceValue) String() string { return *o.p }

// PageSize is how many contacts a listing (list, search, trash, blocked
// -o ids) reads from the database at a time, and so about the most it
// holds in memory (but for a table, which keeps the cells it prints to
// measure them).
const PageSize = 1000

// PageVars defines a listing's --limit and --offset, with list's meaning;
// noun is what the listing prints ("contacts"). CheckPage checks their
// values.
func PageVars(fs *pflag.FlagSet, limit, offset *int, noun string) {
	IntVar(fs, limit, "limit", 0, "print at most `N` "+noun+" (0: all)")
	IntVar(fs, offset, "offset", 0, "skip the first `N` "+noun)
}

// IntVar defines a whole-number flag read in decimal, as a user means it:
// pflag's own reads --limit 010 as octal 8, 0x10 as 16 and 1_000 as 1000.
// A bad value fails as pflag's does (a *strconv.NumError), which the root
// command words.
func IntVar(fs *pflag.FlagSet, p *int, name string, value int, usage string) {
	*p = value
	fs.Var((*decimal)(p), name, usage)
}

type decimal int

func (d *decimal) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	*d = decimal(n)
	return nil
}

func (d *decimal) Type() string   { return "int" }
func (d *decimal) String() string { return strconv.Itoa(int(*d)) }

// Float64Var defines a number flag read in decimal: not NaN, an infinity
// or a hexadecimal float, which pflag's own takes.
func Float64Var(fs *pflag.FlagSet, p *float64, name string, value float64, usage string) {
	*p = value
	fs.Var((*decimalFloat)(p), name, usage)
}

type decimalFloat float64

func (d *decimalFloat) Set(s string) error {
	f, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(s, "xX_")) {
		err = &strconv.NumError{Func: "ParseFloat", Num: s, Err: strconv.ErrSyntax}
	}
	if err != nil {
		return err
	}
	*d = decimalFloat(f)
	return nil
}

func (d *decimalFloat) Type() string   { return "float64" }
func (d *decimalFloat) String() string { return strconv.FormatFloat(float64(*d), 'g', -1, 64) }

// CheckPage refuses a negative --limit or --offset (PageVars).
func CheckPage(limit, offset int) error {
	if limit < 0 || offset < 0 {
		return contact.Errorf(contact.EINVALID, "--limit and --offset must not be negative")
	}
	return nil
}
