package sqlite

import (
	"context"
	"errors"
	"fmt"
	"testing"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// An interrupted statement, canceled by the driver or by database/sql,
// stays an interrupt, which the CLI says as one; it is not a database
// error.
func TestDBErrorKeepsInterrupts(t *testing.T) {
	for _, err := range []error{
		context.Canceled,
		fmt.Errorf("reading: %w", context.Canceled),
		sqlite3.Error{Code: sqlite3.ErrInterrupt},
	} {
		if got := dbError(err); !errors.Is(got, context.Canceled) {
			t.Errorf("dbError(%v) = %v, want context.Canceled", err, got)
		}
	}
}
