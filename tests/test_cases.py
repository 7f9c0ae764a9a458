"""Cases: grouping by route, pair and company, corroboration scores, triage across rescans, and
an audit log that cannot be rewritten through the library."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cases import audit, build_cases, case_detail, list_cases, triage
from shadowtrade.cases.grouping import case_id, group_alerts
from shadowtrade.cases.scoring import combine, evidence_lines
from shadowtrade.cli import app
from shadowtrade.detect.alerts import alert_row
from shadowtrade.errors import InputError
from shadowtrade.scanning import run_scan
from shadowtrade.synth import write_world
from shadowtrade.synth.evaluate import evaluate_cases, load_truth
from shadowtrade.workspace import Workspace, run_read_only_query

CONTROLLED = {"9306", "3601", "3603", "9301"}


def _a(detector: str, n: int, score: float, origin: str | None, destination: str | None,
       hs: str | None, *, via: str | None = None, declared: str | None = None,
       entity: str | None = None, start: str = "2023-01-01", end: str = "2024-06-01",
       **evidence: object) -> dict[str, object]:  # fmt: skip
    return alert_row(
        detector, (n,), score=score, origin=origin, destination=destination, hs_code=hs,
        period_start=date.fromisoformat(start), period_end=date.fromisoformat(end),
        summary=f"{detector} {n}", evidence=evidence, via=via, declared_hs_code=declared,
        entity=entity,
    )  # fmt: skip


def _frame(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


NO_CLUSTERS = pd.DataFrame(
    columns=["party", "country", "cluster_id", "cluster_name", "cluster_size", "consignments"]
)


def _cases_of(groups: pd.DataFrame, alerts: pd.DataFrame) -> dict[str, set[str]]:
    """case_key → the summaries of its alerts."""
    m = groups.merge(alerts[["alert_id", "summary"]], on="alert_id")
    return {k: set(g["summary"]) for k, g in m.groupby("case_key")}


def test_route_takes_its_legs_and_pairs_join_through_a_cross_code_finding() -> None:
    alerts = _frame(
        _a("transshipment", 1, 0.88, "SRB", "UKR", "9306", via="CZE", declared="7326"),
        _a("mirror_gap", 2, 0.85, "SRB", "CZE", "732690"),  # leg 1 in the cover code
        _a("route_break", 3, 0.90, "CZE", "UKR", "930690", reporter="CZE"),  # leg 2
        _a("route_break", 4, 0.80, "CZE", "UKR", "870323", reporter="CZE"),  # other goods
        _a("cross_code_mirror", 5, 0.9, "CHE", "POL", "9306", declared="847990"),
        _a("mirror_gap", 6, 0.8, "CHE", "POL", "847990"),
        _a("mirror_gap", 7, 0.7, "CHE", "POL", "930690"),
        _a("mirror_gap", 8, 0.3, "CHE", "POL", "200210"),  # other goods, other case
    )
    groups = group_alerts(alerts, NO_CLUSTERS, CONTROLLED)
    cases = _cases_of(groups, alerts)
    assert cases == {
        "route|SRB|CZE|UKR|9306": {"transshipment 1", "mirror_gap 2", "route_break 3"},
        "pair|CZE|UKR|8703": {"route_break 4"},
        "pair|CHE|POL|9306": {"cross_code_mirror 5", "mirror_gap 6", "mirror_gap 7"},
        "pair|CHE|POL|2002": {"mirror_gap 8"},
    }
    roles = dict(zip(groups["alert_id"], groups["role"], strict=True))
    assert [roles[str(a)] for a in alerts["alert_id"][:3]] == ["route", "leg 1", "leg 2"]
    # Ids come from the keys: the same cases whatever order the alerts arrive in.
    again = group_alerts(alerts.iloc[::-1].reset_index(drop=True), NO_CLUSTERS, CONTROLLED)
    assert dict(zip(again["alert_id"], again["case_id"], strict=True)) == dict(
        zip(groups["alert_id"], groups["case_id"], strict=True)
    )
    assert case_id("route|SRB|CZE|UKR|9306") in set(groups["case_id"])


def test_a_weak_route_does_not_swallow_a_strong_pair_and_legs_go_to_the_strongest_route() -> None:
    alerts = _frame(
        _a("transshipment", 1, 0.32, "JPN", "CZE", "9306", via="CHE"),
        _a("transshipment", 2, 0.85, "MDA", "CHE", "9306", via="JPN"),
        _a("transshipment", 3, 0.55, "JPN", "ITA", "9306", via="CHE"),
        _a("route_break", 4, 0.9, "CHE", "CZE", "930690", reporter="CZE"),
        _a("route_break", 5, 0.9, "JPN", "CHE", "930621", reporter="JPN"),
    )
    cases = _cases_of(group_alerts(alerts, NO_CLUSTERS, CONTROLLED), alerts)
    assert cases["pair|CHE|CZE|9306"] == {"route_break 4"}
    assert cases["route|JPN|CHE|CZE|9306"] == {"transshipment 1"}
    # JPN→CHE is leg 2 of MDA→JPN→CHE (0.85) and leg 1 of JPN→CHE→ITA (0.55): the stronger wins.
    assert cases["route|MDA|JPN|CHE|9306"] == {"transshipment 2", "route_break 5"}


def test_consignment_findings_group_by_resolved_company_across_scripts() -> None:
    clusters = pd.DataFrame({
        "party": ["Альфаснаб 35 АО", "Al'fasnab 35 AO", "Alfasnab 35 AO", "Beta Ltd"],
        "country": ["KAZ", "KAZ", "RUS", "KAZ"],
        "cluster_id": ["P-1", "P-1", "P-2", "P-3"],
        "cluster_name": ["Альфаснаб 35 АО", "Альфаснаб 35 АО", "Alfasnab 35 AO", "Beta Ltd"],
        "cluster_size": [2, 2, 1, 1],
        "consignments": [30, 4, 2, 9],
    })  # fmt: skip
    alerts = _frame(
        _a(
            "description_mismatch",
            1,
            0.84,
            "KAZ",
            "IND",
            "9305",
            declared="847990",
            entity="Альфаснаб 35 АО",
            read_as_heading="9305",
        ),
        _a(
            "document_reuse",
            2,
            0.77,
            "KAZ",
            "IND",
            "930591",
            entity="Al'fasnab 35 AO",
            certificate_date="2021-04-01",
        ),
        # The same Latin spelling exists in RUS too: the finding's own countries decide.
        _a("route_mismatch", 3, 0.7, "RUS", "CHN", "930690", entity="Alfasnab 35 AO"),
        _a("list_match", 4, 0.9, "KAZ", "TUR", "930690", entity="Unresolved Firm LLC"),
    )
    groups = group_alerts(alerts, clusters, CONTROLLED)
    cases = _cases_of(groups, alerts)
    assert cases["party|P-1"] == {"description_mismatch 1", "document_reuse 2"}
    assert cases["party|P-2"] == {"route_mismatch 3"}
    assert [k for k in cases if k.startswith("party|name:")] == ["party|name:firm unresolved"]


def test_score_rises_with_independent_lines_and_one_weak_signal_counts_little() -> None:
    assert combine(pd.Series([0.9]), 0.8) == pytest.approx(0.72)
    assert combine(pd.Series([0.9, 0.9]), 0.8) == pytest.approx(1 - 0.28**2)
    assert combine(pd.Series([0.3]), 0.8) == pytest.approx(0.24)
    alerts = _frame(
        # Both sides' records of one pattern are one line (issue 20); another detector is one more.
        _a("route_break", 1, 0.9, "AAA", "BBB", "930690", reporter="AAA"),
        _a("route_break", 2, 0.8, "AAA", "BBB", "930690", reporter="BBB"),
        _a("route_break", 3, 0.6, "AAA", "BBB", "930621", reporter="BBB"),
        _a("unit_value", 4, 0.5, "AAA", "BBB", "9306", declared="732690", reporter="AAA"),
    )
    a = alerts.merge(group_alerts(alerts, NO_CLUSTERS, CONTROLLED), on="alert_id")
    lines = evidence_lines(a)
    assert sorted(lines["strength"]) == [0.5, 0.9]
    assert combine(lines["strength"], 0.8) == pytest.approx(1 - 0.28 * 0.6)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    root = tmp_path_factory.mktemp("cases")
    info = write_world("mixed", root / "w", seed=1)
    ws = shadowtrade.open(root / "ws")
    ws.ingest(info.trade_file)
    run_scan(ws)
    build_cases(ws, now=datetime(2026, 1, 1))
    ws.close()
    return root / "ws", load_truth(info.truth_file)


def test_every_planted_scheme_outranks_the_noise_only_cases_on_mixed(
    mixed: tuple[Path, dict[str, object]],
) -> None:
    path, truth = mixed
    ws = shadowtrade.open(path, read_only=True)
    try:
        alerts = ws.raw.execute("SELECT * FROM alerts").df()
        members = ws.raw.execute("SELECT * FROM case_alerts").df()
        cases = ws.raw.execute("SELECT * FROM cases").df()
    finally:
        ws.close()
    ranking = evaluate_cases(alerts, members, cases, truth)
    assert ranking.noise_cases > 20  # the background does raise alerts: the test has teeth
    # Issue 20's measure: the planted schemes hold ≥ 95 % of the top 20 cases. Schemes seen
    # only as plain route births (new routes both sides record) stay below 0.5 by design, so
    # fewer schemes outrank every noise case than before (0.68 on seed 1): a floor, not a goal.
    top = cases.sort_values(["score", "case_id"], ascending=[False, True]).head(20)
    planted = {c for v in _scheme_cases(alerts, members, truth).values() for c in v}
    assert top["case_id"].isin(list(planted)).mean() >= 0.95
    assert ranking.share >= 0.6, (ranking.noise_max, ranking.scheme_scores)
    # Every alert is in exactly one case.
    assert members["alert_id"].is_unique and set(members["alert_id"]) == set(alerts["alert_id"])


def _scheme_cases(
    alerts: pd.DataFrame, members: pd.DataFrame, truth: dict[str, object]
) -> dict[str, set[str]]:
    """scheme_id → the cases holding an alert that matches it (issue 3's matching rule)."""
    from shadowtrade.synth.evaluate import matches

    a = alerts.merge(members[["alert_id", "case_id"]], on="alert_id")
    schemes: list[dict[str, object]] = truth["schemes"]  # type: ignore[assignment]
    return {
        str(s["scheme_id"]): {str(r.case_id) for r in a.itertuples() if matches(r, s)}
        for s in schemes
    }


def _copy(src: Path, tmp_path: Path) -> Path:
    """A copy of the mixed world's workspace, for a test that writes to it."""
    path = tmp_path / "ws"
    path.mkdir()
    (path / "shadowtrade.duckdb").write_bytes((src / "shadowtrade.duckdb").read_bytes())
    return path


def _top_noise_case(ws: Workspace) -> str:
    df = list_cases(ws)
    return str(df[df["title"].str.contains("Tomatoes|Fish|Potatoes|garments|textile", regex=True)]
               .iloc[0]["case_id"])  # fmt: skip


def test_triage_survives_a_rescan_and_new_evidence_is_flagged(
    mixed: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    path = _copy(mixed[0], tmp_path)
    ws = shadowtrade.open(path)
    try:
        top = str(list_cases(ws, top=1).iloc[0]["case_id"])
        noise = _top_noise_case(ws)
        triage(ws, noise, status="dismissed", note="seasonal prices", actor="ana")
        triage(ws, top, status="investigating", assignee="ben", add_tags=["route"], actor="ana")
        run_scan(ws)
        build_cases(ws)  # the same data scanned again
        df = list_cases(ws).set_index("case_id")
        assert df.loc[noise, "status"] == "dismissed" and not df.loc[noise, "new_evidence"]
        assert df.loc[top, "status"] == "investigating" and df.loc[top, "assignee"] == "ben"
        assert len(list_cases(ws, status="dismissed")) == 1

        # New evidence: a finding from the importer's side arrives on the dismissed route.
        row = ws.raw.execute(
            "SELECT a.* FROM alerts a JOIN case_alerts m USING (alert_id) WHERE m.case_id = ?"
            " LIMIT 1", [noise],
        ).df()  # fmt: skip
        row["alert_id"] = "new-evidence-1"
        row["detector"] = "mirror_gap"
        ws.raw.register("_new", row)
        ws.raw.execute("INSERT INTO alerts SELECT * FROM _new")
        build_cases(ws)
        df = list_cases(ws).set_index("case_id")
        assert df.loc[noise, "status"] == "dismissed" and df.loc[noise, "new_evidence"]
        log = audit.entries(ws, noise)
        assert log[-1].action == "new_evidence" and "new-evidence-1" in str(log[-1].new_value)
        assert log[-1].actor == "scan"
        build_cases(ws)  # flagged once, not on every scan
        assert len(audit.entries(ws, noise)) == len(log)
        triage(ws, noise, note="looked again: still seasonal", actor="ana")
        assert not list_cases(ws).set_index("case_id").loc[noise, "new_evidence"]
        assert [e.action for e in audit.entries(ws, noise)] == [
            "status", "note", "new_evidence", "note", "acknowledged"
        ]  # fmt: skip
        assert audit.verify(ws) == []
    finally:
        ws.close()


def test_the_audit_log_cannot_be_rewritten_through_the_public_api(
    mixed: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    path = _copy(mixed[0], tmp_path)
    ws = shadowtrade.open(path)
    cid = str(list_cases(ws, top=1).iloc[0]["case_id"])
    triage(ws, cid, status="confirmed", note="first", actor="ana")
    before = audit.entries(ws)
    # Entries handed out are frozen copies.
    with pytest.raises(dataclasses.FrozenInstanceError):
        before[0].new_value = "dismissed"  # type: ignore[misc]
    # Later triage only appends; what was written stays byte for byte.
    triage(ws, cid, status="dismissed", actor="eve")
    after = audit.entries(ws)
    assert after[: len(before)] == before and len(after) == len(before) + 1
    assert after[-1].old_value == "confirmed" and after[-1].actor == "eve"
    ws.close()
    # The query command and its library function open the workspace read-only.
    for sql in ("DELETE FROM case_audit", "UPDATE case_audit SET actor = 'x'",
                "DROP TABLE case_audit"):  # fmt: skip
        with pytest.raises(InputError, match="read-only"):
            run_read_only_query(path, sql)
        res = CliRunner().invoke(app, ["query", sql, "--workspace", str(path)])
        assert res.exit_code == 2
    ws = shadowtrade.open(path)
    try:
        assert audit.entries(ws) == after and audit.verify(ws) == []
        # Behind the library's back (raw SQL on the file) a change shows in the chain.
        ws.raw.execute("UPDATE case_audit SET new_value = 'investigating' WHERE seq = 1")
        assert audit.verify(ws) == ["entry 1 (status on " + cid + ") was changed"]
        ws.raw.execute("UPDATE case_audit SET new_value = 'confirmed' WHERE seq = 1")
        ws.raw.execute("DELETE FROM case_audit WHERE seq = 2")
        assert audit.verify(ws) == ["entry 2 is missing (next entry is 3)"]
        n = len(after)
        ws.raw.execute("DELETE FROM case_audit WHERE seq >= 2")
        assert audit.verify(ws) == [f"entries after 1 were removed (the log ended at entry {n})"]
    finally:
        ws.close()


def test_cases_cli(mixed: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    path = _copy(mixed[0], tmp_path)
    run = CliRunner().invoke
    res = run(app, ["cases", "--top", "3", "--format", "jsonl", "-w", str(path)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) == 3 and rows[0]["score"] >= rows[1]["score"] >= rows[2]["score"]
    cid = str(rows[0]["case_id"])
    res = run(app, ["triage", cid[:6], "--status", "investigating", "--note", "look",
                    "-w", str(path)], env={"SHADOWTRADE_USER": "ana"})  # fmt: skip
    assert res.exit_code == 0, res.output
    assert f"{cid}: investigating" in res.stdout
    res = run(app, ["case", cid, "-w", str(path)])
    assert res.exit_code == 0 and "Why this score" in res.stdout and "ana: status" in res.stdout
    res = run(app, ["cases", "--status", "investigating", "--format", "csv", "-w", str(path)])
    assert res.stdout.count("\n") == 2 and cid in res.stdout
    assert run(app, ["triage", cid, "--status", "closed", "-w", str(path)]).exit_code == 2
    assert run(app, ["case", "C-nothing", "-w", str(path)]).exit_code == 2
    assert run(app, ["triage", "C-", "--status", "new", "-w", str(path)]).exit_code == 2
    ws = shadowtrade.open(path, read_only=True)
    try:
        d = case_detail(ws, cid)
        assert d["triage"]["status"] == "investigating"  # type: ignore[index]
    finally:
        ws.close()


def _tamper(path: Path, *sql: str) -> None:
    """Raw SQL on the workspace file, behind the library's back."""
    ws = shadowtrade.open(path)
    try:
        for s in sql:
            ws.raw.execute(s)
    finally:
        ws.close()


def _refused_everywhere(path: Path, cid: str, problem: str) -> None:
    """verify names the problem; `case` and `cases` say so and exit 2; a triage (CLI and
    library) refuses to write, so the log is not re-sealed over the damage."""
    ws = shadowtrade.open(path)
    try:
        assert audit.verify(ws)[0] == problem
        n = len(audit.entries(ws))
        with pytest.raises(audit.AuditBroken, match="does not verify"):
            triage(ws, cid, note="re-seal?", actor="eve")
        assert len(audit.entries(ws)) == n
    finally:
        ws.close()
    run = CliRunner().invoke
    for args in (["case", cid], ["cases", "--top", "2"]):
        res = run(app, [*args, "-w", str(path)])
        assert res.exit_code == 2 and "audit log check failed" in res.output
        assert problem in " ".join(res.output.split()), res.output
    res = run(app, ["triage", cid, "--note", "x", "-w", str(path)], env={"SHADOWTRADE_USER": "eve"})
    assert res.exit_code == 2 and "does not verify" in res.output
    ws = shadowtrade.open(path, read_only=True)
    try:
        assert len(audit.entries(ws)) == n and audit.verify(ws)[0] == problem
    finally:
        ws.close()


def test_triage_state_is_covered_by_the_chain(
    mixed: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    path = _copy(mixed[0], tmp_path)
    ws = shadowtrade.open(path)
    top = str(list_cases(ws, top=1).iloc[0]["case_id"])
    triage(ws, top, status="dismissed", assignee="ben", add_tags=["seasonal"], actor="ana")
    assert [e.action for e in audit.entries(ws)] == ["status", "assignee", "tags"]
    assert audit.verify(ws) == []
    ws.close()
    # An UPDATE back to `new` on a dismissed case, behind the library's back.
    _tamper(path, f"UPDATE case_triage SET status = 'new' WHERE case_id = '{top}'")
    _refused_everywhere(
        path, top, f"case {top}: triage status is 'new' but the log says 'dismissed' (entry 1)"
    )
    # Put back, then the row deleted: the case would read as new; the log says otherwise.
    _tamper(path, f"UPDATE case_triage SET status = 'dismissed' WHERE case_id = '{top}'")
    ws = shadowtrade.open(path)
    assert audit.verify(ws) == []
    ws.close()
    _tamper(path, f"DELETE FROM case_triage WHERE case_id = '{top}'")
    _refused_everywhere(
        path, top, f"case {top}: triage status is 'new' but the log says 'dismissed' (entry 1)"
    )


def test_removing_the_head_with_the_newest_entries_is_detected(
    mixed: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    path = _copy(mixed[0], tmp_path)
    ws = shadowtrade.open(path)
    top = str(list_cases(ws, top=1).iloc[0]["case_id"])
    triage(ws, top, note="first", actor="ana")
    triage(ws, top, note="second", actor="ana")
    triage(ws, top, note="third", actor="ana")
    assert (path / audit.HEAD_FILE).read_text().startswith("3:")
    ws.close()
    # The newest two entries and the head row in `meta` removed: the chain left is valid,
    # but the head kept beside the database still says 3.
    _tamper(path, "DELETE FROM case_audit WHERE seq >= 2",
            "DELETE FROM meta WHERE key = 'audit_head'")  # fmt: skip
    _refused_everywhere(
        path, top, "entries after 1 were removed (the head kept beside the database is entry 3)"
    )
    # The file removed as well: the marker in `meta` says it existed.
    (path / audit.HEAD_FILE).unlink()
    _refused_everywhere(path, top, "the head kept beside the database (audit-head) was removed")
    # And the marker too: a non-empty log without a head.
    _tamper(path, "DELETE FROM meta WHERE key = 'audit_head_file'")
    _refused_everywhere(
        path, top, "the chain's head record was removed (the log now ends at entry 1; newer"
        " entries may have been removed with it)",
    )  # fmt: skip


def test_an_edited_entry_is_named_and_sequence_numbers_are_unique(
    mixed: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    import duckdb

    path = _copy(mixed[0], tmp_path)
    ws = shadowtrade.open(path)
    top = str(list_cases(ws, top=1).iloc[0]["case_id"])
    triage(ws, top, status="confirmed", note="first", actor="ana")
    # A second entry numbered 2 is refused by the database itself.
    with pytest.raises(duckdb.ConstraintException):
        ws.raw.execute("INSERT INTO case_audit SELECT * FROM case_audit WHERE seq = 2")
    ws.close()
    _tamper(path, "UPDATE case_audit SET actor = 'mallory' WHERE seq = 2")
    _refused_everywhere(path, top, f"entry 2 (note on {top}) was changed")


def test_a_company_case_title_counts_names_and_countries_apart() -> None:
    """A cluster's records are (name, country): one ID booked under five countries of departure
    is '1 name, 5 countries', not '5 spellings' (tester2 D2)."""
    from shadowtrade.cases.store import _party_titles

    clusters = pd.DataFrame({
        "party": ["LETKC3T"] * 5 + ["Alfa s.r.o.", "Алфа с.р.о.", "Alfa sro", "Beta OOD"],
        "country": ["CHN", "USA", "BEL", "BRA", "GBR", "CZE", "CZE", "SVK", "BGR"],
        "cluster_id": ["P-1"] * 5 + ["P-2"] * 3 + ["P-3"],
        "cluster_name": ["LETKC3T"] * 5 + ["Alfa s.r.o."] * 3 + ["Beta OOD"],
        "cluster_size": [5] * 5 + [3] * 3 + [1],
        "consignments": [9, 1, 1, 1, 1, 5, 2, 1, 4],
    })  # fmt: skip
    a = pd.DataFrame({
        "case_id": ["C-1", "C-2", "C-3"], "entity": ["LETKC3T", "Alfa sro", "Beta OOD"],
        "origin": ["CHN", "CZE", "BGR"], "destination": ["KOR", "UKR", "UKR"],
    })  # fmt: skip
    refs = pd.Series(["P-1", "P-2", "P-3"], index=["C-1", "C-2", "C-3"])
    titles = _party_titles(a, refs, clusters)["title"].tolist()
    assert titles == ["LETKC3T (CHN) · 1 name, 5 countries",
                      "Alfa s.r.o. (CZE) · 3 spellings, 2 countries", "Beta OOD (BGR)"]  # fmt: skip
