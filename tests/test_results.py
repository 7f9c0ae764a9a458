"""`fetch` gives the frame `to_pandas` gives, whatever the columns hold."""

from __future__ import annotations

import ibis
import pandas as pd
import pandas.testing as pdt

from shadowtrade.results import fetch


def _table() -> ibis.Table:
    con = ibis.duckdb.connect()
    con.raw_sql(
        """CREATE TABLE t AS SELECT * FROM (VALUES
        ('ARM'::ENUM('ARM', 'RUS'), 'RUS'::ENUM('ARM', 'RUS'), DATE '2022-03-01', 1.5, 2::BIGINT,
         NULL::DOUBLE, 'cars', {'a': 1}, [1, 2], TRUE),
        ('RUS'::ENUM('ARM', 'RUS'), NULL::ENUM('ARM', 'RUS'), DATE '2023-08-01', NULL, 3::BIGINT,
         4.0, NULL, {'a': 2}, [], FALSE)
        ) AS v(reporter, partner, period, value, n, gap, goods, s, l, flag)"""
    )
    return con.table("t")


def test_fetch_equals_to_pandas_with_enums_nulls_nested_and_dates() -> None:
    t = _table()
    expr = t.mutate(year=t.period.year(), big=t.value > 1)
    got = fetch(expr)
    pdt.assert_frame_equal(got, expr.to_pandas())
    assert got["reporter"].tolist() == ["ARM", "RUS"]
    assert got["partner"].isna().tolist() == [False, True]
    assert got["s"].tolist() == [{"a": 1}, {"a": 2}]
    assert got["period"].tolist() == [pd.Timestamp("2022-03-01"), pd.Timestamp("2023-08-01")]


def test_fetch_of_an_empty_result_and_of_a_memtable() -> None:
    t = _table()
    empty = t.filter(t.n > 10)
    pdt.assert_frame_equal(fetch(empty), empty.to_pandas())
    m = ibis.memtable(pd.DataFrame({"reporter": ["ARM"], "extra": [7]}))
    joined = t.join(m, "reporter")
    got = fetch(joined)
    pdt.assert_frame_equal(got, joined.to_pandas())
    assert got["extra"].tolist() == [7]
