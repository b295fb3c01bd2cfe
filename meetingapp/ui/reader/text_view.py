"""The document as plain reflowed text: for screen readers and for large print."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QTextBrowser

MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 40


class TextView(QTextBrowser):
    """The extracted text, page by page, in a font the user can enlarge."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Dokumentets text"))
        self.setOpenLinks(False)
        self._steps = 0
        self._pages: list[str] = []

    def show_pages(self, pages: list[str], labels: list[str]) -> None:
        self._pages = pages
        parts = []
        for index, text in enumerate(pages):
            label = labels[index] if index < len(labels) else str(index + 1)
            heading = html.escape(self.tr("Sida {0}").format(label))
            body = "".join(
                f"<p>{html.escape(' '.join(paragraph.split()))}</p>"
                for paragraph in text.split("\n\n")
                if paragraph.strip()
            )
            if not body:
                empty = self.tr("Ingen text på sidan.")
                body = f"<p><i>{html.escape(empty)}</i></p>"
            parts.append(f"<h3>{heading}</h3>{body}")
        self.setHtml("".join(parts))

    def show_loading(self) -> None:
        self._pages = []
        self.setPlainText(self.tr("Hämtar texten…"))

    @property
    def has_text(self) -> bool:
        return bool(self._pages)

    def change_font_size(self, steps: int) -> None:
        self._steps += steps
        self._apply_font()

    def reset_font_size(self) -> None:
        self._steps = 0
        self._apply_font()

    def _apply_font(self) -> None:
        """The application's font (which follows the system and the text-size setting),
        enlarged by the reader's own steps of 2 points."""
        if self._steps == 0:
            self.setFont(QFont())  # inherit again
            return
        font = QFont(QApplication.font())
        base = font.pointSizeF()
        size = min(max(base + self._steps * 2, MIN_POINT_SIZE), MAX_POINT_SIZE)
        self._steps = round((size - base) / 2)
        font.setPointSizeF(size)
        self.setFont(font)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ApplicationFontChange and self._steps:
            self._apply_font()
        super().changeEvent(event)
