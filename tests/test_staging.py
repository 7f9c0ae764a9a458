"""Stages through Ibis's public API: types kept, in-memory tables read, dropped when unused."""

from __future__ import annotations

import gc
from pathlib import Path

import ibis
import pandas as pd

from shadowtrade import staging


def _temp_tables(con: ibis.BaseBackend) -> set[str]:
    rows = con.raw_sql(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp'"
    ).fetchall()
    return {str(r[0]) for r in rows}


def test_a_stage_keeps_enum_keys_reads_memtables_and_is_dropped(tmp_path: Path) -> None:
    con = ibis.duckdb.connect(str(tmp_path / "s.duckdb"))
    con.raw_sql(
        "CREATE TABLE flows AS SELECT CAST(k AS ENUM('DEU', 'FRA')) AS reporter, "
        "CAST(v AS DOUBLE) AS value "
        "FROM (VALUES ('FRA', 2.0), ('DEU', 3.0), ('FRA', 5.0)) AS t(k, v)"
    )
    names = ibis.memtable(pd.DataFrame({"reporter": ["DEU", "FRA"], "label": ["de", "fr"]}))
    flows = con.table("flows")
    summed = flows.group_by("reporter").agg(value=flows.value.sum(), n=flows.count())
    staged = staging.stage(summed.join(names, "reporter"))
    name = staged.op().name
    types = dict(con.raw_sql(f'SELECT column_name, data_type FROM duckdb_columns() '
                             f"WHERE table_name = '{name}'").fetchall())  # fmt: skip
    assert types["reporter"].startswith("ENUM(")  # Ibis's .cache() would make it VARCHAR
    assert types["n"] == "BIGINT" and types["value"] == "DOUBLE"
    got = staged.order_by("reporter").to_pandas()
    assert got.to_dict("list") == {
        "reporter": ["DEU", "FRA"], "value": [3.0, 7.0], "n": [1, 2], "label": ["de", "fr"],
    }  # fmt: skip
    assert name in _temp_tables(con) and name in staging.live()
    derived = staged.filter(staged.n > 1)
    del staged
    gc.collect()
    assert name in _temp_tables(con)  # still read by `derived`
    del derived
    gc.collect()
    assert name not in _temp_tables(con) and name not in staging.live()


def test_release_drops_at_once_and_stages_work_on_a_read_only_file(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    ibis.duckdb.connect(str(db)).raw_sql("CREATE TABLE t AS SELECT range AS x FROM range(10)")
    con = ibis.duckdb.connect(str(db), read_only=True)
    t = con.table("t")
    staged = staging.stage(t.filter(t.x % 2 == 0))
    assert staged.count().to_pyarrow().as_py() == 5
    name = staged.op().name
    staging.release(staged)
    assert name not in _temp_tables(con) and name not in staging.live()
    staging.release(staged)  # a second release is a no-op


def test_a_stage_inside_a_transaction_that_wrote_the_file(tmp_path: Path) -> None:
    con = ibis.duckdb.connect(str(tmp_path / "w.duckdb"))
    con.raw_sql("CREATE TABLE t AS SELECT range AS x FROM range(4)")
    con.raw_sql("BEGIN")
    con.raw_sql("INSERT INTO t VALUES (10)")
    t = con.table("t")
    staged = staging.stage(t.filter(t.x > 2))
    assert sorted(staged.to_pandas()["x"]) == [3, 10]
    con.raw_sql("COMMIT")


def test_a_new_connection_to_the_same_file_stages_on_itself(tmp_path: Path) -> None:
    """Ibis backends opened with the same arguments compare equal: the first, closed, must not
    lend its stager to the second."""
    db = str(tmp_path / "twice.duckdb")
    first = ibis.duckdb.connect(db)
    first.raw_sql("CREATE TABLE t AS SELECT range AS x FROM range(3)")
    kept = staging.stage(first.table("t"))
    first.disconnect()
    second = ibis.duckdb.connect(db)
    staged = staging.stage(second.table("t").filter(second.table("t").x > 0))
    assert sorted(staged.to_pandas()["x"]) == [1, 2]
    del kept
    gc.collect()  # dropping the first's stage on its closed connection raises nothing


def test_a_connection_is_not_kept_alive_once_its_stages_are_gone(tmp_path: Path) -> None:
    """A server opens a connection per request: what staging keeps must not pile up."""
    import weakref

    con = ibis.duckdb.connect(str(tmp_path / "alive.duckdb"))
    con.raw_sql("CREATE TABLE t AS SELECT range AS x FROM range(3)")
    staged = staging.stage(con.table("t"))
    gone = weakref.ref(con)
    staging.release(staged)
    del staged
    con.disconnect()
    del con
    gc.collect()
    assert gone() is None
