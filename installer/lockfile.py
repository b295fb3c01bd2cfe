"""The dependency lock (``requirements/lock.txt``): what it pins, and what differs from it.

``make lock`` writes the lock with uv for every platform and Python the program
supports (each pin with its environment marker and the hashes of all its files);
the Makefile installs the development environment from it alone, with
``--require-hashes``. The frozen program and its third-party notices are made
from that environment, so this module is how they, and the test suite, check
that the environment really is the lock: :func:`differences` names every
installed distribution that the lock does not pin at that version, and every
pin for this platform that is not installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
PROJECT = "meetingapp"
"""The project itself, installed editable on top of the lock."""


class LockError(Exception):
    """The lock cannot be read, or the environment is not what it pins."""


@dataclass(frozen=True)
class Pin:
    name: str
    """The canonical distribution name (``pyside6-essentials``)."""
    version: str
    requirement: Requirement
    hashes: tuple[str, ...]

    def applies(self, environment: Mapping[str, str] | None = None) -> bool:
        """Whether this pin is installed on the platform and Python of ``environment``."""
        marker = self.requirement.marker
        if marker is None:
            return True
        return marker.evaluate(dict(environment) if environment is not None else None)


def _logical_lines(text: str) -> list[str]:
    """The lock's entries, each one line: continuations joined, comments dropped."""
    joined = text.replace("\\\n", " ")
    lines = (line.split("#", 1)[0].strip() for line in joined.splitlines())
    return [line for line in lines if line]


def _pin(line: str) -> Pin:
    words = line.split(" --hash=")
    requirement = Requirement(words[0])
    versions = [spec.version for spec in requirement.specifier if spec.operator == "=="]
    if len(versions) != 1:
        raise LockError(f"not an exact pin in the lock: {words[0]!r}")
    hashes = tuple(word.strip() for word in words[1:])
    if not hashes:
        raise LockError(f"no hash in the lock for {requirement.name}")
    return Pin(canonicalize_name(requirement.name), versions[0], requirement, hashes)


def read_lock(path: Path = LOCK) -> list[Pin]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LockError(f"cannot read the lock {path}: {error}") from error
    return [_pin(line) for line in _logical_lines(text)]


def pinned_here(
    pins: Iterable[Pin], environment: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Name → version of the pins that apply to ``environment`` (default: this one)."""
    here = {**default_environment(), **(environment or {})}
    return {pin.name: pin.version for pin in pins if pin.applies(here)}


def installed(paths: list[str] | None = None) -> dict[str, str]:
    """Name → version of the distributions importable from ``paths`` (default: sys.path)."""
    found: dict[str, str] = {}
    for distribution in metadata.distributions(**({"path": paths} if paths else {})):
        name = canonicalize_name(distribution.metadata["Name"])
        found.setdefault(name, distribution.version)
    found.pop(PROJECT, None)
    return found


def differences(pinned: Mapping[str, str], present: Mapping[str, str]) -> list[str]:
    """What makes ``present`` differ from ``pinned``, one sentence each; empty when equal."""
    found = []
    for name, version in sorted(present.items()):
        if name not in pinned:
            found.append(f"{name} {version} is installed but not in the lock")
        elif pinned[name] != version:
            found.append(f"{name} {version} is installed, the lock pins {pinned[name]}")
    found += [
        f"{name} {version} is in the lock but not installed"
        for name, version in sorted(pinned.items())
        if name not in present
    ]
    return found
