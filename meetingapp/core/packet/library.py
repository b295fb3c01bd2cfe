"""The library: committees, meetings, agendas and documents as the reader sees them.

A read-only view over the store, shaped for the screens: meetings of a committee
come upcoming first, an item's documents come tjänsteskrivelse first and then the
bilagor in order, and every document says whether it is on this machine, whether
it was read (and in which version), and how many pages it has.

News: a meeting's documents that arrived since the user last looked at the
meeting are new; one that got another version since then is changed. A meeting
never looked at counts from the first complete sync of its source, so the first
run shows no badges but a meeting published later shows all of its documents as
new. Moments are ISO 8601 UTC strings with microseconds (``precise_now``), which
compare as strings.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from meetingapp.oparl.scope import is_non_public
from meetingapp.store import BlobError, Store, sql
from meetingapp.store.local import latest_file_version
from meetingapp.store.removed import RemovedObject
from meetingapp.store.timestamps import parse_timestamp


class MeetingState(Enum):
    UPCOMING = "upcoming"
    HELD = "held"
    CANCELLED = "cancelled"


class DocumentRole(Enum):
    INVITATION = "invitation"
    RESULTS_PROTOCOL = "resultsProtocol"
    VERBATIM_PROTOCOL = "verbatimProtocol"
    MAIN = "main"
    AUXILIARY = "auxiliary"
    RESOLUTION = "resolution"


MEETING_ROLES = (
    DocumentRole.INVITATION,
    DocumentRole.RESULTS_PROTOCOL,
    DocumentRole.VERBATIM_PROTOCOL,
    DocumentRole.AUXILIARY,
)
"""The roles of a meeting's own documents, in the order they are listed."""
PAPER_ROLES = (DocumentRole.MAIN, DocumentRole.AUXILIARY)
ITEM_ROLES = (DocumentRole.AUXILIARY, DocumentRole.RESOLUTION)


class OfflineState(Enum):
    DOWNLOADED = "downloaded"
    NOT_DOWNLOADED = "not_downloaded"
    FAILED = "failed"
    """Not on this machine, and the last attempt to fetch it failed."""


class ReadState(Enum):
    UNREAD = "unread"
    """Never opened."""
    CHANGED = "changed"
    """Opened, but a newer version arrived since."""
    READ = "read"


@dataclass(frozen=True)
class Committee:
    id: str
    name: str
    short_name: str | None


@dataclass(frozen=True)
class PersonRef:
    id: str
    name: str


@dataclass(frozen=True)
class MembershipRef:
    organization_id: str
    role: str | None
    voting_right: bool | None


@dataclass(frozen=True)
class MeetingSummary:
    id: str
    name: str
    start: datetime | None
    end: datetime | None
    location: str | None
    state: MeetingState
    committee_ids: tuple[str, ...]


@dataclass(frozen=True)
class PaperRef:
    id: str
    name: str
    reference: str | None
    paper_type: str | None


@dataclass(frozen=True)
class AgendaEntry:
    id: str
    position: int
    number: str | None
    name: str
    public: bool
    confidential: str | None
    late_item: bool
    result: str | None
    resolution_text: str | None
    paper: PaperRef | None


@dataclass(frozen=True)
class Document:
    file_id: str
    name: str
    file_name: str | None
    mime_type: str | None
    size: int | None
    role: DocumentRole
    confidential: str | None
    local_path: Path | None
    version_id: int | None = None
    """The file version ``local_path`` holds (None when not on this machine)."""
    page_count: int | None = None
    """Pages of the current version, None while unknown."""
    read_state: ReadState = ReadState.UNREAD
    failure: str | None = None
    """Why the last attempt to fetch it failed, if it did and none succeeded since."""

    @property
    def is_pdf(self) -> bool:
        return self.mime_type == "application/pdf" or (self.file_name or "").lower().endswith(
            ".pdf"
        )

    @property
    def file_type(self) -> str | None:
        """The format as a file extension ("pdf", "png"…), for the render worker."""
        return file_type_of(self.file_name, self.mime_type) or ("pdf" if self.is_pdf else None)

    @property
    def offline_state(self) -> OfflineState:
        if self.local_path is not None:
            return OfflineState.DOWNLOADED
        return OfflineState.FAILED if self.failure else OfflineState.NOT_DOWNLOADED


def file_type_of(file_name: str | None, mime_type: str | None) -> str | None:
    """The format as a file extension ("pdf", "png"…), from the name or the MIME type."""
    suffix = Path(file_name or "").suffix.lower().lstrip(".")
    if suffix:
        return suffix
    if mime_type:
        guessed = mimetypes.guess_extension(mime_type.split(";")[0].strip())
        if guessed:
            return guessed.lstrip(".")
    return None


@dataclass(frozen=True)
class MeetingNews:
    """What is new in a meeting since the user last looked at it."""

    since: str | None
    """The moment news is counted from (None: no sync has completed, nothing is news)."""
    new_meeting: bool = False
    """The meeting itself appeared after the baseline and was never looked at."""
    new_file_ids: frozenset[str] = frozenset()
    changed_file_ids: frozenset[str] = frozenset()
    """Documents known before ``since`` with another version since."""

    @property
    def is_empty(self) -> bool:
        return not (self.new_meeting or self.new_file_ids or self.changed_file_ids)


@dataclass(frozen=True)
class ReadingProgress:
    """How many of a meeting's (or an item's) documents were read in their current version."""

    read: int
    total: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.read == self.total

    @classmethod
    def of(cls, documents: Iterable[Document]) -> ReadingProgress:
        """Counted once per file, however often it is listed."""
        states = {document.file_id: document.read_state for document in documents}
        read = sum(1 for state in states.values() if state is ReadState.READ)
        return cls(read, len(states))


@dataclass(frozen=True)
class MeetingOverview:
    news: MeetingNews
    progress: ReadingProgress = field(default_factory=lambda: ReadingProgress(0, 0))


def read_state_of(
    opened: bool, read_version_id: int | None, current_version_id: int | None
) -> ReadState:
    """UNREAD if never opened; CHANGED if the version opened is not the current one."""
    if not opened:
        return ReadState.UNREAD
    if current_version_id is not None and read_version_id != current_version_id:
        return ReadState.CHANGED
    return ReadState.READ


_CURRENT_VERSION = (
    "(SELECT c.id FROM file_version AS c WHERE c.file_id = {file} "
    "ORDER BY c.fetched_at DESC, c.id DESC LIMIT 1)"
)
"""The id of a file's current version: the one fetched last."""

_DOCUMENT_QUERY = (
    "SELECT f.*, {role} AS role, v.id AS current_version_id, v.blob_sha256, v.page_count, "
    "r.file_id IS NOT NULL AS opened, r.file_version_id AS read_version_id, "
    "d.reason AS failure FROM {source} "
    "LEFT JOIN file_version AS v ON v.id = " + _CURRENT_VERSION.format(file="f.id") + " "
    "LEFT JOIN read_state AS r ON r.file_id = f.id "
    "LEFT JOIN download_failure AS d ON d.file_id = f.id "
)
"""A document with its current version, reading state and last failure, in one row."""


def _meeting_files_query(one_meeting: bool) -> str:
    """Every (meeting, file) pair the agenda shows, with what news and progress need.

    Mirrors ``Library.meeting_documents`` and ``Library.item_documents``: the
    meeting's own files, and per agenda item its paper's (the first consultation's)
    and its own, in the roles listed there.
    """
    item_filter = "a.meeting_id = :meeting" if one_meeting else "1"
    owner_filter = (
        "l.owner_id = :meeting" if one_meeting else "l.owner_id IN (SELECT id FROM meeting)"
    )
    roles = {
        name: ", ".join(f"'{role.value}'" for role in group)
        for name, group in (
            ("meeting", MEETING_ROLES),
            ("paper", PAPER_ROLES),
            ("item", ITEM_ROLES),
        )
    }
    return f"""
WITH item AS (
    SELECT a.id, a.meeting_id, (
        SELECT c.paper_id FROM consultation AS c JOIN paper AS p ON p.id = c.paper_id
        WHERE c.agenda_item_id = a.id OR c.id = a.consultation_id ORDER BY c.id LIMIT 1
    ) AS paper_id
    FROM agenda_item AS a WHERE {item_filter}
),
meeting_file (meeting_id, file_id) AS (
    SELECT l.owner_id, l.file_id FROM file_link AS l
    WHERE {owner_filter} AND l.role IN ({roles["meeting"]})
    UNION
    SELECT i.meeting_id, l.file_id FROM item AS i JOIN file_link AS l ON l.owner_id = i.paper_id
    WHERE l.role IN ({roles["paper"]})
    UNION
    SELECT i.meeting_id, l.file_id FROM item AS i JOIN file_link AS l ON l.owner_id = i.id
    WHERE l.role IN ({roles["item"]})
)
SELECT mf.meeting_id, mf.file_id, arrival.arrived_at, v.id AS current_version_id, v.fetched_at,
    EXISTS (SELECT 1 FROM file_version AS o WHERE o.file_id = mf.file_id AND o.id <> v.id)
        AS has_older,
    r.file_id IS NOT NULL AS opened, r.file_version_id AS read_version_id
FROM meeting_file AS mf
JOIN file AS f ON f.id = mf.file_id
LEFT JOIN object_arrival AS arrival ON arrival.object_id = mf.file_id
LEFT JOIN file_version AS v ON v.id = {_CURRENT_VERSION.format(file="mf.file_id")}
LEFT JOIN read_state AS r ON r.file_id = mf.file_id
"""


def _baselines_query(one_meeting: bool) -> str:
    """Per meeting: when it was last looked at, its source's first success, its arrival."""
    return (
        "SELECT m.id, seen.seen_at, arrival.arrived_at, COALESCE(state.first_success, "
        "(SELECT MIN(first_success) FROM sync_state)) AS baseline FROM meeting AS m "
        "LEFT JOIN meeting_seen AS seen ON seen.meeting_id = m.id "
        "LEFT JOIN body AS b ON b.id = m.body_id "
        "LEFT JOIN sync_state AS state ON state.source_id = b.source_id "
        "LEFT JOIN object_arrival AS arrival ON arrival.object_id = m.id"
        + (" WHERE m.id = :meeting" if one_meeting else "")
    )


def _since(seen_at: str | None, baseline: str | None) -> str | None:
    """News counts from the last look, but never from before the baseline."""
    if baseline is None:
        return None
    return max(seen_at, baseline) if seen_at else baseline


def _is_after(moment: str | None, since: str | None) -> bool:
    return moment is not None and since is not None and moment > since


@dataclass
class _Tally:
    """What one meeting's files add up to while the rows are read."""

    since: str | None
    new_meeting: bool
    new: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    read: int = 0
    total: int = 0

    def add(self, row: sql.Row) -> None:
        file_id = row["file_id"]
        self.total += 1
        if (
            read_state_of(bool(row["opened"]), row["read_version_id"], row["current_version_id"])
            is ReadState.READ
        ):
            self.read += 1
        if _is_after(row["arrived_at"], self.since):
            self.new.add(file_id)
        elif row["has_older"] and _is_after(row["fetched_at"], self.since):
            self.changed.add(file_id)

    def overview(self) -> MeetingOverview:
        news = MeetingNews(
            self.since, self.new_meeting, frozenset(self.new), frozenset(self.changed)
        )
        return MeetingOverview(news, ReadingProgress(self.read, self.total))


def _meeting_state(row: sql.Row, now: datetime) -> MeetingState:
    if row["cancelled"]:
        return MeetingState.CANCELLED
    end = parse_timestamp(row["end"]) or parse_timestamp(row["start"])
    if end is not None and end < now:
        return MeetingState.HELD
    return MeetingState.UPCOMING


def upcoming_first(meetings: list[MeetingSummary], now: datetime) -> list[MeetingSummary]:
    """Upcoming meetings soonest first, then past ones most recent first."""
    far_past = datetime.min.replace(tzinfo=UTC)

    def key(meeting: MeetingSummary) -> tuple[int, float]:
        start = meeting.start or far_past
        if meeting.state is not MeetingState.HELD and start >= now:
            return (0, start.timestamp())
        return (1, -start.timestamp() if meeting.start else float("inf"))

    return sorted(meetings, key=key)


class Library:
    """Read access to what has been synced."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def _db(self) -> sql.Connection:
        return self.store.db.read()

    def committees(self) -> list[Committee]:
        """Organizations that hold meetings, alphabetically."""
        rows = self._db.execute(
            "SELECT o.id, o.name, o.short_name FROM organization AS o "
            "WHERE EXISTS (SELECT 1 FROM meeting_organization AS mo "
            "WHERE mo.organization_id = o.id) ORDER BY o.name COLLATE NOCASE"
        )
        return [Committee(row["id"], row["name"], row["short_name"]) for row in rows]

    def persons(self) -> list[PersonRef]:
        """People with a membership in a committee, by name."""
        rows = self._db.execute(
            "SELECT DISTINCT p.id, p.name FROM person AS p JOIN membership AS m "
            "ON m.person_id = p.id ORDER BY p.family_name COLLATE NOCASE, p.name COLLATE NOCASE"
        )
        return [PersonRef(row["id"], row["name"]) for row in rows]

    def current_memberships(self, person_id: str, today: str | None = None) -> list[MembershipRef]:
        """The person's memberships that have not ended (``today``: ISO date)."""
        today = today or datetime.now(UTC).date().isoformat()
        rows = self._db.execute(
            "SELECT organization_id, role, voting_right FROM membership WHERE person_id = ? "
            "AND organization_id IS NOT NULL AND (end_date IS NULL OR end_date >= ?)",
            (person_id, today),
        )
        return [
            MembershipRef(
                row["organization_id"],
                row["role"],
                None if row["voting_right"] is None else bool(row["voting_right"]),
            )
            for row in rows
        ]

    def meetings(
        self, committee_id: str | None = None, now: datetime | None = None
    ) -> list[MeetingSummary]:
        """Meetings (of one committee, or all), upcoming first."""
        now = now or datetime.now(UTC)
        query = "SELECT m.* FROM meeting AS m"
        parameters: tuple[str, ...] = ()
        if committee_id is not None:
            query += (
                " JOIN meeting_organization AS mo ON mo.meeting_id = m.id"
                " WHERE mo.organization_id = ?"
            )
            parameters = (committee_id,)
        meetings = [self._summary(row, now) for row in self._db.execute(query, parameters)]
        return upcoming_first(meetings, now)

    def meeting(self, meeting_id: str, now: datetime | None = None) -> MeetingSummary | None:
        row = self._db.execute("SELECT * FROM meeting WHERE id = ?", (meeting_id,)).fetchone()
        return None if row is None else self._summary(row, now or datetime.now(UTC))

    def _summary(self, row: sql.Row, now: datetime) -> MeetingSummary:
        committee_ids = tuple(
            link["organization_id"]
            for link in self._db.execute(
                "SELECT organization_id FROM meeting_organization WHERE meeting_id = ?",
                (row["id"],),
            )
        )
        return MeetingSummary(
            id=row["id"],
            name=row["name"],
            start=parse_timestamp(row["start"]),
            end=parse_timestamp(row["end"]),
            location=row["location"],
            state=_meeting_state(row, now),
            committee_ids=committee_ids,
        )

    def agenda(self, meeting_id: str) -> list[AgendaEntry]:
        rows = self._db.execute(
            "SELECT * FROM agenda_item WHERE meeting_id = ? ORDER BY position, id",
            (meeting_id,),
        ).fetchall()
        return [self._agenda_entry(row) for row in rows]

    def _agenda_entry(self, row: sql.Row) -> AgendaEntry:
        return AgendaEntry(
            id=row["id"],
            position=row["position"],
            number=row["number"],
            name=row["name"],
            public=bool(row["public"]),
            confidential=row["confidential"],
            late_item=bool(row["late_item"]),
            result=row["result"],
            resolution_text=row["resolution_text"],
            paper=self._paper_of_item(row["id"], row["consultation_id"]),
        )

    def _paper_of_item(self, item_id: str, consultation_id: str | None) -> PaperRef | None:
        row = self._db.execute(
            "SELECT p.id, p.name, p.reference, p.paper_type FROM consultation AS c "
            "JOIN paper AS p ON p.id = c.paper_id "
            "WHERE c.agenda_item_id = ? OR c.id = ? ORDER BY c.id LIMIT 1",
            (item_id, consultation_id),
        ).fetchone()
        if row is None:
            return None
        return PaperRef(row["id"], row["name"], row["reference"], row["paper_type"])

    def meeting_documents(self, meeting_id: str) -> list[Document]:
        """The kallelse, the protokoll and other files of the meeting itself."""
        return self._documents(meeting_id, MEETING_ROLES)

    def item_documents(self, item: AgendaEntry) -> list[Document]:
        """Tjänsteskrivelse first, then the bilagor in order, then the item's own files."""
        documents: list[Document] = []
        if item.paper is not None:
            documents += self._documents(item.paper.id, PAPER_ROLES)
        documents += self._documents(item.id, ITEM_ROLES)
        return documents

    def document(self, file_id: str) -> Document | None:
        row = self._db.execute(
            _DOCUMENT_QUERY.format(
                role="COALESCE((SELECT l.role FROM file_link AS l WHERE l.file_id = f.id "
                "LIMIT 1), 'auxiliary')",
                source="file AS f",
            )
            + "WHERE f.id = ?",
            (file_id,),
        ).fetchone()
        return None if row is None else self._document(row)

    def _documents(self, owner_id: str, roles: tuple[DocumentRole, ...]) -> list[Document]:
        rows = self._db.execute(
            _DOCUMENT_QUERY.format(
                role="l.role", source="file_link AS l JOIN file AS f ON f.id = l.file_id"
            )
            + "WHERE l.owner_id = ? ORDER BY l.position, f.id",
            (owner_id,),
        ).fetchall()
        by_role = {role: [row for row in rows if row["role"] == role.value] for role in roles}
        return [self._document(row) for role in roles for row in by_role[role]]

    def _document(self, row: sql.Row) -> Document:
        """A document from a ``_DOCUMENT_QUERY`` row; on this machine only if its blob is."""
        current = row["current_version_id"]
        path = self.store.blobs.path(row["blob_sha256"]) if current is not None else None
        local_path = path if path is not None and path.is_file() else None
        return Document(
            file_id=row["id"],
            name=row["name"],
            file_name=row["file_name"],
            mime_type=row["mime_type"],
            size=row["size"],
            role=DocumentRole(row["role"]),
            confidential=row["confidential"],
            local_path=local_path,
            version_id=current if local_path is not None else None,
            page_count=row["page_count"],
            read_state=read_state_of(bool(row["opened"]), row["read_version_id"], current),
            failure=row["failure"],
        )

    def local_path(self, file_id: str) -> Path | None:
        """The newest fetched version of a file on this machine, if any."""
        return self._local_copy(file_id)[1]

    def _local_copy(self, file_id: str) -> tuple[int | None, Path | None]:
        version = latest_file_version(self._db, file_id)
        if version is None:
            return None, None
        path = self.store.blobs.path(version.blob_sha256)
        return (version.id, path) if path.is_file() else (None, None)

    def removed_document(self, removed: RemovedObject) -> Document | None:
        """The last version on this machine of a document the server removed."""
        version_id, path = self._local_copy(removed.object_id)
        if path is None:
            return None
        return Document(
            file_id=removed.object_id,
            name=removed.name,
            file_name=removed.file_name,
            mime_type=removed.mime_type,
            size=path.stat().st_size,
            role=DocumentRole.AUXILIARY,
            confidential=None,
            local_path=path,
            version_id=version_id,
        )

    def meeting_of(self, object_id: str) -> str | None:
        """The meeting a meeting, agenda item, paper or file belongs to (for a paper or
        its files handled in several meetings: the latest)."""
        owners = [object_id] + [
            row[0]
            for row in self._db.execute(
                "SELECT owner_id FROM file_link WHERE file_id = ?", (object_id,)
            )
        ]
        marks = ", ".join("?" * len(owners))
        row = self._db.execute(
            "SELECT m.id FROM meeting AS m WHERE m.id IN ("
            f"  SELECT id FROM meeting WHERE id IN ({marks})"
            f"  UNION SELECT meeting_id FROM agenda_item WHERE id IN ({marks})"
            "   UNION SELECT a.meeting_id FROM consultation AS c"
            "     JOIN agenda_item AS a ON a.id = c.agenda_item_id"
            f"    WHERE c.paper_id IN ({marks})"
            ") ORDER BY m.start DESC LIMIT 1",
            (*owners, *owners, *owners),
        ).fetchone()
        return None if row is None else str(row[0])

    def version_path(self, version_id: int) -> Path | None:
        """Where one version of a file is on this machine (an older one too), if it is."""
        row = self._db.execute(
            "SELECT blob_sha256 FROM file_version WHERE id = ?", (version_id,)
        ).fetchone()
        if row is None:
            return None
        path = self.store.blobs.path(row["blob_sha256"])
        return path if path.is_file() else None

    def is_non_public(self, file_id: str) -> bool:
        """Marked confidential, or shown under a non-public item (as retention counts)."""
        return is_non_public(self._db, file_id)

    def write_plain_copy(self, file_id: str, version_id: int, target: Path) -> None:
        """Write the content of one version of the file to ``target`` in the clear,
        for a copy the user asked for (another program). Raises ``BlobError``, also
        when the version is gone (retention) or, its id reused, another file's."""
        row = self._db.execute(
            "SELECT blob_sha256 FROM file_version WHERE id = ? AND file_id = ?",
            (version_id, file_id),
        ).fetchone()
        if row is None:
            raise BlobError(f"the version {version_id} of {file_id} is not on this machine")
        self.store.blobs.copy_plain(row["blob_sha256"], target)

    def last_read_version(self, file_id: str) -> int | None:
        """The file version the user last opened (None: never opened)."""
        row = self._db.execute(
            "SELECT file_version_id FROM read_state WHERE file_id = ?", (file_id,)
        ).fetchone()
        return None if row is None else row["file_version_id"]

    def meeting_news(self, meeting_id: str, since: str | None = None) -> MeetingNews:
        """What is new in the meeting since the user last looked at it, or since
        ``since`` (a ``MeetingNews.since`` taken earlier: the agenda keeps the news
        it showed while the same meeting stays on screen)."""
        overview = self._overviews(meeting_id, since).get(meeting_id)
        return overview.news if overview is not None else MeetingNews(since)

    def reading_progress(self, meeting_id: str) -> ReadingProgress:
        """How many of the meeting's documents were read in their current version."""
        overview = self._overviews(meeting_id).get(meeting_id)
        return overview.progress if overview is not None else ReadingProgress(0, 0)

    def meeting_overviews(self) -> dict[str, MeetingOverview]:
        """News and reading progress of every meeting, in two queries (the meetings list)."""
        return self._overviews(None)

    def _overviews(
        self, meeting_id: str | None, since: str | None = None
    ) -> dict[str, MeetingOverview]:
        one = meeting_id is not None
        parameters = {"meeting": meeting_id}
        tallies: dict[str, _Tally] = {}
        for row in self._db.execute(_baselines_query(one), parameters):
            start = since or _since(row["seen_at"], row["baseline"])
            tallies[row["id"]] = _Tally(start, _is_after(row["arrived_at"], start))
        for row in self._db.execute(_meeting_files_query(one), parameters):
            tally = tallies.get(row["meeting_id"])
            if tally is not None:
                tally.add(row)
        return {key: tally.overview() for key, tally in tallies.items()}

    def counts(self) -> dict[str, int]:
        """How many objects of each kind are stored (for status reports)."""
        tables = {
            "bodies": "body",
            "organizations": "organization",
            "persons": "person",
            "memberships": "membership",
            "meetings": "meeting",
            "agenda_items": "agenda_item",
            "papers": "paper",
            "files": "file",
        }
        counts = {
            name: int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for name, table in tables.items()
        }
        counts["downloaded_files"] = int(
            self._db.execute("SELECT COUNT(DISTINCT file_id) FROM file_version").fetchone()[0]
        )
        return counts
