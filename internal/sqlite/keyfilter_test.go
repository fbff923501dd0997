package sqlite

import (
	"fmt"
	"testing"
)

// A keyFilter never loses a key, however far past its first size it
// grows, and takes few keys it was never given for ones it holds.
func TestKeyFilterGrows(t *testing.T) {
	f := newKeyFilter(1000)
	first := f.size
	const n = 300_000 // past the first part (65,536) and the next two
	for i := range n {
		if f.testOrAdd(fmt.Sprintf("e\x00p%d@example.com", i)) && i < 10 {
			t.Fatalf("an empty filter holds key %d", i)
		}
	}
	if len(f.parts) < 3 || f.size != first<<(len(f.parts)-1) {
		t.Errorf("%d parts, the last for %d keys, after %d keys from %d", len(f.parts), f.size, n, first)
	}
	for i := range n {
		if !f.testOrAdd(fmt.Sprintf("e\x00p%d@example.com", i)) {
			t.Fatalf("key %d lost", i)
		}
	}
	wrong := 0
	for i := range 10_000 {
		if f.testOrAdd(fmt.Sprintf("p\x00+1415555%04d", i)) {
			wrong++
		}
	}
	// Each part is sized for 1%; a key is tested against every part.
	if wrong > 10_000*len(f.parts)*2/100 {
		t.Errorf("%d of 10,000 keys never added were taken as held", wrong)
	}
}
