"""The places of a new version's text that may hold an annotation's quote: its exact
occurrences (step 2) and the word runs that differ from it by a few edits (step 3),
each with its evidence."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from meetingapp.core.annotations.document_text import DocumentText
from meetingapp.store.annotations import TextQuote

__all__ = [
    "FUZZY_MAX_DISTANCE",
    "FUZZY_MIN_QUOTE",
    "FUZZY_REGIONS",
    "MIN_CONTEXT",
    "NO_CONTEXT_MIN_QUOTE",
    "SCORED_LIMIT",
    "STRONG",
    "UNRELATED",
    "Candidate",
    "exact_candidates",
    "fuzzy_candidates",
    "pages_around",
]

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

STRONG: Final = 0.9
"""An exact occurrence scoring this well is taken without looking for changed ones."""

UNRELATED: Final = 0.6
"""Similarity of surroundings that is no evidence: 99 % of the other occurrences of
the annotated words in the old versions of the revision corpus have less on
either side (a sentence of the same pattern with other figures reads alike in
part)."""

SCORED_LIMIT: Final = 64
"""Occurrences of a quote scored in full; past this, only those whose next few
characters agree with the context are (a two-word quote such as "och att")."""

FUZZY_REGIONS: Final = 8
"""Regions (clusters of word pairs) of the new text aligned with a fuzzy quote."""


@dataclass(frozen=True, slots=True)
class Candidate:
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


def exact_candidates(
    quote: TextQuote, document: DocumentText, expected_page: int
) -> list[Candidate]:
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
) -> Candidate:
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
    return Candidate(start, end, similarity, before, after, pages_away)


def fuzzy_candidates(
    quote: TextQuote,
    document: DocumentText,
    expected_page: int,
    exact: Sequence[Candidate],
    span: tuple[int, int] | None = None,
) -> list[Candidate]:
    """Step 3's candidates: the best word-aligned match with few edits in each region
    where the quote's word pairs point, or else in ``span`` of the text (by default
    the pages around the old place)."""
    regions = _regions(document.seeds(quote.exact), len(quote.exact), document, expected_page)
    aligned = [_aligned(document, quote.exact, around) for around in regions]
    if not any(aligned):
        around = _window(quote.exact, document, span or pages_around(document, expected_page))
        aligned = [_aligned(document, quote.exact, start) for start in around]
    taken = {(c.start, c.end) for c in exact}
    candidates: list[Candidate] = []
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


def pages_around(document: DocumentText, page: int) -> tuple[int, int]:
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
