"""The document as plain reflowed text: for screen readers and for large print."""

from __future__ import annotations

import html

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTextBrowser

MIN_POINT_SIZE = 8
MAX_POINT_SIZE = 40


class TextView(QTextBrowser):
    """The extracted text, page by page, in a font the user can enlarge."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Dokumentets text"))
        self.setOpenLinks(False)
        self._base_size = self.font().pointSizeF()
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
                body = f"<p><i>{html.escape(self.tr('Ingen text på sidan.'))}</i></p>"
            parts.append(f"<h3>{heading}</h3>{body}")
        self.setHtml("".join(parts))

    def show_loading(self) -> None:
        self._pages = []
        self.setPlainText(self.tr("Hämtar texten…"))

    @property
    def has_text(self) -> bool:
        return bool(self._pages)

    def change_font_size(self, steps: int) -> None:
        font = QFont(self.font())
        size = font.pointSizeF() + steps * 2
        font.setPointSizeF(min(max(size, MIN_POINT_SIZE), MAX_POINT_SIZE))
        self.setFont(font)

    def reset_font_size(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(self._base_size)
        self.setFont(font)
