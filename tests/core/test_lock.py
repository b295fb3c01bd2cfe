"""The app lock's core: the code's hash, the settings, the count of wrong tries, the pauses."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from meetingapp.core.context import AppContext
from meetingapp.core.security.app_lock import (
    DEFAULT_IDLE_MINUTES,
    KEY_CODE,
    KEY_FAILED_TRIES,
    KEY_IDLE_MINUTES,
    MAX_PAUSE_S,
    SCRYPT_N,
    Backoff,
    CodeHash,
    CodeProblem,
    LockSettings,
    code_matches,
    code_problem,
    failed_tries,
    hash_code,
    load_lock,
    pause_after,
    save_lock,
    try_code,
)
from meetingapp.core.settings import Settings, read_settings, write_settings
from meetingapp.store import sql
from meetingapp.store.local import get_app_state, set_app_state
from tests.store_keys import TEST_KEYS

CODE = "sekretess-2026"  # "-" is not in the base64 alphabet: it cannot appear by chance


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_right_code_matches_and_a_wrong_one_does_not() -> None:
    stored = hash_code(CODE)
    assert code_matches(CODE, stored)
    assert not code_matches("sekretess-2025", stored)
    assert not code_matches("", stored)


def test_each_hash_has_its_own_salt_and_never_holds_the_code() -> None:
    first, second = hash_code(CODE), hash_code(CODE)
    assert first.salt != second.salt and first.key != second.key
    for stored in (first, second):
        text = stored.encode()
        assert CODE not in text
        assert CODE not in repr(stored)
        assert CODE.encode() not in stored.salt + stored.key
        assert text.startswith(f"scrypt${SCRYPT_N}$8$1$")


def test_a_hash_reads_back_with_its_parameters() -> None:
    stored = hash_code(CODE, n=2**10)
    again = CodeHash.decode(stored.encode())
    assert again == stored
    assert again.n == 2**10
    assert code_matches(CODE, again), "checked with the parameters it was made with"


@pytest.mark.parametrize(
    "text",
    ["", "plain", "bcrypt$1$2$3$AAAA$AAAA", "scrypt$1000$8$1$AAAA$AAAA", "scrypt$1024$8$1$$AAAA"],
)
def test_what_is_not_a_hash_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        CodeHash.decode(text)


def test_the_same_letters_composed_or_not_are_the_same_code() -> None:
    composed = unicodedata.normalize("NFC", "hålö")
    decomposed = unicodedata.normalize("NFD", "hålö")
    assert composed != decomposed
    assert code_matches(decomposed, hash_code(composed))


def test_checking_a_code_costs_tens_of_milliseconds() -> None:
    """Dear enough to slow guessing, cheap enough for the user (parameters, not timing,
    decide the cost; the time is only checked loosely, the machine is shared)."""
    stored = hash_code(CODE)
    assert stored.n >= 2**14
    start = time.perf_counter()
    code_matches(CODE, stored)
    assert time.perf_counter() - start > 0.01


def test_a_new_code_needs_four_characters_typed_alike() -> None:
    assert code_problem("123", "123") is CodeProblem.TOO_SHORT
    assert code_problem("1234", "1243") is CodeProblem.MISMATCH
    assert code_problem("1234", "1234") is None
    assert code_problem("åäöü", "åäöü") is None


# Settings in the store ------------------------------------------------------------------


def test_the_lock_is_off_by_default(synced_context: AppContext) -> None:
    settings = load_lock(synced_context.store.db.read())
    assert settings == LockSettings()
    assert not settings.enabled
    assert settings.idle_minutes == DEFAULT_IDLE_MINUTES
    assert read_settings(synced_context.store).lock == LockSettings()


def test_the_lock_settings_are_kept_and_only_the_hash_is_stored(
    synced_context: AppContext, synced_data_dir: Path
) -> None:
    chosen = LockSettings(code=hash_code(CODE), idle_minutes=30)
    write_settings(synced_context.store, Settings(lock=chosen))
    again = AppContext(synced_context.data_dir, TEST_KEYS)
    try:
        assert load_lock(again.store.db.read()) == chosen
    finally:
        again.close()
    # The file is encrypted: search the whole database as SQL, decrypted.
    connection = sql.connect_encrypted(synced_data_dir / "meetingapp.sqlite3", TEST_KEYS.database)
    try:
        listed = connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        tables = [row[0] for row in listed]
        stored = "\n".join(
            str(row)
            for table in tables
            if not table.startswith("sqlite_")
            for row in connection.execute(f'SELECT * FROM "{table}"')
        )
    finally:
        connection.close()
    assert chosen.code is not None
    assert chosen.code.encode() in stored, "the hash is where the search looked"
    assert CODE not in stored


def test_turning_the_lock_off_removes_the_hash(synced_context: AppContext) -> None:
    write_settings(synced_context.store, Settings(lock=LockSettings(code=hash_code(CODE))))
    write_settings(synced_context.store, Settings(lock=LockSettings(idle_minutes=5)))
    db = synced_context.store.db.read()
    assert get_app_state(db, KEY_CODE) is None
    assert load_lock(db) == LockSettings(idle_minutes=5)


def test_unreadable_lock_settings_read_as_the_lock_off(synced_context: AppContext) -> None:
    with synced_context.store.db.write() as db:
        set_app_state(db, KEY_CODE, "scrypt$garbage")
        set_app_state(db, KEY_IDLE_MINUTES, "7")
        set_app_state(db, KEY_FAILED_TRIES, "many")
    db = synced_context.store.db.read()
    assert load_lock(db) == LockSettings()
    assert failed_tries(db) == 0


def test_idle_minutes_must_be_one_of_the_choices() -> None:
    with pytest.raises(ValueError, match="idle minutes"):
        LockSettings(idle_minutes=7)


# Tries and pauses -----------------------------------------------------------------------


def test_wrong_tries_are_counted_in_the_store_until_the_right_code(
    synced_context: AppContext,
) -> None:
    stored = hash_code(CODE, n=2**10)
    store = synced_context.store
    outcomes = [try_code(store, wrong, stored) for wrong in ("1111", "2222", "3333")]
    assert [(o.matched, o.failed_tries) for o in outcomes] == [(False, 1), (False, 2), (False, 3)]
    again = AppContext(synced_context.data_dir, TEST_KEYS)  # quitting does not reset the count
    try:
        assert failed_tries(again.store.db.read()) == 3
    finally:
        again.close()
    right = try_code(store, CODE, stored)
    assert right.matched and right.failed_tries == 0
    assert failed_tries(store.db.read()) == 0


def test_a_new_code_clears_the_count(synced_context: AppContext) -> None:
    stored = hash_code(CODE, n=2**10)
    write_settings(synced_context.store, Settings(lock=LockSettings(code=stored)))
    try_code(synced_context.store, "0000", stored)
    with synced_context.store.db.write() as db:
        save_lock(db, LockSettings(code=stored, idle_minutes=15))  # the same code: kept
        assert failed_tries(db) == 1
        save_lock(db, LockSettings(code=hash_code("9876", n=2**10)))
        assert failed_tries(db) == 0


def test_pauses_begin_at_the_fifth_wrong_try_and_double() -> None:
    assert [pause_after(n) for n in range(5)] == [0.0] * 5
    assert [pause_after(n) for n in range(5, 10)] == [30.0, 60.0, 120.0, 240.0, 480.0]
    assert pause_after(10) == MAX_PAUSE_S == 900.0
    assert pause_after(10_000) == MAX_PAUSE_S


def test_the_backoff_counts_down_on_its_clock() -> None:
    clock = FakeClock()
    backoff = Backoff(0, clock=clock)
    assert backoff.seconds_left() == 0
    backoff.set_failures(4)
    assert backoff.seconds_left() == 0
    backoff.set_failures(5)
    assert backoff.seconds_left() == 30
    clock.now += 12.5
    assert backoff.seconds_left() == 17.5
    clock.now += 20
    assert backoff.seconds_left() == 0
    backoff.set_failures(6)
    assert backoff.seconds_left() == 60


def test_a_start_after_many_wrong_tries_begins_with_the_pause() -> None:
    clock = FakeClock()
    assert Backoff(7, clock=clock).seconds_left() == 120
