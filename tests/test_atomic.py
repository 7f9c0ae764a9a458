"""An ingest that dies half-way leaves the workspace exactly as it was."""

from __future__ import annotations

import os
import shutil
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


def _orphan_rows(ws_dir: Path, import_id: int, n: int) -> None:
    """What a kill inside DuckDB's COMMIT leaves: a large insert kept, its `imports` row lost."""
    import duckdb

    con = duckdb.connect(str(ws_dir / "shadowtrade.duckdb"))
    con.execute(
        "INSERT INTO trade_flows SELECT t.* REPLACE (? AS import_file) FROM trade_flows t,"
        " range(?) LIMIT ?",
        [import_id, n, n],
    )
    con.execute("INSERT INTO quarantine VALUES (?, 7, 'period', 'x', 'bad_period')", [import_id])
    con.close()


@pytest.mark.parametrize("read_only", [False, True])
def test_rows_of_a_killed_commit_are_removed_on_open(
    seeded: Path, read_only: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(seeded)
    _orphan_rows(seeded, 2, 1000)
    ws = shadowtrade.open(seeded, read_only=read_only)
    try:
        # Opened read-only too: repaired through a brief read-write open, so no reader counts them.
        assert ws.raw.execute("SELECT count(*) FROM trade_flows").fetchone() == (4,)
        last = ws.raw.execute("SELECT value FROM meta WHERE key = 'last_recovery'").fetchone()
    finally:
        ws.close()
    assert last is not None and "removed 1,000 rows of trade_flows, 1 rows of quarantine" in last[0]
    err = capsys.readouterr().err
    assert "recovered from an interrupted ingest" in err and "import ids above 1" in err
    assert snapshot(seeded) == before
    # The next ingest takes id 2 and its rows are not doubled with the killed one's.
    ws = shadowtrade.open(seeded)
    res = ws.ingest(DATA / "comtrade_legacy_sample.csv")
    n = ws.raw.execute("SELECT count(*) FROM trade_flows WHERE import_file = 2").fetchone()
    ws.close()
    assert res.import_id == 2 and n == (res.accepted,) and res.accepted == 3


def test_a_healthy_workspace_is_not_touched(
    seeded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(seeded)
    ws = shadowtrade.open(seeded)
    assert ws.recovered == []
    ws.close()
    assert snapshot(seeded) == before and "recovered" not in capsys.readouterr().err


@pytest.mark.slow
def test_killed_inside_commit_is_before_or_after(seeded: Path, tmp_path: Path) -> None:
    """The real fault: kill -9 a few milliseconds into the ingest's COMMIT (bench_kill.py runs
    200 such kills); every time the workspace is found before or after, never between."""
    import random

    info = write_world("baseline", tmp_path / "world", seed=5, scale=2)
    rng = random.Random(7)
    before = snapshot(seeded)
    for _ in range(2):
        ws_dir = tmp_path / "killed"
        shutil.rmtree(ws_dir, ignore_errors=True)
        shutil.copytree(seeded, ws_dir)
        env = {**os.environ, "SHADOWTRADE_FAULT": f"commit:ingest:{rng.uniform(0, 8):.2f}"}
        proc = subprocess.run(ingest_cmd(info.trade_file, ws_dir), env=env, capture_output=True)
        assert proc.returncode == -signal.SIGKILL
        state = snapshot(ws_dir)
        ws = shadowtrade.open(ws_dir, read_only=True)
        imports = ws.raw.execute("SELECT accepted FROM imports WHERE import_id = 2").fetchall()
        flows = ws.raw.execute("SELECT count(*) FROM trade_flows WHERE import_file = 2").fetchone()
        ws.close()
        if not imports:
            assert state == before
        else:
            assert flows == (imports[0][0],) and flows[0] > 100_000


def test_ctrl_c_at_any_moment_is_one_line_and_exit_130(seeded: Path, tmp_path: Path) -> None:
    """Ctrl-C while the CLI loads, while it reads and while it writes: exit 130 with one line and
    no traceback, and the workspace before or after the ingest, never between (or exit 0 when
    the signal came after the work was done)."""
    info = write_world("baseline", tmp_path / "world", seed=5, scale=1)
    before = _contents(seeded)
    # An uninterrupted run gives the 'after' state and the time the ingest takes here.
    done_dir = tmp_path / "done"
    shutil.copytree(seeded, done_dir)
    t0 = time.monotonic()
    done = subprocess.run(ingest_cmd(info.trade_file, done_dir), capture_output=True, text=True)
    took = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    after = _contents(done_dir)
    outcomes: list[int] = []
    for fraction in (0.02, 0.25, 0.5, 0.8):
        ws_dir = tmp_path / f"int{fraction}"
        shutil.copytree(seeded, ws_dir)
        proc = subprocess.Popen(
            ingest_cmd(info.trade_file, ws_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Not before 0.5 s: the interpreter's own start-up, before any of our code runs,
        # answers Ctrl-C with Python's traceback (a window of a few tens of milliseconds).
        time.sleep(max(took * fraction, 0.5))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        outcomes.append(proc.returncode)
        # -SIGINT: the signal came while the interpreter shut down after the work, when Python
        # has put the default action back (the shell shows it as exit 130 too).
        assert proc.returncode in (0, 130, -signal.SIGINT), err
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
        state = _contents(ws_dir)
        which = "before" if state == before else "after" if state == after else "between"
        # A line said, then death by SIGINT: the signal was raised again while the interpreter
        # shut down after the line (seen once in CI under load: state before, 'no write was in
        # progress'); the shell shows 130 either way, and the line must be true.
        spoke = proc.returncode == 130 or (proc.returncode == -signal.SIGINT and bool(err.strip()))
        if spoke:
            said = [line for line in err.splitlines() if line.strip()]
            assert len(said) == 1 and "interrupted" in said[0], err
            # What it says is what happened: the import landed, or it did not.
            landed = "completed" in said[0]
            assert landed == (which == "after"), (which, err)
            assert not landed or ("import 2 of " in said[0] and "rolled back" not in said[0]), err
        expected = ("before", "after") if spoke or proc.returncode == 0 else ("after",)
        assert which in expected, (fraction, proc.returncode, err, _differences(state, after))
    # The early signals land while the CLI loads or reads: those runs are interrupted.
    assert outcomes[0] in (130, -signal.SIGINT)


def _contents(ws_dir: Path) -> dict[str, object]:
    """The snapshot without the imports' timestamps (two runs of one ingest differ there)."""
    out = snapshot(ws_dir)
    ws = shadowtrade.open(ws_dir, read_only=True)
    try:
        out["imports"] = ws.raw.execute(
            "SELECT list(import_id ORDER BY import_id), list(accepted ORDER BY import_id)"
            " FROM imports"
        ).fetchall()
    finally:
        ws.close()
    return out


def _differences(state: dict[str, object], other: dict[str, object]) -> dict[str, object]:
    """The parts of a snapshot that differ from another's (for a failing test's message)."""
    return {k: (state.get(k), other.get(k)) for k in state.keys() | other.keys()
            if state.get(k) != other.get(k)}  # fmt: skip


class _InterruptAfterCommit:
    """The workspace's DuckDB connection, sending Ctrl-C the moment a COMMIT returns."""

    def __init__(self, con: object) -> None:
        self._con = con

    def execute(self, sql: str, *args: object) -> object:
        done = self._con.execute(sql, *args)  # type: ignore[attr-defined]
        if sql == "COMMIT":
            signal.raise_signal(signal.SIGINT)
        return done

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


ROLLED_BACK = (
    "interrupted: the write in progress (ingest) was rolled back; writes already done are kept"
)
COMPLETED = (
    "interrupted after the write completed (kept): import 2 of comtrade_legacy_sample.csv:"
    " 3 rows accepted, 0 aggregates, 0 quarantined"
)


@pytest.mark.parametrize(
    ("moment", "said", "landed"),
    [
        ("before COMMIT", ROLLED_BACK, False),  # the ingest's last step before it commits
        ("as COMMIT starts", COMPLETED, True),  # held until the commit is done and recorded
        ("COMMIT returned", COMPLETED, True),  # the CI failure: said 'rolled back', had landed
    ],
)
def test_ctrl_c_next_to_the_commit_is_told_what_happened(
    seeded: Path,
    moment: str,
    said: str,
    landed: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C forced (not timed) on either side of the ingest's COMMIT: exit 130 and one line
    saying whether the import was rolled back or completed, as the workspace shows."""
    import shadowtrade.formats.ingest as ingest
    import shadowtrade.workspace as workspace
    from shadowtrade import write_journal
    from shadowtrade.cli import main

    def interrupt() -> None:
        signal.raise_signal(signal.SIGINT)

    if moment == "before COMMIT":
        monkeypatch.setattr(ingest, "_fault_point", lambda n: n == "before_commit" and interrupt())
    elif moment == "as COMMIT starts":
        monkeypatch.setattr(
            workspace, "_kill_during_commit", lambda n: n == "ingest" and interrupt()
        )
    else:
        monkeypatch.setattr(
            workspace.Workspace, "raw", property(lambda ws: _InterruptAfterCommit(ws.con.con))
        )
    before = snapshot(seeded)
    write_journal.forget()
    file = DATA / "comtrade_legacy_sample.csv"
    monkeypatch.setattr(sys, "argv", ["shadowtrade", "ingest", str(file), "-w", str(seeded)])
    handler = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as ended:
            main()
    finally:
        signal.signal(signal.SIGINT, handler)
        monkeypatch.undo()
    assert ended.value.code == 130
    assert [line for line in capsys.readouterr().err.splitlines() if line.strip()] == [said]
    ws = shadowtrade.open(seeded, read_only=True)
    accepted = ws.raw.execute("SELECT accepted FROM imports WHERE import_id = 2").fetchall()
    ws.close()
    assert accepted == ([(3,)] if landed else [])
    assert (snapshot(seeded) == before) != landed
