package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestScriptsCheckFailureMessages fails for a script line that expects a
// command to fail (`exits N` with N other than 0, or `! exec`) and checks no
// message: exit codes 2 and 3 are shared by many different errors, so such a
// line also passes when the command fails for another reason than the one it
// tests. Before the next command, the line must be followed by a `stderr`
// assertion (or `cmp stderr`), or by `! stderr .` when the failure must be
// silent.
func TestScriptsCheckFailureMessages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "script", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, file := range files {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range uncheckedFailures(string(a.Comment)) {
			t.Errorf("%s:%d: a failing command with no stderr assertion (add `stderr '^rolo: ...'`, or `! stderr .` if it says nothing)",
				filepath.Base(file), n)
		}
	}
}

// uncheckedFailures returns the line numbers (from 1) of the failing
// commands in script that no stderr assertion follows.
func uncheckedFailures(script string) []int {
	var bad []int
	open := 0 // the line of a failing command not checked yet, or 0
	for i, line := range strings.Split(script, "\n") {
		neg, cmd, args := scriptWords(line)
		if cmd == "" {
			continue // blank or comment
		}
		checksStream := cmd == "stdout" || cmd == "stderr" ||
			((cmd == "cmp" || cmd == "cmpenv") && len(args) > 0 && (args[0] == "stdout" || args[0] == "stderr"))
		if checksStream {
			if open != 0 && stderrChecked(neg, cmd, args) {
				open = 0
			}
			continue
		}
		if open != 0 {
			bad = append(bad, open)
			open = 0
		}
		if (cmd == "exits" && len(args) > 0 && args[0] != "0") || (neg == "!" && cmd == "exec") {
			open = i + 1
		}
	}
	if open != 0 {
		bad = append(bad, open)
	}
	return bad
}

// stderrChecked says whether a stdout/stderr check asserts the message:
// a positive stderr match, cmp stderr, or `! stderr .` (nothing said).
func stderrChecked(neg, cmd string, args []string) bool {
	switch {
	case cmd == "stderr" && neg == "":
		return true
	case cmd == "stderr" && neg == "!":
		return len(args) == 1 && strings.Trim(args[0], `'"`) == "."
	case cmd == "cmp" || cmd == "cmpenv":
		return neg == "" && args[0] == "stderr"
	}
	return false
}

// scriptWords splits a script line into its negation ("!" or "?"), its
// command and the rest of its words, after any [condition] prefixes; cmd is
// "" for a blank line or a comment. Quoting does not matter to the callers.
func scriptWords(line string) (neg, cmd string, args []string) {
	line = strings.TrimSpace(line)
	for strings.HasPrefix(line, "[") {
		end := strings.Index(line, "]")
		if end < 0 {
			return "", "", nil
		}
		line = strings.TrimSpace(line[end+1:])
	}
	words := strings.Fields(line)
	if len(words) == 0 || strings.HasPrefix(words[0], "#") {
		return "", "", nil
	}
	if words[0] == "!" || words[0] == "?" {
		neg, words = words[0], words[1:]
		if len(words) == 0 {
			return "", "", nil
		}
	}
	return neg, words[0], words[1:]
}

// TestUncheckedFailures pins what counts as checking a failure's message.
func TestUncheckedFailures(t *testing.T) {
	tests := []struct {
		script string
		want   []int
	}{
		{"exits 3 rolo show 9\nstderr '^rolo: no contact with ID 9$'\n", nil},
		{"exits 3 rolo show 9\n! stdout .\n\n# why\nstderr 'no contact'\n", nil},
		{"! exec rolo show 9\ncmp stderr want.txt\n", nil},
		{"exits 1 rolo doctor\n! stderr .\n", nil},
		{"exits 0 rolo list\nexec rolo list\n", nil},
		{"exits 3 rolo show 9\n", []int{1}},
		{"exits 3 rolo show 9\n! stderr Secret\nexec rolo list\n", []int{1}},
		{"exits 3 rolo show 9\nexists x\nstderr 'no contact'\n", []int{1}},
		{"exec rolo add\n[!windows] exits 2 rolo add --bad\n[!windows] stdout x\n! exec rolo list\nstderr x\n", []int{2}},
	}
	for _, tt := range tests {
		if got := uncheckedFailures(tt.script); !slices.Equal(got, tt.want) {
			t.Errorf("uncheckedFailures(%q) = %v, want %v", tt.script, got, tt.want)
		}
	}
}
