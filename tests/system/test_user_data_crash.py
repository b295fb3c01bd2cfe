"""What the user wrote survives kill -9.

A child process makes a seeded sequence of edits through the program's one
writer (annotations made, changed and deleted; a note typed in steps) and says
after each commit which edit it acknowledged. The parent kills it with SIGKILL
after a random number of acknowledgements. Afterwards the database is whole and
holds exactly the state after some number of edits no smaller than the number
acknowledged: an acknowledged edit is never lost and nothing is half-written.

Children are forked from a server that has the store already imported, so each
of the trials costs milliseconds, not a Python start.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from meetingapp.store import Store
from meetingapp.store.annotations import (
    Annotation,
    Geometry,
    Kind,
    TextQuote,
    annotations_of_file,
    delete_annotation,
    save_annotation,
)
from meetingapp.store.notes import NoteKind, get_note, save_note
from tests.store_keys import TEST_KEYS

TRIALS = 180
"""With the 20 kills of ``test_sync_crash``, 200 kills across sync and editing."""
FILE_ID = "file-1"
MEETING_ID = "m1"
MOMENT = "2026-12-01T18:00:00+00:00"


@dataclass(frozen=True)
class Edit:
    annotation: Annotation | None = None
    deleted: str | None = None
    note: str | None = None


def edits(seed: int, count: int) -> list[Edit]:
    """A user's edits: new marks, changed comments and colours, deletions, typing."""
    chance = random.Random(seed)
    made: list[Annotation] = []
    typed = ""
    result: list[Edit] = []
    for number in range(count):
        roll = chance.random()
        if roll < 0.35 or not made:
            mark = Annotation(
                uid=f"{seed:04d}-{number:04d}",  # the same in parent and child
                file_id=FILE_ID,
                version_id=None,
                kind=chance.choice([Kind.HIGHLIGHT, Kind.UNDERLINE, Kind.NOTE]),
                colour="#ffd400",
                page=chance.randrange(20),
                geometry=Geometry(rects=((72.0, 100.0 + number, 300.0, 112.0 + number),)),
                quote=TextQuote(f"ord {number}"),
                comment=f"kommentar {number}",
                created_at=MOMENT,
                modified_at=MOMENT,
            )
            made.append(mark)
            result.append(Edit(annotation=mark))
        elif roll < 0.55:
            index = chance.randrange(len(made))
            made[index] = replace(made[index], comment=f"ändrad {number}", colour="#5aa9ff")
            result.append(Edit(annotation=made[index]))
        elif roll < 0.65:
            gone = made.pop(chance.randrange(len(made)))
            result.append(Edit(deleted=gone.uid))
        else:
            typed += chance.choice(["Fråga om ", "kostnaden ", "för ", "äldreomsorgen. ", "\n"])
            result.append(Edit(note=typed))
    return result


def states_after(sequence: list[Edit]) -> list[tuple[dict[str, Annotation], str | None]]:
    """The stored state after 0, 1, … len(sequence) edits."""
    marks: dict[str, Annotation] = {}
    note: str | None = None
    states = [({}, None)]
    for edit in sequence:
        if edit.annotation is not None:
            marks[edit.annotation.uid] = edit.annotation
        if edit.deleted is not None:
            marks.pop(edit.deleted, None)
        if edit.note is not None:
            note = edit.note if edit.note.strip() else None
        states.append((dict(marks), note))
    return states


def write_in_child(data_dir: str, seed: int, count: int, acks: Connection) -> None:
    """Runs in the forked child: make the edits, acknowledge each once committed."""
    from meetingapp.core.writing.user_data import UserData, UserDataWriter

    store = Store(Path(data_dir), TEST_KEYS)
    data = UserData(store.db, UserDataWriter(store.db))
    for number, edit in enumerate(edits(seed, count), start=1):
        if edit.annotation is not None:
            mark = edit.annotation
            data.writer.submit(lambda db, mark=mark: save_annotation(db, mark))
        elif edit.deleted is not None:
            data.writer.submit(lambda db, uid=edit.deleted: delete_annotation(db, uid))
        else:
            body = edit.note or ""
            data.writer.submit(
                lambda db, body=body: save_note(db, MEETING_ID, NoteKind.MEETING, body)
            )
        data.writer.submit(lambda _db: None, lambda number=number: acks.send(number))
    data.writer.flush(timeout=60)
    acks.send(-1)
    signal.pause()  # wait to be killed, like a program that is still open


def stored_state(data_dir: Path) -> tuple[dict[str, Annotation], str | None]:
    store = Store(data_dir, TEST_KEYS)
    try:
        assert store.db.integrity_check() == "ok"
        db = store.db.read()
        marks = {mark.uid: mark for mark in annotations_of_file(db, FILE_ID)}
        note = get_note(db, MEETING_ID)
        return marks, None if note is None else note.body
    finally:
        store.close()


@pytest.fixture(scope="module")
def forkserver() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("this system cannot fork")  # Windows; CI runs on Linux
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["meetingapp.store", "meetingapp.core.writing.user_data"])
    return context


@pytest.mark.slow
def test_acknowledged_edits_survive_kill_9_and_nothing_is_half_written(
    tmp_path: Path, forkserver: multiprocessing.context.BaseContext
) -> None:
    chance = random.Random(2026)
    for trial in range(TRIALS):
        count = chance.randint(1, 30)
        kill_after = chance.randint(0, count)
        data_dir = tmp_path / f"trial-{trial}"
        Store(data_dir, TEST_KEYS).close()  # the schema, before the child starts writing
        receive, send = forkserver.Pipe(duplex=False)
        child = forkserver.Process(
            target=write_in_child, args=(str(data_dir), trial, count, send), daemon=True
        )
        child.start()
        send.close()
        acknowledged = 0
        while acknowledged < kill_after and receive.poll(30):
            got = receive.recv()
            if got == -1:
                break
            acknowledged = got
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        receive.close()
        states = states_after(edits(trial, count))
        found = stored_state(data_dir)
        matching = [k for k, state in enumerate(states) if state == found]
        assert matching, f"trial {trial}: the stored state is no prefix of the edits"
        assert max(matching) >= acknowledged, (
            f"trial {trial}: {acknowledged} edits acknowledged, the store holds {max(matching)}"
        )
