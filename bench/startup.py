"""Cold start: from spawning a fresh Python process to its main window being shown.

Both sides are a fresh ``python -c`` process that prints a marker line when its
main window has been shown; the time runs from just before ``Popen`` to reading
that line. Ours runs ``meetingapp.ui.shell.application.run_gui`` on a data dir synced from the
demo beforehand; the baseline is a bare ``QApplication`` + ``QMainWindow``. Both
report "shown" the same way: one event-loop turn after ``show()``.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from bench.table import BenchResult
from bench.timing import median_of, paired_medians

KEY = "startup"
NAME = "cold start to main window"
UNIT = "s"
MARKER = "main-window-shown"
CHILD_TIMEOUT = 60.0

_REPORT_SHOWN = f"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def on_shown(window):
    print({MARKER!r}, flush=True)
    QTimer.singleShot(0, QApplication.quit)
"""

BASELINE_PROGRAM = (
    _REPORT_SHOWN
    + """
from PySide6.QtWidgets import QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.show()
QTimer.singleShot(0, lambda: on_shown(window))
sys.exit(app.exec())
"""
)

OURS_PROGRAM = (
    _REPORT_SHOWN
    + """
from pathlib import Path
from meetingapp.store import StoreKeys
from meetingapp.ui.shell.application import run_gui

keys = StoreKeys.from_master(bytes.fromhex(sys.argv[2]))
sys.exit(run_gui(Path(sys.argv[1]), on_shown=on_shown, keys=keys))
"""
)


class UnavailableError(Exception):
    """This side cannot be measured (yet); the message says why."""


def run(repetitions: int) -> BenchResult:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        try:
            baseline = warmed_up(program_launcher(BASELINE_PROGRAM))
        except UnavailableError as reason:
            return _result(None, None, repetitions, f"baseline {reason}")
        try:
            data_dir = prepare_data_dir(Path(folder) / "data")
            ours = warmed_up(program_launcher(OURS_PROGRAM, str(data_dir), _MASTER.hex()))
            ours_median, baseline_median = paired_medians(ours, baseline, repetitions)
        except UnavailableError as reason:
            return _result(None, median_of(baseline, repetitions), repetitions, f"ours {reason}")
    note = "fresh process each time; 1 warm-up run discarded"
    return _result(ours_median, baseline_median, repetitions, note)


def _result(ours: float | None, baseline: float | None, repetitions: int, note: str) -> BenchResult:
    return BenchResult(NAME, UNIT, ours, baseline, repetitions, note)


def warmed_up(launch: Callable[[], float]) -> Callable[[], float]:
    """Run once unmeasured (disk caches, .pyc files); fails early if it cannot start."""
    launch()
    return launch


_MASTER = secrets.token_bytes(32)
"""The run's store key, handed to our program: the keyring (a D-Bus call where
there is one) is left out of the measurement, the decryption is not."""


def prepare_data_dir(data_dir: Path) -> Path:
    """Sync the demo into a fresh data dir, as on first run."""
    try:
        from meetingapp.core.context import AppContext
        from meetingapp.store import StoreKeys
    except ImportError as error:
        raise UnavailableError(f"not available: cannot import meetingapp ({error})") from None
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        try:
            context = AppContext(data_dir, StoreKeys.from_master(_MASTER))
            try:
                context.sync()
            finally:
                context.close()
        except Exception as error:
            raise UnavailableError(f"not available: sync failed ({error!r})") from None
    return data_dir


def program_launcher(program: str, *arguments: str) -> Callable[[], float]:
    """A measurement: seconds from Popen to the marker line of a fresh process."""

    def launch() -> float:
        return time_until_shown([sys.executable, "-c", program, *arguments])

    return launch


def time_until_shown(command: list[str]) -> float:
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=os.environ.copy(),
        )
        assert process.stdout is not None
        reader = _MarkerReader(process.stdout)
        try:
            shown_at = reader.wait_for_marker(CHILD_TIMEOUT)
            _wait_for_exit(process)
        finally:
            _reap(process)
            reader.finish()
        if shown_at is None:
            errors.seek(0)
            detail = _last_line(errors.read()) or f"exit code {process.returncode}"
            raise UnavailableError(f"not available: the window was never shown ({detail})")
        return shown_at - start


class _MarkerReader:
    """Reads a child's stdout in a thread and notes when the marker line arrives."""

    def __init__(self, stdout: IO[str]) -> None:
        self._stdout = stdout
        self._arrivals: queue.Queue[float | None] = queue.Queue()
        self._thread = threading.Thread(target=self._read, name="marker-reader", daemon=True)
        self._thread.start()

    def wait_for_marker(self, timeout: float) -> float | None:
        """perf_counter() when the marker arrived; None if it did not come in time."""
        try:
            return self._arrivals.get(timeout=timeout)
        except queue.Empty:
            return None

    def finish(self) -> None:
        """Wait for the end of output (the child has been reaped) and close the pipe."""
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self._stdout.close()

    def _read(self) -> None:
        # Keep draining after the marker, so that the child never blocks on a full pipe.
        shown = False
        for line in self._stdout:
            if not shown and line.strip() == MARKER:
                self._arrivals.put(time.perf_counter())
                shown = True
        if not shown:
            self._arrivals.put(None)


def _wait_for_exit(process: subprocess.Popen[str]) -> None:
    try:
        process.wait(timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()


def _reap(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
