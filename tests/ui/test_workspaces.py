"""The main window as a shell of workspaces: built from the registry, switched in Visa."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu, QWidget
from pytestqt.qtbot import QtBot

from meetingapp.core.context import AppContext
from meetingapp.ui.packet.workspace import READING, ReadingWorkspace, reading_of
from meetingapp.ui.shell import registry
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.language import Language, install_language
from meetingapp.ui.shell.main_window import MainWindow
from meetingapp.ui.shell.workspaces import Shell, Workspace, WorkspaceMenus
from tests.store_keys import TEST_KEYS


class TallyWorkspace(Workspace):
    """A workspace only the tests know: a label, a dock and a menu of its own."""

    workspace_id: ClassVar[str] = "tally"

    def __init__(self, shell: Shell) -> None:
        window = shell.main_window
        self.label = QLabel("Röstsammanräkning")
        self.dock = QDockWidget("Röster", window)
        self.dock.setObjectName("tally-dock")
        self.dock.setWidget(QLabel("0 ja, 0 nej"))
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.count_action = QAction("Räkna", window)
        self.shown = 0

    def title(self) -> str:
        return "&Rösträkning"

    def central_widget(self) -> QWidget:
        return self.label

    def docks(self) -> list[QDockWidget]:
        return [self.dock]

    def fill_menus(self, menus: WorkspaceMenus) -> None:
        menus.add_menu("&Röster").addAction(self.count_action)

    def activate(self) -> None:
        self.shown += 1


@pytest.fixture
def with_tally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "WORKSPACES", [*registry.WORKSPACES, TallyWorkspace])


def open_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    application()
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def close_window(window: MainWindow) -> None:
    window.close()
    window.renderer.shutdown()


@pytest.fixture
def two_workspaces(
    qtbot: QtBot, synced_context: AppContext, with_tally: None
) -> Iterator[MainWindow]:
    window = open_window(qtbot, synced_context)
    yield window
    close_window(window)


def view_menu(window: MainWindow) -> QMenu:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Visa")
    assert isinstance(menu, QMenu)
    return menu


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions() if action.isVisible()]


def tally(window: MainWindow) -> TallyWorkspace:
    workspace = window.workspace(TallyWorkspace.workspace_id)
    assert isinstance(workspace, TallyWorkspace)
    return workspace


def reading_actions(window: MainWindow) -> list[QAction]:
    reading = reading_of(window)
    return [*reading.reader.actions_by_name.values(), reading.search.toggle_action]


def test_the_shell_is_built_from_the_registry(window: MainWindow) -> None:
    assert [type(workspace) for workspace in window.workspaces] == registry.WORKSPACES
    assert window.current_workspace.workspace_id == READING
    assert window.stack.currentWidget() is reading_of(window).splitter


def test_one_workspace_is_still_listed_checked_with_ctrl_1(window: MainWindow) -> None:
    entry = view_menu(window).actions()[0]
    assert entry is window.workspace_actions[READING]
    assert entry.text() == "&Läsa"
    assert entry.isCheckable() and entry.isChecked()
    assert entry.shortcut() == QKeySequence("Ctrl+1")
    assert window.stack.accessibleName() == "Arbetsytor"


def test_a_registered_workspace_plugs_in_with_ctrl_2(two_workspaces: MainWindow) -> None:
    window = two_workspaces
    entries = [window.workspace_actions[READING], window.workspace_actions["tally"]]
    assert view_menu(window).actions()[:2] == entries
    assert [entry.text() for entry in entries] == ["&Läsa", "&Rösträkning"]
    assert all(entry.isCheckable() for entry in entries)
    assert entries[1].shortcut() == QKeySequence("Ctrl+2")
    assert entries[0].isChecked() and not entries[1].isChecked()
    assert not tally(window).dock.isVisible(), "a workspace put away shows no docks"
    assert "&Röster" not in menu_titles(window)


def test_switching_hides_the_reading_docks_and_actions_and_shows_its_own(
    qtbot: QtBot, two_workspaces: MainWindow
) -> None:
    window = two_workspaces
    reading = reading_of(window)
    reading.writing.show_notes()
    reading.search.open()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace is tally(window)
    assert window.workspace_actions["tally"].isChecked()
    assert window.stack.currentWidget() is tally(window).label
    assert tally(window).dock.isVisible(), "a new workspace's docks show at first"
    assert tally(window).shown == 1
    assert not any(dock.isVisible() for dock in reading.docks())
    assert not any(action.isEnabled() for action in reading_actions(window))
    assert "&Röster" in menu_titles(window)
    assert "&Gå" not in menu_titles(window) and "A&nteckningar" not in menu_titles(window)
    assert window.windowTitle() == "Mötespärm"


def test_switching_back_restores_the_docks_as_they_were(
    qtbot: QtBot, two_workspaces: MainWindow
) -> None:
    window = two_workspaces
    reading = reading_of(window)
    reading.writing.show_notes()
    reading.search.open()
    reading.writing.overview_dock.hide()
    title = window.windowTitle()
    enabled = [action.isEnabled() for action in reading_actions(window)]
    window.show_workspace("tally")
    tally(window).dock.show()
    window.workspace_actions[READING].trigger()
    assert window.current_workspace is reading
    assert reading.writing.notes_dock.isVisible() and reading.search.dock.isVisible()
    assert not reading.writing.overview_dock.isVisible(), "a hidden dock stays hidden"
    assert not tally(window).dock.isVisible()
    assert [action.isEnabled() for action in reading_actions(window)] == enabled
    assert "&Gå" in menu_titles(window) and "&Röster" not in menu_titles(window)
    assert window.windowTitle() == title
    window.show_workspace("tally")
    assert tally(window).dock.isVisible(), "its own dock as it left it"


def test_the_last_workspace_is_remembered_across_closing(
    qtbot: QtBot, synced_data_dir: Path, with_tally: None
) -> None:
    context = AppContext(synced_data_dir, TEST_KEYS)
    first = open_window(qtbot, context)
    reading_of(first).writing.show_notes()
    first.show_workspace("tally")
    close_window(first)

    second = open_window(qtbot, context)
    assert second.current_workspace is tally(second)
    assert second.workspace_actions["tally"].isChecked()
    assert not reading_of(second).writing.notes_dock.isVisible()
    second.show_workspace(READING)
    assert reading_of(second).writing.notes_dock.isVisible(), "the docks it had come back"
    close_window(second)

    third = open_window(qtbot, context)
    assert third.current_workspace is reading_of(third)
    close_window(third)


def test_the_reading_workspace_has_an_english_title(
    qtbot: QtBot, synced_context: AppContext
) -> None:
    app = application()
    install_language(app, Language.ENGLISH)
    try:
        window = open_window(qtbot, synced_context)
        assert window.workspace_actions[READING].text() == "&Read"
        assert view_menu_english(window).actions()[0].text() == "&Read"
        assert window.stack.accessibleName() == "Workspaces"
        close_window(window)
    finally:
        install_language(app, Language.SWEDISH)


def view_menu_english(window: MainWindow) -> QMenu:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert isinstance(menu, QMenu)
    return menu


def test_reading_is_the_first_registered_workspace() -> None:
    assert registry.WORKSPACES[0] is ReadingWorkspace
