"""The bilagor of the papers, rendered by kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from meetingapp.core.swedish import MONTHS, swedish_date
from meetingapp.demo import drawings, followup
from meetingapp.demo.case import Attachment
from meetingapp.demo.documents import DEPARTMENTS, iso, signature_table
from meetingapp.demo.model import DemoModel, PaperModel, fill
from meetingapp.demo.pdf import (
    A4,
    A4_LANDSCAPE,
    LANDSCAPE_CONTENT_WIDTH,
    Letterhead,
    PdfInfo,
    bullet_list,
    esc,
    html_pdf,
    paragraphs,
    table,
)
from meetingapp.demo.people import COMMITTEE_BY_KEY, PEOPLE
from meetingapp.demo.prose import Prose, grouped
from meetingapp.demo.timeline import local_time

NBSP = "\u00a0"

REPORT_HEADINGS = (
    "Bakgrund",
    "Syfte och avgränsning",
    "Nulägesbeskrivning",
    "Omvärld och förutsättningar",
    "Analys",
    "Förslag och åtgärder",
    "Konsekvenser",
    "Dialog och delaktighet",
    "Genomförande",
    "Risker",
    "Uppföljning",
    "Slutsatser",
)

REGULATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "skolskjuts": (
        (
            "Tillämpning",
            "Reglementet gäller elever i förskoleklass, grundskola och anpassad "
            "grundskola som är folkbokförda i Exempelkommun och går i den skola kommunen har "
            "placerat dem i.",
        ),
        (
            "Avståndsgränser",
            "Skolskjuts beviljas om avståndet mellan hemmet och skolan är "
            "minst 2,5 kilometer för elever i förskoleklass till årskurs 3, minst 3,5 kilometer "
            "för elever i årskurs 4–6 och minst 4,5 kilometer för elever i årskurs 7–9.",
        ),
        (
            "Mätning",
            "Avståndet mäts längs kortaste gång- eller cykelväg som är allmänt "
            "tillgänglig, från tomtgräns till skolans närmaste entré.",
        ),
        (
            "Trafikfarlig väg",
            "En skolväg bedöms som trafikfarlig utifrån hastighet, "
            "trafikmängd, siktförhållanden och förekomsten av gång- och cykelbana. Bedömningen "
            "görs av kommunens trafikplanerare.",
        ),
        (
            "Växelvis boende",
            "En elev som bor växelvis hos vårdnadshavare inom kommunen har rätt "
            "till skolskjuts från båda adresserna om kraven i övrigt är uppfyllda.",
        ),
        (
            "Väntetid",
            "Väntetiden före skolans början och efter skoldagens slut ska vara rimlig "
            "och vid byten högst 30 minuter.",
        ),
        (
            "Särskilda skäl",
            "Skolskjuts kan beviljas på grund av funktionsnedsättning eller "
            "annan särskild omständighet efter ansökan. Intyg ska bifogas ansökan.",
        ),
        (
            "Elev i annan skola",
            "En elev som valt en annan skola än den kommunen anvisat har "
            "rätt till skolskjuts endast om det kan ske utan organisatoriska eller ekonomiska "
            "svårigheter.",
        ),
        (
            "Uppförande",
            "Elever ska följa ordningsreglerna under färden. Vid allvarliga "
            "störningar kan eleven tillfälligt hänvisas till annan färdsätt efter samråd med "
            "vårdnadshavare.",
        ),
        (
            "Överklagande",
            "Beslut om skolskjuts kan överklagas till förvaltningsrätten genom "
            "laglighetsprövning eller förvaltningsbesvär enligt skollagen.",
        ),
    ),
    "representation": (
        (
            "Syfte",
            "Riktlinjerna ska säkerställa att representation och gåvor i kommunens "
            "verksamhet hanteras med omdöme, måttfullhet och öppenhet.",
        ),
        (
            "Extern representation",
            "Extern representation riktar sig till personer utanför "
            "kommunen och ska ha ett direkt samband med kommunens verksamhet, till exempel vid "
            "studiebesök, förhandlingar eller näringslivskontakter.",
        ),
        (
            "Intern representation",
            "Intern representation riktar sig till kommunens "
            "medarbetare och förtroendevalda, till exempel vid personalfester och avtackningar. "
            "Personalfest får hållas högst två gånger per år.",
        ),
        (
            "Beloppsgränser",
            "Kostnaden för måltid vid representation bör inte överstiga de "
            "belopp som Skatteverket anger som avdragsgilla, med tillägg för mervärdesskatt.",
        ),
        (
            "Alkohol",
            "Vid intern representation serveras inte alkohol. Vid extern "
            "representation får måttliga mängder lättöl, vin eller öl serveras till måltid.",
        ),
        (
            "Gåvor till medarbetare",
            "Minnesgåvor vid 50 års ålder, lång anställning och "
            "avgång ska följa Skatteverkets regler för skattefria gåvor.",
        ),
        (
            "Mutor och otillbörliga förmåner",
            "Förtroendevalda och medarbetare får inte ta emot "
            "gåvor eller förmåner som kan påverka, eller uppfattas påverka, deras beslut.",
        ),
        (
            "Dokumentation",
            "Syftet med representationen och deltagarnas namn ska alltid "
            "dokumenteras på fakturan eller i en bilaga till den.",
        ),
    ),
}

LETTERS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "borgen": (
        "Exempelkommuns Bostäder AB",
        "Till Exempelkommun, kommunstyrelsen",
        (
            "Styrelsen för Exempelkommuns Bostäder AB beslutade vid sitt sammanträde i "
            "september att genomföra nyproduktion av 48 hyreslägenheter i kvarteret Lärkan, "
            "under förutsättning att finansieringen kan säkras.",
            "Bolaget begär därför att kommunfullmäktige utökar den kommunala borgensramen för "
            "bolagets lån från 650 till 720 miljoner kronor. Den utökade ramen motsvarar "
            "projektets lånefinansiering.",
            "Bolaget redovisar i bilaga projektkalkyl, likviditetsprognos och känslighetsanalys. "
            "Projektet beräknas nå full uthyrning inom sex månader efter färdigställande.",
        ),
        "Maria Holmström, verkställande direktör",
    ),
    "individ-elev": (
        "Socialnämnden, individ- och familjeomsorgen",
        "Till barn- och utbildningsnämnden",
        (
            "Socialnämnden utreder behovet av insatser för ett barn som är elev i kommunens "
            "grundskola. Socialnämnden begär att barn- och utbildningsnämnden yttrar sig om "
            "elevens skolgång, närvaro och det stöd som skolan ger.",
            "Uppgifterna i denna begäran omfattas av sekretess enligt 26 kap. 1 § offentlighets- "
            "och sekretesslagen och lämnas till nämnden med stöd av 10 kap. 28 § samma lag.",
            "Yttrandet önskas senast inom tre veckor.",
        ),
        "Handläggare, individ- och familjeomsorgen",
    ),
    "bygglov": (
        "Grannar på Kyrkogatan",
        "Till miljö- och byggnadsnämnden",
        (
            "Vi har tagit del av ansökan om bygglov för flerbostadshus på Exempla 3:7. Vi är i "
            "grunden positiva till att det byggs bostäder i kvarteret.",
            "Vi är dock oroliga för att huset blir högre än detaljplanen medger och att våra "
            "trädgårdar blir skuggade under eftermiddagarna. Vi undrar också var de boende ska "
            "parkera, eftersom det redan i dag är svårt att hitta parkering på gatan.",
            "Vi ber nämnden att väga in dessa synpunkter i beslutet.",
        ),
        "Två fastighetsägare på Kyrkogatan",
    ),
}

MOTION_TEXTS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "motion-solceller": (
        "Ahmed Karimi",
        "Motion om solceller på kommunens fastigheter",
        (
            "Elpriserna har de senaste åren varierat kraftigt, och kommunen har fått betala "
            "betydligt mer för el än vad som budgeterades. Samtidigt har priset på solceller "
            "sjunkit, och tekniken är i dag beprövad och lönsam på de flesta tak.",
            "Exempelkommun äger ett stort antal byggnader med stora takytor: skolor, "
            "förskolor, idrottshallar och äldreboenden. Många av dem används mest dagtid under "
            "vår, sommar och höst, då solelen produceras.",
            "Genom att själva producera el kan kommunen minska sina kostnader, minska "
            "klimatpåverkan och visa invånare och företag att omställningen är möjlig.",
        ),
        (
            "kommunen installerar solceller på samtliga kommunala fastigheter där det är "
            "tekniskt och ekonomiskt möjligt senast {y3}",
            "kommunen tar fram en plan för hur utbyggnaden ska finansieras",
        ),
    ),
    "fritidshem": (
        "Förslagsställare i Exempelstad",
        "Medborgarförslag om förlängda öppettider på fritidshem",
        (
            "Jag och många andra föräldrar pendlar till arbete i regioncentrum. Första tåget "
            "går 06.25 och fritidshemmet öppnar 06.30, vilket gör det omöjligt att hinna.",
            "Det finns barn som i dag får lämnas hos grannar eller släktingar på morgonen. "
            "Det är inte en bra lösning för någon.",
        ),
        ("fritidshemmen öppnar klockan 06.00 i stället för 06.30",),
    ),
}


CONTRACT_SECTIONS = (
    (
        "Parter",
        "Säljare: Exempelkommun, organisationsnummer 212000-0000. Köpare: "
        "Exempelstads Mekaniska AB, organisationsnummer 556000-0000.",
    ),
    (
        "Överlåtelse",
        "Säljaren överlåter till köparen ett markområde om cirka 6 200 "
        "kvadratmeter av fastigheten Exempla 4:12 enligt bifogad karta.",
    ),
    (
        "Köpeskilling",
        "Köpeskillingen är 1 240 000 kronor och betalas kontant på tillträdesdagen.",
    ),
    ("Tillträde", "Tillträde sker när lantmäteriförrättningen har vunnit laga kraft."),
    (
        "Fastighetsbildning",
        "Köparen ansöker om och bekostar den lantmäteriförrättning "
        "som behövs för att bilda en egen fastighet av området.",
    ),
    (
        "Markföroreningar",
        "Säljaren känner inte till några föroreningar inom området. "
        "Köparen har haft möjlighet att undersöka marken.",
    ),
    (
        "Villkor",
        "Avtalet är villkorat av att kommunstyrelsen godkänner det genom beslut "
        "som vinner laga kraft.",
    ),
)

ROOF_BUILDINGS = (
    "Centralskolan",
    "Norrbackaskolan",
    "Sjöviks skola",
    "Björkhagens skola",
    "Förskolan Solrosen",
    "Förskolan Lärkan",
    "Sporthallen",
    "Simhallen",
    "Stadshuset",
    "Äldreboendet Ekbacken",
    "Kulturhuset",
    "Räddningsstationen",
    "Förskolan Tallmon",
    "Biblioteket",
    "Kommunförrådet",
    "Gruppbostaden Lunden",
)

FEE_GROUPS = {
    "Vatten och avlopp": (
        "Fast avgift per år, villa",
        "Avgift per kubikmeter vatten",
        "Anläggningsavgift, villa",
        "Provtagning av enskild brunn",
    ),
    "Bygglov": (
        "Bygglov, enbostadshus",
        "Bygglov, tillbyggnad",
        "Förhandsbesked",
        "Rivningslov",
        "Startbesked, garage",
    ),
    "Miljö och hälsoskydd": (
        "Timavgift",
        "Anmälan om värmepump",
        "Tillstånd för enskilt avlopp",
        "Registrering av livsmedelsanläggning",
    ),
    "Kultur och fritid": (
        "Hyra av idrottshall per timme, förening",
        "Hyra av idrottshall per timme, övriga",
        "Kulturskola per termin",
        "Simhall, vuxen",
        "Simhall, barn",
    ),
    "Renhållning": (
        "Sophämtning, villa, 14 dagar",
        "Sophämtning, fritidshus",
        "Latrinhämtning",
        "Slamtömning",
    ),
    "Övrigt": (
        "Kopia av allmän handling, per sida från sidan 10",
        "Borgerlig vigsel utanför stadshuset",
        "Uthyrning av torgplats per dag",
        "Parkeringstillstånd",
    ),
}

CONTROL_POINTS = [
    (
        "Avslut av behörigheter",
        "Stickprov på tio avslutade anställningar",
        "Kvartalsvis",
        "IT-chef",
    ),
    (
        "Attest av fakturor",
        "Kontroll av jäv och beloppsgränser i 30 fakturor",
        "Halvår",
        "Ekonomichef",
    ),
    ("Avtalstrohet", "Analys av inköp utanför avtal", "Halvår", "Upphandlingschef"),
    (
        "Informationssäkerhet",
        "Uppföljning av incidentrapporter",
        "Kvartalsvis",
        "Säkerhetssamordnare",
    ),
    ("Representation", "Granskning mot riktlinjerna", "Årligen", "Kanslichef"),
    ("Diarieföring", "Stickprov på inkomna handlingar", "Halvår", "Kanslichef"),
    ("Löneutbetalningar", "Kontroll av manuella lönetillägg", "Kvartalsvis", "HR-chef"),
    ("Bisysslor", "Uppföljning av anmälda bisysslor", "Årligen", "HR-chef"),
    ("Kontanthantering", "Inventering av handkassor", "Årligen", "Ekonomichef"),
    ("Delegationsbeslut", "Kontroll av att beslut anmäls", "Halvår", "Kanslichef"),
    (
        "Avtalsuppföljning",
        "Kontroll av tio avtal med höga belopp",
        "Årligen",
        "Upphandlingschef",
    ),
]

RISKS = (
    "Behörigheter avslutas inte",
    "Felaktiga utbetalningar",
    "Inköp utanför avtal",
    "Cyberangrepp",
    "Otillåten representation",
    "Bristande diarieföring",
    "Felaktiga lönetillägg",
    "Otillåtna bisysslor",
    "Förlust av kontanter",
    "Beslut utan delegation",
    "Bristande avtalsuppföljning",
    "Personberoende",
)

SCHOOLS = (
    "Centralskolan",
    "Norrbackaskolan",
    "Sjöviks skola",
    "Björkhagens skola",
    "Tallmoskolan",
    "Kvarnbackens skola",
    "Ekbackens skola",
    "Lundaskolan",
)


SPREADSHEET_CSS = (
    "th, td { font-size: 6.8pt; padding: 0 3pt; line-height: 1.4; } body { font-size: 8pt; }"
)
SPREADSHEET_LEAD = (
    "<p>Driftredovisning per nämnd och verksamhet, tusentals kronor. Positiv avvikelse "
    "innebär lägre kostnad än budget.</p>"
)


def _spreadsheet_header(year: int, month_name: str) -> tuple[str, ...]:
    short = month_name[:3]
    return (
        "Verksamhet (tkr)",
        f"Budget {year}",
        f"Budget jan–{short}",
        f"Utfall jan–{short}",
        "Avvikelse",
        "Avv. %",
        "Prognos helår",
        "Prognosavv.",
        f"Utfall jan–{short} {year - 1}",
        "Förändr. %",
        "Förbrukat %",
    )


PLAN_SURROUNDINGS: dict[str, drawings.PlanSurroundings] = {
    "detaljplan-bjorkhagen": drawings.PlanSurroundings(
        ("Björkhagen 2:14", "Björkhagen 2:15"), ("Sjövägen", "Björkhagsvägen"), "Björkhagens skola"
    ),
    "detaljplan-verkstaden": drawings.PlanSurroundings(
        ("Verkstaden 1", "Verkstaden 2"), ("Industrigatan", "Smedjegatan"), "Centralskolan"
    ),
}


class Renderer:
    """Renders the bilagor of one paper."""

    def __init__(self, model: DemoModel, paper: PaperModel) -> None:
        self.model = model
        self.paper = paper
        self.values = model.values
        self.prose = Prose(seed=paper.key * 7919, year=model.timeline.year)
        self.department = DEPARTMENTS[paper.committee.key]
        self.number = 0

    def render(self, attachment: Attachment, number: int) -> bytes:
        handlers: dict[str, Callable[[Attachment], bytes]] = {
            "report": self.report,
            "regulation": self.regulation,
            "motion": self.motion,
            "proposal": self.motion,
            "letter": self.letter,
            "contract": self.contract,
            "roofs": self.roofs,
            "frames": self.frames,
            "election": self.election,
            "fees": self.fees,
            "calendar": self.calendar,
            "controls": self.controls,
            "risks": self.risks,
            "map": self.map,
            "site": self.site,
            "plan": self.plan,
            "chart": self.chart,
            "scan": self.scan,
            followup.SPREADSHEET: self.spreadsheet,
            followup.SMALL_TABLE: self.follow_up_table,
        }
        self.number = number
        return handlers[attachment.kind](attachment)

    # --- helpers

    @property
    def created(self) -> dt.datetime:
        return local_time(self.paper.report_day, 11, 0)

    def info(self, attachment: Attachment) -> PdfInfo:
        return PdfInfo(
            title=attachment.title,
            author=PEOPLE[self.paper.case.officer].name,
            subject=f"Bilaga {self.number} till {self.paper.reference}",
            created=self.created,
            keywords=f"bilaga, {self.paper.reference}",
        )

    def page(
        self,
        attachment: Attachment,
        body: str,
        *,
        kind: str = "",
        landscape: bool = False,
        outline: bool = False,
    ) -> bytes:
        letterhead = Letterhead(
            self.department,
            kind or f"Bilaga {self.number}",
            f"{attachment.title} · {self.paper.reference}",
            self.paper.case.confidential,
        )
        head = (
            f"<h1>{esc(attachment.title)}</h1><p class='small'>Bilaga {self.number} till "
            f"tjänsteskrivelse {esc(iso(self.paper.report_day))}, dnr "
            f"{esc(self.paper.reference)}</p>"
        )
        return html_pdf(
            head + body,
            letterhead=letterhead,
            info=self.info(attachment),
            page=A4_LANDSCAPE if landscape else A4,
            outline=outline,
        )

    # --- text kinds

    def report(self, attachment: Attachment) -> bytes:
        body = [paragraphs([self.paper.case.summary])]
        sections = max(2, attachment.pages * 2)
        for index in range(sections):
            heading = REPORT_HEADINGS[index % len(REPORT_HEADINGS)]
            body.append(f"<h2>{index + 1}. {esc(heading)}</h2>")
            body.append(paragraphs(self.prose.paragraphs(attachment.theme, 3)))
            if index % 3 == 2:
                body.append(self._indicator_table(attachment.theme))
        return self.page(attachment, "".join(body), outline=attachment.pages > 3)

    def _indicator_table(self, theme: str) -> str:
        year = self.model.timeline.year
        rng = self.prose.rng
        indicators = {
            "skola": (
                "Behöriga till yrkesprogram, %",
                "Trygghet i skolan, %",
                "Legitimerade lärare, %",
            ),
            "miljo": (
                "Fossilfria fordon, %",
                "Godkända enskilda avlopp, %",
                "Ekologiska livsmedel, %",
            ),
            "samhallsbyggnad": (
                "Bygglov inom tio veckor, %",
                "Nöjdhet gator och vägar, %",
                "Planer antagna i tid, %",
            ),
        }.get(theme, ("Nämnder i balans, %", "Avtalstrohet vid inköp, %", "Nöjda invånare, %"))
        rows = []
        for name in indicators:
            base = rng.uniform(45, 90)
            rows.append(
                (
                    name,
                    *(f"{base + rng.uniform(-4, 6):.0f}" for _ in range(3)),
                    f"{min(100, base + 8):.0f}",
                )
            )
        header = ("Indikator", str(year - 2), str(year - 1), str(year), f"Mål {year + 1}")
        return table(header, rows)

    def regulation(self, attachment: Attachment) -> bytes:
        rules = REGULATIONS.get(self.paper.case.key, ())
        year = self.model.timeline.year
        body = [
            f"<p>Antagen av {esc(self._decider())}. Gäller från och med den 1 januari "
            f"{year + 1}.</p>"
        ]
        for number, (heading, text) in enumerate(rules, start=1):
            body.append(f"<h3>{number} § {esc(heading)}</h3><p>{esc(text)}</p>")
        return self.page(attachment, "".join(body))

    def _decider(self) -> str:
        return COMMITTEE_BY_KEY[self.paper.committee.key].name.lower()

    def motion(self, attachment: Attachment) -> bytes:
        author, title, reasons, demands = MOTION_TEXTS[self.paper.case.key]
        addressed = "Kommunfullmäktige" if attachment.kind == "motion" else "Exempelkommun"
        demand_items = [fill(demand, self.values) for demand in demands]
        body = (
            f"<p>Till {esc(addressed)}</p><h2>{esc(title)}</h2>"
            + paragraphs(reasons)
            + "<p>Med anledning av ovanstående föreslår jag att</p>"
            + bullet_list(demand_items)
            + f"<p>Exempelstad den {esc(swedish_date(self.paper.registered.date()))}</p>"
            + signature_table([(author, "")])
        )
        return self.page(attachment, body, kind="Inkommen handling")

    def letter(self, attachment: Attachment) -> bytes:
        sender, recipient, texts, signer = LETTERS[self.paper.case.key]
        received = self.paper.registered.date()
        body = (
            f"<p>{esc(sender)}<br/>{esc(swedish_date(received - dt.timedelta(days=2)))}</p>"
            f"<p>{esc(recipient)}</p>" + paragraphs(texts) + signature_table([(signer, sender)])
        )
        return self.page(attachment, body, kind="Inkommen handling")

    def contract(self, attachment: Attachment) -> bytes:
        body = "".join(
            f"<h3>§ {n} {esc(h)}</h3><p>{esc(t)}</p>"
            for n, (h, t) in enumerate(CONTRACT_SECTIONS, 1)
        )
        body += signature_table([("För Exempelkommun", ""), ("För Exempelstads Mekaniska AB", "")])
        return self.page(attachment, body)

    # --- table kinds

    def roofs(self, attachment: Attachment) -> bytes:
        rng = self.prose.rng
        rows = []
        for name in ROOF_BUILDINGS:
            area = rng.randint(180, 2400)
            fit = rng.choice(("Lämplig", "Lämplig", "Kräver takrenovering", "Ej lämplig"))
            rows.append(
                (
                    name,
                    grouped(area, separator=NBSP),
                    f"{rng.randint(3, 35)}°",
                    rng.choice(("Söder", "Sydväst", "Sydost", "Öst–väst", "Platt")),
                    fit,
                )
            )
        body = table(
            ("Byggnad", "Takyta m²", "Lutning", "Orientering", "Bedömning"),
            rows,
            numeric_from=1,
            widths=(34, 14, 12, 16, 24),
        )
        return self.page(attachment, body)

    def frames(self, attachment: Attachment) -> bytes:
        year = self.model.timeline.year
        rng = self.prose.rng
        rows = []
        for section, lines in followup.BUDGET_LINES.items():
            base = sum(budget for _name, budget in lines)
            change = rng.uniform(0.015, 0.035)
            rows.append(
                (
                    section,
                    grouped(base, separator=NBSP),
                    grouped(round(base * (1 + change)), separator=NBSP),
                    f"{change * 100:.1f}".replace(".", ","),
                )
            )
        body = (
            "<p>Skattesatsen föreslås vara oförändrad, 22,14 kronor per skattekrona. Ramarna "
            "anges i tusentals kronor.</p>"
            + table(("Nämnd", f"Ram {year}", f"Ram {year + 1}", "Förändring %"), rows)
        )
        return self.page(attachment, body)

    def election(self, attachment: Attachment) -> bytes:
        committee = COMMITTEE_BY_KEY["ks"]
        rows = [(PEOPLE[seat.person].name, seat.role) for seat in committee.seats]
        body = "<p>Valberedningen föreslår följande ledamöter och ersättare.</p>" + table(
            ("Namn", "Uppdrag"), rows, numeric_from=99, widths=(50, 50)
        )
        return self.page(attachment, body)

    def fees(self, attachment: Attachment) -> bytes:
        rng = self.prose.rng
        year = self.model.timeline.year
        rows: list[tuple[str, ...]] = []
        classes: list[str] = []
        for group, names in FEE_GROUPS.items():
            rows.append((group, "", "", "", ""))
            classes.append("group")
            for name in names:
                old = rng.choice((rng.randint(20, 900), rng.randint(1000, 30000)))
                change = 0.0 if group == "Kultur och fritid" and "förening" in name else 0.031
                if group == "Vatten och avlopp":
                    change = 0.065
                new = round(old * (1 + change))
                rows.append(
                    (
                        name,
                        rng.choice(("kr", "kr/år", "kr/st", "kr/tim")),
                        grouped(old, separator=NBSP),
                        grouped(new, separator=NBSP),
                        f"{change * 100:.1f}".replace(".", ","),
                    )
                )
                classes.append("")
        body = table(
            ("Avgift", "Enhet", f"Taxa {year}", f"Taxa {year + 1}", "Förändring %"),
            rows,
            row_classes=classes,
            widths=(44, 12, 15, 15, 14),
        )
        return self.page(attachment, body)

    def calendar(self, attachment: Attachment) -> bytes:
        year = self.model.timeline.year + 1
        rows = []
        for month in range(1, 13):
            if month == 7:
                continue
            first = dt.date(year, month, 1)
            monday = first + dt.timedelta(days=(0 - first.weekday()) % 7 + 14)
            tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7)
            rows.append(
                (
                    MONTHS[month - 1].capitalize(),
                    iso(tuesday),
                    iso(tuesday + dt.timedelta(days=7)),
                    iso(monday) if month in (2, 4, 6, 9, 10, 11, 12) else "–",
                )
            )
        body = table(
            ("Månad", "Arbetsutskottet", "Kommunstyrelsen", "Kommunfullmäktige"),
            rows,
            numeric_from=99,
        )
        return self.page(attachment, body)

    def controls(self, attachment: Attachment) -> bytes:
        body = table(
            ("Område", "Kontrollmoment", "Frekvens", "Ansvarig"),
            CONTROL_POINTS,
            numeric_from=99,
            widths=(24, 40, 14, 22),
        )
        return self.page(attachment, body)

    def risks(self, attachment: Attachment) -> bytes:
        rng = self.prose.rng
        rows = []
        for risk in RISKS:
            probability, consequence = rng.randint(1, 4), rng.randint(1, 4)
            rows.append((risk, str(probability), str(consequence), str(probability * consequence)))
        rows.sort(key=lambda row: -int(row[3]))
        body = (
            "<p>Sannolikhet och konsekvens bedöms på en skala 1–4. Riskvärdet är produkten.</p>"
            + table(("Risk", "Sannolikhet", "Konsekvens", "Riskvärde"), rows)
        )
        return self.page(attachment, body)

    def follow_up_table(self, attachment: Attachment) -> bytes:
        year, month = self._follow_up_month()
        section = followup.COMMITTEE_SECTIONS[self.paper.committee.key]
        lines = followup.figures(section, year, month)
        rows, classes = [], []
        for line in lines:
            rows.append(
                (
                    line.name,
                    *(
                        grouped(v, separator=NBSP)
                        for v in (
                            line.budget,
                            line.period_budget,
                            line.actual,
                            line.deviation,
                            line.forecast,
                            line.forecast_deviation,
                        )
                    ),
                )
            )
            classes.append("sum" if line.is_total else "")
        header = (
            "Verksamhet (tkr)",
            "Budget",
            "Per. budget",
            "Utfall",
            "Avvikelse",
            "Prognos",
            "Progn. avv.",
        )
        body = table(header, rows, row_classes=classes, widths=(28, 12, 12, 12, 12, 12, 12))
        body += paragraphs(self.prose.paragraphs("ekonomi", 2))
        return self.page(attachment, body)

    def _follow_up_month(self) -> tuple[int, int]:
        return followup.report_month(self.paper.items[0].meeting.day)

    def spreadsheet(self, attachment: Attachment) -> bytes:
        """The kommun's operating statement: every committee, eleven columns, landscape."""
        year, month = self._follow_up_month()
        rows, classes = [], []
        for section in followup.BUDGET_LINES:
            rows.append((section, *([""] * 10)))
            classes.append("group")
            for line in followup.figures(section, year, month):
                rows.append(self._spreadsheet_row(line))
                classes.append("sum" if line.is_total else "")
        body = SPREADSHEET_LEAD + table(
            _spreadsheet_header(year, MONTHS[month - 1]),
            rows,
            row_classes=classes,
            widths=(20, 8, 8, 8, 8, 6, 8, 8, 9, 8, 9),
            total_width=LANDSCAPE_CONTENT_WIDTH,
        )
        letterhead = Letterhead(
            self.department, f"Bilaga {self.number}", f"{attachment.title} · {self.paper.reference}"
        )
        return html_pdf(
            f"<h1>{esc(attachment.title)}</h1>" + body,
            letterhead=letterhead,
            info=self.info(attachment),
            page=A4_LANDSCAPE,
            css=SPREADSHEET_CSS,
        )

    @staticmethod
    def _spreadsheet_row(line: followup.Line) -> tuple[str, ...]:
        def pct(part: int, whole: int) -> str:
            return f"{100 * part / whole:.1f}".replace(".", ",") if whole else "–"

        return (
            line.name,
            grouped(line.budget, separator=NBSP),
            grouped(line.period_budget, separator=NBSP),
            grouped(line.actual, separator=NBSP),
            grouped(line.deviation, separator=NBSP),
            pct(line.deviation, line.period_budget),
            grouped(line.forecast, separator=NBSP),
            grouped(line.forecast_deviation, separator=NBSP),
            grouped(line.previous, separator=NBSP),
            pct(line.actual - line.previous, line.previous),
            pct(line.actual, line.budget),
        )

    # --- drawn kinds

    def map(self, attachment: Attachment) -> bytes:
        caption = self.paper.case.title.split(",")[-1].split(" – ")[0].strip()
        return drawings.area_map_pdf(
            attachment.title, caption, self.info(attachment), seed=f"map-{self.paper.case.key}"
        )

    def site(self, attachment: Attachment) -> bytes:
        title = f"{attachment.title}, {self.paper.case.title.split(',')[-1].strip()}"
        return drawings.site_plan_pdf(
            title, self.info(attachment), seed=f"site-{self.paper.case.key}"
        )

    def plan(self, attachment: Attachment) -> bytes:
        officer = PEOPLE[self.paper.case.officer]
        stage = attachment.title.split(", ")[-1].capitalize()
        sheet = drawings.PlanSheet(
            self.paper.case.title.split(" – ")[0],
            stage,
            self.paper.reference,
            officer.name,
            self.paper.report_day,
            PLAN_SURROUNDINGS[self.paper.case.key],
        )
        return drawings.plan_map_pdf(
            sheet, self.info(attachment), seed=f"plan-{self.paper.case.key}"
        )

    def chart(self, attachment: Attachment) -> bytes:
        rng = self.prose.rng
        rows = [
            (name, [rng.uniform(70, 95), rng.uniform(50, 80), rng.uniform(60, 88)])
            for name in SCHOOLS
        ]
        return drawings.bar_chart_pdf(
            attachment.title, rows, ("Trygghet", "Studiero", "Stimulans"), self.info(attachment)
        )

    def scan(self, attachment: Attachment) -> bytes:
        received = self.paper.registered.date()
        written = received - dt.timedelta(days=3)
        letter = (
            f"<p>Exempelstad den {esc(swedish_date(written))}</p><p>Till Exempelkommun<br/>"
            "Kommunstyrelsen</p><h2>Medborgarförslag: Belysning på gång- och cykelvägen vid "
            "Sjövik</h2>"
            + paragraphs(
                [
                    "Jag bor på Kvarnbacken och har två barn som går på Sjöviks skola. Varje "
                    "morgon går eller cyklar de längs gång- och cykelvägen från busshållplatsen "
                    "vid Kvarnbacken till skolan. Från oktober till mars är det beckmörkt på "
                    "morgonen, och sträckan genom skogen saknar helt belysning.",
                    "Flera föräldrar har berättat att deras barn är rädda för att gå där och "
                    "hellre vill bli skjutsade med bil. Det leder till mer trafik vid skolan, "
                    "vilket i sin tur gör det farligare för alla barn.",
                    "Jag föreslår därför att kommunen sätter upp belysning längs hela "
                    "sträckan, ungefär 600 meter, så att barnen kan ta sig till skolan tryggt "
                    "och på egen hand.",
                    "Jag bifogar gärna fler synpunkter om det behövs och nås på telefon "
                    "070-000 00 00.",
                ]
            )
            + "<p>Med vänliga hälsningar</p><p><br/><br/><br/>Lisa Granqvist<br/>"
            "Kvarnbacken 7<br/>123 49 Exempelstad</p>"
        )
        stamp = ("EXEMPELKOMMUN", f"Inkom {iso(received)}", f"Dnr {self.paper.reference}")
        return drawings.scanned_letter_pdf(
            letter, stamp, self.info(attachment), seed=f"scan-{self.paper.case.key}"
        )


def render_attachments(
    model: DemoModel, paper: PaperModel, budget: Callable[[PaperModel, Attachment], bytes]
) -> None:
    """Fill in the content of every bilaga of a paper."""
    renderer = Renderer(model, paper)
    for number, (attachment, file) in enumerate(paper.attachments, start=1):
        if attachment.kind == "budget":
            file.content = budget(paper, attachment)
        else:
            file.content = renderer.render(attachment, number)
