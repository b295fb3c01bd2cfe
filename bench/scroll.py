"""Scrolling through a long document in the real reader: the longest GUI stall.

The reader (:class:`bench.qt.Reader`: a DocumentView with the PageRenderer and its
render worker process, in a shown 1200 × 900 window) shows a generated
1,000-page document and is scrolled from the first page through 500 pages at a
brisk reading pace: a frame every 16 ms, 25 pages a second. Every page that comes
into view is rendered, sent to the GUI and painted, as in the app. A probe timer on
the GUI thread fires every 2 ms; the longest gap between two of its ticks (less the
2 ms) is the longest the event loop was blocked, the longest stall the reader
would feel. The baseline scrolls a plain QScrollArea over a blank widget of the
same height the same way: the stalls of this machine's event loop with no reader
at all. A ratio of two stalls means little, so the table shows none; the target is
an absolute 50 ms. Where the scheduler keeps statistics (Linux), the note splits
the longest stall into the time the GUI thread ran (its own work), the time it was
ready but had no CPU (a busy machine) and the rest (blocked, on the GIL for one).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget

from bench.qt import WINDOW, Reader
from bench.table import BenchResult
from meetingapp.ui.shell.application import application

KEY = "scroll"
NAME = "scroll 500 pages at 25 pages/s (longest GUI stall)"
UNIT = "ms"
PAGES = 1000
STALL_PAGES = 500
PAGES_PER_SECOND = 25
FRAME_MS = 16
PROBE_MS = 2
TARGET_MS = 50
MAX_REPETITIONS = 3
"""A pass takes 20 s a side; three are enough to see the spread."""

_TEXT = (
    "Förvaltningen föreslår att nämnden beslutar att godkänna redovisningen och "
    "att uppdra åt förvaltningen att återkomma med en uppföljning under hösten."
)


def make_document(path: Path, pages: int = PAGES) -> Path:
    """A long text document; PyMuPDF is imported here only (never by the reader)."""
    import pymupdf

    document = pymupdf.open()
    for index in range(pages):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 72), f"Sida {index + 1}", fontsize=16)
        for line in range(40):
            page.insert_text((72, 110 + line * 17), _TEXT[: 60 + line % 20], fontsize=10)
    document.save(path)
    document.close()
    return path


@dataclass(frozen=True)
class Stall:
    """The longest stall, and what the GUI thread did meanwhile (Linux; else None)."""

    seconds: float
    running: float | None = None
    """Seconds the GUI thread ran on a CPU during the stall: its own work."""
    waiting: float | None = None
    """Seconds it was ready to run but had no CPU: the machine was busy."""


def thread_times() -> tuple[float, float] | None:
    """(running, waiting for a CPU) seconds of the calling thread so far, from the
    scheduler's statistics; None where there are none."""
    try:
        fields = _SCHEDSTAT.read_text().split()
    except OSError:
        return None
    return int(fields[0]) / 1e9, int(fields[1]) / 1e9


_SCHEDSTAT = Path("/proc/thread-self/schedstat")


class StallProbe:
    """Measures the longest time the GUI thread did not get to a frequent timer."""

    def __init__(self) -> None:
        self.longest = Stall(0.0)
        self._last = time.perf_counter()
        self._times = thread_times()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._times = thread_times()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        times = thread_times()
        gap = now - self._last - PROBE_MS / 1000
        if gap > self.longest.seconds:
            self.longest = _stall(gap, self._times, times)
        self._last, self._times = now, times


def _stall(
    gap: float, before: tuple[float, float] | None, after: tuple[float, float] | None
) -> Stall:
    if before is None or after is None:
        return Stall(gap)
    return Stall(gap, running=after[0] - before[0], waiting=after[1] - before[1])


class ImageCounter(QObject):
    """Counts the page images the renderer delivers to the GUI thread."""

    def __init__(self, reader: Reader) -> None:
        super().__init__()
        self.count = 0
        reader.renderer.page_rendered.connect(self._count)

    def _count(self, *_arguments: object) -> None:
        self.count += 1


def scroll_through(
    bar_maximum: Callable[[], int],
    set_value: Callable[[int], None],
    pixels_per_page: float,
    pages: int,
) -> Stall:
    """Scroll ``pages`` pages frame by frame; returns the longest stall."""
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


def scroll_reader(reader: Reader, pages: int) -> tuple[Stall, int]:
    """Scroll the shown document; returns (longest stall, page images received)."""
    view = reader.pdf_view
    bar = view.verticalScrollBar()
    per_page = (bar.maximum() + view.viewport().height()) / view.page_count
    counter = ImageCounter(reader)
    stall = scroll_through(bar.maximum, bar.setValue, per_page, pages)
    return stall, counter.count


def measure_reader(path: Path, pages: int) -> tuple[Stall, int]:
    """A fresh reader shows ``path`` and is scrolled through ``pages`` pages."""
    with Reader() as reader:
        reader.show(path)
        return scroll_reader(reader, pages)


def measure_plain(pages: int) -> Stall:
    """The same scrolling over a blank widget: the stalls of the machine itself."""
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


def run(repetitions: int) -> BenchResult:
    return measure(PAGES, STALL_PAGES, min(repetitions, MAX_REPETITIONS))


def measure(pages: int, scrolled: int, repetitions: int) -> BenchResult:
    """Median of the longest stall over ``repetitions`` passes of each side."""
    with tempfile.TemporaryDirectory(prefix="bench-scroll-") as directory:
        path = make_document(Path(directory) / "lang.pdf", pages)
        ours: list[Stall] = []
        baseline: list[Stall] = []
        images: list[int] = []
        for _ in range(repetitions):
            baseline.append(measure_plain(scrolled))
            stall, received = measure_reader(path, scrolled)
            ours.append(stall)
            images.append(received)
    name = NAME if scrolled == STALL_PAGES else f"scroll {scrolled} pages (longest GUI stall)"
    return BenchResult(
        name=name,
        unit=UNIT,
        ours=statistics.median(stall.seconds for stall in ours) * 1000,
        baseline=statistics.median(stall.seconds for stall in baseline) * 1000,
        repetitions=repetitions,
        note=(
            f"{WINDOW[0]}×{WINDOW[1]} window, {pages}-page document, {min(images)}–"
            f"{max(images)} page images rendered and delivered to the view per pass; "
            f"ours {_spread(ours)}, baseline (a blank QScrollArea scrolled the same way) "
            f"{_spread(baseline)}; target ≤ {TARGET_MS} ms"
        ),
        comparable=False,
    )


def _spread(stalls: list[Stall]) -> str:
    """The stalls of the passes, and what the GUI thread did during the longest."""
    seconds = [stall.seconds for stall in stalls]
    spread = f"{min(seconds) * 1000:.0f}–{max(seconds) * 1000:.0f} ms"
    worst = max(stalls, key=lambda stall: stall.seconds)
    if worst.running is None or worst.waiting is None:
        return spread
    blocked = max(worst.seconds - worst.running - worst.waiting, 0.0)
    return (
        f"{spread} (the longest: the GUI thread running {worst.running * 1000:.0f} ms, "
        f"ready but without a CPU {worst.waiting * 1000:.0f} ms, blocked or idle "
        f"{blocked * 1000:.0f} ms)"
    )
