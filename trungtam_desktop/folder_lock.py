"""One writer per data folder: ``trungtam.lock``, held by the window or by a command while it works.

The lock is the operating system's own file lock (``flock`` on POSIX, a byte-range lock on Windows), so a
program that crashes or loses power holds nothing any more: the next start takes the lock over whatever
the file says. The file also records who holds it (process id, start time, program, computer, and what it
is doing: the window or a command such as ``import``) so that a second program can say who to wait for.

Where the file system offers no locks (some network shares), the file's mere existence is the lock and the
record decides whether it is stale, with Windows' process-id reuse in mind: a record naming this very
process (when this process does not hold it), a process that no longer runs, or a process that is another
program or another start of this one (name or start time differ, see ``processes``) is a leftover.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trungtam_desktop import processes
from trungtam_desktop.domain.errors import DomainError

WINDOW = "window"
_WINDOWS = sys.platform == "win32"
_LOCK_OFFSET = 1 << 30  # Windows: the locked byte lies far beyond the record, which stays readable
_BUSY = {errno.EAGAIN, errno.EACCES, getattr(errno, "EWOULDBLOCK", errno.EAGAIN)}
_HELD_HERE: set[str] = set()  # lock files held by FolderLock objects of this process


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a data folder's lock, as its record says."""

    pid: int
    started: int | None
    program: str | None
    host: str
    purpose: str
    since: str

    @property
    def is_window(self) -> bool:
        return self.purpose == WINDOW

    def describe(self) -> str:
        """ "cửa sổ chương trình (tiến trình 1234, từ 07:30 ngày 20/11/2024)" and the like, in Vietnamese."""
        what = "cửa sổ chương trình" if self.is_window else f"lệnh “{self.purpose}” của chương trình"
        details = [f"tiến trình {self.pid}"]
        with contextlib.suppress(ValueError):
            details.append(f"từ {datetime.fromisoformat(self.since):%H:%M ngày %d/%m/%Y}")
        if self.host != socket.gethostname():
            details.append(f"trên máy {self.host}")
        return f"{what} ({', '.join(details)})"


class FolderBusyError(DomainError):
    """Another program holds the data folder's lock (the message says who and what to do)."""

    def __init__(self, message: str, holder: Holder | None) -> None:
        super().__init__(message)
        self.holder = holder


def busy_message(
    folder: Path, holder: Holder | None, *, waited: float = 0, again: str = "chạy lại lệnh"
) -> str:
    """Why a program cannot use ``folder`` now, and what to do (``again``: "chạy lại lệnh" for a command,
    "mở lại chương trình" for the window), in Vietnamese."""
    who = holder.describe() if holder else "một chương trình khác"
    text = f"Thư mục dữ liệu {folder} đang được {who} sử dụng"
    text += f"; đã chờ {round(waited)} giây." if waited >= 1 else "."
    text += " Mỗi lúc chỉ một chương trình được ghi vào thư mục dữ liệu, để không mất dữ liệu. "
    if holder is not None and holder.is_window:
        return text + f"Hãy đóng cửa sổ chương trình rồi {again}."
    return text + f"Hãy chờ việc đó xong rồi {again}."


def _record(purpose: str) -> bytes:
    me = processes.current()
    record = {
        "pid": me.pid,
        "started": me.started,
        "program": me.name,
        "host": socket.gethostname(),
        "purpose": purpose,
        "since": datetime.now().isoformat(timespec="seconds"),
    }
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def read_holder(lock_file: Path) -> Holder | None:
    """The record in ``lock_file`` (None when missing, empty or unreadable)."""
    try:
        return parse_holder(lock_file.read_bytes())
    except OSError:
        return None


def parse_holder(raw: bytes) -> Holder | None:
    try:
        data = json.loads(raw.decode("utf-8"))
        return Holder(
            int(data["pid"]),
            int(data["started"]) if data.get("started") else None,
            data.get("program") or None,
            str(data.get("host") or ""),
            str(data.get("purpose") or WINDOW),
            str(data.get("since") or ""),
        )
    except (ValueError, KeyError, TypeError):
        return None


def holder_is_alive(lock_file: Path, holder: Holder) -> bool:
    """Whether the record's process still holds the lock, judged from the record alone (no OS lock)."""
    if str(lock_file.resolve()) in _HELD_HERE:
        return True  # another FolderLock of this very process holds it
    if holder.host != socket.gethostname():
        return True  # a program on another computer (a shared folder): it cannot be checked from here
    if holder.pid == os.getpid():
        return False  # our own id, yet we do not hold it: a crashed program's id, reused for us
    return processes.is_same_process(holder.pid, holder.started, holder.program)


class FolderLock:
    """The lock of one data folder. ``purpose`` is ``"window"`` or the command's name (``"import"``...).

    ``native=False`` uses the record alone (as on a file system without locks); the default uses the
    operating system's lock and falls back to the record only where locks are not supported.
    """

    def __init__(self, lock_file: Path, purpose: str = WINDOW, *, native: bool = True) -> None:
        self.lock_file = lock_file
        self.purpose = purpose
        self._native = native
        self._fd: int | None = None
        self._mode = ""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> Holder | None:
        return read_holder(self.lock_file)

    # -- taking it -------------------------------------------------------------------------------------
    def try_acquire(self) -> bool:
        """Take the lock now if it is free (or held only by a crashed program); False when it is held."""
        if self._fd is not None:
            return True
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        if self._native:
            taken = self._try_native()
            if taken is not None:
                return taken
        return self._try_record()

    def acquire(
        self,
        *,
        wait: float = 0.0,
        wait_for: Callable[[Holder | None], bool] = lambda _holder: True,
        on_wait: Callable[[Holder | None], None] | None = None,
        poll: float = 0.2,
    ) -> bool:
        """Take the lock, waiting up to ``wait`` seconds while ``wait_for(holder)`` says the holder is worth
        waiting for (a command that will finish, not a window that stays open). ``on_wait`` is told once,
        before the first pause. False when still held."""
        deadline = time.monotonic() + wait
        told = False
        while True:
            if self.try_acquire():
                return True
            holder = self.holder()
            if time.monotonic() >= deadline or not wait_for(holder):
                return False
            if on_wait is not None and not told:
                on_wait(holder)
                told = True
            time.sleep(poll)

    def _try_native(self) -> bool | None:
        """True: taken; False: held by a live process; None: this file system has no locks."""
        for _attempt in range(5):
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
            fd = os.open(self.lock_file, flags, 0o644)
            try:
                _os_lock(fd)
            except OSError as exc:
                os.close(fd)
                if _WINDOWS or exc.errno in _BUSY:
                    return False
                return None  # ENOLCK, EOPNOTSUPP...: locks are not supported here
            if not _WINDOWS and not _same_file(fd, self.lock_file):
                # The holder removed the file between our open and our lock: lock the new one instead.
                _os_unlock(fd)
                os.close(fd)
                continue
            self._took(fd, "native")
            return True
        return False

    def _try_record(self) -> bool:
        for _attempt in range(3):
            try:
                fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))
            except FileExistsError:
                with contextlib.suppress(OSError):
                    judged = self.lock_file.read_bytes()
                    holder = parse_holder(judged)
                    if holder is None and _age(self.lock_file) < 5:
                        return False  # being written by a program that has just taken it
                    if holder is not None and holder_is_alive(self.lock_file, holder):
                        return False
                    _remove_stale(self.lock_file, judged)
                continue
            self._took(fd, "record")
            return True
        return False

    def _took(self, fd: int, mode: str) -> None:
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, _record(self.purpose))
            os.fsync(fd)
        except OSError:  # a full drive: give the lock back at once, then say why (the caller's error)
            with contextlib.suppress(OSError):
                self.lock_file.unlink()
            with contextlib.suppress(OSError):
                if mode == "native":
                    _os_unlock(fd)
            os.close(fd)
            raise
        self._fd, self._mode = fd, mode
        _HELD_HERE.add(str(self.lock_file.resolve()))

    # -- giving it back --------------------------------------------------------------------------------
    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _HELD_HERE.discard(str(self.lock_file.resolve()))
        if not _WINDOWS:  # removed while still locked, so no one locks a file that is about to vanish
            with contextlib.suppress(OSError):
                self.lock_file.unlink()
        with contextlib.suppress(OSError):
            if self._mode == "native":
                _os_unlock(fd)
        os.close(fd)
        if _WINDOWS:  # fails harmlessly while another program has it open to take it next
            with contextlib.suppress(OSError):
                self.lock_file.unlink()

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _os_lock(fd: int) -> None:
    if _WINDOWS:  # pragma: no cover - exercised by the Windows check
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _os_unlock(fd: int) -> None:
    if _WINDOWS:  # pragma: no cover - exercised by the Windows check
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    try:
        current = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 1e9


def _remove_stale(path: Path, judged: bytes) -> None:
    """Move a stale record out of the way under a unique name, then delete it. If what was moved is not
    the record judged stale (another program replaced it meanwhile), it is put back."""
    aside = path.with_name(f"{path.name}.cu-{processes.owner_token()}-{time.monotonic_ns()}")
    try:
        path.rename(aside)
    except OSError:
        return
    with contextlib.suppress(OSError):
        if aside.read_bytes() != judged and not path.exists():
            aside.rename(path)
            return
        aside.unlink()
