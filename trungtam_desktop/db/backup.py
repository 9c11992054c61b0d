"""Copies of a live SQLite database made with SQLite's online backup API, and checks of such files."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


def looks_like_sqlite(path: Path) -> bool:
    """True when the file starts with SQLite's header (cheap check before opening it)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def integrity_ok(path: Path) -> bool:
    """``PRAGMA integrity_check`` on a file, opened read-only; False for anything that is not sound."""
    if not looks_like_sqlite(path):
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]


def backup_file(source: Path, destination: Path) -> Path:
    """Copy ``source`` to ``destination`` with the online backup API and verify the copy.

    Safe while the program (or another) has the source open: SQLite copies a consistent snapshot.
    Raises ``OSError`` if the copy cannot be written or fails its integrity check (the bad copy is removed).
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + ".partial")
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        contextlib.closing(sqlite3.connect(tmp)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    if not integrity_ok(tmp):
        tmp.unlink(missing_ok=True)
        raise OSError(f"Bản sao lưu {destination} không vượt qua kiểm tra toàn vẹn.")
    tmp.replace(destination)
    return destination
