"""The data folder's lock: held by a live program, never by a crashed one, even when Windows reuses ids.

Windows gives process ids out again at once: after a crash or a power cut the id in a left-over lock may be
the new program's own, or belong to any other process. The operating system's lock (the default) is gone
with its process whatever the record says; where there is no such lock (``native=False``, as on a file
system without locks) the record decides, and a record naming this process, another program, or another
start of this program is stale. Both are tested here with those Windows situations made by hand; the module
runs on Windows too (the Windows check should run it there: it exercises the byte-range lock and the
process queries through the Windows API).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from trungtam_desktop import processes
from trungtam_desktop.folder_lock import FolderLock, Holder, busy_message, read_holder

ROOT = Path(__file__).resolve().parents[2]


def hold(lock_file: Path, purpose: str = "window", *, record: bool = False) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        "-m",
        "tests.lock_holder",
        str(lock_file),
        purpose,
        *(["--record"] if record else []),
    ]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    return process


def stop(process: subprocess.Popen[str]) -> None:
    process.kill()  # a crash: SIGKILL, or TerminateProcess on Windows; nothing is cleaned up
    process.wait()


def leftover(lock_file: Path, pid: int, started: int | None, program: str | None, host: str = "") -> None:
    """The record a crashed program would have left."""
    record = {
        "pid": pid,
        "started": started,
        "program": program,
        "host": host or socket.gethostname(),
        "purpose": "window",
        "since": "2024-11-20T07:30:00",
    }
    lock_file.write_text(json.dumps(record), "utf-8")


@pytest.fixture
def sleeper() -> subprocess.Popen[bytes]:
    """A live process that is not this program (another executable)."""
    if sys.platform == "win32":
        command = [os.environ.get("COMSPEC", "cmd.exe"), "/c", "ping -n 60 127.0.0.1 >NUL"]
    else:
        command = ["sleep", "60"]
    process = subprocess.Popen(command)
    yield process
    process.kill()
    process.wait()


@pytest.mark.parametrize("native", [True, False])
def test_a_live_holder_is_refused_and_named(tmp_path: Path, native: bool) -> None:
    lock_file = tmp_path / "trungtam.lock"
    holder = hold(lock_file, "import", record=not native)
    try:
        lock = FolderLock(lock_file, "restore", native=native)
        assert not lock.try_acquire()
        seen = lock.holder()
        assert seen is not None and seen.pid == holder.pid and seen.purpose == "import"
        assert "lệnh “import”" in busy_message(tmp_path, seen)
    finally:
        stop(holder)


@pytest.mark.parametrize("native", [True, False])
def test_a_crashed_holder_does_not_block(tmp_path: Path, native: bool) -> None:
    lock_file = tmp_path / "trungtam.lock"
    stop(hold(lock_file, record=not native))
    assert read_holder(lock_file) is not None  # the crash left its record behind
    lock = FolderLock(lock_file, native=native)
    assert lock.try_acquire()
    assert read_holder(lock_file).pid == os.getpid()  # type: ignore[union-attr]
    lock.release()
    assert not lock_file.exists()


@pytest.mark.parametrize("native", [True, False])
def test_a_left_over_record_naming_this_very_process_is_stale(tmp_path: Path, native: bool) -> None:
    """After a power cut Windows gave the new program the id the old one recorded: same id, same program,
    (here even the same start time): since this process does not hold the lock, the record is a leftover."""
    lock_file = tmp_path / "trungtam.lock"
    me = processes.current()
    leftover(lock_file, me.pid, me.started, me.name)
    lock = FolderLock(lock_file, native=native)
    assert lock.try_acquire()
    lock.release()


@pytest.mark.parametrize("native", [True, False])
def test_a_record_naming_another_program_is_stale(
    tmp_path: Path, native: bool, sleeper: subprocess.Popen[bytes]
) -> None:
    """The recorded id now belongs to a live process of another program: the lock is stale."""
    lock_file = tmp_path / "trungtam.lock"
    leftover(lock_file, sleeper.pid, processes.process_info(sleeper.pid).started, processes.current().name)  # type: ignore[union-attr]
    lock = FolderLock(lock_file, native=native)
    assert lock.try_acquire()
    lock.release()


def test_a_record_naming_another_start_of_this_program_is_stale(tmp_path: Path) -> None:
    """The id belongs to a live process of this very program (same executable), started at another time
    than the one recorded: the id was reused, the lock is stale."""
    lock_file = tmp_path / "trungtam.lock"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = processes.process_info(other.pid)
        assert running is not None and running.name == processes.current().name
        leftover(lock_file, other.pid, (running.started or 0) + 12345, running.name)
        assert FolderLock(lock_file, native=False).try_acquire()
        # ... whereas the same record with the right start time is a live holder.
        leftover(lock_file, other.pid, running.started, running.name)
        assert not FolderLock(lock_file, native=False).try_acquire()
    finally:
        other.kill()
        other.wait()


def test_a_record_from_another_computer_is_respected(tmp_path: Path) -> None:
    """A shared folder opened on another PC cannot be checked from here: never taken over."""
    lock_file = tmp_path / "trungtam.lock"
    leftover(lock_file, 4, None, "trungtam-desktop.exe", host="may-khac-" + socket.gethostname())
    lock = FolderLock(lock_file, native=False)
    assert not lock.try_acquire()
    assert "trên máy may-khac-" in lock.holder().describe()  # type: ignore[union-attr]


@pytest.mark.parametrize("native", [True, False])
def test_one_holder_per_process_too(tmp_path: Path, native: bool) -> None:
    lock_file = tmp_path / "trungtam.lock"
    first = FolderLock(lock_file, native=native)
    assert first.try_acquire()
    assert not FolderLock(lock_file, native=native).try_acquire()
    first.release()
    assert FolderLock(lock_file, native=native).try_acquire()


def test_a_command_is_waited_for_and_a_window_is_not(tmp_path: Path) -> None:
    lock_file = tmp_path / "trungtam.lock"
    first = FolderLock(lock_file, "import")
    assert first.try_acquire()
    told: list[Holder | None] = []
    threading.Timer(0.5, first.release).start()
    second = FolderLock(lock_file, "restore")
    started = time.monotonic()
    assert second.acquire(wait=10, wait_for=lambda h: h is None or not h.is_window, on_wait=told.append)
    assert 0.3 < time.monotonic() - started < 5
    assert len(told) == 1 and told[0] is not None and told[0].purpose == "import"
    second.release()

    window = FolderLock(lock_file, "window")
    assert window.try_acquire()
    started = time.monotonic()
    waiting = FolderLock(lock_file, "import")
    assert not waiting.acquire(wait=10, wait_for=lambda h: h is None or not h.is_window)
    assert time.monotonic() - started < 1  # a window is not waited for: it stays open
    window.release()
