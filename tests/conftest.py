"""Shared fixtures: the demo publication, built once, and a data dir synced from it."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.store_keys import TEST_KEYS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from meetingapp.core.context import AppContext
from meetingapp.core.render import RenderWorker
from meetingapp.demo import build_demo
from meetingapp.ui.reader.page_renderer import PageRenderer
from meetingapp.ui.shell.application import application
from meetingapp.ui.shell.main_window import MainWindow
from meetingapp.ui.shell.tasks import wait_for_background_tasks

# The keyring stand-in fixtures, and the check that nothing is read beside the repository.
pytest_plugins = ["tests.keyrings", "tests.outside_reads"]


@pytest.fixture(scope="session")
def demo_anchor() -> date:
    """The demo is anchored today, so "upcoming" means upcoming for the UI too."""
    return date.today()


@pytest.fixture(scope="session")
def demo_publication(tmp_path_factory: pytest.TempPathFactory, demo_anchor: date) -> Path:
    root = tmp_path_factory.mktemp("publication") / "demo"
    build_demo(root, anchor=demo_anchor)
    return root


@pytest.fixture(scope="session")
def demo_endpoint(demo_publication: Path) -> str:
    return (demo_publication / "system.json").as_uri()


@pytest.fixture(scope="session")
def synced_template(tmp_path_factory: pytest.TempPathFactory, demo_endpoint: str) -> Path:
    """A data dir synced once from the demo; tests get copies of it."""
    data_dir = tmp_path_factory.mktemp("synced") / "data"
    context = AppContext(data_dir, TEST_KEYS)
    context.sync(demo_endpoint)
    context.close()
    return data_dir


@pytest.fixture
def synced_data_dir(synced_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(synced_template, copy)
    return copy


@pytest.fixture
def synced_context(synced_data_dir: Path) -> Iterator[AppContext]:
    context = AppContext(synced_data_dir, TEST_KEYS)
    yield context
    deliver_background_results()
    context.close()


def deliver_background_results() -> None:
    """Let background tasks finish and hand their results to the GUI thread, whose
    callbacks read the store, before the store is closed."""
    if QCoreApplication.instance() is None:
        return
    assert wait_for_background_tasks()
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()


@pytest.fixture
def window(qtbot: QtBot, synced_context: AppContext) -> Iterator[MainWindow]:
    """The main window, shown, on a synced copy of the demo."""
    application()
    main = MainWindow(synced_context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.renderer.shutdown()


@pytest.fixture
def renderer() -> Iterator[PageRenderer]:
    """A page renderer with its thread and render worker process."""
    application()
    page_renderer = PageRenderer(RenderWorker(blob_key=TEST_KEYS.blobs))
    yield page_renderer
    page_renderer.shutdown()


# --- Logging: every record of the run, for tests/system/test_logs_hold_no_secrets.py -----

SESSION_LOG_NAME = "every-log-record.txt"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``at_session_finish`` (the logs' check for secrets) run last, after
    everything else the run collected has logged what it logs."""
    last = [item for item in items if item.get_closest_marker("at_session_finish")]
    items[:] = [item for item in items if item not in last] + last


@pytest.fixture(scope="session", autouse=True)
def session_log(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every record of every logger, DEBUG and up, from the first test on, in a file
    under pytest's temporary base; the last test module reads it for secrets.

    Records are not changed, filtered or redacted on the way, so what a log call
    wrote is what the file holds.
    """
    path = tmp_path_factory.getbasetemp() / SESSION_LOG_NAME
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s [%(threadName)s] %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(level)
    handler.close()


@pytest.fixture(autouse=True)
def logging_and_exception_hooks_restored() -> Iterator[None]:
    """A test that runs the program's entry point (``cli.main``) sets up the program's
    log handlers and exception hooks for the process; they go again after the test,
    so later tests, and the run's log capture, see logging as it was before."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    hooks = (sys.excepthook, threading.excepthook)
    yield
    for handler in [handler for handler in root.handlers if handler not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks
