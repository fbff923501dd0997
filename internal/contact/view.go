package contact

import "time"

// View is a saved query ("custom inbox") of the account, with the columns
// and sort order list uses for it. Views are shared by the team; each user
// runs one with their own visibility.
type View struct {
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	Columns   []string  `json:"columns"`
	Sort      []string  `json:"sort"`
	CreatedAt time.Time `json:"created_at"`
	// By is the login of the teammate who saved the view last, marked
	// "(removed)" for one who has left.
	By string `json:"by"`
}

// ViewKeep says which settings of a view saved under a name already taken
// are kept from the view it replaces rather than taken from the new one: a
// new query for a view keeps the columns and sort chosen for it unless new
// ones are given.
type ViewKeep struct {
	Columns, Sort bool
}

// ValidateViewName checks a view name: the rule of keyRE, at most 64 long.
func ValidateViewName(name string) error {
	if len(name) > 64 {
		return invalidField("view name", Excerpt(name), "is too long (at most 64 bytes)")
	}
	if !keyRE().MatchString(name) {
		return invalidField("view name", name, "must be ASCII letters, digits, . _ - (at most 64), starting with a letter or digit")
	}
	return nil
}
