"""The one way the user's own writing reaches the disk: annotations, notes, stars.

What the user writes must be stored in the order it was written (a note saved
twice in quick succession must end with the later text) and must not wait on the
GUI thread for fsync. :class:`UserDataWriter` is a single thread that runs the
writes in order, each as one transaction; a write that fails (a full disk, a
locked database) is kept at the head of the queue and tried again with growing
pauses, the writes behind it waiting their turn, so nothing is lost or reordered
while the user is told. The program flushes the queue before it closes. Each write
says what it changes (a :class:`~meetingapp.core.events.Change`); once it is
committed the writer hands that to its ``on_committed`` hook (the context's feed).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from meetingapp.core.events import Change
from meetingapp.store import Database, sql
from meetingapp.store.annotations import (
    Annotation,
    annotations_of_file,
    delete_annotation,
    save_annotation,
)
from meetingapp.store.notes import NoteKind, save_note, set_flag

Write = Callable[[sql.Connection], object]
ProblemCallback = Callable[[Exception | None], None]
"""Told of a failing write (the error), and again with None once writes succeed."""
CommittedCallback = Callable[[Change], None]
"""Told, on the writer thread, what a committed write changed."""

READ_BACK_WAIT: Final = 0.25
"""Seconds a screen waits for the queued writes before reading the user's data back;
short, so a write that keeps failing (a full disk) does not freeze the window."""
RETRY_PAUSES: Final = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
"""Seconds between tries of a failing write; the last pause repeats."""

_log = logging.getLogger(__name__)


@dataclass
class _Job:
    write: Write
    on_done: Callable[[], None] | None
    changes: Change = Change.NONE


_STOP: Final = object()


class UserDataWriter:
    """Runs the user's writes in order on a thread of its own."""

    def __init__(
        self,
        db: Database,
        on_problem: ProblemCallback | None = None,
        on_committed: CommittedCallback | None = None,
    ) -> None:
        self._db = db
        self.on_problem = on_problem
        """May be set later (the window sets it); called on the writer thread."""
        self.on_committed = on_committed
        """Told what each committed write changed; called on the writer thread."""
        self._queue: queue.Queue[_Job | object] = queue.Queue()
        self._idle = threading.Condition()
        self._pending = 0
        self._wake = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="user-data-writer", daemon=True)
        self._thread.start()

    def submit(
        self,
        write: Write,
        on_done: Callable[[], None] | None = None,
        changes: Change = Change.NONE,
    ) -> None:
        """Queue ``write(connection)``, to run in a transaction of its own after every
        write submitted before it; once it is committed, ``on_committed`` is told
        ``changes`` and ``on_done`` runs, both on the writer thread."""
        if self._closed:
            raise RuntimeError("the user data writer is closed")
        with self._idle:
            self._pending += 1
        self._queue.put(_Job(write, on_done, changes))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every submitted write is committed; False if that took too long
        (a write keeps failing)."""
        self._wake.set()  # a write waiting to be tried again is tried now
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    @property
    def pending(self) -> int:
        with self._idle:
            return self._pending

    def close(self, timeout: float = 10.0) -> bool:
        """Flush, then stop the thread; returns whether everything was written."""
        flushed = self.flush(timeout)
        self._closed = True
        self._wake.set()
        self._queue.put(_STOP)
        self._thread.join(timeout)
        return flushed

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is _STOP:
                return
            assert isinstance(job, _Job)
            self._run_until_written(job)
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def _run_until_written(self, job: _Job) -> None:
        failures = 0
        while True:
            try:
                with self._db.write() as connection:
                    job.write(connection)
            except sql.IntegrityError as error:
                # A constraint fails the same way every time: waiting cannot make it
                # pass, and retrying would hold up every later write behind it.
                _log.error("A write of the user's data was refused and dropped: %s", error)
                if failures:
                    self._report(None)
                return
            except (sql.Error, OSError) as error:
                if self._closed and self._db.closed:
                    _log.error("A write of the user's data was lost at close: %s", error)
                    return
                self._report(error)
                pause = RETRY_PAUSES[min(failures, len(RETRY_PAUSES) - 1)]
                failures += 1
                self._wake.wait(pause)
                self._wake.clear()
                continue
            if failures:
                self._report(None)
            self._tell_committed(job)
            return

    def _tell_committed(self, job: _Job) -> None:
        if job.changes and self.on_committed is not None:
            try:
                self.on_committed(job.changes)
            except Exception:
                _log.exception("Cannot tell what a write of the user's data changed")
        if job.on_done is not None:
            try:
                job.on_done()
            except Exception:
                _log.exception("A callback after a write failed")

    def _report(self, error: Exception | None) -> None:
        if error is not None:
            _log.warning("Cannot store the user's data yet, trying again: %s", error)
        if self.on_problem is not None:
            try:
                self.on_problem(error)
            except Exception:  # the window that listened is gone: the writing goes on
                _log.exception("Cannot report a problem with storing the user's data")


class UserData:
    """The user's annotations, notes and stars: read from the store, written in order
    through the writer (the screens never wait for the disk)."""

    def __init__(self, db: Database, writer: UserDataWriter) -> None:
        self._db = db
        self.writer = writer

    def load(self, file_id: str) -> list[Annotation]:
        """A document's annotations, whatever version they sit on."""
        self.writer.flush(timeout=READ_BACK_WAIT)  # what was just written is read back
        return annotations_of_file(self._db.read(), file_id)

    def save(self, annotation: Annotation) -> None:
        self.writer.submit(lambda db: save_annotation(db, annotation), changes=Change.ANNOTATIONS)

    def delete(self, uid: str) -> None:
        self.writer.submit(lambda db: delete_annotation(db, uid), changes=Change.ANNOTATIONS)

    def save_note(self, object_id: str, kind: NoteKind, body: str) -> None:
        self.writer.submit(lambda db: save_note(db, object_id, kind, body), changes=Change.NOTES)

    def set_flag(self, object_id: str, flagged: bool) -> None:
        self.writer.submit(lambda db: set_flag(db, object_id, flagged), changes=Change.STARS)
