package contact

import (
	"time"

	"github.com/rolo-cli/rolo/internal/lazyre"
)

// View is a saved query ("custom inbox") of one user, with the columns and
// sort order list uses for it.
type View struct {
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	Columns   []string  `json:"columns"`
	Sort      []string  `json:"sort"`
	CreatedAt time.Time `json:"created_at"`
}

var viewNameRE = lazyre.New(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// ValidateViewName checks a view name: letters, digits, _ . - .
func ValidateViewName(name string) error {
	if !viewNameRE().MatchString(name) || len(name) > 64 {
		return invalidField("view name", name, "must be letters, digits, _ . or - (at most 64)")
	}
	return nil
}
