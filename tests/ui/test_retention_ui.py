"""Gallring on screen: the settings, "Borttaget från datorn", and the writing kept on
documents that are no longer the user's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from meetingapp.core.context import AppContext
from meetingapp.core.retention.deciding import RECENT_USE
from meetingapp.core.retention.run import run_retention
from meetingapp.core.settings import RetentionSettings, WritingPolicy, read_retention
from meetingapp.store.removed import removed_objects
from meetingapp.ui.dialogs.removed_dialog import RemovedDialog
from meetingapp.ui.dialogs.retention_dialog import RetentionDialog, take_unnoticed_removals
from meetingapp.ui.dialogs.settings_dialog import SettingsDialog
from meetingapp.ui.shell.application import application
from tests.core.test_retention import (
    SecretMeeting,
    annotate,
    committee_member,
    end_membership,
    secret_meeting,
)
from tests.ui.test_accessibility import assert_none, unnamed_controls


@pytest.fixture
def app() -> QApplication:
    return application()


@pytest.fixture
def settings_dialog(qtbot: QtBot, app: QApplication, synced_context: AppContext) -> SettingsDialog:
    dialog = SettingsDialog(synced_context)
    qtbot.addWidget(dialog)
    return dialog


def test_the_settings_show_the_safe_defaults(settings_dialog: SettingsDialog) -> None:
    assert settings_dialog.non_public_days.value() == 30
    assert settings_dialog.other_months.value() == 12
    assert settings_dialog.writing.currentData() == WritingPolicy.KEEP
    assert not settings_dialog.choose_folder_button.isEnabled()
    assert settings_dialog.settings().retention == RetentionSettings()


def test_the_settings_save_the_gallring(settings_dialog: SettingsDialog, tmp_path: Path) -> None:
    dialog = settings_dialog
    dialog.non_public_days.setValue(14)
    dialog.other_months.setValue(0)
    assert dialog.other_months.text() == "Aldrig"
    dialog.writing.setCurrentIndex(dialog.writing.findData(WritingPolicy.EXPORT))
    assert dialog.choose_folder_button.isEnabled()
    dialog.accept()
    assert dialog.retention_problem.isVisibleTo(dialog), "an export needs a folder"
    assert read_retention(dialog.context.store) == RetentionSettings()

    dialog.choose_folder = lambda: str(tmp_path)
    dialog.choose_folder_button.click()
    assert dialog.export_folder.text() == str(tmp_path)
    dialog.accept()
    saved = read_retention(dialog.context.store)
    assert saved == RetentionSettings(14, None, WritingPolicy.EXPORT, tmp_path)
    again = SettingsDialog(dialog.context)
    assert (again.non_public_days.value(), again.other_months.value()) == (14, 0)
    assert again.export_folder.text() == str(tmp_path)
    again.deleteLater()


def test_the_settings_have_names_for_every_control(settings_dialog: SettingsDialog) -> None:
    settings_dialog.show()
    assert_none(unnamed_controls(settings_dialog))


def remove_secret_documents(context: AppContext, folder: Path | None = None) -> SecretMeeting:
    meeting = secret_meeting(context)
    settings = RetentionSettings()
    if folder is not None:
        settings = RetentionSettings(writing=WritingPolicy.EXPORT, export_folder=folder)
    run_retention(context.store, settings, now=meeting.start + timedelta(days=31))
    return meeting


def test_the_dialog_lists_what_went_and_why(
    qtbot: QtBot, app: QApplication, synced_context: AppContext
) -> None:
    meeting = remove_secret_documents(synced_context)
    dialog = RetentionDialog(synced_context)
    qtbot.addWidget(dialog)
    run = dialog.tree.topLevelItem(0)
    assert run is not None and run.isExpanded()
    assert f"{len(meeting.secret)} borttagna" in run.text(0)
    rows = [run.child(index) for index in range(run.childCount())]
    assert {row.text(2) for row in rows if row is not None} == {
        "Sekretessmarkerad handling, 30 dagar efter mötet"
    }
    summary = synced_context.library.meeting(meeting.meeting_id)
    assert summary is not None
    assert all(row is not None and summary.name in row.text(1) for row in rows)
    assert {entry.object_id for entry in dialog.entries()} == meeting.secret
    assert not dialog.folder_button.isEnabled(), "nothing was exported"
    dialog.show()
    assert_none(unnamed_controls(dialog))


def test_the_dialog_says_when_nothing_went(
    qtbot: QtBot, app: QApplication, synced_context: AppContext
) -> None:
    dialog = RetentionDialog(synced_context)
    qtbot.addWidget(dialog)
    first = dialog.tree.topLevelItem(0)
    assert first is not None and "Inget har tagits bort" in first.text(0)
    assert dialog.entries() == []


def test_the_dialog_leads_to_the_export(
    qtbot: QtBot, app: QApplication, synced_context: AppContext, tmp_path: Path
) -> None:
    meeting = secret_meeting(synced_context)
    file_id = sorted(meeting.secret)[0]
    annotate(synced_context.store, file_id, "tilläggsbelopp", "Fråga om beloppet")
    remove_secret_documents(synced_context, folder=tmp_path)
    dialog = RetentionDialog(synced_context)
    qtbot.addWidget(dialog)
    [exported] = [e for e in dialog.entries() if e.object_id == file_id]
    assert exported.export_path is not None
    run = dialog.tree.topLevelItem(0)
    assert run is not None
    texts = {run.child(i).text(3) for i in range(run.childCount())}  # type: ignore[union-attr]
    assert f"Exporterat till {exported.export_path.name}" in texts
    opened: list[Path] = []
    dialog.open_folder = opened.append
    dialog.folder_button.click()
    assert opened == [tmp_path]


def test_the_user_is_told_once(qtbot: QtBot, app: QApplication, synced_context: AppContext) -> None:
    meeting = remove_secret_documents(synced_context)
    assert take_unnoticed_removals(synced_context) == len(meeting.secret)
    assert synced_context.writer.flush()
    assert take_unnoticed_removals(synced_context) == 0


def test_writing_on_a_revoked_document_is_listed_without_its_content(
    qtbot: QtBot, app: QApplication, synced_context: AppContext
) -> None:
    context = synced_context
    meeting = secret_meeting(context)
    file_id = sorted(meeting.secret)[0]
    annotate(context.store, file_id, "tilläggsbelopp", "Min fråga om beloppet")
    committee, person = committee_member(context, meeting.meeting_id)
    end_membership(context.store, person, committee)
    later = datetime.now(UTC) + RECENT_USE * 1.1
    run_retention(context.store, RetentionSettings(), now=later, person_id=person)
    assert [r.object_id for r in removed_objects(context.store.db.read())] == [file_id]

    retention = RetentionDialog(context)
    qtbot.addWidget(retention)
    assert retention.removed_button.isEnabled()
    with qtbot.waitSignal(retention.show_removed_requested):
        retention.removed_button.click()
    reasons = {entry.reason.value for entry in retention.entries()}
    assert reasons == {"membership_ended"}
    run = retention.tree.topLevelItem(0)
    assert run is not None
    child = run.child(0)
    assert child is not None and "har upphört" in child.text(2)

    removed = RemovedDialog(context)
    qtbot.addWidget(removed)
    top = removed.tree.topLevelItem(0)
    assert top is not None
    lines = [top.child(i).text(0) for i in range(top.childCount())]  # type: ignore[union-attr]
    assert any("Min fråga om beloppet" in line for line in lines)
    assert "Handlingen finns inte längre på datorn." in lines
    assert not removed.view_button.isEnabled()
