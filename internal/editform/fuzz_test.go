package editform_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rolo-cli/rolo/internal/contact"
	"github.com/rolo-cli/rolo/internal/editform"
)

// FuzzDecode: whatever a person leaves in the $EDITOR form decodes or is an
// EINVALID error naming the line, never a panic. A form that decodes into
// a valid contact encodes back to a form that decodes to the same contact,
// so that saving the form unchanged never changes a contact.
func FuzzDecode(f *testing.F) {
	f.Add(editform.Encode(stored()))
	f.Add([]byte("first: Ada\nphone: =+1 415 555 0123\nemail: work=\nattr.: x\n"))
	f.Add([]byte("# comment\nfirst:\nlast: Lovelace\r\ntag: a:b\naddress: home=;;;;\nsocial: x\n"))
	f.Add([]byte("visibility: PUBLIC\nattr.a.b: c: d\nurl: blog=https://x\n"))
	f.Add([]byte("no colon here\n"))
	f.Add([]byte(strings.Repeat("tag: t\n", 1000)))
	f.Fuzz(func(t *testing.T, form []byte) {
		c := &contact.Contact{Attributes: map[string]string{}}
		if err := editform.Decode(form, c); err != nil {
			if contact.ErrorCode(err) != contact.EINVALID || !strings.HasPrefix(err.Error(), "edit: ") {
				t.Fatalf("Decode: %v (code %s), want an EINVALID edit: error", err, contact.ErrorCode(err))
			}
			return
		}
		if contact.Normalize(c, "US") != nil {
			return
		}
		back := &contact.Contact{Attributes: map[string]string{}, Visibility: c.Visibility}
		out := editform.Encode(c)
		if err := editform.Decode(out, back); err != nil {
			t.Fatalf("Decode(Encode(c)): %v\nform:\n%s", err, out)
		}
		if err := contact.Normalize(back, "US"); err != nil {
			t.Fatalf("Normalize(Decode(Encode(c))): %v\nform:\n%s", err, out)
		}
		if d := contact.Diff(c, back); len(d) != 0 || !reflect.DeepEqual(c, back) {
			t.Fatalf("round trip changed %+v\n got: %+v\nwant: %+v\nform:\n%s", d, back, c, out)
		}
	})
}
