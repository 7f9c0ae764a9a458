"""`mirror_gap` and `transshipment` as an analyst would write them in a pandas notebook.

The same method as the detectors (same parameters, same tests, same scores), written the
straightforward way: load the flows into memory, merge and group with pandas. The benchmark runs
both on one world and prints the ratio; tests/test_pandas_reference.py proves they agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from shadowtrade.reference import control_list, countries, cover_codes

ROUTE = ["exporter", "importer", "code"]
LEG = ["src", "dst", "h4"]


def load_flows(con: Any) -> pd.DataFrame:
    """Monthly six-digit flows, summed per cell, as a DataFrame (the notebook's first cell)."""
    df: pd.DataFrame = con.execute(
        "SELECT reporter, partner, flow, period, substr(hs_code, 1, 6) AS code,"
        " value_usd AS value, net_weight_kg AS kg FROM trade_flows"
        " WHERE freq = 'M' AND length(hs_code) >= 6 AND value_usd > 0"
    ).df()
    df["period"] = pd.to_datetime(df["period"])
    return df.groupby(["reporter", "partner", "flow", "period", "code"], as_index=False).agg(
        value=("value", "sum"), kg=("kg", lambda s: s.sum(min_count=1))
    )


def _real(df: pd.DataFrame) -> pd.DataFrame:
    c = countries()
    iso = set(c.loc[c["kind"].isin(["country", "former_country"]), "iso3"])
    return df[df["reporter"].isin(iso) & df["partner"].isin(iso)]


def code_weight(codes: pd.Series) -> pd.DataFrame:
    cl = control_list()
    w4 = dict(
        zip(
            cl.loc[cl.hs_code.str.len() == 4, "hs_code"],
            cl.loc[cl.hs_code.str.len() == 4, "weight"],
            strict=True,
        )
    )
    w6 = dict(
        zip(
            cl.loc[cl.hs_code.str.len() == 6, "hs_code"],
            cl.loc[cl.hs_code.str.len() == 6, "weight"],
            strict=True,
        )
    )
    cov = set(cover_codes()["hs_code"])
    u = pd.Series(codes.unique())
    w = u.map(w6).fillna(u.str[:4].map(w4)).astype(float)
    w = w.fillna(u.isin(cov).map({True: 0.85, False: 0.7}))
    return pd.DataFrame({"code": u, "weight": w})


def _family(code: pd.Series) -> pd.Series:
    ch = code.str[:2]
    return ch.where(~ch.isin(["93", "36"]), "arms")


def _months(a: pd.Series, b: pd.Series) -> pd.Series:
    return (b.dt.year - a.dt.year) * 12 + b.dt.month - a.dt.month


def mirror_gap(flows: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    cal = flows[["reporter", "flow", "period"]].drop_duplicates()
    calx = cal[cal.flow == "export"].rename(columns={"reporter": "exporter"})[
        ["exporter", "period"]
    ]
    calm = cal[cal.flow == "import"].rename(columns={"reporter": "importer"})[
        ["importer", "period"]
    ]
    f = _real(flows)
    x = f[f.flow == "export"].rename(columns={"reporter": "exporter", "partner": "importer"})
    m = f[f.flow == "import"].rename(columns={"reporter": "importer", "partner": "exporter"})
    x = x.merge(calx).merge(calm)[[*ROUTE, "period", "value", "kg"]]
    m = m.merge(calx).merge(calm)[[*ROUTE, "period", "value", "kg"]]

    both = pd.concat(
        [
            x.rename(columns={"value": "xv", "kg": "xk"}).assign(mv=0.0, mk=0.0),
            m.rename(columns={"value": "mv", "kg": "mk"}).assign(xv=0.0, xk=0.0),
        ]
    )
    q = both["period"].dt.to_period("Q").dt.start_time
    w = pd.concat([both.assign(w=q), both.assign(w=q - pd.DateOffset(months=3))])
    g = w.groupby([*ROUTE, "w"], as_index=False).agg(X=("xv", "sum"), M=("mv", "sum"))

    mt = g[(g.X > 0) & (g.M > 0)].assign(lr=lambda d: np.log(d.M / d.X))

    def norms(by: list[str], tag: str) -> pd.DataFrame:
        med = (
            mt.groupby(by)["lr"]
            .agg(["median", "size"])
            .rename(columns={"median": f"{tag}_med", "size": "n"})
        )
        j = mt.join(med, on=by)
        mad = (
            (j.lr - j[f"{tag}_med"]).abs().groupby([j[b] for b in by]).median().rename(f"{tag}_mad")
        )
        out = med.join(mad)
        return out[out.n >= p["min_norm_windows"]].drop(columns="n").reset_index()

    g = g.merge(norms(["exporter", "importer"], "p"), how="left").merge(
        norms(["code"], "c"), how="left"
    )
    glob = float(mt.lr.median())
    g["expected"] = g.p_med.fillna(g.c_med).fillna(glob)
    g["spread"] = np.maximum(g.p_mad.fillna(g.c_mad).fillna(0.2) * 1.4826, p["min_spread"])
    me = g.X * np.exp(g.expected)
    xe = g.M / np.exp(g.expected)
    with np.errstate(divide="ignore", invalid="ignore"):
        dev = np.log((g.M + 0.01 * me + 1) / (me + 1)) / g.spread
        ps = (1 - g.M / me).clip(0, 1)
        us = (1 - g.X / xe).clip(0, 1)
    k, share = p["min_z"], p["min_gap_share"]
    ph = (p["min_window_usd"] <= g.X) & (ps >= share) & (dev <= -k)
    un = (p["min_window_usd"] <= g.M) & (us >= share) & (dev >= k)
    g["direction"] = np.where(ph, "phantom", np.where(un, "unrecorded", None))
    fl = g[g.direction.notna()].copy()
    fl["widx"] = fl.w.dt.year * 4 + (fl.w.dt.month - 1) // 3
    fl = fl.sort_values([*ROUTE, "direction", "widx"])
    fl["island"] = fl.widx - fl.groupby([*ROUTE, "direction"]).cumcount()
    keys = [*ROUTE, "direction", "island"]
    ep = fl.groupby(keys, as_index=False).agg(
        start=("w", "min"),
        last_w=("w", "max"),
        windows=("w", "size"),
        expected=("expected", "max"),
        spread=("spread", "max"),
    )
    ep = ep[ep.windows >= p["min_windows"]]
    ep["end"] = ep.last_w + pd.DateOffset(months=5)
    lag = pd.DateOffset(months=p["lag_months"])
    for side, pre in ((x, "x"), (m, "m")):
        j = ep.merge(side, on=ROUTE)
        jl = j.direction.eq("phantom") == (pre == "x")
        lo = j.start.where(jl, j.start - lag)
        hi = j.end.where(jl, j.end + lag)
        j = j[(j.period >= lo) & (j.period <= hi)]
        ine = (j.period >= j.start) & (j.period <= j.end)
        ji = j[ine]
        agg = j.groupby(keys).agg(**{f"{pre}_usd": ("value", "sum")})
        agg2 = ji.groupby(keys).agg(
            **{
                f"{pre}_months": ("period", "nunique"),
                f"{pre}_max": ("value", "max"),
                f"{pre}_first": ("period", "min"),
                f"{pre}_last": ("period", "max"),
            }
        )
        ep = ep.merge(agg.join(agg2, how="left").reset_index(), on=keys, how="left")
    ep[["x_usd", "m_usd"]] = ep[["x_usd", "m_usd"]].fillna(0.0)
    ph_ep = ep.direction == "phantom"
    loud_months = ep.x_months.where(ph_ep, ep.m_months).fillna(0)
    loud_max = (ep.x_max / ep.x_usd).where(ph_ep, ep.m_max / ep.m_usd)
    ep = ep[(loud_months >= p["min_months"]) & (loud_max <= p["max_month_share"])].copy()
    ph_ep = ep.direction == "phantom"
    ep["first"] = ep.x_first.where(ph_ep, ep.m_first)
    ep["last"] = ep.x_last.where(ph_ep, ep.m_last)
    fx = np.exp(ep.expected)
    ep["gap_usd"] = (ep.x_usd * fx - ep.m_usd).where(ph_ep, ep.m_usd - ep.x_usd * fx)
    base = (ep.x_usd * fx).where(ph_ep, ep.m_usd)
    ep["gap_share"] = (ep.gap_usd / base).clip(0, 1)
    ep = ep[ep.gap_usd >= p["min_gap_usd"]].copy()
    ph_ep = ep.direction == "phantom"
    ep["silent"] = ep.importer.where(ph_ep, ep.exporter)
    ep["silent_flow"] = np.where(ph_ep, "import", "export")
    ep["h4"] = ep.code.str[:4]
    ep["chapter"] = _family(ep.code)
    ep["counter"] = ep.exporter.where(ph_ep, ep.importer)

    nes = flows[flows.partner == "XNS"].assign(h4=lambda d: d.code.str[:4])
    jn = ep.merge(
        nes,
        left_on=["silent", "silent_flow", "h4"],
        right_on=["reporter", "flow", "h4"],
        suffixes=("", "_n"),
    )
    jn = jn[(jn.period >= jn.start) & (jn.period <= jn.end)]
    ep = ep.merge(jn.groupby(keys)["value"].sum().rename("nes_usd").reset_index(), how="left")
    rx = _real(flows)
    rx = rx[rx.flow == "re-export"]
    jr = ep.merge(
        rx, left_on=["importer", "code"], right_on=["partner", "code"], suffixes=("", "_r")
    )
    jr = jr[(jr.period >= jr.start) & (jr.period <= jr.end)]
    ep = ep.merge(jr.groupby(keys)["value"].sum().rename("rx_usd").reset_index(), how="left")
    ep["explained_usd"] = ep.nes_usd.fillna(0) + np.where(
        ep.direction == "phantom", 0.0, ep.rx_usd.fillna(0)
    )

    ch = g.assign(chapter=_family(g.code))
    ic = ch.groupby(["importer", "chapter", "exporter"], as_index=False).agg(
        told=("M", "sum"), said=("X", "sum")
    )
    ic = ic.rename(columns={"importer": "silent", "exporter": "other"}).assign(silent_flow="import")
    xc = ch.groupby(["exporter", "chapter", "importer"], as_index=False).agg(
        told=("X", "sum"), said=("M", "sum")
    )
    xc = xc.rename(columns={"exporter": "silent", "importer": "other"}).assign(silent_flow="export")
    cov = pd.concat([ic, xc])
    jc = ep[[*keys, "silent", "silent_flow", "chapter", "counter"]].merge(
        cov, on=["silent", "silent_flow", "chapter"]
    )
    jc = jc[jc.other != jc.counter]
    cs = (
        jc.groupby(keys).agg(others_told=("told", "sum"), others_said=("said", "sum")).reset_index()
    )
    ep = ep.merge(cs, how="left")
    nch = (
        nes.assign(nch=_family(nes.h4))
        .groupby(["reporter", "flow", "nch"])["value"]
        .sum()
        .rename("nes_chapter")
        .reset_index()
    )
    ep = ep.merge(
        nch,
        left_on=["silent", "silent_flow", "chapter"],
        right_on=["reporter", "flow", "nch"],
        how="left",
    )
    recorded = ep.others_told.fillna(0) + ep.nes_chapter.fillna(0) - ep.nes_usd.fillna(0)
    coverage = recorded / ep.others_said
    has = ep.others_said.fillna(0) >= p["min_gap_usd"]
    cov_factor = np.where(has, 0.25 + 0.75 * (coverage / 0.8).clip(0, 1), p["no_others_factor"])
    ep = ep.merge(code_weight(ep.code), on="code")
    months = _months(ep["first"], ep["last"]) + 1
    s_pers = (months / 12.0).clip(upper=1)
    s_size = (np.log10(ep.gap_usd / p["min_gap_usd"]) / 2).clip(0, 1)
    unexplained = (1 - ep.explained_usd / ep.gap_usd).clip(0, 1)
    ep["score"] = (
        ep.weight
        * ep.gap_share
        * (0.5 + 0.5 * s_pers)
        * (0.6 + 0.4 * s_size)
        * unexplained
        * cov_factor
    ).clip(0, 1)
    return ep[[*ROUTE, "direction", "first", "last", "gap_usd", "score"]]
