"""What a demo build produced; importable without PyMuPDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEMO_BASE_URL = "https://oparl.exempelkommun.example/"
"""Canonical base of the demo (a reserved .example domain); read from disk via a mirror."""


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`build_demo` wrote, for tests, benchmarks and the build script."""

    root: Path
    base_url: str
    system_url: str
    anchor: dt.date
    counts: Mapping[str, int]
    """Objects per OParl type."""
    total_bytes: int
    file_count: int
    pdf_pages: int
    seconds: float
    large_packet_file_id: str
    large_packet_path: Path
    large_packet_pages: int
    budget_file_id: str
    scanned_file_id: str
    plan_drawing_file_id: str
    spreadsheet_file_id: str
    confidential_item_id: str
    confidential_file_ids: tuple[str, ...]
    late_item_id: str
    past_meeting_ids: tuple[str, ...]
    upcoming_meeting_ids: tuple[str, ...]
    cancelled_meeting_id: str
    file_paths: Mapping[str, Path] = field(default_factory=dict)
    """File id -> path of its content under ``root``."""
