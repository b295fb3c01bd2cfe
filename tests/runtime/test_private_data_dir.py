"""The data directory is its user's only: folders 0700, files 0600, as ssh and gnupg keep theirs."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetingapp.cli import EXIT_OK, main
from meetingapp.core.context import AppContext
from meetingapp.runtime.instance import InstanceLock
from meetingapp.runtime.paths import exported_file_mode, make_private_data_dir, private_umask
from meetingapp.store.durable import atomic_write
from meetingapp.ui.shell import application as ui_app
from tests.keyrings import MemoryKeyring, child_keyring_environment
from tests.store_keys import TEST_KEYS, register_test_key

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def everything_under(root: Path) -> Iterator[Path]:
    """Every entry under ``root``, links included but not followed."""
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            yield Path(folder) / name


def loose_entries(root: Path) -> list[str]:
    """The entries (and ``root``) that are not 0700 folders or 0600 files."""
    loose = []
    for path in [root, *everything_under(root)]:
        wanted = 0o700 if path.is_dir() else 0o600
        if not path.is_symlink() and mode_of(path) != wanted:
            loose.append(f"{path.relative_to(root)} {oct(mode_of(path))}")
    return loose


def open_up(root: Path) -> None:
    """Folders 0755 and files 0644: a data folder made by an earlier version."""
    for path in [root, *everything_under(root)]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture
def user_umask() -> Iterator[None]:
    """The usual umask of a desktop session, whatever the test runner's is."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_first_sync_from_the_command_line_leaves_only_private_files(
    tmp_path: Path, demo_endpoint: str, user_umask: None
) -> None:
    data_dir = tmp_path / "new" / "data"
    completed = subprocess.run(
        [sys.executable, "-m", "meetingapp", "sync", "-q", demo_endpoint, "--data-dir", data_dir],
        capture_output=True,
        text=True,
        env=child_keyring_environment(tmp_path / "keyring.json"),
        timeout=120,
    )
    assert completed.returncode == EXIT_OK, completed.stderr
    names = {path.name for path in everything_under(data_dir)}
    assert {"meetingapp.sqlite3", "key.json", ".lock", "meetingapp.log", "blobs"} <= names
    assert sum(1 for path in everything_under(data_dir / "blobs") if path.is_file()) > 50
    assert loose_entries(data_dir) == []


def test_the_database_journal_and_documents_come_out_private_while_open(
    tmp_path: Path, demo_endpoint: str, user_umask: None
) -> None:
    """SQLite makes -wal and -shm as it goes, the sync seals documents: all under the
    program's umask."""
    data_dir = tmp_path / "data"
    with private_umask():
        make_private_data_dir(data_dir)
        context = AppContext(data_dir, TEST_KEYS)
        try:
            context.sync(demo_endpoint)
            names = {path.name for path in everything_under(data_dir)}
            assert {"meetingapp.sqlite3-wal", "meetingapp.sqlite3-shm"} <= names
            assert loose_entries(data_dir) == []
        finally:
            context.close()
    assert os.umask(0o022) == 0o022, "the umask is the process's again"


def test_an_open_data_dir_is_made_private_at_the_next_start(
    synced_data_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    register_test_key(synced_data_dir, memory_keyring)
    open_up(synced_data_dir)
    assert len(loose_entries(synced_data_dir)) > 50
    assert main(["status", "--data-dir", str(synced_data_dir)]) == EXIT_OK
    assert loose_entries(synced_data_dir) == []


def test_the_window_makes_its_data_dir_private_too(tmp_path: Path) -> None:
    """The GUI's start goes through the same lock, and the same function."""
    data_dir = tmp_path / "data"
    (data_dir / "blobs").mkdir(parents=True)
    (data_dir / "blobs" / "sealed").write_bytes(b"sealed")
    open_up(data_dir)
    ui_app.application()
    lock = ui_app.lock_data_dir(data_dir)
    assert lock is not None
    lock.release()
    assert loose_entries(data_dir) == []


def test_links_inside_are_not_followed_out_of_the_data_dir(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "folder" / "shared.pdf").write_bytes(b"%PDF")
    (outside / "file.txt").write_text("someone else's")
    data_dir = tmp_path / "data"
    (data_dir / "blobs").mkdir(parents=True)
    (data_dir / "blobs" / "to-folder").symlink_to(outside / "folder")
    (data_dir / "to-file").symlink_to(outside / "file.txt")
    (data_dir / "dangling").symlink_to(tmp_path / "nothing")
    open_up(outside)
    open_up(data_dir)
    with InstanceLock.acquire(data_dir):
        pass
    assert loose_entries(data_dir) == []
    assert (data_dir / "blobs" / "to-folder").is_symlink()
    assert mode_of(outside) == mode_of(outside / "folder") == 0o755
    assert mode_of(outside / "folder" / "shared.pdf") == mode_of(outside / "file.txt") == 0o644


def test_a_data_dir_that_is_a_link_makes_the_folder_it_names_private(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "logs").mkdir(parents=True)
    (real / "logs" / "meetingapp.log").write_text("")
    open_up(real)
    link = tmp_path / "data"
    link.symlink_to(real)
    make_private_data_dir(link)
    assert loose_entries(real) == []


def test_a_private_data_dir_is_not_walked_again(tmp_path: Path) -> None:
    """One stat at a normal start: what is inside a 0700 folder is left as it is."""
    data_dir = tmp_path / "data"
    make_private_data_dir(data_dir)
    assert mode_of(data_dir) == 0o700
    (data_dir / "copied in").write_bytes(b"")
    (data_dir / "copied in").chmod(0o644)
    make_private_data_dir(data_dir)
    assert mode_of(data_dir / "copied in") == 0o644


def test_a_new_data_dir_is_private_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        make_private_data_dir(tmp_path / "a" / "b" / "data")
    finally:
        os.umask(previous)
    assert mode_of(tmp_path / "a" / "b" / "data") == 0o700


@pytest.mark.skipif(
    sys.platform != "win32" and os.geteuid() == 0, reason="the superuser opens any folder"
)
def test_what_cannot_be_made_private_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "data"
    locked = data_dir / "locked"
    locked.mkdir(parents=True)
    (locked / "inside").write_bytes(b"")
    data_dir.chmod(0o755)
    locked.chmod(0o311)  # cannot be opened to be listed
    try:
        with caplog.at_level(logging.WARNING, logger="meetingapp.runtime.paths"):
            make_private_data_dir(data_dir)
    finally:
        locked.chmod(0o700)
    assert mode_of(data_dir) == 0o700
    assert f"could not be made private to its user (1, among them {locked})" in caplog.text


def test_exports_keep_the_users_own_umask_under_the_programs(
    tmp_path: Path, user_umask: None
) -> None:
    """A file the user saves to a folder of their choosing is not made private."""
    assert exported_file_mode() is None, "nothing to change outside the program's umask"
    with private_umask():
        assert exported_file_mode() == 0o644
        atomic_write(tmp_path / "anteckningar.md", b"# Notes\n", mode=exported_file_mode())
        atomic_write(tmp_path / "inside.bin", b"data")
    assert mode_of(tmp_path / "anteckningar.md") == 0o644
    assert mode_of(tmp_path / "inside.bin") == 0o600
