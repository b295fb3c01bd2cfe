"""Where things live: the data directory and the bundled resources."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import platformdirs

from meetingapp import APP_ID

DATA_DIR_ENVIRONMENT: Final = "MEETINGAPP_DATA_DIR"


def default_data_dir() -> Path:
    """The per-user data directory of the platform (e.g. ~/.local/share/meetingapp)."""
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=False))


def resolve_data_dir(
    explicit: str | os.PathLike[str] | None, environment: Mapping[str, str] | None = None
) -> Path:
    """--data-dir wins, then $MEETINGAPP_DATA_DIR, then the platform default."""
    environment = os.environ if environment is None else environment
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_environment = environment.get(DATA_DIR_ENVIRONMENT)
    if from_environment:
        return Path(from_environment).expanduser().resolve()
    return default_data_dir()


def resources_dir() -> Path:
    """The bundled resources (icons, translations, the demo publication)."""
    return Path(__file__).resolve().parent.parent / "resources"


def translations_dir() -> Path:
    """The compiled interface translations (``meetingapp_<language>.qm``).

    Found next to the package like the rest of the resources, so the program
    run from the source tree (``pip install -e``) uses the committed catalogues;
    a packaged program keeps the same layout.
    """
    return resources_dir() / "translations"
