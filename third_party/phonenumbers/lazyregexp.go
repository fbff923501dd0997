package phonenumbers

import (
	"regexp"
	"sync"
)

// rolo patch: the package-level patterns are compiled on first use rather
// than at program start, so that a rolo command that never parses a phone
// number does not pay for them.
type lazyRegexp struct {
	once sync.Once
	expr string
	re   *regexp.Regexp
}

func newLazyRegexp(expr string) *lazyRegexp { return &lazyRegexp{expr: expr} }

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool              { return l.get().MatchString(s) }
func (l *lazyRegexp) FindIndex(b []byte) []int               { return l.get().FindIndex(b) }
func (l *lazyRegexp) FindStringIndex(s string) []int         { return l.get().FindStringIndex(s) }
func (l *lazyRegexp) FindStringSubmatch(s string) []string   { return l.get().FindStringSubmatch(s) }
func (l *lazyRegexp) FindAllString(s string, n int) []string { return l.get().FindAllString(s, n) }
func (l *lazyRegexp) Split(s string, n int) []string         { return l.get().Split(s, n) }
func (l *lazyRegexp) ReplaceAllString(src, repl string) string {
	return l.get().ReplaceAllString(src, repl)
}
func (l *lazyRegexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return l.get().ReplaceAllStringFunc(src, repl)
}
