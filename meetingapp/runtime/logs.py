"""The program's log: a rotating file in the data directory, warnings on standard error.

``<data dir>/logs/meetingapp.log`` holds INFO and above (DEBUG with ``--verbose``),
rotated at about 1 MB with four old files kept; standard error gets warnings and
errors, as before there was a log file. A log file that cannot be opened (a
read-only folder, a full disk) never stops the program: it says so once and logs
to standard error instead.

What is never logged: passwords, tokens, Authorization headers, and the user's
private content (document text, notes, annotation comments, search queries).
The log calls are written to keep them out; :class:`RedactingFilter`, on every
handler installed here, is the second line of defence and hides whatever still
looks like a credential (over-eager on purpose: a hidden word costs less than a
leaked password).
"""

from __future__ import annotations

import logging
import platform
import re
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Final

from meetingapp import APP_NAME, __version__

LOG_DIRECTORY: Final = "logs"
LOG_FILE_NAME: Final = "meetingapp.log"
MAX_BYTES: Final = 1024 * 1024
BACKUP_COUNT: Final = 4
"""The current file and four old ones: about 5 MB in all."""
HIDDEN: Final = "[hidden]"

FILE_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
STDERR_FORMAT: Final = "%(levelname)s %(name)s: %(message)s"
FILE_HANDLER_NAME: Final = "meetingapp.file"
STDERR_HANDLER_NAME: Final = "meetingapp.stderr"

_log = logging.getLogger(__name__)

# --- Redaction ---------------------------------------------------------------------

_HEADER_NAMES: Final = r"(?:proxy-)?authorization|set-cookie|cookie"
_SECRET_KEY: Final = r"[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key)[\w.-]*"

_REDACTIONS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # https://user:password@host — the whole userinfo (a token may be the user name).
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#'\"<>]*@"), rf"\1{HIDDEN}@"),
    # 'Authorization': 'Basic …' (a dict's repr) and Authorization: "…"
    (
        re.compile(rf"(?i)\b({_HEADER_NAMES})(['\"]?\s*[:=]\s*)(['\"])(.*?)\3"),
        rf"\1\2\3{HIDDEN}\3",
    ),
    # Authorization: Basic … — to the end of the line.
    (re.compile(rf"(?im)\b({_HEADER_NAMES})(\s*[:=][ \t]*)(?!['\"\s])[^\r\n]+"), rf"\1\2{HIDDEN}"),
    (re.compile(r"(?i)\b(bearer)\s+(?!tokens?\b)[A-Za-z0-9\-._~+/]+=*"), rf"\1 {HIDDEN}"),
    (
        re.compile(r"(?i)\b(basic)\s+(?!realm\b)[A-Za-z0-9+/]{4,}={0,2}(?![\w+/=-])"),
        rf"\1 {HIDDEN}",
    ),
    # {"password": "…"} and 'token': '…'
    (
        re.compile(rf"(?i)(['\"]{_SECRET_KEY}['\"]\s*:\s*)(['\"])(.*?)\2"),
        rf"\1\2{HIDDEN}\2",
    ),
    # ?token=… &password=… secret=…
    (re.compile(rf"(?i)\b({_SECRET_KEY})=(?!\[hidden\]|<hidden>)[^\s&'\"#;,]+"), rf"\1={HIDDEN}"),
)


def redact(text: str) -> str:
    """``text`` with anything that looks like a credential replaced by ``[hidden]``."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Hides credentials in a record's message, traceback and stack before it is written.

    The record is changed in place (its message formatted once, its traceback
    formatted and kept in ``exc_text``), so every handler after this one sees
    the redacted text too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: the handler reports it
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class IsoFormatter(logging.Formatter):
    """Times in ISO 8601 with the local offset: 2026-03-05T14:02:11.517+01:00."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        moment = datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")


# --- Handlers ----------------------------------------------------------------------


class _StderrHandler(logging.Handler):
    """Writes to whatever ``sys.stderr`` is when a record comes (it may be replaced,
    or be None in a windowed program on Windows)."""

    def emit(self, record: logging.LogRecord) -> None:
        stream = sys.stderr
        if stream is None:
            return
        try:
            stream.write(self.format(record) + "\n")
            stream.flush()
        except Exception:  # a closed or broken stream must not stop the program
            self.handleError(record)


class _NotUnhandled(logging.Filter):
    """Keeps unhandled exceptions off standard error: Python's own hook prints them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "unhandled", False)


class _LogFile(RotatingFileHandler):
    """The rotating log file; a write that fails (disk full) is reported once, on
    standard error, and the program carries on."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        self._failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
        if self._failed:
            return
        self._failed = True
        error = sys.exc_info()[1]
        if sys.stderr is not None:
            sys.stderr.write(
                f"{APP_NAME}: cannot write the log file {self.baseFilename} ({error}); "
                "records that cannot be written are lost\n"
            )


def log_file_path(data_dir: Path) -> Path:
    return data_dir / LOG_DIRECTORY / LOG_FILE_NAME


def _open_log_file(path: Path) -> _LogFile | OSError:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _LogFile(path)
    except OSError as error:
        return error


def _remove_installed(root: logging.Logger) -> None:
    for handler in list(root.handlers):
        if handler.name in (FILE_HANDLER_NAME, STDERR_HANDLER_NAME):
            root.removeHandler(handler)
            handler.close()


def _handler(
    handler: logging.Handler, name: str, level: int, formatter: logging.Formatter
) -> logging.Handler:
    handler.set_name(name)
    handler.setLevel(level)
    handler.setFormatter(formatter)
    handler.addFilter(RedactingFilter())
    return handler


def configure_logging(data_dir: Path, *, verbose: bool = False) -> Path:
    """Log to ``<data_dir>/logs/meetingapp.log`` and warnings to standard error.

    Returns the log file's path. Calling it again replaces what an earlier call
    installed (no record is written twice). The root logger's level is lowered
    to what the file takes, never raised (someone else may want more).
    """
    root = logging.getLogger()
    _remove_installed(root)
    file_level = logging.DEBUG if verbose else logging.INFO
    path = log_file_path(data_dir)
    opened = _open_log_file(path)
    stderr_level = logging.WARNING if isinstance(opened, _LogFile) else file_level
    stderr = _handler(
        _StderrHandler(), STDERR_HANDLER_NAME, stderr_level, logging.Formatter(STDERR_FORMAT)
    )
    stderr.addFilter(_NotUnhandled())
    root.addHandler(stderr)
    if isinstance(opened, _LogFile):
        root.addHandler(_handler(opened, FILE_HANDLER_NAME, file_level, IsoFormatter(FILE_FORMAT)))
    if root.getEffectiveLevel() > file_level:
        root.setLevel(file_level)
    if isinstance(opened, OSError):
        _log.warning(
            "Cannot write the log file %s (%s); logging to standard error instead",
            path,
            opened.strerror or opened,
        )
    return path


def start_record(command: str, *, qt: str | None = None) -> str:
    """The first line a start writes: what runs, on what (Qt only for the GUI)."""
    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    parts = [
        f"{APP_NAME} {__version__}{frozen} starts: {command}",
        f"platform {platform.platform()}",
        f"Python {platform.python_version()}",
    ]
    if qt is not None:
        parts.append(f"Qt {qt}")
    return "; ".join(parts)


# --- Unhandled exceptions ------------------------------------------------------------

SysHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


class _SysExceptHook:
    """Logs an unhandled exception, then hands it to the hook that was there before."""

    def __init__(self, previous: SysHook) -> None:
        self.previous = previous

    def __call__(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            _log.critical("Unhandled exception", exc_info=error, extra={"unhandled": True})
        self.previous(kind, error, trace)


class _ThreadExceptHook:
    """Logs an exception that ended a thread, then hands it to the previous hook."""

    def __init__(self, previous: ThreadHook) -> None:
        self.previous = previous

    def __call__(self, arguments: threading.ExceptHookArgs) -> None:
        if arguments.exc_type is not SystemExit and arguments.exc_value is not None:
            name = arguments.thread.name if arguments.thread is not None else "?"
            _log.critical(
                "Unhandled exception in thread %s",
                name,
                exc_info=arguments.exc_value,
                extra={"unhandled": True},
            )
        self.previous(arguments)


def install_exception_logging() -> None:
    """Log unhandled exceptions (of the main thread and of other threads) before the
    usual handling, which still prints them. Installing twice wraps once."""
    if not isinstance(sys.excepthook, _SysExceptHook):
        sys.excepthook = _SysExceptHook(sys.excepthook)
    if not isinstance(threading.excepthook, _ThreadExceptHook):
        threading.excepthook = _ThreadExceptHook(threading.excepthook)
