"""HTTP session policy: timeouts, retries, TLS, sign-in, and file:// through the same code.

Every request made by the sync goes through a :class:`requests.Session` built by
:func:`build_session`: urllib3's ``Retry`` handles connection errors, 429 and 5xx
with exponential backoff (honouring ``Retry-After``), every call has explicit
connect and read timeouts, and TLS verification is always on. ``file://`` URLs
(the bundled demo, a publication on a network share) are answered by
:class:`LocalFileAdapter`, which speaks enough HTTP (status codes, ``ETag``,
``Last-Modified``, conditional GET) that the sync cannot tell the difference.

TLS trusts what the operating system trusts (``truststore``: the Windows and
macOS certificate stores, the distribution's CA store on Linux), so a CA that
the municipality's IT rolled out to its machines works without any setting;
a source may add its own CA bundle for an internal CA that is not rolled out.
Where truststore cannot be used, certifi's bundle takes its place. Nothing in
the program turns verification off, and the adapter ignores a caller that asks.

Credentials (HTTP Basic or a Bearer token) are attached only to requests for the
source's own origin (scheme, host and port): an OParl object may name URLs on
other hosts, and those must never see the password. requests itself drops the
``Authorization`` header when a redirect leaves the host.
"""

from __future__ import annotations

import base64
import email.utils
import io
import ipaddress
import mimetypes
import socket
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import certifi
import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from meetingapp import APP_NAME, __version__
from meetingapp.net.credentials import AuthKind, SourceAuth

if TYPE_CHECKING:
    from requests.sessions import _Settings

try:
    import truststore
except ImportError:  # a platform truststore does not support
    _TRUSTSTORE_IMPORTED = False
else:
    _TRUSTSTORE_IMPORTED = True

USER_AGENT: Final = f"{APP_NAME}/{__version__} (meetingapp)"


class SessionSetupError(Exception):
    """A session cannot be built as the source is configured; the message says why."""


@dataclass(frozen=True)
class TransportPolicy:
    """Timeouts and retry limits of one source's connection."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 4
    backoff_factor: float = 0.5
    backoff_max: float = 30.0
    retry_after_max: float = 60.0
    """A server asking to wait longer than this is not waited for (the default
    would be six hours, and a waiting sync cannot be cancelled)."""
    stall_window: float = 60.0
    stall_min_bytes: int = 16 * 1024
    """A transfer that brings fewer bytes than this in a window is ended: a server
    that drips a byte just before every read timeout would otherwise hold a sync
    for ever. 16 KiB a minute is far below the slowest mobile link that works."""

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)


class TransferStalledError(requests.exceptions.ReadTimeout):
    """The server keeps a transfer alive but sends next to nothing."""


class StallGuard:
    """Watches one transfer's progress; :meth:`received` raises
    :class:`TransferStalledError` when a whole window brought too little."""

    def __init__(
        self,
        policy: TransportPolicy,
        response: requests.Response,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._window, self._minimum = policy.stall_window, policy.stall_min_bytes
        self._response, self._clock = response, clock
        self._started, self._bytes = clock(), 0

    def received(self, size: int) -> None:
        self._bytes += size
        now = self._clock()
        if now - self._started < self._window:
            return
        if self._bytes < self._minimum:
            raise TransferStalledError(
                f"{self._bytes} bytes in {now - self._started:.0f} s",
                request=self._response.request,
                response=self._response,
            )
        self._started, self._bytes = now, 0


def iter_body(
    response: requests.Response, chunk_size: int, policy: TransportPolicy
) -> Iterator[bytes]:
    """The body of a streamed response in pieces of at most ``chunk_size`` bytes,
    each as soon as it arrived (decoded as ``iter_content`` decodes it), watched
    by a :class:`StallGuard` with ``policy``'s window: every body the sync reads
    comes through here, so none can drip for ever.

    ``iter_content`` reads a body with a Content-Length in full pieces: each
    blocks until all ``chunk_size`` bytes are there, so a :class:`StallGuard`
    fed from it learns of a drip only after 64 KiB, which may take weeks.
    urllib3's ``read1`` returns what the socket has. Its errors become the ones
    ``iter_content`` raises (requests' ``Response.iter_content``), so callers
    handle both alike; a body that is not urllib3's (file://) is read as there.
    """
    guard = StallGuard(policy, response)
    for chunk in _pieces(response, chunk_size):
        guard.received(len(chunk))
        yield chunk


def _pieces(response: requests.Response, chunk_size: int) -> Iterator[bytes]:
    raw = response.raw
    if not isinstance(raw, BaseHTTPResponse):
        yield from response.iter_content(chunk_size=chunk_size)
        return
    try:
        while chunk := raw.read1(chunk_size, decode_content=True):
            yield chunk
    except ProtocolError as error:
        raise requests.exceptions.ChunkedEncodingError(error) from error
    except DecodeError as error:
        raise requests.exceptions.ContentDecodingError(error) from error
    except ReadTimeoutError as error:
        raise requests.exceptions.ConnectionError(error) from error
    except Urllib3SSLError as error:
        raise requests.exceptions.SSLError(error) from error


def retry_policy(policy: TransportPolicy) -> Retry:
    """Retries for what may pass: connection and read errors, 429 and 5xx.

    ``other=0``: a TLS failure (an untrusted or expired certificate) is not
    retried; it will not heal in a few seconds, and the person waits for nothing.
    """
    return Retry(
        total=policy.retries,
        connect=policy.retries,
        read=policy.retries,
        status=policy.retries,
        other=0,
        backoff_factor=policy.backoff_factor,
        backoff_max=policy.backoff_max,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        retry_after_max=int(policy.retry_after_max),
        raise_on_status=False,
    )


# --- TLS -------------------------------------------------------------------


def os_trust_available() -> bool:
    """Whether the operating system's trust store is used (truststore works here)."""
    return _os_trust_context() is not None


def _os_trust_context() -> ssl.SSLContext | None:
    if not _TRUSTSTORE_IMPORTED:
        return None
    try:
        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except (OSError, RuntimeError, NotImplementedError, ValueError):
        return None


def _bundled_trust_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())


def tls_context(ca_bundle: Path | None = None) -> ssl.SSLContext:
    """A verifying client context: the OS trust store (or certifi's bundle where
    that cannot be used), plus the CAs in ``ca_bundle`` (PEM or DER)."""
    context = _os_trust_context()
    if context is None:
        context = _bundled_trust_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_bundle is not None:
        _load_extra_cas(context, ca_bundle)
    return context


def _load_extra_cas(context: ssl.SSLContext, ca_bundle: Path) -> None:
    """Load a CA bundle; Windows exports a CA as DER (.cer), so both forms are read."""
    try:
        data = ca_bundle.read_bytes()
    except OSError as error:
        raise SessionSetupError(
            f"The CA bundle {ca_bundle} cannot be read: {error.strerror or error}"
        ) from error
    try:
        if b"-----BEGIN" in data:
            context.load_verify_locations(cadata=data.decode("ascii", errors="replace"))
        else:
            context.load_verify_locations(cadata=data)
    except (ssl.SSLError, ValueError) as error:
        raise SessionSetupError(
            f"The CA bundle {ca_bundle} holds no usable certificate "
            "(expected CA certificates in PEM or DER form)"
        ) from error


class TrustedTLSAdapter(HTTPAdapter):
    """An adapter whose connections verify TLS with one given SSL context.

    The context carries the whole trust (OS store plus the source's CAs), so
    requests' certifi path is not loaded into it, and a per-request ``verify``
    (or ``REQUESTS_CA_BUNDLE`` from the environment) changes nothing.
    """

    def __init__(self, ssl_context: ssl.SSLContext, **kwargs: Any) -> None:
        self.ssl_context = ssl_context  # before super().__init__, which builds the pools
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs["ssl_context"] = self.ssl_context
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs.setdefault("ssl_context", self.ssl_context)
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, True, cert)  # type: ignore[no-untyped-call]
        conn.ca_certs = None
        conn.ca_cert_dir = None

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        return super().send(
            request, stream=stream, timeout=timeout, verify=True, cert=cert, proxies=proxies
        )


# --- Sign-in -----------------------------------------------------------------

_HIDDEN: Final = "<hidden>"


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


class BasicAuth(HTTPBasicAuth):
    """HTTP Basic sign-in, in UTF-8, whose repr shows the user name only.

    requests encodes Basic credentials as Latin-1; browsers and RFC 7617's
    ``charset="UTF-8"`` use UTF-8, which is what servers expect of a password
    with å, ä or ö in it.
    """

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        credentials = f"{_text(self.username)}:{_text(self.password)}".encode()
        request.headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode("ascii")
        return request

    def __repr__(self) -> str:
        return f"BasicAuth(username={self.username!r}, password={_HIDDEN})"


class BearerTokenAuth(AuthBase):
    """``Authorization: Bearer …``; the token never shows in repr or str."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return f"BearerTokenAuth(token={_HIDDEN})"


Origin = tuple[str, str, int | None]
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of ``url``, the default port filled in; None if unparsable."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    return (scheme, (parts.hostname or "").lower(), port)


class SourceOnlyAuth(AuthBase):
    """Applies ``inner`` only to requests for the source's own origin."""

    def __init__(self, inner: AuthBase, source_url: str) -> None:
        origin = origin_of(source_url)
        if origin is None:
            raise SessionSetupError(f"The source address is not a valid URL: {source_url}")
        self.inner = inner
        self.origin = origin

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if request.url is not None and origin_of(request.url) == self.origin:
            return self.inner(request)
        return request

    def __repr__(self) -> str:
        scheme, host, port = self.origin
        return f"SourceOnlyAuth({self.inner!r} for {scheme}://{host}:{port})"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_secret_is_protected(source_url: str) -> None:
    """Credentials travel over TLS only (or stay on this computer)."""
    origin = origin_of(source_url)
    if origin is None:
        raise SessionSetupError(f"The source address is not a valid URL: {source_url}")
    scheme, host, _port = origin
    if scheme == "http" and not _is_loopback(host):
        raise SessionSetupError(
            f"Sign-in to {source_url} would send the password unencrypted; "
            "use the https:// address of the source."
        )


def auth_for(auth: SourceAuth, secret: str | None, source_url: str) -> AuthBase | None:
    """The requests auth for a source, scoped to its origin; None without sign-in."""
    if auth.kind is AuthKind.NONE:
        return None
    if not secret:
        raise SessionSetupError(f"A password or token is needed to sign in to {source_url}")
    _check_secret_is_protected(source_url)
    inner: AuthBase
    if auth.kind is AuthKind.BASIC:
        inner = BasicAuth(auth.username or "", secret)
    else:
        inner = BearerTokenAuth(secret)
    return SourceOnlyAuth(inner, source_url)


class _Session(requests.Session):
    """A session that reads the proxy settings from the environment once per origin.

    requests looks them up for every request, scanning the whole environment
    twice; over thousands of small files that is a tenth of a sync's CPU time.
    The environment does not change while a session lives.
    """

    def __init__(self) -> None:
        super().__init__()
        self._settings: dict[tuple[object, ...], _Settings] = {}

    def merge_environment_settings(
        self, url: str | bytes | None, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> _Settings:
        if proxies or not isinstance(url, str):
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, stream, verify, cert)
        settings = self._settings.get(key)
        if settings is None:
            settings = super().merge_environment_settings(url, proxies, stream, verify, cert)
            self._settings[key] = settings
        copy = settings.copy()
        copy["proxies"] = dict(settings["proxies"])
        return copy


def build_session(
    policy: TransportPolicy | None = None,
    *,
    auth: SourceAuth | None = None,
    secret: str | None = None,
    ca_bundle: Path | None = None,
    source_url: str | None = None,
) -> requests.Session:
    """A session for one source. With ``auth``, ``source_url`` is required: the
    credentials go to that origin only."""
    policy = policy or TransportPolicy()
    session = _Session()
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json, */*;q=0.5"
    session.verify = True
    if auth is not None and auth.kind is not AuthKind.NONE:
        if source_url is None:
            raise ValueError("build_session needs source_url to scope credentials to it")
        session.auth = auth_for(auth, secret, source_url)
    adapter = TrustedTLSAdapter(
        tls_context(ca_bundle), max_retries=retry_policy(policy), pool_maxsize=16
    )
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.mount("file://", LocalFileAdapter())
    return session


# --- Errors for people -----------------------------------------------------

# OpenSSL's X509_V_ERR_* codes (ssl.SSLCertVerificationError.verify_code).
_OPENSSL_NOT_YET_VALID: Final = frozenset({9})
_OPENSSL_EXPIRED: Final = frozenset({10})
_OPENSSL_UNTRUSTED: Final = frozenset({2, 18, 19, 20, 21, 27})
_OPENSSL_REVOKED: Final = frozenset({23})
_OPENSSL_NAME_MISMATCH: Final = frozenset({62, 64})

# What macOS (Security framework) and Windows (CryptoAPI) say, through truststore.
_TEXT_EXPIRED: Final = ("expired", "not within its validity period")
_TEXT_NAME_MISMATCH: Final = ("mismatch", "not valid for", "does not match", "cn name")
_TEXT_UNTRUSTED: Final = ("self signed", "self-signed", "not trusted", "untrusted", "issuer")
_TEXT_REVOKED: Final = ("revoked",)


_DRAIN_LIMIT: Final = 64 * 1024


def release(response: requests.Response) -> None:
    """Read what is left of a small answer so its connection can be reused.

    A streamed response closed before its body was read takes its connection
    down with it; every 304 would then cost a new TCP (and TLS) handshake. A body
    larger than the limit is not worth reading: the connection is dropped.
    """
    received = 0
    try:
        for chunk in response.iter_content(chunk_size=_DRAIN_LIMIT):
            received += len(chunk)
            if received > _DRAIN_LIMIT:
                return
    except requests.RequestException:
        return


def _linked_errors(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception it wraps (urllib3's reason, causes, args)."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [getattr(current, "reason", None), current.__cause__, current.__context__]
        linked += list(current.args)
        pending += [item for item in linked if isinstance(item, BaseException)]


def _first(errors: list[BaseException], kind: type[BaseException]) -> BaseException | None:
    return next((error for error in errors if isinstance(error, kind)), None)


def _is_connect_timeout(chain: list[BaseException]) -> bool:
    """urllib3 raises ConnectTimeoutError for a timeout; its subclass
    NewConnectionError stands for any other failure to connect."""
    return any(
        isinstance(error, ConnectTimeoutError) and not isinstance(error, NewConnectionError)
        for error in chain
    )


def _host_of(error: requests.RequestException) -> str:
    request = error.request
    url = getattr(request, "url", None)
    if isinstance(url, str):
        host = urlsplit(url).hostname
        if host:
            return host
    return "the server"


def _mentions(text: str, needles: tuple[str, ...]) -> bool:
    return any(needle in text for needle in needles)


def _describe_certificate(problem: ssl.SSLCertVerificationError, host: str) -> str:
    code = problem.verify_code
    text = f"{problem.verify_message or ''} {problem}".lower()
    if code in _OPENSSL_NAME_MISMATCH or _mentions(text, _TEXT_NAME_MISMATCH):
        return (
            f"The server's certificate is not valid for the name {host}: it was issued "
            "for another name. Check the address of the source; if it is right, the "
            "server is misconfigured (or not the server it claims to be)."
        )
    if code in _OPENSSL_EXPIRED or _mentions(text, _TEXT_EXPIRED):
        return (
            f"The certificate of {host} has expired (or this computer's clock is wrong). "
            "The server's administrators need to renew it."
        )
    if code in _OPENSSL_NOT_YET_VALID:
        return f"The certificate of {host} is not valid yet; check this computer's date and time."
    if code in _OPENSSL_REVOKED or _mentions(text, _TEXT_REVOKED):
        return f"The certificate of {host} has been revoked; do not connect to this server."
    if code in _OPENSSL_UNTRUSTED or _mentions(text, _TEXT_UNTRUSTED):
        return (
            f"The certificate of {host} is not trusted: it is self-signed or issued by an "
            "unknown certificate authority. If your organisation uses its own certificate "
            "authority, add its certificate in the source's CA bundle setting."
        )
    return f"The certificate of {host} was refused: {problem.verify_message or problem}."


def _describe_tls(problem: ssl.SSLError | None, host: str) -> str:
    reason = (problem.reason or "") if problem is not None else ""
    if reason == "WRONG_VERSION_NUMBER":
        return f"{host} does not speak TLS on this port; check the address (https or http)."
    detail = f" ({reason})" if reason else ""
    return f"A secure connection to {host} could not be set up{detail}."


def describe_transport_error(error: requests.RequestException) -> str:
    """A message for people naming what went wrong on the way to the server.

    It holds the host name, never the full URL (which may carry a token in its
    query) nor any header.
    """
    host = _host_of(error)
    chain = list(_linked_errors(error))
    certificate = _first(chain, ssl.SSLCertVerificationError)
    if isinstance(certificate, ssl.SSLCertVerificationError):
        return _describe_certificate(certificate, host)
    if _first(chain, NameResolutionError) or _first(chain, socket.gaierror):
        return (
            f"The host name {host} could not be found; check the address and the "
            "network connection."
        )
    if _first(chain, ConnectionRefusedError):
        return (
            f"{host} refused the connection; the service may be down, or the address "
            "or port is wrong."
        )
    if isinstance(error, requests.ConnectTimeout) or _is_connect_timeout(chain):
        return (
            f"{host} did not answer in time; the network may be offline or slow, "
            "or the server is down."
        )
    if isinstance(error, TransferStalledError):
        return (
            f"{host} sent so little for so long that the transfer was stopped "
            "(a very slow or disturbed connection?)."
        )
    if isinstance(error, requests.ReadTimeout) or _first(chain, ReadTimeoutError):
        return f"{host} stopped answering in the middle of a transfer (timed out)."
    if isinstance(error, requests.exceptions.SSLError):
        tls_problem = _first(chain, ssl.SSLError)
        return _describe_tls(tls_problem if isinstance(tls_problem, ssl.SSLError) else None, host)
    if isinstance(error, requests.exceptions.ProxyError):
        return f"The proxy server failed on the way to {host}; check the proxy settings."
    if isinstance(error, requests.exceptions.RetryError):
        return f"{host} kept answering with errors; try again later."
    if isinstance(error, requests.TooManyRedirects):
        return f"{host} sends redirects in a loop."
    if isinstance(error, requests.ConnectionError):
        return f"The connection to {host} broke off; check the network and try again."
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return (
            f"The answer from {host} broke off before it was complete (it sent less "
            "than it announced); check the network and try again."
        )
    return f"The request to {host} failed ({type(error).__name__})."


# --- file:// -------------------------------------------------------------------


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
