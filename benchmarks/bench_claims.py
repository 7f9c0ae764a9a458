"""The allegation check's reading of text against the labelled allegations (issue 21).

Reads `tests/data/allegations/allegations.jsonl` (dev-heldout271; see its
README), extracts every text's hypotheses and prints, per split (dev / held-out), the share
of labelled claims with each field right and with all five right
(origin, intermediaries, destination, goods, period), stance, texts without a claim refused,
and crashes. The held-out batches were each run blind once (figures in FIRST_BLIND_RUN); rules
are written from a batch's misses only after its blind run.

    python bench_claims.py [--split dev|heldout|heldout2|...|heldout135|all] [--show-errors]
    python bench_claims.py --pathological   # CPU time of texts built to be slow
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from shadowtrade.claims.extract import Hypothesis, extract_all  # noqa: E402

DATA = ROOT / "tests" / "data" / "allegations" / "allegations.jsonl"
FIELDS = ("origin", "via", "destination", "goods", "period")
SPLITS = ("dev", "heldout", *(f"heldout{n}" for n in range(2, 272)))
# All five right on each held-out batch's blind run (its errors were read after). heldout52-59
# were run blind twice in the tenth session, at its start and at its final claims code, before
# anyone read a miss; the final code's figures are kept (the README gives both), as are
# heldout116-119's (eighteenth session, 4e5b0d7 and 719f26e: 36/140 at both) and heldout120-127's
# (nineteenth session, 2665238 and b53b438: 88/354 at both) and heldout128-135's (twenty-first
# session, a5dec50 and 2984b31: 92/308 at both; the learned second stage, off by default, 92 too)
# and heldout160-167's (twenty-third session, f7eaf6f and 0f05d04: 116/279 at both)
# and heldout168-175's (twenty-fourth session, 5208067 and 5aaadab: 95 -> 104 of 271)
# and heldout176-183's (twenty-fifth session, 8d82434 and 93e454b: 116 -> 124 of 268)
# and heldout184-191's (twenty-sixth session, 358ab57 and 2d432f4: 133 -> 136 of 269).
FIRST_BLIND_RUN = {"heldout": "86.0% (43/50)", "heldout2": "88.0% (44/50)",
                   "heldout3": "97.1% (33/34)", "heldout4": "54.8% (34/62)",
                   "heldout5": "69.0% (29/42)",
                   "heldout6": "76.1% (35/46)",
                   "heldout7": "82.6% (38/46)",
                   "heldout8": "65.2% (30/46)",
                   "heldout9": "76.1% (35/46)",
                   "heldout10": "91.1% (41/45)",
                   "heldout11": "73.9% (34/46)",
                   "heldout12": "82.8% (24/29)",
                   "heldout13": "90.0% (27/30)",
                   "heldout14": "70.6% (24/34)",
                   "heldout15": "47.1% (16/34)",
                   "heldout16": "69.7% (23/33)",
                   "heldout17": "66.7% (22/33)",
                   "heldout18": "82.4% (28/34)",
                   "heldout19": "84.4% (27/32)",
                   "heldout20": "78.1% (25/32)",
                   "heldout21": "80.6% (25/31)",
                   "heldout22": "71.9% (23/32)",
                   "heldout23": "75.0% (24/32)",
                   "heldout24": "84.4% (27/32)",
                   "heldout25": "71.0% (22/31)",
                   "heldout26": "86.2% (25/29)",
                   "heldout27": "75.9% (22/29)",
                   "heldout28": "86.2% (25/29)",
                   "heldout29": "82.8% (24/29)",
                   "heldout30": "86.2% (25/29)",
                   "heldout31": "53.3% (16/30)",
                   "heldout32": "47.1% (16/34)",
                   "heldout33": "56.2% (18/32)",
                   "heldout34": "40.7% (11/27)",
                   "heldout35": "46.4% (13/28)",
                   "heldout36": "46.4% (13/28)",
                   "heldout37": "46.7% (14/30)",
                   "heldout38": "53.1% (17/32)",
                   "heldout39": "52.9% (18/34)",
                   "heldout40": "46.4% (13/28)",
                   "heldout41": "48.3% (14/29)",
                   "heldout42": "60.7% (17/28)",
                   "heldout43": "58.6% (17/29)",
                   "heldout44": "81.5% (22/27)",
                   "heldout45": "56.7% (17/30)",
                   "heldout46": "51.7% (15/29)",
                   "heldout47": "56.7% (17/30)",
                   "heldout48": "42.4% (14/33)",
                   "heldout49": "36.7% (11/30)",
                   "heldout50": "55.6% (15/27)",
                   "heldout51": "44.8% (13/29)",
                   "heldout52": "70.0% (21/30)",
                   "heldout53": "66.7% (20/30)",
                   "heldout54": "60.7% (17/28)",
                   "heldout55": "82.1% (23/28)",
                   "heldout56": "62.5% (20/32)",
                   "heldout57": "61.8% (21/34)",
                   "heldout58": "45.5% (15/33)",
                   "heldout59": "68.8% (22/32)",
                   "heldout60": "50.0% (16/32)",
                   "heldout61": "40.6% (13/32)",
                   "heldout62": "53.1% (17/32)",
                   "heldout63": "56.2% (18/32)",
                   "heldout64": "43.8% (14/32)",
                   "heldout65": "50.0% (16/32)",
                   "heldout66": "50.0% (16/32)",
                   "heldout67": "53.1% (17/32)",
                   "heldout68": "21.9% (7/32)",
                   "heldout69": "28.1% (9/32)",
                   "heldout70": "75.0% (24/32)",
                   "heldout71": "68.8% (22/32)",
                   "heldout72": "50.0% (16/32)",
                   "heldout73": "37.5% (12/32)",
                   "heldout74": "60.6% (20/33)",
                   "heldout75": "59.4% (19/32)",
                   "heldout76": "50.0% (16/32)",
                   "heldout77": "40.6% (13/32)",
                   "heldout78": "68.8% (22/32)",
                   "heldout79": "68.8% (22/32)",
                   "heldout80": "81.2% (26/32)",
                   "heldout81": "84.4% (27/32)",
                   "heldout82": "43.8% (14/32)",
                   "heldout83": "40.6% (13/32)",
                   "heldout84": "37.5% (12/32)",
                   "heldout85": "46.9% (15/32)",
                   "heldout86": "45.5% (15/33)",
                   "heldout87": "59.4% (19/32)",
                   "heldout88": "78.1% (25/32)",
                   "heldout89": "71.9% (23/32)",
                   "heldout90": "46.9% (15/32)",
                   "heldout91": "50.0% (16/32)",
                   "heldout92": "31.2% (10/32)",
                   "heldout93": "33.3% (11/33)",
                   "heldout94": "75.8% (25/33)",
                   "heldout95": "71.9% (23/32)",
                   "heldout96": "59.4% (19/32)",
                   "heldout97": "71.9% (23/32)",
                   "heldout98": "60.6% (20/33)",
                   "heldout99": "62.5% (20/32)",
                   "heldout100": "71.9% (23/32)",
                   "heldout101": "53.1% (17/32)",
                   "heldout102": "40.6% (13/32)",
                   "heldout103": "46.9% (15/32)",
                   "heldout104": "71.9% (23/32)",
                   "heldout105": "75.0% (24/32)",
                   "heldout106": "71.9% (23/32)",
                   "heldout107": "71.9% (23/32)",
                   "heldout108": "59.4% (19/32)",
                   "heldout109": "65.6% (21/32)",
                   "heldout110": "81.2% (26/32)",
                   "heldout111": "75.0% (24/32)",
                   "heldout112": "31.4% (11/35)",
                   "heldout113": "21.6% (8/37)",
                   "heldout114": "14.3% (6/42)",
                   "heldout115": "25.6% (11/43)",
                   "heldout116": "24.3% (9/37)",
                   "heldout117": "30.6% (11/36)",
                   "heldout118": "12.1% (4/33)",
                   "heldout119": "35.3% (12/34)",
                   "heldout120": "21.3% (10/47)",
                   "heldout121": "28.3% (13/46)",
                   "heldout122": "25.0% (13/52)",
                   "heldout123": "14.9% (7/47)",
                   "heldout124": "29.7% (11/37)",
                   "heldout125": "26.2% (11/42)",
                   "heldout126": "28.6% (12/42)",
                   "heldout127": "26.8% (11/41)",
                   "heldout128": "28.9% (11/38)",
                   "heldout129": "43.6% (17/39)",
                   "heldout130": "28.2% (11/39)",
                   "heldout131": "25.6% (10/39)",
                   "heldout132": "36.1% (13/36)",
                   "heldout133": "48.6% (18/37)",
                   "heldout134": "10.3% (4/39)",
                   "heldout135": "19.5% (8/41)",
                   "heldout136": "35.9% (14/39)",
                   "heldout137": "35.9% (14/39)",
                   "heldout138": "52.8% (19/36)",
                   "heldout139": "34.3% (12/35)",
                   "heldout140": "38.5% (15/39)",
                   "heldout141": "10.3% (4/39)",
                   "heldout142": "32.4% (12/37)",
                   "heldout143": "25.6% (10/39)",
                   "heldout144": "29.7% (11/37)",
                   "heldout145": "29.7% (11/37)",
                   "heldout146": "35.1% (13/37)",
                   "heldout147": "42.9% (15/35)",
                   "heldout148": "29.7% (11/37)",
                   "heldout149": "47.4% (18/38)",
                   "heldout150": "41.7% (15/36)",
                   "heldout151": "47.4% (18/38)",
                   "heldout152": "13.2% (5/38)",
                   "heldout153": "12.5% (5/40)",
                   "heldout154": "25.0% (8/32)",
                   "heldout155": "21.2% (7/33)",
                   "heldout156": "59.5% (22/37)",
                   "heldout157": "42.1% (16/38)",
                   "heldout158": "37.8% (14/37)",
                   "heldout159": "31.6% (12/38)",
                   "heldout160": "37.1% (13/35)",
                   "heldout161": "17.1% (6/35)",
                   "heldout162": "58.1% (18/31)",
                   "heldout163": "28.6% (10/35)",
                   "heldout164": "62.9% (22/35)",
                   "heldout165": "50.0% (20/40)",
                   "heldout166": "46.9% (15/32)",
                   "heldout167": "33.3% (12/36)",
                   "heldout168": "22.2% (8/36)",
                   "heldout169": "16.2% (6/37)",
                   "heldout170": "40.6% (13/32)",
                   "heldout171": "31.2% (10/32)",
                   "heldout172": "40.5% (15/37)",
                   "heldout173": "50.0% (17/34)",
                   "heldout174": "35.5% (11/31)",
                   "heldout175": "46.9% (15/32)",
                   "heldout176": "31.2% (10/32)",
                   "heldout177": "19.4% (6/31)",
                   "heldout178": "30.3% (10/33)",
                   "heldout179": "34.4% (11/32)",
                   "heldout180": "80.0% (28/35)",
                   "heldout181": "57.1% (20/35)",
                   "heldout182": "51.4% (18/35)",
                   "heldout183": "37.1% (13/35)",
                   "heldout184": "37.5% (12/32)",
                   "heldout185": "36.4% (12/33)",
                   "heldout186": "74.2% (23/31)",
                   "heldout187": "30.3% (10/33)",
                   "heldout188": "59.0% (23/39)",
                   "heldout189": "54.3% (19/35)",
                   "heldout190": "56.2% (18/32)",
                   "heldout191": "47.1% (16/34)",
                   "heldout192": "45.2% (14/31)",
                   "heldout193": "25.0% (8/32)",
                   "heldout194": "45.2% (14/31)",
                   "heldout195": "43.8% (14/32)",
                   "heldout196": "75.0% (27/36)",
                   "heldout197": "63.2% (24/38)",
                   "heldout198": "39.5% (15/38)",
                   "heldout199": "34.3% (12/35)",
                   "heldout200": "41.2% (14/34)",
                   "heldout201": "36.4% (12/33)",
                   "heldout202": "57.1% (20/35)",
                   "heldout203": "46.9% (15/32)",
                   "heldout204": "70.6% (24/34)",
                   "heldout205": "36.1% (13/36)",
                   "heldout206": "46.9% (15/32)",
                   "heldout207": "46.9% (15/32)",
                   "heldout208": "50.0% (16/32)",
                   "heldout209": "33.3% (11/33)",
                   "heldout210": "57.1% (20/35)",
                   "heldout211": "35.3% (12/34)",
                   "heldout212": "62.9% (22/35)",
                   "heldout213": "47.1% (16/34)",
                   "heldout214": "48.6% (17/35)",
                   "heldout215": "22.2% (8/36)",
                   "heldout216": "47.1% (16/34)",
                   "heldout217": "34.3% (12/35)",
                   "heldout218": "55.6% (20/36)",
                   "heldout219": "43.8% (14/32)",
                   "heldout220": "62.5% (20/32)",
                   "heldout221": "58.8% (20/34)",
                   "heldout222": "65.7% (23/35)",
                   "heldout223": "44.1% (15/34)",
                   "heldout224": "47.1% (16/34)",
                   "heldout225": "34.4% (11/32)",
                   "heldout226": "55.9% (19/34)",
                   "heldout227": "34.3% (12/35)",
                   "heldout228": "59.4% (19/32)",
                   "heldout229": "64.1% (25/39)",
                   "heldout230": "42.4% (14/33)",
                   "heldout231": "50.0% (15/30)",
                   "heldout232": "27.3% (12/44)",
                   "heldout233": "38.6% (17/44)",
                   "heldout234": "53.3% (16/30)",
                   "heldout235": "41.9% (13/31)",
                   "heldout236": "71.4% (25/35)",
                   "heldout237": "58.3% (21/36)",
                   "heldout238": "53.3% (16/30)",
                   "heldout239": "53.1% (17/32)",
                   "heldout240": "59.4% (19/32)",
                   "heldout241": "47.2% (17/36)",
                   "heldout242": "58.1% (18/31)",
                   "heldout243": "51.6% (16/31)",
                   "heldout244": "75.7% (28/37)",
                   "heldout245": "69.2% (27/39)",
                   "heldout246": "53.8% (21/39)",
                   "heldout247": "46.2% (18/39)",
                   "heldout248": "59.4% (19/32)",
                   "heldout249": "42.5% (17/40)",
                   "heldout250": "62.9% (22/35)",
                   "heldout251": "59.5% (22/37)",
                   "heldout252": "50.0% (16/32)",
                   "heldout253": "50.0% (16/32)",
                   "heldout254": "64.9% (24/37)",
                   "heldout255": "41.5% (17/41)",
                   "heldout256": "32.7% (17/52)",
                   "heldout257": "25.9% (15/58)",
                   "heldout258": "75.8% (25/33)",
                   "heldout259": "67.6% (25/37)",
                   "heldout260": "62.9% (22/35)",
                   "heldout261": "54.3% (19/35)",
                   "heldout262": "57.5% (23/40)",
                   "heldout263": "54.5% (24/44)",
                   "heldout264": "56.1% (23/41)",
                   "heldout265": "34.9% (15/43)",
                   "heldout266": "65.7% (23/35)",
                   "heldout267": "63.6% (21/33)",
                   "heldout268": "34.6% (18/52)",
                   "heldout269": "32.7% (18/55)",
                   "heldout270": "61.8% (21/34)",
                   "heldout271": "66.7% (22/33)"}  # fmt: skip


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def _month(d: date | None) -> str | None:
    return f"{d.year:04d}-{d.month:02d}" if d else None


def field_right(label: dict[str, Any], h: Hypothesis) -> dict[str, bool]:
    headings = {c[:4] for c in h.hs_codes}
    groups = [set(g) for g in label["goods"]]
    goods_ok = (
        all(headings & g for g in groups) and all(any(x in g for g in groups) for x in headings)
        if groups else not headings
    )  # fmt: skip
    period = [_month(h.period_start), _month(h.period_end)] if h.period_start else None
    return {
        "origin": h.origin == label["origin"],
        "via": set(h.via) == set(label["via"]),
        "destination": h.destination == label["destination"],
        "goods": goods_ok,
        "period": period == label["period"],
        "stance": h.stance == label["stance"],
    }


def match(labels: list[dict[str, Any]], hyps: list[Hypothesis]) -> list[dict[str, bool]]:
    """Each labelled claim against the hypothesis that gets most of its fields right."""
    out = []
    free = list(hyps)
    for label in labels:
        if not free:
            out.append(dict.fromkeys((*FIELDS, "stance"), False))
            continue
        best = max(free, key=lambda h: sum(field_right(label, h).values()))
        free.remove(best)
        out.append(field_right(label, best))
    return out


def score(rows: list[dict[str, Any]], show: bool) -> dict[str, Any]:
    right: Counter[str] = Counter()
    claims = refused = no_claim = crashes = extra = 0
    t0 = time.perf_counter()
    for r in rows:
        try:
            hyps = extract_all(r["text"], today=date.fromisoformat(r["date"]))
        except Exception as exc:
            crashes += 1
            print(f"CRASH {r['id']}: {exc!r}")
            continue
        if not r["claims"]:
            no_claim += 1
            refused += not hyps
            if hyps and show:
                print(f"{r['id']} {r['lang']} should be refused: {r['text'][:80]}")
            continue
        extra += max(0, len(hyps) - len(r["claims"]))
        for label, ok in zip(r["claims"], match(r["claims"], hyps), strict=True):
            claims += 1
            all5 = all(ok[f] for f in FIELDS)
            right.update([f for f, v in ok.items() if v] + (["all five"] if all5 else []))
            if show and not (all5 and ok["stance"]):
                got = [(h.origin, h.via, h.destination, h.hs_codes, _month(h.period_start),
                        _month(h.period_end), h.stance) for h in hyps]  # fmt: skip
                print(f"{r['id']} {r['lang']} {r['text'][:90]}\n   want {label}\n   got  {got}")
    secs = time.perf_counter() - t0
    return {"texts": len(rows), "claims": claims, "no_claim": no_claim, "refused": refused,
            "crashes": crashes, "extra_hypotheses": extra, "seconds": round(secs, 2),
            **{f: right[f] / claims if claims else 0.0
               for f in (*FIELDS, "stance", "all five")}}  # fmt: skip


def pathological() -> None:
    """CPU time of texts built to be slow (a 24 KB run of one country name and commas took 149 s
    before long runs were read in pieces; a page of country names), against ordinary text of
    the same length (the seed article repeated), measured in the same run."""
    seed = (ROOT.parent / "shared" / "data" / "seed-article.txt").read_text(encoding="utf-8")
    today = date(2025, 1, 1)
    texts = {
        "24 KB of 'Serbia, '": "Serbia, " * 3000 + "ships shells",
        "a page of country names": "Serbian ammunition. "
        + "Hungary, Austria, Romania, Kenya, Chile, " * 400,
    }
    print("\npathological texts (CPU seconds; ratio to ordinary text of the same length):")
    for name, text in texts.items():
        ordinary = (seed * (len(text) // len(seed) + 1))[: len(text)]
        t0 = time.process_time()
        extract_all(ordinary, today=today)
        base = time.process_time() - t0
        t0 = time.process_time()
        extract_all(text, today=today)
        took = time.process_time() - t0
        print(f"  {name:26s} {took:6.1f} s  ordinary {base:6.1f} s  ratio {took / base:5.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--pathological", action="store_true", help="only the slow-text timings")
    args = ap.parse_args()
    if args.pathological:
        pathological()
        return
    rows = load()
    splits = SPLITS if args.split == "all" else (args.split,)
    print(f"allegations: {DATA.relative_to(ROOT)} ({len(rows)} texts)")
    for split in splits:
        part = [r for r in rows if r["split"] == split]
        s = score(part, args.show_errors)
        print(f"\n{split}: {s['texts']} texts, {s['claims']} labelled claims, "
              f"{s['no_claim']} texts without a claim ({s['seconds']} s)")  # fmt: skip
        for f in (*FIELDS, "stance", "all five"):
            print(f"  {f:12s} {s[f]:6.1%}")
        print(f"  refused      {s['refused']}/{s['no_claim']} texts without a claim")
        print(f"  crashes      {s['crashes']}")
        print(f"  extra hypotheses beyond the labelled claims: {s['extra_hypotheses']}")
        if split in FIRST_BLIND_RUN:
            print(f"  all five on its first blind run: {FIRST_BLIND_RUN[split]}")
    if args.split == "all":
        pathological()


if __name__ == "__main__":
    main()
