"""Documents, meetings, items and papers the server removed while the user had
written something on them.

The rows come from triggers on the OParl tables, so every way an object can be
removed is covered. The user's annotations and notes stay; the screens list them
as belonging to a removed document until the user lets them go.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum


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


def _removed(row: sqlite3.Row) -> RemovedObject:
    return RemovedObject(row[0], RemovedKind(row[1]), row[2], row[3], row[4], row[5])


def removed_objects(db: sqlite3.Connection) -> list[RemovedObject]:
    """Everything removed that still carries the user's writing, newest first."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM removed_object ORDER BY removed_at DESC, object_id")
    return [_removed(row) for row in rows]


def unnoticed_removals(db: sqlite3.Connection) -> list[RemovedObject]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM removed_object WHERE noticed = 0 "
        "ORDER BY removed_at DESC, object_id"
    )
    return [_removed(row) for row in rows]


def mark_removals_noticed(db: sqlite3.Connection) -> None:
    """The user has been told of the removals so far."""
    db.execute("UPDATE removed_object SET noticed = 1 WHERE noticed = 0")


def forget_removed(db: sqlite3.Connection, object_id: str) -> None:
    """Let go of what the user wrote on a removed object, and of the object."""
    db.execute("DELETE FROM annotation WHERE file_id = ?", (object_id,))
    db.execute("DELETE FROM note WHERE object_id = ?", (object_id,))
    db.execute("DELETE FROM item_flag WHERE object_id = ?", (object_id,))
    db.execute("DELETE FROM removed_object WHERE object_id = ?", (object_id,))
