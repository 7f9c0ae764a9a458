"""An HS6 alert whose figures are summed from some CN8 lines says so (tester10's FRA 271019)."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from shadowtrade.detect.finer_codes import annotate


def _con(codes: list[tuple[str, str, str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE trade_flows (reporter VARCHAR, partner VARCHAR, hs_code VARCHAR)")
    con.executemany("INSERT INTO trade_flows VALUES (?, ?, ?)", codes)
    return con


def _alerts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "alert_id": ["a1", "a2", "a3"],
            "hs_code": ["271019", "870323", "8703"],
            "origin": ["FRA", "DEU", "FRA"],
            "via": ["KAZ", None, None],
            "destination": ["RUS", "KAZ", "KAZ"],
            "summary": ["FRA's exports of HS 271019 fell.", "DEU rose.", "FRA at HS4."],
            "evidence": [json.dumps({"k": 1}), "{}", "{}"],
        }
    )


def test_the_lines_a_partial_sum_is_made_of_are_named() -> None:
    con = _con([("FRA", "RUS", "27101999"), ("FRA", "KAZ", "27101929"),
                ("FRA", "RUS", "27101983"),
                ("FRA", "GEO", "27101921"),  # another partner's line: not in these figures
                ("BEL", "RUS", "27101911"),  # another reporter's line
                ("DEU", "KAZ", "870323"), ("DEU", "KAZ", "87032310")])  # fmt: skip
    out = annotate(con, _alerts()).set_index("alert_id")
    ev = json.loads(out.at["a1", "evidence"])
    assert ev == {"k": 1, "summed_from_finer_codes": ["27101929", "27101983", "27101999"]}
    assert out.at["a1", "summary"] == (
        "FRA's exports of HS 271019 fell. (HS 271019 here is the sum of the 3 finer line(s) the"
        " data holds: 27101929, 27101983, 27101999; any other line of the code is not in the"
        " data, so the figures may cover only part of it.)"
    )
    # DEU reports 870323 to KAZ at six digits (its CN8 line beside it is not the figure's
    # source); an HS4 alert is not an HS6 sum of lines
    assert out.at["a2", "summary"] == "DEU rose." and out.at["a2", "evidence"] == "{}"
    assert out.at["a3", "summary"] == "FRA at HS4."


def test_nothing_changes_where_the_data_holds_no_finer_code() -> None:
    alerts = _alerts()
    assert annotate(_con([("FRA", "RUS", "271019")]), alerts) is alerts
