"""``AppContext.retention``: the removal log, what the user has not been told, and the
writing kept on removed objects, queried through the service on a real store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from meetingapp.core.context import AppContext
from meetingapp.core.retention.deciding import RECENT_USE
from meetingapp.core.retention.run import run_retention
from meetingapp.core.retention.service import RemovalReason, RemovedKind
from meetingapp.core.settings import RetentionSettings
from meetingapp.store.notes import NoteKind, save_note
from meetingapp.store.objects import delete_object
from tests.core.test_retention import annotate, committee_member, end_membership, secret_meeting


def test_nothing_removed_says_so(synced_context: AppContext) -> None:
    retention = synced_context.retention
    assert retention.removal_log() == []
    assert retention.unnoticed_removals() == []
    assert retention.removed_writing() == []
    assert not retention.has_removed_writing()


def test_the_removal_log_is_told_once(synced_context: AppContext) -> None:
    retention = synced_context.retention
    meeting = secret_meeting(synced_context)
    run_retention(synced_context.store, RetentionSettings(), now=meeting.start + timedelta(days=31))
    assert {entry.object_id for entry in retention.removal_log()} == meeting.secret
    assert {entry.reason for entry in retention.removal_log()} == {RemovalReason.NON_PUBLIC_EXPIRED}
    assert {entry.object_id for entry in retention.unnoticed_removals()} == meeting.secret
    retention.mark_removals_noticed()
    assert synced_context.writer.flush()
    assert retention.unnoticed_removals() == []
    assert len(retention.removal_log()) == len(meeting.secret), "the log keeps them"


def test_the_writing_on_a_revoked_document_is_kept_until_forgotten(
    synced_context: AppContext,
) -> None:
    context, retention = synced_context, synced_context.retention
    meeting = secret_meeting(context)
    file_id = sorted(meeting.secret)[0]
    annotate(context.store, file_id, "tilläggsbelopp", "Min fråga om beloppet")
    committee, person = committee_member(context, meeting.meeting_id)
    end_membership(context.store, person, committee)
    later = datetime.now(UTC) + RECENT_USE * 1.1
    run_retention(context.store, RetentionSettings(), now=later, person_id=person)

    [removed] = retention.removed_writing()
    assert (removed.object_id, removed.kind) == (file_id, RemovedKind.FILE)
    assert retention.has_removed_writing()
    assert [mark.comment for mark in retention.annotations_on(removed)] == ["Min fråga om beloppet"]
    assert retention.last_version(removed) is None, "its content went"
    assert retention.unnoticed_removed_writing() == [], "retention's log tells the user"

    retention.forget(removed)
    assert retention.removed_writing() == []
    assert retention.annotations_on(removed) == []


def test_the_server_removing_what_the_user_wrote_on_is_told_once(
    synced_context: AppContext,
) -> None:
    context, retention = synced_context, synced_context.retention
    meeting = secret_meeting(context)
    file_id = sorted(meeting.public)[0]
    annotate(context.store, file_id, "beslut", "Fråga om beslutet")
    with context.store.db.write() as db:
        save_note(db, meeting.meeting_id, NoteKind.MEETING, "Fråga om lokalerna")
        delete_object(db, file_id)
        delete_object(db, meeting.meeting_id)

    removed = {r.object_id: r for r in retention.removed_writing()}
    assert set(removed) == {file_id, meeting.meeting_id}
    document = retention.last_version(removed[file_id])
    assert document is not None and document.file_id == file_id, "still on this machine"
    note = retention.note_on(removed[meeting.meeting_id])
    assert note is not None and note.body == "Fråga om lokalerna"
    assert {r.object_id for r in retention.unnoticed_removed_writing()} == set(removed)
    retention.mark_removed_writing_noticed()
    assert context.writer.flush()
    assert retention.unnoticed_removed_writing() == []
