"""``python -m bench``: run the benchmarks and print ours vs. baseline.

Add a benchmark by writing a module with ``KEY``, ``NAME`` and
``run(repetitions) -> BenchResult`` and listing it in :data:`BENCHMARKS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import anchoring, first_page, memory, render, scroll, search, startup, sync
from bench.table import BenchResult, format_table, write_json

DEFAULT_REPETITIONS = 5


@dataclass(frozen=True)
class Benchmark:
    key: str
    name: str
    run: Callable[[int], BenchResult]


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(startup.KEY, startup.NAME, startup.run),
    Benchmark(render.KEY, render.NAME, render.run),
    Benchmark(first_page.KEY, first_page.NAME, first_page.run),
    Benchmark(scroll.KEY, scroll.NAME, scroll.run),
    Benchmark(memory.KEY, memory.NAME, memory.run),
    Benchmark(sync.KEY, sync.NAME, sync.run),
    Benchmark(sync.RESYNC_KEY, sync.RESYNC_NAME, sync.run_resync),
    Benchmark(sync.STATIC_RESYNC_KEY, sync.STATIC_RESYNC_NAME, sync.run_static_resync),
    Benchmark(anchoring.KEY, anchoring.NAME, anchoring.run),
    Benchmark(anchoring.CORPUS_KEY, anchoring.CORPUS_NAME, anchoring.run_corpus),
    Benchmark(search.KEY, search.NAME, search.run),
    Benchmark(search.INDEX_KEY, search.INDEX_NAME, search.run_indexing),
)


def build_parser(benchmarks: Sequence[Benchmark]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Ours vs. the baseline, measured in the same run."
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        action="append",
        help="run only this benchmark (key or full name; may be repeated): "
        + ", ".join(benchmark.key for benchmark in benchmarks),
    )
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write results as JSON")
    parser.add_argument(
        "--repetitions",
        type=int,
        default=DEFAULT_REPETITIONS,
        help=f"measurements per side; the median is reported (default {DEFAULT_REPETITIONS})",
    )
    return parser


def select(benchmarks: Sequence[Benchmark], names: Sequence[str] | None) -> list[Benchmark]:
    if not names:
        return list(benchmarks)
    wanted = {name.casefold() for name in names}
    return [b for b in benchmarks if b.key.casefold() in wanted or b.name.casefold() in wanted]


def main(argv: Sequence[str] | None = None, benchmarks: Sequence[Benchmark] = BENCHMARKS) -> int:
    parser = build_parser(benchmarks)
    arguments = parser.parse_args(argv)
    if arguments.repetitions < 1:
        parser.error("--repetitions must be at least 1")
    chosen = select(benchmarks, arguments.only)
    if not chosen:
        parser.error(f"no benchmark called {', '.join(arguments.only)}")
    results = []
    for benchmark in chosen:
        print(f"running: {benchmark.name}…", file=sys.stderr, flush=True)
        results.append(benchmark.run(arguments.repetitions))
    print(f"median of {arguments.repetitions} repetitions; ratio = ours / baseline")
    print(format_table(results))
    if arguments.json is not None:
        write_json(results, arguments.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
