#!/bin/sh
# tests/cli.sh - the command line end to end: help, usage errors and their
# exit statuses, stdin, topN, the store (import, snapshots, @ID) and the
# man page's examples.  Runs the built binary; ends with "N passed, N failed".

. "$(dirname "$0")/lib.sh"

# --- help and version ------------------------------------------------------
run --help
expect_status 0 "--help"
expect_out_has "usage: heapdiff" "--help"
expect_out_has "snapshots" "--help lists commands"
run --version
expect_status 0 "--version"
expect_out_has "heapdiff " "--version"
run help top
expect_status 0 "help top"
expect_out_has "usage: heapdiff top" "help top"
run help import
expect_out_has "usage: heapdiff import --db FILE" "help import"
run top --help
expect_status 0 "top --help"
expect_out_has "usage: heapdiff top" "top --help"

# Every command in --help has a subsection in the man page.
for c in top import snapshots raw formats; do
	if grep -q "^\.B.* $c\|^\.BR $c\|^\.B $c" "$here/../man/heapdiff.1"; then
		ok
	else
		bad "man page has no entry for $c"
	fi
done

# --- usage errors: exit 1 ------------------------------------------------------
run
expect_status 1 "no arguments"
run -nosuchflag auditlog/heap-07.pb.gz
expect_status 1 "unknown flag"
expect_err "heapdiff: unknown flag -nosuchflag (heapdiff --help lists them)" "unknown flag"
run -nodecount=x auditlog/heap-07.pb.gz
expect_status 1 "bad -nodecount"
expect_err "heapdiff: -nodecount wants a count, not 'x'" "bad -nodecount"
run -base auditlog/heap-00.pb.gz -diff_base auditlog/heap-01.pb.gz auditlog/heap-07.pb.gz
expect_status 1 "-base with -diff_base"
expect_err "heapdiff: -base and -diff_base cannot both be given" "-base with -diff_base"
run -top -sample_index=nosuch auditlog/heap-07.pb.gz
expect_status 1 "unknown sample type"
expect_err "heapdiff: auditlog/heap-07.pb.gz: sample_index \"nosuch\" must be one of: [alloc_objects alloc_space inuse_objects inuse_space]" "unknown sample type"
run -top -sample_index=9 auditlog/heap-07.pb.gz
expect_status 1 "sample index out of range"
expect_err "heapdiff: auditlog/heap-07.pb.gz: sample_index 9 is outside the range [0..3]" "sample index out of range"
run -sample_index=inuse_space -alloc_space auditlog/heap-07.pb.gz
expect_status 1 "two sample types"
run help nosuch
expect_status 1 "help for an unknown command"
expect_err "heapdiff: unknown command nosuch (heapdiff --help lists them)" "help nosuch"
run -top -F nosuch auditlog/heap-07.pb.gz
expect_status 1 "unknown format"
expect_err "heapdiff: auditlog/heap-07.pb.gz: unknown format 'nosuch' (known: pprof, heaptext, jemalloc, gocount, thread, contention, java, cpu, goroutine, godump)" "unknown format"
run @1
expect_status 1 "@ID without a store"
expect_err "heapdiff: @1: a stored snapshot needs --db FILE (or HEAPDIFF_DB)" "@ID without a store"
run import auditlog/heap-07.pb.gz
expect_status 1 "import without --db"
expect_err "heapdiff: import needs --db FILE (or HEAPDIFF_DB)" "import without --db"

# --- unreadable input: exit 2 --------------------------------------------------
run -top nosuch.pb.gz
expect_status 2 "missing file"
expect_err "heapdiff: nosuch.pb.gz: No such file or directory" "missing file"
run -top auditlog
expect_status 2 "directory"
expect_err "heapdiff: auditlog: is a directory" "directory"

# --- reports ---------------------------------------------------------------------
# pprof's spellings and heapdiff's give the same output.
run -top -sample_index=inuse_space auditlog/heap-07.pb.gz
expect_status 0 "-top"
same_as auditlog/top-inuse_space-07.txt "-top"
run top --sample_index inuse_space auditlog/heap-07.pb.gz
same_as auditlog/top-inuse_space-07.txt "top with GNU-style flag"
run auditlog/heap-07.pb.gz -inuse_space
same_as auditlog/top-inuse_space-07.txt "no command, flag after the profile"
run -top -nodecount=10 -cum -sample_index=inuse_space auditlog/heap-07.pb.gz
cp "$tmp/out" "$tmp/top10cum"
run top10 -cum -inuse_space auditlog/heap-07.pb.gz
if cmp -s "$tmp/out" "$tmp/top10cum"; then ok; else bad "top10 differs from -nodecount=10"; fi
# Standard input.
(cd "$TESTDATA" && "$HEAPDIFF" -top -sample_index=inuse_space - <auditlog/heap-07.pb.gz) >"$tmp/out" 2>"$tmp/err"
same_as auditlog/top-inuse_space-07.txt "profile on stdin"
# Uncompressed input.
gzip -dc "$TESTDATA/auditlog/heap-07.pb.gz" >"$tmp/heap-07.pb"
run -top -sample_index=inuse_space "$tmp/heap-07.pb"
same_as auditlog/top-inuse_space-07.txt "uncompressed profile"
# With -base and no command, the output is top.
run -base auditlog/heap-00.pb.gz auditlog/heap-07.pb.gz
same_as auditlog/base-inuse_space-00-07.txt "-base without a command"

# --- the store ---------------------------------------------------------------------
db=$tmp/store.db
run import --db "$db" --label run=ci auditlog/heap-00.pb.gz auditlog/heap-07.pb.gz auditlog/goroutine-07.pb.gz
expect_status 0 "import"
expect_out_has "@1	auditlog/heap-00.pb.gz" "import prints @ID"
expect_out_has "@3	auditlog/goroutine-07.pb.gz" "import prints @ID"
run import --db "$db" auditlog/heap-07.pb.gz
expect_status 0 "import again"
expect_out_has "@2	auditlog/heap-07.pb.gz" "a file imported again keeps its id"
run snapshots --db "$db"
expect_status 0 "snapshots"
n=$(grep -c '^@' "$tmp/out")
[ "$n" -eq 3 ] && ok || bad "snapshots lists $n snapshots, want 3"
expect_out_has "inuse_space/bytes=460712" "snapshots shows totals"
expect_out_has "goroutine" "snapshots shows the kind"
expect_out_has "run=ci" "snapshots shows labels"
run -top -sample_index=inuse_space --db "$db" @2
expect_status 0 "top @ID"
same_as auditlog/top-inuse_space-07.txt "top of a stored snapshot"
HEAPDIFF_DB=$db run -base @1 @2
same_as auditlog/base-inuse_space-00-07.txt "-base of stored snapshots, HEAPDIFF_DB"
run -top --db "$db" @99
expect_status 3 "missing snapshot"
run -top --db "$db" @x
expect_status 1 "malformed @ID"
# A profile given with --db is imported, then reported.
run -top -sample_index=inuse_space --db "$tmp/other.db" auditlog/heap-07.pb.gz
same_as auditlog/top-inuse_space-07.txt "report with --db imports first"
run snapshots --db "$tmp/other.db"
n=$(grep -c '^@' "$tmp/out")
[ "$n" -eq 1 ] && ok || bad "report with --db stored $n snapshots, want 1"
# A store that is not a store.
cp "$TESTDATA/auditlog/truth.json" "$tmp/notadb"
run snapshots --db "$tmp/notadb"
expect_status 3 "not a store"
expect_err "heapdiff: store $tmp/notadb is not a heapdiff store (not an SQLite database)" "not a store"
# Import keeps going past a bad file, and stores nothing for it.
printf 'not a profile\n' >"$tmp/junk.pb"
run import --db "$tmp/third.db" "$tmp/junk.pb" auditlog/heap-01.pb.gz
expect_status 2 "import with a bad file"
expect_out_has "auditlog/heap-01.pb.gz" "import stores the good file"
run snapshots --db "$tmp/third.db"
n=$(grep -c '^@' "$tmp/out")
[ "$n" -eq 1 ] && ok || bad "import with a bad file stored $n snapshots, want 1"

# --- every other usage, input and store error, exactly (tests/errors.py) ----------
# run_env VAR=VALUE ARGS...: run with one environment setting.
run_env() {
	e=$1
	shift
	(cd "$TESTDATA" && env "$e" "$HEAPDIFF" "$@") >"$tmp/out" 2>"$tmp/err"
	status=$?
}
# expect STATUS TEXT ARGS...: run ARGS; exit STATUS and exactly TEXT on stderr.
expect() {
	want_status=$1
	want_err=$2
	shift 2
	run "$@"
	expect_status "$want_status" "$*"
	expect_err "$want_err" "$*"
}
h7=auditlog/heap-07.pb.gz
d7=auditlog/heapdump-07.bin
# Usage: exit 1.
expect 1 "heapdiff: no profile given (heapdiff --help)" -top
expect 1 "heapdiff: ambiguous command t: top, trend, tree, traces, tags, tui" t $h7
expect 1 "heapdiff: ambiguous command t: top, trend, tree, traces, tags, tui" help t
expect 1 "heapdiff: formats takes no arguments" formats x
expect 1 "heapdiff: flag -cum takes no value" -cum=1 $h7
expect 1 "heapdiff: flag -nodecount needs a value" $h7 -nodecount
expect 1 "heapdiff: conflicting sample types: inuse_space and alloc_space" -sample_index=inuse_space -alloc_space $h7
expect 1 "heapdiff: --label wants KEY=VALUE, not 'x'" --label x $h7
expect 1 "heapdiff: -nodefraction wants a fraction from 0 to 1, not '2'" -nodefraction=2 $h7
expect 1 "heapdiff: -symbolize wants none or local, not 'x'" -symbolize=x $h7
expect 1 "heapdiff: @x: not a snapshot id (heapdiff snapshots lists them)" --db "$tmp/store.db" @x
expect 1 "heapdiff: snapshots needs --db FILE (or HEAPDIFF_DB)" snapshots
expect 1 "heapdiff: import needs at least one profile
usage: heapdiff import --db FILE [--label K=V]... PROFILE..." import --db "$tmp/store.db"
expect 1 "heapdiff: @1: already a stored snapshot" import --db "$tmp/store.db" @1
expect 1 "heapdiff: no profile given (name a series of snapshots, or a store with --db)" trend
expect 1 "heapdiff: -json and -csv cannot both be given" trend -json -csv $h7
expect 1 "heapdiff: leaks prints text or -json, not -csv (trend -csv gives the series)" leaks -csv $h7
expect 1 "heapdiff: $tmp/empty.db: no snapshots (heapdiff import --db $tmp/empty.db FILE... adds some)" trend --db "$tmp/empty.db"
expect 1 "heapdiff: tui needs a terminal on stdin and stdout (top prints a report)" tui $h7 </dev/null
expect 1 "heapdiff: retained wants one heap dump, optionally after the program's binary (heapdiff help retained)" retained $d7 $d7 $d7
expect 1 "heapdiff: goroutines compares with one -base dump" goroutines -base $d7 -base $d7 $d7
expect 1 "heapdiff: --path wants an address such as 0xc000123450, not 'zz'" retained --path zz $d7
expect 1 "heapdiff: $tmp/nowhere/x.dot: cannot write: No such file or directory" dot -output="$tmp/nowhere/x.dot" $h7
expect 1 "heapdiff: /dev/full: write error" dot -output=/dev/full $h7
# Graphviz's dot: a directory named dot cannot run, a dot that fails.
mkdir -p "$tmp/bin-nodot/dot" "$tmp/bin-baddot"
printf '#!/bin/sh\necho "<svg half"\nexit 3\n' >"$tmp/bin-baddot/dot"
chmod +x "$tmp/bin-baddot/dot"
run_env "PATH=$tmp/bin-nodot" svg $h7
expect_status 1 "svg with a dot that cannot run"
expect_err "heapdiff: svg: could not run Graphviz's dot (Debian package graphviz)" "svg with a dot that cannot run"
run_env "PATH=$tmp/bin-baddot" svg $h7
expect_status 1 "svg with a dot that fails"
expect_err "heapdiff: svg: Graphviz's dot failed (status 3)" "svg with a dot that fails"
run_env "PATH=$tmp/bin-baddot" svg -output="$tmp/failed.svg" $h7
expect_status 1 "svg -output with a dot that fails"
if [ -e "$tmp/failed.svg" ]; then bad "a failed dot left $tmp/failed.svg"
else ok; fi
# Unusable input: exit 2.
expect 2 "heapdiff: /proc/self/mem: read error: Input/output error" -top /proc/self/mem
expect 2 "heapdiff: cannot merge auditlog/heap-00.pb.gz and the other profiles: incompatible period types space/bytes and goroutine/count" -top auditlog/heap-00.pb.gz auditlog/goroutine-07.pb.gz
expect 2 "heapdiff: auditlog/heap-00.pb.gz and base auditlog/goroutine-07.pb.gz cannot be compared: incompatible period types space/bytes and goroutine/count" -base auditlog/goroutine-07.pb.gz auditlog/heap-00.pb.gz
expect 2 "heapdiff: /bin/true: no symbol table (stripped binary?)" retained /bin/true $d7
# A profile with no sample types at all (written by bad/make-bad.py).
expect 1 "heapdiff: ok/no-sample-types.pb: profile has no samples" -top ok/no-sample-types.pb
expect 1 "heapdiff: ok/no-sample-types.pb: profile has no samples" trend ok/no-sample-types.pb
expect 1 "heapdiff: auditlog/heap-00.pb.gz: sample_index \"zz\" must be one of: [alloc_objects alloc_space inuse_objects inuse_space]" leaks -sample_index=zz auditlog/heap-00.pb.gz auditlog/heap-01.pb.gz
# Stores: exit 3.
expect 3 "heapdiff: @99: store $tmp/store.db has no snapshot 99" -top --db "$tmp/store.db" @99
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$tmp/app.db" "PRAGMA application_id = 1234; CREATE TABLE t (x)"
	expect 3 "heapdiff: store $tmp/app.db is not a heapdiff store (application_id 1234)" snapshots --db "$tmp/app.db"
	cp "$tmp/store.db" "$tmp/newer.db"
	sqlite3 "$tmp/newer.db" "PRAGMA user_version = 99"
	expect 3 "heapdiff: store $tmp/newer.db was written by a newer heapdiff (schema 99, this one knows 1)" snapshots --db "$tmp/newer.db"
	sqlite3 "$tmp/foreign.db" "CREATE TABLE t (x)"
	expect 3 "heapdiff: store $tmp/foreign.db is an SQLite database but not a heapdiff store" snapshots --db "$tmp/foreign.db"
	# A heap dump graph stored in a layout this heapdiff does not read.
	run import --db "$tmp/dump.db" $d7
	expect_status 0 "import a heap dump"
	sqlite3 "$tmp/dump.db" "UPDATE heapdump_part SET data = CAST(X'6300000000000000' || substr(data, 9) AS BLOB) WHERE name = 'header'"
	expect 3 "heapdiff: $tmp/dump.db: @1: the heap dump graph was stored by another heapdiff (layout 99, this one reads 1)" retained --db "$tmp/dump.db" @1
else
	bad "no sqlite3 program (Debian package sqlite3) to make foreign stores"
fi

# --- the man page's examples run ---------------------------------------------------
cp "$TESTDATA"/auditlog/heap-0[07].pb.gz "$tmp/"
(cd "$tmp" && cp heap-07.pb.gz heap.pb.gz &&
	"$HEAPDIFF" top10 -unit=B heap.pb.gz >/dev/null &&
	"$HEAPDIFF" -base heap-00.pb.gz heap-07.pb.gz >/dev/null &&
	"$HEAPDIFF" import --db leak.db heap-0*.pb.gz >/dev/null &&
	"$HEAPDIFF" snapshots --db leak.db >/dev/null &&
	"$HEAPDIFF" --db leak.db -base @1 @2 >/dev/null) 2>"$tmp/err"
status=$?
expect_status 0 "man page examples"

finish
