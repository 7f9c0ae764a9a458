"""A learned second stage over the rules' route roles: who is origin, stop and destination.

The rules (`extract.py`) fit the texts they were written from and transfer badly to new
writers: on the first outside batches (heldout120-127) most of their wrong readings had the
right countries in the wrong roles (a chain's first stop taken for the origin, its last stop
for the destination, an onward leg told in a later sentence lost). This stage reads, for each
hypothesis the rules give and each country the text names, one example: the role the rules
gave that country in that hypothesis, the role table's probabilities (`roles.score`, fitted on
older batches), how and how often the country is named and in which order, whether it is
another hypothesis's end, and the words around its mentions. A multinomial logistic regression
(`reference/data/claim_stage_weights.csv`, fitted by `benchmarks/train_claim_stage.py` on the
outside batches only, where the rules were never tuned) gives the four roles' probabilities;
the route is then put together consistently (one origin, one destination, distinct stops that
are neither, in the order they are first named; a stop the rules read stays a stop unless it
becomes an end; a country another hypothesis of the text has is no candidate, so an admitted leg
and its denied onward leg stay two). A role that changes keeps the words it rests on: the
mention and the features that weighed most.

Off by default (`extract_all(second_stage=True)` turns it on): leave-one-batch-out over
heldout120-127 (fit on seven batches, read the eighth) it gained 3 of 354 claims with all five
fields right (88 -> 91; origin 213 -> 217, via 136 -> 142, destination 197 -> 200), lost 7 of
4,223 on dev-heldout119, and it changes known readings the claims tests hold (the seed
article's among them). See docs/benchmarks.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from shadowtrade.claims import places, roles
from shadowtrade.reference.loaders import DATA_DIR

__all__ = ["Country", "correct", "countries", "example", "probabilities"]
WEIGHTS_FILE = DATA_DIR / "claim_stage_weights.csv"
RULE_ROLES = ("origin", "via", "destination")
# Between two countries of one list: a comma or a word for "and" / "or" (in the eight languages)
_LIST = re.compile(r"\s*(?:,|;|/|&|and|or|as well as|и|или|і|й|та|або|i|ili|a|nebo|und|oder|"
                   r"sowie|et|ou|и|или)?\s*(?:the\s+)?", re.I)  # fmt: skip
MAX_COUNTRIES = 12  # a page of names is not a route: left as the rules read it


class Route(Protocol):
    origin: str | None
    via: list[str]
    destination: str | None


@dataclass
class Country:
    """One country of a text: its mentions, in order, with the role table's reading of each."""

    iso3: str
    first: int  # rank of its first mention among the text's countries (0: named first)
    scores: list[roles.RoleScore] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    words: list[str] = field(default_factory=list)  # the role table's features, all mentions
    joined: set[str] = field(default_factory=set)  # countries listed with it ("via A and B")


def countries(sentences: list[tuple[str, list[places.Mention]]], lang: str) -> dict[str, Country]:
    """The countries a text names on a route (`extract.route_mentions` per sentence: not a
    speaker, a source, a flag or where debris was found), first named first."""
    out: dict[str, Country] = {}
    order = 0
    for k, (s, found) in enumerate(sentences):
        last: places.Mention | None = None
        for m in found:
            c = out.setdefault(m.iso3, Country(m.iso3, len(out)))
            if last and last.iso3 != m.iso3 and _LIST.fullmatch(s[last.end : m.start]):
                c.joined.add(last.iso3)
                out[last.iso3].joined.add(m.iso3)
            last = m
            c.scores.append(roles.score(s, m, lang, order))
            c.sentences.add(k)
            c.words += roles.features(s, m, lang, order)
            order += 1
    return out


def _rule_role(h: Route, iso3: str) -> str:
    if h.origin == iso3:
        return "origin"
    if h.destination == iso3:
        return "destination"
    return "via" if iso3 in h.via else "none"


def _around(h: Route, c: Country, found: dict[str, Country], rule: str) -> dict[str, float]:
    """Where the country stands against the rules' route and the text's other countries."""
    f: dict[str, float] = {}
    # Where it stands against the rules' route: before its origin, between its ends, after its
    # destination, in a sentence after every country of the route (an onward leg told later).
    ends = [found[x] for x in (h.origin, h.destination) if x in found and x != c.iso3]
    if rule == "none" and ends:
        o = found.get(h.origin or "")
        d = found.get(h.destination or "")
        pos = ("before" if o and c.first < o.first else
               "after" if d and c.first > d.first else "between")  # fmt: skip
        f[f"pos={pos}"] = 1.0
        route = [found[x] for x in (h.origin, h.destination, *h.via) if x in found]
        if route and min(c.sentences, default=0) > max(min(x.sentences, default=0) for x in route):
            f["later_sentence"] = 1.0
    named = [x for x in found.values() if x.scores and x.iso3 != c.iso3]
    after = [x for x in named if x.first > c.first]
    before = [x for x in named if x.first < c.first]
    sides = (("after", after, "destination"), ("before", before, "origin"),
             ("after", after, "via"), ("before", before, "via"))  # fmt: skip
    for side, xs, r in sides:
        if xs:
            best = max(max(s.probs[r] for s in x.scores) for x in xs)
            f[f"rule={rule}&{side}_p_{r}"] = best
        ruled = [_rule_role(h, x.iso3) for x in xs]
        for rr in set(ruled) - {"none"}:
            f[f"rule={rule}&{side}_rule={rr}"] = 1.0
    # A stronger candidate for an end elsewhere in the text ("of Japanese manufacture" after the
    # stop the rules took for the origin; the real receiver told after the first stop).
    if c.scores and named:
        for r in ("origin", "destination"):
            own = max(x.probs[r] for x in c.scores)
            best = max(max(s.probs[r] for s in x.scores) for x in named)
            f[f"rule={rule}&other_p_{r}"] = best
            if best > own:
                f[f"rule={rule}&beaten_{r}"] = 1.0
    return f


def example(h: Route, c: Country, found: dict[str, Country], hyps: list[Route],
            lang: str) -> dict[str, float]:  # fmt: skip
    """The features of one (hypothesis, country) pair, named as in the weights table."""
    rule = _rule_role(h, c.iso3)
    n = len(found)
    f: dict[str, float] = {"bias": 1.0, f"rule={rule}": 1.0, f"lang={lang}": 1.0}
    f[f"rule={rule}&n={min(n, 4)}"] = 1.0
    f[f"first={min(c.first, 3)}"] = 1.0
    f[f"rule={rule}&first={min(c.first, 3)}"] = 1.0
    if c.first == n - 1 and n > 1:
        f["last"] = 1.0
        f[f"rule={rule}&last"] = 1.0
    f[f"count={min(len(c.scores), 3)}"] = 1.0
    if len(c.sentences) > 1:
        f["sentences>1"] = 1.0
    for kind in sorted({x.mention.kind for x in c.scores}):
        f[f"kind={kind}"] = 1.0
        f[f"rule={rule}&kind={kind}"] = 1.0
    if c.scores:
        for r in roles.ROLES:
            f[f"p_{r}"] = max(x.probs[r] for x in c.scores)
            f[f"p1_{r}"] = c.scores[0].probs[r]
            f[f"rule={rule}&p_{r}"] = f[f"p_{r}"]
    else:
        f["unnamed"] = 1.0
    f.update(_around(h, c, found, rule))
    said = {"origin": h.origin is not None, "via": bool(h.via),
            "destination": h.destination is not None}  # fmt: skip
    for r, v in said.items():
        if not v:
            f[f"rule_has_no_{r}"] = 1.0
    for y in sorted(c.joined):
        f[f"rule={rule}&listed_with={_rule_role(h, y)}"] = 1.0
    for other in hyps:
        if other is h:
            continue
        orole = _rule_role(other, c.iso3)
        if orole != "none":
            f[f"other={orole}"] = 1.0
    for w in dict.fromkeys(c.words):
        if w[:2] in ("b1", "b2", "a1", "a2") or w.startswith(("bb=", "suf")):
            f[f"w:{w}"] = 1.0
    return f


@cache
def _weights() -> roles.Weights:
    return roles.read_weights(WEIGHTS_FILE, comment="#")


def probabilities(
    f: dict[str, float],
    weights: roles.Weights | None = None,
) -> tuple[dict[str, float], dict[str, tuple[str, ...]]]:
    """The four roles' probabilities for one example, and per role the features that pushed it
    most (softmax of the table's linear sums)."""
    w, intercept = weights or _weights()
    sums = {r: intercept[r] + sum(w[k].get(r, 0.0) * v for k, v in f.items() if k in w)
            for r in roles.ROLES}  # fmt: skip
    top = max(sums.values())
    exp = {r: math.exp(s - top) for r, s in sums.items()}
    total = sum(exp.values())
    why = {
        r: tuple(k for k in sorted(f, key=lambda k: -w.get(k, {}).get(r, 0.0) * f[k])[:3]
                 if w.get(k, {}).get(r, 0.0) * f[k] > 0)
        for r in roles.ROLES
    }  # fmt: skip
    return {r: e / total for r, e in exp.items()}, why


@dataclass(frozen=True)
class Reading:
    """The corrected route of one hypothesis, with per role the words it rests on."""

    origin: str
    via: list[str]
    destination: str
    words: dict[str, str]  # iso3 → the words of a role the stage changed


def assemble(
    h: Route,
    found: dict[str, Country],
    probs: dict[str, dict[str, float]],
    why: dict[str, dict[str, tuple[str, ...]]],
    margin: float = 0.0,
    keep_stops: bool = True,
) -> Reading | None:
    """One origin, one destination (the pair with the highest summed log-probability), and the
    other countries whose likeliest role is a stop, first named first. With `keep_stops` a stop
    the rules read stays one unless it becomes an end (on the outside batches the rules lost
    stops and took stops for ends far more often than they read a stop that is none). None: the
    rules' route stands (it is no worse by the model than the best by more than `margin`)."""
    if len(probs) < 2:
        return None
    lp = {x: {r: math.log(max(p[r], 1e-9)) for r in roles.ROLES} for x, p in probs.items()}

    def total(o: str, d: str, vias: list[str]) -> float:
        s = lp[o]["origin"] + lp[d]["destination"]
        for x in lp:
            if x not in (o, d):
                s += lp[x]["via"] if x in vias else max(lp[x]["none"], lp[x]["origin"],
                                                        lp[x]["destination"])  # fmt: skip
        return s

    def stops(o: str, d: str) -> list[str]:
        out = [
            x for x, p in probs.items() if x not in (o, d) and max(p, key=p.__getitem__) == "via"
        ]
        if keep_stops:
            out += [v for v in h.via if v not in (o, d, *out)]
        return sorted(out, key=lambda x: found[x].first if x in found else 99)

    pairs = [(o, d) for o in lp for d in lp if o != d]
    o, d = max(pairs, key=lambda p: lp[p[0]]["origin"] + lp[p[1]]["destination"])
    vias = stops(o, d)
    ro, rd = h.origin or "", h.destination or ""
    if ro in lp and rd in lp and ro != rd:
        ruled = [v for v in h.via if v in lp and v not in (ro, rd)]
        if total(o, d, vias) - total(ro, rd, ruled) <= margin:
            return None
    if (o, set(vias), d) == (h.origin, set(h.via), h.destination):
        return None
    words: dict[str, str] = {}
    for x, role in [(o, "origin"), (d, "destination"), *((v, "via") for v in vias)]:
        if _rule_role(h, x) != role:
            name = found[x].scores[0].mention.text if x in found and found[x].scores else x
            because = ", ".join(why[x][role]) or "bias"
            words[x] = f"{name} (second stage: {role} {probs[x][role]:.2f}; {because})"
    return Reading(o, vias, d, words)


def applies(hyps: list[Route], found: dict[str, Country]) -> bool:
    """The stage reads a text the rules read as at least one route, naming at most
    MAX_COUNTRIES countries (a page of names is not a route)."""
    return bool(hyps) and len(found) <= MAX_COUNTRIES


def candidates(h: Route, found: dict[str, Country], hyps: list[Route]) -> dict[str, Country]:
    """The countries that may take a role in `h`: its own, and those no other hypothesis of the
    text has (an admitted leg and its denied onward leg, two routes: each stays its own)."""
    own = {x for x in (h.origin, h.destination, *h.via) if x}
    others = {x for o in hyps if o is not h for x in (o.origin, o.destination, *o.via) if x}
    out = {x: c for x, c in found.items() if x in own or x not in others}
    for x in sorted(own - set(out)):
        out[x] = Country(x, len(found) + len(out))
    return out


def correct(sentences: list[tuple[str, list[places.Mention]]], lang: str, hyps: list[Route],
            margin: float = 0.0) -> list[Reading | None]:  # fmt: skip
    """Per hypothesis, its corrected route (None: the rules' reading stands)."""
    if not hyps or not WEIGHTS_FILE.exists():
        return [None] * len(hyps)
    found = countries(sentences, lang)
    if not applies(hyps, found):
        return [None] * len(hyps)
    out: list[Reading | None] = []
    for h in hyps:
        cands = candidates(h, found, hyps)
        probs, why = {}, {}
        for x, c in cands.items():
            probs[x], why[x] = probabilities(example(h, c, cands, hyps, lang))
        out.append(assemble(h, cands, probs, why, margin))
    return out
