"""`shadowtrade fetch` on recorded answers of UN Comtrade and Eurostat Comext (no network).

The answers in tests/data/fetch/ are replayed at urllib3's layer, which both comtradeapicall and
the Comext client send through; each test asserts the exact requests made."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import urllib3
from typer.testing import CliRunner

from shadowtrade.cli import app
from shadowtrade.fetch import ComextClient, ComtradeClient, ServiceError, build_query
from shadowtrade.fetch import run as fetch_run
from shadowtrade.fetch.comext import bulk_rows
from shadowtrade.fetch.comtrade import read_error
from shadowtrade.fetch.errors import ThrottledAnswer
from shadowtrade.reference.loaders import eur_usd_monthly

DATA = Path(__file__).parent / "data"
REC = DATA / "fetch"
runner = CliRunner()

CARS = [
    "fetch", "comtrade",
    "--reporter", "ARM,KGZ", "--partner", "RUS", "--hs", "8703", "--flow", "export",
    "--since", "2021-01", "--until", "2023-06",
]  # fmt: skip
KEY = {"COMTRADE_API_KEY": "test-key-0123"}
MONTHS_2021 = ",".join(f"2021{m:02d}" for m in range(1, 13))
MONTHS_2022 = ",".join(f"2022{m:02d}" for m in range(1, 13))
MONTHS_2023 = ",".join(f"2023{m:02d}" for m in range(1, 7))


class Service:
    """Recorded answers, given out in order; every request is kept (host+path, parameters)."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, str]] = []
        self.calls: list[tuple[str, dict[str, list[str]]]] = []

    def answer(self, *answers: tuple[int, str]) -> None:
        self.answers.extend(answers)

    def urlopen(self, method: str, url: str, **_kw: Any) -> urllib3.HTTPResponse:
        parts = urlsplit(url)
        params = parse_qs(parts.query, keep_blank_values=True)
        self.calls.append((parts.netloc + parts.path, params))
        assert self.answers, f"unexpected request {method} {url}"
        status, name = self.answers.pop(0)
        return urllib3.HTTPResponse(
            body=(REC / name).read_bytes(),
            status=status,
            headers={"Content-Type": "application/json; charset=utf-8"},
            preload_content=True,
        )

    def periods(self) -> list[str]:
        return [p["period"][0] for _, p in self.calls]


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    svc = Service()

    def urlopen(_pm: urllib3.PoolManager, method: str, url: str, **kw: Any) -> Any:
        return svc.urlopen(method, url, **kw)

    monkeypatch.setattr(urllib3.PoolManager, "urlopen", urlopen)
    yield svc
    assert not svc.answers, f"recorded answers left unused: {svc.answers}"


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the fetch asked for (none is slept)."""
    slept: list[float] = []
    monkeypatch.setattr(fetch_run, "SLEEP", slept.append)
    return slept


def counts(ws: Path) -> dict[str, int]:
    """Rows of every table of the workspace (nothing when it has no DuckDB file yet)."""
    import duckdb

    db = ws / "shadowtrade.duckdb"
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # type: ignore[index]
    finally:
        con.close()


def flows(ws: Path) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(ws / "shadowtrade.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT source, reporter, partner, flow, period, freq, hs_code, value_usd,"
            " net_weight_kg FROM trade_flows ORDER BY reporter, period"
        ).df()
    finally:
        con.close()


def test_monthly_comtrade_query_is_split_into_twelve_month_requests() -> None:
    q = build_query(
        "comtrade", reporters=["ARM,KGZ"], partners=["RUS"], hs=["8703"], flows=["export"],
        since="2021-01", until="2023-06",
    )  # fmt: skip
    plan = ComtradeClient("k").plan(q)
    assert [dict(r.params) for r in plan] == [
        {"period": m, "reporterCode": "51,417", "partnerCode": "643", "cmdCode": "8703",
         "flowCode": "X"}
        for m in (MONTHS_2021, MONTHS_2022, MONTHS_2023)
    ]  # fmt: skip


def test_open_partners_without_a_key_are_split_below_the_preview_cap() -> None:
    # 2 reporters × 250 possible partners × 2 codes × 2 flows: one period alone can reach 2,000
    # records, over the preview's 500: codes and reporters are split, one month a request.
    q = build_query(
        "comtrade", reporters=["ARM,KGZ"], hs=["8703,8704"], since="2022-01", until="2022-02",
        keyless=True,
    )  # fmt: skip
    plan = ComtradeClient(None).plan(q)
    assert [(r.param("reporterCode"), r.param("cmdCode"), r.param("period")) for r in plan] == [
        (["51"], ["8703"], ["202201"]), (["51"], ["8703"], ["202202"]),
        (["51"], ["8704"], ["202201"]), (["51"], ["8704"], ["202202"]),
        (["417"], ["8703"], ["202201"]), (["417"], ["8703"], ["202202"]),
        (["417"], ["8704"], ["202201"]), (["417"], ["8704"], ["202202"]),
    ]  # fmt: skip
    assert all(r.param("flowCode") == ["X,M"] for r in plan)


def test_dry_run_prints_the_requests_and_asks_nothing(service: Service, tmp_path: Path) -> None:
    res = runner.invoke(app, [*CARS[:2], "--dry-run", *CARS[2:], "-w", str(tmp_path)], env=KEY)
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    assert len(lines) == 3
    assert lines[0].split()[1] == (
        "https://comtradeapi.un.org/data/v1/get/C/M/HS?period="
        f"{MONTHS_2021}&reporterCode=51,417&partnerCode=643&cmdCode=8703&flowCode=X"
    )
    assert "12 months (or years) in one request — comtradr ct_check_params.R" in res.stderr
    assert "test-key" not in res.output
    assert service.calls == [] and not (tmp_path / "fetched").exists()


def test_throttled_fetch_stops_then_resumes_where_it_stopped(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    # First run: request 1 answers; request 2 is throttled on every try (1 + 3 retries).
    service.answer((200, "comtrade_cars_2021.json"), *[(429, "comtrade_429.json")] * 4)
    res = runner.invoke(app, [*CARS, "-w", str(ws)], env=KEY)
    assert res.exit_code == 3, res.output
    assert service.periods() == [MONTHS_2021] + [MONTHS_2022] * 4
    assert "Rate limit is exceeded. Try again in 10 seconds." in res.stderr
    assert "Run the same command again to continue from request 2" in res.stderr
    # The service asked for 10 s each time; between requests the pacing keeps 6 s (less the
    # time the request itself took; the clock is real, the sleeping is not).
    assert [w for w in waits if w == 10.0] == [10.0, 10.0, 10.0]
    pacing = [w for w in waits if w != 10.0]
    assert len(pacing) == 4 and all(5 < w <= 6 for w in pacing), pacing
    assert counts(ws).get("trade_flows", 0) == 0 and counts(ws).get("imports", 0) == 0
    parts = list((ws / "fetched").glob("comtrade-*.parts/0*.csv"))
    assert [p.name for p in parts] == ["0001.csv"]
    # Every request carries the key and asks for the totals (classic mode) with descriptions.
    _, first = service.calls[0]
    assert first["subscription-key"] == ["test-key-0123"]
    assert first["breakdownMode"] == ["classic"] and first["maxRecords"] == ["100000"]

    # Second run: only requests 2 and 3 are made.
    service.calls.clear()
    service.answer((200, "comtrade_cars_2022.json"), (200, "comtrade_cars_2023h1.json"))
    res = runner.invoke(app, [*CARS, "-w", str(ws)], env=KEY)
    assert res.exit_code == 0, res.output
    assert service.periods() == [MONTHS_2022, MONTHS_2023]
    assert "fetched 60 rows (2 requests now, 1 saved by an earlier run)" in res.stdout
    assert "ingested as import 1" in res.stdout and "60 accepted" in res.stdout
    assert not list((ws / "fetched").glob("*.parts"))

    # One uninterrupted run lands the same flows.
    whole = tmp_path / "whole"
    service.calls.clear()
    service.answer(
        (200, "comtrade_cars_2021.json"),
        (200, "comtrade_cars_2022.json"),
        (200, "comtrade_cars_2023h1.json"),
    )
    res = runner.invoke(app, [*CARS, "-w", str(whole)], env=KEY)
    assert res.exit_code == 0, res.output
    assert service.periods() == [MONTHS_2021, MONTHS_2022, MONTHS_2023]
    resumed, straight = flows(ws), flows(whole)
    assert len(straight) == 60
    pd.testing.assert_frame_equal(resumed, straight)
    # The file is the service's layout: the 47 Comtrade Plus columns in the service's order.
    fetched = next((ws / "fetched").glob("comtrade-*.csv"))
    header = fetched.read_text().splitlines()[0].split(",")
    assert len(header) == 47 and header[:6] == [
        "typeCode", "freqCode", "refPeriodId", "refYear", "refMonth", "period"
    ]  # fmt: skip
    # Values as recorded: Armenia's March 2022 exports (the surge).
    arm = straight[(straight.reporter == "ARM") & (straight.period == pd.Timestamp("2022-03-01"))]
    assert arm.value_usd.tolist() == [2_150_000 * (18 + 15 % 5) + 15_000]
    assert set(straight.flow) == {"export"} and set(straight.hs_code) == {"8703"}
    # June has no weight in the answer: null, not zero.
    june = straight[straight.period.dt.month == 6]
    assert june.net_weight_kg.isna().all() and len(june) == 6


def test_one_429_is_waited_out_within_the_run(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    service.answer(
        (200, "comtrade_cars_2021.json"),
        (429, "comtrade_429.json"),
        (200, "comtrade_cars_2022.json"),
        (200, "comtrade_cars_2023h1.json"),
    )
    res = runner.invoke(app, [*CARS, "-w", str(tmp_path / "ws")], env=KEY)
    assert res.exit_code == 0, res.output
    assert service.periods() == [MONTHS_2021, MONTHS_2022, MONTHS_2022, MONTHS_2023]
    assert 10.0 in waits
    assert "request 2 of 3 throttled (Rate limit is exceeded." in res.stderr
    assert "fetched 60 rows (3 requests now)" in res.stdout


def test_exhausted_quota_stops_at_once(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    service.answer((200, "comtrade_cars_2021.json"), (403, "comtrade_quota.json"))
    res = runner.invoke(app, [*CARS, "-w", str(tmp_path / "ws")], env=KEY)
    assert res.exit_code == 3
    assert len(service.calls) == 2  # no retry: the quota returns in hours
    assert "Out of call volume quota. Quota will be replenished in 07:12:41." in res.stderr
    assert "once the quota is replenished" in res.stderr


def test_service_error_exit_2_with_its_message_and_nothing_changes(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    res = runner.invoke(app, ["ingest", str(DATA / "comtrade_plus_sample.csv"), "-w", str(ws)])
    assert res.exit_code == 0, res.output
    before = counts(ws)
    assert before["trade_flows"] > 0
    service.answer((200, "comtrade_cars_2021.json"), (401, "comtrade_401.json"))
    res = runner.invoke(app, [*CARS, "-w", str(ws)], env=KEY)
    assert res.exit_code == 2
    assert res.stderr.splitlines()[-1].startswith(
        "error: UN Comtrade answered HTTP 401: Access denied due to invalid subscription key."
        " Make sure to provide a valid key for an active subscription. (request 2 of 3:"
    )
    assert "nothing was written to the workspace's tables" in res.stderr
    assert counts(ws) == before
    assert not list((ws / "fetched").glob("*.csv"))


def test_keyless_fetch_uses_the_preview_and_says_so(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    service.answer((200, "comtrade_empty.json"))
    args = ["fetch", "comtrade", "--reporter", "ARM", "--partner", "RUS", "--hs", "8703"]
    res = runner.invoke(app, [*args, "--since", "2021-01", "-w", str(tmp_path / "ws")], env={})
    assert res.exit_code == 0, res.output
    assert "no $COMTRADE_API_KEY, so the keyless preview endpoint is used" in res.stderr
    path, params = service.calls[0]
    assert path == "comtradeapi.un.org/public/v1/preview/C/M/HS"
    assert "subscription-key" not in params and params["maxRecords"] == ["500"]


def test_empty_answer_is_said_and_lands_nothing(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    service.answer(*[(200, "comtrade_empty.json")] * 3)
    res = runner.invoke(app, [*CARS, "-w", str(ws)], env=KEY)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(
        "the service has no data for monthly ARM, KGZ → RUS, HS 8703, export, 2021-01…2023-06"
    )
    assert counts(ws).get("imports", 0) == 0
    assert not list((ws / "fetched").glob("*"))  # nothing kept: the next run asks again


def test_a_complete_fetch_run_again_changes_nothing(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    service.answer(
        (200, "comtrade_cars_2021.json"),
        (200, "comtrade_cars_2022.json"),
        (200, "comtrade_cars_2023h1.json"),
    )
    assert runner.invoke(app, [*CARS, "-w", str(ws)], env=KEY).exit_code == 0
    record = json.loads(next((ws / "fetched").glob("comtrade-*.json")).read_text())
    assert record["query"]["reporters"] == ["ARM", "KGZ"] and len(record["requests"]) == 3
    assert "test-key" not in json.dumps(record)
    res = runner.invoke(app, [*CARS, "-w", str(ws)], env=KEY)
    assert res.exit_code == 0, res.output
    assert "already ingested as import 1; nothing changed" in res.stdout
    assert len(service.calls) == 3  # the second run asked nothing
    assert counts(ws)["imports"] == 1


def test_an_answer_at_the_record_cap_is_refused(service: Service) -> None:
    client = ComtradeClient("k")
    q = build_query("comtrade", reporters=["ARM,KGZ"], hs=["8703"], since="2021-01")
    request = client.plan(q)[0]
    client.cap = 24  # the recorded 2021 answer has 24 records: exactly the cap
    service.answer((200, "comtrade_cars_2021.json"))
    with pytest.raises(ServiceError, match="returned 24 records, its cap for one request"):
        client.call(request)


def test_comtrade_error_bodies_are_read() -> None:
    throttled = read_error((REC / "comtrade_429.json").read_text())
    assert isinstance(throttled, ThrottledAnswer) and throttled.retry_after == 10.0
    quota = read_error((REC / "comtrade_quota.json").read_text())
    assert isinstance(quota, ThrottledAnswer) and quota.quota
    bad = read_error('{"errorObject": {"errorCode": 400, "errorMessage": "Invalid period"}}')
    assert isinstance(bad, ServiceError) and str(bad) == "UN Comtrade answered Invalid period"
    html = read_error("<html>Service Unavailable</html>")
    assert str(html) == "UN Comtrade answered <html>Service Unavailable</html>"


COMEXT = [
    "fetch", "comext", "--reporter", "DEU,NLD", "--partner", "KAZ,RUS", "--hs", "85423100",
    "--flow", "export", "--since", "2022-01", "--until", "2022-03",
]  # fmt: skip


def test_comext_query_lands_the_right_rows_and_values(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    service.answer((200, "comext_ds045409.json"))
    res = runner.invoke(app, [*COMEXT, "-w", str(ws)])
    assert res.exit_code == 0, res.output
    path, params = service.calls[0]
    assert path == ("ec.europa.eu/eurostat/api/comext/dissemination/statistics/1.0/data/DS-045409")
    assert params == {
        "format": ["JSON"], "lang": ["EN"], "freq": ["M"], "reporter": ["DE", "NL"],
        "partner": ["KZ", "RU"], "product": ["85423100"], "flow": ["2"],
        "indicators": ["VALUE_IN_EUROS", "QUANTITY_IN_100KG"],
        "time": ["2022-01", "2022-02", "2022-03"],
    }  # fmt: skip
    assert "note: Comext API quantities (QUANTITY_IN_100KG) were multiplied by 100" in res.stdout
    got = flows(ws)
    # 15 non-empty cells (8 values, 7 quantities) → 8 reporter-partner-months.
    assert len(got) == 8
    rates = eur_usd_monthly()
    fx = dict(zip(rates.period.astype(str).str[:7], rates.usd_per_eur, strict=True))
    expected = {
        ("DEU", "KAZ", "2022-01"): (41200, None), ("DEU", "KAZ", "2022-02"): (38950, 40.0),
        ("DEU", "KAZ", "2022-03"): (612400, 520.0), ("DEU", "RUS", "2022-01"): (1250300, 1170.0),
        ("DEU", "RUS", "2022-02"): (1175800, 1090.0), ("DEU", "RUS", "2022-03"): (96100, 80.0),
        ("NLD", "RUS", "2022-01"): (305000, 250.0), ("NLD", "RUS", "2022-02"): (287450, 230.0),
    }  # fmt: skip
    for row in got.itertuples():
        key = (row.reporter, row.partner, row.period.strftime("%Y-%m"))
        eur, kg = expected[key]
        assert row.value_usd == pytest.approx(eur * fx[key[2]]), key
        assert (kg is None and pd.isna(row.net_weight_kg)) or row.net_weight_kg == pytest.approx(kg)
        assert (row.source, row.flow, row.hs_code) == ("comext", "export", "85423100")
        assert row.freq == "M"
    assert ("NLD", "RUS", "2022-03") not in {
        (r.reporter, r.partner, r.period.strftime("%Y-%m")) for r in got.itertuples()
    }


def test_comext_error_exit_2_with_eurostat_label(
    service: Service, waits: list[float], tmp_path: Path
) -> None:
    service.answer((400, "comext_error.json"))
    res = runner.invoke(app, [*COMEXT, "-w", str(tmp_path / "ws")])
    assert res.exit_code == 2
    assert res.stderr.splitlines()[-1].startswith(
        "error: Eurostat answered HTTP 400: Semantic error: the dimension code 'partnr' is not"
        " defined in the dataset DS-045409 (request 1 of 1:"
    )
    assert counts(tmp_path / "ws") == {}


@pytest.mark.parametrize(
    ("status", "name"), [(200, "comext_empty.json"), (404, "comext_no_results.json")]
)
def test_comext_empty_answers(
    service: Service, waits: list[float], tmp_path: Path, status: int, name: str
) -> None:
    service.answer((status, name))
    res = runner.invoke(app, [*COMEXT, "-w", str(tmp_path / "ws")])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("the service has no data for monthly DEU, NLD → KAZ, RUS")


def test_jsonstat_cells_are_placed_by_their_flat_index() -> None:
    doc = json.loads((REC / "comext_ds045409.json").read_text())
    rows = bulk_rows(doc)
    de_ru_jan = rows[(rows.DECLARANT_ISO == "DE") & (rows.PARTNER_ISO == "RU")].iloc[0]
    assert de_ru_jan.to_dict() == {
        "DECLARANT_ISO": "DE", "PARTNER_ISO": "RU", "PRODUCT_NC": "85423100", "FLOW": "2",
        "PERIOD": "202201", "VALUE_IN_EUROS": "1250300", "QUANTITY_IN_KG": "1170",
    }  # fmt: skip
    # Annual answers are written as the bulk files write a year's total: YYYY52.
    doc["dimension"]["time"]["category"]["index"] = {"2020": 0, "2021": 1, "2022": 2}
    assert set(bulk_rows(doc, annual=True).PERIOD) == {"202052", "202152", "202252"}
    assert ComextClient().plan(
        build_query("comext", hs=[f"{8542_3100 + i}" for i in range(60)], since="2022-01")
    )[1].param("product") == [f"{8542_3100 + i}" for i in range(50, 60)]


def test_bad_options_exit_2(tmp_path: Path) -> None:
    for args, message in (
        (["comtrade", "--reporter", "XXX", "--since", "2022-01"], "--reporter 'XXX'"),
        (["comtrade", "--hs", "870", "--since", "2022-01"], "--hs '870'"),
        (["comtrade", "--since", "2022-13"], "month 13 is not 01…12"),
        (["comtrade", "--reporter", "ARM"], "--since is required"),
        (["comext", "--since", "2022-01"], "comext needs --hs"),
        (["comext", "--hs", "8542", "--flow", "re-export", "--since", "2022-01"], "no re-exp"),
        (["baci", "--since", "2022-01"], "unknown source 'baci'"),
    ):
        res = runner.invoke(app, ["fetch", *args, "--dry-run", "-w", str(tmp_path)])
        assert res.exit_code == 2, (args, res.output)
        assert message in res.stderr, (args, res.stderr)
