// Package email implements `rolo email`, the address query for mail
// clients (mutt's query_command, aerc's address-book-cmd).
package email

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
	"github.com/rolo-cli/rolo/internal/query"
)

// EmailOptions are email's inputs.
type EmailOptions struct {
	F     *factory.Factory
	Query string
}

// Address is one line of the answer.
type Address struct {
	Address   string `json:"address"`
	Name      string `json:"name"`
	Label     string `json:"label"`
	ContactID int64  `json:"contact_id"`
}

// NewCmdEmail returns the email command.
func NewCmdEmail(f *factory.Factory, runF func(context.Context, *EmailOptions) error) *cobra.Command {
	opts := &EmailOptions{F: f}
	cmd := &cobra.Command{
		Use:   "email QUERY",
		Short: "Email addresses for mail clients (mutt, aerc)",
		Long: `Print the email addresses of the contacts QUERY matches, in the format mail
clients read: a first status line, then one line per address:

  address<TAB>name<TAB>label

--no-header drops the status line (aerc). QUERY is the query language of
rolo list (a free word matches names, company, emails, ... by prefix).
Contacts are in name order, each with all its addresses. Archived contacts
are left out unless the query says is:archived. -o json prints an array of
{"address", "name", "label", "contact_id"} instead.

Exit status: 0 with at least one address, 3 when nothing matches (the status
line is still printed for mutt to show, except at a terminal, where the
message on stderr says it once), 2 for a malformed or blank query.

mutt (muttrc):      set query_command = "rolo email %s"
aerc (aerc.conf):   address-book-cmd = rolo email --no-header "%s"`,
		Example: `  rolo email ada
  rolo email --no-header acme
  rolo email tag:vip -o json`,
		Args:              factory.RequiredQuery,
		ValidArgsFunction: f.CompleteQuery(contact.ScopeActive),
		Annotations: map[string]string{factory.QueryArgs: "true",
			factory.OutputFormats: strings.Join(formats, ",")},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = strings.TrimSpace(strings.Join(args, " "))
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return emailRun(cmd.Context(), opts)
		},
	}
	return cmd
}

// formats are the -o formats email takes: its mail-client lines (a table
// on a terminal) or JSON.
var formats = []string{output.Table, output.TSV, output.JSON, output.NDJSON}

func emailRun(ctx context.Context, opts *EmailOptions) error {
	f := opts.F
	// ContactPrinter, not Printer: -o vcard is refused below with the
	// formats email takes, not Printer's list (csv, ids) that it refuses too.
	out, err := f.ContactPrinter()
	if err != nil {
		return err
	}
	if !slices.Contains(formats, out.Format) {
		return contact.Errorf(contact.EINVALID, "--output: email prints the mail-client format, or json/ndjson, not %s", out.Format)
	}
	// Checked alone first, so that a mistake is quoted as typed, without
	// the has:email added below.
	if _, err := query.Parse(opts.Query); err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	// Of each contact only its name and emails are printed: its other
	// parts are not read (twice as fast on 100,000 contacts).
	// The contacts are read a page at a time (EachFound) and only their
	// addresses kept: a query that matches most of a million contacts
	// (a common domain) held every contact at once, 1.5 GB.
	filter := contact.Filter{Query: opts.Query + " has:email", Sort: []string{"name"},
		Skip: contact.AllParts &^ contact.PartEmails}
	n := 0
	each := func(page func([]Address) error) error {
		return st.EachFound(ctx, filter, factory.PageSize, func(cs []*contact.Contact) error {
			var addrs []Address
			for _, c := range cs {
				for _, e := range c.Emails {
					addrs = append(addrs, Address{Address: e.Address, Name: c.Name, Label: e.Label, ContactID: c.ID})
				}
			}
			n += len(addrs)
			return page(addrs)
		})
	}
	switch out.Format {
	case output.JSON, output.NDJSON:
		if err := output.Pages(out, nil, nil, each); err != nil {
			return err
		}
	default:
		// The status line, which counts the addresses, comes first: the
		// lines are kept until the count is known, as text, a page's in
		// one piece (one growing buffer would copy them all again and
		// again).
		var lines [][]byte
		err := each(func(addrs []Address) error {
			var b bytes.Buffer
			for _, a := range addrs {
				fmt.Fprintf(&b, "%s\t%s\t%s\n", a.Address, a.Name, a.Label)
			}
			lines = append(lines, b.Bytes())
			return nil
		})
		if err != nil {
			return err
		}
		stdout := f.IO.DataOut(false)
		w := bufio.NewWriter(stdout)
		// At a terminal "no match" is the error on stderr alone: the
		// status line is for mutt, which reads stdout through a pipe.
		if !out.NoHeader && (n > 0 || !f.IO.IsStdoutTTY()) {
			switch n {
			case 0:
				fmt.Fprintf(w, "rolo: no email address matches %q\n", opts.Query)
			case 1:
				fmt.Fprintf(w, "rolo: 1 address matches %q\n", opts.Query)
			default:
				fmt.Fprintf(w, "rolo: %d addresses match %q\n", n, opts.Query)
			}
		}
		for _, b := range lines {
			w.Write(b)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if err := stdout.Flush(); err != nil {
			return err
		}
	}
	if n == 0 {
		return contact.Errorf(contact.ENOTFOUND, "no email address matches %q", opts.Query)
	}
	return nil
}
