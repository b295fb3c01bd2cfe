"""Zoom: fit width, fit page, or a percentage of the page's real size.

100 % shows a page at its printed size on a screen of the logical DPI the
system reports; the scale (device-independent pixels per PDF point) follows
from the mode, the viewport and the widest page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

MIN_PERCENT = 25
MAX_PERCENT = 400
STEPS = (25, 33, 50, 67, 75, 85, 100, 110, 125, 150, 175, 200, 250, 300, 400)
POINTS_PER_INCH = 72.0


class ZoomMode(Enum):
    FIT_WIDTH = "fit-width"
    FIT_PAGE = "fit-page"
    PERCENT = "percent"


@dataclass(frozen=True)
class Zoom:
    mode: ZoomMode
    percent: int = 100

    @staticmethod
    def fit_width() -> Zoom:
        return Zoom(ZoomMode.FIT_WIDTH)

    @staticmethod
    def fit_page() -> Zoom:
        return Zoom(ZoomMode.FIT_PAGE)

    @staticmethod
    def at(percent: float) -> Zoom:
        return Zoom(ZoomMode.PERCENT, round(min(MAX_PERCENT, max(MIN_PERCENT, percent))))

    def serialise(self) -> str:
        """ "fit-width", "fit-page" or the percentage, e.g. "150"."""
        return str(self.percent) if self.mode is ZoomMode.PERCENT else self.mode.value

    @staticmethod
    def parse(text: str | None) -> Zoom:
        """The inverse of :meth:`serialise`; anything unreadable means fit width."""
        cleaned = (text or "").strip().rstrip("%").strip()
        for mode in (ZoomMode.FIT_WIDTH, ZoomMode.FIT_PAGE):
            if cleaned == mode.value:
                return Zoom(mode)
        try:
            return Zoom.at(float(cleaned.replace(",", ".")))
        except ValueError:
            return Zoom.fit_width()


@dataclass(frozen=True)
class Viewport:
    """Room for pages in device-independent pixels, margins already taken off."""

    width: float
    height: float
    dpi: float = 96.0


def scale_for(zoom: Zoom, viewport: Viewport, widest: tuple[float, float]) -> float:
    """Pixels per point for ``zoom``; ``widest`` is the (width, height) of the widest page."""
    page_width, page_height = max(widest[0], 1.0), max(widest[1], 1.0)
    if zoom.mode is ZoomMode.FIT_WIDTH:
        scale = viewport.width / page_width
    elif zoom.mode is ZoomMode.FIT_PAGE:
        scale = min(viewport.width / page_width, viewport.height / page_height)
    else:
        scale = zoom.percent / 100 * viewport.dpi / POINTS_PER_INCH
    return max(scale, 0.05)


def percent_of(scale: float, dpi: float = 96.0) -> float:
    """The percentage a scale corresponds to (for showing fit modes as a number)."""
    return scale * POINTS_PER_INCH / dpi * 100


def step(current_percent: float, direction: int) -> Zoom:
    """The next zoom step up (direction > 0) or down from ``current_percent``."""
    if direction > 0:
        larger = [value for value in STEPS if value > current_percent + 0.5]
        return Zoom.at(larger[0] if larger else MAX_PERCENT)
    smaller = [value for value in STEPS if value < current_percent - 0.5]
    return Zoom.at(smaller[-1] if smaller else MIN_PERCENT)
