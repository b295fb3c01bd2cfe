"""Which file contents this machine keeps and a sync fetches; metadata is always complete.

In scope: every document of the meetings of the user's committees from
``days_back`` days ago on (all upcoming ones included), and of everything the
user pinned. Anything else is fetched when it is opened.

Out of scope, whatever the above says:

- documents past their retention period (:class:`RetentionPeriods`, counted from
  the last meeting that handles them): a non-public one (an agenda item that is not
  public, or a file marked confidential) ``non_public_days`` after that meeting,
  pinned or not; any other ``other_months`` after it, unless pinned;
- documents this machine must not hold (``revoked_file``): the server refused or
  removed them (asked again once the server changes their description), or they
  are the non-public documents of a committee the user's membership in ended.

``meetingapp.core.retention`` removes what falls out of scope in these ways; this
module only decides, so the sync and the retention agree.

A file in scope is fetched when this machine has no version of it, or when the
server's description no longer matches the version on disk (another checksum,
another ``modified``); the latter is a conditional request, so a file that did
not really change costs a 304.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from meetingapp.oparl.download import FileToFetch
from meetingapp.store import sql
from meetingapp.store.local import (
    FileVersion,
    latest_file_version,
    latest_file_versions,
    utc_now,
)
from meetingapp.store.timestamps import parse_timestamp

DEFAULT_DAYS_BACK = 60
DEFAULT_NON_PUBLIC_DAYS: Final = 30
DEFAULT_OTHER_MONTHS: Final = 12
MAX_NON_PUBLIC_DAYS: Final = 365
MAX_OTHER_MONTHS: Final = 120


class RemovalReason(StrEnum):
    """Why a document's content leaves this machine (the values the store keeps)."""

    NON_PUBLIC_EXPIRED = "non_public_expired"
    """Non-public, and its retention period after the meeting is over."""
    EXPIRED = "expired"
    """Its meeting is older than the retention period of other documents."""
    DENIED = "denied"
    """The server refuses it (401, 403)."""
    GONE = "gone"
    """Removed on the server: a tombstone, a 410, or no meeting or paper holds it."""
    MEMBERSHIP_ENDED = "membership_ended"
    """Non-public, of a committee the user's membership in has ended."""


REVOCATIONS: Final = frozenset(
    {RemovalReason.DENIED, RemovalReason.GONE, RemovalReason.MEMBERSHIP_ENDED}
)
"""The reasons that say the document is no longer the user's (not just old)."""


@dataclass(frozen=True)
class RetentionPeriods:
    """How long documents stay on this machine after the last meeting that handles them.

    A non-public document goes after ``non_public_days`` (or after ``other_months``,
    if that is sooner), pinned or not: a pin is coarse (a whole meeting), and
    confidential material must not stay for good because its meeting was pinned.
    Any other goes after ``other_months`` unless pinned; None keeps them.
    """

    non_public_days: int = DEFAULT_NON_PUBLIC_DAYS
    other_months: int | None = DEFAULT_OTHER_MONTHS

    def __post_init__(self) -> None:
        if not 1 <= self.non_public_days <= MAX_NON_PUBLIC_DAYS:
            raise ValueError(f"non-public documents are kept 1 to {MAX_NON_PUBLIC_DAYS} days")
        if self.other_months is not None and not 1 <= self.other_months <= MAX_OTHER_MONTHS:
            raise ValueError(f"other documents are kept 1 to {MAX_OTHER_MONTHS} months, or always")


@dataclass(frozen=True)
class SyncScope:
    committees: frozenset[str] | None = None
    """Organization ids of the user's committees; None means all of them."""
    days_back: int = DEFAULT_DAYS_BACK
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    retention: RetentionPeriods | None = None
    """The user's retention periods (the program passes its settings, whose defaults
    are the safe ones); None fetches regardless of age (a sync of all history)."""

    @property
    def earliest_start(self) -> datetime:
        return self.now - timedelta(days=self.days_back)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day
    when it is shorter: 31 March less one month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


# What each stored file belongs to ----------------------------------------------------

_FILE_PLACES: Final = """
SELECT l.file_id, l.owner_id, NULL AS item_id, m.id AS meeting_id, 0 AS secret
FROM file_link AS l JOIN meeting AS m ON m.id = l.owner_id
UNION ALL
SELECT l.file_id, l.owner_id, a.id, a.meeting_id,
    a.public = 0 OR a.confidential IS NOT NULL
FROM file_link AS l JOIN agenda_item AS a ON a.id = l.owner_id
UNION ALL
SELECT l.file_id, l.owner_id, a.id, a.meeting_id,
    a.public = 0 OR a.confidential IS NOT NULL
FROM file_link AS l JOIN consultation AS c ON c.paper_id = l.owner_id
JOIN agenda_item AS a ON a.id = c.agenda_item_id
UNION ALL
SELECT l.file_id, l.owner_id, a.id, a.meeting_id,
    a.public = 0 OR a.confidential IS NOT NULL
FROM agenda_item AS a JOIN consultation AS c ON c.id = a.consultation_id
JOIN file_link AS l ON l.owner_id = c.paper_id
UNION ALL
SELECT l.file_id, l.owner_id, NULL, NULL, 0 FROM file_link AS l JOIN paper AS p ON p.id = l.owner_id
"""
"""Every place a file is shown: the meeting itself, an agenda item, or a paper an
item treats (through the consultation either side names), with whether that item
is non-public; a paper's file also counts as held by the paper, meeting or not."""


def is_non_public(db: sql.Connection, file_id: str) -> bool:
    """Whether the file is non-public as retention counts it: marked confidential
    itself, or shown under an item that is not public or is confidential."""
    row = db.execute(
        "SELECT confidential IS NOT NULL FROM file WHERE id = ?", (file_id,)
    ).fetchone()
    if row is not None and row[0]:
        return True
    places = f"SELECT 1 FROM ({_FILE_PLACES}) WHERE file_id = ? AND secret LIMIT 1"
    return db.execute(places, (file_id,)).fetchone() is not None


@dataclass
class FileFacts:
    """What retention needs to know about one stored file."""

    file_id: str
    name: str
    meetings: set[str] = field(default_factory=set)
    items: dict[str, set[str]] = field(default_factory=dict)
    """Per meeting, the agenda items that show the file there."""
    non_public: bool = False
    pinned: bool = False
    """Kept offline by a pin of the file, its owner, its item or its meeting."""
    held_by_owner: bool = False
    """A meeting, agenda item or paper that still exists shows it."""
    date: datetime | None = None
    """The file's own date, for a file no meeting handles."""
    last_meeting: str | None = None
    last_start: datetime | None = None

    @property
    def counted_from(self) -> datetime | None:
        """The moment its retention counts from: its last meeting, else its own date."""
        return self.last_start or self.date


@dataclass(frozen=True)
class MeetingFacts:
    name: str
    start: datetime | None
    start_text: str | None
    organizations: frozenset[str]


def meeting_facts(db: sql.Connection) -> dict[str, MeetingFacts]:
    organizations: dict[str, set[str]] = {}
    for row in db.execute("SELECT meeting_id, organization_id FROM meeting_organization"):
        organizations.setdefault(row[0], set()).add(row[1])
    return {
        row["id"]: MeetingFacts(
            row["name"],
            parse_timestamp(row["start"]),
            row["start"],
            frozenset(organizations.get(row["id"], ())),
        )
        for row in db.execute("SELECT id, name, start FROM meeting")
    }


def pinned_ids(db: sql.Connection) -> set[str]:
    return {row["object_id"] for row in db.execute("SELECT object_id FROM pinned")}


def file_facts(
    db: sql.Connection, meetings: dict[str, MeetingFacts] | None = None
) -> dict[str, FileFacts]:
    """Every stored file with its meetings, marks and pins, in a few queries."""
    meetings = meeting_facts(db) if meetings is None else meetings
    pinned = pinned_ids(db)
    facts: dict[str, FileFacts] = {}
    for row in db.execute("SELECT id, name, file_name, confidential, date FROM file"):
        facts[row["id"]] = FileFacts(
            row["id"],
            row["name"] or row["file_name"] or "",
            non_public=row["confidential"] is not None,
            pinned=row["id"] in pinned,
            date=parse_timestamp(row["date"]),
        )
    for row in db.execute(_FILE_PLACES):
        fact = facts.get(row["file_id"])
        if fact is None:
            continue
        fact.held_by_owner = True
        fact.non_public = fact.non_public or bool(row["secret"])
        fact.pinned = fact.pinned or not pinned.isdisjoint(
            (row["owner_id"], row["item_id"], row["meeting_id"])
        )
        meeting_id = row["meeting_id"]
        if meeting_id is not None:
            fact.meetings.add(meeting_id)
            if row["item_id"] is not None:
                fact.items.setdefault(meeting_id, set()).add(row["item_id"])
    for fact in facts.values():
        _find_last_meeting(fact, meetings)
    return facts


def _find_last_meeting(fact: FileFacts, meetings: dict[str, MeetingFacts]) -> None:
    for meeting_id in fact.meetings:
        start = meetings[meeting_id].start if meeting_id in meetings else None
        if start is not None and (fact.last_start is None or start > fact.last_start):
            fact.last_meeting, fact.last_start = meeting_id, start
    if fact.last_meeting is None and fact.meetings:
        fact.last_meeting = min(fact.meetings)  # none with a usable date: kept by time


def expiry(fact: FileFacts, periods: RetentionPeriods, now: datetime) -> RemovalReason | None:
    """Whether the file's retention period is over, and which one."""
    moment = fact.counted_from
    if moment is None:
        return None  # no date to count from: nothing expires by time
    older_than_months = periods.other_months is not None and moment < months_before(
        now, periods.other_months
    )
    if fact.non_public:
        if moment + timedelta(days=periods.non_public_days) < now:
            return RemovalReason.NON_PUBLIC_EXPIRED
        return RemovalReason.EXPIRED if older_than_months else None
    return RemovalReason.EXPIRED if older_than_months and not fact.pinned else None


def expired_files(
    facts: dict[str, FileFacts], periods: RetentionPeriods, now: datetime
) -> dict[str, RemovalReason]:
    found = {}
    for file_id, fact in facts.items():
        reason = expiry(fact, periods, now)
        if reason is not None:
            found[file_id] = reason
    return found


# Revocations ---------------------------------------------------------------------------


def revoke_file(
    db: sql.Connection, file_id: str, reason: RemovalReason, detail: str | None
) -> None:
    """Record that this machine must not hold the file (call inside a write)."""
    db.execute(
        "INSERT INTO revoked_file (file_id, reason, detail, name, file_modified, revoked_at) "
        "SELECT id, ?, ?, COALESCE(NULLIF(name, ''), file_name, ''), modified, ? "
        "FROM file WHERE id = ? ON CONFLICT (file_id) DO UPDATE SET reason = excluded.reason, "
        "detail = excluded.detail, name = excluded.name, "
        "file_modified = excluded.file_modified, revoked_at = excluded.revoked_at",
        (reason.value, detail, utc_now(), file_id),
    )


def is_revoked(db: sql.Connection, file_id: str) -> bool:
    row = db.execute("SELECT 1 FROM revoked_file WHERE file_id = ?", (file_id,)).fetchone()
    return row is not None


def standing_revocations(db: sql.Connection) -> set[str]:
    """The files the scope leaves alone: a membership ended, or the server refused
    or removed them and has not changed their description since."""
    rows = db.execute(
        "SELECT r.file_id FROM revoked_file AS r JOIN file AS f ON f.id = r.file_id "
        "WHERE r.reason = 'membership_ended' OR f.modified IS r.file_modified"
    )
    return {row[0] for row in rows}


# Files to fetch --------------------------------------------------------------------------


def _scoped_meetings(db: sql.Connection, scope: SyncScope, pinned: set[str]) -> set[str]:
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


def _scoped_owner_ids(db: sql.Connection, scope: SyncScope) -> set[str]:
    """Everything whose files are kept offline: the scoped meetings, their agenda
    items and the papers those items treat; pinned items bring their papers too."""
    pinned = pinned_ids(db)
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


def describe_file(row: sql.Row, version: FileVersion | None) -> FileToFetch:
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


def file_to_fetch(db: sql.Connection, file_id: str) -> FileToFetch | None:
    """One file to fetch now (opened by the user), None if unknown or without URL.

    Retention does not stop this: what the user opens is fetched if the server
    gives it, and goes again when its retention run comes (see ``retention``).
    """
    row = db.execute("SELECT * FROM file WHERE id = ?", (file_id,)).fetchone()
    if row is None or not (row["download_url"] or row["access_url"]):
        return None
    return describe_file(row, latest_file_version(db, file_id))


def _is_stale(row: sql.Row, version: FileVersion | None) -> bool:
    """True when this machine has no version, or the server describes another one."""
    if version is None:
        return True
    declared = (row["sha512"] or "").lower()
    if declared and version.sha512 and declared != version.sha512:
        return True
    return bool(row["modified"]) and row["modified"] != version.source_modified


def _owners_by_file(db: sql.Connection) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {}
    for row in db.execute("SELECT file_id, owner_id FROM file_link"):
        owners.setdefault(row["file_id"], set()).add(row["owner_id"])
    return owners


def not_to_keep(db: sql.Connection, scope: SyncScope) -> set[str]:
    """The files that must not be fetched by a sync: expired or revoked."""
    revoked = standing_revocations(db)
    if scope.retention is None:
        return revoked
    return set(expired_files(file_facts(db), scope.retention, scope.now)) | revoked


def files_to_fetch(db: sql.Connection, scope: SyncScope) -> list[FileToFetch]:
    """The files in scope whose content this machine lacks or has in an old version."""
    in_scope = _scoped_owner_ids(db, scope)
    owners = _owners_by_file(db)
    versions = latest_file_versions(db)
    excluded = not_to_keep(db, scope)
    wanted = []
    for row in db.execute(
        "SELECT * FROM file WHERE COALESCE(download_url, access_url) IS NOT NULL ORDER BY id"
    ):
        file_id = row["id"]
        if file_id not in owners or file_id in excluded:
            continue
        if file_id not in in_scope and in_scope.isdisjoint(owners[file_id]):
            continue
        if _is_stale(row, versions.get(file_id)):
            wanted.append(describe_file(row, versions.get(file_id)))
    return wanted
