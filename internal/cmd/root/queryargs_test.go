package root

import (
	"slices"
	"testing"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
)

// Every spelling pflag accepts for a short flag stays a flag in the query
// commands; any other -word is a negated term, and after "--" all are terms.
func TestSeparateQueryArgs(t *testing.T) {
	for _, tc := range []struct {
		args, want []string
	}{
		{[]string{"list", "ali", "-natalie"}, []string{"list", "--", "ali", "-natalie"}},
		{[]string{"list", "-o", "json", "ali"}, []string{"list", "-o", "json", "--", "ali"}},
		{[]string{"list", "-ojson"}, []string{"list", "-ojson", "--"}},
		{[]string{"list", "-o=json", "tag:vip"}, []string{"list", "-o=json", "--", "tag:vip"}},
		{[]string{"list", "tag:vip", "-oids"}, []string{"list", "-oids", "--", "tag:vip"}},
		{[]string{"list", "-qo", "json", "ada"}, []string{"list", "-qo", "json", "--", "ada"}},
		{[]string{"list", "-q", "ada", "-y"}, []string{"list", "-q", "-y", "--", "ada"}},
		{[]string{"list", "ada", "-h"}, []string{"list", "-h", "--", "ada"}},
		{[]string{"list", "-q=true", "ada"}, []string{"list", "-q=true", "--", "ada"}},
		{[]string{"export", "-ojson"}, []string{"export", "-ojson", "--"}},
		{[]string{"email", "-qojson", "ada"}, []string{"email", "-qojson", "--", "ada"}},
		{[]string{"dupes", "-oids"}, []string{"dupes", "-oids", "--"}},
		{[]string{"search", "-h"}, []string{"search", "-h", "--"}},
		// A value attached to -o counts only when it is a format's name:
		// -oliver, -owner:bob, -office, -yoga (-y -o ga) are negated terms,
		// not an export to a file named "wner:bob".
		{[]string{"list", "-oliver"}, []string{"list", "--", "-oliver"}},
		{[]string{"export", "-owner:bob"}, []string{"export", "--", "-owner:bob"}},
		{[]string{"export", "-office"}, []string{"export", "--", "-office"}},
		{[]string{"list", "-yoga"}, []string{"list", "--", "-yoga"}},
		{[]string{"export", "-ovcf"}, []string{"export", "-ovcf", "--"}},
		// export also takes -o FILE: a path or a file name with an extension.
		{[]string{"export", "-o/backup/rolo.csv", "tag:vip"}, []string{"export", "-o/backup/rolo.csv", "--", "tag:vip"}},
		{[]string{"export", "-obackup.vcf"}, []string{"export", "-obackup.vcf", "--"}},
		{[]string{"export", "-obackup.jsonl"}, []string{"export", "-obackup.jsonl", "--"}},
		{[]string{"export", "-oBackup.CSV"}, []string{"export", "-oBackup.CSV", "--"}},
		{[]string{"list", "-o/backup/rolo.csv"}, []string{"list", "-o/backup/rolo.csv", "--"}},
		{[]string{"list", "-oliver.csv"}, []string{"list", "--", "-oliver.csv"}},
		{[]string{"export", "-ogoogle"}, []string{"export", "-ogoogle", "--"}},
		{[]string{"list", "-oJSON"}, []string{"list", "-oJSON", "--"}},
		// Not a run of known shorthands: a negated word.
		{[]string{"list", "-quinn"}, []string{"list", "--", "-quinn"}},
		{[]string{"list", "-hello"}, []string{"list", "--", "-hello"}},
		{[]string{"list", "-l", "20"}, []string{"list", "--", "-l", "20"}},
		{[]string{"list", "-tag:vip", "-"}, []string{"list", "--", "-tag:vip", "-"}},
		{[]string{"list", "-é"}, []string{"list", "--", "-é"}},
		// A run of flags without a value with -h in it is a negated term.
		{[]string{"list", "ada", "-hy"}, []string{"list", "--", "ada", "-hy"}},
		{[]string{"list", "-qy", "ada"}, []string{"list", "-qy", "--", "ada"}},
		{[]string{"dupes", "--merge", "-yq"}, []string{"dupes", "--merge", "-yq", "--"}},
		{[]string{"export", "acme", "-hq"}, []string{"export", "--", "acme", "-hq"}},
		{[]string{"dupes", "-yqh"}, []string{"dupes", "--", "-yqh"}},
		// After "--" everything is a term.
		{[]string{"list", "ada", "--", "-oliver", "-owner:bob"}, []string{"list", "--", "ada", "-oliver", "-owner:bob"}},
		// A value flag left last without its value stays last, with no
		// "--" for pflag to take as its value: it needs an argument.
		{[]string{"export", "--out"}, []string{"export", "--out"}},
		{[]string{"export", "is:public", "--format", "json", "--out"}, []string{"export", "--format", "json", "--out"}},
		{[]string{"export", "-o"}, []string{"export", "-o"}},
		{[]string{"list", "ada", "-qo"}, []string{"list", "-qo"}},
		{[]string{"list", "--view"}, []string{"list", "--view"}},
		{[]string{"dupes", "--min-score"}, []string{"dupes", "--min-score"}},
		{[]string{"list", "--view", "--"}, []string{"list", "--view", "--", "--"}},
		// Other commands are left to pflag.
		{[]string{"show", "1", "-ojson"}, []string{"show", "1", "-ojson"}},
	} {
		cmd := NewCmdRootFor(factory.New(), "test", tc.args)
		if got := SeparateQueryArgs(cmd, slices.Clone(tc.args)); !slices.Equal(got, tc.want) {
			t.Errorf("SeparateQueryArgs(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
