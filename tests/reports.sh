#!/bin/sh
# tests/reports.sh - list, peek, tree, traces, tags and the filters from
# the command line: the command form (heapdiff list RE PROFILE) prints
# exactly what the flag form (-list=RE) does, whose output the goldens
# check against go tool pprof; a missing source still shows its numbers;
# bad regexes and regexes that match nothing are one-line errors with
# exit status 1; help and the man page's examples for these commands.

. "$(dirname "$0")/lib.sh"

sp=-source_path=auditlog/src:/usr/lib/go/src
h7=auditlog/heap-07.pb.gz

# --- the command form equals the flag form (whose goldens are pprof's) -----
run list 'main\.' -sample_index=inuse_space "$sp" "$h7"
expect_status 0 "list RE"
same_as auditlog/a3-list-inuse_space-07.txt "list RE PROFILE"
run peek 'main\.' -sample_index=alloc_objects "$h7"
same_as auditlog/a3-peek-alloc_objects-07.txt "peek RE PROFILE"
run tree -sample_index=inuse_objects "$h7"
same_as auditlog/a3-tree-inuse_objects-07.txt "tree PROFILE"
run traces -sample_index=inuse_space "$h7"
same_as auditlog/a3-traces-inuse_space-07.txt "traces PROFILE"
run tags -sample_index=alloc_space "$h7"
same_as auditlog/a3-tags-alloc_space-07.txt "tags PROFILE"
run tags -base auditlog/heap-00.pb.gz -sample_index=alloc_space "$h7"
same_as auditlog/a3-tags-base-alloc_space-00-07.txt "tags -base"

# --- list finds Go -trimpath sources, and reports missing ones ---------------
run list 'main\.recordAudit$' "$sp" "$h7"
expect_out_has "ROUTINE ======================== main.recordAudit in example.com/auditlog/main.go" "list routine"
expect_out_has "func recordAudit" "list shows the source"
run list 'main\.recordAudit$' -source_path=/nonexistent "$h7"
expect_status 0 "list without sources"
expect_out_has " Error: could not find file example.com/auditlog/main.go on path /nonexistent" "list missing source note"
grep -q '^ *[0-9.]*[kMG]*B  *[0-9.]*[kMG]*B  *[0-9]*: (source not found)$' "$tmp/out" && ok ||
	{ bad "list missing source keeps per-line numbers"; head "$tmp/out"; }
# An absolute source path (from the binary's DWARF) that is not there.
run list '^main$' gperftools-conntrack/conntrack gperftools-conntrack/conntrack.0009.heap
expect_status 0 "list with a missing absolute source"
expect_out_has " Error: open /opt/hdcorpus/src/conntrack.c: no such file or directory" "list missing absolute source note"
run list 'runtime\.' -trim_path=/nope "$sp" auditlog/goroutine-07.pb.gz
expect_out_has "ROUTINE ======================== runtime.gopark in runtime/proc.go" "list finds runtime sources"

# --- errors --------------------------------------------------------------------
run list 'main(' "$h7"
expect_status 1 "list with a bad regex"
expect_err "heapdiff: parsing argument regexp main(: missing closing parenthesis at offset 5" "bad list regex"
run peek 'nomatchatall' "$h7"
expect_status 1 "peek without a match"
expect_err "heapdiff: no matches found for regexp: nomatchatall" "peek no match"
[ -s "$tmp/out" ] && bad "peek without a match printed a report" || ok
run list 'nomatchatall' "$h7"
expect_err "heapdiff: no matches found for regexp: nomatchatall" "list no match"
run top -focus='a[' "$h7"
expect_status 1 "bad -focus"
expect_err "heapdiff: parsing focus regexp: missing terminating ] for character class at offset 2" "bad -focus regex"
run top -tagfocus='x(' "$h7"
expect_err "heapdiff: parsing tagfocus regexp: missing closing parenthesis at offset 2" "bad -tagfocus regex"
run list "$h7"
expect_status 1 "list without a regex"
run -list='main\.' -peek='main\.' "$h7"
expect_status 1 "-list and -peek together"
run top -focus=nomatchatall "$h7"
expect_status 0 "focus matching nothing"
expect_err "Focus expression matched no samples" "focus warning"
run top -tagfocus=64kb: -sample_index=alloc_space "$h7"
expect_err "tagfocus:Interpreted '64kb:' as range, not regexp" "tagfocus range note"

run -json list 'main\.' "$h7"
expect_status 1 "-json list"
expect_err "heapdiff: -json is not available for list (-json: top, peek, traces, tags; -csv: top)" "-json list"
run -csv tags "$h7"
expect_err "heapdiff: -csv is not available for tags (-json: top, peek, traces, tags; -csv: top)" "-csv tags"
run -json -tree "$h7"
expect_status 1 "-json -tree"

# --- help ------------------------------------------------------------------------
for c in list peek tree traces tags; do
	run help "$c"
	expect_out_has "usage: heapdiff $c" "help $c"
	expect_out_has "Example: heapdiff $c" "help $c example"
done
run --help
for w in -focus -tagfocus -source_path -json -csv -list=RE; do
	expect_out_has "$w" "--help mentions $w"
done

# --- the man page's examples for these commands run --------------------------
cp -r "$TESTDATA"/auditlog/src "$tmp/src"
cp "$TESTDATA"/auditlog/heap-0[07].pb.gz "$tmp/"
(cd "$tmp" && cp heap-07.pb.gz heap.pb.gz &&
	"$HEAPDIFF" list 'main\.recordAudit' -source_path=src:/usr/lib/go/src heap.pb.gz &&
	"$HEAPDIFF" peek 'main\.serveRequest$' heap.pb.gz &&
	"$HEAPDIFF" tree -nodecount=10 heap.pb.gz &&
	"$HEAPDIFF" traces -focus=recordAudit heap.pb.gz &&
	"$HEAPDIFF" tags -tagfocus=64kb: heap.pb.gz &&
	"$HEAPDIFF" top10 -focus='main\.serve' -unit=B heap.pb.gz &&
	"$HEAPDIFF" -json -top -base heap-00.pb.gz heap-07.pb.gz &&
	"$HEAPDIFF" -csv -top heap.pb.gz) >"$tmp/out" 2>"$tmp/err"
status=$?
expect_status 0 "man page examples"
grep -q "func recordAudit" "$tmp/out" && ok || bad "man page list example shows no source"

finish
