"""Which file contents a sync fetches; metadata is always complete.

In scope: every document of the meetings of the user's committees from
``days_back`` days ago on (all upcoming ones included), and of everything the
user pinned. Anything else is fetched when it is opened.

A file in scope is fetched when this machine has no version of it, or when the
server's description no longer matches the version on disk (another checksum,
another ``modified``); the latter is a conditional request, so a file that did
not really change costs a 304.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from meetingapp.store.local import latest_file_version
from meetingapp.store.timestamps import parse_timestamp
from meetingapp.sync.download import FileToFetch

DEFAULT_DAYS_BACK = 60


@dataclass(frozen=True)
class SyncScope:
    committees: frozenset[str] | None = None
    """Organization ids of the user's committees; None means all of them."""
    days_back: int = DEFAULT_DAYS_BACK
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def earliest_start(self) -> datetime:
        return self.now - timedelta(days=self.days_back)


def _recent_or_pinned_meetings(db: sqlite3.Connection, scope: SyncScope) -> set[str]:
    """Meetings from ``days_back`` on, pinned ones, and those without a usable date."""
    pinned = {row["object_id"] for row in db.execute("SELECT object_id FROM pinned")}
    meetings = set()
    for row in db.execute("SELECT id, start FROM meeting"):
        start = parse_timestamp(row["start"])
        if start is None or start >= scope.earliest_start or row["id"] in pinned:
            meetings.add(row["id"])
    return meetings


def _scoped_owner_ids(db: sqlite3.Connection, scope: SyncScope) -> set[str]:
    meetings = _recent_or_pinned_meetings(db, scope)
    if scope.committees is not None:
        of_committees = {
            row["meeting_id"]
            for row in db.execute("SELECT meeting_id, organization_id FROM meeting_organization")
            if row["organization_id"] in scope.committees
        }
        pinned = {row["object_id"] for row in db.execute("SELECT object_id FROM pinned")}
        meetings = {m for m in meetings if m in of_committees or m in pinned}
    owners = set(meetings)
    for row in db.execute("SELECT id, meeting_id, consultation_id FROM agenda_item"):
        if row["meeting_id"] in meetings:
            owners.add(row["id"])
    for row in db.execute(
        "SELECT c.paper_id, a.meeting_id FROM consultation AS c JOIN agenda_item AS a "
        "ON a.id = c.agenda_item_id OR a.consultation_id = c.id"
    ):
        if row["meeting_id"] in meetings and row["paper_id"]:
            owners.add(row["paper_id"])
    owners |= {row["object_id"] for row in db.execute("SELECT object_id FROM pinned")}
    return owners


def describe_file(db: sqlite3.Connection, row: sqlite3.Row) -> FileToFetch:
    """A stored file as the downloader needs it, with its current local version."""
    version = latest_file_version(db, row["id"])
    return FileToFetch(
        file_id=row["id"],
        url=row["download_url"] or row["access_url"],
        size=row["size"],
        sha512=row["sha512"],
        sha1=row["sha1"],
        mime_type=row["mime_type"],
        modified=row["modified"],
        current_version_id=version.id if version else None,
        current_etag=version.etag if version else None,
    )


def file_to_fetch(db: sqlite3.Connection, file_id: str) -> FileToFetch | None:
    """One file to fetch now (opened by the user), None if unknown or without URL."""
    row = db.execute("SELECT * FROM file WHERE id = ?", (file_id,)).fetchone()
    if row is None or not (row["download_url"] or row["access_url"]):
        return None
    return describe_file(db, row)


def _needs_fetch(row: sqlite3.Row, db: sqlite3.Connection) -> FileToFetch | None:
    wanted = describe_file(db, row)
    version = latest_file_version(db, row["id"])
    if version is None:
        return wanted
    declared = (row["sha512"] or "").lower()
    if declared and version.sha512 and declared != version.sha512:
        return wanted
    if row["modified"] and row["modified"] != version.source_modified:
        return wanted
    return None


def files_to_fetch(db: sqlite3.Connection, scope: SyncScope) -> list[FileToFetch]:
    owners = _scoped_owner_ids(db, scope)
    rows = db.execute(
        "SELECT DISTINCT f.* FROM file AS f JOIN file_link AS l ON l.file_id = f.id "
        "WHERE COALESCE(f.download_url, f.access_url) IS NOT NULL ORDER BY f.id"
    ).fetchall()
    pinned_files = {row["object_id"] for row in db.execute("SELECT object_id FROM pinned")}
    in_scope = [
        row for row in rows if row["id"] in pinned_files or _owner_in(db, row["id"], owners)
    ]
    return [wanted for row in in_scope if (wanted := _needs_fetch(row, db)) is not None]


def _owner_in(db: sqlite3.Connection, file_id: str, owners: set[str]) -> bool:
    return any(
        row["owner_id"] in owners
        for row in db.execute("SELECT owner_id FROM file_link WHERE file_id = ?", (file_id,))
    )
