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
	// The dates come in the order of the days of the year from today,
	// a page at a time; the dates of each day are sorted as Upcoming
	// sorts them, and once about a page of them is kept (never a day cut
	// in two) they are printed before more are read, so that a year
	// ahead on a million contacts does not hold them all.
	var run []contact.Dated
	runDays := -1
	each := func(page func([]contact.Occasion) error) error {
		flush := func() error {
			occ := contact.Upcoming(run, today, opts.Days)
			run = nil
			if len(occ) == 0 {
				return nil
			}
			return page(occ)
		}
		err := st.EachDated(ctx, contact.OccasionDays(today, opts.Days), today.Format("01-02"), factory.PageSize, func(ds []contact.Dated) error {
			for _, d := range ds {
				days, ok := contact.DaysUntil(d.Birthday+d.Anniversary, today)
				if ok && days != runDays {
					if len(run) >= factory.PageSize {
						if err := flush(); err != nil {
							return err
						}
					}
					runDays = days
				}
				run = append(run, d)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	}
	headers := []string{"date", "days", "kind", "id", "name", "years"}
	row := func(o contact.Occasion) []string {
		years := ""
		if o.Years != nil {
			years = strconv.Itoa(*o.Years)
		}
		in := strconv.Itoa(o.Days)
		if out.Human() {
			in = when(o.Days)
		}
		return []string{o.Date, in, o.Kind, strconv.FormatInt(o.ContactID, 10), o.Name, years}
	}
	if out.Format == output.IDs {
		// Each contact once, at its first occasion.
		seen := map[int64]bool{}
		dated := each
		each = func(page func([]contact.Occasion) error) error {
			return dated(func(occ []contact.Occasion) error {
				var first []contact.Occasion
				for _, o := range occ {
					if !seen[o.ContactID] {
						seen[o.ContactID] = true
						first = append(first, o)
					}
				}
				return page(first)
			})
		}
		headers = []string{"id"}
		row = func(o contact.Occasion) []string { return []string{strconv.FormatInt(o.ContactID, 10)} }
	}
	return output.Pages(out, headers, row, each)
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
