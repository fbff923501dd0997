//go:build linux && cgo

package hugepage

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// sink makes the test's probe escape to the heap.
var sink *[64]byte

// TestHeapHasHugePages checks that the mapping holding the Go heap carries
// the huge-page advice (VmFlags "hg" in /proc/self/smaps). It fails if the
// runtime stops mapping its heap through the C library's mmap, the one
// thing the package relies on.
func TestHeapHasHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skip("this kernel has no transparent huge pages")
	}
	sink = new([64]byte)
	addr := uint64(uintptr(unsafe.Pointer(sink)))
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	var inHeap bool
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if lo, hi, ok := mappingRange(line); ok {
			inHeap = lo <= addr && addr < hi
			continue
		}
		if inHeap && strings.HasPrefix(line, "VmFlags:") {
			if !strings.Contains(line+" ", " hg ") {
				t.Fatalf("the Go heap at %#x is not advised huge pages: %s", addr, line)
			}
			return
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("no mapping in /proc/self/smaps holds the Go heap at %#x", addr)
}

// mappingRange parses the address range that starts an smaps entry, as in
// "7f12a0000000-7f12a4000000 rw-p 00000000 00:00 0".
func mappingRange(line string) (lo, hi uint64, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	a, b, found := strings.Cut(field, "-")
	if !found {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseUint(a, 16, 64)
	hi, err2 := strconv.ParseUint(b, 16, 64)
	return lo, hi, err1 == nil && err2 == nil
}
