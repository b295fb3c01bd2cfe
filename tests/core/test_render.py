"""The render worker process: documents, pixels, failures and process hygiene."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from meetingapp.core.render import (
    DocumentInfo,
    OutlineEntry,
    PasswordRequiredError,
    RenderedPage,
    RenderError,
    RenderTimeoutError,
    RenderWorker,
    RenderWorkerCrashed,
)

RED = (1.0, 0.0, 0.0)

needs_posix_signals = pytest.mark.skipif(
    sys.platform == "win32", reason="stops and kills the child with POSIX signals"
)


@dataclass(frozen=True)
class Samples:
    text: Path
    image: Path
    encrypted: Path


def make_text_pdf(path: Path) -> Path:
    """Three text pages with labels and an outline; page 2 is A5 landscape, page 3 rotated."""
    document = pymupdf.open()
    for index in range(3):
        width, height = (595, 420) if index == 1 else (595, 842)
        page = document.new_page(width=width, height=height)
        page.insert_text((72, 72), f"Tjänsteskrivelse sida {index + 1}", fontsize=14)
        page.insert_text((72, 100), "Förvaltningen föreslår att nämnden beslutar", fontsize=10)
        if index == 2:
            page.set_rotation(90)
    document.set_metadata({"title": "  Budget 2026  "})
    document.set_toc([[1, "Ärende 1", 1], [2, "Bilaga", 2], [1, "Ärende 2", 3]])
    document.set_page_labels(
        [
            {"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
            {"startpage": 1, "prefix": "B-", "style": "D", "firstpagenum": 1},
        ]
    )
    document.save(path)
    document.close()
    return path


def make_plain_pdf(path: Path, pages: int) -> Path:
    document = pymupdf.open()
    for index in range(pages):
        document.new_page().insert_text((72, 72), f"Sida {index + 1} av {pages}")
    document.save(path)
    document.close()
    return path


def make_image_pdf(path: Path) -> Path:
    """One page with a red square drawn and a gradient image embedded."""
    document = pymupdf.open()
    page = document.new_page(width=400, height=300)
    page.draw_rect(pymupdf.Rect(20, 20, 120, 120), color=RED, fill=RED)
    gradient = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 64, 64), False)
    for x in range(64):
        for y in range(64):
            gradient.set_pixel(x, y, (x * 4, y * 4, 128))
    page.insert_image(pymupdf.Rect(200, 50, 360, 210), pixmap=gradient)
    document.save(path)
    document.close()
    return path


def make_encrypted_pdf(path: Path) -> Path:
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "Sekretess")
    document.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="own")
    document.close()
    return path


def reference_pixmap(
    path: Path, page_index: int, scale: float, clip: tuple[float, float, float, float] | None = None
) -> pymupdf.Pixmap:
    """The same page rendered by PyMuPDF in this process."""
    with pymupdf.open(path) as document:
        page = document[page_index]
        return page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), clip=clip, alpha=False)


def child_is_gone(pid: int) -> bool:
    """True when the process has exited and been reaped (no zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def wait_until_exited(pid: int, timeout: float = 5.0) -> None:
    """Wait for a killed child to exit; ``active_children`` reaps it as a side effect."""
    deadline = time.monotonic() + timeout
    while any(child.pid == pid for child in multiprocessing.active_children()):
        assert time.monotonic() < deadline, f"process {pid} did not exit"
        time.sleep(0.01)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    folder = tmp_path_factory.mktemp("render")
    return Samples(
        text=make_text_pdf(folder / "text.pdf"),
        image=make_image_pdf(folder / "image.pdf"),
        encrypted=make_encrypted_pdf(folder / "encrypted.pdf"),
    )


@pytest.fixture(scope="module")
def worker() -> Iterator[RenderWorker]:
    """One worker for the module: spawning costs a few hundred milliseconds."""
    with RenderWorker(timeout=20) as shared:
        yield shared


def assert_renders(worker: RenderWorker, path: Path) -> RenderedPage:
    rendered = worker.render_page(path, 0, 1.0)
    assert rendered.samples == reference_pixmap(path, 0, 1.0).samples
    return rendered


# --- Documents ---------------------------------------------------------------------


def test_open_document_describes_pages_labels_outline_and_title(
    worker: RenderWorker, samples: Samples
) -> None:
    info = worker.open_document(samples.text)

    assert info == DocumentInfo(
        page_count=3,
        page_sizes=((595.0, 842.0), (595.0, 420.0), (842.0, 595.0)),
        page_labels=("i", "B-1", "B-2"),
        outline=(
            OutlineEntry(1, "Ärende 1", 0),
            OutlineEntry(2, "Bilaga", 1),
            OutlineEntry(1, "Ärende 2", 2),
        ),
        title="Budget 2026",
        is_encrypted=False,
        needs_password=False,
        is_repaired=False,
        is_pdf=True,
        format="PDF 1.7",
    )


def test_document_without_labels_outline_or_title(worker: RenderWorker, samples: Samples) -> None:
    info = worker.open_document(samples.image)

    assert info.page_count == 1
    assert info.page_sizes == ((400.0, 300.0),)
    assert info.page_labels == ()
    assert info.outline == ()
    assert info.title is None


def test_file_without_extension_is_recognised_by_content(
    worker: RenderWorker, samples: Samples, tmp_path: Path
) -> None:
    blob = tmp_path / "3f9a0c"
    blob.write_bytes(samples.text.read_bytes())

    assert worker.open_document(blob).page_count == 3


def test_file_replaced_on_disk_is_reopened(worker: RenderWorker, tmp_path: Path) -> None:
    path = make_plain_pdf(tmp_path / "versioned.pdf", pages=2)
    assert worker.open_document(path).page_count == 2

    make_plain_pdf(path, pages=5)

    assert worker.open_document(path).page_count == 5


def test_more_documents_than_the_cache_holds(worker: RenderWorker, tmp_path: Path) -> None:
    paths = [make_plain_pdf(tmp_path / f"doc{n}.pdf", pages=n) for n in range(1, 8)]
    for path in paths:
        worker.open_document(path)

    for pages, path in enumerate(paths, start=1):
        assert worker.render_page(path, pages - 1, 0.5).width > 0


# --- Pixels ------------------------------------------------------------------------


@pytest.mark.parametrize(("page_index", "scale"), [(0, 1.0), (1, 1.5), (2, 0.75)])
def test_render_matches_pymupdf_in_process(
    worker: RenderWorker, samples: Samples, page_index: int, scale: float
) -> None:
    rendered = worker.render_page(samples.text, page_index, scale)
    expected = reference_pixmap(samples.text, page_index, scale)

    assert (rendered.width, rendered.height, rendered.stride) == (
        expected.width,
        expected.height,
        expected.stride,
    )
    assert rendered.samples == expected.samples
    assert (rendered.page_index, rendered.scale) == (page_index, scale)


def test_render_page_with_image(worker: RenderWorker, samples: Samples) -> None:
    rendered = worker.render_page(samples.image, 0, 2.0)
    expected = reference_pixmap(samples.image, 0, 2.0)

    assert (rendered.width, rendered.height) == (800, 600)
    assert rendered.samples == expected.samples


def test_render_clip(worker: RenderWorker, samples: Samples) -> None:
    clip = (10.5, 20.25, 150.0, 130.0)

    rendered = worker.render_page(samples.image, 0, 2.0, clip=clip)
    expected = reference_pixmap(samples.image, 0, 2.0, clip=clip)

    assert (rendered.width, rendered.height) == (expected.width, expected.height)
    assert rendered.width < 800
    assert rendered.samples == expected.samples


def test_large_renders_match_before_and_after_the_pixel_buffer_grows(
    worker: RenderWorker, samples: Samples
) -> None:
    expected = reference_pixmap(samples.text, 0, 3.0).samples
    assert len(expected) > 8 * 1024 * 1024  # larger than the initial shared buffer

    for _ in range(2):
        assert worker.render_page(samples.text, 0, 3.0).samples == expected
    assert worker.render_page(samples.text, 1, 1.0).samples == (
        reference_pixmap(samples.text, 1, 1.0).samples
    )


def test_clip_outside_the_page_gives_an_empty_image(worker: RenderWorker, samples: Samples) -> None:
    rendered = worker.render_page(samples.image, 0, 1.0, clip=(1000, 1000, 1100, 1100))

    assert (rendered.width, rendered.height, rendered.samples) == (0, 0, b"")


def test_request_ids_are_echoed_and_increase(worker: RenderWorker, samples: Samples) -> None:
    first = worker.render_page(samples.image, 0, 0.25)
    second = worker.render_page(samples.image, 0, 0.25)

    assert second.request_id > first.request_id > 0


def test_samples_map_to_qimage_rgb888(worker: RenderWorker, samples: Samples) -> None:
    from PySide6.QtGui import QColor, QImage

    rendered = worker.render_page(samples.image, 0, 1.0)
    image = QImage(
        rendered.samples,
        rendered.width,
        rendered.height,
        rendered.stride,
        QImage.Format.Format_RGB888,
    )

    assert image.pixelColor(70, 70) == QColor(255, 0, 0)
    assert image.pixelColor(5, 5) == QColor(255, 255, 255)


def test_page_text(worker: RenderWorker, samples: Samples) -> None:
    text = worker.page_text(samples.text, 1)

    assert "Tjänsteskrivelse sida 2" in text
    assert "Förvaltningen föreslår" in text


def test_invalid_arguments_are_rejected_in_the_caller(
    worker: RenderWorker, samples: Samples
) -> None:
    with pytest.raises(ValueError, match="negative"):
        worker.render_page(samples.text, -1, 1.0)
    with pytest.raises(ValueError, match="scale"):
        worker.render_page(samples.text, 0, 0.0)
    with pytest.raises(ValueError, match="scale"):
        worker.render_page(samples.text, 0, float("nan"))


def test_page_out_of_range(worker: RenderWorker, samples: Samples) -> None:
    with pytest.raises(RenderError, match="out of range"):
        worker.render_page(samples.text, 3, 1.0)


def test_oversized_render_is_refused(worker: RenderWorker, tmp_path: Path) -> None:
    path = tmp_path / "poster.pdf"
    with pymupdf.open() as document:
        document.new_page(width=14400, height=14400)
        document.save(path)

    with pytest.raises(RenderError, match="megapixels"):
        worker.render_page(path, 0, 1.0)


# --- Bad documents -----------------------------------------------------------------


def write_random(path: Path, _good: Path) -> None:
    path.write_bytes(os.urandom(4096))


def write_truncated(path: Path, good: Path) -> None:
    path.write_bytes(good.read_bytes()[:300])


def write_empty(path: Path, _good: Path) -> None:
    path.write_bytes(b"")


def write_nothing(_path: Path, _good: Path) -> None:
    pass


@pytest.mark.parametrize(
    "write_bad_file",
    [write_random, write_truncated, write_empty, write_nothing],
    ids=["random-bytes", "truncated", "zero-bytes", "missing"],
)
def test_unreadable_file_raises_render_error_and_the_worker_survives(
    worker: RenderWorker,
    samples: Samples,
    tmp_path: Path,
    write_bad_file: Callable[[Path, Path], None],
) -> None:
    bad = tmp_path / "bad.pdf"
    write_bad_file(bad, samples.text)
    worker.start()
    pid = worker.pid

    for call in (
        lambda: worker.open_document(bad),
        lambda: worker.render_page(bad, 0, 1.0),
        lambda: worker.page_text(bad, 0),
    ):
        with pytest.raises(RenderError, match=r"bad\.pdf") as raised:
            call()
        assert not isinstance(raised.value, RenderWorkerCrashed)

    assert worker.pid == pid
    assert_renders(worker, samples.text)


def test_slightly_truncated_file_is_repaired_and_flagged(
    worker: RenderWorker, samples: Samples, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(samples.text.read_bytes()[:-40])

    info = worker.open_document(damaged)

    assert info.is_repaired
    assert info.page_count == 3


def test_password_protected_document(worker: RenderWorker, samples: Samples) -> None:
    info = worker.open_document(samples.encrypted)

    assert info.is_encrypted
    assert info.needs_password
    assert info.page_count == 0
    with pytest.raises(PasswordRequiredError, match="password"):
        worker.render_page(samples.encrypted, 0, 1.0)
    with pytest.raises(PasswordRequiredError):
        worker.page_text(samples.encrypted, 0)
    assert_renders(worker, samples.text)


# --- Crashes and process hygiene ---------------------------------------------------


@needs_posix_signals
def test_child_killed_between_calls_is_replaced_transparently(
    worker: RenderWorker, samples: Samples
) -> None:
    worker.start()
    old_pid = worker.pid
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)
    wait_until_exited(old_pid)

    assert_renders(worker, samples.text)
    assert worker.pid not in (None, old_pid)


@needs_posix_signals
def test_child_killed_during_a_call_raises_crashed_then_recovers(
    worker: RenderWorker, samples: Samples
) -> None:
    worker.start()
    pid = worker.pid
    assert pid is not None
    # Freeze the child so the request is surely in flight when it dies.
    os.kill(pid, signal.SIGSTOP)
    outcome: list[BaseException | RenderedPage] = []

    def render() -> None:
        try:
            outcome.append(worker.render_page(samples.text, 0, 1.0))
        except BaseException as error:
            outcome.append(error)

    caller = threading.Thread(target=render)
    caller.start()
    time.sleep(0.3)
    os.kill(pid, signal.SIGKILL)
    caller.join(timeout=10)

    assert len(outcome) == 1
    assert isinstance(outcome[0], RenderWorkerCrashed)
    assert "SIGKILL" in str(outcome[0])
    assert not isinstance(outcome[0], RenderTimeoutError)
    assert child_is_gone(pid)
    assert_renders(worker, samples.text)


@needs_posix_signals
def test_hung_child_times_out_is_killed_and_replaced(
    worker: RenderWorker, samples: Samples
) -> None:
    worker.start()
    pid = worker.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    worker.timeout = 0.5
    try:
        with pytest.raises(RenderTimeoutError, match="did not answer"):
            worker.render_page(samples.text, 0, 1.0)
    finally:
        worker.timeout = 20

    assert child_is_gone(pid)
    assert_renders(worker, samples.text)


def test_calls_from_several_threads_are_serialized(worker: RenderWorker, samples: Samples) -> None:
    expected = {index: reference_pixmap(samples.text, index, 0.5).samples for index in range(3)}
    mismatches: list[int] = []

    def render_all(index: int) -> None:
        for _ in range(5):
            if worker.render_page(samples.text, index, 0.5).samples != expected[index]:
                mismatches.append(index)

    threads = [threading.Thread(target=render_all, args=(index,)) for index in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert mismatches == []


def test_close_leaves_no_child_process(samples: Samples) -> None:
    worker = RenderWorker()
    started_lazily = worker.pid is None
    worker.render_page(samples.image, 0, 0.5)
    pid = worker.pid
    assert pid is not None

    worker.close()
    worker.close()  # idempotent

    assert started_lazily
    assert worker.pid is None
    assert child_is_gone(pid)
    assert all(child.pid != pid for child in multiprocessing.active_children())
    with pytest.raises(RuntimeError, match="closed"):
        worker.render_page(samples.image, 0, 0.5)


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs POSIX shared memory")
def test_close_leaves_no_shared_memory(samples: Samples) -> None:
    before = set(Path("/dev/shm").iterdir())
    with RenderWorker() as worker:
        worker.render_page(samples.image, 0, 1.0)
        worker.render_page(samples.text, 0, 3.0)  # grows the buffer: a new block
        assert set(Path("/dev/shm").iterdir()) != before

    assert set(Path("/dev/shm").iterdir()) == before


@needs_posix_signals
def test_context_manager_closes_a_stopped_child(samples: Samples) -> None:
    with RenderWorker() as worker:
        worker.start()
        pid = worker.pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)  # must not keep close() waiting forever

    assert child_is_gone(pid)


@needs_posix_signals
def test_close_interrupts_a_call_in_flight(samples: Samples) -> None:
    worker = RenderWorker(timeout=20)
    worker.start()
    pid = worker.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    outcome: list[BaseException] = []

    def render() -> None:
        try:
            worker.render_page(samples.text, 0, 1.0)
        except BaseException as error:
            outcome.append(error)

    caller = threading.Thread(target=render)
    caller.start()
    time.sleep(0.2)
    worker.close()
    caller.join(timeout=10)

    assert len(outcome) == 1
    assert isinstance(outcome[0], RenderWorkerCrashed)
    assert "closed" in str(outcome[0])
    assert child_is_gone(pid)
