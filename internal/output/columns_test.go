package output

import (
	"slices"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// The columns the domain accepts (--columns, views, the profile's columns
// setting) are the ones this package can print, no more and no fewer.
func TestEveryColumnHasARenderer(t *testing.T) {
	names := contact.ColumnNames()
	for _, name := range names {
		if columns[name] == nil {
			t.Errorf("contact.ColumnNames has %q, which output cannot print", name)
		}
	}
	for name := range columns {
		if !slices.Contains(names, name) {
			t.Errorf("output prints a column %q that contact.ColumnNames lacks (refused by --columns and the profile)", name)
		}
	}
}
