// Package history implements `rolo history`.
package history

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// HistoryOptions are history's inputs.
type HistoryOptions struct {
	F      *factory.Factory
	Ref    string
	Limit  int
	Offset int
}

// NewCmdHistory returns the history command.
func NewCmdHistory(f *factory.Factory, runF func(context.Context, *HistoryOptions) error) *cobra.Command {
	opts := &HistoryOptions{F: f}
	cmd := &cobra.Command{
		Use:   "history REF",
		Short: "A contact's timeline",
		Long: `Show one timeline of a contact, newest first: notes, interactions, changes
(every field, tag and flag, who and when), blocks (made, lifted, expired;
also a block on one of its numbers or emails made when no contact had it,
which blocks it too), merges and unmerges. Archived and trashed contacts
keep their history.

-o json prints an array of events: {"at", "kind", "user", "summary", and
one of "note", "interaction", "change", "block", "merge" with the details}.
kind is note, interaction, change, block, unblock, merge or unmerge.

--limit and --offset page through a long timeline, as they do for list.`,
		Example: `  rolo history 12
  rolo history ada --limit 10
  rolo history ada --limit 20 --offset 20
  rolo history 12 -o json | jq '.[] | select(.kind == "interaction")'`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: f.CompleteContact(contact.ScopeAny),
		// Every plain format but ids: events have no contact IDs.
		Annotations: map[string]string{factory.OutputFormats: strings.Join(slices.DeleteFunc(output.PlainFormats(),
			func(f string) bool { return f == output.IDs }), ",")},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if err := factory.CheckPage(opts.Limit, opts.Offset); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return historyRun(cmd.Context(), opts)
		},
	}
	factory.PageVars(cmd.Flags(), &opts.Limit, &opts.Offset, "events")
	return cmd
}

func historyRun(ctx context.Context, opts *HistoryOptions) error {
	f := opts.F
	// ContactPrinter, not Printer, so that -o vcard is refused here with
	// the formats history takes; ids and vcard are refused before the
	// database is read, so a usage error is exit 2 whatever REF names.
	out, err := f.ContactPrinter()
	if err != nil {
		return err
	}
	if out.Format == output.IDs || out.Format == output.VCard {
		return contact.Errorf(contact.EINVALID, "history: -o %s is not available (events are not contacts and have no contact IDs); use %s",
			out.Format, strings.Join(slices.DeleteFunc(output.PlainFormats(), func(f string) bool { return f == output.IDs }), ", "))
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	c, err := f.ResolveRefAny(ctx, st, opts.Ref)
	if err != nil {
		return err
	}
	evs, err := st.History(ctx, c.ID)
	if err != nil {
		return err
	}
	evs = evs[min(opts.Offset, len(evs)):]
	if opts.Limit > 0 && len(evs) > opts.Limit {
		evs = evs[:opts.Limit]
	}
	if out.Format == output.JSON || out.Format == output.NDJSON {
		return out.JSONList(len(evs), func(i int) any { return evs[i] })
	}
	rows := make([][]string, len(evs))
	for i, e := range evs {
		// A table shows a note's or an interaction's first line; TSV and
		// CSV, as JSON, the whole text (TSV writes a newline as \n).
		summary := e.Summary
		switch {
		case out.Human():
			if e.Kind == contact.EventBlock || e.Change != nil && e.Change.Field == "blocked" {
				summary = out.BlockTimes(summary)
			}
		case e.Note != nil:
			summary = "note: " + e.Note.Text
		case e.Interaction != nil:
			summary = e.Interaction.DescribeWhole()
		}
		rows[i] = []string{out.Time(&e.At), e.Kind, e.User, summary}
	}
	return out.Rows([]string{"at", "kind", "user", "summary"}, rows)
}
