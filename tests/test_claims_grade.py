"""Grading allegations against simulated worlds: seed-case supports the seed article, a wrong
intermediary is not supported, a world without the scheme does not support it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import SHARED
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.claims.extract import extract
from shadowtrade.claims.grade import grade
from shadowtrade.cli import app
from shadowtrade.synth import write_world

ARTICLE = SHARED / "seed-article.txt"


def _world(tmp: Path, scenario: str) -> Path:
    info = write_world(scenario, tmp / "w", seed=1)
    ws = shadowtrade.open(tmp / "ws")
    ws.ingest(info.trade_file)
    ws.scan()  # detectors, then cases
    ws.close()
    return tmp / "ws"


@pytest.fixture(scope="module")
def seed_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _world(tmp_path_factory.mktemp("seed"), "seed-case")


def test_seed_article_is_supported_on_seed_case(seed_case: Path) -> None:
    ws = shadowtrade.open(seed_case, read_only=True)
    try:
        h = extract(ARTICLE.read_text(encoding="utf-8"))
        v = grade(ws, h)
        assert v["grade"] == "supported" and v["confidence"] >= 0.7, v["summary"]
        routes = {(e["origin"], e["via"], e["destination"]) for e in v["evidence"]
                  if e["kind"] == "alert" and e["detector"] == "transshipment"}  # fmt: skip
        assert {("SRB", "CZE", "UKR"), ("SRB", "BGR", "UKR")} <= routes
        # The cases holding that evidence come with it, the two route cases first.
        cases = [e for e in v["evidence"] if e["kind"] == "case"]
        assert [c["title"][:15] for c in cases[:2]] == ["SRB → CZE → UKR", "SRB → BGR → UKR"]
        assert all(c["status"] == "new" and c["score"] >= 0.9 for c in cases[:2])
        wrong = grade(ws, replace(h, via=["HUN"]))
        assert wrong["grade"] != "supported"
        assert "through BGR, CZE instead" in wrong["summary"]
        half = grade(ws, replace(h, via=["CZE", "HUN"]))
        assert half["grade"] != "supported"
    finally:
        ws.close()


def test_seed_article_is_not_supported_without_the_scheme(tmp_path: Path) -> None:
    ws = shadowtrade.open(_world(tmp_path, "baseline"), read_only=True)
    try:
        v = grade(ws, extract(ARTICLE.read_text(encoding="utf-8")))
    finally:
        ws.close()
    # The baseline world has the countries' trade but no route through CZE or BGR into UKR and
    # no growth of ammunition flows on those legs: the allegation is contradicted.
    assert v["grade"] == "contradicted", v["summary"]


def test_check_command_json_and_options(seed_case: Path) -> None:
    res = CliRunner().invoke(app, ["check", "--file", str(ARTICLE), "--json", "-w", str(seed_case)])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert set(doc) == {"hypothesis", "grade", "confidence", "evidence", "summary"}
    assert doc["hypothesis"]["origin"] == "SRB" and doc["hypothesis"]["via"] == ["CZE", "BGR"]
    assert doc["grade"] == "supported"
    res = CliRunner().invoke(app, ["check", "--origin", "Serbia", "--via", "HUN",
                                   "--destination", "UKR", "--goods", "ammunition",
                                   "--since", "2023-01", "--until", "2024-12", "--json",
                                   "-w", str(seed_case)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["grade"] != "supported"
    bad = CliRunner().invoke(app, ["check", "--origin", "Atlantis", "--destination", "UKR",
                                   "-w", str(seed_case)])  # fmt: skip
    assert bad.exit_code == 2 and "Atlantis" in bad.output


def test_check_report_is_a_self_contained_html_section(seed_case: Path, tmp_path: Path) -> None:
    out = tmp_path / "check.html"
    res = CliRunner().invoke(app, ["check", "--file", str(ARTICLE), "--report", str(out),
                                   "-w", str(seed_case)])  # fmt: skip
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "<h2>Allegation check</h2>" in page and ">SUPPORTED</span>" in page
    assert "SRB → CZE → UKR · ammunition (HS 9306)" in page  # the case table
    assert "Flows on each leg of the alleged route" in page  # the chart, drawn offline
    assert "<script src=" not in page and "Plotly" in page and len(page) > 3_000_000


def test_report_of_one_case_and_of_a_check(seed_case: Path, tmp_path: Path) -> None:
    ws = shadowtrade.open(seed_case, read_only=True)
    try:
        top = ws.cases(top=1).iloc[0]
    finally:
        ws.close()
    out = tmp_path / "case.html"
    res = CliRunner().invoke(app, ["report", "--case", str(top["case_id"])[:7], "--out", str(out),
                                   "-w", str(seed_case)])  # fmt: skip
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert f"<h1>{top['title']}</h1>" in page and "Why this score" in page
    assert "as each side reports" in page and "Inflow SRB → " in page  # the evidence charts
    out = tmp_path / "check.html"
    res = CliRunner().invoke(app, ["report", "--check-file", str(ARTICLE), "--out", str(out),
                                   "-w", str(seed_case)])  # fmt: skip
    assert res.exit_code == 0 and ">SUPPORTED</span>" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["report", "--case", "C-zzz", "-w", str(seed_case)])
    assert bad.exit_code == 2
