package root

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
)

// CompletionArgs lets the shell complete a word that begins with "-" and
// is no flag, which cobra takes for a flag's name and offers nothing for.
// In a completion request whose last word begins with "-":
//
//   - after a flag that takes a value (`rolo list --sort -<TAB>`, a
//     descending sort), the two words are joined with "=", as
//     `--sort=-<TAB>`, which cobra completes as the value;
//   - for a command marked factory.QueryArgs, a negated term
//     (`rolo list -tag:<TAB>`: a word that SeparateQueryArgs would take for
//     a term) gets a "--" before it, after which cobra completes it as an
//     argument.
//
// Other command lines are returned as they are.
func CompletionArgs(root *cobra.Command, args []string) []string {
	n := len(args)
	if n < 3 || (args[0] != cobra.ShellCompRequestCmd && args[0] != cobra.ShellCompNoDescRequestCmd) {
		return args
	}
	args = withoutNegatedTerms(root, args)
	n = len(args)
	last, prev := args[n-1], args[n-2]
	if !strings.HasPrefix(last, "-") {
		return args
	}
	if !strings.HasPrefix(prev, "-") || strings.Contains(prev, "=") || prev == "--" {
		return negatedTerm(root, args)
	}
	cmd, _, err := root.Find(args[1 : n-2])
	if err != nil {
		return args
	}
	var f *pflag.Flag
	if name, ok := strings.CutPrefix(prev, "--"); ok {
		if f = cmd.Flags().Lookup(name); f == nil {
			f = cmd.InheritedFlags().Lookup(name)
		}
	} else if len(prev) == 2 {
		f = lookupShort(cmd)(prev[1:])
	}
	if f == nil || f.NoOptDefVal != "" {
		return negatedTerm(root, args) // no such flag, or one that takes no value
	}
	joined := append(args[:n-2:n-2], prev+"="+last)
	return joined
}

// withoutNegatedTerms leaves out of a completion request the negated
// terms before the word being completed, for a command marked
// factory.QueryArgs (rolo list -tag:vip --sort <TAB>): cobra would take
// one for an unknown flag, and complete nothing but file names after it.
// They are no part of what is completed, a query term or a flag's value.
// The words before the last are read as SeparateQueryArgs reads them when
// the command runs; a request with no negated term is returned as it is.
func withoutNegatedTerms(root *cobra.Command, args []string) []string {
	n := len(args)
	line := SeparateQueryArgs(root, args[1:n-1])
	sep := slices.Index(line, "--")
	if sep < 0 || slices.Contains(args[1:n-1], "--") {
		// Not a query command, a flag left without its value (terms are
		// dropped then), or a "--" of the user's, after which cobra
		// reads every word as an argument already.
		if sep < 0 && len(line) < n-2 {
			return append(append(args[:1:1], line...), args[n-1])
		}
		return args
	}
	terms := line[sep+1:]
	kept := slices.DeleteFunc(slices.Clone(terms), func(t string) bool { return len(t) > 1 && t[0] == '-' })
	if len(kept) == len(terms) {
		return args
	}
	out := append(append(args[:1:1], line[:sep]...), kept...)
	return append(out, args[n-1])
}

// negatedTerm puts a "--" before the last word of a completion request,
// a negated term of a command marked factory.QueryArgs (CompletionArgs).
func negatedTerm(root *cobra.Command, args []string) []string {
	n := len(args)
	last := args[n-1]
	if len(last) < 2 || last[1] == '-' || slices.Contains(args[1:n-1], "--") {
		return args
	}
	cmd, _, err := root.Find(args[1 : n-1])
	if err != nil || cmd.Annotations[factory.QueryArgs] == "" {
		return args
	}
	if isFlag, _ := shortFlags(cmd, last[1:], lookupShort(cmd)); isFlag {
		return args
	}
	return append(args[:n-1:n-1], "--", last)
}
