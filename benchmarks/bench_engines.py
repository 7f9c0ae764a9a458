"""The trade detectors on DuckDB and on Spark local, on baseline worlds of 1, 10 and 50 million
rows: scan time and peak memory on each engine, the time of one DuckDB aggregation pass over the
same table (the floor any scan must pay), the scan's ratio to that floor, and the exponent of
scan time against rows fitted over the sizes (1.0 = linear).

    python benchmarks/bench_engines.py [--rows 1000000,10000000,50000000] [--spark-max 50000000]
        [--incremental-rows 10000000]

Then the incremental scan on the `--incremental-rows` world: all but its last month ingested
and scanned with `--incremental` (which builds the state), then the last month arrives from a
quarter of its reporters, then from the rest; each time `scan --incremental` against a full
`scan` of the same workspace.

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

import duckdb
import numpy as np
import psutil

from bench_detect import floor, workspace_copy
from bench_ingest import CACHE, world

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


def _cli(*args: str) -> tuple[float, float]:
    return run_tree([PY, "-m", "shadowtrade.cli", *args])


def incremental(rows: int) -> list[str]:
    """Full against incremental scans after a new month arrives in two parts."""
    f, n = world(rows)
    d = CACHE / "incremental-run"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    con = duckdb.connect()
    src = f"read_csv('{f}', all_varchar = true)"
    row = con.execute(f"SELECT max(period) FROM {src}").fetchone()
    last = row[0] if row else ""
    got = con.execute(f"SELECT DISTINCT reporterISO FROM {src} WHERE period = ? ORDER BY 1",
                      [last]).fetchall()  # fmt: skip
    reporters = [r[0] for r in got]
    first = reporters[: max(1, len(reporters) // 4)]
    parts = {
        "old": f"period <> '{last}'",
        "month_a": f"period = '{last}' AND reporterISO IN ({', '.join(repr(r) for r in first)})",
        "month_b": f"period = '{last}' AND reporterISO NOT IN"
        f" ({', '.join(repr(r) for r in first)})",
    }
    for name, where in parts.items():
        con.execute(f"COPY (SELECT * FROM {src} WHERE {where}) TO '{d / name}.csv' (HEADER)")
    con.close()
    ws = str(d / "ws")
    _cli("ingest", str(d / "old.csv"), "--workspace", ws)
    dets = [a for det in TRADE_DETECTORS for a in ("--detector", det)]
    build_s, _ = _cli("scan", *dets, "--incremental", "--workspace", ws)
    lines = [
        f"incremental scans, {n:,}-row world ({len(reporters)} reporters in its last month {last})",
        f"  first scan --incremental (builds the state): {build_s:.1f} s",
    ]
    for name, who in (("month_a", f"{len(first)} reporters"),
                      ("month_b", f"the other {len(reporters) - len(first)}")):  # fmt: skip
        _cli("ingest", str(d / f"{name}.csv"), "--workspace", ws)
        inc_s, inc_mb = _cli("scan", *dets, "--incremental", "--workspace", ws)
        full_s, full_mb = _cli("scan", *dets, "--workspace", ws)
        lines.append(
            f"  last month from {who}: scan --incremental {inc_s:.1f} s (peak {inc_mb:.0f} MB),"
            f" full scan {full_s:.1f} s (peak {full_mb:.0f} MB)"
        )
    shutil.rmtree(d, ignore_errors=True)
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="1000000,10000000,50000000")
    ap.add_argument("--spark-max", type=int, default=50_000_000)
    ap.add_argument("--incremental-rows", type=int, default=10_000_000)
    ap.add_argument("--spark-only", action="store_true", help="skip the floor and DuckDB scans")
    args = ap.parse_args()
    sizes = [int(x) for x in args.rows.split(",") if x]
    results = []
    print("rows        floor s  duckdb s (x floor)  peak MB   spark s (x duckdb)  peak MB",
          flush=True)  # fmt: skip
    for rows in sizes:
        ws_path, n = workspace_copy(rows, "engines-run")
        ws = str(ws_path)
        if args.spark_only:
            floor_s, duck_s, duck_mb = math.nan, math.nan, math.nan
        else:
            floor_s = floor(ws_path).wall
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
    if results and not args.spark_only:
        worst = max(r[2] / r[1] for r in results)
        print(f"DuckDB scan / floor, worst size: {worst:.1f}x (target ≤ 5x)", flush=True)
    if args.incremental_rows:
        print("\n".join(incremental(args.incremental_rows)), flush=True)


if __name__ == "__main__":
    main()
