"""The demo publication: deterministic, valid OParl 1.1, and it has what the app needs.

The OParl 1.1 JSON schemas (``tests/oparl_schema``, CC BY-SA 4.0) declare no ``$schema`` and no
``$ref``: embedded objects are described by a custom ``"schema": "File.json"`` keyword
that validators ignore. They are valid against the draft-07 meta-schema, so they are
used as draft-07 here, with a ``$ref`` added next to every ``"schema"`` of an embedded
object, so that embedded objects are validated against their own schema too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pymupdf
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from meetingapp.core.publishing import CONFIDENTIAL, LATE_ITEM
from meetingapp.core.publishing.static_oparl import MANIFEST_NAME
from meetingapp.demo import DEMO_BASE_URL, DemoSummary, build_demo
from meetingapp.demo.model import build_model
from meetingapp.demo.timeline import Timeline

ANCHOR = dt.date(2026, 11, 23)
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "oparl_schema"
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
COMMITTEES = {
    "Kommunfullmäktige",
    "Kommunstyrelsen",
    "Barn- och utbildningsnämnden",
    "Miljö- och byggnadsnämnden",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_demo(tmp_path_factory.mktemp("demo"), anchor=ANCHOR)


@pytest.fixture(scope="module")
def tree(demo: DemoSummary) -> dict[str, Any]:
    """Every JSON file of the tree by its URL."""
    return {
        DEMO_BASE_URL + path.relative_to(demo.root).as_posix(): json.loads(path.read_bytes())
        for path in demo.root.rglob("*.json")
        if path.name != MANIFEST_NAME
    }


def objects(tree: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    prefix = f"{DEMO_BASE_URL}{kind.lower()}/"
    return [
        value
        for url, value in tree.items()
        if url.startswith(prefix) and "/page-" not in url and value.get("type", "").endswith(kind)
    ]


def content(demo: DemoSummary, file_id: str) -> bytes:
    return demo.file_paths[file_id].read_bytes()


def hash_tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# --- determinism and size ---------------------------------------------------------------


def test_same_anchor_gives_identical_bytes(demo: DemoSummary, tmp_path: Path) -> None:
    again = build_demo(tmp_path / "again", anchor=ANCHOR)
    assert hash_tree(again.root) == hash_tree(demo.root)


def test_size_and_counts(demo: DemoSummary) -> None:
    assert demo.total_bytes < 15 * 1024 * 1024
    assert demo.counts["Meeting"] >= 8
    assert demo.counts["Person"] >= 30
    assert demo.counts["File"] == demo.file_count
    assert demo.seconds < 60


# --- OParl validity ---------------------------------------------------------------------


def with_refs(node: Any) -> Any:
    """Add ``$ref`` next to the custom ``schema`` keyword of embedded objects."""
    if isinstance(node, dict):
        result = {key: with_refs(value) for key, value in node.items()}
        if node.get("type") == "object" and isinstance(node.get("schema"), str):
            result["$ref"] = node["schema"]
        return result
    if isinstance(node, list):
        return [with_refs(value) for value in node]
    return node


@pytest.fixture(scope="module")
def validators() -> dict[str, jsonschema.Draft7Validator]:
    schemas = {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in SCHEMA_DIR.glob("*.json")
    }
    assert len(schemas) == 12
    for schema in schemas.values():
        jsonschema.Draft7Validator.check_schema(schema)
    resources = {name: Resource(with_refs(schema), DRAFT7) for name, schema in schemas.items()}
    registry: Registry[Any] = Registry().with_resources(resources.items())
    checker = jsonschema.FormatChecker()

    @checker.checks("url")
    def is_url(value: object) -> bool:
        return isinstance(value, str) and value.startswith(("https://", "http://"))

    @checker.checks("date-time")
    def is_oparl_date_time(value: object) -> bool:
        return isinstance(value, str) and DATE_TIME.fullmatch(value) is not None

    return {
        name.removesuffix(".json"): jsonschema.Draft7Validator(
            resources[name].contents, registry=registry, format_checker=checker
        )
        for name in schemas
    }


def test_every_object_validates_against_the_oparl_schema(
    tree: dict[str, Any], validators: dict[str, jsonschema.Draft7Validator]
) -> None:
    checked = 0
    for url, value in tree.items():
        if "/page-" in url:
            continue
        kind = value["type"].rsplit("/", 1)[1]
        errors = [e.message for e in validators[kind].iter_errors(value)]
        assert not errors, f"{url}: {errors[:3]}"
        assert value["id"] == url
        checked += 1
    assert checked > 450


def test_the_schemas_reach_embedded_objects(
    tree: dict[str, Any], validators: dict[str, jsonschema.Draft7Validator]
) -> None:
    meeting = json.loads(json.dumps(objects(tree, "Meeting")[0]))
    meeting["agendaItem"][0]["order"] = "first"
    meeting["invitation"]["size"] = "large"
    meeting["invitation"]["created"] = "2026-11-01"
    messages = [error.message for error in validators["Meeting"].iter_errors(meeting)]
    assert len(messages) == 3, messages


def test_list_pages_hold_the_objects_at_their_urls(tree: dict[str, Any]) -> None:
    body = tree[f"{DEMO_BASE_URL}body/1.json"]
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
        url: str | None = body[attribute]
        seen: list[str] = []
        while url:
            page = tree[url]
            assert set(page) == {"data", "pagination", "links"}
            for item in page["data"]:
                assert tree[item["id"]] == item
                seen.append(item["id"])
            url = page["links"].get("next")
        assert len(seen) == len(set(seen)) == page["pagination"]["totalElements"]


def all_values(node: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for child_key, value in node.items():
            yield from all_values(value, child_key)
    elif isinstance(node, list):
        for value in node:
            yield from all_values(value, key)
    else:
        yield key, node


def test_timestamps_are_oparl_date_times_before_the_anchor(tree: dict[str, Any]) -> None:
    cutoff = dt.datetime.combine(ANCHOR, dt.time(0), tzinfo=dt.timezone(dt.timedelta(hours=1)))
    for value in tree.values():
        for key, text in all_values(value):
            if key in ("created", "modified"):
                assert DATE_TIME.fullmatch(text), text
                assert dt.datetime.fromisoformat(text) < cutoff, text


def test_meeting_times_use_swedish_offsets(tree: dict[str, Any]) -> None:
    for meeting in objects(tree, "Meeting"):
        start = dt.datetime.fromisoformat(meeting["start"])
        summer = dt.date(start.year, 3, 29) <= start.date() < dt.date(start.year, 10, 25)
        assert start.utcoffset() == dt.timedelta(hours=2 if summer else 1), meeting["start"]
    offsets = {meeting["start"][-6:] for meeting in objects(tree, "Meeting")}
    assert offsets == {"+01:00", "+02:00"}


def test_every_url_is_under_the_base(tree: dict[str, Any]) -> None:
    for value in tree.values():
        for key, text in all_values(value):
            if key in (
                "id",
                "accessUrl",
                "downloadUrl",
                "meeting",
                "paper",
                "agendaItem",
                "person",
                "organization",
                "consultation",
                "first",
                "next",
                "self",
            ):
                assert isinstance(text, str) and text.startswith(DEMO_BASE_URL), (key, text)


def test_files_match_their_checksums(demo: DemoSummary, tree: dict[str, Any]) -> None:
    for file in objects(tree, "File"):
        data = content(demo, file["id"])
        assert file["size"] == len(data)
        assert file["sha512Checksum"] == hashlib.sha512(data).hexdigest()
        assert file["mimeType"] == "application/pdf"
        assert file["accessUrl"] == file["downloadUrl"]


# --- contents -------------------------------------------------------------------------


def test_body_and_committees(tree: dict[str, Any]) -> None:
    body = tree[f"{DEMO_BASE_URL}body/1.json"]
    assert body["name"] == "Exempelkommun"
    names = {o["name"] for o in objects(tree, "Organization")}
    assert names >= COMMITTEES
    assert len(body["legislativeTerm"]) == 2


def test_memberships_have_roles_and_voting_rights(tree: dict[str, Any]) -> None:
    memberships = objects(tree, "Membership")
    roles = {m["role"] for m in memberships}
    assert {"ordförande", "ledamot", "ersättare"} <= roles
    assert any("vice ordförande" in role for role in roles)
    for membership in memberships:
        assert membership["votingRight"] is (membership["role"] != "ersättare")
        assert tree[membership["person"]]["type"].endswith("Person")
    people = objects(tree, "Person")
    assert len(people) >= 30
    assert all(p["name"] == f"{p['givenName']} {p['familyName']}" for p in people)


def test_meetings_before_and_after_the_anchor(demo: DemoSummary, tree: dict[str, Any]) -> None:
    meetings = objects(tree, "Meeting")
    assert len(meetings) >= 8
    anchor_start = dt.datetime.combine(ANCHOR, dt.time(0), tzinfo=dt.UTC)
    states = {m["meetingState"] for m in meetings}
    assert states == {"genomfört", "kallad", "inställt"}
    for meeting in meetings:
        start = dt.datetime.fromisoformat(meeting["start"])
        if meeting["meetingState"] == "genomfört":
            assert start < anchor_start
            assert meeting["resultsProtocol"]["mimeType"] == "application/pdf"
            assert all(
                "result" in item and "resolutionText" in item for item in meeting["agendaItem"]
            )
        else:
            assert start > anchor_start
            assert "resultsProtocol" not in meeting
        assert meeting["cancelled"] is (meeting["meetingState"] == "inställt")
        assert "invitation" in meeting
    cancelled = tree[demo.cancelled_meeting_id]
    assert cancelled["cancelled"] is True
    assert len(demo.past_meeting_ids) >= 4 and len(demo.upcoming_meeting_ids) >= 3


def test_agendas_are_numbered(tree: dict[str, Any]) -> None:
    for meeting in objects(tree, "Meeting"):
        items = meeting["agendaItem"]
        assert 6 <= len(items) <= 15
        assert [item["order"] for item in items] == list(range(len(items)))
        assert [item["number"] for item in items] == [str(n + 1) for n in range(len(items))]
        names = [item["name"] for item in items]
        assert names[0] == "Val av justerare"


def test_papers_have_reports_bilagor_and_consultations(tree: dict[str, Any]) -> None:
    papers = objects(tree, "Paper")
    assert len(papers) >= 25
    for paper in papers:
        assert re.fullmatch(r"(KS|BUN|MBN) \d{4}/\d+", paper["reference"]), paper["reference"]
        assert paper["paperType"]
        assert paper["mainFile"]["name"].startswith("Tjänsteskrivelse")
        for consultation in paper["consultation"]:
            item = tree[consultation["agendaItem"]]
            assert item["consultation"] == consultation["id"]
            assert item["meeting"] == consultation["meeting"]
    assert sum(len(p.get("auxiliaryFile", [])) for p in papers) >= 30


def test_report_has_the_usual_headings(demo: DemoSummary, tree: dict[str, Any]) -> None:
    paper = next(p for p in objects(tree, "Paper") if p["name"] == "Skolskjutsreglemente 2027")
    with pymupdf.open("pdf", content(demo, paper["mainFile"]["id"])) as doc:
        text = "".join(page.get_text() for page in doc)
    for heading in (
        "Datum",
        "Diarienummer",
        "Handläggare",
        "Sammanfattning",
        "Förslag till beslut",
        "Barn- och utbildningsnämnden föreslås besluta",
        "Beslutsunderlag",
        "Ärendet",
        "Ekonomiska konsekvenser",
        "Barnperspektiv",
    ):
        assert heading in text


def test_every_pdf_opens_and_has_text(demo: DemoSummary) -> None:
    for file_id, path in demo.file_paths.items():
        with pymupdf.open(path) as doc:
            assert doc.page_count >= 1
            assert doc.metadata["creationDate"].startswith("D:")
            if file_id != demo.scanned_file_id:
                assert doc[0].get_text().strip(), path.name


def test_large_packet(demo: DemoSummary) -> None:
    with pymupdf.open(demo.large_packet_path) as doc:
        assert doc.page_count >= 250
        assert doc.page_count == demo.large_packet_pages
        toc = doc.get_toc()
        items = [entry for entry in toc if entry[0] == 1 and entry[1][0].isdigit()]
        assert len(items) >= 6
        assert doc[doc.page_count // 2].get_text().strip()
    with pymupdf.open(demo.file_paths[demo.budget_file_id]) as budget:
        assert budget.page_count >= 250
        assert len(budget.get_toc()) > 50
        text = budget[100].get_text()
        assert len(text.split()) > 150


def test_scanned_letter_is_an_image_without_text(demo: DemoSummary) -> None:
    with pymupdf.open(demo.file_paths[demo.scanned_file_id]) as doc:
        page = doc[0]
        assert page.get_text().strip() == ""
        assert len(page.get_images()) == 1
        assert not page.get_fonts()


def test_plan_drawing_is_a_vector_map(demo: DemoSummary) -> None:
    with pymupdf.open(demo.file_paths[demo.plan_drawing_file_id]) as doc:
        page = doc[0]
        assert page.rect.width > page.rect.height
        assert len(page.get_drawings()) > 40
        text = page.get_text()
        for word in ("PLANBESTÄMMELSER", "Skala", "N", "Planområdesgräns"):
            assert word in text
        assert not page.get_images()


def test_spreadsheet_is_a_wide_table(demo: DemoSummary) -> None:
    with pymupdf.open(demo.file_paths[demo.spreadsheet_file_id]) as doc:
        page = doc[0]
        assert page.rect.width > page.rect.height
        # "text": the columns are aligned text between ruled rows, as in a spreadsheet.
        tables = page.find_tables(strategy="text")
        assert tables.tables
        assert tables.tables[0].col_count >= 10
        rows = sum(len(p.find_tables(strategy="text").tables[0].extract()) for p in doc)
        assert rows >= 40


def test_non_public_item(demo: DemoSummary, tree: dict[str, Any]) -> None:
    item = tree[demo.confidential_item_id]
    assert item["public"] is False
    assert item[CONFIDENTIAL] == "Sekretess enligt OSL 26 kap. 1 §"
    paper = tree[tree[item["consultation"]]["paper"]]
    for file in [paper["mainFile"], *paper.get("auxiliaryFile", [])]:
        assert file[CONFIDENTIAL] == item[CONFIDENTIAL]
        assert file["id"] in demo.confidential_file_ids
    meeting = tree[item["meeting"]]
    with pymupdf.open("pdf", content(demo, meeting["invitation"]["id"])) as doc:
        assert "Sekretess enligt OSL 26 kap. 1 §" in doc[0].get_text()
    public = [i for m in objects(tree, "Meeting") for i in m["agendaItem"] if i["public"]]
    assert all(CONFIDENTIAL not in i for i in public)


def test_late_item(demo: DemoSummary, tree: dict[str, Any]) -> None:
    item = tree[demo.late_item_id]
    assert item[LATE_ITEM] is True
    assert "Extra ärende" in item["name"]
    meeting = tree[item["meeting"]]
    invitation = meeting["invitation"]
    assert dt.datetime.fromisoformat(item["created"]) > dt.datetime.fromisoformat(
        invitation["created"]
    )
    title = item["name"].removeprefix("Extra ärende: ")
    with pymupdf.open("pdf", content(demo, invitation["id"])) as doc:
        assert title not in doc[0].get_text()
    supplement = next(f for f in meeting["auxiliaryFile"] if f["name"].startswith("Tilläggslista"))
    with pymupdf.open("pdf", content(demo, supplement["id"])) as doc:
        assert title in " ".join(doc[0].get_text().split())
    others = [i for m in objects(tree, "Meeting") for i in m["agendaItem"] if i["id"] != item["id"]]
    assert all(LATE_ITEM not in i for i in others)


@pytest.mark.parametrize(
    "anchor", [dt.date(2027, 3, 10), dt.date(2026, 1, 4), dt.date(2030, 10, 16)]
)
def test_other_anchors_keep_the_timeline_consistent(anchor: dt.date) -> None:
    """The app builds the demo for the day it first starts: any anchor must work."""
    model = build_model(Timeline(anchor))
    cutoff = Timeline(anchor).cutoff
    for meeting in model.meetings:
        if meeting.state == "past":
            assert meeting.start < cutoff
            assert meeting.protocol_at is not None and meeting.protocol_at < cutoff
        else:
            assert meeting.start > cutoff
        assert meeting.invitation_at < cutoff
        assert meeting.start.weekday() == meeting.committee.weekday
        for item in meeting.items:
            assert meeting.invitation_at - dt.timedelta(hours=1) <= item.created < cutoff
    for paper in model.papers.values():
        assert paper.registered < cutoff
        first = paper.items[0].meeting
        assert paper.report_day <= first.day
