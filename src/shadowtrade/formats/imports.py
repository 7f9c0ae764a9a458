"""The `imports` table: one row per ingested file, written inside the ingest's transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shadowtrade.workspace import Workspace


@dataclass
class FileIngestResult:
    """What one ingested file gave: counts, reasons, or the earlier import it duplicates."""

    file: Path
    import_id: int | None = None
    rows_read: int = 0
    accepted: int = 0
    quarantined: int = 0
    skipped: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)
    duplicate_of: int | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # how the file was read, in words


def earlier_import(ws: Workspace, sha256: str) -> int | None:
    """The first import of the same bytes, if any: ingesting them again changes nothing."""
    row = ws.raw.execute(
        "SELECT import_id FROM imports WHERE sha256 = ? ORDER BY import_id LIMIT 1", [sha256]
    ).fetchone()
    return int(row[0]) if row is not None else None


def next_import_id(ws: Workspace) -> int:
    """The id the next import takes (inside the writer's lock, so no two take the same)."""
    row = ws.raw.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
    return int(row[0]) if row else 1


def record_import(
    ws: Workspace,
    *,
    import_id: int,
    path: Path,
    sha256: str,
    fmt: str,
    layout: str,
    target_table: str,
    rows_read: int,
    accepted: int,
    quarantined: int,
    skipped: int,
    by_reason: dict[str, int],
    started_at: datetime,
    profile: dict[str, Any] | None = None,
) -> None:
    """Insert the file's row (aggregates 0, no overlaps: those are trade-statistics notions);
    `profile` holds what was read and decided (notes), as `imports.profile`."""
    ws.raw.execute(
        "INSERT INTO imports BY NAME SELECT ? AS import_id, ? AS file_name, ? AS path,"
        " ? AS sha256, ? AS format, ? AS layout, ? AS target_table, ? AS rows_read,"
        " ? AS accepted, 0 AS aggregates, ? AS quarantined, ? AS skipped,"
        " ? AS quarantine_by_reason, '{}' AS overlapping_imports, ? AS started_at,"
        " ? AS finished_at, ? AS profile",
        [
            import_id, path.name, str(path.resolve()), sha256, fmt, layout, target_table,
            rows_read, accepted, quarantined, skipped, json.dumps(by_reason, sort_keys=True),
            started_at, datetime.now(),
            None if profile is None else json.dumps(profile, default=str),
        ],
    )  # fmt: skip
