// Package birthdays implements `rolo birthdays`.
package birthdays

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/rolo-cli/rolo/internal/cmd/factory"
	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/output"
)

// BirthdaysOptions are birthdays' inputs.
type BirthdaysOptions struct {
	F    *factory.Factory
	Days int
}

// NewCmdBirthdays returns the birthdays command.
func NewCmdBirthdays(f *factory.Factory, runF func(context.Context, *BirthdaysOptions) error) *cobra.Command {
	opts := &BirthdaysOptions{F: f}
	cmd := &cobra.Command{
		Use:   "birthdays",
		Short: "Upcoming birthdays and anniversaries",
		Long: `List the birthdays and anniversaries coming in the next N days (default 30),
soonest first: from today (today is in) to today + N. Today is the date in
your local time zone (TZ). Dates are printed as YYYY-MM-DD whatever the
locale; "years" is the age turned or the years married, empty for a date
stored without a year (--MM-DD), which is listed all the same.

A February 29 is shown on February 28 in years without one.
Archived contacts and the trash are left out.`,
		Example: `  rolo birthdays
  rolo birthdays --days 7
  rolo birthdays --days 365 -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Days < 0 || opts.Days > 366 {
				return contact.Errorf(contact.EINVALID, "--days: %d must be between 0 and 366", opts.Days)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return birthdaysRun(cmd.Context(), opts)
		},
	}
	factory.IntVar(cmd.Flags(), &opts.Days, "days", 30, "look `N` days ahead")
	return cmd
}

func birthdaysRun(ctx context.Context, opts *BirthdaysOptions) error {
	f := opts.F
	out, err := f.Printer()
	if err != nil {
		return err
	}
	st, err := f.ReadStore(ctx)
	if err != nil {
		return err
	}
	today := f.Now().Local()
	cs, err := st.DatedContacts(ctx, contact.OccasionDays(today, opts.Days))
	if err != nil {
		return err
	}
	occ := contact.Upcoming(cs, today, opts.Days)
	switch out.Format {
	case output.JSON, output.NDJSON:
		return out.JSONList(len(occ), func(i int) any { return occ[i] })
	case output.IDs:
		ids := make([]int64, len(occ))
		for i, o := range occ {
			ids[i] = o.ContactID
		}
		return out.IDs(ids)
	}
	rows := make([][]string, len(occ))
	for i, o := range occ {
		years := ""
		if o.Years != nil {
			years = strconv.Itoa(*o.Years)
		}
		in := strconv.Itoa(o.Days)
		if out.Human() {
			in = when(o.Days)
		}
		rows[i] = []string{o.Date, in, o.Kind, strconv.FormatInt(o.ContactID, 10), o.Name, years}
	}
	return out.Rows([]string{"date", "days", "kind", "id", "name", "years"}, rows)
}

func when(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return "in " + strconv.Itoa(days) + " days"
}
