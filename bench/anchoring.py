"""Re-anchoring annotations on a new version of their document.

Speed: 1,000 annotations made on the first version of a 300-page document are
placed on its revised second version (:func:`meetingapp.core.annotations.anchoring.reanchor`,
given the old version's text, as the app gives it). The baseline is the physical
limit of the step before it: PyMuPDF reading the words of the new version's 300
pages (``page.get_text("words")``, as the render worker does), without which
nothing can be placed. The target is under a second.

Accuracy: the revision corpus of :mod:`tests.revision_corpus` (50 documents of 2 to
30 pages with known answers): the share of the placeable annotations placed at
the right place, with the old text (ours) and from the selectors alone (baseline),
and how many were placed wrong or sent to review.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.table import BenchResult
from bench.timing import paired_medians, seconds
from meetingapp.core.annotations.anchoring import reanchor
from meetingapp.core.annotations.text import PageText
from tests.revision_corpus import read_words, revised_document, revision_corpus, tally

KEY = "anchoring"
NAME = "re-anchor 1,000 annotations on a revised 300-page document"
CORPUS_KEY = "anchoring-corpus"
CORPUS_NAME = "re-anchoring accuracy on the revision corpus"
SEED = 303
LENGTH = 310
"""Asked of the generator: with this seed, about 300 pages in each version."""
ANNOTATIONS = 1000
TARGET_SECONDS = 1.0


def run(repetitions: int) -> BenchResult:
    with tempfile.TemporaryDirectory(prefix="bench-anchoring-") as folder:
        document = revised_document(Path(folder), "big", SEED, LENGTH, annotations_per_page=5)
        annotations = [case.annotation for case in document.cases[:ANNOTATIONS]]
        old = document.v1.pages()

        def ours() -> float:
            pages = document.v2.pages()  # as the caller gets them: words → page texts
            return seconds(lambda: reanchor(annotations, pages, old))

        def baseline() -> float:
            return seconds(lambda: [PageText.of(words) for words in read_words(document.v2.path)])

        ours(), baseline()  # warm-up
        ours_median, baseline_median = paired_medians(ours, baseline, repetitions)
        selectors = seconds(lambda: reanchor(annotations, document.v2.pages()))
        pages = len(document.v2.words)
    return BenchResult(
        name=NAME,
        unit="ms",
        ours=ours_median * 1000,
        baseline=baseline_median * 1000,
        repetitions=repetitions,
        note=(
            f"{len(annotations)} annotations, {pages} pages; reanchor with the old text vs "
            f"PyMuPDF reading the new version's words; from the selectors alone "
            f"{selectors * 1000:.0f} ms; target < {TARGET_SECONDS:g} s"
        ),
    )


def run_corpus(repetitions: int) -> BenchResult:
    with tempfile.TemporaryDirectory(prefix="bench-anchoring-corpus-") as folder:
        corpus = revision_corpus(Path(folder), 50)
        located = tally(corpus, reanchor)
        alone = tally(corpus, reanchor, with_old_text=False)
    return BenchResult(
        name=CORPUS_NAME,
        unit="% right",
        ours=100 * located.share_right,
        baseline=100 * alone.share_right,
        repetitions=1,
        comparable=False,
        note=(
            f"{len(corpus)} documents, {located.placeable} placeable annotations; "
            f"with the old text: {located.wrong} wrong, {located.review} to review; "
            f"selectors alone (baseline): {alone.wrong} wrong, {alone.review} to review"
        ),
    )
