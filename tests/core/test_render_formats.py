"""Formats other than PDF: what MuPDF reads opens, the rest fails with a clear error.

Blobs on disk are named by their hash, without an extension, so every file here is
written without one and the format is passed as ``file_type``.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pymupdf
import pytest

from meetingapp.core.render import (
    RenderError,
    RenderWorker,
    RenderWorkerCrashed,
    UnsupportedFormatError,
)
from tests.core.test_render import make_plain_pdf

XPS_NAMESPACE = "http://schemas.microsoft.com/xps/2005/06"


@pytest.fixture(scope="module")
def worker() -> Iterator[RenderWorker]:
    with RenderWorker(timeout=20) as shared:
        yield shared


def blob(folder: Path, data: bytes) -> Path:
    """A file named like a stored blob: no extension."""
    path = folder / f"blob{len(list(folder.iterdir()))}"
    path.write_bytes(data)
    return path


def pixmap(width: int, height: int) -> pymupdf.Pixmap:
    """White with a red block in the upper left quarter."""
    image = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    image.clear_with(255)
    image.set_rect(pymupdf.IRect(0, 0, width // 2, height // 2), (255, 0, 0))
    return image


def zip_bytes(entries: list[tuple[str, str | bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def epub_bytes(text: str) -> bytes:
    package = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>Protokoll</dc:title>
    <dc:language>sv</dc:language>
  </metadata>
  <manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
  <spine><itemref idref="c1"/></spine>
</package>"""
    container = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf"
    media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
    chapter = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>1</title></head>'
        f"<body><p>{text}</p></body></html>"
    )
    return zip_bytes(
        [
            ("mimetype", "application/epub+zip"),
            ("META-INF/container.xml", container),
            ("OEBPS/content.opf", package),
            ("OEBPS/c1.xhtml", chapter),
        ]
    )


def xps_bytes() -> bytes:
    """A one-page XPS document (96 units per inch: a US letter page) with a red square."""
    relationships = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="R0" Target="/FixedDocumentSequence.fdseq" '
        'Type="http://schemas.microsoft.com/xps/2005/06/fixedrepresentation"/></Relationships>'
    )
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="fdseq" '
        'ContentType="application/vnd.ms-package.xps-fixeddocumentsequence+xml"/>'
        '<Default Extension="fdoc" '
        'ContentType="application/vnd.ms-package.xps-fixeddocument+xml"/>'
        '<Default Extension="fpage" '
        'ContentType="application/vnd.ms-package.xps-fixedpage+xml"/>'
        "</Types>"
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", relationships),
            (
                "FixedDocumentSequence.fdseq",
                f'<FixedDocumentSequence xmlns="{XPS_NAMESPACE}">'
                '<DocumentReference Source="/Documents/1/FixedDocument.fdoc"/>'
                "</FixedDocumentSequence>",
            ),
            (
                "Documents/1/FixedDocument.fdoc",
                f'<FixedDocument xmlns="{XPS_NAMESPACE}">'
                '<PageContent Source="/Documents/1/Pages/1.fpage"/></FixedDocument>',
            ),
            (
                "Documents/1/Pages/1.fpage",
                f'<FixedPage xmlns="{XPS_NAMESPACE}" Width="816" Height="1056" xml:lang="sv">'
                '<Path Data="M 0,0 L 200,0 200,200 0,200 Z" Fill="#FFFF0000"/></FixedPage>',
            ),
        ]
    )


def pixel(worker: RenderWorker, path: Path, file_type: str, x: int, y: int) -> tuple[int, ...]:
    page = worker.render_page(path, 0, 1.0, file_type=file_type)
    offset = y * page.stride + 3 * x
    return tuple(page.samples[offset : offset + 3])


# --- Formats MuPDF reads -------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "file_type", "format_name"),
    [
        ("png", "png", "Image"),
        ("png", ".PNG", "Image"),
        ("jpg", "image/jpeg", "Image"),
        ("pnm", "ppm", "PNM"),
    ],
)
def test_images_open_as_one_page_and_render(
    worker: RenderWorker, tmp_path: Path, output: str, file_type: str, format_name: str
) -> None:
    path = blob(tmp_path, pixmap(80, 60).tobytes(output))

    info = worker.open_document(path, file_type=file_type)
    page = worker.render_page(path, 0, 1.0, file_type=file_type)

    assert (info.page_count, info.is_pdf, info.format) == (1, False, format_name)
    assert page.width > 0 and page.height > 0
    red = page.samples[: 3 * 5]
    assert red[0] > 200 and red[1] < 60  # the upper left corner is red
    with pymupdf.open(path, filetype=file_type.lstrip(".").lower()) as document:
        expected = document[0].get_pixmap(alpha=False).samples
    assert page.samples == expected


def test_plain_text_in_utf8_and_windows_1252(worker: RenderWorker, tmp_path: Path) -> None:
    text = "Protokoll från nämnden\nÅsa Öberg valdes till ordförande.\n"
    for encoding in ("utf-8", "cp1252"):
        path = blob(tmp_path, text.encode(encoding))

        info = worker.open_document(path, file_type="text/plain; charset=utf-8")

        assert (info.is_pdf, info.format) == (False, "Text")
        assert "Åsa Öberg valdes" in worker.page_text(path, 0, file_type="txt")
        assert len(worker.search(path, "ÅSA ÖBERG", file_type="txt")) == 1


def test_svg(worker: RenderWorker, tmp_path: Path) -> None:
    with pymupdf.open() as document:
        page = document.new_page(width=300, height=200)
        page.draw_rect(pymupdf.Rect(0, 0, 100, 100), color=(1, 0, 0), fill=(1, 0, 0))
        page.insert_text((120, 150), "Situationsplan", fontsize=14)
        svg = page.get_svg_image(text_as_path=False).encode()
    path = blob(tmp_path, svg)

    info = worker.open_document(path, file_type="svg")

    assert (info.page_count, info.page_sizes, info.format) == (1, ((300.0, 200.0),), "SVG")
    assert pixel(worker, path, "svg", 50, 50) == (255, 0, 0)
    assert [w.text for w in worker.page_words(path, 0, file_type="svg")] == ["Situationsplan"]


def test_comic_book_archive_has_a_page_per_image(worker: RenderWorker, tmp_path: Path) -> None:
    images = [(f"{n:02}.png", pixmap(40 + n, 30).tobytes("png")) for n in range(3)]
    path = blob(tmp_path, zip_bytes(images))

    info = worker.open_document(path, file_type="cbz")

    assert info.page_count == 3
    assert not info.is_pdf
    assert worker.render_page(path, 2, 1.0, file_type="cbz").width > 0


def test_epub_text_is_readable_and_searchable(worker: RenderWorker, tmp_path: Path) -> None:
    path = blob(tmp_path, epub_bytes("Förskolans lokaler ska ses över under året."))

    info = worker.open_document(path, file_type="application/epub+zip")

    assert info.page_count == 1
    assert not info.is_pdf
    assert "Förskolans lokaler" in worker.document_text(path, file_type="epub")[0]
    (hit,) = worker.search(path, "förskolans", file_type="epub")
    assert hit.page == 0


def test_xps(worker: RenderWorker, tmp_path: Path) -> None:
    path = blob(tmp_path, xps_bytes())

    info = worker.open_document(path, file_type="xps")

    assert info.page_sizes == ((612.0, 792.0),)
    assert (info.is_pdf, info.format) == (False, "XPS")
    assert pixel(worker, path, "xps", 50, 50) == (255, 0, 0)
    assert pixel(worker, path, "xps", 400, 400) == (255, 255, 255)


@pytest.mark.parametrize(
    "file_type", [None, "pdf", "application/pdf", "PDF", "application/octet-stream", "txt"]
)
def test_pdf_with_or_without_a_file_type(
    worker: RenderWorker, tmp_path: Path, file_type: str | None
) -> None:
    path = make_plain_pdf(tmp_path / "blob", pages=2)

    info = worker.open_document(path, file_type=file_type)

    assert (info.page_count, info.is_pdf) == (2, True)
    assert info.format.startswith("PDF")


# --- Formats MuPDF does not read ----------------------------------------------------


def fake_docx(_folder: Path) -> bytes:
    return zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])


def random_bytes(_folder: Path) -> bytes:
    return os.urandom(4096)


@pytest.mark.parametrize(
    ("make", "file_type"),
    [(fake_docx, "docx"), (random_bytes, None), (random_bytes, "png"), (random_bytes, "pdf")],
    ids=["docx", "random", "random-as-png", "random-as-pdf"],
)
def test_unreadable_format_raises_unsupported_format_and_the_worker_survives(
    worker: RenderWorker,
    tmp_path: Path,
    make: Callable[[Path], bytes],
    file_type: str | None,
) -> None:
    path = blob(tmp_path, make(tmp_path))
    worker.start()
    pid = worker.pid

    for call in (
        lambda: worker.open_document(path, file_type=file_type),
        lambda: worker.render_page(path, 0, 1.0, file_type=file_type),
        lambda: worker.search(path, "budget", file_type=file_type),
        lambda: worker.page_words(path, 0, file_type=file_type),
        lambda: worker.document_text(path, file_type=file_type),
    ):
        with pytest.raises(UnsupportedFormatError, match=rf"cannot open {path.name}\b.*format"):
            call()

    assert worker.pid == pid
    assert worker.open_document(make_plain_pdf(tmp_path / "ok.pdf", 1)).page_count == 1


def test_a_damaged_pdf_is_not_called_an_unsupported_format(
    worker: RenderWorker, tmp_path: Path
) -> None:
    good = make_plain_pdf(tmp_path / "good.pdf", pages=1)
    path = blob(tmp_path, good.read_bytes()[:300])

    with pytest.raises(RenderError, match="damaged") as raised:
        worker.open_document(path, file_type="pdf")

    assert not isinstance(raised.value, UnsupportedFormatError | RenderWorkerCrashed)
