"""What is new, changed, read and on this machine: store, sync and library.

A small publication of its own (real PDFs made with PyMuPDF) is written to disk,
synced through file://, then published again with a new bilaga, a revised
tjänsteskrivelse and a new meeting, and synced again, as a municipality would.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import (
    Document,
    Library,
    MeetingNews,
    OfflineState,
    ReadingProgress,
    ReadState,
)
from meetingapp.core.publishing import PublicationUrls, StaticPublication, oparl_type
from meetingapp.oparl.download import DownloadError
from meetingapp.store import Store, sql
from meetingapp.store.db import migrate
from tests.store_keys import TEST_KEYS

BASE = "https://oparl.lasstatus.example/"
URLS = PublicationUrls(BASE)
T0 = "2026-03-02T09:00:00+01:00"
T1 = "2026-03-05T14:30:00+01:00"


def file_id(key: str) -> str:
    return URLS.object("File", key)


def meeting_id(number: int) -> str:
    return URLS.object("Meeting", number)


@functools.cache
def pdf(pages: int, title: str) -> bytes:
    """A real PDF, the same bytes every time it is asked for (a new one would be a
    new version)."""
    document = pymupdf.open()
    for number in range(1, pages + 1):
        document.new_page().insert_text((72, 72), f"{title}, sida {number}")
    data = document.tobytes(no_new_id=True)
    document.close()
    return bytes(data)


def obj(kind: str, key: str | int, **attributes: Any) -> dict[str, Any]:
    return {
        "id": URLS.object(kind, key),
        "type": oparl_type(kind),
        "created": T0,
        "modified": T0,
        **attributes,
    }


def a_file(key: str, name: str, modified: str = T0) -> dict[str, Any]:
    return obj(
        "File", key, name=name, fileName=f"{key}.pdf", mimeType="application/pdf", modified=modified
    )


def when(days: int) -> tuple[str, str]:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=17, minute=0, second=0)
    return start.isoformat(timespec="seconds"), (start + timedelta(hours=2)).isoformat(
        timespec="seconds"
    )


@dataclass(frozen=True)
class Edition:
    """What one publication of the packet holds."""

    second_bilaga: bool = False
    revised_report: bool = False
    new_meeting: bool = False


FIRST = Edition()
SECOND = Edition(second_bilaga=True, revised_report=True, new_meeting=True)


def meeting(number: int, days: int, organization: str, **attributes: Any) -> dict[str, Any]:
    start, end = when(days)
    return obj(
        "Meeting",
        number,
        name=f"Sammanträde {number}",
        start=start,
        end=end,
        organization=[URLS.object("Organization", organization)],
        location=obj("Location", number, description="Sammanträdesrum Kärnan"),
        invitation=a_file(f"kallelse-{number}", f"Kallelse {number}"),
        **attributes,
    )


def publication(edition: Edition) -> StaticPublication:
    """Meeting 1 (upcoming): three items, a tjänsteskrivelse with bilagor, an item's
    own bilaga; meeting 2 (held) with minutes; meeting 3 only in a later edition."""
    system = {
        "id": URLS.system(),
        "type": oparl_type("System"),
        "name": "Läsläge",
        "created": T0,
        "modified": T0,
    }
    published = StaticPublication(BASE, system, page_size=2)
    published.add_body(obj("Body", 1, name="Testkommun"))
    published.add(obj("Organization", "bun", name="Barn- och utbildningsnämnden"))
    published.add(obj("Organization", "ks", name="Kommunstyrelsen"))
    items = [
        obj("AgendaItem", "1-1", order=0, number="1", name="Val av justerare", public=True),
        obj("AgendaItem", "1-2", order=1, number="2", name="Skolskjutsreglemente", public=True),
        obj(
            "AgendaItem",
            "1-3",
            order=2,
            number="3",
            name="Lokalförsörjning",
            public=True,
            auxiliaryFile=[a_file("lokaler", "Lokalplan")],
        ),
    ]
    published.add(meeting(1, 7, "bun", agendaItem=items))
    published.add(
        meeting(
            2,
            -14,
            "ks",
            resultsProtocol=a_file("protokoll-2", "Protokoll 2"),
            agendaItem=[obj("AgendaItem", "2-1", order=0, number="1", name="Budget", public=True)],
        )
    )
    if edition.new_meeting:
        published.add(meeting(3, 21, "bun", agendaItem=[]))
    published.add(paper(edition))
    add_contents(published, edition)
    return published


def paper(edition: Edition) -> dict[str, Any]:
    changed = edition.second_bilaga or edition.revised_report
    bilagor = [a_file("bilaga-1", "Bilaga 1 Karta")]
    if edition.second_bilaga:
        bilagor.append(a_file("bilaga-2", "Bilaga 2 Yttrande", T1))
    return obj(
        "Paper",
        1,
        name="Skolskjutsreglemente",
        reference="BUN 2026/88",
        modified=T1 if changed else T0,
        mainFile=a_file("ts-1", "Skolskjutsreglemente", T1 if edition.revised_report else T0),
        auxiliaryFile=bilagor,
        consultation=[
            obj(
                "Consultation",
                1,
                agendaItem=URLS.object("AgendaItem", "1-2"),
                meeting=meeting_id(1),
                organization=[URLS.object("Organization", "bun")],
            )
        ],
    )


PAGES = {
    "kallelse-1": 2,
    "kallelse-2": 2,
    "protokoll-2": 5,
    "ts-1": 3,
    "bilaga-1": 1,
    "lokaler": 6,
    "bilaga-2": 2,
    "kallelse-3": 1,
}


def add_contents(published: StaticPublication, edition: Edition) -> None:
    keys = ["kallelse-1", "kallelse-2", "protokoll-2", "ts-1", "bilaga-1", "lokaler"]
    keys += ["bilaga-2"] * edition.second_bilaga + ["kallelse-3"] * edition.new_meeting
    for key in keys:
        pages, title = PAGES[key], key
        if key == "ts-1" and edition.revised_report:
            pages, title = 4, "ts-1 reviderad"
        published.add_file_content(file_id(key), pdf(pages, title))


@dataclass
class Packet:
    """The publication on disk and a data dir synced from it."""

    root: Path
    context: AppContext

    @property
    def endpoint(self) -> str:
        return (self.root / "system.json").as_uri()

    def publish(self, edition: Edition) -> None:
        publication(edition).write(self.root)

    def sync(self) -> None:
        self.context.sync(self.endpoint)

    def content_path(self, key: str) -> Path:
        (path,) = (self.root / "files").glob(f"**/{key}.pdf")
        return path

    def document(self, key: str) -> Document:
        document = self.context.library.document(file_id(key))
        assert document is not None
        return document


def make_packet(tmp_path: Path) -> Packet:
    packet = Packet(tmp_path / "publication", AppContext(tmp_path / "data", TEST_KEYS))
    packet.publish(FIRST)
    packet.sync()
    return packet


@pytest.fixture
def packet(tmp_path: Path) -> Any:
    made = make_packet(tmp_path)
    yield made
    made.context.close()


def news(packet: Packet, number: int) -> MeetingNews:
    return packet.context.library.meeting_news(meeting_id(number))


# The baseline -----------------------------------------------------------------


def test_the_first_sync_is_the_baseline_nothing_is_news(packet: Packet) -> None:
    overviews = packet.context.library.meeting_overviews()
    assert set(overviews) == {meeting_id(1), meeting_id(2)}
    assert all(overview.news.is_empty for overview in overviews.values())
    assert all(overview.news.since is not None for overview in overviews.values())


def test_the_demo_shows_no_badges_after_its_first_sync(synced_context: AppContext) -> None:
    overviews = synced_context.library.meeting_overviews()
    assert len(overviews) >= 8
    assert all(overview.news.is_empty for overview in overviews.values())


def test_before_any_complete_sync_nothing_counts_as_new(tmp_path: Path) -> None:
    context = AppContext(tmp_path / "data", TEST_KEYS)
    root = tmp_path / "publication"
    publication(SECOND).write(root)
    with context.store.db.write() as db:  # as a sync killed before it ended leaves it
        db.execute("INSERT INTO source (url, added_at) VALUES (?, '2026')", (root.as_uri(),))
    assert context.library.meeting_news(meeting_id(1)) == MeetingNews(None)
    context.close()


def test_an_upgraded_store_shows_no_badges(tmp_path: Path) -> None:
    """A store synced before schema version 5 takes what it holds as the baseline."""
    path = tmp_path / "data" / "meetingapp.sqlite3"
    path.parent.mkdir()
    connection = sql.connect(path, isolation_level=None)
    migrate(connection, target=4)
    for statement in (
        "INSERT INTO source (id, url, added_at) VALUES (1, 'https://x/', '2026')",
        "INSERT INTO sync_state (source_id, last_success) VALUES (1, '2026-11-01T10:00:00+00:00')",
        "INSERT INTO body (id, source_id, raw) VALUES ('b', 1, '{}')",
        "INSERT INTO meeting (id, body_id, raw) VALUES ('m', 'b', '{}')",
        "INSERT INTO file (id, raw) VALUES ('f', '{}')",
        "INSERT INTO file_link (owner_id, file_id, role) VALUES ('m', 'f', 'invitation')",
    ):
        connection.execute(statement)
    connection.close()
    store = Store(path.parent, TEST_KEYS)
    news_of_m = Library(store).meeting_news("m")
    assert news_of_m.since is not None and news_of_m.is_empty
    store.close()


# News ---------------------------------------------------------------------


def test_a_second_sync_brings_news_until_the_meeting_is_seen(packet: Packet) -> None:
    packet.publish(SECOND)
    packet.sync()
    first = news(packet, 1)
    assert first.new_file_ids == {file_id("bilaga-2")}
    assert first.changed_file_ids == {file_id("ts-1")}
    assert not first.new_meeting
    assert news(packet, 2).is_empty

    third = news(packet, 3)
    assert third.new_meeting and third.new_file_ids == {file_id("kallelse-3")}

    packet.context.mark_meeting_seen(meeting_id(1))
    assert news(packet, 1).is_empty
    again = packet.context.library.meeting_news(meeting_id(1), since=first.since)
    assert again == first, "what was new stays new while the meeting is on screen"
    assert not news(packet, 3).is_empty, "only the meeting looked at is seen"
    assert packet.context.library.meeting_overviews()[meeting_id(3)].news == third


def test_a_meeting_seen_shows_only_what_came_after(packet: Packet) -> None:
    packet.context.mark_meeting_seen(meeting_id(1))
    packet.publish(SECOND)
    packet.sync()
    assert news(packet, 1).new_file_ids == {file_id("bilaga-2")}
    assert news(packet, 1).changed_file_ids == {file_id("ts-1")}


# Reading ------------------------------------------------------------------


def test_reading_a_document_and_a_new_version_of_it(packet: Packet) -> None:
    report = packet.document("ts-1")
    assert report.read_state is ReadState.UNREAD
    packet.context.record_reading(report)
    assert packet.document("ts-1").read_state is ReadState.READ
    assert packet.document("bilaga-1").read_state is ReadState.UNREAD

    packet.publish(SECOND)
    packet.sync()
    revised = packet.document("ts-1")
    assert revised.version_id != report.version_id
    assert revised.read_state is ReadState.CHANGED
    packet.context.record_reading(revised)
    assert packet.document("ts-1").read_state is ReadState.READ


def agenda_documents(library: Library, number: int) -> list[Document]:
    """What the agenda lists, in order: the meeting's own, then each item's."""
    documents = library.meeting_documents(meeting_id(number))
    for entry in library.agenda(meeting_id(number)):
        documents += library.item_documents(entry)
    return documents


def test_reading_progress_counts_what_the_agenda_lists(packet: Packet) -> None:
    library = packet.context.library
    documents = agenda_documents(library, 1)
    keys = [document.file_id.rsplit("/", 1)[1] for document in documents]
    assert keys == ["kallelse-1.json", "ts-1.json", "bilaga-1.json", "lokaler.json"]
    assert library.reading_progress(meeting_id(1)) == ReadingProgress(0, 4)
    for document in documents[:2]:
        packet.context.record_reading(document)
    progress = library.reading_progress(meeting_id(1))
    assert progress == ReadingProgress(2, 4)
    assert progress == ReadingProgress.of(agenda_documents(library, 1))
    assert not progress.complete
    for document in documents[2:]:
        packet.context.record_reading(document)
    assert library.reading_progress(meeting_id(1)).complete
    assert library.meeting_overviews()[meeting_id(1)].progress == ReadingProgress(4, 4)


# On this machine ----------------------------------------------------------


def test_a_failed_download_is_kept_with_its_reason_until_it_succeeds(packet: Packet) -> None:
    packet.publish(SECOND)
    victim = packet.content_path("bilaga-2")
    good = victim.read_bytes()
    victim.write_bytes(good[:-10] + b"tampered!!")
    (result,) = packet.context.sync(packet.endpoint)
    assert [failed for failed, _reason in result.failed_files] == [file_id("bilaga-2")]
    failed = packet.document("bilaga-2")
    assert failed.offline_state is OfflineState.FAILED
    assert failed.failure is not None and "checksum" in failed.failure
    assert packet.document("bilaga-1").offline_state is OfflineState.DOWNLOADED

    victim.write_bytes(good)
    packet.sync()
    fetched = packet.document("bilaga-2")
    assert fetched.offline_state is OfflineState.DOWNLOADED and fetched.failure is None


def test_fetching_on_demand_records_and_clears_failures(packet: Packet) -> None:
    document = packet.document("lokaler")
    with packet.context.store.db.write() as db:
        db.execute("DELETE FROM file_version WHERE file_id = ?", (document.file_id,))
    assert packet.document("lokaler").offline_state is OfflineState.NOT_DOWNLOADED
    content = packet.content_path("lokaler")
    kept = content.read_bytes()
    content.unlink()
    with pytest.raises(DownloadError):
        packet.context.fetch_document(document.file_id)
    assert packet.document("lokaler").offline_state is OfflineState.FAILED

    content.write_bytes(kept)
    fetched = packet.context.fetch_document(document.file_id)
    assert fetched is not None and fetched.offline_state is OfflineState.DOWNLOADED
    assert fetched.failure is None


# Page counts --------------------------------------------------------------


def test_page_counts_are_learnt_in_the_render_worker(packet: Packet) -> None:
    assert packet.document("ts-1").page_count is None
    assert packet.context.count_pages() == 6
    for key in ("kallelse-1", "kallelse-2", "protokoll-2", "ts-1", "bilaga-1", "lokaler"):
        assert packet.document(key).page_count == PAGES[key], key
    assert packet.context.count_pages() == 0, "each version is counted once"

    packet.publish(SECOND)
    packet.sync()
    assert packet.document("ts-1").page_count is None, "a new version is counted anew"
    assert packet.context.count_pages() == 3
    assert packet.document("ts-1").page_count == 4
    assert packet.document("bilaga-2").page_count == 2


def test_a_file_mupdf_cannot_open_keeps_an_unknown_count(packet: Packet) -> None:
    broken = packet.document("bilaga-1")
    assert broken.local_path is not None
    broken.local_path.chmod(0o644)
    broken.local_path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200)
    assert packet.context.count_pages() == 5
    assert packet.document("bilaga-1").page_count is None
    assert packet.document("lokaler").page_count == 6
    assert packet.context.count_pages() == 0, "a file that failed is not tried on every run"


def test_counting_stops_when_cancelled_and_the_viewer_can_record_a_count(packet: Packet) -> None:
    cancel = threading.Event()
    cancel.set()
    assert packet.context.count_pages(cancel) == 0
    report = packet.document("ts-1")
    assert report.version_id is not None
    packet.context.record_page_count(report.version_id, 3)
    assert packet.document("ts-1").page_count == 3
    assert packet.context.count_pages() == 5
