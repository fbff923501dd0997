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
	return func(cmd *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		st, err := f.CompletionStore(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		filter := contact.Filter{Scope: scope, Limit: 200, IncludeArchived: true}
		if typed != "" {
			if _, err := strconv.ParseInt(typed, 10, 64); err != nil {
				filter.Query = "name:" + strings.ReplaceAll(typed, ",", " ")
			}
		}
		cs, err := st.FindContacts(cmd.Context(), filter)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(cs))
		for _, c := range cs {
			id := strconv.FormatInt(c.ID, 10)
			if strings.HasPrefix(id, typed) || filter.Query != "" {
				out = append(out, id+"\t"+c.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
