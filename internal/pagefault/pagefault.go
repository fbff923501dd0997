//go:build linux && cgo

package pagefault

/*
#cgo LDFLAGS: -Wl,--wrap=mmap
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

// The Go heap.

void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
	void *p = __real_mmap(addr, len, prot, flags, fd, off);
	if (p != MAP_FAILED && (flags & MAP_ANONYMOUS) && (flags & MAP_FIXED) &&
		(prot & PROT_WRITE) && len >= ((size_t)4 << 20)) {
		int saved = errno;
		madvise(p, len, MADV_HUGEPAGE);
		errno = saved;
	}
	return p;
}

// The start of glibc's main heap.

#ifdef __GLIBC__
#define ROLO_HUGE_PAGE ((uintptr_t)2 << 20)
#define ROLO_HUGE_HEAP ((size_t)8 << 20)

// rolo_huge_malloc_heap sets malloc up as the package comment says. The
// break is first moved to one page short of a 2 MiB boundary, so that
// the only pages malloc writes while growing the heap (the new chunk's
// header, and the header of the space left after it) lie outside the
// advised range, which is then still untouched when the advice is given.
__attribute__((constructor)) static void rolo_huge_malloc_heap(void) {
	mallopt(M_TRIM_THRESHOLD, 64 << 20);

	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	void *brk = sbrk(0);
	if (brk == (void *)-1) {
		return;
	}
	uintptr_t cur = (uintptr_t)brk;
	uintptr_t huge = (cur + page + ROLO_HUGE_PAGE - 1) & ~(ROLO_HUGE_PAGE - 1);
	if (sbrk(huge - page - cur) == (void *)-1) {
		return;
	}
	// The 8 MiB request must come from the heap, not a mapping of its own.
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	char *p = malloc(ROLO_HUGE_HEAP + 2 * page);
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
	if (p == NULL) {
		return;
	}
	if ((uintptr_t)p <= huge && huge <= (uintptr_t)p + 2 * page) {
		madvise((void *)huge, ROLO_HUGE_HEAP, MADV_HUGEPAGE);
	}
	free(p);
}
#endif

static uintptr_t rolo_malloc_probe(void) {
	void *p = malloc(1 << 20);
	free(p);
	return (uintptr_t)p;
}

// The executable's read-only segments. dl_iterate_phdr reports the
// program itself first; returning 1 stops it there. The counts are for
// the tests.

static int rolo_segments_populated, rolo_segments_failed;

static int rolo_populate_program(struct dl_phdr_info *info, size_t size, void *data) {
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W)) {
			continue;
		}
		uintptr_t start = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
		uintptr_t end = info->dlpi_addr + ph->p_vaddr + ph->p_filesz;
		if (madvise((void *)start, end - start, MADV_POPULATE_READ) == 0) {
			rolo_segments_populated++;
		} else {
			rolo_segments_failed++;
		}
	}
	return 1;
}

static int rolo_populated(void) { return rolo_segments_populated; }
static int rolo_populate_failed(void) { return rolo_segments_failed; }

__attribute__((constructor)) static void rolo_populate_program_text(void) {
	dl_iterate_phdr(rolo_populate_program, NULL);
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

// populated returns how many of the executable's read-only segments the
// start-up call mapped, and for how many the kernel refused it (before
// Linux 5.14, all of them), for the package's tests.
func populated() (ok, failed int) {
	return int(C.rolo_populated()), int(C.rolo_populate_failed())
}
