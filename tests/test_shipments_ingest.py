"""Shipment ingest: date, weight and currency forms, mappings, quarantine, other file kinds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import DATA, SHARED, rows

from shadowtrade.errors import InputError
from shadowtrade.formats.shipments import ingest_shipments
from shadowtrade.workspace import Workspace

DOCS = Path(__file__).resolve().parents[1] / "src" / "shadowtrade" / "formats" / "mappings"
HEADER = (
    "Declaration ID,Date,Exporter,Exporter Country,Importer,Importer Country,Country of Origin,"
    "Destination Country,Transit,HS Code,Goods Description,Value,Currency,Net Weight,"
    "Weight Unit,Invoice No,EUC No,Certificate Date\n"
)
LINES = [
    "D1,2023-03-14,Krušik a.d.,Serbia,Alfa s.r.o.,CZ,SRB,CZE,HUN;SVK,7326.90,steel articles,"
    "120000,EUR,5,t,INV-1,EUC-7,01.03.2023\n",
    'D2,15.03.2023,Krušik a.d.,RS,Beta OOD,Bulgaria,SRB,BGR,,848790,machinery parts,"95,000",'
    "USD,2200,lb,INV-2,EUC-7,\n",
    "D3,32.03.2023,X,Serbia,Y,CZE,SRB,CZE,,732690,bad date,1000,USD,1,kg,,,\n",
    "\n",
    "D4,2023-03-20,X,Atlantis,Y,CZE,SRB,CZE,,732690,unknown country,1000,USD,1,kg,,,\n",
    "D5,2023-03-21,X,Serbia,Y,CZE,SRB,CZE,,732690,no rate,1000,JPY,1,kg,,,\n",
    "D6,2023-03-22,X,Serbia,Y,CZE,SRB,CZE,Narnia,732690,bad transit,1000,USD,1,kg,,,\n",
    "D7,2023-03-23,X,Serbia,Y,CZE,SRB,CZE,,732690,bad unit,1000,USD,1,stone,,,\n",
    "D8,2023-03-24,X,Serbia,Y,CZE,SRB,CZE,,73,bad code,1000,USD,1,kg,,,\n",
    "D9,2023-03-25,X,Serbia,Y,CZE,SRB,CZE,,732690,bad value,12a,USD,1,kg,,,\n",
]


@pytest.fixture
def declarations(ws: Workspace, tmp_path: Path) -> Workspace:
    f = tmp_path / "declarations.csv"
    f.write_text(HEADER + "".join(LINES), encoding="utf-8")
    r = ingest_shipments(ws, f)
    assert (r.rows_read, r.accepted, r.quarantined) == (9, 2, 7)
    return ws


def test_values_units_and_dates(declarations: Workspace) -> None:
    got = {
        r[0]: r[1:]
        for r in rows(
            declarations,
            "SELECT shipment_id, date, exporter_country, importer_country, transit_countries,"
            " hs_code, value_usd, net_weight_kg, certificate_date, end_user_certificate_no"
            " FROM shipments",
        )
    }
    eur_usd = rows(declarations, "SELECT usd_per_eur FROM ref_eur_usd WHERE period = '2023-03-01'")
    d1 = got["D1"]
    assert d1[0] == dt.date(2023, 3, 14) and d1[1:3] == ("SRB", "CZE")
    assert d1[3] == ["HUN", "SVK"] and d1[4] == "732690"
    assert d1[5] == pytest.approx(120_000 * float(eur_usd[0][0]))  # EUR at the ECB monthly rate
    assert d1[6] == 5000.0  # 5 t
    assert d1[7] == dt.date(2023, 3, 1) and d1[8] == "EUC-7"  # DD.MM.YYYY, the default order
    d2 = got["D2"]
    assert d2[0] == dt.date(2023, 3, 15) and d2[1:3] == ("SRB", "BGR") and d2[3] == []
    assert d2[5] == 95_000.0  # thousands separator
    assert d2[6] == pytest.approx(2200 * 0.45359237)  # lb


def test_every_bad_row_quarantined_with_line_column_and_reason(declarations: Workspace) -> None:
    q = rows(
        declarations,
        'SELECT row_number, "column", value, reason FROM quarantine ORDER BY row_number',
    )
    # Line 1 is the header, line 5 is blank: D3 is on line 4 and D4 on line 6.
    assert q == [
        (4, "date", "32.03.2023", "bad_date"),
        (6, "exporter_country", "Atlantis", "unknown_country"),
        (7, "currency", "JPY", "no_exchange_rate"),
        (8, "transit_countries", "Narnia", "unknown_country"),
        (9, "weight_unit", "stone", "unknown_unit"),
        (10, "hs_code", "73", "bad_hs_code"),
        (11, "value", "12a", "bad_number"),
    ]
    imp = rows(declarations, "SELECT rows_read, accepted, quarantined, target_table FROM imports")
    assert imp == [(9, 2, 7, "shipments")]


def test_same_file_twice_is_a_no_op(declarations: Workspace, tmp_path: Path) -> None:
    again = ingest_shipments(declarations, tmp_path / "declarations.csv")
    assert again.duplicate_of == 1
    assert rows(declarations, "SELECT count(*) FROM shipments") == [(2,)]


def test_bill_of_lading_mapping_month_first_pounds(ws: Workspace) -> None:
    r = ingest_shipments(
        ws, DATA / "bill_of_lading_sample.csv", mapping=DOCS / "bill_of_lading_us.yaml"
    )
    assert (r.accepted, r.quarantined) == (2, 1)
    got = rows(
        ws,
        "SELECT shipment_id, date, exporter_country, importer_country, transit_countries,"
        " gross_weight_kg, consignee, notify_party FROM shipments ORDER BY 1",
    )
    assert got[0][:5] == ("MAEU123", dt.date(2023, 3, 14), "KOR", "USA", ["KOR", "JPN"])
    assert got[0][5] == pytest.approx(2204.6 * 0.45359237)
    assert got[0][6:] == ("Acme Tools Inc", "Acme Logistics")
    assert got[1][1] == dt.date(2023, 12, 1)  # 12/01/2023 month first


def test_the_python_api_takes_a_mapping_as_a_string(ws: Workspace) -> None:
    r = ws.ingest(DATA / "bill_of_lading_sample.csv", fmt="shipments",
                  mapping=str(DOCS / "bill_of_lading_us.yaml"))  # fmt: skip
    assert (r.accepted, r.quarantined) == (2, 1)
    assert rows(ws, 'SELECT row_number, "column", reason FROM quarantine') == [
        (4, "date", "bad_date")  # 13/01/2023 has no 13th month
    ]


def test_korean_declarations_mapping(ws: Workspace) -> None:
    f = SHARED / "korean-customs-synthetic/df_syn_valid_eng.csv"
    r = ingest_shipments(ws, f, mapping=DOCS / "korean_customs_declarations.yaml")
    assert r.rows_read == 8134 and r.accepted + r.quarantined == r.rows_read
    # 'ZZ', the dataset's unknown country, is the marker XNS: kept, and said (12 were
    # quarantined whole)
    assert (r.accepted, r.by_reason) == (8134, {})
    said = "\n".join(r.notes)
    assert "12 record(s) name no country but a marker, kept with it: 'ZZ' → XNS" in said
    assert "states no currency" not in said
    # What the records were made into is said too (tester2 D6), with pandas' own counts of
    # the file: 795 rows with no Seller ID, transport codes 10/40/50/30/90/20.
    assert (
        "8,134 value(s) in KRW converted to US dollars at one rate for the whole file, 0.000862"
        " USD per KRW (the mapping's usd_per_unit), for records dated 2021-01-01 to 2021-03-31:"
        " not each month's rate"
    ) in said
    assert (
        "set by the mapping for all 8,134 record(s), not read from the file:"
        " destination_country = KOR, importer_country = KOR"
    ) in said
    raw = pd.read_csv(f, dtype=str)
    blank = int(raw["Seller ID"].isna().sum())
    assert blank == 795
    assert f"{blank:,} of 8,134 record(s) name no exporter ('Seller ID' empty)" in said
    modes = raw["Mode of Transport"].value_counts()
    shown = ", ".join(f"'{k}' ({v:,})" for k, v in modes.items())
    assert "'Mode of Transport': 6 transport code(s) stored as written, not read as sea" in said
    assert shown in said
    assert "records dated 2021-01-01 to 2021-03-31; HS codes: 8,134 at 6 digits" in said
    stored = rows(ws, "SELECT profile FROM imports")[0][0]
    assert "795 of 8,134 record(s) name no exporter" in str(stored)
    first = pd.read_csv(f, nrows=1, dtype=str).iloc[0]
    got = rows(
        ws,
        "SELECT date, importer_country, destination_country, hs_code, value_usd, net_weight_kg"
        f" FROM shipments WHERE shipment_id = '{first['Declaration ID']}'",
    )
    assert got == [
        (
            dt.date(2021, 1, 1),
            "KOR",
            "KOR",
            first["HS6 Code"],
            pytest.approx(float(first["Item Price"]) * 0.000862),
            float(first["Net Mass"]),
        )
    ]


def test_korean_declarations_without_their_mapping_say_what_was_not_placed(
    ws: Workspace,
) -> None:
    """Read by their column names alone, the declarations' won were stored as US dollars and
    no destination was set, nothing said (tester2 D29): the notes say both, name the columns
    not read, and point to the shipped mapping whose columns the header holds."""
    f = SHARED / "korean-customs-synthetic/df_syn_test_eng.csv"
    r = ingest_shipments(ws, f)
    assert r.accepted == 8481
    said = "\n".join(r.notes)
    assert "the shipped mapping 'korean_customs_declarations' (importer_country: KOR," in said
    assert "currency: KRW)" in said and "--mapping korean_customs_declarations" in said
    assert "'Item Price': the file states no currency" in said
    assert "read as US dollars" in said
    assert "no column for importer_country, destination_country" in said
    assert "12 column(s) no role reads, not stored: Office ID, Process Type" in said
    stored = rows(ws, "SELECT profile FROM imports")[0][0]
    assert "'Item Price': the file states no currency" in str(stored)


def test_a_currency_column_with_empty_cells_says_how_they_were_read(
    ws: Workspace, tmp_path: Path
) -> None:
    f = tmp_path / "cur.csv"
    f.write_text(
        "ID,Date,HS Code,Value,Currency,Exporter,Importer,Exporter Country,Importer Country,"
        "Origin Country,Destination Country\n"
        "A,2023-01-02,732690,100,USD,X,Y,DE,KZ,DE,KZ\n"
        "B,2023-01-02,732690,200,,X,Y,DE,KZ,DE,KZ\n",
        encoding="utf-8",
    )
    r = ingest_shipments(ws, f)
    assert r.accepted == 2
    assert r.notes == [
        "1 value(s) of 'Value' with an empty 'Currency' cell read as US dollars",
        "records dated 2023-01-02 to 2023-01-02; HS codes: 2 at 6 digits",
    ]


def test_euro_values_say_the_rate_they_were_converted_at(ws: Workspace, tmp_path: Path) -> None:
    """Values in EUR are converted at the ECB rate of each record's month, and that is said;
    a file in dollars says nothing of currencies."""
    f = tmp_path / "eur.csv"
    f.write_text(
        "ID,Date,HS Code,Value,Currency,Exporter,Importer,Exporter Country,Importer Country,"
        "Origin Country,Destination Country,Transport Mode\n"
        "A,2023-01-02,732690,100,EUR,X,Y,DE,KZ,DE,KZ,sea\n"
        "B,2023-02-02,7326,200,EUR,,Y,DE,KZ,DE,KZ,air\n"
        "C,2023-02-03,732690,300,USD,X,Y,DE,KZ,DE,KZ,road\n",
        encoding="utf-8",
    )
    r = ingest_shipments(ws, f)
    assert r.accepted == 3
    assert r.notes == [
        "2 value(s) in EUR converted to US dollars at the ECB reference rate of each record's"
        " month",
        "1 of 3 record(s) name no exporter ('Exporter' empty): kept, the exporter unknown",
        "records dated 2023-01-02 to 2023-02-03; HS codes: 2 at 6 digits, 1 at 4 digits",
    ]  # transport modes written as words: nothing to say


def test_parquet_and_json_lines(ws: Workspace, tmp_path: Path) -> None:
    recs = [
        {
            "shipment_id": "P1",
            "date": "2023-05-02",
            "hs_code": "930690",
            "origin_country": "Serbia",
            "destination_country": "Ukraine",
            "transit_countries": ["Poland", "Slovakia"],
            "value_usd": 1000.0,
            "net_weight_kg": 50.0,
        },
        {"shipment_id": "P2", "date": "not a date", "hs_code": "930690"},
    ]
    pq = tmp_path / "s.parquet"
    pd.DataFrame(recs[:1]).to_parquet(pq)
    jl = tmp_path / "s.jsonl"
    jl.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    a = ingest_shipments(ws, pq)
    b = ingest_shipments(ws, jl)
    assert (a.accepted, a.quarantined) == (1, 0)
    assert (b.accepted, b.quarantined) == (1, 1)
    got = rows(ws, "SELECT transit_countries, destination_country FROM shipments")
    assert got == [(["POL", "SVK"], "UKR")] * 2
    assert rows(ws, 'SELECT row_number, "column", reason FROM quarantine') == [
        (2, "date", "bad_date")
    ]


def test_missing_required_column_names_the_file(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "nocode.csv"
    f.write_text("Date,Value\n2023-01-01,5\n")
    with pytest.raises(InputError, match=r"nocode\.csv: no column for hs_code"):
        ingest_shipments(ws, f)
    assert rows(ws, "SELECT count(*) FROM imports") == [(0,)]


@pytest.fixture(scope="module")
def dates_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One workspace for every example (opening one costs a second)."""
    import shadowtrade

    w = shadowtrade.open(tmp_path_factory.mktemp("dates") / "ws")
    yield w
    w.close()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2030, 12, 31)),
    style=st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y%m%d"]),
)
def test_dates_round_trip(
    dates_ws: Workspace, tmp_path_factory: pytest.TempPathFactory, day: dt.date, style: str
) -> None:
    f = tmp_path_factory.mktemp("d") / "d.csv"
    f.write_text(f"Date,HS Code\n{day.strftime(style)},930690\n")
    imports = rows(dates_ws, "SELECT count(*) FROM imports")
    if style == "%d/%m/%Y" and day.day <= 12 and day.day != day.month:
        # Day-first or month-first? Nothing in a one-date file tells: refused, not guessed.
        with pytest.raises(InputError, match="may be day-first or month-first"):
            ingest_shipments(dates_ws, f)
        assert rows(dates_ws, "SELECT count(*) FROM imports") == imports
        return
    r = ingest_shipments(dates_ws, f)
    if r.duplicate_of is not None:  # the same bytes drawn again
        return
    assert r.accepted == 1
    got = rows(dates_ws, f"SELECT date FROM shipments WHERE import_file = {r.import_id}")
    assert got == [(day,)]


def test_quoted_comma_far_beyond_the_sniffed_rows(ws: Workspace, tmp_path: Path) -> None:
    # DuckDB sniffs quoting from a sample; a quoted comma first seen at row 30,000 must still
    # be one field (it was split, and the row quarantined, before quoting was made explicit).
    f = tmp_path / "late_quote.csv"
    body = "".join(f"S{i},2023-01-02,732690,plain text {i},100\n" for i in range(30_000))
    f.write_text(
        "ID,Date,HS Code,Description,Value USD\n" + body + "S-last,2023-01-03,732690,"
        '"152MM SHELL BODIES, UNFILLED",81270.99\n',
        encoding="utf-8",
    )
    r = ingest_shipments(ws, f)
    assert (r.accepted, r.quarantined) == (30_001, 0)
    last = "SELECT description, value_usd FROM shipments WHERE value_usd > 1000"
    assert rows(ws, last) == [("152MM SHELL BODIES, UNFILLED", 81270.99)]


def test_a_constant_the_file_has_a_column_for_is_said_unused(ws: Workspace, tmp_path: Path) -> None:
    """A mapping's constant fills a role only where the file has no column for it: the note
    names the constants used and those the file's own column beat (a reviewer's case: the note
    said 'importer_country = RU' was set while the stored rows held the file's KAZ)."""
    f = tmp_path / "f.csv"
    f.write_text(
        "ID,Date,HS Code,Value,Currency,Exporter,Importer,Exporter Country,Importer Country,"
        "Origin Country,Transport Mode\n"
        "A,2023-01-02,732690,100,USD,X,Y,DE,KZ,DE,air\n"
        "B,2023-02-02,732690,200,USD,X,Y,DE,KZ,DE,road\n",
        encoding="utf-8",
    )
    m = tmp_path / "m.yaml"
    m.write_text(
        "name: t\nconstants:\n  transport_mode: sea\n  importer_country: RU\n"
        "  destination_country: KZ\n",
        encoding="utf-8",
    )
    r = ingest_shipments(ws, f, mapping=m)
    assert r.accepted == 2
    said = "\n".join(r.notes)
    assert (
        "set by the mapping for all 2 record(s), not read from the file: destination_country = KZ"
    ) in said
    assert (
        "the mapping's constant(s) not used, the file's own column read instead:"
        " importer_country = RU (column 'Importer Country'), transport_mode = sea (column"
        " 'Transport Mode')"
    ) in said
    assert rows(ws, "SELECT DISTINCT importer_country, destination_country FROM shipments") == [
        ("KAZ", "KAZ")
    ]


def test_two_currencies_at_one_rate_are_said_wrong(ws: Workspace, tmp_path: Path) -> None:
    """A mapping gives one usd_per_unit; a file whose currency column holds two currencies
    has them both converted at it, which is wrong for one of them, and says so."""
    f = tmp_path / "f.csv"
    f.write_text(
        "ID,Date,HS Code,Value,Currency,Exporter,Importer,Exporter Country,Importer Country,"
        "Origin Country,Destination Country\n"
        "A,2023-01-02,732690,100000,KRW,X,Y,DE,KZ,DE,KZ\n"
        "B,2023-02-02,732690,20000,JPY,X,Y,DE,KZ,DE,KZ\n",
        encoding="utf-8",
    )
    m = tmp_path / "m.yaml"
    m.write_text("name: t\nusd_per_unit: 0.00075\n", encoding="utf-8")
    r = ingest_shipments(ws, f, mapping=m)
    assert r.accepted == 2
    said = "\n".join(r.notes)
    assert "values in 2 currencies (JPY, KRW) all converted at the mapping's one rate" in said
