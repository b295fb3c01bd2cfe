"""The local store: migrations, transactions, and content-addressed blobs."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from meetingapp.store import BlobError, BlobStore, Database, Store, StoreError, sql
from meetingapp.store.db import migrate, schema_version
from meetingapp.store.migrations import LATEST_VERSION
from tests.store_keys import TEST_KEYS

# Rows that were valid at each schema version; each must survive every later migration.
SAMPLE_ROWS: dict[int, list[tuple[str, tuple[object, ...]]]] = {
    1: [
        ("INSERT INTO source (id, url, added_at) VALUES (?, ?, ?)", (1, "https://x/", "2026")),
        (
            "INSERT INTO body (id, source_id, name, raw) VALUES (?, ?, ?, ?)",
            ("b1", 1, "Exempelkommun", "{}"),
        ),
        (
            "INSERT INTO meeting (id, body_id, name, raw) VALUES (?, ?, ?, ?)",
            ("m1", "b1", "Sammanträde", '{"x": 1}'),
        ),
        (
            "INSERT INTO agenda_item (id, meeting_id, name, raw) VALUES (?, ?, ?, ?)",
            ("a1", "m1", "Val av justerare", "{}"),
        ),
        ("INSERT INTO file (id, name, raw) VALUES (?, ?, ?)", ("f1", "Kallelse", "{}")),
    ],
    2: [
        (
            "INSERT INTO file_version (file_id, blob_sha256, size, fetched_at) VALUES (?, ?, ?, ?)",
            ("f1", "0" * 64, 10, "2026"),
        ),
        ("INSERT INTO app_state (key, value) VALUES (?, ?)", ("k", "v")),
    ],
    3: [
        (
            "INSERT INTO http_cache (url, etag, fetched_at) VALUES (?, ?, ?)",
            ("https://x/meeting/page-1.json", '"abc"', "2026"),
        ),
        ("INSERT INTO pinned (object_id, pinned_at) VALUES (?, ?)", ("m1", "2026")),
    ],
    4: [
        (
            "INSERT INTO document_position (file_id, page, page_offset, zoom, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            ("f1", 3, 0.25, "fit-width", "2026"),
        ),
    ],
    5: [
        (
            "INSERT INTO meeting_seen (meeting_id, seen_at) VALUES (?, ?)",
            ("m1", "2026-11-23T18:00:00.000000+00:00"),
        ),
        (
            "INSERT INTO download_failure (file_id, reason, failed_at) VALUES (?, ?, ?)",
            ("f1", "the server answered 404", "2026"),
        ),
        ("UPDATE file_version SET page_count = ? WHERE file_id = ?", (12, "f1")),
    ],
    6: [
        (
            "INSERT INTO annotation (uid, file_id, kind, colour, page, geometry, comment, "
            "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ("u1", "f1", "note", "#ffd400", 0, '{"rects":[[1,2,1,2]]}', "Fråga", "2026", "2026"),
        ),
        (
            "INSERT INTO note (object_id, kind, body, modified_at) VALUES (?, ?, ?, ?)",
            ("a1", "agenda_item", "Yrka **bifall**", "2026"),
        ),
    ],
    7: [
        (
            "INSERT INTO revoked_file (file_id, reason, detail, name, revoked_at) "
            "VALUES (?, ?, ?, ?, ?)",
            ("f1", "denied", "403", "Kallelse", "2026"),
        ),
        (
            "INSERT INTO removal_log (run_at, object_id, kind, name, reason, writing) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ("2026", "f2", "file", "Bilaga", "expired", "kept"),
        ),
    ],
}
SAMPLE_CHECKS = {
    1: "SELECT COUNT(*) FROM agenda_item WHERE id = 'a1' AND meeting_id = 'm1'",
    2: "SELECT COUNT(*) FROM app_state WHERE key = 'k'",
    3: "SELECT COUNT(*) FROM pinned WHERE object_id = 'm1'",
    4: "SELECT COUNT(*) FROM document_position WHERE file_id = 'f1' AND page = 3",
    5: "SELECT COUNT(*) FROM meeting_seen AS s JOIN download_failure AS d "
    "JOIN file_version AS v ON v.file_id = d.file_id WHERE v.page_count = 12",
    6: "SELECT COUNT(*) FROM note_fts JOIN annotation_fts "
    "WHERE note_fts MATCH 'bifall' AND annotation_fts MATCH 'fråga'",
    7: "SELECT COUNT(*) FROM revoked_file JOIN removal_log "
    "WHERE revoked_file.reason = 'denied' AND removal_log.reason = 'expired'",
}


def test_every_version_has_sample_rows() -> None:
    assert sorted(SAMPLE_ROWS) == list(range(1, LATEST_VERSION + 1))


@pytest.mark.parametrize("start_version", range(LATEST_VERSION + 1))
def test_database_of_every_earlier_version_migrates_keeping_data(
    tmp_path: Path, start_version: int
) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sql.connect(path, isolation_level=None)
    migrate(connection, target=start_version)
    for version in range(1, start_version + 1):
        for statement, values in SAMPLE_ROWS[version]:
            connection.execute(statement, values)
    connection.close()

    database = Database(path, TEST_KEYS.database)
    db = database.read()
    assert schema_version(db) == LATEST_VERSION
    for version in range(1, start_version + 1):
        assert db.execute(SAMPLE_CHECKS[version]).fetchone()[0] == 1
    assert database.integrity_check() == "ok"
    if start_version >= 1:  # objects stored before version 5 have arrived, as the baseline
        arrived = db.execute("SELECT object_id FROM object_arrival ORDER BY object_id")
        assert [row[0] for row in arrived] == ["f1", "m1"]
    database.close()


def test_arrival_is_recorded_once_when_an_object_first_appears(tmp_path: Path) -> None:
    database = Database(tmp_path / "db.sqlite3", TEST_KEYS.database)
    upsert = (
        "INSERT INTO file (id, name, raw) VALUES (?, ?, '{}') "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name"
    )
    with database.write() as db:
        db.execute(upsert, ("f1", "Bilaga"))
    first = database.read().execute("SELECT arrived_at FROM object_arrival").fetchall()
    assert len(first) == 1 and first[0][0].endswith("+00:00") and "." in first[0][0]
    time.sleep(0.01)
    with database.write() as db:
        db.execute(upsert, ("f1", "Bilaga, reviderad"))
    again = database.read().execute("SELECT arrived_at FROM object_arrival").fetchall()
    assert [tuple(row) for row in again] == [tuple(row) for row in first]
    database.close()


def test_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    database = Database(tmp_path / "db.sqlite3", TEST_KEYS.database)
    db = database.read()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sql.IntegrityError), database.write() as writer:
        writer.execute(
            "INSERT INTO agenda_item (id, meeting_id, name, raw) VALUES ('a', 'nope', '', '{}')"
        )
    database.close()


def test_newer_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    connection = sql.connect(path)
    connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    connection.close()
    with pytest.raises(StoreError, match="newer than this program"):
        Database(path, TEST_KEYS.database)


def test_garbage_database_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(StoreError, match="cannot be read with this key, or it is damaged"):
        Database(path, TEST_KEYS.database)


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    database = Database(tmp_path / "db.sqlite3", TEST_KEYS.database)
    with pytest.raises(RuntimeError), database.write() as db:
        db.execute("INSERT INTO app_state (key, value) VALUES ('a', 'b')")
        raise RuntimeError("interrupted")
    assert database.read().execute("SELECT COUNT(*) FROM app_state").fetchone()[0] == 0
    database.close()


def test_read_connections_of_ended_threads_are_closed(tmp_path: Path) -> None:
    database = Database(tmp_path / "db.sqlite3", TEST_KEYS.database)
    seen: list[sql.Connection] = []

    def read_once() -> None:
        connection = database.read()
        connection.execute("SELECT COUNT(*) FROM app_state").fetchone()
        seen.append(connection)

    for _ in range(20):
        thread = threading.Thread(target=read_once)
        thread.start()
        thread.join()
    assert database.open_reader_count() == 0
    with pytest.raises(sql.ProgrammingError):
        seen[0].execute("SELECT 1")
    assert database.read() is database.read()  # this thread keeps its one connection
    assert database.open_reader_count() == 1
    database.close()


def test_blob_is_named_by_its_sha256_and_stored_once(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path, TEST_KEYS.blobs)
    data = b"%PDF-1.7 kallelse"
    digest = blobs.put_bytes(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert blobs.read_bytes(digest) == data
    assert b"kallelse" not in blobs.path(digest).read_bytes()  # sealed on disk
    assert blobs.put_bytes(data) == digest
    assert blobs.verify(digest)
    assert len(list((tmp_path / "objects").rglob("*"))) == 2  # one fan-out dir, one blob


def test_interrupted_blob_write_leaves_no_blob(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path, TEST_KEYS.blobs)

    def chunks() -> object:
        yield b"first half"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        blobs.put_chunks(chunks())  # type: ignore[arg-type]
    assert not list((tmp_path / "objects").rglob("*"))
    assert not list((tmp_path / "incoming").iterdir())


def test_blob_names_must_be_digests(tmp_path: Path) -> None:
    with pytest.raises(BlobError):
        BlobStore(tmp_path, TEST_KEYS.blobs).path("../../etc/passwd")


def test_sweep_removes_leftovers_of_killed_writes(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path, TEST_KEYS.blobs)
    leftover = blobs.new_incoming_file()
    leftover.write_bytes(b"half")
    assert blobs.sweep() == 1
    assert not leftover.exists()


_WRITER = """
import sys
from pathlib import Path
from meetingapp.store import BlobStore
from tests.store_keys import TEST_KEYS
blobs = BlobStore(Path(sys.argv[1]), TEST_KEYS.blobs)
print("ready", flush=True)
n = 0
while True:
    blobs.put_bytes(n.to_bytes(8, "big") * 200_000)
    n += 1
"""


def test_blob_store_killed_mid_write_never_holds_a_partial_blob(tmp_path: Path) -> None:
    for trial in range(5):
        root = tmp_path / f"trial{trial}"
        process = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(root)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.07 * trial)
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        store = BlobStore(root, TEST_KEYS.blobs)
        store.sweep()
        blobs = [path for path in (root / "objects").rglob("*") if path.is_file()]
        for blob in blobs:
            assert store.verify(blob.parent.name + blob.name)


def test_store_opens_database_and_blobs_in_the_data_dir(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", TEST_KEYS)
    assert (tmp_path / "data" / "meetingapp.sqlite3").is_file()
    assert (tmp_path / "data" / "blobs" / "objects").is_dir()
    store.close()


def test_an_erasing_write_inside_another_leaves_the_outer_one_erasing(tmp_path: Path) -> None:
    database = Database(tmp_path / "db.sqlite3", TEST_KEYS.database)
    try:
        with database.write(erase=True) as outer:
            with database.write(erase=True):
                pass
            assert outer.execute("PRAGMA secure_delete").fetchone()[0] == 1
        with database.write() as after:
            assert after.execute("PRAGMA secure_delete").fetchone()[0] == 2  # FAST
    finally:
        database.close()
