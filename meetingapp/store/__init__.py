"""The local store: one SQLite database and a directory of content-addressed blobs."""

from __future__ import annotations

from pathlib import Path

from meetingapp.store.blobs import BlobError, BlobStore
from meetingapp.store.db import Database, StoreError

__all__ = ["BlobError", "BlobStore", "Database", "Store", "StoreError"]

DATABASE_NAME = "meetingapp.sqlite3"
BLOB_DIRECTORY = "blobs"


class Store:
    """The data directory's database and blobs, opened together."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(data_dir / DATABASE_NAME)
        self.blobs = BlobStore(data_dir / BLOB_DIRECTORY)
        self.blobs.sweep()

    def close(self) -> None:
        self.db.close()
