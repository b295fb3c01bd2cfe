"""Selecting text from the keyboard, driven through the real reader and render worker."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from meetingapp.store.annotations import Kind
from meetingapp.ui.reader.document_view import DocumentView
from meetingapp.ui.reader.page_canvas import CaretMove, SelectionMove
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.writing.annotation_layer import AnnotationTool
from tests.ui.test_annotations_ui import drag
from tests.ui.test_viewer import WAIT_MS, document_for

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier

FIRST_PAGE = (
    "Kallelse till nämnden\n"
    "Första raden i stycket\nandra raden med fler ord\ntredje raden slutar här\n"
    "Ett nytt stycke börjar\nmed två rader\n"
    "Sista raden på sidan"
)


def make_packet(path: Path) -> Path:
    """Four pages: blocks of several lines, a last line far down, a page without text."""
    document = pymupdf.open()
    first = document.new_page(width=595, height=842)
    first.insert_text((72, 72), "Kallelse till nämnden", fontsize=16)
    body = "Första raden i stycket\nandra raden med fler ord\ntredje raden slutar här"
    first.insert_text((72, 110), body, fontsize=11)
    first.insert_text((72, 200), "Ett nytt stycke börjar\nmed två rader", fontsize=11)
    first.insert_text((72, 800), "Sista raden på sidan", fontsize=11)
    second = document.new_page(width=595, height=842)
    second.insert_text((72, 72), "Sida två börjar här", fontsize=16)
    second.insert_text((72, 110), "Mer text på sidan två", fontsize=11)
    scanned = document.new_page(width=595, height=842)
    scanned.draw_rect(pymupdf.Rect(72, 72, 300, 300), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    last = document.new_page(width=595, height=842)
    last.insert_text((72, 72), "Bilaga efter tom sida", fontsize=11)
    document.save(path)
    document.close()
    return path


@pytest.fixture
def view(qtbot: QtBot, renderer: PageRenderer, tmp_path: Path) -> DocumentView:
    """A document view showing the packet, its words not asked for yet."""
    shown = DocumentView(renderer)
    qtbot.addWidget(shown)
    shown.resize(1000, 800)
    shown.show()
    qtbot.waitExposed(shown)
    shown.show_document(document_for(make_packet(tmp_path / "kallelse.pdf")))
    qtbot.waitUntil(lambda: shown.pdf_view.canvas.has_pixmap(0), timeout=WAIT_MS)
    shown.pdf_view.setFocus()
    return shown


def key(
    qtbot: QtBot,
    view: DocumentView,
    pressed: Qt.Key,
    modifiers: Qt.KeyboardModifier = SHIFT,
    times: int = 1,
) -> None:
    for _time in range(times):
        qtbot.keyClick(view.pdf_view, pressed, modifiers)


def selected(qtbot: QtBot, view: DocumentView, text: str) -> None:
    """Wait for ``text`` to be the selection (words may still be on their way)."""
    canvas = view.pdf_view.canvas
    qtbot.waitUntil(lambda: canvas.selected_text() == text, timeout=WAIT_MS)


def in_view(view: DocumentView, moves: list[CaretMove]) -> bool:
    """Whether the word the last key took the selection's moving end to is in sight."""
    return bool(moves) and view.pdf_view.visible_rect().contains(moves[-1].rect.toAlignedRect())


def test_shift_arrows_select_word_by_word_from_the_first_word_of_the_page(
    qtbot: QtBot, view: DocumentView
) -> None:
    canvas = view.pdf_view.canvas
    assert not canvas.words_of(0), "the words come when a key asks for them"
    key(qtbot, view, Qt.Key.Key_Right, times=3)  # before the words are here
    selected(qtbot, view, "Kallelse till nämnden")
    key(qtbot, view, Qt.Key.Key_Right)
    selected(qtbot, view, "Kallelse till nämnden\nFörsta")
    key(qtbot, view, Qt.Key.Key_Left, times=2)
    selected(qtbot, view, "Kallelse till")
    key(qtbot, view, Qt.Key.Key_Right, SHIFT | CTRL)
    selected(qtbot, view, "Kallelse till nämnden")


def test_the_keyboard_grows_a_selection_made_with_the_mouse(
    qtbot: QtBot, view: DocumentView
) -> None:
    canvas = view.pdf_view.canvas
    canvas.words_needed.emit(0)
    qtbot.waitUntil(lambda: bool(canvas.words_of(0)), timeout=WAIT_MS)
    drag(qtbot, view, (74, 66), (140, 66))
    assert canvas.selected_text() == "Kallelse till"
    with qtbot.waitSignal(canvas.caret_moved, timeout=WAIT_MS) as moved:
        key(qtbot, view, Qt.Key.Key_Right)
    assert canvas.selected_text() == "Kallelse till nämnden"
    assert moved.args[0].added == "nämnden" and moved.args[0].removed == ""
    key(qtbot, view, Qt.Key.Key_Home)
    assert canvas.selected_text() == "Kallelse"


def test_lines_their_ends_and_blocks(qtbot: QtBot, view: DocumentView) -> None:
    key(qtbot, view, Qt.Key.Key_End)
    selected(qtbot, view, "Kallelse till nämnden")
    key(qtbot, view, Qt.Key.Key_Down)
    selected(qtbot, view, "Kallelse till nämnden\nFörsta raden i stycket")
    key(qtbot, view, Qt.Key.Key_Down, times=2)  # aims at the same place across each line
    selected(qtbot, view, FIRST_PAGE.split("\nEtt")[0])
    key(qtbot, view, Qt.Key.Key_Up)
    key(qtbot, view, Qt.Key.Key_Home)
    selected(qtbot, view, "Kallelse till nämnden\nFörsta raden i stycket\nandra")
    key(qtbot, view, Qt.Key.Key_Down, SHIFT | CTRL)
    selected(qtbot, view, FIRST_PAGE.split("\nEtt")[0])
    key(qtbot, view, Qt.Key.Key_Down, SHIFT | CTRL)  # at a block's end: the next one's
    selected(qtbot, view, FIRST_PAGE.split("\nSista")[0])
    key(qtbot, view, Qt.Key.Key_Up, SHIFT | CTRL)
    selected(qtbot, view, FIRST_PAGE.split(" nytt")[0])


def test_the_selection_crosses_pages_skips_pages_without_text_and_stays_in_view(
    qtbot: QtBot, view: DocumentView
) -> None:
    pdf = view.pdf_view
    moves: list[CaretMove] = []
    pdf.canvas.caret_moved.connect(moves.append)
    top = pdf.verticalScrollBar().value()
    key(qtbot, view, Qt.Key.Key_PageDown)
    selected(qtbot, view, FIRST_PAGE)
    assert moves[-1].page == 0 and pdf.verticalScrollBar().value() > top
    assert in_view(view, moves), "scrolled down to the last line of the page"
    key(qtbot, view, Qt.Key.Key_Right)
    selected(qtbot, view, FIRST_PAGE + "\nSida")
    assert moves[-1].page == 1 and in_view(view, moves)
    key(qtbot, view, Qt.Key.Key_PageDown)
    key(qtbot, view, Qt.Key.Key_Right)
    selected(qtbot, view, FIRST_PAGE + "\nSida två börjar här\nMer text på sidan två\nBilaga")
    assert [run[0] for run in pdf.canvas.selected_runs()] == [0, 1, 3]
    assert moves[-1].page == 3 and in_view(view, moves)
    key(qtbot, view, Qt.Key.Key_PageUp)  # at the first word of a page: the one before's
    selected(qtbot, view, FIRST_PAGE + "\nSida")
    assert moves[-1].page == 1 and in_view(view, moves), "scrolled back up"


def test_select_the_page_in_view_copy_it_and_let_go_with_escape(
    qtbot: QtBot, view: DocumentView
) -> None:
    pdf = view.pdf_view
    pdf.go_to(1)
    assert pdf.current_page() == 1
    key(qtbot, view, Qt.Key.Key_Right)
    selected(qtbot, view, "Sida")
    key(qtbot, view, Qt.Key.Key_A, CTRL)
    selected(qtbot, view, "Sida två börjar här\nMer text på sidan två")
    key(qtbot, view, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "Sida två börjar här\nMer text på sidan två"
    key(qtbot, view, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert not pdf.canvas.has_selection() and pdf.canvas.selected_text() == ""


def test_a_page_without_text_says_so_and_selection_starts_after_it(
    qtbot: QtBot, view: DocumentView
) -> None:
    pdf = view.pdf_view
    pdf.go_to(2)
    assert pdf.current_page() == 2
    with qtbot.waitSignal(pdf.canvas.no_text, timeout=WAIT_MS) as refused:
        key(qtbot, view, Qt.Key.Key_A, CTRL)
    assert refused.args == [2] and not pdf.canvas.has_selection()
    key(qtbot, view, Qt.Key.Key_Right)
    selected(qtbot, view, "Bilaga")


def test_taking_a_text_tool_or_enter_with_one_in_hand_marks_the_selection(
    qtbot: QtBot, view: DocumentView
) -> None:
    layer = view.layer
    key(qtbot, view, Qt.Key.Key_Right, times=3)
    selected(qtbot, view, "Kallelse till nämnden")
    key(qtbot, view, Qt.Key.Key_H, SHIFT | CTRL)
    assert layer.tool is AnnotationTool.HIGHLIGHT
    [heading] = layer.on_page(0)
    assert heading.kind is Kind.HIGHLIGHT and heading.quote is not None
    assert heading.quote.exact == "Kallelse till nämnden"
    assert not view.pdf_view.canvas.has_selection()
    key(qtbot, view, Qt.Key.Key_Down)
    key(qtbot, view, Qt.Key.Key_End)
    selected(qtbot, view, "Kallelse till nämnden\nFörsta raden i stycket")
    assert len(layer.on_page(0)) == 1, "a keyboard selection waits for Enter"
    key(qtbot, view, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    marks = sorted(layer.on_page(0), key=lambda mark: len(mark.geometry.rects))
    assert [len(mark.geometry.rects) for mark in marks] == [1, 2]
    assert marks[1].quote is not None
    assert marks[1].quote.exact == "Kallelse till nämnden Första raden i stycket"
    key(qtbot, view, Qt.Key.Key_Right)
    key(qtbot, view, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert not view.pdf_view.canvas.has_selection() and layer.tool is AnnotationTool.HIGHLIGHT
    key(qtbot, view, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert layer.tool is AnnotationTool.SELECT, "the second Esc puts the pen down"
    key(qtbot, view, Qt.Key.Key_Right, times=2)
    selected(qtbot, view, "Kallelse till")
    key(qtbot, view, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert len(layer.on_page(0)) == 2, "Enter marks nothing without a text tool"


@pytest.mark.parametrize(
    ("letter", "kind"), [(Qt.Key.Key_U, Kind.UNDERLINE), (Qt.Key.Key_X, Kind.STRIKEOUT)]
)
def test_underline_and_strike_out_are_taken_from_the_keyboard(
    qtbot: QtBot, view: DocumentView, letter: Qt.Key, kind: Kind
) -> None:
    key(qtbot, view, Qt.Key.Key_End)
    selected(qtbot, view, "Kallelse till nämnden")
    key(qtbot, view, letter, SHIFT | CTRL)
    [mark] = view.layer.on_page(0)
    assert mark.kind is kind and view.layer.tool.kind is kind


def test_the_tools_shortcuts_wait_for_a_document_that_takes_annotations(
    qtbot: QtBot, renderer: PageRenderer, tmp_path: Path
) -> None:
    empty = DocumentView(renderer)
    qtbot.addWidget(empty)
    assert not empty.tool_actions[AnnotationTool.HIGHLIGHT].isEnabled()
    empty.show_document(document_for(make_packet(tmp_path / "kallelse.pdf")))
    qtbot.waitUntil(empty.tool_actions[AnnotationTool.HIGHLIGHT].isEnabled, timeout=WAIT_MS)
    assert all(action.isEnabled() for action in empty.tool_actions.values())


def test_keys_without_shift_still_scroll(qtbot: QtBot, view: DocumentView) -> None:
    pdf = view.pdf_view
    bar = pdf.verticalScrollBar()
    key(qtbot, view, Qt.Key.Key_Right)
    selected(qtbot, view, "Kallelse")
    top = bar.value()
    key(qtbot, view, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, times=3)
    assert bar.value() > top
    key(qtbot, view, Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier)
    assert bar.value() == bar.maximum()
    key(qtbot, view, Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier)
    assert bar.value() == 0
    key(qtbot, view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier)
    assert bar.value() > 0
    assert pdf.canvas.selected_text() == "Kallelse", "scrolling leaves the selection be"


def test_the_page_view_is_reached_by_tab_and_says_how_to_select(
    qtbot: QtBot, view: DocumentView
) -> None:
    pdf = view.pdf_view
    assert "Skift" in pdf.accessibleDescription() and "Ctrl+A" in pdf.accessibleDescription()
    view.activateWindow()
    qtbot.waitActive(view)
    view.page_field.setFocus()
    for _press in range(6):
        if pdf.hasFocus():
            break
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert pdf.hasFocus()


def test_a_screen_reader_is_told_what_a_key_selected(view: DocumentView) -> None:
    pdf = view.pdf_view
    rect = QRectF(0, 0, 10, 10)
    took = CaretMove(SelectionMove.NEXT_WORD, 0, rect, "nämnden", "")
    gave = CaretMove(SelectionMove.PREVIOUS_WORD, 0, rect, "", "till")
    page = CaretMove(SelectionMove.WHOLE_PAGE, 1, rect, "Sida två", "")
    assert pdf.describe(took) == "nämnden markerat"
    assert pdf.describe(gave) == "till avmarkerat"
    assert pdf.describe(page) == "Hela sidan 2 markerad"
    long = CaretMove(SelectionMove.PAGE_END, 0, rect, "ord " * 200, "")
    assert len(pdf.describe(long)) < 320 and pdf.describe(long).endswith("… markerat")
