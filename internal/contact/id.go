package contact

import (
	"strconv"
	"strings"
)

// ParseID reads s as an ID (of a contact, a merge, an import): ASCII
// digits only. strconv.ParseInt also takes a sign, and a + marks a phone
// number: "+1" is never contact 1, nor "+911" the ID 911.
func ParseID(s string) (int64, bool) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return id, true
}

// SignedID reports whether s is an ID written with a minus sign ("-12"):
// never a contact's, and not a query either, where a leading - excludes
// (a REF "-0177" would name whichever one contact lacks 0177).
func SignedID(s string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "-")
	_, id := ParseID(rest)
	return ok && id
}

// MarkedAsPhone reports whether s is written as a phone number with its
// country code: a + and then digits, the characters that group them
// (( ) - . / space) and a vanity number's capitals (+1 800 FLOWERS), as
// lookup takes it. Such a REF names a contact by its number, never by its
// ID.
func MarkedAsPhone(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "+") && strings.ContainsAny(s, "0123456789") &&
		strings.Trim(s[1:], "0123456789()-./ ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// NotAPhoneNumber is the error for a REF marked as a phone number
// (MarkedAsPhone) that is none: "+1" is no contact ID either.
func NotAPhoneNumber(ref string) error {
	return Errorf(EINVALID, "number: %s is not a phone number (a contact ID has no +)", Quote(ref))
}

// UIDKey is the one rule by which two UIDs are the same UID: a UUID
// (8-4-4-4-12 hex digits) is the same in any case, as rolo writes its own
// in small letters and others (Apple's vCards) theirs in capitals, and its
// key is the UUID in small letters; any other UID is text, its own key.
// Every comparison of UIDs compares these: the store's (a REF, add --uid,
// an import's duplicates, unmerge, the uid: term, over an index of the
// UIDs in small letters), dupes' and an import's duplicate keys. The UID
// is stored, and exported, as written.
func UIDKey(uid string) string {
	if IsUUID(uid) {
		return strings.ToLower(uid)
	}
	return uid
}

// IsUUID reports whether s is written as a UUID: 8-4-4-4-12 hex digits.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
}
