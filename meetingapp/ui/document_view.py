"""The document pane: a PDF as a continuous column of pages, or a clear message.

Only the pages in view (and one screen ahead) are requested from the render
worker; pages far from view drop their images, so memory stays bounded however
long the document is.
"""

from __future__ import annotations

import bisect
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from meetingapp.library import Document
from meetingapp.render import DocumentInfo, RenderedPage
from meetingapp.ui.page_renderer import PageRenderer

PAGE_GAP = 12
MARGIN = 16
KEEP_AROUND_VIEW = 3  # pages kept rendered beyond the visible ones, each way


def to_image(rendered: RenderedPage) -> QImage:
    """Wrap the worker's RGB pixels in a QImage that owns a copy of them."""
    image = QImage(
        rendered.samples,
        rendered.width,
        rendered.height,
        rendered.stride,
        QImage.Format.Format_RGB888,
    )
    return image.copy()


class PageCanvas(QWidget):
    """All pages of one document laid out top to bottom; paints only what is visible."""

    def __init__(self) -> None:
        super().__init__()
        self._sizes: list[tuple[float, float]] = []
        self._tops: list[int] = []
        self._heights: list[int] = []
        self._width = 0
        self._scale = 1.0
        self._pixmaps: dict[int, QPixmap] = {}
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def scale(self) -> float:
        return self._scale

    def set_pages(self, sizes: list[tuple[float, float]]) -> None:
        self._sizes = sizes
        self._pixmaps.clear()
        self.layout_for_width(self.width())

    def layout_for_width(self, available_width: int) -> None:
        """Fit the widest page to the available width."""
        widest = max((width for width, _height in self._sizes), default=1.0)
        self._scale = max(0.1, (available_width - 2 * MARGIN) / widest)
        self._tops, self._heights = [], []
        top = MARGIN
        for _width, height in self._sizes:
            self._tops.append(top)
            pixel_height = round(height * self._scale)
            self._heights.append(pixel_height)
            top += pixel_height + PAGE_GAP
        self._width = available_width
        self._pixmaps.clear()
        self.setFixedSize(QSize(available_width, top + MARGIN - PAGE_GAP))
        self.update()

    def page_rect(self, page: int) -> QRect:
        width = round(self._sizes[page][0] * self._scale)
        left = (self._width - width) // 2
        return QRect(left, self._tops[page], width, self._heights[page])

    def pages_between(self, top: int, bottom: int) -> list[int]:
        if not self._tops:
            return []
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last = max(first, bisect.bisect_right(self._tops, bottom) - 1)
        return list(range(first, min(last, len(self._tops) - 1) + 1))

    def set_pixmap(self, page: int, pixmap: QPixmap) -> None:
        self._pixmaps[page] = pixmap
        self.update(self.page_rect(page))

    def has_pixmap(self, page: int) -> bool:
        return page in self._pixmaps

    def forget_pixmaps_outside(self, keep: set[int]) -> None:
        for page in [page for page in self._pixmaps if page not in keep]:
            del self._pixmaps[page]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(self.backgroundRole()).darker(115))
        for page in self.pages_between(event.rect().top(), event.rect().bottom()):
            self._paint_page(painter, page)
        painter.end()

    def _paint_page(self, painter: QPainter, page: int) -> None:
        rect = self.page_rect(page)
        pixmap = self._pixmaps.get(page)
        if pixmap is None:
            painter.fillRect(rect, QColor("white"))
            painter.setPen(QColor("#888888"))
            label = self.tr("Sida {0}").format(page + 1)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        else:
            painter.drawPixmap(rect, pixmap)


class PdfView(QScrollArea):
    """Scrolls a PageCanvas and asks the renderer for what comes into view."""

    def __init__(self, renderer: PageRenderer) -> None:
        super().__init__()
        self.renderer = renderer
        self.canvas = PageCanvas()
        self.setWidget(self.canvas)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidgetResizable(False)
        self.setAccessibleName(self.tr("Dokument"))
        self._generation = 0
        self.verticalScrollBar().valueChanged.connect(self.request_visible_pages)
        renderer.document_opened.connect(self._on_opened)
        renderer.page_rendered.connect(self._on_page_rendered)

    @property
    def generation(self) -> int:
        return self._generation

    def show_file(self, path: Path) -> None:
        self.canvas.set_pages([])
        self._generation = self.renderer.open(path)

    def _on_opened(self, generation: int, info: DocumentInfo) -> None:
        if generation != self._generation:
            return
        self.canvas.set_pages(list(info.page_sizes))
        self.canvas.layout_for_width(self.viewport().width())
        self.verticalScrollBar().setValue(0)
        self.request_visible_pages()

    def _on_page_rendered(
        self, generation: int, page: int, scale: float, rendered: RenderedPage
    ) -> None:
        if generation != self._generation or scale != self._render_scale():
            return
        pixmap = QPixmap.fromImage(to_image(rendered))
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.canvas.set_pixmap(page, pixmap)

    def _render_scale(self) -> float:
        return round(self.canvas.scale * self.devicePixelRatioF(), 4)

    def request_visible_pages(self) -> None:
        top = self.verticalScrollBar().value()
        height = self.viewport().height()
        visible = self.canvas.pages_between(top, top + height)
        if not visible:
            return
        ahead = self.canvas.pages_between(top + height, top + 2 * height)
        keep = set(range(visible[0] - KEEP_AROUND_VIEW, visible[-1] + KEEP_AROUND_VIEW + 1))
        self.canvas.forget_pixmaps_outside(keep)
        wanted = [page for page in visible + ahead if not self.canvas.has_pixmap(page)]
        self.renderer.want(self._generation, wanted, self._render_scale())

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.canvas.width() != self.viewport().width():
            self.canvas.layout_for_width(self.viewport().width())
            self.request_visible_pages()


class DocumentView(QStackedWidget):
    """Shows the selected document, or says plainly why it cannot.

    A document not yet on this machine is asked for (``fetch_requested``) and
    shown when it arrives; a failed fetch offers to try again.
    """

    fetch_requested = Signal(object)  # Document

    def __init__(self, renderer: PageRenderer) -> None:
        super().__init__()
        self.pdf_view = PdfView(renderer)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton(self.tr("Öppna i annat program"))
        self.open_button.clicked.connect(self._open_externally)
        self.retry_button = QPushButton(self.tr("Försök igen"))
        self.retry_button.clicked.connect(self._retry)
        self._message_page = self._build_message_page()
        self.addWidget(self._message_page)
        self.addWidget(self.pdf_view)
        self._document: Document | None = None
        renderer.failed.connect(self._on_render_failed)
        renderer.document_opened.connect(self._on_opened)
        self.show_message(self.tr("Välj ett dokument i föredragningslistan."))

    def _build_message_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.message)
        layout.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.retry_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        return page

    def show_message(
        self, text: str, offer_external: bool = False, offer_retry: bool = False
    ) -> None:
        self.message.setText(text)
        self.retry_button.setVisible(offer_retry)
        available = self._document is not None and self._document.local_path is not None
        self.open_button.setVisible(offer_external and available)
        self.setCurrentWidget(self._message_page)

    def show_document(self, document: Document) -> None:
        self._document = document
        if document.local_path is None:
            self.show_message(self.tr("Hämtar ”{0}”…").format(document.name))
            self.fetch_requested.emit(document)
        elif not document.is_pdf:
            self.show_message(
                self.tr("”{0}” kan inte visas här.").format(document.name), offer_external=True
            )
        else:
            self.setCurrentWidget(self.pdf_view)
            self.pdf_view.show_file(document.local_path)

    def is_showing(self, file_id: str) -> bool:
        return self._document is not None and self._document.file_id == file_id

    def fetch_failed(self, document: Document, reason: str) -> None:
        if self.is_showing(document.file_id):
            message = self.tr("”{0}” kunde inte hämtas: {1}").format(document.name, reason)
            self.show_message(message, offer_retry=True)

    def _retry(self) -> None:
        if self._document is not None:
            self.show_document(self._document)

    def _on_opened(self, generation: int, info: DocumentInfo) -> None:
        if generation != self.pdf_view.generation:
            return
        if info.needs_password:
            self.show_message(
                self.tr("Dokumentet är lösenordsskyddat och kan inte visas här."),
                offer_external=True,
            )
        elif info.page_count == 0:
            self.show_message(self.tr("Dokumentet har inga sidor."), offer_external=True)

    def _on_render_failed(self, generation: int, reason: str) -> None:
        if generation != self.pdf_view.generation:
            return
        self.show_message(
            self.tr("Dokumentet kunde inte visas: {0}").format(reason), offer_external=True
        )

    def _open_externally(self) -> None:
        """Hand a copy named like the original to the system's default program.

        Blobs are named by their hash; a copy with the real file name lets the
        other program recognise the format.
        """
        document = self._document
        if document is None or document.local_path is None:
            return
        name = Path(document.file_name or document.name).name or "dokument"
        copy = Path(tempfile.mkdtemp(prefix="motesparm-")) / name
        shutil.copyfile(document.local_path, copy)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
