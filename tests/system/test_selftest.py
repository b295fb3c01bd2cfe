"""``meetingapp --selftest``: the headless check run on the frozen build, here unfrozen."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from meetingapp import __version__
from meetingapp.selftest import EXIT_FAILED, run_selftest


@pytest.mark.slow
def test_the_selftest_passes_in_a_process_of_its_own(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary), "HOME": str(tmp_path / "home")}
    completed = subprocess.run(
        [sys.executable, "-m", "meetingapp", "--selftest"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    assert len(lines) == 1
    summary = lines[0]
    assert summary.startswith(f"meetingapp {__version__} selftest (not frozen) passed in ")
    for step in ("resources:", "sync:", "render:", "annotation:", "keyring:"):
        assert step in summary
    assert "128 documents" in summary
    assert "written and read back" in summary
    assert "in use:" in summary
    assert "Traceback" not in completed.stderr
    assert not list(temporary.iterdir())  # its temporary data dir is removed


def test_a_failing_check_fails_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("meetingapp.selftest.resources_dir", lambda: tmp_path)
    out, log = io.StringIO(), io.StringIO()
    assert run_selftest(out, log) == EXIT_FAILED
    summary = out.getvalue().strip()
    assert summary.startswith(f"meetingapp {__version__} selftest (not frozen) FAILED: resources:")
    assert str(tmp_path / "icons" / "meetingapp.svg") in summary
