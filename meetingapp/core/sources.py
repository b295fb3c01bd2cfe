"""The document systems this data directory syncs from, and who the user is in them.

:class:`Sources` is the service behind ``AppContext.sources``: the configured
sources (their secrets in the OS keyring only), how they are signed in to, and the
user's committee choice with its suggestions. The types the screens need to speak
of sources are exported here, so the UI never imports ``oparl`` or ``net``.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Final

from meetingapp.core.events import Change, ChangeFeed
from meetingapp.core.packet.library import Library
from meetingapp.net.credentials import AuthKind, CredentialError, CredentialStore, SourceAuth
from meetingapp.oparl.scope import DEFAULT_DAYS_BACK
from meetingapp.oparl.sources import SourceConfig, load_sources, save_source
from meetingapp.store import Store, sql
from meetingapp.store.local import get_app_state, set_app_state

__all__ = [
    "DEFAULT_DAYS_BACK",
    "SIGN_IN_KINDS",
    "STATE_COMMITTEES",
    "AuthKind",
    "CommitteeChoice",
    "CredentialError",
    "KeyringState",
    "SourceAuth",
    "SourceConfig",
    "Sources",
]

STATE_COMMITTEES: Final = "sync.committees"
SIGN_IN_KINDS: Final = (AuthKind.NONE, AuthKind.BASIC, AuthKind.BEARER)
"""The ways of signing in the user can choose, in the order they are offered."""


@dataclass(frozen=True)
class CommitteeChoice:
    person_id: str | None
    committee_ids: frozenset[str]
    days_back: int = DEFAULT_DAYS_BACK
    """How far back past meetings' documents are kept offline."""


@dataclass(frozen=True)
class KeyringState:
    """Whether secrets can be kept, and in which keyring (its name, for people)."""

    secure: bool
    backend: str


class Sources:
    """The configured sources and the user's committee choice, as one service."""

    def __init__(
        self,
        store: Store,
        library: Library,
        credentials: CredentialStore,
        changes: ChangeFeed | None = None,
    ) -> None:
        self._store = store
        self._library = library
        self._credentials = credentials
        self._changes = changes or ChangeFeed()
        """Told ``SOURCES`` when a source is configured or removed."""

    def configured(self) -> list[SourceConfig]:
        return load_sources(self._store.db.read())

    def urls(self) -> list[str]:
        rows = self._store.db.read().execute("SELECT url FROM source ORDER BY id")
        return [str(row["url"]) for row in rows]

    def keyring(self) -> KeyringState:
        """Talks to the keyring: call it off the GUI thread."""
        return KeyringState(self._credentials.is_secure(), self._credentials.describe_backend())

    def configure(self, config: SourceConfig, secret: str | None = None) -> int:
        """Save a source; its password or token goes to the OS keyring only.

        Talks to the keyring: call it off the GUI thread. Raises
        ``InsecureKeyringError`` (and stores nothing) when no secure keyring exists.
        """
        if secret:
            self._credentials.set_secret(config.url, config.auth.username, secret)
        with self._store.db.write() as db:
            source_id = save_source(db, config)
        self._changes.publish(Change.SOURCES)
        return source_id

    def remove(self, source_id: int) -> None:
        """Forget a source: its objects, its sync state, its cached validators and
        its secret. Fetched file versions stay until retention removes them."""
        config = next((c for c in self.configured() if c.id == source_id), None)
        if config is None:
            return
        if config.auth.needs_secret:
            with contextlib.suppress(CredentialError):
                self._credentials.delete_secret(config.url, config.auth.username)
        with self._store.db.write() as db:
            _forget_cached_pages(db, source_id, config.url)
            db.execute("DELETE FROM source WHERE id = ?", (source_id,))
        self._changes.publish(Change.SOURCES)

    def committee_choice(self) -> CommitteeChoice | None:
        """Who the user said they are and which committees they sit on, if asked."""
        raw = get_app_state(self._store.db.read(), STATE_COMMITTEES)
        if raw is None:
            return None
        saved = json.loads(raw)
        return CommitteeChoice(
            saved.get("person"),
            frozenset(saved.get("committees", [])),
            int(saved.get("days_back", DEFAULT_DAYS_BACK)),
        )

    def save_committee_choice(self, choice: CommitteeChoice) -> None:
        value = {
            "person": choice.person_id,
            "committees": sorted(choice.committee_ids),
            "days_back": choice.days_back,
        }
        with self._store.db.write() as db:
            set_app_state(db, STATE_COMMITTEES, json.dumps(value))

    def suggested_committees(self, person_id: str) -> frozenset[str]:
        """The committees of the person's current memberships: the preselection."""
        memberships = self._library.current_memberships(person_id)
        return frozenset(membership.organization_id for membership in memberships)


def _forget_cached_pages(db: sql.Connection, source_id: int, url: str) -> None:
    """Drop the cached validators of the source's pages (under its own address and
    its System's, inside a write)."""
    row = db.execute("SELECT system_id FROM source WHERE id = ?", (source_id,)).fetchone()
    bases = {url.rsplit("/", 1)[0] + "/"}
    if row is not None and row["system_id"]:
        bases.add(str(row["system_id"]).rsplit("/", 1)[0] + "/")
    for base in bases:
        db.execute("DELETE FROM http_cache WHERE substr(url, 1, ?) = ?", (len(base), base))
