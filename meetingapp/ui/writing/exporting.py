"""Exports the main window offers: an annotated copy of a document, notes as a file or print.

Every action asks where to save with the platform's save dialog, unless the
caller passes ``path`` (tests, and a window that already knows the place). The
annotated copy is made in a child process (``export.annotated_pdf``) started
from Qt's thread pool, so the window stays responsive; a message says where the
copy went, or why there is none. Notes become a PDF through Qt's own Markdown
support (``QTextDocument.setMarkdown``) and ``QPdfWriter``; printing goes
through the platform's print dialog.
"""

from __future__ import annotations

import errno
import logging
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QDate,
    QIODevice,
    QLocale,
    QMarginsF,
    QStandardPaths,
    Qt,
    QTime,
)
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from meetingapp import APP_NAME
from meetingapp.core.export.annotated_pdf import (
    ExportError,
    ExportFailure,
    ExportReport,
    export_annotated_pdf,
)
from meetingapp.core.export.notes import NoteLabels
from meetingapp.core.packet.library import Document
from meetingapp.runtime.paths import exported_file_mode
from meetingapp.store.annotations import Annotation, Kind
from meetingapp.store.durable import atomic_write
from meetingapp.ui.shell.tasks import Task, run_in_background

_log = logging.getLogger(__name__)

PAGE_MARGIN_MM = 0.0
"""Margins of the page layout: Qt adds 2 cm around the text of a document it
paginates for printing, and the page number below it."""
FONT_POINTS = 11.0
ExportDone = Callable[[ExportReport | None], None]
"""Told when an annotated copy is written (its report) or has failed (None)."""
ChoosePrinter = Callable[[QPrinter, QWidget | None], bool]
"""Shows the print dialog for the printer; True when the user chose to print."""


def note_labels() -> NoteLabels:
    """The words of the notes export in the user's language."""
    kinds = {
        Kind.HIGHLIGHT: QCoreApplication.translate("Exporting", "Överstrykning"),
        Kind.UNDERLINE: QCoreApplication.translate("Exporting", "Understrykning"),
        Kind.STRIKEOUT: QCoreApplication.translate("Exporting", "Genomstrykning"),
        Kind.INK: QCoreApplication.translate("Exporting", "Frihand"),
        Kind.NOTE: QCoreApplication.translate("Exporting", "Kommentar"),
        Kind.TEXTBOX: QCoreApplication.translate("Exporting", "Textruta"),
    }
    return NoteLabels(
        title=QCoreApplication.translate("Exporting", "Mina anteckningar"),
        committee=QCoreApplication.translate("Exporting", "Nämnd"),
        time=QCoreApplication.translate("Exporting", "Tid"),
        place=QCoreApplication.translate("Exporting", "Plats"),
        meeting_note=QCoreApplication.translate("Exporting", "Om sammanträdet"),
        meeting_documents=QCoreApplication.translate("Exporting", "Sammanträdets handlingar"),
        paper_note=QCoreApplication.translate("Exporting", "Om ärendet"),
        item=QCoreApplication.translate("Exporting", "{number}. {name}"),
        not_public=QCoreApplication.translate("Exporting", "Ej offentligt"),
        page=QCoreApplication.translate("Exporting", "s. {0}"),
        near=QCoreApplication.translate("Exporting", "Vid: {0}"),
        review=QCoreApplication.translate("Exporting", "Behöver granskas"),
        review_explanation=QCoreApplication.translate(
            "Exporting",
            "Dessa markeringar kunde inte flyttas till den nya versionen av handlingen; "
            "sidorna avser den äldre versionen.",
        ),
        nothing=QCoreApplication.translate(
            "Exporting", "Inga anteckningar till det här sammanträdet."
        ),
        kinds=kinds,
        when=meeting_time,
    )


def meeting_time(moment: datetime) -> str:
    """The meeting's date and time in the user's language, in the meeting's time zone."""
    locale = QLocale()
    day = locale.toString(
        QDate(moment.year, moment.month, moment.day), QLocale.FormatType.LongFormat
    )
    time = locale.toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)
    return QCoreApplication.translate("Exporting", "{0} kl. {1}").format(day, time)


# Choosing where -------------------------------------------------------------------------


def safe_file_name(name: str) -> str:
    """``name`` without the characters file systems refuse."""
    cleaned = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]', " ", name).split()).strip(" .")
    return cleaned or APP_NAME


def _suggested(file_name: str) -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / file_name


def _ask_save_path(
    parent: QWidget | None, caption: str, file_name: str, filters: str
) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, caption, str(_suggested(file_name)), filters
    )
    return Path(chosen) if chosen else None


def _with_suffix(path: Path, suffix: str) -> Path:
    """A chosen name without the expected extension gets it (some platforms leave it off)."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


# The annotated copy ---------------------------------------------------------------------


def annotated_file_name(document: Document) -> str:
    stem = re.sub(r"\.pdf$", "", document.name.strip(), flags=re.IGNORECASE)
    return safe_file_name(
        QCoreApplication.translate("Exporting", "{0} med anteckningar.pdf").format(stem)
    )


def export_document_with_annotations(
    parent: QWidget | None,
    document: Document,
    annotations: Sequence[Annotation],
    *,
    blob_key: bytes,
    path: Path | None = None,
    on_done: ExportDone | None = None,
) -> Task[ExportReport] | None:
    """Save a copy of ``document`` with ``annotations`` in it, as a PDF.

    ``blob_key`` opens the stored (sealed) document; the copy is in the clear,
    where the user asked for it.

    Returns the running task, or None when nothing was started (the user
    cancelled, or the document is not on this machine, which is then said).
    """
    source = document.local_path
    if source is None:
        _warn(
            parent,
            QCoreApplication.translate(
                "Exporting", "Handlingen finns inte på datorn. Hämta den och försök igen."
            ),
        )
        return None
    if path is None:
        path = _ask_save_path(
            parent,
            QCoreApplication.translate("Exporting", "Spara handlingen med anteckningar"),
            annotated_file_name(document),
            QCoreApplication.translate("Exporting", "PDF-dokument (*.pdf)"),
        )
        if path is None:
            return None
        path = _with_suffix(path, ".pdf")
    target = path
    marks = tuple(annotations)

    def work(_report: object) -> ExportReport:
        return export_annotated_pdf(
            source,
            marks,
            target,
            version_id=document.version_id,
            file_type=document.file_type,
            blob_key=blob_key,
        )

    def done(report: ExportReport) -> None:
        _inform(parent, _success_message(report))
        if on_done is not None:
            on_done(report)

    def failed(error: Exception) -> None:
        _log.warning("annotated copy of %s not written: %s", document.file_id, error)
        _warn(parent, failure_message(error), details=str(error))
        if on_done is not None:
            on_done(None)

    return run_in_background(work, on_done=done, on_error=failed)


def _success_message(report: ExportReport) -> str:
    lines = [QCoreApplication.translate("Exporting", "Sparade {0}.").format(report.target)]
    # One text for one, one for more: lupdate sees no plural in translate() with a
    # count that is not a literal number.
    review, off_page = report.skipped_review, report.skipped_off_page
    if review == 1:
        lines.append(
            QCoreApplication.translate(
                "Exporting",
                "1 markering som behöver granskas sitter på en äldre version av "
                "handlingen och kom inte med.",
            )
        )
    elif review:
        lines.append(
            QCoreApplication.translate(
                "Exporting",
                "{0} markeringar som behöver granskas sitter på en äldre version av "
                "handlingen och kom inte med.",
            ).format(review)
        )
    if off_page == 1:
        lines.append(
            QCoreApplication.translate(
                "Exporting",
                "1 markering sitter på en sida som handlingen inte har och kom inte med.",
            )
        )
    elif off_page:
        lines.append(
            QCoreApplication.translate(
                "Exporting",
                "{0} markeringar sitter på sidor som handlingen inte har och kom inte med.",
            ).format(off_page)
        )
    return "\n\n".join(lines)


def failure_message(error: Exception) -> str:
    """Why there is no copy, in the user's language."""
    reason = error.reason if isinstance(error, ExportError) else ExportFailure.CRASHED
    messages = {
        ExportFailure.NOT_FOUND: QCoreApplication.translate(
            "Exporting", "Handlingen finns inte längre på datorn. Hämta den och försök igen."
        ),
        ExportFailure.BROKEN: QCoreApplication.translate(
            "Exporting", "Handlingen är skadad eller inte en PDF som går att läsa."
        ),
        ExportFailure.ENCRYPTED: QCoreApplication.translate(
            "Exporting", "Handlingen är skyddad med lösenord och kan inte kopieras."
        ),
        ExportFailure.NOT_A_PDF: QCoreApplication.translate(
            "Exporting", "Den här sortens handling kan inte sparas som PDF med anteckningar."
        ),
        ExportFailure.SAME_FILE: QCoreApplication.translate(
            "Exporting", "Kopian kan inte ersätta själva handlingen. Välj ett annat namn."
        ),
        ExportFailure.DISK_FULL: QCoreApplication.translate(
            "Exporting", "Disken är full. Frigör utrymme eller välj en annan plats."
        ),
        ExportFailure.NOT_WRITABLE: QCoreApplication.translate(
            "Exporting", "Filen går inte att spara där. Välj en annan plats."
        ),
        ExportFailure.TIMED_OUT: QCoreApplication.translate(
            "Exporting", "Det tog för lång tid att skapa kopian. Försök igen."
        ),
        ExportFailure.CRASHED: QCoreApplication.translate(
            "Exporting", "Kopian kunde inte skapas. Försök igen."
        ),
    }
    heading = QCoreApplication.translate("Exporting", "Handlingen sparades inte med anteckningar.")
    return f"{heading}\n\n{messages[reason]}"


# Notes ----------------------------------------------------------------------------------


def export_notes_markdown(
    parent: QWidget | None, markdown: str, default_name: str, *, path: Path | None = None
) -> Path | None:
    """Save the notes as a Markdown file; the path written, or None."""
    if path is None:
        path = _ask_save_path(
            parent,
            QCoreApplication.translate("Exporting", "Spara anteckningarna som text"),
            safe_file_name(default_name) + ".md",
            QCoreApplication.translate("Exporting", "Markdown (*.md);;Text (*.txt)"),
        )
        if path is None:
            return None
        if path.suffix.lower() not in (".md", ".txt", ".markdown"):
            path = _with_suffix(path, ".md")
    return _save(parent, path, markdown.encode("utf-8"))


def export_notes_pdf(
    parent: QWidget | None, markdown: str, default_name: str, *, path: Path | None = None
) -> Path | None:
    """Save the notes as a PDF (A4); the path written, or None."""
    if path is None:
        path = _ask_save_path(
            parent,
            QCoreApplication.translate("Exporting", "Spara anteckningarna som PDF"),
            safe_file_name(default_name) + ".pdf",
            QCoreApplication.translate("Exporting", "PDF-dokument (*.pdf)"),
        )
        if path is None:
            return None
        path = _with_suffix(path, ".pdf")
    return _save(parent, path, notes_pdf(markdown, title=default_name))


def notes_document(markdown: str) -> QTextDocument:
    """The notes laid out by Qt, in the application's font at a readable size."""
    document = QTextDocument()
    font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    font.setPointSizeF(FONT_POINTS)
    document.setDefaultFont(font)
    document.setMarkdown(markdown)
    return document


def notes_pdf(markdown: str, *, title: str = "") -> bytes:
    """The notes as the bytes of an A4 PDF with page numbers."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(_a4_layout())
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator(APP_NAME)
    notes_document(markdown).print_(writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(buffer.data().data())


def _a4_layout() -> QPageLayout:
    margins = QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        margins,
        QPageLayout.Unit.Millimeter,
    )


def _ask_to_print(printer: QPrinter, parent: QWidget | None) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Exporting", "Skriv ut anteckningarna"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_notes(
    parent: QWidget | None,
    markdown: str,
    *,
    printer: QPrinter | None = None,
    choose: ChoosePrinter = _ask_to_print,
) -> bool:
    """Print the notes after the print dialog; True when they were sent to the printer."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(QCoreApplication.translate("Exporting", "Mina anteckningar"))
    if not choose(printer, parent):
        return False
    notes_document(markdown).print_(printer)
    return True


# Writing and telling --------------------------------------------------------------------


def _save(parent: QWidget | None, path: Path, data: bytes) -> Path | None:
    try:
        atomic_write(path, data, mode=exported_file_mode())
    except OSError as error:
        _log.warning("notes not saved to %s: %s", path, error)
        _warn(parent, _write_failure(error), details=str(error))
        return None
    return path


def _write_failure(error: OSError) -> str:
    heading = QCoreApplication.translate("Exporting", "Anteckningarna sparades inte.")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = QCoreApplication.translate(
            "Exporting", "Disken är full. Frigör utrymme eller välj en annan plats."
        )
    else:
        reason = QCoreApplication.translate(
            "Exporting", "Filen går inte att spara där. Välj en annan plats."
        )
    return f"{heading}\n\n{reason}"


def _inform(parent: QWidget | None, text: str) -> QMessageBox:
    return _message(parent, QMessageBox.Icon.Information, text, "")


def _warn(parent: QWidget | None, text: str, details: str = "") -> QMessageBox:
    return _message(parent, QMessageBox.Icon.Warning, text, details)


def _message(
    parent: QWidget | None, icon: QMessageBox.Icon, text: str, details: str
) -> QMessageBox:
    """A message that does not block: the export's outcome arrives while the user works."""
    box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("export-message")
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
