"""The application core: one data directory's store, library and sources.

Both the GUI and the command line start here. A data directory without any
source gets the bundled demo publication of the fictional Exempelkommun, which
is then synced through ``file://`` by the same code that syncs a real server.
"""

from __future__ import annotations

import multiprocessing
import shutil
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from meetingapp.library import Document, Library
from meetingapp.store import Store
from meetingapp.store.local import mark_read
from meetingapp.sync.engine import ProgressCallback, SyncEngine, SyncResult
from meetingapp.sync.transport import build_session

DEMO_DIRECTORY = "demo-publication"
DEMO_ENDPOINT_FILE = "system.json"


def demo_endpoint_url(data_dir: Path, today: date | None = None) -> str:
    """The demo publication's endpoint, generating it on first use.

    The demo is generated for the week it is first opened in, so its upcoming
    meetings are upcoming and its past meetings have minutes, whenever the
    program is first started. It stays as generated afterwards.
    """
    root = data_dir / DEMO_DIRECTORY
    endpoint = root / DEMO_ENDPOINT_FILE
    if not endpoint.is_file():
        staging = data_dir / f"{DEMO_DIRECTORY}.partial"
        shutil.rmtree(staging, ignore_errors=True)  # left by an interrupted first run
        _build_demo_in_child_process(staging, today or date.today())
        staging.rename(root)
    return endpoint.as_uri()


def _build_demo_in_child_process(root: Path, anchor: date) -> None:
    """Generate the demo with PyMuPDF in a child process.

    PyMuPDF stays out of the GUI process (it is large and not thread-safe); the
    render worker is the only other place that loads it.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pool.submit(_build_demo, root, anchor).result()


def _build_demo(root: Path, anchor: date) -> None:
    from meetingapp.demo import build_demo

    build_demo(root, anchor=anchor)


@dataclass
class AppContext:
    """Everything the program holds open for one data directory."""

    data_dir: Path
    store: Store = field(init=False)
    library: Library = field(init=False)
    _sync_lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.store = Store(self.data_dir)
        self.library = Library(self.store)

    def source_urls(self) -> list[str]:
        rows = self.store.db.read().execute("SELECT url FROM source ORDER BY id")
        return [str(row["url"]) for row in rows]

    def has_synced(self) -> bool:
        row = (
            self.store.db.read()
            .execute("SELECT 1 FROM sync_state WHERE last_success IS NOT NULL LIMIT 1")
            .fetchone()
        )
        return row is not None

    def sync(
        self,
        url: str | None = None,
        on_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> list[SyncResult]:
        """Sync one source, or every configured one (the demo when there is none).

        Runs on the calling thread; the GUI calls it from a worker thread.
        """
        urls = [url] if url else self.source_urls() or [demo_endpoint_url(self.data_dir)]
        session = build_session()
        results: list[SyncResult] = []
        with self._sync_lock, session:
            for source_url in urls:
                engine = SyncEngine(self.store, session, source_url, cancel=cancel)
                if on_progress is not None:
                    engine.on_progress = on_progress
                results.append(engine.run())
        return results

    def record_reading(self, document: Document, page: int = 0) -> None:
        """Remember that the user opened this version of the document."""
        if document.version_id is None:
            return
        with self.store.db.write() as db:
            mark_read(db, document.file_id, document.version_id, page)

    def close(self) -> None:
        self.store.close()
