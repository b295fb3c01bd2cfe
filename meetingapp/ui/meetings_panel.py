"""Committees and their meetings, upcoming meetings first."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from meetingapp.library import Committee, Library, MeetingState, MeetingSummary

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole


def format_when(start: datetime | None) -> str:
    """E.g. "tis 24 nov. 2026 18:00" in the UI's locale."""
    if start is None:
        return "—"
    moment = QDateTime.fromSecsSinceEpoch(int(start.timestamp()))
    return QLocale().toString(moment, "ddd d MMM yyyy HH:mm")


class MeetingsPanel(QTreeWidget):
    """A tree: committee → its meetings. Emits the chosen meeting's id."""

    meeting_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName(self.tr("Nämnder och sammanträden"))
        self.setRootIsDecorated(True)
        self.currentItemChanged.connect(self._on_current_changed)

    def populate(self, library: Library) -> None:
        selected = self.selected_meeting_id()
        self.blockSignals(True)
        self.clear()
        for committee in library.committees():
            self._add_committee(committee, library.meetings(committee.id))
        self.blockSignals(False)
        if selected:
            self.select_meeting(selected)

    def _add_committee(self, committee: Committee, meetings: list[MeetingSummary]) -> None:
        node = QTreeWidgetItem(self, [committee.name])
        font = node.font(0)
        font.setBold(True)
        node.setFont(0, font)
        node.setFlags(node.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        for meeting in meetings:
            node.addChild(self._meeting_item(meeting))
        node.setExpanded(any(m.state is MeetingState.UPCOMING for m in meetings))

    def _meeting_item(self, meeting: MeetingSummary) -> QTreeWidgetItem:
        when = format_when(meeting.start)
        state = {
            MeetingState.UPCOMING: self.tr("kallad"),
            MeetingState.HELD: self.tr("genomfört"),
            MeetingState.CANCELLED: self.tr("inställt"),
        }[meeting.state]
        item = QTreeWidgetItem([f"{when} · {state}"])
        item.setData(0, MEETING_ID_ROLE, meeting.id)
        item.setToolTip(0, f"{meeting.name}\n{meeting.location or ''}".strip())
        if meeting.state is not MeetingState.UPCOMING:
            item.setForeground(0, self.palette().color(QPalette.ColorRole.PlaceholderText))
        if meeting.state is MeetingState.CANCELLED:
            font = QFont(item.font(0))
            font.setStrikeOut(True)
            item.setFont(0, font)
        return item

    def selected_meeting_id(self) -> str | None:
        item = self.currentItem()
        value = item.data(0, MEETING_ID_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def select_meeting(self, meeting_id: str) -> bool:
        for committee in self._committee_nodes():
            for child_index in range(committee.childCount()):
                child = committee.child(child_index)
                if child is not None and child.data(0, MEETING_ID_ROLE) == meeting_id:
                    committee.setExpanded(True)
                    self.setCurrentItem(child)
                    return True
        return False

    def _committee_nodes(self) -> list[QTreeWidgetItem]:
        nodes = (self.topLevelItem(index) for index in range(self.topLevelItemCount()))
        return [node for node in nodes if node is not None]

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        meeting_id = current.data(0, MEETING_ID_ROLE) if current is not None else None
        if isinstance(meeting_id, str):
            self.meeting_selected.emit(meeting_id)
