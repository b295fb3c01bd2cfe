"""The core's change feed as one Qt signal, delivered on the GUI thread.

The core publishes a :class:`~meetingapp.core.events.Change` from whichever thread
changed the data (a sync, the user-data writer). :class:`ChangeBridge` subscribes to
the feed and emits ``changed`` on that thread; Qt queues the emission to the
receivers' thread, so the workspaces hear it on the GUI thread, through
``ShellEvents.changed``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from meetingapp.core.events import Change, ChangeFeed


class ChangeBridge(QObject):
    """Carries each published change to the GUI thread while the window is open."""

    changed = Signal(object)
    """A :class:`Change`: what changed."""

    def __init__(self, feed: ChangeFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        unsubscribe = feed.subscribe(self._emit)
        self._unsubscribe = unsubscribe
        # Not a method of self: the feed lets go even when the window is deleted unclosed.
        self.destroyed.connect(lambda _object=None: unsubscribe())

    def _emit(self, changes: Change) -> None:
        self.changed.emit(changes)

    def close(self) -> None:
        """Hear no more of the feed (the window closes)."""
        self._unsubscribe()
