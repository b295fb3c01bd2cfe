"""The demo as a plain model: meetings on dates, items, papers and files.

Everything here is derived from the anchor date; nothing is rendered yet.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from meetingapp.core.swedish import swedish_date
from meetingapp.demo import agenda, followup
from meetingapp.demo.agenda import FORMAL_TITLES, ItemPlan, MeetingPlan
from meetingapp.demo.case import Attachment, Case
from meetingapp.demo.case_register import CASE_BY_KEY
from meetingapp.demo.people import COMMITTEE_BY_KEY, PEOPLE, PLACE_BY_KEY, Committee, Place
from meetingapp.demo.timeline import Timeline, local_time

RESULTS: dict[str, str] = {
    agenda.APPROVED: "Beslut enligt förslag",
    agenda.REFERRED_BACK: "Återremitterat",
    agenda.TABLED: "Bordlagt",
    agenda.NOTED: "Informationen noterad",
    agenda.VOTED: "Beslut efter omröstning",
}


@dataclass
class FileModel:
    """A file to publish; ``content`` is filled in when documents are rendered."""

    key: int
    name: str
    created: dt.datetime
    confidential: str | None = None
    content: bytes = b""
    pages: int = 0


@dataclass
class PaperModel:
    key: int
    case: Case
    reference: str
    registered: dt.datetime
    report_day: dt.date
    committee: Committee
    main_file: FileModel | None = None
    attachments: list[tuple[Attachment, FileModel]] = field(default_factory=list)
    items: list[ItemModel] = field(default_factory=list)

    @property
    def modified(self) -> dt.datetime:
        return max([self.registered, *(item.created for item in self.items)])


@dataclass
class ItemModel:
    key: int
    meeting: MeetingModel
    order: int
    plan: ItemPlan
    title: str
    created: dt.datetime
    paper: PaperModel | None = None
    consultation_key: int = 0
    result: str | None = None
    resolution: str | None = None
    paragraph: int | None = None
    files: list[FileModel] = field(default_factory=list)

    @property
    def number(self) -> str:
        return str(self.order + 1)

    @property
    def confidential(self) -> str | None:
        return self.paper.case.confidential if self.paper else None

    @property
    def public(self) -> bool:
        return self.confidential is None

    @property
    def late(self) -> bool:
        return self.plan.late

    @property
    def modified(self) -> dt.datetime:
        decided = self.meeting.protocol_at if self.result else None
        return max(moment for moment in (self.created, decided) if moment is not None)


@dataclass
class MeetingModel:
    key: int
    plan: MeetingPlan
    committee: Committee
    start: dt.datetime
    end: dt.datetime
    place: Place
    planned_at: dt.datetime
    invitation_at: dt.datetime
    protocol_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    items: list[ItemModel] = field(default_factory=list)
    invitation: FileModel | None = None
    protocol: FileModel | None = None
    extra_files: list[FileModel] = field(default_factory=list)
    checker: str = ""
    absent: tuple[str, ...] = ()
    serving: tuple[str, ...] = ()

    @property
    def state(self) -> str:
        return self.plan.state

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def name(self) -> str:
        return f"{self.committee.name} {self.day.isoformat()}"

    @property
    def modified(self) -> dt.datetime:
        moments = [self.invitation_at, self.protocol_at, self.cancelled_at]
        moments += [item.created for item in self.items]
        return max(moment for moment in moments if moment is not None)


@dataclass
class Counters:
    """Sequential object keys, so the same anchor always gives the same ids."""

    values: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        self.values[kind] = self.values.get(kind, 0) + 1
        return self.values[kind]


@dataclass
class DemoModel:
    timeline: Timeline
    meetings: list[MeetingModel]
    papers: dict[str, PaperModel]
    counters: Counters
    values: dict[str, str]
    """Placeholders of the case texts: years and named dates."""


def text_values(timeline: Timeline) -> dict[str, str]:
    year = timeline.year
    values = {"y": str(year), "yp": str(year - 1)}
    values.update({f"y{n}": str(year + n) for n in range(1, 5)})
    values["damage_date"] = swedish_date(timeline.day(-6))
    values["inspection_deadline"] = swedish_date(timeline.day(40))
    return values


def fill(text: str, values: dict[str, str]) -> str:
    return text.format(**values)


def filled_case(case: Case, values: dict[str, str]) -> Case:
    """The case with every placeholder in its texts replaced."""
    return replace(
        case,
        title=fill(case.title, values),
        summary=fill(case.summary, values),
        proposals=tuple(fill(text, values) for text in case.proposals),
        background=tuple(fill(text, values) for text in case.background),
        economy=fill(case.economy, values),
        children=fill(case.children, values),
        environment=fill(case.environment, values),
        attachments=tuple(replace(a, title=fill(a.title, values)) for a in case.attachments),
    )


def build_model(timeline: Timeline) -> DemoModel:
    counters = Counters()
    values = text_values(timeline)
    meetings = [_schedule(plan, timeline, counters) for plan in agenda.MEETINGS]
    meetings.sort(key=lambda meeting: meeting.start)
    model = DemoModel(timeline, meetings, {}, counters, values)
    for meeting in meetings:
        _add_items(model, meeting)
    _number_paragraphs(model)
    return model


def _schedule(plan: MeetingPlan, timeline: Timeline, counters: Counters) -> MeetingModel:
    committee = COMMITTEE_BY_KEY[plan.committee]
    day = timeline.day(plan.offset, committee.weekday)
    start = local_time(day, *committee.start)
    end = local_time(day, *committee.end)
    invitation_day = min(timeline.business_day_before(day, 8), timeline.day(-3))
    if plan.state == agenda.CANCELLED:
        invitation_day = min(invitation_day, timeline.day(-7))
    protocol_at = None
    if plan.state == agenda.PAST:
        protocol_at = timeline.stamp(timeline.business_day_before(day, -4), 15, 30)
    cancelled_at = None
    if plan.state == agenda.CANCELLED:
        cancelled_at = timeline.stamp(timeline.day(-4), 11, 15)
    return MeetingModel(
        key=counters.next("Meeting"),
        plan=plan,
        committee=committee,
        start=start,
        end=end,
        place=PLACE_BY_KEY[committee.location],
        planned_at=timeline.stamp(day - dt.timedelta(days=120), 10, 0),
        invitation_at=timeline.stamp(invitation_day, 9, 0),
        protocol_at=protocol_at,
        cancelled_at=cancelled_at,
    )


def _add_items(model: DemoModel, meeting: MeetingModel) -> None:
    rng = random.Random(f"attendance-{meeting.plan.key}")
    _choose_attendance(meeting, rng)
    for order, plan in enumerate(meeting.plan.items):
        created = meeting.invitation_at - dt.timedelta(hours=1)
        item = ItemModel(
            key=model.counters.next("AgendaItem"),
            meeting=meeting,
            order=order,
            plan=plan,
            title="",
            created=created,
        )
        item.paper = _paper_for(model, meeting, plan)
        if item.paper is not None:
            item.paper.items.append(item)
            item.consultation_key = model.counters.next("Consultation")
            if plan.late:
                item.created = model.timeline.stamp(model.timeline.day(-3), 16, 0)
        item.title = _item_title(item)
        if meeting.state == agenda.PAST:
            item.result = _result(item)
            item.resolution = _resolution(item)
        meeting.items.append(item)


def _choose_attendance(meeting: MeetingModel, rng: random.Random) -> None:
    committee = meeting.committee
    members = [p for p in committee.members if p != committee.chair]
    absent_count = min(len(committee.substitutes), 1 + len(members) // 8)
    meeting.absent = tuple(sorted(rng.sample(members, absent_count)))
    meeting.serving = tuple(committee.substitutes[:absent_count])
    present = [p for p in members if p not in meeting.absent]
    meeting.checker = rng.choice(present)


def _item_title(item: ItemModel) -> str:
    plan = item.plan
    if item.paper is not None:
        title = item.paper.case.title
        if item.paper.case.confidential:
            title = item.paper.case.title.split(" – ")[0] + " (sekretess)"
        return f"Extra ärende: {title}" if plan.late else title
    if plan.kind == "briefing" and item.meeting.committee.key in ("ks", "ksau"):
        return "Information från kommundirektören"
    if plan.kind == "agenda" and item.meeting.committee.key == "kf":
        return "Godkännande av föredragningslista"
    return FORMAL_TITLES[plan.kind]


def _paper_for(model: DemoModel, meeting: MeetingModel, plan: ItemPlan) -> PaperModel | None:
    if plan.kind == "followup":
        case = followup.follow_up_case(meeting.committee, meeting.day)
    elif plan.kind == "case":
        case = filled_case(CASE_BY_KEY[plan.case], model.values)
    else:
        return None
    existing = model.papers.get(case.key)
    if existing is not None:
        return existing
    paper = _new_paper(model, case, meeting, late=plan.late)
    model.papers[case.key] = paper
    return paper


def _new_paper(
    model: DemoModel, case: Case, first_meeting: MeetingModel, *, late: bool
) -> PaperModel:
    """A paper registered some weeks before its first meeting; a late one days before."""
    timeline = model.timeline
    owner = COMMITTEE_BY_KEY[case.committee]
    first_day = first_meeting.day
    registered_day = first_day - dt.timedelta(days=case.registered_days_before)
    report_day = timeline.business_day_before(first_day, 18)
    if late:
        report_day = timeline.day(-3)
    registered_day = min(registered_day, report_day)
    return PaperModel(
        key=model.counters.next("Paper"),
        case=case,
        reference=f"{owner.dnr_prefix} {registered_day.year}/{case.number}",
        registered=timeline.stamp(registered_day, 10, 20),
        report_day=report_day,
        committee=owner,
    )


def _number_paragraphs(model: DemoModel) -> None:
    """§ numbers run on through the calendar year, per committee."""
    last: dict[tuple[str, int], int] = {}
    for meeting in model.meetings:
        if meeting.state != agenda.PAST:
            continue
        year = meeting.day.year
        share = meeting.day.timetuple().tm_yday / 366
        yearly = {"kf": 110, "ks": 190, "ksau": 140, "bun": 120, "mbn": 160}
        start = max(1 + int(share * yearly[meeting.committee.key]), 1)
        start = max(start, last.get((meeting.committee.key, year), 0) + 1)
        for offset, item in enumerate(meeting.items):
            item.paragraph = start + offset
        last[(meeting.committee.key, year)] = start + len(meeting.items) - 1


FORMAL_RESOLUTIONS: dict[str, str] = {
    "agenda": "Dagordningen godkänns.",
    "briefing": "{subject} noterar informationen.",
    "questions": (
        "Två frågor ställdes, om snöröjningen i Sjövik och om öppettiderna på biblioteket. "
        "Frågorna besvarades av kommunstyrelsens ordförande."
    ),
    "delegation": "{subject} lägger redovisningen av delegationsbeslut till handlingarna.",
    "notices": "{subject} lägger anmälningsärendena till handlingarna.",
    "motions": (
        "Kommunfullmäktige beslutar att remittera de inkomna motionerna och "
        "medborgarförslagen till kommunstyrelsen för beredning."
    ),
    "resignations": (
        "Kommunfullmäktige beviljar Nils Perssons avsägelse från uppdraget som ersättare i "
        "kommunfullmäktige och begär ny sammanräkning hos Länsstyrelsen."
    ),
}

CASE_RESOLUTIONS: dict[str, str] = {
    "lokalforsorjning": (
        "Barn- och utbildningsnämnden beslutar att återremittera ärendet till förvaltningen "
        "för att komplettera barnkonsekvensanalysen med elevernas restider och med ett "
        "alternativ där årskurs 7–9 finns kvar i Sjövik."
    ),
}

INFORMATION_KINDS = ("briefing", "questions", "delegation", "notices")


def _result(item: ItemModel) -> str:
    if item.paper is not None:
        return RESULTS[item.plan.outcome]
    if item.plan.kind in INFORMATION_KINDS:
        return "Lagt till handlingarna"
    return RESULTS[agenda.APPROVED]


def _resolution(item: ItemModel) -> str:
    committee = item.meeting.committee
    if item.plan.kind == "checkers":
        checker = PEOPLE[item.meeting.checker].name
        return f"{committee.name} utser {checker} att jämte ordföranden justera protokollet."
    if item.plan.kind == "agenda" and committee.key == "kf":
        return "Föredragningslistan godkänns."
    if item.paper is None:
        return FORMAL_RESOLUTIONS[item.plan.kind].format(subject=committee.name)
    case = item.paper.case
    outcome = item.plan.outcome
    if case.confidential:
        return (
            f"{committee.name} beslutar i enlighet med förvaltningens förslag. Beslutet "
            "redovisas i en särskild bilaga som omfattas av sekretess."
        )
    if case.key in CASE_RESOLUTIONS:
        return CASE_RESOLUTIONS[case.key]
    if outcome == agenda.TABLED:
        return f"{committee.name} beslutar att bordlägga ärendet till nästa sammanträde."
    if outcome == agenda.NOTED:
        return (
            f"{committee.name} beslutar att notera informationen och lägga den till handlingarna."
        )
    if committee.key == "ksau":
        return "Arbetsutskottet föreslår kommunstyrelsen att besluta enligt förvaltningens förslag."
    return decision_text(decision_lead(committee, case, proposing=False), case.proposals)


def decision_lead(committee: Committee, case: Case, *, proposing: bool) -> str:
    """ "Nämnden föreslås besluta" (a proposal) or "Nämnden beslutar" (a decision)."""
    name = committee.name
    if committee.key in ("ks", "ksau") and case.to_council:
        if proposing:
            return "Kommunstyrelsen föreslås föreslå kommunfullmäktige besluta"
        return "Kommunstyrelsen föreslår kommunfullmäktige besluta"
    return f"{name} föreslås besluta" if proposing else f"{name} beslutar"


def decision_text(lead: str, proposals: tuple[str, ...]) -> str:
    """``lead att …`` for one proposal, one ``att`` paragraph each for several."""
    if len(proposals) == 1:
        return f"{lead} att {proposals[0]}."
    clauses = [f"att {text}," for text in proposals[:-1]] + [f"att {proposals[-1]}."]
    return lead + "\n\n" + "\n\n".join(clauses)
