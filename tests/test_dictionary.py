"""Dictionary-encoded keys in a DuckDB scan (dictionary.py): the same alerts as plain strings,
the encoding survives materialisation, and it stays out of what outlives a scan."""

from __future__ import annotations

from pathlib import Path

import ibis
import pytest
from tests.alert_compare import _close, _records

import shadowtrade
from shadowtrade.detect import flows as fl
from shadowtrade.scanning import run_scan
from shadowtrade.staging import release, stage
from shadowtrade.synth import write_world
from shadowtrade.workspace import Workspace

TRADE = ["cross_code_mirror", "mirror_gap", "route_break", "transshipment", "unit_value"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dictionary")
    return write_world("mixed", root / "w", seed=3, scale=0.15).trade_file


def _types(ws: Workspace, table: ibis.Table) -> dict[str, str]:
    rows = ws.raw.execute(f"DESCRIBE {table.get_name()}").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def test_encoded_scan_gives_the_alerts_of_plain_strings(
    world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        ws.ingest(world)
        encoded = run_scan(ws, TRADE)
        monkeypatch.setattr(Workspace, "encode", lambda self, value, kind: value)
        plain = run_scan(ws, TRADE)
    finally:
        ws.close()
    assert len(encoded) > 20 and set(encoded["detector"]) >= {"mirror_gap", "route_break"}
    a, b = _records(encoded), _records(plain)
    assert a.keys() == b.keys()
    for k in a:
        assert _close(a[k], b[k]), (a[k], b[k])


def test_keys_stay_encoded_through_materialised_stages(world: Path, tmp_path: Path) -> None:
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        ws.ingest(world)
        with ws.sharing():
            base = fl.monthly_flows(ws)
            types = _types(ws, base)
            for key in ("reporter", "partner", "flow", "code"):
                assert types[key].startswith("ENUM("), (key, types[key])
            assert types["period"] == "DATE" and types["value"] == "DOUBLE"
            # A later stage keeps the ENUM and Ibis's own types elsewhere.
            yearly = base.group_by("reporter", year=base.period.year()).agg(v=base.value.sum())
            cached = stage(yearly)
            t = _types(ws, cached)
            assert t["reporter"].startswith("ENUM(") and t["year"] == "INTEGER"
            assert cached.schema() == yearly.schema()
            # ENUM order is string order: sorting the keys gives the same sequence.
            got = base.select("code").distinct().order_by("code").to_pandas()["code"].tolist()
            assert got == sorted(got) and len(got) > 50
            assert all(isinstance(c, str) for c in got)
            release(cached)
        # Outside a scan nothing is encoded.
        code = ws.table("trade_flows").hs_code
        assert ws.encode(code, "hs6") is code
    finally:
        ws.close()


def test_incremental_state_keeps_strings(world: Path, tmp_path: Path) -> None:
    """What outlives a scan holds strings: the next scan's dictionaries may differ."""
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        ws.ingest(world)
        first = run_scan(ws, TRADE, incremental=True)
        for table in ("state_monthly_flows", "state_route_break_breaks",
                      "state_transshipment_legs", "state_mirror_gap_windows"):  # fmt: skip
            types = {str(r[0]): str(r[1]) for r in ws.raw.execute(f"DESCRIBE {table}").fetchall()}
            keys = [c for c in types if c in ("reporter", "partner", "flow", "code", "src", "dst",
                                               "h4", "exporter", "importer")]  # fmt: skip
            assert keys and all(types[k] == "VARCHAR" for k in keys), (table, types)
        again = run_scan(ws, TRADE, incremental=True)
    finally:
        ws.close()
    a, b = _records(first), _records(again)
    assert a.keys() == b.keys() and len(a) > 20
