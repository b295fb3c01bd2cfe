"""Starting the GUI: the QApplication, the core context and the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from meetingapp import APP_ID, APP_NAME, __version__
from meetingapp.app import AppContext
from meetingapp.paths import resources_dir
from meetingapp.store import StoreError
from meetingapp.ui.main_window import MainWindow
from meetingapp.ui.tasks import wait_for_background_tasks

EXIT_ERROR = 2


def application() -> QApplication:
    """The process's QApplication, created once with the program's identity."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = resources_dir() / "icons" / "meetingapp.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    return app


def run_gui(data_dir: Path, on_shown: Callable[[QMainWindow], None] | None = None) -> int:
    """Open the main window on ``data_dir`` and run until it is closed.

    ``on_shown`` is called once the window is on screen (used by benchmarks).
    """
    app = application()
    try:
        context = AppContext(data_dir)
    except StoreError as error:
        QMessageBox.critical(
            None,
            APP_NAME,
            app.translate("run_gui", "Datamappen {0} kan inte öppnas.\n\n{1}").format(
                data_dir, error
            ),
        )
        return EXIT_ERROR
    window = MainWindow(context)
    window.show()
    if not context.has_synced():
        window.start_sync()
    if on_shown is not None:
        QTimer.singleShot(0, lambda: on_shown(window))
    try:
        return app.exec()
    finally:
        window.renderer.shutdown()
        wait_for_background_tasks()
        context.close()
