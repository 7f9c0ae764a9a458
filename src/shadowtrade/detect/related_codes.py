"""Codes under which the two sides of one flow may book the same goods without any diversion.

DOMAIN.md: one side classifies goods under another heading or version. A reporter's customs
habitually book a product under another subheading of the same heading, and a reporter still on
an older HS version books the goods of a new code under the code they came from (unmanned
aircraft, 8806 in HS 2022, under 880211 or 852580). A flow one side books under code c and the
other under such a related code looks, code by code, like a gap on c and its mirror on the
other; the mirror detectors read the other side's surplus under related codes as the same goods.

A civilian cover code and a controlled heading it may hide are never related here: goods
exported under one and imported under the other are the cross-code signature
(`cross_code_mirror`), not a classification habit.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import ibis
import pandas as pd

from shadowtrade.detect import flows as fl

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from shadowtrade.scan_context import ScanContext

REVISIONS = ("2017 to 2012", "2022 to 2017")  # the HS steps a reporter may still lag by
MAX_PREDECESSORS = 10  # a new code drawing from more old codes than this names no one source


@cache
def revision_links() -> pd.DataFrame:
    """Pairs of six-digit codes (code, related) in different headings that an HS revision
    (`REVISIONS`) maps onto each other, both ways, and the pairs of their headings.

    Only a new code that draws from at most `MAX_PREDECESSORS` codes of the version before
    links: its goods had a known few places before (8806 unmanned aircraft from 880211, 880220
    and 852580; 690723 tiles from 690890). The concordance also joins whole groups of codes
    many-to-many ('n:n'), so that one new code draws from hundreds (HS 2022's semiconductor
    transducers, 854151, from 157 codes of chapters 84 to 93, 930621 shotgun cartridges among
    them): such a link says the goods could have been almost anywhere, not that a reporter
    books these goods there by habit, and reading it as a classification difference would
    explain away gaps between unrelated goods."""
    from shadowtrade.reference import hs_concordance

    c = hs_concordance()
    c = c[c["adjustment"].isin(REVISIONS) & (c["code_after"] != c["code_before"])]
    sources = c.groupby(["adjustment", "code_after"])["code_before"].transform("nunique")
    c = c[sources <= MAX_PREDECESSORS]
    c = c[c["code_after"].str[:4] != c["code_before"].str[:4]]
    pairs = pd.concat(
        [
            c[["code_after", "code_before"]].set_axis(["code", "related"], axis=1),
            c[["code_before", "code_after"]].set_axis(["code", "related"], axis=1),
        ]
    )
    # Reporters at HS4 (a heading is a code there): the headings the links join.
    heads = pairs.assign(code=pairs["code"].str[:4], related=pairs["related"].str[:4])
    return pd.concat([pairs, heads]).drop_duplicates().reset_index(drop=True)


def related_pairs(ws: ScanContext, codes: ir.Table, present: ir.Table) -> ir.Table:
    """(code, c2): for each `code` of `codes`, the codes of `present` related to it (the same
    heading or a revision link; never the code itself nor a cover code and a heading it may
    hide). Both tables have one column, `code`; `c2` keeps `present`'s type, so that a join on
    it with the rows it came from compares like with like."""
    codes, present = codes.distinct(), present.distinct()
    p2 = present.select(c2=present.code)
    same = codes.join(p2, [p2.c2.substr(0, 4) == codes.code.substr(0, 4), p2.c2 != codes.code])
    links = ibis.memtable(revision_links(), schema={"code": "string", "related": "string"})
    linked = codes.join(links, codes.code.cast("string") == links.code).select(
        "code", related=links.related
    )
    cross = linked.join(p2, p2.c2.cast("string") == linked.related).select("code", "c2")
    j = same.select("code", "c2").union(cross).distinct()
    cover = fl.covered_headings(ws)
    a, b = j.code.cast("string"), j.c2.cast("string")
    hides = ((a == cover.cover_code) & (b.substr(0, 4) == cover.heading)) | (
        (b == cover.cover_code) & (a.substr(0, 4) == cover.heading)
    )
    return j.anti_join(cover, hides)
