"""What a shipment file's accepted records were made into, said in the import's profile.

The trade-statistics profile says every reinterpretation (a summed breakdown, a guessed
frequency, a skipped code level); a shipment file was stored with its currency converted at a
fixed rate, constants filled in for whole columns and empty parties kept, and said nothing of
it (tester2 D6, on the Korean declarations). These notes are read off the parsed records
(`_ship_parsed`, the rows without a reject reason) inside the ingest's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shadowtrade.formats.shipments import ShipmentMapping
    from shadowtrade.workspace import Workspace

ACCEPTED = "FROM _ship_parsed WHERE _reason IS NULL"
SHOWN = 6  # distinct transport codes named in a note


def accepted_notes(ws: Workspace, roles: dict[str, str], m: ShipmentMapping | None) -> list[str]:
    """Currency conversions, mapping constants, empty parties, transport codes kept as
    written, the records' dates and HS code lengths: one sentence each, where they apply."""
    total = _one(ws, f"SELECT count(*) {ACCEPTED}")
    if not total:
        return []
    notes = _currency_notes(ws, m)
    constants = m.constants if m is not None else {}
    # A constant fills a role only where the file has no column for it (shipments._text).
    filled = sorted(r for r in constants if r != "currency" and r not in roles)
    if filled:
        said = ", ".join(f"{r} = {constants[r]}" for r in filled)
        notes.append(
            f"set by the mapping for all {total:,} record(s), not read from the file: {said}"
        )
    beaten = sorted(r for r in constants if r in roles)
    if beaten:
        said = ", ".join(f"{r} = {constants[r]} (column {roles[r]!r})" for r in beaten)
        notes.append(
            f"the mapping's constant(s) not used, the file's own column read instead: {said}"
        )
    for role in ("exporter", "importer"):
        if role in roles:
            blank = _one(ws, f"SELECT count(*) {ACCEPTED} AND nullif(trim({role}), '') IS NULL")
            if blank:
                notes.append(
                    f"{blank:,} of {total:,} record(s) name no {role} ({roles[role]!r} empty):"
                    f" kept, the {role} unknown"
                )
    if "transport_mode" in roles:
        notes.extend(_transport_note(ws, roles["transport_mode"]))
    first, last = (
        ws.raw.execute(f"SELECT min(date), max(date) {ACCEPTED}").fetchone() or (None,) * 2
    )
    lengths = ws.raw.execute(
        f"SELECT length(hs_code) AS n, count(*) {ACCEPTED} GROUP BY n ORDER BY n DESC"
    ).fetchall()
    digits = ", ".join(f"{int(c):,} at {int(n)} digits" for n, c in lengths if n)
    if first is not None:
        notes.append(f"records dated {first} to {last}; HS codes: {digits}")
    return notes


def _currency_notes(ws: Workspace, m: ShipmentMapping | None) -> list[str]:
    """Values read in another currency than US dollars, and the rate each was converted at."""
    rows = ws.raw.execute(
        f"SELECT _currency, count(*), min(date), max(date) {ACCEPTED}"
        " AND _value_num IS NOT NULL AND _currency <> 'USD' GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    notes = []
    fixed = [str(c) for c, *_ in rows if c != "EUR"]
    if len(fixed) > 1 and m is not None and m.usd_per_unit is not None:
        notes.append(
            f"values in {len(fixed)} currencies ({', '.join(fixed)}) all converted at the"
            f" mapping's one rate, {m.usd_per_unit:g} USD per unit: a rate belongs to one"
            " currency, so the values of the others are wrong; ingest each currency's records"
            " with its own mapping"
        )
    for currency, n, first, last in rows:
        if currency == "EUR":
            notes.append(
                f"{int(n):,} value(s) in EUR converted to US dollars at the ECB reference rate"
                " of each record's month"
            )
        elif m is not None and m.usd_per_unit is not None:
            notes.append(
                f"{int(n):,} value(s) in {currency} converted to US dollars at one rate for the"
                f" whole file, {m.usd_per_unit:g} USD per {currency} (the mapping's"
                f" usd_per_unit), for records dated {first} to {last}: not each month's rate"
            )
    return notes


def _transport_note(ws: Workspace, column: str) -> list[str]:
    """Transport modes stored as the file writes them: codes ('10', '40') are not read as
    sea, air or road, and say so."""
    rows = ws.raw.execute(
        f"SELECT transport_mode, count(*) {ACCEPTED} AND transport_mode IS NOT NULL"
        " GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    codes = [(str(v), int(n)) for v, n in rows if any(ch.isdigit() for ch in str(v))]
    if not codes:
        return []
    shown = ", ".join(f"{v!r} ({n:,})" for v, n in codes[:SHOWN])
    more = f" and {len(codes) - SHOWN} more" if len(codes) > SHOWN else ""
    return [
        f"{column!r}: {len(codes)} transport code(s) stored as written, not read as sea, air or"
        f" road: {shown}{more}"
    ]


def _one(ws: Workspace, sql: str) -> int:
    row = ws.raw.execute(sql).fetchone()
    return int(row[0]) if row is not None and row[0] is not None else 0
