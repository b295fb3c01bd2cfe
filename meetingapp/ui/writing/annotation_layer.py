"""The user's annotations on the document in view: tools, painting, undo and redo.

The layer holds the annotations of one document version, makes new ones from
what the canvas reports (marked text, a drawn stroke, a click, a drawn box),
and hands every change to an :class:`AnnotationSink` at once, which stores it
durably (there is no save button). Every change goes through an undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from meetingapp.core.annotations.text import PageText, WordLike
from meetingapp.store.annotations import (
    TEXT_KINDS,
    AnchorState,
    Annotation,
    Geometry,
    Kind,
    Point,
    Rect,
    TextQuote,
    union,
)

NOTE_ICON_POINTS = 18.0
"""The edge of a sticky note's icon in page points."""
DEFAULT_BOX = (180.0, 48.0)
"""Width and height in points of a text box made with a click instead of a drag."""
INK_WIDTH = 2.0
TEXTBOX_FONT_SIZE = 11.0
HIGHLIGHT_ALPHA = 110


class AnnotationTool(Enum):
    SELECT = "select"
    HIGHLIGHT = "highlight"
    UNDERLINE = "underline"
    STRIKEOUT = "strikeout"
    INK = "ink"
    NOTE = "note"
    TEXTBOX = "textbox"

    @property
    def kind(self) -> Kind | None:
        return None if self is AnnotationTool.SELECT else Kind(self.value)


COLOURS: tuple[tuple[str, object], ...] = (
    ("#ffd400", QT_TRANSLATE_NOOP("AnnotationLayer", "Gul")),
    ("#6ad16a", QT_TRANSLATE_NOOP("AnnotationLayer", "Grön")),
    ("#5aa9ff", QT_TRANSLATE_NOOP("AnnotationLayer", "Blå")),
    ("#ff7fbf", QT_TRANSLATE_NOOP("AnnotationLayer", "Rosa")),
    ("#e53935", QT_TRANSLATE_NOOP("AnnotationLayer", "Röd")),
)
"""The pens offered: colour and its Swedish name (translated where shown)."""


def colour_label(name: object) -> str:
    """The name of one of :data:`COLOURS` in the user's language."""
    return QCoreApplication.translate("AnnotationLayer", str(name))


class AnnotationSink(Protocol):
    """Where changes go: the window gives one that writes through the user-data writer."""

    def save(self, annotation: Annotation) -> None: ...
    def delete(self, uid: str) -> None: ...


WordRun = tuple[int, Sequence[WordLike], int, int]
"""Selected words of one page: (page, the page's words, first, last index)."""

AskText = Callable[[QWidget | None, str, str], str | None]
"""Asks the user for a comment: (parent, title, current text) → text, None if cancelled."""


def ask_text_in_dialog(parent: QWidget | None, title: str, text: str) -> str | None:
    label = QCoreApplication.translate("AnnotationLayer", "Kommentar:")
    answer, accepted = QInputDialog.getMultiLineText(parent, title, label, text)
    return answer if accepted else None


class _Put(QUndoCommand):
    """Puts an annotation in place of another (either may be None: add, remove)."""

    def __init__(
        self, layer: AnnotationLayer, text: str, old: Annotation | None, new: Annotation | None
    ) -> None:
        super().__init__(text)
        self._layer, self._old, self._new = layer, old, new

    def redo(self) -> None:
        self._layer.replace(self._old, self._new)

    def undo(self) -> None:
        self._layer.replace(self._new, self._old)


class AnnotationLayer(QObject):
    """The annotations of the document in one view, and the tool the user holds."""

    changed = Signal()
    selection_changed = Signal()
    tool_changed = Signal(object)  # AnnotationTool

    def __init__(self, sink: AnnotationSink | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self.undo_stack = QUndoStack(self)
        self.tool = AnnotationTool.SELECT
        self.colour = COLOURS[0][0]
        self.ask_text: AskText = ask_text_in_dialog
        self.dialog_parent: QWidget | None = None
        self._file_id: str | None = None
        self._version_id: int | None = None
        self._all: dict[str, Annotation] = {}
        self._by_page: dict[int, list[Annotation]] | None = None
        """The placed annotations by page: read on every paint, made again on a change."""
        self._selected: str | None = None

    # The document ------------------------------------------------------------------

    def set_document(
        self, file_id: str | None, version_id: int | None, annotations: Sequence[Annotation]
    ) -> None:
        self._file_id, self._version_id = file_id, version_id
        self._all = {annotation.uid: annotation for annotation in annotations}
        self._by_page = None
        self._selected = None
        self.undo_stack.clear()
        self.changed.emit()

    @property
    def enabled(self) -> bool:
        """Annotations need a document version on this machine."""
        return self._file_id is not None and self._version_id is not None

    @property
    def version_id(self) -> int | None:
        return self._version_id

    def placed(self) -> list[Annotation]:
        """The annotations drawn on this version."""
        return [a for a in self._all.values() if a.version_id == self._version_id]

    def on_page(self, page: int) -> list[Annotation]:
        if self._by_page is None:
            self._by_page = {}
            for annotation in self.placed():
                self._by_page.setdefault(annotation.page, []).append(annotation)
        return list(self._by_page.get(page, ()))

    def to_review(self) -> list[Annotation]:
        """Annotations of an older version that could not be placed on this one."""
        return [
            a
            for a in self._all.values()
            if a.state is AnchorState.REVIEW and a.version_id != self._version_id
        ]

    def moved(self) -> list[Annotation]:
        return [a for a in self.placed() if a.state is AnchorState.MOVED]

    def get(self, uid: str) -> Annotation | None:
        return self._all.get(uid)

    # Changes ---------------------------------------------------------------------------

    def replace(self, old: Annotation | None, new: Annotation | None) -> None:
        """Swap ``old`` for ``new`` here and in the store (the undo stack's primitive)."""
        self._by_page = None
        if old is not None and (new is None or new.uid != old.uid):
            self._all.pop(old.uid, None)
            if self.sink is not None:
                self.sink.delete(old.uid)
            if self._selected == old.uid:
                self.select(None)
        if new is not None:
            self._all[new.uid] = new
            if self.sink is not None:
                self.sink.save(new)
        self.changed.emit()

    def add(self, annotation: Annotation) -> None:
        self.undo_stack.push(_Put(self, self.tr("Lägg till anteckning"), None, annotation))

    def remove(self, uid: str) -> None:
        annotation = self._all.get(uid)
        if annotation is not None:
            self.undo_stack.push(_Put(self, self.tr("Ta bort anteckning"), annotation, None))

    def change(self, new: Annotation) -> None:
        old = self._all.get(new.uid)
        if old is not None and old != new:
            self.undo_stack.push(_Put(self, self.tr("Ändra anteckning"), old, new))

    def remove_selected(self) -> bool:
        if self._selected is None:
            return False
        self.remove(self._selected)
        return True

    def recolour_selected(self, colour: str) -> None:
        if self._selected is not None:
            self._recolour(self._selected, colour)

    def edit_comment(self, uid: str) -> None:
        annotation = self._all.get(uid)
        if annotation is None:
            return
        text = self.ask_text(self.dialog_parent, self.tr("Kommentar"), annotation.comment)
        if text is not None:
            self.change(annotation.edited(comment=text))

    def place_on(self, uid: str, runs: Sequence[WordRun]) -> bool:
        """Put an annotation waiting for review on the words the user selected in
        this version (the first page of the selection)."""
        annotation = self._all.get(uid)
        if annotation is None or not runs or not self.enabled:
            return False
        page, words, first, last = runs[0]
        text = PageText.of(words)
        if annotation.kind in TEXT_KINDS:
            geometry = Geometry(rects=text.line_rects(first, last))
        else:
            target = union(text.line_rects(first, last))
            old = annotation.geometry.anchor or annotation.geometry.bounds()
            geometry = annotation.geometry.moved_by(target[0] - old[0], target[1] - old[1])
        self.change(
            annotation.edited(
                version_id=self._version_id,
                page=page,
                geometry=geometry,
                quote=text.quote(first, last),
                state=AnchorState.PLACED,
                previous_version_id=annotation.version_id,
                previous_page=annotation.page,
                checked_version_id=self._version_id,
            )
        )
        return True

    def mark_seen(self, uid: str) -> None:
        """The user has looked at a moved annotation: it counts as placed again."""
        annotation = self._all.get(uid)
        if annotation is not None and annotation.state is AnchorState.MOVED:
            self.change(annotation.edited(state=AnchorState.PLACED))

    def set_tool(self, tool: AnnotationTool) -> None:
        if tool is not self.tool:
            self.tool = tool
            self.tool_changed.emit(tool)

    def menu_for(self, uid: str, parent: QWidget) -> QMenu:
        """What can be done with one annotation: comment, colour, remove."""
        menu = QMenu(parent)
        menu.addAction(self.tr("Ändra kommentar…"), lambda: self.edit_comment(uid))
        colours = menu.addMenu(self.tr("Färg"))
        for colour, name in COLOURS:
            action = colours.addAction(colour_label(name))
            action.triggered.connect(lambda _checked=False, c=colour: self._recolour(uid, c))
        menu.addSeparator()
        menu.addAction(self.tr("Ta bort anteckning"), lambda: self.remove(uid))
        return menu

    def _recolour(self, uid: str, colour: str) -> None:
        annotation = self._all.get(uid)
        if annotation is not None:
            self.change(annotation.edited(colour=colour))

    # Selection -------------------------------------------------------------------------

    def select(self, uid: str | None) -> None:
        if uid != self._selected:
            self._selected = uid
            self.selection_changed.emit()

    def selected(self) -> Annotation | None:
        return None if self._selected is None else self._all.get(self._selected)

    def hit(self, page: int, point: QPointF, tolerance: float) -> str | None:
        """The topmost annotation at ``point`` (page points) on ``page``."""
        for annotation in reversed(self.on_page(page)):
            if _touches(annotation, point, tolerance):
                return annotation.uid
        return None

    # Making annotations ------------------------------------------------------------------

    def mark_text(
        self, kind: Kind, runs: Sequence[tuple[int, Sequence[WordLike], int, int]]
    ) -> int:
        """Mark the runs of words (page, the page's words, first, last) with ``kind``;
        one annotation per page. Returns how many were made."""
        if not self.enabled or kind not in TEXT_KINDS:
            return 0
        made = 0
        self.undo_stack.beginMacro(self.tr("Markera text"))
        for page, words, first, last in runs:
            text = PageText.of(words)
            geometry = Geometry(rects=text.line_rects(first, last))
            self.add(self._new(kind, page, geometry, text.quote(first, last)))
            made += 1
        self.undo_stack.endMacro()
        return made

    def add_ink(self, page: int, points: Sequence[Point], words: Sequence[WordLike]) -> None:
        if not self.enabled or len(points) < 2:
            return
        geometry = Geometry(strokes=(tuple(points),), width=INK_WIDTH)
        self.add(self._anchored(Kind.INK, page, geometry, words))

    def add_note(self, page: int, point: Point, words: Sequence[WordLike]) -> None:
        if not self.enabled:
            return
        text = self.ask_text(self.dialog_parent, self.tr("Ny kommentar"), "")
        if not text:
            return
        geometry = Geometry(rects=((point[0], point[1], point[0], point[1]),))
        self.add(self._anchored(Kind.NOTE, page, geometry, words, text))

    def add_textbox(self, page: int, box: Rect, words: Sequence[WordLike]) -> None:
        if not self.enabled:
            return
        text = self.ask_text(self.dialog_parent, self.tr("Ny textruta"), "")
        if not text:
            return
        if box[2] - box[0] < 8 or box[3] - box[1] < 8:  # a click: a box of the usual size
            box = (box[0], box[1], box[0] + DEFAULT_BOX[0], box[1] + DEFAULT_BOX[1])
        geometry = Geometry(rects=(box,), width=TEXTBOX_FONT_SIZE)
        self.add(self._anchored(Kind.TEXTBOX, page, geometry, words, text))

    def _anchored(
        self,
        kind: Kind,
        page: int,
        geometry: Geometry,
        words: Sequence[WordLike],
        comment: str = "",
    ) -> Annotation:
        """A mark that is not on text, anchored by the words nearest to it."""
        text = PageText.of(words)
        near = text.words_near(geometry.bounds())
        if near is None:
            return self._new(kind, page, geometry, None, comment)
        anchor_rects = text.line_rects(*near)
        anchored = Geometry(
            rects=geometry.rects,
            strokes=geometry.strokes,
            width=geometry.width,
            anchor=union(anchor_rects),
        )
        return self._new(kind, page, anchored, text.quote(*near), comment)

    def _new(
        self,
        kind: Kind,
        page: int,
        geometry: Geometry,
        quote: TextQuote | None,
        comment: str = "",
    ) -> Annotation:
        assert self._file_id is not None
        return Annotation.new(
            self._file_id,
            self._version_id,
            kind,
            page,
            geometry,
            colour=self.colour,
            quote=quote,
            comment=comment,
        )


def _touches(annotation: Annotation, point: QPointF, tolerance: float) -> bool:
    x, y = point.x(), point.y()
    geometry = annotation.geometry
    if annotation.kind is Kind.NOTE:
        x0, y0 = geometry.rects[0][0], geometry.rects[0][1]
        return x0 - tolerance <= x <= x0 + NOTE_ICON_POINTS + tolerance and (
            y0 - tolerance <= y <= y0 + NOTE_ICON_POINTS + tolerance
        )
    if annotation.kind is Kind.INK:
        return any(
            abs(px - x) <= tolerance + geometry.width and abs(py - y) <= tolerance + geometry.width
            for stroke in geometry.strokes
            for px, py in stroke
        )
    return any(
        r[0] - tolerance <= x <= r[2] + tolerance and r[1] - tolerance <= y <= r[3] + tolerance
        for r in geometry.rects
    )


# Painting ----------------------------------------------------------------------------------

ToCanvas = Callable[[Rect], QRectF]


def paint_annotation(
    painter: QPainter, annotation: Annotation, to_canvas: ToCanvas, scale: float, selected: bool
) -> None:
    """Draw one annotation; ``to_canvas`` maps a rectangle in page points to the canvas."""
    colour = QColor(annotation.colour)
    kind = annotation.kind
    if kind is Kind.HIGHLIGHT:
        fill = QColor(colour)
        fill.setAlpha(HIGHLIGHT_ALPHA)
        for rect in annotation.geometry.rects:
            painter.fillRect(to_canvas(rect), fill)
    elif kind in (Kind.UNDERLINE, Kind.STRIKEOUT):
        _paint_lines(painter, annotation, to_canvas, scale, colour)
    elif kind is Kind.INK:
        _paint_ink(painter, annotation, to_canvas, scale, colour)
    elif kind is Kind.NOTE:
        _paint_note(painter, annotation, to_canvas, colour)
    else:
        _paint_textbox(painter, annotation, to_canvas, scale, colour)
    if selected:
        _paint_selection(painter, annotation, to_canvas)


def _paint_lines(
    painter: QPainter, annotation: Annotation, to_canvas: ToCanvas, scale: float, colour: QColor
) -> None:
    painter.setPen(QPen(colour, max(1.0, 1.5 * scale)))
    for rect in annotation.geometry.rects:
        box = to_canvas(rect)
        y = box.bottom() - 1 if annotation.kind is Kind.UNDERLINE else box.center().y()
        painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))


def _paint_ink(
    painter: QPainter, annotation: Annotation, to_canvas: ToCanvas, scale: float, colour: QColor
) -> None:
    pen = QPen(colour, max(1.0, annotation.geometry.width * scale))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(pen)
    for stroke in annotation.geometry.strokes:
        path = QPainterPath()
        for index, (x, y) in enumerate(stroke):
            point = to_canvas((x, y, x, y)).topLeft()
            if index == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        painter.drawPath(path)
    painter.restore()


def _paint_note(
    painter: QPainter, annotation: Annotation, to_canvas: ToCanvas, colour: QColor
) -> None:
    x, y = annotation.geometry.rects[0][0], annotation.geometry.rects[0][1]
    box = to_canvas((x, y, x + NOTE_ICON_POINTS, y + NOTE_ICON_POINTS))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour.darker(160), 1.2))
    painter.setBrush(colour)
    painter.drawRoundedRect(box, 3, 3)
    painter.setPen(QPen(colour.darker(200), 1.0))
    for step in (0.35, 0.55, 0.75):
        line_y = box.top() + box.height() * step
        painter.drawLine(
            QPointF(box.left() + box.width() * 0.2, line_y),
            QPointF(box.right() - box.width() * 0.2, line_y),
        )
    painter.restore()


def _paint_textbox(
    painter: QPainter, annotation: Annotation, to_canvas: ToCanvas, scale: float, colour: QColor
) -> None:
    box = to_canvas(annotation.geometry.rects[0])
    painter.save()
    background = QColor("#fffbe0")
    painter.fillRect(box, background)
    painter.setPen(QPen(colour, max(1.0, scale)))
    painter.drawRect(box)
    font = painter.font()
    font.setPointSizeF(max(4.0, annotation.geometry.width * scale * 0.75))
    painter.setFont(font)
    painter.setPen(QColor("#1a1a1a"))
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    painter.drawText(box.adjusted(4, 2, -4, -2), flags, annotation.comment)
    painter.restore()


def _paint_selection(painter: QPainter, annotation: Annotation, to_canvas: ToCanvas) -> None:
    geometry = annotation.geometry
    bounds = geometry.bounds()
    if annotation.kind is Kind.NOTE:
        bounds = (bounds[0], bounds[1], bounds[0] + NOTE_ICON_POINTS, bounds[1] + NOTE_ICON_POINTS)
    pen = QPen(QColor("#0060c0"), 1.5, Qt.PenStyle.DashLine)
    painter.save()
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(to_canvas(bounds).adjusted(-3, -3, 3, 3))
    painter.restore()
