"""The command line: version, data dir resolution, headless sync and status."""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from meetingapp import __version__
from meetingapp.cli import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PROBLEMS,
    ProgressPrinter,
    main,
    parse_arguments,
)
from meetingapp.core.context import AppContext
from meetingapp.oparl.engine import SyncProgress
from meetingapp.runtime.logs import FILE_HANDLER_NAME
from meetingapp.runtime.paths import DATA_DIR_ENVIRONMENT, default_data_dir, resolve_data_dir
from tests.keyrings import MemoryKeyring, child_keyring_environment
from tests.store_keys import TEST_KEYS


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


# Global options before or after the command ----------------------------------------------------


def test_global_options_after_the_command(
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    demo_endpoint: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir = tmp_path / "data"
    assert main(["sync", demo_endpoint, "--data-dir", str(data_dir)]) == EXIT_OK
    assert "Synced:" in capsys.readouterr().out
    assert main(["status", "--json", "--data-dir", str(data_dir)]) == EXIT_OK
    status = json.loads(capsys.readouterr().out)
    assert status["data_dir"] == str(data_dir)
    assert status["meetings"] >= 8
    assert main(["source", "add", demo_endpoint, "--data-dir", str(data_dir)]) == EXIT_OK
    assert main(["source", "list", "--data-dir", str(data_dir)]) == EXIT_OK
    assert capsys.readouterr().out.startswith(f"{demo_endpoint}\t")


def test_global_options_before_the_command_still_work(
    memory_keyring: MemoryKeyring, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "data"), "status", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["data_dir"] == str(tmp_path / "data")
    assert main(["--data-dir", str(tmp_path / "data"), "source", "list"]) == EXIT_OK


def test_verbose_after_the_command_logs_debugging_detail(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    assert main(["status", "-v", "--data-dir", str(tmp_path)]) == EXIT_OK
    (log_file,) = [h for h in logging.getLogger().handlers if h.name == FILE_HANDLER_NAME]
    assert log_file.level == logging.DEBUG


def test_a_global_option_given_twice_the_later_wins_and_defaults_overwrite_nothing() -> None:
    before = parse_arguments(["--data-dir", "A", "-v", "source", "list"])
    assert (before.data_dir, before.verbose, before.passphrase_file) == ("A", True, None)
    both = parse_arguments(["--data-dir", "A", "status", "--data-dir", "B"])
    assert (both.data_dir, both.verbose) == ("B", False)
    after = parse_arguments(["source", "remove", "URL", "--passphrase-file", "F", "--verbose"])
    assert (after.data_dir, after.verbose, after.passphrase_file) == (None, True, "F")


# Progress -----------------------------------------------------------------------------------


PLAIN_PROGRESS = (
    r"Reading lists…",
    r"Lists read: \d+ objects new or changed\.",
    r"Fetching (\d+) documents…",
    r"Documents done: (\d+) of \1\.",
)


def test_progress_into_a_pipe_is_one_plain_line_per_phase(
    tmp_path: Path, demo_endpoint: str
) -> None:
    """The program as a script or a service runs it: standard error is a pipe."""
    data_dir = tmp_path / "data"
    completed = subprocess.run(
        [sys.executable, "-m", "meetingapp", "sync", demo_endpoint, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=child_keyring_environment(tmp_path / "keyring.json"),
        timeout=120,
    )
    assert completed.returncode == EXIT_OK, completed.stderr
    assert "\r" not in completed.stderr
    lines = completed.stderr.splitlines()
    assert len(lines) == len(PLAIN_PROGRESS), completed.stderr
    for line, pattern in zip(lines, PLAIN_PROGRESS, strict=True):
        assert re.fullmatch(pattern, line), line
    assert completed.stdout.startswith("Synced: ")
    assert (tmp_path / "keyring.json").exists(), "the child kept its key in the test keyring"


def test_quiet_sync_prints_no_progress_but_the_summary(
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    demo_endpoint: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sync", "--quiet", demo_endpoint, "--data-dir", str(tmp_path)]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("Synced: ")
    assert main(["sync", "-q", demo_endpoint, "--data-dir", str(tmp_path)]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_quiet_sync_still_names_the_documents_that_failed(
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    demo_publication: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    publication = tmp_path / "publication"
    shutil.copytree(demo_publication, publication)
    next((publication / "files").rglob("*.pdf")).write_bytes(b"not a pdf at all")
    endpoint = (publication / "system.json").as_uri()
    assert main(["sync", "-q", endpoint, "--data-dir", str(tmp_path / "data")]) == EXIT_PROBLEMS
    error = capsys.readouterr().err
    assert error.startswith("Could not fetch ")
    assert "Reading lists" not in error and "Documents" not in error


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_a_live_line_per_phase(
    tmp_path: Path, demo_endpoint: str
) -> None:
    terminal = FakeTerminal()
    context = AppContext(tmp_path / "data", TEST_KEYS)
    try:
        (result,) = context.sync(demo_endpoint, on_progress=ProgressPrinter(terminal))
    finally:
        context.close()
    written = terminal.getvalue()
    lists, documents, rest = written.split("\n")
    assert rest == "", "each live line ends once its phase is over"
    assert lists.startswith("\rReading lists… 0 objects\r")
    assert lists.endswith(f"\rReading lists… {result.objects_saved} objects")
    total = result.files_downloaded
    assert documents.startswith(f"\rDocuments [{'-' * 30}] 0/{total}\r")
    assert documents.endswith(f"\rDocuments [{'#' * 30}] {total}/{total}")
    assert documents.count("\r") == total + 1


def test_a_message_after_a_live_line_starts_on_its_own_line() -> None:
    terminal = FakeTerminal()
    printer = ProgressPrinter(terminal)
    printer(SyncProgress("metadata", 0, None, "meeting"))
    printer(SyncProgress("metadata", 7, None, "paper"))
    printer.end_line()
    printer.end_line()
    assert terminal.getvalue() == "\rReading lists… 0 objects\rReading lists… 7 objects\n"


def test_plain_progress_of_two_sources() -> None:
    stream = io.StringIO()
    printer = ProgressPrinter(stream)
    for documents in (0, 1):
        printer(SyncProgress("metadata", 0, None, "meeting"))
        printer(SyncProgress("metadata", 3, None, "paper"))
        printer(SyncProgress("metadata", 5, 5))
        for done in range(documents + 1):
            printer(SyncProgress("files", done, documents))
    printer.end_line()
    assert stream.getvalue().splitlines() == [
        "Reading lists…",
        "Lists read: 5 objects new or changed.",
        "No documents to fetch.",
        "Reading lists…",
        "Lists read: 5 objects new or changed.",
        "Fetching 1 document…",
        "Documents done: 1 of 1.",
    ]
