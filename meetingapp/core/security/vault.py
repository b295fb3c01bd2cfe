"""Where the store's master key comes from: the OS keyring, or a passphrase.

Each data directory has one random 256-bit master key (``StoreKeys.from_master``
derives the database key and the blob key from it). The key itself is kept
outside the data directory: in a secure OS keyring when there is one (service
``meetingapp:store``, account = the store id, base64 text), and, when the user
chose a passphrase, also wrapped under it in ``key.json`` beside the data. That
wrap is how a machine without a secure keyring unlocks at every start, and how a
new machine (or a lost keyring) gets back to the notes.

``key.json`` holds only ``{"format": 1, "store_id": …, "recovery": null | {…}}``:
never the key in plain text, so copying the data folder (a backup, a stolen
laptop's disk) gives nothing without the keyring or the passphrase. The wrap is
scrypt (parameters and salt stored, so they can grow later) feeding AES-256-GCM,
with the store id as associated data so a wrap cannot be moved to another store.

Keyring calls may block (D-Bus, an unlock prompt): at start, before the main
window exists, that is acceptable; later, call them off the GUI thread.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
import logging
import os
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import keyring
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringError, KeyringLocked, PasswordDeleteError

from meetingapp.net.credentials import SERVICE_PREFIX, describe_keyring_backend, secure_backend
from meetingapp.runtime.instance import LOCK_FILE_NAME
from meetingapp.runtime.logs import LOG_DIRECTORY
from meetingapp.runtime.paths import PRIVATE_DIR_MODE
from meetingapp.store import DATABASE_NAME
from meetingapp.store.durable import atomic_write, sync_directory
from meetingapp.store.keys import (
    KEY_BYTES,
    new_master_key,
    normalized,
    scrypt_memory,
    stretch,
)
from meetingapp.store.keys import StoreKeys as StoreKeys  # what unlocking answers
from meetingapp.store.sql import PLAIN_HEADER

KEY_FILE_NAME: Final = "key.json"
KEY_FILE_FORMAT: Final = 1
KEYRING_SERVICE: Final = SERVICE_PREFIX + "store"
MIN_PASSPHRASE_LENGTH: Final = 8
ASIDE_INFIX: Final = ".olasbar-"
"""``<data_dir>.olasbar-<YYYYMMDD-HHMMSS>``: where unreadable content is moved, never deleted."""

SCRYPT_N: Final = 2**18
"""About 0.6 s on a current laptop core: once per start without a keyring, dear for guessing."""
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
SALT_BYTES: Final = 16
NONCE_BYTES: Final = 12
_TAG_BYTES: Final = 16
_KDF: Final = "scrypt"
_CIPHER: Final = "aes-256-gcm"
_MAX_SCRYPT_MEMORY: Final = 2**30
"""A key file asking scrypt for more memory than this is refused, not tried."""
_STORE_ID: Final = re.compile(r"[0-9a-f]{32}")
_RECOVERY_FIELDS: Final = frozenset({"kdf", "n", "r", "p", "salt", "cipher", "nonce", "ciphertext"})
_KEY_FILE_FIELDS: Final = frozenset({"format", "store_id", "recovery"})

_log = logging.getLogger(__name__)


class VaultError(Exception):
    """The store's key cannot be had or kept; the message is written for people."""


class WrongPassphraseError(VaultError):
    """The passphrase does not unwrap the key."""


class KeyringUnusableError(VaultError):
    """No secure keyring, or it refused or is locked; the message names the backend found."""


class KeyLostError(VaultError):
    """There is encrypted data, but no keyring entry and no passphrase leads to its key."""


class UnlockState(enum.StrEnum):
    """What unlocking this data directory takes (:meth:`KeyVault.state`)."""

    NEW = "new"
    KEYRING = "keyring"
    PASSPHRASE = "passphrase"
    LOST = "lost"


def passphrase_long_enough(passphrase: str) -> bool:
    """The vault's one rule for a new passphrase (the dialogs check it as typed)."""
    return len(normalized(passphrase)) >= MIN_PASSPHRASE_LENGTH


def aside_path(data_dir: Path, when: datetime | None = None) -> Path:
    """A free ``<data_dir>.olasbar-<YYYYMMDD-HHMMSS>`` beside ``data_dir``."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = data_dir.with_name(f"{data_dir.name}{ASIDE_INFIX}{stamp}")
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


# The key file ---------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class _Wrap:
    """The master key wrapped under a passphrase, as key.json's ``recovery`` keeps it."""

    n: int
    r: int
    p: int
    salt: bytes = field(repr=False)
    nonce: bytes = field(repr=False)
    ciphertext: bytes = field(repr=False)

    def to_json(self) -> dict[str, object]:
        return {
            "kdf": _KDF,
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "salt": _b64(self.salt),
            "cipher": _CIPHER,
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_json(cls, value: object) -> _Wrap:
        record = _object(value, "recovery", _RECOVERY_FIELDS)
        if record["kdf"] != _KDF or record["cipher"] != _CIPHER:
            raise VaultError("The recovery passphrase uses a scheme this version cannot read.")
        wrap = cls(
            n=_integer(record, "n"),
            r=_integer(record, "r"),
            p=_integer(record, "p"),
            salt=_binary(record, "salt"),
            nonce=_binary(record, "nonce"),
            ciphertext=_binary(record, "ciphertext"),
        )
        wrap.check()
        return wrap

    def check(self) -> None:
        """Refuse what scrypt or AES-GCM cannot take, before spending time or memory."""
        _check_scrypt(self.n, self.r, self.p)
        if len(self.salt) < SALT_BYTES or len(self.nonce) != NONCE_BYTES:
            raise VaultError("The recovery passphrase's salt or nonce has the wrong length.")
        if len(self.ciphertext) != KEY_BYTES + _TAG_BYTES:
            raise VaultError("The wrapped key has the wrong length.")

    def __repr__(self) -> str:
        return f"_Wrap(scrypt n={self.n} r={self.r} p={self.p})"


@dataclass(frozen=True)
class _KeyFile:
    store_id: str
    recovery: _Wrap | None = None

    def encode(self) -> bytes:
        recovery = self.recovery.to_json() if self.recovery is not None else None
        record = {"format": KEY_FILE_FORMAT, "store_id": self.store_id, "recovery": recovery}
        return (json.dumps(record, indent=2) + "\n").encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> _KeyFile:
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise VaultError("The key file is not valid JSON.") from error
        record = _object(value, "key file", _KEY_FILE_FIELDS)
        if type(record["format"]) is not int or record["format"] != KEY_FILE_FORMAT:
            raise VaultError("The key file has a format this version cannot read.")
        store_id = record["store_id"]
        if not isinstance(store_id, str) or not _STORE_ID.fullmatch(store_id):
            raise VaultError("The key file's store id is not valid.")
        recovery = record["recovery"]
        return cls(store_id, None if recovery is None else _Wrap.from_json(recovery))


def _object(value: object, what: str, fields: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise VaultError(f"The {what} is not a JSON object.")
    if set(value) != fields:
        missing, unknown = sorted(fields - set(value)), sorted(set(value) - fields)
        raise VaultError(f"The {what} has missing fields {missing} or unknown ones {unknown}.")
    return value


def _integer(record: dict[str, Any], name: str) -> int:
    value = record[name]
    if type(value) is not int:  # bool is an int too, and is not meant
        raise VaultError(f"The recovery passphrase's {name!r} is not a whole number.")
    return value


def _binary(record: dict[str, Any], name: str) -> bytes:
    value = record[name]
    if not isinstance(value, str):
        raise VaultError(f"The recovery passphrase's {name!r} is not text.")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise VaultError(f"The recovery passphrase's {name!r} is not valid base64.") from error


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# Wrapping -------------------------------------------------------------------------------------


def _check_scrypt(n: int, r: int, p: int) -> None:
    if n < 2**10 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise VaultError("The recovery passphrase's scrypt parameters are not valid.")
    if scrypt_memory(n, r, p) > _MAX_SCRYPT_MEMORY:
        raise VaultError("The recovery passphrase's scrypt parameters ask for too much memory.")


def _wrapping_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return stretch(passphrase, salt, n=n, r=r, p=p, length=KEY_BYTES)


def _wrap(master: bytes, passphrase: str, store_id: str, n: int) -> _Wrap:
    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    key = _wrapping_key(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(key).encrypt(nonce, master, store_id.encode("ascii"))
    return _Wrap(n, SCRYPT_R, SCRYPT_P, salt, nonce, sealed)


def _unwrap(wrap: _Wrap, passphrase: str, store_id: str) -> bytes:
    key = _wrapping_key(passphrase, wrap.salt, wrap.n, wrap.r, wrap.p)
    try:
        return AESGCM(key).decrypt(wrap.nonce, wrap.ciphertext, store_id.encode("ascii"))
    except InvalidTag:
        raise WrongPassphraseError("The passphrase is not the right one.") from None


def _encode_key(master: bytes) -> str:
    return base64.b64encode(master).decode("ascii")


def _decode_key(text: str) -> bytes | None:
    """The key in a keyring entry; None when the entry is not one (damaged, foreign)."""
    try:
        master = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return master if len(master) == KEY_BYTES else None


def _database_looks_encrypted(data_dir: Path) -> bool:
    """A database file with content that is not plain SQLite: encrypted, so it needs a key."""
    path = data_dir / DATABASE_NAME
    try:
        with path.open("rb") as stream:
            head = stream.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return False
    except OSError as error:
        raise VaultError(f"The database {path} cannot be read ({type(error).__name__}).") from error
    return bool(head) and head != PLAIN_HEADER


# The vault ------------------------------------------------------------------------------------


class KeyVault:
    """The master key of one data directory: made, kept, unwrapped and re-wrapped.

    After :meth:`create`, :meth:`unlock` or :meth:`unlock_with_passphrase` the
    instance holds the master key of the session (only ever handed out as
    :class:`StoreKeys`), so a recovery passphrase can be set or changed later
    without asking for the key again.
    """

    def __init__(
        self, data_dir: Path, backend: KeyringBackend | None = None, *, scrypt_n: int = SCRYPT_N
    ) -> None:
        """``backend`` for tests and special setups; by default keyring's active one,
        looked up at every call. ``scrypt_n`` is the cost of new wraps only."""
        _check_scrypt(scrypt_n, SCRYPT_R, SCRYPT_P)
        self.data_dir = data_dir
        self._backend = backend
        self._scrypt_n = scrypt_n
        self._master: bytes | None = None

    def __repr__(self) -> str:
        """Cheap and secret-free: no keyring lookup, no key."""
        unlocked = "unlocked" if self.is_unlocked else "locked"
        return f"KeyVault({str(self.data_dir)!r}, {unlocked})"

    @property
    def key_file(self) -> Path:
        return self.data_dir / KEY_FILE_NAME

    @property
    def is_unlocked(self) -> bool:
        return self._master is not None

    # What there is ----------------------------------------------------------------------------

    def state(self) -> UnlockState:
        """What unlocking takes. May block on the keyring.

        Raises :class:`KeyringUnusableError` when only the keyring could give the
        key and it cannot now (none secure, locked): that is not a lost key, and
        the user may fix it; :class:`VaultError` for a damaged key file.
        """
        record = self._read_key_file()
        if record is None:
            return UnlockState.LOST if _database_looks_encrypted(self.data_dir) else UnlockState.NEW
        try:
            master = self._from_keyring(record.store_id)
        except KeyringUnusableError:
            if record.recovery is not None:
                return UnlockState.PASSPHRASE
            raise
        if master is not None:
            return UnlockState.KEYRING
        return UnlockState.PASSPHRASE if record.recovery is not None else UnlockState.LOST

    def keyring_is_secure(self) -> bool:
        return secure_backend(self._active()) is not None

    def keyring_found(self) -> bool:
        """Whether there is a keyring at all, secure or not (keyring's ``fail`` and
        ``null`` backends stand for none)."""
        return not isinstance(self._active(), fail.Keyring | null.Keyring)

    def describe_keyring(self) -> str:
        return describe_keyring_backend(self._active())

    def has_recovery(self) -> bool:
        record = self._read_key_file()
        return record is not None and record.recovery is not None

    # Getting the key --------------------------------------------------------------------------

    def create(self, passphrase: str | None = None) -> StoreKeys:
        """A new master key: into the secure keyring if there is one, wrapped under
        ``passphrase`` if given. The keyring entry is written before key.json, so a
        crash in between leaves a new store (an unused entry), never a lost key."""
        if passphrase is not None:
            _require_long_enough(passphrase)
        if self._read_key_file() is not None:
            raise VaultError(f"The data folder {self.data_dir} has a key already.")
        if _database_looks_encrypted(self.data_dir):
            raise KeyLostError(f"The data folder {self.data_dir} holds encrypted data already.")
        master, store_id = new_master_key(), uuid.uuid4().hex
        in_keyring = self._keep_new_key(store_id, master, required=passphrase is None)
        wrap = None if passphrase is None else _wrap(master, passphrase, store_id, self._scrypt_n)
        try:
            self._write_key_file(_KeyFile(store_id, wrap))
        except BaseException:
            if in_keyring:
                self._forget_keyring_entry(store_id)
            raise
        _log.info("Store key created (in keyring: %s, passphrase: %s)", in_keyring, bool(wrap))
        return self._unlocked(master)

    def unlock(self) -> StoreKeys:
        """The key from the keyring."""
        record = self._require_key_file()
        master = self._from_keyring(record.store_id)
        if master is not None:
            return self._unlocked(master)
        if record.recovery is not None:
            raise KeyringUnusableError(
                f"The keyring ({self.describe_keyring()}) does not hold this data folder's key; "
                "unlock it with the passphrase."
            )
        raise KeyLostError(
            f"The keyring ({self.describe_keyring()}) does not hold the key of the data folder "
            f"{self.data_dir}, and no passphrase was set for it."
        )

    def unlock_with_passphrase(self, passphrase: str) -> StoreKeys:
        """The key unwrapped; also put back into a secure keyring that lacks it, so
        the next start is silent (a keyring failure there is not an error)."""
        record = self._require_key_file()
        if record.recovery is None:
            raise VaultError(f"No passphrase was set for the data folder {self.data_dir}.")
        master = _unwrap(record.recovery, passphrase, record.store_id)
        self._restore_into_keyring(record.store_id, master)
        return self._unlocked(master)

    # The recovery passphrase ------------------------------------------------------------------

    def set_recovery_passphrase(self, passphrase: str) -> None:
        """Wrap the unlocked session's key under ``passphrase``, replacing any earlier wrap."""
        _require_long_enough(passphrase)
        master = self._require_unlocked()
        record = self._require_key_file()
        wrap = _wrap(master, passphrase, record.store_id, self._scrypt_n)
        self._write_key_file(_KeyFile(record.store_id, wrap))
        _log.info("Store key's recovery passphrase set")

    def remove_recovery_passphrase(self) -> None:
        """Forget the wrap; refused unless the keyring holds this very key, as the
        data would otherwise become unreadable."""
        master = self._require_unlocked()
        record = self._require_key_file()
        try:
            in_keyring = self._from_keyring(record.store_id) == master
        except KeyringUnusableError:
            in_keyring = False
        if not in_keyring:
            raise VaultError(
                f"The keyring ({self.describe_keyring()}) does not hold this data folder's key, "
                "so the passphrase is its only way in and is kept."
            )
        self._write_key_file(_KeyFile(record.store_id, None))
        _log.info("Store key's recovery passphrase removed")

    # Starting over ----------------------------------------------------------------------------

    def move_data_aside(self, target: Path | None = None) -> Path:
        """Move the data folder's content (all but the open log files and the
        instance lock, which this process holds) into ``target``
        (by default :func:`aside_path`): renamed, never deleted, so a key found later
        still opens it. The folder is then a new, empty store."""
        target = aside_path(self.data_dir) if target is None else target
        target.mkdir(mode=PRIVATE_DIR_MODE)  # as private as the data folder it came from
        for entry in sorted(self.data_dir.iterdir()):
            if entry.name not in (LOG_DIRECTORY, LOCK_FILE_NAME):
                entry.rename(target / entry.name)
        sync_directory(target)
        sync_directory(self.data_dir)
        self._master = None
        _log.info("Unreadable data moved aside to %s", target)
        return target

    # Inside -----------------------------------------------------------------------------------

    def _active(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def _unlocked(self, master: bytes) -> StoreKeys:
        self._master = master
        return StoreKeys.from_master(master)

    def _require_unlocked(self) -> bytes:
        if self._master is None:
            raise VaultError("The data folder's key is not unlocked.")
        return self._master

    def _secure(self) -> KeyringBackend:
        active = self._active()
        backend = secure_backend(active)
        if backend is None:
            raise KeyringUnusableError(
                f"No secure OS keyring is available (found: {describe_keyring_backend(active)})."
            )
        return backend

    def _keyring_failed(self, error: KeyringError) -> KeyringUnusableError:
        """The keyring's own text is left out: it is not written for people."""
        name = self.describe_keyring()
        if isinstance(error, KeyringLocked):
            return KeyringUnusableError(f"The keyring ({name}) is locked; unlock it and try again.")
        return KeyringUnusableError(f"The keyring ({name}) failed ({type(error).__name__}).")

    def _from_keyring(self, store_id: str) -> bytes | None:
        """The key in the secure keyring; None when there is no (usable) entry."""
        backend = self._secure()
        try:
            text = backend.get_password(KEYRING_SERVICE, store_id)
        except KeyringError as error:
            raise self._keyring_failed(error) from error
        if text is None:
            return None
        master = _decode_key(text)
        if master is None:
            _log.warning("The keyring entry of the store key is damaged; it is not used")
        return master

    def _keep_new_key(self, store_id: str, master: bytes, *, required: bool) -> bool:
        """Store (and read back) a new key; whether the keyring holds it. ``required``:
        a failure is an error, as nothing else would lead to the key."""
        if not required and not self.keyring_is_secure():
            return False
        try:
            self._store_and_check(store_id, master)
        except KeyringUnusableError:
            if required:
                raise
            _log.warning("The keyring did not take the new store key; the passphrase unlocks it")
            return False
        return True

    def _store_and_check(self, store_id: str, master: bytes) -> None:
        """Some keyrings take an entry and keep nothing: read it back. An entry that
        did not come back whole is removed again (it would be a key of nothing)."""
        backend = self._secure()
        try:
            backend.set_password(KEYRING_SERVICE, store_id, _encode_key(master))
        except KeyringError as error:
            raise self._keyring_failed(error) from error
        try:
            kept = self._from_keyring(store_id) == master
        except KeyringUnusableError:
            kept = False
        if not kept:
            self._forget_keyring_entry(store_id)
            raise KeyringUnusableError(
                f"The keyring ({self.describe_keyring()}) did not keep the key."
            )

    def _restore_into_keyring(self, store_id: str, master: bytes) -> None:
        if not self.keyring_is_secure():
            return
        try:
            if self._from_keyring(store_id) != master:
                self._secure().set_password(KEYRING_SERVICE, store_id, _encode_key(master))
                _log.info("Store key put back into the keyring")
        except (KeyringError, KeyringUnusableError) as error:
            _log.warning(
                "The store key could not be put into the keyring (%s)", type(error).__name__
            )

    def _forget_keyring_entry(self, store_id: str) -> None:
        try:
            self._secure().delete_password(KEYRING_SERVICE, store_id)
        except (KeyringError, KeyringUnusableError, PasswordDeleteError):
            _log.warning("An unused store key could not be removed from the keyring")

    def _read_key_file(self) -> _KeyFile | None:
        try:
            data = self.key_file.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise VaultError(
                f"The key file {self.key_file} cannot be read ({type(error).__name__})."
            ) from error
        try:
            return _KeyFile.decode(data)
        except VaultError as error:
            raise VaultError(f"The key file {self.key_file} is damaged: {error}") from None

    def _require_key_file(self) -> _KeyFile:
        record = self._read_key_file()
        if record is None:
            if _database_looks_encrypted(self.data_dir):
                raise KeyLostError(f"The key file {self.key_file} is gone.")
            raise VaultError(f"The data folder {self.data_dir} has no key yet.")
        return record

    def _write_key_file(self, record: _KeyFile) -> None:
        """Atomically and durably, readable by the user only (the wrap is not the
        key, but there is no reason to show it to others)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        partial = self.key_file.with_name(f".{KEY_FILE_NAME}.{secrets.token_hex(6)}.partial")
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            atomic_write(self.key_file, record.encode(), temporary=partial)
        finally:
            partial.unlink(missing_ok=True)


def _require_long_enough(passphrase: str) -> None:
    if not passphrase_long_enough(passphrase):
        raise ValueError(f"A passphrase has at least {MIN_PASSPHRASE_LENGTH} characters")
