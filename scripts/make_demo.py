"""Write the bundled demo publication (``make demo``): resources/demo, anchored 2026-11-23.

Prints what was written, its size and how long the build took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from meetingapp.demo import DEMO_BASE_URL, build_demo

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_TARGET = REPOSITORY / "resources" / "demo"
DEFAULT_ANCHOR = dt.date(2026, 11, 23)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET)
    parser.add_argument("--anchor", type=dt.date.fromisoformat, default=DEFAULT_ANCHOR)
    parser.add_argument("--base-url", default=DEMO_BASE_URL)
    arguments = parser.parse_args(argv)
    summary = build_demo(arguments.target, anchor=arguments.anchor, base_url=arguments.base_url)
    print(f"Demo publication of Exempelkommun, anchor {summary.anchor.isoformat()}")
    print(f"  written to   {summary.root}")
    print(f"  endpoint     {summary.system_url}")
    for kind, count in summary.counts.items():
        print(f"  {kind:<14} {count:>5}")
    print(f"  PDF pages    {summary.pdf_pages:>6}")
    print(f"  large packet {summary.large_packet_pages:>6} pages  {summary.large_packet_file_id}")
    print(f"  size         {summary.total_bytes / 1024 / 1024:>9.1f} MB")
    print(f"  build time   {summary.seconds:>9.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
