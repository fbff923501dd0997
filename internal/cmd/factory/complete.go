package factory

import (
	"slices"
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

// CompleteContact is CompleteContacts for a command that takes one REF
// (show, history, log): nothing is offered after it.
func (f *Factory) CompleteContact(scope contact.Scope) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	complete := f.CompleteContacts(scope)
	return func(cmd *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return complete(cmd, args, typed)
	}
}

// CompleteContactsMatching is CompleteContacts among the contacts a query
// matches (is:archived for unarchive). A contact already given by ID
// (merge 1 <TAB>) is not offered again.
func (f *Factory) CompleteContactsMatching(scope contact.Scope, query string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
		st, err := f.CompletionStore(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		filter := contact.Filter{Scope: scope, Limit: completionLimit, IncludeArchived: true}
		if typed != "" {
			if id, err := strconv.ParseInt(typed, 10, 64); err == nil && id > 0 && !strings.HasPrefix(typed, "0") {
				filter.IDPrefix, filter.Sort = id, []string{"id"}
			} else if err == nil {
				return nil, cobra.ShellCompDirectiveNoFileComp // no ID starts with 0
			} else {
				filter.Query = "name:" + strings.ReplaceAll(typed, ",", " ")
			}
		}
		named := filter.Query != ""
		words := strings.TrimPrefix(filter.Query, "name:")
		filter.Query = strings.TrimSpace(filter.Query + " " + query)
		cs, err := st.FindContacts(cmd.Context(), filter)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		if named && len(cs) < completionLimit {
			// A contact with no name of a person's is called by its
			// company (Acme Inc), which name: does not search.
			filter.Query = strings.TrimSpace("company:" + words + " " + query)
			filter.Limit = completionLimit - len(cs)
			more, _ := st.FindContacts(cmd.Context(), filter)
			for _, c := range more {
				if c.Name == c.Company && !slices.ContainsFunc(cs, func(o *contact.Contact) bool { return o.ID == c.ID }) {
					cs = append(cs, c)
				}
			}
		}
		given := map[int64]bool{}
		for _, a := range args {
			if id, ok := contact.ParseID(strings.TrimSpace(a)); ok {
				given[id] = true
			}
		}
		out := make([]string, 0, len(cs))
		for _, c := range cs {
			id := strconv.FormatInt(c.ID, 10)
			if given[c.ID] {
				continue
			}
			if strings.HasPrefix(id, typed) || named {
				out = append(out, id+"\t"+c.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// CompleteMerges completes unmerge's MERGE_ID, a number there being a
// merge ID and not a contact's: the merges the acting user may undo now,
// newest first, each described by the contact kept and those merged into
// it. It offers nothing after the one argument.
func (f *Factory) CompleteMerges() func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st, err := f.CompletionStore(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ms, err := st.UndoableMerges(cmd.Context(), completionLimit)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := make([]string, 0, len(ms))
		for _, m := range ms {
			id := strconv.FormatInt(m.ID, 10)
			if strings.HasPrefix(id, typed) {
				out = append(out, id+"\tinto #"+strconv.FormatInt(m.KeepID, 10)+" "+m.Keep+": "+strings.Join(m.Merged, ", "))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completionLimit bounds the contacts one TAB offers.
const completionLimit = 200
