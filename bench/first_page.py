"""Time to the first visible page of the demo's big meeting packet.

Ours is the real reader: a :class:`~meetingapp.ui.reader.document_view.DocumentView` in a
shown 1200 × 900 window, with the :class:`~meetingapp.ui.reader.page_renderer.PageRenderer`
and its render worker process already running (the app starts them at launch).
The clock starts when the document is handed to the view (``show_document``, what
choosing it in the agenda does) and stops when the view has painted page 1 from
its rendered image, at the scale the window gives it (fit width): the worker opens
the file and describes every page, the view lays them out and asks for the pages
in view, the worker renders page 1 and its pixels reach the screen. The baseline
is raw PyMuPDF in this process at the same scale, ``pymupdf.open`` and
``get_pixmap`` of page 1. The target is ours ≤ 1.2 × baseline + 50 ms. Each
measurement opens a fresh copy of the file, so neither side finds it open.

The document is the largest PDF of the committed demo publication (the
kommunfullmäktige meeting packet, 283 pages), or, without it, of a demo built
for the run.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPaintEvent

from bench.qt import Reader, Waiter, pdf_document, sealed_copy, settle
from bench.table import BenchResult
from meetingapp.ui.reader.page_canvas import PageCanvas

KEY = "first_page"
NAME = "first visible page of the demo's largest packet"
UNIT = "ms"
TARGET_FACTOR = 1.2
TARGET_ALLOWANCE = 0.050
"""The target: ours ≤ TARGET_FACTOR × baseline + TARGET_ALLOWANCE seconds."""
SETTLE_SECONDS = 0.5
"""Pause after each measurement, so the reader has rendered the rest of its view."""

DEMO_FILES = "resources/demo/files/*/*.pdf"


def run(repetitions: int) -> BenchResult:
    with tempfile.TemporaryDirectory(prefix="bench-first-page-") as folder:
        source, origin = long_document(Path(folder))
        return measure(source, origin, repetitions)


def measure(source: Path, origin: str, repetitions: int) -> BenchResult:
    """Median over ``repetitions`` first pages, each side opening a fresh copy."""
    names = (source.with_name(f"copy-{n}.pdf") for n in itertools.count())

    def fresh_copy() -> Path:
        return Path(shutil.copyfile(source, next(names)))

    def fresh_sealed_copy() -> Path:
        return sealed_copy(source, next(names))

    with Reader() as reader:
        ours = on_fresh_copy(lambda path: first_page_in_reader(reader, path), fresh_sealed_copy)
        ours()  # warm-up: the worker loads PyMuPDF and fonts; the view lays out once
        scale = reader.pdf_view.canvas.device_scale
        baseline = on_fresh_copy(lambda path: first_page_in_process(path, scale), fresh_copy)
        baseline()
        ours_times: list[float] = []
        baseline_times: list[float] = []
        for _ in range(repetitions):
            baseline_times.append(baseline())
            ours_times.append(ours())
    ours_median = statistics.median(ours_times)
    baseline_median = statistics.median(baseline_times)
    target = TARGET_FACTOR * baseline_median + TARGET_ALLOWANCE
    return BenchResult(
        name=NAME,
        unit=UNIT,
        ours=ours_median * 1000,
        baseline=baseline_median * 1000,
        repetitions=repetitions,
        note=(
            f"{origin}, scale {scale:g}; DocumentView show_document of the sealed copy "
            f"→ page 1 painted vs plain "
            f"pymupdf.open + get_pixmap of page 1; target ≤ {TARGET_FACTOR:g} × baseline "
            f"+ 50 ms = {target * 1000:.0f} ms"
        ),
    )


def on_fresh_copy(
    show: Callable[[Path], float], fresh_copy: Callable[[], Path]
) -> Callable[[], float]:
    """A measurement: ``show`` (which times itself) on a fresh copy, removed after."""

    def measurement() -> float:
        path = fresh_copy()
        try:
            return show(path)
        finally:
            with contextlib.suppress(OSError):  # Windows: the worker still has it open
                path.unlink()

    return measurement


def first_page_in_reader(reader: Reader, path: Path) -> float:
    """Seconds from ``show_document`` to the end of the paint that shows page 1."""
    canvas = reader.pdf_view.canvas
    painted = Waiter()
    watcher = _FirstPagePaint(canvas, painted)
    document = pdf_document(path)
    start = time.perf_counter()
    reader.view.show_document(document)
    try:
        finished = painted.wait(what="the first page")
    finally:
        canvas.removeEventFilter(watcher)
    settle(SETTLE_SECONDS)
    return finished - start


class _FirstPagePaint(QObject):
    """Paints the canvas itself when the paint shows page 1 from its image, so the
    time can be taken right after the pixels are drawn."""

    def __init__(self, canvas: PageCanvas, painted: Waiter) -> None:
        super().__init__()
        self._canvas = canvas
        self._painted = painted
        canvas.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        canvas = self._canvas
        if watched is not canvas or event.type() != QEvent.Type.Paint or self._painted.finished:
            return False
        assert isinstance(event, QPaintEvent)
        if not canvas.page_count or not canvas.has_pixmap(0):
            return False
        if not event.rect().intersects(canvas.page_rect(0)):
            return False
        canvas.paintEvent(event)
        self._painted.done()
        return True


def first_page_in_process(path: Path, scale: float) -> float:
    import pymupdf

    start = time.perf_counter()
    with pymupdf.open(path) as document:
        pixmap = document[0].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        assert document.page_count > 0 and pixmap.width > 0
        return time.perf_counter() - start


def long_document(folder: Path) -> tuple[Path, str]:
    """The demo's largest PDF copied into ``folder`` as the original of the copies."""
    root = Path(__file__).resolve().parents[1]
    candidates = sorted(root.glob(DEMO_FILES))
    origin = "committed demo"
    if not candidates:
        candidates, origin = [_built_demo_packet(folder)], "demo built for the run"
    pages, largest = max((_page_count(path), path) for path in candidates)
    copy = Path(shutil.copyfile(largest, folder / "packet.pdf"))
    return copy, f"{origin}: {largest.stem}, {pages} pages"


def _built_demo_packet(folder: Path) -> Path:
    import datetime as dt

    from meetingapp.demo import build_demo

    summary = build_demo(folder / "demo", anchor=dt.date(2026, 11, 23))
    return summary.large_packet_path


def _page_count(path: Path) -> int:
    import pymupdf

    with pymupdf.open(path) as document:
        return int(document.page_count)
