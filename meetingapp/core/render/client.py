"""Render worker client: PDF documents are opened and rendered in a separate process.

PyMuPDF is not thread-safe, and a hostile or broken PDF can crash MuPDF. So the
application never imports PyMuPDF itself: a :class:`RenderWorker` owns one child
process (a :class:`meetingapp.core.children.Child`, which starts, stops and reaps it)
and talks to it over its pipe in the protocol of :mod:`.protocol`; the child runs
:func:`.child.serve`. The child keeps a small LRU of open documents, so rendering
consecutive pages of the same file does not reopen it.

Pixels travel through a shared-memory buffer owned by the parent: MuPDF draws the
page straight into it (a pixmap over the shared memory, so the child copies
nothing) and the parent copies it out into ``bytes``, one copy in all
(:meth:`RenderWorker.read_images` hands the buffer to the caller instead, which
copies the pixels straight into what it keeps, a ``QImage`` in the viewer). Copying a
``get_pixmap`` pixmap into the buffer instead cost 0.1 to 0.2 ms of the child's time
per A4 page at scale 1.5; running the page straight into the draw device, without
the display list ``get_pixmap`` records first, saves another 0.08 ms (7 %), and the
pixels are the same byte for byte (see :func:`.child._draw`). Through the pipe
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
import math
import os
import threading
import weakref
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar, cast

from meetingapp.core.children import (
    STOP_GRACE,
    Child,
    ChildDiedError,
    ChildError,
    ChildTimeoutError,
)
from meetingapp.core.render.child import serve
from meetingapp.core.render.protocol import (
    MAX_QUERY_LENGTH,
    PIPELINE_DEPTH,
    Answer,
    BufferRef,
    Clip,
    DocumentInfo,
    Failure,
    Operation,
    PageImage,
    PasswordRequiredError,
    PixelReader,
    PixelsHeader,
    RenderedPage,
    RenderError,
    RenderTimeoutError,
    RenderWorkerCrashed,
    Reply,
    Request,
    SearchHit,
    UnsupportedFormatError,
    Word,
    buffer_view,
    describe_request,
    pixels_as_bytes,
)

__all__ = ["DEFAULT_CACHE_SIZE", "DEFAULT_TIMEOUT", "RenderWorker"]

DEFAULT_TIMEOUT = 30.0
"""Seconds a call waits for the child's answer before the child counts as hung."""

DEFAULT_CACHE_SIZE = 4
"""Documents the child keeps open."""

_SHARED_BUFFER_START = 8 * 1024 * 1024
"""Initial size of a shared pixel buffer: an A4 page at scale 2 fits."""

_SHARED_BUFFER_LIMIT = 64 * 1024 * 1024
"""Renders larger than this always go through the pipe, so that one huge zoom does
not pin that much shared memory for the rest of the session."""

_T = TypeVar("_T")


def _drop_pixels(page: RenderedPage, pixels: memoryview) -> None:
    """For answers nobody waits for any more."""


@dataclass(frozen=True, slots=True)
class _Pixels(Generic[_T]):
    """A render's pixels as the caller's :data:`PixelReader` took them."""

    value: _T


class _SharedPixels:
    """A shared-memory block the child renders into; created and removed here."""

    def __init__(self, size: int) -> None:
        self._memory = SharedMemory(create=True, size=size)
        self.ref = BufferRef(self._memory.name, size)
        self._finalizer = weakref.finalize(self, _release_shared_memory, self._memory)

    def read(self, nbytes: int, reader: PixelReader[_T], page: RenderedPage) -> _T:
        with buffer_view(self._memory)[:nbytes] as view, view.toreadonly() as pixels:
            return reader(page, pixels)

    def release(self) -> None:
        self._finalizer()


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
        self._child: Child | None = None
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
        if not self._lock.acquire(timeout=STOP_GRACE):
            child = self._child
            if child is not None:
                child.kill()
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

    def _call(self, request: Request) -> Answer | RenderedPage:
        with self._locked():
            request = dataclasses.replace(request, request_id=self._new_request_id())
            if request.operation == "render":
                request = dataclasses.replace(request, pixel_buffer=self._pixel_buffer(0))
            child = self._deliver(request)
            result = self._receive_or_crash(child, request, pixels_as_bytes)
        if isinstance(result, Failure):
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
            in_flight: deque[Request] = deque()
            try:
                child = self._send_more(template, images, in_flight, None)
                while in_flight and child is not None:
                    request = in_flight.popleft()
                    result = self._receive_or_crash(child, request, reader)
                    if isinstance(result, Failure):
                        raise _failure_error(result)
                    assert isinstance(result, _Pixels)
                    child = self._send_more(template, images, in_flight, child)
                    yield result.value
            finally:
                self._batch_thread = None
                self._drain(in_flight)

    def _send_more(
        self,
        template: Request,
        images: Iterator[PageImage],
        in_flight: deque[Request],
        child: Child | None,
    ) -> Child | None:
        """Top up the requests in flight from ``images``; returns the child serving them."""
        while len(in_flight) < PIPELINE_DEPTH:
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
                pixel_buffer=self._pixel_buffer(request_id % PIPELINE_DEPTH),
            )
            if child is None:
                child = self._deliver(request)
            elif not self._send_in_pipeline(child, request, in_flight):
                break
            in_flight.append(request)
        return child

    def _send_in_pipeline(self, child: Child, request: Request, in_flight: deque[Request]) -> bool:
        """Send one more request; False if the child is gone but answers are pending.

        The pages already rendered are still delivered: the crash surfaces when the
        answers run out.
        """
        try:
            child.send(request)
        except ChildDiedError as died:
            if in_flight:
                return False
            raise self._crash_error(request, died) from None
        return True

    def _drain(self, in_flight: deque[Request]) -> None:
        """Receive and drop the answers still on their way, so the next call gets its own."""
        child = self._child
        if not in_flight or child is None:
            return
        try:
            for request in in_flight:
                self._receive_result(child, request, _drop_pixels)
        except ChildError:
            self._discard_child()
        finally:
            in_flight.clear()

    def _deliver(self, request: Request) -> Child:
        """Send the request, replacing a child that died since the last call."""
        child = self._running_child()
        try:
            child.send(request)
        except ChildDiedError:
            self._discard_child()
            child = self._running_child()
            try:
                child.send(request)
            except ChildDiedError as died:
                raise self._crash_error(request, died) from None
        return child

    def _receive_or_crash(
        self, child: Child, request: Request, reader: PixelReader[_T]
    ) -> Answer | _Pixels[_T] | Failure:
        try:
            return self._receive_result(child, request, reader)
        except ChildError as error:
            raise self._crash_error(request, error) from None

    def _receive_result(
        self, child: Child, request: Request, reader: PixelReader[_T]
    ) -> Answer | _Pixels[_T] | Failure:
        reply = child.receive(self.timeout)
        if not isinstance(reply, Reply) or reply.request_id != request.request_id:
            # Cannot happen with a sane child; do not trust this one any further.
            raise _untrusted(child, "answered another request")
        if isinstance(reply.result, PixelsHeader):
            return _Pixels(self._collect_pixels(child, request, reply.result, reader))
        return reply.result

    def _collect_pixels(
        self, child: Child, request: Request, header: PixelsHeader, reader: PixelReader[_T]
    ) -> _T:
        given = request.pixel_buffer
        if header.buffer_name is None:
            samples = child.receive_bytes(self.timeout)
            if header.nbytes <= _SHARED_BUFFER_LIMIT:
                self._buffer_size = max(self._buffer_size, header.nbytes)
            with memoryview(samples) as pixels:
                return reader(header.page, pixels)
        if given is not None and header.buffer_name == given.name:
            return self._read_pixels(child, given, header, reader)
        raise _untrusted(child, "used a pixel buffer it was not given")

    def _read_pixels(
        self, child: Child, ref: BufferRef, header: PixelsHeader, reader: PixelReader[_T]
    ) -> _T:
        for pixels in self._pixels.values():
            if pixels.ref == ref:
                return pixels.read(header.nbytes, reader, header.page)
        raise _untrusted(child, "used a pixel buffer it was not given")

    def _pixel_buffer(self, slot: int) -> BufferRef | None:
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

    def _crash_error(self, request: Request, error: ChildError) -> RenderError:
        """Reap the dead or hung child and describe what happened to the call."""
        what = describe_request(request)
        self._discard_child()
        if self._closed:
            return RenderWorkerCrashed(f"render worker was closed {what}")
        if isinstance(error, ChildTimeoutError):
            return RenderTimeoutError(
                f"render worker did not answer within {self.timeout:g} s {what}; it was killed"
            )
        how = error.how if isinstance(error, ChildDiedError) else str(error)
        return RenderWorkerCrashed(f"render worker process {how} {what}")

    def _running_child(self) -> Child:
        if self._child is not None and not self._child.is_alive():
            self._discard_child()
        if self._child is None:
            try:
                # The key goes through the start pipe, never through a file or argv.
                self._child = Child(
                    serve, (self._cache_size, self._blob_key), name="meetingapp-render"
                )
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


def _request(operation: Operation, path: Path, file_type: str | None, **arguments: Any) -> Request:
    """A request without its id, which the client assigns when it sends it."""
    return Request(0, operation, os.fspath(path), file_type, **arguments)


def _failure_error(failure: Failure) -> RenderError:
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


def _untrusted(child: Child, what: str) -> ChildDiedError:
    """Kill a child that broke the protocol; the error that says so."""
    child.kill()
    return ChildDiedError("render worker", f"{what} and was killed")
