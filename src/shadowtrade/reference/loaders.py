"""Load the shipped reference tables as pandas frames (small: at most a few thousand rows)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent / "data"

_SPACES = re.compile(r"\s+")
_SAINT = re.compile(r"^st\.? ")
_THE = re.compile(r"^the ")


def normalise_country_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used to look names and codes up.

    Numeric codes lose leading zeros ('040' and '40' are Austria); a trailing parenthetical
    is kept here and stripped by the caller as a second try (Eurostat's "Germany (incl. …)").
    """
    s = unicodedata.normalize("NFKD", text.replace("’", "'"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _SPACES.sub(" ", s).strip().casefold()
    if s.isdigit():
        return str(int(s))
    return _SAINT.sub("saint ", _THE.sub("", s))


@cache
def countries() -> pd.DataFrame:
    """ISO 3166 countries and explicit non-country markers (see SOURCES.md)."""
    return pd.read_csv(DATA_DIR / "countries.csv", dtype=str, keep_default_na=False)


@cache
def marker_names() -> dict[str, str]:
    """Codes that name no country but a marker ('Areas, nes' XNS, groups such as the EU), with
    their names: rows naming one are kept with it and said, never read as a country's trade."""
    c = countries()
    m = c[c["kind"].isin(["non_country", "aggregate"])]
    return dict(zip(m["iso3"], m["name"], strict=True))


@cache
def country_groups() -> dict[str, list[str]]:
    """The member states of the country groups `countries.csv` marks as aggregates (EUU: the
    EU's 27 since 2020-02; EMU: the euro area's 20 since 2023), so that a claim about the EU can
    be read from the statistics of its members."""
    df = pd.read_csv(DATA_DIR / "country_groups.csv", dtype=str, keep_default_na=False)
    return {str(g): sorted(map(str, m)) for g, m in df.groupby("group")["member"]}


@cache
def country_keys() -> pd.DataFrame:
    """Every known spelling or code of a country → ISO3 (or a non-country marker).

    Columns: key (normalised), iso3. Keys are unique; an ambiguous key raises at load time.
    """
    pairs: dict[str, str] = {}

    def add(key: str, iso3: str) -> None:
        if not key:
            return
        k = normalise_country_key(key)
        if not k:
            return
        if k in pairs and pairs[k] != iso3:
            # Names beat codes; an explicit variant of one country never silently overrides another.
            return
        pairs[k] = iso3

    df = countries()
    for row in df.itertuples(index=False):
        iso3 = str(row.iso3)
        for value in (row.iso3, row.name, row.iso2):
            add(str(value), iso3)
        for col in ("variants", "demonyms", "names_other_languages"):
            for v in str(getattr(row, col)).split("|"):
                add(v, iso3)
        for code in (row.m49, row.comtrade_code, *str(row.other_codes).split("|")):
            add(str(code), iso3)
    for row in df[df["kind"].isin(["aggregate", "non_country"])].itertuples(index=False):
        # A marker's own name beats a country's looser variant: a partner "America" in trade
        # statistics is the continent (Kyrgyzstan's imports of 2019: America 99 M EUR beside
        # the United States' 80 M), though a text's "America" is the United States.
        pairs[normalise_country_key(str(row.name))] = str(row.iso3)
    add("EL", "GRC")  # Eurostat's code for Greece
    add("UK", "GBR")
    add("XK", "XKX")
    return pd.DataFrame({"key": list(pairs.keys()), "iso3": list(pairs.values())})


@cache
def _key_map() -> dict[str, str]:
    df = country_keys()
    return dict(zip(df["key"], df["iso3"], strict=True))


def resolve_country(text: str) -> str | None:
    """ISO3 (or marker) for a name or code, or None when unknown. For small inputs only."""
    return resolve_country_how(text)[0]


def read_country(text: str, said: dict[str, str] | None = None) -> str | None:
    """`resolve_country`, writing into `said` (name → what to tell the user) how a name the
    table does not hold as written was read, or why it was refused."""
    iso3, how = resolve_country_how(text)
    if said is not None and how and how != EXACT:
        shown = text if len(text) <= 40 else text[:39] + "…"
        said[text] = f"{shown!r} → {iso3} ({how})" if iso3 else f"{shown!r} unknown ({how})"
    return iso3


def readings_note(said: dict[str, str]) -> list[str]:
    """The one note (or none) that tells the user the country names read by a looser rule."""
    if not said:
        return []
    shown = [said[k] for k in sorted(said)]
    return [
        f"{len(shown)} country name(s) not in the table as written, read by a looser rule: "
        + "; ".join(shown[:12])
        + (f"; and {len(shown) - 12} more" if len(shown) > 12 else "")
    ]


_PARENS = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_ARTICLE = re.compile(r"^(?:the|la|le|les|l'|die|der|das) ")
_ISLANDS = re.compile(r"\s+(?:islands|island|is\.)$", re.IGNORECASE)
# How a name was read when the table does not hold it as it is written (said to the user).
EXACT = "table"


def _plain(text: str) -> str | None:
    return _plain_how(text)[0]


def _plain_how(text: str) -> tuple[str | None, str]:
    """The table's look-up, then with hyphens as spaces ('Wallis-et-Futuna'), then the table's
    inverted names in their natural order ('Iles Salomon' for 'Salomon, Îles')."""
    m = _key_map()
    k = normalise_country_key(text)
    if k in m:
        return m[k], EXACT
    h = k.replace("-", " ")
    if h in _hyphen_map():
        return _hyphen_map()[h], "hyphens read as spaces"
    if h in _uninverted_map():
        return _uninverted_map()[h], "a name the table writes inverted ('X, Y'), in its order"
    return None, ""


@cache
def _uninverted_map() -> dict[str, str]:
    """'Y X' for each of the table's names written 'X, Y' ('Salomon, Îles' → 'iles salomon');
    a key two countries share is left out."""
    out: dict[str, str | None] = {}
    for tail, heads in _inverted_names().items():
        for head, iso3 in heads:
            k = f"{tail} {head}".replace("-", " ")
            out[k] = iso3 if out.get(k, iso3) == iso3 else None
    return {k: v for k, v in out.items() if v is not None}


@cache
def _hyphen_map() -> dict[str, str]:
    """The table's keys with hyphens read as spaces; a key two countries share is left out."""
    out: dict[str, str | None] = {}
    for k, iso3 in _key_map().items():
        h = k.replace("-", " ")
        out[h] = iso3 if out.get(h, iso3) == iso3 else None
    return {k: v for k, v in out.items() if v is not None}


def _tail(text: str) -> str:
    return _ARTICLE.sub("", normalise_country_key(text))


@cache
def _inverted_names() -> dict[str, list[tuple[str, str]]]:
    """The table's names written 'X, Y' ('Moldova, République de'): tail Y → [(head X, iso3)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in countries().itertuples(index=False):
        names = [str(row.name)]
        for col in ("variants", "names_other_languages"):
            names += str(getattr(row, col)).split("|")
        for name in names:
            if name.count(",") == 1:
                head, tail = (p.strip() for p in name.split(","))
                out.setdefault(_tail(tail), []).append((normalise_country_key(head), str(row.iso3)))
    return out


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _inverted(head: str, tail: str) -> tuple[str | None, str]:
    """'Moldavie, République de': the country whose table name has the same form of state (the
    part after the comma, articles aside) and the same head, or a head that names the same
    country, or failing both the only one whose head begins with the same 4+ letters."""
    whole = _plain(f"{tail} {head}")
    if whole is not None:
        return whole, f"read as '{tail} {head}'"
    cands = _inverted_names().get(_tail(tail), [])
    h = normalise_country_key(head)
    same = {iso3 for name, iso3 in cands if name == h or _plain(head) == iso3}
    if len(same) == 1:
        return same.pop(), f"an inverted name: '{tail}' and '{head}' as in the table"
    prefix = {iso3 for name, iso3 in cands if _common_prefix(name, h) >= 4}
    if len(prefix) == 1:
        iso3 = prefix.pop()
        return (
            iso3,
            f"an inverted name: '{tail}' as in the table, '{head}' alike in its first letters",
        )
    return None, ""


def resolve_country_how(text: str) -> tuple[str | None, str]:
    """ISO3 (or marker) and how the name was read: `EXACT` when the table holds it as written,
    else the looser rule that read it (said to the user); (None, why) when a rule refused a
    reading ('Korea (North)' is not Korea), (None, "") when unknown.

    The rules, in order: hyphens as spaces; a parenthesis joined to the name ('Korea (North)' is
    'North Korea', 'Virgin Islands (British)' 'British Virgin Islands'); a capital in it ('Congo
    (Kinshasa)'); the name before it ('Germany (incl. …)') unless the parenthesis holds a word
    that names another country of that name ('Congo (Dem. Rep.)': unknown); a parenthesised
    alternative ('Biélorussie (Belarus)': every part that names a country must name the same one;
    a demonym or a bare qualifier is no country; but a name several countries share with a
    parenthesis naming one of them is that one: 'Korea (DPRK)'); an inverted name ('Moldavie,
    République de'); without a trailing 'Islands' ('Wallis and Futuna Islands'); pycountry's
    ISO 3166 names.
    """
    found, how = _plain_how(text)
    if found is not None:
        return found, how
    outer = _PARENS.sub(" ", text).strip()
    inner = [p.strip() for p in _PARENS.findall(text) if p.strip()]
    if inner and outer:
        read = _parenthesised(outer, inner)
        if read is not None:
            return read
    if text.count(",") == 1:
        head, tail = (p.strip() for p in text.split(","))
        if head and tail:
            inverted, how = _inverted(head, tail)
            if inverted is not None:
                return inverted, how
    if _ISLANDS.search(text):
        stem = _ISLANDS.sub("", text).strip()
        found = _plain(stem)
        if found is not None:
            return found, f"without 'Islands', '{stem}'"
    return _pycountry(text)


def _parenthesised(outer: str, inner: list[str]) -> tuple[str | None, str] | None:
    """'Name (qualifier)': the qualifier joined to the name first, then a capital in the
    parenthesis, then each part alone (no demonym: 'British' is no country). None when no part
    names a country (the later rules try)."""
    for p in inner:
        for joined in (f"{p} {outer}", f"{outer} {p}"):
            found = _plain(joined)
            if found is not None:
                return found, f"read as '{joined}'"
    parts = {p: _plain(p) for p in [outer, *inner]}
    for p in inner:
        if normalise_country_key(p) in _demonyms():
            parts[p] = None
    for p in inner:
        capital = _capitals().get(normalise_country_key(p))
        if capital is not None and (
            parts[outer] == capital or _names_with(normalise_country_key(outer)).get(capital)
        ):
            return capital, f"'{p}' in parentheses, the capital of {capital}"
        if capital is not None and parts[outer] is not None:
            return None, f"'{p}' in parentheses is the capital of {capital}, not {parts[outer]}"
    named = {iso3 for iso3 in parts.values() if iso3 is not None}
    specific = _more_specific(outer, parts)
    if specific is not None:
        return specific
    if len(named) > 1:
        return None, f"the parts name different countries ({', '.join(sorted(named))})"
    if not named:
        return None
    iso3 = named.pop()
    if parts[outer] != iso3:
        which = next(p for p in inner if parts[p] == iso3)
        return iso3, f"the name in parentheses, '{which}'"
    others = _other_words(normalise_country_key(outer), iso3)
    for p in inner:
        if parts[p] is None and not _INCLUDES.match(p):  # "(incl. South Sudan …)" says what
            # the country's figures include (Eurostat's notes), not which country it is
            hit = [w for w in _words(p) if _names_other(w, others)]
            if hit:
                return None, (
                    f"'{outer}' with '{p}' may be another country than {iso3} ('{hit[0]}')"
                )
    return iso3, f"the name before the parentheses, '{outer}'"


def _more_specific(outer: str, parts: dict[str, str | None]) -> tuple[str, str] | None:
    """'Korea (DPRK)': the name outside names one country of a name several share (Korea) and
    the one parenthesis names another of them (PRK, whose names hold 'Korea'): the parenthesis
    says which, and wins. None when any other part names a third country."""
    outside = parts[outer]
    inside = {iso3 for p, iso3 in parts.items() if p != outer and iso3 is not None}
    if outside is None or len(inside) != 1 or outside in inside:
        return None
    iso3 = next(iter(inside))
    if iso3 not in _names_with(normalise_country_key(outer)):
        return None
    which = next(p for p in parts if p != outer and parts[p] == iso3)
    return iso3, f"'{outer}' names several countries; '{which}' in parentheses says which"


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# A parenthesis that notes what a country's figures take in: "(incl. South Sudan 'SS' -> 2012)",
# "(y compris …)", "(einschl. …)", "(включая …)".
_INCLUDES = re.compile(
    r"\s*(?:incl\b|including|inclusive|y compris|inclus|inkl\b|einschl|einschließlich|"
    r"включая|включно|вкл\b|uključujući|včetně|vč\b)",
    re.IGNORECASE,
)
_STOP = frozenset({"of", "the", "and", "de", "du", "des", "la", "le", "et", "l", "d"})


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(normalise_country_key(text)) if w not in _STOP}


@cache
def _names_with(stem: str) -> dict[str, set[str]]:
    """ISO3 → the words of the table's names (and spellings) that hold `stem` as whole words."""
    pattern = re.compile(rf"(?:^|\W){re.escape(stem)}(?:\W|$)")
    out: dict[str, set[str]] = {}
    for key, iso3 in _key_map().items():
        if pattern.search(key):
            out.setdefault(iso3, set()).update(_words(key))
    return out


def _other_words(stem: str, iso3: str) -> set[str]:
    """Words that tell another country holding `stem` in its name apart from `iso3`
    ('south' for Sudan, 'north', 'democratic' and 'people's' for Korea)."""
    own = {w for key, c in _key_map().items() if c == iso3 for w in _words(key)}
    return {w for c, ws in _names_with(stem).items() if c != iso3 for w in ws} - own


def _names_other(word: str, others: set[str]) -> bool:
    """The word, or its abbreviation ('Dem.' for 'democratic', 3+ letters), is among `others`."""
    return word in others or (len(word) >= 3 and any(o.startswith(word) for o in others))


@cache
def _demonyms() -> frozenset[str]:
    """The table's demonyms ('British', 'American'): read alone, no country."""
    df = countries()
    return frozenset(
        normalise_country_key(v) for col in df["demonyms"] for v in str(col).split("|") if v
    )


@cache
def _capitals() -> dict[str, str]:
    """Capital (its shipped spellings, `capital_words.csv`) → ISO3; one two countries share is
    left out."""
    df = pd.read_csv(DATA_DIR / "capital_words.csv", dtype=str, keep_default_na=False)
    out: dict[str, str | None] = {}
    for row in df.itertuples(index=False):
        for form in {str(row.capital), *str(row.forms).split("|")}:
            k = normalise_country_key(form)
            if k:
                out[k] = str(row.iso3) if out.get(k, str(row.iso3)) == str(row.iso3) else None
    return {k: v for k, v in out.items() if v is not None}


def _pycountry(text: str) -> tuple[str | None, str]:
    """pycountry's look-up of ISO 3166 names (official and common names among them)."""
    import pycountry

    try:
        c = pycountry.countries.lookup(text.strip())
    except LookupError:
        return None, ""
    return str(c.alpha_3), "an ISO 3166 name (pycountry)"


@cache
def country_words() -> pd.DataFrame:
    """Country names, demonyms and capitals with their inflections, per language (iso3, lang,
    names, demonyms, capitals; forms separated by `|`, a trailing `*` stands for an ending)."""
    return pd.read_csv(DATA_DIR / "country_words.csv", dtype=str, keep_default_na=False)


@cache
def hs_nomenclature() -> pd.DataFrame:
    """HS 2022 at 2, 4 and 6 digits: section, hscode, description, parent, level."""
    return pd.read_csv(DATA_DIR / "hs2022.csv", dtype=str, keep_default_na=False)


@cache
def hs_texts() -> dict[str, str]:
    """HS 2022 code (2, 4 or 6 digits) → its legal text."""
    hs = hs_nomenclature()
    return dict(zip(hs["hscode"], hs["description"], strict=True))


def hs_text(code: str) -> str:
    """The text of a code, else of its heading, else empty."""
    texts = hs_texts()
    return texts.get(code) or texts.get(code[:4]) or ""


@cache
def hs_concordance() -> pd.DataFrame:
    """HS1992…HS2022 concordance with leading zeros restored (6-digit codes as text).

    The source file also carries SITC revisions (1962–1988); only the HS steps are kept.
    """
    df = pd.read_csv(DATA_DIR / "hs_concordance.csv", dtype=str, keep_default_na=False)
    df = df[df["adjustment"].str.slice(-4).astype(int) >= 1992]
    df = df.rename(
        columns={
            "code.after": "code_after",
            "code.before": "code_before",
            "Relationship": "relationship",
        }
    )
    for col in ("code_after", "code_before"):
        df[col] = df[col].str.zfill(6)
    return df


@cache
def control_list() -> pd.DataFrame:
    """HS code (2–6 digits, a prefix) → control category, CHPL tier, weight and source."""
    df = pd.read_csv(DATA_DIR / "control_list.csv", dtype=str, keep_default_na=False)
    df["weight"] = df["weight"].astype(float)
    return df


@cache
def cover_codes() -> pd.DataFrame:
    """Civilian codes that controlled goods are plausibly declared under, with the reason."""
    return pd.read_csv(DATA_DIR / "cover_codes.csv", dtype=str, keep_default_na=False)


@cache
def eur_usd_monthly() -> pd.DataFrame:
    """Monthly average USD per EUR (ECB reference rates); columns period (DATE), usd_per_eur."""
    df = pd.read_csv(DATA_DIR / "eur_usd_monthly.csv", dtype={"period": str})
    df["period"] = pd.to_datetime(df["period"] + "-01").dt.date
    return df
