"""The trade detectors on DuckDB and on Spark local, on baseline worlds of 1, 10 and 50 million
rows: scan time and peak memory on each engine, the time of one DuckDB aggregation pass over the
same table (the floor any scan must pay), the scan's ratio to that floor, and the exponent of
scan time against rows fitted over the sizes (1.0 = linear).

    python benchmarks/bench_engines.py [--rows 1000000,10000000,50000000] [--spark-max 50000000]

Each step runs in its own process; a scan's peak memory is that of the process and its
descendants together (Spark's JVM included), sampled every 0.2 s. Worlds and their ingested
workspaces are cached under benchmarks/.cache/.
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import psutil

from bench_detect import floor, workspace_copy

PY = sys.executable
TRADE_DETECTORS = ["cross_code_mirror", "mirror_gap", "route_break", "transshipment", "unit_value"]


def run_tree(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of a process and all its descendants together (Spark's
    JVM is a child of the Python driver; `wait4` would count the driver alone)."""
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        root = psutil.Process(proc.pid)
        peak = 0
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            log.seek(0)
            sys.exit(f"command failed: {' '.join(cmd)}\n{log.read().decode(errors='replace')}")
    return wall, peak / 2**20


def _scan(ws: str, engine: str) -> tuple[float, float]:
    dets = [a for d in TRADE_DETECTORS for a in ("--detector", d)]
    return run_tree([PY, "-m", "shadowtrade.cli", "scan", *dets, "--engine", engine,
                     "--workspace", ws])  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="1000000,10000000,50000000")
    ap.add_argument("--spark-max", type=int, default=50_000_000)
    args = ap.parse_args()
    sizes = [int(x) for x in args.rows.split(",")]
    results = []
    print("rows        floor s  duckdb s (x floor)  peak MB   spark s (x duckdb)  peak MB",
          flush=True)  # fmt: skip
    for rows in sizes:
        ws_path, n = workspace_copy(rows, "engines-run")
        ws = str(ws_path)
        floor_s, _ = floor(ws_path)
        duck_s, duck_mb = _scan(ws, "duckdb")
        spark = _scan(ws, "spark") if rows <= args.spark_max else (math.nan, math.nan)
        results.append((n, floor_s, duck_s, spark[0]))
        line = f"{n:>11,} {floor_s:8.1f} {duck_s:9.1f} ({duck_s / floor_s:4.1f}x) {duck_mb:8.0f}"
        print(line + f" {spark[0]:9.1f} ({spark[0] / duck_s:5.1f}x) {spark[1]:8.0f}", flush=True)
        shutil.rmtree(ws, ignore_errors=True)
    if len(results) >= 2:
        n = np.log([r[0] for r in results])
        for label, col in (("duckdb", 2), ("spark local", 3)):
            t = np.array([r[col] for r in results])
            ok = ~np.isnan(t)
            if ok.sum() >= 2:
                slope = np.polyfit(n[ok], np.log(t[ok]), 1)[0]
                print(f"fitted exponent of scan time against rows, {label}: {slope:.2f}"
                      " (1.0 = linear)")  # fmt: skip
    worst = max(r[2] / r[1] for r in results)
    print(f"DuckDB scan / floor, worst size: {worst:.1f}x (target ≤ 5x)")


if __name__ == "__main__":
    main()
