#!/bin/sh
# make-dump-syms.sh - rebuild the symbol files <scenario>/<scenario>.syms
# that name heap dump roots (heapdiff retained <scenario>.syms heapdump-07.bin).
#
# Go builds are reproducible: building src/example.com/<scenario> with the Go
# that ran the scenario (go1.19.8), -trimpath and no VCS stamp gives the very
# binary that wrote heapdump-07.bin (its .data and .bss start where the dump's
# data and bss records say).  Only its ELF symbol table is kept
# (objcopy --only-keep-debug without the DWARF sections), about 160 KB.
# Run from testdata/: sh make-dump-syms.sh
set -eu
want=go1.19.8
have=$(go env GOVERSION)
[ "$have" = "$want" ] || { echo "need $want, have $have" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in auditlog baseline blockindex condwait; do
	cp -r "$s/src/example.com/$s" "$tmp/$s"
	rm -f "$tmp/$s/truth.spec.json"
	(cd "$tmp/$s" && go build -trimpath -buildvcs=false -o "$tmp/$s.bin" .)
	objcopy --only-keep-debug -R '.debug_*' -R '.zdebug_*' "$tmp/$s.bin" \
	    "$s/$s.syms"
	echo "$s/$s.syms"
done
