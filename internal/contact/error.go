package contact

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/rolo-cli/rolo/internal/escape"
)

// Error codes. Every error rolo shows a user carries one of these, and the
// command layer maps them to exit codes in exactly one place.
const (
	EINVALID   = "invalid"    // bad input: a field value, a flag, a query term
	ENOTFOUND  = "not_found"  // no such contact, user, profile...
	EAMBIGUOUS = "ambiguous"  // a reference that matches several contacts
	EPERM      = "permission" // a visible object the actor may not act on
	ECONFLICT  = "conflict"   // the request conflicts with existing data
	EPARTIAL   = "partial"    // finished, but some records were rejected
	// ENOTHING is not a failure: a bulk command whose --where or stdin
	// selected no contact had nothing to do. It exits 0 with its message,
	// so that a cron job on a quiet day does not fail.
	ENOTHING  = "nothing"
	EINTERNAL = "internal" // anything else
)

// ErrHandleTaken is behind the error LogInteraction returns when a
// visible contact has, by the time its transaction starts, the number or
// email the contact it was to create was for: another process (a second
// caller-ID hook for the same caller) created one since the caller looked.
// The caller looks again and logs with that contact.
var ErrHandleTaken = errors.New("a contact has the number or email now")

// Error is a domain error whose message is safe to show to a user.
type Error struct {
	Code    string
	Message string
	// Err is the system's error behind it, if any (a file that could
	// not be created), for a caller that says the failure its own way.
	Err error
}

func (e *Error) Error() string { return e.Message }

// Unwrap is the system's error behind e, or nil.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a domain error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or EINTERNAL for errors that are not
// domain errors, or "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// Excerpt is how a message shows a value refused for its length: its first
// 40 characters and "…", so that a 100 KB value is not written back whole.
func Excerpt(v string) string { return cut(v, 40) }

// MessageName is a contact's display name as a status line or an error
// names the contact, beside its ID: whole, unless it is longer than 80
// characters, as a name of parts of up to 4,096 bytes each can be (a line
// of 12 KB, wrapped over a terminal's screen), then cut there with "…".
func MessageName(name string) string { return cut(name, 80) }

// cut is v, or its first n characters and "…" when it has more.
func cut(v string, n int) string {
	seen := 0
	for i := range v {
		if seen == n {
			return v[:i] + "…"
		}
		seen++
	}
	return v
}

// Quote is how a message shows a value typed or read (a REF, a query term,
// a number to look up), quoted as %q quotes it: Shown.
func Quote(v string) string { return strconv.Quote(Shown(v)) }

// Shown is v as a message shows it: whole, or by its Excerpt when it is
// longer than any value a field holds (MaxFieldLen), so that a 100 KB
// argument, which can match nothing, is not written back whole.
func Shown(v string) string {
	if len(v) > MaxFieldLen {
		return Excerpt(v)
	}
	return v
}

// invalidField is the one shape of a validation failure: it names the field
// and the value that was refused.
func invalidField(field, value, why string) *Error {
	if value == "" {
		return Errorf(EINVALID, "%s: %s", field, why)
	}
	return Errorf(EINVALID, "%s: %s %s", field, Quote(value), why)
}

// PathText is how a message shows a file's name: its control characters,
// tab and newline too, written as Go escapes (f\tx.csv, f\x1b[2J.csv).
// The message itself is escaped as a whole where it is printed
// (iostreams.Printable), but keeps its own newlines and tabs, which lay
// out a list; a name that holds one would split the message in two (one
// line of a cron log becoming two), so it is escaped here, where the name
// is put in.
func PathText(path string) string {
	return escape.Controls(path, "")
}
