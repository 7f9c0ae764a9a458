"""Ingest throughput and peak memory on a 10-million-row Comtrade file.

Baseline, measured in the same run on the same file: DuckDB's own `read_csv` loading the file
into a table (`CREATE TABLE raw AS SELECT * FROM read_csv(...)`). Each measurement runs in its own
process so that its peak resident memory is its own. Targets: ingest within 3x of the baseline's
time, peak memory under 4 GB. Figures are appended to docs/benchmarks.md.

    python benchmarks/bench_ingest.py [--rows 10000000]
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
ROWS_PER_SCALE = 143_500  # rows that `synth --scale 1` writes, measured


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process."""
    # Output goes to a file, not a pipe: a child that fills a pipe nobody reads would block.
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            sys.exit(f"command failed: {' '.join(cmd)}\n{log.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024.0


def world(rows: int) -> tuple[Path, int]:
    scale = max(1.0, round(rows / ROWS_PER_SCALE, 1))
    # The cached world is reused only while the simulator's code is unchanged.
    digest = hashlib.sha256()
    for src in sorted((ROOT / "src/shadowtrade/synth").glob("*.py")):
        digest.update(src.read_bytes())
    d = CACHE / f"baseline-seed7-scale{scale}-{digest.hexdigest()[:8]}"
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    args = ap.parse_args()
    f, n = world(args.rows)
    size_gb = f.stat().st_size / 1e9
    tmp = CACHE / "run"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)

    db, csv = str(tmp / "baseline.duckdb"), str(f)
    baseline_code = (
        f"import duckdb; c = duckdb.connect({db!r}); "
        f'c.execute("CREATE TABLE raw AS SELECT * FROM read_csv({csv!r})")'
    )
    base_s, base_mb = run([sys.executable, "-c", baseline_code])
    ing_s, ing_mb = run(
        [sys.executable, "-m", "shadowtrade.cli", "ingest", str(f), "--workspace", str(tmp / "ws")]
    )
    ratio = ing_s / base_s
    lines = [
        f"file: {f.name}, {n:,} rows, {size_gb:.2f} GB",
        f"baseline DuckDB read_csv → table: {base_s:7.1f} s  {n / base_s:>12,.0f} rows/s"
        f"  peak {base_mb:7.0f} MB",
        f"shadowtrade ingest:               {ing_s:7.1f} s  {n / ing_s:>12,.0f} rows/s"
        f"  peak {ing_mb:7.0f} MB",
        f"ratio ingest / baseline: {ratio:.2f}x (target ≤ 3x)   peak memory target < 4096 MB:"
        f" {'met' if ing_mb < 4096 else 'NOT met'}",
    ]
    print("\n".join(lines))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as fh:
        fh.write(
            f"\n### {date.today()} — ingest, {machine}\n\n```\n" + "\n".join(lines) + "\n```\n"
        )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
