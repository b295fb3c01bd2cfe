"""The benchmark harness: table, JSON, selection and the measuring machinery.

No timing is asserted: benchmarks never pass or fail, they only have to produce numbers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench.__main__ import BENCHMARKS, Benchmark, main, select
from bench.render import measure
from bench.startup import BASELINE_PROGRAM, MARKER, UnavailableError, time_until_shown
from bench.sync import Shape, measure_full_sync, measure_resync
from bench.table import BenchResult, format_table

ROWS = [
    BenchResult("render page (3 pages)", "ms/page", 2.5, 1.25, 3),
    BenchResult("cold start to main window", "s", None, 0.5, 3, note="ours not available"),
]


def test_table_has_header_and_one_row_per_benchmark() -> None:
    lines = format_table(ROWS).splitlines()

    assert [cell.strip() for cell in lines[0].split("|")][:4] == [
        "name",
        "ours",
        "baseline",
        "ratio",
    ]
    assert len(lines) == 2 + len(ROWS)
    render_row = [cell.strip() for cell in lines[2].split("|")]
    assert render_row[:5] == ["render page (3 pages)", "2.5", "1.25", "2", "ms/page"]
    startup_row = [cell.strip() for cell in lines[3].split("|")]
    assert startup_row[1:4] == ["not available", "0.5", "not available"]


def test_ratio_is_ours_over_baseline() -> None:
    assert ROWS[0].ratio == 2.0
    assert ROWS[1].ratio is None


def test_a_row_without_a_meaningful_ratio_shows_a_dash() -> None:
    stall = BenchResult("longest stall", "ms", 12.0, 9.0, 3, comparable=False)

    row = [cell.strip() for cell in format_table([stall]).splitlines()[2].split("|")]

    assert stall.ratio is None
    assert row[1:4] == ["12", "9", "—"]


def test_render_benchmark_with_tiny_sizes() -> None:
    result = measure(pages=2, scale=0.25, repetitions=1)

    assert result.ours is not None and result.ours > 0
    assert result.baseline is not None and result.baseline > 0
    assert result.ratio is not None and result.ratio > 0
    assert result.repetitions == 1
    assert "QPixmap" in result.note


def test_every_reader_benchmark_is_listed() -> None:
    keys = {benchmark.key for benchmark in BENCHMARKS}

    assert {"render", "first_page", "scroll", "memory"} <= keys


TINY_MUNICIPALITY = Shape(meetings=3, files_per_meeting=2, file_size=4096)


def test_full_sync_benchmark_with_tiny_sizes() -> None:
    result = measure_full_sync(TINY_MUNICIPALITY, repetitions=1)

    assert result.ours is not None and result.ours > 0
    assert result.baseline is not None and result.baseline > 0
    assert result.ratio is not None and result.ratio > 0
    assert result.repetitions == 1
    assert "6 of 6 files" in result.note


@pytest.mark.parametrize("static", [False, True], ids=["filtering server", "static host"])
def test_resync_benchmark_with_tiny_sizes(static: bool) -> None:
    result = measure_resync(TINY_MUNICIPALITY, repetitions=2, static=static)

    assert result.ours is not None and result.ours > 0
    assert result.baseline is not None and result.baseline > 0
    assert result.repetitions == 2
    assert "requests" in result.note


def test_time_until_shown_measures_a_fresh_process() -> None:
    program = f"print('starting'); print({MARKER!r}, flush=True)"

    assert time_until_shown([sys.executable, "-c", program]) > 0


def test_a_process_that_never_shows_a_window_is_unavailable() -> None:
    program = "import sys; sys.exit('no display here')"

    with pytest.raises(UnavailableError, match="no display here"):
        time_until_shown([sys.executable, "-c", program])


def test_baseline_window_program_reports_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")

    assert time_until_shown([sys.executable, "-c", BASELINE_PROGRAM]) > 0


def fake_benchmark(repetitions: int) -> BenchResult:
    return BenchResult("fake thing", "ms", 3.0, 2.0, repetitions)


FAKES = (
    Benchmark("fake", "fake thing", fake_benchmark),
    Benchmark("other", "other thing", fake_benchmark),
)


def test_select_by_key_or_full_name() -> None:
    assert select(FAKES, None) == list(FAKES)
    assert select(FAKES, ["fake"]) == [FAKES[0]]
    assert select(FAKES, ["Other Thing"]) == [FAKES[1]]


def test_main_prints_the_table_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "bench.json"

    code = main(["--only", "fake", "--repetitions", "2", "--json", str(output)], FAKES)

    assert code == 0
    printed = capsys.readouterr().out
    assert "median of 2 repetitions" in printed
    assert "fake thing" in printed
    assert "other thing" not in printed
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["results"] == [
        {
            "name": "fake thing",
            "unit": "ms",
            "ours": 3.0,
            "baseline": 2.0,
            "ratio": 1.5,
            "repetitions": 2,
            "note": "",
        }
    ]


def test_main_rejects_an_unknown_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--only", "nope"], FAKES)
    assert "no benchmark called nope" in capsys.readouterr().err
