#!/bin/sh
# tests/errors.sh - every error message heapdiff can print is asserted by a
# test: runs tests/errors.py over src/*.c, the tests' expected texts and
# tests/errors-allow.txt (the messages no test can produce, with reasons).
# Prints each untested message and a summary; exit 0 if none is untested,
# 1 otherwise, 77 without python3.
here=$(cd "$(dirname "$0")" && pwd)
TESTDATA=${TESTDATA:-$here/../testdata}
command -v python3 >/dev/null 2>&1 || { echo "errors.sh: needs python3"; exit 77; }
exec python3 "$here/errors.py" "$here/../src" "$here" "$TESTDATA"
