"""Removing: the local copies and what derives from them, the exported writing, the
log of it all, and compacting the store afterwards."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from meetingapp.core.retention.deciding import EndedMemberships, Plan, Removal
from meetingapp.core.retention.telling import LOG_DAYS
from meetingapp.core.retention.user_writing import (
    CHUNK,
    Exported,
    Writing,
    WritingOutcome,
    chunks,
    writing_outcome,
)
from meetingapp.oparl.download import partial_paths
from meetingapp.oparl.scope import RemovalReason, revoke_file
from meetingapp.store import Store, durable, sql
from meetingapp.store.removed import forget_removed, list_revoked_writing
from meetingapp.store.timestamps import parse_timestamp

__all__ = [
    "VACUUM_MIN_FREE_BYTES",
    "VACUUM_MIN_FREE_SHARE",
    "Applied",
    "RemovedContent",
    "apply_plan",
    "compact",
    "membership_rows",
    "merge_search_indexes",
    "remove_local_copies",
    "unlink_blobs",
    "update_membership_revocations",
]

VACUUM_MIN_FREE_BYTES: Final = 8 * 1024 * 1024
VACUUM_MIN_FREE_SHARE: Final = 0.25
"""The file is compacted when at least this much of it, and this many bytes, is free."""

_log = logging.getLogger(__name__)


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
    for chunk in chunks(file_ids):
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
    for start in range(0, len(version_ids), CHUNK):
        chunk = list(version_ids[start : start + CHUNK])
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
    for chunk in chunks(blobs):
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT DISTINCT blob_sha256 FROM file_version WHERE blob_sha256 IN ({marks})", chunk
        )
        used |= {row[0] for row in rows}
    return used


def _delete_exported_writing(db: sql.Connection, object_id: str, writing: Writing) -> None:
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


def membership_rows(db: sql.Connection) -> set[str]:
    rows = db.execute("SELECT file_id FROM revoked_file WHERE reason = 'membership_ended'")
    return {row[0] for row in rows}


def update_membership_revocations(db: sql.Connection, ended: EndedMemberships) -> None:
    """Keep the rows that stop the scope from fetching what ended memberships revoke."""
    stale = [(file_id,) for file_id in membership_rows(db) if file_id not in ended.files]
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
class Applied:
    content: RemovedContent
    writing_deleted: bool


def apply_plan(
    store: Store,
    plan: Plan,
    writing: Writing,
    exported: Exported | None,
    run_at: str,
) -> Applied:
    """The removal itself, in one write transaction."""
    content = RemovedContent()
    writing_deleted = False
    with store.db.write(erase=True) as db:
        update_membership_revocations(db, plan.ended)
        due = [removal for removal in plan.removals if _still_due(db, removal, plan.planned_at)]
        for revoked in (True, False):
            files = [r.object_id for r in due if r.has_content and r.is_revocation is revoked]
            content.add(remove_local_copies(db, files, revoked=revoked))
        for removal in due:
            outcome = writing_outcome(removal, writing, exported)
            path = exported.paths.get(removal.object_id) if exported is not None else None
            if outcome is WritingOutcome.EXPORTED:
                _delete_exported_writing(db, removal.object_id, writing)
                writing_deleted = True
            elif outcome is not WritingOutcome.NONE and removal.is_revocation:
                list_revoked_writing(db, removal.object_id)
            counts = content.per_file.get(removal.object_id, (0, 0))
            _log_removal(db, run_at, removal, counts, outcome, path)
        _prune_log(db, run_at)
    return Applied(content, writing_deleted)


def _prune_log(db: sql.Connection, run_at: str) -> None:
    moment = parse_timestamp(run_at) or datetime.now(UTC)
    oldest = (moment - timedelta(days=LOG_DAYS)).isoformat(timespec="microseconds")
    db.execute("DELETE FROM removal_log WHERE run_at < ?", (oldest,))


def unlink_blobs(store: Store, blobs: Iterable[str], file_ids: Iterable[str]) -> int:
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


def merge_search_indexes(store: Store, *, pages: bool, writing: bool) -> None:
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
