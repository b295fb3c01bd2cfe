"""Annotations carried to a new version of their document, end to end: real PDFs in
the blob store, their words read in a real render worker, the results in SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from meetingapp.core.annotations.reanchor import reanchor_annotations
from meetingapp.core.annotations.text import PageText
from meetingapp.core.render import Word
from meetingapp.store import Store
from meetingapp.store.annotations import (
    AnchorState,
    Annotation,
    Geometry,
    Kind,
    annotations_of_file,
    save_annotation,
)
from meetingapp.store.local import record_file_version
from meetingapp.store.objects import save_file
from tests.store_keys import TEST_KEYS

FILE_ID = "https://oparl.example/file/1"
LINES = [
    "Kommunstyrelsen föreslås besluta att anta budgeten för år 2027.",
    "Socialnämnden har yttrat sig över förslaget i sin helhet.",
    "Kostnaderna för äldreomsorgen ökar med fyra procent.",
    "Ärendet har beretts av ekonomiavdelningen under hösten.",
]


def pdf(lines: list[str]) -> bytes:
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    for number, line in enumerate(lines):
        page.insert_text((72, 100 + 24 * number), line, fontsize=11)
    data = document.tobytes()
    document.close()
    return bytes(data)


def words_of(data: bytes) -> list[Word]:
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return [
            Word(text, (x0, y0, x1, y1), block, line, number)
            for x0, y0, x1, y1, text, block, line, number in document[0].get_text("words")
        ]


def add_version(store: Store, data: bytes) -> int:
    sha = store.blobs.put_bytes(data)
    with store.db.write() as db:
        return record_file_version(db, FILE_ID, sha, len(data), None)


def mark(version: int, data: bytes, phrase: str, kind: Kind = Kind.HIGHLIGHT) -> Annotation:
    text = PageText.of(words_of(data))
    start = text.text.index(phrase)
    run = text.words_in(start, start + len(phrase))
    assert run is not None
    return Annotation.new(
        FILE_ID,
        version,
        kind,
        0,
        Geometry(rects=text.line_rects(*run)),
        colour="#ffd400",
        quote=text.quote(*run),
        comment=f"om {phrase}",
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "data", TEST_KEYS)
    with opened.db.write() as db:
        save_file(
            db,
            {
                "id": FILE_ID,
                "type": "https://schema.oparl.org/1.1/File",
                "fileName": "tjansteskrivelse.pdf",
                "mimeType": "application/pdf",
            },
        )
    yield opened
    opened.close()


def test_annotations_follow_their_text_to_the_new_version(store: Store) -> None:
    old = pdf(LINES)
    first = add_version(store, old)
    kept = mark(first, old, "Kommunstyrelsen föreslås besluta")
    moved = mark(first, old, "ökar med fyra procent", Kind.UNDERLINE)
    lost = mark(first, old, "beretts av ekonomiavdelningen")
    with store.db.write() as db:
        for annotation in (kept, moved, lost):
            save_annotation(db, annotation)
    new = pdf([LINES[0], "Barn- och utbildningsnämnden har också yttrat sig.", *LINES[1:3]])
    second = add_version(store, new)

    report = reanchor_annotations(store)

    assert report.files == [FILE_ID]
    assert (report.kept, report.moved, report.review) == (1, 1, 1)
    after = {a.uid: a for a in annotations_of_file(store.db.read(), FILE_ID)}
    assert after[kept.uid].version_id == second and after[kept.uid].state is AnchorState.PLACED
    carried = after[moved.uid]
    assert carried.version_id == second and carried.state is AnchorState.MOVED
    assert carried.previous_version_id == first and carried.previous_page == 0
    assert carried.geometry.rects[0][1] > moved.geometry.rects[0][1] + 20  # a line lower
    assert carried.comment == moved.comment
    review = after[lost.uid]
    assert review.state is AnchorState.REVIEW
    assert review.version_id == first and review.geometry == lost.geometry  # kept as it was
    assert review.checked_version_id == second

    assert reanchor_annotations(store).files == [], "each version is tried once"


def test_a_new_version_the_worker_cannot_read_leaves_the_annotations_alone(
    store: Store,
) -> None:
    old = pdf(LINES)
    first = add_version(store, old)
    annotation = mark(first, old, "Socialnämnden har yttrat sig")
    with store.db.write() as db:
        save_annotation(db, annotation)
    add_version(store, b"%PDF-1.7\nnot really a PDF")

    report = reanchor_annotations(store)

    assert report.failed_files == 1 and report.files == []
    assert annotations_of_file(store.db.read(), FILE_ID) == [annotation]


def test_a_removed_document_keeps_its_annotations(store: Store) -> None:
    old = pdf(LINES)
    first = add_version(store, old)
    annotation = mark(first, old, "Socialnämnden har yttrat sig")
    with store.db.write() as db:
        save_annotation(db, annotation)
        db.execute("DELETE FROM file WHERE id = ?", (FILE_ID,))
    assert reanchor_annotations(store).files == []
    assert annotations_of_file(store.db.read(), FILE_ID) == [annotation]
