"""The search panel, driven from the keyboard against a real indexed store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from meetingapp.core.packet.library import Library
from meetingapp.core.search.index import index_documents
from meetingapp.core.search.query import SearchFilters, SearchResults, search
from meetingapp.store import Store
from meetingapp.ui.search.search_panel import HIT_ROLE, HTML_ROLE, TYPING_PAUSE_MS, SearchPanel
from meetingapp.ui.shell.application import application
from tests.core.test_search import add_user_texts
from tests.core.test_search_index import BUDGET_FILE, BUN, KS_ITEM, SCHOOL_FILE, build_library
from tests.store_keys import TEST_KEYS

WAIT_MS = 3_000


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    store = Store(tmp_path_factory.mktemp("panel") / "data", TEST_KEYS)
    build_library(store)
    uid = add_user_texts(store)
    index_documents(store)
    yield store, uid
    store.close()


@pytest.fixture
def panel(qtbot: QtBot, indexed: tuple[Store, str]) -> SearchPanel:
    application()
    store = indexed[0]

    def run(query: str, filters: SearchFilters) -> SearchResults:
        return search(store.db.read(), query, filters)

    widget = SearchPanel(run, Library(store).committees())
    qtbot.addWidget(widget)
    widget.resize(420, 640)
    widget.show()
    qtbot.waitExposed(widget)
    widget.open_panel()
    return widget


def type_text(widget: QWidget, text: str) -> None:
    """Key presses for each character, å, ä and ö too (QTest's key clicks know only
    ASCII)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)


def type_query(qtbot: QtBot, panel: SearchPanel, text: str) -> SearchResults:
    panel.field.clear()
    with qtbot.waitSignal(panel.searched, timeout=WAIT_MS):
        type_text(panel.field, text)
    results = panel.current_results
    assert results is not None
    assert results.query.text == text
    return results


def shown_files(panel: SearchPanel) -> set[str]:
    hits = [panel.results.item(row).data(HIT_ROLE) for row in range(panel.results.count())]
    return {hit.file_id for hit in hits if hasattr(hit, "file_id")}


def test_typing_searches_after_a_pause(qtbot: QtBot, panel: SearchPanel) -> None:
    results = type_query(qtbot, panel, "björkh")

    assert (results.page_count, results.note_count) == (3, 1)
    assert panel.results.count() == len(results.hits) == 4
    assert panel.count.text() == "4 träffar"
    assert TYPING_PAUSE_MS <= 200


def test_one_search_per_pause_not_per_key(qtbot: QtBot, panel: SearchPanel) -> None:
    searches: list[str] = []
    panel.searched.connect(lambda: searches.append(panel.field.text()))

    type_query(qtbot, panel, "budget")

    assert searches == ["budget"]


def test_a_hit_shows_name_meeting_page_and_snippet(qtbot: QtBot, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "budgetramen")

    rows = [panel.results.item(row) for row in range(panel.results.count())]
    document = next(item for item in rows if "s. 1" in item.text().split("\n")[1])
    lines = document.text().split("\n")
    assert lines[0] == "Mål och budget 2027"
    assert lines[1].startswith("s. 1 · Kommunstyrelsen 2026-11-24 · ")
    assert lines[1].endswith("3 Mål och budget 2027")
    assert "budgetramen" in lines[2]
    assert "<b>budgetramen</b>" in document.data(HTML_ROLE)
    assert any(item.text().startswith("Kommentar i Mål och budget 2027") for item in rows)


def test_markup_in_a_document_is_shown_as_text(qtbot: QtBot, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "fetstil")

    rich = panel.results.item(0).data(HTML_ROLE)
    assert "&lt;script&gt;" in rich
    assert "<script>" not in rich
    panel.results.viewport().repaint()  # the delegate draws it without complaint


def test_the_committee_filter_narrows_the_hits(qtbot: QtBot, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "björkhagen")
    assert shown_files(panel) == {BUDGET_FILE, SCHOOL_FILE, "file/scan"}

    with qtbot.waitSignal(panel.searched, timeout=WAIT_MS):
        panel.committee.setCurrentIndex(panel.committee.findData(BUN))

    assert panel.filters().committee_ids == {BUN}
    assert shown_files(panel) == {SCHOOL_FILE, "file/scan"}


def test_the_date_range_narrows_the_hits(qtbot: QtBot, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "björkhagen")
    panel.from_date.setDate(panel.from_date.date().fromString("2026-11-01", "yyyy-MM-dd"))

    with qtbot.waitSignal(panel.searched, timeout=WAIT_MS):
        panel.from_enabled.setChecked(True)

    assert shown_files(panel) == {BUDGET_FILE}
    with qtbot.waitSignal(panel.searched, timeout=WAIT_MS):
        panel.from_enabled.setChecked(False)
    assert len(shown_files(panel)) == 3


def test_down_then_enter_opens_the_page_with_the_highlight(
    qtbot: QtBot, panel: SearchPanel
) -> None:
    type_query(qtbot, panel, '"detaljplan för skolan"')

    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    assert panel.results.hasFocus()
    assert panel.results.currentRow() == 0
    with qtbot.waitSignal(panel.document_hit_chosen, timeout=WAIT_MS) as chosen:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)

    assert chosen.args == [BUDGET_FILE, 1, "detaljplan för skolan"]


def test_up_from_the_first_hit_returns_to_the_field(qtbot: QtBot, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "skolan")
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)

    qtbot.keyClick(panel.results, Qt.Key.Key_Up)

    assert panel.field.hasFocus()


def test_enter_in_the_field_opens_the_best_hit(qtbot: QtBot, panel: SearchPanel) -> None:
    panel.field.clear()
    type_text(panel.field, "elevhälsan")  # Enter before the pause ends searches now

    with qtbot.waitSignal(panel.document_hit_chosen, timeout=WAIT_MS) as chosen:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)

    assert chosen.args == [SCHOOL_FILE, 0, "elevhälsan"]


def test_note_and_comment_hits_emit_their_own_signals(
    qtbot: QtBot, panel: SearchPanel, indexed: tuple[Store, str]
) -> None:
    type_query(qtbot, panel, "återremiss")
    note_row = next(
        row
        for row in range(panel.results.count())
        if panel.results.item(row).text().startswith("Anteckning: ")
    )
    panel.results.setFocus()
    panel.results.setCurrentRow(note_row)
    with qtbot.waitSignal(panel.note_hit_chosen, timeout=WAIT_MS) as note:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert note.args == [KS_ITEM]

    type_query(qtbot, panel, "lokalkostnaderna")
    panel.results.setFocus()
    panel.results.setCurrentRow(0)
    with qtbot.waitSignal(panel.annotation_hit_chosen, timeout=WAIT_MS) as comment:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert comment.args == [BUDGET_FILE, 1, indexed[1]]


def test_no_hits_and_what_cannot_be_searched_are_said(qtbot: QtBot, panel: SearchPanel) -> None:
    type_query(qtbot, panel, "kommunalskatt")

    assert panel.count.text() == "Inga träffar"
    assert panel.results.count() == 0
    assert panel.notice.text() == "2 sidor i 1 dokument saknar text och kan inte sökas."
    assert not panel.notice.isHidden()


def test_not_yet_indexed_documents_are_announced(qtbot: QtBot, tmp_path: Path) -> None:
    application()
    store = Store(tmp_path / "data", TEST_KEYS)
    try:
        build_library(store)
        widget = SearchPanel(lambda query, filters: search(store.db.read(), query, filters))
        qtbot.addWidget(widget)
        widget.search_now()
        assert widget.notice.text() == "3 dokument har inte lästs in för sökning ännu."
    finally:
        store.close()


def test_every_control_has_an_accessible_name(panel: SearchPanel) -> None:
    controls = [
        widget
        for widget in panel.findChildren(QWidget)
        if isinstance(widget, QAbstractButton | QComboBox | QLineEdit | QAbstractItemView)
        or widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    controls = [widget for widget in controls if widget.parent() is panel]
    assert len(controls) >= 7
    for widget in controls:
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None
        assert interface.text(QAccessible.Text.Name), type(widget).__name__
