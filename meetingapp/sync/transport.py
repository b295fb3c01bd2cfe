"""HTTP session policy: timeouts, retries, TLS, and file:// through the same code.

Every request made by the sync goes through a :class:`requests.Session` built by
:func:`build_session`: urllib3's ``Retry`` handles connection errors, 429 and 5xx
with exponential backoff (honouring ``Retry-After``), every call has explicit
connect and read timeouts, and TLS verification is always on. ``file://`` URLs
(the bundled demo, a publication on a network share) are answered by
:class:`LocalFileAdapter`, which speaks enough HTTP (status codes, ``ETag``,
``Last-Modified``, conditional GET) that the sync cannot tell the difference.
"""

from __future__ import annotations

import email.utils
import io
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.util.retry import Retry

from meetingapp import APP_NAME, __version__

USER_AGENT: Final = f"{APP_NAME}/{__version__} (meetingapp)"


@dataclass(frozen=True)
class TransportPolicy:
    """Timeouts and retry limits of one source's connection."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 4
    backoff_factor: float = 0.5
    backoff_max: float = 30.0

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)


def retry_policy(policy: TransportPolicy) -> Retry:
    return Retry(
        total=policy.retries,
        connect=policy.retries,
        read=policy.retries,
        status=policy.retries,
        backoff_factor=policy.backoff_factor,
        backoff_max=policy.backoff_max,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def build_session(policy: TransportPolicy | None = None) -> requests.Session:
    policy = policy or TransportPolicy()
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json, */*;q=0.5"
    session.verify = True
    adapter = HTTPAdapter(max_retries=retry_policy(policy), pool_maxsize=16)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.mount("file://", LocalFileAdapter())
    return session


def file_url_to_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"file URL on another host is not supported: {url}")
    return Path(url2pathname(unquote(parts.path)))


def _etag(path: Path) -> str:
    stat = path.stat()
    return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'


def _last_modified(path: Path) -> str:
    return email.utils.formatdate(path.stat().st_mtime, usegmt=True)


class _FileBody(io.BufferedReader):
    """A response body read from disk; closed when requests releases the response.

    requests closes a fully consumed body only through ``release_conn``.
    """

    def release_conn(self) -> None:
        self.close()


class LocalFileAdapter(BaseAdapter):
    """Serves file:// URLs as if from a static web server (GET and HEAD only)."""

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **_kwargs: Any
    ) -> requests.Response:
        assert request.url is not None
        path = file_url_to_path(request.url)
        if request.method not in ("GET", "HEAD"):
            return self._response(request, 405, b"")
        if not path.is_file():
            return self._response(request, 404, b"")
        headers = {"ETag": _etag(path), "Last-Modified": _last_modified(path)}
        if request.headers.get("If-None-Match") == headers["ETag"]:
            return self._response(request, 304, b"", headers)
        headers["Content-Length"] = str(path.stat().st_size)
        headers["Content-Type"] = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if request.method == "HEAD":
            return self._response(request, 200, b"", headers)
        return self._response(request, 200, _FileBody(io.FileIO(path, "rb")), headers)

    @staticmethod
    def _response(
        request: requests.PreparedRequest,
        status: int,
        body: bytes | io.BufferedReader,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response.url = request.url or ""
        response.request = request
        response.headers = CaseInsensitiveDict(headers or {})
        response.raw = io.BytesIO(body) if isinstance(body, bytes) else body
        response.reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}.get(status, "")
        return response

    def close(self) -> None:
        """Nothing pooled to release."""
