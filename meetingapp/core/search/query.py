"""Full-text search over the documents on this machine, the user's notes and comments.

**The query.** What the user types is never handed to FTS5 as syntax: every bare
word becomes a quoted string that also matches as a prefix (``budg`` finds
"budget" and "budgeten", search as you type), and text in double quotes a phrase
(one still being typed, without its closing quote, matches its last word as a
prefix). All parts must match (AND). Characters FTS5 would read as operators are
inside quotes, so no input can make the query fail. The index folds case for
every letter but keeps å, ä and ö distinct from a and o ("åtgärd" does not find
"atgard"); the query is NFKC-normalised like the indexed text.

**Ranking.** Each source — document pages, notes, annotation comments — is
ranked by bm25 in its own FTS5 table. The scores of different tables do not
compare (each has its own corpus statistics: a word in every note is rare among
pages), so the three lists are merged by reciprocal rank: a hit's score is
``1 / (RRF_K + its rank in its list)``. The best page, the best note and the best
comment therefore come first, then the second of each, and so on; on equal score
the user's own words (note, comment) come before a page.

**Cost.** The ranked queries read only the FTS index (and, with filters, the
rowid of each match against the pages in scope); snippets, names, meetings and
committees are looked up only for the hits returned.

**Snippets** come from FTS5 ``snippet()`` with the matched terms between two
Unicode noncharacters (which the indexer removes from the text):
:meth:`Snippet.html` escapes the document's text first and then marks the
terms, so text from a document can never become markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from meetingapp.core.search.index import MARKERS
from meetingapp.store import sql
from meetingapp.store.notes import NoteKind
from meetingapp.store.timestamps import parse_timestamp

MAX_QUERY_LENGTH: Final = 500
"""Characters of the query that are searched; the rest is ignored."""
DEFAULT_LIMIT: Final = 50
RRF_K: Final = 60
"""The usual constant of reciprocal rank fusion: how much the first places weigh
more than the later ones."""
SNIPPET_TOKENS: Final = 18
ELLIPSIS: Final = "…"
MIN_PREFIX_LENGTH: Final = 2
"""A last word shorter than this matches only as a whole word: a one-letter prefix
matches nearly everything, and slowly (the index keeps prefixes of 2 and 3)."""

_START, _END = MARKERS
_PHRASE = re.compile(r'"([^"]*)("?)')
_WORD_CHARACTERS = re.compile(r"[^\W_]+")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_UNSEARCHABLE: Final = dict.fromkeys(
    (*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), *map(ord, MARKERS)), " "
)
"""Control characters (a NUL would end the query early), lone surrogates (not
UTF-8) and the snippet markers become spaces."""


# --- The query ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """The user's query, understood."""

    text: str
    words: tuple[str, ...] = ()
    """Bare words, as typed (each also matches as a prefix)."""
    phrases: tuple[str, ...] = ()
    match: str = ""
    """The FTS5 MATCH expression; empty when there is nothing to search."""

    @property
    def is_empty(self) -> bool:
        return not self.match

    @property
    def highlight(self) -> str:
        """What the viewer's find (a plain, case-insensitive substring search) should
        look for on the page opened: the first phrase, else the longest word without
        the punctuation around it. A prefix as typed ("budg") highlights every form
        of the word on the page ("budget", "budgeten")."""
        if self.phrases:
            return self.phrases[0]
        words = [_EDGE_PUNCTUATION.sub("", word) for word in self.words]
        return max(words, key=len, default="")


def parse_query(text: str) -> ParsedQuery:
    """Bare words AND-ed (each also a prefix), ``"quoted phrases"`` as phrases."""
    text = unicodedata.normalize("NFKC", text[:MAX_QUERY_LENGTH]).translate(_UNSEARCHABLE)
    words: list[str] = []
    phrases: list[tuple[str, bool]] = []
    position = 0
    for found in _PHRASE.finditer(text):
        words += text[position : found.start()].split()
        phrases.append((" ".join(found.group(1).split()), bool(found.group(2))))
        position = found.end()
    words += text[position:].split()
    words = _unique(word for word in words if _WORD_CHARACTERS.search(word))
    kept = [(phrase, closed) for phrase, closed in phrases if _WORD_CHARACTERS.search(phrase)]
    parts = [_fts_string(word, prefix=True) for word in words]
    parts += [_fts_string(phrase, prefix=not closed) for phrase, closed in kept]
    return ParsedQuery(
        text=text,
        words=tuple(words),
        phrases=tuple(phrase for phrase, _closed in kept),
        match=" AND ".join(parts),
    )


def _unique(words: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for word in words:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            unique.append(word)
    return unique


def _fts_string(text: str, *, prefix: bool) -> str:
    """``text`` as an FTS5 string (a phrase of its tokens); with ``prefix`` its last
    token also matches as the start of a longer one."""
    quoted = '"' + text.replace('"', '""') + '"'
    last = _WORD_CHARACTERS.findall(text)[-1]
    return quoted + "*" if prefix and len(last) >= MIN_PREFIX_LENGTH else quoted


# --- What is searched and what is found ---------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Where to search: some committees (organization ids; none = all) and a range of
    meeting dates (either end open). A filter keeps what belongs to a meeting that
    passes it; notes and documents belonging to no meeting pass no filter."""

    committee_ids: frozenset[str] = frozenset()
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_empty(self) -> bool:
        return not self.committee_ids and self.date_from is None and self.date_to is None


@dataclass(frozen=True, slots=True)
class Snippet:
    """Text around the match, the matched terms between two markers."""

    marked: str

    def parts(self) -> list[tuple[str, bool]]:
        """(text, is a matched term) in order."""
        parts: list[tuple[str, bool]] = []
        for number, piece in enumerate(re.split(f"[{_START}{_END}]", self.marked)):
            if piece:
                parts.append((piece, number % 2 == 1))
        return parts

    @property
    def plain(self) -> str:
        return self.marked.replace(_START, "").replace(_END, "")

    def html(self, start: str = "<b>", end: str = "</b>") -> str:
        """Rich text for a label: the text escaped, then the terms wrapped."""
        return "".join(
            f"{start}{html.escape(text)}{end}" if term else html.escape(text)
            for text, term in self.parts()
        )


@dataclass(frozen=True, slots=True)
class HitContext:
    """The meeting (and agenda item) a hit belongs to; for something on the agenda of
    several meetings, the latest of those that pass the filters."""

    meeting_id: str | None = None
    meeting_name: str = ""
    meeting_start: datetime | None = None
    item_id: str | None = None
    item_number: str | None = None
    item_name: str = ""
    committee_id: str | None = None
    committee_name: str = ""


@dataclass(frozen=True, slots=True)
class DocumentHit:
    """A page of a document."""

    file_id: str
    version_id: int
    page: int
    """0-based page index."""
    document_name: str
    snippet: Snippet
    context: HitContext = field(default_factory=HitContext)


@dataclass(frozen=True, slots=True)
class NoteHit:
    """The user's note on a meeting, an agenda item or a paper."""

    object_id: str
    kind: NoteKind
    title: str
    """The name of what the note is about."""
    snippet: Snippet
    context: HitContext = field(default_factory=HitContext)


@dataclass(frozen=True, slots=True)
class CommentHit:
    """The comment of one of the user's annotations."""

    uid: str
    file_id: str
    page: int
    document_name: str
    snippet: Snippet
    context: HitContext = field(default_factory=HitContext)


Hit = DocumentHit | NoteHit | CommentHit


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of what is in scope the search cannot see."""

    pages_without_text: int = 0
    """Pages (scans) of indexed current versions without text."""
    documents_without_text: int = 0
    """Documents with at least one such page."""
    documents_not_indexed: int = 0
    """Documents on this machine whose current version is not indexed yet."""
    documents_failed: int = 0
    """Documents whose text could not be read at all."""


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: ParsedQuery
    hits: tuple[Hit, ...] = ()
    """The best hits of all sources, merged (see the module's description)."""
    page_count: int = 0
    """Matching pages in scope (more than the document hits returned, perhaps)."""
    note_count: int = 0
    comment_count: int = 0
    coverage: Coverage = field(default_factory=Coverage)

    @property
    def total(self) -> int:
        return self.page_count + self.note_count + self.comment_count

    @property
    def highlight(self) -> str:
        return self.query.highlight


# --- Scope: which meetings, files and objects the filters keep ----------------------

_FILE_MEETINGS: Final = """
SELECT l.file_id, l.owner_id AS meeting_id, NULL AS item_id
    FROM file_link AS l JOIN meeting AS m ON m.id = l.owner_id {where}
UNION SELECT l.file_id, a.meeting_id, a.id
    FROM file_link AS l JOIN agenda_item AS a ON a.id = l.owner_id {where}
UNION SELECT l.file_id, a.meeting_id, a.id FROM file_link AS l
    JOIN consultation AS c ON c.paper_id = l.owner_id
    JOIN agenda_item AS a ON a.id = c.agenda_item_id {where}
UNION SELECT l.file_id, a.meeting_id, a.id FROM file_link AS l
    JOIN consultation AS c ON c.paper_id = l.owner_id
    JOIN agenda_item AS a ON a.consultation_id = c.id {where}
"""
"""(file, meeting, agenda item) for every meeting a file is on the agenda of: its
own files, its items' files and the files of the papers its items handle."""

_OBJECT_MEETINGS: Final = """
SELECT m.id AS object_id, m.id AS meeting_id, NULL AS item_id FROM meeting AS m
    WHERE m.id {where}
UNION SELECT a.id, a.meeting_id, a.id FROM agenda_item AS a WHERE a.id {where}
UNION SELECT c.paper_id, a.meeting_id, a.id FROM consultation AS c
    JOIN agenda_item AS a ON a.id = c.agenda_item_id WHERE c.paper_id {where}
UNION SELECT c.paper_id, a.meeting_id, a.id FROM consultation AS c
    JOIN agenda_item AS a ON a.consultation_id = c.id WHERE c.paper_id {where}
"""
"""(object, meeting, agenda item) for the objects notes are written on."""


class _Scope:
    """The filters as SQL: named parameters and the subqueries that use them."""

    def __init__(self, filters: SearchFilters) -> None:
        self.filters = filters
        self.parameters: dict[str, object] = {}
        conditions = []
        if filters.committee_ids:
            names, committees = _named("committee", filters.committee_ids)
            self.parameters.update(committees)
            conditions.append(
                "m.id IN (SELECT mo.meeting_id FROM meeting_organization AS mo "
                f"WHERE mo.organization_id IN ({names}))"
            )
        if filters.date_from is not None:
            self.parameters["date_from"] = filters.date_from.isoformat()
            conditions.append("substr(m.start, 1, 10) >= :date_from")
        if filters.date_to is not None:
            self.parameters["date_to"] = filters.date_to.isoformat()
            conditions.append("substr(m.start, 1, 10) <= :date_to")
        self.meetings = "SELECT m.id FROM meeting AS m WHERE " + (" AND ".join(conditions) or "1")

    @property
    def files(self) -> str:
        """The ids of the files belonging to a meeting in scope."""
        return (
            "SELECT file_id FROM ("
            + _FILE_MEETINGS.format(where="")
            + f") WHERE meeting_id IN ({self.meetings})"
        )

    @property
    def objects(self) -> str:
        return (
            "SELECT object_id FROM ("
            + _OBJECT_MEETINGS.format(where="IS NOT NULL")
            + f") WHERE meeting_id IN ({self.meetings})"
        )


# --- Searching -----------------------------------------------------------------------


def search(
    db: sql.Connection,
    query: str,
    filters: SearchFilters | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResults:
    """The best ``limit`` hits for ``query`` among everything in scope."""
    parsed = parse_query(query)
    scope = _Scope(filters or SearchFilters())
    coverage = search_coverage(db, scope.filters)
    if parsed.is_empty or limit < 1:
        return SearchResults(parsed, coverage=coverage)
    searcher = _Searcher(db, parsed, scope, limit)
    pages = searcher.ranked_pages()
    notes = searcher.ranked_notes()
    comments = searcher.ranked_comments()
    contexts = _Contexts(db, scope)
    hits = _merge(
        [
            _comment_hits(db, comments, contexts),
            _note_hits(db, notes, contexts),
            _document_hits(db, pages, contexts),
        ],
        limit,
    )
    return SearchResults(
        parsed,
        hits=tuple(hits),
        page_count=searcher.count_pages(),
        note_count=searcher.count("note"),
        comment_count=searcher.count("annotation"),
        coverage=coverage,
    )


class _Searcher:
    """The ranked (and counting) queries of one search, in each FTS5 table."""

    def __init__(self, db: sql.Connection, query: ParsedQuery, scope: _Scope, limit: int) -> None:
        self.db = db
        self.scope = scope
        self.parameters = {
            "match": query.match,
            "limit": limit,
            "mark_start": _START,
            "mark_end": _END,
            "ellipsis": ELLIPSIS,
            "tokens": SNIPPET_TOKENS,
            **scope.parameters,
        }

    def _page_filter(self) -> tuple[str, str]:
        """The join and condition that keep the pages in scope."""
        if self.scope.filters.is_empty:
            return "", ""
        return (
            "JOIN search_page AS sp ON sp.id = page_fts.rowid "
            "JOIN file_version AS v ON v.id = sp.version_id",
            f"AND v.file_id IN ({self.scope.files})",
        )

    def ranked_pages(self) -> Ranked:
        join, condition = self._page_filter()
        rows = self.db.execute(
            f"SELECT page_fts.rowid, {_snippet('page_fts')} FROM page_fts {join} "
            f"WHERE page_fts MATCH :match {condition} ORDER BY page_fts.rank LIMIT :limit",
            self.parameters,
        )
        return _ranked_rows(rows)

    def count_pages(self) -> int:
        join, condition = self._page_filter()
        row = self.db.execute(
            f"SELECT count(*) FROM page_fts {join} WHERE page_fts MATCH :match {condition}",
            self.parameters,
        ).fetchone()
        return int(row[0])

    def _user_filter(self, table: str) -> str:
        if self.scope.filters.is_empty:
            return ""
        if table == "note":
            return f"AND t.object_id IN ({self.scope.objects})"
        return f"AND t.file_id IN ({self.scope.files})"

    def _ranked(self, table: str) -> Ranked:
        rows = self.db.execute(
            f"SELECT t.id, {_snippet(f'{table}_fts')} FROM {table}_fts "
            f"JOIN {table} AS t ON t.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH :match {self._user_filter(table)} "
            f"ORDER BY {table}_fts.rank LIMIT :limit",
            self.parameters,
        )
        return _ranked_rows(rows)

    def ranked_notes(self) -> Ranked:
        return self._ranked("note")

    def ranked_comments(self) -> Ranked:
        return self._ranked("annotation")

    def count(self, table: str) -> int:
        row = self.db.execute(
            f"SELECT count(*) FROM {table}_fts JOIN {table} AS t ON t.id = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH :match {self._user_filter(table)}",
            self.parameters,
        ).fetchone()
        return int(row[0])


def _merge(ranked_lists: Sequence[Sequence[Hit]], limit: int) -> list[Hit]:
    """Reciprocal rank fusion; on equal score the earlier list first."""
    scored = [
        (1.0 / (RRF_K + rank + 1), order, rank, hit)
        for order, hits in enumerate(ranked_lists)
        for rank, hit in enumerate(hits)
    ]
    scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    return [entry[3] for entry in scored[:limit]]


Ranked = dict[int, Snippet]
"""Row ids in rank order, with their snippets."""


def _snippet(table: str) -> str:
    """The snippet column of a ranked query. FTS5 sorts by rank itself (no temporary
    b-tree: see the tests), so SQLite computes it only for the rows returned."""
    return f"snippet({table}, 0, :mark_start, :mark_end, :ellipsis, :tokens)"


def _ranked_rows(rows: Iterable[sql.Row]) -> Ranked:
    return {row[0]: Snippet(" ".join(str(row[1]).split())) for row in rows}


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _rows_by_id(db: sql.Connection, query: str, ids: list[int]) -> dict[int, sql.Row]:
    """The rows of ``query`` (whose ``{ids}`` is the list of wanted ids) by their id:
    the hits' details, read only for the hits returned."""
    return {row["id"]: row for row in db.execute(query.format(ids=_marks(len(ids))), ids)}


def _document_hits(db: sql.Connection, ranked: Ranked, contexts: _Contexts) -> list[DocumentHit]:
    """The hits of the ranked pages, in rank order; a page of a version that stopped
    being current since it was indexed (the indexer has not run yet) is left out."""
    if not ranked:
        return []
    rowids = list(ranked)
    rows = _rows_by_id(
        db,
        "SELECT sp.id, sp.page, v.id AS version_id, v.file_id, f.name, f.file_name "
        "FROM search_page AS sp JOIN file_version AS v ON v.id = sp.version_id "
        "JOIN file AS f ON f.id = v.file_id "
        "WHERE sp.id IN ({ids}) AND v.id = ("
        "SELECT c.id FROM file_version AS c WHERE c.file_id = v.file_id "
        "ORDER BY c.fetched_at DESC, c.id DESC LIMIT 1)",
        rowids,
    )
    files = contexts.of_files({row["file_id"] for row in rows.values()})
    return [
        DocumentHit(
            file_id=row["file_id"],
            version_id=row["version_id"],
            page=row["page"],
            document_name=row["name"] or row["file_name"] or "",
            snippet=ranked[rowid],
            context=files.get(row["file_id"], HitContext()),
        )
        for rowid in rowids
        if (row := rows.get(rowid)) is not None
    ]


def _note_hits(db: sql.Connection, ranked: Ranked, contexts: _Contexts) -> list[NoteHit]:
    if not ranked:
        return []
    ids = list(ranked)
    rows = _rows_by_id(
        db,
        "SELECT n.id, n.object_id, n.kind, COALESCE("
        "(SELECT name FROM meeting WHERE id = n.object_id), "
        "(SELECT name FROM agenda_item WHERE id = n.object_id), "
        "(SELECT name FROM paper WHERE id = n.object_id), '') AS title "
        "FROM note AS n WHERE n.id IN ({ids})",
        ids,
    )
    objects = contexts.of_objects({row["object_id"] for row in rows.values()})
    return [
        NoteHit(
            object_id=row["object_id"],
            kind=NoteKind(row["kind"]),
            title=row["title"],
            snippet=ranked[note_id],
            context=objects.get(row["object_id"], HitContext()),
        )
        for note_id in ids
        if (row := rows.get(note_id)) is not None
    ]


def _comment_hits(db: sql.Connection, ranked: Ranked, contexts: _Contexts) -> list[CommentHit]:
    if not ranked:
        return []
    ids = list(ranked)
    rows = _rows_by_id(
        db,
        "SELECT a.id, a.uid, a.file_id, a.page, COALESCE(f.name, f.file_name, '') AS name "
        "FROM annotation AS a LEFT JOIN file AS f ON f.id = a.file_id WHERE a.id IN ({ids})",
        ids,
    )
    files = contexts.of_files({row["file_id"] for row in rows.values()})
    return [
        CommentHit(
            uid=row["uid"],
            file_id=row["file_id"],
            page=row["page"],
            document_name=row["name"],
            snippet=ranked[annotation_id],
            context=files.get(row["file_id"], HitContext()),
        )
        for annotation_id in ids
        if (row := rows.get(annotation_id)) is not None
    ]


class _Contexts:
    """Meetings, agenda items and committees of the hits returned."""

    def __init__(self, db: sql.Connection, scope: _Scope) -> None:
        self.db = db
        self.scope = scope

    def of_files(self, file_ids: set[str]) -> dict[str, HitContext]:
        names, parameters = _named("file", file_ids)
        return self._contexts(
            _FILE_MEETINGS.format(where=f"WHERE l.file_id IN ({names})"), parameters
        )

    def of_objects(self, object_ids: set[str]) -> dict[str, HitContext]:
        names, parameters = _named("object", object_ids)
        return self._contexts(_OBJECT_MEETINGS.format(where=f"IN ({names})"), parameters)

    def _contexts(self, owners: str, parameters: dict[str, object]) -> dict[str, HitContext]:
        if not parameters:
            return {}
        in_scope = "" if self.scope.filters.is_empty else f"WHERE m.id IN ({self.scope.meetings})"
        rows = self.db.execute(
            "SELECT owner.*, m.name AS meeting_name, m.start, a.number, a.name AS item_name "
            f"FROM ({owners}) AS owner JOIN meeting AS m ON m.id = owner.meeting_id "
            f"LEFT JOIN agenda_item AS a ON a.id = owner.item_id {in_scope}",
            {**parameters, **self.scope.parameters},
        ).fetchall()
        latest: dict[str, sql.Row] = {}
        for row in rows:
            key = row[0]
            if key not in latest or (row["start"] or "") > (latest[key]["start"] or ""):
                latest[key] = row
        committees = self._committees({row["meeting_id"] for row in latest.values()})
        return {
            key: _context(row, committees.get(row["meeting_id"])) for key, row in latest.items()
        }

    def _committees(self, meeting_ids: set[str]) -> dict[str, tuple[str, str]]:
        """One committee per meeting: one the filter asked for, else the first by name."""
        if not meeting_ids:
            return {}
        rows = self.db.execute(
            "SELECT mo.meeting_id, o.id, o.name FROM meeting_organization AS mo "
            "JOIN organization AS o ON o.id = mo.organization_id "
            f"WHERE mo.meeting_id IN ({_marks(len(meeting_ids))}) ORDER BY o.name",
            sorted(meeting_ids),
        )
        wanted = self.scope.filters.committee_ids
        chosen: dict[str, tuple[str, str]] = {}
        for meeting_id, committee_id, name in rows:
            if meeting_id not in chosen or (
                committee_id in wanted and chosen[meeting_id][0] not in wanted
            ):
                chosen[meeting_id] = (committee_id, name)
        return chosen


def _named(prefix: str, values: Iterable[str]) -> tuple[str, dict[str, object]]:
    """Named parameters for an IN list: ":file0, :file1…" and their values."""
    parameters: dict[str, object] = {
        f"{prefix}{number}": value for number, value in enumerate(sorted(values))
    }
    return ", ".join(f":{name}" for name in parameters), parameters


def _context(row: sql.Row, committee: tuple[str, str] | None) -> HitContext:
    return HitContext(
        meeting_id=row["meeting_id"],
        meeting_name=row["meeting_name"],
        meeting_start=parse_timestamp(row["start"]),
        item_id=row["item_id"],
        item_number=row["number"],
        item_name=row["item_name"] or "",
        committee_id=committee[0] if committee else None,
        committee_name=committee[1] if committee else "",
    )


# --- What cannot be searched --------------------------------------------------------


def search_coverage(db: sql.Connection, filters: SearchFilters | None = None) -> Coverage:
    """Of the documents on this machine in scope: pages without text, documents not
    indexed yet and documents that could not be read."""
    scope = _Scope(filters or SearchFilters())
    in_scope = "" if scope.filters.is_empty else f"AND v.file_id IN ({scope.files})"
    row = db.execute(
        "SELECT count(*) FILTER (WHERE s.version_id IS NULL), "
        "count(*) FILTER (WHERE s.error IS NOT NULL), "
        "count(*) FILTER (WHERE s.pages_without_text > 0), "
        "COALESCE(sum(s.pages_without_text), 0) "
        "FROM file_version AS v JOIN file AS f ON f.id = v.file_id "
        "LEFT JOIN search_version AS s ON s.version_id = v.id "
        "WHERE v.id = (SELECT c.id FROM file_version AS c WHERE c.file_id = v.file_id "
        f"ORDER BY c.fetched_at DESC, c.id DESC LIMIT 1) {in_scope}",
        scope.parameters,
    ).fetchone()
    return Coverage(
        pages_without_text=int(row[3]),
        documents_without_text=int(row[2]),
        documents_not_indexed=int(row[0]),
        documents_failed=int(row[1]),
    )
