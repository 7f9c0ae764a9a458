"""Grading allegations against simulated worlds: seed-case supports the seed article, a wrong
intermediary is not supported, a world without the scheme does not support it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import SHARED, scanned_world
from tests.trade_builder import Trade, months
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.claims.extract import extract
from shadowtrade.claims.grade import grade
from shadowtrade.cli import app

ARTICLE = SHARED / "seed-article.txt"


@pytest.fixture(scope="module")
def seed_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scanned_world(tmp_path_factory, "seed-case")[0]


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


def test_seed_article_is_not_supported_without_the_scheme(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    ws = shadowtrade.open(scanned_world(tmp_path_factory, "baseline")[0], read_only=True)
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
    doc = json.loads(res.stdout)
    assert set(doc) == {"hypothesis", "grade", "confidence", "evidence", "summary"}
    assert doc["hypothesis"]["origin"] == "SRB" and doc["hypothesis"]["via"] == ["CZE", "BGR"]
    assert doc["grade"] == "supported"
    # "the war in Ukraine" is read as what the article is about, not a place of the route: said
    # in the reading (--json words) and as a note on stderr
    war = (
        "'Ukraine' (UKR): named as where a war is, read as what the text is about, not a stop or"
        " an end of the goods' route; UKR is on the route from other words of the text"
    )
    assert war in doc["hypothesis"]["words"]["countries_read"]
    assert "note: 'Ukraine' (UKR): named as where a war is" in res.stderr
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


CARS = "Armenia re-exports cars from the United States and Germany to Russia since 2022."


@pytest.fixture(scope="module")
def car_trade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """German cars into Armenia and Armenian cars into Russia, both rising from 2022; Serbian
    ammunition parts into Czechia, flat; nothing of the USA or Ukraine; no scan (no alerts)."""
    d = tmp_path_factory.mktemp("cars")
    ws = shadowtrade.open(d / "ws")
    t = Trade()
    t.both("DEU", "ARM", "870323", months("2020-01", "2021-12"), 2e6)
    t.both("DEU", "ARM", "870323", months("2022-01", "2024-12"), 9e6)
    t.both("ARM", "RUS", "870323", months("2020-01", "2021-12"), 1e5)
    t.both("ARM", "RUS", "870323", months("2022-01", "2024-12"), 6e6)
    t.both("SRB", "CZE", "930690", months("2020-01", "2024-12"), 1e6)
    # Germany's own exports to Kyrgyzstan and Kazakhstan; neither of those two reports.
    t.series("Export", "DEU", "KGZ", "870323", months("2022-01", "2024-12"), 5e5)
    t.series("Export", "DEU", "KAZ", "870323", months("2022-01", "2024-12"), 4e5)
    t.write(ws, d / "trade.csv")
    ws.close()
    return d / "ws"


def test_no_data_is_inconclusive_and_says_which(car_trade: Path) -> None:
    ws = shadowtrade.open(car_trade, read_only=True)
    try:
        v = grade(ws, extract(CARS, today=date(2025, 3, 1)))
        # Issue 21: read as ARM → USA, goods defaulted to ammunition, contradicted 0.90, and a
        # KeyError when no alert fell in the period. Now: two hypotheses, cars, never a crash.
        assert [x["hypothesis"]["origin"] for x in v["hypotheses"]] == ["USA", "DEU"]
        assert v["hypotheses"][0] == {k: v[k] for k in v if k != "hypotheses"}
        usa, deu = v["hypotheses"]
        assert (
            usa["grade"] == "inconclusive" and "no trade reported by or with USA" in usa["summary"]
        )
        assert deu["hypothesis"]["hs_codes"] == ["8703"] and deu["grade"] == "inconclusive"
        assert "ARM" in deu["summary"]  # graded on its route with no alert at all: no crash
        tools = grade(ws, extract("Serbia ships machine tools to Czechia in 2023."))
        assert tools["grade"] == "inconclusive" and "no trade in HS 8457, 8458" in tools["summary"]
        old = grade(ws, extract("Serbia ships ammunition to Czechia in 2015."))
        assert old["grade"] == "inconclusive" and "but none in 2015-01-01" in old["summary"]
        ukr = grade(ws, extract("Serbia ships ammunition to Ukraine through Czechia in 2023."))
        assert ukr["grade"] == "inconclusive" and "with UKR" in ukr["summary"]
        leg = grade(ws, extract("Kyrgyz traders move German cars to Kazakhstan in 2023."))
        # KGZ → KAZ: neither reports, no report names that trade; the route cannot be seen.
        assert leg["grade"] == "inconclusive" and leg["summary"] == (
            "DEU → KGZ → KAZ (8703) is inconclusive. Neither country of KGZ → KAZ reports its"
            " trade in the workspace in 2023-01-01 to 2023-12-31 and no other report names that"
            " trade, so the route cannot be seen in the flows. What the data does show: DEU → KGZ"
            " 500,000 USD a month over the 12 month(s) of the period the data holds, against"
            " 500,000 USD a month over 12 month(s) before (×1.00); DEU → KAZ 400,000 USD a month"
            " over the 12 month(s) of the period the data holds, against 400,000 USD a month"
            " over 12 month(s) before (×1.00)."
        )
        unstated = extract("Serbia ships ammunition to Czechia in 2023.")
        unstated.hs_codes = []
        none = grade(ws, unstated)
        assert none["grade"] == "inconclusive" and "names no goods" in none["summary"]
    finally:
        ws.close()


def test_a_route_with_no_origin_is_graded_from_its_stop_on(car_trade: Path) -> None:
    """ "Western-made cars … through Armenia": no origin named, so the route is read and graded
    from Armenia on (the base code refused the text, and the options path exited 2)."""
    text = "Western-made cars have been re-exported to Russia through Armenia since 2022."
    h = extract(text, today=date(2025, 3, 1))
    assert (h.origin, h.via, h.destination, h.hs_codes) == (None, ["ARM"], "RUS", ["8703"])
    assert h.words["countries_read"][0].startswith("no origin read: the text names no maker")
    ws = shadowtrade.open(car_trade, read_only=True)
    try:
        v = grade(ws, h)
    finally:
        ws.close()
    assert v["summary"].startswith("? → ARM → RUS (8703) is ")
    assert "names no origin: it is graded from ARM on" in v["summary"]
    legs = [e["leg"] for e in v["evidence"] if e["kind"] == "flows"]
    assert legs == ["ARM → RUS"]  # the onward leg only: no origin to read a first leg from
    res = CliRunner().invoke(app, ["check", "--via", "ARM", "--destination", "RUS", "--goods",
                                   "8703", "--since", "2022-01", "--json",
                                   "-w", str(car_trade)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["hypothesis"]["origin"] is None
    bad = CliRunner().invoke(app, ["check", "--destination", "RUS", "-w", str(car_trade)])
    assert bad.exit_code == 2 and "no origin" in bad.output


def test_a_denial_is_graded_on_what_it_denies(car_trade: Path, seed_case: Path) -> None:
    ws = shadowtrade.open(car_trade, read_only=True)
    try:
        v = grade(ws, extract("Serbia never shipped ammunition to Czechia in 2023."))
    finally:
        ws.close()
    assert v["hypothesis"]["stance"] == "denied" and v["grade"] == "contradicted"
    assert v["summary"].startswith("The text denies this claim; the data contradicts the denied")
    denial = (
        "Belgrade has denied that Serbian companies shipped ammunition components to Ukraine"
        " through the Czech Republic and Bulgaria since 2023."
    )
    ws = shadowtrade.open(seed_case, read_only=True)
    try:
        v = grade(ws, extract(denial))
    finally:
        ws.close()
    assert v["hypothesis"]["stance"] == "denied" and v["grade"] == "supported", v["summary"]
    assert v["summary"].startswith("The text denies this claim; the data supports the denied")


def test_check_json_has_stance_words_and_hypotheses(seed_case: Path) -> None:
    text = (
        "Serbian companies ship ammunition components to Ukraine through the Czech Republic"
        " and Bulgaria since 2023, while Iranian drones reach Russia via Armenia."
    )
    res = CliRunner().invoke(app, ["check", text, "--json", "-w", str(seed_case)])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert set(doc) == {"hypothesis", "grade", "confidence", "evidence", "summary", "hypotheses"}
    first, second = doc["hypotheses"]
    assert first["hypothesis"] == doc["hypothesis"] and first["grade"] == doc["grade"]
    assert (doc["hypothesis"]["origin"], doc["hypothesis"]["via"]) == ("SRB", ["CZE", "BGR"])
    assert doc["hypothesis"]["stance"] == "asserted" and doc["grade"] == "supported"
    assert doc["hypothesis"]["words"] == {
        "origin": "Serbian companies ship",
        "via": ["through the Czech Republic", "Bulgaria"],
        "destination": "to Ukraine",
        "goods": ["ammunition"],
        "period": "since 2023",
    }
    assert (second["hypothesis"]["origin"], second["hypothesis"]["destination"]) == ("IRN", "RUS")
    assert second["hypothesis"]["hs_codes"] == ["8806"] and second["grade"] == "inconclusive"
    refused = CliRunner().invoke(app, ["check", "Ukraine and Poland signed a memorandum.",
                                       "-w", str(seed_case)])  # fmt: skip
    assert refused.exit_code == 2 and "no claim" in refused.output


def test_check_says_the_home_press_country_guess(seed_case: Path) -> None:
    """A town the tables lack read as the home country of the text's language: `check` says
    so on stderr and --json keeps it in the hypothesis' words (countries_read)."""
    text = "Муниција из Ариља стизала је 2023. преко Бугарске у Украјину."
    res = CliRunner().invoke(app, ["check", text, "-w", str(seed_case)])
    assert res.exit_code == 0, res.output
    assert "note: origin SRB is a guess: 'Ариља' is no country" in res.output
    res = CliRunner().invoke(app, ["check", text, "--json", "-w", str(seed_case)])
    words = json.loads(res.stdout)["hypothesis"]["words"]
    assert words["countries_read"][0].startswith("origin SRB is a guess: 'Ариља'")


def test_check_says_a_denial_read_past(seed_case: Path) -> None:
    """A claim the text sets against a reported assurance ("despite assurances … would not")
    is read as asserted: `check` says so on stderr and --json keeps it (stance_read)."""
    text = ("Serbian ammunition reached Ukraine through Bulgaria in 2023, despite assurances from"
            " Belgrade that it would not.")  # fmt: skip
    said = ("stance: the text reports a denial but sets its claim against it ('despite assurances"
            " from Belgrade that it …'): read as asserted")  # fmt: skip
    res = CliRunner().invoke(app, ["check", text, "-w", str(seed_case)])
    assert res.exit_code == 0, res.output
    assert f"note: {said}" in " ".join(res.output.split())  # (the console wraps long lines)
    res = CliRunner().invoke(app, ["check", text, "--json", "-w", str(seed_case)])
    hyp = json.loads(res.stdout)["hypothesis"]
    assert (hyp["stance"], hyp["words"]["stance_read"]) == ("asserted", [said])


class _Analyst:
    name, role = "ana", "analyst"

    def may(self, role: str) -> bool:
        return role in ("viewer", "analyst")


def test_the_check_form_shows_the_words_behind_each_role(car_trade: Path) -> None:
    from shadowtrade.web.pages import templates

    ws = shadowtrade.open(car_trade, read_only=True)
    try:
        v = grade(ws, extract(CARS, today=date(2025, 3, 1)))
    finally:
        ws.close()
    page = templates.env.get_template("check.html").render(
        user=_Analyst(), verdict=v, text=CARS, h=v["hypothesis"], error=None, cases=[],
        alerts=[], flows=[], flows_json="[]", flows_figure="",
    )  # fmt: skip
    assert 'name="origin" size="5" value="USA"' in page  # the first claim, editable
    assert 'id="words-origin">read from “from the United States”' in page
    assert 'id="words-via">read from “Armenia re-exports”' in page
    assert 'id="words-goods">read from “cars”' in page
    assert 'id="words-period">read from “since 2022”' in page
    assert page.count("<tr><td>") == 2 and "DEU → ARM → RUS" in page  # every claim, graded


def test_report_shows_stance_words_and_every_hypothesis(car_trade: Path) -> None:
    """The HTML report's allegation section: the stance, the words behind each part, and a
    table of every hypothesis with its own grade (issue 21)."""
    from shadowtrade.report.sections import check_section

    ws = shadowtrade.open(car_trade, read_only=True)
    try:
        page = check_section(grade(ws, extract(CARS, today=date(2025, 3, 1))), "cars.txt")
        denied = check_section(grade(ws, extract("Serbia denied shipping ammunition to Czechia.")))
    finally:
        ws.close()
    assert "Stance: <b>asserted</b>" in page and "Stance: <b>denied</b>" in denied
    assert "<td>from the United States</td>" in page  # the words the origin rests on
    assert "<td>Armenia re-exports</td>" in page and "<td>to Russia</td>" in page
    assert "<td>since 2022</td>" in page and "<td>cars</td>" in page
    assert "All 2 hypotheses in the text" in page and "USA → ARM → RUS" in page
    assert "DEU → ARM → RUS" in page and "All 2 hypotheses" not in denied
    assert "<td>denied</td>" not in page


@pytest.fixture(scope="module")
def revision_trade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tester9's real-data defects, rebuilt small: German aircraft parts to Russia under 8803
    until 2021 and 8807 from 2022 (the HS 2022 revision); Lithuanian boats to Kazakhstan rising
    from 2022-03 as those to Russia fell, with a deflection alert on LTU → KAZ → RUS (neither
    KAZ nor RUS reports); Serbian cover-code steel (7326) in 2020-2021 only; Polish all-goods
    totals to Kyrgyzstan (trade_aggregates), 1 M USD a month in 2021 and 5 M in 2022."""
    d = tmp_path_factory.mktemp("revision")
    ws = shadowtrade.open(d / "ws")
    t = Trade()
    t.series("Export", "DEU", "RUS", "880330", months("2020-01", "2021-12"), 1e7)
    t.series("Export", "DEU", "RUS", "880730", months("2022-01", "2022-12"), 5e5)
    t.series("Export", "LTU", "RUS", "890392", months("2020-01", "2022-02"), 1e5)
    t.series("Export", "LTU", "RUS", "890392", months("2022-03", "2022-11"), 4e3)
    t.series("Export", "LTU", "KAZ", "890392", months("2020-01", "2022-02"), 10)
    t.series("Export", "LTU", "KAZ", "890392", months("2022-03", "2022-11"), 3e5)
    t.series("Export", "SRB", "BGR", "732690", months("2020-01", "2021-12"), 2e5)
    t.write(ws, d / "trade.csv")
    ws.raw.execute(
        "INSERT INTO alerts (alert_id, detector, score, origin, via, destination, hs_code,"
        " period_start, period_end, summary, evidence) VALUES ('06fe690fa6127f45', 'deflection',"
        " 0.94, 'LTU', 'KAZ', 'RUS', '8903', DATE '2022-03-01', DATE '2022-11-01',"
        " 'LTU''s exports of HS 8903 to RUS fell 95% while those to KAZ rose', '{}')"
    )
    ws.raw.execute(
        "INSERT INTO trade_aggregates (source, reporter, partner, flow, period, freq, hs_code,"
        " value_usd, aggregate_kind) SELECT 'comext', 'POL', 'KGZ', 'export', m, 'M', 'TOTAL',"
        " CASE WHEN year(m) = 2021 THEN 1e6 ELSE 5e6 END, 'all_goods'"
        " FROM unnest(generate_series(DATE '2021-01-01', DATE '2022-12-01', INTERVAL 1 MONTH)) t(m)"
    )
    ws.close()
    return d / "ws"


def _flows(v: dict[str, object]) -> dict[str, dict[str, object]]:
    return {e["leg"]: e for e in v["evidence"] if e["kind"] == "flows"}  # type: ignore[attr-defined, index]


def test_alerts_of_every_detector_on_the_route_weigh_in(revision_trade: Path) -> None:
    """Tester9 #3: the deflection alert on LTU → KAZ → RUS was left out ('the route cannot be
    seen', no alert cited) because KAZ → RUS is reported by neither; it now supports the claim,
    and the summary says the flows cannot show that leg."""
    from shadowtrade.claims.cli_input import hypothesis_from_options

    h = hypothesis_from_options(None, origin="LTU", via="KAZ", destination="RUS", goods="8903",
                                since="2022-03", until="2022-11")  # fmt: skip
    ws = shadowtrade.open(revision_trade, read_only=True)
    try:
        v = grade(ws, h)
        direct = grade(ws, replace(h, via=[]))  # no intermediary named: the detour counts
    finally:
        ws.close()
    assert direct["grade"] == "supported"
    assert "runs through KAZ (deflection, 0.94), not directly" in direct["summary"]
    alerts = [e for e in v["evidence"] if e["kind"] == "alert"]
    assert [(a["alert_id"], a["detector"], a["via"]) for a in alerts] == [
        ("06fe690fa6127f45", "deflection", "KAZ")
    ]
    assert v["grade"] == "supported" and v["confidence"] == 0.94, v["summary"]
    assert "Neither country of KAZ → RUS reports" in v["summary"]
    assert "The grade rests on the alerts, in 1 HS code(s): 8903" in v["summary"]


def test_goods_are_bridged_over_the_hs_revision(revision_trade: Path) -> None:
    """Tester9 #4: HS 8807 (HS 2022) was 8803 before; reading 8807 alone gave '0 USD before'
    and a ramp-up where the flow collapsed (here 6 M USD in 2022 against 120 M in 2021)."""
    from shadowtrade.claims.grade import predecessors

    assert [(b.code, b.before, str(b.until)) for b in predecessors(("8807",))] == [
        ("8807", "8803", "2022-01-01")
    ]
    assert predecessors(("8806",)) == []  # drones came from slices of 8802 and 8525: no bridge
    ws = shadowtrade.open(revision_trade, read_only=True)
    try:
        v = grade(ws, extract("Germany ramped up deliveries of aircraft parts to Russia in 2022."))
    finally:
        ws.close()
    assert v["hypothesis"]["hs_codes"] == ["8807"]
    leg = _flows(v)["DEU → RUS"]
    assert (leg["usd_during"], leg["usd_before"], leg["growth"]) == (6_000_000, 120_000_000, 0.05)
    assert leg["bridged"] == [{"code": "8807", "before": "8803", "until": "2022-01-01"}]
    assert "HS 8807 was 8803 before 2022-01" in v["summary"]
    assert v["grade"] == "contradicted", v["summary"]
    ws = shadowtrade.open(revision_trade, read_only=True)
    try:
        drones = grade(ws, extract("Germany ships drones to Russia in 2022."))
    finally:
        ws.close()
    assert drones["hypothesis"]["hs_codes"] == ["8806"]
    assert "HS 8806 was created by the HS 2022 revision" in drones["summary"]
    assert "flows before 2022-01 are missing, not zero" in drones["summary"]


def test_a_short_period_gives_no_confident_grade(car_trade: Path) -> None:
    """Tester9 #5: one month against one month gave CONTRADICTED 0.90. Fewer than 3 months now
    never contradict; longer periods weigh √(months / 12) × the share of months reported."""
    from shadowtrade.claims.cli_input import hypothesis_from_options

    def graded(since: str, until: str) -> tuple[str, float, str]:
        h = hypothesis_from_options(None, origin="SRB", destination="CZE", goods="9306",
                                    since=since, until=until)  # fmt: skip
        v = grade(ws, h)
        return v["grade"], v["confidence"], v["summary"]

    ws = shadowtrade.open(car_trade, read_only=True)
    try:
        one, two = graded("2023-03", "2023-03"), graded("2023-03", "2023-04")
        six, year = graded("2023-01", "2023-06"), graded("2023-01", "2023-12")
    finally:
        ws.close()
    assert one[:2] == ("inconclusive", 0.1) and "The period is 1 month(s)" in one[2]
    assert two[0] == "inconclusive" and "fewer than 3 show no trend" in two[2]
    assert six[:2] == ("contradicted", round(0.9 * (6 / 12) ** 0.5, 2))  # 0.64
    assert year[:2] == ("contradicted", 0.9) and "12 month(s)" in year[2]


def test_a_flow_from_nothing_is_a_new_flow_not_a_factor(car_trade: Path, tmp_path: Path) -> None:
    """Tester9 #9: growth 999.0 ('×999.00') when nothing came before; now null, 'new flow'."""
    from shadowtrade.claims.cli_input import hypothesis_from_options
    from shadowtrade.report.sections import check_section

    args = ["check", "--origin", "DEU", "--destination", "KGZ", "--goods", "8703", "--since",
            "2022-01", "--until", "2022-12", "-w", str(car_trade)]  # fmt: skip
    doc = json.loads(CliRunner().invoke(app, [*args, "--json"]).output)
    leg = _flows(doc)["DEU → KGZ"]
    assert (leg["usd_during"], leg["usd_before"]) == (6_000_000, 0)
    assert leg["growth"] is None and leg["change"] == "new flow"
    text = CliRunner().invoke(app, args).output
    assert (
        "6,000,000 USD in the period (12 month(s) in the data), 0 USD before (12) (new flow)"
        in text
    )
    page = check_section(doc)  # type: ignore[arg-type]
    assert "<td>new flow</td>" in page and "999" not in page
    h = hypothesis_from_options(None, origin="DEU", destination="KGZ", goods="8703",
                                since="2022-01", until="2022-12")  # fmt: skip
    assert h.hs_codes == ["8703"]


def test_no_data_sentences_are_computed_from_the_rows(
    car_trade: Path, revision_trade: Path
) -> None:
    """Tester9 #10: 'holds trade in HS 9306, but none in 2023' where the workspace held none
    at all (only its cover code 7326). Now each sentence counts the rows there are."""
    ws = shadowtrade.open(revision_trade, read_only=True)
    try:
        v = grade(ws, extract("Serbia ships ammunition to Bulgaria in 2023."))
    finally:
        ws.close()
    assert v["grade"] == "inconclusive"
    assert "holds no trade in HS 9306 itself" in v["summary"], v["summary"]
    assert "hold trade in 24 month(s) from 2020-01 to 2021-12, but none in 2023" in v["summary"]
    ws = shadowtrade.open(car_trade, read_only=True)
    try:
        old = grade(ws, extract("Serbia ships ammunition to Czechia in 2015."))
    finally:
        ws.close()
    assert (
        "holds trade in HS 9306 in 60 month(s) from 2020-01 to 2024-12, but none"
        in (old["summary"])
    )


def test_an_all_goods_claim_is_graded_on_the_totals(revision_trade: Path) -> None:
    """Tester9 #11: --goods TOTAL was refused; it now grades on trade_aggregates."""
    args = ["check", "--origin", "POL", "--destination", "KGZ", "--goods", "TOTAL", "--since",
            "2022-01", "--until", "2022-12", "--json", "-w", str(revision_trade)]  # fmt: skip
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["hypothesis"]["hs_codes"] == ["TOTAL"]
    leg = _flows(doc)["POL → KGZ"]
    assert (leg["usd_during"], leg["usd_before"], leg["change"]) == (
        60_000_000,
        12_000_000,
        "×5.00",
    )
    assert "(all goods)" in doc["summary"] and "all-goods totals" in doc["summary"]
    assert doc["grade"] == "inconclusive"  # grew, and no alert: not contradicted, not supported
    lower = CliRunner().invoke(app, [*args[:6], "all", *args[7:]])
    assert json.loads(lower.output)["hypothesis"]["hs_codes"] == ["TOTAL"]


def _flows_table(rows: list[tuple[str, str, str, str, str, str, float, str | None]]) -> object:
    """A bare workspace stand-in: `trade_flows` rows (reporter, partner, flow, freq, period,
    hs_code, value_usd, hs_version, and optionally the import_file, 1 by default), enough for
    the flow comparison and the HS levels the detectors read."""
    from types import SimpleNamespace

    import duckdb
    import ibis

    from shadowtrade.scan_context import ScanContext

    con = duckdb.connect()
    con.execute("CREATE TABLE trade_flows (reporter VARCHAR, partner VARCHAR, flow VARCHAR,"
                " freq VARCHAR, period DATE, hs_code VARCHAR, value_usd DOUBLE,"
                " hs_version VARCHAR, import_file INTEGER)")  # fmt: skip
    con.executemany("INSERT INTO trade_flows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*r, 1)[:9] for r in rows])  # fmt: skip
    ctx = ScanContext(con=ibis.duckdb.from_connection(con), path=Path("."), duck=con)
    return SimpleNamespace(raw=con, scan_context=ctx)


def _claim(origin: str, destination: str, since: date, until: date) -> object:
    from types import SimpleNamespace

    return SimpleNamespace(origin=origin, destination=destination, via=[], period_start=since,
                           period_end=until)  # fmt: skip


def test_a_side_is_read_only_where_its_reporter_reports_in_both_windows() -> None:
    """Review9 #1: RUS reports exports for 2021 only, ARM its imports from RUS for 2021 (1,200)
    and 2022 (6,000): the exporter's silence in 2022 read as a collapse (×0.00). ARM's ×5 now;
    with neither side reporting in both windows the leg is unseen, and said so."""
    from shadowtrade.claims.grade import Goods, _leg_flows, _unseen_legs

    rows: list[tuple[str, str, str, str, str, str, float, str | None]] = []
    for m in range(1, 13):
        rows.append(("RUS", "ARM", "export", "M", f"2021-{m:02d}-01", "930690", 100.0, None))
        rows.append(("ARM", "RUS", "import", "M", f"2021-{m:02d}-01", "930690", 100.0, None))
        rows.append(("ARM", "RUS", "import", "M", f"2022-{m:02d}-01", "930690", 500.0, None))
    ws = _flows_table(rows)
    claim = _claim("RUS", "ARM", date(2022, 1, 1), date(2022, 12, 31))
    (leg,) = _leg_flows(ws, claim, Goods(headings=["9306"]))  # type: ignore[arg-type]
    assert (leg["usd_during"], leg["usd_before"], leg["change"]) == (6000, 1200, "×5.00")
    assert (leg["reported_by"], leg["figures"]) == ("importer", "monthly")
    assert _unseen_legs([leg]) == []
    # RUS still reports exports (elsewhere) in 2022: its report on ARM is a real zero.
    rows.append(("RUS", "KAZ", "export", "M", "2022-05-01", "930690", 50.0, None))
    (leg,) = _leg_flows(_flows_table(rows), claim, Goods(headings=["9306"]))  # type: ignore[arg-type]
    assert (leg["usd_during"], leg["usd_before"], leg["reported_by"]) == (0, 1200, "exporter")
    # ARM reports 2022 only, RUS 2021 only: no side covers both windows.
    only = [r for r in rows if r[0] == "RUS" and r[4] < "2022"]
    only += [r for r in rows if r[0] == "ARM" and r[4] >= "2022"]
    (leg,) = _leg_flows(_flows_table(only), claim, Goods(headings=["9306"]))  # type: ignore[arg-type]
    assert (leg["reported_by"], leg["growth"], leg["change"]) == (None, None, "not comparable")
    assert _unseen_legs([leg]) == [
        "Neither country of RUS → ARM reports that direction of its trade both in the period and"
        " before it, so that flow cannot be compared."
    ]


def test_a_flow_held_at_two_levels_is_counted_once() -> None:
    """Tester F26: LTU's exports of 8708 to ARM came as HS4 totals (one download) and as their
    CN8 lines (another); the check summed both (2x: 59.9 M USD against 29.9 M). Now one level
    per reporter and code, as the detectors read it, and the level is said."""
    from shadowtrade.claims.grade import Goods, _flow_words, _leg_flows

    rows: list[tuple[object, ...]] = []
    for y, value in ((2021, 100.0), (2022, 400.0)):
        for m in range(1, 13):
            period = f"{y}-{m:02d}-01"
            rows.append(("LTU", "ARM", "export", "M", period, "8708", value, None, 1))
            rows.append(("LTU", "ARM", "export", "M", period, "87089997", value * 0.75, None, 2))
            rows.append(("LTU", "ARM", "export", "M", period, "87083091", value * 0.25, None, 2))
    ws = _flows_table(rows)  # type: ignore[arg-type]
    claim = _claim("LTU", "ARM", date(2022, 1, 1), date(2022, 12, 31))
    (leg,) = _leg_flows(ws, claim, Goods(headings=["8708"]))  # type: ignore[arg-type]
    assert (leg["usd_during"], leg["usd_before"], leg["change"]) == (4800, 1200, "×4.00")
    assert leg["hs_level"] == 4
    assert _flow_words(leg).endswith("(×4.00; read at HS4, the level its reporter gives)")


def test_legs_compare_per_month_over_the_months_the_data_holds() -> None:
    """Tester F2: on data ending 2022-11, 'since spring 2022' compared 2022-03..2026-12 (9
    months of data) with 2017-05..2022-02 (26): DEU → KAZ read as a fall. The period is now cut
    at the data's end, each side is compared per month over the months it holds (and says how
    many), and a window the data does not hold is 'not in the data', never 0 USD."""
    from shadowtrade.claims.extract import Hypothesis
    from shadowtrade.claims.grade import (
        Goods,
        _cut_at_data_end,
        _flow_words,
        _leg_flows,
        _not_in_data,
    )

    rows: list[tuple[object, ...]] = []
    for period in months("2021-07", "2022-11"):
        value = 100.0 if period < "202203" else 300.0
        rows.append(("DEU", "KAZ", "export", "M", f"{period[:4]}-{period[4:]}-01", "847130",
                     value, None))  # fmt: skip
    ws = _flows_table(rows)  # type: ignore[arg-type]
    goods = Goods(headings=["8471"])
    claim = Hypothesis(origin="DEU", destination="KAZ", hs_codes=["8471"],
                       period_start=date(2022, 3, 1), period_end=date(2026, 12, 4))  # fmt: skip
    cut, said = _cut_at_data_end(ws, claim, goods)  # type: ignore[arg-type]
    assert cut.period_end == date(2022, 11, 30) and "cut at the data's end (2022-11)" in said
    (leg,) = _leg_flows(ws, cut, goods)  # type: ignore[arg-type]
    # 9 months in the period; the 9 before (2021-06..2022-02) hold 8 months of data.
    assert leg["compared"] == {"during": "2022-03..2022-11", "before": "2021-06..2022-02",
                               "by": "months"}  # fmt: skip
    assert (leg["months_during"], leg["months_before"]) == (9, 8)
    assert (leg["usd_during"], leg["usd_before"]) == (2700, 800)
    assert (leg["usd_per_month_during"], leg["usd_per_month_before"], leg["change"]) == (
        300,
        100,
        "×3.00",
    )
    assert _flow_words(leg) == (
        "DEU → KAZ 300 USD a month over the 9 month(s) of the period the data holds, against"
        " 100 USD a month over 8 month(s) before (×3.00)"
    )
    # A period before the data: the window before it is not in the data, not 0 USD.
    early = Hypothesis(origin="DEU", destination="KAZ", hs_codes=["8471"],
                       period_start=date(2021, 7, 1), period_end=date(2021, 12, 31))  # fmt: skip
    (leg,) = _leg_flows(ws, early, goods)  # type: ignore[arg-type]
    assert (leg["reported_by"], leg["growth"], leg["change"]) == (
        None,
        None,
        "not in the data before the period",
    )
    assert _not_in_data([leg]) == [
        "DEU → KAZ before the period (2021-01..2021-06) is not in the data (neither country"
        " reports it then), not a zero."
    ]


def test_an_alert_counts_only_where_its_change_falls_in_the_period() -> None:
    """Tester F22: 'Swedish heat exchangers went to Russia via Kazakhstan in the second half of
    2022' was SUPPORTED 0.93 on a deflection whose rise began 2022-03, while SWE → KAZ fell
    ×0.07 a month in 2022-H2. An alert now counts only where its change falls in the period
    (one before it is said), and a leg that fell there pulls a supported grade down."""
    import pandas as pd

    from shadowtrade.claims.extract import Hypothesis
    from shadowtrade.claims.grade import _earlier_words, _fell, _in_period

    alerts = pd.DataFrame({
        "detector": ["deflection", "route_break"], "score": [0.93, 0.6],
        "period_start": pd.to_datetime(["2022-03-01", "2022-08-01"]),
    })  # fmt: skip
    h2 = Hypothesis(origin="SWE", via=["KAZ"], destination="RUS", hs_codes=["8419"],
                    period_start=date(2022, 7, 1), period_end=date(2022, 12, 31))  # fmt: skip
    counted, earlier = _in_period(alerts, h2)
    assert list(counted["detector"]) == ["route_break"]
    assert list(earlier["detector"]) == ["deflection"]
    assert _earlier_words(earlier) == [
        "1 alert(s) on the route show a change that began before the period (the strongest:"
        " deflection 0.93, from 2022-03); a change before the period does not count for it."
    ]
    since = Hypothesis(origin="SWE", via=["KAZ"], destination="RUS", hs_codes=["8419"],
                       period_start=date(2022, 3, 1))  # fmt: skip
    assert len(_in_period(alerts, since)[0]) == 2 and _in_period(alerts, since)[1].empty

    def leg(name: str, during: int, before: int) -> dict[str, object]:
        return {"leg": name, "reported_by": "exporter", "usd_per_month_during": during,
                "usd_per_month_before": before, "change": f"×{during / before:.2f}"}  # fmt: skip

    flows = [leg("SWE → KAZ", 75459, 1130000), leg("SWE → RUS", 14509, 191994)]
    assert _fell(h2, flows, through_others=False) == ["SWE → KAZ fell (×0.07 a month)"]
    flows[0] = leg("SWE → KAZ", 900000, 1130000)  # ×0.80: no fall beyond noise
    assert _fell(h2, flows, through_others=False) == []
    direct = Hypothesis(origin="SWE", destination="RUS", hs_codes=["8419"],
                        period_start=date(2022, 7, 1))  # fmt: skip
    assert _fell(direct, flows, through_others=False) == ["SWE → RUS fell (×0.08 a month)"]
    assert _fell(direct, flows, through_others=True) == []  # re-routed: the pattern itself


def test_goods_held_only_in_cover_codes_are_said_first() -> None:
    """Tester F10: artillery shells (9306) the workspace holds no trade in showed 'ITA → GEO
    0.3 M USD' from ten civilian cover codes, read as shell trade. It now says first that the
    goods themselves are absent, and labels the leg as cover codes only."""
    from shadowtrade.claims.grade import Goods, _covers_only, _flow_words, _leg_flows

    rows = [("ITA", "GEO", "export", "M", f"2022-{m:02d}-01", "73049000", 100.0, None)
            for m in range(1, 13)]  # fmt: skip
    ws = _flows_table(rows)  # type: ignore[arg-type]
    goods = Goods(headings=["9306"], covers=["730490"])
    assert _covers_only(ws, goods) == (  # type: ignore[arg-type]
        "The workspace holds no trade in HS 9306 itself; the flows shown on the first leg are"
        " of the codes it may be declared under (730490), not of HS 9306."
    )
    claim = _claim("ITA", "RUS", date(2022, 7, 1), date(2022, 12, 31))
    claim.via = ["GEO"]  # type: ignore[attr-defined]
    first = _leg_flows(ws, claim, goods)[0]  # type: ignore[arg-type]
    assert first["cover_codes"] == ["730490"] and first["usd_during"] == 600
    assert _flow_words(first, covers_only=True).startswith(
        "ITA → GEO in cover codes only 100 USD a month"
    )
    held = _flows_table([*rows, ("ITA", "GEO", "export", "M", "2022-03-01", "930690", 5.0, None)])
    assert _covers_only(held, goods) == ""  # type: ignore[arg-type]


def test_annual_figures_compare_as_many_whole_years() -> None:
    """Review9 #2: a flat 100 a year read ×2.00 for 2022-07..2023-06 (two years against one) and
    'new flow' for 2022-11..2023-01. The years the period touches now face as many before."""
    from shadowtrade.claims.grade import Goods, _leg_flows

    ws = _flows_table([("DEU", "RUS", "export", "A", f"{y}-01-01", "930690", 100.0, None)
                       for y in (2019, 2020, 2021, 2022, 2023)])  # fmt: skip

    def read(since: date, until: date) -> tuple[object, ...]:
        claim = _claim("DEU", "RUS", since, until)
        (leg,) = _leg_flows(ws, claim, Goods(headings=["9306"]))  # type: ignore[arg-type]
        return leg["usd_during"], leg["usd_before"], leg["change"], leg["compared"]

    assert read(date(2022, 1, 1), date(2022, 12, 31)) == (
        100,
        100,
        "×1.00",
        {"during": "2022", "before": "2021", "by": "whole years"},
    )
    assert read(date(2022, 7, 1), date(2023, 6, 30)) == (
        200,
        200,
        "×1.00",
        {"during": "2022..2023", "before": "2020..2021", "by": "whole years"},
    )
    assert read(date(2022, 11, 1), date(2023, 1, 31)) == (
        200,
        200,
        "×1.00",
        {"during": "2022..2023", "before": "2020..2021", "by": "whole years"},
    )


def test_an_old_code_is_bridged_only_when_all_of_it_went_into_the_claimed_code() -> None:
    """Review9 #3: 846390 went partly into 8485 and partly stayed 846390 ('n:1' both): bridging
    it read all other machine tools as 3-D printers. 8803 went whole into 8807 (kept)."""
    from shadowtrade.claims.grade import predecessors

    olds = {c: [b.before for b in predecessors((c,))] for c in ("8485", "2404", "8517", "8539")}
    assert "846390" not in olds["8485"] and "8463" not in olds["8485"]
    assert "210690" not in olds["2404"] and "2106" not in olds["2404"]
    assert "852520" not in olds["8517"] and "854370" not in olds["8539"]
    assert [b.before for b in predecessors(("8807",))] == ["8803"]


def test_a_bridge_follows_the_rows_hs_version() -> None:
    """Review9 #3: a 2022 row still reported in HS 2017 (H5) under 8803 is aircraft parts (8807);
    a row without a version is read by its date."""
    from shadowtrade.claims.grade import Goods, _leg_flows, predecessors

    ws = _flows_table([
        ("DEU", "RUS", "export", "A", "2021-01-01", "880330", 100.0, None),
        ("DEU", "RUS", "export", "A", "2022-01-01", "880330", 40.0, "H5"),
        ("DEU", "RUS", "export", "A", "2022-01-01", "880730", 30.0, "H6"),
        ("DEU", "RUS", "export", "A", "2022-01-01", "880390", 7.0, None),  # 2022: not 8807
        ("DEU", "RUS", "export", "A", "2021-01-01", "880320", 5.0, "H6"),  # said H6: not 8803
    ])  # fmt: skip
    goods = Goods(headings=["8807"], bridges=predecessors(("8807",)))
    claim = _claim("DEU", "RUS", date(2022, 1, 1), date(2022, 12, 31))
    (leg,) = _leg_flows(ws, claim, goods)  # type: ignore[arg-type]
    assert (leg["usd_during"], leg["usd_before"]) == (70, 100)


def test_the_check_report_says_the_compared_spans_in_words() -> None:
    """Tester F25: the check report's raw-flows table showed the Python dict
    "{'during': '2022-01..2022-12', …}" in every row, and 'bearings; bearings'."""
    from shadowtrade.report.sections import check_section

    flow = {"kind": "flows", "leg": "PRT → UZB", "codes": ["8482"], "cover_codes": [],
            "usd_during": 0, "usd_before": 0, "change": "no trade", "bridged": [],
            "reported_by": "exporter", "figures": "monthly",
            "compared": {"during": "2022-01..2022-12", "before": "2021-01..2021-12",
                         "by": "months"}}  # fmt: skip
    verdict = {"hypothesis": {"origin": "PRT", "via": ["UZB"], "destination": "RUS",
                              "hs_codes": ["8482"], "words": {"goods": ["bearings", "bearings"]}},
               "grade": "inconclusive", "confidence": 0.0, "evidence": [flow],
               "summary": "…"}  # fmt: skip
    page = check_section(verdict)  # type: ignore[arg-type]
    assert "{&#x27;during" not in page and "{'during" not in page
    assert "2022-01…2022-12 against 2021-01…2021-12, by month" in page
    assert "bearings; bearings" not in page and "bearings" in page


def test_an_all_goods_claim_on_alerts_tells_one_story_and_a_reported_zero_is_said() -> None:
    """Tester F14: '--goods TOTAL' read SUPPORTED 0.75 beside 'the data can say nothing about an
    all-goods claim'; it now says the totals are missing and which codes the alerts cover.
    Tester F11: PRT reports its exports of 8482 to UZB in 2021, none of them; the summary only
    said the other leg is unseen. A reported zero on a visible leg is now said."""
    from shadowtrade.claims.grade import _reported_zeros, _rests_on

    codes = (("8471", False), ("8708", False), ("8471", False), ("9101", True))
    alerts = [{"kind": "alert", "hs_code": c, "before_period": b} for c, b in codes]
    assert _rests_on(alerts) == "The grade rests on the alerts, in 2 HS code(s): 8471, 8708."
    flows = [
        {"leg": "PRT → UZB", "reported_by": "exporter", "usd_during": 0, "usd_before": 0,
         "months_during": 12, "months_before": 12, "usd_per_month_before": 0},
        {"leg": "UZB → RUS", "reported_by": None, "usd_during": 0, "usd_before": 0,
         "months_during": 0, "months_before": 0, "usd_per_month_before": 0},
        {"leg": "PRT → RUS", "reported_by": "importer", "usd_during": 0, "usd_before": 24000,
         "months_during": 12, "months_before": 12, "usd_per_month_before": 2000},
    ]  # fmt: skip
    assert _reported_zeros(flows) == [
        "PRT → UZB: PRT reports its exports in the 12 month(s) of the period, and none of these"
        " goods on this leg: a reported zero (none in the 12 month(s) before either).",
        "PRT → RUS: RUS reports its imports in the 12 month(s) of the period, and none of these"
        " goods on this leg: a reported zero (against 2,000 USD a month before).",
    ]


def test_a_group_origin_is_read_as_its_member_states_as_they_report() -> None:
    """Tester F13: '--origin EU' read 'EUU → ARM (TOTAL): 0 USD' on Eurostat data, whose
    reporters are the 27 member states, none of them 'EUU'. A group the country tables define
    is now read as the members the workspace holds as reporters, and the summary says so."""
    from shadowtrade.claims.grade import Goods, _group_words, _leg_flows, _members

    rows = []
    for m in range(1, 13):
        rows.append(("DEU", "ARM", "export", "M", f"2022-{m:02d}-01", "870899", 100.0, None))
        rows.append(("FRA", "ARM", "export", "M", f"2022-{m:02d}-01", "870899", 50.0, None))
        rows.append(("DEU", "ARM", "export", "M", f"2021-{m:02d}-01", "870899", 30.0, None))
        rows.append(("USA", "ARM", "export", "M", f"2022-{m:02d}-01", "870899", 999.0, None))
    ws = _flows_table(rows)  # type: ignore[arg-type]
    ws.raw.execute("CREATE TABLE trade_aggregates AS SELECT * FROM trade_flows LIMIT 0")  # type: ignore[attr-defined]
    assert _members(ws, "EUU") == ["DEU", "FRA"]  # type: ignore[arg-type]
    assert _members(ws, "USA") == ["USA"] and _members(ws, "EMU") == ["DEU", "FRA"]  # type: ignore[arg-type]
    claim = _claim("EUU", "ARM", date(2022, 1, 1), date(2022, 12, 31))
    (leg,) = _leg_flows(ws, claim, Goods(headings=["8708"]))  # type: ignore[arg-type]
    assert (leg["leg"], leg["usd_during"], leg["usd_before"], leg["change"]) == (
        "EUU → ARM",
        1800,
        360,
        "×5.00",
    )
    assert _group_words("EUU", ["DEU", "FRA"]) == [
        "EUU is read as its 2 member state(s) as they report (DEU, FRA): the workspace holds no"
        " EUU reporter."
    ]
    assert _group_words("DEU", ["DEU"]) == []


def test_the_check_text_gives_each_legs_months(car_trade: Path) -> None:
    """Tester F2 (text output): 'flows … 7,696,175 USD in the period, 240,760,137 USD before'
    set totals over 9 and 26 months side by side. Each line now gives the months each side
    holds, and the factor is per month."""
    res = CliRunner().invoke(app, ["check", "Serbia ships ammunition to Czechia in 2023.",
                                   "-w", str(car_trade)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert ("flows SRB → CZE (9306): 12,000,000 USD in the period (12 month(s) in the data),"
            " 12,000,000 USD before (12) (×1.00 a month)") in res.output  # fmt: skip


SHIPMENT_COLUMNS = (
    "shipment_id,date,exporter,exporter_country,importer,importer_country,"
    "origin_country,destination_country,transit_countries,hs_code,value_usd"
)


@pytest.fixture(scope="module")
def shipment_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Consignments only, no trade statistics, no scan: German cars into Korea in 2021, 8
    shipped by German sellers and 4 by American re-exporters, none by way of China; one Chinese
    car from China; drones (880690) and steel (730890) from Russia into Iran by way of Armenia
    in 2023, and drones from Russia to Armenia."""
    d = tmp_path_factory.mktemp("shipments")
    lines = [SHIPMENT_COLUMNS]
    for i in range(12):
        seller = "USA" if i >= 8 else "DEU"
        lines.append(f"C{i},2021-{i + 1:02d}-05,Seller {i},{seller},Buyer {i},KOR,DEU,KOR,,"
                     f"870323,{1000 + i}")  # fmt: skip
    lines.append("C99,2021-06-01,Seller 99,CHN,Buyer 99,KOR,CHN,KOR,,870323,5000")
    lines.append("Z1,2023-03-02,Aeroscan,RUS,Arax Trading,ARM,RUS,ARM,,880690,185000")
    lines.append("Z2,2023-04-11,Arax Trading,ARM,Pars Sanat,IRN,RUS,IRN,ARM,880690,190000")
    lines.append("Z4,2023-06-02,Arax Trading,ARM,Pars Sanat,IRN,RUS,IRN,ARM,730890,99000")
    (d / "ship.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = shadowtrade.open(d / "ws")
    r = ws.ingest(d / "ship.csv", fmt="shipments")
    assert (r.accepted, r.quarantined) == (16, 0)
    ws.close()
    return d / "ws"


def _records(v: dict[str, object]) -> dict[str, object]:
    (item,) = [e for e in v["evidence"] if e["kind"] == "consignments"]  # type: ignore[attr-defined, index]
    return item  # type: ignore[no-any-return]


def test_shipment_records_show_the_route_the_goods_took(shipment_records: Path) -> None:
    """Tester D23: on Korean declarations 'In 2021 German cars reached Korea through China' read
    'the workspace holds no trade in HS 8703 … the data can say nothing' (inconclusive 0.00)
    while the declarations show every German car arriving direct or by way of the USA. The
    grade now reads the shipment records beside the statistics, and says which it used."""
    from shadowtrade.claims.cli_input import hypothesis_from_options

    ws = shadowtrade.open(shipment_records, read_only=True)
    try:
        v = grade(ws, extract("In 2021 German cars reached Korea through China."))
    finally:
        ws.close()
    rec = _records(v)  # type: ignore[arg-type]
    assert (rec["consignments"], rec["route_shown"], rec["direct"]) == (12, 12, 8)
    assert (rec["through"], rec["through_others"]) == ({"CHN": 0}, {"USA": 4})
    assert rec["legs"] == [{"leg": "DEU → CHN", "consignments": 0, "usd": 0},
                           {"leg": "CHN → KOR", "consignments": 1, "usd": 5000}]  # fmt: skip
    # 12 routes shown, none through CHN: 0.9 × (1 − 0.8¹²) = 0.84.
    assert (v["grade"], v["confidence"]) == ("contradicted", 0.84), v["summary"]
    assert "the shipment records are read instead" in v["summary"]
    assert ("The shipment records hold 12 consignment(s) of HS 8703 from DEU to KOR in"
            " 2021-01-01 to 2021-12-31 (12,066 USD): 0 through CHN (8 direct, 4 through USA)."
            ) in v["summary"]  # fmt: skip
    assert "can say nothing about these goods." not in v["summary"]
    from shadowtrade.report.sections import check_section

    page = check_section(v)
    assert "<h3>Shipment records: the consignments of the goods in the period</h3>" in page
    assert "<td>USA: 4</td>" in page and "<td>CHN: 0</td>" in page
    # The route held in the records: supported on the one consignment through ARM (0.5).
    ws = shadowtrade.open(shipment_records, read_only=True)
    try:
        drones = hypothesis_from_options(None, origin="RUS", via="ARM", destination="IRN",
                                         goods="8806", since="2023-01",
                                         until="2023-12")  # fmt: skip
        v = grade(ws, drones)
        parts = grade(ws, replace(drones, hs_codes=["8807"]))
        direct = grade(ws, replace(drones, via=[], destination="ARM"))
    finally:
        ws.close()
    assert (v["grade"], v["confidence"]) == ("supported", 0.5), v["summary"]
    assert _records(v)["shipment_ids"] == ["Z2"]  # type: ignore[arg-type]
    assert "Consignments on the claimed route: Z2 (route evidence 0.50)." in v["summary"]
    # Parts (8807) are not on the route: said, with the codes the route does carry.
    assert parts["grade"] == "inconclusive"
    assert ("On the route they hold 2 consignment(s) of other goods (HS 880690, 730890)."
            in parts["summary"])  # fmt: skip
    # No intermediary named: every consignment from the origin to the destination counts.
    assert (direct["grade"], _records(direct)["consignments"]) == ("supported", 1)  # type: ignore[arg-type]


def test_a_route_the_records_never_name_is_graded_not_a_crash(shipment_records: Path) -> None:
    """'Poland shipped hunting rifles to Armenia in 2023.' on a workspace holding shipment
    records, none of them from Poland: `check` crashed (KeyError 'between', the empty frame's
    mask read as column names). The records now count as none on the route, said in the summary."""
    ws = shadowtrade.open(shipment_records, read_only=True)
    try:
        v = grade(ws, extract("Poland shipped hunting rifles to Armenia in 2023."))
    finally:
        ws.close()
    rec = _records(v)  # type: ignore[arg-type]
    assert (rec["consignments"], rec["route_shown"]) == (0, 0)
    assert v["grade"] == "inconclusive", v["summary"]
    assert "The shipment records hold no consignment of HS 9303" in v["summary"]


def test_an_annual_alert_falls_in_a_period_overlapping_its_year() -> None:
    """Tester D22 (b): with --since 2022-03 the yearly mirror gap of 2022-2023 (dated 2022-01,
    Kyrgyz data being annual) was thrown out as 'a change before the period'. A year's figure
    covers its months: it counts in a period overlapping them; a monthly change from 2022-01
    is still before the period."""
    import pandas as pd

    from shadowtrade.claims.extract import Hypothesis
    from shadowtrade.claims.grade import _in_period

    alerts = pd.DataFrame({
        "detector": ["mirror_gap", "route_break", "mirror_gap"], "score": [0.35, 0.3, 0.4],
        "period_start": pd.to_datetime(["2022-01-01", "2022-01-01", "2021-01-01"]),
        "evidence": ['{"comparison": "annual", "gap_share": 0.5}', "{}",
                     '{"comparison": "annual"}'],
    })  # fmt: skip
    since = Hypothesis(origin="DEU", destination="KGZ", hs_codes=["TOTAL"],
                       period_start=date(2022, 3, 1))  # fmt: skip
    counted, earlier = _in_period(alerts, since)
    assert list(counted["score"]) == [0.35]
    assert list(earlier["score"]) == [0.3, 0.4]  # a monthly 2022-01; the year 2021


def test_a_direct_claim_is_borne_out_by_its_flow_and_an_alert_together() -> None:
    """Tester D22: 'German exports to Kyrgyzstan surged … Kyrgyzstan recorded only half' was
    inconclusive against its own evidence (DEU → KGZ ×11.59 a month, mirror_gap 0.35: 50 %
    unrecorded), and said flows 'did not grow' where no flow was compared (no period). With no
    intermediary the flow is the claim: grown, with an alert of 0.3 or more on the pair, the
    claim is supported; neither line alone is enough."""
    import pandas as pd

    from shadowtrade.claims.extract import Hypothesis
    from shadowtrade.claims.grade import _borne_out, _summary

    h = Hypothesis(origin="DEU", destination="KGZ", hs_codes=["TOTAL"],
                   period_start=date(2022, 3, 1), period_end=date(2024, 8, 31))  # fmt: skip
    flows = [{"leg": "DEU → KGZ", "reported_by": "exporter", "usd_per_month_during": 54170407,
              "usd_per_month_before": 4673525, "change": "×11.59"}]  # fmt: skip
    direct = pd.DataFrame({"detector": ["route_break", "mirror_gap"], "score": [0.29, 0.35]})
    assert _borne_out(h, flows, direct, 30) == (
        0.35,
        "Two lines bear the claim out: DEU → KGZ grew in the period (×11.59 a month), and"
        " mirror_gap on that pair scores 0.35",
    )
    assert _borne_out(h, flows, direct.iloc[:1], 30) is None  # 0.29: no signal
    flat = [{**flows[0], "usd_per_month_during": 5e6, "change": "×1.07"}]
    assert _borne_out(h, flat, direct, 30) is None  # no growth
    assert _borne_out(replace(h, via=["KAZ"]), flows, direct, 30) is None  # a route: not the flow
    assert _borne_out(h, flows, direct, 2) is None  # too short for a trend
    no_period = _summary(replace(h, period_start=None), "inconclusive", {}, [], True, False,
                         0.35, compared=False)  # fmt: skip
    assert "did not grow" not in no_period
    assert "did not grow" in _summary(h, "inconclusive", {}, [], True, False, 0.35, True)


def test_records_that_name_no_way_show_no_route(tmp_path: Path) -> None:
    """Tester D23, the other side: records none of which names a transit country or a
    re-exporter cannot show a route through China, so 12 German cars into Korea with nothing
    between do not contradict it; they are said."""
    lines = [SHIPMENT_COLUMNS]
    lines += [f"C{i},2021-{i + 1:02d}-05,S{i},DEU,B{i},KOR,DEU,KOR,,870323,1000" for i in range(12)]
    (tmp_path / "ship.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        ws.ingest(tmp_path / "ship.csv", fmt="shipments")
        v = grade(ws, extract("In 2021 German cars reached Korea through China."))
    finally:
        ws.close()
    rec = _records(v)  # type: ignore[arg-type]
    assert (rec["consignments"], rec["route_shown"], rec["against"]) == (12, 0, None)
    assert v["grade"] == "inconclusive", v["summary"]
    assert "so the records show no route." in v["summary"]


def test_alerts_on_the_routes_consignments_are_route_evidence(tmp_path: Path) -> None:
    """Tester D23 (ws_web): a reused end-user certificate on a consignment RUS → ARM → IRN
    (document_reuse names no destination, so no pair found it) was left out of the check. An
    alert listing a consignment of the claimed route now counts for the intermediary it passed."""
    from shadowtrade.claims.cli_input import hypothesis_from_options

    lines = [SHIPMENT_COLUMNS,
             "Z1,2023-03-02,Aeroscan,RUS,Arax Trading,ARM,RUS,ARM,,880690,185000",
             "Z2,2023-04-11,Arax Trading,ARM,Pars Sanat,IRN,RUS,IRN,ARM,880690,190000"]  # fmt: skip
    (tmp_path / "ship.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = shadowtrade.open(tmp_path / "ws")
    try:
        ws.ingest(tmp_path / "ship.csv", fmt="shipments")
        ws.raw.execute(
            "INSERT INTO alerts (alert_id, detector, score, origin, period_start, period_end,"
            " summary, evidence) VALUES ('a1', 'document_reuse', 0.66, 'RUS', DATE '2023-03-02',"
            " DATE '2023-04-11', 'EUC reused',"
            """ '{"consignment_list": [{"shipment_id": "Z1"}, {"shipment_id": "Z2"}]}')"""
        )
        h = hypothesis_from_options(None, origin="RUS", via="ARM", destination="IRN",
                                    goods="8806", since="2023-01", until="2023-12")  # fmt: skip
        v = grade(ws, h)
    finally:
        ws.close()
    assert (v["grade"], v["confidence"]) == ("supported", 0.66), v["summary"]
    assert [e["alert_id"] for e in v["evidence"] if e["kind"] == "alert"] == ["a1"]
    assert "Alerts on the consignments through ARM: document_reuse 0.66." in v["summary"]


def test_a_group_sender_read_from_text_is_graded_as_its_members(shipment_records: Path) -> None:
    """ "EU exports of cars reached South Korea via the United States": the text names no one
    origin country (the hypothesis' origin is empty, the group kept apart), yet the check reads
    the group's member states, as it does for '--origin EU' below, and the verdict's
    hypothesis still shows the origin empty."""
    from shadowtrade.claims.extract import extract

    h = extract("EU exports of cars reached South Korea via the United States in 2021.",
                today=date(2022, 6, 1))  # fmt: skip
    assert (h.origin, h.origin_group, h.via, h.destination) == (None, "EUU", ["USA"], "KOR")
    ws = shadowtrade.open(shipment_records, read_only=True)
    try:
        v = grade(ws, h)
    finally:
        ws.close()
    rec = _records(v)  # type: ignore[arg-type]
    assert (rec["consignments"], rec["through"], rec["direct"]) == (12, {"USA": 4}, 8)
    assert "In the shipment records EUU is read as its 27 member state(s)." in v["summary"]
    assert (v["hypothesis"]["origin"], v["hypothesis"]["origin_group"]) == (None, "EUU")


def test_a_group_origin_is_read_as_its_members_in_the_shipment_records(
    shipment_records: Path,
) -> None:
    """'--origin EU' on shipment records read 'no consignment from EUU': records name each
    consignment's own country. The group is now read as its member states there, and said."""
    from shadowtrade.claims.cli_input import hypothesis_from_options

    ws = shadowtrade.open(shipment_records, read_only=True)
    try:
        h = hypothesis_from_options(None, origin="EU", via="USA", destination="KOR",
                                    goods="8703", since="2021-01", until="2021-12")  # fmt: skip
        v = grade(ws, h)
    finally:
        ws.close()
    rec = _records(v)  # type: ignore[arg-type]
    assert (rec["consignments"], rec["through"], rec["direct"]) == (12, {"USA": 4}, 8)
    assert (v["grade"], v["confidence"]) == ("supported", 0.94), v["summary"]  # 1 - 0.5^4
    assert "In the shipment records EUU is read as its 27 member state(s)." in v["summary"]
