#!/bin/sh
# tests/tui.sh - heapdiff's browser in a real terminal: runs the built
# binary inside tmux on the auditlog series, sends keys with
# `tmux send-keys`, reads the screen with `tmux capture-pane -p`, and checks
# what a person would see: the leak at the top of Growth, its callers and
# source in Detail, the help screen, a resize, colours (and none with
# NO_COLOR), quitting with q, Ctrl-C or SIGTERM with the terminal as it
# was, a series of Go heap dumps whose Detail shows what retains the leak,
# and the browser's errors word for word (a bad regular expression,
# snapshots that cannot be compared, a terminal curses does not know).
# Ends with "N passed, N failed".
set -u

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
[ -x "$HEAPDIFF" ] || { echo "tui.sh: no binary at $HEAPDIFF"; exit 77; }
command -v tmux >/dev/null 2>&1 || {
	echo "tui.sh: tmux is not installed (bootstrap installs it)"; exit 77; }

tmp=$(mktemp -d)
# One tmux server per run of heapdiff, on a private socket.
run=0
sock="heapdiff-tui-test-$$-$run"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# screen [-e]: the pane's text now (-e keeps colour escapes).
screen() { tm capture-pane -p "$@" -t t 2>/dev/null; }

# wait_for TEXT: wait up to 30 s until the screen shows TEXT.
wait_for() {
	i=0
	while [ $i -lt 300 ]; do
		if screen | grep -F -q -- "$1"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# expect_screen TEXT DESC
expect_screen() {
	if wait_for "$1"; then ok; else
		bad "$2: the screen never showed '$1'; it shows:"; screen; fi
}

# start W H ENV... -- ARGS...: run heapdiff ARGS in a W x H tmux pane from
# a shell that prints TTY-SAME when the terminal settings after heapdiff
# are those before it, then EXIT=status.
start() {
	w=$1 h=$2
	shift 2
	envs=""
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	cat >"$tmp/run.sh" <<EOF
cd "$TESTDATA" || exit 1
trap 'true' INT
before=\$(stty -g)
env TERM=xterm-256color LC_ALL=C.UTF-8 TZ=UTC $envs "$HEAPDIFF" $*
rc=\$?
after=\$(stty -g)
[ "\$before" = "\$after" ] && echo TTY-SAME
echo EXIT=\$rc
sleep 600
EOF
	tm kill-server 2>/dev/null
	run=$((run + 1))
	sock="heapdiff-tui-test-$$-$run"
	tm new-session -d -s t -x "$w" -y "$h" "sh $tmp/run.sh"
}

series="auditlog/heap-00.pb.gz auditlog/heap-01.pb.gz auditlog/heap-02.pb.gz
auditlog/heap-03.pb.gz auditlog/heap-04.pb.gz auditlog/heap-05.pb.gz
auditlog/heap-06.pb.gz auditlog/heap-07.pb.gz"

# --- No command on a terminal: the browser, on Growth, the leak first.
start 100 30 -- $series
expect_screen "heapdiff Growth" "no command opens the browser"
row=$(screen | sed -n 4p)
case $row in
main.recordAudit*) ok ;;
*) bad "first row of Growth is not main.recordAudit: $row" ;;
esac
case $row in
*+266.66kB*) ok ;;
*) bad "main.recordAudit's change is not +266.66kB: $row" ;;
esac
# Growth is red: the change column carries a red foreground.
if screen -e | sed -n 4p | grep -q '\[31m\|\[3[1];\|;31m'; then ok; else
	bad "growth is not red"; screen -e | sed -n 4p | od -c | head -5; fi

# --- Enter: its callers and its source.
tm send-keys -t t Enter
expect_screen "Callers (1)" "Enter shows the detail"
expect_screen "main.serveRequest" "the detail names the caller"
expect_screen "auditTrail = append(auditTrail, rec)" \
    "the detail shows the leaking source line"

# --- ? shows the help, Escape goes back.
tm send-keys -t t '?'
expect_screen "WHAT IT DOES" "? shows the help"
expect_screen "filter rows by regular expression" "the help lists /"
tm send-keys -t t Escape
expect_screen "Callers (1)" "Escape goes back to the detail"
tm send-keys -t t BSpace
expect_screen "heapdiff Growth" "Backspace goes back to Growth"

# --- A resize to 80x24 redraws at that size.
tm resize-window -t t -x 80 -y 24
sleep 0.3
expect_screen "Enter:detail" "the screen is redrawn after a resize"
lines=$(screen | wc -l)
widest=$(screen | LC_ALL=C.UTF-8 wc -L)
last=$(screen | sed -n 24p)
if [ "$lines" -eq 24 ] && [ "$widest" -le 80 ]; then ok; else
	bad "after resize: $lines lines, widest $widest"; fi
case $last in
Enter:detail*) ok ;;
*) bad "the status line is not the last of 24: $last" ;;
esac
case $(screen | sed -n 4p) in
main.recordAudit*) ok ;;
*) bad "after resize the leak is not first"; screen ;;
esac

# --- / filters, q quits with the terminal restored.
tm send-keys -t t '/' 'LRU' Enter
expect_screen "rows match /LRU/" "/ filters"
expect_screen "main.(*lruTable).put" "/ ignores case"
tm send-keys -t t q
expect_screen "EXIT=0" "q quits with status 0"
expect_screen "TTY-SAME" "the terminal settings are restored"
if screen | grep -q "heapdiff Growth"; then
	bad "the browser is still on the screen after q"; screen; else ok; fi

# --- heapdiff tui with NO_COLOR: no colours, still readable; Ctrl-C quits.
start 100 30 NO_COLOR=1 -- tui auditlog/heap-00.pb.gz auditlog/heap-07.pb.gz
expect_screen "heapdiff Growth" "tui opens the browser"
if screen -e | grep -q '\[3[0-7]m\|;3[0-7]m\|\[3[0-7];'; then
	bad "NO_COLOR still shows colours"; else ok; fi
case $(screen | sed -n 4p) in
main.recordAudit*) ok ;;
*) bad "with NO_COLOR the leak is not first"; screen ;;
esac
tm send-keys -t t C-c
expect_screen "EXIT=130" "Ctrl-C quits with status 130"
expect_screen "TTY-SAME" "the terminal is restored after Ctrl-C"

# --- SIGTERM (a session closed, kill): quits as Ctrl-C does.
start 100 30 -- tui auditlog/heap-00.pb.gz auditlog/heap-07.pb.gz
expect_screen "heapdiff Growth" "tui opens for SIGTERM"
# heapdiff is the child of the pane's shell (no pgrep: procps may be absent).
sh_pid=$(tm list-panes -t t -F '#{pane_pid}')
pid=$(cat "/proc/$sh_pid/task/$sh_pid/children" 2>/dev/null)
kill -TERM $pid
expect_screen "EXIT=130" "SIGTERM quits with status 130"
expect_screen "TTY-SAME" "the terminal is restored after SIGTERM"

# --- The store: import a series, browse it with --db and no profile.
"$HEAPDIFF" import --db "$tmp/s.db" $(for f in $series; do
	echo "$TESTDATA/$f"; done) >/dev/null 2>&1
start 100 30 -- tui --db "$tmp/s.db"
expect_screen "@1 heap-00.pb.gz -> @8 heap-07.pb.gz" \
    "tui --db browses the stored series"
case $(screen | sed -n 4p) in
main.recordAudit*) ok ;;
*) bad "from the store the leak is not first"; screen ;;
esac
tm send-keys -t t 1
expect_screen "@4 heap-03.pb.gz" "1 shows the snapshots"
tm send-keys -t t q
expect_screen "EXIT=0" "q quits from Snapshots"

# --- -source_path finds sources that are not beside the profiles.
mkdir -p "$tmp/p"
cp "$TESTDATA/auditlog/heap-00.pb.gz" "$TESTDATA/auditlog/heap-07.pb.gz" "$tmp/p/"
start 100 30 -- tui -source_path="$TESTDATA/auditlog/src" "$tmp/p/heap-00.pb.gz" \
    "$tmp/p/heap-07.pb.gz"
expect_screen "heapdiff Growth" "tui with -source_path"
tm send-keys -t t Enter
expect_screen "auditTrail = append(auditTrail, rec)" \
    "-source_path finds the source"
tm send-keys -t t q
expect_screen "EXIT=0" "q quits"

# --- A series of Go heap dumps with the program's binary: the leaking
# site first, and its Detail names the global slice that retains it.
start 100 30 -- tui dumpseries/dumpseries.syms dumpseries/heapdump-00.bin.gz \
    dumpseries/heapdump-01.bin.gz dumpseries/heapdump-02.bin.gz \
    dumpseries/heapdump-03.bin.gz
expect_screen "heapdump-00.bin.gz -> heapdump-03.bin.gz" "tui on heap dumps"
case $(screen | sed -n 4p) in
main.openSession*+312.38kB*) ok ;;
*) bad "on the dumps the leak is not first"; screen ;;
esac
tm send-keys -t t Enter
expect_screen "Retainers (1, retained)" "the dumps' Detail has Retainers"
if screen | grep -q "^    main.sessions (bss) .*104.12kB  416.50kB  +312.38kB"
then ok; else bad "the retainer is not main.sessions with its bytes"; screen; fi
tm send-keys -t t q
expect_screen "EXIT=0" "q quits the dumps' browser"

# --- The same dumps from a store, with the binary after --db.
"$HEAPDIFF" import --db "$tmp/d.db" "$TESTDATA"/dumpseries/heapdump-0*.bin.gz \
    >/dev/null 2>&1
start 100 30 -- tui --db "$tmp/d.db" dumpseries/dumpseries.syms
expect_screen "@1 heapdump-00.bin.gz -> @4 heapdump-03.bin.gz" \
    "tui --db browses stored dumps"
tm send-keys -t t Enter
expect_screen "main.sessions (bss)" "--db BINARY names the dumps' roots"
tm send-keys -t t q
expect_screen "EXIT=0" "q quits the stored dumps' browser"

# --- A bad regular expression after /: the message on the status line,
# the rows as they were.
start 100 30 -- tui auditlog/heap-00.pb.gz auditlog/heap-07.pb.gz
expect_screen "heapdiff Growth" "tui opens for the regex test"
tm send-keys -t t '/' 'rec(ord' Enter
expect_screen "bad regular expression rec(ord: missing closing parenthesis at offset 7" \
    "a bad regular expression is named on the status line"
case $(screen | sed -n 4p) in
main.recordAudit*) ok ;;
*) bad "after a bad regex the rows changed"; screen ;;
esac
tm send-keys -t t q
expect_screen "EXIT=0" "q quits after a bad regex"

# --- Snapshots that cannot be compared: one line naming both, exit 2.
start 200 30 -- tui auditlog/heap-00.pb.gz auditlog/goroutine-00.pb.gz
expect_screen "EXIT=2" "a heap and a goroutine profile exit 2"
expect_screen "heapdiff: auditlog/goroutine-00.pb.gz: cannot be browsed with auditlog/heap-00.pb.gz: incompatible period types space/bytes and goroutine/count" \
    "it names both files and why"
expect_screen "TTY-SAME" "the terminal is untouched"

# --- A terminal curses does not know: heapdiff's own line, exit 1.
start 100 30 TERM=no-such-terminal -- tui auditlog/heap-00.pb.gz \
    auditlog/heap-07.pb.gz
expect_screen "EXIT=1" "an unknown terminal exits 1"
expect_screen "heapdiff: cannot start the terminal browser (TERM=no-such-terminal)" \
    "an unknown terminal is named"

# --- A file that cannot be read: one line, exit 2, before any screen.
start 100 30 -- tui auditlog/heap-00.pb.gz auditlog/no-such.pb.gz
expect_screen "EXIT=2" "an unreadable file exits 2"
expect_screen "heapdiff: auditlog/no-such.pb.gz:" "it names the file"
expect_screen "TTY-SAME" "the terminal is untouched"

# --- Not a terminal: tui refuses, no command prints top.
(cd "$TESTDATA" && "$HEAPDIFF" tui auditlog/heap-00.pb.gz </dev/null \
    >"$tmp/out" 2>"$tmp/err")
status=$?
if [ $status -eq 1 ] && grep -q "tui needs a terminal" "$tmp/err"; then ok
else bad "tui without a terminal: status $status"; cat "$tmp/err"; fi
(cd "$TESTDATA" && "$HEAPDIFF" auditlog/heap-07.pb.gz </dev/null \
    >"$tmp/out" 2>"$tmp/err")
if grep -q "main.recordAudit" "$tmp/out" && grep -q "flat%" "$tmp/out"
then ok; else bad "no command, piped: not top"; cat "$tmp/out"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
