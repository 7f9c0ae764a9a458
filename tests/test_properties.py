"""Property: whatever rows come in, every one is accepted, kept as an aggregate or quarantined."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shadowtrade

HEADERS = {
    "comtrade-plus": [
        "period",
        "flowCode",
        "reporterISO",
        "partnerISO",
        "cmdCode",
        "primaryValue",
        "netWgt",
        "qty",
        "partner2Code",
        "customsCode",
    ],
    "comtrade-legacy": [
        "Year",
        "Period",
        "Trade Flow Code",
        "Reporter Code",
        "Partner Code",
        "Commodity Code",
        "Trade Value (US$)",
        "Netweight (kg)",
    ],
    "comtrade-snake": [
        "period",
        "trade_flow",
        "reporter",
        "partner",
        "commodity_code",
        "trade_value_usd",
        "netweight_kg",
    ],
    "baci": ["t", "i", "j", "k", "v", "q"],
    "comext-bulk": [
        "DECLARANT_ISO",
        "PARTNER_ISO",
        "PRODUCT_NC",
        "FLOW",
        "PERIOD",
        "VALUE_IN_EUROS",
        "QUANTITY_IN_KG",
    ],
    "comext-relational": [
        "REPORTER",
        "PARTNER",
        "PRODUCT",
        "FLOW",
        "STAT_PROCEDURE",
        "PERIOD",
        "VALUE_IN_EUR",
    ],
}

plausible = st.sampled_from(
    [
        "SRB",
        "CZE",
        "251",
        "842",
        "0",
        "W00",
        "Czechia",
        "Russian Federation (Russia)",
        "X",
        "M",
        "RX",
        "Export",
        "1",
        "2",
        "2-EXPORT",
        "202301",
        "2023",
        "202352",
        "Aug. 2024",
        "930690",
        "9306",
        "TOTAL",
        "10121",
        "99RRR100",
        "1000",
        "12.5",
        "-3",
        "1e308",
        "NA",
        "",
        "-",
        ":",
        "Total",
        "C00",
        "C01",
    ]
)
garbage = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='\r\n"\x00'),
    max_size=12,
)
field = st.one_of(plausible, plausible, garbage)


@st.composite
def files(draw: st.DrawFn) -> tuple[list[str], list[list[str]], list[bool]]:
    header = HEADERS[draw(st.sampled_from(sorted(HEADERS)))]
    n = len(header)
    rows = draw(
        st.lists(
            st.lists(field, min_size=max(1, n - 2), max_size=n + 2).filter(
                lambda r: not (len(r) == 1 and r[0] == "")
            ),
            min_size=1,
            max_size=25,
        )
    )
    blank_after = draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    return header, rows, blank_after


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_every_row_is_accounted_for(data: tuple[list[str], list[list[str]], list[bool]]) -> None:
    header, rows, blank_after = data
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row, blank in zip(rows, blank_after, strict=True):
        w.writerow(row)
        if blank:
            buf.write("\n")  # blank lines are skipped by the reader but keep their numbers
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "in.csv"
        f.write_text(buf.getvalue(), encoding="utf-8")
        ws = shadowtrade.open(Path(tmp) / "ws")
        try:
            r = ws.ingest(f)
            assert r.rows_read == len(rows)
            assert r.accepted + r.aggregates + r.quarantined == len(rows)
            stored = ws.raw.execute(
                "SELECT (SELECT count(*) FROM trade_flows) + (SELECT count(*) FROM"
                " trade_aggregates) + (SELECT count(*) FROM quarantine)"
            ).fetchone()
            assert stored is not None and stored[0] == len(rows)
            # A quarantined row always names its line in the file (header is line 1).
            lines = ws.raw.execute(
                "SELECT min(row_number), max(row_number) FROM quarantine"
            ).fetchone()
            assert lines is not None
            text_lines = buf.getvalue().split("\n")
            if r.quarantined:
                assert 2 <= int(lines[0]) <= int(lines[1]) <= len(text_lines)
            # Every quarantined value is found on the line its row number names.
            for n, value in ws.raw.execute(
                "SELECT row_number, value FROM quarantine WHERE value IS NOT NULL"
            ).fetchall():
                assert str(value)[:50] in text_lines[int(n) - 1], (n, value)
        finally:
            ws.close()
