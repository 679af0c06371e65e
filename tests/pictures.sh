#!/bin/sh
# tests/pictures.sh - the picture commands (dot, svg, flame, folded) on the
# command line: -dot/-svg flags, -output/-o, usage errors, bad input (exit
# 2, one line, no output file), svg without Graphviz (a message naming the
# Debian package), and the examples their help texts give.  Ends with
# "N passed, N failed".

. "$(dirname "$0")/lib.sh"

golden=condwait/dot-inuse_space-07.dot
args="-sample_index=inuse_space condwait/heap-07.pb.gz"

# --- dot: command, flag, -output -------------------------------------------
# shellcheck disable=SC2086
run dot $args
expect_status 0 "dot"
cmp -s "$tmp/out" "$TESTDATA/expected/$golden" && ok || bad "dot differs from $golden"
# shellcheck disable=SC2086
run -dot -output "$tmp/g.dot" $args
expect_status 0 "-dot -output"
expect_empty_out "-dot -output"
cmp -s "$tmp/g.dot" "$TESTDATA/expected/$golden" && ok || bad "-output file differs from $golden"
# shellcheck disable=SC2086
run dot -o "$tmp/g2.dot" $args
cmp -s "$tmp/g2.dot" "$TESTDATA/expected/$golden" && ok || bad "dot -o file differs from $golden"
run -dot -svg condwait/heap-07.pb.gz
expect_status 1 "-dot with -svg"
expect_err "heapdiff: -svg and -dot cannot both be given" "-dot with -svg"
run -dot -top condwait/heap-07.pb.gz
expect_status 1 "-dot with -top"

# --- usage errors and bad input ----------------------------------------------
for c in dot svg flame folded; do
	run "$c"
	expect_status 1 "$c without a profile"
	grep -q "^usage: heapdiff $c \[FLAGS\]" "$tmp/err" && ok ||
		bad "$c without a profile: no usage line: $(cat "$tmp/err")"
	printf 'not a profile\n' >"$tmp/junk.pb"
	run "$c" "$tmp/junk.pb" -o "$tmp/never.$c"
	expect_status 2 "$c on a bad file"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok || bad "$c on a bad file: not one line"
	grep -q "junk.pb" "$tmp/err" && ok || bad "$c on a bad file: message lacks the file"
	[ -e "$tmp/never.$c" ] && bad "$c on a bad file wrote an output file" || ok
	run "$c" -sample_index=nosuch condwait/heap-07.pb.gz
	expect_status 1 "$c with an unknown sample type"
	run "$c" condwait/heap-07.pb.gz -o "$tmp/no/such/dir/x"
	expect_status 1 "$c with an unwritable -o"
	grep -q "cannot write" "$tmp/err" && ok || bad "$c unwritable -o: $(cat "$tmp/err")"
done

# --- svg: with and without Graphviz ------------------------------------------
if command -v dot >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	run svg $args
	expect_status 0 "svg"
	expect_out_has "<svg" "svg writes SVG"
	expect_out_has "main.submitJob" "svg has the nodes"
	# shellcheck disable=SC2086
	run -svg -output "$tmp/g.svg" $args
	expect_status 0 "-svg -output"
	grep -q "</svg>" "$tmp/g.svg" && ok || bad "-svg -output wrote no SVG"
fi
# No command: -output=FILE.svg draws the graph, FILE.dot writes DOT.
# shellcheck disable=SC2086
run -output="$tmp/o.dot" $args
expect_status 0 "-output=FILE.dot"
cmp -s "$tmp/o.dot" "$TESTDATA/expected/$golden" && ok || bad "-output=FILE.dot differs from $golden"
if command -v dot >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	run -output="$tmp/o.svg" $args
	expect_status 0 "-output=FILE.svg"
	grep -q "</svg>" "$tmp/o.svg" && ok || bad "-output=FILE.svg wrote no SVG"
fi
mkdir -p "$tmp/nodot"
# shellcheck disable=SC2086
(cd "$TESTDATA" && PATH="$tmp/nodot" "$HEAPDIFF" svg $args -o "$tmp/none.svg") \
	>"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 1 "svg without Graphviz"
expect_err "heapdiff: svg needs Graphviz's dot program, which is not installed (Debian package graphviz: apt-get install graphviz)" "svg without Graphviz"
[ -e "$tmp/none.svg" ] && bad "svg without Graphviz wrote a file" || ok

# --- flame and folded ----------------------------------------------------------
run flame -sample_index=inuse_space condwait/heap-07.pb.gz
expect_status 0 "flame to stdout"
expect_out_has "<svg" "flame writes SVG"
expect_out_has "Flame graph: condwait (inuse_space)" "flame title"
run flame -base condwait/heap-00.pb.gz condwait/heap-07.pb.gz -o "$tmp/d.svg"
expect_status 0 "flame -base -o"
expect_empty_out "flame -o"
grep -q "Differential flame graph" "$tmp/d.svg" && ok || bad "flame -base is not differential"
run flame -unit=B -sample_index=inuse_space condwait/heap-07.pb.gz
expect_out_has "value: 630448B (100% of 630448B)" "flame -unit=B"
run folded -sample_index=inuse_space condwait/heap-07.pb.gz
expect_status 0 "folded"
expect_out_has "main.awaitCompletion;sync.(*Cond).Wait;sync.runtime_notifyListWait 12672" "folded line"
sum=$(awk '{ s += $NF } END { print s }' "$tmp/out")
[ "$sum" = 630448 ] && ok || bad "folded sums to $sum, want 630448"

# --- help texts carry examples that run -----------------------------------------
for c in dot svg flame folded; do
	run help "$c"
	expect_status 0 "help $c"
	expect_out_has "Example: heapdiff $c" "help $c has an example"
done
run --help
for c in dot svg flame folded; do
	expect_out_has "  $c " "--help lists $c"
done
cp "$TESTDATA"/condwait/heap-0[07].pb.gz "$tmp/"
(cd "$tmp" && cp heap-07.pb.gz heap.pb.gz &&
	"$HEAPDIFF" dot -sample_index=inuse_space heap.pb.gz >/dev/null &&
	"$HEAPDIFF" flame -base heap-00.pb.gz heap-07.pb.gz -o diff.svg &&
	"$HEAPDIFF" folded -sample_index=alloc_space heap.pb.gz >/dev/null &&
	{ ! command -v dot >/dev/null 2>&1 ||
	  "$HEAPDIFF" svg -base heap-00.pb.gz heap-07.pb.gz -o growth.svg; }) \
	2>"$tmp/err"
status=$?
expect_status 0 "help examples"

finish
