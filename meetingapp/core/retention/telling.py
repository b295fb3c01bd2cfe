"""Telling the user: what retention removed, when, why, and what became of the
writing, as the removal log keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from meetingapp.core.retention.user_writing import WritingOutcome
from meetingapp.oparl.scope import RemovalReason
from meetingapp.store import sql
from meetingapp.store.removed import RemovedKind

__all__ = [
    "LOG_DAYS",
    "LoggedRemoval",
    "mark_removals_noticed",
    "removal_log",
    "unnoticed_removals",
]

LOG_DAYS: Final = 90
"""Days the removal log keeps an entry (the names of what was removed)."""


@dataclass(frozen=True, slots=True)
class LoggedRemoval:
    """One entry of the removal log, as the user is told it."""

    id: int
    run_at: str
    object_id: str
    kind: RemovedKind
    name: str
    meeting_name: str | None
    meeting_start: str | None
    reason: RemovalReason
    detail: str | None
    versions: int
    bytes: int
    writing: WritingOutcome
    export_path: Path | None
    noticed: bool


_LOG_COLUMNS: Final = (
    "id, run_at, object_id, kind, name, meeting_name, meeting_start, reason, detail, "
    "versions, bytes, writing, export_path, noticed"
)


def _logged(row: sql.Row) -> LoggedRemoval:
    return LoggedRemoval(
        id=row["id"],
        run_at=row["run_at"],
        object_id=row["object_id"],
        kind=RemovedKind(row["kind"]),
        name=row["name"],
        meeting_name=row["meeting_name"],
        meeting_start=row["meeting_start"],
        reason=RemovalReason(row["reason"]),
        detail=row["detail"],
        versions=row["versions"],
        bytes=row["bytes"],
        writing=WritingOutcome(row["writing"]),
        export_path=Path(row["export_path"]) if row["export_path"] else None,
        noticed=bool(row["noticed"]),
    )


def removal_log(db: sql.Connection, run_at: str | None = None) -> list[LoggedRemoval]:
    """What retention removed (of one run, or of the last ``LOG_DAYS`` days), the
    latest run first, in meeting and name order within a run."""
    where, parameters = ("WHERE run_at = ?", (run_at,)) if run_at is not None else ("", ())
    rows = db.execute(
        f"SELECT {_LOG_COLUMNS} FROM removal_log {where} "
        "ORDER BY run_at DESC, meeting_start, meeting_name, name, id",
        parameters,
    )
    return [_logged(row) for row in rows]


def unnoticed_removals(db: sql.Connection) -> list[LoggedRemoval]:
    rows = db.execute(
        f"SELECT {_LOG_COLUMNS} FROM removal_log WHERE noticed = 0 ORDER BY run_at DESC, id"
    )
    return [_logged(row) for row in rows]


def mark_removals_noticed(db: sql.Connection) -> None:
    """The user has been told of the removals so far (call inside a write)."""
    db.execute("UPDATE removal_log SET noticed = 1 WHERE noticed = 0")
