"""The demo's cases of miljö- och byggnadsnämnden."""

from __future__ import annotations

from meetingapp.demo.case import Attachment, Case

BUILDING_CASES: tuple[Case, ...] = (
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
