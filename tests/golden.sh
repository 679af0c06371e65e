#!/bin/sh
# golden.sh - end-to-end test: heapdiff's stdout must equal go tool pprof's,
# byte for byte, for every line of testdata/expected/commands.txt.
#
# Environment:
#   HEAPDIFF       the heapdiff binary (default: ../src/heapdiff beside tests/)
#   TESTDATA       the testdata directory (default: ../testdata beside tests/)
#   HEAPDIFF_SLOW  =1 also runs the slow/ cases (large profiles)
#   GOLDEN_TIMEOUT seconds allowed per case when timeout(1) exists
#                  (default 60; the slow/ cases get 10 times as much)
#   VERBOSE        =1 prints an "ok" line for every passing case too
#   GOLDEN_EVERY   N runs only every Nth case of the manifest (1st, N+1th,
#                  ...): make check-memcheck sets it, since a case under
#                  valgrind takes seconds
#   GENERATE       =1 regenerates the goldens with go tool pprof instead
#                  (testdata/expected/generate.sh; needs go). Goldens never
#                  come from heapdiff's output.
# Arguments: optional shell patterns; only goldens whose path (relative to
# testdata/expected) matches one of them run, e.g. tests/golden.sh 'condwait/*'
#
# Each case runs `cd $TESTDATA && $HEAPDIFF <args>` with the arguments of
# its manifest line split on blanks. A case fails if heapdiff exits non-zero
# or its stdout differs from the golden (the first 40 lines of `diff -u` are
# shown). The last line is "N passed, N failed". Exit status: 0 if nothing
# failed, 1 otherwise, 77 (skip) if the binary is missing, 99 on a broken
# test set-up, as automake's test harness expects.
set -u

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
manifest=$TESTDATA/expected/commands.txt
expected=$TESTDATA/expected

if [ "${GENERATE:-0}" = 1 ]; then
	if [ "${HEAPDIFF_SLOW:-0}" = 1 ]; then
		exec "$expected/generate.sh" "$@"
	fi
	exec "$expected/generate.sh" --no-slow "$@"
fi

if [ ! -x "$HEAPDIFF" ]; then
	echo "golden.sh: $HEAPDIFF is not built; skipping" >&2
	exit 77
fi
case $HEAPDIFF in /*) ;; *) HEAPDIFF=$(pwd)/$HEAPDIFF ;; esac
if [ ! -r "$manifest" ]; then
	echo "golden.sh: cannot read $manifest" >&2
	exit 99
fi

timeout=${GOLDEN_TIMEOUT:-60}
have_timeout=0
command -v timeout >/dev/null 2>&1 && have_timeout=1

matches() {
	[ $# -eq 1 ] && return 0
	m_name=$1; shift
	for m_pat in "$@"; do
		# shellcheck disable=SC2254 # the patterns are globs, on purpose
		case $m_name in $m_pat) return 0 ;; esac
	done
	return 1
}

tab=$(printf '\t')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

every=${GOLDEN_EVERY:-1}
passed=0 failed=0 skipped=0 ncase=0
set -f
while IFS= read -r line || [ -n "$line" ]; do
	case $line in '' | '#'*) continue ;; esac
	case $line in
	*"$tab"*) ;;
	*) echo "FAIL: malformed manifest line: $line"; failed=$((failed + 1)); continue ;;
	esac
	name=${line%%"$tab"*}
	args=${line#*"$tab"}
	matches "$name" "$@" || continue
	ncase=$((ncase + 1))
	[ $(((ncase - 1) % every)) -eq 0 ] || continue
	limit=$timeout
	case $name in
	slow/*)
		if [ "${HEAPDIFF_SLOW:-0}" != 1 ]; then
			skipped=$((skipped + 1))
			continue
		fi
		limit=$((timeout * 10)) ;;
	esac
	golden=$expected/$name
	if [ ! -f "$golden" ]; then
		echo "FAIL: $name: no golden file (run testdata/expected/generate.sh)"
		failed=$((failed + 1))
		continue
	fi
	IFS=" $tab"
	# shellcheck disable=SC2086 # the arguments are split on blanks, on purpose
	if [ $have_timeout -eq 1 ]; then
		(cd "$TESTDATA" && exec timeout "$limit" "$HEAPDIFF" $args) \
			<"/dev/null" >"$tmp/out" 2>"$tmp/err"
	else
		(cd "$TESTDATA" && exec "$HEAPDIFF" $args) \
			<"/dev/null" >"$tmp/out" 2>"$tmp/err"
	fi
	rc=$?
	unset IFS
	if [ $rc -ne 0 ]; then
		if [ $rc -eq 124 ] && [ $have_timeout -eq 1 ]; then
			echo "FAIL: $name: timed out after ${limit}s: heapdiff $args"
		else
			echo "FAIL: $name: heapdiff exited $rc: heapdiff $args"
		fi
		head -n 10 "$tmp/err" | sed 's/^/    /'
		failed=$((failed + 1))
		continue
	fi
	if cmp -s "$golden" "$tmp/out"; then
		passed=$((passed + 1))
		[ "${VERBOSE:-0}" = 1 ] && echo "ok: $name"
	else
		echo "FAIL: $name: heapdiff $args"
		diff -u "$golden" "$tmp/out" | head -n 40
		failed=$((failed + 1))
	fi
done <"$manifest"

if [ $skipped -gt 0 ]; then
	echo "($skipped slow cases skipped; HEAPDIFF_SLOW=1 runs them)"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
