package contact

import "testing"

func TestHolds(t *testing.T) {
	stored := &Contact{FirstName: "Fay", LastName: "Full", Company: "Acme", Title: "CTO",
		Addresses:  []Address{{Label: "work", City: "Springfield", Country: "US"}},
		Tags:       []string{"crm", "vip"},
		Attributes: map[string]string{"source": "fair"},
		Notes:      []Note{{Text: "met at the fair"}, {Text: "stored\r\nwith CRs"}},
		VCardExtra: "X-A:1\nX-B:2"}
	for _, tc := range []struct {
		name string
		rec  Contact
		want bool
	}{
		{"the same names", Contact{FirstName: "Fay", LastName: "Full"}, true},
		{"a field the contact has since", Contact{FirstName: "Fay", LastName: "Full", Company: "Acme"}, true},
		{"another company", Contact{FirstName: "Fay", LastName: "Full", Company: "Acme Inc"}, false},
		{"another case", Contact{FirstName: "fay", LastName: "Full"}, false},
		{"a held address, tag, attribute, note, extra", Contact{FirstName: "Fay", Addresses: []Address{{Label: "home", City: "springfield", Country: "US"}},
			Tags: []string{"VIP"}, Attributes: map[string]string{"source": "fair"}, Notes: []Note{{Text: "met at the fair"}}, VCardExtra: "X-B:2"}, true},
		{"another address", Contact{FirstName: "Fay", Addresses: []Address{{City: "Shelbyville"}}}, false},
		{"another tag", Contact{FirstName: "Fay", Tags: []string{"new"}}, false},
		{"another attribute value", Contact{FirstName: "Fay", Attributes: map[string]string{"source": "web"}}, false},
		{"another note", Contact{FirstName: "Fay", Notes: []Note{{Text: "called back"}}}, false},
		{"a note stored with CRs before", Contact{FirstName: "Fay", Notes: []Note{{Text: "stored\nwith CRs"}}}, true},
		{"an email", Contact{FirstName: "Fay", Emails: []Email{{Address: "fay@example.com"}}}, false},
		{"another extra line", Contact{FirstName: "Fay", VCardExtra: "X-C:3"}, false},
	} {
		if got := Holds(stored, &tc.rec, GivenFields(&tc.rec)); got != tc.want {
			t.Errorf("%s: Holds = %v, want %v", tc.name, got, tc.want)
		}
	}
}
