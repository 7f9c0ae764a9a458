"""Cases with equal scores are listed in one order an analyst can follow, the same in the CLI,
the API, the web list, the HTML report and the map: more lines of evidence first, then more
alerts, then the case id (cases/ranking.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cases.ranking import rank_sql, ranked_ids
from shadowtrade.cases.store import _alerts_fingerprint, list_cases
from shadowtrade.cli import app as cli
from shadowtrade.report.sections import cases_section
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app
from shadowtrade.web.data import Filters, PageCache, cases_page, map_routes

# (case id, score, lines, alerts): four tied at 0.72, C-0 and C-3 tied on everything.
CASES = [
    ("C-1", 0.72, 1, 5),
    ("C-2", 0.72, 2, 2),
    ("C-3", 0.72, 2, 3),
    ("C-4", 0.9, 1, 1),
    ("C-0", 0.72, 2, 3),
]
# By score, then more lines, then more alerts, then case id (score and id alone gave
# C-4, C-0, C-1, C-2, C-3: the single-line C-1 above two cases of two lines).
RANKED = ["C-4", "C-0", "C-3", "C-2", "C-1"]


@pytest.fixture(scope="module")
def tied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A workspace holding only these cases (routes SRB → CZE), marked as built from its
    alerts (none), so that no command rebuilds them; and a viewer's token."""
    path = tmp_path_factory.mktemp("ranking") / "ws"
    ws = shadowtrade.open(path)
    try:
        ws.ensure_reference()
        rows = pd.DataFrame(
            [
                {
                    "case_id": cid,
                    "kind": "route",
                    "title": f"SRB → CZE ({cid})",
                    "origin": "SRB",
                    "destination": "CZE",
                    "score": score,
                    "lines": lines,
                    "alerts": alerts,
                    "new_alerts": 0,
                    "summary": f"case {cid}",
                }
                for cid, score, lines, alerts in CASES
            ]
        )
        ws.raw.register("_tied", rows)
        ws.raw.execute("INSERT INTO cases BY NAME SELECT * FROM _tied")
        ws.raw.unregister("_tied")
        ws.raw.execute(
            "INSERT OR REPLACE INTO meta VALUES ('cases_built_for', ?)", [_alerts_fingerprint(ws)]
        )
        token = add_user(ws, "viewer-user", "viewer")
    finally:
        ws.close()
    return path, token


def test_the_ranking_itself() -> None:
    assert rank_sql("c") == (
        "c.score DESC NULLS LAST, c.lines DESC NULLS LAST, c.alerts DESC NULLS LAST,"
        " c.case_id ASC NULLS LAST"
    )
    rows = {cid: {"score": s, "lines": n, "alerts": a} for cid, s, n, a in CASES}
    assert ranked_ids(rows) == RANKED


def test_tied_cases_in_the_same_order_everywhere(tied: tuple[Path, str]) -> None:
    path, token = tied
    ws = shadowtrade.open(path, read_only=True)
    try:
        assert list(list_cases(ws)["case_id"]) == RANKED
        assert list(list_cases(ws, top=2)["case_id"]) == RANKED[:2]
        # The web list and the API: from SQL, and from the server's held table.
        assert list(cases_page(ws, Filters())[0]["case_id"]) == RANKED
        assert list(cases_page(ws, Filters(), cache=PageCache())[0]["case_id"]) == RANKED
        # Another sort first (all are routes), then the ranking; ascending score too.
        for cache in (None, PageCache()):
            assert list(cases_page(ws, Filters(), sort="kind", cache=cache)[0]["case_id"]) == RANKED
            weakest = list(cases_page(ws, Filters(), sort="score", cache=cache)[0]["case_id"])
            assert weakest == [*RANKED[1:], "C-4"]
        assert [r["case_id"] for r in map_routes(ws)["routes"]] == RANKED
        report = cases_section(ws)
    finally:
        ws.close()
    assert list(dict.fromkeys(re.findall(r"C-\d", report))) == RANKED  # each named, in order
    res = CliRunner().invoke(cli, ["cases", "--format", "csv", "-w", str(path)])
    assert res.exit_code == 0, res.output
    assert re.findall(r"^(C-\d),", res.stdout, flags=re.M) == RANKED
    with TestClient(create_app(path, pages=False)) as client:
        got = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert [c["case_id"] for c in got.json()["items"]] == RANKED
