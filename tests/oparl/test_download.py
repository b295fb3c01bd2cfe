"""Verification of downloaded content against what the server declared."""

from __future__ import annotations

import hashlib

import pytest

from meetingapp.oparl.download import DownloadError, FileToFetch, _Digests, verify

CONTENT = "%PDF-1.7 tjänsteskrivelse".encode()


def digests_for(wanted: FileToFetch) -> _Digests:
    digests = _Digests.empty(wanted)
    digests.update(CONTENT)
    return digests


def declared(**checksums: str) -> FileToFetch:
    return FileToFetch(
        "f",
        "u",
        len(CONTENT),
        checksums.get("sha512"),
        checksums.get("sha1"),
        "application/pdf",
        None,
    )


def test_sha512_is_checked_when_declared() -> None:
    good = declared(sha512=hashlib.sha512(CONTENT).hexdigest())
    verify(good, digests_for(good))
    bad = declared(sha512="0" * 128)
    with pytest.raises(DownloadError, match="SHA-512"):
        verify(bad, digests_for(bad))


def test_sha1_alone_is_checked_for_oparl_1_0_servers() -> None:
    good = declared(sha1=hashlib.sha1(CONTENT).hexdigest())
    verify(good, digests_for(good))
    bad = declared(sha1="0" * 40)
    with pytest.raises(DownloadError, match="SHA-1"):
        verify(bad, digests_for(bad))


def test_only_the_needed_digests_are_computed() -> None:
    both = declared(sha512="x", sha1="y")
    assert digests_for(both).sha1 is None  # SHA-512 is the stronger one
    assert digests_for(declared()).sha512 is None


def test_size_and_signature_are_checked() -> None:
    wrong_size = FileToFetch("f", "u", 3, None, None, "application/pdf", None)
    with pytest.raises(DownloadError, match="size"):
        verify(wrong_size, digests_for(wrong_size))
    not_pdf = FileToFetch("f", "u", None, None, None, "application/pdf", None)
    digests = _Digests.empty(not_pdf)
    digests.update(b"<html>Logga in</html>")
    with pytest.raises(DownloadError, match="not a PDF"):
        verify(not_pdf, digests)
