"""Filling a menu from a table of entries, so every menu reads the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

MenuEntry = tuple[str, str, Callable[[], object]] | None
"""Text, shortcut ("" for none) and what it does; None is a separator."""


def add_entries(menu: QMenu, parent: QObject, entries: Iterable[MenuEntry]) -> None:
    """Add an action per entry to ``menu``, owned by ``parent``."""
    for entry in entries:
        if entry is None:
            menu.addSeparator()
            continue
        text, shortcut, slot = entry
        action = QAction(text, parent)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
