"""What a sync brought: new meetings and kallelser, changed documents, cancellations.

The engine takes a snapshot of the store before a run and compares it with the
store after; the differences are recorded in ``sync_change`` (for badges and
notifications) and returned with the sync's result.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from meetingapp.store import sql


class ChangeKind(Enum):
    NEW_MEETING = "new_meeting"
    NEW_INVITATION = "new_invitation"
    CANCELLED_MEETING = "cancelled_meeting"
    REMOVED_MEETING = "removed_meeting"
    NEW_LATE_ITEM = "new_late_item"
    NEW_DOCUMENT = "new_document"
    CHANGED_DOCUMENT = "changed_document"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    object_id: str


@dataclass(frozen=True)
class Snapshot:
    meetings: frozenset[str]
    cancelled: frozenset[str]
    with_invitation: frozenset[str]
    late_items: frozenset[str]
    last_version_id: int
    last_arrival: int
    """The newest ``object_arrival`` row (rowid): files after it were published since."""


def _ids(db: sql.Connection, query: str) -> frozenset[str]:
    return frozenset(str(row[0]) for row in db.execute(query))


def take_snapshot(db: sql.Connection) -> Snapshot:
    return Snapshot(
        meetings=_ids(db, "SELECT id FROM meeting"),
        cancelled=_ids(db, "SELECT id FROM meeting WHERE cancelled = 1"),
        with_invitation=_ids(db, "SELECT id FROM meeting WHERE invitation_file_id IS NOT NULL"),
        late_items=_ids(db, "SELECT id FROM agenda_item WHERE late_item = 1"),
        last_version_id=int(
            db.execute("SELECT COALESCE(MAX(id), 0) FROM file_version").fetchone()[0]
        ),
        last_arrival=int(
            db.execute("SELECT COALESCE(MAX(rowid), 0) FROM object_arrival").fetchone()[0]
        ),
    )


def compare(db: sql.Connection, before: Snapshot) -> list[Change]:
    """The changes between ``before`` and the store as it is now."""
    after = take_snapshot(db)
    first_run = not before.meetings
    changes: list[Change] = []

    def add(kind: ChangeKind, ids: frozenset[str]) -> None:
        changes.extend(Change(kind, object_id) for object_id in sorted(ids))

    if not first_run:
        new_meetings = after.meetings - before.meetings
        add(ChangeKind.NEW_MEETING, new_meetings)
        add(ChangeKind.NEW_INVITATION, after.with_invitation - before.with_invitation)
        add(ChangeKind.CANCELLED_MEETING, after.cancelled - before.cancelled)
        add(ChangeKind.REMOVED_MEETING, before.meetings - after.meetings)
        add(ChangeKind.NEW_LATE_ITEM, after.late_items - before.late_items)
    changes += _changed_documents(db, before.last_version_id)
    if not first_run:
        changes += _new_documents(db, before.last_arrival)
    return changes


def _changed_documents(db: sql.Connection, last_version_id: int) -> list[Change]:
    """Files with a new version since the snapshot that had one before it."""
    rows = db.execute(
        "SELECT DISTINCT v.file_id FROM file_version AS v WHERE v.id > ? AND EXISTS "
        "(SELECT 1 FROM file_version AS old WHERE old.file_id = v.file_id AND old.id <= ?) "
        "ORDER BY v.file_id",
        (last_version_id, last_version_id),
    )
    return [Change(ChangeKind.CHANGED_DOCUMENT, row["file_id"]) for row in rows]


def _new_documents(db: sql.Connection, last_arrival: int) -> list[Change]:
    """Files published since the snapshot, whether or not they are kept offline.

    Not the files merely fetched for the first time: choosing committees fetches
    documents that were published long ago, and they are not news.
    """
    rows = db.execute(
        "SELECT a.object_id FROM object_arrival AS a JOIN file AS f ON f.id = a.object_id "
        "WHERE a.rowid > ? ORDER BY a.object_id",
        (last_arrival,),
    )
    return [Change(ChangeKind.NEW_DOCUMENT, row["object_id"]) for row in rows]


def record_changes(db: sql.Connection, sync_started: str, changes: list[Change]) -> None:
    db.executemany(
        "INSERT INTO sync_change (sync_started, kind, object_id) VALUES (?, ?, ?)",
        [(sync_started, change.kind.value, change.object_id) for change in changes],
    )
