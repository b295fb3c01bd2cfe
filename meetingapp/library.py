"""The library: committees, meetings, agendas and documents as the reader sees them.

A read-only view over the store, shaped for the screens: meetings of a committee
come upcoming first, an item's documents come tjänsteskrivelse first and then the
bilagor in order, and every document says whether it is on this machine.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from meetingapp.store import Store
from meetingapp.store.local import latest_file_version
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

    @property
    def is_pdf(self) -> bool:
        return self.mime_type == "application/pdf" or (self.file_name or "").lower().endswith(
            ".pdf"
        )


def _meeting_state(row: sqlite3.Row, now: datetime) -> MeetingState:
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
    def _db(self) -> sqlite3.Connection:
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

    def _summary(self, row: sqlite3.Row, now: datetime) -> MeetingSummary:
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

    def _agenda_entry(self, row: sqlite3.Row) -> AgendaEntry:
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
        return self._documents(
            meeting_id,
            (
                DocumentRole.INVITATION,
                DocumentRole.RESULTS_PROTOCOL,
                DocumentRole.VERBATIM_PROTOCOL,
                DocumentRole.AUXILIARY,
            ),
        )

    def item_documents(self, item: AgendaEntry) -> list[Document]:
        """Tjänsteskrivelse first, then the bilagor in order, then the item's own files."""
        documents: list[Document] = []
        if item.paper is not None:
            documents += self._documents(item.paper.id, (DocumentRole.MAIN, DocumentRole.AUXILIARY))
        documents += self._documents(item.id, (DocumentRole.AUXILIARY, DocumentRole.RESOLUTION))
        return documents

    def document(self, file_id: str) -> Document | None:
        row = self._db.execute(
            "SELECT f.*, COALESCE(l.role, 'auxiliary') AS role FROM file AS f "
            "LEFT JOIN file_link AS l ON l.file_id = f.id WHERE f.id = ? LIMIT 1",
            (file_id,),
        ).fetchone()
        return None if row is None else self._document(row)

    def _documents(self, owner_id: str, roles: tuple[DocumentRole, ...]) -> list[Document]:
        rows = self._db.execute(
            "SELECT f.*, l.role FROM file_link AS l JOIN file AS f ON f.id = l.file_id "
            "WHERE l.owner_id = ? ORDER BY l.position, f.id",
            (owner_id,),
        ).fetchall()
        by_role = {role: [row for row in rows if row["role"] == role.value] for role in roles}
        return [self._document(row) for role in roles for row in by_role[role]]

    def _document(self, row: sqlite3.Row) -> Document:
        version_id, local_path = self._local_copy(row["id"])
        return Document(
            file_id=row["id"],
            name=row["name"],
            file_name=row["file_name"],
            mime_type=row["mime_type"],
            size=row["size"],
            role=DocumentRole(row["role"]),
            confidential=row["confidential"],
            local_path=local_path,
            version_id=version_id,
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

    def last_read_version(self, file_id: str) -> int | None:
        """The file version the user last opened (None: never opened)."""
        row = self._db.execute(
            "SELECT file_version_id FROM read_state WHERE file_id = ?", (file_id,)
        ).fetchone()
        return None if row is None else row["file_version_id"]

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
