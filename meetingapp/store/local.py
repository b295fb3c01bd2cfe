"""What only this machine knows: fetched file versions, reading state, app state."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime


def utc_now() -> str:
    """Current time as an ISO 8601 UTC timestamp without microseconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _precise_now() -> str:
    """Current UTC time with microseconds: orders versions fetched in one second."""
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class FileVersion:
    id: int
    file_id: str
    blob_sha256: str
    size: int
    source_modified: str | None
    fetched_at: str
    sha512: str | None
    etag: str | None


def _version(row: sqlite3.Row | None) -> FileVersion | None:
    if row is None:
        return None
    return FileVersion(
        id=row["id"],
        file_id=row["file_id"],
        blob_sha256=row["blob_sha256"],
        size=row["size"],
        source_modified=row["source_modified"],
        fetched_at=row["fetched_at"],
        sha512=row["sha512"],
        etag=row["etag"],
    )


def record_file_version(
    db: sqlite3.Connection,
    file_id: str,
    blob_sha256: str,
    size: int,
    source_modified: str | None,
    *,
    sha512: str | None = None,
    etag: str | None = None,
) -> int:
    """Register fetched content of a file; the same content twice is one version.

    The current version is the one fetched last, so content that returns to an
    earlier state makes that earlier version current again.
    """
    db.execute(
        "INSERT INTO file_version "
        "(file_id, blob_sha256, size, source_modified, fetched_at, sha512, etag) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (file_id, blob_sha256) DO UPDATE SET "
        "source_modified = excluded.source_modified, etag = excluded.etag, "
        "fetched_at = excluded.fetched_at",
        (file_id, blob_sha256, size, source_modified, _precise_now(), sha512, etag),
    )
    row = db.execute(
        "SELECT id FROM file_version WHERE file_id = ? AND blob_sha256 = ?",
        (file_id, blob_sha256),
    ).fetchone()
    return int(row["id"])


def latest_file_version(db: sqlite3.Connection, file_id: str) -> FileVersion | None:
    row = db.execute(
        "SELECT * FROM file_version WHERE file_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1",
        (file_id,),
    ).fetchone()
    return _version(row)


def latest_file_versions(db: sqlite3.Connection) -> dict[str, FileVersion]:
    """The current version of every file that has one, in one query."""
    latest: dict[str, FileVersion] = {}
    for row in db.execute("SELECT * FROM file_version ORDER BY fetched_at, id"):
        version = _version(row)
        if version is not None:
            latest[version.file_id] = version
    return latest


def get_app_state(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row["value"])


def set_app_state(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO app_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def mark_read(db: sqlite3.Connection, file_id: str, version_id: int | None, page: int) -> None:
    db.execute(
        "INSERT INTO read_state (file_id, file_version_id, last_page, read_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (file_id) DO UPDATE SET "
        "file_version_id = excluded.file_version_id, last_page = excluded.last_page, "
        "read_at = excluded.read_at",
        (file_id, version_id, page, utc_now()),
    )


@dataclass(frozen=True)
class DocumentPosition:
    """Where the reader left a document: page, offset (0..1) down the page, zoom."""

    page: int
    page_offset: float
    zoom: str


def get_document_position(db: sqlite3.Connection, file_id: str) -> DocumentPosition | None:
    row = db.execute(
        "SELECT page, page_offset, zoom FROM document_position WHERE file_id = ?", (file_id,)
    ).fetchone()
    if row is None:
        return None
    return DocumentPosition(int(row["page"]), float(row["page_offset"]), str(row["zoom"]))


def set_document_position(db: sqlite3.Connection, file_id: str, position: DocumentPosition) -> None:
    db.execute(
        "INSERT INTO document_position (file_id, page, page_offset, zoom, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (file_id) DO UPDATE SET page = excluded.page, "
        "page_offset = excluded.page_offset, zoom = excluded.zoom, "
        "updated_at = excluded.updated_at",
        (file_id, position.page, position.page_offset, position.zoom, utc_now()),
    )
