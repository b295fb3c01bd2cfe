"""A generated corpus of revised documents whose answers are known, for re-anchoring.

Every document is Swedish municipal prose (:mod:`meetingapp.demo.prose`, with
boilerplate sentences and section titles that recur) laid out here, word by word,
on A4 pages, in a first version and a revised second one. The revision is a list
of edit operations, and every word keeps an identity, its *slot*, through them: a
changed word keeps its slot, an inserted word gets a new one, a deleted word is
gone. So for each annotation made on the first version the generator knows where
its words stand on the second one (:func:`expected_of`).

The revisions: words changed (numbers, other words), inserted and deleted;
sentences and paragraphs inserted and deleted; a whole section deleted (pages
removed); a blank page or a page of new text inserted; and the text reflowed (the
second version may have another font size and other margins, so lines and pages
break elsewhere). Inserted words never open like the words they push on nor close
like those before them (:func:`fresh`), and deleted words never close like the
words before them nor open like those after them (:func:`deletable`; a deletion
that would is not made): otherwise two edits give the same text, and the known
answer would be an arbitrary one of the two.

The words of both versions are read back from the PDF files with PyMuPDF exactly
as the render worker reads them (``render.text.page_words``) and checked against the
layout, so the slots belong to the words the re-anchoring sees. Generation is
deterministic: one seeded random generator per document.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final

from rapidfuzz.distance import Levenshtein

from meetingapp.core.annotations.anchoring import Placement
from meetingapp.core.annotations.text import PageText
from meetingapp.core.render import Word
from meetingapp.core.render.text import page_words
from meetingapp.demo.prose import THEMES, Prose
from meetingapp.store.annotations import (
    TEXT_KINDS,
    AnchorState,
    Annotation,
    Geometry,
    Kind,
    Rect,
    Stroke,
    union,
)

PAGE_WIDTH: Final = 595.0
PAGE_HEIGHT: Final = 842.0

BOILERPLATE: Final = (
    "Ärendet har beretts i samråd med berörda förvaltningar.",
    "Beslutet skickas till kommunstyrelsen för kännedom.",
    "Förvaltningen bedömer att förslaget ryms inom befintlig budget.",
    "Nämnden föreslås besluta att godkänna redovisningen och lägga den till handlingarna.",
    "Se bilaga för en fullständig sammanställning av underlaget.",
)
"""Sentences that recur, in several paragraphs of one document."""

SECTION_TITLES: Final = (
    "Bakgrund",
    "Ärendebeskrivning",
    "Bedömning",
    "Ekonomiska konsekvenser",
    "Förslag till beslut",
    "Uppföljning",
)
INSERTED_WORDS: Final = ("även", "dock", "särskilt", "ytterligare", "bland annat", "fortsatt")

TRUTH_FUZZY: Final = 0.15
"""A run whose words changed by at most this share of characters (normalized
Levenshtein distance) is to be placed."""
TRUTH_EITHER: Final = 0.35
"""Up to this share, placing it at its words or asking for review are both right;
beyond it, the annotation should be reviewed."""
AMBIGUITY: Final = 0.1
"""Another occurrence whose text before and after are each within this similarity
(normalized Levenshtein) of the right place's makes the words ambiguous."""
OVERLAP: Final = 0.8
"""A changed run is placed right when it shares this share of its words with the
expected run, both ways."""
INK_TOLERANCE: Final = 1.5
"""Points by which placed ink may differ from where its words moved it."""
NOTE_SLACK: Final = 2.0
"""Points a note may end up farther from its words than it was."""


@dataclass(frozen=True)
class Style:
    """How a version is laid out: font size, line spacing and margins, in points."""

    size: float
    leading: float
    left: float
    right: float
    top: float = 72.0
    bottom: float = 72.0

    @property
    def heading_size(self) -> float:
        return self.size + 3


STYLES: Final = (
    Style(10, 13, 72, 72),
    Style(11, 14.5, 72, 72),
    Style(9.5, 12.5, 60, 60),
    Style(10, 13.5, 90, 80, top=80, bottom=90),
)


@dataclass(frozen=True)
class Token:
    text: str
    slot: int
    """The word's identity across the versions."""
    boilerplate: bool = False


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph; ``page_break`` starts it on a new page."""

    tokens: tuple[Token, ...]
    heading: bool = False
    page_break: bool = False


@dataclass(frozen=True)
class Version:
    path: Path
    words: tuple[tuple[Word, ...], ...]
    """Per page, the words as the render worker reads them."""
    slots: tuple[tuple[int, ...], ...]
    """Per page, each word's slot."""
    boilerplate: frozenset[int] = frozenset()

    def pages(self) -> list[PageText]:
        return [PageText.of(words) for words in self.words]


class Truth(StrEnum):
    EXACT = "exact"
    """The same words, to be placed exactly at (page, first, last) of the new version."""
    FUZZY = "fuzzy"
    """Changed a little: to be placed on the run, overlapping it by :data:`OVERLAP`."""
    EITHER = "either"
    """Changed more: placed on the run or reviewed; never placed elsewhere."""
    AMBIGUOUS = "ambiguous"
    """The same words, but the new version has them elsewhere too with context as
    similar to the kept one (:data:`AMBIGUITY`): nothing in the text tells the places
    apart, so placed there or reviewed are both right; never placed elsewhere."""
    REVIEW = "review"
    """Deleted, split by a page break, or changed too much: to be reviewed."""


@dataclass(frozen=True)
class Expected:
    truth: Truth
    reason: str
    page: int = -1
    first: int = -1
    last: int = -1
    anchor: Rect | None = None
    """Ink and notes: the box of their words on the new version."""

    @property
    def placeable(self) -> bool:
        return self.truth in (Truth.EXACT, Truth.FUZZY)


@dataclass(frozen=True)
class Case:
    annotation: Annotation
    expected: Expected


@dataclass(frozen=True)
class RevisedDocument:
    name: str
    v1: Version
    v2: Version
    cases: tuple[Case, ...]
    edits: tuple[str, ...] = field(default=())
    """What the revision did, for reading failures."""


Reanchor = Callable[
    [Sequence[Annotation], Sequence[PageText], Sequence[PageText] | None], list[Placement]
]


class Verdict(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    REVIEW = "review"


def revision_corpus(
    folder: Path, count: int = 50, *, max_pages: int = 30, seed: int = 2025
) -> list[RevisedDocument]:
    """``count`` documents of 2 to ``max_pages`` pages, written to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    span = max_pages - 1
    return [
        revised_document(folder, f"doc{n:03d}", seed * 1000 + n, 2 + (n * 7) % span)
        for n in range(count)
    ]


def revised_document(
    folder: Path, name: str, seed: int, pages: int, *, annotations_per_page: int = 4
) -> RevisedDocument:
    """One document of about ``pages`` pages, its revision and its annotated cases."""
    rng = random.Random(seed)
    slots = _Slots()
    theme = rng.choice(sorted(THEMES))
    prose = Prose(seed, 2025)
    blocks = _first_version(rng, prose, theme, slots, pages * _words_per_page(STYLES[0]))
    style1 = STYLES[0]
    style2 = rng.choice(STYLES[1:]) if rng.random() < 0.5 else style1
    revised, edits = _revise(rng, prose, theme, slots, blocks, _words_per_page(style1))
    if style2 != style1:
        edits.append(f"reflowed to {style2}")
    v1 = write_version(folder / f"{name}-v1.pdf", blocks, style1)
    v2 = write_version(folder / f"{name}-v2.pdf", revised, style2)
    made = annotate(v1, rng, name, annotations_per_page)
    answers = Answers.of(v2)
    cases = tuple(Case(a, expected_of(a, v1, answers)) for a in made)
    return RevisedDocument(name, v1, v2, cases, tuple(edits))


class _Slots:
    """Hands out slots, and remembers the sentences used: a document says each thing
    once (its boilerplate apart), as real documents do."""

    def __init__(self) -> None:
        self.next = 0
        self.said: set[str] = set()

    def sentence(self, make: Callable[[], str]) -> str:
        for _ in range(200):
            sentence = make()
            if sentence not in self.said:
                break
        self.said.add(sentence)
        return sentence

    def tokens(self, text: str, *, boilerplate: bool = False) -> list[Token]:
        made = []
        for word in text.split():
            made.append(Token(word, self.next, boilerplate))
            self.next += 1
        return made


def _words_per_page(style: Style) -> int:
    lines = (PAGE_HEIGHT - style.top - style.bottom) / style.leading
    width = PAGE_WIDTH - style.left - style.right
    return int(lines * width / (style.size * 4.6) * 1.08)


def _first_version(
    rng: random.Random, prose: Prose, theme: str, slots: _Slots, words: int
) -> list[Block]:
    title = f"Tjänsteskrivelse om {theme} {rng.randint(2025, 2026)}"
    blocks = [Block(tuple(slots.tokens(title)), heading=True)]
    total = 0
    while total < words:
        blocks.append(Block(tuple(slots.tokens(rng.choice(SECTION_TITLES))), heading=True))
        section_theme = theme if rng.random() < 0.3 else rng.choice(sorted(THEMES))
        for _ in range(rng.randint(2, 5)):
            block = _paragraph(rng, prose, section_theme, slots)
            blocks.append(block)
            total += len(block.tokens)
    return blocks


def _paragraph(rng: random.Random, prose: Prose, theme: str, slots: _Slots) -> Block:
    """A paragraph of prose, a third of them with a recurring sentence."""
    count = rng.randint(4, 6)
    sentences = [slots.sentence(lambda: prose.sentence(theme)) for _ in range(count)]
    tokens = [slots.tokens(sentence) for sentence in sentences]
    if rng.random() < 0.35:
        where = rng.randint(0, len(tokens))
        tokens.insert(where, slots.tokens(rng.choice(BOILERPLATE), boilerplate=True))
    return Block(tuple(token for sentence in tokens for token in sentence))


def _revise(
    rng: random.Random,
    prose: Prose,
    theme: str,
    slots: _Slots,
    blocks: Sequence[Block],
    words_per_page: int,
) -> tuple[list[Block], list[str]]:
    edits: list[str] = []
    revised = list(blocks)
    if rng.random() < 0.35:
        revised = _delete_section(rng, revised, words_per_page, edits)
    vocabulary = sorted({t.text for b in blocks for t in b.tokens if t.text.isalpha()})
    out: list[Block] = []
    for index, block in enumerate(revised):
        following = revised[index + 1].tokens if index + 1 < len(revised) else ()
        kept = out[-1].tokens if out else ()
        if not block.heading and rng.random() < 0.06 and deletable(kept, block.tokens, following):
            edits.append(f"deleted paragraph at slot {block.tokens[0].slot}")
            continue
        out.append(block if block.heading else _edit_words(rng, slots, block, vocabulary, edits))
        if not block.heading and rng.random() < 0.08:
            paragraph = fresh(
                lambda: list(_paragraph(rng, prose, theme, slots).tokens),
                out[-1].tokens,
                following,
            )
            out.append(Block(tuple(paragraph)))
            edits.append("inserted paragraph")
    if rng.random() < 0.35:
        out = _insert_page(rng, prose, theme, slots, out, words_per_page, edits)
    return out, edits


def _delete_section(
    rng: random.Random, blocks: list[Block], words_per_page: int, edits: list[str]
) -> list[Block]:
    """Delete a section (a heading and its paragraphs) of a page or more, if one is."""
    heads = [i for i, b in enumerate(blocks) if b.heading and i > 0] + [len(blocks)]
    sections = list(itertools.pairwise(heads))
    rng.shuffle(sections)
    for start, end in sections:
        deleted = [t for b in blocks[start:end] for t in b.tokens]
        following = blocks[end].tokens if end < len(blocks) else ()
        if len(deleted) >= words_per_page * 0.8 and deletable(
            blocks[start - 1].tokens, deleted, following
        ):
            edits.append(f"deleted section of blocks {start}–{end}")
            return blocks[:start] + blocks[end:]
    return blocks


def _edit_words(
    rng: random.Random, slots: _Slots, block: Block, vocabulary: Sequence[str], edits: list[str]
) -> Block:
    tokens = list(block.tokens)
    if rng.random() < 0.35:
        for _ in range(rng.randint(1, 2)):
            _edit_word(rng, slots, tokens, vocabulary, edits)
    if rng.random() < 0.05:
        ends = [i + 1 for i, t in enumerate(tokens) if t.text.endswith(".")]
        where = rng.choice([0, *ends])

        def sentence() -> list[Token]:
            prose = Prose(rng.randrange(10**6), 2025)
            theme = rng.choice(sorted(THEMES))
            return slots.tokens(slots.sentence(lambda: prose.sentence(theme)))

        tokens[where:where] = fresh(sentence, tokens[:where], tokens[where:])
        edits.append(f"inserted sentence at slot {tokens[where].slot}")
    return Block(tuple(tokens), block.heading, block.page_break)


def _edit_word(
    rng: random.Random,
    slots: _Slots,
    tokens: list[Token],
    vocabulary: Sequence[str],
    edits: list[str],
) -> None:
    where = rng.randrange(len(tokens))
    old = tokens[where]
    roll = rng.random()
    if roll < 0.7:
        tokens[where] = Token(_changed(rng, old.text, vocabulary), old.slot, old.boilerplate)
        edits.append(f"changed {old.text!r} → {tokens[where].text!r} (slot {old.slot})")
    elif roll < 0.85 and len(tokens) > 2:
        if not deletable(tokens[:where], [old], tokens[where + 1 :]):
            return
        del tokens[where]
        edits.append(f"deleted {old.text!r} (slot {old.slot})")
    else:
        tokens[where:where] = fresh(
            lambda: slots.tokens(rng.choice(INSERTED_WORDS)), tokens[:where], tokens[where:]
        )
        edits.append(f"inserted a word before slot {old.slot}")


def fresh(
    make: Callable[[], list[Token]], before: Sequence[Token], after: Sequence[Token]
) -> list[Token]:
    """Inserted words that do not open like the words they push on, nor close like
    those before them: otherwise the text would read the same at the old place
    while the words behind it are others, and the known answer would be wrong."""
    for _ in range(50):
        made = make()
        opens_alike = bool(after) and made[0].text == after[0].text
        closes_alike = bool(before) and made[-1].text == before[-1].text
        if not (opens_alike or closes_alike):
            return made
    raise AssertionError("no distinct text to insert")


def deletable(before: Sequence[Token], deleted: Sequence[Token], after: Sequence[Token]) -> bool:
    """Whether deleted words neither close like the words before them nor open like
    those after them (the counterpart of :func:`fresh`): otherwise the text would
    read the same as if those others had been deleted and these kept ("… året
    innan. X … året innan. Y" less the second paragraph reads as less the end of the
    first), and the known answer for words across the cut would be an arbitrary one
    of the two."""
    closes_alike = bool(before) and before[-1].text == deleted[-1].text
    opens_alike = bool(after) and after[0].text == deleted[0].text
    return not (closes_alike or opens_alike)


def _changed(rng: random.Random, text: str, vocabulary: Sequence[str]) -> str:
    """Another number, or another word of the document."""
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if digits:
        i = rng.choice(digits)
        return text[:i] + str((int(text[i]) + rng.randint(1, 8)) % 10) + text[i + 1 :]
    while True:
        word = rng.choice(vocabulary)
        if word != text:
            return word


def _insert_page(
    rng: random.Random,
    prose: Prose,
    theme: str,
    slots: _Slots,
    blocks: list[Block],
    words_per_page: int,
    edits: list[str],
) -> list[Block]:
    """A blank page, or a page of new text, between two blocks."""
    where = rng.randrange(1, len(blocks) + 1)
    if rng.random() < 0.4:
        inserted = [Block((), page_break=True)]
        edits.append(f"inserted a blank page before block {where}")
    else:
        inserted = [Block(tuple(slots.tokens("Bilaga")), heading=True, page_break=True)]
        words = 0
        while words < words_per_page * 0.6:
            inserted.append(_paragraph(rng, prose, theme, slots))
            words += len(inserted[-1].tokens)
        edits.append(f"inserted a page of text before block {where}")
    after = blocks[where:]
    if after:
        first = after[0]
        after[0] = Block(first.tokens, first.heading, page_break=True)
    return blocks[:where] + inserted + after


# Layout and PDF


@dataclass(frozen=True)
class _Line:
    tokens: tuple[Token, ...]
    x: float
    baseline: float
    size: float
    bold: bool
    block: int
    leading: float


class _Fonts:
    def __init__(self) -> None:
        import pymupdf

        self.regular = pymupdf.Font("helv")
        self.bold = pymupdf.Font("hebo")
        self._widths: dict[tuple[str, float, bool], float] = {}

    def width(self, text: str, size: float, bold: bool) -> float:
        key = (text, size, bold)
        if key not in self._widths:
            font = self.bold if bold else self.regular
            self._widths[key] = float(font.text_length(text, fontsize=size))
        return self._widths[key]


def layout(blocks: Sequence[Block], style: Style, fonts: _Fonts) -> list[list[_Line]]:
    """Greedy line breaking, block by block; a page ends where the next line does
    not fit."""
    pages: list[list[_Line]] = [[]]
    y = style.top
    width = PAGE_WIDTH - style.left - style.right
    for index, block in enumerate(blocks):
        if block.page_break and (index > 0):
            pages.append([])
            y = style.top
        size = style.heading_size if block.heading else style.size
        leading = style.leading * size / style.size
        for line in _break_lines(block.tokens, size, block.heading, width, fonts):
            if y + leading > PAGE_HEIGHT - style.bottom:
                pages.append([])
                y = style.top
            pages[-1].append(_Line(line, style.left, y + size, size, block.heading, index, leading))
            y += leading
        y += style.leading * 0.6
    return pages


def _break_lines(
    tokens: Sequence[Token], size: float, bold: bool, width: float, fonts: _Fonts
) -> list[tuple[Token, ...]]:
    lines: list[list[Token]] = []
    used = math.inf
    space = fonts.width(" ", size, bold)
    for token in tokens:
        word = fonts.width(token.text, size, bold)
        if used + space + word > width:
            lines.append([token])
            used = word
        else:
            lines[-1].append(token)
            used += space + word
    return [tuple(line) for line in lines]


def write_version(path: Path, blocks: Sequence[Block], style: Style) -> Version:
    """Lay out, write the PDF, read its words back and check them against the layout."""
    import pymupdf

    pages = layout(blocks, style, _FONTS)
    with pymupdf.open() as document:
        for lines in pages:
            page = document.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
            shape = page.new_shape()
            for run in _runs(lines):
                first = run[0]
                shape.insert_text(
                    (first.x, first.baseline),
                    [" ".join(token.text for token in line.tokens) for line in run],
                    fontsize=first.size,
                    fontname="hebo" if first.bold else "helv",
                    lineheight=first.leading / first.size,
                )
            shape.commit()
        document.save(path, garbage=1, deflate=True)
    words = read_words(path)
    slots = []
    for number, (lines, read) in enumerate(zip(pages, words, strict=True)):
        laid = [token for line in lines for token in line.tokens]
        if [w.text for w in read] != [t.text for t in laid]:
            raise AssertionError(f"{path.name} page {number}: the words read back differ")
        slots.append(tuple(token.slot for token in laid))
    boilerplate = frozenset(t.slot for b in blocks for t in b.tokens if t.boilerplate)
    return Version(path, words, tuple(slots), boilerplate)


def _runs(lines: Sequence[_Line]) -> list[list[_Line]]:
    """The lines of one page grouped by block: each group is written in one go."""
    runs: list[list[_Line]] = []
    for line in lines:
        if runs and runs[-1][-1].block == line.block:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def read_words(path: Path) -> tuple[tuple[Word, ...], ...]:
    """Every page's words, as the render worker reads them."""
    import pymupdf

    with pymupdf.open(path) as document:
        return tuple(tuple(page_words(page)) for page in document)


_FONTS: Final = _Fonts()
"""Shared by all documents, so that each word is measured once."""


# Annotations on the first version, as the reader makes them


COLOURS: Final = {
    Kind.HIGHLIGHT: "#ffd400",
    Kind.UNDERLINE: "#2f80ed",
    Kind.STRIKEOUT: "#eb5757",
    Kind.INK: "#27ae60",
    Kind.NOTE: "#f2994a",
}


def annotate(version: Version, rng: random.Random, name: str, per_page: int) -> list[Annotation]:
    made: list[Annotation] = []
    for number, page in enumerate(version.pages()):
        if len(page.words) < 2:
            continue
        for _ in range(per_page):
            roll = rng.random()
            uid = f"{name}-{len(made)}"
            if roll < 0.15:
                made.append(ink_on(page, number, rng, uid))
            elif roll < 0.25:
                made.append(note_on(page, number, rng, uid))
            else:
                made.append(mark_on(page, number, rng, uid, version.slots[number], version))
    return made


def text_annotation(
    uid: str, page_text: PageText, page: int, first: int, last: int, kind: Kind
) -> Annotation:
    """A text mark on the words ``first`` to ``last``, as the reader makes it."""
    return Annotation(
        uid=uid,
        file_id="corpus",
        version_id=1,
        kind=kind,
        colour=COLOURS[kind],
        page=page,
        geometry=Geometry(rects=page_text.line_rects(first, last)),
        quote=page_text.quote(first, last),
    )


def anchored_annotation(
    uid: str, page_text: PageText, page: int, geometry: Geometry, kind: Kind
) -> Annotation:
    """Ink or a note anchored by the words near it, as the reader makes it."""
    run = page_text.words_near(geometry.bounds())
    assert run is not None
    anchor = union([w.rect for w in page_text.words[run[0] : run[1] + 1]])
    return Annotation(
        uid=uid,
        file_id="corpus",
        version_id=1,
        kind=kind,
        colour=COLOURS[kind],
        page=page,
        geometry=Geometry(
            rects=geometry.rects, strokes=geometry.strokes, width=geometry.width, anchor=anchor
        ),
        quote=page_text.quote(*run),
    )


def mark_on(
    page_text: PageText,
    page: int,
    rng: random.Random,
    uid: str,
    slots: Sequence[int],
    version: Version,
) -> Annotation:
    count = len(page_text.words)
    length = min(count, rng.randint(2, 20))
    boiler = [i for i, slot in enumerate(slots) if slot in version.boilerplate]
    if boiler and rng.random() < 0.2:
        first = min(rng.choice(boiler), count - length)
    else:
        first = rng.randrange(count - length + 1)
    kind = rng.choice(sorted(TEXT_KINDS))
    return text_annotation(uid, page_text, page, first, first + length - 1, kind)


def note_on(page_text: PageText, page: int, rng: random.Random, uid: str) -> Annotation:
    word = page_text.words[rng.randrange(len(page_text.words))].rect
    y = (word[1] + word[3]) / 2
    x = word[0] - 14 if rng.random() < 0.5 else word[2] + 3
    return anchored_annotation(uid, page_text, page, Geometry(rects=((x, y, x, y),)), Kind.NOTE)


def ink_on(page_text: PageText, page: int, rng: random.Random, uid: str) -> Annotation:
    """An ellipse drawn around one to three words of a line."""
    first = rng.randrange(len(page_text.words))
    line = [
        i
        for i in range(first, min(first + 3, len(page_text.words)))
        if (page_text.words[i].block, page_text.words[i].line)
        == (page_text.words[first].block, page_text.words[first].line)
    ]
    box = union([page_text.words[i].rect for i in line])
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    rx, ry = (box[2] - box[0]) / 2 + 4, (box[3] - box[1]) / 2 + 3
    stroke: Stroke = tuple(
        (cx + rx * math.cos(2 * math.pi * k / 16), cy + ry * math.sin(2 * math.pi * k / 16))
        for k in range(17)
    )
    return anchored_annotation(
        uid, page_text, page, Geometry(strokes=(stroke,), width=1.5), Kind.INK
    )


# The known answers


@dataclass(frozen=True)
class Answers:
    """The new version as the known answers need it, computed once per document."""

    version: Version
    places: dict[int, tuple[int, int]]
    """Each slot's page and word index."""
    offsets: list[int]
    whole: str

    @classmethod
    def of(cls, version: Version) -> Answers:
        offsets, whole = _whole_text(version)
        return cls(version, _slot_places(version), offsets, whole)


def expected_of(annotation: Annotation, v1: Version, answers: Answers) -> Expected:
    """Where the annotation's words are on the new version, from their slots."""
    page_text = PageText.of(v1.words[annotation.page])
    quote = annotation.quote
    assert quote.start is not None
    run = page_text.words_in(quote.start, quote.start + len(quote.exact))
    assert run is not None
    wanted = v1.slots[annotation.page][run[0] : run[1] + 1]
    v2 = answers.version
    where = answers.places
    found = [where[slot] for slot in wanted if slot in where]
    if not found:
        return Expected(Truth.REVIEW, "its words were deleted")
    if len({page for page, _ in found}) > 1:
        return Expected(Truth.REVIEW, "its words are split by a page break")
    page = found[0][0]
    first, last = min(i for _, i in found), max(i for _, i in found)
    new_text = PageText.of(v2.words[page])
    start, end = new_text.span(first, last)
    distance = Levenshtein.normalized_distance(quote.exact, new_text.text[start:end])
    anchor = union([w.rect for w in v2.words[page][first : last + 1]])
    if annotation.kind is Kind.INK and not _same_size(anchor, annotation):
        return Expected(Truth.REVIEW, "its words were reflowed around the ink")
    if distance == 0 and _ambiguous(annotation, answers, page, start):
        truth, reason = Truth.AMBIGUOUS, "the same words with as similar context elsewhere"
    elif distance == 0:
        truth, reason = Truth.EXACT, "the same words"
    elif distance <= TRUTH_FUZZY:
        truth, reason = Truth.FUZZY, f"words changed by {distance:.2f}"
    elif distance <= TRUTH_EITHER:
        truth, reason = Truth.EITHER, f"words changed by {distance:.2f}"
    else:
        return Expected(Truth.REVIEW, f"words changed by {distance:.2f}")
    return Expected(truth, reason, page, first, last, anchor)


def _ambiguous(annotation: Annotation, answers: Answers, page: int, start: int) -> bool:
    """Whether the words occur elsewhere in the new version with context as similar
    to the kept one as at their right place."""
    quote = annotation.quote
    whole = answers.whole
    offset = answers.offsets[page] + start

    def sides(at: int) -> tuple[float, float]:
        before = whole[max(0, at - len(quote.prefix)) : at]
        after = whole[at + len(quote.exact) : at + len(quote.exact) + len(quote.suffix)]
        return (
            Levenshtein.normalized_similarity(quote.prefix, before),
            Levenshtein.normalized_similarity(quote.suffix, after),
        )

    own = sides(offset)
    at = whole.find(quote.exact)
    while at >= 0:
        if at != offset:
            other = sides(at)
            if other[0] >= own[0] - AMBIGUITY and other[1] >= own[1] - AMBIGUITY:
                return True
        at = whole.find(quote.exact, at + 1)
    return False


def _whole_text(version: Version) -> tuple[list[int], str]:
    """The version's pages joined by spaces, and where each page starts in it."""
    texts = [page.text for page in version.pages()]
    offsets = [0]
    for text in texts[:-1]:
        offsets.append(offsets[-1] + len(text) + 1)
    return offsets, " ".join(texts)


def _slot_places(version: Version) -> dict[int, tuple[int, int]]:
    return {
        slot: (page, index)
        for page, slots in enumerate(version.slots)
        for index, slot in enumerate(slots)
    }


def _same_size(anchor: Rect, annotation: Annotation) -> bool:
    old = annotation.geometry.anchor
    assert old is not None
    return (
        abs((anchor[2] - anchor[0]) - (old[2] - old[0])) <= INK_TOLERANCE
        and abs((anchor[3] - anchor[1]) - (old[3] - old[1])) <= INK_TOLERANCE
    )


def verdict(case: Case, placement: Placement, v2: Sequence[PageText]) -> Verdict:
    """Whether a placement is at the right place.

    Right: on the expected page, on the expected words — exactly the expected run
    for unchanged words, and for changed ones a run that shares at least
    :data:`OVERLAP` of its words with the expected run, both ways. Ink must also be
    where its words moved it (within :data:`INK_TOLERANCE`), a note no farther from
    its words than it was (plus :data:`NOTE_SLACK`). Any placement of an annotation
    that should be reviewed is wrong.
    """
    if placement.state is AnchorState.REVIEW:
        return Verdict.REVIEW
    if _same_text_in_place(case.annotation, placement, v2):
        return Verdict.RIGHT
    expected = case.expected
    if expected.truth is Truth.REVIEW or placement.page != expected.page:
        return Verdict.WRONG
    quote = placement.quote
    assert quote.start is not None
    run = v2[placement.page].words_in(quote.start, quote.start + len(quote.exact))
    if run is None or not _run_right(run, expected):
        return Verdict.WRONG
    kind = case.annotation.kind
    if kind in TEXT_KINDS:
        return Verdict.RIGHT
    if kind is Kind.INK:
        return Verdict.RIGHT if _ink_right(case, placement) else Verdict.WRONG
    return Verdict.RIGHT if _note_right(case, placement) else Verdict.WRONG


def _same_text_in_place(
    annotation: Annotation, placement: Placement, v2: Sequence[PageText]
) -> bool:
    """Whether the placement is at the old page and offset, and the text there and
    around it (the quote's context) is what it was: the reader sees the same text
    in the same place, even if the generator's words behind it moved (an inserted
    paragraph that opens with the same words as the one it pushed down)."""
    old, new = annotation.quote, placement.quote
    return (
        placement.page == annotation.page
        and (new.exact, new.prefix, new.suffix, new.start)
        == (old.exact, old.prefix, old.suffix, old.start)
        and annotation.kind in TEXT_KINDS
    )


def _run_right(run: tuple[int, int], expected: Expected) -> bool:
    if expected.truth in (Truth.EXACT, Truth.AMBIGUOUS):
        return run == (expected.first, expected.last)
    shared = min(run[1], expected.last) - max(run[0], expected.first) + 1
    return shared >= OVERLAP * (expected.last - expected.first + 1) and shared >= OVERLAP * (
        run[1] - run[0] + 1
    )


def _ink_right(case: Case, placement: Placement) -> bool:
    old = case.annotation.geometry
    assert old.anchor is not None and case.expected.anchor is not None
    dx = case.expected.anchor[0] - old.anchor[0]
    dy = case.expected.anchor[1] - old.anchor[1]
    wanted = old.moved_by(dx, dy).strokes
    got = placement.geometry.strokes
    return len(got) == len(wanted) and all(
        len(a) == len(b)
        and all(
            abs(p[0] - q[0]) <= INK_TOLERANCE and abs(p[1] - q[1]) <= INK_TOLERANCE
            for p, q in zip(a, b, strict=True)
        )
        for a, b in zip(got, wanted, strict=True)
    )


def _note_right(case: Case, placement: Placement) -> bool:
    old = case.annotation.geometry
    assert old.anchor is not None and case.expected.anchor is not None
    before = _distance(old.bounds(), old.anchor)
    after = _distance(placement.geometry.bounds(), case.expected.anchor)
    return after <= before + NOTE_SLACK


def _distance(mark: Rect, box: Rect) -> float:
    x, y = (mark[0] + mark[2]) / 2, (mark[1] + mark[3]) / 2
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


@dataclass
class Tally:
    """Verdicts over a corpus, by what was expected."""

    placeable: int = 0
    right: int = 0
    wrong: int = 0
    review: int = 0
    either_right: int = 0
    expected_review: int = 0
    wrong_cases: list[tuple[str, Case, Placement]] = field(default_factory=list)
    missed_cases: list[tuple[str, Case, Placement]] = field(default_factory=list)

    def add(self, name: str, case: Case, placement: Placement, result: Verdict) -> None:
        if case.expected.placeable:
            self.placeable += 1
            self.right += result is Verdict.RIGHT
            if result is Verdict.REVIEW:
                self.missed_cases.append((name, case, placement))
        elif case.expected.truth in (Truth.EITHER, Truth.AMBIGUOUS):
            self.either_right += result is Verdict.RIGHT
        else:
            self.expected_review += 1
        self.review += result is Verdict.REVIEW
        if result is Verdict.WRONG:
            self.wrong += 1
            self.wrong_cases.append((name, case, placement))

    @property
    def share_right(self) -> float:
        return self.right / self.placeable if self.placeable else 1.0


def tally(
    documents: Sequence[RevisedDocument], reanchor: Reanchor, *, with_old_text: bool = True
) -> Tally:
    """Re-anchor every document's annotations with ``reanchor`` and judge them;
    ``with_old_text``: give it the first version's pages too."""
    result = Tally()
    for document in documents:
        pages = document.v2.pages()
        annotations = [case.annotation for case in document.cases]
        old = document.v1.pages() if with_old_text else None
        placements = reanchor(annotations, pages, old)
        for case, placement in zip(document.cases, placements, strict=True):
            result.add(document.name, case, placement, verdict(case, placement, pages))
    return result
