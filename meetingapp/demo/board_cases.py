"""The cases (ärenden) of the demo: texts of the tjänsteskrivelser and their bilagor.

Texts may contain ``{y}`` (the anchor's year), ``{y1}``…``{y4}`` (following years),
``{yp}`` (the year before) and named dates, filled in when the demo is built.
"""

from __future__ import annotations

from dataclasses import dataclass

SECRECY_PUPIL = "Sekretess enligt OSL 23 kap. 2 §"
SECRECY_SOCIAL = "Sekretess enligt OSL 26 kap. 1 §"


@dataclass(frozen=True)
class Attachment:
    """A bilaga. ``kind`` selects how it is drawn; ``theme`` feeds generated text."""

    title: str
    kind: str
    theme: str = "ekonomi"
    pages: int = 2


@dataclass(frozen=True)
class Case:
    key: str
    committee: str
    number: int
    title: str
    paper_type: str
    officer: str
    summary: str
    proposals: tuple[str, ...]
    background: tuple[str, ...]
    economy: str
    children: str = ""
    environment: str = ""
    attachments: tuple[Attachment, ...] = ()
    to_council: bool = False
    """Prepared by kommunstyrelsen for a decision in kommunfullmäktige."""
    confidential: str | None = None
    registered_days_before: int = 45
    """How long before its first meeting the case was registered."""
    decided_by_committee: str = ""
    """Whose decision the proposals ask for, when not the committee's own."""


CASES: tuple[Case, ...] = (
    # --- Kommunstyrelsen and kommunfullmäktige -------------------------------------------
    Case(
        key="delarsrapport",
        committee="ks",
        number=201,
        title="Delårsrapport januari–augusti {y}",
        paper_type="Beslutsärende",
        officer="t02",
        summary=(
            "Delårsrapporten omfattar perioden januari–augusti {y} och innehåller en "
            "helårsprognos för kommunens ekonomi och en bedömning av måluppfyllelsen. "
            "Resultatet för perioden uppgår till 38,4 miljoner kronor och prognosen för "
            "helåret till 21,7 miljoner kronor, vilket motsvarar 1,6 procent av skatter och "
            "generella statsbidrag."
        ),
        proposals=(
            "godkänna delårsrapport januari–augusti {y}",
            "uppmana barn- och utbildningsnämnden att vidta åtgärder för att nå en ekonomi "
            "i balans senast vid årets slut",
        ),
        background=(
            "Enligt lagen om kommunal bokföring och redovisning ska kommunen upprätta minst en "
            "delårsrapport per räkenskapsår. Exempelkommuns delårsrapport avser perioden "
            "januari–augusti och har upprättats enligt samma principer som årsredovisningen.",
            "Periodens resultat är högre än budgeterat, främst därför att skatteintäkterna har "
            "utvecklats bättre än vad som antogs i budgeten och att räntekostnaderna har blivit "
            "lägre. Samtidigt redovisar barn- och utbildningsnämnden ett underskott som i "
            "huvudsak förklaras av ökade kostnader för tilläggsbelopp och skolskjuts.",
            "Av kommunfullmäktiges elva mål bedöms sju uppnås helt och tre delvis. Målet om "
            "minskad sjukfrånvaro bland kommunens medarbetare bedöms inte uppnås under året.",
            "Kommunens revisorer lämnar sin bedömning av delårsrapporten i en särskild "
            "skrivelse till kommunfullmäktige.",
        ),
        economy=(
            "Delårsrapporten innebär i sig inga ekonomiska konsekvenser. Den prognostiserade "
            "avvikelsen för barn- och utbildningsnämnden uppgår till -6,2 miljoner kronor."
        ),
        attachments=(
            Attachment("Delårsrapport januari–augusti {y}", "report", "ekonomi", 10),
            Attachment("Revisorernas bedömning av delårsrapporten", "report", "ekonomi", 2),
        ),
        to_council=True,
        registered_days_before=30,
    ),
    Case(
        key="motion-solceller",
        committee="ks",
        number=58,
        title="Svar på motion om solceller på kommunens fastigheter",
        paper_type="Motion",
        officer="t14",
        summary=(
            "Ahmed Karimi har i en motion föreslagit att kommunen ska installera solceller på "
            "samtliga kommunala fastigheter där det är tekniskt och ekonomiskt möjligt senast "
            "{y3}. Förvaltningen har inventerat takytorna och bedömer att tolv byggnader är "
            "lämpliga. Motionen föreslås anses besvarad eftersom en plan för utbyggnaden redan "
            "tas fram inom ramen för energiplanen."
        ),
        proposals=(
            "anse motionen besvarad med hänvisning till vad som anförs i tjänsteskrivelsen",
        ),
        background=(
            "Motionen väcktes vid kommunfullmäktiges sammanträde i februari och remitterades "
            "till kommunstyrelsen för beredning. Motionären framhåller att solel kan sänka "
            "kommunens energikostnader och minska klimatpåverkan, och att kommunen bör gå före "
            "som ett gott exempel.",
            "Samhällsbyggnadsförvaltningen har under våren inventerat 46 kommunala byggnader. "
            "Tolv av dem har tak med lämplig lutning, orientering och bärighet. För ytterligare "
            "åtta byggnader krävs takrenovering innan solceller kan monteras, och arbetet bör "
            "där samordnas med det planerade underhållet.",
            "I energiplanen för {y}–{y4}, som kommunfullmäktige antog i april, finns redan ett "
            "uppdrag att ta fram en plan för utbyggnad av solenergi på kommunens fastigheter. "
            "Förvaltningen bedömer därför att motionens syfte tillgodoses inom ramen för det "
            "pågående arbetet.",
        ),
        economy=(
            "En utbyggnad på de tolv lämpliga byggnaderna beräknas kosta cirka 9,5 miljoner "
            "kronor. Med nuvarande elpriser beräknas återbetalningstiden till 11–13 år. "
            "Investeringen prövas i den ordinarie budgetprocessen."
        ),
        environment=(
            "Utbyggnaden beräknas ge cirka 780 MWh solel per år, vilket motsvarar ungefär "
            "14 procent av fastigheternas elanvändning."
        ),
        attachments=(
            Attachment("Motion om solceller på kommunens fastigheter", "motion", "miljo"),
            Attachment("Inventering av takytor för solceller", "roofs", "miljo"),
        ),
        to_council=True,
        registered_days_before=230,
    ),
    Case(
        key="val-ks",
        committee="ks",
        number=163,
        title="Val av ledamöter och ersättare i kommunstyrelsen {y1}–{y4}",
        paper_type="Valärende",
        officer="t03",
        summary=(
            "Den nya mandatperioden för kommunstyrelsen börjar den 1 januari {y1}. "
            "Valberedningen har lämnat förslag på elva ledamöter och fem ersättare samt på "
            "ordförande, förste vice ordförande och andre vice ordförande."
        ),
        proposals=(
            "välja ledamöter och ersättare i kommunstyrelsen för perioden 1 januari {y1} till "
            "31 december {y4} enligt valberedningens förslag",
            "bland ledamöterna välja ordförande, förste vice ordförande och andre vice "
            "ordförande enligt valberedningens förslag",
        ),
        background=(
            "Enligt kommunallagen ska kommunfullmäktige välja ledamöter och ersättare i "
            "nämnderna för fullmäktiges mandatperiod. Kommunstyrelsens mandatperiod följer "
            "kalenderåren efter valet.",
            "Valberedningen har sammanträtt två gånger under oktober och är enig om förslaget.",
        ),
        economy="Valet påverkar inte kommunens ekonomi.",
        attachments=(Attachment("Valberedningens förslag", "election", "organisation"),),
        to_council=True,
        registered_days_before=14,
    ),
    Case(
        key="representation",
        committee="ks",
        number=177,
        title="Revidering av riktlinjer för representation och gåvor",
        paper_type="Beslutsärende",
        officer="t03",
        summary=(
            "Kommunens riktlinjer för representation och gåvor antogs 2019 och behöver "
            "uppdateras med anledning av ändrade skatteregler och Skatteverkets nya "
            "beloppsgränser. Förslaget förtydligar också vad som gäller för gåvor till "
            "medarbetare och för extern representation i samband med näringslivsarbete."
        ),
        proposals=(
            "anta reviderade riktlinjer för representation och gåvor enligt bilaga",
            "riktlinjerna ska gälla från och med den 1 januari {y1}",
        ),
        background=(
            "Representation är ett naturligt inslag i kommunens verksamhet men ska alltid ha ett "
            "direkt samband med verksamheten och präglas av måttfullhet. Eftersom det rör "
            "skattemedel är allmänhetens förtroende avgörande.",
            "De reviderade riktlinjerna innehåller tydligare beloppsgränser för extern och intern "
            "representation, en ny skrivning om alkohol vid representation och ett "
            "förtydligande av att minnesgåvor till medarbetare ska följa Skatteverkets regler för "
            "skattefria gåvor.",
            "Förslaget har stämts av med kommunens revisorer och med förvaltningscheferna.",
        ),
        economy="Förslaget bedöms inte medföra några ökade kostnader.",
        attachments=(
            Attachment(
                "Riktlinjer för representation och gåvor (förslag)", "regulation", "ekonomi"
            ),
        ),
    ),
    Case(
        key="transportplan",
        committee="ks",
        number=171,
        title="Yttrande över remiss: Regional transportplan {y1}–{y4}",
        paper_type="Remiss",
        officer="t16",
        summary=(
            "Region Exempelland har skickat förslaget till regional transportplan på remiss. "
            "Förvaltningen föreslår att kommunen ställer sig bakom planens inriktning men begär "
            "att ombyggnaden av väg 612 genom Sjövik tidigareläggs och att pendlarparkeringen vid "
            "Exempelstads station prioriteras."
        ),
        proposals=(
            "anta förvaltningens förslag till yttrande som sitt eget och överlämna det till "
            "Region Exempelland",
        ),
        background=(
            "Den regionala transportplanen styr hur de statliga medlen för regional "
            "infrastruktur ska fördelas under planperioden. Planen omfattar drygt 1,9 miljarder "
            "kronor, varav en mindre del avser åtgärder i Exempelkommun.",
            "Väg 612 genom Sjövik har under flera år pekats ut som en trafiksäkerhetsrisk. Vägen "
            "saknar separat gång- och cykelbana på en sträcka av 2,3 kilometer, samtidigt som "
            "den används som skolväg för elever till Sjöviks skola.",
            "Förvaltningen föreslår också att regionen i planen tydligare beskriver hur "
            "kollektivtrafiken i de mindre orterna ska utvecklas, eftersom turutbudet i dag inte "
            "räcker för pendling till arbete och studier.",
        ),
        economy=(
            "Yttrandet innebär inga direkta kostnader för kommunen. Om åtgärderna på väg 612 "
            "genomförs kan kommunen behöva medfinansiera gång- och cykelbanan med upp till "
            "50 procent."
        ),
        children=(
            "En säker skolväg längs väg 612 har stor betydelse för barnen i Sjövik. Yttrandet "
            "bidrar till att barns rätt till trygga och säkra miljöer beaktas i den regionala "
            "planeringen."
        ),
        attachments=(
            Attachment(
                "Förslag till yttrande över regional transportplan", "report", "samhallsbyggnad"
            ),
            Attachment("Karta över väg 612 genom Sjövik", "map", "samhallsbyggnad"),
        ),
        registered_days_before=40,
    ),
    Case(
        key="budget",
        committee="ks",
        number=145,
        title="Mål och budget {y1}–{y3} samt skattesats {y1}",
        paper_type="Beslutsärende",
        officer="t02",
        summary=(
            "Kommunstyrelsen lämnar förslag till mål och budget för {y1} med plan för "
            "{y2}–{y3}. Förslaget bygger på en oförändrad skattesats om 22,14 kronor per "
            "skattekrona och ett resultat på 2,0 procent av skatter och generella statsbidrag. "
            "Nämndernas ramar räknas upp med 2,4 procent för pris- och löneökningar och för "
            "demografiska förändringar."
        ),
        proposals=(
            "fastställa skattesatsen för {y1} till 22,14 kronor per skattekrona",
            "anta mål och budget {y1}–{y3} enligt bilaga, inklusive kommunfullmäktiges mål och "
            "nämndernas ekonomiska ramar",
            "fastställa investeringsbudgeten för {y1} till 186,5 miljoner kronor",
            "kommunstyrelsen under {y1} får uppta nya lån, det vill säga öka kommunens skulder, "
            "med högst 60 miljoner kronor",
        ),
        background=(
            "Kommunfullmäktige ska enligt kommunallagen fastställa en budget för nästa år före "
            "november månads utgång, eller före december månads utgång det år då val till "
            "fullmäktige har hållits. Budgeten ska innehålla en plan för verksamheten och "
            "ekonomin under budgetåret och en plan för ekonomin för en period av tre år.",
            "Förslaget har tagits fram i en budgetprocess där nämnderna under våren redovisade "
            "sina behov och utmaningar. Kommunstyrelsens arbetsutskott har därefter haft "
            "budgetdialog med varje nämnd.",
            "Den demografiska utvecklingen innebär att antalet invånare över 80 år ökar med "
            "nästan 30 procent under de kommande tio åren, samtidigt som antalet barn i "
            "förskoleåldern minskar. Det ställer krav på omställning mellan verksamheterna.",
            "Investeringsbudgeten domineras av om- och tillbyggnaden av Norrbackaskolan, en ny "
            "förskola i Björkhagen och fortsatt förnyelse av vatten- och avloppsnätet.",
        ),
        economy=(
            "Budgetförslaget innebär ett budgeterat resultat på 28,6 miljoner kronor för {y1}. "
            "Soliditeten inklusive pensionsförpliktelser beräknas öka från 31 till 33 procent "
            "under planperioden."
        ),
        children=(
            "Barn- och utbildningsnämndens ram ökar med 14,2 miljoner kronor, främst för att "
            "möta ökade behov av särskilt stöd och för att behålla lärartätheten."
        ),
        attachments=(
            Attachment("Mål och budget {y1}–{y3}", "budget", "ekonomi"),
            Attachment("Skattesats och ekonomiska ramar – sammanställning", "frames", "ekonomi"),
        ),
        to_council=True,
        registered_days_before=60,
    ),
    Case(
        key="taxor",
        committee="ks",
        number=160,
        title="Taxor och avgifter {y1}",
        paper_type="Beslutsärende",
        officer="t15",
        summary=(
            "Nämnderna har lämnat förslag till taxor och avgifter för {y1}. De flesta taxor "
            "räknas upp med 3,1 procent enligt prisindex för kommunal verksamhet. Avgifterna "
            "inom kultur- och fritidsverksamheten för barn och unga lämnas oförändrade."
        ),
        proposals=(
            "fastställa taxor och avgifter för {y1} enligt bilaga",
            "taxorna ska gälla från och med den 1 januari {y1}",
        ),
        background=(
            "Enligt kommunallagen får kommunen ta ut avgifter för tjänster och nyttigheter som "
            "den tillhandahåller, men avgifterna får inte överstiga kommunens självkostnad. "
            "Kommunfullmäktige beslutar om taxor och avgifter varje år i samband med budgeten.",
            "Uppräkningen med prisindex för kommunal verksamhet motsvarar kommunens beräknade "
            "kostnadsökningar. För vatten och avlopp föreslås en högre höjning, 6,5 procent, för "
            "att finansiera förnyelsen av ledningsnätet enligt VA-planen.",
            "Avgifterna för lokaler och anläggningar för barn- och ungdomsföreningar lämnas "
            "oförändrade för att inte försvåra föreningarnas verksamhet.",
        ),
        economy=(
            "De föreslagna taxorna beräknas öka kommunens intäkter med cirka 4,8 miljoner "
            "kronor, varav 3,6 miljoner kronor avser vatten och avlopp."
        ),
        attachments=(Attachment("Taxor och avgifter {y1}", "fees", "ekonomi"),),
        to_council=True,
        registered_days_before=50,
    ),
    Case(
        key="borgen",
        committee="ks",
        number=180,
        title="Borgensförbindelse för Exempelkommuns Bostäder AB",
        paper_type="Beslutsärende",
        officer="t02",
        summary=(
            "Exempelkommuns Bostäder AB planerar nyproduktion av 48 hyreslägenheter i kvarteret "
            "Lärkan och har begärt att kommunens borgensram höjs från 650 till 720 miljoner "
            "kronor."
        ),
        proposals=(
            "såsom för egen skuld ingå borgen för Exempelkommuns Bostäder AB:s "
            "låneförpliktelser upp till ett totalt belopp om 720 miljoner kronor jämte därpå "
            "löpande ränta och kostnader",
            "bolaget ska betala en borgensavgift om 0,35 procent av utnyttjat borgensbelopp",
        ),
        background=(
            "Exempelkommuns Bostäder AB är kommunens helägda bostadsbolag och förvaltar drygt "
            "1 400 lägenheter. Bolaget har i uppdrag av ägaren att bidra till "
            "bostadsförsörjningen och att bygga nytt där efterfrågan finns.",
            "Nyproduktionen i kvarteret Lärkan beräknas kosta 142 miljoner kronor. Bolaget avser "
            "att finansiera projektet med 70 miljoner kronor i nya lån och resten med egna medel.",
            "En kommunal borgen ger bolaget lägre räntekostnader. För att inte snedvrida "
            "konkurrensen enligt EU:s statsstödsregler tar kommunen ut en marknadsmässig "
            "borgensavgift.",
        ),
        economy=(
            "Borgensåtagandet innebär en finansiell risk för kommunen. Risken bedöms som låg med "
            "hänsyn till bolagets soliditet på 18 procent och låga vakansgrad. Borgensavgiften "
            "beräknas ge kommunen cirka 2,4 miljoner kronor per år."
        ),
        attachments=(
            Attachment(
                "Begäran om utökad borgensram från Exempelkommuns Bostäder AB", "letter", "ekonomi"
            ),
        ),
        to_council=True,
        registered_days_before=40,
    ),
    Case(
        key="forsaljning",
        committee="ks",
        number=188,
        title="Försäljning av del av fastigheten Exempla 4:12",
        paper_type="Beslutsärende",
        officer="t16",
        summary=(
            "Exempelstads Mekaniska AB vill köpa cirka 6 200 kvadratmeter av den kommunägda "
            "fastigheten Exempla 4:12 i Norra industriområdet för att bygga ut sin verksamhet. "
            "Förvaltningen föreslår att marken säljs för 1 240 000 kronor."
        ),
        proposals=(
            "godkänna köpekontrakt med Exempelstads Mekaniska AB avseende del av fastigheten "
            "Exempla 4:12 för en köpeskilling om 1 240 000 kronor",
            "uppdra åt kommundirektören att underteckna köpekontraktet och övriga handlingar "
            "som behövs för att genomföra försäljningen",
        ),
        background=(
            "Marken ingår i detaljplanen för Norra industriområdet och är planlagd för "
            "industriändamål. Området har varit föremål för markanvisning sedan {yp}.",
            "Köpeskillingen motsvarar 200 kronor per kvadratmeter, vilket ligger i nivå med "
            "kommunens gällande markpriser för industrimark och med en oberoende värdering som "
            "gjordes i våras.",
            "Företaget har i dag 34 anställda och räknar med att anställa ytterligare 10–15 "
            "personer när utbyggnaden är klar.",
        ),
        economy=(
            "Försäljningen ger en reavinst på cirka 0,9 miljoner kronor. Kostnaden för "
            "lantmäteriförrättningen betalas av köparen."
        ),
        attachments=(
            Attachment("Köpekontrakt (förslag)", "contract", "samhallsbyggnad"),
            Attachment("Karta över försäljningsområdet", "map", "samhallsbyggnad"),
        ),
    ),
    Case(
        key="markanvisning",
        committee="ks",
        number=166,
        title="Markanvisning för kvarteret Lärkan",
        paper_type="Beslutsärende",
        officer="t16",
        summary=(
            "Exempelkommuns Bostäder AB har ansökt om markanvisning för kvarteret Lärkan för att "
            "bygga cirka 48 hyreslägenheter. Förvaltningen föreslår att bolaget får en "
            "markanvisning som gäller i två år."
        ),
        proposals=(
            "ge Exempelkommuns Bostäder AB en markanvisning för kvarteret Lärkan som gäller i "
            "två år från beslutet",
            "markanvisningen ska följa kommunens riktlinjer för markanvisning och "
            "exploateringsavtal",
        ),
        background=(
            "Kvarteret Lärkan ligger i centrala Exempelstad och omfattas av en detaljplan från "
            "2021 som medger bostäder i upp till fem våningar. Marken ägs av kommunen.",
            "En markanvisning ger bolaget ensamrätt att under en begränsad tid förhandla med "
            "kommunen om att förvärva marken. Om bolaget inte har påbörjat projekteringen inom "
            "två år upphör markanvisningen.",
        ),
        economy=(
            "Markanvisningen innebär inga kostnader för kommunen. Köpeskillingen regleras i ett "
            "senare köpeavtal."
        ),
        attachments=(Attachment("Karta över kvarteret Lärkan", "map", "samhallsbyggnad"),),
        registered_days_before=35,
    ),
    Case(
        key="sammantradesplan",
        committee="ks",
        number=205,
        title="Sammanträdesplan för {y1}",
        paper_type="Beslutsärende",
        officer="t03",
        summary=(
            "Förslaget till sammanträdesplan anger datum för sammanträden med "
            "kommunfullmäktige, kommunstyrelsen och kommunstyrelsens arbetsutskott under {y1}. "
            "Planen är samordnad med budgetprocessen och med nämndernas sammanträden."
        ),
        proposals=(
            "fastställa sammanträdesplan för kommunstyrelsen och dess arbetsutskott för {y1} "
            "enligt bilaga",
            "föreslå kommunfullmäktige att fastställa sammanträdesplan för kommunfullmäktige "
            "för {y1} enligt bilaga",
        ),
        background=(
            "Kommunfullmäktige sammanträder enligt arbetsordningen minst sex gånger per år. "
            "Sammanträdena hålls i regel på måndagar med början klockan 18.00.",
            "Planen är lagd så att delårsrapport och årsredovisning kan behandlas i rätt ordning "
            "och så att nämndernas underlag hinner beredas i arbetsutskottet innan de behandlas "
            "i kommunstyrelsen.",
        ),
        economy="Förslaget påverkar inte kommunens ekonomi.",
        attachments=(Attachment("Sammanträdesplan {y1}", "calendar", "organisation"),),
        registered_days_before=25,
    ),
    Case(
        key="internkontroll",
        committee="ks",
        number=199,
        title="Internkontrollplan {y1} för kommunstyrelsen",
        paper_type="Beslutsärende",
        officer="t15",
        summary=(
            "Kommunstyrelsen ska varje år anta en plan för den interna kontrollen. Planen för "
            "{y1} bygger på en risk- och väsentlighetsanalys och innehåller elva kontrollmoment, "
            "bland annat om informationssäkerhet, upphandling och attestrutiner."
        ),
        proposals=("anta internkontrollplan för {y1} enligt bilaga",),
        background=(
            "Enligt kommunallagen ska nämnderna se till att den interna kontrollen är "
            "tillräcklig. Syftet är att med rimlig säkerhet säkerställa att verksamheten bedrivs "
            "ändamålsenligt och effektivt, att den finansiella rapporteringen är tillförlitlig "
            "och att lagar och regler följs.",
            "Riskanalysen har tagits fram i workshoppar med kommunledningsförvaltningens "
            "avdelningar. Varje risk har bedömts utifrån sannolikhet och konsekvens, och risker "
            "med högt riskvärde har förts in i planen med ett eller flera kontrollmoment.",
            "Uppföljningen av årets plan visade brister i rutinerna för att avsluta behörigheter "
            "när medarbetare slutar. Kontrollen av detta område finns därför kvar i planen.",
        ),
        economy="Arbetet med den interna kontrollen ryms inom befintlig budget.",
        attachments=(
            Attachment("Internkontrollplan {y1}", "controls", "ekonomi"),
            Attachment("Risk- och väsentlighetsanalys", "risks", "ekonomi"),
        ),
        registered_days_before=30,
    ),
    Case(
        key="digitalisering",
        committee="ks",
        number=183,
        title="Digitaliseringsstrategi {y1}–{y4}",
        paper_type="Beslutsärende",
        officer="t14",
        summary=(
            "Förslaget till digitaliseringsstrategi anger kommunens inriktning för den digitala "
            "utvecklingen under fyra år. Strategin har tre fokusområden: enklare kontakter med "
            "kommunen, effektivare arbetssätt och en säker och robust digital infrastruktur."
        ),
        proposals=("anta digitaliseringsstrategi för Exempelkommun {y1}–{y4}",),
        background=(
            "Den nuvarande strategin löper ut vid årsskiftet. En arbetsgrupp med representanter "
            "från samtliga förvaltningar har tagit fram förslaget under året, och invånare och "
            "företag har kunnat lämna synpunkter genom en enkät på kommunens webbplats.",
            "Enkäten besvarades av 612 personer. En tydlig majoritet önskade fler e-tjänster och "
            "möjlighet att följa sina ärenden digitalt. Många betonade samtidigt att den som inte "
            "kan eller vill använda digitala tjänster ska få ett likvärdigt bemötande.",
            "Strategin kompletteras varje år med en handlingsplan som beslutas av kommunstyrelsen.",
        ),
        economy=(
            "Strategin innebär inga kostnader i sig. Åtgärderna i handlingsplanerna prövas i "
            "budgetprocessen."
        ),
        attachments=(
            Attachment("Digitaliseringsstrategi {y1}–{y4} (förslag)", "report", "organisation", 5),
        ),
        registered_days_before=40,
    ),
    Case(
        key="vattenforsorjning",
        committee="ks",
        number=194,
        title="Yttrande över förslag till regional vattenförsörjningsplan",
        paper_type="Remiss",
        officer="t11",
        summary=(
            "Länsstyrelsen har remitterat ett förslag till regional vattenförsörjningsplan. "
            "Planen pekar ut vattenresurser som är av regional betydelse för "
            "dricksvattenförsörjningen. I Exempelkommun berörs grundvattenmagasinet i Björkåsen "
            "och sjön Ljusvattnet."
        ),
        proposals=(
            "anta förvaltningens förslag till yttrande som sitt eget och överlämna det till "
            "Länsstyrelsen",
        ),
        background=(
            "Grundvattenmagasinet i Björkåsen försörjer i dag omkring 70 procent av kommunens "
            "invånare med dricksvatten. Vattenskyddsområdet beslutades 1986 och motsvarar inte "
            "dagens krav.",
            "Förvaltningen föreslår att kommunen i yttrandet ställer sig positiv till planen och "
            "samtidigt framhåller behovet av statligt stöd för att revidera vattenskyddsområden "
            "och säkra reservvattentäkter.",
        ),
        economy=(
            "Yttrandet medför inga kostnader. Revideringen av vattenskyddsområdet för Björkåsen "
            "beräknas kosta 1,2 miljoner kronor och finns med i VA-planen."
        ),
        environment=(
            "En långsiktigt säkrad vattenförsörjning är en förutsättning för både människors "
            "hälsa och kommunens utveckling."
        ),
        attachments=(Attachment("Förslag till yttrande", "report", "miljo"),),
        registered_days_before=35,
    ),
    Case(
        key="belysning",
        committee="ks",
        number=190,
        title="Svar på medborgarförslag om belysning på gång- och cykelvägen vid Sjövik",
        paper_type="Medborgarförslag",
        officer="t16",
        summary=(
            "I ett medborgarförslag föreslås att gång- och cykelvägen mellan Sjöviks skola och "
            "busshållplatsen vid Kvarnbacken förses med belysning. Förvaltningen delar "
            "bedömningen att sträckan upplevs som otrygg under den mörka delen av året och "
            "föreslår att belysning installeras under {y1}."
        ),
        proposals=(
            "bifalla medborgarförslaget",
            "uppdra åt samhällsbyggnadsförvaltningen att installera belysning längs gång- och "
            "cykelvägen under {y1} inom investeringsramen för trafiksäkerhetsåtgärder",
        ),
        background=(
            "Förslagsställaren beskriver att många barn och unga går eller cyklar sträckan till "
            "och från skolan och bussen, och att den i dag saknar belysning på drygt 600 meter.",
            "Förvaltningen har besökt platsen och konstaterar att sträckan delvis går genom "
            "skogsmark. Under vinterhalvåret är det mörkt både vid skoldagens början och slut.",
            "Vid kommunens trygghetsvandring i Sjövik {yp} pekades sträckan också ut som en av "
            "de platser där de boende känner sig otrygga.",
        ),
        economy=(
            "Kostnaden för belysning med LED-armaturer på 22 stolpar beräknas till cirka "
            "480 000 kronor och driftkostnaden till 6 000 kronor per år. Kostnaden ryms inom "
            "investeringsramen för trafiksäkerhetsåtgärder."
        ),
        children=(
            "Förslaget bedöms ha en positiv påverkan på barns trygghet och på deras möjlighet "
            "att ta sig till skolan på egen hand."
        ),
        attachments=(Attachment("Skrivelse från medborgare", "scan", "samhallsbyggnad"),),
        registered_days_before=75,
    ),
    # --- Barn- och utbildningsnämnden ---------------------------------------------------
    Case(
        key="skolskjuts",
        committee="bun",
        number=88,
        title="Skolskjutsreglemente {y1}",
        paper_type="Beslutsärende",
        officer="t14",
        summary=(
            "Förvaltningen har sett över reglerna för skolskjuts. Förslaget till nytt reglemente "
            "förtydligar bedömningen av trafikfarliga skolvägar, inför en regel om skolskjuts "
            "vid växelvis boende inom kommunen och sänker avståndsgränsen för elever i "
            "förskoleklass till och med årskurs 3 från 3 till 2,5 kilometer."
        ),
        proposals=(
            "anta skolskjutsreglemente för {y1} enligt bilaga",
            "reglementet ska gälla från och med den 1 januari {y1}",
            "upphäva skolskjutsreglementet från 2021 när det nya reglementet börjar gälla",
        ),
        background=(
            "Enligt skollagen ska kommunen anordna kostnadsfri skolskjuts för elever i "
            "grundskolan och anpassade grundskolan om det behövs med hänsyn till färdvägens "
            "längd, trafikförhållandena, funktionsnedsättning hos eleven eller någon annan "
            "särskild omständighet.",
            "Antalet ansökningar om skolskjuts på grund av särskilda skäl har ökat de senaste "
            "åren, och flera beslut har överklagats till förvaltningsrätten. Det nuvarande "
            "reglementet har visat sig svårtolkat när det gäller växelvis boende och bedömningen "
            "av trafikmiljön.",
            "Förslaget har tagits fram i samråd med kommunens trafikplanerare och med den "
            "entreprenör som utför skolskjutsarna. Elevråden på tre skolor har lämnat synpunkter.",
        ),
        economy=(
            "Den sänkta avståndsgränsen för de yngre eleverna beräknas öka kostnaden för "
            "skolskjuts med cirka 650 000 kronor per år. Kostnaden föreslås rymmas inom "
            "nämndens ram för {y1}."
        ),
        children=(
            "Förslaget stärker de yngre elevernas möjlighet till en säker skolväg. Elevernas "
            "synpunkter har bland annat lett till att väntetiden vid byten begränsas till högst "
            "30 minuter."
        ),
        attachments=(
            Attachment("Skolskjutsreglemente {y1} (förslag)", "regulation", "skola"),
            Attachment("Sammanställning av synpunkter från elevråden", "report", "skola", 1),
        ),
        registered_days_before=60,
    ),
    Case(
        key="lokalforsorjning",
        committee="bun",
        number=102,
        title="Lokalförsörjningsplan för förskola och skola {y1}–{y4}",
        paper_type="Beslutsärende",
        officer="t13",
        summary=(
            "Lokalförsörjningsplanen beskriver behovet av lokaler för förskola och skola de "
            "kommande åren utifrån befolkningsprognosen. Planen föreslår att förskolan Solrosen "
            "avvecklas när den nya förskolan i Björkhagen står klar och att Norrbackaskolan byggs "
            "ut för att ta emot eleverna i årskurs 7–9 från Sjöviks skola."
        ),
        proposals=(
            "anta lokalförsörjningsplan för förskola och skola {y1}–{y4}",
            "överlämna planen till kommunstyrelsen som underlag för investeringsplaneringen",
        ),
        background=(
            "Befolkningsprognosen visar att antalet barn i åldern 1–5 år minskar med cirka "
            "8 procent fram till {y4}, medan antalet elever i årskurs 7–9 ökar med 11 procent. "
            "Förändringarna är ojämnt fördelade: i Björkhagen ökar antalet barnfamiljer, medan "
            "de mindre orterna minskar.",
            "Flera av förskolorna byggdes på 1970-talet och har stora underhållsbehov. Förskolan "
            "Solrosen har dessutom en otillfredsställande inomhusmiljö som skulle kräva "
            "omfattande åtgärder.",
            "Norrbackaskolan har i dag 410 elever och behöver byggas ut med sex klassrum, en ny "
            "matsal och anpassade lokaler för elevhälsan om eleverna i årskurs 7–9 från Sjövik "
            "ska flyttas dit.",
            "Planen har diskuterats med rektorerna och de fackliga organisationerna. "
            "Vårdnadshavare i Sjövik har informerats vid ett möte i september.",
        ),
        economy=(
            "Planens investeringar beräknas till 164 miljoner kronor under perioden. "
            "Avvecklingen av förskolan Solrosen och samlokaliseringen av högstadiet minskar "
            "lokalkostnaderna med cirka 3,9 miljoner kronor per år från {y3}."
        ),
        children=(
            "En barnkonsekvensanalys har genomförts. Längre resväg för eleverna i årskurs 7–9 "
            "från Sjövik vägs mot ett bredare utbud av lärare och ämnen, bättre lokaler och en "
            "tryggare skolmiljö. Eleverna i Sjöviks skola har fått lämna synpunkter genom en "
            "enkät."
        ),
        attachments=(
            Attachment(
                "Lokalförsörjningsplan för förskola och skola {y1}–{y4}", "report", "skola", 7
            ),
            Attachment("Barnkonsekvensanalys", "report", "skola", 2),
        ),
        registered_days_before=80,
    ),
    Case(
        key="fritidshem",
        committee="bun",
        number=71,
        title="Svar på medborgarförslag om förlängda öppettider på fritidshem",
        paper_type="Medborgarförslag",
        officer="t09",
        summary=(
            "Förslagsställaren vill att fritidshemmen ska öppna klockan 06.00 i stället för "
            "06.30 för att underlätta för vårdnadshavare som pendlar. Förvaltningen har "
            "undersökt behovet och föreslår att medborgarförslaget avslås, men att tidig "
            "öppning erbjuds vid Centralskolans fritidshem när minst fem barn har behov av det."
        ),
        proposals=(
            "avslå medborgarförslaget",
            "uppdra åt förvaltningen att erbjuda öppning från klockan 06.00 vid Centralskolans "
            "fritidshem när minst fem barn har behov av det",
        ),
        background=(
            "Fritidshemmen i Exempelkommun har i dag öppet 06.30–18.15. Vårdnadshavare som har "
            "behov av omsorg utanför dessa tider kan ansöka om omsorg på obekväm arbetstid.",
            "En enkät till vårdnadshavare med barn i fritidshem visade att 23 av 1 140 barn "
            "skulle behöva omsorg före klockan 06.30. Behovet är störst i Exempelstad och längs "
            "pendlingsstråket mot regioncentrum.",
            "Att öppna samtliga fritidshem tidigare skulle kräva mer personal på alla enheter, "
            "vilket inte står i proportion till behovet.",
        ),
        economy=(
            "Tidig öppning vid Centralskolans fritidshem beräknas kosta cirka 180 000 kronor per "
            "år, vilket ryms inom nämndens budget."
        ),
        children=(
            "Kortare dagar är att föredra för de yngsta barnen, men barn vars vårdnadshavare "
            "pendlar behöver trygg omsorg. Förslaget samlar den tidiga omsorgen till en enhet "
            "med välkänd personal."
        ),
        attachments=(
            Attachment(
                "Medborgarförslag om förlängda öppettider på fritidshem", "proposal", "skola"
            ),
        ),
        registered_days_before=120,
    ),
    Case(
        key="elevenkat",
        committee="bun",
        number=95,
        title="Resultat av elevenkäten {y}",
        paper_type="Informationsärende",
        officer="t09",
        summary=(
            "Elevenkäten genomfördes i mars och besvarades av 1 612 elever i årskurs 2, 5 och 8. "
            "Resultaten visar att de flesta elever känner sig trygga i skolan, men att andelen "
            "elever i årskurs 8 som upplever studiero har minskat."
        ),
        proposals=("notera informationen och lägga den till handlingarna",),
        background=(
            "Elevenkäten genomförs varje år och är en del av nämndens systematiska "
            "kvalitetsarbete. Svarsfrekvensen var i år 88 procent, vilket är något högre än "
            "föregående år.",
            "I årskurs 8 uppger 61 procent av eleverna att de oftast har studiero på "
            "lektionerna, jämfört med 68 procent året innan. Skolorna har i sina analyser pekat "
            "på behovet av gemensamma ordningsregler och tydligare lektionsstruktur.",
        ),
        economy="Informationen medför inga ekonomiska konsekvenser.",
        attachments=(Attachment("Elevenkäten {y} – resultat per skola", "chart", "skola"),),
        registered_days_before=30,
    ),
    Case(
        key="tillaggsbelopp",
        committee="bun",
        number=104,
        title="Individärende – ansökan om tilläggsbelopp",
        paper_type="Individärende",
        officer="t14",
        summary=(
            "En fristående grundskola har ansökt om tilläggsbelopp för en elev med omfattande "
            "behov av särskilt stöd. Förvaltningen föreslår att ansökan beviljas för "
            "vårterminen {y1}."
        ),
        proposals=(
            "bevilja tilläggsbelopp för eleven med 186 000 kronor för vårterminen {y1}",
            "beslutet ska följas upp före vårterminens slut",
        ),
        background=(
            "Eleven går i årskurs 4 och har enligt skolans utredning behov av stöd av en "
            "elevassistent under hela skoldagen samt anpassade lokaler. Skolan har redovisat "
            "vilka åtgärder som vidtagits inom ramen för grundbeloppet.",
            "Förvaltningen bedömer att elevens behov är omfattande och att de extraordinära "
            "stödåtgärderna inte kan finansieras inom grundbeloppet.",
        ),
        economy="Kostnaden ryms inom nämndens budget för tilläggsbelopp.",
        children=(
            "Beslutet ger eleven förutsättningar att tillgodogöra sig undervisningen i sin "
            "nuvarande skola."
        ),
        attachments=(Attachment("Ansökan om tilläggsbelopp med utredning", "report", "skola", 2),),
        confidential=SECRECY_PUPIL,
        registered_days_before=25,
    ),
    Case(
        key="verksamhetsplan",
        committee="bun",
        number=118,
        title="Verksamhetsplan och internbudget {y1}",
        paper_type="Beslutsärende",
        officer="t09",
        summary=(
            "Förvaltningen har tagit fram förslag till verksamhetsplan och internbudget för {y1} "
            "utifrån den ram som kommunfullmäktige väntas besluta om i december. Ramen uppgår "
            "till 612,4 miljoner kronor, en ökning med 14,2 miljoner kronor jämfört med {y}."
        ),
        proposals=(
            "anta verksamhetsplan och internbudget för {y1} under förutsättning att "
            "kommunfullmäktige fastställer nämndens ram enligt kommunstyrelsens förslag",
        ),
        background=(
            "Verksamhetsplanen beskriver hur nämnden ska bidra till kommunfullmäktiges mål och "
            "vilka indikatorer som ska följas upp. Internbudgeten fördelar ramen på "
            "verksamheterna enligt nämndens resursfördelningsmodell.",
            "Ökningen av ramen används främst till särskilt stöd i grundskolan och till de "
            "ökade kostnaderna för skolskjuts. Förskolans budget minskar med 3,1 miljoner kronor "
            "till följd av det minskande barnantalet.",
        ),
        economy=(
            "Internbudgeten är i balans. Förvaltningen bedömer att en buffert om 2,0 miljoner "
            "kronor behövs för oförutsedda kostnader för tilläggsbelopp."
        ),
        children=(
            "Budgeten prioriterar insatser för elever i behov av särskilt stöd och bibehållen "
            "lärartäthet i grundskolan."
        ),
        attachments=(Attachment("Verksamhetsplan och internbudget {y1}", "report", "skola", 5),),
        registered_days_before=35,
    ),
    Case(
        key="kvalitetsrapport",
        committee="bun",
        number=112,
        title="Kvalitetsrapport för förskolan {y}",
        paper_type="Informationsärende",
        officer="t07",
        summary=(
            "Kvalitetsrapporten sammanfattar förskolans systematiska kvalitetsarbete under "
            "läsåret. Rapporten visar att arbetet med språkutveckling ger goda resultat, men att "
            "barngrupperna på flera förskolor är större än riktmärket."
        ),
        proposals=("notera informationen och lägga den till handlingarna",),
        background=(
            "Enligt skollagen ska huvudmannen systematiskt planera, följa upp och utveckla "
            "utbildningen. Kvalitetsrapporten bygger på förskolornas egna analyser, "
            "vårdnadshavarenkäten och statistik om barngrupper och personal.",
            "Andelen förskollärare bland personalen är 41 procent, vilket är lägre än i riket. "
            "Förvaltningen föreslår fortsatt satsning på vidareutbildning av barnskötare.",
        ),
        economy="Informationen medför inga ekonomiska konsekvenser.",
        attachments=(Attachment("Kvalitetsrapport för förskolan {y}", "report", "skola", 4),),
        registered_days_before=30,
    ),
    Case(
        key="skolinspektionen",
        committee="bun",
        number=121,
        title="Redovisning till Skolinspektionen efter tillsyn av Norrbackaskolan",
        paper_type="Beslutsärende",
        officer="t07",
        summary=(
            "Skolinspektionen har genomfört tillsyn av Norrbackaskolan och förelagt huvudmannen "
            "att åtgärda brister inom två områden: elevernas rätt till särskilt stöd och skolans "
            "arbete mot kränkande behandling. Huvudmannen ska redovisa vidtagna åtgärder senast "
            "den {inspection_deadline}."
        ),
        proposals=(
            "anta förvaltningens förslag till redovisning som sin egen och överlämna den till "
            "Skolinspektionen",
        ),
        background=(
            "Skolinspektionen besökte skolan i maj och intervjuade rektor, elevhälsa, lärare och "
            "elever. I beslutet konstateras att utredningar om särskilt stöd inte alltid "
            "påbörjas skyndsamt och att anmälningar om kränkande behandling inte alltid utreds.",
            "Skolan har sedan dess infört en gemensam rutin för anmälan och utredning av "
            "kränkande behandling och utbildat all personal i den. Elevhälsoteamet har "
            "förstärkts med en specialpedagog.",
        ),
        economy="Åtgärderna finansieras inom skolans budget.",
        children=(
            "Åtgärderna stärker elevernas rätt till stöd och till en trygg skolmiljö utan "
            "kränkningar."
        ),
        attachments=(
            Attachment("Skolinspektionens beslut efter tillsyn", "report", "skola", 3),
            Attachment("Förslag till redovisning av vidtagna åtgärder", "report", "skola", 2),
        ),
        registered_days_before=100,
    ),
    Case(
        key="individ-elev",
        committee="bun",
        number=131,
        title="Individärende – samverkan med socialtjänsten kring enskild elev",
        paper_type="Individärende",
        officer="t07",
        summary=(
            "Socialnämnden har begärt ett yttrande från barn- och utbildningsnämnden om en elevs "
            "skolsituation inför beslut om insatser. Förvaltningen föreslår att nämnden yttrar "
            "sig enligt förslaget och att skolan deltar i samordnad individuell planering."
        ),
        proposals=(
            "avge yttrande till socialnämnden enligt förvaltningens förslag",
            "uppdra åt förvaltningen att delta i samordnad individuell planering för eleven",
        ),
        background=(
            "Ärendet innehåller uppgifter om enskilds personliga förhållanden som har lämnats "
            "från socialtjänsten. Uppgifterna omfattas av sekretess hos nämnden.",
            "Eleven har under hösten haft hög frånvaro. Skolan har genomfört en utredning om "
            "särskilt stöd och upprättat ett åtgärdsprogram.",
        ),
        economy="Ärendet har inga ekonomiska konsekvenser utöver skolans ordinarie stödinsatser.",
        children=("Ett samordnat stöd från skola och socialtjänst bedöms vara till barnets bästa."),
        attachments=(Attachment("Begäran om yttrande från socialnämnden", "letter", "social"),),
        confidential=SECRECY_SOCIAL,
        registered_days_before=20,
    ),
    Case(
        key="vattenskada",
        committee="bun",
        number=137,
        title="Tillfällig lokallösning för förskolan Solrosen efter vattenskada",
        paper_type="Beslutsärende",
        officer="t13",
        summary=(
            "En vattenläcka i förskolan Solrosens kök och två avdelningar upptäcktes den "
            "{damage_date}. Lokalerna kan inte användas under reparationen, som beräknas ta minst "
            "tolv veckor. Förvaltningen föreslår att verksamheten tillfälligt flyttas till "
            "paviljonger vid Centralskolan."
        ),
        proposals=(
            "godkänna att förskolan Solrosen tillfälligt bedrivs i hyrda paviljonger vid "
            "Centralskolan till dess att reparationen är klar",
            "kostnaden för paviljongerna, högst 850 000 kronor, ska belasta nämndens resultat "
            "för {y} och {y1}",
        ),
        background=(
            "Vattenskadan upptäcktes av personalen på morgonen. Försäkringsbolagets besiktning "
            "visar fuktskador i golv och väggar som måste åtgärdas innan lokalerna kan användas "
            "igen. Barnen har sedan dess tagits emot på två andra förskolor, vilket inte är "
            "hållbart under en längre tid.",
            "Ärendet är brådskande och kunde inte beredas före utskicket av kallelsen. Det "
            "anmäls därför som ett extra ärende. Paviljongerna kan levereras inom två veckor.",
        ),
        economy=(
            "Hyran för paviljongerna beräknas till 850 000 kronor för sex månader, inklusive "
            "etablering. Försäkringen täcker reparationen men inte de tillfälliga lokalerna."
        ),
        children=(
            "Lösningen gör att barngrupperna kan hållas samman med sin ordinarie personal, "
            "vilket ger barnen trygghet under reparationstiden."
        ),
        attachments=(
            Attachment("Situationsplan för tillfälliga paviljonger", "site", "samhallsbyggnad"),
        ),
        registered_days_before=6,
    ),
    # --- Miljö- och byggnadsnämnden -----------------------------------------------------
    Case(
        key="detaljplan-bjorkhagen",
        committee="mbn",
        number=45,
        title="Detaljplan för Björkhagen 2:14 m.fl. – beslut om granskning",
        paper_type="Planärende",
        officer="t10",
        summary=(
            "Detaljplanen syftar till att möjliggöra cirka 120 bostäder i flerbostadshus och "
            "radhus samt en förskola med sex avdelningar i Björkhagen. Planförslaget har varit på "
            "samråd och har därefter justerats. Förvaltningen föreslår att planförslaget ställs "
            "ut för granskning."
        ),
        proposals=(
            "godkänna samrådsredogörelsen",
            "ställa ut planförslaget för granskning enligt 5 kap. 18 § plan- och bygglagen",
        ),
        background=(
            "Planområdet ligger i norra delen av Exempelstad, cirka 1,5 kilometer från centrum, "
            "och omfattar drygt 6 hektar. Marken är i dag till största delen obebyggd och består "
            "av tidigare åkermark och ett mindre skogsparti.",
            "Under samrådet kom det in 31 yttranden. Synpunkterna gällde främst trafiken på "
            "Sjövägen, byggnadshöjderna närmast befintliga villor och bevarandet av "
            "skogspartiet. Planförslaget har därefter ändrats så att de högsta husen placeras "
            "längre från villabebyggelsen och skogspartiet bevaras som naturmark.",
            "Planen är förenlig med översiktsplanen, där området är utpekat för bostadsbebyggelse.",
        ),
        economy=(
            "Planarbetet bekostas genom planavtal med exploatören. Kommunens kostnader för "
            "allmän plats finansieras genom exploateringsavtal."
        ),
        environment=(
            "En dagvattenutredning visar att flödena från området inte ökar efter exploatering "
            "om de föreslagna fördröjningsytorna anläggs. Skogspartiet bevaras som naturmark."
        ),
        children=(
            "Planen möjliggör en ny förskola och säkra gång- och cykelvägar till Björkhagens skola."
        ),
        attachments=(
            Attachment("Plankarta, granskningshandling", "plan", "samhallsbyggnad"),
            Attachment("Planbeskrivning, granskningshandling", "report", "samhallsbyggnad", 5),
            Attachment("Samrådsredogörelse", "report", "samhallsbyggnad", 3),
        ),
        registered_days_before=300,
    ),
    Case(
        key="bygglov",
        committee="mbn",
        number=612,
        title="Bygglov för nybyggnad av flerbostadshus, Exempla 3:7",
        paper_type="Bygglovsärende",
        officer="t12",
        summary=(
            "Ansökan avser bygglov för ett flerbostadshus i fyra våningar med 24 lägenheter på "
            "fastigheten Exempla 3:7 vid Kyrkogatan. Byggnaden överskrider den högsta tillåtna "
            "nockhöjden med 0,8 meter. Förvaltningen bedömer avvikelsen som liten och förenlig "
            "med detaljplanens syfte."
        ),
        proposals=(
            "bevilja bygglov med stöd av 9 kap. 31 b § plan- och bygglagen",
            "fastställa avgiften för bygglovet till 86 412 kronor enligt kommunens plan- och "
            "bygglovstaxa",
        ),
        background=(
            "Fastigheten omfattas av en detaljplan från 1987 som anger bostadsändamål, "
            "högst tre våningar och en nockhöjd om högst 13,5 meter. Den sökta byggnaden har "
            "fyra våningar, där den översta är indragen, och en nockhöjd om 14,3 meter.",
            "Berörda sakägare har getts tillfälle att yttra sig. Två grannar har lämnat "
            "synpunkter om skuggning och om parkering. En solstudie visar att skuggningen av "
            "grannfastigheterna blir begränsad.",
        ),
        economy="Avgiften tas ut enligt taxan och täcker nämndens kostnader för handläggningen.",
        attachments=(
            Attachment("Situationsplan", "site", "samhallsbyggnad"),
            Attachment("Yttranden från grannar", "letter", "samhallsbyggnad"),
        ),
        registered_days_before=70,
    ),
    Case(
        key="avlopp",
        committee="mbn",
        number=588,
        title="Föreläggande om åtgärder för enskilt avlopp på fastigheten Lunden 1:23",
        paper_type="Tillsynsärende",
        officer="t11",
        summary=(
            "Vid tillsyn har det konstaterats att avloppsanläggningen på fastigheten Lunden 1:23 "
            "saknar godtagbar rening. Förvaltningen föreslår att fastighetsägaren föreläggs att "
            "åtgärda anläggningen senast den 30 september {y1}."
        ),
        proposals=(
            "förelägga fastighetsägaren att senast den 30 september {y1} ansluta fastighetens "
            "avlopp till en anläggning med godtagbar rening",
            "föreläggandet förenas med ett vite om 40 000 kronor",
        ),
        background=(
            "Fastigheten ligger inom ett område där kommunen inventerar enskilda avlopp. "
            "Anläggningen består av en slamavskiljare från 1960-talet utan efterföljande rening.",
            "Fastighetsägaren har fått två skriftliga påminnelser men har inte visat att "
            "åtgärder planeras.",
        ),
        economy="Beslutet medför inga kostnader för kommunen.",
        environment=(
            "Utsläpp av otillräckligt renat avloppsvatten bidrar till övergödningen av Ljusvattnet."
        ),
        attachments=(Attachment("Inspektionsrapport", "report", "miljo", 1),),
        registered_days_before=90,
    ),
    Case(
        key="strandskydd",
        committee="mbn",
        number=574,
        title="Ansökan om strandskyddsdispens för brygga, Sjövik 1:5",
        paper_type="Tillsynsärende",
        officer="t11",
        summary=(
            "Ansökan gäller dispens från strandskyddet för en brygga om 18 meter på fastigheten "
            "Sjövik 1:5. Förvaltningen bedömer att det saknas särskilda skäl och föreslår att "
            "ansökan avslås."
        ),
        proposals=("avslå ansökan om strandskyddsdispens",),
        background=(
            "Platsen ligger inom ett område med utökat strandskydd om 200 meter. Stranden är "
            "allemansrättsligt tillgänglig och används för bad.",
            "Sökanden har anfört att bryggan behövs för båtförvaring. Fastigheten har redan "
            "tillgång till en gemensam brygga 150 meter bort, och behovet kan därför tillgodoses "
            "utanför området.",
        ),
        economy="Beslutet medför inga kostnader för kommunen.",
        environment="Vassområdet vid platsen är lekplats för gädda och abborre.",
        attachments=(Attachment("Karta över den sökta platsen", "map", "miljo"),),
        registered_days_before=60,
    ),
    Case(
        key="sanktionsavgift",
        committee="mbn",
        number=522,
        title="Byggsanktionsavgift för garage uppfört utan bygglov, Ekbacken 2:9",
        paper_type="Tillsynsärende",
        officer="t12",
        summary=(
            "Ett garage om 42 kvadratmeter har uppförts utan bygglov på fastigheten Ekbacken "
            "2:9. Förvaltningen föreslår att byggsanktionsavgift tas ut med 23 180 kronor."
        ),
        proposals=("ta ut en byggsanktionsavgift av fastighetsägaren med 23 180 kronor",),
        background=(
            "Förvaltningen fick i maj ett tips om att ett garage uppförts på fastigheten. Vid "
            "platsbesök konstaterades att garaget är färdigställt. Bygglov har sökts i efterhand "
            "och kan beviljas.",
            "Byggsanktionsavgiften beräknas enligt plan- och byggförordningen utifrån "
            "byggnadens area och prisbasbeloppet. Det finns inte skäl att sätta ned avgiften.",
        ),
        economy="Avgiften tillfaller kommunen.",
        attachments=(
            Attachment("Fotodokumentation och beräkning", "report", "samhallsbyggnad", 1),
        ),
        registered_days_before=40,
    ),
    Case(
        key="tillsynsplan",
        committee="mbn",
        number=640,
        title="Tillsynsplan enligt miljöbalken {y1}",
        paper_type="Beslutsärende",
        officer="t11",
        summary=(
            "Tillsynsplanen anger vilken tillsyn nämnden ska bedriva under {y1}. Planen omfattar "
            "cirka 420 planerade tillsynsbesök och prioriterar enskilda avlopp, "
            "förorenade områden och verksamheter med stor miljöpåverkan."
        ),
        proposals=("anta tillsynsplan enligt miljöbalken för {y1}",),
        background=(
            "Enligt miljötillsynsförordningen ska nämnden varje år upprätta en tillsynsplan som "
            "grundar sig på en utredning av tillsynsbehovet.",
            "Behovsutredningen visar ett underskott på cirka 1,2 årsarbetskrafter jämfört med "
            "behovet. Planen prioriterar därför den tillsyn som ger störst miljönytta.",
        ),
        economy="Tillsynen finansieras genom avgifter och kommunbidrag inom nämndens ram.",
        environment="Tillsynen bidrar till att de lokala miljömålen nås.",
        attachments=(Attachment("Tillsynsplan {y1}", "report", "miljo", 4),),
        registered_days_before=35,
    ),
    Case(
        key="taxa-miljo",
        committee="mbn",
        number=641,
        title="Taxa för prövning och tillsyn inom miljöbalkens område {y1}",
        paper_type="Beslutsärende",
        officer="t11",
        summary=(
            "Förvaltningen föreslår att timavgiften för prövning och tillsyn enligt miljöbalken "
            "höjs från 1 260 till 1 310 kronor och att taxan i övrigt anpassas till Sveriges "
            "Kommuner och Regioners underlag."
        ),
        proposals=(
            "föreslå kommunfullmäktige att anta taxa för prövning och tillsyn inom miljöbalkens "
            "område enligt bilaga, att gälla från och med den 1 januari {y1}",
        ),
        background=(
            "Timavgiften har inte räknats upp sedan {yp}. Höjningen motsvarar "
            "kostnadsutvecklingen och innebär att avgifterna täcker en större del av nämndens "
            "kostnader för tillsynen.",
        ),
        economy="Höjningen beräknas öka intäkterna med cirka 140 000 kronor per år.",
        attachments=(Attachment("Taxa enligt miljöbalken {y1} (förslag)", "fees", "miljo"),),
        registered_days_before=35,
    ),
    Case(
        key="detaljplan-verkstaden",
        committee="mbn",
        number=51,
        title="Detaljplan för Verkstaden 1 (förskola) – beslut om samråd",
        paper_type="Planärende",
        officer="t10",
        summary=(
            "Detaljplanen ska möjliggöra en förskola med åtta avdelningar på fastigheten "
            "Verkstaden 1, en tidigare verkstadstomt i Exempelstad. Förvaltningen föreslår att "
            "planförslaget skickas på samråd."
        ),
        proposals=("skicka planförslaget på samråd enligt 5 kap. 11 § plan- och bygglagen",),
        background=(
            "Fastigheten har tidigare använts för industriändamål. En miljöteknisk "
            "markundersökning visar föroreningar som måste saneras innan marken kan användas för "
            "förskola.",
            "Planen tas fram med standardförfarande eftersom den är förenlig med översiktsplanen "
            "och inte bedöms medföra betydande miljöpåverkan.",
        ),
        economy="Planarbetet finansieras genom planavgift vid bygglov.",
        children=("En förskolegård om minst 40 kvadratmeter per barn säkerställs i planen."),
        attachments=(Attachment("Plankarta, samrådshandling", "plan", "samhallsbyggnad"),),
        registered_days_before=150,
    ),
)

CASE_BY_KEY: dict[str, Case] = {case.key: case for case in CASES}
