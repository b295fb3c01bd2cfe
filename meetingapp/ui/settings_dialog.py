"""Inställningar: language, high contrast and text size.

Contrast and text size are shown at once as they are chosen (Cancel puts back
what was there); OK saves them. The language is installed at start, before the
windows are built, so a new language takes effect at the next start; the
dialog says so in the language chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from meetingapp import APP_NAME
from meetingapp.app import AppContext
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

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Språk / Language"), self.language)
        form.addRow("", self.language_note)
        form.addRow(self.tr("&Hög kontrast"), self.contrast)
        form.addRow(self.tr("&Textstorlek"), self.text_size)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(self.buttons)

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

    def settings(self) -> Settings:
        """The settings as chosen in the dialog (saved or not)."""
        return Settings(
            language=Language(self.language.currentData()),
            contrast=Contrast(self.contrast.currentData()),
            text_scale=int(self.text_size.currentData()),
        )

    def _on_language_changed(self) -> None:
        """Say when the language changes, in the chosen language and the current one."""
        chosen = effective_language(self.settings().language)
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
        _apply(self.settings())

    # Closing ----------------------------------------------------------------------

    def accept(self) -> None:
        settings = self.settings()
        write_settings(self.context.store, settings)
        self.saved = settings
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
