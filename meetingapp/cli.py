"""Command line: the GUI by default, and headless commands for IT staff.

Exit codes: 0 success; 1 finished with problems (some files failed); 2 error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from meetingapp import APP_NAME, __version__
from meetingapp.logs import configure_logging, install_exception_logging, start_record
from meetingapp.paths import DATA_DIR_ENVIRONMENT, resolve_data_dir

if TYPE_CHECKING:
    from meetingapp.app import AppContext
    from meetingapp.store import StoreKeys
    from meetingapp.sync.engine import SyncLimits
    from meetingapp.vault import KeyVault

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2

_log = logging.getLogger(__name__)


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
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="write debugging detail to the log file (logs/meetingapp.log in the data folder)",
    )
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="check the installation without a window (sync, render, annotate, keyring in a "
        "temporary data folder), print one line and exit 0 if it works",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sync = commands.add_parser("sync", help="sync from the document system without a window")
    sync.add_argument("url", nargs="?", help="OParl endpoint (default: the configured sources)")
    sync.add_argument(
        "--max-file-mb", type=int, default=2048, help="refuse larger documents (default 2048)"
    )
    sync.add_argument(
        "--max-page-mb", type=int, default=64, help="refuse larger list pages (default 64)"
    )
    _add_source_commands(commands)
    status = commands.add_parser("status", help="what is stored locally")
    status.add_argument("--json", action="store_true", help="print machine-readable JSON")
    return parser


def _add_source_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    source = commands.add_parser("source", help="the document systems to sync from")
    actions = source.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="the configured sources")
    add = actions.add_parser(
        "add",
        help="add or change a source; a password or token is asked for "
        "(or read from standard input) and kept in the OS keyring only",
    )
    add.add_argument("url", help="the OParl endpoint (the System object's URL)")
    add.add_argument("--name", default="", help="a name to show for it")
    sign_in = add.add_mutually_exclusive_group()
    sign_in.add_argument("--user", help="sign in with this user name and a password")
    sign_in.add_argument("--token", action="store_true", help="sign in with a bearer token")
    add.add_argument("--ca-bundle", type=Path, help="extra CA certificates (PEM or DER)")
    remove = actions.add_parser("remove", help="forget a source and what was synced from it")
    remove.add_argument("url")


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


_PASSPHRASE_TRIES = 3


def _store_keys(data_dir: Path) -> StoreKeys:
    """The data directory's keys: from the OS keyring, or from a passphrase asked
    for on the terminal (read from standard input when it is not one)."""
    from meetingapp.vault import KeyVault, UnlockState, VaultError

    vault = KeyVault(data_dir)
    state = vault.state()
    if state is UnlockState.KEYRING:
        return vault.unlock()
    if state is UnlockState.NEW and vault.keyring_is_secure():
        return vault.create()
    if state is UnlockState.NEW:
        print(
            f"No secure keyring was found ({vault.describe_keyring()}). The data is "
            "encrypted; choose a passphrase to unlock it at every start.",
            file=sys.stderr,
        )
        passphrase = _read_secret("New passphrase: ")
        if _read_secret("The same again: ") != passphrase:
            raise VaultError("The two passphrases differ; nothing was created.")
        return vault.create(passphrase)
    if state is UnlockState.PASSPHRASE:
        return _unlock_with_passphrase(vault)
    raise VaultError(
        f"The key to the data in {data_dir} is gone: neither the keyring nor a "
        "passphrase can unlock it. Start the program to begin again with an empty folder."
    )


def _unlock_with_passphrase(vault: KeyVault) -> StoreKeys:
    from meetingapp.vault import WrongPassphraseError

    for _ in range(_PASSPHRASE_TRIES):
        try:
            return vault.unlock_with_passphrase(_read_secret("Passphrase: "))
        except WrongPassphraseError:
            print("Wrong passphrase.", file=sys.stderr)
    raise WrongPassphraseError(f"{_PASSPHRASE_TRIES} wrong passphrases; nothing was opened.")


def open_context(data_dir: Path) -> AppContext | None:
    """The program's state for ``data_dir``, unlocked; None (said why) when it cannot be."""
    from meetingapp.app import AppContext
    from meetingapp.store import StoreError
    from meetingapp.vault import VaultError

    try:
        return AppContext(data_dir, _store_keys(data_dir))
    except (VaultError, StoreError, ValueError) as error:
        print(f"Cannot open {data_dir}: {error}", file=sys.stderr)
        return None


def run_source(data_dir: Path, arguments: argparse.Namespace) -> int:
    from meetingapp.sync.credentials import CredentialError

    context = open_context(data_dir)
    if context is None:
        return EXIT_ERROR
    action = {"list": _list_sources, "add": _add_source, "remove": _remove_source}
    try:
        return action[arguments.action](context, arguments)
    except (CredentialError, ValueError) as error:
        print(f"Source not saved: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        context.close()


def _list_sources(context: AppContext, _arguments: argparse.Namespace) -> int:
    for config in context.sources():
        user = f" ({config.auth.username})" if config.auth.username else ""
        print(f"{config.url}\t{config.name}\tsign-in: {config.auth.kind.value}{user}")
    return EXIT_OK


def _remove_source(context: AppContext, arguments: argparse.Namespace) -> int:
    ids = [c.id for c in context.sources() if c.url == arguments.url and c.id is not None]
    if not ids:
        print(f"No source {arguments.url}", file=sys.stderr)
        return EXIT_ERROR
    context.remove_source(ids[0])
    return EXIT_OK


def _add_source(context: AppContext, arguments: argparse.Namespace) -> int:
    from meetingapp.sync.credentials import AuthKind, SourceAuth
    from meetingapp.sync.sources import SourceConfig

    if arguments.user:
        auth = SourceAuth(AuthKind.BASIC, arguments.user)
    elif arguments.token:
        auth = SourceAuth(AuthKind.BEARER, None)
    else:
        auth = SourceAuth(AuthKind.NONE, None)
    secret = _read_secret("Password or token: ") if auth.needs_secret else None
    config = SourceConfig(None, arguments.url, arguments.name, auth, arguments.ca_bundle)
    context.configure_source(config, secret)
    return EXIT_OK


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


def run_sync(data_dir: Path, url: str | None, limits: SyncLimits | None = None) -> int:
    from meetingapp.app import SYNC_ERRORS
    from meetingapp.sync.engine import SyncCancelled

    context = open_context(data_dir)
    if context is None:
        return EXIT_ERROR
    if limits is not None:
        context.limits = limits
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
    context = open_context(data_dir)
    if context is None:
        return EXIT_ERROR
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
    if arguments.selftest:
        from meetingapp.selftest import run_selftest

        return run_selftest()
    data_dir = resolve_data_dir(arguments.data_dir)
    configure_logging(data_dir, verbose=arguments.verbose)
    install_exception_logging()
    if arguments.command is None:
        return _run_gui(data_dir)
    action = getattr(arguments, "action", None)
    _log.info("%s", start_record(f"{arguments.command} {action}" if action else arguments.command))
    return _run_command(data_dir, arguments)


def _run_command(data_dir: Path, arguments: argparse.Namespace) -> int:
    """Run a command on ``data_dir``, which no other instance of the program may have open."""
    from meetingapp.instance import AlreadyRunningError, InstanceLock

    try:
        lock = InstanceLock.acquire(data_dir)
    except AlreadyRunningError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        print(f"Cannot open {data_dir}: {error}", file=sys.stderr)
        return EXIT_ERROR
    with lock:
        return _run_locked_command(data_dir, arguments)


def _run_locked_command(data_dir: Path, arguments: argparse.Namespace) -> int:
    if arguments.command == "sync":
        from meetingapp.sync.engine import SyncLimits

        megabyte = 1024 * 1024
        limits = SyncLimits(arguments.max_page_mb * megabyte, arguments.max_file_mb * megabyte)
        return run_sync(data_dir, arguments.url, limits)
    if arguments.command == "source":
        return run_source(data_dir, arguments)
    return run_status(data_dir, arguments.json)


def _run_gui(data_dir: Path) -> int:
    from meetingapp.ui.app import qt_version, run_gui

    _log.info("%s", start_record("gui", qt=qt_version()))
    return run_gui(data_dir)
