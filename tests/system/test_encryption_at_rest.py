"""Encryption at rest: the data directory shows nothing of what it holds.

The proof the issue asks for: after a real sync of the demo, search indexing,
annotations and notes on non-public items, every byte of every file under the
data directory is searched for the non-public documents' text, their PDF
signature, the user's own words and SQLite's plain-file header.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

import pymupdf
import pytest

from meetingapp.core.context import AppContext
from meetingapp.core.render import RenderError, RenderWorker
from meetingapp.core.search.query import search
from meetingapp.store import BlobError, Store, StoreError, StoreKeys, sealed, sql
from meetingapp.store.annotations import Annotation, Geometry, Kind, TextQuote, save_annotation
from meetingapp.store.notes import NoteKind, save_note
from tests.store_keys import TEST_KEYS

NOTE_TEXT = "Yrkar avslag – ärendet om Kalle Exempelsson bör återremitteras"
COMMENT_TEXT = "Kontrollera uppgifterna om familjehemmet på Ekvägen"
MOMENT = "2026-12-01T18:00:00+00:00"


def non_public_versions(context: AppContext) -> list[tuple[str, str, str | None]]:
    """(file id, blob, the item's id) of each stored non-public file."""
    rows = context.store.db.read().execute(
        "SELECT f.id, v.blob_sha256, l.owner_id FROM file AS f "
        "JOIN file_version AS v ON v.file_id = f.id "
        "LEFT JOIN file_link AS l ON l.file_id = f.id "
        "WHERE f.confidential IS NOT NULL"
    )
    return [(str(row[0]), str(row[1]), row[2]) for row in rows]


def phrases_of(pdf: bytes, count: int = 6) -> list[bytes]:
    """Distinctive runs of words from the document's pages, as UTF-8."""
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        text = " ".join(page.get_text() for page in document)
    words = re.findall(r"\w{6,}", text)
    runs = {" ".join(words[i : i + 2]) for i in range(0, len(words) - 1, 7)}
    return [run.encode("utf-8") for run in sorted(runs)[:count]]


def every_file(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def written_on(synced_context: AppContext) -> AppContext:
    """The synced demo, indexed for search, with notes and comments on the
    non-public items; then checkpointed as at a clean exit."""
    context = synced_context
    context.index_documents()
    versions = non_public_versions(context)
    assert versions, "the demo has non-public documents"
    file_id, _blob, owner = versions[0]
    with context.store.db.write() as db:
        save_note(db, owner or file_id, NoteKind.PAPER, NOTE_TEXT)
        save_annotation(
            db,
            Annotation(
                uid="secret-1",
                file_id=file_id,
                version_id=None,
                kind=Kind.NOTE,
                colour="#ffd400",
                page=0,
                geometry=Geometry(rects=((72.0, 100.0, 90.0, 118.0),)),
                quote=TextQuote(""),
                comment=COMMENT_TEXT,
                created_at=MOMENT,
                modified_at=MOMENT,
            ),
        )
    return context


def test_the_data_directory_holds_no_plaintext(written_on: AppContext) -> None:
    context = written_on
    secrets: list[bytes] = [NOTE_TEXT.encode(), COMMENT_TEXT.encode()]
    for _file, blob, _owner in non_public_versions(context):
        secrets += phrases_of(context.store.blobs.read_bytes(blob))
    assert len(secrets) > 10
    word = phrases_of(context.store.blobs.read_bytes(non_public_versions(context)[0][1]))[0]
    found = search(context.store.db.read(), word.decode().split()[0])
    assert found.page_count, "the index holds the non-public text, so its absence counts"

    context.writer.flush(timeout=10)
    context.close()
    files = every_file(context.data_dir)
    assert any(path.name == "meetingapp.sqlite3" for path in files)
    assert any("objects" in path.parts for path in files)
    for path in files:
        data = path.read_bytes()
        assert b"%PDF" not in data, path
        assert sql.PLAIN_HEADER not in data, path
        for secret in secrets:
            assert secret not in data, (path, secret)
        if "objects" in path.parts:
            assert data.startswith(sealed.MAGIC), path


def test_the_wal_and_a_running_store_hold_no_plaintext(written_on: AppContext) -> None:
    """While the program runs, the WAL holds the latest writes: encrypted too."""
    context = written_on
    context.writer.flush(timeout=10)
    wal = context.data_dir / "meetingapp.sqlite3-wal"
    assert wal.is_file() and wal.stat().st_size > 0
    for path in every_file(context.data_dir):
        data = path.read_bytes()
        assert NOTE_TEXT.encode() not in data and COMMENT_TEXT.encode() not in data, path


def test_another_key_reads_nothing(synced_data_dir: Path) -> None:
    wrong = StoreKeys.from_master(os.urandom(32))
    with pytest.raises(StoreError, match="cannot be read with this key"):
        AppContext(synced_data_dir, wrong)


def test_a_blob_sealed_with_another_key_or_tampered_with_is_refused(
    synced_context: AppContext, tmp_path: Path
) -> None:
    blobs = synced_context.store.blobs
    blob = next(iter(blobs.root.glob("objects/*/*")))
    sha256 = blob.parent.name + blob.name
    assert blobs.verify(sha256)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0x01
    blob.write_bytes(bytes(data))
    assert not blobs.verify(sha256)
    with pytest.raises(BlobError, match="damaged, truncated, or sealed with another key"):
        blobs.read_bytes(sha256)
    with RenderWorker(blob_key=TEST_KEYS.blobs) as worker, pytest.raises(RenderError):
        worker.open_document(blob, file_type="pdf")


def test_the_render_worker_opens_sealed_blobs_in_memory(synced_context: AppContext) -> None:
    blobs = synced_context.store.blobs
    row = (
        synced_context.store.db.read()
        .execute("SELECT blob_sha256 FROM file_version ORDER BY id LIMIT 1")
        .fetchone()
    )
    path = blobs.path(row[0])
    with RenderWorker(blob_key=blobs.key) as worker:
        info = worker.open_document(path, file_type="pdf")
        assert info.page_count >= 1
    with RenderWorker() as keyless, pytest.raises(RenderError, match="encrypted"):
        keyless.open_document(path, file_type="pdf")


def test_a_plain_data_directory_of_an_older_version_is_encrypted_on_open(
    tmp_path: Path,
) -> None:
    """An older data directory: its database in the clear, its blobs plain files."""
    data_dir = tmp_path / "data"
    content = "%PDF-1.7 Sekretess: personalärende 2026".encode()
    sha256 = hashlib.sha256(content).hexdigest()
    blob = data_dir / "blobs" / "objects" / sha256[:2] / sha256[2:]
    blob.parent.mkdir(parents=True)
    blob.write_bytes(content)
    plain = sql.connect(data_dir / "meetingapp.sqlite3", isolation_level=None)
    plain.execute("PRAGMA journal_mode = WAL")
    plain.execute("CREATE TABLE early (text TEXT)")
    plain.execute("INSERT INTO early VALUES ('anteckning om personalärendet')")
    plain.close()

    store = Store(data_dir, TEST_KEYS)
    try:
        assert store.blobs.read_bytes(sha256) == content
        row = store.db.read().execute("SELECT text FROM early").fetchone()
        assert row[0] == "anteckning om personalärendet"
    finally:
        store.close()
    for path in every_file(data_dir):
        data = path.read_bytes()
        assert b"personal" not in data and sql.PLAIN_HEADER not in data, path


def test_a_conversion_killed_half_way_is_done_again(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    plain = sql.connect(data_dir / "meetingapp.sqlite3", isolation_level=None)
    plain.execute("CREATE TABLE early (text TEXT)")
    plain.execute("INSERT INTO early VALUES ('kvar')")
    plain.close()
    # What a kill during the export leaves: a half-written copy beside the plain file.
    (data_dir / "meetingapp.sqlite3.encrypting").write_bytes(os.urandom(3000))
    store = Store(data_dir, TEST_KEYS)
    try:
        assert store.db.read().execute("SELECT text FROM early").fetchone()[0] == "kvar"
    finally:
        store.close()
    assert not (data_dir / "meetingapp.sqlite3.encrypting").exists()


def test_an_older_versions_partial_downloads_and_stray_files_do_not_stop_the_conversion(
    tmp_path: Path,
) -> None:
    """Partial downloads of an older version are plain prefixes of documents (and a
    URL naming them): dropped, to be fetched again. A desktop's stray file among
    the blob folders is left alone."""
    data_dir = tmp_path / "data"
    incoming = data_dir / "blobs" / "incoming"
    incoming.mkdir(parents=True)
    (incoming / "partial-abc").write_bytes(b"%PDF-1.7 halva personalakten")
    (incoming / "partial-abc.json").write_text('{"url": "https://x/Personalakt.pdf"}')
    (data_dir / "blobs" / "objects").mkdir()
    (data_dir / "blobs" / "objects" / ".DS_Store").write_bytes(b"\x00\x01")
    plain = sql.connect(data_dir / "meetingapp.sqlite3", isolation_level=None)
    plain.execute("CREATE TABLE early (text TEXT)")
    plain.close()
    Store(data_dir, TEST_KEYS).close()
    assert not list(incoming.glob("partial-*"))
    for path in every_file(data_dir):
        assert b"%PDF" not in path.read_bytes() and b"Personalakt" not in path.read_bytes()


def test_the_database_names_its_sqlcipher_settings(synced_context: AppContext) -> None:
    """SQLCipher 4's format, pinned: a later SQLCipher with other defaults still
    opens what this one wrote."""
    db = synced_context.store.db.read()
    assert sql.CIPHER_COMPATIBILITY == 4
    # SQLCipher 4's settings (5 would change them): 4096-byte pages, HMAC-SHA512.
    assert db.execute("PRAGMA cipher_page_size").fetchone()[0] == "4096"
    assert db.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0] == "HMAC_SHA512"
    settings = {row[0] for row in db.execute("PRAGMA cipher_settings")}
    assert "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA512;" in settings


def test_non_public_documents_are_those_retention_counts(synced_context: AppContext) -> None:
    """Marked confidential, or under a non-public item: "Öppna i annat program"
    asks before it hands out a plain copy of those."""
    library = synced_context.library
    db = synced_context.store.db.read()
    under_secret_items = {
        document.file_id
        for meeting in library.meetings()
        for entry in library.agenda(meeting.id)
        if not entry.public or entry.confidential
        for document in library.item_documents(entry)
    }
    public = {
        row[0]
        for row in db.execute(
            "SELECT l.file_id FROM file_link AS l JOIN meeting AS m ON m.id = l.owner_id "
            "JOIN file AS f ON f.id = l.file_id WHERE f.confidential IS NULL"
        )
    }
    assert under_secret_items and public
    assert all(library.is_non_public(file_id) for file_id in under_secret_items)
    assert not any(library.is_non_public(file_id) for file_id in public - under_secret_items)


def test_plain_copies_a_crashed_run_left_for_another_program_are_removed_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetingapp.ui.reader import document_view

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old = tmp_path / f"{document_view.COPIES_PREFIX}old"
    (old / "copy-1").mkdir(parents=True)
    (old / "copy-1" / "Personalärende.pdf").write_bytes(b"%PDF-1.7")
    day_ago = time.time() - document_view.STALE_COPIES_AFTER - 60
    os.utime(old, (day_ago, day_ago))
    running = tmp_path / f"{document_view.COPIES_PREFIX}running"
    running.mkdir()
    unrelated = tmp_path / "something-else"
    unrelated.mkdir()
    os.utime(unrelated, (day_ago, day_ago))
    assert document_view.remove_stale_external_copies() == 1
    assert not old.exists() and running.exists() and unrelated.exists()
