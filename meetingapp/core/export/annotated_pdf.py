"""A copy of a document with the user's annotations as real PDF annotations.

The copy opens in any PDF reader: text marks become highlight, underline and
strike-out annotations with one quad per line, ink becomes ink, a note a sticky
note with its comment, a text box a free-text annotation; each carries the
user's colour, the comment as its content and the program's name as its author.

The source is never modified. The annotations are added to a copy of its bytes
and saved incrementally where MuPDF allows it, so the original content (and a
digital signature over it) stays byte for byte as it was; otherwise the copy is
saved in full. The result is written beside the target, flushed to disk and then
renamed into place, so the target is either the old file or the complete new one.

PyMuPDF is not loaded in this process: the work runs in a spawned child process
(:func:`meetingapp.core.children.run_in_child`; a broken document that crashes MuPDF
takes only the child with it), which gets the annotations as plain tuples.

Coordinates: annotations are stored in page points as displayed (the page's
rotation applied), PDF annotations are placed in the page's unrotated space, so
every point goes through ``page.derotation_matrix``. A text mark's quads follow
the direction of the text under it, so an underline lies under the letters on a
rotated page too.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, TypeVarTuple

from meetingapp import APP_NAME
from meetingapp.core.children import ChildError, ChildTimeoutError, run_in_child
from meetingapp.runtime.paths import exported_file_mode
from meetingapp.store import sealed
from meetingapp.store.annotations import TEXT_KINDS, AnchorState, Annotation, Kind, Point, Rect

DEFAULT_TIMEOUT = 120.0
"""Seconds the child process may take before it is stopped (a packet of hundreds
of pages with a few hundred annotations takes a second or two)."""
_TEXT_FORMATS = frozenset({"txt", "text", "text/plain"})
"""Formats whose page layout is made when the file is opened: not exported as PDF."""
_DEFAULT_FONT_SIZE = 11.0
TEXTBOX_FILL = (1.0, 0.984, 0.878)
"""The paper-yellow behind a text box, as the reader draws it."""


class ExportFailure(StrEnum):
    """Why an export failed; the UI says it in the user's language."""

    NOT_FOUND = "not_found"
    BROKEN = "broken"
    """The document cannot be read as a PDF (or converted to one)."""
    ENCRYPTED = "encrypted"
    """The document needs a password to be opened."""
    NOT_A_PDF = "not_a_pdf"
    """A format that cannot be turned into a PDF page by page (plain text)."""
    SAME_FILE = "same_file"
    DISK_FULL = "disk_full"
    NOT_WRITABLE = "not_writable"
    TIMED_OUT = "timed_out"
    CRASHED = "crashed"


class ExportError(Exception):
    """An export that did not happen; the message is plain English for the log."""

    def __init__(self, reason: ExportFailure, message: str) -> None:
        super().__init__(message)
        self.reason = reason

    def __reduce__(self) -> tuple[type[ExportError], tuple[ExportFailure, str]]:
        """Pickled with its reason, so that it comes out of the child process as itself."""
        return (ExportError, (self.reason, str(self)))


@dataclass(frozen=True, slots=True)
class ExportReport:
    target: Path
    written: int
    """Annotations written into the copy."""
    skipped_review: int = 0
    """Annotations on another version of the document (those waiting for review)."""
    skipped_off_page: int = 0
    """Annotations on a page the document does not have."""

    @property
    def skipped(self) -> int:
        return self.skipped_review + self.skipped_off_page


class _Mark(NamedTuple):
    """One annotation as the child process gets it: plain values only."""

    kind: str
    page: int
    colour: tuple[float, float, float]
    rects: tuple[Rect, ...]
    strokes: tuple[tuple[Point, ...], ...]
    width: float
    comment: str


def export_annotated_pdf(
    source: Path,
    annotations: Sequence[Annotation],
    target: Path,
    *,
    version_id: int | None = None,
    file_type: str | None = None,
    author: str = APP_NAME,
    timeout: float = DEFAULT_TIMEOUT,
    blob_key: bytes | None = None,
) -> ExportReport:
    """Write ``target``: ``source`` with ``annotations`` as PDF annotations.

    Annotations waiting for review, and any placed on a version other than
    ``version_id`` (when given), belong to another version of the document and
    are skipped and counted. ``file_type`` is the document's format (an extension
    or MIME type, as for the render worker); images are converted to PDF. A sealed
    ``source`` (a blob of the store) is opened with ``blob_key``. Raises
    :class:`ExportError`; the target is then as it was before.
    """
    source, target = Path(source), Path(target)
    _check_paths(source, target)
    current = [a for a in annotations if _is_on_version(a, version_id)]
    marks = tuple(_mark(annotation) for annotation in current)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(6)}.partial")
    try:
        written, off_page = _run_in_child(
            _write_annotated_copy,
            (
                str(source),
                str(target),
                str(partial),
                _format_of(file_type),
                author,
                marks,
                blob_key,
                exported_file_mode(),
            ),
            timeout,
        )
    finally:  # a child that was stopped or died may have left it
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return ExportReport(target, written, len(annotations) - len(current), off_page)


def _is_on_version(annotation: Annotation, version_id: int | None) -> bool:
    if annotation.state is AnchorState.REVIEW:
        return False
    return version_id is None or annotation.version_id == version_id


def _check_paths(source: Path, target: Path) -> None:
    if not source.is_file():
        raise ExportError(ExportFailure.NOT_FOUND, f"the document {source.name} is not there")
    with contextlib.suppress(OSError):
        if target.exists() and target.samefile(source):
            raise ExportError(ExportFailure.SAME_FILE, "the copy would replace the document")


def _format_of(file_type: str | None) -> str:
    kind = (file_type or "pdf").split(";", 1)[0].strip().lower().lstrip(".")
    if kind in _TEXT_FORMATS:
        raise ExportError(ExportFailure.NOT_A_PDF, "a plain text document has no PDF pages")
    return "pdf" if kind in ("", "application/pdf") else kind


def _mark(annotation: Annotation) -> _Mark:
    geometry = annotation.geometry
    return _Mark(
        kind=annotation.kind.value,
        page=annotation.page,
        colour=rgb(annotation.colour),
        rects=geometry.rects,
        strokes=geometry.strokes,
        width=geometry.width,
        comment=annotation.comment,
    )


def rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` as PDF colour components 0–1 (black if it is not such a colour)."""
    digits = colour.strip().lstrip("#")
    try:
        if len(digits) != 6:
            raise ValueError(colour)
        red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return (0.0, 0.0, 0.0)
    return (red, green, blue)


# The child process -------------------------------------------------------------


_T = TypeVar("_T")
_Arguments = TypeVarTuple("_Arguments")


def _run_in_child(
    work: Callable[[*_Arguments], _T], arguments: tuple[*_Arguments], timeout: float
) -> _T:
    """``work(*arguments)`` in a spawned child process; its ``ExportError`` is raised here,
    and so is one for a child that hangs or dies."""
    try:
        return run_in_child(work, arguments, timeout=timeout, name="annotated-pdf")
    except ChildTimeoutError:
        raise ExportError(ExportFailure.TIMED_OUT, f"no answer within {timeout:g} s") from None
    except ChildError as error:
        raise ExportError(ExportFailure.CRASHED, f"the export process failed: {error}") from None


@contextlib.contextmanager
def _every_failure_an_export_error() -> Iterator[None]:
    """In the child: what else goes wrong is a broken document, told as an ExportError."""
    try:
        yield
    except ExportError:
        raise
    except Exception as error:
        raise ExportError(ExportFailure.BROKEN, f"{type(error).__name__}: {error}") from None


def _pymupdf() -> Any:
    """PyMuPDF, imported in the child process only (and untyped on purpose)."""
    pymupdf = importlib.import_module("pymupdf")
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    return pymupdf


def _write_annotated_copy(
    source: str,
    target: str,
    partial_name: str,
    kind: str,
    author: str,
    marks: tuple[_Mark, ...],
    blob_key: bytes | None,
    mode: int | None = None,
) -> tuple[int, int]:
    """In the child: (annotations written, annotations off the document's pages).

    The copy is made in ``partial_name`` beside the target and renamed into place:
    the document's content is copied there first (decrypted, when it is a sealed
    blob), then annotated, saved incrementally when it is a PDF. ``mode`` is the
    copy's permissions (:func:`meetingapp.runtime.paths.exported_file_mode`: the child
    inherits the program's private umask).
    """
    target_path = Path(target)
    with _every_failure_an_export_error(), _partial_file(Path(partial_name)) as partial:
        incremental = kind == "pdf"
        _copy(Path(source), partial, blob_key)
        document = _open(str(partial), kind)
        try:
            written, off_page = _annotate(document, marks, author)
            data = _save(document, incremental)
        finally:
            document.close()
        if data is not None:  # written only now: the document held the file open
            partial.write_bytes(data)
        if mode is not None:
            partial.chmod(mode)
        _flush(partial)
        partial.replace(target_path)
    _flush_directory(target_path.parent)
    return written, off_page


@contextlib.contextmanager
def _partial_file(partial: Path) -> Iterator[Path]:
    """The file to write the copy into; removed unless it was renamed."""
    try:
        yield partial
    except OSError as error:
        raise _write_error(error) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _write_error(error: OSError) -> ExportError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(ExportFailure.DISK_FULL, f"the disk is full: {error.strerror}")
    return ExportError(ExportFailure.NOT_WRITABLE, f"cannot write the copy: {error.strerror}")


def _copy(source: Path, partial: Path, blob_key: bytes | None) -> None:
    try:
        reading = source.open("rb")
    except OSError as error:
        raise ExportError(ExportFailure.NOT_FOUND, f"cannot read the document: {error}") from None
    with reading, partial.open("wb") as writing:
        if not sealed.is_sealed(source):
            shutil.copyfileobj(reading, writing, 1 << 20)
            return
        if blob_key is None:
            raise ExportError(ExportFailure.BROKEN, "the document is encrypted; no key was given")
        try:
            for chunk in sealed.iter_plain(reading, blob_key):
                writing.write(chunk)
        except sealed.SealedError as error:
            raise ExportError(ExportFailure.BROKEN, str(error)) from None


def _open(path: str, kind: str) -> Any:
    pymupdf = _pymupdf()
    try:
        document = pymupdf.open(path, filetype=kind)
        if document.needs_pass:
            document.close()
            raise ExportError(ExportFailure.ENCRYPTED, "the document is password protected")
        if document.page_count == 0:
            raise ExportError(ExportFailure.BROKEN, "the document has no pages")
        if not document.is_pdf:
            converted = pymupdf.open("pdf", document.convert_to_pdf())
            document.close()
            document = converted
    except ExportError:
        raise
    except Exception as error:
        raise ExportError(ExportFailure.BROKEN, f"the document cannot be read: {error}") from None
    return document


def _save(document: Any, incremental: bool) -> bytes | None:
    """Save the copy in place when it can be appended to; else its bytes to write."""
    try:
        if incremental and document.can_save_incrementally():
            document.saveIncr()
            return None
        return bytes(document.tobytes(garbage=1, deflate=True))
    except Exception as error:
        if "space" in str(error).lower():
            raise ExportError(ExportFailure.DISK_FULL, f"the disk is full: {error}") from None
        raise ExportError(ExportFailure.NOT_WRITABLE, f"cannot save the copy: {error}") from None


def _flush(path: Path) -> None:
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def _flush_directory(directory: Path) -> None:
    """Make the rename durable (directories cannot be opened on Windows)."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # the copy is in place; only its durability is less certain
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _annotate(document: Any, marks: tuple[_Mark, ...], author: str) -> tuple[int, int]:
    written = off_page = 0
    pages: dict[int, Any] = {}
    lines: dict[int, list[tuple[Any, Point]]] = {}
    for mark in marks:
        if not 0 <= mark.page < document.page_count:
            off_page += 1
            continue
        page = pages.setdefault(mark.page, document[mark.page])
        if mark.kind in TEXT_KINDS and mark.page not in lines:
            lines[mark.page] = _text_lines(page)
        annotation = _add(page, mark, lines.get(mark.page, []))
        if annotation is None:
            off_page += 1
            continue
        _finish(annotation, mark, author)
        written += 1
    return written, off_page


def _add(page: Any, mark: _Mark, lines: list[tuple[Any, Point]]) -> Any:
    """The new PDF annotation, or None when the mark has no geometry to place."""
    pymupdf = _pymupdf()
    derotate = page.derotation_matrix
    kind = Kind(mark.kind)
    if kind in TEXT_KINDS:
        quads = [_quad(pymupdf.Rect(rect) * derotate, lines) for rect in mark.rects]
        if not quads:
            return None
        add = {
            Kind.HIGHLIGHT: page.add_highlight_annot,
            Kind.UNDERLINE: page.add_underline_annot,
            Kind.STRIKEOUT: page.add_strikeout_annot,
        }[kind]
        return add(quads=quads)
    if kind is Kind.INK:
        strokes = [
            [tuple(pymupdf.Point(point) * derotate) for point in stroke]
            for stroke in mark.strokes
            if stroke
        ]
        return (
            page.add_ink_annot([s if len(s) > 1 else s * 2 for s in strokes]) if strokes else None
        )
    if not mark.rects:
        return None
    if kind is Kind.NOTE:
        point = pymupdf.Point(mark.rects[0][:2]) * derotate
        return page.add_text_annot(point, mark.comment, icon="Note")
    box = pymupdf.Rect(mark.rects[0]) * derotate
    return page.add_freetext_annot(
        box,
        mark.comment,
        fontsize=mark.width or _DEFAULT_FONT_SIZE,
        text_color=mark.colour,  # MuPDF draws the border in the text's colour
        fill_color=TEXTBOX_FILL,
        border_width=1,
        rotate=page.rotation,
    )


def _finish(annotation: Any, mark: _Mark, author: str) -> None:
    """Colour, author and comment; the appearance is then made anew."""
    kind = Kind(mark.kind)
    if kind is not Kind.TEXTBOX:  # a text box has its colours from the start
        annotation.set_colors(stroke=mark.colour)
    if kind is Kind.INK:
        annotation.set_border(width=mark.width or 1.0)
    annotation.set_info(title=author, content=mark.comment)
    annotation.update()
    if kind is Kind.TEXTBOX:
        # MuPDF gives every free text a callout line, which only a callout should
        # have; a reader that redraws the box would draw it from the page's corner.
        annotation.parent.parent.xref_set_key(annotation.xref, "CL", "null")


def _text_lines(page: Any) -> list[tuple[Any, Point]]:
    """The page's text lines: (box, writing direction), in unrotated coordinates."""
    pymupdf = _pymupdf()
    found = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", ()):
            found.append((pymupdf.Rect(line["bbox"]), (line["dir"][0], line["dir"][1])))
    return found


def _quad(box: Any, lines: list[tuple[Any, Point]]) -> Any:
    """The quad of ``box`` oriented like the text line it covers most.

    MuPDF draws an underline along the quad's lower edge and a highlight across
    its height, so the quad must run the way the text does. Where there is no
    text, the text is taken to run left to right as displayed.
    """
    direction: Point = (1.0, 0.0)
    best = 0.0
    for line_box, line_direction in lines:
        overlap = abs(box & line_box)
        if overlap > best:
            best, direction = overlap, line_direction
    return _oriented_quad(box, _axis(direction))


def _axis(direction: Point) -> Point:
    """The direction snapped to the nearest axis."""
    x, y = direction
    if abs(x) >= abs(y):
        return (1.0 if x >= 0 else -1.0, 0.0)
    return (0.0, 1.0 if y >= 0 else -1.0)


def _oriented_quad(box: Any, direction: Point) -> Any:
    """The quad of ``box`` whose upper edge runs along ``direction`` (y points down)."""
    pymupdf = _pymupdf()
    x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    corners = {
        (1.0, 0.0): ((x0, y0), (x1, y0), (x0, y1), (x1, y1)),
        (-1.0, 0.0): ((x1, y1), (x0, y1), (x1, y0), (x0, y0)),
        (0.0, 1.0): ((x1, y0), (x1, y1), (x0, y0), (x0, y1)),
        (0.0, -1.0): ((x0, y1), (x0, y0), (x1, y1), (x1, y0)),
    }[direction]
    return pymupdf.Quad(*(pymupdf.Point(corner) for corner in corners))
