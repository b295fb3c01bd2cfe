"""The app lock: the lock screen, the idle watch, and the controller that locks a window.

While locked, nothing of the packet, the notes, the annotations or the search
results is on screen, so nothing of them is in the window's thumbnail or
preview either: the central widget shows the lock screen (a page of a
``QStackedWidget`` that also holds the window's own content), every dock and
the status bar are hidden, the title is just the program's name, the window's
menus, popups and dialogs are closed (a dialog is cancelled: Cancel is always
a safe answer, and a file or print dialog may show the names of documents), the
menus other than Arkiv and every entry of Arkiv but Avsluta are disabled, and
no shortcut reaches anything but Avsluta, the menu bar and the lock screen.
The sync goes on meanwhile; it shows nothing.

The idle watch counts time without the user's input to this program (keys,
mouse, wheel, touch, pen). A window minimised, or left behind another
program's, gets no input, so it locks after the same time; working in another
program with this one in view locks it too. Qt has no portable signal for the
system going to sleep, so the lock does not follow it; the operating system's
own screen lock covers that moment, and the idle time runs out while asleep.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from meetingapp import APP_NAME
from meetingapp.core.security.app_lock import (
    Backoff,
    LockSettings,
    TryOutcome,
    failed_tries,
    load_lock,
    try_code,
)
from meetingapp.store import Store
from meetingapp.ui.shell.tasks import run_in_background

_log = logging.getLogger(__name__)

INPUT_EVENTS: Final = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
        QEvent.Type.NativeGesture,
    }
)
"""What counts as the user being there."""
LOCK_SHORTCUT: Final = "Ctrl+L"
COUNTDOWN_MS: Final = 1000


class IdleWatcher(QObject):
    """Emits ``idle`` once the application has had no user input for the interval.

    The application-wide filter only notes the time of each input event (the
    cheapest thing it can do, as it sees every event); a single-shot timer
    checks when the interval could have run out and waits again for the rest.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_ms = 10 * 60_000
        self._last_input = time.monotonic()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._check)
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def set_interval_ms(self, interval_ms: int) -> None:
        self._interval_ms = interval_ms
        if self._running:
            self._check()

    def start(self) -> None:
        """Watch from now on; the time runs from this moment."""
        self._last_input = time.monotonic()
        if not self._running:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self._running = True
        self._timer.start(self._interval_ms)

    def stop(self) -> None:
        if self._running:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._running = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _check(self) -> None:
        idle_ms = (time.monotonic() - self._last_input) * 1000
        left_ms = self._interval_ms - idle_ms
        if left_ms <= 0:
            self.stop()
            self.idle.emit()
        else:
            self._timer.start(math.ceil(left_ms))


class LockScreen(QWidget):
    """What the window shows while locked: the code field, "Lås upp", "Glömt koden?"."""

    unlock_requested = Signal(str)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("{0} är låst").format(APP_NAME))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(self.tr("Skriv din kod för att visa handlingarna och anteckningarna."))
        self.hint.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code.setAccessibleName(self.tr("Kod"))
        self.code.returnPressed.connect(self._submit)
        self.code_label = QLabel(self.tr("&Kod"))
        self.code_label.setBuddy(self.code)
        self.unlock_button = QPushButton(self.tr("&Lås upp"))
        self.unlock_button.clicked.connect(self._submit)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.forgot_button = QPushButton(self.tr("Glömt ko&den?"))
        self.forgot_button.setCheckable(True)
        self.forgot_text = QLabel(self._forgot_text(data_dir))
        self.forgot_text.setWordWrap(True)
        self.forgot_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.forgot_text.hide()
        self.forgot_button.toggled.connect(self.forgot_text.setVisible)
        self._layout()
        self.setFocusProxy(self.code)

    def _forgot_text(self, data_dir: Path) -> str:
        return self.tr(
            "Utan koden går {0} inte att öppna, inte heller om du avslutar och startar "
            "programmet igen. Den enda vägen in utan koden är att ta bort programmets "
            "datamapp:\n{1}\nDå försvinner allt som programmet har sparat på datorn: "
            "hämtade handlingar, dina anteckningar och markeringar och inställningarna. "
            "Handlingarna går att hämta igen från dokumentsystemet, det du själv har "
            "skrivit går inte att få tillbaka."
        ).format(APP_NAME, data_dir)

    def _layout(self) -> None:
        column = QWidget()
        column.setMaximumWidth(460)
        inner = QVBoxLayout(column)
        for widget in (self.title, self.hint, self.code_label, self.code, self.unlock_button):
            inner.addWidget(widget)
        inner.addWidget(self.message)
        inner.addSpacing(12)
        inner.addWidget(self.forgot_button, alignment=Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.forgot_text)
        inner.addStretch(1)
        # Stretches rather than an alignment: an aligned widget gets its size hint, which
        # leaves wrapped text no room for its lines.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 3)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row, 4)

    def _submit(self) -> None:
        if self.unlock_button.isEnabled() and self.code.text():
            self.unlock_requested.emit(self.code.text())

    def reset(self) -> None:
        """Empty, ready, nothing said: as each lock begins and after it ends."""
        self.code.clear()
        self.forgot_button.setChecked(False)
        self.say("")
        self.set_ready(True)

    def set_ready(self, ready: bool) -> None:
        """Whether a try can be made now (not while checking or during a pause)."""
        self.unlock_button.setEnabled(ready)
        self.code.setReadOnly(not ready)

    def say(self, text: str) -> None:
        """A message under the field, also given to the field for screen readers."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.code.setAccessibleDescription(text)


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}" if minutes else f"{rest} s"


class AppLock(QObject):
    """Locks and unlocks a main window; owns its "Lås nu" action and idle watch.

    Wraps the window's central widget in a stack with the lock screen, so call
    it once the central widget is set. ``keep_enabled`` are the actions that
    stay usable while locked (Avsluta).
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        store: Store,
        data_dir: Path,
        keep_enabled: Iterable[QAction] = (),
    ) -> None:
        super().__init__(window)
        self.window, self.store = window, store
        self._keep = list(keep_enabled)
        self.screen = LockScreen(data_dir)
        self.screen.unlock_requested.connect(self._try)
        self.stack = QStackedWidget()
        content = window.takeCentralWidget()
        if content is not None:
            self.stack.addWidget(content)
        self.stack.addWidget(self.screen)
        window.setCentralWidget(self.stack)
        self.lock_action = QAction(self.tr("&Lås nu"), window)
        self.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.lock_action.triggered.connect(self.lock)
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        self._countdown = QTimer(self, interval=COUNTDOWN_MS)
        self._countdown.timeout.connect(self._show_pause)
        self._locked = False
        self._checking = False
        self._window_state = QByteArray()
        self._title = window.windowTitle()
        self._status_bar_shown = True
        self._focus: QWidget | None = None
        self._disabled: list[QAction] = []
        window.installEventFilter(self)
        db = store.db.read()
        self.settings = load_lock(db)
        self.backoff = Backoff(failed_tries(db))
        self.configure(self.settings)

    @property
    def locked(self) -> bool:
        return self._locked

    def configure(self, settings: LockSettings) -> None:
        """Take newly saved lock settings: the idle time, on or off, "Lås nu"."""
        changed_code = settings.code != self.settings.code
        self.settings = settings
        if changed_code:
            self.backoff = Backoff(failed_tries(self.store.db.read()))
        self.lock_action.setEnabled(settings.enabled and not self._locked)
        if settings.enabled and not self._locked:
            self.idle.set_interval_ms(settings.idle_minutes * 60_000)
            self.idle.start()
        else:
            self.idle.stop()

    def window_state(self) -> QByteArray:
        """The window's dock layout to save: while locked, as it was before locking."""
        return QByteArray(self._window_state) if self._locked else self.window.saveState()

    # Locking -------------------------------------------------------------------------

    def lock(self) -> None:
        """Hide everything the window shows behind the lock screen (when the lock is on)."""
        if self._locked or not self.settings.enabled:
            return
        self._locked = True
        self.idle.stop()
        self._remember()
        self._close_popups_and_dialogs()
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for kind in (QDockWidget, QToolBar):
            for bar in self.window.findChildren(kind, options=direct):
                bar.hide()
        self.window.statusBar().hide()
        self._disable_menus()
        self.stack.setCurrentWidget(self.screen)
        self.window.setWindowTitle(APP_NAME)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.screen.reset()
        self._show_pause()
        self.screen.code.setFocus(Qt.FocusReason.OtherFocusReason)
        self.window.update()
        self.locked_changed.emit(True)

    def _remember(self) -> None:
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and focus.window() is self.window else None
        self._title = self.window.windowTitle()
        self._window_state = self.window.saveState()
        self._status_bar_shown = not self.window.statusBar().isHidden()

    def _close_popups_and_dialogs(self) -> None:
        QToolTip.hideText()
        for _ in range(16):  # popups close from the top; a popup that stays ends the loop
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or not self._owns(widget):
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            elif isinstance(widget, QMenu):
                widget.close()

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self.window:
                return True
            parent = parent.parentWidget()
        return False

    def _disable_menus(self) -> None:
        """Menus without a kept action go dark as a whole; in the others, all but it."""
        self._disabled = []
        for title in self.window.menuBar().actions():
            menu = title.menu()
            entries = menu.actions() if isinstance(menu, QMenu) else []
            if any(entry in self._keep for entry in entries):
                targets = [entry for entry in entries if entry not in self._keep]
            else:
                targets = [title]
            for action in targets:
                if action.isEnabled() and not action.isSeparator():
                    action.setEnabled(False)
                    self._disabled.append(action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """While locked: no shortcut of the window but the allowed ones; the title stays the
        app's name. A closed window watches for idleness no more."""
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.window:
            self.idle.stop()
        if not self._locked:
            return False
        if kind == QEvent.Type.Shortcut and self._of_window(watched):
            return not self._may_take_shortcut(watched)
        if kind == QEvent.Type.WindowTitleChange and watched is self.window:
            title = self.window.windowTitle()
            if title != APP_NAME:  # e.g. a sync showed the meeting anew: keep it for later
                self._title = title
                self.window.setWindowTitle(APP_NAME)
        return False

    def _of_window(self, receiver: QObject) -> bool:
        """Whether a shortcut's receiver (an action, a shortcut, a widget) is this window's."""
        if isinstance(receiver, QWidget):
            return receiver.window() is self.window
        owner: QObject | None = receiver
        while owner is not None and owner is not self.window:
            owner = owner.parent()
        return owner is self.window

    def _may_take_shortcut(self, receiver: QObject) -> bool:
        if any(receiver is action for action in self._keep):
            return True
        if not isinstance(receiver, QWidget):
            return False
        return receiver is self.window.menuBar() or self.screen.isAncestorOf(receiver)

    # Unlocking -----------------------------------------------------------------------

    def _try(self, code: str) -> None:
        stored = self.settings.code
        if self._checking or stored is None or self.backoff.seconds_left() > 0:
            return
        self._checking = True
        self.screen.set_ready(False)
        self.screen.say(self.tr("Kontrollerar koden…"))
        run_in_background(
            lambda _task: try_code(self.store, code, stored),
            on_done=self._on_tried,
            on_error=self._on_try_failed,
        )

    def _on_tried(self, outcome: TryOutcome) -> None:
        self._checking = False
        if not self._locked or self.store.db.closed:
            return
        if outcome.matched:
            self._unlock()
            return
        self.backoff.set_failures(outcome.failed_tries)
        self.screen.code.clear()
        self._show_pause()
        if self.backoff.seconds_left() <= 0:
            self.screen.say(self.tr("Fel kod. Försök igen."))

    def _on_try_failed(self, error: Exception) -> None:
        self._checking = False
        _log.warning("Cannot check the lock code: %s", type(error).__name__)
        self.screen.say(self.tr("Koden kunde inte kontrolleras. Försök igen."))
        self.screen.set_ready(True)

    def _show_pause(self) -> None:
        """During a pause after wrong tries: the countdown; after it, ready again."""
        if self._checking:
            return
        left = math.ceil(self.backoff.seconds_left())
        if left > 0:
            self.screen.set_ready(False)
            self.screen.say(
                self.tr("Fel kod för många gånger. Du kan försöka igen om {0}.").format(
                    _duration(left)
                )
            )
            if not self._countdown.isActive():
                self._countdown.start()
            return
        if self._countdown.isActive():
            self._countdown.stop()
            self.screen.say("")
        self.screen.set_ready(True)

    def _unlock(self) -> None:
        """Show the window as it was when it locked: content, docks, title, focus."""
        if not self._locked:
            return
        self._locked = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._countdown.stop()
        self.screen.reset()
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        self.stack.setCurrentIndex(0)
        self.window.restoreState(self._window_state)
        self.window.statusBar().setVisible(self._status_bar_shown)
        self.window.setWindowTitle(self._title)
        focus = self._focus
        self._focus = None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.configure(self.settings)
        self.locked_changed.emit(False)
