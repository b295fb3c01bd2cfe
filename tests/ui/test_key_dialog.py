"""The start's unlock flow and the recovery passphrase dialog, driven like a user would.

``unlock_store_keys`` opens modal dialogs (``exec``); a :class:`Script` waits for
each by its object name (``QApplication.activeModalWidget``), types and clicks.
Real vaults on real folders, keyring stand-ins, scrypt at n = 2**12.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.errors import KeyringLocked
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from meetingapp.core.security.vault import KEY_FILE_NAME, KeyVault, UnlockState
from meetingapp.store import DATABASE_NAME
from meetingapp.store.keys import StoreKeys
from meetingapp.ui.dialogs.key_dialog import (
    NewPassphraseDialog,
    PassphraseDialog,
    RecoveryPassphraseDialog,
    unlock_store_keys,
)
from meetingapp.ui.shell.application import application
from tests.core.test_vault import FAST_N, OTHER_PASSPHRASE, PASSPHRASE, make_database
from tests.keyrings import LockedKeyring, MemoryKeyring, PlaintextFileLike
from tests.ui.test_accessibility import unnamed_controls

NEW_DIALOG = "new_passphrase_dialog"
UNLOCK_DIALOG = "passphrase_dialog"
LOST_BOX = "key_lost_box"
KEYRING_BOX = "keyring_unusable_box"
ERROR_BOX = "key_error_box"


class FailingAfterFirstRead(MemoryKeyring):
    """Answers the first read, then reports itself locked (a keyring locking meanwhile)."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        if self.reads > 1:
            raise KeyringLocked("locked meanwhile")
        return super().get_password(service, username)


MemoryKeyring._classes.discard(FailingAfterFirstRead)

Action = Callable[[QDialog], None]


class Script:
    """Steps against the modal dialogs of a flow: each waits for its dialog (and a
    condition on it), then acts. A step that fails or waits too long closes every
    modal dialog, so the flow ends and the test reports what went wrong."""

    def __init__(self, *steps: tuple[str, Callable[[QDialog], bool], Action]) -> None:
        self.steps = list(steps)
        self.seen: list[str] = []
        self.error: BaseException | None = None
        self.deadline = time.monotonic() + 8
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.objectName() not in self.seen[-1:]:
            self.seen.append(dialog.objectName())
        if not self.steps:
            return
        if time.monotonic() > self.deadline:
            self._abort(AssertionError(f"{self.steps[0][0]} never got ready; saw {self.seen}"))
            return
        name, ready, act = self.steps[0]
        if not isinstance(dialog, QDialog) or dialog.objectName() != name or not ready(dialog):
            return
        self.steps.pop(0)
        try:
            act(dialog)
        except BaseException as error:
            self._abort(error)

    def _abort(self, error: BaseException) -> None:
        self.error, self.steps = error, []
        while isinstance(dialog := QApplication.activeModalWidget(), QDialog):
            dialog.done(QDialog.DialogCode.Rejected)

    def finish(self) -> list[str]:
        """The dialogs seen, in order, once every step ran."""
        self.timer.stop()
        if self.error is not None:
            raise self.error
        assert self.steps == [], f"steps left: {[step[0] for step in self.steps]}"
        return self.seen


def at_once(dialog: QDialog) -> bool:
    return True


def field(dialog: QWidget, name: str) -> QLineEdit:
    found = dialog.findChild(QLineEdit, name)
    assert isinstance(found, QLineEdit), name
    return found


def button(dialog: QWidget, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert isinstance(found, QPushButton), name
    return found


def problem(dialog: QWidget) -> str:
    label = dialog.findChild(QLabel, "problem")
    assert isinstance(label, QLabel)
    return label.text() if label.isVisible() else ""


def intro(dialog: QWidget) -> str:
    label = dialog.findChild(QLabel, "intro")
    assert isinstance(label, QLabel)
    return label.text()


def enter(passphrase: str, again: str | None = None) -> Action:
    def act(dialog: QDialog) -> None:
        field(dialog, "passphrase").setText(passphrase)
        if again is not None:
            field(dialog, "passphrase_again").setText(again)
        button(dialog, "ok").click()

    return act


def click(name: str) -> Action:
    return lambda dialog: button(dialog, name).click()


def named_then(action: Action) -> Action:
    """Checks that every control of the dialog has a name, then does ``action``."""

    def act(dialog: QDialog) -> None:
        assert unnamed_controls(dialog) == []
        action(dialog)

    return act


def says(text: str) -> Callable[[QDialog], bool]:
    return lambda dialog: problem(dialog) == text


def run(vault: KeyVault, *steps: tuple[str, Callable[[QDialog], bool], Action]) -> Any:
    """The flow's answer and the dialogs it showed."""
    script = Script(*steps)
    keys = unlock_store_keys(vault)
    return keys, script.finish()


@pytest.fixture(autouse=True)
def app(qtbot: QtBot) -> Iterator[None]:
    application()
    yield
    assert QApplication.overrideCursor() is None, "the busy cursor was put back"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def vault(data_dir: Path, backend: Any = None) -> KeyVault:
    return KeyVault(data_dir, backend, scrypt_n=FAST_N)


# Silent starts --------------------------------------------------------------------------------


def test_a_key_in_the_keyring_opens_without_a_word(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create(PASSPHRASE)
    assert run(vault(data_dir, keys)) == (made, [])


def test_a_new_folder_with_a_secure_keyring_gets_a_key_without_a_word(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made, seen = run(vault(data_dir, keys))
    assert isinstance(made, StoreKeys) and seen == []
    assert vault(data_dir, keys).state() is UnlockState.KEYRING
    assert vault(data_dir, keys).unlock() == made


# A new folder without a secure keyring --------------------------------------------------------


def test_without_a_secure_keyring_the_user_chooses_a_passphrase(data_dir: Path) -> None:
    plain = PlaintextFileLike()

    def check_and_type(dialog: QDialog) -> None:
        assert "Ingen säker nyckelring hittades" in intro(dialog)
        assert plain.name in intro(dialog)
        first, again = field(dialog, "passphrase"), field(dialog, "passphrase_again")
        assert first.echoMode() is QLineEdit.EchoMode.Password
        assert again.echoMode() is QLineEdit.EchoMode.Password
        ok = button(dialog, "ok")
        assert not ok.isEnabled()
        first.setText("kort")
        assert problem(dialog) == "Lösenordet måste ha minst 8 tecken."
        assert not ok.isEnabled()
        first.setText(PASSPHRASE)
        again.setText(PASSPHRASE[:5])
        assert problem(dialog) == "" and not ok.isEnabled(), "a repetition on its way is fine"
        again.setText(OTHER_PASSPHRASE)
        assert problem(dialog) == "De två lösenorden är inte lika."
        assert not ok.isEnabled()
        again.setText(PASSPHRASE)
        assert problem(dialog) == "" and ok.isEnabled()
        ok.click()

    made, seen = run(vault(data_dir, plain), (NEW_DIALOG, at_once, check_and_type))
    assert seen == [NEW_DIALOG]
    assert vault(data_dir, plain).state() is UnlockState.PASSPHRASE
    assert vault(data_dir, plain).unlock_with_passphrase(PASSPHRASE) == made
    assert plain.entries == {}


def test_cancelling_the_new_passphrase_quits_and_writes_nothing(data_dir: Path) -> None:
    keys, seen = run(vault(data_dir, PlaintextFileLike()), (NEW_DIALOG, at_once, click("cancel")))
    assert keys is None and seen == [NEW_DIALOG]
    assert not (data_dir / KEY_FILE_NAME).exists()


# Asking for the passphrase --------------------------------------------------------------------


def test_a_wrong_passphrase_is_said_and_the_right_one_opens(data_dir: Path) -> None:
    made = vault(data_dir, PlaintextFileLike()).create(PASSPHRASE)

    def wrong(dialog: QDialog) -> None:
        assert field(dialog, "passphrase").echoMode() is QLineEdit.EchoMode.Password
        assert not button(dialog, "ok").isEnabled()
        enter(OTHER_PASSPHRASE)(dialog)

    keys, seen = run(
        vault(data_dir, PlaintextFileLike()),
        (UNLOCK_DIALOG, at_once, wrong),
        (UNLOCK_DIALOG, says("Fel lösenord."), enter(PASSPHRASE)),
    )
    assert keys == made and seen == [UNLOCK_DIALOG]


def test_the_dialog_holds_still_while_the_passphrase_is_tried(data_dir: Path) -> None:
    made = vault(data_dir, PlaintextFileLike()).create(PASSPHRASE)

    def submit_and_look(dialog: QDialog) -> None:
        enter(PASSPHRASE)(dialog)
        assert QApplication.overrideCursor() is not None
        assert not field(dialog, "passphrase").isEnabled()
        assert not button(dialog, "cancel").isEnabled()
        assert problem(dialog) == "Låser upp…"
        dialog.reject()
        assert dialog.isVisible(), "no leaving while the vault works"

    keys, _ = run(vault(data_dir, PlaintextFileLike()), (UNLOCK_DIALOG, at_once, submit_and_look))
    assert keys == made


def test_cancelling_the_passphrase_quits(data_dir: Path) -> None:
    vault(data_dir, PlaintextFileLike()).create(PASSPHRASE)
    keys, seen = run(
        vault(data_dir, PlaintextFileLike()), (UNLOCK_DIALOG, at_once, click("cancel"))
    )
    assert keys is None and seen == [UNLOCK_DIALOG]


def test_a_keyring_failing_after_the_state_falls_back_to_the_passphrase(data_dir: Path) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create(PASSPHRASE)
    flaky = FailingAfterFirstRead()
    flaky.entries.update(keys.entries)

    def explains(dialog: QDialog) -> bool:
        return "kunde inte lämna ut nyckeln" in intro(dialog)

    opened, seen = run(vault(data_dir, flaky), (UNLOCK_DIALOG, explains, enter(PASSPHRASE)))
    assert opened == made and seen == [UNLOCK_DIALOG]
    assert flaky.reads >= 2, "the state read the keyring, the unlock failed on it"


# The keyring cannot be used, and nothing else leads to the key --------------------------------


def test_a_locked_keyring_is_said_and_can_be_tried_again(
    data_dir: Path, use_keyring: Callable[[Any], Any]
) -> None:
    keys = MemoryKeyring()
    made = vault(data_dir, keys).create()
    use_keyring(LockedKeyring())

    def unlock_keyring_and_retry(dialog: QDialog) -> None:
        keyring.set_keyring(keys)
        button(dialog, "retry").click()

    opened, seen = run(vault(data_dir), (KEYRING_BOX, at_once, unlock_keyring_and_retry))
    assert opened == made and seen == [KEYRING_BOX]


def test_a_locked_keyring_can_be_left(data_dir: Path) -> None:
    vault(data_dir, MemoryKeyring()).create()
    opened, seen = run(
        vault(data_dir, LockedKeyring()), (KEYRING_BOX, at_once, named_then(click("quit")))
    )
    assert opened is None and seen == [KEYRING_BOX]


def test_a_damaged_key_file_is_said_and_the_program_quits(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / KEY_FILE_NAME).write_text('{"format": 7}', encoding="utf-8")
    before = (data_dir / KEY_FILE_NAME).read_bytes()
    opened, seen = run(
        vault(data_dir, MemoryKeyring()), (ERROR_BOX, at_once, named_then(click("quit")))
    )
    assert opened is None and seen == [ERROR_BOX]
    assert (data_dir / KEY_FILE_NAME).read_bytes() == before


# A lost key -----------------------------------------------------------------------------------


def lost_folder(data_dir: Path) -> bytes:
    """A data folder of encrypted data whose key file is gone; the database's bytes."""
    make_database(data_dir, key=os.urandom(32))
    (data_dir / "blobs").mkdir()
    (data_dir / "blobs" / "sealed").write_bytes(b"sealed blob")
    return (data_dir / DATABASE_NAME).read_bytes()


def test_a_lost_key_starts_over_with_the_old_content_moved_aside(data_dir: Path) -> None:
    database = lost_folder(data_dir)
    keys = MemoryKeyring()
    made, seen = run(vault(data_dir, keys), (LOST_BOX, at_once, click("start_over")))
    assert isinstance(made, StoreKeys) and seen == [LOST_BOX]
    [aside] = data_dir.parent.glob("data.olasbar-*")
    assert (aside / DATABASE_NAME).read_bytes() == database
    assert (aside / "blobs" / "sealed").read_bytes() == b"sealed blob"
    assert sorted(path.name for path in data_dir.iterdir()) == [KEY_FILE_NAME]
    assert vault(data_dir, keys).unlock() == made


def test_starting_over_without_a_keyring_asks_for_a_new_passphrase(data_dir: Path) -> None:
    lost_folder(data_dir)
    plain = PlaintextFileLike()
    made, seen = run(
        vault(data_dir, plain),
        (LOST_BOX, at_once, click("start_over")),
        (NEW_DIALOG, at_once, enter(PASSPHRASE, PASSPHRASE)),
    )
    assert seen == [LOST_BOX, NEW_DIALOG]
    assert vault(data_dir, plain).unlock_with_passphrase(PASSPHRASE) == made


def test_a_lost_key_can_be_left_untouched(data_dir: Path) -> None:
    database = lost_folder(data_dir)
    opened, seen = run(
        vault(data_dir, MemoryKeyring()), (LOST_BOX, at_once, named_then(click("quit")))
    )
    assert opened is None and seen == [LOST_BOX]
    assert (data_dir / DATABASE_NAME).read_bytes() == database
    assert list(data_dir.parent.glob("data.olasbar-*")) == []


# The recovery passphrase ----------------------------------------------------------------------


def test_the_recovery_passphrase_is_set_from_its_dialog(qtbot: QtBot, data_dir: Path) -> None:
    keys = MemoryKeyring()
    session = vault(data_dir, keys)
    made = session.create()
    dialog = RecoveryPassphraseDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Om nyckelringen försvinner, till exempel vid en ny dator" in intro(dialog)
    assert "ersätter" not in intro(dialog)
    field(dialog, "passphrase").setText(PASSPHRASE)
    field(dialog, "passphrase_again").setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        button(dialog, "ok").click()
    assert vault(data_dir, MemoryKeyring()).unlock_with_passphrase(PASSPHRASE) == made
    again = RecoveryPassphraseDialog(session)
    qtbot.addWidget(again)
    assert "ersätter" in intro(again)


def test_a_locked_vault_cannot_get_a_recovery_passphrase(qtbot: QtBot, data_dir: Path) -> None:
    keys = MemoryKeyring()
    vault(data_dir, keys).create()
    dialog = RecoveryPassphraseDialog(vault(data_dir, keys))
    qtbot.addWidget(dialog)
    dialog.show()
    field(dialog, "passphrase").setText(PASSPHRASE)
    field(dialog, "passphrase_again").setText(PASSPHRASE)
    button(dialog, "ok").click()
    qtbot.waitUntil(lambda: problem(dialog).startswith("Det gick inte"), timeout=5_000)
    assert dialog.isVisible()
    assert not vault(data_dir, keys).has_recovery()


# Accessibility --------------------------------------------------------------------------------


def test_every_control_of_the_key_dialogs_has_a_name(qtbot: QtBot, data_dir: Path) -> None:
    session = vault(data_dir, MemoryKeyring())
    session.create(PASSPHRASE)
    for dialog in (
        NewPassphraseDialog(session, "Ingen säker nyckelring hittades."),
        PassphraseDialog(session, None),
        RecoveryPassphraseDialog(session),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert unnamed_controls(dialog) == []
        dialog.reject()
