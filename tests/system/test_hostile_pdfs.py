"""Hostile PDFs in the render worker: actions that must never run, and fuzzed files.

The viewer follows no link and MuPDF runs no JavaScript here: a PDF whose open
action launches a program, runs JavaScript or opens a URI is rendered, searched and
read like any other, and nothing it asks for happens. Fuzzed PDFs fail with a
RenderError (or crash the worker, which is replaced); the worker stays usable.
"""

from __future__ import annotations

import random
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import pymupdf
import pytest

from meetingapp.core.render import RenderError, RenderWorker
from tests.servers import StartResponse, serve

FUZZ_SEEDS: Final = range(40)


class Listener:
    """A loopback web server that only counts the requests it gets."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        self.paths.append(str(environ.get("PATH_INFO")))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"hit"]


def _script(folder: Path, sentinel: Path) -> Path:
    script = folder / "payload.sh"
    script.write_text(f"#!/bin/sh\ntouch '{sentinel}'\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_hostile_pdf(path: Path, script: Path, listener_url: str) -> Path:
    """Launch, JavaScript and URI actions: on opening, on the page, and as links."""
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), "Tjänsteskrivelse om budgeten", fontsize=12)
    page.insert_link(
        {"kind": pymupdf.LINK_LAUNCH, "from": pymupdf.Rect(72, 100, 300, 120), "file": str(script)}
    )
    page.insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(72, 130, 300, 150),
            "uri": listener_url + "uri",
        }
    )
    javascript = (
        f"app.alert('hej'); app.launchURL('{listener_url}js', true); "
        f"this.submitForm('{listener_url}submit');"
    )
    catalog = document.pdf_catalog()
    document.xref_set_key(
        catalog,
        "OpenAction",
        f"<</S/JavaScript/JS{_pdf_string(javascript)}"
        f"/Next<</S/Launch/F{_pdf_string(str(script))}/NewWindow true"
        f"/Next<</S/URI/URI{_pdf_string(listener_url + 'open')}>>>>>>",
    )
    document.xref_set_key(
        catalog, "Names", f"<</JavaScript<</Names[(a){_js_object(document, javascript)}]>>>>"
    )
    document.xref_set_key(page.xref, "AA", f"<</O<</S/Launch/F{_pdf_string(str(script))}>>>>")
    document.save(path)
    document.close()
    return path


def _js_object(document: Any, javascript: str) -> str:
    xref = document.get_new_xref()
    document.update_object(xref, f"<</S/JavaScript/JS{_pdf_string(javascript)}>>")
    return f"{xref} 0 R"


def make_plain_pdf(path: Path) -> Path:
    document = pymupdf.open()
    for number in range(3):
        page = document.new_page()
        page.insert_text((72, 72), f"Sida {number + 1}: förslag till beslut", fontsize=12)
        page.draw_rect(pymupdf.Rect(72, 100, 200, 160), color=(0, 0, 1), fill=(0.8, 0.8, 1))
    document.set_toc([[1, "Förslag", 1], [1, "Bilaga", 3]])
    document.save(path)
    document.close()
    return path


@pytest.fixture(scope="module")
def worker() -> Iterator[RenderWorker]:
    with RenderWorker(timeout=20) as shared:
        yield shared


def test_launch_javascript_and_uri_actions_never_run(worker: RenderWorker, tmp_path: Path) -> None:
    sentinel = tmp_path / "launched"
    listener = Listener()
    with serve(listener) as listener_url:
        hostile = make_hostile_pdf(
            tmp_path / "hostile.pdf", _script(tmp_path, sentinel), listener_url
        )
        worker.start()
        pid = worker.pid
        info = worker.open_document(hostile)
        assert info.page_count == 1
        rendered = worker.render_page(hostile, 0, 1.5)
        assert rendered.width > 0 and rendered.height > 0
        assert "budgeten" in worker.page_text(hostile, 0)
        assert worker.page_words(hostile, 0)
        assert worker.search(hostile, "budgeten")
        assert worker.document_text(hostile)
    assert not sentinel.exists(), "a launch action ran"
    assert listener.paths == [], "a URI, JavaScript or submit action reached the network"
    assert worker.pid == pid


def _fuzzed(good: bytes, seed: int) -> bytes:
    """A damaged copy: bytes flipped, a stretch overwritten, or cut off short."""
    chance = random.Random(seed)
    data = bytearray(good)
    kind = seed % 3
    if kind == 0:
        for _ in range(chance.randrange(1, 60)):
            data[chance.randrange(len(data))] = chance.randrange(256)
    elif kind == 1:
        start = chance.randrange(len(data))
        data[start : start + 200] = chance.randbytes(200)
    else:
        del data[chance.randrange(16, len(data)) :]
    return bytes(data)


def test_fuzzed_pdfs_fail_cleanly_and_the_worker_stays_usable(
    worker: RenderWorker, tmp_path: Path
) -> None:
    good = make_plain_pdf(tmp_path / "good.pdf")
    reference = worker.render_page(good, 0, 1.0).samples
    outcomes = {"rendered": 0, "refused": 0}
    for seed in FUZZ_SEEDS:
        fuzzed = tmp_path / f"fuzzed-{seed}.pdf"
        fuzzed.write_bytes(_fuzzed(good.read_bytes(), seed))
        try:
            info = worker.open_document(fuzzed)
            for index in range(info.page_count):
                worker.render_page(fuzzed, index, 1.0)
                worker.page_text(fuzzed, index)
            outcomes["rendered"] += 1
        except RenderError as error:
            assert str(error)
            outcomes["refused"] += 1
    assert sum(outcomes.values()) == len(FUZZ_SEEDS)
    assert outcomes["refused"] > 0
    assert worker.render_page(good, 0, 1.0).samples == reference
