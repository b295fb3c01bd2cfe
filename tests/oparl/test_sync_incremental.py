"""Incremental sync: conditional requests, changed files, deletions, changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from meetingapp.core.context import AppContext
from meetingapp.demo import build_demo
from tests.servers import StaticFiles, serve
from tests.store_keys import TEST_KEYS


@dataclass
class StaticSite:
    root: Path
    app: StaticFiles
    endpoint: str


@pytest.fixture(scope="module")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    """The demo publication on a static web host (which ignores query filters)."""
    root = tmp_path_factory.mktemp("static") / "site"
    app = StaticFiles(root)
    with serve(app) as base_url:
        build_demo(root, anchor=date.today(), base_url=base_url)
        yield StaticSite(root, app, base_url + "system.json")


def test_unchanged_static_publication_resyncs_with_304s_only(
    static_site: StaticSite, tmp_path: Path
) -> None:
    context = AppContext(tmp_path / "data", TEST_KEYS)
    (first,) = context.sync(static_site.endpoint)
    assert first.files_downloaded > 100
    static_site.app.requests.clear()

    (second,) = context.sync(static_site.endpoint)
    statuses = [status for _path, status in static_site.app.requests]
    assert statuses and set(statuses) == {304}, static_site.app.requests[:10]
    assert second.files_downloaded == 0 and second.objects_saved == 0
    assert second.changes == []
    list_pages = [path for path, _status in static_site.app.requests if "page-" in path]
    assert len(statuses) == len(list_pages) + 1  # the System, then one request per page
    context.close()


def test_second_run_asks_only_for_what_changed_since_the_first_started(
    static_site: StaticSite, tmp_path: Path
) -> None:
    context = AppContext(tmp_path / "data", TEST_KEYS)
    context.sync(static_site.endpoint)
    row = (
        context.store.db.read()
        .execute("SELECT last_started, next_modified_since FROM sync_state")
        .fetchone()
    )
    assert row["next_modified_since"] is not None
    assert row["next_modified_since"] < row["last_started"]
    assert "." not in row["next_modified_since"]  # no fractions of seconds
    context.close()
