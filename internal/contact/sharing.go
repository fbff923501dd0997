package contact

import (
	"fmt"
	"strings"
)

// Change-log actions of sharing and ownership (SPEC section 1). Each row
// names its field: "shared_with" (the teammate given or refused access),
// "visibility" (private -> public) or "owner" (old -> new login).
const (
	ActionShare    = "share"
	ActionUnshare  = "unshare"
	ActionPublish  = "publish"
	ActionTransfer = "transfer"
)

// Change-log fields of sharing and ownership.
const (
	FieldSharedWith = "shared_with"
	FieldVisibility = "visibility"
	FieldOwner      = "owner"
)

// describeSharing renders the change-log rows of sharing and ownership;
// ok is false for other actions.
func (ch Change) describeSharing() (string, bool) {
	switch ch.Action {
	case ActionShare:
		return "shared with " + ch.New, true
	case ActionUnshare:
		return "no longer shared with " + ch.Old, true
	case ActionPublish:
		return "made public (was private)", true
	case ActionTransfer:
		return fmt.Sprintf("transferred from %s to %s", ch.Old, ch.New), true
	}
	if ch.Action == ActionUpdate && ch.Field == FieldVisibility && ch.New == Public {
		return "made public (was private)", true
	}
	return "", false
}

// NormalizeTeammate checks a teammate's contact details (display name,
// email, phone) as a contact's are checked: one line of text, a valid
// address stored lower-cased, a phone number that parses in region (kept
// as written).
func NormalizeTeammate(u *User, region string) error {
	var err error
	if u.Name, err = cleanLine("name", u.Name); err != nil {
		return err
	}
	if u.Email = strings.TrimSpace(u.Email); u.Email != "" {
		if u.Email, err = NormalizeEmail(u.Email); err != nil {
			return err
		}
	}
	if u.Phone = strings.TrimSpace(u.Phone); u.Phone != "" {
		if _, err := NormalizePhone(u.Phone, region); err != nil {
			return err
		}
	}
	return nil
}
