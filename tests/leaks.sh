#!/bin/sh
# tests/leaks.sh - trend and leaks end to end over the snapshot series in
# testdata/ (condwait, blockindex, auditlog, baseline) and testdata/gen/
# (heapdiff's own generator programs): the first suspect and its pattern as
# truth.json says, nothing on the controls, -json and -csv, --fail-on and
# its exit status 4, series from a store, the order of the snapshots, the
# progress bar (only on a terminal) and ASCII sparklines.  Runs the built
# binary; ends with "N passed, N failed".

. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

# Globs in the arguments name files under testdata/, so run from there.
cd "$TESTDATA" || exit 1

# first_suspect DIR PATTERN: leaks -json's first suspect is one of
# truth.json's leak_functions, with pattern PATTERN.
first_suspect() {
	run leaks -json "$1"/heap-*.pb.gz "$1"/goroutine-*.pb.gz
	expect_status 0 "leaks $1"
	fn=$(sed -n 's/^  {"rank": 1, "function": "\([^"]*\)".*/\1/p' "$tmp/out")
	pat=$(sed -n 's/^  {"rank": 1, .*"pattern": "\([^"]*\)".*/\1/p' "$tmp/out")
	leaking=$(tr -d '\n' <"$TESTDATA/$1/truth.json" |
		sed 's/.*"leak_functions": *\[\([^]]*\)\].*/\1/')
	case "$leaking" in
	*"\"$fn\""*) ok ;;
	*) bad "leaks $1: first suspect '$fn' is not in $leaking" ;;
	esac
	[ "$pat" = "$2" ] && ok || bad "leaks $1: pattern '$pat', want $2"
}

# --- the first suspect on every leaking series --------------------------------
first_suspect condwait cond
first_suspect blockindex subslice
first_suspect auditlog global-slice
first_suspect gen/tickers ticker
first_suspect gen/chansend chan-send
first_suspect gen/mapgrow map
first_suspect gen/listeners listener
first_suspect gen/httpbody http
first_suspect gen/mutexwait mutex
first_suspect gen/selectwait select
first_suspect gen/chanrecv chan-recv
first_suspect gen/parked nil-chan
first_suspect gen/slicegrow slice

# --- controls: an empty list ----------------------------------------------------
for d in baseline gen/steady; do
	run leaks -json "$d"/heap-*.pb.gz "$d"/goroutine-*.pb.gz
	expect_status 0 "leaks $d"
	expect_out_has '"suspects": []}' "leaks -json $d is empty"
	run leaks "$d"/heap-*.pb.gz "$d"/goroutine-*.pb.gz
	expect_out_has "No leak suspects (8 heap, 8 goroutine snapshots)." \
		"leaks $d text"
done

# --- text output: pattern, fix, evidence ----------------------------------------
run leaks auditlog/heap-*.pb.gz auditlog/goroutine-*.pb.gz
expect_out_has "1. main.recordAudit  score 100  [auditlog]" "leaks text rank"
expect_out_has "   pattern: a package-level slice accumulating forever" \
	"leaks text pattern"
expect_out_has "   fix:     bound the slice" "leaks text fix"
expect_out_has "   inuse_space   41.09kB -> 307.75kB (+266.66kB" \
	"leaks text evidence"
expect_out_has "grew 7/7, MK p=0.00042, R2=1.00" "leaks text steadiness"
run leaks condwait/heap-*.pb.gz condwait/goroutine-*.pb.gz
expect_out_has "   goroutines    20 -> 160 (+140" "goroutine evidence"
expect_out_has "   parked in     runtime.gopark <- runtime.goparkunlock <- sync.runtime_notifyListWait <- sync.(*Cond).Wait <- main.awaitCompletion" \
	"goroutine stack"
run leaks -json condwait/heap-*.pb.gz condwait/goroutine-*.pb.gz
expect_out_has '"goroutines": {"sample_type": "goroutines", "unit": "count", "values": [20, 40, 60, 80, 100, 120, 140, 160]' \
	"leaks -json goroutine evidence"
expect_out_has '"score": 100,' "leaks -json score"

# --- alloc_* is never judged ----------------------------------------------------
run leaks -sample_index=alloc_space auditlog/heap-*.pb.gz
expect_status 1 "leaks -sample_index=alloc_space"
expect_err "heapdiff: alloc_space only ever grows (it counts every allocation, freed or not); leaks judges live memory (inuse_space)" \
	"leaks alloc_space"

# --- --fail-on -------------------------------------------------------------------
run leaks --fail-on=1MB blockindex/heap-*.pb.gz
expect_status 4 "--fail-on=1MB on blockindex (+3.19MB)"
expect_err "heapdiff: leak suspect main.readBlock grows past --fail-on=1MB" \
	"--fail-on message"
run leaks --fail-on=100MB blockindex/heap-*.pb.gz
expect_status 0 "--fail-on=100MB on blockindex"
run leaks --fail-on=1MB/min auditlog/heap-*.pb.gz
expect_status 4 "--fail-on=1MB/min on auditlog (5.8MB/min)"
run leaks --fail-on=1GB/min auditlog/heap-*.pb.gz
expect_status 0 "--fail-on=1GB/min on auditlog"
run leaks --fail-on=1kB baseline/heap-*.pb.gz baseline/goroutine-*.pb.gz
expect_status 0 "--fail-on on baseline"
run leaks --fail-on=lots auditlog/heap-*.pb.gz
expect_status 1 "--fail-on=lots"
expect_err "heapdiff: --fail-on wants a size (1MB) or a rate (100kB/min), not 'lots'" \
	"--fail-on=lots message"
run leaks -csv auditlog/heap-*.pb.gz
expect_status 1 "leaks -csv"

# --- trend -----------------------------------------------------------------------
run trend -nodecount=2 condwait/heap-*.pb.gz
expect_status 0 "trend"
expect_out_has "Series: condwait heap, 8 snapshots over" "trend header"
expect_out_has "Type: inuse_space (flat)" "trend type"
expect_out_has "   31.25kB      250kB   +218.75kB" "trend first row"
expect_out_has "7/7  0.00042  1.00  ▁▂▃▄▅▆▇█ main.submitJob" "trend sparkline"
[ "$(wc -l <"$tmp/out")" -eq 5 ] && ok || bad "trend -nodecount=2: $(wc -l <"$tmp/out") lines"
run trend --ascii -nodecount=1 condwait/heap-*.pb.gz
expect_out_has "_.-:=+*# main.submitJob" "trend --ascii"
LC_ALL=C "$HEAPDIFF" trend -nodecount=1 condwait/heap-*.pb.gz >"$tmp/out" 2>&1
expect_out_has "_.-:=+*# main.submitJob" "trend in the C locale"
run trend -cum -nodecount=3 condwait/goroutine-*.pb.gz
expect_out_has "Type: goroutine (cum)" "trend -cum"
expect_out_has "        20        160        +140" "trend -cum goroutines"
run trend -sample_index=alloc_space -nodecount=1 auditlog/heap-*.pb.gz
expect_out_has "Type: alloc_space (flat)" "trend -sample_index"
run trend -stacks -nodecount=1 auditlog/heap-*.pb.gz
expect_out_has ";main.serveRequest;main.recordAudit" "trend -stacks"
run trend -lines -nodecount=1 auditlog/heap-*.pb.gz
expect_out_has "main.recordAudit example.com/auditlog/main.go:" "trend -lines"
run trend -csv -nodecount=1 condwait/heap-*.pb.gz
expect_out_has "program,kind,sample_type,site,snapshot,time_ns,minutes,flat,cum,first,last,change,rate_per_minute,grew_share,mk_p,r2" \
	"trend -csv header"
expect_out_has "condwait,heap,inuse_space,main.submitJob,condwait/heap-07.pb.gz," \
	"trend -csv row"
[ "$(wc -l <"$tmp/out")" -eq 9 ] && ok || bad "trend -csv: $(wc -l <"$tmp/out") lines, want 9"
run trend -json -nodecount=1 condwait/heap-*.pb.gz condwait/goroutine-*.pb.gz
expect_out_has '{"site": "main.submitJob", "flat": [32000, 64000, 96000, 128000, 160000, 192000, 224000, 256000]' \
	"trend -json"
expect_out_has '"kind": "goroutine"' "trend -json has both kinds"
run leaks -base condwait/heap-00.pb.gz condwait/heap-*.pb.gz
expect_status 1 "leaks -base"
expect_err "heapdiff: leaks compares a whole series; -base and -diff_base do not apply" \
	"leaks -base message"
run trend -json -csv condwait/heap-*.pb.gz
expect_status 1 "trend -json -csv"
run trend -sample_index=nonsense condwait/heap-*.pb.gz
expect_status 1 "trend -sample_index=nonsense"
run trend
expect_status 1 "trend without profiles"
run trend condwait/no-such.pb.gz
expect_status 2 "trend on a missing file"
run leaks condwait/heap-00.pb.gz bad/empty.pb condwait/heap-01.pb.gz
expect_status 2 "leaks with a bad file in the series"
expect_err "heapdiff: bad/empty.pb: empty file" "leaks with a bad file"
run trend condwait/heap-03.pb.gz
expect_out_has "Series: condwait heap, 1 snapshot" "trend of one snapshot"
run leaks condwait/heap-03.pb.gz condwait/heap-04.pb.gz
expect_out_has "No leak suspects (2 heap, 0 goroutine snapshots)." \
	"two snapshots are too few"

# --- order: as given on the command line makes no difference --------------------
run trend -nodecount=1 -csv auditlog/heap-03.pb.gz auditlog/heap-07.pb.gz \
	auditlog/heap-00.pb.gz auditlog/heap-05.pb.gz auditlog/heap-01.pb.gz \
	auditlog/heap-06.pb.gz auditlog/heap-02.pb.gz auditlog/heap-04.pb.gz
cut -d, -f5 "$tmp/out" | tail -n +2 >"$tmp/order"
printf 'auditlog/heap-0%s.pb.gz\n' 0 1 2 3 4 5 6 7 | cmp -s - "$tmp/order" &&
	ok || bad "snapshots not in profile time order: $(tr '\n' ' ' <"$tmp/order")"

# --- a series in a store ----------------------------------------------------------
db=$tmp/series.db
run import --db "$db" condwait/heap-*.pb.gz condwait/goroutine-*.pb.gz
expect_status 0 "import a series"
[ -s "$tmp/err" ] && bad "import wrote to stderr that is not a terminal: $(head -c 80 "$tmp/err")" || ok
[ "$(wc -l <"$tmp/out")" -eq 16 ] && ok || bad "import: $(wc -l <"$tmp/out") snapshots"
run leaks --db "$db"
expect_status 0 "leaks --db"
expect_out_has "1. main.submitJob  score 100  [condwait]" "leaks --db first suspect"
expect_out_has "2 leak suspects (8 heap, 8 goroutine snapshots)" "leaks --db counts"
run trend --db "$db" -nodecount=1
expect_out_has "Series: condwait heap, 8 snapshots" "trend --db"
expect_out_has "main.submitJob" "trend --db site"

# --- the progress bar, on a terminal only -----------------------------------------
if command -v script >/dev/null 2>&1; then
	script -qec "'$HEAPDIFF' import --db '$tmp/tty.db' auditlog/heap-0*.pb.gz" /dev/null >"$tmp/out" 2>&1
	expect_out_has "importing [##############################] 8/8" "progress bar on a terminal"
fi

finish
