"""Faults on the wire, per test and per URL pattern, for a bounded number of requests.

    server.faults.add(ErrorStatus(503, retry_after=1), "*/meeting*", times=2)
    server.faults.add(ConnectionReset(), "file/*/download/*")          # once
    server.faults.add(SlowDrip(interval=0.05), "file/*", times=None)   # always

Patterns are globs over the request path without its leading slash (``body/1/meeting``)
or compiled regular expressions searched in the path with its query
(``body/1/meeting?page=2``). The first rule that matches and has tries left is
used; ``skip`` lets that many matching requests through first. No response is held
back longer than :data:`MAX_DELAY` seconds in all, and :meth:`FaultPlan.clear`
releases any that are waiting, so the server stays usable afterwards.
"""

from __future__ import annotations

import errno
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import ClassVar, Final, Literal

from tests.oparl_server.http import JSON_TYPE, Request, Response, error_response

MAX_DELAY: Final = 5.0
CAPTIVE_PORTAL_PAGE: Final = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Logga in – Gästnätet</title></head>
<body><form method="post" action="/login">
<h1>Välkommen till kommunens gästnät</h1>
<p>Godkänn villkoren för att fortsätta till internet.</p>
<button type="submit">Godkänn och anslut</button>
</form></body></html>
"""


class Budget:
    """The time one response may still be held back; sleeps end early on release."""

    def __init__(self, release: threading.Event, seconds: float = MAX_DELAY) -> None:
        self.release = release
        self.deadline = time.monotonic() + seconds

    def sleep(self, seconds: float) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining > 0 and seconds > 0:
            self.release.wait(min(seconds, remaining))


@dataclass(frozen=True)
class FaultContext:
    request: Request
    budget: Budget
    reset_connection: Callable[[], None]  # makes the coming close a TCP reset


def _body_length(response: Response) -> tuple[int, list[bytes] | None]:
    """The body's length, from Content-Length or by reading it (then returned)."""
    declared = response.header("Content-Length")
    if declared is not None:
        return int(declared), None
    chunks = list(response.chunks)
    return sum(len(chunk) for chunk in chunks), chunks


def _first_bytes(chunks: Iterable[bytes], count: int) -> Iterator[bytes]:
    sent = 0
    for chunk in chunks:
        if sent >= count:
            return
        piece = chunk[: count - sent]
        sent += len(piece)
        yield piece


class Fault:
    """What happens to a response; subclasses override :meth:`apply`."""

    name: ClassVar[str] = "fault"

    def apply(self, response: Response, context: FaultContext) -> Response:
        raise NotImplementedError


@dataclass(frozen=True)
class ConnectionReset(Fault):
    """Send the headers and ``fraction`` of the body, then reset the connection (RST)."""

    fraction: float = 0.5
    name: ClassVar[str] = "connection-reset"

    def apply(self, response: Response, context: FaultContext) -> Response:
        length, read = _body_length(response)
        chunks = read if read is not None else response.chunks
        response.chunks = self._then_reset(chunks, int(length * self.fraction), context)
        return response

    @staticmethod
    def _then_reset(chunks: Iterable[bytes], count: int, context: FaultContext) -> Iterator[bytes]:
        yield from _first_bytes(chunks, count)
        context.reset_connection()
        raise ConnectionResetError(errno.ECONNRESET, "connection reset by the fault plan")


@dataclass(frozen=True)
class TruncatedBody(Fault):
    """Send only ``fraction`` of the body, then close the connection cleanly.

    ``content_length="full"`` keeps the Content-Length of the whole body (the
    client sees the connection end early); ``"sent"`` declares exactly what is sent,
    so the HTTP exchange looks complete and only size or checksum can tell.
    """

    fraction: float = 0.5
    content_length: Literal["full", "sent"] = "full"
    name: ClassVar[str] = "truncated-body"

    def apply(self, response: Response, context: FaultContext) -> Response:
        length, read = _body_length(response)
        count = int(length * self.fraction)
        chunks = _first_bytes(read if read is not None else response.chunks, count)
        if self.content_length == "sent":
            response.set_header("Content-Length", str(count))
            response.chunks = chunks
        else:
            response.set_header("Content-Length", str(length))
            response.chunks = self._then_close(chunks)
        return response

    @staticmethod
    def _then_close(chunks: Iterable[bytes]) -> Iterator[bytes]:
        yield from chunks
        raise ConnectionAbortedError(errno.ECONNABORTED, "body cut short by the fault plan")


@dataclass(frozen=True)
class WrongContent(Fault):
    """Serve other bytes than declared: same length, one byte in the middle changed,
    so size matches and checksums do not."""

    name: ClassVar[str] = "wrong-content"

    def apply(self, response: Response, context: FaultContext) -> Response:
        length, read = _body_length(response)
        chunks = read if read is not None else response.chunks
        response.chunks = self._flip(chunks, length // 2)
        return response

    @staticmethod
    def _flip(chunks: Iterable[bytes], position: int) -> Iterator[bytes]:
        offset = 0
        for chunk in chunks:
            if offset <= position < offset + len(chunk):
                changed = bytearray(chunk)
                changed[position - offset] ^= 0x01
                chunk = bytes(changed)
            offset += len(chunk)
            yield chunk


@dataclass(frozen=True)
class Slow(Fault):
    """Wait ``delay`` seconds (at most :data:`MAX_DELAY`) before answering."""

    delay: float = 1.0
    name: ClassVar[str] = "slow"

    def apply(self, response: Response, context: FaultContext) -> Response:
        context.budget.sleep(self.delay)
        return response


@dataclass(frozen=True)
class SlowDrip(Fault):
    """Send the body in ``chunk_size`` pieces with ``interval`` seconds between them;
    once :data:`MAX_DELAY` is used up the rest goes out at once."""

    chunk_size: int = 1024
    interval: float = 0.05
    name: ClassVar[str] = "slow-drip"

    def apply(self, response: Response, context: FaultContext) -> Response:
        response.chunks = self._drip(response.chunks, context.budget)
        return response

    def _drip(self, chunks: Iterable[bytes], budget: Budget) -> Iterator[bytes]:
        first = True
        for chunk in chunks:
            for start in range(0, len(chunk), self.chunk_size):
                if not first:
                    budget.sleep(self.interval)
                first = False
                yield chunk[start : start + self.chunk_size]


@dataclass(frozen=True)
class ErrorStatus(Fault):
    """Answer ``status`` with the HTML error page of a proxy, and ``Retry-After``
    (seconds or an HTTP date) when given."""

    status: int = 503
    retry_after: int | str | None = None
    name: ClassVar[str] = "error-status"

    def apply(self, response: Response, context: FaultContext) -> Response:
        page = f"<html><body><h1>{self.status}</h1><p>nginx</p></body></html>\n".encode()
        headers = [("Content-Type", "text/html"), ("Content-Length", str(len(page)))]
        if self.retry_after is not None:
            headers.append(("Retry-After", str(self.retry_after)))
        return Response(self.status, headers, [page])


@dataclass(frozen=True)
class TooManyRequests(ErrorStatus):
    """HTTP 429 with ``Retry-After``."""

    status: int = 429
    retry_after: int | str | None = 1
    name: ClassVar[str] = "too-many-requests"


@dataclass(frozen=True)
class MalformedJson(Fault):
    """Status 200 and a JSON content type, but the body breaks off mid-structure."""

    name: ClassVar[str] = "malformed-json"

    def apply(self, response: Response, context: FaultContext) -> Response:
        body = b"".join(response.chunks)
        broken = body[: max(1, len(body) // 2)]
        headers = [("Content-Type", JSON_TYPE), ("Content-Length", str(len(broken)))]
        return Response(200, headers, [broken])


@dataclass(frozen=True)
class CaptivePortal(Fault):
    """A network's sign-in page (200, text/html) instead of whatever was asked for."""

    name: ClassVar[str] = "captive-portal"

    def apply(self, response: Response, context: FaultContext) -> Response:
        page = CAPTIVE_PORTAL_PAGE.encode()
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))]
        return Response(200, headers, [page])


@dataclass(frozen=True)
class NotFound(Fault):
    """HTTP 404 with an OParl Error object, though lists reference the object."""

    name: ClassVar[str] = "not-found"

    def apply(self, response: Response, context: FaultContext) -> Response:
        return error_response(404, "Objektet finns inte", context.request.target)


@dataclass
class FaultRule:
    """One configured fault; ``applied`` counts the responses it spoiled."""

    fault: Fault
    pattern: str | re.Pattern[str]
    times: int | None = 1
    skip: int = 0
    matched: int = 0
    applied: int = 0

    def matches(self, request: Request) -> bool:
        if isinstance(self.pattern, re.Pattern):
            return self.pattern.search(request.target.lstrip("/")) is not None
        return fnmatchcase(request.path, self.pattern.lstrip("/"))

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.applied >= self.times


@dataclass
class FaultPlan:
    """The faults of one server; thread-safe."""

    rules: list[FaultRule] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _release: threading.Event = field(default_factory=threading.Event, repr=False)

    def add(
        self,
        fault: Fault,
        path: str | re.Pattern[str] = "*",
        *,
        times: int | None = 1,
        skip: int = 0,
    ) -> FaultRule:
        """Spoil the first ``times`` matching requests after ``skip`` (None: all)."""
        rule = FaultRule(fault, path, times, skip)
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule and release responses still being held back."""
        with self._lock:
            self.rules.clear()
            self._release.set()
            self._release = threading.Event()

    def pick(self, request: Request) -> tuple[Fault, Budget] | None:
        with self._lock:
            for rule in self.rules:
                if rule.exhausted or not rule.matches(request):
                    continue
                rule.matched += 1
                if rule.matched <= rule.skip:
                    return None
                rule.applied += 1
                return rule.fault, Budget(self._release)
        return None


def connection_resetter(start_response: object) -> Callable[[], None]:
    """A function that resets this request's connection at once (a TCP RST).

    cheroot passes its gateway's bound ``start_response``; through it the
    connection and its socket can be reached. Closing the socket with a zero linger
    time sends the reset; ``linger = True`` keeps cheroot from shutting the closed
    socket down again. Without those internals the fault ends in a plain close.
    """
    gateway = getattr(start_response, "__self__", None)
    connection = getattr(getattr(gateway, "req", None), "conn", None)
    sock = getattr(connection, "socket", None)

    def reset() -> None:
        if isinstance(sock, socket.socket) and sock.fileno() >= 0:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.linger = True  # type: ignore[union-attr]
            sock.close()

    return reset
