"""The one way to run work in a child process: what PyMuPDF does runs there.

PyMuPDF is large, not thread-safe, and a hostile document can crash MuPDF, so it is
never loaded in the program's own process. Whatever needs it runs in a child started
here, with the ``spawn`` start method: the child is a fresh interpreter (or, frozen,
the program's executable started again, which ``multiprocessing.freeze_support`` in
``meetingapp/__main__.py`` turns into the child at once), the same on every platform.

* :func:`run_in_child` runs one function there and returns its result: the export of
  an annotated copy, the first-run demo build.
* :class:`Child` is a child that stays: it runs ``serve(connection, *arguments)``,
  which answers messages over the pipe in a protocol of its own (the render worker's).

Both hand the child its start arguments through their own pipe once it runs, never
on its command line or in its environment: the blob key travels that way. A child
that crashes, is killed or closes its pipe raises :class:`ChildDiedError` saying how
it ended; one that does not answer in time is killed and raises
:class:`ChildTimeoutError`. Stopping a child closes the pipe (a serving child takes
that as its cue to return), waits a moment, then terminates it, then kills it; no
zombie is left behind.

An exception raised in a one-shot child comes back as itself when it can be pickled
and rebuilt, its traceback attached as the cause; otherwise as
:class:`ChildRaisedError` with its type's name and message.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import signal
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar, TypeVarTuple, cast

__all__ = [
    "STOP_GRACE",
    "Child",
    "ChildDiedError",
    "ChildError",
    "ChildRaisedError",
    "ChildTimeoutError",
    "run_in_child",
]

STOP_GRACE = 1.0
"""Seconds a stopping child gets to exit on its own, and again after it is
terminated, before it is killed."""

_T = TypeVar("_T")
_Arguments = TypeVarTuple("_Arguments")


class ChildError(Exception):
    """The child gave no result."""


class ChildDiedError(ChildError):
    """The child ended (crashed, was killed, exited) before it answered."""

    def __init__(self, name: str, how: str) -> None:
        super().__init__(f"the {name} process {how} before it answered")
        self.how = how
        """How it ended: "was killed by SIGSEGV", "exited with code 3"…"""


class ChildTimeoutError(ChildError):
    """The child did not answer in time and was killed."""

    def __init__(self, name: str, timeout: float) -> None:
        super().__init__(f"the {name} process did not answer within {timeout:g} s; it was killed")
        self.timeout = timeout


class ChildRaisedError(ChildError):
    """An exception in the child that could not travel to this process as itself."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(f"{type_name}: {message}")
        self.type_name = type_name
        self.message = message


class _ChildTracebackError(Exception):
    """The child's traceback, as the cause of the exception it raised."""

    def __str__(self) -> str:
        return f"\n\nin the child process:\n{self.args[0]}"


def _describe_exit(exitcode: int | None) -> str:
    """How a process ended, from its exit code, to follow "the process…"."""
    if exitcode is None:
        return "is not responding"
    if exitcode < 0:
        try:
            return f"was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"was killed by signal {-exitcode}"
    return f"exited with code {exitcode}"


def run_in_child(
    function: Callable[[*_Arguments], _T],
    arguments: tuple[*_Arguments],
    *,
    timeout: float,
    name: str,
) -> _T:
    """``function(*arguments)`` in a new child process, which is stopped afterwards.

    ``function`` and the arguments must pickle (a module-level function, plain
    values). Raises what the function raised, :class:`ChildDiedError`,
    :class:`ChildTimeoutError` after ``timeout`` seconds, or :class:`ChildRaisedError`.
    """
    child = Child(_run_once, (function, arguments), name=name)
    try:
        outcome = child.receive(timeout)
    finally:
        child.stop()
    if isinstance(outcome, _Returned):
        return cast(_T, outcome.value)  # what ``function`` returned, in the child
    if isinstance(outcome, _Raised):
        raise outcome.error()
    raise ChildRaisedError("ProtocolError", f"the {name} process answered {type(outcome)}")


class Child:
    """One running child process and this process's end of its duplex pipe.

    The child runs ``serve(connection, *arguments)`` with its end of the pipe; when
    ``serve`` returns, the child exits. ``serve`` must be a module-level function,
    so that the child finds it by module and name.
    """

    def __init__(
        self,
        serve: Callable[..., object],
        arguments: tuple[Any, ...] = (),
        *,
        name: str,
        grace: float = STOP_GRACE,
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self.name = name
        self.connection, child_end = context.Pipe(duplex=True)
        process = context.Process(target=_enter, args=(child_end,), name=name, daemon=True)
        process.start()
        # The child holds its own copy; closing ours is what lets us see EOF when it dies.
        child_end.close()
        self._process = process
        self._grace = grace
        self._pid = process.pid
        self._finalizer = weakref.finalize(self, _stop, process, self.connection, grace)
        self._hand_over(_Start(serve, arguments))

    def _hand_over(self, start: _Start) -> None:
        """Send the start arguments: through the pipe, not the command line."""
        try:
            self.connection.send(start)
        except OSError:
            pass  # The child is gone already: the first receive says how.
        except BaseException:
            self.stop()  # They do not pickle; the child would wait for them forever.
            raise

    @property
    def pid(self) -> int | None:
        return self._pid

    def is_alive(self) -> bool:
        return self._finalizer.alive and self._process.is_alive()

    def send(self, message: object) -> None:
        """Send one message; raises :class:`ChildDiedError` if the child is gone."""
        try:
            self.connection.send(message)
        except OSError:
            raise self._ended() from None

    def receive(self, timeout: float) -> object:
        """The next message; the child is killed if none comes within ``timeout`` s."""
        self._wait_readable(timeout)
        try:
            return self.connection.recv()
        except (EOFError, OSError):
            raise self._ended() from None

    def receive_bytes(self, timeout: float) -> bytes:
        """The next message sent with ``send_bytes``, unpickled: as :meth:`receive`."""
        self._wait_readable(timeout)
        try:
            return self.connection.recv_bytes()
        except (EOFError, OSError):
            raise self._ended() from None

    def _wait_readable(self, timeout: float) -> None:
        """Return when a message (or EOF) is there; kill the child if nothing comes."""
        try:
            readable = self.connection.poll(timeout)
        except (EOFError, OSError):
            raise self._ended() from None
        if not readable:
            self.kill()
            raise ChildTimeoutError(self.name, timeout)

    def _ended(self) -> ChildDiedError:
        """The error for a child that closed its pipe: wait for it to exit (kill it if it
        lingers) to say how it ended."""
        with contextlib.suppress(ValueError):  # stopped meanwhile by another thread
            self._process.join(self._grace)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            return ChildDiedError(self.name, _describe_exit(self._process.exitcode))
        return ChildDiedError(self.name, "was stopped")

    def kill(self) -> None:
        """Kill the child at once; safe from any thread. :meth:`stop` still reaps it."""
        with contextlib.suppress(ValueError):  # already stopped and closed
            self._process.kill()

    def stop(self) -> None:
        """Close the pipe, let the child exit, terminate or kill it if it does not, and
        reap it; idempotent. Also runs when the object is collected, and at exit."""
        self._finalizer()


def _stop(process: BaseProcess, connection: Connection, grace: float) -> None:
    """Stop a child process and reap it, so that no zombie is left behind.

    Runs through ``weakref.finalize``: when the child is stopped explicitly, when its
    handle is garbage-collected, and at interpreter exit (``atexit``).
    """
    connection.close()
    process.join(grace)
    if process.is_alive():
        process.terminate()
        process.join(grace)
    if process.is_alive():
        process.kill()
    process.join()
    process.close()


# --- In the child -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Start:
    """What the child runs, sent through the pipe once it is up."""

    serve: Callable[..., object]
    arguments: tuple[Any, ...]


def _enter(connection: Connection) -> None:
    """The child's entry point: take the start arguments from the pipe and serve."""
    # Ctrl+C in a terminal reaches the whole process group; the parent decides
    # when the child ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        start = connection.recv()
    except (EOFError, OSError):
        return  # The parent is gone, or it could not send what to run.
    if isinstance(start, _Start):
        start.serve(connection, *start.arguments)


@dataclass(frozen=True, slots=True)
class _Returned:
    value: object


@dataclass(frozen=True, slots=True)
class _Raised:
    """An exception from the child: itself when it survives pickling, else its name."""

    exception: BaseException | None
    type_name: str
    message: str
    traceback: str

    @classmethod
    def of(cls, error: Exception) -> _Raised:
        text = "".join(traceback.format_exception(error))
        name = type(error).__qualname__
        return cls(_travelling(error), name, str(error), text)

    def error(self) -> BaseException:
        error = self.exception
        if error is None:
            error = ChildRaisedError(self.type_name, self.message)
        error.__cause__ = _ChildTracebackError(self.traceback)
        return error


def _travelling(error: Exception) -> Exception | None:
    """``error`` if it can be pickled and rebuilt (a custom ``__init__`` often cannot)."""
    try:
        rebuilt = pickle.loads(pickle.dumps(error))
    except Exception:
        return None
    return error if type(rebuilt) is type(error) else None


def _run_once(
    connection: Connection, function: Callable[..., object], arguments: tuple[Any, ...]
) -> None:
    """Serve one call: run it and send back what it returned or raised."""
    try:
        outcome: _Returned | _Raised = _Returned(function(*arguments))
    except Exception as error:
        outcome = _Raised.of(error)
    try:
        connection.send(outcome)
    except OSError:
        return  # The parent is gone.
    except Exception as error:  # the result does not pickle
        message = f"the result could not be sent back: {error}"
        connection.send(_Raised(None, type(error).__qualname__, message, ""))
