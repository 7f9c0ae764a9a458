"""Period, flow and HS-code spellings that real files use, through the whole ingest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import rows

from shadowtrade.formats.layouts import detect_layout
from shadowtrade.workspace import Workspace

REL = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"


@pytest.mark.parametrize(
    ("period", "product", "flow", "expect"),
    [
        (
            "Aug. 2024",
            "930690-Artillery ammunition",
            "EXPORT",
            (dt.date(2024, 8, 1), "M", "930690", "export"),
        ),
        (
            "202408-Aug. 2024",
            "93069090",
            "2-EXPORT",
            (dt.date(2024, 8, 1), "M", "93069090", "export"),
        ),
        ("May 2023", "9306.90", "IMPORT", (dt.date(2023, 5, 1), "M", "930690", "import")),
        (
            "Jan.-Dec. 2019",
            "93 - Arms and ammunition",
            "IMPORTATION",
            (dt.date(2019, 1, 1), "A", "93", "import"),
        ),
        (
            "201952-Jan.-Dec. 2019",
            "TOTAL-Total",
            "2-EXPORT",
            (dt.date(2019, 1, 1), "A", "TOTAL", "export"),
        ),
        ("Y2021", "Total", "EXPORT", (dt.date(2021, 1, 1), "A", "TOTAL", "export")),
    ],
)
def test_relational_spellings(
    ws: Workspace, tmp_path: Path, period: str, product: str, flow: str, expect: tuple[object, ...]
) -> None:
    f = tmp_path / "rel.csv"
    f.write_text(REL + f'"Czechia","Serbia","{product}","{flow}","Total","{period}",1000\n')
    r = ws.ingest(f)
    assert r.quarantined == 0, r.by_reason
    got = rows(
        ws,
        "SELECT period, freq, hs_code, flow FROM trade_flows UNION ALL "
        "SELECT period, freq, hs_code, flow FROM trade_aggregates",
    )
    assert got == [expect]


def test_unknown_period_spelling_is_quarantined(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "rel.csv"
    f.write_text(REL + '"Czechia","Serbia","930690","EXPORT","Total","Q3 2024",1000\n')
    ws.ingest(f)
    assert rows(ws, 'SELECT "column", value, reason FROM quarantine') == [
        ("PERIOD", "Q3 2024", "bad_period")
    ]


def test_eur_outside_the_rate_table_is_quarantined_not_guessed(
    ws: Workspace, tmp_path: Path
) -> None:
    f = tmp_path / "rel.csv"
    f.write_text(
        REL + '"Czechia","Serbia","930690","EXPORT","Total","Mar. 1998",1000\n'
        '"Czechia","Serbia","930690","EXPORT","Total","Mar. 2010",1000\n'
    )
    r = ws.ingest(f)
    assert r.by_reason == {"no_fx_rate": 1}
    assert rows(ws, "SELECT round(value_usd, 1) FROM trade_flows") == [(1356.9,)]


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (
            [
                "typeCode",
                "freqCode",
                "period",
                "reporterCode",
                "reporterISO",
                "flowCode",
                "partnerCode",
                "partnerISO",
                "cmdCode",
                "primaryValue",
                "netWgt",
            ],
            "comtrade",
        ),
        (
            [
                "Year",
                "Trade Flow Code",
                "Reporter Code",
                "Partner Code",
                "Commodity Code",
                "Trade Value (US$)",
            ],
            "comtrade",
        ),
        (
            [
                "period",
                "trade_flow",
                "reporter_iso",
                "partner_iso",
                "commodity_code",
                "trade_value_usd",
            ],
            "comtrade",
        ),
        (["t", "i", "j", "k", "v", "q"], "baci"),
        (
            ["DECLARANT_ISO", "PARTNER_ISO", "PRODUCT_NC", "FLOW", "PERIOD", "VALUE_IN_EUROS"],
            "comext-bulk",
        ),
        (["REPORTER", "PARTNER", "PRODUCT", "FLOW", "PERIOD", "VALUE_IN_EUR"], "comext-relational"),
        (
            [
                "folder",
                "file",
                "REPORTER",
                "PARTNER",
                "PRODUCT",
                "FLOW",
                "STAT_PROCEDURE",
                "PERIOD",
                "VALUE_IN_EUR",
            ],
            "comext-relational",
        ),
    ],
)
def test_layout_detection_by_name_not_position(header: list[str], layout: str) -> None:
    hit = detect_layout(header)
    assert hit is not None and hit[0].name == layout
    shuffled = detect_layout(list(reversed(header)))
    assert shuffled is not None and shuffled[0].name == layout


@pytest.mark.parametrize("header", [["a", "b"], ["t", "i", "j"], ["Reporter", "Partner", "Value"]])
def test_unrecognised_headers(header: list[str]) -> None:
    assert detect_layout(header) is None
