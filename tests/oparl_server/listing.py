"""External lists: the query parameters of spec 2-05, which records match, and pages."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from tests.oparl_server.model import Record

FILTERS: Final = ("created_since", "created_until", "modified_since", "modified_until")


class BadQueryError(ValueError):
    """A query parameter the server cannot use (answered 400)."""


def parse_date_time(name: str, value: str) -> datetime:
    """A full date-time with a time zone, as the spec demands for the filters."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise BadQueryError(f"{name}: not a date-time: {value!r}") from error
    if "T" not in value or moment.tzinfo is None:
        raise BadQueryError(f"{name}: a full date-time with a time zone is required: {value!r}")
    return moment


def _single(params: Mapping[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1] if values else None


def _positive(name: str, value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise BadQueryError(f"{name}: a positive integer is required: {value!r}")
    return int(value)


@dataclass(frozen=True)
class ListQuery:
    """What a client asked of a list; ``carried`` goes into every link."""

    bounds: Mapping[str, datetime]
    limit: int | None = None
    omit_internal: bool = False
    page: int = 1
    carried: Sequence[tuple[str, str]] = ()

    @classmethod
    def parse(cls, params: Mapping[str, list[str]]) -> ListQuery:
        bounds: dict[str, datetime] = {}
        carried: list[tuple[str, str]] = []
        for name in FILTERS:
            value = _single(params, name)
            if value is not None:
                bounds[name] = parse_date_time(name, value)
                carried.append((name, value))
        limit = _positive("limit", _single(params, "limit"))
        if limit is not None:
            carried.append(("limit", str(limit)))
        omit_internal = _single(params, "omit_internal") == "true"
        if omit_internal:
            carried.append(("omit_internal", "true"))
        page = _positive("page", _single(params, "page")) or 1
        return cls(bounds, limit, omit_internal, page, carried)

    @property
    def filtered(self) -> bool:
        return bool(self.bounds)

    def admits(self, record: Record, *, tombstones: bool) -> bool:
        if record.deleted and not (tombstones or "modified_since" in self.bounds):
            return False
        checks = {
            "created_since": lambda bound: record.created >= bound,
            "created_until": lambda bound: record.created <= bound,
            "modified_since": lambda bound: record.modified >= bound,
            "modified_until": lambda bound: record.modified <= bound,
        }
        return all(checks[name](bound) for name, bound in self.bounds.items())


@dataclass(frozen=True)
class Page:
    """Which slice of the selected records one page shows."""

    number: int
    start: int
    stop: int
    total_pages: int
    size: int


def paginate(count: int, page: int, size: int, *, overlap: bool = False) -> Page:
    """Page ``page`` of ``count`` elements; with ``overlap`` each page repeats the
    last element of the page before (a shifted offset)."""
    step = size - 1 if overlap and size > 1 else size
    total_pages = max(1, math.ceil(max(count - size, 0) / step) + 1) if count else 1
    start = (page - 1) * step
    return Page(page, min(start, count), min(start + size, count), total_pages, size)
