"""The user's own writing beside the packet: notes and the meeting's overview.

:class:`WritingPanes` puts the notes of the item in view and the overview of
everything the user wrote for the meeting ("Mina anteckningar") into docks of the
main window, and keeps them in step with the agenda and the reader: choosing an
item shows its notes, a star shows in the agenda, a click in the overview goes
to the note, the item or the annotation. The overview is read again when the core
says the user's writing changed (``ShellEvents.changed``), whoever wrote it.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from meetingapp.core.context import AppContext
from meetingapp.core.events import Change
from meetingapp.core.export.notes import file_name, meeting_notes, notes_markdown
from meetingapp.core.packet.library import AgendaEntry, MeetingSummary
from meetingapp.core.writing.user_data import READ_BACK_WAIT
from meetingapp.store.annotations import annotations_of_file, annotations_of_files
from meetingapp.store.notes import flagged_of, notes_of
from meetingapp.store.removed import mark_removals_noticed, unnoticed_removals
from meetingapp.ui.dialogs.removed_dialog import RemovedDialog
from meetingapp.ui.packet.agenda_panel import AgendaPanel
from meetingapp.ui.reader.reader import ReaderPane
from meetingapp.ui.shell.menus import MenuEntry, add_entries
from meetingapp.ui.shell.tasks import Task
from meetingapp.ui.shell.workspaces import ShellEvents
from meetingapp.ui.writing import exporting
from meetingapp.ui.writing.notes_panel import NotesPanel
from meetingapp.ui.writing.overview_panel import MeetingOverviewPanel

OVERVIEW_DELAY_MS = 300
"""The overview is read again this long after the last change, not on every key."""
WRITING: Final = Change.NOTES | Change.ANNOTATIONS | Change.STARS
"""What the overview shows of the user's writing."""
CLOSE_WAIT = 3.0
"""Seconds the window waits at close for the user's last writes to reach the disk."""
WIDE_SCREEN = 1600
"""Pixels of screen width from which the notes are shown beside the packet at first."""


class _WriterReports(QObject):
    """Carries the writer thread's reports to the GUI thread (a queued signal)."""

    problem = Signal(object)  # the exception, or None once writing works again


class WritingPanes(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        agenda: AgendaPanel,
        reader: ReaderPane,
        events: ShellEvents,
    ) -> None:
        super().__init__(window)
        self.context, self.agenda, self.reader = context, agenda, reader
        self._meeting: MeetingSummary | None = None
        data = context.user_data
        self.notes = NotesPanel(data.save_note, data.set_flag)
        self.overview = MeetingOverviewPanel()
        self.notes_dock = _dock(window, self.notes, self.tr("Anteckningar"), "notes")
        self.overview_dock = _dock(window, self.overview, self.tr("Mina anteckningar"), "overview")
        window.tabifyDockWidget(self.notes_dock, self.overview_dock)
        self.notes_dock.raise_()
        self._show_docks_if_room(window)
        self.write_warning = QLabel()
        self.write_warning.setWordWrap(True)
        self.write_warning.hide()
        window.statusBar().addPermanentWidget(self.write_warning)
        self._reports = _WriterReports(self)
        self._reports.problem.connect(self._show_write_problem)
        context.writer.on_problem = self._reports.problem.emit
        self._overview_timer = QTimer(self, singleShot=True, interval=OVERVIEW_DELAY_MS)
        self._overview_timer.timeout.connect(self._refresh_overview_if_shown)
        events.changed.connect(self._on_data_changed)
        self._connect()

    def _show_docks_if_room(self, window: QMainWindow) -> None:
        """Beside the packet when the screen is wide; on a small laptop screen the
        reader keeps the width and the notes are a shortcut away (Ctrl+Shift+N). The
        window's saved state, restored later, overrides this."""
        screen = window.screen()
        wide = screen is not None and screen.availableGeometry().width() >= WIDE_SCREEN
        for dock in (self.notes_dock, self.overview_dock):
            dock.setVisible(wide)
        if wide:
            window.resizeDocks([self.notes_dock], [320], Qt.Orientation.Horizontal)
        self.notes_dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.overview_dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+M"))

    def show_notes(self) -> None:
        self.notes_dock.show()
        self.notes_dock.raise_()

    def show_overview(self) -> None:
        """Bring the overview forward; it reads the meeting anew as it comes into view."""
        self.overview_dock.show()
        self.overview_dock.raise_()

    def _connect(self) -> None:
        self.agenda.item_changed.connect(self._show_item)
        self.notes.flag_changed.connect(self.agenda.show_flag)
        self.overview.note_chosen.connect(self._go_to_note)
        self.overview.item_chosen.connect(self.agenda.select_object)
        self.overview.annotation_chosen.connect(self._go_to_annotation)
        self.overview_dock.visibilityChanged.connect(
            lambda shown: self.refresh_overview() if shown else None
        )

    # Following the agenda ------------------------------------------------------------

    def show_meeting(self, meeting: MeetingSummary | None) -> None:
        self._meeting = meeting
        if meeting is None:
            self.notes.clear()
            self.overview.clear()
            return
        self.agenda.set_flagged(self._flagged([entry.id for entry in self._agenda()]))
        self._show_item(self.agenda.current_entry())
        self._refresh_overview_if_shown()

    def _show_item(self, entry: AgendaEntry | None) -> None:
        meeting = self._meeting
        if meeting is None:
            return
        ids = [meeting.id]
        if entry is not None:
            ids.append(entry.id)
            if entry.paper is not None:
                ids.append(entry.paper.id)
        db = self.context.store.db.read()
        flagged = entry is not None and entry.id in self._flagged([entry.id])
        self.notes.show_context(meeting, entry, notes_of(db, ids), flagged, self._committee())

    def _committee(self) -> str | None:
        meeting = self._meeting
        if meeting is None or not meeting.committee_ids:
            return None
        names = {c.id: c.name for c in self.context.library.committees()}
        return names.get(meeting.committee_ids[0])

    def _flagged(self, ids: list[str]) -> set[str]:
        self.context.writer.flush(timeout=READ_BACK_WAIT)
        return flagged_of(self.context.store.db.read(), ids)

    def _agenda(self) -> list[AgendaEntry]:
        return [] if self._meeting is None else self.context.library.agenda(self._meeting.id)

    # The overview ---------------------------------------------------------------------

    def _on_data_changed(self, changes: Change) -> None:
        """The user's writing reached the disk: read the overview again, once the
        changes pause (the writes of one typing burst come one by one)."""
        if changes & WRITING:
            self._overview_timer.start()

    def _refresh_overview_if_shown(self) -> None:
        """A hidden overview is not read on every change: it is read when it is shown."""
        if self.overview.isVisible():
            self.refresh_overview()

    def refresh_overview(self) -> None:
        """Read everything the user wrote for the meeting again."""
        meeting = self._meeting
        if meeting is None or self.context.store.db.closed:
            return
        library = self.context.library
        agenda = library.agenda(meeting.id)
        documents = {entry.id: library.item_documents(entry) for entry in agenda}
        own = library.meeting_documents(meeting.id)
        files = [d.file_id for d in own] + [d.file_id for ds in documents.values() for d in ds]
        ids = [meeting.id, *(e.id for e in agenda), *(e.paper.id for e in agenda if e.paper)]
        self.context.writer.flush(timeout=READ_BACK_WAIT)
        db = self.context.store.db.read()
        self.overview.show_meeting(
            meeting,
            agenda,
            documents,
            own,
            notes_of(db, ids),
            annotations_of_files(db, files),
            flagged_of(db, [entry.id for entry in agenda]),
        )

    def _go_to_note(self, object_id: str) -> None:
        meeting = self._meeting
        if meeting is not None and object_id != meeting.id:
            item = next(
                (
                    entry
                    for entry in self._agenda()
                    if object_id in (entry.id, entry.paper.id if entry.paper else None)
                ),
                None,
            )
            if item is not None:
                self.agenda.select_object(item.id)
        self.show_notes()
        self.notes.show_note(object_id)
        self.notes.focus_editor()

    def _go_to_annotation(self, file_id: str, _page: int, uid: str) -> None:
        if self.agenda.select_object(file_id):
            self.reader.active.show_annotation_when_open(uid)

    def flush(self) -> None:
        self.notes.flush()

    def _show_write_problem(self, error: object) -> None:
        """A write of the user's data fails (a full disk): say so until it works."""
        if error is None:
            self.write_warning.hide()
            return
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        self.write_warning.setText(
            self.tr(
                "Det du skriver kan inte sparas just nu ({0}). Det sparas så snart det går; "
                "stäng inte programmet."
            ).format(reason)
        )
        self.write_warning.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.write_warning.show()

    def may_close(self, parent: QWidget) -> bool:
        """Before the window closes: everything written is stored, or the user chooses
        to wait (True: close)."""
        self.notes.flush()
        if self.context.writer.flush(timeout=CLOSE_WAIT):
            return True
        answer = QMessageBox.warning(
            parent,
            self.tr("Inte sparat"),
            self.tr(
                "Det du senast skrev har inte kunnat sparas (är disken full?). Stänger du nu "
                "går det förlorat. Frigör utrymme och försök igen, eller stäng ändå."
            ),
            QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Retry,
        )
        return answer == QMessageBox.StandardButton.Discard

    # The menu ------------------------------------------------------------------------

    def build_menu(self, menu: QMenu) -> None:
        """Fill the window's Anteckningar menu: the panes, export and print."""
        for dock in (self.notes_dock, self.overview_dock):
            menu.addAction(dock.toggleViewAction())
        menu.addSeparator()
        specs: tuple[MenuEntry, ...] = (
            (
                self.tr("Exportera &dokumentet med anteckningar…"),
                "Ctrl+E",
                self.export_document,
            ),
            (self.tr("Exportera mina anteckningar som &PDF…"), "", self.export_notes_pdf),
            (self.tr("Exportera mina anteckningar som &Markdown…"), "", self.export_notes_markdown),
            (self.tr("&Skriv ut mina anteckningar…"), "Ctrl+P", self.print_notes),
            None,
            (self.tr("Anteckningar på &borttagna handlingar…"), "", self.show_removed),
        )
        add_entries(menu, menu, specs)

    def show_removed(self) -> RemovedDialog:
        """What the user wrote on things the document system removed."""
        dialog = RemovedDialog(self.context, self.reader)
        dialog.view_requested.connect(self.reader.show_document)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def notice_removals(self) -> str | None:
        """After a sync: a sentence on documents removed with the user's writing on
        them (it stays, listed under the menu), or None."""
        db = self.context.store.db.read()
        removed = unnoticed_removals(db)
        if not removed:
            return None
        self.context.writer.submit(mark_removals_noticed)
        return self.tr(
            "%n handling(ar) med dina anteckningar har tagits bort i dokumentsystemet; "
            "anteckningarna finns kvar under Anteckningar → "
            "Anteckningar på borttagna handlingar.",
            "",
            len(removed),
        )

    def export_document(self) -> Task[object] | None:
        """The document in view, with the user's annotations as real PDF annotations."""
        document = self.reader.active.document
        if document is None:
            return None
        self.context.writer.flush(timeout=READ_BACK_WAIT)
        annotations = annotations_of_file(self.context.store.db.read(), document.file_id)
        return exporting.export_document_with_annotations(
            self.reader, document, annotations, blob_key=self.context.store.blobs.key
        )

    def _notes_markdown(self) -> tuple[str, str] | None:
        """The meeting's "Mina anteckningar" as Markdown, and a file name for it."""
        if self._meeting is None:
            return None
        self.notes.flush()
        self.context.writer.flush(timeout=READ_BACK_WAIT)
        notes = meeting_notes(self.context.library, self._meeting.id)
        if notes is None:
            return None
        labels = exporting.note_labels()
        return notes_markdown(notes, labels), file_name(notes, labels)

    def export_notes_pdf(self) -> None:
        made = self._notes_markdown()
        if made is not None:
            exporting.export_notes_pdf(self.reader, made[0], made[1])

    def export_notes_markdown(self) -> None:
        made = self._notes_markdown()
        if made is not None:
            exporting.export_notes_markdown(self.reader, made[0], made[1])

    def print_notes(self) -> None:
        made = self._notes_markdown()
        if made is not None:
            exporting.print_notes(self.reader, made[0])


def _dock(window: QMainWindow, widget: QWidget, title: str, name: str) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(f"{name}-dock")  # so the window's saved state restores it
    dock.setWidget(widget)
    dock.setAllowedAreas(
        Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
    )
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock
