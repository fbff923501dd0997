package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/cli"
	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/iostreams"
)

// TestCompletionFilesUpToDate fails when the completion scripts committed
// in completions/ (shipped in release archives) are not what `rolo
// completion SHELL` prints. `make completions` regenerates them.
func TestCompletionFilesUpToDate(t *testing.T) {
	for shell, file := range map[string]string{
		"bash":       "rolo.bash",
		"zsh":        "_rolo",
		"fish":       "rolo.fish",
		"powershell": "rolo.ps1",
	} {
		t.Run(shell, func(t *testing.T) {
			ios, _, stdout, stderr := iostreams.Test()
			f := &factory.Factory{IO: ios, Env: func(string) string { return "" }, Now: time.Now}
			if code := cli.Run(context.Background(), f, []string{"completion", shell}); code != 0 {
				t.Fatalf("rolo completion %s: exit %d: %s", shell, code, stderr)
			}
			path := filepath.Join("..", "..", "completions", file)
			committed, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v; run `make completions`", err)
			}
			if !bytes.Equal(committed, stdout.Bytes()) {
				t.Fatalf("completions/%s is out of date with `rolo completion %s`; run `make completions`", file, shell)
			}
		})
	}
}
