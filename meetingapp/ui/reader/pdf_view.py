"""A document as a continuous column of pages: scrolling, zoom, find, selection.

Only the images in view (and one screen ahead) are asked of the render worker;
images live in a cache bounded in bytes, so memory stays bounded however long
the document is and however deep the zoom.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QNativeGestureEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QScrollArea, QToolTip

from meetingapp.core.render import Clip, DocumentInfo, RenderedPage
from meetingapp.store.annotations import TEXT_KINDS, Kind
from meetingapp.store.local import DocumentPosition
from meetingapp.ui.reader.page_canvas import MARGIN, CaretMove, PageCanvas, SelectionMove, WordLike
from meetingapp.ui.reader.page_renderer import PageRenderer, PageRequest, page_image
from meetingapp.ui.reader.zoom import Viewport, Zoom, percent_of, scale_for, step
from meetingapp.ui.writing.annotation_layer import AnnotationLayer, AnnotationTool

WHEEL_STEP = 120  # one notch of a mouse wheel, in eighths of a degree
SCROLL_SETTLE_MS = 80
"""After the view stops moving for this long, pages a little further away are rendered."""
CARET_MARGIN = 32
"""Pixels kept between the moving end of a keyboard selection and the view's edge."""
ANNOUNCED_CHARACTERS = 300
"""A screen reader is told at most this much of the text a key took in or let go."""

_SELECTION_KEYS: dict[tuple[int, bool], SelectionMove] = {
    (Qt.Key.Key_Right, False): SelectionMove.NEXT_WORD,
    (Qt.Key.Key_Right, True): SelectionMove.NEXT_WORD,
    (Qt.Key.Key_Left, False): SelectionMove.PREVIOUS_WORD,
    (Qt.Key.Key_Left, True): SelectionMove.PREVIOUS_WORD,
    (Qt.Key.Key_Down, False): SelectionMove.LINE_DOWN,
    (Qt.Key.Key_Up, False): SelectionMove.LINE_UP,
    (Qt.Key.Key_End, False): SelectionMove.LINE_END,
    (Qt.Key.Key_Home, False): SelectionMove.LINE_START,
    (Qt.Key.Key_Down, True): SelectionMove.BLOCK_END,
    (Qt.Key.Key_Up, True): SelectionMove.BLOCK_START,
    (Qt.Key.Key_PageDown, False): SelectionMove.PAGE_END,
    (Qt.Key.Key_PageUp, False): SelectionMove.PAGE_START,
}
"""Shift with (key, Ctrl held too): where the selection's moving end goes."""


def selection_move_for(event: QKeyEvent) -> SelectionMove | None:
    """The selection move a key press asks for, or None (the key does something else)."""
    if event.matches(QKeySequence.StandardKey.SelectAll):
        return SelectionMove.WHOLE_PAGE
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    shift, ctrl = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier
    if modifiers not in (shift, shift | ctrl):
        return None
    return _SELECTION_KEYS.get((event.key(), bool(modifiers & ctrl)))


def page_label(info: DocumentInfo | None, page: int) -> str:
    """The page's own label ("iv", "Bilaga 2") when the document has one, else its number."""
    if info is not None and page < len(info.page_labels) and info.page_labels[page]:
        return info.page_labels[page]
    return str(page + 1)


def to_image(rendered: RenderedPage) -> QImage:
    """Wrap the worker's RGB pixels in a QImage that owns a copy of them."""
    return page_image(rendered, memoryview(rendered.samples))


def to_pixmap(image: QImage, device_ratio: float = 1.0) -> QPixmap:
    """A page image from the renderer as a pixmap to paint, sized for ``device_ratio``.

    The pixmap keeps the image's RGB888 format and shares its pixels: nothing is
    converted or copied (see :mod:`~meetingapp.ui.reader.page_renderer`).
    """
    pixmap = QPixmap.fromImage(image, Qt.ImageConversionFlag.NoFormatConversion)
    pixmap.setDevicePixelRatio(device_ratio)
    return pixmap


@dataclass(frozen=True)
class FindState:
    query: str = ""
    hits: tuple[tuple[int, Clip], ...] = ()
    current: int = -1
    running: bool = False
    failed: bool = False


class PdfView(QScrollArea):
    """Scrolls a PageCanvas and asks the renderer for what comes into view.

    Keys: the arrows, Page Up/Down, Space (Shift+Space back), Home and End scroll.
    Text is selected from the keyboard as in a text editor, a word being the
    smallest step; Shift moves the selection's moving end and the other end stays:

    - Shift+Right / Shift+Left (Ctrl too): the next / previous word;
    - Shift+Down / Shift+Up: the word below / above, on the next / previous line;
    - Shift+End / Shift+Home: the end / start of the line;
    - Ctrl+Shift+Down / Ctrl+Shift+Up: the end / start of the block (a paragraph);
      pressed again, of the next / previous one;
    - Shift+Page Down / Shift+Page Up: the page's last / first word; pressed again,
      the next / previous page's;
    - Ctrl+A: every word of the current page.

    With nothing selected, selecting starts at the first word of the current page
    (the one the page field shows), so Shift+Right selects that word. The
    selection goes on across pages, and the view scrolls to keep its moving end in
    sight. Arrows without Shift (or with Alt) scroll as before; Ctrl+Shift+Home
    and Ctrl+Shift+End go to the document's start and end as Home and End do.

    Esc lets the selection go; with none, it lets go of the chosen annotation, or
    else puts the pen down. Ctrl+C copies the selected text. Taking a text tool
    (Ctrl+Shift+H, U, X in the document view: highlight, underline, strike-out)
    marks the selected text with it, as after a mouse selection. With the tool
    already in hand, a selection made with the mouse is marked when the button is
    let go; one made from the keyboard when Enter is pressed (or the tool taken
    again), so it can be grown and shrunk first.
    """

    opened = Signal(object)  # DocumentInfo
    current_page_changed = Signal(int)
    zoom_changed = Signal(object, float)  # Zoom, effective percent
    find_changed = Signal(object)  # FindState

    def __init__(self, renderer: PageRenderer, slot: int = 0) -> None:
        super().__init__()
        self.renderer = renderer
        self.slot = slot
        self.canvas = PageCanvas()
        self.annotations = AnnotationLayer(parent=self)
        self.canvas.layer = self.annotations
        self.annotations.changed.connect(self.canvas.update)
        self.annotations.selection_changed.connect(self.canvas.update)
        self.setWidget(self.canvas)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidgetResizable(False)
        self.setAccessibleName(self.tr("Dokumentets sidor"))
        self.setAccessibleDescription(
            self.tr(
                "Markera text med Skift och piltangenterna: höger och vänster ord för ord, "
                "ned och upp rad för rad. Skift+Home och Skift+End går till radens början "
                "och slut, Ctrl+Skift+upp och ned stycke för stycke, Skift+Page Up och "
                "Skift+Page Down till sidans början och slut. Ctrl+A markerar hela sidan, "
                "Ctrl+C kopierar och Esc tar bort markeringen. Ctrl+Skift+H, U och X "
                "stryker över, under och igenom det markerade; med ett av de verktygen i "
                "handen gör Enter markeringen till en anteckning."
            )
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._generation = 0
        self._info: DocumentInfo | None = None
        self._zoom = Zoom.fit_width()
        self._pending_position: DocumentPosition | None = None
        self._current_page = -1
        self._find = FindState()
        self._protected: set[PageRequest] = set()
        self._settle = QTimer(self, singleShot=True, interval=SCROLL_SETTLE_MS)
        self._settle.timeout.connect(lambda: self.request_visible_pages(ahead=2))
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self.canvas.words_needed.connect(self._want_words)
        self.canvas.caret_moved.connect(self._on_caret_moved)
        self.canvas.no_text.connect(self._on_no_text)
        self.grabGesture(Qt.GestureType.PinchGesture)
        renderer.document_opened.connect(self._on_opened)
        renderer.page_rendered.connect(self._on_page_rendered)
        renderer.searched.connect(self._on_searched)
        renderer.words_ready.connect(self._on_words)

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def info(self) -> DocumentInfo | None:
        return self._info

    @property
    def zoom(self) -> Zoom:
        return self._zoom

    @property
    def page_count(self) -> int:
        return self.canvas.page_count

    # Opening -------------------------------------------------------------------

    def show_file(
        self, path: Path, file_type: str | None = None, position: DocumentPosition | None = None
    ) -> None:
        self.canvas.set_pages([])
        self._info = None
        self._current_page = -1
        self._find = FindState()
        self._pending_position = position
        if position is not None:
            self._zoom = Zoom.parse(position.zoom)
        self._generation = self.renderer.open(path, self.slot, file_type)

    def close_file(self) -> None:
        self.annotations.set_document(None, None, [])
        self.renderer.close_slot(self.slot)
        self._generation = 0
        self._info = None
        self.canvas.set_pages([])

    def _on_opened(self, generation: int, info: DocumentInfo) -> None:
        if generation != self._generation:
            return
        self._info = info
        self.canvas.set_pages(list(info.page_sizes))
        self._apply_zoom(self._zoom)
        position, self._pending_position = self._pending_position, None
        self.go_to(position.page if position else 0, position.page_offset if position else 0.0)
        self.opened.emit(info)
        self.request_visible_pages()

    # Zoom ----------------------------------------------------------------------

    def _viewport_room(self) -> Viewport:
        viewport = self.viewport()
        return Viewport(
            width=max(viewport.width() - 2 * MARGIN, 50),
            height=max(viewport.height() - 2 * MARGIN, 50),
            dpi=self.logicalDpiY() or 96.0,
        )

    def effective_percent(self) -> float:
        return percent_of(self.canvas.scale, self._viewport_room().dpi)

    def set_zoom(self, zoom: Zoom, focus: QPoint | None = None) -> None:
        """Zoom to ``zoom`` keeping the point under ``focus`` (viewport coordinates) still."""
        focus = focus if focus is not None else QPoint(self.viewport().width() // 2, 0)
        anchor = self.canvas.to_page(QPointF(self._canvas_point(focus)))
        self._apply_zoom(zoom)
        if anchor is not None:
            self._keep_under(anchor, focus)
        self.request_visible_pages()

    def zoom_in(self) -> None:
        self.set_zoom(step(self.effective_percent(), +1))

    def zoom_out(self) -> None:
        self.set_zoom(step(self.effective_percent(), -1))

    def _apply_zoom(self, zoom: Zoom) -> None:
        self._zoom = zoom
        scale = scale_for(zoom, self._viewport_room(), self.canvas.widest_page())
        self.canvas.set_device_ratio(self.devicePixelRatioF())
        self.canvas.set_layout(scale, self.viewport().width())
        self.zoom_changed.emit(zoom, self.effective_percent())

    def _canvas_point(self, viewport_point: QPoint) -> QPoint:
        return viewport_point + QPoint(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        )

    def _keep_under(self, anchor: tuple[int, QPointF], focus: QPoint) -> None:
        page, point = anchor
        if page >= self.canvas.page_count:
            return
        origin = self.canvas.page_rect(page).topLeft()
        x = origin.x() + point.x() * self.canvas.scale - focus.x()
        y = origin.y() + point.y() * self.canvas.scale - focus.y()
        self.horizontalScrollBar().setValue(round(x))
        self.verticalScrollBar().setValue(round(y))

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / WHEEL_STEP
            if notches:
                factor = 1.1**notches
                target = Zoom.at(self.effective_percent() * factor)
                self.set_zoom(target, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QNativeGestureEvent) and (
            event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            target = Zoom.at(self.effective_percent() * (1 + event.value()))
            self.set_zoom(target, self.viewport().mapFromGlobal(event.globalPosition().toPoint()))
            return True
        if isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                self._pinch(pinch)
                event.accept()
                return True
        return super().event(event)

    def _pinch(self, pinch: QPinchGesture) -> None:
        """Touch screens: zoom by the pinch, around its centre."""
        factor = pinch.scaleFactor()
        if factor and abs(factor - 1.0) > 0.01:
            centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
            self.set_zoom(Zoom.at(self.effective_percent() * factor), centre)

    # Position ------------------------------------------------------------------

    def current_page(self) -> int:
        """The page at the top third of the view (what the reader is reading)."""
        y = self.verticalScrollBar().value() + self.viewport().height() // 3
        pages = self.canvas.pages_between(y, y)
        return pages[0] if pages else 0

    def position(self) -> DocumentPosition:
        page = self.current_page()
        offset = 0.0
        if page < self.canvas.page_count:
            rect = self.canvas.page_rect(page)
            offset = (self.verticalScrollBar().value() - rect.top()) / max(rect.height(), 1)
        return DocumentPosition(page, round(min(max(offset, 0.0), 1.0), 4), self._zoom.serialise())

    def go_to(self, page: int, offset: float = 0.0) -> None:
        if not self.canvas.page_count:
            return
        page = min(max(page, 0), self.canvas.page_count - 1)
        rect = self.canvas.page_rect(page)
        top = rect.top() + round(offset * rect.height()) if offset else rect.top() - MARGIN // 2
        self.verticalScrollBar().setValue(top)
        self._note_current_page()

    def go_to_rect(self, page: int, rect: Clip) -> None:
        """Scroll so that ``rect`` of ``page`` is in view (centred when it was not)."""
        if not 0 <= page < self.canvas.page_count:
            return
        target = self.canvas.to_canvas(page, rect).toAlignedRect()
        view = QRect(self._canvas_point(QPoint(0, 0)), self.viewport().size())
        if view.contains(target):
            return
        self.verticalScrollBar().setValue(target.center().y() - self.viewport().height() // 2)
        self.horizontalScrollBar().setValue(target.center().x() - self.viewport().width() // 2)

    def _on_scrolled(self) -> None:
        self._note_current_page()
        self.request_visible_pages()
        self._settle.start()

    def _note_current_page(self) -> None:
        page = self.current_page()
        if page != self._current_page and self.canvas.page_count:
            self._current_page = page
            self.current_page_changed.emit(page)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        move = selection_move_for(event)
        if move is not None:
            self.canvas.move_selection(move, self.current_page())
            return
        if self._selection_key(event):
            return
        bar = self.verticalScrollBar()
        key = event.key()
        if key == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif key == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif key == Qt.Key.Key_Space:
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            bar.setValue(bar.value() + (-1 if shift else 1) * bar.pageStep())
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.annotations.selected():
            self.annotations.remove_selected()
        elif key == Qt.Key.Key_Escape and self.annotations.selected():
            self.annotations.select(None)
        elif key == Qt.Key.Key_Escape and self.annotations.tool is not AnnotationTool.SELECT:
            self.annotations.set_tool(AnnotationTool.SELECT)  # put the pen down
        else:
            super().keyPressEvent(event)

    # Rendering -----------------------------------------------------------------

    def visible_rect(self) -> QRect:
        return QRect(self._canvas_point(QPoint(0, 0)), self.viewport().size())

    def request_visible_pages(self, ahead: int = 1) -> None:
        """Ask for the images in view, then ``ahead`` screens below and one above."""
        if not self._generation or not self.canvas.page_count:
            return
        view = self.visible_rect()
        height = view.height()
        visible = self._requests_in(view)
        below = self._requests_in(view.adjusted(0, height, 0, height * ahead))
        above = self._requests_in(view.adjusted(0, -height, 0, -height))
        wanted = self.canvas.missing(dict.fromkeys(visible + below + above))
        self.renderer.want(self._generation, wanted)
        self._protected = set(visible)

    def _requests_in(self, area: QRect) -> list[PageRequest]:
        requests: list[PageRequest] = []
        for page in self.canvas.pages_between(area.top(), area.bottom()):
            requests += self.canvas.requests_for(page, area)
        return requests

    def _on_page_rendered(self, generation: int, request: PageRequest, image: QImage) -> None:
        if generation != self._generation or request.scale != self.canvas.device_scale:
            return
        pixmap = to_pixmap(image, self.devicePixelRatioF())
        protected = self._protected | {request}
        evicted = self.canvas.add_image(request, pixmap, protected)
        if evicted:
            self.renderer.forget(self._generation, evicted)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.canvas.page_count:
            position = self.position()
            self._apply_zoom(self._zoom)
            self.go_to(position.page, position.page_offset)
            self.request_visible_pages()

    # Find ------------------------------------------------------------------------

    @property
    def find_state(self) -> FindState:
        return self._find

    def search(self, query: str) -> None:
        """Search the whole document; every hit is highlighted, the first one shown."""
        query = query.strip()
        if query == self._find.query and not self._find.failed and query:
            return
        self._find = FindState(query=query, running=bool(query))
        self.canvas.set_hits({}, None)
        if query and self._generation:
            self.renderer.find(self._generation, query)
        self.find_changed.emit(self._find)

    def search_step(self, direction: int = 1) -> None:
        hits = self._find.hits
        if not hits:
            return
        current = (self._find.current + direction) % len(hits)
        self._show_hit(current)

    def _on_searched(self, generation: int, query: str, hits: object) -> None:
        if generation != self._generation or query != self._find.query:
            return
        if hits is None:
            self._find = FindState(query=query, failed=True)
            self.find_changed.emit(self._find)
            return
        found = tuple((hit.page, rect) for hit in hits for rect in hit.rects)  # type: ignore[attr-defined]
        self._find = FindState(query=query, hits=found)
        if found:
            self._show_hit(self._first_hit_from(self.current_page()))
        else:
            self.find_changed.emit(self._find)

    def _first_hit_from(self, page: int) -> int:
        for index, (hit_page, _rect) in enumerate(self._find.hits):
            if hit_page >= page:
                return index
        return 0

    def _show_hit(self, index: int) -> None:
        self._find = FindState(self._find.query, self._find.hits, index)
        by_page: dict[int, list[Clip]] = {}
        current: tuple[int, int] | None = None
        for number, (page, rect) in enumerate(self._find.hits):
            by_page.setdefault(page, []).append(rect)
            if number == index:
                current = (page, len(by_page[page]) - 1)
        self.canvas.set_hits(by_page, current)
        page, rect = self._find.hits[index]
        self.go_to_rect(page, rect)
        self.find_changed.emit(self._find)

    # Selection -------------------------------------------------------------------

    def _want_words(self, page: int) -> None:
        if self._generation:
            self.renderer.want_words(self._generation, page)

    def _on_words(self, generation: int, page: int, words: list[WordLike]) -> None:
        if generation == self._generation:
            self.canvas.set_words(page, words)

    def copy_selection(self) -> bool:
        text = self.canvas.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)
        return bool(text)

    def _selection_key(self, event: QKeyEvent) -> bool:
        """Copy, Enter and Esc for the text selection; False for other keys."""
        key = event.key()
        tool_kind = self.annotations.tool.kind
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.canvas.has_selection():
            if tool_kind is None or tool_kind not in TEXT_KINDS:
                return False
            self.mark_selection(tool_kind)
        elif key == Qt.Key.Key_Escape and self.canvas.has_selection():
            self.canvas.clear_selection()
        else:
            return False
        return True

    def mark_selection(self, kind: Kind) -> bool:
        """Mark the selected text with ``kind``; False when nothing was marked."""
        made = self.canvas.mark_selection(kind)
        if made:
            marked = {
                Kind.HIGHLIGHT: self.tr("Texten är överstruken"),
                Kind.UNDERLINE: self.tr("Texten är understruken"),
                Kind.STRIKEOUT: self.tr("Texten är genomstruken"),
            }
            self.announce(marked.get(kind, ""))
        return made

    def _on_caret_moved(self, caret: CaretMove) -> None:
        if caret.move is not SelectionMove.WHOLE_PAGE and caret.rect.isValid():
            centre = caret.rect.center()
            self.ensureVisible(
                round(centre.x()),
                round(centre.y()),
                round(caret.rect.width() / 2) + CARET_MARGIN,
                round(caret.rect.height() / 2) + CARET_MARGIN,
            )
        self.announce(self.describe(caret))

    def describe(self, caret: CaretMove) -> str:
        """What a screen reader says after a selection key: the text taken in or let go."""
        if caret.move is SelectionMove.WHOLE_PAGE:
            return self.tr("Hela sidan {0} markerad").format(page_label(self._info, caret.page))
        if caret.added:
            return self.tr("{0} markerat").format(_shortened(caret.added))
        if caret.removed:
            return self.tr("{0} avmarkerat").format(_shortened(caret.removed))
        return ""

    def _on_no_text(self, page: int) -> None:
        message = self.tr("Sidan {0} har ingen text som går att markera (den kan vara inskannad).")
        text = message.format(page_label(self._info, page))
        QToolTip.showText(self.mapToGlobal(self.viewport().geometry().center()), text, self)
        self.announce(text)

    def announce(self, text: str) -> None:
        """Have a screen reader say ``text`` (nothing happens without one)."""
        if text and QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))


def _shortened(text: str) -> str:
    if len(text) <= ANNOUNCED_CHARACTERS:
        return text
    return text[:ANNOUNCED_CHARACTERS].rsplit(" ", 1)[0] + "…"
