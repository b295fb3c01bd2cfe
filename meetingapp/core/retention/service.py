"""What retention and the document system took away, as the screens ask for it.

:class:`Retention` is the service behind ``AppContext.retention``: the removal log
(what retention removed from this machine, when and why), the removals the user
has not been told of yet, and the writing kept on removed documents, meetings and
items until the user lets it go. Writes go through the user's writer, so they
follow what the user wrote just before.
"""

from __future__ import annotations

from meetingapp.core.packet.library import Document, Library
from meetingapp.core.retention import telling
from meetingapp.core.retention.deciding import RemovalReason
from meetingapp.core.retention.telling import LOG_DAYS, LoggedRemoval
from meetingapp.core.retention.user_writing import WritingOutcome
from meetingapp.core.writing.user_data import READ_BACK_WAIT, UserDataWriter
from meetingapp.store import Store, sql
from meetingapp.store import removed as removed_store
from meetingapp.store.annotations import Annotation, annotations_of_file
from meetingapp.store.notes import Note, get_note
from meetingapp.store.removed import RemovedKind, RemovedObject
from meetingapp.store.timestamps import parse_timestamp

__all__ = [
    "LOG_DAYS",
    "Annotation",
    "LoggedRemoval",
    "Note",
    "RemovalReason",
    "RemovedKind",
    "RemovedObject",
    "Retention",
    "WritingOutcome",
    "parse_timestamp",
]


class Retention:
    """The removal log and the writing kept on removed objects, as one service."""

    def __init__(self, store: Store, library: Library, writer: UserDataWriter) -> None:
        self._store = store
        self._library = library
        self._writer = writer

    def _read(self) -> sql.Connection:
        return self._store.db.read()

    def removal_log(self) -> list[LoggedRemoval]:
        """What retention removed in the last ``LOG_DAYS`` days, the latest run first."""
        return telling.removal_log(self._read())

    def unnoticed_removals(self) -> list[LoggedRemoval]:
        """What retention removed since the user was last told."""
        return telling.unnoticed_removals(self._read())

    def mark_removals_noticed(self) -> None:
        """The user has been told of retention's removals so far."""
        self._writer.submit(telling.mark_removals_noticed)

    def has_removed_writing(self) -> bool:
        """Whether anything removed still carries the user's writing."""
        return bool(removed_store.removed_objects(self._read()))

    def removed_writing(self) -> list[RemovedObject]:
        """Everything removed that still carries the user's writing, newest first
        (after the user's latest writing is stored, for a moment at most)."""
        self._writer.flush(timeout=READ_BACK_WAIT)
        return removed_store.removed_objects(self._read())

    def unnoticed_removed_writing(self) -> list[RemovedObject]:
        """Objects the server removed with the user's writing on them, not yet told."""
        return removed_store.unnoticed_removals(self._read())

    def mark_removed_writing_noticed(self) -> None:
        self._writer.submit(removed_store.mark_removals_noticed)

    def annotations_on(self, removed: RemovedObject) -> list[Annotation]:
        """The user's annotations on a removed document, in page order."""
        return annotations_of_file(self._read(), removed.object_id)

    def note_on(self, removed: RemovedObject) -> Note | None:
        return get_note(self._read(), removed.object_id)

    def last_version(self, removed: RemovedObject) -> Document | None:
        """The last version of a removed document while it is still on this machine."""
        return self._library.removed_document(removed)

    def forget(self, removed: RemovedObject) -> None:
        """Let go of what the user wrote on a removed object, and of the object."""
        object_id = removed.object_id
        self._writer.submit(lambda db: removed_store.forget_removed(db, object_id))
