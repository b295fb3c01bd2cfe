"""The complete meeting packet: all documents of a meeting in one PDF, one bookmark per item."""

from __future__ import annotations

from meetingapp.demo.model import FileModel, ItemModel, MeetingModel
from meetingapp.demo.mupdf import pymupdf
from meetingapp.demo.pdf import (
    Letterhead,
    PdfInfo,
    esc,
    finish,
    html_pdf,
    page_count,
    width_style,
)
from meetingapp.demo.people import PEOPLE
from meetingapp.demo.timeline import swedish_long_date

Part = tuple[str, FileModel]


def item_documents(item: ItemModel) -> list[Part]:
    """The documents of an item in packet order: tjänsteskrivelse, then bilagor."""
    parts: list[Part] = []
    if item.paper is not None:
        if item.paper.main_file is not None:
            parts.append(("Tjänsteskrivelse", item.paper.main_file))
        for number, (_attachment, file) in enumerate(item.paper.attachments, start=1):
            parts.append((f"Bilaga {number}: {file.name}", file))
    parts += [(file.name, file) for file in item.files]
    return parts


def packet_pdf(meeting: MeetingModel, title: str) -> bytes:
    """Cover with contents, the kallelse, then every item's documents."""
    assert meeting.invitation is not None
    plan = [(item, item_documents(item)) for item in meeting.items]
    cover_pages = 1
    while True:
        first_pages = _first_pages(meeting.invitation, plan, cover_pages)
        cover = _cover_pdf(meeting, title, plan, first_pages)
        if page_count(cover) == cover_pages:
            break
        cover_pages = page_count(cover)
    packet = pymupdf.open("pdf", cover)
    invitation_page = cover_pages + 1
    toc: list[list[object]] = [[1, "Innehåll", 1], [1, "Kallelse", invitation_page]]
    packet.insert_pdf(pymupdf.open("pdf", meeting.invitation.content))
    for item, parts in plan:
        start = packet.page_count + 1
        toc.append([1, f"{item.number}. {item.title}", start if parts else invitation_page])
        for name, file in parts:
            toc.append([2, name, packet.page_count + 1])
            packet.insert_pdf(pymupdf.open("pdf", file.content))
    packet.set_toc(toc)
    secretary = PEOPLE[meeting.committee.secretary]
    info = PdfInfo(
        title=title,
        author=secretary.name,
        subject=f"Samtliga handlingar till sammanträdet {meeting.day.isoformat()}",
        created=meeting.invitation_at,
        keywords="sammanträdeshandlingar, kallelse, tjänsteskrivelser, bilagor",
    )
    return finish(packet, info)


def _first_pages(
    invitation: FileModel, plan: list[tuple[ItemModel, list[Part]]], cover_pages: int
) -> list[int]:
    """The page each item starts on; items without documents point at the kallelse."""
    page = cover_pages + 1 + page_count(invitation.content)
    starts = []
    for _item, parts in plan:
        starts.append(page if parts else cover_pages + 1)
        page += sum(file.pages for _name, file in parts)
    return starts


def _cover_pdf(
    meeting: MeetingModel,
    title: str,
    plan: list[tuple[ItemModel, list[Part]]],
    first_pages: list[int],
) -> bytes:
    rows = "".join(
        f"<tr><td>{item.number}</td><td>{esc(item.title)}</td>"
        f"<td>{esc(item.paper.reference) if item.paper else ''}</td>"
        f"<td class='n'>{start}</td></tr>"
        for (item, _parts), start in zip(plan, first_pages, strict=True)
    )
    head = (
        f"<tr><th style='{width_style(7)}'>Nr</th><th style='{width_style(61)}'>Ärende</th>"
        f"<th style='{width_style(20)}'>Dnr</th>"
        f"<th class='n' style='{width_style(12)}'>Sida</th></tr>"
    )
    body = (
        f"<h1>{esc(title)}</h1><p class='lead'>{esc(meeting.committee.name)}, "
        f"{esc(swedish_long_date(meeting.day))}</p>"
        "<p>Handlingarna är samlade i en fil med ett bokmärke per ärende.</p>"
        f"<table>{head}{rows}</table>"
    )
    letterhead = Letterhead(meeting.committee.name, "Handlingar", title)
    info = PdfInfo(title, "", "", meeting.invitation_at)
    return html_pdf(body, letterhead=letterhead, info=info)
