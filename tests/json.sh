#!/bin/sh
# json.sh - heapdiff's -json output parses as JSON, follows the schema in
# man heapdiff (JSON OUTPUT), and agrees with itself and with the text
# reports: top's flat values are exactly pprof's -unit=B numbers, a tags
# key's total is the sum of its values, traces' values sum to the total.
# -csv rows carry the same numbers as -json.  Needs python3 (skips without).
#
# Environment: HEAPDIFF, TESTDATA as for golden.sh.
set -u

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
[ -x "$HEAPDIFF" ] || { echo "json.sh: $HEAPDIFF is not built" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "json.sh: no python3" >&2; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/json.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
check() {	# name, python assertion program over doc (stdin = JSON), args...
	name=$1 prog=$2; shift 2
	if ! (cd "$TESTDATA" && "$HEAPDIFF" "$@") >"$tmp/out" 2>"$tmp/err"; then
		echo "FAIL: $name: heapdiff $* exited non-zero"; sed 's/^/    /' "$tmp/err"
		failed=$((failed + 1)); return
	fi
	if ! python3 -m json.tool "$tmp/out" >/dev/null 2>"$tmp/err"; then
		echo "FAIL: $name: not JSON: $(head -1 "$tmp/err")"
		failed=$((failed + 1)); return
	fi
	if python3 -c "
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc['version'] == 1, 'version'
for k in ('schema', 'sample_type', 'unit', 'total', 'active_filters'):
    assert k in doc, 'missing ' + k
$prog
" "$tmp/out" 2>"$tmp/err"; then
		passed=$((passed + 1))
	else
		echo "FAIL: $name: heapdiff $*"; sed 's/^/    /' "$tmp/err" | tail -3
		failed=$((failed + 1))
	fi
}

# top: exact integers, the sum of flat is shown_flat, and the values are
# those pprof prints with -unit=B (the golden of the same profile).
top_prog="
assert doc['schema'] == 'heapdiff/top'
assert sum(n['flat'] for n in doc['nodes']) == doc['shown_flat']
for n in doc['nodes']:
    assert isinstance(n['flat'], int) and isinstance(n['cum'], int)
import re
gold = open(sys.argv[1] + '.golden').read().splitlines()
rows = gold[[i for i, l in enumerate(gold) if l.split()[:2] == ['flat', 'flat%']][0] + 1:]
assert len(rows) == len(doc['nodes']), (len(rows), len(doc['nodes']))
for l, n in zip(rows, doc['nodes']):
    f = l.split()
    assert int(f[0].rstrip('B')) == n['flat'] and int(f[3].rstrip('B')) == n['cum'], (l, n)
    assert l.split(None, 5)[5].startswith(n['name']), (l, n['name'])
"
for g in auditlog/top-inuse_space-07-unitB.txt:auditlog/heap-07.pb.gz \
	 condwait/top-alloc_space-00-unitB.txt:condwait/heap-00.pb.gz; do
	golden=${g%%:*} prof=${g#*:}
	type=$(echo "$golden" | sed 's/.*top-\([a-z_]*\)-.*/\1/')
	check "top $prof" "$(printf '%s' "$top_prog" | sed "s|sys.argv\[1\] + '.golden'|'$TESTDATA/expected/$golden'|")" \
		-json -top -sample_index="$type" "$prof"
done
check "top -base" "assert any(n['flat'] < 0 for n in doc['nodes'])
assert sum(n['flat'] for n in doc['nodes']) == doc['shown_flat']" \
	-json -base auditlog/heap-00.pb.gz auditlog/heap-07.pb.gz
check "top -focus" "assert doc['active_filters'] == ['focus=main\\\\.serve']
assert doc['shown_flat'] < doc['total']" \
	-json -focus='main\.serve' auditlog/heap-07.pb.gz

# peek: each node's callers and callees with exact weights.
check "peek" "assert doc['schema'] == 'heapdiff/peek'
assert doc['regex'] == 'main\\\\.serveRequest\$'
n = doc['nodes'][0]
assert n['name'] == 'main.serveRequest'
assert sum(e['weight'] for e in n['callers']) == n['cum'], n
assert sum(e['weight'] for e in n['callees']) + n['flat'] == n['cum'], n" \
	-json peek 'main\.serveRequest$' auditlog/heap-07.pb.gz

# traces: every sample; values sum to the total (sum of |v|).
check "traces" "assert doc['schema'] == 'heapdiff/traces'
assert sum(abs(t['value']) for t in doc['traces']) == doc['total']
assert all(t['frames'] and t['num_labels']['bytes']['unit'] == 'bytes' for t in doc['traces'])" \
	-json -traces auditlog/heap-07.pb.gz
check "traces -diff_base" "assert any(t['value'] < 0 for t in doc['traces'])
assert any(t['labels'].get('pprof::base') == ['true'] for t in doc['traces'])" \
	-json -traces -diff_base auditlog/heap-00.pb.gz auditlog/heap-07.pb.gz
check "traces goroutine" "assert doc['unit'] == 'count'
assert sum(t['value'] for t in doc['traces']) == doc['total']" \
	-json traces condwait/goroutine-07.pb.gz

# tags: each key's total is the sum of its values.
check "tags" "assert doc['schema'] == 'heapdiff/tags'
assert [t['key'] for t in doc['tags']] == ['bytes']
for t in doc['tags']:
    assert sum(v['weight'] for v in t['values']) == t['total']" \
	-json -tags -sample_index=alloc_space auditlog/heap-07.pb.gz
check "tags -base" "assert len(doc['tags']) == 1" \
	-json tags -base auditlog/heap-06.pb.gz auditlog/heap-07.pb.gz

# -csv: the same rows and integers as -json.
(cd "$TESTDATA" && "$HEAPDIFF" -csv -top auditlog/heap-07.pb.gz) >"$tmp/csv"
check "csv" "import csv
rows = list(csv.DictReader(open('$tmp/csv')))
assert len(rows) == len(doc['nodes']) > 5
for r, n in zip(rows, doc['nodes']):
    assert r['name'] == n['name'] and int(r['flat']) == n['flat'] and int(r['cum']) == n['cum']
    assert r['unit'] == doc['unit']" -json -top auditlog/heap-07.pb.gz

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
