package codec

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
)

// genReader produces n records of a format on the fly, so that a test can
// decode far more data than it ever holds.
type genReader struct {
	n, i   int
	header string
	row    func(i int) string
	buf    bytes.Buffer
}

func (g *genReader) Read(p []byte) (int, error) {
	for g.buf.Len() < len(p) && g.i < g.n {
		if g.i == 0 {
			g.buf.WriteString(g.header)
		}
		g.buf.WriteString(g.row(g.i))
		g.i++
	}
	if g.buf.Len() == 0 {
		return 0, io.EOF
	}
	return g.buf.Read(p)
}

func csvRows(n int) io.Reader {
	return &genReader{n: n, header: "First Name,Last Name,E-mail Address,Mobile Phone,Notes,Hobby\n", row: func(i int) string {
		return fmt.Sprintf("Ada%d,Lovelace,ada%d@example.com,+1 415 555 %04d,\"Met at the conference, talked about engines.\nFollow up in May.\",chess %d\n", i, i, i%10000, i)
	}}
}

func vcardCards(n int) io.Reader {
	return &genReader{n: n, row: func(i int) string {
		return fmt.Sprintf("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada %d\r\nN:Lovelace;Ada %d;;;\r\nEMAIL;TYPE=INTERNET:ada%d@example.com\r\n"+
			"TEL;TYPE=CELL:+1 415 555 %04d\r\nNOTE:Met at the conference\\, talked about engines.\r\nX-CUSTOM:%d\r\nEND:VCARD\r\n", i, i, i, i%10000, i)
	}}
}

// TestDecodersStream checks that memory stays bounded whatever the input
// size (SPEC section 5): about 20 MB each of CSV and vCard are decoded while
// the heap stays under a few megabytes.
func TestDecodersStream(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 40 MB")
	}
	for _, tc := range []struct {
		format string
		r      io.Reader
	}{{CSV, csvRows(150000)}, {VCard, vcardCards(100000)}} {
		d, err := NewDecoder(tc.format, tc.r, Options{})
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		peak := uint64(0)
		n := 0
		for {
			rec, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil || rec.Err != nil {
				t.Fatalf("%s record %d: %v %v", tc.format, n+1, err, rec.Err)
			}
			n++
			if n%50000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
		if peak > 16<<20 {
			t.Errorf("%s: heap reached %d MB while streaming %d records", tc.format, peak>>20, n)
		}
		t.Logf("%s: %d records, peak heap %.1f MB", tc.format, n, float64(peak)/(1<<20))
	}
}

func BenchmarkDecodeCSV(b *testing.B) {
	for b.Loop() {
		d, err := NewDecoder(CSV, csvRows(10000), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if recs, err := DecodeAll(d); err != nil || len(recs) != 10000 {
			b.Fatal(len(recs), err)
		}
	}
}

func BenchmarkDecodeVCard(b *testing.B) {
	for b.Loop() {
		d, err := NewDecoder(VCard, vcardCards(10000), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if recs, err := DecodeAll(d); err != nil || len(recs) != 10000 {
			b.Fatal(len(recs), err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	cs := genContacts(b, 1000)
	for _, f := range []string{CSV, VCard, JSON, Google, Outlook} {
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				if err := Encode(f, io.Discard, cs, EncodeOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
