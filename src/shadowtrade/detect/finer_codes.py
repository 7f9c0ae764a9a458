"""Alerts on a six-digit code that the data holds only as finer lines (CN8, national codes).

The trade detectors fold finer codes to HS6 (levels.py). A download may hold only some of a
code's CN8 lines (a user picks products in the Eurostat data browser), so "FRA's exports of HS
271019" is then the sum of the lines in the file, not the code. Each such alert says which
lines its figures are summed from, in its summary and in its evidence
(`summed_from_finer_codes`), so that no reader takes a partial sum for the whole code."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

SHOWN = 6  # lines named in the summary; the evidence holds them all


def _finer_lines(con: duckdb.DuckDBPyConnection, alerts: pd.DataFrame) -> dict[str, list[str]]:
    """Per alert id, the finer codes of its HS6 code in the records of its own pairs (origin,
    intermediaries, destination), where the pair reports none of the code at six digits."""
    keys = alerts.loc[
        alerts["hs_code"].fillna("").str.fullmatch(r"\d{6}"),
        ["alert_id", "hs_code", "origin", "via", "destination"],
    ]
    if keys.empty:
        return {}
    con.register("_finer_keys", keys)
    try:
        rows = con.execute(
            """
            WITH rows AS (
                SELECT DISTINCT reporter, partner, hs_code, substr(hs_code, 1, 6) AS code6
                FROM trade_flows
                WHERE length(hs_code) >= 6 AND substr(hs_code, 1, 6) IN
                    (SELECT DISTINCT hs_code FROM _finer_keys)
            ),
            f AS (  -- finer lines of a pair that reports none of the code at six digits
                SELECT r.* FROM rows r
                WHERE length(r.hs_code) > 6 AND NOT EXISTS (
                    SELECT 1 FROM rows s WHERE length(s.hs_code) = 6 AND s.code6 = r.code6
                      AND s.reporter = r.reporter AND s.partner = r.partner)
            )
            SELECT k.alert_id, list(DISTINCT f.hs_code ORDER BY f.hs_code) AS lines
            FROM _finer_keys k JOIN f
              ON f.code6 = k.hs_code AND f.reporter IN (k.origin, k.destination)
             AND (f.partner IN (k.origin, k.destination)
                  OR position(f.partner IN coalesce(k.via, '')) > 0)
            GROUP BY k.alert_id
            """
        ).fetchall()
    finally:
        con.unregister("_finer_keys")
    return {str(a): [str(c) for c in lines] for a, lines in rows}


def sentence(code: str, lines: list[str]) -> str:
    """The words appended to an alert's summary."""
    named = ", ".join(lines[:SHOWN]) + (
        f" and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
    )
    return (
        f" (HS {code} here is the sum of the {len(lines)} finer line(s) the data holds: {named};"
        " any other line of the code is not in the data, so the figures may cover only part"
        " of it.)"
    )


def annotate(con: duckdb.DuckDBPyConnection, alerts: pd.DataFrame) -> pd.DataFrame:
    """`alerts` with the finer lines named where an HS6 alert's figures are summed from them.
    Nothing changes (not even a copy) where the data holds no code finer than six digits."""
    if alerts.empty or "hs_code" not in alerts:
        return alerts
    has = con.execute(
        "SELECT EXISTS (SELECT 1 FROM trade_flows WHERE length(hs_code) > 6)"
    ).fetchone()
    if not (has and has[0]):
        return alerts
    found = _finer_lines(con, alerts)
    if not found:
        return alerts
    out = alerts.copy()
    for i in out.index[out["alert_id"].isin(list(found))]:  # alerts, not trade rows: small
        lines = found[str(out.at[i, "alert_id"])]
        ev = json.loads(str(out.at[i, "evidence"] or "{}"))
        ev["summed_from_finer_codes"] = lines
        out.at[i, "evidence"] = json.dumps(ev, sort_keys=True, allow_nan=False)
        out.at[i, "summary"] = str(out.at[i, "summary"]).rstrip() + sentence(
            str(out.at[i, "hs_code"]), lines
        )
    return out
