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
with its `cluster_id`, the cluster's most used spelling and how it was matched (`matched_by`).

Identifiers are not names. A party that is a code — one token of letters and digits mixed
("KILND1W"), or any value of a party column that holds such codes of one fixed length (the
seller and importer IDs of anonymised customs declarations) — is matched exactly or not at
all: it never enters splink, whose name keys and "numbers in the name" would join two codes by
a look-alike letter or the one digit they share. One code under several countries is one party.

Transitive chaining is bounded. Connected components chain pairs: A~B and B~C put A and C in
one company though they were never compared. A component holding more than
`MAX_CLUSTER_SPELLINGS` name keys, or names from more than `MAX_CLUSTER_COUNTRIES` countries,
is not one firm's spellings: it is refused, its links are kept only at stricter match
probabilities (`STRICTER`) until each piece is plausible, else it falls apart into groups of
one exact key. Each record of a refused chain says so in `matched_by`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
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
# A firm's spellings: a few dozen name keys at most, from a handful of countries (its own and
# those it ships from); a component beyond either is a chain, not a firm.
MAX_CLUSTER_SPELLINGS = 20
MAX_CLUSTER_COUNTRIES = 6
STRICTER = (0.99, 0.999, 0.9999)
# A party column holds identifiers when, of its distinct values (at least MIN_ID_VALUES), nearly
# all are one token of letters and digits of one length, and most mix letters and digits.
MIN_ID_VALUES = 10
ID_SHARE_FIXED_LENGTH = 0.9
ID_SHARE_MIXED = 0.5
MATCHED_BY_IDENTIFIER = "identifier (exact)"
MATCHED_BY_NAME = "name (splink)"
_CODE = re.compile(r"[A-Za-z0-9]+")
_MIXED_CODE = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{5,}")
_PARTY_COLUMNS = {"exporter": "exporter_country", "importer": "importer_country",
                  "consignee": "importer_country"}  # fmt: skip


def is_code(name: str) -> bool:
    """A name that is a code: one token of at least 5 letters and digits, mixing both."""
    return bool(_MIXED_CODE.fullmatch(name.strip()))


def declared_identifiers(ws: Workspace) -> dict[str, list[int]]:
    """Party column → the shipment imports whose mapping declares it holds identifiers."""
    found: dict[str, list[int]] = {}
    rows = ws.raw.execute(
        "SELECT import_id, json_extract(profile, '$.identifiers')::VARCHAR[] FROM imports"
        " WHERE target_table = 'shipments' AND json_valid(profile)"
    ).fetchall()
    for import_id, cols in rows:
        for col in cols or []:
            if col in _PARTY_COLUMNS:
                found.setdefault(col, []).append(int(import_id))
    return found


def identifier_columns(ws: Workspace) -> dict[str, int]:
    """The party columns of `shipments` that hold identifiers, with the codes' fixed length
    (found in the data; a column only a mapping declares is in `declared_identifiers`)."""
    found: dict[str, int] = {}
    for col in _PARTY_COLUMNS:
        row = ws.raw.execute(
            f"""WITH v AS (SELECT DISTINCT trim({col}) AS v FROM shipments
                           WHERE {col} IS NOT NULL AND trim({col}) <> ''),
                    codes AS (SELECT v FROM v WHERE regexp_full_match(v, '[A-Za-z0-9]+'))
                SELECT (SELECT count(*) FROM v), (SELECT mode(length(v)) FROM codes),
                       (SELECT count(*) FROM codes
                        WHERE length(v) = (SELECT mode(length(v)) FROM codes)),
                       (SELECT count(*) FROM codes WHERE regexp_matches(v, '[A-Za-z]')
                        AND regexp_matches(v, '[0-9]'))"""
        ).fetchone()
        if row is None or not row[0] or row[0] < MIN_ID_VALUES or row[1] is None:
            continue
        n, length, fixed, mixed = row
        if fixed >= ID_SHARE_FIXED_LENGTH * n and mixed >= ID_SHARE_MIXED * n:
            found[col] = int(length)
    return found


def party_records(ws: Workspace) -> pd.DataFrame:
    """Distinct (party, country) of `shipments` with their consignment count and partners, and
    whether the party is an identifier (a code, or a value of an identifier column)."""
    ids, declared = identifier_columns(ws), declared_identifiers(ws)

    def in_id_column(col: str) -> str:
        said = (
            [f"regexp_full_match(trim({col}), '[A-Za-z0-9]{{{ids[col]}}}')"] if col in ids else []
        )
        if col in declared:
            said.append(f"import_file IN ({', '.join(str(i) for i in declared[col])})")
        return " OR ".join(said) or "false"

    sql = f"""
        WITH roles AS (
            SELECT exporter AS party, exporter_country AS country, importer AS partner,
                   shipment_id, {in_id_column("exporter")} AS id_column FROM shipments
            UNION ALL
            SELECT importer, importer_country, exporter, shipment_id,
                   {in_id_column("importer")} FROM shipments
            UNION ALL
            SELECT consignee, importer_country, exporter, shipment_id,
                   {in_id_column("consignee")} FROM shipments
            WHERE consignee IS NOT NULL AND consignee <> importer
        )
        SELECT party, country, count(DISTINCT shipment_id) AS consignments,
               -- a party none of whose consignments names a partner (import declarations
               -- that name the importer only) has an empty list, not NULL
               coalesce(list(DISTINCT partner) FILTER (WHERE partner IS NOT NULL), [])
                   AS partner_names,
               bool_or(id_column) AS identifier
        FROM roles WHERE party IS NOT NULL AND trim(party) <> ''
        GROUP BY party, country ORDER BY party, country
    """
    out: pd.DataFrame = ws.raw.execute(sql).df()
    out["identifier"] = out["identifier"].fillna(False).astype(bool) | out["party"].map(
        lambda p: is_code(str(p))
    )
    return out


def features(records: pd.DataFrame) -> pd.DataFrame:
    """The columns splink compares, one row per record with a `unique_id`."""
    out = records.reset_index(drop=True).copy()
    forms = [name_forms(str(n)) for n in out["party"]]
    out["key"] = [k or latin(str(n)) for (k, _), n in zip(forms, out["party"], strict=True)]
    # The numbers of a name ("42" of "Metaltehno 42"), each token holding a digit taken whole:
    # the digit inside "A1" or "X5B" is part of that token, not a number shared with others.
    out["numbers"] = [" ".join(t for t in k.split() if any(c.isdigit() for c in t)) or None
                      for k in out["key"]]  # fmt: skip
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
    """(clusters, pairs): each record's cluster id and how it was matched (`matched_by`), and
    the scored pairs of names behind the clusters.

    Identifiers are grouped by the code exactly; names go through splink — with `spark` (a
    session whose `spark.jars` holds splink's similarity jar, as `spark.spark_session` sets)
    on Spark, otherwise on an in-memory DuckDB — and its pairs are clustered with chains
    bounded (module docstring)."""
    feats = features(records)
    if "identifier" in records:
        ident = records["identifier"].fillna(False).astype(bool).to_numpy()
    else:
        ident = feats["party"].map(lambda p: is_code(str(p))).to_numpy()
    ids, names = feats[ident], feats[~ident]
    cluster = pd.Series(feats["unique_id"].to_numpy(), index=feats["unique_id"])
    matched_by = pd.Series(MATCHED_BY_NAME, index=feats["unique_id"], dtype=object)
    # One code is one party wherever it is booked; two codes are never one.
    codes = ids["party"].map(lambda p: str(p).strip())
    cluster[ids["unique_id"].to_numpy()] = ids.groupby(codes)["unique_id"].transform("min")
    matched_by[ids["unique_id"].to_numpy()] = MATCHED_BY_IDENTIFIER
    pairs = pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability"])
    if len(names) >= 2:
        pairs = _scored_pairs(names, train=train, spark=spark)
        for uid, (root, how) in bounded_clusters(names, pairs).items():
            cluster[uid], matched_by[uid] = root, how
    out = feats.copy()
    out["cluster_id"] = out["unique_id"].map(cluster).astype("int64")
    out["matched_by"] = out["unique_id"].map(matched_by)
    return out, pairs


def _scored_pairs(
    names: pd.DataFrame, *, train: bool | None, spark: SparkSession | None
) -> pd.DataFrame:
    """splink's pairs of name records at a match probability of at least 0.5."""
    from splink import Linker, block_on
    from splink.internals.exceptions import EMTrainingException  # no public import path

    cols = ["unique_id", "key", "numbers", "legal_form", "country", "key_first", "partners"]
    con = duckdb.connect()
    db_api: Any
    if spark is not None:
        from splink.backends.spark import SparkAPI

        # "persist": checkpoints need a checkpoint folder on storage every node shares.
        db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")  # type: ignore[no-untyped-call]
        table: Any = spark.createDataFrame(names[cols])
    else:
        from splink.backends.duckdb import DuckDBAPI

        db_api = DuckDBAPI(connection=con)
        table = names[cols]
    linker = Linker(db_api.register(table), settings(), log_level=logging.ERROR)
    if train if train is not None else len(names) >= MIN_RECORDS_TO_TRAIN:
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
        for rule in (block_on("key"), block_on("country", "key_first")):
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, fix_u_probabilities=True
                )
            except EMTrainingException:  # the rule pairs no records in this data
                continue  # its comparisons keep the settings' prior m probabilities
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    con.close()
    return pairs[["unique_id_l", "unique_id_r", "match_probability"]]


def bounded_clusters(names: pd.DataFrame, pairs: pd.DataFrame) -> dict[int, tuple[int, str]]:
    """Each name record's cluster (its smallest unique_id) and how it was matched.

    Connected components of the pairs at `MATCH_PROBABILITY`; a component too large to be one
    firm (`plausible`) keeps only its links at each of `STRICTER` in turn, and what is still
    too large falls apart into groups of one exact key. Its records say so in `matched_by`."""
    recs = names.set_index("unique_id")
    out: dict[int, tuple[int, str]] = {}

    def place(members: list[int], level: int, refused: str) -> None:
        threshold = MATCH_PROBABILITY if level < 0 else STRICTER[level]
        inside = pairs["unique_id_l"].isin(members) & pairs["unique_id_r"].isin(members)
        edges = pairs[inside & (pairs["match_probability"] >= threshold)]
        links = zip(edges["unique_id_l"], edges["unique_id_r"], strict=True)
        for comp in _components(members, links):
            part = recs.loc[comp]
            n_keys, n_countries = part["key"].nunique(), part["country"].nunique()
            if plausible(n_keys, n_countries):
                how = MATCHED_BY_NAME if not refused else (
                    f"{refused}; kept the links at p >= {threshold:g}")  # fmt: skip
                out.update({uid: (min(comp), how) for uid in comp})
                continue
            said = refused or (
                f"{MATCHED_BY_NAME}: chain of {n_keys} name keys in {n_countries} countries"
                f" at p >= {threshold:g} refused as one firm")  # fmt: skip
            if level + 1 < len(STRICTER):
                place(comp, level + 1, said)
                continue
            for _, g in part.groupby("key"):  # only exact keys hold together
                uids = [int(u) for u in g.index]
                out.update({u: (min(uids), f"{said}; kept exact keys only") for u in uids})

    place([int(u) for u in recs.index], -1, "")
    return out


def plausible(n_keys: int, n_countries: int) -> bool:
    """Whether a cluster of this many name keys and countries can be one firm's spellings (a
    single key is an exact match, not a chain, wherever it is booked)."""
    return n_keys <= 1 or (n_keys <= MAX_CLUSTER_SPELLINGS
                           and n_countries <= MAX_CLUSTER_COUNTRIES)  # fmt: skip


def _components(members: list[int], edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of `members` under `edges` (union-find)."""
    parent = {m: m for m in members}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(int(a)), root(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for m in members:
        groups.setdefault(root(m), []).append(m)
    return list(groups.values())


def write_clusters(ws: Workspace, resolved: pd.DataFrame) -> int:
    """Replace `party_clusters` with `resolved` (from `resolve`); the number of clusters."""
    df = resolved.copy()
    if "matched_by" not in df:
        df["matched_by"] = MATCHED_BY_NAME
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


def resolution_notes(ws: Workspace) -> list[str]:
    """What resolution did with the workspace's parties beyond matching names, in words: the
    parties read as identifiers (matched exactly) and the chains refused as one firm."""
    notes = []
    cols = identifier_columns(ws)
    declared = [c for c in declared_identifiers(ws) if c not in cols]
    row = ws.raw.execute(
        "SELECT count(DISTINCT party) FILTER (WHERE matched_by = ?),"
        " count(DISTINCT cluster_id) FILTER (WHERE matched_by LIKE '%refused%')"
        " FROM party_clusters",
        [MATCHED_BY_IDENTIFIER],
    ).fetchone()
    n_ids, n_refused = row if row else (0, 0)
    if n_ids:
        lengths = " or ".join(sorted({str(v) for v in cols.values()}))
        columns = f"the {' and '.join(cols)} column" + (" holds" if len(cols) == 1 else "s hold")
        where = f"; {columns} codes of {lengths} characters" if cols else ""
        if declared:
            where += f"; {' and '.join(declared)} declared identifiers by the import's mapping"
        notes.append(
            f"{n_ids:,} party names read as identifiers (codes of letters and digits{where}):"
            " matched exactly, never by spelling or by a digit they share"
        )
    if n_refused:
        big = ws.raw.execute(
            "SELECT matched_by FROM party_clusters WHERE matched_by LIKE '%refused%'"
            " GROUP BY matched_by ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        first = str(big[0]).split(": ", 1)[-1] if big else ""
        notes.append(
            f"{n_refused:,} companies come from chains of names refused as one firm (more than"
            f" {MAX_CLUSTER_SPELLINGS} name keys or {MAX_CLUSTER_COUNTRIES} countries), largest"
            f" {first} (party_clusters.matched_by)"
        )
    return notes


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
