"""The sealed file format: what is sealed reads back, anything changed does not."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from meetingapp.store import sealed

KEY = bytes(range(32))
CHUNK = 1024
RECORD = 12 + CHUNK + 16


def seal(content: bytes, *, chunk_size: int = CHUNK, key: bytes = KEY, piece: int = 300) -> bytes:
    out = io.BytesIO()
    writer = sealed.SealedWriter(out, key, chunk_size=chunk_size)
    for start in range(0, len(content), piece):
        writer.write(content[start : start + piece])
    writer.finish()
    return out.getvalue()


def unseal(data: bytes, key: bytes = KEY) -> bytes:
    return b"".join(sealed.iter_plain(io.BytesIO(data), key))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5000])
def test_content_of_any_size_reads_back(size: int) -> None:
    content = os.urandom(size)
    data = seal(content)
    assert unseal(data) == content
    records = -(-size // CHUNK) if size else 1
    assert len(data) == sealed.HEADER_SIZE + size + records * 28


def test_the_same_content_seals_differently_each_time() -> None:
    content = b"%PDF-1.7 samma inneh\xc3\xa5ll" * 100
    assert seal(content) != seal(content)
    assert content[:20] not in seal(content)


def test_another_key_reads_nothing() -> None:
    with pytest.raises(sealed.SealedError, match="another key"):
        unseal(seal(b"hemligt"), key=bytes(32))


def damaged_variants(data: bytes) -> dict[str, bytes]:
    header, body = data[: sealed.HEADER_SIZE], data[sealed.HEADER_SIZE :]
    records = [body[i : i + RECORD] for i in range(0, len(body), RECORD)]
    flipped = bytearray(data)
    flipped[sealed.HEADER_SIZE + RECORD + 40] ^= 0x80
    salt_changed = bytearray(data)
    salt_changed[20] ^= 0x01
    return {
        "a bit flipped": bytes(flipped),
        "the last record dropped": header + b"".join(records[:-1]),
        "a record dropped in the middle": header + records[0] + b"".join(records[2:]),
        "two records swapped": header + records[1] + records[0] + b"".join(records[2:]),
        "a record repeated": header + records[0] + b"".join(records),
        "a record appended": data + records[0],
        "cut in a record": data[: sealed.HEADER_SIZE + RECORD + 100],
        "the header's salt changed": bytes(salt_changed),
        "a header only": header,
    }


@pytest.mark.parametrize("damage", list(damaged_variants(seal(b"x" * (4 * CHUNK + 10)))))
def test_any_change_fails_authentication(damage: str) -> None:
    data = damaged_variants(seal(os.urandom(4 * CHUNK + 10)))[damage]
    with pytest.raises(sealed.SealedError):
        unseal(data)


@pytest.mark.parametrize(
    "data", [b"", b"MSP", b"%PDF-1.7 plain", sealed.MAGIC + b"\xff" * 40], ids=repr
)
def test_what_is_not_a_sealed_file_is_refused(data: bytes) -> None:
    with pytest.raises(sealed.SealedError):
        unseal(data)


def test_a_partial_file_resumes_after_its_complete_records(tmp_path: Path) -> None:
    """What a download leaves when the connection breaks: complete records and a
    torn one; resuming cuts the torn one and continues the numbering."""
    content = os.urandom(5 * CHUNK + 123)
    path = tmp_path / "partial"
    with path.open("wb") as out:
        writer = sealed.SealedWriter(out, KEY, chunk_size=CHUNK)
        writer.write(content[: 3 * CHUNK + 500])  # 3 records written, 500 bytes held back
    with path.open("ab") as out:
        out.write(os.urandom(200))  # a torn record at the end
    partial = sealed.PartialSealed(path, KEY)
    assert partial.plain_length == 3 * CHUNK
    assert b"".join(partial.chunks()) == content[: 3 * CHUNK]
    with path.open("r+b") as out:
        writer = partial.append(out)
        writer.write(content[partial.plain_length :])
        writer.finish()
    assert sealed.read_plain(path, KEY) == content


def test_a_partial_file_of_another_key_is_not_resumed(tmp_path: Path) -> None:
    path = tmp_path / "partial"
    with path.open("wb") as out:
        sealed.SealedWriter(out, bytes(32), chunk_size=CHUNK).write(os.urandom(3 * CHUNK))
    assert sealed.PartialSealed(path, KEY).plain_length == 0


def test_a_plain_file_is_sealed_in_place(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    content = b"%PDF-1.7 " + os.urandom(200_000)
    path.write_bytes(content)
    assert not sealed.is_sealed(path)
    sealed.seal_file_in_place(path, KEY)
    assert sealed.is_sealed(path)
    assert sealed.read_plain(path, KEY) == content
    assert [entry.name for entry in tmp_path.iterdir()] == ["blob"]


def test_writing_after_finish_is_refused() -> None:
    writer = sealed.SealedWriter(io.BytesIO(), KEY)
    writer.finish()
    with pytest.raises(ValueError, match="finished"):
        writer.write(b"more")


def test_a_broken_download_keeps_the_full_record_held_back(tmp_path: Path) -> None:
    """Pieces of exactly the record size: the last full one waits to learn whether
    it is the last; a broken transfer writes it as not the last, to resume after."""
    content = os.urandom(3 * CHUNK)
    path = tmp_path / "partial"
    with path.open("wb") as out:
        writer = sealed.SealedWriter(out, KEY, chunk_size=CHUNK)
        for start in range(0, len(content), CHUNK):
            writer.write(content[start : start + CHUNK])
        writer.keep_complete()
    assert sealed.PartialSealed(path, KEY).plain_length == 3 * CHUNK
