"""Peak memory while reading a 1,000-page document from the first page to the last.

Every page is rendered at scale 1.5 in order and the reader keeps the pixels of
the last 12 pages, as a view's image cache would. Ours: the render pipeline
(``RenderWorker.render_pages``); the peak is the resident memory of the client
plus the worker process, sampled every few milliseconds. The baseline is the same
loop with PyMuPDF in one process. Each side runs in a fresh Python process, so
that nothing this process did before is counted. Shared pixel buffers are mapped
by both processes and counted twice, so ours errs on the high side. Needs
``/proc`` (Linux).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.table import BenchResult

KEY = "memory"
NAME = "peak memory rendering 1,000 pages"
UNIT = "MB"
PAGES = 1000
SCALE = 1.5
KEPT = 12
"""Pages of pixels the reader keeps."""
TARGET_MB = 400
SAMPLE_INTERVAL = 0.005
CHILD_TIMEOUT = 600.0

_PROC = Path("/proc")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def run(repetitions: int) -> BenchResult:
    return measure(PAGES, repetitions)


def measure(pages: int, repetitions: int) -> BenchResult:
    """Median peak (MB) over ``repetitions`` runs of each side."""
    from bench.render import make_text_packet  # PyMuPDF: not in the measured processes

    if not (_PROC / "self" / "statm").exists():
        return BenchResult(NAME, UNIT, None, None, repetitions, note="needs /proc (Linux)")
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as folder:
        path = make_text_packet(Path(folder) / "long.pdf", pages)
        ours, baseline = [], []
        for _ in range(repetitions):
            baseline.append(peak_in_fresh_process("baseline", path))
            ours.append(peak_in_fresh_process("ours", path))
    name = NAME if pages == PAGES else f"peak memory rendering {pages} pages"
    return BenchResult(
        name=name,
        unit=UNIT,
        ours=statistics.median(ours),
        baseline=statistics.median(baseline),
        repetitions=repetitions,
        note=(
            f"scale {SCALE:g}, {KEPT} pages kept; RSS client + worker vs one PyMuPDF "
            f"process; target ≤ {TARGET_MB} MB"
        ),
    )


def peak_in_fresh_process(side: str, path: Path) -> float:
    """Run one side in a new interpreter; it prints its peak in MB as JSON."""
    root = Path(__file__).resolve().parents[1]
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    finished = subprocess.run(
        [sys.executable, "-m", "bench.memory", side, os.fspath(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=CHILD_TIMEOUT,
        env=environment,
        cwd=root,
    )
    return float(json.loads(finished.stdout.strip().splitlines()[-1])["peak_mb"])


# --- Inside the fresh process ------------------------------------------------------


def resident_bytes(pid: int | None) -> int:
    """Resident set size of a process, 0 when it is not (or no longer) there."""
    if pid is None:
        return 0
    try:
        fields = (_PROC / str(pid) / "statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * _PAGE_SIZE


@contextmanager
def sampled_peak(pids: Callable[[], list[int | None]]) -> Iterator[list[int]]:
    """Sample the summed RSS of ``pids()`` until the block ends; yields [peak]."""
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while True:
            peak[0] = max(peak[0], sum(resident_bytes(pid) for pid in pids()))
            if done.wait(SAMPLE_INTERVAL):
                return

    sampler = threading.Thread(target=sample, name="rss-sampler", daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()
        peak[0] = max(peak[0], sum(resident_bytes(pid) for pid in pids()))


def read_with_worker(path: Path) -> int:
    from meetingapp.render import RenderWorker  # the client side only: no PyMuPDF

    kept: deque[bytes] = deque(maxlen=KEPT)
    with RenderWorker() as worker, sampled_peak(lambda: [os.getpid(), worker.pid]) as peak:
        info = worker.open_document(path)
        for page in worker.render_pages(path, range(info.page_count), SCALE):
            kept.append(page.samples)
    return peak[0]


def read_in_process(path: Path) -> int:
    import pymupdf

    kept: deque[bytes] = deque(maxlen=KEPT)
    matrix = pymupdf.Matrix(SCALE, SCALE)
    with sampled_peak(lambda: [os.getpid()]) as peak, pymupdf.open(path) as document:
        for page in document:
            kept.append(page.get_pixmap(matrix=matrix, alpha=False).samples)
    return peak[0]


def main(argv: list[str]) -> int:
    side, path = argv
    read = read_with_worker if side == "ours" else read_in_process
    peak = read(Path(path))
    print(json.dumps({"peak_mb": peak / 1e6}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
