"""Checking a file offered as a backup, and restoring it into place.

The seam with the program: ``restore_database`` runs while this program holds the data folder's lock and
has closed its own engine (the window is closed and reopened around it); it checks at the SQLite level that
no other program has the database open, and refuses otherwise. It never deletes a user's file nor a
committed transaction: the live database is checkpointed and copied (in one read transaction no writer
can get past) before the swap, or, when it is damaged, renamed aside with a time stamp
(``trungtam.sqlite.hong-YYYYmmdd-HHMMSS``). Every step before the final rename works on files of its own;
the rename is atomic: a restore killed at any moment leaves either the old database or the new one whole,
and its temporary files are removed at the next start (``temp_files.sweep``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from trungtam_desktop.db import temp_files
from trungtam_desktop.db.backup import (
    KIND_BEFORE_RESTORE,
    BackupError,
    HasDataPaths,
    Progress,
    backup_file,
    centre_name,
    check_writable,
    connect_read_only,
    integrity_problem,
    looks_like_sqlite,
    make_backup,
    truncated,
)
from trungtam_desktop.db.backup_crypto import decrypt_file, is_encrypted
from trungtam_desktop.db.migrate import SCHEMA_REVISION, known_revisions, migrate
from trungtam_desktop.disk_errors import BUSY, CORRUPT, disk_error, kind_of

log = logging.getLogger(__name__)

# Called with the staged file and the copy (or set-aside file) of the database it replaces.
BeforeSwap = Callable[[Path, Path | None], None]

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
        with contextlib.closing(connect_read_only(path)) as conn:
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
        if kind_of(exc) != CORRUPT:
            raise disk_error(exc, path) from exc
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


IN_USE = (
    "Một chương trình khác đang mở cơ sở dữ liệu {database} (có thể là một cửa sổ chương trình hay một lệnh "
    "chạy từ dòng lệnh, hoặc một công cụ xem SQLite). Hãy đóng chương trình đó rồi khôi phục lại. "
    "Dữ liệu hiện tại không bị thay đổi."
)


def open_backup(source: Path, work_dir: Path, password: str | None, progress: Progress | None = None) -> Path:
    """``source`` itself, or its decrypted copy (a temporary file in ``work_dir`` that the caller removes
    with ``temp_files.remove`` as soon as it is done; one left by a crash is swept at the next start)."""
    if not is_encrypted(source):
        return source
    if not password:
        raise PasswordNeededError(f"Tệp “{source.name}” đã được mã hóa; hãy nhập mật khẩu để mở.")
    try:
        work_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, work_dir, "thư mục") from exc
    plain = temp_files.temporary(work_dir, "giai-ma")
    try:
        return decrypt_file(source, plain, password, progress=progress)
    except OSError as exc:
        raise disk_error(exc, work_dir, "thư mục") from exc


def preview_backup(source: Path, work_dir: Path, password: str | None = None) -> DatabaseSummary:
    """The counts of a backup file (decrypted into ``work_dir`` when needed), with every check of restore."""
    plain = open_backup(source, work_dir, password)
    try:
        summary = inspect_database(plain)
    finally:
        if plain != source:
            temp_files.remove(plain)
    return replace(summary, path=source)


def restore_database(
    source: Path,
    paths: HasDataPaths,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    before_swap: BeforeSwap | None = None,
) -> RestoreResult:
    """Replace the data folder's database with the backup ``source``.

    1. Decrypt if needed (a temporary file, removed as soon as it is copied) and make the cheap checks (not
       ours, too new, cut off: refused, nothing changes).
    2. Stage: the backup API copies it beside the database and the copy gets the full integrity check (a
       damaged backup is refused here); an older schema is migrated there.
    3. Swap (``_swap``): checkpoint the live database and check that nothing else has it open; copy it to
       ``backups/`` inside one read transaction; ``before_swap(staged, previous)`` writes the audit entry
       into the staged file (``previous``: that copy, or the damaged file set aside), so the restore and
       its record arrive together; the staged file is renamed over the database (atomic).
    """
    database = paths.database
    check_writable(database)  # a read-only file or folder: said now, before any work
    staged = temp_files.temporary(database.parent, "khoi-phuc")
    plain = open_backup(source, paths.backups, password, progress)
    migrated_from = None
    try:
        if progress:
            progress(0, 0, "Đang kiểm tra tệp sao lưu…")
        summary = inspect_database(plain, full_check=False)
        try:
            backup_file(plain, staged, progress=progress)
        except BackupError as exc:
            log.warning("Backup %s refused: %s", source.name, exc.message)
            raise _refuse(source, "tệp bị hỏng (không qua được kiểm tra toàn vẹn)") from exc
        finally:
            if plain != source:
                temp_files.remove(plain)  # the decrypted copy: not a second longer than needed
        if summary.needs_upgrade:
            if progress:
                progress(0, 0, "Đang nâng cấp dữ liệu được khôi phục…")
            migrated_from = migrate(staged, paths.backups, backup=False).from_revision
        if progress:
            progress(0, 0, "Đang khôi phục dữ liệu…")

        def finish(previous: Path | None) -> None:
            if before_swap is not None:
                before_swap(staged, previous)
            _rollback_journal(staged)

        safety_copy, set_aside = _swap(staged, paths, finish, progress)
    finally:
        temp_files.remove(staged)  # gone already when the swap happened
    log.info("Restored %s (safety copy %s, set aside %s)", source.name, safety_copy, set_aside)
    return RestoreResult(summary, safety_copy, set_aside, migrated_from)


def _rollback_journal(path: Path) -> None:
    """Leave ``path`` as one self-contained file: no WAL beside it to be separated from it by a rename."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE").fetchall()


def _exclusive(database: Path) -> sqlite3.Connection:
    """A connection to the live database that has folded its WAL into the file (checkpoint TRUNCATE) and
    left WAL mode, which SQLite allows only when no other connection has the database open: the
    SQLite-level proof that no other program is using it. ``BackupError`` (in use) otherwise."""
    conn = sqlite3.connect(database, timeout=2.0, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        conn.close()
        if kind_of(exc) == BUSY:
            raise BackupError(IN_USE.format(database=database)) from exc
        raise
    if str(mode).lower() != "delete":
        conn.close()
        raise BackupError(IN_USE.format(database=database))
    return conn


def _swap(
    staged: Path, paths: HasDataPaths, finish: Callable[[Path | None], None], progress: Progress | None
) -> tuple[Path | None, Path | None]:
    """Put ``staged`` in place of the live database; returns (safety copy, damaged file set aside).
    ``finish(previous)`` completes the staged file just before the rename."""
    database = paths.database
    if not database.exists() or database.stat().st_size == 0:
        finish(None)
        os.replace(staged, database)
        return None, None
    try:
        conn = _exclusive(database)
    except sqlite3.DatabaseError as exc:
        if kind_of(exc) != CORRUPT:
            raise disk_error(exc, database) from exc
        return None, _replace_damaged(staged, database, finish, exc)
    try:
        # A read transaction: no other connection can commit until it ends, so the copy holds every
        # committed transaction up to the swap.
        conn.execute("BEGIN")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        try:
            safety_copy = make_backup(
                database, paths.backups, KIND_BEFORE_RESTORE, progress=progress, source_connection=conn
            )
        except BackupError as exc:  # only a damaged current database: disk failures stop the restore
            conn.close()
            return None, _replace_damaged(staged, database, finish, exc)
        finish(safety_copy)
    finally:
        conn.close()
    intruders = [p for p in _wal_files(database) if p.exists()]
    if intruders:  # someone opened the database after our check: their WAL must not meet the new file
        raise BackupError(IN_USE.format(database=database))
    os.replace(staged, database)
    return safety_copy, None


def _replace_damaged(
    staged: Path, database: Path, finish: Callable[[Path | None], None], why: BaseException
) -> Path:
    log.warning("Current database is damaged (%s); setting it aside", why)
    set_aside = set_aside_damaged(database)
    finish(set_aside)
    os.replace(staged, database)
    return set_aside


def recover_from_backup(
    paths: HasDataPaths,
    backup: Path,
    *,
    progress: Progress | None = None,
    before_swap: BeforeSwap | None = None,
) -> RestoreResult:
    """Set the damaged database aside (renamed, never deleted), then restore ``backup`` into its place."""
    set_aside = set_aside_damaged(paths.database) if paths.database.exists() else None
    result = restore_database(backup, paths, progress=progress, before_swap=before_swap)
    return RestoreResult(result.summary, result.safety_copy, set_aside, result.migrated_from)
