"""``AppContext.sources``: the configured document systems, their sign-in, and the
user's committee choice, through the service on a real store."""

from __future__ import annotations

from meetingapp.core.context import AppContext
from meetingapp.core.sources import (
    DEFAULT_DAYS_BACK,
    AuthKind,
    CommitteeChoice,
    SourceAuth,
    SourceConfig,
)
from tests.keyrings import MemoryKeyring

SIGNED_IN = SourceConfig(
    None, "https://moten.example.se/oparl/system", "Exempel", SourceAuth(AuthKind.BASIC, "anna")
)


def test_the_synced_source_is_configured(synced_context: AppContext) -> None:
    sources = synced_context.sources
    (demo,) = sources.configured()
    assert demo.url.startswith("file://") and demo.auth.kind is AuthKind.NONE
    assert sources.urls() == [demo.url]


def test_a_source_is_saved_with_its_secret_in_the_keyring_and_forgotten(
    synced_context: AppContext, memory_keyring: MemoryKeyring
) -> None:
    sources = synced_context.sources
    assert sources.keyring().secure
    source_id = sources.configure(SIGNED_IN, "Hemlig-9271")
    saved = next(config for config in sources.configured() if config.id == source_id)
    assert (saved.url, saved.name, saved.auth) == (SIGNED_IN.url, "Exempel", SIGNED_IN.auth)
    assert "Hemlig-9271" in memory_keyring.entries.values()
    with synced_context.store.db.write() as db:
        db.execute(
            "INSERT INTO http_cache (url, etag, fetched_at) VALUES (?, ?, ?)",
            ("https://moten.example.se/oparl/body", '"1"', "2026-01-01T00:00:00+00:00"),
        )

    sources.remove(source_id)
    assert SIGNED_IN.url not in sources.urls()
    assert "Hemlig-9271" not in memory_keyring.entries.values()
    cached = synced_context.store.db.read().execute("SELECT url FROM http_cache").fetchall()
    assert not [row for row in cached if "moten.example.se" in row["url"]]


def test_removing_an_unknown_source_does_nothing(synced_context: AppContext) -> None:
    before = synced_context.sources.configured()
    synced_context.sources.remove(9999)
    assert synced_context.sources.configured() == before


def test_the_committee_choice_is_remembered(synced_context: AppContext) -> None:
    sources = synced_context.sources
    assert sources.committee_choice() is None
    person = next(p for p in synced_context.library.persons() if sources.suggested_committees(p.id))
    suggested = sources.suggested_committees(person.id)
    assert suggested <= {committee.id for committee in synced_context.library.committees()}
    choice = CommitteeChoice(person.id, suggested, days_back=DEFAULT_DAYS_BACK + 30)
    sources.save_committee_choice(choice)
    assert sources.committee_choice() == choice
    assert synced_context.committee_choice() == choice, "the context's delegate agrees"
