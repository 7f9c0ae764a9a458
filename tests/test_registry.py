"""The detector registry: parameters are data, overrides are typed, names are unique."""

from __future__ import annotations

from typing import Any

import ibis
import pytest

from shadowtrade.detect.registry import Detector, Parameter


def _run(_ws: Any, _params: dict[str, Any]) -> ibis.Table:
    return ibis.memtable({"alert_id": ["x"]})


DETECTOR = Detector(
    name="example",
    description="finds nothing in particular",
    reads=("trade_flows",),
    run=_run,
    parameters=(
        Parameter("min_months", 3, "months a gap must last"),
        Parameter("threshold", 0.5, "score cut-off"),
    ),
)


def test_defaults_and_typed_overrides() -> None:
    assert DETECTOR.params() == {"min_months": 3, "threshold": 0.5}
    # --set example.min_months=6 arrives as text and is cast to the default's type.
    assert DETECTOR.params({"min_months": "6", "threshold": "0.8"}) == {
        "min_months": 6,
        "threshold": 0.8,
    }


def test_unknown_parameter_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"example has no parameter 'depth'.*min_months, threshold"):
        DETECTOR.params({"depth": "2"})


def test_detector_docs_are_current() -> None:
    """docs/detectors.md is generated from the registry; regenerate it after a change."""
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_detector_docs.py"
    spec = importlib.util.spec_from_file_location("build_detector_docs", script)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.OUT.read_text(encoding="utf-8") == mod.render()


def test_detector_metadata_lives_in_the_registry() -> None:
    """Cases read a detector's source, sides and words from the registry, not their own lists."""
    from shadowtrade.cases.scoring import DETECTOR_WORDS, SIDED_DETECTORS, STATISTICS_DETECTORS
    from shadowtrade.detect.catalog import all_detectors, detector_words, detectors_where

    for d in all_detectors():
        assert d.words and d.source in {"statistics", "consignments", "lists"}, d.name
        assert d.sides in {"one", "both", "mirror", "route"}, d.name
    assert detectors_where(sides="both") == {"route_break", "unit_value"} == SIDED_DETECTORS
    assert "deflection" in STATISTICS_DETECTORS and "list_match" not in STATISTICS_DETECTORS
    assert detectors_where(source="consignments") == {
        "consignment_anomaly", "description_mismatch", "document_reuse", "route_mismatch",
    }  # fmt: skip
    assert DETECTOR_WORDS["deflection"] == detector_words()["deflection"]
