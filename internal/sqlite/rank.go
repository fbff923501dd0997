package sqlite

/*
int rolo_rank_init(void);
*/
import "C"

import (
	"fmt"
	"sync"
)

// rankScore is search's relevance (rank.c) of a row of contacts_fts, the
// lower the better: one weight per column of ftsColumns. A match in the
// last name or first name weighs most, then the nickname, company, email,
// middle name, title, tags...
//
// A search orders by it (ORDER BY score, rowid LIMIT n) rather than by
// FTS5's rank column: ORDER BY rank sorts every match in full before the
// LIMIT applies, where SQLite's own ORDER BY keeps only the best n while it
// scores them. Ranking the 20,000 matches of "will*" among a million
// contacts took 4.2 ms rather than 6.3 (warm), those of "ma*" 112 ms
// rather than 183.
const rankScore = `rolo_rank(contacts_fts, 10, 4, 10, 8, 1, 1, 6, 3, 2, 5, 2, 1, 3, 1, 1)`

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
