package team

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// RmOptions are team rm's inputs.
type RmOptions struct {
	F          *factory.Factory
	Login      string
	TransferTo string
}

// NewCmdRm returns `team rm`.
func NewCmdRm(f *factory.Factory, runF func(context.Context, *RmOptions) error) *cobra.Command {
	opts := &RmOptions{F: f}
	cmd := &cobra.Command{
		Use:     "rm LOGIN [--transfer-to LOGIN]",
		Aliases: []string{"remove"},
		Short:   "Remove a teammate",
		Long: `Remove a teammate: they can no longer act on the account (--as LOGIN fails),
and their shares and favorites go. What they did stays, under "LOGIN (removed)"
wherever rolo names who did it (history, show, blocked), and the views they
saved stay the team's.

The public contacts they own change hands first, each with a line in its
change log: to --transfer-to LOGIN, or to you. Their private contacts stay
theirs: only a contact's owner may hand a private contact over, and nobody
else may see it, so it stays visible only to those it was shared with and
comes back with the teammate if you add them again (rolo team add LOGIN).
To hand private contacts over, their owner transfers them before leaving,
the archived ones too (a query leaves them out unless asked for); one in
the trash is handed over only once restored:
  rolo --as LOGIN restore --where 'owner:me is:private'
  rolo --as LOGIN transfer --where 'owner:me is:private' --to OTHER
  rolo --as LOGIN transfer --where 'owner:me is:private is:archived' --to OTHER

Only an owner or a manager removes teammates, only an owner removes an
owner, and the last owner of the account cannot be removed (exit 4).
On a terminal rolo asks first, unless --yes.`,
		Example: `  rolo team rm dave
  rolo team rm erin --transfer-to bob`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: f.CompleteUsers(),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Login = contact.FoldLogin(args[0])
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return rmRun(cmd.Context(), opts)
		},
	}
	// Empty (an unset variable) is a mistake, not "to you": exit 2.
	factory.NonBlankStringVar(cmd.Flags(), &opts.TransferTo, "transfer-to", "login", "give their public contacts to `LOGIN` (default: you)")
	_ = cmd.RegisterFlagCompletionFunc("transfer-to", f.CompleteUsers())
	return cmd
}

func rmRun(ctx context.Context, opts *RmOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	// A member is refused before being asked, not after answering.
	if err := st.MayManageTeam("rm"); err != nil {
		return err
	}
	ok, err := f.Confirm(fmt.Sprintf("Remove teammate %s?", opts.Login), true)
	if err != nil {
		return err
	}
	if !ok {
		return contact.Errorf(contact.EINTERNAL, "cancelled; nothing was changed")
	}
	to, err := st.RemoveUser(ctx, opts.Login, opts.TransferTo)
	if err != nil {
		return err
	}
	if to != "" {
		f.Infof("Removed teammate %s; the public contacts they owned now belong to %s.", opts.Login, to)
	} else {
		f.Infof("Removed teammate %s.", opts.Login)
	}
	return nil
}
