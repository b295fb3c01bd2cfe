"""Placing an annotation with the old version's text at hand: its candidates between
the anchors around its words, told apart by the old text around them."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz.distance import LCSseq, Levenshtein, Opcodes

from meetingapp.core.annotations.candidates import (
    FUZZY_MAX_DISTANCE,
    FUZZY_MIN_QUOTE,
    MIN_CONTEXT,
    NO_CONTEXT_MIN_QUOTE,
    STRONG,
    Candidate,
    fuzzy_candidates,
    pages_around,
)
from meetingapp.core.annotations.document_text import Alignment
from meetingapp.store.annotations import TextQuote

__all__ = [
    "KEPT_NEXT",
    "KEPT_SUPPORT",
    "KEPT_WORDS",
    "LONG_CONTEXT",
    "LONG_FUZZY_SIDE",
    "LONG_MARGIN",
    "LONG_SUPPORT",
    "aligned_choice",
]

LONG_CONTEXT: Final = 240
"""Characters of the old version's text on each side of the annotated words (across
page breaks) that a candidate's surroundings are compared with. Two unrelated
places of the revision corpus's prose measured at most about 0.66 over this
length (normalized Levenshtein similarity), against 0.83 over 120 characters."""

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


@dataclass(frozen=True, slots=True)
class _Surroundings:
    """The text on either side of a place, up to :data:`LONG_CONTEXT` characters."""

    before: str
    after: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> _Surroundings:
        return cls(text[max(0, start - LONG_CONTEXT) : start], text[end : end + LONG_CONTEXT])

    def compared(self, text: str, start: int, end: int, similarity: float) -> Candidate:
        """The place ``[start, end)`` of ``text`` as a candidate, its sides measured
        against these (a side shorter than :data:`MIN_CONTEXT` is left out)."""
        before = after = None
        if len(self.before) >= MIN_CONTEXT:
            there = text[max(0, start - len(self.before)) : start]
            before = Levenshtein.normalized_similarity(self.before, there)
        if len(self.after) >= MIN_CONTEXT:
            there = text[end : end + len(self.after)]
            after = Levenshtein.normalized_similarity(self.after, there)
        return Candidate(start, end, similarity, before, after, 0)

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


def aligned_choice(quote: TextQuote, own: int, alignment: Alignment) -> Candidate | None:
    """Steps 2 and 3 with the old version's text: the candidates between the anchors
    around the annotated words, told apart by the old text around them."""
    document, old = alignment.new, alignment.old
    end = own + len(quote.exact)
    low, high, predicted = alignment.interval(own, end)
    around = _Surroundings.of(old.text, own, end)
    expected_page = document.page_of(predicted)

    def inside(starts: Iterable[tuple[int, int, float]]) -> list[Candidate]:
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
        pages = pages_around(document, expected_page)
        span = (max(low, pages[0]), min(high, pages[1]))
        fuzzy = fuzzy_candidates(quote, document, expected_page, exact, span)
        found = inside((c.start, c.end, c.similarity) for c in fuzzy)
        bounds = (own, end)
        refined = (_refined(c, bounds, around, alignment, (low, high)) for c in found)
        found = [c for c in refined if c is not None]
        chosen = _choose_aligned(exact + found, quote, around, document.text)
    if chosen is None or _twinned(chosen, quote, own, alignment):
        return None
    return chosen


def _refined(
    candidate: Candidate,
    own: tuple[int, int],
    around: _Surroundings,
    alignment: Alignment,
    span: tuple[int, int],
) -> Candidate | None:
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
    candidates: Sequence[Candidate], quote: TextQuote, around: _Surroundings, text: str
) -> Candidate | None:
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


def _twinned(chosen: Candidate, quote: TextQuote, own: int, alignment: Alignment) -> bool:
    """Whether the old version had, besides the annotated words, words that match the
    chosen place as well, between the same anchors: the chosen place may be theirs
    (the annotated words having been deleted)."""
    old, document = alignment.old, alignment.new
    seen = _Surroundings.of(document.text, chosen.start, chosen.end)
    text = document.text[chosen.start : chosen.end]
    places = [(start, start + len(text)) for start in old.occurrences(text)]
    if chosen.similarity < 1.0:
        places += [(c.start, c.end) for c in fuzzy_candidates(quote, old, old.page_of(own), [])]
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
