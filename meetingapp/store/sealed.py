"""Sealed files: content encrypted on disk in chunks with AES-256-GCM.

Every blob (and every partial download on its way to becoming one) is sealed
with the store's blob key, so a copy of the data directory shows no document.

Layout: a 48-byte header, then records of ``nonce (12) ‖ ciphertext ‖ tag (16)``.
Every record but the last holds exactly ``chunk_size`` bytes of content; the last
holds the rest (maybe none) and is marked as the last.

- The header (magic, format, chunk size and a random salt) is the associated data
  of every record, with the record's number and its last-record flag. Reordered,
  dropped, repeated or appended records, a truncated file and a changed header
  all fail authentication.
- Each file has its own key, derived by HKDF from the blob key and the salt; each
  record has a random nonce, so a resumed download that rewrites a record never
  reuses one.
- Streaming both ways: a download is sealed as it arrives, an interrupted one
  keeps its complete records and resumes after them, and reading needs one record
  in memory at a time.
"""

from __future__ import annotations

import os
import secrets
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC: Final = b"MSPSEAL\x00"
FORMAT: Final = 1
DEFAULT_CHUNK_SIZE: Final = 64 << 10
"""Small enough that a broken download keeps nearly all it received; the 28 bytes
each record adds are 0.04 %."""
_HEADER: Final = struct.Struct("!8sB3xI32s")
HEADER_SIZE: Final = _HEADER.size  # 48
_NONCE: Final = 12
_TAG: Final = 16
_OVERHEAD: Final = _NONCE + _TAG
_POSITION: Final = struct.Struct("!QB")
_FILE_KEY_INFO: Final = b"motesparm sealed file key v1"
_MAX_CHUNK_SIZE: Final = 64 << 20


class SealedError(Exception):
    """A sealed file is damaged, truncated, tampered with, or sealed with another key."""


def _file_key(blob_key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_FILE_KEY_INFO)
    return AESGCM(derived.derive(blob_key))


def _associated(header: bytes, index: int, last: bool) -> bytes:
    return header + _POSITION.pack(index, 1 if last else 0)


def is_sealed(path: Path) -> bool:
    """Whether ``path`` begins like a sealed file (says nothing of its integrity)."""
    try:
        with path.open("rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


class SealedWriter:
    """Seals what is written to it into ``out``, record by record.

    :meth:`finish` writes the last record. A writer dropped without it leaves its
    complete records, which :class:`PartialSealed` can resume after.
    """

    def __init__(
        self,
        out: BinaryIO,
        blob_key: bytes,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        _resume: tuple[bytes, int] | None = None,
    ) -> None:
        if not 0 < chunk_size <= _MAX_CHUNK_SIZE:
            raise ValueError("chunk size out of range")
        self._out = out
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._held: bytes | None = None
        """A full record's content, held until it is known not to be the last."""
        self.finished = False
        if _resume is None:
            self._header = _HEADER.pack(MAGIC, FORMAT, chunk_size, secrets.token_bytes(32))
            out.write(self._header)
            self._index = 0
        else:
            self._header, self._index = _resume
        salt = _HEADER.unpack(self._header)[3]
        self._aead = _file_key(blob_key, salt)

    def write(self, data: bytes) -> None:
        """Take more content. A full record goes out once more content follows it
        (only :meth:`finish` knows which record is the last); content that comes in
        pieces of the record size, as downloads do, is never copied."""
        if self.finished:
            raise ValueError("the sealed file is finished")
        if not data:
            return
        if self._held is not None:
            self._seal(self._held, last=False)
            self._held = None
        size = self._chunk_size
        if not self._buffer and len(data) == size:
            self._held = bytes(data)
            return
        self._buffer += data
        with memoryview(self._buffer) as view:
            start = 0
            while len(view) - start > size:
                self._seal(bytes(view[start : start + size]), last=False)
                start += size
        del self._buffer[:start]
        if len(self._buffer) == size:
            self._held = bytes(self._buffer)
            self._buffer.clear()

    def keep_complete(self) -> None:
        """The content stops here for now (a broken download): write the full
        record still held back, as not the last, so a resume keeps it."""
        if self._held is not None and not self.finished:
            self._seal(self._held, last=False)
            self._held = None

    def finish(self) -> None:
        """Write the last record; the file is complete."""
        if self.finished:
            return
        last = self._held if self._held is not None else bytes(self._buffer)
        self._seal(last, last=True)
        self._held = None
        self._buffer.clear()
        self.finished = True

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = secrets.token_bytes(_NONCE)
        sealed = self._aead.encrypt(nonce, chunk, _associated(self._header, self._index, last))
        self._out.write(nonce + sealed)  # one write call: a copy costs less
        self._index += 1


def _read_header(file: BinaryIO) -> tuple[bytes, int, bytes]:
    header = file.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE:
        raise SealedError("the file is too short to be sealed")
    magic, version, chunk_size, salt = _HEADER.unpack(header)
    if magic != MAGIC:
        raise SealedError("the file is not sealed")
    if version != FORMAT or not 0 < chunk_size <= _MAX_CHUNK_SIZE:
        raise SealedError(f"unknown sealed format {version}")
    return header, chunk_size, salt


def _open_record(
    aead: AESGCM, record: bytes | memoryview, header: bytes, index: int, last: bool
) -> bytes:
    try:
        return aead.decrypt(record[:_NONCE], record[_NONCE:], _associated(header, index, last))
    except InvalidTag:
        raise SealedError(
            "the sealed file is damaged, truncated, or sealed with another key"
        ) from None


def iter_plain(file: BinaryIO, blob_key: bytes) -> Iterator[bytes]:
    """The content of the sealed ``file``, a record at a time, each authenticated
    before it is given out; a damaged or truncated file raises :class:`SealedError`."""
    header, chunk_size, salt = _read_header(file)
    aead = _file_key(blob_key, salt)
    full = chunk_size + _OVERHEAD
    index = 0
    record = file.read(full)
    while True:
        following = file.read(full) if len(record) == full else b""
        last = not following
        if len(record) < _OVERHEAD:
            raise SealedError("the sealed file is truncated")
        yield _open_record(aead, record, header, index, last)
        if last:
            return
        record, index = following, index + 1


def read_plain(path: Path, blob_key: bytes) -> bytes:
    """The whole content of the sealed file at ``path`` (how the render worker
    opens a document): read and opened a record at a time, so the memory it
    takes at most is twice the content, not three times."""
    with path.open("rb") as file:
        return b"".join(iter_plain(file, blob_key))


def seal_chunks(chunks: Iterable[bytes], out: BinaryIO, blob_key: bytes) -> None:
    writer = SealedWriter(out, blob_key)
    for chunk in chunks:
        writer.write(chunk)
    writer.finish()


class PartialSealed:
    """The complete records of an unfinished sealed file, to resume after them.

    Only records that authenticate as not-last count; a torn record at the end
    (a process killed mid-write) is cut off when appending resumes.
    """

    def __init__(self, path: Path, blob_key: bytes) -> None:
        self.path = path
        self._blob_key = blob_key
        with path.open("rb") as file:
            self._header, self._chunk_size, salt = _read_header(file)
            self._aead = _file_key(blob_key, salt)
            self._records = self._count_records(file)

    def _count_records(self, file: BinaryIO) -> int:
        full = self._chunk_size + _OVERHEAD
        count = 0
        while len(record := file.read(full)) == full:
            try:
                _open_record(self._aead, record, self._header, count, False)
            except SealedError:
                break
            count += 1
        return count

    @property
    def plain_length(self) -> int:
        """How much content the complete records hold: where a download resumes."""
        return self._records * self._chunk_size

    def chunks(self) -> Iterator[bytes]:
        """The content of the complete records, in order."""
        full = self._chunk_size + _OVERHEAD
        with self.path.open("rb") as file:
            file.seek(HEADER_SIZE)
            for index in range(self._records):
                yield _open_record(self._aead, file.read(full), self._header, index, False)

    def append(self, out: BinaryIO) -> SealedWriter:
        """A writer continuing the file; ``out`` is the file opened for writing
        (not appending), which is cut to the complete records first."""
        end = HEADER_SIZE + self._records * (self._chunk_size + _OVERHEAD)
        out.truncate(end)
        out.seek(end)
        return SealedWriter(
            out,
            self._blob_key,
            chunk_size=self._chunk_size,
            _resume=(self._header, self._records),
        )


def seal_file_in_place(path: Path, blob_key: bytes) -> None:
    """Seal a plain file (a blob of an older version): sealed beside it, made
    durable, renamed over it, so a kill leaves either the plain or the sealed one."""
    temporary = path.with_name(f".sealing-{path.name}")
    with path.open("rb") as plain, temporary.open("wb") as out:
        seal_chunks(iter(lambda: plain.read(DEFAULT_CHUNK_SIZE), b""), out, blob_key)
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)
