"""Swedish names of days and months, for text the core writes without Qt's locale
(the demo's documents, the default labels of an export)."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def swedish_date(day: dt.date) -> str:
    """``25 november 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
