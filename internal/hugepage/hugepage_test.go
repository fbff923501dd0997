//go:build linux && cgo

package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// sink makes the test's probe escape to the heap.
var sink *[64]byte

// mainMalloc is a C heap address allocated by the main goroutine, which
// the package's init keeps on the main thread, as rolo's commands are.
// Test functions run on other goroutines, whose allocations may come from
// malloc's other heaps.
var mainMalloc uint64

func TestMain(m *testing.M) {
	mainMalloc = mallocProbe()
	os.Exit(m.Run())
}

// TestHeapHasHugePages checks that the mappings holding the Go heap and
// the C heap carry the huge-page advice (VmFlags "hg" in
// /proc/self/smaps). It fails if the Go runtime stops mapping its heap
// through the C library's mmap, or malloc stops allocating from the
// advised range: the two things the package relies on.
func TestHeapHasHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skip("this kernel has no transparent huge pages")
	}
	sink = new([64]byte)
	for _, probe := range []struct {
		heap string
		addr uint64
	}{
		{"Go heap", uint64(uintptr(unsafe.Pointer(sink)))},
		{"C heap", mainMalloc},
	} {
		flags, err := vmFlags(probe.addr)
		if err != nil {
			t.Fatalf("%s: %v", probe.heap, err)
		}
		if !strings.Contains(flags+" ", " hg ") {
			t.Errorf("the %s at %#x is not advised huge pages: %s", probe.heap, probe.addr, flags)
		}
	}
}

// vmFlags returns the VmFlags line of the mapping that holds addr.
func vmFlags(addr uint64) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	var inside bool
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if lo, hi, ok := mappingRange(line); ok {
			inside = lo <= addr && addr < hi
			continue
		}
		if inside && strings.HasPrefix(line, "VmFlags:") {
			return line, nil
		}
	}
	if err := s.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping in /proc/self/smaps holds %#x", addr)
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
