"""Unlocking from a script without a keyring: --passphrase-file and $MEETINGAPP_PASSPHRASE_FILE."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from meetingapp.cli import EXIT_ERROR, EXIT_OK, main
from meetingapp.core.security.vault import KEY_FILE_NAME, KeyVault, UnlockState
from meetingapp.runtime.logs import log_file_path
from meetingapp.runtime.passphrase_file import (
    PASSPHRASE_FILE_ENVIRONMENT,
    PassphraseFileError,
    read_passphrase_file,
)
from tests.keyrings import MemoryKeyring

PASSPHRASE = "Skript-lösen 5812 för sammanträden"
WRONG_PASSPHRASE = "Fel-lösen-3307-inte-detta"
POSIX_MODES = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


class NoTerminal(io.StringIO):
    """Standard input that nobody may be asked on: reading it fails the test."""

    def readline(self, size: int | None = -1, /) -> str:
        raise AssertionError("standard input was read: the passphrase file was not enough")


@pytest.fixture
def no_keyring(use_keyring: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring at all (keyring's ``fail`` backend), and nobody at the keyboard."""
    use_keyring(fail.Keyring())
    monkeypatch.setattr("sys.stdin", NoTerminal())
    monkeypatch.delenv(PASSPHRASE_FILE_ENVIRONMENT, raising=False)


def secret_file(path: Path, content: str, mode: int = 0o600) -> Path:
    path.write_text(content, encoding="utf-8")
    path.chmod(mode)
    return path


def everything_written(data_dir: Path, captured: pytest.CaptureFixture[str]) -> str:
    output = captured.readouterr()
    log = log_file_path(data_dir)
    return output.out + output.err + (log.read_text(encoding="utf-8") if log.exists() else "")


def test_a_new_store_is_created_with_the_file_and_opened_with_it_again(
    no_keyring: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    passphrase_file = secret_file(tmp_path / "lösen.txt", f"{PASSPHRASE}\nanything after\n")
    arguments = ["status", "--json", "--data-dir", str(data_dir)]
    assert main([*arguments, "--passphrase-file", str(passphrase_file)]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["meetings"] == 0
    assert KeyVault(data_dir).state() is UnlockState.PASSPHRASE, "kept under the passphrase"
    assert main(["--passphrase-file", str(passphrase_file), *arguments]) == EXIT_OK
    assert PASSPHRASE not in everything_written(data_dir, capsys)
    assert PASSPHRASE.encode() not in (data_dir / KEY_FILE_NAME).read_bytes()


def test_with_a_secure_keyring_the_file_becomes_the_recovery_passphrase(
    memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key goes to the keyring as always, and the passphrase given opens the data
    where the keyring cannot (a scheduled job without the desktop session's keyring)."""
    monkeypatch.setattr("sys.stdin", NoTerminal())
    data_dir = tmp_path / "data"
    path = secret_file(tmp_path / "lösen.txt", PASSPHRASE)
    assert main(["status", "--data-dir", str(data_dir), "--passphrase-file", str(path)]) == 0
    vault = KeyVault(data_dir, memory_keyring)
    assert vault.state() is UnlockState.KEYRING
    assert vault.has_recovery()


def test_the_environment_names_the_file_for_a_script(tmp_path: Path) -> None:
    """A real program started the way a scheduled script starts it."""
    data_dir = tmp_path / "data"
    passphrase_file = secret_file(tmp_path / "lösen.txt", f"{PASSPHRASE}\r\n")
    environment = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        PASSPHRASE_FILE_ENVIRONMENT: str(passphrase_file),
    }
    for _ in ("created", "opened"):
        completed = subprocess.run(
            [sys.executable, "-m", "meetingapp", "status", "--data-dir", str(data_dir)],
            capture_output=True,
            text=True,
            env=environment,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        assert completed.returncode == EXIT_OK, completed.stderr
        assert f"Data: {data_dir}" in completed.stdout
        assert PASSPHRASE not in completed.stdout + completed.stderr
    assert "recovery" in json.loads((data_dir / KEY_FILE_NAME).read_text(encoding="utf-8"))
    assert PASSPHRASE not in log_file_path(data_dir).read_text(encoding="utf-8")


def test_the_option_wins_over_the_environment(
    no_keyring: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    right = secret_file(tmp_path / "rätt.txt", PASSPHRASE)
    monkeypatch.setenv(PASSPHRASE_FILE_ENVIRONMENT, str(tmp_path / "saknas.txt"))
    data_dir = str(tmp_path / "data")
    assert main(["status", "--data-dir", data_dir, "--passphrase-file", str(right)]) == EXIT_OK
    assert main(["status", "--data-dir", data_dir]) == EXIT_ERROR
    assert "saknas.txt does not exist" in capsys.readouterr().err


def test_a_wrong_passphrase_fails_at_once(
    no_keyring: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    right = secret_file(tmp_path / "rätt.txt", PASSPHRASE)
    wrong = secret_file(tmp_path / "fel.txt", WRONG_PASSPHRASE)
    assert main(["status", "--data-dir", str(data_dir), "--passphrase-file", str(right)]) == 0
    capsys.readouterr()
    code = main(["sync", "--data-dir", str(data_dir), "--passphrase-file", str(wrong)])
    assert code == EXIT_ERROR
    error = capsys.readouterr().err
    assert f"Cannot open {data_dir}: The passphrase in {wrong} is not the right one" in error
    assert "Passphrase:" not in error and "Wrong passphrase." not in error, "no tries, no prompts"
    assert WRONG_PASSPHRASE not in error + log_file_path(data_dir).read_text(encoding="utf-8")


@POSIX_MODES
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620, 0o602, 0o700 | 0o044])
def test_a_file_others_may_read_or_write_is_refused_before_anything_is_made(
    no_keyring: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    open_file = secret_file(tmp_path / "öppen fil.txt", PASSPHRASE, mode)
    data_dir = tmp_path / "data"
    assert main(["status", "--data-dir", str(data_dir), "--passphrase-file", str(open_file)]) == 2
    error = capsys.readouterr().err
    assert f"The passphrase file {open_file} may be read or changed by others" in error
    assert f"chmod 600 '{open_file}'" in error
    assert PASSPHRASE not in error
    assert not data_dir.exists(), "nothing created, nothing opened"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "does not exist"), ("", "is empty"), ("\nlater line\n", "is empty")],
)
def test_a_missing_or_empty_file_is_said_plainly(
    no_keyring: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    message: str,
) -> None:
    path = tmp_path / "lösen.txt"
    if content is not None:
        secret_file(path, content)
    data_dir = tmp_path / "data"
    assert main(["status", "--data-dir", str(data_dir), "--passphrase-file", str(path)]) == 2
    assert f"The passphrase file {path} {message}" in capsys.readouterr().err
    assert not data_dir.exists()


def test_a_passphrase_too_short_creates_nothing(
    no_keyring: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = secret_file(tmp_path / "kort.txt", "kort\n")
    data_dir = tmp_path / "data"
    assert main(["status", "--data-dir", str(data_dir), "--passphrase-file", str(short)]) == 2
    assert f"The passphrase in {short} is too short" in capsys.readouterr().err
    assert not (data_dir / KEY_FILE_NAME).exists()


def test_the_window_does_not_take_a_passphrase_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = secret_file(tmp_path / "lösen.txt", PASSPHRASE)
    data_dir = tmp_path / "data"
    assert main(["--data-dir", str(data_dir), "--passphrase-file", str(path)]) == EXIT_ERROR
    assert "the window asks for the passphrase itself" in capsys.readouterr().err
    assert not data_dir.exists()


def test_the_first_line_without_its_line_ending_is_the_passphrase(tmp_path: Path) -> None:
    for content in (PASSPHRASE, f"{PASSPHRASE}\n", f"{PASSPHRASE}\r\nrest", f"\ufeff{PASSPHRASE}"):
        path = secret_file(tmp_path / "lösen.txt", content)
        assert read_passphrase_file(path) == PASSPHRASE
    spaced = secret_file(tmp_path / "mellanslag.txt", f" {PASSPHRASE} \n")
    assert read_passphrase_file(spaced) == f" {PASSPHRASE} ", "spaces are the passphrase's"


def test_a_file_that_is_no_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PassphraseFileError, match="is a folder"):
        read_passphrase_file(tmp_path)
    binary = tmp_path / "bild.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    binary.chmod(0o600)
    with pytest.raises(PassphraseFileError, match="is not UTF-8 text"):
        read_passphrase_file(binary)
    huge = secret_file(tmp_path / "stor.txt", "x" * (65 * 1024))
    with pytest.raises(PassphraseFileError, match="is it the right file"):
        read_passphrase_file(huge)
