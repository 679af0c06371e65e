#!/bin/sh
# svg.sh - the pictures open and render in a real browser.
#
# For flame graphs (plain, differential, goroutines) and, when Graphviz's
# dot is installed, SVG call graphs of the Go series in testdata/:
#  - the file is well-formed XML with an <svg> root (python3 xml.etree);
#  - a flame graph is standalone: no href/src/url()/@import, no http(s)
#    address but the SVG namespace;
#  - its root frame's tooltip carries the totals go tool pprof printed
#    (the goldens' "of X total"), before and after for a diff;
#  - headless Chromium loads it (--dump-dom shows the embedded script ran
#    to its end) and takes a 1200x800 screenshot that is not blank: many
#    distinct colours, and for a diff red pixels (growth);
#  - zoom and search work there (a #z=FRAME&s=REGEXP link, checked in the
#    DOM against the share pprof prints);
#  - a call graph's wheel zoom, drag and double click move its viewport
#    (events sent from a page that frames it).
# Exit: 0 ok, 1 a check failed, 77 when chromium (or python3) is missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
HEAPDIFF=${HEAPDIFF:-$here/../src/heapdiff}
TESTDATA=${TESTDATA:-$here/../testdata}
[ -x "$HEAPDIFF" ] || { echo "svg.sh: $HEAPDIFF is not built" >&2; exit 77; }
case $HEAPDIFF in /*) ;; *) HEAPDIFF=$(pwd)/$HEAPDIFF ;; esac
CHROMIUM=
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null 2>&1 && { CHROMIUM=$c; break; }
done
[ -n "$CHROMIUM" ] || { echo "svg.sh: chromium is not installed; skipping" >&2; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "svg.sh: no python3; skipping" >&2; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/svg.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# python3 helpers: check.py xml FILE; check.py standalone FILE;
# check.py title FILE TEXT (the first frame's <title> contains TEXT);
# check.py png FILE MINCOLOURS [red].
cat >"$tmp/check.py" <<'PY'
import re, struct, sys, zlib
import xml.etree.ElementTree as ET
SVG = "{http://www.w3.org/2000/svg}"
what, path = sys.argv[1], sys.argv[2]
if what == "xml":
    root = ET.parse(path).getroot()
    if root.tag != SVG + "svg":
        sys.exit("root element is %s, not svg" % root.tag)
elif what == "standalone":
    text = open(path, encoding="utf-8").read()
    for bad in ("href=", "src=", "url(", "@import"):
        if bad in text:
            sys.exit("refers to something outside: %s" % bad)
    for m in re.findall(r"https?://[^\s\"'<]*", text):
        if m != "http://www.w3.org/2000/svg":
            sys.exit("names an address: %s" % m)
elif what == "title":
    # Each argument is LABEL=VALUE: the root tooltip's line starting with
    # LABEL holds VALUE, give or take the rounding of pprof's two decimals.
    units = {"B": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "": 1}
    def parse(v):
        m = re.match(r"^(-?[0-9.]+)([A-Za-z]*)$", v)
        if not m or m.group(2) not in units:
            sys.exit("cannot read value %r" % v)
        return float(m.group(1)) * units[m.group(2)], units[m.group(2)]
    root = ET.parse(path).getroot()
    frames = [g for g in root.iter(SVG + "g") if "f" in g.get("class", "").split()]
    if len(frames) < 10:
        sys.exit("only %d frames" % len(frames))
    title = frames[0].find(SVG + "title").text
    lines = title.split("\n")
    for arg in sys.argv[3:]:
        label, want = arg.split("=", 1)
        got = [l for l in lines if l.startswith(label)]
        if not got:
            sys.exit("root tooltip %r has no %r line" % (title, label))
        have = got[0][len(label):].split()[0]
        (a, fa), (b, fb) = parse(have), parse(want)
        if abs(a - b) > 0.0051 * max(fa, fb) + 1e-9:
            sys.exit("root tooltip says %s %s, pprof %s" % (label, have, want))
elif what == "png":
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit("unexpected PNG format %r" % (hdr,))
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, colours, red, i = bytearray(stride), set(), 0, 0
    for y in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        for x in range(0, stride, bpp):
            px = bytes(line[x:x + 3])
            colours.add(px)
            if px[0] > 180 and px[1] < 110 and px[2] < 110:
                red += 1
        prev = line
    if len(colours) < int(sys.argv[3]):
        sys.exit("blank screenshot: %d colours" % len(colours))
    if len(sys.argv) > 4 and red < 500:
        sys.exit("no red (growth) in the picture: %d pixels" % red)
PY

# The "of X total" of a go tool pprof golden.
total() {
	sed -n 's/.* of \([^ ]*\) total$/\1/p' "$TESTDATA/expected/$1" | head -n 1
}

# chromium FILE.svg PNG: screenshot; also checks the script ran.
browse() {
	prof=$(mktemp -d "$tmp/chrome.XXXXXX")
	set -- "$1" "$2" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$prof" --window-size=1200,800
	svgf=$1 png=$2
	shift 2
	timeout 120 "$CHROMIUM" "$@" --screenshot="$png" --dump-dom \
		"file://$svgf" >"$tmp/dom" 2>"$tmp/chrome.log"
	[ -s "$png" ] || { sed 's/^/    /' "$tmp/chrome.log" | tail -n 5; return 1; }
	if [ "${CHECK_SCRIPT:-1}" = 1 ] && ! grep -q 'data-ready="1"' "$tmp/dom"; then
		echo "    the embedded script did not run to its end"
		return 1
	fi
	return 0
}

# flame NAME "TITLE TEXTS" MINCOLOURS [red] -- heapdiff arguments
flame() {
	name=$1 texts=$2 mincol=$3 red=$4
	shift 5
	out=$tmp/$name.svg
	if ! (cd "$TESTDATA" && "$HEAPDIFF" flame "$@" -o "$out") 2>"$tmp/err"; then
		fail "$name: heapdiff flame $*: $(cat "$tmp/err")"
		return
	fi
	msg=$(python3 "$tmp/check.py" xml "$out" 2>&1) || { fail "$name: not XML: $msg"; return; }
	msg=$(python3 "$tmp/check.py" standalone "$out" 2>&1) || { fail "$name: $msg"; return; }
	# shellcheck disable=SC2086 # texts are blank-separated on purpose
	msg=$(python3 "$tmp/check.py" title "$out" $texts 2>&1) || { fail "$name: $msg"; return; }
	browse "$out" "$tmp/$name.png" || { fail "$name: chromium failed"; return; }
	msg=$(python3 "$tmp/check.py" png "$tmp/$name.png" "$mincol" $red 2>&1) ||
		{ fail "$name: $msg"; return; }
	passed=$((passed + 1))
}

t=$(total condwait/top-inuse_space-07.txt)
flame flame-condwait "value:=$t" 20 "" -- -sample_index=inuse_space condwait/heap-07.pb.gz
t=$(total blockindex/top-alloc_space-07.txt)
flame flame-blockindex "value:=$t" 20 "" -- -sample_index=alloc_space blockindex/heap-07.pb.gz
t0=$(total condwait/top-inuse_space-00.txt)
t7=$(total condwait/top-inuse_space-07.txt)
flame flame-diff-condwait "before:=$t0 after:=$t7" 20 red -- \
	-sample_index=inuse_space -base condwait/heap-00.pb.gz condwait/heap-07.pb.gz
a0=$(total auditlog/top-alloc_space-00.txt)
a7=$(total auditlog/top-alloc_space-07.txt)
flame flame-diff-auditlog "before:=$a0 after:=$a7" 20 red -- \
	-sample_index=alloc_space -diff_base auditlog/heap-00.pb.gz auditlog/heap-07.pb.gz
g=$(total condwait/goroutine-top-07.txt)
flame flame-goroutine "value:=$g" 10 "" -- condwait/goroutine-07.pb.gz

# Zoom and search run in the browser: a link zooms to main.backgroundLoad
# and searches lruTable; the zoomed frame spans the whole width (1180), the
# one match is highlighted, and its share is the cum share pprof's -dot
# golden prints for main.(*lruTable).put.
want=$(sed -n 's/.*lruTable)\\nput\\n.* (\([0-9.]*%\))" id=.*/\1/p' \
	"$TESTDATA/expected/condwait/dot-inuse_space-07.dot")
(cd "$TESTDATA" && "$HEAPDIFF" flame -sample_index=inuse_space \
	condwait/heap-07.pb.gz -o "$tmp/zoom.svg")
if browse "$tmp/zoom.svg#z=main.backgroundLoad&s=lruTable" "$tmp/zoom.png"; then
	tr '\n' ' ' <"$tmp/dom" >"$tmp/dom1"
	if [ -z "$want" ]; then
		fail "zoom/search: no lruTable share in the dot golden"
	elif ! grep -q "Matched: $want of the width (1 frames)" "$tmp/dom1"; then
		fail "zoom/search: no 'Matched: $want' after #s=lruTable"
	elif ! grep -q 'data-n="main.backgroundLoad"><title>[^<]*</title><rect x="10.00" y="[0-9.]*" width="1180.00"' "$tmp/dom1"; then
		fail "zoom/search: main.backgroundLoad not zoomed to full width"
	elif ! grep -q 'class="f hl"[^>]*data-n="main.(\*lruTable).put"' "$tmp/dom1"; then
		fail "zoom/search: the match is not highlighted"
	elif ! grep -q 'style="display: none;"' "$tmp/dom1"; then
		fail "zoom/search: nothing hidden outside the zoomed frame"
	else
		passed=$((passed + 1))
	fi
else
	fail "zoom/search: chromium failed"
fi

# SVG call graphs through Graphviz (only where dot is installed).
if command -v dot >/dev/null 2>&1; then
	for args in "-sample_index=inuse_space condwait/heap-07.pb.gz" \
	    "-sample_index=inuse_space -base condwait/heap-00.pb.gz condwait/heap-07.pb.gz"; do
		out=$tmp/graph.svg
		# shellcheck disable=SC2086 # split on blanks, on purpose
		if ! (cd "$TESTDATA" && "$HEAPDIFF" svg $args -o "$out") 2>"$tmp/err"; then
			fail "heapdiff svg $args: $(cat "$tmp/err")"
			continue
		fi
		msg=$(python3 "$tmp/check.py" xml "$out" 2>&1) || { fail "svg $args: not XML: $msg"; continue; }
		grep -q 'main.submitJob' "$out" || { fail "svg $args: no main.submitJob node"; continue; }
		CHECK_SCRIPT=0 browse "$out" "$tmp/graph.png" || { fail "svg $args: chromium failed"; continue; }
		msg=$(python3 "$tmp/check.py" png "$tmp/graph.png" 20 2>&1) || { fail "svg $args: $msg"; continue; }
		passed=$((passed + 1))
	done
	# Pan and zoom: a page frames the last graph and sends it a wheel
	# turn, a drag and a double click; it records the viewport's
	# transform after each for --dump-dom.
	cat >"$tmp/panzoom.html" <<'EOF'
<!DOCTYPE html><html><body>
<iframe id="f" src="graph.svg" width="1200" height="800"></iframe>
<script>
window.onload = function () {
  var d = document.getElementById("f").contentDocument;
  var svg = d.documentElement, vp = d.getElementById("viewport");
  function send(type, x, y, extra) {
    var o = { clientX: x, clientY: y, bubbles: true, cancelable: true,
        button: 0 }, k;
    for (k in extra) o[k] = extra[k];
    svg.dispatchEvent(type === "wheel" ? new WheelEvent(type, o) :
        new MouseEvent(type, o));
  }
  send("wheel", 600, 400, { deltaY: -100 });
  document.body.setAttribute("data-zoom", vp.getAttribute("transform"));
  send("mousedown", 600, 400); send("mousemove", 700, 450);
  send("mouseup", 700, 450);
  document.body.setAttribute("data-drag", vp.getAttribute("transform"));
  send("dblclick", 10, 10);
  document.body.setAttribute("data-reset", vp.getAttribute("transform"));
};
</script></body></html>
EOF
	prof=$(mktemp -d "$tmp/chrome.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$prof" \
		--allow-file-access-from-files --window-size=1300,900 \
		--dump-dom "file://$tmp/panzoom.html" >"$tmp/dom" 2>/dev/null
	zoom=$(sed -n 's/.*data-zoom="\([^"]*\)".*/\1/p' "$tmp/dom")
	drag=$(sed -n 's/.*data-drag="\([^"]*\)".*/\1/p' "$tmp/dom")
	reset=$(sed -n 's/.*data-reset="\([^"]*\)".*/\1/p' "$tmp/dom")
	case $zoom in
	"translate(0,0) scale(1.25)" | "")
		fail "svg: the wheel did not zoom about the pointer: '$zoom'" ;;
	*"scale(1.25)") passed=$((passed + 1)) ;;
	*) fail "svg: the wheel did not zoom by 1.25: '$zoom'" ;;
	esac
	case $drag in
	"$zoom" | "") fail "svg: dragging did not pan: '$drag'" ;;
	*"scale(1.25)") passed=$((passed + 1)) ;;
	*) fail "svg: dragging changed the zoom: '$drag'" ;;
	esac
	if [ "$reset" = "translate(0,0) scale(1)" ]; then
		passed=$((passed + 1))
	else
		fail "svg: a double click did not reset the view: '$reset'"
	fi
else
	echo "svg.sh: Graphviz's dot is not installed; call-graph SVGs not checked"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
