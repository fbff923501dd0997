package factory

import (
	"github.com/spf13/cobra"
)

// CompleteUsers completes teammates' logins, with their role as the
// description, for arguments and flags that name a teammate (--with, --to,
// team role/rm).
func (f *Factory) CompleteUsers() func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		st, err := f.Store(cmd.Context())
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
