"""A page's text as annotations see it: its words joined by single spaces.

A text annotation covers a run of words. It remembers the run as a quote (the
exact words, some text before and after) and as a position (characters into the
page's text), so that it can be found again on a new version of the document
whatever the new version's layout.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from meetingapp.store.annotations import Rect, TextQuote

CONTEXT_CHARACTERS: Final = 32
"""How much text before and after the quote is kept to tell repeated phrases apart."""


class WordLike(Protocol):
    """A word with its box, as the render worker reports it (``render.Word``)."""

    @property
    def text(self) -> str: ...
    @property
    def rect(self) -> tuple[float, float, float, float]: ...
    @property
    def block(self) -> int: ...
    @property
    def line(self) -> int: ...


@dataclass(frozen=True, slots=True)
class PageText:
    words: tuple[WordLike, ...]
    text: str
    """The words joined by single spaces."""
    starts: tuple[int, ...]
    """Where each word starts in :attr:`text`."""

    @classmethod
    def of(cls, words: Sequence[WordLike]) -> PageText:
        starts: list[int] = []
        position = 0
        for word in words:
            starts.append(position)
            position += len(word.text) + 1
        return cls(tuple(words), " ".join(word.text for word in words), tuple(starts))

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The characters ``[start, end)`` of the words ``first`` to ``last``."""
        return self.starts[first], self.starts[last] + len(self.words[last].text)

    def quote(self, first: int, last: int, context: int = CONTEXT_CHARACTERS) -> TextQuote:
        """The quote and position of the words ``first`` to ``last`` (inclusive)."""
        start, end = self.span(first, last)
        prefix = self.text[max(0, start - context) : start].lstrip()
        suffix = self.text[end : end + context].rstrip()
        return TextQuote(self.text[start:end], prefix, suffix, start)

    def words_in(self, start: int, end: int) -> tuple[int, int] | None:
        """The first and last word touching the characters ``[start, end)``."""
        if not self.words or end <= start:
            return None
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_left(self.starts, end) - 1
        first = max(first, 0)
        if first < len(self.words) and start >= self.span(first, first)[1]:
            first += 1  # the run starts in the space after a word
        if last < first:
            return None
        return first, last

    def line_rects(self, first: int, last: int) -> tuple[Rect, ...]:
        """One box per line of the words ``first`` to ``last``: what a mark covers."""
        rects: list[Rect] = []
        current: tuple[int, int] | None = None
        for word in self.words[first : last + 1]:
            x0, y0, x1, y1 = word.rect
            line = (word.block, word.line)
            if line == current and rects:
                a0, b0, a1, b1 = rects[-1]
                rects[-1] = (min(a0, x0), min(b0, y0), max(a1, x1), max(b1, y1))
            else:
                rects.append((x0, y0, x1, y1))
                current = line
        return tuple(rects)

    def words_near(self, area: Rect, count: int = 8) -> tuple[int, int] | None:
        """A run of about ``count`` words at or nearest to ``area``: the nearby text
        that ink, a note or a text box is anchored by."""
        if not self.words:
            return None
        cx, cy = (area[0] + area[2]) / 2, (area[1] + area[3]) / 2
        nearest = min(range(len(self.words)), key=lambda i: _distance(self.words[i].rect, cx, cy))
        first = max(0, nearest - count // 2)
        last = min(len(self.words) - 1, first + count - 1)
        return first, last


def _distance(rect: Rect, x: float, y: float) -> float:
    dx = max(rect[0] - x, 0.0, x - rect[2])
    dy = max(rect[1] - y, 0.0, y - rect[3])
    return dx * dx + dy * dy
