package contact

import (
	"os"
	"testing"
	"time"
)

// TestMain runs the tests in UTC whatever the machine's zone (TZ): dates
// typed without a zone, "today" and the "not after today" checks are
// local, and the tests about another zone say so with inZone.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}
