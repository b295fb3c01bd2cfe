"""The PageRenderer thread: pages pipelined from the wish lists, delivered as images."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from meetingapp.core.render import RenderedPage
from meetingapp.ui.reader.page_renderer import PageRenderer, PageRequest
from meetingapp.ui.reader.pdf_view import to_pixmap
from tests.core.test_render import make_plain_pdf, reference_pixmap

PAGES = 12
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plain_pdf(tmp_path_factory.mktemp("renderer") / "packet.pdf", pages=PAGES)


class Received(QObject):
    """Collects what the renderer delivers, in the GUI thread (queued, as in the app)."""

    def __init__(self, renderer: PageRenderer) -> None:
        super().__init__()
        self.opened: list[int] = []
        self.pages: list[tuple[int, PageRequest, object]] = []
        self.thumbnails: list[tuple[int, PageRequest, object]] = []
        self.failures: list[tuple[int, str]] = []
        renderer.document_opened.connect(self.on_opened)
        renderer.page_rendered.connect(self.on_page)
        renderer.thumbnail_rendered.connect(self.on_thumbnail)
        renderer.failed.connect(self.on_failed)

    def on_opened(self, generation: int, _info: object) -> None:
        self.opened.append(generation)

    def on_page(self, generation: int, request: PageRequest, image: object) -> None:
        self.pages.append((generation, request, image))

    def on_thumbnail(self, generation: int, request: PageRequest, page: object) -> None:
        self.thumbnails.append((generation, request, page))

    def on_failed(self, generation: int, reason: str) -> None:
        self.failures.append((generation, reason))


def opened(qtbot: QtBot, renderer: PageRenderer, received: Received, path: Path) -> int:
    generation = renderer.open(path)
    qtbot.waitUntil(lambda: generation in received.opened, timeout=WAIT_MS)
    return generation


def rows(image: QImage) -> bytes:
    """The pixels of an RGB888 image without the padding at the end of each row."""
    width = image.width() * 3
    line = image.bytesPerLine()
    data = bytes(image.constBits())
    return b"".join(data[row * line : row * line + width] for row in range(image.height()))


def test_pages_come_as_rgb888_images_with_the_pixels_of_the_page(
    qtbot: QtBot, renderer: PageRenderer, packet: Path
) -> None:
    received = Received(renderer)
    generation = opened(qtbot, renderer, received, packet)

    renderer.want(generation, [PageRequest(2, 0.75), PageRequest(0, 1.0, (0, 0, 300, 200))])
    qtbot.waitUntil(lambda: len(received.pages) == 2, timeout=WAIT_MS)

    for (got_generation, request, image), clip in zip(
        received.pages, (None, (0, 0, 300, 200)), strict=True
    ):
        assert got_generation == generation and isinstance(image, QImage)
        assert image.format() == QImage.Format.Format_RGB888
        reference = reference_pixmap(packet, request.page, request.scale, clip)
        assert (image.width(), image.height()) == (reference.width, reference.height)
        assert rows(image) == reference.samples


def test_a_page_image_becomes_a_pixmap_without_a_conversion(
    qtbot: QtBot, renderer: PageRenderer, packet: Path
) -> None:
    received = Received(renderer)
    generation = opened(qtbot, renderer, received, packet)
    renderer.want(generation, [PageRequest(1, 0.5)])
    qtbot.waitUntil(lambda: len(received.pages) == 1, timeout=WAIT_MS)
    image = received.pages[0][2]
    assert isinstance(image, QImage)

    pixmap = to_pixmap(image, 2.0)

    assert pixmap.toImage().format() == QImage.Format.Format_RGB888
    assert (pixmap.width(), pixmap.height()) == (image.width(), image.height())
    assert pixmap.devicePixelRatio() == 2.0


def test_pages_follow_the_wish_list_in_its_order_and_none_comes_twice(
    qtbot: QtBot, renderer: PageRenderer, packet: Path
) -> None:
    received = Received(renderer)
    generation = opened(qtbot, renderer, received, packet)
    order = [7, 3, 9, 0, 1, 11, 5]

    renderer.want(generation, [PageRequest(page, 0.5) for page in order])
    qtbot.waitUntil(lambda: len(received.pages) == len(order), timeout=WAIT_MS)
    renderer.want(generation, [PageRequest(page, 0.5) for page in (3, 4, 7)])
    qtbot.waitUntil(lambda: len(received.pages) == len(order) + 1, timeout=WAIT_MS)
    qtbot.wait(100)

    assert [request.page for _, request, _ in received.pages] == [*order, 4]


def test_a_new_wish_list_replaces_the_pages_not_yet_sent(
    qtbot: QtBot, renderer: PageRenderer, packet: Path
) -> None:
    received = Received(renderer)
    generation = opened(qtbot, renderer, received, packet)

    renderer.want(generation, [PageRequest(page, 2.0) for page in range(PAGES)])
    renderer.want(generation, [PageRequest(page, 2.0) for page in (10, 11)])
    qtbot.waitUntil(
        lambda: {10, 11} <= {request.page for _, request, _ in received.pages}, timeout=WAIT_MS
    )
    qtbot.wait(100)

    # At most the pages already in the pipeline when the list changed come first.
    assert len(received.pages) <= 2 + 2


def test_thumbnails_come_as_raw_pixels_after_the_pages(
    qtbot: QtBot, renderer: PageRenderer, packet: Path
) -> None:
    received = Received(renderer)
    generation = opened(qtbot, renderer, received, packet)

    renderer.want_thumbnails(generation, [PageRequest(page, 0.2) for page in range(3)])
    renderer.want(generation, [PageRequest(page, 0.5) for page in range(2)])
    qtbot.waitUntil(lambda: len(received.thumbnails) == 3, timeout=WAIT_MS)

    assert len(received.pages) == 2
    for _, request, page in received.thumbnails:
        assert isinstance(page, RenderedPage)
        assert page.samples == reference_pixmap(packet, request.page, 0.2).samples


def test_a_page_that_cannot_be_rendered_fails_the_document(
    qtbot: QtBot, renderer: PageRenderer, packet: Path
) -> None:
    received = Received(renderer)
    generation = opened(qtbot, renderer, received, packet)

    renderer.want(generation, [PageRequest(0, 0.5), PageRequest(PAGES + 5, 0.5)])
    qtbot.waitUntil(lambda: bool(received.failures), timeout=WAIT_MS)

    assert received.failures[0][0] == generation
    assert "out of range" in received.failures[0][1]
    again = opened(qtbot, renderer, received, packet)  # the renderer carries on
    renderer.want(again, [PageRequest(4, 0.5)])
    qtbot.waitUntil(lambda: any(got == again for got, _, _ in received.pages), timeout=WAIT_MS)


def test_forgotten_pages_are_rendered_again_when_wanted(
    qtbot: QtBot, renderer: PageRenderer, packet: Path
) -> None:
    received = Received(renderer)
    generation = opened(qtbot, renderer, received, packet)
    wanted = [PageRequest(page, 0.5) for page in range(3)]
    renderer.want(generation, wanted)
    qtbot.waitUntil(lambda: len(received.pages) == 3, timeout=WAIT_MS)

    renderer.forget(generation, wanted[:1])
    renderer.want(generation, wanted)
    qtbot.waitUntil(lambda: len(received.pages) == 4, timeout=WAIT_MS)

    assert received.pages[3][1] == wanted[0]
