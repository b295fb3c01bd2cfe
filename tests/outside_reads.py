"""The suite reads nothing beside the repository: a pytest plugin with an audit hook.

A clone of the repository on a clean machine has no sibling folders, so a test
that reads ``../something`` passes on a developer's machine and fails on every
other. Python's audit hooks see every file the test process opens or lists;
this one fails the read at once, with a clear message, when its path lies in the
folder that holds the checkout but not in the checkout itself (nor in the
temporary folder or the Python installation, which may sit there too). A read
that the code under test swallows is still reported at the end of the run.

Paths elsewhere (the system's fonts, ``/proc``, the user's caches) are not the
repository's business and are not watched. When the checkout sits directly in
the file system's root or in the home folder, its surroundings are the system
itself, and the check is off (the summary says so).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
_WATCHED_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
_seen: list[str] = []


class ReadOutsideRepositoryError(Exception):
    """A test read a file beside the repository (deliberately not an ``OSError``,
    which the code under test might catch and pass over)."""


def _absolute(path: str | Path) -> str:
    """The path made absolute with ``..`` folded, without asking the disk (unlike
    ``Path.resolve``): this runs on every file the suite opens."""
    return os.path.abspath(path)  # noqa: PTH100


def _prefix(path: str | Path) -> str:
    return _absolute(path) + os.sep


class OutsideReads:
    """Decides whether a path lies beside ``root`` (see the module docstring)."""

    def __init__(self, root: Path, also_allowed: Sequence[Path] = ()) -> None:
        self.root = root
        self.active = root.parent not in {Path(root.anchor), Path.home()}
        self.watched = _prefix(root.parent)
        places = (_prefix(place) for place in (root, *also_allowed))
        # Only a place inside the watched folder needs letting through: one that holds
        # it (a checkout in /tmp/x, beside the temporary folder's other files) would
        # let everything through.
        self.allowed = tuple(place for place in places if place.startswith(self.watched))

    def is_outside(self, path: str) -> bool:
        full = _prefix(path)
        if not self.active or not full.startswith(self.watched):
            return False
        return not full.startswith(self.allowed)

    def audit(self, event: str, arguments: Sequence[Any]) -> None:
        if event not in _WATCHED_EVENTS or not arguments:
            return
        target = arguments[0]
        if not isinstance(target, str | bytes | os.PathLike):
            return  # a file descriptor, or the current folder (None)
        path = os.fsdecode(target)
        if self.is_outside(path):
            path = _absolute(path)
            _seen.append(path)
            raise ReadOutsideRepositoryError(
                f"{path} is outside the repository {self.root}: a clone on a clean machine has "
                "no such file. Carry what the tests need inside the repository."
            )


def reads_outside() -> list[str]:
    """The paths beside the repository that this process tried to read."""
    return list(_seen)


_checker = OutsideReads(
    ROOT, [Path(tempfile.gettempdir()), Path(sys.prefix), Path(sys.base_prefix)]
)


def install() -> None:
    """Watch this process's reads from now on (an audit hook cannot be removed)."""
    sys.addaudithook(_checker.audit)


def pytest_configure(config: pytest.Config) -> None:
    install()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _seen:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _checker.active:
        terminalreporter.write_line(
            f"reads outside the repository are not checked: {ROOT} sits in {ROOT.parent}"
        )
    for path in sorted(set(_seen)):
        terminalreporter.write_line(f"read outside the repository: {path}", red=True)
