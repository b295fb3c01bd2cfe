"""The member's binder, the "Läsa" workspace: meetings | agenda | document.

It holds the meetings list, the agenda and the reader side by side, the notes,
overview ("Mina anteckningar") and search docks, and the Visa entries, the Gå
menu and the Anteckningar menu that go with them. The shell gives it the sync's
outcome through its events; everything it writes goes through the core.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMenu,
    QSplitter,
    QTreeWidgetItem,
    QWidget,
)

from meetingapp import APP_NAME
from meetingapp.core.annotations.reanchor import ReanchorReport
from meetingapp.core.context import NewDocumentsOutcome
from meetingapp.core.packet.library import Document, MeetingState, OfflineState
from meetingapp.core.render import DocumentInfo
from meetingapp.ui.packet.agenda_panel import DOCUMENT_ROLE, AgendaPanel
from meetingapp.ui.packet.meetings_panel import MeetingsPanel
from meetingapp.ui.reader.document_view import remove_stale_external_copies
from meetingapp.ui.reader.reader import ReaderPane, StorePositions
from meetingapp.ui.search.search_pane import SearchPane
from meetingapp.ui.shell.menus import MenuEntry, add_entries
from meetingapp.ui.shell.workspaces import Shell, StateReader, Workspace, WorkspaceMenus
from meetingapp.ui.writing.pane import WritingPanes

READING = "reading"
STATE_SPLITTER = "window.splitter"
STATE_LAST_MEETING = "reader.last_meeting"

_log = logging.getLogger(__name__)


class ReadingWorkspace(QObject, Workspace):
    workspace_id: ClassVar[str] = READING

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.main_window)
        self.shell, self.context = shell, shell.context
        self._sizes_before_split: list[int] = []
        self._title = APP_NAME
        self._shown = False
        self.meetings = MeetingsPanel()
        self.agenda = AgendaPanel()
        self.positions = StorePositions(self.context.store.db)
        self.reader = self._build_reader()
        self.splitter = self._build_splitter()
        window = shell.main_window
        self.writing = WritingPanes(window, self.context, self.agenda, self.reader, shell.events)
        if not self.writing.notes_dock.isHidden():  # the notes take width: the reader keeps it
            self.splitter.setSizes([220, 420, 760])
        self.search = SearchPane(
            window, self.context, self.meetings, self.agenda, self.reader, self.writing
        )
        self._connect()

    def _build_reader(self) -> ReaderPane:
        reader = ReaderPane(self.shell.renderer, self.positions, self.context.user_data)
        reader.version_paths = self.context.library.version_path
        remove_stale_external_copies()  # what a crashed run left for another program
        for view in (reader.primary, reader.secondary):
            view.write_plain_copy = self.context.library.write_plain_copy
            view.is_non_public = self.context.library.is_non_public
        return reader

    def _build_splitter(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (self.meetings, self.agenda, self.reader):
            splitter.addWidget(pane)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([270, 560, 700])
        return splitter

    def _connect(self) -> None:
        self.meetings.meeting_selected.connect(self.show_meeting)
        self.reader.fetch_requested.connect(self.fetch_document)
        self.reader.document_shown.connect(self._record_reading)
        self.reader.split_action.toggled.connect(self._on_split_toggled)
        self.agenda.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.agenda.tree.customContextMenuRequested.connect(self._agenda_menu)
        self.agenda.tree.viewport().installEventFilter(self)
        self.agenda.document_selected.connect(self.show_document)
        self.agenda.retry_requested.connect(self.fetch_document)
        self.agenda.meeting_viewed.connect(self._on_meeting_viewed)
        self.reader.document_opened.connect(self._on_document_opened)
        events = self.shell.events
        events.data_changed.connect(self.reload)
        events.sources_changed.connect(self.refresh)
        events.documents_processed.connect(self._on_processed)
        events.documents_removed.connect(self._show_again_if_removed)
        events.removed_writing_requested.connect(self.writing.show_removed)

    # The workspace ----------------------------------------------------------------

    def title(self) -> str:
        return self.tr("&Läsa")

    def central_widget(self) -> QWidget:
        return self.splitter

    def docks(self) -> list[QDockWidget]:
        return [self.writing.notes_dock, self.writing.overview_dock, self.search.dock]

    def fill_menus(self, menus: WorkspaceMenus) -> None:
        self._fill_view_menu(menus.view)
        self._fill_go_menu(menus.add_menu(self.tr("&Gå")))
        self.writing.build_menu(menus.add_menu(self.tr("A&nteckningar")))

    def activate(self) -> None:
        self._shown = True
        self.shell.main_window.setWindowTitle(self._title)

    def deactivate(self) -> None:
        self._shown = False

    def restore_state(self, read: StateReader) -> None:
        splitter = read(STATE_SPLITTER)
        if splitter:
            self.splitter.restoreState(QByteArray.fromBase64(splitter.encode("ascii")))
        self.refresh(last_meeting=read(STATE_LAST_MEETING))

    def state_to_save(self) -> dict[str, str]:
        state = {STATE_SPLITTER: bytes(self.splitter.saveState().toBase64().data()).decode()}
        meeting_id = self.meetings.selected_meeting_id()
        if meeting_id:
            state[STATE_LAST_MEETING] = meeting_id
        return state

    def may_close(self) -> bool:
        return self.writing.may_close(self.shell.main_window)

    def closing(self) -> None:
        self.reader.remember_positions()

    # Menus ------------------------------------------------------------------------

    def _fill_view_menu(self, menu: QMenu) -> None:
        """The reader's actions, so every shortcut can also be found in a menu."""
        groups = (
            ("find", "go_to_page"),
            ("zoom_in", "zoom_out", "fit_width", "fit_page"),
            ("sidebar", "text_view", "split"),
        )
        for group in groups:
            menu.addSeparator()
            for name in group:
                menu.addAction(self.reader.actions_by_name[name])
        beside = QAction(self.tr("Öppna valt dokument br&edvid"), self)
        beside.setShortcut(QKeySequence("Ctrl+Shift+D"))
        beside.triggered.connect(self.open_current_beside)
        menu.addAction(beside)

    def _fill_go_menu(self, menu: QMenu) -> None:
        """Moving through the packet from the keyboard: items, documents, panes."""
        menu.addAction(self.search.toggle_action)
        menu.addSeparator()
        specs: tuple[MenuEntry, ...] = (
            (self.tr("&Nästa ärende"), "Alt+Down", lambda: self.agenda.step_item(+1)),
            (self.tr("&Föregående ärende"), "Alt+Up", lambda: self.agenda.step_item(-1)),
            (self.tr("Nästa &dokument"), "Ctrl+PgDown", lambda: self.agenda.step_document(+1)),
            (self.tr("Föregående d&okument"), "Ctrl+PgUp", lambda: self.agenda.step_document(-1)),
            None,
            (self.tr("Nästa &panel"), "F6", lambda: self.cycle_pane(+1)),
            (self.tr("Föregående p&anel"), "Shift+F6", lambda: self.cycle_pane(-1)),
        )
        add_entries(menu, self, specs)

    def cycle_pane(self, direction: int) -> None:
        """Move the keyboard focus to the next pane: meetings, agenda, document."""
        panes: list[QWidget] = [self.meetings, self.agenda, self.reader]
        focused = QApplication.focusWidget()
        current = next(
            (
                index
                for index, pane in enumerate(panes)
                if focused is not None and (focused is pane or pane.isAncestorOf(focused))
            ),
            -1,
        )
        targets = [self.meetings, self.agenda.tree, self.reader.active.focus_target()]
        targets[(current + direction) % len(targets)].setFocus(Qt.FocusReason.ShortcutFocusReason)

    # Content ---------------------------------------------------------------

    def refresh(self, last_meeting: str | None = None) -> None:
        """Reload meetings from the store and keep (or pick) the selected one."""
        choice = self.context.committee_choice()
        self.meetings.populate(self.context.library, choice.committee_ids if choice else None)
        if self.meetings.selected_meeting_id() is None:
            meeting_id = last_meeting or self._next_meeting()
            if meeting_id:
                self.meetings.select_meeting(meeting_id)

    def reload(self) -> None:
        """Refresh the meetings and show the selected meeting's agenda anew."""
        self.refresh()
        selected = self.meetings.selected_meeting_id()
        if selected:
            self.show_meeting(selected)

    def _next_meeting(self) -> str | None:
        now = datetime.now(UTC)
        upcoming = [
            meeting
            for meeting in self.context.library.meetings(now=now)
            if meeting.state is MeetingState.UPCOMING
        ]
        return upcoming[0].id if upcoming else None

    def show_meeting(self, meeting_id: str) -> None:
        meeting = self.context.library.meeting(meeting_id)
        self.agenda.show_meeting(meeting, self.context.library)
        self.writing.show_meeting(meeting)
        self._title = f"{meeting.name} – {APP_NAME}" if meeting else APP_NAME
        if self._shown:
            self.shell.main_window.setWindowTitle(self._title)

    def show_document(self, document: Document) -> None:
        self.reader.show_document(document)

    def _record_reading(self, document: Document) -> None:
        """Remember, in the background, which version of the document was opened."""
        self.context.open_files = frozenset(
            view.document.file_id for view in self.reader.views() if view.document is not None
        )
        self._write_in_background(
            lambda: self.context.record_reading(document),
            then=lambda: self.agenda.refresh_document(document.file_id),
            what="the reading",
        )

    def _write_in_background(
        self, write: Callable[[], object], then: Callable[[], None], what: str
    ) -> None:
        """A small write off the GUI thread (it waits for fsync), then ``then`` on it.

        A failure is logged: the reader carries on, and the next write tries again.
        """
        self.shell.tasks.run(
            lambda _task: write(),
            on_done=lambda _result: then(),
            on_error=lambda error: _log.warning("Cannot store %s: %s", what, error),
        )

    def _on_meeting_viewed(self, meeting_id: str) -> None:
        """The user sees the meeting's news now: its badge goes."""
        self._write_in_background(
            lambda: self.context.mark_meeting_seen(meeting_id),
            then=lambda: self.meetings.update_meeting(meeting_id, self.context.library),
            what="that the meeting was seen",
        )

    def _on_document_opened(self, document: Document, info: DocumentInfo) -> None:
        """Keep the page count the viewer learnt, for the agenda."""
        if document.page_count is not None or document.version_id is None:
            return
        version_id, pages = document.version_id, info.page_count
        self._write_in_background(
            lambda: self.context.record_page_count(version_id, pages),
            then=lambda: self.agenda.refresh_document(document.file_id),
            what="the page count",
        )

    # After a sync -------------------------------------------------------------------

    def _on_processed(self, outcome: NewDocumentsOutcome) -> None:
        if outcome.pages_counted:
            self.agenda.refresh()
        if outcome.indexed.documents_indexed or outcome.indexed.documents_removed:
            self.search.refresh()
        self._show_reanchored(outcome.reanchored)
        removals = self.writing.notice_removals()
        if removals:
            self.shell.tell(removals)

    def _show_reanchored(self, report: ReanchorReport) -> None:
        """Annotations were carried to new versions: show them where they now are."""
        if not report.files:
            return
        for view in self.reader.views():
            if view.document is not None and view.document.file_id in report.files:
                view.show_document(
                    self.context.library.document(view.document.file_id) or view.document
                )
        if report.moved or report.review:
            self.shell.tell(
                self.tr("Nya versioner: %n anteckning(ar) flyttades", "", report.moved)
                + (self.tr(", %n behöver granskas", "", report.review) if report.review else "")
            )

    def _show_again_if_removed(self) -> None:
        """A view whose document retention removed shows it as it now is (not on
        this machine, with "Hämta"), not pages it can no longer render."""
        for view in self.reader.views():
            shown = view.document
            if shown is None or shown.version_id is None:
                continue
            current = self.context.library.document(shown.file_id)
            if current is not None and current.version_id != shown.version_id:
                view.show_document(current)

    # The agenda's menu and the split ------------------------------------------------

    def _agenda_menu(self, position: QPoint) -> None:
        object_id = self.agenda.object_at(position)
        if object_id is None:
            return
        menu = QMenu(self.shell.main_window)
        document = self._agenda_document(self.agenda.tree.itemAt(position))
        if document is not None:
            beside = menu.addAction(self.tr("Öppna bredvid"))
            beside.triggered.connect(lambda: self.reader.show_beside(document))
            if document.offline_state is not OfflineState.DOWNLOADED:
                retry = menu.addAction(self.tr("Försök hämta igen"))
                retry.triggered.connect(lambda: self.fetch_document(document))
        keep = menu.addAction(self.tr("Behåll offline"))
        keep.setCheckable(True)
        keep.setChecked(self.context.is_pinned(object_id))
        keep.toggled.connect(lambda on: self.pin(object_id, on))
        menu.popup(self.agenda.tree.viewport().mapToGlobal(position))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """A right click in the agenda opens its menu without opening the row clicked.

        Otherwise "Öppna bredvid" on a bilaga would first replace the document
        being read with that bilaga.
        """
        if (
            watched is self.agenda.tree.viewport()
            and event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.RightButton
        ):
            self.agenda.tree.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _agenda_document(item: QTreeWidgetItem | None) -> Document | None:
        document = item.data(0, DOCUMENT_ROLE) if item is not None else None
        return document if isinstance(document, Document) else None

    def open_current_beside(self) -> None:
        """Open the document chosen in the agenda in the other view of the reader."""
        document = self._agenda_document(self.agenda.tree.currentItem())
        if document is not None:
            self.reader.show_beside(document)

    def _on_split_toggled(self, split: bool) -> None:
        """Two documents need the width: fold the meetings list away while split."""
        if split:
            self._sizes_before_split = self.splitter.sizes()
            meetings, agenda, reader = self._sizes_before_split
            narrow_agenda = min(agenda, 360)
            self.splitter.setSizes([0, narrow_agenda, meetings + agenda - narrow_agenda + reader])
        elif self._sizes_before_split:
            self.splitter.setSizes(self._sizes_before_split)
            self._sizes_before_split = []

    def pin(self, object_id: str, pinned: bool) -> None:
        """Keep the item's or document's files offline (fetched now) or stop."""
        self.context.set_pinned(object_id, pinned)
        if pinned:
            self.shell.start_sync()

    # Documents on demand -------------------------------------------------------

    def fetch_document(self, document: Document) -> None:
        """Fetch a document that is not on this machine; once per file at a time."""

        def failed(error: Exception) -> None:
            self.reader.fetch_failed(document, str(error))
            self.agenda.refresh_document(document.file_id)

        self.shell.tasks.single_flight(
            ("fetch", document.file_id),
            lambda _task: self.context.fetch_document(document.file_id),
            again=False,
            on_done=lambda fetched: self._on_document_fetched(document.file_id, fetched),
            on_error=failed,
        )

    def _on_document_fetched(self, file_id: str, document: Document | None) -> None:
        if document is not None:
            self.reader.document_arrived(document)
        self.agenda.refresh_document(file_id)
        self.shell.process_new_documents()


def reading_of(shell: Shell) -> ReadingWorkspace:
    """The window's reading workspace (for tests and for a shell command that needs it)."""
    workspace = shell.workspace(READING)
    assert isinstance(workspace, ReadingWorkspace)
    return workspace
