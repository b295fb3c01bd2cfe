"""The writer of the user's own data: in order, durable, and patient with failures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from meetingapp.core.writing import user_data
from meetingapp.core.writing.user_data import UserDataWriter
from meetingapp.store import Store, sql
from meetingapp.store.annotations import (
    Annotation,
    Geometry,
    Kind,
    TextQuote,
    annotations_of_files,
    save_annotations,
)
from meetingapp.store.local import record_file_version
from meetingapp.store.notes import NoteKind, get_note, save_note
from tests.store_keys import TEST_KEYS


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "data", TEST_KEYS)
    yield opened
    opened.close()


def test_writes_land_in_the_order_they_were_made(store: Store) -> None:
    writer = UserDataWriter(store.db)
    for number in range(200):
        text = f"Utkast {number}"
        writer.submit(lambda db, text=text: save_note(db, "m1", NoteKind.MEETING, text))
    assert writer.flush()
    note = get_note(store.db.read(), "m1")
    assert note is not None and note.body == "Utkast 199"
    assert writer.close()


def test_on_done_runs_after_the_commit(store: Store) -> None:
    writer = UserDataWriter(store.db)
    seen: list[str | None] = []
    done = threading.Event()

    def after() -> None:
        note = get_note(store.db.read(), "m1")
        seen.append(None if note is None else note.body)
        done.set()

    writer.submit(lambda db: save_note(db, "m1", NoteKind.MEETING, "Fråga om budgeten"), after)
    assert done.wait(5)
    assert seen == ["Fråga om budgeten"]
    writer.close()


def test_a_failing_write_is_retried_and_those_behind_it_wait(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_data, "RETRY_PAUSES", (0.01,))
    problems: list[Exception | None] = []
    writer = UserDataWriter(store.db, on_problem=problems.append)
    tries = 0

    def flaky(db: sql.Connection) -> None:
        nonlocal tries
        tries += 1
        if tries < 3:
            raise sql.OperationalError("database or disk is full")
        save_note(db, "m1", NoteKind.MEETING, "först")

    writer.submit(flaky)
    writer.submit(lambda db: save_note(db, "m1", NoteKind.MEETING, "sedan"))
    assert writer.flush()
    note = get_note(store.db.read(), "m1")
    assert note is not None and note.body == "sedan"
    assert tries == 3
    assert [str(problem) for problem in problems[:2]] == ["database or disk is full"] * 2
    assert problems[-1] is None  # told that writing works again
    writer.close()


def test_a_failed_write_rolls_back_whole(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(user_data, "RETRY_PAUSES", (0.01,))
    writer = UserDataWriter(store.db)
    tries = 0

    def half_then_fail(db: sql.Connection) -> None:
        nonlocal tries
        tries += 1
        save_note(db, "m1", NoteKind.MEETING, f"försök {tries}")
        if tries == 1:
            raise OSError("No space left on device")
        save_note(db, "m2", NoteKind.MEETING, "andra halvan")

    writer.submit(half_then_fail)
    assert writer.flush()
    first, second = get_note(store.db.read(), "m1"), get_note(store.db.read(), "m2")
    assert first is not None and first.body == "försök 2"
    assert second is not None
    writer.close()


def test_flush_gives_up_after_its_timeout_while_a_write_keeps_failing(store: Store) -> None:
    writer = UserDataWriter(store.db)
    writer.submit(lambda db: db.execute("INSERT INTO no_such_table VALUES (1)"))
    assert not writer.flush(timeout=0.2)
    assert writer.pending == 1
    store.db.close()
    writer.close(timeout=0.3)


def test_a_write_a_constraint_refuses_is_dropped_and_those_behind_it_land(store: Store) -> None:
    """A constraint fails the same way every time: retrying it would hold up every
    later write for ever (and lose them at close)."""
    writer = UserDataWriter(store.db)

    def refused(db: sql.Connection) -> None:
        db.execute(
            "INSERT INTO note (object_id, kind, body, modified_at) VALUES ('m', 'x', 'y', 'z')"
        )

    writer.submit(refused)
    writer.submit(lambda db: save_note(db, "m1", NoteKind.MEETING, "Efter det som vägrades"))
    assert writer.flush(timeout=5)
    note = get_note(store.db.read(), "m1")
    assert note is not None and note.body == "Efter det som vägrades"
    assert writer.close()


def test_a_mark_on_a_version_gone_meanwhile_is_kept_without_it(store: Store) -> None:
    """A view can outlive the version it shows (retention removed it): the mark is
    saved, to be placed again, not refused by the version's foreign key."""
    with store.db.write() as db:
        db.execute("INSERT INTO file (id, name, raw) VALUES ('f1', 'Bilaga', '{}')")
        db.execute("INSERT INTO file (id, name, raw) VALUES ('f2', 'Annan', '{}')")
        version = record_file_version(db, "f2", "ab" * 32, 10, None)
    mark = Annotation.new(
        file_id="f1",
        version_id=version,  # another file's version: as a reused id would be
        kind=Kind.HIGHLIGHT,
        colour="#ffd400",
        page=0,
        geometry=Geometry(rects=((1.0, 1.0, 2.0, 2.0),)),
        quote=TextQuote("ord"),
    )
    gone = replace(mark, uid="gone", version_id=987654)
    writer = UserDataWriter(store.db)
    writer.submit(lambda db: save_annotations(db, [mark, gone]))
    assert writer.flush(timeout=5)
    stored = {a.uid: a for a in annotations_of_files(store.db.read(), ["f1"])}
    assert stored[mark.uid].version_id is None and stored["gone"].version_id is None
    writer.close()
