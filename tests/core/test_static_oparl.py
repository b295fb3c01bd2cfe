"""The static OParl publication writer: layout, lists, files, atomic and repeatable writes."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from meetingapp.core.publishing import (
    CONFIDENTIAL,
    LATE_ITEM,
    PublicationError,
    PublicationUrls,
    StaticPublication,
    oparl_type,
    write_tree,
)
from meetingapp.core.publishing.static_oparl import MANIFEST_NAME, sanitize_file_name

BASE = "https://oparl.test.example/"
T0 = "2026-03-02T09:00:00+01:00"
T1 = "2026-03-05T14:30:00+01:00"
T2 = "2026-04-01T10:00:00+02:00"
PDF = b"%PDF-1.7\n% a tiny stand-in for a document\n"
URLS = PublicationUrls(BASE)


def obj(kind: str, key: str | int, **attributes: Any) -> dict[str, Any]:
    return {
        "id": URLS.object(kind, key),
        "type": oparl_type(kind),
        "created": T0,
        "modified": T0,
        **attributes,
    }


def system() -> dict[str, Any]:
    return {
        "id": URLS.system(),
        "type": oparl_type("System"),
        "name": "Testsystem",
        "created": T0,
        "modified": T0,
    }


def build(
    meetings: int = 5, page_size: int = 2, body_name: str = "Testkommun"
) -> StaticPublication:
    """A body with two committees, meetings with items and files, a paper, people."""
    publication = StaticPublication(BASE, system(), page_size=page_size)
    publication.add_body(obj("Body", 1, name=body_name))
    for key in ("ks", "bun"):
        publication.add(obj("Organization", key, name=key.upper()))
    for number in range(1, meetings + 1):
        publication.add(meeting(number))
        publication.add_file_content(
            URLS.object("File", f"kallelse-{number}"), PDF + bytes([number])
        )
    publication.add(
        obj(
            "Paper",
            1,
            name="Skolskjutsreglemente",
            reference="BUN 2026/88",
            mainFile=obj("File", "ts-1", name="Tjänsteskrivelse – skolskjuts"),
            consultation=[
                obj(
                    "Consultation",
                    1,
                    agendaItem=URLS.object("AgendaItem", "1-2"),
                    meeting=URLS.object("Meeting", 1),
                    organization=[URLS.object("Organization", "bun")],
                )
            ],
        )
    )
    publication.add_file_content(URLS.object("File", "ts-1"), PDF + b"report")
    publication.add(
        obj(
            "Person",
            1,
            name="Anna Lindqvist",
            membership=[
                obj(
                    "Membership",
                    1,
                    organization=URLS.object("Organization", "ks"),
                    role="ordförande",
                    votingRight=True,
                )
            ],
        )
    )
    publication.add(
        obj(
            "Membership",
            2,
            person=URLS.object("Person", 1),
            organization=URLS.object("Organization", "bun"),
            role="ersättare",
            votingRight=False,
        )
    )
    return publication


def meeting(number: int) -> dict[str, Any]:
    organization = "bun" if number % 2 else "ks"
    items = [
        obj(
            "AgendaItem",
            f"{number}-{order}",
            order=order,
            number=str(order + 1),
            name=f"Ärende {order + 1}",
            public=True,
        )
        for order in (1, 0)
    ]
    items[0][CONFIDENTIAL] = "Sekretess enligt OSL 26 kap. 1 §"
    items[0]["public"] = False
    items[0][LATE_ITEM] = True
    return obj(
        "Meeting",
        number,
        name=f"Sammanträde {number}",
        organization=[URLS.object("Organization", organization)],
        invitation=obj("File", f"kallelse-{number}", name=f"Kallelse {number}.pdf", modified=T1),
        agendaItem=items,
    )


def read(files: dict[str, bytes], url: str) -> Any:
    return json.loads(files[URLS.relative_path(url)])


def follow(files: dict[str, bytes], first_page: str) -> Iterator[dict[str, Any]]:
    url: str | None = first_page
    while url is not None:
        page = read(files, url)
        yield page
        url = page["links"].get("next")


@pytest.fixture
def rendered() -> dict[str, bytes]:
    return dict(build().render().files)


def test_urls_map_to_files_under_the_root() -> None:
    assert URLS.system() == f"{BASE}system.json"
    assert URLS.object("Meeting", 17) == f"{BASE}meeting/17.json"
    assert URLS.object("File", 42) == f"{BASE}file/42.json"
    assert URLS.list_page(f"{BASE}body/1.json", "agendaItem", 2) == (
        f"{BASE}body/1/agendaitem/page-2.json"
    )
    assert URLS.relative_path(f"{BASE}body/1/meeting/page-1.json") == "body/1/meeting/page-1.json"
    with pytest.raises(PublicationError):
        URLS.object("Meeting", "Mixed-Case")
    with pytest.raises(PublicationError):
        URLS.object("Sitzung", 1)
    with pytest.raises(PublicationError):
        URLS.relative_path("https://elsewhere.example/meeting/1.json")


def test_system_and_body_link_their_lists(rendered: dict[str, bytes]) -> None:
    system_object = read(rendered, URLS.system())
    assert system_object["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = list(follow(rendered, system_object["body"]))
    body = bodies[0]["data"][0]
    for attribute in (
        "organization",
        "person",
        "meeting",
        "paper",
        "membership",
        "agendaItem",
        "consultation",
        "file",
        "locationList",
        "legislativeTermList",
    ):
        assert body[attribute] == f"{BASE}body/1/{attribute.lower()}/page-1.json"
    assert body["legislativeTerm"] == []
    assert body["system"] == URLS.system()


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [("meeting", 5), ("agendaItem", 10), ("file", 6), ("membership", 2), ("organization", 2)],
)
def test_following_next_collects_every_object_once(
    rendered: dict[str, bytes], attribute: str, expected: int
) -> None:
    body = read(rendered, URLS.object("Body", 1))
    pages = list(follow(rendered, body[attribute]))
    ids = [item["id"] for page in pages for item in page["data"]]
    assert len(ids) == len(set(ids)) == expected
    total_pages = -(-expected // 2)
    assert len(pages) == total_pages
    for number, page in enumerate(pages, start=1):
        assert page["pagination"] == {
            "totalElements": expected,
            "elementsPerPage": 2,
            "currentPage": number,
            "totalPages": total_pages,
        }
        links = page["links"]
        assert links["self"] == URLS.list_page(body["id"], attribute, number)
        assert links["first"] == URLS.list_page(body["id"], attribute, 1)
        assert links["last"] == URLS.list_page(body["id"], attribute, total_pages)
        assert ("prev" in links) == (number > 1)
        assert ("next" in links) == (number < total_pages)


def test_lists_are_sorted_naturally_by_id(rendered: dict[str, bytes]) -> None:
    built = build(meetings=12, page_size=100).render().files
    body = json.loads(built["body/1.json"])
    page = json.loads(built[URLS.relative_path(body["meeting"])])
    keys = [int(item["id"].rsplit("/", 1)[1].removesuffix(".json")) for item in page["data"]]
    assert keys == sorted(keys)


def test_every_object_is_at_the_path_its_id_maps_to(rendered: dict[str, bytes]) -> None:
    listed: dict[str, dict[str, Any]] = {}
    body = read(rendered, URLS.object("Body", 1))
    for attribute in (
        "organization",
        "person",
        "meeting",
        "paper",
        "membership",
        "agendaItem",
        "consultation",
        "file",
    ):
        for page in follow(rendered, body[attribute]):
            listed.update({item["id"]: item for item in page["data"]})
    for object_id, listed_copy in listed.items():
        assert read(rendered, object_id) == listed_copy


def test_embedded_objects_equal_their_own_files(rendered: dict[str, bytes]) -> None:
    first = read(rendered, URLS.object("Meeting", 1))
    assert [item["order"] for item in first["agendaItem"]] == [0, 1]
    for item in first["agendaItem"]:
        assert item["meeting"] == first["id"]
        assert read(rendered, item["id"]) == item
    assert read(rendered, first["invitation"]["id"]) == first["invitation"]
    assert first["invitation"]["meeting"] == [first["id"]]
    paper = read(rendered, URLS.object("Paper", 1))
    assert paper["consultation"][0]["paper"] == paper["id"]
    person = read(rendered, URLS.object("Person", 1))
    assert [m["id"] for m in person["membership"]] == [
        URLS.object("Membership", 1),
        URLS.object("Membership", 2),
    ]
    assert all(m["person"] == person["id"] for m in person["membership"])


def test_embedding_raises_modified_of_the_parent(rendered: dict[str, bytes]) -> None:
    first = read(rendered, URLS.object("Meeting", 1))
    assert first["invitation"]["modified"] == T1
    assert first["modified"] == T1
    assert first["created"] == T0


def test_organizations_list_their_meetings_and_memberships(rendered: dict[str, bytes]) -> None:
    committee = read(rendered, URLS.object("Organization", "bun"))
    meetings = [m["id"] for page in follow(rendered, committee["meeting"]) for m in page["data"]]
    assert meetings == [URLS.object("Meeting", n) for n in (1, 3, 5)]
    assert committee["membership"] == [URLS.object("Membership", 2)]


def test_vendor_attributes_pass_through(rendered: dict[str, bytes]) -> None:
    item = read(rendered, URLS.object("AgendaItem", "1-1"))
    assert item[CONFIDENTIAL] == "Sekretess enligt OSL 26 kap. 1 §"
    assert item[LATE_ITEM] is True
    assert item["public"] is False


def test_file_attributes_are_computed_from_the_content(rendered: dict[str, bytes]) -> None:
    body = read(rendered, URLS.object("Body", 1))
    files = [f for page in follow(rendered, body["file"]) for f in page["data"]]
    assert files
    for file in files:
        content = rendered[URLS.content_path(file["accessUrl"])]
        assert file["downloadUrl"] == file["accessUrl"]
        assert file["size"] == len(content)
        assert file["sha512Checksum"] == hashlib.sha512(content).hexdigest()
        assert file["sha1Checksum"] == hashlib.sha1(content).hexdigest()
        assert file["mimeType"] == "application/pdf"
        key = file["id"].rsplit("/", 1)[1].removesuffix(".json")
        assert file["accessUrl"] == f"{BASE}files/{key}/{file['fileName']}"
    report = read(rendered, URLS.object("File", "ts-1"))
    assert report["fileName"] == "Tjansteskrivelse_skolskjuts.pdf"


def test_file_names_are_sanitised() -> None:
    assert sanitize_file_name("Kallelse BUN 2026-11-25.pdf") == "Kallelse_BUN_2026-11-25.pdf"
    assert sanitize_file_name("Riktlinjer (förslag).pdf") == "Riktlinjer_forslag.pdf"
    assert sanitize_file_name("../../etc/passwd") == "etc_passwd"
    assert sanitize_file_name("///") == "file"
    long = sanitize_file_name("Å" * 300 + ".pdf")
    assert len(long) <= 100 and long.endswith(".pdf")


def test_json_is_deterministic_utf8_sorted_and_indented() -> None:
    first = build().render().files
    second = build().render().files
    assert first == second
    text = first["meeting/1.json"].decode("utf-8")
    assert text.endswith("}\n")
    assert "Ärende" in text
    parsed = json.loads(text)
    assert text == json.dumps(parsed, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def test_deleted_objects_stay_at_their_url_but_leave_lists() -> None:
    publication = build()
    publication.add(obj("Meeting", 99, deleted=True, modified=T2))
    files = publication.render().files
    assert json.loads(files["meeting/99.json"])["deleted"] is True
    body = json.loads(files["body/1.json"])
    ids = [m["id"] for page in follow(dict(files), body["meeting"]) for m in page["data"]]
    assert URLS.object("Meeting", 99) not in ids


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "https://elsewhere.example/meeting/1.json", "type": oparl_type("Meeting")},
        {"id": f"{BASE}meeting/1", "type": oparl_type("Meeting")},
        {"id": f"{BASE}meeting/1.json", "type": "https://schema.oparl.org/1.0/Meeting"},
    ],
)
def test_invalid_objects_are_refused(bad: dict[str, Any]) -> None:
    publication = build()
    with pytest.raises(PublicationError):
        publication.add({**bad, "created": T0, "modified": T0})


def test_missing_timestamps_and_conflicts_are_refused() -> None:
    publication = build()
    publication.add(obj("Meeting", 50, modified="yesterday"))
    with pytest.raises(PublicationError, match="date-time"):
        publication.render()
    publication = build()
    with pytest.raises(PublicationError, match="different content"):
        publication.add(obj("Organization", "ks", name="Something else"))


def test_write_creates_the_tree_and_a_manifest(tmp_path: Path) -> None:
    report = build().write(tmp_path)
    assert (tmp_path / "system.json").is_file()
    assert (tmp_path / "body" / "1" / "meeting" / "page-3.json").is_file()
    assert (tmp_path / "files" / "kallelse-1" / "Kallelse_1.pdf").read_bytes() == PDF + b"\x01"
    assert not report.unchanged and not report.removed
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(report.written)
    assert not list(tmp_path.rglob("*.tmp"))


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != MANIFEST_NAME
    }


def test_writes_go_through_a_temporary_file_and_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build().write(tmp_path)
    renamed: list[str] = []
    original_replace = Path.replace

    def recording_replace(self: Path, destination: Any) -> Path:
        renamed.append(f"{self.name} -> {Path(destination).name}")
        return original_replace(self, destination)

    monkeypatch.setattr(Path, "replace", recording_replace)
    build(body_name="Testkommun, ändrad").write(tmp_path)
    assert ".1.json.tmp -> 1.json" in renamed
    assert json.loads((tmp_path / "body" / "1.json").read_bytes())["name"] == ("Testkommun, ändrad")
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_failed_write_leaves_every_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build().write(tmp_path)
    before = snapshot(tmp_path)
    calls = {"count": 0}

    def fsync_failing_after_the_manifest(descriptor: int) -> None:
        calls["count"] += 1
        if calls["count"] > 1:
            raise OSError("power cut")

    monkeypatch.setattr(os, "fsync", fsync_failing_after_the_manifest)
    with pytest.raises(OSError, match="power cut"):
        build(meetings=6).write(tmp_path)
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.rglob("*.tmp"))
    monkeypatch.undo()
    build(meetings=2).write(tmp_path)
    assert not (tmp_path / "meeting" / "6.json").exists()


def test_republication_removes_stale_files_only(tmp_path: Path) -> None:
    build(meetings=5).write(tmp_path)
    unrelated = tmp_path / "README.txt"
    unrelated.write_text("not part of the publication", encoding="utf-8")
    unchanged = tmp_path / "organization" / "ks.json"
    stamp = unchanged.stat().st_mtime_ns
    report = build(meetings=2).write(tmp_path)
    assert "meeting/5.json" in report.removed
    assert "files/kallelse-5/Kallelse_5.pdf" in report.removed
    assert not (tmp_path / "meeting" / "5.json").exists()
    assert not (tmp_path / "files" / "kallelse-5").exists()
    assert not (tmp_path / "body" / "1" / "meeting" / "page-3.json").exists()
    assert unrelated.exists()
    assert "organization/ks.json" in report.unchanged
    assert unchanged.stat().st_mtime_ns == stamp
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    on_disk = {
        path.relative_to(tmp_path).as_posix()
        for path in tmp_path.rglob("*")
        if path.is_file() and path.name not in (MANIFEST_NAME, "README.txt")
    }
    assert on_disk == set(manifest["files"])


def test_writing_the_same_publication_twice_changes_nothing(tmp_path: Path) -> None:
    first = tmp_path / "a"
    second = tmp_path / "b"
    build().write(first)
    build().write(second)
    again = build().write(first)
    assert not again.written and not again.removed

    def digest(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    assert digest(first) == digest(second)


def test_write_tree_refuses_paths_outside_the_root(tmp_path: Path) -> None:
    from meetingapp.core.publishing import RenderedPublication

    with pytest.raises(PublicationError):
        write_tree(tmp_path, RenderedPublication(BASE, {"../escape.json": b"{}"}))
