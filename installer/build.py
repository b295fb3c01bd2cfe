"""Build the installable program for this platform (``make package``).

    python installer/build.py                # bundle + the platform's package
    python installer/build.py --selftest     # also run the frozen --selftest
    python installer/build.py --bundle-only --selftest   # what `make test` runs

Everywhere: the environment is checked to be exactly the lock
(``requirements/lock.txt``), the notices of this platform's components are
written, PyInstaller freezes the program into ``dist/meetingapp/`` (one folder),
every third-party package in it is checked to be listed in the notices, and its
size is reported.
Then, per platform:

- Linux: ``dist/meetingapp-<version>-linux-<machine>.tar.gz``, laid out as a
  prefix (``bin/``, ``lib/meetingapp/``, ``share/applications``, ``share/icons``):
  ``tar -xzf … --strip-components=1 -C ~/.local`` (or ``-C /usr/local``) installs
  it with its menu entry. No AppImage: its tool and runtime are not packaged in
  the registries this project builds from.
- Windows: ``dist/Motesparm-<version>-setup.exe`` with Inno Setup's ``ISCC.exe``
  (``installer/windows/meetingapp.iss``), when Inno Setup 6 is installed.
- macOS: ``dist/Mötespärm.app`` (its icon made with ``iconutil``).
"""

from __future__ import annotations

import argparse
import ast
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from importlib import metadata
from pathlib import Path

import lockfile
import notices
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
DIST = ROOT / "dist"
WORK = ROOT / "build"
BUNDLE = DIST / "meetingapp"
GENERATED = WORK / "installer"
sys.path.insert(0, str(ROOT))
from meetingapp import APP_NAME, __version__  # noqa: E402

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MEGABYTE = 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--selftest", action="store_true", help="run the frozen --selftest")
    parser.add_argument("--bundle-only", action="store_true", help="no tarball, installer or .app")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        prepare()
        freeze()
        check_components()
    except (BuildError, notices.NoticeError, lockfile.LockError) as error:
        print(f"build: {error}", file=sys.stderr)
        return 1
    print(f"bundle: {BUNDLE} ({tree_size(BUNDLE) / MEGABYTE:.0f} MB unpacked)")
    print(f"frozen in {time.perf_counter() - started:.0f} s")
    if not arguments.bundle_only:
        package()
    if arguments.selftest:
        return selftest()
    return 0


class BuildError(Exception):
    """The build cannot go on; the message says why."""


def prepare() -> None:
    """What the spec takes from the build folder: the notices, the macOS icon.

    The program is frozen only from an environment that is exactly the lock.
    """
    pinned = lockfile.pinned_here(lockfile.read_lock())
    differences = lockfile.differences(pinned, lockfile.installed())
    if differences:
        raise BuildError(
            "the environment is not the lock (make venv installs it): " + "; ".join(differences)
        )
    GENERATED.mkdir(parents=True, exist_ok=True)
    (GENERATED / notices.NOTICES.name).write_text(notices.render(), encoding="utf-8")
    if sys.platform == "darwin":
        iconset = GENERATED / "meetingapp.iconset"
        shutil.rmtree(iconset, ignore_errors=True)
        iconset.mkdir()
        for size in ICON_SIZES:
            png = INSTALLER / "icons" / f"meetingapp-{size}.png"
            shutil.copy(png, iconset / f"icon_{size}x{size}.png")
            if size * 2 in ICON_SIZES:
                shutil.copy(
                    INSTALLER / "icons" / f"meetingapp-{size * 2}.png",
                    iconset / f"icon_{size}x{size}@2x.png",
                )
        output = GENERATED / "meetingapp.icns"
        subprocess.run(["iconutil", "-c", "icns", str(iconset), "-o", str(output)], check=True)


def freeze() -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={WORK / 'pyinstaller'}",
        str(INSTALLER / "meetingapp.spec"),
    ]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        raise BuildError("PyInstaller failed (its messages are above)")


def check_components() -> None:
    """Every third-party package frozen into the program must be in the notices."""
    toc = WORK / "pyinstaller" / "meetingapp" / "PYZ-00.toc"
    entries = ast.literal_eval(toc.read_text(encoding="utf-8"))[1]
    top_level = {name.split(".")[0] for name, _path, _kind in entries}
    owners = metadata.packages_distributions()
    listed = {canonicalize_name(c.distribution) for c in notices.components_for()}
    bundled = {canonicalize_name(dist) for name in top_level for dist in owners.get(name, [])}
    missing = sorted(bundled - listed - {"meetingapp"})
    if missing:
        raise BuildError(
            f"bundled but not in installer/notices.py: {', '.join(missing)} "
            "(review their licences and list them)"
        )


def package() -> None:
    if sys.platform == "linux":
        archive = linux_tarball()
        print(f"tarball: {archive} ({archive.stat().st_size / MEGABYTE:.0f} MB)")
    elif sys.platform == "win32":
        windows_installer()
    elif sys.platform == "darwin":
        print(f"app: {DIST / f'{APP_NAME}.app'}")


def linux_tarball() -> Path:
    """The bundle under lib/, a bin/ link, the menu entry and the icons."""
    name = f"meetingapp-{__version__}-linux-{platform.machine()}"
    stage = DIST / name
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(BUNDLE, stage / "lib" / "meetingapp", symlinks=True)
    (stage / "bin").mkdir()
    (stage / "bin" / "meetingapp").symlink_to("../lib/meetingapp/meetingapp")
    applications = stage / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy(INSTALLER / "linux" / "meetingapp.desktop", applications)
    icons = stage / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        folder = icons / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy(INSTALLER / "icons" / f"meetingapp-{size}.png", folder / "meetingapp.png")
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "meetingapp.svg", icons / "scalable" / "apps")
    archive = DIST / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=name)
    shutil.rmtree(stage)
    return archive


def windows_installer() -> None:
    compiler = shutil.which("iscc") or _inno_setup_default()
    if compiler is None:
        print("Inno Setup 6 not found: install it, then run this again for the installer")
        return
    script = INSTALLER / "windows" / "meetingapp.iss"
    subprocess.run([compiler, f"/DAppVersion={__version__}", str(script)], check=True)
    print(f"installer: {DIST / f'Motesparm-{__version__}-setup.exe'}")


def _inno_setup_default() -> str | None:
    for variable in ("ProgramFiles(x86)", "ProgramFiles"):
        candidate = Path(os.environ.get(variable, "")) / "Inno Setup 6" / "ISCC.exe"
        if candidate.is_file():
            return str(candidate)
    return None


def frozen_executable() -> Path:
    if sys.platform == "darwin":
        return DIST / f"{APP_NAME}.app" / "Contents" / "MacOS" / "meetingapp"
    suffix = ".exe" if sys.platform == "win32" else ""
    return BUNDLE / f"meetingapp{suffix}"


def selftest() -> int:
    """Run the frozen program's --selftest, as a user's machine would start it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    environment.pop("VIRTUAL_ENV", None)
    started = time.perf_counter()
    completed = subprocess.run(
        [str(frozen_executable()), "--selftest"], env=environment, cwd=DIST, check=False
    )
    print(f"frozen selftest: exit {completed.returncode} in {time.perf_counter() - started:.1f} s")
    return completed.returncode


def tree_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


if __name__ == "__main__":
    raise SystemExit(main())
