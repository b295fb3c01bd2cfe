"""Inställningar: language, high contrast, text size and the app lock.

Contrast and text size are shown at once as they are chosen (Cancel puts back
what was there); OK saves them. The language is installed at start, before the
windows are built, so a new language takes effect at the next start; the
dialog says so in the language chosen.

The lock is turned on with a code typed twice (at least four characters); a
code once set stays until "Byt kod…" gives a new one or the lock is turned
off. Only its hash is saved, made when OK is pressed (about 70 ms).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meetingapp import APP_NAME
from meetingapp.app import AppContext
from meetingapp.lock import (
    DEFAULT_IDLE_MINUTES,
    IDLE_MINUTES,
    MIN_CODE_LENGTH,
    CodeHash,
    CodeProblem,
    LockSettings,
    code_problem,
    hash_code,
)
from meetingapp.settings import (
    SYSTEM_TEXT_SCALE,
    TEXT_SCALES,
    Contrast,
    Language,
    Settings,
    read_settings,
    write_settings,
)
from meetingapp.ui.appearance import apply_appearance, system_prefers_high_contrast
from meetingapp.ui.language import (
    available_languages,
    effective_language,
    installed_language,
    translated_in,
)

LANGUAGE_NAMES = {Language.SWEDISH: "Svenska", Language.ENGLISH: "English"}
"""Each language in its own words: someone who cannot read the current one finds theirs."""
NEXT_START: str = QT_TRANSLATE_NOOP(  # type: ignore[assignment]  # returns its text
    "SettingsDialog", "Språket byts nästa gång du startar {0}."
)
"""Said in the language chosen (``translated_in``) as well as in the current one."""


class SettingsDialog(QDialog):
    """The settings of this computer's data directory; emits them when saved."""

    settings_saved = Signal(object)  # Settings

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.saved = read_settings(context.store)
        self.setWindowTitle(self.tr("Inställningar"))
        self.language = self._language_box()
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        self.contrast = self._contrast_box()
        self.text_size = self._text_size_box()
        self._new_code: tuple[str, CodeHash] | None = None  # typed code and its hash, once made
        self._changing_code = False
        self._build_lock()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        self.show_settings(self.saved)
        self.language.currentIndexChanged.connect(self._on_language_changed)
        self.contrast.currentIndexChanged.connect(self._preview)
        self.text_size.currentIndexChanged.connect(self._preview)

    # Building ------------------------------------------------------------------

    def _language_box(self) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(self.tr("Språk"))
        system = LANGUAGE_NAMES[effective_language(Language.SYSTEM)]
        box.addItem(self.tr("Följ systemet ({0})").format(system), Language.SYSTEM)
        for language in available_languages():
            box.addItem(LANGUAGE_NAMES[language], language)
        return box

    def _contrast_box(self) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(self.tr("Hög kontrast"))
        now = self.tr("på") if system_prefers_high_contrast() else self.tr("av")
        box.addItem(self.tr("Följ systemet (nu {0})").format(now), Contrast.SYSTEM)
        box.addItem(self.tr("Av"), Contrast.NORMAL)
        box.addItem(self.tr("På: vit text på svart"), Contrast.HIGH)
        return box

    def _text_size_box(self) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(self.tr("Textstorlek"))
        for percent in TEXT_SCALES:
            if percent == SYSTEM_TEXT_SCALE:
                box.addItem(self.tr("Som i systemet"), percent)
            else:
                box.addItem(self.tr("{0} % större").format(percent - SYSTEM_TEXT_SCALE), percent)
        return box

    def _build_lock(self) -> None:
        self.lock_enabled = QCheckBox(self.tr("&Lås programmet efter"))
        self.lock_minutes = QComboBox()
        self.lock_minutes.setAccessibleName(
            self.tr("Minuter utan aktivitet innan programmet låses")
        )
        for minutes in IDLE_MINUTES:
            self.lock_minutes.addItem(str(minutes), minutes)
        self.lock_minutes_label = QLabel(self.tr("minuters inaktivitet"))
        self.change_code = QPushButton(self.tr("&Byt kod…"))
        self.code = QLineEdit()
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code.setAccessibleName(self.tr("Ny kod"))
        self.code_again = QLineEdit()
        self.code_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_again.setAccessibleName(self.tr("Ny kod igen"))
        self.code_rows = QWidget()
        self.lock_note = QLabel(
            self.tr(
                "Koden skyddar skärmen, inte filerna: den som kommer åt datorns filer kan "
                "läsa handlingarna ändå. Utan koden går programmet inte att öppna; den enda "
                "vägen in är då att ta bort datamappen, och med den dina anteckningar."
            )
        )
        self.lock_note.setWordWrap(True)
        self.lock_problem = QLabel()
        self.lock_problem.setWordWrap(True)
        self.lock_problem.hide()
        self.lock_enabled.toggled.connect(self._show_lock_state)
        self.change_code.clicked.connect(self._ask_for_new_code)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Språk / Language"), self.language)
        form.addRow("", self.language_note)
        form.addRow(self.tr("&Hög kontrast"), self.contrast)
        form.addRow(self.tr("&Textstorlek"), self.text_size)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self._lock_layout())
        layout.addStretch()
        layout.addWidget(self.buttons)

    def _lock_layout(self) -> QVBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.lock_enabled)
        row.addWidget(self.lock_minutes)
        row.addWidget(self.lock_minutes_label)
        row.addStretch()
        row.addWidget(self.change_code)
        codes = QFormLayout(self.code_rows)
        codes.setContentsMargins(0, 0, 0, 0)
        codes.addRow(self.tr("&Kod (minst {0} tecken)").format(MIN_CODE_LENGTH), self.code)
        codes.addRow(self.tr("&Upprepa koden"), self.code_again)
        column = QVBoxLayout()
        column.addSpacing(8)
        for part in (row, self.code_rows, self.lock_problem, self.lock_note):
            if isinstance(part, QHBoxLayout):
                column.addLayout(part)
            else:
                column.addWidget(part)
        return column

    # Values ------------------------------------------------------------------------

    def show_settings(self, settings: Settings) -> None:
        for box, value in (
            (self.language, settings.language),
            (self.contrast, settings.contrast),
            (self.text_size, settings.text_scale),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)
        self._on_language_changed()
        self.lock_minutes.setCurrentIndex(
            max(self.lock_minutes.findData(settings.lock.idle_minutes), 0)
        )
        self.lock_enabled.setChecked(settings.lock.enabled)
        self._show_lock_state()

    def settings(self) -> Settings:
        """The settings as chosen in the dialog (saved or not).

        A new code typed in the dialog is hashed the first time it is asked for;
        while the code typed cannot be used, the lock reads as off.
        """
        return replace(self._appearance(), lock=self._lock_settings())

    def _lock_settings(self) -> LockSettings:
        minutes = int(self.lock_minutes.currentData() or DEFAULT_IDLE_MINUTES)
        if not self.lock_enabled.isChecked():
            return LockSettings(code=None, idle_minutes=minutes)
        if not self._wants_new_code():
            return LockSettings(code=self.saved.lock.code, idle_minutes=minutes)
        typed = self.code.text()
        if code_problem(typed, self.code_again.text()) is not None:
            return LockSettings(code=None, idle_minutes=minutes)
        if self._new_code is None or self._new_code[0] != typed:
            self._new_code = (typed, hash_code(typed))
        return LockSettings(code=self._new_code[1], idle_minutes=minutes)

    def _wants_new_code(self) -> bool:
        """The lock is being turned on, or its code changed: the code fields count."""
        has_code = self.saved.lock.enabled
        return self.lock_enabled.isChecked() and (not has_code or self._changing_code)

    def _show_lock_state(self) -> None:
        """Minutes with the lock on; the code fields when a new code is wanted."""
        on = self.lock_enabled.isChecked()
        if not on:
            self._changing_code = False
            self._clear_codes()
        self.lock_minutes.setEnabled(on)
        self.change_code.setVisible(on and self.saved.lock.enabled and not self._changing_code)
        self.code_rows.setVisible(self._wants_new_code())
        self._fit()

    def _fit(self) -> None:
        """Room for rows shown or hidden (a dialog does not grow by itself)."""
        if self.isVisible():
            self.adjustSize()

    def _ask_for_new_code(self) -> None:
        self._changing_code = True
        self._show_lock_state()
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_codes(self) -> None:
        self.code.clear()
        self.code_again.clear()
        self._new_code = None
        self.lock_problem.hide()

    def lock_code_problem(self) -> str | None:
        """Why the dialog cannot be saved as it stands (the new code), or None."""
        if not self._wants_new_code():
            return None
        problem = code_problem(self.code.text(), self.code_again.text())
        if problem is CodeProblem.TOO_SHORT:
            return self.tr("Koden måste ha minst {0} tecken.").format(MIN_CODE_LENGTH)
        if problem is CodeProblem.MISMATCH:
            return self.tr("De två koderna är inte lika.")
        return None

    def _on_language_changed(self) -> None:
        """Say when the language changes, in the chosen language and the current one."""
        chosen = effective_language(Language(self.language.currentData()))
        current = installed_language()
        if chosen == current:
            self.language_note.clear()
            self.language_note.hide()
            return
        lines = [translated_in(chosen, "SettingsDialog", NEXT_START).format(APP_NAME)]
        lines.append(QCoreApplication.translate("SettingsDialog", NEXT_START).format(APP_NAME))
        self.language_note.setText("\n".join(lines))
        self.language_note.show()

    def _preview(self) -> None:
        _apply(self._appearance())

    def _appearance(self) -> Settings:
        """The settings chosen, without hashing a new code: what shows at once."""
        return Settings(
            language=Language(self.language.currentData()),
            contrast=Contrast(self.contrast.currentData()),
            text_scale=int(self.text_size.currentData()),
            lock=self.saved.lock,
        )

    # Closing ----------------------------------------------------------------------

    def accept(self) -> None:
        problem = self.lock_code_problem()
        if problem is not None:
            self.lock_problem.setText(problem)
            self.lock_problem.show()
            self._fit()
            self.code.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        settings = self.settings()
        write_settings(self.context.store, settings)
        self.saved = settings
        self._changing_code = False
        self._clear_codes()
        _apply(settings)
        self.settings_saved.emit(settings)
        super().accept()

    def reject(self) -> None:
        _apply(self.saved)
        super().reject()


def _apply(settings: Settings) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_appearance(app, settings)
