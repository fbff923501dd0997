//go:build linux && cgo

// Package hugepage asks Linux to back rolo's memory with transparent huge
// pages, which halves the time of a short command.
//
// A short command touches a few megabytes of fresh memory: about 1 MB of
// Go heap for package initialisation and its own work, and up to 3 MB of
// C heap for SQLite's schema, page cache and full-text doclists. With
// 4 KiB pages that was 700–1,100 page faults for `rolo show` and
// `rolo search`, and on the virtual machines rolo is measured on each
// fault costs 10–75 µs: more than half of those commands' time. Most
// Linux systems enable transparent huge pages only for memory that asks
// for them (madvise mode), and neither the Go runtime nor glibc's malloc
// asks by default. Memory marked with MADV_HUGEPAGE is mapped 2 MiB at a
// time on first touch instead. The advice is only advice: where
// transparent huge pages are disabled or always on, it changes nothing.
//
// The Go heap: the runtime of a cgo program maps memory through the C
// library's mmap (runtime/cgo's x_cgo_mmap), so the package wraps that
// function at link time (-Wl,--wrap=mmap). The wrapper calls the real mmap
// and advises huge pages for the mappings that are the Go heap: anonymous,
// writable, MAP_FIXED and at least 4 MiB, the unit in which the runtime
// commits heap address space. Everything else mmap does, SQLite's mappings
// of its files included, passes through unchanged.
//
// The C heap: a constructor, which runs before the Go runtime starts,
// makes glibc's malloc keep up to 64 MiB of freed memory rather than hand
// it back to the kernel and fault it in again (as imports already did).
// It then grows the main heap by 8 MiB from a 2 MiB boundary, advises
// huge pages for those 8 MiB and frees them back to malloc, which hands
// them out from there on. Requests of 128 KiB or more still get mappings
// of their own: serving them from the heap too made million-contact
// imports 18% slower. Memory beyond the first 8 MiB, which only long imports and
// duplicate searches need, uses ordinary pages, and so do the heaps
// malloc makes for other threads. The main heap is the main thread's, so
// the package's init locks the main goroutine to that thread (a command's
// SQLite calls happen on the goroutine that makes them, and without the
// lock the runtime moved them to other threads, with other heaps, in one
// run out of three).
//
// If a later Go runtime or C library allocates some other way, rolo runs
// as it did before, no slower. The package's tests notice that case.
//
// A program opts in by importing the package for its side effect.
package hugepage

/*
#cgo LDFLAGS: -Wl,--wrap=mmap
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
	void *p = __real_mmap(addr, len, prot, flags, fd, off);
	if (p != MAP_FAILED && (flags & MAP_ANONYMOUS) && (flags & MAP_FIXED) &&
		(prot & PROT_WRITE) && len >= ((size_t)4 << 20)) {
		madvise(p, len, MADV_HUGEPAGE);
	}
	return p;
}

#ifdef __GLIBC__
#define ROLO_HUGE_PAGE ((uintptr_t)2 << 20)
#define ROLO_HUGE_HEAP ((size_t)8 << 20)

// rolo_huge_malloc_heap sets malloc up as the package comment says. The
// break is first moved to one page short of a 2 MiB boundary, so that
// the only pages malloc writes while growing the heap (the new chunk's
// header, and the header of the space left after it) lie outside the
// advised range, which is then still untouched when the advice is given.
__attribute__((constructor)) static void rolo_huge_malloc_heap(void) {
	mallopt(M_MMAP_THRESHOLD, 32 << 20); // for the 8 MiB request only
	mallopt(M_TRIM_THRESHOLD, 64 << 20);

	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t cur = (uintptr_t)sbrk(0);
	uintptr_t huge = (cur + page + ROLO_HUGE_PAGE - 1) & ~(ROLO_HUGE_PAGE - 1);
	if (cur == (uintptr_t)-1 || sbrk(huge - page - cur) == (void *)-1) {
		return;
	}
	char *p = malloc(ROLO_HUGE_HEAP + 2 * page);
	if (p == NULL) {
		return;
	}
	if ((uintptr_t)p <= huge && huge <= (uintptr_t)p + 2 * page) {
		madvise((void *)huge, ROLO_HUGE_HEAP, MADV_HUGEPAGE);
	}
	free(p);
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
}
#endif

static uintptr_t rolo_malloc_probe(void) {
	void *p = malloc(1 << 20);
	free(p);
	return (uintptr_t)p;
}
*/
import "C"

import "runtime"

// init runs main on the startup thread, whose malloc heap is the advised
// one (see the package comment). Init functions run on that thread, and a
// lock taken in one holds for main.
func init() { runtime.LockOSThread() }

// mallocProbe returns the address of a 1 MiB block from the C heap, for
// the package's tests (cgo cannot be used in test files). Small blocks may
// come from the few pages malloc had before the constructor ran.
func mallocProbe() uint64 { return uint64(C.rolo_malloc_probe()) }
