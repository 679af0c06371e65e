#!/bin/sh
# generate.sh - (re)write the references of tests/folded.sh: for every line
# of commands.txt beside this script, the stdout of `TZ=UTC go tool pprof
# <args>` run in testdata/.  References come from pprof only, never from
# heapdiff.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
testdata=$(cd "$here/../.." && pwd)
tab=$(printf '\t')
n=0
set -f
while IFS= read -r line; do
	case $line in '' | '#'*) continue ;; esac
	name=${line%%"$tab"*}
	args=${line#*"$tab"}
	IFS=" $tab"
	# shellcheck disable=SC2086 # split on blanks, on purpose
	(cd "$testdata" && TZ=UTC go tool pprof $args) </dev/null >"$here/$name"
	unset IFS
	n=$((n + 1))
done <"$here/commands.txt"
echo "generate.sh: $n references written"
