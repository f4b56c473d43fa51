#!/usr/bin/env python3
"""Measures the disk's fdatasync latency in a directory: what every durable
produce of minikafka (flush=always) waits for at least once. Appends N
records of SIZE bytes, each followed by fdatasync, and prints JSON with the
percentiles in milliseconds. Part of the conditions of bench/http/run.sh.

    fsync_probe.py DIR [N=500] [SIZE=1600]
"""
import json
import os
import sys
import time

d = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
size = int(sys.argv[3]) if len(sys.argv) > 3 else 1600
path = os.path.join(d, f".fsync-probe-{os.getpid()}")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
buf = b"x" * size
lat = []
try:
    for _ in range(n):
        os.write(fd, buf)
        t = time.perf_counter()
        os.fdatasync(fd)
        lat.append((time.perf_counter() - t) * 1000)
finally:
    os.close(fd)
    os.unlink(path)
lat.sort()


def pct(p):
    return round(lat[min(len(lat) - 1, int(len(lat) * p / 100))], 3)


print(json.dumps({"n": n, "bytes_per_append": size, "mean_ms": round(sum(lat) / n, 3),
                  "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99),
                  "max_ms": round(lat[-1], 3)}))
