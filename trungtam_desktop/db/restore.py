"""Checking a file offered as a backup, restoring it into place, and the damaged-database check at start.

The seam with the program: ``restore_database`` and ``recover_from_backup`` must run while nothing has the
database open (the program disposes its engine first; the window is closed and reopened around it). They
never delete a user's file: the current database is backed up first, or, when it is damaged, renamed aside
with a time stamp (``trungtam.sqlite.hong-YYYYmmdd-HHMMSS``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from trungtam_desktop.db.backup import (
    ENCRYPTED_SUFFIX,
    KIND_BEFORE_RESTORE,
    SUFFIX,
    BackupError,
    HasDataPaths,
    Progress,
    backup_file,
    centre_name,
    daily_backup,
    integrity_problem,
    looks_like_sqlite,
    make_backup,
    parse_backup_name,
    truncated,
)
from trungtam_desktop.db.backup_crypto import decrypt_file, is_encrypted
from trungtam_desktop.db.migrate import SCHEMA_REVISION, known_revisions, migrate

log = logging.getLogger(__name__)

# Tables every database of this program has; a SQLite file without them is someone else's.
REQUIRED_TABLES = frozenset({"alembic_version", "training_class", "learner", "certificate", "centre"})


class PasswordNeededError(BackupError):
    """The file is an encrypted backup and no password was given."""


@dataclass(frozen=True)
class DatabaseSummary:
    """What a sound database or backup file holds (read from the file itself)."""

    path: Path
    revision: str
    size: int
    centre: str
    classes: int
    learners: int
    certificates: int

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != SCHEMA_REVISION


def _refuse(path: Path, why: str) -> BackupError:
    return BackupError(f"Không dùng được tệp “{path.name}”: {why}. Dữ liệu hiện tại không bị thay đổi.")


def inspect_database(path: Path, *, full_check: bool = True) -> DatabaseSummary:
    """Check that ``path`` is a sound database of this program that this version can open; count its rows.

    Raises ``BackupError`` with the reason in Vietnamese: missing, empty, encrypted (``PasswordNeededError``),
    not SQLite, cut off, damaged, another program's SQLite file, or made by a newer version.
    """
    if not path.is_file():
        raise _refuse(path, "không tìm thấy tệp")
    size = path.stat().st_size
    if size == 0:
        raise _refuse(path, "tệp trống (0 byte), không chứa dữ liệu nào")
    if is_encrypted(path):
        raise PasswordNeededError(f"Tệp “{path.name}” đã được mã hóa; hãy nhập mật khẩu để mở.")
    if not looks_like_sqlite(path):
        raise _refuse(path, "đây không phải tệp sao lưu hay cơ sở dữ liệu của chương trình")
    if truncated(path):
        raise _refuse(path, "tệp bị cắt cụt (chép chưa xong hoặc ổ đĩa bị lỗi)")
    problem = integrity_problem(path) if full_check else None
    if problem:
        raise _refuse(path, f"tệp bị hỏng ({problem})")
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables >= REQUIRED_TABLES:
                raise _refuse(path, "đây là một cơ sở dữ liệu SQLite khác, không phải của chương trình này")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else ""
            if revision != SCHEMA_REVISION and revision not in known_revisions():
                raise _refuse(
                    path,
                    f"tệp được tạo bởi phiên bản chương trình mới hơn (lược đồ {revision or 'không rõ'}); "
                    "hãy cài phiên bản mới nhất của chương trình rồi khôi phục lại",
                )
            counts = [
                conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("training_class", "learner", "certificate")
            ]
    except sqlite3.DatabaseError as exc:
        raise _refuse(path, f"tệp bị hỏng (SQLite: {exc})") from exc
    return DatabaseSummary(path, revision, size, centre_name(path), *counts)


def _wal_files(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def set_aside_damaged(database: Path, *, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its WAL files, kept as a pair) out of the way; returns its new path."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = database.with_name(f"{database.name}.hong-{stamp}")
    seq = 2
    while target.exists():
        target = database.with_name(f"{database.name}.hong-{stamp}-{seq}")
        seq += 1
    for extra in _wal_files(database):
        if extra.exists():
            extra.replace(target.with_name(target.name + extra.name[len(database.name) :]))
    database.replace(target)
    log.warning("Damaged database %s set aside as %s", database, target)
    return target


@dataclass(frozen=True)
class RestoreResult:
    summary: DatabaseSummary
    safety_copy: Path | None  # the database as it was before the restore (verified copy)
    set_aside: Path | None  # the damaged database, renamed, when it could not be copied
    migrated_from: str | None


def open_backup(source: Path, work_dir: Path, password: str | None, progress: Progress | None = None) -> Path:
    """``source`` itself, or its decrypted copy in ``work_dir`` (the caller deletes it)."""
    if not is_encrypted(source):
        return source
    if not password:
        raise PasswordNeededError(f"Tệp “{source.name}” đã được mã hóa; hãy nhập mật khẩu để mở.")
    work_dir.mkdir(parents=True, exist_ok=True)
    plain = work_dir / f".giai-ma-{os.getpid()}-{datetime.now():%H%M%S%f}{SUFFIX}"
    return decrypt_file(source, plain, password, progress=progress)


def preview_backup(source: Path, work_dir: Path, password: str | None = None) -> DatabaseSummary:
    """The counts of a backup file (decrypted into ``work_dir`` when needed), with every check of restore."""
    plain = open_backup(source, work_dir, password)
    try:
        summary = inspect_database(plain)
    finally:
        if plain != source:
            plain.unlink(missing_ok=True)
    return replace(summary, path=source)


def restore_database(
    source: Path,
    paths: HasDataPaths,
    *,
    password: str | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Replace the data folder's database with the backup ``source``; nothing may have the database open.

    Order: decrypt if needed → the cheap checks of the backup (not ours, too new, cut off: refused, nothing
    changes) → the backup API copies it into a staging file beside the database, and that copy gets the full
    integrity check (a damaged backup is refused here, still before anything changes; one full check, not a
    second one of the source) → verified copy of the current database into ``backups/`` (a damaged current
    file is renamed aside instead) → the staging file replaces the database (an atomic rename) → migrate
    when the backup is from an older version.
    """
    database = paths.database
    plain = open_backup(source, paths.backups, password, progress)
    staged = database.with_name(database.name + ".restoring")
    try:
        if progress:
            progress(0, 0, "Đang kiểm tra tệp sao lưu…")
        summary = inspect_database(plain, full_check=False)
        staged.unlink(missing_ok=True)
        try:
            backup_file(plain, staged, progress=progress)
        except BackupError as exc:
            log.warning("Backup %s refused: %s", source, exc.message)
            raise _refuse(source, "tệp bị hỏng (không qua được kiểm tra toàn vẹn)") from exc
        safety_copy = set_aside = None
        if database.exists() and database.stat().st_size > 0:
            try:
                safety_copy = make_backup(database, paths.backups, KIND_BEFORE_RESTORE, progress=progress)
            except BackupError as exc:
                log.warning("Current database cannot be copied before restore (%s); setting it aside", exc)
                set_aside = set_aside_damaged(database)
        if progress:
            progress(0, 0, "Đang khôi phục dữ liệu…")
        for extra in _wal_files(database):  # stale WAL pages must never be applied to the restored file
            extra.unlink(missing_ok=True)
        staged.replace(database)
    finally:
        staged.unlink(missing_ok=True)
        if plain != source:
            plain.unlink(missing_ok=True)
    migrated_from = None
    if summary.needs_upgrade:
        if progress:
            progress(0, 0, "Đang nâng cấp dữ liệu đã khôi phục…")
        migrated_from = migrate(database, paths.backups).from_revision
    log.info("Restored %s into %s (safety copy %s, set aside %s)", source, database, safety_copy, set_aside)
    return RestoreResult(summary, safety_copy, set_aside, migrated_from)


# -- at start -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StartCheck:
    """The database's state at start: ``damaged`` carries a Vietnamese ``problem``."""

    damaged: bool
    problem: str = ""
    daily_backup: Path | None = None


def _backups_newest_first(folder: Path) -> list[Path]:
    found = []
    for path in folder.glob(f"trungtam_*{SUFFIX}") if folder.is_dir() else ():
        parsed = parse_backup_name(path.name)
        if parsed and not path.name.endswith(ENCRYPTED_SUFFIX):
            found.append((parsed.created, path.stat().st_mtime_ns, path))
    return [path for _created, _name, path in sorted(found, reverse=True)]


def quick_problem(database: Path, backups: Path) -> str | None:
    """Cheap checks of the database at start (no full scan). None when it looks sound or does not exist."""
    if not database.exists():
        return None
    if database.stat().st_size == 0:
        # A new, empty file is fine; a zeroed file where backups exist means the data was lost.
        return "tệp cơ sở dữ liệu trống (0 byte)" if _backups_newest_first(backups) else None
    if not looks_like_sqlite(database):
        return "tệp cơ sở dữ liệu không còn là tệp SQLite (có thể bị ghi đè hoặc bị virus phá)"
    if truncated(database):
        return "tệp cơ sở dữ liệu bị cắt cụt (thiếu phần cuối)"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return f"SQLite không đọc được tệp ({exc})"
    return None


def check_at_start(
    paths: HasDataPaths, *, now: datetime | None = None, progress: Progress | None = None
) -> StartCheck:
    """Cheap checks, then the daily backup, whose copy gets the full integrity check.

    A copy that fails its check makes us check the database itself: a damage found there is reported, not
    repaired. A file that is sound but not ours, or too new, is left to ``migrate`` to refuse.
    """
    problem = quick_problem(paths.database, paths.backups)
    if problem:
        return StartCheck(True, problem)
    try:
        made = daily_backup(paths, now=now, progress=progress)
    except BackupError as exc:
        deep = integrity_problem(paths.database)
        if deep:
            return StartCheck(True, deep)
        log.warning("Daily backup failed: %s", exc.message)
        return StartCheck(False)
    except OSError as exc:  # a full disk or a read-only backup folder must not stop the program
        log.warning("Daily backup failed: %s", exc)
        return StartCheck(False)
    return StartCheck(False, daily_backup=made)


def newest_good_backup(folder: Path) -> DatabaseSummary | None:
    """The newest backup in ``folder`` that passes every check of restore (None when there is none)."""
    for path in _backups_newest_first(folder):
        try:
            return inspect_database(path)
        except BackupError as exc:
            log.warning("Backup %s is not usable: %s", path, exc.message)
    return None


def recover_from_backup(
    paths: HasDataPaths, backup: Path, *, progress: Progress | None = None
) -> RestoreResult:
    """Set the damaged database aside (renamed, never deleted), then restore ``backup`` into its place."""
    set_aside = set_aside_damaged(paths.database) if paths.database.exists() else None
    result = restore_database(backup, paths, progress=progress)
    return RestoreResult(result.summary, result.safety_copy, set_aside, result.migrated_from)
