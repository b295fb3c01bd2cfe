"""The third-party notices of the bundled program, from the installed packages' metadata.

Every distribution the frozen program contains is listed in ``COMPONENTS`` with
the licence it was reviewed under; :func:`render` checks each against its
installed metadata (a new version under another licence stops the build until
someone looks) and writes its name, version, licence and the licence files the
distribution ships. The versions must be the ones ``requirements/lock.txt`` pins,
so the notices describe what the lock installs. ``installer/build.py`` checks,
after freezing, that every third-party package in the bundle belongs to a listed
distribution.

    python installer/notices.py            # rewrite resources/licenses/THIRD-PARTY-NOTICES.txt
    python installer/notices.py --check    # exit 1 if that file is not what this would write
    python installer/notices.py --output FILE
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import lockfile
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LICENSES = ROOT / "resources" / "licenses"
NOTICES = LICENSES / "THIRD-PARTY-NOTICES.txt"
RULE = "=" * 78


@dataclass(frozen=True)
class Component:
    distribution: str
    licence: str
    """The licence it is used under, as an SPDX expression."""
    declared: str
    """What its metadata declares (License-Expression, License, or the classifier)."""
    platforms: tuple[str, ...] = ()
    """The ``sys.platform`` values it is bundled on; empty for all."""
    extra_texts: tuple[str, ...] = ()
    """Licence texts (paths from the repository root) for a distribution that ships none."""
    note: str = ""
    texts_as: str = ""
    """Another listed distribution whose licence texts are this one's too."""


QT_NOTE = (
    "Qt 6 and Qt for Python, used under the GNU Lesser General Public License 3.0. "
    "The Qt libraries are separate files in the program folder (PySide6/Qt/lib, or "
    "the .dll files on Windows) and may be replaced by compatible builds of your "
    "own; the source code is at https://download.qt.io/official_releases/qt/ and "
    "https://code.qt.io/cgit/pyside/pyside-setup.git/."
)
QT_DECLARED = "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only"
QT_TEXTS = ("resources/licenses/LGPL-3.0.txt", "resources/licenses/GPL-3.0.txt")
LINUX = ("linux",)

COMPONENTS: tuple[Component, ...] = (
    Component("PySide6-Essentials", "LGPL-3.0-only", QT_DECLARED, (), QT_TEXTS, QT_NOTE),
    Component("shiboken6", "LGPL-3.0-only", QT_DECLARED, texts_as="PySide6-Essentials"),
    Component(
        "PyMuPDF",
        "AGPL-3.0-only",
        "Dual Licensed - GNU AFFERO GPL 3.0 or Artifex Commercial License",
        extra_texts=("LICENSE",),
        note="PyMuPDF and MuPDF (Artifex Software), used under the GNU Affero General "
        "Public License 3.0, like this program.",
    ),
    Component("rapidfuzz", "MIT", "MIT"),
    Component("requests", "Apache-2.0", "Apache-2.0"),
    Component("urllib3", "MIT", "MIT"),
    Component("charset-normalizer", "MIT", "MIT"),
    Component("idna", "BSD-3-Clause", "BSD-3-Clause"),
    Component("certifi", "MPL-2.0", "MPL-2.0"),
    Component("truststore", "MIT", "MIT"),
    Component("keyring", "MIT", "MIT"),
    Component("jaraco.classes", "MIT", "License :: OSI Approved :: MIT License"),
    Component("jaraco.context", "MIT", "MIT"),
    Component("jaraco.functools", "MIT", "MIT"),
    Component("more-itertools", "MIT", "MIT"),
    Component("backports.tarfile", "MIT", "License :: OSI Approved :: MIT License"),
    Component("importlib_metadata", "Apache-2.0", "Apache-2.0"),
    Component("lazy-importer", "Apache-2.0", "Apache-2.0"),
    Component("zipp", "MIT", "MIT"),
    Component("typing_extensions", "PSF-2.0", "PSF-2.0"),
    Component("SecretStorage", "BSD-3-Clause", "BSD-3-Clause", LINUX),
    Component("jeepney", "MIT", "MIT", LINUX),
    Component("cryptography", "Apache-2.0 OR BSD-3-Clause", "Apache-2.0 OR BSD-3-Clause"),
    Component("cffi", "MIT-0", "MIT-0"),
    Component(
        "sqlcipher3",
        "Zlib AND BSD-3-Clause AND blessing AND Apache-2.0",
        "",
        extra_texts=("resources/licenses/SQLCipher.txt",),
        note="The database driver (pysqlite's licence, below) with SQLCipher (Zetetic "
        "LLC, BSD-3-Clause, below), SQLite (in the public domain) and OpenSSL (Apache "
        "License 2.0, whose text is with cryptography's above) built in.",
    ),
    Component("pywin32-ctypes", "BSD-3-Clause", "BSD-3-Clause", ("win32",)),
    Component("platformdirs", "MIT", "MIT"),
    Component("tzdata", "Apache-2.0", "Apache-2.0"),
)


class NoticeError(Exception):
    """A component's metadata does not say what was reviewed, or it is missing."""


def components_for(platform: str = sys.platform) -> list[Component]:
    return [c for c in COMPONENTS if not c.platforms or platform in c.platforms]


def declared_licence(meta: metadata.PackageMetadata) -> str:
    """The licence as the distribution declares it: the SPDX expression if it has one."""
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    licence = meta.get("License")
    if licence and "\n" not in licence.strip():
        return str(licence).strip()
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(classifiers)


def _licence_files(distribution: str) -> list[metadata.PackagePath]:
    names = ("LICEN", "COPYING", "NOTICE")
    files = metadata.files(distribution) or []
    found = [f for f in files if ".dist-info" in str(f) and any(n in f.name.upper() for n in names)]
    return sorted(found, key=str)


def _locked_metadata(component: Component, pinned: dict[str, str]) -> metadata.PackageMetadata:
    """The component's installed metadata, which must be of the version the lock pins."""
    try:
        meta = metadata.metadata(component.distribution)
    except metadata.PackageNotFoundError as error:
        raise NoticeError(f"{component.distribution} is not installed") from error
    locked = pinned.get(canonicalize_name(component.distribution))
    if locked != meta["Version"]:
        raise NoticeError(
            f"{component.distribution} {meta['Version']} is installed, the lock pins "
            f"{locked or 'nothing'}: install from the lock (make venv) or run make lock"
        )
    return meta


def _section(component: Component, pinned: dict[str, str]) -> str:
    meta = _locked_metadata(component, pinned)
    declared = declared_licence(meta)
    if declared != component.declared:
        raise NoticeError(
            f"{component.distribution} {meta['Version']} declares {declared!r}, "
            f"reviewed as {component.declared!r}: review it and update installer/notices.py"
        )
    texts = [
        (f"{path.name} of {component.distribution}", path.locate().read_text(encoding="utf-8"))
        for path in _licence_files(component.distribution)
    ] + [(name, (ROOT / name).read_text(encoding="utf-8")) for name in component.extra_texts]
    if component.texts_as:
        texts.append(("licence texts", f"The same as those of {component.texts_as} above."))
    if not texts:
        raise NoticeError(f"{component.distribution} ships no licence text")
    head = [RULE, f"{component.distribution} {meta['Version']}", f"Licence: {component.licence}"]
    if component.note:
        head += textwrap.wrap(component.note, 78)
    body = [f"\n--- {title} ---\n\n{text.strip()}\n" for title, text in texts]
    return "\n".join(head) + "\n" + "".join(body)


def python_licence() -> Path:
    """The licence file of the running Python, which the frozen program embeds."""
    candidates = (
        Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}",
        Path(sys.base_prefix),  # Windows
    )
    for folder in candidates:
        if (folder / "LICENSE.txt").is_file():
            return folder / "LICENSE.txt"
    raise NoticeError(f"the licence of the Python in {sys.base_prefix} is not found")


def _python_section() -> str:
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    text = python_licence().read_text(encoding="utf-8").strip()
    return f"{RULE}\nPython {version} (the runtime)\nLicence: PSF-2.0\n\n{text}\n"


def render(platform: str = sys.platform) -> str:
    """The notices for the program as bundled on ``platform``."""
    components = components_for(platform)
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    table = [f"  {'Python':<22} {version:<12} PSF-2.0"]
    for component in components:
        version = metadata.version(component.distribution)
        table.append(f"  {component.distribution:<22} {version:<12} {component.licence}")
    intro = (
        "Mötespärm is free software under the GNU Affero General Public License, "
        "version 3 or later (the file LICENSE). The installed program also contains "
        "the Python runtime and the following components, each under its own "
        "licence. Their licence texts follow the list."
    )
    header = ["Third-party software in Mötespärm", "", *textwrap.wrap(intro, 78), ""]
    try:
        pinned = lockfile.pinned_here(lockfile.read_lock())
    except lockfile.LockError as error:
        raise NoticeError(str(error)) from error
    sections = [_python_section()] + [_section(c, pinned) for c in components]
    return "\n".join([*header, *table, ""]) + "\n" + "\n".join(sections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    parser.add_argument("--output", type=Path, default=NOTICES)
    arguments = parser.parse_args(argv)
    try:
        text = render()
    except NoticeError as error:
        print(f"notices: {error}", file=sys.stderr)
        return 1
    if arguments.check:
        current = arguments.output.read_text(encoding="utf-8") if arguments.output.exists() else ""
        if current != text:
            print(f"{arguments.output} is out of date: run python installer/notices.py")
            return 1
        return 0
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
