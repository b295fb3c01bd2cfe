"""Command line: the GUI by default, and headless commands for IT staff.

Exit codes: 0 success; 1 finished with problems (some files failed); 2 error.

The global options (``--data-dir``, ``-v``, ``--passphrase-file``) may come
before or after the command, as in git: ``meetingapp sync --data-dir DIR`` and
``meetingapp --data-dir DIR sync`` are the same.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from meetingapp import APP_NAME, __version__
from meetingapp.runtime.logs import configure_logging, install_exception_logging, start_record
from meetingapp.runtime.passphrase_file import (
    PASSPHRASE_FILE_ENVIRONMENT,
    PassphraseFileError,
    passphrase_file_path,
    read_passphrase_file,
)
from meetingapp.runtime.paths import DATA_DIR_ENVIRONMENT, private_umask, resolve_data_dir

if TYPE_CHECKING:
    from meetingapp.core.context import AppContext
    from meetingapp.core.security.vault import KeyVault
    from meetingapp.oparl.engine import SyncLimits, SyncProgress, SyncResult
    from meetingapp.store import StoreKeys

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2

_GLOBAL_DEFAULTS: Final[dict[str, object]] = {
    "data_dir": None,
    "verbose": False,
    "passphrase_file": None,
}
"""The global options' values when given nowhere (see :func:`parse_arguments`)."""

_log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The parser; its result needs :func:`parse_arguments`'s defaults for the global options."""
    parser = argparse.ArgumentParser(
        prog="meetingapp",
        description=f"{APP_NAME}: the committee meeting packet, offline on the laptop.",
        parents=[_global_options()],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="check the installation without a window (sync, render, annotate, keyring in a "
        "temporary data folder), print one line and exit 0 if it works",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_sync_command(commands)
    _add_source_commands(commands)
    status = _add_command(commands, "status", help="what is stored locally")
    status.add_argument("--json", action="store_true", help="print machine-readable JSON")
    return parser


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line parsed, every global option set (to its default if not given)."""
    arguments = build_parser().parse_args(argv)
    for name, default in _GLOBAL_DEFAULTS.items():
        if not hasattr(arguments, name):
            setattr(arguments, name, default)
    return arguments


def _global_options() -> argparse.ArgumentParser:
    """The options taken before or after any command. Their default is SUPPRESS, so a
    parser that does not see one sets nothing and cannot overwrite what another saw."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("global options (before or after the command)")
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"where data is kept (default: ${DATA_DIR_ENVIRONMENT} or the platform's "
        "user data folder)",
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="write debugging detail to the log file (logs/meetingapp.log in the data folder)",
    )
    group.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="unlock the data without a keyring, from a script: the first line of FILE is "
        "the passphrase (a new data folder is created with it); FILE must be its owner's "
        f"only (chmod 600). Default: ${PASSPHRASE_FILE_ENVIRONMENT}. Commands only: the "
        "window asks for the passphrase itself",
    )
    return options


def _add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, *, help: str
) -> argparse.ArgumentParser:
    """A command (or a command's action) that takes the global options too."""
    return commands.add_parser(name, help=help, parents=[_global_options()])


def _add_sync_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = _add_command(commands, "sync", help="sync from the document system without a window")
    sync.add_argument("url", nargs="?", help="OParl endpoint (default: the configured sources)")
    sync.add_argument(
        "--max-file-mb", type=int, default=2048, help="refuse larger documents (default 2048)"
    )
    sync.add_argument(
        "--max-page-mb", type=int, default=64, help="refuse larger list pages (default 64)"
    )
    sync.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress on standard error; errors and the documents that failed still go "
        "there, and the summary line (Synced: …) to standard output",
    )


def _add_source_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    source = _add_command(commands, "source", help="the document systems to sync from")
    actions = source.add_subparsers(dest="action", metavar="ACTION", required=True)
    _add_command(actions, "list", help="the configured sources")
    add = _add_command(
        actions,
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
    remove = _add_command(actions, "remove", help="forget a source and what was synced from it")
    remove.add_argument("url")


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


_PASSPHRASE_TRIES = 3


@dataclass(frozen=True)
class FilePassphrase:
    """The passphrase read from ``--passphrase-file`` (never shown), and where from."""

    path: Path
    text: str = field(repr=False)


def _passphrase_from_file(arguments: argparse.Namespace) -> FilePassphrase | None:
    """The passphrase of ``--passphrase-file`` or ``$MEETINGAPP_PASSPHRASE_FILE``, read
    before anything is created or opened, so a refused file leaves nothing behind. The
    window does not take one: the variable may be set for scripts, and is ignored there."""
    if arguments.command is None:
        return None
    path = passphrase_file_path(arguments.passphrase_file)
    return None if path is None else FilePassphrase(path, read_passphrase_file(path))


def _store_keys(data_dir: Path, given: FilePassphrase | None = None) -> StoreKeys:
    """The data directory's keys: from the OS keyring, or from a passphrase: the one
    ``given`` (a passphrase file), else asked for on the terminal (read from standard
    input when it is not one)."""
    from meetingapp.core.security.vault import KeyVault, UnlockState, VaultError

    vault = KeyVault(data_dir)
    state = vault.state()
    if state is UnlockState.KEYRING:
        return vault.unlock()
    if state is UnlockState.NEW:
        return _create_store_key(vault, given)
    if state is UnlockState.PASSPHRASE and given is not None:
        return _unlock_with_file(vault, given)
    if state is UnlockState.PASSPHRASE:
        return _unlock_with_passphrase(vault)
    raise VaultError(
        f"The key to the data in {data_dir} is gone: neither the keyring nor a "
        "passphrase can unlock it. Start the program to begin again with an empty folder."
    )


def _create_store_key(vault: KeyVault, given: FilePassphrase | None) -> StoreKeys:
    """A new store's key: in the secure keyring, wrapped under the passphrase given
    (both, when there are both), or under one chosen on the terminal."""
    from meetingapp.core.security.vault import (
        MIN_PASSPHRASE_LENGTH,
        VaultError,
        passphrase_long_enough,
    )

    if given is not None and not passphrase_long_enough(given.text):
        raise VaultError(
            f"The passphrase in {given.path} is too short (a passphrase has at least "
            f"{MIN_PASSPHRASE_LENGTH} characters); nothing was created."
        )
    if given is not None:
        return vault.create(given.text)
    if vault.keyring_is_secure():
        return vault.create()
    print(
        f"No secure keyring was found ({vault.describe_keyring()}). The data is "
        "encrypted; choose a passphrase to unlock it at every start.",
        file=sys.stderr,
    )
    passphrase = _read_secret("New passphrase: ")
    if _read_secret("The same again: ") != passphrase:
        raise VaultError("The two passphrases differ; nothing was created.")
    return vault.create(passphrase)


def _unlock_with_file(vault: KeyVault, given: FilePassphrase) -> StoreKeys:
    """Once: a script gets its answer at once, and nobody is asked."""
    from meetingapp.core.security.vault import WrongPassphraseError

    try:
        return vault.unlock_with_passphrase(given.text)
    except WrongPassphraseError:
        raise WrongPassphraseError(
            f"The passphrase in {given.path} is not the right one; nothing was opened."
        ) from None


def _unlock_with_passphrase(vault: KeyVault) -> StoreKeys:
    from meetingapp.core.security.vault import WrongPassphraseError

    for _ in range(_PASSPHRASE_TRIES):
        try:
            return vault.unlock_with_passphrase(_read_secret("Passphrase: "))
        except WrongPassphraseError:
            print("Wrong passphrase.", file=sys.stderr)
    raise WrongPassphraseError(f"{_PASSPHRASE_TRIES} wrong passphrases; nothing was opened.")


def open_context(data_dir: Path, given: FilePassphrase | None = None) -> AppContext | None:
    """The program's state for ``data_dir``, unlocked; None (said why) when it cannot be."""
    from meetingapp.core.context import AppContext
    from meetingapp.core.security.vault import VaultError
    from meetingapp.store import StoreError

    try:
        return AppContext(data_dir, _store_keys(data_dir, given))
    except (VaultError, StoreError, ValueError) as error:
        print(f"Cannot open {data_dir}: {error}", file=sys.stderr)
        return None


def run_source(context: AppContext, arguments: argparse.Namespace) -> int:
    from meetingapp.net.credentials import CredentialError

    action = {"list": _list_sources, "add": _add_source, "remove": _remove_source}
    try:
        return action[arguments.action](context, arguments)
    except (CredentialError, ValueError) as error:
        print(f"Source not saved: {error}", file=sys.stderr)
        return EXIT_ERROR


def _list_sources(context: AppContext, _arguments: argparse.Namespace) -> int:
    for config in context.sources.configured():
        user = f" ({config.auth.username})" if config.auth.username else ""
        print(f"{config.url}\t{config.name}\tsign-in: {config.auth.kind.value}{user}")
    return EXIT_OK


def _remove_source(context: AppContext, arguments: argparse.Namespace) -> int:
    configured = context.sources.configured()
    ids = [c.id for c in configured if c.url == arguments.url and c.id is not None]
    if not ids:
        print(f"No source {arguments.url}", file=sys.stderr)
        return EXIT_ERROR
    context.sources.remove(ids[0])
    return EXIT_OK


def _add_source(context: AppContext, arguments: argparse.Namespace) -> int:
    from meetingapp.net.credentials import AuthKind, SourceAuth
    from meetingapp.oparl.sources import SourceConfig

    if arguments.user:
        auth = SourceAuth(AuthKind.BASIC, arguments.user)
    elif arguments.token:
        auth = SourceAuth(AuthKind.BEARER, None)
    else:
        auth = SourceAuth(AuthKind.NONE, None)
    secret = _read_secret("Password or token: ") if auth.needs_secret else None
    config = SourceConfig(None, arguments.url, arguments.name, auth, arguments.ca_bundle)
    context.sources.configure(config, secret)
    return EXIT_OK


class ProgressPrinter:
    """The sync's progress, for :meth:`AppContext.sync`'s ``on_progress``.

    On a terminal, a live line per phase, redrawn with a carriage return (a bar
    for the documents). Anywhere else (a log file, a pipe) plain lines, one as a
    phase starts and one as it ends, never a carriage return::

        Reading lists…
        Lists read: 214 objects new or changed.
        Fetching 12 documents…
        Documents done: 12 of 12.

    ``quiet`` prints nothing at all.
    """

    BAR_WIDTH: Final = 30

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self._stream = stream
        self._quiet = quiet
        self._live = stream.isatty()
        self._phase = ""
        """The phase last announced in plain lines; "" before the first."""
        self._line_open = False

    def __call__(self, progress: SyncProgress) -> None:
        if self._quiet:
            return
        if self._live:
            self._draw(progress)
        else:
            self._announce(progress)

    def end_line(self) -> None:
        """End a live line left open, so that a message after it starts on its own."""
        if self._line_open:
            self._line_open = False
            self._write("\n")

    def _draw(self, progress: SyncProgress) -> None:
        done, total = progress.done, progress.total
        if progress.phase == "metadata":
            self._redraw(f"Reading lists… {done} objects")
            if total is not None:
                self.end_line()
        elif progress.phase == "files" and total:
            filled = self.BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (self.BAR_WIDTH - filled)
            self._redraw(f"Documents [{bar}] {done}/{total}")
            if done == total:
                self.end_line()

    def _announce(self, progress: SyncProgress) -> None:
        done, total = progress.done, progress.total
        if progress.phase == "metadata":
            self._start("metadata", "Reading lists…")
            if total is not None:
                self._finish(f"Lists read: {done} objects new or changed.")
        elif progress.phase == "files":
            fetching = f"Fetching {_documents(total)}…" if total else "No documents to fetch."
            self._start("files", fetching)
            if total and done == total:
                self._finish(f"Documents done: {done} of {total}.")

    def _start(self, phase: str, line: str) -> None:
        if self._phase != phase:
            self._phase = phase
            self._write(f"{line}\n")

    def _finish(self, line: str) -> None:
        self._phase = f"{self._phase} ended"
        self._write(f"{line}\n")

    def _redraw(self, text: str) -> None:
        self._line_open = True
        self._write(f"\r{text}")

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()


def _documents(count: int | None) -> str:
    return "1 document" if count == 1 else f"{count} documents"


def run_sync(
    context: AppContext, url: str | None, limits: SyncLimits | None = None, *, quiet: bool = False
) -> int:
    from meetingapp.core.context import SYNC_ERRORS
    from meetingapp.oparl.engine import SyncCancelled

    if limits is not None:
        context.limits = limits
    progress = ProgressPrinter(sys.stderr, quiet=quiet)
    cancel = threading.Event()
    try:
        results = context.sync(url, on_progress=progress, cancel=cancel)
    except (*SYNC_ERRORS, SyncCancelled) as error:
        progress.end_line()
        print(f"Sync failed: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        cancel.set()
        progress.end_line()
        print("Sync interrupted.", file=sys.stderr)
        return EXIT_ERROR
    return _report_sync(results)


def _report_sync(results: list[SyncResult]) -> int:
    failed = [failure for result in results for failure in result.failed_files]
    for file_id, reason in failed:
        print(f"Could not fetch {file_id}: {reason}", file=sys.stderr)
    saved = sum(result.objects_saved for result in results)
    fetched = sum(result.files_downloaded for result in results)
    print(f"Synced: {saved} objects, {fetched} documents fetched, {len(failed)} failed.")
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_status(context: AppContext, as_json: bool) -> int:
    counts = context.library.counts()
    if as_json:
        print(json.dumps({"data_dir": str(context.data_dir), **counts}, indent=2))
    else:
        print(f"Data: {context.data_dir}")
        for name, count in counts.items():
            print(f"  {name.replace('_', ' ')}: {count}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """The program: the window, or a command.

    Everything runs under a private umask (0o077, :func:`private_umask`), set
    before anything is created: the data directory and all the program writes
    in it later are its user's only (0700 folders, 0600 files); files exported
    to a folder the user chooses get the mode the user's own umask gives.
    """
    arguments = parse_arguments(argv)
    if arguments.selftest:
        from meetingapp.selftest import run_selftest

        return run_selftest()
    if arguments.command is None and arguments.passphrase_file:
        print(
            "--passphrase-file is for the commands (sync, status, source); "
            "the window asks for the passphrase itself.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    try:
        given = _passphrase_from_file(arguments)
    except PassphraseFileError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    with private_umask():
        return _start(resolve_data_dir(arguments.data_dir), arguments, given)


def _start(data_dir: Path, arguments: argparse.Namespace, given: FilePassphrase | None) -> int:
    configure_logging(data_dir, verbose=arguments.verbose)
    install_exception_logging()
    if arguments.command is None:
        return _run_gui(data_dir)
    action = getattr(arguments, "action", None)
    _log.info("%s", start_record(f"{arguments.command} {action}" if action else arguments.command))
    return _run_command(data_dir, arguments, given)


def _run_command(
    data_dir: Path, arguments: argparse.Namespace, given: FilePassphrase | None
) -> int:
    """Run a command on ``data_dir``, which no other instance of the program may have
    open; taking the lock makes the folder private to its user too."""
    from meetingapp.runtime.instance import AlreadyRunningError, InstanceLock

    try:
        lock = InstanceLock.acquire(data_dir)
    except AlreadyRunningError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        print(f"Cannot open {data_dir}: {error}", file=sys.stderr)
        return EXIT_ERROR
    with lock:
        context = open_context(data_dir, given)
        if context is None:
            return EXIT_ERROR
        try:
            return _COMMANDS[arguments.command](context, arguments)
        finally:
            context.close()


def _sync_command(context: AppContext, arguments: argparse.Namespace) -> int:
    from meetingapp.oparl.engine import SyncLimits

    megabyte = 1024 * 1024
    limits = SyncLimits(arguments.max_page_mb * megabyte, arguments.max_file_mb * megabyte)
    return run_sync(context, arguments.url, limits, quiet=arguments.quiet)


def _status_command(context: AppContext, arguments: argparse.Namespace) -> int:
    return run_status(context, arguments.json)


_COMMANDS: Final[dict[str, Callable[[AppContext, argparse.Namespace], int]]] = {
    "sync": _sync_command,
    "source": run_source,
    "status": _status_command,
}


def _run_gui(data_dir: Path) -> int:
    from meetingapp.ui.shell.application import qt_version, run_gui

    _log.info("%s", start_record("gui", qt=qt_version()))
    return run_gui(data_dir)
