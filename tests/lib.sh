# tests/lib.sh - what the end-to-end drivers share; a driver sources it
# (. "$(dirname "$0")/lib.sh") after its header comment.
#
# It sets HEAPDIFF and TESTDATA (absolute; from the environment as make
# check sets them, else beside tests/), skips the driver (exit 77) when the
# binary is missing, makes $tmp (removed on exit), and defines the checks.
# Each check counts a pass or prints "FAIL: ..." and counts a failure;
# finish prints "N passed, N failed" and exits 0 only if nothing failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
[ -x "$HEAPDIFF" ] || {
	echo "$(basename "$0"): no binary at $HEAPDIFF"; exit 77; }
case $HEAPDIFF in /*) ;; *) HEAPDIFF=$(pwd)/$HEAPDIFF ;; esac
case $TESTDATA in /*) ;; *) TESTDATA=$(pwd)/$TESTDATA ;; esac
export TZ=UTC
unset HEAPDIFF_DB

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run ARGS...: heapdiff ARGS from testdata/, stdout in $tmp/out, stderr in
# $tmp/err, exit status in $status.
run() {
	(cd "$TESTDATA" && "$HEAPDIFF" "$@") >"$tmp/out" 2>"$tmp/err"
	status=$?
}

# expect_status N DESC
expect_status() {
	if [ "$status" -eq "$1" ]; then ok; else
		bad "$2: exit status $status, want $1"; head -3 "$tmp/err"; fi
}

# expect_err TEXT DESC: stderr is exactly TEXT.
expect_err() {
	if [ "$(cat "$tmp/err")" = "$1" ]; then ok; else
		bad "$2: stderr was:"; cat "$tmp/err"; echo "  want: $1"; fi
}

# expect_out_has TEXT DESC / expect_out_lacks TEXT DESC
expect_out_has() {
	if grep -qF -- "$1" "$tmp/out"; then ok; else
		bad "$2: stdout lacks '$1'"; head -5 "$tmp/out"; fi
}
expect_out_lacks() {
	if grep -qF -- "$1" "$tmp/out"; then
		bad "$2: stdout has '$1'"; grep -F -- "$1" "$tmp/out" | head -3
	else ok; fi
}

# expect_empty_out DESC
expect_empty_out() {
	if [ -s "$tmp/out" ]; then bad "$1: stdout not empty"; else ok; fi
}

# same_as GOLDEN DESC: stdout equals testdata/expected/GOLDEN.
same_as() {
	if cmp -s "$tmp/out" "$TESTDATA/expected/$1"; then ok; else
		bad "$2: differs from expected/$1"
		diff "$TESTDATA/expected/$1" "$tmp/out" | head -10; fi
}

# finish: the counts, and the driver's exit status.
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
