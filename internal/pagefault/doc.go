// Package pagefault cuts the page faults of a rolo process, which take
// more than half the time of a short command.
//
// On the virtual machines rolo is measured on, each page fault costs
// 10–75 µs, and a short command had 540 (`rolo --version`) to 1,450 (a
// million-contact `rolo search`): about 250 in fresh Go heap, spread over
// the runtime's size classes by the package initialisation of rolo's
// dependencies; about 110 in the executable's code and read-only data,
// faulted in 64 KiB at a time as execution reaches them; and in searches
// up to 1,000 in SQLite's memory from the C library's malloc (page cache,
// schema, full-text doclists). The package removes most of them in three
// ways, all on Linux only and all only advice to the kernel: where a
// kernel ignores it, rolo runs as it did before, no slower.
//
// The Go heap gets transparent huge pages. Most Linux systems map memory
// 2 MiB at a time only where the program asks (madvise mode), and the Go
// runtime does not ask. The runtime of a cgo program maps memory through
// the C library's mmap (runtime/cgo's x_cgo_mmap), so the package wraps
// that function at link time (-Wl,--wrap=mmap). The wrapper calls the
// real mmap and advises huge pages (MADV_HUGEPAGE) for the mappings that
// are the Go heap: anonymous, writable, MAP_FIXED and at least 4 MiB, the
// unit in which the runtime commits heap address space. Everything else
// mmap does, SQLite's mappings of its files included, passes through
// unchanged.
//
// So does the start of glibc's main heap. A C constructor, which runs
// before the Go runtime starts, makes malloc keep up to 64 MiB of freed
// memory rather than hand it back to the kernel and fault it in again (as
// imports already did). It then grows the main heap by 8 MiB from a
// 2 MiB boundary, advises huge pages for those 8 MiB and frees them back
// to malloc, which hands them out from there on. When the heap has to
// grow, requests of 128 KiB or more still get mappings of their own
// (glibc's starting threshold): growing the heap for them instead made
// million-contact imports 18% slower. Memory beyond the first 8 MiB,
// which only long imports and duplicate searches need, uses ordinary
// pages, and so do the heaps malloc makes for other threads. The main
// heap is the main thread's, so the package's init locks the main
// goroutine to that thread (a command's SQLite calls happen on the
// goroutine that makes them, and without the lock the runtime moved them
// to other threads, with other heaps, in one run out of three).
//
// The executable's read-only segments (code and constant data, some
// 14 MB, normally already in the page cache) are mapped in one call at
// start-up (MADV_POPULATE_READ, Linux 5.14 or later), which costs about
// 0.3 ms instead of a hundred faults. Right after a reboot, when the file
// is not yet cached, that call reads the whole of it from disk, once.
//
// If a later Go runtime or C library allocates some other way, the
// package's tests notice. A program opts in by importing the package for
// its side effect. On other systems, or without cgo, the package does
// nothing.
package pagefault
