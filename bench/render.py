"""Rendering pages through the reader's pipeline vs. raw PyMuPDF in this process.

The baseline is the physical limit of one process: ``page.get_pixmap`` of the same
pages at the same scale, with nothing around it. Ours is the path a page takes in
the app, from the request to the pixmap the GUI paints: the view's wish list goes
to the :class:`~meetingapp.ui.reader.page_renderer.PageRenderer` (``want``); its thread
has the render worker process render the pages, two in flight, copies each page's
pixels out of the shared buffer into a ``QImage`` and hands it to the GUI thread
with a queued signal; the GUI thread makes the ``QPixmap`` exactly as
:class:`~meetingapp.ui.reader.pdf_view.PdfView` does (``pdf_view.to_pixmap``). The clock
stops when the last page's pixmap exists. The pixmaps are RGB888, as the worker
renders them: painting one costs about 0.1 ms more per frame than a 32-bit one,
which this benchmark does not count (converting them would cost 0.15 ms a page).
Neither side counts opening the document or starting the worker: the app starts
its worker early and keeps documents open.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from bench.qt import Waiter
from bench.table import BenchResult
from bench.timing import paired_medians, seconds
from meetingapp.core.render import DocumentInfo
from meetingapp.ui.reader.page_renderer import PageRenderer, PageRequest
from meetingapp.ui.reader.pdf_view import to_pixmap
from meetingapp.ui.shell.application import application

KEY = "render"
NAME = "page render pipeline (100 pages, scale 1.5)"
PAGES = 100
SCALE = 1.5
UNIT = "ms/page"
TARGET_RATIO = 1.15

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
    import pymupdf

    application()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        path = make_text_packet(Path(folder) / "packet.pdf", pages + 10)
        renderer = PageRenderer()
        try:
            with pymupdf.open(path) as document:

                def ours() -> float:
                    return render_through_reader(renderer, path, pages, scale) / pages

                def baseline() -> float:
                    return seconds(lambda: render_in_process(document, pages, scale)) / pages

                ours(), baseline()  # warm-up: the worker boots, fonts, glyph caches
                ours_median, baseline_median = paired_medians(ours, baseline, repetitions)
        finally:
            renderer.shutdown()
    name = NAME if (pages, scale) == (PAGES, SCALE) else f"page render pipeline ({pages} pages)"
    return BenchResult(
        name=name,
        unit=UNIT,
        ours=ours_median * 1000,
        baseline=baseline_median * 1000,
        repetitions=repetitions,
        note=(
            f"scale {scale:g}; PageRenderer request → QPixmap in the GUI thread vs "
            f"page.get_pixmap in-process; target ratio ≤ {TARGET_RATIO:g}"
        ),
    )


def render_through_reader(renderer: PageRenderer, path: Path, pages: int, scale: float) -> float:
    """Seconds from asking for ``pages`` pages to the last one's pixmap in the GUI thread.

    The document is opened first (untimed), under a new generation, so nothing of
    an earlier pass is reused.
    """
    sink = PixmapSink(renderer, pages)
    sink.generation = renderer.open(path)
    sink.opened.wait(what="opening the document")
    requests = [PageRequest(page, scale) for page in range(pages)]
    start = time.perf_counter()
    renderer.want(sink.generation, requests)
    finished = sink.rendered.wait(what="rendering")
    sink.disconnect_from(renderer)
    renderer.close_slot(0)
    return finished - start


class PixmapSink(QObject):
    """Lives in the GUI thread, so the renderer's signals arrive queued, as in the app."""

    def __init__(self, renderer: PageRenderer, expected: int) -> None:
        super().__init__()
        self.generation = 0
        self.expected = expected
        self.received = 0
        self.opened = Waiter()
        self.rendered = Waiter()
        renderer.document_opened.connect(self.on_opened)
        renderer.page_rendered.connect(self.on_rendered)

    def on_opened(self, generation: int, _info: DocumentInfo) -> None:
        if generation == self.generation:
            self.opened.done()

    def on_rendered(self, generation: int, _request: PageRequest, image: QImage) -> None:
        if generation != self.generation:
            return
        pixmap = to_pixmap(image)
        assert pixmap.width() == image.width() > 0
        self.received += 1
        if self.received >= self.expected:
            self.rendered.done()

    def disconnect_from(self, renderer: PageRenderer) -> None:
        renderer.document_opened.disconnect(self.on_opened)
        renderer.page_rendered.disconnect(self.on_rendered)


def render_in_process(document: Any, pages: int, scale: float) -> None:
    import pymupdf

    matrix = pymupdf.Matrix(scale, scale)
    for index in range(pages):
        document[index].get_pixmap(matrix=matrix, alpha=False)


def make_text_packet(path: Path, pages: int) -> Path:
    """A4 pages full of running text, like the tjänsteskrivelser of a packet."""
    import pymupdf

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
