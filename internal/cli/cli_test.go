package cli_test

import (
	"context"
	"database/sql"
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

// An error that database/sql returns for a transaction or rows it closed
// itself on the cancellation is an interrupt, and says so; the same error
// with no cancellation, and other errors, are left alone.
func TestInterrupted(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	live := context.Background()
	rowsClosed := contact.Errorf(contact.EINTERNAL, "database: sql: Rows are closed")
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want error
	}{
		{"tx done, cancelled", cancelled, fmt.Errorf("import: %w", sql.ErrTxDone), context.Canceled},
		{"rows closed, cancelled", cancelled, rowsClosed, context.Canceled},
		{"rows closed, not cancelled", live, rowsClosed, rowsClosed},
		{"another error, cancelled", cancelled, contact.Errorf(contact.EINVALID, "phone: bad"), contact.Errorf(contact.EINVALID, "phone: bad")},
		{"no error", cancelled, nil, nil},
	}
	for _, tt := range tests {
		got := cli.Interrupted(tt.ctx, tt.err)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || cli.ExitCode(got) != cli.ExitCode(tt.want) {
			t.Errorf("%s: Interrupted = %v, want %v", tt.name, got, tt.want)
		}
	}
}
