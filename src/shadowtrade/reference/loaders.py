"""Load the shipped reference tables as pandas frames (small: at most a few thousand rows)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent / "data"

_PAREN_TAIL = re.compile(r"\s*\(.*\)\s*$")
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
    m = _key_map()
    k = normalise_country_key(text)
    if k in m:
        return m[k]
    stripped = normalise_country_key(_PAREN_TAIL.sub("", text))
    return m.get(stripped)


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
