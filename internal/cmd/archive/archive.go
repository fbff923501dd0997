// Package archive implements `rolo archive` and `rolo unarchive`.
package archive

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// ArchiveOptions are archive's and unarchive's inputs.
type ArchiveOptions struct {
	F     *factory.Factory
	Refs  []string
	Where string
	On    bool // archive (true) or unarchive
}

// NewCmdArchive returns the archive command.
func NewCmdArchive(f *factory.Factory, runF func(context.Context, *ArchiveOptions) error) *cobra.Command {
	return newCmd(f, runF, true)
}

// NewCmdUnarchive returns the unarchive command.
func NewCmdUnarchive(f *factory.Factory, runF func(context.Context, *ArchiveOptions) error) *cobra.Command {
	return newCmd(f, runF, false)
}

func newCmd(f *factory.Factory, runF func(context.Context, *ArchiveOptions) error, on bool) *cobra.Command {
	opts := &ArchiveOptions{F: f, On: on}
	// archive completes the contacts it can archive, unarchive the others.
	completes := "is:archived"
	if on {
		completes = "-is:archived"
	}
	cmd := &cobra.Command{
		Use:   "archive REF... | - | --where QUERY",
		Short: "Hide contacts from the default list",
		Long: `Archive contacts: they keep everything (fields, notes, interactions, history)
but list, search and export leave them out unless the query says is:archived.
An ID still reaches an archived contact (show, history, edit).

On a terminal rolo asks before archiving more than one contact, unless --yes.`,
		Example: `  rolo archive 12
  rolo list tag:old -o ids | rolo archive -
  rolo archive --where "activity:>1y" --yes
  rolo list is:archived`,
		ValidArgsFunction: f.CompleteContactsMatching(contact.ScopeActive, completes),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Refs = args
			if err := factory.NeedTargets(cmd.Name(), args, opts.Where); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return archiveRun(cmd.Context(), opts)
		},
	}
	verb := "archive"
	if !on {
		verb = "unarchive"
		cmd.Use = "unarchive REF... | - | --where QUERY"
		cmd.Short = "Return archived contacts to the default list"
		cmd.Long = `Take contacts out of the archive. REFs that are queries and --where look
among archived contacts only (as if they began with is:archived).

On a terminal rolo asks before changing more than one contact, unless --yes.`
		cmd.Example = `  rolo unarchive 12
  rolo unarchive --where "tag:vip"
  rolo list is:archived -o ids | rolo unarchive -`
	}
	f.AddWhereFlag(cmd, &opts.Where, verb, contact.ScopeActive)
	return cmd
}

func archiveRun(ctx context.Context, opts *ArchiveOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	verb, done, already, unchanged := "archive", "archived", "it was already archived", "is:archived"
	refs, where := opts.Refs, opts.Where
	if !opts.On {
		verb, done, already, unchanged = "unarchive", "unarchived", "it was not archived", "-is:archived"
		// A query names archived contacts only when it says so; unarchive
		// is about them, so say it for the user.
		if refs, err = archivedRefs(ctx, st, opts.Refs); err != nil {
			return err
		}
		if where != "" {
			where = "is:archived " + where
		}
	}
	t, err := f.ResolveToggle(ctx, st, refs, where, verb, unchanged)
	if !opts.On && opts.Where != "" && contact.ErrorCode(err) == contact.ENOTHING {
		// Said of the query the user typed, not of the one made of it.
		return contact.Errorf(contact.ENOTHING, "No archived contact matches %q; nothing changed.", opts.Where)
	}
	if err != nil {
		return err
	}
	n, err := st.SetArchived(ctx, t.IDs, opts.On)
	if err != nil {
		return err
	}
	f.ReportBulk(done, already, n, t)
	return nil
}

// archivedRefs resolves the REFs that are queries among archived
// contacts, as IDs; a query no archived contact matches, an ID, a UID, a
// number with its +, an email address and "-" are left for the usual
// resolution, which names the contact that has the number or address.
func archivedRefs(ctx context.Context, st contact.Store, refs []string) ([]string, error) {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r
		if _, ok := contact.ParseID(r); ok || r == "-" || contact.MarkedAsPhone(r) {
			continue
		}
		if _, err := contact.NormalizeEmail(r); err == nil {
			continue
		}
		c, err := st.ResolveRef(ctx, "is:archived "+r, contact.ScopeActive)
		switch contact.ErrorCode(err) {
		case "":
			out[i] = strconv.FormatInt(c.ID, 10)
		case contact.ENOTFOUND, contact.EINVALID:
		default:
			return nil, err
		}
	}
	return out, nil
}
