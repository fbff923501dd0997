// Package root builds rolo's command tree and its global flags.
package root

import (
	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/add"
	"github.com/rolo-cli/rolo/internal/cmd/archive"
	"github.com/rolo-cli/rolo/internal/cmd/backup"
	"github.com/rolo-cli/rolo/internal/cmd/birthdays"
	"github.com/rolo-cli/rolo/internal/cmd/block"
	"github.com/rolo-cli/rolo/internal/cmd/completion"
	configcmd "github.com/rolo-cli/rolo/internal/cmd/config"
	"github.com/rolo-cli/rolo/internal/cmd/del"
	"github.com/rolo-cli/rolo/internal/cmd/doctor"
	"github.com/rolo-cli/rolo/internal/cmd/dupes"
	"github.com/rolo-cli/rolo/internal/cmd/edit"
	"github.com/rolo-cli/rolo/internal/cmd/email"
	"github.com/rolo-cli/rolo/internal/cmd/export"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/cmd/favorite"
	"github.com/rolo-cli/rolo/internal/cmd/history"
	"github.com/rolo-cli/rolo/internal/cmd/importcmd"
	"github.com/rolo-cli/rolo/internal/cmd/interaction"
	"github.com/rolo-cli/rolo/internal/cmd/list"
	"github.com/rolo-cli/rolo/internal/cmd/lookup"
	"github.com/rolo-cli/rolo/internal/cmd/merge"
	"github.com/rolo-cli/rolo/internal/cmd/note"
	"github.com/rolo-cli/rolo/internal/cmd/publish"
	"github.com/rolo-cli/rolo/internal/cmd/restore"
	"github.com/rolo-cli/rolo/internal/cmd/share"
	"github.com/rolo-cli/rolo/internal/cmd/show"
	"github.com/rolo-cli/rolo/internal/cmd/tag"
	"github.com/rolo-cli/rolo/internal/cmd/team"
	templatecmd "github.com/rolo-cli/rolo/internal/cmd/template"
	"github.com/rolo-cli/rolo/internal/cmd/transfer"
	"github.com/rolo-cli/rolo/internal/cmd/trash"
	"github.com/rolo-cli/rolo/internal/cmd/unmerge"
	"github.com/rolo-cli/rolo/internal/cmd/view"
	"github.com/rolo-cli/rolo/internal/output"
)

// UsageError is a mistake in how a command was called: an unknown command
// or flag, or the wrong number of arguments. It exits 2.
type UsageError struct {
	Command string
	Err     error
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// NewCmdRoot returns the rolo command with every subcommand.
func NewCmdRoot(f *factory.Factory, version string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rolo <command> [flags]",
		Short: "Business contacts in one local SQLite database",
		Long: `rolo keeps a team's business contacts in one local SQLite database.

It prints tables on a terminal and tab-separated values in a pipe; -o picks
json, ndjson, csv, tsv, ids or table.`,
		Example: `  rolo add --first Ada --last Lovelace --phone "+44 20 7946 0958" --email ada@example.com
  rolo list
  rolo show ada -o json
  rolo edit 1 --set company=Analytical --add-tag vip`,
		Version:           version,
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true,
	}
	cmd.SetVersionTemplate("rolo {{.Version}}\n")
	pf := cmd.PersistentFlags()
	pf.StringVar(&f.Globals.Profile, "profile", "", "use this config profile (env ROLO_PROFILE)")
	pf.StringVar(&f.Globals.DB, "db", "", "database file, overriding the profile (env ROLO_DB)")
	pf.StringVar(&f.Globals.As, "as", "", "act as this teammate (env ROLO_USER)")
	pf.StringVarP(&f.Globals.Output, "output", "o", "", "output format: table, tsv, csv, json, ndjson, ids")
	pf.BoolVar(&f.Globals.NoHeader, "no-header", false, "omit the header line of tables, TSV and CSV")
	pf.BoolVarP(&f.Globals.Quiet, "quiet", "q", false, "print no messages on stderr")
	pf.BoolVarP(&f.Globals.Yes, "yes", "y", false, "answer yes to confirmation prompts")
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return output.Formats, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("profile", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		c, err := f.Config()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return c.Profiles(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("as", f.CompleteUsers())

	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &UsageError{Command: c.CommandPath(), Err: err}
	})
	cmd.AddCommand(
		add.NewCmdAdd(f, nil),
		show.NewCmdShow(f, nil),
		list.NewCmdList(f, nil),
		list.NewCmdSearch(f, nil),
		view.NewCmdView(f),
		edit.NewCmdEdit(f, nil),
		del.NewCmdDelete(f, nil),
		restore.NewCmdRestore(f, nil),
		trash.NewCmdTrash(f, nil),
		favorite.NewCmdFavorite(f, nil),
		favorite.NewCmdUnfavorite(f, nil),
		block.NewCmdBlock(f, nil),
		block.NewCmdUnblock(f, nil),
		block.NewCmdBlocked(f, nil),
		lookup.NewCmdLookup(f, nil),
		archive.NewCmdArchive(f, nil),
		archive.NewCmdUnarchive(f, nil),
		tag.NewCmdTag(f, nil),
		note.NewCmdNote(f, nil),
		interaction.NewCmdLog(f, nil),
		history.NewCmdHistory(f, nil),
		dupes.NewCmdDupes(f, nil),
		merge.NewCmdMerge(f, nil),
		unmerge.NewCmdUnmerge(f, nil),
		birthdays.NewCmdBirthdays(f, nil),
		email.NewCmdEmail(f, nil),
		importcmd.NewCmdImport(f, nil),
		export.NewCmdExport(f, nil),
		templatecmd.NewCmdTemplate(f, nil),
		team.NewCmdTeam(f),
		share.NewCmdShare(f, nil),
		share.NewCmdUnshare(f, nil),
		publish.NewCmdPublish(f, nil),
		transfer.NewCmdTransfer(f, nil),
		configcmd.NewCmdConfig(f),
		doctor.NewCmdDoctor(f, nil),
		backup.NewCmdBackup(f, nil),
		backup.NewCmdRestoreBackup(f, nil),
		completion.NewCmdCompletion(f),
	)
	wrapArgs(cmd)
	return cmd
}

// wrapArgs makes argument-count errors usage errors (exit 2), and turns
// "unknown command" into one too.
func wrapArgs(cmd *cobra.Command) {
	if cmd.Args != nil {
		orig := cmd.Args
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := orig(c, args); err != nil {
				return &UsageError{Command: c.CommandPath(), Err: err}
			}
			return nil
		}
	} else if cmd.HasSubCommands() {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &UsageError{Command: c.CommandPath(), Err: unknownCommand(c, args[0])}
			}
			return nil
		}
		if cmd.Run == nil && cmd.RunE == nil {
			cmd.RunE = func(c *cobra.Command, args []string) error { return c.Help() }
		}
	}
	for _, sub := range cmd.Commands() {
		wrapArgs(sub)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func unknownCommand(c *cobra.Command, name string) error {
	msg := "unknown command \"" + name + "\" for \"" + c.CommandPath() + "\""
	if s := c.SuggestionsFor(name); len(s) > 0 {
		msg += "; did you mean " + s[0] + "?"
	}
	return errString(msg)
}
