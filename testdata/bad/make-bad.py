#!/usr/bin/env python3
"""make-bad.py - build heapdiff's bad-input corpus (testdata/bad/) and the
tiny valid profile it is derived from (testdata/ok/tiny.pb).

Usage:  python3 testdata/bad/make-bad.py        (from anywhere; stdlib only)

It writes, next to itself, one file per defect and expected.txt, the table
tests/bad.sh runs: <file> TAB <exit status> TAB <stderr line> [TAB <env and -flags>].

How the files are made:
  * tiny_profile() below is a small, valid profile.proto message (2 sample
    types, 2 samples, 1 label, 1 mapping, 2 locations, 2 functions), encoded
    by the minimal protobuf encoder in this file.  It is written to
    ../ok/tiny.pb; `heapdiff -top ok/tiny.pb` must exit 0.
  * Every bad .pb is that profile with exactly ONE change (a field edited,
    added, removed, or a wire-type/length/varint encoding altered), so the
    named defect is the only thing wrong with it.  The encoder records the
    byte offset of every field it writes, and the expected message's
    "(at byte N)" is computed from those offsets, not copied from heapdiff.
  * The gzip cases start from a real Go heap profile of the corpus
    (../blockindex/heap-00.pb.gz): cut in half, or 4 bytes flipped in the
    middle of its deflate stream.  The expected zlib message and the byte
    where inflate stops are cross-checked with Python's zlib.  The gzip bomb
    is tiny.pb plus an unknown field (number 100, skipped by readers) holding
    1,000,000 zero bytes: a valid profile that inflates past the limit the
    table sets with HEAPDIFF_MAX_INFLATE=100000.
  * ../ok/no-sample-types.pb is tiny.pb without its sample types and
    samples: well-formed, but nothing to report (tests/cli.sh).
  * Output is deterministic (gzip mtime 0, seeded random bytes).

The expected messages are the ones heapdiff SHOULD print.  Where heapdiff
printed something else when the corpus was made, the case passes should=
(why heapdiff's message was wrong then).
"""

import gzip
import os
import random
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.dirname(HERE)
OKDIR = os.path.join(TESTDATA, "ok")
REAL_GZ = os.path.join(TESTDATA, "blockindex", "heap-00.pb.gz")

VARINT, I64, LEN, I32 = 0, 1, 2, 5
MAX_FILE = 64 * 1024


# --- minimal protobuf encoder ---------------------------------------------

def varint(n):
    """Encode n (negative: as int64 two's complement, 10 bytes)."""
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


class F:
    """One field.  val: int (VARINT), bytes/str, list of F (a message) or
    Packed (LEN).  name: record its offsets under this name.  wt_tag: wire
    type written in the tag instead of the real one.  raw: bytes written
    instead of the value's encoding (VARINT).  length: length written
    instead of the payload's real length (LEN)."""

    def __init__(self, num, val, name=None, wt_tag=None, raw=None,
                 length=None):
        self.num, self.val, self.name = num, val, name
        self.wt_tag, self.raw, self.length = wt_tag, raw, length

    @property
    def wt(self):
        return VARINT if isinstance(self.val, int) else LEN


class Packed(list):
    """A packed repeated varint field's values."""


def encode(fields, base=0, offs=None):
    """Encode fields; record offs[name] = (tag offset, value offset)."""
    if offs is None:
        offs = {}
    out = bytearray()
    for f in fields:
        tagoff = base + len(out)
        out += varint(f.num << 3 | (f.wt if f.wt_tag is None else f.wt_tag))
        if f.wt == VARINT:
            valoff = base + len(out)
            out += f.raw if f.raw is not None else varint(f.val)
        else:
            sub = {}
            if isinstance(f.val, Packed):
                payload = b"".join(varint(v) for v in f.val)
            elif isinstance(f.val, list):
                payload = encode(f.val, 0, sub)
            elif isinstance(f.val, str):
                payload = f.val.encode()
            else:
                payload = bytes(f.val)
            out += varint(len(payload) if f.length is None else f.length)
            valoff = base + len(out)
            out += payload
            for k, (t, v) in sub.items():
                offs[k] = (t + valoff, v + valoff)
        if f.name is not None:
            offs[f.name] = (tagoff, valoff)
    return bytes(out)


# --- the tiny valid profile ------------------------------------------------

STRINGS = ["", "alloc_objects", "count", "alloc_space", "bytes",
           "main.main", "main.go", "main.leak", "/bin/app", "space",
           "thread", "worker"]
S = {s: i for i, s in enumerate(STRINGS)}


def value_type(t, u, name=None):
    return [F(1, S[t], name=name), F(2, S[u])]


def sample(i, locs, vals, labels=()):
    return [F(1, Packed(locs), name="sample%d.loc" % i),
            F(2, Packed(vals), name="sample%d.val" % i)] + \
        [F(3, [F(1, S[k], name="sample%d.label%d.key" % (i, j)),
               F(2, S[v])], name="sample%d.label%d" % (i, j))
         for j, (k, v) in enumerate(labels)]


def mapping(mid):
    return [F(1, mid), F(2, 0x400000), F(3, 0x500000), F(4, 0),
            F(5, S["/bin/app"]), F(7, 1), F(8, 1), F(9, 1)]


def location(lid, mid, addr, fid, line):
    return [F(1, lid), F(2, mid), F(3, addr),
            F(4, [F(1, fid), F(2, line)], name="loc%d.line" % lid)]


def function(fid, name, start):
    return [F(1, fid), F(2, S[name], name="func%d.name" % fid),
            F(3, S[name]), F(4, S["main.go"]), F(5, start)]


def tiny_profile():
    """The top-level fields of the valid profile, each named."""
    return [
        F(1, value_type("alloc_objects", "count"), name="sample_type0"),
        F(1, value_type("alloc_space", "bytes"), name="sample_type1"),
        F(2, sample(0, [1, 2], [1, 1024], [("thread", "worker")]),
          name="sample0"),
        F(2, sample(1, [2], [2, 4096]), name="sample1"),
        F(3, mapping(1), name="mapping0"),
        F(4, location(1, 1, 0x401000, 1, 10), name="location0"),
        F(4, location(2, 1, 0x402000, 2, 20), name="location1"),
        F(5, function(1, "main.leak", 8), name="function0"),
        F(5, function(2, "main.main", 3), name="function1"),
    ] + [F(6, s, name="string%d" % i) for i, s in enumerate(STRINGS)] + [
        F(7, 0, name="drop_frames"),
        F(9, 1700000000000000000),
        F(10, 10000000000),
        F(11, value_type("space", "bytes")),
        F(12, 524288, name="period"),
    ]


def find(fields, name):
    for i, f in enumerate(fields):
        if f.name == name:
            return i
    raise KeyError(name)


def subfield(msg, num):
    for f in msg:
        if f.num == num:
            return f
    raise KeyError(num)


# --- the cases -------------------------------------------------------------

CASES = []          # (file, data, message, env)
SHOULD_DIFFER = {}  # file -> why heapdiff's message (when made) was wrong


def case(file, data, msg, env="", should=None):
    CASES.append((file, data, msg, env))
    if should:
        SHOULD_DIFFER[file] = should


def pb_case(file, mutate, msg, should=None):
    """A case derived from the tiny profile by mutate(fields) (one change);
    msg(offs, data) gives the expected message."""
    fields = tiny_profile()
    mutate(fields)
    offs = {}
    data = encode(fields, 0, offs)
    case(file, data, msg(offs, data), should=should)


def build():
    ok_offs = {}
    tiny = encode(tiny_profile(), 0, ok_offs)
    nstr = len(STRINGS)

    # -- not a profile at all
    case("empty.pb", b"", "empty file")
    case("not-a-profile.txt",
         b"This is not a heap profile, just a short English sentence.\n",
         "not a profile: no format recognises its first bytes")
    # 'H' (0x48) is the tag of field 9 as a varint: text must still be
    # recognised as text.
    case("not-a-profile-tag-like-text.txt",
         b"Hello, this is not a profile either.\n",
         "not a profile: no format recognises its first bytes")
    case("not-a-profile-random.bin",
         b"\xff" + random.Random(1).randbytes(255),
         "not a profile: no format recognises its first bytes")

    # -- gzip
    real = open(REAL_GZ, "rb").read()
    half = real[:len(real) // 2]
    case("gzip-truncated.pb.gz", half,
         "truncated gzip data (at byte %d)" % len(half))
    corrupt = bytearray(real)
    mid = len(real) // 2
    for k in range(mid, mid + 4):
        corrupt[k] ^= 0xFF
    corrupt = bytes(corrupt)
    zmsg, zat = zlib_failure(corrupt)
    assert zat > mid, (zat, mid)
    case("gzip-corrupt.pb.gz", corrupt,
         "corrupt gzip data: %s (at byte %d)" % (zmsg, zat))
    case("gzip-magic-only.pb.gz", b"\x1f\x8b",
         "truncated gzip data (at byte 2)")
    case("gzip-of-nothing.pb.gz", gzip.compress(b"", mtime=0),
         "empty file (after gunzip)")
    bomb_fields = tiny_profile() + [F(100, bytes(1000000))]
    bomb = gzip.compress(encode(bomb_fields), compresslevel=9, mtime=0)
    case("gzip-bomb.pb.gz", bomb,
         "gzip data inflates to more than 100000 bytes (the limit; set "
         "HEAPDIFF_MAX_INFLATE to raise it)",
         env="HEAPDIFF_MAX_INFLATE=100000")

    # -- protobuf encoding
    # cut in the middle of the second Location message
    tf = tiny_profile()[find(tiny_profile(), "location1")]
    plen = len(encode(tf.val))
    cut = ok_offs["location1"][1] + plen // 2
    case("truncated-mid-message.pb", tiny[:cut],
         "truncated protobuf: length %d of field 4 (location) runs past the "
         "end of the data (at byte %d)" % (plen, ok_offs["location1"][0]))

    def m(f):
        f[find(f, "mapping0")].wt_tag = VARINT
    pb_case("wire-type-top-level-mapping.pb", m,
            lambda o, d: "malformed protobuf: field 3 (mapping) has wire "
            "type 0, expected 2 (at byte %d)" % o["mapping0"][0])

    def m(f):
        subfield(f[find(f, "sample1")].val, 2).wt_tag = I32
    pb_case("wire-type-sample-value.pb", m,
            lambda o, d: "malformed protobuf: sample field 2 (value) has wire "
            "type 5, expected 0 (at byte %d)" % o["sample1.val"][0])

    def m(f):
        subfield(f[find(f, "location0")].val, 4).wt_tag = VARINT
    pb_case("location-undecodable.pb", m,
            lambda o, d: "malformed protobuf: cannot decode location "
            "message (at byte %d)" % o["location0"][1])

    def m(f):
        f[find(f, "period")].raw = b"\x80" * 10 + b"\x00"   # 0 in 11 bytes
    pb_case("varint-longer-than-10-bytes.pb", m,
            lambda o, d: "malformed protobuf: varint longer than 10 bytes "
            "(at byte %d)" % o["period"][1],
            should="the 10th byte 0x80 is taken for an overflow: the "
            "value is 0; the 'longer than 10 bytes' message is unreachable")

    def m(f):
        f[find(f, "period")].raw = b"\xff" * 9 + b"\x7f"  # 2^70 - 1
    pb_case("varint-overflows-64-bits.pb", m,
            lambda o, d: "malformed protobuf: varint overflows 64 bits "
            "(at byte %d)" % o["period"][1])

    def m(f):
        f[find(f, "function1")].length = 1 << 40
    pb_case("length-past-end-of-file.pb", m,
            lambda o, d: "truncated protobuf: length %d of field 5 "
            "(function) runs past the end of the data (at byte %d)"
            % (1 << 40, o["function1"][0]))

    # -- string table
    def m(f):
        subfield(f[find(f, "function0")].val, 2).val = 99
    pb_case("string-index-function-name.pb", m,
            lambda o, d: "function name: string index 99 out of range (the "
            "string table has %d entries) (at byte %d)"
            % (nstr, o["function0"][1]))

    def m(f):
        subfield(f[find(f, "function0")].val, 2).val = -1
    pb_case("string-index-negative.pb", m,
            lambda o, d: "function name: string index -1 out of range (the "
            "string table has %d entries) (at byte %d)"
            % (nstr, o["function0"][1]))

    def m(f):
        subfield(f[find(f, "sample_type1")].val, 1).val = nstr
    pb_case("string-index-sample-type.pb", m,
            lambda o, d: "sample_type: string index %d out of range (the "
            "string table has %d entries) (at byte %d)"
            % (nstr, nstr, o["sample_type1"][1]))

    def m(f):
        lab = f[find(f, "sample0")].val
        subfield(subfield(lab, 3).val, 1).val = 1000
    pb_case("string-index-label-key.pb", m,
            lambda o, d: "label key: string index 1000 out of range (the "
            "string table has %d entries) (at byte %d)"
            % (nstr, o["sample0.label0.key"][0]))

    def m(f):
        f[find(f, "drop_frames")].val = 50
    pb_case("string-index-drop-frames.pb", m,
            lambda o, d: "drop_frames: string index 50 out of range (the "
            "string table has %d entries) (at byte %d)"
            % (nstr, o["drop_frames"][1]),
            should="reported at byte 0 instead of the drop_frames field")

    def m(f):
        f[find(f, "string0")].val = "x"
    pb_case("string-table-0-not-empty.pb", m,
            lambda o, d: "malformed profile: string_table[0] must be empty "
            "(at byte %d)" % o["string0"][1])

    def m(f):
        f[:] = [x for x in f if x.num != 6]
    pb_case("string-table-missing.pb", m,
            lambda o, d: "malformed profile: the string table is empty "
            "(string 0 must be \"\")")

    # -- ids
    def m(f):
        f[find(f, "sample1")].val[0].val[0] = 99
    pb_case("unknown-location-id-in-sample.pb", m,
            lambda o, d: "sample references unknown location id 99 (at byte "
            "%d)" % o["sample1.loc"][1])

    def m(f):
        subfield(subfield(f[find(f, "location1")].val, 4).val, 1).val = 99
    pb_case("unknown-function-id-in-line.pb", m,
            lambda o, d: "malformed profile: location 2 references unknown "
            "function id 99 (at byte %d)" % o["location1"][1])

    def m(f):
        subfield(f[find(f, "location1")].val, 2).val = 7
    pb_case("unknown-mapping-id-in-location.pb", m,
            lambda o, d: "malformed profile: location 2 references unknown "
            "mapping id 7 (at byte %d)" % o["location1"][1])

    # A duplicate (or id 0) is an extra, unreferenced entry, so that no id
    # the samples or locations use goes missing.
    def m(f):
        i = find(f, "location1")
        f.insert(i + 1, F(4, location(1, 1, 0x403000, 1, 30), name="dup"))
    pb_case("duplicate-location-id.pb", m,
            lambda o, d: "malformed profile: two locations with id 1 (at "
            "byte %d)" % o["dup"][1])

    def m(f):
        i = find(f, "function1")
        f.insert(i + 1, F(5, function(2, "main.main", 3), name="dup"))
    pb_case("duplicate-function-id.pb", m,
            lambda o, d: "malformed profile: two functions with id 2 (at "
            "byte %d)" % o["dup"][1])

    def m(f):
        i = find(f, "mapping0")
        f.insert(i + 1, F(3, mapping(1), name="dup"))
    pb_case("duplicate-mapping-id.pb", m,
            lambda o, d: "malformed profile: two mappings with id 1 (at "
            "byte %d)" % o["dup"][1])

    def m(f):
        i = find(f, "location1")
        f.insert(i + 1, F(4, location(0, 1, 0x403000, 1, 30), name="zero"))
    pb_case("location-id-0.pb", m,
            lambda o, d: "malformed profile: location with reserved id 0 (at "
            "byte %d)" % o["zero"][1])

    def m(f):
        i = find(f, "function1")
        f.insert(i + 1, F(5, function(0, "main.main", 3), name="zero"))
    pb_case("function-id-0.pb", m,
            lambda o, d: "malformed profile: function with reserved id 0 (at "
            "byte %d)" % o["zero"][1])

    def m(f):
        i = find(f, "mapping0")
        f.insert(i + 1, F(3, mapping(0), name="zero"))
    pb_case("mapping-id-0.pb", m,
            lambda o, d: "malformed profile: mapping with reserved id 0 (at "
            "byte %d)" % o["zero"][1])

    # -- samples
    def m(f):
        f[find(f, "sample1")].val[1].val = Packed([2])
    pb_case("sample-too-few-values.pb", m,
            lambda o, d: "sample has 1 value, the profile has 2 sample types "
            "(at byte %d)" % o["sample1"][1])

    def m(f):
        f[find(f, "sample1")].val[1].val = Packed([2, 4096, 7])
    pb_case("sample-too-many-values.pb", m,
            lambda o, d: "sample has more values than the profile's 2 sample "
            "types (at byte %d)" % o["sample1"][1])

    def m(f):
        f[:] = [x for x in f if x.num != 1]
    pb_case("samples-without-sample-types.pb", m,
            lambda o, d: "malformed profile: samples but no sample types (at "
            "byte %d)" % o["sample0"][1],
            should="no byte offset; the first sample's is knowable")

    # -- more protobuf encoding defects (each message of parse-pprof.c)
    def m(f):
        f[find(f, "period")].raw = b"\x80"    # the file ends mid-varint
    pb_case("varint-past-end.pb", m,
            lambda o, d: "truncated protobuf: varint runs past the end of "
            "its message (at byte %d)" % o["period"][1])

    def m(f):
        f.append(F(100, 0, wt_tag=3, name="group"))
    pb_case("wire-type-invalid.pb", m,
            lambda o, d: "malformed protobuf: invalid wire type 3 (at byte "
            "%d)" % o["group"][0])

    def m(f):
        f.append(F(100, 0, wt_tag=I64, raw=b"\x01\x02\x03", name="fixed"))
    pb_case("unknown-field-past-end.pb", m,
            lambda o, d: "truncated protobuf: field runs past the end of the "
            "data (at byte %d)" % o["fixed"][0])

    def m(f):
        f.append(F(13, b"\x01", length=1000, name="comment"))
    pb_case("comment-past-end.pb", m,
            lambda o, d: "truncated protobuf: length 1000 of field 13 "
            "(comment) runs past the end of the data (at byte %d)"
            % o["comment"][0])

    def m(f):
        f.append(F(0, 1, name="zero"))
    pb_case("field-number-0.pb", m,
            lambda o, d: "malformed protobuf: field number 0 (at byte %d)"
            % o["zero"][0])

    def m(f):
        i = [j for j, x in enumerate(f) if x.num == 11][0]
        f[i].name = "period_type"
        subfield(f[i].val, 1).wt_tag = LEN    # string 9 read as a length
    pb_case("period-type-undecodable.pb", m,
            lambda o, d: "malformed protobuf: cannot decode period_type "
            "message (at byte %d)" % o["period_type"][1])

    def m(f):
        subfield(f[find(f, "sample0")].val, 3).length = 100
    pb_case("sample-label-past-end.pb", m,
            lambda o, d: "truncated protobuf: a sample field runs past the "
            "end of the sample (at byte %d)" % o["sample0.label0"][0])

    # A drop_frames regular expression PCRE2 refuses (its message is
    # PCRE2's own, for the pattern heapdiff compiles: "^(" + re + ")$").
    def m(f):
        i = find(f, "string%d" % (nstr - 1))
        f.insert(i + 1, F(6, "main.(leak"))
        f[find(f, "drop_frames")].val = nstr
    pb_case("drop-frames-bad-regexp.pb", m,
            lambda o, d: "bad drop_frames/keep_frames pattern main.(leak: "
            "missing closing parenthesis")

    return tiny


def zlib_failure(data):
    """zlib's message for data, and the number of input bytes inflate has
    consumed when it fails (inflate stops right after the byte on which it
    detects the error, as heapdiff reports it)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    for i in range(len(data)):
        try:
            d.decompress(data[i:i + 1])
        except zlib.error as e:
            # "Error -3 while decompressing data: <zlib's msg>"
            return str(e).split(": ", 1)[1], i + 1
    raise AssertionError("corrupt gzip decodes without error")


def main():
    tiny = build()
    os.makedirs(OKDIR, exist_ok=True)
    with open(os.path.join(OKDIR, "tiny.pb"), "wb") as fp:
        fp.write(tiny)
    # A well-formed profile with no sample types and no samples, which
    # reports refuse with "profile has no samples" (tests/cli.sh).
    with open(os.path.join(OKDIR, "no-sample-types.pb"), "wb") as fp:
        fp.write(encode([f for f in tiny_profile() if f.num not in (1, 2)]))
    names = set()
    for file, data, _, _ in CASES:
        assert file not in names and len(data) < MAX_FILE, file
        names.add(file)
        with open(os.path.join(HERE, file), "wb") as fp:
            fp.write(data)
    with open(os.path.join(HERE, "expected.txt"), "w") as fp:
        fp.write("# Written by make-bad.py; read by tests/bad.sh.\n"
                 "# <file>\t<exit status>\t<stderr line>[\t<env and -flags>]\n")
        for file, _, msg, env in CASES:
            line = "%s\t2\theapdiff: bad/%s: %s" % (file, file, msg)
            if env:
                line += "\t" + env
            fp.write(line + "\n")
    print("%d bad files, ok/tiny.pb (%d bytes)" % (len(CASES), len(tiny)))


if __name__ == "__main__":
    main()
