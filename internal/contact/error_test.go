package contact

import "testing"

func TestPathText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/home/ada/contacts.csv", "/home/ada/contacts.csv"},
		{"o\tx\ny.csv", `o\tx\ny.csv`},
		{"f\x1b[2J.csv", `f\x1b[2J.csv`},
		{"名前\r.vcf", `名前\r.vcf`},
	} {
		if got := PathText(tc.in); got != tc.want {
			t.Errorf("PathText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
