"""The page index: real PDFs (made here with PyMuPDF), a real store and render worker.

The helpers at the top build a small library (committees, meetings, agenda items,
documents on them) that the search and search panel tests use too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from meetingapp.core.search import index as search_index
from meetingapp.core.search.index import (
    MARKERS,
    has_text,
    index_documents,
    normalised,
    remove_stale_entries,
)
from meetingapp.store import Store
from meetingapp.store.local import record_file_version
from tests.store_keys import TEST_KEYS

Page = str | None
"""A page's text; None for a scanned page (an image, no text)."""


def make_pdf(pages: Sequence[Page]) -> bytes:
    """A4 pages with the given text; a None page holds only an image, like a scan."""
    with pymupdf.open() as document:
        for text in pages:
            page = document.new_page(width=595, height=842)
            if text is None:
                pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
                pixmap.set_rect(pixmap.irect, (200, 200, 190))
                page.insert_image(pymupdf.Rect(50, 50, 545, 792), pixmap=pixmap)
            else:
                page.insert_textbox(pymupdf.Rect(60, 60, 535, 800), text, fontsize=11)
        return bytes(document.tobytes())


@dataclass
class LibraryBuilder:
    """Writes OParl-shaped rows straight into a store (what a sync would write)."""

    store: Store

    def committee(self, committee_id: str, name: str) -> None:
        with self.store.db.write() as db:
            db.execute(
                "INSERT INTO organization (id, name, raw) VALUES (?, ?, '{}')",
                (committee_id, name),
            )

    def meeting(self, meeting_id: str, name: str, start: str, committee_id: str) -> None:
        with self.store.db.write() as db:
            db.execute(
                "INSERT INTO meeting (id, name, start, raw) VALUES (?, ?, ?, '{}')",
                (meeting_id, name, start),
            )
            db.execute(
                "INSERT INTO meeting_organization (meeting_id, organization_id) VALUES (?, ?)",
                (meeting_id, committee_id),
            )

    def item(self, item_id: str, meeting_id: str, number: str, name: str) -> None:
        with self.store.db.write() as db:
            db.execute(
                "INSERT INTO agenda_item (id, meeting_id, position, number, name, raw) "
                "VALUES (?, ?, ?, ?, ?, '{}')",
                (item_id, meeting_id, int(number), number, name),
            )

    def paper(self, paper_id: str, name: str, item_ids: Sequence[str]) -> None:
        """A paper handled under these agenda items (one consultation each)."""
        with self.store.db.write() as db:
            db.execute("INSERT INTO paper (id, name, raw) VALUES (?, ?, '{}')", (paper_id, name))
            for item_id in item_ids:
                db.execute(
                    "INSERT INTO consultation (id, paper_id, agenda_item_id, raw) "
                    "VALUES (?, ?, ?, '{}')",
                    (f"{paper_id}/{item_id}", paper_id, item_id),
                )

    def document(
        self, file_id: str, name: str, owner_id: str, content: bytes, role: str = "auxiliary"
    ) -> int:
        """A file on ``owner_id`` with ``content`` as its (first) fetched version."""
        with self.store.db.write() as db:
            db.execute(
                "INSERT INTO file (id, name, file_name, mime_type, raw) "
                "VALUES (?, ?, ?, 'application/pdf', '{}')",
                (file_id, name, f"{file_id.rsplit('/', 1)[-1]}.pdf"),
            )
            db.execute(
                "INSERT INTO file_link (owner_id, file_id, role) VALUES (?, ?, ?)",
                (owner_id, file_id, role),
            )
        return self.version(file_id, content)

    def version(self, file_id: str, content: bytes) -> int:
        """Another fetched version of the file: the current one from now on."""
        sha256 = self.store.blobs.put_bytes(content)
        with self.store.db.write() as db:
            return record_file_version(db, file_id, sha256, len(content), None)


KS = "org/ks"
BUN = "org/bun"
KS_MEETING = "meeting/ks-1"
BUN_MEETING = "meeting/bun-1"
KS_ITEM = "item/ks-1-3"
BUN_ITEM = "item/bun-1-1"
BUDGET_FILE = "file/budget"
SCHOOL_FILE = "file/school"
SCAN_FILE = "file/scan"

BUDGET_PAGES: tuple[Page, ...] = (
    "Mål och budget 2027. Kommunstyrelsen föreslår att fullmäktige fastställer "
    "budgeten för 2027. Budgeten är i balans och budgetramen hålls.",
    "Investeringar. Förvaltningen föreslår åtgärder för att minska kostnaderna "
    "för lokaler. Detaljplan för skolan i Björkhagen är antagen.",
    "Bilaga: <b>Ej fetstil</b> & <script>alert(1)</script> nämns här tillsammans med budget.",
)
SCHOOL_PAGES: tuple[Page, ...] = (
    "Tjänsteskrivelse om skolan. Skolan i Björkhagen byggs ut; detaljplan "
    "antogs i fjol. Elevhälsan förstärks. atgard utan prickar skrivs fel här.",
    "Ekonomiska konsekvenser: budget för skolan räcker till utbyggnaden.",
)
SCAN_PAGES: tuple[Page, ...] = (
    "Protokollsutdrag från nämnden med beslut om skolskjuts för elever i Björkhagen.",
    None,
    None,
)


def build_library(store: Store) -> LibraryBuilder:
    """Two committees with one meeting each; a budget on KS, a school report on BUN
    (on a paper also handled by KS) and a partly scanned protokoll on BUN."""
    library = LibraryBuilder(store)
    library.committee(KS, "Kommunstyrelsen")
    library.committee(BUN, "Barn- och utbildningsnämnden")
    library.meeting(KS_MEETING, "Kommunstyrelsen 2026-11-24", "2026-11-24T13:00:00+01:00", KS)
    library.meeting(BUN_MEETING, "BUN 2026-10-14", "2026-10-14T18:00:00+02:00", BUN)
    library.item(KS_ITEM, KS_MEETING, "3", "Mål och budget 2027")
    library.item(BUN_ITEM, BUN_MEETING, "1", "Utbyggnad av Björkhagens skola")
    library.document(BUDGET_FILE, "Mål och budget 2027", KS_ITEM, make_pdf(BUDGET_PAGES))
    library.paper("paper/school", "Utbyggnad av skolan", [BUN_ITEM])
    library.document(
        SCHOOL_FILE, "Tjänsteskrivelse skola", "paper/school", make_pdf(SCHOOL_PAGES), "main"
    )
    library.document(SCAN_FILE, "Protokoll BUN", BUN_MEETING, make_pdf(SCAN_PAGES), "invitation")
    return library


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "data", TEST_KEYS)
    yield opened
    opened.close()


@pytest.fixture
def library(store: Store) -> LibraryBuilder:
    return build_library(store)


def indexed_versions(store: Store) -> dict[int, tuple[int, int, str | None]]:
    rows = store.db.read().execute(
        "SELECT version_id, pages, pages_without_text, error FROM search_version"
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def pages_matching(store: Store, match: str) -> list[tuple[str, int]]:
    rows = store.db.read().execute(
        "SELECT v.file_id, sp.page FROM page_fts JOIN search_page AS sp ON sp.id = page_fts.rowid "
        "JOIN file_version AS v ON v.id = sp.version_id WHERE page_fts MATCH ? "
        "ORDER BY v.file_id, sp.page",
        (match,),
    )
    return [(row[0], row[1]) for row in rows]


def test_indexes_every_page_and_marks_the_scanned_ones(
    store: Store, library: LibraryBuilder
) -> None:
    report = index_documents(store)

    assert report.documents_indexed == 3
    assert report.pages_indexed == len(BUDGET_PAGES) + len(SCHOOL_PAGES) + len(SCAN_PAGES)
    assert report.pages_without_text == 2
    assert report.documents_failed == 0
    assert not report.cancelled
    assert report.seconds > 0
    assert sorted(indexed_versions(store).values()) == [(2, 0, None), (3, 0, None), (3, 2, None)]
    scanned = store.db.read().execute(
        "SELECT sp.page, sp.has_text FROM search_page AS sp JOIN file_version AS v "
        "ON v.id = sp.version_id WHERE v.file_id = ? ORDER BY sp.page",
        (SCAN_FILE,),
    )
    assert [tuple(row) for row in scanned] == [(0, 1), (1, 0), (2, 0)]
    assert pages_matching(store, "skolskjuts") == [(SCAN_FILE, 0)]
    assert pages_matching(store, "åtgärder") == [(BUDGET_FILE, 1)]


def test_a_second_run_has_nothing_to_do(store: Store, library: LibraryBuilder) -> None:
    index_documents(store)
    before = indexed_versions(store)

    again = index_documents(store)

    assert (again.documents_indexed, again.pages_indexed, again.documents_removed) == (0, 0, 0)
    assert indexed_versions(store) == before


def test_a_new_version_replaces_the_old_ones_text(store: Store, library: LibraryBuilder) -> None:
    index_documents(store)
    old_version = next(iter(indexed_versions(store)))
    new_text = "Reviderad budget 2027 efter återremiss från fullmäktige."
    new_version = library.version(BUDGET_FILE, make_pdf([new_text]))
    # Until the indexer runs, nothing of the new version is found.
    assert pages_matching(store, "återremiss") == []

    report = index_documents(store)

    assert report.documents_removed == 1
    assert report.documents_indexed == 1
    assert pages_matching(store, "återremiss") == [(BUDGET_FILE, 0)]
    assert pages_matching(store, "budgetramen") == []  # only the old version had it
    versions = indexed_versions(store)
    assert new_version in versions
    assert old_version != new_version
    orphans = store.db.read().execute(
        "SELECT count(*) FROM page_fts WHERE rowid NOT IN (SELECT id FROM search_page)"
    )
    assert orphans.fetchone()[0] == 0


def test_a_removed_file_leaves_the_index(store: Store, library: LibraryBuilder) -> None:
    index_documents(store)
    with store.db.write() as db:
        db.execute("DELETE FROM file WHERE id = ?", (SCAN_FILE,))

    assert remove_stale_entries(store) == 1

    assert pages_matching(store, "skolskjuts") == []
    assert len(indexed_versions(store)) == 2


def test_an_unreadable_document_is_recorded_and_not_tried_again(
    store: Store, library: LibraryBuilder
) -> None:
    library.document("file/broken", "Trasig bilaga", KS_ITEM, b"%PDF-1.7 this is no PDF at all")

    report = index_documents(store)

    assert report.documents_failed == 1
    assert report.documents_indexed == 3
    errors = [error for _pages, _without, error in indexed_versions(store).values() if error]
    assert len(errors) == 1
    again = index_documents(store)
    assert again.documents_failed == 0
    assert again.documents_indexed == 0


def test_a_blob_missing_on_disk_is_left_for_a_later_run(
    store: Store, library: LibraryBuilder
) -> None:
    content = make_pdf(["Remissvar om kollektivtrafiken i Norrby."])
    version = library.document("file/gone", "Remissvar", KS_ITEM, content)
    sha256 = (
        store.db.read()
        .execute("SELECT blob_sha256 FROM file_version WHERE id = ?", (version,))
        .fetchone()[0]
    )
    store.blobs.remove(sha256)

    report = index_documents(store)

    assert report.documents_indexed == 3
    assert version not in indexed_versions(store)
    store.blobs.put_bytes(content)  # fetched again: the next run indexes it
    assert index_documents(store).documents_indexed == 1
    assert pages_matching(store, "kollektivtrafiken") == [("file/gone", 0)]


def test_cancelled_before_the_start_indexes_nothing(store: Store, library: LibraryBuilder) -> None:
    cancel = threading.Event()
    cancel.set()

    report = index_documents(store, cancel)

    assert report.cancelled
    assert report.documents_indexed == 0
    assert indexed_versions(store) == {}
    assert index_documents(store).documents_indexed == 3  # resumed by the next run


def test_a_run_resumes_with_what_an_interrupted_one_left(
    store: Store, library: LibraryBuilder
) -> None:
    """Versions are written whole, with their search_version row, so a run killed
    after some batches leaves finished documents that the next run skips."""
    first = max(row[0] for row in store.db.read().execute("SELECT id FROM file_version").fetchall())
    with store.db.write() as db:
        search_index.write_version(db, first, [normalised("Förhandsindexerad text om skolan.")])

    report = index_documents(store)

    assert report.documents_indexed == 2
    assert len(indexed_versions(store)) == 3


def test_text_past_the_workers_limit_is_read_page_by_page(
    store: Store, library: LibraryBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a limit the first page already reaches, every page after it comes from
    ``page_text``: the same words as ``document_text`` gives."""
    monkeypatch.setattr(search_index, "MAX_DOCUMENT_TEXT", 40)

    index_documents(store)

    assert pages_matching(store, "budgetramen") == [(BUDGET_FILE, 0)]
    assert pages_matching(store, "fetstil") == [(BUDGET_FILE, 2)]
    assert pages_matching(store, "utbyggnaden") == [(SCHOOL_FILE, 1)]


def test_text_is_normalised_for_the_index() -> None:
    assert normalised("a\u030atgärd") == "åtgärd"  # a + combining ring
    assert normalised("\ufb01nansieras") == "finansieras"  # the fi ligature
    assert normalised(f"fel{MARKERS[0]}aktig{MARKERS[1]}") == "felaktig"


def test_a_page_needs_some_letters_to_count_as_text() -> None:
    assert not has_text("")
    assert not has_text("  12  \n 3 ")
    assert not has_text("Inkom 2026-03-01")
    assert has_text("Förvaltningen föreslår att nämnden beslutar")
