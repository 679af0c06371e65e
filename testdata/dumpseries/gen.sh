#!/bin/sh
# testdata/dumpseries/gen.sh - build src/example.com/dumpseries (a program
# whose global slice sessions only grows) and have it write
# heapdump-00..03.bin.gz here (gzipped: heapdiff reads them as they are),
# with dumpseries.syms: the binary's ELF symbol table (as make-dump-syms.sh
# keeps it), which names the dumps' global variables.
# Needs Go (1.19 was used).  Run from anywhere: sh testdata/dumpseries/gen.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$tmp/cache" CGO_ENABLED=0
(cd "$here/src/example.com/dumpseries" &&
    go build -trimpath -buildvcs=false -o "$tmp/dumpseries" .)
"$tmp/dumpseries" -out "$here"
gzip -9 -f -n "$here"/heapdump-0[0-3].bin
objcopy --only-keep-debug -R '.debug_*' -R '.zdebug_*' "$tmp/dumpseries" \
    "$here/dumpseries.syms"
ls -l "$here"/heapdump-*.bin.gz "$here/dumpseries.syms"
