"""The user's annotations on documents: rows of their own, never inside the PDF.

Every change is one write transaction, so an annotation is durable the moment the
call returns (the database runs with ``synchronous = FULL``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from meetingapp.store import sql
from meetingapp.store.local import utc_now

Rect = tuple[float, float, float, float]
"""x0, y0, x1, y1 in page points as displayed (the page's rotation applied)."""
Point = tuple[float, float]
Stroke = tuple[Point, ...]


class Kind(StrEnum):
    HIGHLIGHT = "highlight"
    UNDERLINE = "underline"
    STRIKEOUT = "strikeout"
    INK = "ink"
    NOTE = "note"
    """A sticky note with a comment at a point."""
    TEXTBOX = "textbox"
    """Text written on the page in a box; the text is the comment."""


def union(rects: Iterable[Rect]) -> Rect:
    """The smallest rectangle holding all of ``rects`` (at least one)."""
    x0s, y0s, x1s, y1s = zip(*rects, strict=True)
    return (min(x0s), min(y0s), max(x1s), max(y1s))


TEXT_KINDS = frozenset({Kind.HIGHLIGHT, Kind.UNDERLINE, Kind.STRIKEOUT})
"""The kinds made on selected text, shown as one rectangle per line."""


class AnchorState(StrEnum):
    PLACED = "placed"
    """Where the user put it (or verified unchanged on a new version)."""
    MOVED = "moved"
    """Carried to a new version of the document at another place; the user may look."""
    REVIEW = "review"
    """Could not be placed on the new version with confidence; kept on its old one."""


@dataclass(frozen=True, slots=True)
class TextQuote:
    """Which text an annotation is about (W3C text-quote and text-position selectors).

    ``start`` counts characters into the page's text: its words joined by single
    spaces, in content order (:mod:`meetingapp.core.annotations.text`).
    """

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None


@dataclass(frozen=True, slots=True)
class Geometry:
    rects: tuple[Rect, ...] = ()
    """Text marks: one per line; a text box: its box; a note: its point as an empty box."""
    strokes: tuple[Stroke, ...] = ()
    """Ink: the strokes as drawn."""
    width: float = 0.0
    """Ink: the pen's width in points; text box: the font size."""
    anchor: Rect | None = None
    """Ink, note, text box: the box of the nearby words (the quote) when it was made,
    so that a re-anchoring can move the mark by as much as those words moved."""

    def bounds(self) -> Rect:
        points = [(x, y, x, y) for stroke in self.strokes for x, y in stroke]
        boxes = [*self.rects, *points]
        return union(boxes) if boxes else (0.0, 0.0, 0.0, 0.0)

    def moved_by(self, dx: float, dy: float) -> Geometry:
        return Geometry(
            rects=tuple((r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy) for r in self.rects),
            strokes=tuple(tuple((x + dx, y + dy) for x, y in s) for s in self.strokes),
            width=self.width,
            anchor=None
            if self.anchor is None
            else (
                self.anchor[0] + dx,
                self.anchor[1] + dy,
                self.anchor[2] + dx,
                self.anchor[3] + dy,
            ),
        )


@dataclass(frozen=True, slots=True)
class Annotation:
    uid: str
    file_id: str
    version_id: int | None
    kind: Kind
    colour: str
    """``#rrggbb``."""
    page: int
    geometry: Geometry
    quote: TextQuote = field(default_factory=lambda: TextQuote(""))
    comment: str = ""
    state: AnchorState = AnchorState.PLACED
    previous_version_id: int | None = None
    previous_page: int | None = None
    checked_version_id: int | None = None
    """The newest version a re-anchoring tried; for REVIEW newer than ``version_id``."""
    created_at: str = ""
    modified_at: str = ""

    @classmethod
    def new(
        cls,
        file_id: str,
        version_id: int | None,
        kind: Kind,
        page: int,
        geometry: Geometry,
        *,
        colour: str,
        quote: TextQuote | None = None,
        comment: str = "",
    ) -> Annotation:
        now = utc_now()
        return cls(
            uid=uuid.uuid4().hex,
            file_id=file_id,
            version_id=version_id,
            kind=kind,
            colour=colour,
            page=page,
            geometry=geometry,
            quote=quote or TextQuote(""),
            comment=comment,
            created_at=now,
            modified_at=now,
        )

    def edited(self, **changes: Any) -> Annotation:
        """A copy with ``changes`` and a new modification time."""
        return replace(self, modified_at=utc_now(), **changes)


_COLUMNS = (
    "uid, file_id, version_id, kind, colour, page, geometry, quote_exact, quote_prefix, "
    "quote_suffix, quote_start, comment, anchor_state, previous_version_id, previous_page, "
    "checked_version_id, created_at, modified_at"
)


def _geometry_json(geometry: Geometry) -> str:
    data: dict[str, Any] = {}
    if geometry.rects:
        data["rects"] = [list(rect) for rect in geometry.rects]
    if geometry.strokes:
        data["strokes"] = [[list(point) for point in stroke] for stroke in geometry.strokes]
    if geometry.width:
        data["width"] = geometry.width
    if geometry.anchor is not None:
        data["anchor"] = list(geometry.anchor)
    return json.dumps(data, separators=(",", ":"))


def _geometry(text: str) -> Geometry:
    data = json.loads(text)
    return Geometry(
        rects=tuple(_rect(r) for r in data.get("rects", ())),
        strokes=tuple(
            tuple((float(p[0]), float(p[1])) for p in stroke) for stroke in data.get("strokes", ())
        ),
        width=float(data.get("width", 0.0)),
        anchor=None if "anchor" not in data else _rect(data["anchor"]),
    )


def _rect(values: Sequence[float]) -> Rect:
    return (float(values[0]), float(values[1]), float(values[2]), float(values[3]))


def _values(annotation: Annotation) -> tuple[object, ...]:
    quote = annotation.quote
    return (
        annotation.uid,
        annotation.file_id,
        annotation.version_id,
        annotation.kind.value,
        annotation.colour,
        annotation.page,
        _geometry_json(annotation.geometry),
        quote.exact,
        quote.prefix,
        quote.suffix,
        quote.start,
        annotation.comment,
        annotation.state.value,
        annotation.previous_version_id,
        annotation.previous_page,
        annotation.checked_version_id,
        annotation.created_at,
        annotation.modified_at,
    )


def _annotation(row: sql.Row) -> Annotation:
    return Annotation(
        uid=row["uid"],
        file_id=row["file_id"],
        version_id=row["version_id"],
        kind=Kind(row["kind"]),
        colour=row["colour"],
        page=row["page"],
        geometry=_geometry(row["geometry"]),
        quote=TextQuote(
            row["quote_exact"], row["quote_prefix"], row["quote_suffix"], row["quote_start"]
        ),
        comment=row["comment"],
        state=AnchorState(row["anchor_state"]),
        previous_version_id=row["previous_version_id"],
        previous_page=row["previous_page"],
        checked_version_id=row["checked_version_id"],
        created_at=row["created_at"],
        modified_at=row["modified_at"],
    )


def save_annotation(db: sql.Connection, annotation: Annotation) -> None:
    """Insert the annotation, or replace the stored one with the same ``uid``.

    A version it names that is gone, or is another file's, is not named: a view
    can outlive the version it shows (retention may remove it meanwhile), and
    the mark must be kept, to be placed again, not refused.
    """
    annotation = _on_existing_versions(db, annotation)
    placeholders = ", ".join("?" * len(_COLUMNS.split(",")))
    updates = ", ".join(
        f"{name.strip()} = excluded.{name.strip()}" for name in _COLUMNS.split(",")[1:]
    )
    db.execute(
        f"INSERT INTO annotation ({_COLUMNS}) VALUES ({placeholders}) "
        f"ON CONFLICT (uid) DO UPDATE SET {updates}",
        _values(annotation),
    )


def _on_existing_versions(db: sql.Connection, annotation: Annotation) -> Annotation:
    named = {
        annotation.version_id,
        annotation.previous_version_id,
        annotation.checked_version_id,
    } - {None}
    if not named:
        return annotation
    marks = ", ".join("?" * len(named))
    rows = db.execute(
        f"SELECT id FROM file_version WHERE file_id = ? AND id IN ({marks})",
        (annotation.file_id, *named),
    )
    present = {row[0] for row in rows}
    if named <= present:
        return annotation
    return replace(
        annotation,
        version_id=annotation.version_id if annotation.version_id in present else None,
        previous_version_id=(
            annotation.previous_version_id if annotation.previous_version_id in present else None
        ),
        checked_version_id=(
            annotation.checked_version_id if annotation.checked_version_id in present else None
        ),
    )


def save_annotations(db: sql.Connection, annotations: Iterable[Annotation]) -> None:
    for annotation in annotations:
        save_annotation(db, annotation)


def delete_annotation(db: sql.Connection, uid: str) -> None:
    db.execute("DELETE FROM annotation WHERE uid = ?", (uid,))


def get_annotation(db: sql.Connection, uid: str) -> Annotation | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM annotation WHERE uid = ?", (uid,)).fetchone()
    return None if row is None else _annotation(row)


def annotations_of_file(db: sql.Connection, file_id: str) -> list[Annotation]:
    """All of a file's annotations, whatever version they are on, in page order."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM annotation WHERE file_id = ? ORDER BY page, id", (file_id,)
    )
    return [_annotation(row) for row in rows]


def annotations_of_files(db: sql.Connection, file_ids: Sequence[str]) -> list[Annotation]:
    if not file_ids:
        return []
    marks = ", ".join("?" * len(file_ids))
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM annotation WHERE file_id IN ({marks}) ORDER BY page, id",
        tuple(file_ids),
    )
    return [_annotation(row) for row in rows]


def files_with_annotations_off_version(db: sql.Connection) -> list[tuple[str, int]]:
    """(file, current version) of the files with annotations that were neither placed
    on nor tried against the file's current version: the re-anchoring's work."""
    rows = db.execute(
        "SELECT DISTINCT a.file_id, v.id FROM annotation AS a "
        "JOIN file_version AS v ON v.file_id = a.file_id "
        "WHERE v.id = (SELECT id FROM file_version WHERE file_id = a.file_id "
        "              ORDER BY fetched_at DESC, id DESC LIMIT 1) "
        "AND a.version_id IS NOT v.id AND a.checked_version_id IS NOT v.id"
    )
    return [(row[0], row[1]) for row in rows]
