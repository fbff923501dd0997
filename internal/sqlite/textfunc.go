package sqlite

/*
#include <stdlib.h>

enum { ROLO_TEXT_NFC = 0, ROLO_TEXT_FOLD = 1, ROLO_TEXT_TAGKEY = 2, ROLO_TEXT_E164 = 3, ROLO_TEXT_URLLABEL = 4, ROLO_TEXT_VCARDEXTRA = 5 };

int rolo_text_init(void);
*/
import "C"

import (
	"fmt"

	"golang.org/x/text/unicode/norm"

	"github.com/rolo-cli/rolo/internal/contact"
)

// roloText is the Go half of the SQL functions in textfunc.c: rolo_nfc(x)
// is x in Unicode normal form C, as contact.Normalize stores text;
// rolo_fold(x) is contact.FoldAccents(x), what the search index is given;
// rolo_tagkey(x) is contact.TagKey(x), by which tag: compares tags;
// rolo_e164(x) is contact.FixE164(x), a stored E.164 form as rolo reads
// that number now (schema 14); rolo_urllabel(x) is contact.StoredURLLabel(x)
// and rolo_vcardextra(x) contact.StoredVCardExtra(x), a URL label and a
// vcard_extra as Normalize stores them now (schema 18). It
// returns nil when the text is unchanged, or else the new text in C memory
// that SQLite frees.
//
//export roloText
func roloText(which C.int, p *C.char, n C.int, outLen *C.int) *C.char {
	s := C.GoStringN(p, n)
	var out string
	switch which {
	case C.ROLO_TEXT_NFC:
		out = norm.NFC.String(s)
	case C.ROLO_TEXT_FOLD:
		out = contact.FoldAccents(s)
	case C.ROLO_TEXT_TAGKEY:
		out = contact.TagKey(s)
	case C.ROLO_TEXT_E164:
		out = contact.FixE164(s)
	case C.ROLO_TEXT_URLLABEL:
		out = contact.StoredURLLabel(s)
	case C.ROLO_TEXT_VCARDEXTRA:
		out = contact.StoredVCardExtra(s)
	default:
		return nil
	}
	if out == s {
		return nil
	}
	*outLen = C.int(len(out))
	return (*C.char)(C.CBytes([]byte(out)))
}

// registerText has SQLite add rolo's text functions to every connection
// the process opens from then on, as registerRank does rolo_rank.
func registerText() error {
	if rc := C.rolo_text_init(); rc != 0 {
		return fmt.Errorf("registering the text functions: SQLite error %d", int(rc))
	}
	return nil
}
