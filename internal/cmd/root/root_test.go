package root

import (
	"slices"
	"testing"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
)

// The names in the subcommand list are the ones the commands answer to,
// so that a command line finds its command without building the others.
func TestSubcommandNames(t *testing.T) {
	f := factory.New()
	for _, sub := range subcommands {
		cmd := sub.build(f)
		if got := append([]string{cmd.Name()}, cmd.Aliases...); !slices.Equal(got, sub.names) {
			t.Errorf("subcommand listed as %q answers to %q", sub.names, got)
		}
	}
}

func TestNewCmdRootForBuildsWhatTheLineNeeds(t *testing.T) {
	all := len(subcommands)
	for _, tc := range []struct {
		args []string
		want []string // the subcommands built; nil for all of them
	}{
		{[]string{"show", "1"}, []string{"show"}},
		{[]string{"--db", "x.db", "-o", "json", "show", "1"}, []string{"show"}},
		{[]string{"--db=show", "list", "tag:vip"}, []string{"list"}},
		{[]string{"ls"}, []string{"list"}},
		{[]string{"rm", "3"}, []string{"delete"}},
		{[]string{"team", "add", "bob"}, []string{"team"}},
		{[]string{"completion", "bash"}, []string{"completion"}},
		{[]string{"--version"}, []string{}},
		{[]string{"-v"}, []string{}},
		{[]string{"--version", "--help"}, nil},
		{[]string{}, nil},
		{[]string{"--help"}, nil},
		{[]string{"help", "show"}, nil},
		{[]string{"shwo"}, nil},
		{[]string{"__complete", "sh"}, nil},
	} {
		cmd := NewCmdRootFor(factory.New(), "test", tc.args)
		var got []string
		for _, c := range cmd.Commands() {
			if c.Name() != "help" { // cobra's, not built from the list
				got = append(got, c.Name())
			}
		}
		if tc.want == nil {
			if len(got) != all {
				t.Errorf("%q built %d subcommands, want all %d", tc.args, len(got), all)
			}
		} else if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("%q built %q, want %q", tc.args, got, tc.want)
		}
	}
}
