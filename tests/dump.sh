#!/bin/sh
# tests/dump.sh - the heap dump commands end to end on the Go scenarios'
# heapdump-07.bin: top, retained (header, leak roots named from the
# program's symbols, --path, -base, -json), goroutines, the store (import,
# @ID gives the same report as the file) and usage errors.  Expected figures
# come from each scenario's truth.json (live objects and bytes, per-site
# bytes, goroutine counts) and from its source (the leak's variable).
# Ends with "N passed, N failed".

. "$(dirname "$0")/lib.sh"

# expect_line TEXT DESC: stdout has exactly this line.
expect_line() {
	if grep -qxF -- "$1" "$tmp/out"; then ok; else
		bad "$2: no line '$1' in:"; head -20 "$tmp/out"; fi
}
# expect_line_n N TEXT DESC: line N of stdout is exactly TEXT.
expect_line_n() {
	if [ "$(sed -n "${1}p" "$tmp/out")" = "$2" ]; then ok; else
		bad "$3: line $1 is '$(sed -n "${1}p" "$tmp/out")', want '$2'"; fi
}

# --- top: live bytes by allocation site (truth.json live_sampled_by_site)
run -top -unit=B auditlog/heapdump-07.bin
expect_status 0 "top on a dump"
expect_line "Showing nodes accounting for 504608B, 96.60% of 522352B total" "top total = object_bytes"
expect_line "   315136B 60.33% 60.33%    315136B 60.33%  main.recordAudit" "top main.recordAudit"
# -base between dumps works through the profile model (truth.json: the
# sites' live bytes).
run -top -unit=B -base condwait/heapdump-07.bin auditlog/heapdump-07.bin
expect_line "   315136B 30.12% 30.12%    315136B 30.12%  main.recordAudit" "top -base of dumps, grown"
expect_line "  -256000B 24.46%  5.65%   -256000B 24.46%  main.submitJob" "top -base of dumps, gone"
run -top -sample_index=inuse_objects condwait/heapdump-07.bin
expect_line "       320 20.28% 47.08%        320 20.28%  main.submitJob" "top objects main.submitJob"

# --- retained: header, leak roots by name, sites
run retained -unit=B auditlog/auditlog.syms auditlog/heapdump-07.bin
expect_status 0 "retained"
expect_line_n 2 "Live: 1868 objects, 522352B (memstats HeapObjects 1868, HeapAlloc 522352B)" "retained header"
expect_line_n 8 "   315136B    60.33%      1201  bss               main.auditTrail" "auditlog leak root first"
expect_line "   315136B    60.33%      1201    315136B      1201  main.recordAudit" "retained by site"
run retained -unit=B -nodecount=1 blockindex/blockindex.syms blockindex/heapdump-07.bin
expect_line_n 2 "Live: 875 objects, 2884616B (memstats HeapObjects 875, HeapAlloc 2884616B)" "blockindex header"
# The index map pins 40 live 64 KiB blocks (truth: 2621440 B of 65536 B
# objects) through 24-byte sub-slices: the first retainer holds them all.
if sed -n 8p "$tmp/out" | awk '{ sub(/B$/, "", $1); exit !($1 >= 2621440 && $NF == "*main.index") }'; then ok; else
	bad "blockindex leak root first: $(sed -n 8p "$tmp/out")"; fi
run retained -unit=kB baseline/heapdump-07.bin
expect_line_n 2 "Live: 8963 objects, 1082.32kB (memstats HeapObjects 8963, HeapAlloc 1082.32kB)" "-unit=kB"

# --path: from the leak's variable to a record (interior address).
run retained -unit=B --path 0xc0000820d8 auditlog/auditlog.syms auditlog/heapdump-07.bin
expect_status 0 "--path"
expect_line "  main.auditTrail (bss)" "--path starts at the root"
expect_line "  -> 0xc0000820d0 208B main.recordAudit, retains 208B" "--path ends at the object"
run retained --path 0x10 auditlog/heapdump-07.bin
expect_status 1 "--path outside every object"
expect_err "heapdiff: auditlog/heapdump-07.bin: no object contains address 0x10" "--path outside"
run retained --path zz auditlog/heapdump-07.bin
expect_status 1 "--path not an address"

# -base: aggregates compared by root and by site.
run retained -unit=B -nodecount=3 -base condwait/heapdump-07.bin auditlog/heapdump-07.bin
expect_status 0 "retained -base"
expect_line_n 1 "Live: 1578 -> 1868 objects (+290), 691016B -> 522352B (-168664B)" "-base header"
expect_line "   +315136B          0    315136B     +1201  main.recordAudit" "-base site grown"
expect_line "   -368640B    368640B          0      -480  main.submitJob" "-base site gone"
# Stack roots compare by function: the 160 leaked goroutines' frames hold
# main.submitJob's and main.awaitCompletion's objects (truth.json: 256000 B
# in 320 objects and 112640 B in 160).
run retained -unit=B -nodecount=0 -base auditlog/heapdump-07.bin condwait/heapdump-07.bin
expect_line "   +368640B          0    368640B      +480  main.submitJob.func1 (stack)" "-base stack roots by function"
run retained -base auditlog/heapdump-07.bin auditlog/heapdump-07.bin
expect_line_n 1 "Live: 1868 -> 1868 objects (+0), 510.11kB -> 510.11kB (0)" "-base of itself"

# -json
run retained -json -nodecount=1 auditlog/auditlog.syms auditlog/heapdump-07.bin
expect_status 0 "retained -json"
if grep -qF '"roots":[{"name":"main.auditTrail","kind":"bss","retained_bytes":315136,"retained_objects":1201,' "$tmp/out"; then ok; else bad "retained -json root"; fi
if grep -qF '"objects":1868,"bytes":522352,' "$tmp/out"; then ok; else bad "retained -json totals"; fi

# --- goroutines (truth.json goroutines_by_wait / by_main_func)
run goroutines condwait/heapdump-07.bin
expect_status 0 "goroutines"
expect_line_n 1 "Goroutines: 172 (166 user, 6 system) in 9 groups" "goroutines header"
expect_line "    160  waiting    sync.Cond.Wait         main.awaitCompletion" "the goroutine leak"
expect_line "      4  waiting    chan receive           main.pipelineStage" "the pool"
run goroutines -base auditlog/heapdump-07.bin condwait/heapdump-07.bin
expect_line "   +160       0     160  waiting    sync.Cond.Wait         main.awaitCompletion" "goroutines -base"
run goroutines -json baseline/heapdump-07.bin
if grep -qF '{"count":4,"state":"waiting","wait_reason":"chan receive","function":"main.pipelineStage","system":false}' "$tmp/out"; then ok; else bad "goroutines -json"; fi

# --- the store: a dump imported keeps its graph; @ID reports as the file
db=$tmp/s.db
run import --db "$db" auditlog/heapdump-07.bin condwait/heapdump-07.bin
expect_status 0 "import dumps"
run retained -json auditlog/heapdump-07.bin
cp "$tmp/out" "$tmp/file.json"
run retained -json --db "$db" @1
if cmp -s "$tmp/out" "$tmp/file.json"; then ok; else bad "retained @1 differs from the file"; fi
run goroutines --db "$db" @2
expect_line "    160  waiting    sync.Cond.Wait         main.awaitCompletion" "goroutines of a stored dump"
run retained --db "$db" -base @2 @1 -unit=B -nodecount=2
expect_line "   +315136B          0    315136B     +1201  main.recordAudit" "-base of stored dumps"
run -top -unit=B --db "$db" @1
expect_line "   315136B 60.33% 60.33%    315136B 60.33%  main.recordAudit" "top of a stored dump"

# --- usage and input errors
run retained auditlog/heap-07.pb.gz
expect_status 2 "retained on a profile"
expect_err "heapdiff: auditlog/heap-07.pb.gz: not a Go heap dump (retained needs the object graph of runtime/debug.WriteHeapDump)" "retained on a profile"
run retained
expect_status 1 "retained without a dump"
run retained auditlog/heapdump-07.bin condwait/heapdump-07.bin
expect_status 1 "retained with two dumps"
run goroutines bad/godump-unknown-tag.bin
expect_status 2 "goroutines on a bad dump"
run retained auditlog/truth.json auditlog/heapdump-07.bin
expect_status 1 "a non-ELF first argument is a second dump"

# --- the man page's and README's heap dump examples run
cp "$TESTDATA/auditlog/auditlog.syms" "$tmp/auditlog"
cp "$TESTDATA/auditlog/heapdump-07.bin" "$tmp/"
(cd "$tmp" &&
	"$HEAPDIFF" retained -unit=B ./auditlog heapdump-07.bin >/dev/null &&
	"$HEAPDIFF" retained --path 0xc0000820d8 ./auditlog heapdump-07.bin >/dev/null &&
	"$HEAPDIFF" goroutines heapdump-07.bin >/dev/null &&
	"$HEAPDIFF" top heapdump-07.bin >/dev/null &&
	"$HEAPDIFF" retained -base heapdump-07.bin heapdump-07.bin >/dev/null) 2>"$tmp/err"
status=$?
expect_status 0 "man page examples"
run help retained
expect_line "usage: heapdiff retained [FLAGS] [BINARY] DUMP" "help retained"
run --help
if grep -q "^  retained " "$tmp/out" && grep -q "^  goroutines " "$tmp/out" && grep -qF -- "--path ADDR" "$tmp/out"; then ok; else bad "--help lists the dump commands and flags"; fi

finish
