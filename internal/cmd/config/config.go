// Package config implements `rolo config`: profiles and their settings.
package config

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	cfg "github.com/rolo-cli/rolo/internal/config"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// keysHelp is what config's and config set's help say of the keys a
// profile holds (cfg.Keys): the values each takes and its default.
const keysHelp = `Keys (default in brackets):
  database     the database file, an absolute path or one under ~
               [$XDG_DATA_HOME/rolo/PROFILE.db]
  user         the teammate's login you act as [$USER]
  region       the ISO 3166 region numbers without + are read in [US]
  visibility   of new contacts: private or public [private]
  columns      list's and search's columns, as --columns takes them
               [id,name,company,phone,email,tags]
  date_format  times in tables and show: relative, iso, rfc3339 or a Go
               time layout such as "2006-01-02 15:04" [relative]`

// NewCmdConfig returns the config command and its subcommands.
func NewCmdConfig(f *factory.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config <command>",
		Short: "Manage profiles and settings",
		Long: `Profiles live in $XDG_CONFIG_HOME/rolo/config.yaml (default ~/.config/rolo/;
a relative $XDG_CONFIG_HOME or $XDG_DATA_HOME is ignored, as XDG says).
Each names a database and the user you act as, with region, visibility,
columns and date_format. Precedence: flag > environment (ROLO_PROFILE,
ROLO_DB, ROLO_USER, ROLO_REGION, ROLO_VISIBILITY, ROLO_COLUMNS,
ROLO_DATE_FORMAT) > profile > defaults. With no config file rolo uses the
profile "default".

` + keysHelp,
	}
	cmd.AddCommand(newCmdInit(f), newCmdList(f), newCmdUse(f), newCmdSet(f), newCmdShow(f))
	return cmd
}

func completeProfiles(f *factory.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		c, err := f.Config()
		if err != nil || len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return c.Profiles(), cobra.ShellCompDirectiveNoFileComp
	}
}

func newCmdInit(f *factory.Factory) *cobra.Command {
	values := map[string]*string{}
	cmd := &cobra.Command{
		Use:   "init [PROFILE]",
		Short: "Create a profile",
		Long: `Create a profile in the config file: PROFILE, or the one --profile or
ROLO_PROFILE names, or "default". Values not given take their defaults:
region US, visibility private, date_format relative, written in the
profile (columns only when given); the database
($XDG_DATA_HOME/rolo/PROFILE.db) and user ($USER) are not written, and
keep following those variables until set. A database path is absolute or
under ~, as a profile is used from any directory. Switch to it with rolo
config use PROFILE, or use it once with --profile PROFILE.`,
		Example: `  rolo config init
  rolo config init work --database ~/work/contacts.db --user alice --region GB`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.Config()
			if err != nil {
				return err
			}
			typed := typedProfileFlag(f)
			if len(args) == 1 {
				typed = args[0]
			} else if typed == "" {
				typed = cfg.DefaultProfile
			}
			// Only the flags given: an empty one (an unset variable) is
			// refused as by config set, not read as not given.
			vals := map[string]string{}
			for k, v := range values {
				if cmd.Flags().Changed(strings.ReplaceAll(k, "_", "-")) {
					vals[k] = *v
				}
			}
			// Init reads the name in lower case; an error quotes it as typed.
			if err := c.Init(typed, vals); err != nil {
				return err
			}
			f.Infof("Created profile %q in %s.", cfg.ProfileName(typed), contact.PathText(c.File()))
			return nil
		},
	}
	for _, key := range cfg.Keys {
		v := new(string)
		values[key] = v
		cmd.Flags().StringVar(v, strings.ReplaceAll(key, "_", "-"), "", key+" of the new profile")
		if key != "user" {
			// As config set KEY completes them; not the teammates of
			// the database in use, which the new profile need not share.
			_ = cmd.RegisterFlagCompletionFunc(strings.ReplaceAll(key, "_", "-"), completeValue(f, key))
		}
	}
	return cmd
}

func newCmdList(f *factory.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List profiles",
		Long: `List the profiles in the config file, each with the database and user it
says (or their defaults); * marks the current one (rolo config use). An
environment variable or flag that overrides them in this shell is noted on
stderr. A profile with a bad value is listed, and the value named on
stderr (exit 2); a --profile or ROLO_PROFILE that names no profile is
said after the list (exit 3), as every command says it.`,
		Example: `  rolo config list`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.Config()
			if err != nil {
				return err
			}
			out, err := f.Printer()
			if err != nil {
				return err
			}
			current := c.Current()
			var rows [][]string
			var bad error
			for _, name := range c.Profiles() {
				p, err := c.Stored(name)
				if err != nil {
					// Each bad profile is said, the last as the command's error.
					if bad != nil {
						fmt.Fprintf(f.IO.ErrOut, "rolo: %s\n", contact.ErrorMessage(bad))
					}
					bad = err
				}
				mark := ""
				if name == current {
					mark = "*"
				}
				rows = append(rows, []string{name, mark, p.Database, p.User})
			}
			if err := out.Rows([]string{"profile", "current", "database", "user"}, rows); err != nil {
				return err
			}
			for _, o := range overridden(f, c) {
				f.Infof("Note: %s.", o)
			}
			// A --profile or ROLO_PROFILE that names no profile stops
			// every other command (exit 3): this one says so too, once it
			// has listed the profiles there are.
			if name := profileFlag(f); name != "" && !c.HasProfile(name) {
				if _, err := c.Resolve(cfg.Overrides{Profile: f.Globals.Profile}); err != nil {
					if bad != nil {
						fmt.Fprintf(f.IO.ErrOut, "rolo: %s\n", contact.ErrorMessage(bad))
					}
					return err
				}
			}
			return bad
		},
	}
}

// profileFlag is the profile --profile or ROLO_PROFILE names, read as
// every command reads it (cfg.ProfileName), or "".
func profileFlag(f *factory.Factory) string {
	return cfg.ProfileName(typedProfileFlag(f))
}

// typedProfileFlag is the profile --profile or ROLO_PROFILE names, as
// typed, or "": what an error about the name quotes.
func typedProfileFlag(f *factory.Factory) string {
	name := f.Globals.Profile
	if name == "" {
		name = f.Env("ROLO_PROFILE")
	}
	return strings.TrimSpace(name)
}

// overridden says which environment variables and global flags override
// what the config file says in this shell.
func overridden(f *factory.Factory, c *cfg.Config) []string {
	var out []string
	from := func(flag, flagVal, env string) (string, string) {
		if flagVal != "" {
			return flag, flagVal
		}
		if v := f.Env(env); v != "" {
			return env, v
		}
		return "", ""
	}
	if src, v := from("--profile", f.Globals.Profile, "ROLO_PROFILE"); src != "" && cfg.ProfileName(v) != c.Current() && c.HasProfile(cfg.ProfileName(v)) {
		out = append(out, fmt.Sprintf("%s=%s is used instead of the current profile %q", src, v, c.Current()))
	}
	if src, v := from("--db", f.Globals.DB, "ROLO_DB"); src != "" {
		out = append(out, fmt.Sprintf("%s=%s overrides the database of every profile", src, v))
	}
	if src, v := from("--as", f.Globals.As, "ROLO_USER"); src != "" {
		out = append(out, fmt.Sprintf("%s=%s overrides the user of every profile", src, v))
	}
	return out
}

func newCmdUse(f *factory.Factory) *cobra.Command {
	return &cobra.Command{
		Use:               "use PROFILE",
		Short:             "Make a profile the current one",
		Example:           `  rolo config use work`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeProfiles(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.Config()
			if err != nil {
				return err
			}
			if err := c.Use(args[0]); err != nil {
				return err
			}
			name := cfg.ProfileName(args[0])
			f.Infof("Now using profile %q.", name)
			if o := profileFlag(f); o != "" && o != name {
				src := "ROLO_PROFILE"
				if f.Globals.Profile != "" {
					src = "--profile"
				}
				if c.HasProfile(o) {
					f.Infof("Note: %s=%s overrides it: commands use profile %q while it is set.", src, o, o)
				} else {
					f.Infof("Note: %s=%s overrides it, and there is no profile %q: commands stop (exit 3) while it is set.", src, o, o)
				}
			}
			return nil
		},
	}
}

func newCmdSet(f *factory.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Set a key in a profile",
		Long: `Set a key in the current profile, or in the one --profile names.

` + keysHelp,
		Example: `  rolo config set region GB
  rolo config set visibility public --profile work
  rolo config set columns id,name,company,email`,
		Args: cobra.ExactArgs(2),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return cfg.Keys, cobra.ShellCompDirectiveNoFileComp
			}
			if len(args) > 1 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeValue(f, args[0])(cmd, args, typed)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.Config()
			if err != nil {
				return err
			}
			name := typedProfileFlag(f)
			if name == "" {
				name = c.Current()
			}
			// A bad value writes nothing, not even the default profile,
			// which Set creates on a fresh machine.
			if err := c.Set(name, args[0], args[1]); err != nil {
				return err
			}
			f.Infof("Set %s in profile %q.", args[0], cfg.ProfileName(name))
			return nil
		},
	}
}

// completeValue completes the value of a profile's key for config set:
// a file for the database, a teammate for the user (from the profile's
// database, when it exists: completion creates none), the columns as
// --columns does, the words of visibility and date_format, and nothing
// for the region.
func completeValue(f *factory.Factory, key string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	words := func(w ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return w, cobra.ShellCompDirectiveNoFileComp
		}
	}
	switch key {
	case "database":
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveDefault
		}
	case "user":
		return f.CompleteUsers()
	case "columns":
		return factory.CompleteList(contact.ColumnNames, false)
	case "visibility":
		return words(contact.Private, contact.Public)
	case "date_format":
		return words("relative", "iso", "rfc3339")
	}
	return cobra.NoFileCompletions
}

func newCmdShow(f *factory.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show the settings in effect and where each comes from",
		Example: `  rolo config show
  ROLO_DB=/tmp/test.db rolo config show`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := f.Profile()
			if err != nil {
				return err
			}
			out, err := f.Printer()
			if err != nil {
				return err
			}
			rows := [][]string{{"profile", p.Name, p.NameSource}, {"config_file", p.File, ""}}
			for _, key := range cfg.Keys {
				v := p.Get(key)
				if key == "columns" && v == "" {
					v = strings.Join(output.DefaultColumns, ",")
				}
				rows = append(rows, []string{key, v, p.Source[key]})
			}
			return out.Rows([]string{"key", "value", "source"}, rows)
		},
	}
}
