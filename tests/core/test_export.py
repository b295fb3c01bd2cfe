"""Exports: an annotated copy of a PDF (opened again with PyMuPDF), notes as Markdown."""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pymupdf
import pytest

from meetingapp.core.context import AppContext
from meetingapp.core.export.annotated_pdf import (
    TEXTBOX_FILL,
    ExportError,
    ExportFailure,
    _partial_file,
    _run_in_child,
    export_annotated_pdf,
)
from meetingapp.core.export.notes import (
    DocumentNotes,
    ItemNotes,
    MeetingNotes,
    NoteLabels,
    demote_headings,
    escape_markdown,
    file_name,
    meeting_notes,
    notes_markdown,
)
from meetingapp.runtime.paths import private_umask
from meetingapp.store.annotations import (
    AnchorState,
    Annotation,
    Geometry,
    Kind,
    Rect,
    TextQuote,
    save_annotation,
)
from meetingapp.store.notes import NoteKind, save_note, set_flag

RED, GREEN, BLUE = "#ff0000", "#00a000", "#0000ff"
VERSION = 7

# Fixtures: a PDF with a normal page and two turned pages ------------------------------


def make_source(path: Path) -> Path:
    """Page 1 upright; page 2 turned a quarter with the text drawn upright in the file
    (it reads downwards on screen); page 3 turned with the text drawn turned back, so
    it reads normally on screen (a landscape scan)."""
    with pymupdf.open() as document:
        page = document.new_page()
        page.insert_text((72, 100), "Nämnden föreslås besluta att bifalla motionen", fontsize=12)
        page.insert_text((72, 140), "Ekonomiska konsekvenser saknas helt", fontsize=12)
        turned = document.new_page()
        turned.insert_text((72, 100), "Förslag till beslut på roterad sida", fontsize=12)
        turned.set_rotation(90)
        landscape = document.new_page()
        landscape.insert_text((100, 700), "Budget per verksamhet och år", fontsize=12, rotate=90)
        landscape.set_rotation(90)
        document.save(path)
    return path


def displayed_words(page: pymupdf.Page, *words: str) -> Rect:
    """The box of ``words`` on the page as displayed (as the render worker reports it)."""
    boxes = [pymupdf.Rect(w[:4]) for w in page.get_text("words") if w[4] in words]
    assert boxes, words
    box = boxes[0]
    for other in boxes[1:]:
        box |= other
    shown = box * page.rotation_matrix
    return (shown.x0, shown.y0, shown.x1, shown.y1)


def mark(
    kind: Kind, page: int, geometry: Geometry, colour: str, comment: str = "", quote: str = ""
) -> Annotation:
    return Annotation.new(
        "file-1",
        VERSION,
        kind,
        page,
        geometry,
        colour=colour,
        quote=TextQuote(quote),
        comment=comment,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("export")


@pytest.fixture(scope="module")
def source(folder: Path) -> Path:
    return make_source(folder / "source.pdf")


@pytest.fixture(scope="module")
def marks(source: Path) -> dict[str, Annotation]:
    with pymupdf.open(source) as document:
        upright, turned, landscape = document[0], document[1], document[2]
        return {
            "highlight": mark(
                Kind.HIGHLIGHT,
                0,
                Geometry(rects=(displayed_words(upright, "bifalla", "motionen"),)),
                "#ffd400",
                "Stöd detta",
                "bifalla motionen",
            ),
            "underline": mark(
                Kind.UNDERLINE,
                0,
                Geometry(rects=(displayed_words(upright, "Ekonomiska"),)),
                GREEN,
                quote="Ekonomiska",
            ),
            "strikeout": mark(
                Kind.STRIKEOUT,
                0,
                Geometry(rects=(displayed_words(upright, "saknas"),)),
                RED,
                "Stämmer inte",
                "saknas",
            ),
            "ink": mark(
                Kind.INK,
                0,
                Geometry(strokes=(((100.0, 300.0), (200.0, 350.0), (300.0, 300.0)),), width=2.5),
                BLUE,
            ),
            "note": mark(
                Kind.NOTE, 0, Geometry(rects=((400.0, 400.0, 400.0, 400.0),)), RED, "Fråga KD"
            ),
            "textbox": mark(
                Kind.TEXTBOX,
                0,
                Geometry(rects=((100.0, 500.0, 300.0, 540.0),), width=14),
                BLUE,
                "Yrka återremiss",
            ),
            "turned highlight": mark(
                Kind.HIGHLIGHT,
                1,
                Geometry(rects=(displayed_words(turned, "roterad"),)),
                GREEN,
                quote="roterad",
            ),
            "turned underline": mark(
                Kind.UNDERLINE,
                1,
                Geometry(rects=(displayed_words(turned, "beslut"),)),
                RED,
                quote="beslut",
            ),
            "turned ink": mark(
                Kind.INK, 1, Geometry(strokes=(((100.0, 100.0), (300.0, 120.0)),), width=3), RED
            ),
            "turned textbox": mark(
                Kind.TEXTBOX,
                1,
                Geometry(rects=((300.0, 300.0, 500.0, 340.0),), width=12),
                RED,
                "På tvären",
            ),
            "turned note": mark(
                Kind.NOTE, 1, Geometry(rects=((150.0, 200.0, 150.0, 200.0),)), BLUE, "Vänd"
            ),
            "landscape highlight": mark(
                Kind.HIGHLIGHT,
                2,
                Geometry(rects=(displayed_words(landscape, "verksamhet"),)),
                RED,
                quote="verksamhet",
            ),
        }


@pytest.fixture(scope="module")
def source_bytes(source: Path) -> bytes:
    return source.read_bytes()


@pytest.fixture(scope="module")
def exported(
    folder: Path, source: Path, source_bytes: bytes, marks: dict[str, Annotation]
) -> Iterator[Path]:
    target = folder / "med anteckningar.pdf"
    report = export_annotated_pdf(source, list(marks.values()), target, version_id=VERSION)
    assert report.written == len(marks)
    assert report.skipped == 0
    yield target


def colour(hex_colour: str) -> list[float]:
    return [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]


def close_to(a: float, b: float, tolerance: float = 0.6) -> bool:
    return abs(a - b) <= tolerance


# The annotated copy ---------------------------------------------------------------------


def test_every_kind_becomes_the_matching_pdf_annotation(exported: Path) -> None:
    with pymupdf.open(exported) as document:
        found = [
            (page.number, annot.type[1], annot.info["content"], annot.info["title"])
            for page in document
            for annot in page.annots()
        ]
    assert sorted(found) == sorted(
        [
            (0, "Highlight", "Stöd detta", "Mötespärm"),
            (0, "Underline", "", "Mötespärm"),
            (0, "StrikeOut", "Stämmer inte", "Mötespärm"),
            (0, "Ink", "", "Mötespärm"),
            (0, "Text", "Fråga KD", "Mötespärm"),
            (0, "FreeText", "Yrka återremiss", "Mötespärm"),
            (1, "Highlight", "", "Mötespärm"),
            (1, "Underline", "", "Mötespärm"),
            (1, "Ink", "", "Mötespärm"),
            (1, "FreeText", "På tvären", "Mötespärm"),
            (1, "Text", "Vänd", "Mötespärm"),
            (2, "Highlight", "", "Mötespärm"),
        ]
    )


def test_colours_are_the_users(exported: Path, marks: dict[str, Annotation]) -> None:
    expected = {
        (a.page, a.kind.value, a.comment): colour(a.colour)
        for a in marks.values()
        if a.kind is not Kind.TEXTBOX
    }
    kinds = {"Highlight": "highlight", "Underline": "underline", "StrikeOut": "strikeout"}
    kinds |= {"Ink": "ink", "Text": "note"}
    with pymupdf.open(exported) as document:
        for page in document:
            for annot in page.annots():
                if annot.type[1] == "FreeText":
                    continue
                key = (page.number, kinds[annot.type[1]], annot.info["content"])
                stroke = annot.colors["stroke"]
                assert stroke == pytest.approx(expected.pop(key), abs=0.01), key
    assert expected == {}


def test_a_text_box_has_the_users_text_colour_and_font_size_on_paper_yellow(
    exported: Path,
) -> None:
    with pymupdf.open(exported) as document:
        boxes = [
            (page.number, annot, document.xref_get_key(annot.xref, "DA")[1])
            for page in document
            for annot in page.annots(types=[pymupdf.PDF_ANNOT_FREE_TEXT])
        ]
        appearance = [
            (number, re.fullmatch(r"([\d. ]+) rg /Helv ([\d.]+) Tf", da)) for number, _, da in boxes
        ]
        assert [
            (number, [float(v) for v in m.group(1).split()], float(m.group(2)))
            for number, m in appearance
            if m is not None
        ] == [(0, [0.0, 0.0, 1.0], 14.0), (1, [1.0, 0.0, 0.0], 12.0)]
        for _number, annot, _da in boxes:
            assert annot.colors["stroke"] == pytest.approx(TEXTBOX_FILL, abs=0.01)
            assert document.xref_get_key(annot.xref, "CL") == ("null", "null")


def test_text_marks_cover_the_marked_words_on_every_page(
    exported: Path, marks: dict[str, Annotation]
) -> None:
    text_marks = [
        m for m in marks.values() if m.kind.value in ("highlight", "underline", "strikeout")
    ]
    with pymupdf.open(exported) as document:
        for expected in text_marks:
            page = document[expected.page]
            kind = {"highlight": 8, "underline": 9, "strikeout": 11}[expected.kind.value]
            candidates = [
                a for a in page.annots(types=[kind]) if a.info["content"] == expected.comment
            ]
            assert len(candidates) == 1
            annot = candidates[0]
            assert expected.quote.exact in " ".join(page.get_textbox(annot.rect).split())
            quad = pymupdf.Quad(annot.vertices[:4])
            words = [w for w in page.get_text("words") if w[4] in expected.quote.exact.split()]
            for word in words:  # the quad covers each marked word
                assert pymupdf.Rect(word[:4]) in quad.rect + pymupdf.Rect(-1, -1, 1, 1)


def text_direction(page: pymupdf.Page, word: str) -> tuple[float, float]:
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", ()):
            if any(word in span["text"] for span in line["spans"]):
                return (round(line["dir"][0]), round(line["dir"][1]))
    raise AssertionError(word)


@pytest.mark.parametrize(
    ("page_number", "word"), [(0, "bifalla"), (1, "beslut"), (2, "verksamhet")]
)
def test_quads_run_along_the_text_so_underlines_lie_under_it(
    exported: Path, page_number: int, word: str
) -> None:
    with pymupdf.open(exported) as document:
        page = document[page_number]
        direction = text_direction(page, word)
        annot = next(a for a in page.annots(types=[8, 9, 11]) if word in page.get_textbox(a.rect))
        upper_left, upper_right = (pymupdf.Point(p) for p in annot.vertices[:2])
        along = upper_right - upper_left
        assert (round(along.x / abs(along)), round(along.y / abs(along))) == direction


def test_ink_notes_and_text_boxes_sit_where_they_are_shown(
    exported: Path, marks: dict[str, Annotation]
) -> None:
    with pymupdf.open(exported) as document:
        for number in (0, 1):
            page = document[number]
            turn = page.rotation_matrix
            ink = next(page.annots(types=[pymupdf.PDF_ANNOT_INK]))
            expected_ink = next(
                m for m in marks.values() if m.kind is Kind.INK and m.page == number
            )
            shown = [tuple(pymupdf.Point(p) * turn) for p in ink.vertices[0]]
            assert shown == [pytest.approx(p, abs=0.01) for p in expected_ink.geometry.strokes[0]]
            assert ink.border["width"] == expected_ink.geometry.width
            box = next(page.annots(types=[pymupdf.PDF_ANNOT_FREE_TEXT]))
            expected_box = next(
                m for m in marks.values() if m.kind is Kind.TEXTBOX and m.page == number
            )
            assert tuple(box.rect * turn) == pytest.approx(expected_box.geometry.rects[0], abs=0.6)
            assert max(box.rotation, 0) == page.rotation  # the text reads upright on screen
            note = next(page.annots(types=[pymupdf.PDF_ANNOT_TEXT]))
            expected_note = next(
                m for m in marks.values() if m.kind is Kind.NOTE and m.page == number
            )
            point = pymupdf.Point(expected_note.geometry.rects[0][:2]) * page.derotation_matrix
            corners = [note.rect.tl, note.rect.tr, note.rect.bl, note.rect.br]
            assert min(abs(corner - point) for corner in corners) < 0.6


def test_the_source_is_untouched_and_the_copy_keeps_its_bytes(
    source: Path, source_bytes: bytes, exported: Path
) -> None:
    assert source.read_bytes() == source_bytes  # the export wrote nothing into it
    assert exported.read_bytes().startswith(source_bytes)  # appended: signatures stay valid
    assert [p.name for p in exported.parent.iterdir() if p.name.endswith(".partial")] == []


def test_annotations_of_another_version_are_skipped_and_counted(
    folder: Path, source: Path, marks: dict[str, Annotation]
) -> None:
    placed = marks["highlight"]
    review = placed.edited(state=AnchorState.REVIEW, comment="gammal")
    older = placed.edited(version_id=VERSION - 1, comment="äldre")
    off_page = placed.edited(page=9, comment="borta")
    target = folder / "skipped.pdf"
    report = export_annotated_pdf(
        source, [placed, review, older, off_page], target, version_id=VERSION
    )
    assert (report.written, report.skipped_review, report.skipped_off_page) == (1, 2, 1)
    assert report.skipped == 3
    with pymupdf.open(target) as document:
        assert [a.info["content"] for a in document[0].annots()] == ["Stöd detta"]


def test_without_a_version_only_annotations_waiting_for_review_are_skipped(
    folder: Path, source: Path, marks: dict[str, Annotation]
) -> None:
    review = marks["note"].edited(state=AnchorState.REVIEW)
    report = export_annotated_pdf(source, [marks["note"], review], folder / "any.pdf")
    assert (report.written, report.skipped_review) == (1, 1)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_copy_saved_by_the_program_gets_the_users_usual_mode(
    folder: Path, source: Path, marks: dict[str, Annotation]
) -> None:
    """The program runs under a private umask (its data folder's); a copy the user
    saves to a folder of their choosing is made as any other program would make it."""
    previous = os.umask(0o022)
    try:
        with private_umask():
            target = folder / "till kollegorna.pdf"
            export_annotated_pdf(source, [marks["note"]], target)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_broken_source_fails_cleanly(folder: Path, marks: dict[str, Annotation]) -> None:
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    before = broken.read_bytes()
    target = folder / "broken out.pdf"
    target.write_bytes(b"the user's earlier copy")
    with pytest.raises(ExportError) as raised:
        export_annotated_pdf(broken, list(marks.values()), target)
    assert raised.value.reason is ExportFailure.BROKEN
    assert "cannot be read" in str(raised.value)
    assert broken.read_bytes() == before
    assert target.read_bytes() == b"the user's earlier copy"  # replaced only by a whole copy
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]


def test_a_password_protected_source_is_refused(folder: Path, marks: dict[str, Annotation]) -> None:
    locked = folder / "locked.pdf"
    with pymupdf.open() as document:
        document.new_page().insert_text((72, 72), "Sekretess", fontsize=12)
        document.save(
            locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemligt", owner_pw="ägare"
        )
    target = folder / "locked out.pdf"
    with pytest.raises(ExportError) as raised:
        export_annotated_pdf(locked, [marks["note"]], target)
    assert raised.value.reason is ExportFailure.ENCRYPTED
    assert not target.exists()


def test_a_missing_source_and_a_target_that_is_the_source_are_refused(
    folder: Path, source: Path
) -> None:
    with pytest.raises(ExportError) as missing:
        export_annotated_pdf(folder / "nowhere.pdf", [], folder / "x.pdf")
    assert missing.value.reason is ExportFailure.NOT_FOUND
    with pytest.raises(ExportError) as same:
        export_annotated_pdf(source, [], source)
    assert same.value.reason is ExportFailure.SAME_FILE


def test_a_target_folder_that_cannot_be_written_is_reported(
    tmp_path: Path, source: Path, marks: dict[str, Annotation]
) -> None:
    with pytest.raises(ExportError) as raised:
        export_annotated_pdf(source, [marks["note"]], tmp_path / "no such folder" / "out.pdf")
    assert raised.value.reason is ExportFailure.NOT_WRITABLE


def test_a_full_disk_is_reported_as_such_and_leaves_no_partial_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as raised, _partial_file(tmp_path / ".out.partial") as partial:
        partial.write_bytes(b"half a copy")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert raised.value.reason is ExportFailure.DISK_FULL
    assert list(tmp_path.iterdir()) == []


def test_an_image_is_exported_as_a_pdf_page_with_the_annotations(
    folder: Path, marks: dict[str, Annotation]
) -> None:
    image = folder / "ritning"  # blobs have no extension: the format is passed
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 300, 200), False)
    pixmap.set_rect(pixmap.irect, (200, 220, 240))
    pixmap.save(str(image), output="png")
    target = folder / "ritning.pdf"
    ink = marks["ink"].edited(geometry=Geometry(strokes=(((10.0, 10.0), (100.0, 90.0)),), width=2))
    report = export_annotated_pdf(image, [ink], target, file_type="image/png")
    assert report.written == 1
    with pymupdf.open(target) as document:
        assert document.is_pdf
        assert [a.type[1] for a in document[0].annots()] == ["Ink"]


def test_plain_text_is_not_offered_as_a_pdf(folder: Path) -> None:
    text = folder / "protokoll.txt"
    text.write_text("Protokoll", encoding="utf-8")
    with pytest.raises(ExportError) as raised:
        export_annotated_pdf(text, [], folder / "t.pdf", file_type="txt")
    assert raised.value.reason is ExportFailure.NOT_A_PDF


def test_a_child_that_hangs_is_stopped_and_one_that_dies_is_reported() -> None:
    started = time.monotonic()
    with pytest.raises(ExportError) as hung:
        _run_in_child(time.sleep, (30,), timeout=1.0)
    assert hung.value.reason is ExportFailure.TIMED_OUT
    assert time.monotonic() - started < 15
    with pytest.raises(ExportError) as died:
        _run_in_child(os._exit, (3,), timeout=30)
    assert died.value.reason is ExportFailure.CRASHED


# Notes as Markdown -----------------------------------------------------------------------

STOCKHOLM = timezone(timedelta(hours=2))


def text_mark(kind: Kind, page: int, top: float, quote: str, comment: str = "") -> Annotation:
    return mark(kind, page, Geometry(rects=((72.0, top, 200.0, top + 12),)), RED, comment, quote)


def sample_notes() -> MeetingNotes:
    budget_documents = (
        DocumentNotes(
            "Tjänsteskrivelse Budget 2027",
            (
                text_mark(Kind.STRIKEOUT, 3, 300, "höjd taxa", "Nej"),
                text_mark(Kind.HIGHLIGHT, 0, 500, "Nämnden föreslås *besluta*", "Bra"),
                text_mark(Kind.UNDERLINE, 0, 100, "1. Ekonomi"),
                mark(Kind.INK, 1, Geometry(strokes=(((1.0, 2.0), (3.0, 4.0)),)), BLUE),
                mark(
                    Kind.NOTE,
                    2,
                    Geometry(rects=((50.0, 50.0, 50.0, 50.0),)),
                    RED,
                    "Fråga om\nkostnaden",
                    "investeringar",
                ),
                mark(Kind.TEXTBOX, 2, Geometry(rects=((10, 90, 90, 120),), width=11), RED, "Yrka"),
                text_mark(Kind.HIGHLIGHT, 5, 80, "gammal lydelse", "Kolla").edited(
                    state=AnchorState.REVIEW
                ),
            ),
        ),
    )
    return MeetingNotes(
        name="Kommunstyrelsen 2026-10-06",
        committee="Kommunstyrelsen",
        start=datetime(2026, 10, 6, 9, 0, tzinfo=STOCKHOLM),
        location="Stadshuset, sessionssalen",
        note="# Inför mötet\n\nLäs allt.",
        documents=(
            DocumentNotes("Kallelse", (text_mark(Kind.HIGHLIGHT, 0, 90, "Förhinder", "Anmäl"),)),
        ),
        items=(
            ItemNotes("1", "Val av justerare"),
            ItemNotes(
                "2",
                "Budget 2027",
                flagged=True,
                note="## Frågor\n\n- Kostnad?",
                paper_note="Ärendet återkommer i KF.",
                documents=budget_documents,
            ),
            ItemNotes("3", "Anmälningsärenden", flagged=True),
            ItemNotes(
                "4", "Personalärende", public=False, confidential="OSL 39 kap. 3 §", note="Tyst."
            ),
        ),
    )


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def test_notes_follow_the_agenda_with_stars_notes_and_documents() -> None:
    markdown = notes_markdown(sample_notes())
    assert headings(markdown) == [
        "# Mina anteckningar: Kommunstyrelsen 2026-10-06",
        "## Om sammanträdet",
        "### Inför mötet",
        "## Sammanträdets handlingar",
        "### Kallelse",
        "## 2. Budget 2027 ★",
        "#### Frågor",
        "### Om ärendet",
        "### Tjänsteskrivelse Budget 2027",
        "#### Behöver granskas",
        "## 3. Anmälningsärenden ★",
        "## 4. Personalärende",
    ]
    assert "Val av justerare" not in markdown  # nothing of the user's on it
    assert "**Tid:** tisdag 6 oktober 2026 kl. 09.00" in markdown
    assert "**Plats:** Stadshuset, sessionssalen" in markdown
    assert "*OSL 39 kap. 3 §*" in markdown
    assert "- Kostnad?" in markdown and "Ärendet återkommer i KF." in markdown


def test_annotations_are_listed_in_page_order_with_kind_quote_and_comment() -> None:
    markdown = notes_markdown(sample_notes())
    document = markdown.split("### Tjänsteskrivelse Budget 2027")[1]
    placed, review = document.split("#### Behöver granskas")
    items = [line for line in placed.splitlines() if line.startswith("- ")]
    assert [item.removeprefix("- **").removesuffix("**") for item in items] == [
        "s. 1 · Understrykning",
        "s. 1 · Överstrykning",
        "s. 2 · Frihand",
        "s. 3 · Kommentar",
        "s. 3 · Textruta",
        "s. 4 · Genomstrykning",
    ]
    assert "*”Nämnden föreslås \\*besluta\\*”*\n\n  Bra\n\n" in placed
    assert "Vid: *”investeringar”*\n\n  Fråga om\n\n  kostnaden" in placed
    assert "- **s. 6 · Överstrykning**\n\n  *”gammal lydelse”*\n\n  Kolla" in review
    assert "gammal lydelse" not in placed


def test_labels_make_the_notes_english() -> None:
    english = NoteLabels(
        title="My notes",
        committee="Committee",
        time="Time",
        place="Place",
        meeting_note="About the meeting",
        meeting_documents="The meeting's documents",
        paper_note="About the case",
        page="p. {0}",
        review="Needs review",
        kinds={kind: kind.value.capitalize() for kind in Kind},
        when=lambda moment: moment.strftime("%d %B %Y %H:%M"),
    )
    markdown = notes_markdown(sample_notes(), english)
    assert "# My notes: Kommunstyrelsen 2026-10-06" in markdown
    assert "**Time:** 06 October 2026 09:00" in markdown
    assert "- **p. 4 · Strikeout**" in markdown
    assert "#### Needs review" in markdown
    assert not {"Överstrykning", "Behöver granskas", "Tid:", "Om ärendet"} & set(
        re.findall(r"[\wÅÄÖåäö: ]+", markdown)
    )


def test_a_meeting_with_nothing_says_so() -> None:
    markdown = notes_markdown(MeetingNotes("Kommunstyrelsen", items=(ItemNotes("1", "Val"),)))
    assert headings(markdown) == ["# Mina anteckningar: Kommunstyrelsen"]
    assert "Inga anteckningar till det här sammanträdet." in markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. Budget", "1\\. Budget"),
        ("12) Punkt", "12\\) Punkt"),
        ("- inte en lista", "\\- inte en lista"),
        ("> inte ett citat", "\\> inte ett citat"),
        ("=====", "\\====="),
        ("# rubrik", "\\# rubrik"),
        ("*fet* _kursiv_ `kod`", "\\*fet\\* \\_kursiv\\_ \\`kod\\`"),
        ("[länk](http://x) ![bild](y)", "\\[länk\\](http://x) \\!\\[bild\\](y)"),
        ("<b>html</b> &amp;", "\\<b\\>html\\</b\\> \\&amp;"),
        ("a | b", "a \\| b"),
        ("rad ett\nrad två  \n", "rad ett rad två"),
        ("Vanlig text, 3.5 mnkr – ”citat”", "Vanlig text, 3.5 mnkr – ”citat”"),
    ],
)
def test_text_from_documents_is_escaped(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_hostile_titles_and_quotes_do_not_change_the_layout() -> None:
    notes = MeetingNotes(
        "Möte <script>",
        items=(
            ItemNotes(
                "1",
                "# Inte en rubrik *",
                note="Egen",
                documents=(DocumentNotes("1. Bilaga", (text_mark(Kind.HIGHLIGHT, 0, 1, "## x"),)),),
            ),
        ),
    )
    markdown = notes_markdown(notes)
    assert headings(markdown) == [
        "# Mina anteckningar: Möte \\<script\\>",
        "## 1. \\# Inte en rubrik \\*",
        "### 1\\. Bilaga",
    ]
    assert "*”\\#\\# x”*" in markdown


def test_headings_of_the_users_notes_move_down_but_code_and_rules_stay() -> None:
    note = "# Ett\n\nText\n\nTvå\nrader\n---\n\n```\n# kod\n```\n\n---\n\n###### Sex\n\nTre\n==="
    assert demote_headings(note, 2).split("\n") == [
        "### Ett",
        "",
        "Text",
        "",
        "#### Två rader",
        "",
        "```",
        "# kod",
        "```",
        "",
        "---",
        "",
        "###### Sex",
        "",
        "### Tre",
    ]


def test_the_file_name_names_the_meeting_without_forbidden_characters() -> None:
    notes = MeetingNotes("KS 2026/10: extra")
    assert file_name(notes) == "Mina anteckningar – KS 2026 10 extra"


# Gathered from the store --------------------------------------------------------------


def test_notes_of_a_synced_meeting_gather_notes_stars_and_annotations(
    synced_context: AppContext,
) -> None:
    library = synced_context.library
    meeting = next(m for m in library.meetings() if len(library.agenda(m.id)) > 3)
    agenda = library.agenda(meeting.id)
    item = next(e for e in agenda if e.paper is not None and library.item_documents(e))
    document = library.item_documents(item)[0]
    kallelse = library.meeting_documents(meeting.id)[0]
    with synced_context.store.db.write() as db:
        save_note(db, meeting.id, NoteKind.MEETING, "Ta med laddaren.")
        save_note(db, item.id, NoteKind.AGENDA_ITEM, "# Yrkande\n\nBifall.")
        assert item.paper is not None
        save_note(db, item.paper.id, NoteKind.PAPER, "Dnr att minnas.")
        set_flag(db, item.id, True)
        save_annotation(
            db,
            text_mark(Kind.HIGHLIGHT, 1, 10, "viktigt").edited(
                file_id=document.file_id, comment="Se här"
            ),
        )
        save_annotation(
            db, text_mark(Kind.UNDERLINE, 0, 10, "tid").edited(file_id=kallelse.file_id)
        )
    notes = meeting_notes(library, meeting.id)
    assert notes is not None
    assert (notes.name, notes.start, notes.location) == (
        meeting.name,
        meeting.start,
        meeting.location,
    )
    assert notes.committee
    assert notes.note == "Ta med laddaren."
    assert [d.name for d in notes.documents] == [kallelse.name]
    gathered = next(i for i in notes.items if i.name == item.name)
    assert gathered.flagged and gathered.note.startswith("# Yrkande")
    assert gathered.paper_note == "Dnr att minnas."
    assert [(d.name, [a.comment for a in d.annotations]) for d in gathered.documents] == [
        (document.name, ["Se här"])
    ]
    assert [i.name for i in notes.items] == [e.name for e in agenda]
    markdown = notes_markdown(notes)
    assert f"## {item.number}. {escape_markdown(item.name)} ★" in markdown
    assert "### Yrkande" in markdown and "- **s. 2 · Överstrykning**" in markdown
    assert meeting_notes(library, "no such meeting") is None


def test_pymupdf_stays_out_of_the_calling_process(folder: Path, source: Path) -> None:
    """The GUI process calls the export; only the child it starts loads PyMuPDF."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from meetingapp.core.export.annotated_pdf import export_annotated_pdf\n"
        "import meetingapp.core.export.notes\n"
        "if __name__ == '__main__':\n"
        "    report = export_annotated_pdf(Path(sys.argv[1]), [], Path(sys.argv[2]))\n"
        "    assert report.written == 0 and Path(sys.argv[2]).is_file()\n"
        "    assert 'pymupdf' not in sys.modules and 'fitz' not in sys.modules\n"
    )
    entry = folder / "caller.py"
    entry.write_text(script, encoding="utf-8")
    finished = subprocess.run(
        [sys.executable, str(entry), str(source), str(folder / "caller.pdf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr


def test_a_damaged_document_mupdf_can_repair_is_saved_in_full(
    folder: Path, source_bytes: bytes, marks: dict[str, Annotation]
) -> None:
    damaged = folder / "damaged.pdf"
    damaged.write_bytes(source_bytes[: source_bytes.rindex(b"xref")])  # no cross-reference table
    target = folder / "repaired.pdf"
    report = export_annotated_pdf(damaged, [marks["highlight"]], target)
    assert report.written == 1
    assert damaged.read_bytes() == source_bytes[: source_bytes.rindex(b"xref")]
    assert not target.read_bytes().startswith(damaged.read_bytes())  # not appended to
    with pymupdf.open(target) as document:
        assert not document.is_repaired
        assert [a.info["content"] for a in document[0].annots()] == ["Stöd detta"]
