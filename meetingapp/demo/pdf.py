"""PDF production for the demo: HTML laid out by PyMuPDF's Story, a municipal letterhead,
page numbers, outlines, and byte-identical output for the same input.

Determinism: fixed metadata (creation and modification dates included), no new file
identifier, deflate and garbage collection, subset fonts with content-derived names.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from meetingapp.demo.mupdf import Document, Font, Page, Rect, Shape, TextWriter, pymupdf

A4 = pymupdf.paper_rect("a4")
A4_LANDSCAPE = pymupdf.paper_rect("a4-l")
A3_LANDSCAPE = pymupdf.paper_rect("a3-l")

MUNICIPALITY = "Exempelkommun"
ADDRESS_LINE = (
    "Exempelkommun · 123 45 Exempelstad · Besök: Stadshuset, Storgatan 1 · "
    "Tel. 0123-45 60 00 · kommunen@exempelkommun.example · www.exempelkommun.example"
)
CREATOR = "Exempelkommun ärendehantering"
PRODUCER = "Exempelkommun dokumentproduktion"

NAVY = (0.11, 0.30, 0.54)
GOLD = (0.85, 0.68, 0.22)
GREY = (0.35, 0.35, 0.38)
RED = (0.70, 0.08, 0.08)

MARGIN_X = 62.0
CONTENT_WIDTH = A4.width - 2 * MARGIN_X
LANDSCAPE_CONTENT_WIDTH = A4_LANDSCAPE.width - 2 * MARGIN_X
FIRST_PAGE_TOP = 128.0
PAGE_TOP = 78.0
BOTTOM_MARGIN = 62.0

BASE_CSS = """
body { font-family: sans-serif; font-size: 10pt; line-height: 1.35; margin: 0; color: #141414; }
h1 { font-size: 17pt; margin: 0 0 8pt 0; color: #1c4d8a; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt 0; }
h3 { font-size: 10.5pt; margin: 9pt 0 3pt 0; }
p { margin: 0 0 6pt 0; }
ul, ol { margin: 0 0 6pt 0; }
table { border-collapse: collapse; margin: 3pt 0 9pt 0; }
th, td { border: 0.5pt solid #8a8f98; padding: 0 4pt; line-height: 1.5; font-size: 8.5pt;
  vertical-align: top; }
th { background-color: #dfe6f0; text-align: left; }
td.n, th.n { text-align: right; }
tr.sum td { font-weight: bold; background-color: #eef1f5; }
tr.group td { font-weight: bold; background-color: #f6f7f9; }
table.meta td { border: none; padding: 0 8pt 0 0; font-size: 9.5pt; }
table.plain td { border: none; padding: 0 8pt 0 0; font-size: 10pt; }
.small { font-size: 8.5pt; color: #444444; }
.lead { font-size: 11pt; }
.secret { color: #b01414; font-weight: bold; }
.sign { margin-top: 22pt; }
.center { text-align: center; }
"""


@dataclass(frozen=True)
class Letterhead:
    """What the letterhead and the running header of a document show."""

    organization: str
    document_kind: str
    running_title: str = ""
    marking: str | None = None
    """A red marking on every page, e.g. the secrecy ground."""


@dataclass(frozen=True)
class PdfInfo:
    """The document information dictionary."""

    title: str
    author: str
    subject: str
    created: dt.datetime
    keywords: str = ""


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    page: int


@dataclass
class LaidOut:
    """A document after layout, before decoration."""

    doc: Document
    headings: list[Heading] = field(default_factory=list)


def esc(text: str) -> str:
    """HTML-escape text for the Story."""
    return html.escape(text, quote=True)


def paragraphs(texts: Iterable[str]) -> str:
    return "".join(f"<p>{esc(text)}</p>" for text in texts)


def bullet_list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>"


CELL_PADDING = 9.0
"""Horizontal padding and border of a table cell, outside its CSS width."""


def width_style(percent: float, total: float = CONTENT_WIDTH) -> str:
    """A column width in points (the Story honours points, not percentages)."""
    return f"width: {max(percent * total / 100 - CELL_PADDING, 8):.1f}pt"


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric_from: int = 1,
    row_classes: Sequence[str] | None = None,
    widths: Sequence[int] | None = None,
    total_width: float = CONTENT_WIDTH,
) -> str:
    """An HTML table; columns from ``numeric_from`` on are right-aligned.

    ``widths`` are percentages of ``total_width`` (the text width of the page).
    """
    shares = list(widths) if widths else default_widths(len(header))

    def cell(tag: str, index: int, text: str) -> str:
        attrs = ' class="n"' if index >= numeric_from else ""
        if tag == "th":
            attrs += f' style="{width_style(shares[index], total_width)}"'
        return f"<{tag}{attrs}>{esc(text)}</{tag}>"

    head = "<tr>" + "".join(cell("th", i, text) for i, text in enumerate(header)) + "</tr>"
    body = []
    for number, row in enumerate(rows):
        css = row_classes[number] if row_classes and row_classes[number] else ""
        attrs = f' class="{css}"' if css else ""
        cells = "".join(cell("td", i, text) for i, text in enumerate(row))
        body.append(f"<tr{attrs}>{cells}</tr>")
    return f"<table>{head}{''.join(body)}</table>"


def default_widths(columns: int) -> list[int]:
    """Column widths in percent: a wide first (label) column, the rest equal."""
    if columns == 1:
        return [100]
    first = max(28, 100 - 13 * (columns - 1))
    rest = (100 - first) // (columns - 1)
    return [100 - rest * (columns - 1)] + [rest] * (columns - 1)


@functools.cache
def font(name: str) -> Font:
    """A built-in font (``helv``, ``hebo``, ``heit``, ``tiro``, ``tibo``)."""
    return pymupdf.Font(name)


LAYOUT_SHIFT = 4000.0
"""The Story is laid out this far below the page and drawn moved back up.

When a page is full, MuPDF's Story also draws the element that did not fit, at the
origin and partly with uninitialised coordinates: invisible (clipped), but it bloats
the page and makes the output differ from run to run. Drawing culls what lies above
the placement area, so with the area far from the origin that element is culled.
"""


@dataclass(frozen=True)
class Chunk:
    """A part of a long document; it starts on a new page or right after the previous part."""

    html: str
    new_page: bool = False


def layout(
    body_html: str | Sequence[Chunk],
    *,
    page: Rect = A4,
    css: str = "",
    first_top: float = FIRST_PAGE_TOP,
    top: float = PAGE_TOP,
) -> LaidOut:
    """Lay HTML out on pages; records h1/h2/h3 positions for the outline.

    Long documents should be given as chunks: a Story's layout time grows faster than
    linearly with its length, so each chunk gets its own Story, placed on the same page
    right after the previous one unless it asks for a new page.
    """
    chunks = [Chunk(body_html)] if isinstance(body_html, str) else list(body_html)
    pager = _Pager(page, first_top, top)
    for chunk in chunks:
        pager.place(pymupdf.Story(chunk.html, user_css=BASE_CSS + css), new_page=chunk.new_page)
    return pager.finish()


class _Pager:
    """Places Stories one after the other on the pages of a DocumentWriter."""

    def __init__(self, page: Rect, first_top: float, top: float) -> None:
        self.page = page
        self.tops = (first_top, top)
        self.bottom = page.height - BOTTOM_MARGIN
        self.buffer = io.BytesIO()
        self.writer = pymupdf.DocumentWriter(self.buffer)
        self.headings: list[Heading] = []
        self.number = 0
        self.device: Any = None
        self.y = 0.0

    def place(self, story: Any, *, new_page: bool) -> None:
        if new_page:
            self._end_page()
        more = 1
        while more:
            if self.device is None:
                self._begin_page()
            shifted_area = pymupdf.Rect(
                MARGIN_X,
                self.y + LAYOUT_SHIFT,
                self.page.width - MARGIN_X,
                self.bottom + LAYOUT_SHIFT,
            )
            more, filled = story.place(shifted_area)
            # PyMuPDF wants a plain one-argument function, not a bound method.
            story.element_positions(lambda item: self._record(item), {"page_num": self.number})
            story.draw(self.device, pymupdf.Matrix(1, 0, 0, 1, 0, -LAYOUT_SHIFT))
            self.y = pymupdf.Rect(filled).y1 - LAYOUT_SHIFT
            if more or self.y > self.bottom - 36:
                self._end_page()

    def finish(self) -> LaidOut:
        self._end_page()
        self.writer.close()
        return LaidOut(pymupdf.open("pdf", self.buffer.getvalue()), self.headings)

    def _begin_page(self) -> None:
        self.number += 1
        self.device = self.writer.begin_page(self.page)
        self.y = self.tops[0] if self.number == 1 else self.tops[1]

    def _end_page(self) -> None:
        if self.device is not None:
            self.writer.end_page()
            self.device = None

    def _record(self, position: Any) -> None:
        if position.heading and position.open_close & 1 and position.text:
            title = " ".join(str(position.text).split())
            self.headings.append(Heading(int(position.heading), title, int(position.page_num)))


def draw_emblem(page: Page, x: float, y: float, size: float, *, overlay: bool = True) -> None:
    """The (fictional) coat of arms: a blue shield, a golden spruce, a silver wave."""
    w, h = size * 0.82, size
    shape = page.new_shape()
    top_left, top_right = pymupdf.Point(x, y), pymupdf.Point(x + w, y)
    side_right, side_left = pymupdf.Point(x + w, y + h * 0.55), pymupdf.Point(x, y + h * 0.55)
    bottom = pymupdf.Point(x + w / 2, y + h)
    shape.draw_line(top_left, top_right)
    shape.draw_line(top_right, side_right)
    shape.draw_bezier(side_right, pymupdf.Point(x + w, y + h * 0.8), bottom, bottom)
    shape.draw_bezier(bottom, bottom, pymupdf.Point(x, y + h * 0.8), side_left)
    shape.draw_line(side_left, top_left)
    shape.finish(color=NAVY, fill=NAVY, closePath=True, width=0.6)
    cx = x + w / 2
    tree = [
        pymupdf.Point(cx, y + h * 0.12),
        pymupdf.Point(cx + w * 0.22, y + h * 0.52),
        pymupdf.Point(cx - w * 0.22, y + h * 0.52),
    ]
    shape.draw_polyline([*tree, tree[0]])
    shape.finish(color=GOLD, fill=GOLD, closePath=True, width=0.3)
    wave_y = y + h * 0.66
    start = pymupdf.Point(x + w * 0.14, wave_y)
    middle = pymupdf.Point(cx, wave_y)
    end = pymupdf.Point(x + w * 0.86, wave_y)
    dx, dy = w * 0.12, h * 0.08
    for left, right in ((start, middle), (middle, end)):
        first = pymupdf.Point(left.x + dx, left.y - dy)
        second = pymupdf.Point(right.x - dx, right.y - dy)
        shape.draw_bezier(left, first, second, right)
    shape.finish(color=(1, 1, 1), width=size * 0.05, lineCap=1)
    shape.commit(overlay=overlay)


def write_text(
    page: Page,
    point: tuple[float, float],
    text: str,
    *,
    size: float = 9,
    bold: bool = False,
    color: tuple[float, float, float] = (0, 0, 0),
    align_right: bool = False,
) -> None:
    """One line of text at ``point`` (baseline), optionally right-aligned there."""
    lines = PageText(page)
    lines.add(point, text, size=size, bold=bold, color=color, align_right=align_right)
    lines.write()


class PageText:
    """Text for one page, written with one text object per colour (fast for many lines)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.writers: dict[tuple[float, float, float], TextWriter] = {}

    def add(
        self,
        point: tuple[float, float],
        text: str,
        *,
        size: float = 9,
        bold: bool = False,
        color: tuple[float, float, float] = (0, 0, 0),
        align_right: bool = False,
    ) -> None:
        face = font("hebo" if bold else "helv")
        x, y = point
        if align_right:
            x -= face.text_length(text, fontsize=size)
        writer = self.writers.setdefault(color, pymupdf.TextWriter(self.page.rect))
        writer.append((x, y), text, font=face, fontsize=size)

    def write(self, *, overlay: bool = True) -> None:
        for color, writer in self.writers.items():
            writer.write_text(self.page, color=color, overlay=overlay)


def decorate(doc: Document, letterhead: Letterhead) -> None:
    """Letterhead on the first page, running header and footer with ``n (N)`` after.

    Everything is drawn underneath the laid-out content: that content leaves its own
    coordinate transform active at its end, so drawing after it would need the page
    contents wrapped first, which costs more than the drawing itself.
    """
    total = doc.page_count
    for index in range(total):
        page = doc[index]
        text = PageText(page)
        rules = page.new_shape()
        right = page.rect.width - MARGIN_X
        if index == 0:
            _first_page_head(page, text, rules, letterhead)
        else:
            running = letterhead.running_title or letterhead.document_kind.capitalize()
            text.add((MARGIN_X, 44), f"{MUNICIPALITY} · {letterhead.organization}", size=8)
            text.add((MARGIN_X, 55), running, size=8, color=GREY)
            rules.draw_line(pymupdf.Point(MARGIN_X, 62), pymupdf.Point(right, 62))
        text.add((right, 44), f"{index + 1} ({total})", size=9, align_right=True)
        if letterhead.marking:
            text.add(
                (right, 30), letterhead.marking, size=8.5, bold=True, color=RED, align_right=True
            )
        bottom = page.rect.height - 30
        rules.draw_line(pymupdf.Point(MARGIN_X, bottom - 10), pymupdf.Point(right, bottom - 10))
        rules.finish(color=GREY, width=0.4)
        rules.commit(overlay=False)
        text.add((MARGIN_X, bottom), ADDRESS_LINE, size=6.5, color=GREY)
        text.write(overlay=False)


def _first_page_head(page: Page, text: PageText, rules: Shape, letterhead: Letterhead) -> None:
    right = page.rect.width - MARGIN_X
    draw_emblem(page, MARGIN_X, 34, 46, overlay=False)
    text.add((MARGIN_X + 48, 52), MUNICIPALITY.upper(), size=15, bold=True, color=NAVY)
    text.add((MARGIN_X + 48, 68), letterhead.organization, size=10)
    text.add((right, 60), letterhead.document_kind.upper(), size=11, bold=True, align_right=True)
    rule = page.new_shape()
    rule.draw_line(pymupdf.Point(MARGIN_X, 92), pymupdf.Point(right, 92))
    rule.finish(color=NAVY, width=1.2)
    rule.commit(overlay=False)


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date string, ``D:20261123093000+01'00'``."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{moment.strftime('%Y%m%d%H%M%S')}{sign}{hours:02d}'{rest:02d}'"


def finish(doc: Document, info: PdfInfo) -> bytes:
    """Serialise deterministically: fixed metadata, subset fonts, no new file id."""
    stamp = pdf_date(info.created)
    doc.set_metadata(
        {
            "title": info.title,
            "author": info.author,
            "subject": info.subject,
            "keywords": info.keywords,
            "creator": CREATOR,
            "producer": PRODUCER,
            "creationDate": stamp,
            "modDate": stamp,
        }
    )
    doc.subset_fonts()
    data: bytes = doc.tobytes(garbage=4, deflate=True, no_new_id=True)
    doc.close()
    return data


def set_outline(doc: Document, headings: Iterable[Heading], max_level: int = 3) -> None:
    """One bookmark per heading up to ``max_level``, levels without gaps."""
    toc: list[list[Any]] = []
    for heading in headings:
        if heading.level > max_level:
            continue
        level = min(heading.level, (toc[-1][0] + 1) if toc else 1)
        toc.append([level, heading.title, heading.page])
    if toc:
        doc.set_toc(toc)


def html_pdf(
    body_html: str | Sequence[Chunk],
    *,
    letterhead: Letterhead,
    info: PdfInfo,
    page: Rect = A4,
    css: str = "",
    outline: bool = False,
) -> bytes:
    """A complete document: layout, letterhead, page numbers, optional outline."""
    laid_out = layout(body_html, page=page, css=css)
    decorate(laid_out.doc, letterhead)
    if outline:
        set_outline(laid_out.doc, laid_out.headings)
    return finish(laid_out.doc, info)


def page_count(data: bytes) -> int:
    with pymupdf.open("pdf", data) as doc:
        return int(doc.page_count)


def drawn_pdf(page_rect: Rect, draw: Callable[[Page], None], info: PdfInfo) -> bytes:
    """A one-page document drawn by ``draw``."""
    doc = pymupdf.open()
    page = doc.new_page(width=page_rect.width, height=page_rect.height)
    draw(page)
    return finish(doc, info)
