"""Independent simulated trade world (UN Comtrade monthly HS6) with optional planted schemes.

Built without reading Shadowtrade's code, simulator or tests: an outside evaluator's world.
Family A writes the Comtrade Plus API layout (47 columns); family B writes the snake_case
client-library layout (comtradr-style) with its own parameter regime.

    python gen.py --family A --seed 1 --rows 1000000 --schemes 20 --out DIR

Writes DIR/comtrade.csv and DIR/truth.json (planted schemes, and the benign behaviours with
their parameters under "world").
"""

from __future__ import annotations

import os
import sys

try:
    import numpy as np
    import pandas as pd
except ModuleNotFoundError:  # the blind run may use a bare python: fall back to the project venv
    here = os.path.dirname(os.path.abspath(__file__))
    venv = os.path.join(here, "..", "..", ".venv", "bin", "python")
    if os.path.exists(venv) and sys.executable != venv:
        os.execv(venv, [venv, *sys.argv])
    raise

import argparse
import itertools
import json
from pathlib import Path

HS_FILE = Path("/work/shared/data/hs/harmonized-system.csv")
CHPL_FILE = Path("/work/shared/data/chpl/chpl_hs6_2024-02-23.csv")

# iso3, Comtrade numeric code, name, relative economic size (rough share of world trade)
COUNTRIES = """USA 842 USA 100
CHN 156 China 110
DEU 276 Germany 75
JPN 392 Japan 38
GBR 826 United Kingdom 33
FRA 251 France 36
ITA 381 Italy 30
KOR 410 Rep. of Korea 30
NLD 528 Netherlands 40
CAN 124 Canada 28
IND 699 India 26
ESP 724 Spain 20
MEX 484 Mexico 26
BEL 56 Belgium 25
CHE 757 Switzerland 18
RUS 643 Russian Federation 22
SGP 702 Singapore 24
HKG 344 China, Hong Kong SAR 30
TUR 792 Turkey 14
POL 616 Poland 16
ARE 784 United Arab Emirates 20
AUS 36 Australia 15
BRA 76 Brazil 15
SWE 752 Sweden 9
AUT 40 Austria 10
CZE 203 Czechia 10
THA 764 Thailand 13
MYS 458 Malaysia 13
VNM 704 Viet Nam 15
SAU 682 Saudi Arabia 10
ISR 376 Israel 5
IRL 372 Ireland 9
NOR 579 Norway 6
DNK 208 Denmark 7
IDN 360 Indonesia 11
HUN 348 Hungary 6
FIN 246 Finland 4
PRT 620 Portugal 5
ROU 642 Romania 5
SVK 703 Slovakia 4
ZAF 710 South Africa 5
CHL 152 Chile 4
PHL 608 Philippines 5
GRC 300 Greece 3.5
UKR 804 Ukraine 3
KAZ 398 Kazakhstan 3
BGR 100 Bulgaria 2.5
SRB 688 Serbia 2
HRV 191 Croatia 2
SVN 705 Slovenia 2.5
LTU 440 Lithuania 2.5
LVA 428 Latvia 1.5
EST 233 Estonia 1.3
NZL 554 New Zealand 2
ARG 32 Argentina 3.5
COL 170 Colombia 2.5
PER 604 Peru 2.2
EGY 818 Egypt 3
PAK 586 Pakistan 2.5
BGD 50 Bangladesh 2.5
MAR 504 Morocco 2
QAT 634 Qatar 3
KWT 414 Kuwait 2
OMN 512 Oman 1.5
JOR 400 Jordan 1
GEO 268 Georgia 0.6
ARM 51 Armenia 0.5
AZE 31 Azerbaijan 1
KGZ 417 Kyrgyzstan 0.3
UZB 860 Uzbekistan 1
BLR 112 Belarus 1.5
IRN 364 Iran 3
IRQ 368 Iraq 3
NGA 566 Nigeria 2
KEN 404 Kenya 0.8
ETH 231 Ethiopia 0.5
DZA 12 Algeria 2
TUN 788 Tunisia 1
LKA 144 Sri Lanka 0.8
MMR 104 Myanmar 0.8
SYR 760 Syria 0.2
LBY 434 Libya 0.8
SDN 729 Sudan 0.3
VEN 862 Venezuela 0.4
CUB 192 Cuba 0.2
MNG 496 Mongolia 0.5
TJK 762 Tajikistan 0.2
TKM 795 Turkmenistan 0.4
MDA 498 Rep. of Moldova 0.3
MKD 807 North Macedonia 0.4
BIH 70 Bosnia Herzegovina 0.5
MNE 499 Montenegro 0.15
ALB 8 Albania 0.3
CYP 196 Cyprus 0.5
MLT 470 Malta 0.4
LUX 442 Luxembourg 1
ISL 352 Iceland 0.3
ECU 218 Ecuador 1.2
URY 858 Uruguay 0.7
GHA 288 Ghana 0.8
CIV 384 Cote d'Ivoire 0.7
AGO 24 Angola 1
TZA 834 United Rep. of Tanzania 0.5"""

AREAS_NES = ("_X", 899, "Areas, nes")

ARMS_MAKERS = [
    "USA",
    "RUS",
    "FRA",
    "DEU",
    "CHN",
    "ITA",
    "GBR",
    "ISR",
    "KOR",
    "TUR",
    "SRB",
    "CZE",
    "BGR",
    "UKR",
    "SWE",
    "NOR",
    "ESP",
    "POL",
    "BRA",
    "ZAF",
    "BLR",
    "IRN",
    "PAK",
    "IND",
    "ROU",
    "SVK",
    "HRV",
    "BIH",
]
EU = [
    "DEU",
    "FRA",
    "ITA",
    "NLD",
    "BEL",
    "ESP",
    "POL",
    "SWE",
    "AUT",
    "CZE",
    "IRL",
    "DNK",
    "HUN",
    "FIN",
    "PRT",
    "ROU",
    "SVK",
    "GRC",
    "BGR",
    "HRV",
    "SVN",
    "LTU",
    "LVA",
    "EST",
    "CYP",
    "MLT",
    "LUX",
]
# HS6 codes the world must hold whatever the sample: the cover codes and usual suspects
COVER_CODES = [
    "732690",
    "761699",
    "382499",
    "848790",
    "847990",
    "854370",
    "903180",
    "850440",
    "731816",
    "880330",
]

FAMILIES = {
    "A": dict(
        layout="comtrade_plus",
        start=(2021, 1),
        months=48,
        n_reporters=70,
        n_partner_only=30,
        n_codes=480,
        sigma_route=1.9,
        cif=(0.05, 0.10),
        cif_remote=(0.08, 0.16),
        lag_p=(0.80, 0.17, 0.03),
        shock_target="RUS",
        shock_month=14,
        neighbours=["ARM", "KAZ", "KGZ", "GEO", "TUR", "ARE", "UZB"],
        hubs={"NLD": "X", "BEL": "X", "SGP": "RX", "ARE": "RX", "HKG": "RX"},
        confidential_share=0.25,
        silent_arms_importers=["UKR"],
        sibling_share=0.04,
        life=(0.60, 0.15, 0.12, 0.13),
        arms_life=(0.40, 0.20, 0.15, 0.25),
        miss_p=0.015,
    ),
    "B": dict(
        layout="snake_case",
        start=(2020, 7),
        months=42,
        n_reporters=62,
        n_partner_only=38,
        n_codes=380,
        sigma_route=2.1,
        cif=(0.04, 0.12),
        cif_remote=(0.10, 0.20),
        lag_p=(0.72, 0.23, 0.05),
        shock_target="IRN",
        shock_month=16,
        neighbours=["TUR", "ARE", "IRQ", "ARM", "AZE", "OMN"],
        hubs={"SGP": "RX", "ARE": "X", "HKG": "RX", "BEL": "X"},
        confidential_share=0.30,
        silent_arms_importers=["UKR", "SAU"],
        sibling_share=0.06,
        life=(0.52, 0.18, 0.14, 0.16),
        arms_life=(0.35, 0.22, 0.18, 0.25),
        miss_p=0.02,
    ),
}

CHAPTER_PRICE = {  # median USD/kg by chapter (rough, from public unit values)
    "93": 40,
    "36": 8,
    "84": 25,
    "85": 60,
    "90": 120,
    "87": 12,
    "88": 400,
    "89": 15,
    "72": 1.2,
    "73": 4,
    "76": 6,
    "38": 3,
    "39": 2.5,
    "29": 6,
    "30": 80,
    "61": 25,
    "62": 28,
    "27": 0.6,
    "28": 1.5,
    "40": 4,
    "94": 8,
    "95": 12,
    "71": 2000,
    "44": 0.8,
    "48": 1.5,
    "70": 3,
    "82": 20,
    "83": 10,
}
CONTROLLED_EXTRA = {"871000", "890610", "901310"}


def build_codes(rng: np.random.Generator, n_codes: int) -> pd.DataFrame:
    hs = pd.read_csv(HS_FILE, dtype=str)
    hs6 = hs[hs["level"] == "6"].copy()
    hs6["ch"] = hs6["hscode"].str[:2]
    chpl = set(pd.read_csv(CHPL_FILE, dtype=str)["hs6"])
    must = set(hs6.loc[hs6["ch"].isin(["93", "36"]), "hscode"])
    must |= set(hs6.loc[hs6["hscode"].str[:4].isin(["8806", "8807"]), "hscode"])
    must |= CONTROLLED_EXTRA | set(COVER_CODES) | (chpl & set(hs6["hscode"]))
    pools = {"84": 60, "85": 60, "90": 30, "87": 25, "88": 6, "73": 15, "76": 8, "38": 12}
    chosen = set(must)
    for ch, k in pools.items():
        cand = sorted(set(hs6.loc[hs6["ch"] == ch, "hscode"]) - chosen)
        chosen |= set(rng.choice(cand, size=min(k, len(cand)), replace=False))
    rest = sorted(set(hs6["hscode"]) - chosen)
    chosen |= set(rng.choice(rest, size=max(0, n_codes - len(chosen)), replace=False))
    codes = hs6[hs6["hscode"].isin(chosen)][["hscode", "description", "ch"]].reset_index(drop=True)
    codes.columns = ["hs", "desc", "ch"]
    codes["heading"] = codes["hs"].str[:4]
    h4 = codes["heading"]
    codes["controlled"] = (
        codes["ch"].isin(["93", "36"]) | h4.isin(["8806"]) | codes["hs"].isin(CONTROLLED_EXTRA)
    )
    codes["dual_use"] = codes["hs"].isin(chpl) | h4.isin(["8807"])
    codes["arms_like"] = codes["controlled"] | h4.isin(["8807"])
    base = codes["ch"].map(CHAPTER_PRICE).fillna(5.0).to_numpy(float)
    codes["price"] = base * rng.lognormal(0, 0.6, len(codes))
    codes.loc[codes["hs"] == "930690", "price"] = 18.0
    codes.loc[codes["heading"] == "3601", "price"] = 9.0
    units = np.where(
        codes["ch"].isin(["84", "85", "87", "88", "90", "93", "95"])
        & (rng.random(len(codes)) < 0.6),
        "u",
        "kg",
    )
    units = np.where(rng.random(len(codes)) < 0.05, "na", units)
    codes["unit"] = units
    codes["item_kg"] = np.where(codes["ch"] == "87", 1200.0, 3.0) * rng.lognormal(
        0, 1.0, len(codes)
    )
    codes["popularity"] = rng.lognormal(0, 1.2, len(codes)) * np.where(codes["arms_like"], 0.7, 1.0)
    codes["season_amp"] = rng.uniform(0.0, 0.25, len(codes))
    codes["season_phase"] = rng.uniform(0, 12, len(codes))
    return codes


def build_countries(rng: np.random.Generator, p: dict) -> pd.DataFrame:
    rows = [ln.split(" ") for ln in COUNTRIES.splitlines()]
    c = pd.DataFrame(
        {
            "iso": [r[0] for r in rows],
            "code": [int(r[1]) for r in rows],
            "name": [" ".join(r[2:-1]) for r in rows],
            "size": [float(r[-1]) for r in rows],
        }
    )
    # reporters: the larger economies are more likely to report; always keep the roles the world needs
    need = (
        set(p["neighbours"])
        | set(p["hubs"])
        | {p["shock_target"]}
        | set(p["silent_arms_importers"])
        | {"SRB", "CZE", "BGR"}
    )
    w = c["size"].to_numpy() ** 0.5
    w = np.where(c["iso"].isin(need), 0.0, w)
    k = p["n_reporters"] - len(need)
    pick = rng.choice(len(c), size=k, replace=False, p=w / w.sum())
    c["reporter"] = c["iso"].isin(need) | c.index.isin(pick)
    rest = c.index[~c["reporter"]]
    keep = rng.choice(rest, size=min(p["n_partner_only"], len(rest)), replace=False)
    c = c[c["reporter"] | c.index.isin(keep)].reset_index(drop=True)
    c["size"] *= rng.lognormal(0, 0.25, len(c))
    c["region"] = rng.integers(0, 6, len(c))  # crude geography: remote pairs pay more freight
    return c


def month_label(p: dict, m: np.ndarray) -> np.ndarray:
    y0, m0 = p["start"]
    tot = (y0 * 12 + m0 - 1) + m
    return (tot // 12) * 100 + tot % 12 + 1


def make_routes(rng, p, codes, ctry, n_routes):
    """Sample (exporter, importer, code) routes with sizes, lifecycles, trends and presence rates."""
    nc = len(ctry)
    size = ctry["size"].to_numpy()
    chapters = sorted(codes["ch"].unique())
    aff = rng.lognormal(0, 1.2, (nc, len(chapters)))
    arms_ix = [chapters.index(c) for c in ("93", "36") if c in chapters]
    maker = ctry["iso"].isin(ARMS_MAKERS).to_numpy()
    for j in arms_ix:
        aff[:, j] *= np.where(maker, 8.0, 0.15)
    ch_ix = codes["ch"].map({c: i for i, c in enumerate(chapters)}).to_numpy()
    pop = codes["popularity"].to_numpy()
    code = rng.choice(len(codes), size=n_routes, p=pop / pop.sum())
    exp = np.empty(n_routes, int)
    for j in range(len(chapters)):
        sel = np.flatnonzero(ch_ix[code] == j)
        if len(sel):
            w = size * aff[:, j]
            exp[sel] = rng.choice(nc, size=len(sel), p=w / w.sum())
    w_imp = size**0.8
    imp = rng.choice(nc, size=n_routes, p=w_imp / w_imp.sum())
    clash = imp == exp
    imp[clash] = (imp[clash] + rng.integers(1, nc, clash.sum())) % nc
    r = (
        pd.DataFrame({"exp": exp, "imp": imp, "code": code})
        .drop_duplicates()
        .reset_index(drop=True)
    )
    n = len(r)
    arms = codes["arms_like"].to_numpy()[r["code"]]
    pair = np.log(size[r["exp"]] * size[r["imp"]] / 100.0)
    r["base"] = np.exp(np.log(2e4) + 0.35 * pair + rng.normal(0, p["sigma_route"], n))
    T = p["months"]
    u = rng.random(n)
    life = np.where(
        arms[:, None], np.array(p["arms_life"])[None, :], np.array(p["life"])[None, :]
    ).cumsum(1)
    kind = (u[:, None] > life).sum(1)  # 0 steady, 1 born, 2 died, 3 short
    birth = np.where(np.isin(kind, [1, 3]), rng.integers(1, T, n), 0)
    death = np.where(kind == 2, rng.integers(0, T - 1, n), T - 1)
    short_len = rng.geometric(0.3, n)  # one-off deliveries and short contracts
    death = np.where(kind == 3, np.minimum(birth + short_len - 1, T - 1), death)
    r["kind"] = kind
    r["birth"] = birth
    r["death"] = death
    r["growth"] = rng.normal(0.0, 0.15, n) / 12.0
    pres = np.clip(0.25 + 0.16 * np.log10(r["base"] / 1e3), 0.15, 0.98)
    r["presence"] = np.where(arms, pres * 0.7, pres)
    r["arms"] = arms
    r["route_price"] = rng.lognormal(0, 0.45, n)
    return r


def expand(rng, p, r, codes, ctry):
    """Route table -> shipment-month flows with true (FOB) value and weight."""
    p["months"]
    length = (r["death"] - r["birth"] + 1).to_numpy()
    idx = np.repeat(np.arange(len(r)), length)
    off = np.arange(len(idx)) - np.repeat(np.cumsum(length) - length, length)
    month = r["birth"].to_numpy()[idx] + off
    keep = rng.random(len(idx)) < r["presence"].to_numpy()[idx]
    # tiny sporadic shipments before a born route grows
    born = np.flatnonzero(
        (r["kind"].to_numpy() == 1) & (r["birth"].to_numpy() >= 6) & (rng.random(len(r)) < 0.3)
    )
    k = rng.integers(1, 4, len(born))
    pre_idx = np.repeat(born, k)
    pre_month = (rng.random(len(pre_idx)) * r["birth"].to_numpy()[pre_idx]).astype(int)
    idx = np.concatenate([idx[keep], pre_idx])
    month = np.concatenate([month[keep], pre_month])
    tiny = np.concatenate([np.zeros(keep.sum(), bool), np.ones(len(pre_idx), bool)])
    c = r["code"].to_numpy()[idx]
    season = 1 + codes["season_amp"].to_numpy()[c] * np.sin(
        2 * np.pi * (month + codes["season_phase"].to_numpy()[c]) / 12
    )
    trend = np.exp(r["growth"].to_numpy()[idx] * month)
    v = r["base"].to_numpy()[idx] * season * trend * rng.lognormal(0, 0.35, len(idx))
    arms = r["arms"].to_numpy()[idx]
    lump = arms & (rng.random(len(idx)) < 0.08)  # lumpy large orders
    v = np.where(lump, v * (3 + rng.pareto(1.3, len(idx)) * 4), v)
    v = np.where(tiny, v * rng.uniform(0.005, 0.03, len(idx)), v)
    exp = r["exp"].to_numpy()[idx]
    # exporter's standing price level per chapter, route level, monthly noise
    ch_code = codes["ch"].astype("category").cat.codes.to_numpy()
    lvl = rng.lognormal(0, 0.3, (len(ctry), ch_code.max() + 1))
    price = (
        codes["price"].to_numpy()[c]
        * lvl[exp, ch_code[c]]
        * r["route_price"].to_numpy()[idx]
        * rng.lognormal(0, 0.18, len(idx))
    )
    f = pd.DataFrame(
        {
            "exp": exp,
            "imp": r["imp"].to_numpy()[idx],
            "origin": exp,
            "code": c,
            "month": month,
            "value": v,
            "kg": v / price,
        }
    )
    f["kind"] = "benign"
    f.loc[tiny, "kind"] = "tiny"
    f["life"] = np.array(["steady", "born", "died", "short"])[r["kind"].to_numpy()[idx]]
    f["birth"] = r["birth"].to_numpy()[idx]
    f["lump"] = lump
    return f


def sanctions_shock(rng, p, f, r, codes, ctry):
    """A destination's imports of many codes from sanctioning countries collapse; part reroutes via neighbours."""
    iso = ctry["iso"].to_numpy()
    D = int(np.flatnonzero(iso == p["shock_target"])[0])
    sanctioning = np.isin(
        iso, [*EU, "USA", "GBR", "JPN", "KOR", "CAN", "AUS", "CHE", "NOR", "NZL", "SGP"]
    )
    hit_code = (
        (codes["ch"].isin(["84", "85", "87", "88", "90", "93", "36"]) | codes["dual_use"])
        .to_numpy()
        .copy()
    )
    hit_code &= rng.random(len(codes)) < 0.75
    m0 = p["shock_month"]
    sel = (
        (f["imp"].to_numpy() == D)
        & sanctioning[f["exp"].to_numpy()]
        & hit_code[f["code"].to_numpy()]
    )
    after = sel & (f["month"].to_numpy() >= m0)
    # after the shock: most of these flows stop, the rest fall to a few percent
    route_key = f["exp"].to_numpy() * 10000 + f["code"].to_numpy()
    uk, inv = np.unique(route_key, return_inverse=True)
    stop_route = rng.random(len(uk)) < 0.7
    drop = after & stop_route[inv]
    f.loc[after & ~drop, "value"] *= 0.06
    f.loc[after & ~drop, "kg"] *= 0.06
    # rerouting: pre-shock average of each hit route, moved through a neighbour
    pre = (
        f[sel & (f["month"].to_numpy() < m0)]
        .groupby(["exp", "code"], as_index=False)[["value", "kg"]]
        .mean()
    )
    # only goods on no control list are rerouted in the open (arms and dual-use goods are not: that is evasion)
    civil = ~(codes["controlled"] | codes["dual_use"]).to_numpy()
    pre = pre[(rng.random(len(pre)) < 0.4) & civil[pre["code"].to_numpy()]].reset_index(drop=True)
    nb = np.array([int(np.flatnonzero(iso == n)[0]) for n in p["neighbours"] if n in iso])
    pre["via"] = rng.choice(nb, len(pre))
    pre = pre[pre["via"] != pre["exp"]]
    pre["start"] = m0 + rng.integers(1, 5, len(pre))
    pre["frac"] = rng.uniform(0.15, 0.5, len(pre))
    pre["lag"] = rng.choice([0, 1, 2], len(pre), p=[0.5, 0.35, 0.15])
    n_m = (p["months"] - pre["start"]).clip(lower=0).to_numpy()
    ii = np.repeat(np.arange(len(pre)), n_m)
    mm = pre["start"].to_numpy()[ii] + (np.arange(len(ii)) - np.repeat(np.cumsum(n_m) - n_m, n_m))
    present = rng.random(len(ii)) < 0.8
    ii, mm = ii[present], mm[present]
    val = pre["value"].to_numpy()[ii] * pre["frac"].to_numpy()[ii] * rng.lognormal(0, 0.4, len(ii))
    kg = val / (pre["value"].to_numpy()[ii] / pre["kg"].to_numpy()[ii])
    leg1 = pd.DataFrame(
        {
            "exp": pre["exp"].to_numpy()[ii],
            "imp": pre["via"].to_numpy()[ii],
            "origin": pre["exp"].to_numpy()[ii],
            "code": pre["code"].to_numpy()[ii],
            "month": mm,
            "value": val,
            "kg": kg,
            "kind": "reroute_in",
        }
    )
    # onward leg: importer D records origin (the first exporter) or the neighbour, per route
    rec_origin = (rng.random(len(pre)) < 0.5)[ii]
    leg2 = pd.DataFrame(
        {
            "exp": pre["via"].to_numpy()[ii],
            "imp": D,
            "origin": np.where(rec_origin, pre["exp"].to_numpy()[ii], pre["via"].to_numpy()[ii]),
            "code": pre["code"].to_numpy()[ii],
            "month": mm + pre["lag"].to_numpy()[ii],
            "value": val * rng.uniform(1.03, 1.15, len(ii)),
            "kg": kg,
            "kind": "reroute_out",
        }
    )
    f = f[~drop]
    out = pd.concat([f, leg1, leg2[leg2["month"] < p["months"]]], ignore_index=True)
    info = {
        "target": p["shock_target"],
        "month": int(month_label(p, np.array([m0]))[0]),
        "codes_hit": int(hit_code.sum()),
        "routes_stopped_share": 0.7,
        "remaining_share_of_value": 0.06,
        "rerouted_routes": len(pre),
        "neighbours": p["neighbours"],
    }
    return out, info


def hub_reexports(rng, p, f, ctry, codes):
    """Legitimate re-export hubs: part of a hub's imports leaves again within 0-2 months."""
    iso = ctry["iso"].to_numpy()
    hubs = {int(np.flatnonzero(iso == h)[0]): fl for h, fl in p["hubs"].items()}
    inflow = f[f["imp"].isin(list(hubs)) & (f["kind"] == "benign")]
    keys = inflow[["exp", "imp", "code"]].drop_duplicates()
    # arms need export licences naming the end user: hubs rarely re-export them
    ctrl = codes["controlled"].to_numpy()[keys["code"].to_numpy()]
    keys = keys[rng.random(len(keys)) < np.where(ctrl, 0.05, 0.35)].copy()
    keys["dest"] = rng.choice(
        len(ctry), len(keys), p=(ctry["size"] / ctry["size"].sum()).to_numpy()
    )
    keys = keys[(keys["dest"] != keys["imp"]) & (keys["dest"] != keys["exp"])]
    keys["frac"] = rng.uniform(0.3, 0.8, len(keys))
    keys["lag"] = rng.choice([0, 1, 2], len(keys), p=[0.4, 0.4, 0.2])
    # importers record the country of origin, except inside the EU, where arrivals are booked to the
    # member state of consignment (the hub)
    eu = np.isin(iso, EU)
    keys["rec_origin"] = (rng.random(len(keys)) < 0.6) & ~(
        eu[keys["imp"].to_numpy()] & eu[keys["dest"].to_numpy()]
    )
    x = inflow.merge(keys, on=["exp", "imp", "code"])
    out = pd.DataFrame(
        {
            "exp": x["imp"],
            "imp": x["dest"],
            "origin": np.where(x["rec_origin"], x["exp"], x["imp"]),
            "code": x["code"],
            "month": x["month"] + x["lag"],
            "value": x["value"] * x["frac"] * rng.uniform(1.02, 1.10, len(x)),
            "kg": x["kg"] * x["frac"],
            "kind": "reexport",
        }
    )
    out = out[out["month"] < p["months"]]
    return pd.concat([f, out], ignore_index=True), {
        "hubs": p["hubs"],
        "routes_reexported": len(keys),
    }


def report_rows(rng, p, f, ctry, codes):
    """Each flow's two reports: exporter FOB, importer CIF, with timing lags and noise."""
    T = p["months"]
    reg = ctry["region"].to_numpy()
    n = len(f)
    exp, imp, org = f["exp"].to_numpy(), f["imp"].to_numpy(), f["origin"].to_numpy()
    remote = reg[exp] != reg[imp]
    pair_cif = np.where(remote, rng.uniform(*p["cif_remote"], n), rng.uniform(*p["cif"], n))
    # one CIF margin per pair (stable), approximated by hashing the pair into a table
    tab_near = rng.uniform(*p["cif"], 200_000)
    tab_far = rng.uniform(*p["cif_remote"], 200_000)
    h = (exp * 7919 + imp * 104729) % 200_000
    pair_cif = np.where(remote, tab_far[h], tab_near[h])
    lag = rng.choice([0, 1, 2], n, p=list(p["lag_p"]))
    is_rx = f["kind"].to_numpy() == "reexport"
    hub_flow = np.array([p["hubs"].get(ctry["iso"].iloc[e], "X") for e in range(len(ctry))])
    xflow = np.where(is_rx, hub_flow[exp], "X")
    ex = pd.DataFrame(
        {
            "rep": exp,
            "par": imp,
            "flow": xflow,
            "code": f["code"].to_numpy(),
            "month": f["month"].to_numpy(),
            "value": f["value"].to_numpy() * rng.lognormal(0, 0.03, n),
            "kg": f["kg"].to_numpy() * rng.lognormal(0, 0.04, n),
            "kind": f["kind"].to_numpy(),
        }
    )
    im = pd.DataFrame(
        {
            "rep": imp,
            "par": org,
            "flow": "M",
            "code": f["code"].to_numpy(),
            "month": f["month"].to_numpy() + lag,
            "value": f["value"].to_numpy() * (1 + pair_cif) * rng.lognormal(0, 0.03, n),
            "kg": f["kg"].to_numpy() * rng.lognormal(0, 0.05, n),
            "kind": f["kind"].to_numpy(),
        }
    )
    im = im[im["month"] < T]
    rows = pd.concat([ex, im], ignore_index=True)
    return rows


def reporting_quirks(rng, p, rows, ctry, codes):
    """Who reports what: non-reporters, late starters, stoppers, missing months, confidential arms,
    sibling classification, unit changes, missing weights."""
    T = p["months"]
    nc = len(ctry)
    reporter = ctry["reporter"].to_numpy()
    iso = ctry["iso"].to_numpy()
    protected = np.isin(
        iso, p["neighbours"] + list(p["hubs"]) + [p["shock_target"]] + ["SRB", "CZE", "BGR"]
    )
    cand = np.flatnonzero(reporter & ~protected)
    late = rng.choice(cand, 4, replace=False)
    stop = rng.choice(np.setdiff1d(cand, late), 3, replace=False)
    first = np.zeros(nc, int)
    last = np.full(nc, T - 1)
    first[late] = rng.integers(8, 24, len(late))
    last[stop] = rng.integers(30, T - 4, len(stop))
    bad = rng.choice(np.setdiff1d(cand, np.concatenate([late, stop])), 3, replace=False)
    miss_p = np.full(nc, p["miss_p"])
    miss_p[bad] = 0.12
    missing = rng.random((nc, T)) < miss_p[:, None]
    rep, _par, code, month = (
        rows["rep"].to_numpy(),
        rows["par"].to_numpy(),
        rows["code"].to_numpy(),
        rows["month"].to_numpy(),
    )
    scheme = rows["kind"].str.startswith("scheme").to_numpy()
    keep = reporter[rep] & (month >= first[rep]) & (month <= last[rep]) & ~missing[rep, month]
    # arms confidentiality: some reporters book chapters 93 and 36 to "Areas, nes"; some importers do not report arms
    chap = codes["ch"].to_numpy()[code]
    arms_ch = np.isin(chap, ["93", "36"])
    conf = np.zeros(nc, bool)
    conf[
        rng.choice(
            np.flatnonzero(reporter), int(p["confidential_share"] * reporter.sum()), replace=False
        )
    ] = True
    silent = np.isin(iso, p["silent_arms_importers"])
    keep &= ~(arms_ch & silent[rep] & (rows["flow"].to_numpy() == "M") & ~scheme)
    to_nes = arms_ch & conf[rep] & ~scheme
    rows = rows.assign(par_nes=to_nes)
    # sibling classification: a reporter books a code under a sibling of the same heading
    heading = codes["heading"].to_numpy()
    sib_of = np.arange(len(codes))
    order = np.argsort(heading, kind="stable")
    hs_sorted = heading[order]
    nxt = np.roll(order, -1)
    same = hs_sorted == np.roll(hs_sorted, -1)
    sib_of[order[same]] = nxt[same]
    prev_same = hs_sorted == np.roll(hs_sorted, 1)
    lone_first = ~same & prev_same  # last of its heading: point back to the first of the heading
    first_of = {}
    for i, hh in zip(order, hs_sorted, strict=False):
        first_of.setdefault(hh, i)
    for i in order[lone_first]:
        sib_of[i] = first_of[heading[i]]
    has_sib = sib_of != np.arange(len(codes))
    sib_pairs = rng.random((nc, len(codes))) < p["sibling_share"]
    use_sib = sib_pairs[rep, code] & has_sib[code] & ~scheme
    use_sib |= (rng.random(len(rows)) < 0.01) & has_sib[code] & ~scheme
    rows["code"] = np.where(use_sib, sib_of[code], code)
    # unit changes: some reporter-code pairs switch from items to kg from a month on
    switch = rng.random((nc, len(codes))) < 0.05
    switch_m = rng.integers(6, T - 6, (nc, len(codes)))
    unit = codes["unit"].to_numpy()[rows["code"].to_numpy()]
    sw = switch[rep, code] & (month >= switch_m[rep, code]) & (unit == "u")
    rows["unit"] = np.where(sw, "kg", unit)
    item = codes["item_kg"].to_numpy()[rows["code"].to_numpy()]
    rows["qty"] = np.where(
        rows["unit"] == "u",
        np.maximum(1, np.round(rows["kg"] / item)),
        np.where(rows["unit"] == "kg", rows["kg"], np.nan),
    )
    # weights missing for some reporters' rows
    no_w = rng.random(nc) < 0.1
    rows.loc[no_w[rep] & (rng.random(len(rows)) < 0.5) & ~scheme, "kg"] = np.nan
    rows = rows[keep].reset_index(drop=True)
    info = {
        "late_starters": {iso[i]: int(month_label(p, np.array([first[i]]))[0]) for i in late},
        "stoppers": {iso[i]: int(month_label(p, np.array([last[i]]))[0]) for i in stop},
        "missing_month_rate": p["miss_p"],
        "bad_reporters_missing_12pct": [iso[i] for i in bad],
        "confidential_arms_to_areas_nes": [iso[i] for i in np.flatnonzero(conf)],
        "silent_arms_importers": p["silent_arms_importers"],
        "sibling_pair_share": p["sibling_share"],
        "sibling_row_share": 0.01,
        "unit_change_pair_share": 0.05,
        "missing_weight_reporters": [iso[i] for i in np.flatnonzero(no_w)],
    }
    return rows, info


SCHEME_KINDS = ["cross_code", "transshipment", "phantom", "unit_value", "new_route"]
COVERS = {
    "93": ["732690", "848790", "761699", "731816"],
    "36": ["382499", "848790"],
    "88": ["847990", "880330"],
    "85": ["854370", "850440"],
    "90": ["903180"],
    "87": ["848790", "732690"],
    "84": ["847990"],
}


def plant_schemes(rng, p, n, f, ctry, codes):
    """Planted schemes as report rows (each side's record written per the scheme), plus their truth."""
    if n == 0:
        return f, pd.DataFrame(), []
    T = p["months"]
    iso = ctry["iso"].to_numpy()
    reporter = ctry["reporter"].to_numpy()
    pool = np.flatnonzero(reporter & ~np.isin(iso, p["silent_arms_importers"]))
    ctrl = codes.index[codes["controlled"] | codes["dual_use"]].to_numpy()
    code_ix = {h: i for i, h in enumerate(codes["hs"])}
    rows, truth = [], []
    size = ctry["size"].to_numpy()
    for s in range(n):
        kind = SCHEME_KINDS[s % len(SCHEME_KINDS)]
        signal = (
            rng.choice(["cross_code", "phantom", "unit_value"]) if kind == "new_route" else None
        )
        price_of = codes["price"].to_numpy()
        for _ in range(
            100
        ):  # a cover code differs from the true code; for a unit-value scheme it is cheap
            h = int(rng.choice(ctrl))
            hs = codes["hs"].iloc[h]
            cov = [
                code_ix[x]
                for x in COVERS.get(hs[:2], ["732690", "848790"])
                if x in code_ix and x != hs
            ]
            if kind == "unit_value" or signal == "unit_value":
                cov = [x for x in cov if price_of[x] <= price_of[h] / 3]
            if cov:
                break
        c = int(rng.choice(cov))
        o, d = rng.choice(pool, 2, replace=False, p=size[pool] ** 0.3 / (size[pool] ** 0.3).sum())
        start = int(rng.integers(4, T - 10))
        length = int(rng.integers(6, 21))
        end = min(T - 1, start + length - 1)
        mv = float(np.clip(rng.lognormal(np.log(4e5), 1.0), 3e4, 8e6))
        price = codes["price"].iloc[h] * rng.lognormal(0, 0.2)
        months = np.arange(start, end + 1)
        months = months[rng.random(len(months)) < 0.85]
        vals = mv * rng.lognormal(0, 0.3, len(months))
        kg = vals / price
        cif = rng.uniform(0.04, 0.1)
        eff = signal or kind
        via = []
        lags = []
        declared = None

        def add(rep, par, flow, code, mm, vv, kk):
            rows.append(
                pd.DataFrame(
                    {
                        "rep": rep,
                        "par": par,
                        "flow": flow,
                        "code": code,
                        "month": mm,
                        "value": vv,
                        "kg": kk,
                        "kind": f"scheme{s}",
                    }
                )
            )

        if eff == "cross_code":
            declared = codes["hs"].iloc[c]
            add(o, d, "X", c, months, vals, kg)
            add(d, o, "M", h, months, vals * (1 + cif), kg)
        elif eff == "phantom":
            add(o, d, "X", h, months, vals, kg)
        elif eff == "unit_value":
            declared = codes["hs"].iloc[c]
            add(o, d, "X", c, months, vals, kg)
            add(d, o, "M", c, months, vals * (1 + cif), kg)
        elif eff == "transshipment":
            nvia = 2 if rng.random() < 0.2 else 1
            vias = list(rng.choice(np.setdiff1d(pool, [o, d]), nvia, replace=False))
            use_cover = rng.random() < 0.4
            if use_cover:
                declared = codes["hs"].iloc[c]
            chain = [o, *vias, d]
            mm, vv = months, vals
            for leg, (a, b) in enumerate(itertools.pairwise(chain)):
                code_x = c if (use_cover and leg == 0) else h
                add(a, b, "X", code_x, mm, vv, vv / price)
                silent_end = (leg == len(chain) - 2) and rng.random() < 0.3
                if not silent_end:
                    add(b, a, "M", h, mm, vv * (1 + cif), vv / price)
                if leg < len(chain) - 2:
                    L = int(rng.integers(1, 4))
                    lags.append(L)
                    mm = mm + L
                    ok = mm < T
                    mm, vv = mm[ok], vv[ok] * rng.uniform(1.0, 1.3)
            via = [iso[v] for v in vias]
        if kind == "new_route":  # from nothing: remove any benign trade of this heading on the pair
            hd = codes["heading"].to_numpy()
            kill = (
                (f["exp"].to_numpy() == o)
                & (f["imp"].to_numpy() == d)
                & (hd[f["code"].to_numpy()] == codes["heading"].iloc[h])
            )
            f = f[~kill]
        truth.append(
            {
                "id": f"S{s:02d}",
                "kind": kind,
                "signal": signal,
                "origin": iso[o],
                "via": via,
                "destination": iso[d],
                "hs_code": hs,
                "declared_hs_code": declared,
                "period_start": f"{month_label(p, np.array([start]))[0]}",
                "period_end": f"{month_label(p, np.array([end]))[0]}",
                "monthly_value_usd": round(mv),
                "lags": lags,
                "price_usd_kg": round(float(price), 2),
            }
        )
    return f, pd.concat(rows, ignore_index=True), truth


def write_layout(p, rows, ctry, codes, path):
    iso = np.append(ctry["iso"].to_numpy(), AREAS_NES[0])
    num = np.append(ctry["code"].to_numpy(), AREAS_NES[1])
    name = np.append(ctry["name"].to_numpy(), AREAS_NES[2])
    nes_ix = len(ctry)
    rows = rows.assign(
        par=np.where(rows["par_nes"].fillna(False).to_numpy(bool), nes_ix, rows["par"].to_numpy())
    )
    # one record per reporter, partner, flow, month and code, as a statistics office publishes it
    g = rows.groupby(["rep", "par", "flow", "month", "code"], sort=False)
    rows = g[["value", "kg", "qty"]].sum(min_count=1).join(g["unit"].first()).reset_index()
    par = rows["par"].to_numpy()
    rep = rows["rep"].to_numpy()
    per = month_label(p, rows["month"].to_numpy())
    hs = codes["hs"].to_numpy()[rows["code"].to_numpy()]
    desc = codes["desc"].to_numpy()[rows["code"].to_numpy()]
    unit = rows["unit"].to_numpy()
    val = np.round(rows["value"].to_numpy(), 0)
    kg = np.round(rows["kg"].to_numpy(), 1)
    qty = np.round(rows["qty"].to_numpy(), 1)
    flow = rows["flow"].to_numpy()
    flow_desc = pd.Series(flow).map({"X": "Export", "M": "Import", "RX": "Re-export"}).to_numpy()
    if p["layout"] == "comtrade_plus":
        n = len(rows)
        unit_code = pd.Series(unit).map({"u": 5, "kg": 8, "na": -1}).to_numpy()
        unit_abbr = pd.Series(unit).map({"u": "u", "kg": "kg", "na": "N/A"}).to_numpy()
        is_imp = flow == "M"
        df = pd.DataFrame(
            {
                "typeCode": "C",
                "freqCode": "M",
                "refPeriodId": per * 100 + 1,
                "refYear": per // 100,
                "refMonth": per % 100,
                "period": per,
                "reporterCode": num[rep],
                "reporterISO": iso[rep],
                "reporterDesc": name[rep],
                "flowCode": flow,
                "flowDesc": flow_desc,
                "partnerCode": num[par],
                "partnerISO": iso[par],
                "partnerDesc": name[par],
                "partner2Code": 0,
                "partner2ISO": "W00",
                "partner2Desc": "World",
                "classificationCode": "H6",
                "classificationSearchCode": "HS",
                "isOriginalClassification": True,
                "cmdCode": hs,
                "cmdDesc": desc,
                "aggrLevel": 6,
                "isLeaf": True,
                "customsCode": "C00",
                "customsDesc": "TOTAL CPC",
                "mosCode": "0",
                "motCode": 0,
                "motDesc": "TOTAL MOT",
                "qtyUnitCode": unit_code,
                "qtyUnitAbbr": unit_abbr,
                "qty": qty,
                "isQtyEstimated": False,
                "altQtyUnitCode": unit_code,
                "altQtyUnitAbbr": unit_abbr,
                "altQty": qty,
                "isAltQtyEstimated": False,
                "netWgt": kg,
                "isNetWgtEstimated": False,
                "grossWgt": np.round(kg * 1.05, 1),
                "isGrossWgtEstimated": False,
                "cifvalue": np.where(is_imp, val, np.nan),
                "fobvalue": np.where(is_imp, np.nan, val),
                "primaryValue": val,
                "legacyEstimationFlag": 0,
                "isReported": True,
                "isAggregate": False,
            },
            index=np.arange(n),
        )
    else:
        code_map = {"M": 1, "X": 2, "RX": 3}
        df = pd.DataFrame(
            {
                "period": per,
                "trade_flow": flow_desc,
                "trade_flow_code": pd.Series(flow).map(code_map).to_numpy(),
                "reporter_code": num[rep],
                "reporter": name[rep],
                "reporter_iso": iso[rep],
                "partner_code": num[par],
                "partner": name[par],
                "partner_iso": iso[par],
                "commodity_code": hs,
                "commodity": desc,
                "aggregate_level": 6,
                "is_leaf_code": 1,
                "qty_unit": pd.Series(unit)
                .map({"u": "Number of items", "kg": "Weight in kilograms", "na": "No Quantity"})
                .to_numpy(),
                "qty": qty,
                "netweight_kg": kg,
                "trade_value_usd": val,
            }
        )
    df = df.sample(frac=1.0, random_state=0).reset_index(drop=True)  # files are not sorted by route
    df.to_csv(path, index=False)
    return len(df)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--family", choices=["A", "B"], default="A")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--schemes", type=int, default=20)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--provenance",
        action="store_true",
        help="also write provenance.csv.gz: every true flow and what made it",
    )
    ap.add_argument(
        "--hubs-rx",
        action="store_true",
        help="sensitivity: every hub reports re-exports as RX (default: family's mix)",
    )
    a = ap.parse_args()
    p = dict(FAMILIES[a.family])
    if a.hubs_rx:  # sensitivity: every hub reports its re-exports as RX
        p["hubs"] = {h: "RX" for h in p["hubs"]}
    fam = ord(a.family)
    rng = np.random.default_rng([a.seed, fam, 1])
    codes = build_codes(rng, p["n_codes"])
    ctry = build_countries(rng, p)
    # calibrate the number of routes to the target row count (rows per route measured on a pilot)
    n_routes = max(2000, a.rows // 40)
    for _ in range(2):
        r = make_routes(np.random.default_rng([a.seed, fam, 2]), p, codes, ctry, n_routes)
        sides = (
            ctry["reporter"].to_numpy()[r["exp"]].astype(int)
            + ctry["reporter"].to_numpy()[r["imp"]]
        )
        expect = float(((r["death"] - r["birth"] + 1) * r["presence"] * sides).sum()) * 0.93
        n_routes = int(n_routes * a.rows / max(expect, 1.0))
    f = expand(np.random.default_rng([a.seed, fam, 3]), p, r, codes, ctry)
    f, shock = sanctions_shock(np.random.default_rng([a.seed, fam, 4]), p, f, r, codes, ctry)
    f, hubs = hub_reexports(np.random.default_rng([a.seed, fam, 5]), p, f, ctry, codes)
    f, srows, truth = plant_schemes(
        np.random.default_rng([a.seed, fam, 6]), p, a.schemes, f, ctry, codes
    )
    rows = report_rows(np.random.default_rng([a.seed, fam, 7]), p, f, ctry, codes)
    if len(srows):
        rows = pd.concat([rows, srows], ignore_index=True)
    rows, quirks = reporting_quirks(np.random.default_rng([a.seed, fam, 8]), p, rows, ctry, codes)
    a.out.mkdir(parents=True, exist_ok=True)
    n = write_layout(p, rows, ctry, codes, a.out / "comtrade.csv")
    if a.provenance:  # what made each true flow (for explaining alerts afterwards; not an input)
        iso = ctry["iso"].to_numpy()
        prov = pd.DataFrame(
            {
                "exp": iso[f["exp"]],
                "imp": iso[f["imp"]],
                "origin": iso[f["origin"]],
                "hs": codes["hs"].to_numpy()[f["code"]],
                "period": month_label(p, f["month"].to_numpy()),
                "value": f["value"].round(0),
                "kind": f["kind"],
                "life": f["life"],
                "birth": month_label(p, f["birth"].fillna(0).to_numpy().astype(int)),
                "lump": f["lump"],
            }
        )
        prov.to_csv(a.out / "provenance.csv.gz", index=False)
    world = {
        "family": a.family,
        "seed": a.seed,
        "layout": p["layout"],
        "rows": n,
        "months": [
            int(month_label(p, np.array([0]))[0]),
            int(month_label(p, np.array([p["months"] - 1]))[0]),
        ],
        "reporters": int(ctry["reporter"].sum()),
        "countries": len(ctry),
        "hs6_codes": len(codes),
        "routes": len(r),
        "route_lifecycle_shares_steady_born_died_short": p["life"],
        "arms_lifecycle": p["arms_life"],
        "cif_margin": p["cif"],
        "cif_margin_remote": p["cif_remote"],
        "import_lag_probs_0_1_2": p["lag_p"],
        "sanctions_shock": shock,
        "reexport_hubs": hubs,
        "reporting": quirks,
    }
    (a.out / "truth.json").write_text(
        json.dumps({"schemes": truth, "world": world}, indent=1, default=str)
    )
    print(f"{n:,} rows, {len(truth)} schemes -> {a.out}")


if __name__ == "__main__":
    main()
