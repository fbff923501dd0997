package gen

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/rolo-cli/rolo/internal/contact"
)

// CSVHeader is the header WriteCSV writes: 16 columns of rolo's import
// template, with the names `rolo template` uses.
var CSVHeader = []string{"first", "last", "nickname", "company", "title", "department", "type", "level",
	"birthday", "language", "phones", "emails", "addresses", "tags", "attributes", "notes"}

// WriteCSV writes the contacts of Generate(seed, n) as rolo's template CSV
// (see CSVHeader), streaming: the way a spreadsheet of n contacts to import
// looks. Multi-valued cells hold one LABEL=VALUE per line, as the template
// says; the known duplicates are there too.
func WriteCSV(w io.Writer, seed int64, n int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	var err error
	row := make([]string, len(CSVHeader))
	Contacts(seed, n, func(c *contact.Contact) bool {
		var phones, emails, addrs, attrs, notes []string
		for _, p := range c.Phones {
			phones = append(phones, p.Label+"="+p.Number)
		}
		for _, e := range c.Emails {
			emails = append(emails, e.Label+"="+e.Address)
		}
		for _, a := range c.Addresses {
			addrs = append(addrs, a.Label+"="+strings.Join([]string{a.Street, a.City, a.State, a.Zip, a.Country}, ";"))
		}
		for _, k := range c.SortedAttributeKeys() {
			attrs = append(attrs, k+"="+c.Attributes[k])
		}
		for _, note := range c.Notes {
			notes = append(notes, note.Text)
		}
		copy(row, []string{c.FirstName, c.LastName, c.Nickname, c.Company, c.Title, c.Department, c.Type, c.Level,
			c.Birthday, c.Language, strings.Join(phones, "\n"), strings.Join(emails, "\n"), strings.Join(addrs, "\n"),
			strings.Join(c.Tags, ","), strings.Join(attrs, "\n"), strings.Join(notes, "\n")})
		err = cw.Write(row)
		return err == nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
