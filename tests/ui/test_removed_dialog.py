"""Annotations on a document the server removed: told once, listed, viewable,
and gone only when the user says so."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from meetingapp.store.annotations import annotations_of_file
from meetingapp.store.objects import delete_object
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.main_window import MainWindow
from tests.ui.test_writing import annotate, first_item_with_documents


def remove_annotated_document(window: MainWindow) -> tuple[str, str]:
    _entry, document = first_item_with_documents(window)
    annotate(window, document, "Förslag till beslut", "Varför ändrades detta?")
    with window.context.store.db.write() as db:
        delete_object(db, document.file_id)
    return document.file_id, document.name


def test_the_user_is_told_once(qtbot: QtBot, window: MainWindow) -> None:
    remove_annotated_document(window)
    told = reading_of(window).writing.notice_removals()
    assert told is not None and "1 handling" in told
    assert window.context.writer.flush()
    assert reading_of(window).writing.notice_removals() is None


def test_the_dialog_lists_shows_and_forgets(qtbot: QtBot, window: MainWindow) -> None:
    file_id, name = remove_annotated_document(window)
    dialog = reading_of(window).writing.show_removed()
    top = dialog.tree.topLevelItem(0)
    assert top is not None and name in top.text(0)
    child = top.child(0)
    assert child is not None and "Varför ändrades detta?" in child.text(0)
    assert "Förslag till beslut" in child.text(0)
    assert dialog.view_button.isEnabled()
    with qtbot.waitSignal(dialog.view_requested):
        dialog.view_button.click()
    assert reading_of(window).reader.active.is_showing(file_id)

    again = reading_of(window).writing.show_removed()
    again.confirm = lambda _question: True
    again.forget_button.click()
    assert window.context.writer.flush()
    assert annotations_of_file(window.context.store.db.read(), file_id) == []
    assert again.tree.topLevelItem(0) is not None
    assert not again.forget_button.isEnabled()
