package factory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Bulk commands (favorite, archive, block, tag, note ...) share one shape:
// several REFs, "-" for IDs on stdin, or --where QUERY; a question on a
// terminal before changing more than one contact, unless --yes; one
// transaction; a count of what changed.

// AddWhereFlag registers --where on a bulk command; its value completes as
// a query does (tags after tag:, of the contacts in scope, where the
// command looks for the query's), never as a file name. It is given once:
// a second --where would replace the first without a word, acting on
// contacts the user meant to leave out.
func (f *Factory) AddWhereFlag(cmd *cobra.Command, where *string, verb string, scope contact.Scope) {
	cmd.Flags().Var(&onceString{p: where}, "where", verb+" every contact matching `QUERY`")
	_ = cmd.RegisterFlagCompletionFunc("where", f.CompleteQuery(scope))
}

// onceString is the value of a string flag that may be given only once.
// The same value again is no second one: cobra reads a command line twice
// to complete it, so a --where before the word being completed is set
// twice with the same query (and a query given twice is that query).
type onceString struct {
	p   *string
	set bool
}

func (o *onceString) Set(val string) error {
	if o.set && val != *o.p {
		return errors.New("given twice; give one --where, with all its terms in one query")
	}
	// An empty --where is a script's unset variable. Taken as no
	// --where, it would leave the command to act on its other words:
	// note --where "$Q" Grace called back would note "called back" on
	// the one contact "Grace" names.
	if val == "" {
		return errors.New("empty query (an unset variable?)")
	}
	o.set, *o.p = true, val
	return nil
}

func (o *onceString) Type() string   { return "string" }
func (o *onceString) String() string { return *o.p }

// NeedTargets is the usage error of a bulk command given nothing to act on.
func NeedTargets(command string, args []string, where string) error {
	if len(args) == 0 && where == "" {
		return contact.Errorf(contact.EINVALID, "%s: give one or more REFs, - to read IDs from stdin, or --where QUERY", command)
	}
	return checkWhere(where)
}

// checkWhere refuses a --where of blanks only: a query without terms
// matches every contact, and "--where \"$A $B\"" with both unset must not
// delete or edit them all.
func checkWhere(where string) error {
	if where != "" && strings.TrimSpace(where) == "" {
		return contact.Errorf(contact.EINVALID, "--where: the query is blank; give it one or more terms")
	}
	return nil
}

// ConfirmBulk asks, on a terminal and without --yes, before acting on more
// than one contact: "Archive 3 contacts?". Without a terminal the answer is
// yes, so that scripts and pipes work. A "no" is an error that says nothing
// was changed.
func (f *Factory) ConfirmBulk(n int, verb string) error {
	return f.confirmBulk(n, verb, "contacts")
}

func (f *Factory) confirmBulk(n int, verb, noun string) error {
	if n <= 1 {
		return nil
	}
	ok, err := f.Confirm(fmt.Sprintf("%s %d %s?", capitalize(verb), n, noun), true)
	if err != nil {
		return err
	}
	if !ok {
		return contact.Errorf(contact.EINTERNAL, "cancelled; nothing was changed")
	}
	return nil
}

// CheckBeforeAsking returns check() when the command is to ask a question
// (a terminal, no --yes), so that a change the store would refuse (a
// member deleting a teammate's public contact) is refused before the user
// answers a question about it, not after; nil otherwise, where the change
// itself refuses as it would.
func (f *Factory) CheckBeforeAsking(check func() error) error {
	if f.Globals.Yes || !f.IO.CanPrompt() {
		return nil
	}
	return check()
}

// idChunk is how many IDs go into one store call that takes a list of
// them (Filter.IDs), well below SQLite's limit on bound values.
const idChunk = 500

// Targets are the contacts a bulk command acts on, by ID, in the order
// given, without duplicates. A --where or stdin that names 100,000
// contacts is 100,000 IDs, not 100,000 contacts read in full only to take
// their IDs: the store reads what each change needs. The contacts
// resolved one at a time (a REF argument, a number or email, an ID found
// only outside the scope asked for) are kept in Loaded; the others are
// known only to be visible and in the scope the command asked for.
type Targets struct {
	IDs []int64
	// Loaded holds the contacts resolved one at a time, by ID.
	Loaded map[int64]*contact.Contact
	// One is the contact when there is exactly one, for the messages that
	// name it; nil otherwise.
	One  *contact.Contact
	seen map[int64]bool
}

func newTargets() *Targets {
	return &Targets{Loaded: map[int64]*contact.Contact{}, seen: map[int64]bool{}}
}

// Len is how many contacts there are.
func (t *Targets) Len() int { return len(t.IDs) }

// Name renders the one contact for ReportBulk: "Ada Lovelace (1)".
func (t *Targets) Name() string {
	if t.One == nil {
		return ""
	}
	return fmt.Sprintf("%s (%d)", contact.MessageName(t.One.Name), t.One.ID)
}

func (t *Targets) add(c *contact.Contact) {
	if !t.seen[c.ID] {
		t.seen[c.ID] = true
		t.IDs = append(t.IDs, c.ID)
		t.Loaded[c.ID] = c
	}
}

func (t *Targets) addID(id int64) {
	if !t.seen[id] {
		t.seen[id] = true
		t.IDs = append(t.IDs, id)
	}
}

// nameOne reads the contact when there is only one, for One.
func (t *Targets) nameOne(ctx context.Context, st contact.Store) error {
	t.One = nil
	if len(t.IDs) != 1 {
		return nil
	}
	if c := t.Loaded[t.IDs[0]]; c != nil {
		t.One = c
		return nil
	}
	c, err := st.Contact(ctx, t.IDs[0])
	if err != nil {
		return err
	}
	t.One, t.Loaded[c.ID] = c, c
	return nil
}

// Contacts returns the contacts in order, reading those not Loaded: for a
// command that needs each contact whole and names only a few (merge).
func (t *Targets) Contacts(ctx context.Context, st contact.Store) ([]*contact.Contact, error) {
	out := make([]*contact.Contact, 0, len(t.IDs))
	for _, id := range t.IDs {
		c := t.Loaded[id]
		if c == nil {
			var err error
			if c, err = st.Contact(ctx, id); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// ResolveBulk resolves a bulk command's targets (see ResolveRefs) and, when
// they are several, confirms with ConfirmBulk. No target at all (an empty
// stdin, a --where that matches nothing) is NoTargets.
func (f *Factory) ResolveBulk(ctx context.Context, st contact.Store, args []string, where, verb string) (*Targets, error) {
	return f.resolveBulk(ctx, st, args, where, verb, "", false, nil)
}

// ResolveBulkMay is ResolveBulk for a change that some users may not make
// (share or unshare with the teammates to, transfer to the one teammate
// to): one the store would
// refuse (contact.Store.MayChange) is refused before the question, not
// after its yes.
func (f *Factory) ResolveBulkMay(ctx context.Context, st contact.Store, args []string, where, verb string, to []string) (*Targets, error) {
	return f.resolveBulk(ctx, st, args, where, verb, "", true, to)
}

// ResolveToggle is ResolveBulk for a command that puts contacts in a state
// some of them may be in already (archive, favorite): unchanged is the
// query those match ("is:archived"), and the question counts only the
// others, so that archiving 1, 2 and 3 when 2 and 3 are archived asks
// nothing, as archiving 1 alone does. They are counted only when there is
// a question to ask.
func (f *Factory) ResolveToggle(ctx context.Context, st contact.Store, args []string, where, verb, unchanged string) (*Targets, error) {
	return f.resolveBulk(ctx, st, args, where, verb, unchanged, false, nil)
}

func (f *Factory) resolveBulk(ctx context.Context, st contact.Store, args []string, where, verb, unchanged string, may bool, to []string) (*Targets, error) {
	t, err := f.ResolveRefs(ctx, st, args, where, contact.ScopeActive)
	if err != nil {
		return nil, err
	}
	if t.Len() == 0 {
		return nil, NoTargets(where)
	}
	n := t.Len()
	if unchanged != "" && n > 1 && !f.Globals.Yes && f.IO.CanPrompt() {
		for ids := t.IDs; len(ids) > 0; ids = ids[min(len(ids), idChunk):] {
			same, err := st.ContactIDs(ctx, contact.Filter{IDs: ids[:min(len(ids), idChunk)], Query: unchanged,
				Scope: contact.ScopeActive, IncludeArchived: true})
			if err != nil {
				return nil, err
			}
			n -= len(same)
		}
	}
	if may && n > 1 {
		if err := f.CheckBeforeAsking(func() error { return st.MayChange(ctx, t.IDs, contact.ScopeActive, verb, to) }); err != nil {
			return nil, err
		}
	}
	if err := f.ConfirmBulk(n, verb); err != nil {
		return nil, err
	}
	return t, nil
}

// KeepChanging returns the targets of all that the command would change
// (want), and says "No change to NAME (ID): why." for the others, as a
// toggle does (archive of an archived contact). want is asked of the
// Loaded contacts: the others are in the scope the command resolved them
// in, which is the state it changes (outside the trash for delete). With
// none left, it is nil when all named contacts (nothing to do, exit 0) and
// NoTargets(where) when there were none.
func (f *Factory) KeepChanging(ctx context.Context, st contact.Store, all *Targets, where string, want func(*contact.Contact) bool, why func(*contact.Contact) string) (*Targets, error) {
	t := newTargets()
	for _, id := range all.IDs {
		c := all.Loaded[id]
		switch {
		case c == nil:
			t.addID(id)
		case want(c):
			t.add(c)
		default:
			f.Infof("No change to %s (%d): %s.", contact.MessageName(c.Name), c.ID, why(c))
		}
	}
	if t.Len() == 0 && all.Len() == 0 {
		return nil, NoTargets(where)
	}
	return t, t.nameOne(ctx, st)
}

// NoTargets is the outcome of a command whose stdin or --where named no
// contact at all: nothing to do, which exits 0 (contact.ENOTHING), as a
// query that lists nothing does. A REF that names no contact is still
// ENOTFOUND (exit 3).
func NoTargets(where string) error {
	if where != "" {
		return contact.Errorf(contact.ENOTHING, "No contact matches %q; nothing changed.", where)
	}
	return contact.Errorf(contact.ENOTHING, "No contact IDs on stdin; nothing changed.")
}

// HandleUse is what the command that calls ResolveHandles does with its
// targets, which decides how some of them are read.
type HandleUse int

const (
	// ToBlock reads a number or email under a raw block in force (one
	// made when no contact had it) as that raw block, even when visible
	// contacts have it now: blocking it again replaces that block, where
	// blocking the contacts would leave it in force.
	ToBlock HandleUse = iota
	// ToUnblock looks for a REF not found outside the trash in it (a
	// contact there stays blocked), and has where match there too. It
	// reads a number or email under a raw block as that block, as ToBlock
	// does: unblocking it lifts that block, not the blocks of the
	// contacts that have it (their own, and raw ones on their other
	// numbers and emails).
	ToUnblock
)

func (u HandleUse) verb() string {
	if u == ToUnblock {
		return "unblock"
	}
	return "block"
}

// ResolveHandles resolves the arguments of commands that take
// REF|NUMBER|EMAIL (block, unblock: use): an argument written as a phone
// number or email (see contact.LooksLikeHandle) that is not a contact ID
// names the visible contact that has it, or, when none does (or when a
// raw block on it is in force), the raw number or email itself.
// Several visible contacts with it is EAMBIGUOUS. Everything else resolves
// as in ResolveRefs, out of the trash, and ToUnblock in it too. A row of
// stdin with an empty ID field, as blocked prints a block on a raw number
// or email, names the NUMBER or EMAIL in its second field (blocked's
// "who"), so that rolo blocked | rolo unblock - lifts every block listed.
// When the targets are several, it confirms with ConfirmBulk.
func (f *Factory) ResolveHandles(ctx context.Context, st contact.Store, args []string, where, region string, use HandleUse) (*Targets, []contact.Handle, error) {
	verb, trash := use.verb(), use == ToUnblock
	var refs []string
	var handles []contact.Handle
	t := newTargets()
	seenHandle := map[contact.Handle]bool{}
	var byHandle []*contact.Contact // found on stdin by a number or email
	take := func(c *contact.Contact, h *contact.Handle) {
		switch {
		case c != nil:
			byHandle = append(byHandle, c)
		case h != nil && !seenHandle[*h]:
			seenHandle[*h] = true
			handles = append(handles, *h)
		}
	}
	for _, a := range args {
		c, h, err := f.resolveHandle(ctx, st, a, region, true)
		if err != nil {
			return nil, nil, err
		}
		if c == nil && h == nil {
			refs = append(refs, a)
		}
		take(c, h)
	}
	for _, c := range byHandle {
		t.add(c)
	}
	byHandle = byHandle[:0]
	noID := func(line int, fields []string) error {
		who := ""
		if len(fields) > 1 {
			who = fields[1]
		}
		c, h, err := f.resolveHandle(ctx, st, who, region, true)
		if err != nil {
			return contact.Errorf(contact.ErrorCode(err), "stdin line %d: %s", line, contact.ErrorMessage(err))
		}
		if c == nil && h == nil {
			return contact.Errorf(contact.EINVALID, "stdin line %d: the first field is empty, and the second (%q) is no number or email: no contact ID", line, who)
		}
		take(c, h)
		return nil
	}
	if len(refs) > 0 || where != "" {
		resolve, whereScope := refIn(ctx, st, contact.ScopeActive), contact.ScopeActive
		if trash {
			resolve, whereScope = refOr(ctx, st, contact.ScopeActive), contact.ScopeAny
		}
		more, err := f.resolveRefs(ctx, st, refs, where, contact.ScopeActive, whereScope, resolve, noID)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range more.IDs {
			if c := more.Loaded[id]; c != nil {
				t.add(c)
			} else {
				t.addID(id)
			}
		}
		for _, c := range byHandle {
			t.add(c)
		}
	}
	if t.Len()+len(handles) == 0 {
		return nil, nil, NoTargets(where)
	}
	noun := "contacts"
	if len(handles) > 0 {
		noun = "targets"
	}
	if err := f.confirmBulk(t.Len()+len(handles), verb, noun); err != nil {
		return nil, nil, err
	}
	return t, handles, t.nameOne(ctx, st)
}

// ResolveHandle resolves one REF|NUMBER|EMAIL argument (log): a contact, or
// a number or email that no visible contact has.
func (f *Factory) ResolveHandle(ctx context.Context, st contact.Store, arg, region string) (*contact.Contact, *contact.Handle, error) {
	c, h, err := f.resolveHandle(ctx, st, arg, region, false)
	if err != nil || c != nil || h != nil {
		return c, h, err
	}
	c, err = st.ResolveRef(ctx, arg, contact.ScopeActive)
	return c, nil, err
}

// WarnBlocked says when a number or email of a new contact (add, or log
// for a number no contact had) is blocked already (a raw block, or another
// contact's): its calls are screened, which nothing else about the contact
// would show.
func (f *Factory) WarnBlocked(ctx context.Context, st contact.Store, c *contact.Contact) {
	var hs []contact.Handle
	for _, p := range c.Phones {
		hs = append(hs, contact.Handle{E164: p.E164})
	}
	for _, e := range c.Emails {
		hs = append(hs, contact.Handle{Email: e.Address})
	}
	for _, h := range hs {
		if h.String() == "" {
			continue
		}
		if blockedBesides(ctx, st, h, c.ID) {
			f.Infof("Note: %s is blocked already (rolo lookup %s says by what; rolo unblock %s lifts it).", h, h, h)
		}
	}
}

// blockedBesides reports whether a block other than contact id's own
// screens h: a raw block on it, or the block of another contact that has
// it. (Contact id is blocked by a raw block on any of its numbers and
// emails, which is no block on its others.)
func blockedBesides(ctx context.Context, st contact.Store, h contact.Handle, id int64) bool {
	r, err := st.Lookup(ctx, h)
	if err != nil || r.Block == nil {
		return false
	}
	for _, o := range r.Contacts {
		if o.ID != id && o.Blocked != nil {
			return true
		}
	}
	raw, err := st.RawBlock(ctx, h)
	return err == nil && raw != nil
}

// NamesHandle reports whether arg is written as a phone number or email,
// one that a new database can block or log an interaction with (block,
// log: such a command creates the database); one meant as such that is
// none (+1 415 555) is the error that says why.
func NamesHandle(arg, region string) (bool, error) {
	if contact.MeantAsNumber(arg) {
		// Only ever a number (+1415, tel:12): one that is none is
		// refused as such, however few its digits.
		_, err := contact.ParseHandle(arg, region)
		if err != nil && contact.MarkedAsPhone(arg) && !contact.LooksLikeHandle(arg) {
			err = contact.NotAPhoneNumber(arg) // too short for a number: a REF, as +1 is
		}
		return err == nil, err
	}
	if arg == "-" || !contact.LooksLikeHandle(arg) {
		return false, nil
	}
	_, err := contact.ParseHandle(arg, region)
	if err != nil && MeantAsHandle(arg) {
		return false, err
	}
	return err == nil, nil
}

// MeantAsHandle reports whether arg can only be meant as a phone number or
// an email address, not as a REF or a query: it holds an @, or starts with
// + or a tel: scheme. One that is none is an error to say, not a query.
func MeantAsHandle(arg string) bool {
	return strings.Contains(arg, "@") || contact.MeantAsNumber(arg)
}

// resolveHandle returns (nil, nil, nil) when arg is not a number or email,
// or is the ID of a visible contact: a REF to resolve as such. With
// rawBlocked, a number or email that contacts have but a raw block in
// force is on is that raw block's (ToBlock).
func (f *Factory) resolveHandle(ctx context.Context, st contact.Store, arg, region string, rawBlocked bool) (*contact.Contact, *contact.Handle, error) {
	if arg == "-" || !contact.LooksLikeHandle(arg) {
		return nil, nil, nil
	}
	if id, ok := contact.ParseID(strings.TrimSpace(arg)); ok && id > 0 {
		if _, err := st.Contact(ctx, id); err == nil {
			return nil, nil, nil
		}
	}
	h, err := contact.ParseHandle(arg, region)
	if err != nil {
		// An address, or a number written with its + or a tel: scheme,
		// was meant as one: say why it is none, rather than look for it
		// as a contact.
		if MeantAsHandle(arg) {
			return nil, nil, err
		}
		return nil, nil, nil // digits that are no phone number: a query
	}
	cs, err := st.ContactsWith(ctx, h)
	if err != nil {
		return nil, nil, err
	}
	if rawBlocked && len(cs) > 0 {
		b, err := st.RawBlock(ctx, h)
		if err != nil {
			return nil, nil, err
		}
		if b != nil {
			return nil, &h, nil
		}
	}
	switch len(cs) {
	case 0:
		if strings.IndexFunc(arg, unicode.IsLetter) >= 0 && !MeantAsHandle(arg) {
			// Vanity letters (1-800-FLOWERS) read as a number no
			// contact has; written so, they may also be the words of a
			// contact's name or company ("2025 REVIEW PANEL"), which win,
			// as they did before vanity numbers were read. Only there: a
			// note or attribute that mentions the number is no reason to
			// take the contact for it.
			for _, field := range []string{"name", "company"} {
				c, err := st.ResolveRef(ctx, field+`:"`+arg+`"`, contact.ScopeActive)
				if err == nil || contact.ErrorCode(err) != contact.ENOTFOUND {
					return c, nil, err
				}
			}
		}
		return nil, &h, nil
	case 1:
		return cs[0], nil, nil
	}
	if ext := contact.PhoneExtension(arg); h.E164 != "" && ext != "" {
		// Several contacts have the number: the one that has it with
		// the extension given is meant (one switchboard, an extension
		// each).
		var with []*contact.Contact
		for _, c := range cs {
			if c.HasNumber(h.E164, ext) {
				with = append(with, c)
			}
		}
		if len(with) == 1 {
			return with[0], nil, nil
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s belongs to several contacts; use an ID:", h)
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  %d\t%s", c.ID, c.Name)
	}
	return nil, nil, contact.Errorf(contact.EAMBIGUOUS, "%s", b.String())
}

// ReportBulk tells the user (stderr) how many contacts a bulk command
// changed: "Archived Ada Lovelace (1).", "Archived 3 contacts.", "Archived
// 2 of 3 contacts (1 unchanged)." or "No change to Ada Lovelace (1): it
// was already archived." (already is the last part, may be empty).
func (f *Factory) ReportBulk(verb, already string, changed int, t *Targets) {
	v := capitalize(verb)
	n := t.Len()
	switch {
	case n == 1 && changed == 1:
		f.Infof("%s %s.", v, t.Name())
	case n == 1 && already != "":
		f.Infof("No change to %s: %s.", t.Name(), already)
	case n == 1:
		f.Infof("No change to %s.", t.Name())
	case changed == n:
		f.Infof("%s %d contacts.", v, changed)
	default:
		f.Infof("%s %d of %d contacts (%d unchanged).", v, changed, n, n-changed)
	}
}

// IDs returns the contacts' IDs.
func IDs(cs []*contact.Contact) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
