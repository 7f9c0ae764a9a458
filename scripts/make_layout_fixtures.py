"""Write the layout fixtures in tests/data/layouts/: a few dozen lines per input layout, each in
its exact published column layout (../shared/FORMATS.md; comtradr's `ct_pretty_cols` and its
legacy `ct_search` output; comtradeapicall's DataFrame as pandas writes it; Comtrade Plus bulk;
BACI; Comext bulk), with breakdown-only, totals-only and mixed files, monthly and annual,
HS2/HS4/HS6. The values are invented; tests/test_layouts.py knows the answers.

    python scripts/make_layout_fixtures.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "layouts"

PLUS = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
    "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
    "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,"
    "aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,"
    "qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,"
    "isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate"
).split(",")
# comtradr >= 1.0 renames the Comtrade Plus columns (its data-raw/DATASET.R, ct_pretty_cols).
COMTRADR = (
    "type_code,freq_code,ref_period_id,ref_year,ref_month,period,reporter_code,reporter_iso,"
    "reporter_desc,flow_code,flow_desc,partner_code,partner_iso,partner_desc,partner2code,"
    "partner2iso,partner2desc,classification_code,classification_search_code,"
    "is_original_classification,cmd_code,cmd_desc,aggr_level,is_leaf,customs_code,customs_desc,"
    "mos_code,mot_code,mot_desc,qty_unit_code,qty_unit_abbr,qty,is_qty_estimated,"
    "alt_qty_unit_code,alt_qty_unit_abbr,alt_qty,is_alt_qty_estimated,net_wgt,"
    "is_net_wgt_estimated,gross_wgt,is_gross_wgt_estimated,cifvalue,fobvalue,primary_value,"
    "legacy_estimation_flag,is_reported,is_aggregate"
).split(",")
# The bulk files carry codes only: no ISO or description columns.
BULK = [c for c in PLUS if not c.endswith(("ISO", "Desc")) and c not in ("qtyUnitAbbr",)]
# comtradr < 1.0 (`ct_search`, legacy API) output.
LEGACY_R = (
    "classification,year,period,period_desc,aggregate_level,is_leaf_code,trade_flow_code,"
    "trade_flow,reporter_code,reporter,reporter_iso,partner_code,partner,partner_iso,"
    "second_partner_code,second_partner,second_partner_iso,customs_proc_code,customs,"
    "mode_of_transport_code,mode_of_transport,commodity_code,commodity,qty_unit_code,qty_unit,"
    "alt_qty_unit_code,alt_qty_unit,qty,alt_qty,netweight_kg,gross_weight_kg,trade_value_usd,"
    "cif_trade_value_usd,fob_trade_value_usd,flag"
).split(",")
# An R session's monthly export with the period as a date and period_desc as YYYYMM.
ISO_R = (
    "classification,year,month,period,period_desc,aggregate_level,is_leaf_code,trade_flow_code,"
    "trade_flow,reporter_code,reporter,reporter_iso,partner_code,partner,partner_iso,"
    "commodity_code,commodity,qty_unit,qty,netweight_kg,trade_value_usd,flag"
).split(",")

COUNTRY = {
    "ARM": ("51", "Armenia"),
    "RUS": ("643", "Russian Federation"),
    "USA": ("842", "USA"),
    "DEU": ("276", "Germany"),
    "GEO": ("268", "Georgia"),
    "CIV": ("384", "Côte d'Ivoire"),
    "W00": ("0", "World"),
}
FLOW = {"X": "Export", "M": "Import", "RX": "Re-export"}
MOT = {"0": "TOTAL MOT", "1000": "Air", "3200": "Road", "3900": "Land, nes"}


def plus_row(
    reporter: str,
    flow: str,
    partner: str,
    code: str,
    period: str,
    value: float,
    kg: float | None,
    *,
    mot: str = "0",
) -> dict[str, str]:
    monthly = len(period) == 6
    year, month = period[:4], (str(int(period[4:])) if monthly else "52")
    rc, rd = COUNTRY[reporter]
    pc, pd = COUNTRY[partner]
    return {
        "typeCode": "C",
        "freqCode": "M" if monthly else "A",
        "refPeriodId": f"{year}{period[4:] if monthly else '01'}01",
        "refYear": year,
        "refMonth": month,
        "period": period,
        "reporterCode": rc,
        "reporterISO": reporter,
        "reporterDesc": rd,
        "flowCode": flow,
        "flowDesc": FLOW[flow],
        "partnerCode": pc,
        "partnerISO": partner,
        "partnerDesc": pd,
        "partner2Code": "0",
        "partner2ISO": "W00",
        "partner2Desc": "World",
        "classificationCode": "H6",
        "classificationSearchCode": "HS",
        "isOriginalClassification": "True",
        "cmdCode": code,
        "cmdDesc": "Motor cars and other motor vehicles",
        "aggrLevel": str(len(code)),
        "isLeaf": "True" if len(code) == 6 else "False",
        "customsCode": "C00",
        "customsDesc": "TOTAL CPC",
        "mosCode": "0",
        "motCode": mot,
        "motDesc": MOT[mot],
        "qtyUnitCode": "5",
        "qtyUnitAbbr": "u",
        "qty": "",
        "isQtyEstimated": "False",
        "altQtyUnitCode": "",
        "altQtyUnitAbbr": "",
        "altQty": "",
        "isAltQtyEstimated": "False",
        "netWgt": "" if kg is None else f"{kg:g}",
        "isNetWgtEstimated": "False",
        "grossWgt": "",
        "isGrossWgtEstimated": "False",
        "cifvalue": f"{value:g}" if flow == "M" else "",
        "fobvalue": "" if flow == "M" else f"{value:g}",
        "primaryValue": f"{value:g}",
        "legacyEstimationFlag": "0",
        "isReported": "True",
        "isAggregate": "False",
    }


def write(name: str, header: list[str], rows: list[dict[str, str]], **kw: object) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, header, extrasaction="ignore", lineterminator="\n", **kw)  # type: ignore[arg-type]
    w.writeheader()
    w.writerows(rows)
    (OUT / name).write_text(buf.getvalue(), encoding="utf-8")


MONTHS = ["202201", "202202", "202203"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # 1. Comtrade Plus API (web download / comtradeapicall): totals only, monthly, HS6; one
    #    World row (an aggregate) per month.
    rows = []
    for i, m in enumerate(MONTHS):
        rows.append(plus_row("ARM", "X", "RUS", "870323", m, 1000 * (i + 1), 5 * (i + 1)))
        rows.append(plus_row("ARM", "X", "RUS", "870324", m, 2000 * (i + 1), 8 * (i + 1)))
        rows.append(plus_row("ARM", "M", "USA", "870323", m, 3000 + i, 12))
        rows.append(plus_row("ARM", "X", "W00", "870323", m, 1500 * (i + 1), None))
    write("comtrade_plus_api_monthly_hs6_totals.csv", PLUS, rows)

    # 2. comtradeapicall's DataFrame written by pandas' to_csv (an unnamed index column first):
    #    annual, HS4 only.
    rows = [
        plus_row("GEO", "RX", "RUS", "8703", "2021", 5_000_000, 900_000),
        plus_row("GEO", "RX", "RUS", "8703", "2022", 9_000_000, 1_500_000),
        plus_row("GEO", "M", "USA", "8703", "2022", 7_000_000, 1_300_000),
        plus_row("GEO", "M", "DEU", "8703", "2022", 4_000_000, 700_000),
    ]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["", *PLUS])
    for n, r in enumerate(rows):
        w.writerow([n, *(r[c] for c in PLUS)])
    (OUT / "comtradeapicall_dataframe_annual_hs4.csv").write_text(buf.getvalue(), "utf-8")

    # 3. Comtrade Plus bulk (tab-separated, codes only): every flow split by mode of transport,
    #    no TOTAL MOT row — the first real file of issue 17. Monthly, HS6.
    rows = []
    for i, m in enumerate(MONTHS):
        for mot, share in (("3200", 0.6), ("3900", 0.3), ("1000", 0.1)):
            rows.append(
                plus_row(
                    "ARM", "X", "RUS", "870323", m, 10_000 * (i + 1) * share, 100 * share, mot=mot
                )
            )
        for mot, share in (("3200", 0.5), ("1000", 0.5)):
            rows.append(plus_row("ARM", "M", "GEO", "870323", m, 4_000 * share, None, mot=mot))
    write("comtrade_plus_bulk_breakdown_only.tsv", BULK, rows, delimiter="\t")

    # 4. Mixed: ARM→RUS has its TOTAL MOT row and its parts; ARM→GEO parts only.
    rows = []
    for m in MONTHS[:2]:
        rows.append(plus_row("ARM", "X", "RUS", "870323", m, 900, 9))
        rows.append(plus_row("ARM", "X", "RUS", "870323", m, 600, 6, mot="3200"))
        rows.append(plus_row("ARM", "X", "RUS", "870323", m, 300, 3, mot="1000"))
        rows.append(plus_row("ARM", "X", "GEO", "870323", m, 250, 2, mot="3200"))
        rows.append(plus_row("ARM", "X", "GEO", "870323", m, 50, 1, mot="3900"))
    write("comtrade_plus_mixed_totals_breakdowns.csv", PLUS, rows)

    # 5. comtradr >= 1.0 (ct_get_data, pretty columns), written by R's write.csv (row names in an
    #    unnamed first column, strings quoted): monthly HS4 split by mode of transport only.
    rows = []
    for i in range(12):
        m = f"2022{i + 1:02d}"
        for mot, v in (("3200", 700 + i), ("3900", 300)):
            rows.append(plus_row("ARM", "X", "RUS", "8703", m, v, None, mot=mot))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    w.writerow(["", *COMTRADR])
    for n, r in enumerate(rows, 1):
        w.writerow([str(n), *(r[c] for c in PLUS)])
    (OUT / "comtradr_v1_monthly_hs4_mot_only.csv").write_text(buf.getvalue(), "utf-8")

    # 6. An R export with year, month, an ISO `period` and `period_desc` YYYYMM: monthly HS4,
    #    2021-01 … 2022-12, one re-export route (the second real file of issue 17).
    out = []
    for y in (2021, 2022):
        for mo in range(1, 13):
            out.append(
                {
                    "classification": "H5",
                    "year": str(y),
                    "month": str(mo),
                    "period": f"{y}-{mo:02d}-01",
                    "period_desc": f"{y}{mo:02d}",
                    "aggregate_level": "4",
                    "is_leaf_code": "0",
                    "trade_flow_code": "3",
                    "trade_flow": "Re-export",
                    "reporter_code": "268",
                    "reporter": "Georgia",
                    "reporter_iso": "GEO",
                    "partner_code": "643",
                    "partner": "Russian Federation",
                    "partner_iso": "RUS",
                    "commodity_code": "8703",
                    "commodity": "Motor cars",
                    "qty_unit": "Number of items",
                    "qty": str(10 * mo),
                    "netweight_kg": str(15000 * mo),
                    "trade_value_usd": str(100_000 * mo + (y - 2021) * 1_000_000),
                    "flag": "0",
                }
            )
    write("comtradr_iso_period_monthly_hs4.csv", ISO_R, out)

    # 7. comtradr < 1.0 (ct_search, legacy API): annual, HS2, with a Latin-1 partner name in an
    #    otherwise UTF-8 file (how an R session on Windows wrote it).
    legacy = []
    for y, v in ((2020, 800_000), (2021, 950_000)):
        for p in ("RUS", "CIV"):
            code, name = COUNTRY[p]
            legacy.append(
                {
                    "classification": "H5",
                    "year": str(y),
                    "period": str(y),
                    "period_desc": str(y),
                    "aggregate_level": "2",
                    "is_leaf_code": "0",
                    "trade_flow_code": "2",
                    "trade_flow": "Export",
                    "reporter_code": "51",
                    "reporter": "Armenia",
                    "reporter_iso": "ARM",
                    "partner_code": code,
                    "partner": name,
                    "partner_iso": "",
                    "second_partner_code": "",
                    "commodity_code": "87",
                    "commodity": "Vehicles other than railway",
                    "netweight_kg": "",
                    "trade_value_usd": str(v if p == "RUS" else v // 10),
                    "flag": "0",
                }
            )
    buf = io.StringIO()
    w = csv.DictWriter(buf, LEGACY_R, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(legacy)
    text = buf.getvalue()
    head, _, body = text.partition("\n")
    data = (head + "\n").encode()
    for line in body.splitlines():
        data += line.encode("cp1252" if "Côte" in line else "utf-8") + b"\n"
    (OUT / "comtradr_legacy_annual_hs2_latin1.csv").write_bytes(data)

    # 8. BACI (t,i,j,k,v,q; thousands of USD, tonnes) with its release country table.
    (OUT / "BACI_HS17_Y2021_V202401_fixture.csv").write_text(
        "t,i,j,k,v,q\n"
        "2021,51,643,870323,1234.5,56.7\n"
        "2021,51,643,870324,10.25,         NA\n"
        "2021,268,643,870323,880,40\n"
        "2021,842,51,870323,2000.5,90.125\n",
        encoding="utf-8",
    )
    (OUT / "country_codes_V202401.csv").write_text(
        "country_code,country_name,country_iso2,country_iso3\n"
        "51,Armenia,AM,ARM\n268,Georgia,GE,GEO\n643,Russian Federation,RU,RUS\n842,USA,US,USA\n",
        encoding="utf-8",
    )

    # 9. Comext bulk: CN8 (PRODUCT_NC), EUR, monthly, with the annual total (YYYY52) and a
    #    confidential code.
    header = (
        "DECLARANT,DECLARANT_ISO,PARTNER,PARTNER_ISO,TRADE_TYPE,PRODUCT_NC,PRODUCT_SITC,"
        "PRODUCT_CPA2002,PRODUCT_CPA2008,PRODUCT_CPA2_1,PRODUCT_BEC,PRODUCT_SECTION,FLOW,"
        "STAT_REGIME,SUPP_UNIT,PERIOD,VALUE_IN_EUROS,QUANTITY_IN_KG,SUP_QUANTITY"
    )
    lines = [header]
    for period, v in (("202201", 1000), ("202202", 1200), ("202252", 2200)):
        lines.append(f"004,DE,075,RU,E,87032310,78120,,,,,17,2,1,p/st,{period},{v},{v // 10},1")
        lines.append(f"004,DE,077,AM,E,87032310,78120,,,,,17,2,1,p/st,{period},{v * 3},{v},3")
    lines.append("004,DE,075,RU,E,99RRR100,,,,,,,2,1,,202201,500,,")
    (OUT / "comext_bulk_cn8.dat").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # 10. A Comtrade Plus file whose download was cut: the last line ends after 12 of 47 fields.
    full = (OUT / "comtrade_plus_api_monthly_hs6_totals.csv").read_text("utf-8").splitlines()
    cut = [*full[:6], ",".join(full[6].split(",")[:12])]
    (OUT / "comtrade_plus_cut_download.csv").write_text("\n".join(cut) + "\n", encoding="utf-8")

    # 11. Repeats: one flow twice with equal values, one twice with different values.
    rows = [
        plus_row("ARM", "X", "RUS", "870323", "202201", 1000, 5),
        plus_row("ARM", "X", "RUS", "870323", "202201", 1000, 5),
        plus_row("ARM", "X", "RUS", "870324", "202201", 2000, 8),
        plus_row("ARM", "X", "RUS", "870324", "202201", 2500, 8),
        plus_row("ARM", "X", "RUS", "870340", "202201", 700, 3),
    ]
    write("comtrade_plus_repeated_keys.csv", PLUS, rows)


if __name__ == "__main__":
    main()
