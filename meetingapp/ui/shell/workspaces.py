"""Workspaces: what the main window shows, one at a time, and how one plugs in.

A workspace is a screen of its own for one kind of work ("Läsa", the member's
binder; later the chair's session, the secretary's publishing, an official's
cases). It brings its central widget, the docks and menu entries it owns, and
hooks for being shown and put away. The shell (``main_window.py``) is built from
the factories in ``registry.py``: it stacks the central widgets, lists the
workspaces in the Visa menu (Ctrl+1, Ctrl+2, …), hides the docks and disables
the actions of the workspace put away and gives them back as they were when it
returns. What happens in the shell that a workspace may care about (a sync ended,
new documents were processed, documents were removed) comes as signals of
:class:`ShellEvents`; a workspace connects to the ones it needs. ``changed`` carries
the core's change feed (``context.changes``): what changed, for a pane to refresh
only what concerns it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from meetingapp.core.context import AppContext
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.shell.tasks import TaskRunner

StateReader = Callable[[str], str | None]
"""Reads a value the window saved at its last close (``None`` when there is none)."""


class ShellEvents(QObject):
    """What the shell tells every workspace, whichever is shown."""

    changed = Signal(object)
    """The core changed data: a ``Change`` (flags) saying what, on the GUI thread."""
    data_changed = Signal()
    """A sync ended, the sources or the settings changed: show the data anew."""
    sources_changed = Signal()
    """Document systems were added or removed: list the meetings anew."""
    documents_processed = Signal(object)
    """The work after a sync is done: a ``NewDocumentsOutcome``."""
    documents_removed = Signal()
    """Retention removed documents from this computer during the last sync."""
    removed_writing_requested = Signal()
    """The user asked for what they wrote on removed documents (the retention log)."""


class Shell(Protocol):
    """What a workspace may use of the window that holds it."""

    context: AppContext
    renderer: PageRenderer
    tasks: TaskRunner
    events: ShellEvents

    @property
    def main_window(self) -> QMainWindow:
        """The window, to add docks to and parent dialogs on."""
        ...

    def workspace(self, workspace_id: str) -> Workspace | None:
        """The workspace with this id, if the window has it."""
        ...

    def tell(self, message: str) -> None:
        """A passing message in the status bar."""
        ...

    def start_sync(self) -> None: ...

    def process_new_documents(self) -> None:
        """Count, re-anchor and index what arrived (after a sync or a fetch)."""
        ...


class Workspace:
    """The interface of a workspace; the hooks a workspace does not need do nothing.

    A subclass sets ``workspace_id`` (stable: it is saved as the last workspace) and
    implements ``title`` and ``central_widget``; it is created by a factory taking
    the :class:`Shell`, and creates its docks on ``shell.main_window`` then.
    """

    workspace_id: ClassVar[str]

    def title(self) -> str:
        """The translated name in the Visa menu, with an ampersand for its key."""
        raise NotImplementedError

    def central_widget(self) -> QWidget:
        raise NotImplementedError

    def docks(self) -> list[QDockWidget]:
        """The docks this workspace owns: shown with it only."""
        return []

    def fill_menus(self, menus: WorkspaceMenus) -> None:
        """Add entries to the shell's Visa menu and menus of its own."""

    def activate(self) -> None:
        """Called when shown, after its docks and actions are back."""

    def deactivate(self) -> None:
        """Called before it is put away."""

    def restore_state(self, read: StateReader) -> None:
        """Take back what ``state_to_save`` gave at the last close."""

    def state_to_save(self) -> dict[str, str]:
        """Values to keep across a restart, by key; saved as the window closes."""
        return {}

    def may_close(self) -> bool:
        """Whether the window may close now (e.g. the user's writing is on disk)."""
        return True

    def closing(self) -> None:
        """The window closes and the store is still open: remember what is needed."""


WorkspaceFactory = Callable[[Shell], Workspace]
"""What the registry lists: a workspace class, or any callable making one."""


class WorkspaceMenus:
    """The menus one workspace fills: its section of Visa and menus of its own.

    Everything it adds is collected, so the shell can hide and disable it while
    another workspace is shown.
    """

    def __init__(self, window: QMainWindow, view: QMenu, before: QAction) -> None:
        self._window, self.view, self._before = window, view, before
        self._view_start = len(view.actions())
        self._own: list[QMenu] = []

    def add_menu(self, title: str) -> QMenu:
        """A menu of this workspace in the menu bar, before Hjälp."""
        menu = QMenu(title, self._window)
        self._window.menuBar().insertMenu(self._before, menu)
        self._own.append(menu)
        return menu

    def menu_titles(self) -> list[QAction]:
        return [menu.menuAction() for menu in self._own]

    def actions(self) -> list[QAction]:
        """Every action added: in Visa after its start, and in the own menus."""
        added = self.view.actions()[self._view_start :]
        return added + [action for menu in self._own for action in _actions_in(menu)]


def _actions_in(menu: QMenu) -> Iterable[QAction]:
    for action in menu.actions():
        yield action
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            yield from _actions_in(submenu)


class Shelf:
    """How a workspace is put away and taken out again: its docks and actions."""

    def __init__(self, workspace: Workspace, menus: WorkspaceMenus) -> None:
        self.workspace = workspace
        self._titles = menus.menu_titles()
        self._groups = _groups_of(menus.actions(), parent=menus.view)
        self.docks_to_show: list[QDockWidget] = []

    def put_away(self) -> None:
        """Remember which docks were showing, hide them; actions off and out of sight."""
        self.workspace.deactivate()
        self.docks_to_show = [dock for dock in self.workspace.docks() if _showing(dock)]
        for dock in self.docks_to_show:
            dock.hide()
        self._show_actions(False)

    def show_on_return(self, dock_names: set[str]) -> None:
        """After a restart: the docks that showed when this workspace was put away."""
        self.docks_to_show += [
            dock
            for dock in self.workspace.docks()
            if dock.objectName() in dock_names and dock not in self.docks_to_show
        ]

    def take_out(self) -> None:
        """The docks as they were, the actions back as their owners left them."""
        self._show_actions(True)
        for dock in self.docks_to_show:
            dock.show()
        self.docks_to_show = []
        self.workspace.activate()

    def _show_actions(self, shown: bool) -> None:
        # A disabled group disables its actions and re-enabling it restores each one's
        # own state, so nothing the workspace set while put away is lost.
        for group in self._groups:
            group.setEnabled(shown)
            group.setVisible(shown)
        for title in self._titles:
            title.setVisible(shown)


def _showing(dock: QDockWidget) -> bool:
    """Shown, or to be shown with the window (before the window first shows)."""
    window = dock.parentWidget()
    return dock.isVisibleTo(window) if window is not None else not dock.isHidden()


def _groups_of(actions: list[QAction], parent: QObject) -> list[QActionGroup]:
    """The groups to switch ``actions`` with: their own, else one new for the rest."""
    groups: list[QActionGroup] = []
    loose = QActionGroup(parent)
    loose.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
    for action in actions:
        group: QActionGroup | None = action.actionGroup()
        if group is None:
            loose.addAction(action)
        elif group not in groups:
            groups.append(group)
    return [loose, *groups]
