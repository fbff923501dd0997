package contact

import (
	"strconv"
	"strings"
	"time"

	"github.com/rolo-cli/rolo/internal/lazyre"
)

// Times on the command line (block --for and --until, log --at and
// --duration) and the days of a query (created:2026-06-01). Calendar
// forms without a zone (YYYY-MM-DD, YYYY-MM-DD HH:MM, today, tomorrow,
// next-week, next-month) are read in the local time zone (TZ, else the
// system's), as tables show times and as git and ls read them, so that a
// time shown can be typed back; RFC 3339 with an offset or Z is that
// instant. Ages (1d, 3d ago) are elapsed time, whatever the zone.

// ShowTime renders a time for a message as the output shows times
// (output.Printer.Moment: local, in the date format, on a terminal); nil
// is RFC 3339 in UTC.
type ShowTime func(time.Time) string

func (f ShowTime) of(t time.Time) string {
	if f == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return f(t)
}

// Forever is what --for takes for a block that never ends.
const Forever = "forever"

var ageRE = lazyre.New(`^(\d+)\s*(m|min|h|d|w|mo|y)$`)

// ParseFor reads the length of a block: a count and a unit (m minutes,
// h hours, d days, w weeks, mo calendar months, y years: 1h, 1d, 1w, 1mo,
// 90m) or "forever". It returns when the block ends counted from now, or nil
// for forever.
func ParseFor(s string, now time.Time) (*time.Time, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == Forever {
		return nil, nil
	}
	t, ok := addAge(now, v, 1)
	if !ok {
		return nil, invalidField("--for", s, "is not a length (use 1h, 1d, 1w, 1mo, 1y, 30m or forever)")
	}
	if !t.After(now) {
		return nil, invalidField("--for", s, "must be longer than zero")
	}
	// Times are stored as YYYY-MM-DD... in UTC: a block ending after the
	// year 9999 there would compare as ended at once.
	if t.UTC().Year() > 9999 {
		return nil, invalidField("--for", s, "ends after the year 9999; use forever")
	}
	return &t, nil
}

// addAge moves t by an age such as "3d" or "1mo", forwards (sign 1) or
// backwards (sign -1). Months are calendar months; a day that does not
// exist in the target month becomes its last day (Jan 31 + 1mo = Feb 28).
// Days, weeks, months and years are counted in UTC, not in the zone t
// carries: a day is 24 hours across a daylight-saving change, and a block
// ends at the same instant whatever the machine's zone. It reports false
// only for text that is not an age: any count is an age, and one reaching
// more than maxAgeYears away (however many digits it has) moves t by
// maxAgeYears instead, past the years the callers take (1900 to 9999),
// so that they refuse it with their limit rather than the arithmetic
// overflowing.
func addAge(t time.Time, age string, sign int) (time.Time, bool) {
	m := ageRE().FindStringSubmatch(age)
	if m == nil {
		return time.Time{}, false
	}
	t = t.UTC()
	far := t.AddDate(sign*maxAgeYears, 0, 0)
	// The count is digits only: an error is a count past int64.
	n, err := strconv.ParseInt(m[1], 10, 64)
	switch m[2] {
	case "mo", "y":
		perUnit := map[string]int64{"mo": 1, "y": 12}[m[2]]
		if err != nil || n > maxAgeYears*12/perUnit {
			return far, true
		}
		return AddMonths(t, sign*int(n*perUnit)), true
	}
	perUnit := map[string]int64{"m": 1, "min": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}[m[2]]
	if err != nil || n > maxAgeYears*366*24*60/perUnit {
		return far, true
	}
	// In whole days and minutes: a time.Duration holds only 292 years.
	minutes := n * perUnit
	return t.AddDate(0, 0, sign*int(minutes/(24*60))).Add(time.Duration(sign) * time.Duration(minutes%(24*60)) * time.Minute), true
}

// maxAgeYears bounds the arithmetic of an age (block --for, log --at):
// further than any time rolo stores, from any now.
const maxAgeYears = 10000

// AddMonths moves t by n calendar months (back when n < 0). A day that does
// not exist in the target month becomes its last day: Jan 31 + 1 month is
// Feb 28, and Mar 31 - 1 month is Feb 28 too.
func AddMonths(t time.Time, n int) time.Time {
	y, mo, d := t.Date()
	first := time.Date(y, mo, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location()).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// localLayouts are the absolute time forms without a zone that rolo
// reads, as local times; RFC 3339 carries its own.
var localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", dayLayout}

// ParseAbsolute reads a time as block --until and log --at take one
// written out: RFC 3339, or one of localLayouts (YYYY-MM-DD is the start
// of that day) in the local zone. An import reads the end of a block with
// it too, so that a file's 2026-12-31 is the time block --until
// 2026-12-31 sets.
func ParseAbsolute(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, rfc3339Form(s)); err == nil {
		if OffsetPast2359(s) {
			return time.Time{}, false
		}
		return t.UTC(), true
	}
	for _, l := range localLayouts {
		// Read as a wall clock, then placed in the local zone
		// (LocalTime), also where the clocks skip it.
		if w, err := time.Parse(l, s); err == nil {
			return LocalTime(w).UTC(), true
		}
	}
	return time.Time{}, false
}

// rfc3339Form is s with the letters RFC 3339 lets a time write in small
// letters (2026-06-01t10:00:00z), or a space for the T (its section 5.6
// allows one, as SQL and many logs write it), as Go's parser reads them:
// in capitals.
func rfc3339Form(s string) string {
	if len(s) > 10 && (s[10] == 't' || s[10] == ' ') {
		s = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	return s
}

// dayLayout is a day without a time: YYYY-MM-DD.
const dayLayout = "2006-01-02"

// OffsetPast2359 reports whether s, a time that time.Parse read with a
// zone offset (+hh:mm as RFC 3339 writes it, or +hhmm as vCards may), has
// one past 23:59: Go's parser takes one up to +24:59 (and minutes up to
// 60), where RFC 3339's go to 23:59. Z is no offset.
func OffsetPast2359(s string) bool {
	n := len(s)
	switch {
	case n < 6 || s[n-1] == 'Z' || s[n-1] == 'z':
		return false
	case s[n-3] == ':':
		return s[n-5:n-3] > "23" || s[n-2:] > "59"
	}
	return s[n-4:n-2] > "23" || s[n-2:] > "59"
}

// pastOffset is the error for s, read as RFC 3339, when its offset is
// past 23:59 (OffsetPast2359), or nil.
func pastOffset(field, s string) error {
	if _, err := time.Parse(time.RFC3339, rfc3339Form(s)); err != nil || !OffsetPast2359(s) {
		return nil
	}
	return invalidField(field, s, "has an offset past 23:59 ("+s[len(s)-6:]+"); RFC 3339 offsets go from -23:59 to +23:59")
}

// parseAbsolute reads an absolute time for flag (ParseAbsolute). forms is
// what the refusal of text in none of its forms suggests.
func parseAbsolute(flag, s, forms string) (time.Time, error) {
	if err := pastOffset(flag, s); err != nil {
		return time.Time{}, err
	}
	if t, ok := ParseAbsolute(s); ok {
		return t, nil
	}
	return time.Time{}, invalidField(flag, s, "is not a time (use "+forms+")")
}

// startOfDay is the local midnight that starts the local day days after
// t's (before it when days < 0): a day is 23 or 25 hours across a
// daylight-saving change.
func startOfDay(t time.Time, days int) time.Time {
	y, m, d := t.In(time.Local).Date()
	return LocalMidnight(y, m, d+days)
}

// LocalMidnight is the first instant of the local day y-m-d (d may run
// past the month, as time.Date normalizes it). Where a zone's clocks
// jump forward at midnight (America/Santiago, America/Havana), the day
// has no 00:00 and starts at the jump, 01:00: time.Date would give the
// 23:00 before it, in the day before.
func LocalMidnight(y int, m time.Month, d int) time.Time {
	return LocalTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// LocalTime is the instant the local clocks read w's wall clock (its
// date and time, its zone ignored). A wall clock the clocks skip, in the
// hour summer time starts, is read with the offset in force before the
// jump, as RFC 5545 (iCalendar) reads it: 02:30 on the night New York's
// clocks go from 02:00 to 03:00 is 03:30, and a midnight skipped is the
// jump itself, the start of that day. time.Date may give an instant
// before the jump instead (01:30, or 23:00 of the day before). An
// ambiguous wall clock (the hour repeated when summer time ends) is the
// instant time.Date gives, which differs by zone (New York's first 01:30,
// London's second).
func LocalTime(w time.Time) time.Time {
	y, mo, d := w.Date()
	h, mi, sec := w.Clock()
	t := time.Date(y, mo, d, h, mi, sec, w.Nanosecond(), time.Local)
	wall := time.Date(y, mo, d, h, mi, sec, w.Nanosecond(), time.UTC)
	if read := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC); read.Equal(wall) {
		return t
	}
	// Skipped: the offset before the jump is t's own when t reads
	// earlier (it is before the jump), else the zone's before t's.
	_, off := t.Zone()
	if t.After(wall.Add(-time.Duration(off) * time.Second)) {
		start, _ := t.ZoneBounds()
		_, off = start.Add(-time.Nanosecond).Zone()
	}
	return wall.Add(-time.Duration(off) * time.Second).In(time.Local)
}

// LocalDay reads a day in a query (created:2026-06-01, YYYY-MM-DD) as
// that local day: it returns the first instants of it and of the next
// day, 23 or 25 hours apart across a daylight-saving change.
func LocalDay(s string) (start, next time.Time, ok bool) {
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	y, m, d := t.Date()
	return LocalMidnight(y, m, d), LocalMidnight(y, m, d+1), true
}

// ParseUntil reads when a block ends: RFC 3339 (2026-07-01T09:00:00+02:00),
// YYYY-MM-DD (the local midnight that starts it), YYYY-MM-DD HH:MM[:SS]
// (local), or tomorrow (local midnight), next-week (midnight starting next
// Monday), next-month (midnight starting the 1st of next month). It must
// be after now, which a refusal shows with show (ShowTime).
func ParseUntil(s string, now time.Time, show ShowTime) (time.Time, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	var t time.Time
	switch v {
	case "tomorrow":
		t = startOfDay(now, 1)
	case "next-week", "next week":
		days := (8 - int(now.In(time.Local).Weekday())) % 7
		if days == 0 {
			days = 7
		}
		t = startOfDay(now, days)
	case "next-month", "next month":
		y, m, _ := now.In(time.Local).Date()
		t = LocalMidnight(y, m+1, 1)
	default:
		var err error
		if t, err = parseAbsolute("--until", strings.TrimSpace(s), "YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" (local time), RFC 3339, tomorrow, next-week or next-month"); err != nil {
			return time.Time{}, err
		}
	}
	if !t.After(now) {
		return time.Time{}, invalidField("--until", s, "is not in the future (now is "+show.of(now)+")")
	}
	// As for --for: a time past the year 9999 (in UTC) would compare as
	// ended at once.
	if t.UTC().Year() > 9999 {
		return time.Time{}, invalidField("--until", s, "ends after the year 9999; use --for forever")
	}
	return t.UTC(), nil
}

// ParseWhen reads when something happened (log --at): now, today or
// yesterday (the local midnight that starts it), an age and "ago" (2h ago,
// 3d ago), or an absolute time as ParseUntil takes it. It must not be in
// the future, as a refusal says showing now with show (ShowTime).
func ParseWhen(s string, now time.Time, show ShowTime) (time.Time, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	var t time.Time
	switch {
	case v == "now":
		t = now
	case v == "today":
		t = startOfDay(now, 0)
	case v == "yesterday":
		t = startOfDay(now, -1)
	case strings.HasSuffix(v, " ago"):
		var ok bool
		if t, ok = addAge(now, strings.TrimSpace(strings.TrimSuffix(v, " ago")), -1); !ok {
			return time.Time{}, invalidField("--at", s, "is not an age (examples: 30m ago, 2h ago, 3d ago)")
		}
	default:
		var err error
		if t, err = parseAbsolute("--at", strings.TrimSpace(s), "now, yesterday, \"2h ago\", YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" (local time) or RFC 3339"); err != nil {
			return time.Time{}, err
		}
	}
	if t.After(now) {
		return time.Time{}, invalidField("--at", s, "is in the future (now is "+show.of(now)+")")
	}
	// The year 1 is Go's "no time", which would be read as "now". The
	// year is the stored one, in UTC, which an import checks.
	if t.UTC().Year() < FirstInteractionYear {
		return time.Time{}, invalidField("--at", s, "is before "+strconv.Itoa(FirstInteractionYear))
	}
	return t.UTC().Truncate(time.Second), nil
}

// FirstInteractionYear is the earliest year of an interaction, in UTC:
// nobody logged a call before 1900 (log --at, and the interactions an
// import brings). An import holds a record's other times (created_at,
// last_activity_at...) to it too.
const FirstInteractionYear = 1900

// ClockSkew is how far ahead of this machine's clock a time in an
// imported record may be: an export made a moment ago on a machine whose
// clock runs ahead still imports.
const ClockSkew = 24 * time.Hour

// MaxCallDuration bounds an interaction's length: a typo such as 90h
// should not become four days of talk.
const MaxCallDuration = 24 * time.Hour

var clockRE = lazyre.New(`^(?:(\d+):)?(\d{1,2}):(\d{2})$`)

// ParseCallDuration reads how long an interaction lasted: a Go duration
// (90s, 5m, 1h30m), a clock reading (MM:SS or H:MM:SS) or a number of
// seconds. It is whole seconds, from zero to 24 hours.
func ParseCallDuration(s string) (time.Duration, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	bad := invalidField("--duration", s, "is not a duration (examples: 90s, 5m, 1h30m, 4:30)")
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 || n > int64(MaxCallDuration/time.Second) {
			return 0, invalidField("--duration", s, "must be between 0 and 24h")
		}
		d = time.Duration(n) * time.Second
	} else if m := clockRE().FindStringSubmatch(v); m != nil {
		h, _ := strconv.Atoi("0" + m[1])
		mi, _ := strconv.Atoi(m[2])
		se, _ := strconv.Atoi(m[3])
		if se > 59 || (m[1] != "" && mi > 59) {
			return 0, bad
		}
		d = time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(se)*time.Second
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, bad
		}
	}
	if d < 0 || d > MaxCallDuration {
		return 0, invalidField("--duration", s, "must be between 0 and 24h")
	}
	return d.Round(time.Second), nil
}

// FormatDuration renders a length of time briefly: 45s, 5m, 1h30m, 2h.
func FormatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	var b strings.Builder
	if h > 0 {
		b.WriteString(strconv.Itoa(h) + "h")
	}
	if m > 0 {
		b.WriteString(strconv.Itoa(m) + "m")
	}
	if s > 0 || b.Len() == 0 {
		b.WriteString(strconv.Itoa(s) + "s")
	}
	return b.String()
}

// Plural is one when n is 1, else many: "1 contact", "2 contacts".
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
