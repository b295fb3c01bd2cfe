"""What only this machine knows: fetched file versions, reading state, app state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from meetingapp.store import sql


def utc_now() -> str:
    """Current time as an ISO 8601 UTC timestamp without microseconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def precise_now() -> str:
    """Current UTC time with microseconds: orders versions fetched in one second.

    Always with six decimals, in the format the store's triggers write
    (``object_arrival``), so moments compare as strings.
    """
    return datetime.now(UTC).isoformat(timespec="microseconds")


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
    page_count: int | None = None
    """Pages of this version, None while unknown."""


def _version(row: sql.Row | None) -> FileVersion | None:
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
        page_count=row["page_count"],
    )


def record_file_version(
    db: sql.Connection,
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
        (file_id, blob_sha256, size, source_modified, precise_now(), sha512, etag),
    )
    row = db.execute(
        "SELECT id FROM file_version WHERE file_id = ? AND blob_sha256 = ?",
        (file_id, blob_sha256),
    ).fetchone()
    return int(row["id"])


def latest_file_version(db: sql.Connection, file_id: str) -> FileVersion | None:
    row = db.execute(
        "SELECT * FROM file_version WHERE file_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1",
        (file_id,),
    ).fetchone()
    return _version(row)


def latest_file_versions(db: sql.Connection) -> dict[str, FileVersion]:
    """The current version of every file that has one, in one query."""
    latest: dict[str, FileVersion] = {}
    for row in db.execute("SELECT * FROM file_version ORDER BY fetched_at, id"):
        version = _version(row)
        if version is not None:
            latest[version.file_id] = version
    return latest


def get_app_state(db: sql.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row["value"])


def set_app_state(db: sql.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO app_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def mark_read(db: sql.Connection, file_id: str, version_id: int | None, page: int) -> None:
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


def get_document_position(db: sql.Connection, file_id: str) -> DocumentPosition | None:
    row = db.execute(
        "SELECT page, page_offset, zoom FROM document_position WHERE file_id = ?", (file_id,)
    ).fetchone()
    if row is None:
        return None
    return DocumentPosition(int(row["page"]), float(row["page_offset"]), str(row["zoom"]))


def set_document_position(db: sql.Connection, file_id: str, position: DocumentPosition) -> None:
    db.execute(
        "INSERT INTO document_position (file_id, page, page_offset, zoom, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (file_id) DO UPDATE SET page = excluded.page, "
        "page_offset = excluded.page_offset, zoom = excluded.zoom, "
        "updated_at = excluded.updated_at",
        (file_id, position.page, position.page_offset, position.zoom, utc_now()),
    )


def mark_meeting_seen(db: sql.Connection, meeting_id: str, when: str | None = None) -> None:
    """The user looked at the meeting: what it holds now is no longer news."""
    db.execute(
        "INSERT INTO meeting_seen (meeting_id, seen_at) VALUES (?, ?) "
        "ON CONFLICT (meeting_id) DO UPDATE SET seen_at = excluded.seen_at",
        (meeting_id, when or precise_now()),
    )


def record_download_failures(db: sql.Connection, failures: Iterable[tuple[str, str]]) -> None:
    """Remember why files could not be fetched (file id, reason), the last failure each."""
    now = utc_now()
    db.executemany(
        "INSERT INTO download_failure (file_id, reason, failed_at) VALUES (?, ?, ?) "
        "ON CONFLICT (file_id) DO UPDATE SET reason = excluded.reason, "
        "failed_at = excluded.failed_at",
        [(file_id, reason, now) for file_id, reason in failures],
    )


def clear_download_failures(db: sql.Connection, file_ids: Iterable[str]) -> None:
    """The files were fetched after all."""
    db.executemany(
        "DELETE FROM download_failure WHERE file_id = ?", [(file_id,) for file_id in file_ids]
    )


def failed_file_ids(db: sql.Connection) -> set[str]:
    return {str(row[0]) for row in db.execute("SELECT file_id FROM download_failure")}


def record_page_counts(db: sql.Connection, counts: Iterable[tuple[int, int | None]]) -> None:
    """Record the pages of file versions (version id, count); None: MuPDF could not
    tell, so the version is not tried again (the count stays unknown)."""
    now = utc_now()
    db.executemany(
        "UPDATE file_version SET page_count = COALESCE(?, page_count), "
        "page_count_checked_at = ? WHERE id = ?",
        [(count, now, version_id) for version_id, count in counts],
    )


@dataclass(frozen=True)
class UncountedVersion:
    """A current file version whose pages have not been counted yet."""

    version_id: int
    blob_sha256: str
    file_name: str | None
    mime_type: str | None


def uncounted_versions(db: sql.Connection) -> list[UncountedVersion]:
    """Current versions (the ones shown) without a page count, never tried before.

    Older versions are left out: nobody is shown their page count.
    """
    rows = db.execute(
        "SELECT v.id, v.blob_sha256, f.file_name, f.mime_type FROM file_version AS v "
        "LEFT JOIN file AS f ON f.id = v.file_id "
        "WHERE v.page_count IS NULL AND v.page_count_checked_at IS NULL AND v.id = ("
        "SELECT c.id FROM file_version AS c WHERE c.file_id = v.file_id "
        "ORDER BY c.fetched_at DESC, c.id DESC LIMIT 1) ORDER BY v.id"
    )
    return [
        UncountedVersion(row["id"], row["blob_sha256"], row["file_name"], row["mime_type"])
        for row in rows
    ]
