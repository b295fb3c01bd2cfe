"""Documents, meetings, items and papers the server removed while the user had
written something on them, and documents this machine gave up for good.

The rows come from triggers on the OParl tables, so every way an object can be
removed is covered; retention adds the documents whose content it removed because
they are no longer the user's (refused, a membership ended) while the user had
annotated them. The user's annotations and notes stay; the screens list them as
belonging to a removed document until the user lets them go. A document whose
content comes back (a version is fetched again) leaves the list by trigger.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from meetingapp.store import sql
from meetingapp.store.local import precise_now


class RemovedKind(StrEnum):
    FILE = "file"
    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    PAPER = "paper"


@dataclass(frozen=True, slots=True)
class RemovedObject:
    object_id: str
    kind: RemovedKind
    name: str
    removed_at: str
    file_name: str | None = None
    mime_type: str | None = None
    """A removed file's name and type, so its last version can still be shown."""


_COLUMNS = "object_id, kind, name, removed_at, file_name, mime_type"


def _removed(row: sql.Row) -> RemovedObject:
    return RemovedObject(row[0], RemovedKind(row[1]), row[2], row[3], row[4], row[5])


def removed_objects(db: sql.Connection) -> list[RemovedObject]:
    """Everything removed that still carries the user's writing, newest first."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM removed_object ORDER BY removed_at DESC, object_id")
    return [_removed(row) for row in rows]


def unnoticed_removals(db: sql.Connection) -> list[RemovedObject]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM removed_object WHERE noticed = 0 "
        "ORDER BY removed_at DESC, object_id"
    )
    return [_removed(row) for row in rows]


def mark_removals_noticed(db: sql.Connection) -> None:
    """The user has been told of the removals so far."""
    db.execute("UPDATE removed_object SET noticed = 1 WHERE noticed = 0")


def list_revoked_writing(db: sql.Connection, file_id: str) -> None:
    """List an annotated document whose content retention removed because it is no
    longer the user's, though the server still names it. Retention's own log tells
    the user, so it is not announced again (``noticed``)."""
    db.execute(
        "INSERT OR IGNORE INTO removed_object "
        "(object_id, kind, name, file_name, mime_type, removed_at, noticed) "
        "SELECT id, 'file', COALESCE(NULLIF(name, ''), file_name, ''), file_name, mime_type, "
        "?, 1 FROM file WHERE id = ? AND EXISTS (SELECT 1 FROM annotation WHERE file_id = ?)",
        (precise_now(), file_id, file_id),
    )


def forget_removed(db: sql.Connection, object_id: str) -> None:
    """Let go of what the user wrote on a removed object, and of the object."""
    db.execute("DELETE FROM annotation WHERE file_id = ?", (object_id,))
    db.execute("DELETE FROM note WHERE object_id = ?", (object_id,))
    db.execute("DELETE FROM item_flag WHERE object_id = ?", (object_id,))
    db.execute("DELETE FROM removed_object WHERE object_id = ?", (object_id,))
