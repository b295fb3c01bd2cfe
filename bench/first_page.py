"""Time to the first page of a long document: open it and see page 1.

Ours: the render worker is already running (the app starts it at launch), then
``open_document`` (page count, every page's size, labels and outline: what the
viewer needs to lay out the document) and ``render_page`` of page 1 at scale 1.5,
its pixels delivered to this process. The baseline is raw PyMuPDF in this process,
``pymupdf.open`` and ``get_pixmap`` of page 1, plus an allowance of 50 ms for what
any viewer adds around it; the raw time is in the note. Each measurement opens a
fresh copy of the file, so no side finds it already open.

The document is the demo's "Mål och budget" (well over 250 pages) when the
committed demo publication is there, else a generated 250-page text document.
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

import pymupdf

from bench.render import make_text_packet
from bench.table import BenchResult
from meetingapp.render import RenderWorker

KEY = "first_page"
NAME = "first page of a 250-page document"
UNIT = "ms"
SCALE = 1.5
PAGES = 250
ALLOWANCE = 0.050
"""Seconds granted to the baseline for what any viewer adds (layout, first paint)."""

DEMO_BUDGET = "resources/demo/files/*/Mal_och_budget_*.pdf"


def run(repetitions: int) -> BenchResult:
    with tempfile.TemporaryDirectory(prefix="bench-first-page-") as folder:
        source, origin = long_document(Path(folder))
        return measure(source, origin, repetitions)


def measure(source: Path, origin: str, repetitions: int) -> BenchResult:
    """Median over ``repetitions`` first pages, each side opening a fresh copy."""
    copies = (source.with_name(f"copy-{n}.pdf") for n in itertools.count())

    def fresh_copy() -> Path:
        return Path(shutil.copyfile(source, next(copies)))

    with RenderWorker() as worker:
        raw = time_first_page(first_page_in_process, fresh_copy)
        ours = time_first_page(lambda path: first_page_with_worker(worker, path), fresh_copy)
        # Warm-up: the worker boots and loads PyMuPDF (the app does that at launch),
        # both sides load fonts and fill glyph caches.
        raw(), ours()
        raw_times: list[float] = []
        ours_times: list[float] = []
        for _ in range(repetitions):
            raw_times.append(raw())
            ours_times.append(ours())
    raw_median = statistics.median(raw_times)
    return BenchResult(
        name=NAME,
        unit=UNIT,
        ours=statistics.median(ours_times) * 1000,
        baseline=(raw_median + ALLOWANCE) * 1000,
        repetitions=repetitions,
        note=(
            f"{origin}; worker open_document + render_page 1 vs in-process "
            f"pymupdf.open + get_pixmap ({raw_median * 1000:.3g} ms) + 50 ms"
        ),
    )


def time_first_page(
    show: Callable[[Path], object], fresh_copy: Callable[[], Path]
) -> Callable[[], float]:
    def measurement() -> float:
        path = fresh_copy()
        start = time.perf_counter()
        show(path)
        elapsed = time.perf_counter() - start
        with contextlib.suppress(OSError):  # Windows: the worker still has it open
            path.unlink()
        return elapsed

    return measurement


def first_page_with_worker(worker: RenderWorker, path: Path) -> None:
    info = worker.open_document(path)
    page = worker.render_page(path, 0, SCALE)
    assert info.page_count > 0 and page.width > 0


def first_page_in_process(path: Path) -> None:
    with pymupdf.open(path) as document:
        pixmap = document[0].get_pixmap(matrix=pymupdf.Matrix(SCALE, SCALE), alpha=False)
        assert document.page_count > 0 and pixmap.width > 0


def long_document(folder: Path) -> tuple[Path, str]:
    """The demo's budget document copied into ``folder``, or a generated one."""
    root = Path(__file__).resolve().parents[1]
    for budget in sorted(root.glob(DEMO_BUDGET)):
        with pymupdf.open(budget) as document:
            pages = document.page_count
        if pages >= PAGES:
            return Path(
                shutil.copyfile(budget, folder / "budget.pdf")
            ), f"demo budget, {pages} pages"
    generated = make_text_packet(folder / "generated.pdf", PAGES)
    return generated, f"generated text, {PAGES} pages"
