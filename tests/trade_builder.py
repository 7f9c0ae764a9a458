"""Hand-built trade tables for detector tests: monthly series written as a small CSV."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from shadowtrade.workspace import Workspace

HEADER = "period,trade_flow,reporter_iso,partner_iso,commodity_code,trade_value_usd,netweight_kg\n"


def months(first: str, last: str) -> list[str]:
    """'2022-01', '2022-03' → ['202201', '202202', '202203']."""
    return [d.strftime("%Y%m") for d in pd.date_range(f"{first}-01", f"{last}-01", freq="MS")]


class Trade:
    """Rows of reported flows; `write` ingests them into a workspace."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def series(
        self,
        flow: str,
        reporter: str,
        partner: str,
        code: str,
        periods: Iterable[str],
        values: float | Iterable[float],
        usd_per_kg: float = 20.0,
    ) -> Trade:
        ps = list(periods)
        vs = [float(values)] * len(ps) if isinstance(values, int | float) else list(values)
        assert len(vs) == len(ps)
        for p, v in zip(ps, vs, strict=True):
            self.lines.append(
                f"{p},{flow},{reporter},{partner},{code},{v:.0f},{v / usd_per_kg:.0f}\n"
            )
        return self

    def both(
        self,
        exporter: str,
        importer: str,
        code: str,
        periods: Iterable[str],
        values: float | Iterable[float],
        cif: float = 1.06,
        lag: int = 0,
    ) -> Trade:
        """A flow both sides report: the importer at CIF, `lag` months later."""
        ps = list(periods)
        vs = [float(values)] * len(ps) if isinstance(values, int | float) else list(values)
        self.series("Export", exporter, importer, code, ps, vs)
        shifted = [
            (pd.Timestamp(f"{p[:4]}-{p[4:]}-01") + pd.DateOffset(months=lag)).strftime("%Y%m")
            for p in ps
        ]
        return self.series("Import", importer, exporter, code, shifted, [v * cif for v in vs])

    def write(self, ws: Workspace, path: Path) -> Workspace:
        path.write_text(HEADER + "".join(self.lines))
        r = ws.ingest(path)
        assert r.quarantined == 0
        return ws
