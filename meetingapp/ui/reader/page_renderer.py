"""Feeds the render worker process from the GUI without ever blocking it.

One Python thread owns the :class:`~meetingapp.core.render.RenderWorker` and serves
the documents the views currently show (one per view: the reader can show two
side by side). Each view keeps a *wish list* of the page images it wants, in
order, and replaces it whenever the user scrolls or zooms, so requests for pages
that scrolled away are never rendered (stale requests are dropped, not queued).
Searches, a page's words and a document's text are one-off jobs of the same
view. Results come back through queued signals carrying the generation the view
got from :meth:`PageRenderer.open`, so a view ignores answers about a document
it no longer shows.

A page's pixels come as a ``QImage`` (RGB888, the worker's format) that this thread
copies straight out of the worker's shared buffer, so all the GUI thread does is
wrap it in a ``QPixmap`` without a conversion (:func:`~meetingapp.ui.reader.pdf_view.to_pixmap`),
which copies nothing either. Kept as RGB888, an image takes three quarters of the
memory it would take in the screen's 32-bit format; painting it costs about 0.1 ms
more per page and frame than painting a 32-bit one, converting it would cost
0.15 ms per page here. Thumbnails come as raw :class:`RenderedPage` pixels.

Order of work: opening a document first, then the main view's pages, then the
one-off jobs, then thumbnails; the view that asked most recently goes first.

Images are rendered in a pipeline (:meth:`RenderWorker.read_images`): while the
GUI gets one page, the worker already renders the next, so a page costs what
rendering it costs, not rendering plus the round trip. The next image is taken
from the wish lists only when the pipeline has room, by the same order of work,
so a scroll changes what is rendered next at once; the pipeline ends as soon as
the next job is not an image of the same kind (page or thumbnail) and document.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from meetingapp.core.render import (
    Clip,
    PageImage,
    RenderedPage,
    RenderError,
    RenderWorker,
    RenderWorkerCrashed,
)


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
    rendering: set[tuple[str, PageRequest]] = field(default_factory=set)
    """Images sent to the worker whose pixels have not come back yet."""
    done_prefix: dict[str, int] = field(default_factory=dict)
    """By kind: how many images at the head of the wish list are done, so the search
    for the next image does not walk a long list from its start every time."""
    crashes: int = 0
    asked: int = 0  # ordering: the view that asked last is served first


IMAGE_KINDS = ("page", "thumbnail")
TASK_KINDS = ("search", "words", "text")

MAX_CRASHES = 1
"""Worker crashes tolerated per document before it counts as unrenderable: one
crash may be bad luck (the process was killed), two in a row are the document."""


class PageRenderer(QObject):
    """Renders what the views want of their current documents, in the background."""

    document_opened = Signal(int, object)  # generation, DocumentInfo
    page_rendered = Signal(int, object, object)  # generation, PageRequest, QImage
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
        self._update(generation, lambda wish: _replace_wishes(wish, "page", requests))

    def want_thumbnails(self, generation: int, requests: list[PageRequest]) -> None:
        """Replace the thumbnails wanted (served after everything else)."""
        self._update(generation, lambda wish: _replace_wishes(wish, "thumbnail", requests))

    def forget(
        self, generation: int, requests: list[PageRequest], thumbnails: bool = False
    ) -> None:
        """The view dropped these images (its cache is full): render them again if wanted."""
        kind = "thumbnail" if thumbnails else "page"

        def drop(wish: _Wish) -> None:
            wish.done.difference_update((kind, request) for request in requests)
            wish.done_prefix.pop(kind, None)

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
                if job.kind in TASK_KINDS:
                    wish.tasks.popleft()
                path, file_type = wish.path, wish.file_type
            if job.kind in IMAGE_KINDS:
                self._render_images(job, path, file_type)
            else:
                self._run(job, path, file_type)

    def _run(self, job: _Job, path: Path, file_type: str | None) -> None:
        try:
            self._perform(job, path, file_type)
        except RenderWorkerCrashed as error:
            if not self._forgive_crash(job.generation):
                self._fail(job, str(error))
            elif job.kind in TASK_KINDS:
                self._update(
                    job.generation, lambda wish: wish.tasks.appendleft((job.kind, job.argument))
                )
        except RenderError as error:
            self._fail(job, str(error))

    def _perform(self, job: _Job, path: Path, file_type: str | None) -> None:
        if job.kind == "open":
            info = self._worker.open_document(path, file_type=file_type)
            self._mark(job, opened=True)
            self.document_opened.emit(job.generation, info)
        else:
            self._perform_task(job, path, file_type)

    # Images, pipelined -------------------------------------------------------------

    def _render_images(self, first: _Job, path: Path, file_type: str | None) -> None:
        """Render ``first`` and the jobs of the same kind and document after it."""
        sent: deque[_Job] = deque()
        images = self._image_source(first, path, file_type, sent)
        worker = self._worker
        results: Iterator[QImage | RenderedPage]
        if first.kind == "page":
            results = worker.read_images(path, images, page_image, file_type=file_type)
            signal = self.page_rendered
        else:
            results = worker.render_images(path, images, file_type=file_type)
            signal = self.thumbnail_rendered
        try:
            for result in results:
                job = sent.popleft()
                request = job.argument
                assert isinstance(request, PageRequest)
                self._mark(job, done=(job.kind, request))
                signal.emit(job.generation, request, result)
        except RenderWorkerCrashed as error:
            if sent and not self._forgive_crash(sent[0].generation):
                self._fail(sent[0], str(error))
        except RenderError as error:
            if sent:
                self._fail(sent[0], str(error))
        finally:
            self._unsend(sent)

    def _image_source(
        self, first: _Job, path: Path, file_type: str | None, sent: deque[_Job]
    ) -> Iterator[PageImage]:
        """The images to render, taken one by one when the pipeline has room.

        Every image taken is noted in ``sent`` and as rendering in its wish (so it is
        not taken twice); the source ends when the next job is anything else.
        """
        job: _Job | None = first
        while job is not None:
            request = job.argument
            assert isinstance(request, PageRequest)
            with self._condition:
                wish = self._wish_of(job.generation)
                if wish is not None:
                    wish.rendering.add((job.kind, request))
                sent.append(job)
            yield PageImage(request.page, request.scale, request.clip)
            job = self._next_image_job(first.kind, path, file_type)

    def _next_image_job(self, kind: str, path: Path, file_type: str | None) -> _Job | None:
        with self._condition:
            found = None if self._stopping else self._next_job()
        if found is None:
            return None
        wish, job = found
        same_document = (wish.path, wish.file_type) == (path, file_type)
        return job if job.kind == kind and same_document else None

    def _unsend(self, sent: deque[_Job]) -> None:
        """Images whose pixels did not come (a failure, a crash): wanted again."""
        with self._condition:
            for job in sent:
                wish = self._wish_of(job.generation)
                if wish is not None and isinstance(job.argument, PageRequest):
                    wish.rendering.discard((job.kind, job.argument))
            sent.clear()

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
                wish.rendering.discard(done)
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


def page_image(page: RenderedPage, pixels: memoryview) -> QImage:
    """The worker's RGB888 pixels as a QImage that owns a copy of them."""
    borrowed = QImage(pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
    return borrowed.copy()


def _replace_task(wish: _Wish, kind: str, argument: object) -> None:
    wish.tasks = deque(task for task in wish.tasks if task[0] != kind)
    wish.tasks.append((kind, argument))


def _add_task(wish: _Wish, kind: str, argument: object) -> None:
    if (kind, argument) not in wish.tasks:
        wish.tasks.append((kind, argument))


def _open_job(wish: _Wish) -> _Job | None:
    return None if wish.opened else _Job(wish.generation, "open", None)


def _page_job(wish: _Wish) -> _Job | None:
    return _image_job(wish, "page", wish.pages)


def _task_job(wish: _Wish) -> _Job | None:
    if not wish.tasks:
        return None
    kind, argument = wish.tasks[0]
    return _Job(wish.generation, kind, argument)


def _thumbnail_job(wish: _Wish) -> _Job | None:
    return _image_job(wish, "thumbnail", wish.thumbnails)


def _replace_wishes(wish: _Wish, kind: str, requests: list[PageRequest]) -> None:
    if kind == "page":
        wish.pages = list(requests)
    else:
        wish.thumbnails = list(requests)
    wish.done_prefix.pop(kind, None)


def _image_job(wish: _Wish, kind: str, requests: list[PageRequest]) -> _Job | None:
    """The first image of ``requests`` neither done nor being rendered."""
    if not wish.opened:
        return None
    start = wish.done_prefix.get(kind, 0)
    while start < len(requests) and (kind, requests[start]) in wish.done:
        start += 1
    wish.done_prefix[kind] = start
    for request in itertools.islice(requests, start, None):
        key = (kind, request)
        if key not in wish.done and key not in wish.rendering:
            return _Job(wish.generation, kind, request)
    return None
