package contact

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestUpcoming(t *testing.T) {
	cs := []Dated{
		{ID: 1, Name: "Ada", Birthday: "1990-06-20"},
		{ID: 2, Name: "Bob", Anniversary: "--06-15"}, // today, no year
		{ID: 3, Name: "Cy", Birthday: "2000-02-29"},  // leap day
		{ID: 4, Name: "Di", Birthday: "1980-06-14"},  // yesterday: next year
		{ID: 5, Name: "Ed", Birthday: "1975-07-15", Anniversary: "2001-07-01"},
		{ID: 6, Name: "Fay"},                         // no dates
		{ID: 7, Name: "Gus", Birthday: "2030-06-16"}, // a date in the future: no age
	}
	format := func(os []Occasion) string {
		var b strings.Builder
		for _, o := range os {
			years := "-"
			if o.Years != nil {
				years = fmt.Sprint(*o.Years)
			}
			fmt.Fprintf(&b, "%s %d %s %s %s\n", o.Date, o.Days, o.Kind, o.Name, years)
		}
		return b.String()
	}
	today := time.Date(2026, 6, 15, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		days int
		want string
	}{
		{0, "2026-06-15 0 anniversary Bob -\n"},
		{5, "2026-06-15 0 anniversary Bob -\n2026-06-16 1 birthday Gus -\n2026-06-20 5 birthday Ada 36\n"},
		{30, "2026-06-15 0 anniversary Bob -\n2026-06-16 1 birthday Gus -\n2026-06-20 5 birthday Ada 36\n" +
			"2026-07-01 16 anniversary Ed 25\n2026-07-15 30 birthday Ed 51\n"},
	}
	for _, tt := range tests {
		if got := format(Upcoming(cs, today, tt.days)); got != tt.want {
			t.Errorf("Upcoming(%d days):\n%s\nwant:\n%s", tt.days, got, tt.want)
		}
	}
	// A year ahead reaches Di's birthday of next year, and the leap day.
	got := format(Upcoming(cs, today, 365))
	for _, want := range []string{"2027-02-28 258 birthday Cy 27\n", "2027-06-14 364 birthday Di 47\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("Upcoming(365) lacks %q:\n%s", want, got)
		}
	}
}

func TestUpcomingLeapDay(t *testing.T) {
	cs := []Dated{{ID: 1, Name: "Leap", Birthday: "2000-02-29"}, {ID: 2, Name: "NoYear", Birthday: "--02-29"}}
	tests := []struct {
		today string
		want  string
	}{
		{"2027-02-27", "2027-02-28"}, // not a leap year: Feb 28
		{"2028-02-27", "2028-02-29"}, // a leap year: Feb 29
		{"2027-03-01", "2028-02-29"}, // after it: next year's, a leap year
	}
	for _, tt := range tests {
		day, _ := time.Parse("2006-01-02", tt.today)
		os := Upcoming(cs, day, 366)
		if len(os) != 2 || os[0].Date != tt.want || os[1].Date != tt.want {
			t.Errorf("from %s: %+v, want both on %s", tt.today, os, tt.want)
		}
	}
}

func TestUpcomingUsesTheCalendarDateOfToday(t *testing.T) {
	// 23:30 on June 14 in New York is already June 15 in UTC; the user's
	// today is June 14.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	today := time.Date(2026, 6, 14, 23, 30, 0, 0, ny)
	os := Upcoming([]Dated{{ID: 1, Name: "A", Birthday: "--06-14"}}, today, 0)
	if len(os) != 1 || os[0].Date != "2026-06-14" || os[0].Days != 0 {
		t.Errorf("got %+v, want today 2026-06-14", os)
	}
}

// TestOccasionDaysHoldUpcoming checks the days the store selects dated
// contacts by: every occasion Upcoming finds falls on one of them (a date
// on none would be left out of rolo birthdays), and none is more than the
// window.
func TestOccasionDaysHoldUpcoming(t *testing.T) {
	// A birthday and an anniversary, with and without a year, on every
	// day of a leap year.
	var cs []Dated
	for day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == 2000; day = day.AddDate(0, 0, 1) {
		cs = append(cs, Dated{ID: int64(len(cs) + 1), Birthday: day.Format("2006-01-02"), Anniversary: day.Format("--01-02")})
	}
	for _, today := range []string{"2026-06-15", "2026-12-30", "2027-02-27", "2027-02-28", "2028-02-27", "2028-02-29", "2027-03-01"} {
		start, _ := time.Parse("2006-01-02", today)
		for _, days := range []int{0, 1, 2, 5, 30, 365, 366} {
			list := OccasionDays(start, days)
			in := map[string]bool{}
			for _, md := range list {
				in[md] = true
			}
			occ := Upcoming(cs, start, days)
			for _, o := range occ {
				if md := o.Since[len(o.Since)-5:]; !in[md] {
					t.Errorf("from %s, %d days: %s (%s) is not among %v", today, days, o.Since, o.Date, list)
				}
			}
			// Each listed day holds at least one occasion of cs (two per
			// contact), so a list no longer than needed matches as many.
			if len(occ) != 2*len(list) {
				t.Errorf("from %s, %d days: %d occasions on %d days %v", today, days, len(occ), len(list), list)
			}
		}
	}
	if got, want := strings.Join(OccasionDays(time.Date(2026, 12, 30, 9, 0, 0, 0, time.UTC), 3), " "), "01-01 01-02 12-30 12-31"; got != want {
		t.Errorf("OccasionDays(2026-12-30, 3) = %s, want %s", got, want)
	}
	if got, want := strings.Join(OccasionDays(time.Date(2027, 2, 27, 0, 0, 0, 0, time.UTC), 1), " "), "02-27 02-28 02-29"; got != want {
		t.Errorf("OccasionDays(2027-02-27, 1) = %s, want %s", got, want)
	}
}

// TestDaysUntilIsUpcomings checks that DaysUntil, by which rolo birthdays
// tells where a day's dates end, counts as Upcoming does, and that the
// order of the days of the year from today (MM-DD from today's, then from
// 01-01: EachDated's) never counts fewer days than the date before it.
func TestDaysUntilIsUpcomings(t *testing.T) {
	for _, today := range []string{"2026-06-15", "2026-12-31", "2027-02-28", "2028-02-28", "2028-02-29", "2027-03-01"} {
		start, _ := time.Parse("2006-01-02", today)
		var dates []string
		for day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == 2000; day = day.AddDate(0, 0, 1) {
			dates = append(dates, day.Format("--01-02"), "1988-"+day.Format("01-02"))
		}
		from := start.Format("01-02")
		sort.SliceStable(dates, func(i, j int) bool {
			a, b := dates[i][len(dates[i])-5:], dates[j][len(dates[j])-5:]
			if (a < from) != (b < from) {
				return b < from
			}
			return a < b
		})
		last := -1
		for _, date := range dates {
			days, ok := DaysUntil(date, start)
			occ := Upcoming([]Dated{{ID: 1, Birthday: date}}, start, 366)
			if !ok || len(occ) != 1 || occ[0].Days != days {
				t.Errorf("from %s: DaysUntil(%s) = %d, %v; Upcoming: %+v", today, date, days, ok, occ)
			}
			if days < last {
				t.Errorf("from %s: %s is %d days away, after a date %d days away", today, date, days, last)
			}
			last = days
		}
	}
	if _, ok := DaysUntil("", time.Now()); ok {
		t.Error(`DaysUntil("") is ok`)
	}
}
