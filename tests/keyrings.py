"""Keyring stand-ins for tests.

There is no OS keyring service on a headless test machine (a real Secret
Service needs a desktop session and D-Bus), so tests install an in-memory
backend that reports itself as secure, and restore the previous one after.
"""

from __future__ import annotations

from collections.abc import Iterator
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
