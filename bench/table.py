"""Benchmark results and how they are printed: a text table and JSON."""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOT_AVAILABLE = "not available"
NO_RATIO = "—"
COLUMNS = ("name", "ours", "baseline", "ratio", "unit", "note")


@dataclass(frozen=True)
class BenchResult:
    """One row: ours and the baseline, both medians of ``repetitions`` runs."""

    name: str
    unit: str
    ours: float | None
    baseline: float | None
    repetitions: int
    note: str = ""
    comparable: bool = True
    """False when ours / baseline means nothing (the table shows "—")."""

    @property
    def ratio(self) -> float | None:
        """ours / baseline: 1.0 means as fast as the baseline, 2.0 twice as slow."""
        if self.ours is None or not self.baseline or not self.comparable:
            return None
        return self.ours / self.baseline

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "ours": self.ours,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "repetitions": self.repetitions,
            "note": self.note,
        }


def format_number(value: float | None) -> str:
    """Three significant digits keep the table readable across units."""
    if value is None:
        return NOT_AVAILABLE
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


def format_table(results: Sequence[BenchResult]) -> str:
    rows = [COLUMNS] + [
        (
            result.name,
            format_number(result.ours),
            format_number(result.baseline),
            format_number(result.ratio) if result.comparable else NO_RATIO,
            result.unit,
            result.note,
        )
        for result in results
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def write_json(results: Sequence[BenchResult], path: Path) -> None:
    document = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "results": [result.as_dict() for result in results],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
