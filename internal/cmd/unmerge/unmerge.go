// Package unmerge implements `rolo unmerge`.
package unmerge

import (
	"context"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// UnmergeOptions are unmerge's inputs.
type UnmergeOptions struct {
	F   *factory.Factory
	Ref string
}

// NewCmdUnmerge returns the unmerge command.
func NewCmdUnmerge(f *factory.Factory, runF func(context.Context, *UnmergeOptions) error) *cobra.Command {
	opts := &UnmergeOptions{F: f}
	cmd := &cobra.Command{
		Use:   "unmerge MERGE_ID|REF",
		Short: "Undo a merge: restore the merged contacts exactly",
		Long: `Undo a merge. Each contact merged away comes back exactly as it was before
the merge: same ID, UID, fields, phones, emails, tags, attributes, notes,
interactions, change log, favorites, shares and blocks. The contact kept
gives back what came from the others, and keeps every edit made to it since
the merge. A contact kept that the merge made public (a public contact was
merged into a private one) stays public: a public contact is never made
private again.

A number is a merge ID, as merge printed it (history shows it too). Anything
else names a contact: the UID of a contact that was merged away, or a REF of
the contact kept, whose newest merge is undone. Merges of merges, and merges
into the same contact, are undone newest first: an older one is refused
while a newer one is in force, naming the merge to undo first.

Prints the IDs of the contacts restored.`,
		Example: `  rolo unmerge 7
  rolo unmerge 5f0c6f0e-8b1a-4c2e-9a55-2b1f0f6a7d10
  rolo unmerge "ada lovelace"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: f.CompleteMerges(),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return unmergeRun(cmd.Context(), opts)
		},
	}
	return cmd
}

func unmergeRun(ctx context.Context, opts *UnmergeOptions) error {
	f := opts.F
	out, err := f.Printer()
	if err != nil {
		return err
	}
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	id, err := st.FindMerge(ctx, opts.Ref)
	if err != nil {
		return err
	}
	res, err := st.Unmerge(ctx, id)
	if err != nil {
		return err
	}
	if res.AlreadyUndone {
		f.Infof("No change: merge %d was already undone (%s).", res.ID, res.UndoneAt)
		if out.Format == output.JSON || out.Format == output.NDJSON {
			return out.JSON(res)
		}
		return nil
	}
	ids := make([]string, len(res.Restored))
	for i, c := range res.Restored {
		ids[i] = "#" + strconv.FormatInt(c.ID, 10)
	}
	if len(ids) > 0 {
		f.Infof("Undid merge %d: restored %s; #%d gave back what came from %s.", res.ID, strings.Join(ids, ", "), res.KeepID, contact.Plural(len(ids), "it", "them"))
	} else {
		f.Infof("Undid merge %d; #%d gave back what came from the merged contacts.", res.ID, res.KeepID)
	}
	for _, id := range res.NewUID {
		f.Infof("#%d came back with a new UID: another contact has its old one now.", id)
	}
	for _, id := range res.Reowned {
		f.Infof("#%d is yours now: its owner has left the team.", id)
	}
	if res.StaysPublic {
		f.Infof("#%d stays public, as the merge made it: a public contact is never made private again.", res.KeepID)
	}
	switch out.Format {
	case output.JSON, output.NDJSON:
		return out.JSON(res)
	}
	return out.Contacts(res.Restored, []string{"id", "name"})
}
