"""UN Comtrade through the official client, `comtradeapicall` (getFinalData with a key,
previewFinalData without).

The client calls the service with urllib3; on an answer other than 200 it prints the body and
returns None, so the body is captured from its stdout and read here: Azure API Management's
`{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 10 seconds."}`, its quota
and bad-key answers, or Comtrade's own `errorObject.errorMessage`. Rows keep the Comtrade Plus
columns exactly as the service named them; only whole-number codes that pandas turned into
floats (a column with a null) are written back as integers.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import re
from typing import Any

import pandas as pd

from shadowtrade.fetch import limits as L
from shadowtrade.fetch.errors import ServiceError, ThrottledAnswer
from shadowtrade.fetch.plan import Request, group_sizes, groups
from shadowtrade.fetch.query import FetchQuery, service_codes

FLOW_CODES = {"export": "X", "import": "M", "re-export": "RX", "re-import": "RM"}
KEYED = "https://comtradeapi.un.org/data/v1/get/C/{freq}/HS"
PREVIEW = "https://comtradeapi.un.org/public/v1/preview/C/{freq}/HS"
# Integer columns of the Comtrade Plus layout (a null among them makes pandas write '51.0').
INT_COLUMNS = (
    "refPeriodId", "refYear", "refMonth", "reporterCode", "partnerCode", "partner2Code",
    "aggrLevel", "motCode", "qtyUnitCode", "altQtyUnitCode", "legacyEstimationFlag",
)  # fmt: skip
_RETRY = re.compile(r"try again in (\d+(?:\.\d+)?) second", re.IGNORECASE)


class ComtradeClient:
    """Requests to the final-data endpoint; `key` None uses the keyless preview."""

    source = "comtrade"

    def __init__(self, key: str | None) -> None:
        self.key = key or None
        self.cap = int((L.COMTRADE_RECORDS_KEY if self.key else L.COMTRADE_RECORDS_PREVIEW).value)
        self.pause = L.COMTRADE_SECONDS_BETWEEN
        self._template = KEYED if self.key else PREVIEW
        self.service = self._template.format(freq="M")
        self._freq = "M"

    def limits(self) -> list[L.Limit]:
        recs = L.COMTRADE_RECORDS_KEY if self.key else L.COMTRADE_RECORDS_PREVIEW
        out = [L.COMTRADE_PERIODS, recs, self.pause]
        return [*out, L.COMTRADE_CALLS_PER_DAY] if self.key else out

    def plan(self, query: FetchQuery) -> list[Request]:
        """Requests of at most 12 periods whose records (reporters × partners × codes × flows ×
        periods, open lists counted as 250 areas) stay under the record cap."""
        self._freq = query.freq
        self.service = self._template.format(freq=query.freq)
        reps = service_codes(query.reporters, "comtrade_code", "Comtrade", "--reporter")
        parts = service_codes(query.partners, "comtrade_code", "Comtrade", "--partner")
        codes = list(query.hs) or ["TOTAL"]
        flows = [FLOW_CODES[f] for f in query.flows]
        dims = {
            "reporterCode": (len(reps) or L.COMTRADE_AREAS, bool(reps)),
            "partnerCode": (len(parts) or L.COMTRADE_AREAS, bool(parts)),
            "cmdCode": (len(codes), True),
            "flowCode": (len(flows), True),
        }
        why = "name --reporter and --partner" + ("" if self.key else ", or set $COMTRADE_API_KEY")
        sizes, per = group_sizes(dims, self.cap, why=why)
        n_periods = max(1, min(int(L.COMTRADE_PERIODS.value), self.cap // per))
        periods = [p.replace("-", "") for p in query.periods()]
        values = {"reporterCode": reps, "partnerCode": parts, "cmdCode": codes, "flowCode": flows}
        split: dict[str, list[list[str]]] = {
            k: groups(v, sizes[k]) if v else [[]] for k, v in values.items()
        }
        out: list[Request] = []
        for r, p, c, f in itertools.product(*split.values()):
            for chunk in groups(periods, n_periods):
                params = [("period", ",".join(chunk))]
                params += [("reporterCode", ",".join(r))] if r else []
                params += [("partnerCode", ",".join(p))] if p else []
                params += [("cmdCode", ",".join(c)), ("flowCode", ",".join(f))]
                out.append(Request(len(out) + 1, tuple(params)))
        return out

    def call(self, request: Request) -> pd.DataFrame:
        import comtradeapicall  # type: ignore[import-untyped]

        p = dict(request.params)
        args: dict[str, Any] = {
            "typeCode": "C",
            "freqCode": self._freq,
            "clCode": "HS",
            "period": p["period"],
            "reporterCode": p.get("reporterCode"),
            "cmdCode": p["cmdCode"],
            "flowCode": p["flowCode"],
            "partnerCode": p.get("partnerCode"),
            "partner2Code": None,
            "customsCode": None,
            "motCode": None,
            "maxRecords": self.cap,
            "format_output": "JSON",
            "breakdownMode": "classic",
            "includeDesc": True,
        }
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                if self.key:
                    df = comtradeapicall.getFinalData(self.key, **args)
                else:
                    df = comtradeapicall.previewFinalData(**args)
        except (ValueError, KeyError, TypeError) as exc:  # a 200 whose body is not the data
            raise ServiceError(f"UN Comtrade's answer could not be read: {exc}") from exc
        if df is None:
            raise read_error(printed.getvalue())
        if len(df) >= self.cap:
            raise ServiceError(
                f"UN Comtrade returned {len(df):,} records, its cap for one request: the answer"
                " is probably cut; narrow the query (--reporter, --partner, --hs)"
            )
        return as_text(df)


def read_error(printed: str) -> Exception:
    """What comtradeapicall printed for a non-200 answer → ThrottledAnswer or ServiceError."""
    text = printed.strip()
    status: int | None = None
    message = text
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict):
        raw = str(body.get("statusCode", ""))
        status = int(raw) if raw.isdigit() else None
        err_obj = body.get("errorObject")
        message = str(
            body.get("message")
            or (err_obj.get("errorMessage") if isinstance(err_obj, dict) else None)
            or body.get("error")
            or text
        )
    low = message.lower()
    if status == 429 or "rate limit" in low:
        m = _RETRY.search(message)
        return ThrottledAnswer(message, retry_after=float(m.group(1)) if m else None, quota=False)
    if "quota" in low:
        return ThrottledAnswer(message, retry_after=None, quota=True)
    if not message:
        message = "no answer (the client printed nothing)"
    where = f"HTTP {status}: " if status else ""
    return ServiceError(f"UN Comtrade answered {where}{message}", status)


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """The answer as strings, as the service wrote them: nulls empty, whole-number codes
    without a '.0', booleans as the JSON's true/false became (True/False)."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if col in INT_COLUMNS and pd.api.types.is_float_dtype(s):
            s = s.astype("Int64")
        out[col] = s.astype("string").fillna("")
    return out.reset_index(drop=True)
