"""Simulated worlds: realistic trade statistics in Comtrade's layout, with planted schemes.

    write_world("seed-case", Path("world"), seed=1)  →  world/comtrade.csv, world/truth.json

Same scenario, seed and scale give the same bytes. `--scale 70` gives about 10 million rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from shadowtrade.reference.loaders import hs_texts
from shadowtrade.synth.schemes import EVENT_COLUMNS, Truth, random_schemes, seed_case
from shadowtrade.synth.world import (
    CONFIDENTIAL_ARMS_IMPORTERS,
    MONTHS,
    REVISION_MONTH,
    SHOCK_MONTH,
    ClassificationHabits,
    World,
    background_lines,
    benign_dynamics,
    build_world,
    classification_habits,
    revised_from,
)

SCENARIOS = ("baseline", "seed-case", "mixed")
FAMILIES: dict[str, tuple[int, ...]] = {"dev": (), "eval": (20_26_12_02,)}
LEVELS = (2, 4, 6)
LINES_PER_SCALE = 3200
CHUNK_LINES = 15_000

COMTRADE_COLUMNS = [
    "typeCode",
    "freqCode",
    "refPeriodId",
    "refYear",
    "refMonth",
    "period",
    "reporterCode",
    "reporterISO",
    "reporterDesc",
    "flowCode",
    "flowDesc",
    "partnerCode",
    "partnerISO",
    "partnerDesc",
    "partner2Code",
    "partner2ISO",
    "partner2Desc",
    "classificationCode",
    "classificationSearchCode",
    "isOriginalClassification",
    "cmdCode",
    "cmdDesc",
    "aggrLevel",
    "isLeaf",
    "customsCode",
    "customsDesc",
    "mosCode",
    "motCode",
    "motDesc",
    "qtyUnitCode",
    "qtyUnitAbbr",
    "qty",
    "isQtyEstimated",
    "altQtyUnitCode",
    "altQtyUnitAbbr",
    "altQty",
    "isAltQtyEstimated",
    "netWgt",
    "isNetWgtEstimated",
    "grossWgt",
    "isGrossWgtEstimated",
    "cifvalue",
    "fobvalue",
    "primaryValue",
    "legacyEstimationFlag",
    "isReported",
    "isAggregate",
]


@dataclass
class WorldInfo:
    trade_file: Path
    truth_file: Path
    rows: int
    truth: list[Truth]


def _expand_background(rng: np.random.Generator, lines: pd.DataFrame) -> pd.DataFrame:
    """Monthly true shipments of background lines: seasonal, trending, noisy, intermittent."""
    n_t = len(MONTHS)
    n_l = len(lines)
    idx = np.repeat(np.arange(n_l), n_t)
    t = np.tile(np.arange(n_t), n_l)
    active = rng.random(n_l * n_t) < lines["p_active"].to_numpy()[idx]
    tiny = np.ones(n_l * n_t)
    if "start" in lines:  # benign dynamics (world.benign_dynamics): births, deaths, shocks
        start, end = lines["start"].to_numpy()[idx], lines["end"].to_numpy()[idx]
        pre = lines["prelude"].to_numpy()[idx] & (t < start) & (t >= start - 18)
        pre &= rng.random(n_l * n_t) < 0.25
        active &= ((t >= start) & (t <= end)) | pre
        tiny = np.where(pre, rng.uniform(0.002, 0.02, n_l * n_t), 1.0)
        tiny *= np.where(t >= SHOCK_MONTH, lines["shock"].to_numpy()[idx], 1.0)
        active &= tiny > 0
    phase = rng.uniform(0, 2 * np.pi, size=n_l)
    season = 1.0 + 0.15 * np.sin(2 * np.pi * (t % 12) / 12.0 + phase[idx])
    value = (
        lines["base_value"].to_numpy()[idx]
        * season
        * np.exp(lines["trend"].to_numpy()[idx] * t)
        * rng.lognormal(0.0, 0.35, n_l * n_t)
        * tiny
    )
    weight = value / (lines["uv"].to_numpy()[idx] * rng.lognormal(0.0, 0.12, n_l * n_t))
    idx, t, value, weight = idx[active], t[active], value[active], weight[active]
    code = lines["hs_code"].to_numpy()[idx]
    if "revised" in lines:  # before HS 2022 a code it created is reported as its predecessor
        old = lines["revised"].to_numpy()[idx]
        code = np.where((t < REVISION_MONTH) & (old != ""), old, code)
    return pd.DataFrame(
        {
            "exporter": lines["exporter"].to_numpy()[idx],
            "importer": lines["importer"].to_numpy()[idx],
            "month": t,
            "value": value,
            "weight": weight,
            "hs_exp": code,
            "hs_imp": code,
            "exp_reports": True,
            "imp_reports": True,
            "scheme_id": "",
        }
    )


REEXPORT_HUBS = ("NLD", "BEL", "SGP", "ARE", "HKG")
REEXPORT_SHARE = 0.3


def _hub_reexports(rng: np.random.Generator, ev: pd.DataFrame, world: World) -> pd.DataFrame:
    """Legitimate re-exports: part of what a trading hub imports leaves again within 0–2 months.

    A look-alike of transshipment that detectors must score low: the hub reports a re-export
    (RX) to the final destination, which records the import from the country of origin.
    """
    hubs = [h for h in REEXPORT_HUBS if h in world.countries]
    pick = ev["importer"].isin(hubs).to_numpy() & (rng.random(len(ev)) < REEXPORT_SHARE)
    src = ev[pick]
    if src.empty:
        return src
    weights = world.mass / world.mass.sum()
    dest = rng.choice(np.array(world.countries), size=len(src), p=weights)
    ok = (dest != src["importer"].to_numpy()) & (dest != src["exporter"].to_numpy())
    src, dest = src[ok], dest[ok]
    n = len(src)
    return pd.DataFrame(
        {
            "exporter": src["importer"].to_numpy(),
            "importer": dest,
            "month": src["month"].to_numpy() + rng.integers(0, 3, n),
            "value": src["value"].to_numpy() * rng.uniform(1.02, 1.10, n),
            "weight": src["weight"].to_numpy(),
            "hs_exp": src["hs_exp"].to_numpy(),
            "hs_imp": src["hs_imp"].to_numpy(),
            "exp_reports": True,
            "imp_reports": True,
            "scheme_id": "",
            "exp_flow": "RX",
            "origin": src["exporter"].to_numpy(),
        }
    )


def _reports(
    rng: np.random.Generator,
    ev: pd.DataFrame,
    world: World,
    level: int = 6,
    habits: ClassificationHabits | None = None,
) -> pd.DataFrame:
    """Each side's report of each shipment, under the reporting model of world.py, with codes
    cut to `level` digits (and summed) when the world is written at HS4 or HS2, and booked
    under the reporters' classification `habits`."""
    cidx = {c: i for i, c in enumerate(world.countries)}
    missing = np.zeros((len(world.countries), len(MONTHS)), dtype=bool)
    for c, ms in world.missing_months.items():
        missing[cidx[c], list(ms)] = True
    non_rep = np.array([c in world.non_reporters for c in world.countries])
    suppress = np.array([c in world.suppressors for c in world.countries])
    n = len(ev)
    # Re-exports: the hub reports flow RX; the importer names the country of origin as partner.
    exp_flow = ev["exp_flow"].fillna("X").to_numpy() if "exp_flow" in ev else np.full(n, "X")
    origin = (
        ev["origin"].fillna(ev["exporter"]).to_numpy()
        if "origin" in ev
        else ev["exporter"].to_numpy()
    )
    out = []
    for side in ("X", "M"):
        rep = ev["exporter" if side == "X" else "importer"].to_numpy()
        par = ev["importer"].to_numpy() if side == "X" else origin
        hs = ev["hs_exp" if side == "X" else "hs_imp"].to_numpy().astype(str)
        month = ev["month"].to_numpy().copy()
        if side == "X":
            value = ev["value"].to_numpy() * rng.lognormal(0.0, 0.02, n)
            keep = ev["exp_reports"].to_numpy().astype(bool)
        else:
            month = month + (rng.random(n) < 0.15)
            value = (
                ev["value"].to_numpy()
                * (1 + rng.uniform(0.03, 0.10, n))
                * rng.lognormal(0.0, 0.04, n)
            )
            keep = ev["imp_reports"].to_numpy().astype(bool)
        weight = ev["weight"].to_numpy() * rng.lognormal(0.0, 0.03, n)
        if habits is not None:
            hs = _habitual(hs, rep, month, side, habits)
        ri = np.array([cidx[c] for c in rep]) if n else np.zeros(0, dtype=int)
        in_range = month < len(MONTHS)
        keep &= in_range & ~non_rep[ri]
        keep[in_range] &= ~missing[ri[in_range], month[in_range]]
        sensitive = np.char.startswith(hs, "93") | np.char.startswith(hs, "36")
        # Some keep their arms imports confidential; other suppressors move them to 'Areas, nes'.
        confidential = np.isin(rep, sorted(CONFIDENTIAL_ARMS_IMPORTERS))
        keep &= ~(sensitive & confidential & (side == "M"))
        par = np.where(sensitive & suppress[ri], "XNS", par)
        out.append(
            pd.DataFrame(
                {
                    "reporter": rep[keep],
                    "partner": par[keep],
                    "flow": exp_flow[keep] if side == "X" else "M",
                    "month": month[keep],
                    "hs_code": hs[keep],
                    "value": value[keep],
                    "weight": weight[keep],
                }
            )
        )
    df = pd.concat(out, ignore_index=True)
    df["hs_code"] = df["hs_code"].str[:level]
    return _summed(df)


def _habitual(
    hs: np.ndarray, rep: np.ndarray, month: np.ndarray, side: str, habits: ClassificationHabits
) -> np.ndarray:
    """The codes each reporter books: an importer's habitual sibling code, and a late adopter's
    HS 2017 code for one HS 2022 created, from 2022 on (before, everyone does)."""
    out = hs.copy()
    if side == "M" and habits.imports and len(hs):
        keys = pd.Series(rep).str.cat(pd.Series(hs), sep="|")
        table = {f"{r}|{c}": s for (r, c), s in habits.imports.items()}
        moved = keys.map(table).to_numpy()
        hit = pd.notna(moved)
        out[hit] = moved[hit].astype(str)
    if habits.late and len(hs):
        old = pd.Series(out).map(revised_from()).to_numpy()
        hit = pd.notna(old) & np.isin(rep, sorted(habits.late)) & (month >= REVISION_MONTH)
        out[hit] = old[hit].astype(str)
    return out


def _summed(df: pd.DataFrame) -> pd.DataFrame:
    """One row per reporter, partner, flow, month and code."""
    return (
        df.groupby(["reporter", "partner", "flow", "month", "hs_code"], sort=True)
        .agg(value=("value", "sum"), weight=("weight", "sum"))
        .reset_index()
    )


_KEY_COLUMNS = ("reporterISO", "partnerCode", "flowCode", "period", "cmdCode")
_SUMMED_COLUMNS = ("qty", "netWgt", "grossWgt", "cifvalue", "fobvalue", "primaryValue")


def _merge_repeats(trade_file: Path) -> int:
    """Sum rows of one flow that landed in different chunks (a planted scheme's shipments on
    a background route, partners moved to 'Areas, nes' by suppression): a real file holds each
    flow once. Rows keep their order; returns how many rows were merged away."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 1")  # row order, hence the file's bytes, stay the same each run
    src = f"read_csv('{trade_file}', all_varchar=true, header=true)"
    key = ", ".join(f'"{c}"' for c in _KEY_COLUMNS)
    row = con.execute(f"SELECT count(*) - count(DISTINCT ({key})) FROM {src}").fetchone()
    extra = int(row[0]) if row else 0
    if not extra:
        con.close()
        return 0
    header = [d[0] for d in con.execute(f"SELECT * FROM {src} LIMIT 0").description]
    cols = []
    for c in header:
        if c in _SUMMED_COLUMNS:
            total = f'round(sum(TRY_CAST("{c}" AS DOUBLE)), 1)'
            cols.append(
                f'CASE WHEN count(*) = 1 THEN any_value("{c}") ELSE {total}::VARCHAR END AS "{c}"'
            )
        else:
            cols.append(f'any_value("{c}") AS "{c}"')
    tmp = trade_file.with_suffix(".merging.csv")
    con.execute(
        f"COPY (SELECT {', '.join(cols)} FROM (SELECT row_number() OVER () AS _n, * FROM {src})"
        f" GROUP BY {key} ORDER BY min(_n)) TO '{tmp}' (HEADER, DELIMITER ',')"
    )
    con.close()
    tmp.replace(trade_file)
    return extra


def _to_comtrade(df: pd.DataFrame, world: World, level: int = 6) -> pa.Table:
    """The 47-column Comtrade Plus layout."""
    n = len(df)
    months = MONTHS[df["month"].to_numpy()]
    year = months.year.to_numpy()
    mon = months.month.to_numpy()
    period = (year * 100 + mon).astype(str)
    code_map = {**world.comtrade_code, "XNS": "899"}
    name_map = {**world.name, "XNS": "Areas, nes"}
    imp = (df["flow"] == "M").to_numpy()
    flow_desc = df["flow"].map({"X": "Export", "M": "Import", "RX": "Re-export"}).to_numpy()
    value = np.round(df["value"].to_numpy(), 0)
    weight = np.round(df["weight"].to_numpy(), 1)
    hs = df["hs_code"].to_numpy()
    cls = np.where(year >= 2022, "H6", "H5")
    empty = np.full(n, "", dtype=object)
    cols: dict[str, object] = {
        "typeCode": np.full(n, "C"),
        "freqCode": np.full(n, "M"),
        "refPeriodId": [f"{p}01" for p in period],
        "refYear": year,
        "refMonth": mon,
        "period": period,
        "reporterCode": df["reporter"].map(code_map).to_numpy(),
        "reporterISO": df["reporter"].to_numpy(),
        "reporterDesc": df["reporter"].map(name_map).to_numpy(),
        "flowCode": df["flow"].to_numpy(),
        "flowDesc": flow_desc,
        "partnerCode": df["partner"].map(code_map).to_numpy(),
        "partnerISO": np.where(df["partner"] == "XNS", "_X", df["partner"]),
        "partnerDesc": df["partner"].map(name_map).to_numpy(),
        "partner2Code": np.zeros(n, dtype=int),
        "partner2ISO": np.full(n, "W00"),
        "partner2Desc": np.full(n, "World"),
        "classificationCode": cls,
        "classificationSearchCode": np.full(n, "HS"),
        "isOriginalClassification": np.full(n, True),
        "cmdCode": hs,
        "cmdDesc": pd.Series(hs)
        .map(world.hs_desc)
        .fillna(pd.Series(hs).map(hs_texts()))
        .fillna("")
        .to_numpy(),
        "aggrLevel": np.full(n, level),
        "isLeaf": np.full(n, True),
        "customsCode": np.full(n, "C00"),
        "customsDesc": np.full(n, "TOTAL CPC"),
        "mosCode": np.zeros(n, dtype=int),
        "motCode": np.zeros(n, dtype=int),
        "motDesc": np.full(n, "TOTAL MOT"),
        "qtyUnitCode": np.full(n, 8),
        "qtyUnitAbbr": np.full(n, "kg"),
        "qty": weight,
        "isQtyEstimated": np.full(n, False),
        "altQtyUnitCode": np.full(n, -1),
        "altQtyUnitAbbr": empty,
        "altQty": empty,
        "isAltQtyEstimated": np.full(n, False),
        "netWgt": weight,
        "isNetWgtEstimated": np.full(n, False),
        "grossWgt": np.round(weight * 1.04, 1),
        "isGrossWgtEstimated": np.full(n, True),
        "cifvalue": np.where(imp, value, np.nan),
        "fobvalue": np.where(imp, np.nan, value),
        "primaryValue": value,
        "legacyEstimationFlag": np.zeros(n, dtype=int),
        "isReported": np.full(n, True),
        "isAggregate": np.full(n, False),
    }
    # from_pandas: NaN (no CIF value on an export) is written as an empty field, not 'nan'.
    return pa.table({c: pa.array(cols[c], from_pandas=True) for c in COMTRADE_COLUMNS})


def write_world(
    scenario: str,
    out_dir: Path,
    *,
    seed: int = 1,
    scale: float = 1.0,
    level: int = 6,
    family: str = "dev",
) -> WorldInfo:
    """Simulate a scenario and write `comtrade.csv` and `truth.json` into `out_dir`.

    `level` 4 or 2 writes the same world (same shipments, same reports) with every code cut to
    its heading or chapter and summed, as a reporter that publishes only HS4 or HS2 would; the
    rows are then summed across the whole world before writing (several six-digit lines fall
    in one heading), so the file is built in memory.

    `family` 'eval' draws worlds from a second seed family, kept for evaluation only: nothing
    is tuned on it."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
    if level not in LEVELS:
        raise ValueError(f"unknown HS level {level}; choose one of {', '.join(map(str, LEVELS))}")
    out_dir.mkdir(parents=True, exist_ok=True)
    if family not in FAMILIES:
        raise ValueError(f"unknown seed family {family!r}; choose one of {', '.join(FAMILIES)}")
    # The evaluation family's worlds share no seed with the development family's.
    ss = np.random.SeedSequence([seed, SCENARIOS.index(scenario), *FAMILIES[family]])
    s_world, s_lines, s_schemes, s_chunks, s_dyn = ss.spawn(5)
    world = build_world(np.random.default_rng(s_world), scale)
    lines = background_lines(np.random.default_rng(s_lines), world, int(LINES_PER_SCALE * scale))
    lines = benign_dynamics(np.random.default_rng(s_dyn), world, lines)
    # Spawned after the others, so that every earlier draw of the world stays as it was.
    (s_habits,) = ss.spawn(1)
    habits = classification_habits(np.random.default_rng(s_habits), world, lines)
    rng_s = np.random.default_rng(s_schemes)
    truths: list[Truth] = []
    scheme_events: list[pd.DataFrame] = []
    if scenario == "seed-case":
        scheme_events, truths = seed_case(rng_s)
    elif scenario == "mixed":
        scheme_events, truths = random_schemes(rng_s, world, n=int(25 * max(1.0, scale**0.5)))

    trade_file = out_dir / "comtrade.csv"
    rows = 0
    n_chunks = max(1, -(-len(lines) // CHUNK_LINES))
    chunk_seeds = s_chunks.spawn(n_chunks + 1)
    writer: pacsv.CSVWriter | None = None
    coarse: list[pd.DataFrame] = []  # below HS6: every chunk's reports, summed at the end
    try:
        for c in range(n_chunks + 1):
            rng = np.random.default_rng(chunk_seeds[c])
            if c < n_chunks:
                ev = _expand_background(rng, lines.iloc[c * CHUNK_LINES : (c + 1) * CHUNK_LINES])
                ev = pd.concat([ev, _hub_reexports(rng, ev, world)], ignore_index=True)
            else:
                frames = [f[EVENT_COLUMNS] for f in scheme_events if len(f)]
                if not frames:
                    continue
                ev = pd.concat(frames, ignore_index=True)
            reports = _reports(rng, ev, world, level, habits)
            if level < 6:
                coarse.append(reports)
                continue
            table = _to_comtrade(reports, world)
            if writer is None:
                writer = pacsv.CSVWriter(str(trade_file), table.schema)
            writer.write_table(table)
            rows += table.num_rows
        if coarse:
            table = _to_comtrade(_summed(pd.concat(coarse, ignore_index=True)), world, level)
            writer = pacsv.CSVWriter(str(trade_file), table.schema)
            writer.write_table(table)
            rows += table.num_rows
    finally:
        if writer is not None:
            writer.close()
    if trade_file.exists():
        rows -= _merge_repeats(trade_file)
    truth_file = out_dir / "truth.json"
    truth_doc = {
        "scenario": scenario,
        "seed": seed,
        "family": family,
        "scale": scale,
        "hs_level": level,
        "months": [MONTHS[0].strftime("%Y-%m"), MONTHS[-1].strftime("%Y-%m")],
        "countries": world.countries,
        "non_reporters": sorted(world.non_reporters),
        "chapter93_suppressors": sorted(world.suppressors),
        "reexport_hubs": [h for h in REEXPORT_HUBS if h in world.countries],
        "classification": habits.as_dict(),
        "schemes": [t.as_dict() for t in truths],
    }
    truth_file.write_text(json.dumps(truth_doc, indent=2) + "\n", encoding="utf-8")
    return WorldInfo(trade_file=trade_file, truth_file=truth_file, rows=rows, truth=truths)
