"""Eurostat Comext through its published API Statistics (JSON-stat 2.0), dataset DS-045409
("EU trade since 1988 by HS2-4-6 and CN8").

Request: `https://ec.europa.eu/eurostat/api/comext/dissemination/statistics/1.0/data/DS-045409
?format=JSON&lang=EN&freq=M&reporter=DE&partner=RU&product=85423100&flow=2
&indicators=VALUE_IN_EUROS&indicators=QUANTITY_IN_100KG&time=2022-01…` (Eurostat, "API
Statistics - data query"; a filter repeats for several values). The answer is one JSON-stat
dataset: `id` and `size` give the dimensions in order, `dimension.<id>.category.index` each
code's position, and `value` the non-empty cells keyed by their flat (row-major) index; a query
that matches nothing has `value: {}`. Errors come as `{"error": [{"status", "id", "label"}]}`
(fault 100 "No results found" is an empty answer, not a failure); an extraction too large to
answer at once comes as a `warning` with status 413 ("Please try again later") and is retried
like a throttling answer.

Rows are written in the Comext bulk layout (DECLARANT_ISO, PARTNER_ISO, PRODUCT_NC, FLOW,
PERIOD, VALUE_IN_EUROS, QUANTITY_IN_KG) that `ingest --format comext` reads; the API's
QUANTITY_IN_100KG is multiplied by 100 into QUANTITY_IN_KG (said in the fetch's notes).
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np
import pandas as pd
import urllib3

from shadowtrade.errors import InputError
from shadowtrade.fetch import limits as L
from shadowtrade.fetch.errors import ServiceError, ThrottledAnswer
from shadowtrade.fetch.plan import Request, groups
from shadowtrade.fetch.query import FetchQuery, service_codes

DATASET = "DS-045409"
BASE = "https://ec.europa.eu/eurostat/api/comext/dissemination/statistics/1.0/data/"
FLOW_CODES = {"import": "1", "export": "2"}
INDICATORS = ("VALUE_IN_EUROS", "QUANTITY_IN_100KG")
COLUMNS = [
    "DECLARANT_ISO", "PARTNER_ISO", "PRODUCT_NC", "FLOW", "PERIOD", "VALUE_IN_EUROS",
    "QUANTITY_IN_KG",
]  # fmt: skip
NO_RESULTS = 100  # Eurostat fault code "No results found": the query matched no data


class ComextClient:
    """Requests to API Statistics for DS-045409, in groups of codes and years."""

    source = "comext"
    service = BASE + DATASET
    pause = L.COMEXT_SECONDS_BETWEEN

    def __init__(self, http: urllib3.PoolManager | None = None) -> None:
        self.http = http or urllib3.PoolManager()
        self._freq = "M"

    def limits(self) -> list[L.Limit]:
        return [L.COMEXT_PERIODS, L.COMEXT_CODES, self.pause]

    def plan(self, query: FetchQuery) -> list[Request]:
        if not query.hs:
            raise InputError(
                "comext needs --hs: DS-045409 holds about 10,000 CN8 codes; name the HS2/4/6 or"
                " CN8 codes to fetch"
            )
        self._freq = query.freq
        reps = service_codes(query.reporters, "iso2", "Comext", "--reporter")
        parts = service_codes(query.partners, "iso2", "Comext", "--partner")
        out: list[Request] = []
        code_groups = groups(query.hs, int(L.COMEXT_CODES.value))
        period_groups = groups(query.periods(), int(L.COMEXT_PERIODS.value))
        for codes, periods in itertools.product(code_groups, period_groups):
            params = [("format", "JSON"), ("lang", "EN"), ("freq", query.freq)]
            params += [("reporter", r) for r in reps] + [("partner", p) for p in parts]
            params += [("product", c) for c in codes]
            params += [("flow", FLOW_CODES[f]) for f in query.flows]
            params += [("indicators", i) for i in INDICATORS]
            params += [("time", t) for t in periods]
            out.append(Request(len(out) + 1, tuple(params)))
        return out

    def call(self, request: Request) -> pd.DataFrame:
        try:
            resp = self.http.request(
                "GET", self.service, fields=list(request.params), timeout=120.0, retries=False
            )
        except urllib3.exceptions.HTTPError as exc:
            raise ServiceError(f"Eurostat could not be reached: {exc}") from exc
        body = resp.data.decode("utf-8", errors="replace")
        if resp.status == 429:
            after = resp.headers.get("Retry-After")
            wait = float(after) if after and after.isdigit() else None
            raise ThrottledAnswer(f"HTTP 429: {body[:200]}", retry_after=wait, quota=False)
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        if not isinstance(doc, dict):
            raise ServiceError(f"Eurostat answered HTTP {resp.status}: {body[:300]}", resp.status)
        warning = doc.get("warning")
        if isinstance(warning, dict) and str(warning.get("status")) == "413":
            # "ASYNCHRONOUS_RESPONSE. Your request will be treated asynchronously. Please try
            # again later.": the extraction is being prepared; asking again later gets it.
            raise ThrottledAnswer(str(warning.get("label")), retry_after=None, quota=False)
        if "error" in doc or resp.status != 200:
            status, fault, label = read_error(doc, resp.status)
            if fault == NO_RESULTS:
                return pd.DataFrame(columns=COLUMNS, dtype="string")
            raise ServiceError(f"Eurostat answered HTTP {status}: {label}", status)
        return bulk_rows(doc, annual=self._freq == "A")


def read_error(doc: dict[str, Any], http_status: int) -> tuple[int, int | None, str]:
    """(status, fault id, label) of an API Statistics error body; the body is `{"error": {...}}`
    (the documented form wraps it in a list: `{"error": [{...}]}`)."""
    err = doc.get("error")
    if isinstance(err, list):
        err = err[0] if err else {}
    if not isinstance(err, dict):
        return http_status, None, json.dumps(doc)[:300]
    fault = str(err.get("id", ""))
    status = str(err.get("status", ""))
    return (
        int(status) if status.isdigit() else http_status,
        int(fault) if fault.isdigit() else None,
        str(err.get("label") or json.dumps(err)),
    )


def _positions(dim: dict[str, Any]) -> list[str]:
    """A dimension's codes in position order (`category.index` is a dict or a list)."""
    index = dim["category"]["index"]
    if isinstance(index, list):
        return [str(c) for c in index]
    ordered = sorted(index.items(), key=lambda kv: kv[1])
    return [str(code) for code, _ in ordered]


def bulk_rows(doc: dict[str, Any], *, annual: bool = False) -> pd.DataFrame:
    """A JSON-stat dataset → Comext bulk rows (strings), one per reporter, partner, product,
    flow and period with a value or a quantity; cells the answer leaves out are absent."""
    ids: list[str] = doc["id"]
    sizes: list[int] = doc["size"]
    values = doc.get("value") or {}
    if isinstance(values, list):  # dense form: nulls are empty cells
        cells = {i: v for i, v in enumerate(values) if v is not None}
    else:
        cells = {int(k): v for k, v in values.items() if v is not None}
    if not cells:
        return pd.DataFrame(columns=COLUMNS, dtype="string")
    flat = np.fromiter(cells.keys(), dtype=np.int64, count=len(cells))
    pos = np.unravel_index(flat, tuple(sizes))
    codes = {d: np.asarray(_positions(doc["dimension"][d]), dtype=object) for d in ids}
    frame = pd.DataFrame({d: codes[d][p] for d, p in zip(ids, pos, strict=True)})
    frame["value"] = list(cells.values())
    keys = ["reporter", "partner", "product", "flow", "time"]
    wide = frame.pivot_table(index=keys, columns="indicators", values="value", aggfunc="first")
    wide = wide.reset_index()
    period = wide["time"].str.replace("-", "", regex=False)
    out = pd.DataFrame(
        {
            "DECLARANT_ISO": wide["reporter"],
            "PARTNER_ISO": wide["partner"],
            "PRODUCT_NC": wide["product"],
            "FLOW": wide["flow"],
            # Comext bulk writes a year's total as period YYYY52.
            "PERIOD": period + "52" if annual else period,
            "VALUE_IN_EUROS": _text(wide.get("VALUE_IN_EUROS")),
            "QUANTITY_IN_KG": _text(wide.get("QUANTITY_IN_100KG"), scale=100),
        }
    )
    return out.astype("string").fillna("").reset_index(drop=True)


def _text(col: pd.Series[Any] | None, scale: int = 1) -> pd.Series[Any] | str:
    """Numbers as plain text ('1250', '12.5'), nulls empty."""
    if col is None:
        return ""
    nums = pd.to_numeric(col, errors="coerce") * scale
    return nums.map(_number)


def _number(v: float) -> str:
    if pd.isna(v):
        return ""
    return f"{v:.0f}" if v == int(v) else f"{v:.6f}".rstrip("0").rstrip(".")
