package team

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// EditOptions are team edit's inputs; nil fields are left as they are.
type EditOptions struct {
	F                  *factory.Factory
	Login              string
	Name, Email, Phone *string
}

// NewCmdEdit returns `team edit`.
func NewCmdEdit(f *factory.Factory, runF func(context.Context, *EditOptions) error) *cobra.Command {
	opts := &EditOptions{F: f}
	var name, email, phone string
	cmd := &cobra.Command{
		Use:   "edit LOGIN [--name NAME] [--email ADDR] [--phone NUMBER]",
		Short: "Change a teammate's name, email or phone",
		Long: `Change the contact details team list shows for a teammate. Everyone may
change their own; an owner or manager may change anyone's. An empty value
clears the field.`,
		Example: `  rolo team edit alice --email alice@example.com --phone "+1 415 555 0100"
  rolo team edit bob --name "Robert Brown"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: f.CompleteUsers(),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Login = args[0]
			fl := cmd.Flags()
			if fl.Changed("name") {
				opts.Name = &name
			}
			if fl.Changed("email") {
				opts.Email = &email
			}
			if fl.Changed("phone") {
				opts.Phone = &phone
			}
			if opts.Name == nil && opts.Email == nil && opts.Phone == nil {
				return contact.Errorf(contact.EINVALID, "team edit: give --name, --email or --phone")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return editRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "display `NAME`")
	cmd.Flags().StringVar(&email, "email", "", "email address `ADDR`")
	cmd.Flags().StringVar(&phone, "phone", "", "phone `NUMBER`")
	return cmd
}

func editRun(ctx context.Context, opts *EditOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	u, err := st.UpdateUser(ctx, opts.Login, func(u *contact.User) error {
		if opts.Name != nil {
			u.Name = *opts.Name
		}
		if opts.Email != nil {
			u.Email = *opts.Email
		}
		if opts.Phone != nil {
			u.Phone = *opts.Phone
		}
		return nil
	})
	if err != nil {
		return err
	}
	f.Infof("Updated teammate %s.", u.Login)
	return nil
}
