"""How a source is signed in to, and where its secret lives: the OS keyring only.

A source's password or token is kept in the operating system's keyring
(Windows Credential Manager, macOS Keychain, Secret Service on Linux) through the
``keyring`` library, never in the database, a config file or a log. When no
secure keyring is available (keyring's ``fail`` or ``null`` backend, a plaintext
or other "alt" file backend, anything of priority below 1), every call refuses
with :class:`InsecureKeyringError` and nothing is stored: this module has no
plaintext fallback at all. Whether the user agrees to a fallback (typing the
password at every sync, say) is for the caller to ask and to provide;
:meth:`CredentialStore.store_requires_consent` tells it when it has to.

Keyring calls can be slow (a D-Bus round trip, an unlock prompt): call them off
the GUI thread, like every other call of the sync.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, KeyringLocked, PasswordDeleteError

SERVICE_PREFIX: Final = "meetingapp:"
# Keyring entries need a non-empty account name; a token without a user name is
# filed under this one.
TOKEN_ACCOUNT: Final = "token"

# Backends that store secrets in the open or not at all, whatever priority they claim.
_INSECURE_MODULE_PREFIXES: Final = ("keyrings.alt",)

_FRIENDLY_NAMES: Final = {
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
    "keyring.backends.SecretService.Keyring": "Secret Service (GNOME Keyring or KWallet)",
    "keyring.backends.libsecret.Keyring": "Secret Service (libsecret)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet 4",
    "keyring.backends.fail.Keyring": "no keyring available",
    "keyring.backends.null.Keyring": "keyring disabled",
}


class AuthKind(enum.StrEnum):
    """How a source is signed in to; the value is what the store keeps."""

    NONE = "none"
    BASIC = "basic"
    BEARER = "bearer"


@dataclass(frozen=True)
class SourceAuth:
    """Who signs in to a source and how. The secret is never part of it."""

    kind: AuthKind = AuthKind.NONE
    username: str | None = None

    def __post_init__(self) -> None:
        if self.kind is AuthKind.BASIC and not self.username:
            raise ValueError("Sign-in with a password needs a user name")

    @property
    def needs_secret(self) -> bool:
        return self.kind is not AuthKind.NONE


NO_AUTH: Final = SourceAuth()


class CredentialError(Exception):
    """The keyring cannot be used for a secret; the message says why, for a person."""


class InsecureKeyringError(CredentialError):
    """No secure OS keyring is available, so nothing was stored or read."""


def service_name(source_url: str) -> str:
    return SERVICE_PREFIX + source_url


def account_name(username: str | None) -> str:
    return username or TOKEN_ACCOUNT


def _class_path(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _priority(backend: KeyringBackend) -> float:
    """The backend's priority; one that cannot say is not usable (keyring's rule)."""
    try:
        return float(backend.priority)
    except Exception:  # a backend raises whatever tells why it is unusable
        return float("-inf")


def _chained(backend: KeyringBackend) -> list[KeyringBackend]:
    if isinstance(backend, chainer.ChainerBackend):
        return list(backend.backends)
    return [backend]


def is_secure_backend(backend: KeyringBackend) -> bool:
    """Whether ``backend`` (not a chain of them) keeps secrets in an OS keyring."""
    if isinstance(backend, fail.Keyring | null.Keyring | chainer.ChainerBackend):
        return False
    if type(backend).__module__.startswith(_INSECURE_MODULE_PREFIXES):
        return False
    return _priority(backend) >= 1


def secure_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The backend to keep secrets in: ``backend`` itself, or for keyring's chain
    of backends its best secure member (a chain may also hold plaintext ones)."""
    return next((member for member in _chained(backend) if is_secure_backend(member)), None)


def describe_keyring_backend(backend: KeyringBackend) -> str:
    """A name for people: "macOS Keychain", "Secret Service (…)", "no keyring available"."""
    names = [
        _FRIENDLY_NAMES.get(_class_path(member)) or member.name for member in _chained(backend)
    ]
    return " + ".join(names) if names else "no keyring available"


class CredentialStore:
    """Secrets of sources in the OS keyring, one entry per (source URL, account).

    Every method may block on D-Bus or an unlock prompt: never call them on the
    GUI thread.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        """``backend`` for tests and special setups; by default keyring's active one,
        looked up at every call so a configuration change is seen."""
        self._backend = backend

    def __repr__(self) -> str:
        """Cheap on purpose: no keyring lookup (which may block) for a log line."""
        chosen = type(self._backend).__name__ if self._backend is not None else "active keyring"
        return f"CredentialStore({chosen})"

    def backend(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def describe_backend(self) -> str:
        return describe_keyring_backend(self.backend())

    def is_secure(self) -> bool:
        return secure_backend(self.backend()) is not None

    def store_requires_consent(self) -> bool:
        """True when no secure keyring is available: storing a secret would need a
        fallback the user has agreed to. This module offers none; it refuses."""
        return not self.is_secure()

    def get_secret(self, source_url: str, username: str | None) -> str | None:
        backend = self._require_secure("nothing was read")
        try:
            return backend.get_password(service_name(source_url), account_name(username))
        except KeyringError as error:
            raise self._keyring_failed("read the password", source_url, error) from error

    def set_secret(self, source_url: str, username: str | None, secret: str) -> None:
        if not secret:
            raise ValueError("An empty password or token cannot be stored")
        backend = self._require_secure("nothing was stored")
        try:
            backend.set_password(service_name(source_url), account_name(username), secret)
        except KeyringError as error:
            raise self._keyring_failed("store the password", source_url, error) from error

    def delete_secret(self, source_url: str, username: str | None) -> None:
        """Forget the secret; nothing stored (or no secure keyring at all) is fine."""
        backend = secure_backend(self.backend())
        if backend is None:
            return  # nothing of ours can be in an insecure keyring
        try:
            backend.delete_password(service_name(source_url), account_name(username))
        except PasswordDeleteError:
            return  # there was none
        except KeyringError as error:
            raise self._keyring_failed("delete the password", source_url, error) from error

    def _require_secure(self, consequence: str) -> KeyringBackend:
        active = self.backend()
        backend = secure_backend(active)
        if backend is None:
            raise InsecureKeyringError(
                "No secure OS keyring is available "
                f"(found: {describe_keyring_backend(active)}), so {consequence}. "
                "Passwords and tokens are kept only in the system's keyring "
                "(Windows Credential Manager, macOS Keychain, or a Secret Service "
                "such as GNOME Keyring or KWallet)."
            )
        return backend

    def _keyring_failed(self, action: str, source_url: str, error: KeyringError) -> CredentialError:
        """A message naming what failed; the keyring's own text is left out, as it
        is not written for people (and is not ours to vouch for)."""
        name = self.describe_backend()
        if isinstance(error, KeyringLocked):
            return CredentialError(
                f"The keyring ({name}) is locked; unlock it and try again "
                f"(could not {action} for {source_url})."
            )
        return CredentialError(
            f"The keyring ({name}) could not {action} for {source_url} ({type(error).__name__})."
        )
