package team

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// RoleOptions are team role's inputs.
type RoleOptions struct {
	F     *factory.Factory
	Login string
	Role  string
}

// NewCmdRole returns `team role`.
func NewCmdRole(f *factory.Factory, runF func(context.Context, *RoleOptions) error) *cobra.Command {
	opts := &RoleOptions{F: f}
	cmd := &cobra.Command{
		Use:   "role LOGIN owner|manager|member",
		Short: "Change a teammate's role",
		Long: `Change a teammate's role. Owners and managers manage the team and may delete
or transfer any public contact; members may not. Only an owner or a manager
changes roles, only an owner gives or takes away the owner role, and the
last owner of the account cannot be demoted (exit 4).`,
		Example: `  rolo team role bob manager
  rolo team role carol owner`,
		Args: cobra.ExactArgs(2),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 1 {
				return []string{contact.RoleOwner, contact.RoleManager, contact.RoleMember}, cobra.ShellCompDirectiveNoFileComp
			}
			if len(args) > 1 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return f.CompleteUsers()(cmd, args, typed)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Login, opts.Role = contact.FoldLogin(args[0]), args[1]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return roleRun(cmd.Context(), opts)
		},
	}
	return cmd
}

func roleRun(ctx context.Context, opts *RoleOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	changed, err := st.SetRole(ctx, opts.Login, opts.Role)
	if err != nil {
		return err
	}
	role := strings.ToLower(strings.TrimSpace(opts.Role))
	if changed {
		f.Infof("%s is now a%s %s.", opts.Login, article(role), role)
	} else {
		f.Infof("No change: %s already is a%s %s.", opts.Login, article(role), role)
	}
	return nil
}

func article(role string) string {
	if role == contact.RoleOwner {
		return "n"
	}
	return ""
}
