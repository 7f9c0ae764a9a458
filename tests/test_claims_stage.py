"""Known answers for the learned second stage over the rules' route roles (claims/stage.py).

The texts are written for the test (not benchmark texts), in the shape the outside batches
heldout120-127 showed the rules misreading: a chain told over two sentences, whose first stop
the rules took for the origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shadowtrade.claims import stage
from shadowtrade.claims.extract import extract_all

TODAY = date(2025, 6, 1)
CHAIN = (
    "A shell company in Valletta, Malta, received German-made detonators in 2023; it forwarded"
    " them to an armed group in Libya."
)


def test_second_stage_reads_the_first_stop_as_a_stop() -> None:
    """The rules lose Malta, where the goods were received first (its receiver is the subject,
    the onward leg a clause of "it"); the second stage reads it as the stop, keeps the roles the
    rules read right with their words, and says the words behind the role it added."""
    (rules,) = extract_all(CHAIN, today=TODAY, second_stage=False)
    assert (rules.origin, rules.via, rules.destination) == ("DEU", [], "LBY")
    (h,) = extract_all(CHAIN, today=TODAY, second_stage=True)
    assert (h.origin, h.via, h.destination) == ("DEU", ["MLT"], "LBY")
    assert h.words["origin"] == rules.words["origin"]  # a kept role keeps its words
    assert h.words["destination"] == rules.words["destination"]
    assert len(h.words["via"]) == 1 and "second stage: via" in h.words["via"][0]


def test_second_stage_keeps_a_listed_pair_of_stops() -> None:
    """A route the rules read right stays: both stops of "via Turkmenistan and Kyrgyzstan" (a
    stage fitted on long articles once dropped the second of two listed stops)."""
    text = "Since 2023 Chinese microchips have reached Russia via Turkmenistan and Kyrgyzstan."
    routes = [
        (h.origin, h.via, h.destination) for h in extract_all(text, today=TODAY, second_stage=True)
    ]
    assert routes == [("CHN", ["TKM", "KGZ"], "RUS")]


@dataclass
class _Route:
    origin: str | None
    via: list[str] = field(default_factory=list)
    destination: str | None = None


def _p(o: float, v: float, d: float) -> dict[str, float]:
    return {"origin": o, "via": v, "destination": d, "none": 1 - o - v - d}


def test_assemble_one_origin_one_destination_distinct_stops_in_order() -> None:
    """The route is consistent whatever the probabilities: the likeliest pair of distinct ends,
    stops that are neither, first named first; a stop the rules read stays unless it becomes an
    end; the rules' route stands where the model prefers it."""
    found = {x: stage.Country(x, k) for k, x in enumerate(("AAA", "BBB", "CCC", "DDD", "EEE"))}
    probs = {
        "AAA": _p(0.5, 0.1, 0.3),
        "BBB": _p(0.6, 0.3, 0.05),  # the likeliest origin (AAA was the rules' destination)
        "CCC": _p(0.05, 0.8, 0.1),
        "DDD": _p(0.1, 0.3, 0.55),
        "EEE": _p(0.0, 0.1, 0.0),  # none: no role
    }
    why: dict[str, dict[str, tuple[str, ...]]] = {x: dict.fromkeys(probs[x], ()) for x in probs}
    got = stage.assemble(_Route("DDD", ["EEE"], "AAA"), found, probs, why)
    assert got is not None
    assert (got.origin, got.via, got.destination) == ("BBB", ["CCC", "EEE"], "DDD")
    assert set(got.words) == {"BBB", "CCC", "DDD"}  # the roles it changed, with their words
    alone = stage.assemble(_Route("DDD", ["EEE"], "AAA"), found, probs, why, keep_stops=False)
    assert alone is not None and alone.via == ["CCC"]
    assert stage.assemble(_Route("BBB", ["CCC", "EEE"], "DDD"), found, probs, why) is None
