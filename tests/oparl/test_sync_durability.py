"""The files of a sync are made durable in batches by the thread that records them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from meetingapp.net.transport import TransportPolicy, build_session
from meetingapp.oparl import download
from meetingapp.oparl.engine import SyncEngine, SyncProgress, SyncResult
from meetingapp.oparl.scope import SyncScope, files_to_fetch
from meetingapp.store import Store
from tests.oparl_server import Dataset, OParlServer
from tests.servers import serve
from tests.store_keys import TEST_KEYS

FAST = TransportPolicy(backoff_factor=0, read_timeout=10)
NOTHING = SyncScope(committees=frozenset(), days_back=0)
"""Metadata only: no meeting is in scope."""


@dataclass
class Served:
    dataset: Dataset
    server: OParlServer
    endpoint: str
    tmp_path: Path
    reports: list[SyncProgress] = field(default_factory=list)

    def scope(self) -> SyncScope:
        return SyncScope(now=self.dataset.clock.now(), days_back=100_000)

    def sync(self, name: str, scope: SyncScope) -> tuple[Store, SyncResult]:
        store = Store(self.tmp_path / name, TEST_KEYS)
        with build_session(FAST) as session:
            engine = SyncEngine(
                store, session, self.endpoint, scope=scope, on_progress=self.reports.append
            )
            return store, engine.run()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    dataset = Dataset.generate(
        meetings=12, files_per_meeting=3, file_size=5000, now=datetime.now(UTC)
    )
    server = OParlServer(dataset, page_size=3)
    with serve(server) as host_url:
        yield Served(dataset, server, server.endpoint(host_url), tmp_path)


def _file_requests(served: Served) -> list[str]:
    return [entry.path for entry in served.server.log.entries if "/download/" in entry.path]


def test_every_file_in_scope_is_fetched_once_recorded_and_in_place(served: Served) -> None:
    reference, _ = served.sync("reference", NOTHING)
    wanted = files_to_fetch(reference.db.read(), served.scope())
    reference.close()
    assert wanted
    served.server.log.reset()

    store, result = served.sync("data", served.scope())
    assert sorted(_file_requests(served)) == sorted(
        unquote(urlsplit(item.url).path) for item in wanted
    )
    assert result.failed_files == []
    assert result.files_downloaded == len(wanted)
    rows = store.db.read().execute("SELECT blob_sha256, size FROM file_version").fetchall()
    assert len(rows) == len(wanted)
    for sha256, size in rows:
        assert len(store.blobs.read_bytes(sha256)) == size
        assert store.blobs.verify(sha256)
    incoming = store.blobs.root / "incoming"
    assert [path.name for path in incoming.iterdir()] == []  # nothing left waiting
    files = [report for report in served.reports if report.phase == "files"]
    assert files[-1].done == files[-1].total == len(wanted)
    store.close()


def test_a_file_that_cannot_be_made_durable_is_a_failure_not_a_crash(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = download._fsync_path
    victims: list[Path] = []

    def failing_fsync(path: Path) -> None:
        if not victims:
            victims.append(path)
            raise OSError(28, "No space left on device")
        real_fsync(path)

    monkeypatch.setattr(download, "_fsync_path", failing_fsync)
    store, result = served.sync("data", served.scope())
    assert len(result.failed_files) == 1
    file_id, reason = result.failed_files[0]
    assert "could not write the file" in reason
    db = store.db.read()
    assert (
        db.execute("SELECT COUNT(*) FROM file_version WHERE file_id = ?", (file_id,)).fetchone()[0]
        == 0
    )
    assert db.execute("SELECT COUNT(*) FROM download_failure").fetchone()[0] == 1
    assert not victims[0].exists()  # the file that waited is gone
    store.close()
    # the next run fetches it
    served.server.log.reset()
    monkeypatch.setattr(download, "_fsync_path", real_fsync)
    store, result = served.sync("data", served.scope())
    assert result.failed_files == []
    assert len(_file_requests(served)) == 1
    assert store.db.read().execute("SELECT COUNT(*) FROM download_failure").fetchone()[0] == 0
    store.close()


def test_a_resync_fetches_nothing(served: Served) -> None:
    store, _ = served.sync("data", served.scope())
    store.close()
    served.server.log.reset()
    _, result = served.sync("data", served.scope())
    assert _file_requests(served) == []
    assert result.files_downloaded == 0
