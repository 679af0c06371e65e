#!/bin/sh
# tests/crash.sh - the store survives heapdiff being killed mid-import, and
# readers see only whole snapshots while an import writes.
#
# 1. Several times: start importing a series (a large profile among small
#    ones), SIGKILL heapdiff at a random moment, then check that SQLite's
#    integrity_check passes, that every snapshot listed is whole (its totals
#    are the file's totals), and that importing again completes.
# 2. While an import of the large profile runs, `snapshots` is run over and
#    over: it must never fail and never show a partial snapshot.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "crash.sh: needs sqlite3"; exit 77; }

cd "$TESTDATA" || exit 99
series="auditlog/heap-00.pb.gz large/large-01.pb.gz auditlog/heap-07.pb.gz condwait/goroutine-07.pb.gz"

# The whole-file totals of each profile, from a store made without trouble.
"$HEAPDIFF" import --db "$tmp/ref.db" $series >/dev/null || bad "reference import"
"$HEAPDIFF" snapshots --db "$tmp/ref.db" | awk '/^@/ { $1 = ""; $2 = ""; $3 = ""; print }' |
	sort >"$tmp/ref.totals"
nref=$(wc -l <"$tmp/ref.totals")
[ "$nref" -eq 4 ] && ok || bad "reference store has $nref snapshots, want 4"

# check_store DB DESC: integrity, and every listed snapshot whole.
check_store() {
	if [ "$(sqlite3 "$1" 'PRAGMA integrity_check;' 2>&1)" = ok ]; then ok; else
		bad "$2: integrity_check failed"; fi
	if "$HEAPDIFF" snapshots --db "$1" >"$tmp/list" 2>"$tmp/err"; then ok; else
		bad "$2: snapshots failed: $(cat "$tmp/err")"; return; fi
	awk '/^@/ { $1 = ""; $2 = ""; $3 = ""; print }' "$tmp/list" | sort >"$tmp/got"
	if [ -z "$(comm -23 "$tmp/got" "$tmp/ref.totals")" ]; then ok; else
		bad "$2: a snapshot that is not whole:"; comm -23 "$tmp/got" "$tmp/ref.totals"; fi
	# No sample rows belong to a snapshot that is not listed.
	orphans=$(sqlite3 "$1" 'SELECT count(*) FROM sample WHERE snapshot NOT IN (SELECT id FROM snapshot);')
	[ "$orphans" = 0 ] && ok || bad "$2: $orphans samples of no snapshot"
}

# --- kill during import, at random points ---------------------------------------
i=0
while [ $i -lt 5 ]; do
	i=$((i + 1))
	db=$tmp/kill$i.db
	# A random delay of 0.05 to 2.5 s.
	delay=$(awk -v s="$i$$" 'BEGIN { srand(s); printf "%.2f", 0.05 + rand() * 2.45 }')
	"$HEAPDIFF" import --db "$db" $series >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -f "$db" ] || continue
	check_store "$db" "killed after ${delay}s"
	if "$HEAPDIFF" import --db "$db" $series >/dev/null 2>"$tmp/err"; then ok; else
		bad "import after the kill at ${delay}s failed: $(cat "$tmp/err")"; fi
	n=$("$HEAPDIFF" snapshots --db "$db" | grep -c '^@')
	[ "$n" -eq 4 ] && ok || bad "after re-import at ${delay}s: $n snapshots, want 4"
	check_store "$db" "re-imported after ${delay}s"
done

# --- readers while an import writes ---------------------------------------------------
db=$tmp/concurrent.db
"$HEAPDIFF" import --db "$db" auditlog/heap-00.pb.gz >/dev/null
"$HEAPDIFF" import --db "$db" large/large-01.pb.gz >/dev/null 2>"$tmp/imperr" &
pid=$!
reads=0
readfail=0
while kill -0 "$pid" 2>/dev/null; do
	if "$HEAPDIFF" snapshots --db "$db" >"$tmp/list" 2>"$tmp/err"; then
		reads=$((reads + 1))
		awk '/^@/ { $1 = ""; $2 = ""; $3 = ""; print }' "$tmp/list" | sort >"$tmp/got"
		if [ -n "$(comm -23 "$tmp/got" "$tmp/ref.totals")" ]; then
			readfail=$((readfail + 1))
		fi
	else
		readfail=$((readfail + 1))
		cat "$tmp/err"
	fi
done
wait "$pid" && ok || bad "import during reads failed: $(cat "$tmp/imperr")"
[ "$reads" -gt 0 ] && ok || bad "no read finished while the import ran"
[ "$readfail" -eq 0 ] && ok || bad "$readfail of the reads during import failed or saw a partial snapshot"
n=$("$HEAPDIFF" snapshots --db "$db" | grep -c '^@')
[ "$n" -eq 2 ] && ok || bad "after the concurrent import: $n snapshots, want 2"

finish
