package root

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// Every command that takes a set number of arguments says which are
// missing, or which are too many, as a usage error (exit 2): never
// cobra's "accepts 1 arg(s), received 0", which names none.
func TestArgumentCounts(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &factory.Factory{IO: ios, Env: func(string) string { return "" }, Now: time.Now}
	var walk func(c *cobra.Command)
	checked := 0
	walk = func(c *cobra.Command) {
		if c.Args != nil && c.Runnable() && !c.HasSubCommands() { // a group says "unknown command"
			for n := range 5 {
				args := []string{"a1", "a2", "a3", "a4"}[:n]
				err := c.Args(c, args)
				if err == nil {
					continue
				}
				checked++
				var ue *UsageError
				name := strings.TrimPrefix(c.CommandPath(), "rolo ")
				if !errors.As(err, &ue) || strings.Contains(err.Error(), "arg(s)") || !strings.HasPrefix(err.Error(), name) {
					t.Errorf("%s with %d arguments: %q (%T), want a usage error that names what is wrong", c.CommandPath(), n, err, err)
				}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewCmdRootFor(f, "test", nil))
	if checked < 20 {
		t.Errorf("only %d refused argument counts checked", checked)
	}
}
