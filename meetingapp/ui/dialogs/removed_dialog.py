"""What the user wrote on documents, meetings and items the server has removed,
or that are no longer the user's (refused by the server, a membership ended).

Nothing the user wrote is dropped when the document system removes what it was
written on: it is listed here, with the document's last version to look at while
it is still on this machine, until the user lets it go. Once retention has
removed the document's content (after the next sync) the list says so, and the
annotations are shown as text: the page, the marked passage and the comment.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meetingapp.core.context import AppContext
from meetingapp.core.retention.service import RemovedKind, RemovedObject
from meetingapp.ui.writing.overview_panel import kind_name, mark_excerpt

_ROLE_OBJECT = Qt.ItemDataRole.UserRole
_NOTE_CHARS = 120


class RemovedDialog(QDialog):
    """Lists the removed objects with the user's writing on them."""

    view_requested = Signal(object)  # the Document of a removed file, to look at

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.confirm: Callable[[str], bool] = self._ask
        self.setWindowTitle(self.tr("Anteckningar på borttagna handlingar"))
        self.resize(640, 420)
        self.explanation = QLabel(
            self.tr(
                "Dokumentsystemet har tagit bort de här handlingarna, sammanträdena eller "
                "ärendena, eller så har du inte längre rätt till dem. Det du skrev om dem "
                "finns kvar här tills du tar bort det."
            )
        )
        self.explanation.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Borttagna handlingar och dina anteckningar"))
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.view_button = QPushButton(self.tr("Visa senaste versionen"))
        self.view_button.clicked.connect(self._view)
        self.forget_button = QPushButton(self.tr("Ta bort mina anteckningar"))
        self.forget_button.clicked.connect(self._forget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.view_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        for removed in self.context.retention.removed_writing():
            node = QTreeWidgetItem(self.tree, [self._title(removed)])
            node.setData(0, _ROLE_OBJECT, removed)
            for line in self._writing(removed):
                QTreeWidgetItem(node, [line])
            node.setExpanded(True)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        else:
            nothing = self.tr("Inget av det du skrivit hör till något borttaget.")
            QTreeWidgetItem(self.tree, [nothing])
        self._update_buttons()

    def _title(self, removed: RemovedObject) -> str:
        kind = {
            RemovedKind.FILE: self.tr("Handling"),
            RemovedKind.MEETING: self.tr("Sammanträde"),
            RemovedKind.AGENDA_ITEM: self.tr("Ärende"),
            RemovedKind.PAPER: self.tr("Ärende (alla nämnder)"),
        }[removed.kind]
        day = removed.removed_at[:10]
        return self.tr("{0}: {1} (borttagen {2})").format(kind, removed.name or "–", day)

    def _writing(self, removed: RemovedObject) -> list[str]:
        if removed.kind is RemovedKind.FILE:
            marks = [
                " · ".join(
                    part
                    for part in (
                        kind_name(mark.kind),
                        self.tr("s. {0}").format(mark.page + 1),
                        mark_excerpt(mark),
                    )
                    if part
                )
                for mark in self.context.retention.annotations_on(removed)
            ]
            if self.context.retention.last_version(removed) is None:
                marks.append(self.tr("Handlingen finns inte längre på datorn."))
            return marks
        note = self.context.retention.note_on(removed)
        if note is None:
            return []
        text = " ".join(note.body.split())
        short = text if len(text) <= _NOTE_CHARS else text[: _NOTE_CHARS - 1] + "…"
        return [self.tr("Anteckning: {0}").format(short)]

    def selected(self) -> RemovedObject | None:
        row = self.tree.currentItem()
        while row is not None and row.parent() is not None:
            row = row.parent()
        value = row.data(0, _ROLE_OBJECT) if row is not None else None
        return value if isinstance(value, RemovedObject) else None

    def _update_buttons(self) -> None:
        removed = self.selected()
        self.forget_button.setEnabled(removed is not None)
        self.view_button.setEnabled(
            removed is not None
            and removed.kind is RemovedKind.FILE
            and self.context.retention.last_version(removed) is not None
        )

    def _view(self) -> None:
        removed = self.selected()
        document = None if removed is None else self.context.retention.last_version(removed)
        if document is not None:
            self.view_requested.emit(document)
            self.accept()

    def _forget(self) -> None:
        removed = self.selected()
        if removed is None:
            return
        question = self.tr("Ta bort det du skrivit om ”{0}”? Det går inte att ångra.").format(
            removed.name
        )
        if not self.confirm(question):
            return
        self.context.retention.forget(removed)
        self.reload()

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.windowTitle(), question)
        return answer == QMessageBox.StandardButton.Yes
