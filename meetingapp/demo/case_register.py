"""Every case of the demo, in one register and by key."""

from __future__ import annotations

from meetingapp.demo.board_cases import BOARD_CASES
from meetingapp.demo.building_cases import BUILDING_CASES
from meetingapp.demo.case import Case
from meetingapp.demo.school_cases import SCHOOL_CASES

CASES: tuple[Case, ...] = (*BOARD_CASES, *SCHOOL_CASES, *BUILDING_CASES)

CASE_BY_KEY: dict[str, Case] = {case.key: case for case in CASES}
