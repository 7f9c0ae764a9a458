"""Cases: alerts grouped by route, country pair or company, scored, triaged, with an audit log."""

from shadowtrade.cases.store import build_cases, case_detail, ensure_cases, find_case, list_cases
from shadowtrade.cases.triage import STATUSES, triage

__all__ = [
    "STATUSES",
    "build_cases",
    "case_detail",
    "ensure_cases",
    "find_case",
    "list_cases",
    "triage",
]
