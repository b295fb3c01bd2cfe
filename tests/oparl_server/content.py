"""File bodies: real PDFs of a chosen size, made on demand and never all held at once.

One template PDF per size is made with PyMuPDF: a page whose content stream starts
with comment lines (padding up to the size) and then draws a fixed-width label such
as ``DOC-0000000017-V0002``. A file's bytes are the template with its own label, so
every file is a valid, distinct PDF. Because the label sits a few hundred bytes
before the end, checksums cost almost nothing: the hash state of the template's
prefix is computed once and copied for each file.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

import pymupdf

PLACEHOLDER: Final = b"DOC-0000000000-V0000"
CHUNK_SIZE: Final = 64 * 1024
_PADDING_LINE: Final = b"% Motesparm test document, padding to a realistic size ..............\n"
_SIZE_BUCKETS: Final = 13
_MUPDF_LOCK = threading.Lock()  # PyMuPDF is not thread-safe


def label(number: int, version: int) -> bytes:
    text = f"DOC-{number:010d}-V{version:04d}".encode()
    if len(text) != len(PLACEHOLDER):
        raise ValueError(f"file number or version too large for the label: {number}, {version}")
    return text


def _pdf_with_padding(padding_length: int) -> bytes:
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), "-", fontsize=14)  # creates the font resource /helv
    padding = (_PADDING_LINE * (padding_length // len(_PADDING_LINE) + 1))[:padding_length]
    if padding:
        padding = padding[:-1] + b"\n"
    drawing = (
        b"BT /helv 14 Tf 1 0 0 1 72 770 Tm (Testhandling, Exempelstads kommun) Tj "
        b"0 -20 Td (" + PLACEHOLDER + b") Tj ET\n"
    )
    document.update_stream(page.get_contents()[0], padding + drawing, compress=False)
    document.set_metadata({})
    data: bytes = document.tobytes(garbage=0, deflate=False, no_new_id=True)
    document.close()
    return data


@dataclass(frozen=True)
class Template:
    data: bytes
    label_at: int
    prefix_sha512: Any  # hashlib objects have no public type
    prefix_sha1: Any


@functools.lru_cache(maxsize=64)
def template(size: int) -> Template:
    """A PDF of exactly ``size`` bytes (or the smallest possible one) with a placeholder."""
    with _MUPDF_LOCK:
        data = _pdf_with_padding(0)
        padding = size - len(data)
        if padding > 0:
            data = _pdf_with_padding(padding)
            padding -= len(data) - size  # the stream's /Length grew by a few digits
            data = _pdf_with_padding(padding)
    label_at = data.index(PLACEHOLDER)
    prefix = memoryview(data)[:label_at]
    sha512 = hashlib.sha512(prefix)
    sha1 = hashlib.sha1(prefix, usedforsecurity=False)
    return Template(data, label_at, sha512, sha1)


@dataclass(frozen=True)
class FileContent:
    """The bytes of one version of one file, produced piece by piece."""

    template: Template
    label: bytes

    @property
    def size(self) -> int:
        return len(self.template.data)

    def _pieces(self) -> list[memoryview]:
        whole = memoryview(self.template.data)
        start = self.template.label_at
        return [whole[:start], memoryview(self.label), whole[start + len(self.label) :]]

    def iter_range(
        self, start: int = 0, stop: int | None = None, chunk_size: int = CHUNK_SIZE
    ) -> Iterator[bytes]:
        """Bytes ``start`` up to (not including) ``stop`` in chunks of at most ``chunk_size``."""
        stop = self.size if stop is None else min(stop, self.size)
        offset = 0
        for piece in self._pieces():
            low, high = max(start, offset), min(stop, offset + len(piece))
            for at in range(low, high, chunk_size):
                yield bytes(piece[at - offset : min(high, at + chunk_size) - offset])
            offset += len(piece)

    def read(self) -> bytes:
        return b"".join(self.iter_range())

    def checksums(self) -> tuple[str, str]:
        """(sha512, sha1) in hex, hashing only what follows the template's prefix."""
        sha512, sha1 = self.template.prefix_sha512.copy(), self.template.prefix_sha1.copy()
        for piece in self._pieces()[1:]:
            sha512.update(piece)
            sha1.update(piece)
        return sha512.hexdigest(), sha1.hexdigest()


@dataclass(frozen=True)
class ContentInfo:
    size: int
    sha512: str
    sha1: str


class ContentFactory:
    """File bodies of about ``base_size`` bytes; checksums computed once per version."""

    def __init__(self, base_size: int) -> None:
        self.base_size = base_size
        self._info: dict[tuple[int, int], ContentInfo] = {}
        self._lock = threading.Lock()

    def size_for(self, number: int, version: int) -> int:
        """Sizes vary a little between files, and grow with each new version."""
        return self.base_size + (number % _SIZE_BUCKETS) * 256 + version * 1024

    def content(self, number: int, version: int) -> FileContent:
        return FileContent(template(self.size_for(number, version)), label(number, version))

    def info(self, number: int, version: int) -> ContentInfo:
        with self._lock:
            known = self._info.get((number, version))
        if known is not None:
            return known
        content = self.content(number, version)
        info = ContentInfo(content.size, *content.checksums())
        with self._lock:
            self._info[(number, version)] = info
        return info
