#!/bin/sh
# folded.sh - `heapdiff folded` against go tool pprof: every reference in
# testdata/expected/folded/ is pprof's -traces output (each sample's stack
# and exact value); it is folded here (frames root first joined by ';',
# values summed per path, zero sums dropped, sorted) and must equal
# heapdiff's folded output for the same arguments, line for line.
#
# Environment: HEAPDIFF, TESTDATA as for golden.sh.  Exit: 0 ok, 1 a case
# failed, 77 heapdiff or python3 missing, 99 broken set-up.
set -u

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
refs=$TESTDATA/expected/folded

[ -x "$HEAPDIFF" ] || { echo "folded.sh: $HEAPDIFF is not built" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "folded.sh: no python3" >&2; exit 77; }
[ -r "$refs/commands.txt" ] || { echo "folded.sh: no $refs/commands.txt" >&2; exit 99; }
case $HEAPDIFF in /*) ;; *) HEAPDIFF=$(pwd)/$HEAPDIFF ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/folded.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# Fold pprof -traces output read from stdin.
cat >"$tmp/fold.py" <<'PY'
import sys
sums = {}
frames, value, started = [], None, False
def flush():
    if value is not None and frames:
        key = ";".join(reversed(frames))
        sums[key] = sums.get(key, 0) + value
for line in sys.stdin.read().split("\n"):
    if line.startswith("-----------+"):
        flush()
        frames, value, started = [], None, True
        continue
    if not started or len(line) < 14 or value is None and line[10:11] == ":":
        continue
    head, frame = line[:10].strip(), line[13:]
    if frame.endswith(" (inline)"):
        frame = frame[:-len(" (inline)")]
    if head:
        value = int(head[:-1] if head.endswith("B") else head)
    frames.append(frame)
flush()
for key in sorted(sums, key=lambda k: k.encode()):
    if sums[key] != 0:
        print("%s %d" % (key, sums[key]))
PY

tab=$(printf '\t')
passed=0 failed=0
set -f
while IFS= read -r line; do
	case $line in '' | '#'*) continue ;; esac
	name=${line%%"$tab"*}
	args=${line#*"$tab"}
	# heapdiff takes the same arguments, -traces and -unit replaced.
	hargs=$(echo "$args" | sed 's/-traces //; s/-unit=B //')
	python3 "$tmp/fold.py" <"$refs/$name" >"$tmp/want" || exit 99
	IFS=" $tab"
	# shellcheck disable=SC2086 # split on blanks, on purpose
	(cd "$TESTDATA" && "$HEAPDIFF" folded $hargs) >"$tmp/got" 2>"$tmp/err"
	rc=$?
	unset IFS
	if [ $rc -ne 0 ]; then
		echo "FAIL: $name: heapdiff folded $hargs exited $rc"
		sed 's/^/    /' "$tmp/err"
		failed=$((failed + 1))
	elif ! [ -s "$tmp/want" ]; then
		echo "FAIL: $name: the reference folds to nothing"
		failed=$((failed + 1))
	elif cmp -s "$tmp/want" "$tmp/got"; then
		passed=$((passed + 1))
	else
		echo "FAIL: $name: heapdiff folded $hargs"
		diff -u "$tmp/want" "$tmp/got" | head -n 20
		failed=$((failed + 1))
	fi
done <"$refs/commands.txt"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
