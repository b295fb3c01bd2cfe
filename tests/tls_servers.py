"""HTTPS servers on loopback for tests: a throwaway CA, its certificates, and cheroot
with its builtin SSL adapter serving a WSGI app."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.servers import WsgiApp

LOOPBACK_NAMES = ("localhost", "127.0.0.1")


@dataclass(frozen=True)
class ServerCertificate:
    certificate: Path
    private_key: Path


@dataclass(frozen=True)
class LoopbackPki:
    """A CA and server certificates issued by it (and one issued by nobody)."""

    ca_pem: Path
    ca_der: Path
    loopback: ServerCertificate  # valid, for localhost and 127.0.0.1
    expired: ServerCertificate  # for localhost and 127.0.0.1, expired yesterday
    other_host: ServerCertificate  # valid, for intranet.exempelkommun.example only
    self_signed: ServerCertificate  # for localhost and 127.0.0.1, no CA behind it


@dataclass(frozen=True)
class _Issuer:
    name: x509.Name
    key: ec.EllipticCurvePrivateKey


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Exempelkommun test"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _alternative_names(names: tuple[str, ...]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def _make_ca(now: datetime) -> tuple[_Issuer, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("Exempelkommun test CA")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return _Issuer(name, key), certificate


def _issue(
    directory: Path,
    stem: str,
    names: tuple[str, ...],
    valid: tuple[datetime, datetime],
    issuer: _Issuer | None,
) -> ServerCertificate:
    """A server certificate for ``names``; self-signed when ``issuer`` is None."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(names[0])
    signer = issuer or _Issuer(subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(signer.name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid[0])
        .not_valid_after(valid[1])
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(_alternative_names(names), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.key.public_key()),
            critical=False,
        )
    )
    certificate = builder.sign(signer.key, hashes.SHA256())
    paths = ServerCertificate(directory / f"{stem}.crt", directory / f"{stem}.key")
    paths.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    paths.private_key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


def make_pki(directory: Path) -> LoopbackPki:
    now = datetime.now(UTC)
    valid = (now - timedelta(days=1), now + timedelta(days=30))
    issuer, ca_certificate = _make_ca(now)
    ca_pem = directory / "ca.pem"
    ca_der = directory / "ca.cer"
    ca_pem.write_bytes(ca_certificate.public_bytes(serialization.Encoding.PEM))
    ca_der.write_bytes(ca_certificate.public_bytes(serialization.Encoding.DER))
    return LoopbackPki(
        ca_pem=ca_pem,
        ca_der=ca_der,
        loopback=_issue(directory, "loopback", LOOPBACK_NAMES, valid, issuer),
        expired=_issue(
            directory,
            "expired",
            LOOPBACK_NAMES,
            (now - timedelta(days=60), now - timedelta(days=1)),
            issuer,
        ),
        other_host=_issue(directory, "other", ("intranet.exempelkommun.example",), valid, issuer),
        self_signed=_issue(directory, "self-signed", LOOPBACK_NAMES, valid, None),
    )


def _quiet(*_args: Any, **_kwargs: Any) -> None:
    """Refused handshakes are what these servers are for; do not print them."""


@contextmanager
def serve_tls(app: WsgiApp, certificate: ServerCertificate) -> Iterator[str]:
    """Run ``app`` over HTTPS on a free loopback port; yields its base URL."""
    server = wsgi.Server(("127.0.0.1", 0), app, numthreads=4)
    server.ssl_adapter = BuiltinSSLAdapter(
        str(certificate.certificate), str(certificate.private_key)
    )
    server.error_log = _quiet
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    host, port = server.bind_addr[:2]
    try:
        yield f"https://{host}:{port}/"
    finally:
        server.stop()
        thread.join(timeout=10)
