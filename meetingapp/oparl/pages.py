"""List pages fetched with conditional GET, and the cache of their validators.

Every list page is requested with the ``ETag``/``Last-Modified`` it had last time.
A static host (or any server) that answers 304 costs one small request, and the
cache still knows where the list goes on (the page's ``next`` link) and, for a
page of a complete listing, which objects it held.

Cache keys leave out the OParl filter parameters: a static host ignores them and
serves the same page whatever ``modified_since`` says, and a server that honours
them sends another representation with another validator, so a stale validator
merely costs a normal 200.
"""

from __future__ import annotations

import email.utils
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from meetingapp.oparl.oparl import JsonObject, OParlClient, next_link, page_items
from meetingapp.store import sql
from meetingapp.store.local import utc_now

FILTER_PARAMETERS = frozenset(
    {"modified_since", "modified_until", "created_since", "created_until", "omit_internal"}
)


def cache_key(url: str) -> str:
    """The URL without OParl filter parameters, its other parameters sorted."""
    parts = urlsplit(url)
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in FILTER_PARAMETERS
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


@dataclass(frozen=True)
class CachedPage:
    etag: str | None
    last_modified: str | None
    next_url: str | None
    item_ids: tuple[str, ...] | None
    """The ids the page held, when it was part of a complete listing."""


@dataclass(frozen=True)
class ListPage:
    items: list[JsonObject] | None
    """The page's objects; None when the server said it is unchanged (304)."""
    next_url: str | None
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FetchedObject:
    obj: JsonObject
    etag: str | None
    last_modified: str | None
    unchanged: bool
    """True when the server answered 304 and ``obj`` is the cached copy."""
    server_date: datetime | None = None
    """The server's clock (its Date header), when it sent one."""


_NOT_MODIFIED = frozenset({304})
_NONE: frozenset[int] = frozenset()


def server_date(value: str | None) -> datetime | None:
    """The server's clock from its Date header."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def fetch_object_cached(db: sql.Connection, client: OParlClient, url: str) -> FetchedObject:
    """A small object read on every run (the System), fetched conditionally."""
    row = db.execute(
        "SELECT etag, last_modified, document FROM http_cache WHERE url = ?", (cache_key(url),)
    ).fetchone()
    cached = row if row is not None and row["document"] else None
    headers = conditional_headers(cached["etag"], cached["last_modified"]) if cached else {}
    answer = client.fetch_json(url, headers=headers, passthrough=_NOT_MODIFIED if cached else _NONE)
    clock = server_date(answer.date)
    if answer.obj is None:
        assert cached is not None
        copy = json.loads(cached["document"])
        return FetchedObject(copy, cached["etag"], cached["last_modified"], True, clock)
    return FetchedObject(answer.obj, answer.etag, answer.last_modified, False, clock)


def store_cached_object(db: sql.Connection, url: str, fetched: FetchedObject) -> None:
    """Keep an object fetched by :func:`fetch_object_cached` for the next run."""
    if fetched.unchanged:
        return
    db.execute(
        "INSERT INTO http_cache (url, etag, last_modified, document, fetched_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, document = excluded.document, "
        "fetched_at = excluded.fetched_at",
        (
            cache_key(url),
            fetched.etag,
            fetched.last_modified,
            json.dumps(fetched.obj, ensure_ascii=False),
            utc_now(),
        ),
    )


def load_cached_page(db: sql.Connection, key: str) -> CachedPage | None:
    row = db.execute(
        "SELECT etag, last_modified, next_url, item_ids FROM http_cache WHERE url = ?", (key,)
    ).fetchone()
    if row is None:
        return None
    ids = tuple(json.loads(row["item_ids"])) if row["item_ids"] is not None else None
    return CachedPage(row["etag"], row["last_modified"], row["next_url"], ids)


def store_cached_page(
    db: sql.Connection, key: str, page: ListPage, item_ids: tuple[str, ...] | None
) -> None:
    db.execute(
        "INSERT INTO http_cache (url, etag, last_modified, next_url, item_ids, fetched_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, next_url = excluded.next_url, "
        "item_ids = excluded.item_ids, fetched_at = excluded.fetched_at",
        (
            key,
            page.etag,
            page.last_modified,
            page.next_url,
            None if item_ids is None else json.dumps(list(item_ids)),
            utc_now(),
        ),
    )


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def fetch_page(
    client: OParlClient,
    url: str,
    params: Mapping[str, str] | None,
    cached: CachedPage | None,
) -> ListPage:
    """One list page, or the cached knowledge of it when the server answers 304."""
    headers = conditional_headers(cached.etag, cached.last_modified) if cached else {}
    passthrough = set(_NOT_MODIFIED if cached else _NONE)
    if params and "modified_since" in params:
        passthrough.add(404)  # some servers answer "nothing changed" that way
    answer = client.fetch_json(url, params, headers, frozenset(passthrough))
    if answer.status == 304 and cached is not None:
        return ListPage(None, cached.next_url, cached.etag, cached.last_modified)
    if answer.obj is None:
        return ListPage([], None, None, None)
    return ListPage(
        page_items(answer.obj), next_link(answer.obj), answer.etag, answer.last_modified
    )
