"""Writing files so that a crash or a power cut leaves the old file or the new one,
never half of either."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def sync_directory(directory: Path) -> None:
    """Make renames in ``directory`` durable (POSIX only; Windows has no directory fsync)."""
    if os.name != "posix" or not directory.is_dir():
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    temporary: Path | None = None,
    sync_dir: bool = True,
    make_parents: bool = False,
    mode: int | None = None,
) -> None:
    """Replace ``path`` by ``data``: written beside it, flushed to disk, renamed.

    ``temporary`` names the file written first (by default a hidden, unique name
    beside ``path``); it is removed if anything fails. ``sync_dir`` also makes the
    rename durable (callers writing many files sync their directories once);
    ``make_parents`` creates missing folders (else a missing folder is an error);
    ``mode`` sets the file's permissions before it takes the name (else the
    process's umask decides them).
    """
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = temporary or path.with_name(f".{path.name}.{secrets.token_hex(6)}.partial")
    try:
        with partial.open("wb") as stream:
            stream.write(data)
            stream.flush()
            if mode is not None:
                partial.chmod(mode)
            os.fsync(stream.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if sync_dir:
        sync_directory(path.parent)
