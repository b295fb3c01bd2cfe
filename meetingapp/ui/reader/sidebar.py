"""The document sidebar: page thumbnails and the document's own outline."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QListView,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
)

from meetingapp.core.render import DocumentInfo, OutlineEntry, RenderedPage
from meetingapp.ui.reader.image_cache import ImageCache
from meetingapp.ui.reader.page_renderer import PageRenderer, PageRequest
from meetingapp.ui.reader.pdf_view import page_label, to_image

THUMBNAIL_WIDTH = 110
THUMBNAIL_CACHE_BYTES = 24 * 1024 * 1024
PAGE_ROLE = Qt.ItemDataRole.UserRole


def _framed(pixmap: QPixmap) -> QPixmap:
    """The page with a thin grey frame, so a white page stands out from the list."""
    painter = QPainter(pixmap)
    painter.setPen(QColor("#9a9a9a"))
    ratio = pixmap.devicePixelRatio()
    painter.drawRect(0, 0, round(pixmap.width() / ratio) - 1, round(pixmap.height() / ratio) - 1)
    painter.end()
    return pixmap


class ThumbnailList(QListWidget):
    """Small images of the pages; only those scrolled into view are rendered."""

    page_chosen = Signal(int)

    def __init__(self, renderer: PageRenderer) -> None:
        super().__init__()
        self.renderer = renderer
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(4)
        self.setUniformItemSizes(True)
        self.setAccessibleName(self.tr("Sidminiatyrer"))
        self._generation = 0
        self._info: DocumentInfo | None = None
        self._icons: ImageCache[int] = ImageCache(THUMBNAIL_CACHE_BYTES)
        self._scale = 0.2
        self._request_later = QTimer(self, singleShot=True, interval=50)
        self._request_later.timeout.connect(self._request_visible)
        self.verticalScrollBar().valueChanged.connect(self._request_later.start)
        self.itemActivated.connect(self._on_activated)
        self.itemClicked.connect(self._on_activated)
        renderer.thumbnail_rendered.connect(self._on_rendered)

    def show_document(self, generation: int, info: DocumentInfo) -> None:
        self.clear()
        self._icons.clear()
        self._generation, self._info = generation, info
        widest = max((width for width, _height in info.page_sizes), default=595.0)
        self._scale = THUMBNAIL_WIDTH / max(widest, 1.0)
        tallest = max((height for _width, height in info.page_sizes), default=842.0)
        icon = QSize(THUMBNAIL_WIDTH, round(tallest * self._scale))
        self.setIconSize(icon)
        self.setMinimumWidth(icon.width() + self.verticalScrollBar().sizeHint().width() + 24)
        cell = QSize(icon.width() + 12, icon.height() + self.fontMetrics().height() + 10)
        for page in range(info.page_count):
            item = QListWidgetItem(page_label(info, page))
            item.setSizeHint(cell)
            item.setData(PAGE_ROLE, page)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setToolTip(self.tr("Sida {0}").format(page_label(info, page)))
            self.addItem(item)
        self._request_later.start()

    def forget_document(self) -> None:
        self.clear()
        self._icons.clear()
        self._generation = 0

    def follow_page(self, page: int) -> None:
        item = self.item(page)
        if item is not None and self.currentRow() != page:
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)
            self.scrollToItem(item)

    def _visible_pages(self) -> list[int]:
        middle = self.viewport().width() // 2
        first = self.indexAt(QPoint(middle, 1))
        last = self.indexAt(QPoint(middle, self.viewport().height() - 2))
        start = first.row() if first.isValid() else 0
        end = last.row() if last.isValid() else min(self.count() - 1, start + 10)
        return list(range(max(start - 2, 0), min(end + 3, self.count())))

    def _request_visible(self) -> None:
        if not self._generation or not self.isVisible():
            return
        scale = round(self._scale * self.devicePixelRatioF(), 4)
        wanted = [
            PageRequest(page, scale) for page in self._visible_pages() if page not in self._icons
        ]
        self.renderer.want_thumbnails(self._generation, wanted)

    def _on_rendered(self, generation: int, request: PageRequest, rendered: RenderedPage) -> None:
        if generation != self._generation:
            return
        pixmap = QPixmap.fromImage(to_image(rendered))
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        evicted = self._icons.put(request.page, pixmap, self._visible_pages())
        for page in evicted:
            item = self.item(page)
            if item is not None:
                item.setIcon(QIcon())
        if evicted:
            self.renderer.forget(
                generation, [PageRequest(page, request.scale) for page in evicted], thumbnails=True
            )
        item = self.item(request.page)
        if item is not None:
            item.setIcon(QIcon(_framed(pixmap)))

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[arg-type]
        self._request_later.start()

    def _on_activated(self, item: QListWidgetItem) -> None:
        page = item.data(PAGE_ROLE)
        if isinstance(page, int):
            self.page_chosen.emit(page)


class OutlineTree(QTreeWidget):
    """The document's bookmarks (its table of contents), when it has any."""

    page_chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setAccessibleName(self.tr("Dokumentets innehåll"))
        self.itemActivated.connect(self._on_activated)
        self.itemClicked.connect(self._on_activated)

    def show_outline(self, outline: tuple[OutlineEntry, ...]) -> None:
        self.clear()
        parents: list[QTreeWidgetItem] = []
        for entry in outline:
            level = max(entry.level, 1)
            del parents[level - 1 :]
            parent = parents[-1] if parents else None
            item = QTreeWidgetItem([entry.title])
            item.setData(0, PAGE_ROLE, entry.page_index)
            if parent is None:
                self.addTopLevelItem(item)
            else:
                parent.addChild(item)
            parents.append(item)
        self.expandToDepth(0)

    def _on_activated(self, item: QTreeWidgetItem) -> None:
        page = item.data(0, PAGE_ROLE)
        if isinstance(page, int):
            self.page_chosen.emit(page)


class Sidebar(QTabWidget):
    """Thumbnails and outline in tabs; the outline tab only when there is one."""

    page_chosen = Signal(int)

    def __init__(self, renderer: PageRenderer) -> None:
        super().__init__()
        self.thumbnails = ThumbnailList(renderer)
        self.outline = OutlineTree()
        self.addTab(self.thumbnails, self.tr("Sidor"))
        self.addTab(self.outline, self.tr("Innehåll"))
        self.setAccessibleName(self.tr("Sidopanel"))
        self.thumbnails.page_chosen.connect(self.page_chosen)
        self.outline.page_chosen.connect(self.page_chosen)

    def show_document(self, generation: int, info: DocumentInfo) -> None:
        self.thumbnails.show_document(generation, info)
        self.outline.show_outline(info.outline)
        self.setTabVisible(1, bool(info.outline))

    def forget_document(self) -> None:
        self.thumbnails.forget_document()
        self.outline.clear()
        self.setTabVisible(1, False)
