"""Score Shadowtrade's alerts and cases on an independent world against its truth.json.

    python measure.py RUN_DIR [RUN_DIR ...] [--explain N] [--json OUT]

RUN_DIR holds alerts.jsonl and cases.jsonl (from `shadowtrade alerts|cases --format jsonl`),
world/truth.json, and optionally world/provenance.csv.gz (gen.py --provenance) for --explain.

Matching rule (an alert, or a case read from its title, matches a planted scheme when all hold):
  1. countries: the alert's non-null origin / via / destination number at least two, all lie on
     the scheme's route [origin, *via, destination], and in that order (a leg or the whole route);
  2. goods: the alert's hs_code or declared_hs_code shares its first four digits (its first two
     when the alert gives only a chapter) with the scheme's true or declared code (a case: any
     heading its title names, the goods' reading or the heading they were declared under);
  3. time: the alert's months overlap the scheme's months extended by 3 months at the end (lags,
     imports recorded a month or two later).
Recall of a scheme kind: the share of its schemes matched by at least one alert with score >= 0.5.
"""

from __future__ import annotations

import os
import sys

try:
    import pandas as pd
except ModuleNotFoundError:
    here = os.path.dirname(os.path.abspath(__file__))
    venv = os.path.join(here, "..", "..", ".venv", "bin", "python")
    if os.path.exists(venv) and sys.executable != venv:
        os.execv(venv, [venv, *sys.argv])
    raise

import argparse
import json
import re
from pathlib import Path

THRESHOLD = 0.5


def ym(s: str) -> int:
    """'2023-07-01' or '202307' -> months since year 0."""
    s = str(s).replace("-", "")
    return int(s[:4]) * 12 + int(s[4:6]) - 1


def codes_match(alert_codes: list[str], scheme_codes: list[str]) -> bool:
    for a in alert_codes:
        if not a:
            continue
        k = 2 if len(a) < 4 else 4
        if any(s and s[:k] == a[:k] for s in scheme_codes):
            return True
    return False


def countries_match(countries: list[str], route: list[str]) -> bool:
    c = [x for x in countries if x]
    if len(c) < 2 or any(x not in route for x in c):
        return False
    pos = [route.index(x) for x in c]
    return pos == sorted(pos) and len(set(pos)) == len(pos)


def matches(countries, codes, start, end, sc) -> bool:
    route = [sc["origin"], *sc["via"], sc["destination"]]
    if not countries_match(countries, route):
        return False
    if not codes_match(codes, [sc["hs_code"], sc.get("declared_hs_code")]):
        return False
    s0, s1 = ym(sc["period_start"]), ym(sc["period_end"]) + 3
    return ym(start) <= s1 and ym(end) >= s0


def alert_matches(a: dict, schemes: list[dict]) -> list[str]:
    return [
        sc["id"]
        for sc in schemes
        if matches(
            [a["origin"], a["via"], a["destination"]],
            [a["hs_code"] or "", a["declared_hs_code"] or ""],
            a["period_start"],
            a["period_end"],
            sc,
        )
    ]


TITLE = re.compile(r"^(?P<route>[A-Z_]{2,3}(?: → [A-Z_]{2,3})*) · .*?HS (?P<hs>\d+)")


def case_matches(c: dict, schemes: list[dict]) -> list[str] | None:
    m = TITLE.match(c["title"])
    if not m:
        return None
    route = m["route"].split(" → ")
    countries = [route[0], *(route[1:-1] or [None]), route[-1]] if len(route) > 1 else route
    # every heading the title names: the goods' reading and, since the twenty-first session,
    # the heading the goods were booked under (", declared as HS 7616"), as alerts are matched
    codes = re.findall(r"HS (\d+)", c["title"].split(" · ", 1)[1])
    return [
        sc["id"]
        for sc in schemes
        if matches(countries, codes, c["period_start"], c["period_end"], sc)
    ]


def measure(run: Path) -> dict:
    truth = json.loads((run / "world" / "truth.json").read_text())
    schemes = truth["schemes"]
    rows = truth["world"]["rows"]
    alerts = [json.loads(x) for x in (run / "alerts.jsonl").read_text().splitlines() if x.strip()]
    cases = [json.loads(x) for x in (run / "cases.jsonl").read_text().splitlines() if x.strip()]
    hi = [a for a in alerts if a["score"] >= THRESHOLD]
    out: dict = {
        "run": run.name,
        "rows": rows,
        "alerts": len(alerts),
        "alerts_ge_0.5": len(hi),
        "alerts_ge_0.5_per_million": round(len(hi) / rows * 1e6, 2),
        "by_detector_per_million": {},
        "cases": len(cases),
        "cases_ge_0.5": sum(c["score"] >= THRESHOLD for c in cases),
    }
    for det in sorted({a["detector"] for a in alerts}):
        n = sum(a["detector"] == det for a in hi)
        out["by_detector_per_million"][det] = round(n / rows * 1e6, 2)
    out["by_detector_count"] = {
        d: sum(a["detector"] == d for a in hi) for d in sorted({a["detector"] for a in alerts})
    }
    if schemes:
        for a in alerts:
            a["_match"] = alert_matches(a, schemes)
        found = {
            sc["id"]: max([a["score"] for a in alerts if sc["id"] in a["_match"]], default=0.0)
            for sc in schemes
        }
        kinds = sorted({sc["kind"] for sc in schemes})
        out["recall_by_kind"] = {
            k: f"{sum(found[s['id']] >= THRESHOLD for s in schemes if s['kind'] == k)}/"
            f"{sum(s['kind'] == k for s in schemes)}"
            for k in kinds
        }
        out["recall"] = f"{sum(v >= THRESHOLD for v in found.values())}/{len(schemes)}"
        m_hi = sum(bool(a["_match"]) for a in hi)
        out["alerts_ge_0.5_matching"] = m_hi
        out["share_ge_0.5_matching"] = round(m_hi / len(hi), 3) if hi else None
        out["unmatched_ge_0.5_per_million"] = round((len(hi) - m_hi) / rows * 1e6, 2)
        out["unmatched_ge_0.5_by_detector"] = {
            d: sum(a["detector"] == d and not a["_match"] for a in hi)
            for d in out["by_detector_count"]
        }
        top = sorted(cases, key=lambda c: -c["score"])[:20]
        cm = [case_matches(c, schemes) for c in top]
        out["top20_cases_planted"] = sum(bool(x) for x in cm)
        out["top20_cases_unparsed"] = sum(x is None for x in cm)
        out["best_score_by_scheme"] = {s["id"]: round(found[s["id"]], 3) for s in schemes}
        out["missed"] = [
            dict(s, best_score=round(found[s["id"]], 3))
            for s in schemes
            if found[s["id"]] < THRESHOLD
        ]
        out["_alerts"] = alerts
    else:
        out["_alerts"] = alerts
    return out


def explain(run: Path, res: dict, n: int) -> list[dict]:
    """The n highest-scoring unmatched alerts >= 0.5, with the true flows behind their countries and code."""
    world = json.loads((run / "world" / "truth.json").read_text())["world"]
    prov_path = run / "world" / "provenance.csv.gz"
    prov = (
        pd.read_csv(prov_path, dtype={"hs": str}, low_memory=False) if prov_path.exists() else None
    )
    out = []
    cand = [a for a in res["_alerts"] if a["score"] >= THRESHOLD and not a.get("_match")]
    cand.sort(key=lambda a: -a["score"])
    rep = world["reporting"]
    for a in cand[:n]:
        ctry = [x for x in (a["origin"], a["via"], a["destination"]) if x]
        notes = []
        for c in ctry:
            for key in ("late_starters", "stoppers"):
                if c in rep[key]:
                    notes.append(f"{c} {key[:-1].replace('_', ' ')} {rep[key][c]}")
            for key in (
                "bad_reporters_missing_12pct",
                "confidential_arms_to_areas_nes",
                "silent_arms_importers",
                "missing_weight_reporters",
            ):
                if c in rep[key]:
                    notes.append(f"{c} in {key}")
            if c in world["reexport_hubs"]["hubs"]:
                notes.append(f"{c} re-export hub")
            if c == world["sanctions_shock"]["target"]:
                notes.append(f"{c} sanctions target from {world['sanctions_shock']['month']}")
            if c in world["sanctions_shock"]["neighbours"]:
                notes.append(f"{c} sanctions neighbour")
        flows = []
        if prov is not None:
            legs = (
                [(a["origin"], a["via"]), (a["via"], a["destination"])]
                if a["via"]
                else [(a["origin"], a["destination"])]
            )
            codes = {c[:4] for c in (a["hs_code"], a["declared_hs_code"]) if c}
            for x, y in legs:
                if not (x and y):
                    continue
                sel = prov[
                    (
                        (prov["exp"] == x) & (prov["imp"] == y)
                        | (prov["origin"] == x) & (prov["imp"] == y)
                    )
                    & prov["hs"].str[:4].isin(codes)
                ]
                if len(sel):
                    g = sel.groupby(
                        ["exp", "imp", "origin", "hs", "kind", "life", "birth"], dropna=False
                    ).agg(
                        months=("period", "count"),
                        first=("period", "min"),
                        last=("period", "max"),
                        usd=("value", "sum"),
                        lumps=("lump", "sum"),
                    )
                    flows.append(g.reset_index().to_dict("records"))
                else:
                    flows.append(f"no true flow {x}->{y} in {sorted(codes)}")
        out.append(
            {
                "score": round(a["score"], 3),
                "detector": a["detector"],
                "origin": a["origin"],
                "via": a["via"],
                "destination": a["destination"],
                "hs": a["hs_code"],
                "declared": a["declared_hs_code"],
                "period": f"{a['period_start'][:7]}..{a['period_end'][:7]}",
                "summary": a["summary"],
                "world_notes": notes,
                "true_flows": flows,
            }
        )
    return out


def attribute(run: Path, explained: list[dict]) -> dict:
    """Count unmatched alerts >= 0.5 by the benign behaviour behind their true flows (first that applies)."""
    world = json.loads((run / "world" / "truth.json").read_text())["world"]
    hubs = world["reexport_hubs"]["hubs"]
    counts: dict = {}
    for e in explained:
        recs = [r for fl in e["true_flows"] if not isinstance(fl, str) for r in fl]
        kinds = {r["kind"] for r in recs}
        if any(
            r["kind"] == "reexport" and r["origin"] != r["exp"] and hubs.get(r["exp"]) == "X"
            for r in recs
        ):
            cat = "hub re-export reported as export, destination books the origin"
        elif any(r["kind"] == "reexport" and r["origin"] != r["exp"] for r in recs):
            cat = "hub re-export reported as RX, destination books the origin"
        elif "reexport" in kinds:
            cat = "hub re-export (destination books the hub)"
        elif kinds & {"reroute_in", "reroute_out"}:
            cat = "sanctions shock: legitimate reroute through a neighbour"
        elif any(
            r["kind"] in ("benign", "tiny") and r["life"] in ("born", "short", "died") for r in recs
        ):
            cat = "route birth / death / one-off (benign lifecycle)"
        elif "tiny" in kinds:
            cat = "tiny shipments before a route grows"
        elif any(r.get("lumps") for r in recs):
            cat = "lumpy arms orders on a steady route"
        elif recs:
            cat = "steady benign route (noise, gaps, sibling codes, confidentiality)"
        else:
            cat = "no true flow on the alert's countries and heading"
        e["behaviour"] = cat
        key = f"{e['detector']}: {cat}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument(
        "--explain",
        type=int,
        default=0,
        help="show the N highest unmatched alerts >= 0.5 with their true flows",
    )
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    results = []
    for run in a.runs:
        res = measure(run)
        if a.explain:
            res["explained"] = explain(run, res, a.explain)
            res["unmatched_by_behaviour"] = attribute(run, res["explained"])
        res.pop("_alerts")
        results.append(res)
        print(json.dumps(res, indent=1, default=str))
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
