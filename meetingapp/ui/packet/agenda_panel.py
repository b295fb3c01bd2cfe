"""The föredragningslista of one meeting: numbered items and their documents.

Every document row tells, at a glance and not by colour alone: the pages, whether
it is on this machine (an icon and "Ej hämtad" / "Hämtning misslyckades"), whether
it was read (unread titles are bold) and what is new or changed ("Ny", "Ändrad").
An item whose documents are all read gets a check mark; the header counts the
documents read. What counts as new is taken when a meeting is first shown and kept
while it stays on screen, so the marks do not vanish under the reader's eyes when
the meeting is marked as seen or a sync refreshes the agenda.
"""

from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QFont, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meetingapp.core.packet.library import (
    AgendaEntry,
    Document,
    DocumentRole,
    Library,
    MeetingNews,
    MeetingState,
    MeetingSummary,
    OfflineState,
    ReadingProgress,
    ReadState,
)
from meetingapp.ui.packet.meetings_panel import document_news_words, format_when
from meetingapp.ui.shell.appearance import Mark, mark_colour

DOCUMENT_ROLE = Qt.ItemDataRole.UserRole
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
"""A row's identity across a refresh of the same meeting (selection, expansion)."""
COLUMN_NUMBER, COLUMN_TITLE, COLUMN_REFERENCE, COLUMN_PAGES, COLUMN_MARK = range(5)
MEETING_DOCUMENTS_KEY = "meeting-documents"

_OFFLINE_ICONS = {
    OfflineState.DOWNLOADED: QStyle.StandardPixmap.SP_FileIcon,
    OfflineState.NOT_DOWNLOADED: QStyle.StandardPixmap.SP_ArrowDown,
    OfflineState.FAILED: QStyle.StandardPixmap.SP_MessageBoxWarning,
}


@dataclasses.dataclass
class _ViewState:
    """What a refresh of the same meeting keeps: selection, expansion, scrolling."""

    current: str | None
    expanded: set[str]
    scroll: int


class AgendaPanel(QWidget):
    """Meeting header above the agenda tree; emits the document the user picks."""

    document_selected = Signal(object)  # Document
    retry_requested = Signal(object)  # Document whose fetch failed or is still to come
    meeting_viewed = Signal(str)  # meeting id: its agenda, news included, is on screen
    item_changed = Signal(object)  # the AgendaEntry the current row belongs to, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._meeting: MeetingSummary | None = None
        self._library: Library | None = None
        self._news = MeetingNews(None)
        self._flagged: set[str] = set()
        self._current_entry: str | None = None
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(6, 6, 6, 0)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_bar.setAccessibleName(self.tr("Lästa handlingar"))
        self.tree = self._build_tree()
        self.retry_action = QAction(self.tr("Försök hämta igen"), self)
        self.retry_action.setEnabled(False)
        self.retry_action.triggered.connect(self._retry_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(self._progress_row())
        layout.addWidget(self.tree)
        self.show_meeting(None, library=None)

    def _build_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(5)
        tree.setHeaderLabels(["§", self.tr("Ärende"), self.tr("Dnr"), self.tr("Sidor"), ""])
        tree.setAccessibleName(self.tr("Föredragningslista"))
        tree.setAccessibleDescription(
            self.tr(
                "Ärenden och deras handlingar. Piltangenterna flyttar, Enter hämtar en "
                "handling som inte finns på datorn."
            )
        )
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setAllColumnsShowFocus(True)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (COLUMN_NUMBER, COLUMN_REFERENCE, COLUMN_PAGES, COLUMN_MARK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        tree.currentItemChanged.connect(self._on_current_changed)
        tree.itemActivated.connect(self._on_activated)
        return tree

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(6, 0, 6, 4)
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.progress_bar, 1)
        return row

    # Showing a meeting -----------------------------------------------------

    def show_meeting(self, meeting: MeetingSummary | None, library: Library | None) -> None:
        """Show the meeting's agenda; the same meeting again keeps the selection,
        the expanded items and what counted as new when it was first shown."""
        same = meeting is not None and self._meeting is not None and meeting.id == self._meeting.id
        kept = self._view_state() if same else None
        self.tree.blockSignals(True)
        self.tree.clear()
        self.tree.blockSignals(False)
        if not same:
            self._current_entry = None
        self._meeting, self._library = meeting, library
        if meeting is None or library is None:
            self._news = MeetingNews(None)
            self.header.setText(self.tr("Inget sammanträde valt."))
            self._update_progress()
            return
        self._news = library.meeting_news(meeting.id, self._news.since if same else None)
        self.header.setText(self._header_html(meeting))
        self._add_meeting_documents(library.meeting_documents(meeting.id))
        for entry in library.agenda(meeting.id):
            self._add_entry(entry, library.item_documents(entry))
        self._update_progress()
        if kept is None or not self._restore(kept):
            self._select_first_document()
        self.meeting_viewed.emit(meeting.id)

    def refresh(self) -> None:
        """Read the shown meeting again (after a sync), keeping the selection."""
        self.show_meeting(self._meeting, self._library)

    @property
    def news(self) -> MeetingNews:
        """What counts as new in the meeting on screen."""
        return self._news

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
        """The meeting's own papers on top, expanded."""
        if not documents:
            return
        node = QTreeWidgetItem(self.tree, ["", self.tr("Kallelse och protokoll")])
        node.setData(0, KEY_ROLE, MEETING_DOCUMENTS_KEY)
        for document in documents:
            node.addChild(self._document_item(document, MEETING_DOCUMENTS_KEY))
        node.setExpanded(True)

    def _add_entry(self, entry: AgendaEntry, documents: list[Document]) -> None:
        reference = entry.paper.reference if entry.paper and entry.paper.reference else ""
        item = QTreeWidgetItem(self.tree, [entry.number or "", entry.name, reference, "", ""])
        item.setData(0, ENTRY_ROLE, entry)
        item.setData(0, KEY_ROLE, entry.id)
        self._show_star(item, entry)
        if documents:
            item.setData(0, DOCUMENT_ROLE, documents[0])
        self._mark(item, entry)
        for document in documents:
            item.addChild(self._document_item(document, entry.id))
        self._decorate_entry(item)
        if any(self._is_news(document) for document in documents):
            item.setExpanded(True)  # so the "Ny" and "Ändrad" marks are in sight

    def _show_star(self, item: QTreeWidgetItem, entry: AgendaEntry) -> None:
        flagged = entry.id in self._flagged
        item.setText(
            COLUMN_NUMBER, f"★ {entry.number or ''}".strip() if flagged else entry.number or ""
        )
        item.setData(
            COLUMN_NUMBER,
            Qt.ItemDataRole.AccessibleTextRole,
            self.tr("Stjärnmärkt, {0}").format(entry.number or "") if flagged else entry.number,
        )

    def set_flagged(self, flagged: set[str]) -> None:
        """The items the user starred: a star before their number."""
        self._flagged = set(flagged)
        for node in self._top_nodes():
            entry = node.data(0, ENTRY_ROLE)
            if isinstance(entry, AgendaEntry):
                self._show_star(node, entry)

    def show_flag(self, item_id: str, flagged: bool) -> None:
        changed = set(self._flagged)
        if flagged:
            changed.add(item_id)
        else:
            changed.discard(item_id)
        self.set_flagged(changed)

    def current_entry(self) -> AgendaEntry | None:
        """The agenda item of the current row (a document's item too)."""
        row = self.tree.currentItem()
        while row is not None:
            entry = row.data(0, ENTRY_ROLE)
            if isinstance(entry, AgendaEntry):
                return entry
            row = row.parent()
        return None

    def select_object(self, object_id: str) -> bool:
        """Make the agenda item, or the document, with this id the current row."""
        for row in self._rows():
            entry = row.data(0, ENTRY_ROLE)
            document = row.data(0, DOCUMENT_ROLE) if row.parent() is not None else None
            if (isinstance(entry, AgendaEntry) and entry.id == object_id) or (
                isinstance(document, Document) and document.file_id == object_id
            ):
                self._select(row)
                return True
        return False

    def _mark(self, item: QTreeWidgetItem, entry: AgendaEntry) -> None:
        if not entry.public:
            ground = entry.confidential or self.tr("Ej offentligt ärende")
            item.setText(COLUMN_MARK, self.tr("Sekretess"))
            item.setForeground(COLUMN_MARK, QBrush(mark_colour(Mark.CONFIDENTIAL)))
            item.setToolTip(
                COLUMN_MARK,
                self.tr(
                    "{0}.\nHandlingarna omfattas av sekretess: visa dem inte för "
                    "andra och lämna inte ut dem."
                ).format(ground),
            )
        elif entry.late_item:
            item.setText(COLUMN_MARK, self.tr("Extra ärende"))
            item.setForeground(COLUMN_MARK, QBrush(mark_colour(Mark.LATE_ITEM)))
            item.setToolTip(COLUMN_MARK, self.tr("Ärendet har lagts till efter kallelsen."))

    def _document_item(self, document: Document, parent_key: str) -> QTreeWidgetItem:
        label = {
            DocumentRole.INVITATION: self.tr("Kallelse"),
            DocumentRole.RESULTS_PROTOCOL: self.tr("Protokoll"),
            DocumentRole.MAIN: self.tr("Tjänsteskrivelse"),
        }.get(document.role)
        already_named = label is None or document.name.casefold().startswith(label.casefold())
        title = document.name if already_named else f"{label}: {document.name}"
        item = QTreeWidgetItem(["", title, "", "", ""])
        item.setData(0, KEY_ROLE, f"{parent_key}\n{document.file_id}")
        self._decorate_document(item, document)
        return item

    # Row states ------------------------------------------------------------

    def _is_news(self, document: Document) -> bool:
        return (
            document.file_id in self._news.new_file_ids
            or document.file_id in self._news.changed_file_ids
        )

    def _decorate_document(self, item: QTreeWidgetItem, document: Document) -> None:
        """Show the document's pages, offline, read and news state on its row."""
        item.setData(0, DOCUMENT_ROLE, document)
        font = QFont(item.font(COLUMN_TITLE))
        font.setBold(document.read_state is ReadState.UNREAD)
        item.setFont(COLUMN_TITLE, font)
        icon = _OFFLINE_ICONS[document.offline_state]
        item.setIcon(COLUMN_TITLE, self.style().standardIcon(icon))
        pages = document.page_count
        item.setText(COLUMN_PAGES, str(pages) if pages else "")
        if pages:
            item.setToolTip(COLUMN_PAGES, self._pages_text(pages))
        marks = self._document_marks(document)
        item.setText(COLUMN_MARK, " · ".join(marks))
        states = self._document_states(document)
        for column in (COLUMN_TITLE, COLUMN_MARK):
            item.setToolTip(column, "\n".join([item.text(COLUMN_TITLE), *states]))
        spoken = [item.text(COLUMN_TITLE), *states]
        if pages:
            spoken.append(item.toolTip(COLUMN_PAGES))
        item.setData(COLUMN_TITLE, Qt.ItemDataRole.AccessibleTextRole, ", ".join(spoken))

    def _pages_text(self, pages: int) -> str:
        return self.tr("%n sida", "", pages) if pages == 1 else self.tr("%n sidor", "", pages)

    def _document_marks(self, document: Document) -> list[str]:
        """The short words in the mark column: news first, then what is not offline."""
        marks = []
        if document.file_id in self._news.new_file_ids:
            marks.append(self.tr("Ny"))
        elif (
            document.file_id in self._news.changed_file_ids
            or document.read_state is ReadState.CHANGED
        ):
            marks.append(self.tr("Ändrad"))
        if document.offline_state is OfflineState.NOT_DOWNLOADED:
            marks.append(self.tr("Ej hämtad"))
        elif document.offline_state is OfflineState.FAILED:
            marks.append(self.tr("Hämtning misslyckades"))
        return marks

    def _document_states(self, document: Document) -> list[str]:
        """The same states in sentences, for the tooltip and screen readers."""
        states = [
            {
                ReadState.UNREAD: self.tr("Oläst"),
                ReadState.CHANGED: self.tr("En nyare version har kommit sedan du läste den"),
                ReadState.READ: self.tr("Läst"),
            }[document.read_state]
        ]
        if document.file_id in self._news.new_file_ids:
            states.append(self.tr("Ny sedan du senast tittade på sammanträdet"))
        elif document.file_id in self._news.changed_file_ids:
            states.append(self.tr("Ändrad sedan du senast tittade på sammanträdet"))
        states.append(
            {
                OfflineState.DOWNLOADED: self.tr("Finns på datorn"),
                OfflineState.NOT_DOWNLOADED: self.tr(
                    "Inte hämtad till datorn ännu: hämtas när du öppnar den"
                ),
                OfflineState.FAILED: self.tr(
                    "Kunde inte hämtas: {0}. Tryck Enter eller dubbelklicka för att försöka igen."
                ).format(document.failure),
            }[document.offline_state]
        )
        return states

    def _decorate_entry(self, item: QTreeWidgetItem) -> None:
        """An item's total pages and, when all its documents are read, a check mark."""
        documents = _child_documents(item)
        pages = [document.page_count for document in documents]
        total = sum(count for count in pages if count)
        item.setText(COLUMN_PAGES, str(total) if documents and all(pages) else "")
        entry = item.data(0, ENTRY_ROLE)
        name = entry.name if isinstance(entry, AgendaEntry) else item.text(COLUMN_TITLE)
        if ReadingProgress.of(documents).complete:
            done = self.tr("Alla handlingar lästa")
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
            item.setIcon(COLUMN_TITLE, icon)
            item.setToolTip(COLUMN_TITLE, f"{name}\n{done}")
            item.setData(COLUMN_TITLE, Qt.ItemDataRole.AccessibleTextRole, f"{name}, {done}")
        else:
            item.setIcon(COLUMN_TITLE, QIcon())
            item.setToolTip(COLUMN_TITLE, name)
            item.setData(COLUMN_TITLE, Qt.ItemDataRole.AccessibleTextRole, name)

    def reading_progress(self) -> ReadingProgress:
        """How many of the documents on screen are read in their current version."""
        documents = [
            document
            for row in self._rows()
            if row.parent() is not None and (document := _row_document(row)) is not None
        ]
        return ReadingProgress.of(documents)

    def _update_progress(self) -> None:
        progress = self.reading_progress()
        self.progress_bar.setVisible(progress.total > 0)
        self.progress_bar.setRange(0, max(progress.total, 1))
        self.progress_bar.setValue(progress.read)
        text = self._progress_text(progress) if self._meeting is not None else ""
        self.progress_label.setText(text)
        self.progress_bar.setAccessibleDescription(text)

    def _progress_text(self, progress: ReadingProgress) -> str:
        """E.g. "12 av 31 handlingar lästa · 3 nya · 1 ändrad"."""
        if progress.total == 0:
            words = [self.tr("Inga handlingar")]
        elif progress.total == 1:
            words = [self.tr("{0} av %n handling läst", "", 1).format(progress.read)]
        else:
            words = [
                self.tr("{0} av %n handlingar lästa", "", progress.total).format(progress.read)
            ]
        return " · ".join(words + self._news_words())

    def _news_words(self) -> list[str]:
        if self._news.new_meeting:
            return [self.tr("Nytt sammanträde")]
        return document_news_words(self._news)

    def refresh_document(self, file_id: str) -> None:
        """Show the document's state anew (read, fetched, failed, counted), e.g.
        after the reading was recorded or a fetch ended."""
        library = self._library
        fresh = library.document(file_id) if library is not None else None
        if fresh is None:
            return
        for row in self._rows():
            document = _row_document(row)
            if document is None or document.file_id != file_id:
                continue
            updated = dataclasses.replace(
                document,
                local_path=fresh.local_path,
                version_id=fresh.version_id,
                page_count=fresh.page_count,
                read_state=fresh.read_state,
                failure=fresh.failure,
            )
            if row.data(0, ENTRY_ROLE) is None:
                self._decorate_document(row, updated)
            else:
                row.setData(0, DOCUMENT_ROLE, updated)
        for node in self._top_nodes():
            if node.data(0, ENTRY_ROLE) is not None:
                self._decorate_entry(node)
        self._update_progress()
        self._update_retry_action()

    # Keyboard ----------------------------------------------------------------

    def step_item(self, direction: int) -> bool:
        """Go to the next (1) or previous (-1) agenda item and select its first
        document; the kallelse and protokoll count as the first item. False at the end."""
        nodes = self._top_nodes()
        current = self.tree.currentItem()
        top = current if current is None or current.parent() is None else current.parent()
        if top in nodes:
            index = nodes.index(top) + (1 if direction > 0 else -1)
        else:
            index = 0 if direction > 0 else len(nodes) - 1
        if not 0 <= index < len(nodes):
            return False
        node = nodes[index]
        self._select(node.child(0) or node)
        return True

    def step_document(self, direction: int) -> bool:
        """Go to the next (1) or previous (-1) document of the whole agenda, in
        order. An item's row stands for its first document. False at the end."""
        rows = self._rows()
        current = self.tree.currentItem()
        if current is not None and current.parent() is None and current.childCount():
            current = current.child(0)
        position = rows.index(current) if current in rows else -1
        if position < 0:
            position = -1 if direction > 0 else len(rows)
        step = 1 if direction > 0 else -1
        index = position + step
        while 0 <= index < len(rows):
            row = rows[index]
            if row.parent() is not None and _row_document(row) is not None:
                self._select(row)
                return True
            index += step
        return False

    def _select(self, row: QTreeWidgetItem) -> None:
        parent = row.parent()
        if parent is not None:
            parent.setExpanded(True)
        self.tree.setCurrentItem(row)
        self.tree.scrollToItem(row)

    def _select_first_document(self) -> None:
        """The meeting's first own document (the kallelse) is opened with it."""
        nodes = self._top_nodes()
        if nodes and nodes[0].data(0, KEY_ROLE) == MEETING_DOCUMENTS_KEY:
            first = nodes[0].child(0)
            if first is not None:
                self.tree.setCurrentItem(first)

    # Refreshing the same meeting ---------------------------------------------

    def _view_state(self) -> _ViewState:
        current = self.tree.currentItem()
        expanded = {str(row.data(0, KEY_ROLE)) for row in self._top_nodes() if row.isExpanded()}
        key = current.data(0, KEY_ROLE) if current is not None else None
        return _ViewState(
            key if isinstance(key, str) else None,
            expanded,
            self.tree.verticalScrollBar().value(),
        )

    def _restore(self, kept: _ViewState) -> bool:
        """Expansion and scrolling as they were; the current row again, without
        opening it anew. False when the row is gone."""
        for node in self._top_nodes():
            if node.data(0, KEY_ROLE) in kept.expanded:
                node.setExpanded(True)
        rows = {row.data(0, KEY_ROLE): row for row in self._rows()}
        current = rows.get(kept.current)
        if current is None:
            return False
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(current)
        self.tree.blockSignals(False)
        self.tree.verticalScrollBar().setValue(kept.scroll)
        self._update_retry_action()
        return True

    # Rows ------------------------------------------------------------------

    def _top_nodes(self) -> list[QTreeWidgetItem]:
        nodes = (self.tree.topLevelItem(index) for index in range(self.tree.topLevelItemCount()))
        return [node for node in nodes if node is not None]

    def _rows(self) -> list[QTreeWidgetItem]:
        """Every row in order: an item, then its documents."""
        rows = []
        for node in self._top_nodes():
            rows.append(node)
            rows.extend(
                child
                for index in range(node.childCount())
                if (child := node.child(index)) is not None
            )
        return rows

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
        self._update_retry_action()
        entry = self.current_entry()
        entry_id = entry.id if entry is not None else None
        if entry_id != self._current_entry:
            self._current_entry = entry_id
            self.item_changed.emit(entry)
        document = _row_document(current) if current is not None else None
        if document is not None:
            self.document_selected.emit(document)

    # Retrying ----------------------------------------------------------------

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        """Enter or a double click on a document not on this machine fetches it."""
        document = _row_document(item)
        if document is not None and document.offline_state is not OfflineState.DOWNLOADED:
            self.retry_requested.emit(document)

    def _retry_current(self) -> None:
        current = self.tree.currentItem()
        if current is not None:
            self._on_activated(current, COLUMN_TITLE)

    def _update_retry_action(self) -> None:
        current = self.tree.currentItem()
        document = _row_document(current) if current is not None else None
        self.retry_action.setEnabled(
            document is not None and document.offline_state is not OfflineState.DOWNLOADED
        )


def _row_document(row: QTreeWidgetItem) -> Document | None:
    document = row.data(0, DOCUMENT_ROLE)
    return document if isinstance(document, Document) else None


def _child_documents(node: QTreeWidgetItem) -> list[Document]:
    children = (node.child(index) for index in range(node.childCount()))
    return [
        document
        for child in children
        if child is not None and (document := _row_document(child)) is not None
    ]
