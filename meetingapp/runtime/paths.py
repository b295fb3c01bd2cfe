"""Where things live: the data directory and the bundled resources.

The data directory is its user's only, as ssh and gnupg keep theirs: the folder
and every folder in it 0700, every file 0600 (POSIX; on Windows the user's
profile folder's ACL already keeps others out). :func:`make_private_data_dir`
makes it so at every start; :func:`private_umask` keeps what the program
creates later (the database and its -wal and -shm, sealed documents, logs, the
key file) that way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

import platformdirs

from meetingapp import APP_ID

DATA_DIR_ENVIRONMENT: Final = "MEETINGAPP_DATA_DIR"
PRIVATE_UMASK: Final = 0o077
PRIVATE_DIR_MODE: Final = 0o700
PRIVATE_FILE_MODE: Final = 0o600

_log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """The per-user data directory of the platform (e.g. ~/.local/share/meetingapp)."""
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=False))


def resolve_data_dir(
    explicit: str | os.PathLike[str] | None, environment: Mapping[str, str] | None = None
) -> Path:
    """--data-dir wins, then $MEETINGAPP_DATA_DIR, then the platform default."""
    environment = os.environ if environment is None else environment
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_environment = environment.get(DATA_DIR_ENVIRONMENT)
    if from_environment:
        return Path(from_environment).expanduser().resolve()
    return default_data_dir()


def resources_dir() -> Path:
    """The bundled resources (icons, translations, the demo publication)."""
    return Path(__file__).resolve().parents[2] / "resources"


def translations_dir() -> Path:
    """The compiled interface translations (``meetingapp_<language>.qm``).

    Found next to the package like the rest of the resources, so the program
    run from the source tree (``pip install -e``) uses the committed catalogues;
    a packaged program keeps the same layout.
    """
    return resources_dir() / "translations"


# A private data directory ----------------------------------------------------------------------


class _UmaskState:
    """The umask the program was started with, while :func:`private_umask` is in effect."""

    user: int | None = None


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """While it lasts, what the process creates is its user's only: umask 0o077.

    The program's entry point (``cli.main``) runs in it, so every file the
    program makes later (SQLite's database, -wal and -shm, sealed documents,
    rotated logs, the key file) comes out 0600 and every folder 0700 without
    each place that creates one having to say so. Files the user exports to a
    folder of their choosing keep the mode their own umask gives
    (:func:`exported_file_mode`). The umask the process had is restored at the
    end (tests run the entry point in their own process). Nested uses are one;
    nothing is changed on Windows.
    """
    if sys.platform == "win32" or _UmaskState.user is not None:
        yield
        return
    _UmaskState.user = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(_UmaskState.user)
        _UmaskState.user = None


def exported_file_mode() -> int | None:
    """The mode of a file the user exports to a folder of their choosing.

    What the user's own umask gives (0o644 with the usual 022), as for a file any
    other program saves there: the data directory's privacy is not imposed on the
    user's own folders. None when there is nothing to change (no
    :func:`private_umask` in effect, or Windows).
    """
    user = _UmaskState.user
    return None if user is None else 0o666 & ~user


def make_private_data_dir(data_dir: Path) -> None:
    """Create ``data_dir`` private to its user (0700), or make an existing one private.

    The window and every command go through it (``InstanceLock.acquire``)
    before the store is unlocked. A folder that is 0700 already costs one stat;
    otherwise the folder is set to 0700 first and everything in it, walked once,
    to 0700 (folders) and 0600 (files). Symbolic links inside are neither
    followed nor changed, so nothing outside the data directory is touched;
    ``data_dir`` itself may be a link to the real folder. A change the system
    refuses (a file of another user, a file system without permissions) is
    logged, not raised: the program still runs. Only created on Windows.
    """
    try:
        mode: int | None = data_dir.stat().st_mode
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        mode = None  # made under the process's umask, which may be wider
    if sys.platform == "win32" or (mode is not None and stat.S_IMODE(mode) == PRIVATE_DIR_MODE):
        return
    _make_tree_private(data_dir)


if sys.platform != "win32":

    def _make_tree_private(data_dir: Path) -> None:
        descriptor = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY)
        try:
            if _make_top_private(descriptor, data_dir):
                _warn_unchanged(data_dir, _make_entries_private(descriptor, data_dir))
        finally:
            os.close(descriptor)

    def _make_top_private(descriptor: int, data_dir: Path) -> bool:
        """Set the data directory itself to 0700; whether its content is worth walking."""
        try:
            os.fchmod(descriptor, PRIVATE_DIR_MODE)
        except OSError as error:
            _log.warning("Cannot make the data folder %s private: %s", data_dir, error.strerror)
            return False
        if stat.S_IMODE(os.fstat(descriptor).st_mode) != PRIVATE_DIR_MODE:
            _log.info("The file system of %s keeps no permissions; left as it is", data_dir)
            return False
        _log.info("Data folder %s made private to its user (0700)", data_dir)
        return True

    def _make_entries_private(descriptor: int, where: Path) -> list[Path]:
        """Folders 0700 and files 0600 under the open folder ``descriptor``, links left
        alone; the paths that could not be changed."""
        refused: list[Path] = []
        with os.scandir(descriptor) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    refused += _make_folder_private(descriptor, entry.name, where / entry.name)
                elif entry.is_file(follow_symlinks=False) and not _make_file_private(
                    descriptor, entry.name
                ):
                    refused.append(where / entry.name)
        return refused

    def _make_folder_private(parent: int, name: str, where: Path) -> list[Path]:
        """``O_NOFOLLOW``: a folder replaced by a link meanwhile is not entered."""
        try:
            descriptor = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
        except OSError:
            return [where]
        try:
            refused = [] if _fchmod_private(descriptor) else [where]
            return refused + _make_entries_private(descriptor, where)
        finally:
            os.close(descriptor)

    def _fchmod_private(descriptor: int) -> bool:
        try:
            os.fchmod(descriptor, PRIVATE_DIR_MODE)
        except OSError:
            return False
        return True

    def _make_file_private(parent: int, name: str) -> bool:
        """Whether the file is 0600 now (or has become a link meanwhile, left alone)."""
        try:
            _chmod_not_a_link(parent, name, PRIVATE_FILE_MODE)
        except OSError:
            return False
        return True

    def _chmod_not_a_link(parent: int, name: str, mode: int) -> None:
        try:
            os.chmod(name, mode, dir_fd=parent, follow_symlinks=False)
        except NotImplementedError:  # a link now, or no fchmodat(AT_SYMLINK_NOFOLLOW) here
            if stat.S_ISREG(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode):
                os.chmod(name, mode, dir_fd=parent)


def _warn_unchanged(data_dir: Path, refused: list[Path]) -> None:
    if refused:
        _log.warning(
            "Entries of the data folder %s could not be made private to its user "
            "(%d, among them %s)",
            data_dir,
            len(refused),
            refused[0],
        )
