""" "Mina anteckningar": what the user wrote and marked for one meeting, as Markdown.

The export gathers the meeting's own note, then per agenda item (in agenda order)
its star, the item's note, the note on its paper (ärende) and every annotation on
its documents, page by page; the meeting's own documents (kallelse, protokoll)
come before the items. Items the user has nothing on are left out: a printout of
one's own notes should be the notes, and the kallelse lists the rest.

Text from the documents (titles, names, marked passages) is escaped, so a title
such as ``1. Budget`` or a quote with ``*`` cannot turn into a list or emphasis.
The user's notes are Markdown already and are kept as written; only their
headings move down, so they sit under the item they belong to. Annotation
comments are plain text typed into a note on the page and are escaped.

The core has no Qt translation: every word of the output comes from
:class:`NoteLabels`, Swedish by default, which the UI fills from its catalogue.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from meetingapp.core.packet.library import AgendaEntry, Document, Library
from meetingapp.core.swedish import MONTHS, WEEKDAYS
from meetingapp.store.annotations import (
    TEXT_KINDS,
    AnchorState,
    Annotation,
    Kind,
    annotations_of_files,
)
from meetingapp.store.notes import flagged_of, notes_of

SWEDISH_KINDS: Mapping[Kind, str] = {
    Kind.HIGHLIGHT: "Överstrykning",
    Kind.UNDERLINE: "Understrykning",
    Kind.STRIKEOUT: "Genomstrykning",
    Kind.INK: "Frihand",
    Kind.NOTE: "Kommentar",
    Kind.TEXTBOX: "Textruta",
}


def swedish_time(moment: datetime) -> str:
    """``tisdag 6 oktober 2026 kl. 09.00``, in the meeting's own time zone."""
    return (
        f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} "
        f"{moment.year} kl. {moment.hour:02d}.{moment.minute:02d}"
    )


@dataclass(frozen=True, slots=True)
class NoteLabels:
    """The words of the export; ``{0}``, ``{number}``, ``{name}`` are filled in."""

    title: str = "Mina anteckningar"
    committee: str = "Nämnd"
    time: str = "Tid"
    place: str = "Plats"
    meeting_note: str = "Om sammanträdet"
    meeting_documents: str = "Sammanträdets handlingar"
    paper_note: str = "Om ärendet"
    item: str = "{number}. {name}"
    flagged: str = "★"
    not_public: str = "Ej offentligt"
    page: str = "s. {0}"
    near: str = "Vid: {0}"
    review: str = "Behöver granskas"
    review_explanation: str = (
        "Dessa markeringar kunde inte flyttas till den nya versionen av handlingen; "
        "sidorna avser den äldre versionen."
    )
    nothing: str = "Inga anteckningar till det här sammanträdet."
    kinds: Mapping[Kind, str] = field(default_factory=lambda: dict(SWEDISH_KINDS))
    when: Callable[[datetime], str] = swedish_time
    """How the meeting's date and time are written."""


@dataclass(frozen=True, slots=True)
class DocumentNotes:
    name: str
    annotations: tuple[Annotation, ...]


@dataclass(frozen=True, slots=True)
class ItemNotes:
    number: str | None
    name: str
    flagged: bool = False
    note: str = ""
    """The note on the agenda item (Markdown)."""
    paper_note: str = ""
    """The note on the item's paper, the ärende, shared by its meetings (Markdown)."""
    public: bool = True
    confidential: str | None = None
    """The legal ground of secrecy, when the item is not public."""
    documents: tuple[DocumentNotes, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.flagged
            or self.note.strip()
            or self.paper_note.strip()
            or any(document.annotations for document in self.documents)
        )


@dataclass(frozen=True, slots=True)
class MeetingNotes:
    name: str
    committee: str | None = None
    start: datetime | None = None
    location: str | None = None
    note: str = ""
    documents: tuple[DocumentNotes, ...] = ()
    """The meeting's own documents with annotations (kallelse, protokoll)."""
    items: tuple[ItemNotes, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.note.strip()
            or any(document.annotations for document in self.documents)
            or any(not item.is_empty for item in self.items)
        )


# Gathering -------------------------------------------------------------------------


def meeting_notes(library: Library, meeting_id: str) -> MeetingNotes | None:
    """Everything the user wrote and marked for the meeting (None: no such meeting)."""
    meeting = library.meeting(meeting_id)
    if meeting is None:
        return None
    agenda = library.agenda(meeting_id)
    own_documents = library.meeting_documents(meeting_id)
    item_documents = {entry.id: library.item_documents(entry) for entry in agenda}
    db = library.store.db.read()
    every_file = {d.file_id for d in own_documents} | {
        d.file_id for documents in item_documents.values() for d in documents
    }
    by_file: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations_of_files(db, sorted(every_file)):
        by_file[annotation.file_id].append(annotation)
    object_ids = [meeting_id, *(entry.id for entry in agenda)]
    object_ids += [entry.paper.id for entry in agenda if entry.paper is not None]
    notes = {key: note.body for key, note in notes_of(db, object_ids).items()}
    flagged = flagged_of(db, object_ids)
    names = {committee.id: committee.name for committee in library.committees()}
    committees = [names[key] for key in meeting.committee_ids if key in names]
    return MeetingNotes(
        name=meeting.name,
        committee=", ".join(committees) or None,
        start=meeting.start,
        location=meeting.location,
        note=notes.get(meeting_id, ""),
        documents=_annotated(own_documents, by_file),
        items=tuple(
            _item_notes(entry, _annotated(item_documents[entry.id], by_file), notes, flagged)
            for entry in agenda
        ),
    )


def _item_notes(
    entry: AgendaEntry,
    documents: tuple[DocumentNotes, ...],
    notes: Mapping[str, str],
    flagged: set[str],
) -> ItemNotes:
    paper_id = entry.paper.id if entry.paper is not None else None
    return ItemNotes(
        number=entry.number,
        name=entry.name,
        flagged=entry.id in flagged or paper_id in flagged,
        note=notes.get(entry.id, ""),
        paper_note=notes.get(paper_id, "") if paper_id else "",
        public=entry.public,
        confidential=entry.confidential,
        documents=documents,
    )


def _annotated(
    documents: Sequence[Document], by_file: Mapping[str, list[Annotation]]
) -> tuple[DocumentNotes, ...]:
    return tuple(
        DocumentNotes(document.name, tuple(by_file[document.file_id]))
        for document in documents
        if by_file.get(document.file_id)
    )


# Writing -----------------------------------------------------------------------------


def notes_markdown(notes: MeetingNotes, labels: NoteLabels | None = None) -> str:
    """The notes as one Markdown document."""
    labels = labels or NoteLabels()
    blocks = [f"# {escape_markdown(labels.title)}: {escape_markdown(notes.name)}"]
    blocks.append(_meeting_facts(notes, labels))
    if notes.note.strip():
        blocks.append(f"## {escape_markdown(labels.meeting_note)}")
        blocks.append(demote_headings(notes.note, 2))
    if notes.documents:
        blocks.append(f"## {escape_markdown(labels.meeting_documents)}")
        blocks += [_document_block(document, labels) for document in notes.documents]
    for item in notes.items:
        if not item.is_empty:
            blocks += _item_blocks(item, labels)
    if notes.is_empty:
        blocks.append(escape_markdown(labels.nothing))
    return "\n\n".join(block.strip("\n") for block in blocks if block.strip()) + "\n"


def file_name(notes: MeetingNotes, labels: NoteLabels | None = None) -> str:
    """A file name for the export, without extension: ``Mina anteckningar – <meeting>``."""
    labels = labels or NoteLabels()
    name = f"{labels.title} – {notes.name}"
    name = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]', " ", name).split())
    return name.strip(" .") or labels.title


def _meeting_facts(notes: MeetingNotes, labels: NoteLabels) -> str:
    facts = [
        (labels.committee, notes.committee),
        (labels.time, labels.when(notes.start) if notes.start else None),
        (labels.place, notes.location),
    ]
    lines = [
        f"**{escape_markdown(label)}:** {escape_markdown(value)}" for label, value in facts if value
    ]
    return "  \n".join(lines)


def _item_blocks(item: ItemNotes, labels: NoteLabels) -> list[str]:
    name = escape_markdown(item.name)
    title = labels.item.format(number=escape_markdown(item.number), name=name)
    title = title if item.number else name
    if item.flagged:
        title += f" {labels.flagged}"
    blocks = [f"## {title}"]
    if not item.public:
        blocks.append(f"*{escape_markdown(item.confidential or labels.not_public)}*")
    if item.note.strip():
        blocks.append(demote_headings(item.note, 2))
    if item.paper_note.strip():
        blocks.append(f"### {escape_markdown(labels.paper_note)}")
        blocks.append(demote_headings(item.paper_note, 3))
    blocks += [_document_block(document, labels) for document in item.documents]
    return blocks


def _document_block(document: DocumentNotes, labels: NoteLabels) -> str:
    placed = [a for a in document.annotations if a.state is not AnchorState.REVIEW]
    review = [a for a in document.annotations if a.state is AnchorState.REVIEW]
    parts = [f"### {escape_markdown(document.name)}"]
    if placed:
        parts.append(_annotation_list(placed, labels))
    if review:
        parts.append(f"#### {escape_markdown(labels.review)}")
        parts.append(f"*{escape_markdown(labels.review_explanation)}*")
        parts.append(_annotation_list(review, labels))
    return "\n\n".join(parts)


def _annotation_list(annotations: Iterable[Annotation], labels: NoteLabels) -> str:
    ordered = sorted(annotations, key=_reading_order)
    return "\n\n".join(_annotation_item(a, labels) for a in ordered)


def _reading_order(annotation: Annotation) -> tuple[int, float, float]:
    """Page by page, then top to bottom and left to right as displayed."""
    x0, y0, _x1, _y1 = annotation.geometry.bounds()
    return (annotation.page, round(y0), x0)


def _annotation_item(annotation: Annotation, labels: NoteLabels) -> str:
    """One list item: ``s. 4 · Överstrykning``, then the quote and the comment.

    The quote and each line of the comment are paragraphs of the item: Qt reads
    a line break inside a list item as the start of another item.
    """
    page = labels.page.format(annotation.page + 1)
    kind = labels.kinds.get(annotation.kind, annotation.kind.value)
    paragraphs = [f"**{escape_markdown(page)} · {escape_markdown(kind)}**"]
    quote = " ".join(annotation.quote.exact.split())
    if quote:
        quoted = f"*”{escape_markdown(quote)}”*"
        paragraphs.append(quoted if annotation.kind in TEXT_KINDS else labels.near.format(quoted))
    paragraphs += [escape_markdown(line) for line in annotation.comment.splitlines()]
    return "- " + "\n\n  ".join(paragraph for paragraph in paragraphs if paragraph)


# Markdown text -----------------------------------------------------------------------

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#!{}])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def escape_markdown(text: str | None) -> str:
    """``text`` as literal Markdown text on one line: what it says, never markup.

    Characters with a meaning anywhere are backslash-escaped; so is what would
    start a list, quote or heading underline at the start of the text (``1.``,
    ``-``, ``>``, ``=``). Line breaks become spaces.
    """
    flat = " ".join((text or "").split())
    escaped = _INLINE_SPECIAL.sub(r"\\\1", flat)
    match = _LINE_START_SPECIAL.match(escaped)
    if match is None:
        return escaped
    if match.group(2).isdigit():  # "1." or "1)": the punctuation after the digits
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    start = match.start(2)
    return escaped[:start] + "\\" + escaped[start:]


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_PARAGRAPH_LINE = re.compile(r"^ {0,3}(?![-+*>#]|\d+[.)]|`{3}|~{3})\S")


def demote_headings(markdown: str, levels: int) -> str:
    """``markdown`` with every heading ``levels`` deeper (at most level 6).

    ATX headings (``# Title``) get more ``#``; setext headings (a line underlined
    with ``===`` or ``---``) become ATX headings. Fenced code is left alone, and so
    is ``---`` after a blank line or a list item, which is a rule, not a heading.
    """
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result: list[str] = []
    fence: str | None = None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            result.append(line)
        elif opening:
            fence = opening.group(1)
            result.append(line)
        elif (atx := _ATX.match(line)) is not None:
            depth = min(len(atx.group(2)) + levels, 6)
            result.append(atx.group(1) + "#" * depth + line[atx.end() :])
        elif _SETEXT.match(line) and result and _PARAGRAPH_LINE.match(result[-1]):
            depth = min((1 if line.strip()[0] == "=" else 2) + levels, 6)
            result.append("#" * depth + " " + " ".join(_pop_paragraph(result)))
        else:
            result.append(line)
    return "\n".join(result)


def _pop_paragraph(lines: list[str]) -> list[str]:
    """Remove the paragraph at the end of ``lines`` and return its lines, stripped."""
    paragraph: list[str] = []
    while lines and lines[-1].strip() and not _ATX.match(lines[-1]):
        paragraph.insert(0, lines.pop().strip())
    return paragraph
