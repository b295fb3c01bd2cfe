"""The full-text index of the documents on this machine, built in the render worker.

Each current file version gets one ``search_page`` row per page and, for a page
with text, that text in ``page_fts`` (rowid = ``search_page.id``); its
``search_version`` row says it is done (how many pages, how many without text, or
why it could not be read). A page with (almost) no letters is most likely a scan:
``has_text = 0`` lets the search say how much of what the user searches cannot be
searched. Notes and annotation comments need no indexer: triggers keep their
indexes.

The index follows what is current: a version no longer current (a newer one was
fetched, or its file was removed) loses its entries before anything new is read,
so the search shows the documents as they are now. A run writes whole documents
in batches (one transaction for several documents and their ``search_version``
rows), so a killed run resumes where the last batch ended; a document that cannot
be read is recorded with the reason and not tried again.

Text comes from :meth:`RenderWorker.document_text` (every page in one call, in
reading order): as fast as ``page.get_text()`` in one process. It returns at most
:data:`~meetingapp.core.render.MAX_DOCUMENT_TEXT` characters; the pages of a longer
document after that point are read one by one with :meth:`RenderWorker.page_text`.
While the worker extracts a document, the previous one is written: the two
processes work in parallel.
"""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from meetingapp.core.packet.library import file_type_of
from meetingapp.core.render import (
    MAX_DOCUMENT_TEXT,
    PasswordRequiredError,
    RenderError,
    RenderWorker,
    RenderWorkerCrashed,
    UnsupportedFormatError,
)
from meetingapp.store import Store, sql
from meetingapp.store.local import utc_now

BATCH_PAGES: Final = 2_000
BATCH_SECONDS: Final = 1.0
"""Indexed documents are written when this many pages wait, or at least this often."""
OPEN_TIMEOUT: Final = 30.0
SECONDS_PER_PAGE: Final = 0.2
"""A document's text may take ``OPEN_TIMEOUT + pages × SECONDS_PER_PAGE`` seconds
(pages as counted, when known) before the worker counts as hung."""
UNCOUNTED_TIMEOUT: Final = 300.0
"""The same for a document whose pages have not been counted."""
MIN_LETTERS: Final = 16
"""A page with fewer letters counts as without text (a scan, perhaps with a stamp
such as "Inkom 2026-03-01"); what text it has is indexed all the same."""

MARKERS: Final = ("\ufdd0", "\ufdd1")
"""Unicode noncharacters the search puts around matched terms in snippets; they are
removed from indexed text so that a document cannot fake a mark."""
_REMOVED: Final = dict.fromkeys(map(ord, MARKERS))

_log = logging.getLogger(__name__)
_run_lock = threading.Lock()
"""One indexing run at a time (after a sync and after page counts may overlap)."""


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What one run did."""

    documents_indexed: int = 0
    pages_indexed: int = 0
    pages_without_text: int = 0
    documents_failed: int = 0
    """Documents the worker could not read (recorded, not tried again)."""
    documents_removed: int = 0
    """Versions no longer current whose entries were removed."""
    seconds: float = 0.0
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class _Wanted:
    """A current version without an index."""

    version_id: int
    blob_sha256: str
    file_type: str | None
    page_count: int | None


@dataclass(frozen=True, slots=True)
class _Extracted:
    """One version's page texts (normalised), or why it could not be read."""

    version_id: int
    pages: tuple[str, ...] = ()
    error: str | None = None


_CURRENT_VERSIONS: Final = (
    "SELECT v.id, v.blob_sha256, v.page_count, f.file_name, f.mime_type "
    "FROM file_version AS v JOIN file AS f ON f.id = v.file_id "
    "WHERE v.id = (SELECT c.id FROM file_version AS c WHERE c.file_id = v.file_id "
    "ORDER BY c.fetched_at DESC, c.id DESC LIMIT 1)"
)
"""The version shown of every file (the one fetched last) that still has a file row."""


def index_documents(store: Store, cancel: threading.Event | None = None) -> IndexReport:
    """Bring the page index up to date with the current file versions.

    Runs on the calling thread (never the GUI thread) until done or until
    ``cancel`` is set. When no worker process can be started nothing is marked as
    tried, so the next run tries again.
    """
    start = time.monotonic()
    while not _run_lock.acquire(timeout=0.2):
        if cancel is not None and cancel.is_set():
            return IndexReport(cancelled=True)
    try:
        removed = remove_stale_entries(store)
        wanted = _wanted(store.db.read())
        counts = _Counts(removed=removed)
        if wanted:
            _index(store, wanted, cancel, counts)
    finally:
        _run_lock.release()
    return counts.report(time.monotonic() - start, cancel)


def remove_stale_entries(store: Store) -> int:
    """Remove the entries of versions that are no longer current; returns how many."""
    with store.db.write() as db:
        stale = [
            row[0]
            for row in db.execute(
                "SELECT version_id FROM search_version WHERE version_id NOT IN "
                f"(SELECT id FROM ({_CURRENT_VERSIONS}))"
            )
        ]
        for version_id in stale:
            db.execute("DELETE FROM search_page WHERE version_id = ?", (version_id,))
            db.execute("DELETE FROM search_version WHERE version_id = ?", (version_id,))
    return len(stale)


def _wanted(db: sql.Connection) -> list[_Wanted]:
    """Current versions not indexed yet, the newest first (most likely to be read)."""
    rows = db.execute(
        f"SELECT * FROM ({_CURRENT_VERSIONS}) AS current WHERE NOT EXISTS "
        "(SELECT 1 FROM search_version AS s WHERE s.version_id = current.id) "
        "ORDER BY current.id DESC"
    )
    return [
        _Wanted(
            row["id"],
            row["blob_sha256"],
            file_type_of(row["file_name"], row["mime_type"]),
            row["page_count"],
        )
        for row in rows
    ]


class _Counts:
    """Running totals of a run."""

    def __init__(self, removed: int) -> None:
        self.removed = removed
        self.documents = 0
        self.pages = 0
        self.without_text = 0
        self.failed = 0

    def add(self, extracted: _Extracted) -> None:
        if extracted.error is not None:
            self.failed += 1
            return
        self.documents += 1
        self.pages += len(extracted.pages)
        self.without_text += sum(1 for text in extracted.pages if not has_text(text))

    def report(self, seconds: float, cancel: threading.Event | None) -> IndexReport:
        return IndexReport(
            documents_indexed=self.documents,
            pages_indexed=self.pages,
            pages_without_text=self.without_text,
            documents_failed=self.failed,
            documents_removed=self.removed,
            seconds=seconds,
            cancelled=cancel is not None and cancel.is_set(),
        )


def _index(
    store: Store, wanted: list[_Wanted], cancel: threading.Event | None, counts: _Counts
) -> None:
    """Extract in the worker and write here, one document ahead: while the worker
    reads the next document, this thread writes the last one."""
    with RenderWorker(timeout=OPEN_TIMEOUT, cache_size=1, blob_key=store.blobs.key) as worker:
        try:
            worker.start()
        except RenderWorkerCrashed as error:
            _log.warning("Cannot index documents: %s", error)
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-text") as reader:
            _extract_and_write(store, worker, reader, wanted, cancel, counts)


def _extract_and_write(
    store: Store,
    worker: RenderWorker,
    reader: ThreadPoolExecutor,
    wanted: list[_Wanted],
    cancel: threading.Event | None,
    counts: _Counts,
) -> None:
    batch = _Batch(store)
    pending: Future[_Extracted | None] | None = None
    for version in _until_cancelled(wanted, cancel):
        following = reader.submit(_extract, worker, store, version)
        if pending is not None:
            _take(pending.result(), batch, counts)
        pending = following
    if pending is not None:
        _take(pending.result(), batch, counts)
    batch.flush()


def _until_cancelled(wanted: list[_Wanted], cancel: threading.Event | None) -> Iterator[_Wanted]:
    for version in wanted:
        if cancel is not None and cancel.is_set():
            return
        yield version


def _take(extracted: _Extracted | None, batch: _Batch, counts: _Counts) -> None:
    if extracted is None:
        return
    counts.add(extracted)
    batch.add(extracted)


def _extract(worker: RenderWorker, store: Store, version: _Wanted) -> _Extracted | None:
    """The version's page texts; None when its blob is gone (nothing to record)."""
    path = store.blobs.path(version.blob_sha256)
    if not path.is_file():
        return None
    worker.timeout = (
        UNCOUNTED_TIMEOUT
        if version.page_count is None
        else OPEN_TIMEOUT + version.page_count * SECONDS_PER_PAGE
    )
    try:
        pages = _page_texts(worker, path, version.file_type)
    except RenderError as error:
        return _Extracted(version.version_id, error=_reason(error))
    return _Extracted(version.version_id, tuple(normalised(text) for text in pages))


def _page_texts(worker: RenderWorker, path: Path, file_type: str | None) -> list[str]:
    """Every page's text; the pages past the worker's text limit one by one."""
    pages = worker.document_text(path, file_type=file_type)
    total = 0
    for index, text in enumerate(pages):
        total += len(text)
        if total >= MAX_DOCUMENT_TEXT:
            rest = [
                worker.page_text(path, i, file_type=file_type) for i in range(index, len(pages))
            ]
            return pages[:index] + rest
    return pages


def _reason(error: RenderError) -> str:
    """Why a document cannot be searched, for the record (not shown verbatim)."""
    if isinstance(error, PasswordRequiredError):
        return f"password: {error}"
    if isinstance(error, UnsupportedFormatError):
        return f"format: {error}"
    if isinstance(error, RenderWorkerCrashed):
        return f"crashed: {error}"
    return f"unreadable: {error}"


def normalised(text: str) -> str:
    """Text as indexed: NFKC, without the snippet markers. A PDF may hold "å" as "a"
    and a combining ring (two tokens to FTS5), and "ﬁ" as one ligature character
    ("ﬁnansieras" would not be found as "finansieras")."""
    return unicodedata.normalize("NFKC", text).translate(_REMOVED)


def has_text(text: str) -> bool:
    """Whether a page holds searchable text (enough letters not to be a scan)."""
    letters = 0
    for character in text:
        if character.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                return True
    return False


class _Batch:
    """Extracted documents waiting to be written, in one transaction per batch."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._waiting: list[_Extracted] = []
        self._pages = 0
        self._written = time.monotonic()

    def add(self, extracted: _Extracted) -> None:
        self._waiting.append(extracted)
        self._pages += len(extracted.pages)
        if self._pages >= BATCH_PAGES or time.monotonic() - self._written >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._waiting:
            with self._store.db.write() as db:
                for extracted in self._waiting:
                    write_version(db, extracted.version_id, extracted.pages, extracted.error)
        self._waiting.clear()
        self._pages = 0
        self._written = time.monotonic()


def write_version(
    db: sql.Connection, version_id: int, pages: Sequence[str], error: str | None = None
) -> bool:
    """Record one version's pages (text already :func:`normalised`) inside the caller's
    write transaction. Skipped (False) when the version is gone or already indexed
    by another run."""
    exists = db.execute(
        "SELECT 1 FROM file_version AS v WHERE v.id = ? AND NOT EXISTS "
        "(SELECT 1 FROM search_version AS s WHERE s.version_id = v.id)",
        (version_id,),
    ).fetchone()
    if exists is None:
        return False
    without_text = 0
    for page, text in enumerate(pages):
        searchable = has_text(text)
        without_text += not searchable
        cursor = db.execute(
            "INSERT INTO search_page (version_id, page, has_text) VALUES (?, ?, ?)",
            (version_id, page, int(searchable)),
        )
        if text.strip():
            db.execute("INSERT INTO page_fts (rowid, body) VALUES (?, ?)", (cursor.lastrowid, text))
    db.execute(
        "INSERT INTO search_version (version_id, indexed_at, pages, pages_without_text, error) "
        "VALUES (?, ?, ?, ?, ?)",
        (version_id, utc_now(), len(pages), without_text, error),
    )
    return True
