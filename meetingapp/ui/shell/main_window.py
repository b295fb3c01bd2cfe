"""The main window: a shell of workspaces, with the sync in the status bar."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QDateTime,
    QLocale,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
)

from meetingapp import APP_NAME
from meetingapp.core.context import METADATA_ONLY, AppContext
from meetingapp.core.render import RenderWorker
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
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.shell import registry
from meetingapp.ui.shell.app_lock import AppLock
from meetingapp.ui.shell.changes import ChangeBridge
from meetingapp.ui.shell.tasks import Lifetime, Task, TaskContext, TaskRunner
from meetingapp.ui.shell.workspaces import (
    Shelf,
    ShellEvents,
    StateReader,
    Workspace,
    WorkspaceFactory,
    WorkspaceMenus,
)

STATE_GEOMETRY = "window.geometry"
STATE_WINDOW = "window.state"
STATE_WORKSPACE = "window.workspace"
STATE_SHELVED_DOCKS = "window.shelved_docks"
"""The docks each workspace put away showed, to show them on its return."""
DOCK_NAME_SEPARATOR = "\n"
WORKSPACE_SHORTCUTS = 8
"""Workspaces get Ctrl+1 to Ctrl+8; Ctrl+9 and Ctrl+0 are the reader's zoom."""
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
    """The shell: the workspaces, switched in the Visa menu, with the sync in the status
    bar, the app lock and the Arkiv and Hjälp menus."""

    def __init__(
        self,
        context: AppContext,
        renderer: PageRenderer | None = None,
        workspaces: Sequence[WorkspaceFactory] | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.renderer = renderer or PageRenderer(RenderWorker(blob_key=context.store.blobs.key))
        # What a task brings is dropped once the window or the store has closed.
        self.tasks = TaskRunner(Lifetime(open_while=lambda: not context.store.db.closed))
        self.events = ShellEvents(self)
        self.change_bridge = ChangeBridge(context.changes, self)
        self.change_bridge.changed.connect(self.events.changed)
        self.offline = False
        self.committee_dialog: CommitteeDialog | None = None
        self.setWindowTitle(APP_NAME)
        self.workspaces = [make(self) for make in (workspaces or registry.WORKSPACES)]
        self.stack = QStackedWidget()
        self.stack.setAccessibleName(self.tr("Arbetsytor"))
        for workspace in self.workspaces:
            self.stack.addWidget(workspace.central_widget())
        self.setCentralWidget(self.stack)
        self._build_status_bar()
        self._build_menus()
        self.resize(1400, 860)
        self._restore_state()
        self.app_lock.lock()  # at start too when the lock is on: a stolen laptop can restart
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(SYNC_INTERVAL_MS)
        self.sync_timer.timeout.connect(self.start_sync)
        self.sync_timer.start()

    @property
    def main_window(self) -> QMainWindow:
        return self

    def _build_status_bar(self) -> None:
        self.sync_label = QLabel()
        self.sync_progress = QProgressBar()
        self.sync_progress.setMaximumWidth(220)
        self.sync_progress.setVisible(False)
        self.statusBar().addWidget(self.sync_label, 1)
        self.statusBar().addPermanentWidget(self.sync_progress)
        self._show_last_sync()

    def _build_menus(self) -> None:
        self._build_file_menu()
        view_menu = self.menuBar().addMenu(self.tr("&Visa"))
        help_menu = self.menuBar().addMenu(self.tr("&Hjälp"))
        self._build_workspace_entries(view_menu)
        self.shelves = {
            workspace.workspace_id: self._shelf_for(workspace, view_menu, help_menu)
            for workspace in self.workspaces
        }
        about_action = QAction(self.tr("&Om {0}").format(APP_NAME), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_file_menu(self) -> None:
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

    def edit_recovery_passphrase(self) -> None:
        """A passphrase that also unlocks the data, should the keyring lose its key."""
        if self.context.vault is not None:
            RecoveryPassphraseDialog(self.context.vault, self).exec()

    # Workspaces --------------------------------------------------------------

    def _build_workspace_entries(self, menu: QMenu) -> None:
        """One checkable entry per workspace, Ctrl+1, Ctrl+2, … (Ctrl+9 and Ctrl+0 zoom)."""
        group = QActionGroup(self)
        self.workspace_actions: dict[str, QAction] = {}
        for number, workspace in enumerate(self.workspaces, start=1):
            action = QAction(workspace.title(), group)
            action.setCheckable(True)
            if number <= WORKSPACE_SHORTCUTS:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(
                lambda _checked=False, shown=workspace.workspace_id: self.show_workspace(shown)
            )
            menu.addAction(action)
            self.workspace_actions[workspace.workspace_id] = action

    def _shelf_for(self, workspace: Workspace, view_menu: QMenu, before: QMenu) -> Shelf:
        menus = WorkspaceMenus(self, view_menu, before.menuAction())
        workspace.fill_menus(menus)
        return Shelf(workspace, menus)

    def workspace(self, workspace_id: str) -> Workspace | None:
        return next((w for w in self.workspaces if w.workspace_id == workspace_id), None)

    @property
    def current_workspace(self) -> Workspace:
        return self.workspaces[self.stack.currentIndex()]

    def show_workspace(self, workspace_id: str) -> None:
        """Put the workspace shown away (docks hidden, actions off) and show this one
        with its docks and actions as it left them."""
        shown = self.workspace(workspace_id)
        current = self.current_workspace
        if shown is None or shown is current:
            self.workspace_actions[current.workspace_id].setChecked(True)
            return
        self.shelves[current.workspace_id].put_away()
        self._bring_forward(shown)

    def _bring_forward(self, shown: Workspace) -> None:
        self.stack.setCurrentWidget(shown.central_widget())
        self.workspace_actions[shown.workspace_id].setChecked(True)
        self.setWindowTitle(APP_NAME)
        self.shelves[shown.workspace_id].take_out()

    def _open_remembered_workspace(self, read: StateReader) -> None:
        """The workspace shown at the last close; the others put away with the docks
        they showed then kept for their return."""
        remembered = self.workspace(read(STATE_WORKSPACE) or "") or self.workspaces[0]
        shelved = set((read(STATE_SHELVED_DOCKS) or "").split(DOCK_NAME_SEPARATOR))
        for workspace in self.workspaces:
            if workspace is not remembered:
                shelf = self.shelves[workspace.workspace_id]
                shelf.put_away()
                shelf.show_on_return(shelved)
        self._bring_forward(remembered)

    # Content, through the workspaces -------------------------------------------

    def reload(self) -> None:
        """Show the data anew in every workspace (after a sync or new settings)."""
        self.events.data_changed.emit()

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
            on_done=self.events.documents_processed.emit,
            on_error=lambda error: _log.warning("Cannot process the new documents: %s", error),
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
            self.events.documents_removed.emit()
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

    def show_retention_log(self) -> RetentionDialog:
        """What gallring and revocation removed from this computer, and why."""
        dialog = RetentionDialog(self.context, self)
        dialog.show_removed_requested.connect(self.events.removed_writing_requested.emit)
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
        self.events.sources_changed.emit()
        self.start_sync()

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

    def _remembered(self, key: str) -> str | None:
        return get_app_state(self.context.store.db.read(), key)

    def _restore_state(self) -> None:
        for key, restore in (
            (STATE_GEOMETRY, self.restoreGeometry),
            (STATE_WINDOW, self.restoreState),
        ):
            value = self._remembered(key)
            if value:
                restore(QByteArray.fromBase64(value.encode("ascii")))
        for workspace in self.workspaces:
            workspace.restore_state(self._remembered)
        self._open_remembered_workspace(self._remembered)

    def save_state(self) -> None:
        layout = {
            STATE_GEOMETRY: self.saveGeometry(),
            STATE_WINDOW: self.app_lock.window_state(),
        }
        values = {
            key: bytes(value.toBase64().data()).decode("ascii") for key, value in layout.items()
        }
        for workspace in self.workspaces:
            values.update(workspace.state_to_save())
        values[STATE_WORKSPACE] = self.current_workspace.workspace_id
        values[STATE_SHELVED_DOCKS] = DOCK_NAME_SEPARATOR.join(
            dock.objectName() for shelf in self.shelves.values() for dock in shelf.docks_to_show
        )
        with self.context.store.db.write() as db:
            for key, value in values.items():
                set_app_state(db, key, value)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        store_open = not self.context.store.db.closed
        if store_open and not all(workspace.may_close() for workspace in self.workspaces):
            event.ignore()  # the user's last writing is not on disk yet
            return
        # No sync and no processing after this (a shutdown waits for the tasks), and
        # nothing more delivered to this window.
        self.sync_timer.stop()
        self.tasks.cancel(SYNC)
        self.tasks.cancel(PROCESSING)
        self.tasks.lifetime.end()
        self.change_bridge.close()
        if not self.context.store.db.closed:
            for workspace in self.workspaces:
                workspace.closing()
            self.save_state()
        super().closeEvent(event)

    def show_about(self) -> None:
        AboutDialog(self).exec()
