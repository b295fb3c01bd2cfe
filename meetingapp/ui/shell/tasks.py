"""Running core work off the GUI thread.

``run_in_background(fn, on_done=…, on_error=…)`` runs ``fn`` on Qt's global
thread pool and delivers its result or exception back on the GUI thread. ``fn``
gets a ``report`` callable for progress, which is delivered the same way. This is
the one way the UI starts background work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

Report = Callable[[object], None]


class _TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[Report], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except Exception as error:  # delivered to the GUI thread, which shows it
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


class BackgroundTask:
    """Handle of one running task: its signals, owned by Qt until delivered.

    The signal object is parented to the application, so it outlives the Python
    handle, and deletes itself (``deleteLater``) once the outcome has been
    delivered: freeing it inside its own signal delivery would crash.
    """

    def __init__(
        self,
        work: Callable[[Report], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[Any], None] | None,
    ) -> None:
        self.signals = _TaskSignals(QCoreApplication.instance())
        self.signals.done.connect(on_done)
        self.signals.failed.connect(on_error)
        if on_progress is not None:
            self.signals.progress.connect(on_progress)
        self.signals.done.connect(self.signals.deleteLater)
        self.signals.failed.connect(self.signals.deleteLater)
        self._runnable = _Task(work, self.signals)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._runnable)


def run_in_background(
    work: Callable[[Report], Any],
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    on_progress: Callable[[Any], None] | None = None,
) -> BackgroundTask:
    task = BackgroundTask(work, on_done, on_error, on_progress)
    task.start()
    return task


def wait_for_background_tasks(timeout_ms: int = 30_000) -> bool:
    """Block until the pool is idle (at shutdown, and in tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
