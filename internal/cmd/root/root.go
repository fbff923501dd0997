// Package root builds rolo's command tree and its global flags.
package root

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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
	"github.com/rolo-cli/rolo/internal/contact"
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

// NewCmdRootFor returns the rolo command ready to run args. When args name
// a subcommand, it is the only one built: building all of them is most of
// the work of a short command's start (about a millisecond, and 90 fresh
// pages of memory that cost 5-10 µs each to fault in on a virtual
// machine). Help, shell-completion requests, an unknown command and the
// bare root get every subcommand; `rolo --version` gets none.
func NewCmdRootFor(f *factory.Factory, version string, args []string) *cobra.Command {
	cmd := newRoot(f, version)
	// Placeholders with the subcommands' names let cobra itself find the
	// one named, past any global flags and their values.
	for _, sub := range subcommands {
		cmd.AddCommand(&cobra.Command{Use: sub.names[0], Aliases: sub.names[1:], Run: func(*cobra.Command, []string) {}})
	}
	found, _, err := cmd.Find(args)
	placeholders := cmd.Commands()
	cmd.RemoveCommand(placeholders...)
	switch {
	case err == nil && found != cmd:
		for _, sub := range subcommands {
			if sub.names[0] == found.Name() {
				cmd.AddCommand(sub.build(f))
			}
		}
	case err == nil && versionOnly(args):
	default:
		for _, sub := range subcommands {
			cmd.AddCommand(sub.build(f))
		}
		strictHelp(cmd) // `rolo help ...` finds no placeholder: it is here
		if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
			noFileValues(cmd)
		}
	}
	wrapArgs(cmd)
	return cmd
}

// fileFlags are the flags whose value is a file.
var fileFlags = map[string]bool{"db": true, "out": true, "errors": true, "database": true}

// fileArgs are the commands whose argument is a file.
var fileArgs = map[string]bool{"backup": true, "restore-backup": true}

// noFileValues has the shell complete no file names for the values of
// flags that are not files (edit --set, add --first, dupes --min-score),
// nor for the arguments of commands that take none or no file (trash,
// team list, lookup, team add): cobra's default for a flag or a command
// without a completion of its own is file names. A flag's description
// loses the backquotes that name its value in the help (--limit N), which
// a shell would show as they are.
func noFileValues(cmd *cobra.Command) {
	switch {
	case fileArgs[cmd.Name()] && cmd.ValidArgsFunction == nil:
		// One FILE, and nothing after it.
		cmd.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		}
	case !cmd.HasSubCommands() && cmd.ValidArgsFunction == nil && len(cmd.ValidArgs) == 0:
		cmd.ValidArgsFunction = cobra.NoFileCompletions
	}
	cmd.LocalFlags().VisitAll(func(fl *pflag.Flag) {
		// The help names a flag's value in backquotes (--limit N); a
		// shell shows the description as it is given.
		fl.Usage = strings.ReplaceAll(fl.Usage, "`", "")
		if fl.NoOptDefVal != "" || fileFlags[fl.Name] {
			return // a switch, or a file
		}
		if _, ok := cmd.GetFlagCompletionFunc(fl.Name); !ok {
			_ = cmd.RegisterFlagCompletionFunc(fl.Name, cobra.NoFileCompletions)
		}
	})
	for _, sub := range cmd.Commands() {
		noFileValues(sub)
	}
}

// strictHelp makes `rolo help NAME` a usage error (exit 2) when NAME is no
// command; cobra's own help command prints the root's usage and exits 0.
func strictHelp(cmd *cobra.Command) {
	cmd.InitDefaultHelpCmd()
	for _, help := range cmd.Commands() {
		if help.Name() != "help" || help.Run == nil {
			continue
		}
		run := help.Run
		help.Run = nil
		help.RunE = func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err == nil && (len(rest) == 0 || !target.HasSubCommands()) {
				run(c, args)
				return nil
			}
			msg := "unknown help topic " + contact.Quote(strings.Join(args, " "))
			if err != nil {
				target, rest = c.Root(), args
			}
			if s := suggestion(target, rest[0]); s != "" {
				msg += "; did you mean " + strings.TrimPrefix(target.CommandPath()+" ", c.Root().Name()+" ") + s + "?"
			}
			return &UsageError{Command: c.Root().CommandPath(), Err: errString(msg)}
		}
	}
}

// versionOnly reports whether args, which name no subcommand, ask for the
// version and not for help.
func versionOnly(args []string) bool {
	version := false
	for _, a := range args {
		switch a {
		case "--version", "-v":
			version = true
		case "--help", "-h", "--":
			return false
		}
	}
	return version
}

// subcommand is one of rolo's commands: the names it answers to (name,
// then aliases) and how to build it.
type subcommand struct {
	names []string
	build func(*factory.Factory) *cobra.Command
}

// subcommands are rolo's commands (help lists them sorted by name).
var subcommands = []subcommand{
	{[]string{"add"}, func(f *factory.Factory) *cobra.Command { return add.NewCmdAdd(f, nil) }},
	{[]string{"show"}, func(f *factory.Factory) *cobra.Command { return show.NewCmdShow(f, nil) }},
	{[]string{"list", "ls"}, func(f *factory.Factory) *cobra.Command { return list.NewCmdList(f, nil) }},
	{[]string{"search"}, func(f *factory.Factory) *cobra.Command { return list.NewCmdSearch(f, nil) }},
	{[]string{"view"}, view.NewCmdView},
	{[]string{"edit"}, func(f *factory.Factory) *cobra.Command { return edit.NewCmdEdit(f, nil) }},
	{[]string{"delete", "rm"}, func(f *factory.Factory) *cobra.Command { return del.NewCmdDelete(f, nil) }},
	{[]string{"restore"}, func(f *factory.Factory) *cobra.Command { return restore.NewCmdRestore(f, nil) }},
	{[]string{"trash"}, func(f *factory.Factory) *cobra.Command { return trash.NewCmdTrash(f, nil) }},
	{[]string{"favorite"}, func(f *factory.Factory) *cobra.Command { return favorite.NewCmdFavorite(f, nil) }},
	{[]string{"unfavorite"}, func(f *factory.Factory) *cobra.Command { return favorite.NewCmdUnfavorite(f, nil) }},
	{[]string{"block"}, func(f *factory.Factory) *cobra.Command { return block.NewCmdBlock(f, nil) }},
	{[]string{"unblock"}, func(f *factory.Factory) *cobra.Command { return block.NewCmdUnblock(f, nil) }},
	{[]string{"blocked"}, func(f *factory.Factory) *cobra.Command { return block.NewCmdBlocked(f, nil) }},
	{[]string{"lookup"}, func(f *factory.Factory) *cobra.Command { return lookup.NewCmdLookup(f, nil) }},
	{[]string{"archive"}, func(f *factory.Factory) *cobra.Command { return archive.NewCmdArchive(f, nil) }},
	{[]string{"unarchive"}, func(f *factory.Factory) *cobra.Command { return archive.NewCmdUnarchive(f, nil) }},
	{[]string{"tag"}, func(f *factory.Factory) *cobra.Command { return tag.NewCmdTag(f, nil) }},
	{[]string{"note"}, func(f *factory.Factory) *cobra.Command { return note.NewCmdNote(f, nil) }},
	{[]string{"log"}, func(f *factory.Factory) *cobra.Command { return interaction.NewCmdLog(f, nil) }},
	{[]string{"history"}, func(f *factory.Factory) *cobra.Command { return history.NewCmdHistory(f, nil) }},
	{[]string{"dupes"}, func(f *factory.Factory) *cobra.Command { return dupes.NewCmdDupes(f, nil) }},
	{[]string{"merge"}, func(f *factory.Factory) *cobra.Command { return merge.NewCmdMerge(f, nil) }},
	{[]string{"unmerge"}, func(f *factory.Factory) *cobra.Command { return unmerge.NewCmdUnmerge(f, nil) }},
	{[]string{"birthdays"}, func(f *factory.Factory) *cobra.Command { return birthdays.NewCmdBirthdays(f, nil) }},
	{[]string{"email"}, func(f *factory.Factory) *cobra.Command { return email.NewCmdEmail(f, nil) }},
	{[]string{"import"}, func(f *factory.Factory) *cobra.Command { return importcmd.NewCmdImport(f, nil) }},
	{[]string{"export"}, func(f *factory.Factory) *cobra.Command { return export.NewCmdExport(f, nil) }},
	{[]string{"template"}, func(f *factory.Factory) *cobra.Command { return templatecmd.NewCmdTemplate(f, nil) }},
	{[]string{"team"}, team.NewCmdTeam},
	{[]string{"share"}, func(f *factory.Factory) *cobra.Command { return share.NewCmdShare(f, nil) }},
	{[]string{"unshare"}, func(f *factory.Factory) *cobra.Command { return share.NewCmdUnshare(f, nil) }},
	{[]string{"publish"}, func(f *factory.Factory) *cobra.Command { return publish.NewCmdPublish(f, nil) }},
	{[]string{"transfer"}, func(f *factory.Factory) *cobra.Command { return transfer.NewCmdTransfer(f, nil) }},
	{[]string{"config"}, configcmd.NewCmdConfig},
	{[]string{"doctor"}, func(f *factory.Factory) *cobra.Command { return doctor.NewCmdDoctor(f, nil) }},
	{[]string{"backup"}, func(f *factory.Factory) *cobra.Command { return backup.NewCmdBackup(f, nil) }},
	{[]string{"restore-backup"}, func(f *factory.Factory) *cobra.Command { return backup.NewCmdRestoreBackup(f, nil) }},
	{[]string{"completion"}, completion.NewCmdCompletion},
}

// newRoot returns the rolo command with its global flags and no
// subcommands.
func newRoot(f *factory.Factory, version string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rolo <command> [flags]",
		Short: "Business contacts in one local SQLite database",
		Long: `rolo keeps a team's business contacts in one local SQLite database.

It prints tables on a terminal and tab-separated values in a pipe; -o picks
json, ndjson, csv, tsv, ids or table, and vcard where contacts are printed.`,
		Example: `  rolo add --first Ada --last Lovelace --email ada@example.com
  rolo list
  rolo show ada -o json
  rolo edit 1 --set company=Analytical --add-tag vip`,
		Version:           version,
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true,
		Annotations:       map[string]string{factory.OutputFormats: factory.ContactFormats},
	}
	cmd.SetVersionTemplate("rolo {{.Version}}\n")
	pf := cmd.PersistentFlags()
	factory.NonBlankStringVar(pf, &f.Globals.Profile, "profile", "profile name", "use this config profile (env ROLO_PROFILE)")
	factory.NonBlankStringVar(pf, &f.Globals.DB, "db", "path", "database file, overriding the profile (env ROLO_DB)")
	factory.NonBlankStringVar(pf, &f.Globals.As, "as", "login", "act as this teammate (env ROLO_USER)")
	pf.StringVarP(&f.Globals.Output, "output", "o", "", outputUsage(cmd))
	pf.BoolVar(&f.Globals.NoHeader, "no-header", false, "omit the header line of tables, TSV and CSV")
	pf.BoolVarP(&f.Globals.Quiet, "quiet", "q", false, "print no messages on stderr")
	pf.BoolVarP(&f.Globals.Yes, "yes", "y", false, "answer yes to confirmation prompts")
	_ = cmd.RegisterFlagCompletionFunc("output", func(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		if c.Name() == "export" {
			return outputFormats(c), cobra.ShellCompDirectiveDefault // or a file
		}
		return outputFormats(c), cobra.ShellCompDirectiveNoFileComp
	})
	// -o is one flag of the root's; its help says what the command asked
	// about takes.
	help := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		pf.Lookup("output").Usage = outputUsage(c)
		help(c, args)
	})
	_ = cmd.RegisterFlagCompletionFunc("profile", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		c, err := f.Config()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return c.Profiles(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("as", f.CompleteUsers())

	// -o is checked here for every command, so that a mistyped format is
	// an error (exit 2) also for those that print no data (edit, tag,
	// note...). export reads its -o as a format or a file (see export);
	// help, with or without a command, prints help whatever -o says.
	cmd.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		o := f.Globals.Output
		switch {
		case c.Name() == "export" || c.Name() == "help" || c == c.Root():
			return nil // export's file; help
		case strings.TrimSpace(o) == "" && c.Flags().Changed("output"):
			// A script's unset variable, not a wish for the default.
			return contact.Errorf(contact.EINVALID, "--output: empty format (an unset variable?)")
		case strings.TrimSpace(o) == "":
			return nil // the default format
		}
		if err := output.CheckFormat(o); err != nil {
			return err
		}
		if c.Annotations[factory.OutputFormats] == "" {
			// The formats of data that is not contacts (outputFormats):
			// what the command's help lists, for those that print no
			// data too (tag, note, edit...).
			return output.NoVCardFormat(o)
		}
		return nil
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &UsageError{Command: c.CommandPath(), Err: flagValueError(err)}
	})
	return cmd
}

// outputFormats are the -o formats c takes (factory.OutputFormats).
func outputFormats(c *cobra.Command) []string {
	if v := c.Annotations[factory.OutputFormats]; v != "" {
		return strings.Split(v, ",")
	}
	return output.PlainFormats()
}

// outputUsage is the help of -o for c: the formats it takes, and for
// export a file too.
func outputUsage(c *cobra.Command) string {
	formats := strings.Join(outputFormats(c), ", ")
	if c.Name() == "export" {
		// On two lines, as an 80-column terminal shows it; completion
		// shows the first.
		return "`format`: " + formats + "\n(as --format), or a file to write (as --out)"
	}
	return "`format`: " + formats
}

// flagValueError says in rolo's words what is wrong with a number or a
// true/false given to a flag: pflag passes on strconv's text ("invalid
// argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid
// syntax"), and a stray quote in a list of values. Other errors are
// returned as they are.
func flagValueError(err error) error {
	var bad *pflag.InvalidValueError
	var num *strconv.NumError
	var quote *csv.ParseError
	if !errors.As(err, &bad) {
		if name, ok := strings.CutPrefix(err.Error(), "unknown flag: --"); ok {
			return errString("unknown flag: --" + contact.Shown(name))
		}
		return err
	}
	name, val := "--"+bad.GetFlag().Name, contact.Quote(bad.GetValue())
	if errors.As(err, &quote) {
		// A list flag (--columns, --sort) read as a CSV line.
		return fmt.Errorf("%s: %s has a stray or unclosed quote (a value that holds a comma is quoted whole: \"a,b\")", name, val)
	}
	if !errors.As(err, &num) {
		return err
	}
	var what string
	switch t := bad.GetFlag().Value.Type(); {
	case t == "bool":
		return fmt.Errorf("%s: %s is not true or false", name, val)
	case strings.HasPrefix(t, "int"):
		what = "a whole number"
	case strings.HasPrefix(t, "uint"):
		what = "a whole number of 0 or more"
	case strings.HasPrefix(t, "float"):
		what = "a number"
	default:
		return err
	}
	switch {
	case !errors.Is(num.Err, strconv.ErrRange):
		return fmt.Errorf("%s: %s is not %s", name, val, what)
	case strings.HasPrefix(strings.TrimSpace(bad.GetValue()), "-"):
		return fmt.Errorf("%s: %s is too far below zero", name, val)
	default:
		return fmt.Errorf("%s: %s is too large", name, val)
	}
}

// wrapArgs makes argument-count errors usage errors (exit 2), and turns
// "unknown command" into one too.
func wrapArgs(cmd *cobra.Command) {
	if cmd.Args != nil {
		orig := cmd.Args
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := orig(c, args); err != nil {
				if len(args) > 0 && !c.HasSubCommands() && orig(c, nil) == nil && orig(c, args[:1]) != nil {
					// cobra.NoArgs calls the argument an unknown command.
					err = errString(strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ") + " takes no arguments (got " + contact.Quote(args[0]) + ")")
				} else {
					err = argCount(c, orig, args, err)
				}
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

// argCount rewrites cobra's count errors ("accepts 1 arg(s), received 0",
// "requires at least 2 arg(s), only received 1"), which name nothing, to
// say which arguments are missing, from the command's Use line, or which
// are one too many: `backup: give FILE (usage: rolo backup FILE)`.
// Any other error of check is returned as it is.
func argCount(c *cobra.Command, check cobra.PositionalArgs, args []string, err error) error {
	if !strings.Contains(err.Error(), " arg(s), ") {
		return err
	}
	name := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	_, use, _ := strings.Cut(c.Use, " ")
	usage := " (usage: " + strings.TrimSpace(c.CommandPath()+" "+use) + ")"
	// The operands the Use line names, up to the first option, optional
	// part or alternative form: "merge KEEP OTHER..." names KEEP, OTHER.
	var operands []string
	for _, w := range strings.Fields(use) {
		if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "[") || w == "|" {
			break
		}
		operands = append(operands, strings.TrimSuffix(w, "..."))
	}
	for n := len(args) - 1; n >= 0; n-- {
		if check(c, args[:n]) == nil {
			extra := make([]string, 0, len(args)-n)
			for _, a := range args[n:] {
				extra = append(extra, contact.Quote(a))
			}
			what := "argument"
			if len(extra) > 1 {
				what += "s"
			}
			return errString(name + ": unexpected " + what + " " + strings.Join(extra, ", ") + usage)
		}
	}
	if len(operands) > len(args) {
		return errString(name + ": give " + strings.Join(operands[len(args):], " and ") + usage)
	}
	return errString(name + ": missing arguments" + usage)
}

type errString string

func (e errString) Error() string { return string(e) }

func unknownCommand(c *cobra.Command, name string) error {
	msg := "unknown command " + contact.Quote(name) + " for \"" + c.CommandPath() + "\""
	if s := suggestion(c, name); s != "" {
		msg += "; did you mean " + s + "?"
	}
	return errString(msg)
}

// suggestion is the subcommand of c that typed most likely misspells, or
// "". A name or alias at most two edits away counts, a swap of two
// neighbouring letters being one edit ("lsit" is list; cobra's
// SuggestionsFor counts it two, as far as edit), and so does the start of a
// name ("imp"); the closest wins, the first in c's order on a tie. Under a
// group command (team lst, config lst) SuggestionsFor offers only names
// that start with what was typed: its minimum distance is set for the root.
func suggestion(c *cobra.Command, typed string) string {
	typed = strings.ToLower(typed)
	best, bestDist := "", 3
	for _, sub := range c.Commands() {
		// cobra counts its help command as not available, but it is
		// typed as often as any (rolo hlep).
		if !sub.IsAvailableCommand() && (sub.Name() != "help" || sub.Hidden) {
			continue
		}
		for _, name := range append([]string{sub.Name()}, sub.Aliases...) {
			name = strings.ToLower(name)
			d := editDistance(typed, name)
			if strings.HasPrefix(name, typed) {
				d = min(d, 1)
			}
			if d < bestDist {
				best, bestDist = sub.Name(), d
			}
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b:
// the insertions, deletions, substitutions and swaps of two neighbouring
// letters that turn one into the other.
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}
