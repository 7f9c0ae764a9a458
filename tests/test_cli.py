"""The CLI contract: exit codes, one-line errors, table / csv / jsonl output."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from html import escape as html_escape
from pathlib import Path

import pytest
from tests.conftest import DATA, SHARED, DemoRun
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cli import app
from shadowtrade.formats.mapping import shipped_mappings

runner = CliRunner()


@pytest.fixture
def wsdir(tmp_path: Path) -> Path:
    d = tmp_path / "ws"
    res = runner.invoke(app, ["ingest", str(DATA / "comtrade_plus_sample.csv"), "-w", str(d)])
    assert res.exit_code == 0, res.output
    assert "read 9 rows: 4 accepted, 5 aggregates kept apart, 0 quarantined" in res.output
    return d


def test_ingest_twice_says_nothing_changed(wsdir: Path) -> None:
    res = runner.invoke(app, ["ingest", str(DATA / "comtrade_plus_sample.csv"), "-w", str(wsdir)])
    assert res.exit_code == 0
    assert "already ingested as import 1 (same sha256); nothing changed" in res.output


def test_imports_csv_and_jsonl(wsdir: Path) -> None:
    res = runner.invoke(app, ["imports", "-w", str(wsdir), "--format", "csv"])
    assert res.exit_code == 0
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("import_id,file_name,format,layout,sha256,rows_read,accepted")
    assert lines[1].startswith("1,comtrade_plus_sample.csv,comtrade,comtrade-plus,")
    res = runner.invoke(app, ["imports", "-w", str(wsdir), "--format", "jsonl"])
    rec = json.loads(res.output.strip().splitlines()[0])
    assert (rec["rows_read"], rec["accepted"], rec["aggregates"], rec["quarantined"]) == (
        9,
        4,
        5,
        0,
    )
    assert len(rec["sha256"]) == 64


def test_query_formats(wsdir: Path) -> None:
    sql = "SELECT reporter, partner, value_usd FROM trade_flows ORDER BY value_usd DESC LIMIT 2"
    res = runner.invoke(app, ["query", sql, "-w", str(wsdir), "--format", "csv"])
    assert res.exit_code == 0
    assert res.output == "reporter,partner,value_usd\nCZE,SRB,1580000.0\nSRB,CZE,1500000.0\n"
    res = runner.invoke(app, ["query", sql, "-w", str(wsdir), "--format", "jsonl"])
    assert [json.loads(x)["reporter"] for x in res.output.splitlines()] == ["CZE", "SRB"]
    res = runner.invoke(app, ["query", sql, "-w", str(wsdir)])
    assert "CZE" in res.output and "1,580,000.00" in res.output


def test_query_joins_reference_tables(wsdir: Path) -> None:
    sql = (
        "SELECT DISTINCT c.category FROM trade_flows f JOIN ref_control_list c"
        " ON starts_with(f.hs_code, c.hs_code) ORDER BY 1"
    )
    res = runner.invoke(app, ["query", sql, "-w", str(wsdir), "--format", "csv"])
    assert res.output == "category\nammunition\n"


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM trade_flows",
        "DROP TABLE imports",
        "CREATE TABLE x AS SELECT 1",
        "INSERT INTO quarantine VALUES (1, 1, 'a', 'b', 'c')",
    ],
)
def test_query_refuses_writes(wsdir: Path, sql: str) -> None:
    res = runner.invoke(app, ["query", sql, "-w", str(wsdir)])
    assert res.exit_code == 2
    assert res.output.startswith("error: query refused: the workspace is opened read-only")
    assert len(res.output.strip().splitlines()) == 1
    check = runner.invoke(
        app, ["query", "SELECT count(*) AS n FROM trade_flows", "-w", str(wsdir), "--format", "csv"]
    )
    assert check.output == "n\n4\n"


def test_query_bad_sql_exit_2(wsdir: Path) -> None:
    res = runner.invoke(app, ["query", "SELEC 1", "-w", str(wsdir)])
    assert res.exit_code == 2 and res.output.startswith("error: query failed:")


def test_commands_need_a_workspace(tmp_path: Path) -> None:
    res = runner.invoke(app, ["imports", "-w", str(tmp_path / "none")])
    assert res.exit_code == 2
    assert "no workspace at" in res.output


def test_missing_file_exit_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", str(tmp_path / "nope.csv"), "-w", str(tmp_path / "w")])
    assert res.exit_code == 2 and "nope.csv: no such file" in res.output


def test_demo_end_to_end_from_the_installed_wheel(demo_run: DemoRun) -> None:
    """`pip install` of the wheel, then `shadowtrade demo` in a folder outside the checkout."""
    assert "/site/shadowtrade/" in demo_run.package_file  # the wheel, not the checkout's src/
    source = Path(shadowtrade.__file__).parent
    installed = Path(demo_run.package_file).parent
    data = [p.relative_to(source) for p in source.rglob("*") if p.is_file()
            and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]  # fmt: skip
    assert len(data) > 30 and all((installed / p).is_file() for p in data)  # package data
    output, out = demo_run.output, demo_run.out
    assert "CZE exports 930690 to UKR" in output
    html = (out / "report.html").read_text()
    assert "Planted schemes" in html and "Plotly.newPlot" in html
    assert "<script src=" not in html  # self-contained: nothing fetched when opened
    # Consignments: the shipment detectors ran and the report shows each flagged consignment.
    assert "simulated consignments with planted document" in output
    assert "description_mismatch:" in output
    assert "<h2>Consignments</h2>" in html
    truth = json.loads((out / "world" / "shipments_truth.json").read_text())
    frauds = truth["frauds"]
    giveaways = [f["extra"]["description"] for f in frauds if f["kind"] == "cover_description"]
    assert len(giveaways) == 5
    assert sum(html_escape(d) in html for d in giveaways) >= 4
    # Cases, the seed allegation and the web app's address and login.
    assert "SRB → CZE → UKR · ammunition (HS 9306)" in output
    assert "seed allegation (seed-article.txt)" in output and ": supported" in output
    assert "<h2>Cases</h2>" in html and "<h2>Allegation check</h2>" in html
    token = output.split("with the token ")[-1].split()[0]
    ws = shadowtrade.open(out / "workspace", read_only=True)
    try:
        from shadowtrade.web.access import authenticate

        user = authenticate(ws, token)
    finally:
        ws.close()
    assert user is not None and user.role == "admin" and "http://127.0.0.1:8000/" in output


def test_demo_finds_the_seed_article_or_says_it_did_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shadowtrade.demo import find_seed_article, seed_article_places

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHADOWTRADE_SHARED_DATA", raising=False)
    assert tmp_path / "shared" / "data" / "seed-article.txt" in seed_article_places()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "seed-article.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("SHADOWTRADE_SHARED_DATA", str(tmp_path / "mine"))
    assert find_seed_article() == tmp_path / "mine" / "seed-article.txt"


def test_folder_argument_and_overlap_warning(tmp_path: Path) -> None:
    folder = SHARED / "eurostat-russia-neighbours/raw/russia_export_eurostat"
    wsdir = str(tmp_path / "ws")
    res = runner.invoke(app, ["ingest", str(folder), "-w", wsdir])
    assert res.exit_code == 0, res.output
    n_files = len(list(folder.glob("*.csv")))
    assert res.output.count("comext-relational — read") == n_files
    # each file is the month's totals (EU, euro area twice under two names: repeats said)
    assert "repeat flows already held" not in res.output
    assert res.output.count("every row is a total, kept apart") == n_files
    whole = SHARED / "eurostat-russia-neighbours/eurostat_relational_all.csv"
    res = runner.invoke(app, ["ingest", str(whole), "-w", wsdir])
    assert f"held by {n_files} imports (1–{n_files})" in res.output
    rec = runner.invoke(
        app,
        [
            "query",
            f"SELECT overlapping_imports FROM imports WHERE import_id = {n_files + 1}",
            "-w",
            wsdir,
            "--format",
            "jsonl",
        ],
    )
    overlaps = json.loads(json.loads(rec.output)["overlapping_imports"])
    # each earlier file's 28 flows, less the few the whole file repeats with other values
    # (quarantined there as duplicate_key)
    assert len(overlaps) == n_files and all(27 <= v <= 29 for v in overlaps.values())
    assert sum(overlaps.values()) >= 28 * n_files - 10


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["ingest", str(tmp_path / "empty"), "-w", str(tmp_path / "ws")])
    assert res.exit_code == 2 and "folder holds no .csv" in res.output


def test_scan_and_alerts_commands(wsdir: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["scan", "-w", str(wsdir), "--out", str(tmp_path / "a.jsonl")])
    assert res.exit_code == 0 and "alerts" in res.output
    assert (tmp_path / "a.jsonl").exists()
    res = runner.invoke(app, ["alerts", "-w", str(wsdir), "--format", "csv"])
    assert res.output.startswith("alert_id,detector,score,origin,via,destination,hs_code")
    bad = runner.invoke(app, ["scan", "-w", str(wsdir), "--detector", "nope"])
    assert bad.exit_code == 2 and "unknown detector 'nope'" in bad.output
    bad = runner.invoke(app, ["scan", "-w", str(wsdir), "--set", "cross_code_mirror.x=1"])
    assert bad.exit_code == 2 and "has no parameter 'x'" in bad.output
    bad = runner.invoke(app, ["scan", "-w", str(wsdir), "--out", str(tmp_path / "a.xlsx")])
    assert bad.exit_code == 2 and "--out must end in .csv, .jsonl or .parquet" in bad.output


def test_scan_says_which_detectors_had_nothing_to_read(wsdir: Path, tmp_path: Path) -> None:
    """A workspace of trade statistics only: the shipment detectors are not run, and the scan
    says so; once shipments are in, they run (and the sanctions-list matcher still waits for a
    list)."""
    res = runner.invoke(app, ["scan", "-w", str(wsdir)])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    shipment_detectors = "consignment_anomaly, description_mismatch, document_reuse, route_mismatch"
    assert f"{shipment_detectors}: not run, the workspace holds no shipment records" in said
    assert "list_match: not run, the workspace holds no shipment records and no sanctions" in said
    mapping = shipped_mappings()["bill_of_lading_us"]
    ship = ["ingest", "--format", "shipments", str(DATA / "bill_of_lading_sample.csv")]
    assert runner.invoke(app, [*ship, "--mapping", str(mapping), "-w", str(wsdir)]).exit_code == 0
    res = runner.invoke(app, ["scan", "-w", str(wsdir)])
    said = " ".join(res.output.split())
    assert res.exit_code == 0, res.output
    assert "no shipment records" not in said and shipment_detectors not in said
    assert "list_match: not run, the workspace holds no sanctions-list entries" in said


def test_a_workspace_of_shipments_only_runs_no_trade_detector(tmp_path: Path) -> None:
    """Shipments but no trade statistics: the trade detectors are not run, the scan says so,
    and prints no account of what they read (there was nothing)."""
    d = str(tmp_path / "ws")
    mapping = shipped_mappings()["bill_of_lading_us"]
    ship = ["ingest", "--format", "shipments", str(DATA / "bill_of_lading_sample.csv")]
    assert runner.invoke(app, [*ship, "--mapping", str(mapping), "-w", d]).exit_code == 0
    res = runner.invoke(app, ["scan", "-w", d])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    trade = "cross_code_mirror, deflection, mirror_gap, route_break, transshipment, unit_value"
    assert f"{trade}: not run, the workspace holds no trade statistics" in said
    assert "monthly rows" not in said and "route_break:" not in said.replace(trade, "")


def test_ingest_shipments_through_the_cli(tmp_path: Path) -> None:
    d = str(tmp_path / "ws")
    mapping = shipped_mappings()["bill_of_lading_us"]
    args = ["ingest", "--format", "shipments", str(DATA / "bill_of_lading_sample.csv")]
    res = runner.invoke(app, [*args, "--mapping", str(mapping), "-w", d])
    assert res.exit_code == 0, res.output
    assert "read 3 rows: 2 accepted, 1 quarantined" in res.output
    assert "quarantined 1 × bad_date" in res.output
    # A file whose columns nothing recognises: exit 2 with a one-line reason naming the file.
    odd = tmp_path / "odd.csv"
    odd.write_text("When,Tariff\n2023-01-01,930690\n")
    res = runner.invoke(app, [*args[:3], str(odd), "-w", str(tmp_path / "ws2")])
    assert res.exit_code == 2
    assert "odd.csv: no column for date, hs_code" in res.output
    res = runner.invoke(app, [*args[:3], str(tmp_path / "missing.csv"), "-w", d])
    assert res.exit_code == 2 and "missing.csv: no such file" in res.output


def test_one_alert_with_its_consignments_and_papers(tmp_path: Path) -> None:
    d = str(tmp_path / "ws")
    f = tmp_path / "s.csv"
    f.write_text(
        "shipment_id,date,exporter,consignee,origin_country,destination_country,hs_code,"
        "description,value_usd,net_weight_kg,invoice_no,end_user_certificate_no\n"
        "A1,2023-02-01,Arms Co,Alfa s.r.o.,SRB,CZE,930690,ROUNDS,50000,2000,I-1,EUC-9\n"
        "A2,2023-03-01,Arms Co,Beta OOD,SRB,BGR,930690,ROUNDS,50000,2000,I-2,EUC 9\n"
        "A3,2023-03-02,Arms Co,Beta OOD,SRB,BGR,930690,ROUNDS,50000,2000,I-3,EUC-10\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["ingest", "--format", "shipments", str(f), "-w", d]).exit_code == 0
    assert runner.invoke(app, ["scan", "--detector", "document_reuse", "-w", d]).exit_code == 0
    listed = runner.invoke(app, ["alerts", "-w", d, "--format", "jsonl"])
    alert = json.loads(listed.output.splitlines()[0])
    assert "EUC 9" in alert["summary"]
    res = runner.invoke(app, ["alert", alert["alert_id"], "-w", d])
    assert res.exit_code == 0, res.output
    # Both consignments under the one certificate, not the one under another number.
    assert "A1" in res.output and "A2" in res.output and "A3" not in res.output
    assert "consignments and shared papers" in res.output
    # Written to a pipe, the evidence is the stored JSON, whole: no padding, no wrapping.
    lines = res.output.splitlines()
    start = lines.index("{")
    end = start + lines[start:].index("}")
    assert json.loads("\n".join(lines[start : end + 1])) == json.loads(
        ws_alert_evidence(tmp_path / "ws", alert["alert_id"])
    )
    res = runner.invoke(app, ["alert", "nope", "-w", d])
    assert res.exit_code == 2 and "no alert 'nope'" in res.output


def ws_alert_evidence(path: Path, alert_id: str) -> str:
    ws = shadowtrade.open(path, read_only=True)
    try:
        row = ws.raw.execute(
            "SELECT evidence FROM alerts WHERE alert_id = ?", [alert_id]
        ).fetchone()
    finally:
        ws.close()
    assert row is not None
    return str(row[0])


def test_unknown_engine_exit_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["scan", "--engine", "hadoop", "-w", str(tmp_path / "w")])
    assert res.exit_code == 2 and "engine 'hadoop': expected duckdb or spark" in res.output


def test_workspace_opened_with_an_engine_scans_on_it(tmp_path: Path) -> None:
    from shadowtrade.errors import WorkspaceError

    ws = shadowtrade.open(tmp_path / "w", engine="hadoop")
    try:
        with pytest.raises(WorkspaceError, match="expected duckdb or spark"):
            ws.scan()
        assert ws.scan(engine="duckdb").count().to_pyarrow().as_py() == 0  # empty workspace
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        ("COPY (SELECT 1) TO '{ws}/shadowtrade.duckdb'", "not COPY"),
        ("EXPORT DATABASE '{ws}/copy'", "not EXPORT"),
        ("SELECT * FROM read_csv('/etc/passwd')", "file system operations are disabled"),
        ("SELECT * FROM read_text('/etc/hostname')", "file system operations are disabled"),
        ("INSTALL httpfs", "not LOAD"),
        ("SET enable_external_access = true", "not SET"),
        ("SELECT 1; DELETE FROM imports", "2 statements"),
    ],
)
def test_query_reaches_no_file_and_runs_one_statement(tmp_path: Path, sql: str, said: str) -> None:
    wsdir = tmp_path / "ws"
    assert (
        runner.invoke(
            app, ["ingest", str(DATA / "comtrade_plus_sample.csv"), "-w", str(wsdir)]
        ).exit_code
        == 0
    )
    db = wsdir / "shadowtrade.duckdb"
    before = db.read_bytes()
    res = runner.invoke(app, ["query", sql.format(ws=wsdir), "-w", str(wsdir)])
    assert res.exit_code == 2 and said in res.output, res.output
    assert db.read_bytes() == before and not (wsdir / "copy").exists()
    ok = runner.invoke(
        app, ["query", "SELECT count(*) AS n FROM imports", "-w", str(wsdir), "--format", "csv"]
    )
    assert ok.output == "n\n1\n"


def _console_script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The console script's `main()` (not CliRunner, which bypasses it)."""
    script = Path(sys.executable).parent / "shadowtrade"
    return subprocess.run([str(script), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_usage_and_file_errors_are_one_line(tmp_path: Path) -> None:
    cases = [
        (("bogus",), "error: No such command 'bogus'. (see `shadowtrade --help`)"),
        (("alerts", "--format", "bogus"), "'bogus' is not one of 'table', 'csv', 'jsonl'"),
        (("check", "--file", "missing.txt"), "error: missing.txt: no such file or directory"),
        (("ingest", "x.csv", "--format", "bogus"), "shipments (customs or bill-of-lading"),
        (("ingest", "x.csv", "--format", "bogus"), "ofac-sdn, eu-fsf, un-sc, ftm (sanctions"),
    ]
    for args, said in cases:
        res = _console_script(*args, cwd=tmp_path)
        assert res.returncode == 2, (args, res.stderr)
        assert said in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr
        assert "╭" not in res.stderr and "Traceback" not in res.stderr


def test_serve_on_a_busy_port_says_so_before_any_banner(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = _console_script("serve", "--port", str(port), "-w", str(tmp_path / "ws"),
                              cwd=tmp_path)  # fmt: skip
    assert res.returncode == 2
    assert res.stderr.strip() == (
        f"error: cannot serve on 127.0.0.1:{port}: address already in use"
        " (another server? choose --port)"
    )


def test_help_shows_no_python_types_and_the_default_workspace() -> None:
    res = runner.invoke(app, ["scan", "--help"], env={"COLUMNS": "120"})
    assert res.exit_code == 0
    assert "<bool>" not in res.output and "list[" not in res.output
    assert "<str>…" in res.output  # --detector and --set repeat
    assert "(default: ./shadowtrade-workspace)" in res.output
    users = runner.invoke(app, ["users", "list", "--help"], env={"COLUMNS": "120"})
    assert users.exit_code == 0 and "<bool>" not in users.output


def test_shipment_detectors_without_their_columns_are_not_run(tmp_path: Path) -> None:
    """Declarations with no goods description and no invoice or certificate number (the Korean
    customs data): the detectors that read those say they were not run, instead of '0 alerts',
    which an analyst reads as checked and clean (tester D28). The others run."""
    f = tmp_path / "decl.csv"
    f.write_text(
        "shipment_id,date,exporter,exporter_country,importer,importer_country,origin_country,"
        "destination_country,hs_code,value_usd,net_weight_kg\n"
        "D1,2023-02-01,V5GYLVJ,JPN,V0GS1IH,KOR,JPN,KOR,610342,4871.6,13\n"
        "D2,2023-02-03,X5GYLVJ,CHN,V0GS1IH,KOR,CHN,KOR,870324,20000,1500\n",
        encoding="utf-8",
    )
    d = str(tmp_path / "ws")
    assert runner.invoke(app, ["ingest", "--format", "shipments", str(f), "-w", d]).exit_code == 0
    res = runner.invoke(app, ["scan", "-w", d])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "description_mismatch: not run, no shipment record has a goods description" in said
    assert (
        "document_reuse: not run, no shipment record has an invoice or end-user certificate"
        " number" in said
    )
    assert "route_mismatch: not run" not in said and "consignment_anomaly: not run" not in said
