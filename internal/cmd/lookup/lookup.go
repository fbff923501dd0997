// Package lookup implements `rolo lookup`, the reverse lookup behind
// caller-ID and call-screening scripts.
package lookup

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// LookupOptions are lookup's inputs.
type LookupOptions struct {
	F     *factory.Factory
	Value string
}

// NewCmdLookup returns the lookup command.
func NewCmdLookup(f *factory.Factory, runF func(context.Context, *LookupOptions) error) *cobra.Command {
	opts := &LookupOptions{F: f}
	cmd := &cobra.Command{
		Use:   "lookup NUMBER|EMAIL",
		Short: "Who is this number or email? Is it blocked?",
		Long: `Reverse lookup for caller ID and call screening: print the contact that has
a phone number or email address, and whether it is blocked.

NUMBER may be written in any formatting; without a leading + it is read in
the profile's region. The lookup is one indexed query on the E.164 form (or
the lower-cased address), so it stays fast on large address books. When
several contacts have it, the best match is printed (a blocked one first, so
that the block is told with its contact, the one whose block ends last; then
not archived, the most recent activity, the lowest ID) and the others are
named on stderr. A blocked
contact in the trash still counts as blocked.

Exit status: 0 when a contact has it, or when it is blocked with no contact;
3 when rolo knows nothing about it; 2 when it is neither a number nor an email.

Formats for scripts:
  -o tsv     a header line (drop it with --no-header), then one line:
             id, name, company, label, match, blocked, until, reason
             (blocked is true or false; until is RFC 3339, "forever" or empty;
             match is the E.164 number or lower-cased address)
  -o json    the contact object list and show print (id, uid, name, phones,
             emails, ..., blocked), with three keys more: match, label (the
             number's or address's label on the contact) and matches (how
             many contacts have it); -o ndjson prints it on one line.
             blocked is the block in force on NUMBER|EMAIL, null or
             {"until":null or RFC 3339,"reason","by","created_at"}.
             A number blocked with no contact is
             {"id":null,"name":"","company":"","match":..,"label":"",
              "blocked":{..},"matches":0}`,
		Example: `  rolo lookup "(415) 555-0123"
  rolo lookup +14155550123 -o tsv --no-header | cut -f2
  [ "$(rolo lookup "$CALLER" -o json | jq '.blocked != null')" = true ] &&
    echo reject
  rolo lookup ada@example.com`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Value = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return lookupRun(cmd.Context(), opts)
		},
	}
	return cmd
}

// Result is lookup's JSON record: the contact, as list and show print it,
// and what was looked up. Its block is the block in force on Match, which
// may be on the number itself rather than on the contact.
type Result struct {
	*contact.Contact
	Match   string `json:"match"`
	Label   string `json:"label"`
	Matches int    `json:"matches"`
}

// NoContact is lookup's JSON record for a number or email blocked with no
// contact: the keys a caller-ID script reads, with a null id.
type NoContact struct {
	ID      *int64         `json:"id"`
	Name    string         `json:"name"`
	Company string         `json:"company"`
	Match   string         `json:"match"`
	Label   string         `json:"label"`
	Blocked *contact.Block `json:"blocked"`
	Matches int            `json:"matches"`
}

func lookupRun(ctx context.Context, opts *LookupOptions) error {
	f := opts.F
	p, err := f.Profile()
	if err != nil {
		return err
	}
	out, err := f.Printer()
	if err != nil {
		return err
	}
	h, err := contact.ParseHandle(opts.Value, p.Region)
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	r, err := st.Lookup(ctx, h)
	if err != nil {
		return err
	}
	if len(r.Contacts) == 0 && r.Block == nil {
		return contact.Errorf(contact.ENOTFOUND, "no contact has %s", h)
	}
	ext := contact.PhoneExtension(opts.Value)
	if h.E164 != "" && ext != "" {
		preferExtension(r, h.E164, ext)
	}
	if len(r.Contacts) > 1 {
		var others []string
		for _, o := range r.Contacts[1:] {
			others = append(others, fmt.Sprintf("%s (%d)", o.Name, o.ID))
		}
		f.Infof("Also has %s: %s.", h, strings.Join(others, ", "))
	}
	res := Result{Match: h.String(), Matches: len(r.Contacts)}
	if len(r.Contacts) > 0 {
		c := *r.Contacts[0]
		c.Blocked = r.Block
		res.Contact, res.Label = &c, label(&c, h, ext)
	}
	return printResult(f, out, res, r.Block)
}

// preferExtension puts first, of the contacts that have the number e164,
// the one that has it with the extension ext asked for (Front at x12,
// Back at x13 of one switchboard), unless the first is the contact whose
// block is told.
func preferExtension(r *contact.LookupResult, e164, ext string) {
	cs := r.Contacts
	if len(cs) < 2 || r.Block != nil && cs[0].Blocked == r.Block {
		return
	}
	for i, c := range cs {
		if c.HasNumber(e164, ext) {
			copy(cs[1:i+1], cs[:i])
			cs[0] = c
			return
		}
	}
}

// label is the label of the number or email h on c: of the number with
// the extension ext, when c has it so.
func label(c *contact.Contact, h contact.Handle, ext string) string {
	for _, p := range c.Phones {
		if h.E164 != "" && p.E164 == h.E164 && contact.PhoneExtension(p.Number) == ext {
			return p.Label
		}
	}
	for _, p := range c.Phones {
		if h.E164 != "" && p.E164 == h.E164 {
			return p.Label
		}
	}
	for _, e := range c.Emails {
		if h.Email != "" && e.Address == h.Email {
			return e.Label
		}
	}
	return ""
}

// printResult prints r, whose Contact is nil for a number or email blocked
// with no contact; block is the block in force on it.
func printResult(f *factory.Factory, out *output.Printer, r Result, block *contact.Block) error {
	id, name, company := "", "", ""
	if c := r.Contact; c != nil {
		id, name, company = strconv.FormatInt(c.ID, 10), c.Name, c.Company
	}
	blocked, until, reason := "false", "", ""
	if block != nil {
		blocked, until, reason = "true", contact.Forever, block.Reason
		if block.Until != nil {
			until = out.Time(block.Until)
		}
	}
	switch out.Format {
	case output.JSON, output.NDJSON:
		if r.Contact == nil {
			return out.JSON(NoContact{Match: r.Match, Blocked: block})
		}
		return out.JSON(r)
	case output.IDs:
		if r.Contact == nil {
			return nil
		}
		return out.IDs([]int64{r.ID})
	case output.Table:
		// Values escaped (output.Text), as in show's card.
		var b strings.Builder
		if id != "" {
			fmt.Fprintf(&b, "%s  #%s", out.Bold(output.Text(name)), id)
			if company != "" && company != name {
				fmt.Fprintf(&b, "  %s", output.Text(company))
			}
			fmt.Fprintf(&b, "\n  %s %s\n", output.Text(r.Label), output.Text(r.Match))
		} else {
			fmt.Fprintf(&b, "%s  (no contact)\n", output.Text(r.Match))
		}
		if block != nil {
			end := until
			if block.Until != nil {
				end = out.BlockEnd(block.Until)
			}
			fmt.Fprintf(&b, "  BLOCKED %s", end)
			if reason != "" {
				fmt.Fprintf(&b, ": %s", output.Text(reason))
			}
			b.WriteString("\n")
		} else {
			b.WriteString("  not blocked\n")
		}
		_, err := fmt.Fprint(f.IO.Out, b.String())
		return err
	}
	return out.Rows([]string{"id", "name", "company", "label", "match", "blocked", "until", "reason"},
		[][]string{{id, name, company, r.Label, r.Match, blocked, until, reason}})
}
