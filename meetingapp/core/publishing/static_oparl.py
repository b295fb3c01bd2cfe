"""Static OParl 1.1 publication: OParl objects and file contents as a tree of plain files.

Served by any static web server at ``base_url`` (or read through ``file://`` with a mirror
mapping from ``base_url`` to the folder), the tree is a complete OParl endpoint. The same
rendered tree can be written to a folder (:func:`write_tree`) or uploaded elsewhere.

URL layout, all under ``base_url`` and every object URL ending in ``.json``::

    system.json                              the endpoint (oparl:System)
    system/body/page-1.json                  the list of bodies
    body/1.json                              an object: {segment}/{key}.json
    body/1/meeting/page-1.json, page-2.json  an external list of that object
    organization/3/meeting/page-1.json       meetings of one organization
    file/42.json                             a File object ...
    files/42/Kallelse_KS.pdf                 ... and its content (accessUrl = downloadUrl)

The caller hands in objects as plain dicts with absolute ids. Objects may be nested the
way OParl embeds them (a Meeting with its agenda items and files) or given flat with id
references in the embedding attributes; the writer embeds them either way, so every
embedded copy equals the object at its own URL. Attributes the writer owns and overwrites:
the external list URLs of System, Body and Organization, ``Body.legislativeTerm``,
``Body.system``, ``Organization.membership``, the back references ``AgendaItem.meeting``,
``Consultation.paper``, ``Membership.person`` (filled in when missing) and
``File.meeting/agendaItem/paper`` (merged with the caller's), and on File objects with
content ``size``, ``sha512Checksum``, ``sha1Checksum``, ``mimeType``, ``fileName``,
``accessUrl`` and ``downloadUrl``. The ``modified`` of an object is raised to the latest
``modified`` of the objects embedded in it, as OParl 1.1 requires for 1.0 clients.
Everything else, vendor extension attributes included, passes through untouched.

Deleted objects (``deleted: true``) are written at their own URL, as OParl's soft delete
requires, but left out of lists and embeddings: a static host cannot honour
``modified_since``, and OParl forbids deleted objects in unfiltered lists.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from meetingapp.store.durable import atomic_write, sync_directory

JsonObject = dict[str, Any]

OPARL_VERSION = "https://schema.oparl.org/1.1/"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"

VENDOR_PREFIX = "MOTESPARM:"
"""Prefix of our own vendor extension attributes."""
CONFIDENTIAL = f"{VENDOR_PREFIX}confidential"
"""On File and AgendaItem: the legal ground for secrecy, e.g. "Sekretess enligt OSL 26 kap. 1 §"."""
LATE_ITEM = f"{VENDOR_PREFIX}lateItem"
"""On AgendaItem: true for an item added after the kallelse was sent (extra ärende)."""

DEFAULT_PAGE_SIZE = 100
MANIFEST_NAME = ".oparl-publication.json"
"""Bookkeeping file in the root: what the last publication wrote, to remove stale files."""

TEMP_SUFFIX = ".tmp"

KIND_SEGMENTS: dict[str, str] = {
    "System": "system",
    "Body": "body",
    "Organization": "organization",
    "Person": "person",
    "Membership": "membership",
    "Meeting": "meeting",
    "AgendaItem": "agendaitem",
    "Paper": "paper",
    "Consultation": "consultation",
    "File": "file",
    "Location": "location",
    "LegislativeTerm": "legislativeterm",
}
"""OParl object type name -> first URL path segment of its objects."""

EMBEDDED: dict[str, dict[str, tuple[str, bool]]] = {
    "Body": {"location": ("Location", False), "legislativeTerm": ("LegislativeTerm", True)},
    "Organization": {"location": ("Location", False)},
    "Person": {"membership": ("Membership", True), "locationObject": ("Location", False)},
    "Meeting": {
        "location": ("Location", False),
        "invitation": ("File", False),
        "resultsProtocol": ("File", False),
        "verbatimProtocol": ("File", False),
        "auxiliaryFile": ("File", True),
        "agendaItem": ("AgendaItem", True),
    },
    "AgendaItem": {"resolutionFile": ("File", False), "auxiliaryFile": ("File", True)},
    "Paper": {
        "mainFile": ("File", False),
        "auxiliaryFile": ("File", True),
        "consultation": ("Consultation", True),
        "location": ("Location", True),
    },
}
"""Type -> attribute -> (embedded type, is a list), as in the OParl 1.1 schema."""

BACK_REFERENCES: dict[str, tuple[str, str, str]] = {
    "AgendaItem": ("meeting", "Meeting", "agendaItem"),
    "Consultation": ("paper", "Paper", "consultation"),
    "Membership": ("person", "Person", "membership"),
    "LegislativeTerm": ("body", "Body", "legislativeTerm"),
}
"""Embedded type -> (its attribute naming the parent, parent type, parent's list attribute)."""

FILE_PARENT_ATTRIBUTES: dict[str, str] = {
    "Meeting": "meeting",
    "AgendaItem": "agendaItem",
    "Paper": "paper",
}
"""Type of an object embedding a File -> File attribute referring back to it."""

BODY_LISTS: dict[str, str] = {
    "organization": "Organization",
    "person": "Person",
    "meeting": "Meeting",
    "paper": "Paper",
    "membership": "Membership",
    "agendaItem": "AgendaItem",
    "consultation": "Consultation",
    "file": "File",
    "locationList": "Location",
    "legislativeTermList": "LegislativeTerm",
}
"""External lists of a Body: attribute -> type of the listed objects."""

MIME_BY_SUFFIX: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".json": "application/json",
    ".zip": "application/zip",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
"""A fixed table rather than :mod:`mimetypes`, whose answers depend on the machine."""

MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)

_KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DATE_TIME_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
_UNSAFE_FILE_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_FILE_NAME_LENGTH = 100


class PublicationError(ValueError):
    """The objects handed to the writer do not form a valid publication."""


def oparl_type(kind: str) -> str:
    """The OParl 1.1 type URL of an object type name such as ``"Meeting"``."""
    if kind not in KIND_SEGMENTS:
        raise PublicationError(f"unknown OParl object type {kind!r}")
    return TYPE_PREFIX + kind


def kind_of(obj: Mapping[str, Any]) -> str:
    """The type name (``"Meeting"``) of an OParl object dict."""
    type_url = obj.get("type")
    if not isinstance(type_url, str) or not type_url.startswith(TYPE_PREFIX):
        raise PublicationError(f"{obj.get('id')!r}: not an OParl 1.1 type: {type_url!r}")
    kind = type_url[len(TYPE_PREFIX) :]
    if kind not in KIND_SEGMENTS:
        raise PublicationError(f"{obj.get('id')!r}: unknown OParl type {type_url!r}")
    return kind


def sanitize_file_name(name: str) -> str:
    """A file name that is safe in a URL path and on every file system.

    Letters with diacritics lose them (``Tjänsteskrivelse`` -> ``Tjansteskrivelse``),
    every other run of unsafe characters becomes one underscore.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    safe = _UNSAFE_FILE_NAME_CHARS.sub("_", ascii_only).strip("._-")
    stem, dot, suffix = safe.rpartition(".")
    if dot and stem:
        safe = f"{stem.rstrip('._-')}.{suffix}"
    if len(safe) > _MAX_FILE_NAME_LENGTH:
        stem, dot, suffix = safe.rpartition(".")
        if dot and 0 < len(suffix) <= 8:
            safe = f"{stem[: _MAX_FILE_NAME_LENGTH - len(suffix) - 1]}.{suffix}"
        else:
            safe = safe[:_MAX_FILE_NAME_LENGTH]
    return safe or "file"


def sniff_mime_type(content: bytes, file_name: str) -> str:
    """The MIME type of file content: by magic number, else by file name suffix."""
    for magic, mime in MAGIC_NUMBERS:
        if content.startswith(magic):
            return mime
    suffix = PurePosixPath(file_name.lower()).suffix
    return MIME_BY_SUFFIX.get(suffix, "application/octet-stream")


def suffix_for_mime_type(mime: str) -> str:
    """The usual file name suffix of a MIME type, or an empty string."""
    for suffix, known in MIME_BY_SUFFIX.items():
        if known == mime:
            return suffix
    return ""


def parse_date_time(value: object, where: str) -> datetime:
    """Parse an OParl date-time (``yyyy-mm-ddThh:mm:ss±hh:mm``), strictly."""
    if not isinstance(value, str) or not _DATE_TIME_PATTERN.fullmatch(value):
        raise PublicationError(f"{where}: not an OParl date-time: {value!r}")
    return datetime.fromisoformat(value)


def natural_sort_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key ordering ``meeting/2.json`` before ``meeting/10.json``."""
    parts = re.split(r"(\d+)", text)
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in parts if part)


class PublicationUrls:
    """Builds the URLs of a publication and maps them to paths in the tree."""

    def __init__(self, base_url: str) -> None:
        if not base_url.endswith("/") or "://" not in base_url:
            raise PublicationError(f"base URL must be absolute and end with '/': {base_url!r}")
        self.base_url = base_url

    def system(self) -> str:
        """The endpoint: the URL of the System object."""
        return f"{self.base_url}system.json"

    def object(self, kind: str, key: str | int) -> str:
        """The URL of an object, e.g. ``object("Meeting", 17)`` -> ``{base}meeting/17.json``.

        Keys are lower case so that the tree also works on case-insensitive file systems.
        """
        key_text = str(key)
        if not _KEY_PATTERN.fullmatch(key_text):
            raise PublicationError(f"object key must match [a-z0-9][a-z0-9_-]*: {key_text!r}")
        oparl_type(kind)
        return f"{self.base_url}{KIND_SEGMENTS[kind]}/{key_text}.json"

    def list_page(self, owner_id: str, attribute: str, page: int) -> str:
        """The URL of one page of an external list of the object ``owner_id``."""
        owner_path = self.relative_path(owner_id)
        stem = owner_path[: -len(".json")]
        return f"{self.base_url}{stem}/{attribute.lower()}/page-{page}.json"

    def file_content(self, file_id: str, file_name: str) -> str:
        """Where the content of a File object is served: ``{base}files/{key}/{fileName}``."""
        stem = self.relative_path(file_id)[: -len(".json")]
        segment = KIND_SEGMENTS["File"] + "/"
        key = stem[len(segment) :] if stem.startswith(segment) else stem
        return f"{self.base_url}files/{key}/{file_name}"

    def content_path(self, url: str) -> str:
        """The path in the tree of a file content URL (``files/...``)."""
        if not url.startswith(self.base_url):
            raise PublicationError(f"URL is not under {self.base_url}: {url!r}")
        rel = url[len(self.base_url) :]
        segments = rel.split("/")
        if segments[0] != "files" or not all(
            _KEY_PATTERN.fullmatch(segment) for segment in segments[1:-1]
        ):
            raise PublicationError(f"not a file content URL: {url!r}")
        if sanitize_file_name(segments[-1]) != segments[-1]:
            raise PublicationError(f"unsafe file name in {url!r}")
        return rel

    def relative_path(self, url: str) -> str:
        """The path in the tree (POSIX, relative to the root) of a URL of this publication."""
        if not url.startswith(self.base_url):
            raise PublicationError(f"URL is not under {self.base_url}: {url!r}")
        rel = url[len(self.base_url) :]
        segments = rel.split("/")
        if not segments[-1].endswith(".json"):
            raise PublicationError(f"object URL must end in .json: {url!r}")
        segments[-1] = segments[-1][: -len(".json")]
        if not all(_KEY_PATTERN.fullmatch(segment) for segment in segments):
            raise PublicationError(f"URL path must use [a-z0-9_-] segments: {url!r}")
        return rel


@dataclass
class _Entry:
    """One registered object with what the writer learned about it."""

    obj: JsonObject
    kind: str
    body: str | None
    parents: set[tuple[str, str]] = field(default_factory=set)
    content: bytes | None = None

    @property
    def deleted(self) -> bool:
        return self.obj.get("deleted") is True


@dataclass(frozen=True)
class RenderedPublication:
    """The files of a publication: path relative to the root (POSIX) -> bytes."""

    base_url: str
    files: Mapping[str, bytes]

    @property
    def total_bytes(self) -> int:
        return sum(len(data) for data in self.files.values())


@dataclass(frozen=True)
class WriteReport:
    """What :func:`write_tree` did, as sorted relative paths."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    total_bytes: int


class StaticPublication:
    """Collects the objects of one OParl publication, then renders or writes the tree."""

    def __init__(
        self, base_url: str, system: JsonObject, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> None:
        if page_size < 1:
            raise PublicationError("page size must be positive")
        self.urls = PublicationUrls(base_url)
        self.page_size = page_size
        self._entries: dict[str, _Entry] = {}
        self._system_id = ""
        self._bodies: list[str] = []
        self.add(system)
        if self._entries[system["id"]].kind != "System":
            raise PublicationError("the first object of a publication must be its System")
        self._system_id = system["id"]

    @property
    def system_url(self) -> str:
        """The endpoint URL clients start from."""
        return self._system_id

    def add_body(self, body: JsonObject) -> None:
        """Add a Body (kommun); objects added later may name it as their body."""
        if kind_of(body) != "Body":
            raise PublicationError(f"{body.get('id')!r} is not a Body")
        self.add(body)
        self._bodies.append(body["id"])

    def add(self, obj: JsonObject, *, body: str | None = None) -> None:
        """Add an object and, recursively, the objects embedded in it.

        ``body`` names the Body the object belongs to; it may be left out when the
        publication has one Body or when the object says so itself (``body`` attribute).
        """
        self._register(obj, body=body)

    def add_file(self, file: JsonObject, content: bytes, *, body: str | None = None) -> None:
        """Add a File object together with its content."""
        self.add(file, body=body)
        self.add_file_content(file["id"], content)

    def add_file_content(self, file_id: str, content: bytes) -> None:
        """Attach content to a File added before, e.g. one embedded in a Meeting."""
        entry = self._entries.get(file_id)
        if entry is None or entry.kind != "File":
            raise PublicationError(f"no File object {file_id!r} to attach content to")
        if entry.content is not None and entry.content != content:
            raise PublicationError(f"{file_id}: different content added twice")
        entry.content = content

    def render(self) -> RenderedPublication:
        """All files of the publication, deterministic for the same input."""
        renderer = _Renderer(self.urls, self._entries, self._system_id, self._bodies)
        return RenderedPublication(self.urls.base_url, renderer.render(self.page_size))

    def write(self, root: Path) -> WriteReport:
        """Render and write the tree under ``root`` (see :func:`write_tree`)."""
        return write_tree(root, self.render())

    def _register(self, obj: JsonObject, *, body: str | None) -> str:
        obj_id = obj.get("id")
        if not isinstance(obj_id, str):
            raise PublicationError(f"object without id: {obj!r:.200}")
        kind = kind_of(obj)
        self.urls.relative_path(obj_id)
        slots = EMBEDDED.get(kind, {})
        flat = {key: value for key, value in obj.items() if key not in slots}
        for attribute, (child_kind, is_list) in slots.items():
            if attribute in obj:
                flat[attribute] = self._register_slot(obj, attribute, child_kind, is_list, body)
        self._merge_entry(obj_id, _Entry(copy.deepcopy(flat), kind, body))
        return obj_id

    def _register_slot(
        self, obj: JsonObject, attribute: str, child_kind: str, is_list: bool, body: str | None
    ) -> str | list[str]:
        value = obj[attribute]
        values = value if is_list else [value]
        if not isinstance(values, list):
            raise PublicationError(f"{obj['id']}: {attribute} must be a list")
        ids = [self._register_child(item, child_kind, body, obj["id"]) for item in values]
        return ids if is_list else ids[0]

    def _register_child(self, item: object, child_kind: str, body: str | None, where: str) -> str:
        if isinstance(item, str):
            return item
        if not isinstance(item, dict):
            raise PublicationError(f"{where}: embedded value is neither object nor id: {item!r}")
        if kind_of(item) != child_kind:
            raise PublicationError(f"{where}: expected an embedded {child_kind}: {item.get('id')}")
        return self._register(item, body=body)

    def _merge_entry(self, obj_id: str, new: _Entry) -> None:
        old = self._entries.get(obj_id)
        if old is None:
            self._entries[obj_id] = new
        elif old.obj != new.obj or old.kind != new.kind:
            raise PublicationError(f"{obj_id}: added twice with different content")
        else:
            old.body = old.body or new.body


def _slot_ids(obj: Mapping[str, Any], kind: str) -> Iterator[str]:
    """Ids in the embedding attributes of a flattened object."""
    for attribute in EMBEDDED.get(kind, {}):
        yield from _ids_in(obj.get(attribute))


class _Renderer:
    """Turns the registered objects into the files of the tree."""

    def __init__(
        self,
        urls: PublicationUrls,
        entries: Mapping[str, _Entry],
        system_id: str,
        bodies: list[str],
    ) -> None:
        self.urls = urls
        self.entries = {
            key: _Entry(copy.deepcopy(e.obj), e.kind, e.body, content=e.content)
            for key, e in entries.items()
        }
        self.system_id = system_id
        self.bodies = list(bodies)
        self.final: dict[str, JsonObject] = {}

    def render(self, page_size: int) -> dict[str, bytes]:
        self._check_references()
        self._link_parents()
        self._add_back_references()
        self._assign_bodies()
        self._complete_files()
        files: dict[str, bytes] = {}
        lists = self._external_lists()
        for obj_id in self.entries:
            _put(files, self.urls.relative_path(obj_id), encode_json(self._finalize(obj_id)))
        for (owner_id, attribute), member_ids in lists.items():
            for path, page in self._list_pages(owner_id, attribute, member_ids, page_size):
                _put(files, path, encode_json(page))
        for entry in self.entries.values():
            if entry.content is not None:
                path = self.urls.content_path(entry.obj["accessUrl"])
                _put(files, path, entry.content)
        return dict(sorted(files.items()))

    def _check_references(self) -> None:
        for obj_id, entry in self.entries.items():
            for attribute in ("created", "modified"):
                parse_date_time(entry.obj.get(attribute), f"{obj_id} {attribute}")
            for attribute, (child_kind, _is_list) in EMBEDDED.get(entry.kind, {}).items():
                for child_id in _ids_in(entry.obj.get(attribute)):
                    child = self.entries.get(child_id)
                    if child is None or child.kind != child_kind:
                        raise PublicationError(f"{obj_id} {attribute}: no {child_kind} {child_id}")

    def _link_parents(self) -> None:
        for obj_id, entry in self.entries.items():
            for child_id in _slot_ids(entry.obj, entry.kind):
                self.entries[child_id].parents.add((entry.kind, obj_id))

    def _add_back_references(self) -> None:
        """Embed objects that name their parent; name the parent in embedded objects."""
        for obj_id, entry in self.entries.items():
            spec = BACK_REFERENCES.get(entry.kind)
            if spec is None:
                continue
            attribute, parent_kind, parent_attribute = spec
            parent_ids = {pid for kind, pid in entry.parents if kind == parent_kind}
            named = entry.obj.get(attribute)
            if isinstance(named, str):
                parent_ids.add(named)
            if len(parent_ids) > 1:
                raise PublicationError(f"{obj_id}: embedded in several {parent_kind}s")
            if not parent_ids:
                continue
            parent_id = parent_ids.pop()
            parent = self.entries.get(parent_id)
            if parent is None or parent.kind != parent_kind:
                raise PublicationError(f"{obj_id} {attribute}: no {parent_kind} {parent_id}")
            entry.obj[attribute] = parent_id
            entry.parents.add((parent_kind, parent_id))
            slot = parent.obj.setdefault(parent_attribute, [])
            if obj_id not in slot:
                slot.append(obj_id)
        self._sort_appended_slots()

    def _sort_appended_slots(self) -> None:
        for entry in self.entries.values():
            if entry.kind == "Meeting" and "agendaItem" in entry.obj:
                entry.obj["agendaItem"].sort(key=self._agenda_item_sort_key)

    def _agenda_item_sort_key(self, item_id: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
        order = self.entries[item_id].obj.get("order")
        if not isinstance(order, int) or isinstance(order, bool):
            raise PublicationError(f"{item_id}: AgendaItem.order must be an integer")
        return order, natural_sort_key(item_id)

    def _assign_bodies(self) -> None:
        """Every object belongs to one Body, whose external lists it appears in."""
        for obj_id in self.entries:
            self._body_of(obj_id, set())

    def _body_of(self, obj_id: str, visiting: set[str]) -> str | None:
        entry = self.entries[obj_id]
        if entry.kind in ("System", "Body"):
            return obj_id if entry.kind == "Body" else None
        if entry.body is None and obj_id not in visiting:
            visiting.add(obj_id)
            entry.body = self._infer_body(entry, visiting)
        if entry.body is None:
            raise PublicationError(f"{obj_id}: cannot tell which Body it belongs to")
        if entry.body not in self.bodies:
            raise PublicationError(f"{obj_id}: unknown Body {entry.body}")
        return entry.body

    def _infer_body(self, entry: _Entry, visiting: set[str]) -> str | None:
        """The body named by the object, else its parent's or organization's, else the only one."""
        named = entry.obj.get("body")
        if isinstance(named, str):
            return named
        related = [parent_id for _kind, parent_id in sorted(entry.parents)]
        related += [i for i in _organizations_of(entry.obj) if i in self.entries]
        for related_id in related:
            if related_id not in visiting:
                return self._body_of(related_id, visiting)
        return self.bodies[0] if len(self.bodies) == 1 else None

    def _complete_files(self) -> None:
        for obj_id, entry in self.entries.items():
            if entry.kind != "File":
                continue
            if entry.content is not None:
                self._describe_content(obj_id, entry.obj, entry.content)
            elif "accessUrl" not in entry.obj and not entry.deleted:
                raise PublicationError(f"{obj_id}: File without content or accessUrl")
            self._add_file_parents(entry)

    def _describe_content(self, obj_id: str, obj: JsonObject, content: bytes) -> None:
        given = obj.get("fileName") or obj.get("name")
        if not isinstance(given, str):
            raise PublicationError(f"{obj_id}: File needs a fileName or a name")
        mime = sniff_mime_type(content, given)
        file_name = sanitize_file_name(given)
        if not PurePosixPath(file_name).suffix:
            file_name += suffix_for_mime_type(mime)
        content_url = self.urls.file_content(obj_id, file_name)
        obj.update(
            {
                "fileName": file_name,
                "mimeType": mime,
                "size": len(content),
                "sha512Checksum": hashlib.sha512(content).hexdigest(),
                "sha1Checksum": hashlib.sha1(content, usedforsecurity=False).hexdigest(),
                "accessUrl": content_url,
                "downloadUrl": content_url,
            }
        )

    def _add_file_parents(self, entry: _Entry) -> None:
        for parent_kind, parent_id in entry.parents:
            attribute = FILE_PARENT_ATTRIBUTES.get(parent_kind)
            if attribute is None or self.entries[parent_id].deleted:
                continue
            known = entry.obj.setdefault(attribute, [])
            if parent_id not in known:
                known.append(parent_id)
        for attribute in FILE_PARENT_ATTRIBUTES.values():
            if attribute in entry.obj:
                entry.obj[attribute] = sorted(entry.obj[attribute], key=natural_sort_key)

    def _external_lists(self) -> dict[tuple[str, str], list[str]]:
        """(owner id, attribute) -> ids of the listed objects; sets the list URLs."""
        live_bodies = [i for i in self.bodies if not self.entries[i].deleted]
        lists: dict[tuple[str, str], list[str]] = {(self.system_id, "body"): live_bodies}
        self.entries[self.system_id].obj.setdefault("oparlVersion", OPARL_VERSION)
        for body_id in self.bodies:
            for attribute, kind in BODY_LISTS.items():
                lists[(body_id, attribute)] = self._live_ids(kind, body=body_id)
            terms = lists[(body_id, "legislativeTermList")]
            self.entries[body_id].obj["legislativeTerm"] = list(terms)
            self.entries[body_id].obj["system"] = self.system_id
        for org_id in self._live_ids("Organization"):
            lists.update(self._organization_lists(org_id))
        for (owner_id, attribute), member_ids in lists.items():
            member_ids.sort(key=natural_sort_key)
            first_page = self.urls.list_page(owner_id, attribute, 1)
            self.entries[owner_id].obj[attribute] = first_page
        return lists

    def _organization_lists(self, org_id: str) -> dict[tuple[str, str], list[str]]:
        lists: dict[tuple[str, str], list[str]] = {}
        for attribute, kind in (("meeting", "Meeting"), ("consultation", "Consultation")):
            members = [i for i in self._live_ids(kind) if org_id in self._orgs_of(i)]
            if members:
                lists[(org_id, attribute)] = members
            else:
                self.entries[org_id].obj.pop(attribute, None)
        memberships = [
            i
            for i in self._live_ids("Membership")
            if self.entries[i].obj.get("organization") == org_id
        ]
        org = self.entries[org_id].obj
        if memberships:
            org["membership"] = sorted(memberships, key=natural_sort_key)
        else:
            org.pop("membership", None)
        return lists

    def _orgs_of(self, obj_id: str) -> list[str]:
        return _organizations_of(self.entries[obj_id].obj)

    def _live_ids(self, kind: str, *, body: str | None = None) -> list[str]:
        return [
            obj_id
            for obj_id, entry in self.entries.items()
            if entry.kind == kind and not entry.deleted and (body is None or entry.body == body)
        ]

    def _list_pages(
        self, owner_id: str, attribute: str, member_ids: list[str], page_size: int
    ) -> Iterator[tuple[str, JsonObject]]:
        total_pages = max(1, -(-len(member_ids) // page_size))

        def page_url(number: int) -> str:
            return self.urls.list_page(owner_id, attribute, number)

        for number in range(1, total_pages + 1):
            chunk = member_ids[(number - 1) * page_size : number * page_size]
            links = {"first": page_url(1), "self": page_url(number), "last": page_url(total_pages)}
            if number > 1:
                links["prev"] = page_url(number - 1)
            if number < total_pages:
                links["next"] = page_url(number + 1)
            page = {
                "data": [self._finalize(member_id) for member_id in chunk],
                "pagination": {
                    "totalElements": len(member_ids),
                    "elementsPerPage": page_size,
                    "currentPage": number,
                    "totalPages": total_pages,
                },
                "links": links,
            }
            yield self.urls.relative_path(page_url(number)), page

    def _finalize(self, obj_id: str) -> JsonObject:
        """The object as published: embedded objects in place, ``modified`` raised."""
        done = self.final.get(obj_id)
        if done is not None:
            return done
        entry = self.entries[obj_id]
        result = dict(entry.obj)
        latest = parse_date_time(result["modified"], obj_id)
        for attribute, (_kind, is_list) in EMBEDDED.get(entry.kind, {}).items():
            ids = [i for i in _ids_in(result.pop(attribute, None)) if not self.entries[i].deleted]
            children = [self._finalize(child_id) for child_id in ids]
            for child in children:
                child_modified = parse_date_time(child["modified"], child["id"])
                if child_modified > latest:
                    latest, result["modified"] = child_modified, child["modified"]
            if is_list and (children or (entry.kind, attribute) == ("Body", "legislativeTerm")):
                result[attribute] = children
            elif children:
                result[attribute] = children[0]
        self.final[obj_id] = result
        return result


def _organizations_of(obj: Mapping[str, Any]) -> list[str]:
    """The ``organization`` attribute as a list (it is a list or a single URL)."""
    value = obj.get("organization")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _ids_in(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise PublicationError(f"expected ids, got {value!r:.200}")


def _put(files: dict[str, bytes], path: str, data: bytes) -> None:
    if path in files:
        raise PublicationError(f"two files of the publication at {path}")
    files[path] = data


def encode_json(obj: object) -> bytes:
    """JSON as published: UTF-8, sorted keys, 2-space indent, trailing newline."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=2)
    return (text + "\n").encode("utf-8")


def write_tree(root: Path, publication: RenderedPublication) -> WriteReport:
    """Write a rendered publication under ``root`` and remove what no longer belongs to it.

    Every file is replaced atomically (temporary file, fsync, rename over the old one), so a reader
    never sees half a file. Files whose bytes did not change are left alone: their
    modification time is what static servers turn into ``Last-Modified`` and ``ETag``,
    so an unchanged object keeps answering conditional requests with 304.

    Stale files are those the previous publication wrote (according to the manifest in
    the root) that are not part of this one; other files in ``root`` are never touched.
    The manifest is first extended with the new paths, so files written by an
    interrupted run are still known to, and cleaned up by, the next one.
    """
    root.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(root)
    current = {rel: _manifest_entry(data) for rel, data in publication.files.items()}
    _write_manifest(root, publication.base_url, {**previous, **current})
    written: list[str] = []
    unchanged: list[str] = []
    touched: set[Path] = {root}
    for rel, data in publication.files.items():
        path = _inside(root, rel)
        if _has_content(path, data):
            unchanged.append(rel)
            continue
        atomic_write(path, data, temporary=_temporary_path(path), sync_dir=False, make_parents=True)
        touched.add(path.parent)
        written.append(rel)
    removed = _remove_stale(root, sorted(set(previous) - set(current)))
    _write_manifest(root, publication.base_url, current)
    for directory in sorted(touched):
        sync_directory(directory)
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed), publication.total_bytes)


def _temporary_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_SUFFIX}")


def _has_content(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def _inside(root: Path, rel: str) -> Path:
    """``root / rel`` for a relative POSIX path that cannot leave ``root``."""
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or any(part in ("", ".", "..") for part in parts):
        raise PublicationError(f"not a safe relative path: {rel!r}")
    return root.joinpath(*parts)


def _manifest_entry(data: bytes) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def _read_manifest(root: Path) -> dict[str, dict[str, Any]]:
    try:
        manifest = json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        return {}
    return {rel: entry for rel, entry in files.items() if isinstance(rel, str)}


def _write_manifest(root: Path, base_url: str, files: Mapping[str, dict[str, Any]]) -> None:
    manifest = {"baseUrl": base_url, "files": dict(sorted(files.items()))}
    manifest_path = root / MANIFEST_NAME
    atomic_write(
        manifest_path,
        encode_json(manifest),
        temporary=_temporary_path(manifest_path),
        sync_dir=False,
        make_parents=True,
    )


def _remove_stale(root: Path, stale: Iterable[str]) -> list[str]:
    removed: list[str] = []
    for rel in stale:
        try:
            path = _inside(root, rel)
        except PublicationError:
            continue
        _temporary_path(path).unlink(missing_ok=True)
        if path.is_file():
            path.unlink()
            removed.append(rel)
        _remove_empty_parents(root, path.parent)
    return removed


def _remove_empty_parents(root: Path, directory: Path) -> None:
    while directory != root and root in directory.parents:
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
