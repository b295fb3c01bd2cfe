"""What the render client and its child share: the public vocabulary and the protocol.

The vocabulary is what callers of :class:`~meetingapp.core.render.client.RenderWorker`
see: the limits, the errors, and what a call returns (:class:`DocumentInfo`,
:class:`RenderedPage`, :class:`Word`, :class:`SearchHit`…). The protocol is what
travels on the pipe between the client and the child (:mod:`.child`): a
:class:`Request`, answered by one :class:`Reply` (and, for a render whose pixels do
not fit the shared buffer, one raw message of samples after it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path
from typing import Literal, NamedTuple, TypeVar

__all__ = [
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
    "RenderWorkerCrashed",
    "RenderedPage",
    "SearchHit",
    "UnsupportedFormatError",
    "Word",
    "pixels_as_bytes",
]

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


# --- Protocol between client and child -------------------------------------------

PIPELINE_DEPTH = 2
"""Render requests :meth:`RenderWorker.render_pages` keeps in flight, one shared
buffer each: the child renders one page while this process copies the other out."""

Operation = Literal["open", "render", "text", "words", "search", "document_text"]


@dataclass(frozen=True, slots=True)
class BufferRef:
    """Where the child may put rendered pixels: a shared-memory block by name."""

    name: str
    size: int


@dataclass(frozen=True, slots=True)
class Request:
    request_id: int
    operation: Operation
    path: str = ""
    file_type: str | None = None
    page_index: int = 0
    scale: float = 1.0
    clip: Clip | None = None
    pixel_buffer: BufferRef | None = None
    query: str = ""
    pages: tuple[int, ...] | None = None


def describe_request(request: Request) -> str:
    """What the call was doing, for an error message: "while rendering page 3 of x.pdf"."""
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


@dataclass(frozen=True, slots=True)
class PixelsHeader:
    """A rendered page without its samples, which are ``nbytes`` long and either
    in the shared buffer named ``buffer_name`` or the next message on the pipe."""

    page: RenderedPage
    nbytes: int
    buffer_name: str | None


@dataclass(frozen=True, slots=True)
class Failure:
    message: str
    password_required: bool = False
    unsupported_format: bool = False


Answer = DocumentInfo | str | list[Word] | list[SearchHit] | list[str]
"""What a call other than a render returns."""


@dataclass(frozen=True, slots=True)
class Reply:
    request_id: int
    result: Answer | PixelsHeader | Failure


def buffer_view(memory: SharedMemory) -> memoryview:
    """The whole of a shared buffer, for the client to read and the child to draw into."""
    view = memory.buf
    if view is None:
        raise ValueError("shared memory is closed")
    return view
