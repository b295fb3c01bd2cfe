"""Background tasks: results, errors and progress come back on the GUI thread."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

from pytestqt.qtbot import QtBot

from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.tasks import Report, run_in_background, wait_for_background_tasks


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    application()
    gui_thread = threading.current_thread()
    seen: list[tuple[str, Any, bool]] = []

    def work(report: Report) -> int:
        assert threading.current_thread() is not gui_thread
        for step in range(3):
            report(step)
        return 42

    def record(kind: str) -> Any:
        return lambda value: seen.append((kind, value, threading.current_thread() is gui_thread))

    run_in_background(
        work, on_done=record("done"), on_error=record("error"), on_progress=record("progress")
    )
    qtbot.waitUntil(lambda: len(seen) == 4)
    assert seen == [
        ("progress", 0, True),
        ("progress", 1, True),
        ("progress", 2, True),
        ("done", 42, True),
    ]


def test_exception_is_delivered_not_lost(qtbot: QtBot) -> None:
    application()
    errors: list[Exception] = []

    def fail(_report: Report) -> None:
        raise OSError("Disken är full")

    run_in_background(fail, on_done=lambda _v: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert [str(error) for error in errors] == ["Disken är full"]
    assert wait_for_background_tasks()


_MANY_REPORTS = """
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.tasks import run_in_background
app = application()
def work(report):
    for step in range(3000):
        report(("files", step, None))
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
