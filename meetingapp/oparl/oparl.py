"""Reading an OParl 1.0/1.1 endpoint: objects, paginated lists, files.

A publication can be read from another place than the one its ids name: a static
publication copied to a network share or shipped with the program (the demo) keeps
its canonical ids (``https://…/system.json``) but is read through ``file://``.
When the endpoint was reached at a ``file://`` URL and the System object names
another id, every URL under the System's base is read from under the endpoint's
base instead (the *mirror*); the store keeps the canonical ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import requests

from meetingapp.net.transport import (
    TransportPolicy,
    describe_transport_error,
    iter_body,
    release,
)

JsonObject = dict[str, Any]

DEFAULT_MAX_JSON_BYTES: Final = 64 * 1024 * 1024


class OParlError(Exception):
    """The server's answer cannot be used; the message says why, for a person."""


class UnreachableError(OParlError):
    """The server could not be reached at all (offline, DNS, TLS, timeout)."""


def unreachable(url: str, error: requests.RequestException) -> UnreachableError:
    return UnreachableError(f"Could not reach {url}: {describe_transport_error(error)}")


def _base_of(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/"


def _leaves(relative: str) -> bool:
    """Whether a relative URL path steps out of its base (``..``) or holds a NUL."""
    segments = unquote(relative).split("/")
    return any(segment in (".", "..") or "\x00" in segment for segment in segments)


@dataclass(frozen=True)
class Mirror:
    """Read URLs under ``canonical_base`` from under ``local_base``."""

    canonical_base: str
    local_base: str

    def locate(self, url: str) -> str:
        if not url.startswith(self.canonical_base):
            return url
        relative = url[len(self.canonical_base) :].split("?", 1)[0].split("#", 1)[0]
        if _leaves(relative):
            raise OParlError(f"Refusing a URL that leaves the publication: {url}")
        return self.local_base + relative


def _sign_in_problem(response: requests.Response, url: str) -> str | None:
    """What a 401 or 403 means for the person, or None for any other status."""
    signed_in = "Authorization" in response.request.headers
    if response.status_code == 401 and signed_in:
        return (
            f"Sign-in failed for {url}: the server did not accept the user name and "
            "password (or token). Check the source's sign-in settings."
        )
    if response.status_code == 401:
        return (
            f"The server requires sign-in for {url}; set a user name and password "
            "(or token) in the source's settings."
        )
    if response.status_code == 403:
        return (
            f"No access to {url}: the server refused this account. Ask the "
            "administrators of the document system for access."
        )
    return None


def _check_json_response(response: requests.Response, url: str) -> None:
    sign_in_problem = _sign_in_problem(response, url)
    if sign_in_problem is not None:
        raise OParlError(sign_in_problem)
    if response.status_code != 200:
        raise OParlError(f"The server answered {response.status_code} for {url}")
    content_type = response.headers.get("Content-Type", "")
    if "html" in content_type.lower():
        raise OParlError(
            f"The server sent a web page instead of data for {url} "
            "(a login page or a network sign-in portal?)"
        )


def _read_limited(
    response: requests.Response, limit: int, url: str, policy: TransportPolicy
) -> bytes:
    chunks: list[bytes] = []
    received = 0
    for chunk in iter_body(response, 1 << 16, policy):
        received += len(chunk)
        if received > limit:
            raise OParlError(f"The answer for {url} is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json_object(payload: bytes, url: str) -> JsonObject:
    try:
        # strict=False: some servers put raw control characters inside strings.
        value = json.loads(payload.decode("utf-8", errors="replace"), strict=False)
    except json.JSONDecodeError as error:
        raise OParlError(f"The server sent malformed data for {url}: {error}") from error
    except RecursionError as error:  # a hostile server's [[[[… nested beyond reason
        raise OParlError(f"The server sent data nested too deeply for {url}") from error
    if not isinstance(value, dict):
        raise OParlError(f"The server sent no object for {url}")
    return value


@dataclass(frozen=True)
class JsonAnswer:
    """A JSON answer and the validators and clock the server sent with it."""

    status: int
    obj: JsonObject | None
    """None for a status the caller accepted without a body (e.g. 304)."""
    etag: str | None
    last_modified: str | None
    date: str | None


class OParlClient:
    """Fetches OParl objects and lists through one session."""

    def __init__(
        self,
        session: requests.Session,
        endpoint_url: str,
        policy: TransportPolicy | None = None,
        max_json_bytes: int = DEFAULT_MAX_JSON_BYTES,
    ) -> None:
        self.session = session
        self.endpoint_url = endpoint_url
        self.policy = policy or TransportPolicy()
        self.max_json_bytes = max_json_bytes
        self.mirror: Mirror | None = None

    def locate(self, url: str) -> str:
        """Where to read ``url`` from (the mirror's local copy, or itself).

        A ``file://`` URL is read only below the folder of a ``file://`` endpoint:
        a server must not make this computer read its other files.
        """
        located = self.mirror.locate(url) if self.mirror else url
        if located[:5].lower() == "file:":
            base = _base_of(self.endpoint_url)
            is_local = self.endpoint_url[:5].lower() == "file:"
            if not is_local or not located.startswith(base) or _leaves(located[len(base) :]):
                raise OParlError(f"Refusing a URL that leaves the publication: {url}")
        return located

    def system(self) -> JsonObject:
        """Fetch the System object at the endpoint and set up the mirror if needed."""
        system = self.get_object(self.endpoint_url)
        self.use_system(system)
        return system

    def use_system(self, system: JsonObject) -> None:
        """Read URLs under the System's base from the endpoint's folder, if mirrored."""
        system_id = system.get("id")
        is_local = urlsplit(self.endpoint_url).scheme == "file"
        if is_local and isinstance(system_id, str) and system_id != self.endpoint_url:
            self.mirror = Mirror(_base_of(system_id), _base_of(self.endpoint_url))

    def fetch_json(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        passthrough: frozenset[int] = frozenset(),
    ) -> JsonAnswer:
        """GET one JSON object: the one way the sync reads JSON.

        A status in ``passthrough`` (304 for a conditional request, say) returns
        without a body; any other status than 200, a web page, malformed or
        oversized data raise OParlError with a message for people.
        """
        try:
            with self.session.get(
                self.locate(url),
                params=params,
                headers=dict(headers or {}),
                timeout=self.policy.timeout,
                stream=True,
            ) as response:
                validators = (
                    response.headers.get("ETag"),
                    response.headers.get("Last-Modified"),
                    response.headers.get("Date"),
                )
                if response.status_code in passthrough:
                    release(response)
                    return JsonAnswer(response.status_code, None, *validators)
                _check_json_response(response, url)
                payload = _read_limited(response, self.max_json_bytes, url, self.policy)
        except requests.RequestException as error:
            raise unreachable(url, error) from error
        return JsonAnswer(200, _parse_json_object(payload, url), *validators)

    def get_object(self, url: str, params: Mapping[str, str] | None = None) -> JsonObject:
        answer = self.fetch_json(url, params)
        assert answer.obj is not None
        return answer.obj

    def iter_list(self, url: str, params: Mapping[str, str] | None = None) -> Iterator[JsonObject]:
        """Every object of an external list, following ``links.next`` to the end.

        Page counts and sizes the server states are not trusted; a ``next`` link
        that leads back to a page already read ends the list.
        """
        seen_pages: set[str] = set()
        next_url: str | None = url
        page_params = params
        while next_url and next_url not in seen_pages:
            seen_pages.add(next_url)
            page = self.get_object(next_url, page_params)
            page_params = None  # the next links carry the filters themselves
            yield from page_items(page)
            next_url = next_link(page)

    def open_stream(self, url: str, headers: Mapping[str, str] | None = None) -> requests.Response:
        """A streamed GET of a file's content; the caller closes the response."""
        try:
            return self.session.get(
                self.locate(url),
                headers=dict(headers or {}),
                timeout=self.policy.timeout,
                stream=True,
            )
        except requests.RequestException as error:
            raise unreachable(url, error) from error


def page_items(page: JsonObject) -> list[JsonObject]:
    """The objects of a list page; anything that is not an object is skipped."""
    data = page.get("data")
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def next_link(page: JsonObject) -> str | None:
    links = page.get("links")
    if not isinstance(links, dict):
        return None
    next_url = links.get("next")
    return next_url if isinstance(next_url, str) and next_url else None
