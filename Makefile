# rolo's build. Every target uses the same build tags, so that tests,
# benchmarks, fuzzing and releases build the same SQLite (with FTS5).
TAGS     := sqlite_fts5
PKG      := github.com/rolo-cli/rolo
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X $(PKG)/internal/cli.Version=$(VERSION)
PREFIX   ?= /usr/local
BENCHTIME ?= 1s

export CGO_ENABLED := 1

.PHONY: all build install test bench completions lint clean

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
	go test -tags '$(TAGS)' -count=1 ./...

bench:
	go test -tags '$(TAGS)' -run '^$$' -bench . -benchmem -benchtime '$(BENCHTIME)' ./...

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
