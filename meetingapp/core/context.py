"""The application core: one data directory's store, library and sources.

Both the GUI and the command line start here. A data directory without any
source gets the bundled demo publication of the fictional Exempelkommun, which
is then synced through ``file://`` by the same code that syncs a real server.

The screens reach the data through the context's services, each owning its
queries: ``sources`` (the configured document systems and the committee choice)
and ``retention`` (what was removed, and the writing kept on it), beside
``library`` (the packet) and ``user_data`` (the user's writing). What changed is
published on ``changes``, from whichever thread changed it.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests

from meetingapp.core.annotations import reanchor
from meetingapp.core.annotations.reanchor import ReanchorReport
from meetingapp.core.children import run_in_child
from meetingapp.core.events import Change, ChangeFeed
from meetingapp.core.packet import page_counts
from meetingapp.core.packet.library import Document, Library
from meetingapp.core.retention import run as retention_run
from meetingapp.core.retention.service import Retention
from meetingapp.core.search import index as search_index
from meetingapp.core.search.query import SearchFilters, SearchResults, search
from meetingapp.core.security.vault import KeyVault
from meetingapp.core.settings import read_retention
from meetingapp.core.sources import CommitteeChoice as CommitteeChoice
from meetingapp.core.sources import Sources
from meetingapp.core.writing.user_data import UserData, UserDataWriter
from meetingapp.net.credentials import CredentialError, CredentialStore
from meetingapp.net.transport import SessionSetupError, TransportPolicy, build_session
from meetingapp.oparl.engine import ProgressCallback, SyncEngine, SyncLimits, SyncResult
from meetingapp.oparl.oparl import OParlError
from meetingapp.oparl.scope import SyncScope, file_to_fetch
from meetingapp.oparl.sources import find_source, session_for
from meetingapp.store import Store, StoreKeys, sql
from meetingapp.store.local import mark_meeting_seen, mark_read, utc_now

_log = logging.getLogger(__name__)

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


def _build_demo_in_child_process(root: Path, anchor: date, timeout: float = 600.0) -> None:
    """Generate the demo with PyMuPDF in a child process.

    PyMuPDF stays out of the GUI process (it is large and not thread-safe); the
    render worker and the export are the only other places that load it. The build
    takes seconds; ``timeout`` only keeps a stuck child from stalling the first sync.
    """
    run_in_child(_build_demo, (root, anchor), timeout=timeout, name="demo builder")


def _build_demo(root: Path, anchor: date) -> None:
    from meetingapp.demo import build_demo

    build_demo(root, anchor=anchor)


@dataclass(frozen=True)
class NewDocumentsOutcome:
    pages_counted: int
    reanchored: ReanchorReport
    indexed: search_index.IndexReport


SYNC_ERRORS = (OParlError, SessionSetupError, CredentialError)
"""What a sync can fail with; each carries a message for people."""
METADATA_ONLY = SyncScope(committees=frozenset())
"""A scope with no committee: the first sync of the GUI, before the user is asked."""


def what_syncing_changed(results: list[SyncResult]) -> Change:
    """MEETINGS when a sync saved or removed objects, DOCUMENTS when it fetched files."""
    changes = Change.NONE
    if any(result.objects_saved or result.objects_removed for result in results):
        changes |= Change.MEETINGS
    if any(result.files_downloaded for result in results):
        changes |= Change.DOCUMENTS
    return changes


@dataclass
class AppContext:
    """Everything the program holds open for one data directory."""

    data_dir: Path
    keys: StoreKeys = field(repr=False)
    """The store's keys (:mod:`meetingapp.core.security.vault` finds them)."""
    vault: KeyVault | None = field(default=None, repr=False)
    """The unlocked vault the keys came from, to set a recovery passphrase (None
    when the keys came another way: tests, benchmarks, the self-test)."""
    transport_policy: TransportPolicy = field(default_factory=TransportPolicy)
    credentials: CredentialStore = field(default_factory=CredentialStore)
    limits: SyncLimits = field(default_factory=SyncLimits)
    open_files: frozenset[str] = frozenset()
    """The files the reader shows now (the window replaces the set as it changes):
    retention's time rules leave them for a later run."""
    store: Store = field(init=False)
    changes: ChangeFeed = field(init=False, default_factory=ChangeFeed)
    """What changed: a sync, retention, the user's writer and the sources publish here."""
    library: Library = field(init=False)
    writer: UserDataWriter = field(init=False)
    """The one way the user's annotations, notes and stars are written."""
    user_data: UserData = field(init=False)
    sources: Sources = field(init=False)
    """The configured document systems, how they are signed in to, the committee choice."""
    retention: Retention = field(init=False)
    """The removal log and the writing kept on what was removed."""
    _sync_lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.store = Store(self.data_dir, self.keys)
        self.library = Library(self.store)
        self.writer = UserDataWriter(self.store.db, on_committed=self.changes.publish)
        self.user_data = UserData(self.store.db, self.writer)
        self.sources = Sources(self.store, self.library, self.credentials, self.changes)
        self.retention = Retention(self.store, self.library, self.writer)

    def sync(
        self,
        url: str | None = None,
        on_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        scope: SyncScope | None = None,
    ) -> list[SyncResult]:
        """Sync one source, or every configured one (the demo when there is none).

        Runs on the calling thread; the GUI calls it from a worker thread. A source
        that fails does not stop the others; the first failure is raised after all
        were tried.
        """
        urls = [url] if url else self.sources.urls() or [demo_endpoint_url(self.data_dir)]
        results: list[SyncResult] = []
        failures: list[Exception] = []
        with self._sync_lock:
            for source_url in urls:
                try:
                    results.append(self._sync_source(source_url, on_progress, cancel, scope))
                except SYNC_ERRORS as error:
                    failures.append(error)
            self.changes.publish(what_syncing_changed(results))
            self._apply_retention(after_sync=not failures)
        if failures:
            raise failures[0]
        return results

    def _apply_retention(self, *, after_sync: bool) -> retention_run.RetentionReport | None:
        """Remove what the retention policy and the server's refusals say must go.

        After every sync, a failed or offline one too (then by the time rules
        only). A failure is logged, not raised: the sync's outcome stands and the
        next run tries again.
        """
        choice = self.sources.committee_choice()
        try:
            report = retention_run.run_retention(
                self.store,
                read_retention(self.store),
                person_id=choice.person_id if choice else None,
                after_sync=after_sync,
                in_use=self.open_files,
            )
        except (sql.Error, OSError) as error:
            _log.warning("Retention could not run: %s", error)
            return None
        if report.removed or report.versions_removed:
            self.changes.publish(Change.DOCUMENTS)
        return report

    def _sync_source(
        self,
        url: str,
        on_progress: ProgressCallback | None,
        cancel: threading.Event | None,
        scope: SyncScope | None,
    ) -> SyncResult:
        with self._session(url) as session:
            engine = SyncEngine(
                self.store,
                session,
                url,
                cancel=cancel,
                scope=scope or self.sync_scope(),
                limits=self.limits,
            )
            if on_progress is not None:
                engine.on_progress = on_progress
            return engine.run()

    def _session(self, url: str) -> requests.Session:
        """A session signed in as the source is configured (secret from the keyring)."""
        config = find_source(self.store.db.read(), url)
        if config is None:
            return build_session(self.transport_policy)
        return session_for(config, self.credentials, self.transport_policy)

    def is_pinned(self, object_id: str) -> bool:
        row = (
            self.store.db.read()
            .execute("SELECT 1 FROM pinned WHERE object_id = ?", (object_id,))
            .fetchone()
        )
        return row is not None

    def set_pinned(self, object_id: str, pinned: bool) -> None:
        """Keep a meeting's, an item's or a document's files offline whatever the
        scope (fetched at the next sync), or stop doing so."""
        with self.store.db.write() as db:
            if pinned:
                db.execute(
                    "INSERT OR IGNORE INTO pinned (object_id, pinned_at) VALUES (?, ?)",
                    (object_id, utc_now()),
                )
            else:
                db.execute("DELETE FROM pinned WHERE object_id = ?", (object_id,))

    def committee_choice(self) -> CommitteeChoice | None:
        """The user's committee choice (``sources.committee_choice``, for the shell)."""
        return self.sources.committee_choice()

    def save_committee_choice(self, choice: CommitteeChoice) -> None:
        """Save the committee choice (``sources.save_committee_choice``, for the shell)."""
        self.sources.save_committee_choice(choice)

    def sync_scope(self) -> SyncScope:
        """What the sync fetches: the chosen committees' documents, or all of them
        before a choice was made (headless use); never what retention removes."""
        periods = read_retention(self.store).periods
        choice = self.sources.committee_choice()
        if choice is None:
            return SyncScope(retention=periods)
        return SyncScope(
            committees=choice.committee_ids, days_back=choice.days_back, retention=periods
        )

    def fetch_document(self, file_id: str) -> Document | None:
        """Fetch one document now (opened, but not on this machine); runs off the
        GUI thread. Raises OParlError or DownloadError with a message for people.

        A failure is kept with its reason (the agenda shows it, with a retry); a
        success clears it. Retrying is calling this again.
        """
        wanted = file_to_fetch(self.store.db.read(), file_id)
        if wanted is None:
            return self.library.document(file_id)
        if self.library.local_path(file_id) is None:
            # Its version's content is not here (removed at the moment it came):
            # ask for it whole; a conditional request would be confirmed, not sent.
            wanted = dataclasses.replace(wanted, current_version_id=None, current_etag=None)
        source_url = self._source_of(file_id)
        with self._session(source_url) as session:
            SyncEngine(self.store, session, source_url, limits=self.limits).fetch_one(wanted)
        self.changes.publish(Change.DOCUMENTS)
        return self.library.document(file_id)

    def _source_of(self, object_id: str) -> str:
        """The source whose publication the object belongs to (by its System's base)."""
        rows = self.store.db.read().execute("SELECT url, system_id FROM source ORDER BY id")
        sources = [(str(row["url"]), row["system_id"] or "") for row in rows]
        for url, system_id in sources:
            if system_id and object_id.startswith(system_id.rsplit("/", 1)[0] + "/"):
                return url
        if not sources:
            raise OParlError("No document system is configured")
        return sources[0][0]

    def record_reading(self, document: Document, page: int = 0) -> None:
        """Remember that the user opened this version of the document."""
        if document.version_id is None:
            return
        with self.store.db.write() as db:
            mark_read(db, document.file_id, document.version_id, page)

    def mark_meeting_seen(self, meeting_id: str) -> None:
        """The user looks at the meeting: its badge goes; what arrives later is news.

        A tiny write, fine on the GUI thread.
        """
        with self.store.db.write() as db:
            mark_meeting_seen(db, meeting_id)

    def count_pages(self, cancel: threading.Event | None = None) -> int:
        """Count the pages of the documents on this machine that lack a count, in a
        render worker process; run it off the GUI thread (after each sync)."""
        return page_counts.count_pages(self.store, cancel)

    def process_new_documents(self, cancel: threading.Event | None = None) -> NewDocumentsOutcome:
        """What follows a sync, off the GUI thread, each in a render worker process: count
        pages, carry annotations to new versions, index the new text for search."""
        counted = self.count_pages(cancel)
        reanchored = self.reanchor_annotations(cancel)
        return NewDocumentsOutcome(counted, reanchored, self.index_documents(cancel))

    def index_documents(self, cancel: threading.Event | None = None) -> search_index.IndexReport:
        """Bring the search index up to date in a render worker; off the GUI thread."""
        return search_index.index_documents(self.store, cancel)

    def search(self, query: str, filters: SearchFilters) -> SearchResults:
        """Search everything on this machine (a small indexed read on this thread)."""
        return search(self.store.db.read(), query, filters)

    def reanchor_annotations(self, cancel: threading.Event | None = None) -> ReanchorReport:
        """Carry the user's annotations to new versions of their documents, in a render
        worker process; run it off the GUI thread (after the page counts)."""
        return reanchor.reanchor_annotations(self.store, cancel)

    def record_page_count(self, version_id: int, count: int) -> None:
        """Keep the page count the viewer learnt when it opened a file version."""
        page_counts.record_page_count(self.store, version_id, count)

    def close(self) -> None:
        """Write what the user wrote, then close the store."""
        if not self.writer.close():
            _log.error("Some of the user's writing could not be stored before closing")
        self.store.close()
