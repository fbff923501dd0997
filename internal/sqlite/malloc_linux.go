//go:build linux && cgo

package sqlite

/*
#include <malloc.h>

// rolo_keep_freed_memory raises glibc's trim threshold to 64 MiB. By
// default glibc hands the free memory at the top of each thread's heap
// back to the kernel (madvise) as soon as it passes 128 KiB, and SQLite's
// next allocation faults it back in page by page: during an import that
// churn took a third of the time. Other C libraries (musl) have no such
// threshold, and the call is left out.
static void rolo_keep_freed_memory(void) {
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}
*/
import "C"

import "sync"

var keepFreedOnce sync.Once

// keepFreedMemory stops the C allocator from returning freed memory to the
// kernel until 64 MiB of it is free, for the rest of the process. Bulk
// writes call it (largeCache). The rolo binary already has this setting
// from start-up (internal/pagefault needs it to keep its huge-page heap);
// the call is for programs without that package, such as this package's
// tests and in-process benchmarks.
func keepFreedMemory() { keepFreedOnce.Do(func() { C.rolo_keep_freed_memory() }) }
