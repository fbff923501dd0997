package codec

import (
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// show prints a kept photo by its size: in bytes under a kilobyte, which
// it used to round up to "(1 KB)", and in kilobytes rounded up above; in
// 3.0's form too, which it used to print as base64 text.
func TestKeptPhotoSize(t *testing.T) {
	for extra, want := range map[string]string{
		"PHOTO:data:image/png;base64,AAAAAAAAAAA=":      "(8 bytes)",
		"PHOTO:data:image/png;base64," + base64Of(1024): "(1 KB)",
		"PHOTO:data:image/png;base64," + base64Of(3000): "(3 KB)",
		"X-NOTE:plain text":                             "plain text",
		// As a vcard_extra given in JSON or CSV may hold it.
		"PHOTO;ENCODING=b;TYPE=JPEG:" + base64Of(3000): "(3 KB)",
		"PHOTO;ENCODING=B:AAAAAAAAAAA=":                "(8 bytes)",
	} {
		k := ReadKeptVCard(extra)
		if len(k.Props) != 1 || k.Props[0].Value != want {
			t.Errorf("%.40s...: %+v, want %q", extra, k.Props, want)
		}
	}
}

// base64Of is the base64 of n zero bytes.
func base64Of(n int) string { return base64.StdEncoding.EncodeToString(make([]byte, n)) }

// KeptAsStored round-trips each of the contact's kept lines through a
// vCard, twice: for a card of 100,000 properties updated by an import,
// 200,000 decoders, each of which allocated a 64 KiB buffer to read a
// card of a few dozen bytes (13 GB in all; 6.6 s of CPU). A card read
// from memory gets a buffer of its size.
func TestKeptAsStoredAllocates(t *testing.T) {
	const n = 1000
	var have, got []string
	for i := range n {
		have = append(have, fmt.Sprintf("X-FOO-%d:value %d", i, i))
		got = append(got, fmt.Sprintf("X-FOO-%d:changed %d", i, i))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out := KeptAsStored(strings.Join(have, "\n"), strings.Join(got, "\n"))
	runtime.ReadMemStats(&after)
	if out != strings.Join(got, "\n") {
		t.Errorf("KeptAsStored changed lines that are none of the contact's")
	}
	per := (after.TotalAlloc - before.TotalAlloc) / n
	t.Logf("%d bytes allocated a kept line", per)
	if per > 64<<10 {
		t.Errorf("%d bytes allocated a kept line, want under 64 KiB (two round trips of a line)", per)
	}
}

// TestKeptLabelsAsStored checks that the custom labels of a Google record
// that a contact holds for the same values in the same words (in another
// group, in Apple's _$!<School>!$_ form, a phone as entered) are given as
// the contact holds them, and that another label is not.
func TestKeptLabelsAsStored(t *testing.T) {
	have := "X-FOO:1\nitem1.X-ABLabel;X-ROLO-FOR=\"EMAIL:Jo@School.example\":_$!<School>!$_\n" +
		"item2.X-ABLabel;X-ROLO-FOR=\"TEL:(415) 555-0100\":Car"
	got := "item1.X-ABLabel;X-ROLO-FOR=\"TEL:+1 415-555-0100\":Car\nitem2.X-ABLabel;X-ROLO-FOR=\"EMAIL:jo@school.example\":School\n" +
		"item3.X-ABLabel;X-ROLO-FOR=\"TEL:+1 415 555 0101\":Boat"
	want := "item2.X-ABLabel;X-ROLO-FOR=\"TEL:(415) 555-0100\":Car\nitem1.X-ABLabel;X-ROLO-FOR=\"EMAIL:Jo@School.example\":_$!<School>!$_\n" +
		"item3.X-ABLabel;X-ROLO-FOR=\"TEL:+1 415 555 0101\":Boat"
	if g := KeptLabelsAsStored(have, got); g != want {
		t.Errorf("KeptLabelsAsStored:\n%s\nwant\n%s", g, want)
	}
	if g := KeptLabelsAsStored(have, "item1.X-ABLabel;X-ROLO-FOR=\"TEL:+1 415 555 0100\":Boat"); strings.Contains(g, "Car") {
		t.Errorf("another label became the contact's: %s", g)
	}
}
