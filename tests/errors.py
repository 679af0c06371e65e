#!/usr/bin/env python3
"""errors.py - every error message heapdiff can print must be asserted by a test.

Reads the C sources (src/*.c) and extracts the format string of every place
that makes an error or warning message:

  cmd_error("FMT", ...)                      printed as "heapdiff: FMT"
  fprintf(stderr, "FMT", ...), fprintf(warn, "FMT", ...)
  *cause = xasprintf("FMT", ...) / xstrdup("FMT")   (also *r->cause,
  *pp->r.cause, *(pp)->r.cause, *error, r->err)
  rd_fail(r, "WHAT")                         the Go heap dump reader's causes
  load_corrupt(ld, "WHAT", ...)              a damaged store's snapshot rows
                                             (asserted as "bad WHAT", or
                                             WHAT as a whole C literal)
  fprintf(f, "usage: heapdiff %s %s\n", ...)  cmd_usage's line

Adjacent string literals are joined, "%" PRIx64 and friends are understood.
A format made only of conversions and punctuation ("%s", "%s: %s") only
wraps a message made elsewhere and is not a message itself.

Each message becomes a regular expression (every conversion matches any
text) that must match a whole message (after the start of the text, a
space, a quote or a colon; up to the end of the text, a quote or a tab) in
an expected text of the tests: a line of
testdata/bad/expected*.txt, a non-comment line of tests/*.sh, or a string
literal of tests/check_*.c (adjacent literals joined).  Messages that no
test can produce from outside (out of memory, internal invariants) are
listed in tests/errors-allow.txt, one a line:

  FILE<TAB>FORMAT<TAB>REASON

where FORMAT is the format exactly as the joined C literal spells it
(escapes as written).  An allow-list line that names no message, or has no
reason, is an error too (so the list cannot go stale).  TUI files
(src/tui*.c) are checked the same way.  The check is by text: one
assertion covers every place that prints the same message.

Every exit status that the EXIT STATUS section of man/heapdiff.1 (beside
SRCDIR) lists must be asserted by a test too: "expect_status N" or
"expect N" in tests/*.sh, "EXIT=N" (tests/tui.sh), or a line of
testdata/bad/expected*.txt.

Usage: errors.py [-v] [SRCDIR [TESTDIR [TESTDATA]]]
Prints one line per untested message, then a summary; exit 0 if every
message is tested or allow-listed, 1 otherwise, 99 on a broken set-up.
With -v also lists every message and where it is asserted.
"""

import os
import re
import sys

# Where a message is made: a regex ending just before the format literal.
SITES = [
    ("cmd_error", re.compile(r"\bcmd_error\s*\(\s*(?=\")")),
    ("fprintf", re.compile(r"\bfprintf\s*\(\s*(?:stderr|warn)\s*,\s*(?=\")")),
    ("cause", re.compile(
        r"(?:\*\s*(?:\(pp\)->r\.cause|pp->r\.cause|r->cause|cause|error)"
        r"|\br->err)\s*=\s*x(?:asprintf|strdup)\s*\(\s*(?=\")")),
    ("rd_fail", re.compile(r"\brd_fail\s*\(\s*r\s*,\s*(?=\")")),
    ("usage", re.compile(r"\bfprintf\s*\(\s*f\s*,\s*(?=\"usage: heapdiff %s)")),
    ("load_corrupt", re.compile(r"\bload_corrupt\s*\(\s*ld\s*,\s*(?=\")")),
]

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
PRI = re.compile(r"PRI([diouxX])(?:8|16|32|64|MAX|PTR)\b")
CONV = re.compile(r"%[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                  r"(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcsp]")


def strip_comments(src):
    """C source with comments blanked (newlines kept for line numbers)."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def joined_literal(src, pos):
    """The adjacent literals from pos (with PRI macros) as one raw string."""
    parts = []
    while True:
        m = re.compile(r"\s*").match(src, pos)
        pos = m.end()
        m = LITERAL.match(src, pos)
        if m:
            parts.append(m.group(1))
            pos = m.end()
            continue
        m = PRI.match(src, pos)
        if m:
            parts.append("ll" + m.group(1))
            pos = m.end()
            continue
        return "".join(parts)


def c_unescape(s):
    """The text a C literal's contents stand for."""
    return re.sub(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)", lambda m: {
        "n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r",
        "a": "\a", "e": "\033",
    }.get(m.group(1), chr(int(m.group(1)[1:], 16))
          if m.group(1)[0] == "x" else chr(int(m.group(1), 8))
          if m.group(1)[0].isdigit() else m.group(1)), s)


def is_wrapper(fmt):
    """True if fmt is only conversions and punctuation."""
    return not re.search(r"[A-Za-z]", CONV.sub("", c_unescape(fmt)))


def to_regex(fmt, site):
    """A regex that matches what fmt prints, any conversion as any text,
    as a whole message: from the start of the text, a space, a quote or
    after a colon, to the end of the text, a quote or a tab (the Go heap
    dump reader's causes are followed by " (... record at byte N)")."""
    # A trailing newline (fprintf) is the end of the line.
    text = c_unescape(fmt).rstrip("\n")
    if site == "load_corrupt":
        # "store S: snapshot N: bad WHAT", or WHAT as a whole literal of
        # a table-driven check.
        w = re.escape(text)
        return re.compile("^%s$|bad %s(?=$|[\"'\t\n])" % (w, w))
    out, pos = [], 0
    for m in CONV.finditer(text):
        out.append(re.escape(text[pos:m.start()].replace("%%", "%")))
        out.append(".*?")
        pos = m.end()
    out.append(re.escape(text[pos:].replace("%%", "%")))
    end = r"(?= \()" if site == "rd_fail" else r"(?=$|[\"'\t\n])"
    return re.compile(r"(?:^|(?<=[\s\"':]))" + "".join(out) + end)


def messages(srcdir):
    """[(file, line, site, raw format)] for every message in srcdir."""
    found = []
    for name in sorted(os.listdir(srcdir)):
        if not name.endswith(".c"):
            continue
        with open(os.path.join(srcdir, name), encoding="utf-8") as f:
            # Macro lines continue after a backslash.
            src = strip_comments(f.read().replace("\\\n", " \n"))
        for site, rx in SITES:
            for m in rx.finditer(src):
                fmt = joined_literal(src, m.end())
                line = src.count("\n", 0, m.start()) + 1
                found.append(("src/" + name, line, site, fmt))
    found.sort(key=lambda t: (t[0], t[1]))
    return found


def shell_texts(text):
    """Non-comment lines of a shell script, also with shell quoting undone."""
    out = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        out.append(line)
        un = line.replace("'\\''", "'").replace('\\"', '"') \
            .replace("\\$", "$").replace("\\\\", "\\")
        if un != line:
            out.append(un)
    return out


def c_texts(text):
    """The string literals of a C file, adjacent ones joined, unescaped."""
    src = strip_comments(text)
    out, pos = [], 0
    while True:
        m = LITERAL.search(src, pos)
        if not m:
            return out
        raw = joined_literal(src, m.start())
        out.append(c_unescape(raw))
        # Skip past the joined run.
        end = m.start()
        while True:
            sp = re.compile(r"\s*").match(src, end).end()
            lm = LITERAL.match(src, sp) or PRI.match(src, sp)
            if not lm:
                break
            end = lm.end()
        pos = end


def bad_tables(testdata):
    """The tables of tests/bad.sh: testdata/bad/expected*.txt."""
    d = os.path.join(testdata, "bad")
    return [os.path.join(d, n) for n in sorted(os.listdir(d))
            if n.startswith("expected") and n.endswith(".txt")]


def corpus(testdir, testdata):
    """[(where, text)]: every expected text the tests hold."""
    out = []
    me = {"errors.py", "errors.sh"}
    for path in bad_tables(testdata):
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                if not line.startswith("#"):
                    out.append(("testdata/bad/%s:%d" %
                                (os.path.basename(path), i), line))
    for name in sorted(os.listdir(testdir)):
        p = os.path.join(testdir, name)
        if name in me or not os.path.isfile(p):
            continue
        if name.endswith(".sh"):
            with open(p, encoding="utf-8") as f:
                for t in shell_texts(f.read()):
                    out.append(("tests/" + name, t))
        elif name.startswith("check_") and name.endswith(".c"):
            with open(p, encoding="utf-8") as f:
                for t in c_texts(f.read()):
                    out.append(("tests/" + name, t))
    return out


def allow_list(path):
    """{(file, fmt): reason} from errors-allow.txt, or exit 1 on a bad line."""
    allow, bad = {}, 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3 or not fields[2].strip():
                print("%s:%d: want FILE<TAB>FORMAT<TAB>REASON" % (path, i))
                bad += 1
                continue
            allow[(fields[0], fields[1])] = (fields[2], i)
    return allow, bad


def man_statuses(man):
    """The exit statuses man/heapdiff.1's EXIT STATUS section lists."""
    with open(man, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^\.SH EXIT STATUS\n(.*?)^\.SH ", text, re.M | re.S)
    return re.findall(r"^\.B (\d+)$", m.group(1), re.M) if m else []


def status_tested(n, testdir, testdata):
    """Where a test asserts exit status n, or None."""
    rx = re.compile(r"(?:expect_status|expect) %s\b|EXIT=%s\b" % (n, n))
    for name in sorted(os.listdir(testdir)):
        if name.endswith(".sh") and name != "errors.sh":
            with open(os.path.join(testdir, name), encoding="utf-8") as f:
                if any(rx.search(t) for t in shell_texts(f.read())):
                    return "tests/" + name
    for path in bad_tables(testdata):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.split("\t")[1:2] == [n]:
                    return "testdata/bad/" + os.path.basename(path)
    return None


def main(argv):
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    here = os.path.dirname(os.path.abspath(__file__))
    srcdir = argv[0] if len(argv) > 0 else os.path.join(here, "..", "src")
    testdir = argv[1] if len(argv) > 1 else here
    testdata = argv[2] if len(argv) > 2 else os.path.join(here, "..",
                                                          "testdata")
    allow_path = os.path.join(testdir, "errors-allow.txt")
    if not os.path.isdir(srcdir) or not os.path.isfile(allow_path):
        print("errors.py: no %s or %s" % (srcdir, allow_path))
        return 99

    msgs = messages(srcdir)
    texts = corpus(testdir, testdata)
    allow, failed = allow_list(allow_path)
    used = set()
    counts = {"tested": 0, "allowed": 0, "wrapper": 0, "untested": 0}
    for file, line, site, fmt in msgs:
        if is_wrapper(fmt):
            counts["wrapper"] += 1
            if verbose:
                print("wrap     %s:%d: %s" % (file, line, fmt))
            continue
        rx = to_regex(fmt, site)
        where = next((w for w, t in texts if rx.search(t)), None)
        key = (file, fmt)
        if where is not None:
            counts["tested"] += 1
            if key in allow:
                print("%s:%d: allow-listed but tested in %s: %s"
                      % (allow_path, allow[key][1], where, fmt))
                failed += 1
                used.add(key)
            if verbose:
                print("tested   %s:%d: %s  [%s]" % (file, line, fmt, where))
        elif key in allow:
            counts["allowed"] += 1
            used.add(key)
            if verbose:
                print("allowed  %s:%d: %s  [%s]"
                      % (file, line, fmt, allow[key][0]))
        else:
            counts["untested"] += 1
            failed += 1
            print("UNTESTED %s:%d (%s): %s" % (file, line, site, fmt))
    man = os.path.join(srcdir, "..", "man", "heapdiff.1")
    statuses = man_statuses(man)
    if not statuses:
        print("%s: no EXIT STATUS section with .B N entries" % man)
        failed += 1
    for n in statuses:
        where = status_tested(n, testdir, testdata)
        if where is None:
            print("UNTESTED exit status %s (man/heapdiff.1)" % n)
            failed += 1
        elif verbose:
            print("status   %s  [%s]" % (n, where))
    for key, (reason, i) in sorted(allow.items(), key=lambda kv: kv[1][1]):
        if key not in used:
            print("%s:%d: names no message in the sources: %s %s"
                  % (allow_path, i, key[0], key[1]))
            failed += 1
    print("%d messages: %d tested, %d allow-listed, %d untested "
          "(%d wrappers of other messages); exit statuses %s"
          % (counts["tested"] + counts["allowed"] + counts["untested"],
             counts["tested"], counts["allowed"], counts["untested"],
             counts["wrapper"], " ".join(statuses)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
