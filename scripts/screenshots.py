"""Take screenshots of the main views on the demo, for review and for the README.

Run under Xvfb for a real window (``xvfb-run -s "-screen 0 1600x1000x24"
.venv/bin/python scripts/screenshots.py``) or with QT_QPA_PLATFORM=offscreen.
Uses a fresh temporary data dir, so it shows exactly what a first start shows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTreeWidgetItem

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import Document, DocumentRole
from meetingapp.core.security.app_lock import LockSettings, hash_code
from meetingapp.core.security.vault import KeyVault
from meetingapp.core.settings import Contrast, Settings
from meetingapp.store import StoreKeys
from meetingapp.store.annotations import Kind
from meetingapp.ui.dialogs.key_dialog import NewPassphraseDialog, no_secure_keyring_reason
from meetingapp.ui.packet.agenda_panel import DOCUMENT_ROLE
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.appearance import apply_appearance
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.main_window import MainWindow
from meetingapp.ui.writing.annotation_layer import COLOURS

POLL_MS = 100
GIVE_UP_MS = 180_000


def wait_until(condition: Callable[[], bool], then: Callable[[], None]) -> None:
    """Poll ``condition`` on the event loop; call ``then`` once it holds."""
    waited = 0

    def poll() -> None:
        nonlocal waited
        if condition():
            then()
            return
        waited += POLL_MS
        if waited > GIVE_UP_MS:
            print("gave up waiting", file=sys.stderr)
            QApplication.exit(1)
            return
        QTimer.singleShot(POLL_MS, poll)

    poll()


def agenda_document_items(window: MainWindow) -> list[tuple[QTreeWidgetItem, Document]]:
    tree = reading_of(window).agenda.tree
    found = []
    for index in range(tree.topLevelItemCount()):
        node = tree.topLevelItem(index)
        for child_index in range(node.childCount() if node else 0):
            child = node.child(child_index) if node else None
            document = child.data(0, DOCUMENT_ROLE) if child else None
            if child is not None and isinstance(document, Document):
                found.append((child, document))
    return found


class Tour:
    """Walks the window through the views and saves one PNG per view."""

    def __init__(self, window: MainWindow, out: Path) -> None:
        self.window = window
        self.reading = reading_of(window)
        self.out = out
        out.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        wait_until(lambda: self.window.committee_dialog is not None, self.answer_committees)

    def answer_committees(self) -> None:
        """Pick a member of barn- och utbildningsnämnden, as a first-time user would."""
        dialog = self.window.committee_dialog
        assert dialog is not None
        context = self.window.context
        people = context.library.persons()
        person = next(
            (p for p in people if len(context.sources.suggested_committees(p.id)) >= 2), people[0]
        )
        dialog.select_person(person.id)

        def save() -> None:
            dialog.grab().save(str(self.out / "committee-dialog.png"))
            print(self.out / "committee-dialog.png")
            dialog.accept()
            wait_until(
                lambda: self.window.sync_task is None and self.window.processing is None,
                self.show_packet,
            )

        QTimer.singleShot(300, save)

    def show_packet(self) -> None:
        items = agenda_document_items(self.window)
        chosen = next((item for item, doc in items if doc.role is DocumentRole.MAIN), None)
        if chosen is None:
            print("no tjänsteskrivelse in the agenda", file=sys.stderr)
            QApplication.exit(1)
            return
        self.reading.agenda.tree.setCurrentItem(chosen)
        canvas = self.reading.reader.primary.pdf_view.canvas
        wait_until(lambda: canvas.has_pixmap(0), lambda: self.save("main-window.png", self.split))

    def split(self) -> None:
        """A bilaga beside its tjänsteskrivelse, thumbnails shown and a word searched."""
        reader = self.reading.reader
        attachment = self._attachment_beside(reader.primary.document)
        if attachment is None:
            print("no bilaga to show beside the tjänsteskrivelse", file=sys.stderr)
            QApplication.exit(1)
            return
        reader.show_beside(attachment)
        reader.primary.toggle_sidebar()
        reader.primary.open_find()
        reader.primary.find_bar.field.setText("förslag")
        reader.primary.pdf_view.search("förslag")
        secondary = reader.secondary.pdf_view.canvas
        wait_until(
            lambda: secondary.has_pixmap(0) and bool(reader.primary.pdf_view.find_state.hits),
            lambda: self.save("reader-split.png", self.annotate),
        )

    def annotate(self) -> None:
        """Marks, a comment and ink on the tjänsteskrivelse, and a note on its item."""
        reader = self.reading.reader
        reader.set_split(False)
        reader.primary.find_bar.close_bar()
        reader.primary.toggle_sidebar()
        canvas = reader.primary.pdf_view.canvas
        canvas.words_needed.emit(0)
        wait_until(lambda: bool(canvas.words_of(0)), self._write_annotations)

    def _write_annotations(self) -> None:
        view = self.reading.reader.primary
        layer, words = view.layer, view.pdf_view.canvas.words_of(0)
        lines = sorted({(word.block, word.line) for word in words})
        runs = [[i for i, w in enumerate(words) if (w.block, w.line) == line] for line in lines]
        long_runs = [run for run in runs if len(run) >= 6]
        for run, kind, colour in zip(
            long_runs[1:4], (Kind.HIGHLIGHT, Kind.UNDERLINE, Kind.HIGHLIGHT), COLOURS, strict=False
        ):
            layer.colour = colour[0]
            layer.mark_text(kind, [(0, words, run[0], run[-1])])
        layer.colour = COLOURS[4][0]
        layer.ask_text = lambda *_: "Fråga förvaltningen om kostnaden för 2027"
        x0, y0, x1, _y1 = words[long_runs[2][-1]].rect
        layer.add_note(0, (x1 + 12, y0), words)
        first = words[long_runs[4][0]].rect if len(long_runs) > 4 else (x0, y0 + 40, x1, y0 + 50)
        stroke = [(first[0] + i * 6.0, first[3] + 3 + (i % 2) * 1.5) for i in range(30)]
        layer.add_ink(0, stroke, words)
        writing = self.reading.writing
        writing.show_notes()
        editor = writing.notes.current_editor()
        editor.setMarkdown(
            "**Inför mötet**\n\n- Hur påverkas elevpengen?\n- Samråd med skolråden?\n"
        )
        writing.notes.insert_yrkande()
        self.save("annotations.png", self.search)

    def search(self) -> None:
        """Search across the packet, notes and comments."""
        pane = self.reading.search
        self.reading.writing.notes_dock.hide()
        self.reading.writing.overview_dock.hide()
        pane.open()
        pane.panel.field.setText("budget")
        pane.panel.search_now()
        self.save("search.png", self.high_contrast)

    def high_contrast(self) -> None:
        """The same window in high contrast with larger text, as Inställningar offers."""
        self.reading.search.dock.hide()
        settings = Settings(contrast=Contrast.HIGH, text_scale=125)
        apply_appearance(application(), settings)
        self.window.reload()
        self.save("high-contrast.png", self.lock)

    def lock(self) -> None:
        """The locked window: nothing of the packet or the notes shows."""
        apply_appearance(application(), Settings())
        self.window.app_lock.configure(LockSettings(code=hash_code("1234")))
        self.window.app_lock.lock()
        self.save("locked.png", self.done)

    def _attachment_beside(self, main: Document | None) -> Document | None:
        """The first bilaga of the item whose tjänsteskrivelse is open."""
        items = agenda_document_items(self.window)
        found = False
        for _item, document in items:
            if main is not None and document.file_id == main.file_id:
                found = True
            elif found and document.role is DocumentRole.AUXILIARY and document.local_path:
                return document
        return None

    def save(self, name: str, then: Callable[[], None]) -> None:
        def grab() -> None:
            self.window.grab().save(str(self.out / name))
            print(self.out / name)
            then()

        QTimer.singleShot(300, grab)  # let the last paint land

    def done(self) -> None:
        self.window.close()


def passphrase_screenshot(out: Path) -> None:
    """The first start on a computer without a secure keyring: choose a passphrase."""
    with tempfile.TemporaryDirectory(prefix="motesparm-key-") as folder:
        vault = KeyVault(Path(folder), fail.Keyring())  # type: ignore[no-untyped-call]
        dialog = NewPassphraseDialog(vault, no_secure_keyring_reason(vault))
        dialog.show()

        def grab() -> None:
            dialog.grab().save(str(out / "passphrase.png"))
            dialog.reject()

        QTimer.singleShot(300, grab)
        dialog.exec()
        print(out / "passphrase.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    arguments = parser.parse_args()
    app = application()
    passphrase_screenshot(arguments.out.resolve())
    with tempfile.TemporaryDirectory(prefix="motesparm-screens-") as data_dir:
        context = AppContext(Path(data_dir), StoreKeys.generate())
        window = MainWindow(context)
        window.resize(1500, 900)
        window.show()
        window.start_sync()
        Tour(window, arguments.out.resolve()).start()
        status = app.exec()
        window.renderer.shutdown()
        context.close()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
