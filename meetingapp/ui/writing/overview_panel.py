"""Mina anteckningar: everything the user wrote for one meeting, in agenda order.

Per agenda item: its star, its notes (their first lines) and the marks in its
documents (kind, page, the marked text or the comment). Marks that a new version of
a document could not carry over with confidence are marked "Behöver granskas" in
words, an icon and a colour. Items the user has written nothing about are left out
unless "Visa alla ärenden" is ticked. A click or Enter on a row tells the window what
to open: a note, a mark (file, page, uid) or an item.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meetingapp.core.packet.library import AgendaEntry, Document, MeetingSummary
from meetingapp.store.annotations import AnchorState, Annotation, Kind
from meetingapp.store.notes import Note
from meetingapp.ui.shell.appearance import Mark, mark_colour

TARGET_ROLE = Qt.ItemDataRole.UserRole
"""What a row leads to: ("item", id), ("note", object id) or ("annotation", file, page, uid)."""
NOTE_EXCERPT_CHARS = 120
MARK_EXCERPT_CHARS = 90
TOOLTIP_CHARS = 600


@dataclass
class _Section:
    """One agenda item's (or the meeting's own) part of the overview."""

    key: str
    title: str
    notes: list[tuple[Note, str]] = field(default_factory=list)
    """(note, label)."""
    marks: list[tuple[Document, list[Annotation]]] = field(default_factory=list)
    flagged: bool = False

    @property
    def has_content(self) -> bool:
        return bool(self.notes or self.marks or self.flagged)


@dataclass
class _Tally:
    notes: int = 0
    marks: set[str] = field(default_factory=set)
    review: set[str] = field(default_factory=set)


class MeetingOverviewPanel(QWidget):
    """Mina anteckningar for one meeting: a tree in agenda order."""

    note_chosen = Signal(str)  # object id of the note
    annotation_chosen = Signal(str, int, str)  # file id, page, annotation uid
    item_chosen = Signal(str)  # agenda item id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sections: list[_Section] = []
        self._meeting_id: str | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.show_all = QCheckBox(self.tr("Visa alla ärenden"))
        self.show_all.setAccessibleName(self.tr("Visa alla ärenden"))
        self.show_all.setToolTip(
            self.tr("Visa också de ärenden där du inte har skrivit eller markerat något.")
        )
        self.show_all.toggled.connect(lambda _checked: self._rebuild())
        self.empty = QLabel(
            self.tr(
                "Du har inte skrivit något till det här sammanträdet ännu. Dina anteckningar "
                "och markeringar i handlingarna samlas här."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setContentsMargins(6, 12, 6, 6)
        self.tree = self._build_tree()
        self._build_layout()
        self.clear()

    def _build_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(1)
        tree.setHeaderHidden(True)
        tree.setAccessibleName(self.tr("Mina anteckningar"))
        tree.setAccessibleDescription(
            self.tr(
                "Dina anteckningar och markeringar per ärende. Enter eller klick öppnar "
                "anteckningen, markeringen eller ärendet."
            )
        )
        tree.setAllColumnsShowFocus(True)
        tree.itemClicked.connect(lambda row, _column: self._choose(row, toggle=False))
        tree.installEventFilter(self)
        return tree

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(6, 6, 6, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)

    # Showing a meeting ---------------------------------------------------------------

    def show_meeting(
        self,
        meeting: MeetingSummary,
        agenda: list[AgendaEntry],
        documents_by_item: dict[str, list[Document]],
        meeting_documents: list[Document],
        notes: dict[str, Note],
        annotations: list[Annotation],
        flagged: set[str],
    ) -> None:
        """Show what the user wrote for ``meeting``: ``notes`` by object id,
        ``annotations`` of its documents, ``flagged`` the starred item ids."""
        same = meeting.id == self._meeting_id
        kept = self._current_target() if same else None
        scroll = self.tree.verticalScrollBar().value() if same else 0
        self._meeting_id = meeting.id
        by_file: dict[str, list[Annotation]] = {}
        for annotation in sorted(annotations, key=lambda a: a.page):
            by_file.setdefault(annotation.file_id, []).append(annotation)
        own = _Section("", self.tr("Sammanträdet"))
        self._add_note(own, notes.get(meeting.id), self.tr("Anteckning om mötet"))
        own.marks = _marked(meeting_documents, by_file)
        self._sections = [own]
        for entry in agenda:
            section = _Section(entry.id, self._item_title(entry), flagged=entry.id in flagged)
            self._add_note(section, notes.get(entry.id), self.tr("Anteckning"))
            if entry.paper is not None:
                label = self.tr("Ärendet i alla nämnder")
                self._add_note(section, notes.get(entry.paper.id), label)
            section.marks = _marked(documents_by_item.get(entry.id, []), by_file)
            self._sections.append(section)
        self._rebuild()
        if kept is not None:
            self._select(kept)
        self.tree.verticalScrollBar().setValue(scroll)

    def clear(self) -> None:
        """No meeting on screen."""
        self._meeting_id = None
        self._sections = []
        self._rebuild()
        self.summary.setText(self.tr("Inget sammanträde valt."))

    def _add_note(self, section: _Section, note: Note | None, label: str) -> None:
        if note is not None and note.body.strip():
            section.notes.append((note, label))

    def _item_title(self, entry: AgendaEntry) -> str:
        return f"{entry.number}. {entry.name}" if entry.number else entry.name

    def _rebuild(self) -> None:
        self.tree.clear()
        tally = _Tally()
        for section in self._sections:
            for _note, _label in section.notes:
                tally.notes += 1
            for _document, marks in section.marks:
                tally.marks.update(mark.uid for mark in marks)
                tally.review.update(mark.uid for mark in marks if _needs_review(mark))
            if section.has_content or (self.show_all.isChecked() and section.key):
                self._add_section(section)
        written = any(section.has_content for section in self._sections)
        self.summary.setText(self._summary_text(tally))
        self.empty.setVisible(self._meeting_id is not None and not written)
        self.tree.setVisible(self.tree.topLevelItemCount() > 0)

    # Rows ----------------------------------------------------------------------------

    def _add_section(self, section: _Section) -> None:
        title = f"★ {section.title}" if section.flagged else section.title
        node = QTreeWidgetItem(self.tree, [title])
        font = QFont(node.font(0))
        font.setBold(True)
        node.setFont(0, font)
        spoken = [section.title]
        if section.flagged:
            spoken.append(self.tr("stjärnmärkt"))
        if not section.has_content:
            spoken.append(self.tr("inget skrivet"))
        node.setData(0, Qt.ItemDataRole.AccessibleTextRole, ", ".join(spoken))
        node.setToolTip(0, section.title)
        if section.key:
            node.setData(0, TARGET_ROLE, ("item", section.key))
        for note, label in section.notes:
            self._add_note_row(node, note, label)
        for document, marks in section.marks:
            document_node = QTreeWidgetItem(node, [document.name])
            document_node.setToolTip(0, document.name)
            for mark in marks:
                self._add_mark_row(document_node, mark)
            document_node.setExpanded(True)
        node.setExpanded(True)

    def _add_note_row(self, parent: QTreeWidgetItem, note: Note, label: str) -> None:
        text = plain_text(note.body)
        row = QTreeWidgetItem(parent, [f"{label}: {shorten(text, NOTE_EXCERPT_CHARS)}"])
        row.setIcon(0, self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        row.setToolTip(0, rich_tooltip(clip(text, TOOLTIP_CHARS)))
        row.setData(0, TARGET_ROLE, ("note", note.object_id))

    def _add_mark_row(self, parent: QTreeWidgetItem, mark: Annotation) -> None:
        words = [kind_name(mark.kind), self.tr("s. {0}").format(mark.page + 1)]
        excerpt = mark_excerpt(mark)
        if excerpt:
            words.append(excerpt)
        text = " · ".join(words)
        review = _needs_review(mark)
        if review:
            label = self.tr("Behöver granskas")
            text = f"{label}: {text}"
        row = QTreeWidgetItem(parent, [text])
        row.setData(0, TARGET_ROLE, ("annotation", mark.file_id, mark.page, mark.uid))
        tooltip = [kind_name(mark.kind), mark_excerpt(mark, TOOLTIP_CHARS)]
        if review:
            row.setIcon(0, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            row.setForeground(0, QBrush(mark_colour(Mark.REVIEW)))
            font = QFont(row.font(0))
            font.setBold(True)
            row.setFont(0, font)
            tooltip.append(
                self.tr(
                    "Behöver granskas: markeringen kunde inte placeras säkert i den nya "
                    "versionen av handlingen och visas i den version där du gjorde den."
                )
            )
        row.setToolTip(0, rich_tooltip(*tooltip))
        row.setData(0, Qt.ItemDataRole.AccessibleTextRole, text)

    def _summary_text(self, tally: _Tally) -> str:
        """E.g. "3 anteckningar, 12 markeringar, 1 behöver granskas"."""
        notes, marks = tally.notes, len(tally.marks)
        words = [
            self.tr("%n anteckning", "", notes)
            if notes == 1
            else self.tr("%n anteckningar", "", notes),
            self.tr("%n markering", "", marks)
            if marks == 1
            else self.tr("%n markeringar", "", marks),
        ]
        if tally.review:
            words.append(self.tr("%n behöver granskas", "", len(tally.review)))
        return ", ".join(words)

    # Choosing ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            current = self.tree.currentItem()
            if current is not None:
                self._choose(current, toggle=True)
                return True
        return super().eventFilter(watched, event)

    def _choose(self, row: QTreeWidgetItem, toggle: bool) -> None:
        """Emit what the row leads to; a row that leads nowhere (a document, the
        meeting) opens or closes on Enter (a click has its arrow for that)."""
        target = row.data(0, TARGET_ROLE)
        if not isinstance(target, tuple):
            if toggle:
                row.setExpanded(not row.isExpanded())
            return
        if target[0] == "item":
            self.item_chosen.emit(target[1])
        elif target[0] == "note":
            self.note_chosen.emit(target[1])
        elif target[0] == "annotation":
            self.annotation_chosen.emit(target[1], target[2], target[3])

    def _current_target(self) -> object:
        current = self.tree.currentItem()
        return None if current is None else current.data(0, TARGET_ROLE)

    def _select(self, target: object) -> None:
        rows = [self.tree.topLevelItem(index) for index in range(self.tree.topLevelItemCount())]
        while rows:
            row = rows.pop(0)
            if row is None:
                continue
            if row.data(0, TARGET_ROLE) == target:
                self.tree.setCurrentItem(row)
                return
            rows.extend(row.child(index) for index in range(row.childCount()))

    def targets(self) -> list[tuple[str, ...]]:
        """What the rows on screen lead to, top to bottom (for the window and tests)."""
        found: list[tuple[str, ...]] = []
        rows = [self.tree.topLevelItem(index) for index in range(self.tree.topLevelItemCount())]
        while rows:
            row = rows.pop(0)
            if row is None:
                continue
            target = row.data(0, TARGET_ROLE)
            if isinstance(target, tuple):
                found.append(target)
            rows[0:0] = [row.child(index) for index in range(row.childCount())]
        return found


def _needs_review(annotation: Annotation) -> bool:
    return annotation.state is AnchorState.REVIEW


def _marked(
    documents: list[Document], by_file: dict[str, list[Annotation]]
) -> list[tuple[Document, list[Annotation]]]:
    """The documents with marks, in their order, each with its marks in page order."""
    seen: set[str] = set()
    marked = []
    for document in documents:
        if document.file_id in by_file and document.file_id not in seen:
            seen.add(document.file_id)
            marked.append((document, by_file[document.file_id]))
    return marked


def plain_text(markdown: str) -> str:
    """A note's text without its Markdown, one paragraph a line, blank lines dropped."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    lines = (line.strip() for line in document.toPlainText().splitlines())
    return "\n".join(line for line in lines if line)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line (its lines joined by " · "), cut at a word with "…"."""
    flat = " · ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ·,;:") + "…"


def rich_tooltip(*parts: str) -> str:
    """The user's text as a tooltip that wraps, never read as markup."""
    lines = [line for part in parts for line in part.splitlines() if line.strip()]
    return "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, its lines kept."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def kind_name(kind: Kind) -> str:
    """The kind of a mark in words."""
    return {
        Kind.HIGHLIGHT: QCoreApplication.translate("MeetingOverviewPanel", "Överstrykning"),
        Kind.UNDERLINE: QCoreApplication.translate("MeetingOverviewPanel", "Understrykning"),
        Kind.STRIKEOUT: QCoreApplication.translate("MeetingOverviewPanel", "Genomstrykning"),
        Kind.INK: QCoreApplication.translate("MeetingOverviewPanel", "Frihand"),
        Kind.NOTE: QCoreApplication.translate("MeetingOverviewPanel", "Kommentar"),
        Kind.TEXTBOX: QCoreApplication.translate("MeetingOverviewPanel", "Textruta"),
    }[kind]


def mark_excerpt(mark: Annotation, limit: int = MARK_EXCERPT_CHARS) -> str:
    """The marked text in quotes and the comment; for a drawing the text it is near."""
    quote = " ".join(mark.quote.exact.split())
    comment = " ".join(mark.comment.split())
    if mark.kind in (Kind.NOTE, Kind.TEXTBOX):
        return shorten(comment, limit) if comment else ""
    if mark.kind is Kind.INK:
        near = (
            QCoreApplication.translate("MeetingOverviewPanel", "vid ”{0}”").format(
                shorten(quote, limit)
            )
            if quote
            else ""
        )
        return " – ".join(part for part in (near, shorten(comment, limit)) if part)
    quoted = f"”{shorten(quote, limit)}”" if quote else ""
    return " – ".join(part for part in (quoted, shorten(comment, limit)) if part)
