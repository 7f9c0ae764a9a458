"""Country mentions in a text: names, demonyms and capitals with their inflections.

English forms come from the shipped country table (`countries.csv`: names, variants, demonyms,
capitals); the other languages' forms, with case endings ("Сербии", "Srbsku", "serbische"), from
`country_words.csv`, where a trailing `*` stands for an ending; every other country's names
with the forms inflect.py makes from their nominatives, matched only when capitalised (so
"mali", "čad" stay words). A text is searched with the forms of its own language and the English
ones (wire copy keeps English names). A city or port names its country too ("via le port de
Lomé", "через Алматы", "im Hafen Piräus"): `city_words.csv` holds the GeoNames spellings of
every place of 100,000 people whose name no two countries share (see SOURCES.md); they are read
only capitalised, with a case ending in the Slavic languages ("из Расона", "z Pardubic" is not),
as kind "capital", after the country forms (a country's own form wins where they overlap).
A province or region ("Bayern", "Zhejiang", "Sinaloa") is read the same way, from pycountry's
ISO 3166-2 names, after the cities (`region`), and the reading says it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rigour.text import ascii_text

from shadowtrade.claims.inflect import country_forms
from shadowtrade.reference.loaders import DATA_DIR, countries, country_words

_ENDING = r"\w{0,5}"


@dataclass(frozen=True)
class Mention:
    """A country named in a text: where, which, and as what (name, demonym or capital)."""

    start: int
    end: int
    iso3: str
    kind: str
    text: str


_UK_SOFT = {"г": "з", "к": "ц", "х": "с"}


def _form(form: str) -> str:
    return re.escape(form).replace(r"\*", _ENDING).replace(r"\ ", r"\s+")


@cache
def _forms(lang: str) -> tuple[tuple[str, str, str], ...]:
    """(form, iso3, kind) of one language, longest first."""
    out: dict[str, tuple[str, str]] = {}
    if lang == "en":
        c = countries()
        for r in c[c["kind"] == "country"].to_dict("records"):
            for col, kind in (("name", "name"), ("variants", "name"), ("demonyms", "demonym"),
                              ("capitals", "capital")):  # fmt: skip
                for n in str(r.get(col) or "").split("|"):
                    n = n.strip()
                    if len(n) >= 2 and n.lower() != "nan" and (len(n) >= 3 or n.isupper()):
                        out.setdefault(n, (str(r["iso3"]), kind))
    w = country_words()
    for r in w[w["lang"] == lang].to_dict("records"):
        for col, kind in (("names", "name"), ("demonyms", "demonym"), ("capitals", "capital")):
            for n in str(r[col]).split("|"):
                if n.strip():
                    out.setdefault(n.strip(), (str(r["iso3"]), kind))
                # Czech masculine animate plurals: rakouský → rakouští celníci, německý →
                # němečtí policisté (sk → št, ck → čt before the ending).
                if lang == "cs" and kind == "demonym" and re.search(r"[sc]k\*$", n.strip()):
                    form = n.strip()[:-3] + ("št*" if n.strip()[-3] == "s" else "čt*")
                    out.setdefault(form, (str(r["iso3"]), kind))
                # Ukrainian softens a last г / к / х before the locative's -і: Гонконг → у
                # Гонконзі, Чеська Республіка → у Чеській Республіці, Прага → у Празі.
                hard = re.search(r"([гкх])\*?$", n.strip()) if lang == "uk" else None
                if hard and kind != "demonym" and len(n.strip()) > 4:
                    form = n.strip()[: hard.start()] + _UK_SOFT[hard.group(1)] + "і"
                    out.setdefault(form, (str(r["iso3"]), kind))
    return tuple(sorted(((f, i, k) for f, (i, k) in out.items()), key=lambda x: -len(x[0])))


@cache
def _pattern(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], tuple[tuple[str, str], ...]]:
    """A case-blind pattern of the forms, a case-exact one of the acronyms ("US", "САД")."""
    forms = _forms(lang) + (_forms("en") if lang != "en" else ())
    upper = [f for f, _, _ in forms if f.isupper() and len(f) <= 4]
    blind = [f for f, _, _ in forms if not (f.isupper() and len(f) <= 4)]
    groups = tuple((i, k) for _, i, k in forms)
    # (a hyphen after a word in capitals is a headline's tag: "EXCLUSIVE-Serbian gunpowder")
    p_blind = re.compile(
        r"(?<!\w)(?<!(?-i:[^\W\d_A-ZА-ЯЁЄІЇЂЈЉЊЋЏ]|\d)-)("
        + "|".join(f"(?:{_form(f)})" for f in blind)
        + r")(?:s\b|(?!\w))",
        re.IGNORECASE,
    )
    p_upper = re.compile(r"(?<![\w])(" + "|".join(re.escape(f) for f in upper) + r")(?![\w])")
    return p_blind, p_upper, groups


@cache
def _lookup(
    lang: str, own_only: bool = False
) -> tuple[list[tuple[re.Pattern[str], str, str]], dict[str, tuple[str, str]]]:
    forms = _forms(lang) + (_forms("en") if lang != "en" and not own_only else ())
    exact = {f.casefold(): (i, k) for f, i, k in reversed(forms) if "*" not in f}
    stems = [(re.compile(_form(f) + r"$", re.IGNORECASE), i, k) for f, i, k in forms if "*" in f]
    return stems, exact


def _resolve(lang: str, word: str, own_only: bool = False) -> tuple[str, str] | None:
    stems, exact = _lookup(lang, own_only)
    w = re.sub(r"\s+", " ", word).casefold()
    if w in exact:
        return exact[w]
    if w.endswith("s") and w[:-1] in exact:
        return exact[w[:-1]]
    best: tuple[int, str, str] | None = None
    for p, iso3, kind in stems:
        m = p.match(word)
        if m and (best is None or len(p.pattern) > best[0]):
            best = (len(p.pattern), iso3, kind)
    return (best[1], best[2]) if best else None


@cache
def _generated(
    lang: str,
) -> tuple[re.Pattern[str] | None, dict[str, list[tuple[re.Pattern[str], str]]]]:
    """A case-exact pattern of the generated forms, and the forms by their first three letters."""
    forms = country_forms(lang) if lang != "en" else {}
    if not forms:
        return None, {}
    ordered = sorted(forms, key=lambda f: -len(f))
    pattern = re.compile(r"(?<![\w-])(" + "|".join(_form(f) for f in ordered) + r")(?!\w)")
    index: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for f in ordered:
        index.setdefault(f[:3].casefold(), []).append((re.compile(_form(f) + "$"), forms[f]))
    return pattern, index


def _resolve_generated(lang: str, word: str) -> tuple[str, str] | None:
    for p, iso3 in _generated(lang)[1].get(word[:3].casefold(), []):
        if p.match(word):
            return iso3, "name"
    return None


ADJECTIVE_FILE = DATA_DIR / "country_adjectives.csv"


@cache
def _adjectives(lang: str) -> tuple[re.Pattern[str] | None, list[tuple[re.Pattern[str], str]]]:
    """A pattern of the adjectives made from every other country's CLDR name
    (`country_adjectives.csv`: "malien*", "čadsk*", "алжирск*"), and each form's own pattern."""
    import csv

    with ADJECTIVE_FILE.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["lang"] == lang]
    forms = {f: r["iso3"] for r in rows for f in r["adjectives"].split("|") if f}
    for f, (iso3, _) in _region_adjectives(lang).items():  # "eines bayerischen Herstellers"
        forms.setdefault(f, iso3)
    for r in rows:  # "Jihoafrická republika" → "jihoafrick*" ("jihoafrické výroby")
        for f in _republic_adjective(r["cldr_name"]):
            forms.setdefault(f, r["iso3"])
    if not forms:
        return None, []
    ordered = sorted(forms, key=lambda f: -len(f))
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(_form(f) for f in ordered) + r")(?!\w)", re.IGNORECASE
    )
    return pattern, [(re.compile(_form(f) + "$", re.IGNORECASE), forms[f]) for f in ordered]


REGION_ADJECTIVE_FILE = DATA_DIR / "region_adjectives.csv"


@cache
def _region_adjectives(lang: str) -> dict[str, tuple[str, str]]:
    """A region's adjective form (`region_adjectives.csv`: "bayerisch*", "уральск*",
    "Bavarian") → (iso3, the region's name), for a language."""
    import csv

    with REGION_ADJECTIVE_FILE.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["lang"] == lang]
    return {f: (r["iso3"], r["region"]) for r in rows for f in r["adjectives"].split("|") if f}


_AUTHORITY_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:Verfassungsschutz|Staatsanwaltschaft\w*|Polizei|Landes\w+|"
    r"Staatsregierung|Regierung|Ministeri\w+|Behörde\w*|Landgericht|Gericht\w*|policie|"
    r"polici\w*|státní zastupitelstv\w*|soud\w*|úřad\w*|прокуратур\w*|полици\w*|полиці\w*|"
    r"суд\w*|власт\w*|влад\w*|правительств\w*|уряд\w*|police|prosecutors?|government|"
    r"authorities|court|officials|tužilaštv\w*|тужилаштв\w*|полициј\w*|policij\w*)(?!\w)",
    re.I,
)


def _regional_authority(text: str, m: Mention, lang: str) -> bool:
    """Whether a region's adjective names an authority of the region ("die sächsische
    Staatsanwaltschaft", "Баварская прокуратура"), not a maker or a place of the goods."""
    return (
        m.kind == "demonym"
        and _AUTHORITY_AFTER.match(text, m.end) is not None  # (the cheap test first)
        and any(re.fullmatch(_form(f), m.text, re.I) for f in _region_adjectives(lang))
    )


def region_adjective_named(words: str, lang: str, iso3: str) -> str | None:
    """The region of a region's adjective in `words` read as `iso3` ("bayerischen" → Bayern)."""
    for f, (country, name) in _region_adjectives(lang).items():
        if country == iso3 and re.search(rf"(?<![\w-]){_form(f)}(?!\w)", words, re.I):
            return name
    return None


_REPUBLIC = re.compile(r"republi\w*|республ[иі]\w*|републи\w*|république", re.I)


def _republic_adjective(name: str) -> list[str]:
    """The adjective of a name that is an adjective and "republic" ("Jihoafrická republika",
    "Centralnoafrička Republika", "Доминиканская Республика", "Zentralafrikanische Republik",
    "République dominicaine"): the adjective, ending free, names the country's things."""
    words = name.split()
    if len(words) != 2:
        return []  # ("Demokratická republika Kongo": "demokratický" names no one country)
    adjective = words[0] if _REPUBLIC.fullmatch(words[1]) else (
        words[1] if _REPUBLIC.fullmatch(words[0]) else None
    )  # fmt: skip
    if adjective is None or _REPUBLIC.fullmatch(adjective):
        return []
    stem = re.sub(r"[aáeéiouyаеиоуыяієїјъ]{1,2}$", "", adjective.lower())
    # ("Южно-Африканская" is also written "южноафриканская")
    return list(dict.fromkeys([stem + "*", stem.replace("-", "") + "*"])) if len(stem) >= 5 else []


def _resolve_adjective(lang: str, word: str) -> tuple[str, str] | None:
    return next(((iso3, "demonym") for p, iso3 in _adjectives(lang)[1] if p.match(word)), None)


CITY_FILE = DATA_DIR / "city_words.csv"
CAPITAL_FILE = DATA_DIR / "capital_words.csv"
# Ports, border crossings, free zones and airports the city table is too coarse for ("seized at
# Felixstowe", "на ГКПП „Капитан Андреево“", "через Хоргос", "Upper Lars"): read after the cities
PLACE_FILE = DATA_DIR / "place_words.csv"
_SLAVIC = ("ru", "uk", "sr", "bg", "cs")
# (after a French elided article too: "le port d'Abidjan", "l’Anvers")
_CAP_WORD = re.compile(r"(?:(?<![\w'’-])|(?<=(?<!\w)[dlDL]['’]))[A-ZÀ-ÞĀ-ŽА-ЯЁЄІЇЂЈЉЊЋЏ][\w'-]*")
_VOWEL_END = re.compile(r"[аяеоиыуьaeoiyu]$", re.I)
MIN_STEM = 4  # letters a declined city name keeps before its ending ("Варн-а" is 4)
# What a Slavic case adds to a city's stem: a vowel, or a short ending of vowels and m/h/ch/v/j
# ("Варну", "Владивостоком", "Rzeszowie", "Pardubicích"); "Казанлък" is another town, not "Казан"
# with an ending, and "Brnoský" an adjective, not a case.
_VOWELS = "аяеёэоуюыиіїєьaeiouyáéěíóúůý"
_CASE_END = re.compile(
    rf"[{_VOWELS}]{{1,2}}[мхвйjmv]?|[{_VOWELS}]?(?:ch|х|м|m)[аиыiy]?|[оеі]в|[oe]v", re.I
)


_J_CASE_END = re.compile(r"[їіеєюя]|ем|єм|ям|ях|ів|[eiuo]|em|om", re.I)


# (a vowel only Slavic names drop: "Masaka", "Parakou" keep theirs)
_SLAVIC_LANDS = frozenset(
    {"SRB", "HRV", "BIH", "MNE", "MKD", "SVN", "BGR", "CZE", "SVK", "POL", "RUS", "UKR", "BLR"}
)
_FLEETING = re.compile(r"(\S+[^aeiouаеиоуяюыі])[aeаеоo]([kcкц])")


def _forms_and_stems(
    paths: tuple[Path, ...], skip_kind: tuple[str, ...] = ()
) -> tuple[dict[str, str], dict[str, str]]:
    """Place forms (casefolded) → iso3, and the stems their Slavic case endings attach to; the
    first file's owner of a form keeps it."""
    import csv

    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r.get("kind") in skip_kind:
                    continue
                for f in r["forms"].split("|"):
                    key = f.casefold()
                    exact.setdefault(key, r["iso3"])
                    stem = _VOWEL_END.sub("", key) if " " not in key else key
                    if len(stem) >= MIN_STEM:
                        stems.setdefault(stem, r["iso3"])
                    # a fleeting vowel the endings drop: "Čačak" → "Čačku", "Kragujevac" →
                    # "Kragujevca", "Кузнецк"-like names keep theirs
                    fleet = _FLEETING.fullmatch(stem) if r["iso3"] in _SLAVIC_LANDS else None
                    if fleet and len(fleet.group(1)) + 1 >= MIN_STEM:
                        stems.setdefault(fleet.group(1) + fleet.group(2), r["iso3"])
    return exact, stems


@cache
def _cities() -> tuple[dict[str, str], dict[str, str]]:
    """City forms (casefolded) → iso3, and the stems their Slavic case endings attach to.
    The hand-written place table first of all: ports and crossings too small for the city
    table, and the few names whose best-known owner is not the GeoNames one ("St. Petersburg",
    "Long Island"); then capitals (`capital_words.csv`: a capital names its country even where
    another country has a town of that name, "Tripoli", or it is small, "Valletta"); then
    cities, most populous first."""
    return _forms_and_stems((PLACE_FILE, CAPITAL_FILE, CITY_FILE))


def _city(words: str, lang: str) -> str | None:
    return _place(words, lang, *_cities())


@cache
def _passages() -> tuple[dict[str, str], dict[str, str]]:
    """The place table's forms (`place_words.csv`) → iso3, and their Slavic stems; not its
    `region` and `city` rows ("Long Island", "Екатеринбург": places, not ones goods pass
    through)."""
    return _forms_and_stems((PLACE_FILE,), skip_kind=("region", "city"))


def passage(words: str, lang: str) -> str | None:
    """The country of a port, a border crossing, a free zone or an airport the place table
    names ("Felixstowe", "Хоргоса", "Luci Bar"): a place goods pass through; else None."""
    return _place(words, lang, *_passages())


def _place(words: str, lang: str, exact: dict[str, str], stems: dict[str, str]) -> str | None:
    # Romanian comma-below letters as the cedilla ones GeoNames spells ("Constanța" = "Constanţa")
    key = words.casefold().replace("ț", "ţ").replace("ș", "ş")
    if key in exact:
        return exact[key]
    for short in ("st ", "st. "):  # "St Petersburg", "St. Kitts": the short form of Saint
        if key.startswith(short) and "saint " + key[len(short) :] in exact:
            return exact["saint " + key[len(short) :]]
    if key.endswith(("'s", "’s")) and key[:-2] in exact:
        return exact[key[:-2]]  # "at Lagos's Apapa port"
    if lang == "de" and key.endswith("s") and key[:-1] in exact:
        return exact[key[:-1]]  # "Piräus' Hafen", "Almatys"
    if lang in _SLAVIC:
        for k in (1, 2, 3):  # "Расона", "Варну", "Владивостоком", "Rzeszowie"
            if len(key) - k >= MIN_STEM and key[:-k] in stems and _CASE_END.fullmatch(key[-k:]):
                return stems[key[:-k]]
        # a name in "-ай"/"-ej" whose "й"/"j" the ending replaces: "Шанхаї", "Шанхае",
        # "Дубаю", "Шанхаем"
        for k in (1, 2):
            base = key[:-k] + ("й" if "а" <= key[-1] <= "ї" else "j")
            if len(base) > MIN_STEM and base in exact and _J_CASE_END.fullmatch(key[-k:]):
                return exact[base]
    return None


# Region names that are also common words ("Most", "Gulf", "South", "Land", "Wake") or name a
# region several countries share ("Sahel", "Balkan", "Kurdistan", "Punjab"): not read as one
# country's province.
_NOT_REGIONS = frozenset(
    re.split(
        r"\s+",
        """most gulf south north east west central centre center centro capital coast land wake
        aurora island islands lakes lake mountain mountains river valley plateau sea border
        federal eastern western northern southern upper lower middle sud nord est ouest sahel
        balkan балкан kurdistan punjab kashmir bengal galicia silesia tyrol tirol macedonia
        lapland karelia bukovina baluchistan balochistan azerbaijan moldova""",
    )
)


@cache
def _regions() -> tuple[dict[str, str], dict[str, str]]:
    """Province, state and region names (casefolded; ISO 3166-2 as pycountry holds them, in their
    own language and the translations of the languages read here) → iso3, and their stems for
    Slavic case endings; a name two countries' subdivisions share is left out."""
    import gettext

    import pycountry

    langs = ("en", "ru", "uk", "sr", "sr@latin", "bg", "cs", "de", "fr")
    tr = [gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[x]) for x in langs]
    owners: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        for name in {sub.name} | {t.gettext(sub.name) for t in tr}:
            # "Tatarstan, Respublika", "Bayern [Bavaria]", "Bruxelles / Brussel": each name
            for part in re.split(r"\s*[/\[\]]\s*|,\s*\w+$", name):
                key = part.strip().casefold()
                # (a province named after a sea, Sudan's "Red Sea", is read as the sea)
                if len(key) >= 4 and key not in _NOT_REGIONS and not key.endswith(" sea"):
                    owners.setdefault(key, set()).add(country.alpha_3)
    exact = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
    stems: dict[str, str] = {}
    for key, iso3 in exact.items():
        stem = _VOWEL_END.sub("", key) if " " not in key else key
        if len(stem) >= MIN_STEM:
            stems.setdefault(stem, iso3)
    return exact, stems


def region(words: str, lang: str) -> str | None:
    """The country of a province or region named by `words` ("Bayern", "Баварии", "Zhejiang")
    when no city or country of the tables has that name, else None."""
    if words.isupper() or _city(words, lang) is not None:
        return None
    return _place(words, lang, *_regions())


def region_named(words: str, lang: str, iso3: str) -> str | None:
    """The province or region of `iso3` that `words` ("from Bayern", "от Бургас") name, if any
    (for the reading to say it: "Bayern" is read as DEU)."""
    caps = list(_CAP_WORD.finditer(words))
    for n in (3, 2, 1):
        for i in range(len(caps) - n + 1):
            name = words[caps[i].start() : caps[i + n - 1].end()]
            # ("to a cartel in Mexico": the country's own name, though a state shares it)
            if region(name, lang) == iso3 and not any(
                m.iso3 == iso3 and m.kind == "name" for m in mentions(name, lang)
            ):
                return name
    return None


# A port or town named after its kind ("през пристанище Бургас", "преко луке Бар", "в порту
# Новороссийск"): a Cyrillic name the tables do not hold is read in its Latin spelling.
_PORT_BEFORE = re.compile(
    r"(?<!\w)(?:пристанищ\w*|порт[ауе]?|порту|лук[аеуо]|luk[aeuo]|град[ау]?|город[ау]?|міст[оа]|"
    r"přístav\w*|přístavu)\s+$",
    re.I,
)


# A city joined to the word of a firm's seat or a ship's flag: "Istanbul-based".
SEAT_COMPOUND = re.compile(r"(.+?)-(?:based|registered|headquartered|flagged|owned)$", re.I)


def _latin(word: str) -> str:
    """A Cyrillic word in a plain Latin spelling ("Бургас" → "Burgas"), by the transliteration
    the name matching uses (`rigour.text.ascii_text`)."""
    out = ascii_text(word)
    return out[:1].upper() + out[1:]


# A lower-case word right before a capitalised run ("letišti" before "Václava Havla").
_LOWER_LEAD = re.compile(r"(?<![\w'’-])[a-zß-ÿā-žа-яёєіїђјљњћџ]+ $")


def city_mentions(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Cities and ports in `text` (capitalised, up to three words), outside the spans taken."""
    words = list(_CAP_WORD.finditer(text))
    out: list[Mention] = []
    i = 0
    while i < len(words):
        hit = None
        for n in (3, 2, 1):
            run = words[i : i + n]
            if len(run) < n or any(text[a.end() : b.start()] not in (" ", "-")
                                   and (a.group(0), text[a.end() : b.start()]) != ("St", ". ")
                                   for a, b in itertools.pairwise(run)):  # fmt: skip
                continue
            a, b = run[0].start(), run[-1].end()
            if any(a < y and x < b for x, y in taken):
                continue
            iso3 = _city(text[a:b], lang) or region(text[a:b], lang)
            seat = SEAT_COMPOUND.match(text[a:b]) if n == 1 else None
            if iso3 is None and seat:  # "Istanbul-based resellers", "Dubai-registered"
                b = a + seat.end(1)
                iso3 = _city(text[a:b], lang)
            if iso3 is None and n == 1 and _PORT_BEFORE.search(text[max(0, a - 25) : a]):
                iso3 = _city(_latin(text[a:b]), lang)  # "пристанище Бургас" is Burgas
            lead = _LOWER_LEAD.search(text[max(0, a - 30) : a]) if iso3 is None else None
            if lead:  # the place table's form with its common word in lower case: "na
                # letišti Václava Havla", "u luku Bar" (the mention is the name: the common
                # word stays part of the words before it, as a port's noun is)
                iso3 = passage(lead.group(0) + text[a:b], lang)
            if iso3:
                hit = (n, Mention(a, b, iso3, "capital", text[a:b]))
                break
        if hit:
            out.append(hit[1])
            i += hit[0]
        else:
            i += 1
    return out


# A town's adjective, made from its name by rule (`_town_adjectives`): Slavic "-sk-"/"-ск-"/
# "-ськ-" on the name less its last vowel ("Ostrava" → "ostravsk-", "Пловдив" → "пловдивск-",
# "Ташкент" → "ташкентськ-"), "-ensk-"/"-ěnsk-"/"-енск-" ("Brno" → "brněnsk-", "Варна" →
# "варненск-"), "-ac" → "-ačk-" ("Kragujevac" → "kragujevačk-"), "-h" → "-žsk-" ("Praha" →
# "pražsk-"), "-ия" → "-ийск-" ("София" → "софийск-"); German "-er" ("Hamburger", "Münchner").
_SLAVIC_SUFFIXES = {
    "latin": ("sk", "ensk", "ěnsk", "ansk"),
    "cyrillic": ("ск", "ськ", "енск", "анск"),
}
# Stems that are words of their own: Serbian "namenska industrija" (the defence industry) is
# not of "Namen" (Namur); "советского производства" (Soviet-made) is not of Soweto, nor
# "jugoslovenske" of a town "Jugoslav…". (Stems a country's own adjective begins with, such as
# "американськ-" of a town Americana, are left out by `_country_adjective_stems`.)
_NOT_TOWN_ADJECTIVES = frozenset(
    {"namensk", "namjensk", "советск", "радянськ", "съветск", "совјетск", "sovjetsk", "sovětsk",
     "sovetsk", "югославск", "jugoslavensk", "jugoslovensk", "jugoslávsk", "југословенск"}
)  # fmt: skip


@cache
def _country_adjective_stems() -> tuple[str, ...]:
    """Every country's adjective and name forms (casefolded, no ending mark) in the languages
    the tables hold: a town stem one of them begins with is that country's adjective."""
    w = country_words()
    out = set()
    for col in ("names", "demonyms"):
        for cell in w[col].astype(str):
            for n in cell.split("|"):
                n = n.strip().rstrip("*").casefold()
                if len(n) >= 4:
                    out.add(n)
    return tuple(sorted(out))


_TOWN_ENDING = 4  # letters of case ending after the adjective's stem ("-ého", "-ому", "-ими")
_FINAL_VOWEL = re.compile(r"[aáeéěiíoóuúůyýаеёиіїоуыэюяьъй]$")


def _adjective_stems(key: str) -> list[str]:
    """The stems a town's adjective is made on from its name (casefolded), by rule; a name of
    two words joins them on "-o-" ("Нови Сад" → "новосадск-", "Stara Zagora" →
    "starozagorsk-")."""
    two = re.fullmatch(r"([^\W\d_]{3,}) ([^\W\d_]{3,})", key)
    if two:
        link = "о" if re.match(r"[а-яёіїєђјљњћџ]", key) else "o"
        return _adjective_stems(_FINAL_VOWEL.sub("", two.group(1)) + link + two.group(2))
    if not re.fullmatch(r"[^\W\d_]{4,}", key):
        return []
    base = _FINAL_VOWEL.sub("", key)
    if len(base) < 3:  # ("Brno" → "brn" → "brněnsk-")
        return []
    script = "cyrillic" if re.match(r"[а-яёіїєђјљњћџ]", base) else "latin"
    # (a stem of three letters takes only the Czech "-ěnsk-": "brněnsk-", not "namensk-" from
    # a town "Name", which is Serbian "namenska", dedicated)
    suffixes = _SLAVIC_SUFFIXES[script] if len(base) >= MIN_STEM else ("ěnsk",)
    stems = [base + x for x in suffixes]
    if base.endswith(("ac", "ац")):
        stems.append(base[:-2] + ("ačk" if script == "latin" else "ачк"))
    if base.endswith("h"):
        stems.append(base[:-1] + "žsk")
    if key.endswith("ия"):
        stems.append(key[:-2] + "ийск")
    if base.endswith(("с", "s")):  # (the name's -s- joins the suffix's: "Одеса" → "одеськ-")
        stems += [base[:-1] + x for x in suffixes if x[:1] in ("с", "s")]
    return [x for x in stems if len(x) >= 6 and x not in _NOT_TOWN_ADJECTIVES]


@cache
def _town_adjectives() -> dict[str, tuple[str, str]]:
    """Adjective stems (casefolded) of every city the tables hold → (iso3, the city's form);
    the first city with a stem keeps it (capitals, then the most populous)."""
    import csv

    out: dict[str, tuple[str, str]] = {}
    for path in (CAPITAL_FILE, CITY_FILE):
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                for f in r["forms"].split("|"):
                    for stem in _adjective_stems(f.casefold()):
                        out.setdefault(stem, (r["iso3"], f))
    # the capitals' own names in the languages read ("Praha" → "pražsk-": "pražská firma",
    # "na pražském letišti"), which the GeoNames spellings lack
    words = country_words()
    for iso3, forms in zip(words["iso3"], words["capitals"], strict=True):
        first = forms.split("|")[0].rstrip("*")
        for stem in _adjective_stems(first.casefold()) if first else []:
            out.setdefault(stem, (iso3, first))
    # A country's own adjective is no town's ("американськ-" is not of Americana, "albansk-" not
    # of Albany): a stem a country's form begins with, or that begins with a country's adjective
    # as long as itself less its suffix, is left out.
    country = _country_adjective_stems()
    for stem in list(out):
        if any(c.startswith(stem) or (stem.startswith(c) and len(c) >= len(stem) - 3)
               for c in country):  # fmt: skip
            del out[stem]
    return out


@cache
def _town_nouns_de() -> dict[str, tuple[str, str]]:
    """German town adjectives ("Hamburger", "Münchner", "Wetzlarer") → (iso3, the city's form)."""
    out: dict[str, tuple[str, str]] = {}
    exact = _cities()[0]
    for key, iso3 in exact.items():
        if re.fullmatch(r"[^\W\d_]{4,}", key):
            out.setdefault(key + "er", (iso3, key))
            if key.endswith("en"):
                out.setdefault(key[:-2] + "ner", (iso3, key))
    return out


_TOWN_WORD = re.compile(r"(?<![\w-])[^\W\d_]{6,}(?![\w-])")


# French adjectives of the larger French towns, which follow no rule ("une société lyonnaise",
# "l'entreprise marseillaise"): the stem, any gender and number after it.
_FR_TOWNS = {
    "lyonnais": "Lyon", "marseillais": "Marseille", "parisien": "Paris", "toulousain": "Toulouse",
    "bordelais": "Bordeaux", "lillois": "Lille", "nantais": "Nantes", "niçois": "Nice",
    "strasbourgeois": "Strasbourg", "rennais": "Rennes", "grenoblois": "Grenoble",
    "havrais": "Le Havre", "stéphanois": "Saint-Étienne", "rouennais": "Rouen",
    "toulonnais": "Toulon", "montpelliérain": "Montpellier",
}  # fmt: skip
_FR_ENDING = re.compile(r"(?:e|es|s|ne|nes)?")


def town_adjective(word: str, lang: str) -> tuple[str, str] | None:
    """(iso3, city) of a town's adjective ("brněnská", "варненска", "kragujevačke", "Münchner",
    "lyonnaise"), else None."""
    key = word.casefold()
    if lang == "fr":
        stem = next((x for x in _FR_TOWNS if key.startswith(x)), None)
        if stem is None or not _FR_ENDING.fullmatch(key[len(stem) :]):
            return None
        return ("FRA", _FR_TOWNS[stem])
    if lang == "de":  # (whether a firm follows is the caller's: `town_adjective_mentions`)
        return _town_nouns_de().get(key) if word[:1].isupper() else None
    if lang not in _SLAVIC:
        return None
    stems = _town_adjectives()
    for k in range(1, _TOWN_ENDING + 1):
        hit = stems.get(key[:-k])
        if hit and re.fullmatch(r"[^\W\d_]{1,4}", key[-k:]):
            return hit
    return None


def town_adjective_mentions(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Towns' adjectives in `text` ("brněnské firmy", "фирма из Варны" is a city, not this),
    outside the spans taken: their country, as a demonym is read."""
    if lang not in ("de", "fr") and lang not in _SLAVIC:
        return []
    out = []
    for m in _TOWN_WORD.finditer(text):
        if any(m.start() < y and x < m.end() for x, y in taken):
            continue
        hit = town_adjective(m.group(0), lang)
        if (
            hit
            and (
                lang not in ("de", "fr")
                or (
                    lang == "de"
                    and (_DE_MAKER.match(text, m.end()) or _DE_PLACE.match(text, m.end()))
                )
                # (French: only of a firm, "société lyonnaise"; not "l'Olympique lyonnais")
                or (lang == "fr" and _FR_FIRM.search(text[max(0, m.start() - 30) : m.start()]))
            )
        ):
            out.append(Mention(m.start(), m.end(), hit[0], "demonym", m.group(0)))
    return out


# A French firm a town's adjective follows: "une société lyonnaise", "l'entreprise marseillaise".
_FR_FIRM = re.compile(
    r"(?<!\w)(?:société|sociétés|entreprise|entreprises|firme|firmes|compagnie|PME|groupe|"
    r"exportateur|négociant|armurier|fabricant|industriel|transitaire|courtier)\s+$",
    re.I,
)


# ... or a port, an airport or a crossing: "am Frankfurter Flughafen", "über den Hamburger Hafen".
_DE_PLACE = re.compile(
    r"\s+(?:Flughafen|Hafen|Seehafen|Freihafen|Containerhafen|Containerterminal|Grenzübergang|"
    r"Güterbahnhof|Zollamt)(?!\w)"
)


def town_place(text: str, m: Mention, lang: str) -> bool:
    """Whether a German town's adjective names a port, an airport or a crossing ("am
    Frankfurter Flughafen"): a place, never the goods' maker."""
    return lang == "de" and m.kind == "demonym" and _DE_PLACE.match(text, m.end) is not None


# A German town's adjective names a maker or a firm only before one ("eines Münchner
# Halbleiterherstellers", "die Hamburger Firma"); "am Frankfurter Flughafen" is a place.
_DE_MAKER = re.compile(
    r"\s+(?:[\w-]+\s+)?\w*(?:hersteller|firma|unternehmen|konzern|werk|werke|"
    r"betrieb|produzent|fabrik|händler|lieferant|exporteur|zulieferer|unternehmer|kaufmann|"
    r"geschäftsmann|spediteur|spedition|reederei|makler)\w*",
    re.I,
)


def town_adjective_named(words: str, lang: str, iso3: str) -> tuple[str, str] | None:
    """The town adjective in `words` read as `iso3` and its town, if any (for the reading to say
    it: "brněnské" is read as CZE, the town Brno)."""
    for m in _TOWN_WORD.finditer(words):
        hit = town_adjective(m.group(0), lang)
        if hit and hit[0] == iso3:
            return m.group(0), hit[1]
    return None


_LOWER_NAME = re.compile(r"рос(?:ія|ії|ію|ією)|рф|\w+-агрес+ор\w*", re.I)
_AGGRESSOR = re.compile(r"\w+-агрес+ор\w*", re.I)


def aggressor_named(words: str) -> str | None:
    """The "aggressor state" phrase in `words` ("державі-агресору"), which is read as Russia:
    the reading says so."""
    m = _AGGRESSOR.search(words)
    return m.group(0) if m else None


def mentions(text: str, lang: str = "en", *, towns: bool = True) -> list[Mention]:
    """Every country mention in `text`, in order, without overlaps (longest form wins); with
    `towns`, towns' adjectives too ("brněnské")."""
    blind, upper, _ = _pattern(lang)
    generated = _generated(lang)[0]
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    # Every pattern's hits, the longest first ("Саудовскую Аравию", a generated name, over the
    # demonym "Саудовскую" that the hand-written forms hold).
    # The adjectives made from CLDR names come last: of equal length, a name's own case form
    # ("v Alžírsku") is the name, not the adjective "alžírsk*".
    adjective = _adjectives(lang)[0]  # (English: only the regions' adjectives)
    hits = [(m, p) for p in (blind, upper, generated, adjective) if p is not None
            for m in p.finditer(text)]  # fmt: skip
    hits.sort(key=lambda x: x[0].start(1) - x[0].end(1))
    for m, p in hits:
        a, b = m.start(1), m.end(1)
        if any(a < y and x < b for x, y in taken):
            continue
        hit = (
            _resolve_generated(lang, m.group(1)) if p is generated
            else _resolve_adjective(lang, m.group(1)) if p is adjective
            else _resolve(lang, m.group(1))
        )  # fmt: skip
        if hit is None:
            continue
        if (
            p is blind
            and lang != "en"
            and m.group(1)[:1].islower()
            and not _resolve(lang, m.group(1), own_only=True)
        ):
            continue  # an English name in lower case is a word here: Serbian "mali" (small)
        taken.append((a, b))
        # A lower-case form is an adjective in every language read here ("srbské", "serbische"),
        # but for Russia's name as Ukrainian news writes it ("у росію", "рф") and "the aggressor
        # state" ("державі-агресору", "государство-агрессор"): names, in every case.
        lower_name = hit[1] == "name" and _LOWER_NAME.fullmatch(m.group(1)) is not None
        kind = "demonym" if m.group(1)[:1].islower() and not lower_name else hit[1]
        found.append(Mention(a, b, hit[0], kind, m.group(1)))
    # "стране-агрессору Азербайджану": the aggressor state named beside it is that country.
    found = [
        m for m in found
        if not (_AGGRESSOR.fullmatch(m.text) and any(
            o.start > m.end and not text[m.end : o.start].strip() for o in found))
    ]  # fmt: skip
    # "der bayerische Verfassungsschutz", "Moravskoslezská policie": a region's own authority
    # tells of the goods, it is no maker nor a place of their route
    found = [m for m in found if not _regional_authority(text, m, lang)]
    found = _table_names_over(text, lang, found)
    found = [_city_of_name(text, m, lang) for m in found]
    taken = [(m.start, m.end) for m in found]
    found += city_mentions(text, lang, taken)
    taken = [(m.start, m.end) for m in found]
    if towns:
        found += town_adjective_mentions(text, lang, taken)
    return _qualified(text, sorted(found, key=lambda m: m.start), lang)


@cache
def _table_forms() -> tuple[dict[str, str], dict[str, str]]:
    return _forms_and_stems((PLACE_FILE,))


def _table_names_over(text: str, lang: str, found: list[Mention]) -> list[Mention]:
    """A name of two or three words the place table holds over the country words inside it:
    "Републици Српској" is Republika Srpska, in Bosnia, not a Serbian thing."""
    words = list(_CAP_WORD.finditer(text))
    for n in (3, 2):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            if any(text[a.end() : b.start()] != " " for a, b in itertools.pairwise(run)):
                continue
            a, b = run[0].start(), run[-1].end()
            inside = [m for m in found if a <= m.start and m.end <= b]
            if not inside or any(m.start < a < m.end or m.start < b < m.end for m in found):
                continue
            iso3 = _place(text[a:b], lang, *_table_forms())
            if iso3 is not None and all(m.iso3 != iso3 for m in inside):
                found = [m for m in found if m not in inside]
                found.append(Mention(a, b, iso3, "capital", text[a:b]))
    return sorted(found, key=lambda m: m.start)


def _qualified(text: str, found: list[Mention], lang: str) -> list[Mention]:
    """ "Alexandria, Virginia", "Paris, Texas": a town named with a region of another country
    after a comma is a town of that region; the other country's town of the name is dropped."""
    out = []
    for k, m in enumerate(found):
        nxt = found[k + 1] if k + 1 < len(found) else None
        if (
            nxt is not None
            and m.kind == nxt.kind == "capital"
            and nxt.iso3 != m.iso3
            and re.fullmatch(r"\s*,\s*", text[m.end : nxt.start])
            and region(nxt.text, lang) is not None
        ):
            continue
        out.append(m)
    return out


def _city_of_name(text: str, m: Mention, lang: str) -> Mention:
    """A country's name inside a city's ("Port Sudan", "Kuwait City", "Panama City", "Djibouti
    City"): the city, a place in that country, with its whole words (a cue before it then
    reaches it: "discharged at Port Sudan")."""
    if m.kind == "demonym":
        return m
    before = re.search(r"(?<!\w)(?:Port|Puerto|Porto)\s+$", text[: m.start])
    after = re.match(r"\s+(?:City|Ville)(?!\w)", text[m.end :])
    a = before.start() if before else m.start
    b = m.end + after.end() if after else m.end
    if (a, b) != (m.start, m.end) and _city(text[a:b], lang) == m.iso3:
        return Mention(a, b, m.iso3, m.kind, text[a:b])
    return m
