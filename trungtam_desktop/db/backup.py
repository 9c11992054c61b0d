"""Backups of the live SQLite database: made with SQLite's online backup API, verified, named, rotated.

Never a plain file copy: ``sqlite3.Connection.backup`` copies a consistent snapshot even while the program
(or another) has the database open, WAL content included. Every copy is written to ``*.partial`` first,
checked with ``PRAGMA integrity_check`` and for the schema revision of its source, then renamed into place,
so a half-written or damaged copy never looks like a backup.

File names say centre, date/time and why the copy was made, in ASCII only (USB drives formatted FAT32,
old zip tools): ``trungtam_<centre>_<YYYYmmdd-HHMMSS>_<kind>.sqlite``. Automatic and "before ..." copies
live in the data folder's ``backups/`` and are rotated (see ``rotate``); exported copies go wherever the
clerk chooses and are never rotated.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

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


def integrity_ok(path: Path) -> bool:
    """``PRAGMA integrity_check`` on a file, opened read-only; False for anything that is not sound."""
    return integrity_problem(path) is None


def integrity_problem(path: Path) -> str | None:
    """None when the file is a sound SQLite database, else a short reason (for the log and messages)."""
    if not looks_like_sqlite(path):
        return "không phải tệp cơ sở dữ liệu SQLite"
    if truncated(path):
        return "tệp bị cắt cụt (thiếu dữ liệu ở cuối tệp)"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return f"SQLite không đọc được tệp ({exc})"
    if rows == [("ok",)]:
        return None
    return "kiểm tra toàn vẹn thất bại: " + "; ".join(str(r[0]) for r in rows[:3])


def stored_revision(path: Path) -> str | None:
    """The Alembic revision stored in a database file (None when it has none). Read-only."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
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


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or the same with "-2", "-3"... after the time stamp when it is taken."""
    path = folder / name
    match = _NAME.match(name)
    seq = 2
    while path.exists() or path.with_name(path.name + ".partial").exists():
        if match:
            end = match.end("stamp")
            path = folder / f"{name[:end]}-{seq}{name[end:]}"
        else:
            path = folder / f"{Path(name).stem}-{seq}{Path(name).suffix}"
        seq += 1
    return path


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
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT centre_name FROM centre WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        return ""
    return str(row[0]) if row and row[0] else ""


# -- making a copy --------------------------------------------------------------------------------------
def backup_file(source: Path, destination: Path, *, progress: Progress | None = None) -> Path:
    """Copy ``source`` to ``destination`` with the online backup API and verify the copy.

    Safe while the program (or another) has the source open: SQLite copies a consistent snapshot.
    Raises ``BackupError`` (an ``OSError`` for a file system failure) when the copy cannot be written or fails
    its integrity or schema check; the bad copy is removed and ``destination`` is left as it was.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + ".partial")
    tmp.unlink(missing_ok=True)
    # Created here, so a folder that cannot be written is an OSError about that folder, not SQLite's
    # "unable to open database file" reported against the source database.
    tmp.open("xb").close()

    def step(_status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total, "Đang sao lưu dữ liệu…")

    try:
        with (
            contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
            contextlib.closing(sqlite3.connect(tmp)) as dst,
        ):
            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            dst.execute("PRAGMA journal_mode = DELETE")
        if progress:
            progress(0, 0, "Đang kiểm tra bản sao lưu…")
        problem = integrity_problem(tmp)
        if problem is None and stored_revision(tmp) != stored_revision(source):
            problem = "phiên bản lược đồ của bản sao khác với bản gốc"
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu {source}: {exc}.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if problem:
        tmp.unlink(missing_ok=True)
        raise BackupError(
            f"Bản sao lưu {destination.name} không đạt kiểm tra ({problem}); đã bỏ bản sao này."
        )
    tmp.replace(destination)
    return destination


def make_backup(
    database: Path,
    folder: Path,
    kind: str,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """A verified copy of ``database`` in ``folder``, named after the centre, the time and ``kind``."""
    if not database.is_file():
        raise BackupError(f"Không có cơ sở dữ liệu để sao lưu: {database}.")
    folder.mkdir(parents=True, exist_ok=True)
    name = backup_name(centre_name(database), now or datetime.now(), kind)
    return backup_file(database, free_name(folder, name), progress=progress)


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
    except sqlite3.DatabaseError:
        return False


# -- rotation -------------------------------------------------------------------------------------------
def retention(database: Path) -> dict[str, int]:
    """keep_daily / keep_monthly: the settings stored in the database, else the defaults."""
    values = {"keep_daily": KEEP_DAILY, "keep_monthly": KEEP_MONTHLY}
    keys = {SETTING_KEEP_DAILY: "keep_daily", SETTING_KEEP_MONTHLY: "keep_monthly"}
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
            rows = conn.execute(
                "SELECT key, value FROM app_setting WHERE key IN (?, ?)", tuple(keys)
            ).fetchall()
    except sqlite3.DatabaseError:
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
        path.unlink(missing_ok=True)
        deleted.append(path)
    return deleted
