package contact

import "time"

// View is a saved query ("custom inbox") of one user, with the columns and
// sort order list uses for it.
type View struct {
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	Columns   []string  `json:"columns"`
	Sort      []string  `json:"sort"`
	CreatedAt time.Time `json:"created_at"`
}

// ValidateViewName checks a view name: the rule of keyRE, at most 64 long.
func ValidateViewName(name string) error {
	if !keyRE().MatchString(name) || len(name) > 64 {
		return invalidField("view name", name, "must be letters, digits, _ . or - (at most 64)")
	}
	return nil
}
