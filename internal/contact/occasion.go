package contact

import (
	"sort"
	"strings"
	"time"
)

// Occasion kinds.
const (
	OccasionBirthday    = "birthday"
	OccasionAnniversary = "anniversary"
)

// Occasion is a coming birthday or anniversary of a contact.
type Occasion struct {
	Date      string `json:"date"` // the coming day, YYYY-MM-DD
	Days      int    `json:"days"` // days from today (0 is today)
	Kind      string `json:"kind"` // birthday or anniversary
	ContactID int64  `json:"contact_id"`
	Name      string `json:"name"`
	Since     string `json:"since"` // the date as stored: YYYY-MM-DD or --MM-DD
	Years     *int   `json:"years"` // the age turned or years married; null without a year
}

// Dated is what Upcoming reads of a contact: its ID, name and dates
// (YYYY-MM-DD or --MM-DD, empty when not known).
type Dated struct {
	ID          int64
	Name        string
	Birthday    string
	Anniversary string
}

// Upcoming lists the birthdays and anniversaries of cs that fall from
// today to today+days (both included), soonest first. today's calendar date
// is used as is, in its own location. Dates stored without a year (--MM-DD)
// are included, without Years. A February 29 is kept on February 28 in years
// that have no February 29, so that it stays in its month.
func Upcoming(cs []Dated, today time.Time, days int) []Occasion {
	y, m, d := today.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	out := []Occasion{}
	for _, c := range cs {
		for _, o := range []struct{ kind, date string }{{OccasionBirthday, c.Birthday}, {OccasionAnniversary, c.Anniversary}} {
			if o.date == "" {
				continue
			}
			on, years, ok := nextOccurrence(o.date, start)
			if !ok {
				continue
			}
			n := int(on.Sub(start).Hours() / 24)
			if n > days {
				continue
			}
			oc := Occasion{Date: on.Format("2006-01-02"), Days: n, Kind: o.kind, ContactID: c.ID, Name: c.Name, Since: o.date}
			if years >= 0 {
				oc.Years = &years
			}
			out = append(out, oc)
		}
	}
	// Soonest first, then by name ignoring case (lowered once per
	// occasion rather than in every comparison), ID and kind.
	keyed := make([]struct {
		name string
		o    Occasion
	}, len(out))
	for i, o := range out {
		keyed[i].name, keyed[i].o = strings.ToLower(o.Name), o
	}
	sort.Slice(keyed, func(i, j int) bool {
		a, b := &keyed[i], &keyed[j]
		switch {
		case a.o.Days != b.o.Days:
			return a.o.Days < b.o.Days
		case a.name != b.name:
			return a.name < b.name
		case a.o.ContactID != b.o.ContactID:
			return a.o.ContactID < b.o.ContactID
		}
		return a.o.Kind < b.o.Kind
	})
	for i := range keyed {
		out[i] = keyed[i].o
	}
	return out
}

// DaysUntil is how many days from today (its calendar date, in its own
// location) the date (YYYY-MM-DD or --MM-DD) next falls on, as Upcoming
// counts them; ok is false for a date that is neither.
func DaysUntil(date string, today time.Time) (days int, ok bool) {
	y, m, d := today.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	on, _, ok := nextOccurrence(date, start)
	if !ok {
		return 0, false
	}
	return int(on.Sub(start).Hours() / 24), true
}

// OccasionDays lists the days of the year (MM-DD, sorted) from today to
// today+days, both included, on which a birthday or anniversary falls:
// each calendar day, and 02-29 where February 28 of a year without a
// February 29 is in (Upcoming shows those dates on it). A date stored on
// any other day is not in the window; one on these may still fall outside
// it in the coming year, which Upcoming decides.
func OccasionDays(today time.Time, days int) []string {
	y, m, d := today.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for i := 0; i <= days; i++ {
		day := start.AddDate(0, 0, i)
		seen[day.Format("01-02")] = true
		if day.Month() == time.February && day.Day() == 28 && !isLeap(day.Year()) {
			seen["02-29"] = true
		}
	}
	out := make([]string, 0, len(seen))
	for md := range seen {
		out = append(out, md)
	}
	sort.Strings(out)
	return out
}

// nextOccurrence finds the first day on or after start (a UTC midnight)
// that a stored date (YYYY-MM-DD or --MM-DD) recurs on, and the years
// since it (-1 when the date has no year or lies in the future).
func nextOccurrence(date string, start time.Time) (time.Time, int, bool) {
	year := -1
	var md string
	switch {
	case strings.HasPrefix(date, "--") && len(date) == 7:
		md = date[2:]
	case len(date) == 10:
		t, err := time.Parse("2006-01-02", date)
		if err != nil {
			return time.Time{}, 0, false
		}
		year, md = t.Year(), date[5:]
	default:
		return time.Time{}, 0, false
	}
	month, day := 0, 0
	if t, err := time.Parse("2006-01-02", "2000-"+md); err == nil {
		month, day = int(t.Month()), t.Day()
	} else {
		return time.Time{}, 0, false
	}
	for y := start.Year(); y <= start.Year()+1; y++ {
		on := dayIn(y, month, day)
		if !on.Before(start) {
			years := -1
			if year >= 0 && y >= year {
				years = y - year
			}
			return on, years, true
		}
	}
	return time.Time{}, 0, false
}

// dayIn is month/day in year y, with February 29 on February 28 when y
// is not a leap year.
func dayIn(y, month, day int) time.Time {
	if month == 2 && day == 29 && !isLeap(y) {
		day = 28
	}
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }
