"""Borttaget från datorn: what retention removed from this computer, when and why,
and what became of the user's writing on it.

One row per document (or item whose note went), under the run that removed it,
the latest run first and open. The user's writing kept on documents that are no
longer theirs is one button away (the dialog of removed documents), and so is
the folder the writing was exported to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meetingapp.core.context import AppContext
from meetingapp.core.retention.service import (
    LOG_DAYS,
    LoggedRemoval,
    RemovalReason,
    RemovedKind,
    WritingOutcome,
    parse_timestamp,
)

_ROLE_ENTRY = Qt.ItemDataRole.UserRole


def reason_text(entry: LoggedRemoval) -> str:
    """Why it was removed, in the user's words: "Servern nekar åtkomst (403)"."""
    detail = entry.detail or ""
    if entry.reason is RemovalReason.NON_PUBLIC_EXPIRED:
        return QCoreApplication.translate(
            "RetentionDialog", "Sekretessmarkerad handling, {0} dagar efter mötet"
        ).format(detail)
    if entry.reason is RemovalReason.EXPIRED:
        return QCoreApplication.translate(
            "RetentionDialog", "Mötet är äldre än {0} månader"
        ).format(detail)
    if entry.reason is RemovalReason.DENIED:
        return (
            QCoreApplication.translate("RetentionDialog", "Servern nekar åtkomst ({0})").format(
                detail
            )
            if detail
            else QCoreApplication.translate("RetentionDialog", "Servern nekar åtkomst")
        )
    if entry.reason is RemovalReason.MEMBERSHIP_ENDED:
        return QCoreApplication.translate(
            "RetentionDialog", "Ditt uppdrag i {0} har upphört"
        ).format(detail)
    return (
        QCoreApplication.translate("RetentionDialog", "Borttagen på servern ({0})").format(detail)
        if detail
        else QCoreApplication.translate("RetentionDialog", "Borttagen på servern")
    )


def writing_text(entry: LoggedRemoval) -> str:
    """What became of the user's writing on it."""
    if entry.writing is WritingOutcome.KEPT:
        return QCoreApplication.translate("RetentionDialog", "Sparat i programmet")
    if entry.writing is WritingOutcome.EXPORTED and entry.export_path is not None:
        return QCoreApplication.translate("RetentionDialog", "Exporterat till {0}").format(
            entry.export_path.name
        )
    if entry.writing is WritingOutcome.EXPORT_FAILED:
        return QCoreApplication.translate(
            "RetentionDialog", "Kunde inte exporteras – sparat i programmet"
        )
    return "–"


def _name_text(entry: LoggedRemoval) -> str:
    name = entry.name or "–"
    if entry.kind is RemovedKind.FILE:
        return name
    kinds = {
        RemovedKind.MEETING: QCoreApplication.translate("RetentionDialog", "Sammanträde"),
        RemovedKind.AGENDA_ITEM: QCoreApplication.translate("RetentionDialog", "Ärende"),
        RemovedKind.PAPER: QCoreApplication.translate("RetentionDialog", "Ärende (alla nämnder)"),
    }
    return f"{kinds[entry.kind]}: {name}"


def _meeting_text(entry: LoggedRemoval) -> str:
    name = entry.meeting_name or ""
    start = parse_timestamp(entry.meeting_start)
    if start is None:
        return name or "–"
    day = start.date().isoformat()
    return name if day in name else f"{name} ({day})".strip()


def _moment_text(run_at: str) -> str:
    moment = parse_timestamp(run_at)
    if moment is None:
        return run_at
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return QLocale().toString(local, QLocale.FormatType.LongFormat)


def take_unnoticed_removals(context: AppContext) -> int:
    """After a sync: how many documents retention removed since the user was last
    told (they count as told from now on)."""
    removed = context.retention.unnoticed_removals()
    if removed:
        context.retention.mark_removals_noticed()
    return len(removed)


class RetentionDialog(QDialog):
    """Lists what retention removed, run by run."""

    show_removed_requested = Signal()
    """The user wants the writing kept on removed documents."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.open_folder: Callable[[Path], object] = _open_folder
        self.setWindowTitle(self.tr("Borttaget från datorn"))
        self.resize(860, 460)
        self.explanation = QLabel(
            self.tr(
                "Det här har tagits bort från datorn: gamla handlingar enligt "
                "gallringsinställningarna, och handlingar du inte längre har rätt till. "
                "Det som finns kvar i dokumentsystemet hämtas igen när du öppnar det."
            )
        )
        self.explanation.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [
                self.tr("Handling"),
                self.tr("Sammanträde"),
                self.tr("Varför"),
                self.tr("Det du skrivit"),
            ]
        )
        self.tree.setAccessibleName(self.tr("Borttaget från datorn och varför"))
        self.tree.setRootIsDecorated(True)
        self.removed_button = QPushButton(self.tr("&Anteckningar på borttagna handlingar…"))
        self.removed_button.clicked.connect(self._show_removed)
        self.folder_button = QPushButton(self.tr("Öppna &exportmappen"))
        self.folder_button.clicked.connect(self._open_export_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.removed_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        entries = self.context.retention.removal_log()
        for index, (run_at, run) in enumerate(groupby(entries, key=lambda e: e.run_at)):
            self._add_run(run_at, list(run), expanded=index == 0)
        if not entries:
            nothing = self.tr("Inget har tagits bort från datorn de senaste {0} dagarna.")
            QTreeWidgetItem(self.tree, [nothing.format(LOG_DAYS)])
        for column in range(self.tree.columnCount() - 1):
            self.tree.resizeColumnToContents(column)
        self.folder_button.setEnabled(self.export_folder() is not None)
        self.removed_button.setEnabled(self.context.retention.has_removed_writing())

    def _add_run(self, run_at: str, run: Sequence[LoggedRemoval], *, expanded: bool) -> None:
        title = self.tr("{0} – %n borttagna", "", len(run)).format(_moment_text(run_at))
        node = QTreeWidgetItem(self.tree, [title])
        node.setFirstColumnSpanned(True)
        for entry in run:
            row = QTreeWidgetItem(
                node,
                [_name_text(entry), _meeting_text(entry), reason_text(entry), writing_text(entry)],
            )
            row.setData(0, _ROLE_ENTRY, entry)
            if entry.export_path is not None:
                row.setToolTip(3, str(entry.export_path))
        node.setExpanded(expanded)

    def entries(self) -> list[LoggedRemoval]:
        """The entries listed, in the order shown."""
        found = []
        for index in range(self.tree.topLevelItemCount()):
            run = self.tree.topLevelItem(index)
            if run is None:
                continue
            for number in range(run.childCount()):
                child = run.child(number)
                value = child.data(0, _ROLE_ENTRY) if child is not None else None
                if isinstance(value, LoggedRemoval):
                    found.append(value)
        return found

    def export_folder(self) -> Path | None:
        """The folder of the latest export listed, if it still exists."""
        for entry in self.entries():
            if entry.export_path is not None and entry.export_path.parent.is_dir():
                return entry.export_path.parent
        return None

    def _show_removed(self) -> None:
        self.show_removed_requested.emit()

    def _open_export_folder(self) -> None:
        folder = self.export_folder()
        if folder is not None:
            self.open_folder(folder)


def _open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
