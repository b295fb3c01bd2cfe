"""Content-addressed file storage, sealed.

A blob is stored under the SHA-256 of its content, at ``objects/ab/cdef…``, and
sealed with the store's blob key (:mod:`meetingapp.store.sealed`): the name says
which content it is, the file shows nothing of it. It is
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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from meetingapp.store import durable, sealed

_CHUNK = 1 << 20
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_TEMP_PREFIX = ".incoming-"


class BlobError(Exception):
    """A blob could not be stored or read."""


class BlobStore:
    """Immutable sealed blobs on disk, named by the SHA-256 of their content."""

    def __init__(self, root: Path, key: bytes) -> None:
        self.root = root
        self.key = key
        """The blob key; the render worker gets it to open blobs."""
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
                writer = sealed.SealedWriter(out, self.key)
                for chunk in chunks:
                    digest.update(chunk)
                    writer.write(chunk)
                writer.finish()
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

    def read_chunks(self, sha256: str) -> Iterator[bytes]:
        """The blob's content, authenticated a record at a time.

        Raises :class:`BlobError` when the blob is missing, damaged or sealed with
        another key.
        """
        try:
            with self.path(sha256).open("rb") as blob:
                yield from sealed.iter_plain(blob, self.key)
        except (OSError, sealed.SealedError) as error:
            raise BlobError(f"cannot read the stored file {sha256[:12]}: {error}") from error

    def read_bytes(self, sha256: str) -> bytes:
        return b"".join(self.read_chunks(sha256))

    def copy_plain(self, sha256: str, target: Path) -> None:
        """Write the blob's content to ``target`` in the clear (a copy the user
        asked for: another program, an export)."""
        with target.open("wb") as out:
            for chunk in self.read_chunks(sha256):
                out.write(chunk)

    def verify(self, sha256: str) -> bool:
        """Re-hash a stored blob: True when its content still matches its name."""
        digest = hashlib.sha256()
        try:
            for chunk in self.read_chunks(sha256):
                digest.update(chunk)
        except BlobError:
            return False
        return digest.hexdigest() == sha256

    def seal_plain_blobs(self) -> int:
        """Seal the blobs of an older version, stored in the clear; returns how many.
        Its partial downloads, in the clear too, are dropped (they are fetched again).

        Each is sealed beside itself and renamed over itself, so a killed run
        leaves every blob whole, and the next run does the rest.
        """
        count = 0
        for leftover in self._incoming.glob("partial-*"):
            if not sealed.is_sealed(leftover):  # an older version's partial download
                leftover.unlink(missing_ok=True)
        for directory in self._objects.iterdir():
            if not directory.is_dir():  # a stray file (a desktop's .DS_Store, say)
                continue
            for leftover in directory.glob(".sealing-*"):
                leftover.unlink(missing_ok=True)
            for blob in directory.iterdir():
                if blob.is_file() and not sealed.is_sealed(blob):
                    sealed.seal_file_in_place(blob, self.key)
                    count += 1
            durable.sync_directory(directory)
        return count
