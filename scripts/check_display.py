"""Before `make run`: can Qt open a window here? If not, say exactly what to install.

Qt aborts with a terse message when its X11 platform plugin misses a system
library; this check names the Debian packages instead. It only reads, never
installs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# The libraries Qt's xcb plugin needs beyond a minimal system, and their packages.
XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def qt_directory() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt"


def missing_libraries() -> set[str]:
    qt = qt_directory()
    binaries = [qt / "plugins" / "platforms" / "libqxcb.so", *qt.glob("lib/libQt6XcbQpa.so*")]
    missing = set()
    for binary in binaries:
        if binary.is_file():
            output = subprocess.run(["ldd", str(binary)], capture_output=True, text=True).stdout
            missing |= {line.split()[0] for line in output.splitlines() if "not found" in line}
    cursor_present = (
        subprocess.run(
            ["sh", "-c", "ldconfig -p | grep -q libxcb-cursor.so.0"], check=False
        ).returncode
        == 0
    )
    if not cursor_present:
        missing.add("libxcb-cursor.so.0")
    return missing


def main() -> int:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return 0
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print(
            "No display: start the app from a desktop session, or under Xvfb:\n"
            "  xvfb-run -s '-screen 0 1600x1000x24' make run",
            file=sys.stderr,
        )
        return 1
    missing = missing_libraries() if os.environ.get("DISPLAY") else set()
    if missing:
        packages = sorted({XCB_PACKAGES.get(name, name) for name in missing})
        print(
            "Qt needs system libraries to open a window. Install them with:\n"
            f"  sudo apt-get install -y {' '.join(packages)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
