"""Inställningar: language, high contrast, text size, the app lock and gallring.

Contrast and text size are shown at once as they are chosen (Cancel puts back
what was there); OK saves them. The language is installed at start, before the
windows are built, so a new language takes effect at the next start; the
dialog says so in the language chosen.

The lock is turned on with a code typed twice (at least four characters); a
code once set stays until "Byt kod…" gives a new one or the lock is turned
off. Only its hash is saved, made when OK is pressed (about 70 ms).

Gallring: how many days after its meeting a non-public document is removed from
this computer, after how many months the others are (or never), and whether what
the user wrote on them stays in the program or is exported to a folder first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from meetingapp import APP_NAME
from meetingapp.core.context import AppContext
from meetingapp.core.security.app_lock import (
    DEFAULT_IDLE_MINUTES,
    IDLE_MINUTES,
    MIN_CODE_LENGTH,
    CodeHash,
    CodeProblem,
    LockSettings,
    code_problem,
    hash_code,
)
from meetingapp.core.settings import (
    MAX_NON_PUBLIC_DAYS,
    MAX_OTHER_MONTHS,
    SYSTEM_TEXT_SCALE,
    TEXT_SCALES,
    Contrast,
    Language,
    RetentionSettings,
    Settings,
    WritingPolicy,
    read_settings,
    write_settings,
)
from meetingapp.ui.shell.appearance import apply_appearance, system_prefers_high_contrast
from meetingapp.ui.shell.language import (
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
        self.choose_folder: Callable[[], str] = self._ask_for_folder
        """Asks for the export folder ("" when cancelled); tests replace it."""
        self._build_retention()
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
                "Koden skyddar skärmen när du lämnar datorn; filerna på disken är krypterade "
                "ändå. Utan koden går programmet inte att öppna; den enda vägen in är då att "
                "ta bort datamappen, och med den dina anteckningar."
            )
        )
        self.lock_note.setWordWrap(True)
        self.lock_problem = QLabel()
        self.lock_problem.setWordWrap(True)
        self.lock_problem.hide()
        self.lock_enabled.toggled.connect(self._show_lock_state)
        self.change_code.clicked.connect(self._ask_for_new_code)

    def _build_retention(self) -> None:
        self.non_public_days = QSpinBox()
        self.non_public_days.setRange(1, MAX_NON_PUBLIC_DAYS)
        self.non_public_days.setSuffix(self.tr(" dagar efter mötet"))
        self.non_public_days.setAccessibleName(
            self.tr("Dagar efter mötet innan sekretessmarkerade handlingar tas bort")
        )
        self.other_months = QSpinBox()
        self.other_months.setRange(0, MAX_OTHER_MONTHS)  # 0: never
        self.other_months.setSpecialValueText(self.tr("Aldrig"))
        self.other_months.setSuffix(self.tr(" månader efter mötet"))
        self.other_months.setAccessibleName(
            self.tr("Månader efter mötet innan övriga handlingar tas bort")
        )
        self.writing = QComboBox()
        self.writing.setAccessibleName(self.tr("Det du skrivit på borttagna handlingar"))
        self.writing.addItem(self.tr("Behålls i programmet"), WritingPolicy.KEEP)
        self.writing.addItem(
            self.tr("Exporteras till en mapp och tas sedan bort"), WritingPolicy.EXPORT
        )
        self.export_folder = QLineEdit()
        self.export_folder.setReadOnly(True)
        self.export_folder.setAccessibleName(self.tr("Mapp för exporterade anteckningar"))
        self.export_folder.setPlaceholderText(self.tr("Ingen mapp vald"))
        self.choose_folder_button = QPushButton(self.tr("&Välj mapp…"))
        self.choose_folder_button.clicked.connect(self._pick_folder)
        self.retention_note = QLabel(
            self.tr(
                "Handlingar du valt att behålla offline tas inte bort, utom "
                "sekretessmarkerade. Det som tagits bort finns kvar i dokumentsystemet "
                "och hämtas igen när du öppnar det. Handlingar du inte längre har rätt "
                "till tas bort vid nästa synkronisering."
            )
        )
        self.retention_note.setWordWrap(True)
        self.retention_problem = QLabel()
        self.retention_problem.setWordWrap(True)
        self.retention_problem.hide()
        self.writing.currentIndexChanged.connect(self._show_writing_state)

    def _retention_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Gallring"))
        form = QFormLayout(group)
        form.addRow(self.tr("S&ekretessmarkerade handlingar tas bort"), self.non_public_days)
        form.addRow(self.tr("Ö&vriga handlingar tas bort"), self.other_months)
        form.addRow(self.tr("Det du &skrivit på dem"), self.writing)
        folder = QHBoxLayout()
        folder.addWidget(self.export_folder, 1)
        folder.addWidget(self.choose_folder_button)
        form.addRow(self.tr("Exportmapp"), folder)
        form.addRow(self.retention_problem)
        form.addRow(self.retention_note)
        return group

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Språk / Language"), self.language)
        form.addRow("", self.language_note)
        form.addRow(self.tr("&Hög kontrast"), self.contrast)
        form.addRow(self.tr("&Textstorlek"), self.text_size)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self._lock_layout())
        layout.addSpacing(8)
        layout.addWidget(self._retention_group())
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
        self._show_retention(settings.retention)

    def _show_retention(self, retention: RetentionSettings) -> None:
        self.non_public_days.setValue(retention.non_public_days)
        self.other_months.setValue(retention.other_months or 0)
        self.writing.setCurrentIndex(max(self.writing.findData(retention.writing), 0))
        folder = retention.export_folder
        self.export_folder.setText(str(folder) if folder is not None else "")
        self._show_writing_state()

    def settings(self) -> Settings:
        """The settings as chosen in the dialog (saved or not).

        A new code typed in the dialog is hashed the first time it is asked for;
        while the code typed cannot be used, the lock reads as off.
        """
        return replace(
            self._appearance(), lock=self._lock_settings(), retention=self._retention_settings()
        )

    def _retention_settings(self) -> RetentionSettings:
        """The gallring chosen; an export without a folder reads as keeping."""
        folder = self.export_folder.text()
        writing = WritingPolicy(self.writing.currentData())
        return RetentionSettings(
            non_public_days=self.non_public_days.value(),
            other_months=self.other_months.value() or None,
            writing=writing if folder else WritingPolicy.KEEP,
            export_folder=Path(folder) if folder else None,
        )

    def retention_problem_text(self) -> str | None:
        """Why the gallring cannot be saved as chosen (an export without a folder)."""
        exporting = WritingPolicy(self.writing.currentData()) is WritingPolicy.EXPORT
        if exporting and not self.export_folder.text():
            return self.tr("Välj en mapp att exportera det du skrivit till.")
        return None

    def _show_writing_state(self) -> None:
        exporting = WritingPolicy(self.writing.currentData()) is WritingPolicy.EXPORT
        self.export_folder.setEnabled(exporting)
        self.choose_folder_button.setEnabled(exporting)
        if self.retention_problem_text() is None:
            self.retention_problem.hide()

    def _pick_folder(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.export_folder.setText(folder)
            self._show_writing_state()

    def _ask_for_folder(self) -> str:
        return QFileDialog.getExistingDirectory(
            self, self.tr("Mapp för exporterade anteckningar"), self.export_folder.text()
        )

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
            retention=self.saved.retention,
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
        retention_problem = self.retention_problem_text()
        if retention_problem is not None:
            self.retention_problem.setText(retention_problem)
            self.retention_problem.show()
            self._fit()
            self.choose_folder_button.setFocus(Qt.FocusReason.OtherFocusReason)
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
