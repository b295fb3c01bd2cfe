"""A version's pages as one indexed text, and how an old version's text lines up
with a new one's (the word-pair anchors of a patience diff)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import Final

from meetingapp.core.annotations.text import PageText

__all__ = ["SEED_LIMIT", "Alignment", "DocumentText"]

SEED_LIMIT: Final = 64
"""Word pairs that occur more often than this are not used to find fuzzy matches."""


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
