// Package transfer implements `rolo transfer`: handing contacts over to
// another teammate.
package transfer

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// TransferOptions are transfer's inputs.
type TransferOptions struct {
	F     *factory.Factory
	Refs  []string
	Where string
	To    string
}

// NewCmdTransfer returns the transfer command.
func NewCmdTransfer(f *factory.Factory, runF func(context.Context, *TransferOptions) error) *cobra.Command {
	opts := &TransferOptions{F: f}
	cmd := &cobra.Command{
		Use:   "transfer REF... | - | --where QUERY --to LOGIN",
		Short: "Hand contacts over to another teammate",
		Long: `Make another teammate the owner of contacts. A private contact is
transferred by its owner only, and afterwards the previous owner no longer
sees it unless the new owner shares it back. A public contact is
transferred by its owner or by an owner or manager of the account.
The change log of each contact records who handed it from whom to whom.

On a terminal rolo asks before changing more than one contact, unless --yes.`,
		Example: `  rolo transfer 12 --to bob
  rolo transfer --where "owner:me tag:west" --to carol --yes
  rolo list owner:dave -o ids | rolo transfer - --to erin`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if err := factory.NeedTargets(cmd.Name(), args, opts.Where); err != nil {
				return err
			}
			// As stored: the messages name the login acted on, not the case typed.
			if opts.To = contact.FoldLogin(opts.To); opts.To == "" {
				return contact.Errorf(contact.EINVALID, "transfer: --to LOGIN is required (see rolo team list)")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return transferRun(cmd.Context(), opts)
		},
	}
	f.AddWhereFlag(cmd, &opts.Where, "transfer", contact.ScopeActive)
	cmd.Flags().StringVar(&opts.To, "to", "", "the teammate (`LOGIN`) who will own the contacts")
	_ = cmd.RegisterFlagCompletionFunc("to", f.CompleteUsers())
	return cmd
}

func transferRun(ctx context.Context, opts *TransferOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	t, err := f.ResolveBulkMay(ctx, st, opts.Refs, opts.Where, "transfer", []string{opts.To})
	if err != nil {
		return err
	}
	// Counted before the transfer, after which they are out of sight.
	lost, err := lostAccess(ctx, st, t.IDs, st.Actor().Login, opts.To)
	if err != nil {
		return err
	}
	n, err := st.Transfer(ctx, t.IDs, opts.To)
	if err != nil {
		return err
	}
	f.ReportBulkWith("transferred", "to "+opts.To, opts.To+" already owns it", n, t)
	if lost > 0 {
		what := fmt.Sprintf("the %d private ones", lost)
		if lost == 1 {
			what = "the private one"
		}
		f.Infof("You no longer see %s unless %s shares %s with you.", what, opts.To, contact.Plural(lost, "it", "them"))
	}
	return nil
}

// lostAccess counts the private contacts of ids the actor owns, which,
// once they belong to another teammate, the actor no longer sees. It asks
// the store a chunk of IDs at a time rather than reading the contacts.
func lostAccess(ctx context.Context, st contact.Store, ids []int64, me, to string) (int, error) {
	if to == me {
		return 0, nil
	}
	const chunk = 500
	n := 0
	for start := 0; start < len(ids); start += chunk {
		mine, err := st.ContactIDs(ctx, contact.Filter{Query: "is:private owner:me", IDs: ids[start:min(start+chunk, len(ids))], IncludeArchived: true})
		if err != nil {
			return 0, err
		}
		n += len(mine)
	}
	return n, nil
}
