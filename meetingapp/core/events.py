"""What changed in one data directory, said once by the core for every screen to hear.

The core publishes a :class:`Change` on its :class:`ChangeFeed` when data the screens
show has changed: a sync saved meetings or fetched documents, retention removed
documents, the user's writer committed a note, an annotation or a star, a document
system was configured or removed. The shell turns the feed into one Qt signal; each
pane refreshes only what concerns it.

Publishers run on threads of their own (the sync, the user-data writer), so the feed
is thread-safe and calls its subscribers on the publishing thread; a subscriber that
needs another thread (the GUI's) carries the change there itself.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable

_log = logging.getLogger(__name__)


class Change(enum.Flag):
    """Kinds of data that changed; they combine (``MEETINGS | DOCUMENTS``).

    Kinds for later features are added when they publish: ``SESSION_RECORD`` (the
    chair's record of a session) and ``REMOTE_NOTES`` (notes synced from another
    device).
    """

    NONE = 0
    MEETINGS = enum.auto()
    """Meetings, agenda items, papers or committees were saved or removed."""
    DOCUMENTS = enum.auto()
    """Document files arrived, changed or were removed from this computer."""
    NOTES = enum.auto()
    """The user's notes."""
    ANNOTATIONS = enum.auto()
    """The user's annotations on documents."""
    STARS = enum.auto()
    """The agenda items the user starred (``item_flag``)."""
    SOURCES = enum.auto()
    """A document system was configured or removed."""


Subscriber = Callable[[Change], None]
Unsubscribe = Callable[[], None]


class ChangeFeed:
    """Publishes changes to its subscribers, from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []

    def subscribe(self, callback: Subscriber) -> Unsubscribe:
        """Call ``callback(changes)`` on every publish; returns what ends that."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, changes: Change) -> None:
        """Tell every subscriber, on this thread; one that fails is logged and the
        others are told all the same. Nothing is published for no change."""
        if not changes:
            return
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(changes)
            except Exception:
                _log.exception("A subscriber to %s failed", changes)
