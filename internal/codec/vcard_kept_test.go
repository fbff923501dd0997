package codec

import (
	"encoding/base64"
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
