"""Pages in a row through RenderWorker.render_pages, render_images and read_images:
two requests in flight."""

from __future__ import annotations

import contextlib
import gc
import mmap
import os
import signal
import threading
from collections.abc import Iterator
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path

import pymupdf
import pytest

from meetingapp.core.render import (
    PageImage,
    RenderedPage,
    RenderError,
    RenderWorker,
    RenderWorkerCrashed,
)
from meetingapp.core.render.child import _PixelOutlet, _render
from meetingapp.core.render.protocol import BufferRef, PixelsHeader, Request
from tests.core.test_render import (
    child_is_gone,
    make_plain_pdf,
    make_text_pdf,
    needs_posix_signals,
    reference_pixmap,
    wait_until_exited,
)

PAGES = 8


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plain_pdf(tmp_path_factory.mktemp("pipeline") / "packet.pdf", pages=PAGES)


@pytest.fixture(scope="module")
def expected(packet: Path) -> list[bytes]:
    return [reference_pixmap(packet, index, 0.5).samples for index in range(PAGES)]


@pytest.fixture(scope="module")
def worker() -> Iterator[RenderWorker]:
    with RenderWorker(timeout=20) as shared:
        yield shared


class CountingPages:
    """An iterable of page indices that records how far it has been read."""

    def __init__(self, pages: list[int]) -> None:
        self.pages = pages
        self.taken = 0

    def __iter__(self) -> Iterator[int]:
        for page in self.pages:
            self.taken += 1
            yield page


def test_pages_come_in_order_with_the_right_pixels(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    order = [3, 0, 7, 7, 1, 2, 6, 5, 4]

    rendered = list(worker.render_pages(packet, order, 0.5))

    assert [page.page_index for page in rendered] == order
    assert [page.samples for page in rendered] == [expected[index] for index in order]
    ids = [page.request_id for page in rendered]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_pages_are_taken_lazily_at_most_two_ahead(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    pages = CountingPages(list(range(PAGES)))
    taken_when_yielded = []

    for page in worker.render_pages(packet, pages, 0.5):
        taken_when_yielded.append(pages.taken)
        assert page.samples == expected[page.page_index]

    assert taken_when_yielded == [min(index + 3, PAGES) for index in range(PAGES)]


def test_closing_early_drops_the_page_in_flight(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    worker.start()
    pid = worker.pid
    pages = worker.render_pages(packet, range(PAGES), 0.5)
    first = next(pages)

    pages.close()

    assert first.samples == expected[0]
    assert worker.render_page(packet, 5, 0.5).samples == expected[5]
    assert worker.pid == pid


def test_an_abandoned_iteration_frees_the_worker(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    pages = worker.render_pages(packet, range(PAGES), 0.5)
    next(pages)
    del pages
    gc.collect()

    assert worker.render_page(packet, 4, 0.5).samples == expected[4]


def test_no_pages(worker: RenderWorker, packet: Path) -> None:
    assert list(worker.render_pages(packet, [], 0.5)) == []


def test_other_calls_from_the_iterating_thread_are_refused(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    with contextlib.closing(worker.render_pages(packet, range(PAGES), 0.5)) as pages:
        next(pages)
        with pytest.raises(RuntimeError, match="render_pages"):
            worker.page_text(packet, 0)
        with pytest.raises(RuntimeError, match="render_pages"):
            next(worker.render_pages(packet, [0], 0.5))

    assert worker.render_page(packet, 1, 0.5).samples == expected[1]


def test_another_thread_waits_for_the_iteration(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    results: list[bytes] = []
    other = threading.Thread(
        target=lambda: results.append(worker.render_page(packet, 2, 0.5).samples)
    )

    with contextlib.closing(worker.render_pages(packet, range(PAGES), 0.5)) as pages:
        next(pages)
        other.start()
        rest = [page.samples for page in pages]
    other.join(timeout=20)

    assert rest == expected[1:]
    assert results == [expected[2]]


def test_a_failing_page_ends_the_iteration_and_the_worker_carries_on(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    worker.start()
    pid = worker.pid
    received = []

    with pytest.raises(RenderError, match="out of range") as raised:
        for page in worker.render_pages(packet, [0, 1, PAGES + 3, 2, 3], 0.5):
            received.append(page.page_index)

    assert not isinstance(raised.value, RenderWorkerCrashed)
    assert received == [0, 1]
    assert worker.pid == pid
    assert worker.render_page(packet, 3, 0.5).samples == expected[3]


def test_invalid_arguments(worker: RenderWorker, packet: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        worker.render_pages(packet, [0], -1.0)
    with pytest.raises(ValueError, match="negative"):
        list(worker.render_pages(packet, [0, -1], 1.0))


def test_renders_larger_than_the_shared_buffers(worker: RenderWorker, tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "text.pdf")
    expected = [reference_pixmap(path, index, 3.0).samples for index in range(3)]
    assert len(expected[0]) > 8 * 1024 * 1024

    for _ in range(2):  # through the pipe, then through the grown buffers
        assert [page.samples for page in worker.render_pages(path, range(3), 3.0)] == expected


@needs_posix_signals
def test_worker_killed_mid_iteration_raises_crashed_then_recovers(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    worker.start()
    pid = worker.pid
    assert pid is not None

    def pages() -> Iterator[int]:
        yield from (0, 1)
        os.kill(pid, signal.SIGKILL)
        wait_until_exited(pid)
        yield from range(2, PAGES)

    received = []
    with pytest.raises(RenderWorkerCrashed, match="SIGKILL"):
        for page in worker.render_pages(packet, pages(), 0.5):
            received.append(page.page_index)

    assert received[:1] == [0]
    assert len(received) < PAGES
    assert child_is_gone(pid)
    assert worker.render_page(packet, 6, 0.5).samples == expected[6]
    assert worker.pid not in (None, pid)


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs POSIX shared memory")
def test_close_leaves_no_shared_memory_after_a_pipeline(packet: Path) -> None:
    before = set(Path("/dev/shm").iterdir())
    with RenderWorker() as worker:
        assert len(list(worker.render_pages(packet, range(4), 1.0))) == 4
        assert set(Path("/dev/shm").iterdir()) != before

    assert set(Path("/dev/shm").iterdir()) == before


def test_closing_the_worker_from_the_iterating_thread_is_refused(
    packet: Path, expected: list[bytes]
) -> None:
    with RenderWorker() as worker:
        with contextlib.closing(worker.render_pages(packet, range(PAGES), 0.5)) as pages:
            next(pages)
            with pytest.raises(RuntimeError, match="render_pages"):
                worker.close()
            assert next(pages).samples == expected[1]
        pid = worker.pid

    assert pid is not None and child_is_gone(pid)


def test_images_each_with_their_own_page_scale_and_clip(worker: RenderWorker, packet: Path) -> None:
    clip = (50.0, 40.0, 300.0, 200.0)
    images = [PageImage(3, 0.5), PageImage(0, 1.25), PageImage(5, 2.0, clip)]

    rendered = list(worker.render_images(packet, images))

    assert [(page.page_index, page.scale) for page in rendered] == [(3, 0.5), (0, 1.25), (5, 2.0)]
    for page, image in zip(rendered, images, strict=True):
        reference = reference_pixmap(packet, image.page_index, image.scale, image.clip)
        assert (page.width, page.height) == (reference.width, reference.height)
        assert page.samples == reference.samples


def test_an_invalid_image_is_refused_when_it_is_taken(worker: RenderWorker, packet: Path) -> None:
    images = worker.render_images(packet, [PageImage(0, 1.0), PageImage(1, 0.0)])
    with pytest.raises(ValueError, match="scale"):
        list(images)
    assert worker.render_page(packet, 2, 0.5).page_index == 2  # the worker carries on


class KeptPixels:
    """A pixel reader that keeps what it was given, to look at it after the call."""

    def __init__(self) -> None:
        self.views: list[memoryview] = []

    def __call__(self, page: RenderedPage, pixels: memoryview) -> tuple[RenderedPage, bytes]:
        self.views.append(pixels)
        assert pixels.readonly
        assert pixels.nbytes == page.stride * page.height
        return page, bytes(pixels)


def test_a_reader_takes_the_pixels_straight_from_the_shared_buffer(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    reader = KeptPixels()

    results = list(worker.read_images(packet, [PageImage(i, 0.5) for i in range(4)], reader))

    assert [page.page_index for page, _ in results] == [0, 1, 2, 3]
    assert all(page.samples == b"" for page, _ in results)
    assert [pixels for _, pixels in results] == expected[:4]
    for view in reader.views:  # the views end with the call: the buffers are reused
        with pytest.raises(ValueError, match="released"):
            bytes(view)


def test_a_reader_also_takes_pixels_that_came_through_the_pipe(
    worker: RenderWorker, tmp_path: Path
) -> None:
    path = make_text_pdf(tmp_path / "text.pdf")
    expected = reference_pixmap(path, 0, 3.2).samples
    assert len(expected) > 8 * 1024 * 1024  # larger than a shared buffer

    results = list(worker.read_images(path, [PageImage(0, 3.2)], KeptPixels()))

    assert [pixels for _, pixels in results] == [expected]


def test_a_failing_reader_ends_the_iteration_and_the_worker_carries_on(
    worker: RenderWorker, packet: Path, expected: list[bytes]
) -> None:
    def refuse(page: RenderedPage, pixels: memoryview) -> None:
        raise LookupError(f"no room for page {page.page_index}")

    with pytest.raises(LookupError, match="page 0"):
        list(worker.read_images(packet, [PageImage(i, 0.5) for i in range(4)], refuse))

    assert worker.render_page(packet, 3, 0.5).samples == expected[3]


def make_marked_up_pdf(path: Path) -> Path:
    """Pages turned 0, 90, 180 and 270 degrees with text, shapes, an image, annotations
    and filled-in form fields, and a page whose crop box is off the origin."""
    document = pymupdf.open()
    for rotation in (0, 90, 180, 270):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 72), f"Protokoll, vridet {rotation}°", fontsize=14)
        page.insert_text((72, 100), "Nämnden beslutar att godkänna förslaget " * 2, fontsize=7.3)
        page.draw_circle((300, 400), 80, color=(0, 0, 1), fill=(0.2, 0.8, 0.3), fill_opacity=0.5)
        page.insert_image(pymupdf.Rect(330.3, 600.7, 511.1, 701.9), pixmap=_gradient())
        # A table rule just past a clip's edge but in its last row of pixels.
        page.draw_rect(pymupdf.Rect(62, 281.93, 532, 282.43), color=None, fill=(0.54, 0.56, 0.6))
        page.add_highlight_annot(pymupdf.Rect(72, 60, 300, 76))
        page.add_ink_annot([[(100, 700), (150, 720), (230, 690)]])
        page.add_freetext_annot(pymupdf.Rect(350, 100, 550, 160), "Fråga om kostnaden", fontsize=9)
        _add_field(
            page, pymupdf.PDF_WIDGET_TYPE_TEXT, f"namn{rotation}", "Åsa", (72, 760, 300, 785)
        )
        _add_field(
            page, pymupdf.PDF_WIDGET_TYPE_CHECKBOX, f"ja{rotation}", True, (320, 760, 340, 780)
        )
        page.set_rotation(rotation)
    page = document.new_page(width=500, height=700)
    page.insert_text((80, 90), "Bilaga med beskuren sida")
    page.set_cropbox(pymupdf.Rect(33.3, 41.1, 400.7, 600.2))
    document.save(path)
    document.close()
    return path


def _gradient() -> pymupdf.Pixmap:
    gradient = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 37, 23), False)
    for x in range(37):
        for y in range(23):
            gradient.set_pixel(x, y, (x * 6, y * 11, 99))
    return gradient


def _add_field(
    page: pymupdf.Page, kind: int, name: str, value: str | bool, rect: tuple[float, ...]
) -> None:
    field = pymupdf.Widget()
    field.field_type = kind
    field.field_name = name
    field.field_value = value
    field.rect = pymupdf.Rect(rect)
    page.add_widget(field)


MARKED_UP_IMAGES = [
    PageImage(0, 1.5),
    PageImage(1, 1.5),
    PageImage(2, 0.5),
    PageImage(3, 1.94),
    PageImage(4, 1.0),
    PageImage(1, 2.37, (100.3, 50.0, 500.7, 300.1)),  # a tile of a turned page
    PageImage(0, 0.5, (-10.0, -10.0, 297.9, 280.7)),  # a clip reaching past the page
    PageImage(4, 3.0, (0.0, 0.0, 200.0, 150.0)),
]


@pytest.fixture(scope="module")
def marked_up(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_marked_up_pdf(tmp_path_factory.mktemp("marked-up") / "marked-up.pdf")


def expected_pixels(path: Path, images: list[PageImage]) -> list[tuple[int, int, bytes]]:
    """Width, height and samples of each image from ``page.get_pixmap`` in this process."""
    with pymupdf.open(path) as document:
        pixmaps = (
            document[image.page_index].get_pixmap(
                matrix=pymupdf.Matrix(image.scale, image.scale), clip=image.clip, alpha=False
            )
            for image in images
        )
        return [(pixmap.width, pixmap.height, pixmap.samples) for pixmap in pixmaps]


def shared_pixels(page: RenderedPage, pixels: memoryview) -> tuple[int, int, bytes]:
    assert isinstance(pixels.obj, mmap.mmap)  # drawn into the shared buffer, not piped
    return page.width, page.height, bytes(pixels)


def test_pixels_drawn_into_the_shared_buffer_are_those_of_get_pixmap(
    worker: RenderWorker, marked_up: Path
) -> None:
    rendered = list(worker.read_images(marked_up, MARKED_UP_IMAGES, shared_pixels))

    assert rendered == expected_pixels(marked_up, MARKED_UP_IMAGES)


def live_mupdf_pixmaps() -> int:
    return sum(isinstance(item, pymupdf.mupdf.FzPixmap) for item in gc.get_objects())


def fail(*arguments: object) -> None:
    raise RuntimeError("drawing failed")


def render_in_this_process(
    document: pymupdf.Document, image: PageImage, memory: SharedMemory, outlet: _PixelOutlet
) -> tuple[PixelsHeader, object]:
    """What the worker does for one render request, here."""
    request = Request(
        request_id=1,
        operation="render",
        path=os.fspath(document.name),
        page_index=image.page_index,
        scale=image.scale,
        clip=image.clip,
        pixel_buffer=BufferRef(memory.name, memory.size),
    )
    return _render(document[image.page_index], outlet, request)


@pytest.mark.parametrize("broken", ["fz_new_pixmap_with_bbox_and_data", "fz_run_page"])
def test_get_pixmap_takes_over_when_drawing_in_place_fails(
    marked_up: Path, broken: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should MuPDF's low-level drawing fail (before or while drawing), the shared
    buffer still gets the right pixels, and no pixmap over it is left behind."""
    images = MARKED_UP_IMAGES[:5]
    expected = expected_pixels(marked_up, images)
    monkeypatch.setattr(pymupdf.mupdf, broken, fail)
    memory = SharedMemory(create=True, size=8 * 1024 * 1024)
    buffer = memory.buf
    assert buffer is not None
    outlet = _PixelOutlet()
    try:
        with pymupdf.open(marked_up) as document:
            for image, (width, height, samples) in zip(images, expected, strict=True):
                buffer[: len(samples)] = b"\x5a" * len(samples)  # stale pixels

                header, pixmap = render_in_this_process(document, image, memory, outlet)

                assert (header.buffer_name, header.nbytes, pixmap) == (
                    memory.name,
                    len(samples),
                    None,
                )
                assert (header.page.width, header.page.height) == (width, height)
                assert bytes(buffer[: len(samples)]) == samples
                assert live_mupdf_pixmaps() == 0
    finally:
        outlet.close()
        memory.close()
        memory.unlink()
