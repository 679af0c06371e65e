#!/bin/sh
# tests/cli.sh - the command line end to end: help, usage errors and their
# exit statuses, stdin, topN, the store (import, snapshots, @ID) and the
# man page's examples.  Runs the built binary; ends with "N passed, N failed".
set -u

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
[ -x "$HEAPDIFF" ] || { echo "cli.sh: no binary at $HEAPDIFF"; exit 77; }
export TZ=UTC

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run: run heapdiff with args, capturing out, err and status.
run() {
	(cd "$TESTDATA" && "$HEAPDIFF" "$@") >"$tmp/out" 2>"$tmp/err"
	status=$?
}

# expect_status N DESC
expect_status() {
	if [ "$status" -eq "$1" ]; then ok; else
		bad "$2: exit status $status, want $1"; head -3 "$tmp/err"; fi
}

# expect_err TEXT DESC: stderr is exactly TEXT (one line).
expect_err() {
	if [ "$(cat "$tmp/err")" = "$1" ]; then ok; else
		bad "$2: stderr was:"; cat "$tmp/err"; echo "  want: $1"; fi
}

# expect_out_has TEXT DESC
expect_out_has() {
	if grep -qF -- "$1" "$tmp/out"; then ok; else
		bad "$2: stdout lacks '$1'"; head -5 "$tmp/out"; fi
}

# same_as GOLDEN DESC: stdout equals testdata/expected/GOLDEN.
same_as() {
	if cmp -s "$tmp/out" "$TESTDATA/expected/$1"; then ok; else
		bad "$2: differs from expected/$1"
		diff "$tmp/out" "$TESTDATA/expected/$1" | head -10; fi
}

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
for c in top import snapshots; do
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
expect_err "heapdiff: auditlog/heap-07.pb.gz: unknown format 'nosuch' (known: pprof)" "unknown format"
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
