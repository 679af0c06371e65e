#!/bin/sh
# generate.sh - (re)write the golden outputs in testdata/expected/ with
# `go tool pprof`, as listed in testdata/expected/commands.txt.
#
# Usage: testdata/expected/generate.sh [-f] [--no-slow] [GLOB...]
#
#   GLOB...    only the goldens whose path (relative to testdata/expected)
#              matches one of these shell patterns, e.g. 'condwait/*'
#   --no-slow  skip the slow/ lines (each takes about a minute and 5-9 GB)
#   -f         run even if `go version` differs from the "# Tool:" line of
#              commands.txt (then update that line by hand and say why)
#
# Each golden is pprof's stdout for `TZ=UTC go tool pprof <args>` run in
# testdata/. A command pprof fails on leaves no golden; it is reported and
# the script exits 1. Goldens come from pprof only, never from heapdiff:
# a rewritten golden is a change to review (git diff testdata/expected).
set -u

here=$(cd "$(dirname "$0")" && pwd)
testdata=$(dirname "$here")
manifest=$here/commands.txt

force=0
slow=1
while [ $# -gt 0 ]; do
	case $1 in
	-f) force=1; shift ;;
	--no-slow) slow=0; shift ;;
	--) shift; break ;;
	-*) echo "generate.sh: unknown option $1" >&2; exit 1 ;;
	*) break ;;
	esac
done

command -v go >/dev/null 2>&1 || { echo "generate.sh: go not found (need go tool pprof)" >&2; exit 1; }
[ -r "$manifest" ] || { echo "generate.sh: cannot read $manifest" >&2; exit 1; }

have=$(go version)
want=$(sed -n 's/^# Tool: \(go version [^(]*[^ (]\) *(.*/\1/p' "$manifest" | head -n 1)
if [ "$have" != "$want" ] && [ $force -eq 0 ]; then
	echo "generate.sh: manifest was made with '$want' but this is '$have'; use -f to regenerate anyway" >&2
	exit 1
fi

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
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

n=0 failed=0 skipped=0
failures=
set -f
while IFS= read -r line || [ -n "$line" ]; do
	case $line in '' | '#'*) continue ;; esac
	case $line in *"$tab"*) ;; *) echo "generate.sh: malformed line: $line" >&2; failed=$((failed + 1)); continue ;; esac
	name=${line%%"$tab"*}
	args=${line#*"$tab"}
	matches "$name" "$@" || continue
	case $name in slow/*) [ $slow -eq 1 ] || { skipped=$((skipped + 1)); continue; } ;; esac
	golden=$here/$name
	mkdir -p "$(dirname "$golden")"
	IFS=" $tab"
	# shellcheck disable=SC2086 # split the arguments on blanks, on purpose
	(cd "$testdata" && TZ=UTC go tool pprof $args) <"/dev/null" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	unset IFS
	if [ $rc -ne 0 ]; then
		echo "FAIL ($rc): $name: go tool pprof $args" >&2
		sed 's/^/    /' "$tmp/err" >&2
		rm -f "$golden"
		failed=$((failed + 1))
		failures="$failures $name"
		continue
	fi
	mv "$tmp/out" "$golden"
	n=$((n + 1))
done <"$manifest"

echo "generate.sh: $n goldens written, $failed failed, $skipped slow skipped"
[ $failed -eq 0 ] || { echo "generate.sh: pprof failed on:$failures" >&2; exit 1; }
exit 0
