"""Render worker: PDF documents are opened and rendered in a separate process.

PyMuPDF is not thread-safe, and a hostile or broken PDF can crash MuPDF. So the
application never imports PyMuPDF itself: a :class:`RenderWorker` owns one child
process (``spawn`` start method, so the same code works in a frozen build) and talks
to it over a :func:`multiprocessing.Pipe`. The child keeps a small LRU of open
documents, so rendering consecutive pages of the same file does not reopen it.

Pixels travel through a shared-memory buffer owned by the parent: the child copies
the pixmap into it and the parent copies it out into ``bytes``, two copies in all.
Through the pipe (``send_bytes``, the fallback when a render does not fit the buffer
or shared memory is unavailable) the kernel and ``Connection.recv_bytes`` copy it
three to four times: for an A4 page at scale 1.5 (3.4 MB) that measured 1.5 to 3 ms
against 0.2 ms, as long as rendering a page of text. Pickling the pixels instead of
``send_bytes`` was slower still (about 1.5 times).

Pixels come back raw, as RGB888 without alpha: three bytes per pixel (R, G, B),
rows ``stride`` bytes apart. That maps onto ``QImage.Format.Format_RGB888`` without
any conversion::

    image = QImage(page.samples, page.width, page.height, page.stride,
                   QImage.Format.Format_RGB888)

The QImage borrows ``page.samples``: keep the :class:`RenderedPage` alive as long
as the image, or call ``image.copy()`` (``QPixmap.fromImage`` copies anyway).

Failure model:

* a document that cannot be opened or rendered raises :class:`RenderError`; the
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
import math
import multiprocessing
import os
import signal
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, NamedTuple

__all__ = [
    "DEFAULT_CACHE_SIZE",
    "DEFAULT_TIMEOUT",
    "MAX_PIXELS",
    "Clip",
    "DocumentInfo",
    "OutlineEntry",
    "PasswordRequiredError",
    "RenderError",
    "RenderTimeoutError",
    "RenderWorker",
    "RenderWorkerCrashed",
    "RenderedPage",
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

_STOP_GRACE = 1.0
"""Seconds a stopping child gets to exit on its own before it is killed."""

_SHARED_BUFFER_START = 8 * 1024 * 1024
"""Initial size of the shared pixel buffer: an A4 page at scale 2 fits."""

_SHARED_BUFFER_LIMIT = 64 * 1024 * 1024
"""Renders larger than this always go through the pipe, so that one huge zoom does
not pin that much shared memory for the rest of the session."""

Clip = tuple[float, float, float, float]
"""A rectangle (x0, y0, x1, y1) in page points, in the coordinates of the page as
displayed (rotation applied), like PyMuPDF's ``page.rect``."""


class RenderError(Exception):
    """The document or page cannot be opened, read or rendered."""


class PasswordRequiredError(RenderError):
    """The document is encrypted with a user password."""


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


# --- Protocol between client and child -------------------------------------------

_Operation = Literal["open", "render", "text", "stop"]


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
    page_index: int = 0
    scale: float = 1.0
    clip: Clip | None = None
    pixel_buffer: _BufferRef | None = None


@dataclass(frozen=True, slots=True)
class _PixelsHeader:
    """A rendered page without its samples, which are ``nbytes`` long and either
    in the shared buffer or the next message on the pipe."""

    page: RenderedPage
    nbytes: int
    in_shared_buffer: bool


@dataclass(frozen=True, slots=True)
class _Failure:
    message: str
    password_required: bool = False


@dataclass(frozen=True, slots=True)
class _Reply:
    request_id: int
    result: DocumentInfo | _PixelsHeader | str | _Failure


# --- Client ----------------------------------------------------------------------


class _ChildGoneError(Exception):
    """The child closed its end of the pipe or did not answer in time."""

    def __init__(self, *, hung: bool) -> None:
        super().__init__("hung" if hung else "gone")
        self.hung = hung


class _Child:
    """One running worker process and the parent's end of its pipe."""

    def __init__(self, cache_size: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe(duplex=True)
        self.process = context.Process(
            target=serve, args=(child_end, cache_size), name="meetingapp-render", daemon=True
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
    """The shared-memory block the child renders into; created and removed here."""

    def __init__(self, size: int) -> None:
        self._memory = SharedMemory(create=True, size=size)
        self.ref = _BufferRef(self._memory.name, size)
        self._finalizer = weakref.finalize(self, _release_shared_memory, self._memory)

    def read(self, nbytes: int) -> bytes:
        return bytes(_view(self._memory)[:nbytes])

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
        self, *, timeout: float = DEFAULT_TIMEOUT, cache_size: int = DEFAULT_CACHE_SIZE
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        if cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        self.timeout = timeout
        """Seconds one call waits for the answer; may be changed between calls."""
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._child: _Child | None = None
        self._pixels: _SharedPixels | None = None
        self._shared_memory_works = True
        self._next_request_id = 1
        self._closed = False

    # Lifecycle

    def start(self) -> None:
        """Start the child process now, to have it ready for the first document.

        Returns at once (the child finishes booting in parallel), unless another
        thread's call is in flight.
        """
        with self._lock:
            self._check_open()
            self._running_child()

    @property
    def pid(self) -> int | None:
        """Process id of the current child, None when none is running."""
        child = self._child
        return child.pid if child is not None else None

    def close(self) -> None:
        """Stop the child process and wait for it to exit; idempotent.

        A call in flight in another thread is interrupted: it raises
        :class:`RenderWorkerCrashed`.
        """
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

    def open_document(self, path: Path) -> DocumentInfo:
        """Open a document and describe it (page count and sizes, labels, outline)."""
        result = self._call("open", path)
        assert isinstance(result, DocumentInfo)
        return result

    def render_page(
        self, path: Path, page_index: int, scale: float, clip: Clip | None = None
    ) -> RenderedPage:
        """Render one page at ``scale`` pixels per point (1.0 = 72 dpi).

        With ``clip`` only that part of the page is rendered; a clip that misses the
        page gives a 0 × 0 result.
        """
        _check_page_index(page_index)
        if not (math.isfinite(scale) and scale > 0):
            raise ValueError(f"scale must be a positive number, not {scale!r}")
        result = self._call("render", path, page_index=page_index, scale=scale, clip=clip)
        assert isinstance(result, RenderedPage)
        return result

    def page_text(self, path: Path, page_index: int) -> str:
        """The plain text of one page, in content order."""
        _check_page_index(page_index)
        result = self._call("text", path, page_index=page_index)
        assert isinstance(result, str)
        return result

    # Internals

    def _call(
        self,
        operation: _Operation,
        path: Path,
        *,
        page_index: int = 0,
        scale: float = 1.0,
        clip: Clip | None = None,
    ) -> DocumentInfo | RenderedPage | str:
        with self._lock:
            self._check_open()
            request = _Request(
                request_id=self._new_request_id(),
                operation=operation,
                path=os.fspath(path),
                page_index=page_index,
                scale=scale,
                clip=clip,
                pixel_buffer=self._pixel_buffer() if operation == "render" else None,
            )
            child = self._deliver(request)
            try:
                result = self._receive_result(child, request.request_id)
            except _ChildGoneError as gone:
                raise self._crash_error(child, request, hung=gone.hung) from None
        if isinstance(result, _Failure):
            error = PasswordRequiredError if result.password_required else RenderError
            raise error(result.message)
        return result

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

    def _receive_result(
        self, child: _Child, request_id: int
    ) -> DocumentInfo | RenderedPage | str | _Failure:
        reply = child.receive(self.timeout)
        if not isinstance(reply, _Reply) or reply.request_id != request_id:
            # Cannot happen with a sane child; do not trust this one any further.
            raise _ChildGoneError(hung=False)
        if isinstance(reply.result, _PixelsHeader):
            return self._collect_pixels(child, reply.result)
        return reply.result

    def _collect_pixels(self, child: _Child, header: _PixelsHeader) -> RenderedPage:
        if not header.in_shared_buffer:
            samples = child.receive_bytes(self.timeout)
            self._grow_pixel_buffer(header.nbytes)
        elif self._pixels is not None:
            samples = self._pixels.read(header.nbytes)
        else:
            raise _ChildGoneError(hung=False)  # It used a buffer it was not given.
        return dataclasses.replace(header.page, samples=samples)

    def _pixel_buffer(self) -> _BufferRef | None:
        if self._pixels is None:
            self._replace_pixels(_SHARED_BUFFER_START)
        return self._pixels.ref if self._pixels is not None else None

    def _grow_pixel_buffer(self, needed: int) -> None:
        """Make the next render of this size fit, within the limit."""
        if self._pixels is None or needed > _SHARED_BUFFER_LIMIT:
            return
        if needed > self._pixels.ref.size:
            self._replace_pixels(min(max(needed, 2 * self._pixels.ref.size), _SHARED_BUFFER_LIMIT))

    def _replace_pixels(self, size: int) -> None:
        self._release_pixels()
        if not self._shared_memory_works:
            return
        try:
            self._pixels = _SharedPixels(size)
        except OSError:
            # No usable shared memory (a locked-down /dev/shm): the pipe still works.
            self._shared_memory_works = False

    def _release_pixels(self) -> None:
        pixels, self._pixels = self._pixels, None
        if pixels is not None:
            pixels.release()

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
                self._child = _Child(self._cache_size)
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


def _check_page_index(page_index: int) -> None:
    if page_index < 0:
        raise ValueError(f"page index must not be negative, not {page_index}")


def _describe_request(request: _Request) -> str:
    name = Path(request.path).name
    if request.operation == "open":
        return f"while opening {name}"
    if request.operation == "render":
        return f"while rendering page {request.page_index + 1} of {name}"
    return f"while reading the text of page {request.page_index + 1} of {name}"


# --- Child process ---------------------------------------------------------------
# Everything below runs in the worker process only; PyMuPDF is imported there.


def serve(connection: Connection, cache_size: int) -> None:
    """Entry point of the worker process: answer requests until told to stop.

    Module-level so that the ``spawn`` start method can import it by name.
    """
    # Ctrl+C in a terminal reaches the whole process group; the parent decides
    # when the worker ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        documents: _DocumentCache | None = _DocumentCache(cache_size)
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


_Result = DocumentInfo | tuple[RenderedPage, Any] | str | _Failure
"""What the child computed: a render result carries its (header, pixmap)."""


class _PixelOutlet:
    """The child's side of the shared pixel buffer, attached by name on demand."""

    def __init__(self) -> None:
        self._memory: SharedMemory | None = None

    def write(self, ref: _BufferRef | None, samples: memoryview) -> bool:
        """Copy the samples into the shared buffer; False if they must go by pipe."""
        if ref is None or samples.nbytes > ref.size:
            return False
        memory = self._attach(ref.name)
        if memory is None:
            return False
        _view(memory)[: samples.nbytes] = samples
        return True

    def _attach(self, name: str) -> SharedMemory | None:
        if self._memory is not None and self._memory.name == name:
            return self._memory
        self.close()
        try:
            self._memory = SharedMemory(name=name)
        except OSError:
            return None
        return self._memory

    def close(self) -> None:
        memory, self._memory = self._memory, None
        if memory is not None:
            memory.close()


class _PasswordRequiredError(Exception):
    pass


def _import_pymupdf() -> Any:
    """PyMuPDF, imported in the worker process only (and untyped on purpose)."""
    return importlib.import_module("pymupdf")


class _DocumentCache:
    """The last few opened documents, reopened when the file changes on disk."""

    def __init__(self, capacity: int) -> None:
        pymupdf = _import_pymupdf()
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
        self._capacity = capacity
        self._documents: OrderedDict[tuple[str, int, int], Any] = OrderedDict()

    def get(self, path: str) -> Any:
        name = Path(path).name
        try:
            status = Path(path).stat()
        except FileNotFoundError:
            raise RenderError(f"file not found: {name}") from None
        except OSError as error:
            raise RenderError(f"cannot read {name}: {error.strerror}") from None
        if status.st_size == 0:
            raise RenderError(f"file is empty: {name}")
        key = (path, status.st_mtime_ns, status.st_size)
        document = self._documents.get(key)
        if document is None:
            document = _open_document(path)
            self._documents[key] = document
            self._evict()
        self._documents.move_to_end(key)
        return document

    def _evict(self) -> None:
        while len(self._documents) > self._capacity:
            _, document = self._documents.popitem(last=False)
            document.close()


def _open_document(path: str) -> Any:
    try:
        return _import_pymupdf().open(path)
    except Exception as error:
        raise RenderError(f"cannot open {Path(path).name}: {error}") from None


def _answer(
    connection: Connection, documents: _DocumentCache, pixels: _PixelOutlet, request: _Request
) -> None:
    result = _compute(documents, request)
    if isinstance(result, tuple):
        page, pixmap = result
        _send_rendered_page(connection, pixels, request.pixel_buffer, page, pixmap)
    else:
        connection.send(_Reply(request.request_id, result))


def _compute(documents: _DocumentCache, request: _Request) -> _Result:
    try:
        document = documents.get(request.path)
        if request.operation == "open":
            return _describe_document(document)
        page = _load_page(document, request)
        if request.operation == "render":
            return _render(page, request)
        return str(page.get_text("text"))
    except RenderError as error:
        return _Failure(str(error))
    except _PasswordRequiredError:
        name = Path(request.path).name
        return _Failure(f"document is password protected: {name}", password_required=True)
    except Exception as error:
        return _Failure(f"failed {_describe_request(request)}: {error}")


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
        )
    has_labels = bool(document.get_page_labels())
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
    )


def _outline(document: Any) -> tuple[OutlineEntry, ...]:
    entries = []
    for level, title, page_number, *_ in document.get_toc(simple=True):
        page_index = page_number - 1 if page_number >= 1 else None
        entries.append(OutlineEntry(int(level), str(title), page_index))
    return tuple(entries)


def _load_page(document: Any, request: _Request) -> Any:
    if document.needs_pass:
        raise _PasswordRequiredError
    page_count = document.page_count
    if request.page_index >= page_count:
        raise RenderError(
            f"page index {request.page_index} is out of range: "
            f"{Path(request.path).name} has {page_count} pages"
        )
    return document.load_page(request.page_index)


def _render(page: Any, request: _Request) -> tuple[RenderedPage, Any]:
    pymupdf = _import_pymupdf()
    _check_pixel_budget(page, request)
    pixmap = page.get_pixmap(
        matrix=pymupdf.Matrix(request.scale, request.scale),
        clip=request.clip,
        colorspace=pymupdf.csRGB,
        alpha=False,
    )
    header = RenderedPage(
        request_id=request.request_id,
        page_index=request.page_index,
        scale=request.scale,
        width=pixmap.width,
        height=pixmap.height,
        stride=pixmap.stride,
        samples=b"",
    )
    return header, pixmap


def _check_pixel_budget(page: Any, request: _Request) -> None:
    area = page.rect if request.clip is None else page.rect & request.clip
    pixels = max(area.width, 0) * max(area.height, 0) * request.scale**2
    if pixels > MAX_PIXELS:
        raise RenderError(
            f"page {request.page_index + 1} at scale {request.scale:g} would be "
            f"{pixels / 1e6:.0f} megapixels, more than the limit of {MAX_PIXELS / 1e6:.0f}"
        )


def _send_rendered_page(
    connection: Connection,
    pixels: _PixelOutlet,
    buffer: _BufferRef | None,
    page: RenderedPage,
    pixmap: Any,
) -> None:
    """Put the pixels in the shared buffer, or send them as one raw message after
    the header (straight from the pixmap's memory, no pickling)."""
    samples: memoryview = pixmap.samples_mv
    in_shared_buffer = pixels.write(buffer, samples)
    header = _PixelsHeader(page, samples.nbytes, in_shared_buffer)
    connection.send(_Reply(page.request_id, header))
    if not in_shared_buffer:
        connection.send_bytes(samples)
