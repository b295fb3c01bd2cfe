"""Hjälp → Om: the version, the licence and the third-party notices as shipped."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from meetingapp import __version__
from meetingapp.ui.dialogs.about_dialog import AboutDialog, licence_path, notices_path
from meetingapp.ui.shell.application import application

ROOT = Path(__file__).resolve().parents[2]
NOTICES_SCRIPT = ROOT / "installer" / "notices.py"


@pytest.fixture
def dialog(qtbot: QtBot) -> Iterator[AboutDialog]:
    application()
    about = AboutDialog()
    qtbot.addWidget(about)
    yield about


def test_it_names_the_version_and_the_licence(dialog: AboutDialog) -> None:
    text = dialog.summary.text()
    assert __version__ in text
    assert "AGPL-3.0-or-later" in text
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Om",
        "Licens",
        "Tredjepartsprogram",
    ]


def test_it_shows_the_licence_text(dialog: AboutDialog) -> None:
    licence = dialog.licence_view.toPlainText()
    assert licence == licence_path().read_text(encoding="utf-8")
    assert "GNU AFFERO GENERAL PUBLIC LICENSE" in licence


def test_it_shows_the_notices_of_every_required_component(dialog: AboutDialog) -> None:
    notices = dialog.notices_view.toPlainText()
    assert notices == notices_path().read_text(encoding="utf-8")
    expected = {
        "PySide6-Essentials": "LGPL-3.0-only",
        "PyMuPDF": "AGPL-3.0-only",
        "rapidfuzz": "MIT",
        "requests": "Apache-2.0",
        "urllib3": "MIT",
        "keyring": "MIT",
        "platformdirs": "MIT",
        "truststore": "MIT",
        "certifi": "MPL-2.0",
        "tzdata": "Apache-2.0",
    }
    for distribution, licence in expected.items():
        version = metadata.version(distribution)
        assert f"{distribution} {version}\nLicence: {licence}" in notices
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices


def test_a_missing_file_is_said_not_hidden(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    application()
    monkeypatch.setattr(
        "meetingapp.ui.dialogs.about_dialog.resources_dir", lambda: tmp_path / "res"
    )
    about = AboutDialog()
    qtbot.addWidget(about)
    assert "saknas" in about.notices_view.toPlainText()
    assert str(tmp_path / "res" / "licenses") in about.notices_view.toPlainText()


@pytest.mark.skipif(
    sys.platform != "linux" or sys.version_info[:2] != (3, 11),
    reason="the committed notices are those of the Linux bundle on Python 3.11",
)
def test_the_committed_notices_match_the_installed_packages() -> None:
    """A dependency upgraded without `python installer/notices.py` fails here, and so
    does an environment that is not the lock."""
    completed = subprocess.run(
        [sys.executable, str(NOTICES_SCRIPT), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
