"""The change feed: what the core says changed, to every subscriber, from any thread."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from meetingapp.core.context import AppContext
from meetingapp.core.events import Change, ChangeFeed
from meetingapp.store.notes import NoteKind
from tests.store_keys import TEST_KEYS


def test_a_subscriber_hears_each_publish_until_it_unsubscribes() -> None:
    feed = ChangeFeed()
    heard: list[Change] = []
    unsubscribe = feed.subscribe(heard.append)
    feed.publish(Change.NOTES)
    unsubscribe()
    feed.publish(Change.STARS)
    unsubscribe()  # a second time does nothing
    assert heard == [Change.NOTES]


def test_nothing_is_published_for_no_change() -> None:
    feed = ChangeFeed()
    heard: list[Change] = []
    feed.subscribe(heard.append)
    feed.publish(Change.NONE)
    assert heard == []


def test_flags_combine() -> None:
    changes = Change.MEETINGS | Change.DOCUMENTS
    assert Change.MEETINGS in changes and Change.DOCUMENTS in changes
    assert Change.NOTES not in changes
    assert not changes & (Change.NOTES | Change.ANNOTATIONS | Change.STARS)


def test_publishing_from_several_threads_reaches_every_subscriber_on_that_thread() -> None:
    feed = ChangeFeed()
    heard: list[tuple[Change, str]] = []
    lock = threading.Lock()

    def record(changes: Change) -> None:
        with lock:
            heard.append((changes, threading.current_thread().name))

    feed.subscribe(record)
    threads = [
        threading.Thread(
            target=lambda: [feed.publish(Change.NOTES) for _ in range(50)],
            name=f"publisher-{number}",
        )
        for number in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(heard) == 200
    assert {name for _changes, name in heard} == {f"publisher-{n}" for n in range(4)}


def test_a_failing_subscriber_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    feed = ChangeFeed()
    heard: list[Change] = []

    def fail(_changes: Change) -> None:
        raise RuntimeError("the window is gone")

    feed.subscribe(fail)
    feed.subscribe(heard.append)
    with caplog.at_level(logging.ERROR, logger="meetingapp.core.events"):
        feed.publish(Change.ANNOTATIONS)
    assert heard == [Change.ANNOTATIONS]
    assert "the window is gone" in caplog.text


# What the context publishes ------------------------------------------------------------


def test_a_note_written_through_the_writer_publishes_notes(synced_context: AppContext) -> None:
    heard: list[Change] = []
    synced_context.changes.subscribe(heard.append)
    meeting = synced_context.library.meetings()[0]
    synced_context.user_data.save_note(meeting.id, NoteKind.MEETING, "Fråga om budgeten")
    synced_context.user_data.set_flag(meeting.id, True)
    assert synced_context.writer.flush()
    assert heard == [Change.NOTES, Change.STARS]


def test_syncing_the_demo_publishes_meetings_and_documents(
    tmp_path: Path, demo_endpoint: str
) -> None:
    context = AppContext(tmp_path / "data", TEST_KEYS)
    heard: list[Change] = []
    context.changes.subscribe(heard.append)
    try:
        context.sync(demo_endpoint)
    finally:
        context.close()
    assert heard and heard[0] == Change.MEETINGS | Change.DOCUMENTS
