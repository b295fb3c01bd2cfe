"""The command line: version, data dir resolution, headless sync and status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from meetingapp import __version__
from meetingapp.cli import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, main
from meetingapp.paths import DATA_DIR_ENVIRONMENT, default_data_dir, resolve_data_dir
from tests.keyrings import MemoryKeyring


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"meetingapp {__version__}"


def test_module_entry_point_runs() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "meetingapp", "--version"], capture_output=True, text=True
    )
    assert completed.returncode == 0
    assert __version__ in completed.stdout


def test_selftest_flag_runs_the_selftest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def fake_selftest() -> int:
        calls.append("selftest")
        return EXIT_PROBLEMS

    monkeypatch.setattr("meetingapp.selftest.run_selftest", fake_selftest)
    assert main(["--selftest"]) == EXIT_PROBLEMS
    assert calls == ["selftest"]


def test_data_dir_from_option_then_environment_then_platform(tmp_path: Path) -> None:
    environment = {DATA_DIR_ENVIRONMENT: str(tmp_path / "env")}
    assert resolve_data_dir(tmp_path / "opt", environment) == tmp_path / "opt"
    assert resolve_data_dir(None, environment) == tmp_path / "env"
    assert resolve_data_dir(None, {}) == default_data_dir()
    assert default_data_dir().name == "meetingapp"


def test_sync_then_status_json(
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    demo_endpoint: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir = tmp_path / "data"
    assert main(["--data-dir", str(data_dir), "sync", demo_endpoint]) == EXIT_OK
    assert "Synced:" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "status", "--json"]) == EXIT_OK
    status = json.loads(capsys.readouterr().out)
    assert status["meetings"] >= 8
    assert status["downloaded_files"] == status["files"] > 0
    assert status["data_dir"] == str(data_dir)


def test_status_of_an_empty_data_dir(
    memory_keyring: MemoryKeyring, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "status", "--json"]) == EXIT_OK
    status = json.loads(capsys.readouterr().out)
    assert status["meetings"] == 0


def test_sync_of_a_missing_publication_fails_clearly(
    memory_keyring: MemoryKeyring, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = (tmp_path / "nowhere" / "system.json").as_uri()
    assert main(["--data-dir", str(tmp_path / "data"), "sync", missing]) == EXIT_ERROR
    assert "Sync failed: The server answered 404" in capsys.readouterr().err


def test_failed_documents_give_exit_code_problems(
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    demo_publication: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    publication = tmp_path / "publication"
    shutil.copytree(demo_publication, publication)
    victim = next((publication / "files").rglob("*.pdf"))
    victim.write_bytes(b"not a pdf at all")
    endpoint = (publication / "system.json").as_uri()
    assert main(["--data-dir", str(tmp_path / "data"), "sync", endpoint]) == EXIT_PROBLEMS
    assert "Could not fetch" in capsys.readouterr().err
