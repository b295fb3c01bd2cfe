"""The SQLite database, encrypted: WAL mode, foreign keys, migrations and one writer.

All writes go through :meth:`Database.write`, which serialises writers with a lock
and runs each as one ``BEGIN IMMEDIATE`` transaction, so a killed process leaves
either the whole change or none of it. Readers get a connection per thread and
see the last committed state (WAL lets them read while the writer writes).

Every page of the file, of its WAL and of its temporary files is encrypted by
SQLCipher with the store's database key (:mod:`meetingapp.store.sql`). Deleted
content is overwritten where that costs no extra write (``secure_delete =
FAST``); a write that must leave nothing behind (retention) asks for every freed
page to be zeroed. A plain database of an older version is converted on open.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from meetingapp.store import durable, sql
from meetingapp.store.migrations import LATEST_VERSION, MIGRATIONS

_SECURE_DELETE = {0: "OFF", 1: "ON", 2: "FAST"}
"""What ``PRAGMA secure_delete`` reports, as it is set (a 2 would be read as ON)."""
CACHE_KIB = 32 * 1024
"""The page cache of each connection, at most (SQLite grows it as pages are read)."""


class StoreError(Exception):
    """The local store cannot be opened or used."""


def _connect(path: Path, key: bytes) -> sql.Connection:
    connection = sql.connect_encrypted(
        path, key, isolation_level=None, check_same_thread=False, timeout=30.0
    )
    connection.row_factory = sql.Row
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA secure_delete = FAST")
    # Pages are decrypted and authenticated as they are read: a larger cache than
    # SQLite's 2 MB keeps the working set decrypted (reads of a 15 MB table were
    # 5 times slower than plain SQLite with the default, as fast with this), and
    # temporary tables stay in memory rather than in encrypted temporary files.
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    connection.execute("PRAGMA temp_store = MEMORY")
    # FULL: an acknowledged write survives a power cut too, not only a killed process.
    connection.execute("PRAGMA synchronous = FULL")
    return connection


def schema_version(connection: sql.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sql.Connection, target: int = LATEST_VERSION) -> None:
    """Apply each missing migration up to ``target`` in its own transaction."""
    current = schema_version(connection)
    if current > LATEST_VERSION:
        raise StoreError(
            f"The database has schema version {current}, newer than this program "
            f"understands ({LATEST_VERSION}). Update the program."
        )
    for version in range(current + 1, target + 1):
        script = MIGRATIONS[version - 1]
        try:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
            )
        except sql.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise


def encrypt_plain_database(path: Path, key: bytes) -> None:
    """Convert a plain database of an older version in place, crash-safely.

    The plain file's WAL is folded in first (a WAL left beside the new file would
    be read as its own). The encrypted copy is written beside it, made durable and
    renamed over it: a killed conversion leaves the plain database, converted
    again at the next start.
    """
    converting = path.with_name(path.name + ".encrypting")
    converting.unlink(missing_ok=True)
    if not sql.is_plain_database(path):
        return
    plain = sql.connect(path, isolation_level=None)
    try:
        plain.execute("PRAGMA journal_mode = DELETE")
    finally:
        plain.close()
    sql.export_plain_to_encrypted(path, converting, key)
    with converting.open("rb+") as file:
        os.fsync(file.fileno())
    converting.replace(path)
    durable.sync_directory(path.parent)


class _ReaderHolder:
    """Holds one thread's read connection; when the thread ends it is collected."""

    def __init__(self, connection: sql.Connection) -> None:
        self.connection = connection


def _close_reader(
    connection: sql.Connection, readers: set[sql.Connection], lock: threading.Lock
) -> None:
    with lock:
        readers.discard(connection)
    connection.close()


class Database:
    """The store's database file, migrated to the latest schema on open."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key
        self._closed = False
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            encrypt_plain_database(path, key)
            self._writer = _connect(path, key)
            self._writer.execute("PRAGMA journal_mode = WAL")
            migrate(self._writer)
        except sql.WrongKeyError as error:
            raise StoreError(
                f"The database {path} cannot be read with this key, or it is damaged."
            ) from error
        except (sql.DatabaseError, OSError) as error:
            raise StoreError(f"Cannot open the database {path}: {error}") from error
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._readers: set[sql.Connection] = set()
        self._readers_lock = threading.Lock()

    @contextmanager
    def write(self, *, erase: bool = False) -> Iterator[sql.Connection]:
        """One write transaction; commits on success, rolls back on any error.

        ``erase``: every page the transaction frees is overwritten with zeros
        (``secure_delete = ON``), for removals that must leave nothing behind;
        other writes zero only what costs no extra I/O, since all of it is
        encrypted anyway and full erasing made the sync's writes a third slower.
        """
        with self._write_lock:
            before = _SECURE_DELETE[int(self._writer.execute("PRAGMA secure_delete").fetchone()[0])]
            if erase:
                self._writer.execute("PRAGMA secure_delete = ON")
            try:
                yield from self._transaction()
            finally:
                if erase:  # as it was: a nested erasing write leaves the outer one erasing
                    self._writer.execute(f"PRAGMA secure_delete = {before}")

    def _transaction(self) -> Iterator[sql.Connection]:
        if self._writer.in_transaction:  # nested use joins the outer transaction
            yield self._writer
            return
        self._writer.execute("BEGIN IMMEDIATE")
        try:
            yield self._writer
        except BaseException:
            self._writer.execute("ROLLBACK")
            raise
        self._writer.execute("COMMIT")

    @contextmanager
    def outside_transaction(self) -> Iterator[sql.Connection]:
        """The writer connection with no transaction open, for what SQLite runs only
        there (VACUUM, a truncating checkpoint); no other write starts meanwhile."""
        with self._write_lock:
            if self._writer.in_transaction:
                raise RuntimeError("not inside a write")
            yield self._writer

    def read(self) -> sql.Connection:
        """This thread's read connection (it cannot write).

        The connection is closed when its thread ends, so short-lived worker threads
        (a list-page prefetch, a periodic sync) do not pile up open connections.
        """
        holder: _ReaderHolder | None = getattr(self._local, "reader", None)
        if holder is None:
            connection = _connect(self.path, self._key)
            connection.execute("PRAGMA query_only = ON")
            holder = _ReaderHolder(connection)
            with self._readers_lock:
                self._readers.add(connection)
            weakref.finalize(holder, _close_reader, connection, self._readers, self._readers_lock)
            self._local.reader = holder
        return holder.connection

    def open_reader_count(self) -> int:
        with self._readers_lock:
            return len(self._readers)

    def integrity_check(self) -> str:
        return str(self.read().execute("PRAGMA integrity_check").fetchone()[0])

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        self._closed = True
        with self._readers_lock:
            for connection in self._readers:
                connection.close()
            self._readers.clear()
        with self._write_lock:
            self._writer.close()
