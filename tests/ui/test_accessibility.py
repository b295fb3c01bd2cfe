"""Every control has a name a screen reader can say, and menus work from the keyboard.

The real main window is built on a synced demo store with a document open in
the reader (find bar, sidebar and the second view shown too), and so are the
dialogs; then every widget is walked. A control that can be used or focused
must have a name in ``QAccessible.queryAccessibleInterface(w).text(Name)``,
which is what screen readers get: its ``accessibleName``, its visible text
(buttons), or the label that is its buddy (form rows). On Linux Qt exposes a
combo box's current value as its name, so a combo box needs an
``accessibleName`` or a buddy label of its own.

Not walked: parts Qt builds inside a control and names through it (scroll
bars of scroll areas, item-view headers, a combo box's line edit and popup,
a line edit's clear button, the "more" buttons of tool and menu bars).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import Document, DocumentRole
from meetingapp.core.settings import Language
from meetingapp.ui.dialogs.committee_dialog import CommitteeDialog
from meetingapp.ui.dialogs.settings_dialog import SettingsDialog
from meetingapp.ui.dialogs.sources_dialog import SourcesDialog
from meetingapp.ui.packet.agenda_panel import DOCUMENT_ROLE
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.language import install_language
from meetingapp.ui.shell.main_window import MainWindow

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QTabBar,
    QAbstractSlider,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
)
ROOT = Path(__file__).resolve().parents[2]
SCROLL_BAR_CONTAINERS = ("qt_scrollarea_vcontainer", "qt_scrollarea_hcontainer")


# Walking the widgets ---------------------------------------------------------------


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def is_interactive(widget: QWidget) -> bool:
    """A control: one of the kinds users operate, or anything reachable with Tab."""
    focusable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    return isinstance(widget, INTERACTIVE) or (focusable and not isinstance(widget, QLabel))


def is_qt_internal(widget: QWidget) -> bool:
    """A part Qt builds inside another control and exposes through it."""
    parent = widget.parentWidget()
    if widget.objectName() in ("qt_toolbar_ext_button", "qt_menubar_ext_button"):
        return True
    if isinstance(widget, QTabBar) and widget.count() == 0:
        return True  # the tab bar a main window keeps for hidden tabbed docks: no tabs
    if isinstance(widget, QScrollBar) and parent is not None:
        return parent.objectName() in SCROLL_BAR_CONTAINERS
    if isinstance(widget, QHeaderView) and isinstance(parent, QAbstractItemView):
        return True
    if isinstance(parent, QLineEdit) and isinstance(widget, QAbstractButton):
        return True  # the clear button: Ctrl+A, Delete does the same
    composite = (QComboBox, QAbstractSpinBox)  # their line edits and popups
    return any(isinstance(ancestor, composite) for ancestor in ancestors(widget))


def ancestors(widget: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def has_buddy_label(widget: QWidget) -> bool:
    root = widget.window()
    return any(label.buddy() is widget and label.text() for label in root.findChildren(QLabel))


def is_named(widget: QWidget) -> bool:
    if isinstance(widget, QComboBox):
        return bool(widget.accessibleName().strip()) or has_buddy_label(widget)
    return bool(accessible_name(widget))


def describe(widget: QWidget) -> str:
    """Where a widget comes from: the attribute of the object that holds it, and its file.

    E.g. "meetingapp/ui/dialogs/sources_dialog.py: SourcesDialog.ca_bundle (QLineEdit)".
    """
    kind = type(widget).__name__
    for holder in ancestors(widget):
        for attribute, value in vars(holder).items():
            if value is widget:
                return f"{source_file(holder)}: {type(holder).__name__}.{attribute} ({kind})"
    chain = " < ".join(type(ancestor).__name__ for ancestor in ancestors(widget))
    text = getattr(widget, "text", lambda: "")()
    return f"unnamed {kind} {text!r} in {chain}"


def source_file(holder: QWidget) -> str:
    path = Path(inspect.getfile(type(holder))).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def unnamed_controls(root: QWidget) -> list[str]:
    widgets = [root, *root.findChildren(QWidget)]
    return sorted(
        describe(widget)
        for widget in widgets
        if is_interactive(widget) and not is_qt_internal(widget) and not is_named(widget)
    )


def menu_actions(root: QWidget) -> list[tuple[str, list[QAction]]]:
    """Each menu bar and menu under ``root`` with its actions (separators left out)."""
    menus: list[QWidget] = [*root.findChildren(QMenuBar), *root.findChildren(QMenu)]
    return [
        (menu.title() if isinstance(menu, QMenu) else "menu bar", visible_actions(menu))
        for menu in menus
    ]


def visible_actions(menu: QWidget) -> list[QAction]:
    return [action for action in menu.actions() if not action.isSeparator() and action.isVisible()]


def accelerator(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand)."""
    match = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return match.group(1).casefold() if match else None


def duplicate_accelerators(root: QWidget) -> list[str]:
    problems = []
    for title, actions in menu_actions(root):
        seen: dict[str, str] = {}
        for action in actions:
            key = accelerator(action.text())
            if key is None:
                continue
            if key in seen:
                problems.append(f"{title}: {seen[key]!r} and {action.text()!r} share &{key}")
            seen[key] = action.text()
    return problems


def assert_none(offenders: list[str]) -> None:
    assert offenders == [], "\n".join(["", *offenders])


# The windows ------------------------------------------------------------------------


def first_main_document(window: MainWindow) -> Document:
    tree = reading_of(window).agenda.tree
    for index in range(tree.topLevelItemCount()):
        node = tree.topLevelItem(index)
        assert node is not None
        for child in range(node.childCount()):
            document = node.child(child).data(0, DOCUMENT_ROLE)  # type: ignore[union-attr]
            if isinstance(document, Document) and document.role is DocumentRole.MAIN:
                return document
    raise AssertionError("no tjänsteskrivelse in the agenda")


@pytest.fixture
def reading_window(qtbot: QtBot, synced_context: AppContext) -> Iterator[MainWindow]:
    """The main window reading a tjänsteskrivelse, find bar and sidebar open, split."""
    application()
    window = MainWindow(synced_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    document = first_main_document(window)
    reading_of(window).show_document(document)
    view = reading_of(window).reader.active
    qtbot.waitUntil(lambda: view.pdf_view.canvas.has_pixmap(0), timeout=15_000)
    view.open_find()
    view.toggle_sidebar()
    reading_of(window).reader.show_beside(document)
    yield window
    window.close()
    window.renderer.shutdown()


@pytest.fixture
def english() -> Iterator[None]:
    app = application()
    install_language(app, Language.ENGLISH)
    yield
    install_language(app, Language.SWEDISH)


def test_every_control_of_the_main_window_has_a_name(reading_window: MainWindow) -> None:
    assert_none(unnamed_controls(reading_window))


def test_the_walk_sees_the_reader(reading_window: MainWindow) -> None:
    """Guards the walk itself: the reader's controls are among those checked."""
    widgets = [w for w in reading_window.findChildren(QWidget) if is_interactive(w)]
    kinds = {type(widget).__name__ for widget in widgets if not is_qt_internal(widget)}
    assert {"QLineEdit", "QComboBox", "QToolButton", "QTabBar", "PdfView"} <= kinds
    assert sum(isinstance(w, QAbstractScrollArea) for w in widgets) >= 6


def test_the_walk_finds_an_unnamed_control(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    field = QLineEdit(root)
    named = QLineEdit(root)
    named.setAccessibleName("Named")
    box = QComboBox(root)
    box.addItem("a value is not a name")
    assert len(unnamed_controls(root)) == 2
    field.setAccessibleName("Field")
    assert unnamed_controls(root) == ["unnamed QComboBox '' in QWidget"]


@pytest.mark.parametrize("dialog_class", [CommitteeDialog, SourcesDialog, SettingsDialog])
def test_every_control_of_the_dialogs_has_a_name(
    qtbot: QtBot, synced_context: AppContext, dialog_class: type[QDialog]
) -> None:
    application()
    dialog = dialog_class(synced_context)  # type: ignore[call-arg]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_none(unnamed_controls(dialog))
    dialog.reject()


def test_menu_entries_all_have_words(reading_window: MainWindow) -> None:
    for title, actions in menu_actions(reading_window):
        assert all(action.text().replace("&", "").strip() for action in actions), title


def test_no_two_menu_entries_share_an_accelerator(reading_window: MainWindow) -> None:
    assert_none(duplicate_accelerators(reading_window))


@pytest.mark.usefixtures("english")
def test_no_two_english_menu_entries_share_an_accelerator(
    qtbot: QtBot, synced_context: AppContext
) -> None:
    window = MainWindow(synced_context)
    qtbot.addWidget(window)
    try:
        assert_none(duplicate_accelerators(window))
    finally:
        window.renderer.shutdown()


def test_accelerators_are_read_correctly() -> None:
    assert accelerator("&Arkiv") == "a"
    assert accelerator("Sid&miniatyrer") == "m"
    assert accelerator("Fish && chips") is None
    assert accelerator("Text") is None


def test_holder_of_a_widget_is_named(qtbot: QtBot) -> None:
    class Holder(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.field = QLineEdit(self)

    holder = Holder()
    qtbot.addWidget(holder)
    assert describe(holder.field) == "tests/ui/test_accessibility.py: Holder.field (QLineEdit)"
