package codec

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
)

// addCorpusSeeds seeds a fuzz target with the files of one corpus folder,
// when the corpus is there (TestCorpus says when it is not).
func addCorpusSeeds(f *testing.F, sub string) {
	dir, ok := corpusPath()
	if !ok {
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
}

// exercise decodes everything, validates it and encodes it again: none of
// it may panic, and every record must be usable or carry an error.
func exercise(t *testing.T, format string, data []byte, opts Options) {
	d, err := NewDecoder(format, bytes.NewReader(data), opts)
	if err != nil {
		return
	}
	var cs []*contact.Contact
	for i := 0; i < 10000; i++ {
		rec, err := d.Next()
		if errors.Is(err, io.EOF) || (err != nil && rec == nil) {
			break
		}
		if rec.Err == nil && rec.Contact == nil {
			t.Fatalf("record %d has neither a contact nor an error", rec.Index)
		}
		if rec.Contact == nil {
			continue
		}
		c := rec.Contact.Clone()
		if contact.Normalize(c, "US") == nil {
			cs = append(cs, c)
		}
	}
	for _, out := range []string{CSV, Google, Outlook, VCard, JSON} {
		if err := Encode(out, io.Discard, cs, EncodeOptions{VCardVersion: "4.0"}); err != nil {
			t.Fatalf("encode %s: %v", out, err)
		}
	}
	// What rolo writes, rolo reads back without losing a contact.
	var buf bytes.Buffer
	if err := Encode(VCard, &buf, cs, EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	back, err := DecodeAll(mustDecoder(t, VCard, buf.String(), Options{}))
	if err != nil || len(back) != len(cs) {
		t.Fatalf("vCard re-read: %d of %d contacts, %v\n%s", len(back), len(cs), err, buf.String())
	}
}

func FuzzVCardDecode(f *testing.F) {
	addCorpusSeeds(f, "vcard")
	f.Add([]byte("BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:a=\r\n\r\nBEGIN:VCARD\r\nEND:VCARD\r\n"))
	f.Add([]byte("BEGIN:VCARD\nVERSION:4.0\nADR;LABEL=a:b:c;;;;;:\nPHOTO:data:\nEND:VCARD\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		exercise(t, VCard, data, Options{})
	})
}

func FuzzCSVDecode(f *testing.F) {
	addCorpusSeeds(f, "csv")
	f.Add([]byte(Template()))
	f.Add([]byte("Given Name,E-mail 1 - Value,Address 1 - Street\nA,a@b.c ::: ,x ::: y ::: z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		exercise(t, CSV, data, Options{})
	})
}

func FuzzJSONDecode(f *testing.F) {
	f.Add([]byte(`[{"first_name":"Ada","phones":[{"label":"x","number":"1"}]}]`))
	f.Add([]byte(`{"blocked":{"until":null}}` + "\n" + `{"notes":[{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		exercise(t, JSON, data, Options{})
	})
}
