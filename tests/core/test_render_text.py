"""Text through the render worker: search, words with their boxes, reflowed text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from meetingapp.core.render import (
    MAX_QUERY_LENGTH,
    MAX_SEARCH_HITS,
    PasswordRequiredError,
    RenderError,
    RenderWorker,
    SearchHit,
    Word,
)
from tests.core.test_render import make_encrypted_pdf, make_image_pdf


def make_swedish_pdf(path: Path) -> Path:
    """Three pages where the same Swedish words appear in different cases."""
    lines = [
        ["Förslag till ÅTGÄRDSPLAN för äldreomsorgen", "Översyn av budgeten"],
        ["Ingen träff på den här sidan"],
        ["Nämnden godkänner åtgärdsplan och Åtgärdsplan", "ÖVERSYN AV BUDGETEN begärs"],
    ]
    with pymupdf.open() as document:
        for page_lines in lines:
            page = document.new_page()
            for number, line in enumerate(page_lines):
                page.insert_text((72, 72 + 30 * number), line, fontsize=12)
        document.save(path)
    return path


def make_wrapped_pdf(path: Path) -> Path:
    """A phrase broken over two lines, and a page turned a quarter."""
    with pymupdf.open() as document:
        page = document.new_page()
        page.insert_text(
            (72, 72), "Kommunstyrelsen föreslår ett nytt\nförslag till budget", fontsize=12
        )
        turned = document.new_page()
        turned.insert_text((72, 72), "Bilaga roterad", fontsize=20)
        turned.set_rotation(90)
        document.save(path)
    return path


def make_many_hits_pdf(path: Path) -> Path:
    """Three pages with 4,500 one-letter words each: more hits than the cap."""
    line = " ".join(["e"] * 90)
    with pymupdf.open() as document:
        for _ in range(3):
            document.new_page(width=1200, height=900).insert_text(
                (20, 20), "\n".join([line] * 50), fontsize=6
            )
        document.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("render-text")


@pytest.fixture(scope="module")
def worker() -> Iterator[RenderWorker]:
    with RenderWorker(timeout=20) as shared:
        yield shared


@pytest.fixture(scope="module")
def swedish(folder: Path) -> Path:
    return make_swedish_pdf(folder / "swedish.pdf")


@pytest.fixture(scope="module")
def wrapped(folder: Path) -> Path:
    return make_wrapped_pdf(folder / "wrapped.pdf")


def hit_texts(worker: RenderWorker, path: Path, hits: list[SearchHit]) -> list[str]:
    """The words under each hit's first box, read back with page_words."""
    texts = []
    for hit in hits:
        words = worker.page_words(path, hit.page)
        texts.append(" ".join(w.text for w in words if overlaps(w.rect, hit.rects[0])))
    return texts


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- Search ------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["åtgärdsplan", "ÅTGÄRDSPLAN", "Åtgärdsplan", "ÅtGäRdSpLaN"])
def test_search_ignores_case_of_swedish_letters(
    worker: RenderWorker, swedish: Path, query: str
) -> None:
    hits = worker.search(swedish, query)

    assert [hit.page for hit in hits] == [0, 2, 2]
    assert hit_texts(worker, swedish, hits) == ["ÅTGÄRDSPLAN", "åtgärdsplan", "Åtgärdsplan"]


def test_search_finds_a_phrase_with_any_white_space(worker: RenderWorker, swedish: Path) -> None:
    hits = worker.search(swedish, "  översyn   av budgeten ")

    assert [hit.page for hit in hits] == [0, 2]
    assert all(len(hit.quads) == 1 for hit in hits)


def test_hits_are_in_page_points_and_plain_tuples(worker: RenderWorker, swedish: Path) -> None:
    (hit,) = worker.search(swedish, "äldreomsorgen")
    (word,) = [w for w in worker.page_words(swedish, 0) if w.text == "äldreomsorgen"]

    assert hit.rects == (pytest.approx(word.rect),)
    (quad,) = hit.quads
    assert all(type(value) is float for point in quad for value in point)
    upper_left, _upper_right, _lower_left, lower_right = quad
    assert (upper_left[0], upper_left[1], lower_right[0], lower_right[1]) == pytest.approx(
        hit.rects[0]
    )


def test_a_phrase_over_a_line_break_is_one_hit_with_a_quad_per_line(
    worker: RenderWorker, wrapped: Path
) -> None:
    (hit,) = worker.search(wrapped, "nytt förslag")

    assert hit.page == 0
    assert len(hit.quads) == len(hit.rects) == 2
    assert hit.rects[0][1] < hit.rects[1][1]  # the second part is on the line below


def test_hits_on_a_rotated_page_are_where_the_rendered_text_is(
    worker: RenderWorker, wrapped: Path
) -> None:
    (hit,) = worker.search(wrapped, "roterad")
    x0, y0, x1, y1 = hit.rects[0]
    page = worker.render_page(wrapped, 1, 1.0)

    assert (page.width, page.height) == (842, 595)
    assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
    assert y1 - y0 > x1 - x0  # the text runs downwards on the turned page
    box = [
        page.samples[y * page.stride + 3 * x]
        for y in range(int(y0), int(y1))
        for x in range(int(x0), int(x1))
    ]
    assert min(box) < 100  # dark ink inside the box


def test_search_limited_to_some_pages(worker: RenderWorker, swedish: Path) -> None:
    hits = worker.search(swedish, "åtgärdsplan", pages=[2, 1, 2, 40])

    assert [hit.page for hit in hits] == [2, 2]


def test_search_without_hits_blank_or_too_long(worker: RenderWorker, swedish: Path) -> None:
    assert worker.search(swedish, "kommunalskatt") == []
    assert worker.search(swedish, "   ") == []
    with pytest.raises(RenderError, match="longer than"):
        worker.search(swedish, "x" * (MAX_QUERY_LENGTH + 1))


def test_search_stops_at_the_hit_cap(worker: RenderWorker, folder: Path) -> None:
    path = make_many_hits_pdf(folder / "many.pdf")

    hits = worker.search(path, "e")

    assert len(hits) == MAX_SEARCH_HITS
    pages = [hit.page for hit in hits]
    assert pages == sorted(pages)
    assert pages[-1] == 2


def test_search_a_page_without_text_and_a_protected_document(
    worker: RenderWorker, folder: Path
) -> None:
    assert worker.search(make_image_pdf(folder / "image.pdf"), "budget") == []
    with pytest.raises(PasswordRequiredError):
        worker.search(make_encrypted_pdf(folder / "locked.pdf"), "sekretess")


# --- Words and text -----------------------------------------------------------------


def test_page_words_with_boxes_and_line_numbers(worker: RenderWorker, swedish: Path) -> None:
    words = worker.page_words(swedish, 0)

    assert [w.text for w in words] == [
        *["Förslag", "till", "ÅTGÄRDSPLAN", "för", "äldreomsorgen"],
        *["Översyn", "av", "budgeten"],
    ]
    first_line = {(w.block, w.line) for w in words[:5]}
    second_line = {(w.block, w.line) for w in words[5:]}
    assert len(first_line) == len(second_line) == 1
    assert first_line != second_line
    assert [w.word for w in words[:5]] == [0, 1, 2, 3, 4]
    assert all(w.rect[0] < w.rect[2] and w.rect[1] < w.rect[3] for w in words)
    assert words[0].rect[0] == pytest.approx(72, abs=1)
    assert isinstance(words[0], Word)


def test_page_words_on_a_rotated_page_are_in_displayed_coordinates(
    worker: RenderWorker, wrapped: Path
) -> None:
    words = worker.page_words(wrapped, 1)

    assert [w.text for w in words] == ["Bilaga", "roterad"]
    for word in words:
        x0, y0, x1, y1 = word.rect
        assert 0 <= x0 < x1 <= 842 and 0 <= y0 < y1 <= 595


def test_page_text_and_words_of_an_empty_page(worker: RenderWorker, folder: Path) -> None:
    path = make_image_pdf(folder / "image.pdf")

    assert worker.page_words(path, 0) == []
    assert worker.page_text(path, 0) == ""


def test_document_text_in_reading_order(worker: RenderWorker, folder: Path) -> None:
    path = folder / "order.pdf"
    with pymupdf.open() as document:
        page = document.new_page()
        page.insert_text((72, 700), "Nederst på sidan")  # written first, read last
        page.insert_text((72, 72), "Överst på sidan")
        document.new_page().insert_text((72, 72), "Sida två")
        document.save(path)

    texts = worker.document_text(path)

    assert len(texts) == 2
    assert texts[0].index("Överst") < texts[0].index("Nederst")
    assert texts[1].strip() == "Sida två"


def test_document_text_of_a_protected_document(worker: RenderWorker, folder: Path) -> None:
    with pytest.raises(PasswordRequiredError):
        worker.document_text(make_encrypted_pdf(folder / "locked.pdf"))
