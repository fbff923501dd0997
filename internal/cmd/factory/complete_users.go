package factory

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/query"
)

// CompleteUsers completes teammates' logins, with their role as the
// description, for arguments and flags that name a teammate (--with, --to,
// team role/rm).
func (f *Factory) CompleteUsers() func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		st, err := f.CompletionStore(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		users, err := st.Users(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(users))
		for _, u := range users {
			out = append(out, u.Login+"\t"+u.Role)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// CompleteTags completes tags of the contacts the acting user sees, the
// most used first, with how many contacts have each as the description;
// in a list (tag --add a,b) not a tag listed already.
func (f *Factory) CompleteTags() func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		// tag --add a,b takes a list.
		before := ""
		if i := strings.LastIndex(typed, ","); i >= 0 {
			before, typed = typed[:i+1], typed[i+1:]
		}
		asIs := func(t string) string { return t }
		listed := strings.Split(strings.TrimSuffix(before, ","), ",")
		return f.tagCompletions(cmd, contact.ScopeActive, before, typed, listed, asIs), cobra.ShellCompDirectiveNoFileComp
	}
}

// tagCompletions lists the tags of the contacts in scope starting with
// typed but those listed, each written by write after before.
func (f *Factory) tagCompletions(cmd *cobra.Command, scope contact.Scope, before, typed string, listed []string, write func(string) string) []string {
	st, err := f.CompletionStore(cmd.Context())
	if err != nil {
		return nil
	}
	tags, err := st.Tags(cmd.Context(), scope, typed, 200)
	if err != nil {
		return nil
	}
	skip := map[string]bool{}
	for _, t := range listed {
		skip[contact.TagKey(t)] = true
	}
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if skip[contact.TagKey(t.Tag)] {
			continue
		}
		out = append(out, before+write(t.Tag)+"\t"+strconv.Itoa(t.Count)+" "+contact.Plural(t.Count, "contact", "contacts"))
	}
	return out
}

// CompleteQuery completes the query terms of list, search and export, and
// a --where: a tag of the contacts in scope (those the query is looked
// for among) after tag: (or after the comma of tag:a,b), and nothing
// else, so as not to offer file names; not a tag listed already. A tag that holds a space, comma or quote is
// quoted from there (tag:Key" Account"), or whole after an opening quote
// (tag:"Key Account"), so that the query reads it as one tag.
func (f *Factory) CompleteQuery(scope contact.Scope) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		// A whole query in one word (--where 'is:favorite tag:v'): the
		// term being typed is the last; the ones before it stay.
		t := query.ReadTail(typed)
		if strings.TrimPrefix(strings.ToLower(t.Key), "-") != "tag" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		write := query.QuoteFrom
		if t.Quoted {
			write = query.Quote
		}
		return f.tagCompletions(cmd, scope, t.Before, t.Value, t.Values, write), cobra.ShellCompDirectiveNoFileComp
	}
}

// CompleteList completes a comma-separated list flag (--columns, --sort):
// what is typed before the last comma stays, and with signed a "-" before
// the value being typed (descending) stays too. A value already listed is
// not offered again.
func CompleteList(values func() []string, signed bool) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		before := typed[:strings.LastIndex(typed, ",")+1]
		listed := map[string]bool{}
		for _, v := range strings.Split(before, ",") {
			listed[strings.ToLower(strings.TrimLeft(strings.TrimSpace(v), "+-"))] = true
		}
		if signed && strings.HasPrefix(typed[len(before):], "-") {
			before += "-"
		}
		var out []string
		for _, v := range values() {
			if !listed[strings.ToLower(v)] {
				out = append(out, before+v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}
