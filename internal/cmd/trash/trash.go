// Package trash implements `rolo trash`.
package trash

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// NewCmdTrash returns the trash command.
func NewCmdTrash(f *factory.Factory, runF func(context.Context, *factory.Factory) error) *cobra.Command {
	return &cobra.Command{
		Use:   "trash",
		Short: "List deleted contacts",
		Long: `List the contacts in the trash, newest deletion first. Restore them with
rolo restore, or erase them for good with rolo delete --purge.`,
		Example: `  rolo trash
  rolo trash -o ids | rolo restore -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), f)
			}
			return trashRun(cmd.Context(), f)
		},
	}
}

func trashRun(ctx context.Context, f *factory.Factory) error {
	out, err := f.ContactPrinter()
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	cols := []string{"id", "name", "company", "deleted"}
	cs, err := st.FindContacts(ctx, contact.Filter{Scope: contact.ScopeDeleted, Sort: []string{"-deleted"}, Skip: out.SkipParts(cols)})
	if err != nil {
		return err
	}
	return out.Contacts(cs, cols)
}
