package importcmd

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rolo-cli/rolo/internal/codec"
	"github.com/rolo-cli/rolo/internal/shield"
)

// The error file is put in place as the import is saved, under the
// shield: a process ended by an interrupt (which removes the temporary
// files it holds) is not ended while the file is being renamed, which
// would lose the rejected records of an import that was saved.
func TestErrorFileIsPutInPlaceUnderTheShield(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "in.errors.csv")
	r, err := newRejects(&ImportOptions{File: filepath.Join(dir, "in.csv"), Errors: path}, codec.CSV, filepath.Join(dir, "rolo.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.abort()
	if err := r.write(&codec.Record{Index: 1, Line: 2, Header: []string{"first"}, Values: []string{"Ada"}}, "bad"); err != nil {
		t.Fatal(err)
	}
	if err := r.flush(); err != nil {
		t.Fatal(err)
	}
	_, release := shield.Hold()
	done := make(chan error, 1)
	go func() { done <- r.commit() }()
	select {
	case err := <-done:
		release()
		t.Fatalf("the error file was put in place (%v) while an ending process held the shield", err)
	case <-time.After(200 * time.Millisecond):
	}
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the error file is not in place: %v", err)
	}
}
