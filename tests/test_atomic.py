"""An ingest that dies half-way leaves the workspace exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import DATA

import shadowtrade
from shadowtrade.synth import write_world

TABLES = ("imports", "trade_flows", "trade_aggregates", "quarantine")


def snapshot(ws_dir: Path) -> dict[str, object]:
    ws = shadowtrade.open(ws_dir, read_only=True)
    try:
        out: dict[str, object] = {}
        for t in TABLES:
            out[t] = ws.raw.execute(
                f"SELECT count(*), coalesce(sum(hash(COLUMNS(*))), 0) FROM {t}"
            ).fetchall()
        return out
    finally:
        ws.close()


def ingest_cmd(f: Path, ws_dir: Path) -> list[str]:
    return [sys.executable, "-m", "shadowtrade.cli", "ingest", str(f), "--workspace", str(ws_dir)]


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    ws_dir = tmp_path / "ws"
    ws = shadowtrade.open(ws_dir)
    ws.ingest(DATA / "comtrade_plus_sample.csv")
    ws.close()
    return ws_dir


@pytest.mark.parametrize("step", ["staged", "inserted", "before_commit"])
def test_killed_at_each_step_changes_nothing(seeded: Path, step: str) -> None:
    before = snapshot(seeded)
    env = {**os.environ, "SHADOWTRADE_FAULT": step}
    proc = subprocess.run(
        ingest_cmd(DATA / "comtrade_legacy_sample.csv", seeded),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(seeded) == before
    # And the next ingest of the same file works normally.
    done = subprocess.run(
        ingest_cmd(DATA / "comtrade_legacy_sample.csv", seeded),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "3 accepted" in done.stdout


@pytest.mark.slow
def test_killed_mid_read_of_a_large_file(seeded: Path, tmp_path: Path) -> None:
    info = write_world("baseline", tmp_path / "world", seed=3, scale=4)
    before = snapshot(seeded)
    proc = subprocess.Popen(
        ingest_cmd(info.trade_file, seeded), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    wal = seeded / "shadowtrade.duckdb.wal"
    deadline = time.time() + 60
    # Wait until the ingest is under way (its transaction has written to the WAL or 2 s passed).
    start = time.time()
    while time.time() < deadline and proc.poll() is None:
        if wal.exists() or time.time() - start > 2.0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(seeded) == before


def test_exception_rolls_back(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shadowtrade.formats.ingest as ingest

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk on fire")

    before = snapshot(seeded)
    monkeypatch.setattr(ingest, "_line_numbers", boom)
    ws = shadowtrade.open(seeded)
    with pytest.raises(RuntimeError, match="disk on fire"):
        ws.ingest(DATA / "comtrade_legacy_sample.csv")
    ws.close()
    assert snapshot(seeded) == before
