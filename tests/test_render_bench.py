"""The render benchmarks with tiny sizes: they must produce numbers, never judge them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench import first_page, memory
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
    assert result.baseline is not None and result.baseline > first_page.ALLOWANCE * 1000
    assert "3 pages" in result.note
    assert not list(tmp_path.glob("copy-*"))  # every fresh copy is removed again


def test_first_page_benchmark_finds_a_long_document(tmp_path: Path) -> None:
    path, origin = first_page.long_document(tmp_path)

    assert path.parent == tmp_path
    assert str(first_page.PAGES) in origin or "demo budget" in origin


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_memory_benchmark_with_few_pages() -> None:
    result = memory.measure(pages=3, repetitions=1)

    assert_measured(result, 1)
    assert result.name == "peak memory rendering 3 pages"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_resident_memory_of_this_process_and_of_none() -> None:
    assert memory.resident_bytes(os.getpid()) > 1_000_000
    assert memory.resident_bytes(None) == 0
