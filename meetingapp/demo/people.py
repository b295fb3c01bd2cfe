"""The fictional people and committees of Exempelkommun."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    key: str
    given_name: str
    family_name: str
    gender: str
    title: str = ""
    """Job title of an official (tjänsteperson); empty for politicians."""

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def email(self) -> str:
        local = f"{self.given_name}.{self.family_name}".lower()
        for plain, accented in (("a", "å"), ("a", "ä"), ("o", "ö"), ("e", "é")):
            local = local.replace(accented, plain)
        return f"{local}@exempelkommun.example"

    @property
    def official(self) -> bool:
        return bool(self.title)


@dataclass(frozen=True)
class Seat:
    person: str
    role: str

    @property
    def voting(self) -> bool:
        return self.role != "ersättare"


@dataclass(frozen=True)
class Committee:
    """A committee (nämnd) with its seats and the people who serve it."""

    key: str
    name: str
    short: str
    dnr_prefix: str
    classification: str
    """Subject of sentences: "Barn- och utbildningsnämnden" becomes "Nämnden" in proposals."""
    secretary: str
    head_official: str
    location: str
    weekday: int
    start: tuple[int, int]
    end: tuple[int, int]
    term: str
    """``council`` (kommunfullmäktige's term) or ``committee``."""
    seats: tuple[Seat, ...] = field(default_factory=tuple)
    parent: str | None = None
    short_subject: str = "Nämnden"

    @property
    def chair(self) -> str:
        return next(seat.person for seat in self.seats if seat.role == "ordförande")

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(seat.person for seat in self.seats if seat.voting)

    @property
    def substitutes(self) -> tuple[str, ...]:
        return tuple(seat.person for seat in self.seats if not seat.voting)


def _person(key: str, given: str, family: str, gender: str, title: str = "") -> Person:
    return Person(key, given, family, gender, title)


POLITICIANS: tuple[Person, ...] = (
    _person("p01", "Anna", "Lindqvist", "female"),
    _person("p02", "Erik", "Sandberg", "male"),
    _person("p03", "Leila", "Haddad", "female"),
    _person("p04", "Lars", "Nyström", "male"),
    _person("p05", "Maria", "Åberg", "female"),
    _person("p06", "Johan", "Forsberg", "male"),
    _person("p07", "Eva", "Lundgren", "female"),
    _person("p08", "Per", "Söderström", "male"),
    _person("p09", "Sara", "Wallin", "female"),
    _person("p10", "Anders", "Hedlund", "male"),
    _person("p11", "Lena", "Engström", "female"),
    _person("p12", "Mikael", "Falk", "male"),
    _person("p13", "Ingrid", "Strand", "female"),
    _person("p14", "Ahmed", "Karimi", "male"),
    _person("p15", "Elin", "Sjöberg", "female"),
    _person("p16", "Fredrik", "Hagström", "male"),
    _person("p17", "Annika", "Blom", "female"),
    _person("p18", "Mats", "Dahl", "male"),
    _person("p19", "Sofia", "Nordin", "female"),
    _person("p20", "Jonas", "Ström", "male"),
    _person("p21", "Helena", "Östlund", "female"),
    _person("p22", "Magnus", "Sundberg", "male"),
    _person("p23", "Camilla", "Mattsson", "female"),
    _person("p24", "Peter", "Virtanen", "male"),
    _person("p25", "Linnea", "Hallberg", "female"),
    _person("p26", "Björn", "Öberg", "male"),
    _person("p27", "Malin", "Axelsson", "female"),
    _person("p28", "Ola", "Bergkvist", "male"),
    _person("p29", "Hanna", "Lindahl", "female"),
    _person("p30", "Gustav", "Ek", "male"),
    _person("p31", "Aino", "Korhonen", "female"),
    _person("p32", "Nils", "Persson", "male"),
)

OFFICIALS: tuple[Person, ...] = (
    _person("t01", "Karin", "Ekholm", "female", "Kommundirektör"),
    _person("t02", "Henrik", "Bergström", "male", "Ekonomichef"),
    _person("t03", "Ulla", "Holmgren", "female", "Kanslichef"),
    _person("t04", "Tobias", "Lindberg", "male", "Nämndsekreterare"),
    _person("t05", "Astrid", "Nyberg", "female", "Nämndsekreterare"),
    _person("t06", "Oskar", "Hellström", "male", "Nämndsekreterare"),
    _person("t07", "Emma", "Sundqvist", "female", "Förvaltningschef, utbildningsförvaltningen"),
    _person("t08", "Jukka", "Laine", "male", "Förvaltningschef, samhällsbyggnadsförvaltningen"),
    _person("t09", "Charlotte", "Wikström", "female", "Controller"),
    _person("t10", "David", "Olofsson", "male", "Planarkitekt"),
    _person("t11", "Frida", "Jonsson", "female", "Miljöinspektör"),
    _person("t12", "Rasmus", "Edlund", "male", "Bygglovshandläggare"),
    _person("t13", "Petra", "Lund", "female", "Lokalstrateg"),
    _person("t14", "Samir", "Aziz", "male", "Utredare"),
    _person("t15", "Ylva", "Törnqvist", "female", "Verksamhetscontroller"),
    _person("t16", "Marcus", "Brandt", "male", "Exploateringsingenjör"),
)

PEOPLE: dict[str, Person] = {person.key: person for person in POLITICIANS + OFFICIALS}


def _seats(chair: str, vice: tuple[str, ...], members: str, substitutes: str) -> tuple[Seat, ...]:
    seats = [Seat(chair, "ordförande")]
    vice_roles = (
        ("1:e vice ordförande", "2:e vice ordförande") if len(vice) > 1 else ("vice ordförande",)
    )
    seats += [Seat(person, role) for person, role in zip(vice, vice_roles, strict=True)]
    seats += [Seat(person, "ledamot") for person in members.split()]
    seats += [Seat(person, "ersättare") for person in substitutes.split()]
    return tuple(seats)


COMMITTEES: tuple[Committee, ...] = (
    Committee(
        key="kf",
        name="Kommunfullmäktige",
        short="KF",
        dnr_prefix="KS",
        classification="Kommunfullmäktige",
        secretary="t04",
        head_official="t01",
        location="fullmaktigesalen",
        weekday=0,
        start=(18, 0),
        end=(21, 30),
        term="council",
        seats=_seats(
            "p10",
            ("p11", "p12"),
            "p01 p02 p03 p04 p05 p06 p07 p08 p09 p13 p14 p15 p16 p17 p18 p19 p20 p21 p22 "
            "p23 p24 p25",
            "p26 p27 p28 p29 p30 p31 p32",
        ),
        short_subject="Kommunfullmäktige",
    ),
    Committee(
        key="ks",
        name="Kommunstyrelsen",
        short="KS",
        dnr_prefix="KS",
        classification="Kommunstyrelse",
        secretary="t04",
        head_official="t01",
        location="sessionssalen",
        weekday=1,
        start=(9, 0),
        end=(15, 0),
        term="committee",
        seats=_seats(
            "p01", ("p02", "p03"), "p04 p05 p06 p07 p08 p09 p13 p14", "p15 p16 p17 p18 p19"
        ),
        short_subject="Kommunstyrelsen",
    ),
    Committee(
        key="ksau",
        name="Kommunstyrelsens arbetsutskott",
        short="KSAU",
        dnr_prefix="KS",
        classification="Utskott",
        secretary="t04",
        head_official="t01",
        location="lilla-sessionssalen",
        weekday=1,
        start=(8, 30),
        end=(12, 0),
        term="committee",
        seats=_seats("p01", ("p02",), "p03 p04 p05", "p06 p07"),
        parent="ks",
        short_subject="Arbetsutskottet",
    ),
    Committee(
        key="bun",
        name="Barn- och utbildningsnämnden",
        short="BUN",
        dnr_prefix="BUN",
        classification="Nämnd",
        secretary="t05",
        head_official="t07",
        location="utbildningshuset",
        weekday=2,
        start=(13, 0),
        end=(17, 0),
        term="committee",
        seats=_seats("p20", ("p21",), "p22 p23 p24 p26 p27 p08 p15", "p28 p29 p16 p25"),
    ),
    Committee(
        key="mbn",
        name="Miljö- och byggnadsnämnden",
        short="MBN",
        dnr_prefix="MBN",
        classification="Nämnd",
        secretary="t06",
        head_official="t08",
        location="sessionssalen",
        weekday=3,
        start=(9, 0),
        end=(12, 30),
        term="committee",
        seats=_seats("p09", ("p31",), "p17 p18 p32 p12 p13", "p19 p26 p30"),
    ),
)

COMMITTEE_BY_KEY: dict[str, Committee] = {committee.key: committee for committee in COMMITTEES}


@dataclass(frozen=True)
class Place:
    key: str
    description: str
    room: str
    street: str
    postal_code: str = "123 45"
    locality: str = "Exempelstad"
    point: tuple[float, float] = (16.1023, 58.9187)


PLACES: tuple[Place, ...] = (
    Place("fullmaktigesalen", "Stadshuset, fullmäktigesalen", "Fullmäktigesalen", "Storgatan 1"),
    Place("sessionssalen", "Stadshuset, sessionssalen", "Sessionssalen", "Storgatan 1"),
    Place(
        "lilla-sessionssalen",
        "Stadshuset, lilla sessionssalen",
        "Lilla sessionssalen",
        "Storgatan 1",
    ),
    Place(
        "utbildningshuset",
        "Utbildningshuset, sammanträdesrum Lärkan",
        "Lärkan",
        "Skolgatan 4",
        "123 47",
        point=(16.0978, 58.9211),
    ),
)

PLACE_BY_KEY: dict[str, Place] = {place.key: place for place in PLACES}
