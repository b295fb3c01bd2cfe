"""The user's own notes beside the reader: the meeting's, the agenda item's and the
paper's (which follows the ärende, by its diarienummer, to every meeting that treats it).

Notes are written with formatting and kept as Markdown. There is no save button: a
save is queued shortly after typing stops, and at once when the context changes, the
editor loses focus or the window closes (``flush``). The writes themselves are not
done here: the window injects ``save_note`` and ``set_flag``, which queue ordered
durable writes off the GUI thread, so this panel never waits for the disk.

Because a write may still be on its way when the window reads the notes for the next
context, the panel remembers what it wrote itself and prefers that over what the
window passes in: it is the only writer of notes, so its own last write is never older
than the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QFont,
    QKeySequence,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextList,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from meetingapp.core.packet.library import AgendaEntry, MeetingSummary
from meetingapp.store.notes import Note, NoteKind

AUTOSAVE_DELAY_MS = 400
"""How long typing must pause before the note is saved."""
HEADING_LEVEL = 2
"""The level of the toolbar's heading ("## " in Markdown)."""

SaveNote = Callable[[str, NoteKind, str], None]
SetFlag = Callable[[str, bool], None]

TAB_MEETING, TAB_ITEM, TAB_PAPER = range(3)


@dataclass(frozen=True, slots=True)
class NoteTarget:
    """What a note is written about."""

    object_id: str
    kind: NoteKind


class NoteEditor(QTextEdit):
    """One note's editor; it knows what it is about and the Markdown saved last."""

    left = Signal()
    """The keyboard focus went elsewhere."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: NoteTarget | None = None
        self.saved = ""
        # Pasted text arrives plain: formatting Markdown cannot hold (fonts, colours,
        # images) would otherwise be shown and then silently lost on save.
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)

    def load(self, target: NoteTarget | None, markdown: str) -> None:
        """Show ``markdown`` as the note about ``target``; nothing counts as changed."""
        self.blockSignals(True)
        self.setMarkdown(markdown)
        self.blockSignals(False)
        self.target = target
        self.saved = self.markdown()
        self.moveCursor(QTextCursor.MoveOperation.End)

    def markdown(self) -> str:
        """The note as Markdown; an empty string when there is nothing but space."""
        text = self.toMarkdown()
        return text if text.strip() else ""

    def pending(self) -> bool:
        """Whether the text differs from what was saved last."""
        return self.target is not None and self.markdown() != self.saved

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.left.emit()


class NotesPanel(QWidget):
    """Editors for the notes of the meeting, the agenda item and its paper, and the star."""

    flag_changed = Signal(str, bool)  # agenda item id, flagged
    note_saved = Signal(str)  # object id of a note whose save was queued

    def __init__(
        self, save_note: SaveNote, set_flag: SetFlag, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._save_note = save_note
        self._set_flag = set_flag
        self._item: AgendaEntry | None = None
        self._committee: str | None = None
        self._written: dict[str, str] = {}
        self._flags_written: dict[str, bool] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.star = self._build_star()
        self.editors = {tab: NoteEditor() for tab in (TAB_MEETING, TAB_ITEM, TAB_PAPER)}
        self.tabs = self._build_tabs()
        self.actions_by_name = self._build_actions()
        self.toolbar = self._build_toolbar()
        self.yrkande_button = QToolButton()
        self.yrkande_button.setDefaultAction(self.actions_by_name["yrkande"])
        self.yrkande_button.setAccessibleName(self.actions_by_name["yrkande"].text())
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Sparstatus"))
        self._build_layout()
        self.clear()

    # Building ------------------------------------------------------------------------

    def _build_star(self) -> QPushButton:
        star = QPushButton()
        star.setCheckable(True)
        star.setAccessibleName(self.tr("Stjärnmärk ärendet"))
        star.setToolTip(
            self.tr("Stjärnmärkta ärenden syns i föredragningslistan och i Mina anteckningar.")
        )
        star.toggled.connect(self._on_star_toggled)
        return star

    def _build_tabs(self) -> QTabWidget:
        tabs = QTabWidget()
        tabs.setAccessibleName(self.tr("Anteckningar"))
        tabs.setDocumentMode(True)
        tabs.setUsesScrollButtons(True)
        tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        labels = {
            TAB_MEETING: self.tr("Mötet"),
            TAB_ITEM: self.tr("Ärendet"),
            TAB_PAPER: self.tr("Ärendet i alla nämnder"),
        }
        for tab, editor in self.editors.items():
            tabs.addTab(editor, labels[tab])
            editor.textChanged.connect(self._on_text_changed)
            editor.left.connect(self.flush)
            editor.currentCharFormatChanged.connect(lambda _format: self._update_actions())
            editor.cursorPositionChanged.connect(self._update_actions)
        tabs.setTabToolTip(TAB_MEETING, self.tr("Dina anteckningar om sammanträdet som helhet."))
        names = {
            TAB_MEETING: self.tr("Anteckning om sammanträdet"),
            TAB_ITEM: self.tr("Anteckning om ärendet"),
            TAB_PAPER: self.tr("Anteckning om ärendet i alla nämnder"),
        }
        for tab, name in names.items():
            self.editors[tab].setAccessibleName(name)
        tabs.currentChanged.connect(self._on_tab_changed)
        return tabs

    def _build_actions(self) -> dict[str, QAction]:
        specs: list[tuple[str, str, str, Callable[[], None], bool]] = [
            ("bold", self.tr("Fet"), "Ctrl+B", self._toggle_bold, True),
            ("italic", self.tr("Kursiv"), "Ctrl+I", self._toggle_italic, True),
            ("bullets", self.tr("Punktlista"), "Ctrl+Shift+L",
             lambda: self._toggle_list(QTextListFormat.Style.ListDisc), True),
            ("numbers", self.tr("Numrerad lista"), "Ctrl+Shift+O",
             lambda: self._toggle_list(QTextListFormat.Style.ListDecimal), True),
            ("heading", self.tr("Rubrik"), "Ctrl+Shift+H", self._toggle_heading, True),
            ("yrkande", self.tr("Infoga yrkande"), "Ctrl+Shift+Y", self.insert_yrkande, False),
        ]  # fmt: skip
        actions: dict[str, QAction] = {}
        for name, text, shortcut, slot, checkable in specs:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setCheckable(checkable)
            native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({native})")
            action.triggered.connect(slot)
            self.addAction(action)  # the shortcut works wherever the focus is in the panel
            actions[name] = action
        yrkande = actions["yrkande"]
        yrkande.setToolTip(
            self.tr(
                "Infogar ett utkast till yrkande där markören står: »Jag yrkar att nämnden "
                "beslutar att …«. Skriv dina att-satser och läs upp yrkandet eller lämna "
                "in det på sammanträdet. ({0})"
            ).format(yrkande.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        )
        return actions

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        toolbar.setAccessibleName(self.tr("Formatering av anteckningen"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("bold", "italic", "bullets", "numbers", "heading"):
            toolbar.addAction(self.actions_by_name[name])
        bold_font = QFont(toolbar.font())
        bold_font.setBold(True)
        self.actions_by_name["bold"].setFont(bold_font)
        italic_font = QFont(toolbar.font())
        italic_font.setItalic(True)
        self.actions_by_name["italic"].setFont(italic_font)
        return toolbar

    def _build_layout(self) -> None:
        header = QHBoxLayout()
        header.setContentsMargins(6, 6, 6, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.star)
        footer = QHBoxLayout()
        footer.setContentsMargins(6, 0, 6, 4)
        footer.addWidget(self.yrkande_button)
        footer.addStretch(1)
        footer.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)

    # Context -------------------------------------------------------------------------

    def show_context(
        self,
        meeting: MeetingSummary,
        item: AgendaEntry | None,
        notes: dict[str, Note],
        flagged: bool,
        committee: str | None = None,
    ) -> None:
        """Show the notes of ``meeting``, of ``item`` (None: the meeting's only) and of
        its paper; ``notes`` by object id, ``committee`` the nämnd's name for the
        yrkande. Edits of the context shown before are saved first; a note already
        on screen keeps its text (it is never older than ``notes``)."""
        saved = self.flush()
        new_item = item is None or self._item is None or item.id != self._item.id
        self._item, self._committee = item, committee
        targets: dict[int, NoteTarget | None] = {
            TAB_MEETING: NoteTarget(meeting.id, NoteKind.MEETING),
            TAB_ITEM: None if item is None else NoteTarget(item.id, NoteKind.AGENDA_ITEM),
            TAB_PAPER: None
            if item is None or item.paper is None
            else NoteTarget(item.paper.id, NoteKind.PAPER),
        }
        for tab, target in targets.items():
            self._load(tab, target, notes)
            self.tabs.setTabVisible(tab, target is not None)
            self.editors[tab].setEnabled(target is not None)
        self._label_tabs(meeting, item)
        self._show_flag(item, flagged)
        self._enable_editing(True)
        if new_item:
            self.tabs.setCurrentIndex(TAB_MEETING if item is None else TAB_ITEM)
        if not saved:  # else "Sparat 14:32" stays: what was just written is safe
            self._show_status(self.tr("Sparas automatiskt"))

    def clear(self) -> None:
        """No meeting: nothing to write about (what was written is saved first)."""
        self.flush()
        self._item = None
        for tab in self.editors:
            self._load(tab, None, {})
            self.editors[tab].setEnabled(False)
            self.tabs.setTabVisible(tab, tab == TAB_MEETING)
        self.title.setText(self.tr("Inget sammanträde valt."))
        self._show_flag(None, False)
        self._enable_editing(False)
        self._show_status("")

    def _enable_editing(self, enabled: bool) -> None:
        """The toolbar, the yrkande button and the shortcuts act only on a note."""
        for action in self.actions_by_name.values():
            action.setEnabled(enabled)

    def _load(self, tab: int, target: NoteTarget | None, notes: dict[str, Note]) -> None:
        editor = self.editors[tab]
        if target is not None and editor.target == target:
            return
        body = ""
        if target is not None:
            note = notes.get(target.object_id)
            body = self._written.get(target.object_id, note.body if note else "")
        editor.load(target, body)

    def _label_tabs(self, meeting: MeetingSummary, item: AgendaEntry | None) -> None:
        self.editors[TAB_MEETING].setAccessibleName(
            self.tr("Anteckning om sammanträdet {0}").format(meeting.name)
        )
        self.editors[TAB_MEETING].setPlaceholderText(
            self.tr("Skriv dina anteckningar om sammanträdet här. De sparas automatiskt.")
        )
        if item is None:
            self.title.setText(meeting.name)
            return
        heading = self._item_heading(item)
        self.title.setText(heading)
        self.tabs.setTabText(
            TAB_ITEM,
            self.tr("Ärende {0}").format(item.number) if item.number else self.tr("Ärendet"),
        )
        self.tabs.setTabToolTip(TAB_ITEM, self.tr("Dina anteckningar om {0}").format(heading))
        item_editor = self.editors[TAB_ITEM]
        item_editor.setAccessibleName(self.tr("Anteckning om {0}").format(heading))
        item_editor.setPlaceholderText(
            self.tr(
                "Skriv dina anteckningar om ärendet här. De sparas automatiskt och "
                "stannar på den här datorn."
            )
        )
        if item.paper is not None:
            reference = item.paper.reference or item.paper.name
            self.tabs.setTabToolTip(
                TAB_PAPER,
                self.tr(
                    "Anteckningen följer ärendet ({0}) till varje sammanträde och nämnd "
                    "som behandlar det."
                ).format(reference),
            )
            self.editors[TAB_PAPER].setAccessibleName(
                self.tr("Anteckning om ärendet {0} i alla nämnder").format(reference)
            )
            self.editors[TAB_PAPER].setPlaceholderText(
                self.tr("Det du skriver här visas varje gång ärendet {0} är uppe.").format(
                    reference
                )
            )

    def _item_heading(self, item: AgendaEntry) -> str:
        """E.g. "Ärende 5: Budget 2027" (the title alone when the item has no number)."""
        if item.number:
            return self.tr("Ärende {0}: {1}").format(item.number, item.name)
        return item.name

    # Saving --------------------------------------------------------------------------

    def flush(self) -> bool:
        """Queue the save of every note changed since its last save, now; whether any was."""
        self._timer.stop()
        saved = False
        for editor in self.editors.values():
            target = editor.target
            if target is None or not editor.pending():
                continue
            markdown = editor.markdown()
            self._save_note(target.object_id, target.kind, markdown)
            editor.saved = markdown
            self._written[target.object_id] = markdown
            self.note_saved.emit(target.object_id)
            saved = True
        if saved:
            now = QTime.currentTime().toString("HH:mm")
            self._show_status(self.tr("Sparat {0}").format(now))
        return saved

    def has_unsaved_changes(self) -> bool:
        return any(editor.pending() for editor in self.editors.values())

    def _on_text_changed(self) -> None:
        if self.has_unsaved_changes():
            self._show_status(self.tr("Sparar…"))
            self._timer.start()

    def _on_tab_changed(self, _index: int) -> None:
        self.flush()
        self._update_actions()

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)

    # The star ------------------------------------------------------------------------

    def _show_flag(self, item: AgendaEntry | None, flagged: bool) -> None:
        if item is not None:
            flagged = self._flags_written.get(item.id, flagged)
        self.star.blockSignals(True)
        self.star.setChecked(item is not None and flagged)
        self.star.blockSignals(False)
        self.star.setEnabled(item is not None)
        self._label_star()

    def _label_star(self) -> None:
        if self.star.isChecked():
            self.star.setText(self.tr("★ Stjärnmärkt"))
        else:
            self.star.setText(self.tr("☆ Stjärnmärk ärendet"))

    def _on_star_toggled(self, flagged: bool) -> None:
        self._label_star()
        if self._item is None:
            return
        self._set_flag(self._item.id, flagged)
        self._flags_written[self._item.id] = flagged
        self.flag_changed.emit(self._item.id, flagged)

    # Editing -------------------------------------------------------------------------

    def current_editor(self) -> NoteEditor:
        return self.editors[self.tabs.currentIndex()]

    def show_note(self, object_id: str) -> bool:
        """Bring the tab of the note about ``object_id`` forward, if it is shown."""
        for tab, editor in self.editors.items():
            if editor.target is not None and editor.target.object_id == object_id:
                self.tabs.setCurrentIndex(tab)
                return True
        return False

    def focus_editor(self) -> None:
        """Put the keyboard focus in the note on show (the item's by default)."""
        self.current_editor().setFocus(Qt.FocusReason.OtherFocusReason)

    def _toggle_bold(self) -> None:
        bold = self.actions_by_name["bold"].isChecked()
        character = QTextCharFormat()
        character.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.current_editor().mergeCurrentCharFormat(character)

    def _toggle_italic(self) -> None:
        character = QTextCharFormat()
        character.setFontItalic(self.actions_by_name["italic"].isChecked())
        self.current_editor().mergeCurrentCharFormat(character)

    def _toggle_list(self, style: QTextListFormat.Style) -> None:
        """Make the paragraphs at the cursor a list of ``style``, or plain again."""
        editor = self.current_editor()
        cursor = editor.textCursor()
        current = _current_list(cursor)
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            for block in _selected_blocks(cursor):
                current.remove(block)
            plain = QTextBlockFormat()
            plain.setIndent(0)
            cursor.mergeBlockFormat(plain)
        elif current is not None:
            changed = current.format()
            changed.setStyle(style)
            current.setFormat(changed)
        else:
            list_format = QTextListFormat()
            list_format.setStyle(style)
            cursor.createList(list_format)
        cursor.endEditBlock()
        self._update_actions()

    def _toggle_heading(self) -> None:
        """Make the paragraphs at the cursor a heading, or plain text again."""
        editor = self.current_editor()
        cursor = editor.textCursor()
        level = 0 if cursor.blockFormat().headingLevel() else HEADING_LEVEL
        block_format = QTextBlockFormat()
        block_format.setHeadingLevel(level)
        character = QTextCharFormat()
        character.setFontWeight(QFont.Weight.Bold if level else QFont.Weight.Normal)
        # As Qt's Markdown reader shows headings: larger the higher the level.
        character.setProperty(QTextFormat.Property.FontSizeAdjustment, 4 - level if level else 0)
        cursor.beginEditBlock()
        cursor.mergeBlockFormat(block_format)
        for block in _selected_blocks(cursor):
            whole = QTextCursor(block)
            whole.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            whole.mergeCharFormat(character)
        cursor.endEditBlock()
        editor.mergeCurrentCharFormat(character)
        self._update_actions()

    def _update_actions(self) -> None:
        editor = self.current_editor()
        cursor = editor.textCursor()
        character = editor.currentCharFormat()
        heading = cursor.blockFormat().headingLevel() > 0
        text_list = _current_list(cursor)
        style = text_list.format().style() if text_list is not None else None
        checked = {
            "bold": character.fontWeight() >= QFont.Weight.DemiBold and not heading,
            "italic": character.fontItalic(),
            "bullets": style == QTextListFormat.Style.ListDisc,
            "numbers": style == QTextListFormat.Style.ListDecimal,
            "heading": heading,
        }
        for name, state in checked.items():
            self.actions_by_name[name].setChecked(state)

    def insert_yrkande(self) -> None:
        """Insert a yrkande draft at the cursor and select its first "…" to type over."""
        editor = self.current_editor()
        if editor.target is None:
            return
        cursor = editor.textCursor()
        plain = QTextCharFormat()
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        cursor.beginEditBlock()
        if cursor.block().length() > 1 or _current_list(cursor) is not None:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertBlock(QTextBlockFormat(), plain)
        else:
            cursor.setBlockFormat(QTextBlockFormat())
        cursor.insertText(self._yrkande_heading(), bold)
        cursor.insertBlock(QTextBlockFormat(), plain)
        cursor.insertText(
            self.tr("Jag yrkar att {0} beslutar").format(
                committee_in_sentence(self._committee) or self.tr("nämnden")
            ),
            plain,
        )
        first_blank = 0
        for index in range(2):
            cursor.insertBlock(QTextBlockFormat(), plain)
            cursor.insertText(self.tr("att "), plain)
            if index == 0:
                first_blank = cursor.position()
            cursor.insertText("…", plain)
        cursor.endEditBlock()
        cursor.setPosition(first_blank)
        cursor.setPosition(first_blank + 1, QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _yrkande_heading(self) -> str:
        item = self._item
        if item is None:
            return self.tr("Yrkande")
        if item.number:
            return self.tr("Yrkande i ärende {0}: {1}").format(item.number, item.name)
        return self.tr("Yrkande: {0}").format(item.name)


def _current_list(cursor: QTextCursor) -> QTextList | None:
    """The list at the cursor; None outside a list (which the type stubs do not say)."""
    text_list: QTextList | None = cursor.currentList()
    return text_list


def _selected_blocks(cursor: QTextCursor) -> list[QTextBlock]:
    """The paragraphs the cursor's selection touches (the cursor's one without one)."""
    document = cursor.document()
    block = document.findBlock(cursor.selectionStart())
    last = document.findBlock(cursor.selectionEnd())
    blocks = [block]
    while block != last and block.isValid():
        block = block.next()
        blocks.append(block)
    return blocks


def committee_in_sentence(name: str | None) -> str | None:
    """A committee's name as it stands inside a sentence: "Kommunstyrelsen" becomes
    "kommunstyrelsen", while an abbreviation ("KS arbetsutskott") is kept."""
    if not name:
        return None
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name
