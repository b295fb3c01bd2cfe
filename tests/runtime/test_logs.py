"""The log file: where it is, rotation, redaction, one set of handlers, fallback, crashes."""

from __future__ import annotations

import base64
import errno
import logging
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning

from meetingapp.cli import EXIT_OK, main
from meetingapp.runtime import logs
from meetingapp.runtime.logs import (
    FILE_HANDLER_NAME,
    HIDDEN,
    STDERR_HANDLER_NAME,
    configure_logging,
    install_exception_logging,
    log_file_path,
    redact,
    start_record,
)
from meetingapp.ui.shell import application as ui_app
from tests.keyrings import MemoryKeyring

PASSWORD = "Lösen-9c1f-hemligt"
TOKEN = "tok-77aa01be93d4"
CREDENTIALS = base64.b64encode(f"anna:{PASSWORD}".encode()).decode()

_log = logging.getLogger("meetingapp.tests.logs")


@pytest.fixture(autouse=True)
def logging_restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The root logger and the exception hooks as they were, after each test."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield
    for handler in list(root.handlers):
        if handler.name in (FILE_HANDLER_NAME, STDERR_HANDLER_NAME):
            root.removeHandler(handler)
            handler.close()


def ours() -> list[logging.Handler]:
    names = (FILE_HANDLER_NAME, STDERR_HANDLER_NAME)
    return [handler for handler in logging.getLogger().handlers if handler.name in names]


def test_records_go_to_the_log_file_in_the_data_dir(tmp_path: Path) -> None:
    path = configure_logging(tmp_path)
    assert path == tmp_path / "logs" / "meetingapp.log"
    _log.info("Synced %d objects", 12)
    _log.debug("not without --verbose")
    line = path.read_text(encoding="utf-8").strip().splitlines()[-1]
    iso_time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"
    pattern = rf"{iso_time} INFO meetingapp\.tests\.logs \[MainThread\] Synced 12 objects"
    assert re.fullmatch(pattern, line)
    assert "--verbose" not in path.read_text(encoding="utf-8")


def test_verbose_writes_debug_records_and_stderr_gets_warnings_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = configure_logging(tmp_path, verbose=True)
    _log.debug("detail for a bug report")
    _log.info("a start")
    _log.warning("a problem")
    written = path.read_text(encoding="utf-8")
    assert "detail for a bug report" in written and "a problem" in written
    assert capsys.readouterr().err == "WARNING meetingapp.tests.logs: a problem\n"


def test_the_file_rotates_and_keeps_four_old_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = configure_logging(tmp_path)
    for number in range(200):
        _log.info("record %03d %s", number, "x" * 60)
    names = sorted(entry.name for entry in path.parent.iterdir())
    assert names == [f"meetingapp.log{suffix}" for suffix in ("", ".1", ".2", ".3", ".4")]
    assert all(entry.stat().st_size <= 2_000 for entry in path.parent.iterdir())
    assert "record 199" in path.read_text(encoding="utf-8")
    assert "record 000" not in (path.parent / "meetingapp.log.4").read_text(encoding="utf-8")


def test_configuring_twice_installs_one_set_of_handlers(tmp_path: Path) -> None:
    configure_logging(tmp_path / "first")
    path = configure_logging(tmp_path / "second")
    configure_logging(tmp_path / "second")
    assert sorted(handler.name or "" for handler in ours()) == sorted(
        [FILE_HANDLER_NAME, STDERR_HANDLER_NAME]
    )
    _log.info("written once")
    assert path.read_text(encoding="utf-8").count("written once") == 1
    assert "written once" not in log_file_path(tmp_path / "first").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"'Authorization': 'Basic {CREDENTIALS}'", "'Authorization': '"),
        (f"Authorization: Bearer {TOKEN}", "Authorization: "),
        (f"Proxy-Authorization: Basic {CREDENTIALS}\nnext line", "\nnext line"),
        (f"then Bearer {TOKEN} was sent", " was sent"),
        (f"then Basic {CREDENTIALS} was sent", " was sent"),
        (f"GET /files?id=7&access_token={TOKEN}&page=2 HTTP/1.1", "&page=2 HTTP/1.1"),
        (f"form user=anna&password={PASSWORD}", "form user=anna&password="),
        (f"client_secret={TOKEN}; next", "; next"),
        (f'{{"password": "{PASSWORD}", "user": "anna"}}', '"user": "anna"'),
        (f"https://anna:{PASSWORD}@oparl.example/system.json", "@oparl.example/system.json"),
        (f"https://{TOKEN}@oparl.example/", "https://"),
        (f"Cookie: session={TOKEN}", "Cookie: "),
    ],
)
def test_whatever_looks_like_a_credential_is_hidden(text: str, kept: str) -> None:
    redacted = redact(text)
    assert not [secret for secret in (PASSWORD, TOKEN, CREDENTIALS) if secret in redacted]
    assert HIDDEN in redacted and kept in redacted
    assert redact(redacted) == redacted


def test_ordinary_words_are_left_alone() -> None:
    for text in (
        "Sign-in with a bearer token for https://oparl.example/system.json",
        'WWW-Authenticate: Basic realm="oparl"',
        "sign-in: basic (anna)",
        "BasicAuth(username='anna', password=<hidden>)",
        "mail to https://oparl.example/contact?to=it@kommun.example",
    ):
        assert redact(text) == text


def test_the_filter_hides_credentials_in_arguments_and_tracebacks(tmp_path: Path) -> None:
    path = configure_logging(tmp_path)
    _log.warning("Request headers: %s", {"Authorization": f"Bearer {TOKEN}"})
    try:
        raise ValueError(f"cannot open https://anna:{PASSWORD}@oparl.example/")
    except ValueError:
        _log.exception("Sync failed")
    written = path.read_text(encoding="utf-8")
    assert "Traceback" in written and "ValueError: cannot open https://[hidden]@" in written
    assert TOKEN not in written and PASSWORD not in written


def test_an_unwritable_log_folder_falls_back_to_stderr_and_says_so_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be", encoding="utf-8")
    configure_logging(tmp_path)
    _log.info("the start")
    _log.warning("a problem")
    error = capsys.readouterr().err
    assert error.count("Cannot write the log file") == 1
    assert "the start" in error and "a problem" in error
    assert [handler.name for handler in ours()] == [STDERR_HANDLER_NAME]


class FullDisk:
    """A log file on a disk with no room left."""

    def seek(self, _offset: int, _whence: int = 0) -> int:
        return 0

    def tell(self) -> int:
        return 0

    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        """Nothing buffered."""


def test_a_full_disk_is_reported_once_and_the_program_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_logging(tmp_path)
    (log_file,) = [handler for handler in ours() if handler.name == FILE_HANDLER_NAME]
    assert isinstance(log_file, logging.FileHandler) and log_file.stream is not None
    log_file.stream.close()
    monkeypatch.setattr(log_file, "stream", FullDisk())
    for number in range(3):
        _log.info("record %d", number)
    error = capsys.readouterr().err
    assert error.count("cannot write the log file") == 1
    assert "No space left on device" in error


def test_an_unhandled_exception_is_written_to_the_file_then_handled_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handled: list[BaseException] = []
    sys.excepthook = lambda _kind, error, _trace: handled.append(error)
    path = configure_logging(tmp_path)
    install_exception_logging()
    install_exception_logging()
    try:
        raise RuntimeError(f"broken with token={TOKEN}")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    assert [str(error) for error in handled] == [f"broken with token={TOKEN}"]
    written = path.read_text(encoding="utf-8")
    assert "CRITICAL meetingapp.runtime.logs [MainThread] Unhandled exception" in written
    assert "RuntimeError: broken with token=[hidden]" in written
    assert written.count("Unhandled exception") == 1, "installing twice wraps once"
    assert capsys.readouterr().err == "", "Python's own hook prints it, not the log too"


def test_an_exception_that_ends_a_thread_is_written_to_the_file(tmp_path: Path) -> None:
    handled: list[str] = []
    threading.excepthook = lambda arguments: handled.append(str(arguments.exc_value))
    path = configure_logging(tmp_path)
    install_exception_logging()

    def fail() -> None:
        raise LookupError("no such meeting")

    thread = threading.Thread(target=fail, name="sync-worker")
    thread.start()
    thread.join()
    assert handled == ["no such meeting"]
    written = path.read_text(encoding="utf-8")
    assert "[sync-worker] Unhandled exception in thread sync-worker" in written
    assert "LookupError: no such meeting" in written


def test_every_command_starts_its_log_with_what_runs_where(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    assert main(["--data-dir", str(tmp_path), "--verbose", "status"]) == EXIT_OK
    written = log_file_path(tmp_path).read_text(encoding="utf-8")
    (start,) = [line for line in written.splitlines() if "starts:" in line]
    assert f"INFO meetingapp.cli [MainThread] {start_record('status')}" in start
    assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in start
    assert "platform " in start and "Qt" not in start
    (log_file,) = [handler for handler in ours() if handler.name == FILE_HANDLER_NAME]
    assert log_file.level == logging.DEBUG


def test_the_gui_start_record_names_qt() -> None:
    record = start_record("gui", qt=ui_app.qt_version())
    assert re.search(r"; Qt 6\.\d+\.\d+ \(PySide6 6\.\d+\.\d+\)$", record)


def test_qt_messages_reach_the_program_log(caplog: pytest.LogCaptureFixture) -> None:
    previous = qInstallMessageHandler(ui_app._forward_qt_message)  # as run_gui does
    try:
        qWarning("QFont::setPointSize: Point size <= 0 (-1)")
    finally:
        qInstallMessageHandler(previous)
    assert ("meetingapp.qt", logging.WARNING) in [(r.name, r.levelno) for r in caplog.records]
    assert "Point size <= 0" in caplog.text
