"""Annotating in the reader: each tool, durable at once, undo and redo, review."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from meetingapp.core.writing.user_data import UserData, UserDataWriter
from meetingapp.store import Store
from meetingapp.store.annotations import (
    AnchorState,
    Annotation,
    Geometry,
    Kind,
    TextQuote,
    annotations_of_file,
    save_annotation,
)
from meetingapp.store.local import record_file_version
from meetingapp.ui.reader.document_view import DocumentView
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.reader.reader import ReaderPane
from meetingapp.ui.writing.annotation_layer import COLOURS, AnnotationTool
from tests.store_keys import TEST_KEYS
from tests.ui.test_viewer import WAIT_MS, MemoryPositions, document_for, make_pdf

FILE_ID = "file-1"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "data", TEST_KEYS)
    with opened.db.write() as db:
        for number in (1, 2):
            record_file_version(db, FILE_ID, f"{number:064x}", 100, None)
    yield opened
    opened.close()


@pytest.fixture
def user_data(store: Store) -> Iterator[UserData]:
    writer = UserDataWriter(store.db)
    yield UserData(store.db, writer)
    writer.close()


@pytest.fixture
def reader(qtbot: QtBot, renderer: PageRenderer, user_data: UserData) -> ReaderPane:
    pane = ReaderPane(renderer, MemoryPositions(), user_data)
    qtbot.addWidget(pane)
    pane.resize(1000, 800)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


@pytest.fixture
def packet(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "handling.pdf", pages=3)


def stored(store: Store, user_data: UserData) -> list[Annotation]:
    assert user_data.writer.flush()
    return annotations_of_file(store.db.read(), FILE_ID)


def open_document(qtbot: QtBot, view: DocumentView, packet: Path, version: int = 1) -> None:
    view.show_document(replace(document_for(packet, FILE_ID), version_id=version))
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(0), timeout=WAIT_MS)
    view.pdf_view.canvas.words_needed.emit(0)
    qtbot.waitUntil(lambda: bool(view.pdf_view.canvas.words_of(0)), timeout=WAIT_MS)


def at(view: DocumentView, x: float, y: float, page: int = 0) -> QPoint:
    canvas = view.pdf_view.canvas
    origin = canvas.page_rect(page).topLeft()
    return QPoint(round(origin.x() + x * canvas.scale), round(origin.y() + y * canvas.scale))


def drag(
    qtbot: QtBot, view: DocumentView, start: tuple[float, float], end: tuple[float, float]
) -> None:
    canvas = view.pdf_view.canvas
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at(view, *start))
    for step in range(1, 5):
        x = start[0] + (end[0] - start[0]) * step / 4
        y = start[1] + (end[1] - start[1]) * step / 4
        qtbot.mouseMove(canvas, at(view, x, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=at(view, *end))


def answer_with(view: DocumentView, text: str | None) -> None:
    view.layer.ask_text = lambda _parent, _title, _current: text


def test_the_highlighter_marks_the_text_dragged_over_and_stores_it_at_once(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.HIGHLIGHT)
    drag(qtbot, view, (74, 106), (200, 106))
    [mark] = stored(store, user_data)
    assert mark.kind is Kind.HIGHLIGHT and mark.page == 0 and mark.version_id == 1
    assert mark.quote.exact.startswith("Förvaltningen föreslår")
    assert mark.quote.start == len("Sida 1 av handlingen ")
    assert mark.quote.prefix.endswith("handlingen ")
    assert mark.colour == COLOURS[0][0]
    x0, y0, _x1, y1 = mark.geometry.rects[0]
    assert 70 < x0 < 80 and y0 < 106 < y1
    assert view.layer.on_page(0) == [mark]
    assert not view.pdf_view.canvas.selected_runs()  # the selection became the mark


def test_a_text_tool_chosen_with_text_selected_marks_it(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    drag(qtbot, view, (74, 106), (160, 106))
    assert view.pdf_view.canvas.selected_runs()
    view.choose_tool(AnnotationTool.STRIKEOUT)
    view.choose_tool(AnnotationTool.UNDERLINE)  # nothing selected any more: no second mark
    [mark] = stored(store, user_data)
    assert mark.kind is Kind.STRIKEOUT


def test_undo_and_redo_reach_the_store(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.HIGHLIGHT)
    drag(qtbot, view, (74, 106), (200, 106))
    assert len(stored(store, user_data)) == 1
    view.pdf_view.setFocus()
    qtbot.keyClick(view.pdf_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(store, user_data) == [] and view.layer.on_page(0) == []
    view.redo_action.trigger()
    assert len(stored(store, user_data)) == 1


def test_ink_keeps_its_stroke_and_the_words_it_is_drawn_by(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.INK)
    drag(qtbot, view, (80, 118), (300, 124))
    [ink] = stored(store, user_data)
    assert ink.kind is Kind.INK and len(ink.geometry.strokes[0]) >= 5
    assert ink.geometry.anchor is not None
    assert "Förvaltningen" in ink.quote.exact or "budget" in ink.quote.exact


def test_a_note_asks_for_its_comment_and_a_double_click_edits_it(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.NOTE)
    answer_with(view, "Fråga om kostnaden")
    qtbot.mouseClick(view.pdf_view.canvas, Qt.MouseButton.LeftButton, pos=at(view, 400, 200))
    [note] = stored(store, user_data)
    assert note.kind is Kind.NOTE and note.comment == "Fråga om kostnaden"
    view.choose_tool(AnnotationTool.SELECT)
    answer_with(view, "Fråga om kostnaden för 2027")
    qtbot.mouseDClick(view.pdf_view.canvas, Qt.MouseButton.LeftButton, pos=at(view, 405, 205))
    [edited] = stored(store, user_data)
    assert edited.comment == "Fråga om kostnaden för 2027" and edited.uid == note.uid


def test_a_cancelled_note_makes_nothing(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.NOTE)
    answer_with(view, None)
    qtbot.mouseClick(view.pdf_view.canvas, Qt.MouseButton.LeftButton, pos=at(view, 400, 200))
    assert stored(store, user_data) == []


def test_a_text_box_drawn_or_clicked(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.TEXTBOX)
    answer_with(view, "Yrka avslag")
    drag(qtbot, view, (300, 300), (500, 360))
    qtbot.mouseClick(view.pdf_view.canvas, Qt.MouseButton.LeftButton, pos=at(view, 100, 500))
    drawn, clicked = sorted(stored(store, user_data), key=lambda a: a.geometry.rects[0][1])
    assert drawn.kind is Kind.TEXTBOX and drawn.comment == "Yrka avslag"
    x0, _y0, _x1, y1 = drawn.geometry.rects[0]
    assert abs(x0 - 300) < 3 and abs(y1 - 360) < 3
    assert clicked.geometry.rects[0][2] - clicked.geometry.rects[0][0] == pytest.approx(180)


def test_a_clicked_annotation_is_selected_recoloured_and_deleted(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.HIGHLIGHT)
    drag(qtbot, view, (74, 106), (200, 106))
    view.choose_tool(AnnotationTool.SELECT)
    qtbot.mouseClick(view.pdf_view.canvas, Qt.MouseButton.LeftButton, pos=at(view, 100, 106))
    selected = view.layer.selected()
    assert selected is not None
    view.choose_colour(COLOURS[2][0])
    [recoloured] = stored(store, user_data)
    assert recoloured.colour == COLOURS[2][0]
    view.pdf_view.setFocus()
    qtbot.keyClick(view.pdf_view, Qt.Key.Key_Delete)
    assert stored(store, user_data) == []
    view.undo_action.trigger()
    assert [a.colour for a in stored(store, user_data)] == [COLOURS[2][0]]


def test_annotations_come_back_when_the_document_is_opened_again(
    qtbot: QtBot,
    renderer: PageRenderer,
    reader: ReaderPane,
    packet: Path,
    store: Store,
    user_data: UserData,
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.UNDERLINE)
    drag(qtbot, view, (74, 106), (200, 106))
    assert user_data.writer.flush()
    again = ReaderPane(renderer, MemoryPositions(), UserData(store.db, user_data.writer))
    qtbot.addWidget(again)
    again.primary.show_document(document_for(packet, FILE_ID))
    assert [a.kind for a in again.primary.layer.on_page(0)] == [Kind.UNDERLINE]


def _waiting(store: Store, state: AnchorState, version: int, page: int = 0) -> Annotation:
    annotation = replace(
        Annotation.new(
            FILE_ID,
            version,
            Kind.HIGHLIGHT,
            page,
            Geometry(rects=((72.0, 100.0, 200.0, 112.0),)),
            colour=COLOURS[0][0],
            quote=TextQuote("Förvaltningen föreslår", "handlingen ", " att", 21),
            comment="Viktigt",
        ),
        state=state,
        previous_page=2 if state is AnchorState.MOVED else None,
        checked_version_id=2,
    )
    with store.db.write() as db:
        save_annotation(db, annotation)
    return annotation


def test_what_needs_review_is_listed_and_can_be_placed_on_selected_text(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    waiting = _waiting(store, AnchorState.REVIEW, version=1)
    view = reader.primary
    open_document(qtbot, view, packet, version=2)
    bar = view.review_bar
    assert bar.isVisible() and "1 anteckning" in bar.summary.text()
    assert view.layer.on_page(0) == []  # not drawn where it might be wrong
    bar.toggle.click()
    assert "Förvaltningen föreslår" in bar.list.item(0).text()
    assert not bar.place_button.isHidden()
    bar.place_button.click()
    assert "Markera först" in bar.summary.text()  # nothing selected yet
    drag(qtbot, view, (74, 140), (200, 140))  # "Särskild budget för år 2027"
    bar.place_button.click()
    [placed] = stored(store, user_data)
    assert placed.uid == waiting.uid and placed.version_id == 2
    assert placed.state is AnchorState.PLACED and placed.quote.exact.startswith("Särskild")
    assert placed.comment == "Viktigt"
    assert bar.isHidden()


def test_an_annotation_to_review_is_shown_on_its_old_version_beside(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    waiting = _waiting(store, AnchorState.REVIEW, version=1)
    reader.version_paths = lambda version: packet if version == 1 else None
    view = reader.primary
    open_document(qtbot, view, packet, version=2)
    view.review_bar.toggle.click()
    view.review_bar.go_button.click()
    assert reader.is_split
    old = reader.secondary
    assert old.document is not None and old.document.version_id == 1
    assert "tidigare version" in old.document.name
    assert old.layer.on_page(0)[0].uid == waiting.uid
    qtbot.waitUntil(lambda: old.layer.selected() is not None, timeout=WAIT_MS)


def test_a_moved_annotation_is_shown_until_the_user_accepts_it(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    moved = _waiting(store, AnchorState.MOVED, version=2)
    view = reader.primary
    open_document(qtbot, view, packet, version=2)
    bar = view.review_bar
    assert bar.isVisible() and "flyttades" in bar.summary.text()
    bar.toggle.click()
    assert "från s. 3 till s. 1" in bar.list.item(0).text()
    bar.go_button.click()
    assert view.layer.selected() is not None and view.layer.selected().uid == moved.uid
    bar.accept_button.click()
    [accepted] = stored(store, user_data)
    assert accepted.state is AnchorState.PLACED
    assert bar.isHidden()


def test_remove_from_the_review_list(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    _waiting(store, AnchorState.REVIEW, version=1)
    view = reader.primary
    open_document(qtbot, view, packet, version=2)
    view.review_bar.toggle.click()
    view.review_bar.remove_button.click()
    assert stored(store, user_data) == []
    view.undo_action.trigger()
    assert len(stored(store, user_data)) == 1


def test_escape_puts_the_pen_down(qtbot: QtBot, reader: ReaderPane, packet: Path) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.INK)
    view.pdf_view.setFocus()
    qtbot.keyClick(view.pdf_view, Qt.Key.Key_Escape)
    assert view.layer.tool is AnnotationTool.SELECT
    assert view.tool_actions[AnnotationTool.SELECT].isChecked()


def test_the_menu_of_an_annotation_recolours_and_removes_it(
    qtbot: QtBot, reader: ReaderPane, packet: Path, store: Store, user_data: UserData
) -> None:
    view = reader.primary
    open_document(qtbot, view, packet)
    view.choose_tool(AnnotationTool.HIGHLIGHT)
    drag(qtbot, view, (74, 106), (200, 106))
    [mark] = stored(store, user_data)
    menu = view.layer.menu_for(mark.uid, view)
    texts = [action.text() for action in menu.actions() if action.text()]
    assert texts == ["Ändra kommentar…", "Färg", "Ta bort anteckning"]
    colours = menu.actions()[1].menu()
    colours.actions()[3].trigger()
    assert [a.colour for a in stored(store, user_data)] == [COLOURS[3][0]]
    menu.actions()[-1].trigger()
    assert stored(store, user_data) == []
