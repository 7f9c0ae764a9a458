"""The shape of a graded allegation (DESIGN.md's `check --json` object), typed, so that the
CLI, the web app, the API and the report read the same fields without asserting their types."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

Grade = Literal["supported", "inconclusive", "contradicted"]


class Verdict(TypedDict):
    """One claim's verdict; a text with several claims adds `hypotheses`, one verdict per
    claim, the first repeated at the top level."""

    hypothesis: dict[str, Any]  # the claim as read: roles, goods, period, stance, the words
    grade: Grade
    confidence: float
    evidence: list[dict[str, Any]]  # alerts, cases and leg flows behind the grade
    summary: str
    hypotheses: NotRequired[list[Verdict]]
