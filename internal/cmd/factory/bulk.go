package factory

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/contact"
)

// Bulk commands (favorite, archive, block, tag, note ...) share one shape:
// several REFs, "-" for IDs on stdin, or --where QUERY; a question on a
// terminal before changing more than one contact, unless --yes; one
// transaction; a count of what changed.

// AddWhereFlag registers --where on a bulk command; its value completes as
// a query does (tags after tag:), never as a file name.
func (f *Factory) AddWhereFlag(cmd *cobra.Command, where *string, verb string) {
	cmd.Flags().StringVar(where, "where", "", verb+" every contact matching `QUERY`")
	_ = cmd.RegisterFlagCompletionFunc("where", f.CompleteQuery())
}

// NeedTargets is the usage error of a bulk command given nothing to act on.
func NeedTargets(command string, args []string, where string) error {
	if len(args) == 0 && where == "" {
		return contact.Errorf(contact.EINVALID, "%s: give one or more REFs, - to read IDs from stdin, or --where QUERY", command)
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

// ResolveBulk resolves a bulk command's targets (see ResolveRefs) and, when
// they are several, confirms with ConfirmBulk. No target at all (an empty
// stdin, a --where that matches nothing) is NoTargets.
func (f *Factory) ResolveBulk(ctx context.Context, st contact.Store, args []string, where, verb string) ([]*contact.Contact, error) {
	cs, err := f.ResolveRefs(ctx, st, args, where, contact.ScopeActive)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, NoTargets(where)
	}
	if err := f.ConfirmBulk(len(cs), verb); err != nil {
		return nil, err
	}
	return cs, nil
}

// KeepChanging returns the contacts of all that the command would change
// (want), and says "No change to NAME (ID): why." for the others, as a
// toggle does (archive of an archived contact). With none left, it is nil
// when all named contacts (nothing to do, exit 0) and NoTargets(where)
// when there were none.
func (f *Factory) KeepChanging(all []*contact.Contact, where string, want func(*contact.Contact) bool, why func(*contact.Contact) string) ([]*contact.Contact, error) {
	var cs []*contact.Contact
	for _, c := range all {
		if want(c) {
			cs = append(cs, c)
		} else {
			f.Infof("No change to %s (%d): %s.", c.Name, c.ID, why(c))
		}
	}
	if len(cs) == 0 && len(all) == 0 {
		return nil, NoTargets(where)
	}
	return cs, nil
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

// ResolveHandles resolves the arguments of commands that take
// REF|NUMBER|EMAIL (block, unblock): an argument written as a phone number
// or email (see contact.LooksLikeHandle) that is not a contact ID names the
// visible contact that has it, or, when none does, the raw number or email
// itself. Several visible contacts with it is EAMBIGUOUS. Everything else
// resolves as in ResolveRefs, out of the trash; with trash (unblock), a REF
// not found there is looked for in it, and where matches it too. When the
// targets are several, it confirms with ConfirmBulk.
func (f *Factory) ResolveHandles(ctx context.Context, st contact.Store, args []string, where, region, verb string, trash bool) ([]*contact.Contact, []contact.Handle, error) {
	var refs []string
	var handles []contact.Handle
	var cs []*contact.Contact
	seen := map[int64]bool{}
	seenHandle := map[contact.Handle]bool{}
	for _, a := range args {
		c, h, err := f.resolveHandle(ctx, st, a, region)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case c != nil:
			if !seen[c.ID] {
				seen[c.ID] = true
				cs = append(cs, c)
			}
		case h != nil:
			if !seenHandle[*h] {
				seenHandle[*h] = true
				handles = append(handles, *h)
			}
		default:
			refs = append(refs, a)
		}
	}
	if len(refs) > 0 || where != "" {
		var more []*contact.Contact
		var err error
		if trash {
			more, err = f.ResolveRefsOr(ctx, st, refs, where, contact.ScopeActive, contact.ScopeAny)
		} else {
			more, err = f.ResolveRefs(ctx, st, refs, where, contact.ScopeActive)
		}
		if err != nil {
			return nil, nil, err
		}
		for _, c := range more {
			if !seen[c.ID] {
				seen[c.ID] = true
				cs = append(cs, c)
			}
		}
	}
	if len(cs)+len(handles) == 0 {
		return nil, nil, NoTargets(where)
	}
	noun := "contacts"
	if len(handles) > 0 {
		noun = "targets"
	}
	if err := f.confirmBulk(len(cs)+len(handles), verb, noun); err != nil {
		return nil, nil, err
	}
	return cs, handles, nil
}

// ResolveHandle resolves one REF|NUMBER|EMAIL argument (log): a contact, or
// a number or email that no visible contact has.
func (f *Factory) ResolveHandle(ctx context.Context, st contact.Store, arg, region string) (*contact.Contact, *contact.Handle, error) {
	c, h, err := f.resolveHandle(ctx, st, arg, region)
	if err != nil || c != nil || h != nil {
		return c, h, err
	}
	c, err = st.ResolveRef(ctx, arg, contact.ScopeActive)
	return c, nil, err
}

// resolveHandle returns (nil, nil, nil) when arg is not a number or email,
// or is the ID of a visible contact: a REF to resolve as such.
func (f *Factory) resolveHandle(ctx context.Context, st contact.Store, arg, region string) (*contact.Contact, *contact.Handle, error) {
	if arg == "-" || !contact.LooksLikeHandle(arg) {
		return nil, nil, nil
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(arg), 10, 64); err == nil && id > 0 {
		if _, err := st.Contact(ctx, id); err == nil {
			return nil, nil, nil
		}
	}
	h, err := contact.ParseHandle(arg, region)
	if err != nil {
		// An address, or a number written with its +, was meant as one:
		// say why it is none, rather than look for it as a contact.
		if strings.Contains(arg, "@") || strings.HasPrefix(strings.TrimSpace(arg), "+") {
			return nil, nil, err
		}
		return nil, nil, nil // digits that are no phone number: a query
	}
	cs, err := st.ContactsWith(ctx, h)
	if err != nil {
		return nil, nil, err
	}
	switch len(cs) {
	case 0:
		return nil, &h, nil
	case 1:
		return cs[0], nil, nil
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
func (f *Factory) ReportBulk(verb, already string, changed int, targets []string) {
	v := capitalize(verb)
	switch {
	case len(targets) == 1 && changed == 1:
		f.Infof("%s %s.", v, targets[0])
	case len(targets) == 1 && already != "":
		f.Infof("No change to %s: %s.", targets[0], already)
	case len(targets) == 1:
		f.Infof("No change to %s.", targets[0])
	case changed == len(targets):
		f.Infof("%s %d contacts.", v, changed)
	default:
		f.Infof("%s %d of %d contacts (%d unchanged).", v, changed, len(targets), len(targets)-changed)
	}
}

// Names renders contacts for ReportBulk: "Ada Lovelace (1)".
func Names(cs []*contact.Contact) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = fmt.Sprintf("%s (%d)", c.Name, c.ID)
	}
	return out
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
