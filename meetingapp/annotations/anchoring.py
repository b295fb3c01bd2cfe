"""Re-anchoring: carrying annotations over to a new version of their document.

When a new version of a document arrives, each annotation made on an old version
is looked for on the new one, with the selectors it keeps (:class:`TextQuote`):

1. **position** — the new version's page at the old page index holds the quote at
   the old character offset, with the same text before and after: kept;
2. **quote** — the exact quote anywhere in the new version; the occurrences are
   told apart by how well the text around each agrees with the kept prefix and
   suffix, then by nearness to the old place;
3. **fuzzy** — the quote with a bounded number of edits (a Levenshtein distance of
   at most :data:`FUZZY_MAX_DISTANCE` of its length), looked for around the word
   pairs of the quote that the new version still has, or, when it has none of
   them, in the pages around the old place; decided by context as in step 2;
4. otherwise **review**: the annotation stays on its old version for the user.

Being wrong is worse than asking. So the words alone never decide: the text
before or after a candidate must agree with what the annotation kept
(:data:`CONTEXT_SUPPORT`; changed words need both sides), and the best candidate
must be clearly better than the runner-up (:data:`SCORE_MARGIN`); a repeated
phrase whose occurrences cannot be told apart is not guessed. Nearness to where
the words would be if nothing had moved orders the search and, with the old text,
bounds it (:data:`MAX_MOVE`), but decides between passages that read alike only
when one is near and all others far.

The selectors alone have a limit: when the annotated words were deleted and the
same words with much the same text around them stand elsewhere (boilerplate, a
sentence pattern with other figures), nothing in the new text tells them apart.
So the caller should pass the old version's pages too (``old_pages``): a place is
then refused when the old version had other occurrences that match as well and
could have become it, and a found place is read back against the old text (its own
context must point to the annotated words more clearly than to any other
occurrence). On the revision corpus of the tests (50 documents, about 2,600
placeable annotations) that turned 30 wrong placements from the selectors alone
into none.

A quote found across a page break of the new version goes to review: an
annotation lives on one page, and cutting the mark in two would misplace a part.

Ink, notes and text boxes are anchored by their nearby words (``quote``, and their
box as ``Geometry.anchor``). The words are found in the same way and the mark is
moved by as much as they moved. A note or a text box keeps its place relative to
the box of its words even when the text was reflowed and that box changed shape;
ink is carried over only when the box kept its size, since a circle or an arrow
drawn around the words of one layout does not fit another one.

Everything is indexed once per batch (:class:`DocumentText`): the new version's
pages joined into one text, and a lazy index of its word pairs, so that a
thousand annotations on a few hundred pages are placed well within a second.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from meetingapp.annotations.text import PageText
from meetingapp.store.annotations import (
    TEXT_KINDS,
    AnchorState,
    Annotation,
    Geometry,
    Kind,
    Rect,
    TextQuote,
)

__all__ = [
    "CONTEXT_SUPPORT",
    "FUZZY_MAX_DISTANCE",
    "SCORE_MARGIN",
    "DocumentText",
    "Method",
    "Placement",
    "reanchor",
]

CONTEXT_SUPPORT: Final = 0.8
"""Least similarity (normalized Levenshtein) of the text just before or just after a
candidate to the kept prefix or suffix. Unrelated Swedish text around a repeated
phrase measured at most about 0.6 in the revision corpus."""

SCORE_MARGIN: Final = 0.05
"""How much better the best candidate's score must be than the runner-up's."""

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
FAR_PAGES: Final = 4
"""A candidate whose context agrees on one side only (the other is below
``ONE_SIDED``: a paragraph was inserted or deleted next to the quote, or it is a
copy of the words elsewhere) is taken only within ``NEAR_PAGES`` of where the quote
would be if nothing had moved. Passages that read alike are told apart by
nearness only when one is within ``NEAR_PAGES`` and the others at least
``FAR_PAGES`` away, and where the quote would be is known from the old version."""

STRONG: Final = 0.9
"""An exact occurrence scoring this well is taken without looking for changed ones."""

REPEATED_SCORE: Final = 0.85
LOCATED_REPEATED_SCORE: Final = 0.6
"""Least score of a candidate for words that occur more than once: their context
is then all the evidence there is. The second applies when the old version's text
is at hand, so that the place found is also read back against it."""

FUZZY_PAGES: Final = 2
"""Changed words are placed only this many pages from where they would be if
nothing had moved; farther, they are more likely another passage of the same
kind (the same sentence pattern with other figures)."""

LOCATED_FUZZY_SIDE: Final = 0.6
"""Changed words need the text on both sides to agree, the weaker side at least
:data:`CONTEXT_SUPPORT`, or this much when the old version's text is at hand."""

MAX_MOVE: Final = 3
"""With the old version's text at hand, where the words would be if nothing moved
is known to within a page or two (text inserted or deleted before them); words
found farther than this many pages away are taken as another passage."""

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
    made on (all of them on that one): a place found for an annotation is then
    refused when the old version had the same words with context as similar
    somewhere else too, since the place found may be that other occurrence's (the
    annotated one having been deleted).
    """
    document = DocumentText(pages)
    old = None if old_pages is None else DocumentText(old_pages)
    return [place(annotation, document, old) for annotation in annotations]


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
    annotation: Annotation, document: DocumentText, old: DocumentText | None = None
) -> Placement:
    """One annotation's placement on the new version (``old``: see :func:`reanchor`)."""
    found = locate(annotation.page, annotation.quote, document, old)
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
    page: int, quote: TextQuote, document: DocumentText, old: DocumentText | None = None
) -> _Found | None:
    """The word run of the new version that holds ``quote``, kept on ``page`` of the old
    one, or None when it cannot be told with confidence."""
    if not quote.exact or not document.pages:
        return None
    kept = _at_position(page, quote, document)
    if kept is not None:
        return kept
    expected_page = _expected_page(page, quote, document, old)
    exact = _exact_candidates(quote, document, expected_page)
    repeated = len(exact) > 1 or (old is not None and len(old.occurrences(quote.exact)) > 1)
    located = old is not None  # where the quote would be is known, not guessed
    chosen = _choose(exact, quote, _Evidence(repeated, False, located))
    settled = chosen is not None and chosen.score >= STRONG and chosen.pages_away <= NEAR_PAGES
    if not settled and len(quote.exact) >= FUZZY_MIN_QUOTE:
        fuzzy = _fuzzy_candidates(quote, document, expected_page, exact)
        chosen = _choose(exact + fuzzy, quote, _Evidence(repeated, len(fuzzy) > 1, located))
    if chosen is None or (old is not None and _twinned(chosen, page, quote, old, document)):
        return None
    return _found(chosen, document)


def _expected_page(
    page: int, quote: TextQuote, document: DocumentText, old: DocumentText | None
) -> int:
    """The page of the new version where the quote would be if nothing moved: at the
    same share of the text as on the old version when that is known, else on the
    same page."""
    last = len(document.pages) - 1
    if old is None or page >= len(old.pages) or not old.text:
        return min(page, last)
    share = (old.offsets[page] + (quote.start or 0)) / len(old.text)
    return min(last, document.page_of(int(share * len(document.text))))


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
    """The exact words occur more than once (in either version)."""
    varied: bool
    """More than one passage differs from them by a few edits (a sentence pattern
    with other figures)."""
    located: bool
    """Where the words would be if nothing moved is known (from the old version),
    so that nearness may decide between passages that read alike."""


def _choose(
    candidates: Sequence[_Candidate], quote: TextQuote, evidence: _Evidence
) -> _Candidate | None:
    """The candidate the evidence points to, or None when it does not point clearly."""
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
    both_sides = LOCATED_FUZZY_SIDE if evidence.located else CONTEXT_SUPPORT
    if best.similarity < 1.0 and best.weaker_side < both_sides:
        return None  # changed words need the text on both sides to agree
    if best.weaker_side < ONE_SIDED and best.pages_away > NEAR_PAGES:
        return None  # one side alone agrees: a copy elsewhere may agree as well
    least = LOCATED_REPEATED_SCORE if evidence.located else REPEATED_SCORE
    if best.similarity < 1.0 and evidence.varied:
        least = REPEATED_SCORE  # a sentence pattern with other figures: be strict
    elif not evidence.repeated:
        least = 0.0
    if best.score < least:
        return None  # only the context tells these words apart, and it is not enough
    if best.similarity < 1.0 and best.pages_away > FUZZY_PAGES:
        return None
    if evidence.located and best.pages_away > MAX_MOVE:
        return None  # the words should be near: these are most likely another passage
    if best.pages_away > NEAR_PAGES and any(
        c.pages_away <= NEAR_PAGES and c.weaker_side >= CONTEXT_SUPPORT for c in ranked[1:]
    ):
        return None  # a passage where the words should be agrees on both sides
    rivals = [c for c in ranked[1:] if c.score > best.score - SCORE_MARGIN]
    if not rivals:
        return best
    near_and_far = best.pages_away <= NEAR_PAGES and all(c.pages_away >= FAR_PAGES for c in rivals)
    return best if evidence.located and near_and_far else None


def _twinned(
    chosen: _Candidate, page: int, quote: TextQuote, old: DocumentText, document: DocumentText
) -> bool:
    """Whether the old version had, besides the annotated words, other words that
    would have matched as well as the chosen place does, and near enough to it (by
    their share of the text) that the chosen place may be theirs."""
    if quote.start is None or page >= len(old.pages):
        return True  # the annotated words cannot be told apart from others
    own = old.offsets[page] + quote.start
    others = _exact_candidates(quote, old, page)
    if chosen.similarity < 1.0:
        others += _fuzzy_candidates(quote, old, page, others)
    chosen_page = document.page_of(chosen.start)
    scale = len(document.text) / max(1, len(old.text))

    def near(candidate: _Candidate) -> bool:
        mapped = document.page_of(int(candidate.start * scale))
        return abs(mapped - chosen_page) < FAR_PAGES

    def elsewhere(candidate: _Candidate) -> bool:
        return candidate.end <= own or candidate.start >= own + len(quote.exact)

    if any(c.score >= chosen.score - SCORE_MARGIN and near(c) and elsewhere(c) for c in others):
        return True
    return chosen.similarity == 1.0 and not _mutual(chosen, page, quote, old, document, elsewhere)


def _mutual(
    chosen: _Candidate,
    page: int,
    quote: TextQuote,
    old: DocumentText,
    document: DocumentText,
    elsewhere: Callable[[_Candidate], bool],
) -> bool:
    """Whether, read back the other way, the chosen place's own context points to the
    annotated words of the old version more clearly than to any other occurrence:
    words copied in with new text (the annotated ones having been deleted) point
    to all occurrences alike."""
    text = document.text
    seen = TextQuote(
        quote.exact,
        text[max(0, chosen.start - len(quote.prefix)) : chosen.start] if quote.prefix else "",
        text[chosen.end : chosen.end + len(quote.suffix)],
    )
    candidates = _exact_candidates(seen, old, page)
    own = [c.score for c in candidates if not elsewhere(c)]
    best_other = max((c.score for c in candidates if elsewhere(c)), default=0.0)
    return bool(own) and own[0] > best_other + SCORE_MARGIN


def _fuzzy_candidates(
    quote: TextQuote,
    document: DocumentText,
    expected_page: int,
    exact: Sequence[_Candidate],
) -> list[_Candidate]:
    """Step 3's candidates: the best word-aligned match with few edits in each region
    where the quote's word pairs point, or else in the pages around the old place."""
    regions = _regions(document.seeds(quote.exact), len(quote.exact), document, expected_page)
    aligned = [_aligned(document, quote.exact, around) for around in regions]
    if not any(aligned):
        around = _window(quote.exact, document, expected_page)
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


def _window(exact: str, document: DocumentText, page: int) -> list[int]:
    """Where in the pages around the old place the quote matches best, if anywhere."""
    low = document.offsets[max(0, page - 1)]
    high = document.page_end(min(len(document.pages) - 1, page + 1))
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
    return _bounds(word.rect for word in page_text.words[first : last + 1])


def _bounds(rects: Iterable[Rect]) -> Rect:
    boxes = list(rects)
    return (
        min(r[0] for r in boxes),
        min(r[1] for r in boxes),
        max(r[2] for r in boxes),
        max(r[3] for r in boxes),
    )


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
