// Package view implements `rolo view`: saved queries.
package view

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
	"github.com/rolo-cli/rolo/internal/query"
	"github.com/rolo-cli/rolo/internal/sqlite"
)

// NewCmdView returns the view command and its subcommands.
func NewCmdView(f *factory.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "view <command>",
		Short: "Save queries as named views",
		Long: `A view is a saved query ("custom inbox") with its own columns and sort order.
Views are shared by the team: every teammate sees each view's name and query,
uses it and may replace it. Each user who runs a view sees only the contacts
they may see. Use one with rolo list --view NAME [more terms].`,
	}
	cmd.AddCommand(NewCmdSave(f, nil), newCmdList(f), newCmdRm(f))
	return cmd
}

// completeViews completes view rm's NAMEs: the team's views, but those
// given already (view rm removes every view it names).
func completeViews(f *factory.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		st, err := f.CompletionStore(c.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		vs, _ := st.Views(c.Context())
		var out []string
		for _, v := range vs {
			if !slices.Contains(args, v.Name) {
				out = append(out, v.Name+"\t"+v.Query)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// SaveOptions are view save's inputs.
type SaveOptions struct {
	F    *factory.Factory
	View contact.View
	// Keep is the settings a view saved over one of the same name keeps:
	// those not given on the command line.
	Keep contact.ViewKeep
}

// NewCmdSave returns `view save`.
func NewCmdSave(f *factory.Factory, runF func(context.Context, *SaveOptions) error) *cobra.Command {
	opts := &SaveOptions{F: f}
	cmd := &cobra.Command{
		Use:   "save NAME QUERY",
		Short: "Save a query as a view",
		Long: `Save QUERY under NAME. The query is checked first.

A view's name is unique in the account: saving over a view of the same
name, whoever saved it, replaces its query and says so; its columns and
sort are kept unless --columns or --sort is given (--columns "" or
--sort "" clears them). The view is then recorded as saved by you.`,
		Example: `  rolo view save hot-leads 'type:lead activity:<14d' --sort -activity
  rolo view save vip tag:vip --columns id,name,company,phone`,
		Args: cobra.MinimumNArgs(2),
		// A new NAME is the user's to type; the QUERY completes as
		// list's does (tags after tag:).
		ValidArgsFunction: func(c *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return f.CompleteQuery(contact.ScopeActive)(c, args, typed)
		},
		// The query's words as list reads them: -owner:bob and -tag:vip
		// are negated terms, not flags.
		Annotations: map[string]string{factory.QueryArgs: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.View.Name, opts.View.Query = args[0], strings.Join(args[1:], " ")
			opts.View.Columns = contact.ColumnNamesOf(opts.View.Columns)
			if err := contact.CheckColumns(opts.View.Columns); err != nil {
				return err
			}
			opts.Keep = contact.ViewKeep{Columns: !cmd.Flags().Changed("columns"), Sort: !cmd.Flags().Changed("sort")}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return saveRun(cmd.Context(), opts)
		},
	}
	factory.StringSliceVar(cmd.Flags(), &opts.View.Columns, "columns", "`COLUMNS` list shows for this view (id,name,...)")
	factory.StringSliceVar(cmd.Flags(), &opts.View.Sort, "sort", "sort order for this view (`FIELD[,-FIELD]`)")
	_ = cmd.RegisterFlagCompletionFunc("columns", factory.CompleteList(contact.ColumnNames, false))
	_ = cmd.RegisterFlagCompletionFunc("sort", factory.CompleteList(query.SortFields, true))
	return cmd
}

func saveRun(ctx context.Context, opts *SaveOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	v := &opts.View
	// Checked before the database is opened: a bad name or query must
	// not leave a new database behind at a --db path.
	if err := sqlite.CheckView(v, p.Region); err != nil {
		return err
	}
	st, err := f.Store(ctx)
	if err != nil {
		return err
	}
	replaced, err := st.SaveView(ctx, v, opts.Keep)
	if err != nil {
		return err
	}
	if replaced {
		f.Infof("Replaced view %q: %s", v.Name, v.Query)
	} else {
		f.Infof("Saved view %q: %s", v.Name, v.Query)
	}
	return nil
}

func newCmdList(f *factory.Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the team's views",
		Long:    `List every view of the account, with who saved it last (by).`,
		Example: `  rolo view list`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			out, err := f.Printer()
			if err != nil {
				return err
			}
			st, err := f.ReadStore(cmd.Context())
			if err != nil {
				return err
			}
			vs, err := st.Views(cmd.Context())
			if err != nil {
				return err
			}
			if out.Format == output.JSON || out.Format == output.NDJSON {
				return out.JSONList(len(vs), func(i int) any { return vs[i] })
			}
			rows := make([][]string, len(vs))
			for i, v := range vs {
				rows[i] = []string{v.Name, v.Query, strings.Join(v.Columns, ","), strings.Join(v.Sort, ","), v.By}
			}
			return out.Rows([]string{"name", "query", "columns", "sort", "by"}, rows)
		},
	}
}

func newCmdRm(f *factory.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "rm NAME...",
		Short: "Remove views",
		Long: `Remove views from the account. Any teammate may remove a view, as any
may replace one. All the views named go, or none: a name that is no view
(exit 3) removes nothing.`,
		Example:           `  rolo view rm hot-leads`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeViews(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := f.ChangeStore(cmd.Context())
			if err != nil {
				return err
			}
			// All or none: a name that is no view removes nothing.
			if err := st.DeleteViews(cmd.Context(), args); err != nil {
				return err
			}
			for i, name := range args {
				if !slices.Contains(args[:i], name) {
					f.Infof("Removed view %q.", name)
				}
			}
			return nil
		},
	}
}
