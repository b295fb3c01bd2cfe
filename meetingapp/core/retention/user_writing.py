"""The user's writing on what a run removes: read before the removal, written to a
Markdown file per meeting under the export policy, and what became of it."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final

from meetingapp.core.export.notes import (
    DocumentNotes,
    ItemNotes,
    MeetingNotes,
    NoteLabels,
    file_name,
    notes_markdown,
)
from meetingapp.core.packet.library import Library
from meetingapp.core.retention.deciding import Removal
from meetingapp.runtime.paths import exported_file_mode
from meetingapp.store import durable, sql
from meetingapp.store.annotations import Annotation, annotations_of_files
from meetingapp.store.notes import Note, notes_of
from meetingapp.store.removed import RemovedKind

__all__ = [
    "CHUNK",
    "ExportLabels",
    "Exported",
    "Writing",
    "WritingOutcome",
    "chunks",
    "export",
    "gather_writing",
    "writing_outcome",
]

CHUNK: Final = 500
"""Ids per ``IN (…)`` list."""

_log = logging.getLogger(__name__)


class WritingOutcome(StrEnum):
    """What became of the user's writing on a removed document."""

    NONE = "none"
    """The user had written nothing on it."""
    KEPT = "kept"
    EXPORTED = "exported"
    EXPORT_FAILED = "export_failed"
    """The export could not be written: the writing was kept."""


@dataclass(frozen=True, slots=True)
class ExportLabels:
    """The words of the export beyond those of "Mina anteckningar"."""

    notes: NoteLabels = field(default_factory=NoteLabels)
    removed_elsewhere: str = "Borttaget i dokumentsystemet"
    """The heading for writing on objects whose meeting is gone too."""
    file_suffix: str = "borttaget {0}"
    footer: str = "Exporterat när handlingarna togs bort från datorn {0}."
    kinds: dict[RemovedKind, str] = field(
        default_factory=lambda: {
            RemovedKind.FILE: "Handling",
            RemovedKind.MEETING: "Sammanträde",
            RemovedKind.AGENDA_ITEM: "Ärende",
            RemovedKind.PAPER: "Ärende (alla nämnder)",
        }
    )


@dataclass
class Writing:
    """What the user wrote on the objects of a run, as read before the removal."""

    annotations: dict[str, list[Annotation]] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    flagged: set[str] = field(default_factory=set)

    def on(self, object_id: str) -> bool:
        written = bool(self.annotations.get(object_id)) or object_id in self.notes
        return written or object_id in self.flagged


def gather_writing(db: sql.Connection, removals: Sequence[Removal]) -> Writing:
    ids = [removal.object_id for removal in removals]
    writing = Writing()
    for chunk in chunks(ids):
        for annotation in annotations_of_files(db, chunk):
            writing.annotations.setdefault(annotation.file_id, []).append(annotation)
        writing.notes.update(notes_of(db, chunk))
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(f"SELECT object_id FROM item_flag WHERE object_id IN ({marks})", chunk)
        writing.flagged |= {row[0] for row in rows}
    return writing


def chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


@dataclass
class Exported:
    """Where each object's writing went (or why it could not)."""

    paths: dict[str, Path] = field(default_factory=dict)
    error: str | None = None


def export(
    library: Library,
    removals: Sequence[Removal],
    writing: Writing,
    folder: Path,
    labels: ExportLabels,
    day: str,
) -> Exported:
    """One Markdown file per meeting (and one for what has no meeting any more)."""
    exported = Exported()
    groups: dict[str | None, list[Removal]] = {}
    for removal in removals:
        if writing.on(removal.object_id):
            groups.setdefault(removal.meeting_id, []).append(removal)
    for meeting_id, group in groups.items():
        notes = _meeting_notes(library, meeting_id, group, writing, labels)
        try:
            path = _write_export(folder, notes, labels, day)
        except OSError as error:  # the group's writing is kept
            exported.error = error.strerror or type(error).__name__
            _log.warning("Cannot export the writing on removed documents: %s", exported.error)
            continue
        exported.paths.update({removal.object_id: path for removal in group})
    return exported


def _meeting_notes(
    library: Library,
    meeting_id: str | None,
    group: Sequence[Removal],
    writing: Writing,
    labels: ExportLabels,
) -> MeetingNotes:
    meeting = library.meeting(meeting_id) if meeting_id is not None else None
    if meeting is None:
        return MeetingNotes(
            name=labels.removed_elsewhere,
            documents=_documents(group, writing, labels, with_kind=True),
            items=tuple(_loose_item(removal, writing, labels) for removal in group),
        )
    names = {committee.id: committee.name for committee in library.committees()}
    committees = [names[key] for key in meeting.committee_ids if key in names]
    shown = {removal.item_id for removal in group}
    return MeetingNotes(
        name=meeting.name,
        committee=", ".join(committees) or None,
        start=meeting.start,
        location=meeting.location,
        documents=_documents(
            [removal for removal in group if removal.item_id is None], writing, labels
        ),
        items=tuple(
            ItemNotes(
                number=entry.number,
                name=entry.name,
                flagged=entry.id in writing.flagged,
                note=writing.notes[entry.id].body if entry.id in writing.notes else "",
                public=entry.public,
                confidential=entry.confidential,
                documents=_documents(
                    [removal for removal in group if removal.item_id == entry.id], writing, labels
                ),
            )
            for entry in library.agenda(meeting.id)
            if entry.id in shown
        ),
    )


def _documents(
    group: Sequence[Removal], writing: Writing, labels: ExportLabels, *, with_kind: bool = False
) -> tuple[DocumentNotes, ...]:
    documents = []
    for removal in group:
        annotations = writing.annotations.get(removal.object_id)
        if removal.kind is RemovedKind.FILE and annotations:
            name = removal.name
            if with_kind:
                name = f"{labels.kinds[RemovedKind.FILE]}: {name}"
            documents.append(DocumentNotes(name, tuple(annotations)))
    return tuple(documents)


def _loose_item(removal: Removal, writing: Writing, labels: ExportLabels) -> ItemNotes:
    """A removed meeting, item or paper's note, under the group of removed objects."""
    note = writing.notes.get(removal.object_id)
    return ItemNotes(
        number=None,
        name=f"{labels.kinds[removal.kind]}: {removal.name}",
        flagged=removal.object_id in writing.flagged,
        note=note.body if note is not None else "",
    )


def _write_export(folder: Path, notes: MeetingNotes, labels: ExportLabels, day: str) -> Path:
    """Write the notes to a new file in ``folder`` (never over an existing one)."""
    text = notes_markdown(notes, labels.notes) + "\n*" + labels.footer.format(day) + "*\n"
    stem = f"{file_name(notes, labels.notes)} ({labels.file_suffix.format(day)})"
    path = folder / f"{stem}.md"
    number = 2
    while path.exists():
        path = folder / f"{stem} {number}.md"
        number += 1
    durable.atomic_write(path, text.encode("utf-8"), mode=exported_file_mode())
    return path


def writing_outcome(
    removal: Removal, writing: Writing, exported: Exported | None
) -> WritingOutcome:
    if not writing.on(removal.object_id):
        return WritingOutcome.NONE
    if exported is None:
        return WritingOutcome.KEPT
    if removal.object_id in exported.paths:
        return WritingOutcome.EXPORTED
    return WritingOutcome.EXPORT_FAILED
