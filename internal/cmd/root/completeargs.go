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
