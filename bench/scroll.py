"""Scrolling through a long document in the real reader: GUI stalls and peak memory.

The reader (``ReaderPane`` with its render worker) shows a generated 1,000-page
document in a 1200 × 900 window and is scrolled from the first page to the last
at a brisk reading pace (a frame every 16 ms, 25 pages a second). A probe timer
on the GUI thread measures how late the event loop gets to it: the longest gap
is the longest stall the reader would feel. The baseline scrolls a plain
QScrollArea over a blank widget of the same height in the same way, which shows
the stalls this machine has anyway.

Peak memory is the peak resident size of this process plus that of the render
worker (Linux ``VmHWM``), after the whole document was scrolled.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

from bench.table import BenchResult
from bench.timing import paired_medians

KEY = "scroll"
NAME = "scroll 500 pages (longest GUI stall)"
MEMORY_KEY = "reader-memory"
MEMORY_NAME = "peak memory after scrolling 1,000 pages"
PAGES = 1000
STALL_PAGES = 500
PAGES_PER_SECOND = 25
FRAME_MS = 16
PROBE_MS = 2
WINDOW = (1200, 900)

_TEXT = (
    "Förvaltningen föreslår att nämnden beslutar att godkänna redovisningen och "
    "att uppdra åt förvaltningen att återkomma med en uppföljning under hösten."
)


def make_document(path: Path, pages: int = PAGES) -> Path:
    document = pymupdf.open()
    for index in range(pages):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 72), f"Sida {index + 1}", fontsize=16)
        for line in range(40):
            page.insert_text((72, 110 + line * 17), _TEXT[: 60 + line % 20], fontsize=10)
    document.save(path)
    document.close()
    return path


class StallProbe:
    """Measures the longest time the GUI thread did not get to a frequent timer."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last - PROBE_MS / 1000)
        self._last = now


def scroll_through(
    bar_maximum: Callable[[], int],
    set_value: Callable[[int], None],
    pixels_per_page: float,
    pages: int,
) -> float:
    """Scroll ``pages`` pages frame by frame; returns the longest stall in seconds."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    step = pixels_per_page * PAGES_PER_SECOND * FRAME_MS / 1000
    target = min(bar_maximum(), round(pixels_per_page * pages))
    probe = StallProbe()
    loop = QEventLoop()
    position = 0.0
    frames = QTimer()
    frames.setTimerType(Qt.TimerType.PreciseTimer)
    frames.setInterval(FRAME_MS)

    def frame() -> None:
        nonlocal position
        position = min(position + step, target)
        set_value(round(position))
        if position >= target:
            frames.stop()
            loop.quit()

    frames.timeout.connect(frame)
    probe.start()
    frames.start()
    loop.exec()
    probe.stop()
    return probe.longest


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the reader did not show the document in time")
        QCoreApplication.processEvents()
        time.sleep(0.005)


def measure_reader(path: Path, pages: int) -> tuple[float, float]:
    """Scroll the real reader; returns (longest stall in s, peak memory in MB)."""
    from meetingapp.library import Document, DocumentRole
    from meetingapp.ui.app import application
    from meetingapp.ui.page_renderer import PageRenderer
    from meetingapp.ui.reader import ReaderPane

    application()
    renderer = PageRenderer()
    pane = ReaderPane(renderer)
    pane.resize(*WINDOW)
    pane.show()
    document = Document("bench", "Lång handling", path.name, "application/pdf", None,
                        DocumentRole.MAIN, None, path)  # fmt: skip
    view = pane.primary.pdf_view
    pane.primary.show_document(document)
    wait_until(lambda: view.canvas.has_pixmap(0))
    bar = view.verticalScrollBar()
    per_page = (bar.maximum() + view.viewport().height()) / view.page_count
    try:
        stall = scroll_through(bar.maximum, bar.setValue, per_page, pages)
        memory = peak_memory_mb(renderer.worker.pid)
    finally:
        pane.close()
        renderer.shutdown()
        pane.deleteLater()
    return stall, memory


def measure_plain(pages: int) -> float:
    """The same scrolling over a blank widget: the stalls of the machine itself."""
    from PySide6.QtWidgets import QScrollArea, QWidget

    from meetingapp.ui.app import application

    application()
    area = QScrollArea()
    blank = QWidget()
    per_page = 1100.0
    blank.setFixedSize(WINDOW[0] - 40, round(per_page * PAGES))
    area.setWidget(blank)
    area.resize(*WINDOW)
    area.show()
    bar = area.verticalScrollBar()
    try:
        return scroll_through(bar.maximum, bar.setValue, per_page, pages)
    finally:
        area.close()
        area.deleteLater()


def peak_memory_mb(worker_pid: int | None) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return own + _peak_of(worker_pid) / 1024


def _peak_of(pid: int | None) -> float:
    """Peak resident set of a process in KiB (0 where /proc is missing)."""
    if pid is None:
        return 0.0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return float(line.split()[1])
    return 0.0


def run(repetitions: int) -> BenchResult:
    with tempfile.TemporaryDirectory(prefix="bench-scroll-") as directory:
        path = make_document(Path(directory) / "lang.pdf")
        ours, baseline = paired_medians(
            lambda: measure_reader(path, STALL_PAGES)[0],
            lambda: measure_plain(STALL_PAGES),
            repetitions=min(repetitions, 3),
        )
    return BenchResult(
        name=NAME,
        unit="ms",
        ours=ours * 1000,
        baseline=baseline * 1000,
        repetitions=min(repetitions, 3),
        note=(
            f"{PAGES_PER_SECOND} pages/s in a {WINDOW[0]}×{WINDOW[1]} window; baseline: a plain "
            "QScrollArea over a blank widget scrolled the same way; target ≤ 50 ms"
        ),
    )


def run_memory(repetitions: int) -> BenchResult:
    """Measured in a fresh process, so nothing of the benchmark itself is counted."""
    if not sys.platform.startswith("linux"):
        return BenchResult(MEMORY_NAME, "MB", None, None, 0, "needs Linux /proc")
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as directory:
        path = make_document(Path(directory) / "lang.pdf")
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        answer = subprocess.run(
            [sys.executable, "-m", "bench.scroll", str(path)],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
    return BenchResult(
        name=MEMORY_NAME,
        unit="MB",
        ours=float(answer.stdout.strip().splitlines()[-1]),
        baseline=400.0,
        repetitions=1,
        note=(
            "peak RSS of the app process plus the render worker after scrolling all "
            f"{PAGES} pages at {PAGES_PER_SECOND} pages/s; baseline column: the 400 MB budget"
        ),
    )


if __name__ == "__main__":
    print(f"{measure_reader(Path(sys.argv[1]), PAGES)[1]:.1f}")
