"""Import contracts that keep the layers apart, by package prefix (arrows point down only).

    ui            Qt widgets, by feature (shell, packet, reader, writing, search, dialogs)
     └ core       plain Python, by feature; core.context composes them for the UI
        ├ oparl   the OParl client          ─┐
        ├ net     transport, credentials     ├ runtime: paths, logs, one instance
        └ store   the encrypted store       ─┘

- Nothing outside ``meetingapp.ui`` imports Qt.
- ``store``, ``net`` and ``runtime`` import nothing of ours but the package's own
  constants (``meetingapp.APP_NAME``…); ``oparl`` uses ``store`` and ``net`` only.
- ``core`` never imports ``ui``; its feature packages are independent of one another
  except along the edges declared in ``CORE_EDGES``.
- ``ui`` reaches data through ``core``: what it still takes straight from ``store``,
  ``oparl`` or ``net``, or through ``.db.read()``/``.db.write()``, is listed in
  ``UI_BYPASSES`` and may only shrink (a new one fails, and so does a listed one that
  is gone, so the list stays true).
- Only ``store/sql.py`` names the SQL driver (SQLCipher, or sqlite3 for its types).

Each contract is also run on a planted violation, to show that it can fail.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "meetingapp"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")

CORE_EDGES: dict[str, set[str]] = {
    "annotations": {"packet", "render"},
    "export": {"children", "packet", "swedish"},
    "packet": {"render"},
    "render": {"children"},
    "retention": {"export", "packet", "settings", "writing"},
    "search": {"packet", "render"},
    "settings": {"security"},
    "sources": {"events", "packet"},
    "writing": {"events"},
}
"""Which core feature may import which; ``core.context`` composes them all."""

UI_BYPASSES: set[tuple[str, str]] = {
    ("ui/reader/document_view.py", "meetingapp.store"),
    ("ui/reader/page_canvas.py", "meetingapp.store"),
    ("ui/reader/pdf_view.py", "meetingapp.store"),
    ("ui/reader/reader.py", "meetingapp.store"),
    ("ui/search/search_panel.py", "meetingapp.store"),
    ("ui/shell/app_lock.py", ".db"),
    ("ui/shell/app_lock.py", "meetingapp.store"),
    ("ui/shell/application.py", "meetingapp.store"),
    ("ui/shell/main_window.py", ".db"),
    ("ui/shell/main_window.py", "meetingapp.oparl"),
    ("ui/shell/main_window.py", "meetingapp.store"),
    ("ui/writing/annotation_layer.py", "meetingapp.store"),
    ("ui/writing/exporting.py", "meetingapp.store"),
    ("ui/writing/notes_panel.py", "meetingapp.store"),
    ("ui/writing/overview_panel.py", "meetingapp.store"),
    ("ui/writing/pane.py", ".db"),
    ("ui/writing/pane.py", "meetingapp.store"),
    ("ui/writing/review_bar.py", "meetingapp.store"),
}
"""The UI's ways past the core that are still there, to be moved behind ``core``."""

DB_CALL = re.compile(r"\.db\.(read|write)\(")


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


def modules_under(prefix: str, root: Path = PACKAGE) -> list[Path]:
    """The modules of package ``prefix`` ("" for all, "core.search" for one feature)."""
    folder = root.joinpath(*prefix.split(".")) if prefix else root
    if folder.with_suffix(".py").is_file():
        return [folder.with_suffix(".py")]
    return sorted(folder.rglob("*.py"))


def within(module: str, prefixes: Iterable[str]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in prefixes)


def violations(
    paths: list[Path], forbidden: Iterable[str], allowed: Iterable[str] = (), root: Path = PACKAGE
) -> list[str]:
    """``path imports module`` for every import under a forbidden prefix that no
    allowed prefix covers."""
    forbidden, allowed = tuple(forbidden), tuple(allowed)
    found = []
    for path in paths:
        for module in sorted(imported_modules(path)):
            if within(module, forbidden) and not within(module, allowed):
                found.append(f"{path.relative_to(root.parent)} imports {module}")
    return found


def ours_except(*kept: str) -> list[str]:
    """Every top-level package of ours but ``kept``, as import prefixes."""
    packages = {path.stem if path.is_file() else path.name for path in PACKAGE.iterdir()}
    names = {name for name in packages if not name.startswith(("_", ".")) and name != "py"}
    return [f"meetingapp.{name}" for name in sorted(names - set(kept))]


def core_features() -> list[str]:
    folder = PACKAGE / "core"
    return sorted(
        path.stem if path.is_file() else path.name
        for path in folder.iterdir()
        if not path.name.startswith("_") and (path.suffix == ".py" or path.is_dir())
    )


def test_the_contracts_see_the_package() -> None:
    assert len(modules_under("core")) > 20
    assert len(modules_under("ui")) > 30
    assert {"packet", "render", "search", "writing", "context"} <= set(core_features())
    assert "meetingapp.store" in ours_except()


def test_nothing_outside_ui_imports_qt() -> None:
    outside = [path for path in modules_under("") if "ui" not in path.relative_to(PACKAGE).parts]
    assert violations(outside, QT) == []


@pytest.mark.parametrize(
    ("package", "may_use"),
    [
        ("store", ()),
        ("net", ()),
        ("runtime", ()),
        ("oparl", ("store", "net")),
        ("demo", ("core.publishing", "core.swedish")),
    ],
)
def test_lower_packages_use_only_what_is_below_them(package: str, may_use: tuple[str, ...]) -> None:
    allowed = [f"meetingapp.{name}" for name in may_use]
    assert violations(modules_under(package), ours_except(package), allowed) == []


def test_the_core_never_imports_the_ui() -> None:
    assert violations(modules_under("core"), ["meetingapp.ui", *QT]) == []


@pytest.mark.parametrize("feature", [f for f in core_features() if f != "context"])
def test_core_features_import_only_declared_neighbours(feature: str) -> None:
    neighbours = {feature, *CORE_EDGES.get(feature, set())}
    forbidden = [f"meetingapp.core.{name}" for name in core_features()]
    allowed = [f"meetingapp.core.{name}" for name in neighbours]
    assert violations(modules_under(f"core.{feature}"), forbidden, allowed) == []


def ui_bypasses(root: Path = PACKAGE) -> set[tuple[str, str]]:
    """(module, what) for each way a UI module reaches past the core."""
    found: set[tuple[str, str]] = set()
    below_core = ("meetingapp.store", "meetingapp.oparl", "meetingapp.net")
    for path in modules_under("ui", root):
        name = path.relative_to(root).as_posix()
        for module in imported_modules(path):
            found.update((name, prefix) for prefix in below_core if within(module, [prefix]))
        if DB_CALL.search(path.read_text(encoding="utf-8")):
            found.add((name, ".db"))
    return found


def test_the_ui_reaches_past_the_core_no_more_than_it_did() -> None:
    current = ui_bypasses()
    assert current - UI_BYPASSES == set(), "a new way past the core: go through meetingapp.core"
    assert UI_BYPASSES - current == set(), "a listed bypass is gone: strike it from UI_BYPASSES"


def test_only_the_store_names_the_sql_driver() -> None:
    """SQLCipher's classes are not sqlite3's: an ``except sqlite3.Error`` elsewhere
    would catch nothing, and a plain ``sqlite3.connect`` would write in the clear."""
    driver = PACKAGE / "store" / "sql.py"
    others = [path for path in modules_under("") if path != driver]
    assert violations(others, ("sqlite3", "sqlcipher3")) == []
    assert {"sqlite3", "sqlcipher3.dbapi2"} <= imported_modules(driver)


# Planted violations: each contract fails on one ---------------------------------------------


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A copy of the package's layout with one offending module in each layer."""
    root = tmp_path / "meetingapp"
    offenders = {
        "store/bad.py": "from meetingapp.core.context import AppContext\n",
        "net/bad.py": "import meetingapp.oparl.engine\n",
        "oparl/bad.py": "from meetingapp.core.packet import library\n",
        "core/packet/bad.py": "from PySide6 import QtWidgets\nfrom meetingapp.ui import shell\n",
        "core/writing/bad.py": "from meetingapp.core.search.query import search\n",
        "ui/reader/bad.py": "from meetingapp.store.db import Database\nx.db.read()\n",
    }
    for name, text in offenders.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_each_contract_fails_on_a_planted_violation(planted: Path) -> None:
    def offences(prefix: str, forbidden: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
        return violations(modules_under(prefix, planted), forbidden, allowed, planted)

    assert offences("store", ours_except("store")) == [
        "meetingapp/store/bad.py imports meetingapp.core.context",
        "meetingapp/store/bad.py imports meetingapp.core.context.AppContext",
    ]
    assert offences("net", ours_except("net")) == [
        "meetingapp/net/bad.py imports meetingapp.oparl.engine"
    ]
    assert offences("oparl", ours_except("oparl"), ["meetingapp.store", "meetingapp.net"]) == [
        "meetingapp/oparl/bad.py imports meetingapp.core.packet",
        "meetingapp/oparl/bad.py imports meetingapp.core.packet.library",
    ]
    assert offences("core", ["meetingapp.ui", *QT]) == [
        "meetingapp/core/packet/bad.py imports PySide6",
        "meetingapp/core/packet/bad.py imports PySide6.QtWidgets",
        "meetingapp/core/packet/bad.py imports meetingapp.ui",
        "meetingapp/core/packet/bad.py imports meetingapp.ui.shell",
    ]
    assert offences("core.writing", ["meetingapp.core"], ["meetingapp.core.writing"]) == [
        "meetingapp/core/writing/bad.py imports meetingapp.core.search.query",
        "meetingapp/core/writing/bad.py imports meetingapp.core.search.query.search",
    ]
    assert ui_bypasses(planted) == {
        ("ui/reader/bad.py", "meetingapp.store"),
        ("ui/reader/bad.py", ".db"),
    }
