"""Deterministic content of a fictional Swedish municipality, *Exempelstads kommun*.

Committees (nämnder) with members and substitutes, and for each meeting its
kallelse, agenda items, the cases (ärenden) on them with their documents, and a
protocol once the meeting is over. Everything comes from one seeded random
generator, so a seed always gives the same dataset.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final, Protocol

from tests.oparl_server.model import STOCKHOLM, Embed, ListLink, Record, Ref, kind_of_key

SYSTEM_KEY: Final = ""
FIRST_MEETING: Final = datetime(2024, 1, 15, 9, 0, tzinfo=STOCKHOLM)
MEETING_SPACING: Final = timedelta(days=2)
UPCOMING: Final = timedelta(days=3)  # how far the last meeting lies ahead of "now"
TERM_START: Final = date(2022, 10, 15)
TERM_END: Final = date(2026, 10, 14)
BODY_LIST_NAMES: Final = (
    "organization",
    "person",
    "meeting",
    "paper",
    "membership",
    "agendaItem",
    "consultation",
    "file",
    "legislativeTermList",
    "locationList",
)

# (name, short name, classification)
COMMITTEES: Final = (
    ("Kommunfullmäktige", "KF", "Fullmäktige"),
    ("Kommunstyrelsen", "KS", "Styrelse"),
    ("Barn- och utbildningsnämnden", "BUN", "Nämnd"),
    ("Socialnämnden", "SN", "Nämnd"),
    ("Bygg- och miljönämnden", "BMN", "Nämnd"),
    ("Kultur- och fritidsnämnden", "KFN", "Nämnd"),
)
GIVEN_NAMES: Final = (
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Anders", "Åsa", "Per",
    "Sofia", "Mikael", "Lena", "Björn", "Ingrid", "Jörgen", "Elin", "Mats", "Linnéa", "Ömer",
)  # fmt: skip
FAMILY_NAMES: Final = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Lindqvist", "Bergström", "Öberg", "Åkesson",
    "Hägglund", "Mäkinen", "Yilmaz", "Lindgren",
)  # fmt: skip
TOPICS: Final = (
    "Detaljplan för Norra hamnen",
    "Budget och verksamhetsplan",
    "Ny förskola i Östra Ängby",
    "Taxa för bygglov",
    "Skolskjuts för gymnasieelever",
    "Renovering av simhallen",
    "Motion om gång- och cykelväg längs Åvägen",
    "Medborgarförslag om hundrastgård",
    "Uppföljning av internkontroll",
    "Ekonomisk månadsrapport",
    "Riktlinjer för försörjningsstöd",
    "Remiss: regional trafikförsörjningsplan",
    "Delegationsbeslut att anmäla",
    "Ändring av föreskrifter om avfall",
    "Kulturpris och stipendier",
)
PAPER_TYPES: Final = ("Tjänsteskrivelse", "Motion", "Medborgarförslag", "Remiss", "Skrivelse")
MEETING_AUX_NAMES: Final = ("Närvarolista", "Presentation", "Delegationslista", "Information")
LOCATIONS: Final = (
    ("Stadshuset, sammanträdesrummet Ekan", "Storgatan 1", "Ekan"),
    ("Kulturhuset, sal B", "Torggatan 12", "Sal B"),
)
SECRECY: Final = "Sekretess enligt OSL 26 kap. 1 §"
_ASCII: Final = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")


class RecordSink(Protocol):
    """Where the builder puts what it makes (the dataset)."""

    def reserve(self, kind: str) -> str: ...

    def add_record(self, record: Record) -> None: ...

    def get(self, key: str) -> Record: ...


@dataclass(frozen=True)
class FilePlan:
    """How a meeting's files are spread over its documents."""

    invitation: bool
    protocol: bool
    main_files: int
    paper_aux: list[int]
    meeting_aux: int


def plan_files(total: int, papers: int, with_protocol: bool) -> FilePlan:
    invitation = total >= 1
    protocol = with_protocol and total >= 2
    left = total - int(invitation) - int(protocol)
    main_files = min(left, papers)
    paper_aux = [0] * papers
    meeting_aux = 0
    for index in range(left - main_files):
        if index % 4 == 3 or not papers:
            meeting_aux += 1
        else:
            paper_aux[index % papers] += 1
    return FilePlan(invitation, protocol, main_files, paper_aux, meeting_aux)


@dataclass(frozen=True)
class Timeline:
    """When a generated dataset's meetings take place, and what "now" is then."""

    first_meeting: datetime
    now: datetime

    @classmethod
    def fixed(cls, meetings: int) -> Timeline:
        """Meetings from 15 January 2024 on; now is a few days before the last one."""
        last = cls(FIRST_MEETING, FIRST_MEETING).meeting_start(max(meetings - 1, 0))
        return cls(FIRST_MEETING, last - UPCOMING)

    @classmethod
    def anchored(cls, meetings: int, now: datetime) -> Timeline:
        """The same course of meetings, laid out so that ``now`` is a few days before
        the last one (for code that compares with the real time)."""
        last_day = (now.astimezone(STOCKHOLM) + UPCOMING).date()
        first_day = last_day - MEETING_SPACING * max(meetings - 1, 0)
        first = datetime.combine(first_day, FIRST_MEETING.timetz())
        return cls(first, now)

    @property
    def founded(self) -> datetime:
        """When the municipality's committees and people were entered."""
        return self.first_meeting - timedelta(days=90)

    def meeting_start(self, index: int) -> datetime:
        """Meetings every other day, moved off weekends, at 9, 13 or 18 o'clock."""
        start = self.first_meeting + MEETING_SPACING * index
        if start.weekday() >= 5:
            start += timedelta(days=7 - start.weekday())
        return start.replace(hour=(9, 13, 18)[index % 3])


def _file_name(text: str) -> str:
    return text.replace("/", "-").replace(":", "") + ".pdf"


class Builder:
    """Makes the records of one dataset; all randomness comes from ``rng``."""

    def __init__(self, sink: RecordSink, rng: random.Random) -> None:
        self.sink = sink
        self.rng = rng
        self.body_key = ""
        self.location_keys: list[str] = []
        self.organization_keys: list[str] = []
        self.members: dict[str, list[str]] = {}

    def _add(self, key: str, created: datetime, fields: dict[str, Any]) -> Record:
        record = Record(kind_of_key(key), int(key.split("/")[1]), created, created, fields)
        self.sink.add_record(record)
        return record

    # The municipality: body, term, places, committees, people.

    def foundation(self, created: datetime) -> None:
        self.body_key = self.sink.reserve("Body")
        term = self._legislative_term(created)
        self.location_keys = [self._location(created, *place) for place in LOCATIONS]
        people = [self._person(created, index) for index in range(30)]
        for name, short_name, classification in COMMITTEES:
            self._organization(created, name, short_name, classification, people)
        self._body(created, term)

    def _body(self, created: datetime, term: str) -> None:
        fields: dict[str, Any] = {
            "system": Ref(SYSTEM_KEY),
            "name": "Exempelstads kommun",
            "shortName": "Exempelstad",
            "website": "https://www.exempelstad.se/",
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "classification": "Kommun",
            "contactEmail": "kommunen@exempelstad.se",
            "legislativeTerm": [Embed(term)],
            "location": Embed(self.location_keys[0]),
        }
        fields.update({name: ListLink(self.body_key, name) for name in BODY_LIST_NAMES})
        self._add(self.body_key, created, fields)

    def _legislative_term(self, created: datetime) -> str:
        key = self.sink.reserve("LegislativeTerm")
        fields = {
            "body": Ref(self.body_key),
            "name": "Mandatperioden 2022–2026",
            "startDate": TERM_START,
            "endDate": TERM_END,
        }
        self._add(key, created, fields)
        return key

    def _location(self, created: datetime, description: str, street: str, room: str) -> str:
        key = self.sink.reserve("Location")
        fields = {
            "description": description,
            "streetAddress": street,
            "room": room,
            "postalCode": "123 45",
            "locality": "Exempelstad",
        }
        self._add(key, created, fields)
        return key

    def _person(self, created: datetime, index: int) -> str:
        key = self.sink.reserve("Person")
        given = GIVEN_NAMES[index % len(GIVEN_NAMES)]
        family = self.rng.choice(FAMILY_NAMES)
        address = f"{given}.{family}@exempelstad.se".lower().translate(_ASCII)
        fields = {
            "body": Ref(self.body_key),
            "name": f"{given} {family}",
            "givenName": given,
            "familyName": family,
            "email": [address],
            "membership": [],
        }
        self._add(key, created, fields)
        return key

    def _organization(
        self, created: datetime, name: str, short: str, classification: str, people: list[str]
    ) -> None:
        key = self.sink.reserve("Organization")
        self.organization_keys.append(key)
        offset = 5 * len(self.organization_keys)  # overlapping windows: everyone sits somewhere
        chosen = [people[(offset + index) % len(people)] for index in range(11)]
        self.rng.shuffle(chosen)
        memberships = [
            self._membership(created, person, key, position)
            for position, person in enumerate(chosen)
        ]
        self.members[key] = chosen
        fields = {
            "body": Ref(self.body_key),
            "name": name,
            "shortName": short,
            "organizationType": "Gremium",
            "classification": classification,
            "startDate": TERM_START,
            "membership": [Ref(membership) for membership in memberships],
            "meeting": ListLink(key, "meeting"),
        }
        self._add(key, created, fields)

    def _membership(self, created: datetime, person: str, organization: str, position: int) -> str:
        key = self.sink.reserve("Membership")
        role = {0: "Ordförande", 1: "Vice ordförande"}.get(position, "Ledamot")
        substitute = position >= 8
        fields: dict[str, Any] = {
            "person": Ref(person),
            "organization": Ref(organization),
            "role": "Ersättare" if substitute else role,
            "votingRight": not substitute,
            "startDate": TERM_START,
        }
        self._add(key, created, fields)
        self.sink.get(person).fields["membership"].append(Embed(key))
        return key

    # Meetings with their agenda, cases and documents.

    def meeting(self, organization: str, start: datetime, files: int, schedule: Schedule) -> str:
        """A meeting of ``organization`` with its agenda, cases and ``files`` PDFs."""
        key = self.sink.reserve("Meeting")
        committee = self.sink.get(organization).fields
        label = f"{committee['name']} {start.date().isoformat()}"
        papers = self.rng.randint(2, 5)
        plan = plan_files(files, papers, schedule.finished is not None)
        fields: dict[str, Any] = {
            "name": f"Sammanträde, {label}",
            "meetingState": "genomfört" if schedule.finished else "kallat",
            "cancelled": False,
            "start": start,
            "end": start + timedelta(hours=3),
            "location": Embed(self.rng.choice(self.location_keys)),
            "organization": [Ref(organization)],
            "participant": [Ref(person) for person in self.members[organization][:8]],
        }
        meeting = self._add(key, schedule.created, fields)
        case = _Case(key, organization, str(committee["shortName"]), start, schedule)
        if plan.invitation:
            invitation = self._file(key, "meeting", f"Kallelse {label}", schedule.invited)
            fields["invitation"] = Embed(invitation)
        items = [self._agenda_entry(case, order, plan) for order in range(1, papers + 1)]
        fields["agendaItem"] = [Embed(item) for item in items]
        fields["auxiliaryFile"] = [
            Embed(self._file(key, "meeting", f"{name} {label}", schedule.supplemented))
            for name in _meeting_aux_names(plan.meeting_aux)
        ]
        if plan.protocol and schedule.finished is not None:
            protocol = self._file(key, "meeting", f"Protokoll {label}", schedule.finished)
            fields["resultsProtocol"] = Embed(protocol)
        meeting.modified = self._latest_change(meeting)
        return key

    def _latest_change(self, record: Record) -> datetime:
        embedded = (self.sink.get(key).modified for key in record.embedded_keys())
        return max(record.modified, *embedded)

    def _agenda_entry(self, case: _Case, order: int, plan: FilePlan) -> str:
        item_key = self.sink.reserve("AgendaItem")
        consultation_key = self.sink.reserve("Consultation")
        paper_key = self._paper(case, order, plan, consultation_key)
        public = self.rng.random() > 0.1
        fields: dict[str, Any] = {
            "meeting": Ref(case.meeting),
            "number": str(order),
            "order": order,
            "name": self.sink.get(paper_key).fields["name"],
            "public": public,
            "consultation": Ref(consultation_key),
        }
        if not public:
            fields["MOTESPARM:confidential"] = SECRECY
        if case.schedule.finished:
            fields["result"] = "Bifall"
            fields["resolutionText"] = "Nämnden beslutar att bifalla förslaget."
        self._add(item_key, case.schedule.created, fields)
        consultation = {
            "paper": Ref(paper_key),
            "agendaItem": Ref(item_key),
            "meeting": Ref(case.meeting),
            "organization": [Ref(case.organization)],
            "authoritative": True,
            "role": "Beslut",
        }
        self._add(consultation_key, case.schedule.created, consultation)
        paper = self.sink.get(paper_key)
        paper.modified = self._latest_change(paper)
        return item_key

    def _paper(self, case: _Case, order: int, plan: FilePlan, consultation: str) -> str:
        key = self.sink.reserve("Paper")
        topic = self.rng.choice(TOPICS)
        reference = f"{case.short_name} {case.start.year}/{key.split('/')[1].zfill(4)}"
        created = case.schedule.cases_created - timedelta(
            minutes=self.rng.randint(0, case.schedule.jitter)
        )
        fields: dict[str, Any] = {
            "body": Ref(self.body_key),
            "name": topic,
            "reference": reference,
            "date": created.date(),
            "paperType": self.rng.choice(PAPER_TYPES),
            "underDirectionOf": [Ref(case.organization)],
            "consultation": [Embed(consultation)],
        }
        self._add(key, created, fields)
        if order <= plan.main_files:
            fields["mainFile"] = Embed(self._file(key, "paper", f"{reference} {topic}", created))
        fields["auxiliaryFile"] = [
            Embed(self._file(key, "paper", f"Bilaga {index} – {topic}", created))
            for index in range(1, plan.paper_aux[order - 1] + 1)
        ]
        return key

    def _file(self, owner: str, owner_attribute: str, name: str, created: datetime) -> str:
        """A PDF belonging to ``owner`` (a meeting or a paper)."""
        key = self.sink.reserve("File")
        fields = {
            "name": name,
            "fileName": _file_name(name),
            "mimeType": "application/pdf",
            "date": created.date(),
            owner_attribute: [Ref(owner)],
        }
        self._add(key, created, fields)
        return key


def _meeting_aux_names(count: int) -> list[str]:
    return [MEETING_AUX_NAMES[index % len(MEETING_AUX_NAMES)] for index in range(count)]


@dataclass(frozen=True)
class _Case:
    """What the documents of one meeting's agenda share."""

    meeting: str
    organization: str
    short_name: str
    start: datetime
    schedule: Schedule


@dataclass(frozen=True)
class Schedule:
    """When a meeting's parts came into being."""

    created: datetime  # the meeting, its agenda items and consultations
    cases_created: datetime  # the papers and their files (minus up to ``jitter`` minutes)
    invited: datetime  # the kallelse
    supplemented: datetime  # the meeting's own attachments
    finished: datetime | None  # the protocol, once the meeting is over
    jitter: int = 0

    @classmethod
    def history(cls, start: datetime, now: datetime) -> Schedule:
        """The usual course: cases prepared, kallelse out ten days ahead, protocol after."""
        created = start - timedelta(days=14)
        finished = start + timedelta(days=5)
        return cls(
            created=created,
            cases_created=created - timedelta(days=6),
            invited=created + timedelta(days=4),
            supplemented=created + timedelta(days=5),
            finished=finished if finished <= now else None,
            jitter=600,
        )

    @classmethod
    def at_once(cls, moment: datetime) -> Schedule:
        """Everything published at one moment (a meeting added during a test)."""
        return cls(moment, moment, moment, moment, None)
