"""Downloading file contents into the blob store, verified before they count.

A download streams into a partial file in the blob store's incoming directory,
sealed as it arrives (:mod:`meetingapp.store.sealed`: no document is ever on disk
in the clear), while the digests of its content are computed: SHA-256 names the
blob; SHA-512 and SHA-1 are checked against what the server declared. Only when
size, checksums and, for PDFs, the file signature match is the file fsynced,
moved into place and recorded as a new file version. A bad file is never shown as good.

The download threads only start the verified file's writeback; the thread that
records (:class:`VersionRecorder`) fsyncs a batch of them back to back, moves
them into place, fsyncs their directories once and records them in one
transaction. Back-to-back fsyncs of files already on their way to the disk share
a journalling file system's commits, a batch shares its directory fsyncs and its
database commit, and the download threads are free for the next file meanwhile.

An interrupted download of a file of 1 MiB or more keeps its partial file and
the validator (ETag or Last-Modified) it was fetched with; the next attempt asks
for what follows its complete sealed records with
``Range`` and ``If-Range``, so a server that changed the file in between sends it
whole again. A file that has a version already is fetched conditionally: 304
means the version on disk is still current.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Container
from dataclasses import dataclass
from io import BufferedWriter
from pathlib import Path
from typing import Final

import requests

from meetingapp.net.transport import describe_transport_error, iter_body, release
from meetingapp.oparl.oparl import OParlClient, OParlError
from meetingapp.oparl.pages import conditional_headers
from meetingapp.store import Store, sealed, sql
from meetingapp.store.local import record_file_version

DEFAULT_MAX_FILE_BYTES: Final = 2 * 1024 * 1024 * 1024
_CHUNK: Final = 1 << 16
RESUMABLE_FROM_BYTES: Final = 1024 * 1024
"""Smaller files are fetched whole again after an interruption."""
_PDF_MAGIC: Final = b"%PDF-"


REFUSED: Final = "the server refused access to it (sign-in or permission)"
"""The reason of a 401 or 403, as kept with a file's last failure: the sync finds
a held file's first refusal by it."""


class DownloadError(Exception):
    """A file could not be fetched or failed verification; the message says why."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status the server refused the file with, if it did."""


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
    current_version_id: int | None = None
    current_etag: str | None = None


@dataclass
class _Digests:
    """SHA-256 (the blob's name) and the strongest checksum the server declared.

    Hashing is the largest cost of a download after the network, so a checksum
    nobody declared is not computed, and SHA-1 only when SHA-512 is missing.
    """

    sha256: hashlib._Hash
    sha512: hashlib._Hash | None
    sha1: hashlib._Hash | None
    size: int = 0
    head: bytes = b""

    @classmethod
    def empty(cls, wanted: FileToFetch) -> _Digests:
        sha512 = hashlib.sha512() if wanted.sha512 else None
        sha1 = hashlib.sha1(usedforsecurity=False) if wanted.sha1 and not sha512 else None
        return cls(hashlib.sha256(), sha512, sha1)

    def update(self, chunk: bytes) -> None:
        if len(self.head) < len(_PDF_MAGIC):
            self.head += chunk[: len(_PDF_MAGIC) - len(self.head)]
        self.size += len(chunk)
        for digest in (self.sha256, self.sha512, self.sha1):
            if digest is not None:
                digest.update(chunk)

    @property
    def sha512_hex(self) -> str | None:
        return self.sha512.hexdigest() if self.sha512 is not None else None


@dataclass
class _Partial:
    """A partial download on disk and the validator it was fetched with."""

    path: Path
    meta: Path
    blob_key: bytes
    resumable: bool = False
    """Whether the validator is on disk beside the partial file."""
    existing: sealed.PartialSealed | None = None
    """The complete records on disk, once a resume was asked for."""

    def validator(self, url: str) -> str | None:
        if not self.path.is_file():
            return None
        try:
            saved = json.loads(sealed.read_plain(self.meta, self.blob_key))
        except (OSError, ValueError, sealed.SealedError):
            return None
        value = saved.get("validator")
        if saved.get("url") != url or not isinstance(value, str):
            return None
        try:
            self.existing = sealed.PartialSealed(self.path, self.blob_key)
        except (OSError, sealed.SealedError):
            return None  # damaged, or of an older version: fetched whole again
        self.resumable = True
        return value

    def remember(self, url: str, validator: str | None) -> None:
        """Keep what resuming needs beside the partial file, sealed too: a file's URL
        often holds its name."""
        record = json.dumps({"url": url, "validator": validator}).encode("utf-8")
        with self.meta.open("wb") as out:
            sealed.seal_chunks([record], out, self.blob_key)
        self.resumable = True

    def keep_if_resumable(self) -> None:
        """After a broken transfer: keep what came if it can be resumed."""
        if not self.resumable:
            self.path.unlink(missing_ok=True)

    def forget(self) -> None:
        """After the partial file became a blob: drop what was kept for resuming."""
        if self.resumable:
            self.meta.unlink(missing_ok=True)
            self.resumable = False

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        self.meta.unlink(missing_ok=True)
        self.resumable = False
        self.existing = None


def _open_private(path: Path, *, resume: bool) -> BufferedWriter:
    """Open for writing a file only this user can read (blobs are adopted as they are);
    a resumed one is kept, to be cut to its complete records and continued."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    if not resume:
        flags |= os.O_TRUNC
    return os.fdopen(os.open(path, flags, 0o600), "wb")


def partial_paths(store: Store, file_id: str) -> tuple[Path, Path]:
    """Where an interrupted download of the file waits, and the validator kept
    beside it (what retention removes with the file)."""
    name = "partial-" + hashlib.sha256(file_id.encode("utf-8")).hexdigest()[:40]
    incoming = store.blobs.root / "incoming"
    return incoming / name, incoming / f"{name}.json"


def _partial_for(store: Store, file_id: str) -> _Partial:
    return _Partial(*partial_paths(store, file_id), store.blobs.key)


def _hash_existing(existing: sealed.PartialSealed, wanted: FileToFetch) -> _Digests:
    digests = _Digests.empty(wanted)
    for chunk in existing.chunks():
        digests.update(chunk)
    return digests


def resumable_partials(store: Store) -> frozenset[str]:
    """The names of the resumable partial downloads on disk, read once for a run
    of many downloads: the others need not look for theirs."""
    incoming = store.blobs.root / "incoming"
    try:
        return frozenset(
            entry.name for entry in os.scandir(incoming) if entry.name.endswith(".json")
        )
    except OSError:
        return frozenset()


def _request_headers(
    wanted: FileToFetch, partial: _Partial, resumable: Container[str] | None
) -> dict[str, str]:
    looked_for = resumable is None or partial.resumable or partial.meta.name in resumable
    resume_from = partial.validator(wanted.url) if looked_for else None
    if resume_from is not None and partial.existing is not None:
        offset = partial.existing.plain_length
        return {"Range": f"bytes={offset}-", "If-Range": resume_from}
    if wanted.current_version_id is not None:
        return conditional_headers(wanted.current_etag, None)
    return {}


class _NotModified(Exception):  # noqa: N818 - an outcome, not an error
    """The server confirmed the version on disk is current (304)."""


def _stream(
    client: OParlClient,
    wanted: FileToFetch,
    partial: _Partial,
    limit: int,
    resumable: Container[str] | None,
) -> tuple[_Digests, str | None]:
    headers = _request_headers(wanted, partial, resumable)
    with client.open_stream(wanted.url, headers) as response:
        if response.status_code not in (200, 206):
            release(response)
        if response.status_code == 304 and wanted.current_version_id is not None:
            raise _NotModified()
        existing = partial.existing if response.status_code == 206 else None
        if existing is not None and "Range" in headers:
            digests = _hash_existing(existing, wanted)
        elif response.status_code == 200:
            digests = _Digests.empty(wanted)
        elif response.status_code == 416:  # the partial file is not a prefix any more
            partial.discard()
            raise DownloadError("the server refused to resume the download")
        elif response.status_code in (401, 403):
            raise DownloadError(REFUSED, status=response.status_code)
        elif response.status_code == 410:
            raise DownloadError("the server says it has been removed", status=410)
        else:
            raise DownloadError(
                f"the server answered {response.status_code}", status=response.status_code
            )
        _refuse_web_page(wanted, response)
        _refuse_oversized(response, limit)
        if _worth_resuming(wanted, response):
            validator = response.headers.get("ETag") or response.headers.get("Last-Modified")
            partial.remember(wanted.url, validator)
        with _open_private(partial.path, resume=existing is not None) as out:
            writer = (
                existing.append(out)
                if existing is not None
                else sealed.SealedWriter(out, partial.blob_key)
            )
            try:
                for chunk in iter_body(response, _CHUNK, client.policy):
                    digests.update(chunk)
                    if digests.size > limit:
                        raise DownloadError(f"larger than the limit of {limit} bytes")
                    writer.write(chunk)
            except BaseException:
                writer.keep_complete()  # what came whole is kept for a resume
                raise
            writer.finish()
            out.flush()
            _start_writeback(out.fileno())
    return digests, response.headers.get("ETag")


def _start_writeback(fd: int) -> None:
    """Ask the OS to start writing the file out now (Linux); the fsync that makes
    it durable comes later, when its batch is recorded, and then waits less."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):  # only advice: the fsync still comes
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _worth_resuming(wanted: FileToFetch, response: requests.Response) -> bool:
    """Whether an interrupted download of this file should resume where it stopped.

    Remembering how to resume costs a file write per download; for a small file,
    fetching it again costs less.
    """
    declared = response.headers.get("Content-Length")
    size = int(declared) if declared and declared.isdigit() else wanted.size
    return size is None or size >= RESUMABLE_FROM_BYTES


def _refuse_web_page(wanted: FileToFetch, response: requests.Response) -> None:
    """A sign-in or network portal answers file URLs with a web page."""
    content_type = response.headers.get("Content-Type", "").lower()
    if "html" in content_type and "html" not in (wanted.mime_type or ""):
        raise DownloadError("the server sent a web page instead (a sign-in or network portal?)")


def _refuse_oversized(response: requests.Response, limit: int) -> None:
    """A Content-Length over the limit is refused before any byte is read."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise DownloadError(f"the server declares {declared} bytes, more than the limit of {limit}")


def _mismatch(declared: str | None, computed: hashlib._Hash | None) -> bool:
    if not declared or computed is None:
        return False
    return declared.lower() != computed.hexdigest()


def verify(wanted: FileToFetch, digests: _Digests) -> None:
    """Raise DownloadError when the content contradicts what the server declared."""
    if wanted.size is not None and wanted.size != digests.size:
        raise DownloadError(f"size {digests.size} bytes, expected {wanted.size}")
    if _mismatch(wanted.sha512, digests.sha512):
        raise DownloadError("the SHA-512 checksum does not match")
    if _mismatch(wanted.sha1, digests.sha1):
        raise DownloadError("the SHA-1 checksum does not match")
    if wanted.mime_type == "application/pdf" and not digests.head.startswith(_PDF_MAGIC):
        raise DownloadError("it is not a PDF although the server says so")


@dataclass(frozen=True)
class Fetched:
    """A verified file, its version not yet recorded.

    ``incoming`` is where it waits, complete but not yet durable, until its batch
    is recorded; None when it is in the blob store already.
    """

    file_id: str
    sha256: str
    size: int
    modified: str | None
    sha512: str | None
    etag: str | None
    incoming: Path | None = None


@dataclass(frozen=True)
class Confirmed:
    """The server confirmed (304) that the version on disk is still current."""

    file_id: str
    version_id: int
    modified: str | None


Outcome = Fetched | Confirmed


def _attempt(
    client: OParlClient,
    store: Store,
    wanted: FileToFetch,
    partial: _Partial,
    limit: int,
    resumable: Container[str] | None,
) -> Outcome:
    try:
        digests, etag = _stream(client, wanted, partial, limit, resumable)
    except DownloadError:
        partial.discard()
        raise
    except _NotModified:
        assert wanted.current_version_id is not None
        return Confirmed(wanted.file_id, wanted.current_version_id, wanted.modified)
    except OParlError as error:
        partial.keep_if_resumable()
        raise DownloadError(str(error)) from error
    except requests.RequestException as error:  # before OSError: it is one too
        partial.keep_if_resumable()
        raise DownloadError(describe_transport_error(error)) from error
    except OSError as error:  # a full disk: what came so far would only take space
        partial.discard()
        raise DownloadError(f"could not write the file: {error.strerror}") from error
    try:
        verify(wanted, digests)
    except DownloadError:
        partial.discard()
        raise
    partial.forget()  # complete: nothing to resume
    return Fetched(
        wanted.file_id,
        digests.sha256.hexdigest(),
        digests.size,
        wanted.modified,
        digests.sha512_hex,
        etag,
        incoming=partial.path,
    )


def fetch(
    client: OParlClient,
    store: Store,
    wanted: FileToFetch,
    limit: int = DEFAULT_MAX_FILE_BYTES,
    resumable: Container[str] | None = None,
) -> Outcome:
    """Fetch and verify one file; a :class:`VersionRecorder` makes it durable and
    makes it count.

    A failed attempt is retried once (a transfer can be damaged on the way, and
    a broken connection resumes where it stopped). ``resumable``, when given, is
    :func:`resumable_partials` read at the start of the run: a file whose partial
    download is not named there has none to resume.
    """
    if wanted.size is not None and wanted.size > limit:
        raise DownloadError(
            f"the server declares {wanted.size} bytes, more than the limit of {limit}"
        )
    partial = _partial_for(store, wanted.file_id)
    try:
        return _attempt(client, store, wanted, partial, limit, resumable)
    except DownloadError:
        return _attempt(client, store, wanted, partial, limit, resumable)


class VersionRecorder:
    """Makes fetched files durable and records them as file versions, many at once.

    The files of a batch are fsynced back to back and moved into the blob store;
    a version is recorded only after its blob's directory entry is on disk, so
    a recorded version always has its content. Recording in batches spends one
    commit and one fsync per blob directory on many files instead of on each.
    A file fetched but not yet recorded when the process dies is fetched again
    (and, if it was moved into place, found there) by the next sync.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._pending: list[Outcome] = []
        self.failures: list[tuple[str, str]] = []
        """Files that could not be made durable (file id, reason), since last taken."""

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, outcome: Outcome) -> None:
        self._pending.append(outcome)

    @staticmethod
    def discard(outcome: Outcome) -> None:
        """An outcome that will not be recorded: its waiting file goes."""
        if isinstance(outcome, Fetched) and outcome.incoming is not None:
            outcome.incoming.unlink(missing_ok=True)

    def flush(self) -> dict[str, int]:
        """Record what is pending; returns each file's current version id."""
        pending, self._pending = self._pending, []
        durable = self._make_durable(pending)
        fetched = [outcome for outcome in durable if isinstance(outcome, Fetched)]
        self._store.blobs.sync_directories(outcome.sha256 for outcome in fetched)
        versions = {}
        with self._store.db.write() as db:
            for outcome in durable:
                versions[outcome.file_id] = _record(db, outcome)
        return versions

    def _make_durable(self, pending: list[Outcome]) -> list[Outcome]:
        """fsync the waiting files (all first: a journal commits them together),
        then move them into the blob store."""
        durable: list[Outcome] = []
        waiting: list[Fetched] = []
        for outcome in pending:
            if isinstance(outcome, Fetched) and outcome.incoming is not None:
                try:
                    _fsync_path(outcome.incoming)
                except OSError as error:
                    self._fail(outcome, error)
                    continue
                waiting.append(outcome)
            else:
                durable.append(outcome)
        for outcome in waiting:
            assert outcome.incoming is not None
            try:
                self._store.blobs.adopt(outcome.incoming, outcome.sha256, sync_directory=False)
            except OSError as error:
                self._fail(outcome, error)
                continue
            durable.append(outcome)
        return durable

    def _fail(self, outcome: Fetched, error: OSError) -> None:
        self.discard(outcome)
        self.failures.append((outcome.file_id, f"could not write the file: {error.strerror}"))


def _record(db: sql.Connection, outcome: Outcome) -> int:
    if isinstance(outcome, Confirmed):
        db.execute(
            "UPDATE file_version SET source_modified = ? WHERE id = ?",
            (outcome.modified, outcome.version_id),
        )
        return outcome.version_id
    return record_file_version(
        db,
        outcome.file_id,
        outcome.sha256,
        outcome.size,
        outcome.modified,
        sha512=outcome.sha512,
        etag=outcome.etag,
    )


def download(
    client: OParlClient, store: Store, wanted: FileToFetch, limit: int = DEFAULT_MAX_FILE_BYTES
) -> int:
    """Fetch, verify and record one file now; returns the id of its current version."""
    recorder = VersionRecorder(store)
    recorder.add(fetch(client, store, wanted, limit))
    versions = recorder.flush()
    if recorder.failures:
        raise DownloadError(recorder.failures[0][1])
    return versions[wanted.file_id]
