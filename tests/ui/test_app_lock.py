"""The app lock on the real main window: what it hides, when it locks, how it unlocks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QImage, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QMenu
from pytestqt.qtbot import QtBot

from meetingapp import APP_NAME
from meetingapp.core.context import AppContext
from meetingapp.core.security.app_lock import LockSettings, failed_tries, hash_code, save_lock
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.app_lock import AppLock, IdleWatcher
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.main_window import MainWindow
from tests.ui.test_accessibility import first_main_document

CODE = "tåg-till-umeå"
IDLE_MS = 250


def turn_lock_on(context: AppContext, code: str = CODE) -> LockSettings:
    settings = LockSettings(code=hash_code(code, n=2**12))  # a cheaper hash keeps tests quick
    with context.store.db.write() as db:
        save_lock(db, settings)
    return settings


@pytest.fixture
def locking(window: MainWindow) -> MainWindow:
    """The window with the lock on, the idle time long enough not to interfere."""
    window.app_lock.configure(turn_lock_on(window.context))
    return window


@pytest.fixture
def reading(qtbot: QtBot, locking: MainWindow) -> MainWindow:
    """Locking window with a document on screen, the notes and the search open."""
    reading_of(locking).show_document(first_main_document(locking))
    view = reading_of(locking).reader.active
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(0), timeout=15_000)
    reading_of(locking).writing.show_notes()
    reading_of(locking).search.open()
    qtbot.waitUntil(lambda: reading_of(locking).writing.notes_dock.isVisible())
    return locking


def docks(window: MainWindow) -> list[QDockWidget]:
    return window.findChildren(QDockWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)


def central_image(window: MainWindow) -> QImage:
    central = window.centralWidget()
    assert central is not None
    return central.grab().toImage()


def file_menu(window: MainWindow) -> QMenu:
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    return menu


def enter_code(qtbot: QtBot, lock: AppLock, code: str) -> None:
    lock.screen.code.setText(code)
    qtbot.keyClick(lock.screen.code, Qt.Key.Key_Return)


def unlock(qtbot: QtBot, lock: AppLock, code: str = CODE) -> None:
    enter_code(qtbot, lock, code)
    qtbot.waitUntil(lambda: not lock.locked, timeout=5_000)


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Window shortcuts only reach the active window."""
    window.activateWindow()
    qtbot.waitActive(window)


# Locking on demand --------------------------------------------------------------------------


def test_lock_now_is_there_only_with_a_code(window: MainWindow) -> None:
    lock = window.app_lock
    assert not lock.lock_action.isEnabled()
    assert lock.lock_action.shortcut().toString() == "Ctrl+L"
    lock.lock()
    assert not lock.locked, "no code, no lock"
    lock.configure(turn_lock_on(window.context))
    assert lock.lock_action.isEnabled()


def test_locking_hides_the_packet_notes_and_search(reading: MainWindow) -> None:
    before = central_image(reading)
    reading.app_lock.lock_action.trigger()
    lock = reading.app_lock
    assert lock.locked
    for pane in (
        reading_of(reading).meetings,
        reading_of(reading).agenda,
        reading_of(reading).reader,
        reading_of(reading).reader.active,
    ):
        assert not pane.isVisible()
    assert not any(dock.isVisible() for dock in docks(reading))
    assert (
        not reading_of(reading).writing.notes.isVisible()
        and not reading_of(reading).search.panel.isVisible()
    )
    assert not reading.statusBar().isVisible()
    assert reading.windowTitle() == APP_NAME
    locked = central_image(reading)
    assert locked != before
    assert locked == lock.screen.grab().toImage(), "the central area shows the lock screen only"
    assert reading.grab().toImage() != before
    assert QApplication.focusWidget() is lock.screen.code


def test_while_locked_only_avsluta_and_the_lock_screen_answer(
    qtbot: QtBot, reading: MainWindow
) -> None:
    notes = reading_of(reading).writing.notes_dock
    activate(qtbot, reading)
    qtbot.keyClick(reading_of(reading).agenda.tree, Qt.Key.Key_N, CTRL_SHIFT)
    assert not notes.isVisible(), "Ctrl+Shift+N toggles the notes while unlocked"
    qtbot.keyClick(reading_of(reading).agenda.tree, Qt.Key.Key_N, CTRL_SHIFT)
    assert notes.isVisible()
    lock = reading.app_lock
    lock.lock()
    menus = {action.text(): action for action in reading.menuBar().actions()}
    assert menus["&Arkiv"].isEnabled()
    assert not any(action.isEnabled() for text, action in menus.items() if text != "&Arkiv")
    actions = file_menu(reading).actions()
    enabled = [a.text() for a in actions if a.isEnabled() and not a.isSeparator()]
    assert enabled == ["&Avsluta"]
    notes.toggleViewAction().setEnabled(True)  # even an action enabled again does not fire
    for key in (Qt.Key.Key_N, Qt.Key.Key_F):  # the notes, the search
        qtbot.keyClick(lock.screen.code, key, CTRL_SHIFT)
    assert not any(dock.isVisible() for dock in docks(reading))
    assert lock.screen.code.text() == ""


def test_no_other_shortcut_fires_while_locked(qtbot: QtBot, locking: MainWindow) -> None:
    """Not even one of the window's own, outside the menus; the lock screen's do."""
    fired: list[bool] = []
    probe = QAction("Prov", locking)
    probe.setShortcut(QKeySequence("Ctrl+Shift+J"))
    probe.triggered.connect(lambda: fired.append(True))
    locking.addAction(probe)
    activate(qtbot, locking)
    qtbot.keyClick(reading_of(locking).agenda.tree, Qt.Key.Key_J, CTRL_SHIFT)
    assert fired == [True]
    lock = locking.app_lock
    lock.lock()
    qtbot.keyClick(lock.screen.code, Qt.Key.Key_J, CTRL_SHIFT)
    assert fired == [True]
    assert lock.screen.forgot_text.isHidden()
    qtbot.keyClick(lock.screen.code, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lock.screen.forgot_text.isVisible, timeout=2_000)  # Alt+D: Glömt koden?
    assert str(locking.context.data_dir) in lock.screen.forgot_text.text()


def test_avsluta_closes_the_window_while_locked(locking: MainWindow) -> None:
    locking.app_lock.lock()
    quit_action = next(a for a in file_menu(locking).actions() if a.text() == "&Avsluta")
    quit_action.trigger()
    assert not locking.isVisible()


def test_the_right_code_brings_back_the_window_as_it_was(qtbot: QtBot, reading: MainWindow) -> None:
    document = reading_of(reading).reader.active.document
    assert document is not None
    title = reading.windowTitle()
    shown = [dock.objectName() for dock in docks(reading) if dock.isVisible()]
    assert {"notes-dock", "search-dock"} <= set(shown)
    lock = reading.app_lock
    lock.lock()
    unlock(qtbot, lock)
    assert [dock.objectName() for dock in docks(reading) if dock.isVisible()] == shown
    active = reading_of(reading).reader.active.document
    assert active is not None and active.file_id == document.file_id
    assert reading_of(reading).reader.isVisible() and reading_of(reading).agenda.isVisible()
    assert reading.statusBar().isVisible()
    assert reading.windowTitle() == title
    assert all(action.isEnabled() for action in reading.menuBar().actions())
    assert lock.lock_action.isEnabled()
    assert lock.screen.code.text() == "", "the code does not stay in the field"
    assert lock.idle.running, "the idle watch runs again"


def test_a_wrong_code_is_refused_and_pauses_follow(qtbot: QtBot, locking: MainWindow) -> None:
    lock = locking.app_lock
    lock.lock()
    for tries in range(1, 5):
        enter_code(qtbot, lock, "fel-kod")
        qtbot.waitUntil(lambda n=tries: lock.backoff.failures == n, timeout=5_000)  # type: ignore[misc]
        assert lock.screen.message.text() == "Fel kod. Försök igen."
        assert lock.screen.unlock_button.isEnabled()
    enter_code(qtbot, lock, "fel-igen")
    qtbot.waitUntil(lambda: lock.backoff.failures == 5, timeout=5_000)
    assert lock.locked
    assert not lock.screen.unlock_button.isEnabled()
    assert "försöka igen om 30 s" in lock.screen.message.text()
    assert failed_tries(locking.context.store.db.read()) == 5
    enter_code(qtbot, lock, CODE)  # during the pause, even the right code is not tried
    qtbot.wait(300)
    assert lock.locked
    qtbot.waitUntil(lambda: "29 s" in lock.screen.message.text(), timeout=3_000)  # it counts
    lock.backoff.set_failures(4)  # as if the pause had run out
    qtbot.waitUntil(lock.screen.unlock_button.isEnabled, timeout=3_000)
    unlock(qtbot, lock)
    assert failed_tries(locking.context.store.db.read()) == 0


def test_locking_cancels_the_windows_dialogs(qtbot: QtBot, locking: MainWindow) -> None:
    removed = reading_of(locking).writing.show_removed()
    settings = locking.edit_settings()
    qtbot.waitExposed(removed)
    locking.app_lock.lock()
    assert not removed.isVisible() and not settings.isVisible()
    assert settings.result() == QDialog.DialogCode.Rejected


def test_the_title_stays_the_apps_name_while_locked(qtbot: QtBot, locking: MainWindow) -> None:
    lock = locking.app_lock
    lock.lock()
    meeting_id = reading_of(locking).meetings.selected_meeting_id()
    assert meeting_id is not None
    reading_of(locking).show_meeting(meeting_id)  # as after a sync
    assert locking.windowTitle() == APP_NAME
    unlock(qtbot, lock)
    assert locking.windowTitle().endswith(f" – {APP_NAME}")


# Idle ---------------------------------------------------------------------------------------


def test_the_window_locks_when_idle(qtbot: QtBot, locking: MainWindow) -> None:
    lock = locking.app_lock
    lock.idle.set_interval_ms(IDLE_MS)
    lock.idle.start()
    for _ in range(6):  # input keeps it open
        qtbot.wait(IDLE_MS // 3)
        QApplication.sendEvent(
            reading_of(locking).agenda.tree,
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier),
        )
    assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=3_000)
    assert not lock.idle.running, "no idle watch while locked"


def test_the_idle_watch_counts_from_the_last_input(qtbot: QtBot) -> None:
    application()
    watcher = IdleWatcher()
    watcher.set_interval_ms(IDLE_MS)
    with qtbot.waitSignal(watcher.idle, timeout=3_000):
        watcher.start()
    assert not watcher.running
    watcher.stop()


# At start -----------------------------------------------------------------------------------


@pytest.fixture
def restarted(qtbot: QtBot, synced_context: AppContext) -> Iterator[list[MainWindow]]:
    """Main windows made one after the other on the same data dir, as at each start."""
    application()
    made: list[MainWindow] = []
    yield made
    for window in made:
        window.renderer.shutdown()


def start(qtbot: QtBot, context: AppContext, made: list[MainWindow]) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    made.append(window)
    return window


def test_the_lock_applies_at_start_and_keeps_the_layout(
    qtbot: QtBot, synced_context: AppContext, restarted: list[MainWindow]
) -> None:
    first = start(qtbot, synced_context, restarted)
    first.show()
    reading_of(first).writing.show_notes()
    first.close()  # saves the layout: notes shown
    turn_lock_on(synced_context)
    second = start(qtbot, synced_context, restarted)
    assert second.app_lock.locked, "locked before it is ever shown"
    second.show()
    qtbot.waitExposed(second)
    assert not reading_of(second).writing.notes_dock.isVisible()
    assert second.windowTitle() == APP_NAME
    assert central_image(second) == second.app_lock.screen.grab().toImage()
    second.close()  # quitting while locked keeps the layout of before
    third = start(qtbot, synced_context, restarted)
    third.show()
    qtbot.waitExposed(third)
    unlock(qtbot, third.app_lock)
    assert reading_of(third).writing.notes_dock.isVisible()
    assert third.windowTitle() != APP_NAME


def test_saving_a_code_in_the_settings_turns_lock_now_on(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.edit_settings()
    dialog.lock_enabled.setChecked(True)
    dialog.code.setText(CODE)
    dialog.code_again.setText(CODE)
    dialog.accept()
    assert window.app_lock.settings.enabled
    assert window.app_lock.lock_action.isEnabled()
    window.app_lock.lock_action.trigger()
    assert window.app_lock.locked
    unlock(qtbot, window.app_lock)
