"""The English catalogue: complete, up to date, faithful to the source, compiled, and used.

These tests fail whenever a new ``tr()`` string appears in the code: that is
intended. Run ``make translations``, translate what it lists in
resources/translations/meetingapp_en.ts, and run it again.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from meetingapp import APP_NAME
from meetingapp.core.context import AppContext
from meetingapp.core.settings import Language
from meetingapp.oparl.changes import Change, ChangeKind
from meetingapp.ui.packet.workspace import reading_of
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.language import install_language
from meetingapp.ui.shell.main_window import MainWindow, describe_changes

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{\d*\}|%n|%L?\d+")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*")
ACCELERATOR = re.compile(r"&(?=[^&\s])")


@pytest.fixture(scope="module")
def tools() -> ModuleType:
    """scripts/update_translations.py, the one place that knows how lupdate is run."""
    path = ROOT / "scripts" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def messages(tools: ModuleType) -> list:  # type: ignore[type-arg]
    return list(tools.read_messages(tools.TS_FILE))


# (a) complete and up to date ------------------------------------------------------------


def test_catalogue_is_up_to_date_and_complete(tools: ModuleType) -> None:
    """lupdate over the code as it is finds nothing new, nothing gone, nothing untranslated."""
    problems = tools.check()
    assert problems == [], "run `make translations` and translate:\n" + "\n".join(problems)


def test_every_message_has_every_form_translated(messages: list) -> None:  # type: ignore[type-arg]
    assert messages
    for message in messages:
        assert message.finished, f"untranslated: {message}"
        forms = 2 if message.numerus else 1  # English: singular and plural
        assert len(message.translations) == forms, message
        assert all(text.strip() for text in message.translations), message


def test_every_translatable_string_in_the_code_reaches_the_catalogue(tools: ModuleType) -> None:
    """What lupdate cannot see is never translated: tr() in an f-string, a variable text.

    A variable text passes where the file marks the texts of that context with
    QT_TRANSLATE_NOOP (or QT_TR_NOOP in the class): lupdate finds those.
    """
    known = {(message.context, message.source) for message in tools.fresh_messages()}
    problems = []
    for path in sorted((ROOT / "meetingapp" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        marked = marked_contexts(tree)
        for line, context, text in translatable_calls(tree):
            where = f"{path.relative_to(ROOT)}:{line}"
            if text is None and context not in marked:
                problems.append(
                    f"{where}: the text of {context} is neither a literal nor QT_TRANSLATE_NOOP"
                )
            elif text is not None and (context, text) not in known:
                problems.append(f"{where}: {context}: {text!r} is not seen by lupdate")
    assert problems == [], "\n".join(problems)


def translatable_calls(tree: ast.Module) -> Iterator[tuple[int, str, str | None]]:
    """(line, context, text or None when not a literal) of each tr()/translate() call."""
    for class_name, call in calls_with_class(tree):
        function = call.func
        if not isinstance(function, ast.Attribute) or not call.args:
            continue
        if function.attr == "tr" and class_name:
            yield call.lineno, class_name, literal(call.args[0])
        elif function.attr == "translate" and len(call.args) >= 2:
            context = literal(call.args[0])
            if context is not None:  # str.translate(table) has one argument, never this
                yield call.lineno, context, literal(call.args[1])


def marked_contexts(tree: ast.Module) -> set[str]:
    """The contexts whose texts the file marks with QT_TRANSLATE_NOOP / QT_TR_NOOP."""
    contexts = set()
    for class_name, call in calls_with_class(tree):
        name = call.func.id if isinstance(call.func, ast.Name) else ""
        if name == "QT_TRANSLATE_NOOP" and call.args and literal(call.args[0]) is not None:
            contexts.add(str(literal(call.args[0])))
        elif name == "QT_TR_NOOP" and class_name:
            contexts.add(class_name)
    return contexts


def calls_with_class(tree: ast.Module) -> Iterator[tuple[str, ast.Call]]:
    def visit(node: ast.AST, class_name: str) -> Iterator[tuple[str, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.ClassDef) else class_name
            if isinstance(child, ast.Call):
                yield class_name, child
            yield from visit(child, name)

    return visit(tree, "")


def literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


# (b) placeholders, accelerators, markup, spacing ---------------------------------------------


def test_placeholders_match_the_source(messages: list) -> None:  # type: ignore[type-arg]
    problems = []
    for message in messages:
        for text in message.translations:
            if Counter(PLACEHOLDER.findall(text)) != Counter(PLACEHOLDER.findall(message.source)):
                problems.append(f"{message}: placeholders of {text!r}")
            if message.numerus and "%n" not in text:
                problems.append(f"{message}: %n missing in {text!r}")
    assert problems == [], "\n".join(problems)


def test_accelerators_markup_and_spacing_match_the_source(
    messages: list,  # type: ignore[type-arg]
) -> None:
    problems = []
    for message in messages:
        source = message.source
        for text in message.translations:
            if len(ACCELERATOR.findall(text.replace("&&", ""))) != len(
                ACCELERATOR.findall(source.replace("&&", ""))
            ):
                problems.append(f"{message}: accelerator in {text!r}")
            if Counter(TAG.findall(text)) != Counter(TAG.findall(source)):
                problems.append(f"{message}: markup of {text!r}")
            if edges(text) != edges(source):
                problems.append(f"{message}: leading/trailing spaces of {text!r}")
    assert problems == [], "\n".join(problems)


def edges(text: str) -> tuple[str, str]:
    """The leading and trailing white space (the code glues texts together with them)."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


# (c) the compiled catalogue -----------------------------------------------------------------


def test_committed_qm_is_the_compiled_ts(tools: ModuleType, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    tools.lrelease(tools.TS_FILE, fresh)
    assert tools.QM_FILE.read_bytes() == fresh.read_bytes(), "run `make translations`"


def test_qm_translates_a_sample(tools: ModuleType, messages: list) -> None:  # type: ignore[type-arg]
    translator = QTranslator()
    assert translator.load(str(tools.QM_FILE))
    for message in messages:
        if not message.numerus:
            assert (
                translator.translate(message.context, message.source) == (message.translations[0])
            ), message
    assert translator.translate("MainWindow", "&Arkiv") == "&File"


# (d) the real window in English ---------------------------------------------------------------


@pytest.fixture
def english_language() -> Iterator[None]:
    app = application()
    install_language(app, Language.ENGLISH)
    yield
    install_language(app, Language.SWEDISH)


@pytest.fixture
def english_window(
    qtbot: QtBot, synced_context: AppContext, english_language: None
) -> Iterator[MainWindow]:
    window = MainWindow(synced_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    window.renderer.shutdown()


def swedish_patterns(messages: list) -> list[re.Pattern[str]]:  # type: ignore[type-arg]
    """Each Swedish source whose English differs, as a pattern (placeholders match anything)."""
    patterns = []
    for message in messages:
        source = plain(message.source)
        if source == plain(message.translations[0]) or not re.search(r"[^\W\d_]{2}", source):
            continue
        parts = [re.escape(part) for part in PLACEHOLDER.split(source)]
        patterns.append(re.compile(".+".join(parts), re.DOTALL))
    return patterns


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def window_texts(window: MainWindow) -> dict[str, str]:
    """The texts of menus, actions, tooltips and accessible names, with where they are."""
    texts: dict[str, str] = {}
    for menu in window.findChildren(QMenu):
        texts[menu.title()] = f"menu {menu.title()!r}"
    for action in [*window.findChildren(QAction), *window.menuBar().actions()]:
        texts[action.text()] = f"action {action.text()!r}"
        texts[action.toolTip()] = f"tooltip of action {action.text()!r}"
    for widget in window.findChildren(QWidget):
        kind = type(widget).__name__
        texts[widget.toolTip()] = f"tooltip of a {kind}"
        texts[widget.accessibleName()] = f"accessible name of a {kind}"
    header = reading_of(window).agenda.tree.headerItem()
    for column in range(reading_of(window).agenda.tree.columnCount()):
        texts[header.text(column)] = "agenda column"
    return {plain(text): where for text, where in texts.items() if plain(text)}


def data_names(window: MainWindow) -> list[str]:
    """The app's name and the names the document system gives (committees, meetings,
    items): Swedish in either language, so they are no sign of a missing translation."""
    library = window.context.library
    names = [APP_NAME, *(committee.name for committee in library.committees())]
    for meeting in library.meetings():
        names.append(meeting.name)
        names += [entry.name for entry in library.agenda(meeting.id)]
    return sorted({name for name in names if name}, key=len, reverse=True)


def without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, "")
    return text


def test_english_window_has_english_menus(english_window: MainWindow) -> None:
    titles = [action.text() for action in english_window.menuBar().actions()]
    assert {"&File", "&View", "&Go", "&Help"} <= set(titles), titles
    file_menu = english_window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert "&Sync now" in [action.text() for action in file_menu.actions()]


def test_english_window_shows_no_swedish(
    english_window: MainWindow,
    messages: list,  # type: ignore[type-arg]
) -> None:
    patterns = swedish_patterns(messages)
    names = data_names(english_window)
    swedish = sorted(
        f"{where}: {text!r}"
        for text, where in window_texts(english_window).items()
        if any(pattern.fullmatch(text) for pattern in patterns)
        or re.search("[åäöÅÄÖ]", without(text, names))
    )
    assert swedish == [], "\n".join(swedish)


def test_swedish_window_is_recognised_as_swedish(
    qtbot: QtBot,
    synced_context: AppContext,
    messages: list,  # type: ignore[type-arg]
) -> None:
    """Guards the test above: the same check finds the Swedish texts of a Swedish window."""
    application()
    window = MainWindow(synced_context)
    qtbot.addWidget(window)
    try:
        patterns = swedish_patterns(messages)
        texts = window_texts(window)
        assert "Arkiv" in texts and "Föredragningslista" in texts
        assert any(pattern.fullmatch("Arkiv") for pattern in patterns)
        assert any(pattern.fullmatch(f"Om {APP_NAME}") for pattern in patterns)
    finally:
        window.renderer.shutdown()


@pytest.mark.usefixtures("english_language")
def test_what_a_sync_brought_is_said_in_english() -> None:
    news = describe_changes(
        [
            Change(ChangeKind.NEW_MEETING, "m1"),
            Change(ChangeKind.NEW_DOCUMENT, "f1"),
            Change(ChangeKind.CHANGED_DOCUMENT, "f2"),
            Change(ChangeKind.CHANGED_DOCUMENT, "f3"),
        ]
    )
    assert news.startswith("1 ") and ", 2 " in news
    assert not re.search("[åäöÅÄÖ]|sammanträde|handling", news), news
