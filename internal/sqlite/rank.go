package sqlite

/*
int rolo_rank_init(void);
*/
import "C"

import "fmt"

// rankFunction is search's relevance (rank.c): one weight per column of
// ftsColumns. A match in the last name or first name weighs most, then the
// nickname, company, email, middle name, title, tags...
const rankFunction = `'rolo_rank(10, 4, 10, 8, 1, 1, 6, 3, 2, 5, 2, 1, 3, 1, 1)'`

// rankErr is why rolo_rank could not be registered, reported by Open.
var rankErr error

// Register rolo_rank before any connection opens: SQLite adds it to every
// connection the process opens from then on.
func init() {
	if rc := C.rolo_rank_init(); rc != 0 {
		rankErr = fmt.Errorf("registering the search ranking function: SQLite error %d", int(rc))
	}
}
