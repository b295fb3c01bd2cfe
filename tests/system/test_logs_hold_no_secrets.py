"""After the whole run: no secret and no private text in any log.

The tests here carry the ``at_session_finish`` marker: conftest.py runs them after
every other test collected, whatever their file's name or the lane.

Two kinds of log are read: every record of every logger at DEBUG and up, as the
log calls wrote them (``session_log`` in conftest.py, not redacted), and the
program's own log files that the run's commands wrote in their data dirs.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from meetingapp.runtime.logs import LOG_FILE_NAME
from tests.core.test_vault import OTHER_PASSPHRASE as VAULT_OTHER_PASSPHRASE
from tests.core.test_vault import PASSPHRASE as VAULT_PASSPHRASE
from tests.net.test_credentials_tls import PASSWORD, TOKEN, basic_header
from tests.oparl.test_sources import PASSWORD as SOURCE_PASSWORD
from tests.runtime import test_logs
from tests.runtime.test_passphrase_file import PASSPHRASE as FILE_PASSPHRASE
from tests.runtime.test_passphrase_file import WRONG_PASSPHRASE as WRONG_FILE_PASSPHRASE

SECRETS = (
    PASSWORD,
    quote(PASSWORD),
    TOKEN,
    basic_header("anna", PASSWORD).split()[1],
    basic_header("anna.ledamot", PASSWORD).split()[1],
    SOURCE_PASSWORD,
    quote(SOURCE_PASSWORD),
    basic_header("ledamot", SOURCE_PASSWORD).split()[1],
    VAULT_PASSPHRASE,
    VAULT_OTHER_PASSPHRASE,
    FILE_PASSPHRASE,
    WRONG_FILE_PASSPHRASE,
)

LOGGED_ON_PURPOSE = (test_logs.PASSWORD, test_logs.TOKEN, test_logs.CREDENTIALS)
"""Logged by tests/runtime/test_logs.py to see them hidden: the program's files must not hold
them; the raw capture of the calls does."""

PRIVATE_TEXTS = (
    # notes typed in tests/ui/test_notes_panel.py and written in tests/core/test_user_data.py
    "fråga om kostnaden för år två",
    "Läs bilaga 2 först",
    "kaffe i foajén",
    "Återkommer i KF i februari",
    "Fråga om budgeten",
    # an annotation's comment (tests/ui/test_annotations_ui.py)
    "Fråga om kostnaden för 2027",
    # document text: a test PDF's and a demo document's
    "Förvaltningen föreslår att nämnden beslutar",
    "driftkostnaden till 6 000 kronor per år",
)


def program_log_files(base: Path) -> list[Path]:
    return sorted(base.rglob(f"{LOG_FILE_NAME}*"))


def ran(session: pytest.Session, module: str) -> bool:
    return any(item.nodeid.startswith(f"tests/{module}::") for item in session.items)


pytestmark = pytest.mark.at_session_finish


def test_the_capture_records_every_logger_at_debug(session_log: Path) -> None:
    marker = f"capture check {uuid.uuid4()}"
    logging.getLogger("some.library").debug(marker)
    assert marker in session_log.read_text(encoding="utf-8")


def test_no_log_of_the_run_holds_a_secret_or_private_text(
    session_log: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> None:
    base = tmp_path_factory.getbasetemp()
    captured = session_log.read_text(encoding="utf-8")
    written = {path: path.read_text(encoding="utf-8") for path in program_log_files(base)}
    if ran(request.session, "test_credentials_tls.py"):
        assert '"GET /' in captured, "urllib3's records of the signed-in requests were seen"
    if ran(request.session, "test_cli.py"):
        assert any("starts: sync" in text for text in written.values())
    texts = {"every record": captured, **{str(path): text for path, text in written.items()}}
    for name, text in texts.items():
        leaked = [secret for secret in SECRETS if secret in text]
        assert leaked == [], f"{name} holds a secret"
        private = [words for words in PRIVATE_TEXTS if words.casefold() in text.casefold()]
        assert private == [], f"{name} holds the user's words: {private}"
    for path, text in written.items():
        assert not [secret for secret in LOGGED_ON_PURPOSE if secret in text], path
