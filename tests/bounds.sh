#!/bin/sh
# tests/bounds.sh - resource bounds: inputs that are valid but extreme are
# handled in time and memory proportional to their size; a gzip bomb is
# refused.  The profiles are made here (python3, stdlib) so nothing large is
# committed.  Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "bounds.sh: needs python3"; exit 77; }
[ -x /usr/bin/time ] || { echo "bounds.sh: needs /usr/bin/time"; exit 77; }

python3 - "$tmp" <<'EOF'
import gzip, os, sys
out = sys.argv[1]

def varint(n):
    n &= (1 << 64) - 1
    b = bytearray()
    while True:
        x = n & 0x7f
        n >>= 7
        if n:
            b.append(x | 0x80)
        else:
            b.append(x)
            return bytes(b)

def field(num, payload):
    """A length-delimited field."""
    return varint(num << 3 | 2) + varint(len(payload)) + payload

def vfield(num, v):
    return varint(num << 3) + varint(v)

def packed(num, vals):
    return field(num, b"".join(varint(v) for v in vals))

def profile(samples, nlocs, extra_strings=()):
    """samples: list of (location ids, value); one function per location."""
    strings = ["", "space", "bytes", "main"] + [f"f{i}" for i in range(nlocs)]
    p = bytearray(field(1, vfield(1, 1) + vfield(2, 2)))
    for locs, v in samples:
        p += field(2, packed(1, locs) + packed(2, [v]))
    for i in range(1, nlocs + 1):
        p += field(5, vfield(1, i) + vfield(2, 3 + i))
        p += field(4, vfield(1, i) + field(4, vfield(1, i)))
    for s in strings:
        p += field(6, s.encode())
    return bytes(p)

# A stack 200,000 frames deep, every frame a different function.
n = 200000
open(os.path.join(out, "deep.pb"), "wb").write(
    profile([(list(range(n, 0, -1)), 7)], n))
# A recursion 1,000,000 frames deep through one location.
open(os.path.join(out, "recursive.pb"), "wb").write(
    profile([([1] * 1000000, 5)], 1))
# 2,000,000 tiny samples over 1000 locations.
samples = [([1 + i % 1000], 1) for i in range(2000000)]
open(os.path.join(out, "many.pb"), "wb").write(profile(samples, 1000))
# A gzip bomb: a valid profile with a skipped field of 64 MiB of zeros,
# 64 KiB compressed.
body = profile([([1], 1)], 1) + field(100, bytes(64 << 20))
with gzip.GzipFile(os.path.join(out, "bomb.pb.gz"), "wb", mtime=0) as f:
    f.write(body)
EOF

# Under AddressSanitizer memory costs more (shadow memory, redzones and a
# 256 MB quarantine): the bounds are scaled for such a build.
scale=1
grep -aq __asan_init "$HEAPDIFF" && scale=4

# run_bounded NAME MAXMB CMD...: exit 0 within MAXMB (times scale) of peak RSS.
run_bounded() {
	name=$1 max=$(($2 * scale))
	shift 2
	if /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err"; then
		ok
	else
		bad "$name: exit status $?: $(head -1 "$tmp/err")"
		return
	fi
	kb=$(tail -1 "$tmp/rss")
	if [ "$kb" -le $((max * 1024)) ]; then ok; else
		bad "$name: peak RSS $((kb / 1024)) MB, more than $max MB"; fi
}

run_bounded "200,000-frame stack" 300 "$HEAPDIFF" -top "$tmp/deep.pb"
grep -q "f1$" "$tmp/out" && ok || bad "deep stack: no row for the root frame"
run_bounded "1,000,000-frame recursion" 200 "$HEAPDIFF" -top "$tmp/recursive.pb"
# Recursion counts once in cum: the one function has flat = cum = 5.
grep -Eq '^ +5B +100% +100% +5B +100%  f0$' "$tmp/out" && ok ||
	{ bad "recursion: cum not counted once"; cat "$tmp/out"; }
run_bounded "2,000,000 samples" 600 "$HEAPDIFF" -top "$tmp/many.pb"
grep -q "of 1.91MB total\|of 2000000B total" "$tmp/out" && ok ||
	{ bad "2,000,000 samples: wrong total"; head -3 "$tmp/out"; }
run_bounded "2,000,000 samples into a store" 800 \
	"$HEAPDIFF" import --db "$tmp/s.db" "$tmp/many.pb"

# The bomb: refused under a limit, with the limit named; read without one.
HEAPDIFF_MAX_INFLATE=10000000 "$HEAPDIFF" -top "$tmp/bomb.pb.gz" >"$tmp/out" 2>"$tmp/err"
status=$?
[ $status -eq 2 ] && ok || bad "gzip bomb: exit status $status, want 2"
grep -q "inflates to more than 10000000 bytes" "$tmp/err" && ok ||
	bad "gzip bomb: message was: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && bad "gzip bomb: printed a report" || ok
run_bounded "64 MiB inflated under the default limit" 400 "$HEAPDIFF" -top "$tmp/bomb.pb.gz"

finish
