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


def _pinned(db: sqlite3.Connection) -> set[str]:
    return {row["object_id"] for row in db.execute("SELECT object_id FROM pinned")}


def _scoped_meetings(db: sqlite3.Connection, scope: SyncScope, pinned: set[str]) -> set[str]:
    """The user's committees' meetings from ``days_back`` on (and those without a
    usable date), plus pinned meetings."""
    of_committees: set[str] | None = None
    if scope.committees is not None:
        of_committees = {
            row["meeting_id"]
            for row in db.execute("SELECT meeting_id, organization_id FROM meeting_organization")
            if row["organization_id"] in scope.committees
        }
    meetings = set()
    for row in db.execute("SELECT id, start FROM meeting"):
        start = parse_timestamp(row["start"])
        recent = start is None or start >= scope.earliest_start
        mine = of_committees is None or row["id"] in of_committees
        if (recent and mine) or row["id"] in pinned:
            meetings.add(row["id"])
    return meetings


def _scoped_owner_ids(db: sqlite3.Connection, scope: SyncScope) -> set[str]:
    """Everything whose files are kept offline: the scoped meetings, their agenda
    items and the papers those items treat; pinned items bring their papers too."""
    pinned = _pinned(db)
    meetings = _scoped_meetings(db, scope, pinned)
    items = {
        row["id"]
        for row in db.execute("SELECT id, meeting_id FROM agenda_item")
        if row["meeting_id"] in meetings or row["id"] in pinned
    }
    papers = {
        row["paper_id"]
        for row in db.execute(
            "SELECT c.paper_id, a.id AS item_id FROM consultation AS c JOIN agenda_item AS a "
            "ON a.id = c.agenda_item_id OR a.consultation_id = c.id"
        )
        if row["item_id"] in items and row["paper_id"]
    }
    return meetings | items | papers | pinned


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
    in_scope = [row for row in rows if row["id"] in owners or _owner_in(db, row["id"], owners)]
    return [wanted for row in in_scope if (wanted := _needs_fetch(row, db)) is not None]


def _owner_in(db: sqlite3.Connection, file_id: str, owners: set[str]) -> bool:
    return any(
        row["owner_id"] in owners
        for row in db.execute("SELECT owner_id FROM file_link WHERE file_id = ?", (file_id,))
    )
