"""The local store: one encrypted database and a directory of sealed blobs."""

from __future__ import annotations

from pathlib import Path

from meetingapp.store.blobs import BlobError, BlobStore
from meetingapp.store.db import Database, StoreError
from meetingapp.store.keys import StoreKeys
from meetingapp.store.sql import is_plain_database

__all__ = ["BlobError", "BlobStore", "Database", "Store", "StoreError", "StoreKeys"]

DATABASE_NAME = "meetingapp.sqlite3"
BLOB_DIRECTORY = "blobs"


class Store:
    """The data directory's database and blobs, opened together."""

    def __init__(self, data_dir: Path, keys: StoreKeys) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.blobs = BlobStore(data_dir / BLOB_DIRECTORY, keys.blobs)
        self.blobs.sweep()
        database = data_dir / DATABASE_NAME
        if is_plain_database(database):
            # An older, unencrypted data directory: blobs first, so that a plain
            # database still marks the conversion as unfinished after a kill.
            self.blobs.seal_plain_blobs()
        self.db = Database(database, keys.database)

    def close(self) -> None:
        self.db.close()
