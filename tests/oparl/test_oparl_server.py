"""The OParl test server itself, exercised with plain ``requests`` on loopback."""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import re
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymupdf
import pytest
import requests

from tests.oparl_server import (
    MAX_DELAY,
    CaptivePortal,
    ConnectionReset,
    Dataset,
    ErrorStatus,
    MalformedJson,
    NotFound,
    OParlServer,
    Quirks,
    Slow,
    SlowDrip,
    TooManyRequests,
    TruncatedBody,
    WrongContent,
)
from tests.oparl_server import quirks as quirks_module
from tests.oparl_server.http import http_date
from tests.servers import serve

JsonObject = dict[str, Any]


@dataclass
class Running:
    server: OParlServer
    endpoint: str
    http: requests.Session

    @property
    def dataset(self) -> Dataset:
        return self.server.dataset

    def url(self, key: str) -> str:
        return self.endpoint + key

    def get(self, url: str, **options: Any) -> requests.Response:
        return self.http.get(url, timeout=10, **options)

    def body(self) -> JsonObject:
        body: JsonObject = self.get(self.url("body/1")).json(strict=False)
        return body


@contextmanager
def running(dataset: Dataset | None = None, **options: Any) -> Iterator[Running]:
    server = OParlServer(dataset or small_dataset(), **options)
    with serve(server) as host_url, requests.Session() as http:
        yield Running(server, server.endpoint(host_url), http)


def small_dataset(**options: Any) -> Dataset:
    settings: dict[str, Any] = {"meetings": 6, "files_per_meeting": 6, "file_size": 8000}
    return Dataset.generate(**(settings | options))


@pytest.fixture(scope="module")
def shared() -> Iterator[Running]:
    """A server nobody changes, for the read-only tests."""
    with running(small_dataset(meetings=10), page_size=7) as server:
        yield server


@pytest.fixture
def oparl() -> Iterator[Running]:
    with running(small_dataset(), page_size=7) as server:
        yield server


def follow(oparl: Running, url: str, params: dict[str, str] | None = None) -> list[JsonObject]:
    """Every object of a list, following ``next`` (at most 200 pages)."""
    items: list[JsonObject] = []
    next_url: str | None = url
    for _page in range(200):
        if next_url is None:
            return items
        response = oparl.get(next_url, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["data"]
        next_url, params = page["links"].get("next"), None
    raise AssertionError(f"{url} has more than 200 pages")


def ids(items: list[JsonObject]) -> list[str]:
    return [item["id"] for item in items]


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def files_of(oparl: Running) -> list[JsonObject]:
    return follow(oparl, oparl.body()["file"])


def fetch(oparl: Running, url: str, **options: Any) -> requests.Response:
    with oparl.get(url, stream=True, **options) as response:
        response.content  # noqa: B018 - read the whole body
        return response


# The dataset


def test_generation_is_deterministic_per_seed() -> None:
    def snapshot(dataset: Dataset) -> list[tuple[str, Any]]:
        return [(key, (record.fields, record.modified)) for key, record in dataset.records.items()]

    assert snapshot(small_dataset(seed=4)) == snapshot(small_dataset(seed=4))
    assert snapshot(small_dataset(seed=4)) != snapshot(small_dataset(seed=5))


def test_dataset_has_committees_people_meetings_papers_and_files() -> None:
    dataset = small_dataset(meetings=12, files_per_meeting=5)
    assert len(dataset.keys("Organization")) >= 4
    assert len(dataset.keys("Meeting")) == 12
    assert len(dataset.keys("File")) == 12 * 5
    assert all(dataset.get(key).fields["membership"] for key in dataset.keys("Person"))
    assert dataset.keys("Paper") and dataset.keys("Consultation") and dataset.keys("AgendaItem")
    meetings = [dataset.get(key) for key in dataset.keys("Meeting")]
    assert any("resultsProtocol" in meeting.fields for meeting in meetings)
    assert any(meeting.fields["start"] > dataset.clock.now() for meeting in meetings)
    assert all(record.modified <= dataset.clock.now() for record in dataset.records.values())


def test_dataset_can_be_laid_out_around_a_given_moment() -> None:
    now = datetime(2031, 5, 14, 10, 30, tzinfo=UTC)
    dataset = small_dataset(meetings=12, now=now)
    starts = [dataset.get(key).fields["start"] for key in dataset.keys("Meeting")]
    assert dataset.clock.now() == now
    assert starts[-1] > now > starts[-3] and starts == sorted(starts)
    assert all(record.modified <= now for record in dataset.records.values())
    finished = [dataset.get(key) for key in dataset.keys("Meeting")[:6]]
    assert all("resultsProtocol" in meeting.fields for meeting in finished)


def test_clock_moves_only_when_told() -> None:
    dataset = small_dataset()
    before = dataset.clock.now()
    assert dataset.clock.now() == before
    assert dataset.clock.advance(minutes=5) == before + timedelta(minutes=5)
    with pytest.raises(ValueError, match="time zone"):
        dataset.clock.set(datetime(2025, 1, 1))


# Lists, objects and filters


def test_system_and_body_link_every_list(shared: Running) -> None:
    system = shared.get(shared.endpoint).json()
    assert system["type"] == "https://schema.oparl.org/1.1/System"
    assert shared.get(shared.url("system")).json() == system
    (body,) = follow(shared, system["body"])
    assert body == shared.body()
    lists = ["organization", "person", "meeting", "paper", "membership", "agendaItem"]
    lists += ["consultation", "file", "legislativeTermList", "locationList"]
    assert all(body[name].startswith(shared.endpoint) for name in lists)


def test_pagination_follows_next_to_exactly_all_objects(shared: Running) -> None:
    body = shared.body()
    for name, kind in [("meeting", "Meeting"), ("file", "File"), ("agendaItem", "AgendaItem")]:
        listed = ids(follow(shared, body[name]))
        assert listed == [shared.url(key) for key in shared.dataset.keys(kind)]
        assert len(set(listed)) == len(listed) > 7


def test_pages_state_their_position_and_link_each_other(shared: Running) -> None:
    first = shared.get(shared.body()["file"]).json()
    total = len(shared.dataset.keys("File"))
    pages = -(-total // 7)
    assert first["pagination"] == {
        "totalElements": total,
        "elementsPerPage": 7,
        "currentPage": 1,
        "totalPages": pages,
    }
    last = shared.get(first["links"]["last"]).json()
    assert last["links"]["self"] == first["links"]["last"]
    assert "next" not in last["links"] and "prev" not in first["links"]
    assert last["pagination"]["currentPage"] == pages
    assert len(last["data"]) == total - 7 * (pages - 1)


def test_every_listed_object_is_at_its_own_url(shared: Running) -> None:
    body = shared.body()
    for name in ("meeting", "paper", "person", "file", "consultation", "membership"):
        for item in follow(shared, body[name])[:3]:
            assert shared.get(item["id"]).json() == item


def test_organization_lists_its_meetings(shared: Running) -> None:
    organization = follow(shared, shared.body()["organization"])[1]
    meetings = follow(shared, organization["meeting"])
    assert meetings
    assert all(organization["id"] in meeting["organization"] for meeting in meetings)


def test_unknown_urls_are_404_with_an_error_object(shared: Running) -> None:
    for path in ("meeting/999", "nothing/1", "body/1/nothing", "organization/1/paper"):
        response = shared.get(shared.url(path))
        assert response.status_code == 404
        assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"


def test_filters_compare_times_across_time_zones(shared: Running) -> None:
    meetings = follow(shared, shared.body()["meeting"])
    created, pivot = moment(meetings[3]["created"]), moment(meetings[3]["modified"])
    since = follow(shared, shared.body()["meeting"], {"modified_since": utc(pivot)})
    assert since and all(moment(item["modified"]) >= pivot for item in since)
    assert meetings[3]["id"] in ids(since)
    later = {"modified_since": utc(pivot + timedelta(seconds=1))}
    assert meetings[3]["id"] not in ids(follow(shared, shared.body()["meeting"], later))
    until = follow(shared, shared.body()["meeting"], {"created_until": utc(pivot)})
    assert until and all(moment(item["created"]) <= pivot for item in until)
    window = {"created_since": utc(created), "modified_until": pivot.isoformat()}
    within = follow(shared, shared.body()["meeting"], window)
    assert meetings[3]["id"] in ids(within)
    assert all(moment(item["created"]) >= created for item in within)
    assert all(moment(item["modified"]) <= pivot for item in within)


def test_filters_and_limit_are_carried_into_links(shared: Running) -> None:
    params = {"created_since": "2020-01-01T00:00:00+01:00", "limit": "3", "omit_internal": "true"}
    page = shared.get(shared.body()["file"], params=params).json()
    assert len(page["data"]) == 3
    for link in ("next", "last", "self"):
        assert "created_since=2020-01-01T00%3A00%3A00%2B01%3A00" in page["links"][link]
        assert "limit=3" in page["links"][link] and "omit_internal=true" in page["links"][link]


def test_limit_is_capped(shared: Running) -> None:
    page = shared.get(shared.body()["file"], params={"limit": "5000"}).json()
    assert page["pagination"]["elementsPerPage"] == 1000
    assert len(page["data"]) == len(shared.dataset.keys("File"))


@pytest.mark.parametrize(
    "value", ["2024-01-01", "2024-01-01T10:00:00", "gestern", "2024-01-01T10:00:00 01:00"]
)
def test_filters_need_a_full_date_time_with_zone(shared: Running, value: str) -> None:
    response = shared.get(shared.body()["meeting"], params={"modified_since": value})
    assert response.status_code == 400
    assert response.json()["type"].endswith("/Error")


def test_omit_internal_drops_the_embedded_lists_the_spec_names(shared: Running) -> None:
    meetings = follow(shared, shared.body()["meeting"], {"omit_internal": "true"})
    assert all("agendaItem" not in item and "auxiliaryFile" not in item for item in meetings)
    assert all("invitation" in item for item in meetings)
    people = follow(shared, shared.body()["person"], {"omit_internal": "true"})
    assert all("membership" not in person for person in people)
    papers = follow(shared, shared.body()["paper"], {"omit_internal": "true"})
    assert all("auxiliaryFile" not in paper and "consultation" in paper for paper in papers)
    assert "agendaItem" in shared.get(meetings[0]["id"]).json()


def test_deleted_objects_are_tombstones_listed_only_with_modified_since(oparl: Running) -> None:
    before = oparl.dataset.clock.now()
    oparl.dataset.clock.advance(hours=1)
    oparl.dataset.delete("paper/2")
    paper_url = oparl.url("paper/2")
    assert paper_url not in ids(follow(oparl, oparl.body()["paper"]))
    changed = follow(oparl, oparl.body()["paper"], {"modified_since": utc(before)})
    assert ids(changed) == [paper_url]
    tombstone = changed[0]
    assert tombstone["deleted"] is True and tombstone["type"].endswith("/Paper")
    assert moment(tombstone["modified"]) == oparl.dataset.clock.now()
    assert set(tombstone) == {"id", "type", "created", "modified", "deleted"}
    assert oparl.get(paper_url).json() == tombstone


def test_deleted_file_is_gone_from_its_owner_and_its_content_is_410(oparl: Running) -> None:
    meeting = oparl.get(oparl.url("meeting/1")).json()
    invitation = meeting["invitation"]
    oparl.dataset.clock.advance(minutes=1)
    oparl.dataset.delete(invitation["id"])
    assert fetch(oparl, invitation["accessUrl"]).status_code == 410
    changed = oparl.get(oparl.url("meeting/1")).json()
    assert "invitation" not in changed
    assert moment(changed["modified"]) > moment(meeting["modified"])


def test_touching_an_embedded_object_changes_its_owners(oparl: Running) -> None:
    before = oparl.dataset.clock.now()
    oparl.dataset.clock.advance(minutes=10)
    paper = oparl.dataset.get("paper/1")
    file_key = paper.fields["mainFile"].key
    oparl.dataset.touch(file_key)
    expected = {oparl.url(file_key), oparl.url("paper/1")}
    for name in ("file", "paper", "meeting"):
        changed = follow(oparl, oparl.body()[name], {"modified_since": utc(before)})
        assert set(ids(changed)) <= expected
    assert set(ids(follow(oparl, oparl.body()["file"], {"modified_since": utc(before)}))) == {
        oparl.url(file_key)
    }


def test_replaced_content_has_new_bytes_size_and_checksums(oparl: Running) -> None:
    old = oparl.get(oparl.url("file/2")).json()
    old_bytes = fetch(oparl, old["accessUrl"]).content
    oparl.dataset.clock.advance(days=1)
    oparl.dataset.replace_file_content("file/2")
    new = oparl.get(oparl.url("file/2")).json()
    new_bytes = fetch(oparl, new["accessUrl"]).content
    assert new_bytes != old_bytes and new["size"] == len(new_bytes) != old["size"]
    assert new["sha512Checksum"] == hashlib.sha512(new_bytes).hexdigest() != old["sha512Checksum"]
    assert moment(new["modified"]) == oparl.dataset.clock.now()


def test_added_and_cancelled_meetings_show_up_as_changes(oparl: Running) -> None:
    before = oparl.dataset.clock.now()
    oparl.dataset.clock.advance(hours=2)
    added = oparl.dataset.add_meeting(files=3)
    oparl.dataset.cancel_meeting("meeting/2")
    changed = follow(oparl, oparl.body()["meeting"], {"modified_since": utc(before)})
    assert ids(changed) == [oparl.url("meeting/2"), oparl.url(added)]
    assert changed[0]["cancelled"] is True
    new_files = follow(oparl, oparl.body()["file"], {"created_since": utc(before)})
    assert len(new_files) == 3
    assert oparl.url(added) in ids(follow(oparl, oparl.body()["meeting"]))


def test_version_1_0_has_its_types_lists_and_checksums() -> None:
    with running(version="1.0") as oparl:
        system = oparl.get(oparl.endpoint).json()
        body = oparl.body()
        invitation = oparl.get(oparl.url("meeting/1")).json()["invitation"]
        assert oparl.get(oparl.url("body/1/file")).status_code == 404
    assert system["oparlVersion"] == "https://schema.oparl.org/1.0/"
    assert body["type"] == "https://schema.oparl.org/1.0/Body"
    assert "file" not in body and "membership" not in body and "meeting" in body
    assert "sha1Checksum" in invitation and "sha512Checksum" not in invitation


# HTTP: validators, conditional GET, ranges, auth, the log


def test_json_answers_carry_validators_and_honour_conditional_get(oparl: Running) -> None:
    url = oparl.body()["meeting"]
    first = oparl.get(url)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert oparl.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert oparl.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    oparl.dataset.clock.advance(minutes=1)
    oparl.dataset.touch("meeting/3")
    changed = oparl.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert oparl.get(url, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_date_header_tells_the_server_clock(oparl: Running) -> None:
    oparl.dataset.clock.advance(days=2)
    stated = oparl.get(oparl.endpoint).headers["Date"]
    assert stated == http_date(oparl.dataset.clock.now())


def test_files_are_real_pdfs_whose_checksums_match(shared: Running) -> None:
    files = files_of(shared)
    digests = set()
    for file in files:
        content = fetch(shared, file["accessUrl"]).content
        assert content.startswith(b"%PDF-") and len(content) == file["size"]
        assert hashlib.sha512(content).hexdigest() == file["sha512Checksum"]
        assert hashlib.sha1(content).hexdigest() == file["sha1Checksum"]
        digests.add(file["sha512Checksum"])
    assert len(digests) == len(files)
    with pymupdf.open(stream=content) as document:
        assert not document.is_repaired and "DOC-" in document[0].get_text()


def test_file_answers_carry_validators_and_honour_conditional_get(shared: Running) -> None:
    file = files_of(shared)[0]
    response = fetch(shared, file["accessUrl"])
    assert response.headers["Accept-Ranges"] == "bytes"
    assert int(response.headers["Content-Length"]) == file["size"]
    assert "Content-Disposition" not in response.headers
    for condition in (
        {"If-None-Match": response.headers["ETag"]},
        {"If-None-Match": f'"other", W/{response.headers["ETag"]}'},
        {"If-Modified-Since": response.headers["Last-Modified"]},
    ):
        assert fetch(shared, file["downloadUrl"], headers=condition).status_code == 304
    stale = {"If-Modified-Since": http_date(moment(file["modified"]) - timedelta(seconds=1))}
    assert fetch(shared, file["accessUrl"], headers=stale).status_code == 200


def test_download_url_names_the_file_as_attachment(shared: Running) -> None:
    file = files_of(shared)[0]
    disposition = fetch(shared, file["downloadUrl"]).headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "filename*=UTF-8''" in disposition


def test_ranges_concatenate_to_the_whole_file(shared: Running) -> None:
    file = files_of(shared)[1]
    whole = fetch(shared, file["accessUrl"]).content
    size = len(whole)
    parts = []
    for header in (f"bytes=0-{size // 3}", f"bytes={size // 3 + 1}-{size - 101}", "bytes=-100"):
        response = fetch(shared, file["accessUrl"], headers={"Range": header})
        assert response.status_code == 206
        assert response.headers["Content-Range"].endswith(f"/{size}")
        parts.append(response.content)
    assert b"".join(parts) == whole
    tail = fetch(shared, file["accessUrl"], headers={"Range": f"bytes={size - 10}-"})
    assert tail.content == whole[-10:]
    assert tail.headers["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"


def test_range_edge_cases(shared: Running) -> None:
    file = files_of(shared)[1]
    url, size = file["accessUrl"], file["size"]
    beyond = fetch(shared, url, headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{size}"
    stale = fetch(shared, url, headers={"Range": "bytes=10-", "If-Range": '"old"'})
    assert stale.status_code == 200 and len(stale.content) == size
    etag = fetch(shared, url).headers["ETag"]
    fresh = fetch(shared, url, headers={"Range": "bytes=10-", "If-Range": etag})
    assert fresh.status_code == 206 and len(fresh.content) == size - 10
    several = fetch(shared, url, headers={"Range": "bytes=0-1,5-6"})
    assert several.status_code == 200


def test_head_sends_headers_only(shared: Running) -> None:
    file = files_of(shared)[0]
    response = shared.http.head(file["accessUrl"], timeout=10)
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["Content-Length"]) == file["size"]


def test_request_log_records_what_was_sent(oparl: Running) -> None:
    oparl.server.log.reset()
    file = oparl.get(oparl.url("file/1")).json()
    fetch(oparl, file["accessUrl"], headers={"Range": "bytes=0-99"})
    oparl.get(oparl.url("meeting/999"))
    entries = oparl.server.log.entries
    assert [entry.path for entry in entries] == ["/file/1", entries[1].path, "/meeting/999"]
    assert entries[1].status == 206 and entries[1].bytes_sent == 100
    assert entries[1].headers["range"] == "bytes=0-99"
    assert oparl.server.log.status_counts() == {200: 1, 206: 1, 404: 1}
    assert oparl.server.log.count("/file/*/access/*") == 1
    oparl.server.log.reset()
    assert oparl.server.log.entries == []


@pytest.mark.parametrize(
    ("auth", "good", "bad"),
    [
        (("basic", "ledamot", "hemligt"), ("ledamot", "hemligt"), ("ledamot", "fel")),
        (("bearer", "abc123"), {"Authorization": "Bearer abc123"}, {"Authorization": "Bearer x"}),
    ],
)
def test_auth_refuses_missing_or_wrong_credentials(auth: Any, good: Any, bad: Any) -> None:
    def options(credentials: Any) -> dict[str, Any]:
        return {"auth": credentials} if isinstance(credentials, tuple) else {"headers": credentials}

    with running(auth=auth) as oparl:
        missing = oparl.get(oparl.endpoint)
        wrong = oparl.get(oparl.endpoint, **options(bad))
        right = oparl.get(oparl.endpoint, **options(good))
        file_url = oparl.url("file/1")
        assert oparl.get(file_url).status_code == 401
    assert missing.status_code == wrong.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith(auth[0].capitalize())
    assert right.status_code == 200


def test_static_mode_ignores_filters_but_keeps_validators_and_ranges() -> None:
    with running(static=True, page_size=10) as oparl:
        oparl.dataset.clock.advance(minutes=1)
        oparl.dataset.delete("meeting/1")
        meeting_list = oparl.body()["meeting"]
        assert meeting_list.endswith("/body/1/meeting/page-1.json")
        everything = follow(oparl, meeting_list)
        filtered = follow(oparl, meeting_list, {"modified_since": utc(oparl.dataset.clock.now())})
        assert ids(filtered) == ids(everything) and oparl.url("meeting/1") not in ids(everything)
        assert oparl.get(oparl.url("body/1/meeting?page=2")).status_code == 404
        file = follow(oparl, oparl.body()["file"])[0]
        etag = fetch(oparl, file["accessUrl"]).headers["ETag"]
        assert fetch(oparl, file["accessUrl"], headers={"If-None-Match": etag}).status_code == 304
        ranged = fetch(oparl, file["accessUrl"], headers={"Range": "bytes=0-9"})
        assert ranged.status_code == 206 and ranged.content == b"%PDF-1.7\n%"[:10]


# Faults


def test_connection_reset_breaks_off_the_body_and_the_server_recovers(oparl: Running) -> None:
    file = oparl.get(oparl.url("file/1")).json()
    oparl.server.faults.add(ConnectionReset(), "file/1/access/*")
    with pytest.raises(requests.exceptions.RequestException, match="reset"):
        fetch(oparl, file["accessUrl"])
    entry = oparl.server.log.matching("/file/1/access/*")[0]
    assert entry.fault == "connection-reset" and entry.bytes_sent == file["size"] // 2
    assert len(fetch(oparl, file["accessUrl"]).content) == file["size"]


def test_truncated_body_with_full_content_length_fails_the_read(oparl: Running) -> None:
    file = oparl.get(oparl.url("file/1")).json()
    oparl.server.faults.add(TruncatedBody(), "file/*")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        fetch(oparl, file["accessUrl"])


def test_truncated_body_with_matching_content_length_looks_complete(oparl: Running) -> None:
    file = oparl.get(oparl.url("file/1")).json()
    oparl.server.faults.add(TruncatedBody(0.25, content_length="sent"), "file/*")
    response = fetch(oparl, file["accessUrl"])
    assert response.status_code == 200 and len(response.content) == file["size"] // 4
    assert fetch(oparl, file["accessUrl"]).content.endswith(b"%%EOF\n")


def test_wrong_content_keeps_the_size_but_not_the_checksum(oparl: Running) -> None:
    file = oparl.get(oparl.url("file/1")).json()
    oparl.server.faults.add(WrongContent(), "file/*")
    content = fetch(oparl, file["accessUrl"]).content
    assert len(content) == file["size"]
    assert hashlib.sha512(content).hexdigest() != file["sha512Checksum"]


def test_slow_and_dripping_answers_take_time_within_bounds(oparl: Running) -> None:
    file = oparl.get(oparl.url("file/1")).json()
    oparl.server.faults.add(Slow(0.3), "meeting/1")
    oparl.server.faults.add(SlowDrip(chunk_size=2000, interval=0.05), "file/*")
    started = time.monotonic()
    assert oparl.get(oparl.url("meeting/1")).status_code == 200
    assert 0.3 <= time.monotonic() - started < 2
    started = time.monotonic()
    assert len(fetch(oparl, file["accessUrl"]).content) == file["size"]
    pauses = file["size"] // 2000
    assert 0.05 * pauses <= time.monotonic() - started < 0.05 * pauses + 2


def test_slow_answers_time_out_clients_and_are_released(oparl: Running) -> None:
    oparl.server.faults.add(Slow(60), "meeting/*", times=None)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        oparl.http.get(oparl.url("meeting/1"), timeout=0.3)
    waiting = threading.Thread(target=lambda: oparl.get(oparl.url("meeting/2")))
    waiting.start()
    time.sleep(0.1)
    oparl.server.faults.clear()
    waiting.join(timeout=MAX_DELAY)
    assert not waiting.is_alive() and time.monotonic() - started < MAX_DELAY
    assert oparl.get(oparl.url("meeting/3")).status_code == 200


@pytest.mark.parametrize(
    ("fault", "status", "retry_after"),
    [
        (ErrorStatus(500), 500, None),
        (ErrorStatus(502), 502, None),
        (ErrorStatus(503, retry_after=2), 503, "2"),
        (TooManyRequests(retry_after=1), 429, "1"),
    ],
)
def test_error_statuses(oparl: Running, fault: Any, status: int, retry_after: Any) -> None:
    oparl.server.faults.add(fault, "body/1/*", times=2)
    url = oparl.body()["meeting"]
    answers = [oparl.get(url) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [status, status, 200]
    assert answers[0].headers.get("Retry-After") == retry_after


def test_malformed_json(oparl: Running) -> None:
    oparl.server.faults.add(MalformedJson(), "meeting/1")
    response = oparl.get(oparl.url("meeting/1"))
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(
        "application/json"
    )
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_captive_portal_answers_html(oparl: Running) -> None:
    oparl.server.faults.add(CaptivePortal(), times=None)
    for url in (oparl.endpoint, oparl.url("file/1/access/x.pdf")):
        response = oparl.get(url)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(
            "text/html"
        )
        assert "gästnät" in response.text


def test_listed_object_answers_404(oparl: Running) -> None:
    oparl.server.faults.add(NotFound(), "paper/3")
    assert oparl.url("paper/3") in ids(follow(oparl, oparl.body()["paper"]))
    assert oparl.get(oparl.url("paper/3")).status_code == 404
    assert oparl.get(oparl.url("paper/3")).status_code == 200


def test_fault_rules_count_skip_and_match_regular_expressions(oparl: Running) -> None:
    rule = oparl.server.faults.add(ErrorStatus(503), re.compile(r"page=2"), times=1, skip=1)
    url = oparl.body()["file"]
    second_page = oparl.get(url).json()["links"]["next"]
    statuses = [oparl.get(second_page).status_code for _ in range(3)]
    assert statuses == [200, 503, 200]
    assert (rule.matched, rule.applied) == (2, 1)


# Quirks


def quirky(**switches: bool) -> Any:
    return running(small_dataset(meetings=8), page_size=5, quirks=Quirks(**switches))


def test_every_quirk_is_off_by_default_and_documented() -> None:
    tree = ast.parse(Path(quirks_module.__file__).read_text(encoding="utf-8"))
    quirks_class = next(
        node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Quirks"
    )
    documented = [
        switch.target.id
        for switch, text in itertools.pairwise(quirks_class.body)
        if isinstance(switch, ast.AnnAssign)
        and isinstance(switch.target, ast.Name)
        and isinstance(text, ast.Expr)
        and isinstance(text.value, ast.Constant)
        and isinstance(text.value.value, str)
    ]
    assert documented == Quirks.names() and len(documented) >= 14
    assert not any(getattr(Quirks(), name) for name in Quirks.names())


def test_quirk_deleted_without_type() -> None:
    with quirky(deleted_without_type=True) as oparl:
        oparl.dataset.delete("meeting/2")
        tombstone = oparl.get(oparl.url("meeting/2")).json()
    assert set(tombstone) == {"id", "deleted", "modified"}


def test_quirk_deleted_in_unfiltered_lists() -> None:
    with quirky(deleted_in_unfiltered_lists=True) as oparl:
        oparl.dataset.delete("meeting/2")
        meetings = follow(oparl, oparl.body()["meeting"])
    assert [item for item in meetings if item.get("deleted")] == [meetings[1]]


@pytest.mark.parametrize("switch", ["empty_result_is_404", "empty_result_is_error_object"])
def test_quirk_empty_filter_result(switch: str) -> None:
    with quirky(**{switch: True}) as oparl:
        future = {"modified_since": utc(oparl.dataset.clock.now() + timedelta(days=1))}
        response = oparl.get(oparl.body()["meeting"], params=future)
        unfiltered = oparl.get(oparl.body()["meeting"])
    assert response.status_code == (404 if switch == "empty_result_is_404" else 200)
    assert response.json()["type"].endswith("/Error") and "data" not in response.json()
    assert unfiltered.json()["data"]


def test_quirk_double_slashes() -> None:
    options = {"quirks": Quirks(double_slashes=True), "prefix": "oparl/"}
    with running(small_dataset(), **options) as oparl:
        body = oparl.body()
        meeting = follow(oparl, body["meeting"])[0]
        content = fetch(oparl, meeting["invitation"]["accessUrl"])
    assert body["id"].endswith("/oparl//body/1") and meeting["id"].count("//") == 2
    assert content.status_code == 200 and content.content.startswith(b"%PDF-")


def test_quirk_control_characters() -> None:
    with quirky(control_characters=True) as oparl:
        raw = oparl.get(oparl.body()["meeting"]).content
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)
    page = json.loads(raw, strict=False)
    assert "\x0b" in page["data"][0]["name"]
    agenda = [item for meeting in page["data"] for item in meeting["agendaItem"]]
    assert any("\n" in item.get("resolutionText", "") for item in agenda)


def test_quirk_not_available_dates() -> None:
    with quirky(not_available_dates=True) as oparl:
        meetings = follow(oparl, oparl.body()["meeting"])
        memberships = follow(oparl, oparl.body()["membership"])
    assert meetings[2]["start"] == meetings[2]["end"] == "N/A"
    assert meetings[0]["start"] != "N/A"
    assert all(membership["endDate"] == "N/A" for membership in memberships)


def test_quirk_auxiliary_file_as_object() -> None:
    with quirky(auxiliary_file_as_object=True) as oparl:
        papers = follow(oparl, oparl.body()["paper"])
    shapes = {type(paper.get("auxiliaryFile")).__name__ for paper in papers}
    assert "dict" in shapes
    singles = [
        paper["auxiliaryFile"] for paper in papers if isinstance(paper["auxiliaryFile"], dict)
    ]
    assert all(single["type"].endswith("/File") for single in singles)


def test_quirk_looping_next_link() -> None:
    with quirky(looping_next_link=True) as oparl:
        url = oparl.body()["meeting"]
        last = oparl.get(oparl.get(url).json()["links"]["last"]).json()
    assert last["links"]["next"] == last["links"]["first"] == url


def test_quirk_overlapping_pages() -> None:
    with quirky(overlapping_pages=True) as oparl:
        listed = ids(follow(oparl, oparl.body()["meeting"]))
        unique = [oparl.url(key) for key in oparl.dataset.keys("Meeting")]
    assert listed == unique[:5] + unique[4:]


def test_quirk_missing_referenced_objects() -> None:
    with quirky(missing_referenced_objects=True) as oparl:
        paper_ids = ids(follow(oparl, oparl.body()["paper"]))
        consultations = follow(oparl, oparl.body()["consultation"])
        missing = [item["paper"] for item in consultations if item["paper"] not in paper_ids]
        assert missing and all(oparl.get(url).status_code == 404 for url in missing)
        file_ids = ids(follow(oparl, oparl.body()["file"]))
        assert oparl.url("file/7") not in file_ids
        assert oparl.get(oparl.url("file/7/access/x.pdf")).status_code == 404


def test_quirk_error_on_first_try() -> None:
    with quirky(error_on_first_try=True) as oparl:
        first = oparl.get(oparl.endpoint)
        second = oparl.get(oparl.endpoint)
        other = oparl.get(oparl.url("system"))
    assert (first.status_code, second.status_code, other.status_code) == (500, 200, 500)
    assert first.headers["Content-Type"] == "text/html"


def test_quirk_mixed_type_versions() -> None:
    with quirky(mixed_type_versions=True) as oparl:
        types = {item["type"] for item in follow(oparl, oparl.body()["meeting"])}
    assert types == {
        "https://schema.oparl.org/1.0/Meeting",
        "https://schema.oparl.org/1.1/Meeting",
    }


def test_quirk_lying_pagination() -> None:
    with quirky(lying_pagination=True) as oparl:
        url = oparl.body()["meeting"]
        stated = oparl.get(url).json()["pagination"]
        listed = follow(oparl, url)
    assert stated["totalPages"] == 1 and stated["totalElements"] == 4 and len(listed) == 8
    assert stated["elementsPerPage"] == 10


# A large dataset


def rss_bytes() -> int:
    pages = Path("/proc/self/statm").read_text().split()[1]
    return int(pages) * resource.getpagesize()


def test_a_gigabyte_dataset_is_listed_and_streamed_in_little_memory() -> None:
    before = rss_bytes()
    dataset = Dataset.generate(meetings=500, files_per_meeting=10, file_size=200_000)
    with running(dataset, page_size=100) as oparl:
        files = follow(oparl, oparl.body()["file"], {"limit": "1000"})
        assert len(files) == 5000 and sum(file["size"] for file in files) > 10**9
        for file in files[::1000]:
            digest = hashlib.sha512()
            with oparl.get(file["downloadUrl"], stream=True) as response:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    digest.update(chunk)
            assert digest.hexdigest() == file["sha512Checksum"]
    assert rss_bytes() - before < 150 * 2**20
