"""The first window, driven through its real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import Document, DocumentRole, MeetingState
from meetingapp.demo import DEMO_BASE_URL
from meetingapp.net.transport import TransportPolicy
from meetingapp.oparl.changes import Change, ChangeKind
from meetingapp.ui.dialogs.committee_dialog import CommitteeDialog
from meetingapp.ui.packet.agenda_panel import COLUMN_MARK, DOCUMENT_ROLE, ENTRY_ROLE
from meetingapp.ui.packet.meetings_panel import MEETING_ID_ROLE
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.main_window import MainWindow, describe_changes
from meetingapp.ui.shell.tasks import wait_for_background_tasks
from tests.store_keys import TEST_KEYS


def meeting_ids_per_committee(main: MainWindow) -> dict[str, list[str]]:
    tree = reading_of(main).meetings
    result = {}
    for index in range(tree.topLevelItemCount()):
        node = tree.topLevelItem(index)
        result[node.text(0)] = [
            node.child(child).data(0, MEETING_ID_ROLE) for child in range(node.childCount())
        ]
    return result


def test_committees_list_their_meetings_upcoming_first(window: MainWindow) -> None:
    per_committee = meeting_ids_per_committee(window)
    assert {"Kommunfullmäktige", "Kommunstyrelsen"} <= set(per_committee)
    library = window.context.library
    for meeting_ids in per_committee.values():
        states = [library.meeting(meeting_id).state for meeting_id in meeting_ids]  # type: ignore[union-attr]
        upcoming = [state is MeetingState.UPCOMING for state in states]
        assert upcoming == sorted(upcoming, reverse=True), "upcoming meetings come first"


def test_opens_on_the_next_upcoming_meeting(window: MainWindow) -> None:
    selected = reading_of(window).meetings.selected_meeting_id()
    assert selected is not None
    meeting = window.context.library.meeting(selected)
    assert meeting is not None and meeting.state is MeetingState.UPCOMING
    assert reading_of(window).agenda.tree.topLevelItemCount() >= 6


def test_opening_a_meeting_shows_its_kallelse(qtbot: QtBot, window: MainWindow) -> None:
    current = reading_of(window).agenda.tree.currentItem()
    assert current is not None
    document = current.data(0, DOCUMENT_ROLE)
    assert isinstance(document, Document) and document.role is DocumentRole.INVITATION
    view = reading_of(window).reader.primary
    assert view.currentWidget() is view.pdf_view
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(0), timeout=15_000)


def agenda_rows(main: MainWindow) -> list[tuple[str, str, str]]:
    tree = reading_of(main).agenda.tree
    return [
        (
            tree.topLevelItem(i).text(0),
            tree.topLevelItem(i).text(1),
            tree.topLevelItem(i).text(COLUMN_MARK),
        )
        for i in range(tree.topLevelItemCount())
    ]


def select_meeting_with(main: MainWindow, predicate_sql: str) -> str:
    row = (
        main.context.store.db.read()
        .execute(f"SELECT meeting_id FROM agenda_item WHERE {predicate_sql} LIMIT 1")
        .fetchone()
    )
    assert row is not None
    assert reading_of(main).meetings.select_meeting(row[0])
    return str(row[0])


def test_non_public_and_late_items_are_marked(window: MainWindow) -> None:
    select_meeting_with(window, "public = 0")
    assert "Sekretess" in [mark for _n, _t, mark in agenda_rows(window)]
    select_meeting_with(window, "late_item = 1")
    assert "Extra ärende" in [mark for _n, _t, mark in agenda_rows(window)]


def test_agenda_is_numbered_in_order(window: MainWindow) -> None:
    rows = [row for row in agenda_rows(window) if row[0]]
    numbers = [int(number) for number, _title, _mark in rows if number.isdigit()]
    assert numbers == sorted(numbers) and len(numbers) >= 6


def first_document_item(main: MainWindow) -> tuple[int, int]:
    tree = reading_of(main).agenda.tree
    for index in range(tree.topLevelItemCount()):
        node = tree.topLevelItem(index)
        for child in range(node.childCount()):
            document = node.child(child).data(0, DOCUMENT_ROLE)
            if isinstance(document, Document) and document.role is DocumentRole.MAIN:
                return index, child
    raise AssertionError("no tjänsteskrivelse in the agenda")


def test_selecting_a_document_renders_its_pages(qtbot: QtBot, window: MainWindow) -> None:
    index, child = first_document_item(window)
    reading_of(window).agenda.tree.setCurrentItem(
        reading_of(window).agenda.tree.topLevelItem(index).child(child)
    )
    view = reading_of(window).reader.primary
    assert view.currentWidget() is view.pdf_view
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(0), timeout=15_000)
    image = view.pdf_view.canvas.grab().toImage()
    assert image.width() > 100
    document = reading_of(window).agenda.tree.currentItem().data(0, DOCUMENT_ROLE)  # type: ignore[union-attr]
    assert document.version_id is not None
    assert window.context.library.last_read_version(document.file_id) == document.version_id


def test_corrupt_pdf_shows_a_message_and_the_app_goes_on(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 500)
    document = Document(
        file_id="x",
        name="Trasig bilaga",
        file_name="trasig.pdf",
        mime_type="application/pdf",
        size=None,
        role=DocumentRole.AUXILIARY,
        confidential=None,
        local_path=broken,
    )
    reading_of(window).show_document(document)
    view = reading_of(window).reader.primary
    qtbot.waitUntil(lambda: view.currentWidget() is not view.pdf_view, timeout=15_000)
    assert "kunde inte visas" in view.message.text()
    assert view.open_button.isVisibleTo(view)
    test_selecting_a_document_renders_its_pages(qtbot, window)


def test_document_not_on_this_machine_is_fetched_when_opened(
    qtbot: QtBot, window: MainWindow
) -> None:
    index, child = first_document_item(window)
    document = (
        reading_of(window).agenda.tree.topLevelItem(index).child(child).data(0, DOCUMENT_ROLE)
    )  # type: ignore[union-attr]
    with window.context.store.db.write() as db:
        db.execute("DELETE FROM file_version WHERE file_id = ?", (document.file_id,))
    missing = window.context.library.document(document.file_id)
    assert missing is not None and missing.local_path is None
    reading_of(window).show_document(missing)
    assert "Hämtar" in reading_of(window).reader.primary.message.text()
    view = reading_of(window).reader.primary
    qtbot.waitUntil(lambda: view.currentWidget() is view.pdf_view, timeout=15_000)
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(0), timeout=15_000)
    assert window.context.library.local_path(document.file_id) is not None


def test_failed_fetch_says_why_and_offers_to_try_again(qtbot: QtBot, window: MainWindow) -> None:
    with window.context.store.db.write() as db:
        db.execute(
            "INSERT INTO file (id, name, access_url, raw) VALUES (?, ?, ?, '{}')",
            (
                DEMO_BASE_URL + "file/gone.json",
                "Borttagen bilaga",
                DEMO_BASE_URL + "files/gone.pdf",
            ),
        )
    document = window.context.library.document(DEMO_BASE_URL + "file/gone.json")
    assert document is not None
    reading_of(window).show_document(document)
    view = reading_of(window).reader.primary
    qtbot.waitUntil(lambda: "kunde inte hämtas" in view.message.text(), timeout=15_000)
    assert view.retry_button.isVisibleTo(view)


def test_window_state_and_last_meeting_are_remembered(qtbot: QtBot, synced_data_dir: Path) -> None:
    application()
    context = AppContext(synced_data_dir, TEST_KEYS)
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.show()
    past = next(
        meeting.id for meeting in context.library.meetings() if meeting.state is MeetingState.HELD
    )
    reading_of(first).meetings.select_meeting(past)
    first.resize(701, 501)
    first.close()
    first.renderer.shutdown()

    second = MainWindow(context)
    qtbot.addWidget(second)
    second.show()
    assert reading_of(second).meetings.selected_meeting_id() == past
    assert (second.width(), second.height()) == (701, 501)
    second.close()
    second.renderer.shutdown()
    context.close()


def test_first_run_asks_which_committees_and_fetches_their_documents(
    qtbot: QtBot, tmp_path: Path
) -> None:
    application()
    context = AppContext(tmp_path / "fresh", TEST_KEYS)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    assert reading_of(main).meetings.topLevelItemCount() == 0
    main.start_sync()
    assert "Synkroniserar" in main.sync_label.text()
    qtbot.waitUntil(lambda: main.committee_dialog is not None, timeout=120_000)
    # Metadata first: at most the kallelse the window opened is fetched, on demand.
    assert wait_for_background_tasks()
    opened = {row[0] for row in context.store.db.read().execute("SELECT file_id FROM file_version")}
    assert len(opened) <= 1
    dialog = main.committee_dialog
    assert dialog is not None
    person = next(
        p for p in context.library.persons() if len(context.sources.suggested_committees(p.id)) == 1
    )
    dialog.select_person(person.id)
    (chosen,) = dialog.choice().committee_ids
    assert chosen in context.sources.suggested_committees(person.id)
    dialog.accept()
    qtbot.waitUntil(lambda: main.sync_task is None, timeout=120_000)
    assert reading_of(main).meetings.topLevelItemCount() >= 4
    assert "Senast synkroniserad" in main.sync_label.text()
    assert "handling" not in main.sync_label.text(), "fetching old documents is no news"
    downloaded = {
        row[0]
        for row in context.store.db.read().execute(
            "SELECT mo.organization_id FROM file_version AS v "
            "JOIN file_link AS l ON l.file_id = v.file_id "
            "JOIN meeting_organization AS mo ON mo.meeting_id = l.owner_id "
            "WHERE v.file_id NOT IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(opened)),),
        )
    }
    assert downloaded == {chosen}, "only the chosen committee's meeting documents"
    # Their pages are counted in the background, even while an earlier count still ran.
    qtbot.waitUntil(lambda: main.processing is None, timeout=60_000)
    versions, counted = (
        context.store.db.read()
        .execute("SELECT COUNT(*), COUNT(page_count) FROM file_version")
        .fetchone()
    )
    assert versions > 1 and counted == versions
    main.close()
    main.renderer.shutdown()
    context.close()


def test_unreachable_document_system_means_offline_reading(
    qtbot: QtBot, synced_data_dir: Path
) -> None:
    application()
    context = AppContext(synced_data_dir, TEST_KEYS, transport_policy=TransportPolicy(retries=0))
    with context.store.db.write() as db:
        db.execute("UPDATE source SET url = 'http://127.0.0.1:9/system.json'")
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    main.start_sync()
    qtbot.waitUntil(lambda: main.sync_task is None, timeout=30_000)
    assert main.offline
    assert main.sync_label.text().startswith("Offline")
    assert "Senast synkroniserad" in main.sync_label.text()
    assert reading_of(main).meetings.topLevelItemCount() >= 4  # everything still readable
    main.close()
    main.renderer.shutdown()
    context.close()


def test_sync_runs_again_every_quarter_of_an_hour(window: MainWindow) -> None:
    assert window.sync_timer.isActive()
    assert window.sync_timer.interval() == 15 * 60 * 1000


def test_qt_standard_texts_are_swedish(qtbot: QtBot, synced_context: AppContext) -> None:
    application()
    dialog = CommitteeDialog(synced_context)
    qtbot.addWidget(dialog)
    assert dialog.save_button is not None
    assert dialog.save_button.text().replace("&", "") == "Spara"


def test_committee_choice_is_remembered_with_how_far_back(
    qtbot: QtBot, synced_context: AppContext
) -> None:
    application()
    dialog = CommitteeDialog(synced_context)
    qtbot.addWidget(dialog)
    person = synced_context.library.persons()[0]
    dialog.select_person(person.id)
    dialog.days_back.setValue(30)
    synced_context.save_committee_choice(dialog.choice())
    scope = synced_context.sync_scope()
    assert scope.days_back == 30
    assert scope.committees == synced_context.sources.suggested_committees(person.id)
    again = CommitteeDialog(synced_context)
    qtbot.addWidget(again)
    assert again.choice() == dialog.choice()


def test_what_a_sync_brought_is_said_in_words() -> None:
    changes = [
        Change(ChangeKind.NEW_MEETING, "m1"),
        Change(ChangeKind.CHANGED_DOCUMENT, "f1"),
        Change(ChangeKind.CHANGED_DOCUMENT, "f2"),
        Change(ChangeKind.CANCELLED_MEETING, "m2"),
    ]
    assert describe_changes(changes) == (
        "1 nytt sammanträde, 1 inställt sammanträde, 2 ändrade handlingar"
    )
    assert describe_changes([]) == ""


def test_agenda_item_can_be_kept_offline_from_its_menu(qtbot: QtBot, window: MainWindow) -> None:
    tree = reading_of(window).agenda.tree
    row = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, ENTRY_ROLE) is not None  # type: ignore[union-attr]
    )
    assert row is not None
    position = tree.visualItemRect(row).center()
    object_id = reading_of(window).agenda.object_at(position)
    assert object_id == row.data(0, ENTRY_ROLE).id
    reading_of(window).pin(object_id, True)
    assert window.context.is_pinned(object_id)
    qtbot.waitUntil(lambda: window.sync_task is None, timeout=60_000)  # fetches it now
    reading_of(window).pin(object_id, False)
    assert not window.context.is_pinned(object_id)
