package root

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// Every number and true/false flag of every command answers a bad value in
// rolo's words, naming the flag, as a usage error (exit 2): never with
// strconv's "strconv.ParseInt: parsing "x": invalid syntax".
func TestBadFlagValues(t *testing.T) {
	bad := map[string][][2]string{ // flag type -> value, message after "--NAME: "
		"int": {
			{"x", `"x" is not a whole number`},
			{"1.5", `"1.5" is not a whole number`},
			{"99999999999999999999", `"99999999999999999999" is too large`},
			{"-99999999999999999999", `"-99999999999999999999" is too far below zero`},
		},
		"float64": {
			{"x", `"x" is not a number`},
			{"1e400", `"1e400" is too large`},
		},
		"bool": {
			{"maybe", `"maybe" is not true or false`},
		},
	}
	// Types whose values are text, so there is nothing to read wrong.
	text := map[string]bool{"string": true, "stringArray": true, "stringSlice": true}
	newFactory := func() *factory.Factory {
		ios, _, _, _ := iostreams.Test()
		return &factory.Factory{IO: ios, Env: func(string) string { return "" }, Now: time.Now}
	}
	seen := map[string]bool{}
	var walk func(path []string, c *cobra.Command)
	walk = func(path []string, c *cobra.Command) {
		c.NonInheritedFlags().VisitAll(func(fl *pflag.Flag) {
			typ := fl.Value.Type()
			if text[typ] {
				return
			}
			cases, ok := bad[typ]
			if !ok {
				t.Errorf("%s --%s is a %s flag, which this test does not cover", strings.Join(path, " "), fl.Name, typ)
				return
			}
			seen[typ] = true
			at := path
			if len(at) == 0 {
				at = []string{"list"} // a global flag, given to a command
			}
			for _, tc := range cases {
				args := append(append([]string{}, at...), "--"+fl.Name+"="+tc[0])
				root := NewCmdRootFor(newFactory(), "test", args)
				root.SetArgs(args)
				_, err := root.ExecuteC()
				want := "--" + fl.Name + ": " + tc[1]
				var ue *UsageError
				if err == nil || err.Error() != want || !errors.As(err, &ue) {
					t.Errorf("rolo %s: got %v (%T), want usage error %q", strings.Join(args, " "), err, err, want)
				}
			}
		})
		for _, sub := range c.Commands() {
			walk(append(append([]string{}, path...), sub.Name()), sub)
		}
	}
	walk(nil, NewCmdRootFor(newFactory(), "test", nil))
	for typ := range bad {
		if !seen[typ] {
			t.Errorf("no flag is a %s any more: drop it from this test", typ)
		}
	}
}
