"""What each valid row of a trade file is: a flow, a part of a flow, a total of other rows, or
a repeat — so that `trade_flows` holds every flow exactly once.

- Breakdowns (by second partner, customs procedure, mode of transport or supply) are parts of a
  flow. Where the file has the total row of that flow, the parts are kept apart as
  `breakdown_detail`; where it has only the parts, they are summed into the flow (their count
  is reported: nothing is dropped, the file's every row is accounted for).
- Two rows with the same flow key (reporter, partner, flow, period, frequency, code) between
  countries that are not parts of one flow are repeats: with equal values the first is kept
  and the others are quarantined as `duplicate_key`; with different values all of them are
  (the file contradicts itself and nothing says which is right). Breakdown rows that repeat
  the same part likewise.
- World partners, all-goods totals, chapter or heading totals whose leaves are present and
  annual totals whose months are present go to `trade_aggregates` with their kind; an annual
  row equal to the sum of its months where the reporter's file holds only some months of that
  year is a year-to-date (`year_to_date`), not the year's total.

All of it is Ibis: grouped aggregations and joins on the file's rows, no Python loops.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from shadowtrade import schema
from shadowtrade.formats.canonical import GROUP_MARKERS, TOTAL_WORDS

KEY = ("reporter", "partner", "flow", "period", "freq", "hs_code")
# Columns carried beside the canonical ones: the record index, its location, rows behind it.
# `_id` is unique per record; `_rec` is the source record (a melted line gives several records).
LOCATION = ("_id", "_line", "_where")
# Two rows are repeats when they share all of these (`_bkey`: the part of a flow a breakdown
# row is).
REPEAT_KEY = (*KEY, "_breakdown", "_bkey")


def _located(t: ir.Table) -> list[str]:
    return [c for c in LOCATION if c in t.columns]


def key_hash(t: ir.Table) -> ir.IntegerValue:
    """A 64-bit hash of a row's flow key (`REPEAT_KEY`), stored with the canonical rows as `_h`:
    grouping every row by it is much cheaper than grouping by the key's eight columns."""
    return ibis.struct({c: t[c] for c in REPEAT_KEY}).hash()


def recurring_hashes(ok: ir.Table) -> ir.Table:
    """The key hashes (`_h`) that more than one row holds: every repeated key's, and the rare
    collision's. Only rows with these go on to `repeated_keys`."""
    n = ok.group_by("_h").agg(_c=ok.count())
    return n.filter(n._c > 1).select("_h")


def repeated_keys(ok: ir.Table) -> ir.Table:
    """The flow keys that more than one row holds, with `_same` (equal values) and `_first`.

    Few rows: the caller materialises them, so that the group-by runs once for `repeats`, the
    sort (`sort_rows`), the count and the quarantine. (Kept apart from `repeats`: in one
    statement DuckDB would copy every row of `ok`, read twice, into a CTE.) `ok` may be only
    the rows whose key hash recurs (`recurring_hashes`): the others hold no repeated key.
    """
    group = list(REPEAT_KEY)
    # Totals over countries or goods are checked too: a concatenated export that holds one
    # download twice repeats them (two names for one group, such as Eurostat's "Euro area" with
    # and without its history, with equal values keep the first).
    stats = ok.group_by(group).agg(
        _n=ok._id.count(),
        _first=ok._id.min(),
        _vmin=ok.value_usd.min(),
        _vmax=ok.value_usd.max(),
        _wmin=ok.net_weight_kg.min(),
        _wmax=ok.net_weight_kg.max(),
        _wn=ok.net_weight_kg.count(),
    )
    stats = stats.filter(stats._n > 1)
    same = (stats._vmin == stats._vmax) & (
        (stats._wn == 0) | ((stats._wn == stats._n) & (stats._wmin == stats._wmax))
    )
    return stats.select(*group, "_first", _same=same)


def repeats(ok: ir.Table, keys: ir.Table) -> ir.Table:
    """Every row of a repeated flow key (`keys`: `repeated_keys(ok)` materialised), with `_same`
    and `_dropped` (those go to quarantine)."""
    j = ok.inner_join(keys, list(REPEAT_KEY))
    keep = [c for c in ok.columns if c in (*KEY, "_rec", "_bkey", *LOCATION)]
    return j.select(*keep, "_same", _dropped=~j._same | (j._id != j._first))


def describe_repeats(involved: ir.Table) -> ir.Table:
    """Quarantine rows for the repeats: every dropped row with the lines of all rows of its key.

    `involved` is `repeats`' table with a `_line` column added (the caller maps record
    indexes to file lines).
    """
    group = [*KEY, "_bkey"]
    lines = involved.group_by(group).agg(_lines=involved._line.cast(str).group_concat(", "))
    d = involved.filter(involved._dropped).inner_join(lines, group)
    what = ibis.cases((d._same, "same values"), else_="conflicting values")
    where = {"_where": d._where} if "_where" in d.columns else {}
    return d.select(
        "_line",
        **where,
        _column=ibis.literal("(flow key)"),
        _value=(
            d.reporter
            + " "
            + d.flow
            + " "
            + d.partner
            + " "
            + d.hs_code
            + " "
            + ibis.cases(
                (d.freq == "A", d.period.cast(str).substr(0, 4)),
                else_=d.period.cast(str).substr(0, 7),
            )
            + ("(" + d._bkey + ")").nullif("()").fill_null("")
            + ": "
            + what
            + " in rows "
            + d._lines
            + ibis.cases((d._same, "; the first is kept"), else_="; none is kept")
        ),
    )


def sums_of_parts(ok: ir.Table) -> tuple[ir.Table, ir.Table]:
    """Breakdown rows whose flow has no total row in the file, summed into that flow; and the
    breakdown rows left out of the sums.

    A flow may come in several cuts (by mode of transport with the customs total, by customs
    procedure with the transport total, or crossed): each cut adds up to the flow, so only one
    is summed — the one with the fewest breakdown dimensions, then the first by name — and the
    others are kept apart. Weight and quantity are summed only when every part carries them
    (in one unit); a sum over some parts would understate the flow.
    """
    bd = ok.filter(ok._breakdown)
    totals = ok.filter(~ok._breakdown).select(*KEY).distinct()
    lone = bd.anti_join(totals, list(KEY))
    best = lone.group_by(list(KEY)).agg(_best=lone._cut.min())
    j = lone.inner_join(best, list(KEY))
    chosen = j.filter(j._cut == j._best).drop("_best")
    others = j.filter(j._cut != j._best).drop("_best")
    units = chosen.quantity_unit.nunique()
    extra = {c: chosen[c].min() for c in _located(ok)}
    summed = chosen.group_by(list(KEY)).agg(
        source=chosen.source.min(),
        hs_version=chosen.hs_version.min(),
        value_usd=chosen.value_usd.sum(),
        _kg=chosen.net_weight_kg.sum(),
        _kg_n=chosen.net_weight_kg.count(),
        _q=chosen.quantity.sum(),
        _q_n=chosen.quantity.count(),
        _units=units,
        quantity_unit=chosen.quantity_unit.min(),
        import_file=chosen.import_file.min(),
        _rec=chosen._rec.min(),
        _n=chosen._id.count(),
        **extra,
    )
    none = ibis.null("float64")
    summed = summed.mutate(
        net_weight_kg=ibis.cases((summed._kg_n == summed._n, summed._kg), else_=none),
        quantity=ibis.cases(
            ((summed._q_n == summed._n) & (summed._units <= 1), summed._q), else_=none
        ),
        _breakdown=ibis.literal(False),
        _bkey=ibis.literal(""),
    )
    return summed, others


def aggregate_kind(c: ir.Table, *, codes: bool, annual: bool) -> ir.Table:
    """Tag rows that total other rows, so trade_flows never counts a flow twice.

    `codes` / `annual` switch on the self-joins that find chapter or heading totals whose leaves
    are present, and annual totals whose months are present; files without mixed code lengths
    or mixed frequencies skip them.
    """
    key = ["reporter", "partner", "flow", "period", "freq"]
    j = c
    has_child: ir.BooleanValue = ibis.literal(False)
    has_months: ir.BooleanValue = ibis.literal(False)
    if codes:
        leaves = c.filter(~c._breakdown & c.hs_code.re_search(r"^\d+$"))
        parts = [
            leaves.filter(leaves.hs_code.length() > n).select(
                *key, hs_code=leaves.hs_code.substr(0, n)
            )
            for n in (2, 4, 6, 8)
        ]
        prefixes = parts[0].union(parts[1]).union(parts[2]).union(parts[3]).distinct()
        prefixes = prefixes.mutate(_has_child=ibis.literal(True))
        j = j.left_join(prefixes, [*key, "hs_code"]).select(j, "_has_child")
        has_child = j._has_child.fill_null(False)
    year_to_date: ir.BooleanValue = ibis.literal(False)
    if annual:
        m = c.filter(c.freq == "M")
        months = m.group_by("reporter", "partner", "flow", "hs_code", _yr=m.period.year()).agg(
            _m_sum=m.value_usd.sum()
        )
        # The months of the year in which the reporter reported anything in that direction.
        cal = m.group_by("reporter", "flow", _yr=m.period.year()).agg(_cal=m.period.nunique())
        j = j.mutate(_yr=j.period.year())
        j = j.left_join(months, ["reporter", "partner", "flow", "hs_code", "_yr"]).select(
            j, "_m_sum"
        )
        j = j.left_join(cal, ["reporter", "flow", "_yr"]).select(j, "_cal")
        has_months = j._m_sum.notnull()
        # An annual row equal to the sum of its months while the reporter's file holds only
        # some months of that year is a year-to-date (Armstat's 'Year' row of a year published
        # through January), not the year's total: read as one, it is a collapse.
        close = (j.value_usd - j._m_sum).abs() <= ibis.greatest(0.005 * j.value_usd.abs(), 1.0)
        year_to_date = (j.freq == "A") & has_months & (j._cal < 12) & close
    kind = ibis.cases(
        (j.reporter.isin(GROUP_MARKERS) | j.partner.isin(GROUP_MARKERS), "country_group"),
        (year_to_date, "year_to_date"),
        (j.hs_code.isin(TOTAL_WORDS), "all_goods"),
        (~j.hs_code.re_search(r"^\d+$"), "confidential_code"),
        (j._breakdown, "breakdown_detail"),
        (has_child, "code_total"),
        ((j.freq == "A") & has_months, "annual_total"),
        else_=ibis.null(str),
    )
    return j.mutate(aggregate_kind=kind)


def sort_rows(
    ok: ir.Table, involved: ir.Table | None, *, has_breakdowns: bool, codes: bool, annual: bool
) -> ir.Table:
    """Every valid row (`ok`: canonical columns, `_rec`, `_breakdown`, `_bkey`) sorted into
    flows and aggregates (module docstring): canonical columns + `aggregate_kind` (NULL for a
    flow) + `_n` (source rows the row stands for: more than 1 for a flow summed from its
    breakdown) + `_rec`. `involved` is `repeats(ok, …)` materialised (None when it is empty): its
    `_dropped` rows are left out."""
    cols = [*schema.TRADE_FLOWS, "_rec", *_located(ok)]
    kept = ok
    if involved is not None:
        kept = ok.anti_join(involved.filter(involved._dropped).select("_id"), "_id")
    one = ibis.literal(1, "int64")
    yes, no = ibis.literal(True), ibis.literal(False)
    if has_breakdowns:
        totals = kept.filter(~kept._breakdown).select(*KEY).distinct()
        detail = kept.filter(kept._breakdown).semi_join(totals, list(KEY))
        summed, others = sums_of_parts(kept)
        detail = detail.union(others, distinct=False).select(
            *cols, aggregate_kind=ibis.literal("breakdown_detail"), _n=one, _summed=no
        )
        whole = kept.filter(~kept._breakdown).mutate(_n=one, _summed=no)
        flows = whole.select(*cols, "_breakdown", "_n", "_summed").union(
            summed.mutate(_summed=yes).select(*cols, "_breakdown", "_n", "_summed"),
            distinct=False,
        )
        tagged = aggregate_kind(flows, codes=codes, annual=annual)
        return tagged.select(*cols, "aggregate_kind", "_n", "_summed").union(detail, distinct=False)
    tagged = aggregate_kind(kept.mutate(_n=one, _summed=no), codes=codes, annual=annual)
    return tagged.select(*cols, "aggregate_kind", "_n", "_summed")
