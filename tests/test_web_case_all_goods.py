"""A case on the all-goods totals (tester2 D27): Eurostat's monthly exports of LTU to ARM against
Armenia's yearly imports, held in trade_aggregates. Its page drew no chart, said the case "rests
on consignments and documents" and was titled "HS ----"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

import shadowtrade
from shadowtrade.cases import build_cases
from shadowtrade.detect.alerts import alert_row
from shadowtrade.formats.imports import record_import
from shadowtrade.schema import ALERTS
from shadowtrade.views import case_series
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app
from shadowtrade.workspace import Workspace


def _all_goods(ws: Workspace) -> str:
    """LTU exports 1,000 USD a month to ARM in 2022 and 2023 up to June; ARM reports 6,000 of
    imports from LTU for 2022 (yearly only). One mirror_gap on the totals; the case's id."""
    rows = [("LTU", "ARM", "export", date(y, m, 1), "M", 1_000.0)
            for y in (2022, 2023) for m in range(1, 13) if y == 2022 or m <= 6]  # fmt: skip
    rows.append(("ARM", "LTU", "import", date(2022, 1, 1), "A", 6_000.0))
    flows = pd.DataFrame(rows, columns=["reporter", "partner", "flow", "period", "freq",
                                        "value_usd"]).assign(
        source="comext", hs_code="TOTAL", hs_version="H6", aggregate_kind="all_goods",
        import_file=1)  # fmt: skip
    ws.raw.register("_agg", flows)
    ws.raw.execute("INSERT INTO trade_aggregates BY NAME SELECT * FROM _agg")
    record_import(ws, import_id=1, path=Path("comext_total.csv"), sha256="0" * 64, fmt="comext",
                  layout="comext", target_table="trade_aggregates", rows_read=len(flows),
                  accepted=len(flows), quarantined=0, skipped=0, by_reason={},
                  started_at=datetime.now())  # fmt: skip
    alert = alert_row(
        "mirror_gap", ("LTU", "ARM", "TOTAL"), score=0.7, origin="LTU", destination="ARM",
        hs_code=None, period_start=date(2022, 1, 1), period_end=date(2022, 12, 1),
        summary="LTU reports 12,000 USD of exports to ARM, ARM 6,000", evidence={},
    )  # fmt: skip
    ws.raw.register("_new", pd.DataFrame([alert])[list(ALERTS)])
    ws.raw.execute("INSERT INTO alerts SELECT * FROM _new")
    build_cases(ws)
    cid = ws.raw.execute("SELECT case_id FROM cases").fetchall()
    assert len(cid) == 1
    return str(cid[0][0])


def test_an_all_goods_case_charts_each_side_by_year_and_the_months(ws: Workspace) -> None:
    cid = _all_goods(ws)
    charts = case_series(ws, cid)
    assert [c["title"] for c in charts] == [
        "LTU → ARM, all goods: as each side reports, by year (LTU's months do not cover the"
        " whole of 2023 (6 months))",
        "LTU → ARM, all goods: LTU's months",
    ]
    assert charts[0]["x"] == ["2022", "2023"]
    assert charts[0]["series"] == {
        "LTU reports exports (sum of its months)": [12_000.0, 6_000.0],
        "ARM reports imports (yearly)": [6_000.0, None],
    }
    months = charts[1]["series"]
    assert months["LTU reports exports"] == [1_000.0] * 18
    assert months["ARM reports imports by year only: its yearly figure ÷ 12"] == (
        [500.0] * 12 + [None] * 6
    )


@pytest.fixture()
def web(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    ws = shadowtrade.open(tmp_path / "w")
    cid = _all_goods(ws)
    token = add_user(ws, "boss", "admin")
    ws.close()
    with TestClient(create_app(tmp_path / "w")) as client:
        yield client, {"Authorization": f"Bearer {token}"}, cid


def test_the_all_goods_case_page_is_titled_and_charted(web: Any) -> None:
    client, h, cid = web
    page = client.get(f"/cases/{cid}", headers=h).text
    assert "<h1>LTU → ARM · all goods</h1>" in page
    assert "HS ----" not in page
    assert "rests on consignments" not in page and 'id="no-series"' not in page
    assert "all goods: as each side reports, by year" in page
