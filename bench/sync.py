"""Syncing from an OParl server on loopback: a full sync and a no-change resync.

The server is the test suite's OParl server (``tests.oparl_server``) with a
generated municipality, served by cheroot on loopback from a child process
(:mod:`bench.served`), so both sides share the machine with it alike.

Full sync: ours is a complete :meth:`SyncEngine.run` into a fresh data dir:
metadata, then every file fetched, verified (size, SHA-256 and the declared
checksum, PDF signature), fsynced and recorded. The baseline fetches every URL
ours fetched (the System, each list page, each file), knowing them all up front,
from the same server, with plain ``requests`` and a thread pool of the same
size, streaming each body to a file (no parsing, hashing, fsync or database).

No-change resync: ours is a further :meth:`SyncEngine.run` on a synced data dir
while nothing changed on the server (its clock moves on a minute each time, as a
real server's does). The baseline is the least a client without change queries
can do: one conditional GET per list page of the full listing, plus the System,
sequentially and each answered 304. A static host ignores the filters, so there
ours costs one conditional request per page too.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

from bench.served import ServedSite, Shape, served
from bench.table import BenchResult
from bench.timing import paired_medians, seconds
from meetingapp.net.transport import build_session
from meetingapp.oparl.engine import SyncEngine, SyncProgress, SyncResult
from meetingapp.oparl.scope import SyncScope
from meetingapp.store import Store, StoreKeys

BENCH_KEYS = StoreKeys.generate()
"""One key for the run: a data directory made by one step is opened by the next."""

KEY = "sync"
NAME = "full sync (500 meetings, 5,000 files)"
RESYNC_KEY = "resync"
RESYNC_NAME = "no-change resync"
STATIC_RESYNC_KEY = "resync-static"
STATIC_RESYNC_NAME = "no-change resync (static host)"
UNIT = "s"

MEETINGS = 500
FILES_PER_MEETING = 10
FILE_SIZE = 200 * 1024
RESYNC_FILE_SIZE = 4 * 1024
"""A resync never reads file contents, so its setup syncs small files."""
PARALLEL_DOWNLOADS = 4
MAX_FULL_SYNC_REPETITIONS = 2
"""A full sync moves about 1 GB per side; more repetitions take minutes each."""
ALL_HISTORY_DAYS = 100_000
"""A scope reaching back before the first meeting: every file is fetched."""
CHUNK_SIZE = 1 << 16  # the engine's chunk size
MEGABYTE = 1_000_000


FULL_SHAPE = Shape(MEETINGS, FILES_PER_MEETING, FILE_SIZE)
RESYNC_SHAPE = Shape(MEETINGS, FILES_PER_MEETING, RESYNC_FILE_SIZE)


def scope_of(site: ServedSite) -> SyncScope:
    """Everything the server has, files included."""
    return SyncScope(now=site.now(), days_back=ALL_HISTORY_DAYS)


def serve_shape(shape: Shape, *, static: bool = False) -> AbstractContextManager[ServedSite]:
    return served(shape, datetime.now(UTC), static=static)


# --- Ours ----------------------------------------------------------------------


@dataclass
class SyncRun:
    """One timed sync: its result, wall time and when the file phase began."""

    result: SyncResult
    seconds: float
    metadata_seconds: float | None = None


@dataclass
class _FilePhaseClock:
    start: float = field(default_factory=time.perf_counter)
    files_from: float | None = None

    def on_progress(self, progress: SyncProgress) -> None:
        if progress.phase == "files" and self.files_from is None:
            self.files_from = time.perf_counter()


def sync(site: ServedSite, data_dir: Path) -> SyncRun:
    """A complete sync run into ``data_dir``; the time is that of ``run()`` alone."""
    store = Store(data_dir, BENCH_KEYS)
    clock = _FilePhaseClock()
    try:
        with build_session() as session:
            engine = SyncEngine(
                store,
                session,
                site.endpoint,
                on_progress=clock.on_progress,
                parallel_downloads=PARALLEL_DOWNLOADS,
                scope=scope_of(site),
            )
            clock.start = time.perf_counter()
            result = engine.run()
            elapsed = time.perf_counter() - clock.start
    finally:
        store.close()
    metadata = None if clock.files_from is None else clock.files_from - clock.start
    return SyncRun(result, elapsed, metadata)


@dataclass(frozen=True)
class StoredFiles:
    urls: list[str]
    total_bytes: int


def stored_files(data_dir: Path) -> StoredFiles:
    """The URLs of the files that have content in the store, and their bytes."""
    store = Store(data_dir, BENCH_KEYS)
    try:
        rows = (
            store.db.read()
            .execute(
                "SELECT COALESCE(f.download_url, f.access_url) AS url, MAX(v.size) AS size "
                "FROM file AS f JOIN file_version AS v ON v.file_id = f.id "
                "GROUP BY f.id ORDER BY f.id"
            )
            .fetchall()
        )
    finally:
        store.close()
    return StoredFiles([row["url"] for row in rows], sum(row["size"] for row in rows))


# --- Baseline ------------------------------------------------------------------


def fetch_plain(urls: Sequence[str], folder: Path, parallel: int) -> None:
    """GET every URL with ``parallel`` threads, each body streamed to its own file."""
    folder.mkdir(parents=True, exist_ok=True)
    with requests.Session() as session, ThreadPoolExecutor(max_workers=parallel) as pool:
        futures = [
            pool.submit(_fetch_to_file, session, url, folder / f"{index}.bin")
            for index, url in enumerate(urls)
        ]
        for future in futures:
            future.result()


def _fetch_to_file(session: requests.Session, url: str, target: Path) -> None:
    with session.get(url, stream=True, timeout=60) as response:
        response.raise_for_status()
        with target.open("wb") as out:
            for chunk in response.iter_content(chunk_size=CHUNK_SIZE):
                out.write(chunk)


# --- Full sync -----------------------------------------------------------------


def run(repetitions: int) -> BenchResult:
    return measure_full_sync(FULL_SHAPE, min(repetitions, MAX_FULL_SYNC_REPETITIONS))


@dataclass
class _FullSyncTimes:
    ours: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    metadata: list[float] = field(default_factory=list)
    files: StoredFiles | None = None
    pages: list[str] = field(default_factory=list)
    failed: int = 0


def measure_full_sync(shape: Shape, repetitions: int) -> BenchResult:
    """Median wall time of ``repetitions`` full syncs and plain fetches, alternating."""
    times = _FullSyncTimes()
    with serve_shape(shape) as site, tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        for repetition in range(repetitions):
            _measure_full_sync_once(site, Path(folder) / str(repetition), times)
        expected = site.file_count
    assert times.files is not None
    name = NAME if shape == FULL_SHAPE else f"full sync ({shape.label()})"
    ours, baseline = statistics.median(times.ours), statistics.median(times.baseline)
    note = _full_sync_note(times, times.files, expected, ours, baseline)
    return BenchResult(name, UNIT, ours, baseline, repetitions, note)


def _measure_full_sync_once(site: ServedSite, folder: Path, times: _FullSyncTimes) -> None:
    data_dir = folder / "data"
    _settle()
    site.reset_log()
    ours = sync(site, data_dir)
    pages = times.pages = times.pages or _page_urls(site)
    times.ours.append(ours.seconds)
    if ours.metadata_seconds is not None:
        times.metadata.append(ours.metadata_seconds)
    times.failed = len(ours.result.failed_files)
    files = times.files = times.files or stored_files(data_dir)
    _settle()
    plain = folder / "plain"
    urls = [*pages, *files.urls]
    times.baseline.append(seconds(lambda: fetch_plain(urls, plain, PARALLEL_DOWNLOADS)))


def _settle() -> None:
    """Write out what the previous side left in the page cache, so it does not
    weigh on the next measurement. Nothing is deleted before the end: thousands
    of just-deleted files make creating files slower on some file systems."""
    os.sync()


def _full_sync_note(
    times: _FullSyncTimes, files: StoredFiles, expected: int, ours: float, baseline: float
) -> str:
    megabytes = files.total_bytes / MEGABYTE
    parts = [
        f"{len(files.urls):,} of {expected:,} files, {megabytes:,.0f} MB",
        f"+ {len(times.pages)} System/list pages",
        f"{megabytes / ours:.0f} vs {megabytes / baseline:.0f} MB/s",
        f"ours incl. metadata {statistics.median(times.metadata):.1f} s" if times.metadata else "",
        f"{times.failed} failed" if times.failed else "",
        f"{PARALLEL_DOWNLOADS} threads each; baseline: every URL ours fetched, known up front, "
        "in parallel to files: no parsing, hash, fsync or db",
        f"only {len(times.ours)} repetition(s): {megabytes:,.0f} MB per side each",
    ]
    return "; ".join(part for part in parts if part)


# --- No-change resync ------------------------------------------------------------


def run_resync(repetitions: int) -> BenchResult:
    return measure_resync(RESYNC_SHAPE, repetitions, static=False)


def run_static_resync(repetitions: int) -> BenchResult:
    return measure_resync(RESYNC_SHAPE, repetitions, static=True)


@dataclass
class _ResyncLog:
    """What the measured resyncs and conditional GETs cost, in requests."""

    requests: set[int] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    baseline_statuses: Counter[int] = field(default_factory=Counter)
    saved: int = 0
    downloaded: int = 0


def measure_resync(shape: Shape, repetitions: int, *, static: bool) -> BenchResult:
    """Median wall time of a sync that finds nothing changed, vs. conditional GETs."""
    log = _ResyncLog()
    with (
        serve_shape(shape, static=static) as site,
        tempfile.TemporaryDirectory(prefix="bench-resync-") as folder,
    ):
        data_dir = Path(folder) / "data"
        page_urls = _first_sync_pages(site, data_dir, extra_syncs=1 if static else 0)
        validators = _validators(page_urls)
        ours, baseline = paired_medians(
            lambda: _resync_once(site, data_dir, log),
            lambda: seconds(lambda: _conditional_gets(validators, log.baseline_statuses)),
            repetitions,
        )
    name = _resync_name(shape, static)
    note = _resync_note(log, len(page_urls), shape, static)
    return BenchResult(name, UNIT, ours, baseline, repetitions, note)


def _resync_name(shape: Shape, static: bool) -> str:
    name = STATIC_RESYNC_NAME if static else RESYNC_NAME
    return name if shape == RESYNC_SHAPE else f"{name} ({shape.label()})"


def _first_sync_pages(site: ServedSite, data_dir: Path, extra_syncs: int) -> list[str]:
    """Sync completely (and ``extra_syncs`` more times); returns the URLs of the
    System and the list pages the complete sync read."""
    site.reset_log()
    sync(site, data_dir)
    urls = _page_urls(site)
    for _ in range(extra_syncs):
        _advance(site)
        sync(site, data_dir)
    return urls


def _page_urls(site: ServedSite) -> list[str]:
    """The URLs of the System and the list pages requested since the log was reset."""
    return [
        site.host_url + entry.path.lstrip("/") + (f"?{entry.query}" if entry.query else "")
        for entry in site.log()
        if not entry.path.startswith("/file/")
    ]


def _advance(site: ServedSite) -> None:
    """Time passes on the server; nothing changes."""
    site.advance(minutes=1)


def _resync_once(site: ServedSite, data_dir: Path, log: _ResyncLog) -> float:
    _advance(site)
    site.reset_log()
    run = sync(site, data_dir)
    log.statuses = site.status_counts()
    log.requests.add(log.statuses.total())
    log.saved += run.result.objects_saved + run.result.objects_removed
    log.downloaded += run.result.files_downloaded
    return run.seconds


def _validators(urls: Sequence[str]) -> list[tuple[str, dict[str, str]]]:
    """Each URL with the If-None-Match its current ETag makes (read unmeasured)."""
    with requests.Session() as session:
        pairs = []
        for url in urls:
            response = session.get(url, timeout=60)
            response.raise_for_status()
            etag = response.headers.get("ETag")
            pairs.append((url, {"If-None-Match": etag} if etag else {}))
    return pairs


def _conditional_gets(
    validators: Sequence[tuple[str, dict[str, str]]], statuses: Counter[int]
) -> None:
    """One conditional GET per URL, one after the other, as a list is walked."""
    answered = []
    with requests.Session() as session:
        for url, headers in validators:
            with session.get(url, headers=headers, timeout=60) as response:
                answered.append(response.status_code)
    statuses.clear()
    statuses.update(answered)


def _resync_note(log: _ResyncLog, pages: int, shape: Shape, static: bool) -> str:
    made = "/".join(str(count) for count in sorted(log.requests))
    parts = [
        f"ours {made} requests ({_statuses(log.statuses)})",
        f"baseline {pages} = {pages - 1} list pages + System ({_statuses(log.baseline_statuses)})",
        ("ours all 304" if set(log.statuses) == {304} else "ours not all 304") if static else "",
        "after 2 syncs" if static else "after the full sync",
        f"{log.saved} objects changed, {log.downloaded} files fetched",
        f"{shape.label()} of {shape.file_size // 1024} KB (contents unread on a resync)",
    ]
    return "; ".join(part for part in parts if part)


def _statuses(counts: Counter[int]) -> str:
    return ", ".join(f"{count}×{status}" for status, count in sorted(counts.items()))
