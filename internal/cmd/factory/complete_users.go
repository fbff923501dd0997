package factory

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/contact"
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
// most used first, with how many contacts have each as the description.
func (f *Factory) CompleteTags() func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		// tag --add a,b takes a list.
		before := ""
		if i := strings.LastIndex(typed, ","); i >= 0 {
			before, typed = typed[:i+1], typed[i+1:]
		}
		return f.tagCompletions(cmd, before, typed), cobra.ShellCompDirectiveNoFileComp
	}
}

// tagCompletions lists the tags starting with typed, each after before.
func (f *Factory) tagCompletions(cmd *cobra.Command, before, typed string) []string {
	st, err := f.CompletionStore(cmd.Context())
	if err != nil {
		return nil
	}
	tags, err := st.Tags(cmd.Context(), typed, 200)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, before+t.Tag+"\t"+strconv.Itoa(t.Count)+" "+contact.Plural(t.Count, "contact", "contacts"))
	}
	return out
}

// CompleteQuery completes the query terms of list, search and export: a
// tag after tag: (or after the comma of tag:a,b), and nothing else, so as
// not to offer file names.
func (f *Factory) CompleteQuery() func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		// A whole query in one word (--where 'is:favorite tag:v'): the
		// term being typed is the last; the ones before it stay.
		lead := typed[:strings.LastIndex(typed, " ")+1]
		key, val, ok := strings.Cut(typed[len(lead):], ":")
		if !ok || strings.TrimPrefix(strings.ToLower(key), "-") != "tag" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		before := lead + key + ":"
		if i := strings.LastIndex(val, ","); i >= 0 {
			before, val = before+val[:i+1], val[i+1:]
		}
		return f.tagCompletions(cmd, before, val), cobra.ShellCompDirectiveNoFileComp
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
