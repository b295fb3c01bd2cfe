"""Peak memory of the reader after scrolling a 1,000-page document to the end.

The real reader (:class:`bench.qt.Reader`: a DocumentView, the PageRenderer and its
render worker process, in a shown 1200 × 900 window) runs in a fresh Python
process, shows a generated 1,000-page document and is scrolled from the first page
to the last at 25 pages a second (``bench.scroll``), every page rendered and
painted. Ours is the peak resident set (Linux ``VmHWM``) of the GUI process plus
that of the render worker process, read after the last page; the note gives both.
The sum errs on the high side: the two peaks need not coincide, and the shared
pixel buffers are resident in both processes. The baseline is the same sum in the
same processes just before scrolling, with page 1 shown: what showing the document
costs at all, so the ratio is what scrolling adds. The target is an absolute 400 MB.
The reader alone is measured, not the main window around it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.table import BenchResult

KEY = "memory"
NAME = "peak memory after scrolling 1,000 pages"
UNIT = "MB"
PAGES = 1000
TARGET_MB = 400
CHILD_TIMEOUT = 900.0
MAX_REPETITIONS = 3
"""A pass scrolls for 40 s; three are enough to see the spread."""

_PROC = Path("/proc")


@dataclass(frozen=True)
class Peaks:
    """Peak resident sets in MB, before and after scrolling."""

    gui_before: float
    worker_before: float
    gui_after: float
    worker_after: float
    images: int

    @property
    def before(self) -> float:
        return self.gui_before + self.worker_before

    @property
    def after(self) -> float:
        return self.gui_after + self.worker_after


def run(repetitions: int) -> BenchResult:
    return measure(PAGES, min(repetitions, MAX_REPETITIONS))


def measure(pages: int, repetitions: int) -> BenchResult:
    """Median peaks over ``repetitions`` fresh processes."""
    from bench.scroll import make_document

    if not (_PROC / "self" / "status").exists():
        return BenchResult(NAME, UNIT, None, None, repetitions, note="needs /proc (Linux)")
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as folder:
        path = make_document(Path(folder) / "long.pdf", pages)
        runs = [peaks_in_fresh_process(path) for _ in range(repetitions)]
    name = NAME if pages == PAGES else f"peak memory after scrolling {pages} pages"
    after = [peaks.after for peaks in runs]
    typical = sorted(runs, key=lambda peaks: peaks.after)[len(runs) // 2]
    return BenchResult(
        name=name,
        unit=UNIT,
        ours=statistics.median(after),
        baseline=statistics.median(peaks.before for peaks in runs),
        repetitions=repetitions,
        note=(
            f"peak RSS (VmHWM) of the GUI process + the render worker: "
            f"{typical.gui_after:.0f} + {typical.worker_after:.0f} MB after scrolling "
            f"({min(after):.0f}–{max(after):.0f} MB over the runs, {typical.images} page "
            f"images delivered), {typical.gui_before:.0f} + {typical.worker_before:.0f} MB with "
            f"page 1 shown (baseline); target ≤ {TARGET_MB} MB"
        ),
    )


def peaks_in_fresh_process(path: Path) -> Peaks:
    """Run the reader in a new interpreter; it prints its peaks as JSON."""
    root = Path(__file__).resolve().parents[1]
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    finished = subprocess.run(
        [sys.executable, "-m", "bench.memory", os.fspath(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=CHILD_TIMEOUT,
        env=environment,
        cwd=root,
    )
    return Peaks(**json.loads(finished.stdout.strip().splitlines()[-1]))


# --- Inside the fresh process ------------------------------------------------------


def peak_resident_mb(pid: int | None) -> float:
    """The peak resident set (VmHWM) of a process in MB, 0 when it is not there."""
    if pid is None:
        return 0.0
    try:
        status = (_PROC / str(pid) / "status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return float(line.split()[1]) * 1024 / 1e6
    return 0.0


def scroll_and_measure(path: Path) -> Peaks:
    """Show ``path`` in a fresh reader, scroll to the end; the peaks before and after."""
    from bench.qt import Reader
    from bench.scroll import scroll_reader

    with Reader() as reader:
        reader.show(path)
        assert "pymupdf" not in sys.modules, "the GUI process of the app never loads PyMuPDF"
        gui_before = peak_resident_mb(os.getpid())
        worker_before = peak_resident_mb(reader.worker_pid)
        _stall, images = scroll_reader(reader, reader.pdf_view.page_count)
        return Peaks(
            gui_before=gui_before,
            worker_before=worker_before,
            gui_after=peak_resident_mb(os.getpid()),
            worker_after=peak_resident_mb(reader.worker_pid),
            images=images,
        )


def main(argv: list[str]) -> int:
    (path,) = argv
    peaks = scroll_and_measure(Path(path))
    print(json.dumps(peaks.__dict__))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
