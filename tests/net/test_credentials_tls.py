"""Sign-in, the keyring and TLS of the sync, against real HTTPS servers on loopback.

The keyring tests install an in-memory backend: a real Secret Service needs a
desktop session (D-Bus and an unlocked keyring), which a test machine has not.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import urllib3.exceptions
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from meetingapp.net import transport
from meetingapp.net.credentials import (
    AuthKind,
    CredentialError,
    CredentialStore,
    InsecureKeyringError,
    SourceAuth,
)
from meetingapp.net.transport import (
    SessionSetupError,
    TransportPolicy,
    build_session,
    describe_transport_error,
)
from meetingapp.oparl.oparl import OParlClient, OParlError
from meetingapp.oparl.sources import (
    MissingSecretError,
    SourceConfig,
    find_source,
    load_sources,
    save_source,
    session_for,
)
from meetingapp.store import Store
from tests.keyrings import (
    LockedKeyring,
    MemoryKeyring,
    PlaintextFileLike,
)
from tests.servers import StartResponse, WsgiApp, serve
from tests.store_keys import TEST_KEYS
from tests.tls_servers import LoopbackPki, make_pki, serve_tls

PACKAGE = Path(__file__).resolve().parents[2] / "meetingapp"
NO_RETRIES = TransportPolicy(retries=0, connect_timeout=5, read_timeout=5)
PASSWORD = "Hemligt-lösen-7f3a9c"
TOKEN = "tok-4d1e8b22c0a94f55"


# --- fixtures and small servers ------------------------------------------------


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> LoopbackPki:
    return make_pki(tmp_path_factory.mktemp("pki"))


def system_json(environ: dict[str, Any]) -> bytes:
    base = f"{environ['wsgi.url_scheme']}://{environ['HTTP_HOST']}/"
    system = {
        "id": base + "system.json",
        "type": "https://schema.oparl.org/1.1/System",
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "name": "Exempelkommun (test)",
        "body": base + "bodies.json",
    }
    return json.dumps(system).encode()


class SystemApp:
    """Answers every path with a System object; records each Authorization header."""

    def __init__(self, expected_authorization: str | None = None) -> None:
        self.expected_authorization = expected_authorization
        self.authorizations: list[str | None] = []

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        received = environ.get("HTTP_AUTHORIZATION")
        self.authorizations.append(received)
        if self.expected_authorization and received != self.expected_authorization:
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain"), ("WWW-Authenticate", 'Basic realm="oparl"')],
            )
            return [b"sign in first"]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [system_json(environ)]


def basic_header(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def redirect_to(target: str) -> WsgiApp:
    def app(_environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        start_response("302 Found", [("Location", target), ("Content-Type", "text/plain")])
        return [b""]

    return app


def system_of(session: requests.Session, url: str) -> dict[str, Any]:
    return OParlClient(session, url, NO_RETRIES).system()


# --- TLS -----------------------------------------------------------------------


def test_ca_bundle_makes_an_internal_ca_trusted(pki: LoopbackPki) -> None:
    with serve_tls(SystemApp(), pki.loopback) as base_url:
        for bundle in (pki.ca_pem, pki.ca_der):
            session = build_session(NO_RETRIES, ca_bundle=bundle)
            assert system_of(session, base_url + "system.json")["name"] == "Exempelkommun (test)"


@pytest.mark.parametrize("certificate", ["loopback", "self_signed"])
def test_certificate_of_an_unknown_issuer_is_not_trusted(
    pki: LoopbackPki, certificate: str
) -> None:
    with (
        serve_tls(SystemApp(), getattr(pki, certificate)) as base_url,
        pytest.raises(OParlError) as raised,
    ):
        system_of(build_session(NO_RETRIES), base_url + "system.json")
    message = str(raised.value)
    assert "certificate of 127.0.0.1 is not trusted" in message
    assert "CA bundle setting" in message


def test_expired_certificate_says_expired(pki: LoopbackPki) -> None:
    with (
        serve_tls(SystemApp(), pki.expired) as base_url,
        pytest.raises(OParlError, match=r"certificate of 127\.0\.0\.1 has expired"),
    ):
        system_of(build_session(NO_RETRIES, ca_bundle=pki.ca_pem), base_url)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_certificate_for_another_host_names_the_mismatch(pki: LoopbackPki, host: str) -> None:
    with serve_tls(SystemApp(), pki.other_host) as base_url:
        url = base_url.replace("127.0.0.1", host)
        with pytest.raises(OParlError, match=f"not valid for the name {host}"):
            system_of(build_session(NO_RETRIES, ca_bundle=pki.ca_pem), url)


def test_without_truststore_certifi_and_the_ca_bundle_still_verify(
    pki: LoopbackPki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transport, "_TRUSTSTORE_IMPORTED", False)
    assert not transport.os_trust_available()
    with serve_tls(SystemApp(), pki.loopback) as base_url:
        with pytest.raises(OParlError, match="not trusted"):
            system_of(build_session(NO_RETRIES), base_url)
        trusted = build_session(NO_RETRIES, ca_bundle=pki.ca_pem)
        assert system_of(trusted, base_url)["name"] == "Exempelkommun (test)"


def test_certificate_failure_is_not_retried(pki: LoopbackPki) -> None:
    """Retrying would only make the person wait (about 7 s with the default backoff)."""
    with serve_tls(SystemApp(), pki.expired) as base_url:
        started = time.monotonic()
        with pytest.raises(OParlError, match="expired"):
            system_of(build_session(ca_bundle=pki.ca_pem), base_url)
    assert time.monotonic() - started < 3


def test_per_request_verify_cannot_switch_verification_off(pki: LoopbackPki) -> None:
    with serve_tls(SystemApp(), pki.self_signed) as base_url:
        session = build_session(NO_RETRIES)
        with pytest.raises(requests.exceptions.SSLError):
            session.get(base_url, verify=False, timeout=5)


def test_unusable_ca_bundle_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pem"
    with pytest.raises(SessionSetupError, match="cannot be read"):
        build_session(ca_bundle=missing)
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"this is no certificate")
    with pytest.raises(SessionSetupError, match="holds no usable certificate"):
        build_session(ca_bundle=garbage)


def test_verification_is_never_switched_off_in_the_program() -> None:
    forbidden = re.compile(
        r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context"
        r"|disable_warnings"
    )
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offenders == []


# --- transport errors in words ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_refused_connection_is_named() -> None:
    url = f"http://127.0.0.1:{free_port()}/system.json"
    with pytest.raises(OParlError, match=r"127\.0\.0\.1 refused the connection"):
        system_of(build_session(NO_RETRIES), url)


def test_server_that_stops_answering_is_a_timeout() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        policy = TransportPolicy(retries=0, connect_timeout=2, read_timeout=0.3)
        with pytest.raises(OParlError, match="stopped answering"):
            OParlClient(build_session(policy), f"http://127.0.0.1:{port}/", policy).system()


def request_error(kind: type[requests.RequestException], reason: Exception) -> Any:
    request = requests.Request("GET", "https://oparl.exempelkommun.example/system.json?x=1")
    wrapped = urllib3.exceptions.MaxRetryError(None, "/system.json", reason)  # type: ignore[arg-type]
    return kind(wrapped, request=request.prepare())


def test_dns_failure_and_connect_timeout_are_named() -> None:
    unresolved = urllib3.exceptions.NameResolutionError(
        "oparl.exempelkommun.example",
        None,  # type: ignore[arg-type]
        socket.gaierror(-2, "Name or service not known"),
    )
    dns = describe_transport_error(request_error(requests.ConnectionError, unresolved))
    assert "host name oparl.exempelkommun.example could not be found" in dns
    slow = urllib3.exceptions.ConnectTimeoutError(None, "timed out")
    timeout = describe_transport_error(request_error(requests.ConnectTimeout, slow))
    assert "oparl.exempelkommun.example did not answer in time" in timeout
    assert "x=1" not in dns + timeout  # a query may carry a token


# --- sign-in ---------------------------------------------------------------------


def test_basic_sign_in(pki: LoopbackPki) -> None:
    # The password has an ö: it must go out in UTF-8, as browsers send it.
    app = SystemApp(basic_header("anna.ledamot", PASSWORD))
    auth = SourceAuth(AuthKind.BASIC, "anna.ledamot")
    with serve_tls(app, pki.loopback) as base_url:
        url = base_url + "system.json"
        with pytest.raises(OParlError, match="requires sign-in"):
            system_of(build_session(NO_RETRIES, ca_bundle=pki.ca_pem), url)
        wrong = build_session(
            NO_RETRIES, auth=auth, secret="fel", ca_bundle=pki.ca_pem, source_url=url
        )
        with pytest.raises(OParlError, match="Sign-in failed"):
            system_of(wrong, url)
        right = build_session(
            NO_RETRIES, auth=auth, secret=PASSWORD, ca_bundle=pki.ca_pem, source_url=url
        )
        assert system_of(right, url)["name"] == "Exempelkommun (test)"
    assert "anna.ledamot" in repr(right.auth)
    assert PASSWORD not in repr(right.auth)


def test_bearer_sign_in(pki: LoopbackPki) -> None:
    app = SystemApp(f"Bearer {TOKEN}")
    auth = SourceAuth(AuthKind.BEARER)
    with serve_tls(app, pki.loopback) as base_url:
        wrong = build_session(
            NO_RETRIES, auth=auth, secret="old-token", ca_bundle=pki.ca_pem, source_url=base_url
        )
        with pytest.raises(OParlError, match="Sign-in failed"):
            system_of(wrong, base_url)
        right = build_session(
            NO_RETRIES, auth=auth, secret=TOKEN, ca_bundle=pki.ca_pem, source_url=base_url
        )
        assert system_of(right, base_url)["type"].endswith("/System")
    assert TOKEN not in repr(right.auth) + str(right.auth)


def test_no_access_is_a_clear_error() -> None:
    def forbidden(_environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        start_response("403 Forbidden", [("Content-Type", "text/plain")])
        return [b"no"]

    with serve(forbidden) as base_url, pytest.raises(OParlError, match="No access to"):
        system_of(build_session(NO_RETRIES), base_url)


def test_secret_appears_in_no_log_message_or_error(
    pki: LoopbackPki, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    secrets = (PASSWORD, basic_header("anna", PASSWORD).split()[1], TOKEN)
    app = SystemApp(basic_header("anna", "the-right-one"))
    texts: list[str] = []
    with serve_tls(app, pki.loopback) as base_url:
        for auth, secret in (
            (SourceAuth(AuthKind.BASIC, "anna"), PASSWORD),
            (SourceAuth(AuthKind.BEARER), TOKEN),
        ):
            session = build_session(
                NO_RETRIES, auth=auth, secret=secret, ca_bundle=pki.ca_pem, source_url=base_url
            )
            with pytest.raises(OParlError) as raised:
                system_of(session, base_url)
            texts += [str(raised.value), repr(raised.value), repr(session.auth), repr(session)]
    assert app.authorizations[-1] == f"Bearer {TOKEN}"  # it was sent, to the server only
    logged = [record.getMessage() for record in caplog.records]
    assert any("GET /" in message for message in logged)  # urllib3 did log the requests
    for secret in secrets:
        assert not [text for text in texts + logged if secret in text]


def test_credentials_stay_with_the_source_on_redirect_to_another_port() -> None:
    elsewhere = SystemApp()
    with serve(elsewhere) as other_url:
        source = SystemApp()
        with serve(redirect_to(other_url + "system.json")) as source_url:
            auth = SourceAuth(AuthKind.BASIC, "anna")
            session = build_session(NO_RETRIES, auth=auth, secret=PASSWORD, source_url=source_url)
            system = system_of(session, source_url + "system.json")
            assert system["id"] == other_url + "system.json"
            with serve(source) as same_host_other_port:
                session.get(same_host_other_port, timeout=5).close()
            session.get(source_url, timeout=5, allow_redirects=False).close()
    assert elsewhere.authorizations == [None]
    assert source.authorizations == [None]


def test_credentials_are_only_sent_to_the_source_origin() -> None:
    seen = SystemApp()
    with serve(seen) as base_url:
        auth = SourceAuth(AuthKind.BEARER)
        session = build_session(NO_RETRIES, auth=auth, secret=TOKEN, source_url=base_url)
        session.get(base_url + "system.json", timeout=5).close()
        other_origin = base_url.replace("127.0.0.1", "localhost")
        session.get(other_origin + "system.json", timeout=5).close()
    assert seen.authorizations == [f"Bearer {TOKEN}", None]


def test_credentials_never_go_over_plain_http_to_another_machine() -> None:
    auth = SourceAuth(AuthKind.BASIC, "anna")
    with pytest.raises(SessionSetupError, match="unencrypted"):
        build_session(auth=auth, secret=PASSWORD, source_url="http://oparl.exempelkommun.example/")
    with pytest.raises(SessionSetupError, match="password or token is needed"):
        build_session(auth=auth, secret=None, source_url="https://oparl.exempelkommun.example/")


# --- keyring -----------------------------------------------------------------------

SOURCE_URL = "https://oparl.exempelkommun.example/system.json"


def test_keyring_set_get_delete(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    assert store.is_secure()
    assert not store.store_requires_consent()
    assert store.get_secret(SOURCE_URL, "anna") is None
    store.set_secret(SOURCE_URL, "anna", PASSWORD)
    store.set_secret(SOURCE_URL, None, TOKEN)
    assert store.get_secret(SOURCE_URL, "anna") == PASSWORD
    assert store.get_secret(SOURCE_URL, None) == TOKEN
    assert ("meetingapp:" + SOURCE_URL, "anna") in memory_keyring.entries
    store.delete_secret(SOURCE_URL, "anna")
    store.delete_secret(SOURCE_URL, "anna")  # already gone: fine
    assert store.get_secret(SOURCE_URL, "anna") is None
    assert PASSWORD not in repr(store)


@pytest.mark.parametrize(
    ("backend", "described"),
    [
        (fail.Keyring(), "no keyring available"),
        (null.Keyring(), "keyring disabled"),
        (PlaintextFileLike(), "PlaintextFileLike"),
    ],
)
def test_insecure_keyring_is_refused_and_stores_nothing(
    use_keyring: Any, monkeypatch: pytest.MonkeyPatch, backend: KeyringBackend, described: str
) -> None:
    calls: list[str] = []
    for method in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(backend, method, lambda *_args, name=method: calls.append(name))
    use_keyring(backend)
    store = CredentialStore()
    assert not store.is_secure()
    assert store.store_requires_consent()
    assert described in store.describe_backend()
    with pytest.raises(InsecureKeyringError) as raised:
        store.set_secret(SOURCE_URL, "anna", PASSWORD)
    message = str(raised.value)
    assert "No secure OS keyring is available" in message
    assert "nothing was stored" in message
    assert PASSWORD not in message
    with pytest.raises(InsecureKeyringError, match="nothing was read"):
        store.get_secret(SOURCE_URL, "anna")
    store.delete_secret(SOURCE_URL, "anna")
    assert calls == []


def test_chain_of_keyrings_keeps_secrets_in_its_secure_member(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plaintext, secure = PlaintextFileLike(), MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plaintext, secure])
    store = CredentialStore(chainer.ChainerBackend())
    assert store.is_secure()
    store.set_secret(SOURCE_URL, "anna", PASSWORD)
    assert secure.entries == {("meetingapp:" + SOURCE_URL, "anna"): PASSWORD}
    assert plaintext.entries == {}


def test_locked_keyring_is_a_clear_error(use_keyring: Any) -> None:
    use_keyring(LockedKeyring())
    with pytest.raises(CredentialError, match="locked; unlock it"):
        CredentialStore().get_secret(SOURCE_URL, "anna")


# --- sources -----------------------------------------------------------------------


def test_sources_round_trip_through_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", TEST_KEYS)
    config = SourceConfig(
        id=None,
        url=SOURCE_URL,
        name="Exempelkommun",
        auth=SourceAuth(AuthKind.BASIC, "anna"),
        ca_bundle=tmp_path / "ca.pem",
    )
    with store.db.write() as db:
        source_id = save_source(db, config)
        assert save_source(db, config) == source_id  # the same URL again: updated
    loaded = load_sources(store.db.read())
    assert loaded == [
        SourceConfig(source_id, SOURCE_URL, "Exempelkommun", config.auth, config.ca_bundle)
    ]
    with store.db.write() as db:
        save_source(db, SourceConfig(source_id, SOURCE_URL, "Exempelkommun", SourceAuth()))
        other_id = save_source(db, SourceConfig(None, SOURCE_URL + "?other"))
    with (
        pytest.raises(ValueError, match="Another source already has the address"),
        store.db.write() as db,
    ):
        save_source(db, SourceConfig(other_id, SOURCE_URL))
    found = find_source(store.db.read(), SOURCE_URL)
    assert found is not None
    assert found.auth.kind is AuthKind.NONE
    assert found.ca_bundle is None
    store.close()


def test_source_address_must_not_hold_credentials() -> None:
    with pytest.raises(ValueError, match="must not contain a user name or password"):
        SourceConfig(None, f"https://anna:{PASSWORD}@oparl.exempelkommun.example/")


def test_session_for_signs_in_with_the_keyring_secret(
    pki: LoopbackPki, memory_keyring: MemoryKeyring
) -> None:
    credentials = CredentialStore()
    app = SystemApp(basic_header("anna", PASSWORD))
    with serve_tls(app, pki.loopback) as base_url:
        config = SourceConfig(
            1, base_url, "Test", SourceAuth(AuthKind.BASIC, "anna"), ca_bundle=pki.ca_pem
        )
        with pytest.raises(MissingSecretError, match="No password or token is stored for Test"):
            session_for(config, credentials, NO_RETRIES)
        credentials.set_secret(base_url, "anna", PASSWORD)
        session = session_for(config, credentials, NO_RETRIES)
        assert system_of(session, base_url)["name"] == "Exempelkommun (test)"
