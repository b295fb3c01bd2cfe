"""Mina anteckningar, driven through the real widget (pytest-qt) and built from notes,
stars and annotations written to a copy of the synced demo store."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import AgendaEntry, Document, MeetingSummary
from meetingapp.store.annotations import (
    AnchorState,
    Annotation,
    Geometry,
    Kind,
    TextQuote,
    annotations_of_files,
    save_annotation,
)
from meetingapp.store.notes import NoteKind, flagged_of, notes_of, save_note, set_flag
from meetingapp.ui.shell.application import application
from meetingapp.ui.writing.overview_panel import (
    TARGET_ROLE,
    MeetingOverviewPanel,
    plain_text,
    shorten,
)


@dataclass
class Meeting:
    """A demo meeting as the window would hand it to the panel."""

    context: AppContext
    summary: MeetingSummary
    agenda: list[AgendaEntry]
    documents_by_item: dict[str, list[Document]]
    meeting_documents: list[Document]

    def with_papers(self) -> list[AgendaEntry]:
        return [entry for entry in self.agenda if entry.paper is not None]

    def show_in(self, panel: MeetingOverviewPanel) -> None:
        """Read what the user wrote from the store, as the window does."""
        db = self.context.store.db.read()
        ids = [self.summary.id] + [entry.id for entry in self.agenda]
        ids += [entry.paper.id for entry in self.agenda if entry.paper is not None]
        files = [d.file_id for docs in self.documents_by_item.values() for d in docs]
        files += [document.file_id for document in self.meeting_documents]
        panel.show_meeting(
            self.summary,
            self.agenda,
            self.documents_by_item,
            self.meeting_documents,
            notes_of(db, ids),
            annotations_of_files(db, files),
            flagged_of(db, [entry.id for entry in self.agenda]),
        )

    def mark(
        self,
        document: Document,
        kind: Kind,
        page: int,
        *,
        quote: str = "",
        comment: str = "",
        review: bool = False,
    ) -> Annotation:
        annotation = Annotation.new(
            document.file_id,
            document.version_id,
            kind,
            page,
            Geometry(rects=((72.0, 100.0, 300.0, 114.0),)),
            colour="#ffd400",
            quote=TextQuote(quote),
            comment=comment,
        )
        if review:
            annotation = annotation.edited(state=AnchorState.REVIEW)
        with self.context.store.db.write() as db:
            save_annotation(db, annotation)
        return annotation

    def note(self, object_id: str, kind: NoteKind, body: str) -> None:
        with self.context.store.db.write() as db:
            save_note(db, object_id, kind, body)

    def star(self, item: AgendaEntry) -> None:
        with self.context.store.db.write() as db:
            set_flag(db, item.id, True)


@pytest.fixture
def meeting(synced_context: AppContext) -> Meeting:
    library = synced_context.library
    summary = next(
        m
        for m in library.meetings()
        if sum(entry.paper is not None for entry in library.agenda(m.id)) >= 3
    )
    agenda = library.agenda(summary.id)
    return Meeting(
        synced_context,
        summary,
        agenda,
        {entry.id: library.item_documents(entry) for entry in agenda},
        library.meeting_documents(summary.id),
    )


@pytest.fixture
def panel(qtbot: QtBot) -> MeetingOverviewPanel:
    application()
    overview = MeetingOverviewPanel()
    qtbot.addWidget(overview)
    overview.resize(420, 600)
    overview.show()
    qtbot.waitExposed(overview)
    return overview


def top_texts(panel: MeetingOverviewPanel) -> list[str]:
    tree = panel.tree
    return [tree.topLevelItem(index).text(0) for index in range(tree.topLevelItemCount())]  # type: ignore[union-attr]


def row_leading_to(panel: MeetingOverviewPanel, target: tuple[object, ...]) -> QTreeWidgetItem:
    rows = [panel.tree.topLevelItem(index) for index in range(panel.tree.topLevelItemCount())]
    while rows:
        row = rows.pop()
        assert row is not None
        if row.data(0, TARGET_ROLE) == target:
            return row
        rows.extend(row.child(index) for index in range(row.childCount()))
    raise AssertionError(f"no row for {target}")


def test_everything_written_in_agenda_order(panel: MeetingOverviewPanel, meeting: Meeting) -> None:
    first, second, third = meeting.with_papers()[:3]
    assert first.paper is not None
    main = meeting.documents_by_item[third.id][0]
    late = meeting.mark(main, Kind.UNDERLINE, 3, quote="senast den 31 mars")
    early = meeting.mark(main, Kind.HIGHLIGHT, 0, quote="Förslag till  beslut", comment="Bra!")
    meeting.note(third.id, NoteKind.AGENDA_ITEM, "## Frågor\n\n- Vad kostar **det**?\n- Tidplan\n")
    meeting.note(first.paper.id, NoteKind.PAPER, "Följ upp i KF")
    meeting.note(meeting.summary.id, NoteKind.MEETING, "Kaffe 10.00")
    meeting.star(second)
    meeting.show_in(panel)
    assert top_texts(panel) == [
        "Sammanträdet",
        f"{first.number}. {first.name}",
        f"★ {second.number}. {second.name}",
        f"{third.number}. {third.name}",
    ]
    assert panel.targets() == [
        ("note", meeting.summary.id),
        ("item", first.id),
        ("note", first.paper.id),
        ("item", second.id),
        ("item", third.id),
        ("note", third.id),
        ("annotation", main.file_id, 0, early.uid),
        ("annotation", main.file_id, 3, late.uid),
    ]
    note_row = row_leading_to(panel, ("note", third.id))
    assert note_row.text(0) == "Anteckning: Frågor · Vad kostar det? · Tidplan"
    early_row = row_leading_to(panel, ("annotation", main.file_id, 0, early.uid))
    assert early_row.text(0) == "Överstrykning · s. 1 · ”Förslag till beslut” – Bra!"
    document_row = early_row.parent()
    assert document_row is not None and document_row.text(0) == main.name
    assert (
        row_leading_to(panel, ("note", first.paper.id))
        .text(0)
        .startswith("Ärendet i alla nämnder: Följ upp")
    )
    assert panel.summary.text() == "3 anteckningar, 2 markeringar"
    assert not panel.empty.isVisible()


def test_items_without_anything_are_hidden_unless_asked_for(
    qtbot: QtBot, panel: MeetingOverviewPanel, meeting: Meeting
) -> None:
    item = meeting.with_papers()[1]
    meeting.note(item.id, NoteKind.AGENDA_ITEM, "Enda anteckningen")
    meeting.show_in(panel)
    assert [target for target in panel.targets() if target[0] == "item"] == [("item", item.id)]
    qtbot.mouseClick(panel.show_all, Qt.MouseButton.LeftButton)
    shown = [target[1] for target in panel.targets() if target[0] == "item"]
    assert shown == [entry.id for entry in meeting.agenda]
    untouched = row_leading_to(panel, ("item", meeting.agenda[0].id))
    assert "inget skrivet" in untouched.data(0, Qt.ItemDataRole.AccessibleTextRole)


def test_review_marks_stand_out(panel: MeetingOverviewPanel, meeting: Meeting) -> None:
    item = meeting.with_papers()[0]
    document = meeting.documents_by_item[item.id][-1]
    fine = meeting.mark(document, Kind.NOTE, 1, comment="Stämmer siffran?")
    lost = meeting.mark(document, Kind.STRIKEOUT, 2, quote="gammal text", review=True)
    meeting.show_in(panel)
    fine_row = row_leading_to(panel, ("annotation", document.file_id, 1, fine.uid))
    lost_row = row_leading_to(panel, ("annotation", document.file_id, 2, lost.uid))
    assert fine_row.text(0) == "Kommentar · s. 2 · Stämmer siffran?"
    assert lost_row.text(0) == "Behöver granskas: Genomstrykning · s. 3 · ”gammal text”"
    assert lost_row.font(0).bold() and not fine_row.font(0).bold()
    assert not lost_row.icon(0).isNull() and fine_row.icon(0).isNull()
    assert "nya versionen" in lost_row.toolTip(0)
    assert panel.summary.text() == "0 anteckningar, 2 markeringar, 1 behöver granskas"


def test_click_and_enter_choose_what_the_row_leads_to(
    qtbot: QtBot, panel: MeetingOverviewPanel, meeting: Meeting
) -> None:
    item = meeting.with_papers()[0]
    document = meeting.documents_by_item[item.id][0]
    mark = meeting.mark(document, Kind.INK, 4, quote="ritning")
    meeting.note(item.id, NoteKind.AGENDA_ITEM, "Notera")
    meeting.show_in(panel)
    note_row = row_leading_to(panel, ("note", item.id))
    with qtbot.waitSignal(panel.note_chosen) as chosen_note:
        rect = panel.tree.visualItemRect(note_row)
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen_note.args == [item.id]
    mark_row = row_leading_to(panel, ("annotation", document.file_id, 4, mark.uid))
    assert mark_row.text(0) == "Frihand · s. 5 · vid ”ritning”"
    panel.tree.setFocus()
    panel.tree.setCurrentItem(mark_row)
    with qtbot.waitSignal(panel.annotation_chosen) as chosen_mark:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert chosen_mark.args == [document.file_id, 4, mark.uid]
    panel.tree.setCurrentItem(row_leading_to(panel, ("item", item.id)))
    with qtbot.waitSignal(panel.item_chosen) as chosen_item:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Enter)
    assert chosen_item.args == [item.id]


def test_empty_state_when_nothing_is_written(panel: MeetingOverviewPanel, meeting: Meeting) -> None:
    meeting.show_in(panel)
    assert panel.empty.isVisible() and not panel.tree.isVisible()
    assert "inte skrivit något" in panel.empty.text()
    assert panel.summary.text() == "0 anteckningar, 0 markeringar"
    panel.show_all.setChecked(True)
    assert panel.tree.isVisible() and panel.tree.topLevelItemCount() == len(meeting.agenda)


def test_showing_the_same_meeting_again_keeps_the_row(
    panel: MeetingOverviewPanel, meeting: Meeting
) -> None:
    first, second = meeting.with_papers()[:2]
    meeting.note(first.id, NoteKind.AGENDA_ITEM, "Ett")
    meeting.note(second.id, NoteKind.AGENDA_ITEM, "Två")
    meeting.show_in(panel)
    panel.tree.setCurrentItem(row_leading_to(panel, ("note", second.id)))
    meeting.note(first.id, NoteKind.AGENDA_ITEM, "Ett, ändrad")
    meeting.show_in(panel)
    current = panel.tree.currentItem()
    assert current is not None and current.data(0, TARGET_ROLE) == ("note", second.id)
    assert row_leading_to(panel, ("note", first.id)).text(0) == "Anteckning: Ett, ändrad"


def test_plain_text_and_shortening() -> None:
    assert plain_text("**Fet** och *kursiv*\n\n1. ett\n2. två\n") == "Fet och kursiv\nett\ntvå"
    assert shorten("ett två\ntre", 100) == "ett två · tre"
    long = "Förslag " * 30
    cut = shorten(long, 40)
    assert len(cut) <= 40 and cut.endswith("Förslag…")
