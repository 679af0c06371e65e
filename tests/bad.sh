#!/bin/sh
# bad.sh - heapdiff must reject every malformed input in testdata/bad/ with
# one clear line on stderr, the right exit status, nothing on stdout, no
# crash, and nothing left in a store.
#
# Environment:
#   HEAPDIFF  the heapdiff binary (default: ../src/heapdiff beside tests/)
#   TESTDATA  the testdata directory (default: ../testdata beside tests/)
#   VERBOSE   =1 prints an "ok" line for every passing check too
#
# Tables: $TESTDATA/bad/expected*.txt, one per generator (expected.txt by
# testdata/bad/make-bad.py, expected-legacy.txt by make-bad-legacy.sh,
# expected-godump.txt by make-bad-godump.py), one case a line, fields
# separated by tabs:
#   <file>  <exit status>  <exact stderr line>  [<VAR=value ... -FLAG ...>]
# (words of the last field that start with '-' are heapdiff flags, given
# before the file; the others are environment settings).
# Blank lines and lines starting with # are ignored.
#
# For each case, in $TESTDATA, with the optional environment settings:
#   top:    `$HEAPDIFF -top bad/<file>` must exit with <exit status>, not be
#           killed by a signal, print exactly <stderr line> on stderr and
#           nothing on stdout;
#   import: `$HEAPDIFF import --db S bad/<file>` (S a new store) must exit 2,
#           and `$HEAPDIFF snapshots --db S` must then list no snapshot.
# First, ok/tiny.pb (the valid profile every bad .pb is derived from) must
# read with exit 0.
#
# The last line is "N passed, N failed". Exit status: 0 if nothing failed,
# 1 otherwise, 77 (skip) if the binary is missing, 99 on a broken set-up.
set -u
set -f

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
tables=$TESTDATA/bad/expected*.txt
tab=$(printf '\t')

# Nothing from the caller's environment may change what heapdiff does.
unset HEAPDIFF_DB HEAPDIFF_MAX_INFLATE

if [ ! -x "$HEAPDIFF" ]; then
	echo "bad.sh: $HEAPDIFF is not built; skipping" >&2
	exit 77
fi
if [ ! -r "$TESTDATA/bad/expected.txt" ]; then
	echo "bad.sh: cannot read $TESTDATA/bad/expected.txt" >&2
	exit 99
fi
case $HEAPDIFF in
/*) ;;
*) HEAPDIFF=$(pwd)/$HEAPDIFF ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/heapdiff-bad.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

cd "$TESTDATA" || exit 99

passed=0
failed=0

pass() {
	passed=$((passed + 1))
	if [ "${VERBOSE:-0}" = 1 ]; then
		echo "ok   $1"
	fi
}

# fail CASE REASON: report, with the stderr and stdout captured in $tmp.
fail() {
	failed=$((failed + 1))
	echo "FAIL $1: $2"
	if [ -s "$tmp/err" ]; then
		echo "     stderr:"
		sed -n '1,5s/^/       /p' "$tmp/err"
	fi
	if [ -s "$tmp/out" ]; then
		echo "     stdout:"
		sed -n '1,5s/^/       /p' "$tmp/out"
	fi
}

# died RC: a description if exit status RC means death by a signal.
died() {
	if [ "$1" -gt 128 ]; then
		echo "killed by signal $(($1 - 128))"
	fi
}

# The valid profile.
"$HEAPDIFF" -top ok/tiny.pb >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -ne 0 ]; then
	fail "ok/tiny.pb" "exit $rc, want 0 $(died "$rc")"
elif [ -s "$tmp/err" ]; then
	fail "ok/tiny.pb" "output on stderr"
else
	pass "ok/tiny.pb"
fi

set +f
# shellcheck disable=SC2086 # the glob, on purpose
cat $tables >"$tmp/table" || exit 99
set -f
ncases=0
while IFS=$tab read -r file status want envs; do
	case $file in
	'' | '#'*) continue ;;
	esac
	ncases=$((ncases + 1))
	if [ -z "$status" ] || [ -z "$want" ]; then
		echo "bad.sh: $tables: bad line for $file" >&2
		exit 99
	fi
	if [ ! -f "bad/$file" ]; then
		fail "$file" "no such file bad/$file"
		continue
	fi

	vars=
	flags=
	for w in ${envs:-}; do
		case $w in
		-*) flags="$flags $w" ;;
		*) vars="$vars $w" ;;
		esac
	done

	# -top
	# shellcheck disable=SC2086 # $vars and $flags are split on purpose
	env $vars "$HEAPDIFF" -top $flags "bad/$file" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	printf '%s\n' "$want" >"$tmp/want"
	if [ "$rc" -gt 128 ]; then
		fail "$file (top)" "$(died "$rc")"
	elif [ "$rc" -ne "$status" ]; then
		fail "$file (top)" "exit $rc, want $status"
	elif ! cmp -s "$tmp/want" "$tmp/err"; then
		fail "$file (top)" "stderr is not exactly the line
       $want"
	elif [ -s "$tmp/out" ]; then
		fail "$file (top)" "output on stdout"
	else
		pass "$file (top)"
	fi

	# import into a new store: exit 2 and no snapshot
	rm -f "$tmp/s.db" "$tmp/s.db-journal" "$tmp/s.db-wal" "$tmp/s.db-shm"
	# shellcheck disable=SC2086
	env $vars "$HEAPDIFF" import --db "$tmp/s.db" $flags "bad/$file" \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -gt 128 ]; then
		fail "$file (import)" "$(died "$rc")"
		continue
	elif [ "$rc" -ne 2 ]; then
		fail "$file (import)" "exit $rc, want 2"
		continue
	fi
	"$HEAPDIFF" snapshots --db "$tmp/s.db" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "$file (import)" "snapshots --db exit $rc, want 0 \
$(died "$rc")"
	elif grep -q '^@' "$tmp/out"; then
		fail "$file (import)" "the store has a snapshot"
	else
		pass "$file (import)"
	fi
done <"$tmp/table"

if [ "$ncases" -eq 0 ]; then
	echo "bad.sh: $tables have no cases" >&2
	exit 99
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
