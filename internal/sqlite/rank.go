package sqlite

/*
int rolo_rank_init(void);
*/
import "C"

import (
	"fmt"
	"sync"
)

// rankFunction is search's relevance (rank.c): one weight per column of
// ftsColumns. A match in the last name or first name weighs most, then the
// nickname, company, email, middle name, title, tags...
const rankFunction = `'rolo_rank(10, 4, 10, 8, 1, 1, 6, 3, 2, 5, 2, 1, 3, 1, 1)'`

var (
	rankOnce sync.Once
	rankErr  error
)

// registerRank has SQLite add rolo_rank, and the text functions of
// textfunc.go, to every connection the process opens from then on. Open
// calls it before opening its first connection, rather than an init
// function at start-up, because it initialises SQLite (0.2 ms), which
// commands without a database (--version, help) never need.
func registerRank() error {
	rankOnce.Do(func() {
		if rc := C.rolo_rank_init(); rc != 0 {
			rankErr = fmt.Errorf("registering the search ranking function: SQLite error %d", int(rc))
			return
		}
		rankErr = registerText()
	})
	return rankErr
}
