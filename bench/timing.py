"""Measuring helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def seconds(action: Callable[[], object]) -> float:
    """Wall time of one call."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def paired_medians(
    ours: Callable[[], float], baseline: Callable[[], float], repetitions: int
) -> tuple[float, float]:
    """Median of each measurement, run alternately so that drift (other load,
    thermal throttling, caches) affects both sides alike."""
    ours_times: list[float] = []
    baseline_times: list[float] = []
    for _ in range(repetitions):
        baseline_times.append(baseline())
        ours_times.append(ours())
    return statistics.median(ours_times), statistics.median(baseline_times)


def median_of(measurement: Callable[[], float], repetitions: int) -> float:
    return statistics.median(measurement() for _ in range(repetitions))
