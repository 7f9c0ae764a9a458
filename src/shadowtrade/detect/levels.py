"""HS levels: the level each reporter's data has, and comparisons at the level both sides share.

Real trade data comes at different levels: most reporters give six-digit codes (or CN8 and
national ten-digit codes, folded here to HS6), some only four-digit headings (a re-export hub's
car trade at HS 8703) or two-digit chapters. The trade detectors therefore run at the level each
reporter's data has:

- `profile`: rows of the raw table per frequency, reporter, flow, chapter and level (one small
  table per scan, also what `describe` reports);
- `levels`: per reporter, flow and chapter, the coarsest level of its monthly rows there. A
  reporter's series of a chapter stays at one level over time (two files of one reporter, one at
  HS6 and one at HS4, would otherwise make a heading's series jump from one code to another);
- `cut_to_levels`: monthly flows cut to those levels, each flow counted once: where a reporter's
  data holds a flow at two levels (an HS4 file beside an HS6 one), the level with the larger
  value is kept, never both summed;
- `to_common_level`: one side of a mirror comparison cut to the level the other side reports the
  chapter at (A at HS6 and B at HS4: A's HS6 rows are summed to HS4 for that comparison).
- `coarse_weights`: what the control list and CHPL say of a heading or chapter: controlled when
  every child is, else which listed items it contains.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.results import fetch

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

LEVELS = (2, 4, 6)
KEYS = ["reporter", "partner", "flow", "period", "code"]


def level_of(code: ir.StringValue) -> ir.IntegerValue:
    """2, 4 or 6 (six digits and more, folded to HS6); 3 or 5 for a code that is no level."""
    n = code.length()
    return ibis.ifelse(n >= 6, 6, n)


def profile(ws: ScanContext) -> ir.Table:
    """freq, reporter, flow, chapter, level, import_file, rows, positive (rows with a value
    above zero), first and last (months of its positive rows): the raw trade rows counted per
    file, once per scan."""

    def build() -> ir.Table:
        t = ws.table("trade_flows")
        e = ws.encode
        pos = t.value_usd > 0
        return t.group_by(
            freq=t.freq,
            reporter=e(t.reporter, "country"),
            flow=e(t.flow, "flow"),
            chapter=t.hs_code.substr(0, 2),
            level=level_of(t.hs_code),
            import_file=t.import_file,
        ).agg(
            rows=t.count(),
            positive=t.count(where=pos),
            first=t.period.min(where=pos),
            last=t.period.max(where=pos),
        )

    return ws.shared("hs_profile", build)


def coverage(ws: ScanContext) -> ir.Table:
    """reporter, flow, chapter, first, last: the months covered by the files that hold a
    reporter's monthly rows of a chapter in one direction (each file's first and last month
    for that reporter and direction, whatever the chapter). Before a file's first month its
    series are unobserved, not zero: a file that starts in 2017 says nothing of 2016."""

    def build() -> ir.Table:
        p = profile(ws)
        p = p.filter((p.freq == "M") & (p.positive > 0))
        files = p.group_by("import_file", "reporter", "flow").agg(
            f_first=p.first.min(), f_last=p.last.max()
        )
        ch = p.select("import_file", "reporter", "flow", "chapter").distinct()
        j = ch.join(files, ["import_file", "reporter", "flow"])
        return j.group_by("reporter", "flow", "chapter").agg(
            first=j.f_first.min(), last=j.f_last.max()
        )

    return ws.shared("hs_coverage", build)


def profile_frame(ws: ScanContext) -> pd.DataFrame:
    """`profile` as a small pandas frame (keys as strings)."""

    def build() -> pd.DataFrame:
        df: pd.DataFrame = fetch(profile(ws))
        for c in ("reporter", "flow", "chapter", "freq"):
            df[c] = df[c].astype(str)
        df["level"] = df["level"].astype(int)
        return df

    out: pd.DataFrame = ws.frame("profile", build)
    return out


def all_hs6(ws: ScanContext) -> bool:
    """Whether every usable monthly row is at six digits (or finer): then nothing is cut."""
    df = profile_frame(ws)
    coarse = (df["freq"] == "M") & (df["positive"] > 0) & df["level"].isin([2, 4])
    return not bool(coarse.any())


def levels(ws: ScanContext, freq: str = "M") -> ir.Table:
    """reporter, flow, chapter, level: the coarsest level of a reporter's rows of a chapter in
    one direction (`freq` 'M': monthly rows; 'A': annual and monthly rows together)."""

    def build() -> ir.Table:
        p = profile(ws)
        p = p.filter((p.positive > 0) & p.level.isin(list(LEVELS)))
        if freq == "M":
            p = p.filter(p.freq == "M")
        return p.group_by("reporter", "flow", "chapter").agg(level=p.level.min())

    return ws.shared(f"hs_levels_{freq}", build)


def level_lookup(ws: ScanContext, freq: str = "M") -> dict[tuple[str, str, str], int]:
    """(reporter, flow, chapter) → level, for the words of the evidence."""

    def build() -> dict[tuple[str, str, str], int]:
        df = profile_frame(ws)
        df = df[(df["positive"] > 0) & df["level"].isin(LEVELS)]
        if freq == "M":
            df = df[df["freq"] == "M"]
        g = df.groupby(["reporter", "flow", "chapter"], as_index=False)["level"].min()
        keys = zip(g["reporter"], g["flow"], g["chapter"], strict=True)
        return {
            (str(r), str(f), str(c)): int(v) for (r, f, c), v in zip(keys, g["level"], strict=True)
        }

    out: dict[tuple[str, str, str], int] = ws.frame(f"lookup_{freq}", build)
    return out


def all_hs6_any(ws: ScanContext) -> bool:
    """Whether every usable row, monthly or annual, is at six digits (or finer)."""
    df = profile_frame(ws)
    return not bool(((df["positive"] > 0) & df["level"].isin([2, 4])).any())


def cut_to_levels(
    ws: ScanContext,
    flows: ir.Table,
    freq: str = "M",
    keys: list[str] = KEYS,
    sums: tuple[str, ...] = ("value", "kg", "kg_value", "kg_known"),
) -> ir.Table:
    """`flows` (`keys` and `sums`; each code at its own level) with each code cut to its
    reporter's level for the chapter, one value per flow: the sum at each original level, then
    the largest of those (a flow a reporter gives at HS6 in one file and at HS4 in another is
    not counted twice). Codes with no level ('TOTAL') stay as they are."""
    lv = levels(ws, freq)
    f = flows.mutate(chapter=flows.code.substr(0, 2))
    j = f.left_join(lv, ["reporter", "flow", "chapter"])
    j = j.drop(*[c for c in j.columns if c.endswith("_right")])
    own = j.code.length()
    code = ibis.ifelse(j.level.notnull() & (own > j.level), j.code.substr(0, j.level), j.code)
    j = j.mutate(code=ws.encode(code, "hs6"), own=own)
    g = j.group_by([*keys, "own"]).agg(**{c: j[c].sum() for c in sums})
    # The level whose rows carry the larger value (the more complete file) is kept whole.
    return g.group_by(keys).agg(
        value=g.value.max(), **{c: g[c].argmax(g.value) for c in sums if c != "value"}
    )


def to_common_level(
    ws: ScanContext,
    side: ir.Table,
    *,
    other: str,
    other_flow: str,
    keys: list[str],
    sums: list[str],
    freq: str = "M",
) -> ir.Table:
    """`side` (`keys` with `code`, `sums` to add up) with each code cut to the level at which
    the country in column `other` reports that chapter in `other_flow`, and summed again: the
    finest level both sides of a mirror comparison share."""
    lv = levels(ws, freq)
    lv = lv.filter(lv.flow == other_flow).select(_o="reporter", _ch="chapter", _lv="level")
    s = side.mutate(_ch=side.code.substr(0, 2))
    j = s.left_join(lv, [s[other] == lv._o, s._ch == lv._ch])
    cut = (j._lv.notnull()) & (j.code.length() > j._lv)
    code = ws.encode(ibis.ifelse(cut, j.code.substr(0, j._lv), j.code), "hs6")
    j = j.mutate(code=code)
    return j.group_by([k for k in keys if k != "code"] + ["code"]).agg(
        **{c: j[c].sum() for c in sums}
    )


def level_words(
    code: str, lookup: dict[tuple[str, str, str], int], sides: list[tuple[str, str]]
) -> str:
    """Plain words for a finding on a code coarser than HS6: 'at HS4 (8703), the level ARM
    reports', naming each side that reports finer data summed to it. Empty at HS6."""
    n = len(code)
    if n >= 6 or not code.isdigit():
        return ""
    coarse = [r for r, f in sides if lookup.get((r, f, code[:2]), 6) == n]
    finer = [r for r, f in sides if lookup.get((r, f, code[:2]), 6) > n]
    who = " and ".join(dict.fromkeys(coarse)) or "the data"
    text = f"at HS{n} ({code}), the level {who} report{'s' if len(set(coarse)) == 1 else ''}"
    if finer:
        text += f" ({' and '.join(dict.fromkeys(finer))}'s finer codes summed to HS{n})"
    return text


def level_evidence(
    code: str, lookup: dict[tuple[str, str, str], int], sides: list[tuple[str, str]]
) -> dict[str, Any]:
    """The HS level compared and the level each side reports, for the evidence."""
    return {
        "hs_level": min(len(code), 6) if code.isdigit() else None,
        "reported_levels": {
            f"{r} {f}": lookup.get((r, f, code[:2])) for r, f in dict.fromkeys(sides)
        },
    }


def _covered(code: str, listed: dict[str, Any], children: dict[str, list[str]]) -> bool:
    """Whether `code` is listed, or every child of it (in the HS 2022 nomenclature) is."""
    kids = children.get(code, [])
    return code in listed or (bool(kids) and all(_covered(k, listed, children) for k in kids))


@cache
def _coarse_weights() -> pd.DataFrame:
    from shadowtrade.reference import control_list, hs_nomenclature

    cl = control_list()
    hs = hs_nomenclature()
    listed: dict[str, tuple[float, str]] = {}
    for c, w, k in zip(cl["hs_code"], cl["weight"], cl["category"], strict=True):
        listed[str(c)] = max(listed.get(str(c), (0.0, "")), (float(w), str(k)))  # the weightiest
    children: dict[str, list[str]] = {}
    for code, parent in zip(hs["hscode"], hs["parent"], strict=True):
        children.setdefault(str(parent), []).append(str(code))
    rows = []
    for code in sorted({c[:n] for c in listed for n in (2, 4) if len(c) > n}):
        if code in listed:
            continue  # a listed heading weighs as listed (code_weight's own join)
        inside = sorted(c for c in listed if c.startswith(code) and c != code)
        best = max(inside, key=lambda c: (listed[c][0], c))
        weight, category = listed[best]
        whole = _covered(code, listed, children)  # every child controlled: so is the code
        rows.append((code, weight, category if whole else f"contains_{category}", whole,
                     ",".join(inside)))  # fmt: skip
    return pd.DataFrame(rows, columns=["code", "weight", "category", "whole", "listed_within"])


def coarse_weights() -> ir.Table:
    """code (2 or 4 digits), weight and category of its weightiest listed item, whole (every
    child listed: the code is controlled; else its category reads 'contains_<category>'),
    listed_within (the listed items it holds): headings and chapters that hold control-list or
    CHPL items."""
    schema = {"code": "string", "weight": "float64", "category": "string", "whole": "boolean",
              "listed_within": "string"}  # fmt: skip
    return ibis.memtable(_coarse_weights(), schema=schema)
