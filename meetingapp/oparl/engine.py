"""The sync: read a source's OParl objects into the store and fetch their files.

It runs on a background thread (never the GUI thread), reports progress through
a callback and stops between two requests when its cancel event is set. Each list
page is written in one transaction, so a killed sync leaves the store consistent
and the next run simply continues.

Revocation: a file this machine holds that the server says is removed (410), or
refuses (401 or 403) on two runs at least :data:`REFUSAL_CONFIRMED_AFTER` apart,
is recorded in ``revoked_file``; ``meetingapp.core.retention`` removes its copies after
the run, and the scope leaves it alone until the server changes its description.
One refusal is not enough: a web firewall or rate limiter answers 403 to a burst
of parallel downloads, and the files would be gone (with the export policy, the
user's writing too). The first refusal is the file's failure row
(``download_failure``, kept at its first time while the refusals go on). A 401 is
taken as a refusal of the file only when it cannot be a sign-in problem: the
source has no sign-in, or another file of the same run came through with the same
credentials. Tombstones need nothing here: a
file row deleted while a version of it is here is recorded by a trigger, and a
meeting, item or paper removed leaves files no owner holds, which retention finds.

Incremental: after a successful run, the next one asks every list only for what
changed since that run *started* (``modified_since``, plus ``omit_internal`` on
OParl 1.1, where the agendaItem, consultation and file lists then bring the
embedded objects). Every list page is fetched conditionally (see ``pages``), so a
static publication that ignores the filters costs one 304 per page. A complete
listing (no filter, or a server that evidently ignored it) also reveals deleted
objects: what the body's list no longer contains is removed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Final

import requests

from meetingapp.net.transport import TransportPolicy
from meetingapp.oparl.changes import Change, compare, record_changes, take_snapshot
from meetingapp.oparl.download import (
    DEFAULT_MAX_FILE_BYTES,
    REFUSED,
    DownloadError,
    FileToFetch,
    Outcome,
    VersionRecorder,
    download,
    fetch,
    resumable_partials,
)
from meetingapp.oparl.oparl import DEFAULT_MAX_JSON_BYTES, JsonObject, OParlClient, OParlError
from meetingapp.oparl.pages import (
    CachedPage,
    ListPage,
    cache_key,
    fetch_object_cached,
    fetch_page,
    load_cached_page,
    store_cached_object,
    store_cached_page,
)
from meetingapp.oparl.scope import (
    RemovalReason,
    SyncScope,
    files_to_fetch,
    is_revoked,
    revoke_file,
)
from meetingapp.oparl.sources import find_source
from meetingapp.store import Store, sql
from meetingapp.store.local import (
    clear_download_failures,
    failed_file_ids,
    precise_now,
    record_download_failures,
    utc_now,
)
from meetingapp.store.objects import (
    delete_missing,
    is_unchanged,
    is_unchanged_body,
    save_body,
    save_listed_object,
    stored_bodies,
)
from meetingapp.store.timestamps import parse_timestamp

# Lists read on every run, in an order that lets later objects refer to earlier ones.
BODY_LISTS: Final = ("organization", "person", "membership", "meeting", "paper")
# OParl 1.1 lists that carry the embedded objects when omit_internal leaves them out.
INTERNAL_LISTS: Final = ("agendaItem", "consultation", "file")
LIST_TYPES: Final = {
    "organization": "Organization",
    "person": "Person",
    "meeting": "Meeting",
    "paper": "Paper",
}
REFUSALS: Final = {
    401: RemovalReason.DENIED,
    403: RemovalReason.DENIED,
    410: RemovalReason.GONE,
}
"""HTTP answers to a file that say it is no longer the user's to hold."""
REFUSAL_CONFIRMED_AFTER: Final = timedelta(minutes=10)
"""A held file refused (401/403) is revoked when a run at least this long after the
first refusal is refused again; a burst of refusals within a run, or runs in
quick succession, remove nothing."""


@dataclass(frozen=True)
class SyncLimits:
    """What a server may send at most, so a lying or hostile one cannot fill the disk."""

    max_json_bytes: int = DEFAULT_MAX_JSON_BYTES
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_list_pages: int = 100_000
    """Pages of one list at most: ``next`` links that never repeat (page=1, 2, 3 …
    for ever) end there like a loop, as an incomplete listing."""


class SyncCancelled(Exception):  # noqa: N818 - a state, not an error
    """The sync was cancelled; what was written so far is consistent."""


@dataclass(frozen=True)
class SyncProgress:
    """One progress report: the phase ("metadata" or "files"), how far it got, and
    what it works on (a list name); the UI and the CLI word it for people.

    ``total`` is None while the lists are read (their length is not known), and
    the last "metadata" report of a source has one: the objects saved, as ``done``.
    """

    phase: str
    done: int
    total: int | None
    detail: str = ""


@dataclass
class SyncResult:
    objects_saved: int = 0
    objects_removed: int = 0
    files_downloaded: int = 0
    failed_files: list[tuple[str, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    revoked_files: list[tuple[str, int]] = field(default_factory=list)
    """Files held here that the server refused or removed (file id, HTTP status);
    retention removes their copies after the run."""


ProgressCallback = Callable[[SyncProgress], None]


def _ignore_progress(_progress: SyncProgress) -> None:
    """Default progress sink."""


def ensure_source(store: Store, url: str, name: str = "") -> int:
    with store.db.write() as db:
        db.execute(
            "INSERT INTO source (url, name, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT (url) DO NOTHING",
            (url, name, utc_now()),
        )
        row = db.execute("SELECT id FROM source WHERE url = ?", (url,)).fetchone()
        return int(row["id"])


def _older_than(obj: JsonObject, since: datetime) -> bool:
    modified = parse_timestamp(obj.get("modified"))
    return modified is not None and modified < since


@dataclass
class _Listing:
    """What one walk through a list saw."""

    ids: set[str] = field(default_factory=set)
    complete: bool = False
    full: bool = False


class SyncEngine:
    """One sync run of one source."""

    def __init__(
        self,
        store: Store,
        session: requests.Session,
        source_url: str,
        *,
        on_progress: ProgressCallback = _ignore_progress,
        cancel: threading.Event | None = None,
        parallel_downloads: int = 4,
        scope: SyncScope | None = None,
        limits: SyncLimits | None = None,
        policy: TransportPolicy | None = None,
    ) -> None:
        self.store = store
        self.limits = limits or SyncLimits()
        self.client = OParlClient(
            session, source_url, policy, max_json_bytes=self.limits.max_json_bytes
        )
        self.source_url = source_url
        self.on_progress = on_progress
        self.cancel = cancel or threading.Event()
        self.parallel_downloads = parallel_downloads
        self.scope = scope or SyncScope()
        self._since: str | None = None
        self._omit_internal = False
        self._looped = False
        self._ignores_filters = False
        self._resumable: frozenset[str] | None = None
        self._refused: list[tuple[FileToFetch, int]] = []
        self._came_through = False
        """Whether a file of this run was fetched or confirmed (credentials work)."""

    def run(self) -> SyncResult:
        """Sync metadata completely, then fetch the files in scope."""
        started = utc_now()
        source_id = ensure_source(self.store, self.source_url)
        self._since = self._record_start(source_id, started)
        before = take_snapshot(self.store.db.read())
        result = SyncResult()
        try:
            system, server_clock = self._fetch_system()
            # The next run asks for changes since this moment by the server's clock:
            # the laptop's clock may be off, and a server compares with its own.
            started = server_clock or started
            self._omit_internal = self._since is not None and _is_oparl_1_1(system)
            self._sync_bodies(system, source_id, result)
            self._report("metadata", result.objects_saved, result.objects_saved)
            self._download(files_to_fetch(self.store.db.read(), self.scope), result)
        except (OParlError, SyncCancelled) as error:
            self._record_end(source_id, started, error=str(error) or "cancelled")
            raise
        result.changes = compare(self.store.db.read(), before)
        with self.store.db.write() as db:
            record_changes(db, started, result.changes)
        self._record_end(source_id, started, error=None)
        return result

    def fetch_one(self, wanted: FileToFetch) -> int:
        """Fetch one file now (a document opened that is not on this machine).

        A failure is remembered with its reason (and raised); a success clears it.
        """
        try:
            self._fetch_system()  # sets up the mirror of a publication on disk
            version_id = download(self.client, self.store, wanted, self.limits.max_file_bytes)
        except (OParlError, DownloadError) as error:
            if isinstance(error, DownloadError):
                self._note_refusal(wanted, error)
            self._record_failures([(wanted.file_id, str(error))], SyncResult())
            raise
        with self.store.db.write() as db:
            clear_download_failures(db, [wanted.file_id])
        return version_id

    def _fetch_system(self) -> tuple[JsonObject, str | None]:
        """The System object, and the server's clock when it tells it."""
        fetched = fetch_object_cached(self.store.db.read(), self.client, self.source_url)
        self.client.use_system(fetched.obj)
        with self.store.db.write() as db:
            store_cached_object(db, self.source_url, fetched)
        clock = fetched.server_date
        return fetched.obj, clock.astimezone(UTC).replace(
            microsecond=0
        ).isoformat() if clock else None

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise SyncCancelled()

    def _report(self, phase: str, done: int, total: int | None, detail: str = "") -> None:
        self.on_progress(SyncProgress(phase, done, total, detail))

    def _sync_bodies(self, system: JsonObject, source_id: int, result: SyncResult) -> None:
        body_list = system.get("body")
        if not isinstance(body_list, str):
            raise OParlError("The server's System object names no list of bodies")
        with self.store.db.write() as db:
            db.execute(
                "UPDATE source SET system_id = ?, name = ? WHERE id = ?",
                (system.get("id"), str(system.get("name") or ""), source_id),
            )
        for body in self._bodies(body_list):
            if not isinstance(body.get("id"), str) or body.get("deleted") is True:
                continue
            with self.store.db.write() as db:
                if not is_unchanged_body(db, body):
                    save_body(db, body, source_id)
            self._sync_body_lists(body, result)

    def _bodies(self, body_list: str) -> Iterator[JsonObject]:
        """The bodies of the System; an unchanged page answers from the store."""
        for key, cached, page in self._pages(body_list, None):
            if page.items is None:
                assert cached is not None
                yield from stored_bodies(self.store.db.read(), cached.item_ids or ())
                continue
            ids = tuple(str(body["id"]) for body in page.items if isinstance(body.get("id"), str))
            with self.store.db.write() as db:
                store_cached_page(db, key, page, ids)
            yield from page.items

    def _pages(
        self, list_url: str, params: dict[str, str] | None
    ) -> Iterator[tuple[str, CachedPage | None, ListPage]]:
        """Every page of a list, fetched conditionally, following ``next`` links.

        The next page is fetched while the caller stores the current one, so the
        server's time and ours overlap. Stops without raising when a ``next``
        link leads back to a page already read; the caller learns it from
        ``self._looped``.
        """
        visited: set[str] = set()
        self._looped = False
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="list-page") as prefetch:
            coming = self._prefetch(prefetch, list_url, params, visited)
            while coming is not None:
                key, cached, page = coming.result()
                # next links carry the filters themselves
                coming = self._prefetch(prefetch, page.next_url, None, visited)
                yield key, cached, page

    def _prefetch(
        self,
        pool: ThreadPoolExecutor,
        url: str | None,
        params: dict[str, str] | None,
        visited: set[str],
    ) -> Future[tuple[str, CachedPage | None, ListPage]] | None:
        if url is None:
            return None
        key = cache_key(url)
        if key in visited or len(visited) >= self.limits.max_list_pages:
            self._looped = True
            return None
        visited.add(key)
        self._check_cancel()
        return pool.submit(self._fetch_page, key, url, params)

    def _fetch_page(
        self, key: str, url: str, params: dict[str, str] | None
    ) -> tuple[str, CachedPage | None, ListPage]:
        cached = load_cached_page(self.store.db.read(), key)
        return key, cached, fetch_page(self.client, url, params, cached)

    def _list_names(self) -> tuple[str, ...]:
        return BODY_LISTS + INTERNAL_LISTS if self._omit_internal else BODY_LISTS

    def _sync_body_lists(self, body: JsonObject, result: SyncResult) -> None:
        for list_name in self._list_names():
            if list_name in INTERNAL_LISTS and self._ignores_filters:
                continue  # the full lists already embedded everything these would bring
            list_url = body.get(list_name)
            if not isinstance(list_url, str):
                continue
            self._report("metadata", result.objects_saved, None, list_name)
            listing = self._walk_list(list_url, body["id"], result)
            type_name = LIST_TYPES.get(list_name)
            if type_name and listing.complete and listing.full:
                with self.store.db.write() as db:
                    removed = delete_missing(db, type_name, body["id"], listing.ids)
                result.objects_removed += len(removed)

    def _list_params(self) -> dict[str, str]:
        params = {}
        if self._since is not None:
            params["modified_since"] = self._since
        if self._omit_internal:
            params["omit_internal"] = "true"
        return params

    def _walk_list(self, list_url: str, body_id: str, result: SyncResult) -> _Listing:
        """Every page of one list, conditionally; saves what changed."""
        since = datetime.fromisoformat(self._since) if self._since else None
        listing = _Listing(full=since is None)
        for key, cached, page in self._pages(list_url, self._list_params()):
            self._take_page(key, cached, page, since, listing, body_id, result)
        listing.complete = not self._looped
        return listing

    def _take_page(
        self,
        key: str,
        cached: CachedPage | None,
        page: ListPage,
        since: datetime | None,
        listing: _Listing,
        body_id: str,
        result: SyncResult,
    ) -> None:
        if page.items is None:  # 304: unchanged since the last run
            assert cached is not None
            if cached.item_ids is None:
                listing.full = False
            else:  # the same page as in a complete listing: the filter was ignored
                listing.ids.update(cached.item_ids)
                self._ignores_filters = since is not None
            return
        if since is not None and any(_older_than(item, since) for item in page.items):
            listing.full = True  # the server ignored modified_since: a complete listing
            self._ignores_filters = True
        live = [item for item in page.items if item.get("deleted") is not True]
        page_ids = tuple(str(item["id"]) for item in live if isinstance(item.get("id"), str))
        listing.ids.update(page_ids)
        with self.store.db.write() as db:
            for obj in page.items:
                if not is_unchanged(db, obj):
                    result.objects_saved += save_listed_object(db, obj, body_id)
            store_cached_page(db, key, page, page_ids if listing.full else None)

    def _download(self, wanted: list[FileToFetch], result: SyncResult) -> None:
        total = len(wanted)
        self._report("files", 0, total)
        recorder = _BatchedRecorder(self.store, wanted, result)
        self._resumable = resumable_partials(self.store)
        with ThreadPoolExecutor(max_workers=self.parallel_downloads) as pool:
            futures = {pool.submit(self._fetch_one, item): item for item in wanted}
            try:
                for done, future in enumerate(as_completed(futures), start=1):
                    self._take_outcome(futures[future], future, recorder, result)
                    self._report("files", done, total)
            except SyncCancelled:
                for pending in futures:
                    pending.cancel()
                raise
            finally:
                recorder.flush()
                self._record_failures(result.failed_files, result)

    def _record_failures(self, failures: list[tuple[str, str]], result: SyncResult) -> None:
        """Keep the reasons, so the agenda can say which documents failed and why,
        and record the refusals of files this machine holds (or held: a refusal
        asked again keeps its row up to date), so retention removes their copies."""
        refused = [(item, status) for item, status in self._refused if self._counts(status)]
        self._refused = []
        if not failures and not refused:
            return
        with self.store.db.write() as db:
            first_refused = _first_refusals(db)  # before this run's failures replace them
            record_download_failures(db, failures)
            for item, status in refused:
                if _revokes(db, item, status, first_refused.get(item.file_id)):
                    revoke_file(db, item.file_id, REFUSALS[status], str(status))
                    result.revoked_files.append((item.file_id, status))

    def _take_outcome(
        self,
        item: FileToFetch,
        future: Future[Outcome],
        recorder: _BatchedRecorder,
        result: SyncResult,
    ) -> None:
        try:
            recorder.add(future.result())
        except DownloadError as error:
            result.failed_files.append((item.file_id, str(error)))
            self._note_refusal(item, error)
        else:
            self._came_through = True

    def _note_refusal(self, item: FileToFetch, error: DownloadError) -> None:
        status = refusal_status(error)
        if status is not None:
            self._refused.append((item, status))

    def _counts(self, status: int) -> bool:
        """A 401 may mean an expired password rather than a refusal of the file."""
        if status != 401:
            return True
        config = find_source(self.store.db.read(), self.source_url)
        signs_in = config is not None and config.auth.needs_secret
        return not signs_in or self._came_through

    def _fetch_one(self, item: FileToFetch) -> Outcome:
        self._check_cancel()
        return fetch(self.client, self.store, item, self.limits.max_file_bytes, self._resumable)

    def _record_start(self, source_id: int, started: str) -> str | None:
        """Note the start; returns the modified_since for this run (None: full)."""
        with self.store.db.write() as db:
            db.execute(
                "INSERT INTO sync_state (source_id, last_started) VALUES (?, ?) "
                "ON CONFLICT (source_id) DO UPDATE SET last_started = excluded.last_started",
                (source_id, started),
            )
            row = db.execute(
                "SELECT next_modified_since FROM sync_state WHERE source_id = ?", (source_id,)
            ).fetchone()
        return None if row is None else row["next_modified_since"]

    def _record_end(self, source_id: int, started: str, error: str | None) -> None:
        with self.store.db.write() as db:
            if error is None:
                # The first success is the baseline of news: what it brought is not new.
                db.execute(
                    "UPDATE sync_state SET last_success = ?, last_error = NULL, "
                    "next_modified_since = ?, first_success = COALESCE(first_success, ?) "
                    "WHERE source_id = ?",
                    (utc_now(), _with_margin(started), precise_now(), source_id),
                )
            else:
                db.execute(
                    "UPDATE sync_state SET last_error = ? WHERE source_id = ?",
                    (error, source_id),
                )


class _BatchedRecorder:
    """Records the files of a sync in batches, counts the new versions and forgets
    the earlier failures of files now fetched."""

    BATCH_FILES: Final = 256
    """Files made durable and recorded together. A batch of 256 lands in about 160 of
    the blob store's 256 directories (64 files: in about 56), so bigger batches save
    directory fsyncs; measured in paired runs, 256 made the full sync about 6 %
    faster than 64. A killed run re-fetches at most a batch."""
    BATCH_SECONDS: Final = 1.0
    """A file fetched is shown as available within about this time."""

    def __init__(self, store: Store, wanted: list[FileToFetch], result: SyncResult) -> None:
        self._store = store
        self._recorder = VersionRecorder(store)
        self._known = {item.file_id: item.current_version_id for item in wanted}
        self._failed_before = failed_file_ids(store.db.read())
        self._result = result
        self._since = time.monotonic()

    def add(self, outcome: Outcome) -> None:
        self._recorder.add(outcome)
        due = time.monotonic() - self._since >= self.BATCH_SECONDS
        if len(self._recorder) >= self.BATCH_FILES or due:
            self.flush()

    def flush(self) -> None:
        self._since = time.monotonic()
        if not len(self._recorder):
            return
        versions = self._recorder.flush()
        self._result.failed_files.extend(self._recorder.failures)  # could not be made durable
        self._recorder.failures.clear()
        for file_id, version_id in versions.items():
            if version_id != self._known.get(file_id):
                self._result.files_downloaded += 1
        recovered = self._failed_before & versions.keys()
        if recovered:
            with self._store.db.write() as db:
                clear_download_failures(db, recovered)
            self._failed_before -= recovered


def _first_refusals(db: sql.Connection) -> dict[str, str]:
    """When each file was first refused (401/403) in the refusals going on now."""
    query = "SELECT file_id, failed_at FROM download_failure WHERE reason = ?"
    rows = db.execute(query, (REFUSED,))
    return {str(row[0]): str(row[1]) for row in rows}


def _revokes(db: sql.Connection, item: FileToFetch, status: int, first_refused: str | None) -> bool:
    """Whether this refusal revokes the file; a first refusal of a held file is
    only noted (its failure row keeps the time of the first)."""
    if is_revoked(db, item.file_id):
        return True  # refused again: the row kept up to date
    if item.current_version_id is None:
        return False  # never held here: an ordinary failure
    if status not in (401, 403):
        return True  # gone (410): at once
    if first_refused is None:
        return False  # the first refusal: this run's failure row notes it
    if datetime.now(UTC) - datetime.fromisoformat(first_refused) >= REFUSAL_CONFIRMED_AFTER:
        return True
    db.execute(
        "UPDATE download_failure SET failed_at = ? WHERE file_id = ?",
        (first_refused, item.file_id),
    )
    return False


def refusal_status(error: DownloadError) -> int | None:
    """The HTTP status of a download refused or gone (401, 403, 410), else None."""
    return error.status if error.status in REFUSALS else None


def _with_margin(started: str) -> str:
    """The next run's modified_since: this run's start, less a second.

    Timestamps carry no fractions; an object changed in the same second as the
    run started might otherwise be missed. Seeing it twice costs nothing.
    """
    stamp = datetime.fromisoformat(started) - timedelta(seconds=1)
    return stamp.replace(microsecond=0).isoformat()


def _is_oparl_1_1(system: JsonObject) -> bool:
    version = system.get("oparlVersion")
    return isinstance(version, str) and version.rstrip("/").endswith("1.1")
