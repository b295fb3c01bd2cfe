"""The SQL driver: SQLCipher, the SQLite build that encrypts every page.

``sqlcipher3`` is the standard library's ``sqlite3`` module built against
SQLCipher: the same API, but its own classes, so an ``except sqlite3.Error``
would not catch its errors. Every module therefore names the driver's types
through this one (``sql.Connection``, ``sql.Row``, ``sql.Error``…), and a test
forbids importing ``sqlite3`` anywhere else. For the type checker the standard
module's annotations stand in for the driver's, which has none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from sqlite3 import (
        Connection,
        DatabaseError,
        Error,
        IntegrityError,
        OperationalError,
        ProgrammingError,
        Row,
        connect,
        sqlite_version,
    )
else:
    from sqlcipher3.dbapi2 import (
        Connection,
        DatabaseError,
        Error,
        IntegrityError,
        OperationalError,
        ProgrammingError,
        Row,
        connect,
        sqlite_version,
    )

__all__ = [
    "PLAIN_HEADER",
    "Connection",
    "DatabaseError",
    "Error",
    "IntegrityError",
    "OperationalError",
    "ProgrammingError",
    "Row",
    "WrongKeyError",
    "apply_key",
    "connect",
    "connect_encrypted",
    "export_plain_to_encrypted",
    "is_plain_database",
    "sqlite_version",
]

CIPHER_COMPATIBILITY: Final = 4
"""The SQLCipher major version whose page format and key derivation the files use."""
PLAIN_HEADER: Final = b"SQLite format 3\x00"
"""How an unencrypted SQLite file begins; an encrypted one begins with random bytes."""


class WrongKeyError(DatabaseError):
    """The database is not readable with the key given (or it is not a database)."""


def _key_pragma(key: bytes) -> str:
    """A raw 256-bit key: SQLCipher uses it as it is, with no passphrase
    derivation (which would cost 75 ms of PBKDF2 per connection)."""
    if len(key) != 32:
        raise ValueError("the database key is 256 bits")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def apply_key(connection: Connection, key: bytes) -> None:
    """Key a fresh connection and prove the key right.

    SQLCipher accepts any key and fails only at the first page read, so a
    query follows at once; a wrong key fails here with :class:`WrongKeyError`.
    """
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(_key_pragma(key))
    # SQLCipher 4's settings, named: a later SQLCipher with other defaults still
    # opens the files this one wrote.
    connection.execute(f"PRAGMA cipher_compatibility = {CIPHER_COMPATIBILITY}")
    try:
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except DatabaseError as error:
        connection.close()
        raise WrongKeyError("the database cannot be read with this key") from error


def connect_encrypted(path: Path, key: bytes, **options: object) -> Connection:
    """A connection to the encrypted database at ``path`` (created when new)."""
    connection = connect(path, **options)  # type: ignore[call-overload]
    apply_key(connection, key)
    return connection  # type: ignore[no-any-return]


def is_plain_database(path: Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite database (an older data directory)."""
    try:
        with path.open("rb") as file:
            return file.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def export_plain_to_encrypted(plain: Path, encrypted: Path, key: bytes) -> None:
    """Copy the plain database ``plain`` into a new encrypted one at ``encrypted``
    with SQLCipher's ``sqlcipher_export`` (schema, rows and ``user_version``)."""
    connection = connect(plain, isolation_level=None)
    try:
        connection.execute(f"PRAGMA cipher_default_compatibility = {CIPHER_COMPATIBILITY}")
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        connection.execute(
            "ATTACH DATABASE ? AS encrypted KEY ?", (str(encrypted), f"x'{key.hex()}'")
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute(f"PRAGMA encrypted.user_version = {version}")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
