"""Incremental scans (issue 8): after a new month arrives — first from half the reporters, then
from the rest — an incremental scan gives the alerts of a full scan of the same data, while
recomputing only the reporter-months and the series the new rows touch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from tests.alert_compare import _close, _records

import shadowtrade
from shadowtrade.scanning import run_scan
from shadowtrade.synth import write_world


def _state(ws: shadowtrade.Workspace) -> dict[str, Any]:
    row = ws.raw.execute("SELECT value FROM meta WHERE key = 'scan_state'").fetchone()
    assert row is not None
    return dict(json.loads(row[0]))


def _same(inc: pd.DataFrame, full: pd.DataFrame) -> None:
    a, b = _records(inc), _records(full)
    assert a.keys() == b.keys()
    for k in a:
        assert _close(a[k], b[k]), (a[k], b[k])


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], list[str]]:
    root = tmp_path_factory.mktemp("incremental")
    info = write_world("mixed", root / "w", seed=2, scale=0.15)
    df = pd.read_csv(info.trade_file, dtype=str, keep_default_na=False)
    last = df["period"].max()
    new = df["period"] == last
    reporters = sorted(df.loc[new, "reporterISO"].unique())
    first_half = reporters[: len(reporters) // 2]
    early = new & df["reporterISO"].isin(first_half)
    files = []
    for name, rows in (("old", df[~new]), ("month_a", df[early]), ("month_b", df[new & ~early])):
        f = root / f"{name}.csv"
        rows.to_csv(f, index=False)
        files.append(f)
    return root, files, first_half


def test_incremental_scan_equals_full_scan(
    parts: tuple[Path, list[Path], list[str]], tmp_path: Path
) -> None:
    _, (old, month_a, month_b), first_half = parts
    inc = shadowtrade.open(tmp_path / "inc")
    full = shadowtrade.open(tmp_path / "full")
    try:
        inc.ingest(old)
        full.ingest(old)
        run_scan(inc, incremental=True)
        built = _state(inc)
        assert built["parts"]["monthly"]["watermark"] == 1
        assert built["recomputed"]["monthly"] == "rebuilt"  # the first builds the state

        for step, f in enumerate((month_a, month_b)):
            inc.ingest(f)
            full.ingest(f)
            got = run_scan(inc, incremental=True)
            want = run_scan(full)
            assert len(want) > 20  # the planted schemes are found
            _same(got, want)
            done = _state(inc)["recomputed"]
            if step == 0:
                months = inc.raw.execute(
                    "SELECT count(DISTINCT reporter) FROM trade_flows WHERE import_file = 2"
                ).fetchone()
                assert months == (len(first_half),)
                assert done["monthly"] == f"{len(first_half)} reporter-months re-aggregated"
                for stage in ("route_break_breaks", "transshipment_legs", "mirror_gap_windows"):
                    assert done[stage].endswith(
                        f"rows recomputed (those of the {len(first_half)} reporter(s) with new"
                        " rows)"
                    )
                    fresh, total = (int(x.replace(",", "")) for x in done[stage].split()[0:3:2])
                    assert 0 < fresh < total, done[stage]
        # The state kept and updated equals the state built from scratch on the same data.
        run_scan(full, incremental=True)
        assert "rebuilt" in _state(full)["recomputed"]["route_break_breaks"]
        for t in ("state_monthly_flows", "state_route_break_breaks", "state_transshipment_legs",
                  "state_mirror_gap_windows"):  # fmt: skip
            q = f"SELECT * FROM {t} ORDER BY ALL"
            kept, built = inc.raw.execute(q).df(), full.raw.execute(q).df()
            assert len(kept) > 100
            pd.testing.assert_frame_equal(kept, built, rtol=1e-9)
    finally:
        inc.close()
        full.close()


def test_incremental_scan_rebuilds_when_parameters_change(
    parts: tuple[Path, list[Path], list[str]], tmp_path: Path
) -> None:
    _, (old, month_a, _), _ = parts
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        ws.ingest(old)
        run_scan(ws, ["route_break"], incremental=True)
        ws.ingest(month_a)
        got = run_scan(ws, ["route_break"], ["route_break.min_months_before=8"], incremental=True)
        assert _state(ws)["recomputed"]["route_break_breaks"].startswith("rebuilt")
        want = run_scan(ws, ["route_break"], ["route_break.min_months_before=8"])
        _same(got, want)
        # transshipment did not run: its legs were not brought up to date, and are rebuilt later
        assert "transshipment_legs" not in _state(ws)["parts"]
    finally:
        ws.close()
