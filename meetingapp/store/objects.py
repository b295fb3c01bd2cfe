"""Saving OParl objects into the typed tables.

Every saved row keeps the object's JSON as the server sent it (``raw``), so an
attribute this program does not know yet, or a vendor extension, is never lost.
Embedded objects (a meeting's agenda items and files, a paper's files and
consultations, a person's memberships) are stored as rows of their own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from meetingapp.store import sql

JsonObject = Mapping[str, Any]

CONFIDENTIAL_ATTRIBUTE: Final = "MOTESPARM:confidential"
LATE_ITEM_ATTRIBUTE: Final = "MOTESPARM:lateItem"


def object_type(obj: JsonObject) -> str:
    """The bare type name ("Meeting") of an OParl 1.0 or 1.1 type URL."""
    type_url = obj.get("type")
    if not isinstance(type_url, str):
        return ""
    return type_url.rstrip("/").rsplit("/", 1)[-1]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _flag(value: Any) -> int | None:
    return int(value) if isinstance(value, bool) else None


def _id_of(value: Any) -> str | None:
    """An object reference given either as URL or as an embedded object."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return _text(value.get("id"))
    return None


def _body_of(db: sql.Connection, obj: JsonObject, body_id: str | None) -> str | None:
    """The body whose list holds the object; else the one it names, when stored
    (a reference to an unknown body would break the foreign key)."""
    if body_id is not None:
        return body_id
    named = _id_of(obj.get("body"))
    known = named is not None and db.execute("SELECT 1 FROM body WHERE id = ?", (named,))
    return named if known and known.fetchone() else None


def _embedded_list(value: Any) -> list[Any] | None:
    """An embedded list; a lone object counts as a list of one. None when absent."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return value
    return []


def _raw(obj: JsonObject) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def _upsert(db: sql.Connection, table: str, row: Mapping[str, Any]) -> None:
    columns = ", ".join(row)
    placeholders = ", ".join(f":{name}" for name in row)
    updates = ", ".join(f"{name} = excluded.{name}" for name in row if name != "id")
    db.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
        f"ON CONFLICT(id) DO UPDATE SET {updates}",
        dict(row),
    )


def _link_files(db: sql.Connection, owner_id: str, role: str, files: list[Any] | None) -> None:
    """Replace the owner's files in ``role`` by ``files`` (untouched when None)."""
    if files is None:
        return
    db.execute("DELETE FROM file_link WHERE owner_id = ? AND role = ?", (owner_id, role))
    for position, file_obj in enumerate(files):
        file_id = _id_of(file_obj)
        if file_id is None:
            continue
        if isinstance(file_obj, Mapping):
            save_file(db, file_obj)
        db.execute(
            "INSERT OR REPLACE INTO file_link (owner_id, file_id, role, position) "
            "VALUES (?, ?, ?, ?)",
            (owner_id, file_id, role, position),
        )


def _single_file(db: sql.Connection, owner_id: str, role: str, value: Any) -> str | None:
    if value is None:
        return None
    _link_files(db, owner_id, role, [value])
    return _id_of(value)


def save_file(db: sql.Connection, obj: JsonObject) -> None:
    size = obj.get("size")
    _upsert(
        db,
        "file",
        {
            "id": obj["id"],
            "name": _text(obj.get("name")) or _text(obj.get("fileName")) or "",
            "file_name": _text(obj.get("fileName")),
            "mime_type": _text(obj.get("mimeType")),
            "size": size if isinstance(size, int) and size >= 0 else None,
            "sha512": _text(obj.get("sha512Checksum")),
            "sha1": _text(obj.get("sha1Checksum")),
            "access_url": _text(obj.get("accessUrl")),
            "download_url": _text(obj.get("downloadUrl")),
            "date": _text(obj.get("date")),
            "confidential": _text(obj.get(CONFIDENTIAL_ATTRIBUTE)),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )


def save_body(db: sql.Connection, obj: JsonObject, source_id: int) -> None:
    _upsert(
        db,
        "body",
        {
            "id": obj["id"],
            "source_id": source_id,
            "name": _text(obj.get("name")) or "",
            "short_name": _text(obj.get("shortName")),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )


def save_organization(db: sql.Connection, obj: JsonObject, body_id: str | None) -> None:
    _upsert(
        db,
        "organization",
        {
            "id": obj["id"],
            "body_id": _body_of(db, obj, body_id),
            "name": _text(obj.get("name")) or "",
            "short_name": _text(obj.get("shortName")),
            "classification": _text(obj.get("classification")),
            "organization_type": _text(obj.get("organizationType")),
            "start_date": _text(obj.get("startDate")),
            "end_date": _text(obj.get("endDate")),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )


def save_membership(db: sql.Connection, obj: JsonObject, person_id: str | None) -> None:
    _upsert(
        db,
        "membership",
        {
            "id": obj["id"],
            "person_id": _id_of(obj.get("person")) or person_id,
            "organization_id": _id_of(obj.get("organization")),
            "role": _text(obj.get("role")),
            "voting_right": _flag(obj.get("votingRight")),
            "start_date": _text(obj.get("startDate")),
            "end_date": _text(obj.get("endDate")),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )


def save_person(db: sql.Connection, obj: JsonObject, body_id: str | None) -> None:
    _upsert(
        db,
        "person",
        {
            "id": obj["id"],
            "body_id": _body_of(db, obj, body_id),
            "name": _text(obj.get("name")) or "",
            "family_name": _text(obj.get("familyName")),
            "given_name": _text(obj.get("givenName")),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )
    for membership in _embedded_list(obj.get("membership")) or []:
        if isinstance(membership, Mapping) and _id_of(membership):
            save_membership(db, membership, obj["id"])


def save_agenda_item(db: sql.Connection, obj: JsonObject, meeting_id: str, position: int) -> None:
    order = obj.get("order")
    _upsert(
        db,
        "agenda_item",
        {
            "id": obj["id"],
            "meeting_id": meeting_id,  # the meeting it came with, whatever it names
            "position": order if isinstance(order, int) else position,
            "number": _text(obj.get("number")),
            "name": _text(obj.get("name")) or "",
            "public": 0 if obj.get("public") is False else 1,
            "confidential": _text(obj.get(CONFIDENTIAL_ATTRIBUTE)),
            "late_item": 1 if obj.get(LATE_ITEM_ATTRIBUTE) is True else 0,
            "result": _text(obj.get("result")),
            "resolution_text": _text(obj.get("resolutionText")),
            "consultation_id": _id_of(obj.get("consultation")),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )
    _link_files(db, obj["id"], "auxiliary", _embedded_list(obj.get("auxiliaryFile")))
    _single_file(db, obj["id"], "resolution", obj.get("resolutionFile"))


def _location_text(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return _text(value.get("description")) or _text(value.get("room"))
    return None


def save_meeting(db: sql.Connection, obj: JsonObject, body_id: str | None) -> None:
    meeting_id = obj["id"]
    _upsert(
        db,
        "meeting",
        {
            "id": meeting_id,
            "body_id": body_id,
            "name": _text(obj.get("name")) or "",
            "start": _text(obj.get("start")),
            "end": _text(obj.get("end")),
            "location": _location_text(obj.get("location")),
            "meeting_state": _text(obj.get("meetingState")),
            "cancelled": 1 if obj.get("cancelled") is True else 0,
            "invitation_file_id": _single_file(db, meeting_id, "invitation", obj.get("invitation")),
            "results_protocol_file_id": _single_file(
                db, meeting_id, "resultsProtocol", obj.get("resultsProtocol")
            ),
            "verbatim_protocol_file_id": _single_file(
                db, meeting_id, "verbatimProtocol", obj.get("verbatimProtocol")
            ),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )
    _save_meeting_organizations(db, meeting_id, obj.get("organization"))
    _link_files(db, meeting_id, "auxiliary", _embedded_list(obj.get("auxiliaryFile")))
    _save_agenda(db, meeting_id, _embedded_list(obj.get("agendaItem")))


def _save_meeting_organizations(db: sql.Connection, meeting_id: str, value: Any) -> None:
    organizations = _embedded_list(value) if not isinstance(value, str) else [value]
    if organizations is None:
        return
    db.execute("DELETE FROM meeting_organization WHERE meeting_id = ?", (meeting_id,))
    for organization in organizations:
        organization_id = _id_of(organization)
        if organization_id:
            db.execute(
                "INSERT OR IGNORE INTO meeting_organization VALUES (?, ?)",
                (meeting_id, organization_id),
            )


def _save_agenda(db: sql.Connection, meeting_id: str, items: list[Any] | None) -> None:
    """Store the embedded agenda; items the meeting no longer lists are removed."""
    if items is None:
        return
    kept: list[str] = []
    for position, item in enumerate(items):
        if isinstance(item, Mapping) and _id_of(item) and item.get("deleted") is not True:
            save_agenda_item(db, item, meeting_id, position)
            kept.append(item["id"])
    placeholders = ", ".join("?" for _ in kept)
    db.execute(
        f"DELETE FROM agenda_item WHERE meeting_id = ? AND id NOT IN ({placeholders})",
        (meeting_id, *kept),
    )


def save_consultation(db: sql.Connection, obj: JsonObject, paper_id: str | None) -> None:
    _upsert(
        db,
        "consultation",
        {
            "id": obj["id"],
            "paper_id": _id_of(obj.get("paper")) or paper_id,
            "agenda_item_id": _id_of(obj.get("agendaItem")),
            "meeting_id": _id_of(obj.get("meeting")),
            "role": _text(obj.get("role")),
            "authoritative": _flag(obj.get("authoritative")),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )


def save_paper(db: sql.Connection, obj: JsonObject, body_id: str | None) -> None:
    paper_id = obj["id"]
    _upsert(
        db,
        "paper",
        {
            "id": paper_id,
            "body_id": _body_of(db, obj, body_id),
            "name": _text(obj.get("name")) or "",
            "reference": _text(obj.get("reference")),
            "paper_type": _text(obj.get("paperType")),
            "date": _text(obj.get("date")),
            "main_file_id": _single_file(db, paper_id, "main", obj.get("mainFile")),
            "modified": _text(obj.get("modified")),
            "raw": _raw(obj),
        },
    )
    _link_files(db, paper_id, "auxiliary", _embedded_list(obj.get("auxiliaryFile")))
    for consultation in _embedded_list(obj.get("consultation")) or []:
        if isinstance(consultation, Mapping) and _id_of(consultation):
            save_consultation(db, consultation, paper_id)


def save_listed_agenda_item(db: sql.Connection, obj: JsonObject) -> None:
    """An agenda item from a body's agendaItem list (OParl 1.1, omit_internal)."""
    meeting_id = _id_of(obj.get("meeting"))
    known = db.execute("SELECT 1 FROM meeting WHERE id = ?", (meeting_id,)).fetchone()
    if meeting_id is None or known is None:
        return  # its meeting comes with the meeting list, agenda included
    stored = db.execute("SELECT position FROM agenda_item WHERE id = ?", (obj["id"],)).fetchone()
    save_agenda_item(db, obj, meeting_id, stored["position"] if stored else 10_000)


def save_listed_file(db: sql.Connection, obj: JsonObject) -> None:
    """A file from a body's file list, linked to its owners by its back references.

    With omit_internal the owners do not list their files, so the file says
    where it belongs (OParl 1.1 File.meeting/.agendaItem/.paper). Links that
    already exist keep their role and order; a new one is appended.
    """
    save_file(db, obj)
    file_id = obj["id"]
    for attribute in ("meeting", "agendaItem", "paper"):
        for owner in _embedded_list(obj.get(attribute)) or []:
            owner_id = _id_of(owner)
            if owner_id is not None:
                _link_back(db, owner_id, file_id)


def _link_back(db: sql.Connection, owner_id: str, file_id: str) -> None:
    linked = db.execute(
        "SELECT 1 FROM file_link WHERE owner_id = ? AND file_id = ?", (owner_id, file_id)
    ).fetchone()
    if linked is not None:
        return
    main = db.execute("SELECT 1 FROM paper WHERE id = ? AND main_file_id = ?", (owner_id, file_id))
    role = "main" if main.fetchone() else "auxiliary"
    position = db.execute(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM file_link WHERE owner_id = ?", (owner_id,)
    ).fetchone()[0]
    db.execute(
        "INSERT INTO file_link (owner_id, file_id, role, position) VALUES (?, ?, ?, ?)",
        (owner_id, file_id, role, position),
    )


_SAVERS: Final[dict[str, Callable[[sql.Connection, JsonObject, str | None], None]]] = {
    "Organization": save_organization,
    "Person": save_person,
    "Membership": lambda db, obj, _body: save_membership(db, obj, None),
    "Meeting": save_meeting,
    "Paper": save_paper,
    "Consultation": lambda db, obj, _body: save_consultation(db, obj, None),
    "AgendaItem": lambda db, obj, _body: save_listed_agenda_item(db, obj),
    "File": lambda db, obj, _body: save_listed_file(db, obj),
}

# Where each type lives, for deletions (a tombstone may lack its type).
_TABLES: Final = (
    "organization",
    "person",
    "membership",
    "meeting",
    "agenda_item",
    "paper",
    "consultation",
    "file",
)


def save_listed_object(db: sql.Connection, obj: JsonObject, body_id: str | None) -> bool:
    """Save (or, for a tombstone, delete) one object from a body list.

    Returns False for an object without id or of a type this program does not store.
    """
    object_id = obj.get("id")
    if not isinstance(object_id, str) or not object_id:
        return False
    if obj.get("deleted") is True:
        delete_object(db, object_id)
        return True
    saver = _SAVERS.get(object_type(obj))
    if saver is None:
        return False
    saver(db, obj, body_id)
    return True


# Tables of the types a body lists, which know their body (for reconciliation).
BODY_TABLES: Final = {
    "Organization": "organization",
    "Person": "person",
    "Meeting": "meeting",
    "Paper": "paper",
}
_TABLE_OF_TYPE: Final = {
    **BODY_TABLES,
    "Membership": "membership",
    "AgendaItem": "agenda_item",
    "Consultation": "consultation",
    "File": "file",
}


def is_unchanged(db: sql.Connection, obj: JsonObject) -> bool:
    """True when the stored copy has the same ``modified`` (nothing to write)."""
    table = _TABLE_OF_TYPE.get(object_type(obj))
    modified = obj.get("modified")
    if table is None or not isinstance(modified, str) or obj.get("deleted") is True:
        return False
    row = db.execute(f"SELECT modified FROM {table} WHERE id = ?", (obj.get("id"),)).fetchone()
    return row is not None and row["modified"] == modified


def is_unchanged_body(db: sql.Connection, obj: JsonObject) -> bool:
    row = db.execute("SELECT modified FROM body WHERE id = ?", (obj.get("id"),)).fetchone()
    return (
        row is not None and row["modified"] is not None and row["modified"] == obj.get("modified")
    )


def stored_bodies(db: sql.Connection, ids: Iterable[str]) -> list[dict[str, Any]]:
    """The bodies as last received, for a list page the server said is unchanged."""
    bodies = []
    for body_id in ids:
        row = db.execute("SELECT raw FROM body WHERE id = ?", (body_id,)).fetchone()
        if row is not None:
            bodies.append(json.loads(row["raw"]))
    return bodies


def delete_missing(db: sql.Connection, type_name: str, body_id: str, keep: set[str]) -> list[str]:
    """Delete the body's objects of a type that a complete listing did not contain.

    Returns the ids removed.
    """
    table = BODY_TABLES[type_name]
    stored = [
        row["id"] for row in db.execute(f"SELECT id FROM {table} WHERE body_id = ?", (body_id,))
    ]
    missing = [object_id for object_id in stored if object_id not in keep]
    for object_id in missing:
        delete_object(db, object_id)
    return missing


def delete_object(db: sql.Connection, object_id: str) -> None:
    """Remove an object wherever it is stored, with its file links.

    The local copies of a file are not removed here: the ``file_gone`` trigger
    records a deleted file that has them, and files no meeting, item or paper holds
    any more are found after the sync; ``meetingapp.core.retention`` removes their
    copies then, handles the user's writing on them and tells the user.
    """
    for table in _TABLES:
        db.execute(f"DELETE FROM {table} WHERE id = ?", (object_id,))
    db.execute("DELETE FROM file_link WHERE owner_id = ?", (object_id,))
