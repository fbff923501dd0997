package query

import "slices"

// sortFields are the names --sort (and a view's sort) accepts, each
// with - before it for descending order; the store maps each to a column.
var sortFields = []string{
	"activity", "birthday", "channel", "company", "created", "deleted", "first", "id", "last",
	"level", "name", "owner", "title", "type", "updated", "visibility",
}

// SortFields lists the names --sort accepts, sorted, for completion and
// error messages. They are part of the query language, like its
// qualifiers, so that commands need not ask the store for them.
func SortFields() []string { return slices.Clone(sortFields) }

// IsSortField reports whether --sort accepts name (lower case, without a
// sign).
func IsSortField(name string) bool { return slices.Contains(sortFields, name) }
