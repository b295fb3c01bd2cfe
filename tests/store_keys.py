"""The store keys of the test suite: fixed, so that a child process can be handed
the same ones and data directories copied from a template stay readable."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path
from typing import Final

from keyring.backend import KeyringBackend

from meetingapp.core.security.vault import KEY_FILE_FORMAT, KEY_FILE_NAME, KEYRING_SERVICE
from meetingapp.store import StoreKeys

TEST_MASTER_KEY: Final = bytes(range(32))
TEST_KEYS: Final = StoreKeys.from_master(TEST_MASTER_KEY)


def register_test_key(data_dir: Path, backend: KeyringBackend) -> None:
    """Make the test key the one the program finds for ``data_dir`` in ``backend``,
    as if the program had created it: for data directories made with
    ``TEST_KEYS`` that a test then opens the program's own way (the CLI)."""
    store_id = uuid.uuid4().hex
    backend.set_password(KEYRING_SERVICE, store_id, base64.b64encode(TEST_MASTER_KEY).decode())
    record = {"format": KEY_FILE_FORMAT, "store_id": store_id, "recovery": None}
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / KEY_FILE_NAME).write_text(json.dumps(record), encoding="utf-8")
