"""Write the spreadsheet fixtures in this folder (run once; the outputs are committed).

    .venv/bin/python tests/data/spreadsheets/make_fixtures.py

The XLSX files are written by hand as SpreadsheetML, cell by cell as the Eurostat data browser
writes them (inline strings, ':' as a text cell, numbers as `t="n"`, a Summary and a Structure
page), so that no spreadsheet library shapes them. The CSV files are what Excel ("CSV UTF-8",
English locale) and LibreOffice (German locale, Windows-1252, ';') write when one sheet of that
download is saved "as shown": '#,##0' figures keep their thousands separators.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
Cell = str | float | int | None

MONTHS = ["2021-12", "2022-01", "2022-02", "2022-03"]
FRANCE = (
    "France (incl. Saint Barthélemy 'BL' -> 2012; incl. French Guiana 'GF', Guadeloupe 'GP',"
    " Martinique 'MQ', Réunion 'RE' from 1997; incl. Mayotte 'YT' from 2014)"
)
GERMANY = "Germany (incl. German Democratic Republic 'DD' from 1991)"

# Sheet 1: a CN8 code. Values in EUR; ':' not available.
SHEET1_ROWS: list[list[Cell]] = [
    ["Austria", "Armenia", ":", 4162, 14622, ":"],
    ["Austria", "Russian Federation (Russia)", 184854, 217398, 84864, 1200],
    [GERMANY, "Kazakhstan", 6294, 36148, 299500, 850155],
    [GERMANY, "Russian Federation (Russia)", 1250000, 998100, ":", 12.5],
    [FRANCE, "Georgia", ":", ":", ":", ":"],
    # Ships' stores: a real Comext partner that is no country (quarantined, unknown_country).
    [FRANCE, "Stores and provisions", 5000, ":", ":", ":"],
]
# Sheet 2: a heading the ban names as HS4.
SHEET2_ROWS: list[list[Cell]] = [
    ["Czechia", "Belarus (Belorussia)", 77.5, ":", 3100, 2900],
    ["Greece", "Uzbekistan", ":", 410, ":", 15],
]
PRODUCT1 = 'Hydraulic power engines and motors, linear acting "cylinders" [84122180]'
PRODUCT2 = "Automatic data-processing machines and units thereof [8471]"


def col(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def sheet_xml(rows: list[list[Cell]]) -> str:
    body = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col(c)}{r}"
            if v is None or v == "":
                continue
            if isinstance(v, int | float):
                cells.append(f'<c r="{ref}" s="11" t="n"><v>{float(v)}</v></c>')
            else:
                cells.append(f'<c r="{ref}" s="8" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
        body.append(f'<row r="{r}">\n' + "".join(cells) + "</row>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1"/><sheetData>\n' + "\n".join(body) + "</sheetData></worksheet>"
    )


def write_xlsx(path: Path, sheets: list[tuple[str, list[list[Cell]]]]) -> None:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct_sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{ct_sheets}</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{ns}" xmlns:r="{rel}">'
            '<workbookPr date1904="false"/><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" r:id="rId{i}" sheetId="{i}"/>'
                for i, (name, _) in enumerate(sheets, 1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{rel}/worksheet"'
                f' Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</Relationships>"
        ),
    }
    for i, (_, rows) in enumerate(sheets, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(rows)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 21, 20, 35, 13))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def databrowser_sheet(product: str, rows: list[list[Cell]]) -> list[list[Cell]]:
    """One data sheet exactly as the browser lays it out (38 columns in the real downloads)."""
    width = 2 + len(MONTHS)
    pad: list[Cell] = [""] * width

    def line(*cells: Cell) -> list[Cell]:
        return (list(cells) + pad)[:width]

    return [
        line("Data extracted on 21/01/2023 20:35:13 from [ESTAT]"),
        line("Dataset: ", "EU trade since 1988 by HS2-4-6 and CN8 [DS-045409__custom_4624976]"),
        line("Last updated: ", "13/01/2023 11:00"),
        line(),
        line("PRODUCT [PRODUCT]", "", product),
        line("FLOW", "", "EXPORT"),
        line("INDICATORS", "", "VALUE_IN_EUROS"),
        line(),
        line("TIME", "TIME", *MONTHS),
        line("FREQ (Labels)", "FREQ (Labels)", *["Monthly"] * len(MONTHS)),
        line("REPORTER (Labels)", "PARTNER (Labels)"),
        *[line(*r) for r in rows],
        line(),
        line("Special value"),
        line(":", "not available"),
    ]


def databrowser_workbook() -> list[tuple[str, list[list[Cell]]]]:
    summary: list[list[Cell]] = [
        ["EU trade since 1988 by HS2-4-6 and CN8 [DS-045409__custom_4624976]", "", "", "", ""],
        ["Open product page", "Open in Data Browser", "", "", ""],
        ["", "Contents", "PRODUCT [PRODUCT]", "FLOW", "INDICATORS"],
        ["", "Sheet 1", PRODUCT1, "EXPORT", "VALUE_IN_EUROS"],
        ["", "Sheet 2", PRODUCT2, "EXPORT", "VALUE_IN_EUROS"],
    ]
    structure: list[list[Cell]] = [
        ["Structure", "", "", "", ""],
        ["", "Dimension", "", "Position", ""],
        ["", "Code", "Label", "Code", "Label"],
        ["", "", "Frequency", "", "Monthly"],
        *[["", "", "TIME_PERIOD", "", m] for m in MONTHS],
    ]
    return [
        ("Summary", summary),
        ("Structure", structure),
        ("Sheet 1", databrowser_sheet(PRODUCT1, SHEET1_ROWS)),
        ("Sheet 2", databrowser_sheet(PRODUCT2, SHEET2_ROWS)),
    ]


def shown(v: Cell, thousands: str, decimal: str) -> str:
    """A cell as a spreadsheet shows it with the browser's '#,##0.##########' format."""
    if isinstance(v, int | float):
        whole, _, frac = f"{v:,}".partition(".") if isinstance(v, float) else (f"{v:,}", "", "")
        whole = whole.replace(",", thousands)
        frac = frac.rstrip("0")
        return whole + (decimal + frac if frac else "")
    return "" if v is None else str(v)


def write_csv(path: Path, rows: list[list[Cell]], *, delim: str, encoding: str, bom: bool) -> None:
    thousands, decimal = (",", ".") if delim == "," else (".", ",")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    for r in rows:
        # Label columns (A, B) are in the General format: a code typed as a number stays bare.
        w.writerow([str(v) if c < 2 else shown(v, thousands, decimal) for c, v in enumerate(r)])
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


NATIONAL_TITLE: list[list[Cell]] = [
    ["Bureau of National Statistics", "", "", "", ""],
    ["Exports of goods by partner country and HS heading, January-March 2023", "", "", "", ""],
    ["thousand US dollars", "", "", "", ""],
    ["", "", "", "", ""],
    ["Partner", "HS code", "Jan 2023", "Feb 2023", "Mar 2023"],
]
NATIONAL_ROWS: list[list[Cell]] = [
    ["Russian Federation", "8471", 1520.4, 1710.0, "-"],
    ["Russian Federation", "8542", 88.1, "-", 120.5],
    ["Kyrgyzstan", 8471, 12.0, 9.5, 14.25],
    ["", "", "", "", ""],
    ["China", "8703", 2000.5, "…", 1999.9],
    ["Narnia", "8471", 1.0, "-", "-"],
]
NATIONAL_FOOT: list[list[Cell]] = [
    ["", "", "", "", ""],
    ["Source: customs declarations; '-' no trade, '…' confidential.", "", "", "", ""],
]


def main() -> None:
    wb = databrowser_workbook()
    write_xlsx(HERE / "eurostat_databrowser_small.xlsx", wb)
    write_csv(
        HERE / "eurostat_databrowser_sheet1_excel.csv",
        wb[2][1],
        delim=",",
        encoding="utf-8",
        bom=True,
    )
    write_csv(
        HERE / "eurostat_databrowser_sheet1_libreoffice_de.csv",
        wb[2][1],
        delim=";",
        encoding="cp1252",
        bom=False,
    )
    # The same table as the office's CSV download: ';', decimal comma, Windows-1252.
    write_csv(
        HERE / "national_exports_by_partner.csv",
        NATIONAL_TITLE + NATIONAL_ROWS + NATIONAL_FOOT,
        delim=";",
        encoding="cp1252",
        bom=False,
    )
    notes: list[list[Cell]] = [["About this table"], ["Values in thousand US dollars."]]
    write_xlsx(
        HERE / "national_exports_by_partner.xlsx",
        [("Notes", notes), ("Exports 2023", NATIONAL_TITLE + NATIONAL_ROWS + NATIONAL_FOOT)],
    )


if __name__ == "__main__":
    main()
