"""The detector registry: detectors declare their name, inputs and parameters as data.

A detector is a pure function from workspace tables to an Ibis table of the alert contract
(schema.ALERTS). Parameters are data with a default and a one-line help, so that the CLI
(`shadowtrade detectors`), `--set NAME.PARAM=VALUE` and the docs share one source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from shadowtrade.scan_context import ScanContext


@dataclass(frozen=True)
class Parameter:
    name: str
    default: Any
    help: str


@dataclass(frozen=True)
class TradeInputs:
    """What a trade-statistics detector can use of `trade_flows`: HS levels and frequencies,
    and why it cannot use the rest (keys: a level as '2', a frequency as 'A'), for the scan's
    account of what it read and skipped."""

    levels: tuple[int, ...] = (2, 4, 6)
    freqs: tuple[str, ...] = ("M",)
    why_not: tuple[tuple[str, str], ...] = ()
    # It also reads the all-goods totals kept in `trade_aggregates` (mirror_gap's annual
    # comparison): a scan of totals only has not left it with nothing to use.
    totals: bool = False


@dataclass(frozen=True)
class Detector:
    name: str
    description: str
    reads: tuple[str, ...]
    run: Callable[[ScanContext, dict[str, Any]], ir.Table]
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    # Where the detector's expressions run; one that needs DuckDB says why in its docstring.
    engines: tuple[str, ...] = ("duckdb", "spark")
    # For detectors of trade statistics: the levels and frequencies of `trade_flows` they use.
    trade: TradeInputs | None = None
    # What the detector means, read by cases, claims, reports and the web app from here:
    # `source` — 'statistics' (trade statistics), 'consignments' (customs records) or 'lists';
    # `words` — the finding in a few words (a case's line of evidence);
    # `sides` — 'one' (one record), 'both' (both sides' records of one pattern are one line of
    # evidence), 'mirror' (the sides disagree: the finding is the disagreement) or 'route' (one
    # line per route, whatever its legs);
    # `finding_kinds` — the sub-kinds it reports (`alerts.finding_kind` reads them from the
    # evidence); `evidence_fields` — the evidence keys a person rechecks the finding with.
    source: str = "statistics"
    words: str = ""
    sides: str = "one"
    finding_kinds: tuple[str, ...] = ()
    evidence_fields: tuple[str, ...] = ()
    # Columns the detector reads its findings from, (table, columns, what they hold): with no
    # row holding any of them it could find nothing, and the scan says it was not run rather
    # than 'run, 0 alerts', which reads as checked and clean.
    needs_values: tuple[tuple[str, tuple[str, ...], str], ...] = ()

    def params(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Defaults with the user's overrides, each cast to the default's type."""
        values = {p.name: p.default for p in self.parameters}
        for k, v in (overrides or {}).items():
            if k not in values:
                known = ", ".join(values) or "none"
                raise KeyError(f"{self.name} has no parameter {k!r} (parameters: {known})")
            values[k] = type(values[k])(v)
        return values


_REGISTRY: dict[str, Detector] = {}


def register(detector: Detector) -> Detector:
    """Add a detector to the registry (once per name), and return it."""
    if detector.name in _REGISTRY:
        raise ValueError(f"detector {detector.name!r} registered twice")
    _REGISTRY[detector.name] = detector
    return detector


def registered() -> list[Detector]:
    """The detectors registered so far, by name (`catalog.all_detectors` imports them all)."""
    return sorted(_REGISTRY.values(), key=lambda d: d.name)
