"""Rendering in a separate process: the render worker and its client.

- :mod:`.client`: :class:`RenderWorker`, what the rest of the program calls. It owns
  one child process (started, stopped and reaped by :mod:`meetingapp.core.children`),
  keeps its requests in flight and takes the pixels out of the shared buffers.
- :mod:`.protocol`: what both sides share: the limits, the errors, what a call
  returns (:class:`DocumentInfo`, :class:`RenderedPage`, :class:`Word`…) and the
  messages on the pipe.
- :mod:`.child`: what runs in the child process, the only place PyMuPDF is loaded:
  the request loop, opening documents (sealed blobs too), rendering into the shared
  buffer.
- :mod:`.text`: in the child too: a page's words, a document's text, search.

Import what you need from this package; the modules are how it is built.
"""

from meetingapp.core.render.client import DEFAULT_CACHE_SIZE, DEFAULT_TIMEOUT, RenderWorker
from meetingapp.core.render.protocol import (
    MAX_DOCUMENT_TEXT,
    MAX_PIXELS,
    MAX_QUERY_LENGTH,
    MAX_SEARCH_HITS,
    Clip,
    DocumentInfo,
    OutlineEntry,
    PageImage,
    PasswordRequiredError,
    PixelReader,
    Point,
    Quad,
    RenderedPage,
    RenderError,
    RenderTimeoutError,
    RenderWorkerCrashed,
    SearchHit,
    UnsupportedFormatError,
    Word,
    pixels_as_bytes,
)

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
