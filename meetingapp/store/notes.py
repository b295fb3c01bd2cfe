"""The user's personal notes (Markdown) and stars, per meeting, agenda item or paper.

Private: these rows never leave the machine unless the user exports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from meetingapp.store import sql
from meetingapp.store.local import utc_now


class NoteKind(StrEnum):
    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    PAPER = "paper"


@dataclass(frozen=True, slots=True)
class Note:
    object_id: str
    kind: NoteKind
    body: str
    """Markdown."""
    modified_at: str


def save_note(db: sql.Connection, object_id: str, kind: NoteKind, body: str) -> None:
    """Store the note's text; an empty text removes the note."""
    if not body.strip():
        db.execute("DELETE FROM note WHERE object_id = ?", (object_id,))
        return
    db.execute(
        "INSERT INTO note (object_id, kind, body, modified_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (object_id) DO UPDATE SET body = excluded.body, "
        "modified_at = excluded.modified_at WHERE body != excluded.body",
        (object_id, kind.value, body, utc_now()),
    )


def get_note(db: sql.Connection, object_id: str) -> Note | None:
    row = db.execute(
        "SELECT object_id, kind, body, modified_at FROM note WHERE object_id = ?", (object_id,)
    ).fetchone()
    return None if row is None else Note(row[0], NoteKind(row[1]), row[2], row[3])


def notes_of(db: sql.Connection, object_ids: Sequence[str]) -> dict[str, Note]:
    if not object_ids:
        return {}
    marks = ", ".join("?" * len(object_ids))
    rows = db.execute(
        f"SELECT object_id, kind, body, modified_at FROM note WHERE object_id IN ({marks})",
        tuple(object_ids),
    )
    return {row[0]: Note(row[0], NoteKind(row[1]), row[2], row[3]) for row in rows}


def set_flag(db: sql.Connection, object_id: str, flagged: bool) -> None:
    if flagged:
        db.execute(
            "INSERT OR IGNORE INTO item_flag (object_id, flagged_at) VALUES (?, ?)",
            (object_id, utc_now()),
        )
    else:
        db.execute("DELETE FROM item_flag WHERE object_id = ?", (object_id,))


def flagged_of(db: sql.Connection, object_ids: Sequence[str]) -> set[str]:
    if not object_ids:
        return set()
    marks = ", ".join("?" * len(object_ids))
    rows = db.execute(
        f"SELECT object_id FROM item_flag WHERE object_id IN ({marks})", tuple(object_ids)
    )
    return {row[0] for row in rows}
