"""docs/architecture.md's module map matches the tree: every package is in it, and every
module it names is where it says."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
ROW = re.compile(r"^\| `(meetingapp/[\w/]*)` \| (.*) \|$")
MODULE = re.compile(r"`([\w/]+\.py)`")


def map_rows(text: str) -> dict[str, str]:
    """Package folder → the row's text, from the "Module map" section."""
    section = text.split("### Module map", 1)[1].split("\n### ", 1)[0]
    rows = (ROW.match(line) for line in section.splitlines())
    return {match[1]: match[2] for match in rows if match}


def packages_in_tree() -> set[str]:
    return {
        init.parent.relative_to(ROOT).as_posix() + "/"
        for init in (ROOT / "meetingapp").rglob("__init__.py")
    }


def named_but_missing(rows: dict[str, str]) -> list[str]:
    missing = []
    for package, text in rows.items():
        for module in MODULE.findall(text):
            here = ROOT / package / module
            if not (here.is_file() or (ROOT / "meetingapp" / module).is_file()):
                missing.append(f"{package}{module}")
    return missing


def test_the_map_names_every_package_and_no_other() -> None:
    assert set(map_rows(DOC.read_text(encoding="utf-8"))) == packages_in_tree()


def test_every_module_the_map_names_exists() -> None:
    assert named_but_missing(map_rows(DOC.read_text(encoding="utf-8"))) == []


def test_a_stale_map_is_found() -> None:
    stale = (
        "### Module map\n\n| `meetingapp/sync/` | `engine.py` |\n| `meetingapp/` | `gone.py` |\n"
    )
    rows = map_rows(stale)
    assert set(rows) != packages_in_tree()
    assert named_but_missing(rows) == ["meetingapp/sync/engine.py", "meetingapp/gone.py"]
