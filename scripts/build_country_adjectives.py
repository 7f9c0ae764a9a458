"""Build `reference/data/country_adjectives.csv`: every country's CLDR name and its adjective.

Run once by hand (`python scripts/build_country_adjectives.py`; needs `babel`): the allegation
check reads the CSV, never babel. Each country's name (its case forms are made by
`claims/inflect.name_forms` where read) in Russian, Ukrainian, Serbian (Cyrillic
and Latin), Bulgarian, Czech, German and French is taken from the Unicode CLDR territory names
as shipped in babel (CLDR data: Unicode licence), and its adjective made by the language's
regular suffix (`claims/inflect.adjective_forms`: Мали → малийск*, Alžírsko → alžírsk*, Tschad →
tschadisch*, Mali → malien*; a Russian, Ukrainian or Bulgarian name in -ия also gets -ск*,
Черногория → черногорск*, and one whose stem ends in a vowel takes й, Гвинея → гвинейск*).
Countries whose adjective `country_words.csv` already gives by hand
in that language, and names of more than one word, are left out; a form two countries share
is dropped, and so is a
form that is an ordinary word (STOP).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from babel import Locale  # noqa: E402

from shadowtrade.claims.inflect import adjective_forms  # noqa: E402
from shadowtrade.reference.loaders import countries, country_words  # noqa: E402

OUT = ROOT / "src" / "shadowtrade" / "reference" / "data" / "country_adjectives.csv"
LOCALES = {"ru": ("ru",), "uk": ("uk",), "sr": ("sr", "sr_Latn"), "bg": ("bg",), "cs": ("cs",),
           "de": ("de",), "fr": ("fr",)}  # fmt: skip
# Forms that are ordinary words of the language ("kubisch": cubic).
STOP = {"kubisch*"}


def main() -> None:
    c = countries()
    c = c[c["kind"] == "country"]
    w = country_words()
    hand = {(r["iso3"], r["lang"]) for r in w.to_dict("records") if r["demonyms"].strip()}
    rows: list[tuple[str, str, str, str]] = []
    for lang, locales in LOCALES.items():
        for iso3, iso2 in zip(c["iso3"], c["iso2"], strict=True):
            for loc in locales:
                name = Locale.parse(loc).territories.get(str(iso2))
                if not name:
                    continue
                # "Мʼянма (Бірма)" → "Мʼянма"; "о-в Мэн", "Sveti Martin (Francuska)" kept whole
                # only when nothing is left in brackets or abbreviated.
                name = re.sub(r"\s*\([^)]*\)", "", name).replace("ʼ", "'").replace("’", "'")
                if "." in name or "-в" in name or "-ва" in name:
                    continue
                forms = adjective_forms(name, lang) if (iso3, lang) not in hand else []
                rows.append((iso3, lang, name, "|".join(forms)))
    shared = Counter((lang, f) for _, lang, _, forms in rows for f in forms.split("|"))
    # A regular form ("нигерск*" of Нигер) keeps its country against a second, shorter form
    # another name also makes ("нигерск*" beside "нигерийск*" of Нигерия), which is dropped.
    first = Counter((lang, forms.split("|")[0]) for _, lang, _, forms in rows)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["iso3", "lang", "cldr_name", "adjectives"])
        for iso3, lang, name, forms in rows:
            kept = [
                f
                for i, f in enumerate(forms.split("|"))
                if f
                and f not in STOP
                and (shared[(lang, f)] == 1 or (i == 0 and first[(lang, f)] == 1))
            ]
            out.writerow([iso3, lang, name, "|".join(kept)])
    print(f"{OUT.relative_to(ROOT)}: {sum(1 for _ in OUT.open(encoding='utf-8')) - 1} rows")


if __name__ == "__main__":
    main()
