// Package note implements `rolo note`.
package note

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// NoteOptions are note's inputs.
type NoteOptions struct {
	F     *factory.Factory
	Ref   string
	Where string
	Text  string
}

// NewCmdNote returns the note command.
func NewCmdNote(f *factory.Factory, runF func(context.Context, *NoteOptions) error) *cobra.Command {
	opts := &NoteOptions{F: f}
	cmd := &cobra.Command{
		Use:   "note REF TEXT... | - TEXT... | --where QUERY TEXT...",
		Short: "Add a note to a contact",
		Long: `Add a note to a contact. The words of TEXT are joined with spaces, so quoting
is optional; TEXT "-" reads the note (several lines if need be) from stdin.

With - instead of a REF (contact IDs from stdin, one a line, as other
commands read them) or --where QUERY, every contact selected gets the same
note, in one transaction (on a terminal rolo asks first unless --yes);
stdin gives the IDs or the TEXT, not both. A REF and --where together are
refused: a TEXT of several words whose first is an ID or - is taken for
one (quote such a note whole).
Notes appear in show, history and free-text search.`,
		Example: `  rolo note 12 "Prefers email; call only after 3pm"
  rolo note ada Met at the conference booth
  rolo note 12 - < minutes.txt
  rolo note --where "tag:webinar" "Attended the June webinar"
  rolo list tag:booth -o ids | rolo note - "Met at the booth"`,
		Args: cobra.MinimumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
			// The REF completes; the TEXT after it is the user's own.
			if opts.Where != "" {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return f.CompleteContact(contact.ScopeActive)(cmd, args, typed)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Where != "" && len(args) > 1 && refLike(args[0]) {
				// note 1 hello --where vip: the REF would begin every
				// vip contact's note.
				return contact.Errorf(contact.EINVALID, "note: give a REF or --where, not both: with --where every word is the note (quote a note that starts with a number whole: %q)", strings.Join(args, " "))
			}
			if opts.Where == "" {
				if len(args) < 2 {
					return contact.Errorf(contact.EINVALID, "note: give a REF and the note's TEXT (or --where QUERY and TEXT)")
				}
				opts.Ref, args = args[0], args[1:]
			}
			opts.Text = strings.Join(args, " ")
			if opts.Text == "-" && opts.Ref == "-" {
				return contact.Errorf(contact.EINVALID, "note: stdin can give the IDs (REF -) or the TEXT (-), not both; use --where QUERY, or a REF, with TEXT -")
			}
			if opts.Text == "-" {
				// The limit is the stored note's, trimmed and with
				// CRLFs made LF (CleanNote), so more is read: up to
				// twice the limit, for trailing blank lines and CRLFs.
				// More is refused as too long, never stored cut.
				const most = 2 * contact.MaxNoteLen
				b, err := io.ReadAll(io.LimitReader(f.IO.In, most+1))
				if err != nil {
					return contact.Errorf(contact.EINVALID, "note: reading stdin: %v", err)
				}
				if len(b) > most {
					return contact.Errorf(contact.EINVALID, "note: is too long (at most %d bytes)", contact.MaxNoteLen)
				}
				// A file saved by Notepad starts with a byte order mark,
				// which would stay, unseen, at the start of the note.
				opts.Text = strings.TrimPrefix(string(b), "\uFEFF")
			}
			if _, err := contact.CleanNote(opts.Text); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return noteRun(cmd.Context(), opts)
		},
	}
	f.AddWhereFlag(cmd, &opts.Where, "add the note to", contact.ScopeActive)
	return cmd
}

func noteRun(ctx context.Context, opts *NoteOptions) error {
	f := opts.F
	st, err := f.ChangeStore(ctx)
	if err != nil {
		return err
	}
	var refs []string
	if opts.Where == "" {
		// An empty REF is refused by the store like any other command's.
		refs = []string{opts.Ref}
	}
	t, err := f.ResolveBulk(ctx, st, refs, opts.Where, "add the note to")
	if err != nil {
		return err
	}
	n, err := st.AddNote(ctx, t.IDs, opts.Text)
	if err != nil {
		return err
	}
	if t.Len() == 1 {
		f.Infof("Added a note to %s.", t.Name())
	} else {
		f.Infof("Added the note to %d contacts.", n)
	}
	return nil
}

// refLike reports whether a word is an ID or "-", as a REF is written
// before TEXT: with --where, a first word so written is a REF given too.
func refLike(word string) bool {
	_, id := contact.ParseID(word)
	return id || word == "-"
}
