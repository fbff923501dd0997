// Package reliability proves that rolo loses nothing under faults: whole
// rolo processes killed with SIGKILL in the middle of imports, bulk edits,
// adds, merges, backups and restores (crash_test.go); several processes
// writing, exporting and editing one database at once
// (concurrency_test.go); and hostile conditions a test script cannot
// create: a read-only file for a non-root user, a full disk (a small tmpfs
// as root, a file-size limit otherwise), a failing stdout
// (hostile_test.go).
//
// It has no code of its own. `go test` runs a short version of each test
// (under a minute together); ROLO_RELIABILITY=long runs the full one, as
// `make reliability` does, and the tests print what they did: operations,
// kills, integrity failures, lost or duplicated rows and "database is
// locked" failures, all of which but the first two must be 0.
package reliability
