"""What the user wrote survives kill -9: every write acknowledged before the kill is
there afterwards, and the database is whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from meetingapp.store import Store
from meetingapp.store.annotations import annotations_of_file
from meetingapp.store.notes import get_note

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from meetingapp.store import Store
    from meetingapp.store.annotations import Annotation, Geometry, Kind, TextQuote
    from meetingapp.store.notes import NoteKind
    from meetingapp.user_data import UserData, UserDataWriter

    store = Store(Path(sys.argv[1]))
    data = UserData(store.db, UserDataWriter(store.db))
    number = 0
    while True:
        number += 1
        annotation = Annotation.new(
            "file-1", None, Kind.HIGHLIGHT, number % 7,
            Geometry(rects=((72.0, 100.0 + number % 40, 300.0, 112.0 + number % 40),)),
            colour="#ffd400", quote=TextQuote(f"ord {number}"), comment=f"kommentar {number}",
        )
        data.save(annotation)
        data.save_note("m1", NoteKind.MEETING, f"Anteckning nummer {number}")
        def acknowledge(uid=annotation.uid, number=number):
            sys.stdout.write(f"{uid} {number}\\n")
            sys.stdout.flush()
        data.writer.submit(lambda db: None, acknowledge)
        data.writer.flush()
    """
)


def _run_and_kill(data_dir: Path, wanted: int) -> list[tuple[str, int]]:
    """Start a writer, read ``wanted`` acknowledgements, then kill it at once."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert process.stdout is not None
    acknowledged: list[tuple[str, int]] = []
    for line in process.stdout:
        uid, number = line.split()
        acknowledged.append((uid, int(number)))
        if len(acknowledged) >= wanted:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    return acknowledged


def test_acknowledged_annotations_and_notes_survive_kill_9(tmp_path: Path) -> None:
    chance = random.Random(5)
    data_dir = tmp_path / "data"
    everything: set[str] = set()
    for _trial in range(6):
        acknowledged = _run_and_kill(data_dir, chance.randint(5, 60))
        everything |= {uid for uid, _ in acknowledged}
        store = Store(data_dir)
        try:
            assert store.db.integrity_check() == "ok"
            stored = {a.uid for a in annotations_of_file(store.db.read(), "file-1")}
            assert everything <= stored
            note = get_note(store.db.read(), "m1")
            assert note is not None
            assert int(note.body.rsplit(" ", 1)[1]) >= acknowledged[-1][1]
        finally:
            store.close()
