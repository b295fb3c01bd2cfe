"""One program per data directory: the lock, and how the command line and the window refuse."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from meetingapp.cli import EXIT_ERROR, EXIT_OK, main
from meetingapp.core.security.vault import KEY_FILE_NAME
from meetingapp.core.settings import Language
from meetingapp.runtime.instance import LOCK_FILE_NAME, AlreadyRunningError, InstanceLock
from meetingapp.ui.shell import application as ui_app
from meetingapp.ui.shell.language import install_language
from tests.keyrings import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]

HOLDS_THE_LOCK = """
import sys
from pathlib import Path
from meetingapp.runtime.instance import InstanceLock

lock = InstanceLock.acquire(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()  # until the test closes the pipe
"""

TRIES_THE_LOCK = """
import sys
from pathlib import Path
from meetingapp.runtime.instance import AlreadyRunningError, InstanceLock

try:
    InstanceLock.acquire(Path(sys.argv[1])).release()
except AlreadyRunningError as error:
    print("refused", error.pid)
else:
    print("taken")
"""


def _python(script: str, data_dir: Path) -> list[str]:
    return [sys.executable, "-c", script, str(data_dir)]


def _environment() -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def start_holder(data_dir: Path) -> subprocess.Popen[str]:
    """A program holding the lock of ``data_dir`` until its standard input is closed."""
    holder = subprocess.Popen(
        _python(HOLDS_THE_LOCK, data_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_environment(),
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def stop_holder(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.close()
    assert holder.wait(timeout=10) == 0
    holder.stdout.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def holder(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    started = start_holder(data_dir)
    yield started
    if started.poll() is None:
        stop_holder(started)


def try_in_another_process(data_dir: Path) -> str:
    tried = subprocess.run(
        _python(TRIES_THE_LOCK, data_dir),
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=30,
        check=True,
    )
    return tried.stdout.strip()


# The lock -------------------------------------------------------------------------------------


def test_another_process_holding_the_lock_refuses_it_with_its_pid(
    holder: subprocess.Popen[str], data_dir: Path
) -> None:
    with pytest.raises(AlreadyRunningError) as refused:
        InstanceLock.acquire(data_dir)
    assert refused.value.pid == holder.pid
    assert refused.value.data_dir == data_dir
    assert f"already running with the data folder {data_dir}" in str(refused.value)


def test_a_held_lock_refuses_a_second_process_until_released(data_dir: Path) -> None:
    with InstanceLock.acquire(data_dir) as lock:
        assert lock.is_held
        assert try_in_another_process(data_dir) == f"refused {os.getpid()}"
    assert repr(lock) == f"InstanceLock({str(data_dir)!r}, released)"
    assert try_in_another_process(data_dir) == "taken"
    lock.release()  # releasing again does nothing


def test_one_process_cannot_take_the_lock_twice(data_dir: Path) -> None:
    """As two windows started in one process would: the lock is on the open file."""
    first = InstanceLock.acquire(data_dir)
    with pytest.raises(AlreadyRunningError):
        InstanceLock.acquire(data_dir)
    first.release()
    InstanceLock.acquire(data_dir).release()


def test_the_lock_is_free_once_the_holder_exits(
    holder: subprocess.Popen[str], data_dir: Path
) -> None:
    stop_holder(holder)
    InstanceLock.acquire(data_dir).release()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_holder_leaves_no_stale_lock(
    holder: subprocess.Popen[str], data_dir: Path
) -> None:
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(timeout=10) == -signal.SIGKILL
    assert (data_dir / LOCK_FILE_NAME).read_text() == f"{holder.pid}\n", "the old PID stays"
    with InstanceLock.acquire(data_dir):
        assert (data_dir / LOCK_FILE_NAME).read_text() == f"{os.getpid()}\n"
    for stream in (holder.stdin, holder.stdout):
        assert stream is not None
        stream.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_lock_file_is_private_and_holds_only_the_pid(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "data"
    with InstanceLock.acquire(data_dir):
        path = data_dir / LOCK_FILE_NAME
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes() == f"{os.getpid()}\n".encode("ascii")
    assert sorted(p.name for p in data_dir.iterdir()) == [LOCK_FILE_NAME]


# The command line -----------------------------------------------------------------------------


def test_the_command_line_refuses_while_another_instance_runs(
    memory_keyring: MemoryKeyring,
    holder: subprocess.Popen[str],
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--data-dir", str(data_dir), "status"]) == EXIT_ERROR
    error = capsys.readouterr().err
    assert f"already running with the data folder {data_dir} (process {holder.pid})" in error
    assert not (data_dir / KEY_FILE_NAME).exists(), "no key made, nothing opened"
    assert memory_keyring.entries == {}
    stop_holder(holder)
    assert main(["--data-dir", str(data_dir), "status"]) == EXIT_OK
    assert main(["--data-dir", str(data_dir), "source", "list"]) == EXIT_OK, "released again"


# The window -----------------------------------------------------------------------------------


@pytest.fixture
def swedish(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> QApplication:
    """The application in Swedish whatever the machine's locale (``run_gui`` would follow it)."""

    def in_swedish(application: QApplication, _language: Language) -> Language:
        return install_language(application, Language.SWEDISH)

    monkeypatch.setattr(ui_app, "install_language", in_swedish)
    return ui_app.application()


def close_the_message_box(seen: list[str]) -> QTimer:
    """Polls for the modal message box, keeps its text and closes it."""
    timer = QTimer()

    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()

    timer.timeout.connect(close)
    timer.start(10)
    return timer


def test_the_window_says_the_program_already_runs_and_opens_nothing(
    swedish: QApplication,
    memory_keyring: MemoryKeyring,
    holder: subprocess.Popen[str],
    data_dir: Path,
) -> None:
    seen: list[str] = []
    timer = close_the_message_box(seen)
    try:
        assert ui_app.run_gui(data_dir) == ui_app.EXIT_ERROR
    finally:
        timer.stop()
    assert len(seen) == 1
    assert f"Mötespärm är redan igång med datamappen {data_dir}." in seen[0]
    assert "Byt till det fönster som redan är öppet" in seen[0]
    assert not (data_dir / KEY_FILE_NAME).exists(), "the store was not unlocked"
    assert memory_keyring.entries == {}
