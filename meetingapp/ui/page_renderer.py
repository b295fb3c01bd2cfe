"""Feeds the render worker process from the GUI without ever blocking it.

One Python thread owns the :class:`~meetingapp.render.RenderWorker` and serves
the documents the views currently show (one per view: the reader can show two
side by side). Each view keeps a *wish list* of the page images it wants, in
order, and replaces it whenever the user scrolls or zooms, so requests for pages
that scrolled away are never rendered (stale requests are dropped, not queued).
Searches, a page's words and a document's text are one-off jobs of the same
view. Results come back through queued signals carrying the generation the view
got from :meth:`PageRenderer.open`, so a view ignores answers about a document
it no longer shows. The GUI thread turns raw pixels into images.

Order of work: opening a document first, then the main view's pages, then the
one-off jobs, then thumbnails; the view that asked most recently goes first.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal

from meetingapp.render import Clip, RenderError, RenderWorker, RenderWorkerCrashed


class PageRequest(NamedTuple):
    """One image a view wants: a page (or a tile of it) at a scale."""

    page: int
    scale: float
    clip: Clip | None = None


class _Job(NamedTuple):
    generation: int
    kind: str  # "open", "page", "thumbnail", "search", "words", "text"
    argument: object


@dataclass
class _Wish:
    generation: int
    path: Path
    file_type: str | None
    opened: bool = False
    pages: list[PageRequest] = field(default_factory=list)
    thumbnails: list[PageRequest] = field(default_factory=list)
    tasks: deque[tuple[str, object]] = field(default_factory=deque)
    done: set[tuple[str, PageRequest]] = field(default_factory=set)
    crashes: int = 0
    asked: int = 0  # ordering: the view that asked last is served first


MAX_CRASHES = 1
"""Worker crashes tolerated per document before it counts as unrenderable: one
crash may be bad luck (the process was killed), two in a row are the document."""


class PageRenderer(QObject):
    """Renders what the views want of their current documents, in the background."""

    document_opened = Signal(int, object)  # generation, DocumentInfo
    page_rendered = Signal(int, object, object)  # generation, PageRequest, RenderedPage
    thumbnail_rendered = Signal(int, object, object)  # generation, PageRequest, RenderedPage
    searched = Signal(int, str, object)  # generation, query, list of SearchHit
    words_ready = Signal(int, int, object)  # generation, page, list of Word
    text_ready = Signal(int, object)  # generation, list of page texts
    failed = Signal(int, str)  # generation, reason

    def __init__(self, worker: RenderWorker | None = None) -> None:
        super().__init__()
        self._worker = worker or RenderWorker()
        self._worker.start()  # boots in parallel, so the first page does not wait for it
        self._wishes: dict[int, _Wish] = {}  # by view slot
        self._generations = itertools.count(1)
        self._asks = itertools.count(1)
        self._condition = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="page-renderer", daemon=True)
        self._thread.start()

    @property
    def worker(self) -> RenderWorker:
        return self._worker

    # Requests from the GUI thread --------------------------------------------

    def open(self, path: Path, slot: int = 0, file_type: str | None = None) -> int:
        """Show ``path`` in view ``slot``; returns the generation its signals carry."""
        with self._condition:
            generation = next(self._generations)
            self._wishes[slot] = _Wish(generation, path, file_type, asked=next(self._asks))
            self._condition.notify()
            return generation

    def close_slot(self, slot: int) -> None:
        """The view ``slot`` shows nothing any more."""
        with self._condition:
            self._wishes.pop(slot, None)

    def want(self, generation: int, requests: list[PageRequest]) -> None:
        """Replace the view's wish list: render these images, in this order."""
        self._update(generation, lambda wish: setattr(wish, "pages", list(requests)))

    def want_thumbnails(self, generation: int, requests: list[PageRequest]) -> None:
        """Replace the thumbnails wanted (served after everything else)."""
        self._update(generation, lambda wish: setattr(wish, "thumbnails", list(requests)))

    def forget(
        self, generation: int, requests: list[PageRequest], thumbnails: bool = False
    ) -> None:
        """The view dropped these images (its cache is full): render them again if wanted."""
        kind = "thumbnail" if thumbnails else "page"

        def drop(wish: _Wish) -> None:
            wish.done.difference_update((kind, request) for request in requests)

        self._update(generation, drop)

    def find(self, generation: int, query: str) -> None:
        """Search the document; the answer comes as ``searched``. Replaces a pending search."""
        self._update(generation, lambda wish: _replace_task(wish, "search", query))

    def want_words(self, generation: int, page: int) -> None:
        """The words of ``page`` with their positions (``words_ready``), for selection."""
        self._update(generation, lambda wish: _add_task(wish, "words", page))

    def want_text(self, generation: int) -> None:
        """The text of every page (``text_ready``), for the text view."""
        self._update(generation, lambda wish: _add_task(wish, "text", None))

    def shutdown(self) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify()
        self._thread.join(timeout=10)
        self._worker.close()

    def _update(self, generation: int, change: Callable[[_Wish], None]) -> None:
        with self._condition:
            wish = self._wish_of(generation)
            if wish is None:
                return
            change(wish)
            wish.asked = next(self._asks)
            self._condition.notify()

    def _wish_of(self, generation: int) -> _Wish | None:
        for wish in self._wishes.values():
            if wish.generation == generation:
                return wish
        return None

    # The render thread -------------------------------------------------------

    def _next_job(self) -> tuple[_Wish, _Job] | None:
        wishes = sorted(self._wishes.values(), key=lambda wish: -wish.asked)
        for pick in (_open_job, _page_job, _task_job, _thumbnail_job):
            for wish in wishes:
                job = pick(wish)
                if job is not None:
                    return wish, job
        return None

    def _loop(self) -> None:
        while True:
            with self._condition:
                found = self._next_job()
                while found is None and not self._stopping:
                    self._condition.wait()
                    found = self._next_job()
                if self._stopping or found is None:
                    return
                wish, job = found
                if job.kind in ("search", "words", "text"):
                    wish.tasks.popleft()
                path, file_type = wish.path, wish.file_type
            self._run(job, path, file_type)

    def _run(self, job: _Job, path: Path, file_type: str | None) -> None:
        try:
            self._perform(job, path, file_type)
        except RenderWorkerCrashed as error:
            if not self._forgive_crash(job.generation):
                self._fail(job, str(error))
            elif job.kind in ("search", "words", "text"):
                self._update(
                    job.generation, lambda wish: wish.tasks.appendleft((job.kind, job.argument))
                )
        except RenderError as error:
            self._fail(job, str(error))

    def _perform(self, job: _Job, path: Path, file_type: str | None) -> None:
        worker = self._worker
        if job.kind == "open":
            info = worker.open_document(path, file_type=file_type)
            self._mark(job, opened=True)
            self.document_opened.emit(job.generation, info)
        elif job.kind in ("page", "thumbnail"):
            request = job.argument
            assert isinstance(request, PageRequest)
            rendered = worker.render_page(
                path, request.page, request.scale, request.clip, file_type=file_type
            )
            self._mark(job, done=(job.kind, request))
            signal = self.page_rendered if job.kind == "page" else self.thumbnail_rendered
            signal.emit(job.generation, request, rendered)
        else:
            self._perform_task(job, path, file_type)

    def _perform_task(self, job: _Job, path: Path, file_type: str | None) -> None:
        worker = self._worker
        if job.kind == "search":
            query = str(job.argument)
            hits = worker.search(path, query, file_type=file_type)
            self.searched.emit(job.generation, query, hits)
        elif job.kind == "words":
            page = job.argument
            assert isinstance(page, int)
            self.words_ready.emit(
                job.generation, page, worker.page_words(path, page, file_type=file_type)
            )
        else:
            self.text_ready.emit(job.generation, worker.document_text(path, file_type=file_type))

    def _mark(
        self, job: _Job, opened: bool = False, done: tuple[str, PageRequest] | None = None
    ) -> None:
        with self._condition:
            wish = self._wish_of(job.generation)
            if wish is None:
                return
            wish.opened = wish.opened or opened
            wish.crashes = 0
            if done is not None:
                wish.done.add(done)

    def _forgive_crash(self, generation: int) -> bool:
        """Count a worker crash; True when the job should simply be tried again."""
        with self._condition:
            wish = self._wish_of(generation)
            if wish is None:
                return True
            wish.crashes += 1
            return wish.crashes <= MAX_CRASHES

    def _fail(self, job: _Job, reason: str) -> None:
        """A one-off job fails alone; a document that cannot be opened or rendered stops."""
        if job.kind == "search":
            self.searched.emit(job.generation, str(job.argument), None)
            return
        if job.kind in ("words", "text", "thumbnail"):
            self._skip(job)
            return
        with self._condition:
            for slot, wish in list(self._wishes.items()):
                if wish.generation == job.generation:
                    del self._wishes[slot]
        self.failed.emit(job.generation, reason)

    def _skip(self, job: _Job) -> None:
        """Do not try a failed thumbnail again (words and text are one-off anyway)."""
        if job.kind == "thumbnail" and isinstance(job.argument, PageRequest):
            self._mark(job, done=("thumbnail", job.argument))


def _replace_task(wish: _Wish, kind: str, argument: object) -> None:
    wish.tasks = deque(task for task in wish.tasks if task[0] != kind)
    wish.tasks.append((kind, argument))


def _add_task(wish: _Wish, kind: str, argument: object) -> None:
    if (kind, argument) not in wish.tasks:
        wish.tasks.append((kind, argument))


def _open_job(wish: _Wish) -> _Job | None:
    return None if wish.opened else _Job(wish.generation, "open", None)


def _page_job(wish: _Wish) -> _Job | None:
    for request in wish.pages:
        if ("page", request) not in wish.done:
            return _Job(wish.generation, "page", request)
    return None


def _task_job(wish: _Wish) -> _Job | None:
    if not wish.tasks:
        return None
    kind, argument = wish.tasks[0]
    return _Job(wish.generation, kind, argument)


def _thumbnail_job(wish: _Wish) -> _Job | None:
    for request in wish.thumbnails:
        if ("thumbnail", request) not in wish.done:
            return _Job(wish.generation, "thumbnail", request)
    return None
