"""The alert contract's evidence is strict JSON: NaN and infinity become null, keys are sorted."""

from __future__ import annotations

import json
import math

from shadowtrade.detect.alerts import alert_row


def _evidence(ev: dict[str, object]) -> str:
    row = alert_row(
        "route_break",
        ("A", "B"),
        score=0.4,
        origin="A",
        destination="B",
        hs_code="930690",
        period_start=None,
        period_end=None,
        summary="s",
        evidence=ev,
    )
    return str(row["evidence"])


def test_clean_evidence_is_written_as_it_is() -> None:
    ev = {"b": 1.5, "a": [1, 2], "series": {"2022-01": 3.0, "2021-12": 2.0}}
    assert _evidence(ev) == ('{"a": [1, 2], "b": 1.5, "series": {"2021-12": 2.0, "2022-01": 3.0}}')


def test_nan_and_infinity_become_null_at_any_depth() -> None:
    ev = {"ratio": math.nan, "series": {"2022-01": math.inf, "2022-02": 1.0}, "l": (math.nan, 2)}
    got = json.loads(_evidence(ev))
    assert got == {"ratio": None, "series": {"2022-01": None, "2022-02": 1.0}, "l": [None, 2]}


def test_keys_of_mixed_types_are_written_as_strings() -> None:
    got = _evidence({"years": {2021: 1.0, "2020": 2.0}})
    assert got == '{"years": {"2020": 2.0, "2021": 1.0}}'
