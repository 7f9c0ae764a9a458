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
            assert r.accepted + r.aggregates + r.quarantined + r.summed_away == len(rows)
            stored = ws.raw.execute(
                "SELECT (SELECT count(*) FROM trade_flows) + (SELECT count(*) FROM"
                " trade_aggregates) + (SELECT count(*) FROM quarantine)"
            ).fetchone()
            assert stored is not None and stored[0] + r.summed_away == len(rows)
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
                " AND reason <> 'duplicate_key'"  # its value describes the repeat
            ).fetchall():
                assert str(value)[:50] in text_lines[int(n) - 1], (n, value)
        finally:
            ws.close()


# A mix of the real kinds of rows a Comtrade Plus file holds: totals, breakdown parts with and
# without their total, repeats with equal and with different values, World rows, annual rows,
# HS2/HS4/HS6 codes, bad values and cut lines.
PLUS_HEADER = [
    "freqCode", "period", "flowCode", "reporterISO", "partnerISO", "partner2Code",
    "customsCode", "motCode", "cmdCode", "primaryValue", "netWgt",
]  # fmt: skip
row_kind = st.sampled_from(
    ["total", "parts_with_total", "parts_only", "repeat_same", "repeat_other", "bad", "cut"]
)


@st.composite
def plus_files(draw: st.DrawFn) -> list[list[str]]:
    out: list[list[str]] = []
    for k in range(draw(st.integers(1, 12))):
        kind = draw(row_kind)
        annual = draw(st.booleans())
        period = "2023" if annual else f"2023{draw(st.integers(1, 3)):02d}"
        partner = draw(st.sampled_from(["RUS", "GEO", "W00"]))
        code = draw(st.sampled_from(["870323", "8703", "87", f"8703{k:02d}"]))
        value = str(draw(st.integers(1, 10_000)))
        base = ["A" if annual else "M", period, draw(st.sampled_from(["X", "M"])), "ARM", partner]

        def line(mot: str, v: str = value, b: list[str] = base, c: str = code) -> list[str]:
            return [*b, "0", "C00", mot, c, v, ""]

        if kind == "total":
            out.append(line("0"))
        elif kind == "parts_with_total":
            out += [line("0"), line("3200", "1"), line("1000", "2")]
        elif kind == "parts_only":
            out += [line("3200"), line("1000"), line("3900", "5")]
        elif kind == "repeat_same":
            out += [line("0"), line("0")]
        elif kind == "repeat_other":
            out += [line("0"), line("0", value + "1")]
        elif kind == "bad":
            out.append([*base[:3], "ZZZ", *base[4:], "0", "C00", "0", code, "12x", ""])
        else:
            out.append(line("0")[:4])
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plus_files())
def test_every_row_of_a_mixed_comtrade_file_is_accounted_for(lines: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(PLUS_HEADER)
    w.writerows(lines)
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "in.csv"
        f.write_text(buf.getvalue(), encoding="utf-8")
        ws = shadowtrade.open(Path(tmp) / "ws")
        try:
            r = ws.ingest(f)
            assert r.rows_read == len(lines)
            assert r.accepted + r.aggregates + r.quarantined + r.summed_away == r.rows_read
            # trade_flows holds each flow once.
            twice = ws.raw.execute(
                "SELECT count(*) FROM (SELECT reporter, partner, flow, period, freq, hs_code"
                " FROM trade_flows GROUP BY ALL HAVING count(*) > 1)"
            ).fetchone()
            assert twice is not None and twice[0] == 0
            held = ws.raw.execute(
                "SELECT (SELECT count(*) FROM trade_flows) + (SELECT count(*) FROM"
                " trade_aggregates) + (SELECT count(*) FROM quarantine)"
            ).fetchone()
            assert held is not None and held[0] + r.summed_away == len(lines)
        finally:
            ws.close()
