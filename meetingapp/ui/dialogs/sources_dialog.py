"""Dokumentsystem: where the meeting documents come from, and how to sign in.

The password or token goes to the computer's keyring only (in the background:
a keyring may take a while or ask to be unlocked). Where no secure keyring
exists, the dialog says so and stores nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetingapp.core.context import AppContext
from meetingapp.core.sources import (
    SIGN_IN_KINDS,
    AuthKind,
    KeyringState,
    SourceAuth,
    SourceConfig,
)
from meetingapp.ui.shell.tasks import run_in_background

CONFIG_ROLE = Qt.ItemDataRole.UserRole


class SourcesDialog(QDialog):
    sources_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Dokumentsystem"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Dokumentsystem"))
        self.address = QLineEdit()
        self.name = QLineEdit()
        self.sign_in = QComboBox()
        for kind in SIGN_IN_KINDS:
            self.sign_in.addItem(self._sign_in_label(kind))
        self.username = QLineEdit()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setAccessibleName(self.tr("Extra CA-certifikat"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Spara"))
        self.remove_button = QPushButton(self.tr("Ta bort"))
        self._editing: SourceConfig | None = None
        self._build()
        self._connect()
        self._reload()
        self._describe_keyring()

    def _sign_in_label(self, kind: AuthKind) -> str:
        if kind is AuthKind.BASIC:
            return self.tr("Användarnamn och lösenord")
        if kind is AuthKind.BEARER:
            return self.tr("Token")
        return self.tr("Ingen inloggning")

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Adress (OParl)"), self.address)
        form.addRow(self.tr("Namn"), self.name)
        form.addRow(self.tr("Inloggning"), self.sign_in)
        form.addRow(self.tr("Användarnamn"), self.username)
        form.addRow(self.tr("Lösenord eller token"), self.secret)
        form.addRow(self.tr("Extra CA-certifikat"), self._ca_row())
        new_button = QPushButton(self.tr("Nytt dokumentsystem"))
        new_button.clicked.connect(lambda: self._edit(None))
        buttons = QHBoxLayout()
        for button in (new_button, self.remove_button, self.save_button):
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(620, 560)

    def _ca_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        choose = QPushButton(self.tr("Välj…"))
        choose.clicked.connect(self._choose_ca_bundle)
        layout.addWidget(self.ca_bundle)
        layout.addWidget(choose)
        return row

    def _connect(self) -> None:
        self.list.currentItemChanged.connect(self._on_selected)
        self.sign_in.currentIndexChanged.connect(self._update_fields)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)

    def _reload(self) -> None:
        self.list.clear()
        for config in self.context.sources.configured():
            item = QListWidgetItem(config.display_name)
            item.setData(CONFIG_ROLE, config)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._edit(None)

    def _on_selected(self, item: QListWidgetItem | None, _previous: object) -> None:
        config = item.data(CONFIG_ROLE) if item is not None else None
        self._edit(config if isinstance(config, SourceConfig) else None)

    def _edit(self, config: SourceConfig | None) -> None:
        self._editing = config
        self.address.setText(config.url if config else "")
        self.name.setText(config.name if config else "")
        kind = config.auth.kind if config else AuthKind.NONE
        self.sign_in.setCurrentIndex(SIGN_IN_KINDS.index(kind))
        self.username.setText(config.auth.username or "" if config else "")
        self.secret.clear()
        self.secret.setPlaceholderText(
            self.tr("oförändrat") if config and config.auth.needs_secret else ""
        )
        self.ca_bundle.setText(str(config.ca_bundle) if config and config.ca_bundle else "")
        self.remove_button.setEnabled(config is not None)
        self.status.clear()
        self._update_fields()

    def _update_fields(self) -> None:
        kind = SIGN_IN_KINDS[self.sign_in.currentIndex()]
        self.username.setEnabled(kind is AuthKind.BASIC)
        self.secret.setEnabled(kind is not AuthKind.NONE)

    def _choose_ca_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Välj CA-certifikat"), "", self.tr("Certifikat (*.pem *.crt *.cer)")
        )
        if path:
            self.ca_bundle.setText(path)

    def _describe_keyring(self) -> None:
        sources = self.context.sources
        run_in_background(
            lambda _task: sources.keyring(),
            on_done=self._show_keyring,
            on_error=lambda _error: None,
        )

    def _show_keyring(self, keyring: KeyringState) -> None:
        if keyring.secure:
            note = self.tr("Lösenord och token sparas i datorns nyckelring ({0}), aldrig i en fil.")
        else:
            note = self.tr(
                "Datorn har ingen säker nyckelring ({0}). Lösenord och token kan därför "
                "inte sparas; dokumentsystem utan inloggning fungerar som vanligt."
            )
        self.keyring_note.setText(note.format(keyring.backend))

    def current_config(self) -> SourceConfig:
        kind = SIGN_IN_KINDS[self.sign_in.currentIndex()]
        username = self.username.text().strip() or None if kind is AuthKind.BASIC else None
        ca_bundle = Path(self.ca_bundle.text().strip()) if self.ca_bundle.text().strip() else None
        return SourceConfig(
            self._editing.id if self._editing else None,
            self.address.text().strip(),
            self.name.text().strip(),
            SourceAuth(kind, username),
            ca_bundle,
        )

    def save(self) -> None:
        try:
            config = self.current_config()
        except ValueError as error:
            self.status.setText(str(error))
            return
        if not config.url:
            self.status.setText(self.tr("Ange dokumentsystemets adress."))
            return
        secret = self.secret.text() or None
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Sparar…"))
        run_in_background(
            lambda _task: self.context.sources.configure(config, secret),
            on_done=self._on_saved,
            on_error=self._on_save_failed,
        )

    def _on_saved(self, _source_id: int) -> None:
        self.save_button.setEnabled(True)
        self.secret.clear()
        self._reload()
        self.status.setText(self.tr("Sparat."))
        self.sources_changed.emit()

    def _on_save_failed(self, error: Exception) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("Inte sparat: {0}").format(error))

    def remove(self) -> None:
        config = self._editing
        if config is None or config.id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Ta bort dokumentsystem"),
            self.tr(
                "Ta bort ”{0}”? Sammanträden och handlingar därifrån försvinner från "
                "listan. Dina egna anteckningar påverkas inte."
            ).format(config.display_name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_confirmed(config)

    def remove_confirmed(self, config: SourceConfig) -> None:
        source_id = config.id
        assert source_id is not None
        run_in_background(
            lambda _task: self.context.sources.remove(source_id),
            on_done=self._on_removed,
            on_error=self._on_save_failed,
        )

    def _on_removed(self, _result: object) -> None:
        self._reload()
        self.sources_changed.emit()
