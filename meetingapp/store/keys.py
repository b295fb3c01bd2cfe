"""The keys the store is encrypted with, derived from one master key.

One random 256-bit master key is kept outside the data directory (in the OS
keyring, or wrapped under the user's passphrase: :mod:`meetingapp.core.security.vault`). The
database key and the blob key are derived from it with HKDF, each for one
purpose, so neither use of a key can weaken the other.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES: Final = 32
_DATABASE_INFO: Final = b"motesparm database key v1"
_BLOB_INFO: Final = b"motesparm blob key v1"


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(master)


def normalized(secret: str) -> str:
    """NFC: an "å" typed as one character or as "a" + ring is the same code or
    passphrase."""
    return unicodedata.normalize("NFC", secret)


def scrypt_memory(n: int, r: int, p: int) -> int:
    """The memory scrypt needs for these parameters (OpenSSL's limit is 32 MiB)."""
    return 128 * r * (n + p + 2)


def stretch(secret: str, salt: bytes, *, n: int, r: int, p: int, length: int) -> bytes:
    """A key from what a person types (the app lock's code, a recovery
    passphrase): scrypt over its normalized UTF-8, allowed the memory it needs."""
    memory = scrypt_memory(n, r, p) + 1024 * 1024
    return hashlib.scrypt(
        normalized(secret).encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=memory, dklen=length
    )


def new_master_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


@dataclass(frozen=True, repr=False)
class StoreKeys:
    """The database key and the blob key. Never printed: ``repr`` shows no byte."""

    database: bytes
    blobs: bytes

    def __post_init__(self) -> None:
        if len(self.database) != KEY_BYTES or len(self.blobs) != KEY_BYTES:
            raise ValueError("store keys are 256 bits each")

    @classmethod
    def from_master(cls, master: bytes) -> StoreKeys:
        if len(master) != KEY_BYTES:
            raise ValueError("the master key is 256 bits")
        return cls(_derive(master, _DATABASE_INFO), _derive(master, _BLOB_INFO))

    @classmethod
    def generate(cls) -> StoreKeys:
        """Keys for a store that lives only as long as this process (a self-test,
        a benchmark): nothing keeps them."""
        return cls.from_master(new_master_key())

    def __repr__(self) -> str:
        return "StoreKeys(<hidden>)"
