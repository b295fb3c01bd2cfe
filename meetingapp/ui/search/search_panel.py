"""Search across every document on this machine, the user's notes and comments.

The panel searches as the user types (after a short pause), within one committee
or all and an optional range of meeting dates. Each hit shows what it is (the
document's name, "Anteckning: …", "Kommentar i …"), where (page, meeting, date)
and the text around the match with the matched words in bold. A notice says how
much in scope cannot be searched: pages without text (scans) and documents not
read into the index yet.

The search itself is injected (``search(query, filters) -> SearchResults``, e.g.
:func:`meetingapp.core.search.query.search` on the store's reader): it is a small indexed
read, done on the GUI thread like the other reads for display, so a result never
arrives after the query that asked for it has changed.

Rich text is built only from escaped pieces (:meth:`Snippet.html` escapes the
document's text before it marks the terms), so text in a document cannot become
markup in the list.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import (
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from meetingapp.core.packet.library import Committee
from meetingapp.core.search.query import (
    CommentHit,
    Coverage,
    DocumentHit,
    Hit,
    HitContext,
    NoteHit,
    SearchFilters,
    SearchResults,
)
from meetingapp.store import sql

TYPING_PAUSE_MS = 150
HIT_ROLE = Qt.ItemDataRole.UserRole
"""The :data:`~meetingapp.core.search.query.Hit` an item shows."""
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
"""The item's rich text (built from escaped pieces)."""

SearchFunction = Callable[[str, SearchFilters], SearchResults]
AnyIndex = QModelIndex | QPersistentModelIndex

_log = logging.getLogger(__name__)


class _HitDelegate(QStyledItemDelegate):
    """Draws a hit's rich text, wrapped to the list's width."""

    MARGIN = 6

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        document.setTextWidth(max(width - 2 * self.MARGIN, 1))
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        width = self._view.viewport().width()
        document = self._document(option, index, width)
        return QSize(width, int(document.size().height()) + 2 * self.MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        full.text = ""  # background, selection and focus only; the text is drawn below
        style = full.widget.style() if full.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, full, painter, full.widget)
        document = self._document(option, index, option.rect.width())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + self.MARGIN, option.rect.top() + self.MARGIN)
        context.clip = QRectF(0, 0, option.rect.width(), option.rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()


class SearchPanel(QWidget):
    """The query, the filters, the hits and what cannot be searched."""

    document_hit_chosen = Signal(str, int, str)
    """file id, 0-based page, the text the viewer should highlight."""
    note_hit_chosen = Signal(str)
    """The id of the meeting, agenda item or paper the note is on."""
    annotation_hit_chosen = Signal(str, int, str)
    """file id, 0-based page, the annotation's uid."""
    searched = Signal()
    """New results are shown."""

    def __init__(
        self,
        search: SearchFunction,
        committees: Sequence[Committee] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._results: SearchResults | None = None
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Sök i handlingar, anteckningar och kommentarer"))
        self.field.setAccessibleName(self.tr("Sök i alla handlingar"))
        self.field.setClearButtonEnabled(True)
        self.committee = QComboBox()
        self.committee.setAccessibleName(self.tr("Nämnd"))
        self.from_enabled, self.from_date = self._date_filter(
            self.tr("Från"), self.tr("Från datum")
        )
        self.to_enabled, self.to_date = self._date_filter(self.tr("Till"), self.tr("Till datum"))
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Antal träffar"))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Det som inte kan sökas"))
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Sökträffar"))
        self.results.setItemDelegate(_HitDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._connect()
        self._lay_out()
        self.setAccessibleName(self.tr("Sök i alla handlingar"))
        self.set_committees(committees)
        self._show(None)

    def _date_filter(self, label: str, name: str) -> tuple[QCheckBox, QDateEdit]:
        enabled = QCheckBox(label)
        enabled.setAccessibleName(name)
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        edit.setEnabled(False)
        enabled.toggled.connect(edit.setEnabled)
        enabled.toggled.connect(lambda _on: self.search_now())
        edit.dateChanged.connect(lambda _date: self._filter_changed(enabled))
        return enabled, edit

    def _connect(self) -> None:
        self._pause.timeout.connect(self.search_now)
        self.field.textEdited.connect(lambda _text: self._pause.start())
        self.field.returnPressed.connect(self._on_return)
        self.field.installEventFilter(self)
        self.results.installEventFilter(self)
        self.committee.currentIndexChanged.connect(lambda _index: self.search_now())
        self.results.itemActivated.connect(self._choose)

    def _lay_out(self) -> None:
        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.committee, 0, 0, 1, 4)
        filters.addWidget(self.from_enabled, 1, 0)
        filters.addWidget(self.from_date, 1, 1)
        filters.addWidget(self.to_enabled, 1, 2)
        filters.addWidget(self.to_date, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.notice)
        layout.addWidget(self.results, 1)

    # Public

    @property
    def current_results(self) -> SearchResults | None:
        """What the list shows (None before the first search)."""
        return self._results

    def set_committees(self, committees: Sequence[Committee]) -> None:
        """The committees to choose from (``Library.committees()``); keeps the choice."""
        chosen = self.committee.currentData()
        self.committee.blockSignals(True)
        self.committee.clear()
        self.committee.addItem(self.tr("Alla nämnder"), None)
        for committee in committees:
            self.committee.addItem(committee.name, committee.id)
        found = self.committee.findData(chosen) if chosen is not None else 0
        self.committee.setCurrentIndex(max(found, 0))
        self.committee.blockSignals(False)

    def open_panel(self) -> None:
        """Show the panel with the query selected, ready for typing."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def filters(self) -> SearchFilters:
        committee = self.committee.currentData()
        return SearchFilters(
            committee_ids=frozenset({committee}) if committee else frozenset(),
            date_from=_as_date(self.from_date) if self.from_enabled.isChecked() else None,
            date_to=_as_date(self.to_date) if self.to_enabled.isChecked() else None,
        )

    def search_now(self) -> None:
        """Search for what the field holds (also after the index has grown)."""
        self._pause.stop()
        try:
            results = self._search(self.field.text(), self.filters())
        except sql.Error as error:  # its text may quote the query: not logged
            _log.error("Search failed: %s (%s)", type(error).__name__, error.sqlite_errorname)
            self._show(None, failed=True)
            return
        self._show(results)

    # Events

    def _filter_changed(self, enabled: QCheckBox) -> None:
        if enabled.isChecked():
            self.search_now()

    def _on_return(self) -> None:
        """Enter searches at once if the query changed, then opens the best hit."""
        if self._pause.isActive() or self._results is None:
            self.search_now()
        if self.results.count():
            self.results.setCurrentRow(0)
            self._choose(self.results.item(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Down from the field into the hits; Up from the first hit back to the field."""
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if watched is self.field and event.key() == Qt.Key.Key_Down and self.results.count():
            if self._pause.isActive():
                self.search_now()
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            self.results.setCurrentRow(max(self.results.currentRow(), 0))
            return True
        if (
            watched is self.results
            and event.key() == Qt.Key.Key_Up
            and self.results.currentRow() <= 0
        ):
            self.field.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        hit = item.data(HIT_ROLE)
        if isinstance(hit, DocumentHit):
            highlight = self._results.highlight if self._results is not None else ""
            self.document_hit_chosen.emit(hit.file_id, hit.page, highlight)
        elif isinstance(hit, NoteHit):
            self.note_hit_chosen.emit(hit.object_id)
        elif isinstance(hit, CommentHit):
            self.annotation_hit_chosen.emit(hit.file_id, hit.page, hit.uid)

    # Showing results

    def _show(self, results: SearchResults | None, *, failed: bool = False) -> None:
        self._results = results
        self.results.clear()
        for hit in results.hits if results is not None else ():
            self.results.addItem(self._item(hit))
        self.count.setText(self._count_text(results, failed))
        notice = self._notice(results.coverage) if results is not None else ""
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.searched.emit()

    def _item(self, hit: Hit) -> QListWidgetItem:
        title, where = self._describe(hit)
        item = QListWidgetItem()
        item.setData(HIT_ROLE, hit)
        item.setData(
            HTML_ROLE,
            f"<b>{html.escape(title)}</b><br>{html.escape(where)}<br>{hit.snippet.html()}",
        )
        plain = f"{title}\n{where}\n{hit.snippet.plain}"
        item.setData(Qt.ItemDataRole.DisplayRole, plain)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, plain.replace("\n", ". "))
        item.setToolTip(plain)
        return item

    def _describe(self, hit: Hit) -> tuple[str, str]:
        """The hit's title line and its "where" line."""
        context = self._context_words(hit.context)
        if isinstance(hit, NoteHit):
            return self.tr("Anteckning: {0}").format(hit.title), " · ".join(context)
        page = self.tr("s. {0}").format(hit.page + 1)
        if isinstance(hit, CommentHit):
            title = self.tr("Kommentar i {0}").format(hit.document_name)
        else:
            title = hit.document_name
        return title, " · ".join([page, *context])

    def _context_words(self, context: HitContext) -> list[str]:
        words = []
        if context.meeting_name:
            words.append(context.meeting_name)
        if context.meeting_start is not None:
            words.append(_format_date(context.meeting_start))
        if context.item_name:
            number = f"{context.item_number} " if context.item_number else ""
            words.append(number + context.item_name)
        return words

    def _count_text(self, results: SearchResults | None, failed: bool) -> str:
        if failed:
            return self.tr("Sökningen misslyckades")
        if results is None or results.query.is_empty:
            return ""
        total = results.total
        if total == 0:
            return self.tr("Inga träffar")
        if len(results.hits) < total:
            return self.tr("De {0} bästa av %n träffar", "", total).format(len(results.hits))
        return self.tr("%n träff", "", total) if total == 1 else self.tr("%n träffar", "", total)

    def _notice(self, coverage: Coverage) -> str:
        sentences = []
        pages = coverage.pages_without_text
        if pages == 1:
            sentences.append(self.tr("%n sida i 1 dokument saknar text och kan inte sökas.", "", 1))
        elif pages > 1:
            sentences.append(
                self.tr(
                    "%n sidor i {0} dokument saknar text och kan inte sökas.", "", pages
                ).format(coverage.documents_without_text)
            )
        if coverage.documents_failed:
            sentences.append(
                self.tr(
                    "%n dokument kunde inte läsas och kan inte sökas.",
                    "",
                    coverage.documents_failed,
                )
            )
        if coverage.documents_not_indexed:
            sentences.append(
                self.tr(
                    "%n dokument har inte lästs in för sökning ännu.",
                    "",
                    coverage.documents_not_indexed,
                )
            )
        return " ".join(sentences)


def _as_date(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def _format_date(moment: datetime) -> str:
    """The meeting's day as published (its own offset, as the date filter reads it), in
    the UI's locale, e.g. "24 nov. 2026"."""
    return QLocale().toString(QDate(moment.year, moment.month, moment.day), "d MMM yyyy")
