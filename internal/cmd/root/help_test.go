package root

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
)

// Every command's --help reads in an 80-column terminal: no line of it
// (the text, the examples, the flag lists) is wider, so that none wraps
// in the middle of a word or a flag's description.
func TestHelpFitsEightyColumns(t *testing.T) {
	const most = 80
	root := NewCmdRootFor(factory.New(), "test", nil)
	var buf bytes.Buffer
	root.SetOut(&buf)
	checked := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		buf.Reset()
		if err := c.Help(); err != nil {
			t.Fatalf("%s --help: %v", c.CommandPath(), err)
		}
		checked++
		for i, line := range strings.Split(buf.String(), "\n") {
			if n := utf8.RuneCountInString(line); n > most {
				t.Errorf("%s --help, line %d is %d columns wide (at most %d): %q", c.CommandPath(), i+1, n, most, line)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if checked < 40 {
		t.Errorf("only %d commands' help checked", checked)
	}
}
