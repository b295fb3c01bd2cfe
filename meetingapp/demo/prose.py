"""Varied Swedish prose for long demo documents, from a seeded random generator.

Sentences are built from patterns whose parts belong to a theme (school, care, planning
…), so the text of a 250-page budget reads like a budget rather than repeating itself.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    actions: tuple[str, ...]
    """Infinitive phrases: "fortsätta arbetet med …"."""
    indicators: tuple[str, ...]
    """Noun phrases after "Andelen": "elever som …"."""
    counts: tuple[tuple[str, str], ...]
    """Clauses with ``{n}`` after "Under 2025", and the plural noun they count."""
    cost_areas: tuple[str, ...]
    causes: tuple[str, ...]
    challenges: tuple[str, ...]
    findings: tuple[str, ...]
    """Subordinate clauses after "Uppföljningen visar att"."""
    priorities: tuple[str, ...]
    """Noun phrases that can be "prioriteras"."""


SUBJECTS = ("Förvaltningen", "Nämnden", "Verksamheten", "Kommunen", "Ledningsgruppen")
MODALS = (
    "kommer under {y1} att",
    "avser att under planperioden",
    "planerar att",
    "behöver",
    "ska under året",
    "har fått i uppdrag att",
    "fortsätter att",
)
PURPOSES = (
    ", för att möta de ökade behoven",
    ", i syfte att använda resurserna mer effektivt",
    ", så att invånarna får en mer likvärdig service",
    " i nära samverkan med övriga förvaltningar",
    ", vilket även stärker kommunens attraktivitet som arbetsgivare",
    " inom befintliga ekonomiska ramar",
    "",
    "",
)
GENERIC = (
    "verksamheten fortsätter att utvecklas utifrån invånarnas behov",
    "resurserna används där de gör störst nytta",
    "uppföljningen av målen blir tydligare och mer kontinuerlig",
    "kostnadsutvecklingen hålls inom de ramar som fullmäktige har beslutat",
    "medarbetarna ges förutsättningar att utveckla sitt arbete",
    "samverkan med civilsamhället och näringslivet fördjupas",
    "beslut fattas på ett rättssäkert och förutsägbart sätt",
    "förändringar genomförs stegvis och följs upp noggrant",
)
OPENERS = ("Mot den bakgrunden", "Sammantaget", "Som en följd av detta", "Under planperioden")


THEMES: dict[str, Theme] = {
    "skola": Theme(
        actions=(
            "fortsätta arbetet med att öka andelen behöriga lärare",
            "utveckla det systematiska kvalitetsarbetet på skolenheterna",
            "stärka elevhälsans förebyggande och hälsofrämjande arbete",
            "minska den ogiltiga frånvaron genom tidiga kontakter med hemmen",
            "förbättra övergångarna mellan förskola, grundskola och gymnasieskola",
            "utöka samarbetet med socialtjänsten kring barn som riskerar att fara illa",
            "se över resursfördelningsmodellen för grundskolan",
            "utveckla studie- och yrkesvägledningen i alla årskurser",
            "anpassa förskolans organisation till det minskande barnantalet",
            "införa gemensamma rutiner för extra anpassningar och särskilt stöd",
        ),
        indicators=(
            "elever i årskurs 9 som är behöriga till ett yrkesprogram",
            "elever i årskurs 6 som når minst betyget E i alla ämnen",
            "legitimerade lärare med behörighet i undervisat ämne",
            "vårdnadshavare som är nöjda med förskolans verksamhet",
            "elever som känner sig trygga i skolan",
        ),
        counts=(
            ("tog förskolan emot {n} nya barn", "barn"),
            ("beviljades skolskjuts för {n} elever", "elever"),
            ("genomfördes {n} utredningar om särskilt stöd", "utredningar"),
            ("anmäldes {n} fall av kränkande behandling till huvudmannen", "fall"),
        ),
        cost_areas=(
            "tilläggsbelopp till fristående skolor",
            "skolskjuts",
            "lokaler för förskola och skola",
            "interkommunal ersättning",
        ),
        causes=(
            "fler elever med omfattande behov av särskilt stöd",
            "ökade kostnader för upphandlad skolskjutstrafik",
            "högre hyror efter genomförda ombyggnader",
            "fler elever som väljer skolor i andra kommuner",
            "avtalsenliga löneökningar",
        ),
        challenges=(
            "att rekrytera och behålla behöriga lärare och förskollärare",
            "att ge alla elever samma möjligheter oavsett bakgrund",
            "att anpassa lokalerna till förändrade elevkullar",
            "att minska den psykiska ohälsan bland unga",
            "att öka andelen elever som fullföljer gymnasieskolan",
        ),
        findings=(
            "de flesta elever trivs och känner sig trygga i skolan",
            "studieron har förbättrats i de yngre årskurserna",
            "skillnaderna i måluppfyllelse mellan skolorna har minskat något",
            "andelen elever med hög frånvaro fortfarande är för hög",
            "förskolans arbete med språkutveckling ger goda resultat",
        ),
        priorities=(
            "tidiga insatser för barn i behov av stöd",
            "kompetensutveckling i läs- och skrivundervisning",
            "arbetet med trygghet och studiero",
            "samarbetet kring elever med problematisk frånvaro",
            "förskolans pedagogiska uppdrag",
            "elevhälsans förebyggande arbete",
        ),
    ),
    "omsorg": Theme(
        actions=(
            "bygga ut hemtjänstens förmåga att arbeta med välfärdsteknik",
            "utveckla arbetet med individuellt anpassade insatser",
            "fortsätta omställningen till en mer nära vård tillsammans med regionen",
            "öka kontinuiteten i hemtjänsten så att färre personal besöker varje brukare",
            "planera för ett nytt särskilt boende med 60 platser",
            "stärka stödet till anhöriga som vårdar en närstående",
            "utveckla den dagliga verksamheten inom funktionsstöd",
            "införa digital nattillsyn för de brukare som önskar det",
        ),
        indicators=(
            "brukare i hemtjänsten som är nöjda med hjälpen",
            "medarbetare inom omsorgen med undersköterskeutbildning",
            "brukare med en aktuell genomförandeplan",
            "boende på särskilt boende som känner sig trygga",
            "timanställda inom vård och omsorg",
        ),
        counts=(
            ("utfördes drygt {n} hemtjänsttimmar i genomsnitt per månad", "timmar"),
            ("fattades {n} beslut om särskilt boende", "beslut"),
            ("hade {n} personer beslut om daglig verksamhet", "personer"),
            ("installerades trygghetslarm hos {n} nya brukare", "brukare"),
        ),
        cost_areas=("hemtjänsten", "särskilt boende", "insatser enligt LSS", "bemanningen"),
        causes=(
            "fler invånare över 80 år",
            "ökade vårdbehov hos dem som bor hemma",
            "ökade kostnader för externa placeringar",
            "högre kostnader för bemanning under semesterperioden",
            "införandet av ny teknik som kräver utbildning",
        ),
        challenges=(
            "att klara kompetensförsörjningen när många medarbetare går i pension",
            "att möta det ökande behovet av vård och omsorg med begränsade resurser",
            "att erbjuda en trygg och sammanhållen vård för äldre med stora behov",
            "att minska sjukfrånvaron bland omsorgens medarbetare",
        ),
        findings=(
            "brukarna i hög grad är nöjda med bemötandet",
            "kontinuiteten i hemtjänsten har förbättrats",
            "andelen timanställda har minskat jämfört med föregående år",
            "väntetiden till särskilt boende har ökat under hösten",
            "fler brukare använder digitala tjänster i vardagen",
        ),
        priorities=(
            "förebyggande och hälsofrämjande insatser",
            "kompetensutveckling för undersköterskor",
            "arbetet med heltid som norm",
            "samverkan med regionens primärvård",
            "stödet till anhöriga",
        ),
    ),
    "social": Theme(
        actions=(
            "utveckla det förebyggande arbetet för barn och unga",
            "minska antalet externa placeringar genom fler insatser på hemmaplan",
            "stärka samverkan mellan skola, socialtjänst och polis",
            "korta handläggningstiderna för ekonomiskt bistånd",
            "fortsätta arbetet med att rekrytera fler familjehem",
            "erbjuda fler insatser för personer som vill komma i arbete",
            "förbättra stödet till våldsutsatta och deras barn",
        ),
        indicators=(
            "utredningar om barn och unga som avslutas inom fyra månader",
            "hushåll med ekonomiskt bistånd som har långvarigt behov",
            "placerade barn som följs upp enligt plan",
            "deltagare i arbetsmarknadsinsatser som går vidare till arbete eller studier",
        ),
        counts=(
            ("inkom {n} orosanmälningar om barn", "anmälningar"),
            ("var {n} barn och unga placerade i familjehem", "barn"),
            ("fick {n} hushåll ekonomiskt bistånd", "hushåll"),
            ("deltog {n} personer i kommunens arbetsmarknadsinsatser", "personer"),
        ),
        cost_areas=(
            "externa placeringar",
            "ekonomiskt bistånd",
            "familjehemsvården",
            "arbetsmarknadsinsatserna",
        ),
        causes=(
            "fler placeringar av ungdomar med omfattande behov",
            "en svagare arbetsmarknad",
            "höjda riksnormer för ekonomiskt bistånd",
            "ökade arvoden till familjehem",
        ),
        challenges=(
            "att nå barn och familjer i ett tidigt skede",
            "att minska utanförskapet och öka sysselsättningen",
            "att bryta segregationen i de mest utsatta områdena",
            "att behålla erfarna socialsekreterare",
        ),
        findings=(
            "fler barn får stöd i ett tidigt skede",
            "handläggningstiderna har kortats under året",
            "antalet hushåll med långvarigt bistånd har minskat",
            "insatserna på hemmaplan har ersatt flera externa placeringar",
        ),
        priorities=(
            "det förebyggande arbetet",
            "insatser för barn i familjer med missbruk",
            "arbetet mot våld i nära relationer",
            "vägar till egen försörjning",
        ),
    ),
    "samhallsbyggnad": Theme(
        actions=(
            "korta handläggningstiderna för bygglov",
            "ta fram detaljplaner för minst 200 nya bostäder",
            "fortsätta utbyggnaden av gång- och cykelvägar mellan tätorterna",
            "genomföra beläggningsprogrammet för de kommunala gatorna",
            "utveckla den digitala detaljplaneprocessen",
            "ta fram en ny trafikstrategi för Exempelstad",
            "förbättra dialogen med medborgare och företag i planeringen",
            "säkerställa att det finns planlagd mark för verksamheter",
        ),
        indicators=(
            "bygglovsärenden som avgörs inom tio veckor",
            "invånare som är nöjda med gator och vägar",
            "detaljplaner som antas inom planerad tid",
            "resor till arbetet som görs till fots, med cykel eller kollektivtrafik",
        ),
        counts=(
            ("handlade nämnden {n} bygglovsärenden", "ärenden"),
            ("antogs {n} nya detaljplaner", "detaljplaner"),
            ("påbörjades byggandet av {n} bostäder", "bostäder"),
            ("byggdes {n} meter ny gång- och cykelväg", "meter"),
        ),
        cost_areas=("gatuunderhållet", "vinterväghållningen", "planarbetet", "gatubelysningen"),
        causes=(
            "högre entreprenadpriser",
            "flera snörika vintrar",
            "ett ökat antal planuppdrag",
            "stigande energipriser",
        ),
        challenges=(
            "att möta efterfrågan på bostäder i olika upplåtelseformer",
            "att hålla jämna steg med underhållsbehovet i gatunätet",
            "att planera för en hållbar tillväxt i alla delar av kommunen",
            "att anpassa den byggda miljön till ett förändrat klimat",
        ),
        findings=(
            "handläggningstiderna för bygglov har minskat",
            "efterfrågan på villatomter är fortsatt stor",
            "fler invånare cyklar till arbetet",
            "underhållsskulden i gatunätet växer",
        ),
        priorities=(
            "detaljplaner för bostäder",
            "trafiksäkerhetsåtgärder kring skolor",
            "underhållet av gator och broar",
            "tillgänglighetsanpassning av offentliga miljöer",
        ),
    ),
    "miljo": Theme(
        actions=(
            "minska kommunens utsläpp av växthusgaser",
            "genomföra tillsynen enligt den antagna tillsynsplanen",
            "förbättra statusen i kommunens sjöar och vattendrag",
            "inventera enskilda avlopp i områden nära vattentäkter",
            "byta ut kommunens fordon mot fossilfria alternativ",
            "ta fram en plan för klimatanpassning",
            "öka andelen ekologiska och närproducerade livsmedel i måltiderna",
            "förnya vatten- och avloppsnätet i enlighet med VA-planen",
        ),
        indicators=(
            "fossilfria fordon i kommunens fordonsflotta",
            "enskilda avlopp som uppfyller dagens krav",
            "ekologiska livsmedel i kommunens kök",
            "planerade tillsynsbesök som har genomförts",
        ),
        counts=(
            ("genomfördes {n} tillsynsbesök enligt miljöbalken", "besök"),
            ("inventerades {n} enskilda avlopp", "avlopp"),
            ("förnyades {n} meter vattenledning", "meter"),
            ("hanterades {n} klagomål på miljöstörningar", "klagomål"),
        ),
        cost_areas=(
            "tillsynen",
            "förnyelsen av ledningsnätet",
            "energianvändningen",
            "avfallshanteringen",
        ),
        causes=(
            "skärpta krav i lagstiftningen",
            "ökade kemikaliekostnader i vattenverket",
            "fler ärenden om förorenad mark",
            "högre priser på el och fjärrvärme",
        ),
        challenges=(
            "att nå de nationella och lokala klimatmålen",
            "att säkra tillgången till rent dricksvatten på lång sikt",
            "att minska övergödningen av sjöarna",
            "att hantera kraftigare skyfall i tätorterna",
        ),
        findings=(
            "utsläppen från kommunens egna transporter fortsätter att minska",
            "flera sjöar fortfarande inte når god ekologisk status",
            "andelen godkända enskilda avlopp har ökat",
            "energianvändningen i kommunens lokaler har minskat",
        ),
        priorities=(
            "åtgärder för att minska övergödningen",
            "tillsyn av verksamheter med stor miljöpåverkan",
            "skyddet av grundvattnet",
            "klimatanpassning av tätorterna",
        ),
    ),
    "kultur": Theme(
        actions=(
            "utveckla biblioteken till mötesplatser för alla åldrar",
            "öka utbudet av kulturaktiviteter för barn och unga",
            "stödja föreningslivets arbete med barn och ungdomar",
            "rusta upp idrottsanläggningarna enligt underhållsplanen",
            "erbjuda fler aktiviteter för unga under sommarlovet",
            "utveckla kulturskolan så att fler barn kan delta",
        ),
        indicators=(
            "barn och unga som deltar i kulturskolans verksamhet",
            "invånare som besöker biblioteket minst en gång per månad",
            "föreningar som får aktivitetsstöd",
            "flickor bland deltagarna i föreningslivet",
        ),
        counts=(
            ("lånades {n} medier ut från biblioteken", "medier"),
            ("hade kulturskolan {n} elever", "elever"),
            ("bokades idrottshallarna {n} timmar", "timmar"),
            ("genomfördes {n} arrangemang på kulturhuset", "arrangemang"),
        ),
        cost_areas=("idrottsanläggningarna", "kulturskolan", "biblioteken", "föreningsbidragen"),
        causes=(
            "högre driftkostnader för simhallen",
            "fler elever i kulturskolan",
            "ökade kostnader för medieinköp",
            "indexuppräkning av föreningsbidragen",
        ),
        challenges=(
            "att nå de barn och unga som i dag inte deltar i fritidsaktiviteter",
            "att underhålla anläggningar som byggdes på 1970-talet",
            "att göra kulturutbudet tillgängligt i hela kommunen",
        ),
        findings=(
            "besöken på biblioteken har ökat",
            "kulturskolan har kortat sin kö",
            "föreningarna har återhämtat sig efter några svåra år",
            "fler unga deltar i lovaktiviteterna",
        ),
        priorities=(
            "aktiviteter för barn och unga",
            "läsfrämjande insatser",
            "underhållet av idrottsanläggningarna",
            "kultur för äldre",
        ),
    ),
    "ekonomi": Theme(
        actions=(
            "stärka den långsiktiga ekonomiska planeringen",
            "utveckla uppföljningen av verksamhetens resultat och kostnader",
            "se över kommunens avgifter och taxor",
            "förbättra följsamheten till ingångna avtal vid inköp",
            "effektivisera lokalanvändningen i samtliga verksamheter",
            "utveckla arbetet med intern kontroll",
            "genomföra en översyn av den kommunala koncernens finansiering",
        ),
        indicators=(
            "nämnder som redovisar ett resultat i balans",
            "inköp som görs hos avtalade leverantörer",
            "investeringar som genomförs inom budget",
            "investeringar som finansieras med egna medel",
        ),
        counts=(
            ("genomfördes {n} upphandlingar", "upphandlingar"),
            ("hanterades drygt {n} leverantörsfakturor", "fakturor"),
            ("avslutades {n} investeringsprojekt", "projekt"),
        ),
        cost_areas=("pensionerna", "räntorna", "lokalerna", "it-driften"),
        causes=(
            "en högre räntenivå",
            "ökade pensionskostnader",
            "höjda licenskostnader",
            "ett växande underhållsbehov i fastigheterna",
        ),
        challenges=(
            "att finansiera välfärden när andelen äldre ökar",
            "att klara investeringarna utan att låneskulden växer för snabbt",
            "att bibehålla god ekonomisk hushållning under lågkonjunktur",
        ),
        findings=(
            "kommunens resultat är bättre än budgeterat",
            "flera nämnder har svårt att hålla sina ramar",
            "investeringstakten har varit lägre än planerat",
            "avtalstroheten vid inköp har ökat",
        ),
        priorities=(
            "en budget i balans",
            "åtgärder för att dämpa kostnadsutvecklingen",
            "underhållet av befintliga fastigheter",
            "arbetet med intern kontroll",
        ),
    ),
    "organisation": Theme(
        actions=(
            "utveckla kommunens e-tjänster så att fler ärenden kan skötas digitalt",
            "stärka informationssäkerheten i alla verksamheter",
            "minska sjukfrånvaron genom ett mer aktivt rehabiliteringsarbete",
            "utveckla ledarskapet genom ett gemensamt ledarprogram",
            "förbättra kommunens krisberedskap",
            "fortsätta arbetet med heltid som norm",
            "införa ett nytt ärendehanteringssystem",
        ),
        indicators=(
            "medarbetare som rekommenderar kommunen som arbetsgivare",
            "ärenden som inkommer via e-tjänst",
            "medarbetare med mer än 60 dagars sjukfrånvaro",
            "chefer som har genomgått ledarprogrammet",
        ),
        counts=(
            ("publicerades {n} lediga tjänster", "tjänster"),
            ("startades {n} nya e-tjänster", "e-tjänster"),
            ("besvarade kontaktcenter {n} samtal", "samtal"),
        ),
        cost_areas=("licenserna", "kompetensutvecklingen", "rekryteringarna", "säkerhetsarbetet"),
        causes=(
            "ökade krav på informationssäkerhet",
            "fler rekryteringar inom bristyrken",
            "införandet av nya system",
        ),
        challenges=(
            "att säkra kompetensförsörjningen inom välfärden",
            "att ta tillvara digitaliseringens möjligheter",
            "att stå emot cyberangrepp och andra störningar",
        ),
        findings=(
            "fler invånare använder kommunens e-tjänster",
            "sjukfrånvaron har minskat något",
            "medarbetarna i hög grad upplever att arbetet är meningsfullt",
            "flera verksamheter har svårt att rekrytera",
        ),
        priorities=(
            "arbetet med att minska sjukfrånvaron",
            "digitala tjänster för invånare och företag",
            "informationssäkerheten",
            "chefernas förutsättningar",
        ),
    ),
}


class Prose:
    """A seeded source of Swedish sentences and paragraphs."""

    def __init__(self, seed: int, year: int) -> None:
        self.rng = random.Random(seed)
        self.year = year

    def sentence(self, theme_name: str) -> str:
        theme = THEMES[theme_name]
        builders = (
            self._action,
            self._action,
            self._indicator,
            self._count,
            self._cost,
            self._challenge,
            self._finding,
            self._priority,
            self._generic,
            self._allocation,
        )
        return self.rng.choice(builders)(theme)

    def paragraph(self, theme_name: str, sentences: tuple[int, int] = (4, 6)) -> str:
        """Sentences of one theme; no two of them open the same way."""
        count = self.rng.randint(*sentences)
        chosen: list[str] = []
        openings: set[str] = set()
        while len(chosen) < count:
            sentence = self.sentence(theme_name)
            opening = re.sub(r"[\d\s]+", " ", sentence)[:28]
            if opening not in openings:
                chosen.append(sentence)
                openings.add(opening)
        return " ".join(chosen)

    def paragraphs(self, theme_name: str, count: int) -> list[str]:
        return [self.paragraph(theme_name) for _ in range(count)]

    def indicator_name(self) -> str:
        """An indicator of any theme, as a table row label."""
        theme = THEMES[self.rng.choice(sorted(THEMES))]
        name = self.rng.choice(theme.indicators)
        return name[0].upper() + name[1:]

    def percent(self, low: float, high: float) -> str:
        return f"{self.rng.uniform(low, high):.1f}".replace(".", ",")

    def _action(self, theme: Theme) -> str:
        subject = self.rng.choice(SUBJECTS)
        modal = self.rng.choice(MODALS).format(y1=self.year + 1)
        return f"{subject} {modal} {self.rng.choice(theme.actions)}{self.rng.choice(PURPOSES)}."

    def _indicator(self, theme: Theme) -> str:
        now = self.rng.uniform(35, 95)
        before = now + self.rng.uniform(-6, 6)
        return (
            f"Andelen {self.rng.choice(theme.indicators)} var {_decimal(now)} procent "
            f"{self.year - 1}, jämfört med {_decimal(before)} procent året innan."
        )

    def _count(self, theme: Theme) -> str:
        clause, noun = self.rng.choice(theme.counts)
        number = self.rng.randint(12, 2400)
        difference = max(1, int(number * self.rng.uniform(0.02, 0.15)))
        direction = self.rng.choice(("fler", "färre"))
        return (
            f"Under {self.year - 1} {clause.format(n=grouped(number))}, vilket är "
            f"{grouped(difference)} {noun} {direction} än året innan."
        )

    def _cost(self, theme: Theme) -> str:
        change = self.rng.choice(("öka", "öka", "minska"))
        amount = _decimal(self.rng.uniform(0.4, 9.5))
        return (
            f"Kostnaderna för {self.rng.choice(theme.cost_areas)} beräknas {change} med "
            f"{amount} miljoner kronor under {self.year + 1}, främst till följd av "
            f"{self.rng.choice(theme.causes)}."
        )

    def _challenge(self, theme: Theme) -> str:
        return (
            "En av de största utmaningarna under planperioden är "
            f"{self.rng.choice(theme.challenges)}."
        )

    def _finding(self, theme: Theme) -> str:
        lead = self.rng.choice(
            ("Uppföljningen visar att", "Resultaten visar att", "Det framgår att")
        )
        return f"{lead} {self.rng.choice(theme.findings)}."

    def _priority(self, theme: Theme) -> str:
        opener = self.rng.choice(OPENERS)
        return f"{opener} prioriteras {self.rng.choice(theme.priorities)}."

    def _generic(self, theme: Theme) -> str:
        lead = self.rng.choice(("Det är samtidigt viktigt att", "Målet är att", "Det krävs att"))
        return f"{lead} {self.rng.choice(GENERIC)}."

    def _allocation(self, theme: Theme) -> str:
        amount = _decimal(self.rng.uniform(0.5, 6.0))
        return (
            f"I budgeten för {self.year + 1} avsätts {amount} miljoner kronor för "
            f"{self.rng.choice(theme.priorities)}."
        )


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def grouped(number: int, *, separator: str = " ") -> str:
    """``12 345``: Swedish digit grouping (tables pass a no-break space)."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", separator)
