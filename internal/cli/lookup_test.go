package cli_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/cli/clitest"
)

// TestLookupPrintsTheContactObject: lookup -o json and -o ndjson print the
// contact object list and show print (SPEC, Output), with lookup's own
// match, label and matches, and blocked carrying by and created_at as
// everywhere else.
func TestLookupPrintsTheContactObject(t *testing.T) {
	dir := t.TempDir()
	r := clitest.Runner{Dir: dir, DB: filepath.Join(dir, "rolo.db")}
	for _, args := range [][]string{
		{"add", "--first", "Bob", "--company", "Acme", "--phone", "mobile=+14155550123", "--email", "work=bob@x.example",
			"--tag", "vip", "--attr", "tier=gold", "--note", "met at the fair", "--public"},
		{"block", "1", "--reason", "spam"},
	} {
		if res := r.Run(args...); res.Code != 0 {
			t.Fatalf("rolo %s: exit %d\n%s", strings.Join(args, " "), res.Code, res.Err)
		}
	}
	list := r.Run("list", "-o", "json")
	var contacts []map[string]any
	if err := json.Unmarshal([]byte(list.Out), &contacts); err != nil || len(contacts) != 1 {
		t.Fatalf("list -o json: %v\n%s", err, list.Out)
	}
	for _, format := range []string{"json", "ndjson"} {
		res := r.Run("lookup", "bob@x.example", "-o", format)
		if res.Code != 0 {
			t.Fatalf("lookup -o %s: exit %d\n%s", format, res.Code, res.Err)
		}
		if n := strings.Count(strings.TrimSpace(res.Out), "\n"); (format == "ndjson") != (n == 0) {
			t.Errorf("lookup -o %s: %d line breaks in\n%s", format, n, res.Out)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(res.Out), &got); err != nil {
			t.Fatalf("lookup -o %s: %v\n%s", format, err, res.Out)
		}
		want := map[string]any{"match": "bob@x.example", "label": "work", "matches": 1.0}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("lookup -o %s: %s = %v, want %v", format, k, got[k], v)
			}
			delete(got, k)
		}
		if !reflect.DeepEqual(got, contacts[0]) {
			t.Errorf("lookup -o %s is not list's contact object:\n%v\nlist:\n%v", format, got, contacts[0])
		}
		if b, _ := got["blocked"].(map[string]any); b["by"] != "alice" || b["reason"] != "spam" || b["created_at"] == nil {
			t.Errorf("lookup -o %s: blocked = %v", format, got["blocked"])
		}
	}
}
