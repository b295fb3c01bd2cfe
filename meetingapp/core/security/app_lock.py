"""The app lock's core: the lock code's hash, its check, the settings, the pause after wrong tries.

The lock protects the *screen*: while it is on, the window shows nothing of the
packet until the code is given. It does not protect the files: whoever can
read the data directory can read the documents (encryption at rest is a part
of its own). So the code is only ever kept as a salted scrypt hash, with its
parameters beside it, in the store's ``app_state``; the code itself is never
stored or logged.

Wrong tries are counted in ``app_state`` too, so quitting and starting again
does not reset the count: from the fifth wrong try on, each one is followed by
a pause that doubles (30 s, 1 min, 2 min … at most 15 min), and a start after
such a try begins with that pause again.

Plain Python: ``meetingapp.ui.shell.app_lock`` builds the lock screen and the idle
watch on top of it.
"""

from __future__ import annotations

import base64
import hmac
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Final

from meetingapp.store import Store, sql
from meetingapp.store.keys import normalized, stretch
from meetingapp.store.local import get_app_state, set_app_state

KEY_CODE: Final = "lock.code"
KEY_IDLE_MINUTES: Final = "lock.idle_minutes"
KEY_FAILED_TRIES: Final = "lock.failed_tries"

IDLE_MINUTES: Final = (5, 10, 15, 30, 60)
DEFAULT_IDLE_MINUTES: Final = 10
MIN_CODE_LENGTH: Final = 4

SCRYPT_N: Final = 2**15
"""About 70 ms per check on a current laptop core: cheap for the user, dear for guessing."""
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
SALT_BYTES: Final = 16
KEY_BYTES: Final = 32
_SCHEME: Final = "scrypt"

FREE_TRIES: Final = 4
"""Wrong tries without a pause; the fifth wrong try starts the first pause."""
FIRST_PAUSE_S: Final = 30.0
MAX_PAUSE_S: Final = 15 * 60.0

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CodeHash:
    """A lock code as stored: scrypt parameters, salt and derived key (never the code)."""

    n: int
    r: int
    p: int
    salt: bytes = field(repr=False)
    key: bytes = field(repr=False)

    def encode(self) -> str:
        """``scrypt$n$r$p$salt$key``, salt and key in base64: one line of ``app_state``."""
        parts = (_SCHEME, str(self.n), str(self.r), str(self.p), _b64(self.salt), _b64(self.key))
        return "$".join(parts)

    @classmethod
    def decode(cls, text: str) -> CodeHash:
        """The hash in ``text``; ``ValueError`` when it is not one."""
        parts = text.split("$")
        if len(parts) != 6 or parts[0] != _SCHEME:
            raise ValueError("not a scrypt code hash")
        n, r, p = (int(part) for part in parts[1:4])
        if n < 2 or n & (n - 1) or r < 1 or p < 1:
            raise ValueError("bad scrypt parameters")
        salt, key = (base64.b64decode(part, validate=True) for part in parts[4:6])
        if not salt or not key:
            raise ValueError("empty salt or key")
        return cls(n, r, p, salt, key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_code(code: str, *, n: int = SCRYPT_N, salt: bytes | None = None) -> CodeHash:
    """A new salted hash of ``code`` (a fresh random salt unless one is given)."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    key = stretch(code, salt, n=n, r=SCRYPT_R, p=SCRYPT_P, length=KEY_BYTES)
    return CodeHash(n, SCRYPT_R, SCRYPT_P, salt, key)


def code_matches(code: str, stored: CodeHash) -> bool:
    """Whether ``code`` is the code ``stored`` was made from (in constant time)."""
    key = stretch(code, stored.salt, n=stored.n, r=stored.r, p=stored.p, length=len(stored.key))
    return hmac.compare_digest(key, stored.key)


class CodeProblem(Enum):
    TOO_SHORT = "too short"
    MISMATCH = "mismatch"


def code_problem(code: str, repeated: str) -> CodeProblem | None:
    """Why a new code (typed twice) cannot be used, or None when it can."""
    if len(normalized(code)) < MIN_CODE_LENGTH:
        return CodeProblem.TOO_SHORT
    if code != repeated:
        return CodeProblem.MISMATCH
    return None


# Settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockSettings:
    """The lock is on when a code is set; it then locks after ``idle_minutes`` without input."""

    code: CodeHash | None = field(default=None, repr=False)
    idle_minutes: int = DEFAULT_IDLE_MINUTES

    def __post_init__(self) -> None:
        if self.idle_minutes not in IDLE_MINUTES:
            raise ValueError(f"idle minutes {self.idle_minutes} is not one of {IDLE_MINUTES}")

    @property
    def enabled(self) -> bool:
        return self.code is not None


def load_lock(db: sql.Connection) -> LockSettings:
    """The saved lock settings; unreadable values read as the defaults (the lock off).

    A damaged code hash turns the lock off rather than keeping everyone out: the
    lock guards the screen, and whoever can damage the store can read it anyway.
    """
    raw_code = get_app_state(db, KEY_CODE)
    code = None
    if raw_code:
        try:
            code = CodeHash.decode(raw_code)
        except ValueError:
            _log.warning("The stored lock code cannot be read; the lock is off")
    return LockSettings(code=code, idle_minutes=_idle_minutes(get_app_state(db, KEY_IDLE_MINUTES)))


def save_lock(db: sql.Connection, settings: LockSettings) -> None:
    """Write the lock settings; call inside ``Database.write()``.

    A new or removed code also clears the count of wrong tries.
    """
    before = get_app_state(db, KEY_CODE)
    after = settings.code.encode() if settings.code is not None else None
    if after is None:
        db.execute("DELETE FROM app_state WHERE key = ?", (KEY_CODE,))
    else:
        set_app_state(db, KEY_CODE, after)
    if before != after:
        set_app_state(db, KEY_FAILED_TRIES, "0")
    set_app_state(db, KEY_IDLE_MINUTES, str(settings.idle_minutes))


def _idle_minutes(raw: str | None) -> int:
    try:
        value = int(raw) if raw is not None else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return value if value in IDLE_MINUTES else DEFAULT_IDLE_MINUTES


# Tries ---------------------------------------------------------------------------------


def failed_tries(db: sql.Connection) -> int:
    raw = get_app_state(db, KEY_FAILED_TRIES)
    try:
        return max(int(raw), 0) if raw is not None else 0
    except ValueError:
        return 0


@dataclass(frozen=True)
class TryOutcome:
    matched: bool
    failed_tries: int
    """Wrong tries in a row, this one included (0 after the right code)."""


def try_code(store: Store, code: str, stored: CodeHash) -> TryOutcome:
    """Check ``code`` and record the outcome in the store; slow (scrypt): run it off
    the GUI thread."""
    matched = code_matches(code, stored)
    with store.db.write() as db:
        failures = 0 if matched else failed_tries(db) + 1
        set_app_state(db, KEY_FAILED_TRIES, str(failures))
    return TryOutcome(matched, failures)


def pause_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong tries in a row before the next try."""
    if failures <= FREE_TRIES:
        return 0.0
    doublings = min(failures - FREE_TRIES - 1, 16)  # no overflow after a great many tries
    return min(FIRST_PAUSE_S * 2.0**doublings, MAX_PAUSE_S)


class Backoff:
    """When the next try is allowed, on a monotonic clock (a changed wall clock does not
    shorten a pause). A pause starts when a wrong try is counted, and at start."""

    def __init__(self, failures: int = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.failures = 0
        self._allowed_at = 0.0
        self.set_failures(failures)

    def set_failures(self, failures: int) -> None:
        """``failures`` wrong tries in a row so far; the pause they call for starts now."""
        self.failures = failures
        self._allowed_at = self._clock() + pause_after(failures)

    def seconds_left(self) -> float:
        """Seconds until a try is allowed again, 0 when it is."""
        return max(self._allowed_at - self._clock(), 0.0)
