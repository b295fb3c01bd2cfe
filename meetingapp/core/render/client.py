"""Render worker: PDF documents are opened and rendered in a separate process.

PyMuPDF is not thread-safe, and a hostile or broken PDF can crash MuPDF. So the
application never imports PyMuPDF itself: a :class:`RenderWorker` owns one child
process (``spawn`` start method, so the same code works in a frozen build) and talks
to it over a :func:`multiprocessing.Pipe`. The child keeps a small LRU of open
documents, so rendering consecutive pages of the same file does not reopen it.

Pixels travel through a shared-memory buffer owned by the parent: MuPDF draws the
page straight into it (a pixmap over the shared memory, so the child copies
nothing) and the parent copies it out into ``bytes``, one copy in all
(:meth:`RenderWorker.read_images` hands the buffer to the caller instead, which
copies the pixels straight into what it keeps, a ``QImage`` in the viewer). Copying a
``get_pixmap`` pixmap into the buffer instead cost 0.1 to 0.2 ms of the child's time
per A4 page at scale 1.5; running the page straight into the draw device, without
the display list ``get_pixmap`` records first, saves another 0.08 ms (7 %), and the
pixels are the same byte for byte (see :func:`_draw`). Through the pipe
(``send_bytes``, the fallback when a render does not fit the buffer or shared memory
is unavailable) the kernel and ``Connection.recv_bytes`` copy it three to four
times: for an A4 page at scale 1.5 (3.4 MB) that measured 1.5 to 3 ms against
0.2 ms, as long as rendering a page of text. Pickling the pixels instead of
``send_bytes`` was slower still (about 1.5 times).

Pixels come back raw, as RGB888 without alpha: three bytes per pixel (R, G, B),
rows ``stride`` bytes apart. That maps onto ``QImage.Format.Format_RGB888`` without
any conversion::

    image = QImage(page.samples, page.width, page.height, page.stride,
                   QImage.Format.Format_RGB888)

The QImage borrows ``page.samples``: keep the :class:`RenderedPage` alive as long
as the image, or call ``image.copy()`` (``QPixmap.fromImage`` copies anyway).

Pages in a row (scrolling, thumbnails) go faster through :meth:`RenderWorker.render_pages`
(one scale) or :meth:`RenderWorker.render_images` (each image its own page, scale and
clip, as a view's wish list has them): they keep two requests in flight, each with a
shared buffer of its own, so the child renders the next page while this process
copies the previous one out. On two cores that hides the protocol and the copy
behind the rendering: a page costs about what ``get_pixmap`` costs in one process.

Besides PDF, the child opens whatever MuPDF reads: images (PNG, JPEG, TIFF…), XPS,
EPUB, CBZ, SVG and plain text. Blobs on disk have no extension, so the caller passes
the format (``file_type``: an extension or a MIME type); text files are decoded here
(UTF-8, else Windows-1252), because MuPDF reads text without a byte order mark as
Latin-1. Text coordinates (search hits, words) are returned in the coordinates of the
page as displayed, like the rendered pixels: MuPDF reports them unrotated.

Failure model:

* a document that cannot be opened or rendered raises :class:`RenderError`
  (:class:`UnsupportedFormatError` when the file is in no format MuPDF reads); the
  child stays alive and serves the next call;
* if the child dies during a call (segfault in MuPDF, killed by the OOM killer) or
  does not answer within ``timeout`` seconds (it is then killed), the call raises
  :class:`RenderWorkerCrashed` (:class:`RenderTimeoutError` for the timeout). The
  next call starts a new child. A request is never retried automatically: the
  document that crashed the child would most likely crash the next one too;
* a child that died *between* calls is replaced before the next request is sent,
  so that call succeeds as if nothing had happened.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import itertools
import math
import multiprocessing
import os
import re
import signal
import threading
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, Literal, NamedTuple, TypeVar, cast

from meetingapp.store import sealed

__all__ = [
    "DEFAULT_CACHE_SIZE",
    "DEFAULT_TIMEOUT",
    "MAX_DOCUMENT_TEXT",
    "MAX_PIXELS",
    "MAX_QUERY_LENGTH",
    "MAX_SEARCH_HITS",
    "Clip",
    "DocumentInfo",
    "OutlineEntry",
    "PageImage",
    "PasswordRequiredError",
    "PixelReader",
    "Point",
    "Quad",
    "RenderError",
    "RenderTimeoutError",
    "RenderWorker",
    "RenderWorkerCrashed",
    "RenderedPage",
    "SearchHit",
    "UnsupportedFormatError",
    "Word",
    "pixels_as_bytes",
]

DEFAULT_TIMEOUT = 30.0
"""Seconds a call waits for the child's answer before the child counts as hung."""

DEFAULT_CACHE_SIZE = 4
"""Documents the child keeps open."""

MAX_PIXELS = 64 * 1024 * 1024
"""Largest image (width × height) one render call produces, about 200 MB of RGB.

A PDF can declare a page of 200 × 200 inches; without a cap one render call could
ask for gigabytes.
"""

MAX_SEARCH_HITS = 10_000
"""A search stops after this many hits: searching a long document for "e" must not
flood the viewer (nor take minutes)."""

MAX_QUERY_LENGTH = 1_000
"""Longest search text, in characters."""

MAX_DOCUMENT_TEXT = 8_000_000
"""Characters :meth:`RenderWorker.document_text` returns at most, about the text of
4,000 dense pages; the pages after the limit come back empty."""

_MAX_TEXT_FILE = 32 * 1024 * 1024
"""Largest plain text file opened (it is decoded in memory first)."""

_STOP_GRACE = 1.0
"""Seconds a stopping child gets to exit on its own before it is killed."""

_SHARED_BUFFER_START = 8 * 1024 * 1024
"""Initial size of a shared pixel buffer: an A4 page at scale 2 fits."""

_SHARED_BUFFER_LIMIT = 64 * 1024 * 1024
"""Renders larger than this always go through the pipe, so that one huge zoom does
not pin that much shared memory for the rest of the session."""

_PIPELINE_DEPTH = 2
"""Render requests :meth:`RenderWorker.render_pages` keeps in flight, one shared
buffer each: the child renders one page while this process copies the other out."""

_TEXT_TYPES = frozenset({"txt", "text", "text/plain"})

Clip = tuple[float, float, float, float]
"""A rectangle (x0, y0, x1, y1) in page points, in the coordinates of the page as
displayed (rotation applied), like PyMuPDF's ``page.rect``."""

Point = tuple[float, float]

Quad = tuple[Point, Point, Point, Point]
"""Four corners in page points as displayed: upper left, upper right, lower left,
lower right of the text (PyMuPDF's order). Text set at an angle has a quad that is
not an axis-parallel rectangle."""


class RenderError(Exception):
    """The document or page cannot be opened, read or rendered."""


class PasswordRequiredError(RenderError):
    """The document is encrypted with a user password."""


class UnsupportedFormatError(RenderError):
    """The file is in no format MuPDF reads (or not in the format it claims)."""


class RenderWorkerCrashed(RenderError):  # noqa: N818 (public name)
    """The worker process died (or hung) while handling the call.

    The next call starts a new worker process.
    """


class RenderTimeoutError(RenderWorkerCrashed):
    """The worker process did not answer in time and was killed."""


class OutlineEntry(NamedTuple):
    """One entry of a document's outline (bookmarks, table of contents)."""

    level: int
    """1 for top-level entries."""
    title: str
    page_index: int | None
    """0-based target page; None when the entry points nowhere in this document."""


class Word(NamedTuple):
    """One word on a page, for text selection and copying."""

    text: str
    rect: Clip
    """The word's box in page points as displayed."""
    block: int
    line: int
    """Line number within the block: words of one line share ``block`` and ``line``."""
    word: int
    """Word number within the line."""


class PageImage(NamedTuple):
    """One image to render: a page, or the ``clip`` of it, at ``scale``."""

    page_index: int
    scale: float
    clip: Clip | None = None


class SearchHit(NamedTuple):
    """One occurrence of the search text: a phrase that wraps has one quad per line."""

    page: int
    """0-based page index."""
    quads: tuple[Quad, ...]
    rects: tuple[Clip, ...]
    """The bounding box of each quad, for highlighting."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the viewer needs to lay out a document before rendering any page.

    For a document that needs a password, only ``is_encrypted`` and
    ``needs_password`` are meaningful; the other fields are empty.
    """

    page_count: int
    page_sizes: tuple[tuple[float, float], ...]
    """(width, height) of every page in points, rotation applied."""
    page_labels: tuple[str, ...]
    """The label of every page ("i", "ii", "1", "Bilaga 2"…); empty if the
    document defines no page labels."""
    outline: tuple[OutlineEntry, ...]
    title: str | None
    """The title from the document metadata, None if missing or blank."""
    is_encrypted: bool
    needs_password: bool
    is_repaired: bool
    """MuPDF had to repair a damaged file: some content may be missing."""
    is_pdf: bool = True
    format: str = "PDF"
    """The format as MuPDF names it: "PDF 1.7", "Image", "XPS", "EPUB", "SVG",
    "Text", "zip" (a comic book archive)…"""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """Raw pixels of one rendered page (or clip of a page), RGB888 without alpha."""

    request_id: int
    """The id of the request this answers, echoed by the worker process."""
    page_index: int
    scale: float
    width: int
    height: int
    stride: int
    """Bytes from the start of one row to the next (at least ``3 * width``)."""
    samples: bytes


_T = TypeVar("_T")

PixelReader = Callable[[RenderedPage, memoryview], _T]
"""Takes a rendered page's pixels: the page (its ``samples`` empty) and a read-only
view of its samples, valid only during the call."""


def pixels_as_bytes(page: RenderedPage, pixels: memoryview) -> RenderedPage:
    """The page with its samples copied into ``bytes`` (what :meth:`RenderWorker.render_page`
    returns)."""
    source = pixels.obj
    if isinstance(source, bytes) and len(source) == pixels.nbytes:
        return dataclasses.replace(page, samples=source)  # through the pipe: bytes already
    return dataclasses.replace(page, samples=bytes(pixels))


def _drop_pixels(page: RenderedPage, pixels: memoryview) -> None:
    """For answers nobody waits for any more."""


# --- Protocol between client and child -------------------------------------------

_Operation = Literal["open", "render", "text", "words", "search", "document_text", "stop"]


@dataclass(frozen=True, slots=True)
class _BufferRef:
    """Where the child may put rendered pixels: a shared-memory block by name."""

    name: str
    size: int


@dataclass(frozen=True, slots=True)
class _Request:
    request_id: int
    operation: _Operation
    path: str = ""
    file_type: str | None = None
    page_index: int = 0
    scale: float = 1.0
    clip: Clip | None = None
    pixel_buffer: _BufferRef | None = None
    query: str = ""
    pages: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class _PixelsHeader:
    """A rendered page without its samples, which are ``nbytes`` long and either
    in the shared buffer named ``buffer_name`` or the next message on the pipe."""

    page: RenderedPage
    nbytes: int
    buffer_name: str | None


@dataclass(frozen=True, slots=True)
class _Failure:
    message: str
    password_required: bool = False
    unsupported_format: bool = False


_Answer = DocumentInfo | str | list[Word] | list[SearchHit] | list[str]
"""What a call other than a render returns."""


@dataclass(frozen=True, slots=True)
class _Reply:
    request_id: int
    result: _Answer | _PixelsHeader | _Failure


@dataclass(frozen=True, slots=True)
class _Pixels(Generic[_T]):
    """A render's pixels as the caller's :data:`PixelReader` took them."""

    value: _T


# --- Client ----------------------------------------------------------------------


class _ChildGoneError(Exception):
    """The child closed its end of the pipe or did not answer in time."""

    def __init__(self, *, hung: bool) -> None:
        super().__init__("hung" if hung else "gone")
        self.hung = hung


class _Child:
    """One running worker process and the parent's end of its pipe."""

    def __init__(self, cache_size: int, blob_key: bytes | None) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe(duplex=True)
        # The key goes through the start pipe, never through a file or argv.
        self.process = context.Process(
            target=serve,
            args=(child_end, cache_size, blob_key),
            name="meetingapp-render",
            daemon=True,
        )
        self.process.start()
        # The child holds its own copy; closing ours is what lets us see EOF
        # when the child dies.
        child_end.close()
        self._finalizer = weakref.finalize(self, _stop_process, self.process, self.connection)

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def is_alive(self) -> bool:
        return self.process.is_alive()

    def send(self, request: _Request) -> None:
        self.connection.send(request)

    def receive(self, timeout: float) -> object:
        self._wait_readable(timeout)
        try:
            return self.connection.recv()
        except (EOFError, OSError) as error:
            raise _ChildGoneError(hung=False) from error

    def receive_bytes(self, timeout: float) -> bytes:
        self._wait_readable(timeout)
        try:
            return self.connection.recv_bytes()
        except (EOFError, OSError) as error:
            raise _ChildGoneError(hung=False) from error

    def _wait_readable(self, timeout: float) -> None:
        """Return when a message (or EOF) is there; raise if nothing comes in time."""
        try:
            readable = self.connection.poll(timeout)
        except (EOFError, OSError) as error:
            raise _ChildGoneError(hung=False) from error
        if not readable:
            raise _ChildGoneError(hung=True)

    def stop(self) -> None:
        """Ask the child to exit, kill it if it does not; idempotent."""
        self._finalizer()

    def kill(self) -> None:
        self.process.kill()
        self.stop()

    def exit_description(self) -> str:
        code = self.process.exitcode
        if code is None:
            return "is not responding"
        if code < 0:
            try:
                return f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"was killed by signal {-code}"
        return f"exited with code {code}"


def _stop_process(process: BaseProcess, connection: Connection) -> None:
    """Stop a child process and reap it, so that no zombie is left behind.

    Runs through ``weakref.finalize``: when the child is stopped explicitly, when its
    handle is garbage-collected, and at interpreter exit (``atexit``).
    """
    if process.is_alive():
        with contextlib.suppress(OSError, ValueError):
            connection.send(_Request(request_id=0, operation="stop"))
        process.join(_STOP_GRACE)
    if process.is_alive():
        process.kill()
    process.join()
    connection.close()
    process.close()


class _SharedPixels:
    """A shared-memory block the child renders into; created and removed here."""

    def __init__(self, size: int) -> None:
        self._memory = SharedMemory(create=True, size=size)
        self.ref = _BufferRef(self._memory.name, size)
        self._finalizer = weakref.finalize(self, _release_shared_memory, self._memory)

    def read(self, nbytes: int, reader: PixelReader[_T], page: RenderedPage) -> _T:
        with _view(self._memory)[:nbytes] as view, view.toreadonly() as pixels:
            return reader(page, pixels)

    def release(self) -> None:
        self._finalizer()


def _view(memory: SharedMemory) -> memoryview:
    view = memory.buf
    if view is None:
        raise ValueError("shared memory is closed")
    return view


def _release_shared_memory(memory: SharedMemory) -> None:
    memory.close()
    with contextlib.suppress(FileNotFoundError):
        memory.unlink()


class RenderWorker:
    """Client of one render worker process.

    The calls block until the child answers; they are meant for one background
    thread at a time (never the GUI thread). Calls from several threads are safe
    but serialized by a lock. The child is started on the first call, or earlier
    with :meth:`start`.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        cache_size: int = DEFAULT_CACHE_SIZE,
        blob_key: bytes | None = None,
    ) -> None:
        """``blob_key`` opens the store's sealed blobs; plain files open without it."""
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        self.timeout = timeout
        """Seconds one call waits for the answer; may be changed between calls."""
        self._cache_size = cache_size
        self._blob_key = blob_key
        self._lock = threading.Lock()
        self._child: _Child | None = None
        self._pixels: dict[int, _SharedPixels] = {}  # by slot, one per request in flight
        self._buffer_size = _SHARED_BUFFER_START
        self._shared_memory_works = True
        self._next_request_id = 1
        self._batch_thread: int | None = None
        self._closed = False

    # Lifecycle

    def start(self) -> None:
        """Start the child process now, to have it ready for the first document.

        Returns at once (the child finishes booting in parallel), unless another
        thread's call is in flight.
        """
        with self._locked():
            self._running_child()

    @property
    def pid(self) -> int | None:
        """Process id of the current child, None when none is running."""
        child = self._child
        return child.pid if child is not None else None

    def close(self) -> None:
        """Stop the child process and wait for it to exit; idempotent.

        A call in flight in another thread is interrupted: it raises
        :class:`RenderWorkerCrashed`. An unfinished :meth:`render_pages` iteration
        in another thread is interrupted when it next asks for a page; the thread
        iterating must finish or close its iteration first.
        """
        if self._batch_thread == threading.get_ident():
            raise RuntimeError("finish or close the render_pages (render_images) iteration first")
        self._closed = True
        if not self._lock.acquire(timeout=_STOP_GRACE):
            child = self._child
            if child is not None:
                child.process.kill()
            self._lock.acquire()
        try:
            self._discard_child()
            self._release_pixels()
        finally:
            self._lock.release()

    def __enter__(self) -> RenderWorker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Calls

    def open_document(self, path: Path, *, file_type: str | None = None) -> DocumentInfo:
        """Open a document and describe it (page count and sizes, labels, outline).

        ``file_type`` names the format, as a file name extension ("pdf", "png",
        ".epub") or a MIME type ("image/jpeg"); without it MuPDF guesses from the
        content, which works for PDF and images but not for text, SVG or EPUB.
        """
        result = self._call(_request("open", path, file_type))
        assert isinstance(result, DocumentInfo)
        return result

    def render_page(
        self,
        path: Path,
        page_index: int,
        scale: float,
        clip: Clip | None = None,
        *,
        file_type: str | None = None,
    ) -> RenderedPage:
        """Render one page at ``scale`` pixels per point (1.0 = 72 dpi).

        With ``clip`` only that part of the page is rendered; a clip that misses the
        page gives a 0 × 0 result.
        """
        _check_page_index(page_index)
        _check_scale(scale)
        request = _request("render", path, file_type, page_index=page_index, scale=scale, clip=clip)
        result = self._call(request)
        assert isinstance(result, RenderedPage)
        return result

    def render_pages(
        self,
        path: Path,
        pages: Iterable[int],
        scale: float,
        clip: Clip | None = None,
        *,
        file_type: str | None = None,
    ) -> Generator[RenderedPage, None, None]:
        """Render several pages, keeping two requests in flight; yields them in order.

        ``pages`` is consumed lazily, at most two pages ahead of the page last
        yielded, so a caller can feed it from a wish list that changes while it
        iterates. Stop early with ``close()`` on the generator (or by leaving a
        ``contextlib.closing`` block): the page still in flight is received and
        dropped. While the iteration runs it holds the worker, so other threads'
        calls wait, and the iterating thread itself may make no other call until
        the iteration is finished or closed (that raises :class:`RuntimeError`).

        A page that fails ends the iteration with its :class:`RenderError`; a crash
        raises :class:`RenderWorkerCrashed` and the next call starts a new child.
        """
        _check_scale(scale)
        images = (PageImage(page, scale, clip) for page in pages)
        return self._pipeline(path, images, file_type, pixels_as_bytes)

    def render_images(
        self, path: Path, images: Iterable[PageImage], *, file_type: str | None = None
    ) -> Generator[RenderedPage, None, None]:
        """Like :meth:`render_pages`, but every image has its own page, scale and clip.

        ``images`` is consumed lazily in the same way; an image with an invalid page
        index or scale raises :class:`ValueError` when it is taken.
        """
        return self._pipeline(path, iter(images), file_type, pixels_as_bytes)

    def read_images(
        self,
        path: Path,
        images: Iterable[PageImage],
        reader: PixelReader[_T],
        *,
        file_type: str | None = None,
    ) -> Generator[_T, None, None]:
        """Like :meth:`render_images`, but yields what ``reader`` makes of each image.

        ``reader`` gets the pixels straight from the shared buffer, so a caller that
        copies them into something of its own anyway (a ``QImage``) saves the copy
        into ``bytes``. It runs in the iterating thread, with the worker held; an
        exception it raises ends the iteration.
        """
        return self._pipeline(path, iter(images), file_type, reader)

    def page_text(self, path: Path, page_index: int, *, file_type: str | None = None) -> str:
        """The plain text of one page, in content order."""
        _check_page_index(page_index)
        result = self._call(_request("text", path, file_type, page_index=page_index))
        assert isinstance(result, str)
        return result

    def page_words(
        self, path: Path, page_index: int, *, file_type: str | None = None
    ) -> list[Word]:
        """The words of one page with their boxes, in content order."""
        _check_page_index(page_index)
        result = self._call(_request("words", path, file_type, page_index=page_index))
        assert isinstance(result, list)
        return cast(list[Word], result)

    def search(
        self,
        path: Path,
        query: str,
        pages: Iterable[int] | None = None,
        *,
        file_type: str | None = None,
    ) -> list[SearchHit]:
        """Every occurrence of ``query``, ignoring case (å matches Å), in page order.

        Runs of white space in the query match any white space, line breaks
        included. ``pages`` limits the search to those pages. At most
        :data:`MAX_SEARCH_HITS` hits are returned; a blank query finds nothing, a
        query longer than :data:`MAX_QUERY_LENGTH` raises :class:`RenderError`.
        """
        if not query.strip():
            return []
        if len(query) > MAX_QUERY_LENGTH:
            raise RenderError(f"the search text is longer than {MAX_QUERY_LENGTH} characters")
        chosen = None if pages is None else tuple(sorted({_checked(page) for page in pages}))
        result = self._call(_request("search", path, file_type, query=query, pages=chosen))
        assert isinstance(result, list)
        return cast(list[SearchHit], result)

    def document_text(self, path: Path, *, file_type: str | None = None) -> list[str]:
        """The text of every page in reading order (blocks sorted top-left to bottom-
        right), for a reflowed text view; see :data:`MAX_DOCUMENT_TEXT`."""
        result = self._call(_request("document_text", path, file_type))
        assert isinstance(result, list)
        return cast(list[str], result)

    # Internals

    def _call(self, request: _Request) -> _Answer | RenderedPage:
        with self._locked():
            request = dataclasses.replace(request, request_id=self._new_request_id())
            if request.operation == "render":
                request = dataclasses.replace(request, pixel_buffer=self._pixel_buffer(0))
            child = self._deliver(request)
            result = self._receive_or_crash(child, request, pixels_as_bytes)
        if isinstance(result, _Failure):
            raise _failure_error(result)
        if isinstance(result, _Pixels):
            return result.value
        return result

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if self._batch_thread == threading.get_ident():
            raise RuntimeError("finish or close the render_pages (render_images) iteration first")
        with self._lock:
            self._check_open()
            yield

    def _pipeline(
        self,
        path: Path,
        images: Iterator[PageImage],
        file_type: str | None,
        reader: PixelReader[_T],
    ) -> Generator[_T, None, None]:
        template = _request("render", path, file_type)
        with self._locked():
            self._batch_thread = threading.get_ident()
            in_flight: deque[_Request] = deque()
            try:
                child = self._send_more(template, images, in_flight, None)
                while in_flight and child is not None:
                    request = in_flight.popleft()
                    result = self._receive_or_crash(child, request, reader)
                    if isinstance(result, _Failure):
                        raise _failure_error(result)
                    assert isinstance(result, _Pixels)
                    child = self._send_more(template, images, in_flight, child)
                    yield result.value
            finally:
                self._batch_thread = None
                self._drain(in_flight)

    def _send_more(
        self,
        template: _Request,
        images: Iterator[PageImage],
        in_flight: deque[_Request],
        child: _Child | None,
    ) -> _Child | None:
        """Top up the requests in flight from ``images``; returns the child serving them."""
        while len(in_flight) < _PIPELINE_DEPTH:
            image = next(images, None)
            if image is None:
                break
            _check_scale(image.scale)
            request_id = self._new_request_id()
            request = dataclasses.replace(
                template,
                request_id=request_id,
                page_index=_checked(image.page_index),
                scale=image.scale,
                clip=image.clip,
                pixel_buffer=self._pixel_buffer(request_id % _PIPELINE_DEPTH),
            )
            if child is None:
                child = self._deliver(request)
            elif not self._send_in_pipeline(child, request, in_flight):
                break
            in_flight.append(request)
        return child

    def _send_in_pipeline(
        self, child: _Child, request: _Request, in_flight: deque[_Request]
    ) -> bool:
        """Send one more request; False if the child is gone but answers are pending.

        The pages already rendered are still delivered: the crash surfaces when the
        answers run out.
        """
        try:
            child.send(request)
        except OSError:
            if in_flight:
                return False
            raise self._crash_error(child, request, hung=False) from None
        return True

    def _drain(self, in_flight: deque[_Request]) -> None:
        """Receive and drop the answers still on their way, so the next call gets its own."""
        child = self._child
        if not in_flight or child is None:
            return
        try:
            for request in in_flight:
                self._receive_result(child, request, _drop_pixels)
        except _ChildGoneError as gone:
            if gone.hung:
                child.kill()
            self._discard_child()
        finally:
            in_flight.clear()

    def _deliver(self, request: _Request) -> _Child:
        """Send the request, replacing a child that died since the last call."""
        child = self._running_child()
        try:
            child.send(request)
        except OSError:
            self._discard_child()
            child = self._running_child()
            child.send(request)
        return child

    def _receive_or_crash(
        self, child: _Child, request: _Request, reader: PixelReader[_T]
    ) -> _Answer | _Pixels[_T] | _Failure:
        try:
            return self._receive_result(child, request, reader)
        except _ChildGoneError as gone:
            raise self._crash_error(child, request, hung=gone.hung) from None

    def _receive_result(
        self, child: _Child, request: _Request, reader: PixelReader[_T]
    ) -> _Answer | _Pixels[_T] | _Failure:
        reply = child.receive(self.timeout)
        if not isinstance(reply, _Reply) or reply.request_id != request.request_id:
            # Cannot happen with a sane child; do not trust this one any further.
            raise _ChildGoneError(hung=False)
        if isinstance(reply.result, _PixelsHeader):
            return _Pixels(self._collect_pixels(child, request, reply.result, reader))
        return reply.result

    def _collect_pixels(
        self, child: _Child, request: _Request, header: _PixelsHeader, reader: PixelReader[_T]
    ) -> _T:
        given = request.pixel_buffer
        if header.buffer_name is None:
            samples = child.receive_bytes(self.timeout)
            if header.nbytes <= _SHARED_BUFFER_LIMIT:
                self._buffer_size = max(self._buffer_size, header.nbytes)
            with memoryview(samples) as pixels:
                return reader(header.page, pixels)
        if given is not None and header.buffer_name == given.name:
            return self._read_pixels(given, header, reader)
        raise _ChildGoneError(hung=False)  # It used a buffer it was not given.

    def _read_pixels(self, ref: _BufferRef, header: _PixelsHeader, reader: PixelReader[_T]) -> _T:
        for pixels in self._pixels.values():
            if pixels.ref == ref:
                return pixels.read(header.nbytes, reader, header.page)
        raise _ChildGoneError(hung=False)

    def _pixel_buffer(self, slot: int) -> _BufferRef | None:
        """The shared buffer of ``slot``, grown first if a render did not fit."""
        pixels = self._pixels.get(slot)
        if pixels is not None and pixels.ref.size >= self._buffer_size:
            return pixels.ref
        if pixels is not None:
            pixels.release()
            del self._pixels[slot]
        if not self._shared_memory_works:
            return None
        size = min(
            max(self._buffer_size, 2 * pixels.ref.size if pixels else 0), _SHARED_BUFFER_LIMIT
        )
        try:
            self._pixels[slot] = _SharedPixels(size)
        except OSError:
            # No usable shared memory (a locked-down /dev/shm): the pipe still works.
            self._shared_memory_works = False
            return None
        return self._pixels[slot].ref

    def _release_pixels(self) -> None:
        pixels, self._pixels = self._pixels, {}
        for block in pixels.values():
            block.release()

    def _crash_error(self, child: _Child, request: _Request, *, hung: bool) -> RenderError:
        """Reap the dead or hung child and describe what happened to the call."""
        what = _describe_request(request)
        try:
            if self._closed:
                return RenderWorkerCrashed(f"render worker was closed {what}")
            if hung:
                child.kill()
                return RenderTimeoutError(
                    f"render worker did not answer within {self.timeout:g} s {what}; it was killed"
                )
            child.process.join(_STOP_GRACE)
            return RenderWorkerCrashed(f"render worker process {child.exit_description()} {what}")
        finally:
            self._discard_child()

    def _running_child(self) -> _Child:
        if self._child is not None and not self._child.is_alive():
            self._discard_child()
        if self._child is None:
            try:
                self._child = _Child(self._cache_size, self._blob_key)
            except OSError as error:
                raise RenderWorkerCrashed(f"cannot start the render worker: {error}") from None
        return self._child

    def _discard_child(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.stop()

    def _new_request_id(self) -> int:
        request_id = self._next_request_id
        self._next_request_id += 1
        return request_id

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the render worker is closed")


def _request(
    operation: _Operation, path: Path, file_type: str | None, **arguments: Any
) -> _Request:
    """A request without its id, which the client assigns when it sends it."""
    return _Request(0, operation, os.fspath(path), file_type, **arguments)


def _failure_error(failure: _Failure) -> RenderError:
    if failure.password_required:
        return PasswordRequiredError(failure.message)
    if failure.unsupported_format:
        return UnsupportedFormatError(failure.message)
    return RenderError(failure.message)


def _check_page_index(page_index: int) -> None:
    if page_index < 0:
        raise ValueError(f"page index must not be negative, not {page_index}")


def _checked(page_index: int) -> int:
    _check_page_index(page_index)
    return page_index


def _check_scale(scale: float) -> None:
    if not (math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive number, not {scale!r}")


def _describe_request(request: _Request) -> str:
    name = Path(request.path).name
    page = request.page_index + 1
    descriptions = {
        "open": f"while opening {name}",
        "render": f"while rendering page {page} of {name}",
        "text": f"while reading the text of page {page} of {name}",
        "words": f"while reading the words of page {page} of {name}",
        "search": f"while searching {name}",
        "document_text": f"while reading the text of {name}",
    }
    return descriptions.get(request.operation, f"while handling {name}")


# --- Child process ---------------------------------------------------------------
# Everything below runs in the worker process only; PyMuPDF is imported there.


def serve(connection: Connection, cache_size: int, blob_key: bytes | None = None) -> None:
    """Entry point of the worker process: answer requests until told to stop.

    Module-level so that the ``spawn`` start method can import it by name.
    """
    # Ctrl+C in a terminal reaches the whole process group; the parent decides
    # when the worker ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        documents: _DocumentCache | None = _DocumentCache(cache_size, blob_key)
        unavailable = ""
    except ImportError as error:
        documents, unavailable = None, f"PyMuPDF is not available: {error}"
    pixels = _PixelOutlet()
    try:
        while True:
            request = connection.recv()
            if not isinstance(request, _Request) or request.operation == "stop":
                return
            if documents is None:
                connection.send(_Reply(request.request_id, _Failure(unavailable)))
            else:
                _answer(connection, documents, pixels, request)
    except (EOFError, OSError):
        return  # The parent is gone.
    finally:
        pixels.close()


_Result = _Answer | tuple[_PixelsHeader, Any] | _Failure
"""What the child computed: a render result is its header and, when the pixels
must go through the pipe, the pixmap holding them (else None)."""


class _PixelOutlet:
    """The child's side of the shared pixel buffers, attached by name on demand."""

    def __init__(self) -> None:
        self._memory: OrderedDict[str, SharedMemory] = OrderedDict()

    def target(self, ref: _BufferRef | None, nbytes: int) -> SharedMemory | None:
        """The shared buffer to render ``nbytes`` into; None if they must go by pipe."""
        if ref is None or nbytes > ref.size:
            return None
        return self._attach(ref.name)

    def _attach(self, name: str) -> SharedMemory | None:
        memory = self._memory.get(name)
        if memory is None:
            try:
                memory = SharedMemory(name=name)
            except OSError:
                return None
            self._memory[name] = memory
            # The client replaces a buffer only once nothing in flight uses it.
            while len(self._memory) > _PIPELINE_DEPTH:
                self._memory.popitem(last=False)[1].close()
        self._memory.move_to_end(name)
        return memory

    def close(self) -> None:
        memory, self._memory = self._memory, OrderedDict()
        for block in memory.values():
            block.close()


class _PasswordRequiredError(Exception):
    pass


def _import_pymupdf() -> Any:
    """PyMuPDF, imported in the worker process only (and untyped on purpose)."""
    return importlib.import_module("pymupdf")


class _DocumentCache:
    """The last few opened documents, reopened when the file changes on disk."""

    def __init__(self, capacity: int, blob_key: bytes | None = None) -> None:
        pymupdf = _import_pymupdf()
        self._blob_key = blob_key
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
        self._capacity = capacity
        self._documents: OrderedDict[tuple[str, str | None, int, int], Any] = OrderedDict()

    def get(self, path: str, file_type: str | None) -> Any:
        name = Path(path).name
        try:
            status = Path(path).stat()
        except FileNotFoundError:
            raise RenderError(f"file not found: {name}") from None
        except OSError as error:
            raise RenderError(f"cannot read {name}: {error.strerror}") from None
        if status.st_size == 0:
            raise RenderError(f"file is empty: {name}")
        kind = _normalise_file_type(file_type)
        key = (path, kind, status.st_mtime_ns, status.st_size)
        document = self._documents.get(key)
        if document is None:
            document = _open_document(path, kind, self._blob_key)
            self._documents[key] = document
            self._evict()
        self._documents.move_to_end(key)
        return document

    def _evict(self) -> None:
        while len(self._documents) > self._capacity:
            _, document = self._documents.popitem(last=False)
            document.close()


def _normalise_file_type(file_type: str | None) -> str | None:
    """Lower case, without a leading dot or MIME parameters: ".PNG" becomes "png"."""
    if file_type is None:
        return None
    kind = file_type.split(";", 1)[0].strip().lower().lstrip(".")
    return kind or None


def _open_document(path: str, kind: str | None, blob_key: bytes | None) -> Any:
    pymupdf = _import_pymupdf()
    content = _sealed_content(path, blob_key)
    head = content[:1024] if content is not None else _head(path)
    try:
        if kind in _TEXT_TYPES and b"%PDF" not in head:
            text = content if content is not None else _read_text_file(path)
            document = pymupdf.open(stream=_text_as_utf8(text), filetype="txt")
        elif content is not None:
            document = pymupdf.open(stream=content, filetype=kind)
        else:
            document = pymupdf.open(path, filetype=kind)
        if not document.is_pdf and document.page_count > 0:
            # Other formats are parsed lazily: a file that only claims to be an
            # image fails when its first page is loaded.
            document.load_page(0)
    except RenderError:
        raise
    except Exception as error:
        raise _open_error(Path(path).name, head, kind, error) from None
    return document


def _sealed_content(path: str, blob_key: bytes | None) -> bytes | None:
    """The decrypted content of a sealed blob, None for a plain file.

    MuPDF then reads the document from memory: nothing decrypted touches the disk.
    """
    file = Path(path)
    if not sealed.is_sealed(file):
        return None
    if blob_key is None:
        raise RenderError(f"cannot open {file.name}: it is encrypted and no key was given")
    try:
        return sealed.read_plain(file, blob_key)
    except sealed.SealedError as error:
        raise RenderError(f"cannot open {file.name}: {error}") from None
    except OSError as error:
        raise RenderError(f"cannot read {file.name}: {error.strerror}") from None


def _read_text_file(path: str) -> bytes:
    if Path(path).stat().st_size > _MAX_TEXT_FILE:
        raise RenderError(f"{Path(path).name} is too large to show as text")
    return Path(path).read_bytes()


def _text_as_utf8(data: bytes) -> bytes:
    """The text as UTF-8 with a byte order mark, which MuPDF reads as UTF-8."""
    if len(data) > _MAX_TEXT_FILE:
        raise RenderError("the text file is too large to show")
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _head(path: str) -> bytes:
    """The start of the file, where readers (MuPDF too) look for the PDF signature."""
    with Path(path).open("rb") as file:
        return file.read(1024)


def _open_error(name: str, head: bytes, kind: str | None, error: Exception) -> RenderError:
    if b"%PDF" in head and kind in (None, "pdf", "application/pdf"):
        return RenderError(f"cannot open {name}: the PDF is damaged ({error})")
    claimed = f" as {kind}" if kind else ""
    return UnsupportedFormatError(
        f"cannot open {name}{claimed}: it is not in a format this program can show"
    )


def _answer(
    connection: Connection, documents: _DocumentCache, pixels: _PixelOutlet, request: _Request
) -> None:
    result = _compute(documents, pixels, request)
    if isinstance(result, tuple):
        header, pixmap = result
        connection.send(_Reply(request.request_id, header))
        if pixmap is not None:
            # One raw message straight from the pixmap's memory, no pickling.
            connection.send_bytes(pixmap.samples_mv)
    else:
        connection.send(_Reply(request.request_id, result))


def _compute(documents: _DocumentCache, pixels: _PixelOutlet, request: _Request) -> _Result:
    try:
        document = documents.get(request.path, request.file_type)
        return _perform(document, pixels, request)
    except UnsupportedFormatError as error:
        return _Failure(str(error), unsupported_format=True)
    except RenderError as error:
        return _Failure(str(error))
    except _PasswordRequiredError:
        name = Path(request.path).name
        return _Failure(f"document is password protected: {name}", password_required=True)
    except Exception as error:
        return _Failure(f"failed {_describe_request(request)}: {error}")


def _perform(document: Any, pixels: _PixelOutlet, request: _Request) -> _Result:
    if request.operation == "open":
        return _describe_document(document)
    if document.needs_pass:
        raise _PasswordRequiredError
    if request.operation == "search":
        return _search(document, request.query, request.pages)
    if request.operation == "document_text":
        return _document_text(document)
    page = _load_page(document, request)
    if request.operation == "render":
        return _render(page, pixels, request)
    if request.operation == "words":
        return _words(page)
    return str(page.get_text("text"))


def _describe_document(document: Any) -> DocumentInfo:
    metadata = document.metadata or {}
    if document.needs_pass:
        return DocumentInfo(
            page_count=0,
            page_sizes=(),
            page_labels=(),
            outline=(),
            title=None,
            is_encrypted=True,
            needs_password=True,
            is_repaired=bool(document.is_repaired),
            is_pdf=bool(document.is_pdf),
            format=str(metadata.get("format") or ""),
        )
    has_labels = bool(document.is_pdf and document.get_page_labels())
    sizes: list[tuple[float, float]] = []
    labels: list[str] = []
    for page in document:
        sizes.append((float(page.rect.width), float(page.rect.height)))
        if has_labels:
            labels.append(str(page.get_label()))
    title = str(metadata.get("title") or "").strip()
    return DocumentInfo(
        page_count=len(sizes),
        page_sizes=tuple(sizes),
        page_labels=tuple(labels),
        outline=_outline(document),
        title=title or None,
        is_encrypted=bool(metadata.get("encryption")),
        needs_password=False,
        is_repaired=bool(document.is_repaired),
        is_pdf=bool(document.is_pdf),
        format=str(metadata.get("format") or ""),
    )


def _outline(document: Any) -> tuple[OutlineEntry, ...]:
    entries = []
    for level, title, page_number, *_ in document.get_toc(simple=True):
        page_index = page_number - 1 if page_number >= 1 else None
        entries.append(OutlineEntry(int(level), str(title), page_index))
    return tuple(entries)


def _load_page(document: Any, request: _Request) -> Any:
    page_count = document.page_count
    if request.page_index >= page_count:
        raise RenderError(
            f"page index {request.page_index} is out of range: "
            f"{Path(request.path).name} has {page_count} pages"
        )
    return document.load_page(request.page_index)


def _render(page: Any, pixels: _PixelOutlet, request: _Request) -> tuple[_PixelsHeader, Any]:
    """Render straight into the shared buffer when the image fits, else with ``get_pixmap``.

    Should the low-level path fail for any reason, ``get_pixmap`` renders the page
    instead (and raises what it raises), its samples copied into the buffer.
    """
    _check_pixel_budget(page, request)
    try:
        rendered = _render_in_place(page, pixels, request)
    except Exception:
        rendered = None
    return rendered or _render_pixmap(page, pixels, request)


@dataclass(frozen=True, slots=True)
class _Frame:
    """Where a render lands, in MuPDF's terms, as ``get_pixmap`` works it out: the
    scale as a matrix, the clip (None for the whole page) and the box of pixels."""

    matrix: Any
    clip: Any
    box: Any
    width: int
    height: int

    @property
    def nbytes(self) -> int:
        return 3 * self.width * self.height


def _frame(mupdf: Any, page: Any, request: _Request) -> _Frame:
    matrix = mupdf.FzMatrix(request.scale, 0, 0, request.scale, 0, 0)
    bounds = mupdf.fz_bound_page(page)
    clip = None
    if request.clip is not None:
        clip = mupdf.FzRect(*request.clip)
        bounds = mupdf.fz_intersect_rect(bounds, clip)
    box = mupdf.fz_round_rect(mupdf.fz_transform_rect(bounds, matrix))
    return _Frame(matrix, clip, box, max(box.x1 - box.x0, 0), max(box.y1 - box.y0, 0))


def _render_in_place(
    page: Any, pixels: _PixelOutlet, request: _Request
) -> tuple[_PixelsHeader, None] | None:
    """Draw into the shared buffer; None when the image is empty or does not fit it."""
    mupdf = _import_pymupdf().mupdf
    frame = _frame(mupdf, page.this, request)
    shared = pixels.target(request.pixel_buffer, frame.nbytes)
    if shared is None or frame.nbytes == 0:
        return None
    _draw(mupdf, page.this, frame, shared)
    header = _page_header(request, frame.width, frame.height, 3 * frame.width)
    return _PixelsHeader(header, frame.nbytes, shared.name), None


def _draw(mupdf: Any, page: Any, frame: _Frame, shared: SharedMemory) -> None:
    """Draw the page (annotations and form fields included) into the shared buffer, RGB
    on white, byte for byte as ``get_pixmap`` does.

    ``get_pixmap`` records the page into a display list and plays that back into a
    pixmap of its own. The whole page is run straight into the draw device here
    instead, which gives the same pixels (the device gets the same calls with the
    same matrices) without recording the list, 7 % faster on a page of text. A clip
    still goes through a display list, as in ``get_pixmap``: played back over the
    clip, the list skips what its bounds put outside it, and an object skipped so
    can have touched the pixels at the clip's edge.
    """
    samples = mupdf.python_mutable_buffer_data(_view(shared))
    pixmap = mupdf.fz_new_pixmap_with_bbox_and_data(
        mupdf.fz_device_rgb(), frame.box, mupdf.FzSeparations(), 0, samples
    )
    device = None
    try:
        mupdf.fz_clear_pixmap_with_value(pixmap, 0xFF)
        if frame.clip is None:
            device = mupdf.fz_new_draw_device(frame.matrix, pixmap)
            mupdf.fz_run_page(page, device, mupdf.FzMatrix(), mupdf.FzCookie())
        else:
            display_list = mupdf.fz_new_display_list_from_page(page)
            device = mupdf.fz_new_draw_device_with_bbox(frame.matrix, pixmap, frame.box)
            mupdf.fz_run_display_list(
                display_list, device, mupdf.FzMatrix(), frame.clip, mupdf.FzCookie()
            )
        mupdf.fz_close_device(device)
    finally:
        # The pixmap borrows the shared memory, which this process unmaps once the
        # client replaces the buffer: nothing that points into it may outlive the
        # call, not even in a traceback.
        del device, pixmap


def _render_pixmap(page: Any, pixels: _PixelOutlet, request: _Request) -> tuple[_PixelsHeader, Any]:
    """Render with ``get_pixmap``; the samples are copied into the shared buffer when
    they fit, else the pixmap is returned to go through the pipe."""
    pymupdf = _import_pymupdf()
    pixmap = page.get_pixmap(
        matrix=pymupdf.Matrix(request.scale, request.scale),
        colorspace=pymupdf.csRGB,
        alpha=False,
        clip=request.clip,
        annots=True,
    )
    header = _page_header(request, pixmap.width, pixmap.height, pixmap.stride)
    samples = pixmap.samples_mv
    shared = pixels.target(request.pixel_buffer, samples.nbytes)
    if shared is None:
        return _PixelsHeader(header, samples.nbytes, None), pixmap
    _view(shared)[: samples.nbytes] = samples
    return _PixelsHeader(header, samples.nbytes, shared.name), None


def _page_header(request: _Request, width: int, height: int, stride: int) -> RenderedPage:
    return RenderedPage(
        request_id=request.request_id,
        page_index=request.page_index,
        scale=request.scale,
        width=width,
        height=height,
        stride=stride,
        samples=b"",
    )


def _check_pixel_budget(page: Any, request: _Request) -> None:
    area = page.rect if request.clip is None else page.rect & request.clip
    pixels = max(area.width, 0) * max(area.height, 0) * request.scale**2
    if pixels > MAX_PIXELS:
        raise RenderError(
            f"page {request.page_index + 1} at scale {request.scale:g} would be "
            f"{pixels / 1e6:.0f} megapixels, more than the limit of {MAX_PIXELS / 1e6:.0f}"
        )


# Text -----------------------------------------------------------------------------


def _words(page: Any) -> list[Word]:
    rotation = _rotation(page)
    words = []
    for x0, y0, x1, y1, text, block, line, number in page.get_text("words"):
        rect = _displayed_rect((x0, y0, x1, y1), rotation)
        words.append(Word(str(text), rect, int(block), int(line), int(number)))
    return words


def _document_text(document: Any) -> list[str]:
    texts: list[str] = []
    room = MAX_DOCUMENT_TEXT
    for page in document:
        text = _reading_order_text(page) if room > 0 else ""
        texts.append(text[:room])
        room -= len(text)
    return texts


def _reading_order_text(page: Any) -> str:
    """The text blocks top to bottom, left to right, a blank line between blocks.

    Sorting blocks is as fast as plain extraction; ``get_text("text", sort=True)``
    also sorts every line and takes about twenty times as long.
    """
    blocks = page.get_text("blocks", sort=True)
    return "\n".join(str(text) for *_, text, _number, kind in blocks if kind == 0)


def _search(document: Any, query: str, pages: tuple[int, ...] | None) -> list[SearchHit]:
    pattern = _query_pattern(query)
    page_count = document.page_count
    chosen = range(page_count) if pages is None else [p for p in pages if p < page_count]
    hits: list[SearchHit] = []
    for index in chosen:
        hits += _search_page(document.load_page(index), index, pattern, MAX_SEARCH_HITS - len(hits))
        if len(hits) >= MAX_SEARCH_HITS:
            break
    return hits


def _query_pattern(query: str) -> re.Pattern[str]:
    """The query as a pattern that ignores case (fully, unlike MuPDF's search, which
    ignores the case of ASCII letters only) and matches any run of white space
    where the query has white space."""
    return re.compile(r"\s+".join(map(re.escape, query.split())), re.IGNORECASE)


def _search_page(page: Any, index: int, pattern: re.Pattern[str], limit: int) -> list[SearchHit]:
    """The hits of one page in text order.

    MuPDF finds the boxes, but compares letters outside ASCII case-sensitively. So
    the page text is searched here first, and MuPDF is asked for each spelling found
    ("Åtgärd", "åtgärd", "ÅTGÄRD"): spellings that differ only in ASCII case are one
    search for MuPDF.
    """
    textpage = page.get_textpage()
    text = page.get_text("text", textpage=textpage)
    spellings: dict[str, list[re.Match[str]]] = {}
    for match in itertools.islice(pattern.finditer(text), limit):
        spellings.setdefault(_ascii_lower(" ".join(match.group().split())), []).append(match)
    rotation = _rotation(page)
    found: list[tuple[int, SearchHit]] = []
    for matches in spellings.values():
        needle = " ".join(matches[0].group().split())
        quads = [
            _displayed_quad(quad, rotation)
            for quad in page.search_for(needle, quads=True, textpage=textpage)
        ]
        found += _group_quads(index, quads, matches)
    found.sort(key=lambda item: item[0])
    return [hit for _, hit in found[:limit]]


def _group_quads(
    index: int, quads: list[Quad], matches: list[re.Match[str]]
) -> list[tuple[int, SearchHit]]:
    """Hits with their offset in the page text: a match spanning n lines has n quads.

    Should MuPDF's boxes not add up to the matches (it splits a line at a wide gap),
    every box becomes a hit of its own.
    """
    spans = [match.group().count("\n") + 1 for match in matches]
    if sum(spans) != len(quads):
        spans = [1] * len(quads)
    starts = [match.start() for match in matches]
    grouped: list[tuple[int, SearchHit]] = []
    position = 0
    for number, span in enumerate(spans):
        parts = tuple(quads[position : position + span])
        position += span
        rects = tuple(_quad_rect(quad) for quad in parts)
        grouped.append((starts[min(number, len(starts) - 1)], SearchHit(index, parts, rects)))
    return grouped


def _ascii_lower(text: str) -> str:
    return "".join(char.lower() if char.isascii() else char for char in text)


def _rotation(page: Any) -> Any:
    """The matrix from MuPDF's text coordinates to the page as displayed, or None."""
    return page.rotation_matrix if page.rotation else None


def _displayed_rect(rect: Clip, rotation: Any) -> Clip:
    if rotation is None:
        return (float(rect[0]), float(rect[1]), float(rect[2]), float(rect[3]))
    turned = _import_pymupdf().Rect(rect) * rotation
    return (float(turned.x0), float(turned.y0), float(turned.x1), float(turned.y1))


def _displayed_quad(quad: Any, rotation: Any) -> Quad:
    if rotation is not None:
        quad = quad * rotation
    ul, ur, ll, lr = (quad.ul, quad.ur, quad.ll, quad.lr)
    return (
        (float(ul.x), float(ul.y)),
        (float(ur.x), float(ur.y)),
        (float(ll.x), float(ll.y)),
        (float(lr.x), float(lr.y)),
    )


def _quad_rect(quad: Quad) -> Clip:
    xs = [point[0] for point in quad]
    ys = [point[1] for point in quad]
    return (min(xs), min(ys), max(xs), max(ys))
