"""Configuring sources: sign-in kept in the keyring, used by the sync, removable."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from meetingapp.cli import EXIT_ERROR, EXIT_OK, main
from meetingapp.core.context import AppContext
from meetingapp.core.security.vault import KEYRING_SERVICE, KeyVault
from meetingapp.net.credentials import AuthKind, InsecureKeyringError, SourceAuth
from meetingapp.oparl.sources import SourceConfig
from meetingapp.ui.dialogs.sources_dialog import SourcesDialog
from meetingapp.ui.shell.application import application
from tests.keyrings import MemoryKeyring
from tests.oparl_server import Dataset, OParlServer
from tests.servers import serve
from tests.store_keys import TEST_KEYS, register_test_key

PASSWORD = "Hemlig-lösen-9271"


def every_byte_under(root: Path) -> bytes:
    return b"".join(path.read_bytes() for path in root.rglob("*") if path.is_file())


def test_cli_adds_a_signed_in_source_and_syncs_from_it(
    tmp_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = Dataset.generate(meetings=3, files_per_meeting=2, now=datetime.now(UTC))
    server = OParlServer(dataset, auth=("basic", "ledamot", PASSWORD))
    data_dir = tmp_path / "data"
    with serve(server) as host_url:
        endpoint = server.endpoint(host_url)
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        arguments = ["--data-dir", str(data_dir), "source", "add", endpoint, "--user", "ledamot"]
        assert main(arguments) == EXIT_OK
        assert main(["--data-dir", str(data_dir), "sync"]) == EXIT_OK
    secrets = [
        v for (service, _), v in memory_keyring.entries.items() if service != KEYRING_SERVICE
    ]
    assert secrets == [PASSWORD]
    assert PASSWORD.encode() not in every_byte_under(data_dir)
    context = AppContext(data_dir, KeyVault(data_dir, memory_keyring).unlock())
    assert context.library.counts()["meetings"] == 3
    context.close()


def test_wrong_password_is_a_clear_sign_in_error(
    tmp_path: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = Dataset.generate(meetings=1, files_per_meeting=1, now=datetime.now(UTC))
    server = OParlServer(dataset, auth=("basic", "ledamot", PASSWORD))
    register_test_key(tmp_path / "data", memory_keyring)
    context = AppContext(tmp_path / "data", TEST_KEYS)
    with serve(server) as host_url:
        endpoint = server.endpoint(host_url)
        config = SourceConfig(None, endpoint, "", SourceAuth(AuthKind.BASIC, "ledamot"))
        context.sources.configure(config, "fel")
        context.close()
        assert main(["--data-dir", str(tmp_path / "data"), "sync"]) == EXIT_ERROR
    error = capsys.readouterr().err
    assert "Sign-in failed" in error
    assert "fel" not in error.replace("failed", "")


def test_no_secure_keyring_stores_nothing(tmp_path: Path, use_keyring: Any) -> None:
    from keyring.backends import fail

    use_keyring(fail.Keyring())
    context = AppContext(tmp_path / "data", TEST_KEYS)
    config = SourceConfig(None, "https://oparl.example.org/", "", SourceAuth(AuthKind.BASIC, "u"))
    with pytest.raises(InsecureKeyringError, match="No secure OS keyring"):
        context.sources.configure(config, PASSWORD)
    assert context.sources.configured() == []
    context.close()
    assert PASSWORD.encode() not in every_byte_under(tmp_path / "data")


def test_removing_a_source_forgets_it_and_its_secret(
    tmp_path: Path, memory_keyring: MemoryKeyring, synced_data_dir: Path, demo_endpoint: str
) -> None:
    context = AppContext(synced_data_dir, TEST_KEYS)
    (demo,) = context.sources.configured()
    assert demo.id is not None
    context.sources.remove(demo.id)
    assert context.sources.configured() == []
    assert context.library.counts()["meetings"] == 0
    (result,) = context.sync(demo_endpoint)  # added again: everything comes back
    assert context.library.counts()["meetings"] >= 8
    assert result.failed_files == []
    context.close()


def test_sources_dialog_adds_a_signed_in_source(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    application()
    context = AppContext(tmp_path / "data", TEST_KEYS)
    dialog = SourcesDialog(context)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "nyckelring" in dialog.keyring_note.text())
    dialog.address.setText("https://oparl.exempelkommun.example/system.json")
    dialog.sign_in.setCurrentIndex(1)
    dialog.username.setText("ledamot")
    dialog.secret.setText(PASSWORD)
    with qtbot.waitSignal(dialog.sources_changed, timeout=10_000):
        dialog.save_button.click()
    (source,) = context.sources.configured()
    assert source.auth == SourceAuth(AuthKind.BASIC, "ledamot")
    secrets = [
        v for (service, _), v in memory_keyring.entries.items() if service != KEYRING_SERVICE
    ]
    assert secrets == [PASSWORD]
    assert dialog.secret.text() == ""
    assert dialog.secret.placeholderText() == "oförändrat"
    context.close()


def test_sources_dialog_says_plainly_when_no_keyring_can_hold_the_password(
    qtbot: QtBot, tmp_path: Path, use_keyring: Any
) -> None:
    from keyring.backends import fail

    use_keyring(fail.Keyring())
    application()
    context = AppContext(tmp_path / "data", TEST_KEYS)
    dialog = SourcesDialog(context)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "ingen säker nyckelring" in dialog.keyring_note.text())
    dialog.address.setText("https://oparl.exempelkommun.example/system.json")
    dialog.sign_in.setCurrentIndex(2)
    dialog.secret.setText(PASSWORD)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Inte sparat"), timeout=10_000)
    assert context.sources.configured() == []
    context.close()
