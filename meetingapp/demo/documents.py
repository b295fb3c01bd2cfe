"""The municipal documents of a meeting: kallelse, tjänsteskrivelse, protokoll and lists."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence

from meetingapp.core.swedish import swedish_date
from meetingapp.demo import agenda
from meetingapp.demo.model import (
    ItemModel,
    MeetingModel,
    PaperModel,
    decision_lead,
    decision_text,
)
from meetingapp.demo.pdf import (
    Letterhead,
    PdfInfo,
    bullet_list,
    esc,
    html_pdf,
    paragraphs,
    table,
    width_style,
)
from meetingapp.demo.people import COMMITTEE_BY_KEY, PEOPLE, Committee, Person
from meetingapp.demo.timeline import clock, local_time, swedish_long_date

DEPARTMENTS: dict[str, str] = {
    "kf": "Kommunledningsförvaltningen",
    "ks": "Kommunledningsförvaltningen",
    "ksau": "Kommunledningsförvaltningen",
    "bun": "Utbildningsförvaltningen",
    "mbn": "Samhällsbyggnadsförvaltningen",
}


def phone(person: Person) -> str:
    """A fictional direct number derived from the person's key."""
    number = sum(ord(char) for char in person.key) * 37 % 10000
    return f"0123-45 {number // 100:02d} {number % 100:02d}"


def signature_table(people: Sequence[tuple[str, str]]) -> str:
    """Names with their roles below, side by side, as under a signed document."""
    cells = "".join(
        f"<td style='{width_style(45)}'>{esc(name)}<br/><span class='small'>{esc(role)}</span></td>"
        for name, role in people
    )
    return f"<table class='plain sign'><tr>{cells}</tr></table>"


def iso(day: dt.date) -> str:
    return day.isoformat()


# --- Tjänsteskrivelse ----------------------------------------------------------------


def addressee(paper: PaperModel) -> Committee:
    """The committee the report asks for a decision: the first one to treat it."""
    first = paper.items[0].meeting.committee
    return COMMITTEE_BY_KEY["ks"] if first.key == "ksau" else first


def report_pdf(paper: PaperModel) -> bytes:
    """The tjänsteskrivelse of a paper."""
    case = paper.case
    officer = PEOPLE[case.officer]
    department = DEPARTMENTS[paper.committee.key]
    letterhead = Letterhead(department, "Tjänsteskrivelse", case.title, case.confidential)
    info = PdfInfo(
        title=f"Tjänsteskrivelse: {case.title}",
        author=officer.name,
        subject=paper.reference,
        created=paper_report_moment(paper),
        keywords=f"tjänsteskrivelse, {paper.reference}",
    )
    return html_pdf(_report_html(paper), letterhead=letterhead, info=info)


def _report_html(paper: PaperModel) -> str:
    """Letterhead data, then the usual headings, then the signatures."""
    case = paper.case
    officer = PEOPLE[case.officer]
    head = PEOPLE[paper.committee.head_official]
    sections = [
        ("Sammanfattning", paragraphs([case.summary])),
        ("Förslag till beslut", _proposal_html(paper)),
        ("Beslutsunderlag", bullet_list(_decision_basis(paper))),
        ("Ärendet", paragraphs(case.background)),
        ("Ekonomiska konsekvenser", paragraphs([case.economy])),
        ("Barnperspektiv", paragraphs([case.children]) if case.children else ""),
        ("Miljöperspektiv", paragraphs([case.environment]) if case.environment else ""),
        (
            "Beslutet ska skickas till",
            bullet_list([DEPARTMENTS[paper.committee.key], officer.name]),
        ),
    ]
    body = "".join(f"<h2>{esc(heading)}</h2>{html}" for heading, html in sections if html)
    signatures = signature_table([(head.name, head.title), (officer.name, officer.title)])
    return f"<h1>{esc(case.title)}</h1>{_report_meta(paper, officer)}{body}{signatures}"


def paper_report_moment(paper: PaperModel) -> dt.datetime:
    """When the tjänsteskrivelse was signed."""
    return local_time(paper.report_day, 14, 0)


def _report_meta(paper: PaperModel, officer: Person) -> str:
    rows = [
        ("Datum", iso(paper.report_day)),
        ("Diarienummer", paper.reference),
        ("Handläggare", f"{officer.name}, {officer.title.lower()}"),
        ("E-post", officer.email),
        ("Telefon", phone(officer)),
    ]
    cells = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in rows)
    target = addressee(paper)
    return f"<table class='meta'>{cells}</table><p><b>{esc(target.name)}</b></p>"


def _proposal_html(paper: PaperModel) -> str:
    target = addressee(paper)
    lead = decision_lead(target, paper.case, proposing=True)
    text = decision_text(lead, paper.case.proposals)
    return "".join(f"<p>{esc(part)}</p>" for part in text.split("\n\n"))


def _decision_basis(paper: PaperModel) -> list[str]:
    basis = [f"Tjänsteskrivelse, {iso(paper.report_day)}"]
    basis += [f"Bilaga {n}: {a.title}" for n, (a, _f) in enumerate(paper.attachments, start=1)]
    return basis


# --- Kallelse ------------------------------------------------------------------------


def invitation_pdf(meeting: MeetingModel, items: Iterable[ItemModel]) -> bytes:
    """Kallelse with föredragningslista (items added later are not on it)."""
    committee = meeting.committee
    chair = PEOPLE[committee.chair]
    secretary = PEOPLE[committee.secretary]
    body = [f"<h1>{'Kungörelse och kallelse' if committee.key == 'kf' else 'Kallelse'}</h1>"]
    body.append(f"<p class='lead'>{esc(_invitation_lead(meeting))}</p>")
    body.append(_time_and_place(meeting))
    body.append("<h2>Föredragningslista</h2>")
    body.append(_agenda_table(items))
    body.append(paragraphs(_invitation_notes(meeting, secretary)))
    body.append(signature_table([(chair.name, "Ordförande"), (secretary.name, "Sekreterare")]))
    letterhead = Letterhead(committee.name, "Kallelse", f"Kallelse {iso(meeting.day)}")
    info = PdfInfo(
        title=f"Kallelse {committee.name} {iso(meeting.day)}",
        author=secretary.name,
        subject="Kallelse med föredragningslista",
        created=meeting.invitation_at,
        keywords="kallelse, föredragningslista",
    )
    return html_pdf("".join(body), letterhead=letterhead, info=info)


def _invitation_lead(meeting: MeetingModel) -> str:
    committee = meeting.committee
    if committee.key == "kf":
        return (
            f"Kommunfullmäktige sammanträder {swedish_long_date(meeting.day)} klockan "
            f"{clock(meeting.start)}. Sammanträdet är öppet för allmänheten och sänds direkt på "
            "kommunens webbplats."
        )
    return f"Ledamöter och ersättare i {committee.name.lower()} kallas till sammanträde."


def _time_and_place(meeting: MeetingModel) -> str:
    place = meeting.place
    rows = [
        ("Tid", f"{swedish_long_date(meeting.day)} kl. {clock(meeting.start)}"),
        ("Plats", f"{place.description}, {place.street}, {place.locality}"),
    ]
    if meeting.committee.key != "kf":
        rows.append(("Gruppmöten", f"kl. {clock(meeting.start - dt.timedelta(hours=1))}"))
    cells = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in rows)
    return f"<table class='meta'>{cells}</table>"


def _agenda_table(items: Iterable[ItemModel]) -> str:
    rows = []
    for item in items:
        title = esc(item.title)
        if item.confidential:
            title += f"<br/><span class='secret'>{esc(item.confidential)}</span>"
        reference = esc(item.paper.reference) if item.paper else ""
        rows.append(f"<tr><td>{item.number}</td><td>{title}</td><td>{reference}</td></tr>")
    head = (
        f"<tr><th style='{width_style(7)}'>Nr</th><th style='{width_style(71)}'>Ärende</th>"
        f"<th style='{width_style(22)}'>Dnr</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def _invitation_notes(meeting: MeetingModel, secretary: Person) -> list[str]:
    notes = [
        f"Förhinder anmäls till {secretary.name.split()[0]} {secretary.name.split()[1]}, "
        f"{secretary.email}, telefon {phone(secretary)}, så att ersättare kan kallas.",
        "Handlingarna finns i Mötespärm. Ärenden markerade med sekretess finns endast i "
        "ledamöternas version av handlingarna.",
    ]
    if meeting.committee.key == "kf":
        notes.append(
            "Allmänheten kan ställa frågor under allmänhetens frågestund. Frågorna lämnas "
            "skriftligt till kommunkansliet senast två dagar före sammanträdet."
        )
    return notes


# --- Protokoll -----------------------------------------------------------------------


def protocol_pdf(meeting: MeetingModel) -> bytes:
    committee = meeting.committee
    secretary = PEOPLE[committee.secretary]
    assert meeting.protocol_at is not None
    first, last = meeting.items[0].paragraph, meeting.items[-1].paragraph
    body = [
        "<h1>Sammanträdesprotokoll</h1>",
        _protocol_meta(meeting, f"§§ {first}–{last}"),
        _signatures(meeting),
        _notice_box(meeting),
    ]
    body += [_protocol_paragraph(meeting, item) for item in meeting.items]
    letterhead = Letterhead(
        committee.name, "Protokoll", f"Sammanträdesprotokoll {iso(meeting.day)}"
    )
    info = PdfInfo(
        title=f"Protokoll {committee.name} {iso(meeting.day)}",
        author=secretary.name,
        subject="Sammanträdesprotokoll",
        created=meeting.protocol_at,
        keywords="protokoll, justerat",
    )
    return html_pdf("".join(body), letterhead=letterhead, info=info, outline=True)


def _actual_end(meeting: MeetingModel) -> dt.datetime:
    minutes = 20 + 13 * len(meeting.items)
    return min(meeting.end, meeting.start + dt.timedelta(minutes=minutes))


def _protocol_meta(meeting: MeetingModel, paragraph_range: str) -> str:
    place = meeting.place
    when = (
        f"{place.description}, {swedish_long_date(meeting.day)} kl. "
        f"{clock(meeting.start)}–{clock(_actual_end(meeting))}"
    )
    assert meeting.protocol_at is not None
    rows = [
        ("Plats och tid", esc(when)),
        ("Beslutande", _deciding_html(meeting)),
        ("Övriga närvarande", _others_html(meeting)),
        ("Justerare", esc(PEOPLE[meeting.checker].name)),
        (
            "Justeringens plats och tid",
            esc(f"Stadshuset, {swedish_date(meeting.protocol_at.date())}"),
        ),
        ("Paragrafer", esc(paragraph_range)),
    ]
    cells = "".join(f"<tr><td>{esc(k)}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table class='meta'>{cells}</table>"


def _deciding_html(meeting: MeetingModel) -> str:
    committee = meeting.committee
    lines = []
    for seat in committee.seats:
        if not seat.voting or seat.person in meeting.absent:
            continue
        role = "" if seat.role == "ledamot" else f", {seat.role}"
        lines.append(f"{PEOPLE[seat.person].name}{role}")
    for substitute, absent in zip(meeting.serving, meeting.absent, strict=True):
        lines.append(
            f"{PEOPLE[substitute].name}, tjänstgörande ersättare för {PEOPLE[absent].name}"
        )
    return "<br/>".join(esc(line) for line in lines)


def _others_html(meeting: MeetingModel) -> str:
    committee = meeting.committee
    substitutes = [p for p in committee.substitutes if p not in meeting.serving]
    lines = [f"{PEOPLE[p].name}, ersättare" for p in substitutes]
    officials = [committee.secretary, committee.head_official]
    for item in meeting.items:
        if item.paper and item.paper.case.officer not in officials:
            officials.append(item.paper.case.officer)
    lines += [f"{PEOPLE[p].name}, {PEOPLE[p].title.lower()}" for p in officials]
    return "<br/>".join(esc(line) for line in lines)


def _signatures(meeting: MeetingModel) -> str:
    committee = meeting.committee
    people = [
        ("Sekreterare", committee.secretary),
        ("Ordförande", committee.chair),
        ("Justerare", meeting.checker),
    ]
    rows = "".join(
        f"<tr><td>{esc(role)}</td><td>________________________________<br/>"
        f"{esc(PEOPLE[key].name)}</td></tr>"
        for role, key in people
    )
    return f"<h2>Underskrifter</h2><table class='plain'>{rows}</table>"


def _notice_box(meeting: MeetingModel) -> str:
    assert meeting.protocol_at is not None
    posted = meeting.protocol_at.date() + dt.timedelta(days=1)
    rows = [
        ("Organ", meeting.committee.name),
        ("Sammanträdesdatum", iso(meeting.day)),
        ("Anslaget sätts upp", iso(posted)),
        ("Anslaget tas ned", iso(posted + dt.timedelta(days=22))),
        ("Förvaringsplats", DEPARTMENTS[meeting.committee.key]),
    ]
    return (
        "<h3>Bevis om anslag</h3><p>Protokollet är justerat. Justeringen har tillkännagivits "
        "genom anslag på kommunens digitala anslagstavla.</p>"
        + table(("Uppgift", "Värde"), rows, numeric_from=99)
    )


def _protocol_paragraph(meeting: MeetingModel, item: ItemModel) -> str:
    parts = [f"<h2>§ {item.paragraph} {esc(item.title)}</h2>"]
    if item.paper:
        parts.append(f"<p class='small'>Dnr {esc(item.paper.reference)}</p>")
    if item.confidential:
        parts.append(f"<p class='secret'>{esc(item.confidential)}</p>")
    parts.append("<h3>Beslut</h3>")
    parts += [f"<p>{esc(part)}</p>" for part in (item.resolution or "").split("\n\n")]
    if item.paper and not item.confidential:
        parts += ["<h3>Ärendebeskrivning</h3>", paragraphs([item.paper.case.summary])]
        parts += ["<h3>Beslutsunderlag</h3>", bullet_list(_decision_basis(item.paper))]
    if item.plan.outcome == agenda.VOTED and item.paper:
        parts.append(_vote_html(meeting))
    if item.paper:
        recipients = [DEPARTMENTS[item.paper.committee.key], PEOPLE[item.paper.case.officer].name]
        parts += ["<h3>Beslutet skickas till</h3>", bullet_list(recipients)]
    return "".join(parts)


def _vote_html(meeting: MeetingModel) -> str:
    """Yrkanden, beslutsgång and a roll-call vote on a motion."""
    committee = meeting.committee
    voters = [p for p in committee.members if p not in meeting.absent] + list(meeting.serving)
    rng = random.Random(f"vote-{meeting.plan.key}")
    against = {"p14"} | set(rng.sample([p for p in voters if p != committee.chair], 8))
    abstaining = rng.choice([p for p in voters if p not in against and p != committee.chair])
    rows = []
    for person in voters:
        mark = ("", "X", "") if person in against else ("X", "", "")
        if person == abstaining:
            mark = ("", "", "X")
        rows.append((PEOPLE[person].name, *mark))
    yes = sum(1 for row in rows if row[1])
    no = sum(1 for row in rows if row[2])
    rows.append(("Summa", str(yes), str(no), str(len(rows) - yes - no)))
    classes = [""] * (len(rows) - 1) + ["sum"]
    return (
        "<h3>Yrkanden</h3><p>Ahmed Karimi yrkar bifall till motionen. Anna Lindqvist yrkar "
        "bifall till kommunstyrelsens förslag.</p>"
        "<h3>Beslutsgång</h3><p>Ordföranden ställer proposition på yrkandena och finner att "
        "kommunfullmäktige beslutar enligt kommunstyrelsens förslag. Omröstning begärs.</p>"
        "<p>Kommunfullmäktige godkänner följande propositionsordning: Ja-röst för "
        "kommunstyrelsens förslag, nej-röst för Ahmed Karimis yrkande.</p>"
        f"<h3>Omröstning</h3><p>Med {yes} ja-röster mot {no} nej-röster beslutar "
        "kommunfullmäktige enligt kommunstyrelsens förslag.</p>"
        + table(("Ledamot", "Ja", "Nej", "Avstår"), rows, row_classes=classes)
        + "<h3>Reservation</h3><p>Ahmed Karimi med flera reserverar sig mot beslutet till förmån "
        "för eget yrkande.</p>"
    )


# --- Lists and notices ---------------------------------------------------------------

PLACES_FOR_ESTATES = ("Björkhagen", "Ekbacken", "Lunden", "Sjövik", "Exempla", "Kvarnbacken")

DELEGATION_DECISIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "ks": (
        ("Avtal om hyra av lokal för fritidsgård, {estate}", "Kommundirektör", "2.4"),
        (
            "Yttrande över ansökan om serveringstillstånd, restaurang vid torget",
            "Kanslichef",
            "3.1",
        ),
        ("Bidrag till hembygdsföreningen för underhåll av hembygdsgården", "Kanslichef", "4.2"),
        ("Tilldelning efter upphandling av kontorsmaterial", "Ekonomichef", "5.3"),
        ("Beslut om anställning av enhetschef, kontaktcenter", "Kommundirektör", "6.1"),
        ("Nyttjanderättsavtal för odlingslotter, {estate}", "Exploateringsingenjör", "2.7"),
        ("Yttrande till polisen om allmän sammankomst, julmarknad", "Kanslichef", "3.4"),
        ("Avskrivning av fordringar under fem prisbasbelopp", "Ekonomichef", "5.7"),
        ("Utlämnande av allmän handling med förbehåll", "Kanslichef", "1.3"),
        ("Firmateckning för föreningsbidrag, kvartal 3", "Kommundirektör", "4.1"),
    ),
    "bun": (
        ("Skolskjuts på grund av särskilda skäl, två elever", "Utredare", "4.3"),
        ("Mottagande i anpassad grundskola, en elev", "Förvaltningschef", "3.2"),
        ("Omsorg på obekväm arbetstid, tre barn", "Enhetschef", "2.5"),
        ("Anställning av rektor vid Sjöviks skola", "Förvaltningschef", "6.1"),
        ("Tilläggsbelopp för kortare period, en elev", "Utredare", "4.6"),
        ("Avstängning av elev i gymnasieskolan, en vecka", "Rektor", "5.1"),
        ("Beslut om plats i förskola utanför upptagningsområdet", "Enhetschef", "2.2"),
        ("Beslut om modersmålsundervisning, fyra elever", "Rektor", "3.6"),
        ("Yttrande över ansökan om godkännande av fristående förskola", "Förvaltningschef", "1.4"),
        ("Beslut om ledighet för elev längre än tio dagar", "Rektor", "5.3"),
    ),
    "mbn": (
        ("Bygglov för tillbyggnad av enbostadshus, {estate}", "Bygglovshandläggare", "B 1.2"),
        ("Startbesked för nybyggnad av garage, {estate}", "Bygglovshandläggare", "B 2.1"),
        ("Slutbesked för nybyggnad av enbostadshus, {estate}", "Bygglovshandläggare", "B 2.3"),
        ("Beslut med anledning av anmälan om värmepump, {estate}", "Miljöinspektör", "M 3.4"),
        ("Registrering av livsmedelsanläggning, kafé vid {estate}", "Miljöinspektör", "L 1.1"),
        ("Tillstånd till enskild avloppsanläggning, {estate}", "Miljöinspektör", "M 2.2"),
        ("Förhandsbesked för enbostadshus, {estate}", "Bygglovshandläggare", "B 1.5"),
        ("Strandskyddsdispens för komplementbyggnad, {estate}", "Miljöinspektör", "M 4.1"),
        ("Lovbefrielse för attefallshus, startbesked, {estate}", "Bygglovshandläggare", "B 2.4"),
        ("Beslut om avgift för extra offentlig kontroll, livsmedel", "Miljöinspektör", "L 2.3"),
    ),
}

NOTICES: tuple[tuple[str, str], ...] = (
    ("Protokoll från förvaltningens samverkansgrupp", "Förvaltningen"),
    ("Dom från förvaltningsrätten i mål om laglighetsprövning", "Förvaltningsrätten"),
    ("Beslut om statsbidrag", "Skolverket"),
    ("Cirkulär om budgetförutsättningar", "Sveriges Kommuner och Regioner"),
    ("Protokollsutdrag från kommunfullmäktige", "Kommunfullmäktige"),
    ("Skrivelse om trafiksituationen vid Centralskolan", "Föräldraföreningen"),
    ("Beslut efter tillsyn", "Länsstyrelsen"),
    ("Rapport om kommunens krisberedskap", "Kommunledningsförvaltningen"),
)


def _committee_key(meeting: MeetingModel) -> str:
    return "ks" if meeting.committee.key in ("kf", "ksau") else meeting.committee.key


def delegation_pdf(meeting: MeetingModel) -> bytes:
    rng = random.Random(f"delegation-{meeting.plan.key}")
    templates = DELEGATION_DECISIONS[_committee_key(meeting)]
    rows = []
    for text, delegate, point in rng.sample(templates, rng.randint(6, len(templates))):
        estate = f"{rng.choice(PLACES_FOR_ESTATES)} {rng.randint(1, 9)}:{rng.randint(1, 60)}"
        day = meeting.invitation_at.date() - dt.timedelta(days=rng.randint(3, 40))
        number = rng.randint(200, 900)
        rows.append((iso(day), text.format(estate=estate), f"{number}", delegate, point))
    rows.sort()
    prefix = meeting.committee.dnr_prefix
    rows = [(d, t, f"{prefix} {d[:4]}/{n}", g, p) for d, t, n, g, p in rows]
    body = (
        "<h1>Redovisning av delegationsbeslut</h1>"
        f"<p>Beslut fattade på delegation från {esc(meeting.committee.name.lower())} och "
        "anmälda till sammanträdet. Besluten finns tillgängliga hos förvaltningen.</p>"
        + table(
            ("Datum", "Beslut", "Dnr", "Delegat", "Punkt"),
            rows,
            numeric_from=99,
            widths=(12, 46, 16, 16, 10),
        )
    )
    return _list_pdf(meeting, body, "Delegationsbeslut", "Redovisning av delegationsbeslut")


def notices_pdf(meeting: MeetingModel) -> bytes:
    rng = random.Random(f"notices-{meeting.plan.key}")
    chosen = rng.sample(NOTICES, rng.randint(5, 8))
    rows = []
    for number, (text, sender) in enumerate(chosen, start=1):
        day = meeting.invitation_at.date() - dt.timedelta(days=rng.randint(2, 35))
        rows.append((str(number), iso(day), text, sender))
    body = "<h1>Anmälningsärenden</h1><p>Följande handlingar anmäls till sammanträdet.</p>" + table(
        ("Nr", "Datum", "Handling", "Avsändare"), rows, numeric_from=99, widths=(6, 14, 50, 30)
    )
    return _list_pdf(meeting, body, "Anmälningsärenden", "Förteckning över anmälningsärenden")


def motions_pdf(meeting: MeetingModel) -> bytes:
    rows = [
        ("Motion om fritidsbank i Exempelstad", "Malin Axelsson"),
        ("Motion om laddplatser vid kommunens förskolor", "Mats Dahl"),
        ("Medborgarförslag om hundrastgård i Björkhagen", "Medborgare"),
        ("Medborgarförslag om utegym vid Sjöviksbadet", "Medborgare"),
    ]
    body = (
        "<h1>Inkomna motioner och medborgarförslag</h1>"
        "<p>Följande motioner och medborgarförslag har kommit in sedan förra sammanträdet.</p>"
        + table(("Ärende", "Förslagsställare"), rows, numeric_from=99, widths=(70, 30))
    )
    return _list_pdf(meeting, body, "Motioner", "Inkomna motioner och medborgarförslag")


def _list_pdf(meeting: MeetingModel, body: str, kind: str, title: str) -> bytes:
    committee = meeting.committee
    secretary = PEOPLE[committee.secretary]
    letterhead = Letterhead(committee.name, kind, f"{title} {iso(meeting.day)}")
    info = PdfInfo(
        title=f"{title} {committee.name} {iso(meeting.day)}",
        author=secretary.name,
        subject=title,
        created=meeting.invitation_at,
    )
    return html_pdf(body, letterhead=letterhead, info=info)


def cancellation_pdf(meeting: MeetingModel, next_meeting: MeetingModel | None) -> bytes:
    committee = meeting.committee
    chair = PEOPLE[committee.chair]
    secretary = PEOPLE[committee.secretary]
    assert meeting.cancelled_at is not None
    follow = (
        f"Ärendena på föredragningslistan bereds i stället direkt av "
        f"{next_meeting.committee.name.lower()} {swedish_long_date(next_meeting.day)}."
        if next_meeting
        else "Ärendena tas upp vid ett senare sammanträde."
    )
    body = (
        "<h1>Inställt sammanträde</h1>"
        f"<p class='lead'>{esc(committee.name)}s sammanträde {esc(swedish_long_date(meeting.day))} "
        "är inställt.</p>"
        + paragraphs(
            [
                "Sammanträdet ställs in eftersom flera ärenden behöver kompletteras och det "
                "återstående underlaget är begränsat.",
                follow,
                "Ersättning för förlorad arbetsinkomst betalas inte ut för det inställda "
                "sammanträdet.",
            ]
        )
        + signature_table([(chair.name, "Ordförande"), (secretary.name, "Sekreterare")])
    )
    letterhead = Letterhead(committee.name, "Meddelande", "Inställt sammanträde")
    info = PdfInfo(
        title=f"Inställt sammanträde {committee.name} {iso(meeting.day)}",
        author=secretary.name,
        subject="Meddelande om inställt sammanträde",
        created=meeting.cancelled_at,
    )
    return html_pdf(body, letterhead=letterhead, info=info)


def supplement_pdf(meeting: MeetingModel, late_items: Sequence[ItemModel]) -> bytes:
    """Tilläggslista: the extra ärenden announced after the kallelse."""
    committee = meeting.committee
    secretary = PEOPLE[committee.secretary]
    rows = [
        (item.number, item.title, item.paper.reference if item.paper else "") for item in late_items
    ]
    body = (
        "<h1>Tilläggslista – extra ärende</h1>"
        f"<p class='lead'>Till {esc(committee.name.lower())}s sammanträde "
        f"{esc(swedish_long_date(meeting.day))} anmäls följande extra ärende.</p>"
        + table(("Nr", "Ärende", "Dnr"), rows, numeric_from=99, widths=(7, 71, 22))
        + paragraphs(
            [
                "Ärendet är brådskande och kunde inte beredas före utskicket av kallelsen. "
                "Nämnden beslutar vid sammanträdets början om ärendet ska behandlas.",
                "Handlingarna finns i Mötespärm under ärendet.",
            ]
        )
        + signature_table([(secretary.name, "Sekreterare")])
    )
    letterhead = Letterhead(committee.name, "Tilläggslista", f"Tilläggslista {iso(meeting.day)}")
    info = PdfInfo(
        title=f"Tilläggslista {committee.name} {iso(meeting.day)}",
        author=secretary.name,
        subject="Extra ärende",
        created=max(item.created for item in late_items),
    )
    return html_pdf(body, letterhead=letterhead, info=info)
