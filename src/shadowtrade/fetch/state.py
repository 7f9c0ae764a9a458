"""A fetch's files in the workspace folder, which let an interrupted fetch resume.

    <workspace>/fetched/<source>-<key>.parts/plan.json   the planned requests
    <workspace>/fetched/<source>-<key>.parts/0001.csv    each completed request's rows
    <workspace>/fetched/<source>-<key>.csv               the whole answer, once complete
    <workspace>/fetched/<source>-<key>.json              the query, plan and notes behind it

`key` is the digest of the query, so the same command finds the same parts. Parts are written
to a temporary name and renamed, so a fetch killed mid-write leaves no half part. Nothing
here touches the workspace's tables: those change only when the complete file is ingested.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from shadowtrade.fetch.plan import Request
from shadowtrade.fetch.query import FetchQuery


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class FetchState:
    """The saved parts of one query's fetch."""

    def __init__(self, workspace: Path, query: FetchQuery) -> None:
        self.root = workspace / "fetched"
        self.name = f"{query.source}-{query.key()}"
        self.parts = self.root / f"{self.name}.parts"
        self.csv = self.root / f"{self.name}.csv"
        self.record = self.root / f"{self.name}.json"

    def start(self, requests: list[Request]) -> bool:
        """Record the plan; parts saved under another plan are dropped. True when parts of an
        earlier run of the same plan are kept."""
        plan = json.dumps([r.params for r in requests])
        plan_file = self.parts / "plan.json"
        if plan_file.exists() and plan_file.read_text(encoding="utf-8") != plan:
            self.clear()
        kept = bool(self.done())
        self.parts.mkdir(parents=True, exist_ok=True)
        _write_atomic(plan_file, plan)
        return kept

    def done(self) -> set[int]:
        """Numbers of the requests whose answers are saved."""
        if not self.parts.is_dir():
            return set()
        return {int(p.stem) for p in self.parts.glob("[0-9]*.csv")}

    def save(self, index: int, rows: pd.DataFrame) -> None:
        """One request's rows (an empty answer is an empty file: done, nothing to add)."""
        text = rows.to_csv(index=False) if len(rows) else ""
        _write_atomic(self.parts / f"{index:04d}.csv", text)

    def load(self) -> pd.DataFrame:
        """Every saved answer, in request order, as text (codes keep their leading zeros)."""
        frames = [
            pd.read_csv(p, dtype=str, keep_default_na=False, na_filter=False)
            for p in sorted(self.parts.glob("[0-9]*.csv"))
            if p.stat().st_size
        ]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def finish(self, rows: pd.DataFrame, record: dict[str, Any]) -> None:
        """Write the complete file and what produced it; the parts are no longer needed."""
        self.root.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.csv, rows.to_csv(index=False))
        _write_atomic(self.record, json.dumps(record, indent=2, sort_keys=True))
        shutil.rmtree(self.parts, ignore_errors=True)

    def clear(self) -> None:
        """Forget this query's parts and file (`--refresh`, or a changed plan)."""
        shutil.rmtree(self.parts, ignore_errors=True)
        self.csv.unlink(missing_ok=True)
        self.record.unlink(missing_ok=True)
