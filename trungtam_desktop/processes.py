"""Who a process is: alive or not, its program's file name, and when it started.

Windows reuses process ids freely (a program killed by a power cut may find, after the restart, that its
own id or the id recorded in a lock now belongs to itself or to any other process). A process id alone
therefore never proves that the program that wrote it is still running: the program's name and its start
time must match too. Used by the data folder's lock (``folder_lock``) and by the sweep of temporary files
left by a crash (``db/backup.py``): a file owned by ``<pid>-<start>`` is an orphan once that exact process
is gone.

Linux reads ``/proc``; Windows asks the kernel through ``ctypes``; elsewhere only "alive" is known.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessInfo:
    """What can be learnt about a running process (``None``: this platform cannot tell)."""

    pid: int
    name: str | None  # the executable's file name ("trungtam-desktop.exe", "python3.11")
    started: int | None  # a start-time token, comparable only on the same machine


def _linux_info(pid: int) -> ProcessInfo | None:
    proc = Path(f"/proc/{pid}")
    try:
        stat = (proc / "stat").read_text("utf-8", "replace")
    except OSError:
        return None
    # "pid (comm) state ppid ..." – comm may hold spaces and parentheses: split after the last ")".
    fields = stat[stat.rfind(")") + 2 :].split()
    if fields and fields[0] == "Z":  # a zombie has exited: it holds nothing any more
        return None
    started = int(fields[19]) if len(fields) > 19 and fields[19].isdigit() else None
    name = None
    with contextlib.suppress(OSError):
        name = Path(os.readlink(proc / "exe")).name.removesuffix(" (deleted)")
    if name is None:
        with contextlib.suppress(OSError):
            name = (proc / "comm").read_text("utf-8", "replace").strip() or None
    return ProcessInfo(pid, name, started)


def _windows_info(pid: int) -> ProcessInfo | None:  # pragma: no cover - exercised by the Windows check
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    query_limited, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited, False, pid)
    if not handle:
        # Access denied means the process exists but belongs to someone else (or the system).
        return ProcessInfo(pid, None, None) if ctypes.get_last_error() == 5 else None
    try:
        code = wintypes.DWORD()
        if kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != still_active:
            return None
        created, exited, kernel, user = (wintypes.FILETIME() for _ in range(4))
        started = None
        if kernel32.GetProcessTimes(
            handle, ctypes.byref(created), ctypes.byref(exited), ctypes.byref(kernel), ctypes.byref(user)
        ):
            started = (created.dwHighDateTime << 32) | created.dwLowDateTime
        buffer = ctypes.create_unicode_buffer(32768)
        size = wintypes.DWORD(len(buffer))
        name = None
        if kernel32.QueryFullProcessImageNameW(handle, 0, buffer, ctypes.byref(size)):
            name = Path(buffer.value).name
        return ProcessInfo(pid, name, started)
    finally:
        kernel32.CloseHandle(handle)


def _posix_info(pid: int) -> ProcessInfo | None:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it exists, owned by another user
    except OSError:
        return None
    return ProcessInfo(pid, None, None)


def process_info(pid: int) -> ProcessInfo | None:
    """The running process ``pid``, or None when no such process runs (a zombie counts as gone)."""
    if pid <= 0:
        return None
    if sys.platform == "win32":
        return _windows_info(pid)
    if sys.platform.startswith("linux"):
        return _linux_info(pid)
    return _posix_info(pid)


def current() -> ProcessInfo:
    """This process (name and start time as another process would read them)."""
    return process_info(os.getpid()) or ProcessInfo(os.getpid(), None, None)


def owner_token() -> str:
    """``<pid>-<start>`` of this process, for names of temporary files (start 0 when unknown)."""
    me = current()
    return f"{me.pid}-{me.started or 0}"


def _same_name(one: str, other: str) -> bool:
    """Linux's ``comm`` keeps 15 characters of a name: compare no more than that."""
    return one.casefold()[:15] == other.casefold()[:15]


def is_same_process(pid: int, started: int | None, name: str | None = None) -> bool:
    """True while the process that recorded ``pid`` (started at ``started``, running ``name``) still runs.

    False when nothing runs under that id, or when what runs there now is another program (its name
    differs) or another start of the same program (its start time differs): the id was reused. Facts this
    platform cannot read (None on either side) are not held against the process.
    """
    running = process_info(pid)
    if running is None:
        return False
    if name and running.name and not _same_name(running.name, name):
        return False
    return not (started and running.started and running.started != started)


def owner_alive(token: str) -> bool:
    """For an ``owner_token()``: is that exact process still running? Malformed tokens count as gone."""
    pid_text, _, start_text = token.partition("-")
    if not pid_text.isdigit() or not start_text.isdigit():
        return False
    return is_same_process(int(pid_text), int(start_text) or None)
