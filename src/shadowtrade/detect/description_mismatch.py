"""`description_mismatch`: goods descriptions that do not fit the declared code.

- **Giveaway**: the description reads as a controlled heading (arms, ammunition, propellants,
  explosives, armoured vehicles, drones, sights — the control list's headings) while the
  declared code is a civilian one: "152MM SHELL BODIES" under 7326 "articles of iron or steel".
  The reading comes from `classify.hs_text` (HS texts and trade names, no model downloads); the
  controlled heading must be the best reading or within `margin` of it, and its score above
  `min_score`. A declared code that the reference list names as a cover for that heading
  raises the score; the words behind the reading are the evidence.
- **Vague**: a description made only of words that name no goods ("spare parts", "metal
  products", "goods as per invoice") on a consignment of high value or weight: the customs
  officer cannot check it against the code, which is why it is used. On cover and controlled
  codes it is a red flag (0.6 and up with value); on ordinary goods it is as often sloppiness,
  and its alert stays at 0.45, below the review threshold.

Descriptions are read once each (the distinct ones), not once per consignment.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from shadowtrade.classify.hs_text import hs_text_model, normalise
from shadowtrade.detect.alerts import factor, product, scored
from shadowtrade.detect.consignments import code_weight_of, consignment_alert, weighted_shipments
from shadowtrade.detect.flows import ORDINARY_WEIGHT
from shadowtrade.detect.registry import Detector, Parameter, register
from shadowtrade.reference.loaders import control_list, cover_codes, hs_text
from shadowtrade.schema import ALERTS

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "description_mismatch"
VAGUE_CAP = 0.95  # a vague text alone never reaches certainty
SCORING_VERSION = "description_mismatch/1"  # the product of the factors in `score_factors`
BATCH = 20_000
# Words that name no goods: a description made only of these (and numbers) cannot be checked.
VAGUE_WORDS = frozenset(
    re.findall(
        r"\S+",
        """part parts spare spares accessory accessories component components goods good general
    cargo merchandise item items article articles product products material materials metal
    metals equipment equipments hardware various assorted misc miscellaneous sundry sundries
    supplies consumables samples sample stuff industrial technical commercial machinery
    machine unit units kit kits set sets spare-parts fak freight kinds all said contain
    stc per invoice as pcs pc packages package pallets pallet boxes box cartons carton lot
    new used other others the of and for with in to from on""",
    )
)
_WORD = re.compile(r"[a-z][a-z\-]*")


def controlled_headings() -> dict[str, float]:
    """Headings a description may give away, with their control weight.

    A heading on the control list keeps its weight; a heading of which only one subheading is
    controlled (8906.10 warships, 9013.10 sights) counts at 0.6 of it; CHPL electronics are
    not here — their descriptions fit civilian goods by design.
    """
    out: dict[str, float] = {}
    cl = control_list()
    for code, category, weight in zip(cl["hs_code"], cl["category"], cl["weight"], strict=True):
        if category == "chpl":
            continue
        w = float(weight) if len(code) == 4 else 0.6 * float(weight)
        out[code[:4]] = max(out.get(code[:4], 0.0), w)
    return {h: w for h, w in out.items() if w >= 0.5}


def is_vague(description: str) -> bool:
    """Whether a goods description says nothing a classifier can read ('parts', 'goods', 'spare
    parts')."""
    words = _WORD.findall(normalise(description))
    return all(w in VAGUE_WORDS for w in words)


def read_descriptions(descriptions: list[str]) -> pd.DataFrame:
    """Each description's best heading, its best controlled heading, and whether it is vague."""
    model = hs_text_model()
    ctrl = controlled_headings()
    parts = []
    for i in range(0, len(descriptions), BATCH):
        chunk = descriptions[i : i + BATCH]
        scores = model.scores(chunk)  # once per chunk: the best reading and the controlled one
        top = model.top_of(scores)
        best = model.best_of(scores, list(ctrl))
        parts.append(
            pd.DataFrame(
                {
                    "description": chunk,
                    "heading_1": top["heading_1"],
                    "score_1": top["score_1"],
                    "ctrl_heading": best["heading"],
                    "ctrl_score": best["score"],
                }
            )
        )
    cols = ["description", "heading_1", "score_1", "ctrl_heading", "ctrl_score"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    out["vague"] = [is_vague(d) for d in out["description"]]
    out["ctrl_weight"] = out["ctrl_heading"].map(ctrl).astype(float)
    return out


def candidates(ws: ScanContext, p: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Consignments whose description reads as controlled goods under a civilian code, and vague
    ones under a controlled code."""
    s = weighted_shipments(ws)
    s = s.filter(s.description.notnull() & (s.description.strip() != ""))
    distinct = s.select("description").distinct().to_pandas()["description"].tolist()
    read = read_descriptions(distinct)
    ctrl = set(controlled_headings())
    give = read[
        (read["ctrl_score"] >= p["min_score"])
        & (read["ctrl_score"] >= read["score_1"] - p["margin"])
    ]
    vague = read[read["vague"]]
    found = pd.DataFrame()
    if not give.empty:
        j = s.join(ibis.memtable(give), "description")
        # Declared under a civilian code: not the controlled heading's own family.
        found = j.filter(~j.code.substr(0, 4).isin(list(ctrl))).to_pandas()
        found["declared_score"] = _declared_scores(found)
        # A text that fits its declared heading about as well ("armoured safes" under 8303
        # safes) is not a giveaway.
        gap = found["ctrl_score"] - found["declared_score"]
        found = found[gap >= p["min_gap"]].reset_index(drop=True)
    big = pd.DataFrame()
    if not vague.empty:
        j = s.join(ibis.memtable(vague), "description")
        heavy = (j.value_usd >= p["vague_min_value_usd"]) | (
            j.net_weight_kg >= p["vague_min_weight_kg"]
        )
        big = j.filter(heavy).to_pandas()
    return found, big


def _declared_scores(found: pd.DataFrame) -> np.ndarray:
    """The classifier's score of each consignment's description for its declared heading."""
    if found.empty:
        return np.array([], dtype=float)
    pairs = found[["description", "code"]].assign(h4=found["code"].str.slice(0, 4))
    pairs = pairs.drop_duplicates(["description", "h4"]).reset_index(drop=True)
    model = hs_text_model()
    pairs["declared_score"] = model.score_of(pairs["description"].tolist(), pairs["h4"].tolist())
    keyed = found.assign(h4=found["code"].str.slice(0, 4))
    merged = keyed.merge(pairs[["description", "h4", "declared_score"]], on=["description", "h4"])
    return merged["declared_score"].to_numpy()


def _covers() -> dict[str, set[str]]:
    cov = cover_codes()
    return {
        str(c): set(str(v).split("|")) for c, v in zip(cov["hs_code"], cov["covers"], strict=True)
    }


def to_alerts(give: pd.DataFrame, vague: pd.DataFrame, p: dict[str, Any]) -> pd.DataFrame:
    """Rows of the alert contract, with the description's best controlled heading and its score."""
    rows = []
    covers = _covers()
    model = hs_text_model() if len(give) else None
    for r in give.to_dict("records"):
        h, code = str(r["ctrl_heading"]), str(r["code"])
        is_cover = h in covers.get(code, set())
        confidence = min(1.0, max(0.0, (float(r["ctrl_score"]) - p["min_score"]) / 0.6))
        fs = [
            factor(
                "heading_weight",
                float(r["ctrl_weight"]),
                1.0,
                f"heading {h}, which the description reads as, weighs {float(r['ctrl_weight']):g}",
            ),
            factor(
                "reads_as_controlled",
                0.55 + 0.2 * is_cover + 0.25 * confidence,
                p["min_score"],
                f"0.55 for a description read as {h}"
                + (f", 0.2 as {code} is a known cover for it" if is_cover else "")
                + f", and 0.25 of the reading's confidence ({confidence:.2f}: its score"
                f" {float(r['ctrl_score']):.2f} above {p['min_score']:g}, full at 0.6 more)",
            ),
        ]
        score = product(fs)
        words = model.explain(str(r["description"]), h) if model is not None else []
        rows.append(
            consignment_alert(
                NAME,
                "giveaway",
                r,
                hs_code=h,
                score=score,
                summary=(
                    f"Consignment {r['shipment_id']} is declared as HS {code}"
                    f' ({hs_text(code)[:60]}) but described as "{r["description"]}", which'
                    f" reads as heading {h} ({hs_text(h)[:60]})"
                    + (f" on the words {', '.join(repr(w) for w in words)}" if words else "")
                    + (f"; {code} is a known cover for {h}." if is_cover else ".")
                ),
                evidence={
                    "description": r["description"],
                    "declared_code": code,
                    "declared_code_text": hs_text(code),
                    "read_as_heading": h,
                    "read_as_text": hs_text(h),
                    "reading_score": round(float(r["ctrl_score"]), 3),
                    "best_heading": r["heading_1"],
                    "best_heading_score": round(float(r["score_1"]), 3),
                    "declared_heading_score": round(float(r["declared_score"]), 3),
                    "words": words,
                    "declared_code_is_cover_for_heading": is_cover,
                    "value_usd": r["value_usd"],
                    "net_weight_kg": r["net_weight_kg"],
                    "consignee": r["recipient"],
                    "invoice_no": r.get("invoice_no"),
                    **scored(fs, SCORING_VERSION),
                },
            )
        )
    for r in vague.to_dict("records"):
        value, kg = float(r["value_usd"] or 0.0), float(r["net_weight_kg"] or 0.0)
        size = max(value / p["vague_min_value_usd"], kg / p["vague_min_weight_kg"], 1.0)
        # On cover or controlled goods a vague text is a red flag; on ordinary goods it is
        # sloppiness as often as concealment and stays below the review threshold.
        sensitive = code_weight_of(r) > ORDINARY_WEIGHT
        w = code_weight_of(r)
        fs = (
            [
                factor(
                    "vague_and_large",
                    0.6 + 0.08 * math.log2(size),
                    p["vague_min_value_usd"],
                    f"{size:.1f} times the value or weight threshold (0.6, and 0.08 per doubling)",
                ),
                factor(
                    "code_weight",
                    w / 0.85,
                    0.85,
                    f"the code weighs {w:g}, against 0.85 for a cover code",
                ),
            ]
            if sensitive
            else [
                factor(
                    "ordinary_goods",
                    0.45,
                    ORDINARY_WEIGHT,
                    "on ordinary goods a vague text is sloppiness as often as concealment",
                )
            ]
        )
        code = str(r["code"])
        rows.append(
            consignment_alert(
                NAME,
                "vague",
                r,
                score=product(fs, cap=VAGUE_CAP),
                summary=(
                    f"Consignment {r['shipment_id']} of {value:,.0f} USD and {kg:,.0f} kg under"
                    f" HS {code} ({hs_text(code)[:60]}) is described only as"
                    f' "{r["description"]}", which names no goods a customs officer could'
                    " check against the code."
                ),
                evidence={
                    "description": r["description"],
                    "declared_code": code,
                    "declared_code_text": hs_text(code),
                    "value_usd": value,
                    "net_weight_kg": kg,
                    "times_the_value_threshold": round(value / p["vague_min_value_usd"], 2),
                    "consignee": r["recipient"],
                    "invoice_no": r.get("invoice_no"),
                    **scored(fs, SCORING_VERSION, cap=VAGUE_CAP),
                },
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: each mismatched or vague description as an alert."""
    give, vague = candidates(ws, p)
    return ibis.memtable(to_alerts(give, vague, p))


DETECTOR = register(
    Detector(
        needs_values=(("shipments", ("description",), "a goods description"),),
        source="consignments",
        words="goods description does not fit the code",
        finding_kinds=("cover_description", "vague_description"),
        name=NAME,
        description="descriptions that read as controlled goods under civilian codes; vague ones",
        reads=("shipments", "ref_control_list", "ref_cover_codes"),
        run=detect,
        parameters=(
            Parameter("min_score", -0.4, "classifier score a controlled reading needs"),
            Parameter("margin", 0.15, "how far below the best reading a controlled one may be"),
            Parameter("min_gap", 0.4, "how much better the text reads as controlled than declared"),
            Parameter("vague_min_value_usd", 100_000.0, "value from which a vague text counts"),
            Parameter("vague_min_weight_kg", 20_000.0, "weight from which a vague text counts"),
        ),
    )
)
