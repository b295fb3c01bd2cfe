"""Build the demo publication of Exempelkommun: documents, OParl objects, the static tree."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

from meetingapp.core.publishing import PublicationUrls, StaticPublication
from meetingapp.core.publishing.static_oparl import sanitize_file_name
from meetingapp.demo import agenda, attachments, documents, packet
from meetingapp.demo.budget import budget_pdf
from meetingapp.demo.model import DemoModel, FileModel, MeetingModel, PaperModel, build_model
from meetingapp.demo.objects import ObjectBuilder
from meetingapp.demo.pdf import page_count
from meetingapp.demo.summary import DEMO_BASE_URL, DemoSummary
from meetingapp.demo.timeline import Timeline

LARGE_PACKET_MEETING = "kf-2"
SCANNED_CASE = "belysning"
PLAN_CASE = "detaljplan-bjorkhagen"
SPREADSHEET_KIND = "spreadsheet"


def build_demo(root: Path, *, anchor: dt.date, base_url: str = DEMO_BASE_URL) -> DemoSummary:
    """Write the demo publication of the fictional Exempelkommun under ``root``.

    Meetings lie before and after ``anchor``; the same anchor gives a byte-identical tree.
    """
    started = time.perf_counter()
    model = build_model(Timeline(anchor))
    allocate_files(model)
    render_documents(model)
    urls = PublicationUrls(base_url)
    publication = publish(model, urls)
    publication.write(root)
    return summarize(model, urls, root, publication, time.perf_counter() - started)


# --- files ----------------------------------------------------------------------------


def _new_file(
    model: DemoModel, name: str, created: dt.datetime, confidential: str | None = None
) -> FileModel:
    return FileModel(model.counters.next("File"), name, created, confidential)


def allocate_files(model: DemoModel) -> None:
    """Create every file (without content) in a fixed order, so file ids are stable."""
    for meeting in model.meetings:
        _allocate_meeting_files(model, meeting)
    for paper in sorted(model.papers.values(), key=lambda p: p.key):
        _allocate_paper_files(model, paper)


def _allocate_meeting_files(model: DemoModel, meeting: MeetingModel) -> None:
    committee = meeting.committee
    day = meeting.day.isoformat()
    meeting.invitation = _new_file(model, f"Kallelse {committee.name} {day}", meeting.invitation_at)
    for item in meeting.items:
        list_name = {
            "delegation": "Delegationsbeslut",
            "notices": "Anmälningsärenden",
            "motions": "Inkomna motioner och medborgarförslag",
        }.get(item.plan.kind)
        if list_name:
            item.files.append(_new_file(model, f"{list_name} {day}", meeting.invitation_at))
    if meeting.protocol_at is not None:
        meeting.protocol = _new_file(
            model, f"Protokoll {committee.name} {day}", meeting.protocol_at
        )
    if meeting.cancelled_at is not None:
        meeting.extra_files.append(
            _new_file(model, f"Inställt sammanträde {committee.name} {day}", meeting.cancelled_at)
        )
    late = [item for item in meeting.items if item.late]
    if late:
        created = max(item.created for item in late) + dt.timedelta(minutes=10)
        meeting.extra_files.append(_new_file(model, f"Tilläggslista {day}", created))
    if meeting.plan.key == LARGE_PACKET_MEETING:
        meeting.extra_files.append(
            _new_file(
                model, f"Sammanträdeshandlingar {committee.name} {day}", meeting.invitation_at
            )
        )


def _allocate_paper_files(model: DemoModel, paper: PaperModel) -> None:
    case = paper.case
    report_at = documents.paper_report_moment(paper)
    paper.main_file = _new_file(
        model, f"Tjänsteskrivelse – {case.title}", report_at, case.confidential
    )
    for attachment in case.attachments:
        created = report_at - dt.timedelta(hours=3)
        paper.attachments.append(
            (attachment, _new_file(model, attachment.title, created, case.confidential))
        )


# --- rendering ------------------------------------------------------------------------


def render_documents(model: DemoModel) -> None:
    """Render every PDF; the complete packet last, as it collects the others."""
    for paper in sorted(model.papers.values(), key=lambda p: p.key):
        assert paper.main_file is not None
        paper.main_file.content = documents.report_pdf(paper)
        attachments.render_attachments(model, paper, lambda p, a: budget_pdf(model, p, a))
    for meeting in model.meetings:
        _render_meeting_documents(model, meeting)
    for file in all_files(model):
        file.pages = page_count(file.content) if file.content else 0
    for meeting in model.meetings:
        if meeting.plan.key == LARGE_PACKET_MEETING:
            packet_file = meeting.extra_files[-1]
            packet_file.content = packet.packet_pdf(meeting, packet_file.name)
            packet_file.pages = page_count(packet_file.content)


def _render_meeting_documents(model: DemoModel, meeting: MeetingModel) -> None:
    assert meeting.invitation is not None
    on_invitation = [item for item in meeting.items if not item.late]
    meeting.invitation.content = documents.invitation_pdf(meeting, on_invitation)
    renderers = {
        "delegation": documents.delegation_pdf,
        "notices": documents.notices_pdf,
        "motions": documents.motions_pdf,
    }
    for item in meeting.items:
        for file in item.files:
            file.content = renderers[item.plan.kind](meeting)
    if meeting.protocol is not None:
        meeting.protocol.content = documents.protocol_pdf(meeting)
    late = [item for item in meeting.items if item.late]
    for file in meeting.extra_files:
        if file.name.startswith("Inställt"):
            file.content = documents.cancellation_pdf(meeting, _next_meeting(model, meeting))
        elif file.name.startswith("Tilläggslista"):
            file.content = documents.supplement_pdf(meeting, late)


def _next_meeting(model: DemoModel, cancelled: MeetingModel) -> MeetingModel | None:
    """Where the items of a cancelled utskott meeting go: the parent committee's next meeting."""
    parent = cancelled.committee.parent or cancelled.committee.key
    later = [m for m in model.meetings if m.committee.key == parent and m.start > cancelled.start]
    return later[0] if later else None


def all_files(model: DemoModel) -> Iterator[FileModel]:
    for meeting in model.meetings:
        yield from (f for f in (meeting.invitation, meeting.protocol) if f is not None)
        yield from meeting.extra_files
        for item in meeting.items:
            yield from item.files
    for paper in sorted(model.papers.values(), key=lambda p: p.key):
        if paper.main_file is not None:
            yield paper.main_file
        yield from (file for _attachment, file in paper.attachments)


# --- publication ----------------------------------------------------------------------


def publish(model: DemoModel, urls: PublicationUrls) -> StaticPublication:
    builder = ObjectBuilder(model, urls)
    publication = StaticPublication(urls.base_url, builder.system())
    publication.add_body(builder.body())
    for term in builder.legislative_terms():
        publication.add(term)
    for organization in builder.organizations():
        publication.add(organization)
    for person in builder.persons():
        publication.add(person)
    for meeting in model.meetings:
        publication.add(builder.meeting(meeting))
    for paper in sorted(model.papers.values(), key=lambda p: p.key):
        publication.add(builder.paper(paper))
    for file in all_files(model):
        publication.add_file_content(builder.file_id(file), file.content)
    return publication


# --- summary --------------------------------------------------------------------------


def summarize(
    model: DemoModel,
    urls: PublicationUrls,
    root: Path,
    publication: StaticPublication,
    seconds: float,
) -> DemoSummary:
    files = list(all_files(model))

    def file_id(file: FileModel) -> str:
        return urls.object("File", file.key)

    def meeting_ids(state: str) -> tuple[str, ...]:
        return tuple(urls.object("Meeting", m.key) for m in model.meetings if m.state == state)

    large = _large_packet(model)
    items = [item for meeting in model.meetings for item in meeting.items]
    confidential_item = next(
        item for item in items if item.confidential and item.meeting.state == agenda.UPCOMING
    )
    late_item = next(item for item in items if item.late)
    paths = {file_id(file): _content_path(urls, root, file) for file in files}
    return DemoSummary(
        root=root,
        base_url=urls.base_url,
        system_url=publication.system_url,
        anchor=model.timeline.anchor,
        counts=_counts(model, files),
        total_bytes=_tree_size(root),
        file_count=len(files),
        pdf_pages=sum(file.pages for file in files),
        seconds=seconds,
        large_packet_file_id=file_id(large),
        large_packet_path=paths[file_id(large)],
        large_packet_pages=large.pages,
        budget_file_id=file_id(_attachment_file(model.papers["budget"], "budget")),
        scanned_file_id=file_id(_attachment_file(model.papers[SCANNED_CASE], "scan")),
        plan_drawing_file_id=file_id(_attachment_file(model.papers[PLAN_CASE], "plan")),
        spreadsheet_file_id=file_id(_latest_spreadsheet(model)),
        confidential_item_id=urls.object("AgendaItem", confidential_item.key),
        confidential_file_ids=tuple(file_id(f) for f in files if f.confidential),
        late_item_id=urls.object("AgendaItem", late_item.key),
        past_meeting_ids=meeting_ids(agenda.PAST),
        upcoming_meeting_ids=meeting_ids(agenda.UPCOMING),
        cancelled_meeting_id=meeting_ids(agenda.CANCELLED)[0],
        file_paths=paths,
    )


def _content_path(urls: PublicationUrls, root: Path, file: FileModel) -> Path:
    """Where the writer puts a file's content (it sanitises the name the same way)."""
    file_id = urls.object("File", file.key)
    name = sanitize_file_name(f"{file.name}.pdf")
    return root / urls.content_path(urls.file_content(file_id, name))


def _large_packet(model: DemoModel) -> FileModel:
    meeting = next(m for m in model.meetings if m.plan.key == LARGE_PACKET_MEETING)
    return meeting.extra_files[-1]


def _latest_spreadsheet(model: DemoModel) -> FileModel:
    """The operating statement of the latest month, the one on the upcoming agenda."""
    papers = sorted(model.papers.values(), key=lambda p: p.key)
    return [f for p in papers for a, f in p.attachments if a.kind == SPREADSHEET_KIND][-1]


def _attachment_file(paper: PaperModel, kind: str) -> FileModel:
    return next(file for attachment, file in paper.attachments if attachment.kind == kind)


def _counts(model: DemoModel, files: list[FileModel]) -> dict[str, int]:
    from meetingapp.demo.people import COMMITTEES, PEOPLE

    items = [item for meeting in model.meetings for item in meeting.items]
    return {
        "Organization": len(COMMITTEES),
        "Person": len(PEOPLE),
        "Membership": sum(len(committee.seats) for committee in COMMITTEES),
        "Meeting": len(model.meetings),
        "AgendaItem": len(items),
        "Paper": len(model.papers),
        "Consultation": sum(1 for item in items if item.paper is not None),
        "File": len(files),
    }


def _tree_size(root: Path) -> int:
    return sum(path.stat().st_size for path in root.rglob("*") if path.is_file())
