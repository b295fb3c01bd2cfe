"""The user's settings: language, contrast, text size, the app lock and retention.

Kept in the store's ``app_state`` table, one key each, so they travel with the
data directory like everything else the program remembers. Plain Python: the
UI (``meetingapp.ui.shell.appearance``, ``meetingapp.ui.shell.language``) turns them into
Qt palettes, fonts and translators. The lock's own keys, the code's hash and
the count of wrong tries are in ``meetingapp.core.security.app_lock``.

An unknown or damaged value reads as the default; a setting is never a reason
for the program not to start. The retention defaults are the safe ones:
non-public documents go 30 days after their meeting, others after 12 months,
and what the user wrote on them stays in the program.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final, TypeVar

from meetingapp.core.security.app_lock import LockSettings, load_lock, save_lock
from meetingapp.oparl.scope import (
    DEFAULT_NON_PUBLIC_DAYS,
    DEFAULT_OTHER_MONTHS,
    RetentionPeriods,
)
from meetingapp.oparl.scope import MAX_NON_PUBLIC_DAYS as MAX_NON_PUBLIC_DAYS  # the bounds,
from meetingapp.oparl.scope import MAX_OTHER_MONTHS as MAX_OTHER_MONTHS  # for the controls
from meetingapp.store import Store, sql
from meetingapp.store.local import get_app_state, set_app_state

KEY_LANGUAGE: Final = "settings.language"
KEY_CONTRAST: Final = "settings.contrast"
KEY_TEXT_SCALE: Final = "settings.text_scale"
KEY_NON_PUBLIC_DAYS: Final = "settings.retention.non_public_days"
KEY_OTHER_MONTHS: Final = "settings.retention.other_months"
KEY_WRITING: Final = "settings.retention.writing"
KEY_EXPORT_FOLDER: Final = "settings.retention.export_folder"
KEPT_ALWAYS: Final = "always"
"""``KEY_OTHER_MONTHS`` when other documents are never removed by age."""

E = TypeVar("E", bound=StrEnum)


class Language(StrEnum):
    """The interface language; SYSTEM follows the computer's language preferences."""

    SYSTEM = "system"
    SWEDISH = "sv"
    ENGLISH = "en"


class Contrast(StrEnum):
    """High contrast on, off, or as the operating system says (where Qt can tell)."""

    SYSTEM = "system"
    NORMAL = "normal"
    HIGH = "high"


SYSTEM_TEXT_SCALE: Final = 100
TEXT_SCALES: Final = (SYSTEM_TEXT_SCALE, 125, 150, 175, 200)
"""Text size in percent of the system's own size; 100 follows the system unchanged."""


class WritingPolicy(StrEnum):
    """What becomes of the user's annotations and notes on what retention removes."""

    KEEP = "keep"
    """They stay in the program (the document's metadata stays; a revoked document's
    writing is listed under "Anteckningar på borttagna handlingar")."""
    EXPORT = "export"
    """Written to Markdown in ``export_folder``, then removed with the document."""


@dataclass(frozen=True)
class RetentionSettings:
    """Gallring: how long documents stay, and what becomes of the user's writing."""

    non_public_days: int = DEFAULT_NON_PUBLIC_DAYS
    other_months: int | None = DEFAULT_OTHER_MONTHS
    """None: other documents are kept whatever their age."""
    writing: WritingPolicy = WritingPolicy.KEEP
    export_folder: Path | None = None

    def __post_init__(self) -> None:
        RetentionPeriods(self.non_public_days, self.other_months)  # checks the ranges
        if self.writing is WritingPolicy.EXPORT and self.export_folder is None:
            raise ValueError("exporting the user's writing needs a folder")

    @property
    def periods(self) -> RetentionPeriods:
        return RetentionPeriods(self.non_public_days, self.other_months)


@dataclass(frozen=True)
class Settings:
    language: Language = Language.SYSTEM
    contrast: Contrast = Contrast.SYSTEM
    text_scale: int = SYSTEM_TEXT_SCALE
    lock: LockSettings = field(default_factory=LockSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)

    def __post_init__(self) -> None:
        if self.text_scale not in TEXT_SCALES:
            raise ValueError(f"text scale {self.text_scale} is not one of {TEXT_SCALES}")


def load_settings(db: sql.Connection) -> Settings:
    """The saved settings; anything missing or unreadable is the default."""
    return Settings(
        language=_enum_value(Language, get_app_state(db, KEY_LANGUAGE), Language.SYSTEM),
        contrast=_enum_value(Contrast, get_app_state(db, KEY_CONTRAST), Contrast.SYSTEM),
        text_scale=_text_scale(get_app_state(db, KEY_TEXT_SCALE)),
        lock=load_lock(db),
        retention=load_retention(db),
    )


def save_settings(db: sql.Connection, settings: Settings) -> None:
    """Write all settings; call inside ``Database.write()``."""
    set_app_state(db, KEY_LANGUAGE, settings.language.value)
    set_app_state(db, KEY_CONTRAST, settings.contrast.value)
    set_app_state(db, KEY_TEXT_SCALE, str(settings.text_scale))
    save_lock(db, settings.lock)
    save_retention(db, settings.retention)


def load_retention(db: sql.Connection) -> RetentionSettings:
    """The retention settings; an unreadable period is the default, an export without
    a folder is keeping."""
    folder = get_app_state(db, KEY_EXPORT_FOLDER)
    writing = _enum_value(WritingPolicy, get_app_state(db, KEY_WRITING), WritingPolicy.KEEP)
    return RetentionSettings(
        non_public_days=_bounded(
            get_app_state(db, KEY_NON_PUBLIC_DAYS), MAX_NON_PUBLIC_DAYS, DEFAULT_NON_PUBLIC_DAYS
        ),
        other_months=_other_months(get_app_state(db, KEY_OTHER_MONTHS)),
        writing=writing if folder else WritingPolicy.KEEP,
        export_folder=Path(folder) if folder else None,
    )


def save_retention(db: sql.Connection, retention: RetentionSettings) -> None:
    set_app_state(db, KEY_NON_PUBLIC_DAYS, str(retention.non_public_days))
    months = retention.other_months
    set_app_state(db, KEY_OTHER_MONTHS, KEPT_ALWAYS if months is None else str(months))
    set_app_state(db, KEY_WRITING, retention.writing.value)
    folder = retention.export_folder
    set_app_state(db, KEY_EXPORT_FOLDER, str(folder) if folder is not None else "")


def read_retention(store: Store) -> RetentionSettings:
    return load_retention(store.db.read())


def read_settings(store: Store) -> Settings:
    return load_settings(store.db.read())


def write_settings(store: Store, settings: Settings) -> None:
    with store.db.write() as db:
        save_settings(db, settings)


def _enum_value(kind: type[E], raw: str | None, default: E) -> E:
    try:
        return kind(raw) if raw is not None else default
    except ValueError:
        return default


def _bounded(raw: str | None, highest: int, default: int) -> int:
    """A whole number from 1 to ``highest``; anything else is ``default``."""
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        return default
    return value if 1 <= value <= highest else default


def _other_months(raw: str | None) -> int | None:
    if raw == KEPT_ALWAYS:
        return None
    return _bounded(raw, MAX_OTHER_MONTHS, DEFAULT_OTHER_MONTHS)


def _text_scale(raw: str | None) -> int:
    try:
        value = int(raw) if raw is not None else SYSTEM_TEXT_SCALE
    except ValueError:
        return SYSTEM_TEXT_SCALE
    return value if value in TEXT_SCALES else SYSTEM_TEXT_SCALE


def resolve_language(choice: Language, ui_languages: Iterable[str]) -> Language:
    """The language to show: Swedish or English, never SYSTEM.

    For SYSTEM, the computer's preferred languages are read in order (BCP 47
    tags such as ``"sv-SE"``, ``"en-US"``, as ``QLocale.uiLanguages()`` gives
    them) and the first one we speak wins. A computer that prefers neither
    Swedish nor English (Finnish, Arabic, the C locale of a server…) gets
    Swedish: the program is made for Swedish committees, whose documents are in
    Swedish anyway, and anyone who reads English better can choose it in the
    settings or list it among the system's languages.
    """
    if choice is not Language.SYSTEM:
        return choice
    spoken = {Language.SWEDISH.value: Language.SWEDISH, Language.ENGLISH.value: Language.ENGLISH}
    for tag in ui_languages:
        primary = tag.replace("_", "-").split("-")[0].casefold()
        if primary in spoken:
            return spoken[primary]
    return Language.SWEDISH


def wants_high_contrast(choice: Contrast, system_prefers_high_contrast: bool) -> bool:
    if choice is Contrast.SYSTEM:
        return system_prefers_high_contrast
    return choice is Contrast.HIGH
