"""The meetings list and the agenda, driven through their real widgets (pytest-qt)
against a store synced from a publication that changes between two syncs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from meetingapp.core.packet.library import Document, MeetingState
from meetingapp.ui.packet.agenda_panel import (
    COLUMN_MARK,
    COLUMN_PAGES,
    COLUMN_TITLE,
    DOCUMENT_ROLE,
    ENTRY_ROLE,
    AgendaPanel,
)
from meetingapp.ui.packet.meetings_panel import BADGE_ROLE, MEETING_ID_ROLE, MeetingsPanel
from meetingapp.ui.shell.application import application
from tests.core.test_reading_state import SECOND, Packet, file_id, make_packet, meeting_id


@pytest.fixture
def packet(tmp_path: Path) -> Iterator[Packet]:
    made = make_packet(tmp_path)
    made.context.count_pages()
    yield made
    made.context.close()


@pytest.fixture
def agenda(qtbot: QtBot) -> AgendaPanel:
    application()
    panel = AgendaPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    return panel


@pytest.fixture
def meetings(qtbot: QtBot) -> MeetingsPanel:
    application()
    panel = MeetingsPanel()
    qtbot.addWidget(panel)
    panel.resize(320, 500)
    panel.show()
    return panel


def show(agenda: AgendaPanel, packet: Packet, number: int) -> None:
    library = packet.context.library
    agenda.show_meeting(library.meeting(meeting_id(number)), library)


def connect_like_the_main_window(
    agenda: AgendaPanel, meetings: MeetingsPanel, packet: Packet
) -> None:
    """What the main window does when a meeting is on screen: it is seen."""

    def seen(shown: str) -> None:
        packet.context.mark_meeting_seen(shown)
        meetings.update_meeting(shown, packet.context.library)

    agenda.meeting_viewed.connect(seen)


def row_of(agenda: AgendaPanel, key: str) -> QTreeWidgetItem:
    """The document row of a file, by its key in the publication."""
    for index in range(agenda.tree.topLevelItemCount()):
        node = agenda.tree.topLevelItem(index)
        assert node is not None
        for child_index in range(node.childCount()):
            child = node.child(child_index)
            document = child.data(0, DOCUMENT_ROLE) if child is not None else None
            if isinstance(document, Document) and document.file_id == file_id(key):
                assert child is not None
                return child
    raise AssertionError(f"no row for {key}")


def item_row(agenda: AgendaPanel, number: str) -> QTreeWidgetItem:
    for index in range(agenda.tree.topLevelItemCount()):
        node = agenda.tree.topLevelItem(index)
        if node is not None and node.text(0) == number and node.data(0, ENTRY_ROLE):
            return node
    raise AssertionError(f"no item § {number}")


def is_bold(row: QTreeWidgetItem) -> bool:
    return row.font(COLUMN_TITLE).bold()


def badge(meetings: MeetingsPanel, number: int) -> str:
    for index in range(meetings.topLevelItemCount()):
        node = meetings.topLevelItem(index)
        assert node is not None
        for child_index in range(node.childCount()):
            child = node.child(child_index)
            if child is not None and child.data(0, MEETING_ID_ROLE) == meeting_id(number):
                shown = str(child.data(0, BADGE_ROLE))
                if shown:
                    assert shown in child.toolTip(0)
                    assert shown in child.data(0, Qt.ItemDataRole.AccessibleTextRole)
                return shown
    raise AssertionError(f"meeting {number} is not listed")


# The agenda -------------------------------------------------------------------


def test_each_document_shows_pages_offline_state_and_that_it_is_unread(
    agenda: AgendaPanel, packet: Packet
) -> None:
    show(agenda, packet, 1)
    report = row_of(agenda, "ts-1")
    assert report.text(1) == "Tjänsteskrivelse: Skolskjutsreglemente"
    assert report.text(COLUMN_PAGES) == "3"
    assert report.toolTip(COLUMN_PAGES) == "3 sidor"
    assert is_bold(report), "unread titles are bold"
    assert report.text(COLUMN_MARK) == ""
    assert "Oläst" in report.toolTip(COLUMN_TITLE)
    assert "Finns på datorn" in report.toolTip(COLUMN_TITLE)
    spoken = report.data(COLUMN_TITLE, Qt.ItemDataRole.AccessibleTextRole)
    assert (
        spoken.startswith("Tjänsteskrivelse: Skolskjutsreglemente, Oläst") and "3 sidor" in spoken
    )
    assert not report.icon(COLUMN_TITLE).isNull()
    assert item_row(agenda, "2").text(COLUMN_PAGES) == "4", "the item's pages in all"
    assert agenda.progress_label.text() == "0 av 4 handlingar lästa"
    assert (agenda.progress_bar.value(), agenda.progress_bar.maximum()) == (0, 4)
    assert agenda.progress_bar.accessibleName() == "Lästa handlingar"


def test_a_document_read_is_no_longer_unread_and_a_read_item_is_checked(
    agenda: AgendaPanel, packet: Packet
) -> None:
    show(agenda, packet, 1)
    item = item_row(agenda, "2")
    assert item.icon(COLUMN_TITLE).isNull()
    for key in ("ts-1", "bilaga-1"):
        packet.context.record_reading(packet.document(key))
        agenda.refresh_document(file_id(key))
    assert not is_bold(row_of(agenda, "ts-1")) and not is_bold(row_of(agenda, "bilaga-1"))
    assert is_bold(row_of(agenda, "lokaler"))
    assert "Läst" in row_of(agenda, "ts-1").toolTip(COLUMN_TITLE).split("\n")
    assert not item.icon(COLUMN_TITLE).isNull(), "all its documents are read"
    assert "Alla handlingar lästa" in item.toolTip(COLUMN_TITLE)
    spoken = item.data(COLUMN_TITLE, Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Skolskjutsreglemente, Alla handlingar lästa"
    assert item_row(agenda, "3").icon(COLUMN_TITLE).isNull()
    assert agenda.progress_label.text() == "2 av 4 handlingar lästa"
    assert agenda.progress_bar.value() == 2
    assert agenda.reading_progress() == packet.context.library.reading_progress(meeting_id(1))


def test_news_of_a_second_sync_is_marked_until_the_meeting_is_seen(
    agenda: AgendaPanel, meetings: MeetingsPanel, packet: Packet
) -> None:
    connect_like_the_main_window(agenda, meetings, packet)
    packet.context.record_reading(packet.document("ts-1"))
    meetings.populate(packet.context.library)
    assert badge(meetings, 1) == "" and badge(meetings, 2) == ""

    packet.publish(SECOND)
    packet.sync()
    meetings.populate(packet.context.library)
    assert badge(meetings, 1) == "1 ny · 1 ändrad"
    assert badge(meetings, 3) == "Nytt"
    assert badge(meetings, 2) == ""

    show(agenda, packet, 1)
    assert badge(meetings, 1) == "", "the badge goes once the meeting is shown"
    assert badge(meetings, 3) == "Nytt"
    assert row_of(agenda, "bilaga-2").text(COLUMN_MARK) == "Ny"
    assert row_of(agenda, "ts-1").text(COLUMN_MARK) == "Ändrad"
    assert "sedan du läste den" in row_of(agenda, "ts-1").toolTip(COLUMN_TITLE)
    assert not is_bold(row_of(agenda, "ts-1"))
    assert item_row(agenda, "2").isExpanded(), "an item with news is opened"
    assert agenda.progress_label.text() == "0 av 5 handlingar lästa · 1 ny · 1 ändrad"

    agenda.refresh()  # a sync ends while the meeting is on screen
    assert row_of(agenda, "bilaga-2").text(COLUMN_MARK) == "Ny", "kept during this viewing"
    meetings.populate(packet.context.library)
    assert badge(meetings, 1) == ""

    show(agenda, packet, 2)
    show(agenda, packet, 1)
    assert row_of(agenda, "bilaga-2").text(COLUMN_MARK) == "", "cleared the next time"
    assert is_bold(row_of(agenda, "bilaga-2")), "but still unread"
    assert row_of(agenda, "ts-1").text(COLUMN_MARK) == "Ändrad", "the new version is not read"
    assert agenda.progress_label.text() == "0 av 5 handlingar lästa"


def test_a_refresh_keeps_the_selection_without_opening_it_again(
    qtbot: QtBot, agenda: AgendaPanel, packet: Packet
) -> None:
    show(agenda, packet, 1)
    agenda.tree.setCurrentItem(row_of(agenda, "bilaga-1"))
    with qtbot.assertNotEmitted(agenda.document_selected):
        agenda.refresh()
    current = agenda.tree.currentItem()
    assert current is not None
    assert current.data(0, DOCUMENT_ROLE).file_id == file_id("bilaga-1")
    with qtbot.waitSignal(agenda.document_selected) as opened:
        show(agenda, packet, 2)
    assert opened.args is not None and opened.args[0].file_id == file_id("kallelse-2")


def test_a_failed_download_says_so_and_enter_asks_to_try_again(
    qtbot: QtBot, agenda: AgendaPanel, packet: Packet
) -> None:
    packet.publish(SECOND)
    victim = packet.content_path("bilaga-2")
    victim.write_bytes(victim.read_bytes()[:-10] + b"tampered!!")
    packet.sync()
    show(agenda, packet, 1)
    failed = row_of(agenda, "bilaga-2")
    assert failed.text(COLUMN_MARK) == "Ny · Hämtning misslyckades"
    assert "checksum" in failed.toolTip(COLUMN_TITLE)
    assert "försöka igen" in failed.toolTip(COLUMN_TITLE)
    assert not agenda.retry_action.isEnabled()

    agenda.tree.setFocus()
    agenda.tree.setCurrentItem(failed)
    assert agenda.retry_action.isEnabled()
    with qtbot.waitSignal(agenda.retry_requested) as retry:
        qtbot.keyClick(agenda.tree, Qt.Key.Key_Return)
    assert retry.args is not None and retry.args[0].file_id == file_id("bilaga-2")
    with qtbot.waitSignal(agenda.retry_requested):
        agenda.retry_action.trigger()

    agenda.tree.setCurrentItem(row_of(agenda, "bilaga-1"))
    with qtbot.assertNotEmitted(agenda.retry_requested):
        qtbot.keyClick(agenda.tree, Qt.Key.Key_Return)  # on this machine already


def test_a_document_fetched_later_is_shown_as_on_this_machine(
    agenda: AgendaPanel, packet: Packet
) -> None:
    with packet.context.store.db.write() as db:
        db.execute("DELETE FROM file_version WHERE file_id = ?", (file_id("lokaler"),))
    show(agenda, packet, 1)
    assert row_of(agenda, "lokaler").text(COLUMN_MARK) == "Ej hämtad"
    packet.context.fetch_document(file_id("lokaler"))
    agenda.refresh_document(file_id("lokaler"))
    assert row_of(agenda, "lokaler").text(COLUMN_MARK) == ""
    assert "Finns på datorn" in row_of(agenda, "lokaler").toolTip(COLUMN_TITLE)


# Keyboard -----------------------------------------------------------------


def current_key(agenda: AgendaPanel) -> str:
    current = agenda.tree.currentItem()
    assert current is not None
    if current.parent() is None:
        return "§" + current.text(0)
    return str(current.data(0, DOCUMENT_ROLE).file_id.rsplit("/", 1)[1].removesuffix(".json"))


def test_step_item_goes_through_the_items_selecting_their_first_document(
    qtbot: QtBot, agenda: AgendaPanel, packet: Packet
) -> None:
    show(agenda, packet, 1)
    assert current_key(agenda) == "kallelse-1"
    assert agenda.step_item(+1) and current_key(agenda) == "§1"  # an item without documents
    with qtbot.waitSignal(agenda.document_selected) as opened:
        assert agenda.step_item(+1)
    assert current_key(agenda) == "ts-1"
    assert opened.args is not None and opened.args[0].file_id == file_id("ts-1")
    assert agenda.step_item(+1) and current_key(agenda) == "lokaler"
    assert row_of(agenda, "lokaler").parent().isExpanded()  # type: ignore[union-attr]
    assert not agenda.step_item(+1) and current_key(agenda) == "lokaler"
    assert agenda.step_item(-1) and current_key(agenda) == "ts-1"
    assert agenda.step_item(-1) and agenda.step_item(-1)
    assert current_key(agenda) == "kallelse-1"
    assert not agenda.step_item(-1)


def test_step_document_goes_through_every_document_in_order(
    agenda: AgendaPanel, packet: Packet
) -> None:
    show(agenda, packet, 1)
    seen = [current_key(agenda)]
    while agenda.step_document(+1):
        seen.append(current_key(agenda))
    assert seen == ["kallelse-1", "ts-1", "bilaga-1", "lokaler"]
    back = [current_key(agenda)]
    while agenda.step_document(-1):
        back.append(current_key(agenda))
    assert back == list(reversed(seen))

    agenda.tree.setCurrentItem(item_row(agenda, "2"))  # the item's row shows its first document
    assert agenda.step_document(+1) and current_key(agenda) == "bilaga-1"
    agenda.tree.setCurrentItem(item_row(agenda, "1"))  # an item without documents
    assert agenda.step_document(+1) and current_key(agenda) == "ts-1"
    agenda.tree.setCurrentItem(item_row(agenda, "1"))
    assert agenda.step_document(-1) and current_key(agenda) == "kallelse-1"


def test_the_tree_is_usable_with_the_arrow_keys(
    qtbot: QtBot, agenda: AgendaPanel, packet: Packet
) -> None:
    show(agenda, packet, 1)
    agenda.tree.setFocus()
    opened: list[Document] = []
    agenda.document_selected.connect(opened.append)
    qtbot.keyClick(agenda.tree, Qt.Key.Key_Down)  # kallelse → § 1
    qtbot.keyClick(agenda.tree, Qt.Key.Key_Down)  # → § 2, which shows its tjänsteskrivelse
    assert current_key(agenda) == "§2"
    qtbot.keyClick(agenda.tree, Qt.Key.Key_Right)  # open the item
    qtbot.keyClick(agenda.tree, Qt.Key.Key_Down)
    qtbot.keyClick(agenda.tree, Qt.Key.Key_Down)
    assert current_key(agenda) == "bilaga-1"
    assert [document.file_id for document in opened] == [
        file_id("ts-1"),
        file_id("ts-1"),
        file_id("bilaga-1"),
    ]


# The meetings list ----------------------------------------------------------


def test_meetings_show_date_place_and_state_grouped_by_committee(
    meetings: MeetingsPanel, packet: Packet
) -> None:
    meetings.populate(packet.context.library)
    committees = [meetings.topLevelItem(i).text(0) for i in range(meetings.topLevelItemCount())]  # type: ignore[union-attr]
    assert committees == ["Barn- och utbildningsnämnden", "Kommunstyrelsen"]
    upcoming = meetings.topLevelItem(0).child(0)  # type: ignore[union-attr]
    first_line, second_line = upcoming.text(0).split("\n")
    assert first_line.endswith("· kallad")
    assert second_line == "Sammanträdesrum Kärnan", "the place is visible, not only in a tooltip"
    held = meetings.topLevelItem(1).child(0)  # type: ignore[union-attr]
    assert "· genomfört" in held.text(0)
    assert packet.context.library.meeting(meeting_id(2)).state is MeetingState.HELD  # type: ignore[union-attr]
    spoken = upcoming.data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert "kallad" in spoken and "Sammanträdesrum Kärnan" in spoken
    assert "0 av 4 handlingar lästa" in upcoming.toolTip(0)

    ks = next(c.id for c in packet.context.library.committees() if c.name == "Kommunstyrelsen")
    meetings.populate(packet.context.library, my_committees={ks})
    assert meetings.topLevelItem(0).text(0) == "Kommunstyrelsen", "the user's committees first"  # type: ignore[union-attr]
