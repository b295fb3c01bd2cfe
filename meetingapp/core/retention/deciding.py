"""Gallring and revocation: what leaves this machine, why, and telling the user.

A run (after every sync, and at start) decides per document on this machine
whether its content must go, and why (:class:`~meetingapp.oparl.scope.RemovalReason`):

- **revoked** (the document is no longer the user's): the server refused it
  (401/403) or said it is gone (410) when the sync asked for it; its file row was
  deleted (a tombstone); after a sync, no meeting, agenda item or paper holds it
  any more (its meeting or item was removed); or it is non-public and belongs only
  to meetings of committees in which the user's membership has ended;
- **expired**: its retention period after the last meeting that handles it is
  over (``sync.scope.RetentionPeriods``).

A membership that ended removes the non-public documents of *all* that
committee's meetings, before the end date too: the right to hold a committee's
confidential material comes with the assignment, and ends with it (the duty of
confidentiality stays). Public documents are allmänna handlingar; they follow the
ordinary periods. A committee the user still sits in through another membership
(ledamot to ersättare, say) has not ended, and a document that is also handled
by a meeting of a committee the user still sits in stays.

Removal really deletes: every version's row (with its page count and search
entries, whose FTS rows go by trigger; the FTS index is then merged so the
deleted terms leave its segments), the blob when no other version uses it (a
blob may hold the same content for two files), a partial download of it, and
for a revoked document the reading position and reading state. The removal
runs with ``secure_delete`` on, so the pages it frees are overwritten; the WAL is then
checkpointed and truncated, and the file compacted when much was freed
(:func:`compact`). The document's metadata stays: it shows as not downloaded
and can be fetched again when opened (the scope never fetches it by itself).

Expiry never takes a document from under its reader: one fetched or opened in
the last day (``RECENT_USE``), or said to be open (``in_use``), waits for a
later run (the window tells the program which documents its views show). A
revocation does not wait: after the run the window shows such a view's
document as it now is, not on this machine; opened again, it is fetched on
demand, which the server refuses (401/403/410) or, after a membership ended,
may still grant, and then the next run removes it again. A mark made on a view
whose version went meanwhile is kept without that version, to be placed again.

The user's annotations and notes on what goes follow the policy
(:class:`~meetingapp.core.settings.WritingPolicy`): kept (the default; a revoked
document with annotations is listed under "Anteckningar på borttagna
handlingar"), or written to a Markdown file per meeting in the folder the user
chose, and only then removed. A failed export keeps them. What was removed,
when, why, and what became of the writing is kept in ``removal_log`` for
:data:`LOG_DAYS` days, for the user to be told.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
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
from meetingapp.core.settings import RetentionSettings, WritingPolicy
from meetingapp.oparl.download import partial_paths
from meetingapp.oparl.scope import (
    REVOCATIONS,
    FileFacts,
    MeetingFacts,
    RemovalReason,
    expiry,
    file_facts,
    meeting_facts,
    revoke_file,
)
from meetingapp.runtime.paths import exported_file_mode
from meetingapp.store import Store, durable, sql
from meetingapp.store.annotations import Annotation, annotations_of_files
from meetingapp.store.local import precise_now
from meetingapp.store.notes import Note, notes_of
from meetingapp.store.removed import (
    RemovedKind,
    forget_removed,
    list_revoked_writing,
    removed_objects,
)
from meetingapp.store.timestamps import parse_timestamp

__all__ = [
    "LOG_DAYS",
    "RECENT_USE",
    "ExportLabels",
    "LoggedRemoval",
    "Removal",
    "RemovalReason",
    "RemovedContent",
    "RetentionReport",
    "WritingOutcome",
    "compact",
    "ended_memberships",
    "mark_removals_noticed",
    "plan_removals",
    "removal_log",
    "remove_local_copies",
    "run_retention",
    "unnoticed_removals",
]

LOG_DAYS: Final = 90
"""Days the removal log keeps an entry (the names of what was removed)."""
RECENT_USE: Final = timedelta(hours=24)
"""A document fetched or opened this recently is not removed by expiry yet."""
VACUUM_MIN_FREE_BYTES: Final = 8 * 1024 * 1024
VACUUM_MIN_FREE_SHARE: Final = 0.25
"""The file is compacted when at least this much of it, and this many bytes, is free."""
_CHUNK: Final = 500
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
class Removal:
    """One object whose local content (or, for the user's writing only, whose
    writing) goes in a run, and why."""

    object_id: str
    name: str
    reason: RemovalReason
    detail: str | None = None
    """The HTTP status (``"403"``), the committee's name, or the period (days, months)."""
    kind: RemovedKind = RemovedKind.FILE
    meeting_id: str | None = None
    """The meeting it is told under: a document's last meeting."""
    item_id: str | None = None
    """The agenda item that shows the document in that meeting, if any."""
    meeting_name: str | None = None
    meeting_start: str | None = None
    has_content: bool = True
    """False for an object whose writing alone is concerned (a removed meeting's note)."""

    @property
    def is_revocation(self) -> bool:
        return self.reason in REVOCATIONS


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


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What one run did."""

    run_at: str
    removed: tuple[LoggedRemoval, ...] = ()
    versions_removed: int = 0
    blobs_removed: int = 0
    bytes_freed: int = 0
    search_pages_removed: int = 0
    exported: tuple[Path, ...] = ()
    export_error: str | None = None
    deferred: int = 0
    """Expired documents left for a later run: open, or used within ``RECENT_USE``."""
    compaction: str = "none"
    """``none``, ``checkpoint``, ``vacuum`` (what :func:`compact` did)."""
    seconds: float = 0.0


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


@dataclass(frozen=True)
class EndedMemberships:
    """What the user's ended memberships take away."""

    files: dict[str, str] = field(default_factory=dict)
    """Non-public files only their meetings handle (file id: organization id), held or not."""
    meetings: dict[str, str] = field(default_factory=dict)
    """Meetings of those committees only (meeting id: organization id)."""


@dataclass
class Plan:
    """What a run will remove, and the revocations it found."""

    removals: list[Removal] = field(default_factory=list)
    ended: EndedMemberships = field(default_factory=EndedMemberships)
    deferred: int = 0
    planned_at: str = ""


# Deciding ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Held:
    """A file with content on this machine."""

    versions: int
    size: int
    last_fetched: datetime | None


def _held_files(db: sql.Connection) -> dict[str, _Held]:
    rows = db.execute(
        "SELECT file_id, COUNT(*), SUM(size), MAX(fetched_at) FROM file_version GROUP BY file_id"
    )
    return {row[0]: _Held(row[1], row[2] or 0, parse_timestamp(row[3])) for row in rows}


def _last_read(db: sql.Connection) -> dict[str, datetime]:
    found = {}
    for file_id, read_at in db.execute("SELECT file_id, read_at FROM read_state"):
        moment = parse_timestamp(read_at)
        if moment is not None:
            found[file_id] = moment
    return found


def _revoked_rows(db: sql.Connection) -> dict[str, sql.Row]:
    rows = db.execute("SELECT file_id, reason, detail, name FROM revoked_file")
    return {row["file_id"]: row for row in rows}


def _memberships(db: sql.Connection, person_id: str, today: str) -> tuple[set[str], set[str]]:
    """The organizations the person's memberships have ended in, and those still
    held (one current membership is enough)."""
    ended: set[str] = set()
    current: set[str] = set()
    for organization, end in db.execute(
        "SELECT organization_id, end_date FROM membership "
        "WHERE person_id = ? AND organization_id IS NOT NULL",
        (person_id,),
    ):
        (ended if isinstance(end, str) and end[:10] < today else current).add(organization)
    return ended - current, current


def ended_memberships(
    db: sql.Connection,
    facts: dict[str, FileFacts],
    meetings: dict[str, MeetingFacts],
    person_id: str | None,
    today: str,
) -> EndedMemberships:
    """The meetings only of committees the person's membership in has ended (none of
    its committees is still the person's), and the non-public files only those
    meetings handle."""
    if person_id is None:
        return EndedMemberships()
    ended, current = _memberships(db, person_id, today)
    if not ended:
        return EndedMemberships()
    revoked_meetings = {
        meeting_id: sorted(meeting.organizations & ended)[0]
        for meeting_id, meeting in meetings.items()
        if meeting.organizations & ended and not meeting.organizations & current
    }
    files = {}
    for fact in facts.values():
        if fact.non_public and fact.meetings and fact.meetings <= revoked_meetings.keys():
            files[fact.file_id] = min(revoked_meetings[m] for m in fact.meetings)
    return EndedMemberships(files, revoked_meetings)


def _organization_names(db: sql.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute("SELECT id, name FROM organization")}


@dataclass
class _Context:
    """What deciding one file needs."""

    db: sql.Connection
    settings: RetentionSettings
    now: datetime
    after_sync: bool
    in_use: Collection[str]
    facts: dict[str, FileFacts]
    meetings: dict[str, MeetingFacts]
    revoked: dict[str, sql.Row]
    ended: EndedMemberships
    organizations: dict[str, str]
    last_read: dict[str, datetime]
    removed_names: dict[str, str]


def plan_removals(
    db: sql.Connection,
    settings: RetentionSettings,
    *,
    now: datetime | None = None,
    person_id: str | None = None,
    after_sync: bool = False,
    in_use: Collection[str] = (),
) -> Plan:
    """Decide what a run removes (reads only).

    ``person_id`` is the user's person (the committee dialog's choice), for ended
    memberships; ``after_sync``: the metadata was just synced completely, so a file
    no meeting, item or paper holds is gone (mid-sync it may only be moving).
    """
    now = now or datetime.now(UTC)
    meetings = meeting_facts(db)
    facts = file_facts(db, meetings)
    context = _Context(
        db=db,
        settings=settings,
        now=now,
        after_sync=after_sync,
        in_use=in_use,
        facts=facts,
        meetings=meetings,
        revoked=_revoked_rows(db),
        ended=ended_memberships(db, facts, meetings, person_id, now.date().isoformat()),
        organizations=_organization_names(db),
        last_read=_last_read(db),
        removed_names={r.object_id: r.name for r in removed_objects(db)},
    )
    plan = Plan(ended=context.ended, planned_at=precise_now())
    for file_id, held in sorted(_held_files(db).items()):
        removal = _revocation(context, file_id) or _expiry(context, file_id, held, plan)
        if removal is not None:
            plan.removals.append(removal)
    if settings.writing is WritingPolicy.EXPORT:
        plan.removals += _writing_only(context, plan.removals)
    return plan


def _in_meeting(context: _Context, removal: Removal, fact: FileFacts | None) -> Removal:
    """The removal with the meeting it is told under (the file's last meeting)."""
    meeting_id = fact.last_meeting if fact is not None else None
    meeting = context.meetings.get(meeting_id) if meeting_id is not None else None
    if fact is None or meeting_id is None or meeting is None:
        return removal
    items = sorted(fact.items.get(meeting_id, ()))
    return replace(
        removal,
        meeting_id=meeting_id,
        item_id=items[0] if items else None,
        meeting_name=meeting.name,
        meeting_start=meeting.start_text,
    )


def _revocation(context: _Context, file_id: str) -> Removal | None:
    fact = context.facts.get(file_id)
    row = context.revoked.get(file_id)
    if fact is None:  # its file row is gone: a tombstone, or a listing without it
        name = row["name"] if row is not None else context.removed_names.get(file_id, "")
        detail = row["detail"] if row is not None else None
        return Removal(file_id, name, RemovalReason.GONE, detail)
    removal = None
    if row is not None and row["reason"] != RemovalReason.MEMBERSHIP_ENDED:
        removal = Removal(file_id, fact.name, RemovalReason(row["reason"]), row["detail"])
    elif file_id in context.ended.files:
        organization = context.ended.files[file_id]
        name = context.organizations.get(organization, organization)
        removal = Removal(file_id, fact.name, RemovalReason.MEMBERSHIP_ENDED, name)
    elif context.after_sync and not fact.held_by_owner:
        removal = Removal(file_id, fact.name, RemovalReason.GONE)
    return None if removal is None else _in_meeting(context, removal, fact)


def _expiry(context: _Context, file_id: str, held: _Held, plan: Plan) -> Removal | None:
    fact = context.facts[file_id]
    periods = context.settings.periods
    reason = expiry(fact, periods, context.now)
    if reason is None:
        return None
    used = max(
        (m for m in (held.last_fetched, context.last_read.get(file_id)) if m is not None),
        default=None,
    )
    if file_id in context.in_use or (used is not None and context.now - used < RECENT_USE):
        plan.deferred += 1
        return None
    detail = (
        str(periods.non_public_days)
        if reason is RemovalReason.NON_PUBLIC_EXPIRED
        else str(periods.other_months)
    )
    return _in_meeting(context, Removal(file_id, fact.name, reason, detail), fact)


def _writing_only(context: _Context, removals: Sequence[Removal]) -> list[Removal]:
    """Under the export policy, the writing that goes without content this run: on
    objects the server removed (listed as removed), and the notes on the non-public
    items of meetings of ended memberships."""
    taken = {removal.object_id for removal in removals}
    found = []
    for removed in removed_objects(context.db):
        if removed.object_id in taken:
            continue
        row = context.revoked.get(removed.object_id)
        reason = RemovalReason(row["reason"]) if row is not None else RemovalReason.GONE
        found.append(
            Removal(removed.object_id, removed.name, reason, kind=removed.kind, has_content=False)
        )
        taken.add(removed.object_id)
    for item_id, meeting_id in _ended_items_with_notes(context):
        if item_id not in taken:
            found.append(_item_removal(context, item_id, meeting_id))
    return found


def _ended_items_with_notes(context: _Context) -> list[tuple[str, str]]:
    """Non-public agenda items with the user's note or star, in meetings only of
    committees whose memberships ended."""
    if not context.ended.meetings:
        return []
    rows = context.db.execute(
        "SELECT a.id, a.meeting_id FROM agenda_item AS a "
        "WHERE (a.public = 0 OR a.confidential IS NOT NULL) AND ("
        "EXISTS (SELECT 1 FROM note AS n WHERE n.object_id = a.id) OR "
        "EXISTS (SELECT 1 FROM item_flag AS s WHERE s.object_id = a.id))"
    )
    return [(row[0], row[1]) for row in rows if row[1] in context.ended.meetings]


def _item_removal(context: _Context, item_id: str, meeting_id: str) -> Removal:
    row = context.db.execute("SELECT name FROM agenda_item WHERE id = ?", (item_id,)).fetchone()
    organization = context.ended.meetings[meeting_id]
    meeting = context.meetings[meeting_id]
    return Removal(
        item_id,
        row[0] if row is not None else "",
        RemovalReason.MEMBERSHIP_ENDED,
        context.organizations.get(organization, organization),
        kind=RemovedKind.AGENDA_ITEM,
        meeting_id=meeting_id,
        item_id=item_id,
        meeting_name=meeting.name,
        meeting_start=meeting.start_text,
        has_content=False,
    )


# The user's writing ---------------------------------------------------------------------------


@dataclass
class _Writing:
    """What the user wrote on the objects of a run, as read before the removal."""

    annotations: dict[str, list[Annotation]] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    flagged: set[str] = field(default_factory=set)

    def on(self, object_id: str) -> bool:
        written = bool(self.annotations.get(object_id)) or object_id in self.notes
        return written or object_id in self.flagged


def _gather_writing(db: sql.Connection, removals: Sequence[Removal]) -> _Writing:
    ids = [removal.object_id for removal in removals]
    writing = _Writing()
    for chunk in _chunks(ids):
        for annotation in annotations_of_files(db, chunk):
            writing.annotations.setdefault(annotation.file_id, []).append(annotation)
        writing.notes.update(notes_of(db, chunk))
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(f"SELECT object_id FROM item_flag WHERE object_id IN ({marks})", chunk)
        writing.flagged |= {row[0] for row in rows}
    return writing


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


@dataclass
class _Exported:
    """Where each object's writing went (or why it could not)."""

    paths: dict[str, Path] = field(default_factory=dict)
    error: str | None = None


def _export(
    library: Library,
    removals: Sequence[Removal],
    writing: _Writing,
    folder: Path,
    labels: ExportLabels,
    day: str,
) -> _Exported:
    """One Markdown file per meeting (and one for what has no meeting any more)."""
    exported = _Exported()
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
    writing: _Writing,
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
    group: Sequence[Removal], writing: _Writing, labels: ExportLabels, *, with_kind: bool = False
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


def _loose_item(removal: Removal, writing: _Writing, labels: ExportLabels) -> ItemNotes:
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


def _outcome(removal: Removal, writing: _Writing, exported: _Exported | None) -> WritingOutcome:
    if not writing.on(removal.object_id):
        return WritingOutcome.NONE
    if exported is None:
        return WritingOutcome.KEPT
    if removal.object_id in exported.paths:
        return WritingOutcome.EXPORTED
    return WritingOutcome.EXPORT_FAILED


# Removing ------------------------------------------------------------------------------------


@dataclass
class RemovedContent:
    """What :func:`remove_local_copies` deleted."""

    versions: int = 0
    bytes: int = 0
    search_pages: int = 0
    unused_blobs: set[str] = field(default_factory=set)
    """Blobs no version uses any more: unlinked after the commit."""
    per_file: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per file: versions and bytes removed."""

    def add(self, other: RemovedContent) -> None:
        self.versions += other.versions
        self.bytes += other.bytes
        self.search_pages += other.search_pages
        self.unused_blobs |= other.unused_blobs
        self.per_file.update(other.per_file)


def remove_local_copies(
    db: sql.Connection, file_ids: Sequence[str], *, revoked: bool
) -> RemovedContent:
    """Delete the versions of these files and what derives from them, inside the
    caller's write transaction: their search pages (and FTS rows, by trigger), page
    counts, and for a download never finished its failure record.

    ``revoked``: the reading position and state go too; else both stay and the
    content last read is remembered, so a copy fetched again reads as read.
    """
    removed = RemovedContent()
    blobs: set[str] = set()
    for chunk in _chunks(file_ids):
        marks = ", ".join("?" * len(chunk))
        versions = db.execute(
            f"SELECT id, file_id, blob_sha256, size FROM file_version WHERE file_id IN ({marks})",
            chunk,
        ).fetchall()
        if not revoked:
            db.execute(
                "INSERT OR REPLACE INTO removed_read (file_id, blob_sha256) "
                "SELECT r.file_id, v.blob_sha256 FROM read_state AS r JOIN file_version AS v "
                f"ON v.id = r.file_version_id WHERE r.file_id IN ({marks})",
                chunk,
            )
        removed.search_pages += _remove_search_entries(db, [row["id"] for row in versions])
        db.execute(f"DELETE FROM file_version WHERE file_id IN ({marks})", chunk)
        _forget_reading(db, chunk, marks, revoked=revoked)
        for row in versions:
            count, size = removed.per_file.get(row["file_id"], (0, 0))
            removed.per_file[row["file_id"]] = (count + 1, size + row["size"])
            blobs.add(row["blob_sha256"])
        removed.versions += len(versions)
        removed.bytes += sum(row["size"] for row in versions)
    removed.unused_blobs = blobs - _blobs_in_use(db, sorted(blobs))
    return removed


def _remove_search_entries(db: sql.Connection, version_ids: Sequence[int]) -> int:
    """The versions' pages and their FTS rows (the ``search_page_removed`` trigger)."""
    pages = 0
    for start in range(0, len(version_ids), _CHUNK):
        chunk = list(version_ids[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        pages += db.execute(
            f"DELETE FROM search_page WHERE version_id IN ({marks})", chunk
        ).rowcount
        db.execute(f"DELETE FROM search_version WHERE version_id IN ({marks})", chunk)
    return pages


def _forget_reading(db: sql.Connection, chunk: list[str], marks: str, *, revoked: bool) -> None:
    if revoked:
        db.execute(f"DELETE FROM read_state WHERE file_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM document_position WHERE file_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM removed_read WHERE file_id IN ({marks})", chunk)
        for table in ("revoked_file", "download_failure"):  # of a file row gone: done with
            db.execute(
                f"DELETE FROM {table} WHERE file_id IN ({marks}) "
                "AND file_id NOT IN (SELECT id FROM file)",
                chunk,
            )
    else:
        db.execute(f"DELETE FROM download_failure WHERE file_id IN ({marks})", chunk)


def _blobs_in_use(db: sql.Connection, blobs: Sequence[str]) -> set[str]:
    used: set[str] = set()
    for chunk in _chunks(blobs):
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT DISTINCT blob_sha256 FROM file_version WHERE blob_sha256 IN ({marks})", chunk
        )
        used |= {row[0] for row in rows}
    return used


def _delete_exported_writing(db: sql.Connection, object_id: str, writing: _Writing) -> None:
    """Remove what was exported, and only that: an annotation or note changed since
    it was read stays (the next run exports it)."""
    for annotation in writing.annotations.get(object_id, ()):
        db.execute(
            "DELETE FROM annotation WHERE uid = ? AND modified_at = ? AND comment = ?",
            (annotation.uid, annotation.modified_at, annotation.comment),
        )
    note = writing.notes.get(object_id)
    if note is not None:
        db.execute(
            "DELETE FROM note WHERE object_id = ? AND modified_at = ? AND body = ?",
            (object_id, note.modified_at, note.body),
        )
    db.execute("DELETE FROM item_flag WHERE object_id = ?", (object_id,))
    remaining = db.execute(
        "SELECT EXISTS (SELECT 1 FROM annotation WHERE file_id = ?) "
        "OR EXISTS (SELECT 1 FROM note WHERE object_id = ?)",
        (object_id, object_id),
    ).fetchone()[0]
    if not remaining:
        forget_removed(db, object_id)


def _log_removal(
    db: sql.Connection,
    run_at: str,
    removal: Removal,
    counts: tuple[int, int],
    outcome: WritingOutcome,
    export_path: Path | None,
) -> None:
    db.execute(
        "INSERT INTO removal_log (run_at, object_id, kind, name, meeting_name, meeting_start, "
        "reason, detail, versions, bytes, writing, export_path) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_at,
            removal.object_id,
            removal.kind.value,
            removal.name,
            removal.meeting_name,
            removal.meeting_start,
            removal.reason.value,
            removal.detail,
            counts[0],
            counts[1],
            outcome.value,
            str(export_path) if export_path is not None else None,
        ),
    )


def _membership_rows(db: sql.Connection) -> set[str]:
    rows = db.execute("SELECT file_id FROM revoked_file WHERE reason = 'membership_ended'")
    return {row[0] for row in rows}


def _update_membership_revocations(db: sql.Connection, ended: EndedMemberships) -> None:
    """Keep the rows that stop the scope from fetching what ended memberships revoke."""
    stale = [(file_id,) for file_id in _membership_rows(db) if file_id not in ended.files]
    db.executemany("DELETE FROM revoked_file WHERE file_id = ?", stale)
    known = {row[0] for row in db.execute("SELECT file_id FROM revoked_file")}
    for file_id, organization in ended.files.items():
        if file_id not in known:
            revoke_file(db, file_id, RemovalReason.MEMBERSHIP_ENDED, organization)


def _still_due(db: sql.Connection, removal: Removal, planned_at: str) -> bool:
    """An expired document fetched again since the plan was made stays this run."""
    if removal.is_revocation or not removal.has_content:
        return True
    row = db.execute(
        "SELECT MAX(fetched_at) FROM file_version WHERE file_id = ?", (removal.object_id,)
    ).fetchone()
    return row[0] is None or row[0] <= planned_at


@dataclass
class _Applied:
    content: RemovedContent
    writing_deleted: bool


def _apply(
    store: Store,
    plan: Plan,
    writing: _Writing,
    exported: _Exported | None,
    run_at: str,
) -> _Applied:
    """The removal itself, in one write transaction."""
    content = RemovedContent()
    writing_deleted = False
    with store.db.write(erase=True) as db:
        _update_membership_revocations(db, plan.ended)
        due = [removal for removal in plan.removals if _still_due(db, removal, plan.planned_at)]
        for revoked in (True, False):
            files = [r.object_id for r in due if r.has_content and r.is_revocation is revoked]
            content.add(remove_local_copies(db, files, revoked=revoked))
        for removal in due:
            outcome = _outcome(removal, writing, exported)
            path = exported.paths.get(removal.object_id) if exported is not None else None
            if outcome is WritingOutcome.EXPORTED:
                _delete_exported_writing(db, removal.object_id, writing)
                writing_deleted = True
            elif outcome is not WritingOutcome.NONE and removal.is_revocation:
                list_revoked_writing(db, removal.object_id)
            counts = content.per_file.get(removal.object_id, (0, 0))
            _log_removal(db, run_at, removal, counts, outcome, path)
        _prune_log(db, run_at)
    return _Applied(content, writing_deleted)


def _prune_log(db: sql.Connection, run_at: str) -> None:
    moment = parse_timestamp(run_at) or datetime.now(UTC)
    oldest = (moment - timedelta(days=LOG_DAYS)).isoformat(timespec="microseconds")
    db.execute("DELETE FROM removal_log WHERE run_at < ?", (oldest,))


def _unlink_blobs(store: Store, blobs: Iterable[str], file_ids: Iterable[str]) -> int:
    """Unlink the blobs no version uses and the files' partial downloads; their
    directories are synced, so the removal holds after a power cut too."""
    removed = 0
    directories: set[Path] = set()
    for sha256 in blobs:
        path = store.blobs.path(sha256)
        if path.is_file():
            store.blobs.remove(sha256)
            removed += 1
            directories.add(path.parent)
    for file_id in file_ids:
        for partial in partial_paths(store, file_id):
            if partial.exists():
                partial.unlink(missing_ok=True)
                directories.add(partial.parent)
    for directory in sorted(directories):
        durable.sync_directory(directory)
    return removed


def _merge_search_indexes(store: Store, *, pages: bool, writing: bool) -> None:
    """Merge the FTS indexes whose rows were deleted: FTS5 marks a deleted row in a
    new segment and keeps the old terms until segments merge; 'optimize' merges
    them into one, so the terms of what was removed leave the index."""
    tables = (["page_fts"] if pages else []) + (["annotation_fts", "note_fts"] if writing else [])
    for table in tables:
        with store.db.write(erase=True) as db:
            db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def compact(store: Store, *, force_vacuum: bool = False) -> str:
    """Fold the WAL into the database and truncate it; VACUUM when at least
    ``VACUUM_MIN_FREE_SHARE`` of the file, and ``VACUUM_MIN_FREE_BYTES``, is free
    pages. The removal zeroed the pages it freed (``secure_delete``): VACUUM gives the
    space back to the file system. Returns what it did."""
    with store.db.outside_transaction() as db:
        free = int(db.execute("PRAGMA freelist_count").fetchone()[0])
        pages = int(db.execute("PRAGMA page_count").fetchone()[0])
        page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
        wanted = force_vacuum or (
            free * page_size >= VACUUM_MIN_FREE_BYTES and free >= pages * VACUUM_MIN_FREE_SHARE
        )
        done = "checkpoint"
        if wanted:
            try:
                db.execute("VACUUM")
                done = "vacuum"
            except sql.OperationalError as error:  # a full disk: the free pages stay
                _log.warning("Cannot compact the database: %s", error)
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            _log.info("The WAL could not be truncated while others read; the next run tries")
    return done


# A run ----------------------------------------------------------------------------------------


def run_retention(
    store: Store,
    settings: RetentionSettings,
    *,
    now: datetime | None = None,
    person_id: str | None = None,
    after_sync: bool = False,
    in_use: Collection[str] = (),
    labels: ExportLabels | None = None,
) -> RetentionReport:
    """Remove from this machine what must go, tell the log, and compact the store.

    Runs on the calling thread, never the GUI thread. Run it when no sync runs
    (``AppContext`` holds its sync lock): a blob being removed must not be adopted
    by a download at the same time.
    """
    started = time.monotonic()
    run_at = precise_now()
    plan = plan_removals(
        store.db.read(),
        settings,
        now=now,
        person_id=person_id,
        after_sync=after_sync,
        in_use=in_use,
    )
    if not plan.removals:
        if _membership_rows(store.db.read()) != set(plan.ended.files):
            with store.db.write() as db:
                _update_membership_revocations(db, plan.ended)
        return RetentionReport(run_at, deferred=plan.deferred, seconds=time.monotonic() - started)
    writing = _gather_writing(store.db.read(), plan.removals)
    exported = None
    if settings.writing is WritingPolicy.EXPORT and settings.export_folder is not None:
        day = (now or datetime.now(UTC)).astimezone().date().isoformat()
        exported = _export(
            Library(store),
            plan.removals,
            writing,
            settings.export_folder,
            labels or ExportLabels(),
            day,
        )
    applied = _apply(store, plan, writing, exported, run_at)
    removed = applied.content
    blobs = _unlink_blobs(store, removed.unused_blobs, list(removed.per_file))
    _merge_search_indexes(store, pages=removed.search_pages > 0, writing=applied.writing_deleted)
    compaction = compact(store)
    _log.info(
        "Retention removed %d documents (%d versions, %d blobs, %d bytes)",
        len(removed.per_file),
        removed.versions,
        blobs,
        removed.bytes,
    )
    return RetentionReport(
        run_at=run_at,
        removed=tuple(removal_log(store.db.read(), run_at)),
        versions_removed=removed.versions,
        blobs_removed=blobs,
        bytes_freed=removed.bytes,
        search_pages_removed=removed.search_pages,
        exported=tuple(sorted(set(exported.paths.values()))) if exported else (),
        export_error=exported.error if exported else None,
        deferred=plan.deferred,
        compaction=compaction,
        seconds=time.monotonic() - started,
    )


# Telling the user -------------------------------------------------------------------------------

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
