"""Import contracts that keep the layers apart (arrows point down only).

- Nothing outside meetingapp/ui imports QtWidgets — or any of Qt: the core, the
  store and the sync are plain Python, testable without a display.
- The store imports neither the sync, the core nor the UI.
- The sync imports neither the core nor the UI.
- Only store/sql.py names the SQL driver (SQLCipher, or sqlite3 for its types).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "meetingapp"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def modules_of(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py")) if layer else sorted(PACKAGE.rglob("*.py"))


def below_ui() -> list[Path]:
    return [path for path in modules_of("") if "ui" not in path.relative_to(PACKAGE).parts]


def violations(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in paths:
        for module in imported_modules(path):
            if any(module == name or module.startswith(name + ".") for name in forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    return found


def test_contract_sees_the_package() -> None:
    assert len(below_ui()) > 10
    assert modules_of("ui")


def test_nothing_below_ui_imports_qt() -> None:
    assert violations(below_ui(), ("PySide6", "shiboken6", "PyQt5", "PyQt6")) == []


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("store", ("meetingapp.ui", "meetingapp.sync", "meetingapp.app", "meetingapp.library")),
        ("sync", ("meetingapp.ui", "meetingapp.app", "meetingapp.library")),
    ],
)
def test_lower_layers_do_not_import_upper_ones(layer: str, forbidden: tuple[str, ...]) -> None:
    assert violations(modules_of(layer), forbidden) == []


def test_contract_detects_a_violation(tmp_path: Path) -> None:
    offending = tmp_path / "bad.py"
    offending.write_text("from PySide6 import QtWidgets\nimport PySide6.QtWidgets as w\n")
    assert imported_modules(offending) >= {"PySide6.QtWidgets", "PySide6"}


def test_only_the_store_names_the_sql_driver() -> None:
    """SQLCipher's classes are not sqlite3's: an ``except sqlite3.Error`` elsewhere
    would catch nothing, and a plain ``sqlite3.connect`` would write in the clear."""
    driver = PACKAGE / "store" / "sql.py"
    others = [path for path in modules_of("") if path != driver]
    assert violations(others, ("sqlite3", "sqlcipher3")) == []
    assert {"sqlite3", "sqlcipher3.dbapi2"} <= imported_modules(driver)
