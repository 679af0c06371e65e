#!/usr/bin/env python3
"""make-bad-godump.py - the Go heap dump cases of heapdiff's bad-input
corpus: testdata/bad/godump-*.bin and their table, expected-godump.txt.

Usage:  python3 testdata/bad/make-bad-godump.py     (stdlib only)

Every file is a small valid dump, built here record by record following
runtime/heapdump.go (Go 1.19), with exactly ONE defect.  The writer records
the byte offset of each record, and the expected "(... at byte N)" is
computed from those offsets, not copied from heapdiff.  tests/bad.sh reads
expected-godump.txt beside make-bad.py's expected.txt.

Pointers outside the heap, cycles, interior pointers, both byte orders and
pointer sizes are not errors: tests/check_heapdump.c checks that they are
handled, on dumps written in C.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

OBJECT, PARAMS, GOROUTINE, FRAME, MEMSTATS, MEMPROF, EOF = 1, 6, 4, 5, 10, 16, 0


def uv(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def s(b):
    if isinstance(b, str):
        b = b.encode()
    return uv(len(b)) + b


class Dump:
    """A dump being written: bytes plus the offset of every record."""

    def __init__(self, header=b"go1.7 heap dump\n"):
        self.b = bytearray(header)
        self.offsets = []

    def rec(self, *parts):
        self.offsets.append(len(self.b))
        for p in parts:
            self.b += p
        return self.offsets[-1]

    def params(self, ptr=8, big=0):
        return self.rec(uv(PARAMS), uv(big), uv(ptr), uv(0xC000000000),
                        uv(0xC004000000), s("amd64"), s("go1.19.8"), uv(2))

    def obj(self, addr, words, fields, size=None):
        contents = b"".join(w.to_bytes(8, "little") for w in words)
        if size is not None:
            contents = contents[:size]
        fl = b"".join(uv(1) + uv(8 * f) for f in fields) + uv(0)
        return self.rec(uv(OBJECT), uv(addr), s(contents), fl)

    def memstats(self):
        return self.rec(uv(MEMSTATS), b"".join(uv(0) for _ in range(24 + 256 + 1)))

    def eof(self):
        return self.rec(uv(EOF))


H = 0xC000010000
cases = []


def case(name, data, msg):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(bytes(data))
    cases.append((name, msg))


# Only the header.
d = Dump()
case("godump-header-only.bin", d.b, "truncated dump: no EOF record (at byte 16)")

# A valid dump cut in the middle of an object's contents.
d = Dump()
d.params()
o = d.obj(H, [H + 8, 0, 0, 0], [0])
d.eof()
case("godump-truncated-object.bin", d.b[: o + 10],
     f"length past the end of the file (object record at byte {o})")

# Cut inside a varint (the object address's continuation bytes).
d = Dump()
d.params()
o = d.obj(H, [0, 0], [])
case("godump-truncated-varint.bin", d.b[: o + 3],
     f"truncated record (object record at byte {o})")

# An unknown record tag.
d = Dump()
d.params()
t = d.rec(uv(42), uv(0))
d.eof()
case("godump-unknown-tag.bin", d.b, f"unknown record tag 42 (at byte {t})")

# A string length of 2^62 in the params record.
d = Dump()
p = d.rec(uv(PARAMS), uv(0), uv(8), uv(H), uv(H + 0x100000), uv(1 << 62), b"amd64")
case("godump-absurd-length.bin", d.b,
     f"length past the end of the file (params record at byte {p})")

# A memprof bucket claiming 10^12 frames.
d = Dump()
d.params()
m = d.rec(uv(MEMPROF), uv(1), uv(16), uv(10 ** 12), s("main.f"), s("f.go"), uv(1))
d.eof()
case("godump-absurd-frame-count.bin", d.b,
     f"frame count past the end of the file (memprof bucket record at byte {m})")

# A pointer field past the end of its object.
d = Dump()
d.params()
o = d.obj(H, [0, 0], [5])
d.eof()
case("godump-field-past-end.bin", d.b,
     f"pointer field past the end of its contents (object record at byte {o})")

# An unknown field kind.
d = Dump()
d.params()
o = d.rec(uv(OBJECT), uv(H), s(bytes(16)), uv(9), uv(0), uv(0))
d.eof()
case("godump-field-kind.bin", d.b, f"unknown field kind (object record at byte {o})")

# Two objects that overlap.
d = Dump()
d.params()
d.obj(H, [0, 0, 0, 0], [])
o2 = d.obj(H + 16, [0, 0], [])
d.eof()
case("godump-overlapping-objects.bin", d.b,
     f"object at 0x{H + 16:x} overlaps the object at 0x{H:x} (object record at byte {o2})")

# A pointer size of 3.
d = Dump()
p = d.params(ptr=3)
d.eof()
case("godump-pointer-size.bin", d.b,
     f"pointer size is neither 4 nor 8 (params record at byte {p})")

# An object before the params record (pointer size unknown).
d = Dump()
o = d.obj(H, [0, 0], [])
d.params()
d.eof()
case("godump-object-before-params.bin", d.b,
     f"record before the params record (object record at byte {o})")

# A stack frame with no goroutine before it.
d = Dump()
d.params()
f = d.rec(uv(FRAME), uv(0x7000), uv(0), uv(0), s(bytes(16)), uv(1), uv(2), uv(3),
          s("main.f"), uv(0))
d.eof()
case("godump-frame-before-goroutine.bin", d.b,
     f"stack frame before any goroutine (stack frame record at byte {f})")

# A boolean that is 2.
d = Dump()
p = d.rec(uv(PARAMS), uv(2), uv(8), uv(H), uv(H + 0x100000), s("amd64"), s("go"), uv(1))
d.eof()
case("godump-bool.bin", d.b, f"boolean is neither 0 nor 1 (params record at byte {p})")

# A varint whose tenth byte overflows 64 bits.
d = Dump()
d.params()
o = d.rec(uv(OBJECT), b"\xff" * 9 + b"\x02", s(bytes(16)), uv(0))
d.eof()
case("godump-varint-overflow.bin", d.b,
     f"varint overflows 64 bits (object record at byte {o})")

# An object of size 0.
d = Dump()
d.params()
o = d.rec(uv(OBJECT), uv(H), s(b""), uv(0))
d.eof()
case("godump-empty-object.bin", d.b, f"object of size 0 (object record at byte {o})")

# An object whose last byte would be past 2^64.
d = Dump()
d.params()
o = d.rec(uv(OBJECT), uv((1 << 64) - 8), s(bytes(16)), uv(0))
d.eof()
case("godump-object-wraps.bin", d.b,
     f"object wraps around the address space (object record at byte {o})")

# Bytes after the EOF record.
d = Dump()
d.params()
e = d.eof()
d.b += b"xyz"
case("godump-after-eof.bin", d.b, f"3 bytes after the EOF record (at byte {e + 1})")

# No params record at all.
d = Dump()
d.memstats()
d.eof()
case("godump-no-params.bin", d.b, "no params record")

# A header of an unknown version: not a heap dump heapdiff knows.
d = Dump(b"go1.9 heap dump\n")
d.params()
d.eof()
case("godump-unknown-version.bin", d.b,
     "not a profile: no format recognises its first bytes")

lines = ["# Written by make-bad-godump.py; read by tests/bad.sh (as expected.txt)."]
for name, msg in cases:
    lines.append(f"{name}\t2\theapdiff: bad/{name}: {msg}")
open(os.path.join(HERE, "expected-godump.txt"), "w").write("\n".join(lines) + "\n")
