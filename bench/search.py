"""Full-text search: query time over 10,000 indexed pages, and indexing throughput.

The corpus is 40 documents of 250 A4 pages of varied Swedish prose (the demo's
generator), on the agenda items of 20 meetings of 4 committees; it is generated
with PyMuPDF once per run into a temporary folder.

*Queries* run :func:`meetingapp.core.search.query.search` end to end, as the search panel
calls it: parsing, the ranked pages, notes and comments, the counts, snippets,
meetings and committees of the hits returned, and what cannot be searched; some
with a committee or date filter, some prefixes as typed. Reported: the median
over every query of every repetition (target < 20 ms), the 95th percentile in
the note. There is no baseline for it.

*Indexing* runs :func:`meetingapp.core.search.index.index_documents` on a fresh copy of
the store (starting the render worker, the text of every page, the writes); the
baseline is the raw text extraction of the same pages in one process
(``pymupdf.open`` and ``page.get_text()``). Both are given as pages per second, so
here a higher ratio is better (target ≥ 0.7).
"""

from __future__ import annotations

import atexit
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.table import BenchResult
from bench.timing import paired_medians, seconds
from meetingapp.core.search.index import index_documents
from meetingapp.core.search.query import SearchFilters, search
from meetingapp.demo.prose import THEMES, Prose
from meetingapp.store import Store, StoreKeys, sql
from meetingapp.store.local import record_file_version

BENCH_KEYS = StoreKeys.generate()
"""One key for the run: a data directory made by one step is opened by the next."""

KEY = "search"
NAME = "full-text search query (10,000 pages)"
INDEX_KEY = "search-index"
INDEX_NAME = "search indexing (10,000 pages)"
DOCUMENTS = 40
PAGES_PER_DOCUMENT = 250
COMMITTEES = 4
MEETINGS = 20
TARGET_QUERY_MS = 20.0
TARGET_INDEX_RATIO = 0.7

QUERIES: tuple[tuple[str, SearchFilters], ...] = (
    ("budget", SearchFilters()),
    ("budg", SearchFilters()),
    ("förskola", SearchFilters()),
    ("skolskjuts", SearchFilters()),
    ("behöriga lärare", SearchFilters()),
    ('"miljoner kronor"', SearchFilters()),
    ("kostnaderna ökar", SearchFilters()),
    ("äldreomsorg", SearchFilters()),
    ("hemtjänst", SearchFilters()),
    ("detaljplan", SearchFilters()),
    ("kollektivtrafik", SearchFilters()),
    ("försörjningsstöd", SearchFilters()),
    ("förvaltningen planerar", SearchFilters()),
    ("psykisk ohälsa", SearchFilters()),
    ("ko", SearchFilters()),
    ("upphandl", SearchFilters()),
    ("budget", SearchFilters(committee_ids=frozenset({"org/1"}))),
    ("lokaler", SearchFilters(date_from=date(2026, 9, 1), date_to=date(2026, 12, 31))),
    ("elevhälsa", SearchFilters(committee_ids=frozenset({"org/2"}), date_from=date(2026, 3, 1))),
    ("ingenting som finns", SearchFilters()),
)
"""What members search for: common and rare words, prefixes as typed, phrases, filters."""


@dataclass(frozen=True)
class Corpus:
    """The generated PDFs and a store that has them as fetched documents, not indexed."""

    pdfs: tuple[Path, ...]
    pages: int
    template: Path
    """A data dir with the store; copy it before indexing."""


_corpora: dict[tuple[int, int], Corpus] = {}


def run(repetitions: int) -> BenchResult:
    return measure_queries(DOCUMENTS, PAGES_PER_DOCUMENT, repetitions)


def run_indexing(repetitions: int) -> BenchResult:
    return measure_indexing(DOCUMENTS, PAGES_PER_DOCUMENT, repetitions)


def measure_queries(documents: int, pages_per_document: int, repetitions: int) -> BenchResult:
    corpus = corpus_of(documents, pages_per_document)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        data_dir = Path(folder) / "data"
        shutil.copytree(corpus.template, data_dir)
        store = Store(data_dir, BENCH_KEYS)
        try:
            index_documents(store)
            times = query_times(store, QUERIES, repetitions)
        finally:
            store.close()
    median = statistics.median(times) * 1000
    p95 = statistics.quantiles(times, n=20)[-1] * 1000 if len(times) > 1 else median
    return BenchResult(
        name=NAME if corpus.pages == DOCUMENTS * PAGES_PER_DOCUMENT else _sized(corpus),
        unit="ms",
        ours=median,
        baseline=None,
        repetitions=repetitions,
        note=(
            f"median of {len(QUERIES)} queries × {repetitions}; p95 {p95:.1f} ms; "
            f"search() end to end; target median < {TARGET_QUERY_MS:g} ms"
        ),
        comparable=False,
    )


def query_times(
    store: Store, queries: Sequence[tuple[str, SearchFilters]], repetitions: int
) -> list[float]:
    """Seconds of every query of every repetition, after one warm-up pass."""
    db = store.db.read()
    for query, filters in queries:
        search(db, query, filters)
    times = []
    for _ in range(repetitions):
        for query, filters in queries:
            times.append(seconds(lambda query=query, filters=filters: search(db, query, filters)))
    return times


def measure_indexing(documents: int, pages_per_document: int, repetitions: int) -> BenchResult:
    corpus = corpus_of(documents, pages_per_document)
    with tempfile.TemporaryDirectory(prefix="bench-search-index-") as folder:

        def ours() -> float:
            return index_fresh_copy(corpus, Path(folder))

        def baseline() -> float:
            return seconds(lambda: extract_in_process(corpus.pdfs))

        ours_seconds, baseline_seconds = paired_medians(ours, baseline, repetitions)
    return BenchResult(
        name=INDEX_NAME if corpus.pages == DOCUMENTS * PAGES_PER_DOCUMENT else _sized(corpus),
        unit="pages/s",
        ours=corpus.pages / ours_seconds,
        baseline=corpus.pages / baseline_seconds,
        repetitions=repetitions,
        note=(
            "index_documents (worker start, text, FTS5 writes) vs page.get_text() "
            f"in-process; higher is better, target ratio ≥ {TARGET_INDEX_RATIO:g}"
        ),
    )


def index_fresh_copy(corpus: Corpus, folder: Path) -> float:
    """Seconds :func:`index_documents` takes on a copy of the unindexed store."""
    data_dir = folder / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.copytree(corpus.template, data_dir)
    store = Store(data_dir, BENCH_KEYS)
    try:
        start = time.perf_counter()
        report = index_documents(store)
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    assert report.pages_indexed == corpus.pages, report
    return elapsed


def extract_in_process(pdfs: Sequence[Path]) -> int:
    """Raw PyMuPDF: every page's text of every document; returns the characters."""
    import pymupdf

    characters = 0
    for path in pdfs:
        with pymupdf.open(path) as document:
            for page in document:
                characters += len(page.get_text())
    return characters


def _sized(corpus: Corpus) -> str:
    return f"search ({len(corpus.pdfs)} × {corpus.pages // len(corpus.pdfs)} pages)"


# --- The corpus ----------------------------------------------------------------------


def corpus_of(documents: int, pages_per_document: int) -> Corpus:
    """The corpus of that size, generated on first use in this run."""
    key = (documents, pages_per_document)
    if key not in _corpora:
        folder = Path(tempfile.mkdtemp(prefix="bench-search-corpus-"))
        atexit.register(shutil.rmtree, folder, True)
        _corpora[key] = _build_corpus(folder, documents, pages_per_document)
    return _corpora[key]


def _build_corpus(folder: Path, documents: int, pages_per_document: int) -> Corpus:
    pdfs = tuple(
        make_document(folder / f"document-{number}.pdf", number, pages_per_document)
        for number in range(documents)
    )
    template = folder / "data"
    store = Store(template, BENCH_KEYS)
    try:
        _record_library(store, pdfs)
    finally:
        store.close()
    return Corpus(pdfs, documents * pages_per_document, template)


def make_document(path: Path, number: int, pages: int) -> Path:
    """Pages of running text of the document's themes, as in a budget or a report."""
    import pymupdf

    themes = sorted(THEMES)
    prose = Prose(seed=number, year=2026)
    with pymupdf.open() as document:
        for index in range(pages):
            page = document.new_page(width=595, height=842)
            theme = themes[(number + index // 20) % len(themes)]
            heading = f"{theme.capitalize()} – avsnitt {index + 1}"
            page.insert_text((60, 60), heading, fontsize=14)
            text = "\n\n".join(prose.paragraphs(theme, 4))
            page.insert_textbox(pymupdf.Rect(60, 80, 535, 800), text, fontsize=10)
        document.save(path, garbage=1, deflate=True)
    return path


def _record_library(store: Store, pdfs: Sequence[Path]) -> None:
    """Committees, meetings through the year, one agenda item and document per PDF."""
    with store.db.write() as db:
        for number in range(COMMITTEES):
            db.execute(
                "INSERT INTO organization (id, name, raw) VALUES (?, ?, '{}')",
                (f"org/{number}", f"Nämnd {number}"),
            )
        for number in range(MEETINGS):
            start = f"2026-{1 + number * 11 // MEETINGS:02d}-{10 + number % 15:02d}T18:00:00+01:00"
            db.execute(
                "INSERT INTO meeting (id, name, start, raw) VALUES (?, ?, ?, '{}')",
                (f"meeting/{number}", f"Sammanträde {number}", start),
            )
            db.execute(
                "INSERT INTO meeting_organization (meeting_id, organization_id) VALUES (?, ?)",
                (f"meeting/{number}", f"org/{number % COMMITTEES}"),
            )
        for number, path in enumerate(pdfs):
            _record_document(store, db, number, path)


def _record_document(store: Store, db: sql.Connection, number: int, path: Path) -> None:
    item, file_id = f"item/{number}", f"file/{number}"
    db.execute(
        "INSERT INTO agenda_item (id, meeting_id, position, number, name, raw) "
        "VALUES (?, ?, ?, ?, ?, '{}')",
        (item, f"meeting/{number % MEETINGS}", number, str(number), f"Ärende {number}"),
    )
    db.execute(
        "INSERT INTO file (id, name, file_name, mime_type, raw) "
        "VALUES (?, ?, ?, 'application/pdf', '{}')",
        (file_id, f"Handling {number}", path.name),
    )
    db.execute(
        "INSERT INTO file_link (owner_id, file_id, role) VALUES (?, ?, 'auxiliary')",
        (item, file_id),
    )
    content = path.read_bytes()
    record_file_version(db, file_id, store.blobs.put_bytes(content), len(content), None)
