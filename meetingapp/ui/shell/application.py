"""Starting the GUI: the QApplication, the core context and the main window.

The language and the appearance come from the settings in the data directory,
so they are applied after the store is opened and before the window is built
(until then, the language the system prefers). ``application()`` alone, as the
tests use it, gives the Swedish interface whatever the machine's locale.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final

import PySide6
from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from meetingapp import APP_ID, APP_NAME, __version__
from meetingapp.core.context import AppContext
from meetingapp.core.security.vault import KeyVault
from meetingapp.core.settings import Language, Settings, read_settings
from meetingapp.runtime.instance import AlreadyRunningError, InstanceLock
from meetingapp.runtime.paths import resources_dir
from meetingapp.store import StoreError, StoreKeys
from meetingapp.ui.dialogs.key_dialog import unlock_store_keys
from meetingapp.ui.shell.appearance import apply_appearance
from meetingapp.ui.shell.language import install_language
from meetingapp.ui.shell.main_window import MainWindow
from meetingapp.ui.shell.tasks import wait_for_background_tasks

EXIT_OK = 0
EXIT_ERROR = 2

_qt_log = logging.getLogger("meetingapp.qt")
_QT_LEVELS: Final = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def application() -> QApplication:
    """The process's QApplication with the program's identity and language.

    Creates it if needed; an existing one (as in tests) is configured once too.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    if not app.property(_CONFIGURED):
        _configure(app)
        app.setProperty(_CONFIGURED, True)
    return app


_CONFIGURED = "meetingapp.configured"


def _configure(app: QApplication) -> None:
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = resources_dir() / "icons" / "meetingapp.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    install_language(app, Language.SWEDISH)


def apply_settings(app: QApplication, settings: Settings) -> Language:
    """Language, contrast and text size; returns the language installed.

    Call before building windows: widgets take their texts when they are made.
    """
    language = install_language(app, settings.language)
    apply_appearance(app, settings)
    return language


def qt_version() -> str:
    """The Qt the program runs on, and its Python binding, for the log."""
    return f"{qVersion()} (PySide6 {PySide6.__version__})"


def _forward_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own messages (warnings from its plugins, say) into the program's log."""
    category = context.category or "default"
    _qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s: %s", category, message)


def run_gui(
    data_dir: Path,
    on_shown: Callable[[QMainWindow], None] | None = None,
    keys: StoreKeys | None = None,
) -> int:
    """Open the main window on ``data_dir`` and run until it is closed.

    The store is unlocked first: from the OS keyring, or with the passphrase the
    user gives (``keys`` skips that: benchmarks and tests bring their own).
    ``on_shown`` is called once the window is on screen (used by benchmarks).
    Qt's messages go to the log while it runs.
    """
    previous = qInstallMessageHandler(_forward_qt_message)
    try:
        return _run_gui(data_dir, on_shown, keys)
    finally:
        qInstallMessageHandler(previous)


def _run_gui(
    data_dir: Path, on_shown: Callable[[QMainWindow], None] | None, keys: StoreKeys | None
) -> int:
    app = application()
    install_language(app, Language.SYSTEM)  # for a message before the settings are read
    lock = lock_data_dir(data_dir)
    if lock is None:
        return EXIT_ERROR
    with lock:  # before anything reads or converts the store; until the window is gone
        return _open_and_run(app, data_dir, on_shown, keys)


def lock_data_dir(data_dir: Path) -> InstanceLock | None:
    """The data directory's instance lock; None, said to the user, when it cannot be had.

    Taking it makes the folder private to its user first, as every command does
    (:func:`meetingapp.runtime.paths.make_private_data_dir`, through ``InstanceLock.acquire``).
    """
    try:
        return InstanceLock.acquire(data_dir)
    except AlreadyRunningError:
        message = QCoreApplication.translate(
            "run_gui",
            "Mötespärm är redan igång med datamappen {0}.\n\n"
            "Ett andra fönster på samma data skulle kunna skada den. Byt till det fönster "
            "som redan är öppet (eller vänta tills en synkronisering från kommandoraden är klar).",
        ).format(data_dir)
        QMessageBox.warning(None, APP_NAME, message)
    except OSError as error:
        _cannot_open(data_dir, error)
    return None


def _cannot_open(data_dir: Path, error: Exception) -> None:
    QMessageBox.critical(
        None,
        APP_NAME,
        QCoreApplication.translate("run_gui", "Datamappen {0} kan inte öppnas.\n\n{1}").format(
            data_dir, error
        ),
    )


def _open_and_run(
    app: QApplication,
    data_dir: Path,
    on_shown: Callable[[QMainWindow], None] | None,
    keys: StoreKeys | None,
) -> int:
    vault = None
    if keys is None:
        vault = KeyVault(data_dir)
        keys = unlock_store_keys(vault)
        if keys is None:
            return EXIT_OK  # the user chose not to unlock
    try:
        context = AppContext(data_dir, keys, vault=vault)
    except StoreError as error:
        _cannot_open(data_dir, error)
        return EXIT_ERROR
    apply_settings(app, read_settings(context.store))
    window = MainWindow(context)
    window.show()
    window.start_sync()  # at every start; then every 15 minutes
    if on_shown is not None:
        QTimer.singleShot(0, lambda: on_shown(window))
    try:
        return app.exec()
    finally:
        window.renderer.shutdown()
        wait_for_background_tasks()
        context.close()
