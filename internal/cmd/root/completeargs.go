package root

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// JoinCompletedValue lets the shell complete a flag's value that begins
// with "-" (`rolo list --sort -<TAB>`, a descending sort) as it does
// `--sort=-<TAB>`: cobra takes any word being completed that begins with
// "-" for a flag's name, and offers nothing. For a completion request
// whose last word begins with "-" and follows a flag that takes a value,
// the two words are joined with "=", which cobra completes as the value.
// Other command lines are returned as they are.
func JoinCompletedValue(root *cobra.Command, args []string) []string {
	n := len(args)
	if n < 3 || (args[0] != cobra.ShellCompRequestCmd && args[0] != cobra.ShellCompNoDescRequestCmd) {
		return args
	}
	last, prev := args[n-1], args[n-2]
	if !strings.HasPrefix(last, "-") || !strings.HasPrefix(prev, "-") || strings.Contains(prev, "=") || prev == "--" {
		return args
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
		if f = cmd.Flags().ShorthandLookup(prev[1:]); f == nil {
			f = cmd.InheritedFlags().ShorthandLookup(prev[1:])
		}
	}
	if f == nil || f.NoOptDefVal != "" {
		return args // no such flag, or one that takes no value
	}
	joined := append(args[:n-2:n-2], prev+"="+last)
	return joined
}
