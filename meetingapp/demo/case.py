"""What a case (ärende) of the demo is: the texts of its tjänsteskrivelse and its bilagor.

Texts may contain ``{y}`` (the anchor's year), ``{y1}``…``{y4}`` (following years),
``{yp}`` (the year before) and named dates, filled in when the demo is built.
"""

from __future__ import annotations

from dataclasses import dataclass


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
