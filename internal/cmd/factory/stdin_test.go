package factory

import (
	"slices"
	"strings"
	"testing"
)

// What "-" reads from each line of stdin: the ID field first, and for
// block and unblock the number in the second field of a row without one.
func TestIDRows(t *testing.T) {
	tests := []struct {
		name, in string
		want     [][]string // each row's first two fields
		err      string
	}{
		{name: "ids", in: "1\n2\n", want: [][]string{{"1"}, {"2"}}},
		{name: "tsv with a raw number", in: "id\twho\tby\n2\tBo Smith\tada\n\t+14155550111\tada\n",
			want: [][]string{{"2", "Bo Smith"}, {"", "+14155550111"}}},
		// A table's blank ID cell stays the first field, where splitting
		// on spaces made the number the ID.
		{name: "table with a raw number", in: "ID  WHO           BY   SINCE\n2   Bo Smith      ada  just now\n    +14155550111  ada  just now\n1   A             ada  just now\n",
			want: [][]string{{"2", "Bo Smith"}, {"", "+14155550111"}, {"1", "A"}}},
		{name: "table of one column", in: "ID\n12\n", want: [][]string{{"12"}}},
		// A header of single spaces is no table's: words, as before.
		{name: "words under a header", in: "id name\n1 Ada Lovelace\n", want: [][]string{{"1", "Ada"}}},
		{name: "words", in: "1 Ada\n", want: [][]string{{"1", "Ada"}}},
		// IDs meant one a line, refused rather than read as the first.
		{name: "ids on one line", in: "1 2 6\n", err: `stdin line 1: "1 2 6" is several IDs on one line; give one ID a line`},
		{name: "ids on a later line", in: "1\n2 3\n", err: `stdin line 2: "2 3" is several IDs`},
		{name: "ids and commas", in: "1,2\n", err: `stdin line 1: "1,2" is several IDs`},
		{name: "ids and tabs", in: "1\t2\n", want: [][]string{{"1", "2"}}},
		{name: "csv", in: "2,Bo,,\n", want: [][]string{{"2", "Bo"}}},
		{name: "csv over lines", in: "id,name\n1,\"Ada,\nCountess\"\n2,Bea\n", want: [][]string{{"1", "Ada,\nCountess"}, {"2", "Bea"}}},
		// A quoted field never closed, or closed before more text, ran
		// on over the rows after it: their IDs were left out.
		{name: "csv quote not closed", in: "id,name\n1,\"Ada\n2,Bea\n3,Cy\n", err: `stdin line 2: extraneous or missing " in quoted-field`},
		{name: "csv quote not closed, no header", in: "1,\"Ada\n2,Bea\n", err: `stdin line 1: extraneous or missing " in quoted-field`},
		{name: "csv text after a quote", in: "1,Ada\n2,\"Bea\" Brown\n3,Cy\n", err: `stdin line 2: extraneous or missing " in quoted-field`},
		{name: "csv bare quote", in: "id,name\n1,Bo \"B\" Brown\n2,Bea\n", err: `stdin line 2: bare " in non-quoted-field`},
		{name: "csv record over 1 MB", in: "id,name\n1,\"a\nb\"\n2," + strings.Repeat("a", 2*maxIDLine) + "\n3,Cy\n", err: `stdin line 4: a record longer than 1 MB`},
		// IDs right-aligned (printf %5d, wc -l, awk) with no header
		// are IDs, not a table's blank first cell; a raw number's row
		// of blocked --no-header still has one.
		{name: "right-aligned ids", in: "    1\n   12\n", want: [][]string{{"1"}, {"12"}}},
		{name: "right-aligned id and a word", in: "      7 Ada\n", want: [][]string{{"7", "Ada"}}},
		{name: "right-aligned ids on one line", in: "    1 2\n", err: `stdin line 1: "1 2" is several IDs`},
		{name: "headerless table with a raw number", in: "2   Bo Smith      ada\n    +14155550111  ada\n    spam@example.com  ada\n",
			want: [][]string{{"2", "Bo"}, {"", "+14155550111"}, {"", "spam@example.com"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]string
			err := idRows(strings.NewReader(tt.in), func(_ int, fields []string) error {
				got = append(got, fields[:min(len(fields), 2)])
				return nil
			})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("rows %q, want %q", got, tt.want)
			}
		})
	}
}
