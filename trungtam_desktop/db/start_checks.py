"""What a program checks when it opens a data folder, in two steps that can run apart.

1. ``check_at_start`` (every start, before anything opens the database): sweep the temporary files left by
   a crash, then a cheap check of the database — its header, its length, and ``PRAGMA quick_check`` (every
   page and b-tree read once; about 0.3 s warm and 1.3 s from a cold disk on the large demo's 120 MB,
   ``tests/benchmarks/bench_start_check.py``), which finds the damage a power cut or a failing disk leaves
   in the middle of the file, not only at its ends.
2. ``daily_step`` (the first start of a day): the automatic backup, whose copy gets the full
   ``integrity_check``; a copy that fails it makes us check the database itself. Its outcome is kept in
   ``DailyBackup`` so that the window can say when the last good backup was and why today's failed.

The two steps are separate so that the daily step can later run behind the open window.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trungtam_desktop.db import temp_files
from trungtam_desktop.db.backup import (
    ENCRYPTED_SUFFIX,
    SUFFIX,
    BackupError,
    HasDataPaths,
    Progress,
    daily_backup,
    integrity_problem,
    last_backup,
    looks_like_sqlite,
    parse_backup_name,
    pragma_problem,
    truncated,
)
from trungtam_desktop.db.restore import DatabaseSummary, inspect_database
from trungtam_desktop.disk_errors import DiskError, disk_error

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartCheck:
    """The database's state at start: ``damaged`` carries a Vietnamese ``problem``."""

    damaged: bool
    problem: str = ""


@dataclass(frozen=True)
class DailyBackup:
    """The automatic backup of the day: made now, made earlier today (``made`` None), or failed."""

    made: Path | None = None
    failure: str | None = None  # why today's copy could not be made, in Vietnamese
    last: datetime | None = None  # when the newest backup in backups/ was made
    damaged: str | None = None  # the copy failed its check because the database itself is damaged


def sweep_leftovers(paths: HasDataPaths) -> list[Path]:
    """Temporary files of crashed programs in the data folder, its backups and the system's temporary folder
    (the caller holds the lock; files of programs still running are kept)."""
    removed = temp_files.sweep([paths.database.parent, paths.backups])
    return removed + temp_files.sweep([temp_files.system_folder()], legacy=False)


def _backups_newest_first(folder: Path) -> list[Path]:
    found = []
    for path in folder.glob(f"trungtam_*{SUFFIX}") if folder.is_dir() else ():
        parsed = parse_backup_name(path.name)
        if parsed and not path.name.endswith(ENCRYPTED_SUFFIX):
            found.append((parsed.created, path.stat().st_mtime_ns, path))
    return [path for _created, _name, path in sorted(found, reverse=True)]


def quick_problem(database: Path, backups: Path) -> str | None:
    """The cheap check of the database at start. None when it looks sound or does not exist; a disk
    failure (an unreadable folder, say) raises ``DiskError``: that is not a damaged database."""
    try:
        if not database.exists():
            return None
        size = database.stat().st_size
    except OSError as exc:
        raise disk_error(exc, database) from exc
    if size == 0:
        # A new, empty file is fine; a zeroed file where backups exist means the data was lost.
        return "tệp cơ sở dữ liệu trống (0 byte)" if _backups_newest_first(backups) else None
    if not looks_like_sqlite(database):
        return "tệp cơ sở dữ liệu không còn là tệp SQLite (có thể bị ghi đè hoặc bị virus phá)"
    if truncated(database):
        return "tệp cơ sở dữ liệu bị cắt cụt (thiếu phần cuối)"
    return pragma_problem(database, "quick_check")


def check_at_start(paths: HasDataPaths) -> StartCheck:
    """Sweep the leftovers of a crash, then the cheap check (``quick_problem``)."""
    sweep_leftovers(paths)
    problem = quick_problem(paths.database, paths.backups)
    return StartCheck(True, problem) if problem else StartCheck(False)


def daily_step(
    paths: HasDataPaths, *, now: datetime | None = None, progress: Progress | None = None
) -> DailyBackup:
    """Today's automatic backup if there is none yet. Never raises for a failed copy: the failure is
    returned for the window to show until a later copy succeeds."""
    try:
        made = daily_backup(paths, now=now, progress=progress)
    except BackupError as exc:
        try:
            deep = integrity_problem(paths.database)
        except DiskError:
            deep = None
        if deep:
            return DailyBackup(damaged=deep, last=last_backup(paths.backups))
        log.warning("Daily backup failed: %s", exc.message)
        return DailyBackup(failure=exc.message, last=last_backup(paths.backups))
    except DiskError as exc:  # a full disk or a read-only backup folder must not stop the program
        log.warning("Daily backup failed: %s", exc.message)
        return DailyBackup(failure=exc.message, last=last_backup(paths.backups))
    except (OSError, sqlite3.DatabaseError) as exc:
        failure = disk_error(exc, paths.backups, "thư mục").message
        log.warning("Daily backup failed: %s", failure)
        return DailyBackup(failure=failure, last=last_backup(paths.backups))
    if made:
        log.info("Daily backup %s", made.name)
    return DailyBackup(made=made, last=last_backup(paths.backups))


def newest_good_backup(folder: Path) -> DatabaseSummary | None:
    """The newest backup in ``folder`` that passes every check of restore (None when there is none)."""
    for path in _backups_newest_first(folder):
        try:
            return inspect_database(path)
        except (BackupError, DiskError) as exc:
            log.warning("Backup %s is not usable: %s", path.name, exc.message)
    return None
