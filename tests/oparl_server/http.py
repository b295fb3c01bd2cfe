"""HTTP plumbing of the test server: requests, responses, validators, ranges, auth, log."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import json
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from http import HTTPStatus
from typing import Any, Final
from urllib.parse import parse_qs

JSON_TYPE: Final = "application/json; charset=utf-8"
_RANGE: Final = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # without the leading slash, as sent (percent-decoded)
    query: str
    headers: Mapping[str, str]  # lower-case names
    host_url: str  # scheme://host:port/

    @classmethod
    def from_environ(cls, environ: Mapping[str, Any]) -> Request:
        headers = {
            name[5:].replace("_", "-").lower(): str(value)
            for name, value in environ.items()
            if name.startswith("HTTP_")
        }
        path = str(environ.get("PATH_INFO", "/"))
        path = path.encode("latin-1").decode("utf-8", errors="replace").lstrip("/")
        host = headers.get("host") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        return cls(
            method=str(environ.get("REQUEST_METHOD", "GET")).upper(),
            path=path,
            query=str(environ.get("QUERY_STRING", "")),
            headers=headers,
            host_url=f"{environ.get('wsgi.url_scheme', 'http')}://{host}/",
        )

    @property
    def params(self) -> dict[str, list[str]]:
        return parse_qs(self.query, keep_blank_values=True)

    @property
    def target(self) -> str:
        return f"/{self.path}?{self.query}" if self.query else f"/{self.path}"


@dataclass
class Response:
    """A response before it is sent; ``chunks`` is produced lazily."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    chunks: Iterable[bytes] = ()
    fault: str | None = None

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def set_header(self, name: str, value: str) -> None:
        self.headers = [(key, val) for key, val in self.headers if key.lower() != name.lower()]
        self.headers.append((name, value))

    @property
    def status_line(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"


def http_date(moment: datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(UTC), usegmt=True)


def parse_http_date(value: str) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def strong_etag(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return '"' + hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:24] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2), as for GET."""
    wanted = etag.removeprefix("W/")
    candidates = (item.strip().removeprefix("W/") for item in header.split(","))
    return any(item in ("*", wanted) for item in candidates)


def not_modified(request: Request, etag: str, last_modified: datetime) -> bool:
    """Whether a conditional GET may be answered 304 (If-None-Match wins, RFC 9110 13.2.2)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    since = parse_http_date(request.headers.get("if-modified-since", ""))
    return since is not None and last_modified.replace(microsecond=0) <= since


def validators(etag: str, last_modified: datetime) -> list[tuple[str, str]]:
    return [("ETag", etag), ("Last-Modified", http_date(last_modified))]


def not_modified_response(etag: str, last_modified: datetime) -> Response:
    return Response(304, validators(etag, last_modified))


class RangeNotSatisfiableError(ValueError):
    """The requested range starts beyond the end (answered 416)."""


def byte_range(request: Request, size: int, etag: str) -> tuple[int, int] | None:
    """The requested (start, stop) of a single range, or None for the whole body.

    An ``If-Range`` that does not match, several ranges or a malformed header ask
    for the whole body (a server may ignore Range, RFC 9110 14.2).
    """
    header = request.headers.get("range")
    if header is None:
        return None
    if_range = request.headers.get("if-range")
    if if_range is not None and if_range.strip() != etag:
        return None
    match = _RANGE.match(header.strip())
    if match is None or match[1] == match[2] == "":
        return None
    if match[1] == "":
        start, stop = max(0, size - int(match[2])), size
    else:
        start = int(match[1])
        stop = min(size, int(match[2]) + 1) if match[2] else size
    if start >= size or start >= stop:
        raise RangeNotSatisfiableError(header)
    return start, stop


def error_object(message: str, debug: str = "", version: str = "1.1") -> dict[str, str]:
    return {
        "type": f"https://schema.oparl.org/{version}/Error",
        "message": message,
        "debug": debug,
    }


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(status: int, value: Any) -> Response:
    body = json_bytes(value)
    headers = [("Content-Type", JSON_TYPE), ("Content-Length", str(len(body)))]
    return Response(status, headers, [body])


def error_response(status: int, message: str, debug: str = "") -> Response:
    return json_response(status, error_object(message, debug))


@dataclass(frozen=True)
class Auth:
    """``("basic", user, password)`` or ``("bearer", token)``."""

    scheme: str
    secret: str  # the expected credentials after the scheme name

    @classmethod
    def from_spec(cls, spec: tuple[str, ...]) -> Auth:
        if spec[0] == "basic" and len(spec) == 3:
            token = base64.b64encode(f"{spec[1]}:{spec[2]}".encode()).decode()
            return cls("Basic", token)
        if spec[0] == "bearer" and len(spec) == 2:
            return cls("Bearer", spec[1])
        raise ValueError(f"unknown auth {spec[0]!r}: use ('basic', user, pw) or ('bearer', token)")

    def refusal(self, request: Request) -> Response | None:
        """None when the request may pass, else the 401 to send."""
        given = request.headers.get("authorization", "")
        scheme, _, credentials = given.partition(" ")
        if scheme.lower() == self.scheme.lower() and hmac.compare_digest(
            credentials.strip().encode(), self.secret.encode()
        ):
            return None
        challenge = f'{self.scheme} realm="OParl"'
        if given and self.scheme == "Bearer":
            challenge += ', error="invalid_token"'
        response = error_response(401, "Inloggning krävs", "missing or wrong credentials")
        response.headers.append(("WWW-Authenticate", challenge))
        return response


@dataclass
class LoggedRequest:
    method: str
    path: str  # with the leading slash
    query: str
    headers: Mapping[str, str]
    status: int = 0
    bytes_sent: int = 0
    fault: str | None = None


class RequestLog:
    """Every request the server answered, for tests to inspect; thread-safe."""

    def __init__(self) -> None:
        self._entries: list[LoggedRequest] = []
        self._lock = threading.Lock()

    def add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()

    def matching(self, path: str = "*", *, status: int | None = None) -> list[LoggedRequest]:
        """Entries whose path matches the glob ``path`` (and ``status`` if given)."""
        return [
            entry
            for entry in self.entries
            if fnmatchcase(entry.path, path) and status in (None, entry.status)
        ]

    def count(self, path: str = "*", *, status: int | None = None) -> int:
        return len(self.matching(path, status=status))

    def status_counts(self) -> Counter[int]:
        return Counter(entry.status for entry in self.entries)

    def bytes_sent(self) -> int:
        return sum(entry.bytes_sent for entry in self.entries)


def counted(chunks: Iterable[bytes], entry: LoggedRequest) -> Iterator[bytes]:
    """Pass chunks on, counting them into the log entry before each is sent."""
    for chunk in chunks:
        entry.bytes_sent += len(chunk)
        yield chunk
