"""Drawn bilagor: plankarta, maps, site plans, charts and a scanned letter.

The plan, maps and charts are vector drawings with real text; the scanned letter is
deliberately an image without a text layer, like a paper letter through a scanner.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from meetingapp.demo.mupdf import Page, Rect, pymupdf
from meetingapp.demo.pdf import (
    A3_LANDSCAPE,
    A4,
    A4_LANDSCAPE,
    GREY,
    NAVY,
    PdfInfo,
    draw_emblem,
    finish,
    font,
    layout,
    write_text,
)

Point = tuple[float, float]
BLACK = (0.0, 0.0, 0.0)
WHITE = (1.0, 1.0, 1.0)
GREEN = (0.55, 0.75, 0.45)
LIGHT_GREEN = (0.86, 0.93, 0.82)
WATER = (0.72, 0.84, 0.94)
ROAD = (0.86, 0.86, 0.86)
HOUSE = (0.78, 0.78, 0.80)
YELLOW = (1.0, 0.96, 0.72)
ORANGE = (0.98, 0.85, 0.62)
RED = (0.78, 0.12, 0.12)

POINTS_PER_METRE_1000 = 72 / 25.4  # at scale 1:1000, one metre is one millimetre


def polygon(page: Page, points: Sequence[Point], **style: object) -> None:
    shape = page.new_shape()
    shape.draw_polyline([pymupdf.Point(x, y) for x, y in [*points, points[0]]])
    shape.finish(closePath=True, **style)
    shape.commit()


def line(page: Page, start: Point, end: Point, **style: object) -> None:
    shape = page.new_shape()
    shape.draw_line(pymupdf.Point(*start), pymupdf.Point(*end))
    shape.finish(**style)
    shape.commit()


def label(
    page: Page,
    at: Point,
    text: str,
    size: float = 8,
    bold: bool = False,
    centred: bool = False,
    color: tuple[float, float, float] = BLACK,
) -> None:
    x, y = at
    if centred:
        x -= font("hebo" if bold else "helv").text_length(text, fontsize=size) / 2
    write_text(page, (x, y), text, size=size, bold=bold, color=color)


def dotted_area(page: Page, rect: Rect, step: float = 6) -> None:
    """Prickmark: the ground may not be built on (dots as zero-length round-capped lines)."""
    shape = page.new_shape()
    y = rect.y0 + step / 2
    while y < rect.y1:
        x = rect.x0 + step / 2
        while x < rect.x1:
            shape.draw_line(pymupdf.Point(x, y), pymupdf.Point(x, y))
            x += step
        y += step
    shape.finish(color=BLACK, width=1.4, lineCap=1)
    shape.commit()


def crossed_area(page: Page, rect: Rect, step: float = 9) -> None:
    """Korsmark: only outbuildings may be built."""
    shape = page.new_shape()
    y = rect.y0 + step / 2
    while y < rect.y1:
        x = rect.x0 + step / 2
        while x < rect.x1:
            shape.draw_line(pymupdf.Point(x - 1.6, y - 1.6), pymupdf.Point(x + 1.6, y + 1.6))
            shape.draw_line(pymupdf.Point(x - 1.6, y + 1.6), pymupdf.Point(x + 1.6, y - 1.6))
            x += step
        y += step
    shape.finish(color=BLACK, width=0.4)
    shape.commit()


def hatched(page: Page, rect: Rect, color: tuple[float, float, float], step: float = 7) -> None:
    """Diagonal hatching clipped to ``rect``."""
    shape = page.new_shape()
    height = rect.height
    offset = step
    while offset < rect.width + height:
        # x = x0 + offset - t * height, y = y0 + t * height, for t in [0, 1]
        t_start = max(0.0, (offset - rect.width) / height)
        t_end = min(1.0, offset / height)
        start = pymupdf.Point(rect.x0 + offset - t_start * height, rect.y0 + t_start * height)
        end = pymupdf.Point(rect.x0 + offset - t_end * height, rect.y0 + t_end * height)
        shape.draw_line(start, end)
        offset += step
    shape.finish(color=color, width=0.5)
    shape.commit()


def scale_bar(
    page: Page, origin: Point, metres: Sequence[int], per_metre: float, title: str
) -> None:
    x, y = origin
    for index, (start, end) in enumerate(itertools.pairwise(metres)):
        rect = pymupdf.Rect(x + start * per_metre, y, x + end * per_metre, y + 5)
        page.draw_rect(rect, color=BLACK, fill=BLACK if index % 2 == 0 else WHITE, width=0.5)
    for value in metres:
        label(page, (x + value * per_metre, y + 14), str(value), size=7, centred=True)
    label(page, (x + metres[-1] * per_metre + 8, y + 6), "m", size=7)
    label(page, (x, y - 6), title, size=7.5, bold=True)


def north_arrow(page: Page, centre: Point, size: float = 26) -> None:
    cx, cy = centre
    polygon(
        page,
        [(cx, cy - size), (cx + size * 0.32, cy + size * 0.4), (cx, cy + size * 0.18)],
        color=BLACK,
        fill=BLACK,
        width=0.6,
    )
    polygon(
        page,
        [(cx, cy - size), (cx - size * 0.32, cy + size * 0.4), (cx, cy + size * 0.18)],
        color=BLACK,
        fill=WHITE,
        width=0.6,
    )
    label(page, (cx, cy - size - 4), "N", size=11, bold=True, centred=True)


# --- Plankarta ------------------------------------------------------------------------

PLAN_BOUNDARY: list[Point] = [(80, 80), (680, 70), (690, 540), (90, 560)]
PLAN_AREAS: tuple[tuple[list[Point], tuple[float, float, float]], ...] = (
    ([(100, 100), (380, 95), (385, 300), (105, 305)], ORANGE),
    ([(400, 95), (660, 90), (665, 300), (405, 300)], ORANGE),
    ([(105, 330), (360, 325), (365, 530), (110, 535)], (0.93, 0.78, 0.78)),
    ([(380, 325), (670, 320), (675, 525), (385, 530)], LIGHT_GREEN),
    ([(90, 305), (685, 300), (685, 322), (90, 330)], ROAD),
)
PLAN_USE_CODES: tuple[tuple[Point, str], ...] = (
    ((150, 190), "B"),
    ((300, 190), "B"),
    ((450, 190), "B"),
    ((590, 190), "B"),
    ((220, 420), "S"),
    ((520, 420), "NATUR"),
    ((330, 318), "GATA"),
)
PLAN_PROPERTY_CODES: tuple[tuple[Point, str], ...] = (
    ((150, 210), "e1 25 %"),
    ((150, 226), "+24.0"),
    ((300, 210), "e1 25 %"),
    ((300, 226), "+18.0"),
    ((450, 210), "e1 30 %"),
    ((450, 226), "+27.5"),
    ((590, 210), "e1 30 %"),
    ((590, 226), "+27.5"),
    ((220, 440), "e2 2 500 m²"),
    ((220, 456), "+14.0"),
    ((520, 440), "n1"),
)
LEGEND_LINES: tuple[tuple[str, str], ...] = (
    ("boundary", "Planområdesgräns"),
    ("use", "Användningsgräns"),
    ("property", "Egenskapsgräns"),
)
LEGEND_CODES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Användning av allmän plats", (("GATA", "Lokaltrafik"), ("NATUR", "Naturområde"))),
    ("Användning av kvartersmark", (("B", "Bostäder"), ("S", "Skola (förskola)"))),
    (
        "Egenskapsbestämmelser",
        (
            ("e1 25 %", "Största byggnadsarea i procent av fastighetsarean"),
            ("e2", "Största byggnadsarea i kvadratmeter"),
            ("+24.0", "Högsta nockhöjd i meter över nollplanet"),
            ("n1", "Befintliga träd ska bevaras"),
        ),
    ),
)
LEGEND_NOTES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Genomförandetid", ("Genomförandetiden är 5 år från den dag planen vinner laga kraft.",)),
    (
        "Grundkarta",
        (
            "Koordinatsystem SWEREF 99 16 30, höjdsystem RH 2000.",
            "Fastighetsgränser redovisas med streckad linje.",
        ),
    ),
)


@dataclass(frozen=True)
class PlanSheet:
    title: str
    stage: str
    reference: str
    author: str
    day: dt.date
    surroundings: PlanSurroundings


@dataclass(frozen=True)
class PlanSurroundings:
    """Names on the base map: the properties planned, the two streets, a landmark."""

    estates: tuple[str, str]
    streets: tuple[str, str]
    landmark: str


def plan_map_pdf(sheet: PlanSheet, info: PdfInfo, seed: str) -> bytes:
    """A detaljplan plankarta at 1:1000 on A3 with legend, scale bar and north arrow."""
    rng = random.Random(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=A3_LANDSCAPE.width, height=A3_LANDSCAPE.height)
    page.draw_rect(pymupdf.Rect(20, 20, 1171, 822), color=BLACK, width=1.2)
    map_area = pymupdf.Rect(30, 30, 860, 812)
    _base_map(page, map_area, rng, sheet.surroundings)
    _plan_zones(page, sheet.surroundings.estates)
    north_arrow(page, (820, 90))
    scale_bar(page, (60, 780), (0, 10, 20, 50, 100), POINTS_PER_METRE_1000, "Skala 1:1000 (A3)")
    _plan_legend(page, pymupdf.Rect(872, 30, 1161, 600))
    _title_block(page, pymupdf.Rect(872, 610, 1161, 812), sheet)
    return finish(doc, info)


def _base_map(page: Page, area: Rect, rng: random.Random, surroundings: PlanSurroundings) -> None:
    page.draw_rect(area, color=GREY, width=0.5)
    line(page, (area.x0, 610), (area.x1, 560), color=ROAD, width=26)
    label(page, (120, 602), surroundings.streets[0].upper(), size=9, color=GREY)
    line(page, (700, area.y0), (740, area.y1), color=ROAD, width=20)
    label(page, (735, 420), surroundings.streets[1].upper(), size=8, color=GREY)
    for column in range(6):
        x = 60 + column * 52
        polygon(
            page,
            [(x, 660), (x + 38, 660), (x + 38, 690), (x, 690)],
            color=GREY,
            fill=HOUSE,
            width=0.4,
        )
        line(page, (x - 7, 645), (x - 7, 780), color=GREY, width=0.4, dashes="[3 2] 0")
        label(page, (x + 6, 712), f"1:{rng.randint(20, 80)}", size=6.5, color=GREY)
    polygon(
        page, [(560, 660), (660, 650), (670, 760), (570, 770)], color=GREY, fill=HOUSE, width=0.4
    )
    label(page, (590, 720), surroundings.landmark, size=7, color=GREY)


def _plan_zones(page: Page, estates: tuple[str, str]) -> None:
    """Kvartersmark, street and nature, the plan boundary and the codes in each zone."""
    for corners, fill in PLAN_AREAS:
        polygon(page, corners, color=BLACK, fill=fill, width=1.4)
    hatched(page, pymupdf.Rect(395, 340, 660, 515), GREEN)
    dotted_area(page, pymupdf.Rect(105, 100, 380, 130))
    dotted_area(page, pymupdf.Rect(400, 270, 665, 298))
    crossed_area(page, pymupdf.Rect(110, 480, 250, 528))
    polygon(page, PLAN_BOUNDARY, color=BLACK, width=2.6, dashes="[14 4 2 4] 0")
    line(page, (240, 100), (242, 300), color=BLACK, width=0.6, dashes="[2 2] 0")
    line(page, (530, 95), (532, 300), color=BLACK, width=0.6, dashes="[2 2] 0")
    for at, text in PLAN_USE_CODES:
        label(page, at, text, size=14, bold=True, centred=True)
    for at, text in PLAN_PROPERTY_CODES:
        label(page, at, text, size=8.5, centred=True)
    label(page, (300, 590), estates[0], size=8, color=GREY)
    label(page, (560, 590), estates[1], size=8, color=GREY)


def _plan_legend(page: Page, box: Rect) -> None:
    """Planbestämmelser: line types, use and property codes, ground marks, notes."""
    page.draw_rect(box, color=BLACK, width=0.6)
    x, y = box.x0 + 10, box.y0 + 20
    label(page, (x, y), "PLANBESTÄMMELSER", size=10, bold=True)
    label(
        page, (x, y + 13), "Följande gäller inom områden med nedanstående beteckningar.", size=6.5
    )
    y += 34
    for kind, text in LEGEND_LINES:
        _legend_line(page, (x, y), kind)
        label(page, (x + 50, y + 3), text, size=7.5)
        y += 16
    for heading, codes in LEGEND_CODES:
        y = _legend_codes(page, (x, y + 6), heading, codes)
    y = _legend_ground_marks(page, (x, y))
    for heading, notes in LEGEND_NOTES:
        label(page, (x, y + 10), heading, size=8, bold=True)
        for index, note in enumerate(notes, start=1):
            label(page, (x, y + 10 + 12 * index), note, size=7)
        y += 22 + 12 * len(notes)


def _legend_codes(page: Page, at: Point, heading: str, codes: tuple[tuple[str, str], ...]) -> float:
    x, y = at
    label(page, (x, y), heading, size=8, bold=True)
    for code, text in codes:
        y += 13
        label(page, (x, y), code, size=7.5, bold=True)
        label(page, (x + 50, y), text, size=7)
    return y + 14


def _legend_ground_marks(page: Page, at: Point) -> float:
    x, y = at
    dotted_area(page, pymupdf.Rect(x, y - 7, x + 40, y + 5))
    label(page, (x + 50, y + 2), "Marken får inte förses med byggnad", size=7)
    y += 17
    crossed_area(page, pymupdf.Rect(x, y - 7, x + 40, y + 5))
    label(page, (x + 50, y + 2), "Marken får endast förses med komplementbyggnad", size=7)
    return y + 16


def _legend_line(page: Page, at: Point, kind: str) -> None:
    x, y = at
    styles: dict[str, dict[str, object]] = {
        "boundary": {"width": 2.4, "dashes": "[14 4 2 4] 0"},
        "use": {"width": 1.4},
        "property": {"width": 0.6, "dashes": "[2 2] 0"},
    }
    line(page, (x, y), (x + 40, y), color=BLACK, **styles[kind])


def _title_block(page: Page, box: Rect, sheet: PlanSheet) -> None:
    page.draw_rect(box, color=BLACK, width=0.8)
    draw_emblem(page, box.x0 + 10, box.y0 + 10, 34)
    label(page, (box.x0 + 44, box.y0 + 24), "EXEMPELKOMMUN", size=11, bold=True, color=NAVY)
    label(page, (box.x0 + 44, box.y0 + 37), "Miljö- och byggnadsnämnden", size=8)
    y = box.y0 + 64
    for text, size, bold in (
        (sheet.title.upper(), 8.5, True),
        ("Plankarta", 8, False),
        (sheet.stage, 10, True),
        (f"Upprättad {sheet.day.isoformat()}", 7.5, False),
        (f"Dnr {sheet.reference}", 7.5, False),
        (f"{sheet.author}, planarkitekt", 7.5, False),
        ("Antagen:                    Laga kraft:", 7.5, False),
    ):
        for part in _wrap(text, 52):
            label(page, (box.x0 + 10, y), part, size=size, bold=bold)
            y += size + 5


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current]


# --- Maps and site plans ----------------------------------------------------------------


def area_map_pdf(title: str, caption: str, info: PdfInfo, seed: str) -> bytes:
    """An overview map: roads, water, houses and the area concerned, outlined in red."""
    rng = random.Random(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=A4_LANDSCAPE.width, height=A4_LANDSCAPE.height)
    frame = pymupdf.Rect(30, 70, 812, 545)
    page.draw_rect(frame, color=BLACK, fill=(0.97, 0.97, 0.95), width=0.8)
    lake = [(frame.x0, 380), (180, 360), (260, 420), (240, 520), (frame.x0, frame.y1)]
    polygon(page, [*lake, (frame.x0, frame.y1)], color=None, fill=WATER)
    label(page, (70, 470), "Ljusvattnet", size=10, color=(0.2, 0.35, 0.6))
    _houses(page, frame, rng)
    _road_network(page, frame, rng)
    target = _target_area(page, rng)
    label(page, (target.x0, target.y0 - 8), caption, size=9, bold=True, color=RED)
    north_arrow(page, (770, 120))
    scale_bar(page, (560, 520), (0, 50, 100, 200), 0.9, "Skala 1:4000 (A4)")
    write_text(page, (30, 40), title, size=14, bold=True, color=NAVY)
    write_text(page, (30, 58), "Exempelkommun, samhällsbyggnadsförvaltningen", size=8, color=GREY)
    write_text(
        page,
        (30, 565),
        "Underlag: kommunens baskarta. Kartan är inte en "
        "lantmäteriförrättning; gränserna är ungefärliga.",
        size=7,
        color=GREY,
    )
    return finish(doc, info)


def _road_network(page: Page, frame: Rect, rng: random.Random) -> None:
    main_y = rng.uniform(220, 300)
    line(page, (frame.x0, main_y), (frame.x1, main_y + rng.uniform(-40, 40)), color=ROAD, width=16)
    label(page, (520, main_y - 12), "Väg 612", size=8, bold=True, color=GREY)
    for index in range(4):
        x = 320 + index * 110 + rng.uniform(-20, 20)
        line(page, (x, frame.y0), (x + rng.uniform(-60, 60), frame.y1), color=ROAD, width=8)
    line(page, (300, 420), (780, 470), color=(0.8, 0.7, 0.5), width=3, dashes="[5 3] 0")
    label(page, (560, 455), "Gång- och cykelväg", size=7, color=GREY)


def _houses(page: Page, frame: Rect, rng: random.Random) -> None:
    shape = page.new_shape()
    for _ in range(60):
        x = rng.uniform(300, frame.x1 - 30)
        y = rng.uniform(frame.y0 + 10, frame.y1 - 20)
        w, h = rng.uniform(8, 22), rng.uniform(7, 16)
        shape.draw_rect(pymupdf.Rect(x, y, x + w, y + h))
    shape.finish(color=GREY, fill=HOUSE, width=0.3)
    shape.commit()


def _target_area(page: Page, rng: random.Random) -> Rect:
    x, y = rng.uniform(380, 560), rng.uniform(120, 320)
    rect = pymupdf.Rect(x, y, x + rng.uniform(90, 150), y + rng.uniform(60, 110))
    hatched(page, rect, RED, step=6)
    page.draw_rect(rect, color=RED, width=2)
    return rect


def site_plan_pdf(title: str, info: PdfInfo, seed: str) -> bytes:
    """A situationsplan at 1:400: property, building, parking and measurements."""
    rng = random.Random(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    write_text(page, (50, 60), title, size=14, bold=True, color=NAVY)
    write_text(page, (50, 76), "Situationsplan, skala 1:400 (A4)", size=9, color=GREY)
    lot = [(90, 140), (500, 130), (520, 620), (80, 640)]
    polygon(page, lot, color=BLACK, width=1.2, dashes="[6 3] 0")
    width, depth = rng.uniform(160, 220), rng.uniform(90, 130)
    body = pymupdf.Rect(170, 250, 170 + width, 250 + depth)
    page.draw_rect(body, color=BLACK, fill=HOUSE, width=1.2)
    hatched(page, body, GREY, step=5)
    label(page, (body.x0 + width / 2, body.y1 + 16), "Ny byggnad", size=9, bold=True, centred=True)
    _dimension(page, (body.x0, body.y0 - 14), (body.x1, body.y0 - 14), f"{width / 11.3:.1f} m")
    _dimension(page, (body.x0, body.y0), (90, body.y0), f"{(body.x0 - 90) / 11.3:.1f} m")
    for index in range(8):
        x = 120 + index * 40
        page.draw_rect(pymupdf.Rect(x, 520, x + 32, 580), color=GREY, width=0.6)
        label(page, (x + 16, 555), "P", size=9, centred=True, color=GREY)
    line(page, (40, 690), (560, 680), color=ROAD, width=30)
    label(page, (240, 690), "KYRKOGATAN", size=9, color=GREY)
    north_arrow(page, (520, 200), 22)
    scale_bar(page, (60, 760), (0, 5, 10, 20), 7.09, "Skala 1:400")
    write_text(
        page,
        (50, 800),
        "Fastighetsgräns streckad. Måttsättning till fastighetsgräns.",
        size=7,
        color=GREY,
    )
    return finish(doc, info)


def _dimension(page: Page, start: Point, end: Point, text: str) -> None:
    line(page, start, end, color=BLACK, width=0.5)
    for x, y in (start, end):
        line(page, (x, y - 3), (x, y + 3), color=BLACK, width=0.5)
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 - 3)
    label(page, mid, text, size=7, centred=True)


# --- Charts ---------------------------------------------------------------------------


def bar_chart_pdf(
    title: str, rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], info: PdfInfo
) -> bytes:
    """Horizontal grouped bars, one group per row, with a legend."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    write_text(page, (50, 60), title, size=14, bold=True, color=NAVY)
    write_text(
        page, (50, 78), "Andel elever som instämmer helt eller delvis (procent)", size=9, color=GREY
    )
    colors = ((0.11, 0.30, 0.54), (0.85, 0.68, 0.22), (0.45, 0.65, 0.45))
    left, top, scale = 200.0, 120.0, 3.2
    for step in range(0, 101, 20):
        x = left + step * scale
        line(page, (x, top - 6), (x, top + len(rows) * 48), color=(0.85, 0.85, 0.85), width=0.4)
        label(page, (x, top - 10), str(step), size=7, centred=True, color=GREY)
    for row_index, (name, values) in enumerate(rows):
        y = top + row_index * 48
        label(page, (50, y + 18), name, size=8.5)
        for index, value in enumerate(values):
            bar = pymupdf.Rect(left, y + index * 13, left + value * scale, y + index * 13 + 10)
            page.draw_rect(bar, color=None, fill=colors[index % len(colors)])
            label(page, (bar.x1 + 4, bar.y1 - 1.5), f"{value:.0f}", size=7)
    legend_y = top + len(rows) * 48 + 20
    for index, name in enumerate(series):
        x = 50 + index * 170
        page.draw_rect(
            pymupdf.Rect(x, legend_y, x + 10, legend_y + 10),
            color=None,
            fill=colors[index % len(colors)],
        )
        label(page, (x + 14, legend_y + 8.5), name, size=8)
    return finish(doc, info)


# --- Scanned letter -------------------------------------------------------------------


def scanned_letter_pdf(letter_html: str, stamp: Sequence[str], info: PdfInfo, seed: str) -> bytes:
    """A letter as a scanner would deliver it: one greyscale image, no text layer.

    The letter is typeset, signed with a pen stroke and stamped on arrival, then
    rasterised slightly rotated, with paper tone and specks, and stored as a JPEG.
    """
    rng = random.Random(seed)
    source = layout(letter_html, first_top=80, top=80).doc
    page = source[0]
    page.wrap_contents()
    page.draw_rect(page.rect, color=None, fill=(0.94, 0.93, 0.90), overlay=False)
    _signature_stroke(page, rng)
    _arrival_stamp(page, stamp)
    _specks(page, rng)
    angle = rng.uniform(-1.2, 1.2)
    matrix = pymupdf.Matrix(110 / 72, 110 / 72).prerotate(angle)
    pixmap = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY)
    jpeg = pixmap.tobytes(output="jpg", jpg_quality=55)
    source.close()
    scan = pymupdf.open()
    target = scan.new_page(width=A4.width, height=A4.height)
    target.insert_image(target.rect, stream=jpeg, keep_proportion=True)
    return finish(scan, info)


def _signature_stroke(page: Page, rng: random.Random) -> None:
    """A pen stroke below the complimentary close."""
    found = page.search_for("hälsningar")
    x, y = (found[0].x0 + 4, found[0].y1 + 22) if found else (90.0, 560.0)
    shape = page.new_shape()
    points = [pymupdf.Point(x, y)]
    for step in range(1, 14):
        points.append(pymupdf.Point(x + step * 9, y + math.sin(step * 1.3) * rng.uniform(4, 11)))
    for first, second in itertools.pairwise(points):
        control = pymupdf.Point((first.x + second.x) / 2, first.y - rng.uniform(-9, 9))
        shape.draw_curve(first, control, second)
    shape.finish(color=(0.1, 0.12, 0.35), width=1.3, closePath=False)
    shape.commit()


def _arrival_stamp(page: Page, lines: Sequence[str]) -> None:
    box = pymupdf.Rect(370, 40, 545, 105)
    page.draw_rect(box, color=(0.35, 0.35, 0.35), width=1.4)
    for index, text in enumerate(lines):
        write_text(
            page,
            (box.x0 + 8, box.y0 + 16 + index * 15),
            text,
            size=9,
            bold=index == 0,
            color=(0.3, 0.3, 0.3),
        )


def _specks(page: Page, rng: random.Random) -> None:
    shape = page.new_shape()
    for _ in range(140):
        centre = pymupdf.Point(rng.uniform(0, page.rect.width), rng.uniform(0, page.rect.height))
        shape.draw_circle(centre, rng.uniform(0.2, 0.8))
    shape.finish(color=None, fill=(0.45, 0.45, 0.45), width=0)
    shape.commit()
    shadow = pymupdf.Rect(page.rect.width - 7, 0, page.rect.width, page.rect.height)
    page.draw_rect(shadow, color=None, fill=(0.55, 0.55, 0.55))
