// Package show implements `rolo show`.
package show

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// ShowOptions are show's inputs.
type ShowOptions struct {
	F   *factory.Factory
	Ref string
}

// NewCmdShow returns the show command.
func NewCmdShow(f *factory.Factory, runF func(context.Context, *ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{F: f}
	cmd := &cobra.Command{
		Use:   "show REF",
		Short: "Show a contact in full",
		Long: `Show everything about one contact: fields, visibility, owner, shares, flags,
tags, attributes, the 5 most recent notes and interactions, and the last 5
changes.

REF is an ID, a UID, an email address, or a query that matches exactly one
contact. Digits alone are an ID: name a contact by its phone number with
its + and country code, or as phone:DIGITS.`,
		Example: `  rolo show 12
  rolo show ada
  rolo show +14155550123
  rolo show ada@example.com
  rolo show "ada lovelace" -o json`,
		Args:              cobra.ExactArgs(1),
		Annotations:       map[string]string{factory.OutputFormats: factory.ContactFormats},
		ValidArgsFunction: f.CompleteContact(contact.ScopeAny),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return showRun(cmd.Context(), opts)
		},
	}
	return cmd
}

func showRun(ctx context.Context, opts *ShowOptions) error {
	f := opts.F
	out, err := f.ContactPrinter()
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	c, err := f.ResolveRefAny(ctx, st, opts.Ref)
	if err != nil {
		return err
	}
	changes, err := st.Changes(ctx, c.ID, 5)
	if err != nil {
		return err
	}
	its, err := st.Interactions(ctx, c.ID, out.InteractionsShown())
	if err != nil {
		return err
	}
	return out.Contact(output.ContactDetail{Contact: c, Interactions: its, Changes: changes})
}
