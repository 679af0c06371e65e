#!/bin/sh
# legacy.sh - end-to-end checks of the legacy formats against the oracles
# that come with the data (none of them made by heapdiff):
#
#  * gzip works for every format: each pprof conformance file, gzipped,
#    prints its .string with `heapdiff raw` (detected, and forced with -F);
#  * the Go series' debug=1 heap texts give the same top as their .pb.gz
#    twins (go tool pprof's numbers, tested by golden.sh), every sample
#    type, File:/Time: lines aside (the text has no mapping or time);
#    the debug=1 goroutine texts give every function they name the cum of
#    the .pb.gz;
#  * tcmalloc dumps symbolized from their binary agree with google-pprof
#    (oracle/text_*.txt, exact bytes and objects) on every function of the
#    program, jemalloc dumps with jeprof within rounding (jeprof sums
#    unsampled floats, pprof truncates each sample);
#  * -base first..last puts the leaking function first;
#  * a wrong binary is refused with one line and exit 2; `formats` lists
#    every parser.
#
# Environment: HEAPDIFF, TESTDATA, VERBOSE as for golden.sh.  The last line
# is "N passed, N failed"; exit 0, 1 on failures, 77 without the binary.
set -u

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
unset HEAPDIFF_DB PPROF_BINARY_PATH

if [ ! -x "$HEAPDIFF" ]; then
	echo "legacy.sh: $HEAPDIFF is not built; skipping" >&2
	exit 77
fi
case $HEAPDIFF in
/*) ;;
*) HEAPDIFF=$(pwd)/$HEAPDIFF ;;
esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/heapdiff-legacy.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
cd "$TESTDATA" || exit 99

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	[ "${VERBOSE:-0}" = 1 ] && echo "ok   $1"
	return 0
}
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed -n '1,12s/^/     /p'
	return 0
}

# rows FILE: "name<TAB>flat<TAB>cum" for each row of a heapdiff or pprof
# top table, or of a google-pprof/jeprof --text table (units dropped).
rows() {
	awk '
	/^ *flat  *flat%/ { t = 1; next }
	/^Total: / { t = 1; next }
	t && NF >= 6 {
		name = $6
		for (i = 7; i <= NF; i++) name = name " " $i
		sub(/ \((partial-)?inline\)$/, "", name)
		f = $1; c = $4
		sub(/B$/, "", f); sub(/B$/, "", c)
		printf "%s\t%s\t%s\n", name, f, c
	}' "$1"
}

# same_rows CASE HD ORACLE TOLERANCE NAME...: each name has, within the
# tolerance, the same flat and cum in both tables.
same_rows() {
	c=$1 h=$2 o=$3 tol=$4
	shift 4
	rows "$h" >"$tmp/h.rows"
	rows "$o" >"$tmp/o.rows"
	bad=""
	for nm in "$@"; do
		hv=$(awk -F '\t' -v n="$nm" '$1 == n { print $2, $3 }' "$tmp/h.rows")
		ov=$(awk -F '\t' -v n="$nm" '$1 == n { print $2, $3 }' "$tmp/o.rows")
		[ -z "$hv" ] && [ -z "$ov" ] && continue	# in neither
		if [ -z "$hv" ] || [ -z "$ov" ]; then
			bad="$bad
$nm: heapdiff '$hv', oracle '$ov'"
			continue
		fi
		if ! echo "$hv $ov $tol" | awk '{
			d1 = $1 - $3; d2 = $2 - $4
			exit !(d1 <= $5 && -d1 <= $5 && d2 <= $5 && -d2 <= $5) }'
		then
			bad="$bad
$nm: heapdiff flat,cum $hv, oracle $ov (tolerance $tol)"
		fi
	done
	if [ -z "$bad" ]; then pass "$c"; else fail "$c" "$bad"; fi
}

# --- gzip works for every format, detected and forced
for s in pprof-upstream/profile/testdata/*.string; do
	f=${s%.string}
	b=$(basename "$f")
	gzip -c "$f" >"$tmp/$b.gz"
	if "$HEAPDIFF" raw "$tmp/$b.gz" >"$tmp/out" 2>"$tmp/err" &&
	    cmp -s "$tmp/out" "$s"; then
		pass "gzip raw $b"
	else
		fail "gzip raw $b" "$(cat "$tmp/err"; diff "$tmp/out" "$s" | head)"
	fi
done
for pair in cppbench.heap:heaptext cppbench.cpu:cpu java.heap:java \
    go.godoc.thread:gocount cppbench.thread:thread \
    cppbench.contention:contention; do
	b=${pair%%:*} fmt=${pair#*:}
	if "$HEAPDIFF" -F "$fmt" raw "$tmp/$b.gz" >"$tmp/out" 2>"$tmp/err" &&
	    cmp -s "$tmp/out" "pprof-upstream/profile/testdata/$b.string"; then
		pass "-F $fmt $b.gz"
	else
		fail "-F $fmt $b.gz" "$(cat "$tmp/err")"
	fi
done
gzip -c jemalloc-labelstore/labelstore.final.heap >"$tmp/j.heap.gz"
gzip -c condwait/goroutine-07.debug2.txt >"$tmp/g.txt.gz"
for pair in jemalloc-labelstore/labelstore.final.heap:"$tmp/j.heap.gz" \
    condwait/goroutine-07.debug2.txt:"$tmp/g.txt.gz"; do
	a=${pair%%:*} z=${pair#*:}
	"$HEAPDIFF" raw "$a" >"$tmp/a" 2>&1
	"$HEAPDIFF" raw "$z" >"$tmp/z" 2>&1
	if cmp -s "$tmp/a" "$tmp/z" && [ -s "$tmp/a" ]; then
		pass "gzip $a"
	else
		fail "gzip $a" "$(diff "$tmp/a" "$tmp/z" | head)"
	fi
done

# --- Go debug=1 heap text = its .pb.gz twin
# auditlog and condwait 00 inuse_*: runtime timer frames that the .pb.gz
# keeps and the text hides (the runtime's FuncForPC on an inlined PC) make
# 2 objects and 3 tiny nodes differ; there only the main. rows and the
# total compare.
for d in auditlog blockindex baseline condwait; do
	for n in 00 07; do
		for si in inuse_space inuse_objects alloc_space alloc_objects; do
			c="go text $d/heap-$n.txt -sample_index=$si"
			"$HEAPDIFF" -top -unit=B -sample_index=$si "$d/heap-$n.txt" \
			    2>&1 | grep -v '^File:\|^Time:' >"$tmp/t"
			"$HEAPDIFF" -top -unit=B -sample_index=$si "$d/heap-$n.pb.gz" \
			    2>&1 | grep -v '^File:\|^Time:' >"$tmp/p"
			case $d-$n-$si in
			condwait-00-inuse_* | auditlog-00-inuse_*)
				names=$(rows "$tmp/p" | cut -f1 | grep '^main\.')
				# shellcheck disable=SC2086
				same_rows "$c (main. rows)" "$tmp/t" "$tmp/p" 0 $names
				t1=$(sed -n 's/.* of \(.*\) total/\1/p' "$tmp/t")
				t2=$(sed -n 's/.* of \(.*\) total/\1/p' "$tmp/p")
				if [ "$t1" = "$t2" ]; then pass "$c (total)"
				else fail "$c (total)" "$t1 != $t2"; fi
				;;
			*)
				if cmp -s "$tmp/t" "$tmp/p"; then pass "$c"
				else fail "$c" "$(diff "$tmp/t" "$tmp/p")"; fi
				;;
			esac
		done
	done
done

# --- Go debug=1 goroutine text: every named function's cum = the .pb.gz's
for d in auditlog condwait blockindex baseline; do
	for n in 00 07; do
		"$HEAPDIFF" -top "$d/goroutine-$n.txt" >"$tmp/t" 2>&1
		"$HEAPDIFF" -top "$d/goroutine-$n.pb.gz" >"$tmp/p" 2>&1
		rows "$tmp/t" | awk -F '\t' '{ print $1 "\t" $3 "\t" $3 }' \
		    >"$tmp/tc"
		rows "$tmp/p" | awk -F '\t' '{ print $1 "\t" $3 "\t" $3 }' \
		    >"$tmp/pc"
		if [ -s "$tmp/tc" ] && awk -F '\t' 'NR == FNR { c[$1] = $2; next }
		    !($1 in c) || c[$1] != $2 { bad = 1; print }
		    END { exit bad }' "$tmp/pc" "$tmp/tc" >"$tmp/d"; then
			pass "go text $d/goroutine-$n.txt cum"
		else
			fail "go text $d/goroutine-$n.txt cum" "$(cat "$tmp/d")"
		fi
	done
done

# --- tcmalloc dumps + binary = google-pprof, on the program's functions
prog="track_connection nmalloc main handle_packet build_log_line"
g=gperftools-conntrack
for n in 0001 0002 0003 0004 0005 0006 0007 0008 0009; do
	"$HEAPDIFF" -top -unit=B -nodefraction=0 -sample_index=inuse_space \
	    $g/conntrack $g/conntrack.$n.heap >"$tmp/h" 2>&1
	# shellcheck disable=SC2086
	same_rows "gperftools $n inuse_space" "$tmp/h" \
	    $g/oracle/text_inuse_space_$n.txt 0 $prog
done
for si in inuse_objects alloc_space alloc_objects; do
	"$HEAPDIFF" -top -unit=B -nodefraction=0 -sample_index=$si \
	    $g/conntrack $g/conntrack.0009.heap >"$tmp/h" 2>&1
	# shellcheck disable=SC2086
	same_rows "gperftools 0009 $si" "$tmp/h" \
	    $g/oracle/text_${si}_final.txt 0 $prog
done
"$HEAPDIFF" -top -unit=B -nodefraction=0 -base $g/conntrack.0001.heap \
    $g/conntrack $g/conntrack.0008.heap >"$tmp/h" 2>&1
same_rows "gperftools -base 0001 0008" "$tmp/h" \
    $g/oracle/base_text_inuse_space.txt 0 track_connection nmalloc main

# --- jemalloc dumps + binary = jeprof, within rounding
prog="intern_label format_row main run_query"
j=jemalloc-labelstore
for n in i00 i01 i02 i03 i04 i05 i06 final; do
	"$HEAPDIFF" -top -unit=B -nodefraction=0 $j/labelstore \
	    $j/labelstore.$n.heap >"$tmp/h" 2>&1
	# shellcheck disable=SC2086
	same_rows "jemalloc $n inuse_space" "$tmp/h" \
	    $j/oracle/text_inuse_space_$n.txt 16 $prog
done
for si in inuse_objects alloc_space alloc_objects; do
	"$HEAPDIFF" -top -unit=B -nodefraction=0 -sample_index=$si \
	    $j/labelstore $j/labelstore.final.heap >"$tmp/h" 2>&1
	# shellcheck disable=SC2086
	same_rows "jemalloc final $si" "$tmp/h" \
	    $j/oracle/text_${si}_final.txt 16 $prog
done
"$HEAPDIFF" -top -unit=B -nodefraction=0 -base $j/labelstore.i00.heap \
    $j/labelstore $j/labelstore.i06.heap >"$tmp/h" 2>&1
same_rows "jemalloc -base i00 i06" "$tmp/h" \
    $j/oracle/base_text_inuse_space.txt 16 intern_label main run_query

# --- -base first..last: the leak is the first row
first_row() {
	rows "$1" | head -1 | cut -f1
}
"$HEAPDIFF" -top -base $g/conntrack.0001.heap $g/conntrack \
    $g/conntrack.0009.heap >"$tmp/h" 2>&1
r=$(first_row "$tmp/h")
if [ "$r" = track_connection ]; then pass "gperftools leak first"
else fail "gperftools leak first" "first row: $r"; fi
"$HEAPDIFF" -top -base $j/labelstore.i00.heap $j/labelstore \
    $j/labelstore.final.heap >"$tmp/h" 2>&1
r=$(first_row "$tmp/h")
if [ "$r" = intern_label ]; then pass "jemalloc leak first"
else fail "jemalloc leak first" "first row: $r"; fi

# --- import with the binary: the store keeps the names
"$HEAPDIFF" import --db "$tmp/s.db" $g/conntrack $g/conntrack.0001.heap \
    $g/conntrack.0009.heap >"$tmp/out" 2>&1
"$HEAPDIFF" --db "$tmp/s.db" -top -base @1 @2 >"$tmp/h" 2>&1
r=$(first_row "$tmp/h")
if [ "$r" = track_connection ]; then pass "import BINARY, stored names"
else fail "import BINARY, stored names" "$(cat "$tmp/out" "$tmp/h")"; fi

# --- a wrong binary: one line, exit 2
printf '0x555555555000-0x555555556000 r-xp /opt/hdcorpus/bin/conntrack ' \
    >"$tmp/map"
sed -n '1,/^MAPPED_LIBRARIES:/p' $g/conntrack.0009.heap >"$tmp/bid.heap"
printf '%s\n' "555555555000-555555556000 r-xp /opt/hdcorpus/bin/conntrack (@1000) 0123456789abcdef" \
    >>"$tmp/bid.heap"
"$HEAPDIFF" -top $g/conntrack "$tmp/bid.heap" >"$tmp/out" 2>"$tmp/err"
rc=$?
want="heapdiff: $tmp/bid.heap: $g/conntrack: build id df42825a53514babff17ce4ad29895752b5bba48 does not match the profile's main mapping (0123456789abcdef)"
if [ $rc = 2 ] && [ "$(cat "$tmp/err")" = "$want" ] && [ ! -s "$tmp/out" ]; then
	pass "wrong build id"
else
	fail "wrong build id" "exit $rc: $(cat "$tmp/err")"
fi
printf '\177ELF\002\001\001' >"$tmp/broken-elf"
"$HEAPDIFF" -top "$tmp/broken-elf" $g/conntrack.0009.heap >"$tmp/out" \
    2>"$tmp/err"
rc=$?
want="heapdiff: $g/conntrack.0009.heap: $tmp/broken-elf: not an ELF file that elfutils can read"
if [ $rc = 2 ] && [ "$(cat "$tmp/err")" = "$want" ]; then
	pass "broken ELF binary"
else
	fail "broken ELF binary" "exit $rc: $(cat "$tmp/err")"
fi

# --- inlined frames: a program built here with gcc -O2 -g, every address
# of a function with two levels of inlining, against binutils' addr2line -i
if command -v gcc >/dev/null && command -v addr2line >/dev/null &&
    command -v nm >/dev/null; then
	cat >"$tmp/inl.c" <<'CEOF'
#include <stdlib.h>
static inline __attribute__((always_inline)) int *grow(int n)
{ return malloc(n * sizeof(int)); }
static inline __attribute__((always_inline)) int *make(int n)
{ int *p = grow(n); p[0] = n; return p; }
__attribute__((noinline)) int *build(int n) { return make(n + 1); }
int main(int argc, char **argv) { int *p = build(argc); return p[0] == 3; }
CEOF
	if gcc -O2 -g -no-pie -o "$tmp/inl" "$tmp/inl.c" 2>"$tmp/err"; then
		set -- $(nm -S "$tmp/inl" | awk '$4 == "build" { print $1, $2 }')
		start=$((0x$1)) size=$((0x$2))
		{
			echo "heap profile: 1: 16 [ 1: 16] @ heapprofile"
			a=$start
			while [ $a -lt $((start + size)) ]; do
				printf '1: 16 [ 1: 16] @ 0x%x\n' $((a + 1))
				a=$((a + 1))
			done
			echo "MAPPED_LIBRARIES:"
			printf '%x-%x r-xp 00000000 00:00 1 %s\n' $((start & ~4095)) \
			    $(((start + size + 4095) & ~4095)) "$tmp/inl"
		} >"$tmp/inl.heap"
		"$HEAPDIFF" raw "$tmp/inl" "$tmp/inl.heap" 2>&1 | awk '
		/^Locations/ { t = 1; next } /^Mappings/ { t = 0 }
		t && $2 ~ /^0x/ { addr = $2; sub(/^0x/, "", addr); n = 4 }
		t && $2 !~ /^0x/ { n = 1 }
		t { fl = $(n + 1); sub(/:[0-9]+$/, "", fl)
		    printf "%s %s %s\n", addr, $n, fl }' >"$tmp/hd.inl"
		: >"$tmp/a2l.inl"
		a=$start
		while [ $a -lt $((start + size)) ]; do
			addr2line -i -f -e "$tmp/inl" $(printf '0x%x' $a) |
			    sed 's/ (discriminator [0-9]*)//' |
			    awk -v a=$(printf '%x' $a) 'NR % 2 { f = $0; next }
			    f != "??" { printf "%s %s %s\n", a, f, $0 }' \
			    >>"$tmp/a2l.inl"
			a=$((a + 1))
		done
		if [ -s "$tmp/a2l.inl" ] && grep -q ' make ' "$tmp/a2l.inl" &&
		    cmp -s "$tmp/hd.inl" "$tmp/a2l.inl"; then
			pass "inlined frames = addr2line -i"
		else
			fail "inlined frames = addr2line -i" \
			    "$(diff "$tmp/hd.inl" "$tmp/a2l.inl" | head)"
		fi
	else
		fail "inlined frames: gcc failed" "$(cat "$tmp/err")"
	fi
fi

# --- formats
"$HEAPDIFF" formats >"$tmp/out" 2>&1
if [ "$(cut -d' ' -f1 "$tmp/out" | tr '\n' ' ')" = \
    "pprof heaptext jemalloc gocount thread contention java cpu goroutine godump " ]
then pass "formats"
else fail "formats" "$(cat "$tmp/out")"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
