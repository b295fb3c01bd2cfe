"""The main window: meetings | agenda | document, with sync in the status bar."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QTreeWidgetItem,
    QWidget,
)

from meetingapp import APP_NAME
from meetingapp.core.annotations.reanchor import ReanchorReport
from meetingapp.core.context import METADATA_ONLY, AppContext, NewDocumentsOutcome
from meetingapp.core.packet.library import Document, MeetingState, OfflineState
from meetingapp.core.render import DocumentInfo, RenderWorker
from meetingapp.oparl.changes import Change, ChangeKind
from meetingapp.oparl.engine import SyncProgress, SyncResult
from meetingapp.oparl.oparl import UnreachableError
from meetingapp.store.local import get_app_state, set_app_state
from meetingapp.store.timestamps import parse_timestamp
from meetingapp.ui.dialogs.about_dialog import AboutDialog
from meetingapp.ui.dialogs.committee_dialog import CommitteeDialog
from meetingapp.ui.dialogs.key_dialog import RecoveryPassphraseDialog
from meetingapp.ui.dialogs.retention_dialog import RetentionDialog, take_unnoticed_removals
from meetingapp.ui.dialogs.settings_dialog import SettingsDialog
from meetingapp.ui.dialogs.sources_dialog import SourcesDialog
from meetingapp.ui.packet.agenda_panel import DOCUMENT_ROLE, AgendaPanel
from meetingapp.ui.packet.meetings_panel import MeetingsPanel
from meetingapp.ui.reader.document_view import remove_stale_external_copies
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.reader.reader import ReaderPane, StorePositions
from meetingapp.ui.search.search_pane import SearchPane
from meetingapp.ui.shell.app_lock import AppLock
from meetingapp.ui.shell.menus import MenuEntry, add_entries
from meetingapp.ui.shell.tasks import Lifetime, Task, TaskContext, TaskRunner
from meetingapp.ui.writing.pane import WritingPanes

STATE_GEOMETRY = "window.geometry"
STATE_WINDOW = "window.state"
STATE_SPLITTER = "window.splitter"
STATE_LAST_MEETING = "reader.last_meeting"
SYNC_INTERVAL_MS = 15 * 60 * 1000

SYNC = "sync"
PROCESSING = "process new documents"
"""Keys of the window's single flights (with ``("fetch", file_id)`` per document)."""

_log = logging.getLogger(__name__)

STATUS_MESSAGE_MS = 15_000
"""How long a passing message stays in the status bar."""


def describe_changes(changes: list[Change]) -> str:
    """What a sync brought, in words, e.g. "2 nya sammanträden, 1 ändrad handling"."""
    # QT_TRANSLATE_NOOP marks the phrases for lupdate; they are translated below.
    words = {
        ChangeKind.NEW_MEETING: (
            QT_TRANSLATE_NOOP("describe_changes", "nytt sammanträde"),
            QT_TRANSLATE_NOOP("describe_changes", "nya sammanträden"),
        ),
        ChangeKind.NEW_INVITATION: (
            QT_TRANSLATE_NOOP("describe_changes", "ny kallelse"),
            QT_TRANSLATE_NOOP("describe_changes", "nya kallelser"),
        ),
        ChangeKind.CANCELLED_MEETING: (
            QT_TRANSLATE_NOOP("describe_changes", "inställt sammanträde"),
            QT_TRANSLATE_NOOP("describe_changes", "inställda sammanträden"),
        ),
        ChangeKind.REMOVED_MEETING: (
            QT_TRANSLATE_NOOP("describe_changes", "borttaget sammanträde"),
            QT_TRANSLATE_NOOP("describe_changes", "borttagna sammanträden"),
        ),
        ChangeKind.NEW_LATE_ITEM: (
            QT_TRANSLATE_NOOP("describe_changes", "extra ärende"),
            QT_TRANSLATE_NOOP("describe_changes", "extra ärenden"),
        ),
        ChangeKind.NEW_DOCUMENT: (
            QT_TRANSLATE_NOOP("describe_changes", "ny handling"),
            QT_TRANSLATE_NOOP("describe_changes", "nya handlingar"),
        ),
        ChangeKind.CHANGED_DOCUMENT: (
            QT_TRANSLATE_NOOP("describe_changes", "ändrad handling"),
            QT_TRANSLATE_NOOP("describe_changes", "ändrade handlingar"),
        ),
    }
    counts = Counter(change.kind for change in changes)
    parts = []
    for kind, (one, many) in words.items():
        if counts[kind]:
            phrase = one if counts[kind] == 1 else many
            parts.append(
                f"{counts[kind]} {QCoreApplication.translate('describe_changes', str(phrase))}"
            )
    return ", ".join(parts)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, renderer: PageRenderer | None = None) -> None:
        super().__init__()
        self.context = context
        self.renderer = renderer or PageRenderer(RenderWorker(blob_key=context.store.blobs.key))
        # What a task brings is dropped once the window or the store has closed.
        self.tasks = TaskRunner(Lifetime(open_while=lambda: not context.store.db.closed))
        self.offline = False
        self.committee_dialog: CommitteeDialog | None = None
        self._sizes_before_split: list[int] = []
        self.setWindowTitle(APP_NAME)
        self.meetings = MeetingsPanel()
        self.agenda = AgendaPanel()
        self.positions = StorePositions(context.store.db)
        self.reader = ReaderPane(self.renderer, self.positions, context.user_data)
        self.reader.version_paths = context.library.version_path
        remove_stale_external_copies()  # what a crashed run left for another program
        for view in (self.reader.primary, self.reader.secondary):
            view.write_plain_copy = context.library.write_plain_copy
            view.is_non_public = context.library.is_non_public
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (self.meetings, self.agenda, self.reader):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([270, 560, 700])
        self.setCentralWidget(self.splitter)
        self.writing = WritingPanes(self, context, self.agenda, self.reader)
        if not self.writing.notes_dock.isHidden():  # the notes take width: the reader keeps it
            self.splitter.setSizes([220, 420, 760])
        self.search = SearchPane(
            self, context, self.meetings, self.agenda, self.reader, self.writing
        )
        self._build_status_bar()
        self._build_menus()
        self.meetings.meeting_selected.connect(self.show_meeting)
        self.reader.fetch_requested.connect(self.fetch_document)
        self.reader.document_shown.connect(self._record_reading)
        self.agenda.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.agenda.tree.customContextMenuRequested.connect(self._agenda_menu)
        self.agenda.tree.viewport().installEventFilter(self)
        self.agenda.document_selected.connect(self.show_document)
        self.agenda.retry_requested.connect(self.fetch_document)
        self.agenda.meeting_viewed.connect(self._on_meeting_viewed)
        self.reader.document_opened.connect(self._on_document_opened)
        self.resize(1400, 860)
        self._restore_state()
        self.refresh()
        self.app_lock.lock()  # at start too when the lock is on: a stolen laptop can restart
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
        settings_action = QAction(self.tr("&Inställningar…"), self)
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        settings_action.triggered.connect(self.edit_settings)
        file_menu.addAction(settings_action)
        self.recovery_action = QAction(self.tr("Lösenord för åt&erställning…"), self)
        self.recovery_action.setEnabled(self.context.vault is not None)
        self.recovery_action.triggered.connect(self.edit_recovery_passphrase)
        file_menu.addAction(self.recovery_action)
        removed_action = QAction(self.tr("&Borttaget från datorn…"), self)
        removed_action.triggered.connect(self.show_retention_log)
        file_menu.addAction(removed_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Avsluta"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.app_lock = AppLock(self, self.context.store, self.context.data_dir, [quit_action])
        file_menu.addAction(self.app_lock.lock_action)
        file_menu.addAction(quit_action)
        self._build_view_menu()
        self._build_go_menu()
        self.writing.build_menu(self.menuBar().addMenu(self.tr("A&nteckningar")))
        help_menu = self.menuBar().addMenu(self.tr("&Hjälp"))
        about_action = QAction(self.tr("&Om {0}").format(APP_NAME), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def edit_recovery_passphrase(self) -> None:
        """A passphrase that also unlocks the data, should the keyring lose its key."""
        if self.context.vault is not None:
            RecoveryPassphraseDialog(self.context.vault, self).exec()

    def _build_view_menu(self) -> None:
        """The reader's actions, so every shortcut can also be found in a menu."""
        menu = self.menuBar().addMenu(self.tr("&Visa"))
        groups = (
            ("find", "go_to_page"),
            ("zoom_in", "zoom_out", "fit_width", "fit_page"),
            ("sidebar", "text_view", "split"),
        )
        for group in groups:
            if menu.actions():
                menu.addSeparator()
            for name in group:
                menu.addAction(self.reader.actions_by_name[name])
        beside = QAction(self.tr("Öppna valt dokument br&edvid"), self)
        beside.setShortcut(QKeySequence("Ctrl+Shift+D"))
        beside.triggered.connect(self.open_current_beside)
        menu.addAction(beside)
        self.reader.split_action.toggled.connect(self._on_split_toggled)

    def _build_go_menu(self) -> None:
        """Moving through the packet from the keyboard: items, documents, panes."""
        menu = self.menuBar().addMenu(self.tr("&Gå"))
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

    def refresh(self) -> None:
        """Reload meetings from the store and keep (or pick) the selected one."""
        choice = self.context.committee_choice()
        self.meetings.populate(self.context.library, choice.committee_ids if choice else None)
        if self.meetings.selected_meeting_id() is None:
            meeting_id = self._last_meeting() or self._next_meeting()
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
        self.setWindowTitle(f"{meeting.name} – {APP_NAME}" if meeting else APP_NAME)

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
        self.tasks.run(
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

    @property
    def processing(self) -> Task[object] | None:
        """The run of ``process_new_documents`` in flight (with its rerun), if any."""
        return self.tasks.in_flight(PROCESSING)

    @property
    def sync_task(self) -> Task[object] | None:
        """The sync in flight, if any."""
        return self.tasks.in_flight(SYNC)

    def process_new_documents(self) -> None:
        """After a sync or a fetch, in the background and one run at a time: count the
        pages of new documents, carry annotations to new versions, index the text.

        Asked while a run is working, it runs once more after it: the documents
        arrived after that run took its list.
        """
        self.tasks.single_flight(
            PROCESSING,
            lambda task: self.context.process_new_documents(task.cancelled),
            again=True,
            on_done=self._on_processed,
            on_error=lambda error: _log.warning("Cannot process the new documents: %s", error),
        )

    def _on_processed(self, outcome: NewDocumentsOutcome) -> None:
        if outcome.pages_counted:
            self.agenda.refresh()
        if outcome.indexed.documents_indexed or outcome.indexed.documents_removed:
            self.search.refresh()
        self._show_reanchored(outcome.reanchored)
        removals = self.writing.notice_removals()
        if removals:
            self.tell(removals)

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
            self.tell(
                self.tr("Nya versioner: %n anteckning(ar) flyttades", "", report.moved)
                + (self.tr(", %n behöver granskas", "", report.review) if report.review else "")
            )

    def tell(self, message: str) -> None:
        """A message in the status bar, after the one still showing (what follows a
        sync comes in several parts, and none may hide another)."""
        showing = self.statusBar().currentMessage()
        self.statusBar().showMessage(
            f"{showing}  {message}" if showing else message, STATUS_MESSAGE_MS
        )

    # Sync ------------------------------------------------------------------

    def start_sync(self) -> None:
        """Sync in the background, unless a sync is running already."""
        # Before the user has said which committees are theirs, fetch only metadata.
        scope = METADATA_ONLY if self.context.committee_choice() is None else None

        def sync(task: TaskContext[SyncProgress]) -> list[SyncResult]:
            return self.context.sync(on_progress=task.report, cancel=task.cancelled, scope=scope)

        started = self.tasks.single_flight(
            SYNC,
            sync,
            again=False,
            on_done=self._on_sync_done,
            on_error=self._on_sync_failed,
            on_progress=self._on_sync_progress,
        )
        if started is None:
            return
        self.sync_action.setEnabled(False)
        self.sync_label.setText(self.tr("Synkroniserar…"))
        self.sync_progress.setRange(0, 0)
        self.sync_progress.setVisible(True)

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
        self.reload()
        self._show_last_sync(failed)
        news = describe_changes([change for result in results for change in result.changes])
        if news:
            self.sync_label.setText(f"{self.sync_label.text()} – {news}")
        removed = take_unnoticed_removals(self.context)
        if removed:
            self._show_again_if_removed()
            self.tell(
                self.tr(
                    "%n handling(ar) har tagits bort från datorn. Arkiv → Borttaget från "
                    "datorn visar vilka och varför.",
                    "",
                    removed,
                )
            )
        self.process_new_documents()
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

    def show_retention_log(self) -> RetentionDialog:
        """What gallring and revocation removed from this computer, and why."""
        dialog = RetentionDialog(self.context, self)
        dialog.show_removed_requested.connect(self.writing.show_removed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_sources(self) -> SourcesDialog:
        dialog = SourcesDialog(self.context, self)
        dialog.sources_changed.connect(self._on_sources_changed)
        dialog.open()
        return dialog

    def edit_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.context, self)
        dialog.settings_saved.connect(lambda _settings: self.reload())  # re-colour the marks
        dialog.settings_saved.connect(lambda settings: self.app_lock.configure(settings.lock))
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
            self.start_sync()

    # Documents on demand -------------------------------------------------------

    def fetch_document(self, document: Document) -> None:
        """Fetch a document that is not on this machine; once per file at a time."""

        def failed(error: Exception) -> None:
            self.reader.fetch_failed(document, str(error))
            self.agenda.refresh_document(document.file_id)

        self.tasks.single_flight(
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
        self.process_new_documents()

    def _on_sync_failed(self, error: Exception) -> None:
        self._end_sync()
        if isinstance(error, UnreachableError):
            self.offline = True
            self._show_last_sync()
            return
        self.sync_label.setText(self.tr("Synkroniseringen misslyckades: {0}").format(str(error)))
        self.sync_label.setToolTip(str(error))

    def _end_sync(self) -> None:
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
            STATE_WINDOW: self.app_lock.window_state(),
            STATE_SPLITTER: self.splitter.saveState(),
        }
        with self.context.store.db.write() as db:
            for key, value in values.items():
                set_app_state(db, key, bytes(value.toBase64().data()).decode("ascii"))
            meeting_id = self.meetings.selected_meeting_id()
            if meeting_id:
                set_app_state(db, STATE_LAST_MEETING, meeting_id)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.context.store.db.closed and not self.writing.may_close(self):
            event.ignore()  # the user's last writing is not on disk yet
            return
        # No sync and no processing after this (a shutdown waits for the tasks), and
        # nothing more delivered to this window.
        self.sync_timer.stop()
        self.tasks.cancel(SYNC)
        self.tasks.cancel(PROCESSING)
        self.tasks.lifetime.end()
        if not self.context.store.db.closed:
            self.reader.remember_positions()
            self.save_state()
        super().closeEvent(event)

    def show_about(self) -> None:
        AboutDialog(self).exec()
