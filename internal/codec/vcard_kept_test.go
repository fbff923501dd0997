package codec

import (
	"encoding/base64"
	"testing"
)

// show prints a kept photo by its size: in bytes under a kilobyte, which
// it used to round up to "(1 KB)", and in kilobytes rounded up above.
func TestKeptPhotoSize(t *testing.T) {
	for extra, want := range map[string]string{
		"PHOTO:data:image/png;base64,AAAAAAAAAAA=":      "(8 bytes)",
		"PHOTO:data:image/png;base64," + base64Of(1024): "(1 KB)",
		"PHOTO:data:image/png;base64," + base64Of(3000): "(3 KB)",
		"X-NOTE:plain text":                             "plain text",
	} {
		k := ReadKeptVCard(extra)
		if len(k.Props) != 1 || k.Props[0].Value != want {
			t.Errorf("%.40s...: %+v, want %q", extra, k.Props, want)
		}
	}
}

// base64Of is the base64 of n zero bytes.
func base64Of(n int) string { return base64.StdEncoding.EncodeToString(make([]byte, n)) }
