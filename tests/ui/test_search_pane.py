"""Search in the main window: a hit opens its meeting and the document at the page,
with the words found marked."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from meetingapp.core.search.query import DocumentHit, SearchFilters
from meetingapp.store.notes import NoteKind, save_note
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.main_window import MainWindow
from tests.ui.test_viewer import WAIT_MS


def test_a_document_hit_opens_the_document_at_the_page_with_the_words_marked(
    qtbot: QtBot, window: MainWindow
) -> None:
    report = window.context.index_documents()
    assert report.documents_indexed > 0
    results = window.context.search("budget", SearchFilters())
    hit = next(h for h in results.hits if isinstance(h, DocumentHit) and h.page > 0)
    reading_of(window).search.open()
    assert reading_of(window).search.dock.isVisible()
    reading_of(window).search.panel.document_hit_chosen.emit(
        hit.file_id, hit.page, results.highlight
    )
    view = reading_of(window).reader.active
    qtbot.waitUntil(lambda: view.pdf_view.find_state.hits != (), timeout=WAIT_MS)
    assert view.is_showing(hit.file_id)
    assert view.find_bar.isVisible() and view.find_bar.field.text() == results.highlight
    assert view.pdf_view.current_page() >= hit.page
    meeting = window.context.library.meeting_of(hit.file_id)
    assert reading_of(window).meetings.selected_meeting_id() == meeting


def test_a_note_hit_shows_the_note(qtbot: QtBot, window: MainWindow) -> None:
    library = window.context.library
    meeting_id = reading_of(window).meetings.selected_meeting_id()
    assert meeting_id is not None
    entry = library.agenda(meeting_id)[-1]
    with window.context.store.db.write() as db:
        save_note(db, entry.id, NoteKind.AGENDA_ITEM, "Ställ frågan om förskolans lokaler")
    reading_of(window).search.panel.note_hit_chosen.emit(entry.id)
    notes = reading_of(window).writing.notes
    assert reading_of(window).writing.notes_dock.isVisible()
    assert notes.current_editor().target is not None
    assert notes.current_editor().target.object_id == entry.id
    assert "förskolans lokaler" in notes.current_editor().toPlainText()


def test_ctrl_shift_f_opens_the_search(qtbot: QtBot, window: MainWindow) -> None:
    assert not reading_of(window).search.dock.isVisible()
    reading_of(window).search.toggle_action.trigger()
    assert reading_of(window).search.dock.isVisible()
