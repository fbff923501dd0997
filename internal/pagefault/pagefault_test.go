//go:build linux && cgo

package pagefault

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
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
		m, err := mappingOf(probe.addr)
		if err != nil {
			t.Fatalf("%s: %v", probe.heap, err)
		}
		if !strings.Contains(" "+m["VmFlags"]+" ", " hg ") {
			t.Errorf("the %s at %#x is not advised huge pages: VmFlags %s", probe.heap, probe.addr, m["VmFlags"])
		}
	}
}

// TestProgramCodeIsMapped checks that the whole of the executable's code
// is mapped when the program starts, not only the pages it has run. (A
// file just written by the linker may be cached in large folios, which
// the kernel maps whole on the first fault, so the count of segments is
// what fails when the start-up call does not run.)
func TestProgramCodeIsMapped(t *testing.T) {
	ok, failed := populated()
	if ok == 0 && failed > 0 {
		t.Skip("this kernel cannot populate mappings (MADV_POPULATE_READ needs Linux 5.14)")
	}
	if ok < 2 || failed > 0 {
		t.Fatalf("start-up mapped %d read-only segments of the executable (code and constant data), and failed on %d", ok, failed)
	}
	addr := uint64(reflect.ValueOf(mappingOf).Pointer())
	m, err := mappingOf(addr)
	if err != nil {
		t.Fatal(err)
	}
	if m["Rss"] != m["Size"] {
		t.Errorf("the code mapping at %#x has %s of its %s mapped", addr, m["Rss"], m["Size"])
	}
}

// mappingOf returns the fields ("Size", "Rss", "VmFlags"...) of the
// /proc/self/smaps entry of the mapping that holds addr.
func mappingOf(addr uint64) (map[string]string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var fields map[string]string
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if lo, hi, ok := mappingRange(line); ok {
			if fields != nil {
				return fields, nil
			}
			if lo <= addr && addr < hi {
				fields = map[string]string{}
			}
			continue
		}
		if key, value, ok := strings.Cut(line, ":"); ok && fields != nil {
			fields[key] = strings.TrimSpace(value)
		}
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	if fields == nil {
		return nil, fmt.Errorf("no mapping in /proc/self/smaps holds %#x", addr)
	}
	return fields, nil
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
