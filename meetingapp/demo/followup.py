"""The monthly economic follow-up (ekonomisk uppföljning): its case and its figures."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from meetingapp.core.swedish import MONTHS
from meetingapp.demo.case import Attachment, Case
from meetingapp.demo.people import Committee

SPREADSHEET = "spreadsheet"
SMALL_TABLE = "followup-table"

BUDGET_LINES: dict[str, tuple[tuple[str, int], ...]] = {
    "Kommunstyrelsen": (
        ("Kommunledning och kansli", 28_400),
        ("Ekonomi och upphandling", 19_800),
        ("Personal och lön", 24_100),
        ("IT och digitalisering", 31_600),
        ("Kommunikation och kontaktcenter", 12_300),
        ("Näringsliv och turism", 8_900),
        ("Räddningstjänst", 41_200),
        ("Kollektivtrafik", 36_700),
        ("Fastighetsförvaltning", -4_800),
        ("Arbetsmarknadsenheten", 17_500),
    ),
    "Barn- och utbildningsnämnden": (
        ("Förskola", 168_300),
        ("Pedagogisk omsorg", 4_100),
        ("Fritidshem", 38_900),
        ("Grundskola F–6", 176_400),
        ("Grundskola 7–9", 98_200),
        ("Anpassad grundskola", 14_600),
        ("Gymnasieskola", 92_700),
        ("Vuxenutbildning och SFI", 21_300),
        ("Skolskjuts", 18_800),
        ("Elevhälsa", 16_900),
        ("Förvaltningsgemensamt", 12_200),
    ),
    "Socialnämnden": (
        ("Hemtjänst", 118_600),
        ("Särskilt boende", 196_300),
        ("Hälso- och sjukvård", 42_800),
        ("Insatser enligt LSS", 88_400),
        ("Individ- och familjeomsorg, barn och unga", 54_900),
        ("Missbruks- och beroendevård", 17_200),
        ("Ekonomiskt bistånd", 31_400),
        ("Förvaltningsgemensamt", 15_700),
    ),
    "Miljö- och byggnadsnämnden": (
        ("Plan och bygglov", 6_800),
        ("Miljö- och hälsoskydd", 5_900),
        ("Livsmedelskontroll", 1_200),
        ("Kart och mät", 3_400),
    ),
    "Kultur- och fritidsnämnden": (
        ("Bibliotek", 14_200),
        ("Kulturskola", 9_800),
        ("Fritidsgårdar", 7_600),
        ("Idrottsanläggningar", 23_900),
        ("Föreningsbidrag", 6_300),
    ),
    "Tekniska nämnden": (
        ("Gator och vägar", 38_500),
        ("Parker och grönområden", 11_700),
        ("Vatten och avlopp", 0),
        ("Avfall", 0),
        ("Kost och lokalvård", 9_600),
    ),
}

COMMITTEE_SECTIONS: dict[str, str] = {
    "ks": "Kommunstyrelsen",
    "ksau": "Kommunstyrelsen",
    "bun": "Barn- och utbildningsnämnden",
    "mbn": "Miljö- och byggnadsnämnden",
}
REFERENCE_NUMBERS: dict[str, int] = {"ks": 12, "bun": 5, "mbn": 9}
OFFICERS: dict[str, str] = {"ks": "t15", "bun": "t09", "mbn": "t09"}


@dataclass(frozen=True)
class Line:
    name: str
    budget: int
    period_budget: int
    actual: int
    forecast: int
    previous: int
    is_total: bool = False

    @property
    def deviation(self) -> int:
        return self.period_budget - self.actual

    @property
    def forecast_deviation(self) -> int:
        return self.budget - self.forecast


def report_month(meeting_day: dt.date) -> tuple[int, int]:
    """(year, month) reported at a meeting: the month before, or two before early on."""
    back = 2 if meeting_day.day <= 14 else 1
    month = meeting_day.month - back
    year = meeting_day.year
    if month < 1:
        month += 12
        year -= 1
    return year, month


def figures(section: str, year: int, month: int) -> list[Line]:
    """The lines of one section with a sum line, seeded by section and month."""
    rng = random.Random(f"{section}-{year}-{month}")
    lines = [_line(rng, name, budget, month) for name, budget in BUDGET_LINES[section]]
    total = Line(
        f"Summa {section.lower()}",
        sum(line.budget for line in lines),
        sum(line.period_budget for line in lines),
        sum(line.actual for line in lines),
        sum(line.forecast for line in lines),
        sum(line.previous for line in lines),
        is_total=True,
    )
    return [*lines, total]


def _line(rng: random.Random, name: str, budget: int, month: int) -> Line:
    period_budget = round(budget * month / 12)
    spread = max(abs(budget) * 0.04, 150)
    actual = round(period_budget + rng.uniform(-spread, spread * 1.2) * month / 12)
    forecast = round(budget + rng.uniform(-spread, spread * 1.3))
    previous = round(actual * rng.uniform(0.93, 0.99))
    return Line(name, budget, period_budget, actual, forecast, previous)


def follow_up_case(committee: Committee, meeting_day: dt.date) -> Case:
    """The paper of the economic follow-up presented at a meeting."""
    owner = "ks" if committee.key in ("ks", "ksau") else committee.key
    year, month = report_month(meeting_day)
    section = COMMITTEE_SECTIONS[committee.key]
    total = figures(section, year, month)[-1]
    month_name = MONTHS[month - 1]
    title = f"Ekonomisk uppföljning {month_name} {year}"
    kind = SPREADSHEET if owner == "ks" else SMALL_TABLE
    return Case(
        key=f"uppfoljning-{owner}-{year}-{month:02d}",
        committee=owner,
        number=REFERENCE_NUMBERS[owner],
        title=title,
        paper_type="Uppföljning",
        officer=OFFICERS[owner],
        summary=_summary(section, month_name, total),
        proposals=(f"godkänna den ekonomiska uppföljningen för {month_name} {year}",),
        background=_background(year),
        economy=_economy(total),
        attachments=(Attachment(f"{title} – driftredovisning per verksamhet", kind),),
        registered_days_before=20,
    )


def _mkr(thousands: int) -> str:
    return f"{thousands / 1000:.1f}".replace(".", ",")


def _summary(section: str, month_name: str, total: Line) -> str:
    direction = "överskott" if total.forecast_deviation >= 0 else "underskott"
    return (
        f"Uppföljningen avser perioden januari–{month_name}. {section} prognostiserar ett "
        f"{direction} på {_mkr(abs(total.forecast_deviation))} miljoner kronor för helåret "
        f"jämfört med budget. Periodens utfall är {_mkr(total.actual)} miljoner kronor, vilket "
        f"är {_mkr(abs(total.deviation))} miljoner kronor "
        f"{'lägre' if total.deviation >= 0 else 'högre'} än periodens budget."
    )


def _background(year: int) -> tuple[str, ...]:
    return (
        "Nämnderna lämnar ekonomiska uppföljningar varje månad utom januari och juli; "
        "delårsbokslutet per augusti och årsbokslutet behandlas som egna ärenden. "
        "Uppföljningen innehåller utfall, periodiserad budget och en prognos för helåret "
        "per verksamhet.",
        "Prognosen bygger på utfallet hittills, kända förändringar i verksamheten och "
        "bedömningar från ansvariga chefer. Periodiseringen av budgeten följer "
        "säsongsvariationerna i kostnaderna, till exempel semesterperioden.",
        f"Avvikelserna mot budget för {year} kommenteras per verksamhet i bilagan. De "
        "största avvikelserna följs upp särskilt av förvaltningens ledningsgrupp.",
    )


def _economy(total: Line) -> str:
    if total.forecast_deviation >= 0:
        return (
            "Prognosen visar att nämnden håller sin budget. Eventuellt överskott återförs "
            "till kommunens resultat vid årets slut."
        )
    return (
        f"Prognosen visar ett underskott på {_mkr(abs(total.forecast_deviation))} miljoner "
        "kronor. Förvaltningen arbetar med åtgärder för att minska underskottet, bland annat "
        "genom restriktivitet vid återbesättning av tjänster och minskade inköp."
    )
