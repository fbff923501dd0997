// Package team implements `rolo team`: the account's teammates.
package team

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// NewCmdTeam returns the team command and its subcommands.
func NewCmdTeam(f *factory.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "team <command>",
		Short: "Teammates of the account",
		Long: `Manage the teammates who share this database. Each has a login, a display
name, an email and a phone, and a role: owner, manager or member. Owners
and managers add, remove and change the role of teammates; only an owner
gives or takes away the owner role, and the last owner always stays. Act
as a teammate with --as LOGIN or the profile's user.

Identity comes from the profile, not from a password: anyone who can read
the database file can read all of it.`,
	}
	cmd.AddCommand(NewCmdAdd(f, nil), NewCmdList(f, nil), NewCmdEdit(f, nil), NewCmdRole(f, nil), NewCmdRm(f, nil))
	return cmd
}

// AddOptions are team add's inputs.
type AddOptions struct {
	F     *factory.Factory
	Login string
	Name  string
	Role  string
	Email string
	Phone string
}

// NewCmdAdd returns `team add`.
func NewCmdAdd(f *factory.Factory, runF func(context.Context, *AddOptions) error) *cobra.Command {
	opts := &AddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add LOGIN [--role ROLE] [flags]",
		Short: "Add a teammate",
		Long: `Add a teammate with a login (ASCII lower-case letters, digits, . _ -; Bob is
bob, as any case names the same teammate everywhere), a role (--role owner,
manager or member; default member), a display name (--name) and contact
details (--email, --phone). Only an owner or a manager may, and only an
owner may add another owner.

Adding a removed teammate again brings back the same user: their history,
their private contacts, and the name, email and phone they had unless new
ones are given. The role is the one given (default member); the shares and
favorites that team rm removed do not come back (the views they saved
stayed the team's all along).`,
		Example: `  rolo team add bob --name "Bob Smith" --email bob@example.com \
    --phone "+1 415 555 0100"
  rolo team add carol --role manager`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Login = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return addRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Role, "role", contact.RoleMember, "`ROLE`: owner, manager or member")
	cmd.Flags().StringVar(&opts.Name, "name", "", "display `NAME`")
	cmd.Flags().StringVar(&opts.Email, "email", "", "email address `ADDR`")
	cmd.Flags().StringVar(&opts.Phone, "phone", "", "phone `NUMBER`")
	_ = cmd.RegisterFlagCompletionFunc("role", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{contact.RoleOwner, contact.RoleManager, contact.RoleMember}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func addRun(ctx context.Context, opts *AddOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	// Check the login, role and details before adding anyone, or opening
	// the database: a bad address leaves no half-made teammate behind, and
	// a bad role no new database at a --db path.
	if _, err := contact.Login(opts.Login); err != nil {
		return err
	}
	if opts.Role != "" {
		if _, err := contact.NormalizeRole("--role", opts.Role); err != nil {
			return err
		}
	}
	details := contact.User{Name: opts.Name, Email: opts.Email, Phone: opts.Phone}
	if err := contact.NormalizeTeammate(&details, p.Region); err != nil {
		return err
	}
	st, err := f.Store(ctx)
	if err != nil {
		return err
	}
	// One write: a teammate is added with the details given, or not at
	// all.
	u, err := st.AddTeammate(ctx, opts.Login, contact.User{Name: opts.Name, Email: details.Email, Phone: details.Phone}, opts.Role)
	if err != nil {
		return err
	}
	f.Infof("Added teammate %s (%s).", u.Login, u.Role)
	return nil
}

// NewCmdList returns `team list`.
func NewCmdList(f *factory.Factory, runF func(context.Context, *factory.Factory) error) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List teammates",
		Example: `  rolo team list
  rolo team list -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), f)
			}
			return listRun(cmd.Context(), f)
		},
	}
}

func listRun(ctx context.Context, f *factory.Factory) error {
	out, err := f.Printer()
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	switch out.Format {
	case output.JSON, output.NDJSON:
		return out.JSONList(len(users), func(i int) any { return users[i] })
	}
	rows := make([][]string, len(users))
	for i, u := range users {
		rows[i] = []string{u.Login, u.Name, u.Email, u.Phone, u.Role, out.Time(&u.CreatedAt)}
	}
	return out.Rows([]string{"login", "name", "email", "phone", "role", "created"}, rows)
}
