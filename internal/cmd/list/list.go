// Package list implements `rolo list`.
package list

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// ListOptions are list's inputs.
type ListOptions struct {
	F       *factory.Factory
	Query   string
	Sort    []string
	Columns []string
	Limit   int
	Offset  int
}

// NewCmdList returns the list command.
func NewCmdList(f *factory.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	opts := &ListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list [QUERY]",
		Aliases: []string{"ls"},
		Short:   "List contacts",
		Long: `List the contacts you can see that match QUERY (all of them without one),
sorted by name. Archived contacts and the trash are left out unless the query
asks for them (is:archived, is:deleted).`,
		Example: `  rolo list
  rolo list tag:vip --sort company,-created
  rolo list type:customer --columns id,name,email -o csv
  rolo list --limit 20 --offset 40`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = strings.Join(args, " ")
			if opts.Limit < 0 || opts.Offset < 0 {
				return contact.Errorf(contact.EINVALID, "--limit and --offset must not be negative")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&opts.Sort, "sort", nil, "sort by `FIELD[,-FIELD]` (name, company, created, updated, activity, id, ...)")
	fl.StringSliceVar(&opts.Columns, "columns", nil, "columns to print, comma-separated (id,name,company,phone,email,tags,...)")
	fl.IntVar(&opts.Limit, "limit", 0, "print at most N contacts")
	fl.IntVar(&opts.Offset, "offset", 0, "skip the first N contacts")
	return cmd
}

func listRun(ctx context.Context, opts *ListOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	out, err := f.Printer()
	if err != nil {
		return err
	}
	cols := opts.Columns
	if len(cols) == 0 {
		cols = p.Columns
	}
	st, err := f.Store(ctx)
	if err != nil {
		return err
	}
	cs, err := st.FindContacts(ctx, contact.Filter{Query: opts.Query, Sort: opts.Sort, Limit: opts.Limit, Offset: opts.Offset})
	if err != nil {
		return err
	}
	return out.Contacts(cs, cols)
}
