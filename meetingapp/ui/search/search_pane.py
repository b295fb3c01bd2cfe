"""Search across everything on this machine, in a dock of the main window.

Choosing a hit shows its meeting and opens the document at the page with the
words found marked, or the note, or the annotation.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from meetingapp.core.context import AppContext
from meetingapp.ui.packet.agenda_panel import AgendaPanel
from meetingapp.ui.packet.meetings_panel import MeetingsPanel
from meetingapp.ui.reader.reader import ReaderPane
from meetingapp.ui.search.search_panel import SearchPanel
from meetingapp.ui.writing.pane import WritingPanes


class SearchPane(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        meetings: MeetingsPanel,
        agenda: AgendaPanel,
        reader: ReaderPane,
        writing: WritingPanes,
    ) -> None:
        super().__init__(window)
        self.context, self.meetings, self.agenda = context, meetings, agenda
        self.reader, self.writing = reader, writing
        self.panel = SearchPanel(context.search, context.library.committees())
        self.dock = QDockWidget(self.tr("Sök i alla handlingar"), window)
        self.dock.setObjectName("search-dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        self.toggle_action = self.dock.toggleViewAction()
        self.toggle_action.setText(self.tr("&Sök i alla handlingar"))
        self.toggle_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.toggle_action.triggered.connect(self._on_toggled)
        self.panel.document_hit_chosen.connect(self.open_document_hit)
        self.panel.note_hit_chosen.connect(self.open_note_hit)
        self.panel.annotation_hit_chosen.connect(self.open_annotation_hit)

    def _on_toggled(self, shown: bool) -> None:
        if shown:
            self.open()

    def open(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.open_panel()

    def refresh(self) -> None:
        """After a sync or indexing: new committees, and the results anew."""
        self.panel.set_committees(self.context.library.committees())
        if self.dock.isVisible():
            self.panel.search_now()

    def _show_meeting_of(self, object_id: str) -> None:
        meeting_id = self.context.library.meeting_of(object_id)
        if meeting_id is not None and meeting_id != self.meetings.selected_meeting_id():
            self.meetings.select_meeting(meeting_id)

    def open_document_hit(self, file_id: str, page: int, highlight: str) -> None:
        document = self.context.library.document(file_id)
        if document is None:
            return
        self._show_meeting_of(file_id)
        self.agenda.select_object(file_id)
        self.reader.active.show_at(document, page, highlight)

    def open_annotation_hit(self, file_id: str, page: int, uid: str) -> None:
        self.open_document_hit(file_id, page, "")
        self.reader.active.show_annotation_when_open(uid)

    def open_note_hit(self, object_id: str) -> None:
        self._show_meeting_of(object_id)
        self.agenda.select_object(object_id)
        self.writing.show_notes()
        self.writing.notes.show_note(object_id)
        self.writing.notes.focus_editor()
