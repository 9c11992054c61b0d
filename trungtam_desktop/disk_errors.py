"""Disk and operating-system failures told in Vietnamese: which file, what happened, what to do.

A raw ``[Errno 28] No space left on device``, ``attempt to write a readonly database`` or ``Broken pipe``
means nothing to a clerk, and naming the wrong file (the live database when the USB drive was full) sends
them the wrong way. ``kind_of`` recognises the failure from an ``OSError`` or an SQLite error (also when
SQLAlchemy wraps it); ``disk_error`` turns it into a ``DiskError`` whose message names the file the failure
is about and the next step.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from trungtam_desktop.domain.errors import DomainError

FULL, READ_ONLY, MISSING, IN_USE, IO, CORRUPT, BUSY, BAD_NAME, NOT_FOLDER = (
    "full", "read_only", "missing", "in_use", "io", "corrupt", "busy", "bad_name", "not_folder",
)  # fmt: skip

_ERRNO = {
    errno.ENOSPC: FULL,
    getattr(errno, "EDQUOT", -1): FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.ENOENT: MISSING,
    errno.ENODEV: MISSING,
    errno.ENXIO: MISSING,
    errno.EIO: IO,
    errno.ENAMETOOLONG: BAD_NAME,
    errno.EINVAL: BAD_NAME,
    errno.ENOTDIR: NOT_FOLDER,
    errno.EEXIST: NOT_FOLDER,
}
_WINERROR = {
    32: IN_USE,
    33: IN_USE,
    112: FULL,
    39: FULL,
    5: READ_ONLY,
    19: READ_ONLY,
    21: MISSING,
    3: MISSING,
}
# SQLite's result codes (Python ≥ 3.11 names them on the exception), then its messages as a fallback.
_SQLITE_NAMES = {
    "SQLITE_FULL": FULL,
    "SQLITE_READONLY": READ_ONLY,
    "SQLITE_CANTOPEN": READ_ONLY,
    "SQLITE_IOERR": IO,
    "SQLITE_CORRUPT": CORRUPT,
    "SQLITE_NOTADB": CORRUPT,
    "SQLITE_BUSY": BUSY,
    "SQLITE_LOCKED": BUSY,
}
_SQLITE_TEXT = (
    ("database or disk is full", FULL),
    ("readonly database", READ_ONLY),
    ("unable to open database file", READ_ONLY),
    ("disk i/o error", IO),
    ("malformed", CORRUPT),
    ("file is not a database", CORRUPT),
    ("database is locked", BUSY),
)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, what it wraps (SQLAlchemy's ``orig``) and its causes, once each."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        todo.extend([getattr(current, "orig", None), current.__cause__, current.__context__])
    return seen


def kind_of(exc: BaseException) -> str | None:
    """What kind of disk or file failure ``exc`` is (None: not one)."""
    for current in _chain(exc):
        if isinstance(current, OSError):
            winerror = getattr(current, "winerror", None)
            if winerror in _WINERROR:
                return _WINERROR[winerror]
            if current.errno in _ERRNO:
                return _ERRNO[current.errno]
        name = getattr(current, "sqlite_errorname", None)
        if isinstance(name, str):
            for prefix, kind in _SQLITE_NAMES.items():
                if name.startswith(prefix):
                    return kind
        if type(current).__module__.startswith("sqlite3"):
            text = str(current).casefold()
            for fragment, kind in _SQLITE_TEXT:
                if fragment in text:
                    return kind
    return None


def path_of(exc: BaseException, default: Path | None) -> Path | None:
    """The file an ``OSError`` names, else ``default`` (an SQLite error is about the database)."""
    for current in _chain(exc):
        filename = getattr(current, "filename", None) if isinstance(current, OSError) else None
        if filename:
            return Path(filename)
    return default


def is_corruption(exc: BaseException) -> bool:
    """SQLite says the database file is damaged ("malformed", "not a database")."""
    return kind_of(exc) == CORRUPT


class DiskError(DomainError):
    """A disk or file-system failure, with a message naming ``path`` and what to do."""

    def __init__(self, message: str, path: Path | None, kind: str | None) -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind


def _folder_read_only(path: Path) -> bool:
    folder = path if path.is_dir() else path.parent
    return folder.exists() and not os.access(folder, os.W_OK)


def _no_room(path: Path) -> bool:
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < 256 * 1024
    except OSError:
        return False


def describe(kind: str | None, path: Path | None, what: str = "tệp") -> str:
    """The Vietnamese sentence for a failure of ``kind`` about ``path`` (``what``: "tệp", "thư mục"...)."""
    where = f"{what} {path}" if path is not None else what
    if kind == FULL:
        return (
            f"Ổ đĩa chứa {where} đã đầy, không ghi thêm được. Hãy giải phóng chỗ trống trên ổ đó (xóa bớt "
            "tệp không cần, dọn Thùng rác) hoặc chọn ổ khác, rồi thử lại."
        )
    if kind == READ_ONLY:
        return (
            f"Không ghi được vào {where}: chỉ được phép đọc (thuộc tính “Chỉ đọc”, USB/thẻ nhớ gạt khóa ghi, "
            "hoặc tài khoản Windows này không có quyền ghi). Hãy bỏ chế độ chỉ đọc hoặc nhờ người quản trị "
            "máy cấp quyền ghi, rồi thử lại."
        )
    if kind == MISSING:
        return (
            f"Không tìm thấy {where}. Ổ USB hay ổ mạng đã được cắm, kết nối chưa? Hãy kiểm tra rồi thử lại."
        )
    if kind == IN_USE:
        return (
            f"{where[0].upper()}{where[1:]} đang được một chương trình khác mở (Excel, trình xem PDF, "
            "phần mềm diệt virus…). Hãy đóng chương trình đó rồi thử lại."
        )
    if kind == IO:
        return (
            f"Lỗi đọc/ghi ổ đĩa khi dùng {where} (ổ USB bị rút ra, ổ mạng mất kết nối hoặc ổ đĩa bị lỗi). "
            "Hãy kiểm tra ổ đĩa rồi thử lại."
        )
    if kind == CORRUPT:
        return (
            f"Tệp cơ sở dữ liệu {path} bị hỏng. Hãy đóng chương trình rồi mở lại: chương trình sẽ kiểm tra "
            "và đề nghị khôi phục bản sao lưu tốt mới nhất."
        )
    if kind == BUSY:
        return f"Cơ sở dữ liệu {path} đang bận (một chương trình khác đang ghi). Hãy chờ một lát rồi thử lại."
    if kind == NOT_FOLDER:
        return (
            f"Không ghi được vào {where}: trên đường dẫn đó có một tệp trùng tên chỗ lẽ ra là thư mục. "
            "Hãy chọn thư mục khác."
        )
    if kind == BAD_NAME:
        return f"Tên {where} không hợp lệ hoặc quá dài. Hãy chọn tên hay thư mục khác."
    return f"Không dùng được {where}."


def disk_error(exc: BaseException, path: Path | None, what: str = "tệp") -> DiskError:
    """``exc`` as a ``DiskError`` about ``path``. A "cannot open" in a folder that cannot be written is
    about the folder (SQLite must create its journal there), never a damaged file."""
    kind = kind_of(exc)
    if kind == READ_ONLY and path is not None and not path.exists() and not path.parent.exists():
        kind = MISSING  # "unable to open database file" where the folder is gone: a drive pulled out
    elif kind == READ_ONLY and path is not None and _folder_read_only(path):
        path, what = (path if path.is_dir() else path.parent), "thư mục"
    elif kind in (IO, READ_ONLY) and path is not None and _no_room(path):
        kind = FULL  # SQLite could not make its journal or index file: the drive is full
    message = describe(kind, path, what)
    if kind is None:
        code = getattr(exc, "errno", None)
        message = f"{message} (mã lỗi {code})" if code else f"{message} ({type(exc).__name__})"
    return DiskError(message, path, kind)
