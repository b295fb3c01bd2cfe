"""The demo model as OParl 1.1 objects (plain dicts with absolute ids)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from meetingapp.core.publishing import CONFIDENTIAL, LATE_ITEM, PublicationUrls, oparl_type
from meetingapp.demo import agenda
from meetingapp.demo.model import DemoModel, FileModel, ItemModel, MeetingModel, PaperModel
from meetingapp.demo.people import (
    COMMITTEES,
    OFFICIALS,
    PLACE_BY_KEY,
    POLITICIANS,
    Committee,
    Person,
    Place,
)
from meetingapp.demo.timeline import Timeline, oparl_date_time

JsonObject = dict[str, Any]

MEETING_STATES = {
    agenda.PAST: "genomfört",
    agenda.UPCOMING: "kallad",
    agenda.CANCELLED: "inställt",
}
WEBSITE = "https://www.exempelkommun.example/"
LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
CONTACT = "kommunen@exempelkommun.example"

# Where the planned area of a detaljplan lies (longitude, latitude), for Paper.location.
PLAN_AREAS: dict[str, list[tuple[float, float]]] = {
    "detaljplan-bjorkhagen": [
        (16.0921, 58.9302),
        (16.0987, 58.9305),
        (16.0992, 58.9268),
        (16.0925, 58.9263),
    ],
    "detaljplan-verkstaden": [
        (16.1041, 58.9172),
        (16.1066, 58.9173),
        (16.1067, 58.9160),
        (16.1042, 58.9159),
    ],
}


def stamps(created: dt.datetime, modified: dt.datetime | None = None) -> JsonObject:
    return {
        "created": oparl_date_time(created),
        "modified": oparl_date_time(modified or created),
    }


class ObjectBuilder:
    """Creates the OParl objects of the demo, all ids built by :class:`PublicationUrls`."""

    def __init__(self, model: DemoModel, urls: PublicationUrls) -> None:
        self.model = model
        self.urls = urls
        self.timeline: Timeline = model.timeline
        election = self.timeline.election_year()
        self.founded = self.timeline.stamp(dt.date(election - 4, 1, 10), 9, 0)
        self.body_id = urls.object("Body", 1)

    def obj(self, kind: str, key: str | int, **attributes: Any) -> JsonObject:
        return {"id": self.urls.object(kind, key), "type": oparl_type(kind), **attributes}

    # --- system, body, organizations, people

    def system(self) -> JsonObject:
        return {
            "id": self.urls.system(),
            "type": oparl_type("System"),
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "name": "Exempelkommuns sammanträdeshandlingar",
            "contactEmail": CONTACT,
            "contactName": "Kommunkansliet",
            "website": WEBSITE,
            "license": LICENSE,
            **stamps(self.founded),
        }

    def body(self) -> JsonObject:
        return self.obj(
            "Body",
            1,
            name="Exempelkommun",
            shortName="Exempelkommun",
            classification="Kommun",
            website=WEBSITE,
            license=LICENSE,
            licenseValidSince=oparl_date_time(self.founded),
            oparlSince=oparl_date_time(self.founded),
            contactEmail=CONTACT,
            contactName="Kommunkansliet",
            location=self.location(PLACE_BY_KEY["fullmaktigesalen"]),
            **stamps(self.founded),
        )

    def legislative_terms(self) -> list[JsonObject]:
        start, end = self.timeline.council_term()
        terms = []
        for key, (first, last) in enumerate(
            ((start.replace(year=start.year - 4), start - dt.timedelta(days=1)), (start, end)),
            start=1,
        ):
            terms.append(
                self.obj(
                    "LegislativeTerm",
                    key,
                    body=self.body_id,
                    name=f"Mandatperiod {first.year}–{last.year}",
                    startDate=first.isoformat(),
                    endDate=last.isoformat(),
                    **stamps(self.timeline.stamp(first - dt.timedelta(days=20), 9, 0)),
                )
            )
        return terms

    def location(self, place: Place) -> JsonObject:
        key = [p.key for p in PLACE_BY_KEY.values()].index(place.key) + 1
        lon, lat = place.point
        return self.obj(
            "Location",
            key,
            description=place.description,
            streetAddress=place.street,
            room=place.room,
            postalCode=place.postal_code,
            locality=place.locality,
            geojson={
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"name": place.description},
            },
            **stamps(self.founded),
        )

    def organizations(self) -> list[JsonObject]:
        return [self.organization(committee) for committee in COMMITTEES]

    def organization_id(self, committee: Committee) -> str:
        return self.urls.object("Organization", committee.key)

    def organization(self, committee: Committee) -> JsonObject:
        start, _end = self._term(committee)
        organization = self.obj(
            "Organization",
            committee.key,
            body=self.body_id,
            name=committee.name,
            shortName=committee.short,
            classification=committee.classification,
            organizationType="Politiskt organ",
            post=sorted({seat.role for seat in committee.seats}),
            startDate=start.isoformat(),
            location=self.location(PLACE_BY_KEY[committee.location]),
            website=f"{WEBSITE}politik/{committee.key}",
            **stamps(self.founded),
        )
        if committee.parent:
            organization["subOrganizationOf"] = self.urls.object("Organization", committee.parent)
        return organization

    def _term(self, committee: Committee) -> tuple[dt.date, dt.date]:
        if committee.term == "council":
            return self.timeline.council_term()
        return self.timeline.committee_term()

    def person_id(self, key: str) -> str:
        return self.urls.object("Person", key)

    def persons(self) -> list[JsonObject]:
        memberships = self._memberships_by_person()
        people = []
        for person in POLITICIANS + OFFICIALS:
            people.append(self.person(person, memberships.get(person.key, [])))
        return people

    def person(self, person: Person, memberships: list[JsonObject]) -> JsonObject:
        created = self.founded
        modified = max([created, *(self._parse(m["modified"]) for m in memberships)])
        result = self.obj(
            "Person",
            person.key,
            body=self.body_id,
            name=person.name,
            familyName=person.family_name,
            givenName=person.given_name,
            gender=person.gender,
            email=[person.email],
            status=[person.title] if person.official else ["Förtroendevald"],
            **stamps(created, modified),
        )
        if memberships:
            result["membership"] = memberships
        return result

    @staticmethod
    def _parse(value: str) -> dt.datetime:
        return dt.datetime.fromisoformat(value)

    def _memberships_by_person(self) -> dict[str, list[JsonObject]]:
        by_person: dict[str, list[JsonObject]] = {}
        key = 0
        for committee in COMMITTEES:
            start, end = self._term(committee)
            for seat in committee.seats:
                key += 1
                membership = self.obj(
                    "Membership",
                    key,
                    person=self.person_id(seat.person),
                    organization=self.organization_id(committee),
                    role=seat.role,
                    votingRight=seat.voting,
                    startDate=start.isoformat(),
                    endDate=end.isoformat(),
                    **stamps(self.timeline.stamp(start - dt.timedelta(days=30), 19, 0)),
                )
                by_person.setdefault(seat.person, []).append(membership)
        return by_person

    # --- files, meetings, papers

    def file_id(self, file: FileModel) -> str:
        return self.urls.object("File", file.key)

    def file(self, file: FileModel) -> JsonObject:
        result = self.obj(
            "File",
            file.key,
            name=file.name,
            fileName=f"{file.name}.pdf",
            date=file.created.date().isoformat(),
            **stamps(file.created),
        )
        if file.confidential:
            result[CONFIDENTIAL] = file.confidential
        return result

    def meeting(self, meeting: MeetingModel) -> JsonObject:
        result = self.obj(
            "Meeting",
            meeting.key,
            name=meeting.name,
            meetingState=MEETING_STATES[meeting.state],
            cancelled=meeting.state == agenda.CANCELLED,
            start=oparl_date_time(meeting.start),
            end=oparl_date_time(meeting.end),
            location=self.location(meeting.place),
            organization=[self.organization_id(meeting.committee)],
            agendaItem=[self.agenda_item(item) for item in meeting.items],
            **stamps(meeting.planned_at, meeting.modified),
        )
        if meeting.invitation:
            result["invitation"] = self.file(meeting.invitation)
        if meeting.protocol:
            result["resultsProtocol"] = self.file(meeting.protocol)
            result["participant"] = self._participants(meeting)
        if meeting.extra_files:
            result["auxiliaryFile"] = [self.file(file) for file in meeting.extra_files]
        return result

    def _participants(self, meeting: MeetingModel) -> list[str]:
        present = [p for p in meeting.committee.members if p not in meeting.absent]
        return [self.person_id(p) for p in present + list(meeting.serving)]

    def agenda_item(self, item: ItemModel) -> JsonObject:
        result = self.obj(
            "AgendaItem",
            item.key,
            meeting=self.urls.object("Meeting", item.meeting.key),
            number=item.number,
            order=item.order,
            name=item.title,
            public=item.public,
            **stamps(item.created, item.modified),
        )
        if item.paper is not None:
            result["consultation"] = self.urls.object("Consultation", item.consultation_key)
        if item.result:
            result["result"] = item.result
        if item.resolution:
            result["resolutionText"] = item.resolution
        if item.files:
            result["auxiliaryFile"] = [self.file(file) for file in item.files]
        if item.confidential:
            result[CONFIDENTIAL] = item.confidential
        if item.late:
            result[LATE_ITEM] = True
        return result

    def paper(self, paper: PaperModel) -> JsonObject:
        case = paper.case
        result = self.obj(
            "Paper",
            paper.key,
            body=self.body_id,
            name=case.title,
            reference=paper.reference,
            date=paper.registered.date().isoformat(),
            paperType=case.paper_type,
            originatorPerson=[self.person_id(case.officer)],
            underDirectionOf=[self.organization_id(paper.committee)],
            consultation=[self.consultation(paper, item) for item in paper.items],
            **stamps(paper.registered, paper.modified),
        )
        if paper.main_file is not None:
            result["mainFile"] = self.file(paper.main_file)
        if paper.attachments:
            result["auxiliaryFile"] = [self.file(file) for _a, file in paper.attachments]
        if case.key in PLAN_AREAS:
            result["location"] = [self._plan_area(paper)]
        return result

    def consultation(self, paper: PaperModel, item: ItemModel) -> JsonObject:
        committee = item.meeting.committee
        deciding = self._deciding_committee(paper)
        role = "Beslut" if committee.key == deciding else "Beredning"
        if paper.case.paper_type == "Informationsärende":
            role = "Information"
        return self.obj(
            "Consultation",
            item.consultation_key,
            paper=self.urls.object("Paper", paper.key),
            agendaItem=self.urls.object("AgendaItem", item.key),
            meeting=self.urls.object("Meeting", item.meeting.key),
            organization=[self.organization_id(committee)],
            authoritative=committee.key == deciding,
            role=role,
            **stamps(item.created),
        )

    @staticmethod
    def _deciding_committee(paper: PaperModel) -> str:
        if paper.case.to_council:
            return "kf"
        return paper.items[-1].meeting.committee.key

    def _plan_area(self, paper: PaperModel) -> JsonObject:
        ring = [[lon, lat] for lon, lat in PLAN_AREAS[paper.case.key]]
        return self.obj(
            "Location",
            f"plan-{paper.case.number}",
            description=f"Planområde: {paper.case.title.split(' – ')[0]}",
            locality="Exempelstad",
            geojson={
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
                "properties": {"name": paper.case.title.split(" – ")[0]},
            },
            **stamps(paper.registered),
        )
