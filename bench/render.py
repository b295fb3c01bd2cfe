"""Rendering pages through the render worker vs. raw PyMuPDF in this process.

The baseline is the physical limit of one process: ``page.get_pixmap`` of the same
pages at the same scale, with nothing around it. Ours is the pipeline for pages in
a row, :meth:`RenderWorker.render_pages`: from the requests to the pixels delivered
to this process as ``bytes``, with the worker protocol and the transfer included.
Neither side counts opening the document or starting the worker: the app starts
its worker early and keeps documents open.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pymupdf

from bench.table import BenchResult
from bench.timing import paired_medians, seconds
from meetingapp.render import RenderWorker

KEY = "render"
NAME = "page render pipeline (100 pages, scale 1.5)"
PAGES = 100
SCALE = 1.5
UNIT = "ms/page"

_TEXT = (
    "kommunfullmäktige beslutar att godkänna förslaget till budget för verksamhetsåret "
    "med hänvisning till tjänsteskrivelsen och bilagan samt uppdra åt förvaltningen att "
    "återkomma med en redovisning av kostnaderna för ärendet under hösten"
)
_WORDS = _TEXT.split()
_LINES_PER_PAGE = 55
_WORDS_PER_LINE = 11


def run(repetitions: int) -> BenchResult:
    return measure(pages=PAGES, scale=SCALE, repetitions=repetitions)


def measure(pages: int, scale: float, repetitions: int) -> BenchResult:
    """Median time per page over ``repetitions`` passes of ``pages`` pages."""
    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        path = make_text_packet(Path(folder) / "packet.pdf", pages + 10)
        with RenderWorker() as worker, pymupdf.open(path) as document:
            worker.open_document(path)

            def ours() -> float:
                return seconds(lambda: render_with_worker(worker, path, pages, scale)) / pages

            def baseline() -> float:
                return seconds(lambda: render_in_process(document, pages, scale)) / pages

            ours(), baseline()  # warm-up: fonts, glyph caches
            ours_median, baseline_median = paired_medians(ours, baseline, repetitions)
    name = NAME if (pages, scale) == (PAGES, SCALE) else f"page render pipeline ({pages} pages)"
    return BenchResult(
        name=name,
        unit=UNIT,
        ours=ours_median * 1000,
        baseline=baseline_median * 1000,
        repetitions=repetitions,
        note=f"scale {scale:g}; RenderWorker.render_pages vs page.get_pixmap in-process",
    )


def render_with_worker(worker: RenderWorker, path: Path, pages: int, scale: float) -> None:
    for rendered in worker.render_pages(path, range(pages), scale):
        assert len(rendered.samples) == rendered.stride * rendered.height


def render_in_process(document: Any, pages: int, scale: float) -> None:
    matrix = pymupdf.Matrix(scale, scale)
    for index in range(pages):
        document[index].get_pixmap(matrix=matrix, alpha=False)


def make_text_packet(path: Path, pages: int) -> Path:
    """A4 pages full of running text, like the tjänsteskrivelser of a packet."""
    with pymupdf.open() as document:
        for index in range(pages):
            page = document.new_page(width=595, height=842)
            page.insert_text((72, 72), f"Tjänsteskrivelse, sida {index + 1}", fontsize=14)
            page.insert_text((72, 100), _page_text(index), fontsize=10)
        document.save(path)
    return path


def _page_text(page_index: int) -> str:
    lines = []
    for line in range(_LINES_PER_PAGE):
        start = page_index * 7 + line * 3
        words = (_WORDS[(start + n) % len(_WORDS)] for n in range(_WORDS_PER_LINE))
        lines.append(" ".join(words))
    return "\n".join(lines)
