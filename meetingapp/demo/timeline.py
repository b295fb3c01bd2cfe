"""Dates and times of the demo, all relative to one anchor date.

Local times are Swedish (Europe/Stockholm), from the tzdata package where the
system has no time zone database (Windows), so the demo is the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from meetingapp.core.swedish import WEEKDAYS, swedish_date

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime for a Swedish wall-clock time."""
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STOCKHOLM)
    offset = local.utcoffset()
    assert offset is not None
    return local.replace(tzinfo=dt.timezone(offset))


def oparl_date_time(moment: dt.datetime) -> str:
    """``yyyy-mm-ddThh:mm:ss±hh:mm`` as OParl requires."""
    return moment.isoformat(timespec="seconds")


def swedish_long_date(day: dt.date) -> str:
    """``onsdagen den 25 november 2026``."""
    return f"{WEEKDAYS[day.weekday()]}en den {swedish_date(day)}"


def clock(moment: dt.datetime) -> str:
    """``13.00``, the Swedish way of writing a time of day."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


@dataclass(frozen=True)
class Timeline:
    """The anchor of the demo and the dates derived from it."""

    anchor: dt.date

    @property
    def year(self) -> int:
        return self.anchor.year

    @property
    def cutoff(self) -> dt.datetime:
        """Nothing in the demo is created or modified at or after this moment."""
        return local_time(self.anchor, 0)

    def day(self, offset: int, weekday: int | None = None) -> dt.date:
        """The anchor moved by ``offset`` days, then forward to ``weekday`` (0 = Monday)."""
        day = self.anchor + dt.timedelta(days=offset)
        if weekday is None:
            return day
        return day + dt.timedelta(days=(weekday - day.weekday()) % 7)

    def stamp(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        """A creation or modification time: Swedish wall-clock time, never after the cutoff."""
        moment = local_time(day, hour, minute)
        if moment >= self.cutoff:
            moment = local_time(self.anchor - dt.timedelta(days=1), 16, 30)
        return moment

    def business_day_before(self, day: dt.date, days: int) -> dt.date:
        """``days`` calendar days before ``day``, moved back to a weekday."""
        result = day - dt.timedelta(days=days)
        while result.weekday() >= 5:
            result -= dt.timedelta(days=1)
        return result

    def election_year(self) -> int:
        """The year of the last general election whose council term has begun."""
        year = self.anchor.year - (self.anchor.year - 2) % 4
        if self.anchor < dt.date(year, 10, 15):
            year -= 4
        return year

    def council_term(self) -> tuple[dt.date, dt.date]:
        """The term of kommunfullmäktige: 15 October after the election, four years."""
        election = self.election_year()
        return dt.date(election, 10, 15), dt.date(election + 4, 10, 14)

    def committee_term(self) -> tuple[dt.date, dt.date]:
        """The term of the committees: the four calendar years after an election."""
        election = self.election_year()
        if self.anchor >= dt.date(election + 1, 1, 1):
            return dt.date(election + 1, 1, 1), dt.date(election + 4, 12, 31)
        return dt.date(election - 3, 1, 1), dt.date(election, 12, 31)
