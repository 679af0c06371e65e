#!/bin/sh
# make-bad-legacy.sh - malformed inputs for the legacy text and binary
# parsers (heaptext, jemalloc, gocount, thread, contention, java, cpu,
# goroutine).  Each file has one defect; expected-legacy.txt, the table
# tests/bad.sh reads beside make-bad.py's expected.txt, gets the exact
# message heapdiff must print for each.  Run it from anywhere; it writes
# next to itself.
set -eu
cd "$(dirname "$0")"

# case_ FILE MESSAGE [FLAGS]: FILE was just written; record the expected
# line (FLAGS, such as -F=java, go before the file: tests/bad.sh).
cases=""
case_() {
	cases="$cases$1	2	heapdiff: bad/$1: $2${3:+	$3}
"
}

printf 'heap profile:   1:   16 [   1:   16] @ heapprofile\n   1: abc [   1:   16] @ 0x1\n' >heaptext-bad-number.heap
case_ heaptext-bad-number.heap "bad heap sample '1: abc [   1:   16] @ 0x1': want 'N: N [N: N] @ 0x...' (at line 2)"

printf 'heap profile:   1:   16 [   1:   16] @ heapprofile\n   0:   100 [   0:   0] @ 0x10 0x20\n' >heaptext-count-0.heap
case_ heaptext-count-0.heap "inuse count was 0 but inuse bytes was 100 (at line 2)"

printf 'heap profile:   1:   16 [   1:   16] @ heapfoo/12\n' >heaptext-unknown-kind.heap
case_ heaptext-unknown-kind.heap "heap profile header: unknown profile kind 'heapfoo' (at line 1)"

printf 'heap profile:   1:   16 [   1:   16] @ heapprofile\n99999999999999999999: 16 [ 1: 16] @ 0x1\n' >heaptext-huge-count.heap
case_ heaptext-huge-count.heap "heap sample: number out of range (at line 2)"

printf 'heap profile:   1:   16 [   1:   16] @ heapprofile\n   1:   16 [   1:   16] @ 0x123456789abcdef012\n' >heaptext-huge-address.heap
case_ heaptext-huge-address.heap "address 0x123456789abcdef012 does not fit in 64 bits (at line 2)"

printf 'heap profile:   1:   16 [   1:   16] @ heap_v2/524288\n   1:   16 [' >heaptext-truncated.heap
case_ heaptext-truncated.heap "bad heap sample '1:   16 [': want 'N: N [N: N] @ 0x...' (at line 2)"

printf 'heap_v2/8192\n@ 0x10 0x20\n  t*: 1: 16 [1: 16]\n' >jemalloc-no-totals.heap
case_ jemalloc-no-totals.heap "jemalloc heap profile: no 't*:' totals line after the header (at line 2)"

printf 'heap_v2/0\n  t*: 1: 16 [1: 16]\n' >jemalloc-rate-0.heap
case_ jemalloc-rate-0.heap "jemalloc heap profile: the first line is not 'heap_v2/RATE' with a positive rate (at line 1)"

printf 'heap_v2/8192\n  t*: 2: 32 [2: 32]\n@ 0x10\n@ 0x20\n  t*: 1: 16 [1: 16]\n' >jemalloc-stack-without-totals.heap
case_ jemalloc-stack-without-totals.heap "jemalloc heap profile: stack without a 't*:' line after it (at line 3)"

printf 'heap_v2/8192\n  t*: 1: 16 [1: 16]\n@ 0x10\n  t*: 1: 16 [1: 16]\n  t0: 1: x16 [1: 16]\n' >jemalloc-bad-thread-line.heap
case_ jemalloc-bad-thread-line.heap "jemalloc heap profile: bad line 't0: 1: x16 [1: 16]': want '@ 0x...' or 'tN: N: N [N: N]' (at line 5)"

printf 'heap_v2/8192\n  t*: 1: 16 [1: 16]\n@ 0x10\n  t*: 0: 16 [1: 16]\n' >jemalloc-count-0.heap
case_ jemalloc-count-0.heap "jemalloc heap profile: impossible count 0 for 16 bytes (at line 4)"

printf 'goroutine profile: total 1\n1 @ 0xzz\n' >gocount-bad-line.txt
case_ gocount-bad-line.txt "bad count profile line '1 @ 0xzz': want 'N @ 0x...' (at line 2)"

printf 'goroutine profile: total 1\n99999999999999999999 @ 0x10\n' >gocount-huge-count.txt
case_ gocount-huge-count.txt "count profile: bad count '99999999999999999999' (at line 2)"

printf -- '--- threadz 1 ---\n--- Thread 1 (name: main/1) stack: ---\n  0x10 0x20\n' >thread-no-end.txt
case_ thread-no-end.txt "thread profile: want '--- Thread ID (name: NAME/N) stack: ---', not '0x10 0x20' (at line 3)"

printf -- '--- contentionz 1 ---\ncycles/second = 100\nbogus = 1\n' >contention-unknown-attribute.txt
case_ contention-unknown-attribute.txt "contention profile: unknown attribute 'bogus' (at line 3)"

printf -- '--- contentionz 1 ---\ncycles/second = 0x\n' >contention-bad-number.txt
case_ contention-bad-number.txt "contention profile: cycles/second is not a number: '0x' (at line 2)"

printf -- '--- contentionz 1 ---\ncycles/second = 100\n12 x @ 0x10\n' >contention-bad-sample.txt
case_ contention-bad-sample.txt "bad contention sample '12 x @ 0x10': want 'N N @ 0x...' (at line 3)"

printf -- '--- heapz 1 ---\n0 0 @ 0\n' >java-no-resolution.txt
case_ java-no-resolution.txt "Java profile: no 'resolution' attribute, so no sample types (at line 2)"

printf -- '--- heapz 1 ---\nformat = java\nresolution = bytes\n 100 0 @ 0x10\n' >java-count-0.txt
case_ java-count-0.txt "Java heap sample with a count of 0 (at line 4)"

printf -- '--- heapz 1 ---\nformat = cpp\nresolution = bytes\n' >java-wrong-format.txt
case_ java-wrong-format.txt "Java profile: format is 'cpp', not java (at line 2)"

# Legacy binary CPU profiles: 64-bit little-endian words.
w() { for v; do printf "$(printf '\\%03o\\%03o\\%03o\\%03o\\000\\000\\000\\000' \
	$((v & 255)) $((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255)))"; done; }
{ w 0 3 0 10000 0; w 5 1000 4096; } >cpu-stack-past-end.prof
case_ cpu-stack-past-end.prof "legacy CPU profile: stack of 1000 frames but only 1 words left (at byte 40)"
{ w 0 3 0 10000 0; printf '\001\000\000\000'; } >cpu-truncated-record.prof
case_ cpu-truncated-record.prof "legacy CPU profile: truncated record (at byte 40)"

printf 'goroutine 1 [running]:\nmain.main()\n' >goroutine-no-file.txt
case_ goroutine-no-file.txt "goroutine dump: frame 'main.main' without its file:line (at line 2)"

printf 'goroutine 1 [running]:\nmain.main()\n\tnot a file line\n' >goroutine-bad-file.txt
case_ goroutine-bad-file.txt "goroutine dump: want 'FILE:LINE +0xOFF' after frame 'main.main' (at line 3)"

printf 'goroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x1d\n\nstray text\n' >goroutine-stray-line.txt
case_ goroutine-stray-line.txt "goroutine dump: 'stray text' outside a goroutine (at line 5)"

# More of each parser's messages.
printf 'heap profile:   1:   16 [   2:   32] @ heapprofile\n   1:   16 [99999999999999999999: 32] @ 0x1\n' >heaptext-huge-alloc-count.heap
case_ heaptext-huge-alloc-count.heap "heap sample: number out of range (at line 2)"

printf 'heap profile:   1:   16 [   1:   16] @ heapprofile/99999999999999999999\n' >heaptext-huge-rate.heap
case_ heaptext-huge-rate.heap "heap profile header: sampling rate out of range (at line 1)"

printf 'heap_v2/8192\n  t*: 1: 16 [1: 16]\n@ 0x10\n  t*: 1: 16 [1: 16]\n  t*: 1: 16 [1: 16]\n' >jemalloc-totals-twice.heap
case_ jemalloc-totals-twice.heap "jemalloc heap profile: 't*:' line without a stack before it (at line 5)"

printf -- '--- contentionz 1 ---\ncycles/second = 100\n99999999999999999999 1 @ 0x10\n' >contention-huge-number.txt
case_ contention-huge-number.txt "contention sample: number out of range (at line 3)"

printf -- '--- heapz 1 ---\nformat = java\nresolution = bytes\n 100 1 @ 0x10\n\n0x123456789abcdef012 com.example.Cache.put (Cache.java:10)\n' >java-huge-address.txt
case_ java-huge-address.txt "Java location address out of range (at line 6)"

printf -- '--- heapz 1 ---\nformat = java\nresolution = bytes\n 99999999999999999999 1 @ 0x10\n' >java-huge-number.txt
case_ java-huge-number.txt "Java sample: number out of range (at line 4)"

printf -- '--- contentionz 1 ---\nformat = java\nresolution = microseconds\nsampling period = x\n' >java-bad-period.txt
case_ java-bad-period.txt "Java profile: sampling period 'x' is not a number (at line 4)"

printf -- '--- contentionz 1 ---\nformat = java\nresolution = microseconds\nms since reset = 1y\n' >java-bad-reset.txt
case_ java-bad-reset.txt "Java profile: ms since reset '1y' is not a number (at line 4)"

printf -- '--- heapz 1 ---\nformat = java\nresolution = bytes\ncolour = blue\n' >java-unknown-attribute.txt
case_ java-unknown-attribute.txt "Java profile: unknown attribute 'colour' (at line 4)"

# Period 2^64-1 microseconds; then a period of 10000 and a count of 2^62.
{ w 0 3 0; printf '\377\377\377\377\377\377\377\377'; w 0; } >cpu-absurd-period.prof
case_ cpu-absurd-period.prof "legacy CPU profile: absurd period 18446744073709551615 (at byte 24)"
{ w 0 3 0 10000 0; printf '\000\000\000\000\000\000\000\100'; w 1 4096; } >cpu-absurd-count.prof
case_ cpu-absurd-count.prof "legacy CPU profile: absurd count 4611686018427387904 (at byte 40)"

# A format forced with -F on a file that is not in it.
printf 'hello\n' >hello.txt
for f in contention cpu gocount heaptext java thread jemalloc; do
	cp hello.txt "forced-$f.txt"
done
rm hello.txt
case_ forced-contention.txt "not a contention profile: no '--- contentionz', '--- mutex:' or '--- contention:' header (at line 1)" -F=contention
case_ forced-cpu.txt "not a legacy CPU profile: no header words 0, 3, 0|1, period, 0 (at byte 0)" -F=cpu
case_ forced-gocount.txt "not a Go count profile: no 'NAME profile: total N' header (at line 1)" -F=gocount
case_ forced-heaptext.txt "not a heap profile: the first line is no 'heap profile: ...' header (at line 1)" -F=heaptext
case_ forced-java.txt "not a Java profile: no '--- heapz 1 ---' or '--- contentionz 1 ---' line (at line 1)" -F=java
case_ forced-thread.txt "not a thread profile: no '--- threadz N ---' or '--- Thread' header (at line 1)" -F=thread
case_ forced-jemalloc.txt "jemalloc heap profile: the first line is not 'heap_v2/RATE' with a positive rate (at line 1)" -F=jemalloc
printf '\n\n' >forced-goroutine-blank.txt
case_ forced-goroutine-blank.txt "goroutine dump: no 'goroutine N [state]:' header (at line 1)" -F=goroutine

{
	echo "# Written by make-bad-legacy.sh; read by tests/bad.sh (as expected.txt)."
	printf '%s' "$cases"
} >expected-legacy.txt
