// Package lookup implements `rolo lookup`, the reverse lookup behind
// caller-ID and call-screening scripts.
package lookup

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

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
that the block is told with its contact; then not archived, the most recent
activity, the lowest ID) and the others are named on stderr. A blocked
contact in the trash still counts as blocked.

Exit status: 0 when a contact has it, or when it is blocked with no contact;
3 when rolo knows nothing about it; 2 when it is neither a number nor an email.

Formats for scripts, one record on one line:
  -o tsv   a header line (drop it with --no-header), then
           id, name, company, label, match, blocked, until, reason
           (blocked is true or false; until is RFC 3339, "forever" or empty;
           match is the E.164 number or lower-cased address)
  -o json  {"match":..,"id":..,"name":..,"company":..,"label":..,
            "blocked":null or {"until":null or RFC 3339,"reason":..},
            "matches":N}
           (id is null for a number blocked with no contact)`,
		Example: `  rolo lookup "(415) 555-0123"
  rolo lookup +14155550123 -o tsv --no-header | cut -f2
  rolo lookup "$CALLER" -o json | jq -e .blocked==null >/dev/null || echo reject
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

// Result is the one-line JSON record of a lookup.
type Result struct {
	Match   string `json:"match"`
	ID      *int64 `json:"id"`
	Name    string `json:"name"`
	Company string `json:"company"`
	Label   string `json:"label"`
	Blocked *Block `json:"blocked"`
	Matches int    `json:"matches"`
}

// Block is the block in force: until (null for forever) and reason.
type Block struct {
	Until  *time.Time `json:"until"`
	Reason string     `json:"reason"`
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
	res := Result{Match: h.String(), Matches: len(r.Contacts)}
	if r.Block != nil {
		res.Blocked = &Block{Until: r.Block.Until, Reason: r.Block.Reason}
	}
	if len(r.Contacts) > 0 {
		c := r.Contacts[0]
		id := c.ID
		res.ID, res.Name, res.Company, res.Label = &id, c.Name, c.Company, label(c, h)
		if len(r.Contacts) > 1 {
			var others []string
			for _, o := range r.Contacts[1:] {
				others = append(others, fmt.Sprintf("%s (%d)", o.Name, o.ID))
			}
			f.Infof("Also has %s: %s.", h, strings.Join(others, ", "))
		}
	}
	return printResult(f, out, res)
}

func label(c *contact.Contact, h contact.Handle) string {
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

func printResult(f *factory.Factory, out *output.Printer, r Result) error {
	id := ""
	if r.ID != nil {
		id = strconv.FormatInt(*r.ID, 10)
	}
	blocked, until, reason := "false", "", ""
	if r.Blocked != nil {
		blocked, until, reason = "true", contact.Forever, r.Blocked.Reason
		if r.Blocked.Until != nil {
			until = out.Time(r.Blocked.Until)
		}
	}
	switch out.Format {
	case output.JSON, output.NDJSON:
		w := f.IO.DataOut(true)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			return err
		}
		return w.Flush()
	case output.IDs:
		if r.ID == nil {
			return nil
		}
		return out.IDs([]int64{*r.ID})
	case output.Table:
		// Values escaped (output.Text), as in show's card.
		var b strings.Builder
		if id != "" {
			fmt.Fprintf(&b, "%s  #%s", out.Bold(output.Text(r.Name)), id)
			if r.Company != "" && r.Company != r.Name {
				fmt.Fprintf(&b, "  %s", output.Text(r.Company))
			}
			fmt.Fprintf(&b, "\n  %s %s\n", output.Text(r.Label), output.Text(r.Match))
		} else {
			fmt.Fprintf(&b, "%s  (no contact)\n", output.Text(r.Match))
		}
		if r.Blocked != nil {
			end := until
			if r.Blocked.Until != nil {
				end = out.BlockEnd(r.Blocked.Until)
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
		[][]string{{id, r.Name, r.Company, r.Label, r.Match, blocked, until, reason}})
}
