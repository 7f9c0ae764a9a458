"""Entity resolution of shipment parties with splink: one company under its several spellings.

Every distinct (name, country) in `shipments` — as exporter, importer or consignee — is a
record. Splink (Fellegi–Sunter, DuckDB backend; its Spark backend where the workspace runs on
Spark) compares records that share a blocking key and weighs the evidence:

- the name's key (`entities.names`: script, romanisation, legal form and word order set aside),
  exactly or within 1, 2 or 3 edits (Damerau-Levenshtein) — "Металтехно 42 ООО" and
  "Metaltehno 42 OOO" agree exactly; "Čelikmont" and "Čeliktehno" are far apart;
- the numbers in the name ("42"): firms told apart by a number are different firms;
- the legal form (ООО and OOO are one form; d.o.o. and a.d. are two companies);
- the country;
- the firm's trading partners (keys of its counterparties): the same firm under two spellings
  trades with the same counterparties.

The model's u probabilities come from random pairs, its m probabilities from expectation
maximisation on blocked pairs (too few records for that: the priors written below stand).
Pairs at a match probability of at least `MATCH_PROBABILITY` are joined into clusters (connected
components), written to the workspace table `party_clusters`: one row per (party, country)
with its `cluster_id` and the cluster's most used spelling.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from shadowtrade.entities.names import latin, name_forms
from shadowtrade.schema import PARTY_CLUSTERS

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from shadowtrade.workspace import Workspace

MATCH_PROBABILITY = 0.9
MIN_RECORDS_TO_TRAIN = 200
_DIGITS = re.compile(r"\d+")


def party_records(ws: Workspace) -> pd.DataFrame:
    """Distinct (party, country) of `shipments` with their consignment count and partners."""
    sql = """
        WITH roles AS (
            SELECT exporter AS party, exporter_country AS country, importer AS partner,
                   shipment_id FROM shipments
            UNION ALL
            SELECT importer, importer_country, exporter, shipment_id FROM shipments
            UNION ALL
            SELECT consignee, importer_country, exporter, shipment_id FROM shipments
            WHERE consignee IS NOT NULL AND consignee <> importer
        )
        SELECT party, country, count(DISTINCT shipment_id) AS consignments,
               -- a party none of whose consignments names a partner (import declarations
               -- that name the importer only) has an empty list, not NULL
               coalesce(list(DISTINCT partner) FILTER (WHERE partner IS NOT NULL), [])
                   AS partner_names
        FROM roles WHERE party IS NOT NULL AND trim(party) <> ''
        GROUP BY party, country ORDER BY party, country
    """
    return ws.raw.execute(sql).df()


def features(records: pd.DataFrame) -> pd.DataFrame:
    """The columns splink compares, one row per record with a `unique_id`."""
    out = records.reset_index(drop=True).copy()
    forms = [name_forms(str(n)) for n in out["party"]]
    out["key"] = [k or latin(str(n)) for (k, _), n in zip(forms, out["party"], strict=True)]
    out["numbers"] = [" ".join(_DIGITS.findall(k)) or None for k in out["key"]]
    out["legal_form"] = [_legal_form(str(n), t) for n, (_, t) in zip(out["party"], forms,
                                                                     strict=True)]  # fmt: skip
    out["key_first"] = [k.split(" ")[0] if k else None for k in out["key"]]
    out["partners"] = [
        sorted({name_forms(str(p))[0] for p in (ps if ps is not None else [])} - {""})
        for ps in out["partner_names"]
    ]
    out["unique_id"] = range(len(out))
    return out


def _legal_form(name: str, text_without: str) -> str | None:
    """The legal-form words of a name in Latin letters ("ooo" for ООО and OOO alike)."""
    kept = set(text_without.split())
    form = [t for t in latin(name).split() if t not in kept]
    return " ".join(form) or None


def settings() -> Any:
    """The splink model: comparisons, blocking rules, and priors used when too few records."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=0.001,
        comparisons=[
            cl.DamerauLevenshteinAtThresholds("key", [1, 2, 3]).configure(
                m_probabilities=[0.6, 0.25, 0.08, 0.04, 0.03],
                u_probabilities=[0.0005, 0.001, 0.003, 0.01, 0.9855],
            ),
            cl.ExactMatch("numbers").configure(
                m_probabilities=[0.97, 0.03], u_probabilities=[0.05, 0.95]
            ),
            cl.ExactMatch("legal_form").configure(
                m_probabilities=[0.9, 0.1], u_probabilities=[0.3, 0.7]
            ),
            cl.ExactMatch("country").configure(
                m_probabilities=[0.95, 0.05], u_probabilities=[0.1, 0.9]
            ),
            # Spellings of one firm often sit on different consignments with different partners:
            # a shared partner is strong evidence, none shared only weak evidence against.
            cl.ArrayIntersectAtSizes("partners", [2, 1]).configure(
                m_probabilities=[0.3, 0.3, 0.4], u_probabilities=[0.002, 0.03, 0.968]
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("key"),
            block_on("country", "key_first"),
            block_on("country", "numbers"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def resolve(
    records: pd.DataFrame, *, train: bool | None = None, spark: SparkSession | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(clusters, pairs): each record's cluster id, and the scored pairs behind the clusters.

    With `spark` (a session whose `spark.jars` holds splink's similarity jar, as
    `spark.spark_session` sets) splink runs on Spark; otherwise on an in-memory DuckDB."""
    from splink import Linker, block_on
    from splink.internals.exceptions import EMTrainingException  # no public import path

    feats = features(records)
    cols = ["unique_id", "key", "numbers", "legal_form", "country", "key_first", "partners"]
    con = duckdb.connect()
    db_api: Any
    if spark is not None:
        from splink.backends.spark import SparkAPI

        # "persist": checkpoints need a checkpoint folder on storage every node shares.
        db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")  # type: ignore[no-untyped-call]
        table: Any = spark.createDataFrame(feats[cols])
    else:
        from splink.backends.duckdb import DuckDBAPI

        db_api = DuckDBAPI(connection=con)
        table = feats[cols]
    linker = Linker(db_api.register(table), settings(), log_level=logging.ERROR)
    if train if train is not None else len(feats) >= MIN_RECORDS_TO_TRAIN:
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
        for rule in (block_on("key"), block_on("country", "key_first")):
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, fix_u_probabilities=True
                )
            except EMTrainingException:  # the rule pairs no records in this data
                continue  # its comparisons keep the settings' prior m probabilities
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=MATCH_PROBABILITY
    )
    pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    found = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]  # type: ignore[no-untyped-call]
    con.close()
    out = feats.merge(found, on="unique_id", how="left")
    out["cluster_id"] = out["cluster_id"].fillna(out["unique_id"]).astype("int64")
    return out, pairs


def write_clusters(ws: Workspace, resolved: pd.DataFrame) -> int:
    """Replace `party_clusters` with `resolved` (from `resolve`); the number of clusters."""
    df = resolved.copy()
    # Name a cluster by its most used spelling, and give it an id that survives a rerun.
    df = df.sort_values(["cluster_id", "consignments", "party"], ascending=[True, False, True])
    first = df.groupby("cluster_id").first()
    df["cluster_name"] = df["cluster_id"].map(first["party"])
    df["cluster_size"] = df.groupby("cluster_id")["party"].transform("size")
    df["cluster_id"] = "P-" + df["cluster_id"].map(
        lambda c: _stable_id(str(first.loc[c, "party"]), first.loc[c, "country"])
    )
    rows = df[list(PARTY_CLUSTERS)]
    with ws.transaction():
        ws.raw.execute("DELETE FROM party_clusters")
        ws.raw.register("_clusters", rows)
        ws.raw.execute("INSERT INTO party_clusters BY NAME SELECT * FROM _clusters")
        ws.raw.unregister("_clusters")
    return int(df["cluster_id"].nunique())


def _stable_id(name: str, country: object) -> str:
    import hashlib

    return hashlib.sha256(f"{name}|{country}".encode()).hexdigest()[:10]


def resolve_workspace(ws: Workspace, *, engine: str = "duckdb") -> int:
    """Resolve every shipment party of the workspace into `party_clusters` (on Spark with
    engine "spark"); the number of clusters written."""
    records = party_records(ws)
    if records.empty:
        return 0
    spark = None
    if engine == "spark":
        from shadowtrade.spark import spark_session

        spark = spark_session()
    resolved, _ = resolve(records, spark=spark)
    return write_clusters(ws, resolved)


def pairwise_scores(resolved: pd.DataFrame, truth: list[set[tuple[str, str]]]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of the clusters against true groups of (name, country)."""
    present = set(zip(resolved["party"], resolved["country"], strict=True))
    true_pairs: set[frozenset[tuple[str, str]]] = set()
    for group in truth:
        members = sorted(group & present)  # a spelling the records never use cannot be found
        true_pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}
    found: set[frozenset[tuple[str, str]]] = set()
    for _, g in resolved.groupby("cluster_id"):
        members = sorted(zip(g["party"], g["country"], strict=True))
        found |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}
    tp = len(found & true_pairs)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": len(true_pairs),
            "found_pairs": len(found)}  # fmt: skip
