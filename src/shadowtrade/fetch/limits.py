"""The services' limits as data, each with where it is published (docs/fetch.md lists the same).

A fetch is split into requests that keep to these numbers; the CLI prints them before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """One published limit: its value, what it bounds and where the number comes from."""

    name: str
    value: float
    help: str
    source: str


# UN Comtrade (https://comtradeapi.un.org). Sources:
# - periods: comtradr `ct_check_params.R` (`check_date`): "cannot search more than twelve
#   consecutive years/months in a single query" (the API's own rule, enforced client-side).
# - records with a key: comtradr vignette "large data" (docs.ropensci.org/comtradr/articles/
#   large_data.html): the free tier allows "500 calls per day, of which each can take up to
#   100.000 rows"; the same two numbers in the `comtrade` R package (`ct_set_key`).
# - records without a key: comtradeapicall README: `previewFinalData` "limited to 500 records".
# - pacing: comtradr `ct_perform_request.R` throttles "1 request per 6 seconds, or 10 requests
#   per minute" and retries 429/403 answers after the service's Retry-After.
COMTRADE_PERIODS = Limit(
    "periods_per_request",
    12,
    "months (or years) in one request",
    "comtradr ct_check_params.R, check_date",
)
COMTRADE_RECORDS_KEY = Limit(
    "records_per_request",
    100_000,
    "records in one answer with a free API key",
    "comtradr vignette 'large data'; comtrade R package ct_set_key",
)
COMTRADE_RECORDS_PREVIEW = Limit(
    "records_per_request",
    500,
    "records in one answer of the keyless preview endpoint",
    "comtradeapicall README (previewFinalData: limited to 500 records)",
)
COMTRADE_CALLS_PER_DAY = Limit(
    "requests_per_day",
    500,
    "requests a day with a free API key",
    "comtradr vignette 'large data'; comtrade R package ct_set_key",
)
COMTRADE_SECONDS_BETWEEN = Limit(
    "seconds_between_requests",
    6.0,
    "seconds between two requests (10 a minute)",
    "comtradr ct_perform_request.R (req_throttle, 1 request per 6 seconds)",
)
# An upper bound on partners (or reporters) when the query leaves them open: Comtrade's partner
# list has about 250 areas; used only to size requests, never sent.
COMTRADE_AREAS = 250

# Eurostat Comext (API Statistics, JSON-stat 2.0). Eurostat publishes no per-request record cap
# or rate; its API FAQ (wikis.ec.europa.eu/x/5giyBQ, "Why does ... reject my data query with
# 400") says over-long URLs are refused, so codes are sent in groups and months by the year.
COMEXT_PERIODS = Limit(
    "periods_per_request",
    12,
    "months (or years) in one request (keeps answers and URLs small)",
    "Eurostat API FAQ: over-long query URLs are refused with HTTP 400",
)
COMEXT_CODES = Limit(
    "codes_per_request",
    50,
    "product codes in one request (each is one more &product= in the URL)",
    "Eurostat API FAQ: over-long query URLs are refused with HTTP 400",
)
COMEXT_SECONDS_BETWEEN = Limit(
    "seconds_between_requests",
    1.0,
    "second between two requests (no published rate; a polite client)",
    "none published",
)

# Within one run, a throttled request (HTTP 429) is retried this many times, waiting what the
# service asks ("Try again in N seconds") or else BACKOFF_SECONDS doubling each time; then the
# fetch stops and can be resumed by running the same command again.
RETRIES_AFTER_429 = 3
BACKOFF_SECONDS = 10.0
