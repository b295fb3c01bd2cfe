"""Downloading file contents into the blob store, verified before they count.

A download streams into a temporary file in the blob store's incoming directory
while computing SHA-256 (the blob name) and the checksums the server declared.
Only when size, checksums and, for PDFs, the file signature match is the file
fsynced, moved into place and recorded as a new file version. A bad file is
never shown as good.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import requests

from meetingapp.store import Store
from meetingapp.store.local import record_file_version
from meetingapp.sync.oparl import OParlClient, OParlError

DEFAULT_MAX_FILE_BYTES: Final = 2 * 1024 * 1024 * 1024
_CHUNK: Final = 1 << 16
_PDF_MAGIC: Final = b"%PDF-"


class DownloadError(Exception):
    """A file could not be fetched or failed verification; the message says why."""


@dataclass(frozen=True)
class FileToFetch:
    """What the store knows about a file before fetching it."""

    file_id: str
    url: str
    size: int | None
    sha512: str | None
    sha1: str | None
    mime_type: str | None
    modified: str | None


@dataclass(frozen=True)
class Fetched:
    sha256: str
    sha512: str
    sha1: str
    size: int
    head: bytes


def _stream_to(client: OParlClient, wanted: FileToFetch, target: Path, limit: int) -> Fetched:
    hashes = (hashlib.sha256(), hashlib.sha512(), hashlib.sha1(usedforsecurity=False))
    size = 0
    head = b""
    try:
        with client.open_stream(wanted.url) as response, target.open("wb") as out:
            if response.status_code != 200:
                raise DownloadError(f"the server answered {response.status_code}")
            for chunk in response.iter_content(chunk_size=_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise DownloadError(f"larger than the limit of {limit} bytes")
                if len(head) < len(_PDF_MAGIC):
                    head += chunk[: len(_PDF_MAGIC)]
                for digest in hashes:
                    digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        raise DownloadError(f"could not write the file: {error.strerror}") from error
    except (OParlError, requests.RequestException) as error:
        raise DownloadError(str(error)) from error
    sha256, sha512, sha1 = (digest.hexdigest() for digest in hashes)
    return Fetched(sha256, sha512, sha1, size, head)


def verify(wanted: FileToFetch, fetched: Fetched) -> None:
    """Raise DownloadError when the content contradicts what the server declared."""
    if wanted.size is not None and wanted.size != fetched.size:
        raise DownloadError(f"size {fetched.size} bytes, expected {wanted.size}")
    if wanted.sha512 and wanted.sha512.lower() != fetched.sha512:
        raise DownloadError("the SHA-512 checksum does not match")
    if wanted.sha1 and wanted.sha1.lower() != fetched.sha1:
        raise DownloadError("the SHA-1 checksum does not match")
    if wanted.mime_type == "application/pdf" and not fetched.head.startswith(_PDF_MAGIC):
        raise DownloadError("it is not a PDF although the server says so")


def download(
    client: OParlClient, store: Store, wanted: FileToFetch, limit: int = DEFAULT_MAX_FILE_BYTES
) -> int:
    """Fetch, verify and store one file; returns the new file version's id.

    A failed verification is retried once (a transfer can be damaged on the way).
    """
    last_error: DownloadError | None = None
    for _attempt in range(2):
        temp = store.blobs.new_incoming_file()
        try:
            fetched = _stream_to(client, wanted, temp, limit)
            verify(wanted, fetched)
            store.blobs.adopt(temp, fetched.sha256)
        except DownloadError as error:
            last_error = error
            continue
        finally:
            temp.unlink(missing_ok=True)
        with store.db.write() as db:
            return record_file_version(
                db, wanted.file_id, fetched.sha256, fetched.size, wanted.modified
            )
    assert last_error is not None
    raise last_error
