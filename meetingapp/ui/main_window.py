"""The main window: meetings | agenda | document, with sync in the status bar."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime

from PySide6.QtCore import QByteArray, QCoreApplication, QDateTime, QLocale, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
)

from meetingapp import APP_NAME, __version__
from meetingapp.app import METADATA_ONLY, AppContext
from meetingapp.library import Document, MeetingState
from meetingapp.store.local import get_app_state, set_app_state
from meetingapp.store.timestamps import parse_timestamp
from meetingapp.sync.changes import Change, ChangeKind
from meetingapp.sync.engine import SyncProgress, SyncResult
from meetingapp.sync.oparl import UnreachableError
from meetingapp.ui.agenda_panel import AgendaPanel
from meetingapp.ui.committee_dialog import CommitteeDialog
from meetingapp.ui.document_view import DocumentView
from meetingapp.ui.meetings_panel import MeetingsPanel
from meetingapp.ui.page_renderer import PageRenderer
from meetingapp.ui.sources_dialog import SourcesDialog
from meetingapp.ui.tasks import BackgroundTask, run_in_background

STATE_GEOMETRY = "window.geometry"
STATE_WINDOW = "window.state"
STATE_SPLITTER = "window.splitter"
STATE_LAST_MEETING = "reader.last_meeting"
SYNC_INTERVAL_MS = 15 * 60 * 1000


def describe_changes(changes: list[Change]) -> str:
    """What a sync brought, in words, e.g. "2 nya sammanträden, 1 ändrad handling"."""
    words = {
        ChangeKind.NEW_MEETING: ("nytt sammanträde", "nya sammanträden"),
        ChangeKind.NEW_INVITATION: ("ny kallelse", "nya kallelser"),
        ChangeKind.CANCELLED_MEETING: ("inställt sammanträde", "inställda sammanträden"),
        ChangeKind.REMOVED_MEETING: ("borttaget sammanträde", "borttagna sammanträden"),
        ChangeKind.NEW_LATE_ITEM: ("extra ärende", "extra ärenden"),
        ChangeKind.NEW_DOCUMENT: ("ny handling", "nya handlingar"),
        ChangeKind.CHANGED_DOCUMENT: ("ändrad handling", "ändrade handlingar"),
    }
    counts = Counter(change.kind for change in changes)
    parts = []
    for kind, (one, many) in words.items():
        if counts[kind]:
            phrase = one if counts[kind] == 1 else many
            parts.append(f"{counts[kind]} {QCoreApplication.translate('describe_changes', phrase)}")
    return ", ".join(parts)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, renderer: PageRenderer | None = None) -> None:
        super().__init__()
        self.context = context
        self.renderer = renderer or PageRenderer()
        self.sync_task: BackgroundTask | None = None
        self.offline = False
        self.committee_dialog: CommitteeDialog | None = None
        self.sync_cancel = threading.Event()
        self.setWindowTitle(APP_NAME)
        self.meetings = MeetingsPanel()
        self.agenda = AgendaPanel()
        self.document_view = DocumentView(self.renderer)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (self.meetings, self.agenda, self.document_view):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([270, 560, 700])
        self.setCentralWidget(self.splitter)
        self._build_status_bar()
        self._build_menus()
        self.meetings.meeting_selected.connect(self.show_meeting)
        self.document_view.fetch_requested.connect(self.fetch_document)
        self.agenda.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.agenda.tree.customContextMenuRequested.connect(self._agenda_menu)
        self.agenda.document_selected.connect(self.show_document)
        self.resize(1400, 860)
        self._restore_state()
        self.refresh()
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(SYNC_INTERVAL_MS)
        self.sync_timer.timeout.connect(self.start_sync)
        self.sync_timer.start()

    def _build_status_bar(self) -> None:
        self.sync_label = QLabel()
        self.sync_progress = QProgressBar()
        self.sync_progress.setMaximumWidth(220)
        self.sync_progress.setVisible(False)
        self.statusBar().addWidget(self.sync_label, 1)
        self.statusBar().addPermanentWidget(self.sync_progress)
        self._show_last_sync()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Arkiv"))
        self.sync_action = QAction(self.tr("&Synkronisera nu"), self)
        self.sync_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.sync_action.triggered.connect(self.start_sync)
        file_menu.addAction(self.sync_action)
        committees_action = QAction(self.tr("Mina &nämnder…"), self)
        committees_action.triggered.connect(self.ask_for_committees)
        file_menu.addAction(committees_action)
        sources_action = QAction(self.tr("&Dokumentsystem…"), self)
        sources_action.triggered.connect(self.edit_sources)
        file_menu.addAction(sources_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Avsluta"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Hjälp"))
        about_action = QAction(self.tr("&Om {0}").format(APP_NAME), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    # Content ---------------------------------------------------------------

    def refresh(self) -> None:
        """Reload meetings from the store and keep (or pick) the selected one."""
        self.meetings.populate(self.context.library)
        if self.meetings.selected_meeting_id() is None:
            meeting_id = self._last_meeting() or self._next_meeting()
            if meeting_id:
                self.meetings.select_meeting(meeting_id)

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
        self.setWindowTitle(f"{meeting.name} – {APP_NAME}" if meeting else APP_NAME)

    def show_document(self, document: Document) -> None:
        self.document_view.show_document(document)
        self.context.record_reading(document)

    # Sync ------------------------------------------------------------------

    def start_sync(self) -> None:
        if self.sync_task is not None:
            return
        self.sync_action.setEnabled(False)
        self.sync_label.setText(self.tr("Synkroniserar…"))
        self.sync_progress.setRange(0, 0)
        self.sync_progress.setVisible(True)
        # Before the user has said which committees are theirs, fetch only metadata.
        scope = METADATA_ONLY if self.context.committee_choice() is None else None
        self.sync_task = run_in_background(
            lambda report: self.context.sync(
                on_progress=report, cancel=self.sync_cancel, scope=scope
            ),
            on_done=self._on_sync_done,
            on_error=self._on_sync_failed,
            on_progress=self._on_sync_progress,
        )

    def _on_sync_progress(self, progress: SyncProgress) -> None:
        if progress.phase == "files" and progress.total:
            self.sync_progress.setRange(0, progress.total)
            self.sync_progress.setValue(progress.done)
            self.sync_label.setText(
                self.tr("Hämtar dokument {0} av {1}…").format(progress.done, progress.total)
            )
        else:
            self.sync_label.setText(self.tr("Läser sammanträden och ärenden…"))

    def _on_sync_done(self, results: list[SyncResult]) -> None:
        self._end_sync()
        self.offline = False
        failed = sum(len(result.failed_files) for result in results)
        self.refresh()
        selected = self.meetings.selected_meeting_id()
        if selected:
            self.show_meeting(selected)
        self._show_last_sync(failed)
        news = describe_changes([change for result in results for change in result.changes])
        if news:
            self.sync_label.setText(f"{self.sync_label.text()} – {news}")
        if self.context.committee_choice() is None and self.committee_dialog is None:
            self.ask_for_committees()

    def ask_for_committees(self) -> None:
        """Ask "Vilka nämnder sitter du i?"; on save, sync their documents."""
        dialog = CommitteeDialog(self.context, self)
        self.committee_dialog = dialog
        dialog.accepted.connect(lambda: self._save_committees(dialog))
        dialog.open()

    def _save_committees(self, dialog: CommitteeDialog) -> None:
        self.context.save_committee_choice(dialog.choice())
        self.start_sync()

    def edit_sources(self) -> SourcesDialog:
        dialog = SourcesDialog(self.context, self)
        dialog.sources_changed.connect(self._on_sources_changed)
        dialog.open()
        return dialog

    def _on_sources_changed(self) -> None:
        self.refresh()
        self.start_sync()

    def _agenda_menu(self, position: QPoint) -> None:
        object_id = self.agenda.object_at(position)
        if object_id is None:
            return
        menu = QMenu(self)
        keep = menu.addAction(self.tr("Behåll offline"))
        keep.setCheckable(True)
        keep.setChecked(self.context.is_pinned(object_id))
        keep.toggled.connect(lambda on: self.pin(object_id, on))
        menu.popup(self.agenda.tree.viewport().mapToGlobal(position))

    def pin(self, object_id: str, pinned: bool) -> None:
        """Keep the item's or document's files offline (fetched now) or stop."""
        self.context.set_pinned(object_id, pinned)
        if pinned:
            self.start_sync()

    # Documents on demand -------------------------------------------------------

    def fetch_document(self, document: Document) -> None:
        run_in_background(
            lambda _report: self.context.fetch_document(document.file_id),
            on_done=self._on_document_fetched,
            on_error=lambda error: self.document_view.fetch_failed(document, str(error)),
        )

    def _on_document_fetched(self, document: Document | None) -> None:
        if document is not None and self.document_view.is_showing(document.file_id):
            self.document_view.show_document(document)

    def _on_sync_failed(self, error: Exception) -> None:
        self._end_sync()
        if isinstance(error, UnreachableError):
            self.offline = True
            self._show_last_sync()
            return
        self.sync_label.setText(self.tr("Synkroniseringen misslyckades: {0}").format(str(error)))
        self.sync_label.setToolTip(str(error))

    def _end_sync(self) -> None:
        self.sync_task = None
        self.sync_action.setEnabled(True)
        self.sync_progress.setVisible(False)

    def _show_last_sync(self, failed: int = 0) -> None:
        row = (
            self.context.store.db.read()
            .execute("SELECT MAX(last_success) FROM sync_state")
            .fetchone()
        )
        when = parse_timestamp(row[0]) if row else None
        if when is None:
            text = self.tr("Inte synkroniserad ännu.")
            if self.offline:
                text = self.tr("Offline: dokumentsystemet går inte att nå.")
            self.sync_label.setText(text)
            return
        moment = QDateTime.fromSecsSinceEpoch(int(when.timestamp()))
        text = self.tr("Senast synkroniserad {0}").format(
            QLocale().toString(moment, QLocale.FormatType.ShortFormat)
        )
        if failed:
            text += self.tr(" – %n dokument kunde inte hämtas", "", failed)
        if self.offline:
            text = self.tr("Offline – du läser det som redan finns på datorn. {0}").format(text)
        self.sync_label.setText(text)

    # Window state ------------------------------------------------------------

    def _last_meeting(self) -> str | None:
        return get_app_state(self.context.store.db.read(), STATE_LAST_MEETING)

    def _restore_state(self) -> None:
        db = self.context.store.db.read()
        for key, restore in (
            (STATE_GEOMETRY, self.restoreGeometry),
            (STATE_WINDOW, self.restoreState),
            (STATE_SPLITTER, self.splitter.restoreState),
        ):
            value = get_app_state(db, key)
            if value:
                restore(QByteArray.fromBase64(value.encode("ascii")))

    def save_state(self) -> None:
        values = {
            STATE_GEOMETRY: self.saveGeometry(),
            STATE_WINDOW: self.saveState(),
            STATE_SPLITTER: self.splitter.saveState(),
        }
        with self.context.store.db.write() as db:
            for key, value in values.items():
                set_app_state(db, key, bytes(value.toBase64().data()).decode("ascii"))
            meeting_id = self.meetings.selected_meeting_id()
            if meeting_id:
                set_app_state(db, STATE_LAST_MEETING, meeting_id)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.sync_cancel.set()
        self.save_state()
        super().closeEvent(event)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Om {0}").format(APP_NAME),
            self.tr(
                "<h3>{0} {1}</h3><p>Sammanträdeshandlingar för förtroendevalda, "
                "offline på datorn.</p><p>Fri programvara under GNU Affero General "
                "Public License, version 3 eller senare.</p>"
            ).format(APP_NAME, __version__),
        )
