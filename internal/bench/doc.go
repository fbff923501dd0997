// Package bench holds rolo's end-to-end benchmarks: whole `rolo` processes
// (startup, config, database open, the command, exit) and the store
// operations behind them, on a generated database of 100,000 contacts.
// It has no code of its own; run it with `make bench`.
//
// Targets: `rolo --version` under 10 ms, `rolo show ID` on 100,000
// contacts under 15 ms.
package bench
