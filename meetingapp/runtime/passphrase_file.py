"""The passphrase of a data directory read from a file, for scripts without a keyring.

``--passphrase-file FILE`` (or ``$MEETINGAPP_PASSPHRASE_FILE``, which names the
file) works as restic's ``--password-file``: the file's first line, without its
line ending, is the passphrase. The passphrase itself is never taken as an
argument or an environment variable: other users may see those (``ps``,
``/proc``), and shells keep them in their history.

On POSIX the file must be its owner's only: one that the group or others may
read or write is refused, as ssh refuses a private key others can read. Windows
has no such mode bits to check; the file's folder's ACL decides there. The
file's content never appears in a message, the log or the output.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Final

PASSPHRASE_FILE_ENVIRONMENT: Final = "MEETINGAPP_PASSPHRASE_FILE"
_MAX_BYTES: Final = 64 * 1024
"""A first line longer than this is not a passphrase: the wrong file was named."""


class PassphraseFileError(Exception):
    """The file cannot give the passphrase; the message, for people, never holds its content."""


def passphrase_file_path(
    explicit: str | os.PathLike[str] | None, environment: Mapping[str, str] | None = None
) -> Path | None:
    """--passphrase-file wins, then $MEETINGAPP_PASSPHRASE_FILE; None when neither is set."""
    environment = os.environ if environment is None else environment
    named = explicit or environment.get(PASSPHRASE_FILE_ENVIRONMENT)
    return Path(named).expanduser() if named else None


def read_passphrase_file(path: Path) -> str:
    """The passphrase: the first line of ``path``. Raises :class:`PassphraseFileError`
    when the file is missing, unreadable, empty, or open to others (POSIX)."""
    try:
        with path.open("rb") as stream:
            _require_private(path, os.fstat(stream.fileno()).st_mode)
            data = stream.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise PassphraseFileError(f"The passphrase file {path} does not exist.") from None
    except IsADirectoryError:
        raise PassphraseFileError(f"The passphrase file {path} is a folder.") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise PassphraseFileError(f"The passphrase file {path} cannot be read: {reason}.") from None
    return _first_line(path, data)


def _require_private(path: Path, mode: int) -> None:
    if sys.platform == "win32" or not mode & 0o077:
        return
    raise PassphraseFileError(
        f"The passphrase file {path} may be read or changed by others "
        f"({stat.filemode(mode)}); nothing was opened. Make it yours only with: "
        f"chmod 600 {shlex.quote(str(path))}"
    )


def _first_line(path: Path, data: bytes) -> str:
    line = data.partition(b"\n")[0]
    if len(line) > _MAX_BYTES:
        raise PassphraseFileError(
            f"The first line of the passphrase file {path} is longer than {_MAX_BYTES} bytes: "
            "is it the right file?"
        )
    try:
        passphrase = line.removesuffix(b"\r").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PassphraseFileError(f"The passphrase file {path} is not UTF-8 text.") from None
    if not passphrase:
        raise PassphraseFileError(
            f"The passphrase file {path} is empty: its first line must be the passphrase."
        )
    return passphrase
