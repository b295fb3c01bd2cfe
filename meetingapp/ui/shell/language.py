"""The interface language: our catalogue, Qt's own texts, and the locale for dates.

The source strings are Swedish, so Swedish needs no catalogue; English comes
from ``resources/translations/meetingapp_en.qm``. Which language "follow the
system" means is decided in ``meetingapp.core.settings.resolve_language``. Qt's own
texts (standard buttons, context menus of text fields) come from the
``qtbase_*.qm`` files Qt ships, so standard dialogs speak the same language,
and ``QLocale.setDefault`` makes dates and numbers follow it too.

The language is chosen before the windows are built: the widgets set their
texts once, so a change takes effect at the next start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from meetingapp.core.settings import Language, resolve_language
from meetingapp.runtime.paths import translations_dir

TRANSLATOR_NAME: Final = "meetingapp.translator"
"""Object name of the translators we install, so they can be replaced."""
LANGUAGE_PROPERTY: Final = "meetingapp.language"
CATALOGUE_PREFIX: Final = "meetingapp"
QT_LANGUAGES: Final = {
    Language.SWEDISH: QLocale.Language.Swedish,
    Language.ENGLISH: QLocale.Language.English,
}


def catalogue_path(language: Language) -> Path | None:
    """The compiled catalogue of ``language``; None for Swedish (the source)."""
    if language in (Language.SWEDISH, Language.SYSTEM):
        return None
    return translations_dir() / f"{CATALOGUE_PREFIX}_{language.value}.qm"


def available_languages() -> list[Language]:
    """Swedish, and every language whose catalogue is installed."""
    return [
        language
        for language in (Language.SWEDISH, Language.ENGLISH)
        if (path := catalogue_path(language)) is None or path.is_file()
    ]


def effective_language(choice: Language) -> Language:
    """What ``choice`` means on this computer, given the catalogues present."""
    wanted = resolve_language(choice, QLocale.system().uiLanguages())
    return wanted if wanted in available_languages() else Language.SWEDISH


def locale_for(language: Language) -> QLocale:
    """The locale dates and numbers are written in.

    The system's own locale when it is in that language (its region's
    conventions included); otherwise the language with the system's region
    where such a locale exists (English on a Swedish computer: en_SE, with
    24-hour times and ISO dates), else the language's usual region. A system
    without a region (the C locale) is taken to be in Sweden.
    """
    qt_language = QT_LANGUAGES[language]
    system = QLocale.system()
    if system.language() == qt_language:
        return system
    territory = system.territory()
    if territory == QLocale.Country.AnyTerritory:
        territory = QLocale.Country.Sweden
    return QLocale(qt_language, territory)


def install_language(app: QCoreApplication, choice: Language) -> Language:
    """Make ``choice`` the interface language; returns the language installed.

    Replaces translators installed before (so it can be called again) and sets
    the default locale. Widgets built afterwards are in that language.
    """
    language = effective_language(choice)
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setParent(None)  # Python now owns it and frees it
    locale = locale_for(language)
    QLocale.setDefault(locale)
    _install(app, _qt_translator(locale))
    path = catalogue_path(language)
    if path is not None:
        _install(app, _catalogue_translator(path))
    app.setProperty(LANGUAGE_PROPERTY, language.value)
    return language


def installed_language() -> Language:
    """The language the interface is in now (Swedish before any was installed)."""
    app = QCoreApplication.instance()
    value = app.property(LANGUAGE_PROPERTY) if app is not None else None
    return Language(value) if value in (Language.SWEDISH, Language.ENGLISH) else Language.SWEDISH


def _qt_translator(locale: QLocale) -> QTranslator | None:
    """Qt's own texts; absent for a language Qt has no catalogue for."""
    translator = QTranslator()
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(locale, "qtbase", "_", directory) else None


def _catalogue_translator(path: Path) -> QTranslator | None:
    translator = QTranslator()
    return translator if translator.load(str(path)) else None


def _install(app: QCoreApplication, translator: QTranslator | None) -> None:
    if translator is not None:
        translator.setObjectName(TRANSLATOR_NAME)
        translator.setParent(app)  # kept alive by the application
        app.installTranslator(translator)


def translated_in(language: Language, context: str, source: str) -> str:
    """``source`` in ``language`` whatever language is installed (or the source itself).

    Used to say something in the language the user has just chosen, before it
    is installed. Mark ``source`` with ``QT_TRANSLATE_NOOP(context, …)`` so
    lupdate finds it.
    """
    path = catalogue_path(resolve_language(language, QLocale.system().uiLanguages()))
    translator = QTranslator()
    if path is None or not translator.load(str(path)):
        return source
    return translator.translate(context, source) or source
