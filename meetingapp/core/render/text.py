"""Text in the render child: a page's words, a document's text, search.

Runs in the child process only (:mod:`.child` calls it with PyMuPDF's documents and
pages). Coordinates come back as the page is displayed, like the rendered pixels:
MuPDF reports text unrotated.
"""

from __future__ import annotations

import importlib
import itertools
import re
from typing import Any

from meetingapp.core.render.protocol import (
    MAX_DOCUMENT_TEXT,
    MAX_SEARCH_HITS,
    Clip,
    Quad,
    SearchHit,
    Word,
)


def _pymupdf() -> Any:
    """PyMuPDF, imported in the child process only (and untyped on purpose)."""
    return importlib.import_module("pymupdf")


def page_words(page: Any) -> list[Word]:
    """The words of ``page`` with their boxes as displayed, in content order."""
    rotation = _rotation(page)
    words = []
    for x0, y0, x1, y1, text, block, line, number in page.get_text("words"):
        rect = _displayed_rect((x0, y0, x1, y1), rotation)
        words.append(Word(str(text), rect, int(block), int(line), int(number)))
    return words


def document_text(document: Any) -> list[str]:
    """Every page's text in reading order, :data:`MAX_DOCUMENT_TEXT` characters at most."""
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


def search_document(document: Any, query: str, pages: tuple[int, ...] | None) -> list[SearchHit]:
    """The hits of ``query`` on ``pages`` (all when None), in page order, at most
    :data:`MAX_SEARCH_HITS`."""
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
    turned = _pymupdf().Rect(rect) * rotation
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
