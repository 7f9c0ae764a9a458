"""Ingest throughput and peak memory on Comtrade files of 1 and 10 million rows.

Baseline, measured in the same run on the same file: DuckDB's own `read_csv` loading the file
into a table (`CREATE TABLE raw AS SELECT * FROM read_csv(...)`). Each measurement runs in its own
process so that its peak resident memory is its own. Targets: ingest within 3x of the baseline's
time at every size, peak memory under 4 GB. Figures are appended to docs/benchmarks.md.

On a shared machine one run of either can be slowed by its neighbours: `--repeat N` runs both N
times, alternating, and keeps each one's fastest run; CPU seconds (user + system) are printed
beside wall time because they move less with the machine's load.

    python benchmarks/bench_ingest.py [--rows 1000000,10000000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
ROWS_PER_SCALE = 143_500  # rows that `synth --scale 1` writes, measured


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_mb: float  # peak resident memory


def run(cmd: list[str]) -> Run:
    """Wall and CPU seconds and peak resident MB of one child process."""
    # Output goes to a file, not a pipe: a child that fills a pipe nobody reads would block.
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            sys.exit(f"command failed: {' '.join(cmd)}\n{log.read().decode(errors='replace')}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0)


def best(runs: list[Run]) -> Run:
    """The fastest of repeated runs (the one least slowed by the machine's other work)."""
    return min(runs, key=lambda r: r.wall)


def synth_digest() -> str:
    """The simulator's code, hashed: a cached world is reused only while it is unchanged."""
    digest = hashlib.sha256()
    for src in sorted((ROOT / "src/shadowtrade/synth").glob("*.py")):
        digest.update(src.read_bytes())
    return digest.hexdigest()[:8]


def world(rows: int) -> tuple[Path, int]:
    scale = max(1.0, round(rows / ROWS_PER_SCALE, 1))
    d = CACHE / f"baseline-seed7-scale{scale}-{synth_digest()}"
    for stale in CACHE.glob(f"baseline-seed7-scale{scale}*"):
        if stale != d:
            shutil.rmtree(stale)
    f = d / "comtrade.csv"
    if not f.exists():
        print(f"generating a world of about {rows:,} rows (scale {scale}) in {d} …", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "shadowtrade.cli",
                "synth",
                "--scenario",
                "baseline",
                "--seed",
                "7",
                "--scale",
                str(scale),
                "--out",
                str(d),
            ],
            check=True,
        )
    with f.open("rb") as fh:
        n = sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 24), b"")) - 1
    return f, n


def measure(rows: int, repeat: int) -> tuple[list[str], float]:
    """Baseline and ingest of one world; the lines to print and record, and the ratio."""
    f, n = world(rows)
    size_gb = f.stat().st_size / 1e9
    tmp = CACHE / "run"
    db, csv = str(tmp / "baseline.duckdb"), str(f)
    baseline_code = (
        f"import duckdb; c = duckdb.connect({db!r}); "
        f'c.execute("CREATE TABLE raw AS SELECT * FROM read_csv({csv!r})")'
    )
    ingest_cmd = [sys.executable, "-m", "shadowtrade.cli", "ingest", csv]
    bases: list[Run] = []
    ingests: list[Run] = []
    for _ in range(repeat):
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        bases.append(run([sys.executable, "-c", baseline_code]))
        ingests.append(run([*ingest_cmd, "--workspace", str(tmp / "ws")]))
    shutil.rmtree(tmp, ignore_errors=True)
    base, ing = best(bases), best(ingests)
    ratio = ing.wall / base.wall
    of = f" (best of {repeat})" if repeat > 1 else ""
    lines = [
        f"file: {f.name}, {n:,} rows, {size_gb:.2f} GB{of}",
        f"baseline DuckDB read_csv → table: {base.wall:7.1f} s  {n / base.wall:>12,.0f} rows/s"
        f"  peak {base.peak_mb:7.0f} MB  cpu {base.cpu:7.1f} s",
        f"shadowtrade ingest:               {ing.wall:7.1f} s  {n / ing.wall:>12,.0f} rows/s"
        f"  peak {ing.peak_mb:7.0f} MB  cpu {ing.cpu:7.1f} s",
        f"ratio ingest / baseline: {ratio:.2f}x (target ≤ 3x), cpu {ing.cpu / base.cpu:.2f}x;"
        f"   peak memory target < 4096 MB: {'met' if ing.peak_mb < 4096 else 'NOT met'}",
    ]
    print("\n".join(lines), flush=True)
    return lines, ratio


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--rows",
        default="1000000,10000000",
        help="comma-separated world sizes in rows (default: 1 M and 10 M)",
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs of each, the fastest kept")
    args = ap.parse_args()
    sizes = [int(r.replace("_", "")) for r in args.rows.split(",") if r.strip()]
    lines: list[str] = []
    ratios: list[str] = []
    for rows in sizes:
        shown, ratio = measure(rows, max(1, args.repeat))
        lines.extend([*shown, ""])
        ratios.append(f"{rows / 1e6:g} M rows {ratio:.2f}x")
    summary = "ratio ingest / baseline: " + ", ".join(ratios) + " (target ≤ 3x at each)"
    print(summary)
    lines.append(summary)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as fh:
        fh.write(
            f"\n### {date.today()} — ingest, {machine}\n\n```\n" + "\n".join(lines) + "\n```\n"
        )


if __name__ == "__main__":
    main()
