"""The OParl server as a WSGI app, for ``tests.servers.serve``.

URLs below the base (``http://127.0.0.1:PORT/`` plus ``prefix``):

    ""  and  "system"                      the System
    body                                   the list of bodies
    body/1/<list>                          a body's external lists (organization, person,
                                           meeting, paper; 1.1: membership, agendaitem,
                                           consultation, file, legislativeterm, location)
    organization/3/meeting                 an organization's meetings
    <kind>/<n>                             every object (meeting/17, agendaitem/4, …)
    file/<n>/access/<name>, …/download/…   file contents

With ``static=True`` list pages are ``…/<list>/page-<n>.json`` and every query string
is ignored, as on a plain web host. The ``Date`` header tells the dataset's clock,
as a real server's tells its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Final
from urllib.parse import quote

from tests.oparl_server.dataset import Dataset
from tests.oparl_server.faults import FaultContext, FaultPlan, connection_resetter
from tests.oparl_server.generator import BODY_LIST_NAMES
from tests.oparl_server.http import (
    JSON_TYPE,
    Auth,
    LoggedRequest,
    RangeNotSatisfiableError,
    Request,
    RequestLog,
    Response,
    byte_range,
    counted,
    error_object,
    error_response,
    http_date,
    json_bytes,
    not_modified,
    not_modified_response,
    strong_etag,
    validators,
)
from tests.oparl_server.listing import BadQueryError, ListQuery, paginate
from tests.oparl_server.model import Record, kind_of_key
from tests.oparl_server.quirks import (
    FirstRequests,
    Quirks,
    is_missing,
    lying_pagination,
    unescape_control_characters,
)
from tests.oparl_server.render import LIST_PATHS, LISTS_NEW_IN_1_1, Renderer, Urls

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

_CONTENT: Final = re.compile(r"^file/(\d+)/(access|download)/.+$")
_OBJECT: Final = re.compile(r"^([a-z]+/\d+)$")
_LIST: Final = re.compile(r"^(?:([a-z]+/\d+)/)?([a-z]+)$")
_STATIC_PAGE: Final = re.compile(r"^(?:([a-z]+/\d+)/)?([a-z]+)/page-(\d+)\.json$")
_LIST_NAMES: Final = {path: name for name, path in LIST_PATHS.items()}
_LIST_KINDS: Final = {
    "body": "Body",
    "organization": "Organization",
    "person": "Person",
    "meeting": "Meeting",
    "paper": "Paper",
    "membership": "Membership",
    "agendaItem": "AgendaItem",
    "consultation": "Consultation",
    "file": "File",
    "legislativeTermList": "LegislativeTerm",
    "locationList": "Location",
}
_SERVER_ERROR_PAGE: Final = b"<html><body><h1>Internal Server Error</h1></body></html>\n"


class OParlServer:
    """Serves ``dataset`` as OParl ``version`` ("1.0" or "1.1").

    ``page_size`` is the list page size (a client's ``limit`` may lower it, or raise
    it up to ``max_limit``); ``auth`` is ``("basic", user, password)`` or
    ``("bearer", token)``; ``prefix`` puts the API below a path (``"oparl/"``).
    ``log``, ``faults`` and ``quirks`` are for the tests to read and change.
    ``cache_pages`` renders each JSON answer once per dataset revision, as a
    static host serves files it has on disk; only for data changed through
    :class:`Dataset`'s methods and quirks that stay as they are (benchmarks).
    """

    def __init__(
        self,
        dataset: Dataset,
        *,
        page_size: int = 20,
        version: str = "1.1",
        static: bool = False,
        auth: tuple[str, ...] | None = None,
        quirks: Quirks | None = None,
        prefix: str = "",
        max_limit: int = 1000,
        cache_pages: bool = False,
    ) -> None:
        if version not in ("1.0", "1.1"):
            raise ValueError(f"unknown OParl version {version!r}")
        self.dataset = dataset
        self.page_size = page_size
        self.max_limit = max_limit
        self.version = version
        self.static = static
        self.auth = Auth.from_spec(auth) if auth else None
        self.quirks = quirks or Quirks()
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.faults = FaultPlan()
        self.log = RequestLog()
        self._first_requests = FirstRequests()
        self.cache_pages = cache_pages
        self._pages: dict[tuple[str, str, str, int], tuple[bytes, str, datetime]] = {}

    def endpoint(self, host_url: str) -> str:
        """The System's URL when served at ``host_url`` (what ``serve`` yields)."""
        return self.dataset.base_url or host_url + self.prefix

    # WSGI

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = Request.from_environ(environ)
        entry = LoggedRequest(request.method, "/" + request.path, request.query, request.headers)
        picked = self.faults.pick(request)
        response = self.respond(request)
        if picked is not None:
            fault, budget = picked
            context = FaultContext(request, budget, connection_resetter(start_response))
            response = fault.apply(response, context)
            entry.fault = fault.name
        entry.status = response.status
        self.log.add(entry)
        response.set_header("Date", http_date(self.dataset.clock.now()))
        start_response(response.status_line, response.headers)
        return counted(() if request.method == "HEAD" else response.chunks, entry)

    def respond(self, request: Request) -> Response:
        """The answer to one request, before any fault."""
        if self.auth is not None and (refusal := self.auth.refusal(request)):
            return refusal
        if self.quirks.error_on_first_try and self._first_requests.is_first(request.target):
            length = str(len(_SERVER_ERROR_PAGE))
            headers = [("Content-Type", "text/html"), ("Content-Length", length)]
            return Response(500, headers, [_SERVER_ERROR_PAGE])
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "Endast läsning", request.method)
            response.headers.append(("Allow", "GET, HEAD"))
            return response
        path = re.sub("/{2,}", "/", request.path)
        if not path.startswith(self.prefix):
            return self._not_found(request)
        try:
            with self.dataset.lock:
                if (cached := self._cached_page(request)) is not None:
                    return self._json_answer(request, *cached)
                return self._route(request, path[len(self.prefix) :].rstrip("/"))
        except BadQueryError as error:
            return error_response(400, "Felaktig fråga", str(error))

    # Routing

    def _route(self, request: Request, path: str) -> Response:
        if path in ("", "system"):
            system = self._renderer(request).system()
            return self._json(request, system, self.dataset.last_modified("Body"))
        if match := _CONTENT.match(path):
            return self._content(request, f"file/{match[1]}", match[2])
        if match := _OBJECT.match(path):
            return self._object(request, match[1])
        page_match = _STATIC_PAGE.match(path) if self.static else None
        if page_match is not None:
            return self._list(request, page_match[1] or "", page_match[2], int(page_match[3]))
        list_match = None if self.static else _LIST.match(path)
        if list_match is not None:
            return self._list(request, list_match[1] or "", list_match[2], None)
        return self._not_found(request)

    def _not_found(self, request: Request) -> Response:
        return error_response(404, "Sidan finns inte", request.target)

    def _visible(self, key: str) -> Record | None:
        record = self.dataset.find(key)
        return None if record is None or self._hidden(record) else record

    def _hidden(self, record: Record) -> bool:
        """Whether the ``missing_referenced_objects`` quirk removed the record."""
        return self.quirks.missing_referenced_objects and is_missing(record.kind, record.number)

    def _renderer(self, request: Request, *, omit_internal: bool = False) -> Renderer:
        urls = Urls(self.endpoint(request.host_url), self.quirks.double_slashes, self.static)
        return Renderer(
            self.dataset,
            urls,
            version=self.version,
            quirks=self.quirks,
            omit_internal=omit_internal,
        )

    # Answers

    def _page_key(self, request: Request) -> tuple[str, str, str, int] | None:
        if not self.cache_pages:
            return None
        return (request.host_url, request.path, request.query, self.dataset.revision)

    def _cached_page(self, request: Request) -> tuple[bytes, str, datetime] | None:
        key = self._page_key(request)
        return None if key is None else self._pages.get(key)

    def _json(self, request: Request, value: Any, last_modified: datetime) -> Response:
        body = json_bytes(value)
        if self.quirks.control_characters:
            body = unescape_control_characters(body.decode()).encode()
        etag = strong_etag(body)
        if (key := self._page_key(request)) is not None:
            if self._pages and next(iter(self._pages))[3] != key[3]:
                self._pages.clear()  # rendered before the dataset changed
            self._pages[key] = (body, etag, last_modified)
        return self._json_answer(request, body, etag, last_modified)

    def _json_answer(
        self, request: Request, body: bytes, etag: str, last_modified: datetime
    ) -> Response:
        if not_modified(request, etag, last_modified):
            return not_modified_response(etag, last_modified)
        headers = [("Content-Type", JSON_TYPE), ("Content-Length", str(len(body)))]
        return Response(200, [*headers, *validators(etag, last_modified)], [body])

    def _object(self, request: Request, key: str) -> Response:
        record = self._visible(key)
        if record is None or kind_of_key(key) == "":
            return self._not_found(request)
        return self._json(request, self._renderer(request).record(record), record.modified)

    def _content(self, request: Request, key: str, purpose: str) -> Response:
        record = self._visible(key)
        if record is None:
            return self._not_found(request)
        if record.deleted:
            status = 404 if self.static else 410
            return error_response(status, "Filen är borttagen", request.target)
        content = self.dataset.file_content(key)
        etag = '"' + self.dataset.file_info(record).sha512[:32] + '"'
        if not_modified(request, etag, record.modified):
            return not_modified_response(etag, record.modified)
        headers = [
            ("Content-Type", str(record.fields.get("mimeType") or "application/octet-stream")),
            ("Accept-Ranges", "bytes"),
            *validators(etag, record.modified),
        ]
        if purpose == "download":
            headers.append(("Content-Disposition", _attachment(str(record.fields["fileName"]))))
        try:
            wanted = byte_range(request, content.size, etag)
        except RangeNotSatisfiableError:
            headers.append(("Content-Range", f"bytes */{content.size}"))
            return Response(416, [*headers, ("Content-Length", "0")])
        if wanted is None:
            headers.append(("Content-Length", str(content.size)))
            return Response(200, headers, content.iter_range())
        start, stop = wanted
        headers.append(("Content-Range", f"bytes {start}-{stop - 1}/{content.size}"))
        headers.append(("Content-Length", str(stop - start)))
        return Response(206, headers, content.iter_range(start, stop))

    # Lists

    def _list(self, request: Request, owner: str, path: str, static_page: int | None) -> Response:
        name = _LIST_NAMES.get(path)
        if name is None or not self._list_exists(owner, name):
            return self._not_found(request)
        if self.static:
            query = ListQuery({}, page=static_page or 1)
        else:
            query = ListQuery.parse(request.params)
        tombstones = self.quirks.deleted_in_unfiltered_lists
        members = [
            record
            for record in self._list_members(owner, name)
            if query.admits(record, tombstones=tombstones) and not self._hidden(record)
        ]
        if query.filtered and not members and (empty := self._empty_result(request)):
            return empty
        return self._list_page(request, owner, name, query, members)

    def _list_exists(self, owner: str, name: str) -> bool:
        if owner == "":
            return name == "body"
        kind = kind_of_key(owner)
        if self.dataset.find(owner) is None:
            return False
        if kind == "Organization":
            return name == "meeting"
        new_list = name in LISTS_NEW_IN_1_1
        return (
            kind == "Body" and name in BODY_LIST_NAMES and not (new_list and self.version == "1.0")
        )

    def _list_members(self, owner: str, name: str) -> list[Record]:
        records = self.dataset.all_of(_LIST_KINDS[name])
        if kind_of_key(owner) == "Organization":
            return [record for record in records if _belongs_to(record, owner)]
        return records

    def _empty_result(self, request: Request) -> Response | None:
        if self.quirks.empty_result_is_404:
            return error_response(404, "Keine Daten gefunden", request.target)
        if self.quirks.empty_result_is_error_object:
            value = error_object("Keine Daten gefunden", request.target, self.version)
            return self._json(request, value, self.dataset.last_modified())
        return None

    def _page_size(self, query: ListQuery) -> int:
        return min(query.limit, self.max_limit) if query.limit else self.page_size

    def _list_page(
        self, request: Request, owner: str, name: str, query: ListQuery, members: list[Record]
    ) -> Response:
        size = self._page_size(query)
        page = paginate(len(members), query.page, size, overlap=self.quirks.overlapping_pages)
        renderer = self._renderer(request, omit_internal=query.omit_internal)
        pagination = {
            "totalElements": len(members),
            "elementsPerPage": size,
            "currentPage": page.number,
            "totalPages": page.total_pages,
        }
        body = {
            "data": [renderer.record(record) for record in members[page.start : page.stop]],
            "pagination": lying_pagination(pagination)
            if self.quirks.lying_pagination
            else pagination,
            "links": self._links(renderer, owner, name, query, page.number, page.total_pages),
        }
        last_modified = self.dataset.last_modified(_LIST_KINDS[name])
        return self._json(request, body, last_modified)

    def _links(
        self, renderer: Renderer, owner: str, name: str, query: ListQuery, page: int, pages: int
    ) -> dict[str, str]:
        def link(number: int) -> str:
            return renderer.urls.list_page(owner, name, number, query.carried)

        links = {"first": link(1)}
        if page > 1:
            links["prev"] = link(min(page - 1, pages))
        links["self"] = link(page)
        if page < pages:
            links["next"] = link(page + 1)
        elif self.quirks.looping_next_link:
            links["next"] = link(1)
        links["last"] = link(pages)
        return links


def _belongs_to(record: Record, organization: str) -> bool:
    refs = record.fields.get("organization") or []
    return any(getattr(ref, "key", None) == organization for ref in refs)


def _attachment(file_name: str) -> str:
    fallback = file_name.encode("ascii", errors="replace").decode().replace("?", "_")
    fallback = fallback.replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name)}"
