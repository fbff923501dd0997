// Package lazyre compiles regular expressions on first use instead of at
// start-up: rolo's commands are short processes, and a package-level
// regexp.MustCompile costs every one of them, even those that never match
// it.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles pattern the first time it is called
// (panicking, as regexp.MustCompile does, if the pattern is invalid) and
// returns the same *regexp.Regexp every time.
func New(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
