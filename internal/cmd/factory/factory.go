// Package factory gives commands their dependencies (streams, config,
// store, printer, clock) lazily, so that a command pays only for what it
// uses: `rolo --version` opens nothing, `rolo config` opens no database.
package factory

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/config"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/iostreams"
	"github.com/rolo-cli/rolo/internal/output"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// QueryArgs is the annotation that marks commands whose arguments are a
// query, where "-term" negates a term rather than naming a flag.
const QueryArgs = "rolo:query-args"

// RequiredQuery is the argument check of a command whose QUERY may not
// be left out: one or more arguments, not all blank. A blank one
// (`rolo email "$1"` called with none) is refused as a missing one is,
// exit 2, not run as a query without terms, which matches every contact.
func RequiredQuery(c *cobra.Command, args []string) error {
	if err := cobra.MinimumNArgs(1)(c, args); err != nil {
		return err
	}
	if strings.TrimSpace(strings.Join(args, " ")) != "" {
		return nil
	}
	name := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	_, use, _ := strings.Cut(c.Use, " ")
	return fmt.Errorf("%s: the query is blank; give QUERY (usage: %s %s)", name, c.CommandPath(), use)
}

// OutputFormats is the annotation that lists, comma-separated, the -o
// formats a command takes, for its help and completion: ContactFormats
// for the commands that print contacts (ContactPrinter), export's and
// template's own. Without it a command takes Printer's,
// output.PlainFormats.
const OutputFormats = "rolo:output-formats"

// ContactFormats is OutputFormats for the commands that print contacts.
var ContactFormats = strings.Join(output.Formats, ",")

// Interruptible is the annotation that marks commands that catch Ctrl-C
// (and SIGTERM): those that run long or write files, which then roll back,
// remove what they had started to write and say so. Other commands end at
// once, the default, which loses nothing (an unfinished SQLite transaction
// never lands) and spares their start-up the cost of catching signals.
const Interruptible = "rolo:interruptible"

// Globals are the global flags (SPEC section 3).
type Globals struct {
	Profile  string
	DB       string
	As       string
	Output   string
	NoHeader bool
	Quiet    bool
	Yes      bool
}

// Factory builds what commands need.
type Factory struct {
	IO      *iostreams.IOStreams
	Globals Globals
	Env     config.Env
	// Now is the clock. ROLO_NOW (RFC 3339) fixes it, for tests and for
	// reproducing a report as of a given time. It is in UTC, however
	// ROLO_NOW is written, as rolo counts (--for 1d, created:<1d) and
	// stores times; what goes by the local calendar (birthdays, the
	// after-today check of a date) takes the local zone itself.
	Now func() time.Time

	cfg     *config.Config
	profile *config.Profile
	store   *sqlite.DB
	nowErr  error // a ROLO_NOW that is no time, said by Profile
	// answers reads what the user types at the questions, all of them, so
	// that an answer typed (or piped) ahead is not lost between two.
	answers *bufio.Reader
}

// New returns a factory on the process's streams and environment.
func New() *Factory {
	f := &Factory{IO: iostreams.System(), Env: os.Getenv, Now: func() time.Time { return time.Now().UTC() }}
	if v := os.Getenv("ROLO_NOW"); v != "" {
		// time.Parse puts a time whose offset is the local zone's in
		// that zone, and any other in a fixed one.
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			t = t.UTC()
			f.Now = func() time.Time { return t }
		} else {
			// Not ignored: a report "as of" a time must not silently be
			// as of now.
			f.nowErr = contact.Errorf(contact.EINVALID, "ROLO_NOW: %q is not an RFC 3339 time (example: 2026-06-15T12:00:00Z)", v)
		}
	}
	return f
}

// Config loads the config file once.
func (f *Factory) Config() (*config.Config, error) {
	if f.cfg == nil {
		c, err := config.Load(f.Env)
		if err != nil {
			return nil, err
		}
		for _, k := range c.Unknown() {
			// Even with --quiet: a cron job's misspelt databse: would
			// otherwise export the default database's contacts, or
			// none, without a word.
			f.Warnf("rolo: warning: %s: unknown setting %q ignored (a profile takes %s)", contact.PathText(c.File()), k, strings.Join(config.Keys, ", "))
		}
		f.cfg = c
	}
	return f.cfg, nil
}

// Profile resolves the profile in effect once.
func (f *Factory) Profile() (*config.Profile, error) {
	if f.nowErr != nil {
		return nil, f.nowErr
	}
	if f.profile == nil {
		c, err := f.Config()
		if err != nil {
			return nil, err
		}
		p, err := c.Resolve(config.Overrides{Profile: f.Globals.Profile, Database: f.Globals.DB, User: f.Globals.As})
		if err != nil {
			return nil, err
		}
		f.profile = p
	}
	return f.profile, nil
}

// Store opens the profile's database once, acting as the profile's user,
// and creates it if it does not exist yet.
func (f *Factory) Store(ctx context.Context) (*sqlite.DB, error) {
	return f.open(ctx, false, func(*config.Profile) bool { return false })
}

// ReadStore opens the database for a command that only reads. A database
// named explicitly (--db, ROLO_DB, a profile's `database`) must exist: a
// mistyped path or a share that is not mounted is an error (exit 3), not a
// new empty address book that a cron export would write out as empty or a
// lookup would call unknown. The profile's default database is created, so
// that any command works on a fresh machine. A database in a directory the
// user may not write is read as it is, where a command that writes is
// refused.
func (f *Factory) ReadStore(ctx context.Context) (*sqlite.DB, error) {
	return f.open(ctx, true, namedExplicitly)
}

// ChangeStore opens the database for a command that changes what is in it
// already (a contact, a teammate, an import batch). As for ReadStore, a
// database named explicitly must exist: such a command finds nothing to
// change in a new one, and a mistyped --db would leave an empty database
// behind. add, import, block and log (of a number or email), team add and
// view save create one (Store), once they have checked their input.
func (f *Factory) ChangeStore(ctx context.Context) (*sqlite.DB, error) {
	return f.open(ctx, false, namedExplicitly)
}

// namedExplicitly reports whether the profile's database was named by
// --db, ROLO_DB or the profile's database setting rather than defaulted:
// such a database must exist for ReadStore and ChangeStore.
func namedExplicitly(p *config.Profile) bool { return p.Source["database"] != "default" }

// elsewhere adds to err, a refusal to create the profile's default
// database (a home the user may not write, or a system user's
// /nonexistent under cron), how to keep the database somewhere else: the
// user chose no path, so the message must say how to choose one.
func elsewhere(p *config.Profile, err error) error {
	if namedExplicitly(p) || contact.ErrorCode(err) != contact.EPERM {
		return err
	}
	if _, serr := os.Lstat(p.Database); serr == nil {
		return err // there is a database, which the user may not use
	}
	return contact.Errorf(contact.EPERM, "%s; name a database elsewhere with --db or ROLO_DB, or set database in the profile (rolo config set database PATH)", contact.ErrorMessage(err))
}

// ExistingStore is ReadStore for a command that must not start from a
// new, empty database even where the profile's database is the default
// one, which ReadStore creates: an export over a file that holds an
// earlier one, which a cron job whose environment names another data
// directory (XDG_DATA_HOME set in ~/.profile, which cron does not read)
// would otherwise replace with an empty export. It fails, exit 3, where
// there is no database yet, and the error says where it looked.
func (f *Factory) ExistingStore(ctx context.Context) (*sqlite.DB, error) {
	st, err := f.open(ctx, true, func(*config.Profile) bool { return true })
	if contact.ErrorCode(err) == contact.ENOTFOUND {
		// Only where there is no database: one that does not know the
		// user (not a teammate, removed) is where it should be.
		if p, perr := f.Profile(); perr == nil && !namedExplicitly(p) && !exists(p.Database) {
			err = contact.Errorf(contact.ENOTFOUND, "%s: the default database of profile %s, where this environment places it "+
				"(are XDG_DATA_HOME and HOME what they are in your shell? name the database with --db or ROLO_DB)", contact.ErrorMessage(err), p.Name)
		}
	}
	return st, err
}

// exists reports whether there is a file (or anything else) at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// CompletionStore opens the database for shell completion, which never
// creates one: pressing TAB must not leave a new file behind.
func (f *Factory) CompletionStore(ctx context.Context) (*sqlite.DB, error) {
	return f.open(ctx, true, func(*config.Profile) bool { return true })
}

func (f *Factory) open(ctx context.Context, readOnly bool, mustExist func(*config.Profile) bool) (*sqlite.DB, error) {
	if f.store == nil {
		p, err := f.Profile()
		if err != nil {
			return nil, err
		}
		upgrading := func(from, to int) {
			f.Infof("Upgrading %s from schema version %d to %d (once; on a large address book this takes a while)...", contact.PathText(p.Database), from, to)
		}
		s, err := sqlite.Open(ctx, p.Database, sqlite.Options{Actor: p.User, Owner: p.Owner, Region: p.Region, Now: f.Now, ReadOnly: readOnly, MustExist: mustExist(p), Upgrading: upgrading})
		if err != nil {
			return nil, elsewhere(p, err)
		}
		f.store = s
	}
	return f.store, nil
}

// NameDatabase names the database file in an error about it that a
// command met (sqlite.DB.NameFile), once the command has opened one.
func (f *Factory) NameDatabase(err error) error {
	if f.store == nil {
		return err
	}
	return f.store.NameFile(err)
}

// Close releases what the factory opened.
func (f *Factory) Close() {
	if f.store != nil {
		f.store.Close()
		f.store = nil
	}
}

// Printer returns the output layer for -o/--no-header and the profile's
// date format.
func (f *Factory) Printer() (*output.Printer, error) {
	p, err := f.ContactPrinter()
	if err != nil {
		return nil, err
	}
	if err := p.NoVCard(); err != nil {
		return nil, err
	}
	return p, nil
}

// ShowTime renders a time a message names as the output shows times
// (output.Printer.Moment: local, in the date format, on a terminal); RFC
// 3339 in UTC when there is no printer to ask.
func (f *Factory) ShowTime() contact.ShowTime {
	p, err := f.ContactPrinter()
	if err != nil {
		return nil
	}
	return p.Moment
}

// ContactPrinter is Printer for the commands that print contacts, which
// -o vcard writes as vCards too.
func (f *Factory) ContactPrinter() (*output.Printer, error) {
	dateFormat := ""
	if p, err := f.Profile(); err == nil {
		dateFormat = p.DateFormat
	}
	p, err := output.New(f.IO, f.Globals.Output, f.Globals.NoHeader, dateFormat, f.Now)
	if err != nil {
		return nil, err
	}
	p.Quiet = f.Globals.Quiet
	return p, nil
}

// Infof writes a message for the user to stderr, unless --quiet. Control
// characters in it (from a file name) are escaped (iostreams.Printable).
func (f *Factory) Infof(format string, args ...any) {
	if !f.Globals.Quiet {
		fmt.Fprintln(f.IO.ErrOut, iostreams.Printable(fmt.Sprintf(format, args...)))
	}
}

// Warnf writes a message to stderr even with --quiet, for what a script
// must hear of (escaped as Infof's).
func (f *Factory) Warnf(format string, args ...any) {
	fmt.Fprintln(f.IO.ErrOut, iostreams.Printable(fmt.Sprintf(format, args...)))
}

// Confirm asks a yes/no question on the terminal (IOStreams.PromptOut).
// With --yes it is yes; without a terminal to ask on it is the value of
// noTTY.
func (f *Factory) Confirm(question string, noTTY bool) (bool, error) {
	if f.Globals.Yes {
		return true, nil
	}
	if !f.IO.CanPrompt() {
		return noTTY, nil
	}
	line, ok := f.Ask(question + " [y/N] ")
	if !ok {
		return false, nil
	}
	switch strings.ToLower(line) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// AskAgain asks a question whose answer is yes unless the user says no
// ("Edit again? [Y/n]"), on the terminal, whatever --yes says: it offers
// another go, not consent. The end of input is no.
func (f *Factory) AskAgain(question string) bool {
	for {
		line, ok := f.Ask(question + " [Y/n] ")
		if !ok {
			return false
		}
		switch strings.ToLower(line) {
		case "", "y", "yes":
			return true
		case "n", "no":
			return false
		}
	}
}

// Ask writes question on the terminal (IOStreams.PromptOut) and returns
// the answer typed, trimmed, or false at the end of input (Ctrl-D). Every
// question reads its answer from one buffered reader of stdin, so that
// answers typed (or piped) ahead are not lost between two questions,
// whoever asks them. The end of input leaves the cursor after the
// question: its line is ended, as a typed answer and Enter would have.
// Control characters in the question (a name it gives) are escaped.
func (f *Factory) Ask(question string) (string, bool) {
	fmt.Fprint(f.IO.PromptOut(), iostreams.Printable(question))
	if f.answers == nil {
		f.answers = bufio.NewReader(f.IO.In)
	}
	line, err := f.answers.ReadString('\n')
	if err != nil {
		fmt.Fprintln(f.IO.PromptOut())
		if line == "" {
			return "", false
		}
	}
	return strings.TrimSpace(line), true
}

// ResolveRefsOr is ResolveRefs in scope, except that each REF (an
// argument, an ID on stdin) not found in scope is looked for in every
// scope, so that a command can say a contact is already where it would
// put it (in the trash, out of it) rather than "not found". A REF found in
// scope stays as it was: "Grace" is the Grace in the trash for restore
// even when another Grace is not. where is matched in whereScope. The
// targets that are not Loaded are in scope or match where.
func (f *Factory) ResolveRefsOr(ctx context.Context, st contact.Store, args []string, where string, scope, whereScope contact.Scope) (*Targets, error) {
	return f.resolveRefs(ctx, st, args, where, scope, whereScope, refOr(ctx, st, scope), nil)
}

// refOr resolves a REF in scope or, when not found there, in every scope
// (ResolveRefsOr).
func refOr(ctx context.Context, st contact.Store, scope contact.Scope) func(string) (*contact.Contact, error) {
	return func(ref string) (*contact.Contact, error) {
		c, err := st.ResolveRef(ctx, ref, scope)
		if contact.ErrorCode(err) == contact.ENOTFOUND && scope != contact.ScopeAny {
			if any, err2 := st.ResolveRef(ctx, ref, contact.ScopeAny); err2 == nil {
				return any, nil
			}
		}
		return c, err
	}
}

// ResolveRefAny resolves one REF for a command that reads a contact
// wherever it is (show, history): among contacts not in the trash first, so
// that a name shared with a contact in the trash is not ambiguous; in the
// trash only when nothing else matches.
func (f *Factory) ResolveRefAny(ctx context.Context, st contact.Store, ref string) (*contact.Contact, error) {
	c, err := st.ResolveRef(ctx, ref, contact.ScopeActive)
	if contact.ErrorCode(err) == contact.ENOTFOUND {
		return st.ResolveRef(ctx, ref, contact.ScopeAny)
	}
	return c, err
}

// ResolveRefs turns command arguments into visible contacts: each argument
// is a REF (ID, UID or unique query), "-" reads IDs from stdin (the first
// field of each line of -o ids, TSV, a table or CSV: see idRows), and where adds every contact a query matches. The result
// has no duplicates and keeps the order given. The contacts of where, and
// the IDs on stdin found in scope, are taken by ID only (see Targets).
func (f *Factory) ResolveRefs(ctx context.Context, st contact.Store, args []string, where string, scope contact.Scope) (*Targets, error) {
	return f.resolveRefs(ctx, st, args, where, scope, scope, refIn(ctx, st, scope), nil)
}

// refIn resolves a REF in scope (ResolveRefs).
func refIn(ctx context.Context, st contact.Store, scope contact.Scope) func(string) (*contact.Contact, error) {
	return func(ref string) (*contact.Contact, error) {
		return st.ResolveRef(ctx, ref, scope)
	}
}

// resolveRefs resolves args and where (in whereScope; a contact where
// finds outside it, as is:deleted does, is resolved as its ID named would
// be). The IDs read from stdin (idRows) are checked a chunk at a time:
// those visible in scope are taken as they are, as resolve would have
// found them; resolve looks for each other one, which is found elsewhere
// or is the error it always was.
// A row of stdin whose first field is empty goes to noID (its line and
// fields); with no noID it is an error, as a field that is no ID is.
func (f *Factory) resolveRefs(ctx context.Context, st contact.Store, args []string, where string, scope, whereScope contact.Scope, resolve func(string) (*contact.Contact, error), noID func(line int, fields []string) error) (*Targets, error) {
	if err := checkWhere(where); err != nil {
		return nil, err
	}
	t := newTargets()
	var pending []int64
	flush := func() error {
		err := takeIDs(ctx, st, t, pending, scope, resolve)
		pending = pending[:0]
		return err
	}
	for _, a := range args {
		if a == "-" {
			err := idRows(f.IO.In, func(line int, fields []string) error {
				id, ok := contact.ParseID(fields[0])
				if !ok && fields[0] == "" && noID != nil {
					return noID(line, fields)
				}
				if !ok {
					// The IDs before this line are looked for first, as
					// they were read: one not found is the error.
					if err := flush(); err != nil {
						return err
					}
					if fields[0] == "" {
						return contact.Errorf(contact.EINVALID, "stdin line %d: the first field is empty: no contact ID (a row of no contact, such as a raw number's in rolo blocked)", line)
					}
					return contact.Errorf(contact.EINVALID, "stdin line %d: %q is not a contact ID", line, fields[0])
				}
				if pending = append(pending, id); len(pending) == idChunk {
					return flush()
				}
				return nil
			})
			if err == nil {
				err = flush()
			}
			if err != nil {
				return nil, err
			}
			continue
		}
		c, err := resolve(a)
		if err != nil {
			return nil, err
		}
		t.add(c)
	}
	if where != "" {
		ids, err := st.ContactIDs(ctx, contact.Filter{Query: where, Scope: whereScope, Sort: []string{"id"}})
		if err != nil {
			return nil, err
		}
		if whereScope == contact.ScopeAny {
			for _, id := range ids {
				t.addID(id)
			}
		} else {
			// A query can reach out of its scope (is:deleted matches in
			// the trash): the contacts it found there are resolved as
			// their IDs named would be, so that delete --where is:deleted
			// is no change and archive --where is:deleted says they are
			// in the trash, rather than "no contact with ID N".
			for len(ids) > 0 {
				n := min(len(ids), idChunk)
				if err := takeIDs(ctx, st, t, ids[:n], whereScope, resolve); err != nil {
					return nil, err
				}
				ids = ids[n:]
			}
		}
	}
	return t, t.nameOne(ctx, st)
}

// takeIDs adds ids to t: those visible in scope as they are, each other
// one as resolve finds it (elsewhere, or the error it is). An ID is only
// ever an ID (ResolveRef reads digits so): one that a teammate purged, or
// that is private to someone else, is "no contact with ID N", never a
// contact whose phone number has those digits.
func takeIDs(ctx context.Context, st contact.Store, t *Targets, ids []int64, scope contact.Scope, resolve func(string) (*contact.Contact, error)) error {
	if len(ids) == 0 {
		return nil
	}
	found, err := st.ContactIDs(ctx, contact.Filter{IDs: ids, Scope: scope, IncludeArchived: true})
	if err != nil {
		return err
	}
	in := make(map[int64]bool, len(found))
	for _, id := range found {
		in[id] = true
	}
	for _, id := range ids {
		if in[id] {
			t.addID(id)
			continue
		}
		c, err := resolve(strconv.FormatInt(id, 10))
		if contact.ErrorCode(err) == contact.ENOTFOUND {
			// An ID no visible contact has is that, whatever its length:
			// not a REF that might have been a phone number.
			if _, err2 := st.Contact(ctx, id); contact.ErrorCode(err2) == contact.ENOTFOUND {
				return err2
			}
		}
		if err != nil {
			return err
		}
		t.add(c)
	}
	return nil
}
