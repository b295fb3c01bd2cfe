"""Which documents are kept offline: the user's committees, recent meetings, pins."""

from __future__ import annotations

from datetime import UTC, datetime

from meetingapp.core.context import AppContext
from meetingapp.oparl.scope import SyncScope, files_to_fetch


def committee_of_files(context: AppContext, file_ids: set[str]) -> set[str]:
    """The committees whose meetings the files belong to (through item or paper)."""
    db = context.store.db.read()
    committees = set()
    for file_id in file_ids:
        owners = {
            row[0]
            for row in db.execute("SELECT owner_id FROM file_link WHERE file_id = ?", (file_id,))
        }
        meetings = set(owners)
        for owner in owners:
            meetings |= {
                r[0]
                for r in db.execute("SELECT meeting_id FROM agenda_item WHERE id = ?", (owner,))
            }
            meetings |= {
                r[0]
                for r in db.execute(
                    "SELECT a.meeting_id FROM consultation AS c JOIN agenda_item AS a "
                    "ON a.id = c.agenda_item_id WHERE c.paper_id = ?",
                    (owner,),
                )
            }
        for meeting in meetings:
            committees |= {
                r[0]
                for r in db.execute(
                    "SELECT organization_id FROM meeting_organization WHERE meeting_id = ?",
                    (meeting,),
                )
            }
    return committees


def wanted_ids(context: AppContext, scope: SyncScope) -> set[str]:
    with context.store.db.write() as db:
        db.execute("DELETE FROM file_version")  # as if nothing were on this machine yet
    return {item.file_id for item in files_to_fetch(context.store.db.read(), scope)}


def committee_named(context: AppContext, name: str) -> str:
    return next(c.id for c in context.library.committees() if c.name == name)


def test_only_the_chosen_committees_documents_are_fetched(synced_context: AppContext) -> None:
    bun = committee_named(synced_context, "Barn- och utbildningsnämnden")
    wanted = wanted_ids(synced_context, SyncScope(committees=frozenset({bun})))
    assert wanted
    assert committee_of_files(synced_context, wanted) == {bun}


def test_past_meetings_beyond_the_window_are_left_for_later(synced_context: AppContext) -> None:
    everything = wanted_ids(synced_context, SyncScope(days_back=3650))
    recent = wanted_ids(synced_context, SyncScope(days_back=0))
    assert recent < everything
    upcoming = [
        m for m in synced_context.library.meetings() if m.start and m.start > datetime.now(UTC)
    ]
    for meeting in upcoming:
        for document in synced_context.library.meeting_documents(meeting.id):
            assert document.file_id in recent


def test_a_pinned_item_brings_its_papers_documents(synced_context: AppContext) -> None:
    ks = committee_named(synced_context, "Kommunstyrelsen")
    bun = committee_named(synced_context, "Barn- och utbildningsnämnden")
    library = synced_context.library
    item = next(
        entry
        for meeting in library.meetings(ks)
        for entry in library.agenda(meeting.id)
        if entry.paper is not None
    )
    paper_documents = {d.file_id for d in library.item_documents(item)}
    scope = SyncScope(committees=frozenset({bun}))
    assert not paper_documents & wanted_ids(synced_context, scope)
    synced_context.set_pinned(item.id, True)
    assert synced_context.is_pinned(item.id)
    assert paper_documents <= wanted_ids(synced_context, scope)
    synced_context.set_pinned(item.id, False)
    assert not paper_documents & wanted_ids(synced_context, scope)
