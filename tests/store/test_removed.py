"""What the user wrote on an object the server removes is kept and listed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingapp.store import Store
from meetingapp.store.annotations import (
    Annotation,
    Geometry,
    Kind,
    annotations_of_file,
    save_annotation,
)
from meetingapp.store.notes import NoteKind, get_note, save_note
from meetingapp.store.objects import delete_object, save_file, save_meeting
from meetingapp.store.removed import (
    RemovedKind,
    forget_removed,
    mark_removals_noticed,
    removed_objects,
    unnoticed_removals,
)
from tests.store_keys import TEST_KEYS

FILE = {"id": "https://x/file/1", "type": "https://schema.oparl.org/1.1/File", "name": "Bilaga 2"}
MEETING = {
    "id": "https://x/meeting/1",
    "type": "https://schema.oparl.org/1.1/Meeting",
    "name": "Sammanträde 9 december",
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "data", TEST_KEYS)
    with opened.db.write() as db:
        save_file(db, FILE)
        save_meeting(db, MEETING, None)
    yield opened
    opened.close()


def note_on(store: Store, object_id: str, text: str) -> None:
    with store.db.write() as db:
        save_note(db, object_id, NoteKind.MEETING, text)


def test_a_removed_document_keeps_its_annotations_and_is_listed(store: Store) -> None:
    mark = Annotation.new(
        FILE["id"], None, Kind.NOTE, 0, Geometry(rects=((1, 1, 1, 1),)), colour="#ffd400"
    )
    with store.db.write() as db:
        save_annotation(db, mark)
        delete_object(db, FILE["id"])
    [removed] = removed_objects(store.db.read())
    assert (removed.object_id, removed.kind, removed.name) == (
        FILE["id"],
        RemovedKind.FILE,
        "Bilaga 2",
    )
    assert annotations_of_file(store.db.read(), FILE["id"]) == [mark]
    assert [r.object_id for r in unnoticed_removals(store.db.read())] == [FILE["id"]]
    with store.db.write() as db:
        mark_removals_noticed(db)
    assert unnoticed_removals(store.db.read()) == []


def test_a_removed_meeting_keeps_its_note(store: Store) -> None:
    note_on(store, MEETING["id"], "Fråga om lokalerna")
    with store.db.write() as db:
        delete_object(db, MEETING["id"])
    [removed] = removed_objects(store.db.read())
    assert removed.kind is RemovedKind.MEETING and removed.name == MEETING["name"]
    assert get_note(store.db.read(), MEETING["id"]) is not None


def test_an_object_without_user_data_leaves_no_trace(store: Store) -> None:
    with store.db.write() as db:
        delete_object(db, FILE["id"])
        delete_object(db, MEETING["id"])
    assert removed_objects(store.db.read()) == []


def test_an_object_that_comes_back_is_no_longer_removed(store: Store) -> None:
    note_on(store, MEETING["id"], "Fråga om lokalerna")
    with store.db.write() as db:
        delete_object(db, MEETING["id"])
        save_meeting(db, MEETING, None)
    assert removed_objects(store.db.read()) == []


def test_forgetting_removes_the_user_data_too(store: Store) -> None:
    note_on(store, MEETING["id"], "Fråga om lokalerna")
    with store.db.write() as db:
        delete_object(db, MEETING["id"])
        forget_removed(db, MEETING["id"])
    assert removed_objects(store.db.read()) == []
    assert get_note(store.db.read(), MEETING["id"]) is None
