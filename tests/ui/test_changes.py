"""The core's change feed reaches the shell as one signal, on the GUI thread, and the
overview ("Mina anteckningar") follows it without being told otherwise."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from meetingapp.core.events import Change
from meetingapp.store.notes import NoteKind
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.main_window import MainWindow
from tests.ui.test_viewer import WAIT_MS


def test_a_note_written_on_another_thread_reaches_the_shell_and_the_overview(
    qtbot: QtBot, window: MainWindow
) -> None:
    reading = reading_of(window)
    reading.writing.show_overview()
    meeting_id = reading.meetings.selected_meeting_id()
    assert meeting_id is not None
    overview = reading.writing.overview
    assert ("note", meeting_id) not in overview.targets()
    heard_on: list[threading.Thread] = []
    window.events.changed.connect(lambda _changes: heard_on.append(threading.current_thread()))
    writer = threading.Thread(
        target=window.context.user_data.save_note,
        args=(meeting_id, NoteKind.MEETING, "Fråga om skolskjutsarna"),
    )
    with qtbot.waitSignal(window.events.changed, timeout=WAIT_MS) as changed:
        writer.start()
        writer.join()
    assert changed.args == [Change.NOTES]
    assert heard_on == [threading.main_thread()]
    qtbot.waitUntil(lambda: ("note", meeting_id) in overview.targets(), timeout=WAIT_MS)


def test_the_shell_hears_no_more_once_closed(qtbot: QtBot, window: MainWindow) -> None:
    heard: list[object] = []
    window.change_bridge.changed.connect(heard.append)
    window.change_bridge.close()
    window.context.changes.publish(Change.SOURCES)
    assert heard == []
