"""Qt helpers shared by the reader's benchmarks: the application and waiting on it."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from meetingapp.core.packet.library import Document, DocumentRole
from meetingapp.core.render import RenderWorker
from meetingapp.store import sealed
from meetingapp.ui.reader.document_view import DocumentView
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.reader.pdf_view import PdfView
from meetingapp.ui.shell.application import application

WAIT_SECONDS = 120.0
"""Longest a benchmark waits for the reader before it gives up."""
WINDOW = (1200, 900)
"""Size of the reader's window in the benchmarks, in pixels."""


class Waiter:
    """An event loop that runs until :meth:`done` is called (or the timeout passes)."""

    def __init__(self) -> None:
        self._loop = QEventLoop()
        self._finished = False
        self.finished_at = 0.0
        """``time.perf_counter()`` when :meth:`done` was called."""

    def done(self) -> None:
        if not self._finished:
            self._finished = True
            self.finished_at = time.perf_counter()
            self._loop.quit()

    @property
    def finished(self) -> bool:
        return self._finished

    def wait(self, timeout: float = WAIT_SECONDS, what: str = "the reader") -> float:
        """Run the event loop until done; returns ``finished_at``."""
        if not self._finished:
            guard = QTimer(singleShot=True, interval=round(timeout * 1000))
            guard.timeout.connect(self._loop.quit)
            guard.start()
            self._loop.exec()
            guard.stop()
        if not self._finished:
            raise TimeoutError(f"{what} did not finish within {timeout:g} s")
        return self.finished_at


def wait_until(condition: Callable[[], bool], timeout: float = WAIT_SECONDS) -> None:
    """Process events until ``condition()`` holds (for untimed preparation only)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the reader did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)


def settle(seconds: float) -> None:
    """Let the event loop run for a while (deferred deletions, late signals)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.002)


def pdf_document(path: Path, name: str = "Lång handling") -> Document:
    """A library entry for a local PDF, as the agenda hands it to the reader."""
    return Document(
        file_id=f"bench-{path.stem}",
        name=name,
        file_name=path.name,
        mime_type="application/pdf",
        size=path.stat().st_size,
        role=DocumentRole.MAIN,
        confidential=None,
        local_path=path,
        version_id=None,
    )


BLOB_KEY = secrets.token_bytes(32)
"""The key of sealed copies the reader opens, as the store's blobs are."""


def sealed_copy(source: Path, target: Path) -> Path:
    """``source`` sealed as the store keeps a document."""
    with source.open("rb") as plain, target.open("wb") as out:
        sealed.seal_chunks(iter(lambda: plain.read(1 << 20), b""), out, BLOB_KEY)
    return target


class Reader:
    """The real reader in a shown window: a DocumentView with the PageRenderer and
    its render worker process, as the main window has them (positions not kept)."""

    def __init__(self, size: tuple[int, int] = WINDOW) -> None:
        application()
        self.renderer = PageRenderer(RenderWorker(blob_key=BLOB_KEY))
        self.view = DocumentView(self.renderer)
        self.view.resize(*size)
        self.view.show()
        wait_until(self.view.isVisible)

    @property
    def pdf_view(self) -> PdfView:
        return self.view.pdf_view

    @property
    def worker_pid(self) -> int | None:
        return self.renderer.worker.pid

    def show(self, path: Path) -> None:
        """Open ``path`` and wait (untimed) until page 1 has its image."""
        self.view.show_document(pdf_document(path))
        wait_until(lambda: self.pdf_view.canvas.has_pixmap(0))

    def close(self) -> None:
        self.view.close()
        self.renderer.shutdown()
        self.view.deleteLater()
        settle(0.05)

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
