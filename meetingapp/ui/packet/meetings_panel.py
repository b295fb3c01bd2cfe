"""Committees and their meetings, upcoming meetings first.

Each meeting row shows when and in what state it is (kallad, inställt,
genomfört), on a second line where, and on a third, in bold, a badge with what is
new or changed since the user last looked at it ("3 nya · 1 ändrad", "Nytt" for
a new meeting never looked at). Lines rather than columns: the pane is narrow,
and a badge column would squeeze every row. Words and bold, not colour, carry it;
the badge line is drawn by ``_MeetingDelegate`` in the palette's own colours.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from PySide6.QtCore import (
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from meetingapp.core.packet.library import (
    Committee,
    Library,
    MeetingNews,
    MeetingOverview,
    MeetingState,
    MeetingSummary,
    ReadingProgress,
)

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 1
"""The meeting's name, time and place, which the tooltip begins with."""
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2
"""The badge shown on the meeting's third line ("" when nothing is new)."""
COLUMN_MEETING = 0


def format_when(start: datetime | None) -> str:
    """E.g. "tis 24 nov. 2026 18:00" in the UI's locale."""
    if start is None:
        return "—"
    moment = QDateTime.fromSecsSinceEpoch(int(start.timestamp()))
    return QLocale().toString(moment, "ddd d MMM yyyy HH:mm")


def format_when_short(start: datetime | None) -> str:
    """Like ``format_when``, without the year when it is this year: "tis 24 nov. 18:00"."""
    if start is None or start.astimezone().year != datetime.now(UTC).astimezone().year:
        return format_when(start)
    moment = QDateTime.fromSecsSinceEpoch(int(start.timestamp()))
    return QLocale().toString(moment, "ddd d MMM HH:mm")


AnyIndex = QModelIndex | QPersistentModelIndex


class _MeetingDelegate(QStyledItemDelegate):
    """Draws a meeting's badge as a bold line below its time and place, and makes
    room for a long place wrapped onto more lines."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        # QTreeView asks without a valid rectangle (a speed hack), and the style
        # then wraps nothing; give it the width the row really has.
        sized = QStyleOptionViewItem(option)
        depth = 1 if index.parent().isValid() else 0
        width = self._view.columnWidth(0) - self._view.indentation() * (depth + 1)
        sized.rect = QRect(0, 0, max(width, 1), 1 << 16)
        size = super().sizeHint(sized, index)
        if index.data(BADGE_ROLE):
            size.setHeight(size.height() + QFontMetrics(_bold(option.font)).lineSpacing())
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        badge = index.data(BADGE_ROLE)
        if not badge:
            super().paint(painter, option, index)
            return
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        style = full.widget.style() if full.widget is not None else QApplication.style()
        line = QFontMetrics(_bold(option.font)).lineSpacing()
        # The style draws text this far inside the text rectangle (QCommonStyle).
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, full.widget) + 1
        text_rect = style.subElementRect(
            QStyle.SubElement.SE_ItemViewItemText, full, full.widget
        ).adjusted(margin, 0, -margin, -line)
        full.text = ""  # the background and selection of the whole row, then the lines
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, full, painter, full.widget)
        above = QStyleOptionViewItem(option)
        above.rect = option.rect.adjusted(0, 0, 0, -line)
        above.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, above, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(_bold(option.font))
        painter.setPen(option.palette.color(role))
        badge_rect = text_rect.translated(0, text_rect.height()).adjusted(0, 0, 0, line)
        painter.drawText(
            badge_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), str(badge)
        )
        painter.restore()


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


class NewsWords(QObject):
    """The words for counts of new and changed documents, shared by the meetings
    list and the agenda (one translation context for both)."""

    def of(self, news: MeetingNews) -> list[str]:
        """E.g. ["3 nya", "1 ändrad"]. Swedish inflects the adjective with the
        count, so each form is a source string of its own."""
        words = []
        new, changed = len(news.new_file_ids), len(news.changed_file_ids)
        if new == 1:
            words.append(self.tr("%n ny", "", new))
        elif new:
            words.append(self.tr("%n nya", "", new))
        if changed == 1:
            words.append(self.tr("%n ändrad", "", changed))
        elif changed:
            words.append(self.tr("%n ändrade", "", changed))
        return words


def document_news_words(news: MeetingNews) -> list[str]:
    return NewsWords().of(news)


class MeetingsPanel(QTreeWidget):
    """A tree: committee → its meetings. Emits the chosen meeting's id."""

    meeting_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName(self.tr("Nämnder och sammanträden"))
        self.setAccessibleDescription(
            self.tr("Dina nämnder först; vid varje sammanträde vad som är nytt sedan du tittade.")
        )
        self.setRootIsDecorated(True)
        self.setWordWrap(True)  # a long place wraps rather than being cut off
        self.setItemDelegate(_MeetingDelegate(self))
        self.currentItemChanged.connect(self._on_current_changed)

    def populate(self, library: Library, my_committees: Iterable[str] | None = None) -> None:
        """Fill the tree; the user's committees (``my_committees``) come first."""
        selected = self.selected_meeting_id()
        overviews = library.meeting_overviews()
        mine = frozenset(my_committees or ())
        committees = sorted(library.committees(), key=lambda c: c.id not in mine)
        self.blockSignals(True)
        self.clear()
        for committee in committees:
            self._add_committee(committee, library.meetings(committee.id), overviews)
        self.blockSignals(False)
        if selected:
            self.select_meeting(selected)

    def _add_committee(
        self,
        committee: Committee,
        meetings: list[MeetingSummary],
        overviews: dict[str, MeetingOverview],
    ) -> None:
        node = QTreeWidgetItem(self, [committee.name])
        font = node.font(COLUMN_MEETING)
        font.setBold(True)
        node.setFont(COLUMN_MEETING, font)
        node.setFlags(node.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        with_news = False
        for meeting in meetings:
            overview = overviews.get(meeting.id)
            node.addChild(self._meeting_item(meeting, overview))
            with_news = with_news or (overview is not None and not overview.news.is_empty)
        node.setExpanded(with_news or any(m.state is MeetingState.UPCOMING for m in meetings))

    def _meeting_item(
        self, meeting: MeetingSummary, overview: MeetingOverview | None
    ) -> QTreeWidgetItem:
        when = f"{format_when_short(meeting.start)} · {self._state_text(meeting.state)}"
        place = meeting.location or self.tr("Plats ej angiven")
        item = QTreeWidgetItem()
        item.setData(COLUMN_MEETING, MEETING_ID_ROLE, meeting.id)
        item.setData(COLUMN_MEETING, DESCRIPTION_ROLE, [meeting.name, when, place])
        if meeting.state is not MeetingState.UPCOMING:
            item.setForeground(
                COLUMN_MEETING, self.palette().color(QPalette.ColorRole.PlaceholderText)
            )
        if meeting.state is MeetingState.CANCELLED:
            font = QFont(item.font(COLUMN_MEETING))
            font.setStrikeOut(True)
            item.setFont(COLUMN_MEETING, font)
        self._show_overview(item, overview)
        return item

    def _state_text(self, state: MeetingState) -> str:
        return {
            MeetingState.UPCOMING: self.tr("kallad"),
            MeetingState.HELD: self.tr("genomfört"),
            MeetingState.CANCELLED: self.tr("inställt"),
        }[state]

    def _show_overview(self, item: QTreeWidgetItem, overview: MeetingOverview | None) -> None:
        """The text with the badge line, and in the tooltip and for screen readers
        also how much is read."""
        news = overview.news if overview is not None else MeetingNews(None)
        badge = self.badge_text(news)
        _name, when, place = item.data(COLUMN_MEETING, DESCRIPTION_ROLE)
        item.setText(COLUMN_MEETING, f"{when}\n{place}")
        item.setData(COLUMN_MEETING, BADGE_ROLE, badge)
        lines = [str(line) for line in item.data(COLUMN_MEETING, DESCRIPTION_ROLE)]
        if overview is not None and overview.progress.total:
            lines.append(self._progress_text(overview.progress))
        if badge:
            lines.append(self.tr("Sedan du senast tittade: {0}").format(badge))
        item.setToolTip(COLUMN_MEETING, "\n".join(lines))
        item.setData(COLUMN_MEETING, Qt.ItemDataRole.AccessibleTextRole, ", ".join(lines[1:]))

    def badge_text(self, news: MeetingNews) -> str:
        """E.g. "3 nya · 1 ändrad", "Nytt" for a new meeting, "" for nothing new."""
        if news.new_meeting:
            return self.tr("Nytt")
        return " · ".join(document_news_words(news))

    def _progress_text(self, progress: ReadingProgress) -> str:
        if progress.total == 1:
            return self.tr("{0} av %n handling läst", "", 1).format(progress.read)
        return self.tr("{0} av %n handlingar lästa", "", progress.total).format(progress.read)

    def update_meeting(self, meeting_id: str, library: Library) -> None:
        """Show the meeting's badge anew, e.g. gone once it was marked as seen."""
        rows = self._meeting_rows(meeting_id)  # once under each of its committees
        if not rows:
            return
        overview = MeetingOverview(
            library.meeting_news(meeting_id), library.reading_progress(meeting_id)
        )
        for item in rows:
            self._show_overview(item, overview)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped places need other heights

    def selected_meeting_id(self) -> str | None:
        item = self.currentItem()
        value = item.data(COLUMN_MEETING, MEETING_ID_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def select_meeting(self, meeting_id: str) -> bool:
        rows = self._meeting_rows(meeting_id)
        if not rows:
            return False
        item = rows[0]
        parent = item.parent()
        if parent is not None:
            parent.setExpanded(True)
        self.setCurrentItem(item)
        return True

    def _meeting_rows(self, meeting_id: str) -> list[QTreeWidgetItem]:
        rows = []
        for committee in self._committee_nodes():
            for child_index in range(committee.childCount()):
                child = committee.child(child_index)
                if child is not None and child.data(COLUMN_MEETING, MEETING_ID_ROLE) == meeting_id:
                    rows.append(child)
        return rows

    def _committee_nodes(self) -> list[QTreeWidgetItem]:
        nodes = (self.topLevelItem(index) for index in range(self.topLevelItemCount()))
        return [node for node in nodes if node is not None]

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        meeting_id = current.data(COLUMN_MEETING, MEETING_ID_ROLE) if current is not None else None
        if isinstance(meeting_id, str):
            self.meeting_selected.emit(meeting_id)
