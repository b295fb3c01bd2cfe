"""Unlocking the store at start, and the recovery passphrase.

:func:`unlock_store_keys` runs before the main window exists and answers the
store's keys, or None when the user would rather quit. Most starts show
nothing: the key is in the OS keyring, or a new data folder gets one there.
Without a secure keyring the user chooses a passphrase (typed twice) and types
it at every start; when the keyring cannot give the key but a passphrase was
set, it is asked for. When no way to the key is left, the data folder's content
can be moved aside (renamed, never deleted) to start over with an empty one.

The passphrase is stretched with scrypt (about 0.6 s), which is also what slows
guessing: no count of tries is needed. That work runs on the thread pool while
the dialog waits with a busy cursor and its controls held still; everything
else stays on the GUI thread. At start the keyring may be called directly
(there is no window to freeze yet).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetingapp import APP_NAME
from meetingapp.core.security.vault import (
    MIN_PASSPHRASE_LENGTH,
    KeyLostError,
    KeyringUnusableError,
    KeyVault,
    StoreKeys,
    UnlockState,
    VaultError,
    WrongPassphraseError,
    aside_path,
    passphrase_long_enough,
)
from meetingapp.ui.shell.tasks import run_in_background

_log = logging.getLogger(__name__)


class _TryAgain:
    """The flow starts over from the vault's state (after a retry or a fresh folder)."""


_TRY_AGAIN: Final = _TryAgain()
_Outcome = StoreKeys | None | _TryAgain


# The passphrase dialogs -----------------------------------------------------------------------


_Work = Callable[[str], StoreKeys | None]


class _PassphraseDialog(QDialog):
    """A passphrase typed once or twice, checked as typed, then ``work`` (a vault
    call) on the thread pool; the dialog cannot be left while that call runs.
    ``busy_text`` says what it is doing meanwhile."""

    def __init__(
        self, vault: KeyVault, work: _Work, *, twice: bool, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.keys: StoreKeys | None = None
        self.busy_text = ""
        self._work = work
        self._busy = False
        self.intro = QLabel()
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        self.passphrase = self._field("passphrase")
        self.passphrase_again = self._field("passphrase_again") if twice else None
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.ok_button.setObjectName("ok")
        self.cancel_button.setObjectName("cancel")
        for field in self._fields():
            field.textChanged.connect(self._check)

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _fields(self) -> list[QLineEdit]:
        return [field for field in (self.passphrase, self.passphrase_again) if field is not None]

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    @property
    def cancel_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert button is not None
        return button

    def _lay_out(self, labels: list[str]) -> None:
        """``labels``: one per field, with its accelerator."""
        form = QFormLayout()
        for label, field in zip(labels, self._fields(), strict=True):
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._check()

    def _lay_out_new_passphrase(self) -> None:
        """The two rows of a passphrase being chosen."""
        self.passphrase.setAccessibleName(QCoreApplication.translate("KeyDialog", "Nytt lösenord"))
        assert self.passphrase_again is not None
        self.passphrase_again.setAccessibleName(
            QCoreApplication.translate("KeyDialog", "Nytt lösenord igen")
        )
        first = QCoreApplication.translate("KeyDialog", "&Lösenord (minst {0} tecken)").format(
            MIN_PASSPHRASE_LENGTH
        )
        self._lay_out([first, QCoreApplication.translate("KeyDialog", "&Upprepa lösenordet")])

    # Checking as typed ------------------------------------------------------------------------

    def _check(self) -> None:
        problem = self._problem()
        self.ok_button.setEnabled(problem is None and bool(self.passphrase.text()))
        if self.passphrase_again is not None:
            self.ok_button.setEnabled(self.ok_button.isEnabled() and self._typed_twice())
        self._say(problem)

    def _typed_twice(self) -> bool:
        return (
            self.passphrase_again is None or self.passphrase_again.text() == self.passphrase.text()
        )

    def _problem(self) -> str | None:
        """Why the passphrases typed cannot be used yet (None: no problem to show).
        Nothing is said of a field not yet typed in, nor of a repetition on its way."""
        if self.passphrase_again is None:
            return None
        first, again = self.passphrase.text(), self.passphrase_again.text()
        if first and not passphrase_long_enough(first):
            return QCoreApplication.translate(
                "KeyDialog", "Lösenordet måste ha minst {0} tecken."
            ).format(MIN_PASSPHRASE_LENGTH)
        if again and not first.startswith(again):
            return QCoreApplication.translate("KeyDialog", "De två lösenorden är inte lika.")
        return None

    def _say(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    # Running the vault call -------------------------------------------------------------------

    def _submit(self) -> None:
        if not self.ok_button.isEnabled() or self._busy:
            return
        passphrase = self.passphrase.text()
        self._set_busy(True)
        self._say(self.busy_text)
        run_in_background(
            lambda _task: self._work(passphrase), on_done=self._done, on_error=self._failed
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (*self._fields(), self.buttons):
            widget.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()
            self._check()

    def _done(self, keys: StoreKeys | None) -> None:
        self._set_busy(False)
        self.keys = keys
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        if isinstance(error, WrongPassphraseError):
            self._say(QCoreApplication.translate("KeyDialog", "Fel lösenord."))
            self.passphrase.selectAll()
        else:
            _log.error("The store key could not be had: %s", error)
            self._say(QCoreApplication.translate("KeyDialog", "Det gick inte: {0}").format(error))
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._busy:
            event.ignore()
        else:
            super().closeEvent(event)


class NewPassphraseDialog(_PassphraseDialog):
    """A new store without a (working) secure keyring: its passphrase, chosen twice."""

    def __init__(self, vault: KeyVault, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(vault, vault.create, twice=True, parent=parent)
        self.setObjectName("new_passphrase_dialog")
        self.busy_text = self.tr("Nyckeln skapas…")
        self.setWindowTitle(self.tr("Välj ett lösenord"))
        body = self.tr(
            "{0} krypterar handlingar och anteckningar på den här datorn. Välj ett lösenord "
            "som låser upp dem; du behöver skriva det varje gång du startar {0}. Glömmer du "
            "lösenordet kan handlingarna hämtas igen, men dina anteckningar och markeringar "
            "går inte att läsa."
        ).format(APP_NAME)
        self.intro.setText(f"{reason} {body}")
        self.ok_button.setText(self.tr("&Fortsätt"))
        self.cancel_button.setText(self.tr("&Avsluta"))
        self._lay_out_new_passphrase()


class PassphraseDialog(_PassphraseDialog):
    """The passphrase that unlocks this data folder, asked for until right or cancelled."""

    def __init__(
        self, vault: KeyVault, note: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(vault, vault.unlock_with_passphrase, twice=False, parent=parent)
        self.setObjectName("passphrase_dialog")
        self.busy_text = self.tr("Låser upp…")
        self.setWindowTitle(self.tr("Lås upp {0}").format(APP_NAME))
        text = self.tr(
            "Skriv lösenordet som låser upp handlingarna och anteckningarna i datamappen {0}."
        ).format(vault.data_dir)
        self.intro.setText(f"{note} {text}" if note else text)
        self.passphrase.setAccessibleName(self.tr("Lösenord"))
        self.ok_button.setText(self.tr("&Lås upp"))
        self.cancel_button.setText(self.tr("&Avsluta"))
        self._lay_out([self.tr("&Lösenord")])


class RecoveryPassphraseDialog(_PassphraseDialog):
    """Sets or changes the passphrase of an unlocked vault (a menu entry opens it)."""

    def __init__(self, vault: KeyVault, parent: QWidget | None = None) -> None:
        super().__init__(vault, _setting_recovery(vault), twice=True, parent=parent)
        self.setObjectName("recovery_passphrase_dialog")
        self.busy_text = self.tr("Lösenordet sparas…")
        self.setWindowTitle(self.tr("Lösenord för återställning"))
        why = self.tr(
            "Om nyckelringen försvinner, till exempel vid en ny dator, låser lösenordet upp "
            "dina anteckningar. Förvara det säkert: utan nyckelringen och utan lösenordet går "
            "anteckningarna inte att läsa."
        )
        replaces = self.tr("Det nya lösenordet ersätter det du valde förut.")
        self.intro.setText(f"{why} {replaces}" if _has_recovery(vault) else why)
        self.ok_button.setText(self.tr("&Spara"))
        self.cancel_button.setText(self.tr("Avbryt"))
        self._lay_out_new_passphrase()


def _setting_recovery(vault: KeyVault) -> _Work:
    def work(passphrase: str) -> None:
        vault.set_recovery_passphrase(passphrase)

    return work


def _has_recovery(vault: KeyVault) -> bool:
    """Only for what the dialog says: a key file that cannot be read shows when saving."""
    try:
        return vault.has_recovery()
    except VaultError:
        return False


# The flow at start ----------------------------------------------------------------------------


def unlock_store_keys(vault: KeyVault, parent: QWidget | None = None) -> StoreKeys | None:
    """The store's keys, asking the user only when the keyring cannot give them;
    None when the user chose to quit (or nothing can open the folder)."""
    while True:
        try:
            outcome = _attempt(vault, parent)
        except VaultError as error:
            _show_unreadable_key(vault, error, parent)
            return None
        if not isinstance(outcome, _TryAgain):
            return outcome


def _attempt(vault: KeyVault, parent: QWidget | None) -> _Outcome:
    try:
        state = vault.state()
    except KeyringUnusableError:
        return _TRY_AGAIN if _keyring_retried(vault, parent) else None
    if state is UnlockState.KEYRING:
        return _from_keyring(vault, parent)
    if state is UnlockState.NEW:
        return _create(vault, parent)
    if state is UnlockState.PASSPHRASE:
        return _ask_passphrase(vault, parent)
    return _TRY_AGAIN if _started_over(vault, parent) else None


def _from_keyring(vault: KeyVault, parent: QWidget | None) -> _Outcome:
    try:
        return vault.unlock()
    except KeyLostError:
        return _TRY_AGAIN  # the entry went since the state was read: the state says so now
    except KeyringUnusableError:
        if vault.has_recovery():
            return _ask_passphrase(vault, parent)
        return _TRY_AGAIN if _keyring_retried(vault, parent) else None


def _create(vault: KeyVault, parent: QWidget | None) -> StoreKeys | None:
    backend = vault.describe_keyring()
    if vault.keyring_is_secure():
        try:
            return vault.create()
        except KeyringUnusableError:
            reason = QCoreApplication.translate(
                "KeyDialog", "Nyckelringen ({0}) gick inte att använda."
            ).format(backend)
    else:
        reason = no_secure_keyring_reason(vault)
    dialog = NewPassphraseDialog(vault, reason, parent)
    return dialog.keys if dialog.exec() == QDialog.DialogCode.Accepted else None


def no_secure_keyring_reason(vault: KeyVault) -> str:
    """Why a passphrase is asked for: no keyring at all, or only an insecure one
    (named, in the words of its own makers)."""
    if not vault.keyring_found():
        return QCoreApplication.translate("KeyDialog", "Ingen nyckelring hittades på datorn.")
    return QCoreApplication.translate(
        "KeyDialog", "Ingen säker nyckelring hittades (hittade: {0})."
    ).format(vault.describe_keyring())


def _ask_passphrase(vault: KeyVault, parent: QWidget | None) -> StoreKeys | None:
    note = None
    if vault.keyring_is_secure():
        note = QCoreApplication.translate(
            "KeyDialog", "Nyckelringen ({0}) kunde inte lämna ut nyckeln den här gången."
        ).format(vault.describe_keyring())
    dialog = PassphraseDialog(vault, note, parent)
    return dialog.keys if dialog.exec() == QDialog.DialogCode.Accepted else None


def _keyring_retried(vault: KeyVault, parent: QWidget | None) -> bool:
    """The key is only in the keyring, which cannot give it now: try again or quit."""
    box = _message_box(QMessageBox.Icon.Warning, "keyring_unusable_box", parent)
    box.setText(
        QCoreApplication.translate("KeyDialog", "Nyckelringen går inte att använda just nu.")
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "KeyDialog",
            "Nyckeln till datamappen {0} finns bara i datorns nyckelring (hittade: {1}), och "
            "den gick inte att läsa. Lås upp nyckelringen, eller starta om datorn, och försök "
            "igen.",
        ).format(vault.data_dir, vault.describe_keyring())
    )
    retry = _button(
        box,
        QCoreApplication.translate("KeyDialog", "&Försök igen"),
        QMessageBox.ButtonRole.AcceptRole,
        "retry",
    )
    _button(
        box,
        QCoreApplication.translate("KeyDialog", "&Avsluta"),
        QMessageBox.ButtonRole.RejectRole,
        "quit",
    )
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def _started_over(vault: KeyVault, parent: QWidget | None) -> bool:
    """The key is gone: move the content aside (on the user's word) for an empty folder."""
    target = aside_path(vault.data_dir)
    box = _message_box(QMessageBox.Icon.Warning, "key_lost_box", parent)
    box.setText(
        QCoreApplication.translate(
            "KeyDialog", "Nyckeln till den här datamappen finns inte längre."
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "KeyDialog",
            "Innehållet i {0} är krypterat, och nyckeln finns varken i nyckelringen eller "
            "bakom ett lösenord. Handlingarna kan hämtas igen från dokumentsystemet, men "
            "anteckningarna och markeringarna i mappen går inte att läsa.\n\n"
            "Börjar du om flyttas det gamla innehållet till {1}; inget tas bort.",
        ).format(vault.data_dir, target)
    )
    start_over = _button(
        box,
        QCoreApplication.translate("KeyDialog", "&Börja om med en tom datamapp"),
        QMessageBox.ButtonRole.AcceptRole,
        "start_over",
    )
    quit_button = _button(
        box,
        QCoreApplication.translate("KeyDialog", "&Avsluta"),
        QMessageBox.ButtonRole.RejectRole,
        "quit",
    )
    box.setDefaultButton(quit_button)
    box.exec()
    if box.clickedButton() is not start_over:
        return False
    try:
        vault.move_data_aside(target)
    except OSError as error:
        _log.error("The data folder could not be moved aside (%s)", type(error).__name__)
        _critical(
            parent,
            QCoreApplication.translate(
                "KeyDialog", "Datamappen kunde inte flyttas undan till {0} ({1})."
            ).format(target, error),
        )
        return False
    return True


def _show_unreadable_key(vault: KeyVault, error: VaultError, parent: QWidget | None) -> None:
    _log.error("The store key cannot be had: %s", error)
    _critical(
        parent,
        QCoreApplication.translate(
            "KeyDialog",
            "Nyckeln till datamappen {0} går inte att läsa, så mappen kan inte öppnas. "
            "Nyckelfilen {1} kan vara skadad; lägg i så fall tillbaka den från en "
            "säkerhetskopia.",
        ).format(vault.data_dir, vault.key_file),
    )


def _critical(parent: QWidget | None, text: str) -> None:
    box = _message_box(QMessageBox.Icon.Critical, "key_error_box", parent)
    box.setText(text)
    _button(
        box,
        QCoreApplication.translate("KeyDialog", "&Avsluta"),
        QMessageBox.ButtonRole.AcceptRole,
        "quit",
    )
    box.exec()


def _message_box(icon: QMessageBox.Icon, name: str, parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(icon)
    box.setWindowTitle(APP_NAME)
    return box


def _button(box: QMessageBox, text: str, role: QMessageBox.ButtonRole, name: str) -> QPushButton:
    button = box.addButton(text, role)
    button.setObjectName(name)
    return button
