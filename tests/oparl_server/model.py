"""The building blocks of a dataset: records, references between them, the clock.

A record's fields hold plain JSON values plus a few markers the renderer turns into
URLs or inline objects at request time, so the same dataset can be served from any
base URL (a loopback port is only known once the server runs).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")

# Object kinds in the order their lists are usually read.
KINDS: Final = (
    "Body",
    "LegislativeTerm",
    "Location",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
)


def key_for(kind: str, number: int) -> str:
    """The path of an object below the server's base URL: ``meeting/17``."""
    return f"{kind.lower()}/{number}"


def kind_of_key(key: str) -> str:
    segment = key.split("/", 1)[0]
    return next((kind for kind in KINDS if kind.lower() == segment), "")


@dataclass(frozen=True)
class Ref:
    """A reference to another object, rendered as its URL."""

    key: str


@dataclass(frozen=True)
class Embed:
    """An object output inline; left out while it is deleted (spec 2-05)."""

    key: str


@dataclass(frozen=True)
class ListLink:
    """An external list of ``owner`` (``body/1`` + ``meeting``), rendered as its URL."""

    owner: str
    name: str


@dataclass
class Record:
    """One OParl object; ``fields`` are everything but id, type, created and modified."""

    kind: str
    number: int
    created: datetime
    modified: datetime
    fields: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    content_version: int = 0

    @property
    def key(self) -> str:
        return key_for(self.kind, self.number)

    def embedded_keys(self) -> list[str]:
        """Keys of the objects this one outputs inline."""
        return embedded_keys(self.fields)


def embedded_keys(fields: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in fields.values():
        items = value if isinstance(value, list) else [value]
        found.extend(item.key for item in items if isinstance(item, Embed))
    return found


def require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time without a time zone is ambiguous: {moment}")
    return moment


def format_time(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


class Clock:
    """The server's notion of now; tests move it explicitly, it never runs by itself."""

    def __init__(self, start: datetime) -> None:
        self._now = require_aware(start)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = require_aware(moment)

    def advance(self, delta: timedelta | None = None, **units: float) -> datetime:
        """Move forward by ``delta`` or by keyword units (``minutes=5``); returns now."""
        step = (delta or timedelta()) + timedelta(**units)
        with self._lock:
            self._now += step
            return self._now
