"""Records to OParl JSON for one request: URLs under the request's base, the
server's OParl version, ``omit_internal`` and the quirks that change the output."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final
from urllib.parse import quote, urlencode

from tests.oparl_server import quirks as quirk_rules
from tests.oparl_server.dataset import Dataset
from tests.oparl_server.generator import SYSTEM_KEY
from tests.oparl_server.model import Embed, ListLink, Record, Ref, format_time
from tests.oparl_server.quirks import Quirks

TYPE_BASES: Final = {
    "1.0": "https://schema.oparl.org/1.0/",
    "1.1": "https://schema.oparl.org/1.1/",
}
# Embedded lists left out with omit_internal=true (spec 2-05, OParl 1.1).
INTERNAL_LISTS: Final = {
    "AgendaItem": ("auxiliaryFile",),
    "Meeting": ("auxiliaryFile", "agendaItem"),
    "Paper": ("auxiliaryFile", "location"),
    "Person": ("membership",),
    "Body": ("legislativeTerm",),
}
LISTS_NEW_IN_1_1: Final = frozenset(
    {"membership", "agendaItem", "consultation", "file", "legislativeTermList", "locationList"}
)
# The path segment of each external list below its owner.
LIST_PATHS: Final = {
    "body": "body",
    "organization": "organization",
    "person": "person",
    "meeting": "meeting",
    "paper": "paper",
    "membership": "membership",
    "agendaItem": "agendaitem",
    "consultation": "consultation",
    "file": "file",
    "legislativeTermList": "legislativeterm",
    "locationList": "location",
}


@dataclass(frozen=True)
class Urls:
    """How the server writes URLs: under ``base``, maybe badly, maybe as a static host."""

    base: str
    double_slash: bool = False
    static: bool = False

    def object(self, key: str) -> str:
        return self.base + ("/" if self.double_slash else "") + key

    def list_page(self, owner: str, name: str, page: int, query: Sequence[tuple[str, str]]) -> str:
        path = f"{owner}/{LIST_PATHS[name]}" if owner else LIST_PATHS[name]
        if self.static:
            return self.object(f"{path}/page-{page}.json")
        parameters = [*query, ("page", str(page))] if page > 1 else list(query)
        return self.object(path) + (f"?{urlencode(parameters)}" if parameters else "")

    def file_content(self, record: Record, purpose: str) -> str:
        """``purpose`` is "access" or "download"."""
        name = quote(str(record.fields.get("fileName") or "file"))
        return self.object(f"{record.key}/{purpose}/{name}")


class Renderer:
    """Builds the JSON of objects for one request."""

    def __init__(
        self,
        dataset: Dataset,
        urls: Urls,
        *,
        version: str = "1.1",
        quirks: Quirks | None = None,
        omit_internal: bool = False,
    ) -> None:
        self.dataset = dataset
        self.urls = urls
        self.version = version
        self.quirks = quirks or Quirks()
        self.omit_internal = omit_internal and version == "1.1"

    def type_url(self, kind: str, number: int) -> str:
        version = self.version
        if self.quirks.mixed_type_versions and number % 2 == 1:
            version = quirk_rules.OTHER_VERSION[version]
        return TYPE_BASES[version] + kind

    def system(self) -> dict[str, Any]:
        version_url = TYPE_BASES[self.version]
        return {
            "id": self.urls.object(SYSTEM_KEY),
            "type": self.type_url("System", 0),
            "oparlVersion": version_url,
            "name": "Exempelstads kommuns mötesdata",
            "body": self.urls.list_page(SYSTEM_KEY, "body", 1, ()),
            "contactEmail": "oparl@exempelstad.se",
            "website": "https://www.exempelstad.se/",
            "created": format_time(self.dataset.created),
            "modified": format_time(self.dataset.last_modified("Body")),
        }

    def record(self, record: Record) -> dict[str, Any]:
        """An object as at its own URL or in a list: a tombstone when deleted."""
        return self.tombstone(record) if record.deleted else self._live(record)

    def tombstone(self, record: Record) -> dict[str, Any]:
        obj: dict[str, Any] = {"id": self.urls.object(record.key)}
        if not self.quirks.deleted_without_type:
            obj["type"] = self.type_url(record.kind, record.number)
            obj["created"] = format_time(record.created)
        obj["deleted"] = True
        obj["modified"] = format_time(record.modified)
        return obj

    def _live(self, record: Record) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "id": self.urls.object(record.key),
            "type": self.type_url(record.kind, record.number),
        }
        for name, value in record.fields.items():
            if self._keeps(record.kind, name):
                obj[name] = self.value(value)
        if record.kind == "File":
            obj.update(self._file_attributes(record))
        obj["created"] = format_time(record.created)
        obj["modified"] = format_time(record.modified)
        self._apply_quirks(obj, record)
        return {name: value for name, value in obj.items() if value is not None}

    def _keeps(self, kind: str, name: str) -> bool:
        if self.omit_internal and name in INTERNAL_LISTS.get(kind, ()):
            return False
        return not (kind == "Body" and self.version == "1.0" and name in LISTS_NEW_IN_1_1)

    def _apply_quirks(self, obj: dict[str, Any], record: Record) -> None:
        if self.quirks.not_available_dates:
            quirk_rules.not_available_dates(obj, record.kind, record.number)
        if self.quirks.control_characters:
            quirk_rules.with_control_characters(obj)
        if self.quirks.auxiliary_file_as_object:
            quirk_rules.auxiliary_file_as_object(obj)

    def _file_attributes(self, record: Record) -> dict[str, Any]:
        info = self.dataset.file_info(record)
        attributes: dict[str, Any] = {"size": info.size, "sha1Checksum": info.sha1}
        if self.version == "1.1":
            attributes["sha512Checksum"] = info.sha512
        attributes["accessUrl"] = self.urls.file_content(record, "access")
        attributes["downloadUrl"] = self.urls.file_content(record, "download")
        return attributes

    def value(self, value: Any) -> Any:
        """A field's value as JSON; None for an embedded object that is gone."""
        if isinstance(value, list):
            rendered = (self.value(item) for item in value)
            return [item for item in rendered if item is not None]
        if isinstance(value, Ref):
            return self.urls.object(value.key)
        if isinstance(value, Embed):
            embedded = self.dataset.find(value.key)
            return None if embedded is None or embedded.deleted else self._live(embedded)
        if isinstance(value, ListLink):
            return self.urls.list_page(value.owner, value.name, 1, ())
        if isinstance(value, datetime | date):
            return format_time(value)
        return value
