# rolo's build. Every target uses the same build tags, so that tests,
# benchmarks, fuzzing and releases build the same SQLite (with FTS5).
# The binary is linked statically, which saves the dynamic loader's work at
# every start (about a quarter of `rolo --version`); the other tags keep
# that static binary free of glibc's run-time dependencies (no SQLite
# extension loading, pure-Go user and DNS lookups). On a system without a
# static C library (Fedora: glibc-static), build with `make LINKMODE=`.
TAGS     := sqlite_fts5 sqlite_omit_load_extension netgo osusergo
PKG      := github.com/rolo-cli/rolo
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LINKMODE ?= -linkmode external -extldflags -static
LDFLAGS  := -s -w $(LINKMODE) -X $(PKG)/internal/cli.Version=$(VERSION)
PREFIX   ?= /usr/local
BENCHTIME ?= 1s
FUZZTIME ?= 30s

export CGO_ENABLED := 1

.PHONY: all build install test bench reliability fuzz completions lint clean

all: build

build:
	go build -tags '$(TAGS)' -trimpath -ldflags '$(LDFLAGS)' -o bin/rolo ./cmd/rolo

# Installs to $(PREFIX)/bin (default /usr/local/bin); without root use
# `make install PREFIX=$$HOME/.local`.
install: build
	install -d '$(DESTDIR)$(PREFIX)/bin'
	install -m 0755 bin/rolo '$(DESTDIR)$(PREFIX)/bin/rolo'

test:
	go vet -tags '$(TAGS)' ./...
	go test -tags '$(TAGS)' -count=1 -timeout 14m ./...

bench:
	go test -tags '$(TAGS)' -run '^$$' -bench . -benchmem -benchtime '$(BENCHTIME)' ./...

# The reliability tests at full size (make test runs them short): rolo
# killed with SIGKILL at random points of imports, bulk edits, adds,
# merges, backups and restores; 8 writers, an exporter and a bulk editor on one database; a full
# disk and a read-only file (as root). Each test prints its figures:
# operations, kills, integrity failures, lost or duplicated rows,
# "database is locked" failures. ROLO_CRASH_SEED=N seeds the crash test's
# choices (operations, sizes, kill delays).
reliability:
	ROLO_RELIABILITY=long go test -tags '$(TAGS)' -count=1 -timeout 15m -v ./internal/reliability

# Runs every fuzz target (func FuzzXxx in a _test.go file) for FUZZTIME
# each and prints the executions it reached. A failure stops the run; its
# input is saved under the package's testdata/fuzz, where go test replays
# it from then on.
fuzz:
	@log=$$(mktemp); \
	for file in $$(grep -rl --include='*_test.go' '^func Fuzz' internal cmd | sort); do \
		pkg=./$$(dirname $$file); \
		for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$file); do \
			printf '%-22s %-22s ' "$$name" "$$pkg"; \
			if go test -tags '$(TAGS)' -run '^$$' -fuzz "^$$name\$$" -fuzztime '$(FUZZTIME)' "$$pkg" > $$log 2>&1; then \
				grep -o 'execs: [0-9]*' $$log | tail -n 1; \
			else \
				echo FAILED; cat $$log; rm -f $$log; exit 1; \
			fi; \
		done; \
	done; \
	rm -f $$log

completions: build
	bin/rolo completion bash > completions/rolo.bash
	bin/rolo completion zsh > completions/_rolo
	bin/rolo completion fish > completions/rolo.fish
	bin/rolo completion powershell > completions/rolo.ps1

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	go vet -tags '$(TAGS)' ./...

clean:
	rm -rf bin
