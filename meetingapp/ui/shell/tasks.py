"""Running work off the GUI thread: the one way the UI does it.

``run_in_background(work, on_done=…, on_error=…)`` runs ``work(context)`` on Qt's
global thread pool and delivers what came of it on the GUI thread: the result to
``on_done``, an exception to ``on_error``. Through its ``TaskContext`` the work
reports progress (``context.report``, delivered to ``on_progress`` the same way)
and sees whether it was cancelled (``context.cancelled``, the event
``Task.cancel()`` sets; cancelling is cooperative). A cancelled task delivers
neither result nor error, only ``on_cancelled``, and no more progress.

- Lanes: tasks started on the same named lane run one after another, in the
  order started; other lanes and tasks without one run beside them.
- Lifetimes: a task tied to a ``Lifetime`` delivers nothing at all once it has
  ended (a result that arrives after the store has closed).
- Single flights (``TaskRunner.single_flight``): one run per key at a time; a
  request while one runs is dropped, or joins the one rerun that follows it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
P = TypeVar("P")
P_contra = TypeVar("P_contra", contravariant=True)


class TaskContext(Generic[P_contra]):
    """What the work is given: a way to report progress, and whether to stop.

    ``cancelled`` is a plain ``threading.Event``, so the work can hand it on to
    core functions that take one (``AppContext.sync(cancel=…)``).
    """

    def __init__(self, report: Callable[[P_contra], None], cancelled: threading.Event) -> None:
        self._report = report
        self.cancelled = cancelled

    def report(self, progress: P_contra) -> None:
        """Progress for ``on_progress``, delivered on the GUI thread in order."""
        self._report(progress)


class Lifetime:
    """How long an owner wants its tasks' outcomes: once ended, nothing is delivered.

    It ends when ``end()`` is called or, asked at each delivery, once
    ``open_while`` says False (for the main window: the store has closed).
    """

    def __init__(self, open_while: Callable[[], bool] | None = None) -> None:
        self._open_while = open_while
        self._ended = False

    def end(self) -> None:
        self._ended = True

    @property
    def is_open(self) -> bool:
        return not self._ended and (self._open_while is None or self._open_while())


class _TaskSignals(QObject):
    progressed = Signal(object)
    ended = Signal()


@dataclass(frozen=True)
class _Done(Generic[T_co]):
    value: T_co


@dataclass(frozen=True)
class _Failed:
    error: Exception


def _nothing(_task: Task[object]) -> None:
    pass


class Task(Generic[T_co]):
    """One piece of work off the GUI thread: a handle to cancel it and see it end.

    Made on the GUI thread by ``run_in_background`` or a ``TaskRunner``. Its
    signal object is parented to the application, so it outlives this handle,
    and deletes itself (``deleteLater``) once the outcome is delivered: freeing
    it inside its own delivery would crash.
    """

    def __init__(
        self,
        work: Callable[[TaskContext[P]], T_co],
        *,
        on_done: Callable[[T_co], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[P], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        lane: str | None = None,
        lifetime: Lifetime | None = None,
    ) -> None:
        self.lane = lane
        self._lifetime = lifetime or Lifetime()
        self._cancel_requested = threading.Event()
        self._signals = _TaskSignals(QCoreApplication.instance())
        context: TaskContext[P] = TaskContext(self._signals.progressed.emit, self._cancel_requested)
        self._work: Callable[[], T_co] = lambda: work(context)
        self._on_done = on_done
        self._on_error = on_error
        self._on_cancelled = on_cancelled
        self._outcome: _Done[T_co] | _Failed | None = None  # None: the work never ran
        self._finished = False
        self._after_work: Callable[[Task[object]], None] = _nothing
        self._before_delivery: Callable[[Task[object]], None] = _nothing
        if on_progress is not None:
            self._signals.progressed.connect(self._while_wanted(on_progress))
        # A function, not the bound method: PySide holds a bound method's object only
        # weakly, and this handle may have no other owner until it is delivered.
        self._signals.ended.connect(lambda: self._deliver())
        self._signals.ended.connect(self._signals.deleteLater)

    def cancel(self) -> None:
        """Ask the work to stop; from now on only ``on_cancelled`` is delivered."""
        self._cancel_requested.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel_requested.is_set()

    @property
    def finished(self) -> bool:
        """Its outcome has been delivered (or dropped) on the GUI thread."""
        return self._finished

    def _while_wanted(self, deliver: Callable[[P], None]) -> Callable[[P], None]:
        def deliver_if_wanted(progress: P) -> None:
            if self._lifetime.is_open and not self.cancelled:
                deliver(progress)

        return deliver_if_wanted

    def _execute(self) -> None:
        """On a pool thread: the work, then what waits for it, then the outcome."""
        try:
            if not self.cancelled:
                self._outcome = self._outcome_of_work()
        finally:
            self._after_work(self)  # before this thread is free: the pool never looks idle
        self._signals.ended.emit()

    def _outcome_of_work(self) -> _Done[T_co] | _Failed:
        try:
            return _Done(self._work())
        except Exception as error:  # delivered to the GUI thread, which shows it
            return _Failed(error)

    def _deliver(self) -> None:
        self._finished = True
        self._before_delivery(self)
        outcome = self._outcome
        if not self._lifetime.is_open:
            return
        if self.cancelled or outcome is None:
            if self._on_cancelled is not None:
                self._on_cancelled()
        elif isinstance(outcome, _Failed):
            self._on_error(outcome.error)
        else:
            self._on_done(outcome.value)


class _Runnable(QRunnable):
    def __init__(self, run: Callable[[], None]) -> None:
        super().__init__()
        self._run = run

    def run(self) -> None:
        self._run()


@dataclass
class _Lane:
    waiting: deque[Task[object]] = field(default_factory=deque)
    draining: bool = False


_lanes: dict[str, _Lane] = {}
_lanes_lock = threading.Lock()


def _start(task: Task[object]) -> None:
    """Hand the task to the pool, or queue it behind its lane's earlier tasks.

    Called on the GUI thread, or on a pool thread that is still busy (a rerun), so
    ``wait_for_background_tasks`` never sees the pool idle with work still to start.
    """
    if task.lane is None:
        QThreadPool.globalInstance().start(_Runnable(task._execute))
        return
    with _lanes_lock:
        lane = _lanes.setdefault(task.lane, _Lane())
        lane.waiting.append(task)
        if lane.draining:
            return
        lane.draining = True
    QThreadPool.globalInstance().start(_Runnable(lambda: _drain(lane)))


def _drain(lane: _Lane) -> None:
    """On one pool thread: the lane's tasks, one at a time, until none waits."""
    while True:
        with _lanes_lock:
            if not lane.waiting:
                lane.draining = False
                return
            task = lane.waiting.popleft()
        task._execute()


def run_in_background(
    work: Callable[[TaskContext[P]], T],
    *,
    on_done: Callable[[T], None],
    on_error: Callable[[Exception], None],
    on_progress: Callable[[P], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    lane: str | None = None,
    lifetime: Lifetime | None = None,
) -> Task[T]:
    """Start ``work`` off the GUI thread; what comes of it arrives on the GUI thread."""
    task = Task(
        work,
        on_done=on_done,
        on_error=on_error,
        on_progress=on_progress,
        on_cancelled=on_cancelled,
        lane=lane,
        lifetime=lifetime,
    )
    _start(task)
    return task


@dataclass
class _Flight:
    current: Task[object]
    work_ended: bool = False
    again: Task[object] | None = None  # the rerun, waiting for the current work to end


class TaskRunner:
    """An owner's tasks: tied to its lifetime, with at most one run per key at a time."""

    def __init__(self, lifetime: Lifetime | None = None) -> None:
        self.lifetime = lifetime or Lifetime()
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()  # the flights are also advanced on pool threads

    def run(
        self,
        work: Callable[[TaskContext[P]], T],
        *,
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[P], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        lane: str | None = None,
    ) -> Task[T]:
        """``run_in_background``, tied to this runner's lifetime."""
        return run_in_background(
            work,
            on_done=on_done,
            on_error=on_error,
            on_progress=on_progress,
            on_cancelled=on_cancelled,
            lane=lane,
            lifetime=self.lifetime,
        )

    def single_flight(
        self,
        key: Hashable,
        work: Callable[[TaskContext[P]], T],
        *,
        again: bool,
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[P], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        lane: str | None = None,
    ) -> Task[object] | None:
        """Run ``work`` for ``key`` unless a run for it is in flight.

        A run is in flight from its start until its outcome has been delivered.
        A request meanwhile is dropped (``again=False``: this file is already
        being fetched, returns None), or (``again=True``: more came after the run
        took its list) it asks for one rerun, started as soon as the running
        work ends: the first such request is the rerun, later ones join it and
        get the same task back. The rerun is in flight in turn, without a gap.
        (Asked again once the work has ended but before its outcome is
        delivered, a new run starts at once.)
        """
        with self._lock:
            flight = self._flights.get(key)
            if flight is not None and not again:
                return None
            if flight is not None and not flight.work_ended:
                if flight.again is None:
                    flight.again = self._flight_task(
                        key, work, on_done, on_error, on_progress, on_cancelled, lane
                    )
                return flight.again
            task = self._flight_task(key, work, on_done, on_error, on_progress, on_cancelled, lane)
            self._flights[key] = _Flight(task)
        _start(task)
        return task

    def in_flight(self, key: Hashable) -> Task[object] | None:
        """The run for ``key`` that is working or has yet to deliver, if any."""
        with self._lock:
            flight = self._flights.get(key)
            return flight.current if flight is not None else None

    def cancel(self, key: Hashable) -> None:
        """Cancel the run for ``key`` and the rerun waiting for it."""
        with self._lock:
            flight = self._flights.get(key)
            tasks = [] if flight is None else [flight.current, flight.again]
        for task in tasks:
            if task is not None:
                task.cancel()

    def _flight_task(
        self,
        key: Hashable,
        work: Callable[[TaskContext[P]], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[P], None] | None,
        on_cancelled: Callable[[], None] | None,
        lane: str | None,
    ) -> Task[T]:
        task = Task(
            work,
            on_done=on_done,
            on_error=on_error,
            on_progress=on_progress,
            on_cancelled=on_cancelled,
            lane=lane,
            lifetime=self.lifetime,
        )
        task._after_work = lambda ended: self._work_ended(key, ended)
        task._before_delivery = lambda delivered: self._delivered(key, delivered)
        return task

    def _work_ended(self, key: Hashable, task: Task[object]) -> None:
        """On the pool thread that ran ``task``: start the rerun waiting for it."""
        with self._lock:
            flight = self._flights.get(key)
            if flight is None or flight.current is not task:
                return
            rerun = flight.again
            if rerun is None:
                flight.work_ended = True
                return
            self._flights[key] = _Flight(rerun)
        _start(rerun)

    def _delivered(self, key: Hashable, task: Task[object]) -> None:
        """On the GUI thread, before the callbacks: the flight is over (they may
        start the next one)."""
        with self._lock:
            flight = self._flights.get(key)
            if flight is not None and flight.current is task:
                del self._flights[key]


def wait_for_background_tasks(timeout_ms: int = 30_000) -> bool:
    """Block until the pool is idle (at shutdown, and in tests).

    That includes the tasks waiting in a lane and the reruns of single flights:
    both are started before the pool thread that ran the one before is free.
    """
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
