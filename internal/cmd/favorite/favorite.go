// Package favorite implements `rolo favorite` and `rolo unfavorite`.
package favorite

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// FavoriteOptions are favorite's and unfavorite's inputs.
type FavoriteOptions struct {
	F     *factory.Factory
	Refs  []string
	Where string
	On    bool // favorite (true) or unfavorite
}

// NewCmdFavorite returns the favorite command.
func NewCmdFavorite(f *factory.Factory, runF func(context.Context, *FavoriteOptions) error) *cobra.Command {
	return newCmd(f, runF, true)
}

// NewCmdUnfavorite returns the unfavorite command.
func NewCmdUnfavorite(f *factory.Factory, runF func(context.Context, *FavoriteOptions) error) *cobra.Command {
	return newCmd(f, runF, false)
}

func newCmd(f *factory.Factory, runF func(context.Context, *FavoriteOptions) error, on bool) *cobra.Command {
	opts := &FavoriteOptions{F: f, On: on}
	cmd := &cobra.Command{
		Use:   "favorite REF... | - | --where QUERY",
		Short: "Star contacts for yourself",
		Long: `Star contacts. Favorites are yours alone: a teammate's stars are neither
shown to you nor changed by you. Starred contacts show a ★ before their name
in tables and match the query is:favorite. A star is not a change to the
contact: it is not in the change log (history, show) teammates read.

On a terminal rolo asks before starring more than one contact, unless --yes.`,
		Example: `  rolo favorite 12
  rolo favorite --where "tag:vip"
  rolo list company:acme -o ids | rolo favorite -
  rolo list is:favorite`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if err := factory.NeedTargets(cmd.Name(), args, opts.Where); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return favoriteRun(cmd.Context(), opts)
		},
	}
	verb := "star"
	if !on {
		verb = "unstar"
		cmd.Use = "unfavorite REF... | - | --where QUERY"
		cmd.Short = "Remove your star from contacts"
		cmd.Long = `Remove your star from contacts. Only your own favorites change.

On a terminal rolo asks before changing more than one contact, unless --yes.`
		cmd.Example = `  rolo unfavorite 12
  rolo unfavorite --where is:favorite --yes`
	}
	f.AddWhereFlag(cmd, &opts.Where, verb, contact.ScopeActive)
	return cmd
}

func favoriteRun(ctx context.Context, opts *FavoriteOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	verb, done, already, unchanged := "star", "starred", "it was already starred", "is:favorite"
	if !opts.On {
		verb, done, already, unchanged = "unstar", "unstarred", "it was not starred", "-is:favorite"
	}
	t, err := f.ResolveToggle(ctx, st, opts.Refs, opts.Where, verb, unchanged)
	if err != nil {
		return err
	}
	n, err := st.SetFavorite(ctx, t.IDs, opts.On)
	if err != nil {
		return err
	}
	f.ReportBulk(done, already, n, t)
	return nil
}
