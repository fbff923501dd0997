package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
	"github.com/rolo-cli/rolo/internal/contact"
)

// TestLongArgumentShownByExcerpt: an argument longer than any value a
// field holds (a REF, a query term, a flag's value of 100,000 digits) is
// shown in its error by its first 40 characters and "…", not written back
// whole; one of the most bytes a field holds is still shown whole.
func TestLongArgumentShownByExcerpt(t *testing.T) {
	dir := t.TempDir()
	r := clitest.Runner{Dir: dir, DB: filepath.Join(dir, "r.db")}
	if res := r.Run("add", "--first", "Ada"); res.Code != 0 {
		t.Fatalf("add: %+v", res)
	}
	long := strings.Repeat("7", 100000)
	cut := strings.Repeat("7", 40) + "…"
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"show", long}, 3, `no contact matches "` + cut + `"`},
		{[]string{"history", "+" + long}, 2, `number: "+` + cut[1:] + `" is not a phone number (a contact ID has no +)`},
		{[]string{"lookup", long}, 2, `number: "` + cut + `" is not a phone number (in region US) or an email address`},
		{[]string{"list", "id:" + long}, 2, `query: "id:` + cut[3:] + `" needs a numeric ID`},
		{[]string{"list", "x" + long + ":y"}, 2, `query: unknown qualifier "x` + cut[1:] + `" in "x` + cut[1:] + `" (known: `},
		{[]string{"list", `"` + long}, 2, `query: unterminated quote in "\"` + cut[1:] + `" (opened at character 1)`},
		{[]string{"list", "--sort", long}, 2, `--sort: unknown field "` + cut + `" (use `},
		{[]string{"list", "--columns", long}, 2, `--columns: unknown column "` + cut + `" (use `},
		{[]string{"list", "-o", long}, 2, `--output: unknown format "` + cut + `" (use `},
		{[]string{"list", "--limit", long}, 2, `--limit: "` + cut + `" is too large`},
		{[]string{"edit", "1", "--set", long}, 2, `--set: "` + cut + `" must be FIELD=VALUE`},
		{[]string{"edit", "1", "--unset", long}, 2, `--unset: unknown field "` + cut + `" (fields: `},
		{[]string{"edit", "1", "--rm-tag", long}, 2, `--rm-tag: Ada has no tag "` + cut + `"`},
		{[]string{"share", "1", "--with", long}, 3, `user: no teammate "` + cut + `" (see rolo team list)`},
		{[]string{"config", "set", long, "1"}, 2, `config: unknown key "` + cut + `" (keys: `},
		{[]string{"--profile", long, "list"}, 3, `config: no profile "` + cut + `": `},
		{[]string{"view", "rm", long}, 3, `no view "` + cut + `" (see rolo view list)`},
		{[]string{"import", "undo", long}, 2, `import undo: "` + cut + `" is not an import ID`},
		{[]string{"completion", long}, 2, `completion: unknown shell "` + cut + `"`},
		{[]string{"help", long}, 2, `unknown help topic "` + cut + `"`},
		{[]string{long}, 2, `unknown command "` + cut + `" for "rolo"`},
		{[]string{"list", "--" + long}, 2, `unknown flag: --` + cut + "\n"},
		{[]string{"trash", long}, 2, `trash takes no arguments (got "` + cut + `")`},
		{[]string{"backup", "a", long}, 2, `backup: unexpected argument "` + cut + `" (usage: `},
		{[]string{"show", long[:contact.MaxFieldLen]}, 3, `no contact matches "` + long[:contact.MaxFieldLen] + `"`},
	} {
		res := r.Run(tc.args...)
		if res.Code != tc.code || !strings.HasPrefix(res.Err, "rolo: "+tc.err) || len(res.Err) > 6000 {
			t.Errorf("rolo %.20s: exit %d, stderr %.300q (%d bytes); want exit %d, %.300q", strings.Join(tc.args, " "), res.Code, res.Err, len(res.Err), tc.code, tc.err)
		}
	}
}
