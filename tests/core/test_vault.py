"""The store's master key: made, kept in the keyring or behind a passphrase, found again.

Real files and keyring stand-ins (tests/keyrings.py); databases are made with
the store's SQLCipher driver, encrypted or plain. scrypt runs at n = 2**12 to keep this quick.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from meetingapp.core.security.vault import (
    KEY_FILE_NAME,
    KEYRING_SERVICE,
    MIN_PASSPHRASE_LENGTH,
    KeyLostError,
    KeyringUnusableError,
    KeyVault,
    UnlockState,
    VaultError,
    WrongPassphraseError,
    aside_path,
    passphrase_long_enough,
)
from meetingapp.store import DATABASE_NAME, sql
from meetingapp.store.keys import StoreKeys
from tests.keyrings import LockedKeyring, MemoryKeyring, PlaintextFileLike

FAST_N = 2**12
PASSPHRASE = "sju små blåbär i skogen"
OTHER_PASSPHRASE = "ett helt annat lösenord"


class ForgetfulKeyring(MemoryKeyring):
    """Takes every entry and keeps none (as a broken keyring daemon may)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


MemoryKeyring._classes.discard(ForgetfulKeyring)


def vault(data_dir: Path, backend: Any) -> KeyVault:
    return KeyVault(data_dir, backend, scrypt_n=FAST_N)


def key_file(data_dir: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((data_dir / KEY_FILE_NAME).read_text(encoding="utf-8"))
    return record


def master_in(backend: MemoryKeyring, data_dir: Path) -> bytes:
    """The master key, as the keyring stand-in holds it."""
    text = backend.entries[(KEYRING_SERVICE, key_file(data_dir)["store_id"])]
    return base64.b64decode(text, validate=True)


def make_database(data_dir: Path, key: bytes | None) -> None:
    """A real database: SQLCipher-encrypted under ``key``, or plain SQLite without."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / DATABASE_NAME
    connection = sql.connect(path) if key is None else sql.connect_encrypted(path, key)
    connection.execute("CREATE TABLE note (body TEXT)")
    connection.execute("INSERT INTO note VALUES ('läs bilaga 2')")
    connection.commit()
    connection.close()


def key_material(master: bytes) -> list[bytes]:
    encoded = base64.b64encode(master)
    return [master, encoded, master.hex().encode(), master.hex().upper().encode(), encoded[:20]]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


# States ---------------------------------------------------------------------------------------


def test_a_missing_or_empty_data_folder_is_new(data_dir: Path) -> None:
    keys = MemoryKeyring()
    assert vault(data_dir, keys).state() is UnlockState.NEW
    data_dir.mkdir()
    assert vault(data_dir, keys).state() is UnlockState.NEW
    assert not vault(data_dir, keys).has_recovery()


def test_a_plain_database_without_key_file_is_new(data_dir: Path) -> None:
    """An old plain-text data folder: the store converts it under a new key."""
    make_database(data_dir, key=None)
    assert vault(data_dir, MemoryKeyring()).state() is UnlockState.NEW


def test_an_encrypted_database_without_key_file_is_lost(data_dir: Path) -> None:
    make_database(data_dir, key=os.urandom(32))
    keys = MemoryKeyring()
    assert vault(data_dir, keys).state() is UnlockState.LOST
    with pytest.raises(KeyLostError):
        vault(data_dir, keys).unlock()
    with pytest.raises(KeyLostError):
        vault(data_dir, keys).create(PASSPHRASE)
    assert not (data_dir / KEY_FILE_NAME).exists()


def test_created_with_a_keyring_the_state_is_keyring(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create()
    assert vault(data_dir, keys).state() is UnlockState.KEYRING
    assert key_file(data_dir)["recovery"] is None
    assert (
        vault(data_dir, keys).unlock() == made == StoreKeys.from_master(master_in(keys, data_dir))
    )


def test_keyring_entry_gone_and_no_passphrase_is_lost(data_dir: Path) -> None:
    keys = MemoryKeyring()
    vault(data_dir, keys).create()
    keys.entries.clear()
    assert vault(data_dir, keys).state() is UnlockState.LOST
    with pytest.raises(KeyLostError, match="no passphrase"):
        vault(data_dir, keys).unlock()


def test_keyring_entry_gone_with_a_passphrase_asks_for_it(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create(PASSPHRASE)
    keys.entries.clear()
    assert vault(data_dir, keys).state() is UnlockState.PASSPHRASE
    with pytest.raises(KeyringUnusableError, match="passphrase"):
        vault(data_dir, keys).unlock()
    assert vault(data_dir, keys).unlock_with_passphrase(PASSPHRASE) == made


def test_a_damaged_keyring_entry_counts_as_missing(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create(PASSPHRASE)
    entry = (KEYRING_SERVICE, key_file(data_dir)["store_id"])
    keys.entries[entry] = "not a key!"
    assert vault(data_dir, keys).state() is UnlockState.PASSPHRASE
    assert vault(data_dir, keys).unlock_with_passphrase(PASSPHRASE) == made
    assert vault(data_dir, keys).state() is UnlockState.KEYRING, "the entry was repaired"


# Creating -------------------------------------------------------------------------------------


def test_create_with_keyring_and_passphrase_keeps_both(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create(PASSPHRASE)
    assert vault(data_dir, keys).state() is UnlockState.KEYRING
    assert vault(data_dir, keys).has_recovery()
    assert vault(data_dir, keys).unlock() == made
    assert vault(data_dir, MemoryKeyring()).unlock_with_passphrase(PASSPHRASE) == made


@pytest.mark.parametrize("insecure", [PlaintextFileLike, fail.Keyring])
def test_create_without_secure_keyring_uses_the_passphrase_only(
    data_dir: Path, insecure: Callable[[], Any]
) -> None:
    backend = insecure()
    made = vault(data_dir, backend).create(PASSPHRASE)
    assert getattr(backend, "entries", {}) == {}, "nothing goes into an insecure keyring"
    assert vault(data_dir, backend).state() is UnlockState.PASSPHRASE
    assert vault(data_dir, backend).unlock_with_passphrase(PASSPHRASE) == made


@pytest.mark.parametrize("backend", [PlaintextFileLike(), fail.Keyring(), ForgetfulKeyring()])
def test_no_usable_keyring_and_no_passphrase_is_refused_and_writes_nothing(
    tmp_path: Path, backend: Any
) -> None:
    data_dir = tmp_path / "data"
    with pytest.raises(KeyringUnusableError) as caught:
        vault(data_dir, backend).create()
    assert vault(data_dir, backend).describe_keyring() in str(caught.value)
    assert list(tmp_path.iterdir()) == []
    assert getattr(backend, "entries", {}) == {}


def test_a_plaintext_file_keyring_is_not_secure(data_dir: Path) -> None:
    plain = vault(data_dir, PlaintextFileLike())
    assert not plain.keyring_is_secure()
    assert plain.describe_keyring() == PlaintextFileLike().name
    assert vault(data_dir, MemoryKeyring()).keyring_is_secure()
    assert vault(data_dir, fail.Keyring()).describe_keyring() == "no keyring available"


def test_a_keyring_that_refuses_falls_back_to_the_passphrase(data_dir: Path) -> None:
    made = vault(data_dir, ForgetfulKeyring()).create(PASSPHRASE)
    assert vault(data_dir, MemoryKeyring()).unlock_with_passphrase(PASSPHRASE) == made


def test_create_refuses_an_existing_key(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create()
    with pytest.raises(VaultError, match="has a key already"):
        vault(data_dir, keys).create(PASSPHRASE)
    assert vault(data_dir, keys).unlock() == made


def test_a_short_passphrase_is_refused(data_dir: Path) -> None:
    short = "x" * (MIN_PASSPHRASE_LENGTH - 1)
    assert not passphrase_long_enough(short)
    assert passphrase_long_enough(short + "y")
    with pytest.raises(ValueError, match="at least 8"):
        vault(data_dir, MemoryKeyring()).create(short)
    assert not data_dir.exists()


def test_a_crash_before_the_key_file_leaves_a_new_store(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = MemoryKeyring()

    def power_cut(*args: object, **kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr("meetingapp.core.security.vault.atomic_write", power_cut)
    with pytest.raises(OSError, match="disk gone"):
        vault(data_dir, keys).create(PASSPHRASE)
    monkeypatch.undo()
    assert vault(data_dir, keys).state() is UnlockState.NEW
    assert keys.entries == {}, "the unused entry was taken back"
    assert [path.name for path in data_dir.iterdir()] == [], "no partial file is left"


# Unlocking with a passphrase ------------------------------------------------------------------


def test_a_wrong_passphrase_is_told_apart(data_dir: Path) -> None:
    backend = PlaintextFileLike()
    vault(data_dir, backend).create(PASSPHRASE)
    opening = vault(data_dir, backend)
    with pytest.raises(WrongPassphraseError):
        opening.unlock_with_passphrase(OTHER_PASSPHRASE)
    assert not opening.is_unlocked
    with pytest.raises(WrongPassphraseError):
        opening.unlock_with_passphrase("")


def test_the_passphrase_unlock_puts_the_key_into_a_secure_keyring(data_dir: Path) -> None:
    made = vault(data_dir, PlaintextFileLike()).create(PASSPHRASE)
    keys = MemoryKeyring()
    assert vault(data_dir, keys).state() is UnlockState.PASSPHRASE
    assert vault(data_dir, keys).unlock_with_passphrase(PASSPHRASE) == made
    assert StoreKeys.from_master(master_in(keys, data_dir)) == made
    assert vault(data_dir, keys).state() is UnlockState.KEYRING
    assert vault(data_dir, keys).unlock() == made


def test_a_locked_keyring_asks_for_the_passphrase(data_dir: Path) -> None:
    made = vault(data_dir, MemoryKeyring()).create(PASSPHRASE)
    locked = LockedKeyring()
    assert vault(data_dir, locked).state() is UnlockState.PASSPHRASE
    assert vault(data_dir, locked).unlock_with_passphrase(PASSPHRASE) == made
    with pytest.raises(KeyringUnusableError, match="is locked"):
        vault(data_dir, locked).unlock()


def test_a_locked_keyring_without_passphrase_is_a_clear_error(data_dir: Path) -> None:
    vault(data_dir, MemoryKeyring()).create()
    with pytest.raises(KeyringUnusableError, match=r"The keyring \(.+\) is locked; unlock it"):
        vault(data_dir, LockedKeyring()).state()


def test_no_secure_keyring_for_a_keyring_only_store_is_not_called_lost(data_dir: Path) -> None:
    """A keyring that is not running today may run tomorrow: say so, do not start over."""
    vault(data_dir, MemoryKeyring()).create()
    with pytest.raises(KeyringUnusableError, match="found: no keyring available"):
        vault(data_dir, fail.Keyring()).state()


def test_the_unwrap_uses_the_cost_stored_in_the_key_file(data_dir: Path) -> None:
    made = vault(data_dir, PlaintextFileLike()).create(PASSPHRASE)
    assert key_file(data_dir)["recovery"]["n"] == FAST_N
    default_cost = KeyVault(data_dir, PlaintextFileLike())
    assert default_cost.unlock_with_passphrase(PASSPHRASE) == made


def test_the_passphrase_is_the_same_however_its_letters_are_composed(data_dir: Path) -> None:
    composed = unicodedata.normalize("NFC", PASSPHRASE)
    made = vault(data_dir, PlaintextFileLike()).create(composed)
    decomposed = unicodedata.normalize("NFD", PASSPHRASE)
    assert decomposed != composed
    assert vault(data_dir, PlaintextFileLike()).unlock_with_passphrase(decomposed) == made


def test_the_wrap_belongs_to_its_store_id(data_dir: Path) -> None:
    vault(data_dir, PlaintextFileLike()).create(PASSPHRASE)
    record = key_file(data_dir)
    record["store_id"] = "0" * 32
    (data_dir / KEY_FILE_NAME).write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(WrongPassphraseError):
        vault(data_dir, PlaintextFileLike()).unlock_with_passphrase(PASSPHRASE)


# The recovery passphrase ----------------------------------------------------------------------


def test_a_recovery_passphrase_is_set_and_replaced(data_dir: Path) -> None:
    keys = MemoryKeyring()
    session = vault(data_dir, keys)
    made = session.create()
    session.set_recovery_passphrase(PASSPHRASE)
    assert vault(data_dir, MemoryKeyring()).unlock_with_passphrase(PASSPHRASE) == made
    session.set_recovery_passphrase(OTHER_PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        vault(data_dir, MemoryKeyring()).unlock_with_passphrase(PASSPHRASE)
    assert vault(data_dir, MemoryKeyring()).unlock_with_passphrase(OTHER_PASSPHRASE) == made
    assert vault(data_dir, keys).unlock() == made


def test_setting_a_recovery_passphrase_needs_an_unlocked_session(data_dir: Path) -> None:
    keys = MemoryKeyring()
    vault(data_dir, keys).create()
    with pytest.raises(VaultError, match="not unlocked"):
        vault(data_dir, keys).set_recovery_passphrase(PASSPHRASE)
    session = vault(data_dir, keys)
    session.unlock()
    with pytest.raises(ValueError, match="at least"):
        session.set_recovery_passphrase("kort")
    assert not session.has_recovery()


def test_a_passphrase_session_can_change_its_passphrase(data_dir: Path) -> None:
    session = vault(data_dir, PlaintextFileLike())
    session.create(PASSPHRASE)
    session.set_recovery_passphrase(OTHER_PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        vault(data_dir, PlaintextFileLike()).unlock_with_passphrase(PASSPHRASE)
    vault(data_dir, PlaintextFileLike()).unlock_with_passphrase(OTHER_PASSPHRASE)


def test_the_recovery_passphrase_is_removed_only_while_the_keyring_holds_the_key(
    data_dir: Path,
) -> None:
    only_passphrase = vault(data_dir, PlaintextFileLike())
    only_passphrase.create(PASSPHRASE)
    with pytest.raises(VaultError, match="only way in"):
        only_passphrase.remove_recovery_passphrase()
    emptied = MemoryKeyring()
    emptied_session = vault(data_dir, emptied)
    emptied_session.unlock_with_passphrase(PASSPHRASE)
    emptied.entries.clear()
    with pytest.raises(VaultError, match="only way in"):
        emptied_session.remove_recovery_passphrase()
    assert vault(data_dir, emptied).has_recovery()

    keys = MemoryKeyring()
    session = vault(data_dir, keys)
    made = session.unlock_with_passphrase(PASSPHRASE)
    session.remove_recovery_passphrase()
    assert not vault(data_dir, keys).has_recovery()
    assert vault(data_dir, keys).state() is UnlockState.KEYRING
    assert vault(data_dir, keys).unlock() == made


# Reopening ------------------------------------------------------------------------------------


def test_the_same_master_gives_the_same_store_keys_after_reopening(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create(PASSPHRASE)
    master = master_in(keys, data_dir)
    assert made == StoreKeys.from_master(master)
    for _ in range(2):
        assert vault(data_dir, keys).unlock() == made
        assert vault(data_dir, keys).unlock_with_passphrase(PASSPHRASE) == made
    other = vault(data_dir.with_name("other"), keys).create()
    assert other != made, "each data folder has a key of its own"


# No key material where it does not belong -----------------------------------------------------


def test_the_key_file_holds_no_key(data_dir: Path) -> None:
    keys = MemoryKeyring()
    vault(data_dir, keys).create(PASSPHRASE)
    master = master_in(keys, data_dir)
    text = (data_dir / KEY_FILE_NAME).read_bytes()
    assert set(key_file(data_dir)) == {"format", "store_id", "recovery"}
    for material in key_material(master):
        assert material not in text
    if os.name == "posix":
        assert (data_dir / KEY_FILE_NAME).stat().st_mode & 0o777 == 0o600


def test_no_repr_str_or_log_shows_the_key(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    keys = MemoryKeyring()
    session = vault(data_dir, keys)
    made = session.create(PASSPHRASE)
    master = master_in(keys, data_dir)
    errors: list[BaseException] = []
    for attempt in (
        lambda: vault(data_dir, keys).create(),
        lambda: vault(data_dir, keys).unlock_with_passphrase(OTHER_PASSPHRASE),
        lambda: vault(data_dir, LockedKeyring()).unlock(),
    ):
        with pytest.raises(VaultError) as caught:
            attempt()
        errors.append(caught.value)
    shown = [repr(session), str(session), repr(made), str(made), caplog.text]
    shown += [f"{error!r} {error}" for error in errors]
    everything = " ".join(shown).encode()
    assert "unlocked" in repr(session)
    for material in [
        *key_material(master),
        made.database.hex().encode(),
        made.blobs.hex().encode(),
    ]:
        assert material not in everything
    assert PASSPHRASE not in " ".join(shown) and OTHER_PASSPHRASE not in " ".join(shown)


# A damaged key file ---------------------------------------------------------------------------


def _recovery(record: dict[str, Any]) -> dict[str, Any]:
    recovery: dict[str, Any] = record["recovery"]
    return recovery


DAMAGES: dict[str, Callable[[dict[str, Any]], object]] = {
    "not json": lambda record: b"{not json",
    "not utf-8": lambda record: b"\xff\xfe{}",
    "a list": lambda record: [record],
    "unknown format": lambda record: {**record, "format": 2},
    "format as text": lambda record: {**record, "format": "1"},
    "format as bool": lambda record: {**record, "format": True},
    "missing store id": lambda record: {"format": 1, "recovery": record["recovery"]},
    "an extra field": lambda record: {**record, "key": "hidden"},
    "store id not hex": lambda record: {**record, "store_id": "z" * 32},
    "store id a number": lambda record: {**record, "store_id": 12},
    "recovery a string": lambda record: {**record, "recovery": "secret"},
    "bad base64 salt": lambda record: {**record, "recovery": {**_recovery(record), "salt": "%%"}},
    "nonce not text": lambda record: {**record, "recovery": {**_recovery(record), "nonce": 12}},
    "short nonce": lambda record: {**record, "recovery": {**_recovery(record), "nonce": "AAAA"}},
    "short ciphertext": lambda record: {
        **record,
        "recovery": {**_recovery(record), "ciphertext": "AAAA"},
    },
    "n not a power of two": lambda record: {**record, "recovery": {**_recovery(record), "n": 5000}},
    "n as float": lambda record: {**record, "recovery": {**_recovery(record), "n": 4096.0}},
    "n too large": lambda record: {**record, "recovery": {**_recovery(record), "n": 2**30}},
    "unknown kdf": lambda record: {**record, "recovery": {**_recovery(record), "kdf": "argon2"}},
    "missing p": lambda record: {
        **record,
        "recovery": {k: v for k, v in _recovery(record).items() if k != "p"},
    },
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_key_file_is_a_clear_error(data_dir: Path, damage: str) -> None:
    vault(data_dir, PlaintextFileLike()).create(PASSPHRASE)
    damaged = DAMAGES[damage](key_file(data_dir))
    data = damaged if isinstance(damaged, bytes) else json.dumps(damaged).encode()
    (data_dir / KEY_FILE_NAME).write_bytes(data)
    opening = vault(data_dir, PlaintextFileLike())
    for call in (opening.state, lambda: opening.unlock_with_passphrase(PASSPHRASE)):
        with pytest.raises(VaultError, match=r"The key file .+ is damaged: The ") as caught:
            call()
        assert type(caught.value) is VaultError
        assert "Traceback" not in str(caught.value)


def test_an_unreadable_key_file_is_a_vault_error(data_dir: Path) -> None:
    (data_dir / KEY_FILE_NAME).mkdir(parents=True)
    with pytest.raises(VaultError, match="cannot be read"):
        vault(data_dir, MemoryKeyring()).state()


# Starting over --------------------------------------------------------------------------------


def test_moving_aside_renames_everything_but_the_logs(data_dir: Path) -> None:
    keys = MemoryKeyring()
    make_database(data_dir, key=os.urandom(32))
    (data_dir / "blobs" / "objects").mkdir(parents=True)
    (data_dir / "blobs" / "objects" / "ab").write_bytes(b"sealed blob")
    (data_dir / "logs").mkdir()
    (data_dir / "logs" / "meetingapp.log").write_text("a start\n", encoding="utf-8")
    database = (data_dir / DATABASE_NAME).read_bytes()
    session = vault(data_dir, keys)
    assert session.state() is UnlockState.LOST
    moved = session.move_data_aside()
    assert moved.parent == data_dir.parent
    assert moved.name.startswith("data.olasbar-")
    assert (moved / DATABASE_NAME).read_bytes() == database
    assert (moved / "blobs" / "objects" / "ab").read_bytes() == b"sealed blob"
    assert sorted(path.name for path in data_dir.iterdir()) == ["logs"]
    assert session.state() is UnlockState.NEW
    session.create()
    assert session.state() is UnlockState.KEYRING


def test_the_aside_name_has_the_time_and_never_reuses_a_folder(tmp_path: Path) -> None:
    when = datetime(2026, 3, 9, 14, 5, 7)
    first = aside_path(tmp_path / "data", when)
    assert first.name == "data.olasbar-20260309-140507"
    first.mkdir()
    assert aside_path(tmp_path / "data", when).name == "data.olasbar-20260309-140507-2"


def test_moving_the_data_aside_leaves_the_instance_lock_held(tmp_path: Path) -> None:
    """Starting over moves the unreadable content aside; the lock this process
    holds stays, so a second program still cannot start on the folder."""
    from meetingapp.runtime.instance import LOCK_FILE_NAME, AlreadyRunningError, InstanceLock

    data_dir = tmp_path / "data"
    (data_dir / "blobs").mkdir(parents=True)
    with InstanceLock.acquire(data_dir):
        moved = KeyVault(data_dir, scrypt_n=2**12).move_data_aside()
        assert (moved / "blobs").is_dir() and (data_dir / LOCK_FILE_NAME).is_file()
        with pytest.raises(AlreadyRunningError):
            InstanceLock.acquire(data_dir)
