"""The background world: countries, products, legitimate trade lines and how each side reports.

Modelled on how trade statistics behave (DOMAIN.md): both sides report each flow (exports FOB,
imports CIF 3–10 % higher), reports shift by a month, some reporter-months are missing entirely,
flow sizes are log-normal and small flows intermittent, unit values are set per HS code and vary
2–5x within it (half of that spread the exporter's standing price level for the code, the same
to all its destinations), some reporters suppress chapter 93 / 36 (moved to 'Areas, nes'), and
legitimate arms trade is large and steady between established pairs. Trading hubs re-export
part of what they import (synth/__init__.py, `_hub_reexports`).

The benign phenomena that look like diversion to a naive detector (issue 20), on every kind of
code, control-list codes included (`benign_dynamics`):

- routes are born and die mid-period (BIRTH_RATE, DEATH_RATE of lines), a share of the births
  after a few tiny sporadic shipments;
- an HS revision: a code the 2022 revision created is reported under the code it came from
  until 2021 (`revised_from`), so its series starts in 2022-01 and its predecessor's ends;
- sanctions shocks: exports of the sanctioning countries to Russia and Belarus collapse from
  2022-03 (most lines to a tenth or less, some stop);
- reporters that start or stop reporting mid-period (their months outside are missing);
- classification habits (`classification_habits`): an importer's customs book a product under
  another subheading of the same heading, from every partner (HABIT_SHARE of the importer-code
  pairs whose heading has another code), and a few reporters stay on HS 2017 after 2022
  (LATE_ADOPTERS), booking the codes HS 2022 created under the codes they came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from shadowtrade.reference import countries, cover_codes, hs_nomenclature
from shadowtrade.reference.loaders import hs_texts

MONTHS = pd.date_range("2019-01-01", "2024-12-01", freq="MS")

CORE_COUNTRIES = (
    "SRB",
    "CZE",
    "BGR",
    "UKR",
    "DEU",
    "FRA",
    "USA",
    "POL",
    "ROU",
    "HUN",
    "SVK",
    "TUR",
    "ARE",
    "NLD",
    "BEL",
    "ITA",
    "ESP",
    "GBR",
    "CHN",
    "IND",
    "KAZ",
    "ARM",
    "GEO",
    "KGZ",
    "RUS",
    "BLR",
    "AUT",
    "CHE",
    "SWE",
    "FIN",
    "NOR",
    "ISR",
    "KOR",
    "JPN",
    "BRA",
    "EGY",
    "SAU",
    "PAK",
    "MKD",
    "BIH",
    "HRV",
    "SVN",
    "GRC",
    "SGP",
    "MDA",
    "AZE",
    "UZB",
    "CAN",
    "MEX",
    "ZAF",
)
# Established arms exporters and importers for the legitimate chapter-93 background.
ARMS_EXPORTERS = (
    "USA",
    "FRA",
    "DEU",
    "ITA",
    "GBR",
    "CZE",
    "SRB",
    "BGR",
    "ISR",
    "KOR",
    "TUR",
    "POL",
    "ROU",
    "ESP",
    "SWE",
    "CHE",
    "NOR",
    "BRA",
    "ZAF",
    "CHN",
)
ARMS_IMPORTERS = (
    "SAU",
    "IND",
    "EGY",
    "ARE",
    "PAK",
    "POL",
    "USA",
    "GBR",
    "NLD",
    "UKR",
    "KAZ",
    "ISR",
    "KOR",
    "JPN",
    "CAN",
    "DEU",
    "FIN",
    "NOR",
    "GRC",
    "SGP",
)
CONTROLLED_CODES = (
    "930690",
    "930630",
    "930621",
    "930629",
    "930591",
    "930190",
    "360100",
    "360200",
    "360340",
    "360350",
)
TRADE_WEIGHT = {
    "CHN": 12.0,
    "USA": 10.0,
    "DEU": 8.0,
    "NLD": 4.0,
    "JPN": 3.5,
    "FRA": 3.5,
    "KOR": 3.0,
    "ITA": 3.0,
    "GBR": 3.0,
    "BEL": 2.5,
    "IND": 2.5,
    "CAN": 2.5,
    "MEX": 2.5,
    "SGP": 2.0,
    "ARE": 1.8,
    "CHE": 1.8,
    "ESP": 1.8,
    "RUS": 1.8,
    "POL": 1.5,
    "BRA": 1.3,
    "TUR": 1.2,
    "SAU": 1.1,
    "AUT": 1.0,
    "SWE": 1.0,
    "CZE": 1.0,
    "ZAF": 0.5,
    "HUN": 0.7,
    "ISR": 0.5,
    "ROU": 0.5,
    "SVK": 0.5,
    "FIN": 0.4,
    "NOR": 0.6,
    "GRC": 0.4,
    "KAZ": 0.4,
    "EGY": 0.4,
    "PAK": 0.3,
    "UKR": 0.4,
    "BLR": 0.2,
    "SVN": 0.3,
    "HRV": 0.2,
    "BGR": 0.25,
    "SRB": 0.2,
    "UZB": 0.15,
    "AZE": 0.15,
    "GEO": 0.08,
    "ARM": 0.06,
    "KGZ": 0.05,
    "MKD": 0.06,
    "BIH": 0.07,
    "MDA": 0.05,
}
# Typical unit values, USD per kg (order of magnitude from public customs practice).
UNIT_VALUE = {"9306": 18.0, "9305": 120.0, "9301": 60.0, "3601": 14.0, "3602": 2.5, "3603": 60.0}


# Route prices within a code: 0.45 in log (a factor of about 2.5 between the quartiles' ends,
# DOMAIN.md's 2-5x within a code), half of its variance the exporter's standing level for the
# code (the same to all its destinations: its quality and product mix) and half the route's
# own. Trade data with quantities by exporter and destination was not at hand to measure the
# share (the shared Eurostat downloads hold values only): half is a judgment, stated as such.
PRICE_SD = 0.45
EXPORTER_PRICE_SHARE = 0.5
EXPORTER_PRICE_SD = PRICE_SD * EXPORTER_PRICE_SHARE**0.5
ROUTE_PRICE_SD = PRICE_SD * (1.0 - EXPORTER_PRICE_SHARE) ** 0.5

BIRTH_RATE = 0.12  # share of background lines born mid-period
DEATH_RATE = 0.08  # share that stop mid-period
PRELUDE_SHARE = 0.4  # share of births preceded by tiny sporadic shipments
# Importers that keep every arms import confidential (drop it from their by-partner records,
# as Ukraine's statistics do since 2014); other suppressors move theirs to 'Areas, nes'.
CONFIDENTIAL_ARMS_IMPORTERS = frozenset({"UKR"})
SHOCK_MONTH = 38  # 2022-03: sanctions on exports to Russia and Belarus
REVISION_MONTH = 36  # 2022-01: HS 2022 in force
SANCTIONED = ("RUS", "BLR")
SANCTIONING = (
    "DEU", "FRA", "ITA", "ESP", "NLD", "BEL", "POL", "CZE", "AUT", "SWE", "FIN", "HUN", "SVK",
    "ROU", "BGR", "HRV", "SVN", "GRC", "USA", "GBR", "JPN", "KOR", "CAN", "NOR", "CHE",
)  # fmt: skip


@cache
def revised_from() -> dict[str, str]:
    """Code created by HS 2022 → one HS 2017 code it came from (the shipped concordance)."""
    from shadowtrade.reference import hs_concordance

    c = hs_concordance()
    c = c[c["adjustment"] == "2022 to 2017"]
    new = set(c["code_after"]) - set(c["code_before"])
    first = c[c["code_after"].isin(new)].sort_values(["code_after", "code_before"])
    return dict(first.drop_duplicates("code_after")[["code_after", "code_before"]].values)


@dataclass
class World:
    """The static facts of a simulated world."""

    countries: list[str]
    mass: np.ndarray  # economic size per country (log-normal)
    codes: list[str]
    code_uv: dict[str, float]
    code_pop: np.ndarray
    non_reporters: set[str]
    suppressors: set[str]
    missing_months: dict[str, set[int]]
    comtrade_code: dict[str, str]
    name: dict[str, str]
    hs_desc: dict[str, str]


def build_world(rng: np.random.Generator, scale: float) -> World:
    """A world's static facts: its countries and their economic sizes, the codes traded with
    their unit values, and who does not report or suppresses what."""
    ref = countries()
    real = ref[ref["kind"] == "country"]
    extra_n = int(min(len(real) - len(CORE_COUNTRIES), max(0, 20 * (scale**0.5) - 20)))
    others = sorted(set(real["iso3"]) - set(CORE_COUNTRIES))
    chosen = list(CORE_COUNTRIES) + list(rng.choice(others, size=extra_n, replace=False))
    # Economic size: roughly each core country's share of world merchandise trade (orders of
    # magnitude from WTO trade statistics), with noise; other countries small and log-normal.
    mass = np.array([TRADE_WEIGHT.get(c, 0.0) for c in chosen])
    small = mass == 0.0
    mass[small] = rng.lognormal(np.log(0.15), 0.8, size=int(small.sum()))
    mass = mass * rng.lognormal(0.0, 0.2, size=len(chosen))

    hs = hs_nomenclature()
    six = hs[(hs["level"] == "6")]["hscode"].tolist()
    six = [c for c in six if not c.startswith(("93", "36"))]
    n_civil = int(120 * (scale**0.5))
    civil = sorted(rng.choice(six, size=min(n_civil, len(six)), replace=False).tolist())
    cover = cover_codes()["hs_code"].tolist()
    # Drones (8806, created by HS 2022 out of 852580 and 8802) in every world: a revision birth.
    codes = list(dict.fromkeys([*CONTROLLED_CODES, *cover, *civil, "880622"]))
    code_uv: dict[str, float] = {}
    for c in codes:
        base = UNIT_VALUE.get(c[:4])
        code_uv[c] = base if base else float(rng.lognormal(np.log(6.0), 1.2))
    for c in cover:
        code_uv[c] = {
            "7326": 4.0,
            "7616": 9.0,
            "3824": 2.2,
            "8479": 35.0,
            "8487": 25.0,
            "7304": 2.0,
            "7409": 8.0,
            "7419": 14.0,
            "2904": 3.0,
            "8412": 80.0,
            "8543": 150.0,
            "8708": 12.0,
        }.get(c[:4], code_uv[c])
    code_pop = rng.lognormal(0.0, 1.0, size=len(codes))

    non_rep = {c for c in chosen if c not in CORE_COUNTRIES and rng.random() < 0.12}
    # Serbia, Czechia and Bulgaria publish chapter-93 trade by partner; others may suppress it.
    suppress = {c for c in chosen if rng.random() < 0.25 and c not in {"SRB", "CZE", "BGR"}}
    suppress |= CONFIDENTIAL_ARMS_IMPORTERS
    missing: dict[str, set[int]] = {}
    for c in chosen:
        p = float(rng.uniform(0.0, 0.08))
        missing[c] = {m for m in range(len(MONTHS)) if rng.random() < p}
    # A few reporters start or stop reporting mid-period (not the seed case's countries).
    for c in chosen:
        if c in {"SRB", "CZE", "BGR", "UKR"} or rng.random() >= 0.08:
            continue
        cut = int(rng.integers(12, len(MONTHS) - 12))
        late = rng.random() < 0.5
        missing[c] |= set(range(cut)) if late else set(range(cut, len(MONTHS)))

    code_map = dict(zip(ref["iso3"], ref["comtrade_code"], strict=True))
    names = dict(zip(ref["iso3"], ref["name"], strict=True))
    desc = hs_texts()
    return World(
        countries=chosen,
        mass=mass,
        codes=codes,
        code_uv=code_uv,
        code_pop=code_pop,
        non_reporters=non_rep,
        suppressors=suppress,
        missing_months=missing,
        comtrade_code=code_map,
        name=names,
        hs_desc=desc,
    )


def background_lines(rng: np.random.Generator, world: World, n_lines: int) -> pd.DataFrame:
    """Legitimate (exporter, importer, code) lines with a base monthly value and unit value."""
    p_c = world.mass / world.mass.sum()
    p_k = world.code_pop / world.code_pop.sum()
    n = len(world.countries)
    exp = rng.choice(n, size=n_lines, p=p_c)
    imp = rng.choice(n, size=n_lines, p=p_c)
    imp = np.where(imp == exp, (imp + 1 + rng.integers(0, n - 1, size=n_lines)) % n, imp)
    code = rng.choice(len(world.codes), size=n_lines, p=p_k)
    df = pd.DataFrame({"e": exp, "i": imp, "k": code}).drop_duplicates().reset_index(drop=True)
    cs = np.array(world.countries)
    ks = np.array(world.codes)
    lines = pd.DataFrame({"exporter": cs[df["e"]], "importer": cs[df["i"]], "hs_code": ks[df["k"]]})
    lines = lines[~lines["hs_code"].str.startswith(("93", "36"))]
    # Legitimate arms trade: steady lines between established exporters and importers.
    arms = []
    for e in ARMS_EXPORTERS:
        for i in ARMS_IMPORTERS:
            if e != i and e in world.countries and i in world.countries and rng.random() < 0.3:
                arms.append((e, i, str(rng.choice(CONTROLLED_CODES))))
    lines = pd.concat([lines, pd.DataFrame(arms, columns=list(lines.columns))], ignore_index=True)
    lines = lines.drop_duplicates().reset_index(drop=True)
    m = dict(zip(world.countries, world.mass, strict=True))
    size = np.sqrt(lines["exporter"].map(m).to_numpy() * lines["importer"].map(m).to_numpy())
    lines["base_value"] = rng.lognormal(np.log(80_000.0), 1.6, size=len(lines)) * size
    # A route's price: the code's, times its exporter's standing level for the code, times the
    # route's own (buyer, mix). The route factor is drawn here and the exporter's level last,
    # so that every other draw of the lines stays as it was.
    lines["uv"] = lines["hs_code"].map(world.code_uv).to_numpy() * rng.lognormal(
        0.0, ROUTE_PRICE_SD, size=len(lines)
    )
    # Small flows are intermittent: the probability a month has a shipment grows with size.
    lines["p_active"] = np.clip(0.25 + 0.12 * np.log10(lines["base_value"] / 5_000.0), 0.2, 1.0)
    lines["trend"] = rng.normal(0.0, 0.004, size=len(lines))
    lines["kind"] = "background"
    lines["uv"] = lines["uv"].to_numpy() * exporter_price_levels(rng, lines)
    return lines


def exporter_price_levels(rng: np.random.Generator, lines: pd.DataFrame) -> np.ndarray:
    """Each line's factor from its exporter's standing price level for its code: one draw per
    (exporter, code), log-normal with EXPORTER_PRICE_SD, the same to every destination (one
    country's steel articles are dearer than another's wherever they go)."""
    pairs = lines[["exporter", "hs_code"]].drop_duplicates().sort_values(["exporter", "hs_code"])
    level = pd.Series(
        rng.lognormal(0.0, EXPORTER_PRICE_SD, size=len(pairs)),
        index=pd.MultiIndex.from_frame(pairs),
    )
    at = pd.MultiIndex.from_frame(lines[["exporter", "hs_code"]])
    return level.reindex(at).to_numpy()


def benign_dynamics(rng: np.random.Generator, world: World, lines: pd.DataFrame) -> pd.DataFrame:
    """`lines` with `start`, `end` (first and last month of the line), `prelude` (tiny sporadic
    shipments in the 18 months before a birth), `revised` (the code the line is reported under
    before HS 2022, '' when the same) and `shock` (its level from 2022-03 on, as a share; 0:
    it stops): the births, deaths, revisions and sanctions collapses of ordinary trade."""
    n, n_t = len(lines), len(MONTHS)
    out = lines.copy()
    born = rng.random(n) < BIRTH_RATE
    dies = rng.random(n) < DEATH_RATE
    out["start"] = np.where(born, rng.integers(8, n_t - 6, n), 0)
    end = np.where(dies, rng.integers(6, n_t - 4, n), n_t - 1)
    out["end"] = np.maximum(end, out["start"].to_numpy() + 6)
    out["prelude"] = born & (rng.random(n) < PRELUDE_SHARE)
    rev = revised_from()
    out["revised"] = out["hs_code"].map(rev).fillna("")
    sanction = out["exporter"].isin(SANCTIONING) & out["importer"].isin(SANCTIONED)
    level = rng.lognormal(np.log(0.08), 0.8, n).clip(0.0, 0.5)
    stop = rng.random(n) < 0.3
    out["shock"] = np.where(sanction, np.where(stop, 0.0, level), 1.0)
    return out


HABIT_SHARE = 0.03  # of an importer's codes (with a sibling in the heading) booked elsewhere
LATE_ADOPTERS = 2  # reporters still on HS 2017 after the 2022 revision


@dataclass(frozen=True)
class ClassificationHabits:
    """How reporters book goods other than their partners do (DOMAIN.md: one side classifies
    goods under another heading or version): not diversion, a gap code by code."""

    imports: dict[tuple[str, str], str]  # (importer, code) → the sibling it books them under
    late: frozenset[str]  # reporters still on HS 2017 after 2022

    def as_dict(self) -> dict[str, object]:
        return {
            "import_habits": [[r, c, s] for (r, c), s in sorted(self.imports.items())],
            "late_hs_adopters": sorted(self.late),
        }


def classification_habits(
    rng: np.random.Generator, world: World, lines: pd.DataFrame
) -> ClassificationHabits:
    """Draw the world's classification habits from its own generator (the other draws of a
    world do not move): importer-code pairs of the background lines whose heading holds another
    of the world's codes, HABIT_SHARE of them, each booked under one such sibling; and
    LATE_ADOPTERS reporting countries on HS 2017."""
    by_heading: dict[str, list[str]] = {}
    for c in sorted(set(world.codes)):
        by_heading.setdefault(c[:4], []).append(c)
    pairs = lines[["importer", "hs_code"]].drop_duplicates().sort_values(["importer", "hs_code"])
    pairs = pairs[pairs["hs_code"].map(lambda c: len(by_heading.get(str(c)[:4], [])) > 1)]
    pick = pairs[rng.random(len(pairs)) < HABIT_SHARE]
    imports = {}
    for imp, code in pick.itertuples(index=False):
        sib = [c for c in by_heading[str(code)[:4]] if c != code]
        imports[(str(imp), str(code))] = str(sib[int(rng.integers(len(sib)))])
    reporting = [c for c in world.countries if c not in world.non_reporters]
    late = rng.choice(reporting, size=min(LATE_ADOPTERS, len(reporting)), replace=False)
    return ClassificationHabits(imports, frozenset(str(c) for c in late))
