"""``meetingapp --selftest``: a headless check of an installed or frozen program.

A frozen build can break where the source tree cannot: a module the freezer did
not see, a resource left out, a worker process that cannot be spawned from the
executable, a keyring backend whose entry point was lost. So the check walks the
paths a first start takes, in a temporary data directory, without a window:

1. the bundled resources are there (translations, icon, the demo publication);
2. the demo is generated (in a spawned child process) and synced, as at a first
   start without a source;
3. a page of a synced document is opened, read and rendered in the render worker;
4. an annotation on that page's first word is written through the user data
   writer and read back from the database;
5. the keyring: the backend this platform needs is present in the program, and
   the one keyring chose is named. An insecure choice (keyring's ``fail``
   backend on a machine without a Secret Service, say) is reported, not failed:
   the program refuses to store secrets there, which is its correct behaviour.

The outcome is one line on standard output and the exit status (0 passed, 1 a
check failed); each step's own line goes to standard error as it finishes.
"""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

from meetingapp import __version__
from meetingapp.core.context import AppContext
from meetingapp.core.packet.library import Document
from meetingapp.core.render import RenderWorker, Word
from meetingapp.net.credentials import CredentialStore
from meetingapp.runtime.paths import resources_dir, translations_dir
from meetingapp.store import StoreKeys, sealed, sql
from meetingapp.store.annotations import Annotation, Geometry, Kind, TextQuote

EXIT_PASSED: Final = 0
EXIT_FAILED: Final = 1

OPARL_SYSTEM: Final = "https://schema.oparl.org/1.1/System"

PLATFORM_KEYRINGS: Final = {
    "linux": ("keyring.backends.SecretService.Keyring", ("secretstorage", "jeepney")),
    "darwin": ("keyring.backends.macOS.Keyring", ("keyring.backends.macOS.api",)),
    "win32": ("keyring.backends.Windows.WinVaultKeyring", ("win32ctypes.pywin32.win32cred",)),
}
"""The OS keyring backend each platform needs (``module.Class``), and the modules it
imports only if they are there (a missing one makes the backend silently unusable)."""


class SelftestError(Exception):
    """A check found the program broken; the message says what is wrong."""


@dataclass
class _Run:
    """What the steps hand on to each other."""

    context: AppContext
    document: Document | None = None
    words: list[Word] = field(default_factory=list)


Step = Callable[[_Run], str]


def run_selftest(out: TextIO | None = None, log: TextIO | None = None) -> int:
    """Run every check in a temporary data directory; returns the exit status."""
    out = out or sys.stdout
    log = log or sys.stderr
    started = time.perf_counter()
    frozen = "frozen" if getattr(sys, "frozen", False) else "not frozen"
    prefix = f"meetingapp {__version__} selftest ({frozen})"
    with tempfile.TemporaryDirectory(prefix="meetingapp-selftest-") as temporary:
        try:
            details = _run_steps(Path(temporary) / "data", log)
        except Exception as error:  # any failure is the outcome being reported
            print(f"{prefix} FAILED: {_describe(error)}", file=out, flush=True)
            return EXIT_FAILED
    elapsed = time.perf_counter() - started
    print(f"{prefix} passed in {elapsed:.1f} s: {'; '.join(details)}", file=out, flush=True)
    return EXIT_PASSED


def _run_steps(data_dir: Path, log: TextIO) -> list[str]:
    steps: tuple[tuple[str, Step], ...] = (
        ("resources", _check_resources),
        ("sync", _sync_demo),
        ("render", _render_page),
        ("annotation", _write_and_read_annotation),
        ("encryption", _check_encryption),
        ("keyring", _check_keyring),
    )
    context = AppContext(data_dir, StoreKeys.generate())
    run = _Run(context)
    details: list[str] = []
    try:
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step(run)
            except Exception as error:
                raise SelftestError(f"{name}: {_describe(error)}") from error
            details.append(f"{name}: {detail}")
            print(f"  {name}: {detail} ({time.perf_counter() - started:.2f} s)", file=log)
    finally:
        context.close()
    return details


def _describe(error: BaseException) -> str:
    if isinstance(error, SelftestError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _check_resources(_run: _Run) -> str:
    wanted = (
        translations_dir() / "meetingapp_en.qm",
        resources_dir() / "icons" / "meetingapp.svg",
        resources_dir() / "demo" / "system.json",
    )
    missing = [str(path) for path in wanted if not path.is_file()]
    if missing:
        raise SelftestError(f"missing {', '.join(missing)}")
    system = json.loads(wanted[-1].read_text(encoding="utf-8"))
    if system.get("type") != OPARL_SYSTEM:
        raise SelftestError(f"{wanted[-1]} is not an OParl System")
    return f"translations, icon and demo under {resources_dir()}"


def _sync_demo(run: _Run) -> str:
    results = run.context.sync()  # no source: the demo is generated, then synced
    failed = [failure for result in results for failure in result.failed_files]
    if failed:
        raise SelftestError(f"{len(failed)} documents not fetched, first {failed[0]}")
    counts = run.context.library.counts()
    if not counts["meetings"] or counts["downloaded_files"] != counts["files"]:
        raise SelftestError(f"the demo did not arrive whole: {counts}")
    run.document = _first_pdf(run.context)
    meetings, documents = counts["meetings"], counts["downloaded_files"]
    return f"demo generated and synced, {meetings} meetings, {documents} documents"


def _first_pdf(context: AppContext) -> Document:
    for meeting in context.library.meetings():
        for document in context.library.meeting_documents(meeting.id):
            if document.is_pdf and document.local_path is not None:
                return document
    raise SelftestError("no PDF of a meeting is on this machine after the sync")


def _check_encryption(run: _Run) -> str:
    """The database and every blob on disk are encrypted, and read back whole."""
    store = run.context.store
    if sql.is_plain_database(store.db.path):
        raise SelftestError("the database is stored in the clear")
    blobs = [path for path in (store.blobs.root / "objects").rglob("*") if path.is_file()]
    plain = [path.name for path in blobs if not sealed.is_sealed(path)]
    if not blobs or plain:
        raise SelftestError(f"{len(plain)} of {len(blobs)} stored documents are not sealed")
    rows = store.db.read().execute("SELECT blob_sha256 FROM file_version").fetchall()
    damaged = [row[0] for row in rows if not store.blobs.verify(row[0])]
    if damaged:
        raise SelftestError(f"{len(damaged)} stored documents do not read back whole")
    version = store.db.read().execute("PRAGMA cipher_version").fetchone()[0]
    return f"database (SQLCipher {version}) and {len(blobs)} sealed documents"


def _render_page(run: _Run) -> str:
    document = _required_document(run)
    path = _required_path(document)
    with RenderWorker(timeout=60.0, blob_key=run.context.store.blobs.key) as worker:
        info = worker.open_document(path, file_type=document.file_type)
        page = worker.render_page(path, 0, 1.0, file_type=document.file_type)
        run.words = worker.page_words(path, 0, file_type=document.file_type)
    if not page.width or not page.height or page.samples.count(255) == len(page.samples):
        raise SelftestError(f"page 1 of {document.name!r} rendered blank")
    if not run.words:
        raise SelftestError(f"page 1 of {document.name!r} has no words")
    return (
        f"page 1 of {info.page_count} of {document.name!r} rendered "
        f"{page.width}×{page.height}, {len(run.words)} words"
    )


def _write_and_read_annotation(run: _Run) -> str:
    document = _required_document(run)
    word = run.words[0]
    annotation = Annotation.new(
        document.file_id,
        document.version_id,
        Kind.HIGHLIGHT,
        0,
        Geometry(rects=(word.rect,)),
        colour="#ffd400",
        quote=TextQuote(word.text, start=0),
        comment="Självtest",
    )
    run.context.user_data.save(annotation)
    if not run.context.writer.flush(timeout=10.0):
        raise SelftestError("the annotation was not written within 10 s")
    stored = run.context.user_data.load(document.file_id)
    if stored != [annotation]:
        raise SelftestError(f"read back {stored!r}, wrote {annotation!r}")
    return f"highlight of {word.text!r} written and read back"


def _check_keyring(_run: _Run) -> str:
    """The platform's OS keyring backend must be in the program, with the modules it
    needs; whether it can be used here depends on the session (a desktop login,
    D-Bus, an unlocked keychain), so that is reported, not failed."""
    from keyring.backend import KeyringBackend, get_all_keyring

    get_all_keyring()  # loads keyring's backends as its detection does (entry points)
    credentials = CredentialStore()
    in_use = credentials.describe_backend()  # keyring's own detection, entry points included
    verdict = "secrets are kept there" if credentials.is_secure() else "secrets are refused"
    wanted = PLATFORM_KEYRINGS.get(sys.platform)
    if wanted is None:
        return f"in use: {in_use} ({verdict})"
    class_path, modules = wanted
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as error:
            raise SelftestError(
                f"{class_path} needs {module}, which is missing: {error}"
            ) from error
    backends = {f"{cls.__module__}.{cls.__qualname__}": cls for cls in KeyringBackend._classes}
    backend = backends.get(class_path)
    if backend is None:
        raise SelftestError(f"keyring does not know {class_path}: its backends were not found")
    try:
        usable = f"usable (priority {backend.priority})"
    except Exception as error:  # keyring's way of saying a backend cannot be used here
        usable = f"not usable here ({error})"
    name = class_path.removeprefix("keyring.backends.")
    return f"{name} present, {usable}; in use: {in_use} ({verdict})"


def _required_document(run: _Run) -> Document:
    if run.document is None:
        raise SelftestError("no document to work on")
    return run.document


def _required_path(document: Document) -> Path:
    if document.local_path is None:
        raise SelftestError(f"{document.name!r} is not on this machine")
    return document.local_path
