// Package share implements `rolo share` and `rolo unshare`: giving
// teammates access to private contacts and taking it back.
package share

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// ShareOptions are share's and unshare's inputs.
type ShareOptions struct {
	F     *factory.Factory
	Refs  []string
	Where string
	With  []string
	On    bool // share (true) or unshare
}

// NewCmdShare returns the share command.
func NewCmdShare(f *factory.Factory, runF func(context.Context, *ShareOptions) error) *cobra.Command {
	return newCmd(f, runF, true)
}

// NewCmdUnshare returns the unshare command.
func NewCmdUnshare(f *factory.Factory, runF func(context.Context, *ShareOptions) error) *cobra.Command {
	return newCmd(f, runF, false)
}

func newCmd(f *factory.Factory, runF func(context.Context, *ShareOptions) error, on bool) *cobra.Command {
	opts := &ShareOptions{F: f, On: on}
	cmd := &cobra.Command{
		Use:   "share REF... | - | --where QUERY --with LOGIN",
		Short: "Give teammates access to your private contacts",
		Long: `Share private contacts with teammates: they see them everywhere and may
edit, tag, note, log, favorite, block and archive them, but only you, the
owner, delete, share, publish or transfer them. Only a contact's owner may
share it. A public contact is already seen by every teammate; sharing it
changes nothing.

--with takes one or more logins (repeat it, or separate them with commas).
On a terminal rolo asks before changing more than one contact, unless --yes.`,
		Example: `  rolo share 12 --with bob
  rolo share --where "owner:me tag:acme" --with bob,carol
  rolo list is:private owner:me -o ids | rolo share - --with bob`,
		ValidArgsFunction: f.CompleteContacts(contact.ScopeActive),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if err := factory.NeedTargets(cmd.Name(), args, opts.Where); err != nil {
				return err
			}
			if err := opts.checkWith(cmd.Name()); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return shareRun(cmd.Context(), opts)
		},
	}
	verb := "share"
	if !on {
		verb = "unshare"
		cmd.Use = "unshare REF... | - | --where QUERY --with LOGIN"
		cmd.Short = "Take back teammates' access to your private contacts"
		cmd.Long = `Stop sharing private contacts with teammates: they no longer see them,
anywhere. Only a contact's owner may unshare it; a teammate it is not
shared with is not an error.

--with takes one or more logins (repeat it, or separate them with commas).
On a terminal rolo asks before changing more than one contact, unless --yes.`
		cmd.Example = `  rolo unshare 12 --with bob
  rolo unshare --where "is:shared owner:me" --with carol --yes`
	}
	f.AddWhereFlag(cmd, &opts.Where, verb, contact.ScopeActive)
	factory.LoginsVar(cmd.Flags(), &opts.With, "with", "teammate `LOGIN`s (repeat or comma-separate)")
	_ = cmd.RegisterFlagCompletionFunc("with", f.CompleteUsers())
	return cmd
}

// checkWith folds the logins of --with and drops the blank and repeated
// ones, so that --with BOB,bob says "with bob", not "with bob, bob".
func (o *ShareOptions) checkWith(command string) error {
	var with []string
	for _, w := range o.With {
		if w = contact.FoldLogin(w); w != "" && !slices.Contains(with, w) {
			with = append(with, w)
		}
	}
	o.With = with
	if len(o.With) == 0 {
		return contact.Errorf(contact.EINVALID, "%s: --with LOGIN is required (see rolo team list)", command)
	}
	return nil
}

func shareRun(ctx context.Context, opts *ShareOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	verb, done := "share", "shared"
	if !opts.On {
		verb, done = "unshare", "unshared"
	}
	t, err := f.ResolveBulkMay(ctx, st, opts.Refs, opts.Where, verb, opts.With)
	if err != nil {
		return err
	}
	var n int
	if opts.On {
		n, err = st.Share(ctx, t.IDs, opts.With)
	} else {
		n, err = st.Unshare(ctx, t.IDs, opts.With)
	}
	if err != nil {
		return err
	}
	with := strings.Join(opts.With, ", ")
	complement := "with " + with
	if !opts.On {
		complement = "from " + with
	}
	already := ""
	if t.One != nil {
		already = unchangedReason(t.One, opts.On, with)
	}
	f.ReportBulkWith(done, complement, already, n, t)
	return nil
}

// unchangedReason says why share or unshare left a single contact as it
// was.
func unchangedReason(c *contact.Contact, on bool, with string) string {
	switch {
	case c.Visibility == contact.Public:
		return "it is public, so every teammate sees it"
	case on && c.Owner == with:
		return with + " owns it"
	case on:
		return "it is already shared with " + with
	}
	return "it is not shared with " + with
}
