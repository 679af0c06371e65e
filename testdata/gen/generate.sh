#!/bin/sh
# testdata/gen/generate.sh - build and run heapdiff's own leak generator
# programs (src/<name>/main.go, Go module example.com/hdgen) and write each
# one's snapshot series into <name>/: heap-00..07.pb.gz and
# goroutine-00..07.pb.gz, plus <name>/truth.json copied from
# src/<name>/truth.json (the leaking functions, the pattern heapdiff must
# name, and the noise functions that must never be suspects).
#
# Needs Go (1.19 was used: /usr/lib/go-1.19).  The generated files are
# committed, so the tests need no Go.  Run from anywhere:
#     sh testdata/gen/generate.sh [NAME...]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
names=${*:-"tickers chansend mapgrow listeners steady httpbody mutexwait selectwait chanrecv parked slicegrow"}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT INT TERM

export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$bin/cache" CGO_ENABLED=0
cd "$here/src"
for n in $names; do
	go build -trimpath -o "$bin/$n" "./$n"
	rm -rf "${here:?}/$n"
	mkdir -p "$here/$n"
	"$bin/$n" -out "$here/$n"
	cp "$here/src/$n/truth.json" "$here/$n/truth.json"
	echo "$n: $(ls "$here/$n" | wc -l) files"
done
