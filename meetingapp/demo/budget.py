""" "Mål och budget": the long document of the demo (well over 250 pages).

Chapters on the municipality, one chapter per committee with a section per activity,
investment and financial tables, and the fee schedule; one bookmark per heading.
"""

from __future__ import annotations

import random

from meetingapp.core.swedish import swedish_date
from meetingapp.demo import followup
from meetingapp.demo.case import Attachment
from meetingapp.demo.model import DemoModel, PaperModel
from meetingapp.demo.pdf import (
    Chunk,
    Letterhead,
    PdfInfo,
    bullet_list,
    esc,
    html_pdf,
    paragraphs,
    table,
)
from meetingapp.demo.people import PEOPLE
from meetingapp.demo.prose import Prose, grouped
from meetingapp.demo.timeline import local_time

NBSP = "\u00a0"

COMMITTEE_THEMES: dict[str, tuple[str, str]] = {
    "Kommunstyrelsen": ("organisation", "ekonomi"),
    "Barn- och utbildningsnämnden": ("skola", "skola"),
    "Socialnämnden": ("omsorg", "social"),
    "Miljö- och byggnadsnämnden": ("samhallsbyggnad", "miljo"),
    "Kultur- och fritidsnämnden": ("kultur", "kultur"),
    "Tekniska nämnden": ("samhallsbyggnad", "miljo"),
}
SMALL_COMMITTEES: tuple[tuple[str, str], ...] = (
    ("Överförmyndarnämnden", "social"),
    ("Revisionen", "ekonomi"),
)
ACTIVITY_SECTIONS = (
    "Nuläge",
    "Kvalitet och resultat",
    "Utmaningar",
    "Personal och kompetens",
    "Inriktning för planperioden",
    "Ekonomi",
    "Nyckeltal",
)
GOAL_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Livslångt lärande",
        (
            "Fler elever ska nå kunskapsmålen och fullfölja gymnasieskolan.",
            "Förskolan ska ge alla barn en god start i livet.",
        ),
    ),
    (
        "Trygghet och hälsa",
        (
            "Invånarna ska känna sig trygga i hela kommunen.",
            "Äldre ska kunna leva ett självständigt liv med stöd utifrån sina behov.",
        ),
    ),
    (
        "Hållbar tillväxt",
        (
            "Kommunen ska växa med minst 150 invånare per år.",
            "Utsläppen av växthusgaser ska halveras till 2030 jämfört med 2015.",
        ),
    ),
    (
        "Effektiv och attraktiv organisation",
        (
            "Kommunens ekonomi ska vara i balans och resultatet minst 2 procent av skatter "
            "och statsbidrag.",
            "Kommunen ska vara en attraktiv arbetsgivare med låg sjukfrånvaro.",
        ),
    ),
)
TERMS: tuple[tuple[str, str], ...] = (
    ("Balanskrav", "Lagens krav på att intäkterna ska överstiga kostnaderna."),
    ("Driftbudget", "Budget för verksamhetens löpande intäkter och kostnader."),
    ("Investeringsbudget", "Budget för anskaffning av tillgångar som används i flera år."),
    ("Kommunbidrag", "Den del av nämndens kostnader som finansieras med skattemedel."),
    ("Nettokostnad", "Kostnader minus intäkter, till exempel avgifter och bidrag."),
    ("Resultaträkning", "Sammanställning av intäkter och kostnader under året."),
    ("Balansräkning", "Sammanställning av tillgångar, skulder och eget kapital vid årets slut."),
    ("Soliditet", "Eget kapital i förhållande till totala tillgångar."),
    ("Självfinansieringsgrad", "Andel av investeringarna som finansieras med egna medel."),
    ("Skattekraft", "Beskattningsbar inkomst per invånare."),
    ("Generella statsbidrag", "Statsbidrag som kommunen fritt får använda."),
    ("Pensionsförpliktelse", "Kommunens åtagande för framtida pensionsutbetalningar."),
    ("Ram", "Det belopp fullmäktige tilldelar en nämnd."),
    ("Prisindex för kommunal verksamhet", "Index för kostnadsutvecklingen i kommunerna."),
    ("God ekonomisk hushållning", "Lagens krav på långsiktigt hållbar ekonomi."),
)


FINANCIAL_STATEMENTS = {
    "Resultatbudget": (
        "Verksamhetens intäkter",
        "Verksamhetens kostnader",
        "Avskrivningar",
        "Verksamhetens nettokostnader",
        "Skatteintäkter",
        "Generella statsbidrag och utjämning",
        "Finansiella intäkter",
        "Finansiella kostnader",
        "Årets resultat",
    ),
    "Balansbudget": (
        "Anläggningstillgångar",
        "Omsättningstillgångar",
        "Summa tillgångar",
        "Eget kapital",
        "Avsättningar",
        "Långfristiga skulder",
        "Kortfristiga skulder",
        "Summa eget kapital och skulder",
    ),
    "Kassaflödesbudget": (
        "Den löpande verksamheten",
        "Investeringsverksamheten",
        "Finansieringsverksamheten",
        "Årets kassaflöde",
        "Likvida medel vid årets slut",
    ),
    "Finansiella nyckeltal": (
        "Resultat i procent av skatter och bidrag",
        "Soliditet, procent",
        "Självfinansieringsgrad, procent",
        "Låneskuld per invånare, kr",
    ),
}

INVESTMENT_KINDS = (
    "Ombyggnad",
    "Upprustning",
    "Nybyggnad",
    "Utbyte av",
    "Förnyelse av",
    "Energieffektivisering av",
    "Tillgänglighetsanpassning av",
)

INVESTMENT_OBJECTS = (
    "Norrbackaskolan",
    "förskolan i Björkhagen",
    "Sjöviks skola",
    "stadshuset",
    "simhallen",
    "ledningsnätet i Kvarnbacken",
    "gatubelysningen",
    "lekplatser",
    "it-infrastrukturen",
    "äldreboendet Ekbacken",
    "idrottsplatsen",
    "reningsverket",
    "brandstationen",
    "biblioteket",
)


class BudgetWriter:
    """Builds the HTML of the budget document."""

    def __init__(self, year: int, seed: int) -> None:
        self.year = year
        self.prose = Prose(seed, year)
        self.rng = random.Random(seed + 1)
        self.chunks: list[tuple[list[str], bool]] = [([], True)]

    @property
    def parts(self) -> list[str]:
        return self.chunks[-1][0]

    def html(self) -> list[Chunk]:
        """One HTML chunk per chapter; chapters start on a new page."""
        self._title_page()
        self._chapter_foreword()
        self._chapter_vision()
        self._chapter_environment()
        self._chapter_conditions()
        self._chapter_goals()
        for committee, (theme, second) in COMMITTEE_THEMES.items():
            self._chapter_committee(committee, theme, second)
        for committee, theme in SMALL_COMMITTEES:
            self._chapter_small_committee(committee, theme)
        self._chapter_investments()
        self._chapter_financial_statements()
        self._chapter_fees()
        self._chapter_terms()
        return [Chunk("".join(parts), new_page) for parts, new_page in self.chunks]

    # --- building blocks

    def h1(self, text: str) -> None:
        """A chapter: a new Story on a new page."""
        self.chunks.append(([f"<h1>{esc(text)}</h1>"], True))

    def h2(self, text: str) -> None:
        """A section: a new Story, continuing on the same page."""
        self.chunks.append(([f"<h2>{esc(text)}</h2>"], False))

    def h3(self, text: str) -> None:
        self.chunks.append(([f"<h3>{esc(text)}</h3>"], False))

    def text(self, theme: str, count: int) -> None:
        self.parts.append(paragraphs(self.prose.paragraphs(theme, count)))

    def money(self, value: float) -> str:
        return grouped(round(value), separator=NBSP)

    # --- chapters

    def _title_page(self) -> None:
        y1, y3 = self.year + 1, self.year + 3
        self.parts.append(
            f"<h1>Mål och budget {y1}–{y3}</h1>"
            "<p class='lead'>Kommunstyrelsens förslag till kommunfullmäktige</p>"
            f"<p>Budget för {y1} med plan för {y1 + 1}–{y3}. Skattesats 22,14 kronor per "
            "skattekrona.</p>"
        )

    def _chapter_foreword(self) -> None:
        self.h1("1. Kommunstyrelsens ordförande har ordet")
        self.text("ekonomi", 3)
        self.text("organisation", 2)
        chair = PEOPLE["p01"]
        self.parts.append(f"<p>{esc(chair.name)}<br/>Kommunstyrelsens ordförande</p>")

    def _chapter_vision(self) -> None:
        self.h1("2. Vision och styrmodell")
        for heading, theme in (
            ("Vision 2035", "organisation"),
            ("Styrmodell", "ekonomi"),
            ("Målstruktur och uppföljning", "ekonomi"),
        ):
            self.h2(heading)
            self.text(theme, 3)

    def _chapter_environment(self) -> None:
        self.h1("3. Omvärldsanalys")
        self.h2("Befolkning")
        self.text("omsorg", 2)
        self.parts.append(self._population_table())
        for heading, theme in (
            ("Samhällsekonomi", "ekonomi"),
            ("Arbetsmarknad", "social"),
            ("Klimat och miljö", "miljo"),
            ("Digitalisering", "organisation"),
            ("Kompetensförsörjning", "organisation"),
        ):
            self.h2(heading)
            self.text(theme, 4)

    def _population_table(self) -> str:
        groups = (
            ("0–5 år", 1180),
            ("6–15 år", 2210),
            ("16–19 år", 860),
            ("20–64 år", 10240),
            ("65–79 år", 3150),
            ("80 år och äldre", 1260),
        )
        rows = []
        for name, base in groups:
            trend = self.rng.uniform(-0.02, 0.045)
            values = [base * (1 + trend) ** step for step in range(5)]
            rows.append((name, *(self.money(v) for v in values)))
        header = ("Åldersgrupp", *(str(self.year - 1 + step) for step in range(5)))
        return table(header, rows)

    def _chapter_conditions(self) -> None:
        self.h1("4. Ekonomiska förutsättningar")
        for heading in (
            "Skatteintäkter och generella statsbidrag",
            "Pensioner",
            "Investeringar och upplåning",
            "Finansiella mål",
        ):
            self.h2(heading)
            self.text("ekonomi", 3)
            self.parts.append(self._forecast_table(heading))

    def _forecast_table(self, heading: str) -> str:
        rows = []
        for name in (
            "Skatteintäkter",
            "Generella statsbidrag och utjämning",
            "Pensionskostnader",
            "Finansnetto",
            "Nettoinvesteringar",
        ):
            base = self.rng.uniform(20_000, 1_200_000)
            rows.append((name, *(self.money(base * (1.03**step)) for step in range(4))))
        header = (
            "Mnkr" if "Finans" in heading else "Tkr",
            *(str(self.year + step) for step in range(4)),
        )
        return table(header, rows)

    def _chapter_goals(self) -> None:
        self.h1("5. Kommunfullmäktiges mål")
        self.text("organisation", 2)
        for area, goals in GOAL_AREAS:
            self.h2(f"Målområde: {area}")
            self.parts.append(bullet_list(goals))
            self.text("ekonomi", 2)
            self.parts.append(self._indicator_table(4))

    def _indicator_table(self, count: int) -> str:
        rows = []
        for _ in range(count):
            name = self.prose.indicator_name()
            base = self.rng.uniform(40, 90)
            rows.append(
                (
                    name[0].upper() + name[1:],
                    f"{base:.0f}",
                    *(f"{min(100, base + step * 2):.0f}" for step in range(1, 4)),
                )
            )
        header = (
            "Indikator (%)",
            f"Utfall {self.year - 1}",
            *(f"Mål {self.year + step}" for step in range(1, 4)),
        )
        return table(header, rows)

    def _chapter_committee(self, committee: str, theme: str, second: str) -> None:
        number = 6 + list(COMMITTEE_THEMES).index(committee)
        self.h1(f"{number}. {committee}")
        for heading, used in (
            ("Uppdrag", theme),
            ("Omvärld och utmaningar", second),
            (f"Prioriteringar {self.year + 1}", theme),
        ):
            self.h2(heading)
            self.text(used, 3)
        self.h2("Mål och indikatorer")
        self.parts.append(self._indicator_table(5))
        self.h2("Driftbudget")
        self.parts.append(self._operating_table(committee))
        self.h2("Investeringar")
        self.parts.append(self._investment_table(self.rng.randint(4, 8)))
        self.h2("Verksamheternas utveckling")
        for index, (activity, _budget) in enumerate(followup.BUDGET_LINES[committee]):
            self._activity(activity, theme if index % 2 == 0 else second)
        self.h2("Risker och möjligheter")
        self.text(second, 3)
        self.h2("Uppdrag från kommunfullmäktige")
        self.parts.append(
            bullet_list(self.prose.sentence(theme).rstrip(".") + "." for _ in range(4))
        )

    def _activity(self, activity: str, theme: str) -> None:
        self.h3(activity)
        for section in ACTIVITY_SECTIONS:
            self.parts.append(f"<p><b>{esc(section)}.</b></p>")
            if section == "Nyckeltal":
                self.parts.append(self._key_figures())
            else:
                self.text(theme, self.rng.randint(9, 11))

    def _key_figures(self) -> str:
        rows = []
        for name in (
            "Nettokostnad per invånare, kr",
            "Antal årsarbetare",
            "Kostnad jämfört med liknande kommuner, %",
        ):
            base = self.rng.uniform(80, 12_000)
            rows.append(
                (name, *(self.money(base * self.rng.uniform(0.96, 1.06)) for _ in range(3)))
            )
        header = ("Nyckeltal", str(self.year - 1), str(self.year), f"Budget {self.year + 1}")
        return table(header, rows)

    def _operating_table(self, committee: str) -> str:
        rows, classes = [], []
        totals = [0.0, 0.0, 0.0, 0.0]
        for name, budget in followup.BUDGET_LINES[committee]:
            values = [budget * (1.024**step) for step in range(4)]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            rows.append((name, *(self.money(v) for v in values)))
            classes.append("")
        rows.append(("Summa", *(self.money(v) for v in totals)))
        classes.append("sum")
        header = (
            "Verksamhet (tkr)",
            f"Budget {self.year}",
            *(f"{'Budget' if step == 1 else 'Plan'} {self.year + step}" for step in range(1, 4)),
        )
        return table(header, rows, row_classes=classes)

    def _investment_table(self, count: int) -> str:
        rows = []
        for _ in range(count):
            name = f"{self.rng.choice(INVESTMENT_KINDS)} {self.rng.choice(INVESTMENT_OBJECTS)}"
            total = self.rng.uniform(800, 60_000)
            split = [self.rng.uniform(0.1, 0.6) for _ in range(3)]
            share = sum(split)
            rows.append(
                (name, self.money(total), *(self.money(total * part / share) for part in split))
            )
        header = ("Projekt (tkr)", "Total utgift", *(str(self.year + step) for step in range(1, 4)))
        return table(header, rows)

    def _chapter_small_committee(self, committee: str, theme: str) -> None:
        number = 6 + len(COMMITTEE_THEMES) + [c for c, _ in SMALL_COMMITTEES].index(committee)
        self.h1(f"{number}. {committee}")
        for heading in ("Uppdrag", "Prioriteringar", "Ekonomi"):
            self.h2(heading)
            self.text(theme, 3)

    def _chapter_investments(self) -> None:
        self.h1(
            f"{6 + len(COMMITTEE_THEMES) + len(SMALL_COMMITTEES)}. Investeringsbudget "
            f"{self.year + 1}–{self.year + 3}"
        )
        self.text("ekonomi", 3)
        self.parts.append(self._investment_table(90))

    def _chapter_financial_statements(self) -> None:
        self.h1(f"{7 + len(COMMITTEE_THEMES) + len(SMALL_COMMITTEES)}. Finansiella rapporter")
        for heading, lines in FINANCIAL_STATEMENTS.items():
            self.h2(heading)
            self.text("ekonomi", 2)
            rows = [
                (line, *(self.money(self.rng.uniform(-900_000, 1_500_000)) for _ in range(4)))
                for line in lines
            ]
            header = (
                "Mnkr",
                f"Bokslut {self.year - 1}",
                *(str(self.year + step) for step in range(1, 4)),
            )
            self.parts.append(table(header, rows))

    def _chapter_fees(self) -> None:
        self.h1("Bilaga 1. Taxor och avgifter")
        self.text("ekonomi", 2)
        for area in (
            "Vatten och avlopp",
            "Renhållning",
            "Plan- och bygglov",
            "Miljöbalken",
            "Livsmedel",
            "Alkohol och tobak",
            "Kultur och fritid",
            "Förskola och fritidshem",
            "Äldreomsorg",
            "Gator och torg",
            "Övriga avgifter",
        ):
            self.h2(area)
            rows = []
            for index in range(self.rng.randint(12, 24)):
                old = self.rng.uniform(30, 25_000)
                rows.append(
                    (
                        f"{area}, avgift {index + 1}",
                        self.rng.choice(("kr", "kr/år", "kr/tim", "kr/st", "kr/m³")),
                        self.money(old),
                        self.money(old * 1.031),
                    )
                )
            self.parts.append(
                table(("Avgift", "Enhet", f"Taxa {self.year}", f"Taxa {self.year + 1}"), rows)
            )

    def _chapter_terms(self) -> None:
        self.h1("Bilaga 2. Begrepp och definitioner")
        rows = list(TERMS)
        self.parts.append(table(("Begrepp", "Förklaring"), rows, numeric_from=99, widths=(30, 70)))


def budget_pdf(model: DemoModel, paper: PaperModel, attachment: Attachment) -> bytes:
    year = model.timeline.year
    writer = BudgetWriter(year, seed=year * 31 + 7)
    author = PEOPLE[paper.case.officer]
    letterhead = Letterhead("Kommunstyrelsen", "Förslag", attachment.title)
    info = PdfInfo(
        title=attachment.title,
        author=author.name,
        subject=f"Kommunstyrelsens förslag, {swedish_date(paper.report_day)}",
        created=local_time(paper.report_day, 10, 0),
        keywords=f"budget, mål, skattesats, {paper.reference}",
    )
    return html_pdf(writer.html(), letterhead=letterhead, info=info, outline=True)
