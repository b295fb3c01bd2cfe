"""Command line: the GUI by default, and headless commands for IT staff.

Exit codes: 0 success; 1 finished with problems (some files failed); 2 error.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from meetingapp import APP_NAME, __version__
from meetingapp.paths import DATA_DIR_ENVIRONMENT, resolve_data_dir

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meetingapp",
        description=f"{APP_NAME}: the committee meeting packet, offline on the laptop.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where data is kept (default: ${DATA_DIR_ENVIRONMENT} or the platform's "
        "user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sync = commands.add_parser("sync", help="sync from the document system without a window")
    sync.add_argument("url", nargs="?", help="OParl endpoint (default: the configured sources)")
    status = commands.add_parser("status", help="what is stored locally")
    status.add_argument("--json", action="store_true", help="print machine-readable JSON")
    return parser


def _print_progress(phase: str, done: int, total: int | None) -> None:
    if phase == "files" and total:
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        print(f"\rDocuments [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)
    elif phase == "metadata":
        print(f"\rReading lists… {done} objects", end="", file=sys.stderr, flush=True)


def run_sync(data_dir: Path, url: str | None) -> int:
    from meetingapp.app import SYNC_ERRORS, AppContext
    from meetingapp.sync.engine import SyncCancelled

    context = AppContext(data_dir)
    cancel = threading.Event()
    try:
        results = context.sync(
            url, on_progress=lambda p: _print_progress(p.phase, p.done, p.total), cancel=cancel
        )
    except (*SYNC_ERRORS, SyncCancelled) as error:
        print(f"\nSync failed: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        cancel.set()
        print("\nSync interrupted.", file=sys.stderr)
        return EXIT_ERROR
    finally:
        context.close()
    failed = [failure for result in results for failure in result.failed_files]
    for file_id, reason in failed:
        print(f"Could not fetch {file_id}: {reason}", file=sys.stderr)
    saved = sum(result.objects_saved for result in results)
    fetched = sum(result.files_downloaded for result in results)
    print(f"Synced: {saved} objects, {fetched} documents fetched, {len(failed)} failed.")
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_status(data_dir: Path, as_json: bool) -> int:
    from meetingapp.app import AppContext

    context = AppContext(data_dir)
    try:
        counts = context.library.counts()
    finally:
        context.close()
    if as_json:
        print(json.dumps({"data_dir": str(data_dir), **counts}, indent=2))
    else:
        print(f"Data: {data_dir}")
        for name, count in counts.items():
            print(f"  {name.replace('_', ' ')}: {count}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(arguments.data_dir)
    if arguments.command == "sync":
        return run_sync(data_dir, arguments.url)
    if arguments.command == "status":
        return run_status(data_dir, arguments.json)
    from meetingapp.ui.app import run_gui

    return run_gui(data_dir)
