"""Deciding what a run removes from this machine, and why (reads only)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Final

from meetingapp.core.settings import RetentionSettings, WritingPolicy
from meetingapp.oparl.scope import (
    REVOCATIONS,
    FileFacts,
    MeetingFacts,
    RemovalReason,
    expiry,
    file_facts,
    meeting_facts,
)
from meetingapp.store import sql
from meetingapp.store.local import precise_now
from meetingapp.store.removed import RemovedKind, removed_objects
from meetingapp.store.timestamps import parse_timestamp

__all__ = [
    "RECENT_USE",
    "EndedMemberships",
    "Plan",
    "Removal",
    "RemovalReason",
    "ended_memberships",
    "plan_removals",
]

RECENT_USE: Final = timedelta(hours=24)
"""A document fetched or opened this recently is not removed by expiry yet."""


@dataclass(frozen=True, slots=True)
class Removal:
    """One object whose local content (or, for the user's writing only, whose
    writing) goes in a run, and why."""

    object_id: str
    name: str
    reason: RemovalReason
    detail: str | None = None
    """The HTTP status (``"403"``), the committee's name, or the period (days, months)."""
    kind: RemovedKind = RemovedKind.FILE
    meeting_id: str | None = None
    """The meeting it is told under: a document's last meeting."""
    item_id: str | None = None
    """The agenda item that shows the document in that meeting, if any."""
    meeting_name: str | None = None
    meeting_start: str | None = None
    has_content: bool = True
    """False for an object whose writing alone is concerned (a removed meeting's note)."""

    @property
    def is_revocation(self) -> bool:
        return self.reason in REVOCATIONS


@dataclass(frozen=True)
class EndedMemberships:
    """What the user's ended memberships take away."""

    files: dict[str, str] = field(default_factory=dict)
    """Non-public files only their meetings handle (file id: organization id), held or not."""
    meetings: dict[str, str] = field(default_factory=dict)
    """Meetings of those committees only (meeting id: organization id)."""


@dataclass
class Plan:
    """What a run will remove, and the revocations it found."""

    removals: list[Removal] = field(default_factory=list)
    ended: EndedMemberships = field(default_factory=EndedMemberships)
    deferred: int = 0
    planned_at: str = ""


@dataclass(frozen=True, slots=True)
class _Held:
    """A file with content on this machine."""

    versions: int
    size: int
    last_fetched: datetime | None


def _held_files(db: sql.Connection) -> dict[str, _Held]:
    rows = db.execute(
        "SELECT file_id, COUNT(*), SUM(size), MAX(fetched_at) FROM file_version GROUP BY file_id"
    )
    return {row[0]: _Held(row[1], row[2] or 0, parse_timestamp(row[3])) for row in rows}


def _last_read(db: sql.Connection) -> dict[str, datetime]:
    found = {}
    for file_id, read_at in db.execute("SELECT file_id, read_at FROM read_state"):
        moment = parse_timestamp(read_at)
        if moment is not None:
            found[file_id] = moment
    return found


def _revoked_rows(db: sql.Connection) -> dict[str, sql.Row]:
    rows = db.execute("SELECT file_id, reason, detail, name FROM revoked_file")
    return {row["file_id"]: row for row in rows}


def _memberships(db: sql.Connection, person_id: str, today: str) -> tuple[set[str], set[str]]:
    """The organizations the person's memberships have ended in, and those still
    held (one current membership is enough)."""
    ended: set[str] = set()
    current: set[str] = set()
    for organization, end in db.execute(
        "SELECT organization_id, end_date FROM membership "
        "WHERE person_id = ? AND organization_id IS NOT NULL",
        (person_id,),
    ):
        (ended if isinstance(end, str) and end[:10] < today else current).add(organization)
    return ended - current, current


def ended_memberships(
    db: sql.Connection,
    facts: dict[str, FileFacts],
    meetings: dict[str, MeetingFacts],
    person_id: str | None,
    today: str,
) -> EndedMemberships:
    """The meetings only of committees the person's membership in has ended (none of
    its committees is still the person's), and the non-public files only those
    meetings handle."""
    if person_id is None:
        return EndedMemberships()
    ended, current = _memberships(db, person_id, today)
    if not ended:
        return EndedMemberships()
    revoked_meetings = {
        meeting_id: sorted(meeting.organizations & ended)[0]
        for meeting_id, meeting in meetings.items()
        if meeting.organizations & ended and not meeting.organizations & current
    }
    files = {}
    for fact in facts.values():
        if fact.non_public and fact.meetings and fact.meetings <= revoked_meetings.keys():
            files[fact.file_id] = min(revoked_meetings[m] for m in fact.meetings)
    return EndedMemberships(files, revoked_meetings)


def _organization_names(db: sql.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute("SELECT id, name FROM organization")}


@dataclass
class _Context:
    """What deciding one file needs."""

    db: sql.Connection
    settings: RetentionSettings
    now: datetime
    after_sync: bool
    in_use: Collection[str]
    facts: dict[str, FileFacts]
    meetings: dict[str, MeetingFacts]
    revoked: dict[str, sql.Row]
    ended: EndedMemberships
    organizations: dict[str, str]
    last_read: dict[str, datetime]
    removed_names: dict[str, str]


def plan_removals(
    db: sql.Connection,
    settings: RetentionSettings,
    *,
    now: datetime | None = None,
    person_id: str | None = None,
    after_sync: bool = False,
    in_use: Collection[str] = (),
) -> Plan:
    """Decide what a run removes (reads only).

    ``person_id`` is the user's person (the committee dialog's choice), for ended
    memberships; ``after_sync``: the metadata was just synced completely, so a file
    no meeting, item or paper holds is gone (mid-sync it may only be moving).
    """
    now = now or datetime.now(UTC)
    meetings = meeting_facts(db)
    facts = file_facts(db, meetings)
    context = _Context(
        db=db,
        settings=settings,
        now=now,
        after_sync=after_sync,
        in_use=in_use,
        facts=facts,
        meetings=meetings,
        revoked=_revoked_rows(db),
        ended=ended_memberships(db, facts, meetings, person_id, now.date().isoformat()),
        organizations=_organization_names(db),
        last_read=_last_read(db),
        removed_names={r.object_id: r.name for r in removed_objects(db)},
    )
    plan = Plan(ended=context.ended, planned_at=precise_now())
    for file_id, held in sorted(_held_files(db).items()):
        removal = _revocation(context, file_id) or _expiry(context, file_id, held, plan)
        if removal is not None:
            plan.removals.append(removal)
    if settings.writing is WritingPolicy.EXPORT:
        plan.removals += _writing_only(context, plan.removals)
    return plan


def _in_meeting(context: _Context, removal: Removal, fact: FileFacts | None) -> Removal:
    """The removal with the meeting it is told under (the file's last meeting)."""
    meeting_id = fact.last_meeting if fact is not None else None
    meeting = context.meetings.get(meeting_id) if meeting_id is not None else None
    if fact is None or meeting_id is None or meeting is None:
        return removal
    items = sorted(fact.items.get(meeting_id, ()))
    return replace(
        removal,
        meeting_id=meeting_id,
        item_id=items[0] if items else None,
        meeting_name=meeting.name,
        meeting_start=meeting.start_text,
    )


def _revocation(context: _Context, file_id: str) -> Removal | None:
    fact = context.facts.get(file_id)
    row = context.revoked.get(file_id)
    if fact is None:  # its file row is gone: a tombstone, or a listing without it
        name = row["name"] if row is not None else context.removed_names.get(file_id, "")
        detail = row["detail"] if row is not None else None
        return Removal(file_id, name, RemovalReason.GONE, detail)
    removal = None
    if row is not None and row["reason"] != RemovalReason.MEMBERSHIP_ENDED:
        removal = Removal(file_id, fact.name, RemovalReason(row["reason"]), row["detail"])
    elif file_id in context.ended.files:
        organization = context.ended.files[file_id]
        name = context.organizations.get(organization, organization)
        removal = Removal(file_id, fact.name, RemovalReason.MEMBERSHIP_ENDED, name)
    elif context.after_sync and not fact.held_by_owner:
        removal = Removal(file_id, fact.name, RemovalReason.GONE)
    return None if removal is None else _in_meeting(context, removal, fact)


def _expiry(context: _Context, file_id: str, held: _Held, plan: Plan) -> Removal | None:
    fact = context.facts[file_id]
    periods = context.settings.periods
    reason = expiry(fact, periods, context.now)
    if reason is None:
        return None
    used = max(
        (m for m in (held.last_fetched, context.last_read.get(file_id)) if m is not None),
        default=None,
    )
    if file_id in context.in_use or (used is not None and context.now - used < RECENT_USE):
        plan.deferred += 1
        return None
    detail = (
        str(periods.non_public_days)
        if reason is RemovalReason.NON_PUBLIC_EXPIRED
        else str(periods.other_months)
    )
    return _in_meeting(context, Removal(file_id, fact.name, reason, detail), fact)


def _writing_only(context: _Context, removals: Sequence[Removal]) -> list[Removal]:
    """Under the export policy, the writing that goes without content this run: on
    objects the server removed (listed as removed), and the notes on the non-public
    items of meetings of ended memberships."""
    taken = {removal.object_id for removal in removals}
    found = []
    for removed in removed_objects(context.db):
        if removed.object_id in taken:
            continue
        row = context.revoked.get(removed.object_id)
        reason = RemovalReason(row["reason"]) if row is not None else RemovalReason.GONE
        found.append(
            Removal(removed.object_id, removed.name, reason, kind=removed.kind, has_content=False)
        )
        taken.add(removed.object_id)
    for item_id, meeting_id in _ended_items_with_notes(context):
        if item_id not in taken:
            found.append(_item_removal(context, item_id, meeting_id))
    return found


def _ended_items_with_notes(context: _Context) -> list[tuple[str, str]]:
    """Non-public agenda items with the user's note or star, in meetings only of
    committees whose memberships ended."""
    if not context.ended.meetings:
        return []
    rows = context.db.execute(
        "SELECT a.id, a.meeting_id FROM agenda_item AS a "
        "WHERE (a.public = 0 OR a.confidential IS NOT NULL) AND ("
        "EXISTS (SELECT 1 FROM note AS n WHERE n.object_id = a.id) OR "
        "EXISTS (SELECT 1 FROM item_flag AS s WHERE s.object_id = a.id))"
    )
    return [(row[0], row[1]) for row in rows if row[1] in context.ended.meetings]


def _item_removal(context: _Context, item_id: str, meeting_id: str) -> Removal:
    row = context.db.execute("SELECT name FROM agenda_item WHERE id = ?", (item_id,)).fetchone()
    organization = context.ended.meetings[meeting_id]
    meeting = context.meetings[meeting_id]
    return Removal(
        item_id,
        row[0] if row is not None else "",
        RemovalReason.MEMBERSHIP_ENDED,
        context.organizations.get(organization, organization),
        kind=RemovedKind.AGENDA_ITEM,
        meeting_id=meeting_id,
        item_id=item_id,
        meeting_name=meeting.name,
        meeting_start=meeting.start_text,
        has_content=False,
    )
