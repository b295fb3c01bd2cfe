"""The test suite's OParl server, run in a child process for the benchmarks.

Served from the benchmark's own process, the server would compete with the
client under measurement for one interpreter lock, and every figure would say as
much about that contention as about the client. In a child process it shares
only the machine, as a real server on the network shares nothing at all.

The parent steers it over a pipe: read and reset the request log, move the
server's clock on.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from typing import Any

from tests.oparl_server import Dataset, OParlServer
from tests.servers import serve


@dataclass(frozen=True)
class Shape:
    """The size of the generated municipality."""

    meetings: int
    files_per_meeting: int
    file_size: int

    def label(self) -> str:
        files = self.meetings * self.files_per_meeting
        return f"{self.meetings:,} meetings, {files:,} files"


@dataclass(frozen=True)
class Logged:
    """One request the server answered (what the benchmarks read of the log)."""

    path: str
    query: str
    status: int


@dataclass(frozen=True)
class _Ready:
    endpoint: str
    host_url: str
    file_count: int


def _serve_forever(shape: Shape, now: datetime, static: bool, pipe: Connection) -> None:
    """The child: generate, serve, answer commands until told to stop."""
    dataset = Dataset.generate(
        meetings=shape.meetings,
        files_per_meeting=shape.files_per_meeting,
        file_size=shape.file_size,
        now=now,
    )
    dataset.total_file_bytes()  # makes the PDF templates and checksums once, up front
    server = OParlServer(dataset, static=static, cache_pages=True)
    with serve(server) as host_url:
        pipe.send(_Ready(server.endpoint(host_url), host_url, len(dataset.keys("File"))))
        while True:
            command, argument = pipe.recv()
            if command == "stop":
                return
            pipe.send(_answer(server, command, argument))


def _answer(server: OParlServer, command: str, argument: Any) -> Any:
    if command == "advance":
        return server.dataset.clock.advance(minutes=argument)
    if command == "now":
        return server.dataset.clock.now()
    if command == "reset_log":
        server.log.reset()
        return None
    if command == "log":
        return [Logged(e.path, e.query, e.status) for e in server.log.entries]
    raise ValueError(f"unknown command {command!r}")


class ServedSite:
    """A generated municipality served from a child process on loopback."""

    def __init__(self, pipe: Connection, ready: _Ready) -> None:
        self._pipe = pipe
        self.endpoint = ready.endpoint
        self.host_url = ready.host_url
        self.file_count = ready.file_count

    def _ask(self, command: str, argument: Any = None) -> Any:
        self._pipe.send((command, argument))
        return self._pipe.recv()

    def now(self) -> datetime:
        answer: datetime = self._ask("now")
        return answer

    def advance(self, minutes: float) -> None:
        """Time passes on the server."""
        self._ask("advance", minutes)

    def reset_log(self) -> None:
        self._ask("reset_log")

    def log(self) -> list[Logged]:
        entries: list[Logged] = self._ask("log")
        return entries

    def status_counts(self) -> Counter[int]:
        return Counter(entry.status for entry in self.log())


@contextmanager
def served(shape: Shape, now: datetime, *, static: bool = False) -> Iterator[ServedSite]:
    """Serve a municipality of ``shape`` around ``now`` until the block ends."""
    context = multiprocessing.get_context("spawn")
    parent_end, child_end = context.Pipe()
    child = context.Process(
        target=_serve_forever, args=(shape, now, static, child_end), daemon=True
    )
    child.start()
    child_end.close()  # so a child that dies early ends the parent's wait
    try:
        yield ServedSite(parent_end, parent_end.recv())
    finally:
        with suppress(BrokenPipeError, OSError):
            parent_end.send(("stop", None))
        child.join(timeout=30)
        if child.is_alive():
            child.kill()
            child.join()
