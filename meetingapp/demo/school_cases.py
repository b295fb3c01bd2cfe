"""The demo's cases of barn- och utbildningsnämnden."""

from __future__ import annotations

from meetingapp.demo.case import Attachment, Case

SECRECY_PUPIL = "Sekretess enligt OSL 23 kap. 2 §"
SECRECY_SOCIAL = "Sekretess enligt OSL 26 kap. 1 §"

SCHOOL_CASES: tuple[Case, ...] = (
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
)
