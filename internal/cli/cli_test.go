package cli_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/rolo-cli/rolo/internal/cli"
	"github.com/rolo-cli/rolo/internal/cmd/root"
	"github.com/rolo-cli/rolo/internal/contact"
)

// TestExitCode pins the one mapping from errors to exit codes (SPEC
// section 7), wrapped errors included.
func TestExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{errors.New("disk on fire"), 1},
		{context.Canceled, 1},
		{fmt.Errorf("import: %w", context.Canceled), 1},
		{contact.Errorf(contact.EINTERNAL, "x"), 1},
		{contact.Errorf(contact.ECONFLICT, "x"), 1},
		{contact.Errorf(contact.EINVALID, "x"), 2},
		{&root.UsageError{Command: "rolo", Err: errors.New("unknown flag: --x")}, 2},
		{contact.Errorf(contact.ENOTFOUND, "x"), 3},
		{contact.Errorf(contact.EAMBIGUOUS, "x"), 3},
		{fmt.Errorf("contact 3: %w", contact.Errorf(contact.ENOTFOUND, "x")), 3},
		{contact.Errorf(contact.EPERM, "x"), 4},
		{contact.Errorf(contact.EPARTIAL, "x"), 5},
	}
	for _, tt := range tests {
		if got := cli.ExitCode(tt.err); got != tt.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
