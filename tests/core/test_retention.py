"""Gallring and revocation: what leaves the machine, that it really goes, and why.

The time rules run on copies of the synced demo (real PDFs, real SQLCipher); the
revocations against the OParl test server on loopback, which refuses (403, 401),
removes (410, tombstones) and ends memberships as a real one would. That removal
really deletes is checked on the decrypted pages of the database file and its WAL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import OfflineState, ReadState
from meetingapp.core.retention.deciding import RECENT_USE, RemovalReason, plan_removals
from meetingapp.core.retention.removing import compact
from meetingapp.core.retention.run import run_retention
from meetingapp.core.retention.telling import (
    mark_removals_noticed,
    removal_log,
    unnoticed_removals,
)
from meetingapp.core.retention.user_writing import WritingOutcome
from meetingapp.core.search import index as search_index
from meetingapp.core.settings import (
    KEY_NON_PUBLIC_DAYS,
    KEY_OTHER_MONTHS,
    KEY_WRITING,
    RetentionSettings,
    WritingPolicy,
    load_retention,
    read_settings,
    save_retention,
)
from meetingapp.net.transport import TransportPolicy, build_session
from meetingapp.oparl.engine import REFUSAL_CONFIRMED_AFTER, SyncEngine, SyncResult
from meetingapp.oparl.scope import (
    RetentionPeriods,
    SyncScope,
    file_facts,
    files_to_fetch,
    months_before,
)
from meetingapp.store import Store
from meetingapp.store.annotations import (
    Annotation,
    Geometry,
    Kind,
    TextQuote,
    annotations_of_file,
    save_annotation,
)
from meetingapp.store.local import mark_read, record_file_version, set_app_state
from meetingapp.store.notes import NoteKind, get_note, save_note
from meetingapp.store.objects import save_meeting, save_membership
from meetingapp.store.removed import removed_objects
from tests.oparl_server import Dataset, ErrorStatus, OParlServer
from tests.servers import serve
from tests.store_keys import TEST_KEYS

# Helpers ---------------------------------------------------------------------------------


def held(store: Store, file_id: str) -> int:
    row = (
        store.db.read()
        .execute("SELECT COUNT(*) FROM file_version WHERE file_id = ?", (file_id,))
        .fetchone()
    )
    return int(row[0])


def blob_paths(store: Store, file_id: str) -> list[Path]:
    rows = store.db.read().execute(
        "SELECT blob_sha256 FROM file_version WHERE file_id = ?", (file_id,)
    )
    return [store.blobs.path(row[0]) for row in rows]


def annotate(store: Store, file_id: str, quote: str, comment: str) -> Annotation:
    version = (
        store.db.read()
        .execute("SELECT MAX(id) FROM file_version WHERE file_id = ?", (file_id,))
        .fetchone()[0]
    )
    annotation = Annotation.new(
        file_id,
        version,
        Kind.HIGHLIGHT,
        0,
        Geometry(rects=((72.0, 72.0, 300.0, 90.0),)),
        colour="#ffd400",
        quote=TextQuote(quote),
        comment=comment,
    )
    with store.db.write() as db:
        save_annotation(db, annotation)
    return annotation


@dataclass(frozen=True)
class SecretMeeting:
    """The demo's past meeting with a non-public item, and its documents."""

    meeting_id: str
    start: datetime
    secret: frozenset[str]
    public: frozenset[str]


@pytest.fixture
def demo(synced_context: AppContext) -> AppContext:
    return synced_context


def secret_meeting(context: AppContext) -> SecretMeeting:
    library = context.library
    now = datetime.now(UTC)
    facts = file_facts(context.store.db.read())
    for meeting in library.meetings(now=now):
        if meeting.start is None or meeting.start > now:
            continue
        entries = library.agenda(meeting.id)
        files = {d.file_id for d in library.meeting_documents(meeting.id)}
        for entry in entries:
            files |= {d.file_id for d in library.item_documents(entry)}
        secret = frozenset(f for f in files if facts[f].non_public)
        if secret:
            return SecretMeeting(meeting.id, meeting.start, secret, frozenset(files - secret))
    raise AssertionError("the demo has no past meeting with a non-public item")


def reasons(store: Store) -> dict[str, RemovalReason]:
    return {entry.object_id: entry.reason for entry in removal_log(store.db.read())}


# The policy and its defaults -----------------------------------------------------------------


def test_the_defaults_are_the_safe_ones(demo: AppContext) -> None:
    defaults = RetentionSettings()
    assert (defaults.non_public_days, defaults.other_months) == (30, 12)
    assert defaults.writing is WritingPolicy.KEEP and defaults.export_folder is None
    assert read_settings(demo.store).retention == defaults
    with demo.store.db.write() as db:
        set_app_state(db, KEY_NON_PUBLIC_DAYS, "0")  # out of range
        set_app_state(db, KEY_OTHER_MONTHS, "many")
        set_app_state(db, KEY_WRITING, "export")  # without a folder: keeping
    assert load_retention(demo.store.db.read()) == defaults


def test_the_settings_are_kept(demo: AppContext, tmp_path: Path) -> None:
    chosen = RetentionSettings(7, None, WritingPolicy.EXPORT, tmp_path)
    with demo.store.db.write() as db:
        save_retention(db, chosen)
    assert load_retention(demo.store.db.read()) == chosen
    with pytest.raises(ValueError, match="folder"):
        RetentionSettings(writing=WritingPolicy.EXPORT)
    with pytest.raises(ValueError):
        RetentionSettings(non_public_days=0)


def test_months_are_calendar_months() -> None:
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(
        2024, 12, 15, tzinfo=UTC
    )


def test_non_public_documents_go_days_after_their_meeting(demo: AppContext) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    early = run_retention(store, RetentionSettings(), now=meeting.start + timedelta(days=29))
    assert early.removed == ()
    assert all(held(store, file_id) for file_id in meeting.secret | meeting.public)

    report = run_retention(store, RetentionSettings(), now=meeting.start + timedelta(days=31))
    assert {entry.object_id for entry in report.removed} == meeting.secret
    assert all(entry.detail == "30" for entry in report.removed)
    summary = demo.library.meeting(meeting.meeting_id)
    assert summary is not None
    assert all(entry.meeting_name == summary.name for entry in report.removed)
    assert all(entry.versions == 1 and entry.bytes > 0 for entry in report.removed)
    assert report.versions_removed == len(meeting.secret) == report.blobs_removed
    assert set(reasons(store).values()) == {RemovalReason.NON_PUBLIC_EXPIRED}
    for file_id in meeting.secret:
        assert held(store, file_id) == 0
        document = demo.library.document(file_id)  # the metadata stays
        assert document is not None and document.offline_state is OfflineState.NOT_DOWNLOADED
    assert all(held(store, file_id) for file_id in meeting.public)


def test_other_documents_go_after_months_unless_pinned(demo: AppContext) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    demo.set_pinned(meeting.meeting_id, True)
    later = meeting.start + timedelta(days=500)  # past all of the demo's meetings
    report = run_retention(store, RetentionSettings(), now=later)
    gone = {entry.object_id for entry in report.removed}
    assert meeting.public.isdisjoint(gone), "a pin keeps the public documents"
    assert meeting.secret <= gone, "a pin does not keep non-public ones"
    others = {
        entry.object_id
        for entry in report.removed
        if entry.reason is RemovalReason.EXPIRED and entry.detail == "12"
    }
    assert others and others.isdisjoint(meeting.public)
    kept = {row[0] for row in store.db.read().execute("SELECT DISTINCT file_id FROM file_version")}
    assert kept == meeting.public


def test_the_scope_leaves_expired_documents_unless_pinned(demo: AppContext) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    with store.db.write() as db:
        db.execute("DELETE FROM file_version")  # nothing on this machine yet
    periods = RetentionPeriods()
    later = meeting.start + timedelta(days=31)
    scope = SyncScope(days_back=100_000, now=later, retention=periods)
    wanted = {item.file_id for item in files_to_fetch(store.db.read(), scope)}
    assert meeting.public <= wanted and not meeting.secret & wanted
    all_history = SyncScope(days_back=100_000, now=later)
    assert meeting.secret <= {i.file_id for i in files_to_fetch(store.db.read(), all_history)}

    year_on = meeting.start + timedelta(days=400)
    much_later = SyncScope(days_back=100_000, now=year_on, retention=periods)
    assert not meeting.public & {i.file_id for i in files_to_fetch(store.db.read(), much_later)}
    demo.set_pinned(meeting.meeting_id, True)
    wanted = {item.file_id for item in files_to_fetch(store.db.read(), much_later)}
    assert meeting.public <= wanted and not meeting.secret & wanted


def test_a_document_opened_after_expiry_comes_back_and_goes_again(demo: AppContext) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    settings = RetentionSettings(non_public_days=1)  # the demo's past meetings are over
    file_id = sorted(meeting.secret)[0]
    document = demo.library.document(file_id)
    assert document is not None and document.version_id is not None
    with store.db.write() as db:
        mark_read(db, file_id, document.version_id, 0)
        db.execute("UPDATE read_state SET read_at = '2020-01-01T00:00:00+00:00'")
        db.execute("UPDATE file_version SET fetched_at = '2020-01-01T00:00:00.000000+00:00'")
    run_retention(store, settings)
    assert held(store, file_id) == 0
    gone = demo.library.document(file_id)
    assert gone is not None and gone.read_state is ReadState.READ

    fetched = demo.fetch_document(file_id)  # the user opens it: fetched on demand
    assert fetched is not None and fetched.offline_state is OfflineState.DOWNLOADED
    assert fetched.read_state is ReadState.READ, "the same content still reads as read"
    waiting = run_retention(store, settings)
    assert waiting.deferred >= 1 and held(store, file_id), "not taken from under its reader"
    again = run_retention(store, settings, now=datetime.now(UTC) + RECENT_USE * 1.1)
    assert file_id in {entry.object_id for entry in again.removed}
    assert held(store, file_id) == 0


def test_a_pinned_public_document_opened_on_demand_stays(demo: AppContext) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    settings = RetentionSettings(other_months=1)
    later = meeting.start + timedelta(days=62)
    pinned, other = sorted(meeting.public)[:2]
    demo.set_pinned(pinned, True)
    report = run_retention(store, settings, now=later)
    assert other in {entry.object_id for entry in report.removed}
    assert held(store, pinned) and not held(store, other)
    assert demo.fetch_document(other) is not None
    run_retention(store, settings, now=later + RECENT_USE * 1.1)
    assert held(store, pinned) and not held(store, other)


def test_what_is_open_waits(demo: AppContext) -> None:
    meeting = secret_meeting(demo)
    later = meeting.start + timedelta(days=31)
    opened = sorted(meeting.secret)[0]
    report = run_retention(demo.store, RetentionSettings(), now=later, in_use={opened})
    assert held(demo.store, opened) and report.deferred == 1
    assert opened not in {entry.object_id for entry in report.removed}


# The user's writing ----------------------------------------------------------------------------


def test_the_writing_is_kept_by_default(demo: AppContext) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    file_id = sorted(meeting.secret)[0]
    mark = annotate(store, file_id, "tilläggsbelopp", "Vad kostar det?")
    report = run_retention(store, RetentionSettings(), now=meeting.start + timedelta(days=31))
    [entry] = [e for e in report.removed if e.object_id == file_id]
    assert entry.writing is WritingOutcome.KEPT
    [kept] = annotations_of_file(store.db.read(), file_id)
    assert (kept.uid, kept.comment) == (mark.uid, mark.comment)
    assert kept.version_id is None  # its version is gone; placed again when fetched
    assert removed_objects(store.db.read()) == [], "expired, not revoked: not listed"


def test_the_writing_is_exported_then_removed(demo: AppContext, tmp_path: Path) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    file_id = sorted(meeting.secret)[0]
    annotate(store, file_id, "ansökan om tilläggsbelopp", "Fråga om kostnaden för skolskjuts")
    folder = tmp_path / "export"
    folder.mkdir()
    settings = RetentionSettings(writing=WritingPolicy.EXPORT, export_folder=folder)
    report = run_retention(store, settings, now=meeting.start + timedelta(days=31))
    [entry] = [e for e in report.removed if e.object_id == file_id]
    assert entry.writing is WritingOutcome.EXPORTED and entry.export_path is not None
    assert report.exported == (entry.export_path,)
    text = entry.export_path.read_text(encoding="utf-8")
    assert "Fråga om kostnaden för skolskjuts" in text and "ansökan om tilläggsbelopp" in text
    meeting_name = demo.library.meeting(meeting.meeting_id)
    assert meeting_name is not None and meeting_name.name in text
    db = store.db.read()
    assert annotations_of_file(db, file_id) == []
    found = db.execute(
        "SELECT COUNT(*) FROM annotation_fts WHERE annotation_fts MATCH '\"skolskjuts\"'"
    ).fetchone()[0]
    assert found == 0


def test_a_failed_export_keeps_the_writing(demo: AppContext, tmp_path: Path) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    file_id = sorted(meeting.secret)[0]
    annotate(store, file_id, "tilläggsbelopp", "Vad kostar det?")
    missing = tmp_path / "unplugged-stick"
    settings = RetentionSettings(writing=WritingPolicy.EXPORT, export_folder=missing)
    report = run_retention(store, settings, now=meeting.start + timedelta(days=31))
    [entry] = [e for e in report.removed if e.object_id == file_id]
    assert entry.writing is WritingOutcome.EXPORT_FAILED and report.export_error
    assert held(store, file_id) == 0, "the content goes all the same"
    assert len(annotations_of_file(store.db.read(), file_id)) == 1


def test_the_user_is_told_once_and_the_log_is_pruned(demo: AppContext) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    report = run_retention(store, RetentionSettings(), now=meeting.start + timedelta(days=31))
    assert {e.object_id for e in unnoticed_removals(store.db.read())} == meeting.secret
    with store.db.write() as db:
        mark_removals_noticed(db)
    assert unnoticed_removals(store.db.read()) == []
    assert len(removal_log(store.db.read(), report.run_at)) == len(meeting.secret)
    with store.db.write() as db:
        db.execute("UPDATE removal_log SET run_at = '2020-01-01T00:00:00.000000+00:00'")
    run_retention(store, RetentionSettings(), now=meeting.start + timedelta(days=400))
    assert all(entry.run_at > "2021" for entry in removal_log(store.db.read()))


# Removal really deletes -----------------------------------------------------------------------

SECRET_PHRASE = "Kollonstråkets ombyggnad kostar 4711 kronor"
SECRET_WORD = "xylofonkvartetten"
KEPT_WORD = "fritidsgårdens"
PAGE = 4096
RESERVE = 80
"""SQLCipher 4: 16 bytes of IV and 64 of HMAC-SHA512 at the end of every page."""


def pdf(lines: list[str]) -> bytes:
    document = pymupdf.open()
    page = document.new_page()
    for number, line in enumerate(lines):
        page.insert_text((72, 72 + 20 * number), line, fontsize=11)
    data: bytes = document.tobytes()
    document.close()
    return data


def decrypt_page(raw: bytes, key: bytes, first: bool) -> bytes:
    """One page as SQLite sees it (AES-256-CBC with the raw key; the first page
    starts after its salt)."""
    iv = raw[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(raw[16 if first else 0 : PAGE - RESERVE]) + decryptor.finalize()


def decrypted_pages(store: Store) -> Iterator[bytes]:
    """Every page of the database file and every frame of its WAL, decrypted."""
    path = store.db.path
    data = path.read_bytes()
    for start in range(0, len(data), PAGE):
        yield decrypt_page(data[start : start + PAGE], TEST_KEYS.database, start == 0)
    wal = path.with_name(path.name + "-wal")
    frames = wal.read_bytes() if wal.exists() else b""
    for start in range(32, len(frames) - 24 - PAGE + 1, 24 + PAGE):
        number = int.from_bytes(frames[start : start + 4], "big")
        frame = frames[start + 24 : start + 24 + PAGE]
        yield decrypt_page(frame, TEST_KEYS.database, number == 1)


def on_disk(store: Store, text: str) -> bool:
    needle = text.encode("utf-8")
    return any(needle in page for page in decrypted_pages(store))


@dataclass(frozen=True)
class TwoDocuments:
    store: Store
    secret: str
    kept: str


@pytest.fixture
def two_documents(tmp_path: Path) -> Iterator[TwoDocuments]:
    """A store with a past meeting: a non-public item's document and a public one,
    both fetched and indexed for search."""
    store = Store(tmp_path / "data", TEST_KEYS)
    base = "https://kommun.example/oparl/"
    start = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="seconds")
    meeting = {
        "id": base + "meeting/1",
        "type": "https://schema.oparl.org/1.1/Meeting",
        "name": "Socialnämnden",
        "start": start,
        "agendaItem": [
            {
                "id": base + "item/1",
                "name": "Individärende",
                "public": False,
                "auxiliaryFile": [{"id": base + "file/1", "name": "Utredning"}],
            },
            {
                "id": base + "item/2",
                "name": "Fritidsgården",
                "auxiliaryFile": [{"id": base + "file/2", "name": "Budget"}],
            },
        ],
    }
    contents = {
        base + "file/1": pdf([SECRET_PHRASE, f"Om {SECRET_WORD} och hyran."]),
        base + "file/2": pdf([f"Budget för {KEPT_WORD} verksamhet."]),
    }
    with store.db.write() as db:
        save_meeting(db, meeting, None)
        for file_id, content in contents.items():
            sha256 = store.blobs.put_bytes(content)
            record_file_version(db, file_id, sha256, len(content), None)
    assert search_index.index_documents(store).documents_indexed == 2
    yield TwoDocuments(store, base + "file/1", base + "file/2")
    store.close()


def fts_hits(store: Store, word: str) -> int:
    query = "SELECT COUNT(*) FROM page_fts WHERE page_fts MATCH ?"
    return int(store.db.read().execute(query, (f'"{word}"',)).fetchone()[0])


def index_terms(store: Store) -> set[str]:
    with store.db.write() as db:
        db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, page_fts, row)")
        terms = {row[0] for row in db.execute("SELECT term FROM temp.terms")}
        db.execute("DROP TABLE temp.terms")
    return terms


def test_removal_really_deletes(two_documents: TwoDocuments) -> None:
    store, secret, kept = two_documents.store, two_documents.secret, two_documents.kept
    [blob] = blob_paths(store, secret)
    version_id = (
        store.db.read()
        .execute("SELECT id FROM file_version WHERE file_id = ?", (secret,))
        .fetchone()[0]
    )
    assert fts_hits(store, SECRET_WORD) == 1 and SECRET_WORD in index_terms(store)
    assert on_disk(store, SECRET_PHRASE) and on_disk(store, SECRET_WORD), "the check can see"

    report = run_retention(store, RetentionSettings(), now=datetime.now(UTC) + RECENT_USE * 1.1)

    assert [entry.object_id for entry in report.removed] == [secret]
    assert not blob.exists()
    db = store.db.read()
    for table, column in (
        ("file_version", "id"),
        ("search_page", "version_id"),
        ("search_version", "version_id"),
    ):
        count = db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (version_id,))
        assert count.fetchone()[0] == 0, table
    assert fts_hits(store, SECRET_WORD) == 0
    assert SECRET_WORD not in index_terms(store), "the term left the index's segments"
    assert not on_disk(store, SECRET_PHRASE), "no page of the file or the WAL holds the text"
    assert not on_disk(store, SECRET_WORD)
    assert fts_hits(store, KEPT_WORD) == 1 and held(store, kept) == 1
    assert store.db.integrity_check() == "ok"
    wal = store.db.path.with_name(store.db.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the WAL was truncated"
    with store.db.write(erase=True) as writer:
        assert writer.execute("PRAGMA secure_delete").fetchone()[0] == 1
    with store.db.write() as writer:
        assert writer.execute("PRAGMA secure_delete").fetchone()[0] == 2  # FAST again
    assert db.execute("SELECT COUNT(*) FROM file WHERE id = ?", (secret,)).fetchone()[0] == 1


def test_a_blob_two_files_share_stays_for_the_other(two_documents: TwoDocuments) -> None:
    store, secret, kept = two_documents.store, two_documents.secret, two_documents.kept
    [blob] = blob_paths(store, secret)
    sha256 = blob.parent.name + blob.name
    with store.db.write() as db:
        record_file_version(db, kept, sha256, blob.stat().st_size, None)  # same content
    run_retention(store, RetentionSettings(), now=datetime.now(UTC) + RECENT_USE * 1.1)
    assert held(store, secret) == 0 and blob.exists()
    assert store.blobs.verify(sha256)


def test_compaction_gives_free_space_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", TEST_KEYS)
    try:
        with store.db.write() as db:
            for number in range(400):
                set_app_state(db, f"filler.{number}", "x" * 60_000)
        with store.db.write() as db:
            db.execute("DELETE FROM app_state WHERE key LIKE 'filler.%'")
        assert compact(store) == "vacuum", "24 MB of 24 free: worth a VACUUM"
        size = store.db.path.stat().st_size
        free = store.db.read().execute("PRAGMA freelist_count").fetchone()[0]
        assert free == 0 and size < 4 * 1024 * 1024, "VACUUM returned the space"
        assert store.db.integrity_check() == "ok"
        assert compact(store) == "checkpoint", "nothing much free: only the checkpoint"
    finally:
        store.close()


# Revocation through the sync --------------------------------------------------------------------

FAST = TransportPolicy(backoff_factor=0, read_timeout=10)


@dataclass
class Server:
    dataset: Dataset
    server: OParlServer
    endpoint: str
    store: Store

    def sync(self) -> SyncResult:
        scope = SyncScope(now=self.dataset.clock.now(), days_back=100_000)
        with build_session(FAST) as session:
            return SyncEngine(self.store, session, self.endpoint, scope=scope).run()

    def file_id(self, key: str) -> str:
        row = (
            self.store.db.read()
            .execute("SELECT id FROM file WHERE id LIKE ?", (f"%/{key}",))
            .fetchone()
        )
        assert row is not None, key
        return str(row[0])

    def held_keys(self) -> list[str]:
        rows = self.store.db.read().execute("SELECT DISTINCT file_id FROM file_version")
        return sorted(Dataset.key_of(row[0]) for row in rows)

    def change(self, *keys: str) -> None:
        self.dataset.clock.advance(minutes=5)
        for key in keys:
            self.dataset.touch(key)
        self.dataset.clock.advance(minutes=1)

    def retention(self, person_id: str | None = None) -> list[str]:
        report = run_retention(
            self.store,
            RetentionSettings(),
            now=self.dataset.clock.now(),
            person_id=person_id,
            after_sync=True,
        )
        return [entry.object_id for entry in report.removed]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    dataset = Dataset.generate(
        meetings=6, files_per_meeting=3, file_size=6000, now=datetime.now(UTC)
    )
    oparl = OParlServer(dataset, page_size=4)
    store = Store(tmp_path / "data", TEST_KEYS)
    with serve(oparl) as host_url:
        setup = Server(dataset, oparl, oparl.endpoint(host_url), store)
        setup.sync()
        yield setup
    store.close()


def entry_of(store: Store, object_id: str) -> tuple[RemovalReason, str | None]:
    [entry] = [e for e in removal_log(store.db.read()) if e.object_id == object_id]
    return entry.reason, entry.detail


def refused_long_ago(store: Store) -> None:
    """Let the time the confirmation of a refusal waits for pass: the first refusals
    (the failure rows, which the sync compares with the clock) go back in time."""
    with store.db.write() as db:
        rows = db.execute("SELECT file_id, failed_at FROM download_failure").fetchall()
        for file_id, failed_at in rows:
            earlier = datetime.fromisoformat(failed_at) - REFUSAL_CONFIRMED_AFTER
            db.execute(
                "UPDATE download_failure SET failed_at = ? WHERE file_id = ?",
                (earlier.isoformat(), file_id),
            )


@pytest.mark.parametrize(
    ("status", "reason"), [(403, RemovalReason.DENIED), (410, RemovalReason.GONE)]
)
def test_a_refused_file_is_removed_and_not_asked_for_again(
    server: Server, status: int, reason: RemovalReason
) -> None:
    key = server.held_keys()[0]
    file_id = server.file_id(key)
    [blob] = blob_paths(server.store, file_id)
    server.change(key)
    server.server.faults.add(ErrorStatus(status), f"{key}/*", times=None)
    result = server.sync()
    if status == 403:  # refused on a later run too before it counts; gone is gone at once
        assert result.revoked_files == [] and result.failed_files
        assert server.sync().revoked_files == [], "asked again at once: still not confirmed"
        refused_long_ago(server.store)
        result = server.sync()
    assert result.revoked_files == [(file_id, status)]
    assert held(server.store, file_id), "the sync records, retention removes"

    assert server.retention() == [file_id]
    assert entry_of(server.store, file_id) == (reason, str(status))
    assert not blob.exists() and held(server.store, file_id) == 0
    server.server.log.reset()
    server.sync()
    assert server.server.log.count(f"{key}/*") == 0, "not asked again while unchanged"

    server.server.faults.clear()
    server.change(key)  # the server changed it: asked again, and given
    server.sync()
    assert held(server.store, file_id) == 1
    assert server.store.db.read().execute("SELECT COUNT(*) FROM revoked_file").fetchone()[0] == 0


def test_a_401_counts_only_when_the_sign_in_works(server: Server) -> None:
    with server.store.db.write() as db:
        db.execute("UPDATE source SET auth_kind = 'basic', username = 'anna'")
    first, second = server.held_keys()[:2]
    server.change(first)
    server.server.faults.add(ErrorStatus(401), f"{first}/*", times=None)
    result = server.sync()
    assert result.revoked_files == [] and result.failed_files, "perhaps an expired password"
    server.change(first, second)  # now another file comes through with the same session
    assert server.sync().revoked_files == [], "the first refusal was minutes ago"
    refused_long_ago(server.store)
    server.change(first, second)
    result = server.sync()
    assert result.revoked_files == [(server.file_id(first), 401)]
    assert server.retention() == [server.file_id(first)]
    assert held(server.store, server.file_id(second))


def test_a_burst_of_403s_removes_nothing(server: Server) -> None:
    """A web firewall or rate limiter refusing a burst of downloads, on one run and
    on the next right after it, takes nothing away; once it lets them through,
    the files are fetched as usual."""
    keys = server.held_keys()
    blobs = [path for key in keys for path in blob_paths(server.store, server.file_id(key))]
    server.change(*keys)
    server.server.faults.add(ErrorStatus(403), "*/download/*", times=None)
    for _run in range(2):
        result = server.sync()
        assert result.revoked_files == [] and len(result.failed_files) == len(keys)
        assert server.retention() == []
    assert server.held_keys() == keys and all(path.exists() for path in blobs)

    server.server.faults.clear()
    result = server.sync()
    assert result.failed_files == [] and result.revoked_files == []
    assert (
        server.store.db.read().execute("SELECT COUNT(*) FROM download_failure").fetchone()[0] == 0
    )
    assert server.held_keys() == keys


def test_a_tombstoned_file_is_removed_and_the_writing_listed(server: Server) -> None:
    key = server.held_keys()[0]
    file_id = server.file_id(key)
    annotate(server.store, file_id, "Testhandling", "Min fråga")
    server.dataset.clock.advance(minutes=5)
    server.dataset.delete(key)
    server.dataset.clock.advance(minutes=1)
    server.sync()
    assert server.retention() == [file_id]
    assert entry_of(server.store, file_id)[0] is RemovalReason.GONE
    assert held(server.store, file_id) == 0
    [listed] = removed_objects(server.store.db.read())
    assert listed.object_id == file_id
    assert [a.comment for a in annotations_of_file(server.store.db.read(), file_id)] == [
        "Min fråga"
    ]


def test_the_files_of_a_removed_meeting_are_removed(server: Server) -> None:
    meeting_key = server.dataset.keys("Meeting")[0]
    meeting = server.dataset.get(meeting_key)
    own = {
        ref.key for name in ("invitation", "resultsProtocol") if (ref := meeting.fields.get(name))
    }
    own_ids = {server.file_id(key) for key in own}
    assert own_ids and all(held(server.store, file_id) for file_id in own_ids)
    server.dataset.clock.advance(minutes=5)
    server.dataset.delete(meeting_key)
    server.dataset.clock.advance(minutes=1)
    server.sync()
    removed = set(server.retention())
    assert own_ids <= removed
    assert all(entry_of(server.store, file_id)[0] is RemovalReason.GONE for file_id in own_ids)


def test_an_ended_membership_takes_the_committees_non_public_documents(server: Server) -> None:
    dataset = server.dataset
    social = next(
        key
        for key in dataset.organization_keys()
        if dataset.get(key).fields["name"] == "Socialnämnden"
    )
    membership = next(
        key
        for key in dataset.keys("Membership")
        if dataset.get(key).fields["organization"].key == social
    )
    person = dataset.get(membership).fields["person"].key
    meeting = next(
        key
        for key in dataset.keys("Meeting")
        if dataset.get(key).fields["organization"][0].key == social
    )
    item = dataset.get(meeting).fields["agendaItem"][0].key
    dataset.clock.advance(minutes=5)
    yesterday = (dataset.clock.now() - timedelta(days=1)).date().isoformat()
    dataset.update(membership, endDate=yesterday)
    hidden: dict[str, Any] = {"public": False, "MOTESPARM:confidential": "Sekretess enligt OSL"}
    dataset.update(item, **hidden)
    dataset.clock.advance(minutes=1)
    server.sync()

    person_id = (
        server.store.db.read()
        .execute("SELECT id FROM person WHERE id LIKE ?", (f"%/{person}",))
        .fetchone()[0]
    )
    facts = file_facts(server.store.db.read())
    secret = {file_id for file_id, fact in facts.items() if fact.non_public}
    assert secret and all(held(server.store, file_id) for file_id in secret)
    assert server.retention(person_id=None) == [], "whose membership: the user's person"
    removed = set(server.retention(person_id=person_id))
    assert removed == secret
    assert {entry_of(server.store, f) for f in secret} == {
        (RemovalReason.MEMBERSHIP_ENDED, "Socialnämnden")
    }
    public_of_meeting = {
        file_id
        for file_id, fact in facts.items()
        if not fact.non_public and any(m.endswith(meeting) for m in fact.meetings)
    }
    assert public_of_meeting and all(held(server.store, f) for f in public_of_meeting)
    scope = SyncScope(now=dataset.clock.now(), days_back=100_000)
    assert not secret & {i.file_id for i in files_to_fetch(server.store.db.read(), scope)}


def committee_member(context: AppContext, meeting_id: str) -> tuple[str, str]:
    """The meeting's committee and a person with a membership in it."""
    summary = context.library.meeting(meeting_id)
    assert summary is not None
    [committee] = summary.committee_ids
    person = (
        context.store.db.read()
        .execute("SELECT person_id FROM membership WHERE organization_id = ? LIMIT 1", (committee,))
        .fetchone()[0]
    )
    return committee, str(person)


def end_membership(store: Store, person: str, committee: str) -> None:
    with store.db.write() as db:
        db.execute(
            "UPDATE membership SET end_date = '2020-12-31' "
            "WHERE person_id = ? AND organization_id = ?",
            (person, committee),
        )


def test_a_membership_held_again_is_not_ended(demo: AppContext) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    committee, person = committee_member(demo, meeting.meeting_id)
    end_membership(store, person, committee)
    facts = file_facts(store.db.read())
    meetings = {m.id for m in demo.library.meetings(committee)}
    expected = {f for f, fact in facts.items() if fact.non_public and fact.meetings <= meetings}
    assert meeting.secret <= expected, "every meeting of the committee, earlier ones too"
    plan = plan_removals(store.db.read(), RetentionSettings(), person_id=person)
    assert {r.object_id for r in plan.removals} == expected
    assert {r.reason for r in plan.removals} == {RemovalReason.MEMBERSHIP_ENDED}
    again = {"id": "https://x/membership/again", "organization": committee, "role": "Ersättare"}
    with store.db.write() as db:
        save_membership(db, again, person)  # a new assignment in the same committee
    plan = plan_removals(store.db.read(), RetentionSettings(), person_id=person)
    assert plan.removals == []


def test_notes_on_the_non_public_items_follow_the_policy(demo: AppContext, tmp_path: Path) -> None:
    store = demo.store
    meeting = secret_meeting(demo)
    summary = demo.library.meeting(meeting.meeting_id)
    assert summary is not None
    [committee] = summary.committee_ids
    item = next(entry for entry in demo.library.agenda(meeting.meeting_id) if not entry.public)
    person = (
        store.db.read()
        .execute("SELECT person_id FROM membership WHERE organization_id = ? LIMIT 1", (committee,))
        .fetchone()[0]
    )
    with store.db.write() as db:
        db.execute("UPDATE membership SET end_date = '2020-12-31' WHERE person_id = ?", (person,))
        save_note(db, item.id, NoteKind.AGENDA_ITEM, "Yrka avslag på **ansökan**")
    run_retention(store, RetentionSettings(), person_id=person)
    assert get_note(store.db.read(), item.id) is not None, "kept by default"
    settings = RetentionSettings(writing=WritingPolicy.EXPORT, export_folder=tmp_path)
    report = run_retention(store, settings, person_id=person)
    [entry] = report.removed
    assert entry.object_id == item.id and entry.writing is WritingOutcome.EXPORTED
    assert entry.export_path is not None
    assert "Yrka avslag" in entry.export_path.read_text(encoding="utf-8")
    assert get_note(store.db.read(), item.id) is None
