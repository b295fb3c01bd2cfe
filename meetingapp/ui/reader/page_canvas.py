"""The pages of one document laid out top to bottom, painted from cached images.

The canvas knows the geometry (page sizes in points, the scale, where each page
sits) and paints what it has: the images at the current scale, or, while those
are on their way, any image of the page at another scale stretched into place,
or a blank page with its number. Search hits and the text selection are drawn
on top. Large renders are split into tiles so a deep zoom renders only what is
in view.

The text selection is two ends, the anchor and the focus (a page and a point on
it), and is every word from the one nearest the anchor to the one nearest the
focus, across pages. The mouse sets both ends; the keyboard moves the focus a
word, a line, a block or a page at a time (:meth:`PageCanvas.move_selection`).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QWidget

from meetingapp.core.render import Clip
from meetingapp.store.annotations import TEXT_KINDS, Kind
from meetingapp.ui.reader.image_cache import ImageCache
from meetingapp.ui.reader.page_renderer import PageRequest
from meetingapp.ui.writing.annotation_layer import AnnotationLayer, AnnotationTool, paint_annotation

PAGE_GAP = 12
MARGIN = 16
TILE_PIXELS = 1024
"""Edge of a tile in device pixels."""
TILE_FROM_PIXELS = 4_000_000
"""A page whose render would have more pixels than this is rendered in tiles."""
DEFAULT_CACHE_BYTES = 120 * 1024 * 1024
"""About 20 pages of a fit-width A4 page in a 1200-pixel window: page images are
kept as RGB888, three bytes a pixel."""

HIT_COLOUR = QColor(255, 213, 0, 110)
CURRENT_HIT_COLOUR = QColor(255, 120, 0, 150)
SELECTION_COLOUR = QColor(0, 120, 215, 90)
MAX_WAITING_MOVES = 64
"""Keyboard moves kept while the words they need are on their way."""


class WordLike(Protocol):
    """A word on a page with its box in points (what the render worker returns)."""

    @property
    def text(self) -> str: ...
    @property
    def rect(self) -> Clip: ...
    @property
    def block(self) -> int: ...
    @property
    def line(self) -> int: ...


class SelectionMove(Enum):
    """Where a key takes the focus (the moving end) of the text selection."""

    NEXT_WORD = "next_word"
    PREVIOUS_WORD = "previous_word"
    LINE_DOWN = "line_down"
    """To the word below, on the next line, as near the same place across as it goes."""
    LINE_UP = "line_up"
    LINE_END = "line_end"
    LINE_START = "line_start"
    BLOCK_END = "block_end"
    """To the end of the block (a paragraph, a heading); at its end, of the next one."""
    BLOCK_START = "block_start"
    PAGE_END = "page_end"
    """To the page's last word; at it, to the next page's last word."""
    PAGE_START = "page_start"
    WHOLE_PAGE = "whole_page"
    """Not a move: every word of the page, in place of the selection there was."""

    @property
    def forward(self) -> bool:
        return self in _FORWARD


_FORWARD = frozenset(
    {
        SelectionMove.NEXT_WORD,
        SelectionMove.LINE_DOWN,
        SelectionMove.LINE_END,
        SelectionMove.BLOCK_END,
        SelectionMove.PAGE_END,
    }
)
_WITHIN_LINE = frozenset({SelectionMove.LINE_END, SelectionMove.LINE_START})
_VERTICAL = frozenset({SelectionMove.LINE_DOWN, SelectionMove.LINE_UP})


@dataclass(frozen=True)
class CaretMove:
    """What a key did to the selection: where its focus went (canvas coordinates) and
    the words it took in or let go, for the view to scroll and a screen reader to say."""

    move: SelectionMove
    page: int
    rect: QRectF
    added: str
    removed: str


class PageCanvas(QWidget):
    """Paints the pages; the scroll area around it decides what to render."""

    selection_changed = Signal()
    words_needed = Signal(int)  # page
    caret_moved = Signal(object)  # CaretMove
    no_text = Signal(int)  # page: a key asked to select where the pages have no text

    def __init__(self) -> None:
        super().__init__()
        self._sizes: list[tuple[float, float]] = []
        self._tops: list[int] = []
        self._scale = 1.0
        self._device_ratio = 1.0
        self.images: ImageCache[PageRequest] = ImageCache(DEFAULT_CACHE_BYTES)
        self._hits: dict[int, list[Clip]] = {}
        self._current_hit: tuple[int, int] | None = None
        self._words: dict[int, Sequence[WordLike]] = {}
        self._anchor: tuple[int, QPointF] | None = None
        self._focus: tuple[int, QPointF] | None = None
        self.layer: AnnotationLayer | None = None
        """The annotations drawn on the pages and the tool the user holds."""
        self._stroke: tuple[int, list[tuple[float, float]]] | None = None
        self._box: tuple[int, QPointF, QPointF] | None = None
        self._waiting_moves: list[tuple[SelectionMove, int]] = []
        """Keyboard moves (and the page each would start on) asked for while the words
        of ``_awaited`` were on their way; they run in order when those come."""
        self._awaited: int | None = None
        self._goal_x: float | None = None
        """Where across the page a run of line-up and line-down moves aims (points)."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.IBeamCursor)

    # Geometry --------------------------------------------------------------

    @property
    def scale(self) -> float:
        return self._scale

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    def page_size(self, page: int) -> tuple[float, float]:
        return self._sizes[page]

    def widest_page(self) -> tuple[float, float]:
        return max(self._sizes, key=lambda size: size[0], default=(595.0, 842.0))

    def set_pages(self, sizes: Sequence[tuple[float, float]]) -> None:
        self._sizes = list(sizes)
        self.images.clear()
        self._hits.clear()
        self._current_hit = None
        self._words.clear()
        self.clear_selection()
        self.set_layout(self._scale, self.width())

    def set_layout(self, scale: float, min_width: int) -> None:
        """Lay the pages out at ``scale``; the canvas is at least ``min_width`` wide."""
        self._scale = scale
        self._tops = []
        top = MARGIN
        for _width, height in self._sizes:
            self._tops.append(top)
            top += round(height * scale) + PAGE_GAP
        widest = round(self.widest_page()[0] * scale) + 2 * MARGIN
        self.setFixedSize(QSize(max(min_width, widest), max(top + MARGIN - PAGE_GAP, 1)))
        self.update()

    def set_device_ratio(self, ratio: float) -> None:
        self._device_ratio = ratio

    @property
    def device_scale(self) -> float:
        """Pixels per point of the images to render: crisp on high-DPI screens."""
        return round(self._scale * self._device_ratio, 4)

    def page_rect(self, page: int) -> QRect:
        width, height = self._sizes[page]
        pixel_width = round(width * self._scale)
        left = (self.width() - pixel_width) // 2
        return QRect(left, self._tops[page], pixel_width, round(height * self._scale))

    def pages_between(self, top: int, bottom: int) -> list[int]:
        if not self._tops:
            return []
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last = max(first, bisect.bisect_right(self._tops, bottom) - 1)
        return list(range(first, min(last, len(self._tops) - 1) + 1))

    def to_canvas(self, page: int, rect: Clip) -> QRectF:
        """A rectangle in page points as canvas coordinates."""
        origin = self.page_rect(page).topLeft()
        x0, y0, x1, y1 = rect
        scale = self._scale
        return QRectF(
            origin.x() + x0 * scale,
            origin.y() + y0 * scale,
            (x1 - x0) * scale,
            (y1 - y0) * scale,
        )

    def to_page(self, point: QPointF) -> tuple[int, QPointF] | None:
        """The page under a canvas point and the point in page points."""
        pages = self.pages_between(int(point.y()), int(point.y()))
        if not pages:
            return None
        page = pages[0]
        origin = self.page_rect(page).topLeft()
        return page, QPointF(
            (point.x() - origin.x()) / self._scale, (point.y() - origin.y()) / self._scale
        )

    # What to render ----------------------------------------------------------

    def requests_for(self, page: int, visible: QRect | None = None) -> list[PageRequest]:
        """The images that make up ``page`` at the current scale (tiles in ``visible``)."""
        scale = self.device_scale
        width, height = self._sizes[page]
        if width * height * scale * scale <= TILE_FROM_PIXELS:
            return [PageRequest(page, scale)]
        tile = TILE_PIXELS / scale
        columns, rows = math.ceil(width / tile), math.ceil(height / tile)
        requests = []
        for row in range(rows):
            for column in range(columns):
                clip = (
                    column * tile,
                    row * tile,
                    min((column + 1) * tile, width),
                    min((row + 1) * tile, height),
                )
                if visible is None or self.to_canvas(page, clip).intersects(QRectF(visible)):
                    requests.append(PageRequest(page, scale, clip))
        return requests

    def missing(self, requests: Iterable[PageRequest]) -> list[PageRequest]:
        return [request for request in requests if request not in self.images]

    def has_pixmap(self, page: int) -> bool:
        """Whether ``page`` is shown from images of the current scale (all tiles in view)."""
        scale = self.device_scale
        return any(
            key.page == page and key.scale == scale for key in self.images if key.page == page
        )

    def add_image(
        self, request: PageRequest, pixmap: QPixmap, protected: Iterable[PageRequest]
    ) -> list[PageRequest]:
        """Keep a rendered image; returns the images dropped to stay in the budget."""
        evicted = self.images.put(request, pixmap, protected)
        if request.page < len(self._sizes):
            area = self.page_rect(request.page)
            if request.clip is not None:
                area = self.to_canvas(request.page, request.clip).toAlignedRect()
            self.update(area.adjusted(-1, -1, 1, 1))
        return evicted

    # Search hits and selection -------------------------------------------------

    def set_hits(self, hits: dict[int, list[Clip]], current: tuple[int, int] | None) -> None:
        self._hits = hits
        self._current_hit = current
        self.update()

    def set_words(self, page: int, words: Sequence[WordLike]) -> None:
        self._words[page] = words
        if self._anchor is not None:
            self.update()
        if page == self._awaited:
            moves, self._waiting_moves, self._awaited = self._waiting_moves, [], None
            for move, start_page in moves:
                self.move_selection(move, start_page)

    def has_selection(self) -> bool:
        return self._anchor is not None

    def clear_selection(self) -> None:
        had_selection = self._anchor is not None
        self._anchor = self._focus = None
        self._forget_key_moves()
        if had_selection:
            self.update()
            self.selection_changed.emit()

    def _forget_key_moves(self) -> None:
        self._waiting_moves, self._awaited, self._goal_x = [], None, None

    def selected_words(self) -> list[tuple[int, WordLike]]:
        """The selected words in reading order, with their page."""
        if self._anchor is None or self._focus is None:
            return []
        start, end = sorted((self._anchor, self._focus), key=lambda mark: mark[0])
        if start[0] == end[0]:
            return self._words_on_page_between(start[0], start[1], end[1])
        chosen = self._words_on_page_between(start[0], start[1], None)
        for page in range(start[0] + 1, end[0]):
            chosen += [(page, word) for word in self._words.get(page, ())]
        return chosen + self._words_on_page_between(end[0], None, end[1])

    def selected_runs(self) -> list[tuple[int, Sequence[WordLike], int, int]]:
        """The selection per page: (page, the page's words, first, last index)."""
        if self._anchor is None or self._focus is None:
            return []
        start, end = sorted((self._anchor, self._focus), key=lambda mark: mark[0])
        runs = []
        for page in range(start[0], end[0] + 1):
            words = self._words.get(page, ())
            if not words:
                continue
            first = _nearest_word(words, start[1]) if page == start[0] else 0
            last = _nearest_word(words, end[1]) if page == end[0] else len(words) - 1
            runs.append((page, words, min(first, last), max(first, last)))
        return runs

    def words_of(self, page: int) -> Sequence[WordLike]:
        return self._words.get(page, ())

    def selected_text(self) -> str:
        parts: list[str] = []
        previous: tuple[int, int, int] | None = None
        for page, word in self.selected_words():
            line = (page, word.block, word.line)
            if previous is not None:
                parts.append(" " if line == previous else "\n")
            parts.append(word.text)
            previous = line
        return "".join(parts)

    def _words_on_page_between(
        self, page: int, first: QPointF | None, last: QPointF | None
    ) -> list[tuple[int, WordLike]]:
        words = self._words.get(page, ())
        if not words:
            return []
        start = 0 if first is None else _nearest_word(words, first)
        end = len(words) - 1 if last is None else _nearest_word(words, last)
        start, end = min(start, end), max(start, end)
        return [(page, word) for word in words[start : end + 1]]

    # The selection from the keyboard -------------------------------------------------

    def move_selection(self, move: SelectionMove, start_page: int) -> None:
        """Move the selection's focus by ``move``, the anchor staying where it is.

        With nothing selected the selection starts at the first word of
        ``start_page`` (or of the first page after it with text): a move forward
        takes the selection on from that word, a move back selects the word alone.
        Words not yet here are asked for (``words_needed``); the move, and those
        asked for after it, run when they come. ``caret_moved`` tells where the
        focus went, ``no_text`` that there was nothing to select.
        """
        if not 0 <= start_page < self.page_count:
            return
        if self._awaited is not None:
            if len(self._waiting_moves) < MAX_WAITING_MOVES:
                self._waiting_moves.append((move, start_page))
            self.words_needed.emit(self._awaited)  # again: a failed request is not retried
            return
        before = self._selected_keys()
        if move is SelectionMove.WHOLE_PAGE:
            awaited = self._select_page(start_page)
        elif self._focus is None:
            awaited = self._start_selection(move, start_page)
        else:
            awaited = self._move_focus(move)
        if awaited is not None:
            self._awaited = awaited
            self._waiting_moves.append((move, start_page))
            self.words_needed.emit(awaited)
            return
        self._report_move(move, before)

    def _select_page(self, page: int) -> int | None:
        """Select every word of ``page``; the page whose words must come first, if any."""
        if page not in self._words:
            return page
        words = self._words[page]
        if not words:
            self.no_text.emit(page)
            return None
        self._anchor = (page, _point_on(words, 0))
        self._focus = (page, _point_on(words, len(words) - 1))
        self._goal_x = None
        return None

    def _start_selection(self, move: SelectionMove, start_page: int) -> int | None:
        """Anchor a new selection at the first word from ``start_page`` on, then move."""
        for page in range(start_page, self.page_count):
            if page not in self._words:
                return page
            words = self._words[page]
            if words:
                self._anchor = self._focus = (page, _point_on(words, 0))
                if move.forward and move is not SelectionMove.NEXT_WORD:
                    return self._move_focus(move)
                return None
        self.no_text.emit(start_page)
        return None

    def _move_focus(self, move: SelectionMove) -> int | None:
        """Move the focus within its page or onto the next page with text that way."""
        assert self._focus is not None
        page, point = self._focus
        if page not in self._words:
            return page
        words = self._words[page]
        index = _nearest_word(words, point) if words else None
        goal = self._goal_for(move, words, index, point)
        target = None if index is None else _step(move, words, index, goal)
        if target is not None:
            self._focus = (page, _point_on(words, target))
            return None
        if move in _WITHIN_LINE:
            return None
        pages = range(page + 1, self.page_count) if move.forward else range(page - 1, -1, -1)
        for other in pages:
            if other not in self._words:
                return other
            if self._words[other]:
                entry = _entry(move, self._words[other], goal)
                self._focus = (other, _point_on(self._words[other], entry))
                return None
        return None  # the first or last word of the document: the focus stays

    def _goal_for(
        self, move: SelectionMove, words: Sequence[WordLike], index: int | None, point: QPointF
    ) -> float:
        """Where across a line a vertical move aims: kept over a run of them, as a caret
        going up and down through short lines comes back to its column."""
        if move not in _VERTICAL:
            self._goal_x = None
            return point.x()
        if self._goal_x is None:
            self._goal_x = point.x() if index is None else _centre_x(words[index])
        return self._goal_x

    def _selected_keys(self) -> dict[tuple[int, int], str]:
        """The selected words by (page, index), with their text, in reading order."""
        return {
            (page, index): words[index].text
            for page, words, first, last in self.selected_runs()
            for index in range(first, last + 1)
        }

    def _report_move(self, move: SelectionMove, before: dict[tuple[int, int], str]) -> None:
        if self._focus is None:
            return
        after = self._selected_keys()
        if after.keys() == before.keys() and move is not SelectionMove.WHOLE_PAGE:
            return  # nowhere to go: the start or the end of the text
        page, point = self._focus
        words = self._words.get(page, ())
        rect = self.to_canvas(page, words[_nearest_word(words, point)].rect) if words else QRectF()
        added = " ".join(text for key, text in after.items() if key not in before)
        removed = " ".join(text for key, text in before.items() if key not in after)
        self.update()
        self.selection_changed.emit()
        self.caret_moved.emit(CaretMove(move, page, rect, added, removed))

    def _tool(self) -> AnnotationTool:
        if self.layer is None or not self.layer.enabled:
            return AnnotationTool.SELECT
        return self.layer.tool

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._forget_key_moves()
        mark = self.to_page(event.position())
        if mark is not None and mark[0] not in self._words:
            self.words_needed.emit(mark[0])
        tool = self._tool()
        if mark is not None and tool is AnnotationTool.INK:
            self._stroke = (mark[0], [(mark[1].x(), mark[1].y())])
            return
        if mark is not None and tool in (AnnotationTool.NOTE, AnnotationTool.TEXTBOX):
            self._box = (mark[0], mark[1], mark[1])
            return
        self.clear_selection()
        self._anchor = self._focus = mark

    def _on_page(self, page: int, point: QPointF) -> QPointF:
        """A canvas point in the points of ``page``, kept within the page."""
        origin = self.page_rect(page).topLeft()
        width, height = self._sizes[page]
        x = min(max((point.x() - origin.x()) / self._scale, 0.0), width)
        y = min(max((point.y() - origin.y()) / self._scale, 0.0), height)
        return QPointF(x, y)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if self._stroke is not None:
            point = self._on_page(self._stroke[0], event.position())
            self._stroke[1].append((point.x(), point.y()))
            self.update()
            return
        if self._box is not None:
            self._box = (self._box[0], self._box[1], self._on_page(self._box[0], event.position()))
            self.update()
            return
        if self._anchor is None:
            return
        mark = self.to_page(event.position())
        if mark is None:
            return
        self._focus = mark
        low, high = sorted((self._anchor[0], mark[0]))
        for page in range(low, high + 1):
            if page not in self._words:
                self.words_needed.emit(page)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.layer is not None:
            if self._finish_drawing():
                return
            if self._anchor is not None and self._anchor == self._focus:
                self._anchor = self._focus = None  # a click, not a drag
                mark = self.to_page(event.position())
                hit = None if mark is None else self.layer.hit(mark[0], mark[1], 4 / self._scale)
                self.layer.select(hit)
            else:
                self._mark_selection()
        elif self._anchor is not None and self._anchor == self._focus:
            self._anchor = self._focus = None
        self.selection_changed.emit()
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        """A right click on an annotation offers what can be done with it."""
        mark = self.to_page(QPointF(event.pos()))
        hit = None
        if self.layer is not None and mark is not None:
            hit = self.layer.hit(mark[0], mark[1], 4 / self._scale)
        if self.layer is None or hit is None:
            super().contextMenuEvent(event)
            return
        self.layer.select(hit)
        self.layer.menu_for(hit, self).popup(event.globalPos())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        mark = self.to_page(event.position())
        if self.layer is None or mark is None or self._tool() is not AnnotationTool.SELECT:
            super().mouseDoubleClickEvent(event)
            return
        hit = self.layer.hit(mark[0], mark[1], 4 / self._scale)
        if hit is not None:
            self.layer.select(hit)
            self.layer.edit_comment(hit)
        else:
            super().mouseDoubleClickEvent(event)

    def _finish_drawing(self) -> bool:
        """Hand a finished stroke, note or box to the layer; False if none was drawn."""
        assert self.layer is not None
        stroke, box = self._stroke, self._box
        self._stroke = self._box = None
        if stroke is not None:
            page, points = stroke
            self.layer.add_ink(page, points, self.words_of(page))
        elif box is not None:
            page, start, end = box
            if self.layer.tool is AnnotationTool.NOTE:
                self.layer.add_note(page, (start.x(), start.y()), self.words_of(page))
            else:
                rect = (
                    min(start.x(), end.x()),
                    min(start.y(), end.y()),
                    max(start.x(), end.x()),
                    max(start.y(), end.y()),
                )
                self.layer.add_textbox(page, rect, self.words_of(page))
        else:
            return False
        self.update()
        return True

    def mark_selection(self, kind: Kind) -> bool:
        """Mark the selected text with ``kind``; False when nothing is selected."""
        if self.layer is None or not self.selected_runs():
            return False
        made = self.layer.mark_text(kind, self.selected_runs())
        self.clear_selection()
        return made > 0

    def _mark_selection(self) -> None:
        """With a text tool in hand, a finished selection becomes a mark at once."""
        kind = self._tool().kind
        if kind is not None and kind in TEXT_KINDS:
            self.mark_selection(kind)

    # Painting ------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(self.backgroundRole()).darker(115))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for page in self.pages_between(event.rect().top(), event.rect().bottom()):
            self._paint_page(painter, page, event.rect())
            self._paint_marks(painter, page)
        painter.end()

    def _paint_page(self, painter: QPainter, page: int, area: QRect) -> None:
        rect = self.page_rect(page)
        exact = [
            (key, image)
            for key in self.requests_for(page, area)
            if (image := self.images.get(key)) is not None
        ]
        if len(exact) < len(self.requests_for(page, area)):
            self._paint_stand_in(painter, page, rect)
        for key, image in exact:
            target = QRectF(rect) if key.clip is None else self.to_canvas(page, key.clip)
            _draw_image(painter, target, image)

    def _paint_stand_in(self, painter: QPainter, page: int, rect: QRect) -> None:
        """While the exact images are on their way: another scale's image, or a blank."""
        other = next(
            (
                image
                for key in reversed(self.images.keys())
                if key.page == page and key.clip is None
                if (image := self.images.get(key)) is not None
            ),
            None,
        )
        if other is not None:
            painter.drawPixmap(QRectF(rect), other, QRectF(other.rect()))
            return
        painter.fillRect(rect, QColor("white"))
        painter.setPen(QColor("#888888"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("Sida {0}").format(page + 1))

    def _paint_marks(self, painter: QPainter, page: int) -> None:
        self._paint_annotations(painter, page)
        for index, hit in enumerate(self._hits.get(page, ())):
            colour = CURRENT_HIT_COLOUR if self._current_hit == (page, index) else HIT_COLOUR
            painter.fillRect(self.to_canvas(page, hit), colour)
        for word_page, word in self.selected_words():
            if word_page == page:
                painter.fillRect(self.to_canvas(page, word.rect), SELECTION_COLOUR)

    def _paint_annotations(self, painter: QPainter, page: int) -> None:
        if self.layer is None:
            return
        selected = self.layer.selected()
        to_canvas = self._mapper(page)
        for annotation in self.layer.on_page(page):
            is_selected = selected is not None and selected.uid == annotation.uid
            paint_annotation(painter, annotation, to_canvas, self._scale, is_selected)
        if self._stroke is not None and self._stroke[0] == page:
            painter.save()
            painter.setPen(QPen(QColor(self.layer.colour), max(1.0, 2 * self._scale)))
            points = [to_canvas((x, y, x, y)).topLeft() for x, y in self._stroke[1]]
            painter.drawPolyline(points)
            painter.restore()
        if self._box is not None and self._box[0] == page:
            painter.save()
            painter.setPen(QPen(QColor(self.layer.colour), 1.5, Qt.PenStyle.DashLine))
            _, start, end = self._box
            painter.drawRect(to_canvas((start.x(), start.y(), end.x(), end.y())).normalized())
            painter.restore()

    def _mapper(self, page: int) -> Callable[[Clip], QRectF]:
        return lambda rect: self.to_canvas(page, rect)


BLIT_SLACK = 2
"""Device pixels an image may be larger than its place and still be drawn unscaled."""


def _draw_image(painter: QPainter, target: QRectF, image: QPixmap) -> None:
    """Draw ``image`` into ``target``, unscaled when only rounding tells them apart.

    The renderer rounds a page's size up to whole pixels and the layout rounds it
    to the nearest, so an image is often a pixel taller than its place. Drawn into
    the place it would be scaled, smoothly, which costs a window full of page more
    than ten times as much (2.8 ms against 0.2 ms here) on every frame of a scroll;
    unscaled it overlaps the gap below the page by that pixel.
    """
    ratio = image.devicePixelRatio()
    extra_width = image.width() - target.width() * ratio
    extra_height = image.height() - target.height() * ratio
    if 0 <= extra_width <= BLIT_SLACK and 0 <= extra_height <= BLIT_SLACK:
        painter.drawPixmap(target.topLeft().toPoint(), image)
    else:
        painter.drawPixmap(target, image, QRectF(image.rect()))


def _nearest_word(words: Sequence[WordLike], point: QPointF) -> int:
    """The index of the word at ``point``, or the closest one."""

    def distance(word: WordLike) -> float:
        x0, y0, x1, y1 = word.rect
        dx = max(x0 - point.x(), 0.0, point.x() - x1)
        dy = max(y0 - point.y(), 0.0, point.y() - y1)
        return dy * 4 + dx  # a word on the same line beats a closer one above or below

    return min(range(len(words)), key=lambda index: distance(words[index]))


def _centre_x(word: WordLike) -> float:
    return (word.rect[0] + word.rect[2]) / 2


def _point_on(words: Sequence[WordLike], index: int) -> QPointF:
    """A point the selection reads back as word ``index``: its centre or, where boxes
    overlap, another point along its middle."""
    x0, y0, x1, y1 = words[index].rect
    middle = (y0 + y1) / 2
    for fraction in (0.5, 0.25, 0.75, 0.05, 0.95):
        point = QPointF(x0 + (x1 - x0) * fraction, middle)
        if _nearest_word(words, point) == index:
            return point
    return QPointF((x0 + x1) / 2, middle)


def _run(words: Sequence[WordLike], index: int, of_line: bool) -> tuple[int, int]:
    """The first and last index of the line (or block) that holds word ``index``."""

    def key(word: WordLike) -> tuple[int, int]:
        return (word.block, word.line if of_line else 0)

    value = key(words[index])
    first = last = index
    while first > 0 and key(words[first - 1]) == value:
        first -= 1
    while last < len(words) - 1 and key(words[last + 1]) == value:
        last += 1
    return first, last


def _nearest_across(words: Sequence[WordLike], run: tuple[int, int], goal: float) -> int:
    """The word of a line nearest to ``goal`` across the page (0 when over it)."""

    def distance(index: int) -> float:
        x0, _y0, x1, _y1 = words[index].rect
        return max(x0 - goal, 0.0, goal - x1)

    return min(range(run[0], run[1] + 1), key=distance)


def _next_word(words: Sequence[WordLike], index: int, direction: int) -> int | None:
    """The word after (or before) ``index`` on its page, None past the page's end.

    A word printed twice over itself (a simulated bold) counts once, or the focus,
    read back as the first of the two, would not get past it.
    """
    step = index + direction
    while 0 <= step < len(words) and words[step].rect == words[index].rect:
        step += direction
    return step if 0 <= step < len(words) else None


def _step(move: SelectionMove, words: Sequence[WordLike], index: int, goal: float) -> int | None:
    """Where ``move`` takes the focus from word ``index`` on its page; None when it
    leaves the page (or, for a line's ends, stays)."""
    if move in (SelectionMove.NEXT_WORD, SelectionMove.PREVIOUS_WORD):
        return _next_word(words, index, 1 if move.forward else -1)
    last_word = len(words) - 1
    line = _run(words, index, of_line=True)
    block = _run(words, index, of_line=False)
    if move is SelectionMove.LINE_END:
        return line[1]
    if move is SelectionMove.LINE_START:
        return line[0]
    if move is SelectionMove.LINE_DOWN:
        below = line[1] + 1
        return None if below > last_word else _nearest_across(words, _run(words, below, True), goal)
    if move is SelectionMove.LINE_UP:
        above = line[0] - 1
        return None if above < 0 else _nearest_across(words, _run(words, above, True), goal)
    if move is SelectionMove.BLOCK_END:
        if index < block[1]:
            return block[1]
        return None if block[1] == last_word else _run(words, block[1] + 1, False)[1]
    if move is SelectionMove.BLOCK_START:
        if index > block[0]:
            return block[0]
        return None if block[0] == 0 else _run(words, block[0] - 1, False)[0]
    if move is SelectionMove.PAGE_END:
        return last_word if index < last_word else None
    if move is SelectionMove.PAGE_START:
        return 0 if index > 0 else None
    return index


def _entry(move: SelectionMove, words: Sequence[WordLike], goal: float) -> int:
    """Where the focus lands on a page it comes to by ``move`` (forward: from above)."""
    last_word = len(words) - 1
    if move is SelectionMove.LINE_DOWN:
        return _nearest_across(words, _run(words, 0, True), goal)
    if move is SelectionMove.LINE_UP:
        return _nearest_across(words, _run(words, last_word, True), goal)
    if move is SelectionMove.BLOCK_END:
        return _run(words, 0, False)[1]
    if move is SelectionMove.BLOCK_START:
        return _run(words, last_word, False)[0]
    if move in (SelectionMove.NEXT_WORD, SelectionMove.PAGE_START):
        return 0
    return last_word
