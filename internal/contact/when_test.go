package contact

import (
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC) // a Monday

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// inZone makes name the local time zone (as TZ does) for the rest of t.
func inZone(t *testing.T, name string) {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	was := time.Local
	time.Local = loc
	t.Cleanup(func() { time.Local = was })
}

func TestParseFor(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339, "" for forever
	}{
		{"1h", "2026-06-15T13:00:00Z"},
		{"1d", "2026-06-16T12:00:00Z"},
		{"1w", "2026-06-22T12:00:00Z"},
		{"1mo", "2026-07-15T12:00:00Z"},
		{"1y", "2027-06-15T12:00:00Z"},
		{"30m", "2026-06-15T12:30:00Z"},
		{"90min", "2026-06-15T13:30:00Z"},
		{"3d", "2026-06-18T12:00:00Z"},
		{"2w", "2026-06-29T12:00:00Z"},
		{"6mo", "2026-12-15T12:00:00Z"},
		{" 1D ", "2026-06-16T12:00:00Z"},
		{"forever", ""},
		{"FOREVER", ""},
	}
	for _, tt := range tests {
		got, err := ParseFor(tt.in, now)
		if err != nil {
			t.Errorf("ParseFor(%q): %v", tt.in, err)
			continue
		}
		if tt.want == "" {
			if got != nil {
				t.Errorf("ParseFor(%q) = %v, want forever (nil)", tt.in, got)
			}
			continue
		}
		if got == nil || !got.Equal(ts(tt.want)) {
			t.Errorf("ParseFor(%q) = %v, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseForRejects(t *testing.T) {
	for _, in := range []string{"", "1", "h", "-1d", "0d", "1.5h", "1 fortnight", "tomorrow", "1s", "999999999d"} {
		if got, err := ParseFor(in, now); err == nil {
			t.Errorf("ParseFor(%q) = %v, want an error", in, got)
		} else if ErrorCode(err) != EINVALID {
			t.Errorf("ParseFor(%q): code %s, want invalid", in, ErrorCode(err))
		}
	}
}

// The year 9999 is counted in UTC, where times are stored, not in the
// zone now carries: 7973 years from 20:00 on New Year's Eve at -05:00 end
// in the year 10000 in UTC.
func TestParseForPastYear9999InUTC(t *testing.T) {
	if got, err := ParseFor("7973y", ts("2026-12-31T20:00:00-05:00")); err == nil {
		t.Errorf("ParseFor(7973y) = %v, want an error", got.UTC())
	}
}

// Days, weeks, months and years are counted in UTC, not in the zone now
// carries: in London, across the change to summer time (2026-03-29
// 01:00 UTC), 1d is 24 hours forwards and back.
func TestAgesCountInUTC(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	before := time.Date(2026, 3, 28, 12, 0, 0, 0, london) // 12:00Z
	if got, err := ParseFor("1d", before); err != nil || !got.Equal(ts("2026-03-29T12:00:00Z")) {
		t.Errorf("ParseFor(1d) at %s = %v, %v; want 2026-03-29T12:00:00Z", before, got, err)
	}
	after := time.Date(2026, 3, 29, 12, 30, 0, 0, london) // 11:30Z
	if got, err := ParseWhen("1d ago", after, nil); err != nil || !got.Equal(ts("2026-03-28T11:30:00Z")) {
		t.Errorf("ParseWhen(1d ago) at %s = %v, %v; want 2026-03-28T11:30:00Z", after, got, err)
	}
}

func TestParseForMonthEnd(t *testing.T) {
	jan31 := time.Date(2026, 1, 31, 9, 0, 0, 0, time.UTC)
	got, err := ParseFor("1mo", jan31)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 2, 28, 9, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Jan 31 + 1mo = %v, want %v (the last day of February)", got, want)
	}
}

// untilCase is a ParseUntil of in at now that gives want (RFC 3339).
type untilCase struct {
	in, want string
	now      time.Time
}

// checkUntil checks each ParseUntil of tests.
func checkUntil(t *testing.T, tests []untilCase) {
	t.Helper()
	for _, tt := range tests {
		got, err := ParseUntil(tt.in, tt.now, nil)
		if err != nil {
			t.Errorf("ParseUntil(%q) at %s: %v", tt.in, tt.now.Format(time.RFC3339), err)
			continue
		}
		if !got.Equal(ts(tt.want)) {
			t.Errorf("ParseUntil(%q) at %s = %s, want %s", tt.in, tt.now.Format(time.RFC3339), got.Format(time.RFC3339), tt.want)
		}
	}
}

func TestParseUntil(t *testing.T) {
	inZone(t, "UTC")
	tests := []untilCase{
		{"tomorrow", "2026-06-16T00:00:00Z", now},
		{"next-week", "2026-06-22T00:00:00Z", now},                                        // Monday -> next Monday
		{"next-week", "2026-06-22T00:00:00Z", ts("2026-06-21T23:00:00Z")},                 // Sunday -> the next day
		{"next-week", "2026-06-22T00:00:00Z", ts("2026-06-20T08:00:00Z")},                 // Saturday
		{"next-month", "2026-07-01T00:00:00Z", now},                                       //
		{"next-month", "2027-01-01T00:00:00Z", ts("2026-12-31T10:00:00Z")},                // across a year
		{"2026-07-01", "2026-07-01T00:00:00Z", now},                                       // a day starts at 00:00 UTC
		{"2026-07-01 09:30", "2026-07-01T09:30:00Z", now},                                 // UTC
		{"2026-07-01T09:30", "2026-07-01T09:30:00Z", now},                                 //
		{"2026-07-01T09:30:15", "2026-07-01T09:30:15Z", now},                              //
		{"2026-07-01 09:30:15", "2026-07-01T09:30:15Z", now},                              //
		{"2026-07-01T09:30:00+23:59", "2026-06-30T09:31:00Z", now},                        // the largest offset
		{"2026-07-01T09:30:00+02:00", "2026-07-01T07:30:00Z", now},                        // a zone is honoured
		{"2026-06-15 12:01", "2026-06-15T12:01:00Z", now},                                 // a minute ahead is fine
		{"Tomorrow", "2026-06-16T00:00:00Z", now},                                         //
		{" next-week ", "2026-06-22T00:00:00Z", now},                                      // as --for takes " 1D "
		{"next month", "2026-07-01T00:00:00Z", now},                                       //
		{"2026-06-15T12:00:01Z", "2026-06-15T12:00:01Z", now},                             //
		{"2027-02-28", "2027-02-28T00:00:00Z", now},                                       //
		{"2026-06-16", "2026-06-16T00:00:00Z", ts("2026-06-15T23:59:59Z")},                //
		{"2026-06-16T00:00:00-07:00", "2026-06-16T07:00:00Z", ts("2026-06-16T06:00:00Z")}, //
		{"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", now},                             // the last second stored
	}
	checkUntil(t, tests)
}

// A time without a zone is local time (TZ), as tables show times; one with
// an offset or Z is that instant. Days start at local midnights, 23 or 25
// hours apart across a daylight-saving change.
func TestParseUntilLocal(t *testing.T) {
	inZone(t, "America/Los_Angeles")
	sunday := ts("2026-12-06T11:00:00Z") // 03:00 on Sunday in Los Angeles
	tests := []untilCase{
		{"2026-12-10 14:00", "2026-12-10T22:00:00Z", sunday},
		{"2026-12-10 14:00:30", "2026-12-10T22:00:30Z", sunday},
		{"2026-12-10T14:00", "2026-12-10T22:00:00Z", sunday},
		{"2026-12-10T14:00:30", "2026-12-10T22:00:30Z", sunday},
		{"2026-12-10", "2026-12-10T08:00:00Z", sunday},
		{"2026-12-10T14:00:00Z", "2026-12-10T14:00:00Z", sunday},
		{"2026-12-10T14:00:00+02:00", "2026-12-10T12:00:00Z", sunday},
		{"tomorrow", "2026-12-07T08:00:00Z", sunday},   // Monday already in UTC
		{"next-week", "2026-12-07T08:00:00Z", sunday},  // Sunday -> the next day
		{"next-month", "2027-01-01T08:00:00Z", sunday}, //
		// Summer time starts on Sunday 2026-03-08 at 02:00 local.
		{"tomorrow", "2026-03-08T08:00:00Z", ts("2026-03-07T20:00:00Z")},
		{"2026-03-09", "2026-03-09T07:00:00Z", ts("2026-03-07T20:00:00Z")},
		// It ends on Sunday 2026-11-01 at 02:00 local.
		{"2026-11-02", "2026-11-02T08:00:00Z", ts("2026-10-31T20:00:00Z")},
	}
	checkUntil(t, tests)
}

// A query's day is the local one: created:2026-03-08 in Los Angeles runs
// from its midnight to the next, 23 hours on the day summer time starts
// and 25 on the day it ends.
func TestLocalDay(t *testing.T) {
	inZone(t, "America/Los_Angeles")
	tests := []struct{ in, start, next string }{
		{"2025-12-31", "2025-12-31T08:00:00Z", "2026-01-01T08:00:00Z"},
		{"2026-03-08", "2026-03-08T08:00:00Z", "2026-03-09T07:00:00Z"},
		{"2026-11-01", "2026-11-01T07:00:00Z", "2026-11-02T08:00:00Z"},
	}
	for _, tt := range tests {
		start, next, ok := LocalDay(tt.in)
		if !ok || !start.Equal(ts(tt.start)) || !next.Equal(ts(tt.next)) {
			t.Errorf("LocalDay(%q) = %s, %s, %v; want %s, %s", tt.in, start.UTC().Format(time.RFC3339), next.UTC().Format(time.RFC3339), ok, tt.start, tt.next)
		}
	}
	for _, in := range []string{"", "2026-02-30", "2026-3-8", "30d", "2026-03-08T00:00"} {
		if _, _, ok := LocalDay(in); ok {
			t.Errorf("LocalDay(%q) is a day, want not", in)
		}
	}
}

// Where clocks jump from 00:00 to 01:00 (Santiago on 2026-09-06, at
// 04:00 UTC; Beirut on 2026-03-29, at 22:00 UTC the day before), that day
// starts at 01:00, and the day before ends there: not at the 23:00 before
// it, which time.Date gives in Santiago, a day early.
func TestLocalDayMidnightGap(t *testing.T) {
	tests := []struct{ zone, in, start, next string }{
		{"America/Santiago", "2026-09-06", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z"},
		{"America/Santiago", "2026-09-05", "2026-09-05T04:00:00Z", "2026-09-06T04:00:00Z"},
		{"America/Havana", "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"},
		{"Asia/Beirut", "2026-03-29", "2026-03-28T22:00:00Z", "2026-03-29T21:00:00Z"},
		{"Asia/Beirut", "2026-03-28", "2026-03-27T22:00:00Z", "2026-03-28T22:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.in, func(t *testing.T) {
			inZone(t, tt.zone)
			start, next, ok := LocalDay(tt.in)
			if !ok || !start.Equal(ts(tt.start)) || !next.Equal(ts(tt.next)) {
				t.Errorf("LocalDay(%q) = %s, %s, %v; want %s, %s", tt.in, start.UTC().Format(time.RFC3339), next.UTC().Format(time.RFC3339), ok, tt.start, tt.next)
			}
		})
	}
	inZone(t, "America/Santiago")
	saturday := ts("2026-09-05T20:00:00Z") // 16:00 local
	checkUntil(t, []untilCase{
		{"tomorrow", "2026-09-06T04:00:00Z", saturday},
		{"2026-09-06", "2026-09-06T04:00:00Z", saturday},
		{"next-week", "2026-09-07T03:00:00Z", saturday},
	})
	sunday := ts("2026-09-06T15:00:00Z") // 12:00 local
	for in, want := range map[string]string{"today": "2026-09-06T04:00:00Z", "2026-09-06": "2026-09-06T04:00:00Z", "yesterday": "2026-09-05T04:00:00Z"} {
		if got, err := ParseWhen(in, sunday, nil); err != nil || !got.Equal(ts(want)) {
			t.Errorf("ParseWhen(%q) = %s, %v; want %s", in, got.Format(time.RFC3339), err, want)
		}
	}
}

// A local time the clocks skip is read with the offset before the jump,
// as RFC 5545 reads it: 02:30 on the night New York goes from 02:00 to
// 03:00 is 03:30 (it was 01:30, an hour before the time typed), and
// 00:30 on the night Santiago goes from 00:00 to 01:00 is 01:30 (it was
// 23:30 the day before). The hour repeated in autumn is its first time.
func TestParseAbsoluteSkippedTime(t *testing.T) {
	tests := []struct{ zone, in, want string }{
		{"America/New_York", "2026-03-08 02:30", "2026-03-08T07:30:00Z"},
		{"America/New_York", "2026-03-08T02:00", "2026-03-08T07:00:00Z"},
		{"America/New_York", "2026-03-08 01:59", "2026-03-08T06:59:00Z"},
		{"America/New_York", "2026-03-08 03:00", "2026-03-08T07:00:00Z"},
		{"America/New_York", "2026-11-01 01:30", "2026-11-01T05:30:00Z"},
		{"America/Santiago", "2026-09-06 00:30", "2026-09-06T04:30:00Z"},
		{"Asia/Beirut", "2026-03-29 00:30", "2026-03-28T22:30:00Z"},
		{"Australia/Lord_Howe", "2026-10-04 02:15", "2026-10-03T15:45:00Z"}, // 02:45, the jump being 30 minutes
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.in, func(t *testing.T) {
			inZone(t, tt.zone)
			got, ok := ParseAbsolute(tt.in)
			if !ok || !got.Equal(ts(tt.want)) {
				t.Errorf("ParseAbsolute(%q) = %s, %v; want %s", tt.in, got.Format(time.RFC3339), ok, tt.want)
			}
		})
	}
}

// Go's parser takes an offset of +24:00 or +23:60; RFC 3339's end at
// 23:59, and the refusal says which value and why.
func TestParseUntilRefusesOffsetPast2359(t *testing.T) {
	for _, in := range []string{"2026-12-10T14:00:00+24:00", "2026-12-10T14:00:00-24:00", "2026-12-10T14:00:00+23:60", "2026-12-10T14:00:00+24:59"} {
		got, err := ParseUntil(in, now, nil)
		if err == nil {
			t.Errorf("ParseUntil(%q) = %v, want an error", in, got)
			continue
		}
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), `"`+in+`"`) || !strings.Contains(err.Error(), "offset") {
			t.Errorf("ParseUntil(%q): %v (%s), want invalid, naming the value and its offset", in, err, ErrorCode(err))
		}
	}
	if _, err := ParseWhen("2026-06-14T12:00:00+24:00", now, nil); err == nil {
		t.Errorf("ParseWhen(+24:00) took it, want an error")
	}
}

// OffsetPast2359 reads the offset as RFC 3339 writes it (+hh:mm) and as
// vCard's basic form does (+hhmm), which an import's times take too.
func TestOffsetPast2359(t *testing.T) {
	for in, want := range map[string]bool{
		"2026-12-10T14:00:00+24:00": true, "2026-12-10T14:00:00-05:60": true, "20261210T140000+2400": true,
		"2026-12-10T14:00:00+2359": false, "2026-12-10T14:00:00-23:59": false, "2026-12-10T14:00:00Z": false,
		"20261210T140000Z": false, "20261210T140000-0500": false, "20261210T140000+0560": true,
	} {
		if got := OffsetPast2359(in); got != want {
			t.Errorf("OffsetPast2359(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseUntilRejects(t *testing.T) {
	for _, in := range []string{"", "soon", "2026-02-30", "2026-06-15", "2026-06-15 12:00", "2020-01-01", "1d", "06/20/2026"} {
		if got, err := ParseUntil(in, now, nil); err == nil {
			t.Errorf("ParseUntil(%q) = %v, want an error", in, got)
		} else if ErrorCode(err) != EINVALID {
			t.Errorf("ParseUntil(%q): code %s, want invalid", in, ErrorCode(err))
		}
	}
}

func TestParseWhen(t *testing.T) {
	inZone(t, "UTC")
	tests := []struct{ in, want string }{
		{"now", "2026-06-15T12:00:00Z"},
		{"today", "2026-06-15T00:00:00Z"},
		{"yesterday", "2026-06-14T00:00:00Z"},
		{"2h ago", "2026-06-15T10:00:00Z"},
		{"30m ago", "2026-06-15T11:30:00Z"},
		{"3d ago", "2026-06-12T12:00:00Z"},
		{"1mo ago", "2026-05-15T12:00:00Z"},
		{"2026-06-14", "2026-06-14T00:00:00Z"},
		{"2026-06-14 16:30", "2026-06-14T16:30:00Z"},
		{"2026-06-14T16:30:00-04:00", "2026-06-14T20:30:00Z"},
		{"2026-06-15T12:00:00Z", "2026-06-15T12:00:00Z"},
	}
	for _, tt := range tests {
		got, err := ParseWhen(tt.in, now, nil)
		if err != nil {
			t.Errorf("ParseWhen(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(ts(tt.want)) {
			t.Errorf("ParseWhen(%q) = %s, want %s", tt.in, got.Format(time.RFC3339), tt.want)
		}
	}
	for _, in := range []string{"", "later", "tomorrow", "2026-06-16", "2026-06-15 12:01", "2h", "x ago", "2026-13-01"} {
		if got, err := ParseWhen(in, now, nil); err == nil {
			t.Errorf("ParseWhen(%q) = %v, want an error", in, got)
		}
	}
}

// log --at reads today, yesterday and a time without a zone in the local
// zone: in Auckland (+13:00) it is already 7 December at 21:00 UTC on the
// 6th.
func TestParseWhenLocal(t *testing.T) {
	inZone(t, "Pacific/Auckland")
	at := ts("2026-12-06T21:00:00Z")
	tests := []struct{ in, want string }{
		{"today", "2026-12-06T11:00:00Z"},
		{"yesterday", "2026-12-05T11:00:00Z"},
		{"2026-12-07", "2026-12-06T11:00:00Z"},
		{"2026-12-07 09:00", "2026-12-06T20:00:00Z"},
		{"2026-12-07T09:00:00", "2026-12-06T20:00:00Z"},
		{"2026-12-06T21:00:00Z", "2026-12-06T21:00:00Z"},
		{"2h ago", "2026-12-06T19:00:00Z"},
	}
	for _, tt := range tests {
		got, err := ParseWhen(tt.in, at, nil)
		if err != nil {
			t.Errorf("ParseWhen(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(ts(tt.want)) {
			t.Errorf("ParseWhen(%q) = %s, want %s", tt.in, got.Format(time.RFC3339), tt.want)
		}
	}
	// 10:30 local is after now (10:00).
	if got, err := ParseWhen("2026-12-07 10:30", at, nil); err == nil {
		t.Errorf("ParseWhen(2026-12-07 10:30) = %s, want in the future", got.Format(time.RFC3339))
	}
}

func TestParseCallDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"90s", 90 * time.Second},
		{"5m", 5 * time.Minute},
		{"1h30m", 90 * time.Minute},
		{"4:30", 4*time.Minute + 30*time.Second},
		{"1:02:03", time.Hour + 2*time.Minute + 3*time.Second},
		{"300", 5 * time.Minute},
		{"0", 0},
		{"2.5m", 150 * time.Second},
		{"1500ms", 2 * time.Second}, // whole seconds
		{"24h", 24 * time.Hour},
		{" 5M ", 5 * time.Minute},
	}
	for _, tt := range tests {
		got, err := ParseCallDuration(tt.in)
		if err != nil {
			t.Errorf("ParseCallDuration(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseCallDuration(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"", "-5m", "five minutes", "25h", "4:60", "1:60:00", "90000", "1d"} {
		if got, err := ParseCallDuration(in); err == nil {
			t.Errorf("ParseCallDuration(%q) = %v, want an error", in, got)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 45 * time.Second: "45s", 5 * time.Minute: "5m", 90 * time.Minute: "1h30m",
		2 * time.Hour: "2h", time.Hour + 5*time.Second: "1h5s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// Any count is a length or an age, in any unit and however many digits:
// one past the year 9999 (--for) or before 1900 (--at) is refused with
// that limit, never as not a length, and never wraps around.
func TestAgesTakeAnyCount(t *testing.T) {
	for in, want := range map[string]string{"400000w": "9692-08-04T12:00:00Z", "1000000h": "2140-07-14T04:00:00Z", "4000000000m": "9631-10-02T06:40:00Z",
		"7973y": "9999-06-15T12:00:00Z"} { // the year 9999 itself is taken
		if got, err := ParseFor(in, now); err != nil || got == nil || !got.Equal(ts(want)) {
			t.Errorf("ParseFor(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"3000000d", "120000mo", "10000y", "99999999999999999999h", "9223372036854775807m", "768614336404564650y"} {
		if got, err := ParseFor(in, now); err == nil || !strings.Contains(err.Error(), "ends after the year 9999") {
			t.Errorf("ParseFor(%q) = %v, %v; want it ending after the year 9999", in, got, err)
		}
	}
	if got, err := ParseWhen("200000h ago", now, nil); err != nil || !got.Equal(ts("2003-08-22T04:00:00Z")) {
		t.Errorf("ParseWhen(200000h ago) = %v, %v; want 2003-08-22T04:00:00Z", got, err)
	}
	for _, in := range []string{"1200000h ago", "99999999999999999999y ago", "9223372036854775807m ago", "768614336404564650y ago"} {
		if got, err := ParseWhen(in, now, nil); err == nil || !strings.Contains(err.Error(), "is before 1900") {
			t.Errorf("ParseWhen(%q) = %v, %v; want it before 1900", in, got, err)
		}
	}
}

// RFC 3339 lets a time write its T and Z in small letters, and a space for
// the T (section 5.6): log --at and block --until read them all, as
// they read the capitals.
func TestParseAbsoluteRFC3339Forms(t *testing.T) {
	want := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	for _, in := range []string{"2026-06-01T08:00:00Z", "2026-06-01t08:00:00z", "2026-06-01 08:00:00Z",
		"2026-06-01 10:00:00+02:00", "2026-06-01t10:00:00+02:00"} {
		if got, ok := ParseAbsolute(in); !ok || !got.Equal(want) {
			t.Errorf("ParseAbsolute(%q) = %s, %v; want %s", in, got.Format(time.RFC3339), ok, want.Format(time.RFC3339))
		}
	}
	if _, err := ParseWhen("2026-06-01 10:00:00+24:30", want.Add(time.Hour*240), nil); err == nil || !strings.Contains(err.Error(), "offset past 23:59") {
		t.Errorf("an offset past 23:59 with a space for the T: %v", err)
	}
}
