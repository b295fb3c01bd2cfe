"""The document reader, driven through its real widgets and a real render worker."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
    QNativeGestureEvent,
    QPixmap,
    QPointingDevice,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from meetingapp.core.packet.library import Document, DocumentRole
from meetingapp.store import Database
from meetingapp.store.local import DocumentPosition
from meetingapp.ui.reader.document_view import DocumentView
from meetingapp.ui.reader.image_cache import ImageCache
from meetingapp.ui.reader.page_canvas import TILE_PIXELS
from meetingapp.ui.reader.page_renderer import PageRenderer, PageRequest
from meetingapp.ui.reader.reader import ReaderPane, StorePositions
from meetingapp.ui.reader.zoom import (
    MAX_PERCENT,
    MIN_PERCENT,
    Viewport,
    Zoom,
    ZoomMode,
    scale_for,
    step,
)
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.tasks import wait_for_background_tasks
from tests.store_keys import TEST_KEYS

WAIT_MS = 20_000
LINE = "Förvaltningen föreslår att nämnden beslutar om budget för äldreomsorgen"


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; QTest's keyClicks only knows ASCII characters."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)


def make_pdf(path: Path, pages: int = 12, labels: bool = True) -> Path:
    """A text PDF with an outline, page labels ("i", "ii", then 1, 2, …) and a word per page."""
    document = pymupdf.open()
    for index in range(pages):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 72), f"Sida {index + 1} av handlingen", fontsize=16)
        page.insert_text((72, 110), LINE, fontsize=11)
        if index % 3 == 0:
            page.insert_text((72, 140), "Särskild budget för år 2027", fontsize=11)
    if labels:
        document.set_page_labels(
            [
                {"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
                {"startpage": 2, "prefix": "", "style": "D", "firstpagenum": 1},
            ]
        )
    document.set_toc([[1, "Inledning", 1], [1, "Förslag till beslut", 3], [2, "Budget", 4]])
    document.save(path)
    document.close()
    return path


def document_for(path: Path, file_id: str = "file-1", name: str = "Tjänsteskrivelse") -> Document:
    mime = "application/pdf" if path.suffix == ".pdf" else None
    return Document(
        file_id=file_id,
        name=name,
        file_name=path.name,
        mime_type=mime,
        size=path.stat().st_size,
        role=DocumentRole.MAIN,
        confidential=None,
        local_path=path,
        version_id=1,
    )


class MemoryPositions:
    def __init__(self) -> None:
        self.saved: dict[str, DocumentPosition] = {}

    def load(self, file_id: str) -> DocumentPosition | None:
        return self.saved.get(file_id)

    def save(self, file_id: str, position: DocumentPosition) -> None:
        self.saved[file_id] = position


@pytest.fixture
def reader(qtbot: QtBot, renderer: PageRenderer) -> ReaderPane:
    pane = ReaderPane(renderer, MemoryPositions())
    qtbot.addWidget(pane)
    pane.resize(1000, 800)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


@pytest.fixture
def packet(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "handling.pdf")


def open_in(qtbot: QtBot, view: DocumentView, document: Document) -> None:
    view.show_document(document)
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(0), timeout=WAIT_MS)


# The zoom model ---------------------------------------------------------------------


def test_zoom_is_stored_as_text_and_read_back() -> None:
    for zoom in (Zoom.fit_width(), Zoom.fit_page(), Zoom.at(150)):
        assert Zoom.parse(zoom.serialise()) == zoom
    assert Zoom.parse("175 %") == Zoom.at(175)
    assert Zoom.parse("1000") == Zoom.at(MAX_PERCENT)
    assert Zoom.parse("5") == Zoom.at(MIN_PERCENT)
    assert Zoom.parse("nonsense").mode is ZoomMode.FIT_WIDTH


def test_zoom_scales_follow_the_mode() -> None:
    viewport = Viewport(width=600, height=400, dpi=96)
    a4 = (595.0, 842.0)
    assert scale_for(Zoom.fit_width(), viewport, a4) == pytest.approx(600 / 595)
    assert scale_for(Zoom.fit_page(), viewport, a4) == pytest.approx(400 / 842)
    assert scale_for(Zoom.at(100), viewport, a4) == pytest.approx(96 / 72)
    assert step(100, +1) == Zoom.at(110)
    assert step(100, -1) == Zoom.at(85)
    assert step(MAX_PERCENT, +1) == Zoom.at(MAX_PERCENT)
    assert step(MIN_PERCENT, -1) == Zoom.at(MIN_PERCENT)


def test_image_cache_is_bounded_in_bytes_and_keeps_what_is_in_view(qtbot: QtBot) -> None:
    application()
    one_image = QPixmap(100, 100)
    size = one_image.width() * one_image.height() * one_image.depth() // 8
    cache: ImageCache[int] = ImageCache(budget_bytes=3 * size)
    evicted: list[int] = []
    for key in range(10):
        evicted += cache.put(key, QPixmap(100, 100), protected={0})
    assert cache.size_bytes <= 3 * size
    assert 0 in cache, "an image in view is never evicted"
    assert evicted == [1, 2, 3, 4, 5, 6, 7]
    assert cache.keys() == [0, 8, 9]


# Reading ----------------------------------------------------------------------------


def test_document_opens_at_the_first_page_with_its_page_count(
    qtbot: QtBot, reader: ReaderPane, packet: Path
) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    assert view.currentWidget() is view.pdf_view
    assert view.page_field.text() == "i", "the page's own label"
    assert "12" in view.page_total.text()
    image = view.pdf_view.canvas.grab().toImage()
    assert image.pixelColor(image.width() // 2, 60).lightness() > 200, "a white page"


def test_ctrl_wheel_zooms_around_the_pointer_and_ctrl_0_fits_the_width(
    qtbot: QtBot, reader: ReaderPane, packet: Path
) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    pdf = view.pdf_view
    before = pdf.effective_percent()
    point = QPointF(pdf.viewport().width() / 2, 200)
    anchor = pdf.canvas.to_page(QPointF(pdf.visible_rect().topLeft()) + point)
    wheel = QWheelEvent(
        point,
        pdf.viewport().mapToGlobal(point),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(pdf.viewport(), wheel)
    assert pdf.zoom.mode is ZoomMode.PERCENT
    assert pdf.effective_percent() == pytest.approx(before * 1.21, rel=0.02)
    after = pdf.canvas.to_page(QPointF(pdf.visible_rect().topLeft()) + point)
    assert anchor is not None and after is not None
    assert after[0] == anchor[0]
    assert after[1].y() == pytest.approx(anchor[1].y(), abs=2), "the point under the pointer stays"
    assert view.zoom_box.currentText() == f"{round(pdf.effective_percent())} %"
    qtbot.waitUntil(lambda: pdf.canvas.has_pixmap(pdf.current_page()), timeout=WAIT_MS)
    reader.actions_by_name["fit_width"].trigger()
    assert pdf.zoom == Zoom.fit_width()
    assert view.zoom_box.currentText() == "Anpassa bredd"


def test_fit_page_shows_a_whole_page(qtbot: QtBot, reader: ReaderPane, packet: Path) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    reader.actions_by_name["fit_page"].trigger()
    assert view.pdf_view.canvas.page_rect(0).height() <= view.pdf_view.viewport().height()


def test_deep_zoom_renders_tiles_of_what_is_in_view(
    qtbot: QtBot, reader: ReaderPane, packet: Path
) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    pdf = view.pdf_view
    pdf.set_zoom(Zoom.at(MAX_PERCENT))
    canvas = pdf.canvas
    qtbot.waitUntil(
        lambda: all(request in canvas.images for request in pdf._requests_in(pdf.visible_rect())),
        timeout=WAIT_MS,
    )
    current = [key for key in canvas.images if key.scale == canvas.device_scale]
    assert current and all(key.clip is not None for key in current)
    for key in current:
        image = canvas.images.get(key)
        assert image is not None
        assert image.width() <= TILE_PIXELS + 1 and image.height() <= TILE_PIXELS + 1
    page_pixels = 595 * 842 * canvas.device_scale**2
    assert sum(1 for key in current if key.page == 0) < page_pixels / TILE_PIXELS**2


def test_go_to_page_by_label_or_number(qtbot: QtBot, reader: ReaderPane, packet: Path) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    reader.actions_by_name["go_to_page"].trigger()
    assert view.page_field.hasFocus()
    qtbot.keyClicks(view.page_field, "5")
    qtbot.keyClick(view.page_field, Qt.Key.Key_Return)
    assert view.pdf_view.current_page() == 6, "label 5 is the seventh page (after i and ii)"
    assert view.page_index_of("ii") == 1
    assert view.page_index_of("99") is None
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(6), timeout=WAIT_MS)


def test_keyboard_scrolls_the_pages(qtbot: QtBot, reader: ReaderPane, packet: Path) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    pdf = view.pdf_view
    pdf.setFocus()
    qtbot.keyClick(pdf, Qt.Key.Key_End)
    assert pdf.current_page() == 11
    qtbot.keyClick(pdf, Qt.Key.Key_Home)
    assert pdf.current_page() == 0
    qtbot.keyClick(pdf, Qt.Key.Key_PageDown)
    assert pdf.verticalScrollBar().value() > 0


def test_thumbnails_and_outline_take_the_reader_to_a_page(
    qtbot: QtBot, reader: ReaderPane, packet: Path
) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    reader.actions_by_name["sidebar"].trigger()
    thumbnails = view.sidebar.thumbnails
    assert thumbnails.count() == 12
    assert thumbnails.item(2).text() == "1"
    qtbot.waitUntil(lambda: not thumbnails.item(0).icon().isNull(), timeout=WAIT_MS)
    thumbnails.itemClicked.emit(thumbnails.item(8))
    assert view.pdf_view.current_page() == 8
    outline = view.sidebar.outline
    assert view.sidebar.isTabVisible(1)
    titles = [outline.topLevelItem(index).text(0) for index in range(outline.topLevelItemCount())]
    assert titles == ["Inledning", "Förslag till beslut"]
    outline.itemClicked.emit(outline.topLevelItem(1).child(0), 0)
    assert view.pdf_view.current_page() == 3


def test_find_highlights_every_hit_and_steps_through_them(
    qtbot: QtBot, reader: ReaderPane, packet: Path
) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    reader.actions_by_name["find"].trigger()
    assert view.find_bar.isVisible() and view.find_bar.field.hasFocus()
    type_text(view.find_bar.field, "särskild BUDGET")
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(view.pdf_view.find_state.hits), timeout=WAIT_MS)
    state = view.pdf_view.find_state
    assert [page for page, _rect in state.hits] == [0, 3, 6, 9]
    assert view.find_bar.count.text() == "1 av 4"
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    assert view.find_bar.count.text() == "2 av 4"
    assert view.pdf_view.current_page() in (2, 3)
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.find_bar.count.text() == "1 av 4"
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible()
    assert not view.pdf_view.find_state.hits


def test_find_says_when_nothing_is_found(qtbot: QtBot, reader: ReaderPane, packet: Path) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    view.open_find()
    type_text(view.find_bar.field, "kommunfullmäktige")
    qtbot.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.find_bar.count.text() == "Inga träffar", timeout=WAIT_MS)


def test_selected_text_is_copied(qtbot: QtBot, reader: ReaderPane, packet: Path) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    canvas = view.pdf_view.canvas
    origin = canvas.page_rect(0).topLeft()
    scale = canvas.scale

    def at(x: float, y: float) -> QPoint:
        return QPoint(round(origin.x() + x * scale), round(origin.y() + y * scale))

    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at(74, 106))
    qtbot.waitUntil(lambda: 0 in canvas._words, timeout=WAIT_MS)
    qtbot.mouseMove(canvas, at(200, 106))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=at(200, 106))
    assert canvas.selected_text().startswith("Förvaltningen föreslår")
    view.pdf_view.setFocus()
    qtbot.keyClick(view.pdf_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == canvas.selected_text()


def test_text_view_shows_the_text_in_a_larger_font(
    qtbot: QtBot, reader: ReaderPane, packet: Path
) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    reader.actions_by_name["text_view"].trigger()
    assert view.currentWidget() is view.text_view
    qtbot.waitUntil(lambda: view.text_view.has_text, timeout=WAIT_MS)
    text = view.text_view.toPlainText()
    assert "Sida ii" in text and LINE in text
    size = view.text_view.font().pointSizeF()
    reader.actions_by_name["zoom_in"].trigger()
    assert view.text_view.font().pointSizeF() > size
    reader.actions_by_name["text_view"].trigger()
    assert view.currentWidget() is view.pdf_view


def test_two_documents_side_by_side_keep_their_own_positions(
    qtbot: QtBot, reader: ReaderPane, packet: Path, tmp_path: Path
) -> None:
    other = make_pdf(tmp_path / "bilaga.pdf", pages=5, labels=False)
    open_in(qtbot, reader.primary, document_for(packet))
    reader.actions_by_name["split"].trigger()
    assert reader.is_split
    reader.show_beside(document_for(other, file_id="file-2", name="Bilaga"))
    qtbot.waitUntil(lambda: reader.secondary.pdf_view.canvas.has_pixmap(0), timeout=WAIT_MS)
    reader.primary.pdf_view.go_to(7)
    reader.secondary.pdf_view.go_to(3)
    assert reader.primary.pdf_view.current_page() == 7
    assert reader.secondary.pdf_view.current_page() == 3
    assert reader.secondary.page_total.text().strip() == "av 5"
    qtbot.waitUntil(lambda: reader.primary.pdf_view.canvas.has_pixmap(7), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: reader.secondary.pdf_view.canvas.has_pixmap(3), timeout=WAIT_MS)
    reader.set_split(False)
    assert not reader.is_split and reader.active is reader.primary


def test_position_is_remembered_per_document(
    qtbot: QtBot, reader: ReaderPane, packet: Path, tmp_path: Path
) -> None:
    other = make_pdf(tmp_path / "bilaga.pdf", pages=3, labels=False)
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    reader.actions_by_name["zoom_in"].trigger()
    view.pdf_view.go_to(9, 0.5)
    open_in(qtbot, view, document_for(other, file_id="file-2"))
    assert view.pdf_view.current_page() == 0
    view.show_document(document_for(packet))
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(9), timeout=WAIT_MS)
    assert view.pdf_view.current_page() == 9
    assert view.pdf_view.zoom.mode is ZoomMode.PERCENT


def test_positions_survive_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    application()
    database = Database(tmp_path / "db.sqlite3", TEST_KEYS.database)
    positions = StorePositions(database)
    positions.save("file-1", DocumentPosition(4, 0.25, "150"))
    assert positions.load("file-1") == DocumentPosition(4, 0.25, "150")
    assert wait_for_background_tasks()
    qtbot.waitUntil(lambda: not positions._pending, timeout=WAIT_MS)
    database.close()
    reopened = Database(tmp_path / "db.sqlite3", TEST_KEYS.database)
    assert StorePositions(reopened).load("file-1") == DocumentPosition(4, 0.25, "150")
    reopened.close()


def test_scrolling_a_long_document_keeps_images_within_the_budget(
    qtbot: QtBot, reader: ReaderPane, tmp_path: Path
) -> None:
    long = make_pdf(tmp_path / "lang.pdf", pages=60, labels=False)
    view = reader.primary
    open_in(qtbot, view, document_for(long))
    canvas = view.pdf_view.canvas
    canvas.images.budget_bytes = 12 * 1024 * 1024
    for page in range(0, 60, 4):
        view.pdf_view.go_to(page)
        qtbot.waitUntil(lambda page=page: canvas.has_pixmap(page), timeout=WAIT_MS)
        assert canvas.images.size_bytes <= canvas.images.budget_bytes + 8 * 1024 * 1024
    view.pdf_view.go_to(0)
    qtbot.waitUntil(lambda: canvas.has_pixmap(0), timeout=WAIT_MS)


# Failures ---------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="kills the worker with a POSIX signal")
def test_a_killed_render_worker_is_replaced_and_the_pages_come(
    qtbot: QtBot, reader: ReaderPane, renderer: PageRenderer, packet: Path
) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    pid = renderer.worker.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    view.pdf_view.go_to(10)
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(10), timeout=WAIT_MS)
    assert view.currentWidget() is view.pdf_view
    assert renderer.worker.pid not in (None, pid)


def test_an_image_attachment_is_shown(qtbot: QtBot, reader: ReaderPane, tmp_path: Path) -> None:
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 300, 200), False)
    pixmap.set_rect(pixmap.irect, (200, 30, 30))
    picture = tmp_path / "karta.png"
    pixmap.save(picture)
    view = reader.primary
    open_in(qtbot, view, document_for(picture, name="Karta"))
    assert "1" in view.page_total.text()


def test_a_format_nobody_can_show_offers_another_program(
    qtbot: QtBot, reader: ReaderPane, tmp_path: Path
) -> None:
    sheet = tmp_path / "budget.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    view = reader.primary
    view.show_document(document_for(sheet, name="Budgettabell"))
    assert view.currentWidget() is not view.pdf_view
    assert "kan inte visas här" in view.message.text()
    assert view.open_button.isVisibleTo(view)


def test_a_corrupt_pdf_says_so_and_the_next_document_opens(
    qtbot: QtBot, reader: ReaderPane, packet: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 500)
    view = reader.primary
    view.show_document(document_for(broken, file_id="broken"))
    qtbot.waitUntil(lambda: "kunde inte visas" in view.message.text(), timeout=WAIT_MS)
    assert view.open_button.isVisibleTo(view)
    open_in(qtbot, view, document_for(packet))


# Accessibility ------------------------------------------------------------------------


def test_every_control_of_the_reader_has_an_accessible_name(
    qtbot: QtBot, reader: ReaderPane, packet: Path
) -> None:
    open_in(qtbot, reader.primary, document_for(packet))
    reader.primary.toggle_sidebar()
    controls = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()!r} {getattr(widget, 'text', lambda: '')()!r}"
        for widget in reader.primary.findChildren(QWidget)
        if isinstance(widget, controls)
        and widget.isVisibleTo(reader.primary)
        and not widget.accessibleName()
        and not (isinstance(widget, QAbstractButton) and widget.text().isalpha())
        and not isinstance(widget.parent(), QComboBox)
    ]
    assert unnamed == []


def test_render_requests_of_a_closed_view_are_dropped(renderer: PageRenderer, packet: Path) -> None:
    generation = renderer.open(packet, slot=5, file_type="pdf")
    renderer.close_slot(5)
    renderer.want(generation, [PageRequest(0, 1.0)])
    assert renderer._wish_of(generation) is None


def test_a_pinch_on_a_touchpad_zooms(qtbot: QtBot, reader: ReaderPane, packet: Path) -> None:
    view = reader.primary
    open_in(qtbot, view, document_for(packet))
    pdf = view.pdf_view
    before = pdf.effective_percent()
    centre = QPointF(pdf.viewport().rect().center())
    gesture = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        centre,
        centre,
        QPointF(pdf.viewport().mapToGlobal(centre)),
        0.5,
        QPointF(0, 0),
    )
    QApplication.sendEvent(pdf, gesture)
    assert pdf.effective_percent() == pytest.approx(before * 1.5, rel=0.02)
