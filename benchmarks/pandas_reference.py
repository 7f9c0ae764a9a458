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

    pair = norms(["exporter", "importer"], "p")
    g = g.merge(pair, how="left").merge(norms(["code"], "c"), how="left")
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
    loud = np.where(ph_ep, 1.0 / fx, 1.0)  # the gap in the reporting side's terms
    ep = ep[ep.gap_usd * loud >= p["min_gap_usd"]].copy()
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
    # 'Areas, nes' holds a phantom export quarter by quarter, shared in proportion with the
    # other exporters' unmatched flows of the heading in that quarter (the exporter's side keeps
    # all of it over the episode).
    ph_ep = ep.direction == "phantom"
    mo = ep.loc[ph_ep, [*keys, "silent", "counter", "h4", "start", "end", "expected"]]
    qkeys = [*keys, "expected", "q"]

    def quarters(a: pd.DataFrame) -> pd.DataFrame:
        a = a[(a.period >= a.start) & (a.period <= a.end)]
        return a.assign(q=a.period.dt.to_period("Q").dt.start_time)

    o = []
    for side, name in ((x, "ox"), (m, "om")):
        sd = side.assign(h4=side.code.str[:4]).rename(
            columns={"exporter": "e_s", "importer": "i_s", "code": "c_s"}
        )
        a = quarters(mo.merge(sd, left_on=["silent", "h4"], right_on=["i_s", "h4"]))
        own = np.where(a.c_s == a.code, "own", "skip")
        a = a.assign(other=a.e_s, tag=np.where(a.e_s == a.counter, own, "other"))
        o.append(a.groupby([*qkeys, "other", "tag"])["value"].sum().rename(name))
    oo = pd.concat(o, axis=1).fillna(0.0).reset_index()
    oo["miss"] = np.clip(oo.ox * np.exp(oo.expected) - oo.om, 0.0, None)
    oo["xv"] = oo.ox.where(oo.tag == "own", 0.0)
    oo["mv"] = oo.om.where(oo.tag == "own", 0.0)
    oo["ov"] = oo.miss.where(oo.tag == "other", 0.0)
    qs = oo.groupby(qkeys)[["xv", "mv", "ov"]].sum()
    nq = quarters(
        mo.merge(
            nes[nes.flow == "import"], left_on=["silent", "h4"], right_on=["reporter", "h4"],
            suffixes=("", "_n"),
        )
    )  # fmt: skip
    qs = qs.join(nq.groupby(qkeys)["value"].sum().rename("nv"), how="outer").fillna(0.0)
    early = nq[(nq.period.dt.month - 1) % 3 < p["lag_months"]]
    qs = qs.join(early.groupby(qkeys)["value"].sum().rename("ne"), how="left").fillna(0.0)
    qs = qs.reset_index()
    gap_q = np.clip(qs.xv * np.exp(qs.expected) - qs.mv, 0.0, None)
    # A booking lag crosses quarters: the next quarter's spare 'Areas, nes' flows (beyond its
    # own unmatched flows), up to those of its first `lag_months`, hold this quarter's.
    qs["lent"] = np.minimum(np.clip(qs.nv - gap_q - qs.ov, 0.0, None), qs["ne"])
    qs = qs.sort_values([*keys, "q"]).reset_index(drop=True)
    nxt = qs.groupby(keys, dropna=False)[["q", "lent"]].shift(-1)
    follows = nxt.q == qs.q + pd.DateOffset(months=3)
    qs["nv"] = qs.nv + np.where(follows, nxt.lent.fillna(0.0), 0.0)
    gap_q = np.clip(qs.xv * np.exp(qs.expected) - qs.mv, 0.0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        held = np.where(gap_q + qs.ov > 0, gap_q * np.minimum(qs.nv / (gap_q + qs.ov), 1.0), 0.0)
    # A standing practice: held in proportion to the share of the gap in quarters whose
    # 'Areas, nes' flows are worth at least half of it.
    holds = (gap_q > 0) & (qs.nv >= 0.5 * gap_q)
    qs = qs.assign(held=held, gap_q=gap_q, gap_held=np.where(holds, gap_q, 0.0))
    per = qs.groupby(keys).agg(
        q_others=("ov", "sum"), q_free=("held", "sum"), q_gap=("gap_q", "sum"),
        q_gap_held=("gap_held", "sum"),
    ).reset_index()  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        per["q_hold"] = np.where(per.q_gap > 0, per.q_gap_held / per.q_gap, 1.0)
    # Where other partners' unmatched flows compete, the 'Areas, nes' flows hold no more of the
    # gap than the share b of the box-bounded least squares nv ≈ a·ov + b·gap_q (a, b in [0, 1]).
    # Used only where it tells: b below proportional sharing's share by two standard errors.
    prop = {
        tuple(k): f / g for k, f, g in zip(per[keys].to_numpy(), per.q_free, per.q_gap, strict=True)
    }
    fit = {
        k: _box_fit(d.nv.to_numpy(), d.ov.to_numpy(), d.gap_q.to_numpy(), prop[k])
        for k, d in qs.groupby(keys)
    }
    b = pd.Series([fit.get(tuple(k), np.nan) for k in per[keys].to_numpy()], index=per.index)
    per["q_free"] = np.where(b.notna(), np.minimum(per.q_free, b * per.q_gap), per.q_free)
    ep = ep.merge(per, on=keys, how="left")
    nes_in = ep.nes_usd.fillna(0.0)
    gap = ep.gap_usd.clip(lower=0.0)
    ph_ep = ep.direction == "phantom"
    with np.errstate(divide="ignore", invalid="ignore"):
        q_free = ep.q_free.fillna(0.0) * ep.q_hold.fillna(1.0)
        free = q_free.where(ph_ep, gap * (nes_in / gap).clip(upper=1.0).fillna(0.0))
    ep["nes_free"] = np.minimum(free, gap)
    rx = _real(flows)
    rx = rx[rx.flow == "re-export"]
    jr = ep.merge(
        rx, left_on=["importer", "code"], right_on=["partner", "code"], suffixes=("", "_r")
    )
    jr = jr[(jr.period >= jr.start) & (jr.period <= jr.end)]
    ep = ep.merge(jr.groupby(keys)["value"].sum().rename("rx_usd").reset_index(), how="left")
    rxf = f[f.flow == "re-export"].rename(columns={"reporter": "exporter", "partner": "importer"})
    related, related_own = _related(ep, x, m, rxf, keys, lag)
    ep["related_usd"] = np.minimum(related, ep.gap_usd.clip(lower=0.0))
    ep["explained_usd"] = (
        ep.nes_free + np.where(ep.direction == "phantom", 0.0, ep.rx_usd.fillna(0)) + ep.related_usd
    )
    # One re-export under two attributions: on the code, else on its heading.
    # The records no mirror compares: imports from an origin whose data holds no exports in
    # the month, and re-exports (RX), each in six-month windows.
    mi = f[f.flow == "import"].rename(columns={"reporter": "importer", "partner": "exporter"})
    mi = mi.merge(calx, how="left", indicator=True)
    silent = _six_months(mi[mi._merge == "left_only"], "M")
    rx6 = _six_months(rxf, "RX")
    share = _attribution(g, silent, rx6, ep, keys, p, 6)
    on_h = _attribution(g, silent, rx6, ep, keys, p, 4)
    share = pd.concat([share, on_h.drop(share.index, errors="ignore")])
    att = ep.set_index(keys).index.map(share.to_dict()).to_numpy(dtype=float)
    att = np.nan_to_num(att) * ep.gap_usd.clip(lower=0.0).to_numpy()
    left = (ep.gap_usd - ep.explained_usd).clip(lower=0.0).to_numpy()
    ep["explained_usd"] = ep.explained_usd + np.minimum(att, left)
    # The same where the hub reports no exports, for episodes left unattributed; a leg read
    # by several is shared among them by what each leaves unexplained.
    left = (ep.gap_usd - ep.explained_usd).clip(lower=0.0)
    open_ = ep[(ep.direction == "unrecorded").to_numpy() & (att <= 0) & (left > 0).to_numpy()]
    open_ = open_.assign(demand=(open_.gap_usd - open_.explained_usd).clip(lower=0.0))
    hub, took = _silent_hubs(flows, f, calx, m, open_, keys, p, 6, None)
    rest = open_.merge(hub[keys], how="left", indicator=True)
    rest = rest[rest._merge == "left_only"].drop(columns="_merge")
    hub = pd.concat([hub, _silent_hubs(flows, f, calx, m, rest, keys, p, 4, took)[0]])
    ep = ep.merge(hub, on=keys, how="left")
    agree = (ep.hub_leg_usd * p["attribution_ratio"] >= left).to_numpy()
    by_hub = (att <= 0) & ep.hub_leg_usd.notna().to_numpy() & agree
    ep["explained_usd"] = ep.explained_usd + np.where(by_hub, np.minimum(ep.hub_usd, left), 0.0)

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
    recorded = ep.others_told.fillna(0) + 2.0 * (ep.nes_chapter.fillna(0) - ep.nes_free)
    coverage = recorded / ep.others_said
    has = ep.others_said.fillna(0) >= p["min_gap_usd"]
    by_coverage = 0.25 + 0.75 * (coverage / 0.8).clip(0, 1)
    # A silent side that names other partners in the chapter keeps none of them confidential.
    names = ep.others_told.fillna(0) >= p["min_gap_usd"]
    by_coverage = by_coverage.where(~names, np.maximum(by_coverage, p["no_others_factor"]))
    # One that names partners who report no exports to it records more than they say: 1.
    cov_factor = np.where(has, by_coverage, np.where(names, 1.0, p["no_others_factor"]))
    # An unreported export whose exporter books none of the code to the importer but trades it
    # related codes on a scale whose ordinary spread could hide what is left of the gap: the
    # goods possibly booked under a sibling code (possible_sibling_code_factor).
    rest = (ep.gap_usd - ep.explained_usd).clip(lower=0.0)
    # A possible re-export the importer books under the origin (mirror_gap/2, /5, /6).
    rx = _possible_re_export(f, ep[[*keys, "first", "last"]], pair, keys, p)
    rx = ep[keys].merge(rx, on=keys, how="left")
    possible = (
        (rest > 0).to_numpy()
        & (rx.hub_inflow_usd.fillna(0.0).to_numpy() >= p["re_export_inflow_share"] * rest)
        & (rx.hub_hidden_usd.fillna(0.0).to_numpy() >= rest)
    )
    cov_factor = cov_factor * np.where(possible, p["possible_re_export_factor"], 1.0)
    hidden = related_own * (np.exp(ep.spread * p["re_export_hidden_z"]) - 1.0)
    sibling = (ep.direction == "unrecorded") & (rest > 0) & (ep.x_usd <= 0) & (hidden >= rest)
    cov_factor = cov_factor * np.where(sibling, p["possible_sibling_code_factor"], 1.0)
    ep = ep.merge(code_weight(ep.code), on="code")
    months = _months(ep["first"], ep["last"]) + 1
    s_pers = (months / 12.0).clip(upper=1)
    unexplained = (1 - ep.explained_usd / ep.gap_usd).clip(0, 1)
    loud = np.where(ep.direction == "phantom", np.exp(-ep.expected), 1.0)
    ep["gap_usd"], ep["explained_usd"] = ep.gap_usd * loud, ep.explained_usd * loud
    s_size = (np.log10(ep.gap_usd / p["min_gap_usd"]) / 2).clip(0, 1)
    ep["score"] = (
        ep.weight
        * ep.gap_share
        * (0.5 + 0.5 * s_pers)
        * (0.6 + 0.4 * s_size)
        * unexplained
        * cov_factor
    ).clip(0, 1)
    # A standing gap (mirror_gap/4): open within `standing_gap_after_months` of the first month
    # both sides' files show the pair's chapter, for `standing_gap_min_months` or more.
    xside = flows.flow.isin(["export", "re-export"])
    rf = flows.assign(x=xside).groupby(["reporter", "flow"], as_index=False)
    rf = rf.agg(x=("x", "first"), f0=("period", "min"))
    rfc = flows.assign(ch=flows.code.str[:2])[["reporter", "flow", "ch"]].drop_duplicates()
    cov = rfc.merge(rf).groupby(["reporter", "x", "ch"])["f0"].min()
    ch = ep.code.str[:2]
    xc = [cov.get((e, True, c)) for e, c in zip(ep.exporter, ch, strict=True)]
    mc = [cov.get((i, False, c)) for i, c in zip(ep.importer, ch, strict=True)]
    seen = pd.DataFrame({"x": pd.to_datetime(xc), "m": pd.to_datetime(mc)}, index=ep.index)
    seen = seen.max(axis=1)
    since = _months(seen, ep["first"])
    standing = (
        seen.notna()
        & (since < p["standing_gap_after_months"])
        & (months >= p["standing_gap_min_months"])
    )
    ep["score"] = ep["score"] * np.where(standing, p["standing_gap_factor"], 1.0)
    # No mirror data: the silent side's data names no flow with the partner at all, and fewer
    # than half of the reporters that name it in the other direction (a selection of partners).
    side = flows.flow.map({"export": "export", "re-export": "export", "import": "import",
                           "re-import": "import"})  # fmt: skip
    named = set(zip(flows.reporter, side, flows.partner, strict=True))
    other = {"export": "import", "import": "export"}
    mirrors: dict[tuple[str, str], set[str]] = {}
    for r, d, q in named:
        mirrors.setdefault((q, other[d]), set()).add(r)
    share = {k: sum((k[0], k[1], r) in named for r in v) / len(v) for k, v in mirrors.items()}
    keep = [
        (s, f, c) in named or share.get((s, f), 1.0) >= 0.5
        for s, f, c in zip(ep.silent, ep.silent_flow, ep.counter, strict=True)
    ]
    ep = ep[keep]
    return ep[[*ROUTE, "direction", "first", "last", "gap_usd", "score"]]


def _possible_re_export(
    f: pd.DataFrame, ep: pd.DataFrame, pair: pd.DataFrame, keys: list[str], p: dict[str, Any]
) -> pd.DataFrame:
    """Per episode: hub_inflow_usd (a phantom export's exporter's intake of the code, per source
    the larger of its imports and the source's exports to it; an unreported export's exporter's
    shipments of the code to others, per hub the larger of both records) and hub_hidden_usd (how
    much of the gap the importer's records of those sources, or those hubs' reports to the
    importer, could hold within each pair's ordinary spread, in the importer's terms)."""
    lag = pd.DateOffset(months=p["lag_months"])
    z = p["re_export_hidden_z"]
    imp = f[f.flow == "import"].rename(columns={"reporter": "to", "partner": "frm"})
    exp = f[f.flow == "export"].rename(columns={"reporter": "frm", "partner": "to"})
    cols = ["to", "frm", "code", "period", "value"]
    imp, exp = imp[cols], exp[cols]
    out = []
    for direction, near, far in (("phantom", "to", "frm"), ("unrecorded", "frm", "to")):
        e = ep[ep.direction == direction]
        # The other country of the first leg: a source into the exporter (phantom), a hub it
        # ships to (unrecorded), never K.
        legs = []
        for side, name in ((imp, "a"), (exp, "b")):
            j = e.merge(side, left_on=["exporter", "code"], right_on=[near, "code"])
            j = j[(j[far] != j.importer) & (j.period >= j["first"] - lag)]
            j = j[j.period <= j["last"]]
            legs.append(j.groupby([*keys, far])["value"].sum().rename(name))
        leg = pd.concat(legs, axis=1).fillna(0.0).max(axis=1).rename("leg").reset_index()
        leg = leg.rename(columns={far: "hub"})
        inflow = leg.groupby(keys)["leg"].sum().rename("hub_inflow_usd").reset_index()
        per = leg.merge(e[[*keys, "first", "last"]], on=keys)

        def with_k(side: pd.DataFrame, name: str, per: pd.DataFrame = per) -> pd.Series:
            j = per.merge(side, left_on=["hub", "importer", "code"], right_on=["frm", "to", "code"])
            j = j[(j.period >= j["first"]) & (j.period <= j["last"])]
            return j.groupby([*keys, "hub"])["value"].sum().rename(name)

        sides = pd.concat([with_k(imp, "booked"), with_k(exp, "sent")], axis=1, join="inner")
        b = sides.reset_index().merge(leg, on=[*keys, "hub"])
        b = b.merge(pair, left_on=["hub", "importer"], right_on=["exporter", "importer"],
                    suffixes=("", "_pair"))  # fmt: skip
        sd = b.p_mad * 1.4826
        if direction == "phantom":
            low = b.sent * np.exp(b.p_med - sd * z)
            high = b.sent * np.exp(b.p_med + sd * z)
            within = (np.minimum(b.booked, high) - low).clip(lower=0.0)
            above = np.where(b.booked >= b.sent * np.exp(b.p_med), b.sent * (np.exp(sd * z) - 1), 0)
            hidden = np.minimum(np.maximum(within, above), b.leg)
        else:
            keep = b.booked / np.exp(b.p_med + sd * z)
            most = b.booked / np.exp(b.p_med - sd * z)
            within = (np.minimum(b.sent, most) - keep).clip(lower=0.0)
            hidden = np.minimum(within, b.leg) * np.exp(b.p_med)
        b = b.assign(hidden=hidden)
        b = b[b.hidden > 0]
        k = b.groupby(keys)["hidden"].sum().rename("hub_hidden_usd").reset_index()
        out.append(inflow.merge(k, on=keys, how="left"))
    return pd.concat(out)


def _six_months(d: pd.DataFrame, name: str) -> pd.DataFrame:
    """Monthly values summed per route into six-month windows (each quarter in its own window
    and the one before)."""
    q = d["period"].dt.to_period("Q").dt.start_time
    w = pd.concat([d.assign(w=q), d.assign(w=q - pd.DateOffset(months=3))])
    return w.groupby([*ROUTE, "w"], as_index=False)["value"].sum().rename(columns={"value": name})


def _attribution(
    g: pd.DataFrame,
    silent: pd.DataFrame,
    rx: pd.DataFrame,
    ep: pd.DataFrame,
    keys: list[str],
    p: dict[str, Any],
    n: int,
) -> pd.Series:
    """The share of each episode's gap that is one re-export under two attributions, read on
    the code's first `n` digits (mirror_gap's rule, from its docstring), indexed by `keys`.
    Imports from a silent origin are all the importer's surplus from it (the hub's imports
    from it the first leg); a hub's re-exports to the importer are its excess into it."""
    gg = g.assign(h=g.code.str[:n])
    fx = np.exp(gg.expected)
    noise = (np.exp(2.0 * gg.spread) - 1.0) * np.minimum(gg.X * fx, gg.M)
    gg = gg.assign(
        own_excess=(gg.X * fx - gg.M).clip(lower=0.0),
        own_surplus=(gg.M - gg.X * fx).clip(lower=0.0),
        excess=(gg.X * fx - gg.M - noise).clip(lower=0.0),
        surplus=(gg.M - gg.X * fx - noise).clip(lower=0.0),
        d_sur=gg.M - gg.X * fx,
        nz=noise,
    )
    e = ep[[*keys, "start", "last_w"]].assign(h=ep.code.str[:n])
    o = e.merge(gg[[*ROUTE, "w", "own_excess", "own_surplus"]], on=ROUTE)
    o = o[(o.w >= o.start) & (o.w <= o.last_w)]
    o = o.assign(own=np.where(o.direction == "phantom", o.own_excess, o.own_surplus))
    cols = ["exporter", "importer", "h", "w", "excess", "surplus", "d_sur", "nz"]
    # On the heading a partner's difference is read on the heading's sum, window by window.
    gp = gg
    if n == 4:
        gp = gg.groupby(["exporter", "importer", "h", "w"], as_index=False)[["d_sur", "nz"]].sum()
        gp = gp.assign(
            excess=(-gp.d_sur - gp.nz).clip(lower=0.0), surplus=(gp.d_sur - gp.nz).clip(lower=0.0)
        )
    pj = e.merge(gp[cols].rename(columns={"exporter": "partner"}), on=["importer", "h"])
    pj = pj[(pj.w >= pj.start) & (pj.w <= pj.last_w) & (pj.partner != pj.exporter)]
    php = pj.direction == "phantom"
    pj = pj.assign(
        pv=np.where(php, pj.surplus, pj.excess),
        le=np.where(php, pj.partner, pj.exporter),
        li=np.where(php, pj.exporter, pj.partner),
        dv=np.where(php, pj.d_sur, -pj.d_sur),
    )
    # A partner's difference that runs through the episode beyond the noise of its sum counts
    # in full window by window; the partners' whole is still read beyond each window's noise.
    st = pj.groupby([*keys, "partner"]).agg(sd=("dv", "sum"), sn=("nz", "sum"), nw=("dv", "size"))
    own_all = o.groupby(keys).own.sum().rename("own_all")
    st = st.join(own_all, on=keys)
    st["steady"] = (st.sd * np.sqrt(np.maximum(st.nw / 2.0, 1.0)) > st.sn) & (
        st.sd <= p["attribution_ratio"] * st.own_all.fillna(0.0)
    )
    pj = pj.merge(st.steady.reset_index(), on=[*keys, "partner"], how="left")
    # A steady partner (no larger than `attribution_ratio` times the target) counts in full,
    # its differences summed over the heading's codes before the sign is read.
    stdy = pj.steady.fillna(False).astype(bool)
    pj = pj.assign(raw=pj.pv, pv=np.where(stdy, 0.0, pj.pv), sdv=np.where(stdy, pj.dv, 0.0))
    pj = pj[(pj.pv > 0) | stdy]
    sw = silent.assign(h=silent.code.str[:n]).rename(columns={"exporter": "partner"})
    sj = e[e.direction == "phantom"].merge(sw[["partner", "importer", "h", "w", "M"]])
    sj = sj[(sj.w >= sj.start) & (sj.w <= sj.last_w) & (sj.partner != sj.exporter)]
    sj = sj.assign(pv=sj.M, raw=sj.M, sdv=0.0, le=sj.partner, li=sj.exporter)
    # A hub's re-exports count less what the importer books from the hub (its surplus from it
    # under the code), and only under another code than the episode's (those are `rx_usd`).
    kb = pd.concat([g[[*ROUTE, "w", "X", "M", "expected"]], silent.assign(X=0.0, expected=np.nan)])
    kb = kb.groupby([*ROUTE, "w"], as_index=False).agg(
        X=("X", "sum"), M=("M", "sum"), expected=("expected", "max")
    )
    rk = rx.merge(kb, on=[*ROUTE, "w"], how="left")
    kf = np.exp(rk.expected.fillna(0.0))
    k_sur = (rk.M.fillna(0.0) - rk.X.fillna(0.0) * kf).clip(lower=0.0)
    rk = rk.assign(RX=(rk.RX * kf - k_sur).clip(lower=0.0))
    rw = rk.assign(h=rk.code.str[:n]).rename(columns={"exporter": "partner", "code": "rcode"})
    rj = e[e.direction != "phantom"].merge(rw[["partner", "importer", "rcode", "h", "w", "RX"]])
    rj = rj[(rj.w >= rj.start) & (rj.w <= rj.last_w) & (rj.partner != rj.exporter)]
    rj = rj[(rj.rcode != rj.code) & (rj.RX > 0)]
    rj = rj.assign(pv=rj.RX, raw=rj.RX, sdv=0.0, le=rj.exporter, li=rj.partner)
    pk = [*keys, "h", "w", "partner", "le", "li"]
    pr = [*pk, "pv", "raw", "sdv"]
    pj = pd.concat([pj[pr], sj[pr], rj[pr]])
    pj = pj.groupby(pk, as_index=False)[["pv", "raw", "sdv"]].sum()
    pj = pj.assign(pv=pj.pv + pj.sdv.clip(lower=0.0))
    # For an unrecorded export O -> K, what other origins' re-exports through the hub claim of
    # its excess into K: what K books from each other origin beyond its reports (beyond noise;
    # on the heading read on the heading's sum, as the partners' differences are), shared among
    # the reading's hubs by that origin's legs to them, at each no more than the leg times
    # `attribution_markup`. Claimed differences count neither in the partners' whole nor
    # against the leg (a flow of its own).
    sur = (
        gp[gp.surplus > 0].groupby(["exporter", "importer", "h", "w"], as_index=False).surplus.sum()
    )
    lx = gg.groupby(["exporter", "importer", "h", "w"], as_index=False).X.sum()
    cl = sur.merge(lx[lx.X > 0], on=["exporter", "h", "w"], suffixes=("", "_hub"))
    cl = cl.rename(columns={"exporter": "other", "importer_hub": "partner"})
    cj = pj[(pj.direction != "phantom") & (pj.pv > 0)].merge(
        cl[["other", "importer", "partner", "h", "w", "surplus", "X"]],
        on=["importer", "partner", "h", "w"],
    )
    cj = cj[(cj.other != cj.exporter) & (cj.other != cj.partner)]
    x_all = cj.groupby([*keys, "w", "other"]).X.transform("sum")
    cj = cj.assign(claim=cj.X / x_all * np.minimum(cj.surplus, p["attribution_markup"] * x_all))
    claim = cj.groupby(pk, as_index=False).claim.sum()
    pj = pj.merge(claim, on=pk, how="left")
    c = np.minimum(pj.claim.fillna(0.0), pj.pv)
    pj = pj.assign(raw=(pj.raw - c).clip(lower=0.0), claimed=c)
    pj = pj[pj.pv > 0]
    lk = ["exporter", "importer", "h", "w"]
    by_hub = sw.rename(columns={"partner": "exporter", "M": "X"})[[*lk, "X"]]
    lg = pd.concat([gg.groupby(lk, as_index=False).X.sum(), by_hub])
    lg = lg.groupby(lk, as_index=False).X.sum()
    lg = lg.rename(columns={"exporter": "le", "importer": "li", "X": "leg"})
    lj = pj.merge(lg, on=["le", "li", "h", "w"])
    lj = lj[lj.leg > 0]
    # A partner whose differences are more than `attribution_ratio` times what its leg can
    # carry is a flow of its own: left out.
    lj = lj.assign(own_pv=lj.pv - lj.claimed)
    per = lj.groupby([*keys, "partner"], as_index=False).agg(
        pv_p=("own_pv", "sum"), leg_p=("leg", "sum")
    )
    cap = p["attribution_ratio"] * p["attribution_markup"]
    own = per.loc[per.pv_p > cap * per.leg_p, [*keys, "partner"]]
    # So is a partner whose differences are more than `attribution_ratio` times the target's
    # own in its windows and the windows next to them.
    pw = lj[[*keys, "w", "partner", "own_pv"]].drop_duplicates()
    pv_w = pw.groupby([*keys, "partner"], as_index=False).own_pv.sum()
    step = pd.DateOffset(months=3)
    near = pw[[*keys, "partner", "w"]]
    near = pd.concat([near, near.assign(w=near.w - step), near.assign(w=near.w + step)])
    near = near.drop_duplicates().merge(o[[*keys, "w", "own"]], on=[*keys, "w"])
    own_w = near.groupby([*keys, "partner"], as_index=False).own.sum()
    pv_w = pv_w.merge(own_w, on=[*keys, "partner"], how="left")
    off = pv_w.loc[pv_w.own_pv > p["attribution_ratio"] * pv_w.own.fillna(0.0), [*keys, "partner"]]
    own = pd.concat([own, off]).drop_duplicates()
    lj = lj.merge(own, how="left", indicator=True)
    lj = lj[lj._merge == "left_only"].drop(columns="_merge")
    lj["support"] = np.minimum(lj.pv, p["attribution_markup"] * lj.leg)
    lj = lj[lj.support > 0]
    per_w = lj.groupby([*keys, "w"], as_index=False).agg(s=("support", "sum"), raw=("raw", "sum"))
    t = o[[*keys, "w", "own"]].merge(per_w, on=[*keys, "w"], how="left")
    t["s"] = t.s.fillna(0.0)
    t["matched"] = np.minimum(t.own, t.s)
    tot = t.groupby(keys).agg(
        gap=("own", "sum"), sup=("s", "sum"), raw=("raw", "sum"), matched=("matched", "sum")
    )
    r = p["attribution_ratio"]
    agree = (tot.gap > 0) & (tot.sup * r >= tot.gap) & (tot.gap * r >= tot.raw)
    share = (tot.matched / tot.gap).where(agree, 0.0)
    return share[share > 0]


def _silent_hubs(
    flows: pd.DataFrame,
    f: pd.DataFrame,
    calx: pd.DataFrame,
    m: pd.DataFrame,
    ep: pd.DataFrame,
    keys: list[str],
    p: dict[str, Any],
    n: int,
    taken: pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """mirror_gap's silent-hub rule (from its docstring): per unrecorded export O → K, the
    origin's exports of the code to a hub whose data holds no exports that month, where K's
    imports from O track them (correlation of three-month sums over the episode's months, at
    the best lag, whole sums of months both sides reported; above chance,
    `silent_hub_chance_z` × √(19 / 9n) over n sums, at most 0.95): `hub_leg_usd`, the leg
    over the episode times `attribution_markup`, of the passing hub with the largest
    leg, and `hub_usd`, this episode's share of it (each month of the leg shared among the
    episodes that read it, by `demand` a month); legs under the code's first `n` digits. On
    the heading, each month of the leg less what the code's episodes took of it (`taken`, the
    second of what this returns: each at most what it leaves a month), whom `hub_leg_usd` and
    the share count with."""
    un = ep.loc[ep.direction == "unrecorded", [*keys, "first", "last", "demand"]]
    legs = f[f.flow == "export"].rename(columns={"reporter": "exporter", "partner": "hub"})
    out = flows.loc[flows.flow.isin(["export", "re-export"]), ["reporter", "period"]]
    out = out.drop_duplicates().rename(columns={"reporter": "hub"})
    legs = legs.merge(out, how="left", indicator=True)
    legs = legs.loc[legs._merge == "left_only", ["exporter", "hub", "code", "period", "value"]]
    lags = range(int(p["silent_hub_max_lag"]) + 1)
    b = pd.concat([legs.assign(period=legs.period + pd.DateOffset(months=k), lag=k) for k in lags])
    b = un.assign(h=un.code.str[:n]).merge(
        b.assign(h=b.code.str[:n]).drop(columns="code"), on=["exporter", "h"]
    )
    b = b[(b.period >= b["first"]) & (b.period <= b["last"]) & (b.hub != b.importer)]
    b = b.groupby([*keys, "hub", "lag", "period"], as_index=False).value.sum()
    b = b.rename(columns={"value": "b"})
    months = pd.DataFrame({"period": np.sort(flows.period.unique())})
    grid = b[[*keys, "hub", "lag"]].drop_duplicates().merge(un, on=keys).merge(months, how="cross")
    grid = grid[(grid.period >= grid["first"]) & (grid.period <= grid["last"])]
    a = m.groupby([*ROUTE, "period"], as_index=False).value.sum().rename(columns={"value": "a"})
    g = grid.merge(a, on=[*ROUTE, "period"], how="left")
    g = g.merge(b, on=[*keys, "hub", "lag", "period"], how="left").fillna({"a": 0.0, "b": 0.0})
    # A month either side did not report (K's imports, O's exports in the leg's month, between
    # countries) is no zero: the three-month sums that hold one are left out.
    k_in = f.loc[f.flow == "import", ["reporter", "period"]].drop_duplicates()
    k_in = k_in.rename(columns={"reporter": "importer"}).assign(k_in=1)
    o_out = f.loc[f.flow == "export", ["reporter", "period"]].drop_duplicates()
    o_out = o_out.rename(columns={"reporter": "exporter"}).assign(o_out=1)
    o_out = pd.concat(
        [o_out.assign(period=o_out.period + pd.DateOffset(months=k), lag=k) for k in lags]
    )
    g = g.merge(k_in, on=["importer", "period"], how="left")
    g = g.merge(o_out, on=["exporter", "lag", "period"], how="left")
    g["reported"] = g.k_in.fillna(0) * g.o_out.fillna(0)
    g = g.sort_values([*keys, "hub", "lag", "period"])
    by = [*keys, "hub", "lag"]
    g["leg"] = g.groupby(by).b.transform("sum")
    g["a3"] = g.groupby(by).a.transform(lambda s: s.rolling(3).sum())
    g["b3"] = g.groupby(by).b.transform(lambda s: s.rolling(3).sum())
    g["n3"] = g.groupby(by).reported.transform(lambda s: s.rolling(3).sum())
    g = g[g.n3 == 3]
    if g.empty:  # (no whole three-month sum: `apply` on no group gives no columns)
        fit = g[by].head(0).assign(r=0.0, leg=0.0, n=0.0)
    else:
        fit = g.groupby(by).apply(
            lambda d: pd.Series({"r": d.a3.corr(d.b3), "leg": d.leg.max(), "n": len(d)})
        )
        fit = fit.reset_index()
    chance = np.minimum(p["silent_hub_chance_z"] * np.sqrt(19.0 / 9.0 / fit.n), 0.95)
    fit = fit[
        (fit.r >= p["silent_hub_min_corr"])
        & (fit.r >= chance)
        & (fit.n >= p["silent_hub_min_months"])
        & (fit.leg > 0)
    ]
    fit = fit.sort_values(
        [*keys, "hub", "r", "lag"], ascending=[True] * len(keys) + [True, False, True]
    )
    best = fit.drop_duplicates([*keys, "hub"])
    best = best.sort_values([*keys, "leg", "hub"], ascending=[True] * len(keys) + [False, True])
    best = best.drop_duplicates(keys)
    # Each month of a leg shared among the targets that read it, by what each leaves a month.
    rows = grid[[*keys, "hub", "lag", "period"]].merge(
        b, on=[*keys, "hub", "lag", "period"], how="left"
    )
    rows = rows.fillna({"b": 0.0})
    rows = rows.merge(best[[*keys, "hub", "lag"]], on=[*keys, "hub", "lag"])
    rows = rows.merge(un[[*keys, "demand"]], on=keys)
    rows["rate"] = rows.demand / rows.groupby(keys).period.transform("size")
    rows["leg_month"] = rows.period.dt.year * 12 + rows.period.dt.month - rows.lag
    rows["h4"] = rows.code.str[:4]
    if taken is not None:
        rows = rows.merge(taken, on=["exporter", "hub", "h4", "leg_month"], how="left")
        rows["b"] = (rows.b - rows.used.fillna(0.0)).clip(lower=0.0)
    pool = [rows.exporter, rows.hub, rows.code.str[:n], rows.leg_month]
    rows["whole"] = rows.groupby(pool).rate.transform("sum")
    rows["carried"] = rows.b * rows.rate / rows.whole
    by_key = [rows[k] for k in keys]
    carried = rows.groupby(by_key).agg(carried=("carried", "sum"), left_leg=("b", "sum"))
    best = best.merge(carried.reset_index(), on=keys)
    rows["used"] = np.minimum(rows.carried, rows.rate)
    took = rows.groupby(["exporter", "hub", "h4", "leg_month"], as_index=False).used.sum()
    markup = p["attribution_markup"]
    out = best[keys].assign(hub_leg_usd=best.left_leg * markup, hub_usd=best.carried * markup)
    return out, took


def _related(
    ep: pd.DataFrame,
    x: pd.DataFrame,
    m: pd.DataFrame,
    rx: pd.DataFrame,
    keys: list[str],
    lag: pd.DateOffset,
) -> tuple[np.ndarray, np.ndarray]:
    """The silent side's surplus under related codes (same heading or an HS 2017/2022 revision
    link; never a cover code and a heading it may hide), and its own records under them (the
    importer's terms), per episode, aligned with `ep`. A silent exporter's records include its
    re-exports (`rx`)."""
    from shadowtrade.detect.related_codes import revision_links

    both = pd.concat(
        [x[[*ROUTE, "period", "value"]].rename(columns={"value": "xv"}).assign(mv=0.0, rv=0.0),
         m[[*ROUTE, "period", "value"]].rename(columns={"value": "mv"}).assign(xv=0.0, rv=0.0),
         rx[[*ROUTE, "period", "value"]].rename(columns={"value": "rv"}).assign(xv=0.0, mv=0.0)]
    ).rename(columns={"code": "c2"})  # fmt: skip
    j = ep[[*keys, "start", "end", "expected"]].merge(both, on=["exporter", "importer"])
    j = j[(j.c2 != j.code) & (j.period >= j.start - lag) & (j.period <= j.end + lag)]
    links = set(map(tuple, revision_links()[["code", "related"]].to_numpy()))
    rel = (j.c2.str[:4] == j.code.str[:4]) | pd.Series(
        [(a, b) in links for a, b in zip(j.code, j.c2, strict=True)], index=j.index, dtype=bool
    )
    cov = cover_codes()
    hides = {(c, h) for c, hs in zip(cov.hs_code, cov.covers, strict=True) for h in hs.split("|")}
    cover = pd.Series(
        [(a, b[:4]) in hides or (b, a[:4]) in hides for a, b in zip(j.code, j.c2, strict=True)],
        index=j.index,
        dtype=bool,
    )
    j = j[rel & ~cover]
    per = j.groupby([*keys, "expected", "c2"], as_index=False)[["xv", "mv", "rv"]].sum()
    fx = np.exp(per.expected)
    per["surplus"] = (
        (per.mv - per.xv * fx)
        .where(per.direction == "phantom", (per.xv + per.rv) * fx - per.mv)
        .clip(lower=0.0)
    )
    per["own"] = per.mv.where(per.direction == "phantom", (per.xv + per.rv) * fx)
    out = per.groupby(keys)[["surplus", "own"]].sum().reset_index()
    out = ep[keys].merge(out, on=keys, how="left")
    return out["surplus"].fillna(0.0).to_numpy(), out["own"].fillna(0.0).to_numpy()


def change_points(
    series: pd.DataFrame,
    keys: list[str],
    months: pd.DataFrame,
    month_keys: list[str],
    min_before: int,
    min_after: int,
) -> pd.DataFrame:
    """The best single upward shift of every series (see shadowtrade.detect.flows)."""
    cal = months[[*month_keys, "period"]].drop_duplicates().sort_values([*month_keys, "period"])
    cal["idx"] = cal.groupby(month_keys).cumcount()
    s = series.merge(cal, on=[*month_keys, "period"]).sort_values([*keys, "period"])
    # Weighed by value: the log's scale is 2 % of the series' largest month, at least 1,000.
    scale = np.maximum(s.groupby(keys, sort=False)["value"].transform("max") * 0.02, 1000.0)
    s["y"] = np.log(1 + s.value / scale)
    s["y2"] = s.y * s.y
    grp = s.groupby(keys, sort=False)
    for col, src in (("cy", "y"), ("cy2", "y2"), ("cv", "value")):
        s[col] = grp[src].cumsum()
        s["t" + col[1:]] = grp[src].transform("sum")
    s["cn"] = grp.cumcount() + 1
    s["tn"] = grp["y"].transform("size")
    s["last_idx"] = grp["idx"].transform("max")
    s["last_period"] = grp["period"].transform("max")
    n_b = s.idx.astype(float)
    n_a = (s.last_idx - s.idx + 1).astype(float)
    n = n_b + n_a
    sb, vb, cb = s.cy - s.y, s.cv - s.value, s.cn - 1
    sa, va, ca = s.ty - sb, s.tv - vb, s.tn - cb
    with np.errstate(divide="ignore", invalid="ignore"):
        mb = np.where(n_b > 0, sb / n_b, 0.0)
        ma = sa / n_a
        sse = np.maximum(s.ty2 - mb * mb * n_b - ma * ma * n_a, 0.0)
        sigma = np.sqrt(sse / np.maximum(n - 2, 1.0))
        diff = ma - mb
        se = sigma * np.sqrt(1.0 / np.maximum(n_b, 1.0) + 1.0 / n_a)
        s["gain"] = n_b * n_a / n * diff * diff
        s["t"] = diff / np.maximum(se, 0.05)
        s["usd_before"] = np.where(n_b > 0, vb / n_b, 0.0)
        s["nonzero_before"] = np.where(n_b > 0, cb / n_b, 0.0)
    s["usd_after"] = va / n_a
    s["nonzero_after"] = ca / n_a
    s["n_before"], s["n_after"] = n_b, n_a
    s = s[(n_b >= min_before) & (n_a >= min_after) & (ma > mb)]
    s = s.sort_values([*keys, "gain", "period"], ascending=[True] * len(keys) + [False, True])
    best = s.drop_duplicates(keys).rename(columns={"period": "break_period"})
    cols = ["break_period", "n_before", "n_after", "t", "usd_before", "usd_after"]
    return best[[*keys, *cols, "nonzero_before", "nonzero_after", "last_period"]]


def _mi(d: pd.Series) -> pd.Series:
    """Month index: months since year 0, for month arithmetic on whole columns."""
    return d.dt.year * 12 + d.dt.month - 1


def transshipment(flows: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    f = _real(flows).assign(h4=lambda d: d.code.str[:4])
    out = f[f.flow.isin(["export", "re-export"])]
    x = out.groupby(["reporter", "partner", "h4", "period"])["value"].sum().rename("xv")
    x = x.reset_index().rename(columns={"reporter": "src", "partner": "dst"})
    inn = f[f.flow == "import"]
    m = (inn.groupby(["partner", "reporter", "h4", "period"])["value"].sum() / 1.06).rename("mv")
    m = m.reset_index().rename(columns={"partner": "src", "reporter": "dst"})
    series = x.merge(m, on=[*LEG, "period"], how="outer")
    series["value"] = np.maximum(series.xv.fillna(0.0), series.mv.fillna(0.0))
    series = series[[*LEG, "period", "value"]]
    cal = flows[["reporter", "flow", "period"]].drop_duplicates()
    pairs = series[["src", "dst"]].drop_duplicates()
    calx = cal[cal.flow.isin(["export", "re-export"])].rename(columns={"reporter": "src"})
    calm = cal[cal.flow == "import"].rename(columns={"reporter": "dst"})
    observable = pd.concat(
        [pairs.merge(calx[["src", "period"]]), pairs.merge(calm[["dst", "period"]])]
    ).drop_duplicates()

    r = change_points(
        series, LEG, observable, ["src", "dst"], p["min_months_before"], p["min_months_after"]
    )
    fl = p["floor_usd"]
    r["jump"] = np.log2((r.usd_after + fl) / (r.usd_before + fl))
    r = r[
        (r.jump >= np.log2(p["min_ratio"]))
        & (r.t >= p["min_t"])
        & (r.nonzero_after >= p["min_persistence"])
        & (r.usd_after >= p["min_value_usd"])
    ]
    # A heading an HS revision created rises with the revision: no leg (route_break.new_codes).
    from shadowtrade.detect.route_break import new_codes

    until = r.h4.map(new_codes()) + pd.DateOffset(months=p["min_months_before"])
    r = r[~(until.notna() & (pd.to_datetime(r.break_period) < until))]
    cov = cover_codes()
    rel = pd.DataFrame(
        [(c[:4], h) for c, hs in zip(cov.hs_code, cov.covers, strict=True) for h in hs.split("|")],
        columns=["h_in", "h_out"],
    ).drop_duplicates()
    base = r[["src", "dst", "h4", "break_period", "usd_after", "n_after"]]
    o = base.rename(
        columns={
            "src": "o_src",
            "dst": "o_dst",
            "h4": "o_h4",
            "break_period": "o_break",
            "usd_after": "o_after",
            "n_after": "o_months",
        }
    )

    def link(i: pd.DataFrame) -> pd.DataFrame:
        same = i.merge(o, left_on=["dst", "h4"], right_on=["o_src", "o_h4"])
        cv = i.merge(rel, left_on="h4", right_on="h_in").merge(
            o, left_on=["dst", "h_out"], right_on=["o_src", "o_h4"]
        )
        cols = [*i.columns, "o_dst", "o_h4", "o_break", "o_after", "o_months"]
        both = pd.concat([same, cv])[cols]
        both = both[both.src != both.o_dst]
        both["lag"] = _mi(both.o_break) - _mi(both.break_period)
        return both[(both.lag >= -1) & (both.lag <= p["max_lag_months"] + 1)]

    lk = link(base)
    one = pd.DataFrame(
        {
            "a": lk.src,
            "b1": lk.dst,
            "b2": None,
            "c": lk.o_dst,
            "h_in": lk.h4,
            "h_out": lk.o_h4,
            "start": lk.break_period,
            "out_start": lk.o_break,
            "in_after": lk.usd_after,
            "out_after": lk.o_after,
            "out_months": lk.o_months,
            "lag": lk.lag,
        }
    )
    mid = lk.rename(
        columns={
            "src": "a",
            "dst": "b1",
            "o_dst": "b2",
            "h4": "h_in",
            "o_h4": "h_mid",
            "break_period": "start",
            "o_break": "mid_start",
            "usd_after": "in_after",
            "lag": "lag1",
        }
    )
    o2 = base.rename(
        columns={
            "src": "b2",
            "dst": "c",
            "h4": "h_mid",
            "break_period": "out_start",
            "usd_after": "out_after",
            "n_after": "out_months",
        }
    )
    two = mid.drop(columns=["o_after", "o_months", "n_after"]).merge(o2, on=["b2", "h_mid"])
    two = two[(two.a != two.c) & (two.b1 != two.c)]
    two["lag2"] = _mi(two.out_start) - _mi(two.mid_start)
    two = two[(two.lag2 >= -1) & (two.lag2 <= p["max_lag_months"] + 1)]
    two = two.assign(h_out=two.h_mid, lag=two.lag1 + two.lag2)[one.columns]
    cand = pd.concat([one, two], ignore_index=True)
    cand["onward_share"] = cand.out_after / cand.in_after
    cand = cand[
        (cand.onward_share >= p["min_onward_share"]) & (cand.onward_share <= p["max_onward_share"])
    ].copy()
    cand["last_b"] = cand.b2.fillna(cand.b1)
    cand["b2"] = cand.b2.fillna("")
    keys = ["a", "b1", "b2", "c", "h_in", "h_out", "start"]
    hubs = _pass_through(cand, r, p)

    # Co-movement of inflow and lagged outflow after the inflow's break.
    si = series.rename(columns={"src": "a", "dst": "b1", "h4": "h_in", "value": "v_in"})
    ji = cand[[*keys, "lag"]].merge(si, on=["a", "b1", "h_in"])
    ji = ji[ji.period >= ji.start].assign(mi=lambda d: _mi(d.period))
    so = series.rename(columns={"src": "last_b", "dst": "c", "h4": "h_out", "value": "v_out"})
    jo = cand[[*keys, "last_b", "lag"]].merge(so, on=["last_b", "c", "h_out"])
    jo = jo[jo.period >= jo.start]
    lags = pd.DataFrame({"xl": range(-1, 2 * p["max_lag_months"] + 3)})
    jo = jo.merge(lags, how="cross")
    jo = jo[(jo.xl - jo.lag).abs() <= 2].assign(mi=lambda d: _mi(d.period) - d.xl)
    jj = ji.drop(columns="lag").merge(jo[[*keys, "xl", "mi", "v_out"]], on=[*keys, "mi"])
    jj = jj.assign(xy=jj.v_in * jj.v_out, xx=jj.v_in**2, yy=jj.v_out**2)
    gs = jj.groupby([*keys, "xl"])[["v_in", "v_out", "xy", "xx", "yy"]].mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = (gs.xy - gs.v_in * gs.v_out) / np.sqrt((gs.xx - gs.v_in**2) * (gs.yy - gs.v_out**2))
    cc = corr.rename("corr").reset_index()
    cc["ranked"] = cc["corr"].fillna(-1.0)
    cc = cc.sort_values([*keys, "ranked", "xl"], ascending=[True] * len(keys) + [False, True])
    cc = cc.drop_duplicates(keys).rename(columns={"xl": "corr_lag"})
    cand = cand.merge(cc[[*keys, "corr", "corr_lag"]], on=keys, how="left")

    # Difference in differences against the intermediary's other destinations.
    sx = series.rename(columns={"src": "last_b", "dst": "x_dst", "h4": "h_out"})
    jd = cand[[*keys, "last_b", "out_start"]].merge(sx, on=["last_b", "h_out"])
    jd = jd[(jd.x_dst != jd.c) & (jd.x_dst != jd.a)]
    pre = (jd.period < jd.out_start) & (jd.period >= jd.out_start - pd.DateOffset(months=12))
    post = (jd.period >= jd.out_start) & (jd.period < jd.out_start + pd.DateOffset(months=12))
    by_dst = [jd[k] for k in [*keys, "x_dst"]]
    per = pd.DataFrame(
        {
            "xb": jd.value.where(pre, 0.0).groupby(by_dst).sum(),
            "xa": jd.value.where(post, 0.0).groupby(by_dst).sum(),
        }
    ).reset_index()
    # The other destination that rose most is left out (transshipment/3).
    per["rise"] = (per.xa - per.xb).clip(lower=0.0)
    top = per.sort_values("rise", ascending=False).drop_duplicates(keys)
    top = top[top.rise > 0][[*keys, "xb", "xa"]].rename(columns={"xb": "top_b", "xa": "top_a"})
    did = per.groupby(keys).agg(others_before=("xb", "sum"), others_after=("xa", "sum"))
    did = did.reset_index().merge(top, on=keys, how="left")
    cand = cand.merge(did, on=keys, how="left")
    f12 = p["floor_usd"] * 12
    ob = (cand.others_before.fillna(0) - cand.top_b.fillna(0)).clip(lower=0.0)
    oa = (cand.others_after.fillna(0) - cand.top_a.fillna(0)).clip(lower=0.0)
    cand["others_jump"] = np.log2((oa + f12) / (ob + f12))
    # transshipment/8: a chain whose headings differ, into goods the last intermediary already
    # exported to its other destinations in the 12 months before (a year of the outflow or more
    # counts in full).
    made = (ob / (12.0 * cand.out_after)).clip(upper=1.0)
    cand["f_made"] = np.where(cand.h_in != cand.h_out, 1.0 - p["own_goods_discount"] * made, 1.0)
    cand = cand.merge(code_weight(cand.h_out).rename(columns={"code": "h_out"}), on="h_out")
    corr_v = cand["corr"].fillna(0.0)
    # transshipment/11: in full from the inflow up to onward_markup times it.
    mk = p["onward_markup"]

    def share_factor(x: Any) -> Any:
        gap = np.where(x > 1.0, np.log(np.maximum(x / mk, 1.0)), np.abs(np.log(x)))
        return np.clip(1 - gap / np.log(4.0), 0, 1)

    s_share = pd.Series(share_factor(cand.onward_share.to_numpy()), index=cand.index)
    s_corr = (0.6 + 0.4 * corr_v).clip(0, 1)
    s_did = (1 - cand.others_jump.clip(lower=0) / 2).clip(0, 1)
    hops = np.where(cand.b2 == "", 1, 2)
    best_lag = cand.corr_lag.fillna(cand.lag)
    s_lag = np.where((best_lag >= 0) & (best_lag <= p["max_lag_months"] * hops), 1.0, 0.8)
    s_dur = 0.5 + 0.5 * (cand.out_months / 9.0).clip(upper=1.0)
    # transshipment/2: how many pairs of rises at the chain's hub would fall this close by
    # chance (every chain here is linked within the lag window: this reference has no
    # co-movement matching of rises further apart).
    n_in = r.groupby(["dst", "h4"]).size().rename("n_in")
    n_out = r.groupby(["src", "h4"]).size().rename("n_out")
    cand = cand.merge(n_in, left_on=["b1", "h_in"], right_index=True, how="left")
    cand = cand.merge(n_out, left_on=["last_b", "h_out"], right_index=True, how="left")
    lo, hi = pd.to_datetime(series.period.min()), pd.to_datetime(series.period.max())
    span = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    per_hop = min((p["max_lag_months"] + 3) / span, 1.0)
    pairs = cand.n_in.fillna(1) * cand.n_out.fillna(1) - 1
    s_rare = 1.0 / (1.0 + pairs * per_hop**hops * p["chance_weight"])
    # transshipment/4: a chain through a re-export hub, marked by nothing, is its ordinary
    # re-export.
    lv = hubs.hub_level
    l1 = cand.b1.map(lv).fillna(0.0)
    l2 = cand.b2.map(lv).fillna(0.0)
    level = np.maximum(l1, l2)
    sd = series.rename(columns={"src": "a", "dst": "c", "h4": "h_out"})
    jd = cand[[*keys, "out_start"]].merge(sd, on=["a", "c", "h_out"])
    pre = (jd.period < jd.out_start) & (jd.period >= jd.out_start - pd.DateOffset(months=12))
    post = (jd.period >= jd.out_start) & (jd.period < jd.out_start + pd.DateOffset(months=12))
    by = [jd[k] for k in keys]
    direct = pd.DataFrame(
        {
            "db": jd.value.where(pre, 0.0).groupby(by).sum(),
            "da": jd.value.where(post, 0.0).groupby(by).sum(),
        }
    ).reset_index()
    cand = cand.merge(direct, on=keys, how="left")
    db, da = cand.db.fillna(0.0), cand.da.fillna(0.0)
    deflected = (db >= p["floor_usd"] * 12) & (da <= 0.5 * db)
    marked = (cand.weight > 0.7) | (cand.h_in != cand.h_out) | deflected
    s_hub = 1.0 - p["hub_discount"] * np.where(marked, 0.0, level)
    # transshipment/5: the legs' six-digit codes by value share, each over the 12 months from
    # its rise; a chain of one heading whose legs share none of it scores other_goods_factor.
    six = pd.concat(
        [
            out[["reporter", "partner", "h4", "code", "period", "value"]].rename(
                columns={"reporter": "s_src", "partner": "s_dst"}
            ),
            inn[["partner", "reporter", "h4", "code", "period", "value"]]
            .rename(columns={"partner": "s_src", "reporter": "s_dst"})
            .assign(value=lambda d: d.value / 1.06),
        ]
    )
    one = cand.loc[cand.h_in == cand.h_out, [*keys, "last_b", "out_start"]].drop_duplicates()

    def leg(src: str, dst: str, h: str, begin: str) -> pd.Series:
        j = one.merge(six, left_on=[src, dst, h], right_on=["s_src", "s_dst", "h4"])
        start = pd.to_datetime(j[begin])
        j = j[(j.period >= start) & (j.period < start + pd.DateOffset(months=12))]
        v = j.groupby([*keys, "code"]).value.sum()
        return v / v.groupby(level=keys).transform("sum")

    si, so = leg("a", "b1", "h_in", "start"), leg("last_b", "c", "h_out", "out_start")
    both = pd.concat({"i": si, "o": so}, axis=1).fillna(0.0)
    shared = both.min(axis=1).groupby(level=keys).sum().clip(0.0, 1.0)
    read = si.groupby(level=keys).size().index.intersection(so.groupby(level=keys).size().index)
    g = p["other_goods_factor"]
    goods = (g + (1 - g) * shared.reindex(read)).rename("f_goods").reset_index()
    cand = cand.merge(goods, on=keys, how="left")
    s_goods = cand.f_goods.fillna(1.0)
    # transshipment/6: ordinary goods (no listed item in the heading, no cover code's heading)
    # that nothing marks.
    cl, cov = control_list(), cover_codes()
    listed = set(cl.hs_code.str[:4]) | set(cov.hs_code.str[:4])
    plain = ~cand.h_out.isin(listed) & ~marked
    s_plain = np.where(plain, p["unmarked_ordinary_factor"], 1.0)
    # transshipment/10: a leg that ran before its rise at its later size (in the months it ran)
    # is an intermittent route running more often, not a new one; the lower of the first and
    # the last leg's factors.
    ran = r[r.nonzero_before > 0]
    q = (ran.usd_after / ran.nonzero_after) / (ran.usd_before / ran.nonzero_before)
    q = pd.Series(q.to_numpy(), index=pd.MultiIndex.from_frame(ran[LEG]))
    fl0 = p["standing_leg_factor"]
    f_leg = (fl0 + (1 - fl0) * np.log(q) / np.log(p["min_ratio"])).clip(fl0, 1.0)
    f_in = pd.MultiIndex.from_frame(cand[["a", "b1", "h_in"]]).map(f_leg.to_dict().get)
    f_out = pd.MultiIndex.from_frame(cand[["last_b", "c", "h_out"]]).map(f_leg.to_dict().get)
    f_new = np.minimum(
        pd.Series(f_in, dtype=float).fillna(1.0).to_numpy(),
        pd.Series(f_out, dtype=float).fillna(1.0).to_numpy(),
    )
    score = cand.weight * s_share * s_corr * s_did * s_lag * s_dur * s_rare * s_hub * s_goods
    cand["score"] = (score * s_plain * cand.f_made * f_new).clip(0, 1)
    # One inflow is carried on once: each chain's onward share is also read against what the
    # same inflow's chains that score higher leave of it (never raising the share's factor).
    # (The detector ranks chains whose legs rose in step before those matched by co-movement
    # alone; every chain here rose in step: this reference reads no co-movement match.)
    grp = ["a", "b1", "h_in", "start"]
    # (A two-hop chain and its first hop's chain carry the same goods on: same first outflow.)
    nxt = cand.b2.where(cand.b2.notna() & (cand.b2 != ""), cand.c)
    o = cand[[*grp, "score", "out_after", "h_out"]].assign(nxt=nxt).reset_index(drop=True)
    taken = []
    for r in o.itertuples(index=False):
        same = (o.a == r.a) & (o.b1 == r.b1) & (o.h_in == r.h_in) & (o.start == r.start)
        other = (o.nxt != r.nxt) | (o.h_out != r.h_out)
        taken.append(float(o.out_after[same & other & (o.score > r.score)].sum()))
    t = np.array(taken)
    left = cand.in_after.to_numpy() - t
    with np.errstate(divide="ignore", invalid="ignore"):
        s_left = np.where(left > 0, share_factor(cand.out_after.to_numpy() / left), 0.0)
        f_left = np.where(t > 0, np.minimum(1.0, s_left / np.maximum(s_share, 1e-9)), 1.0)
    cand["score"] = (cand.score * f_left).clip(0, 1)
    return cand[cand.score >= p["min_score"]]


def _pass_through(cand: pd.DataFrame, r: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """Per intermediary: rising inflows, those flowing on in step (one-hop links), those
    meeting an outflow in the placebo windows (halved), and the hub level they give."""
    one = cand[cand.b2 == ""]
    through = one[["b1", "a", "h_in", "start"]].drop_duplicates()
    n = through.groupby("b1").agg(through=("a", "size"), headings=("h_in", "nunique"))
    i = r[["src", "dst", "h4", "break_period", "usd_after"]]
    o = i.rename(
        columns={"src": "dst", "dst": "o_dst", "break_period": "o_break", "usd_after": "o_after"}
    )
    pl = i.merge(o, on=["dst", "h4"])
    pl = pl[pl.src != pl.o_dst]
    lag = _mi(pd.to_datetime(pl.o_break)) - _mi(pd.to_datetime(pl.break_period))
    share = pl.o_after / pl.usd_after
    w = p["max_lag_months"] + 2
    placebo = ((lag >= -w - 4) & (lag <= -5)) | ((lag >= 9) & (lag <= 8 + w))
    pl = pl[placebo & (share >= p["min_onward_share"]) & (share <= p["max_onward_share"])]
    met = pl[["dst", "src", "h4", "break_period"]].drop_duplicates()
    chance = (met.groupby("dst").size() / 2.0).rename("chance")
    h = r.groupby("dst").size().rename("n_in").to_frame().join(n).join(chance).fillna(0.0)
    excess = (h.through - 1 - h.chance).clip(lower=0.0)
    rate = np.where(h.n_in > 1, excess / (h.n_in - 1).clip(lower=1), 0.0)
    lo, full = p["hub_min_rate"], p["hub_pass_rate"]
    level = ((rate - lo) / (full - lo)).clip(0.0, 1.0)
    h["hub_level"] = np.where(h.headings >= p["hub_min_headings"], level, 0.0)
    return h


def _box_fit(n: np.ndarray, o: np.ndarray, g: np.ndarray, prop: float) -> float:
    """b of min Σ(n - a·o - b·g)² over a, b in [0, 1], by scipy's bounded least squares (an
    independent check of mirror_gap's closed form); NaN where n, o or g is all zero, or where b
    is not below `prop` by two standard errors."""
    oo, gg, og = float(o @ o), float(g @ g), float(o @ g)
    det = oo * gg - og * og
    if not (n @ n > 0 and oo > 0 and gg > 0 and len(n) >= 3 and det > 1e-9 * oo * gg):
        return float("nan")
    from scipy.optimize import lsq_linear

    fit = lsq_linear(np.column_stack([o, g]), n, bounds=(0.0, 1.0), method="bvls", tol=1e-14)
    loss = float(((n - fit.x[0] * o - fit.x[1] * g) ** 2).sum())
    best = (float(fit.x[0]), float(fit.x[1]), loss)
    se = float(np.sqrt(max(best[2], 0.0) / (len(n) - 2) * oo / det))
    return best[1] if prop - best[1] >= 2 * se else float("nan")
