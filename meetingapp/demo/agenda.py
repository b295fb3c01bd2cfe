"""The meetings of the demo and their agendas (föredragningslistor)."""

from __future__ import annotations

from dataclasses import dataclass

PAST = "past"
UPCOMING = "upcoming"
CANCELLED = "cancelled"

# Outcomes of items at past meetings.
APPROVED = "bifall"
REFERRED_BACK = "återremiss"
TABLED = "bordlagt"
NOTED = "information"
VOTED = "omröstning"


@dataclass(frozen=True)
class ItemPlan:
    """One point of the föredragningslista.

    ``kind`` is ``case`` (a paper), ``followup`` (the monthly economic report, a paper
    generated for the meeting) or a formality: ``checkers``, ``agenda``, ``briefing``,
    ``questions``, ``delegation``, ``notices``, ``motions``, ``resignations``.
    """

    kind: str
    case: str = ""
    outcome: str = APPROVED
    late: bool = False


@dataclass(frozen=True)
class MeetingPlan:
    key: str
    committee: str
    offset: int
    """Days from the anchor; the date then moves forward to the committee's weekday."""
    state: str
    items: tuple[ItemPlan, ...]


def _formal(*kinds: str) -> tuple[ItemPlan, ...]:
    return tuple(ItemPlan(kind) for kind in kinds)


def _cases(*keys: str, outcome: str = APPROVED) -> tuple[ItemPlan, ...]:
    return tuple(ItemPlan("case", key, outcome) for key in keys)


OPENING = _formal("checkers", "agenda")
CLOSING = _formal("delegation", "notices")
FOLLOW_UP = ItemPlan("followup")


def _agenda(*parts: ItemPlan | tuple[ItemPlan, ...]) -> tuple[ItemPlan, ...]:
    """The items of a föredragningslista, from single items and groups of items."""
    items: list[ItemPlan] = []
    for part in parts:
        items.extend(part if isinstance(part, tuple) else (part,))
    return tuple(items)


MEETINGS: tuple[MeetingPlan, ...] = (
    MeetingPlan(
        "ks-1",
        "ks",
        -48,
        PAST,
        _agenda(
            OPENING,
            _formal("briefing"),
            _cases("delarsrapport", "motion-solceller", "representation", "transportplan"),
            FOLLOW_UP,
            CLOSING,
        ),
    ),
    MeetingPlan(
        "kf-1",
        "kf",
        -35,
        PAST,
        _agenda(
            OPENING,
            _formal("questions"),
            _cases("val-ks", "delarsrapport"),
            ItemPlan("case", "motion-solceller", VOTED),
            _formal("resignations", "motions"),
        ),
    ),
    MeetingPlan(
        "bun-1",
        "bun",
        -26,
        PAST,
        _agenda(
            OPENING,
            _formal("briefing"),
            FOLLOW_UP,
            _cases("skolskjuts"),
            ItemPlan("case", "lokalforsorjning", REFERRED_BACK),
            _cases("fritidshem"),
            ItemPlan("case", "elevenkat", NOTED),
            _cases("tillaggsbelopp"),
            CLOSING,
        ),
    ),
    MeetingPlan(
        "ksau-1",
        "ksau",
        -20,
        PAST,
        _agenda(OPENING, _cases("budget", "taxor", "borgen", "forsaljning", "markanvisning")),
    ),
    MeetingPlan(
        "mbn-1",
        "mbn",
        -18,
        PAST,
        _agenda(
            OPENING,
            FOLLOW_UP,
            _cases("detaljplan-bjorkhagen", "bygglov", "avlopp", "strandskydd"),
            ItemPlan("case", "sanktionsavgift", TABLED),
            CLOSING,
        ),
    ),
    MeetingPlan(
        "ks-2",
        "ks",
        -13,
        PAST,
        _agenda(
            OPENING,
            _formal("briefing"),
            _cases("budget", "taxor", "borgen", "forsaljning", "markanvisning", "sammantradesplan"),
            FOLLOW_UP,
            CLOSING,
        ),
    ),
    MeetingPlan(
        "ksau-2",
        "ksau",
        1,
        CANCELLED,
        _agenda(
            OPENING,
            FOLLOW_UP,
            _cases("internkontroll", "digitalisering", "vattenforsorjning", "belysning"),
        ),
    ),
    MeetingPlan(
        "bun-2",
        "bun",
        2,
        UPCOMING,
        _agenda(
            OPENING,
            _formal("briefing"),
            FOLLOW_UP,
            _cases(
                "lokalforsorjning",
                "verksamhetsplan",
                "kvalitetsrapport",
                "skolinspektionen",
                "individ-elev",
            ),
            CLOSING,
            ItemPlan("case", "vattenskada", late=True),
        ),
    ),
    MeetingPlan(
        "ks-3",
        "ks",
        8,
        UPCOMING,
        _agenda(
            OPENING,
            _formal("briefing"),
            FOLLOW_UP,
            _cases("internkontroll", "digitalisering", "vattenforsorjning", "belysning"),
            CLOSING,
        ),
    ),
    MeetingPlan(
        "mbn-2",
        "mbn",
        10,
        UPCOMING,
        _agenda(
            OPENING,
            _formal("briefing"),
            FOLLOW_UP,
            _cases("tillsynsplan", "taxa-miljo", "sanktionsavgift", "detaljplan-verkstaden"),
            CLOSING,
        ),
    ),
    MeetingPlan(
        "kf-2",
        "kf",
        14,
        UPCOMING,
        _agenda(
            OPENING,
            _formal("questions"),
            _cases("budget", "taxor", "borgen", "sammantradesplan"),
            _formal("resignations", "motions"),
        ),
    ),
)

FORMAL_TITLES: dict[str, str] = {
    "checkers": "Val av justerare",
    "agenda": "Godkännande av dagordning",
    "briefing": "Information från förvaltningschefen",
    "questions": "Allmänhetens frågestund",
    "delegation": "Redovisning av delegationsbeslut",
    "notices": "Anmälningsärenden",
    "motions": "Anmälan av inkomna motioner och medborgarförslag",
    "resignations": "Avsägelser och fyllnadsval",
}
