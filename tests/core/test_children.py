"""Work in a spawned child process: results, typed errors, crashes, timeouts, secrets."""

from __future__ import annotations

import base64
import ctypes
import multiprocessing
import os
import secrets
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from meetingapp.core.children import (
    Child,
    ChildDiedError,
    ChildRaisedError,
    ChildTimeoutError,
    run_in_child,
)

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/environ").is_file(), reason="reads the child's /proc entry"
)


class NotRebuildableError(Exception):
    """Its ``__init__`` takes two arguments, so unpickling it fails."""

    def __init__(self, document: str, page: int) -> None:
        super().__init__(f"{document} has no page {page}")


def fail_with(message: str) -> None:
    raise LookupError(message)


def fail_not_rebuildable() -> None:
    raise NotRebuildableError("protokoll.pdf", 7)


def hold_key(connection: Connection, key: bytes) -> None:
    """Serve: answer "ready", then, when asked, the key it was given."""
    connection.send("ready")
    try:
        if connection.recv() == "key?":
            connection.send(key)
    except EOFError:
        return  # stopped


def gone(pid: int) -> bool:
    """True when the process has exited and been reaped (no zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_result_comes_back() -> None:
    assert run_in_child(pow, (2, 10), timeout=30, name="test") == 1024
    assert run_in_child(sorted, ({"b": 1, "a": 2},), timeout=30, name="test") == ["a", "b"]


def test_an_exception_arrives_as_itself_with_its_message_and_the_childs_traceback() -> None:
    with pytest.raises(LookupError) as raised:
        run_in_child(fail_with, ("inget sådant ärende",), timeout=30, name="test")
    assert type(raised.value) is LookupError
    assert str(raised.value) == "inget sådant ärende"
    assert "fail_with" in str(raised.value.__cause__)


def test_an_exception_that_cannot_travel_arrives_by_name_and_message() -> None:
    with pytest.raises(ChildRaisedError) as raised:
        run_in_child(fail_not_rebuildable, (), timeout=30, name="test")
    assert raised.value.type_name == "NotRebuildableError"
    assert raised.value.message == "protokoll.pdf has no page 7"


def test_a_child_that_exits_gives_a_clear_error() -> None:
    with pytest.raises(ChildDiedError, match="exited with code 3") as raised:
        run_in_child(os._exit, (3,), timeout=30, name="test")
    assert raised.value.how == "exited with code 3"


@pytest.mark.skipif(sys.platform == "win32", reason="a segfault is a signal on POSIX only")
def test_a_child_that_segfaults_gives_a_clear_error() -> None:
    started = time.monotonic()
    with pytest.raises(ChildDiedError, match="killed by SIGSEGV"):
        run_in_child(ctypes.string_at, (0,), timeout=30, name="test")
    assert time.monotonic() - started < 25


def test_a_child_that_does_not_answer_in_time_is_killed() -> None:
    before = {child.pid for child in multiprocessing.active_children()}
    started = time.monotonic()
    with pytest.raises(ChildTimeoutError, match="within 1 s"):
        run_in_child(time.sleep, (60,), timeout=1.0, name="test")
    assert time.monotonic() - started < 15
    assert {child.pid for child in multiprocessing.active_children()} <= before


@needs_proc
def test_the_key_is_in_neither_the_command_line_nor_the_environment() -> None:
    key = secrets.token_bytes(32)
    child = Child(hold_key, (key,), name="test")
    try:
        assert child.receive(30) == "ready"
        assert child.pid is not None
        proc = Path(f"/proc/{child.pid}")
        seen = (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes()
        for spelling in (key, key.hex().encode(), base64.b64encode(key), repr(key).encode()):
            assert spelling not in seen
        child.send("key?")
        assert child.receive(30) == key
    finally:
        child.stop()


def test_a_serving_child_stops_when_asked_and_leaves_no_process() -> None:
    child = Child(hold_key, (b"",), name="test")
    assert child.receive(30) == "ready"
    pid = child.pid
    assert pid is not None and child.is_alive()
    started = time.monotonic()
    child.stop()
    child.stop()  # idempotent
    assert time.monotonic() - started < 5
    assert not child.is_alive()
    if sys.platform != "win32":
        assert gone(pid)


def test_a_serving_child_killed_mid_call_gives_a_clear_error() -> None:
    child = Child(hold_key, (b"",), name="test")
    try:
        assert child.receive(30) == "ready"
        child.kill()
        with pytest.raises(ChildDiedError, match="SIGKILL" if sys.platform != "win32" else ""):
            child.receive(30)
    finally:
        child.stop()
