"""Settings: stored in the data directory, applied at once (appearance) or at start (language)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QDialog
from pytestqt.qtbot import QtBot

from meetingapp import APP_NAME
from meetingapp.core.context import AppContext
from meetingapp.core.security.app_lock import KEY_CODE, LockSettings, code_matches, hash_code
from meetingapp.core.settings import (
    KEY_CONTRAST,
    KEY_LANGUAGE,
    KEY_TEXT_SCALE,
    Contrast,
    Language,
    Settings,
    read_settings,
    resolve_language,
    wants_high_contrast,
    write_settings,
)
from meetingapp.runtime.paths import translations_dir
from meetingapp.store.local import get_app_state, set_app_state
from meetingapp.ui.dialogs.settings_dialog import SettingsDialog
from meetingapp.ui.shell.appearance import (
    CONTROLLER_NAME,
    HIGH_CONTRAST_STYLE_SHEET,
    Mark,
    apply_appearance,
    class_font,
    is_high_contrast,
    mark_colour,
    scaled_font,
    set_class_font,
)
from meetingapp.ui.shell.application import application, apply_settings
from meetingapp.ui.shell.language import (
    TRANSLATOR_NAME,
    available_languages,
    install_language,
    installed_language,
)
from tests.store_keys import TEST_KEYS

# The core: reading, writing, resolving ------------------------------------------------


def test_settings_default_to_following_the_system(synced_context: AppContext) -> None:
    assert read_settings(synced_context.store) == Settings()
    assert Settings().text_scale == 100


def test_settings_are_kept_in_the_data_directory(synced_context: AppContext) -> None:
    chosen = Settings(Language.ENGLISH, Contrast.HIGH, 150)
    write_settings(synced_context.store, chosen)
    again = AppContext(synced_context.data_dir, TEST_KEYS)
    try:
        assert read_settings(again.store) == chosen
    finally:
        again.close()


def test_unreadable_settings_read_as_defaults(synced_context: AppContext) -> None:
    with synced_context.store.db.write() as db:
        set_app_state(db, KEY_LANGUAGE, "klingon")
        set_app_state(db, KEY_CONTRAST, "")
        set_app_state(db, KEY_TEXT_SCALE, "137")
    assert read_settings(synced_context.store) == Settings()
    with synced_context.store.db.write() as db:
        set_app_state(db, KEY_TEXT_SCALE, "large")
    assert read_settings(synced_context.store).text_scale == 100


def test_a_text_scale_must_be_one_of_the_steps() -> None:
    with pytest.raises(ValueError, match="text scale"):
        Settings(text_scale=110)


@pytest.mark.parametrize(
    ("ui_languages", "expected"),
    [
        (["sv-Latn-SE", "sv-SE", "sv"], Language.SWEDISH),
        (["en-Latn-US", "en-US", "en"], Language.ENGLISH),
        (["en_GB"], Language.ENGLISH),
        (["fi-FI", "fi", "en-US", "en"], Language.ENGLISH),  # the first we speak wins
        (["fi-FI", "sv-FI", "en-US"], Language.SWEDISH),
        (["de-DE", "de"], Language.SWEDISH),  # neither: the program's own language
        (["C"], Language.SWEDISH),
        ([], Language.SWEDISH),
    ],
)
def test_following_the_system_language(ui_languages: list[str], expected: Language) -> None:
    assert resolve_language(Language.SYSTEM, ui_languages) is expected


def test_a_chosen_language_wins_over_the_system() -> None:
    assert resolve_language(Language.SWEDISH, ["en-US"]) is Language.SWEDISH
    assert resolve_language(Language.ENGLISH, ["sv-SE"]) is Language.ENGLISH


def test_high_contrast_follows_the_system_unless_chosen() -> None:
    assert wants_high_contrast(Contrast.SYSTEM, True)
    assert not wants_high_contrast(Contrast.SYSTEM, False)
    assert wants_high_contrast(Contrast.HIGH, False)
    assert not wants_high_contrast(Contrast.NORMAL, True)


# Language ------------------------------------------------------------------------------


@pytest.fixture
def app() -> Iterator[QApplication]:
    """The application, put back to Swedish and normal appearance afterwards."""
    application_ = application()
    yield application_
    install_language(application_, Language.SWEDISH)
    apply_appearance(application_, Settings())


def test_the_english_catalogue_is_found_next_to_the_package() -> None:
    assert (translations_dir() / "meetingapp_en.qm").is_file()
    assert available_languages() == [Language.SWEDISH, Language.ENGLISH]


def test_english_is_installed_with_english_dates(app: QApplication) -> None:
    assert install_language(app, Language.ENGLISH) is Language.ENGLISH
    assert installed_language() is Language.ENGLISH
    assert QCoreApplication.translate("MainWindow", "&Arkiv") == "&File"
    assert QLocale().language() == QLocale.Language.English
    assert QLocale().dayName(2, QLocale.FormatType.LongFormat) == "Tuesday"
    assert install_language(app, Language.SWEDISH) is Language.SWEDISH
    assert QCoreApplication.translate("MainWindow", "&Arkiv") == "&Arkiv"
    assert QLocale().language() == QLocale.Language.Swedish
    assert QLocale().dayName(2, QLocale.FormatType.LongFormat) == "tisdag"


def test_plural_forms_are_translated(app: QApplication) -> None:
    install_language(app, Language.ENGLISH)
    source = " – %n dokument kunde inte hämtas"
    assert QCoreApplication.translate("MainWindow", source, "", 1) == (
        " – 1 document could not be downloaded"
    )
    assert QCoreApplication.translate("MainWindow", source, "", 3) == (
        " – 3 documents could not be downloaded"
    )


def test_changing_the_language_replaces_the_translators(app: QApplication) -> None:
    for language in (Language.ENGLISH, Language.ENGLISH, Language.SWEDISH, Language.ENGLISH):
        install_language(app, language)
    ours = app.findChildren(QTranslator, TRANSLATOR_NAME)
    assert len(ours) == 2, "ours and Qt's own, once each"


def test_qt_standard_texts_follow_the_language(qtbot: QtBot, app: QApplication) -> None:
    install_language(app, Language.ENGLISH)
    assert QCoreApplication.translate("QPlatformTheme", "Save").replace("&", "") == "Save"
    install_language(app, Language.SWEDISH)
    assert QCoreApplication.translate("QPlatformTheme", "Save").replace("&", "") == "Spara"


def test_settings_at_start_apply_language_and_appearance(app: QApplication) -> None:
    chosen = Settings(Language.ENGLISH, Contrast.HIGH, 125)
    assert apply_settings(app, chosen) is Language.ENGLISH
    assert is_high_contrast(app)


STARTS_AND_REPORTS = """
import sys
from PySide6.QtWidgets import QApplication
from meetingapp.ui.shell.application import run_gui
from meetingapp.ui.shell.appearance import is_high_contrast

def on_shown(window):
    menus = [action.text() for action in window.menuBar().actions()]
    print("menus:", "|".join(menus), "high contrast:", is_high_contrast())
    window.close()
    QApplication.quit()

from tests.store_keys import TEST_KEYS

sys.exit(run_gui(__import__("pathlib").Path(sys.argv[1]), on_shown=on_shown, keys=TEST_KEYS))
"""


def test_the_program_starts_with_the_saved_settings(synced_data_dir: Path) -> None:
    """run_gui in a process of its own, as the program starts (it runs the event loop)."""
    context = AppContext(synced_data_dir, TEST_KEYS)
    write_settings(context.store, Settings(Language.ENGLISH, Contrast.HIGH, 125))
    context.close()
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "sv_SE.UTF-8"}
    started = subprocess.run(
        [sys.executable, "-c", STARTS_AND_REPORTS, str(synced_data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    assert "menus: &File|" in started.stdout
    assert "high contrast: True" in started.stdout


# Appearance ------------------------------------------------------------------------------


def test_high_contrast_is_white_on_black_with_yellow_selection(app: QApplication) -> None:
    before = QPalette(app.palette())
    style = app.style().name()
    apply_appearance(app, Settings(contrast=Contrast.HIGH))
    palette = app.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#000000"
    assert palette.color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert palette.color(QPalette.ColorRole.Highlight).name() == "#ffff00"
    assert palette.color(QPalette.ColorRole.Link).name() == "#00ffff"
    assert "focus" in app.styleSheet() and "2px solid" in app.styleSheet()
    assert is_high_contrast(app)
    assert mark_colour(Mark.CONFIDENTIAL).lightness() > 150, "readable on black"
    apply_appearance(app, Settings(contrast=Contrast.NORMAL))
    assert not is_high_contrast(app)
    assert app.styleSheet() == ""
    assert app.palette() == before
    assert app.style().name() == style
    assert mark_colour(Mark.CONFIDENTIAL).name() == "#a4262c"


def test_the_style_sheet_sets_no_font_sizes() -> None:
    assert "font" not in HIGH_CONTRAST_STYLE_SHEET


def test_larger_text_scales_the_system_font_and_returns_to_it(app: QApplication) -> None:
    apply_appearance(app, Settings())
    system = QFont(app.font())
    apply_appearance(app, Settings(text_scale=150))
    assert app.font().pointSizeF() == pytest.approx(system.pointSizeF() * 1.5)
    assert app.font().family() == system.family()
    apply_appearance(app, Settings())
    assert app.font() == system


def forget_system_appearance(app: QApplication) -> None:
    """Drop what apply_appearance remembered, so the next call starts afresh."""
    for controller in app.findChildren(QObject, CONTROLLER_NAME):
        controller.setParent(None)


def test_class_fonts_of_the_platform_scale_too(app: QApplication) -> None:
    """Platforms give menus, tooltips… fonts of their own; those grow with the text."""
    apply_appearance(app, Settings())
    original = QFont(app.font())
    forget_system_appearance(app)
    menu_font = QFont(original.family(), 13)
    set_class_font(menu_font, "QMenu")
    try:
        apply_appearance(app, Settings(text_scale=200))
        assert class_font("QMenu").pointSizeF() == pytest.approx(26)
        assert app.font().pointSizeF() == pytest.approx(original.pointSizeF() * 2)
        apply_appearance(app, Settings())
        assert class_font("QMenu") == menu_font
        assert app.font() == original
    finally:
        app.setFont(original)  # which also drops the class font
        forget_system_appearance(app)


def test_fonts_scale_in_their_own_unit() -> None:
    points = QFont("Sans", 10)
    assert scaled_font(points, 200).pointSizeF() == pytest.approx(20)
    pixels = QFont("Sans")
    pixels.setPixelSize(12)
    assert scaled_font(pixels, 150).pixelSize() == 18


# The dialog -----------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot, app: QApplication, synced_context: AppContext) -> SettingsDialog:
    dialog = SettingsDialog(synced_context)
    qtbot.addWidget(dialog)
    return dialog


def choose(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def test_dialog_shows_the_saved_settings(
    qtbot: QtBot, app: QApplication, synced_context: AppContext
) -> None:
    saved = Settings(Language.ENGLISH, Contrast.NORMAL, 175)
    write_settings(synced_context.store, saved)
    dialog = SettingsDialog(synced_context)
    qtbot.addWidget(dialog)
    assert dialog.settings() == saved
    assert dialog.language.currentText() == "English"


def test_appearance_changes_show_at_once_and_cancel_puts_them_back(
    dialog: SettingsDialog, app: QApplication
) -> None:
    font = QFont(app.font())
    choose(dialog.contrast, Contrast.HIGH)
    choose(dialog.text_size, 200)
    assert is_high_contrast(app)
    assert app.font().pointSizeF() == pytest.approx(font.pointSizeF() * 2)
    QApplication.processEvents()  # widgets hear of the new font through a posted event
    assert dialog.language.font().pointSizeF() == pytest.approx(font.pointSizeF() * 2)
    assert dialog.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    dialog.reject()
    assert not is_high_contrast(app)
    assert app.font() == font
    assert read_settings(dialog.context.store) == Settings()


def test_ok_saves_and_announces_the_settings(
    qtbot: QtBot, dialog: SettingsDialog, app: QApplication
) -> None:
    choose(dialog.contrast, Contrast.HIGH)
    choose(dialog.text_size, 125)
    choose(dialog.language, Language.ENGLISH)
    with qtbot.waitSignal(dialog.settings_saved) as saved:
        dialog.accept()
    expected = Settings(Language.ENGLISH, Contrast.HIGH, 125)
    assert saved.args == [expected]
    assert read_settings(dialog.context.store) == expected
    assert is_high_contrast(app)
    again = SettingsDialog(dialog.context)
    assert again.settings() == expected
    again.reject()
    assert is_high_contrast(app), "cancelling an unchanged dialog keeps what was saved"


def test_a_new_language_is_announced_for_the_next_start_in_that_language(
    dialog: SettingsDialog,
) -> None:
    assert installed_language() is Language.SWEDISH
    assert dialog.language_note.isHidden()
    choose(dialog.language, Language.ENGLISH)
    note = dialog.language_note.text()
    assert f"The language changes the next time you start {APP_NAME}." in note
    assert f"Språket byts nästa gång du startar {APP_NAME}." in note
    assert not dialog.language_note.isHidden()
    choose(dialog.language, Language.SWEDISH)
    assert dialog.language_note.isHidden()


def test_languages_are_offered_in_their_own_words(dialog: SettingsDialog) -> None:
    names = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert names[1:] == ["Svenska", "English"]
    assert names[0].startswith("Följ systemet (")


# The lock in the dialog -----------------------------------------------------------------

LOCK_CODE = "nämnd-1234"


def test_the_lock_is_off_at_first(dialog: SettingsDialog) -> None:
    assert not dialog.lock_enabled.isChecked()
    assert not dialog.lock_minutes.isEnabled()
    assert dialog.lock_minutes.currentData() == 10
    assert dialog.code_rows.isHidden() and dialog.change_code.isHidden()
    assert "filerna på disken är krypterade" in dialog.lock_note.text()


def type_code(dialog: SettingsDialog, code: str, again: str | None = None) -> None:
    dialog.code.setText(code)
    dialog.code_again.setText(code if again is None else again)


def test_turning_the_lock_on_needs_a_code_typed_twice(dialog: SettingsDialog) -> None:
    dialog.lock_enabled.setChecked(True)
    assert not dialog.code_rows.isHidden(), "a first code is asked for"
    choose(dialog.lock_minutes, 30)
    for code, again, problem in (
        ("123", "123", "Koden måste ha minst 4 tecken."),
        (LOCK_CODE, "nämnd-1235", "De två koderna är inte lika."),
    ):
        type_code(dialog, code, again)
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert dialog.lock_problem.text() == problem
        assert not read_settings(dialog.context.store).lock.enabled
    type_code(dialog, LOCK_CODE)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    lock = read_settings(dialog.context.store).lock
    assert lock.enabled and lock.idle_minutes == 30
    assert lock.code is not None and code_matches(LOCK_CODE, lock.code)
    stored = get_app_state(dialog.context.store.db.read(), KEY_CODE)
    assert stored is not None and LOCK_CODE not in stored
    assert dialog.code.text() == "" and dialog.code_again.text() == "", "not kept in the dialog"


def saved_with_code(qtbot: QtBot, context: AppContext, code: str) -> SettingsDialog:
    """A new dialog on settings saved with ``code``."""
    write_settings(context.store, Settings(lock=LockSettings(code=hash_code(code, n=2**10))))
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    return dialog


def test_a_saved_code_stays_until_changed(
    qtbot: QtBot, app: QApplication, synced_context: AppContext
) -> None:
    dialog = saved_with_code(qtbot, synced_context, LOCK_CODE)
    before = read_settings(synced_context.store).lock
    assert dialog.lock_enabled.isChecked() and dialog.lock_minutes.isEnabled()
    assert dialog.code_rows.isHidden() and not dialog.change_code.isHidden()
    choose(dialog.lock_minutes, 5)
    dialog.accept()
    assert read_settings(synced_context.store).lock == LockSettings(before.code, 5)


def test_changing_the_code(qtbot: QtBot, app: QApplication, synced_context: AppContext) -> None:
    dialog = saved_with_code(qtbot, synced_context, LOCK_CODE)
    dialog.change_code.click()
    assert not dialog.code_rows.isHidden() and dialog.change_code.isHidden()
    type_code(dialog, "ny-kod-5678")
    dialog.accept()
    code = read_settings(synced_context.store).lock.code
    assert code is not None
    assert code_matches("ny-kod-5678", code) and not code_matches(LOCK_CODE, code)


def test_turning_the_lock_off_removes_the_code(
    qtbot: QtBot, app: QApplication, synced_context: AppContext
) -> None:
    dialog = saved_with_code(qtbot, synced_context, LOCK_CODE)
    dialog.lock_enabled.setChecked(False)
    assert dialog.code_rows.isHidden() and dialog.change_code.isHidden()
    dialog.accept()
    assert read_settings(synced_context.store).lock == LockSettings()
    assert get_app_state(synced_context.store.db.read(), KEY_CODE) is None
