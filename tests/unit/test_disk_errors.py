"""Disk and OS failures told in Vietnamese, naming the right file (issue 15 finding 9), without a real disk."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from trungtam_desktop import disk_errors as de

ENGLISH = ("No space", "Read-only", "readonly", "Errno", "Permission denied", "disk I/O", "malformed")


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), de.FULL),
        (OSError(errno.EROFS, "Read-only file system"), de.READ_ONLY),
        (PermissionError(errno.EACCES, "Permission denied"), de.READ_ONLY),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), de.MISSING),
        (OSError(errno.EIO, "Input/output error"), de.IO),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory"), de.NOT_FOLDER),
        (sqlite3.OperationalError("database or disk is full"), de.FULL),
        (sqlite3.OperationalError("attempt to write a readonly database"), de.READ_ONLY),
        (sqlite3.OperationalError("disk I/O error"), de.IO),
        (sqlite3.DatabaseError("database disk image is malformed"), de.CORRUPT),
        (sqlite3.DatabaseError("file is not a database"), de.CORRUPT),
        (sqlite3.OperationalError("database is locked"), de.BUSY),
        (ValueError("not a disk failure"), None),
    ],
)
def test_failures_are_recognised(error: BaseException, kind: str | None) -> None:
    assert de.kind_of(error) == kind


def test_windows_error_codes_are_recognised() -> None:
    in_use = OSError(errno.EACCES, "The process cannot access the file")
    in_use.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION, as Windows sets it
    assert de.kind_of(in_use) == de.IN_USE
    full = OSError(errno.ENOSPC, "There is not enough space on the disk")
    full.winerror = 112  # type: ignore[attr-defined]
    assert de.kind_of(full) == de.FULL


def test_an_error_wrapped_by_sqlalchemy_or_chained_is_seen_through() -> None:
    wrapped = OperationalError("INSERT …", {}, sqlite3.OperationalError("database or disk is full"))
    assert de.kind_of(wrapped) == de.FULL
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device", "/media/usb/a.pdf")
        except OSError as exc:
            raise RuntimeError("writing failed") from exc
    except RuntimeError as outer:
        assert de.kind_of(outer) == de.FULL
        assert de.path_of(outer, None) == Path("/media/usb/a.pdf")
    assert de.is_corruption(sqlite3.DatabaseError("database disk image is malformed"))


@pytest.mark.parametrize(
    "kind",
    [de.FULL, de.READ_ONLY, de.MISSING, de.IN_USE, de.IO, de.CORRUPT, de.BUSY, de.BAD_NAME, de.NOT_FOLDER],
)
def test_every_message_is_vietnamese_and_names_the_file(kind: str) -> None:
    path = Path("E:/Sao lưu USB/trungtam.sqlite")
    text = de.describe(kind, path)
    assert str(path) in text and text.endswith(".") and not any(word in text for word in ENGLISH), text


def test_a_drive_that_is_gone_is_missing_not_read_only(tmp_path: Path) -> None:
    gone = tmp_path / "usb-da-rut" / "trungtam.sqlite"
    error = de.disk_error(sqlite3.OperationalError("unable to open database file"), gone)
    assert error.kind == de.MISSING and "Không tìm thấy" in error.message


def test_an_unknown_failure_still_names_the_file_in_vietnamese(tmp_path: Path) -> None:
    error = de.disk_error(OSError(errno.ELOOP, "Too many levels of symbolic links"), tmp_path / "a.pdf")
    assert error.kind is None and str(tmp_path / "a.pdf") in error.message
    assert "Too many" not in error.message and f"mã lỗi {errno.ELOOP}" in error.message
