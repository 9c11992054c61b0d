"""Backups of the live SQLite database: made with SQLite's online backup API, verified, named, rotated.

Never a plain file copy: ``sqlite3.Connection.backup`` copies a consistent snapshot even while the program
(or another) has the database open, WAL content included. Every copy is written to a temporary file owned by
this process first (``temp_files``), checked with ``PRAGMA integrity_check`` and for the schema revision of
its source, then published under its final name without replacing any file, so a half-written or damaged
copy never looks like a backup and two programs never write the same file.

File names say centre, date/time and why the copy was made, in ASCII only (USB drives formatted FAT32,
old zip tools): ``trungtam_<centre>_<YYYYmmdd-HHMMSS>_<kind>.sqlite``. Automatic and "before ..." copies
live in the data folder's ``backups/`` and are rotated (see ``rotate``); exported copies go wherever the
clerk chooses and are never rotated.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from trungtam_desktop.db import temp_files
from trungtam_desktop.disk_errors import CORRUPT, DiskError, disk_error, kind_of
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.vietnamese import fold

SQLITE_HEADER = b"SQLite format 3\x00"
SUFFIX = ".sqlite"
ENCRYPTED_SUFFIX = ".sqlite.enc"
PAGES_PER_STEP = 4096  # pages copied per backup step (16 MB at 4 KB pages), between progress reports

# Rotation defaults, overridable per database through the settings table (app_setting rows below).
KEEP_DAILY = 14
KEEP_MONTHLY = 12
SETTING_KEEP_DAILY = "backup.keep_daily"
SETTING_KEEP_MONTHLY = "backup.keep_monthly"

# Why a copy was made (the last part of its name) and how the restore list shows it.
KIND_AUTO = "tu-dong"
KIND_MANUAL = "thu-cong"
KIND_BEFORE_MIGRATION = "truoc-nang-cap"
KIND_BEFORE_RESTORE = "truoc-khoi-phuc"
KIND_LABELS = {
    KIND_AUTO: "Tự động khi mở chương trình",
    KIND_MANUAL: "Sao lưu thủ công",
    KIND_BEFORE_MIGRATION: "Trước khi nâng cấp dữ liệu",
    KIND_BEFORE_RESTORE: "Trước khi khôi phục",
    "truoc-nhap": "Trước khi nhập dữ liệu",
    "truoc-cap-gcn": "Trước khi cấp giấy chứng nhận hàng loạt",
}

_NAME = re.compile(
    r"^trungtam_(?P<centre>[a-z0-9-]*)_(?P<stamp>\d{8}-\d{6})(?:-(?P<seq>\d+))?_(?P<kind>[a-z0-9-]+)"
    r"(?P<suffix>\.sqlite(?:\.enc)?)$"
)
_STAMP = "%Y%m%d-%H%M%S"

Progress = Callable[[int, int, str], None]


class BackupError(DomainError):
    """A backup could not be made, or a file offered as a backup cannot be used (message in Vietnamese)."""


class HasDataPaths(Protocol):
    @property
    def database(self) -> Path: ...

    @property
    def backups(self) -> Path: ...


# -- cheap checks ---------------------------------------------------------------------------------------
def looks_like_sqlite(path: Path) -> bool:
    """True when the file starts with SQLite's header (cheap check before opening it)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def truncated(path: Path) -> bool:
    """True when the file is shorter than the page count its header records (a cut-off copy)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return True
    if len(header) < 100:
        return True
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages, valid_for = (struct.unpack(">I", header[o : o + 4])[0] for o in (24, 28, 92))
    if size % page_size:
        return True
    return bool(pages and change_counter == valid_for and size < pages * page_size)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path``. In a folder that cannot be written (a locked USB drive, a
    read-only share) SQLite cannot make the WAL index beside the file; the file is then read as immutable,
    which is what it is there — unless a WAL with commits lies beside it (a crash): those cannot be read
    without writing, and reading without them would be reading old data. Disk failures raise
    ``DiskError`` naming the file or folder."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.DatabaseError as exc:
        with contextlib.suppress(UnboundLocalError):
            conn.close()
        if kind_of(exc) == CORRUPT:
            raise
        wal = path.with_name(path.name + "-wal")
        hot = wal.exists() and wal.stat().st_size > 0  # commits SQLite must replay, which needs writing
        if path.parent.is_dir() and not os.access(path.parent, os.W_OK) and not hot:
            try:
                conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
                conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
                return conn
            except sqlite3.DatabaseError as again:
                if kind_of(again) == CORRUPT:
                    raise
        raise disk_error(exc, path) from exc


def check_writable(database: Path) -> None:
    """Raise ``DiskError`` when the program could not write ``database`` (a read-only file, a folder where
    SQLite cannot create its journal): found before any backup or change, not halfway through an import.
    A database that does not exist yet is fine when its folder can be written."""
    if not database.exists():
        if database.parent.is_dir() and not os.access(database.parent, os.W_OK):
            raise disk_error(
                PermissionError(13, "read-only", str(database.parent)), database.parent, "thư mục"
            )
        return
    try:
        with contextlib.closing(sqlite3.connect(database, timeout=10, isolation_level=None)) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            conn.execute("BEGIN IMMEDIATE")
            try:  # a write SQLite must check (BEGIN alone is allowed on a read-only file), rolled back
                conn.execute(f"PRAGMA user_version = {version}")
            finally:
                conn.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        if kind_of(exc) == CORRUPT:
            return  # damage is the start-up check's business, not a disk failure
        raise disk_error(exc, database) from exc


def integrity_ok(path: Path) -> bool:
    """``PRAGMA integrity_check`` on a file, opened read-only; False for anything that is not sound."""
    return integrity_problem(path) is None


def integrity_problem(path: Path) -> str | None:
    """None when the file is a sound SQLite database, else a short reason (for the log and messages)."""
    if not looks_like_sqlite(path):
        return "không phải tệp cơ sở dữ liệu SQLite"
    if truncated(path):
        return "tệp bị cắt cụt (thiếu dữ liệu ở cuối tệp)"
    return pragma_problem(path, "integrity_check")


def pragma_problem(path: Path, pragma: str) -> str | None:
    """``PRAGMA integrity_check`` or ``quick_check`` on ``path``: None when "ok", else the first findings.
    A file that cannot be read for a disk reason raises ``DiskError`` (that is not a damaged database)."""
    try:
        with contextlib.closing(connect_read_only(path)) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        if kind_of(exc) != CORRUPT:
            raise disk_error(exc, path) from exc
        return f"SQLite không đọc được tệp ({exc})"
    if rows == [("ok",)]:
        return None
    return "kiểm tra toàn vẹn thất bại: " + "; ".join(str(r[0]) for r in rows[:3])


def stored_revision(path: Path) -> str | None:
    """The Alembic revision stored in a database file (None when it has none). Read-only."""
    with contextlib.closing(connect_read_only(path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


# -- names ----------------------------------------------------------------------------------------------
def slug(text: str, limit: int = 40) -> str:
    """ASCII words joined by hyphens: "Trung tâm chính trị Đức Trọng" → "trung-tam-chinh-tri-duc-trong"."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return "-".join(words)[:limit].strip("-")


def backup_name(centre: str, when: datetime, kind: str, *, encrypted: bool = False) -> str:
    suffix = ENCRYPTED_SUFFIX if encrypted else SUFFIX
    return f"trungtam_{slug(centre)}_{when.strftime(_STAMP)}_{slug(kind) or KIND_MANUAL}{suffix}"


def name_candidates(folder: Path, name: str) -> list[Path]:
    """Where a backup called ``name`` may go: ``name``, then "-2", "-3"... after its time stamp."""
    match = _NAME.match(name)
    found = temp_files.candidates(folder, name, match.end("stamp") if match else None)
    return [next(found) for _ in range(1000)]


@dataclass(frozen=True)
class BackupName:
    centre: str
    created: datetime
    kind: str
    encrypted: bool

    @property
    def kind_label(self) -> str:
        if self.kind in KIND_LABELS:
            return KIND_LABELS[self.kind]
        for prefix, label in KIND_LABELS.items():
            if self.kind.startswith(prefix + "-"):
                return label
        return self.kind.replace("-", " ").capitalize()


def parse_backup_name(name: str) -> BackupName | None:
    match = _NAME.match(name)
    if not match:
        return None
    try:
        created = datetime.strptime(match["stamp"], _STAMP)
    except ValueError:
        return None
    return BackupName(match["centre"], created, match["kind"], match["suffix"] == ENCRYPTED_SUFFIX)


def centre_name(path: Path) -> str:
    """The centre's name stored in a database file ("" when unreadable)."""
    try:
        with contextlib.closing(connect_read_only(path)) as conn:
            row = conn.execute("SELECT centre_name FROM centre WHERE id = 1").fetchone()
    except (sqlite3.DatabaseError, DiskError):
        return ""
    return str(row[0]) if row and row[0] else ""


# -- making a copy --------------------------------------------------------------------------------------
def backup_file(
    source: Path,
    destination: Path,
    *,
    progress: Progress | None = None,
    exclusive: bool = False,
    source_connection: sqlite3.Connection | None = None,
) -> Path:
    """Copy ``source`` to ``destination`` with the online backup API, verify the copy, return where it went.

    Safe while the program (or another) has the source open: SQLite copies a consistent snapshot
    (``source_connection``: copy through a connection the caller holds, e.g. inside its read transaction).
    ``exclusive``: never replace an existing file; a taken name gets "-2", "-3"... Raises ``BackupError``
    when the copy fails its integrity or schema check or the source is damaged, and ``DiskError`` naming
    the destination (its drive full, read-only, gone) or the source (unreadable); nothing is left behind.
    """
    folder = destination.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = temp_files.temporary(folder, "sao-luu")
        tmp.open("xb").close()  # a folder that cannot be written fails here, about that folder
    except OSError as exc:
        raise disk_error(exc, folder, "thư mục") from exc

    def step(_status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total, "Đang sao lưu dữ liệu…")

    try:
        src = source_connection or connect_read_only(source)
        try:
            with contextlib.closing(sqlite3.connect(tmp)) as dst:
                try:
                    src.backup(dst, pages=PAGES_PER_STEP, progress=step)
                    dst.execute("PRAGMA journal_mode = DELETE")
                except sqlite3.DatabaseError as exc:
                    if kind_of(exc) == CORRUPT:
                        raise BackupError(
                            f"Không sao lưu được: cơ sở dữ liệu {source} bị hỏng ({exc})."
                        ) from exc
                    raise disk_error(exc, folder, "thư mục") from exc
        finally:
            if source_connection is None:
                src.close()
        if progress:
            progress(0, 0, "Đang kiểm tra bản sao lưu…")
        problem = integrity_problem(tmp)
        if problem is None and stored_revision(tmp) != _revision(source, source_connection):
            problem = "phiên bản lược đồ của bản sao khác với bản gốc"
        if problem:
            raise BackupError(
                f"Bản sao lưu {destination.name} không đạt kiểm tra ({problem}); đã bỏ bản sao này."
            )
        if exclusive:
            return temp_files.publish(tmp, name_candidates(folder, destination.name))
        os.replace(tmp, destination)
        return destination
    except OSError as exc:
        raise disk_error(exc, folder, "thư mục") from exc
    finally:
        temp_files.remove(tmp)  # gone already once published or renamed


def _revision(source: Path, connection: sqlite3.Connection | None) -> str | None:
    if connection is None:
        return stored_revision(source)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in tables:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def make_backup(
    database: Path,
    folder: Path,
    kind: str,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    source_connection: sqlite3.Connection | None = None,
) -> Path:
    """A verified copy of ``database`` in ``folder``, named after the centre, the time and ``kind``."""
    if not database.is_file():
        raise BackupError(f"Không có cơ sở dữ liệu để sao lưu: {database}.")
    name = backup_name(centre_name(database), now or datetime.now(), kind)
    return backup_file(
        database, folder / name, progress=progress, exclusive=True, source_connection=source_connection
    )


def backup_before(paths: HasDataPaths, reason: str, *, progress: Progress | None = None) -> Path | None:
    """Called by features before an import, a bulk certificate issue or any other large change.

    ``reason`` is a short word for the file name ("nhap", "cap-gcn" → "truoc-nhap", "truoc-cap-gcn").
    Returns the verified copy in the data folder's ``backups/`` (None when there is no database yet).
    Raises ``BackupError``: the caller should not go ahead without its safety copy.
    """
    if not paths.database.is_file():
        return None
    kind = reason if slug(reason).startswith("truoc-") else f"truoc-{reason}"
    path = make_backup(paths.database, paths.backups, kind, progress=progress)
    rotate(paths.backups, **retention(paths.database))
    return path


def backed_up_today(folder: Path, today: date, kind: str = KIND_AUTO) -> bool:
    for entry in folder.glob(f"trungtam_*{SUFFIX}") if folder.is_dir() else ():
        parsed = parse_backup_name(entry.name)
        if parsed and parsed.kind == kind and parsed.created.date() == today:
            return True
    return False


def daily_backup(
    paths: HasDataPaths, *, now: datetime | None = None, progress: Progress | None = None
) -> Path | None:
    """The start-up backup: at most one a day, then rotation. None when today's copy exists already."""
    now = now or datetime.now()
    if not paths.database.is_file() or backed_up_today(paths.backups, now.date()):
        return None
    if paths.database.stat().st_size == 0 or not _has_revision(paths.database):
        return None  # a new empty file, or not this program's database (migrate refuses it): nothing to keep
    path = make_backup(paths.database, paths.backups, KIND_AUTO, now=now, progress=progress)
    rotate(paths.backups, now=now, **retention(paths.database))
    return path


def _has_revision(path: Path) -> bool:
    try:
        return stored_revision(path) is not None
    except (sqlite3.DatabaseError, DiskError):
        return False


def last_backup(folder: Path) -> datetime | None:
    """When the newest backup in ``folder`` was made (every one was verified before it got its name)."""
    times = []
    for entry in folder.glob("trungtam_*") if folder.is_dir() else ():
        parsed = parse_backup_name(entry.name)
        if parsed is not None:
            times.append(parsed.created)
    return max(times, default=None)


# -- rotation -------------------------------------------------------------------------------------------
def retention(database: Path) -> dict[str, int]:
    """keep_daily / keep_monthly: the settings stored in the database, else the defaults."""
    values = {"keep_daily": KEEP_DAILY, "keep_monthly": KEEP_MONTHLY}
    keys = {SETTING_KEEP_DAILY: "keep_daily", SETTING_KEEP_MONTHLY: "keep_monthly"}
    try:
        with contextlib.closing(connect_read_only(database)) as conn:
            rows = conn.execute(
                "SELECT key, value FROM app_setting WHERE key IN (?, ?)", tuple(keys)
            ).fetchall()
    except (sqlite3.DatabaseError, DiskError):
        return values
    for key, value in rows:
        with contextlib.suppress(ValueError, TypeError):
            number = int(str(value).strip('"'))
            if number >= 1:
                values[keys[key]] = number
    return values


def rotate(
    folder: Path,
    *,
    keep_daily: int = KEEP_DAILY,
    keep_monthly: int = KEEP_MONTHLY,
    now: datetime | None = None,
) -> list[Path]:
    """Delete old backups in ``folder``; returns what was deleted.

    Kept: every copy made on the ``keep_daily`` most recent days that have copies (so the copy made before
    an import this morning is still there to undo it), and the newest copy of each of the ``keep_monthly``
    most recent months. Files whose names are not ours are never touched, nor is anything dated in the
    future (a wrong clock), and the newest copy always stays.
    """
    limit = now or datetime.now()
    entries: list[tuple[datetime, Path]] = []
    for path in folder.glob("trungtam_*") if folder.is_dir() else ():
        parsed = parse_backup_name(path.name)
        if parsed and path.is_file() and parsed.created <= limit:
            entries.append((parsed.created, path))
    if not entries:
        return []
    entries.sort(reverse=True)
    days = sorted({created.date() for created, _ in entries}, reverse=True)[:keep_daily]
    months: dict[tuple[int, int], Path] = {}
    for created, path in entries:
        months.setdefault((created.year, created.month), path)
    kept_months = set(list(months.values())[:keep_monthly])
    deleted = []
    for index, (created, path) in enumerate(entries):
        if index == 0 or created.date() in days or path in kept_months:
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError:  # a copy that cannot be deleted now is tried again after the next backup
            continue
        deleted.append(path)
    return deleted
