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
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein, Opcodes

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
    "FUZZY_MAX_DISTANCE",
    "LONG_CONTEXT",
    "SCORE_MARGIN",
    "Alignment",
    "DocumentText",
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

MIN_CONTEXT: Final = 8
"""Characters of prefix or suffix that count as evidence; a shorter side (the quote
was at the start or end of its page) is left out."""

NO_CONTEXT_MIN_QUOTE: Final = 40
"""A quote without context on either side (it filled its page) is placed only when
the new version has it exactly once and it is at least this long."""

FUZZY_MAX_DISTANCE: Final = 0.2
"""Most edits a fuzzy match may have, as a share of the quote's length."""

FUZZY_MIN_QUOTE: Final = 30
"""Quotes shorter than this many characters are only placed exactly."""

ONE_SIDED: Final = 0.6
NEAR_PAGES: Final = 1
"""From the selectors alone, a candidate whose context agrees on one side only (the
other is below ``ONE_SIDED``: a paragraph was inserted or deleted next to the
quote, or it is a copy of the words elsewhere) is taken only within
``NEAR_PAGES`` of the old page."""

STRONG: Final = 0.9
"""An exact occurrence scoring this well is taken without looking for changed ones."""

REPEATED_SCORE: Final = 0.85
"""From the selectors alone, the least score of a candidate for words that occur
more than once: their context is then all the evidence there is."""

FUZZY_PAGES: Final = 2
"""From the selectors alone, changed words are placed only this many pages from
their old page; farther, they are more likely another passage of the same kind
(the same sentence pattern with other figures)."""

LONG_CONTEXT: Final = 240
"""Characters of the old version's text on each side of the annotated words (across
page breaks) that a candidate's surroundings are compared with. Two unrelated
places of the revision corpus's prose measured at most about 0.66 over this
length (normalized Levenshtein similarity), against 0.83 over 120 characters."""

UNRELATED: Final = 0.6
"""Similarity of surroundings that is no evidence: 99 % of the other occurrences of
the annotated words in the old versions of the revision corpus have less on
either side (a sentence of the same pattern with other figures reads alike in
part)."""

LONG_SUPPORT: Final = 0.8
"""Least similarity of the better side of a candidate's surroundings to the old
text's: at least this much of one side was kept."""

KEPT_WORDS: Final = 12
KEPT_NEXT: Final = 5
KEPT_SUPPORT: Final = 0.9
"""Or at least this share of the words of one side of the old surroundings (of at
least ``KEPT_WORDS`` words, the ``KEPT_NEXT`` next to the candidate unchanged)
kept, in order, in the new text next to it (in twice as many characters): text
inserted a little way from the words (a line of a short document) lowers the
similarity of the side but keeps its words. Unrelated places of the revision
corpus's prose keep at most about half of them."""

LONG_FUZZY_SIDE: Final = 0.7
"""Changed words need the weaker side of their surroundings to agree this much too."""

LONG_MARGIN: Final = 0.1
"""How much better the best candidate's score must be than any other place's, and
than any other occurrence's of the old version read back against it."""

SEED_LIMIT: Final = 64
"""Word pairs that occur more often than this are not used to find fuzzy matches."""

SCORED_LIMIT: Final = 64
"""Occurrences of a quote scored in full; past this, only those whose next few
characters agree with the context are (a two-word quote such as "och att")."""

FUZZY_REGIONS: Final = 8
"""Regions (clusters of word pairs) of the new text aligned with a fuzzy quote."""

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


class DocumentText:
    """The new version's pages as one text, joined by single spaces, indexed once.

    A page's characters keep their offsets within the page: page ``p`` starts at
    ``offsets[p]``. The word index (every word's text and start, every word pair's
    starts) is built the first time a quote is looked for outside its old place.
    """

    def __init__(self, pages: Sequence[PageText]) -> None:
        self.pages = tuple(pages)
        offsets: list[int] = []
        position = 0
        for page in self.pages:
            offsets.append(position)
            position += len(page.text) + 1
        self.offsets = tuple(offsets)
        self.text = " ".join(page.text for page in self.pages)
        self._words: tuple[list[str], list[int]] | None = None
        self._pairs: dict[str, list[int]] | None = None
        self._singles: dict[str, list[int]] | None = None

    def page_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.offsets, offset) - 1)

    def page_end(self, page: int) -> int:
        return self.offsets[page] + len(self.pages[page].text)

    @property
    def words(self) -> tuple[list[str], list[int]]:
        """Every word's text and start, in document order."""
        if self._words is None:
            texts: list[str] = []
            starts: list[int] = []
            for page, offset in zip(self.pages, self.offsets, strict=True):
                texts.extend(word.text for word in page.words)
                starts.extend(offset + start for start in page.starts)
            self._words = texts, starts
        return self._words

    @property
    def pairs(self) -> dict[str, list[int]]:
        """Where each pair of consecutive words (``"a b"``) starts."""
        if self._pairs is None:
            texts, starts = self.words
            index: dict[str, list[int]] = {}
            for key, start in zip(map(" ".join, itertools.pairwise(texts)), starts, strict=False):
                index.setdefault(key, []).append(start)
            self._pairs = index
        return self._pairs

    @property
    def singles(self) -> dict[str, list[int]]:
        """Where each word starts (for one-word quotes)."""
        if self._singles is None:
            index: dict[str, list[int]] = {}
            for text, start in zip(*self.words, strict=True):
                index.setdefault(text, []).append(start)
            self._singles = index
        return self._singles

    def occurrences(self, exact: str) -> list[int]:
        """Where ``exact`` stands in the text as whole words."""
        words = exact.split(" ")
        if len(words) == 1:
            positions: Sequence[int] = self.singles.get(exact, ())
            shift = 0
        else:
            found = self._rarest_pair(words)
            if found is None:
                return []
            positions, shift = found
        return [p - shift for p in positions if self._holds(exact, p - shift)]

    def _rarest_pair(self, words: Sequence[str]) -> tuple[list[int], int] | None:
        best: tuple[list[int], int] | None = None
        shift = 0
        for first, second in itertools.pairwise(words):
            positions = self.pairs.get(f"{first} {second}")
            if positions is None:
                return None
            if best is None or len(positions) < len(best[0]):
                best = positions, shift
            shift += len(first) + 1
        return best

    def _holds(self, exact: str, start: int) -> bool:
        end = start + len(exact)
        return (
            start >= 0
            and self.text.startswith(exact, start)
            and (start == 0 or self.text[start - 1] == " ")
            and (end == len(self.text) or self.text[end] == " ")
        )

    def seeds(self, exact: str) -> list[int]:
        """Where the quote would start if it started where one of its word pairs
        (not too common a one) stands."""
        words = exact.split(" ")
        implied: list[int] = []
        shift = 0
        for first, second in itertools.pairwise(words):
            positions = self.pairs.get(f"{first} {second}")
            if positions is not None and len(positions) <= SEED_LIMIT:
                implied.extend(p - shift for p in positions)
            shift += len(first) + 1
        return implied


class Alignment:
    """Where the old version's text went in the new one, as a diff sees it.

    Anchors are word pairs that occur exactly once in each version. Those that keep
    their order (the longest chain of them that increases in both versions, as a
    patience diff takes them) pin the old text to the new: text that stands between
    two anchors of the old version can only stand between the same two of the new
    one, unless it was moved. Built the first time it is asked.
    """

    def __init__(self, old: DocumentText, new: DocumentText) -> None:
        self.old = old
        self.new = new
        self._anchors: tuple[list[int], list[int], list[int], list[int]] | None = None

    @property
    def anchors(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """The chained anchors' starts and ends in the old text, and in the new one."""
        if self._anchors is None:
            self._anchors = _chained(self.old.pairs, self.new.pairs)
        return self._anchors

    def interval(self, start: int, end: int) -> tuple[int, int, int]:
        """Where in the new text the old text ``[start, end)`` can be: between the
        anchors around it, ``(low, high)``; and where it would start if nothing
        between those anchors changed."""
        old_starts, old_ends, new_starts, new_ends = self.anchors
        before = bisect.bisect_right(old_ends, start) - 1
        after = bisect.bisect_left(old_starts, end)
        low = new_ends[before] if before >= 0 else 0
        high = new_starts[after] if after < len(new_starts) else len(self.new.text)
        shift = start - (old_ends[before] if before >= 0 else 0)
        return low, high, min(max(low, low + shift), high)


def _chained(
    old: dict[str, list[int]], new: dict[str, list[int]]
) -> tuple[list[int], list[int], list[int], list[int]]:
    """The word pairs found once in each version whose places keep their order
    (the longest chain increasing in both): the old and new starts and ends."""
    matches = sorted(
        (places[0], there[0], len(key))
        for key, places in old.items()
        if len(places) == 1 and (there := new.get(key)) is not None and len(there) == 1
    )
    tails: list[int] = []
    ends: list[int] = []
    previous = [-1] * len(matches)
    for k, (_, position, _) in enumerate(matches):
        i = bisect.bisect_left(tails, position)
        if i == len(tails):
            tails.append(position)
            ends.append(k)
        else:
            tails[i] = position
            ends[i] = k
        previous[k] = ends[i - 1] if i else -1
    chain: list[tuple[int, int, int]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        chain.append(matches[k])
        k = previous[k]
    chain.reverse()
    return (
        [o for o, _, _ in chain],
        [o + size for o, _, size in chain],
        [n for _, n, _ in chain],
        [n + size for _, n, size in chain],
    )


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A place of the new text that may hold the quote, with its evidence."""

    start: int
    end: int
    similarity: float
    """Of the text here to the quote: 1.0 for the exact quote."""
    before: float | None
    """Similarity of the text before to the kept prefix; None without a prefix."""
    after: float | None
    pages_away: int

    @property
    def support(self) -> float:
        """The better-kept side of the context."""
        return max((s for s in (self.before, self.after) if s is not None), default=0.0)

    @property
    def score(self) -> float:
        sides = [s for s in (self.before, self.after) if s is not None]
        context = sum(sides) / len(sides) if sides else 0.0
        return self.similarity * context

    @property
    def evidence(self) -> float:
        """The score with each side's similarity counted only above what unrelated
        text reaches (:data:`UNRELATED`), for the surroundings of the old text."""
        sides = [
            max(0.0, (s - UNRELATED) / (1.0 - UNRELATED))
            for s in (self.before, self.after)
            if s is not None
        ]
        return self.similarity * sum(sides) / len(sides) if sides else 0.0

    @property
    def weaker_side(self) -> float:
        return min((s for s in (self.before, self.after) if s is not None), default=0.0)


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
        chosen = _aligned_choice(quote, own, alignment)
    elif alignment is not None and quote.start is not None:
        return None  # the quote is not the old version's text there: not this version's
    else:
        chosen = _selector_choice(page, quote, document)
    return None if chosen is None else _found(chosen, document)


def _selector_choice(page: int, quote: TextQuote, document: DocumentText) -> _Candidate | None:
    """Steps 2 and 3 from the selectors alone (the old version's text is not at hand)."""
    expected_page = min(page, len(document.pages) - 1)
    exact = _exact_candidates(quote, document, expected_page)
    repeated = len(exact) > 1
    chosen = _choose(exact, quote, _Evidence(repeated, False))
    settled = chosen is not None and chosen.score >= STRONG and chosen.pages_away <= NEAR_PAGES
    if not settled and len(quote.exact) >= FUZZY_MIN_QUOTE:
        fuzzy = _fuzzy_candidates(quote, document, expected_page, exact)
        chosen = _choose(exact + fuzzy, quote, _Evidence(repeated, len(fuzzy) > 1))
    return chosen


def _old_place(page: int, quote: TextQuote, old: DocumentText) -> int | None:
    """Where the annotated words start in the old version's whole text."""
    if quote.start is None or page >= len(old.pages):
        return None
    own = old.offsets[page] + quote.start
    return own if old.text.startswith(quote.exact, own) else None


@dataclass(frozen=True, slots=True)
class _Surroundings:
    """The text on either side of a place, up to :data:`LONG_CONTEXT` characters."""

    before: str
    after: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> _Surroundings:
        return cls(text[max(0, start - LONG_CONTEXT) : start], text[end : end + LONG_CONTEXT])

    def compared(self, text: str, start: int, end: int, similarity: float) -> _Candidate:
        """The place ``[start, end)`` of ``text`` as a candidate, its sides measured
        against these (a side shorter than :data:`MIN_CONTEXT` is left out)."""
        before = after = None
        if len(self.before) >= MIN_CONTEXT:
            there = text[max(0, start - len(self.before)) : start]
            before = Levenshtein.normalized_similarity(self.before, there)
        if len(self.after) >= MIN_CONTEXT:
            there = text[end : end + len(self.after)]
            after = Levenshtein.normalized_similarity(self.after, there)
        return _Candidate(start, end, similarity, before, after, 0)

    def kept(self, text: str, start: int, end: int) -> float:
        """The larger share of the words of either side found, in order, on the same
        side of ``[start, end)`` of ``text``, within twice the side's length, of a
        side whose :data:`KEPT_NEXT` words next to the place are the same."""
        shares = [0.0]
        old_before, new_before = (
            self.before.split(),
            text[max(0, start - 2 * len(self.before)) : start].split(),
        )
        if len(old_before) >= KEPT_WORDS and old_before[-KEPT_NEXT:] == new_before[-KEPT_NEXT:]:
            shares.append(LCSseq.similarity(old_before, new_before) / len(old_before))
        old_after, new_after = self.after.split(), text[end : end + 2 * len(self.after)].split()
        if len(old_after) >= KEPT_WORDS and old_after[:KEPT_NEXT] == new_after[:KEPT_NEXT]:
            shares.append(LCSseq.similarity(old_after, new_after) / len(old_after))
        return max(shares)


def _aligned_choice(quote: TextQuote, own: int, alignment: Alignment) -> _Candidate | None:
    """Steps 2 and 3 with the old version's text: the candidates between the anchors
    around the annotated words, told apart by the old text around them."""
    document, old = alignment.new, alignment.old
    end = own + len(quote.exact)
    low, high, predicted = alignment.interval(own, end)
    around = _Surroundings.of(old.text, own, end)
    expected_page = document.page_of(predicted)

    def inside(starts: Iterable[tuple[int, int, float]]) -> list[_Candidate]:
        return [
            around.compared(document.text, start, stop, similarity)
            for start, stop, similarity in starts
            if low <= start and stop <= high
        ]

    length = len(quote.exact)
    starts = document.occurrences(quote.exact)
    exact = inside((start, start + length, 1.0) for start in starts)
    chosen = _choose_aligned(exact, quote, around, document.text)
    if (chosen is None or chosen.score < STRONG) and length >= FUZZY_MIN_QUOTE:
        pages = _pages_around(document, expected_page)
        span = (max(low, pages[0]), min(high, pages[1]))
        fuzzy = _fuzzy_candidates(quote, document, expected_page, exact, span)
        found = inside((c.start, c.end, c.similarity) for c in fuzzy)
        bounds = (own, end)
        refined = (_refined(c, bounds, around, alignment, (low, high)) for c in found)
        found = [c for c in refined if c is not None]
        chosen = _choose_aligned(exact + found, quote, around, document.text)
    if chosen is None or _twinned(chosen, quote, own, alignment):
        return None
    return chosen


def _refined(
    candidate: _Candidate,
    own: tuple[int, int],
    around: _Surroundings,
    alignment: Alignment,
    span: tuple[int, int],
) -> _Candidate | None:
    """A changed passage's bounds as a word diff of the old text around the annotated
    words (``own``: their start and end) against the new text around the candidate
    puts them, or None when the passage so bounded changed too much
    (:data:`FUZZY_MAX_DISTANCE`).

    The match of the words alone leaves a word changed, inserted or deleted at
    either end undecided, and may leave out a changed word to look closer than the
    passage is; the diff of the surroundings decides: a changed word is the
    annotated word changed, words inserted just outside the annotated ones stay
    outside."""
    old_texts, old_starts = alignment.old.words
    texts, starts = alignment.new.words
    first = bisect.bisect_left(old_starts, own[0])
    last = bisect.bisect_left(old_starts, own[1])
    low = bisect.bisect_left(old_starts, own[0] - LONG_CONTEXT)
    high = bisect.bisect_left(old_starts, own[1] + LONG_CONTEXT)
    origin = bisect.bisect_left(starts, candidate.start - LONG_CONTEXT)
    stop = bisect.bisect_left(starts, candidate.end + LONG_CONTEXT)
    before, after = old_texts[low:high], texts[origin:stop]
    ops = Levenshtein.opcodes(before, after)
    opening = origin + _mapped(ops, before, after, first - low, opening=True)
    closing = origin + _mapped(ops, before, after, last - low, opening=False)
    if closing <= opening:
        return None
    start, end = starts[opening], starts[closing - 1] + len(texts[closing - 1])
    if start < span[0] or end > span[1]:
        return None
    exact = alignment.old.text[own[0] : own[1]]
    similarity = Levenshtein.normalized_similarity(exact, alignment.new.text[start:end])
    if similarity < 1.0 - FUZZY_MAX_DISTANCE:
        return None
    return around.compared(alignment.new.text, start, end, similarity)


def _mapped(
    ops: Opcodes, old: Sequence[str], new: Sequence[str], position: int, *, opening: bool
) -> int:
    """Where a position between the words ``old`` goes between the words ``new``,
    by the word diff ``ops`` of the two. In a run of changed words, the old ones
    are taken as changed into those new ones that read most like them, and
    inserted words, when nothing tells, as outside the bounds: before an opening
    position, after a closing one."""
    for src, dest in _blocks(ops):
        inside = src[0] <= position < src[1] if opening else src[0] < position <= src[1]
        if not inside:
            continue
        if src[1] - src[0] == dest[1] - dest[0]:
            return dest[0] + position - src[0]
        shorter, longer = sorted((src, dest), key=lambda r: r[1] - r[0])
        texts = (old, new) if shorter is src else (new, old)
        shift = _best_shift(texts[0][slice(*shorter)], texts[1][slice(*longer)], opening)
        if shorter is src:
            return dest[0] + shift + position - src[0]
        return dest[0] + min(max(position - src[0] - shift, 0), dest[1] - dest[0])
    return 0 if opening else len(new)


def _blocks(ops: Opcodes) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The diff as runs of equal words and runs of changed ones (inserted, deleted
    and replaced words next to each other taken together)."""
    blocks: list[tuple[tuple[int, int], tuple[int, int]]] = []
    changed = False
    for op in ops:
        src, dest = (op.src_start, op.src_end), (op.dest_start, op.dest_end)
        if op.tag != "equal" and changed:
            (s0, _), (d0, _) = blocks[-1]
            blocks[-1] = (s0, src[1]), (d0, dest[1])
        else:
            blocks.append((src, dest))
        changed = op.tag != "equal"
    return blocks


def _best_shift(fewer: Sequence[str], more: Sequence[str], opening: bool) -> int:
    """Where among ``more`` words the ``fewer`` ones stand, as the run of them that
    reads most like these; among equals the last for an opening bound, the first
    for a closing one."""
    scores = [
        sum(
            Levenshtein.normalized_similarity(a, b)
            for a, b in zip(fewer, more[shift:], strict=False)
        )
        for shift in range(len(more) - len(fewer) + 1)
    ]
    best = max(scores)
    chosen = [shift for shift, score in enumerate(scores) if score >= best - 1e-9]
    return chosen[-1] if opening else chosen[0]


def _choose_aligned(
    candidates: Sequence[_Candidate], quote: TextQuote, around: _Surroundings, text: str
) -> _Candidate | None:
    """The candidate whose surroundings agree with ``around`` (the old text's),
    clearly better than any other place of ``text``, or None."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: -c.evidence)
    best = ranked[0]
    if best.before is None and best.after is None:
        alone = len(candidates) == 1 and best.similarity == 1.0
        return best if alone and len(quote.exact) >= NO_CONTEXT_MIN_QUOTE else None
    if best.support < LONG_SUPPORT and not (
        best.similarity == 1.0 and around.kept(text, best.start, best.end) >= KEPT_SUPPORT
    ):
        return None  # the surroundings do not agree, nor were their words kept
    if best.similarity < 1.0 and best.weaker_side < LONG_FUZZY_SIDE:
        return None  # changed words need the text on both sides to agree
    rivals = [
        c
        for c in ranked[1:]
        if c.evidence > best.evidence - LONG_MARGIN and (c.end <= best.start or c.start >= best.end)
    ]
    return None if rivals else best


def _twinned(chosen: _Candidate, quote: TextQuote, own: int, alignment: Alignment) -> bool:
    """Whether the old version had, besides the annotated words, words that match the
    chosen place as well, between the same anchors: the chosen place may be theirs
    (the annotated words having been deleted)."""
    old, document = alignment.old, alignment.new
    seen = _Surroundings.of(document.text, chosen.start, chosen.end)
    text = document.text[chosen.start : chosen.end]
    places = [(start, start + len(text)) for start in old.occurrences(text)]
    if chosen.similarity < 1.0:
        places += [(c.start, c.end) for c in _fuzzy_candidates(quote, old, old.page_of(own), [])]
    for start, end in places:
        if end > own and start < own + len(quote.exact):
            continue  # the annotated words themselves
        low, high, _ = alignment.interval(start, end)
        if not (low <= chosen.start and chosen.end <= high):
            continue  # by the anchors, these words went elsewhere
        similarity = Levenshtein.normalized_similarity(text, old.text[start:end])
        rival = seen.compared(old.text, start, end, similarity)
        if rival.evidence > chosen.evidence - LONG_MARGIN:
            return True
    return False


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


def _exact_candidates(
    quote: TextQuote, document: DocumentText, expected_page: int
) -> list[_Candidate]:
    """Step 2's candidates: every occurrence of the exact quote, with its context."""
    starts = document.occurrences(quote.exact)
    if len(starts) > SCORED_LIMIT:
        starts = _agreeing(starts, quote, document)
    length = len(quote.exact)
    return [
        _candidate(quote, document, start, start + length, 1.0, expected_page) for start in starts
    ]


def _agreeing(starts: Sequence[int], quote: TextQuote, document: DocumentText) -> list[int]:
    """Of very many occurrences, those whose next characters agree with the context."""
    before = quote.prefix[-MIN_CONTEXT:] if len(quote.prefix) >= MIN_CONTEXT else None
    after = quote.suffix[:MIN_CONTEXT] if len(quote.suffix) >= MIN_CONTEXT else None
    text, length = document.text, len(quote.exact)
    kept = [
        start
        for start in starts
        if (before is not None and text.endswith(before, 0, start))
        or (after is not None and text.startswith(after, start + length))
    ]
    return kept[: SCORED_LIMIT + 1]


def _candidate(
    quote: TextQuote,
    document: DocumentText,
    start: int,
    end: int,
    similarity: float,
    expected_page: int,
) -> _Candidate:
    text = document.text
    before = after = None
    if len(quote.prefix) >= MIN_CONTEXT:
        prefix = quote.prefix
        before = Levenshtein.normalized_similarity(
            prefix, text[max(0, start - len(prefix)) : start]
        )
    if len(quote.suffix) >= MIN_CONTEXT:
        after = Levenshtein.normalized_similarity(quote.suffix, text[end : end + len(quote.suffix)])
    pages_away = abs(document.page_of(start) - expected_page)
    return _Candidate(start, end, similarity, before, after, pages_away)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What is known about a quote's candidates besides their scores."""

    repeated: bool
    """The exact words occur more than once."""
    varied: bool
    """More than one passage differs from them by a few edits (a sentence pattern
    with other figures)."""


def _choose(
    candidates: Sequence[_Candidate], quote: TextQuote, evidence: _Evidence
) -> _Candidate | None:
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


def _fuzzy_candidates(
    quote: TextQuote,
    document: DocumentText,
    expected_page: int,
    exact: Sequence[_Candidate],
    span: tuple[int, int] | None = None,
) -> list[_Candidate]:
    """Step 3's candidates: the best word-aligned match with few edits in each region
    where the quote's word pairs point, or else in ``span`` of the text (by default
    the pages around the old place)."""
    regions = _regions(document.seeds(quote.exact), len(quote.exact), document, expected_page)
    aligned = [_aligned(document, quote.exact, around) for around in regions]
    if not any(aligned):
        around = _window(quote.exact, document, span or _pages_around(document, expected_page))
        aligned = [_aligned(document, quote.exact, start) for start in around]
    taken = {(c.start, c.end) for c in exact}
    candidates: list[_Candidate] = []
    for match in aligned:
        if match is None or (match[0], match[1]) in taken:
            continue
        taken.add((match[0], match[1]))
        start, end, distance = match
        similarity = 1.0 - distance / max(len(quote.exact), end - start)
        candidates.append(_candidate(quote, document, start, end, similarity, expected_page))
    return candidates


def _regions(
    implied: list[int], length: int, document: DocumentText, expected_page: int
) -> list[int]:
    """Clusters of implied starts, the best supported first: one start per cluster."""
    if not implied:
        return []
    implied.sort()
    reach = max(MIN_CONTEXT, length // 4)
    clusters: list[list[int]] = [[implied[0]]]
    for start in implied[1:]:
        if start - clusters[-1][-1] <= reach:
            clusters[-1].append(start)
        else:
            clusters.append([start])
    ranked = sorted(
        clusters,
        key=lambda c: (-len(c), abs(document.page_of(max(0, c[0])) - expected_page)),
    )
    return [cluster[len(cluster) // 2] for cluster in ranked[:FUZZY_REGIONS]]


def _pages_around(document: DocumentText, page: int) -> tuple[int, int]:
    return (
        document.offsets[max(0, page - 1)],
        document.page_end(min(len(document.pages) - 1, page + 1)),
    )


def _window(exact: str, document: DocumentText, span: tuple[int, int]) -> list[int]:
    """Where in ``span`` of the text the quote matches best, if anywhere."""
    low, high = span
    cutoff = 100.0 * (1.0 - FUZZY_MAX_DISTANCE)
    alignment = fuzz.partial_ratio_alignment(exact, document.text[low:high], score_cutoff=cutoff)
    return [] if alignment is None else [low + alignment.dest_start]


def _aligned(document: DocumentText, exact: str, around: int) -> tuple[int, int, int] | None:
    """The word run starting near ``around`` closest to ``exact`` in edits, if within
    :data:`FUZZY_MAX_DISTANCE`: (start, end, edits)."""
    texts, starts = document.words
    if not starts:
        return None
    length = len(exact)
    limit = int(FUZZY_MAX_DISTANCE * length)
    origin = max(0, bisect.bisect_right(starts, around) - 1)
    best: tuple[int, int, int] | None = None
    for first in range(max(0, origin - 3), min(len(starts), origin + 4)):
        start = starts[first]
        for last in range(first, len(starts)):
            end = starts[last] + len(texts[last])
            if end - start > length + limit:
                break
            if end - start < length - limit:
                continue
            edits = Levenshtein.distance(exact, document.text[start:end], score_cutoff=limit)
            if edits <= limit and (best is None or _better(edits, end - start, best, length)):
                best = start, end, edits
    return best


def _better(edits: int, size: int, best: tuple[int, int, int], length: int) -> bool:
    return (edits, abs(size - length)) < (best[2], abs(best[1] - best[0] - length))


def _found(chosen: _Candidate, document: DocumentText) -> _Found | None:
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
