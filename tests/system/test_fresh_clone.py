"""What a clean machine gets: the environment is exactly the lock, and the suite reads
nothing beside the repository."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.outside_reads import ROOT, OutsideReads

sys.path.insert(0, str(ROOT / "installer"))
import lockfile

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pins() -> list[lockfile.Pin]:
    return lockfile.read_lock()


def test_every_installed_distribution_is_the_locked_one(pins: list[lockfile.Pin]) -> None:
    differences = lockfile.differences(lockfile.pinned_here(pins), lockfile.installed())
    assert differences == [], "make venv installs the lock; make lock updates it"


def test_a_planted_unlocked_distribution_is_named(pins: list[lockfile.Pin], tmp_path: Path) -> None:
    planted = tmp_path / "leftpad-1.0.dist-info"
    planted.mkdir()
    (planted / "METADATA").write_text("Metadata-Version: 2.1\nName: leftpad\nVersion: 1.0\n")
    present = {**lockfile.installed(), **lockfile.installed([str(tmp_path)])}
    assert lockfile.differences(lockfile.pinned_here(pins), present) == [
        "leftpad 1.0 is installed but not in the lock"
    ]


def test_another_version_and_a_missing_one_are_named() -> None:
    pinned = {"idna": "3.21", "urllib3": "2.8.0"}
    assert lockfile.differences(pinned, {"idna": "3.22"}) == [
        "idna 3.22 is installed, the lock pins 3.21",
        "urllib3 2.8.0 is in the lock but not installed",
    ]


def test_every_pin_has_hashes_and_a_single_version(pins: list[lockfile.Pin]) -> None:
    assert len({pin.name for pin in pins}) == len(pins)
    assert all(h.startswith("sha256:") and len(h) == 71 for pin in pins for h in pin.hashes)


def test_a_pin_without_a_hash_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "lock.txt"
    lock.write_text("idna==3.21\n")
    with pytest.raises(lockfile.LockError, match="no hash"):
        lockfile.read_lock(lock)


def project_requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"]
    texts = [*project["dependencies"], *(text for extra in extras.values() for text in extra)]
    return [Requirement(text) for text in [*texts, *PYPROJECT["build-system"]["requires"]]]


def test_the_lock_satisfies_every_range_of_pyproject(pins: list[lockfile.Pin]) -> None:
    """A range changed in pyproject.toml without `make lock` fails here."""
    locked = {pin.name: pin.version for pin in pins}
    for requirement in project_requirements():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in the lock: run make lock"
        assert requirement.specifier.contains(locked[name]), (
            f"the lock's {name} {locked[name]} is outside {requirement}: run make lock"
        )


@pytest.mark.parametrize(
    ("platform", "python", "expected"),
    [
        ("win32", "3.11", {"pywin32-ctypes", "pefile", "importlib-metadata"}),
        ("darwin", "3.13", {"macholib"}),
        ("linux", "3.12", {"secretstorage", "jeepney"}),
    ],
)
def test_the_lock_covers_every_platform_shipped(
    pins: list[lockfile.Pin], platform: str, python: str, expected: set[str]
) -> None:
    environment = {"sys_platform": platform, "python_version": python}
    environment["python_full_version"] = f"{python}.0"
    environment["platform_system"] = {"win32": "Windows", "darwin": "Darwin"}.get(platform, "Linux")
    there = lockfile.pinned_here(pins, environment)
    assert expected <= set(there)
    assert {"pyside6-essentials", "pymupdf", "sqlcipher3", "keyring"} <= set(there)


def test_the_makefile_installs_from_the_lock_alone() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r $(LOCK)" in makefile
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in makefile


def test_a_read_beside_the_repository_is_stopped(tmp_path: Path) -> None:
    checkout = tmp_path / "work" / "repo"
    checker = OutsideReads(checkout, [tmp_path / "work" / "venv"])
    assert checker.is_outside(str(tmp_path / "work" / "shared" / "schema" / "File.json"))
    assert checker.is_outside(str(checkout / ".." / "shared"))
    assert checker.is_outside(str(tmp_path / "work"))
    assert not checker.is_outside(str(checkout / "tests" / "oparl_schema" / "File.json"))
    assert not checker.is_outside(str(tmp_path / "work" / "venv" / "lib"))
    assert not checker.is_outside("/usr/share/fonts")


def test_a_checkout_in_the_temporary_folder_is_watched_too(tmp_path: Path) -> None:
    """A clone in /tmp/x: the temporary folder holds the watched folder, and must not
    let the sibling folders through."""
    checkout = tmp_path / "clone" / "repo"
    checker = OutsideReads(checkout, [tmp_path, Path(sys.prefix)])
    assert checker.is_outside(str(tmp_path / "clone" / "shared" / "File.json"))
    assert not checker.is_outside(str(tmp_path / "pytest-of-someone" / "data"))


def run_watched(body: str) -> subprocess.CompletedProcess[str]:
    """``body`` in a fresh Python with this suite's check installed, in the repository."""
    script = "import tests.outside_reads as watch\nwatch.install()\n" + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_a_planted_read_of_a_sibling_folder_fails_with_a_clear_message() -> None:
    completed = run_watched("""
        from pathlib import Path
        Path("../shared/oparl-1.1/schema/File.json").read_text()
    """)
    assert completed.returncode != 0
    assert "ReadOutsideRepositoryError" in completed.stderr
    assert "shared/oparl-1.1/schema/File.json is outside the repository" in completed.stderr


def test_a_read_that_the_code_swallows_is_still_reported() -> None:
    completed = run_watched("""
        import os
        try:
            os.listdir("..")
        except Exception:
            pass
        open("pyproject.toml").close()
        print(watch.reads_outside())
    """)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"[{str(ROOT.parent)!r}]"
