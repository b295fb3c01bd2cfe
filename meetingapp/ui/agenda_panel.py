"""The föredragningslista of one meeting: numbered items and their documents."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meetingapp.library import (
    AgendaEntry,
    Document,
    DocumentRole,
    Library,
    MeetingState,
    MeetingSummary,
)
from meetingapp.ui.meetings_panel import format_when

DOCUMENT_ROLE = Qt.ItemDataRole.UserRole
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMN_NUMBER, COLUMN_TITLE, COLUMN_REFERENCE, COLUMN_MARK = range(4)
CONFIDENTIAL_COLOUR = QColor("#a4262c")
LATE_ITEM_COLOUR = QColor("#8a5300")


class AgendaPanel(QWidget):
    """Meeting header above the agenda tree; emits the document the user picks."""

    document_selected = Signal(object)  # Document

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["§", self.tr("Ärende"), self.tr("Dnr"), ""])
        self.tree.setAccessibleName(self.tr("Föredragningslista"))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (COLUMN_NUMBER, COLUMN_REFERENCE, COLUMN_MARK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        self.header.setContentsMargins(6, 6, 6, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tree)
        self.show_meeting(None, library=None)

    def show_meeting(self, meeting: MeetingSummary | None, library: Library | None) -> None:
        self.tree.clear()
        if meeting is None or library is None:
            self.header.setText(self.tr("Inget sammanträde valt."))
            return
        self.header.setText(self._header_html(meeting))
        self._add_meeting_documents(library.meeting_documents(meeting.id))
        for entry in library.agenda(meeting.id):
            self._add_entry(entry, library.item_documents(entry))

    def _header_html(self, meeting: MeetingSummary) -> str:
        state = {
            MeetingState.UPCOMING: self.tr("Kallad"),
            MeetingState.HELD: self.tr("Genomfört"),
            MeetingState.CANCELLED: self.tr("Inställt"),
        }[meeting.state]
        place = f" · {html.escape(meeting.location)}" if meeting.location else ""
        return (
            f"<b style='font-size:large'>{html.escape(meeting.name)}</b><br>"
            f"{format_when(meeting.start)}{place} · {state}"
        )

    def _add_meeting_documents(self, documents: list[Document]) -> None:
        """The meeting's own papers on top; the first (the kallelse) is opened."""
        if not documents:
            return
        node = QTreeWidgetItem(self.tree, ["", self.tr("Kallelse och protokoll")])
        for document in documents:
            node.addChild(self._document_item(document))
        node.setExpanded(True)
        first = node.child(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def _add_entry(self, entry: AgendaEntry, documents: list[Document]) -> None:
        reference = entry.paper.reference if entry.paper and entry.paper.reference else ""
        item = QTreeWidgetItem(self.tree, [entry.number or "", entry.name, reference, ""])
        item.setToolTip(COLUMN_TITLE, entry.name)
        item.setData(0, ENTRY_ROLE, entry)
        if documents:
            item.setData(0, DOCUMENT_ROLE, documents[0])
        self._mark(item, entry)
        for document in documents:
            item.addChild(self._document_item(document))

    def _mark(self, item: QTreeWidgetItem, entry: AgendaEntry) -> None:
        if not entry.public:
            ground = entry.confidential or self.tr("Ej offentligt ärende")
            item.setText(COLUMN_MARK, self.tr("Sekretess"))
            item.setForeground(COLUMN_MARK, QBrush(CONFIDENTIAL_COLOUR))
            item.setToolTip(
                COLUMN_MARK,
                self.tr(
                    "{0}.\nHandlingarna omfattas av sekretess: visa dem inte för "
                    "andra och lämna inte ut dem."
                ).format(ground),
            )
        elif entry.late_item:
            item.setText(COLUMN_MARK, self.tr("Extra ärende"))
            item.setForeground(COLUMN_MARK, QBrush(LATE_ITEM_COLOUR))
            item.setToolTip(COLUMN_MARK, self.tr("Ärendet har lagts till efter kallelsen."))

    def _document_item(self, document: Document) -> QTreeWidgetItem:
        label = {
            DocumentRole.INVITATION: self.tr("Kallelse"),
            DocumentRole.RESULTS_PROTOCOL: self.tr("Protokoll"),
            DocumentRole.MAIN: self.tr("Tjänsteskrivelse"),
        }.get(document.role)
        already_named = label is None or document.name.casefold().startswith(label.casefold())
        title = document.name if already_named else f"{label}: {document.name}"
        item = QTreeWidgetItem(["", title, "", ""])
        item.setData(0, DOCUMENT_ROLE, document)
        icon = QStyle.StandardPixmap.SP_FileIcon
        if document.local_path is None:
            item.setText(COLUMN_MARK, self.tr("ej hämtad"))
            icon = QStyle.StandardPixmap.SP_BrowserReload
        item.setIcon(COLUMN_TITLE, self.style().standardIcon(icon))
        return item

    def object_at(self, position: QPoint) -> str | None:
        """The agenda item or document under ``position`` (tree viewport coordinates)."""
        item = self.tree.itemAt(position)
        if item is None:
            return None
        entry = item.data(0, ENTRY_ROLE)
        if isinstance(entry, AgendaEntry):
            return entry.id
        document = item.data(0, DOCUMENT_ROLE)
        return document.file_id if isinstance(document, Document) else None

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        document = current.data(0, DOCUMENT_ROLE) if current is not None else None
        if isinstance(document, Document):
            self.document_selected.emit(document)
