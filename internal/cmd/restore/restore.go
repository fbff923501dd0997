// Package restore implements `rolo restore`.
package restore

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// RestoreOptions are restore's inputs.
type RestoreOptions struct {
	F     *factory.Factory
	Refs  []string
	Where string
}

// NewCmdRestore returns the restore command.
func NewCmdRestore(f *factory.Factory, runF func(context.Context, *RestoreOptions) error) *cobra.Command {
	opts := &RestoreOptions{F: f}
	cmd := &cobra.Command{
		Use:   "restore REF... | - | --where QUERY",
		Short: "Bring contacts back from the trash",
		Long: `Take contacts out of the trash, exactly as they were when deleted.

On a terminal rolo asks before restoring more than one contact, unless --yes.`,
		Example: `  rolo restore 12
  rolo trash -o ids | rolo restore -`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeDeleted),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if len(args) == 0 && opts.Where == "" {
				return contact.Errorf(contact.EINVALID, "restore: give one or more REFs, - to read IDs from stdin, or --where QUERY")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return restoreRun(cmd.Context(), opts)
		},
	}
	f.AddWhereFlag(cmd, &opts.Where, "restore", contact.ScopeDeleted)
	cmd.Flags().Lookup("where").Usage = "restore every trashed contact matching `QUERY`"
	return cmd
}

func restoreRun(ctx context.Context, opts *RestoreOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	// REFs are looked for in the trash; one found only outside it is no
	// change, as archiving an archived contact is, not "not found".
	all, err := f.ResolveRefsOr(ctx, st, opts.Refs, opts.Where, contact.ScopeDeleted, contact.ScopeDeleted)
	if err != nil {
		return err
	}
	t, err := f.KeepChanging(ctx, st, all, opts.Where, func(c *contact.Contact) bool { return c.Deleted },
		func(*contact.Contact) string { return "it is not in the trash" })
	if err != nil || t.Len() == 0 {
		return err
	}
	if t.Len() > 1 {
		if err := f.CheckBeforeAsking(func() error { return st.MayChange(ctx, t.IDs, contact.ScopeDeleted, "restore", nil) }); err != nil {
			return err
		}
	}
	if err := f.ConfirmBulk(t.Len(), "restore"); err != nil {
		return err
	}
	if err := st.RestoreContacts(ctx, t.IDs); err != nil {
		return err
	}
	if t.Len() == 1 {
		f.Infof("Restored %s.", t.Name())
	} else {
		f.Infof("Restored %d contacts.", t.Len())
	}
	return nil
}
