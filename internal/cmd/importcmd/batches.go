package importcmd

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// ListOptions are import list's inputs.
type ListOptions struct {
	F      *factory.Factory
	Limit  int
	Offset int
}

// NewCmdList returns `import list`.
func NewCmdList(f *factory.Factory, runF func(context.Context, *ListOptions) error) *cobra.Command {
	opts := &ListOptions{F: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List all imports",
		Long: `List every teammate's imports, newest first: when, by whom, from which file,
in which format, how many records were imported, updated, rejected and
skipped (for your own imports only: another's may count private contacts),
how many of the contacts an import created are still there that you can
see, and whether it was undone. --limit and --offset page through a long
list, as they do for list.`,
		Example: `  rolo import list
  rolo import list --limit 20 --offset 20
  rolo import list -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := factory.CheckPage(opts.Limit, opts.Offset); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return listRun(cmd.Context(), opts)
		},
	}
	factory.PageVars(cmd.Flags(), &opts.Limit, &opts.Offset, "imports")
	return cmd
}

func listRun(ctx context.Context, opts *ListOptions) error {
	f := opts.F
	out, err := f.Printer()
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	bs, err := st.ImportBatches(ctx, opts.Limit, opts.Offset)
	if err != nil {
		return err
	}
	if out.Format == "json" || out.Format == "ndjson" {
		return out.JSONList(len(bs), func(i int) any { return bs[i] })
	}
	rows := make([][]string, 0, len(bs))
	for _, b := range bs {
		undone := ""
		if b.UndoneAt != nil {
			undone = out.Time(b.UndoneAt)
		}
		counts := []string{"", "", "", "", ""} // another's: empty, as JSON's null
		if !b.CountsHidden {
			counts = []string{strconv.Itoa(b.Total), strconv.Itoa(b.Imported), strconv.Itoa(b.Updated), strconv.Itoa(b.Failed), strconv.Itoa(b.Skipped)}
		}
		row := append([]string{strconv.FormatInt(b.ID, 10), out.Time(&b.CreatedAt), b.User, sourceText(out, b.Source), b.Format}, counts...)
		rows = append(rows, append(row, strconv.Itoa(b.Remaining), undone))
	}
	return out.Rows([]string{"id", "date", "user", "source", "format", "records", "imported", "updated", "failed", "skipped", "remaining", "undone"}, rows)
}

// sourceText is an import's file name as a table shows it: escaped whole,
// a tab or newline too, as messages name files (contact.PathText), so
// that a name holding a newline does not split its row in two. TSV, CSV
// and JSON have it as stored.
func sourceText(out *output.Printer, source string) string {
	if out.Human() {
		return contact.PathText(source)
	}
	return source
}

// UndoOptions are import undo's inputs.
type UndoOptions struct {
	F     *factory.Factory
	Batch int64
}

// NewCmdUndo returns `import undo`.
func NewCmdUndo(f *factory.Factory, runF func(context.Context, *UndoOptions) error) *cobra.Command {
	opts := &UndoOptions{F: f}
	return &cobra.Command{
		Use:   "undo BATCH",
		Short: "Erase the contacts an import created",
		Long: `Erase, for good, the contacts that an import (yours or a teammate's) created
and that are still there (in the trash too), and mark the import undone.
Contacts it created that you may not delete (a teammate's: only its owner,
or an owner/manager for a public one, may), that other contacts have
since been merged into, or that someone changed since (an edit, a note, a
call...), stay and are named; so does one merged into another contact
since, which an unmerge brings back as a contact that rolo delete then
removes. While contacts are left that someone else may erase (those you
may not delete, and those you cannot see, which it neither touches nor
names), the import stays open, for them to finish the undo; when that
leaves nothing erased, the exit status is 4. What the import changed in
contacts that already existed (--on-duplicate update or merge) is not
undone. An import already undone is no change (exit 0).
Asks first on a terminal, unless --yes; elsewhere it needs --yes (exit 2).
With nothing left to erase (every contact kept) it needs neither.`,
		Example: `  rolo import list
  rolo import undo 3 --yes`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			// The imports not undone yet, newest first, the file as description.
			st, err := f.CompletionStore(cmd.Context())
			if err != nil || len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			bs, _ := st.ImportBatches(cmd.Context(), 0, 0)
			var out []string
			for _, b := range bs {
				if b.UndoneAt == nil {
					out = append(out, strconv.FormatInt(b.ID, 10)+"\t"+b.Source)
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			id, ok := contact.ParseID(strings.TrimSpace(args[0]))
			if !ok || id <= 0 {
				return contact.Errorf(contact.EINVALID, "import undo: %s is not an import ID (see rolo import list)", contact.Quote(args[0]))
			}
			opts.Batch = id
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return undoRun(cmd.Context(), opts)
		},
	}
}

func undoRun(ctx context.Context, opts *UndoOptions) error {
	f := opts.F
	if err := checkOutput(f); err != nil {
		return err
	}
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	if !f.Globals.Yes {
		// An erase for good is confirmed: on a terminal by asking,
		// elsewhere by --yes, as for delete --purge. The question counts
		// what the undo erases, not the contacts it keeps; with nothing
		// to erase there is nothing to confirm.
		plan, err := st.PreviewUndoImport(ctx, opts.Batch)
		if err != nil {
			return err
		}
		if !plan.AlreadyUndone && plan.Removed > 0 {
			if !f.IO.CanPrompt() {
				return contact.Errorf(contact.EINVALID, "import undo: refusing to erase without --yes: %s", f.IO.NoPromptReason())
			}
			b := plan.Batch
			question := fmt.Sprintf("Erase the %d %s import %d created from %s?", plan.Removed, contact.Plural(plan.Removed, "contact", "contacts"), b.ID, contact.PathText(b.Source))
			if n := len(plan.Kept); n > 0 {
				question = fmt.Sprintf("Erase %d %s import %d created from %s (%d more %s)?", plan.Removed, contact.Plural(plan.Removed, "contact", "contacts"), b.ID, contact.PathText(b.Source), n, contact.Plural(n, "stays", "stay"))
			}
			ok, err := f.Confirm(question, false)
			if err != nil {
				return err
			}
			if !ok {
				return contact.Errorf(contact.EINTERNAL, "cancelled; nothing was changed")
			}
		}
	}
	res, err := st.UndoImport(ctx, opts.Batch)
	if err != nil {
		return err
	}
	if res.AlreadyUndone {
		out, err := f.Printer()
		if err != nil {
			return err
		}
		f.Infof("No change: import %d was already undone at %s.", opts.Batch, out.Moment(*res.Batch.UndoneAt))
	}
	for _, k := range res.Kept {
		f.Infof("Kept %s", k)
	}
	// Left open, it is for someone who may delete the rest; the contacts
	// the actor cannot see are not counted, and not named above.
	var denied error
	erased := fmt.Sprintf("erased %d %s", res.Removed, contact.Plural(res.Removed, "contact", "contacts"))
	open := fmt.Sprintf("%d stays open: %s; whoever may delete the rest can finish with rolo import undo %[1]d", opts.Batch, erased)
	if res.Denied > 0 {
		open = fmt.Sprintf("%d stays open: %s, kept %d you may not delete; whoever may delete them can finish with rolo import undo %[1]d", opts.Batch, erased, res.Denied)
	}
	if b := res.Batch; !res.AlreadyUndone && !b.CountsHidden && b.Updated > 0 {
		// Said, lest "Undid import 3" be read as the updates undone too.
		// Another's import does not count them for the actor (they may
		// be private contacts): nor does this.
		f.Infof("Import %d also updated %d %s, which %s: import undo erases only the contacts an import created.",
			b.ID, b.Updated, contact.Plural(b.Updated, "contact", "contacts"), contact.Plural(b.Updated, "keeps its changes", "keep their changes"))
	}
	switch {
	case res.AlreadyUndone:
	case res.Batch.UndoneAt != nil:
		f.Infof("Undid import %d: %s.", opts.Batch, erased)
	case res.Removed > 0:
		f.Infof("Import %s.", open)
	default:
		denied = contact.Errorf(contact.EPERM, "import undo: import %s", open)
	}
	if f.Globals.Output != "" {
		if err := printUndo(f, res); err != nil {
			return err
		}
	}
	return denied
}

// printUndo prints what an undo did, with -o, as printBatch does an
// import's: the result as JSON, or else a row (-o ids: the batch's ID).
func printUndo(f *factory.Factory, res *contact.ImportUndo) error {
	out, err := f.Printer()
	if err != nil {
		return err
	}
	switch out.Format {
	case output.JSON, output.NDJSON:
		return out.JSON(res)
	}
	b := res.Batch
	undone := ""
	if b.UndoneAt != nil {
		undone = out.Time(b.UndoneAt)
	}
	return out.Rows([]string{"id", "source", "erased", "kept", "denied", "undone"},
		[][]string{{strconv.FormatInt(b.ID, 10), sourceText(out, b.Source), strconv.Itoa(res.Removed), strconv.Itoa(len(res.Kept)),
			strconv.Itoa(res.Denied), undone}})
}
