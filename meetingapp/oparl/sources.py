"""The configured sources: address, name, sign-in and extra CA, and their sessions.

A source row holds how to sign in (``auth_kind``, ``username``) and an extra CA
bundle; the password or token itself is only in the OS keyring
(:mod:`meetingapp.net.credentials`), so the database can be copied, backed up
or attached to a bug report without giving anything away.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from meetingapp.net.credentials import NO_AUTH, AuthKind, CredentialStore, SourceAuth
from meetingapp.net.transport import SessionSetupError, TransportPolicy, build_session
from meetingapp.store import sql
from meetingapp.store.local import utc_now


class MissingSecretError(SessionSetupError):
    """The source needs a password or token and the keyring holds none."""


@dataclass(frozen=True)
class SourceConfig:
    """One source as configured; ``id`` is None until it is saved."""

    id: int | None
    url: str
    name: str = ""
    auth: SourceAuth = NO_AUTH
    ca_bundle: Path | None = None

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.username is not None or parts.password is not None:
            raise ValueError(
                "The source address must not contain a user name or password; "
                "set them in the source's sign-in settings instead."
            )

    @property
    def display_name(self) -> str:
        return self.name or self.url


def _auth_kind(value: str) -> AuthKind:
    try:
        return AuthKind(value)
    except ValueError:
        raise ValueError(f"Unknown sign-in method in the store: {value!r}") from None


def _config(row: sql.Row) -> SourceConfig:
    ca_bundle = row["ca_bundle"]
    return SourceConfig(
        id=int(row["id"]),
        url=str(row["url"]),
        name=str(row["name"]),
        auth=SourceAuth(_auth_kind(str(row["auth_kind"])), row["username"]),
        ca_bundle=Path(ca_bundle) if ca_bundle else None,
    )


_COLUMNS = "id, url, name, auth_kind, username, ca_bundle"


def load_sources(db: sql.Connection) -> list[SourceConfig]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM source ORDER BY id")
    return [_config(row) for row in rows]


def find_source(db: sql.Connection, url: str) -> SourceConfig | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM source WHERE url = ?", (url,)).fetchone()
    return _config(row) if row is not None else None


def save_source(db: sql.Connection, config: SourceConfig) -> int:
    """Insert (``id`` None; an existing row with the same URL is updated) or
    update a source; returns its id. Call inside ``Database.write()``."""
    values = (
        config.url,
        config.name,
        config.auth.kind.value,
        config.auth.username,
        str(config.ca_bundle) if config.ca_bundle else None,
    )
    if config.id is None:
        row = db.execute(
            "INSERT INTO source (url, name, auth_kind, username, ca_bundle, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "name = excluded.name, auth_kind = excluded.auth_kind, "
            "username = excluded.username, ca_bundle = excluded.ca_bundle "
            "RETURNING id",
            (*values, utc_now()),
        ).fetchone()
        return int(row["id"])
    try:
        cursor = db.execute(
            "UPDATE source SET url = ?, name = ?, auth_kind = ?, username = ?, ca_bundle = ? "
            "WHERE id = ?",
            (*values, config.id),
        )
    except sql.IntegrityError as error:
        raise ValueError(f"Another source already has the address {config.url}") from error
    if cursor.rowcount != 1:
        raise ValueError(f"There is no source with id {config.id}")
    return config.id


def session_for(
    config: SourceConfig,
    credentials: CredentialStore,
    policy: TransportPolicy | None = None,
) -> requests.Session:
    """A session for the source, signed in with the secret from the keyring.

    Reads the keyring (it may block on D-Bus or an unlock prompt): call it off the
    GUI thread. Raises :class:`MissingSecretError` when a secret is needed and
    none is stored, ``CredentialError`` when the keyring cannot be used, and
    ``SessionSetupError`` when the CA bundle or the address cannot be used.
    """
    secret: str | None = None
    if config.auth.needs_secret:
        secret = credentials.get_secret(config.url, config.auth.username)
        if not secret:
            raise MissingSecretError(
                f"No password or token is stored for {config.display_name}; "
                "enter it in the source's sign-in settings."
            )
    return build_session(
        policy,
        auth=config.auth,
        secret=secret,
        ca_bundle=config.ca_bundle,
        source_url=config.url,
    )
