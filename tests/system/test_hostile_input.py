"""Hostile and broken servers against real loopback servers and a real store.

Malformed and too deeply nested JSON, a wrong type in every field of every object
the sync reads, huge lists and strings, ``next`` links without end, absurd file
names and URLs, Content-Length lies, slow drips, sign-in pages instead of data,
and a full disk (a small tmpfs where this machine lets us mount one) while files
download and while the user's annotations are written.
"""

from __future__ import annotations

import errno
import hashlib
import json
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import pytest

from meetingapp.core.packet.library import Library
from meetingapp.core.writing import user_data
from meetingapp.core.writing.user_data import UserDataWriter
from meetingapp.net.transport import TransportPolicy, build_session
from meetingapp.oparl import download
from meetingapp.oparl.download import DownloadError, FileToFetch
from meetingapp.oparl.engine import SyncEngine, SyncLimits, SyncResult
from meetingapp.oparl.oparl import OParlClient, OParlError
from meetingapp.oparl.scope import SyncScope
from meetingapp.store import Store, sql
from meetingapp.store.annotations import (
    Annotation,
    Geometry,
    Kind,
    TextQuote,
    annotations_of_file,
    save_annotation,
)
from meetingapp.store.objects import object_type
from tests.oparl_server import (
    CaptivePortal,
    Dataset,
    MalformedJson,
    OParlServer,
    SlowDrip,
    TruncatedBody,
)
from tests.servers import StartResponse, serve
from tests.store_keys import TEST_KEYS

FAST: Final = TransportPolicy(backoff_factor=0, retries=1, read_timeout=10)
HUGE: Final = "ö" * 100_000
WRONG_VALUES: Final[tuple[object, ...]] = (12345, [1, "x", None], {"x": {"y": 1}}, None, HUGE)
WRONG_IDS: Final = ("number", "list", "object", "null", "huge-string")
TYPE_URL: Final = "https://schema.oparl.org/1.1/"
JSON: Final = "application/json"
TYPES: Final = (
    "System",
    "Body",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
)

Corruption = Callable[[dict[str, Any]], None]


class Corrupting:
    """The OParl server behind a filter that changes every JSON object of one type,
    wherever it appears (listed, embedded, alone)."""

    def __init__(self, server: OParlServer) -> None:
        self.server = server
        self.kind = ""
        self.corrupt: Corruption | None = None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if self.corrupt is None:  # untouched, streamed as the server sends it
            return self.server(environ, start_response)
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            captured[:] = [status, headers]

        body = b"".join(self.server(environ, capture))
        status, headers = captured
        if body and _is_json(headers):
            value = json.loads(body)
            self._walk(value)
            body = json.dumps(value, ensure_ascii=False).encode()
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _walk(self, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                self._walk(item)
        elif isinstance(value, dict):
            matches = object_type(value) == self.kind
            for item in list(value.values()):
                self._walk(item)
            if matches and self.corrupt is not None:
                self.corrupt(value)


def _is_json(headers: list[tuple[str, str]]) -> bool:
    return any(k.lower() == "content-type" and "json" in v for k, v in headers)


@dataclass
class Served:
    dataset: Dataset
    server: OParlServer
    app: Corrupting
    endpoint: str
    tmp_path: Path

    def sync(
        self,
        store: Store,
        *,
        limits: SyncLimits | None = None,
        policy: TransportPolicy = FAST,
    ) -> SyncResult:
        scope = SyncScope(now=self.dataset.clock.now(), days_back=100_000)
        with build_session(policy) as session:
            engine = SyncEngine(
                store, session, self.endpoint, scope=scope, limits=limits, policy=policy
            )
            return engine.run()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    dataset = Dataset.generate(
        meetings=2, files_per_meeting=2, file_size=3000, now=datetime.now(UTC)
    )
    server = OParlServer(dataset, page_size=50)
    app = Corrupting(server)
    with serve(app) as host_url:
        yield Served(dataset, server, app, server.endpoint(host_url), tmp_path)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "data", TEST_KEYS)
    yield opened
    opened.close()


def assert_sound(store: Store) -> None:
    """The store is whole, every blob matches its name, and the screens can read it."""
    assert store.db.integrity_check() == "ok"
    for (blob,) in store.db.read().execute("SELECT blob_sha256 FROM file_version"):
        assert store.blobs.verify(blob)
    assert not [p for p in (store.blobs.root / "incoming").iterdir() if p.suffix != ".json"]
    library = Library(store)
    library.counts()
    library.committees()
    for meeting in library.meetings():
        for entry in library.agenda(meeting.id):
            library.item_documents(entry)
        for document in library.meeting_documents(meeting.id):
            assert document.file_type is None or isinstance(document.file_type, str)


def sync_or_clear_error(served: Served, store: Store) -> SyncResult | None:
    """A sync that completes or fails with a message for people; nothing else."""
    try:
        return served.sync(store)
    except OParlError as error:
        assert str(error)
        return None


def meeting_count(store: Store) -> int:
    return int(store.db.read().execute("SELECT COUNT(*) FROM meeting").fetchone()[0])


# --- Malformed JSON ----------------------------------------------------------------


def test_malformed_json_on_a_list_page_is_a_clear_error_and_the_next_run_completes(
    served: Served, store: Store
) -> None:
    served.server.faults.add(MalformedJson(), "body/1/meeting", times=None)
    with pytest.raises(OParlError, match="malformed data"):
        served.sync(store)
    assert_sound(store)
    served.server.faults.clear()
    served.sync(store)
    assert meeting_count(store) == len(served.dataset.keys("Meeting"))
    assert_sound(store)


@pytest.mark.parametrize("payload", [b"[" * 200_000, b'{"a":' * 200_000, b"\xff\xfe{}"])
def test_json_nested_without_end_or_not_text_is_a_clear_error(payload: bytes) -> None:
    def answer(_environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "application/json")])
        return [payload]

    with serve(answer) as base_url:
        client = OParlClient(build_session(FAST), base_url + "system")
        with pytest.raises(OParlError, match=r"nested too deeply|malformed|no object"):
            client.system()


# --- A wrong type in every field ------------------------------------------------------


def _everything_wrong(wrong: object) -> Corruption:
    def corrupt(obj: dict[str, Any]) -> None:
        for name in obj:
            obj[name] = wrong

    return corrupt


def _one_wrong(name: str, wrong: object) -> Corruption:
    def corrupt(obj: dict[str, Any]) -> None:
        if name in obj:
            obj[name] = wrong

    return corrupt


@pytest.mark.slow
@pytest.mark.parametrize("wrong", WRONG_VALUES, ids=WRONG_IDS)
@pytest.mark.parametrize("kind", TYPES)
def test_every_field_of_a_wrong_type_at_once(
    served: Served, tmp_path: Path, kind: str, wrong: object
) -> None:
    served.app.kind, served.app.corrupt = kind, _everything_wrong(wrong)
    store = Store(tmp_path / "wrong", TEST_KEYS)
    sync_or_clear_error(served, store)
    assert_sound(store)
    store.close()


def _fields_of(served: Served) -> dict[str, list[str]]:
    """The fields each type has on this server, read through the corrupting filter."""
    seen: dict[str, set[str]] = {kind: set() for kind in TYPES}

    def note(obj: dict[str, Any]) -> None:
        seen[object_type(obj)].update(obj)

    for kind in TYPES:
        served.app.kind, served.app.corrupt = kind, note
        store = Store(served.tmp_path / f"fields-{kind}", TEST_KEYS)
        served.sync(store)
        store.close()
    served.app.corrupt = None
    return {kind: sorted(names) for kind, names in seen.items()}


@pytest.mark.slow
def test_each_field_alone_of_a_wrong_type(served: Served) -> None:
    """Every field of every type in turn; the wrong value rotates through the kinds."""
    fields = _fields_of(served)
    assert all(fields[kind] for kind in TYPES)
    turn = 0
    for kind in TYPES:
        for name in fields[kind]:
            wrong = WRONG_VALUES[turn % len(WRONG_VALUES)]
            turn += 1
            served.app.kind, served.app.corrupt = kind, _one_wrong(name, wrong)
            store = Store(served.tmp_path / f"one-{kind}-{name}", TEST_KEYS)
            sync_or_clear_error(served, store)
            assert_sound(store)
            store.close()
    assert turn > 100


# --- Huge lists, huge strings, endless next links ----------------------------------------


Pages = Callable[[str, int], dict[str, Any]]


def _list_server(pages: Pages) -> Callable[..., list[bytes]]:
    """A one-body OParl server whose organization list's page n is ``pages(base, n)``."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        base = f"http://{environ['HTTP_HOST']}/"
        query = environ.get("QUERY_STRING", "")
        number = int(query.split("page=")[1].split("&")[0]) if "page=" in query else 1
        answers: dict[str, Callable[[], dict[str, Any]]] = {
            "": lambda: {"id": base, "type": TYPE_URL + "System", "body": base + "body"},
            "body": lambda: {
                "data": [
                    {
                        "id": base + "body/1",
                        "type": TYPE_URL + "Body",
                        "name": "Exempelkommun",
                        "organization": base + "org",
                    }
                ],
                "links": {},
            },
            "org": lambda: pages(base, number),
        }
        answer = answers.get(environ["PATH_INFO"].strip("/"))
        start_response("200 OK" if answer else "404 Not Found", [("Content-Type", JSON)])
        return [json.dumps(answer() if answer else {}).encode()]

    return app


def _organization(base: str, number: int, name: str = "Nämnd") -> dict[str, Any]:
    return {"id": f"{base}organization/{number}", "type": TYPE_URL + "Organization", "name": name}


def test_a_huge_list_page_and_a_huge_name_are_taken_whole(store: Store) -> None:
    junk: list[object] = [7] * 100_000 + [None] * 50_000 + ["x"] * 50_000

    def page(base: str, _number: int) -> dict[str, Any]:
        objects = [_organization(base, number) for number in range(5000)]
        objects.append(_organization(base, 99_999, "Å" * 2_000_000))
        return {"data": junk + objects, "links": {}}

    with serve(_list_server(page)) as base_url, build_session(FAST) as session:
        SyncEngine(store, session, base_url).run()
    rows = store.db.read().execute("SELECT COUNT(*), MAX(LENGTH(name)) FROM organization")
    assert tuple(rows.fetchone()) == (5001, 2_000_000)
    assert store.db.integrity_check() == "ok"


def test_next_links_that_never_repeat_end_at_the_page_limit(store: Store) -> None:
    def endless(base: str, number: int) -> dict[str, Any]:
        following = f"{base}org?page={number + 1}"
        return {"data": [_organization(base, number)], "links": {"next": following}}

    with serve(_list_server(endless)) as base_url, build_session(FAST) as session:
        SyncEngine(store, session, base_url, limits=SyncLimits(max_list_pages=40)).run()
    assert store.db.read().execute("SELECT COUNT(*) FROM organization").fetchone()[0] == 40
    assert store.db.integrity_check() == "ok"


def test_next_links_that_loop_end_the_list(store: Store) -> None:
    def looping(base: str, number: int) -> dict[str, Any]:
        following = f"{base}org?page={number % 3 + 1}"  # 1 → 2 → 3 → 1
        return {"data": [_organization(base, number)], "links": {"next": following}}

    with serve(_list_server(looping)) as base_url, build_session(FAST) as session:
        SyncEngine(store, session, base_url).run()
    assert store.db.read().execute("SELECT COUNT(*) FROM organization").fetchone()[0] == 3


# --- Absurd names and URLs -----------------------------------------------------------------

ABSURD_NAMES: Final = (
    "../../../../../../tmp/motesparm-evil.pdf",
    "/etc/passwd",
    "beslut\x00.pdf",
    "x" * 10_000 + ".pdf",
    "CON",
    "..",
    "\u202egnp.exe.pdf",
)


def test_absurd_file_names_are_kept_as_names_and_never_used_as_paths(
    served: Served, store: Store, tmp_path: Path
) -> None:
    def rename(obj: dict[str, Any]) -> None:
        number = int(str(obj["id"]).rstrip("/").rsplit("/", 1)[-1])
        obj["fileName"] = ABSURD_NAMES[number % len(ABSURD_NAMES)]

    served.app.kind, served.app.corrupt = "File", rename
    result = served.sync(store)
    assert result.failed_files == []
    assert result.files_downloaded == len(served.dataset.keys("File"))
    names = {row[0] for row in store.db.read().execute("SELECT file_name FROM file")}
    assert names <= set(ABSURD_NAMES) and len(names) > 1
    assert not Path("/tmp/motesparm-evil.pdf").exists()
    for path in store.blobs.root.rglob("*"):
        assert path.name in ("objects", "incoming") or len(path.name) <= 64
    assert_sound(store)


def _absurd_urls(host_url: str) -> list[str]:
    return [
        host_url + "file/1/access/../../../../etc/passwd",
        host_url + "file/1/access/a\x00b.pdf",
        host_url + "file/1/access/" + "x" * 10_000,
        "file:///etc/passwd",
        "file://fileserver.exempelkommun.example/share/secret.pdf",
        "FILE:///etc/hostname",
        "javascript:alert(1)",
        "http://[::1",
        "ftp://127.0.0.1/x.pdf",
    ]


def test_absurd_urls_fail_those_files_only_and_read_nothing_local(tmp_path: Path) -> None:
    dataset = Dataset.generate(meetings=3, files_per_meeting=3, file_size=3000)
    app = Corrupting(OParlServer(dataset, page_size=50))
    with serve(app) as host_url:
        urls = _absurd_urls(host_url)
        assert len(dataset.keys("File")) >= len(urls)

        def redirect(obj: dict[str, Any]) -> None:
            number = int(str(obj["id"]).rstrip("/").rsplit("/", 1)[-1])
            obj["accessUrl"] = obj["downloadUrl"] = urls[number % len(urls)]
            for name in ("size", "sha512Checksum", "sha1Checksum"):
                obj.pop(name, None)
            obj["mimeType"] = "text/plain"

        app.kind, app.corrupt = "File", redirect
        store = Store(tmp_path / "data", TEST_KEYS)
        scope = SyncScope(now=dataset.clock.now(), days_back=100_000)
        with build_session(FAST) as session:
            result = SyncEngine(store, session, host_url, scope=scope).run()
    failed = dict(result.failed_files)
    for file_id, url in store.db.read().execute("SELECT id, download_url FROM file"):
        if url.lower().startswith("file:"):
            assert "leaves the publication" in failed[file_id]
        elif not url.startswith(host_url):
            assert failed[file_id]
    local = {Path("/etc/passwd").read_bytes(), Path("/etc/hostname").read_bytes()}
    for (blob,) in store.db.read().execute("SELECT blob_sha256 FROM file_version"):
        assert store.blobs.read_bytes(blob) not in local
    assert_sound(store)
    store.close()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "file://fileserver.example/share/x.pdf"])
def test_a_file_url_from_a_web_server_is_refused(served: Served, store: Store, url: str) -> None:
    served.sync(store)
    file_id = store.db.read().execute("SELECT id FROM file").fetchone()[0]
    claim = FileToFetch(file_id, url, None, None, None, "text/plain", None)
    with build_session(FAST) as session:
        engine = SyncEngine(store, session, served.endpoint)
        with pytest.raises(DownloadError, match="leaves the publication"):
            engine.fetch_one(claim)


# --- Content-Length lies, huge claims, slow drips, portals ------------------------------------


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (TruncatedBody(0.5, content_length="sent"), "size"),
        (TruncatedBody(0.5, content_length="full"), "broke off|size"),
    ],
    ids=["declares-what-it-sends", "declares-more-than-it-sends"],
)
def test_content_length_lies_fail_the_file_and_store_nothing_of_it(
    served: Served, store: Store, fault: TruncatedBody, reason: str
) -> None:
    served.server.faults.add(fault, "*/download/*", times=None)
    served.server.faults.add(fault, "*/access/*", times=None)
    result = served.sync(store)
    assert len(result.failed_files) == len(served.dataset.keys("File"))
    assert all(re.search(reason, why) for _file, why in result.failed_files), result.failed_files
    assert store.db.read().execute("SELECT COUNT(*) FROM file_version").fetchone()[0] == 0
    assert_sound(store)


def test_content_length_lie_on_a_list_page_is_a_clear_error(served: Served, store: Store) -> None:
    served.server.faults.add(TruncatedBody(0.5, content_length="sent"), "body/1/paper", times=None)
    with pytest.raises(OParlError, match="malformed data"):
        served.sync(store)
    assert_sound(store)


def test_a_claimed_10_gb_content_length_is_refused_before_reading(store: Store) -> None:
    sent: list[int] = []

    def claims_ten_gigabytes(_environ: dict[str, Any], start_response: StartResponse) -> Any:
        start_response(
            "200 OK", [("Content-Type", "application/pdf"), ("Content-Length", "10737418240")]
        )

        def body() -> Iterator[bytes]:
            for _ in range(10_000):
                sent.append(1)
                yield b"%PDF-1.7 " + b"0" * 65_536

        return body()

    with serve(claims_ten_gigabytes) as base_url:
        client = OParlClient(build_session(FAST), base_url)
        wanted = FileToFetch("f", base_url + "big.pdf", None, None, None, "application/pdf", None)
        with pytest.raises(DownloadError, match="declares 10737418240 bytes"):
            download.fetch(client, store, wanted)
    assert len(sent) < 1000  # refused on the headers, not after gigabytes
    assert not list((store.blobs.root / "incoming").iterdir())


def test_a_slow_drip_times_out_clearly_and_a_patient_one_completes(
    served: Served, tmp_path: Path
) -> None:
    impatient = TransportPolicy(backoff_factor=0, retries=0, read_timeout=0.2)
    served.server.faults.add(SlowDrip(chunk_size=512, interval=0.5), "*/download/*", times=None)
    slow = Store(tmp_path / "slow", TEST_KEYS)
    result = served.sync(slow, policy=impatient)
    served.server.faults.clear()
    assert len(result.failed_files) == len(served.dataset.keys("File"))
    assert all("timed out" in reason for _file, reason in result.failed_files)
    assert_sound(slow)
    slow.close()

    served.server.faults.add(SlowDrip(chunk_size=1024, interval=0.02), "*/download/*", times=None)
    patient = Store(tmp_path / "patient", TEST_KEYS)
    assert served.sync(patient).failed_files == []
    assert_sound(patient)
    patient.close()


def test_a_slow_drip_on_a_list_page_is_a_clear_timeout(served: Served, store: Store) -> None:
    impatient = TransportPolicy(backoff_factor=0, retries=0, read_timeout=0.2)
    served.server.faults.add(SlowDrip(chunk_size=64, interval=0.5), "body/1/meeting", times=None)
    with pytest.raises(OParlError, match="timed out"):
        served.sync(store, policy=impatient)
    served.server.faults.clear()
    assert_sound(store)


def test_a_drip_under_the_read_timeout_is_ended_by_the_stall_guard(
    served: Served, tmp_path: Path
) -> None:
    """Every read comes in time, yet a whole window brings too little: stopped,
    the message says why, and a later sync at a normal pace completes."""
    guarded = TransportPolicy(
        backoff_factor=0, retries=0, read_timeout=5, stall_window=0.3, stall_min_bytes=50_000
    )
    served.server.faults.add(SlowDrip(chunk_size=16, interval=0.02), "*/download/*", times=None)
    store = Store(tmp_path / "guarded", TEST_KEYS)
    started = time.monotonic()
    result = served.sync(store, policy=guarded)
    assert time.monotonic() - started < 30
    assert len(result.failed_files) == len(served.dataset.keys("File"))
    assert all("sent so little for so long" in reason for _file, reason in result.failed_files)
    served.server.faults.clear()
    assert served.sync(store, policy=guarded).failed_files == []
    assert_sound(store)
    store.close()


def test_a_list_page_dripped_under_the_read_timeout_is_ended_clearly(
    served: Served, store: Store
) -> None:
    guarded = TransportPolicy(
        backoff_factor=0, retries=0, read_timeout=5, stall_window=0.3, stall_min_bytes=50_000
    )
    served.server.faults.add(SlowDrip(chunk_size=64, interval=0.02), "body/1/meeting", times=None)
    with pytest.raises(OParlError, match="sent so little for so long"):
        served.sync(store, policy=guarded)
    served.server.faults.clear()
    assert_sound(store)


class _DeclaredDrip:
    """Declares a megabyte in Content-Length (not chunked), then sends a byte every
    20 ms until stopped: each read comes in time, a whole buffer never does."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.bytes_sent = 0

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterator[bytes]:
        kind = JSON if environ["PATH_INFO"].endswith(".json") else "application/pdf"
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", "1000000")])
        return self._drip()

    def _drip(self) -> Iterator[bytes]:
        deadline = time.monotonic() + 4
        while not self.stop.wait(0.02) and time.monotonic() < deadline:
            self.bytes_sent += 1
            yield b" "


@pytest.mark.parametrize("kind", ["file", "json"])
def test_a_drip_with_a_content_length_is_ended_by_the_stall_guard(store: Store, kind: str) -> None:
    """A body of declared length is read as it arrives, not in full 64 KiB pieces
    (that would let a byte a minute hold a download for weeks)."""
    guarded = TransportPolicy(
        backoff_factor=0, retries=0, read_timeout=5, stall_window=0.3, stall_min_bytes=1000
    )
    drip = _DeclaredDrip()
    with serve(drip) as base_url:
        client = OParlClient(build_session(guarded), base_url, guarded)
        started = time.monotonic()
        try:
            if kind == "file":
                wanted = FileToFetch("f", base_url + "a.pdf", None, None, None, None, None)
                with pytest.raises(DownloadError, match="sent so little for so long"):
                    download.fetch(client, store, wanted)
            else:
                with pytest.raises(OParlError, match="sent so little for so long"):
                    client.fetch_json(base_url + "page.json")
        finally:
            drip.stop.set()
        elapsed = time.monotonic() - started
    assert elapsed < 3, f"stopped after {elapsed:.1f} s"
    assert 0 < drip.bytes_sent < 1000
    assert not list((store.blobs.root / "incoming").iterdir())


def test_a_captive_portal_in_the_middle_of_a_sync_is_named_and_keeps_the_store(
    served: Served, store: Store
) -> None:
    served.sync(store)
    before = meeting_count(store)
    served.dataset.clock.advance(minutes=5)
    served.server.faults.add(CaptivePortal(), "body/1/person*", times=None)
    with pytest.raises(OParlError, match="web page instead of data"):
        served.sync(store)
    assert meeting_count(store) == before
    assert_sound(store)


# --- A full disk --------------------------------------------------------------------------


@contextmanager
def small_disk(path: Path, size: str) -> Iterator[bool]:
    """A tmpfs of ``size`` at ``path``; yields False where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
            check=True,
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True, timeout=10)


def _fill(folder: Path, size: int | None = None) -> Path:
    """Take ``size`` bytes of a small file system, or all it has left."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while size is None or out.tell() < size:
                out.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def _no_space_after(fsyncs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no file system can be mounted: the disk is full from the n-th fsync on."""
    real_fsync = download._fsync_path
    count = iter(range(1_000_000))

    def failing_fsync(path: Path) -> None:
        if next(count) >= fsyncs:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(path)

    monkeypatch.setattr(download, "_fsync_path", failing_fsync)


def test_a_full_disk_during_downloads_fails_those_files_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = Dataset.generate(meetings=4, files_per_meeting=3, file_size=200_000)
    files = len(dataset.keys("File"))
    server = OParlServer(dataset, page_size=50)
    blobs = tmp_path / "data" / "blobs"
    scope = SyncScope(now=dataset.clock.now(), days_back=100_000)
    with serve(server) as host_url, small_disk(blobs, "3m") as mounted:
        filler = _fill(blobs, 2 * 1024 * 1024) if mounted else None
        if not mounted:
            _no_space_after(4, monkeypatch)
        store = Store(tmp_path / "data", TEST_KEYS)
        with build_session(FAST) as session:
            result = SyncEngine(store, session, host_url, scope=scope).run()
        assert 0 < len(result.failed_files) < files
        assert result.files_downloaded + len(result.failed_files) == files
        assert all("could not write the file" in why for _file, why in result.failed_files)
        assert_sound(store)
        # Space comes back: the next run fetches what failed, and only that.
        if filler is not None:
            filler.unlink()
        monkeypatch.undo()
        server.log.reset()
        with build_session(FAST) as session:
            again = SyncEngine(store, session, host_url, scope=scope).run()
        assert again.failed_files == []
        assert server.log.count("*/download/*", status=200) == len(result.failed_files)
        versions = store.db.read().execute("SELECT COUNT(*) FROM file_version").fetchone()[0]
        assert versions == files
        assert_sound(store)
        store.close()


def _mark(number: int, comment: str) -> Annotation:
    return Annotation(
        uid=f"mark-{number}",
        file_id="file-1",
        version_id=None,
        kind=Kind.NOTE,
        colour="#ffd400",
        page=0,
        geometry=Geometry(rects=((72.0, 100.0, 72.0, 100.0),)),
        quote=TextQuote("budgeten"),
        comment=comment,
        created_at="2026-12-01T18:00:00+00:00",
        modified_at="2026-12-01T18:00:00+00:00",
    )


def test_a_full_disk_during_an_annotation_write_is_retried_until_space_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_data, "RETRY_PAUSES", (0.05,))
    data = tmp_path / "data"
    with small_disk(data, "2m") as mounted:
        store = Store(data, TEST_KEYS)
        problems: list[Exception | None] = []
        writer = UserDataWriter(store.db, on_problem=problems.append)
        writer.submit(lambda db: save_annotation(db, _mark(1, "före")))
        assert writer.flush()
        filler: Path | None = None
        if mounted:
            filler = _fill(data)
        else:  # no mount here: SQLite's own limit makes the database full
            with store.db.write() as db:
                pages = db.execute("PRAGMA page_count").fetchone()[0]
                db.execute(f"PRAGMA max_page_count = {pages}")
        big = "Yrkande: " + "å" * 300_000
        writer.submit(lambda db: save_annotation(db, _mark(2, big)))
        writer.submit(lambda db: save_annotation(db, _mark(3, "efter")))
        assert not writer.flush(timeout=0.5)  # still waiting for space, in order
        assert writer.pending == 2
        assert problems and all("full" in str(problem) for problem in problems)
        assert [mark.uid for mark in annotations_of_file(store.db.read(), "file-1")] == ["mark-1"]
        if filler is not None:
            filler.unlink()
        else:
            with store.db.write() as db:
                db.execute("PRAGMA max_page_count = 1073741823")
        assert writer.flush(timeout=10)
        assert problems[-1] is None  # told that writing works again
        marks = {mark.uid: mark for mark in annotations_of_file(store.db.read(), "file-1")}
        assert sorted(marks) == ["mark-1", "mark-2", "mark-3"]
        assert (
            hashlib.sha256(marks["mark-2"].comment.encode()).digest()
            == hashlib.sha256(big.encode()).digest()
        )
        assert store.db.integrity_check() == "ok"
        assert writer.close()
        store.close()


def test_a_write_that_fails_rolls_back_whole_on_a_real_full_database(store: Store) -> None:
    writer = UserDataWriter(store.db)
    with store.db.write() as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(sql.OperationalError, match="full"), store.db.write() as db:
        save_annotation(db, _mark(1, "liten"))
        save_annotation(db, _mark(2, "x" * 200_000))
    assert annotations_of_file(store.db.read(), "file-1") == []
    assert writer.close()


def test_absurd_names_make_a_safe_name_for_another_program() -> None:
    from meetingapp.ui.reader.document_view import external_name

    assert external_name("../../etc/passwd") == "passwd"
    assert external_name("C:\\Windows\\evil.pdf") == "evil.pdf"
    assert external_name("bilaga\x00.pdf") == "bilaga.pdf"
    long = external_name("x" * 10_000 + ".pdf")
    assert long.endswith(".pdf") and len(long) <= 136
    assert external_name("Bilaga 1: budget.pdf") == "Bilaga 1 budget.pdf"
