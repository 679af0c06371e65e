#!/usr/bin/env python3
"""extract.py - turn the "heapdump" section of each Go scenario's truth.json
into a line format the Check suite (tests/check_heapdump.c) reads without a
JSON parser.  The figures are the truth recorded when the dumps were
written; this script only reformats them.  Run from testdata/:

    python3 expected/heapdump/extract.py

writes expected/heapdump/<scenario>.txt with lines

    objects N | bytes N | memstat NAME N | alloc_samples N | buckets N
    param NAME VALUE | records TAG N | user_goroutines N
    wait COUNT REASON | func COUNT FUNCTION
    site BYTES OBJECTS NAME | size SIZE COUNT BYTES
"""
import json

for s in ("auditlog", "baseline", "blockindex", "condwait"):
    h = json.load(open(f"{s}/truth.json"))["heapdump"]
    out = [f"# from {s}/truth.json heapdump section by extract.py"]
    out.append(f"objects {h['objects']}")
    out.append(f"bytes {h['object_bytes']}")
    for k, v in sorted(h["memstats"].items()):
        out.append(f"memstat {k} {v}")
    out.append(f"alloc_samples {h['alloc_samples']}")
    out.append(f"buckets {h['memprof_buckets']}")
    for k, v in sorted(h["params"].items()):
        if isinstance(v, bool):
            v = int(v)
        out.append(f"param {k} {v}")
    for k, v in sorted(h["record_counts"].items()):
        out.append(f"records {k} {v}")
    out.append(f"user_goroutines {h['user_goroutines']}")
    for k, v in sorted(h["goroutines_by_wait"].items()):
        out.append(f"wait {v} {k}")
    for k, v in sorted(h["goroutines_by_main_func"].items()):
        out.append(f"func {v} {k}")
    for x in h["live_sampled_by_site"]:
        out.append(f"site {x['bytes']} {x['objects']} {x['site']}")
    for x in h["top_object_sizes"]:
        out.append(f"size {x['size']} {x['count']} {x['bytes']}")
    open(f"expected/heapdump/{s}.txt", "w").write("\n".join(out) + "\n")
