"""kill -9 at any moment of a sync: the next run completes and the store is whole."""

from __future__ import annotations

import hashlib
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from meetingapp.app import AppContext

KILLS = 20


def start_sync(data_dir: Path, endpoint: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "meetingapp", "--data-dir", str(data_dir), "sync", endpoint],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def contents(data_dir: Path) -> dict[str, set[tuple[str, str]]]:
    """Every stored object as (id, raw JSON), per table."""
    db = sqlite3.connect(data_dir / "meetingapp.sqlite3")
    tables = ("body", "organization", "person", "meeting", "agenda_item", "paper", "file")
    result = {table: set(db.execute(f"SELECT id, raw FROM {table}")) for table in tables}
    result["file_link"] = set(
        db.execute("SELECT owner_id || file_id || role, position FROM file_link")
    )
    db.close()
    return result


def assert_blobs_whole(context: AppContext) -> None:
    rows = context.store.db.read().execute("SELECT blob_sha256, size FROM file_version").fetchall()
    for sha256, size in rows:
        data = context.store.blobs.path(sha256).read_bytes()
        assert len(data) == size
        assert hashlib.sha256(data).hexdigest() == sha256


def timed_full_sync(data_dir: Path, endpoint: str) -> float:
    started = time.perf_counter()
    assert start_sync(data_dir, endpoint).wait(timeout=120) == 0
    return time.perf_counter() - started


def check_whole(data_dir: Path) -> None:
    context = AppContext(data_dir)
    assert context.store.db.integrity_check() == "ok"
    assert_blobs_whole(context)
    context.close()


def test_sync_killed_at_random_moments_recovers(
    tmp_path: Path, demo_endpoint: str, synced_template: Path
) -> None:
    """Chains of runs from an empty data dir, each run killed at a random moment
    until one completes; the store is checked after every kill and the completed
    store must equal an undisturbed sync's."""
    duration = timed_full_sync(tmp_path / "reference", demo_endpoint)
    rng = random.Random(20261122)
    kills = 0
    chain = 0
    while kills < KILLS:
        chain += 1
        data_dir = tmp_path / f"chain{chain}"
        while True:
            process = start_sync(data_dir, demo_endpoint)
            time.sleep(rng.uniform(0.2, duration))
            if process.poll() is not None:
                break  # this run completed
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            check_whole(data_dir)
        assert process.returncode == 0
        check_whole(data_dir)
        assert contents(data_dir) == contents(synced_template)
