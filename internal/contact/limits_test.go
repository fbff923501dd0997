package contact_test

import (
	"fmt"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

func TestNormalizeBoundsValues(t *testing.T) {
	many := func(n int, f func(i int)) {
		for i := 0; i < n; i++ {
			f(i)
		}
	}
	for _, tc := range []struct {
		name string
		fill func(c *contact.Contact, n int)
		want string
	}{
		{"emails", func(c *contact.Contact, n int) {
			many(n, func(i int) { c.Emails = append(c.Emails, contact.Email{Address: fmt.Sprintf("e%d@example.com", i)}) })
		}, "emails: too many (1001; a contact holds at most 1000)"},
		{"phones", func(c *contact.Contact, n int) {
			many(n, func(i int) { c.Phones = append(c.Phones, contact.Phone{Number: fmt.Sprintf("+1415555%04d", i)}) })
		}, "phones: too many (1001; a contact holds at most 1000)"},
		{"tags", func(c *contact.Contact, n int) {
			many(n, func(i int) { c.Tags = append(c.Tags, fmt.Sprintf("t%d", i)) })
		}, "tags: too many (1001; a contact holds at most 1000)"},
		{"attributes", func(c *contact.Contact, n int) {
			many(n, func(i int) { c.Attributes[fmt.Sprintf("c%d", i)] = "v" })
		}, "attributes: too many (1001; a contact holds at most 1000)"},
	} {
		c := &contact.Contact{FirstName: "Ada", Attributes: map[string]string{}}
		tc.fill(c, contact.MaxValues)
		if err := contact.Normalize(c, "US"); err != nil {
			t.Errorf("%s: %d values refused: %v", tc.name, contact.MaxValues, err)
		}
		c = &contact.Contact{FirstName: "Ada", Attributes: map[string]string{}}
		tc.fill(c, contact.MaxValues+1)
		err := contact.Normalize(c, "US")
		if contact.ErrorCode(err) != contact.EINVALID || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
