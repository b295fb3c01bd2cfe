"""Real HTTP servers on loopback for tests (cheroot, a production WSGI server)."""

from __future__ import annotations

import email.utils
import mimetypes
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cheroot import wsgi

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class StaticFiles:
    """Serves a directory like a static web host: ETag, Last-Modified, 304s.

    Counts requests by status so tests can check what a sync cost.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.requests: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    def _record(self, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((path, status))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root.resolve()) or not target.is_file():
            self._record(path, 404)
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        stat = target.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        headers = [
            ("ETag", etag),
            ("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True)),
        ]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            self._record(path, 304)
            start_response("304 Not Modified", headers)
            return []
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        headers += [("Content-Type", content_type), ("Content-Length", str(stat.st_size))]
        self._record(path, 200)
        start_response("200 OK", headers)
        return [target.read_bytes()]


@contextmanager
def serve(app: WsgiApp) -> Iterator[str]:
    """Run ``app`` on a free loopback port; yields its base URL."""
    server = wsgi.Server(("127.0.0.1", 0), app, numthreads=8)
    server.expiration_interval = 0.05  # stop promptly after kept-alive errors
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    host, port = server.bind_addr[:2]
    try:
        yield f"http://{host}:{port}/"
    finally:
        server.stop()
        thread.join(timeout=10)
