"""What a new version did to the user's annotations: what moved, what needs review.

When the secretary replaces a document, the user's annotations are carried to
the new version. Those that moved are listed so the user can look; those that
could not be placed with confidence stay on the old version and are listed under
"Behöver granskas", with their text, a way to see them on the old version, and a
way to put them on text selected in the new one. Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetingapp.store.annotations import AnchorState, Annotation, Kind

_EXCERPT = 80
_ROLE_UID = Qt.ItemDataRole.UserRole


class ReviewBar(QFrame):
    """A bar above the pages, shown only when a new version moved or left annotations."""

    go_to_requested = Signal(str)  # uid of a moved annotation
    old_version_requested = Signal(str)  # uid of an annotation to review
    place_requested = Signal(str)  # uid: put it on the selected text
    remove_requested = Signal(str)
    accepted = Signal(str)  # uid: the user has seen where it moved

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Anteckningar efter ny version"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.toggle = QPushButton(self.tr("Visa"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show_list)
        self.toggle.setAccessibleName(self.tr("Visa anteckningarna som påverkats"))
        self.list = QListWidget()
        self.list.setAccessibleName(
            self.tr("Flyttade anteckningar och sådana som behöver granskas")
        )
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemActivated.connect(lambda _item: self._go())
        self.go_button = QPushButton(self.tr("Visa"))
        self.go_button.clicked.connect(self._go)
        self.place_button = QPushButton(self.tr("Placera på markerad text"))
        self.place_button.setToolTip(
            self.tr("Markera texten i den nya versionen där anteckningen hör hemma")
        )
        self.place_button.clicked.connect(lambda: self._emit(self.place_requested))
        self.accept_button = QPushButton(self.tr("Godkänn"))
        self.accept_button.setToolTip(self.tr("Anteckningen sitter rätt; ta bort den ur listan"))
        self.accept_button.clicked.connect(lambda: self._emit(self.accepted))
        self.remove_button = QPushButton(self.tr("Ta bort"))
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        self._buttons = QWidget()
        self._build_layout()
        self._states: dict[str, AnchorState] = {}
        self.list.hide()
        self._buttons.hide()
        self.hide()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.toggle)
        buttons = QHBoxLayout(self._buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.go_button, self.place_button, self.accept_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(self._buttons)

    def show_state(self, to_review: Sequence[Annotation], moved: Sequence[Annotation]) -> None:
        current = self.selected_uid()
        self.list.clear()
        self._states = {}
        for annotation in [*to_review, *moved]:
            item = QListWidgetItem(self._describe(annotation))
            item.setData(_ROLE_UID, annotation.uid)
            self.list.addItem(item)
            self._states[annotation.uid] = annotation.state
            if annotation.uid == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.summary.setText(self._summary(len(to_review), len(moved)))
        self.setVisible(bool(to_review or moved))
        self._update_buttons()

    def _summary(self, review: int, moved: int) -> str:
        parts = []
        if review:
            parts.append(
                self.tr("%n anteckning(ar) behöver granskas efter den nya versionen", "", review)
            )
        if moved:
            parts.append(self.tr("%n anteckning(ar) flyttades till ny plats", "", moved))
        return " · ".join(parts)

    def _describe(self, annotation: Annotation) -> str:
        text = annotation.quote.exact if annotation.kind is not Kind.TEXTBOX else ""
        words = text or annotation.comment
        excerpt = words if len(words) <= _EXCERPT else words[: _EXCERPT - 1] + "…"
        if annotation.state is AnchorState.REVIEW:
            where = self.tr("Behöver granskas, s. {0} i den tidigare versionen").format(
                annotation.page + 1
            )
        elif annotation.previous_page is not None and annotation.previous_page != annotation.page:
            where = self.tr("Flyttad från s. {0} till s. {1}").format(
                annotation.previous_page + 1, annotation.page + 1
            )
        else:
            where = self.tr("Flyttad på s. {0}").format(annotation.page + 1)
        return f"{where}: ”{excerpt}”"

    def selected_uid(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(_ROLE_UID))

    def _show_list(self, shown: bool) -> None:
        self.list.setVisible(shown)
        self._buttons.setVisible(shown)
        self.toggle.setText(self.tr("Dölj") if shown else self.tr("Visa"))

    def _update_buttons(self) -> None:
        uid = self.selected_uid()
        review = uid is not None and self._states.get(uid) is AnchorState.REVIEW
        self.go_button.setText(self.tr("Visa i tidigare versionen") if review else self.tr("Visa"))
        self.place_button.setVisible(review)
        self.accept_button.setVisible(uid is not None and not review)
        for button in (self.go_button, self.remove_button):
            button.setEnabled(uid is not None)

    def _go(self) -> None:
        uid = self.selected_uid()
        if uid is None:
            return
        if self._states.get(uid) is AnchorState.REVIEW:
            self.old_version_requested.emit(uid)
        else:
            self.go_to_requested.emit(uid)

    def _emit(self, signal: SignalInstance) -> None:
        uid = self.selected_uid()
        if uid is not None:
            signal.emit(uid)
