"""The sync engine against a realistic OParl server on loopback: incremental runs,
deletions, changed documents, real-world quirks and network faults."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from meetingapp.net.transport import TransportPolicy, build_session
from meetingapp.oparl.changes import ChangeKind
from meetingapp.oparl.download import RESUMABLE_FROM_BYTES, DownloadError, FileToFetch
from meetingapp.oparl.engine import SyncEngine, SyncLimits, SyncResult
from meetingapp.oparl.oparl import OParlError
from meetingapp.oparl.scope import SyncScope
from meetingapp.store import Store
from tests.oparl_server import (
    CaptivePortal,
    ConnectionReset,
    Dataset,
    ErrorStatus,
    OParlServer,
    Quirks,
    TooManyRequests,
    WrongContent,
)
from tests.servers import serve
from tests.store_keys import TEST_KEYS

FAST = TransportPolicy(backoff_factor=0, read_timeout=10)


@dataclass
class Setup:
    dataset: Dataset
    server: OParlServer
    endpoint: str
    store: Store

    def sync(self, committees: frozenset[str] | None = None) -> SyncResult:
        scope = SyncScope(committees=committees, now=self.dataset.clock.now())
        with build_session(FAST) as session:
            return SyncEngine(self.store, session, self.endpoint, scope=scope).run()

    def count(self, query: str) -> int:
        return int(self.store.db.read().execute(query).fetchone()[0])

    def live_meetings(self) -> int:
        return len(self.dataset.keys("Meeting"))


def make_setup(tmp_path: Path, file_size: int = 6000, **server_options: object) -> Iterator[Setup]:
    dataset = Dataset.generate(
        meetings=6, files_per_meeting=3, file_size=file_size, now=datetime.now(UTC)
    )
    server = OParlServer(dataset, page_size=4, **server_options)  # type: ignore[arg-type]
    store = Store(tmp_path / "data", TEST_KEYS)
    with serve(server) as host_url:
        yield Setup(dataset, server, server.endpoint(host_url), store)
    store.close()


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    yield from make_setup(tmp_path)


def test_full_sync_stores_every_object_and_fetches_the_documents(setup: Setup) -> None:
    result = setup.sync()
    assert result.failed_files == []
    assert setup.count("SELECT COUNT(*) FROM meeting") == setup.live_meetings()
    assert result.files_downloaded > 0
    assert setup.store.db.integrity_check() == "ok"


def test_downloaded_blobs_are_readable_by_their_owner_only(setup: Setup) -> None:
    setup.sync()
    blobs = [path for path in (setup.store.blobs.root / "objects").rglob("*") if path.is_file()]
    assert blobs
    assert all(path.stat().st_mode & 0o077 == 0 for path in blobs)


def test_incremental_run_asks_for_changes_only(setup: Setup) -> None:
    setup.sync()
    setup.dataset.clock.advance(minutes=10)
    setup.server.log.reset()
    setup.sync()
    lists = [entry for entry in setup.server.log.entries if "modified_since" in entry.query]
    assert lists, "incremental runs filter the lists"
    assert all("omit_internal=true" in entry.query for entry in lists)
    assert setup.server.log.count("*/download/*") == 0  # nothing changed, nothing fetched


def test_changes_deletions_and_new_versions_are_found(setup: Setup) -> None:
    setup.sync()
    meetings = setup.dataset.keys("Meeting")
    removed, cancelled = meetings[1], meetings[2]
    changed_file = next(key for key in setup.dataset.keys("File") if setup.dataset.embedders(key))
    setup.dataset.clock.advance(minutes=10)
    setup.dataset.delete(removed)
    setup.dataset.cancel_meeting(cancelled)
    setup.dataset.replace_file_content(changed_file)
    added = setup.dataset.add_meeting()
    setup.dataset.clock.advance(minutes=1)

    result = setup.sync()
    kinds = {(change.kind, change.object_id.rsplit("/", 2)[-2:][0]) for change in result.changes}
    kind_set = {kind for kind, _ in kinds}
    assert {
        ChangeKind.NEW_MEETING,
        ChangeKind.CANCELLED_MEETING,
        ChangeKind.REMOVED_MEETING,
    } <= kind_set
    assert setup.count("SELECT COUNT(*) FROM meeting") == setup.live_meetings()
    assert added
    versions = setup.count(
        f"SELECT COUNT(*) FROM file_version WHERE file_id LIKE '%/{changed_file}'"
    )
    if versions:  # in scope: the new version is fetched and the old one kept
        assert versions == 2
        assert any(change.kind is ChangeKind.CHANGED_DOCUMENT for change in result.changes)


def test_new_documents_are_the_published_ones_not_the_first_fetched(setup: Setup) -> None:
    setup.sync(committees=frozenset())  # metadata only, as before the committees are chosen
    result = setup.sync()  # the committees' documents are fetched now, but were not published
    assert setup.count("SELECT COUNT(*) FROM file_version") > 0
    assert not [change for change in result.changes if change.kind is ChangeKind.NEW_DOCUMENT]
    known = file_ids(setup)
    setup.dataset.clock.advance(minutes=10)
    setup.dataset.add_meeting(files=3)
    setup.dataset.clock.advance(minutes=1)
    result = setup.sync()
    new = {change.object_id for change in result.changes if change.kind is ChangeKind.NEW_DOCUMENT}
    assert len(new) == 3
    assert new == file_ids(setup) - known, "exactly the new meeting's files are news"


def file_ids(setup: Setup) -> set[str]:
    return {row[0] for row in setup.store.db.read().execute("SELECT id FROM file")}


def test_server_clock_behind_the_laptop_misses_nothing(setup: Setup) -> None:
    setup.dataset.clock.set(datetime.now(UTC) - timedelta(hours=2))
    setup.sync()
    setup.dataset.clock.advance(minutes=5)
    setup.dataset.cancel_meeting(setup.dataset.keys("Meeting")[0])
    result = setup.sync()
    assert any(change.kind is ChangeKind.CANCELLED_MEETING for change in result.changes)


def test_static_host_costs_only_conditional_requests_and_reveals_deletions(
    tmp_path: Path,
) -> None:
    for setup in make_setup(tmp_path, static=True):
        setup.sync()
        setup.sync()  # learns that the host ignores filters
        setup.server.log.reset()
        setup.sync()
        assert set(setup.server.log.status_counts()) == {304}
        victim = setup.dataset.keys("Meeting")[0]
        setup.dataset.clock.advance(minutes=5)
        setup.dataset.delete(victim)
        result = setup.sync()
        assert setup.count("SELECT COUNT(*) FROM meeting") == setup.live_meetings()
        assert any(change.kind is ChangeKind.REMOVED_MEETING for change in result.changes)


QUIRKS = [
    "deleted_without_type",
    "deleted_in_unfiltered_lists",
    "empty_result_is_404",
    "empty_result_is_error_object",
    "control_characters",
    "not_available_dates",
    "auxiliary_file_as_object",
    "looping_next_link",
    "overlapping_pages",
    "missing_referenced_objects",
    "error_on_first_try",
    "mixed_type_versions",
    "lying_pagination",
]


@pytest.mark.parametrize("quirk", QUIRKS)
def test_real_world_quirks_are_survived(tmp_path: Path, quirk: str) -> None:
    for setup in make_setup(tmp_path, quirks=Quirks(**{quirk: True})):
        setup.sync()
        setup.dataset.clock.advance(minutes=5)
        victim = setup.dataset.keys("Meeting")[0]
        setup.dataset.delete(victim)
        setup.dataset.clock.advance(minutes=1)
        setup.sync()
        assert setup.count("SELECT COUNT(*) FROM meeting") == setup.live_meetings()
        assert setup.store.db.integrity_check() == "ok"


def test_double_slashes_in_urls(tmp_path: Path) -> None:
    for setup in make_setup(tmp_path, quirks=Quirks(double_slashes=True), prefix="oparl/"):
        result = setup.sync()
        assert result.failed_files == []
        assert setup.count("SELECT COUNT(*) FROM meeting") == setup.live_meetings()


def test_download_broken_midway_resumes_with_range(tmp_path: Path) -> None:
    for setup in make_setup(tmp_path, file_size=RESUMABLE_FROM_BYTES + 100_000):
        setup.server.faults.add(ConnectionReset(), "*/download/*", times=1)
        result = setup.sync()
        assert result.failed_files == []
        resumed = [entry for entry in setup.server.log.entries if "range" in entry.headers]
        assert len(resumed) == 1 and resumed[0].status == 206
        offset = int(resumed[0].headers["range"].removeprefix("bytes=").rstrip("-"))
        assert offset > 0, "the bytes received before the break are kept"
        for (blob,) in setup.store.db.read().execute("SELECT blob_sha256 FROM file_version"):
            assert setup.store.blobs.verify(blob)


def test_small_download_broken_midway_is_fetched_whole_again(tmp_path: Path) -> None:
    for setup in make_setup(tmp_path, file_size=RESUMABLE_FROM_BYTES // 4):
        setup.server.faults.add(ConnectionReset(), "*/download/*", times=1)
        result = setup.sync()
        assert result.failed_files == []
        assert not [entry for entry in setup.server.log.entries if "range" in entry.headers]
        assert not list((setup.store.blobs.root / "incoming").iterdir())
        for (blob,) in setup.store.db.read().execute("SELECT blob_sha256 FROM file_version"):
            assert setup.store.blobs.verify(blob)


def test_wrong_content_is_retried_and_never_stored(setup: Setup) -> None:
    setup.server.faults.add(WrongContent(), "*/download/*", times=1)
    result = setup.sync()
    assert result.failed_files == []
    for (blob,) in setup.store.db.read().execute("SELECT blob_sha256 FROM file_version"):
        assert setup.store.blobs.verify(blob)


def test_server_errors_and_rate_limits_are_waited_out(setup: Setup) -> None:
    setup.server.faults.add(ErrorStatus(503, retry_after=1), "*/meeting*", times=2)
    setup.server.faults.add(TooManyRequests(retry_after=1), "*/paper*", times=1)
    result = setup.sync()
    assert result.failed_files == []
    assert setup.count("SELECT COUNT(*) FROM meeting") == setup.live_meetings()


def test_captive_portal_on_a_file_is_named(setup: Setup) -> None:
    setup.server.faults.add(CaptivePortal(), "*/download/*", times=None)
    result = setup.sync()
    assert result.failed_files
    assert all("web page" in reason for _file, reason in result.failed_files)
    assert setup.count("SELECT COUNT(*) FROM file_version") == 0


def test_a_server_claiming_a_huge_file_is_refused_before_downloading(setup: Setup) -> None:
    setup.sync()
    (file_id, url) = setup.store.db.read().execute("SELECT id, access_url FROM file").fetchone()
    claim = FileToFetch(file_id, url, 10 * 1024**3, None, None, "application/pdf", None)
    setup.server.log.reset()
    with build_session(FAST) as session:
        engine = SyncEngine(setup.store, session, setup.endpoint)
        with pytest.raises(DownloadError, match="declares 10737418240 bytes"):
            engine.fetch_one(claim)
    assert setup.server.log.count("*/download/*") + setup.server.log.count("/files/*") == 0


def test_list_pages_over_the_limit_are_refused_clearly(setup: Setup) -> None:
    with build_session(FAST) as session:
        engine = SyncEngine(
            setup.store, session, setup.endpoint, limits=SyncLimits(max_json_bytes=2000)
        )
        with pytest.raises(OParlError, match="larger than 2000 bytes"):
            engine.run()
    assert setup.store.db.integrity_check() == "ok"
