"""The reader's benchmarks with tiny sizes: they must produce numbers, never judge them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench import first_page, memory, scroll
from bench.render import make_text_packet
from bench.table import BenchResult


def assert_measured(result: BenchResult, repetitions: int) -> None:
    assert result.ours is not None and result.ours > 0
    assert result.baseline is not None and result.baseline > 0
    assert result.repetitions == repetitions


def test_first_page_benchmark_with_a_small_document(tmp_path: Path) -> None:
    source = make_text_packet(tmp_path / "short.pdf", 3)

    result = first_page.measure(source, "3 pages", repetitions=1)

    assert_measured(result, 1)
    assert "3 pages" in result.note and "page 1 painted" in result.note
    assert "target ≤ 1.2 × baseline + 50 ms" in result.note
    assert not list(tmp_path.glob("copy-*"))  # every fresh copy is removed again


def test_first_page_benchmark_uses_the_demos_largest_packet(tmp_path: Path) -> None:
    path, origin = first_page.long_document(tmp_path)

    assert path.parent == tmp_path
    assert "pages" in origin
    pages = int(origin.rsplit(",", 1)[1].split()[0])
    assert pages >= 250


def test_scroll_benchmark_with_a_short_document() -> None:
    result = scroll.measure(pages=12, scrolled=6, repetitions=1)

    assert result.ours is not None and result.ours >= 0
    assert result.baseline is not None and result.baseline >= 0
    assert result.ratio is None and not result.comparable
    assert "page images rendered and delivered" in result.note
    assert "target ≤ 50 ms" in result.note


def test_stall_probe_sees_a_blocked_event_loop() -> None:
    import time

    from PySide6.QtCore import QTimer

    from meetingapp.ui.shell.application import application

    def busy(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            pass

    application()
    QTimer.singleShot(30, lambda: busy(0.06))

    stall = scroll.scroll_through(lambda: 1000, lambda _value: None, pixels_per_page=100, pages=5)

    assert stall.seconds >= 0.05
    if stall.running is not None:  # Linux: the scheduler saw the GUI thread busy itself
        assert stall.running >= 0.03


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_memory_benchmark_with_a_short_document() -> None:
    result = memory.measure(pages=8, repetitions=1)

    assert_measured(result, 1)
    assert result.name == "peak memory after scrolling 8 pages"
    assert "GUI process + the render worker" in result.note


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_peak_resident_memory_of_this_process_and_of_none() -> None:
    assert memory.peak_resident_mb(os.getpid()) > 1
    assert memory.peak_resident_mb(None) == 0
