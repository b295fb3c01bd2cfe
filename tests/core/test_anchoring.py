"""Re-anchoring annotations on a new version of their document.

The unit tests lay words out on pages by hand (no PDF needed); the corpus test
runs the whole revision corpus (:mod:`tests.revision_corpus`), real PDFs made and
read with PyMuPDF, and judges every placement against the known answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from meetingapp.core.annotations.anchoring import Method, Placement, reanchor
from meetingapp.core.annotations.document_text import Alignment, DocumentText
from meetingapp.core.annotations.text import PageText
from meetingapp.core.render import Word
from meetingapp.demo.prose import Prose
from meetingapp.store.annotations import AnchorState, Annotation, Geometry, Kind
from tests.revision_corpus import (
    RevisedDocument,
    Token,
    anchored_annotation,
    deletable,
    revision_corpus,
    tally,
    text_annotation,
)

WORDS_PER_LINE = 12
LINES_PER_PAGE = 40


def lay_out(
    paragraphs: Sequence[str], *, per_line: int = WORDS_PER_LINE, lines: int = LINES_PER_PAGE
) -> list[PageText]:
    """Paragraphs in lines of ``per_line`` words, ``lines`` lines a page; an empty
    paragraph string starts a new page."""
    pages: list[list[Word]] = [[]]
    line = 0
    for block, paragraph in enumerate(paragraphs):
        if not paragraph:
            pages.append([])
            line = 0
            continue
        words = paragraph.split()
        for start in range(0, len(words), per_line):
            if line >= lines:
                pages.append([])
                line = 0
            y = 60.0 + 14 * line
            for number, text in enumerate(words[start : start + per_line]):
                x = 60.0 + 40 * number
                pages[-1].append(Word(text, (x, y, x + 36, y + 11), block, line, number))
            line += 1
    return [PageText.of(words) for words in pages]


def paragraphs(seed: int, count: int) -> list[str]:
    prose = Prose(seed, 2025)
    themes = ("skola", "omsorg", "organisation")
    return [" ".join(prose.sentence(themes[n % 3]) for _ in range(5)) for n in range(count)]


def mark(pages: Sequence[PageText], page: int, phrase: str, occurrence: int = 0) -> Annotation:
    """A highlight on the ``occurrence``-th ``phrase`` of ``page``, as the reader makes it."""
    first, last = find(pages[page], phrase, occurrence)
    return text_annotation("a", pages[page], page, first, last, Kind.HIGHLIGHT)


def find(page: PageText, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = page.text.index(phrase, start + 1)
    run = page.words_in(start, start + len(phrase))
    assert run is not None
    return run


def on_words(placement: Placement, pages: Sequence[PageText]) -> str:
    quote = placement.quote
    assert quote.start is not None
    return pages[placement.page].text[quote.start : quote.start + len(quote.exact)]


TEXT = paragraphs(7, 30)


def test_unchanged_text_keeps_its_place() -> None:
    pages = lay_out(TEXT)
    annotation = mark(pages, 1, " ".join(pages[1].text.split()[20:30]))
    [placement] = reanchor([annotation], lay_out(TEXT))
    assert placement.state is AnchorState.PLACED
    assert placement.method is Method.POSITION
    assert (placement.page, placement.geometry) == (1, annotation.geometry)
    assert placement.quote == annotation.quote


def test_inserted_paragraph_moves_the_mark() -> None:
    old = lay_out(TEXT)
    phrase = " ".join(old[0].text.split()[200:210])
    annotation = mark(old, 0, phrase)
    new = lay_out([*TEXT[:2], *paragraphs(99, 1), *TEXT[2:]])
    [placement] = reanchor([annotation], new, old)
    assert placement.state is AnchorState.MOVED
    assert placement.method is Method.QUOTE
    assert on_words(placement, new) == phrase
    assert placement.geometry.rects == new[placement.page].line_rects(*find(new[0], phrase))


def test_reflowed_text_is_found_across_a_page_break() -> None:
    old = lay_out(TEXT)
    phrase = " ".join(old[1].text.split()[300:312])
    annotation = mark(old, 1, phrase)
    new = lay_out(TEXT, per_line=9, lines=36)
    [placement] = reanchor([annotation], new, old)
    assert placement.page > 1
    assert on_words(placement, new) == phrase
    assert placement.state is AnchorState.MOVED


def test_repeated_phrase_is_told_apart_by_its_context() -> None:
    phrase = "Beslutet skickas till kommunstyrelsen för kännedom."
    text = [f"{p} {phrase}" for p in TEXT[:6]]
    old = lay_out(text)
    annotation = mark(old, 0, phrase, occurrence=3)
    new = lay_out([paragraphs(5, 1)[0], *text])
    [placement] = reanchor([annotation], new, old)
    assert placement.method is Method.QUOTE
    start = placement.quote.start
    assert start is not None and start == new[0].text.index(annotation.quote.prefix) + len(
        annotation.quote.prefix
    )


def test_ambiguous_short_phrase_is_not_guessed() -> None:
    filler = "Ärendet har beretts i samråd med berörda förvaltningar och att det"
    text = [f"{filler} för att {filler}" for _ in range(6)]
    old = lay_out(text)
    annotation = mark(old, 0, "för att", occurrence=2)
    new = lay_out(["Inledning till ärendet.", *text])
    [placement] = reanchor([annotation], new, old)
    assert placement.state is AnchorState.REVIEW
    assert (placement.page, placement.geometry) == (annotation.page, annotation.geometry)
    [alone] = reanchor([annotation], new)
    assert alone.state is AnchorState.REVIEW


def test_deleted_text_goes_to_review() -> None:
    old = lay_out(TEXT)
    words = old[0].text.split()
    annotation = mark(old, 0, " ".join(words[130:140]))
    paragraph = next(n for n, p in enumerate(TEXT) if " ".join(words[130:140]) in p)
    new = lay_out(TEXT[:paragraph] + TEXT[paragraph + 1 :])
    [placement] = reanchor([annotation], new, old)
    assert placement.state is AnchorState.REVIEW
    assert placement.method is Method.NONE
    assert placement.quote == annotation.quote


def test_a_changed_word_is_placed_by_a_fuzzy_match() -> None:
    old = lay_out(TEXT)
    words = old[0].text.split()
    phrase = " ".join(words[100:114])
    changed = " ".join([*words[100:106], "förändrade", *words[107:114]])
    annotation = mark(old, 0, phrase)
    new = lay_out([p.replace(phrase, changed) for p in TEXT])
    [placement] = reanchor([annotation], new, old)
    assert placement.method is Method.FUZZY
    assert placement.state is AnchorState.MOVED
    assert on_words(placement, new) == changed


def test_ink_and_notes_move_with_their_words() -> None:
    old = lay_out(TEXT)
    first, last = 150, 151
    box = old[0].line_rects(first, last)[0]
    ring = (
        (box[0] - 4, box[1] - 3),
        (box[2] + 4, box[1] - 3),
        (box[2] + 4, box[3] + 3),
        (box[0] - 4, box[3] + 3),
    )
    ink = anchored_annotation("ink", old[0], 0, Geometry(strokes=(ring,), width=1.5), Kind.INK)
    point = (box[0] - 14, box[1] + 5)
    note = anchored_annotation("note", old[0], 0, Geometry(rects=(point * 2,)), Kind.NOTE)
    new = lay_out([*paragraphs(11, 1), *TEXT])  # everything moves down and over
    moved_ink, moved_note = reanchor([ink, note], new, old)
    assert moved_ink.state is moved_note.state is AnchorState.MOVED
    assert ink.geometry.anchor is not None and moved_ink.geometry.anchor is not None
    dx = moved_ink.geometry.anchor[0] - ink.geometry.anchor[0]
    dy = moved_ink.geometry.anchor[1] - ink.geometry.anchor[1]
    assert (dx, dy) != (0, 0)
    assert moved_ink.geometry == ink.geometry.moved_by(dx, dy)
    assert moved_note.geometry.rects == note.geometry.moved_by(dx, dy).rects
    reflowed = reanchor([ink, note], lay_out(TEXT, per_line=5), old)
    assert reflowed[0].state is AnchorState.REVIEW  # the ring would not fit the words
    assert reflowed[1].state is AnchorState.MOVED  # the note follows them


def test_pages_inserted_and_removed() -> None:
    old = lay_out(TEXT)
    phrase = " ".join(old[2].text.split()[40:50])
    annotation = mark(old, 2, phrase)
    first_page = len(old[0].text.split()) // WORDS_PER_LINE
    with_blank = lay_out(["", *TEXT])
    removed = lay_out(TEXT[first_page // 3 :])
    for new, page in ((with_blank, 3), (removed, None)):
        [placement] = reanchor([annotation], new, old)
        assert on_words(placement, new) == phrase
        assert page is None or placement.page == page
    [placement] = reanchor([annotation], removed, old)
    assert placement.page < 2


def test_a_quote_split_by_a_new_page_break_goes_to_review() -> None:
    old = lay_out(TEXT)
    last_lines = [
        w.text for w in old[0].words if w.line in (LINES_PER_PAGE - 2, LINES_PER_PAGE - 1)
    ]
    phrase = " ".join(last_lines[len(last_lines) // 2 - 4 : len(last_lines) // 2 + 4])
    annotation = mark(old, 0, phrase)
    new = lay_out(TEXT, lines=LINES_PER_PAGE - 1)  # the page now breaks inside it
    assert all(phrase not in page.text for page in new)
    [placement] = reanchor([annotation], new, old)
    assert placement.state is AnchorState.REVIEW


def test_deleted_words_with_a_twin_elsewhere_go_to_review_given_the_old_text() -> None:
    twin = "Nämnden föreslås besluta att godkänna redovisningen och lägga den till handlingarna."
    text = [*TEXT[:3], twin, *TEXT[3:20], twin, *TEXT[20:]]
    old = lay_out(text)
    annotation = mark(old, 0, twin)
    new = lay_out([*TEXT[:3], *TEXT[3:20], twin, *TEXT[20:]])
    [placement] = reanchor([annotation], new, old)
    assert placement.state is AnchorState.REVIEW


def test_the_alignment_pins_old_text_between_the_same_anchors() -> None:
    old_pages = lay_out(TEXT)
    inserted = paragraphs(99, 1)[0]
    new_pages = lay_out([*TEXT[:4], inserted, *TEXT[4:]])
    old, new = DocumentText(old_pages), DocumentText(new_pages)
    phrase = " ".join(TEXT[6].split()[10:20])
    own = old.text.index(phrase)
    low, high, predicted = Alignment(old, new).interval(own, own + len(phrase))
    there = new.text.index(phrase)
    assert low <= there < there + len(phrase) <= high
    assert predicted == there  # nothing changed between the anchors around it
    assert high - low < 10 * len(phrase)
    assert new.text.index(inserted) + len(inserted) < low  # the new paragraph is not there


def test_the_old_text_tells_apart_what_the_kept_context_cannot() -> None:
    """The same sentence in the same 32 characters of context in every paragraph:
    only the paragraphs around tell the occurrences apart."""
    tail = (
        "Det krävs att resurserna används där de gör störst nytta. "
        "Beslutet skickas till kommunstyrelsen för kännedom. "
        "Det krävs att medarbetarna ges förutsättningar att utveckla sitt arbete."
    )
    text = [f"{p} {tail}" for p in TEXT[:8]]
    old = lay_out(text)
    phrase = "Beslutet skickas till kommunstyrelsen för kännedom."
    annotation = mark(old, 0, phrase, occurrence=3)
    new_text = [paragraphs(5, 1)[0], *text[:2], paragraphs(6, 1)[0], *text[2:]]
    new = lay_out(new_text)
    [placement] = reanchor([annotation], new, old)
    assert placement.method is Method.QUOTE
    before = DocumentText(new).text[: DocumentText(new).offsets[placement.page]]
    assert placement.quote.start is not None
    assert (before + new[placement.page].text[: placement.quote.start]).count(phrase) == 3
    [alone] = reanchor([annotation], new)
    assert alone.state is AnchorState.REVIEW  # the kept context alone is a tie


def test_changed_words_are_bounded_as_the_diff_of_their_surroundings_says() -> None:
    old = lay_out(TEXT)
    words = old[0].text.split()
    phrase = " ".join(words[100:114])
    annotation = mark(old, 0, phrase)
    changed = " ".join([*words[100:113], "förändrade"])  # the last word changed
    pushed = f"{changed} {words[114]}"
    new = lay_out(
        [p.replace(f"{phrase} {words[114]}", f"{changed} dessutom {words[114]}") for p in TEXT]
    )
    assert pushed not in " ".join(page.text for page in new)
    [placement] = reanchor([annotation], new, old)
    assert placement.method is Method.FUZZY
    assert on_words(placement, new) == changed  # the changed word in, the inserted one out


def test_words_deleted_next_to_their_twin_are_not_guessed() -> None:
    """Two paragraphs ending with the same sentence, the second deleted: the text
    reads the same as if the first one's end had been deleted instead."""
    twin = "Beslutet skickas till kommunstyrelsen för kännedom."
    text = [*TEXT[:3], f"{TEXT[3]} {twin}", f"{TEXT[4]} {twin}", *TEXT[5:]]
    old = lay_out(text)
    annotation = mark(old, 0, twin, occurrence=1)
    new = lay_out([*text[:4], *text[5:]])
    [placement] = reanchor([annotation], new, old)
    assert placement.state is AnchorState.REVIEW


def test_a_quote_that_is_not_the_old_text_goes_to_review() -> None:
    old = lay_out(TEXT)
    annotation = mark(old, 1, " ".join(old[1].text.split()[20:30]))
    other = lay_out(paragraphs(3, 30))
    new = lay_out([paragraphs(4, 1)[0], *TEXT])
    [placement] = reanchor([annotation], new, other)
    assert placement.state is AnchorState.REVIEW


def test_the_corpus_deletes_nothing_that_reads_like_its_neighbours() -> None:
    def tokens(text: str) -> list[Token]:
        return [Token(word, n) for n, word in enumerate(text.split())]

    assert deletable(tokens("året innan."), tokens("Det var bra."), tokens("Sedan kom"))
    assert not deletable(tokens("året innan."), tokens("Det var året innan."), tokens("Sedan"))
    assert not deletable(tokens("Slut."), tokens("Sedan kom"), tokens("Sedan gick"))


def test_empty_quotes_and_documents() -> None:
    old = lay_out(TEXT)
    annotation = mark(old, 0, " ".join(old[0].text.split()[:3]))
    assert reanchor([annotation], [])[0].state is AnchorState.REVIEW
    blank = Annotation(
        uid="b",
        file_id="f",
        version_id=1,
        kind=Kind.NOTE,
        colour="#ffd400",
        page=0,
        geometry=Geometry(rects=((5, 5, 5, 5),)),
    )
    assert reanchor([blank], old)[0].state is AnchorState.REVIEW


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[RevisedDocument]:
    return revision_corpus(Path(tmp_path_factory.mktemp("revisions")), 50)


@pytest.mark.slow
def test_the_corpus_is_varied(corpus: list[RevisedDocument]) -> None:
    pages = sorted(len(document.v1.words) for document in corpus)
    assert len(corpus) >= 50 and pages[0] <= 3 and pages[-1] >= 25
    kinds = {case.annotation.kind for document in corpus for case in document.cases}
    assert kinds == {Kind.HIGHLIGHT, Kind.UNDERLINE, Kind.STRIKEOUT, Kind.INK, Kind.NOTE}
    words = {w.text for document in corpus[:3] for page in document.v1.words for w in page}
    assert {"för", "nämnden"} <= {w.casefold() for w in words}
    assert any("å" in w or "ä" in w or "ö" in w for w in words)


@pytest.mark.slow
def test_corpus_placements_are_right_or_reviewed(corpus: list[RevisedDocument]) -> None:
    """On the whole corpus, with the old text: no annotation placed at a wrong place,
    and at least 98 % of those that can be placed are placed right."""
    result = tally(corpus, reanchor)
    assert result.placeable > 1500
    assert result.wrong_cases == []
    assert result.share_right >= 0.98
