"""Find in document: the query, next/previous, and how many hits there are."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from meetingapp.ui.reader.pdf_view import FindState

TYPING_PAUSE_MS = 250


class FindBar(QWidget):
    """Searches as the user types (after a short pause); Enter / Shift+Enter step."""

    query_changed = Signal(str)
    step = Signal(int)  # +1 next, -1 previous
    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("Sök i dokumentet"))
        self.field.setAccessibleName(self.tr("Sök i dokumentet"))
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Antal träffar"))
        self.previous_button = self._button("◀", self.tr("Föregående träff (Skift+Retur)"))
        self.next_button = self._button("▶", self.tr("Nästa träff (Retur)"))
        self.close_button = self._button("✕", self.tr("Stäng sökningen (Esc)"))
        self.previous_button.clicked.connect(lambda: self.step.emit(-1))
        self.next_button.clicked.connect(lambda: self.step.emit(+1))
        self.close_button.clicked.connect(self.close_bar)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(lambda: self.query_changed.emit(self.field.text()))
        self.field.textEdited.connect(lambda _text: self._pause.start())
        self.field.returnPressed.connect(self._on_return)
        self.field.installEventFilter(self)
        for sequence in (QKeySequence.StandardKey.FindNext, QKeySequence.StandardKey.FindPrevious):
            shortcut = QShortcut(
                sequence, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            direction = 1 if sequence == QKeySequence.StandardKey.FindNext else -1
            shortcut.activated.connect(lambda direction=direction: self.step.emit(direction))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for widget in (self.field, self.count, self.previous_button, self.next_button):
            layout.addWidget(widget)
        layout.addWidget(self.close_button)
        self.setAccessibleName(self.tr("Sök"))
        self.show_state(FindState())

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def _on_return(self) -> None:
        """Enter searches at once if the query is new, otherwise goes to the next hit."""
        if self._pause.isActive():
            self._pause.stop()
            self.query_changed.emit(self.field.text())
            return
        self.query_changed.emit(self.field.text())
        self.step.emit(+1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Shift+Enter in the field steps back; QLineEdit would take it as Enter."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):
                self.step.emit(-1)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)

    def show_state(self, state: FindState) -> None:
        if not state.query:
            text = ""
        elif state.running:
            text = self.tr("Söker…")
        elif state.failed:
            text = self.tr("Sökningen misslyckades")
        elif not state.hits:
            text = self.tr("Inga träffar")
        else:
            text = self.tr("{0} av {1}").format(state.current + 1, len(state.hits))
        self.count.setText(text)
        self.previous_button.setEnabled(len(state.hits) > 1)
        self.next_button.setEnabled(len(state.hits) > 1)
