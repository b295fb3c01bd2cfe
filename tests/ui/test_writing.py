"""The user's writing in the main window: notes follow the agenda, stars show in it,
the overview leads back to what was written, and the menu exports and prints."""

from __future__ import annotations

import errno
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from meetingapp.core.packet.library import AgendaEntry, Document
from meetingapp.core.writing import user_data
from meetingapp.store.annotations import Annotation, Geometry, Kind, TextQuote
from meetingapp.store.notes import flagged_of, get_note
from meetingapp.ui.packet.agenda_panel import DOCUMENT_ROLE, ENTRY_ROLE
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.main_window import MainWindow
from meetingapp.ui.shell.tasks import wait_for_background_tasks
from meetingapp.ui.writing import pane as writing
from tests.ui.test_viewer import WAIT_MS, type_text


def first_item_with_documents(window: MainWindow) -> tuple[AgendaEntry, Document]:
    tree = reading_of(window).agenda.tree
    for index in range(tree.topLevelItemCount()):
        node = tree.topLevelItem(index)
        entry = node.data(0, ENTRY_ROLE) if node else None
        if node is not None and isinstance(entry, AgendaEntry) and node.childCount():
            child = node.child(0)
            document = child.data(0, DOCUMENT_ROLE) if child else None
            if isinstance(document, Document) and document.local_path is not None:
                return entry, document
    raise AssertionError("no agenda item with a document on this machine")


@pytest.fixture
def writing_window(window: MainWindow) -> MainWindow:
    reading_of(window).writing.show_notes()
    return window


def test_the_notes_follow_the_agenda_item_and_are_saved(
    qtbot: QtBot, writing_window: MainWindow
) -> None:
    window = writing_window
    entry, _document = first_item_with_documents(window)
    assert reading_of(window).agenda.select_object(entry.id)
    notes = reading_of(window).writing.notes
    assert notes.current_editor().target is not None
    assert notes.current_editor().target.object_id == entry.id
    notes.focus_editor()
    type_text(notes.current_editor(), "Fråga om kostnaderna")
    notes.flush()
    assert window.context.writer.flush()
    note = get_note(window.context.store.db.read(), entry.id)
    assert note is not None and "Fråga om kostnaderna" in note.body
    reading_of(window).writing.refresh_overview()
    assert any(entry.id in target for target in reading_of(window).writing.overview.targets())


def test_a_star_shows_in_the_agenda(qtbot: QtBot, writing_window: MainWindow) -> None:
    window = writing_window
    entry, _document = first_item_with_documents(window)
    reading_of(window).agenda.select_object(entry.id)
    reading_of(window).writing.notes.star.click()
    assert window.context.writer.flush()
    assert flagged_of(window.context.store.db.read(), [entry.id]) == {entry.id}
    node = reading_of(window).agenda.tree.currentItem()
    while node is not None and node.parent() is not None:
        node = node.parent()
    assert node is not None and node.text(0).startswith("★")


def annotate(
    window: MainWindow,
    document: Document,
    quote: str = "budget",
    comment: str = "Kolla siffrorna",
) -> Annotation:
    """A highlight on the document's first page, stored as the reader would."""
    annotation = Annotation.new(
        document.file_id,
        document.version_id,
        Kind.HIGHLIGHT,
        0,
        Geometry(rects=((72.0, 72.0, 300.0, 90.0),)),
        colour="#ffd400",
        quote=TextQuote(quote),
        comment=comment,
    )
    window.context.user_data.save(annotation)
    assert window.context.writer.flush()
    return annotation


def test_the_overview_leads_to_an_annotation(qtbot: QtBot, writing_window: MainWindow) -> None:
    window = writing_window
    _entry, document = first_item_with_documents(window)
    annotation = annotate(window, document)
    reading_of(window).writing.refresh_overview()
    reading_of(window).writing.overview.annotation_chosen.emit(document.file_id, 0, annotation.uid)
    view = reading_of(window).reader.active
    qtbot.waitUntil(lambda: view.layer.selected() is not None, timeout=WAIT_MS)
    assert view.is_showing(document.file_id)
    selected = view.layer.selected()
    assert selected is not None and selected.uid == annotation.uid


def test_my_notes_as_markdown_hold_what_was_written(
    qtbot: QtBot, writing_window: MainWindow
) -> None:
    window = writing_window
    entry, document = first_item_with_documents(window)
    reading_of(window).agenda.select_object(entry.id)
    reading_of(window).writing.notes.focus_editor()
    type_text(reading_of(window).writing.notes.current_editor(), "Yrka återremiss")
    annotate(window, document)
    made = reading_of(window).writing._notes_markdown()
    assert made is not None
    markdown, name = made
    assert "Yrka återremiss" in markdown and "Kolla siffrorna" in markdown
    assert entry.name in markdown and name.endswith(".md") is False


def test_the_document_is_exported_with_the_annotations(
    qtbot: QtBot, writing_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = writing_window
    _entry, document = first_item_with_documents(window)
    reading_of(window).show_document(document)
    annotation = annotate(window, document)
    target = tmp_path / "med anteckningar.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), ""))
    )
    task = reading_of(window).writing.export_document()
    assert task is not None
    assert wait_for_background_tasks()
    qtbot.waitUntil(target.exists, timeout=WAIT_MS)
    with pymupdf.open(target) as exported:
        contents = [annot.info["content"] for annot in exported[0].annots()]
    assert contents == [annotation.comment]


def test_the_menu_holds_the_panes_and_the_exports(writing_window: MainWindow) -> None:
    menu = next(
        action.menu()
        for action in writing_window.menuBar().actions()
        if action.text().replace("&", "") == "Anteckningar"
    )
    texts = [action.text().replace("&", "") for action in menu.actions() if action.text()]
    assert "Anteckningar" in texts and "Mina anteckningar" in texts
    assert any("PDF" in text for text in texts) and any("Skriv ut" in text for text in texts)


def test_a_write_that_fails_is_shown_until_it_succeeds(
    qtbot: QtBot, writing_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_data, "RETRY_PAUSES", (0.05,))
    disk = {"full": True}

    def write(_db: object) -> None:
        if disk["full"]:
            raise OSError(errno.ENOSPC, "No space left on device")

    writing_window.context.writer.submit(write)
    warning = reading_of(writing_window).writing.write_warning
    qtbot.waitUntil(lambda: warning.isVisibleTo(writing_window), timeout=WAIT_MS)
    assert "No space left on device" in warning.text() and "stäng inte" in warning.text()
    disk["full"] = False
    qtbot.waitUntil(lambda: not warning.isVisibleTo(writing_window), timeout=WAIT_MS)


def test_closing_with_unsaved_writing_asks_first(
    qtbot: QtBot, writing_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_data, "RETRY_PAUSES", (0.05,))
    monkeypatch.setattr(writing, "CLOSE_WAIT", 0.2)
    disk = {"full": True}

    def write(_db: object) -> None:
        if disk["full"]:
            raise OSError(errno.ENOSPC, "No space left on device")

    writing_window.context.writer.submit(write)
    answers = [QMessageBox.StandardButton.Retry]
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *_args: answers.pop(0)))
    assert not writing_window.close(), "the user chose to wait"
    assert writing_window.isVisible()
    disk["full"] = False
    assert writing_window.context.writer.flush()
    assert writing_window.close()


def test_a_hidden_overview_is_read_when_it_is_shown(
    qtbot: QtBot, writing_window: MainWindow
) -> None:
    window = writing_window
    entry, _document = first_item_with_documents(window)
    reading_of(window).agenda.select_object(entry.id)
    assert not reading_of(window).writing.overview.isVisible()  # the notes are in front
    reading_of(window).writing.notes.focus_editor()
    type_text(reading_of(window).writing.notes.current_editor(), "Begär ordet")
    reading_of(window).writing.notes.flush()
    assert window.context.writer.flush()
    qtbot.wait(writing.OVERVIEW_DELAY_MS + 100)
    assert not any(entry.id in target for target in reading_of(window).writing.overview.targets())
    reading_of(window).writing.show_overview()
    qtbot.waitUntil(
        lambda: any(entry.id in t for t in reading_of(window).writing.overview.targets()),
        timeout=WAIT_MS,
    )
