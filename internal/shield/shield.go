// Package shield keeps the forced end of an interrupted command (see
// internal/cli) away from the moment a change is saved. A command that
// does not return soon after Ctrl-C is ended by the process exiting, which
// rolls back an open transaction; ended inside a commit, the change might
// be saved all the same, and "nothing was changed" would be false.
package shield

import (
	"sync"
	"sync/atomic"
)

var (
	mu    sync.RWMutex
	saved atomic.Bool
)

// Commit runs fn, a commit (of a transaction, or of a file put in place),
// with the process not ended while it runs. Once a commit has succeeded,
// the interrupted command is left to finish and say what it saved.
func Commit(fn func() error) error {
	mu.RLock()
	defer mu.RUnlock()
	err := fn()
	if err == nil {
		saved.Store(true)
	}
	return err
}

// Hold waits for a commit in progress to end and keeps new ones from
// starting until the function it returns is called. It reports whether a commit has
// succeeded since Reset, in which case the process must not be ended as if
// nothing was changed.
func Hold() (bool, func()) {
	mu.Lock()
	return saved.Load(), mu.Unlock
}

// Saved reports whether a commit has succeeded since Reset: a command
// that returns interrupted after it has saved part of its work (dupes
// --merge, a merge at a time) must not say that nothing was changed.
func Saved() bool { return saved.Load() }

// Reset forgets the commits made so far: a command starts.
func Reset() { saved.Store(false) }
