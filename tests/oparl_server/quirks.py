"""Known misbehaviour of production OParl servers, each switched on independently.

The defaults are all off (a server that follows the spec). Switch quirks on per test:
``OParlServer(dataset, quirks=Quirks(lying_pagination=True))`` or later through
``server.quirks.deleted_without_type = True``. The docstring of each switch says
what real servers do; :mod:`tests.oparl_server.render` and ``app`` apply them.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Any, Final

NOT_AVAILABLE: Final = "N/A"
DATE_FIELDS: Final = ("start", "end", "date", "startDate", "endDate")
OTHER_VERSION: Final = {"1.0": "1.1", "1.1": "1.0"}


@dataclass
class Quirks:
    """The switches; see each attribute's docstring."""

    deleted_without_type: bool = False
    """Tombstones carry only ``id``, ``deleted`` and ``modified``: several servers drop
    every attribute of a deleted object, ``type`` (and ``created``) included."""

    deleted_in_unfiltered_lists: bool = False
    """Deleted objects appear in lists fetched without ``modified_since``, where the
    spec (2-05) forbids them: servers that filter tombstones only when asked to."""

    empty_result_is_404: bool = False
    """A filter that matches nothing yields HTTP 404 with an OParl Error object
    instead of an empty list page (seen with ``modified_since`` close to now)."""

    empty_result_is_error_object: bool = False
    """A filter that matches nothing yields HTTP 200 with a body that is an Error
    object (``{"type": ".../Error", "message": ...}``), not a list page at all."""

    double_slashes: bool = False
    """Every URL the server writes has a doubled slash after its base
    (``https://host//body/1``, ``https://host/oparl//body/1``): the base ends in a
    slash and the path starts with one. The server answers these URLs as well.
    cheroot refuses a request path that starts with ``//`` (400, it looks like an
    absolute-form target), so test this quirk with a ``prefix`` such as ``"oparl/"``."""

    control_characters: bool = False
    """Raw control characters inside JSON strings (invalid JSON): a vertical tab
    (a Word line break) in names and a raw line feed in resolution texts, copied
    unescaped from the database."""

    not_available_dates: bool = False
    """``"N/A"`` where a date or date-time belongs: in every third object's date
    fields and as ``endDate`` of memberships that have none."""

    auxiliary_file_as_object: bool = False
    """An ``auxiliaryFile`` list with one entry is written as that object, not as
    an array of one (XML-to-JSON converters do this)."""

    looping_next_link: bool = False
    """The last page of a list has a ``next`` link too, pointing back to the first
    page, so a client that just follows ``next`` never stops."""

    overlapping_pages: bool = False
    """Each list page starts with the last object of the page before (offset paging
    that shifted), so a client sees objects twice."""

    missing_referenced_objects: bool = False
    """Objects that others reference are gone: every paper numbered 3, 13, 23 … and
    every file numbered 7, 17, 27 … answers 404 (its content too) and is left out
    of lists, while consultations, agenda items and meetings still point to it."""

    error_on_first_try: bool = False
    """Every URL answers HTTP 500 (an HTML error page) the first time it is
    requested and works on the next try: an overloaded backend or a cold cache."""

    mixed_type_versions: bool = False
    """OParl 1.0 and 1.1 type URLs mixed: objects with odd numbers carry the other
    version's type URL (``https://schema.oparl.org/1.0/Meeting`` on a 1.1 server)."""

    lying_pagination: bool = False
    """``pagination`` is wrong: ``totalElements`` half the truth, ``totalPages`` one
    too few and ``elementsPerPage`` twice the real page size. A client that trusts
    it stops early or skips objects."""

    @classmethod
    def names(cls) -> list[str]:
        return [item.name for item in dataclasses.fields(cls)]


class FirstRequests:
    """Which URLs were asked for already (for ``error_on_first_try``); thread-safe."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def is_first(self, url: str) -> bool:
        with self._lock:
            if url in self._seen:
                return False
            self._seen.add(url)
            return True


def is_missing(kind: str, number: int) -> bool:
    """The objects ``missing_referenced_objects`` removes."""
    return (kind == "Paper" and number % 10 == 3) or (kind == "File" and number % 10 == 7)


def not_available_dates(obj: dict[str, Any], kind: str, number: int) -> None:
    if number % 3 == 0:
        for name in DATE_FIELDS:
            if name in obj:
                obj[name] = NOT_AVAILABLE
    if kind == "Membership":
        obj.setdefault("endDate", NOT_AVAILABLE)


def with_control_characters(obj: dict[str, Any]) -> None:
    """Mark names and resolution texts; :func:`unescape_control_characters` makes them raw."""
    if isinstance(obj.get("name"), str):
        obj["name"] = obj["name"].replace(" ", "\x0b", 1)
    if isinstance(obj.get("resolutionText"), str):
        obj["resolutionText"] += "\nExpedieras till: ekonomiavdelningen"


def unescape_control_characters(text: str) -> str:
    """Turn the JSON escapes of a vertical tab and a line feed into the raw characters."""
    return text.replace("\\u000b", "\x0b").replace("\\n", "\n")


def auxiliary_file_as_object(obj: dict[str, Any]) -> None:
    files = obj.get("auxiliaryFile")
    if isinstance(files, list) and len(files) == 1:
        obj["auxiliaryFile"] = files[0]


def lying_pagination(pagination: dict[str, int]) -> dict[str, int]:
    return {
        "totalElements": pagination["totalElements"] // 2,
        "elementsPerPage": pagination["elementsPerPage"] * 2,
        "currentPage": pagination["currentPage"],
        "totalPages": max(1, pagination["totalPages"] - 1),
    }
