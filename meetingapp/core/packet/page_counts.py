"""Page counts of the documents on this machine, learnt in the render worker.

The agenda shows how many pages each document has, which the metadata does not
say. Counting means opening the file with MuPDF, so it happens where MuPDF lives:
in a :class:`~meetingapp.core.render.RenderWorker` process, on a background thread
(after each sync). A file MuPDF cannot open, or that crashes or hangs the worker,
keeps an unknown count and is not tried again; the viewer records the count when
it opens a document (``record_page_count``), so what it learns is not lost.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Final

from meetingapp.core.packet.library import file_type_of
from meetingapp.core.render import RenderError, RenderWorker, RenderWorkerCrashed
from meetingapp.store import Store
from meetingapp.store.local import UncountedVersion, record_page_counts, uncounted_versions

BATCH_VERSIONS: Final = 32
BATCH_SECONDS: Final = 1.0
"""Counts are written in batches of this many, or at least this often."""
OPEN_TIMEOUT: Final = 15.0
"""Seconds one document may take to open before the worker counts as hung."""

_log = logging.getLogger(__name__)


def count_pages(store: Store, cancel: threading.Event | None = None) -> int:
    """Count the pages of every current file version that lacks a count.

    Runs on the calling thread (never the GUI thread) until done or until
    ``cancel`` is set; returns how many counts were recorded. When no worker
    process can be started nothing is marked as tried, so the next run tries again.
    """
    wanted = uncounted_versions(store.db.read())
    if not wanted:
        return 0
    batch: list[tuple[int, int | None]] = []
    recorded = 0
    written = time.monotonic()
    with RenderWorker(timeout=OPEN_TIMEOUT, cache_size=1, blob_key=store.blobs.key) as worker:
        try:
            worker.start()
        except RenderWorkerCrashed as error:
            _log.warning("Cannot count pages: %s", error)
            return 0
        for version in wanted:
            if cancel is not None and cancel.is_set():
                break
            path = store.blobs.path(version.blob_sha256)
            if not path.is_file():
                continue  # removed since it was recorded; nothing to count
            count = _page_count(worker, store, version)
            batch.append((version.version_id, count))
            recorded += count is not None
            if len(batch) >= BATCH_VERSIONS or time.monotonic() - written >= BATCH_SECONDS:
                _write(store, batch)
                written = time.monotonic()
    _write(store, batch)
    return recorded


def _page_count(worker: RenderWorker, store: Store, version: UncountedVersion) -> int | None:
    """The pages MuPDF finds; None when it cannot tell (not a paginated format,
    damaged, password-protected, or the worker crashed or hung on it)."""
    path = store.blobs.path(version.blob_sha256)
    try:
        info = worker.open_document(
            path, file_type=file_type_of(version.file_name, version.mime_type)
        )
    except RenderError:
        return None
    if info.needs_password or info.page_count < 1:
        return None
    return info.page_count


def _write(store: Store, batch: list[tuple[int, int | None]]) -> None:
    if batch:
        with store.db.write() as db:
            record_page_counts(db, batch)
        batch.clear()


def record_page_count(store: Store, version_id: int, count: int) -> None:
    """Record what the viewer learnt when it opened a version."""
    if count < 1:
        return
    with store.db.write() as db:
        record_page_counts(db, [(version_id, count)])
