"""The sync: read a source's OParl objects into the store and fetch their files.

It runs on a background thread (never the GUI thread), reports progress through
a callback and stops between two requests when its cancel event is set. Objects
are written a list page at a time, each page one transaction, so a killed sync
leaves the store consistent and the next run simply continues.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Final

import requests

from meetingapp.store import Store
from meetingapp.store.local import utc_now
from meetingapp.store.objects import save_body, save_listed_object
from meetingapp.sync.download import DownloadError, FileToFetch, download
from meetingapp.sync.oparl import JsonObject, OParlClient, OParlError

# The body lists read, in an order that lets later objects refer to earlier ones.
BODY_LISTS: Final = ("organization", "person", "membership", "meeting", "paper")
_BATCH: Final = 200


class SyncCancelled(Exception):  # noqa: N818 - a state, not an error
    """The sync was cancelled; what was written so far is consistent."""


@dataclass(frozen=True)
class SyncProgress:
    """One progress report: the phase ("metadata" or "files"), how far it got, and
    what it works on (a list name); the UI and the CLI word it for people."""

    phase: str
    done: int
    total: int | None
    detail: str = ""


@dataclass
class SyncResult:
    objects_saved: int = 0
    files_downloaded: int = 0
    failed_files: list[tuple[str, str]] = field(default_factory=list)


ProgressCallback = Callable[[SyncProgress], None]


def _ignore_progress(_progress: SyncProgress) -> None:
    """Default progress sink."""


def _batched(items: Iterable[JsonObject], size: int) -> Iterator[list[JsonObject]]:
    batch: list[JsonObject] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ensure_source(store: Store, url: str, name: str = "") -> int:
    with store.db.write() as db:
        db.execute(
            "INSERT INTO source (url, name, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT (url) DO NOTHING",
            (url, name, utc_now()),
        )
        row = db.execute("SELECT id FROM source WHERE url = ?", (url,)).fetchone()
        return int(row["id"])


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
    ) -> None:
        self.store = store
        self.client = OParlClient(session, source_url)
        self.source_url = source_url
        self.on_progress = on_progress
        self.cancel = cancel or threading.Event()
        self.parallel_downloads = parallel_downloads

    def run(self) -> SyncResult:
        source_id = ensure_source(self.store, self.source_url)
        self._record_start(source_id)
        result = SyncResult()
        try:
            system = self.client.system()
            self._sync_bodies(system, source_id, result)
            self._download_missing_files(result)
        except (OParlError, SyncCancelled) as error:
            self._record_end(source_id, error=str(error) or "cancelled")
            raise
        self._record_end(source_id, error=None)
        return result

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
        for body in self.client.iter_list(body_list):
            if not isinstance(body.get("id"), str) or body.get("deleted") is True:
                continue
            with self.store.db.write() as db:
                save_body(db, body, source_id)
            self._sync_body_lists(body, result)

    def _sync_body_lists(self, body: JsonObject, result: SyncResult) -> None:
        for list_name in BODY_LISTS:
            list_url = body.get(list_name)
            if not isinstance(list_url, str):
                continue
            self._report("metadata", result.objects_saved, None, list_name)
            for batch in _batched(self.client.iter_list(list_url), _BATCH):
                self._check_cancel()
                with self.store.db.write() as db:
                    for obj in batch:
                        result.objects_saved += save_listed_object(db, obj, body["id"])

    def _files_without_version(self) -> list[FileToFetch]:
        rows = self.store.db.read().execute(
            "SELECT f.* FROM file AS f WHERE NOT EXISTS "
            "(SELECT 1 FROM file_version AS v WHERE v.file_id = f.id) "
            "AND COALESCE(f.download_url, f.access_url) IS NOT NULL ORDER BY f.id"
        )
        return [
            FileToFetch(
                file_id=row["id"],
                url=row["download_url"] or row["access_url"],
                size=row["size"],
                sha512=row["sha512"],
                sha1=row["sha1"],
                mime_type=row["mime_type"],
                modified=row["modified"],
            )
            for row in rows
        ]

    def _download_missing_files(self, result: SyncResult) -> None:
        wanted = self._files_without_version()
        total = len(wanted)
        self._report("files", 0, total)
        with ThreadPoolExecutor(max_workers=self.parallel_downloads) as pool:
            futures = {pool.submit(self._download_one, item): item for item in wanted}
            for done, future in enumerate(as_completed(futures), start=1):
                item = futures[future]
                try:
                    future.result()
                    result.files_downloaded += 1
                except DownloadError as error:
                    result.failed_files.append((item.file_id, str(error)))
                except SyncCancelled:
                    for pending in futures:
                        pending.cancel()
                    raise
                self._report("files", done, total)

    def _download_one(self, item: FileToFetch) -> int:
        self._check_cancel()
        return download(self.client, self.store, item)

    def _record_start(self, source_id: int) -> None:
        with self.store.db.write() as db:
            db.execute(
                "INSERT INTO sync_state (source_id, last_started) VALUES (?, ?) "
                "ON CONFLICT (source_id) DO UPDATE SET last_started = excluded.last_started",
                (source_id, utc_now()),
            )

    def _record_end(self, source_id: int, error: str | None) -> None:
        with self.store.db.write() as db:
            if error is None:
                db.execute(
                    "UPDATE sync_state SET last_success = ?, last_error = NULL WHERE source_id = ?",
                    (utc_now(), source_id),
                )
            else:
                db.execute(
                    "UPDATE sync_state SET last_error = ? WHERE source_id = ?",
                    (error, source_id),
                )
