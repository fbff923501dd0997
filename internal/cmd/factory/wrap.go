package factory

import "strings"

// Wrap breaks s into lines of at most width columns at spaces, for help
// text built from lists (field names, channels) that would otherwise run
// past a terminal's width: cobra prints Long text as it is.
func Wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		switch {
		case i == 0:
		case n+1+len(w) > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
