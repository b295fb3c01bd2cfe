"""Saving OParl objects: embedded objects, tombstones, unknown attributes kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from meetingapp.store import Database
from meetingapp.store.objects import object_type, save_listed_object
from tests.store_keys import TEST_KEYS

TYPE = "https://schema.oparl.org/1.1/"
BODY = "https://x.example/body/1"


def file_obj(number: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"https://x.example/file/{number}",
        "type": TYPE + "File",
        "name": f"Bilaga {number}",
        "accessUrl": f"https://x.example/files/{number}.pdf",
        "mimeType": "application/pdf",
        **extra,
    }


def meeting(items: list[dict[str, Any]] | None, **extra: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "id": "https://x.example/meeting/1",
        "type": TYPE + "Meeting",
        "name": "Sammanträde med barn- och utbildningsnämnden",
        "start": "2026-11-24T18:00:00+01:00",
        "organization": ["https://x.example/organization/1"],
        "invitation": file_obj(1),
        "location": {"id": "https://x.example/location/1", "description": "Sessionssalen"},
        **extra,
    }
    if items is not None:
        obj["agendaItem"] = items
    return obj


def item(number: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"https://x.example/agendaitem/{number}",
        "type": TYPE + "AgendaItem",
        "number": str(number),
        "order": number,
        "name": f"Ärende {number}",
        **extra,
    }


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "db.sqlite3", TEST_KEYS.database)
    with db.write() as writer:
        writer.execute("INSERT INTO source (id, url, added_at) VALUES (1, 'u', 't')")
        writer.execute(
            "INSERT INTO body (id, source_id, name, raw) VALUES (?, 1, 'Kommun', '{}')", (BODY,)
        )
    yield db
    db.close()


def save(database: Database, obj: dict[str, Any]) -> bool:
    with database.write() as db:
        return save_listed_object(db, obj, BODY)


def column(database: Database, query: str, *args: object) -> list[Any]:
    return [row[0] for row in database.read().execute(query, args)]


def test_meeting_with_embedded_agenda_and_files(database: Database) -> None:
    save(database, meeting([item(1), item(2, public=False, auxiliaryFile=[file_obj(5)])]))
    assert column(database, "SELECT number FROM agenda_item ORDER BY position") == ["1", "2"]
    assert column(database, "SELECT public FROM agenda_item ORDER BY position") == [1, 0]
    assert column(database, "SELECT location FROM meeting") == ["Sessionssalen"]
    assert column(database, "SELECT invitation_file_id FROM meeting") == [file_obj(1)["id"]]
    assert sorted(column(database, "SELECT role FROM file_link")) == ["auxiliary", "invitation"]
    assert column(database, "SELECT COUNT(*) FROM file") == [2]


def test_unknown_and_vendor_attributes_are_kept(database: Database) -> None:
    save(database, meeting([], **{"MOTESPARM:extra": {"a": 1}, "futureField": [1, 2]}))
    raw = json.loads(column(database, "SELECT raw FROM meeting")[0])
    assert raw["MOTESPARM:extra"] == {"a": 1}
    assert raw["futureField"] == [1, 2]


def test_resaved_meeting_drops_items_it_no_longer_lists(database: Database) -> None:
    save(database, meeting([item(1), item(2), item(3)]))
    save(database, meeting([item(1), item(3)]))
    assert column(database, "SELECT number FROM agenda_item ORDER BY position") == ["1", "3"]


def test_meeting_without_embedded_agenda_keeps_its_items(database: Database) -> None:
    """omit_internal=true: the agenda is not sent, so nothing is removed."""
    save(database, meeting([item(1), item(2)]))
    save(database, meeting(None))
    assert column(database, "SELECT COUNT(*) FROM agenda_item") == [2]


def test_tombstone_removes_the_object_even_without_type(database: Database) -> None:
    save(database, meeting([item(1)]))
    assert save(database, {"id": "https://x.example/meeting/1", "deleted": True})
    assert column(database, "SELECT COUNT(*) FROM meeting") == [0]
    assert column(database, "SELECT COUNT(*) FROM agenda_item") == [0]


def test_auxiliary_file_given_as_single_object(database: Database) -> None:
    paper = {
        "id": "https://x.example/paper/1",
        "type": TYPE + "Paper",
        "name": "Skolskjuts",
        "reference": "BUN 2026/12",
        "mainFile": file_obj(10),
        "auxiliaryFile": file_obj(11),
        "consultation": [{"id": "https://x.example/consultation/1", "agendaItem": item(1)["id"]}],
    }
    save(database, paper)
    assert sorted(
        column(database, "SELECT role FROM file_link WHERE owner_id = ?", paper["id"])
    ) == [
        "auxiliary",
        "main",
    ]
    assert column(database, "SELECT paper_id FROM consultation") == [paper["id"]]


def test_oparl_1_0_type_urls_and_objects_without_id(database: Database) -> None:
    organization = {
        "id": "https://x.example/organization/1",
        "type": "https://schema.oparl.org/1.0/Organization",
        "name": "Kommunstyrelsen",
    }
    assert save(database, organization)
    assert not save(database, {"type": TYPE + "Meeting", "name": "no id"})
    assert not save(database, {"id": "https://x.example/x", "type": TYPE + "Unknown"})
    assert column(database, "SELECT name FROM organization") == ["Kommunstyrelsen"]


def test_unusable_values_do_not_break_saving(database: Database) -> None:
    bad = meeting(
        [item(1, public="ja", order="first")],
        start="N/A",
        cancelled="yes",
        organization="https://x.example/organization/1",
    )
    bad["invitation"] = {**file_obj(1), "size": "large"}
    save(database, bad)
    assert column(database, "SELECT start FROM meeting") == ["N/A"]
    assert column(database, "SELECT size FROM file") == [None]
    assert column(database, "SELECT organization_id FROM meeting_organization") == [
        "https://x.example/organization/1"
    ]


def test_object_type_of_type_urls() -> None:
    assert object_type({"type": "https://schema.oparl.org/1.0/Body"}) == "Body"
    assert object_type({"type": "https://schema.oparl.org/1.1/Paper/"}) == "Paper"
    assert object_type({}) == ""
