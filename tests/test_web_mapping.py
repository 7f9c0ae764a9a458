"""A column mapping with a web upload (docs/web.md, docs/mapping.md): a shipped mapping chosen
by name or a mapping file sent with the data, through the REST API and the upload form, read
as `shadowtrade ingest --mapping` reads it; a mapping that cannot be used is refused before
anything is kept, in the CLI's words, and the form says so in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import DATA, finished_job
from typer.testing import CliRunner

import shadowtrade
from shadowtrade.cli import app as cli
from shadowtrade.web.access import add_user
from shadowtrade.web.app import create_app

SHEETS = DATA / "spreadsheets"
LADING = DATA / "bill_of_lading_sample.csv"
# A mapping with a role no trade mapping has.
BAD = b"name: bad\ncolumns:\n  partner: Partner\n  colour: Hue\n"
ROLES = "reporter, partner, flow, period, year, month, hs_code, hs_version, value, weight"
BAD_SAID = f": mapping error: unknown role 'colour'; roles are {ROLES}, quantity, quantity_unit"
SHIPPED = ("armenia_trade_by_country, bill_of_lading_us, korean_customs_declarations,"
           " uzbekistan_imports_wide")  # fmt: skip


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str], Path]]:
    ws = shadowtrade.open(tmp_path / "ws")
    token = add_user(ws, "boss", "admin")
    ws.close()
    with TestClient(create_app(tmp_path / "ws")) as client:
        yield client, {"Authorization": f"Bearer {token}"}, tmp_path / "ws"


def _kept(ws: Path) -> list[str]:
    uploads = ws / "uploads"
    return sorted(p.name for p in uploads.rglob("*") if p.is_file()) if uploads.exists() else []


def test_the_api_takes_a_shipped_mapping_by_name_or_a_mapping_file(web: Any) -> None:
    client, h, _ = web
    assert client.get("/api/v1/mappings", headers=h).json() == {"items": [
        {"name": "armenia_trade_by_country", "kind": "trade"},
        {"name": "bill_of_lading_us", "kind": "shipments"},
        {"name": "korean_customs_declarations", "kind": "shipments"},
        {"name": "uzbekistan_imports_wide", "kind": "trade"},
    ]}  # fmt: skip
    # A shipped mapping by name: the CLI's figures for this file (tests/test_cli.py).
    r = client.post("/api/v1/ingest?fmt=shipments&mapping=bill_of_lading_us", headers=h,
                    files={"file": ("lading.csv", LADING.read_bytes())})  # fmt: skip
    assert r.status_code == 202, r.text
    job = finished_job(client, r.json()["job_id"], h)
    assert job["state"] == "done", job
    res = job["result"]
    assert (res["rows_read"], res["accepted"], res["quarantined"]) == (3, 2, 1)
    assert res["mapping"] == "bill_of_lading_us"
    # A mapping file with a workbook whose layout nothing recognises: the CLI's figures.
    sent = {
        "file": ("exports.xlsx", (SHEETS / "national_exports_by_partner.xlsx").read_bytes()),
        "mapping_file": ("national.yaml", (SHEETS / "national_exports.yaml").read_bytes()),
    }
    r = client.post("/api/v1/ingest", headers=h, files=sent)
    job = finished_job(client, r.json()["job_id"], h)
    assert job["state"] == "done", job
    res = job["result"]
    assert (res["layout"], res["rows_read"], res["accepted"], res["quarantined"],
            res["skipped"]) == ("mapping:national-exports", 15, 9, 1, 5)  # fmt: skip
    assert res["mapping"] == "national.yaml"
    audit = client.get("/api/v1/audit", headers=h).json()["entries"]
    assert [e["new_value"] for e in audit if e["action"] == "ingest"] == [
        "lading.csv: import 1 (mapping bill_of_lading_us)",
        "exports.xlsx: import 2 (mapping national.yaml)",
    ]


def test_a_mapping_that_cannot_be_used_is_refused_in_the_clis_words_nothing_kept(
    web: Any, tmp_path: Path
) -> None:
    client, h, ws = web
    data = {"file": ("exports.xlsx", (SHEETS / "national_exports_by_partner.xlsx").read_bytes())}
    r = client.post("/api/v1/ingest", headers=h,
                    files={**data, "mapping_file": ("bad.yaml", BAD)})  # fmt: skip
    assert r.status_code == 422 and r.json() == {"detail": "bad.yaml" + BAD_SAID}
    # The CLI says the same of the same file (named by the path it was given).
    (tmp_path / "bad.yaml").write_bytes(BAD)
    said = CliRunner().invoke(cli, ["ingest", str(SHEETS / "national_exports_by_partner.xlsx"),
                                    "--mapping", str(tmp_path / "bad.yaml"), "-w",
                                    str(tmp_path / "cli")])  # fmt: skip
    assert said.exit_code == 2 and "bad.yaml" + BAD_SAID in " ".join(said.output.split())
    refusals = {
        "?mapping=nope": f"mapping 'nope': no shipped mapping has that name; the shipped ones"
        f" are {SHIPPED} (docs/mapping.md)",
        "?mapping=bill_of_lading_us": "bill_of_lading_us: mapping error: unknown role"
        " 'shipment_id' (a mapping of shipment records: format shipments reads it); roles are"
        f" {ROLES}, quantity, quantity_unit",
        # The name the mapping gives itself finds the same file (tester D19: it was refused).
        "?mapping=bill-of-lading-us": "bill_of_lading_us: mapping error: unknown role"
        " 'shipment_id' (a mapping of shipment records: format shipments reads it); roles are"
        f" {ROLES}, quantity, quantity_unit",
        "?fmt=ofac-sdn&mapping=bill_of_lading_us": "a sanctions list (ofac-sdn) is read without"
        " a column mapping",
    }
    for query, detail in refusals.items():
        r = client.post(f"/api/v1/ingest{query}", headers=h, files=data)
        assert (r.status_code, r.json()) == (422, {"detail": detail}), query
    r = client.post("/api/v1/ingest?mapping=bill_of_lading_us", headers=h,
                    files={**data, "mapping_file": ("bad.yaml", BAD)})  # fmt: skip
    assert r.json() == {"detail": "give a shipped mapping or a mapping file, not both"}
    assert _kept(ws) == [] and client.get("/api/v1/jobs", headers=h).json()["items"] == []


def test_the_upload_form_offers_the_mappings_and_says_a_refusal_in_the_form(web: Any) -> None:
    client, h, ws = web
    form = client.get("/ingest", headers=h).text
    assert '<option value="bill_of_lading_us">bill_of_lading_us (format shipments)</option>' in form
    assert '<option value="uzbekistan_imports_wide">uzbekistan_imports_wide</option>' in form
    assert 'type="file" name="mapping_file"' in form
    formats = ("auto", "comtrade", "baci", "comext", "shipments", "ofac-sdn", "eu-fsf", "un-sc",
               "ftm")  # fmt: skip
    assert (
        "".join(f"<option{' selected' if f == 'auto' else ''}>{f}</option>" for f in formats)
        in form
    )
    assert form.count(">auto</option>") == 1
    data = {"file": ("exports.xlsx", (SHEETS / "national_exports_by_partner.xlsx").read_bytes())}
    r = client.post("/ingest", headers=h, data={"fmt": "comext"},
                    files={**data, "mapping_file": ("bad.yaml", BAD)})  # fmt: skip
    assert r.status_code == 422
    said = "bad.yaml" + BAD_SAID.replace("'", "&#39;")
    assert f'<p class="error" id="upload-error">{said}</p>' in r.text
    assert "<option selected>comext</option>" in r.text  # the form keeps what it held
    assert _kept(ws) == []
    # Chosen by name in the form: the job reads the file with it.
    r = client.post(
        "/ingest",
        headers=h,
        follow_redirects=False,
        data={"fmt": "shipments", "mapping": "bill_of_lading_us"},
        files={"file": ("lading.csv", LADING.read_bytes()), "mapping_file": ("", b"")},
    )  # an empty file field, as browsers send it
    assert r.status_code == 303, r.text
    job = finished_job(client, r.headers["location"].split("job=")[1], h)
    assert job["state"] == "done" and job["result"]["accepted"] == 2, job


def test_the_cli_takes_a_shipped_mapping_by_name_too(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    args = ["ingest", "--format", "shipments", str(LADING), "-w", ws]
    res = CliRunner().invoke(cli, [*args, "--mapping", "bill_of_lading_us"])
    assert res.exit_code == 0, res.output
    assert "read 3 rows: 2 accepted, 1 quarantined" in res.output
    res = CliRunner().invoke(cli, [*args, "--mapping", "bill-of-lading-us", "-w", ws + "2"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, [*args, "--mapping", "nope"])
    assert res.exit_code == 2
    assert (f"mapping 'nope': no such file, and no shipped mapping has that name; the shipped"
            f" ones are {SHIPPED} (docs/mapping.md)") in " ".join(res.output.split())  # fmt: skip
