// Package publish implements `rolo publish`: making private contacts
// public, for good.
package publish

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// PublishOptions are publish's inputs.
type PublishOptions struct {
	F     *factory.Factory
	Refs  []string
	Where string
}

// NewCmdPublish returns the publish command.
func NewCmdPublish(f *factory.Factory, runF func(context.Context, *PublishOptions) error) *cobra.Command {
	opts := &PublishOptions{F: f}
	cmd := &cobra.Command{
		Use:   "publish REF... | - | --where QUERY",
		Short: "Make private contacts public (cannot be undone)",
		Long: `Make private contacts public: every teammate sees and edits them, and an
owner or manager may delete them. This cannot be undone: a public contact
is never made private again. Only a contact's owner may publish it; its
shares go, since everyone now has access.

On a terminal rolo asks first, unless --yes.`,
		Example: `  rolo publish 12
  rolo publish --where "owner:me is:private tag:customer" --yes
  rolo list is:private owner:me company:acme -o ids | rolo publish -`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if err := factory.NeedTargets(cmd.Name(), args, opts.Where); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return publishRun(cmd.Context(), opts)
		},
	}
	f.AddWhereFlag(cmd, &opts.Where, "publish", contact.ScopeActive)
	return cmd
}

func publishRun(ctx context.Context, opts *PublishOptions) error {
	f := opts.F
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
	what := fmt.Sprintf("%d contacts", t.Len())
	if t.Len() == 1 {
		what = t.Name()
	}
	if err := f.CheckBeforeAsking(func() error { return st.MayChange(ctx, t.IDs, contact.ScopeActive, "publish", nil) }); err != nil {
		return err
	}
	// Irreversible, so ask even for one contact (on a terminal).
	ok, err := f.Confirm(fmt.Sprintf("Make %s public? Every teammate will see it, and it can never be made private again.", what), true)
	if err != nil {
		return err
	}
	if !ok {
		return contact.Errorf(contact.EINTERNAL, "cancelled; nothing was changed")
	}
	n, err := st.Publish(ctx, t.IDs)
	if err != nil {
		return err
	}
	f.ReportBulkWith("published", "", "it is already public", n, t)
	return nil
}
