package factory

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/contact"
)

// CompleteContacts completes contact REFs with the IDs of visible contacts
// whose name starts with what was typed, the name shown as the description.
// It goes through the store like every read, so a private contact of
// another user is never offered.
func (f *Factory) CompleteContacts(scope contact.Scope) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return f.CompleteContactsMatching(scope, "")
}

// CompleteContactsMatching is CompleteContacts among the contacts a query
// matches (is:archived for unarchive).
func (f *Factory) CompleteContactsMatching(scope contact.Scope, query string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		st, err := f.CompletionStore(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		filter := contact.Filter{Scope: scope, Limit: completionLimit, IncludeArchived: true}
		if typed != "" {
			if _, err := strconv.ParseUint(typed, 10, 63); err == nil {
				filter.IDs, filter.Sort = idsStartingWith(typed), []string{"id"}
			} else {
				filter.Query = "name:" + strings.ReplaceAll(typed, ",", " ")
			}
		}
		named := filter.Query != ""
		filter.Query = strings.TrimSpace(filter.Query + " " + query)
		cs, err := st.FindContacts(cmd.Context(), filter)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if filter.IDs != nil && len(cs) < completionLimit {
			// Few IDs that short exist (sparse IDs: the public contacts
			// of a large team): the longer ones among the first contacts
			// by name too.
			filter.IDs, filter.Sort = nil, nil
			more, err := st.FindContacts(cmd.Context(), filter)
			if err == nil {
				cs = append(cs, more...)
			}
		}
		out := make([]string, 0, len(cs))
		seen := map[int64]bool{}
		for _, c := range cs {
			id := strconv.FormatInt(c.ID, 10)
			if !seen[c.ID] && (strings.HasPrefix(id, typed) || named) {
				seen[c.ID] = true
				out = append(out, id+"\t"+c.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completionLimit bounds the contacts one TAB offers.
const completionLimit = 200

// idsStartingWith lists the smallest IDs whose digits start with prefix
// (12: 12, 120-129, 1200-1299, ...), up to completionLimit, so that an ID
// completes whatever the contact's name.
func idsStartingWith(prefix string) []int64 {
	var ids []int64
	first, err := strconv.ParseInt(prefix, 10, 64)
	if err != nil || first == 0 {
		return nil
	}
	for n := int64(1); len(ids) < completionLimit; n *= 10 {
		if first > (1<<62)/n {
			break
		}
		for id := first * n; id < (first+1)*n && len(ids) < completionLimit; id++ {
			ids = append(ids, id)
		}
	}
	return ids
}
