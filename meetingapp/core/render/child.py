"""The render worker process: opens documents with PyMuPDF and answers requests.

Everything here runs in the child only; PyMuPDF is imported there, never in the
program's own process. :func:`serve` is what the client's child runs: it keeps a
small LRU of open documents (reopened when the file changes on disk), decrypts a
sealed blob into memory with the key it got through its start pipe, and renders
straight into the client's shared pixel buffer (see :func:`_draw`). What a page's
text, words and search hits are comes from :mod:`.text`.
"""

from __future__ import annotations

import importlib
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path
from typing import Any

from meetingapp.core.render.protocol import (
    MAX_PIXELS,
    PIPELINE_DEPTH,
    Answer,
    BufferRef,
    DocumentInfo,
    Failure,
    OutlineEntry,
    PixelsHeader,
    RenderedPage,
    RenderError,
    Reply,
    Request,
    UnsupportedFormatError,
    buffer_view,
    describe_request,
)
from meetingapp.core.render.text import document_text, page_words, search_document
from meetingapp.store import sealed

_MAX_TEXT_FILE = 32 * 1024 * 1024
"""Largest plain text file opened (it is decoded in memory first)."""

_TEXT_TYPES = frozenset({"txt", "text", "text/plain"})


def serve(connection: Connection, cache_size: int, blob_key: bytes | None = None) -> None:
    """What the worker process runs (:class:`meetingapp.core.children.Child`): answer
    requests until the client closes the pipe.

    Module-level so that the ``spawn`` start method can import it by name.
    """
    try:
        documents: _DocumentCache | None = _DocumentCache(cache_size, blob_key)
        unavailable = ""
    except ImportError as error:
        documents, unavailable = None, f"PyMuPDF is not available: {error}"
    pixels = _PixelOutlet()
    try:
        while True:
            request = connection.recv()
            if not isinstance(request, Request):
                return
            if documents is None:
                connection.send(Reply(request.request_id, Failure(unavailable)))
            else:
                _answer(connection, documents, pixels, request)
    except (EOFError, OSError):
        return  # The parent is gone.
    finally:
        pixels.close()


_Result = Answer | tuple[PixelsHeader, Any] | Failure
"""What the child computed: a render result is its header and, when the pixels
must go through the pipe, the pixmap holding them (else None)."""


class _PixelOutlet:
    """The child's side of the shared pixel buffers, attached by name on demand."""

    def __init__(self) -> None:
        self._memory: OrderedDict[str, SharedMemory] = OrderedDict()

    def target(self, ref: BufferRef | None, nbytes: int) -> SharedMemory | None:
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
            while len(self._memory) > PIPELINE_DEPTH:
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
    connection: Connection, documents: _DocumentCache, pixels: _PixelOutlet, request: Request
) -> None:
    result = _compute(documents, pixels, request)
    if isinstance(result, tuple):
        header, pixmap = result
        connection.send(Reply(request.request_id, header))
        if pixmap is not None:
            # One raw message straight from the pixmap's memory, no pickling.
            connection.send_bytes(pixmap.samples_mv)
    else:
        connection.send(Reply(request.request_id, result))


def _compute(documents: _DocumentCache, pixels: _PixelOutlet, request: Request) -> _Result:
    try:
        document = documents.get(request.path, request.file_type)
        return _perform(document, pixels, request)
    except UnsupportedFormatError as error:
        return Failure(str(error), unsupported_format=True)
    except RenderError as error:
        return Failure(str(error))
    except _PasswordRequiredError:
        name = Path(request.path).name
        return Failure(f"document is password protected: {name}", password_required=True)
    except Exception as error:
        return Failure(f"failed {describe_request(request)}: {error}")


def _perform(document: Any, pixels: _PixelOutlet, request: Request) -> _Result:
    if request.operation == "open":
        return _describe_document(document)
    if document.needs_pass:
        raise _PasswordRequiredError
    if request.operation == "search":
        return search_document(document, request.query, request.pages)
    if request.operation == "document_text":
        return document_text(document)
    page = _load_page(document, request)
    if request.operation == "render":
        return _render(page, pixels, request)
    if request.operation == "words":
        return page_words(page)
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


def _load_page(document: Any, request: Request) -> Any:
    page_count = document.page_count
    if request.page_index >= page_count:
        raise RenderError(
            f"page index {request.page_index} is out of range: "
            f"{Path(request.path).name} has {page_count} pages"
        )
    return document.load_page(request.page_index)


def _render(page: Any, pixels: _PixelOutlet, request: Request) -> tuple[PixelsHeader, Any]:
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


def _frame(mupdf: Any, page: Any, request: Request) -> _Frame:
    matrix = mupdf.FzMatrix(request.scale, 0, 0, request.scale, 0, 0)
    bounds = mupdf.fz_bound_page(page)
    clip = None
    if request.clip is not None:
        clip = mupdf.FzRect(*request.clip)
        bounds = mupdf.fz_intersect_rect(bounds, clip)
    box = mupdf.fz_round_rect(mupdf.fz_transform_rect(bounds, matrix))
    return _Frame(matrix, clip, box, max(box.x1 - box.x0, 0), max(box.y1 - box.y0, 0))


def _render_in_place(
    page: Any, pixels: _PixelOutlet, request: Request
) -> tuple[PixelsHeader, None] | None:
    """Draw into the shared buffer; None when the image is empty or does not fit it."""
    mupdf = _import_pymupdf().mupdf
    frame = _frame(mupdf, page.this, request)
    shared = pixels.target(request.pixel_buffer, frame.nbytes)
    if shared is None or frame.nbytes == 0:
        return None
    _draw(mupdf, page.this, frame, shared)
    header = _page_header(request, frame.width, frame.height, 3 * frame.width)
    return PixelsHeader(header, frame.nbytes, shared.name), None


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
    samples = mupdf.python_mutable_buffer_data(buffer_view(shared))
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


def _render_pixmap(page: Any, pixels: _PixelOutlet, request: Request) -> tuple[PixelsHeader, Any]:
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
        return PixelsHeader(header, samples.nbytes, None), pixmap
    buffer_view(shared)[: samples.nbytes] = samples
    return PixelsHeader(header, samples.nbytes, shared.name), None


def _page_header(request: Request, width: int, height: int, stride: int) -> RenderedPage:
    return RenderedPage(
        request_id=request.request_id,
        page_index=request.page_index,
        scale=request.scale,
        width=width,
        height=height,
        stride=stride,
        samples=b"",
    )


def _check_pixel_budget(page: Any, request: Request) -> None:
    area = page.rect if request.clip is None else page.rect & request.clip
    pixels = max(area.width, 0) * max(area.height, 0) * request.scale**2
    if pixels > MAX_PIXELS:
        raise RenderError(
            f"page {request.page_index + 1} at scale {request.scale:g} would be "
            f"{pixels / 1e6:.0f} megapixels, more than the limit of {MAX_PIXELS / 1e6:.0f}"
        )
