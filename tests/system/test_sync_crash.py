"""kill -9 at any moment of a sync: the next run completes and the store is whole."""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from meetingapp.core.context import AppContext
from meetingapp.core.security.vault import KeyVault
from meetingapp.store import StoreKeys, sql
from tests.keyrings import FileKeyring, child_keyring_environment
from tests.store_keys import TEST_KEYS

KILLS = 20


def keyring_file(data_dir: Path) -> Path:
    """The keyring the program run on ``data_dir`` keeps its store key in."""
    return data_dir.with_name(f"{data_dir.name}.keyring.json")


def start_sync(data_dir: Path, endpoint: str) -> subprocess.Popen[bytes]:
    """The program's own sync command, its key in a keyring (a stand-in) as anywhere."""
    return subprocess.Popen(
        [sys.executable, "-m", "meetingapp", "--data-dir", str(data_dir), "sync", endpoint],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=child_keyring_environment(keyring_file(data_dir)),
    )


def keys_of(data_dir: Path) -> StoreKeys:
    return KeyVault(data_dir, FileKeyring(keyring_file(data_dir))).unlock()


def contents(data_dir: Path, keys: StoreKeys) -> dict[str, set[tuple[str, str]]]:
    """Every stored object as (id, raw JSON), per table."""
    db = sql.connect_encrypted(data_dir / "meetingapp.sqlite3", keys.database)
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
        data = context.store.blobs.read_bytes(sha256)
        assert len(data) == size
        assert hashlib.sha256(data).hexdigest() == sha256


def timed_full_sync(data_dir: Path, endpoint: str) -> float:
    started = time.perf_counter()
    assert start_sync(data_dir, endpoint).wait(timeout=120) == 0
    return time.perf_counter() - started


def check_whole(data_dir: Path) -> None:
    if not (data_dir / "key.json").exists():
        return  # killed before the store was created: nothing to check
    context = AppContext(data_dir, keys_of(data_dir))
    assert context.store.db.integrity_check() == "ok"
    assert_blobs_whole(context)
    context.close()


@pytest.mark.slow
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
        assert contents(data_dir, keys_of(data_dir)) == contents(synced_template, TEST_KEYS)
