"""Feeds the render worker process from the GUI without ever blocking it.

One Python thread owns the :class:`~meetingapp.render.RenderWorker` and renders
what the view currently *wants*: the GUI replaces that wish list whenever the
user scrolls or zooms, so requests for pages that scrolled away are never
rendered (stale requests are dropped, not queued). Results come back as raw
pixels through a queued signal; the GUI thread turns them into images.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from meetingapp.render import RenderError, RenderWorker


@dataclass
class _Wish:
    generation: int = 0
    path: Path | None = None
    opened: bool = False
    scale: float = 1.0
    pages: list[int] = field(default_factory=list)
    done: set[tuple[int, float]] = field(default_factory=set)


class PageRenderer(QObject):
    """Renders the wanted pages of the current document in the background."""

    document_opened = Signal(int, object)  # generation, DocumentInfo
    page_rendered = Signal(int, int, float, object)  # generation, page, scale, RenderedPage
    failed = Signal(int, str)  # generation, reason

    def __init__(self, worker: RenderWorker | None = None) -> None:
        super().__init__()
        self._worker = worker or RenderWorker()
        self._worker.start()  # boots in parallel, so the first page does not wait for it
        self._wish = _Wish()
        self._condition = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="page-renderer", daemon=True)
        self._thread.start()

    def open(self, path: Path) -> int:
        """Start showing ``path``; returns the generation its signals will carry."""
        with self._condition:
            self._wish = _Wish(generation=self._wish.generation + 1, path=path)
            self._condition.notify()
            return self._wish.generation

    def want(self, generation: int, pages: list[int], scale: float) -> None:
        """Replace the wish list: render these pages (in this order) at ``scale``."""
        with self._condition:
            if generation != self._wish.generation:
                return
            self._wish.pages = list(pages)
            self._wish.scale = scale
            self._condition.notify()

    def shutdown(self) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify()
        self._thread.join(timeout=10)
        self._worker.close()

    def _next_job(self) -> tuple[str, int, Path, int, float] | None:
        wish = self._wish
        if wish.path is None:
            return None
        if not wish.opened:
            return ("open", wish.generation, wish.path, 0, 0.0)
        for page in wish.pages:
            if (page, wish.scale) not in wish.done:
                return ("render", wish.generation, wish.path, page, wish.scale)
        return None

    def _loop(self) -> None:
        while True:
            with self._condition:
                job = self._next_job()
                while job is None and not self._stopping:
                    self._condition.wait()
                    job = self._next_job()
                if self._stopping or job is None:
                    return
            self._run(*job)

    def _run(self, kind: str, generation: int, path: Path, page: int, scale: float) -> None:
        try:
            if kind == "open":
                info = self._worker.open_document(path)
                self._mark(generation, opened=True)
                self.document_opened.emit(generation, info)
            else:
                rendered = self._worker.render_page(path, page, scale)
                self._mark(generation, done=(page, scale))
                self.page_rendered.emit(generation, page, scale, rendered)
        except RenderError as error:  # includes a crashed or hung worker
            self._abandon(generation)
            self.failed.emit(generation, str(error))

    def _mark(
        self, generation: int, opened: bool = False, done: tuple[int, float] | None = None
    ) -> None:
        with self._condition:
            if generation != self._wish.generation:
                return
            self._wish.opened = self._wish.opened or opened
            if done is not None:
                self._wish.done.add(done)

    def _abandon(self, generation: int) -> None:
        """Stop working on a document that cannot be rendered."""
        with self._condition:
            if generation == self._wish.generation:
                self._wish.path = None
