"""The notes beside the reader, driven through the real widgets (pytest-qt) against a
copy of the synced demo store: autosave, formatting as Markdown, the star, the yrkande."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import AgendaEntry, MeetingSummary
from meetingapp.store.notes import NoteKind, flagged_of, get_note, notes_of, save_note, set_flag
from meetingapp.ui.shell.application import application
from meetingapp.ui.writing.notes_panel import (
    AUTOSAVE_DELAY_MS,
    TAB_ITEM,
    TAB_MEETING,
    TAB_PAPER,
    NoteEditor,
    NotesPanel,
    committee_in_sentence,
)


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; QTest's keyClicks only knows ASCII characters."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)


@dataclass
class Writer:
    """Stands in for the window's queued writer: writes at once, and counts."""

    context: AppContext
    notes: list[tuple[str, NoteKind, str]] = field(default_factory=list)
    flags: list[tuple[str, bool]] = field(default_factory=list)

    def save_note(self, object_id: str, kind: NoteKind, body: str) -> None:
        self.notes.append((object_id, kind, body))
        with self.context.store.db.write() as db:
            save_note(db, object_id, kind, body)

    def set_flag(self, object_id: str, flagged: bool) -> None:
        self.flags.append((object_id, flagged))
        with self.context.store.db.write() as db:
            set_flag(db, object_id, flagged)

    def stored(self, object_id: str) -> str | None:
        note = get_note(self.context.store.db.read(), object_id)
        return None if note is None else note.body


@dataclass
class Packet:
    meeting: MeetingSummary
    agenda: list[AgendaEntry]

    def item(self, number: str) -> AgendaEntry:
        return next(entry for entry in self.agenda if entry.number == number)

    def with_paper(self, index: int = 0) -> AgendaEntry:
        return [entry for entry in self.agenda if entry.paper is not None][index]

    def without_paper(self) -> AgendaEntry:
        return next(entry for entry in self.agenda if entry.paper is None)


@pytest.fixture
def writer(synced_context: AppContext) -> Writer:
    return Writer(synced_context)


@pytest.fixture
def packet(synced_context: AppContext) -> Packet:
    library = synced_context.library
    meeting = next(m for m in library.meetings() if len(library.agenda(m.id)) >= 4)
    return Packet(meeting, library.agenda(meeting.id))


@pytest.fixture
def panel(qtbot: QtBot, writer: Writer) -> Iterator[NotesPanel]:
    """The panel in a window beside a line edit, so the focus has somewhere to go."""
    application()
    host = QWidget()
    layout = QVBoxLayout(host)
    notes = NotesPanel(writer.save_note, writer.set_flag)
    other = QLineEdit()
    other.setObjectName("elsewhere")
    layout.addWidget(notes)
    layout.addWidget(other)
    qtbot.addWidget(host)
    host.resize(420, 600)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    yield notes  # while ``host`` is held here: qtbot keeps only a weak reference


def show(
    panel: NotesPanel, writer: Writer, packet: Packet, item: AgendaEntry | None, **kwargs: str
) -> None:
    """As the window does it: the context's notes and star read from the store."""
    ids = [packet.meeting.id]
    if item is not None:
        ids.append(item.id)
        if item.paper is not None:
            ids.append(item.paper.id)
    db = writer.context.store.db.read()
    flagged = item is not None and item.id in flagged_of(db, [item.id])
    panel.show_context(packet.meeting, item, notes_of(db, ids), flagged, **kwargs)


def item_editor_with_focus(qtbot: QtBot, panel: NotesPanel) -> NoteEditor:
    panel.focus_editor()
    editor = panel.current_editor()
    qtbot.waitUntil(editor.hasFocus)
    return editor


def move_focus_away(qtbot: QtBot, panel: NotesPanel) -> None:
    host = panel.parentWidget()
    assert host is not None
    elsewhere = host.findChild(QLineEdit, "elsewhere")
    assert elsewhere is not None
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    qtbot.keyClick(widget, key, modifiers)


CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_typing_saves_markdown_after_a_pause(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    item = packet.with_paper()
    show(panel, writer, packet, item)
    assert panel.tabs.currentIndex() == TAB_ITEM, "the item's note comes first"
    editor = item_editor_with_focus(qtbot, panel)
    press(qtbot, editor, Qt.Key.Key_B, CTRL)
    type_text(editor, "Viktigt")
    press(qtbot, editor, Qt.Key.Key_B, CTRL)
    type_text(editor, " – fråga om kostnaden för år två")
    assert writer.notes == [], "nothing is saved while the user types"
    assert panel.status.text() == "Sparar…"
    qtbot.waitUntil(lambda: writer.notes != [], timeout=AUTOSAVE_DELAY_MS * 5)
    body = writer.stored(item.id)
    assert body is not None
    assert body.strip() == "**Viktigt** – fråga om kostnaden för år två"
    assert writer.notes == [(item.id, NoteKind.AGENDA_ITEM, body)]
    assert panel.status.text().startswith("Sparat ")


def test_switching_item_saves_at_once(panel: NotesPanel, writer: Writer, packet: Packet) -> None:
    first, second = packet.with_paper(0), packet.with_paper(1)
    show(panel, writer, packet, first)
    type_text(panel.current_editor(), "Läs bilaga 2 först")
    show(panel, writer, packet, second)
    assert writer.stored(first.id) == "Läs bilaga 2 först\n\n"
    assert panel.status.text().startswith("Sparat "), "the save just made is confirmed"
    assert panel.current_editor().toPlainText() == "", "the next item has its own note"
    show(panel, writer, packet, first)
    assert panel.current_editor().toPlainText() == "Läs bilaga 2 först"
    assert len(writer.notes) == 1


def test_what_the_panel_wrote_wins_over_a_stale_read(
    panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    """The window may read the notes before a queued write has landed."""
    first, second = packet.with_paper(0), packet.with_paper(1)
    show(panel, writer, packet, first)
    type_text(panel.current_editor(), "Utkast")
    panel.show_context(packet.meeting, second, {}, False)  # a read from before any write
    panel.show_context(packet.meeting, first, {}, False)  # still stale
    assert panel.current_editor().toPlainText() == "Utkast"


def test_unchanged_text_is_not_saved(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    item = packet.with_paper()
    with writer.context.store.db.write() as db:
        save_note(db, item.id, NoteKind.AGENDA_ITEM, "Fråga om **budgeten**\n\n- ett\n- två\n")
    show(panel, writer, packet, item)
    editor = item_editor_with_focus(qtbot, panel)
    move_focus_away(qtbot, panel)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor, "x")
    press(qtbot, editor, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier)
    qtbot.wait(AUTOSAVE_DELAY_MS * 2)
    panel.flush()
    show(panel, writer, packet, packet.with_paper(1))
    assert writer.notes == [], "a note loaded and left as it was is not written again"


def test_flush_saves_without_waiting(panel: NotesPanel, writer: Writer, packet: Packet) -> None:
    show(panel, writer, packet, packet.with_paper())
    panel.tabs.setCurrentIndex(TAB_MEETING)
    type_text(panel.current_editor(), "Mötet börjar 08.30 – kaffe i foajén")
    panel.flush()
    assert writer.stored(packet.meeting.id) == "Mötet börjar 08.30 – kaffe i foajén\n\n"
    assert writer.notes[0][1] is NoteKind.MEETING
    assert not panel.has_unsaved_changes()


def test_losing_focus_saves(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    item = packet.with_paper()
    show(panel, writer, packet, item)
    editor = item_editor_with_focus(qtbot, panel)
    type_text(editor, "Kort")
    move_focus_away(qtbot, panel)
    assert writer.stored(item.id) == "Kort\n\n"


def test_emptied_note_is_removed(panel: NotesPanel, writer: Writer, packet: Packet) -> None:
    item = packet.with_paper()
    with writer.context.store.db.write() as db:
        save_note(db, item.id, NoteKind.AGENDA_ITEM, "Gammal anteckning\n")
    show(panel, writer, packet, item)
    panel.current_editor().clear()
    panel.flush()
    assert writer.stored(item.id) is None


def test_paper_note_follows_the_paper(panel: NotesPanel, writer: Writer, packet: Packet) -> None:
    item = packet.with_paper()
    assert item.paper is not None
    show(panel, writer, packet, item)
    assert panel.tabs.isTabVisible(TAB_PAPER)
    panel.tabs.setCurrentIndex(TAB_PAPER)
    type_text(panel.current_editor(), "Återkommer i KF i februari")
    panel.flush()
    assert writer.notes == [(item.paper.id, NoteKind.PAPER, "Återkommer i KF i februari\n\n")]
    assert item.paper.reference and item.paper.reference in panel.tabs.tabToolTip(TAB_PAPER)
    show(panel, writer, packet, packet.without_paper())
    assert not panel.tabs.isTabVisible(TAB_PAPER)
    assert panel.tabs.currentIndex() == TAB_ITEM


def test_meeting_only_context_has_no_star(
    panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    show(panel, writer, packet, None)
    assert panel.tabs.currentIndex() == TAB_MEETING
    assert not panel.tabs.isTabVisible(TAB_ITEM)
    assert not panel.star.isEnabled()
    assert panel.title.text() == packet.meeting.name


def test_star_toggles_and_is_stored(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    item = packet.with_paper()
    show(panel, writer, packet, item)
    assert not panel.star.isChecked() and panel.star.text() == "☆ Stjärnmärk ärendet"
    with qtbot.waitSignal(panel.flag_changed) as blocker:
        qtbot.mouseClick(panel.star, Qt.MouseButton.LeftButton)
    assert blocker.args == [item.id, True]
    assert panel.star.text() == "★ Stjärnmärkt"
    assert flagged_of(writer.context.store.db.read(), [item.id]) == {item.id}
    panel.star.setFocus()
    qtbot.keyClick(panel.star, Qt.Key.Key_Space)
    assert writer.flags == [(item.id, True), (item.id, False)]
    assert flagged_of(writer.context.store.db.read(), [item.id]) == set()
    other = packet.with_paper(1)
    with writer.context.store.db.write() as db:
        set_flag(db, other.id, True)
    show(panel, writer, packet, other)
    assert panel.star.isChecked(), "the star shown is the item's"
    assert len(writer.flags) == 2, "showing a star does not write it"


def test_yrkande_template_uses_item_and_committee(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    item = packet.with_paper()
    show(panel, writer, packet, item, committee="Kommunstyrelsen")
    editor = item_editor_with_focus(qtbot, panel)
    type_text(editor, "Mina tankar")
    press(qtbot, editor, Qt.Key.Key_Y, CTRL_SHIFT)
    type_text(editor, "avslå förslaget")
    panel.flush()
    body = writer.stored(item.id)
    assert body is not None
    assert body.split("\n\n")[:5] == [
        "Mina tankar",
        f"**Yrkande i ärende {item.number}: {item.name}**",
        "Jag yrkar att kommunstyrelsen beslutar",
        "att avslå förslaget",
        "att …",
    ]
    assert "yrkande" in panel.actions_by_name["yrkande"].toolTip().lower()


def test_yrkande_without_committee_speaks_of_the_namnd(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    show(panel, writer, packet, packet.without_paper())
    qtbot.mouseClick(panel.yrkande_button, Qt.MouseButton.LeftButton)
    assert "Jag yrkar att nämnden beslutar" in panel.current_editor().toPlainText()


def test_committee_names_inside_a_sentence() -> None:
    assert committee_in_sentence("Barn- och utbildningsnämnden") == "barn- och utbildningsnämnden"
    assert committee_in_sentence("KS arbetsutskott") == "KS arbetsutskott"
    assert committee_in_sentence(None) is None


def test_markdown_loads_back_with_its_formatting(
    panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    item = packet.with_paper()
    with writer.context.store.db.write() as db:
        save_note(db, item.id, NoteKind.AGENDA_ITEM, "## Frågor\n\n- kostnad\n- tidplan\n")
    show(panel, writer, packet, item)
    document = panel.current_editor().document()
    heading = document.findBlockByNumber(0)
    assert heading.text() == "Frågor" and heading.blockFormat().headingLevel() == 2
    first, second = document.findBlockByNumber(1), document.findBlockByNumber(2)
    assert first.textList() is not None and first.textList() == second.textList()
    assert [first.text(), second.text()] == ["kostnad", "tidplan"]


def test_shortcuts_format_lists_headings_and_italics(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    item = packet.with_paper()
    show(panel, writer, packet, item)
    editor = item_editor_with_focus(qtbot, panel)
    press(qtbot, editor, Qt.Key.Key_H, CTRL_SHIFT)
    type_text(editor, "Att fråga")
    assert panel.actions_by_name["heading"].isChecked()
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    assert not panel.actions_by_name["heading"].isChecked(), "a heading ends with its line"
    press(qtbot, editor, Qt.Key.Key_L, CTRL_SHIFT)
    type_text(editor, "kostnad")
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    type_text(editor, "tidplan")
    assert panel.actions_by_name["bullets"].isChecked()
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    press(qtbot, editor, Qt.Key.Key_L, CTRL_SHIFT)
    press(qtbot, editor, Qt.Key.Key_O, CTRL_SHIFT)
    type_text(editor, "först")
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
    press(qtbot, editor, Qt.Key.Key_O, CTRL_SHIFT)
    press(qtbot, editor, Qt.Key.Key_I, CTRL)
    type_text(editor, "sedan")
    panel.flush()
    body = writer.stored(item.id)
    assert body is not None
    lines = [line for line in body.splitlines() if line]
    assert lines == ["## Att fråga", "- kostnad", "- tidplan", "1.  först", "*sedan*"]


def test_controls_have_names_and_shortcuts_say_so(panel: NotesPanel) -> None:
    controls = (panel.star, panel.tabs, panel.toolbar, panel.yrkande_button, panel.status)
    for widget in (*controls, *panel.editors.values()):
        assert widget.accessibleName()
    for action in panel.actions_by_name.values():
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert action.text() and shortcut and shortcut in action.toolTip()


def test_heading_toggles_off_without_leaving_bold(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    item = packet.with_paper()
    show(panel, writer, packet, item)
    editor = item_editor_with_focus(qtbot, panel)
    type_text(editor, "Bakgrund")
    press(qtbot, editor, Qt.Key.Key_H, CTRL_SHIFT)
    panel.flush()
    assert writer.stored(item.id) == "## Bakgrund\n\n"
    press(qtbot, editor, Qt.Key.Key_H, CTRL_SHIFT)
    panel.flush()
    assert writer.stored(item.id) == "Bakgrund\n\n"
    assert not panel.actions_by_name["bold"].isChecked()


def test_every_control_is_reached_with_tab(
    qtbot: QtBot, panel: NotesPanel, writer: Writer, packet: Packet
) -> None:
    show(panel, writer, packet, packet.with_paper())
    panel.star.setFocus()
    qtbot.waitUntil(panel.star.hasFocus)
    reached: list[QWidget] = []
    for _ in range(8):
        focused = QApplication.focusWidget()
        assert focused is not None
        reached.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert panel.tabs.tabBar() in reached
    assert panel.current_editor() in reached, "Tab leaves the note instead of indenting"
    assert panel.yrkande_button in reached


def test_nothing_to_edit_without_a_meeting(panel: NotesPanel) -> None:
    panel.clear()
    assert not panel.current_editor().isEnabled()
    assert not any(action.isEnabled() for action in panel.actions_by_name.values())
    assert not panel.yrkande_button.isEnabled() and not panel.star.isEnabled()
