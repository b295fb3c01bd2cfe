"""Update the English catalogue from the source strings and compile it (`make translations`).

1. ``pyside6-lupdate`` reads every ``tr()`` / ``QCoreApplication.translate()`` /
   ``QT_TRANSLATE_NOOP`` call in ``meetingapp/ui/`` (the only layer that may
   use Qt) into ``resources/translations/meetingapp_en.ts``: translations made
   before are kept, new strings are added as unfinished, strings no longer in
   the code are dropped (``-no-obsolete``).
2. ``pyside6-lrelease`` compiles the .ts into ``meetingapp_en.qm``, which the
   program loads at run time.
3. Every string still without an English translation is listed on stdout:
   translate those in the .ts (Qt Linguist, or any editor) and run it again.

The .ts keeps no source locations and its messages are sorted, so it changes
only when the strings do, not whenever someone edits a line above a ``tr()``.

``--check`` changes nothing and exits 1 if the committed .ts is out of date or
incomplete (what tests/test_translations.py checks too).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
TS_FILE = TRANSLATIONS / "meetingapp_en.ts"
QM_FILE = TRANSLATIONS / "meetingapp_en.qm"
SOURCE_DIR = ROOT / "meetingapp" / "ui"
LUPDATE_OPTIONS = (
    "-no-obsolete",
    "-locations",
    "none",
    "-sort-messages",
    "-source-language",
    "sv_SE",
    "-target-language",
    "en",
)


@dataclass(frozen=True)
class Message:
    """One message of a .ts file."""

    context: str
    source: str
    comment: str
    numerus: bool
    translations: tuple[str, ...]
    """The translation, or one per plural form for a numerus message."""
    state: str
    """The translation's type attribute: "" (finished), "unfinished", "vanished", "obsolete"."""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)

    @property
    def finished(self) -> bool:
        return self.state == "" and bool(self.translations) and all(self.translations)

    def __str__(self) -> str:
        comment = f" ({self.comment})" if self.comment else ""
        return f"{self.context}: {self.source!r}{comment}"


def tool(name: str) -> str:
    """A Qt tool of the running venv (next to its python), else from PATH."""
    here = shutil.which(name, path=str(Path(sys.executable).parent))
    found = here or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the project's venv (make venv)")
    return found


def sources() -> list[Path]:
    return sorted(SOURCE_DIR.rglob("*.py"))


def lupdate(ts_file: Path) -> str:
    """Merge the source strings into ``ts_file`` (created if missing); lupdate's report."""
    command = [tool("pyside6-lupdate"), *map(str, sources()), *LUPDATE_OPTIONS, "-ts", str(ts_file)]
    return _run(command)


def lrelease(ts_file: Path, qm_file: Path) -> str:
    return _run([tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)])


def _run(command: list[str]) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    output = (completed.stdout + completed.stderr).strip()
    if completed.returncode != 0:
        raise SystemExit(f"{Path(command[0]).name} failed:\n{output}")
    return output


def read_messages(ts_file: Path) -> list[Message]:
    root = ET.parse(ts_file).getroot()
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else list(translation.iter("numerusform"))
            if forms:
                texts = tuple(form.text or "" for form in forms)
            else:
                texts = (translation.text or "",) if translation is not None else ()
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source", ""),
                    comment=message.findtext("comment", ""),
                    numerus=message.get("numerus") == "yes",
                    translations=texts,
                    state="" if translation is None else translation.get("type", ""),
                )
            )
    return messages


def untranslated(messages: list[Message]) -> list[Message]:
    return [message for message in messages if not message.finished]


def fresh_messages(ts_file: Path = TS_FILE) -> list[Message]:
    """What lupdate makes of a copy of ``ts_file`` with the code as it is now."""
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / ts_file.name
        if ts_file.is_file():
            shutil.copyfile(ts_file, copy)
        lupdate(copy)
        return read_messages(copy)


def check() -> list[str]:
    """Why the committed catalogue is not up to date and complete ([] if it is)."""
    if not TS_FILE.is_file():
        return [f"{TS_FILE.relative_to(ROOT)} is missing"]
    committed = {message.key for message in read_messages(TS_FILE)}
    fresh = fresh_messages()
    problems = [f"new: {m}" for m in fresh if m.key not in committed]
    gone = committed - {message.key for message in fresh}
    problems += [f"no longer in the code: {key[0]}: {key[1]!r}" for key in sorted(gone)]
    problems += [f"untranslated: {m}" for m in untranslated(fresh) if m.key in committed]
    return problems


def update() -> list[Message]:
    """Update the .ts, compile the .qm; the messages still untranslated."""
    print(lupdate(TS_FILE))
    print(lrelease(TS_FILE, QM_FILE))
    return untranslated(read_messages(TS_FILE))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    arguments = parser.parse_args(argv)
    if arguments.check:
        problems = check()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    missing = update()
    if missing:
        print(f"\n{len(missing)} string(s) without an English translation in {TS_FILE.name}:")
        for message in missing:
            print(f"  {message}")
    else:
        print("Every string has an English translation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
