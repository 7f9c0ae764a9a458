"""An import's profile: what was read from a file, and every reinterpretation said in words.

Printed after each ingest, stored as JSON in `imports.profile`, shown again by
`shadowtrade imports --detail N` and on the web app's ingest page. Figures come from the import's
final rows (before they are inserted) so that the profile costs one small aggregation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shadowtrade.formats.canonical import BREAKDOWN_WORDS
from shadowtrade.reference.loaders import marker_names

if TYPE_CHECKING:
    from shadowtrade.formats.ingest import IngestResult
    from shadowtrade.workspace import Workspace

AGGREGATE_WORDS = {
    "country_group": "World, regions or country groups as reporter or partner",
    "all_goods": "all-goods totals",
    "confidential_code": "confidential or non-HS codes",
    "breakdown_detail": "breakdown rows whose total row is in the file",
    "code_total": "chapter or heading totals whose detailed codes are in the file",
    "annual_total": "annual totals whose months are in the file",
    "year_to_date": "year-to-date totals (annual rows equal to the sum of the only months the"
    " file holds of their year)",
}
REASON_WORDS = {
    "missing_fields": "have fewer fields than the header (a cut line)",
    "invalid_encoding": "hold bytes that no encoding explains",
}


def _n(v: Any) -> int:
    return int(v or 0)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def build_profile(
    ws: Workspace, final: str, result: IngestResult, *, query: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The profile of the import whose sorted rows are in the temp table `final`."""
    iid = result.import_id
    cut = {"A": 4, "M": 7}
    freq = {
        f: {
            "rows": _n(n),
            "from": str(lo)[: cut.get(f, 7)],
            "to": str(hi)[: cut.get(f, 7)],
            "periods": _n(k),
        }
        for f, n, lo, hi, k in ws.raw.execute(
            f"SELECT freq, count(*), min(period), max(period), count(DISTINCT period)"
            f" FROM {final} WHERE aggregate_kind IS NULL GROUP BY freq ORDER BY freq DESC"
        ).fetchall()
    }
    levels = {
        str(d): {"rows": _n(n), "reporters": _n(r)}
        for d, n, r in ws.raw.execute(
            f"SELECT length(hs_code), count(*), count(DISTINCT reporter) FROM {final}"
            f" WHERE aggregate_kind IS NULL GROUP BY 1 ORDER BY 1 DESC"
        ).fetchall()
    }
    row = ws.raw.execute(
        f"SELECT count(DISTINCT reporter), count(DISTINCT partner) FROM {final}"
        f" WHERE aggregate_kind IS NULL"
    ).fetchone()
    reporters, partners = (_n(row[0]), _n(row[1])) if row else (0, 0)
    # A file of totals only: the reporters and partners its aggregates name.
    agg_row = ws.raw.execute(
        f"SELECT count(DISTINCT reporter), count(DISTINCT partner) FROM {final}"
        f" WHERE aggregate_kind IS NOT NULL"
    ).fetchone()
    agg_reporters, agg_partners = (_n(agg_row[0]), _n(agg_row[1])) if agg_row else (0, 0)
    flows = dict(
        ws.raw.execute(
            f"SELECT flow, count(*) FROM {final} WHERE aggregate_kind IS NULL GROUP BY 1"
            f" ORDER BY 2 DESC"
        ).fetchall()
    )
    kinds = dict(
        ws.raw.execute(
            f"SELECT aggregate_kind, count(*) FROM {final} WHERE aggregate_kind IS NOT NULL"
            f" GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
    )
    split_by = _breakdown_dimensions(ws, f"_canon_{iid}")
    profile: dict[str, Any] = {
        "layout": result.layout,
        "source": result.format,
        "rows_read": result.rows_read,
        "accepted": result.accepted,
        "aggregates": result.aggregates,
        "quarantined": result.quarantined,
        "summed_away": result.summed_away,
        "skipped": result.skipped,
        "frequency": freq,
        "hs_levels": levels,
        "reporters": reporters,
        "partners": partners,
        "flows": {str(k): _n(v) for k, v in flows.items()},
        "aggregate_reporters": agg_reporters,
        "aggregate_partners": agg_partners,
        "summed_from_breakdowns": {
            "flows": result.summed_flows,
            "rows": result.summed_rows,
            "one_part": result.one_part_flows,
            "split_by": split_by,
        },
        "aggregates_by_kind": {str(k): _n(v) for k, v in kinds.items()},
        "quarantine_by_reason": dict(result.by_reason),
        "duplicates": result.by_reason.get("duplicate_key", 0),
    }
    # Each joins every row of the file to find a rare case: not run when the file holds none of
    # the rows it looks at (no flow summed from parts; no annual total kept apart).
    summed = result.summed_flows > 0
    profile["partial_sums"] = _partial_sums(ws, final, f"_canon_{iid}") if summed else 0
    profile["partial_years"] = _partial_years(ws, final) if kinds.get("annual_total") else {}
    profile["year_to_date"] = _year_to_date(ws, final) if kinds.get("year_to_date") else []
    profile["other_levels"] = _held_at_other_levels(ws, iid, result.format)
    if query:
        profile["query"] = query
    profile["warnings"] = [*result.notes, *warnings(profile, result)]
    profile["notes"] = [
        f"{_plural(n, 'row')} of {AGGREGATE_WORDS.get(k, k)}: kept apart in trade_aggregates"
        for k, n in profile["aggregates_by_kind"].items()
    ]
    profile["markers"] = _markers(ws, final)
    profile["notes"] += _value_columns(result.columns)
    profile["notes"] += [
        f"{_plural(m['rows'], 'flow')} with {m['role']} {m['code']} ({m['name']}): not a country,"
        " kept with the marker; the mirror detectors have no partner report to compare them with"
        for m in profile["markers"]
    ]
    return profile


def _value_columns(columns: dict[str, str]) -> list[str]:
    """Which of a file's value columns was read, where it has more than one (Comtrade's
    primaryValue beside cifvalue and fobvalue): said, so that nobody wonders."""
    unused = [columns[r] for r in ("value_cif", "value_fob") if r in columns]
    if "value" not in columns or not unused:
        return []
    those = " and ".join(repr(c) for c in unused)
    return [
        f"trade values read from {columns['value']!r}; {those} not read (used only for a row"
        " without it, and said)"
    ]


def _markers(ws: Workspace, final: str) -> list[dict[str, Any]]:
    """Flows whose reporter or partner is a marker, not a country ('Areas, nes', the EU): the
    file's '_X', '899' or 'Areas, nes' are stored as XNS, and that is said with the count."""
    names = marker_names()
    codes = ", ".join(f"'{c}'" for c in sorted(names))
    if not codes:
        return []
    rows = ws.raw.execute(
        f"SELECT 'reporter', reporter, count(*) FROM {final} WHERE aggregate_kind IS NULL"
        f" AND reporter IN ({codes}) GROUP BY ALL UNION ALL"
        f" SELECT 'partner', partner, count(*) FROM {final} WHERE aggregate_kind IS NULL"
        f" AND partner IN ({codes}) GROUP BY ALL ORDER BY 1 DESC, 3 DESC"
    ).fetchall()
    return [{"role": r, "code": c, "name": names[c], "rows": _n(n)} for r, c, n in rows]


def _exists(ws: Workspace, table: str) -> bool:
    row = ws.raw.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [table]
    ).fetchone()
    return bool(row and row[0])


def _partial_sums(ws: Workspace, final: str, canon: str) -> int:
    """Flows summed from their parts while a part of the same flow was quarantined."""
    if not _exists(ws, canon):
        return 0
    row = ws.raw.execute(
        f"SELECT count(*) FROM {final} f WHERE f._summed AND EXISTS (SELECT 1 FROM {canon} c"
        f" WHERE c._reason IS NOT NULL AND c._breakdown AND c.reporter = f.reporter AND"
        f" c.partner = f.partner AND c.flow = f.flow AND c.period = f.period AND c.freq = f.freq"
        f" AND c.hs_code = f.hs_code)"
    ).fetchone()
    return _n(row[0]) if row else 0


def _partial_years(ws: Workspace, final: str) -> dict[str, float]:
    """Annual totals kept apart whose months are only partly in the file: how many, and the
    value of the years against that of the months present."""
    row = ws.raw.execute(
        f"WITH m AS (SELECT reporter, partner, flow, hs_code, year(period) AS y, count(*) AS n,"
        f" sum(value_usd) AS v FROM {final} WHERE freq = 'M' GROUP BY ALL)"
        f" SELECT count(*), sum(a.value_usd), sum(m.v) FROM {final} a JOIN m ON"
        f" a.reporter = m.reporter AND a.partner = m.partner AND a.flow = m.flow AND"
        f" a.hs_code = m.hs_code AND year(a.period) = m.y"
        f" WHERE a.aggregate_kind = 'annual_total' AND m.n < 12"
    ).fetchone()
    if not row or not row[0]:
        return {}
    return {"years": _n(row[0]), "value_years": float(row[1]), "value_months": float(row[2])}


def _year_to_date(ws: Workspace, final: str) -> list[dict[str, Any]]:
    """Per reporter, flow and year: the annual rows read as a year-to-date and the months the
    file holds of that year."""
    rows = ws.raw.execute(
        f"WITH y AS (SELECT reporter, flow, year(period) AS y, count(*) AS n FROM {final}"
        f" WHERE aggregate_kind = 'year_to_date' GROUP BY ALL),"
        f" m AS (SELECT reporter, flow, year(period) AS y,"
        f" list_sort(list(DISTINCT strftime(period, '%Y-%m'))) AS months FROM {final}"
        f" WHERE freq = 'M' GROUP BY ALL)"
        f" SELECT y.reporter, y.flow, y.y, y.n, m.months FROM y JOIN m USING (reporter, flow, y)"
        f" ORDER BY y.reporter, y.y, y.flow"
    ).fetchall()
    return [
        {"reporter": r, "flow": f, "year": int(y), "rows": _n(n), "months": list(months)}
        for r, f, y, n, months in rows
    ]


def _words(level_freq: str) -> str:
    """'HS4 M' → 'HS4 monthly'."""
    return level_freq.replace(" M", " monthly").replace(" A", " annual")


def _held_at_other_levels(
    ws: Workspace, import_id: int | None, source: str
) -> list[dict[str, Any]]:
    """Flows of this import that earlier imports of the same source hold at another code level
    or frequency (an HS4 download beside a CN8 one; an annual file beside its months): within a
    file such totals are kept apart, across files both stay in `trade_flows`."""
    if import_id is None:
        return []
    pairs = ws.raw.execute(
        "SELECT DISTINCT m.l, m.freq, o.l, o.freq, o.import_file FROM (SELECT DISTINCT"
        " reporter, length(hs_code) AS l, freq FROM trade_flows WHERE import_file = ?) m JOIN"
        " (SELECT DISTINCT reporter, length(hs_code) AS l, freq, import_file FROM trade_flows"
        " WHERE import_file <> ? AND source = ?) o USING (reporter)"
        " WHERE m.l <> o.l OR m.freq <> o.freq",
        [import_id, import_id, source],
    ).fetchall()
    found: list[dict[str, Any]] = []
    for ml, mf, ol, of, other in pairs:
        n = min(int(ml), int(ol))
        mine_p = "period" if mf == of else "date_trunc('year', period)"
        row = ws.raw.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT reporter, partner, flow,"
            f" {mine_p} AS p, substr(hs_code, 1, {n}) AS h FROM trade_flows WHERE import_file = ?"
            f" AND length(hs_code) = ? AND freq = ?) m JOIN (SELECT DISTINCT reporter, partner,"
            f" flow, {mine_p} AS p, substr(hs_code, 1, {n}) AS h FROM trade_flows WHERE"
            f" import_file = ? AND length(hs_code) = ? AND freq = ?) o USING (reporter, partner,"
            f" flow, p, h)",
            [import_id, int(ml), mf, int(other), int(ol), of],
        ).fetchone()
        if row and row[0]:
            found.append(
                {
                    "import": int(other),
                    "flows": _n(row[0]),
                    "here": f"{'HS' + str(ml) if int(ml) <= 6 else str(ml) + '-digit'} {mf}",
                    "there": f"{'HS' + str(ol) if int(ol) <= 6 else str(ol) + '-digit'} {of}",
                }
            )
    return found


def _breakdown_dimensions(ws: Workspace, canon: str) -> list[str]:
    """The breakdowns (mode of transport, customs procedure …) the file's rows carry."""
    exists = ws.raw.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [canon]
    ).fetchone()
    if not exists or not exists[0]:
        return []
    checks = ", ".join(f"bool_or(_bkey LIKE '%{role}=%')" for role in BREAKDOWN_WORDS)
    row = ws.raw.execute(f"SELECT {checks} FROM {canon} WHERE _reason IS NULL").fetchone()
    if row is None:
        return []
    return [BREAKDOWN_WORDS[r] for r, hit in zip(BREAKDOWN_WORDS, row, strict=True) if hit]


def warnings(profile: dict[str, Any], result: IngestResult) -> list[str]:
    """Plain-words warnings for everything the ingest reinterpreted or could not use."""
    out: list[str] = []
    sb = profile["summed_from_breakdowns"]
    if sb["flows"]:
        by = " and ".join(sb["split_by"]) or "a breakdown"
        everything = result.accepted + result.aggregates + result.summed_away
        one = sb.get("one_part", 0)
        lead = (
            f"every row is split by {by} and there is no total row"
            if sb["rows"] >= everything
            and not profile["aggregates_by_kind"].get("breakdown_detail")
            else f"{_plural(sb['rows'], 'row')} split by {by} have no total row"
        )
        if one == sb["flows"]:
            # One part per flow (a file of STAT_PROCEDURE NORMAL only): nothing was summed.
            out.append(
                f"{_plural(one, 'row')} each one part (by {by}) of a flow whose total row and"
                " other parts are not in the file: each taken as its flow, nothing summed"
                " (parts not in the file are not in these figures)"
            )
        elif one == 0:
            out.append(f"{lead}: summed into {_plural(sb['flows'], 'flow')}")
        else:
            many = sb["flows"] - one
            out.append(
                f"{lead}: {_plural(sb['rows'] - one, 'row')} summed into"
                f" {_plural(many, 'flow')}; {_plural(one, 'flow')} with one part taken as it is"
            )
    levels = [int(d) for d in profile["hs_levels"]]
    if levels:
        finest = max(levels)
        if finest < 6:
            out.append(
                f"HS{finest} only: the trade detectors run at HS{finest} for"
                f" {'this reporter' if profile['reporters'] == 1 else 'these reporters'}"
            )
        elif len(levels) > 1:
            shown = ", ".join(
                f"HS{d}: {profile['hs_levels'][str(d)]['rows']:,} rows" for d in sorted(levels)
            )
            out.append(f"codes at several levels ({shown}); totals of codes in the file are apart")
        if finest > 6:
            kind = "CN8 or other 8-digit" if finest == 8 else f"{finest}-digit national"
            out.append(f"{kind} codes: kept as reported, folded to HS6 to detect")
    freq = profile["frequency"]
    if freq and "M" not in freq:
        out.append(
            "annual data only: detectors that need months (route_break, transshipment, the"
            " monthly mirror comparison) skip it; the annual mirror comparison uses it"
        )
    dups = profile["duplicates"]
    if dups:
        out.append(
            f"{_plural(dups, 'row')} {'repeats' if dups == 1 else 'repeat'} a flow (same"
            " reporter, partner, flow, period and code): quarantined as duplicate_key with the"
            " lines of their key (identical repeats keep the first)"
        )
    for reason, n in result.by_reason.items():
        if reason in REASON_WORDS:
            said = REASON_WORDS[reason]
            if n == 1:
                said = said.replace("have ", "has ").replace("hold ", "holds ")
            out.append(f"{_plural(n, 'line')} {said}: quarantined as {reason}")
    if profile.get("partial_sums"):
        n = profile["partial_sums"]
        out.append(
            f"{_plural(n, 'flow')} summed from {'its' if n == 1 else 'their'} parts while a part"
            " was quarantined: these flows are partial (see the quarantine)"
        )
    years = profile.get("partial_years") or {}
    if years:
        out.append(
            f"{_plural(years['years'], 'annual total')} kept apart although only some of"
            f" {'its' if years['years'] == 1 else 'their'} months are in the file: the months"
            f" hold {years['value_months']:,.0f} of {years['value_years']:,.0f} USD; the rest of"
            " those years is in trade_aggregates only"
        )
    ytd = profile.get("year_to_date") or []
    if ytd:
        n = sum(int(y["rows"]) for y in ytd)
        which = "; ".join(
            f"{y['reporter']} {y['flow']} {y['year']} ({len(y['months'])} month"
            f"{'' if len(y['months']) == 1 else 's'}: {_month_span(y['months'])})"
            for y in ytd[:6]
        ) + (f" and {len(ytd) - 6} more" if len(ytd) > 6 else "")
        out.append(
            f"{_plural(n, 'annual row')} {'equals' if n == 1 else 'equal'} the sum of only the"
            f" months the file holds of {'its' if n == 1 else 'their'} year: {which}. Read as"
            " year-to-date (a partial year), not the year's total: kept apart in"
            " trade_aggregates as year_to_date, which the detectors do not read as a year"
        )
    for o in profile.get("other_levels") or []:
        here, there = _words(o["here"]), _words(o["there"])
        what = "is a part or total of a flow" if o["flows"] == 1 else "are parts or totals of flows"
        out.append(
            f"{_plural(o['flows'], 'flow')} of this file ({here}) {what}"
            f" import {o['import']} holds ({there}): both stay in trade_flows, so sums across the"
            " two count them twice (the detectors use one level per reporter)"
        )
    if not result.accepted and result.aggregates:
        out.append(
            "no flow between two countries at a code level: every row is a total, kept apart"
            " in trade_aggregates — nothing here for the trade detectors"
        )
    if result.overlaps:
        ids = sorted(result.overlaps)
        which = f"import {ids[0]}" if len(ids) == 1 else f"{len(ids)} imports ({ranges(ids)})"
        out.append(
            f"{sum(result.overlaps.values()):,} flows repeat flows already held by {which} (same"
            " source, reporter, partner, flow, period and code); sums over both count them twice"
        )
    return out


def _month_span(months: list[str]) -> str:
    """['2023-01'] → '2023-01'; ['2023-01', '2023-02', '2023-03'] → '2023-01…2023-03'."""
    return months[0] if len(months) == 1 else f"{months[0]}…{months[-1]}"


def ranges(ids: list[int]) -> str:
    """[1, 2, 3, 7] → '1–3, 7'."""
    parts: list[str] = []
    start = prev = ids[0]
    for i in [*ids[1:], None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if i is not None:
            start = prev = i
    return ", ".join(parts)


def render(profile: dict[str, Any]) -> list[str]:
    """The profile as lines of text, for the CLI (after an ingest and `imports --detail`)."""
    lines: list[str] = []
    for f, d in profile.get("frequency", {}).items():
        word = "monthly" if f == "M" else "annual"
        periods = _plural(d["periods"], "period")
        lines.append(f"{word}: {d['rows']:,} flows, {d['from']} … {d['to']} ({periods})")
    levels = profile.get("hs_levels", {})
    if levels:
        lines.append(
            "HS levels: "
            + ", ".join(
                f"HS{d} {v['rows']:,} rows ({_plural(v['reporters'], 'reporter')})"
                for d, v in levels.items()
            )
        )
    flows = profile.get("flows", {})
    if "reporters" in profile or flows:  # trade statistics (a shipments profile has none)
        if not flows and profile.get("aggregate_reporters"):
            lines.append(
                "flows: none; the aggregates name"
                f" {_plural(profile['aggregate_reporters'], 'reporter')},"
                f" {_plural(profile.get('aggregate_partners', 0), 'partner')}"
            )
        else:
            lines.append(
                f"{_plural(profile.get('reporters', 0), 'reporter')},"
                f" {_plural(profile.get('partners', 0), 'partner')}; flows: "
                + (", ".join(f"{k} {v:,}" for k, v in flows.items()) or "none")
            )
    sb = profile.get("summed_from_breakdowns", {})
    many = sb.get("flows", 0) - sb.get("one_part", 0)
    if many > 0:
        summed_rows = sb["rows"] - sb.get("one_part", 0)
        lines.append(f"summed from breakdowns: {summed_rows:,} rows into {many:,} flows")
    lines.extend(f"note: {n}" for n in profile.get("notes", []))
    reasons = profile.get("quarantine_by_reason", {})
    if reasons:
        lines.append("quarantined: " + ", ".join(f"{k} {v:,}" for k, v in reasons.items()))
    if profile.get("query"):
        shown = ", ".join(f"{k}={v}" for k, v in profile["query"].items())
        lines.append(f"fetched with: {shown}")
    lines.extend(f"warning: {w}" for w in profile.get("warnings", []))
    return lines
