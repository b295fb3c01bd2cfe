"""The demo publication of the fictional Exempelkommun.

Importing this package is cheap: PyMuPDF is loaded only when a demo is built.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from meetingapp.demo.summary import DEMO_BASE_URL, DemoSummary

__all__ = ["DEMO_BASE_URL", "DemoSummary", "build_demo"]


def build_demo(root: Path, *, anchor: dt.date, base_url: str = DEMO_BASE_URL) -> DemoSummary:
    """Write the demo publication of Exempelkommun under ``root``.

    Meetings lie before and after ``anchor``; the same anchor gives a byte-identical tree.
    """
    from meetingapp.demo.build import build_demo as build

    return build(root, anchor=anchor, base_url=base_url)
