package contact_test

import (
	"archive/zip"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/contact"
)

// TestCanonicalTimezone: a zone in any case is the zone as IANA spells it;
// Local, offsets and the files of a zone database that are not zones are
// none.
func TestCanonicalTimezone(t *testing.T) {
	for name, want := range map[string]string{
		"UTC": "UTC", "utc": "UTC", "europe/paris": "Europe/Paris", "AMERICA/NEW_YORK": "America/New_York",
		"etc/gmt+5": "Etc/GMT+5", "america/port-au-prince": "America/Port-au-Prince", "est5edt": "EST5EDT",
	} {
		if got, ok := contact.CanonicalTimezone(name); !ok || got != want {
			t.Errorf("CanonicalTimezone(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "Local", "local", "posixrules", "localtime", "Factory", "posix/Europe/Paris",
		"right/UTC", "zone.tab", "-05:00", "Mars/Olympus", "Europe/"} {
		if got, ok := contact.CanonicalTimezone(name); ok {
			t.Errorf("CanonicalTimezone(%q) = %q, true; want no zone", name, got)
		}
	}
}

// TestZoneNamesLoad: every zone of the table loads from the zone database
// rolo carries, and the table is that of the Go that builds rolo (go
// generate ./internal/contact when it is not).
func TestZoneNamesLoad(t *testing.T) {
	var names []string
	for _, name := range []string{"UTC", "Europe/Paris"} {
		if _, ok := contact.CanonicalTimezone(name); !ok {
			t.Fatalf("%s is not in the table", name)
		}
	}
	z, err := zip.OpenReader(filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip"))
	if err != nil {
		t.Skipf("Go's zone database: %v", err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == "Factory" {
			continue
		}
		names = append(names, f.Name)
		got, ok := contact.CanonicalTimezone(f.Name)
		if !ok || got != f.Name {
			t.Errorf("zone %s of Go's database is not in the table (go generate ./internal/contact)", f.Name)
			continue
		}
		if _, err := time.LoadLocation(f.Name); err != nil {
			t.Errorf("zone %s: %v", f.Name, err)
		}
	}
	if !slices.Contains(names, "America/New_York") {
		t.Errorf("Go's zone database without America/New_York: %d names", len(names))
	}
}
