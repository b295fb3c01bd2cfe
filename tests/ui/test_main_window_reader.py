"""The reader inside the main window: menus, split view, positions across restarts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import Document, DocumentRole
from meetingapp.ui.packet.agenda_panel import DOCUMENT_ROLE
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.main_window import MainWindow
from meetingapp.ui.shell.tasks import wait_for_background_tasks
from tests.store_keys import TEST_KEYS

WAIT_MS = 20_000


def document_items(main: MainWindow) -> list[tuple[QTreeWidgetItem, Document]]:
    tree = reading_of(main).agenda.tree
    found = []
    for index in range(tree.topLevelItemCount()):
        node = tree.topLevelItem(index)
        assert node is not None
        for child_index in range(node.childCount()):
            child = node.child(child_index)
            document = child.data(0, DOCUMENT_ROLE) if child is not None else None
            if child is not None and isinstance(document, Document):
                found.append((child, document))
    return found


def main_and_attachment(main: MainWindow) -> tuple[QTreeWidgetItem, QTreeWidgetItem]:
    """A tjänsteskrivelse and a bilaga of the same item, both on this machine."""
    items = document_items(main)
    for position, (item, document) in enumerate(items):
        if document.role is DocumentRole.MAIN and document.local_path:
            for other, other_document in items[position + 1 :]:
                if other.parent() is not item.parent():
                    break
                if other_document.role is DocumentRole.AUXILIARY and other_document.local_path:
                    return item, other
    raise AssertionError("no item with a tjänsteskrivelse and a bilaga offline")


def view_menu(main: MainWindow) -> QMenu:
    for action in main.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text() == "&Visa":
            return menu
    raise AssertionError("no Visa menu")


def test_view_menu_offers_every_reader_action_with_its_shortcut(window: MainWindow) -> None:
    actions = [action for action in view_menu(window).actions() if not action.isSeparator()]
    reader_actions = set(reading_of(window).reader.actions_by_name.values())
    assert reader_actions <= set(actions)
    for action in actions:
        assert isinstance(action, QAction)
        assert not action.shortcut().isEmpty(), f"{action.text()} has no shortcut"
    shortcuts = [action.shortcut().toString() for action in actions]
    assert len(shortcuts) == len(set(shortcuts)), "two actions share a shortcut"


def open_beside_by_right_click(qtbot: QtBot, main: MainWindow, item: QTreeWidgetItem) -> None:
    """Right-click the row and choose "Öppna bredvid" in the menu that opens."""
    tree = reading_of(main).agenda.tree
    tree.scrollToItem(item)
    centre = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.RightButton, pos=centre)
    if not any(menu.isVisible() for menu in main.findChildren(QMenu)):
        reading_of(main)._agenda_menu(
            centre
        )  # offscreen platforms may not turn the click into a menu event
    menu = next(menu for menu in main.findChildren(QMenu) if menu.isVisible())
    beside = next(action for action in menu.actions() if action.text() == "Öppna bredvid")
    beside.trigger()
    menu.close()


def test_open_beside_shows_two_documents_and_folds_the_meetings_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    main_item, attachment_item = main_and_attachment(window)
    reading_of(window).agenda.tree.setCurrentItem(main_item)
    primary = reading_of(window).reader.primary
    qtbot.waitUntil(lambda: primary.pdf_view.canvas.has_pixmap(0), timeout=WAIT_MS)
    sizes_before = reading_of(window).splitter.sizes()
    open_beside_by_right_click(qtbot, window, attachment_item)
    assert reading_of(window).reader.is_split
    assert reading_of(window).agenda.tree.currentItem() is main_item, (
        "the right click opened nothing"
    )
    secondary = reading_of(window).reader.secondary
    assert secondary.is_showing(attachment_item.data(0, DOCUMENT_ROLE).file_id)
    assert primary.is_showing(main_item.data(0, DOCUMENT_ROLE).file_id)
    qtbot.waitUntil(lambda: secondary.pdf_view.canvas.has_pixmap(0), timeout=WAIT_MS)
    assert reading_of(window).splitter.sizes()[0] == 0, "the meetings list makes room"
    reading_of(window).reader.actions_by_name["split"].trigger()
    assert not reading_of(window).reader.is_split
    assert reading_of(window).splitter.sizes()[0] == sizes_before[0]


def test_open_beside_from_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    main_item, attachment_item = main_and_attachment(window)
    reading_of(window).agenda.tree.setCurrentItem(main_item)
    reading_of(window).agenda.tree.setCurrentItem(attachment_item)
    reading_of(window).reader.primary.show_document(main_item.data(0, DOCUMENT_ROLE))
    qtbot.keyClick(
        reading_of(window).agenda.tree,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert reading_of(window).reader.is_split
    assert reading_of(window).reader.secondary.is_showing(
        attachment_item.data(0, DOCUMENT_ROLE).file_id
    )


def test_reading_position_survives_closing_the_window(qtbot: QtBot, synced_data_dir: Path) -> None:
    application()
    context = AppContext(synced_data_dir, TEST_KEYS)
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    long_item = max(document_items(first), key=lambda pair: pair[1].size or 0)[0]
    long_document = long_item.data(0, DOCUMENT_ROLE)
    reading_of(first).agenda.tree.setCurrentItem(long_item)
    pdf_view = reading_of(first).reader.primary.pdf_view
    qtbot.waitUntil(lambda: pdf_view.page_count > 3, timeout=WAIT_MS)
    pdf_view.go_to(3)
    assert pdf_view.current_page() == 3
    first.close()
    assert wait_for_background_tasks()
    first.renderer.shutdown()
    context.close()

    context = AppContext(synced_data_dir, TEST_KEYS)
    second = MainWindow(context)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    wanted = long_document.file_id
    item = next(item for item, doc in document_items(second) if doc.file_id == wanted)
    reading_of(second).agenda.tree.setCurrentItem(item)
    reopened = reading_of(second).reader.primary.pdf_view
    qtbot.waitUntil(lambda: reopened.page_count > 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: reopened.current_page() == 3, timeout=WAIT_MS)
    second.close()
    second.renderer.shutdown()
    context.close()


def test_opening_a_document_records_the_version_read(qtbot: QtBot, window: MainWindow) -> None:
    main_item, _attachment = main_and_attachment(window)
    document = main_item.data(0, DOCUMENT_ROLE)
    reading_of(window).agenda.tree.setCurrentItem(main_item)
    qtbot.waitUntil(
        lambda: window.context.library.last_read_version(document.file_id) is not None,
        timeout=WAIT_MS,
    )
    assert window.context.library.last_read_version(document.file_id) == document.version_id


def test_f6_moves_the_focus_through_the_panes(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    reading_of(window).meetings.setFocus()
    qtbot.waitUntil(reading_of(window).meetings.hasFocus)
    qtbot.keyClick(reading_of(window).meetings, Qt.Key.Key_F6)
    assert reading_of(window).agenda.tree.hasFocus()
    qtbot.keyClick(reading_of(window).agenda.tree, Qt.Key.Key_F6)
    focused = QApplication.focusWidget()
    assert focused is not None and reading_of(window).reader.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_F6)
    assert reading_of(window).meetings.hasFocus()
    qtbot.keyClick(reading_of(window).meetings, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    focused = QApplication.focusWidget()
    assert focused is not None and reading_of(window).reader.isAncestorOf(focused)


def test_alt_arrows_walk_the_agenda_and_ctrl_page_keys_the_documents(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    reader = reading_of(window).reader.primary
    tree = reading_of(window).agenda.tree
    tree.setFocus()
    shown = []
    for _step in range(3):
        qtbot.keyClick(tree, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        assert reader.document is not None
        shown.append(reader.document.file_id)
    order = [document.file_id for _item, document in document_items(window)]
    start = order.index(shown[0])
    assert shown == order[start : start + 3], "documents in agenda order"
    qtbot.keyClick(tree, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert reader.document is not None and reader.document.file_id == shown[1]
    current = tree.currentItem()
    item_before = current.parent() or current
    qtbot.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    current = tree.currentItem()
    item_after = current.parent() or current
    assert tree.indexOfTopLevelItem(item_after) > tree.indexOfTopLevelItem(item_before)
