// Package del implements `rolo delete` ("delete" is a Go builtin name).
package del

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// DeleteOptions are delete's inputs.
type DeleteOptions struct {
	F     *factory.Factory
	Refs  []string
	Where string
	Purge bool
}

// NewCmdDelete returns the delete command.
func NewCmdDelete(f *factory.Factory, runF func(context.Context, *DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{F: f}
	cmd := &cobra.Command{
		Use:     "delete REF... | - | --where QUERY",
		Aliases: []string{"rm"},
		Short:   "Move contacts to the trash, or erase them",
		Long: `Move contacts to the trash, where rolo restore can bring them back unchanged.
With --purge, erase them for good: the contact and all its history (notes,
interactions, change log, blocks, favorites, shares) leave no trace, in the
database file or its -wal file, older versions from earlier edits and merges
included. The search index is rewritten to do so (a second or two on
100,000 contacts).

On a terminal rolo asks first unless --yes is given. Without a terminal,
moving to the trash goes ahead, but --purge needs --yes.`,
		Example: `  rolo delete 12
  rolo delete 12 13 14 --yes
  rolo list tag:spam -o ids | rolo delete - --yes
  rolo delete --where "tag:test" --purge --yes`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeAny),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if len(args) == 0 && opts.Where == "" {
				return contact.Errorf(contact.EINVALID, "delete: give one or more REFs, - to read IDs from stdin, or --where QUERY")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return deleteRun(cmd.Context(), opts)
		},
	}
	f.AddWhereFlag(cmd, &opts.Where, "delete", contact.ScopeActive)
	cmd.Flags().BoolVar(&opts.Purge, "purge", false, "erase for good, history included (cannot be undone)")
	return cmd
}

func deleteRun(ctx context.Context, opts *DeleteOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	// REFs are looked for outside the trash (purge: anywhere); one found
	// only in it is no change, not "not found". --where finds what list
	// finds, purge or not: the trash only when the query says is:deleted.
	scope := contact.ScopeActive
	if opts.Purge {
		scope = contact.ScopeAny
	}
	all, err := f.ResolveRefsOr(ctx, st, opts.Refs, opts.Where, scope, contact.ScopeActive)
	if err != nil {
		return err
	}
	t, err := f.KeepChanging(ctx, st, all, opts.Where, func(c *contact.Contact) bool { return opts.Purge || !c.Deleted },
		func(c *contact.Contact) string {
			return fmt.Sprintf("it is already in the trash (rolo delete --purge %d erases it)", c.ID)
		})
	if err != nil || t.Len() == 0 {
		return err
	}
	what := describe(t)
	question, verb := fmt.Sprintf("Move %s to the trash?", what), "delete"
	if opts.Purge {
		question, verb = fmt.Sprintf("Erase %s and all history for good? This cannot be undone.", what), "erase"
	}
	if err := f.CheckBeforeAsking(func() error { return st.MayChange(ctx, t.IDs, scope, verb, nil) }); err != nil {
		return err
	}
	ok, err := f.Confirm(question, !opts.Purge)
	if err != nil {
		return err
	}
	if !ok {
		if opts.Purge && !f.IO.CanPrompt() {
			return contact.Errorf(contact.EINVALID, "delete --purge: refusing to erase without --yes: %s", f.IO.NoPromptReason())
		}
		return contact.Errorf(contact.EINTERNAL, "cancelled; nothing was deleted")
	}
	ids := t.IDs
	if opts.Purge {
		if err := st.PurgeContacts(ctx, ids); err != nil {
			return err
		}
		f.Infof("Erased %s.", what)
		return nil
	}
	if err := st.DeleteContacts(ctx, ids); err != nil {
		return err
	}
	f.Infof("Moved %s to the trash (rolo restore brings %s back).", what, contact.Plural(len(ids), "it", "them"))
	return nil
}

func describe(t *factory.Targets) string {
	if t.Len() == 1 {
		return t.Name()
	}
	return fmt.Sprintf("%d contacts", t.Len())
}
