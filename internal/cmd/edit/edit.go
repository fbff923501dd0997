// Package edit implements `rolo edit`.
package edit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/editform"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// EditOptions are edit's inputs.
type EditOptions struct {
	F     *factory.Factory
	Refs  []string
	Where string

	// Edit holds the change flags, whose rules are the contact's.
	Edit contact.Edit
}

// NewCmdEdit returns the edit command.
func NewCmdEdit(f *factory.Factory, runF func(context.Context, *EditOptions) error) *cobra.Command {
	opts := &EditOptions{F: f}
	cmd := &cobra.Command{
		Use:   "edit REF... | - | --where QUERY [flags]",
		Short: "Change contacts",
		Long: `Change one or more contacts with flags, or one contact in $EDITOR.

With no change flags on a terminal, rolo opens $VISUAL or $EDITOR (default vi)
on an editable rendering of the contact and applies what you changed. A
field someone else changed meanwhile keeps their value unless you changed it
too; then yours is saved, with a warning naming the value it replaced.
A form with mistakes is not saved: rolo names each by its line and asks
whether to edit the form again, as you left it.
Every change is validated as on add and written to the change log.

` + factory.Wrap("--set and --unset take a field: "+strings.Join(contact.FieldNames(), ", ")+
			". --unset also takes "+strings.Join(contact.ListNames(), ", ")+
			" (to clear them all) or attr.KEY.", 78) + `

--add-phone, --add-email and --add-address take values as add does (rolo
add --help): an address is [LABEL=]street;city;state;zip;country.
--rm-address takes a label or a position (1 is the first).

--set visibility=public makes a private contact public, as rolo publish
does (its owner only); a public contact can never be made private again.`,
		Example: `  rolo edit 12 --set company="Analytical Engines" --set type=customer
  rolo edit ada --add-phone work=+442079460000 --rm-email ada@example.com
  rolo edit 12 --unset birthday --add-tag vip --attr source=referral
  rolo edit --where "tag:trial" --set type=customer --yes
  rolo edit 12          # opens $EDITOR on a terminal`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if len(args) == 0 && opts.Where == "" {
				return contact.Errorf(contact.EINVALID, "edit: give a REF, - to read IDs from stdin, or --where QUERY")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return editRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.SortFlags = false
	f.AddWhereFlag(cmd, &opts.Where, "edit", contact.ScopeActive)
	factory.StringArrayVar(fl, &opts.Edit.Set, "set", "set a field: `FIELD=VALUE`")
	factory.StringArrayVar(fl, &opts.Edit.Unset, "unset", "empty a `FIELD` (or clear phones, emails, ...)")
	factory.StringArrayVar(fl, &opts.Edit.AddPhone, "add-phone", "add a phone `[LABEL=]NUMBER`")
	factory.StringArrayVar(fl, &opts.Edit.RmPhone, "rm-phone", "remove a phone `NUMBER` (any formatting)")
	factory.StringArrayVar(fl, &opts.Edit.AddEmail, "add-email", "add an email `[LABEL=]ADDRESS`")
	factory.StringArrayVar(fl, &opts.Edit.RmEmail, "rm-email", "remove an email `ADDRESS`")
	factory.StringArrayVar(fl, &opts.Edit.AddAddress, "add-address", "add an address `[LABEL=]ADDR` (ADDR above)")
	factory.StringArrayVar(fl, &opts.Edit.RmAddress, "rm-address", "remove addresses by `LABEL` or position")
	factory.StringArrayVar(fl, &opts.Edit.AddSocial, "add-social", "add a social profile `NETWORK=HANDLE`")
	factory.StringArrayVar(fl, &opts.Edit.RmSocial, "rm-social", "remove social profiles: `NETWORK`[=HANDLE]")
	factory.StringArrayVar(fl, &opts.Edit.AddURL, "add-url", "add a web address `[LABEL=]URL`")
	factory.StringArrayVar(fl, &opts.Edit.RmURL, "rm-url", "remove a web address `URL`")
	factory.TagsVar(fl, &opts.Edit.AddTag, "add-tag", "add `TAG`s (repeat or comma-separate)")
	factory.TagsVar(fl, &opts.Edit.RmTag, "rm-tag", "remove `TAG`s (repeat or comma-separate)")
	factory.StringArrayVar(fl, &opts.Edit.Attr, "attr", "set a custom attribute `KEY=VALUE`")
	factory.StringArrayVar(fl, &opts.Edit.RmAttr, "rm-attr", "remove a custom attribute `KEY`")
	_ = cmd.RegisterFlagCompletionFunc("add-tag", f.CompleteTags())
	_ = cmd.RegisterFlagCompletionFunc("rm-tag", f.CompleteTags())
	_ = cmd.RegisterFlagCompletionFunc("unset", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return append(contact.FieldNames(), contact.ListNames()...), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func editRun(ctx context.Context, opts *EditOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	if opts.Edit.Empty() {
		if len(opts.Refs) != 1 || opts.Where != "" || opts.Refs[0] == "-" {
			return contact.Errorf(contact.EINVALID, "edit: no change flags given (use --set, --add-phone, ...; $EDITOR edits one contact at a time)")
		}
		if !f.IO.IsStdinTTY() || !f.IO.IsStdoutTTY() {
			return contact.Errorf(contact.EINVALID, "edit: no change flags given, and not on a terminal to open $EDITOR (use --set FIELD=VALUE, --add-phone, ...)")
		}
	}
	// Check the flags' own syntax before touching the database.
	if err := opts.Edit.Check(); err != nil {
		return err
	}
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	t, err := f.ResolveRefs(ctx, st, opts.Refs, opts.Where, contact.ScopeActive)
	if err != nil {
		return err
	}
	if t.Len() == 0 {
		return factory.NoTargets(opts.Where)
	}
	if opts.Edit.Empty() {
		return editInEditor(ctx, f, st, t.One, p.Region)
	}
	if err := f.ConfirmBulk(t.Len(), "change"); err != nil {
		return err
	}
	apply := func(c *contact.Contact) error {
		before := c.Clone()
		if err := opts.Edit.Apply(c, p.Region); err != nil {
			return err
		}
		contact.DropRemovedLabels(before, c)
		return contact.CheckNewOccasions(before, c, f.Now())
	}
	changed := 0
	var added *contact.Contact // the phones and emails one contact gained
	if t.Len() == 1 {
		updated, changes, err := st.UpdateContact(ctx, t.One.ID, apply)
		if err != nil {
			return err
		}
		changed = min(len(changes), 1)
		added = addedHandles(t.One, updated)
		t.One = updated // named as it is now: "Updated Ed New (1)."
	} else {
		// One transaction: a bulk edit changes every contact or none.
		if changed, err = st.UpdateContacts(ctx, t.IDs, apply); err != nil {
			return err
		}
	}
	f.ReportBulk("updated", "", changed, t)
	if added != nil {
		// A number or email it now has that is blocked already is said,
		// as add says it of a new contact's.
		f.WarnBlocked(ctx, st, added)
	}
	return nil
}

// addedHandles is after with only the phones and emails that before had
// not: those an edit added.
func addedHandles(before, after *contact.Contact) *contact.Contact {
	added := &contact.Contact{ID: after.ID}
	for _, p := range after.Phones {
		if !slices.ContainsFunc(before.Phones, func(b contact.Phone) bool { return b.E164 == p.E164 }) {
			added.Phones = append(added.Phones, p)
		}
	}
	for _, e := range after.Emails {
		if !slices.ContainsFunc(before.Emails, func(b contact.Email) bool { return b.Address == e.Address }) {
			added.Emails = append(added.Emails, e)
		}
	}
	return added
}

// editInEditor opens the contact in $EDITOR and applies the edited form.
// A form with mistakes is saved not at all: they are all named, by line,
// and on a terminal the user is asked whether to edit the form again, as
// they left it, with the mistakes listed at its top (as git commit, crontab
// -e and kubectl edit do), rather than lose every other change they made.
// A form the store fails to save is kept where it is, and the error names
// it.
func editInEditor(ctx context.Context, f *factory.Factory, st contact.Store, c *contact.Contact, region string) error {
	form := editform.Encode(c)
	// The form is the contact's data: no signal may end rolo while it is
	// on disk, before it is removed. Ctrl-C and Ctrl-\ while the editor
	// runs are the editor's (runEditor); at "Edit again?", as SIGTERM and
	// SIGHUP anywhere, they end rolo, interrupted, once the form is gone.
	// One typed while a form is being saved waits for the save to end.
	// Stopped after the form is removed (deferred first, run last).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	dir, err := os.MkdirTemp("", "rolo-edit-")
	if err != nil {
		return contact.Errorf(contact.EINTERNAL, "edit: %v", err)
	}
	kept := false // the form left for the user: it could not be saved
	defer func() {
		if !kept {
			os.RemoveAll(dir)
		}
	}()
	path := filepath.Join(dir, fmt.Sprintf("contact-%d.txt", c.ID))
	text := form
	for {
		if err := os.WriteFile(path, text, 0o600); err != nil {
			return contact.Errorf(contact.EINTERNAL, "edit: %v", err)
		}
		if err := runEditor(ctx, firstNonEmpty(f.Env("VISUAL"), f.Env("EDITOR"), "vi"), path, sigs); err != nil {
			return err
		}
		edited, err := os.ReadFile(path)
		if err != nil {
			return contact.Errorf(contact.EINTERNAL, "edit: %v", err)
		}
		if bytes.Equal(editform.WithoutProblems(edited), form) {
			f.Infof("No change to %s (%d).", contact.MessageName(c.Name), c.ID)
			return nil
		}
		problems, code, err := saveForm(ctx, f, st, c, form, edited, region)
		if err != nil {
			// Not saved (trashed, purged or merged away while the editor
			// was open; the database busy; the disk full): what the user
			// typed is not thrown away with the form.
			if contact.ErrorCode(err) == contact.ENOTFOUND {
				if why, ok := gone(ctx, st, c); ok {
					err = contact.Errorf(contact.ENOTFOUND, "edit: %s; nothing was saved", why)
				}
			}
			kept = os.WriteFile(path, editform.WithoutProblems(edited), 0o600) == nil
			if kept {
				err = &contact.Error{Code: contact.ErrorCode(err), Message: contact.ErrorMessage(err) + " (your form is kept in " + contact.PathText(path) + ")", Err: err}
			}
			return err
		}
		if len(problems) == 0 {
			return nil
		}
		for _, p := range problems {
			fmt.Fprintln(f.IO.ErrOut, iostreams.Printable("rolo: edit: "+p.String()))
		}
		if !f.IO.CanPrompt() {
			return contact.Errorf(code, "edit: nothing was changed")
		}
		again, err := askAgain(f, sigs)
		if err != nil {
			return err
		}
		if !again {
			return contact.Errorf(code, "edit: nothing was changed")
		}
		text = editform.WithProblems(edited, problems)
	}
}

// askAgain asks "Edit again?", which a signal (Ctrl-C, Ctrl-\, SIGTERM,
// SIGHUP) answers too: rolo is then interrupted, and the caller removes
// the form before it ends. The read of the answer, which nothing can
// cancel, is left to the end of the process.
func askAgain(f *factory.Factory, sigs <-chan os.Signal) (bool, error) {
	answer := make(chan bool, 1)
	go func() { answer <- f.AskAgain("Edit again?") }()
	select {
	case again := <-answer:
		return again, nil
	case <-sigs:
		fmt.Fprintln(f.IO.PromptOut()) // the question's line ends, as Enter would end it
		return false, context.Canceled
	}
}

// runEditor runs editor on path and waits for it to exit. Ctrl-C (and
// Ctrl-\) typed while it runs is the editor's to handle, as git leaves it
// while it waits for the editor: were rolo to die of it, what the user then
// saves would be lost and the form, the contact's data, left behind in the
// temporary directory. SIGTERM and SIGHUP (the terminal closed) end the
// editor and then rolo, interrupted, after the caller removes the form.
// sigs delivers those signals, which the caller catches for as long as
// the form exists.
func runEditor(ctx context.Context, editor, path string, sigs <-chan os.Signal) error {
	// The shell reads $EDITOR as a command line ("code --wait") and then
	// becomes the editor (exec; env takes VAR=value words before it), so
	// that SIGTERM, passed on below, reaches the editor: a shell left
	// waiting for it would die of the signal and leave the editor open
	// on the terminal, on a form that is then removed. Its trap, for
	// Ctrl-C before the exec, is reset in the editor, which gets the
	// signal.
	cmd := exec.CommandContext(ctx, "sh", "-c", `trap : INT QUIT; exec env `+editor+` "$1"`, "sh", path)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	failed := func(err error) error {
		return contact.Errorf(contact.EINTERNAL, "edit: the editor (%s) failed: %v; nothing was changed", editor, err)
	}
	if err := cmd.Start(); err != nil {
		return failed(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var ended <-chan time.Time // set once rolo is told to end
	for {
		select {
		case err := <-done:
			if ended != nil {
				return context.Canceled
			}
			if err != nil {
				return failed(err)
			}
			return nil
		case s := <-sigs:
			if s == os.Interrupt || s == syscall.SIGQUIT || ended != nil {
				continue
			}
			_ = cmd.Process.Signal(s)
			ended = time.After(5 * time.Second)
		case <-ended:
			// An editor that ignores the signal is left to it.
			return context.Canceled
		}
	}
}

// saveForm applies the edited form to the contact, or returns what is
// wrong with it, and the error code that says so, without saving any of it.
func saveForm(ctx context.Context, f *factory.Factory, st contact.Store, c *contact.Contact, form, edited []byte, region string) ([]editform.Problem, string, error) {
	if ps := editform.Check(edited, c, region, f.Now()); len(ps) > 0 {
		return ps, contact.EINVALID, nil
	}
	// n is the contact as it is now: only what the user changed in the
	// form is applied to it, not the form whole, which would undo what
	// another process changed while the editor was open.
	var overwrites []editform.Overwrite
	saved, changes, err := st.UpdateContact(ctx, c.ID, func(n *contact.Contact) error {
		before := n.Clone()
		overwrites = editform.Overwrites(form, edited, n)
		if err := editform.Apply(form, edited, n); err != nil {
			return err
		}
		contact.DropRemovedLabels(before, n)
		return contact.CheckNewOccasions(before, n, f.Now())
	})
	switch code := contact.ErrorCode(err); code {
	case "":
	case contact.EINVALID, contact.EPERM:
		// What only the whole contact can break (no name left) or the
		// store refuses (making a contact private again).
		return []editform.Problem{{Msg: strings.TrimPrefix(contact.ErrorMessage(err), "edit: ")}}, code, nil
	default:
		return nil, "", err
	}
	// Said even with --quiet: the user's value replaced a teammate's.
	for _, o := range overwrites {
		fmt.Fprintf(f.IO.ErrOut, "rolo: warning: %s was changed to %q while the editor was open; your %q replaced it\n", o.Field, o.Theirs, o.Mine)
	}
	// Named as it is now, after the edit.
	if len(changes) == 0 {
		f.Infof("No change to %s (%d).", contact.MessageName(saved.Name), saved.ID)
	} else {
		f.Infof("Updated %s (%d): %d change(s).", contact.MessageName(saved.Name), saved.ID, len(changes))
	}
	f.WarnBlocked(ctx, st, addedHandles(c, saved))
	return nil, "", nil
}

// gone says what became of c, which the store no longer finds among the
// contacts not in the trash, while the editor was open: in the trash, or
// no longer one the user sees (which cannot tell them apart, since a
// contact unshared from the user is as unknown as a purged one). It is
// false when c is still there: the save was refused for another reason
// (the user was removed from the team meanwhile), which the store's
// error says.
func gone(ctx context.Context, st contact.Store, c *contact.Contact) (string, bool) {
	now, err := st.Contact(ctx, c.ID)
	switch {
	case err == nil && now.Deleted:
		return fmt.Sprintf("contact %d (%s) was moved to the trash while the editor was open (rolo restore %d)", c.ID, now.Name, c.ID), true
	case err == nil:
		return "", false
	}
	return fmt.Sprintf("contact %d (%s) was deleted, merged into another or unshared from you while the editor was open", c.ID, c.Name), true
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
