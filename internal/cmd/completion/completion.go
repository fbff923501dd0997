// Package completion implements `rolo completion`.
package completion

import (
	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
)

// NewCmdCompletion returns the completion command.
func NewCmdCompletion(f *factory.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print the completion script for a shell. Contact REFs, tags, views, users
and profiles complete dynamically from your database.`,
		Example: `  source <(rolo completion bash)
  rolo completion zsh > "${fpath[1]}/_rolo"
  rolo completion fish > ~/.config/fish/completions/rolo.fish
  rolo completion powershell | Out-String | Invoke-Expression`,
		Args: cobra.ExactArgs(1),
		// The shell, then nothing (not file names).
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return []string{"bash", "zsh", "fish", "powershell"}, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			w := f.IO.Out
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(w, true)
			case "zsh":
				return root.GenZshCompletion(w)
			case "fish":
				return root.GenFishCompletion(w, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(w)
			}
			return contact.Errorf(contact.EINVALID, "completion: unknown shell %s (use bash, zsh, fish or powershell)", contact.Quote(args[0]))
		},
	}
}
