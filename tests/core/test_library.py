"""The read model: meetings upcoming first, the agenda, an item's documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import (
    DocumentRole,
    MeetingState,
    MeetingSummary,
    upcoming_first,
)
from meetingapp.store.timestamps import parse_timestamp


def summary(day: int, state: MeetingState = MeetingState.UPCOMING) -> MeetingSummary:
    start = datetime(2026, 11, day, 18, tzinfo=UTC)
    return MeetingSummary(f"m{day}", "", start, start + timedelta(hours=2), None, state, ())


def test_upcoming_soonest_first_then_past_most_recent_first() -> None:
    now = datetime(2026, 11, 15, tzinfo=UTC)
    meetings = [
        summary(1, MeetingState.HELD),
        summary(30),
        summary(20),
        summary(10, MeetingState.HELD),
        summary(25, MeetingState.CANCELLED),
    ]
    assert [m.id for m in upcoming_first(meetings, now)] == ["m20", "m25", "m30", "m10", "m1"]


def test_timestamps_tolerate_server_quirks() -> None:
    assert parse_timestamp("N/A") is None
    assert parse_timestamp("") is None
    assert parse_timestamp("2026-11-24T18:00:00+01:00") == datetime(2026, 11, 24, 17, tzinfo=UTC)
    assert parse_timestamp("2026-11-24T18:00:00") == datetime(2026, 11, 24, 18, tzinfo=UTC)


def test_demo_has_past_and_upcoming_meetings(synced_context: AppContext) -> None:
    states = {meeting.state for meeting in synced_context.library.meetings()}
    assert {MeetingState.UPCOMING, MeetingState.HELD, MeetingState.CANCELLED} <= states


def test_each_committee_lists_only_its_meetings(synced_context: AppContext) -> None:
    library = synced_context.library
    committees = library.committees()
    assert len(committees) >= 4
    for committee in committees:
        for meeting in library.meetings(committee.id):
            assert committee.id in meeting.committee_ids


def test_agenda_in_order_with_documents_main_first(synced_context: AppContext) -> None:
    library = synced_context.library
    checked = 0
    for meeting in library.meetings():
        agenda = library.agenda(meeting.id)
        assert [entry.position for entry in agenda] == sorted(entry.position for entry in agenda)
        for entry in agenda:
            documents = library.item_documents(entry)
            roles = [document.role for document in documents]
            if DocumentRole.MAIN in roles:
                assert roles[0] is DocumentRole.MAIN
                assert entry.paper is not None and entry.paper.reference
                checked += 1
            assert all(
                document.local_path and document.local_path.is_file() for document in documents
            )
    assert checked >= 8


def test_held_meetings_have_minutes_and_every_meeting_a_kallelse(
    synced_context: AppContext,
) -> None:
    library = synced_context.library
    for meeting in library.meetings():
        roles = {document.role for document in library.meeting_documents(meeting.id)}
        if meeting.state is not MeetingState.CANCELLED:
            assert DocumentRole.INVITATION in roles, meeting.name
        if meeting.state is MeetingState.HELD:
            assert DocumentRole.RESULTS_PROTOCOL in roles, meeting.name


def test_non_public_and_late_items_are_known(synced_context: AppContext) -> None:
    library = synced_context.library
    entries = [entry for meeting in library.meetings() for entry in library.agenda(meeting.id)]
    secret = [entry for entry in entries if not entry.public]
    assert secret and all(entry.confidential for entry in secret)
    assert any(entry.late_item for entry in entries)
    secret_documents = [d for entry in secret for d in library.item_documents(entry)]
    assert secret_documents and all(document.confidential for document in secret_documents)
