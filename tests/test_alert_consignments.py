"""The consignments behind an alert: one implementation, the same list in the CLI's `alert ID`,
the API, the web case page and the report."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_ftm_export import HEADER, ROWS
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cases.store import build_cases
from shadowtrade.cli import app
from shadowtrade.detect.alerts import consignments_of
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.report.sections import case_section
from shadowtrade.scanning import run_scan
from shadowtrade.views import case_consignments

# A fourth consignment shares E1's invoice but is named by no alert's evidence.
E4 = (
    "E4,2023-04-01,Krusik ad,SRB,Delta AG,AUT,Delta AG,SRB,AUT,,732690,STEEL PARTS,9000,700,"
    "road,INV-1,,"
)


def test_every_front_end_lists_the_same_consignments(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "\n".join([*ROWS, E4]) + "\n", encoding="utf-8")
    path = tmp_path / "ws"
    with shadowtrade.open(path) as ws:
        assert ingest_shipments(ws, f).accepted == 4
        alerts = run_scan(ws, ["document_reuse"])
        build_cases(ws)
        by_alert = {a: list(consignments_of(ws, a)["shipment_id"]) for a in alerts["alert_id"]}
        # The certificate's alert names its three consignments, the invoice's its two.
        assert sorted(by_alert.values()) == [["E1", "E2", "E3"], ["E1", "E4"]]
        cases = ws.raw.execute(
            "SELECT case_id, list(alert_id ORDER BY alert_id) FROM case_alerts GROUP BY 1"
        ).fetchall()
        sections = {}
        for case_id, members in cases:
            union = sorted({s for m in members for s in by_alert[m]})
            assert list(case_consignments(ws, case_id)["shipment_id"]) == union
            sections[case_id] = (union, case_section(ws, case_id))
    # The report's consignments table: exactly those ids.
    for union, report in sections.values():
        table = report.split("Consignments and documents", 1)[1]
        assert sorted(set(re.findall(r"<td>(E\d)</td>", table))) == union
    for alert_id, listed in by_alert.items():
        res = CliRunner().invoke(app, ["alert", alert_id, "-w", str(path)])
        assert res.exit_code == 0, res.output
        table = res.output.split("consignments and shared papers", 1)[1]
        assert sorted(set(re.findall(r"\bE\d\b", table))) == listed
