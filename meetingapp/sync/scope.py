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

from meetingapp.store.local import FileVersion, latest_file_version, latest_file_versions
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


def describe_file(row: sqlite3.Row, version: FileVersion | None) -> FileToFetch:
    """A stored file as the downloader needs it, with its current local version."""
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
    return describe_file(row, latest_file_version(db, file_id))


def _is_stale(row: sqlite3.Row, version: FileVersion | None) -> bool:
    """True when this machine has no version, or the server describes another one."""
    if version is None:
        return True
    declared = (row["sha512"] or "").lower()
    if declared and version.sha512 and declared != version.sha512:
        return True
    return bool(row["modified"]) and row["modified"] != version.source_modified


def _owners_by_file(db: sqlite3.Connection) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {}
    for row in db.execute("SELECT file_id, owner_id FROM file_link"):
        owners.setdefault(row["file_id"], set()).add(row["owner_id"])
    return owners


def files_to_fetch(db: sqlite3.Connection, scope: SyncScope) -> list[FileToFetch]:
    """The files in scope whose content this machine lacks or has in an old version."""
    in_scope = _scoped_owner_ids(db, scope)
    owners = _owners_by_file(db)
    versions = latest_file_versions(db)
    wanted = []
    for row in db.execute(
        "SELECT * FROM file WHERE COALESCE(download_url, access_url) IS NOT NULL ORDER BY id"
    ):
        file_id = row["id"]
        if file_id not in owners:
            continue
        if file_id not in in_scope and in_scope.isdisjoint(owners[file_id]):
            continue
        if _is_stale(row, versions.get(file_id)):
            wanted.append(describe_file(row, versions.get(file_id)))
    return wanted
