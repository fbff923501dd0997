//go:build linux && cgo

// Package hugepage asks Linux to back the Go heap with transparent huge
// pages, which makes every rolo command start faster.
//
// A short command such as `rolo show ID` touches about 1 MB of fresh Go
// heap during package initialisation and its own work. With 4 KiB pages
// that is some 250 page faults, and on the virtual machines rolo is
// measured on each fault costs 10–75 µs: about half of the process's
// faults and of its start-up time. Most Linux systems enable transparent
// huge pages only for memory that asks for them (madvise mode), and the Go
// runtime no longer asks. Marked with MADV_HUGEPAGE, the first touch of
// the heap maps one 2 MiB page instead.
//
// The runtime of a cgo program maps memory through the C library's mmap
// (runtime/cgo's x_cgo_mmap), so the package wraps that function at link
// time (-Wl,--wrap=mmap): the wrapper calls the real mmap and then
// advises huge pages for the only mappings that are the Go heap, anonymous
// writable MAP_FIXED mappings of at least 4 MiB, the unit in which the
// runtime commits heap address space. Everything else mmap does, SQLite's
// mappings of its files included, passes through unchanged. The advice is
// only advice: where transparent huge pages are disabled, or set to
// always, it changes nothing, and if a later Go runtime maps its heap some
// other way, rolo starts as it did before, no slower. TestHeapHasHugePages
// notices that case.
//
// A program opts in by importing the package for its side effect.
package hugepage

/*
#cgo LDFLAGS: -Wl,--wrap=mmap
#include <stddef.h>
#include <sys/mman.h>
#include <sys/types.h>

void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
	void *p = __real_mmap(addr, len, prot, flags, fd, off);
	if (p != MAP_FAILED && (flags & MAP_ANONYMOUS) && (flags & MAP_FIXED) &&
		(prot & PROT_WRITE) && len >= ((size_t)4 << 20)) {
		madvise(p, len, MADV_HUGEPAGE);
	}
	return p;
}
*/
import "C"
