"""Content-addressed file storage.

A blob is stored under the SHA-256 of its bytes, at ``objects/ab/cdef…``. It is
written to a temporary file in the same directory, fsynced, and renamed into
place, so a blob path either does not exist or holds the complete content: a
killed process leaves at most a stray temporary file, which :meth:`BlobStore.sweep`
removes.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from meetingapp.store import durable

_CHUNK = 1 << 20
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_TEMP_PREFIX = ".incoming-"


class BlobError(Exception):
    """A blob could not be stored or read."""


class BlobStore:
    """Immutable blobs on disk, named by their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._objects = root / "objects"
        self._incoming = root / "incoming"
        self._objects.mkdir(parents=True, exist_ok=True)
        self._incoming.mkdir(parents=True, exist_ok=True)
        self._directories: set[Path] = set()
        """Blob directories known to exist (``objects/ab``)."""

    def path(self, sha256: str) -> Path:
        if not _SHA256_HEX.match(sha256):
            raise BlobError(f"not a SHA-256 digest: {sha256!r}")
        return self._objects / sha256[:2] / sha256[2:]

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        return self.put_chunks([data])

    def put_stream(self, stream: BinaryIO) -> str:
        return self.put_chunks(iter(lambda: stream.read(_CHUNK), b""))

    def put_chunks(self, chunks: Iterable[bytes]) -> str:
        """Store the concatenated chunks; returns their SHA-256."""
        digest = hashlib.sha256()
        fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=self._incoming)
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            return self.adopt(temp, digest.hexdigest())
        finally:
            temp.unlink(missing_ok=True)

    def adopt(self, complete_file: Path, sha256: str, *, sync_directory: bool = True) -> str:
        """Move a complete, fsynced file (in this store's incoming dir, readable by
        this user only) into place.

        Without ``sync_directory`` the new name is durable only after
        :meth:`sync_directories`; record nothing about the blob before that.
        """
        target = self.path(sha256)
        if target.exists():
            complete_file.unlink(missing_ok=True)
            return sha256
        if target.parent not in self._directories:
            target.parent.mkdir(exist_ok=True)
            self._directories.add(target.parent)
        complete_file.replace(target)
        if sync_directory:
            durable.sync_directory(target.parent)
        return sha256

    def sync_directories(self, sha256s: Iterable[str]) -> None:
        """Make the names of these blobs durable: one fsync per directory."""
        for directory in sorted({self.path(sha256).parent for sha256 in sha256s}):
            durable.sync_directory(directory)

    def new_incoming_file(self) -> Path:
        """A fresh temporary path for a download that will be adopted."""
        fd, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=self._incoming)
        os.close(fd)
        return Path(name)

    def remove(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def sweep(self) -> int:
        """Delete leftovers of interrupted writes; returns how many."""
        leftovers = list(self._incoming.glob(f"{_TEMP_PREFIX}*"))
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        return len(leftovers)

    def verify(self, sha256: str) -> bool:
        """Re-hash a stored blob: True when its bytes still match its name."""
        digest = hashlib.sha256()
        with self.path(sha256).open("rb") as blob:
            for chunk in iter(lambda: blob.read(_CHUNK), b""):
                digest.update(chunk)
        return digest.hexdigest() == sha256
