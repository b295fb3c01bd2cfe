"""The sync against real parts: file:// publications and a loopback HTTP server."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from meetingapp.core.context import AppContext
from meetingapp.demo import DEMO_BASE_URL, build_demo
from meetingapp.net.transport import TransportPolicy, build_session
from meetingapp.oparl.engine import SyncCancelled, SyncEngine, SyncProgress
from meetingapp.oparl.oparl import Mirror, OParlClient, OParlError
from meetingapp.store import Store
from tests.servers import StaticFiles, serve
from tests.store_keys import TEST_KEYS


def count(context: AppContext, query: str) -> int:
    return int(context.store.db.read().execute(query).fetchone()[0])


def test_demo_syncs_completely_through_file_urls(synced_context: AppContext) -> None:
    counts = synced_context.library.counts()
    assert counts["meetings"] >= 8
    assert counts["organizations"] >= 4
    assert counts["files"] > 0
    assert counts["downloaded_files"] == counts["files"]
    assert synced_context.store.db.integrity_check() == "ok"


def test_mirrored_publication_keeps_canonical_ids(synced_context: AppContext) -> None:
    ids = [row[0] for row in synced_context.store.db.read().execute("SELECT id FROM meeting")]
    assert ids
    assert all(meeting_id.startswith(DEMO_BASE_URL) for meeting_id in ids)


def test_every_downloaded_blob_matches_the_declared_checksum(synced_context: AppContext) -> None:
    rows = (
        synced_context.store.db.read()
        .execute(
            "SELECT f.sha512, v.blob_sha256 FROM file AS f "
            "JOIN file_version AS v ON v.file_id = f.id"
        )
        .fetchall()
    )
    assert rows
    for sha512, blob in rows:
        data = synced_context.store.blobs.read_bytes(blob)
        assert hashlib.sha512(data).hexdigest() == sha512


def test_resync_adds_no_file_versions(synced_context: AppContext, demo_endpoint: str) -> None:
    before = count(synced_context, "SELECT COUNT(*) FROM file_version")
    (result,) = synced_context.sync(demo_endpoint)
    assert result.files_downloaded == 0
    assert count(synced_context, "SELECT COUNT(*) FROM file_version") == before


def test_tampered_file_is_reported_and_never_stored(tmp_path: Path, demo_publication: Path) -> None:
    publication = tmp_path / "publication"
    shutil.copytree(demo_publication, publication)
    victim = next(path for path in (publication / "files").rglob("*.pdf"))
    victim.write_bytes(victim.read_bytes()[:-10] + b"tampered!!")
    context = AppContext(tmp_path / "data", TEST_KEYS)
    (result,) = context.sync((publication / "system.json").as_uri())
    assert len(result.failed_files) == 1
    file_id, reason = result.failed_files[0]
    assert "checksum" in reason
    versions = count(context, f"SELECT COUNT(*) FROM file_version WHERE file_id = '{file_id}'")
    assert versions == 0
    assert context.library.local_path(file_id) is None
    context.close()


def test_sync_over_http_from_a_loopback_server(tmp_path: Path, demo_anchor: Any) -> None:
    root = tmp_path / "site"
    app = StaticFiles(root)
    with serve(app) as base_url:
        build_demo(root, anchor=demo_anchor, base_url=base_url)
        context = AppContext(tmp_path / "data", TEST_KEYS)
        (result,) = context.sync(base_url + "system.json")
        counts = context.library.counts()
        context.close()
    assert not result.failed_files
    assert counts["downloaded_files"] == counts["files"] > 0
    assert all(status == 200 for _path, status in app.requests)
    fetched_files = [path for path, _status in app.requests if path.startswith("/files/")]
    assert len(fetched_files) == counts["files"]


def test_html_instead_of_json_is_a_clear_error(tmp_path: Path) -> None:
    def portal(_environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return ["<html><body>Logga in på gästnätet</body></html>".encode()]

    with serve(portal) as base_url:
        client = OParlClient(build_session(), base_url + "system.json")
        with pytest.raises(OParlError, match="web page instead of data"):
            client.system()


def test_list_whose_next_link_loops_ends(tmp_path: Path) -> None:
    def looping(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        page = environ["QUERY_STRING"] or "page=1"
        following = {"page=1": "page=2", "page=2": "page=1"}[page]
        body = {
            "data": [{"id": f"https://x/organization/{page}", "type": "Organization"}],
            "links": {"next": f"http://{environ['HTTP_HOST']}/list?{following}"},
        }
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    with serve(looping) as base_url:
        client = OParlClient(build_session(), base_url)
        items = list(client.iter_list(base_url + "list?page=1"))
    assert [item["id"] for item in items] == [
        "https://x/organization/page=1",
        "https://x/organization/page=2",
    ]


def test_server_error_on_first_try_is_retried(tmp_path: Path) -> None:
    calls: list[int] = []

    def flaky(_environ: dict[str, Any], start_response: Any) -> list[bytes]:
        calls.append(1)
        if len(calls) == 1:
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"oops"]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"id": "x", "body": "y"}']

    with serve(flaky) as base_url:
        session = build_session(TransportPolicy(backoff_factor=0))
        assert OParlClient(session, base_url).get_object(base_url)["id"] == "x"
    assert len(calls) == 2


def test_mirror_refuses_urls_that_leave_the_publication() -> None:
    mirror = Mirror("https://pub.example/", "file:///srv/publication/")
    assert mirror.locate("https://pub.example/meeting/1.json") == (
        "file:///srv/publication/meeting/1.json"
    )
    assert mirror.locate("https://other.example/x") == "https://other.example/x"
    for hostile in ("https://pub.example/../../etc/passwd", "https://pub.example/a/%2e%2e/b"):
        with pytest.raises(OParlError, match="leaves the publication"):
            mirror.locate(hostile)


def test_cancelled_sync_stops_and_leaves_a_consistent_store(
    tmp_path: Path, demo_endpoint: str
) -> None:
    store = Store(tmp_path / "data", TEST_KEYS)
    cancel = threading.Event()

    def cancel_when_files_start(progress: SyncProgress) -> None:
        if progress.phase == "files":
            cancel.set()

    engine = SyncEngine(
        store, build_session(), demo_endpoint, on_progress=cancel_when_files_start, cancel=cancel
    )
    with pytest.raises(SyncCancelled):
        engine.run()
    db = store.db.read()
    assert db.execute("SELECT COUNT(*) FROM meeting").fetchone()[0] >= 8
    assert db.execute("SELECT COUNT(*) FROM file_version").fetchone()[0] == 0
    assert db.execute("SELECT last_error FROM sync_state").fetchone()[0] == "cancelled"
    assert store.db.integrity_check() == "ok"
    store.close()


def test_unreachable_server_is_a_clear_error() -> None:
    session = build_session(TransportPolicy(retries=0))
    client = OParlClient(session, "http://127.0.0.1:9/system.json")
    with pytest.raises(OParlError, match="Could not reach"):
        client.system()
