// Package list implements `rolo list` and `rolo search`: the same query,
// columns and output, one sorted by name and one ranked by relevance.
package list

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/query"
)

// ListOptions are list's and search's inputs.
type ListOptions struct {
	F       *factory.Factory
	Query   string
	View    string
	Sort    []string
	Columns []string
	Limit   int
	Offset  int
	Rank    bool
}

const queryHelp = `QUERY is rolo's query language: words are ANDed, -term negates (after --
when it reads as a flag: -- -q; -ojson is -o json, -oliver and -hq are
terms), a comma means OR (not in quotes). Free words match names, company,
title, department, emails, city and address, tags, attributes, notes (by
prefix, ignoring case and accents) and phone digits in any format.
Qualifiers: tag: type: level: owner: company: name: city: country: lang:
channel: email: phone: tel: visibility:public|private
is:favorite|blocked|archived|public|private|shared|deleted
has:phone|email|birthday|notes|address|tags, created: updated: activity:
(>, <, >=, <= with a date or an age: 12h 30d 2w 6mo 1y),
birthday:next-30d, attr.KEY:VALUE, field:FIELD=VALUE (first:, last:,
title:... work directly too). A JSON key names its qualifier: first_name:,
created_at:, last_activity_at:, last_channel:.`

// sortAndColumnsHelp names every field --sort and --columns take, built
// when the command is (not at start-up).
func sortAndColumnsHelp() string {
	return factory.Wrap("--sort takes "+strings.Join(query.SortFields(), ", ")+
		" (-FIELD for descending); --columns takes "+strings.Join(contact.ColumnNames(), ", ")+" and attr.KEY.", 78)
}

// NewCmdList returns the list command.
func NewCmdList(f *factory.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	opts := &ListOptions{F: f}
	cmd := &cobra.Command{
		Use:               "list [QUERY]",
		Aliases:           []string{"ls"},
		ValidArgsFunction: f.CompleteQuery(contact.ScopeActive),
		Short:             "List contacts",
		Long: `List the contacts you can see that match QUERY (all of them without one),
sorted by name. Archived contacts and the trash are left out unless the query
asks for them (is:archived, is:deleted).

` + queryHelp + "\n\n" + sortAndColumnsHelp(),
		Example: `  rolo list
  rolo list tag:vip,gold -type:lead --sort company,-created
  rolo list 'company:"Acme Inc"' 'created:<30d' --columns id,name,email -o csv
  rolo list 'activity:>90d' type:customer
  rolo list --view hot-leads --limit 20`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = strings.Join(args, " ")
			return run(cmd, runF, opts)
		},
	}
	addFlags(cmd, f, opts)
	return cmd
}

// NewCmdSearch returns the search command.
func NewCmdSearch(f *factory.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	opts := &ListOptions{F: f, Rank: true}
	cmd := &cobra.Command{
		Use:               "search QUERY",
		ValidArgsFunction: f.CompleteQuery(contact.ScopeActive),
		Short:             "Find contacts, best match first",
		Long: `Like list, but ranked by relevance to the query's words: a match in the name
counts most, then nickname, company, email, title, tags and the rest. --sort
overrides the ranking.

` + queryHelp + "\n\n" + sortAndColumnsHelp(),
		Example: `  rolo search ada
  rolo search ada lovelace --limit 5
  rolo search 4155550
  rolo search zoe tag:vip -o json`,
		// A saved view gives the query (list --view's): then QUERY only
		// narrows it, and may be left out (rolo search --view hot-leads).
		Args: func(c *cobra.Command, args []string) error {
			if opts.View != "" {
				return nil
			}
			return factory.RequiredQuery(c, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = strings.Join(args, " ")
			return run(cmd, runF, opts)
		},
	}
	addFlags(cmd, f, opts)
	return cmd
}

func addFlags(cmd *cobra.Command, f *factory.Factory, opts *ListOptions) {
	cmd.Annotations = map[string]string{factory.QueryArgs: "true", factory.OutputFormats: factory.ContactFormats}
	fl := cmd.Flags()
	factory.StringSliceVar(fl, &opts.Sort, "sort", "sort by `FIELD[,-FIELD]` (name, company, id, ...)")
	factory.StringSliceVar(fl, &opts.Columns, "columns", "`COLUMNS` to print, comma-separated (id,name,...)")
	factory.PageVars(fl, &opts.Limit, &opts.Offset, "contacts")
	factory.NonBlankStringVar(fl, &opts.View, "view", "view name", "start from a saved view (query, columns and sort)")
	_ = cmd.RegisterFlagCompletionFunc("view", func(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		st, err := f.CompletionStore(c.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		vs, _ := st.Views(c.Context())
		var out []string
		for _, v := range vs {
			out = append(out, v.Name+"\t"+v.Query)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("sort", factory.CompleteList(query.SortFields, true))
	_ = cmd.RegisterFlagCompletionFunc("columns", factory.CompleteList(contact.ColumnNames, false))
}

func run(cmd *cobra.Command, runF func(context.Context, *ListOptions) error, opts *ListOptions) error {
	if err := factory.CheckPage(opts.Limit, opts.Offset); err != nil {
		return err
	}
	// --columns "" or --sort "" is a script's unset variable, not a
	// wish for the default.
	if cmd.Flags().Changed("columns") && len(opts.Columns) == 0 {
		return contact.Errorf(contact.EINVALID, "--columns: empty list of columns (an unset variable?)")
	}
	if cmd.Flags().Changed("sort") && len(opts.Sort) == 0 {
		return contact.Errorf(contact.EINVALID, "--sort: empty list of fields (an unset variable?)")
	}
	opts.Columns = contact.ColumnNamesOf(opts.Columns)
	if err := contact.CheckColumns(opts.Columns); err != nil {
		return err
	}
	if runF != nil {
		return runF(cmd.Context(), opts)
	}
	return listRun(cmd.Context(), opts)
}

func listRun(ctx context.Context, opts *ListOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	out, err := f.ContactPrinter()
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	q, cols, sort := opts.Query, opts.Columns, opts.Sort
	if opts.View != "" {
		v, err := st.View(ctx, opts.View)
		if err != nil {
			return err
		}
		q = strings.TrimSpace(v.Query + " " + q)
		if opts.Rank && q == "" {
			// search needs a query; a view saved without one gives none.
			return contact.Errorf(contact.EINVALID, "search: view %s has no query and none was given; give QUERY (usage: rolo search QUERY)", contact.Quote(v.Name))
		}
		if len(cols) == 0 {
			cols = v.Columns
		}
		// search ranks the view's query by relevance: the view's sort is
		// list's, and --sort, given here, search's.
		if len(sort) == 0 && !opts.Rank {
			sort = v.Sort
		}
	}
	if len(cols) == 0 {
		cols = p.Columns
		// Read as an older rolo stored them (config.Profile): refused
		// here, naming where they come from.
		for _, c := range cols {
			if err := contact.CheckColumn("config: columns", c); err != nil {
				return err
			}
		}
	}
	filter := contact.Filter{Query: q, Sort: sort, Limit: opts.Limit, Offset: opts.Offset, Rank: opts.Rank, Skip: out.SkipParts(cols), Interactions: out.WholeHistory()}
	return out.ContactPages(cols, func(page func([]*contact.Contact) error) error {
		return st.EachFound(ctx, filter, factory.PageSize, page)
	})
}
