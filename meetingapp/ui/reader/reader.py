"""The reading pane: one document, or two side by side, and the reader's shortcuts.

The second view is for reading a bilaga beside its tjänsteskrivelse; each view
keeps its own document and position. Documents chosen in the agenda open in the
view the reader last worked in. The shortcuts act on that view too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from meetingapp.core.packet.library import Document
from meetingapp.store import Database
from meetingapp.store.annotations import Annotation
from meetingapp.store.local import DocumentPosition, get_document_position, set_document_position
from meetingapp.ui.reader.document_view import AnnotationStore, DocumentView, PositionStore
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.reader.zoom import Zoom
from meetingapp.ui.shell.tasks import run_in_background

_log = logging.getLogger(__name__)


class StorePositions:
    """Positions in the store; written in the background (a write waits for fsync)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._pending: dict[str, DocumentPosition] = {}

    def load(self, file_id: str) -> DocumentPosition | None:
        pending = self._pending.get(file_id)
        return pending or get_document_position(self.database.read(), file_id)

    def save(self, file_id: str, position: DocumentPosition) -> None:
        self._pending[file_id] = position
        run_in_background(
            lambda _task: self._write(file_id, position),
            on_done=lambda _result: self._written(file_id, position),
            on_error=lambda error: _log.warning("Cannot store the reading position: %s", error),
        )

    def save_now(self, file_id: str, position: DocumentPosition) -> None:
        """Write at once (when the window closes)."""
        self._write(file_id, position)

    def _write(self, file_id: str, position: DocumentPosition) -> None:
        with self.database.write() as db:
            set_document_position(db, file_id, position)

    def _written(self, file_id: str, position: DocumentPosition) -> None:
        if self._pending.get(file_id) == position:
            del self._pending[file_id]


class ReaderPane(QWidget):
    """One or two DocumentViews; forwards fetch requests from either."""

    fetch_requested = Signal(object)  # Document
    document_shown = Signal(object)  # Document, whenever a view starts showing one
    document_opened = Signal(object, object)  # Document, DocumentInfo: a view opened it

    def __init__(
        self,
        renderer: PageRenderer,
        positions: PositionStore | None = None,
        annotations: AnnotationStore | None = None,
    ) -> None:
        super().__init__()
        self.renderer = renderer
        self.positions = positions
        self.primary = DocumentView(renderer, positions, slot=0, annotations=annotations)
        self.secondary = DocumentView(renderer, positions, slot=1, annotations=annotations)
        self.secondary.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.primary)
        self.splitter.addWidget(self.secondary)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._active = self.primary
        for view in (self.primary, self.secondary):
            view.fetch_requested.connect(self.fetch_requested)
            view.document_opened.connect(self.document_opened)
            view.old_version_requested.connect(self.show_old_version)
            view.activated.connect(lambda view=view: self._activate(view))
        self.actions_by_name = self._build_actions()
        self.version_paths: Callable[[int], Path | None] | None = None
        """Where a document version is on this machine (the window sets it)."""

    # Views -----------------------------------------------------------------------

    @property
    def active(self) -> DocumentView:
        return self._active

    @property
    def is_split(self) -> bool:
        return not self.secondary.isHidden()

    def views(self) -> list[DocumentView]:
        return [self.primary, self.secondary] if self.is_split else [self.primary]

    def _activate(self, view: DocumentView) -> None:
        self._active = view

    def show_document(self, document: Document) -> None:
        """Show ``document`` in the view the reader works in."""
        self._active.show_document(document)
        self.document_shown.emit(document)

    def show_beside(self, document: Document) -> None:
        """Show ``document`` in the other view, opening it if needed."""
        if not self.is_split:
            self.set_split(True)
        other = self.secondary if self._active is self.primary else self.primary
        other.show_document(document)
        self.document_shown.emit(document)

    def show_old_version(self, document: Document, annotation: Annotation) -> None:
        """Show the version an annotation to review sits on beside the current one, at
        the annotation."""
        version = annotation.version_id
        found = self.version_paths
        path = found(version) if found is not None and version is not None else None
        if path is None:
            return
        old = replace(
            document,
            name=self.tr("{0} (tidigare version)").format(document.name),
            local_path=path,
            version_id=version,
        )
        self.show_beside(old)
        other = self.secondary if self._active is self.primary else self.primary
        other.show_annotation_when_open(annotation.uid)

    def set_split(self, split: bool) -> None:
        if split == self.is_split:
            return
        if split:
            self.secondary.show()
            width = max(self.width(), 2)
            self.splitter.setSizes([width // 2, width - width // 2])
            self.split_action.setChecked(True)
            return
        self.secondary.remember_position()
        self.secondary.pdf_view.close_file()
        self.secondary.hide()
        self._active = self.primary
        self.split_action.setChecked(False)

    def is_showing(self, file_id: str) -> bool:
        return any(view.is_showing(file_id) for view in self.views())

    def document_arrived(self, document: Document) -> None:
        """A document fetched on demand is here: show it where it was waited for."""
        for view in self.views():
            if view.is_showing(document.file_id):
                view.show_document(document)

    def fetch_failed(self, document: Document, reason: str) -> None:
        for view in self.views():
            view.fetch_failed(document, reason)

    def remember_positions(self) -> None:
        for view in self.views():
            view.remember_position()

    # Actions ------------------------------------------------------------------------

    def _build_actions(self) -> dict[str, QAction]:
        specs: list[tuple[str, str, QKeySequence | QKeySequence.StandardKey, object]] = [
            ("find", self.tr("&Sök i dokumentet…"), QKeySequence.StandardKey.Find,
             lambda: self._active.open_find()),
            ("zoom_in", self.tr("Zooma &in"), QKeySequence.StandardKey.ZoomIn,
             lambda: self._active.change_zoom(+1)),
            ("zoom_out", self.tr("Zooma &ut"), QKeySequence.StandardKey.ZoomOut,
             lambda: self._active.change_zoom(-1)),
            ("fit_width", self.tr("Anpassa till &bredd"), QKeySequence("Ctrl+0"),
             lambda: self._active.reset_zoom()),
            ("fit_page", self.tr("Anpassa till sid&a"), QKeySequence("Ctrl+9"),
             lambda: self._active.pdf_view.set_zoom(Zoom.fit_page())),
            ("go_to_page", self.tr("&Gå till sida…"), QKeySequence("Ctrl+G"),
             lambda: self._active.focus_page_field()),
            ("sidebar", self.tr("Sid&miniatyrer och innehåll"), QKeySequence("F9"),
             lambda: self._active.toggle_sidebar()),
            ("text_view", self.tr("Dokumentets &text"), QKeySequence("Ctrl+T"),
             lambda: self._active.toggle_text_view()),
            ("split", self.tr("Två dokument sida &vid sida"), QKeySequence("Ctrl+D"),
             lambda: self.set_split(not self.is_split)),
        ]  # fmt: skip
        actions: dict[str, QAction] = {}
        for name, text, shortcut, slot in specs:
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            actions[name] = action
        self.split_action = actions["split"]
        self.split_action.setCheckable(True)
        return actions
