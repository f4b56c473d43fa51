#!/usr/bin/env python3
"""Summarises a JFR recording of minikafka taken by `run.sh --profile`:
fsyncs (count, latency, how many requests each one served per measured
point), GC pauses, and the hottest methods.

    jfr_summary.py RECORDING.jfr [runs.jsonl]

Needs the `jfr` tool of a JDK >= 21 (found next to $JAVA_HOME/bin/java or
under /usr/lib/jvm).
"""
import collections
import datetime
import glob
import json
import os
import re
import subprocess
import sys


def jfr_tool():
    cands = []
    if os.environ.get("JAVA_HOME"):
        cands.append(os.path.join(os.environ["JAVA_HOME"], "bin", "jfr"))
    cands += sorted(glob.glob("/usr/lib/jvm/*/bin/jfr"), reverse=True)
    for c in cands:
        if os.access(c, os.X_OK):
            v = subprocess.run([c, "version"], capture_output=True, text=True).stdout
            m = re.search(r"(\d+)", v)
            if m and int(m.group(1)) >= 21:
                return c
    sys.exit("jfr_summary: no jfr tool from a JDK >= 21 found")


def duration_ms(v):
    if isinstance(v, (int, float)):
        return v / 1e6
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", v)
    if not m:
        return 0.0
    h, mi, s = m.groups()
    return ((int(h or 0) * 60 + int(mi or 0)) * 60 + float(s or 0)) * 1000


def epoch(ts):
    return datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


def pct(xs, p):
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))] if xs else 0.0


def main():
    rec = sys.argv[1]
    runs = []
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            runs = [json.loads(l) for l in f if l.strip()]
    jfr = jfr_tool()
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.FileForce", rec],
                         capture_output=True, text=True, check=True).stdout
    forces = []
    for e in json.loads(out)["recording"]["events"]:
        v = e["values"]
        path = v.get("path") or "?"
        part = path.split("/")[-2] if "/" in path else path
        forces.append((epoch(v["startTime"]), duration_ms(v["duration"]), part))
    print(f"fsyncs (jdk.FileForce): {len(forces)}")
    by_part = collections.defaultdict(list)
    for t, d, p in forces:
        by_part[p].append(d)
    for p, ds in sorted(by_part.items(), key=lambda kv: -len(kv[1])):
        ds.sort()
        print(f"  {p:28} n={len(ds):7d}  p50 {pct(ds, 50):.3f} ms  p99 {pct(ds, 99):.2f} ms  "
              f"max {ds[-1]:.1f} ms  total {sum(ds) / 1000:.1f} s")
    if runs:
        print("\nper measured minikafka point: requests per fsync, and the share of the "
              "point's time an fsync was running")
        for r in runs:
            if r["system"] != "minikafka" or "start_epoch_s" not in r:
                continue
            t0, t1 = r["start_epoch_s"], r["end_epoch_s"]
            fs = [(d, p) for t, d, p in forces if t0 <= t < t1]
            n = len(fs)
            busy = sum(d for d, _ in fs) / 1000 / max(t1 - t0, 1e-9)
            parts = collections.Counter(p for _, p in fs)
            print(f"  {r['phase']:7} {r['workload']:7} c={r['connections']:<3} rep {r['rep']}: "
                  f"{r['requests_per_s']:8.0f} req/s, {n / max(t1 - t0, 1e-9):6.0f} fsync/s, "
                  f"{r['requests'] / n if n else float('nan'):5.1f} req/fsync, fsync busy "
                  f"{busy:4.0%}  ({', '.join(f'{k} {v}' for k, v in parts.most_common(3))})")
    for view in ("gc-pauses", "hot-methods", "contention-by-site"):
        res = subprocess.run([jfr, "view", "--width", "160", view, rec],
                             capture_output=True, text=True)
        text = (res.stdout or res.stderr).strip().splitlines()
        print(f"\n== jfr view {view}")
        print("\n".join(text[:30]))


if __name__ == "__main__":
    main()
