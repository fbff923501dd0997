package contact

import (
	"slices"
	"strings"
)

// listColumns are the columns list prints besides a contact's scalar
// fields (Fields): its ID, the first or all of its lists, its state and
// times. The output package renders each; the names are the domain's so
// that the profile's columns setting is checked without the renderer.
var listColumns = []string{
	"id", "uid", "name", "phone", "phones", "e164", "email", "emails", "city", "country",
	"tags", "visibility", "owner", "shared_with", "favorite", "archived", "blocked",
	"created", "updated", "activity", "deleted", "channel",
}

var columnNames = func() []string {
	names := slices.Clone(listColumns)
	for _, f := range fields {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}()

// ColumnNames lists, sorted, the columns --columns, a view and the
// profile's columns setting accept, besides attr.KEY.
func ColumnNames() []string { return slices.Clone(columnNames) }

// IsColumn reports whether col is a column: one of ColumnNames, or
// attr.KEY (an attribute) of a key an attribute can have (ValidAttrKey),
// as the attr.KEY: qualifier takes it: attr.größe, a column no contact
// has a value in, is none.
func IsColumn(col string) bool {
	if k, ok := strings.CutPrefix(col, "attr."); ok {
		return ValidAttrKey(k)
	}
	_, found := slices.BinarySearch(columnNames, col)
	return found
}

// ColumnName is col as the columns are named, however it was typed in
// --columns, a view or the profile's columns setting (as --sort takes a
// field in any case): without the spaces around it, a column's name in
// lower case, attr.KEY with its key as written, as it heads the column.
func ColumnName(col string) string {
	col = strings.TrimSpace(col)
	if len(col) > len("attr.") && strings.EqualFold(col[:len("attr.")], "attr.") {
		return "attr." + col[len("attr."):]
	}
	return strings.ToLower(col)
}

// ColumnNamesOf returns cols named as ColumnName names them.
func ColumnNamesOf(cols []string) []string {
	if cols == nil {
		return nil
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = ColumnName(c)
	}
	return out
}

// CheckColumns refuses unknown column names.
func CheckColumns(cols []string) error {
	for _, c := range cols {
		if err := CheckColumn("--columns", c); err != nil {
			return err
		}
	}
	return nil
}

// CheckColumn refuses col when it is no column (IsColumn), its message
// starting with what: an attr.KEY of a key no attribute can have says so,
// as a query's attr.KEY: does.
func CheckColumn(what, col string) error {
	switch k, attr := strings.CutPrefix(col, "attr."); {
	case IsColumn(col):
		return nil
	case attr && len(k) > MaxKeyLen:
		return Errorf(EINVALID, "%s: attribute key %q is too long (at most %d bytes)", what, Excerpt(k), MaxKeyLen)
	case attr && k != "":
		return Errorf(EINVALID, "%s: %s is not an attribute key (ASCII letters, digits, _ . -)", what, Quote(col))
	}
	return Errorf(EINVALID, "%s: unknown column %s (use %s, or attr.KEY)", what, Quote(col), strings.Join(columnNames, ", "))
}
