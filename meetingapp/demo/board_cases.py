"""The demo's cases of kommunstyrelsen and kommunfullmäktige."""

from __future__ import annotations

from meetingapp.demo.case import Attachment, Case

BOARD_CASES: tuple[Case, ...] = (
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
)
