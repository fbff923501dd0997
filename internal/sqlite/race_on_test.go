//go:build race

package sqlite

// raceEnabled: the race detector allocates for every goroutine and
// synchronisation it watches, several times what the code itself does.
const raceEnabled = true
