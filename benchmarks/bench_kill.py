"""kill -9 at random moments of a medium ingest, inside DuckDB's COMMIT included: the workspace
is found before or after the ingest, never between.

Each kill runs `shadowtrade ingest` of a simulated Comtrade file into a copy of a small seeded
workspace. Half of the kills land at a uniformly random moment of the ingest (the time measured
for an uninterrupted run), the other half a few milliseconds after the ingest's COMMIT starts
(`SHADOWTRADE_FAULT=commit:ingest:<ms>`), where DuckDB 1.x can keep the large insert while losing
the small `imports` row of the same transaction. After each kill the workspace is opened by the
CLI (`shadowtrade imports`, whose open repairs such a state and says so), then compared with the
two legal states: the seed's tables, or the tables after an uninterrupted ingest of the file.

    python benchmarks/bench_kill.py [--kills 200] [--rows 600000]

Figures (kills, states found, repairs, half-applied) are appended to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
SEED_FILE = ROOT / "tests" / "data" / "comtrade_plus_sample.csv"
DATA_TABLES = ("trade_flows", "trade_aggregates", "quarantine")
COMMIT_WINDOW_MS = 12.0  # COMMIT of a 1 M-row ingest takes 3-10 ms here


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "shadowtrade.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


def snapshot(ws: Path) -> tuple[object, ...]:
    """What an analyst would see: each data table's rows (count and content hash) and the
    imports' ids and counts (their timestamps differ between runs)."""
    con = duckdb.connect(str(ws / "shadowtrade.duckdb"), read_only=True)
    try:
        parts: list[object] = [
            con.execute(
                "SELECT list(import_id ORDER BY import_id), list(accepted ORDER BY import_id)"
                " FROM imports"
            ).fetchall()
        ]
        for t in DATA_TABLES:
            parts.append(
                con.execute(
                    f"SELECT count(*), coalesce(sum(hash(COLUMNS(*))), 0) FROM {t}"
                ).fetchall()
            )
        return tuple(parts)
    finally:
        con.close()


def make_file(rows: int, work: Path) -> Path:
    """A simulated monthly Comtrade file: its header and first `rows` rows."""
    from shadowtrade.synth import write_world

    info = write_world("baseline", work / "world", seed=11, scale=max(1, rows // 143_500))
    out = work / "trade.csv"
    with Path(info.trade_file).open("rb") as src, out.open("wb") as dst:
        for i, line in enumerate(src):
            if i > rows:
                break
            dst.write(line)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--rows", type=int, default=40_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bench-kill-"))
    try:
        src = make_file(args.rows, work)
        seed = work / "seed"
        assert cli("ingest", str(SEED_FILE), "--workspace", str(seed)).returncode == 0
        before = snapshot(seed)
        full = work / "full"
        shutil.copytree(seed, full)
        t0 = time.perf_counter()
        done = cli("ingest", str(src), "--workspace", str(full))
        duration = time.perf_counter() - t0
        assert done.returncode == 0, done.stderr
        after = snapshot(full)
        n_rows = sum(1 for _ in src.open("rb")) - 1
        print(f"file: {n_rows:,} rows; uninterrupted ingest {duration:.1f} s")

        states: Counter[str] = Counter()
        repaired = 0
        half: list[str] = []
        ws = work / "ws"
        for i in range(args.kills):
            shutil.rmtree(ws, ignore_errors=True)
            shutil.copytree(seed, ws)
            env = dict(os.environ)
            if i % 2:
                ms = rng.uniform(0, COMMIT_WINDOW_MS)
                env["SHADOWTRADE_FAULT"] = f"commit:ingest:{ms:.2f}"
                where = f"{ms:.1f} ms into COMMIT"
                proc = cli("ingest", str(src), "--workspace", str(ws), env=env)
                killed = proc.returncode == -9
            else:
                at = rng.uniform(0, duration)
                where = f"{at:.2f} s into the ingest"
                cmd = [sys.executable, "-m", "shadowtrade.cli", "ingest", str(src),
                       "--workspace", str(ws)]  # fmt: skip
                p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(at)
                p.kill()
                killed = p.wait() == -9
            opened = cli("imports", "--workspace", str(ws))
            if "recovered from an interrupted ingest" in opened.stderr:
                repaired += 1
            state = snapshot(ws)
            kind = "before" if state == before else "after" if state == after else "between"
            states[kind] += 1
            if kind == "between":
                half.append(f"kill {i} ({where}): {state}")
            print(f"{i:4d} {where:>28} killed={killed!s:5} → {kind}", flush=True)

        line = (
            f"{args.kills} kills over a {n_rows:,}-row ingest ({duration:.1f} s): "
            f"{states['before']} before, {states['after']} after, {states['between']} half-applied;"
            f" {repaired} needed the repair on open (rows of a killed COMMIT)"
        )
        print(line)
        for h in half:
            print("HALF-APPLIED:", h)
        record(line)
        if half:
            sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def record(line: str) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as f:
        f.write(f"\n### bench_kill.py — {date.today().isoformat()} ({machine})\n\n{line}\n")


if __name__ == "__main__":
    main()
