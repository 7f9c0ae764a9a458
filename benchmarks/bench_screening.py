"""Sanctions screening: quality on a benchmark built from the OFAC list's own names, and speed.

Quality (`entities.screening_benchmark`, rebuildable from the public list): recall of the listed
entity for its names' variants (other script, word order, legal form, case, typing slips) and
leave-one-out spelling aliases, and the false-positive rate on held-out listed entities' names
and synthetic company names, at thresholds 0.80 / 0.85 / 0.90, for seeds 1–3.

Speed (`--speed`, run in its own process so peak memory is its own): 1,000,000 party names
(synthetic firms in Latin and Cyrillic, with 10,000 planted variants of listed names) screened
against 100,000 listed names (the OFAC list's ~24,000 names and aliases, topped up with
synthetic listed firms and people); then, on a 10,000-name subsample, every query compared with
every listed name (rapidfuzz `cdist`) to count the true matches the blocking lost.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import cyrtranslit
import numpy as np
import pandas as pd

from shadowtrade.entities import screening_benchmark as sb
from shadowtrade.entities.screening import exhaustive_pairs, names_of_entities, screen_against
from shadowtrade.formats.sanctions import parse_ofac

ROOT = Path(__file__).resolve().parents[1]
SDN = ROOT.parent / "shared" / "data" / "ofac-sdn" / "sdn.csv"
THRESHOLDS = (0.80, 0.85, 0.90)
SEEDS = (1, 2, 3)
LISTED_NAMES = 100_000
QUERIES = 1_000_000
PLANTED = 10_000
SUBSAMPLE = 10_000
GIVEN = ("Ivan", "Petar", "Olena", "Dmitri", "Marko", "Ahmad", "Li", "Maria", "Jovan",
         "Sergei", "Nikola", "Anna", "Omar", "Hassan", "Wei", "Yusuf", "Elena", "Milan",
         "Georgi", "Ali")  # fmt: skip
FAMILY = ("Petrov", "Jovanovic", "Kovalenko", "Ivanov", "Nikolic", "Hosseini", "Zhang",
          "Georgiev", "Popescu", "Karimov", "Horvat", "Novak", "Rahimi", "Shevchenko", "Markovic",
          "Dimitrov", "Sidorov", "Wang", "Haddad", "Kuznetsov")  # fmt: skip


def ofac_entities() -> pd.DataFrame:
    df = pd.DataFrame(parse_ofac(SDN).entities)
    df["list"] = "ofac-sdn"
    return df


def quality() -> None:
    entities = ofac_entities()
    frames = []
    for seed in SEEDS:
        bench = sb.build(entities, seed=seed)
        started = time.perf_counter()
        r = sb.evaluate(bench, THRESHOLDS)
        r["seed"] = seed
        frames.append(r)
        print(f"seed {seed}: {len(bench.queries):,} queries against"
              f" {len(bench.indexed):,} listed entities, {bench.same_name_dropped} held-out"
              " names dropped as the same name listed twice;"
              f" {time.perf_counter() - started:.1f}s")  # fmt: skip
    r = pd.concat(frames)
    print("\nScreening quality, mean of seeds 1–3 (recall of the right entity; false-positive"
          " rate = share of negatives with any match):")  # fmt: skip
    summary = r.groupby(["family", "measure", "threshold"])["value"].mean().unstack("threshold")
    print(summary.to_string(float_format=lambda v: f"{v:.4f}"))
    recall = summary.loc[("all positives", "recall"), 0.85]
    fpr = summary.loc[("all negatives", "false-positive rate"), 0.85]
    ok = recall >= 0.97 and fpr <= 0.01
    print(f"\nAt the default threshold 0.85: recall {recall:.4f} (target ≥ 0.97), false-positive"
          f" rate {fpr:.4f} (target ≤ 0.01) — {'met' if ok else 'NOT met'}")  # fmt: skip


# The figures reported, run once blind: seed 91 (from the ninth session on); seed 31, run
# blind by the second and third sessions, seed 41, run blind by the fourth, seed 51, run blind
# by the fifth, seed 61, run blind by the sixth, seed 71, run blind by the seventh, and seed 81,
# run blind by the eighth, have been looked at since and are reported as seen. Seeds 1-4 (and
# 7) develop.
HELD_OUT_SEED = 91
SEEN_SEEDS = (31, 41, 51, 61, 71, 81)
KIND_THRESHOLD = 0.85  # `shadowtrade screen`'s default
PEER_THRESHOLD = 0.7  # nomenklatura logic-v2's default cut-off (yente)
PEER_CANDIDATES = 10  # listed names the peer weighs per query: the nearest by rapidfuzz


def peer_matches(bench: sb.ScreeningBenchmark) -> pd.DataFrame:
    """OpenSanctions' matcher on the same queries: nomenklatura's logic-v2 (default scoring
    config) on each query against the listed entities of its PEER_CANDIDATES nearest listed
    names (rapidfuzz token-set ratio on ASCII text: the peer's own candidate retrieval, yente's
    search index, is not part of nomenklatura). Queries are given their source's schema.
    Columns: qid, entity_id, score."""
    from followthemoney import model
    from nomenklatura.matching import LogicV2
    from nomenklatura.matching.types import ScoringConfig
    from rapidfuzz import fuzz
    from rapidfuzz.process import cdist
    from rigour.text import ascii_text

    cfg = ScoringConfig.defaults()
    listed = names_of_entities(bench.indexed)
    proxies = {}
    for e in bench.indexed.to_dict("records"):
        p = model.make_entity("Person" if e["schema"] == "Person" else "LegalEntity")
        p.id = f"e-{e['entity_id']}"
        p.add("name", e["name"])
        p.add("alias", [str(a) for a in (e["aliases"] if e["aliases"] is not None else [])])
        proxies[str(e["entity_id"])] = p
    q = bench.queries.reset_index(drop=True)
    qtext = [ascii_text(x).lower() for x in q["query"]]
    ltext = [ascii_text(x).lower() for x in listed["listed_name"]]
    ids = listed["entity_id"].astype(str).to_numpy()
    schema_of = dict(zip(bench.indexed["entity_id"].astype(str), bench.indexed["schema"],
                         strict=True))  # fmt: skip
    rows = []
    for start in range(0, len(q), 500):
        sim = cdist(qtext[start : start + 500], ltext, scorer=fuzz.token_set_ratio,
                    dtype=np.uint8, workers=-1)  # fmt: skip
        near = np.argpartition(-sim.astype(np.int16), PEER_CANDIDATES, axis=1)
        for k in range(sim.shape[0]):
            qi = start + k
            src = q.loc[qi, "entity_id"]
            schema = schema_of.get(str(src), "LegalEntity") if isinstance(src, str) else (
                "Person" if "," in str(q.loc[qi, "source_name"]) else "LegalEntity")  # fmt: skip
            qp = model.make_entity("Person" if schema == "Person" else "LegalEntity")
            qp.id = f"q-{qi}"
            qp.add("name", q.loc[qi, "query"])
            for eid in dict.fromkeys(ids[near[k, :PEER_CANDIDATES]]):
                score = LogicV2.compare(qp, proxies[eid], cfg).score
                rows.append({"qid": qi, "entity_id": eid, "score": score})
    return pd.DataFrame(rows)


def kind_figures(bench: sb.ScreeningBenchmark, ours: pd.DataFrame, peer: pd.DataFrame
                 ) -> pd.DataFrame:  # fmt: skip
    """Recall (positives) or false-positive rate (look-alikes) per kind, ours and the peer's."""
    q = bench.queries.reset_index(drop=True)
    q["qid"] = np.arange(len(q))
    hits = q.merge(ours, left_on="query", right_on="query")[["qid", "entity_id_x",
                                                             "entity_id_y"]]  # fmt: skip
    hits.columns = ["qid", "want", "got"]
    p = peer[peer["score"] >= PEER_THRESHOLD].merge(q[["qid", "entity_id"]], on="qid")
    p.columns = ["qid", "got", "score", "want"]
    rows = []
    for family, g in [*q.groupby("family", sort=False), ("all positives", q[q.entity_id.notna()]),
                      ("all look-alikes", q[q.entity_id.isna()])]:  # fmt: skip
        positive = g["entity_id"].notna().all()
        row = {"kind": family, "queries": len(g),
               "measure": "recall" if positive else "false-positive rate"}  # fmt: skip
        for who, h in (("shadowtrade", hits), ("nomenklatura", p)):
            # positives: the right entity found; look-alikes: any entity found
            ok = set(h.loc[h["want"] == h["got"], "qid"]) if positive else set(h["qid"])
            row[who] = float(g["qid"].isin(ok).mean())
        rows.append(row)
    return pd.DataFrame(rows)


def kinds(seed: int = HELD_OUT_SEED, *, peer: bool = True) -> pd.DataFrame:
    """The kinds benchmark (issue 22) for one seed, ours at KIND_THRESHOLD beside the peer."""
    entities = ofac_entities()
    bench = sb.build_kinds(entities, seed=seed)
    listed = names_of_entities(bench.indexed)
    started = time.perf_counter()
    ours = screen_against(listed, bench.queries["query"].tolist(), None,
                          threshold=KIND_THRESHOLD)  # fmt: skip
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = peer_matches(bench) if peer else pd.DataFrame(columns=["qid", "entity_id", "score"])
    peer_s = time.perf_counter() - started
    r = kind_figures(bench, ours, theirs)
    held = " (held out)" if seed == HELD_OUT_SEED else " (seen)" if seed in SEEN_SEEDS else ""
    print(f"kinds benchmark, seed {seed}{held}:"
          f" {len(bench.queries):,} queries against {len(bench.indexed):,} listed entities;"
          f" shadowtrade at {KIND_THRESHOLD} in {ours_s:.1f}s, nomenklatura logic-v2 at"
          f" {PEER_THRESHOLD} in {peer_s:.1f}s")  # fmt: skip
    print(r.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return r


SURNAME_ENDINGS = ("ov", "ev", "ic", "enko", "escu", "i", "yan", "ski", "uk", "ovic", "")


def _people(n: int, rng: np.random.Generator) -> list[str]:
    """People as lists write them, "SURNAME, Given Patronymic": the common given names of the
    region, surnames coined from syllables and the usual endings (as varied as real ones)."""
    middle = [f"{g}ovich" for g in GIVEN[:8]] + [""] * 8
    out = []
    for _ in range(n):
        stem = "".join(rng.choice(sb.SYLLABLES, size=int(rng.integers(1, 3))))
        family = rng.choice(FAMILY) if rng.random() < 0.1 else stem + rng.choice(SURNAME_ENDINGS)
        out.append(f"{str(family).upper()}, {rng.choice(GIVEN)} {rng.choice(middle)}".strip())
    return out


def speed_world(
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, list[str], set[tuple[str, str, str]]]:
    """100,000 listed names and 1,000,000 party names, the first PLANTED of them variants of
    listed names; with the (query, list, entity id) each planted variant must find."""
    real = ofac_entities()
    n_real = len(names_of_entities(real))
    synth_names = sb.synthetic_companies((LISTED_NAMES - n_real) * 2 // 3, rng) + _people(
        (LISTED_NAMES - n_real) // 3, rng
    )
    synth = pd.DataFrame({
        "list": "synthetic", "entity_id": [f"S{i}" for i in range(len(synth_names))],
        "schema": ["Person" if "," in n else "LegalEntity" for n in synth_names],
        "name": synth_names, "aliases": [[] for _ in synth_names],
        "countries": [[] for _ in synth_names], "programs": "", "listed_on": None,
    })  # fmt: skip
    listed = names_of_entities(pd.concat([real, synth], ignore_index=True))
    planted_rows = listed.sample(PLANTED, random_state=1)
    planted = [
        sb.variant(n, s, list(c), rng)
        for n, s, c in zip(planted_rows["listed_name"], planted_rows["schema"],
                           planted_rows["countries"], strict=True)
    ]  # fmt: skip
    others = sb.synthetic_companies(QUERIES - PLANTED, np.random.default_rng(99))
    # A tenth of the firms written in Cyrillic, as Russian, Serbian or Ukrainian papers would.
    langs = ("ru", "sr", "ua")
    others = [
        cyrtranslit.to_cyrillic(n.lower(), langs[i % 3]).upper() if i % 10 == 0 else n
        for i, n in enumerate(others)
    ]
    queries = planted + others
    truth = set(zip(planted, planted_rows["list"], planted_rows["entity_id"], strict=True))
    return listed, queries, truth


def _cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it has waited for."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def speed() -> None:
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    listed, queries, truth = speed_world(rng)
    print(f"world: {len(listed):,} listed names, {len(queries):,} party names"
          f" ({time.perf_counter() - started:.1f}s to build)")  # fmt: skip
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    found = screen_against(listed, queries, None, threshold=0.85, every_name=True)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    load = os.getloadavg()[0]
    # The screen forks workers for its Python steps: theirs is the peak of one of them.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    entity = ["query", "list", "entity_id"]
    hits = set(map(tuple, found[entity].to_numpy()))
    planted = len(truth & hits)
    print(f"screened {len(queries):,} names against {len(listed):,} listed names in"
          f" {seconds:.1f}s (target < 120 s; {cpu:.1f} CPU-seconds on all cores, load average"
          f" {load:.1f} at the end), peak memory {peak:.2f} GB (target < 6 GB; a worker"
          f" process at most {child_peak:.2f} GB, much of it shared with the parent);"
          f" {len(found):,} matches; planted variants that found their entity:"
          f" {planted:,}/{len(truth):,}")  # fmt: skip
    sub = list(dict.fromkeys(queries[: PLANTED // 2] + queries[PLANTED : PLANTED + SUBSAMPLE]))
    sub = sub[:SUBSAMPLE]
    started = time.perf_counter()
    brute = screen_against(listed, sub, None, threshold=0.85, every_name=True,
                           candidates=exhaustive_pairs(0.85))  # fmt: skip
    brute_s = time.perf_counter() - started
    blocked = found[found["query"].isin(set(sub))]
    # True matches: planted variants finding the entity they were made from.
    true_brute = truth & set(map(tuple, brute[entity].to_numpy()))
    true_kept = true_brute & set(map(tuple, blocked[entity].to_numpy()))
    lost = len(true_brute - true_kept)
    share = lost / len(true_brute) if true_brute else 0.0
    print(f"brute force on {len(sub):,} names × {len(listed):,} listed names ({brute_s:.1f}s):"
          f" {len(true_brute):,} true matches (planted variants finding their entity), the"
          f" blocking lost {lost:,} = {share:.2%} (target ≤ 1 %)")  # fmt: skip
    # Stricter: every pair at the threshold, right or wrong.
    key = ["query", "list", "entity_id", "listed_name"]
    every = set(map(tuple, brute[key].to_numpy()))
    kept = set(map(tuple, blocked[key].to_numpy()))
    missed = len(every - kept)
    print(f"  every (query, listed name) pair at 0.85 the brute force scores: {len(every):,},"
          f" the blocking lost {missed:,} = {missed / max(1, len(every)):.2%}"
          " (look-alikes of other listed names, found only by comparing everything)")  # fmt: skip


def main() -> None:
    if "--speed" in sys.argv:
        speed()
        return
    if "--kinds" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--kinds") + 1]) if len(sys.argv) > 2 else 7
        kinds(seed, peer="--no-peer" not in sys.argv)
        return
    quality()
    print()
    kinds(HELD_OUT_SEED)
    print()
    # Speed in its own process: its peak memory is then its own.
    subprocess.run([sys.executable, __file__, "--speed"], check=True)


if __name__ == "__main__":
    main()
