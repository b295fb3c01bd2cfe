"""Background tasks: results, errors and progress come back on the GUI thread;
cancelling, lanes, single flights and lifetimes."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.tasks import (
    Lifetime,
    Task,
    TaskContext,
    TaskRunner,
    run_in_background,
    wait_for_background_tasks,
)

WAIT_S = 10.0
"""How long a worker waits for an event the test promises (a hang, not a pace)."""

NOT_HAPPENING_S = 0.3
"""How long a worker gives something that must not happen (two tasks of one lane at once)."""


@pytest.fixture(autouse=True)
def gui() -> Iterator[None]:
    application()
    yield
    assert wait_for_background_tasks()
    QCoreApplication.sendPostedEvents()  # nothing of this test is delivered in the next


class Outcomes:
    """What the callbacks received, and on which thread."""

    def __init__(self) -> None:
        self.gui_thread = threading.current_thread()
        self.seen: list[tuple[str, Any]] = []
        self.off_gui_thread: list[str] = []

    def record(self, kind: str) -> Callable[[Any], None]:
        def record_value(value: Any) -> None:
            if threading.current_thread() is not self.gui_thread:
                self.off_gui_thread.append(kind)
            self.seen.append((kind, value))

        return record_value

    def cancelled(self) -> None:
        self.record("cancelled")(None)

    def kinds(self) -> list[str]:
        return [kind for kind, _value in self.seen]


class Recorder:
    """Start and end of each run, from the pool threads, under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.events: list[tuple[str, object]] = []
        self.active = 0
        self.most_active = 0

    def start(self, name: object) -> None:
        with self.lock:
            self.events.append(("start", name))
            self.active += 1
            self.most_active = max(self.most_active, self.active)

    def end(self, name: object) -> None:
        with self.lock:
            self.events.append(("end", name))
            self.active -= 1

    def runs(self) -> list[object]:
        with self.lock:
            return [name for kind, name in self.events if kind == "start"]


def no_error(error: Exception) -> None:
    pytest.fail(f"unexpected error: {error!r}")


def waited(event: threading.Event) -> None:
    assert event.wait(WAIT_S), "the test never set the event"


# Results, errors, progress ------------------------------------------------------------


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui_thread = threading.current_thread()
    outcomes = Outcomes()

    def work(context: TaskContext[int]) -> int:
        assert threading.current_thread() is not gui_thread
        for step in range(3):
            context.report(step)
        return 42

    task: Task[int] = run_in_background(
        work,
        on_done=outcomes.record("done"),
        on_error=outcomes.record("error"),
        on_progress=outcomes.record("progress"),
    )
    qtbot.waitUntil(lambda: task.finished)
    assert outcomes.seen == [("progress", 0), ("progress", 1), ("progress", 2), ("done", 42)]
    assert outcomes.off_gui_thread == []


def test_exception_is_delivered_not_lost(qtbot: QtBot) -> None:
    errors: list[Exception] = []

    def fail(_context: TaskContext[object]) -> None:
        raise OSError("Disken är full")

    run_in_background(fail, on_done=lambda _v: pytest.fail("no result"), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert [type(error) for error in errors] == [OSError]
    assert [str(error) for error in errors] == ["Disken är full"]
    assert wait_for_background_tasks()


_MANY_REPORTS = """
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.tasks import run_in_background
app = application()
def work(context):
    for step in range(3000):
        context.report(("files", step, None))
    return "ok"
run_in_background(work, on_done=lambda _v: app.quit(), on_error=lambda _e: app.exit(3))
raise SystemExit(app.exec())
"""


def test_many_progress_reports_then_a_clean_exit() -> None:
    """Thousands of cross-thread reports must not corrupt reference counts.

    (PySide6 6.12.0 crashed at interpreter exit after ~100 of them.)
    """
    completed = subprocess.run(
        [sys.executable, "-c", _MANY_REPORTS], capture_output=True, text=True, timeout=120
    )
    assert "Fatal Python error" not in completed.stderr
    assert completed.returncode == 0, completed.stderr[-2000:]


# Cancelling ---------------------------------------------------------------------------


def test_a_task_cancelled_before_it_starts_never_runs(qtbot: QtBot) -> None:
    gate = threading.Event()
    ran: list[str] = []
    outcomes = Outcomes()
    run_in_background(
        lambda _context: waited(gate), on_done=lambda _v: None, on_error=no_error, lane="t1"
    )
    queued = run_in_background(
        lambda _context: ran.append("queued"),
        on_done=outcomes.record("done"),
        on_error=outcomes.record("error"),
        on_cancelled=outcomes.cancelled,
        lane="t1",
    )
    queued.cancel()
    assert queued.cancelled
    gate.set()
    qtbot.waitUntil(lambda: queued.finished)
    assert ran == []
    assert outcomes.kinds() == ["cancelled"]


def test_a_running_task_sees_the_cancel_and_its_result_is_not_delivered(qtbot: QtBot) -> None:
    started = threading.Event()
    outcomes = Outcomes()

    def work(context: TaskContext[str]) -> str:
        started.set()
        waited(context.cancelled)
        context.report("after the cancel")
        return "stopped early"

    task = run_in_background(
        work,
        on_done=outcomes.record("done"),
        on_error=outcomes.record("error"),
        on_progress=outcomes.record("progress"),
        on_cancelled=outcomes.cancelled,
    )
    waited(started)
    task.cancel()
    qtbot.waitUntil(lambda: task.finished)
    assert outcomes.kinds() == ["cancelled"]


def test_cancelled_without_on_cancelled_delivers_nothing(qtbot: QtBot) -> None:
    outcomes = Outcomes()
    task = run_in_background(
        lambda context: waited(context.cancelled),
        on_done=outcomes.record("done"),
        on_error=outcomes.record("error"),
    )
    task.cancel()
    qtbot.waitUntil(lambda: task.finished)
    assert outcomes.seen == []


# Lanes --------------------------------------------------------------------------------


def test_a_lane_runs_its_tasks_in_order_one_at_a_time(qtbot: QtBot) -> None:
    recorder = Recorder()
    second_started = threading.Event()

    def step(number: int) -> Callable[[TaskContext[object]], int]:
        def work(_context: TaskContext[object]) -> int:
            recorder.start(number)
            if number == 1:
                second_started.set()
            if number == 0:  # were the lane not serial, the next one would start now
                assert not second_started.wait(NOT_HAPPENING_S)
            recorder.end(number)
            return number

        return work

    done: list[int] = []
    tasks = [
        run_in_background(step(number), on_done=done.append, on_error=no_error, lane="store")
        for number in range(6)
    ]
    qtbot.waitUntil(lambda: all(task.finished for task in tasks))
    assert done == list(range(6))
    assert recorder.events == [(kind, number) for number in range(6) for kind in ("start", "end")]
    assert recorder.most_active == 1


def test_two_lanes_and_a_task_without_one_run_beside_each_other(qtbot: QtBot) -> None:
    """Each waits for the other to have started: they can only finish side by side."""
    a_started, b_started = threading.Event(), threading.Event()

    def meet(mine: threading.Event, theirs: threading.Event) -> Callable[[object], bool]:
        def work(_context: object) -> bool:
            mine.set()
            return theirs.wait(WAIT_S)

        return work

    met: list[bool] = []
    first = run_in_background(
        meet(a_started, b_started), on_done=met.append, on_error=no_error, lane="a"
    )
    second = run_in_background(
        meet(b_started, a_started), on_done=met.append, on_error=no_error, lane="b"
    )
    qtbot.waitUntil(lambda: first.finished and second.finished, timeout=int(WAIT_S * 2000))
    assert met == [True, True]

    c_started = threading.Event()
    on_lane = run_in_background(
        meet(threading.Event(), c_started),
        on_done=met.append,
        on_error=no_error,
        lane="a",
    )
    unnamed = run_in_background(
        lambda _context: c_started.set(), on_done=lambda _v: None, on_error=no_error
    )
    qtbot.waitUntil(lambda: on_lane.finished and unnamed.finished, timeout=int(WAIT_S * 2000))
    assert met == [True, True, True]


def test_waiting_for_the_background_includes_what_waits_in_a_lane() -> None:
    first_started, gate = threading.Event(), threading.Event()
    ran: list[int] = []

    def step(number: int) -> Callable[[TaskContext[object]], None]:
        def work(_context: TaskContext[object]) -> None:
            if number == 0:
                first_started.set()
                waited(gate)
            ran.append(number)

        return work

    for number in range(3):
        run_in_background(step(number), on_done=lambda _v: None, on_error=no_error, lane="w")
    releaser = threading.Thread(target=lambda: (waited(first_started), gate.set()))
    releaser.start()
    assert wait_for_background_tasks()  # the GUI thread blocks: nothing is delivered
    releaser.join()
    assert ran == [0, 1, 2]


# Single flights -----------------------------------------------------------------------


def test_requests_during_a_run_make_exactly_one_rerun(qtbot: QtBot) -> None:
    runner = TaskRunner()
    recorder = Recorder()
    gate = threading.Event()
    done: list[int] = []

    def work(_context: TaskContext[object]) -> int:
        runs = len(recorder.runs())
        recorder.start(runs)
        if runs == 0:
            waited(gate)
        recorder.end(runs)
        return runs

    def request() -> Task[object] | None:
        return runner.single_flight(
            "process", work, again=True, on_done=done.append, on_error=no_error
        )

    first = request()
    assert first is not None and runner.in_flight("process") is first
    reruns = {request() for _ in range(5)}
    assert len(reruns) == 1 and first not in reruns and None not in reruns
    gate.set()
    qtbot.waitUntil(lambda: runner.in_flight("process") is None)
    assert done == [0, 1]
    assert recorder.events == [("start", 0), ("end", 0), ("start", 1), ("end", 1)]
    assert all(task is not None and task.finished for task in (first, *reruns))


def test_a_key_is_in_flight_until_its_rerun_is_delivered(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    in_flight_when_done: list[bool] = []

    def done(_result: object) -> None:
        in_flight_when_done.append(runner.in_flight("k") is not None)

    def request() -> Task[object] | None:
        return runner.single_flight(
            "k", lambda _context: waited(gate), again=True, on_done=done, on_error=no_error
        )

    request()
    rerun = request()
    assert rerun is not None
    gate.set()
    qtbot.waitUntil(lambda: rerun.finished)
    assert runner.in_flight("k") is None
    # The first run's outcome arrived while the rerun was in flight; the rerun's, after it.
    assert in_flight_when_done == [True, False]


def test_duplicates_are_dropped_while_a_run_is_in_flight(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    runs: list[str] = []

    def fetch(_context: TaskContext[object]) -> str:
        waited(gate)
        runs.append("fetch")
        return "hämtad"

    def request() -> Task[object] | None:
        return runner.single_flight(
            ("fetch", "f1"), fetch, again=False, on_done=lambda _v: None, on_error=no_error
        )

    first = request()
    assert first is not None
    assert [request() for _ in range(3)] == [None, None, None]
    other = runner.single_flight(
        ("fetch", "f2"), fetch, again=False, on_done=lambda _v: None, on_error=no_error
    )
    assert other is not None, "another key is not a duplicate"
    gate.set()
    qtbot.waitUntil(lambda: first.finished and other.finished)
    assert runs == ["fetch", "fetch"]
    again = request()  # the run is over: a new request runs
    assert again is not None
    qtbot.waitUntil(lambda: again.finished)
    assert runs == ["fetch"] * 3


def test_cancelling_a_key_cancels_its_run_and_the_rerun_waiting(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    ran: list[str] = []
    outcomes = Outcomes()

    def work(context: TaskContext[object]) -> None:
        started.set()
        waited(context.cancelled)
        ran.append("run")

    def request() -> Task[object] | None:
        return runner.single_flight(
            "sync",
            work,
            again=True,
            on_done=outcomes.record("done"),
            on_error=outcomes.record("error"),
            on_cancelled=outcomes.cancelled,
        )

    first, rerun = request(), request()
    assert first is not None and rerun is not None
    waited(started)
    runner.cancel("sync")
    qtbot.waitUntil(lambda: rerun.finished)
    assert ran == ["run"], "the rerun never ran"
    assert outcomes.kinds() == ["cancelled", "cancelled"]
    assert runner.in_flight("sync") is None


# Lifetimes ----------------------------------------------------------------------------


def test_nothing_is_delivered_once_the_lifetime_has_ended(qtbot: QtBot) -> None:
    lifetime = Lifetime()
    runner = TaskRunner(lifetime)
    started, gate = threading.Event(), threading.Event()
    outcomes = Outcomes()

    def work(context: TaskContext[str]) -> str:
        started.set()
        waited(gate)
        context.report("late")
        return "late"

    def failing(_context: TaskContext[object]) -> None:
        waited(gate)
        raise OSError("late")

    handlers: dict[str, Any] = {
        "on_done": outcomes.record("done"),
        "on_error": outcomes.record("error"),
        "on_cancelled": outcomes.cancelled,
    }
    tasks = [
        runner.run(work, on_progress=outcomes.record("progress"), **handlers),
        runner.run(failing, **handlers),
        runner.single_flight("k", failing, again=False, **handlers),
    ]
    waited(started)
    lifetime.end()
    assert not lifetime.is_open
    gate.set()
    qtbot.waitUntil(lambda: all(task is not None and task.finished for task in tasks))
    assert outcomes.seen == []
    assert runner.in_flight("k") is None, "the flight is over all the same"


def test_a_lifetime_ends_when_what_it_watches_closes(qtbot: QtBot) -> None:
    store_open = True
    outcomes = Outcomes()
    lifetime = Lifetime(open_while=lambda: store_open)
    assert lifetime.is_open
    gate = threading.Event()
    task = run_in_background(
        lambda _context: waited(gate),
        on_done=outcomes.record("done"),
        on_error=outcomes.record("error"),
        lifetime=lifetime,
    )
    store_open = False
    gate.set()
    qtbot.waitUntil(lambda: task.finished)
    assert not lifetime.is_open
    assert outcomes.seen == []
