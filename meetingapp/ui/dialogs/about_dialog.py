"""Hjälp → Om Mötespärm: the version, the licence and the third-party notices.

The licence (``LICENSE``) and the notices (``resources/licenses/THIRD-PARTY-NOTICES.txt``,
written from the installed packages' metadata by ``installer/notices.py``) are read
from the files shipped with the program, in the source tree and in the installed
bundle alike, so what the dialog shows is what was distributed.
"""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meetingapp import APP_NAME, __version__
from meetingapp.runtime.paths import resources_dir

LICENCE_SPDX = "AGPL-3.0-or-later"


def licence_path() -> Path:
    """The program's licence text, beside the resources (as the bundle has it too)."""
    return resources_dir().parent / "LICENSE"


def notices_path() -> Path:
    return resources_dir() / "licenses" / "THIRD-PARTY-NOTICES.txt"


class AboutDialog(QDialog):
    """Three tabs: about the program, its licence, and the software it contains."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Om {0}").format(APP_NAME))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._about_tab(), self.tr("Om"))
        self.licence_view = self._text_view(licence_path())
        self.tabs.addTab(self.licence_view, self.tr("Licens"))
        self.notices_view = self._text_view(notices_path())
        self.tabs.addTab(self.notices_view, self.tr("Tredjepartsprogram"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def _about_tab(self) -> QWidget:
        page = QWidget(self)
        icon = QLabel(page)
        icon.setPixmap(QApplication.windowIcon().pixmap(64, 64))
        self.summary = QLabel(self._summary_html(), page)
        self.summary.setWordWrap(True)
        self.summary.setOpenExternalLinks(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        row = QHBoxLayout(page)
        row.addWidget(icon, 0)
        row.addWidget(self.summary, 1)
        return page

    def _summary_html(self) -> str:
        heading = f"<h3>{APP_NAME} {__version__}</h3>"
        description = self.tr(
            "<p>Sammanträdeshandlingar för förtroendevalda, offline på datorn.</p>"
        )
        licence = self.tr(
            "<p>Fri programvara under GNU Affero General Public License, version 3 eller "
            "senare ({0}): du får använda, studera, ändra och sprida programmet på "
            "licensens villkor. Licenstexten finns under fliken Licens.</p>"
        ).format(LICENCE_SPDX)
        parts = self.tr(
            "<p>Byggt med Qt {0} (PySide6 {1}, LGPL 3.0), PyMuPDF (AGPL 3.0) och Python "
            "{2}. Fliken Tredjepartsprogram visar alla delar och deras licenser.</p>"
        ).format(qVersion(), pyside_version, platform.python_version())
        return heading + description + licence + parts

    def _text_view(self, path: Path) -> QPlainTextEdit:
        view = QPlainTextEdit(self)
        view.setReadOnly(True)
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        try:
            view.setPlainText(path.read_text(encoding="utf-8"))
        except OSError:
            view.setPlainText(self.tr("Filen {0} saknas i installationen.").format(path))
        return view
