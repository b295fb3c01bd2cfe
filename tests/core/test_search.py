"""Searching: the query language, ranking, snippets, filters, notes and comments.

The library of tests/core/test_search_index.py (real PDFs indexed by the real render
worker) is built once for the read-only tests; tests that write get their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from meetingapp.core.search.index import MARKERS, index_documents
from meetingapp.core.search.query import (
    CommentHit,
    DocumentHit,
    Hit,
    NoteHit,
    SearchFilters,
    Snippet,
    parse_query,
    search,
    search_coverage,
)
from meetingapp.store import Store, sql
from meetingapp.store.annotations import Annotation, Geometry, Kind, save_annotation
from meetingapp.store.notes import NoteKind, save_note
from tests.core.test_search_index import (
    BUDGET_FILE,
    BUN,
    BUN_ITEM,
    BUN_MEETING,
    KS,
    KS_ITEM,
    KS_MEETING,
    SCAN_FILE,
    SCHOOL_FILE,
    LibraryBuilder,
    build_library,
    make_pdf,
)
from tests.store_keys import TEST_KEYS

START, END = MARKERS


def add_user_texts(store: Store) -> str:
    """A note on the KS item, one on the BUN meeting, and a commented highlight on the
    budget; returns the annotation's uid."""
    annotation = Annotation.new(
        BUDGET_FILE,
        None,
        Kind.HIGHLIGHT,
        1,
        Geometry(rects=((60.0, 80.0, 300.0, 95.0),)),
        colour="#ffe066",
        comment="Fråga om lokalkostnaderna och budgetramen",
    )
    with store.db.write() as db:
        save_note(db, KS_ITEM, NoteKind.AGENDA_ITEM, "Yrka **återremiss** om budgeten.")
        save_note(db, BUN_MEETING, NoteKind.MEETING, "Ta upp skolskjutsen i Björkhagen.")
        save_annotation(db, annotation)
    return annotation.uid


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    store = Store(tmp_path_factory.mktemp("search") / "data", TEST_KEYS)
    build_library(store)
    uid = add_user_texts(store)
    index_documents(store)
    yield store, uid
    store.close()


@pytest.fixture
def store(indexed: tuple[Store, str]) -> Store:
    return indexed[0]


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[Store, LibraryBuilder]]:
    opened = Store(tmp_path / "data", TEST_KEYS)
    yield opened, build_library(opened)
    opened.close()


def pages(hits: tuple[Hit, ...]) -> list[tuple[str, int]]:
    return [(hit.file_id, hit.page) for hit in hits if isinstance(hit, DocumentHit)]


def documents_found(store: Store, query: str, filters: SearchFilters | None = None) -> set[str]:
    return {file_id for file_id, _page in pages(search(store.db.read(), query, filters).hits)}


# --- The query ---------------------------------------------------------------------


def test_bare_words_are_anded_prefixes_and_phrases_stay_phrases() -> None:
    parsed = parse_query('budg  "detaljplan för skolan" Björk')

    assert parsed.words == ("budg", "Björk")
    assert parsed.phrases == ("detaljplan för skolan",)
    assert parsed.match == '"budg"* AND "Björk"* AND "detaljplan för skolan"'


def test_a_phrase_being_typed_matches_its_last_word_as_a_prefix() -> None:
    assert parse_query('"detaljplan fö').match == '"detaljplan fö"*'


def test_a_one_letter_word_is_no_prefix() -> None:
    assert parse_query("i skolan").match == '"i" AND "skolan"*'


@pytest.mark.parametrize("query", ["", "   ", '""', '"  "', "- * ( ) :", "^", '"""'])
def test_nothing_to_search_finds_nothing(store: Store, query: str) -> None:
    results = search(store.db.read(), query)

    assert parse_query(query).is_empty
    assert results.hits == ()
    assert results.total == 0


@pytest.mark.parametrize(
    "query",
    [
        'budget"',
        "budget OR",
        "NOT budget",
        "budget AND",
        "NEAR(budget skolan",
        "body:budget",
        "budget*",
        "-budget",
        "(budget)",
        "^budget",
        "budget + skolan",
        "{body}: budget",
        "budget\\",
        "'budget'",
        "budget\x00",
        "budget\ud800",
        f"budget{START}",
    ],
)
def test_fts_syntax_in_the_input_is_text_not_syntax(store: Store, query: str) -> None:
    results = search(store.db.read(), query)

    assert results.page_count >= 0  # no error; what the words say is searched
    if query.strip(f" \\'\x00\ud800{START}(){{}}:^*+-\"").lower() == "budget":
        assert BUDGET_FILE in {hit.file_id for hit in results.hits if isinstance(hit, DocumentHit)}


def test_an_unbalanced_quote_searches_the_rest_as_a_phrase(store: Store) -> None:
    assert pages(search(store.db.read(), '"detaljplan för sk').hits) == [(BUDGET_FILE, 1)]


# --- Finding -----------------------------------------------------------------------


def test_a_prefix_finds_the_longer_words(store: Store) -> None:
    results = search(store.db.read(), "budg")

    assert (BUDGET_FILE, 0) in pages(results.hits)
    snippet = next(hit.snippet for hit in results.hits if isinstance(hit, DocumentHit))
    marked = {text.lower() for text, term in snippet.parts() if term}
    assert marked <= {"budget", "budgeten", "budgetramen"}
    assert "budgeten" in marked or "budget" in marked


def test_a_phrase_needs_its_words_in_order(store: Store) -> None:
    assert pages(search(store.db.read(), '"detaljplan för skolan"').hits) == [(BUDGET_FILE, 1)]
    assert pages(search(store.db.read(), '"skolan för detaljplan"').hits) == []
    assert set(pages(search(store.db.read(), "skolan detaljplan").hits)) == {
        (BUDGET_FILE, 1),
        (SCHOOL_FILE, 0),
    }


def test_swedish_letters_are_letters_of_their_own(store: Store) -> None:
    assert pages(search(store.db.read(), "åtgärder").hits) == [(BUDGET_FILE, 1)]
    assert pages(search(store.db.read(), "ÅTGÄRD").hits) == [(BUDGET_FILE, 1)]
    assert pages(search(store.db.read(), "atgard").hits) == [(SCHOOL_FILE, 0)]
    assert pages(search(store.db.read(), "björkhagen").hits) != []
    assert pages(search(store.db.read(), "bjorkhagen").hits) == []


def test_a_query_in_decomposed_form_finds_the_composed_text(store: Store) -> None:
    assert pages(search(store.db.read(), "a\u030atga\u0308rder").hits) == [(BUDGET_FILE, 1)]


def test_all_words_must_match(store: Store) -> None:
    assert documents_found(store, "skolan elevhälsan") == {SCHOOL_FILE}
    assert documents_found(store, "skolan fullmäktige") == set()


def test_ranking_puts_the_page_about_it_first(store: Store) -> None:
    """The budget's first page says "budget" three times; others once."""
    ranked = pages(search(store.db.read(), "budget").hits)

    assert ranked[0] == (BUDGET_FILE, 0)
    assert set(ranked) == {(BUDGET_FILE, 0), (BUDGET_FILE, 2), (SCHOOL_FILE, 1)}


def test_a_limit_keeps_the_best_and_counts_all(store: Store) -> None:
    results = search(store.db.read(), "budget", limit=1)

    assert len(results.hits) == 1
    assert results.page_count == 3
    assert results.total >= 3


def test_document_hits_say_where_they_are(store: Store) -> None:
    hit = next(
        hit for hit in search(store.db.read(), "budgetramen").hits if isinstance(hit, DocumentHit)
    )

    assert (hit.file_id, hit.page, hit.document_name) == (BUDGET_FILE, 0, "Mål och budget 2027")
    assert hit.context.meeting_id == KS_MEETING
    assert hit.context.item_id == KS_ITEM
    assert (hit.context.item_number, hit.context.item_name) == ("3", "Mål och budget 2027")
    assert hit.context.committee_name == "Kommunstyrelsen"
    assert hit.context.meeting_start is not None
    assert hit.context.meeting_start.date() == date(2026, 11, 24)


def test_a_papers_document_belongs_to_the_meeting_that_handles_it(store: Store) -> None:
    hit = next(
        hit for hit in search(store.db.read(), "elevhälsan").hits if isinstance(hit, DocumentHit)
    )

    assert hit.file_id == SCHOOL_FILE
    assert (hit.context.meeting_id, hit.context.item_id) == (BUN_MEETING, BUN_ITEM)
    assert hit.context.committee_name == "Barn- och utbildningsnämnden"


# --- Snippets ----------------------------------------------------------------------


def test_snippets_mark_the_terms_and_escape_the_documents_markup(store: Store) -> None:
    hit = next(
        hit for hit in search(store.db.read(), "fetstil").hits if isinstance(hit, DocumentHit)
    )

    rendered = hit.snippet.html()
    assert "<b>fetstil</b>" in rendered.lower()
    assert "&lt;b&gt;" in rendered
    assert "&lt;script&gt;" in rendered
    assert "<script>" not in rendered
    assert "&amp;" in rendered
    assert START not in hit.snippet.plain
    assert "<script>alert(1)</script>" in hit.snippet.plain


def test_snippet_parts_and_custom_marks() -> None:
    snippet = Snippet(f"före {START}budget{END} & <i>efter</i>")

    assert snippet.parts() == [("före ", False), ("budget", True), (" & <i>efter</i>", False)]
    assert snippet.html("<mark>", "</mark>") == (
        "före <mark>budget</mark> &amp; &lt;i&gt;efter&lt;/i&gt;"
    )


# --- Filters -------------------------------------------------------------------------


def test_a_committee_filter_keeps_its_meetings_documents(store: Store) -> None:
    assert documents_found(store, "björkhagen", SearchFilters(frozenset({KS}))) == {BUDGET_FILE}
    assert documents_found(store, "björkhagen", SearchFilters(frozenset({BUN}))) == {
        SCHOOL_FILE,
        SCAN_FILE,
    }
    assert documents_found(store, "björkhagen", SearchFilters(frozenset({KS, BUN}))) == {
        BUDGET_FILE,
        SCHOOL_FILE,
        SCAN_FILE,
    }


def test_a_date_range_keeps_the_meetings_within_it(store: Store) -> None:
    october = SearchFilters(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))
    from_november = SearchFilters(date_from=date(2026, 11, 24))
    until_november = SearchFilters(date_to=date(2026, 11, 23))

    assert documents_found(store, "björkhagen", october) == {SCHOOL_FILE, SCAN_FILE}
    assert documents_found(store, "björkhagen", from_november) == {BUDGET_FILE}
    assert documents_found(store, "björkhagen", until_november) == {SCHOOL_FILE, SCAN_FILE}
    assert documents_found(store, "björkhagen", SearchFilters(date_from=date(2027, 1, 1))) == set()


def test_counts_follow_the_filters(store: Store) -> None:
    everywhere = search(store.db.read(), "björkhagen")
    in_ks = search(store.db.read(), "björkhagen", SearchFilters(frozenset({KS})))

    assert everywhere.page_count == 3
    assert in_ks.page_count == 1


# --- Notes and comments -----------------------------------------------------------------


def test_notes_are_found_with_their_meeting(store: Store) -> None:
    notes = [hit for hit in search(store.db.read(), "återremiss").hits if isinstance(hit, NoteHit)]

    assert len(notes) == 1
    note = notes[0]
    assert (note.object_id, note.kind, note.title) == (
        KS_ITEM,
        NoteKind.AGENDA_ITEM,
        "Mål och budget 2027",
    )
    assert note.context.meeting_id == KS_MEETING
    assert "<b>återremiss</b>" in note.snippet.html()


def test_annotation_comments_are_found(indexed: tuple[Store, str]) -> None:
    store, uid = indexed
    comments = [
        hit for hit in search(store.db.read(), "lokalkostnader").hits if isinstance(hit, CommentHit)
    ]

    assert [(hit.uid, hit.file_id, hit.page) for hit in comments] == [(uid, BUDGET_FILE, 1)]
    assert comments[0].document_name == "Mål och budget 2027"
    assert comments[0].context.committee_name == "Kommunstyrelsen"


def test_filters_apply_to_notes_and_comments(store: Store) -> None:
    in_bun = search(store.db.read(), "budgeten", SearchFilters(frozenset({BUN})))
    in_ks = search(store.db.read(), "budgeten", SearchFilters(frozenset({KS})))
    skolskjuts_in_ks = search(store.db.read(), "skolskjutsen", SearchFilters(frozenset({KS})))

    assert not any(isinstance(hit, NoteHit) for hit in in_bun.hits)
    assert any(isinstance(hit, NoteHit) for hit in in_ks.hits)
    assert skolskjuts_in_ks.note_count == 0
    assert search(store.db.read(), "skolskjutsen").note_count == 1


def test_the_best_of_each_source_come_first(store: Store) -> None:
    """ "budgetramen": one page, one comment; "budgeten": pages and a note. The user's
    own words come before a page of equal rank."""
    kinds = [type(hit) for hit in search(store.db.read(), "budgetramen").hits]
    assert kinds == [CommentHit, DocumentHit]
    mixed = [type(hit) for hit in search(store.db.read(), "budgeten").hits]
    assert mixed[0] is NoteHit
    assert DocumentHit in mixed


# --- Highlighting in the viewer ----------------------------------------------------------


def test_the_viewer_highlights_the_phrase_or_the_longest_word() -> None:
    assert parse_query('budget "detaljplan för" skolan').highlight == "detaljplan för"
    assert parse_query("KS budgeten (2027)").highlight == "budgeten"
    assert parse_query("(skolan),").highlight == "skolan"
    assert parse_query("").highlight == ""


def test_results_carry_the_highlight(store: Store) -> None:
    assert search(store.db.read(), '"detaljplan för"').highlight == "detaljplan för"


# --- What cannot be searched ----------------------------------------------------------


def test_coverage_reports_scans_per_scope(store: Store) -> None:
    everything = search_coverage(store.db.read())
    in_bun = search(store.db.read(), "skolan", SearchFilters(frozenset({BUN}))).coverage
    in_ks = search_coverage(store.db.read(), SearchFilters(frozenset({KS})))

    assert (everything.pages_without_text, everything.documents_without_text) == (2, 1)
    assert (in_bun.pages_without_text, in_bun.documents_without_text) == (2, 1)
    assert (in_ks.pages_without_text, in_ks.documents_without_text) == (0, 0)
    assert everything.documents_not_indexed == 0


def test_coverage_counts_documents_not_indexed_and_failed(
    fresh: tuple[Store, LibraryBuilder],
) -> None:
    store, library = fresh
    assert search_coverage(store.db.read()).documents_not_indexed == 3
    library.document("file/broken", "Trasig", KS_ITEM, b"%PDF-1.4 broken")
    index_documents(store)
    library.version(BUDGET_FILE, make_pdf(["Reviderad budget efter återremiss."]))

    coverage = search_coverage(store.db.read())

    assert coverage.documents_failed == 1
    assert coverage.documents_not_indexed == 1
    assert search_coverage(store.db.read(), SearchFilters(frozenset({BUN}))).documents_failed == 0


def test_a_page_of_a_replaced_version_is_not_shown(fresh: tuple[Store, LibraryBuilder]) -> None:
    store, library = fresh
    index_documents(store)
    library.version(BUDGET_FILE, make_pdf(["Reviderad budget efter återremiss."]))

    before = search(store.db.read(), "budgetramen")
    index_documents(store)
    after = search(store.db.read(), "återremiss")

    assert pages(before.hits) == []  # the old version's page is left out at once
    assert pages(after.hits) == [(BUDGET_FILE, 0)]


# --- Cost ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [SearchFilters(), SearchFilters(frozenset({KS}), date_from=date(2026, 1, 1))],
    ids=["everything", "filtered"],
)
def test_ranked_queries_let_fts5_sort_by_rank(store: Store, filters: SearchFilters) -> None:
    """FTS5 consumes ORDER BY rank (no temporary b-tree at the top of the plan), so
    the LIMIT stops the scan and snippets are made only for the rows returned. (The
    filter's UNION of ids may sort inside its own subquery.)"""
    statements: list[str] = []
    connection = sql.connect_encrypted(store.db.path, TEST_KEYS.database)
    connection.row_factory = sql.Row
    connection.set_trace_callback(statements.append)
    try:
        search(connection, "budget", filters)
        ranked = [
            statement
            for statement in statements
            if "ORDER BY" in statement and "snippet(" in statement
        ]
        plans = [
            " / ".join(
                str(row[3])
                for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}")
                if row[1] == 0  # the statement's own steps, not its subqueries'
            )
            for statement in ranked
        ]
    finally:
        connection.close()

    assert len(plans) == 3  # pages, notes, comments
    for plan in plans:
        assert "FOR ORDER BY" not in plan, plan


def test_the_benchmark_measures_with_a_tiny_corpus() -> None:
    from bench.search import measure_indexing, measure_queries

    queries = measure_queries(documents=2, pages_per_document=3, repetitions=1)
    indexing = measure_indexing(documents=2, pages_per_document=3, repetitions=1)

    assert queries.ours is not None and queries.ours > 0
    assert indexing.ours is not None and indexing.ours > 0
    assert indexing.baseline is not None and indexing.baseline > 0
