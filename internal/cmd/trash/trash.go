// Package trash implements `rolo trash`.
package trash

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// TrashOptions are trash's inputs.
type TrashOptions struct {
	F      *factory.Factory
	Limit  int
	Offset int
}

// NewCmdTrash returns the trash command.
func NewCmdTrash(f *factory.Factory, runF func(context.Context, *TrashOptions) error) *cobra.Command {
	opts := &TrashOptions{F: f}
	cmd := &cobra.Command{
		Use:   "trash",
		Short: "List deleted contacts",
		Long: `List the contacts in the trash, newest deletion first. Restore them with
rolo restore, or erase them for good with rolo delete --purge. --limit and
--offset page through a long trash, as they do for list.`,
		Example: `  rolo trash
  rolo trash --limit 20 --offset 20
  rolo trash -o ids | rolo restore -`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{factory.OutputFormats: factory.ContactFormats},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := factory.CheckPage(opts.Limit, opts.Offset); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return trashRun(cmd.Context(), opts)
		},
	}
	factory.PageVars(cmd.Flags(), &opts.Limit, &opts.Offset, "contacts")
	return cmd
}

func trashRun(ctx context.Context, opts *TrashOptions) error {
	f := opts.F
	out, err := f.ContactPrinter()
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	cols := []string{"id", "name", "company", "deleted"}
	filter := contact.Filter{Scope: contact.ScopeDeleted, Sort: []string{"-deleted"}, Limit: opts.Limit, Offset: opts.Offset, Skip: out.SkipParts(cols), Interactions: out.WholeHistory()}
	return out.ContactPages(cols, func(page func([]*contact.Contact) error) error {
		return st.EachFound(ctx, filter, factory.PageSize, page)
	})
}
