"""A run of retention: deciding, exporting the writing, removing, telling the log,
and compacting the store."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from meetingapp.core.packet.library import Library
from meetingapp.core.retention.deciding import plan_removals
from meetingapp.core.retention.removing import (
    apply_plan,
    compact,
    membership_rows,
    merge_search_indexes,
    unlink_blobs,
    update_membership_revocations,
)
from meetingapp.core.retention.telling import LoggedRemoval, removal_log
from meetingapp.core.retention.user_writing import ExportLabels, export, gather_writing
from meetingapp.core.settings import RetentionSettings, WritingPolicy
from meetingapp.store import Store
from meetingapp.store.local import precise_now

__all__ = ["RetentionReport", "run_retention"]

_log = logging.getLogger(__name__)


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
        if membership_rows(store.db.read()) != set(plan.ended.files):
            with store.db.write() as db:
                update_membership_revocations(db, plan.ended)
        return RetentionReport(run_at, deferred=plan.deferred, seconds=time.monotonic() - started)
    writing = gather_writing(store.db.read(), plan.removals)
    exported = None
    if settings.writing is WritingPolicy.EXPORT and settings.export_folder is not None:
        day = (now or datetime.now(UTC)).astimezone().date().isoformat()
        exported = export(
            Library(store),
            plan.removals,
            writing,
            settings.export_folder,
            labels or ExportLabels(),
            day,
        )
    applied = apply_plan(store, plan, writing, exported, run_at)
    removed = applied.content
    blobs = unlink_blobs(store, removed.unused_blobs, list(removed.per_file))
    merge_search_indexes(store, pages=removed.search_pages > 0, writing=applied.writing_deleted)
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
