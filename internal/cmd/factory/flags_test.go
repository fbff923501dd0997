package factory

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// The repeatable flags behave as pflag's StringArray and StringSlice:
// repeated uses add up, a slice flag splits on commas (CSV quoting
// respected), and help shows the same type names and no empty default.
func TestRepeatableFlags(t *testing.T) {
	var arr, slice []string
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	StringArrayVar(fs, &arr, "tag", "a `TAG`")
	StringSliceVar(fs, &slice, "sort", "fields")
	if err := fs.Parse([]string{"--tag", "a,b", "--tag", "c", "--sort", `name,"x,y"`, "--sort", "-created"}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a,b", "c"}; !slices.Equal(arr, want) {
		t.Errorf("--tag gave %q, want %q", arr, want)
	}
	if want := []string{"name", "x,y", "-created"}; !slices.Equal(slice, want) {
		t.Errorf("--sort gave %q, want %q", slice, want)
	}
	if got := fs.Lookup("sort").Value.String(); got != `[name,"x,y",-created]` {
		t.Errorf("String() = %s", got)
	}
	if err := fs.Parse([]string{"--sort", `"unterminated`}); err == nil {
		t.Error("a malformed --sort value was accepted")
	}
	usage := fs.FlagUsages()
	for _, want := range []string{"--tag TAG", "--sort strings"} {
		if !strings.Contains(usage, want) {
			t.Errorf("help lacks %q:\n%s", want, usage)
		}
	}
	if strings.Contains(usage, "default") {
		t.Errorf("help shows a default for an empty flag:\n%s", usage)
	}
}

// A tag flag refuses an empty or blank tag, alone or in a list: an unset
// variable is a mistake to say, not a tag to leave out.
func TestTagsVarRefusesEmpty(t *testing.T) {
	for _, val := range []string{"", " ", "vip,", "a,,b"} {
		var tags []string
		fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
		TagsVar(fs, &tags, "add", "tags")
		err := fs.Parse([]string{"--add", val})
		if err == nil || !strings.Contains(err.Error(), "an empty tag") {
			t.Errorf("--add %q: error %v, want an empty tag", val, err)
		}
	}
}
