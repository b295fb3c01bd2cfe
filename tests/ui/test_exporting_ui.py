"""The export actions: notes as PDF, Markdown and print; a document with its annotations."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QLocale
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from meetingapp.core.export.annotated_pdf import ExportError, ExportFailure, ExportReport
from meetingapp.core.export.notes import DocumentNotes, ItemNotes, MeetingNotes, notes_markdown
from meetingapp.core.packet.library import Document, DocumentRole
from meetingapp.store.annotations import AnchorState, Annotation, Geometry, Kind, TextQuote
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.tasks import wait_for_background_tasks
from meetingapp.ui.writing.exporting import (
    annotated_file_name,
    export_document_with_annotations,
    export_notes_markdown,
    export_notes_pdf,
    failure_message,
    meeting_time,
    note_labels,
    print_notes,
)
from tests.store_keys import TEST_KEYS

A4 = (595.3, 841.9)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    application()
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def highlight(page: int, rect: tuple[float, float, float, float], comment: str) -> Annotation:
    return Annotation.new(
        "file-1",
        3,
        Kind.HIGHLIGHT,
        page,
        Geometry(rects=(rect,)),
        colour="#ffd400",
        quote=TextQuote("bifalla motionen"),
        comment=comment,
    )


def sample_markdown() -> str:
    mark = highlight(0, (72, 90, 200, 104), "Stöd yrkandet")
    notes = MeetingNotes(
        "Kommunstyrelsen 2026-10-06",
        committee="Kommunstyrelsen",
        note="Ta med *laddaren*.",
        items=(
            ItemNotes(
                "4",
                "Delårsrapport januari–augusti 2026",
                flagged=True,
                note="# Frågor\n\n- Varför ökar kostnaderna?",
                documents=(DocumentNotes("Tjänsteskrivelse", (mark,)),),
            ),
        ),
    )
    return notes_markdown(notes, note_labels())


def messages(parent: QWidget) -> list[str]:
    return [box.text() for box in parent.findChildren(QMessageBox)]


def page_texts(path: Path) -> list[str]:
    with pymupdf.open(path) as document:
        return [" ".join(page.get_text().split()) for page in document]


# Notes ---------------------------------------------------------------------------------


def test_notes_as_pdf_are_a4_with_the_text_laid_out(parent: QWidget, tmp_path: Path) -> None:
    target = tmp_path / "anteckningar.pdf"
    written = export_notes_pdf(parent, sample_markdown(), "Mina anteckningar – KS", path=target)
    assert written == target
    with pymupdf.open(target) as document:
        assert document.metadata is not None
        assert document.metadata["title"] == "Mina anteckningar – KS"
        assert document.metadata["creator"] == "Mötespärm"
        assert tuple(document[0].rect[2:]) == pytest.approx(A4, abs=1)
        words = document[0].get_text("words")
    text = " ".join(word[4] for word in words)
    for expected in (
        "Mina anteckningar: Kommunstyrelsen 2026-10-06",
        "Ta med laddaren.",  # emphasis rendered, not shown as asterisks
        "4. Delårsrapport januari–augusti 2026 ★",
        "Frågor",
        "Varför ökar kostnaderna?",
        "s. 1 · Överstrykning",
        "”bifalla motionen”",
        "Stöd yrkandet",
    ):
        assert expected in text
    assert "*" not in text and "#" not in text
    left = min(word[0] for word in words)
    assert 50 < left < 62  # 20 mm margin = 56.7 pt
    assert messages(parent) == []


def test_long_notes_run_over_pages(parent: QWidget, tmp_path: Path) -> None:
    markdown = "\n\n".join(f"## {n}. Ärende {n}\n\nAnteckning {n}." for n in range(1, 80))
    target = tmp_path / "lång.pdf"
    export_notes_pdf(parent, markdown, "Lång", path=target)
    texts = page_texts(target)
    assert len(texts) > 2
    assert "Anteckning 1." in texts[0] and "Anteckning 79." in texts[-1]


def test_notes_as_markdown_are_written_as_utf8(parent: QWidget, tmp_path: Path) -> None:
    markdown = sample_markdown()
    target = tmp_path / "anteckningar.md"
    assert export_notes_markdown(parent, markdown, "Mina anteckningar", path=target) == target
    assert target.read_text(encoding="utf-8") == markdown
    assert [p.name for p in tmp_path.iterdir()] == ["anteckningar.md"]


def test_a_file_that_cannot_be_written_is_said_and_not_left_half(
    parent: QWidget, tmp_path: Path
) -> None:
    target = tmp_path / "saknas" / "anteckningar.md"
    assert export_notes_markdown(parent, "text", "x", path=target) is None
    assert messages(parent) == [
        "Anteckningarna sparades inte.\n\nFilen går inte att spara där. Välj en annan plats."
    ]


def test_the_save_dialog_suggests_the_name_and_adds_the_extension(
    parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str, str]] = []

    def chooser(_parent: QWidget, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append((caption, Path(suggested).name, filters))
        return (str(tmp_path / "mina"), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", chooser)
    written = export_notes_pdf(parent, "# Rubrik", "Mina anteckningar – KS 2026-10-06")
    assert written == tmp_path / "mina.pdf"
    assert "Rubrik" in page_texts(written)[0]
    assert asked == [
        (
            "Spara anteckningarna som PDF",
            "Mina anteckningar – KS 2026-10-06.pdf",
            "PDF-dokument (*.pdf)",
        )
    ]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    assert export_notes_markdown(parent, "text", "x") is None  # cancelled: nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mina.pdf"]


def test_printing_goes_to_the_chosen_printer(parent: QWidget, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "utskrift.pdf"))
    shown: list[QPrinter] = []

    def accept(chosen: QPrinter, _parent: QWidget | None) -> bool:
        shown.append(chosen)
        return True

    assert print_notes(parent, sample_markdown(), printer=printer, choose=accept)
    assert shown == [printer]
    assert "Varför ökar kostnaderna?" in page_texts(tmp_path / "utskrift.pdf")[0]


def test_printing_cancelled_prints_nothing(parent: QWidget, tmp_path: Path) -> None:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "inte.pdf"))
    assert not print_notes(parent, "text", printer=printer, choose=lambda _p, _w: False)
    assert not (tmp_path / "inte.pdf").exists()


# The annotated copy --------------------------------------------------------------------


def make_document(path: Path, local: bool = True) -> Document:
    with pymupdf.open() as pdf:
        pdf.new_page().insert_text((72, 100), "Nämnden föreslås bifalla motionen", fontsize=12)
        pdf.save(path)
    return Document(
        file_id="file-1",
        name="Tjänsteskrivelse: motion.pdf",
        file_name="ts.pdf",
        mime_type="application/pdf",
        size=path.stat().st_size,
        role=DocumentRole.MAIN,
        confidential=None,
        local_path=path if local else None,
        version_id=3,
    )


def test_the_copy_is_named_after_the_document() -> None:
    document = Document(
        "f", "Bilaga 2/3: karta.PDF", None, None, None, DocumentRole.AUXILIARY, None, None
    )
    assert annotated_file_name(document) == "Bilaga 2 3 karta med anteckningar.pdf"


def test_a_document_is_exported_with_its_annotations(
    qtbot: QtBot, parent: QWidget, tmp_path: Path
) -> None:
    document = make_document(tmp_path / "blob")
    with pymupdf.open(tmp_path / "blob") as pdf:
        words = [w for w in pdf[0].get_text("words") if w[4] in ("bifalla", "motionen")]
    box = (words[0][0], words[0][1], words[-1][2], words[-1][3])
    annotations = [
        highlight(0, box, "Stöd yrkandet"),
        highlight(0, box, "gammal").edited(state=AnchorState.REVIEW),
    ]
    target = tmp_path / "kopia.pdf"
    reports: list[ExportReport | None] = []
    task = export_document_with_annotations(
        parent, document, annotations, blob_key=TEST_KEYS.blobs, path=target, on_done=reports.append
    )
    assert task is not None
    qtbot.waitUntil(lambda: bool(reports), timeout=30_000)
    report = reports[0]
    assert report is not None and (report.written, report.skipped_review) == (1, 1)
    with pymupdf.open(target) as pdf:
        annots = [(a.type[1], a.info["content"]) for a in pdf[0].annots()]
        assert annots == [("Highlight", "Stöd yrkandet")]
        assert "bifalla motionen" in pdf[0].get_textbox(next(pdf[0].annots()).rect)
    assert messages(parent) == [
        f"Sparade {target}.\n\n1 markering som behöver granskas sitter på en äldre "
        "version av handlingen och kom inte med."
    ]


def test_a_broken_document_is_reported_in_swedish(
    qtbot: QtBot, parent: QWidget, tmp_path: Path
) -> None:
    document = make_document(tmp_path / "blob")
    (tmp_path / "blob").write_bytes(b"%PDF-1.7 trasig")
    reports: list[ExportReport | None] = []
    target = tmp_path / "kopia.pdf"
    export_document_with_annotations(
        parent, document, [], blob_key=TEST_KEYS.blobs, path=target, on_done=reports.append
    )
    qtbot.waitUntil(lambda: bool(reports), timeout=30_000)
    assert reports == [None]
    assert not target.exists()
    assert messages(parent) == [
        "Handlingen sparades inte med anteckningar.\n\n"
        "Handlingen är skadad eller inte en PDF som går att läsa."
    ]
    box = parent.findChild(QMessageBox)
    assert box is not None and "cannot be read" in box.detailedText()


def test_a_document_not_on_this_machine_is_not_exported(
    parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = make_document(tmp_path / "blob", local=False)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", pytest.fail)  # not even asked
    assert export_document_with_annotations(parent, document, [], blob_key=TEST_KEYS.blobs) is None
    assert wait_for_background_tasks()
    assert messages(parent) == ["Handlingen finns inte på datorn. Hämta den och försök igen."]


@pytest.mark.parametrize(
    ("reason", "says"),
    [
        (ExportFailure.ENCRYPTED, "lösenord"),
        (ExportFailure.DISK_FULL, "Disken är full"),
        (ExportFailure.NOT_WRITABLE, "annan plats"),
        (ExportFailure.TIMED_OUT, "för lång tid"),
    ],
)
def test_each_failure_has_its_own_explanation(reason: ExportFailure, says: str) -> None:
    application()
    assert says in failure_message(ExportError(reason, "in English for the log"))


def test_the_meeting_time_is_written_in_the_users_language() -> None:
    application()
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    try:
        written = meeting_time(datetime(2026, 10, 6, 9, 0, tzinfo=timezone(timedelta(hours=2))))
    finally:
        QLocale.setDefault(previous)
    assert re.fullmatch(r"tisdag 6 oktober 2026 kl\. 09[:.]00", written), written
