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

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTreeWidgetItem

from meetingapp.app import AppContext
from meetingapp.library import Document, DocumentRole
from meetingapp.settings import Contrast, Settings
from meetingapp.ui.agenda_panel import DOCUMENT_ROLE
from meetingapp.ui.app import application
from meetingapp.ui.appearance import apply_appearance
from meetingapp.ui.main_window import MainWindow

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
    tree = window.agenda.tree
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
            (p for p in people if len(context.suggested_committees(p.id)) >= 2), people[0]
        )
        dialog.select_person(person.id)

        def save() -> None:
            dialog.grab().save(str(self.out / "committee-dialog.png"))
            print(self.out / "committee-dialog.png")
            dialog.accept()
            wait_until(
                lambda: self.window.sync_task is None and self.window.counting_pages is None,
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
        self.window.agenda.tree.setCurrentItem(chosen)
        canvas = self.window.reader.primary.pdf_view.canvas
        wait_until(lambda: canvas.has_pixmap(0), lambda: self.save("main-window.png", self.split))

    def split(self) -> None:
        """A bilaga beside its tjänsteskrivelse, thumbnails shown and a word searched."""
        reader = self.window.reader
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
            lambda: self.save("reader-split.png", self.high_contrast),
        )

    def high_contrast(self) -> None:
        """The same window in high contrast with larger text, as Inställningar offers."""
        self.window.reader.set_split(False)
        self.window.reader.primary.find_bar.close_bar()
        settings = Settings(contrast=Contrast.HIGH, text_scale=125)
        apply_appearance(application(), settings)
        self.window.reload()
        self.save("high-contrast.png", self.done)

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    arguments = parser.parse_args()
    app = application()
    with tempfile.TemporaryDirectory(prefix="motesparm-screens-") as data_dir:
        context = AppContext(Path(data_dir))
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
