package root

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/codec"
	"github.com/rolo-cli/rolo/internal/output"
)

// SeparateQueryArgs lets `rolo list ali -natalie` mean what the query
// language says: for a command marked factory.QueryArgs, every argument that is a
// real flag (with its value) moves before a "--", and everything else —
// negated terms included — after it. Other command lines are returned as
// they are. A short flag is any spelling pflag accepts (-o json, -ojson,
// -o=json, -qo json) but a run of flags without a value with -h in it
// (-hq: see shortFlags); a value attached to -o counts only when it is a format's
// name, so -owner:bob and -oliver stay negated terms. After a
// "--" every argument is a term. A value flag left last without its value
// (`export --out $OUT` with OUT unset) stays last, with no "--" after it
// to be read as its value, so that pflag refuses it as for any command.
func SeparateQueryArgs(root *cobra.Command, args []string) []string {
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root || cmd.Annotations[factory.QueryArgs] == "" {
		return args
	}
	// rest is args without the command's name(s); keep those names.
	var path []string
	for _, a := range args {
		if len(path) == len(strings.Fields(cmd.CommandPath()))-1 {
			break
		}
		if a == cmd.Name() || cmd.HasAlias(a) || a == strings.Fields(cmd.CommandPath())[len(path)+1] {
			path = append(path, a)
		}
	}
	if len(path) != len(strings.Fields(cmd.CommandPath()))-1 {
		return args
	}
	lookup := func(name string) *pflag.Flag {
		if f := cmd.Flags().Lookup(name); f != nil {
			return f
		}
		return cmd.InheritedFlags().Lookup(name)
	}
	var flags, terms []string
	missingValue := false
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			terms = append(terms, rest[i+1:]...)
			i = len(rest)
		case strings.HasPrefix(a, "--"):
			name, _, hasValue := strings.Cut(a[2:], "=")
			f := lookup(name)
			if f == nil && name != "help" {
				flags = append(flags, a) // an unknown --flag stays an error
				continue
			}
			flags = append(flags, a)
			if f != nil && !hasValue && f.Value.Type() != "bool" {
				if i+1 == len(rest) {
					missingValue = true
					continue
				}
				flags = append(flags, rest[i+1])
				i++
			}
		case len(a) > 1 && a[0] == '-':
			isFlag, takesNext := shortFlags(cmd, a[1:], lookupShort(cmd))
			if !isFlag {
				terms = append(terms, a) // -word: a negated term
				continue
			}
			flags = append(flags, a)
			if takesNext {
				if i+1 == len(rest) {
					missingValue = true
					continue
				}
				flags = append(flags, rest[i+1])
				i++
			}
		default:
			terms = append(terms, a)
		}
	}
	if missingValue {
		// The flag is the last argument: pflag says it needs an argument
		// (exit 2) before the terms would matter.
		return append(path, flags...)
	}
	out := append(append(path, flags...), "--")
	return append(out, terms...)
}

// lookupShort finds a shorthand flag of cmd's, its own or inherited.
func lookupShort(cmd *cobra.Command) func(string) *pflag.Flag {
	return func(s string) *pflag.Flag {
		if f := cmd.Flags().ShorthandLookup(s); f != nil {
			return f
		}
		return cmd.InheritedFlags().ShorthandLookup(s)
	}
}

// shortFlags reports whether s, an argument without its "-", is a run of
// known shorthands as pflag reads it: flags without a value (-q, -y, -h),
// optionally ending in one that takes a value, attached when it is one of
// that flag's values (-ojson), after "=" (-o=json) or, when takesNext, in
// the next argument (-qo json). A run of flags without a value that
// includes -h (-hq, -yh) is a negated term: help with other flags has no
// use, and such a run is more likely a word, so that `list ada -hq` leaves
// out headquarters rather than print the help. -qy stays quiet and yes,
// which a script running `dupes --merge -qy` means.
func shortFlags(cmd *cobra.Command, s string, lookupShort func(string) *pflag.Flag) (isFlag, takesNext bool) {
	word := len(s) > 1 && strings.ContainsRune(s, 'h')
	for len(s) > 0 {
		f := lookupShort(s[:1])
		if f == nil && s[0] != 'h' { // cobra adds -h/--help when it runs
			return false, false
		}
		switch {
		case len(s) > 1 && s[1] == '=':
			return true, false
		case f != nil && f.NoOptDefVal == "": // takes a value
			// An attached value is the flag's only when it is one of its
			// values (-ojson); -owner:bob and -office are negated terms.
			return len(s) == 1 || knownValue(cmd, f, s[1:]), len(s) == 1
		}
		s = s[1:]
	}
	return !word, false
}

// knownValue reports whether v is a value the shorthand flag f takes: for
// -o, an output or export format's name, or for export, which also takes
// -o FILE, a path (a "/" or a file extension: -o/backup/rolo.csv).
func knownValue(cmd *cobra.Command, f *pflag.Flag, v string) bool {
	if f.Name != "output" {
		return true
	}
	v = strings.ToLower(v)
	if slices.Contains(output.Formats, v) || slices.Contains(codec.Formats, v) || v == "vcf" {
		return true
	}
	// A "/" is in no query word: it is a path, a file for export and an
	// unknown format (exit 2) elsewhere, never a silent negated term.
	if strings.Contains(v, "/") {
		return true
	}
	_, isFile := codec.FormatOfExtension(v)
	return cmd.Name() == "export" && isFile
}
