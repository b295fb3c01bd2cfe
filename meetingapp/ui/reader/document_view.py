"""The document pane: toolbar, find bar, sidebar and the pages, or a clear message.

A document not yet on this machine is asked for (``fetch_requested``) and shown
when it arrives; one the render worker cannot show says so and offers to open it
in another program. Where the reader was in each document is remembered.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QDesktopServices,
    QIcon,
    QIntValidator,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from meetingapp import APP_NAME
from meetingapp.core.packet.library import Document
from meetingapp.core.render import DocumentInfo
from meetingapp.store import BlobError
from meetingapp.store.annotations import TEXT_KINDS, Annotation
from meetingapp.store.local import DocumentPosition
from meetingapp.ui.reader.find_bar import FindBar
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.reader.pdf_view import FindState, PdfView, page_label
from meetingapp.ui.reader.sidebar import Sidebar
from meetingapp.ui.reader.text_view import TextView
from meetingapp.ui.reader.zoom import STEPS, Zoom, ZoomMode
from meetingapp.ui.writing.annotation_layer import (
    COLOURS,
    AnnotationSink,
    AnnotationTool,
    colour_label,
)
from meetingapp.ui.writing.exporting import safe_file_name
from meetingapp.ui.writing.review_bar import ReviewBar

VIEWABLE_TYPES = frozenset(
    {
        "pdf", "xps", "oxps", "epub", "mobi", "fb2", "cbz", "svg", "txt",
        "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "pnm", "pgm", "ppm", "jxr", "webp",
    }
)  # fmt: skip
"""Formats PyMuPDF opens; anything else is offered to another program."""


TOOL_SHORTCUTS = {
    AnnotationTool.HIGHLIGHT: "Ctrl+Shift+H",
    AnnotationTool.UNDERLINE: "Ctrl+Shift+U",
    AnnotationTool.STRIKEOUT: "Ctrl+Shift+X",
}
"""The text tools from the keyboard: taken with text selected, each marks it."""

_log = logging.getLogger(__name__)


class PositionStore(Protocol):
    """Where the reader left each document (kept by file, across versions)."""

    def load(self, file_id: str) -> DocumentPosition | None: ...
    def save(self, file_id: str, position: DocumentPosition) -> None: ...


class AnnotationStore(AnnotationSink, Protocol):
    """The user's annotations of each document, and where changes go."""

    def load(self, file_id: str) -> list[Annotation]: ...


class DocumentView(QWidget):
    """Shows one document with its toolbar, or says plainly why it cannot."""

    fetch_requested = Signal(object)  # Document
    activated = Signal()  # the user works in this view (focus, click)
    document_opened = Signal(object, object)  # Document, DocumentInfo: its pages are coming
    old_version_requested = Signal(object, object)  # Document, Annotation to review on it

    def __init__(
        self,
        renderer: PageRenderer,
        positions: PositionStore | None = None,
        slot: int = 0,
        annotations: AnnotationStore | None = None,
    ) -> None:
        super().__init__()
        self.renderer = renderer
        self.positions = positions
        self.annotation_store = annotations
        self.write_plain_copy: Callable[[str, int, Path], None] | None = None
        self.is_non_public: Callable[[str], bool] = lambda _file_id: True
        """Whether a copy for another program needs the user's consent (the window
        sets the library's answer; until then, always ask)."""
        """Writes a version's content in the clear, for another program (the window
        sets it: only the store holds the key)."""
        self.pdf_view = PdfView(renderer, slot)
        self.layer = self.pdf_view.annotations
        self.layer.sink = annotations
        self.layer.dialog_parent = self
        self.review_bar = ReviewBar()
        self.text_view = TextView()
        self.sidebar = Sidebar(renderer)
        self.find_bar = FindBar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # read out when focused
        self.open_button = QPushButton(self.tr("Öppna i annat program"))
        self.open_button.clicked.connect(self._open_externally)
        self.retry_button = QPushButton(self.tr("Försök igen"))
        self.retry_button.clicked.connect(self._retry)
        self.stack = QStackedWidget()
        self._message_page = self._build_message_page()
        for page in (self._message_page, self.pdf_view, self.text_view):
            self.stack.addWidget(page)
        self.toolbar = self._build_toolbar()
        self.annotation_bar = self._build_annotation_bar()
        self._document: Document | None = None
        self._pending_annotation: str | None = None
        self._pending_find: tuple[int, str] | None = None
        self._build_layout()
        self._connect(renderer)
        self.sidebar.hide()
        self.find_bar.hide()
        self.show_message(self.tr("Välj ett dokument i föredragningslistan."))

    # Building ------------------------------------------------------------------

    def _build_message_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.message)
        layout.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.retry_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        return page

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setAccessibleName(self.tr("Verktyg för dokumentet"))
        self.sidebar_action = bar.addAction(self.tr("Sidor"), self.toggle_sidebar)
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setToolTip(self.tr("Visa sidminiatyrer och innehåll (F9)"))
        bar.addSeparator()
        bar.addAction("◀", lambda: self.step_page(-1)).setToolTip(self.tr("Föregående sida"))
        self.page_field = QLineEdit()
        self.page_field.setMaximumWidth(70)
        self.page_field.setAccessibleName(self.tr("Sida"))
        self.page_field.setToolTip(self.tr("Gå till sida (Ctrl+G)"))
        self.page_field.returnPressed.connect(self._go_to_typed_page)
        bar.addWidget(self.page_field)
        self.page_total = QLabel()
        bar.addWidget(self.page_total)
        bar.addAction("▶", lambda: self.step_page(+1)).setToolTip(self.tr("Nästa sida"))
        bar.addSeparator()
        bar.addAction("−", self.pdf_view.zoom_out).setToolTip(self.tr("Zooma ut (Ctrl+minus)"))
        self.zoom_box = self._build_zoom_box()
        bar.addWidget(self.zoom_box)
        bar.addAction("+", self.pdf_view.zoom_in).setToolTip(self.tr("Zooma in (Ctrl+plus)"))
        bar.addSeparator()
        self.text_action = bar.addAction(self.tr("Text"), self.toggle_text_view)
        self.text_action.setCheckable(True)
        self.text_action.setToolTip(
            self.tr("Visa dokumentets text, för skärmläsare och stor stil (Ctrl+T)")
        )
        bar.addAction(self.tr("Sök"), self.open_find).setToolTip(
            self.tr("Sök i dokumentet (Ctrl+F)")
        )
        _name_buttons(bar)
        return bar

    def _build_annotation_bar(self) -> QToolBar:
        bar = QToolBar()
        bar.setAccessibleName(self.tr("Verktyg för anteckningar"))
        self._add_annotation_tools(bar)
        _name_buttons(bar)
        return bar

    def _add_annotation_tools(self, bar: QToolBar) -> None:
        tips = {
            AnnotationTool.SELECT: (
                self.tr("Markera"),
                self.tr("Markera och kopiera text (med tangentbordet: Skift+piltangenter)"),
            ),
            AnnotationTool.HIGHLIGHT: (
                self.tr("Överstrykning"),
                self.tr("Stryk över text med överstrykningspenna (Ctrl+Shift+H)"),
            ),
            AnnotationTool.UNDERLINE: (
                self.tr("Understrykning"),
                self.tr("Stryk under text (Ctrl+Shift+U)"),
            ),
            AnnotationTool.STRIKEOUT: (
                self.tr("Genomstrykning"),
                self.tr("Stryk igenom text (Ctrl+Shift+X)"),
            ),
            AnnotationTool.INK: (
                self.tr("Frihand"),
                self.tr("Rita för hand med mus, penna eller finger"),
            ),
            AnnotationTool.NOTE: (self.tr("Kommentar"), self.tr("Sätt en kommentar på sidan")),
            AnnotationTool.TEXTBOX: (self.tr("Textruta"), self.tr("Skriv text i en ruta på sidan")),
        }
        group = QActionGroup(self)
        self.tool_actions: dict[AnnotationTool, QAction] = {}
        for tool, (label, tip) in tips.items():
            action = bar.addAction(label)
            action.setCheckable(True)
            action.setToolTip(tip)
            action.setChecked(tool is AnnotationTool.SELECT)
            action.triggered.connect(lambda _checked=False, tool=tool: self.choose_tool(tool))
            group.addAction(action)
            self.tool_actions[tool] = action
        for tool, shortcut in TOOL_SHORTCUTS.items():
            action = self.tool_actions[tool]
            action.setShortcut(QKeySequence(shortcut))
            # Active wherever the focus is in this view, the pages above all (the bar's
            # buttons take no focus).
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.colour_button = QToolButton()
        self.colour_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.colour_button.setAccessibleName(self.tr("Färg"))
        self.colour_button.setToolTip(self.tr("Färg för nya anteckningar och den markerade"))
        menu = QMenu(self.colour_button)
        for colour, name in COLOURS:
            action = menu.addAction(_swatch(colour), colour_label(name))
            action.triggered.connect(lambda _checked=False, c=colour: self.choose_colour(c))
        self.colour_button.setMenu(menu)
        self.colour_button.setIcon(_swatch(self.layer.colour))
        bar.addWidget(self.colour_button)
        self.undo_action = self.layer.undo_stack.createUndoAction(self, self.tr("Ångra"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.layer.undo_stack.createRedoAction(self, self.tr("Gör om"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.delete_action = QAction(self.tr("Ta bort anteckning"), self)
        self.delete_action.setToolTip(self.tr("Ta bort den valda anteckningen (Delete)"))
        self.delete_action.triggered.connect(self.layer.remove_selected)
        for action in (self.undo_action, self.redo_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)

    def choose_tool(self, tool: AnnotationTool) -> None:
        """Take up a tool; a text tool marks the text already selected at once (taken
        again while in hand, it marks what was selected since)."""
        self.layer.set_tool(tool)
        kind = tool.kind
        if kind in TEXT_KINDS and kind is not None:
            self.pdf_view.mark_selection(kind)

    def _enable_annotation_tools(self, enabled: bool) -> None:
        """The bar, and the tools' shortcuts (they act anywhere in the view), only while
        the document shown can take annotations."""
        self.annotation_bar.setEnabled(enabled)
        for action in self.tool_actions.values():
            action.setEnabled(enabled)

    def _on_tool_changed(self, tool: AnnotationTool) -> None:
        self.tool_actions[tool].setChecked(True)
        cursor = Qt.CursorShape.IBeamCursor
        if tool in (AnnotationTool.INK, AnnotationTool.NOTE, AnnotationTool.TEXTBOX):
            cursor = Qt.CursorShape.CrossCursor
        self.pdf_view.canvas.setCursor(cursor)

    def choose_colour(self, colour: str) -> None:
        self.layer.colour = colour
        self.colour_button.setIcon(_swatch(colour))
        self.layer.recolour_selected(colour)

    def _build_zoom_box(self) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.setAccessibleName(self.tr("Zoom"))
        box.addItem(self.tr("Anpassa bredd"), Zoom.fit_width().serialise())
        box.addItem(self.tr("Anpassa sida"), Zoom.fit_page().serialise())
        for percent in STEPS:
            box.addItem(f"{percent} %", str(percent))
        box.activated.connect(lambda index: self._zoom_chosen(box.itemData(index)))
        line = box.lineEdit()
        if line is not None:
            line.returnPressed.connect(lambda: self._zoom_chosen(box.currentText()))
        return box

    def _build_layout(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([150, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.annotation_bar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.review_bar)
        layout.addWidget(splitter, 1)

    def _connect(self, renderer: PageRenderer) -> None:
        self.pdf_view.opened.connect(self._on_opened)
        self.pdf_view.current_page_changed.connect(self._on_page_changed)
        self.pdf_view.zoom_changed.connect(self._on_zoom_changed)
        self.pdf_view.find_changed.connect(self._on_find_changed)
        self.sidebar.page_chosen.connect(self._go_to_chosen_page)
        self.find_bar.query_changed.connect(self.pdf_view.search)
        self.find_bar.step.connect(self.pdf_view.search_step)
        self.find_bar.closed.connect(self._on_find_closed)
        renderer.failed.connect(self._on_render_failed)
        renderer.text_ready.connect(self._on_text)
        self.layer.changed.connect(self._show_review_state)
        self.layer.tool_changed.connect(self._on_tool_changed)
        self.review_bar.go_to_requested.connect(self._go_to_annotation)
        self.review_bar.old_version_requested.connect(self._show_on_old_version)
        self.review_bar.place_requested.connect(self._place_on_selection)
        self.review_bar.remove_requested.connect(self.layer.remove)
        self.review_bar.accepted.connect(self.layer.mark_seen)
        for widget in (self.pdf_view, self.pdf_view.canvas, self.text_view, self.sidebar):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            self.activated.emit()
        return super().eventFilter(watched, event)

    # Showing documents -----------------------------------------------------------

    def currentWidget(self) -> QWidget:  # noqa: N802 - mirrors QStackedWidget
        current = self.stack.currentWidget()
        assert current is not None
        return current

    @property
    def document(self) -> Document | None:
        return self._document

    def show_message(
        self, text: str, offer_external: bool = False, offer_retry: bool = False
    ) -> None:
        self.message.setText(text)
        self.retry_button.setVisible(offer_retry)
        available = self._document is not None and self._document.local_path is not None
        self.open_button.setVisible(offer_external and available)
        self.stack.setCurrentWidget(self._message_page)
        self.toolbar.setEnabled(False)
        self._enable_annotation_tools(False)

    def show_document(self, document: Document) -> None:
        if self._document is not None and self._document.file_id != document.file_id:
            self.remember_position()
        self._document = document
        self.find_bar.hide()
        self.sidebar.forget_document()
        file_type = document.file_type
        if document.local_path is None:
            self.pdf_view.close_file()
            self.show_message(self.tr("Hämtar ”{0}”…").format(document.name))
            self.fetch_requested.emit(document)
        elif file_type not in VIEWABLE_TYPES:
            self.pdf_view.close_file()
            self.show_message(
                self.tr("”{0}” kan inte visas här.").format(document.name), offer_external=True
            )
        else:
            position = self.positions.load(document.file_id) if self.positions else None
            self.reload_annotations()
            self.text_action.setChecked(False)
            self.stack.setCurrentWidget(self.pdf_view)
            self.pdf_view.show_file(document.local_path, file_type, position)

    def reload_annotations(self) -> None:
        """Show the stored annotations of the document (after it opens, or after a new
        version re-anchored them)."""
        document = self._document
        if document is None or document.local_path is None:
            self.layer.set_document(None, None, [])
            return
        stored = self.annotation_store.load(document.file_id) if self.annotation_store else []
        self.layer.set_document(document.file_id, document.version_id, stored)

    def _show_review_state(self) -> None:
        self.review_bar.show_state(self.layer.to_review(), self.layer.moved())

    def show_at(self, document: Document, page: int, highlight: str = "") -> None:
        """Show ``document`` at ``page`` with ``highlight`` found and marked (a search
        hit), at once or as soon as it has opened."""
        self._pending_find = (page, highlight)
        if not self.is_showing(document.file_id):
            self.show_document(document)
        elif self.pdf_view.info is not None:
            self._apply_pending_find()  # else it is opening, and this waits for it

    def _apply_pending_find(self) -> None:
        pending, self._pending_find = self._pending_find, None
        if pending is None:
            return
        page, highlight = pending
        self.pdf_view.go_to(page)
        if highlight:
            self.find_bar.show()
            self.find_bar.field.setText(highlight)
            self.pdf_view.search(highlight)

    def show_annotation_when_open(self, uid: str) -> None:
        """Go to an annotation once the document being opened has its pages."""
        if self.pdf_view.info is not None and self.layer.get(uid) is not None:
            self._go_to_annotation(uid)
        else:
            self._pending_annotation = uid

    def _go_to_annotation(self, uid: str) -> None:
        annotation = self.layer.get(uid)
        if annotation is not None:
            self.layer.select(uid)
            self.pdf_view.go_to_rect(annotation.page, annotation.geometry.bounds())

    def _show_on_old_version(self, uid: str) -> None:
        annotation = self.layer.get(uid)
        if annotation is not None and self._document is not None:
            self.old_version_requested.emit(self._document, annotation)

    def _place_on_selection(self, uid: str) -> None:
        runs = self.pdf_view.canvas.selected_runs()
        if not runs:
            self.review_bar.summary.setText(
                self.tr("Markera först texten i dokumentet där anteckningen ska sitta.")
            )
            return
        self.layer.place_on(uid, runs)
        self.pdf_view.canvas.clear_selection()

    def is_showing(self, file_id: str) -> bool:
        return self._document is not None and self._document.file_id == file_id

    def fetch_failed(self, document: Document, reason: str) -> None:
        if self.is_showing(document.file_id):
            message = self.tr("”{0}” kunde inte hämtas: {1}").format(document.name, reason)
            self.show_message(message, offer_retry=True)

    def remember_position(self) -> None:
        """Store where the reader is in the current document (called on leaving it)."""
        document = self._document
        if document is None or self.positions is None or not self.pdf_view.page_count:
            return
        self.positions.save(document.file_id, self.pdf_view.position())

    def _retry(self) -> None:
        if self._document is not None:
            self.show_document(self._document)

    def _on_opened(self, info: DocumentInfo) -> None:
        if info.needs_password:
            self.show_message(
                self.tr("Dokumentet är lösenordsskyddat och kan inte visas här."),
                offer_external=True,
            )
            return
        if info.page_count == 0:
            self.show_message(self.tr("Dokumentet har inga sidor."), offer_external=True)
            return
        self.toolbar.setEnabled(True)
        self._enable_annotation_tools(self.layer.enabled)
        pending, self._pending_annotation = self._pending_annotation, None
        if pending is not None:
            self._go_to_annotation(pending)
        self._apply_pending_find()
        if self._document is not None:
            self.document_opened.emit(self._document, info)
        validator = None if info.page_labels else QIntValidator(1, info.page_count, self)
        self.page_field.setValidator(validator)  # type: ignore[arg-type]  # None: labels
        self.page_total.setText(self.tr(" av {0} ").format(info.page_count))
        if self.sidebar.isVisible():
            self.sidebar.show_document(self.pdf_view.generation, info)
        self._on_page_changed(self.pdf_view.current_page())

    def _on_render_failed(self, generation: int, reason: str) -> None:
        if generation != self.pdf_view.generation:
            return
        self.show_message(
            self.tr("Dokumentet kunde inte visas: {0}").format(reason), offer_external=True
        )

    # Pages and zoom ----------------------------------------------------------------

    def _on_page_changed(self, page: int) -> None:
        self.page_field.setText(page_label(self.pdf_view.info, page))
        self.sidebar.thumbnails.follow_page(page)

    def step_page(self, direction: int) -> None:
        self.pdf_view.go_to(self.pdf_view.current_page() + direction)

    def _go_to_chosen_page(self, page: int) -> None:
        self.pdf_view.go_to(page)
        self.pdf_view.setFocus()

    def _go_to_typed_page(self) -> None:
        page = self.page_index_of(self.page_field.text())
        if page is not None:
            self.pdf_view.go_to(page)
            self.pdf_view.setFocus()

    def page_index_of(self, typed: str) -> int | None:
        """A typed page label ("iv") or number ("12") as a page index."""
        typed = typed.strip()
        info = self.pdf_view.info
        if info is None or not typed:
            return None
        if typed in info.page_labels:
            return info.page_labels.index(typed)
        if typed.isdigit() and 1 <= int(typed) <= info.page_count:
            return int(typed) - 1
        return None

    def focus_target(self) -> QWidget:
        """Where the keyboard focus goes when the reader moves to this view."""
        current = self.currentWidget()
        if current is not self._message_page:
            return current
        for button in (self.retry_button, self.open_button):
            if not button.isHidden():
                return button
        return self.message

    def focus_page_field(self) -> None:
        self.page_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page_field.selectAll()

    def _zoom_chosen(self, value: object) -> None:
        self.pdf_view.set_zoom(Zoom.parse(str(value)))
        self.pdf_view.setFocus()

    def _on_zoom_changed(self, zoom: Zoom, percent: float) -> None:
        index = self.zoom_box.findData(zoom.serialise())
        self.zoom_box.blockSignals(True)
        if zoom.mode is ZoomMode.PERCENT or index < 0:
            self.zoom_box.setEditText(f"{round(percent)} %")
        else:
            self.zoom_box.setCurrentIndex(index)
        self.zoom_box.blockSignals(False)

    # Sidebar, find and text view -------------------------------------------------------

    def toggle_sidebar(self) -> None:
        visible = not self.sidebar.isVisible()
        self.sidebar.setVisible(visible)
        self.sidebar_action.setChecked(visible)
        info = self.pdf_view.info
        if visible and info is not None:
            self.sidebar.show_document(self.pdf_view.generation, info)
            self.sidebar.thumbnails.follow_page(self.pdf_view.current_page())

    def open_find(self) -> None:
        if self.pdf_view.info is None:
            return
        if self.stack.currentWidget() is self.text_view:
            self.toggle_text_view()
        self.find_bar.open_bar()

    def _on_find_changed(self, state: FindState) -> None:
        self.find_bar.show_state(state)

    def _on_find_closed(self) -> None:
        self.pdf_view.search("")
        self.pdf_view.setFocus()

    def toggle_text_view(self) -> None:
        showing_text = self.stack.currentWidget() is self.text_view
        if showing_text:
            self.stack.setCurrentWidget(self.pdf_view)
        elif self.pdf_view.info is not None:
            self.stack.setCurrentWidget(self.text_view)
            self.text_view.show_loading()
            self.renderer.want_text(self.pdf_view.generation)
            self.text_view.setFocus()
        self.text_action.setChecked(self.stack.currentWidget() is self.text_view)

    def _on_text(self, generation: int, pages: object) -> None:
        if generation != self.pdf_view.generation or not isinstance(pages, list):
            return
        info = self.pdf_view.info
        labels = [page_label(info, index) for index in range(len(pages))]
        self.text_view.show_pages(pages, labels)

    def change_zoom(self, direction: int) -> None:
        """Zoom the pages, or the text size in the text view."""
        if self.stack.currentWidget() is self.text_view:
            self.text_view.change_font_size(direction)
        elif direction > 0:
            self.pdf_view.zoom_in()
        else:
            self.pdf_view.zoom_out()

    def reset_zoom(self) -> None:
        if self.stack.currentWidget() is self.text_view:
            self.text_view.reset_font_size()
        else:
            self.pdf_view.set_zoom(Zoom.fit_width())

    # Other programs ------------------------------------------------------------------

    def _open_externally(self) -> None:
        """Hand a copy named like the original to the system's default program.

        Blobs are sealed and named by their hash; the other program gets the
        content in the clear, under the real file name so that it recognises the
        format. The copies are removed when the program ends. A non-public
        document is copied only after the user agreed to that.
        """
        document = self._document
        if document is None or document.version_id is None or self.write_plain_copy is None:
            return
        if self.is_non_public(document.file_id) and not self._confirm_plain_copy():
            return
        folder = Path(tempfile.mkdtemp(prefix="copy-", dir=_external_copies().name))
        copy = folder / external_name(document.file_name or document.name)
        try:
            self.write_plain_copy(document.file_id, document.version_id, copy)
        except (OSError, BlobError) as error:
            QMessageBox.warning(
                self, self.tr("Öppna i annat program"), self.tr("Kopian kunde inte skrivas.")
            )
            # Not the error's text: its path is the document's own name.
            _log.warning("copy for another program not written: %s", type(error).__name__)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))

    def _confirm_plain_copy(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Öppna i annat program"),
            self.tr(
                "Handlingen är sekretessmarkerad. Det andra programmet får en okrypterad "
                "kopia, som tas bort när {0} avslutas. Öppna ändå?"
            ).format(APP_NAME),
        )
        return answer == QMessageBox.StandardButton.Yes


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _name_buttons(bar: QToolBar) -> None:
    """Give each button the name of its action's tooltip, for screen readers; also
    the button a narrow bar shows for the actions that do not fit."""
    for action in bar.actions():
        button = bar.widgetForAction(action)
        if button is not None and action.toolTip() and not button.accessibleName():
            button.setAccessibleName(action.toolTip())
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    if extension is not None:
        extension.setAccessibleName(QCoreApplication.translate("DocumentView", "Fler verktyg"))


COPIES_PREFIX = "motesparm-copies-"
STALE_COPIES_AFTER = 24 * 60 * 60
"""Seconds after which a folder of copies is taken to be a crashed run's."""


_copies: list[tempfile.TemporaryDirectory[str]] = []


def _external_copies() -> tempfile.TemporaryDirectory[str]:
    """The folder of this run's copies for other programs, removed at exit (what
    another program still holds open on Windows stays; a later start removes it)."""
    if not _copies:
        _copies.append(
            tempfile.TemporaryDirectory(prefix=COPIES_PREFIX, ignore_cleanup_errors=True)
        )
    return _copies[0]


def remove_stale_external_copies() -> int:
    """Remove the copies for other programs that a crashed or killed run left in the
    temporary folder (older than a day, so a running program's stay); returns how many."""
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{COPIES_PREFIX}*"):
        try:
            if not folder.is_dir() or folder.owner() != Path.home().owner():
                continue
            if time.time() - folder.stat().st_mtime < STALE_COPIES_AFTER:
                continue
        except (OSError, KeyError, NotImplementedError):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def external_name(name: str) -> str:
    """A name for the copy handed to another program: no folders, nothing file
    systems refuse, short enough for any of them, the extension kept."""
    path = Path(safe_file_name(name.replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1]))
    return (path.stem[:120] + path.suffix[:16]) or "dokument"
