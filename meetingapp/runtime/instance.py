"""One running program per data directory.

Two instances on one data directory (a double click, or ``meetingapp sync``
while the window is open) would race: the first start after an upgrade seals
blobs and converts the database in place, two new keys could be made at once,
and the store was never meant to have two writers. So the program takes an
exclusive lock on ``<data_dir>/.lock`` before it unlocks or opens anything, and
holds it until it exits.

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on
Windows) on an open file, so it goes with the process: a crashed or killed
program leaves no stale lock. The file holds the holder's process id, for the
message to people only; it is never what decides who holds the lock.

The lock belongs to the program's entry points (the window, the command line),
not to ``AppContext`` or ``Store``: tests open several contexts on one directory
in one process on purpose. Taking it is also where both entry points make the
data directory private to its user (:func:`meetingapp.runtime.paths.make_private_data_dir`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Final, Self

from meetingapp import APP_NAME
from meetingapp.runtime.paths import make_private_data_dir

LOCK_FILE_NAME: Final = ".lock"
_PID_BYTES: Final = 32
"""Enough for any process id; more is not read."""
_WINDOWS_LOCK_OFFSET: Final = 1 << 20
"""Windows locks byte ranges against reading too: lock a byte past the PID, so
the second instance can still read it for its message."""


class AlreadyRunningError(Exception):
    """Another process holds the lock of the data directory."""

    def __init__(self, data_dir: Path, pid: int | None) -> None:
        self.data_dir = data_dir
        self.pid = pid
        holder = f" (process {pid})" if pid is not None else ""
        super().__init__(
            f"{APP_NAME} is already running with the data folder {data_dir}{holder}. "
            "Use the open window, or wait for it to finish: two at once would risk the data."
        )


class InstanceLock:
    """The exclusive lock on one data directory, held while the object is open."""

    def __init__(self, data_dir: Path, fd: int) -> None:
        """Use :meth:`acquire`."""
        self.data_dir = data_dir
        self._fd: int | None = fd

    def __repr__(self) -> str:
        state = "held" if self.is_held else "released"
        return f"InstanceLock({str(self.data_dir)!r}, {state})"

    @classmethod
    def acquire(cls, data_dir: Path) -> InstanceLock:
        """Take the lock of ``data_dir`` without waiting; the folder is made private
        to its user first, or created so if missing (:func:`make_private_data_dir`).

        Raises :class:`AlreadyRunningError` when another process holds it, and
        ``OSError`` when the lock file cannot be made at all.
        """
        make_private_data_dir(data_dir)
        fd = os.open(data_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if not _try_lock(fd):
                raise AlreadyRunningError(data_dir, _read_pid(fd))
            _write_pid(fd)
        except BaseException:
            os.close(fd)
            raise
        return cls(data_dir, fd)

    @property
    def is_held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let another instance start; the file stays (deleting it would race)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    """The holder's process id as it wrote it; None if it is not there (yet)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return int(os.read(fd, _PID_BYTES).decode("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _write_pid(fd: int) -> None:
    if sys.platform != "win32":
        os.fchmod(fd, 0o600)  # in case the file was made by hand with a wider mode
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
