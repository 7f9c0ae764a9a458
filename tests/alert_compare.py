"""Comparing two scans' alerts: the same ids, and equal columns, scores and evidence."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd


def _close(a: Any, b: Any) -> bool:
    """Equal, with floats equal to 1e-9 relative (sums in another order differ in the last bit)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _records(df: pd.DataFrame) -> dict[str, dict[str, Any]]:
    rows = json.loads(df.to_json(orient="records", date_format="iso"))
    out = {}
    for r in rows:
        r["evidence"] = json.loads(r["evidence"] or "{}")
        out[r["alert_id"]] = r
    return out
