"""An allegation in words → a hypothesis: origin, intermediaries, destination, goods, period.

Rule-based over the shipped gazetteer (`reference/data/countries.csv`: names, variants,
demonyms, capitals — "Serbian companies", "the Czech Republic", "Belgrade", "Kyiv"), sentence by
sentence:

- a **supply clause** — a supplying word ("supplies", "shipping", "arming", "exports", "aid to",
  "sends" …) — makes the country named before it (or its demonym: "Serbian military aid") the
  origin and the country after it ("to Ukraine", "supplying Ukraine with") the destination;
- a **transit phrase** ("through", "via", "assembled in", "third countries such as",
  "re-exported from", "routed through") makes the countries it lists intermediaries;
- **goods** phrases map to control-list categories and HS codes ("ammunition", "shells",
  "components" of arms, "propellant", "fuzes", "drones" …);
- **time**: explicit years and months ("since March 2023", "in 2024", "between 2022 and 2024"),
  "on May 9", and "as the war enters its fifth year" (the full-scale war in Ukraine counted from
  24 February 2022).

Votes are summed over the text; a country that is only talked about (the one that complains, the
one that hosts a meeting) gets no role. No model download: the rules and the gazetteer ship with
the package.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from shadowtrade.reference.loaders import countries

WAR_START = date(2022, 2, 24)  # the full-scale war "as the war enters its fifth year" counts from
SUPPLY = (r"suppl(?:y|ies|ied|ying)|ship(?:s|ped|ping)?|export(?:s|ed|ing)?|sell(?:s|ing)?|sold|"
          r"deliver(?:s|ed|ing|ies|y)?|provid(?:e|es|ed|ing)|send(?:s|ing)?|sent|arm(?:s|ed|ing)"
          r"|transfer(?:s|red|ring)?|aid\s+(?:to|for)|help(?:s|ed|ing)?\s+arm|sourc(?:e|es|ed|ing)"
          r"|funnel(?:s|led|ling)?|smuggl(?:e|es|ed|ing)|reach(?:es|ed|ing)?")  # fmt: skip
VIA = (r"through|via|by\s+way\s+of|assembled\s+in|third\s+countr(?:y|ies)(?:\s+such\s+as)?|"
       r"re-?export(?:ed|s)?\s+(?:from|by|through)|rout(?:ed|ing)\s+(?:through|via)|"
       r"transit(?:ed|ing)?\s+(?:through|via)?|trans-?shipped\s+(?:through|in|via)|"
       r"intermediar(?:y|ies)(?:\s+in|\s+such\s+as)?|relabel+ed\s+in|repackaged\s+in")  # fmt: skip
# Goods phrases → (category, HS codes), most specific first.
GOODS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"propellant|gunpowder|smokeless\s+powder|nitrocellulose", "explosives_propellants",
     ("3601",)),
    (r"explosives?|tnt|rdx|hmx", "explosives_propellants", ("3602",)),
    (r"fuzes?|fuses?|detonators?|primers?|percussion\s+caps?", "explosives_propellants",
     ("3603",)),
    (r"drones?|uavs?|unmanned\s+aerial", "aircraft_drones", ("8806",)),
    (r"ammunition|munitions?|shells?|cartridges?|rounds|projectiles?|mortar\s+bombs?|grenades?|"
     r"rockets?|missiles?|bombs?|artillery\s+ammunition|long-range\s+heavy", "ammunition",
     ("9306",)),
    (r"rifles?|guns?|firearms?|weapons?|weaponry|howitzers?|launchers?|"
     r"arms(?!\s+(?:factor|industr|plant|maker|manufactur|trade|pipeline|deal|dealer))", "arms",
     ("9301", "9302", "9305")),
    (r"armou?red\s+vehicles?|tanks?|apcs?", "military_vehicles", ("8710",)),
)  # fmt: skip
COMPONENTS = r"components?|parts|casings?|bodies|blanks"
TRADE_WORDS = (r"aid|goods|shipments?|consignments?|pipeline|supplies|cargo|deliver(?:y|ies)|"
               r"exports?|imports?|trade|military")  # fmt: skip
_SUPPLY = re.compile(rf"\b(?:{SUPPLY})\b", re.I)
_TRANSIT = re.compile(rf"\b(?:{VIA})\b", re.I)
# A sentence names goods or trade, or it gives no role to the countries it mentions.
_TRADE = re.compile(
    r"\b(?:" + "|".join(p for p, _, _ in GOODS) + rf"|{COMPONENTS}|{TRADE_WORDS})\b", re.I
)
MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip


@dataclass
class Hypothesis:
    """What an allegation claims: who supplies whom, through whom, with what, and when."""

    origin: str | None = None
    via: list[str] = field(default_factory=list)
    destination: str | None = None
    categories: list[str] = field(default_factory=list)
    hs_codes: list[str] = field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None
    evidence: list[str] = field(default_factory=list)  # the sentences the roles came from


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex of every country name, variant, demonym and capital, longest first."""
    names: dict[str, str] = {}
    c = countries()
    for r in c[c["kind"] == "country"].to_dict("records"):
        for col in ("name", "variants", "demonyms", "capitals"):
            for n in str(r.get(col) or "").split("|"):
                n = n.strip()
                if len(n) >= 3 and n.lower() != "nan":
                    names[n.lower()] = str(r["iso3"])
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in alternatives) + r")(?:s\b|\b)",
                         re.IGNORECASE)  # fmt: skip
    return pattern, names


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text.replace("’", "'"))
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z‘'\"“])", text) if s.strip()]


def _mentions(sentence: str) -> list[tuple[int, int, str]]:
    pattern, names = _gazetteer()
    return [(m.start(), m.end(), names[m.group(1).lower()]) for m in pattern.finditer(sentence)]


def extract(text: str, *, today: date | None = None) -> Hypothesis:
    """The hypothesis an allegation states (roles voted over its sentences)."""
    origin: Counter[str] = Counter()
    destination: Counter[str] = Counter()
    via: Counter[str] = Counter()
    evidence: list[str] = []
    for s in _sentences(text):
        mentions = _mentions(s)
        if not mentions or not _TRADE.search(s):
            continue  # no goods and no trade in the sentence: a country talked about
        used = False
        spans = []
        for t in _TRANSIT.finditer(s):
            # The countries listed right after a transit phrase: "X and Y", "X, Y or Z".
            tail = s[t.end() : t.end() + 90]
            stop = re.search(r"[.;:]|\b(?:to|into|for|which|where|while|but|bound)\b", tail)
            end = t.end() + (stop.start() if stop else len(tail))
            spans.append((t.start(), end))
            for _, _, iso in _mentions(s[t.end() : end]):
                via[iso] += 1
                used = True
        roles = [m for m in mentions if not any(a <= m[0] < b for a, b in spans)]
        for v in _SUPPLY.finditer(s):
            before = [m for m in roles if m[1] <= v.start()]
            after = [m for m in roles if m[0] >= v.end()]
            if before:
                origin[before[-1][2]] += 1
                used = True
            if after:
                destination[after[0][2]] += 1
                used = True
        for m in roles:  # "from Poland", "to Ukraine", "into Belarus", "bound for Sudan"
            lead = s[max(0, m[0] - 12) : m[0]].lower()
            if re.search(r"\bfrom (?:the )?$", lead):
                origin[m[2]] += 1
                used = True
            elif re.search(r"\b(?:to|into|for) (?:the )?$", lead):
                destination[m[2]] += 1
                used = True
        if used:
            evidence.append(s)
    hyp = Hypothesis(evidence=evidence)
    hyp.origin = origin.most_common(1)[0][0] if origin else None
    dests = [(c, n) for c, n in destination.most_common() if c != hyp.origin]
    hyp.destination = dests[0][0] if dests else None
    hyp.via = [c for c, _ in via.most_common() if c not in (hyp.origin, hyp.destination)]
    hyp.categories, hyp.hs_codes = _goods(text)
    hyp.period_start, hyp.period_end = _period(text, today or date.today())
    return hyp


def _goods(text: str) -> tuple[list[str], list[str]]:
    low = text.lower()
    categories: list[str] = []
    codes: list[str] = []
    for pattern, category, hs in GOODS:
        if re.search(rf"\b(?:{pattern})\b", low):
            if category not in categories:
                categories.append(category)
            codes += [h for h in hs if h not in codes]
    if "ammunition" in categories and re.search(rf"\b(?:{COMPONENTS})\b", low):
        # Components of ammunition: shell bodies and parts (9306.90), propellant and fuzes.
        for h in ("930690", "3601", "3603"):
            if h not in codes:
                codes.append(h)
    if (
        "ammunition" in categories
        and "arms" in categories
        and not re.search(r"\b(?:rifles?|guns?|firearms?|howitzers?|launchers?)\b", low)
    ):
        # "weapons" in a text about ammunition is the weapons the ammunition is for.
        categories.remove("arms")
        codes = [c for c in codes if c not in ("9301", "9302", "9305")]
    return categories, codes


def _period(text: str, today: date) -> tuple[date | None, date | None]:
    low = re.sub(r"\s+", " ", text.lower())
    starts: list[date] = []
    ends: list[date] = []
    war = re.search(r"\bwar\b[^.]{0,40}\b(?:enters|entered|entering|in) its (\w+) year", low)
    if war and war.group(1) in ORDINALS:
        n = ORDINALS[war.group(1)]
        starts.append(WAR_START)
        ends.append(date(WAR_START.year + n - 1, WAR_START.month, WAR_START.day))
    month_names = "|".join(MONTHS)
    for m in re.finditer(rf"\b(?:since|from|after|beginning|starting)\s+(?:({month_names})\s+)?"
                         r"((?:19|20)\d\d)\b", low):  # fmt: skip
        starts.append(date(int(m.group(2)), MONTHS.get(m.group(1) or "january", 1), 1))
    for m in re.finditer(rf"\b(?:until|to|through|till|before)\s+(?:({month_names})\s+)?"
                         r"((?:19|20)\d\d)\b", low):  # fmt: skip
        month = MONTHS.get(m.group(1) or "december", 12)
        ends.append(month_end(int(m.group(2)), month))
    for m in re.finditer(r"\bbetween\s+((?:19|20)\d\d)\s+and\s+((?:19|20)\d\d)\b", low):
        starts.append(date(int(m.group(1)), 1, 1))
        ends.append(date(int(m.group(2)), 12, 31))
    for m in re.finditer(rf"\b(?:in|during)\s+(?:({month_names})\s+)?((?:19|20)\d\d)\b", low):
        year = int(m.group(2))
        if m.group(1):
            starts.append(date(year, MONTHS[m.group(1)], 1))
            ends.append(month_end(year, MONTHS[m.group(1)]))
        else:
            starts.append(date(year, 1, 1))
            ends.append(date(year, 12, 31))
    on_day = re.search(rf"\bon ({month_names}) (\d{{1,2}})\b", low)
    if on_day and ends:
        year = max(ends).year
        day = date(year, MONTHS[on_day.group(1)], int(on_day.group(2)))
        if day >= max(ends):
            ends.append(day)
    if not starts and not ends:
        return None, None
    start = min(starts) if starts else None
    end = max(ends) if ends else today
    return start, end


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])
