"""Re-anchoring: carrying annotations over to a new version of their document.

When a new version of a document arrives, each annotation made on an old version
is looked for on the new one. First, always: **position** — the new version's
page at the old page index holds the quote (:class:`TextQuote`) at the old
character offset, with the same text before and after: kept. Otherwise it is
looked for in one of two ways.

**With the old version's text** (``old_pages``, as the app passes it), the
annotated words' whole neighbourhood is known, across page breaks, and so is how
the two versions line up (:class:`Alignment`): word pairs found once in each
version and keeping their order pin the old text to the new, as a diff does, so
the annotated words can only be between the anchors around their old place.
There, the candidates are

2. **quote** — the exact words; and, when none is clearly right,
3. **fuzzy** — the words with a bounded number of edits (at most
   :data:`FUZZY_MAX_DISTANCE` of their length), bounded by a word diff of the old
   surroundings against the new ones, so that a changed, inserted or deleted word
   at either end is placed as the diff says;

and each is judged by how much of the old text around the annotated words,
:data:`LONG_CONTEXT` characters on each side, is around it: one side must agree
(:data:`LONG_SUPPORT`, or the words of one side must have been kept next to it,
:data:`KEPT_SUPPORT`; changed words need both sides, :data:`LONG_FUZZY_SIDE`), and the
best must be clearly better than any other place (:data:`LONG_MARGIN`), counting
only what agrees beyond what unrelated text reaches (:data:`UNRELATED`). A place
is also refused when the old version had other words, between the same anchors,
whose surroundings agree with it as well: it may be theirs, the annotated ones
having been deleted. On the revision corpus of the tests (50 documents, about
2,700 placeable annotations) this places 99.1 % right and none wrong.

**From the selectors alone** (the old version's file is gone), the same steps
use the kept 32 characters of prefix and suffix: the occurrences are told apart
by how well the text around each agrees with them, then by nearness to the old
page; fuzzy matches are looked for around the word pairs of the quote that the
new version still has, or in the pages around the old place. This is weaker
(about 95 % right on the corpus, and some placed wrong: a deleted passage's words
standing elsewhere with much the same text around them cannot be told apart).

Otherwise **review**: the annotation stays on its old version for the user.
Being wrong is worse than asking: a repeated phrase whose occurrences cannot be
told apart is not guessed.

A quote found across a page break of the new version goes to review: an
annotation lives on one page, and cutting the mark in two would misplace a part.

Ink, notes and text boxes are anchored by their nearby words (``quote``, and their
box as ``Geometry.anchor``). The words are found in the same way and the mark is
moved by as much as they moved. A note or a text box keeps its place relative to
the box of its words even when the text was reflowed and that box changed shape;
ink is carried over only when the box kept its size, since a circle or an arrow
drawn around the words of one layout does not fit another one.

Everything is indexed once per batch (:class:`DocumentText`, :class:`Alignment`):
each version's pages joined into one text, a lazy index of its word pairs, and
the anchors, so that a thousand annotations on a few hundred pages are placed
well within a second.

This module places an annotation (position, the choice from the selectors alone,
carrying the mark); ``document_text`` holds the indexed texts and their alignment,
``candidates`` the exact and fuzzy candidates, and ``aligned`` the choice with the
old version's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from meetingapp.core.annotations.aligned import aligned_choice
from meetingapp.core.annotations.candidates import (
    FUZZY_MIN_QUOTE,
    MIN_CONTEXT,
    NO_CONTEXT_MIN_QUOTE,
    STRONG,
    Candidate,
    exact_candidates,
    fuzzy_candidates,
)
from meetingapp.core.annotations.document_text import Alignment, DocumentText
from meetingapp.core.annotations.text import PageText
from meetingapp.store.annotations import (
    TEXT_KINDS,
    AnchorState,
    Annotation,
    Geometry,
    Kind,
    Rect,
    TextQuote,
    union,
)

__all__ = [
    "CONTEXT_SUPPORT",
    "SCORE_MARGIN",
    "Method",
    "Placement",
    "reanchor",
]

CONTEXT_SUPPORT: Final = 0.8
"""From the selectors alone, the least similarity (normalized Levenshtein) of the
text just before or just after a candidate to the kept prefix or suffix. Unrelated
Swedish text around a repeated phrase measured at most about 0.6 in the revision
corpus."""

SCORE_MARGIN: Final = 0.05
"""From the selectors alone, how much better the best candidate's score must be
than the runner-up's."""

ONE_SIDED: Final = 0.6
NEAR_PAGES: Final = 1
"""From the selectors alone, a candidate whose context agrees on one side only (the
other is below ``ONE_SIDED``: a paragraph was inserted or deleted next to the
quote, or it is a copy of the words elsewhere) is taken only within
``NEAR_PAGES`` of the old page."""

REPEATED_SCORE: Final = 0.85
"""From the selectors alone, the least score of a candidate for words that occur
more than once: their context is then all the evidence there is."""

FUZZY_PAGES: Final = 2
"""From the selectors alone, changed words are placed only this many pages from
their old page; farther, they are more likely another passage of the same kind
(the same sentence pattern with other figures)."""

SIZE_TOLERANCE: Final = 1.5
"""Points by which the box of an ink mark's words may change and the ink still fit."""

SAME_PLACE: Final = 0.05
"""Points within which a mark counts as unmoved."""


class Method(StrEnum):
    """How a placement was found."""

    POSITION = "position"
    QUOTE = "quote"
    FUZZY = "fuzzy"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an annotation goes on the new version (for REVIEW: where it was)."""

    state: AnchorState
    """PLACED: at its old place, verified; MOVED: found elsewhere, or its mark changed
    shape, or its text changed a little; REVIEW: not placed, kept on the old version."""
    page: int
    geometry: Geometry
    quote: TextQuote
    """The quote as found on the new version: new start, refreshed prefix and suffix."""
    method: Method
    confidence: float
    """1.0 for a verified position, the candidate's score for a found one, 0 for review."""


def reanchor(
    annotations: Sequence[Annotation],
    pages: Sequence[PageText],
    old_pages: Sequence[PageText] | None = None,
) -> list[Placement]:
    """Place each annotation on the new version whose pages are ``pages``.

    ``old_pages``, when given, are the pages of the version the annotations were
    made on (all of them on that one): the annotated words are then looked for
    where the alignment of the two versions puts them, and told apart from other
    occurrences by their surroundings in the old text (see :class:`Alignment`).
    """
    document = DocumentText(pages)
    alignment = None if old_pages is None else Alignment(DocumentText(old_pages), document)
    return [place(annotation, document, alignment) for annotation in annotations]


@dataclass(frozen=True, slots=True)
class _Found:
    page: int
    first: int
    last: int
    method: Method
    confidence: float


def place(
    annotation: Annotation, document: DocumentText, alignment: Alignment | None = None
) -> Placement:
    """One annotation's placement on the new version (``alignment``: with the old
    version's text, see :func:`reanchor`)."""
    found = locate(annotation.page, annotation.quote, document, alignment)
    if found is None:
        return _review(annotation)
    page_text = document.pages[found.page]
    if annotation.kind in TEXT_KINDS:
        geometry: Geometry | None = Geometry(rects=page_text.line_rects(found.first, found.last))
    else:
        geometry = _carried(annotation, _union(page_text, found.first, found.last))
    if geometry is None:
        return _review(annotation)
    unchanged = (
        found.page == annotation.page
        and found.method is not Method.FUZZY
        and _same_geometry(geometry, annotation.geometry)
    )
    return Placement(
        state=AnchorState.PLACED if unchanged else AnchorState.MOVED,
        page=found.page,
        geometry=geometry,
        quote=page_text.quote(found.first, found.last),
        method=found.method,
        confidence=found.confidence,
    )


def locate(
    page: int, quote: TextQuote, document: DocumentText, alignment: Alignment | None = None
) -> _Found | None:
    """The word run of the new version that holds ``quote``, kept on ``page`` of the old
    one, or None when it cannot be told with confidence."""
    if not quote.exact or not document.pages:
        return None
    kept = _at_position(page, quote, document)
    if kept is not None:
        return kept
    own = None if alignment is None else _old_place(page, quote, alignment.old)
    if alignment is not None and own is not None:
        chosen = aligned_choice(quote, own, alignment)
    elif alignment is not None and quote.start is not None:
        return None  # the quote is not the old version's text there: not this version's
    else:
        chosen = _selector_choice(page, quote, document)
    return None if chosen is None else _found(chosen, document)


def _selector_choice(page: int, quote: TextQuote, document: DocumentText) -> Candidate | None:
    """Steps 2 and 3 from the selectors alone (the old version's text is not at hand)."""
    expected_page = min(page, len(document.pages) - 1)
    exact = exact_candidates(quote, document, expected_page)
    repeated = len(exact) > 1
    chosen = _choose(exact, quote, _Evidence(repeated, False))
    settled = chosen is not None and chosen.score >= STRONG and chosen.pages_away <= NEAR_PAGES
    if not settled and len(quote.exact) >= FUZZY_MIN_QUOTE:
        fuzzy = fuzzy_candidates(quote, document, expected_page, exact)
        chosen = _choose(exact + fuzzy, quote, _Evidence(repeated, len(fuzzy) > 1))
    return chosen


def _old_place(page: int, quote: TextQuote, old: DocumentText) -> int | None:
    """Where the annotated words start in the old version's whole text."""
    if quote.start is None or page >= len(old.pages):
        return None
    own = old.offsets[page] + quote.start
    return own if old.text.startswith(quote.exact, own) else None


def _at_position(page: int, quote: TextQuote, document: DocumentText) -> _Found | None:
    """Step 1: the quote where it was, with the same text around it."""
    if quote.start is None or page >= len(document.pages):
        return None
    page_text = document.pages[page]
    start, end = quote.start, quote.start + len(quote.exact)
    if page_text.text[start:end] != quote.exact:
        return None
    run = page_text.words_in(start, end)
    if run is None or page_text.span(*run) != (start, end):
        return None
    if page_text.quote(*run) != quote:
        return None
    return _Found(page, run[0], run[1], Method.POSITION, 1.0)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What is known about a quote's candidates besides their scores."""

    repeated: bool
    """The exact words occur more than once."""
    varied: bool
    """More than one passage differs from them by a few edits (a sentence pattern
    with other figures)."""


def _choose(
    candidates: Sequence[Candidate], quote: TextQuote, evidence: _Evidence
) -> Candidate | None:
    """The candidate the selectors point to, or None when they do not point clearly."""
    if not candidates:
        return None
    if len(quote.prefix) < MIN_CONTEXT and len(quote.suffix) < MIN_CONTEXT:
        only = candidates[0]
        alone = len(candidates) == 1 and only.similarity == 1.0
        return only if alone and len(quote.exact) >= NO_CONTEXT_MIN_QUOTE else None
    ranked = sorted(candidates, key=lambda c: (-c.score, c.pages_away))
    best = ranked[0]
    if best.support < CONTEXT_SUPPORT:
        return None
    if best.similarity < 1.0 and best.weaker_side < CONTEXT_SUPPORT:
        return None  # changed words need the text on both sides to agree
    if best.weaker_side < ONE_SIDED and best.pages_away > NEAR_PAGES:
        return None  # one side alone agrees: a copy elsewhere may agree as well
    varied = best.similarity < 1.0 and evidence.varied
    least = REPEATED_SCORE if evidence.repeated or varied else 0.0
    if best.score < least:
        return None  # only the context tells these words apart, and it is not enough
    if best.similarity < 1.0 and best.pages_away > FUZZY_PAGES:
        return None
    if best.pages_away > NEAR_PAGES and any(
        c.pages_away <= NEAR_PAGES and c.weaker_side >= CONTEXT_SUPPORT for c in ranked[1:]
    ):
        return None  # a passage where the words should be agrees on both sides
    rivals = [c for c in ranked[1:] if c.score > best.score - SCORE_MARGIN]
    return None if rivals else best


def _found(chosen: Candidate, document: DocumentText) -> _Found | None:
    """The chosen place as a word run of one page (None across a page break)."""
    page = document.page_of(chosen.start)
    if chosen.end > document.page_end(page):
        return None
    offset = document.offsets[page]
    run = document.pages[page].words_in(chosen.start - offset, chosen.end - offset)
    if run is None:
        return None
    method = Method.QUOTE if chosen.similarity == 1.0 else Method.FUZZY
    return _Found(page, run[0], run[1], method, round(chosen.score, 3))


def _union(page_text: PageText, first: int, last: int) -> Rect:
    return union(word.rect for word in page_text.words[first : last + 1])


def _carried(annotation: Annotation, anchor: Rect) -> Geometry | None:
    """Ink, a note or a text box moved with its words to ``anchor`` (their new box)."""
    old = annotation.geometry
    if old.anchor is None:
        return None
    same_size = (
        abs((anchor[2] - anchor[0]) - (old.anchor[2] - old.anchor[0])) <= SIZE_TOLERANCE
        and abs((anchor[3] - anchor[1]) - (old.anchor[3] - old.anchor[1])) <= SIZE_TOLERANCE
    )
    if same_size:
        dx, dy = anchor[0] - old.anchor[0], anchor[1] - old.anchor[1]
    elif annotation.kind is Kind.INK:
        return None
    else:
        dx, dy = _relative_shift(old.bounds(), old.anchor, anchor)
    return replace(old.moved_by(dx, dy), anchor=anchor)


def _relative_shift(mark: Rect, old: Rect, new: Rect) -> tuple[float, float]:
    """How far a mark moves to keep its place relative to a box that moved and
    changed shape: the nearest point of the old box is carried to the same relative
    point of the new one, and the mark keeps its offset from it."""
    x, y = (mark[0] + mark[2]) / 2, (mark[1] + mark[3]) / 2
    nx, ny = min(max(x, old[0]), old[2]), min(max(y, old[1]), old[3])
    u = (nx - old[0]) / (old[2] - old[0]) if old[2] > old[0] else 0.5
    v = (ny - old[1]) / (old[3] - old[1]) if old[3] > old[1] else 0.5
    mx, my = new[0] + u * (new[2] - new[0]), new[1] + v * (new[3] - new[1])
    return mx - nx, my - ny


def _same_geometry(a: Geometry, b: Geometry) -> bool:
    ours, theirs = _numbers(a), _numbers(b)
    if len(a.rects) != len(b.rects) or len(ours) != len(theirs):
        return False
    return all(abs(x - y) <= SAME_PLACE for x, y in zip(ours, theirs, strict=True))


def _numbers(geometry: Geometry) -> list[float]:
    values = [v for rect in geometry.rects for v in rect]
    return values + [v for stroke in geometry.strokes for point in stroke for v in point]


def _review(annotation: Annotation) -> Placement:
    return Placement(
        state=AnchorState.REVIEW,
        page=annotation.page,
        geometry=annotation.geometry,
        quote=annotation.quote,
        method=Method.NONE,
        confidence=0.0,
    )
