"""Keyring stand-ins for tests.

There is no OS keyring service on a headless test machine (a real Secret
Service needs a desktop session and D-Bus), so tests install an in-memory
backend that reports itself as secure, and restore the previous one after.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """An OS keyring stand-in: secure (priority 1), in memory."""

    priority = 1.0

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class PlaintextFileLike(MemoryKeyring):
    """Claims a priority below 1, as keyrings.alt's file backends do."""

    priority = 0.5


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")


# Keyring registers every backend class for its own backend detection; these
# stand-ins must never be picked by it.
for _stand_in in (MemoryKeyring, PlaintextFileLike, LockedKeyring):
    KeyringBackend._classes.discard(_stand_in)


@pytest.fixture
def use_keyring() -> Iterator[Any]:
    """Install a keyring backend for one test, then restore the previous one."""
    previous = keyring.get_keyring()

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(use_keyring: Any) -> MemoryKeyring:
    backend = MemoryKeyring()
    use_keyring(backend)
    return backend


FILE_KEYRING_ENVIRONMENT = "MEETINGAPP_TEST_KEYRING_FILE"


class FileKeyring(MemoryKeyring):
    """An OS keyring stand-in a child process can share: entries in a JSON file.

    A program started by a test loads it with ``PYTHON_KEYRING_BACKEND`` (see
    :func:`child_keyring_environment`); the test opens the same file.
    """

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = path or Path(os.environ[FILE_KEYRING_ENVIRONMENT])

    def _load(self) -> dict[str, str]:
        try:
            loaded: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return loaded

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._load()
        entries[f"{service}\n{username}"] = password
        self.path.write_text(json.dumps(entries), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        entries = self._load()
        if entries.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("not found")
        self.path.write_text(json.dumps(entries), encoding="utf-8")


KeyringBackend._classes.discard(FileKeyring)


def child_keyring_environment(keyring_file: Path) -> dict[str, str]:
    """The environment of a child program that uses ``FileKeyring(keyring_file)``."""
    root = str(Path(__file__).resolve().parents[1])
    return {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": f"{__name__}.FileKeyring",
        FILE_KEYRING_ENVIRONMENT: str(keyring_file),
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
